/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The content types that need no recipient: EncryptedData with the
 * caller's key (create; smime_decrypt opens it), DigestedData and
 * CompressedData (create and open), and plain Data (open).
 */
#include "smime/api.h"

#include <string.h>

SMIME_PUBLIC int smime_encrypted_data_create(smime_buf *out, smime_format outform,
					     smime_cipher cipher, const void *key, size_t key_len,
					     const void *data, size_t len)
{
	smime_buf canon = SMIME_BUF_INIT, der = SMIME_BUF_INIT, res = SMIME_BUF_INIT;
	const smime_cipher_desc *desc = NULL;
	const uint8_t *content;
	size_t content_len;
	smime_oid_id alg;
	bool aead;
	int rc;

	if (out == NULL || key == NULL || outform > SMIME_FORMAT_SMIME || (data == NULL && len > 0))
		return SMIME_E_INVALID_ARGUMENT;
	if (smime_api__cipher_alg(cipher, &alg, &aead) != SMIME_OK || aead)
		return SMIME_E_INVALID_ARGUMENT;
	const smime_oid_entry *entry = smime_oid__get(alg);
	if (entry != NULL && entry->cipher >= 0)
		desc = smime_crypto__cipher_get((smime_cipher_id)entry->cipher);
	if (desc == NULL)
		return SMIME_E_INTERNAL;
	if (key_len != desc->key_size)
		return SMIME_E_INVALID_ARGUMENT;

	rc = smime_api__content_for(&canon, &content, &content_len, outform, data, len);
	if (rc == SMIME_OK)
		rc = smime_cms__encrypted_data_create(&der, alg, key, key_len, content, content_len);
	if (rc == SMIME_OK)
		rc = smime_output__encode(&res, outform, "", der.data, der.len);
	if (rc == SMIME_OK)
		smime_buf__move(out, &res);
	smime_buf_free_secret(&canon);
	smime_buf_free(&der);
	smime_buf_free(&res);
	return rc;
}

/* The digests DigestedData is written with. */
static const smime_digest_desc *digest_for(const char *name)
{
	static const struct {
		const char *name;
		smime_digest_id id;
	} table[] = {
		{ "sha256", SMIME_DIGEST_SHA256 },
		{ "sha384", SMIME_DIGEST_SHA384 },
		{ "sha512", SMIME_DIGEST_SHA512 },
	};

	if (name == NULL)
		return smime_crypto__digest_get(SMIME_DIGEST_SHA256);
	for (size_t i = 0; i < SMIME_ARRAY_SIZE(table); i++)
		if (strcmp(name, table[i].name) == 0)
			return smime_crypto__digest_get(table[i].id);
	return NULL;
}

SMIME_PUBLIC int smime_digested_data_create(smime_buf *out, smime_format outform,
					    const char *digest, const void *data, size_t len)
{
	smime_buf canon = SMIME_BUF_INIT, der = SMIME_BUF_INIT, res = SMIME_BUF_INIT;
	const smime_digest_desc *d = digest_for(digest);
	const uint8_t *content;
	size_t content_len;
	int rc;

	if (out == NULL || d == NULL || outform > SMIME_FORMAT_SMIME || (data == NULL && len > 0))
		return SMIME_E_INVALID_ARGUMENT;
	rc = smime_api__content_for(&canon, &content, &content_len, outform, data, len);
	if (rc == SMIME_OK)
		rc = smime_cms__digested_data_create(&der, d, content, content_len);
	if (rc == SMIME_OK)
		rc = smime_output__encode(&res, outform, "", der.data, der.len);
	if (rc == SMIME_OK)
		smime_buf__move(out, &res);
	smime_buf_free_secret(&canon);
	smime_buf_free(&der);
	smime_buf_free(&res);
	return rc;
}

SMIME_PUBLIC int smime_compressed_data_create(smime_buf *out, smime_format outform,
					      const void *data, size_t len)
{
	smime_buf canon = SMIME_BUF_INIT, der = SMIME_BUF_INIT, res = SMIME_BUF_INIT;
	const uint8_t *content;
	size_t content_len;
	int rc;

	if (out == NULL || outform > SMIME_FORMAT_SMIME || (data == NULL && len > 0))
		return SMIME_E_INVALID_ARGUMENT;
	rc = smime_api__content_for(&canon, &content, &content_len, outform, data, len);
	if (rc == SMIME_OK)
		rc = smime_cms__compressed_data_create(&der, content, content_len);
	if (rc == SMIME_OK)
		rc = smime_output__encode(&res, outform, "compressed-data", der.data, der.len);
	if (rc == SMIME_OK)
		smime_buf__move(out, &res);
	smime_buf_free_secret(&canon);
	smime_buf_free(&der);
	smime_buf_free(&res);
	return rc;
}

/* Data ::= OCTET STRING (RFC 5652 §4); the ContentInfo decoder has already
 * turned a constructed (BER) string into one primitive string. */
static int open_data(smime_buf *out, const uint8_t *der, size_t len)
{
	size_t tlv_len, hdr, n;

	if (len < 2 || der[0] != 0x04)
		return SMIME_E_MALFORMED;
	int rc = smime_der__tlv_len(der, len, &tlv_len);
	if (rc != SMIME_OK)
		return rc;
	if (tlv_len != len)
		return SMIME_E_MALFORMED;
	if (der[1] < 0x80) {
		hdr = 2;
	} else {
		n = der[1] & 0x7f;
		if (n == 0 || n > 8 || len < 2 + n)
			return SMIME_E_MALFORMED;
		hdr = 2 + n;
	}
	if (hdr > len)
		return SMIME_E_MALFORMED;
	return smime_buf__set(out, der + hdr, len - hdr);
}

SMIME_PUBLIC int smime_open(smime_buf *out, smime_format inform, const void *data,
			    size_t len, size_t max_output)
{
	smime_input in;
	smime_content_info ci;
	smime_buf res = SMIME_BUF_INIT;
	int rc;

	if (out == NULL || inform > SMIME_FORMAT_SMIME || (data == NULL && len > 0))
		return SMIME_E_INVALID_ARGUMENT;
	if (max_output == 0)
		max_output = SMIME_MAX_DECOMPRESSED_DEFAULT;
	rc = smime_input__decode(&in, inform, data, len);
	if (rc != SMIME_OK)
		return rc;
	rc = smime_cms__content_info_decode(&ci, in.der.data, in.der.len);
	smime_input__clear(&in);
	if (rc != SMIME_OK)
		return rc;
	switch (ci.type) {
	case SMIME_OID_DATA:
		rc = open_data(&res, ci.content.data, ci.content.len);
		break;
	case SMIME_OID_DIGESTED_DATA:
		rc = smime_cms__digested_data_open(&res, ci.content.data, ci.content.len);
		break;
	case SMIME_OID_COMPRESSED_DATA:
		rc = smime_cms__compressed_data_open(&res, ci.content.data, ci.content.len,
						     max_output);
		break;
	default:
		/* signed, enveloped and authenticated types have their own
		 * operations */
		rc = SMIME_E_UNSUPPORTED;
		break;
	}
	smime_cms__content_info_clear(&ci);
	/* the cap holds for every type, not only for decompression */
	if (rc == SMIME_OK && res.len > max_output)
		rc = SMIME_E_LIMIT;
	if (rc == SMIME_OK)
		smime_buf__move(out, &res);
	else
		smime_buf_free(&res);
	return rc;
}
