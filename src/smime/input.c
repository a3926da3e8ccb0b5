/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Input and output formats of the public operations. */
#include "smime/api.h"

#include <string.h>

static bool looks_like_bare_base64(const uint8_t *p, size_t len)
{
	size_t alpha = 0;
	for (size_t i = 0; i < len; i++) {
		uint8_t c = p[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=')
			alpha++;
		else if (c != '\r' && c != '\n' && c != ' ' && c != '\t')
			return false;
	}
	return alpha >= 4;
}

int smime_input__decode(smime_input *in, smime_format inform,
			const uint8_t *data, size_t len)
{
	int rc;

	memset(in, 0, sizeof *in);
	if (data == NULL || len == 0)
		return SMIME_E_MALFORMED;
	if (inform == SMIME_FORMAT_AUTO) {
		inform = smime_format__detect(data, len);
		if (inform == SMIME_FORMAT_AUTO) {
			/* Headerless base64, as some tools write PKCS#7. */
			if (!looks_like_bare_base64(data, len))
				return SMIME_E_MALFORMED;
			return smime_base64__decode(&in->der, (const char *)data, len);
		}
	}
	switch (inform) {
	case SMIME_FORMAT_DER:
		return smime_buf__set(&in->der, data, len);
	case SMIME_FORMAT_PEM:
		return smime_armor__decode(&in->der, data, len);
	case SMIME_FORMAT_SMIME:
		rc = smime_mime__parse(&in->mime, data, len);
		if (rc != SMIME_OK)
			return rc;
		in->is_mime = true;
		/* the CMS object moves out; the signed content stays in mime */
		smime_buf__move(&in->der, &in->mime.der);
		return SMIME_OK;
	default:
		return SMIME_E_INVALID_ARGUMENT;
	}
}

void smime_input__clear(smime_input *in)
{
	smime_buf_free(&in->der);
	if (in->is_mime)
		smime_mime__parsed_free(&in->mime);
	memset(in, 0, sizeof *in);
}

int smime_output__encode(smime_buf *out, smime_format outform, const char *smime_type,
			 const uint8_t *der, size_t len)
{
	switch (outform) {
	case SMIME_FORMAT_AUTO:
	case SMIME_FORMAT_DER:
		return smime_buf__set(out, der, len);
	case SMIME_FORMAT_PEM:
		return smime_armor__encode(out, "CMS", der, len);
	case SMIME_FORMAT_SMIME:
		return smime_mime__write_pkcs7(out, smime_type, der, len);
	default:
		return SMIME_E_INVALID_ARGUMENT;
	}
}

int smime_api__accumulate(smime_buf *b, const void *data, size_t len)
{
	if (len == 0)
		return SMIME_OK;
	if (data == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (b->len + len < b->len || b->len + len > SMIME_MAX_INPUT_SIZE)
		return SMIME_E_LIMIT;
	return smime_buf__append(b, data, len);
}
