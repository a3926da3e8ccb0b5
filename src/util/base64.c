/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Base64 (RFC 4648 §4) for PEM and MIME bodies. */
#include "util/util.h"

#include <string.h>

static const char alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int smime_base64__encode(smime_buf *out, const void *data, size_t len,
			 size_t line_len, const char *eol)
{
	const unsigned char *p = data;
	size_t col = 0;
	size_t eol_len = strlen(eol);
	int rc;

	if (line_len % 4 != 0)
		return SMIME_E_INVALID_ARGUMENT;
	/* 4/3 expansion plus line breaks */
	size_t quads = len / 3 + 1;
	if (quads > SIZE_MAX / 8)
		return SMIME_E_LIMIT;
	rc = smime_buf__reserve(out, quads * 4 + (line_len ? (quads * 4 / line_len + 1) * eol_len : 0));
	if (rc != SMIME_OK)
		return rc;
	for (size_t i = 0; i < len; i += 3) {
		size_t n = len - i < 3 ? len - i : 3;
		uint32_t v = (uint32_t)p[i] << 16;
		if (n > 1)
			v |= (uint32_t)p[i + 1] << 8;
		if (n > 2)
			v |= p[i + 2];
		char q[4];
		q[0] = alphabet[(v >> 18) & 63];
		q[1] = alphabet[(v >> 12) & 63];
		q[2] = n > 1 ? alphabet[(v >> 6) & 63] : '=';
		q[3] = n > 2 ? alphabet[v & 63] : '=';
		if ((rc = smime_buf__append(out, q, 4)) != SMIME_OK)
			return rc;
		col += 4;
		if (line_len && col >= line_len) {
			if ((rc = smime_buf__append(out, eol, eol_len)) != SMIME_OK)
				return rc;
			col = 0;
		}
	}
	if (line_len && col > 0)
		rc = smime_buf__append(out, eol, eol_len);
	else if (out->data == NULL)
		rc = smime_buf__reserve(out, 0);
	return rc;
}

static int value_of(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

int smime_base64__decode(smime_buf *out, const char *text, size_t len)
{
	smime_buf res = SMIME_BUF_INIT;
	uint32_t acc = 0;
	unsigned n = 0, pad = 0;
	int rc = smime_buf__reserve(&res, len / 4 * 3 + 3);
	if (rc != SMIME_OK)
		return rc;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		if (c == '=') {
			pad++;
			if (pad > 2 || n < 2)
				goto bad;
			n++;
			acc <<= 6;
		} else {
			int v = value_of(c);
			if (v < 0 || pad > 0)
				goto bad;
			acc = (acc << 6) | (uint32_t)v;
			n++;
		}
		if (n == 4) {
			unsigned char b[3] = { (unsigned char)(acc >> 16),
					       (unsigned char)(acc >> 8),
					       (unsigned char)acc };
			if ((rc = smime_buf__append(&res, b, 3 - pad)) != SMIME_OK) {
				smime_buf_free(&res);
				return rc;
			}
			if (pad > 0)
				n = 5; /* only whitespace may follow */
			else
				n = 0;
			acc = 0;
		} else if (n > 5) {
			goto bad;
		}
	}
	if (n != 0 && n != 5)
		goto bad;
	smime_buf__move(out, &res);
	return SMIME_OK;
bad:
	smime_buf_free(&res);
	return SMIME_E_MALFORMED;
}
