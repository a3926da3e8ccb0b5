/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * EncryptedData (RFC 5652 §8): content encrypted with a key the caller
 * manages; no recipients. libsmime writes AES-CBC, version 0 and no
 * unprotectedAttrs; on input it also decrypts 3DES-CBC and RC2-CBC and
 * accepts unprotectedAttrs (version 2), which it ignores.
 *
 * The key must have the length of the algorithm (SMIME_E_KEY otherwise:
 * a 24-byte key is not an AES-128 key). RC2, whose key length the message
 * does not state, takes any key of 1 to 128 bytes.
 */
#include "cms/cms.h"

#include <string.h>

#define RC2_MAX_KEY 128

/* CBC over a whole buffer into out (replaced only on success). */
static int cbc_all(smime_buf *out, const smime_content_alg *a, bool encrypt,
		   const uint8_t *key, size_t key_len, const uint8_t *in, size_t len)
{
	smime_cbc_ctx ctx;
	smime_buf res = SMIME_BUF_INIT;
	size_t n = 0, m = 0, need;
	int rc;

	if (smime_add_overflows(len, 2 * a->cbc->block_size, &need))
		return SMIME_E_LIMIT;
	memset(&ctx, 0, sizeof ctx);
	if (a->cbc->id == SMIME_CIPHER_ID_RC2_CBC && a->rc2_bits != 0)
		smime_crypto__cbc_set_rc2_effective_bits(&ctx, a->rc2_bits);
	rc = smime_crypto__cbc_init(&ctx, a->cbc, encrypt, key, key_len, a->iv, a->iv_len);
	if (rc != SMIME_OK) {
		smime_crypto__cbc_wipe(&ctx);
		return rc;
	}
	rc = smime_buf__reserve(&res, need);
	if (rc == SMIME_OK)
		rc = smime_crypto__cbc_update(&ctx, in, len, res.data, &n);
	if (rc == SMIME_OK)
		rc = smime_crypto__cbc_final(&ctx, res.data + n, &m);
	smime_crypto__cbc_wipe(&ctx);
	if (rc != SMIME_OK) {
		if (res.data != NULL)
			smime_wipe(res.data, need);
		smime_buf_free(&res);
		return rc;
	}
	res.len = n + m;
	res.data[res.len] = 0;
	smime_buf__move(out, &res);
	return SMIME_OK;
}

static bool key_len_ok(const smime_content_alg *a, size_t key_len)
{
	if (a->cbc->id == SMIME_CIPHER_ID_RC2_CBC)
		return key_len >= 1 && key_len <= RC2_MAX_KEY;
	return key_len == a->key_size;
}

int smime_cms__encrypted_data_create(smime_buf *out, smime_oid_id content_alg,
				     const uint8_t *key, size_t key_len,
				     const uint8_t *content, size_t len)
{
	asn1_node node = NULL;
	smime_content_alg a;
	smime_buf ct = SMIME_BUF_INIT, der = SMIME_BUF_INIT;
	int rc;

	if (out == NULL || key == NULL || (content == NULL && len > 0))
		return SMIME_E_INVALID_ARGUMENT;
	if ((rc = smime_cms__content_alg_new(&a, content_alg)) != SMIME_OK)
		return rc;
	if (a.aead || a.cbc == NULL) {
		rc = SMIME_E_INVALID_ARGUMENT; /* §8 has no place for a tag */
		goto out;
	}
	if (!key_len_ok(&a, key_len)) {
		rc = SMIME_E_KEY;
		goto out;
	}
	if ((rc = smime_der__create(&node, "CMS.EncryptedData")) != SMIME_OK)
		goto out;
	/* §8.1: version 0 without unprotectedAttrs */
	if ((rc = smime_der__write_uint(node, "version", 0)) != SMIME_OK ||
	    (rc = smime_der__omit(node, "unprotectedAttrs")) != SMIME_OK)
		goto out;
	rc = smime_der__write_str(node, "encryptedContentInfo.contentType",
				  smime_oid__dotted(SMIME_OID_DATA));
	if (rc == SMIME_OK)
		rc = smime_cms__content_alg_write(&a, node,
						  "encryptedContentInfo.contentEncryptionAlgorithm");
	if (rc == SMIME_OK)
		rc = cbc_all(&ct, &a, true, key, key_len, content, len);
	if (rc == SMIME_OK)
		rc = smime_der__write(node, "encryptedContentInfo.encryptedContent", ct.data, ct.len);
	if (rc == SMIME_OK)
		rc = smime_der__encode(&der, node, NULL);
	if (rc == SMIME_OK)
		rc = smime_cms__content_info_encode(out, SMIME_OID_ENCRYPTED_DATA, der.data, der.len);
out:
	smime_wipe(&a, sizeof a);
	smime_buf_free(&ct);
	smime_buf_free(&der);
	smime_der__free(&node);
	return rc;
}

int smime_cms__encrypted_data_decrypt(smime_buf *out, const uint8_t *der, size_t len,
				      const uint8_t *key, size_t key_len)
{
	asn1_node node = NULL;
	smime_content_alg a;
	smime_buf ct = SMIME_BUF_INIT, plain = SMIME_BUF_INIT;
	int rc;

	if (out == NULL || der == NULL || key == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	memset(&a, 0, sizeof a);
	if ((rc = smime_der__decode(&node, "CMS.EncryptedData", der, len)) != SMIME_OK)
		return rc;
	if ((rc = smime_cms__content_alg_read(&a, node,
					      "encryptedContentInfo.contentEncryptionAlgorithm")) != SMIME_OK)
		goto out;
	if (a.aead || a.cbc == NULL) {
		rc = SMIME_E_UNSUPPORTED;
		goto out;
	}
	if (!smime_der__exists(node, "encryptedContentInfo.encryptedContent")) {
		rc = SMIME_E_UNSUPPORTED; /* detached encrypted content */
		goto out;
	}
	if (!key_len_ok(&a, key_len)) {
		rc = SMIME_E_KEY;
		goto out;
	}
	if ((rc = smime_der__read(&ct, node, "encryptedContentInfo.encryptedContent")) != SMIME_OK)
		goto out;
	rc = cbc_all(&plain, &a, false, key, key_len, ct.data, ct.len);
	if (rc == SMIME_E_INVALID_ARGUMENT)
		rc = SMIME_E_KEY;
	else if (rc != SMIME_OK && rc != SMIME_E_NO_MEMORY && rc != SMIME_E_LIMIT)
		rc = SMIME_E_DECRYPT;
	if (rc == SMIME_OK) {
		smime_buf_free_secret(out);
		smime_buf__move(out, &plain);
	}
out:
	smime_buf_free_secret(&plain);
	smime_wipe(&a, sizeof a);
	smime_buf_free(&ct);
	smime_der__free(&node);
	return rc;
}
