/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * S/MIME entities (RFC 8551 §3): canonical form, application/pkcs7-mime and
 * multipart/signed (RFC 1847) writing and parsing.
 *
 * The parser works on the bytes as received and never re-serialises: the
 * signed content of multipart/signed is the exact first body part, with
 * only bare LF turned into CRLF (RFC 8551 §3.1.1). Every index is checked
 * against the input length; the parser is meant to survive any input.
 */
#include "smime/mime.h"

#include <string.h>

#include "crypto/crypto.h"

/* ------------------------------------------------------------------------ */
/* Canonical form                                                           */
/* ------------------------------------------------------------------------ */

int smime_mime__canonicalize(smime_buf *out, const uint8_t *in, size_t len)
{
	smime_buf res = SMIME_BUF_INIT;
	size_t extra = 0, total;
	int rc;

	if (out == NULL || (in == NULL && len > 0))
		return SMIME_E_INVALID_ARGUMENT;
	for (size_t i = 0; i < len; i++) {
		if (in[i] == '\n' && (i == 0 || in[i - 1] != '\r'))
			extra++;
	}
	if (smime_add_overflows(len, extra, &total))
		return SMIME_E_LIMIT;
	if ((rc = smime_buf__reserve(&res, total)) != SMIME_OK)
		return rc;
	for (size_t i = 0; i < len; i++) {
		if (in[i] == '\n' && (i == 0 || in[i - 1] != '\r'))
			res.data[res.len++] = '\r';
		res.data[res.len++] = in[i];
	}
	res.data[res.len] = 0;
	smime_buf__move(out, &res);
	return SMIME_OK;
}

/* ------------------------------------------------------------------------ */
/* Writing                                                                  */
/* ------------------------------------------------------------------------ */

/* smime-type values we write (RFC 8551 §3.2.2) and the file name each one
 * gets (§3.2.1). The empty string writes no smime-type parameter: the
 * parameter is optional and RFC 8551 (and the RFC 7114 registry) assigns no
 * value to AuthenticatedData, EncryptedData or DigestedData. */
static const struct {
	const char *smime_type;
	const char *file_name;
} pkcs7_types[] = {
	{ "signed-data", "smime.p7m" },
	{ "enveloped-data", "smime.p7m" },
	{ "authEnveloped-data", "smime.p7m" },
	{ "certs-only", "smime.p7c" },
	{ "compressed-data", "smime.p7z" },
	{ "", "smime.p7m" },
};

#define BASE64_LINE 64

int smime_mime__write_pkcs7(smime_buf *out, const char *smime_type,
			    const uint8_t *der, size_t der_len)
{
	const char *file_name = NULL;
	smime_buf res = SMIME_BUF_INIT;
	int rc;

	if (out == NULL || smime_type == NULL || der == NULL || der_len == 0)
		return SMIME_E_INVALID_ARGUMENT;
	for (size_t i = 0; i < SMIME_ARRAY_SIZE(pkcs7_types); i++) {
		if (strcmp(smime_type, pkcs7_types[i].smime_type) == 0) {
			file_name = pkcs7_types[i].file_name;
			break;
		}
	}
	if (file_name == NULL)
		return SMIME_E_INVALID_ARGUMENT;

	rc = smime_buf__appendf(&res,
		"MIME-Version: 1.0\r\n"
		"Content-Disposition: attachment; filename=\"%s\"\r\n"
		"Content-Type: application/pkcs7-mime; %s%s%sname=\"%s\"\r\n"
		"Content-Transfer-Encoding: base64\r\n"
		"\r\n",
		file_name, smime_type[0] != '\0' ? "smime-type=" : "", smime_type,
		smime_type[0] != '\0' ? "; " : "", file_name);
	if (rc == SMIME_OK)
		rc = smime_base64__encode(&res, der, der_len, BASE64_LINE, "\r\n");
	if (rc != SMIME_OK) {
		smime_buf_free(&res);
		return rc;
	}
	smime_buf__move(out, &res);
	return SMIME_OK;
}

/* micalg values are tokens such as "sha-256" (RFC 8551 §3.5.3.2). */
static bool valid_micalg(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
			return false;
	}
	return true;
}

#define BOUNDARY_PREFIX "----=_smime_"
#define BOUNDARY_RANDOM 16
#define BOUNDARY_TRIES 8

/* A fresh boundary that does not occur anywhere in content. */
static int make_boundary(smime_buf *boundary, const uint8_t *content,
			 size_t content_len)
{
	uint8_t rnd[BOUNDARY_RANDOM];
	int rc;

	for (int attempt = 0; attempt < BOUNDARY_TRIES; attempt++) {
		smime_buf_free(boundary);
		if ((rc = smime_crypto__random(rnd, sizeof(rnd))) != SMIME_OK)
			return rc;
		if ((rc = smime_buf__append_str(boundary, BOUNDARY_PREFIX)) != SMIME_OK ||
		    (rc = smime_hex__encode(boundary, rnd, sizeof(rnd))) != SMIME_OK) {
			smime_buf_free(boundary);
			return rc;
		}
		if (content_len == 0 ||
		    memmem(content, content_len, boundary->data, boundary->len) == NULL)
			return SMIME_OK;
	}
	smime_buf_free(boundary);
	return SMIME_E_INTERNAL;
}

int smime_mime__write_multipart_signed(smime_buf *out, const char *micalg,
				       const uint8_t *content, size_t content_len,
				       const uint8_t *sig_der, size_t sig_len)
{
	smime_buf res = SMIME_BUF_INIT;
	smime_buf boundary = SMIME_BUF_INIT;
	int rc;

	if (out == NULL || micalg == NULL || !valid_micalg(micalg) ||
	    (content == NULL && content_len > 0) || sig_der == NULL ||
	    sig_len == 0)
		return SMIME_E_INVALID_ARGUMENT;
	if ((rc = make_boundary(&boundary, content, content_len)) != SMIME_OK)
		return rc;

	const char *b = (const char *)boundary.data;
	rc = smime_buf__appendf(&res,
		"MIME-Version: 1.0\r\n"
		"Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\";\r\n"
		" micalg=\"%s\"; boundary=\"%s\"\r\n"
		"\r\n"
		"This is an S/MIME signed message\r\n"
		"\r\n"
		"--%s\r\n",
		micalg, b, b);
	if (rc == SMIME_OK)
		rc = smime_buf__append(&res, content, content_len);
	if (rc == SMIME_OK)
		rc = smime_buf__appendf(&res,
			"\r\n--%s\r\n"
			"Content-Type: application/pkcs7-signature; name=\"smime.p7s\"\r\n"
			"Content-Transfer-Encoding: base64\r\n"
			"Content-Disposition: attachment; filename=\"smime.p7s\"\r\n"
			"\r\n",
			b);
	if (rc == SMIME_OK)
		rc = smime_base64__encode(&res, sig_der, sig_len, BASE64_LINE, "\r\n");
	if (rc == SMIME_OK)
		rc = smime_buf__appendf(&res, "\r\n--%s--\r\n", b);
	smime_buf_free(&boundary);
	if (rc != SMIME_OK) {
		smime_buf_free(&res);
		return rc;
	}
	smime_buf__move(out, &res);
	return SMIME_OK;
}

/* ------------------------------------------------------------------------ */
/* Reading: lines and header blocks (RFC 5322 §2.2, RFC 2045)               */
/* ------------------------------------------------------------------------ */

/* The line starting at pos: its length without the line break (CRLF or a
 * bare LF; a final line may have none) and the offset of the next line. */
static void next_line(const uint8_t *in, size_t len, size_t pos,
		      size_t *line_len, size_t *next)
{
	const uint8_t *nl = memchr(in + pos, '\n', len - pos);
	size_t end = nl != NULL ? (size_t)(nl - in) : len;

	*next = nl != NULL ? end + 1 : len;
	if (nl != NULL && end > pos && in[end - 1] == '\r')
		end--;
	*line_len = end - pos;
}

typedef enum {
	CTE_7BIT,
	CTE_8BIT,
	CTE_BINARY,
	CTE_BASE64,
	CTE_OTHER,
} transfer_encoding;

static const struct {
	const char *name;
	transfer_encoding cte;
} cte_names[] = {
	{ "7bit", CTE_7BIT },
	{ "8bit", CTE_8BIT },
	{ "binary", CTE_BINARY },
	{ "base64", CTE_BASE64 },
};

typedef struct {
	smime_buf ctype;        /* unfolded Content-Type value */
	bool has_ctype;
	smime_buf cte_value;    /* unfolded Content-Transfer-Encoding value */
	bool has_cte;
	bool has_mime_version;
	size_t body;            /* offset of the body (after the empty line) */
} header_block;

static void header_block_free(header_block *h)
{
	smime_buf_free(&h->ctype);
	smime_buf_free(&h->cte_value);
}

static int ascii_lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

/* Case-insensitive comparison of n bytes with a lower-case C string. */
static bool ieq(const uint8_t *p, size_t n, const char *lower)
{
	size_t m = strlen(lower);

	if (n != m)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (ascii_lower(p[i]) != (unsigned char)lower[i])
			return false;
	}
	return true;
}

/* Appends the value of a field (after its colon), unfolded: the line breaks
 * of continuation lines are dropped, their leading white space kept. */
static int unfold_value(smime_buf *out, const uint8_t *v, size_t n)
{
	int rc = smime_buf__reserve(out, n);

	if (rc != SMIME_OK)
		return rc;
	for (size_t i = 0; i < n; i++) {
		if (v[i] == '\n')
			continue;
		if (v[i] == '\r' && i + 1 < n && v[i + 1] == '\n')
			continue;
		out->data[out->len++] = v[i];
	}
	out->data[out->len] = 0;
	return SMIME_OK;
}

/* One complete (possibly folded) field, in[start, end). */
static int header_field(header_block *h, const uint8_t *f, size_t n)
{
	size_t colon = 0, name_end;

	while (colon < n && f[colon] != ':' && f[colon] != '\r' && f[colon] != '\n')
		colon++;
	if (colon >= n || f[colon] != ':')
		return SMIME_E_MALFORMED;
	name_end = colon;
	/* obsolete syntax (RFC 5322 §4.5): white space before the colon */
	while (name_end > 0 && (f[name_end - 1] == ' ' || f[name_end - 1] == '\t'))
		name_end--;
	if (name_end == 0)
		return SMIME_E_MALFORMED;
	for (size_t i = 0; i < name_end; i++) {
		if (f[i] < 33 || f[i] > 126)
			return SMIME_E_MALFORMED;
	}

	const uint8_t *v = f + colon + 1;
	size_t vlen = n - colon - 1;
	if (ieq(f, name_end, "content-type")) {
		if (h->has_ctype)
			return SMIME_E_MALFORMED; /* ambiguous */
		h->has_ctype = true;
		return unfold_value(&h->ctype, v, vlen);
	}
	if (ieq(f, name_end, "content-transfer-encoding")) {
		if (h->has_cte)
			return SMIME_E_MALFORMED;
		h->has_cte = true;
		return unfold_value(&h->cte_value, v, vlen);
	}
	if (ieq(f, name_end, "mime-version"))
		h->has_mime_version = true;
	return SMIME_OK;
}

/* Reads the header block at the start of in[0, len). It must end with an
 * empty line; h->body is the offset just after it. */
static int header_block_parse(header_block *h, const uint8_t *in, size_t len)
{
	size_t pos = 0, field_start = 0, field_end = 0, count = 0;
	bool in_field = false;
	int rc;

	memset(h, 0, sizeof(*h));
	while (pos < len) {
		size_t line_len, next;

		next_line(in, len, pos, &line_len, &next);
		if (line_len > SMIME_MIME_MAX_HEADER_LINE)
			return SMIME_E_LIMIT;
		if (line_len > 0 && (in[pos] == ' ' || in[pos] == '\t')) {
			/* continuation of the current field */
			if (!in_field)
				return SMIME_E_MALFORMED;
			field_end = pos + line_len;
			if (field_end - field_start > SMIME_MIME_MAX_HEADER_LINE)
				return SMIME_E_LIMIT;
			pos = next;
			continue;
		}
		if (in_field) {
			rc = header_field(h, in + field_start, field_end - field_start);
			if (rc != SMIME_OK)
				return rc;
			in_field = false;
		}
		if (line_len == 0) {
			if (next == pos)
				break; /* cannot happen: an empty line has a break */
			h->body = next;
			return SMIME_OK;
		}
		if (++count > SMIME_MIME_MAX_HEADERS)
			return SMIME_E_LIMIT;
		in_field = true;
		field_start = pos;
		field_end = pos + line_len;
		pos = next;
	}
	/* no empty line: there is no body */
	return SMIME_E_MALFORMED;
}

/* ------------------------------------------------------------------------ */
/* Reading: Content-Type (RFC 2045 §5.1) and Content-Transfer-Encoding      */
/* ------------------------------------------------------------------------ */

typedef struct {
	const uint8_t *p;
	const uint8_t *end;
} cursor;

/* Skips white space and comments, which may nest and hold quoted pairs
 * (RFC 5322 §3.2.2). An unterminated comment runs to the end. */
static void skip_cfws(cursor *c)
{
	while (c->p < c->end) {
		uint8_t ch = *c->p;
		if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') {
			c->p++;
			continue;
		}
		if (ch != '(')
			return;
		size_t depth = 0;
		while (c->p < c->end) {
			ch = *c->p++;
			if (ch == '\\') {
				if (c->p < c->end)
					c->p++;
			} else if (ch == '(') {
				depth++;
			} else if (ch == ')') {
				if (--depth == 0)
					break;
			}
		}
	}
}

/* token := 1*<any (US-ASCII) CHAR except SPACE, CTLs, or tspecials> */
static bool is_token_char(uint8_t ch)
{
	if (ch <= 32 || ch >= 127)
		return false;
	return strchr("()<>@,;:\\\"/[]?=", ch) == NULL;
}

static int read_token(cursor *c, const uint8_t **tok, size_t *tok_len)
{
	const uint8_t *start = c->p;

	while (c->p < c->end && is_token_char(*c->p))
		c->p++;
	if (c->p == start)
		return SMIME_E_MALFORMED;
	*tok = start;
	*tok_len = (size_t)(c->p - start);
	return SMIME_OK;
}

/* value := token / quoted-string. Unquoted values are read leniently up to
 * ';', white space or a comment, since some writers put '=' or '/' in
 * unquoted boundaries. */
static int read_value(cursor *c, smime_buf *out)
{
	int rc;

	if (c->p < c->end && *c->p == '"') {
		c->p++;
		while (c->p < c->end && *c->p != '"') {
			if (*c->p == '\\' && c->end - c->p >= 2)
				c->p++;
			if ((rc = smime_buf__append(out, c->p, 1)) != SMIME_OK)
				return rc;
			c->p++;
		}
		if (c->p >= c->end)
			return SMIME_E_MALFORMED; /* unterminated */
		c->p++;
		return smime_buf__reserve(out, 0);
	}
	const uint8_t *start = c->p;
	while (c->p < c->end && *c->p != ';' && *c->p != ' ' && *c->p != '\t' &&
	       *c->p != '(' && *c->p != '"' && *c->p != '\r' && *c->p != '\n')
		c->p++;
	if (c->p == start)
		return SMIME_E_MALFORMED;
	return smime_buf__append(out, start, (size_t)(c->p - start));
}

typedef struct {
	smime_buf type;        /* "type/subtype", lower-case */
	smime_buf boundary;
	smime_buf protocol;
	smime_buf smime_type;
	bool has_boundary, has_protocol, has_smime_type;
} content_type;

static void content_type_free(content_type *ct)
{
	smime_buf_free(&ct->type);
	smime_buf_free(&ct->boundary);
	smime_buf_free(&ct->protocol);
	smime_buf_free(&ct->smime_type);
}

static int parse_content_type(content_type *ct, const smime_buf *value)
{
	cursor c = { value->data, value->data + value->len };
	const uint8_t *tok;
	size_t tok_len;
	int rc;

	memset(ct, 0, sizeof(*ct));
	skip_cfws(&c);
	if ((rc = read_token(&c, &tok, &tok_len)) != SMIME_OK)
		return rc;
	if ((rc = smime_buf__append(&ct->type, tok, tok_len)) != SMIME_OK)
		return rc;
	skip_cfws(&c);
	if (c.p >= c.end || *c.p != '/')
		return SMIME_E_MALFORMED;
	c.p++;
	skip_cfws(&c);
	if ((rc = read_token(&c, &tok, &tok_len)) != SMIME_OK)
		return rc;
	if ((rc = smime_buf__append(&ct->type, "/", 1)) != SMIME_OK ||
	    (rc = smime_buf__append(&ct->type, tok, tok_len)) != SMIME_OK)
		return rc;
	for (size_t i = 0; i < ct->type.len; i++)
		ct->type.data[i] = (uint8_t)ascii_lower(ct->type.data[i]);

	for (;;) {
		skip_cfws(&c);
		if (c.p >= c.end)
			return SMIME_OK;
		if (*c.p != ';')
			return SMIME_E_MALFORMED;
		c.p++;
		skip_cfws(&c);
		if (c.p >= c.end)
			return SMIME_OK; /* tolerate a trailing ';' */
		if (*c.p == ';')
			continue;        /* and an empty parameter */
		if ((rc = read_token(&c, &tok, &tok_len)) != SMIME_OK)
			return rc;
		skip_cfws(&c);
		if (c.p >= c.end || *c.p != '=')
			return SMIME_E_MALFORMED;
		c.p++;
		skip_cfws(&c);

		smime_buf *dst = NULL;
		bool *seen = NULL;
		if (ieq(tok, tok_len, "boundary")) {
			dst = &ct->boundary;
			seen = &ct->has_boundary;
		} else if (ieq(tok, tok_len, "protocol")) {
			dst = &ct->protocol;
			seen = &ct->has_protocol;
		} else if (ieq(tok, tok_len, "smime-type")) {
			dst = &ct->smime_type;
			seen = &ct->has_smime_type;
		}
		if (dst == NULL) {
			smime_buf ignored = SMIME_BUF_INIT;
			rc = read_value(&c, &ignored);
			smime_buf_free(&ignored);
		} else {
			/* a repeated parameter is ambiguous: refuse it */
			if (*seen)
				return SMIME_E_MALFORMED;
			*seen = true;
			rc = read_value(&c, dst);
		}
		if (rc != SMIME_OK)
			return rc;
	}
}

static int parse_cte(transfer_encoding *cte, const header_block *h)
{
	cursor c;
	const uint8_t *tok;
	size_t tok_len;

	*cte = CTE_7BIT; /* RFC 2045 §6.1 default */
	if (!h->has_cte)
		return SMIME_OK;
	c.p = h->cte_value.data;
	c.end = h->cte_value.data + h->cte_value.len;
	skip_cfws(&c);
	if (read_token(&c, &tok, &tok_len) != SMIME_OK)
		return SMIME_E_MALFORMED;
	skip_cfws(&c);
	if (c.p != c.end)
		return SMIME_E_MALFORMED;
	*cte = CTE_OTHER;
	for (size_t i = 0; i < SMIME_ARRAY_SIZE(cte_names); i++) {
		if (ieq(tok, tok_len, cte_names[i].name)) {
			*cte = cte_names[i].cte;
			break;
		}
	}
	return SMIME_OK;
}

/* Header block and parsed Content-Type of the entity in[0, len). An
 * absent Content-Type means text/plain (RFC 2045 §5.2). */
static int read_entity(header_block *h, content_type *ct, transfer_encoding *cte,
		       const uint8_t *in, size_t len)
{
	int rc = header_block_parse(h, in, len);

	memset(ct, 0, sizeof(*ct));
	if (rc != SMIME_OK)
		return rc;
	if (h->has_ctype)
		rc = parse_content_type(ct, &h->ctype);
	else
		rc = smime_buf__append_str(&ct->type, "text/plain");
	if (rc != SMIME_OK)
		return rc;
	return parse_cte(cte, h);
}

static bool type_is(const content_type *ct, const char *lower)
{
	return ieq(ct->type.data, ct->type.len, lower);
}

/* Decodes a body per its Content-Transfer-Encoding into a non-empty der. */
static int decode_body(smime_buf *der, transfer_encoding cte,
		       const uint8_t *body, size_t len)
{
	int rc;

	switch (cte) {
	case CTE_BASE64:
		rc = smime_base64__decode(der, (const char *)body, len);
		break;
	case CTE_7BIT:
	case CTE_8BIT:
	case CTE_BINARY:
		rc = smime_buf__set(der, body, len);
		break;
	default:
		return SMIME_E_UNSUPPORTED;
	}
	if (rc != SMIME_OK)
		return rc;
	if (der->len == 0) {
		smime_buf_free(der);
		return SMIME_E_MALFORMED;
	}
	return SMIME_OK;
}

/* ------------------------------------------------------------------------ */
/* Reading: multipart bodies (RFC 2046 §5.1.1)                              */
/* ------------------------------------------------------------------------ */

#define MAX_BOUNDARY 256 /* RFC 2046 allows 70; be lenient */

/* Whether a delimiter line ("--" boundary, optional "--", transport
 * padding, line break or end of input) starts at the line start pos. */
static bool delimiter_at(const uint8_t *in, size_t len, size_t pos,
			 const smime_buf *boundary, bool *close, size_t *after)
{
	size_t q;

	if (len - pos < 2 || boundary->len > len - pos - 2)
		return false;
	if (in[pos] != '-' || in[pos + 1] != '-' ||
	    memcmp(in + pos + 2, boundary->data, boundary->len) != 0)
		return false;
	q = pos + 2 + boundary->len;
	*close = false;
	if (len - q >= 2 && in[q] == '-' && in[q + 1] == '-') {
		*close = true;
		q += 2;
	}
	while (q < len && (in[q] == ' ' || in[q] == '\t'))
		q++;
	if (q == len) {
		*after = len;
		return true;
	}
	if (in[q] == '\n') {
		*after = q + 1;
		return true;
	}
	if (in[q] == '\r' && q + 1 < len && in[q + 1] == '\n') {
		*after = q + 2;
		return true;
	}
	if (*close) {
		/* something after a close delimiter: it is still the end */
		const uint8_t *nl = memchr(in + q, '\n', len - q);
		*after = nl != NULL ? (size_t)(nl - in) + 1 : len;
		return true;
	}
	return false;
}

/* The next delimiter line at a line start from pos (a line start). */
static int find_delimiter(const uint8_t *in, size_t len, size_t pos,
			  const smime_buf *boundary, size_t *at, bool *close,
			  size_t *after)
{
	while (pos < len) {
		if (delimiter_at(in, len, pos, boundary, close, after)) {
			*at = pos;
			return SMIME_OK;
		}
		const uint8_t *nl = memchr(in + pos, '\n', len - pos);
		if (nl == NULL)
			break;
		pos = (size_t)(nl - in) + 1;
	}
	return SMIME_E_MALFORMED;
}

/* End of a body part that starts at start and is followed by a delimiter
 * line at at: the line break before the delimiter belongs to it. */
static size_t part_end(const uint8_t *in, size_t start, size_t at)
{
	size_t end;

	if (at <= start)
		return start;
	end = at - 1; /* in[at - 1] == '\n' since at is a line start */
	if (end > start && in[end - 1] == '\r')
		end--;
	return end;
}

static bool is_signature_type(const smime_buf *t)
{
	return ieq(t->data, t->len, "application/pkcs7-signature") ||
	       ieq(t->data, t->len, "application/x-pkcs7-signature");
}

static int parse_multipart_signed(smime_mime_parsed *out, const content_type *ct,
				  const uint8_t *in, size_t len, size_t body)
{
	size_t at, after, p1, p2, end1, end2;
	bool close;
	int rc;

	if (!ct->has_boundary || ct->boundary.len == 0)
		return SMIME_E_MALFORMED;
	if (ct->boundary.len > MAX_BOUNDARY)
		return SMIME_E_MALFORMED;
	/* RFC 1847 requires protocol; we accept its absence and judge the
	 * second part's own type instead. */
	if (ct->has_protocol && !is_signature_type(&ct->protocol))
		return SMIME_E_UNSUPPORTED;

	/* preamble, then the first delimiter */
	if ((rc = find_delimiter(in, len, body, &ct->boundary, &at, &close, &after)) != SMIME_OK)
		return rc;
	if (close)
		return SMIME_E_MALFORMED;
	p1 = after;
	if ((rc = find_delimiter(in, len, p1, &ct->boundary, &at, &close, &after)) != SMIME_OK)
		return rc;
	if (close)
		return SMIME_E_MALFORMED; /* only one part */
	end1 = part_end(in, p1, at);
	p2 = after;
	if ((rc = find_delimiter(in, len, p2, &ct->boundary, &at, &close, &after)) != SMIME_OK)
		return rc;
	if (!close)
		return SMIME_E_MALFORMED; /* more than two parts */
	end2 = part_end(in, p2, at);

	/* the signature part */
	header_block h;
	content_type sct;
	transfer_encoding cte = CTE_7BIT;
	rc = read_entity(&h, &sct, &cte, in + p2, end2 - p2);
	if (rc == SMIME_OK && !is_signature_type(&sct.type))
		rc = SMIME_E_UNSUPPORTED;
	if (rc == SMIME_OK)
		rc = decode_body(&out->der, cte, in + p2 + h.body, end2 - p2 - h.body);
	header_block_free(&h);
	content_type_free(&sct);
	if (rc != SMIME_OK)
		return rc;

	/* the signed content, exactly as received but for bare LF */
	rc = smime_mime__canonicalize(&out->content, in + p1, end1 - p1);
	if (rc != SMIME_OK)
		return rc;
	out->kind = SMIME_MIME_MULTIPART_SIGNED;
	return SMIME_OK;
}

/* ------------------------------------------------------------------------ */
/* Reading: the entry points                                                */
/* ------------------------------------------------------------------------ */

static bool is_pkcs7_mime_type(const smime_buf *t)
{
	return ieq(t->data, t->len, "application/pkcs7-mime") ||
	       ieq(t->data, t->len, "application/x-pkcs7-mime");
}

int smime_mime__parse(smime_mime_parsed *out, const uint8_t *in, size_t len)
{
	header_block h;
	content_type ct;
	transfer_encoding cte = CTE_7BIT;
	int rc;

	if (out == NULL || (in == NULL && len > 0))
		return SMIME_E_INVALID_ARGUMENT;
	memset(out, 0, sizeof(*out));
	if (len == 0)
		return SMIME_E_MALFORMED;

	rc = read_entity(&h, &ct, &cte, in, len);
	if (rc != SMIME_OK)
		goto done;
	/* A value too long for any known smime-type is left out. */
	if (ct.has_smime_type && ct.smime_type.len < sizeof(out->smime_type)) {
		for (size_t i = 0; i < ct.smime_type.len; i++)
			out->smime_type[i] = (char)ascii_lower(ct.smime_type.data[i]);
		out->smime_type[ct.smime_type.len] = '\0';
		/* an embedded NUL would truncate silently: refuse it */
		if (strlen(out->smime_type) != ct.smime_type.len) {
			rc = SMIME_E_MALFORMED;
			goto done;
		}
	}
	if (is_pkcs7_mime_type(&ct.type)) {
		out->kind = SMIME_MIME_PKCS7;
		rc = decode_body(&out->der, cte, in + h.body, len - h.body);
	} else if (type_is(&ct, "multipart/signed")) {
		rc = parse_multipart_signed(out, &ct, in, len, h.body);
	} else {
		rc = SMIME_E_UNSUPPORTED;
	}
done:
	header_block_free(&h);
	content_type_free(&ct);
	if (rc != SMIME_OK)
		smime_mime__parsed_free(out);
	return rc;
}

void smime_mime__parsed_free(smime_mime_parsed *p)
{
	if (p == NULL)
		return;
	smime_buf_free(&p->der);
	smime_buf_free(&p->content);
	memset(p, 0, sizeof(*p));
}

int smime_mime__probe(const uint8_t *in, size_t len)
{
	header_block h;
	int rc;

	if (in == NULL || len == 0)
		return SMIME_E_MALFORMED;
	rc = header_block_parse(&h, in, len);
	if (rc == SMIME_OK && !h.has_ctype && !h.has_mime_version)
		rc = SMIME_E_MALFORMED;
	header_block_free(&h);
	return rc;
}
