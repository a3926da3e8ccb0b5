/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Input format detection: DER/BER, PEM (or headerless base64) and MIME.
 * Only looks; the decoders decide whether the input is well-formed.
 */
#include "smime/mime.h"

#include <string.h>

#define PEM_SCAN_LINES 64
#define PEM_SCAN_BYTES ((size_t)64 * 1024)
#define BASE64_SCAN_BYTES ((size_t)4096)

/* "-----BEGIN " at the start of one of the first lines. */
static bool has_pem_begin(const uint8_t *in, size_t len)
{
	static const char begin[] = "-----BEGIN ";
	const size_t blen = sizeof(begin) - 1;
	size_t pos = 0, limit = len < PEM_SCAN_BYTES ? len : PEM_SCAN_BYTES;

	for (int line = 0; line < PEM_SCAN_LINES && pos < limit; line++) {
		if (len - pos >= blen && memcmp(in + pos, begin, blen) == 0)
			return true;
		const uint8_t *nl = memchr(in + pos, '\n', limit - pos);
		if (nl == NULL)
			break;
		pos = (size_t)(nl - in) + 1;
	}
	return false;
}

static bool is_space(uint8_t c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool is_base64(uint8_t c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
}

/* Bare base64 of a SEQUENCE ("M" encodes the 0x30 tag's top bits), with
 * nothing but base64 and white space in the first few kilobytes. */
static bool looks_headerless_base64(const uint8_t *in, size_t len)
{
	size_t i = 0, limit = len < BASE64_SCAN_BYTES ? len : BASE64_SCAN_BYTES;

	while (i < limit && is_space(in[i]))
		i++;
	if (i >= limit || in[i] != 'M')
		return false;
	for (; i < limit; i++) {
		if (!is_space(in[i]) && !is_base64(in[i]))
			return false;
	}
	return true;
}

smime_format smime_format__detect(const uint8_t *in, size_t len)
{
	if (in == NULL || len == 0)
		return SMIME_FORMAT_AUTO;
	if (in[0] == 0x30)
		return SMIME_FORMAT_DER;
	/* A MIME header block first: a message may carry PEM text in its
	 * body, but PEM lines never form a header block. */
	if (smime_mime__probe(in, len) == SMIME_OK)
		return SMIME_FORMAT_SMIME;
	if (has_pem_begin(in, len) || looks_headerless_base64(in, len))
		return SMIME_FORMAT_PEM;
	return SMIME_FORMAT_AUTO;
}
