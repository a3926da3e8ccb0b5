/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * EnvelopedData (RFC 5652 §6): a CBC-encrypted content (AES, and 3DES or
 * RC2 on input; content-cipher.c reads and writes the algorithm) and the
 * content-encryption key for every recipient (recipient-info.c).
 *
 * Decryption writes the plaintext to a private buffer and hands it out
 * only once the padding has checked; the content itself has no integrity
 * (RFC 5652 §6: use AuthEnvelopedData for that), which the layers above
 * report.
 *
 * unprotectedAttrs (version 2) are handed to the caller as received once
 * the content has decrypted; nothing protects them.
 */
#include "cms/cms.h"

#include <string.h>

int smime_cms__enveloped_data_create(smime_buf *out, const smime_recipient_spec *specs,
				     size_t n, smime_oid_id content_alg,
				     const uint8_t *content, size_t len)
{
	asn1_node env = NULL;
	smime_content_alg a;
	uint8_t cek[32];
	smime_buf ct = SMIME_BUF_INIT, der = SMIME_BUF_INIT;
	unsigned version = 0;
	int rc;

	if (out == NULL || (specs == NULL && n > 0) || (content == NULL && len > 0))
		return SMIME_E_INVALID_ARGUMENT;
	if (n == 0)
		return SMIME_E_STATE;
	memset(&a, 0, sizeof a);
	if ((rc = smime_cms__content_alg_new(&a, content_alg)) != SMIME_OK)
		return rc;
	if (a.aead || a.cbc == NULL)
		return SMIME_E_INVALID_ARGUMENT; /* AEAD: AuthEnvelopedData */
	if (a.key_size == 0 || a.key_size > sizeof cek)
		return SMIME_E_INTERNAL;
	if ((rc = smime_crypto__random(cek, a.key_size)) != SMIME_OK)
		goto out;
	if ((rc = smime_der__create(&env, "CMS.EnvelopedData")) != SMIME_OK)
		goto out;
	if ((rc = smime_cms__recipient_infos_build(env, "recipientInfos", specs, n, cek,
						   a.key_size, &version)) != SMIME_OK)
		goto out;
	/* §6.1: no originatorInfo and no unprotectedAttrs, so the version is
	 * what the recipients need */
	if ((rc = smime_der__write_uint(env, "version", version)) != SMIME_OK ||
	    (rc = smime_der__omit(env, "originatorInfo")) != SMIME_OK ||
	    (rc = smime_der__omit(env, "unprotectedAttrs")) != SMIME_OK)
		goto out;
	rc = smime_der__write_str(env, "encryptedContentInfo.contentType",
				  smime_oid__dotted(SMIME_OID_DATA));
	if (rc == SMIME_OK)
		rc = smime_cms__content_alg_write(&a, env,
						  "encryptedContentInfo.contentEncryptionAlgorithm");
	if (rc == SMIME_OK)
		rc = smime_cms__content_cbc(&ct, &a, true, cek, a.key_size, content, len);
	if (rc == SMIME_OK)
		rc = smime_der__write(env, "encryptedContentInfo.encryptedContent", ct.data, ct.len);
	if (rc == SMIME_OK)
		rc = smime_der__encode(&der, env, NULL);
	if (rc == SMIME_OK)
		rc = smime_cms__content_info_encode(out, SMIME_OID_ENVELOPED_DATA, der.data, der.len);
out:
	smime_wipe(cek, sizeof cek);
	smime_wipe(&a, sizeof a);
	smime_buf_free(&ct);
	smime_buf_free(&der);
	smime_der__free(&env);
	return rc;
}

typedef struct env_try {
	const smime_content_alg *alg;
	const smime_buf *ct;
	smime_buf plain;
} env_try;

/* One candidate CEK: the plaintext is kept only when the padding checks. */
static int try_cek(void *ctx, const uint8_t *cek, size_t cek_len)
{
	env_try *t = ctx;
	smime_buf res = SMIME_BUF_INIT;
	int rc = smime_cms__content_cbc(&res, t->alg, false, cek, cek_len, t->ct->data, t->ct->len);

	if (rc == SMIME_E_NO_MEMORY || rc == SMIME_E_LIMIT)
		return rc;
	if (rc != SMIME_OK)
		return SMIME_E_DECRYPT;
	smime_buf_free_secret(&t->plain);
	smime_buf__move(&t->plain, &res);
	return SMIME_OK;
}

int smime_cms__enveloped_data_decrypt(smime_buf *out, const uint8_t *der, size_t len,
				      const smime_recipient_secret *secrets, size_t n,
				      smime_attr_list *attrs)
{
	static const char *const attr_sets[] = { "unprotectedAttrs" };
	asn1_node env = NULL;
	smime_content_alg a;
	smime_buf ct = SMIME_BUF_INIT;
	smime_attr_list got = { NULL, 0 };
	env_try t;
	int rc;

	if (out == NULL || der == NULL || (secrets == NULL && n > 0))
		return SMIME_E_INVALID_ARGUMENT;
	memset(&a, 0, sizeof a);
	memset(&t, 0, sizeof t);
	if ((rc = smime_der__decode(&env, "CMS.EnvelopedData", der, len)) != SMIME_OK)
		return rc;
	if ((rc = smime_cms__attr_limit(env, attr_sets, SMIME_ARRAY_SIZE(attr_sets))) != SMIME_OK)
		goto out;
	if ((rc = smime_cms__content_alg_read(&a, env,
					      "encryptedContentInfo.contentEncryptionAlgorithm")) != SMIME_OK)
		goto out;
	if (a.aead || a.cbc == NULL || a.key_size == 0) {
		rc = SMIME_E_UNSUPPORTED;
		goto out;
	}
	if (!smime_der__exists(env, "encryptedContentInfo.encryptedContent")) {
		rc = SMIME_E_UNSUPPORTED; /* detached encrypted content */
		goto out;
	}
	if ((rc = smime_der__read(&ct, env, "encryptedContentInfo.encryptedContent")) != SMIME_OK)
		goto out;
	t.alg = &a;
	t.ct = &ct;
	rc = smime_cms__recipient_infos_decrypt(env, "recipientInfos", secrets, n, a.key_size,
						try_cek, &t);
	/* the attributes only once the content has decrypted */
	if (rc == SMIME_OK && attrs != NULL)
		rc = smime_cms__attr_list_collect(&got, env, der, len, "unprotectedAttrs",
						  SMIME_CMS_ATTRS_UNPROTECTED);
	if (rc == SMIME_OK) {
		smime_buf_free_secret(out);
		smime_buf__move(out, &t.plain);
		if (attrs != NULL)
			smime_cms__attr_list_move(attrs, &got);
	}
out:
	smime_cms__attr_list_free(&got);
	smime_buf_free_secret(&t.plain);
	smime_wipe(&a, sizeof a);
	smime_buf_free(&ct);
	smime_der__free(&env);
	return rc;
}
