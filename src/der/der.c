/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * der: the typed wrapper over libtasn1. The length-query-then-read pattern
 * and every int/size_t conversion live here, once.
 */
#include "der/der.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

extern const asn1_static_node smime_cms_asn1_tab[];

/* ------------------------------------------------------------------ */
/* Definitions: built once, immutable afterwards                        */
/* ------------------------------------------------------------------ */

static pthread_once_t definitions_once = PTHREAD_ONCE_INIT;
static asn1_node definitions;
static int definitions_rc = SMIME_E_INTERNAL;

static void build_definitions(void)
{
	char err[ASN1_MAX_ERROR_DESCRIPTION_SIZE] = "";
	asn1_node defs = NULL;
	int rc = asn1_array2tree(smime_cms_asn1_tab, &defs, err);

	if (rc != ASN1_SUCCESS) {
		/* the module is compiled in: failing here is a bug */
		definitions_rc = rc == ASN1_MEM_ALLOC_ERROR ? SMIME_E_NO_MEMORY
							    : SMIME_E_INTERNAL;
		return;
	}
	definitions = defs;
	definitions_rc = SMIME_OK;
}

int smime_der__definitions(asn1_node *out)
{
	if (out == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (pthread_once(&definitions_once, build_definitions) != 0)
		return SMIME_E_INTERNAL;
	if (definitions_rc != SMIME_OK)
		return definitions_rc;
	*out = definitions;
	return SMIME_OK;
}

/* ------------------------------------------------------------------ */
/* Errors                                                               */
/* ------------------------------------------------------------------ */

int smime_der__err(int asn1_rc)
{
	switch (asn1_rc) {
	case ASN1_SUCCESS:
		return SMIME_OK;
	case ASN1_MEM_ERROR:
	case ASN1_MEM_ALLOC_ERROR:
		return SMIME_E_NO_MEMORY;
	case ASN1_ELEMENT_NOT_FOUND:
	case ASN1_VALUE_NOT_FOUND:
	case ASN1_DER_ERROR:
	case ASN1_DER_OVERFLOW:
	case ASN1_TAG_ERROR:
	case ASN1_TAG_IMPLICIT:
	case ASN1_ERROR_TYPE_ANY:
	case ASN1_TIME_ENCODING_ERROR:
	case ASN1_GENERIC_ERROR:
		return SMIME_E_MALFORMED;
	case ASN1_RECURSION:
		return SMIME_E_LIMIT;
	case ASN1_VALUE_NOT_VALID:
		return SMIME_E_INVALID_ARGUMENT;
	case ASN1_FILE_NOT_FOUND:
	case ASN1_IDENTIFIER_NOT_FOUND:
	case ASN1_SYNTAX_ERROR:
	case ASN1_NAME_TOO_LONG:
	case ASN1_ARRAY_ERROR:
	case ASN1_ELEMENT_NOT_EMPTY:
	default:
		return SMIME_E_INTERNAL;
	}
}

/* libtasn1 takes int lengths */
static int to_int(size_t len, int *out)
{
	if (len > INT_MAX)
		return SMIME_E_LIMIT;
	*out = (int)len;
	return SMIME_OK;
}

static const char *path_or_root(const char *path)
{
	return path != NULL ? path : "";
}

/* ------------------------------------------------------------------ */
/* Nodes                                                                */
/* ------------------------------------------------------------------ */

int smime_der__create(asn1_node *out, const char *type)
{
	asn1_node defs, node = NULL;
	int rc;

	if (out == NULL || type == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if ((rc = smime_der__definitions(&defs)) != SMIME_OK)
		return rc;
	rc = asn1_create_element(defs, type, &node);
	if (rc != ASN1_SUCCESS)
		/* an unknown type name is a bug in the caller */
		return rc == ASN1_ELEMENT_NOT_FOUND ? SMIME_E_INTERNAL
						    : smime_der__err(rc);
	*out = node;
	return SMIME_OK;
}

int smime_der__decode(asn1_node *out, const char *type, const uint8_t *der,
		      size_t len)
{
	char err[ASN1_MAX_ERROR_DESCRIPTION_SIZE] = "";
	asn1_node node = NULL;
	int ilen, rc;

	if (out == NULL || (der == NULL && len > 0))
		return SMIME_E_INVALID_ARGUMENT;
	if (len == 0)
		return SMIME_E_MALFORMED;
	if ((rc = to_int(len, &ilen)) != SMIME_OK)
		return rc;
	if ((rc = smime_der__create(&node, type)) != SMIME_OK)
		return rc;
	/* No flags: BER forms libtasn1 understands are welcome (the input
	 * went through smime_der__normalize), and trailing bytes are an
	 * error (ASN1_DER_ERROR). On failure libtasn1 deletes the node. */
	rc = asn1_der_decoding2(&node, der, &ilen, 0, err);
	if (rc != ASN1_SUCCESS) {
		smime_der__free(&node);
		return rc == ASN1_MEM_ALLOC_ERROR ? SMIME_E_NO_MEMORY
						  : SMIME_E_MALFORMED;
	}
	if ((size_t)ilen != len) {
		smime_der__free(&node);
		return SMIME_E_MALFORMED;
	}
	*out = node;
	return SMIME_OK;
}

void smime_der__free(asn1_node *node)
{
	if (node == NULL || *node == NULL)
		return;
	/* values may be key material: zeroise */
	asn1_delete_structure2(node, ASN1_DELETE_FLAG_ZEROIZE);
	*node = NULL;
}

int smime_der__encode(smime_buf *out, asn1_node node, const char *path)
{
	char err[ASN1_MAX_ERROR_DESCRIPTION_SIZE] = "";
	smime_buf res = SMIME_BUF_INIT;
	int ilen = 0, rc;

	if (out == NULL || node == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	path = path_or_root(path);
	rc = asn1_der_coding(node, path, NULL, &ilen, err);
	if (rc != ASN1_MEM_ERROR) {
		/* an incomplete structure (a mandatory value not written)
		 * is the caller's bug */
		return rc == ASN1_SUCCESS || rc == ASN1_VALUE_NOT_FOUND ||
		       rc == ASN1_ELEMENT_NOT_FOUND ? SMIME_E_INTERNAL
						    : smime_der__err(rc);
	}
	if (ilen <= 0)
		return SMIME_E_INTERNAL;
	if ((rc = smime_buf__reserve(&res, (size_t)ilen)) != SMIME_OK)
		return rc;
	int cap = ilen;
	rc = asn1_der_coding(node, path, res.data, &ilen, err);
	if (rc != ASN1_SUCCESS || ilen <= 0 || ilen > cap) {
		smime_buf_free(&res);
		return rc == ASN1_SUCCESS ? SMIME_E_INTERNAL : smime_der__err(rc);
	}
	res.len = (size_t)ilen;
	res.data[res.len] = 0;
	smime_buf__move(out, &res);
	return SMIME_OK;
}

int smime_der__range(asn1_node node, const uint8_t *der, size_t len,
		     const char *path, size_t *start, size_t *end)
{
	int ilen, s = 0, e = 0, rc;

	if (node == NULL || der == NULL || start == NULL || end == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if ((rc = to_int(len, &ilen)) != SMIME_OK)
		return rc;
	rc = asn1_der_decoding_startEnd(node, der, ilen, path_or_root(path),
					&s, &e);
	if (rc != ASN1_SUCCESS)
		return smime_der__err(rc);
	/* libtasn1 gives the index of the last byte; we return one past */
	if (s < 0 || e < s || (size_t)e >= len)
		return SMIME_E_MALFORMED;
	*start = (size_t)s;
	*end = (size_t)e + 1;
	return SMIME_OK;
}

/* ------------------------------------------------------------------ */
/* Reading                                                              */
/* ------------------------------------------------------------------ */

static bool is_structured(unsigned int etype)
{
	switch (etype) {
	case ASN1_ETYPE_SEQUENCE:
	case ASN1_ETYPE_SEQUENCE_OF:
	case ASN1_ETYPE_SET:
	case ASN1_ETYPE_SET_OF:
		return true;
	default:
		return false;
	}
}

/* Type of the element at path, without reading its value. */
static int node_type(asn1_node node, const char *path, unsigned int *etype)
{
	asn1_data_node_st data;
	asn1_node p = asn1_find_node(node, path_or_root(path));

	if (p == NULL)
		return SMIME_E_MALFORMED;
	if (asn1_read_node_value(p, &data) != ASN1_SUCCESS)
		return SMIME_E_INTERNAL;
	*etype = data.type;
	return SMIME_OK;
}

bool smime_der__exists(asn1_node node, const char *path)
{
	unsigned int etype;
	int len = 0, rc;

	if (node == NULL)
		return false;
	/* An absent OPTIONAL element is removed from the tree by decoding
	 * (and by smime_der__omit). Structured elements have no value of
	 * their own: their presence is the presence of the node. */
	if (node_type(node, path, &etype) != SMIME_OK)
		return false;
	if (is_structured(etype))
		return true;
	rc = asn1_read_value(node, path_or_root(path), NULL, &len);
	return rc == ASN1_SUCCESS || rc == ASN1_MEM_ERROR;
}

int smime_der__read(smime_buf *out, asn1_node node, const char *path)
{
	smime_buf res = SMIME_BUF_INIT;
	unsigned int etype = 0;
	int ilen = 0, cap, rc;
	size_t need;

	if (out == NULL || node == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	path = path_or_root(path);
	rc = asn1_read_value_type(node, path, NULL, &ilen, &etype);
	if (rc == ASN1_SUCCESS) {
		/* present and empty */
		ilen = 0;
	} else if (rc != ASN1_MEM_ERROR) {
		return rc == ASN1_ELEMENT_NOT_FOUND || rc == ASN1_VALUE_NOT_FOUND
			       ? SMIME_E_MALFORMED
			       : smime_der__err(rc);
	}
	if (ilen < 0)
		return SMIME_E_INTERNAL;
	/* BIT STRING lengths are in bits */
	need = etype == ASN1_ETYPE_BIT_STRING ? ((size_t)ilen + 7) / 8
					      : (size_t)ilen;
	if ((rc = smime_buf__reserve(&res, need)) != SMIME_OK)
		return rc;
	if (need > 0) {
		if ((rc = to_int(need, &cap)) != SMIME_OK) {
			smime_buf_free(&res);
			return rc;
		}
		ilen = cap;
		rc = asn1_read_value(node, path, res.data, &ilen);
		if (rc != ASN1_SUCCESS) {
			smime_buf_free_secret(&res);
			return smime_der__err(rc);
		}
		if (etype == ASN1_ETYPE_BIT_STRING)
			ilen = (int)(((size_t)ilen + 7) / 8);
		if (ilen < 0 || ilen > cap) {
			smime_buf_free_secret(&res);
			return SMIME_E_INTERNAL;
		}
		res.len = (size_t)ilen;
	}
	res.data[res.len] = 0;
	smime_buf__move(out, &res);
	return SMIME_OK;
}

/* Reads a value into a caller buffer; *len in: size, out: length. */
static int read_small(asn1_node node, const char *path, void *buf, size_t *len,
		      unsigned int *etype)
{
	int ilen, rc;

	if ((rc = to_int(*len, &ilen)) != SMIME_OK)
		return rc;
	rc = asn1_read_value_type(node, path_or_root(path), buf, &ilen, etype);
	if (rc == ASN1_MEM_ERROR)
		return SMIME_E_LIMIT;
	if (rc != ASN1_SUCCESS)
		return smime_der__err(rc);
	if (ilen < 0 || (size_t)ilen > *len)
		return SMIME_E_INTERNAL;
	*len = (size_t)ilen;
	return SMIME_OK;
}

int smime_der__read_oid(asn1_node node, const char *path, char oid[SMIME_OID_MAX])
{
	unsigned int etype = 0;
	size_t len = SMIME_OID_MAX;
	int rc;

	if (node == NULL || oid == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	oid[0] = 0;
	if ((rc = node_type(node, path, &etype)) != SMIME_OK)
		return rc;
	if (etype != ASN1_ETYPE_OBJECT_ID)
		return SMIME_E_INTERNAL;
	if ((rc = read_small(node, path, oid, &len, &etype)) != SMIME_OK)
		return rc;
	/* libtasn1 counts the terminating NUL */
	if (len == 0 || oid[len - 1] != 0) {
		oid[0] = 0;
		return SMIME_E_MALFORMED;
	}
	return SMIME_OK;
}

int smime_der__read_uint(asn1_node node, const char *path, unsigned long *out)
{
	unsigned char v[sizeof(unsigned long) + 1];
	unsigned int etype = 0;
	size_t len = sizeof v;
	unsigned long r = 0;
	size_t i = 0;
	int rc;

	if (node == NULL || out == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if ((rc = node_type(node, path, &etype)) != SMIME_OK)
		return rc;
	if (etype != ASN1_ETYPE_INTEGER && etype != ASN1_ETYPE_ENUMERATED)
		return SMIME_E_INTERNAL;
	/* two's complement, big endian; one spare octet for a leading 0 */
	rc = read_small(node, path, v, &len, &etype);
	if (rc == SMIME_E_LIMIT)
		return rc; /* longer than any unsigned long */
	if (rc != SMIME_OK)
		return rc;
	if (len == 0 || (v[0] & 0x80))
		return SMIME_E_MALFORMED; /* empty or negative */
	while (i < len - 1 && v[i] == 0)
		i++;
	if (len - i > sizeof(unsigned long))
		return SMIME_E_LIMIT;
	for (; i < len; i++)
		r = (r << 8) | v[i];
	*out = r;
	return SMIME_OK;
}

int smime_der__count(asn1_node node, const char *path, unsigned *out)
{
	int n = 0, rc;

	if (node == NULL || out == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	rc = asn1_number_of_elements(node, path_or_root(path), &n);
	if (rc == ASN1_ELEMENT_NOT_FOUND) {
		*out = 0; /* absent */
		return SMIME_OK;
	}
	if (rc != ASN1_SUCCESS)
		return smime_der__err(rc);
	if (n < 0)
		return SMIME_E_INTERNAL;
	*out = (unsigned)n;
	return SMIME_OK;
}

int smime_der__read_choice(asn1_node node, const char *path, char *name, size_t size)
{
	unsigned int etype = 0;
	size_t len = size;
	int rc;

	if (node == NULL || name == NULL || size == 0)
		return SMIME_E_INVALID_ARGUMENT;
	name[0] = 0;
	if ((rc = node_type(node, path, &etype)) != SMIME_OK)
		return rc;
	if (etype != ASN1_ETYPE_CHOICE)
		return SMIME_E_INTERNAL;
	rc = read_small(node, path, name, &len, &etype);
	if (rc == SMIME_E_LIMIT)
		return SMIME_E_INVALID_ARGUMENT; /* caller buffer too small */
	if (rc != SMIME_OK)
		return rc;
	if (len == 0 || name[len - 1] != 0) {
		name[0] = 0;
		return SMIME_E_MALFORMED;
	}
	return SMIME_OK;
}

/* ------------------------------------------------------------------ */
/* Time                                                                 */
/* ------------------------------------------------------------------ */

/* Days since 1970-01-01 of a proleptic Gregorian date (eras of 400
 * years, March-based years so that the leap day comes last). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);			/* [0, 399] */
	unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;	/* [0, 365] */
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;		/* [0, 146096] */
	return era * 146097 + (int64_t)doe - 719468;
}

/* Inverse of days_from_civil. */
static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static bool is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned days_in_month(int64_t y, unsigned m)
{
	static const unsigned char mdays[12] = { 31, 28, 31, 30, 31, 30,
						 31, 31, 30, 31, 30, 31 };
	return m == 2 && is_leap(y) ? 29 : mdays[m - 1];
}

/* Reads n decimal digits at *p; false if they are not all digits. */
static bool digits(const char **p, const char *end, unsigned n, unsigned *v)
{
	unsigned r = 0;
	if ((size_t)(end - *p) < n)
		return false;
	for (unsigned i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return false;
		r = r * 10 + (unsigned)(c - '0');
	}
	*p += n;
	*v = r;
	return true;
}

/* UTCTime (X.680 47): YYMMDDhhmm[ss](Z|(+|-)hhmm).
 * GeneralizedTime (X.680 46): YYYYMMDDhh[mm[ss]][(.|,)f+](Z|(+|-)hh[mm]).
 * Local time without a zone is refused: it is ambiguous. */
static int parse_time(const char *s, size_t len, bool utc, int64_t *out)
{
	const char *p = s, *end = s + len;
	unsigned yy, mo, d, h, mi = 0, sec = 0;
	int64_t year;

	if (utc) {
		if (!digits(&p, end, 2, &yy))
			return SMIME_E_MALFORMED;
		/* RFC 5280 4.1.2.5.1 */
		year = yy < 50 ? 2000 + (int64_t)yy : 1900 + (int64_t)yy;
	} else {
		if (!digits(&p, end, 4, &yy))
			return SMIME_E_MALFORMED;
		year = yy;
	}
	if (!digits(&p, end, 2, &mo) || !digits(&p, end, 2, &d) ||
	    !digits(&p, end, 2, &h))
		return SMIME_E_MALFORMED;
	if (utc) {
		if (!digits(&p, end, 2, &mi))
			return SMIME_E_MALFORMED;
		if (p < end && *p >= '0' && *p <= '9' &&
		    !digits(&p, end, 2, &sec))
			return SMIME_E_MALFORMED;
	} else if (p < end && *p >= '0' && *p <= '9') {
		if (!digits(&p, end, 2, &mi))
			return SMIME_E_MALFORMED;
		if (p < end && *p >= '0' && *p <= '9' &&
		    !digits(&p, end, 2, &sec))
			return SMIME_E_MALFORMED;
		if (p < end && (*p == '.' || *p == ',')) {
			/* fraction of a second: dropped */
			p++;
			if (p == end || *p < '0' || *p > '9')
				return SMIME_E_MALFORMED;
			while (p < end && *p >= '0' && *p <= '9')
				p++;
		}
	}
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(year, mo) ||
	    h > 23 || mi > 59 || sec > 60)
		return SMIME_E_MALFORMED;

	int64_t offset = 0;
	if (p == end)
		return SMIME_E_MALFORMED; /* local time */
	if (*p == 'Z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p++ == '+' ? 1 : -1;
		unsigned oh, om = 0;
		if (!digits(&p, end, 2, &oh))
			return SMIME_E_MALFORMED;
		if ((utc || p < end) && !digits(&p, end, 2, &om))
			return SMIME_E_MALFORMED;
		if (oh > 23 || om > 59)
			return SMIME_E_MALFORMED;
		offset = sign * (int64_t)(oh * 3600 + om * 60);
	} else {
		return SMIME_E_MALFORMED;
	}
	if (p != end)
		return SMIME_E_MALFORMED;
	*out = days_from_civil(year, mo, d) * 86400 + (int64_t)h * 3600 +
	       (int64_t)mi * 60 + (int64_t)sec - offset;
	return SMIME_OK;
}

int smime_der__read_time(asn1_node node, const char *path, int64_t *out)
{
	char value[64], sub[ASN1_MAX_NAME_SIZE * 8];
	unsigned int etype = 0;
	size_t len = sizeof value - 1;
	int rc;

	if (node == NULL || out == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	path = path_or_root(path);
	if ((rc = node_type(node, path, &etype)) != SMIME_OK)
		return rc;
	if (etype == ASN1_ETYPE_CHOICE) {
		char alt[ASN1_MAX_NAME_SIZE + 1];
		if ((rc = smime_der__read_choice(node, path, alt, sizeof alt)) != SMIME_OK)
			return rc;
		int n = snprintf(sub, sizeof sub, "%s%s%s", path,
				 path[0] ? "." : "", alt);
		if (n < 0 || (size_t)n >= sizeof sub)
			return SMIME_E_INTERNAL;
		path = sub;
	}
	rc = read_small(node, path, value, &len, &etype);
	if (rc == SMIME_E_LIMIT)
		return SMIME_E_MALFORMED; /* no valid time is that long */
	if (rc != SMIME_OK)
		return rc;
	if (etype != ASN1_ETYPE_UTC_TIME && etype != ASN1_ETYPE_GENERALIZED_TIME)
		return SMIME_E_INTERNAL;
	/* libtasn1 may or may not count a terminating NUL */
	while (len > 0 && value[len - 1] == 0)
		len--;
	return parse_time(value, len, etype == ASN1_ETYPE_UTC_TIME, out);
}

/* ------------------------------------------------------------------ */
/* Writing                                                              */
/* ------------------------------------------------------------------ */

static int write_rc(int rc)
{
	if (rc == ASN1_SUCCESS)
		return SMIME_OK;
	/* a path that is not in the schema is a bug in the caller */
	if (rc == ASN1_ELEMENT_NOT_FOUND)
		return SMIME_E_INTERNAL;
	return smime_der__err(rc);
}

int smime_der__write(asn1_node node, const char *path, const void *data, size_t len)
{
	int ilen, rc;

	if (node == NULL || (data == NULL && len > 0))
		return SMIME_E_INVALID_ARGUMENT;
	if ((rc = to_int(len, &ilen)) != SMIME_OK)
		return rc;
	/* libtasn1 reads len 0 as "NUL-terminated string" and a NULL value
	 * as "remove the element": an empty value is written as "". */
	if (len == 0)
		data = "";
	return write_rc(asn1_write_value(node, path_or_root(path), data, ilen));
}

int smime_der__write_str(asn1_node node, const char *path, const char *value)
{
	if (node == NULL || value == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	return write_rc(asn1_write_value(node, path_or_root(path), value, 0));
}

int smime_der__write_uint(asn1_node node, const char *path, unsigned long v)
{
	unsigned char b[sizeof(unsigned long) + 1];
	size_t n = sizeof b;

	if (node == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	/* minimal two's complement, big endian */
	do {
		b[--n] = (unsigned char)(v & 0xff);
		v >>= 8;
	} while (v > 0);
	if (b[n] & 0x80)
		b[--n] = 0;
	return write_rc(asn1_write_value(node, path_or_root(path), b + n,
					 (int)(sizeof b - n)));
}

int smime_der__append(asn1_node node, const char *path)
{
	if (node == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	return write_rc(asn1_write_value(node, path_or_root(path), "NEW", 1));
}

int smime_der__omit(asn1_node node, const char *path)
{
	if (node == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	return write_rc(asn1_write_value(node, path_or_root(path), NULL, 0));
}

int smime_der__write_time(asn1_node node, const char *path, int64_t t)
{
	char value[32], sub[ASN1_MAX_NAME_SIZE * 8];
	unsigned int etype = 0;
	int64_t days = t / 86400, secs = t % 86400, year;
	unsigned m, d;
	int n, rc;

	if (node == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (secs < 0) {
		secs += 86400;
		days--;
	}
	civil_from_days(days, &year, &m, &d);
	if (year < 0 || year > 9999)
		return SMIME_E_INVALID_ARGUMENT;
	path = path_or_root(path);
	if ((rc = node_type(node, path, &etype)) != SMIME_OK)
		return SMIME_E_INTERNAL;

	bool utc = year >= 1950 && year <= 2049;
	if (etype == ASN1_ETYPE_CHOICE) {
		const char *alt = utc ? "utcTime" : "generalTime";
		if ((rc = smime_der__write_str(node, path, alt)) != SMIME_OK)
			return rc;
		n = snprintf(sub, sizeof sub, "%s%s%s", path, path[0] ? "." : "", alt);
		if (n < 0 || (size_t)n >= sizeof sub)
			return SMIME_E_INTERNAL;
		path = sub;
	} else if (etype == ASN1_ETYPE_GENERALIZED_TIME) {
		utc = false;
	} else if (etype == ASN1_ETYPE_UTC_TIME) {
		if (!utc)
			return SMIME_E_INVALID_ARGUMENT;
	} else {
		return SMIME_E_INTERNAL;
	}
	unsigned hh = (unsigned)(secs / 3600), mi = (unsigned)(secs / 60 % 60),
		 ss = (unsigned)(secs % 60);
	if (utc)
		n = snprintf(value, sizeof value, "%02u%02u%02u%02u%02u%02uZ",
			     (unsigned)(year % 100), m, d, hh, mi, ss);
	else
		n = snprintf(value, sizeof value, "%04u%02u%02u%02u%02u%02uZ",
			     (unsigned)year, m, d, hh, mi, ss);
	if (n < 0 || (size_t)n >= sizeof value)
		return SMIME_E_INTERNAL;
	return smime_der__write_str(node, path, value);
}
