/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * EncryptedData (RFC 5652 §8): content encrypted with a key the caller
 * manages; no recipients. libsmime writes AES-CBC, version 0 and no
 * unprotectedAttrs; on input it also decrypts 3DES-CBC and RC2-CBC and
 * accepts unprotectedAttrs (version 2), which it hands to the caller as
 * received once the content has decrypted.
 *
 * The key must have the length of the algorithm (SMIME_E_KEY otherwise:
 * a 24-byte key is not an AES-128 key). RC2, whose key length the message
 * does not state, takes any key of 1 to 128 bytes.
 */
#include "cms/cms.h"

#include <string.h>

#define RC2_MAX_KEY 128

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
		rc = smime_cms__content_cbc(&ct, &a, true, key, key_len, content, len);
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
				      const uint8_t *key, size_t key_len, smime_attr_list *attrs)
{
	static const char *const attr_sets[] = { "unprotectedAttrs" };
	asn1_node node = NULL;
	smime_content_alg a;
	smime_buf ct = SMIME_BUF_INIT, plain = SMIME_BUF_INIT;
	smime_attr_list got = { NULL, 0 };
	int rc;

	if (out == NULL || der == NULL || key == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	memset(&a, 0, sizeof a);
	if ((rc = smime_der__decode(&node, "CMS.EncryptedData", der, len)) != SMIME_OK)
		return rc;
	if ((rc = smime_cms__attr_limit(node, attr_sets, SMIME_ARRAY_SIZE(attr_sets))) != SMIME_OK)
		goto out;
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
	rc = smime_cms__content_cbc(&plain, &a, false, key, key_len, ct.data, ct.len);
	if (rc == SMIME_E_INVALID_ARGUMENT)
		rc = SMIME_E_KEY;
	else if (rc != SMIME_OK && rc != SMIME_E_NO_MEMORY && rc != SMIME_E_LIMIT)
		rc = SMIME_E_DECRYPT;
	/* the attributes only once the padding has checked */
	if (rc == SMIME_OK && attrs != NULL)
		rc = smime_cms__attr_list_collect(&got, node, der, len, "unprotectedAttrs",
						  SMIME_CMS_ATTRS_UNPROTECTED);
	if (rc == SMIME_OK) {
		smime_buf_free_secret(out);
		smime_buf__move(out, &plain);
		if (attrs != NULL)
			smime_cms__attr_list_move(attrs, &got);
	}
out:
	smime_cms__attr_list_free(&got);
	smime_buf_free_secret(&plain);
	smime_wipe(&a, sizeof a);
	smime_buf_free(&ct);
	smime_der__free(&node);
	return rc;
}
