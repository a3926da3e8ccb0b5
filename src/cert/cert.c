/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * smime_cert: one X.509 certificate (a GnuTLS certificate plus the bytes it
 * came from and the fields CMS matches on), and the small PEM / DER helpers
 * the cert layer shares.
 */
#include "cert/cert-private.h"

#include <stdlib.h>
#include <string.h>

#include <gnutls/x509-ext.h>

/* --- GnuTLS errors -------------------------------------------------------- */

int smime_cert__gnutls_err(int gnutls_rc, int fallback)
{
	switch (gnutls_rc) {
	case GNUTLS_E_SUCCESS:
		return SMIME_OK;
	case GNUTLS_E_MEMORY_ERROR:
		return SMIME_E_NO_MEMORY;
	case GNUTLS_E_FILE_ERROR:
		return SMIME_E_IO;
	case GNUTLS_E_UNKNOWN_CIPHER_TYPE:
	case GNUTLS_E_UNKNOWN_HASH_ALGORITHM:
	case GNUTLS_E_UNKNOWN_PK_ALGORITHM:
	case GNUTLS_E_UNKNOWN_ALGORITHM:
	case GNUTLS_E_UNKNOWN_CIPHER_SUITE:
	case GNUTLS_E_UNIMPLEMENTED_FEATURE:
	case GNUTLS_E_ECC_UNSUPPORTED_CURVE:
		return SMIME_E_UNSUPPORTED;
	default:
		return fallback;
	}
}

/* --- PEM and DER framing -------------------------------------------------- */

static const char pem_begin[] = "-----BEGIN ";
static const char pem_dashes[] = "-----";
static const char pem_end[] = "-----END ";

/* Finds "-----BEGIN " at the start of a line, at or after from. */
static const char *find_begin(const char *s, size_t len, size_t from)
{
	while (from < len) {
		const char *p = memmem(s + from, len - from, pem_begin,
				       sizeof(pem_begin) - 1);
		if (p == NULL)
			return NULL;
		if (p == s || p[-1] == '\n' || p[-1] == '\r')
			return p;
		from = (size_t)(p - s) + 1;
	}
	return NULL;
}

static const char *line_end(const char *p, const char *lim)
{
	const char *nl = memchr(p, '\n', (size_t)(lim - p));
	return nl ? nl + 1 : lim;
}

static bool line_is_blank(const char *p, const char *e)
{
	for (; p < e; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
			return false;
	return true;
}

bool smime_cert__is_pem(const uint8_t *data, size_t len)
{
	return data != NULL && find_begin((const char *)data, len, 0) != NULL;
}

bool smime_cert__pem_is(const smime_pem_block *blk, const char *label)
{
	size_t n = strlen(label);
	return blk->label_len == n && memcmp(blk->label, label, n) == 0;
}

/* Skips RFC 1421 headers ("Name: value" lines up to a blank line) at the
 * start of the body and notes a Proc-Type: 4,ENCRYPTED header. */
static void skip_headers(smime_pem_block *blk)
{
	const char *p = blk->body, *lim = blk->body + blk->body_len;
	const char *e = line_end(p, lim);

	if (memchr(p, ':', (size_t)(e - p)) == NULL)
		return;
	while (p < lim) {
		e = line_end(p, lim);
		if (line_is_blank(p, e)) {
			p = e;
			break;
		}
		if ((size_t)(e - p) >= 10 && strncmp(p, "Proc-Type:", 10) == 0 &&
		    memmem(p, (size_t)(e - p), "ENCRYPTED", 9) != NULL)
			blk->encrypted = true;
		p = e;
	}
	blk->body = p;
	blk->body_len = (size_t)(lim - p);
}

int smime_cert__pem_next(const uint8_t *data, size_t len, size_t *pos,
			 smime_pem_block *blk)
{
	const char *s = (const char *)data;
	const char *lim = s + len;

	if (data == NULL || *pos >= len)
		return SMIME_E_MALFORMED;
	for (size_t from = *pos; from < len;) {
		const char *b = find_begin(s, len, from);
		if (b == NULL)
			return SMIME_E_MALFORMED;
		const char *label = b + sizeof(pem_begin) - 1;
		const char *eol = line_end(label, lim);
		const char *dash = memmem(label, (size_t)(eol - label),
					  pem_dashes, sizeof(pem_dashes) - 1);
		from = (size_t)(eol - s);
		if (dash == NULL || dash == label)
			continue;

		memset(blk, 0, sizeof(*blk));
		blk->begin = b;
		blk->label = label;
		blk->label_len = (size_t)(dash - label);
		blk->body = eol;

		/* Find "-----END <label>-----" at the start of a line. */
		const char *q = eol;
		for (;;) {
			q = memmem(q, (size_t)(lim - q), pem_end, sizeof(pem_end) - 1);
			if (q == NULL)
				return SMIME_E_MALFORMED;
			const char *ql = q + sizeof(pem_end) - 1;
			if ((q[-1] == '\n' || q[-1] == '\r') &&
			    (size_t)(lim - ql) >= blk->label_len + 5 &&
			    memcmp(ql, blk->label, blk->label_len) == 0 &&
			    memcmp(ql + blk->label_len, pem_dashes, 5) == 0)
				break;
			q = ql;
		}
		blk->body_len = (size_t)(q - blk->body);
		blk->end = line_end(q, lim);
		skip_headers(blk);
		*pos = (size_t)(blk->end - s);
		return SMIME_OK;
	}
	return SMIME_E_MALFORMED;
}

int smime_cert__tlv_len(const uint8_t *data, size_t len, size_t *tlv_len)
{
	smime_tlv t;
	size_t pos = 0;
	int rc = smime_tlv__next(data, len, &pos, &t);

	if (rc == SMIME_OK)
		*tlv_len = t.raw_len;
	return rc;
}

/* The serialNumber INTEGER of a Certificate, as its content octets (GnuTLS
 * drops the leading zero octet of a positive serial with its top bit set,
 * which CMS identifiers must repeat exactly). */
static int find_serial(const uint8_t *der, size_t len, const uint8_t **serial,
		       size_t *serial_len)
{
	smime_cert_parts parts;
	int rc = smime_cert__split(der, len, &parts);

	if (rc != SMIME_OK)
		return rc;
	*serial = parts.serial.val;
	*serial_len = parts.serial.len;
	return SMIME_OK;
}

/* --- loading -------------------------------------------------------------- */

static int datum_size(size_t len, unsigned *out)
{
	if (len > (size_t)UINT32_MAX || len > (size_t)(unsigned)-1)
		return SMIME_E_LIMIT;
	*out = (unsigned)len;
	return SMIME_OK;
}

int smime_cert__from_der(smime_cert **out, const uint8_t *der, size_t len)
{
	smime_cert *c;
	gnutls_datum_t d, dn = { NULL, 0 };
	const uint8_t *serial;
	size_t tlv, serial_len;
	unsigned dsize;
	int rc, grc;

	if (out == NULL || der == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	*out = NULL;
	if ((rc = smime_cert__tlv_len(der, len, &tlv)) != SMIME_OK)
		return rc;
	if (der[0] != 0x30 || tlv != len)
		return SMIME_E_MALFORMED;
	if ((rc = datum_size(len, &dsize)) != SMIME_OK)
		return rc;

	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return SMIME_E_NO_MEMORY;
	c->der = malloc(len);
	if (c->der == NULL) {
		rc = SMIME_E_NO_MEMORY;
		goto fail;
	}
	memcpy(c->der, der, len);
	c->der_len = len;

	if (gnutls_x509_crt_init(&c->crt) < 0) {
		c->crt = NULL;
		rc = SMIME_E_NO_MEMORY;
		goto fail;
	}
	d.data = c->der;
	d.size = dsize;
	grc = gnutls_x509_crt_import(c->crt, &d, GNUTLS_X509_FMT_DER);
	if (grc < 0) {
		rc = smime_cert__gnutls_err(grc, SMIME_E_MALFORMED);
		goto fail;
	}

	grc = gnutls_x509_crt_get_raw_issuer_dn(c->crt, &dn);
	if (grc < 0 || dn.size == 0) {
		rc = grc < 0 ? smime_cert__gnutls_err(grc, SMIME_E_MALFORMED)
			     : SMIME_E_MALFORMED;
		goto fail;
	}
	c->issuer = malloc(dn.size);
	if (c->issuer == NULL) {
		rc = SMIME_E_NO_MEMORY;
		goto fail;
	}
	memcpy(c->issuer, dn.data, dn.size);
	c->issuer_len = dn.size;

	if ((rc = find_serial(c->der, c->der_len, &serial, &serial_len)) != SMIME_OK)
		goto fail;
	if (serial_len > sizeof(c->serial)) {
		rc = SMIME_E_UNSUPPORTED;
		goto fail;
	}
	memcpy(c->serial, serial, serial_len);
	c->serial_len = serial_len;

	gnutls_free(dn.data);
	*out = c;
	return SMIME_OK;
fail:
	gnutls_free(dn.data);
	smime_cert_free(c);
	return rc;
}

static bool is_cert_label(const smime_pem_block *blk)
{
	return smime_cert__pem_is(blk, "CERTIFICATE") ||
	       smime_cert__pem_is(blk, "X509 CERTIFICATE") ||
	       smime_cert__pem_is(blk, "TRUSTED CERTIFICATE");
}

/* The certificate of a decoded PEM body. An OpenSSL "TRUSTED CERTIFICATE"
 * carries trust settings after the certificate: keep only the first TLV. */
static int cert_from_pem_block(smime_cert **out, const smime_pem_block *blk)
{
	smime_buf der = SMIME_BUF_INIT;
	size_t tlv;
	int rc;

	rc = smime_base64__decode(&der, blk->body, blk->body_len);
	if (rc != SMIME_OK)
		goto out;
	if (smime_cert__pem_is(blk, "TRUSTED CERTIFICATE")) {
		if ((rc = smime_cert__tlv_len(der.data, der.len, &tlv)) != SMIME_OK)
			goto out;
		der.len = tlv;
	}
	rc = smime_cert__from_der(out, der.data, der.len);
out:
	smime_buf_free(&der);
	return rc;
}

/* DER input may be followed by whitespace (a stray newline). */
static size_t trim_trailing_space(const uint8_t *data, size_t len)
{
	while (len > 0 && (data[len - 1] == '\n' || data[len - 1] == '\r' ||
			   data[len - 1] == ' ' || data[len - 1] == '\t' ||
			   data[len - 1] == 0))
		len--;
	return len;
}

static int cert_from_der_input(smime_cert **out, const uint8_t *data, size_t len)
{
	size_t tlv;
	int rc = smime_cert__tlv_len(data, len, &tlv);

	if (rc != SMIME_OK)
		return rc;
	if (trim_trailing_space(data + tlv, len - tlv) != 0)
		return SMIME_E_MALFORMED;
	return smime_cert__from_der(out, data, tlv);
}

SMIME_PUBLIC int smime_cert_load_data(smime_cert **out, const void *data,
				      size_t len)
{
	const uint8_t *p = data;
	smime_pem_block blk;
	size_t pos = 0;

	if (out == NULL || (data == NULL && len > 0))
		return SMIME_E_INVALID_ARGUMENT;
	*out = NULL;
	if (len == 0)
		return SMIME_E_MALFORMED;
	if (p[0] == 0x30 && !smime_cert__is_pem(p, len))
		return cert_from_der_input(out, p, len);
	while (smime_cert__pem_next(p, len, &pos, &blk) == SMIME_OK)
		if (is_cert_label(&blk))
			return cert_from_pem_block(out, &blk);
	return SMIME_E_MALFORMED;
}

SMIME_PUBLIC int smime_cert_load_file(smime_cert **out, const char *path)
{
	smime_buf buf = SMIME_BUF_INIT;
	int rc;

	if (out == NULL || path == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	*out = NULL;
	if ((rc = smime_file__read(&buf, path)) != SMIME_OK)
		return rc;
	rc = smime_cert_load_data(out, buf.data, buf.len);
	smime_buf_free(&buf);
	return rc;
}

int smime_certs__parse(smime_certs *list, const uint8_t *data, size_t len)
{
	size_t old = list->count, pos = 0;
	smime_pem_block blk;
	smime_cert *c;
	int rc;

	if (len == 0)
		return SMIME_E_MALFORMED;
	if (data[0] == 0x30 && !smime_cert__is_pem(data, len)) {
		if ((rc = cert_from_der_input(&c, data, len)) != SMIME_OK)
			return rc;
		return smime_certs__push(list, c);
	}
	while (smime_cert__pem_next(data, len, &pos, &blk) == SMIME_OK) {
		if (!is_cert_label(&blk))
			continue;
		if ((rc = cert_from_pem_block(&c, &blk)) != SMIME_OK)
			goto fail;
		if ((rc = smime_certs__push(list, c)) != SMIME_OK)
			goto fail;
	}
	if (list->count == old)
		return SMIME_E_MALFORMED;
	return SMIME_OK;
fail:
	while (list->count > old)
		smime_cert_free(list->items[--list->count]);
	return rc;
}

SMIME_PUBLIC int smime_cert_dup(smime_cert **out, const smime_cert *cert)
{
	if (out == NULL || cert == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	return smime_cert__from_der(out, cert->der, cert->der_len);
}

SMIME_PUBLIC void smime_cert_free(smime_cert *cert)
{
	if (cert == NULL)
		return;
	if (cert->crt != NULL)
		gnutls_x509_crt_deinit(cert->crt);
	free(cert->der);
	free(cert->issuer);
	free(cert);
}

int smime_cert__gnutls_copy(const smime_cert *c, gnutls_x509_crt_t *out)
{
	gnutls_datum_t d;
	unsigned dsize;
	int rc, grc;

	if ((rc = datum_size(c->der_len, &dsize)) != SMIME_OK)
		return rc;
	if (gnutls_x509_crt_init(out) < 0)
		return SMIME_E_NO_MEMORY;
	d.data = c->der;
	d.size = dsize;
	grc = gnutls_x509_crt_import(*out, &d, GNUTLS_X509_FMT_DER);
	if (grc < 0) {
		gnutls_x509_crt_deinit(*out);
		*out = NULL;
		return smime_cert__gnutls_err(grc, SMIME_E_MALFORMED);
	}
	return SMIME_OK;
}

/* --- accessors ------------------------------------------------------------ */

void smime_cert__der(const smime_cert *c, const uint8_t **der, size_t *len)
{
	*der = c->der;
	*len = c->der_len;
}

void smime_cert__issuer_der(const smime_cert *c, const uint8_t **der, size_t *len)
{
	*der = c->issuer;
	*len = c->issuer_len;
}

void smime_cert__serial(const smime_cert *c, const uint8_t **serial, size_t *len)
{
	*serial = c->serial;
	*len = c->serial_len;
}

/* Moves a GnuTLS-allocated string into out (NUL-terminated). */
static int take_datum_string(smime_buf *out, gnutls_datum_t *d)
{
	smime_buf tmp = SMIME_BUF_INIT;
	int rc;

	if (d->size > 0 && memchr(d->data, 0, d->size) != NULL)
		rc = SMIME_E_MALFORMED;
	else if ((rc = smime_buf__reserve(&tmp, 0)) == SMIME_OK)
		rc = smime_buf__append(&tmp, d->data, d->size);
	gnutls_free(d->data);
	d->data = NULL;
	if (rc != SMIME_OK) {
		smime_buf_free(&tmp);
		return rc;
	}
	smime_buf__move(out, &tmp);
	return SMIME_OK;
}

SMIME_PUBLIC int smime_cert_get_subject(smime_buf *out, const smime_cert *cert)
{
	gnutls_datum_t d = { NULL, 0 };
	int grc;

	if (out == NULL || cert == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	grc = gnutls_x509_crt_get_dn3(cert->crt, &d, 0);
	if (grc == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) {
		d.data = NULL; /* empty subject */
		d.size = 0;
	} else if (grc < 0) {
		return smime_cert__gnutls_err(grc, SMIME_E_MALFORMED);
	}
	return take_datum_string(out, &d);
}

SMIME_PUBLIC int smime_cert_get_issuer(smime_buf *out, const smime_cert *cert)
{
	gnutls_datum_t d = { NULL, 0 };
	int grc;

	if (out == NULL || cert == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	grc = gnutls_x509_crt_get_issuer_dn3(cert->crt, &d, 0);
	if (grc == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) {
		d.data = NULL;
		d.size = 0;
	} else if (grc < 0) {
		return smime_cert__gnutls_err(grc, SMIME_E_MALFORMED);
	}
	return take_datum_string(out, &d);
}

static void strip_zeros(const uint8_t **p, size_t *len)
{
	while (*len > 1 && (*p)[0] == 0) {
		(*p)++;
		(*len)--;
	}
}

SMIME_PUBLIC int smime_cert_get_serial_hex(smime_buf *out,
					   const smime_cert *cert)
{
	smime_buf tmp = SMIME_BUF_INIT;
	const uint8_t *s;
	size_t n;
	int rc;

	if (out == NULL || cert == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	s = cert->serial;
	n = cert->serial_len;
	strip_zeros(&s, &n);
	if ((rc = smime_hex__encode(&tmp, s, n)) != SMIME_OK) {
		smime_buf_free(&tmp);
		return rc;
	}
	smime_buf__move(out, &tmp);
	return SMIME_OK;
}

/* The index-th rfc822Name of the subjectAltName extension. Sets *has_san
 * when the certificate has that extension. */
static int san_email(smime_buf *out, const smime_cert *cert, unsigned index,
		     bool *has_san)
{
	gnutls_datum_t ext = { NULL, 0 };
	gnutls_subject_alt_names_t sans = NULL;
	unsigned critical, type, found = 0;
	int grc, rc = SMIME_E_INVALID_ARGUMENT;

	*has_san = false;
	grc = gnutls_x509_crt_get_extension_by_oid2(cert->crt, "2.5.29.17", 0,
						     &ext, &critical);
	if (grc == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
		return SMIME_E_INVALID_ARGUMENT;
	if (grc < 0)
		return smime_cert__gnutls_err(grc, SMIME_E_MALFORMED);
	*has_san = true;
	if (gnutls_subject_alt_names_init(&sans) < 0) {
		rc = SMIME_E_NO_MEMORY;
		goto out;
	}
	grc = gnutls_x509_ext_import_subject_alt_names(&ext, sans, 0);
	if (grc < 0) {
		rc = smime_cert__gnutls_err(grc, SMIME_E_MALFORMED);
		goto out;
	}
	for (unsigned i = 0;; i++) {
		gnutls_datum_t san, oid;
		grc = gnutls_subject_alt_names_get(sans, i, &type, &san, &oid);
		if (grc < 0)
			break;
		if (type != GNUTLS_SAN_RFC822NAME)
			continue;
		if (found++ == index) {
			smime_buf tmp = SMIME_BUF_INIT;
			if (san.size > 0 && memchr(san.data, 0, san.size) != NULL) {
				rc = SMIME_E_MALFORMED;
				break;
			}
			if ((rc = smime_buf__reserve(&tmp, 0)) == SMIME_OK)
				rc = smime_buf__append(&tmp, san.data, san.size);
			if (rc == SMIME_OK)
				smime_buf__move(out, &tmp);
			else
				smime_buf_free(&tmp);
			break;
		}
	}
out:
	if (sans != NULL)
		gnutls_subject_alt_names_deinit(sans);
	gnutls_free(ext.data);
	return rc;
}

/* The index-th emailAddress attribute (1.2.840.113549.1.9.1) of the
 * subject, the pre-RFC 5280 place for an address. */
static int dn_email(smime_buf *out, const smime_cert *cert, unsigned index)
{
	smime_buf tmp = SMIME_BUF_INIT;
	size_t size = 0;
	int grc, rc;

	grc = gnutls_x509_crt_get_dn_by_oid(cert->crt, GNUTLS_OID_PKCS9_EMAIL,
					    index, 0, NULL, &size);
	if (grc == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
		return SMIME_E_INVALID_ARGUMENT;
	if (grc >= 0)
		return SMIME_E_MALFORMED; /* an empty address */
	if (grc != GNUTLS_E_SHORT_MEMORY_BUFFER)
		return smime_cert__gnutls_err(grc, SMIME_E_MALFORMED);
	if (smime_add_overflows(size, 1, &size))
		return SMIME_E_LIMIT;
	if ((rc = smime_buf__reserve(&tmp, size)) != SMIME_OK)
		return rc;
	grc = gnutls_x509_crt_get_dn_by_oid(cert->crt, GNUTLS_OID_PKCS9_EMAIL,
					    index, 0, tmp.data, &size);
	if (grc < 0) {
		smime_buf_free(&tmp);
		return smime_cert__gnutls_err(grc, SMIME_E_MALFORMED);
	}
	/* size excludes the terminating NUL GnuTLS wrote */
	tmp.len = strnlen((const char *)tmp.data, size);
	if (tmp.len != size) {
		smime_buf_free(&tmp);
		return SMIME_E_MALFORMED;
	}
	tmp.data[tmp.len] = 0;
	smime_buf__move(out, &tmp);
	return SMIME_OK;
}

SMIME_PUBLIC int smime_cert_get_email(smime_buf *out, const smime_cert *cert,
				      unsigned int index)
{
	bool has_san;
	int rc;

	if (out == NULL || cert == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	rc = san_email(out, cert, index, &has_san);
	if (has_san)
		return rc;
	return dn_email(out, cert, index);
}

SMIME_PUBLIC int smime_cert_export_der(smime_buf *out, const smime_cert *cert)
{
	smime_buf tmp = SMIME_BUF_INIT;
	int rc;

	if (out == NULL || cert == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if ((rc = smime_buf__set(&tmp, cert->der, cert->der_len)) != SMIME_OK) {
		smime_buf_free(&tmp);
		return rc;
	}
	smime_buf__move(out, &tmp);
	return SMIME_OK;
}

int smime_cert__ski(const smime_cert *c, smime_buf *out)
{
	uint8_t ski[SMIME_CERT_MAX_SKI];
	size_t size = sizeof(ski);
	unsigned critical;
	smime_buf tmp = SMIME_BUF_INIT;
	int grc, rc;

	grc = gnutls_x509_crt_get_subject_key_id(c->crt, ski, &size, &critical);
	if (grc == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
		return SMIME_E_UNSUPPORTED;
	if (grc == GNUTLS_E_SHORT_MEMORY_BUFFER)
		return SMIME_E_LIMIT;
	if (grc < 0)
		return smime_cert__gnutls_err(grc, SMIME_E_MALFORMED);
	if ((rc = smime_buf__set(&tmp, ski, size)) != SMIME_OK) {
		smime_buf_free(&tmp);
		return rc;
	}
	smime_buf__move(out, &tmp);
	return SMIME_OK;
}

bool smime_cert__matches_issuer_serial(const smime_cert *c, const uint8_t *issuer,
				       size_t issuer_len, const uint8_t *serial,
				       size_t serial_len)
{
	const uint8_t *mine;
	size_t mine_len;

	if (c == NULL || issuer == NULL || serial == NULL || serial_len == 0)
		return false;
	mine = c->serial;
	mine_len = c->serial_len;
	strip_zeros(&mine, &mine_len);
	strip_zeros(&serial, &serial_len);
	return issuer_len == c->issuer_len &&
	       memcmp(issuer, c->issuer, issuer_len) == 0 &&
	       serial_len == mine_len && memcmp(serial, mine, mine_len) == 0;
}

bool smime_cert__matches_ski(const smime_cert *c, const uint8_t *ski, size_t len)
{
	smime_buf mine = SMIME_BUF_INIT;
	bool eq;

	if (c == NULL || ski == NULL || len == 0)
		return false;
	if (smime_cert__ski(c, &mine) != SMIME_OK)
		return false;
	eq = mine.len == len && memcmp(mine.data, ski, len) == 0;
	smime_buf_free(&mine);
	return eq;
}

smime_pk_type smime_cert__pk_from_gnutls(int algo)
{
	switch (algo) {
	case GNUTLS_PK_RSA:
		return SMIME_PK_RSA;
	case GNUTLS_PK_RSA_PSS:
		return SMIME_PK_RSA_PSS;
	case GNUTLS_PK_ECDSA:
		return SMIME_PK_EC;
	case GNUTLS_PK_EDDSA_ED25519:
		return SMIME_PK_ED25519;
	case GNUTLS_PK_EDDSA_ED448:
		return SMIME_PK_ED448;
	case GNUTLS_PK_ECDH_X25519:
		return SMIME_PK_X25519;
	case GNUTLS_PK_ECDH_X448:
		return SMIME_PK_X448;
	case GNUTLS_PK_DSA:
		return SMIME_PK_DSA;
	default:
		return SMIME_PK_UNKNOWN;
	}
}

smime_pk_type smime_cert__pk_type(const smime_cert *c)
{
	int algo = gnutls_x509_crt_get_pk_algorithm(c->crt, NULL);
	return algo < 0 ? SMIME_PK_UNKNOWN : smime_cert__pk_from_gnutls(algo);
}

unsigned smime_cert__pk_bits(const smime_cert *c)
{
	unsigned bits = 0;
	if (gnutls_x509_crt_get_pk_algorithm(c->crt, &bits) < 0)
		return 0;
	return bits;
}

int smime_cert__rsa_public(const smime_cert *c, smime_rsa_key **out)
{
	gnutls_datum_t m = { NULL, 0 }, e = { NULL, 0 };
	smime_rsa_params p;
	int grc, rc;

	*out = NULL;
	if (smime_cert__pk_type(c) != SMIME_PK_RSA)
		return SMIME_E_UNSUPPORTED;
	grc = gnutls_x509_crt_get_pk_rsa_raw(c->crt, &m, &e);
	if (grc < 0)
		return smime_cert__gnutls_err(grc, SMIME_E_KEY);
	memset(&p, 0, sizeof(p));
	p.n = m.data;
	p.n_len = m.size;
	p.e = e.data;
	p.e_len = e.size;
	rc = smime_crypto__rsa_public_new(out, &p);
	gnutls_free(m.data);
	gnutls_free(e.data);
	return rc;
}
