/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* EnvelopedData (RFC 5652 §6) with AES-CBC content encryption (RFC 3565). */
#include "cms/cms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_RECIPIENTS 1024

/* CBC over a whole buffer; out receives the result. */
static int cbc_all(smime_buf *out, const smime_cipher_desc *c, bool encrypt,
		   const uint8_t *key, const uint8_t *iv, const uint8_t *in, size_t len)
{
	smime_cbc_ctx ctx;
	smime_buf res = SMIME_BUF_INIT;
	size_t n = 0, m = 0;
	int rc = smime_crypto__cbc_init(&ctx, c, encrypt, key, c->key_size, iv, c->iv_size);
	if (rc != SMIME_OK)
		return rc;
	rc = smime_buf__reserve(&res, len + 2 * c->block_size);
	if (rc == SMIME_OK)
		rc = smime_crypto__cbc_update(&ctx, in, len, res.data, &n);
	if (rc == SMIME_OK)
		rc = smime_crypto__cbc_final(&ctx, res.data + n, &m);
	smime_crypto__cbc_wipe(&ctx);
	if (rc != SMIME_OK) {
		smime_buf_free_secret(&res);
		return rc;
	}
	res.len = n + m;
	res.data[res.len] = 0;
	smime_buf__move(out, &res);
	return SMIME_OK;
}

int smime_cms__enveloped_data_create(smime_buf *out, const smime_certs *recipients,
				     const smime_cipher_desc *cipher,
				     const uint8_t *content, size_t len)
{
	asn1_node env = NULL;
	uint8_t cek[32], iv[16];
	smime_buf ct = SMIME_BUF_INIT, params = SMIME_BUF_INIT, der = SMIME_BUF_INIT;
	char path[64];
	size_t n = smime_certs_count(recipients);
	int rc;

	if (n == 0)
		return SMIME_E_STATE;
	if (cipher->key_size > sizeof cek || cipher->iv_size > sizeof iv)
		return SMIME_E_INTERNAL;
	if ((rc = smime_crypto__random(cek, cipher->key_size)) != SMIME_OK ||
	    (rc = smime_crypto__random(iv, cipher->iv_size)) != SMIME_OK)
		goto out;
	if ((rc = smime_der__create(&env, "CMS.EnvelopedData")) != SMIME_OK)
		goto out;
	/* §6.1: version 0 with only ktri v0, no originatorInfo or attributes */
	if ((rc = smime_der__write_uint(env, "version", 0)) != SMIME_OK ||
	    (rc = smime_der__omit(env, "originatorInfo")) != SMIME_OK ||
	    (rc = smime_der__omit(env, "unprotectedAttrs")) != SMIME_OK)
		goto out;
	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof path, "recipientInfos.?%zu", i + 1);
		if ((rc = smime_der__append(env, "recipientInfos")) != SMIME_OK ||
		    (rc = smime_der__write_str(env, path, "ktri")) != SMIME_OK)
			goto out;
		snprintf(path, sizeof path, "recipientInfos.?%zu.ktri", i + 1);
		rc = smime_cms__ktri_build(env, path, smime_certs_get(recipients, i), cek,
					   cipher->key_size);
		if (rc != SMIME_OK)
			goto out;
	}
	rc = smime_der__write_str(env, "encryptedContentInfo.contentType",
				  smime_oid__dotted(SMIME_OID_DATA));
	if (rc == SMIME_OK)
		rc = smime_cms__der_octets(&params, iv, cipher->iv_size);
	if (rc == SMIME_OK)
		rc = smime_cms__write_alg(env, "encryptedContentInfo.contentEncryptionAlgorithm",
					  smime_oid__for_cipher(cipher->id), params.data, params.len);
	if (rc == SMIME_OK)
		rc = cbc_all(&ct, cipher, true, cek, iv, content, len);
	if (rc == SMIME_OK)
		rc = smime_der__write(env, "encryptedContentInfo.encryptedContent", ct.data, ct.len);
	if (rc == SMIME_OK)
		rc = smime_der__encode(&der, env, NULL);
	if (rc == SMIME_OK)
		rc = smime_cms__content_info_encode(out, SMIME_OID_ENVELOPED_DATA, der.data, der.len);
out:
	smime_wipe(cek, sizeof cek);
	smime_buf_free(&ct);
	smime_buf_free(&params);
	smime_buf_free(&der);
	smime_der__free(&env);
	return rc;
}

/* The content-encryption algorithm and its IV (RFC 3565 §4.1: the AES-CBC
 * parameter is an OCTET STRING of 16 bytes). */
static int read_content_alg(asn1_node env, const smime_cipher_desc **cipher, uint8_t *iv)
{
	char oid[SMIME_OID_MAX];
	smime_buf p = SMIME_BUF_INIT, v = SMIME_BUF_INIT;
	asn1_node n = NULL;
	int rc = smime_der__read_oid(env, "encryptedContentInfo.contentEncryptionAlgorithm.algorithm", oid);
	if (rc != SMIME_OK)
		return rc;
	const smime_oid_entry *e = smime_oid__find(oid);
	if (e == NULL || e->kind != SMIME_OID_KIND_CIPHER || e->cipher < 0)
		return SMIME_E_UNSUPPORTED;
	*cipher = smime_crypto__cipher_get((smime_cipher_id)e->cipher);
	if (*cipher == NULL)
		return SMIME_E_UNSUPPORTED;
	rc = smime_der__read(&p, env, "encryptedContentInfo.contentEncryptionAlgorithm.parameters");
	if (rc == SMIME_OK)
		rc = smime_der__decode(&n, "CMS.MessageDigest", p.data, p.len);
	if (rc == SMIME_OK)
		rc = smime_der__read(&v, n, "");
	if (rc == SMIME_OK && v.len != (*cipher)->iv_size)
		rc = SMIME_E_MALFORMED;
	if (rc == SMIME_OK)
		memcpy(iv, v.data, v.len);
	smime_der__free(&n);
	smime_buf_free(&p);
	smime_buf_free(&v);
	return rc == SMIME_OK ? rc : SMIME_E_MALFORMED;
}

int smime_cms__enveloped_data_decrypt(smime_buf *out, const uint8_t *der, size_t len,
				      const smime_recipient_key *keys, size_t key_count)
{
	asn1_node env = NULL;
	const smime_cipher_desc *cipher = NULL;
	uint8_t iv[16], cek[32];
	smime_buf ct = SMIME_BUF_INIT;
	char path[64], choice[32];
	unsigned n = 0;
	bool candidate = false;
	int rc;

	if ((rc = smime_der__decode(&env, "CMS.EnvelopedData", der, len)) != SMIME_OK)
		return rc;
	if ((rc = read_content_alg(env, &cipher, iv)) != SMIME_OK)
		goto out;
	if (!smime_der__exists(env, "encryptedContentInfo.encryptedContent")) {
		rc = SMIME_E_UNSUPPORTED; /* detached encrypted content */
		goto out;
	}
	if ((rc = smime_der__read(&ct, env, "encryptedContentInfo.encryptedContent")) != SMIME_OK ||
	    (rc = smime_der__count(env, "recipientInfos", &n)) != SMIME_OK)
		goto out;
	if (n == 0 || n > MAX_RECIPIENTS) {
		rc = n ? SMIME_E_LIMIT : SMIME_E_MALFORMED;
		goto out;
	}
	rc = SMIME_E_NO_RECIPIENT;
	for (size_t k = 0; k < key_count; k++) {
		for (unsigned i = 1; i <= n; i++) {
			snprintf(path, sizeof path, "recipientInfos.?%u", i);
			/* Unknown recipient kinds are skipped, never an error. */
			if (smime_der__read_choice(env, path, choice, sizeof choice) != SMIME_OK ||
			    strcmp(choice, "ktri") != 0)
				continue;
			snprintf(path, sizeof path, "recipientInfos.?%u.ktri", i);
			if (!smime_cms__ktri_matches(env, path, &keys[k]))
				continue;
			candidate = true;
			rc = smime_cms__ktri_decrypt(env, path, &keys[k], cek, cipher->key_size);
			if (rc == SMIME_OK)
				rc = cbc_all(out, cipher, false, cek, iv, ct.data, ct.len);
			smime_wipe(cek, sizeof cek);
			if (rc == SMIME_OK)
				goto out;
			if (rc == SMIME_E_DECRYPT && keys[k].cert != NULL)
				break; /* the identified recipient failed: no more guessing */
		}
	}
	if (!candidate)
		rc = SMIME_E_NO_RECIPIENT;
out:
	smime_wipe(cek, sizeof cek);
	smime_buf_free(&ct);
	smime_der__free(&env);
	return rc;
}
