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
/* Reads signer options of any supported struct_version into *o (defaults
 * for NULL); SMIME_E_INVALID_ARGUMENT for an unknown version or flag. */
int smime_api__signer_options(smime_signer_options *o, const smime_signer_options *in);
int smime_api__accumulate(smime_buf *b, const void *data, size_t len);

/* The content-encryption algorithm of a public smime_cipher value
 * (encrypt.c): its OID and whether it is an AEAD (AuthEnvelopedData).
 * SMIME_CIPHER_DEFAULT is AES-256-CBC. SMIME_E_INVALID_ARGUMENT for a value
 * outside the enum. */
int smime_api__cipher_alg(smime_cipher c, smime_oid_id *oid, bool *aead);

/* The bytes a creating operation protects (encrypt.c): for
 * SMIME_FORMAT_SMIME output the content is a MIME entity and is put in
 * canonical form into *canon (RFC 8551 §3.1.1; release with
 * smime_buf_free_secret), and *data and *len point there; otherwise at
 * the content as given. */
int smime_api__content_for(smime_buf *canon, const uint8_t **data, size_t *len,
			   smime_format outform, const uint8_t *content, size_t content_len);

#endif
