/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * AuthEnvelopedData (RFC 5083): content encrypted with an AEAD algorithm
 * (AES-GCM and AES-CCM of RFC 5084, ChaCha20-Poly1305 of RFC 8103), the
 * content key for every recipient (recipient-info.c), and the tag in the
 * mac field.
 *
 * libsmime writes version 0, no originatorInfo, id-data content and no
 * attributes (RFC 5083 §2.1 requires authAttrs only for other content
 * types). On input, authAttrs are authenticated as §2.2 says: the AAD is
 * their DER encoding with an EXPLICIT SET OF tag, taken from the bytes as
 * received. Both authAttrs and unauthAttrs are handed to the caller, as
 * received, once the tag has verified.
 *
 * The plaintext of a candidate content key stays in a private buffer and
 * leaves only once the tag has verified (the crypto layer wipes it on a
 * bad tag).
 */
#include "cms/cms.h"

#include <string.h>

int smime_cms__auth_enveloped_data_create(smime_buf *out, const smime_recipient_spec *specs,
					  size_t n, smime_oid_id aead_alg,
					  const uint8_t *content, size_t len)
{
	asn1_node node = NULL;
	smime_content_alg a;
	uint8_t cek[32], tag[16];
	smime_buf ct = SMIME_BUF_INIT, der = SMIME_BUF_INIT;
	unsigned version = 0;
	int rc;

	if (out == NULL || (specs == NULL && n > 0) || (content == NULL && len > 0))
		return SMIME_E_INVALID_ARGUMENT;
	if (n == 0)
		return SMIME_E_STATE;
	if ((rc = smime_cms__content_alg_new(&a, aead_alg)) != SMIME_OK)
		return rc;
	if (!a.aead)
		return SMIME_E_INVALID_ARGUMENT; /* CBC: EnvelopedData */
	if (a.key_size == 0 || a.key_size > sizeof cek || a.tag_len > sizeof tag)
		return SMIME_E_INTERNAL;
	if ((rc = smime_crypto__random(cek, a.key_size)) != SMIME_OK)
		goto out;
	if ((rc = smime_der__create(&node, "CMS.AuthEnvelopedData")) != SMIME_OK)
		goto out;
	if ((rc = smime_cms__recipient_infos_build(node, "recipientInfos", specs, n, cek,
						   a.key_size, &version)) != SMIME_OK)
		goto out;
	/* RFC 5083 §2.1: the version is always 0 */
	if ((rc = smime_der__write_uint(node, "version", 0)) != SMIME_OK ||
	    (rc = smime_der__omit(node, "originatorInfo")) != SMIME_OK ||
	    (rc = smime_der__omit(node, "authAttrs")) != SMIME_OK ||
	    (rc = smime_der__omit(node, "unauthAttrs")) != SMIME_OK)
		goto out;
	rc = smime_der__write_str(node, "authEncryptedContentInfo.contentType",
				  smime_oid__dotted(SMIME_OID_DATA));
	if (rc == SMIME_OK)
		rc = smime_cms__content_alg_write(&a, node,
						  "authEncryptedContentInfo.contentEncryptionAlgorithm");
	if (rc == SMIME_OK)
		rc = smime_buf__reserve(&ct, len);
	if (rc != SMIME_OK)
		goto out;
	/* no authAttrs: the AAD is empty (§2.2) */
	rc = smime_crypto__aead_encrypt(a.aead_desc, cek, a.key_size, a.iv, a.iv_len, NULL, 0,
					content, len, ct.data, tag, a.tag_len);
	if (rc != SMIME_OK)
		goto out;
	ct.len = len;
	if ((rc = smime_der__write(node, "authEncryptedContentInfo.encryptedContent", ct.data,
				   ct.len)) != SMIME_OK ||
	    (rc = smime_der__write(node, "mac", tag, a.tag_len)) != SMIME_OK ||
	    (rc = smime_der__encode(&der, node, NULL)) != SMIME_OK)
		goto out;
	rc = smime_cms__content_info_encode(out, SMIME_OID_AUTH_ENVELOPED_DATA, der.data, der.len);
out:
	smime_wipe(cek, sizeof cek);
	smime_wipe(&a, sizeof a);
	smime_buf_free(&ct);
	smime_buf_free(&der);
	smime_der__free(&node);
	return rc;
}

typedef struct aead_try {
	const smime_content_alg *alg;
	const smime_buf *ct;
	const smime_buf *tag;
	const smime_buf *aad;
	smime_buf plain;
} aead_try;

/* One candidate CEK: the plaintext is kept only when the tag verifies. */
static int try_cek(void *ctx, const uint8_t *cek, size_t cek_len)
{
	aead_try *t = ctx;
	smime_buf res = SMIME_BUF_INIT;
	int rc = smime_buf__reserve(&res, t->ct->len);

	if (rc != SMIME_OK)
		return rc;
	rc = smime_crypto__aead_decrypt(t->alg->aead_desc, cek, cek_len, t->alg->iv,
					t->alg->iv_len, t->aad->data, t->aad->len,
					t->ct->data, t->ct->len, t->tag->data, t->tag->len,
					res.data);
	if (rc != SMIME_OK) {
		smime_wipe(res.data, t->ct->len);
		smime_buf_free(&res);
		return (rc == SMIME_E_NO_MEMORY || rc == SMIME_E_LIMIT) ? rc : SMIME_E_DECRYPT;
	}
	res.len = t->ct->len;
	res.data[res.len] = 0;
	smime_buf_free_secret(&t->plain);
	smime_buf__move(&t->plain, &res);
	return SMIME_OK;
}

/* The AAD of §2.2: authAttrs as received, with the SET OF tag. */
static int auth_attrs_aad(smime_buf *aad, asn1_node node, const uint8_t *der, size_t len)
{
	size_t start, end;
	int rc;

	if (!smime_der__exists(node, "authAttrs"))
		return SMIME_OK;
	rc = smime_der__range(node, der, len, "authAttrs", &start, &end);
	if (rc != SMIME_OK)
		return rc;
	if (start >= end || end > len || der[start] != 0xA1)
		return SMIME_E_MALFORMED;
	rc = smime_buf__set(aad, der + start, end - start);
	if (rc == SMIME_OK)
		aad->data[0] = 0x31;
	return rc;
}

int smime_cms__auth_enveloped_data_decrypt(smime_buf *out, const uint8_t *der, size_t len,
					   const smime_recipient_secret *secrets, size_t n,
					   smime_attr_list *attrs)
{
	static const char *const attr_sets[] = { "authAttrs", "unauthAttrs" };
	asn1_node node = NULL;
	smime_content_alg a;
	smime_buf ct = SMIME_BUF_INIT, tag = SMIME_BUF_INIT, aad = SMIME_BUF_INIT;
	smime_attr_list got = { NULL, 0 };
	char ctype[SMIME_OID_MAX];
	unsigned long version = 0;
	aead_try t;
	int rc;

	if (out == NULL || der == NULL || (secrets == NULL && n > 0))
		return SMIME_E_INVALID_ARGUMENT;
	memset(&a, 0, sizeof a);
	memset(&t, 0, sizeof t);
	if ((rc = smime_der__decode(&node, "CMS.AuthEnvelopedData", der, len)) != SMIME_OK)
		return rc;
	if ((rc = smime_cms__attr_limit(node, attr_sets, SMIME_ARRAY_SIZE(attr_sets))) != SMIME_OK)
		goto out;
	if ((rc = smime_der__read_uint(node, "version", &version)) != SMIME_OK)
		goto out;
	if (version != 0) {
		rc = SMIME_E_UNSUPPORTED;
		goto out;
	}
	if ((rc = smime_der__read_oid(node, "authEncryptedContentInfo.contentType",
				      ctype)) != SMIME_OK)
		goto out;
	if ((rc = smime_cms__content_alg_read(&a, node,
					      "authEncryptedContentInfo.contentEncryptionAlgorithm")) != SMIME_OK)
		goto out;
	if (!a.aead) {
		rc = SMIME_E_UNSUPPORTED; /* RFC 5083 needs an AEAD algorithm */
		goto out;
	}
	if (!smime_der__exists(node, "authEncryptedContentInfo.encryptedContent")) {
		rc = SMIME_E_UNSUPPORTED; /* detached encrypted content */
		goto out;
	}
	/* §2.1: authAttrs must be present for content other than id-data */
	if (smime_oid__lookup(ctype) != SMIME_OID_DATA &&
	    !smime_der__exists(node, "authAttrs")) {
		rc = SMIME_E_MALFORMED;
		goto out;
	}
	if ((rc = smime_der__read(&ct, node, "authEncryptedContentInfo.encryptedContent")) != SMIME_OK ||
	    (rc = smime_der__read(&tag, node, "mac")) != SMIME_OK ||
	    (rc = auth_attrs_aad(&aad, node, der, len)) != SMIME_OK)
		goto out;
	/* RFC 5084: the ICV length must match the mac field */
	if (tag.len != a.tag_len) {
		rc = SMIME_E_MALFORMED;
		goto out;
	}
	t.alg = &a;
	t.ct = &ct;
	t.tag = &tag;
	t.aad = &aad;
	rc = smime_cms__recipient_infos_decrypt(node, "recipientInfos", secrets, n, a.key_size,
						try_cek, &t);
	/* the attributes only once the tag has verified */
	if (rc == SMIME_OK && attrs != NULL)
		rc = smime_cms__attr_list_collect(&got, node, der, len, "authAttrs",
						  SMIME_CMS_ATTRS_AUTHENTICATED);
	if (rc == SMIME_OK && attrs != NULL)
		rc = smime_cms__attr_list_collect(&got, node, der, len, "unauthAttrs",
						  SMIME_CMS_ATTRS_UNAUTHENTICATED);
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
	smime_buf_free(&tag);
	smime_buf_free(&aad);
	smime_der__free(&node);
	return rc;
}
