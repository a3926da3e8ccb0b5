/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Shared internals of the public operations in smime/. */
#ifndef SMIME_API_H
#define SMIME_API_H

#include "cms/cms.h"
#include "smime/mime.h"

/* A message decoded from any input format. */
typedef struct smime_input {
	smime_buf der;          /* the ContentInfo (BER) */
	bool is_mime;
	smime_mime_parsed mime; /* valid when is_mime */
} smime_input;

int smime_input__decode(smime_input *in, smime_format inform,
			const uint8_t *data, size_t len);
void smime_input__clear(smime_input *in);

/* Wraps a DER ContentInfo in the output format (SMIME: application/pkcs7-mime
 * with smime_type). */
int smime_output__encode(smime_buf *out, smime_format outform, const char *smime_type,
			 const uint8_t *der, size_t len);

/* Accumulates streamed input, with the overall size cap. */
int smime_api__accumulate(smime_buf *b, const void *data, size_t len);

#endif
