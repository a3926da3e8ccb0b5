/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * DigestedData (RFC 5652 §7): content with a digest of it, an integrity
 * check without a key. libsmime writes version 0 (id-data) and SHA-2
 * with absent parameters (RFC 5754 §2). open accepts versions 0 and 2,
 * SHA-1 (RFC 4134 §6 uses it; nothing secret depends on it here), the
 * SHA-2 and SHA-3 family; MD5 and unknown digests are refused.
 */
#include "cms/cms.h"

#include <string.h>

int smime_cms__digested_data_create(smime_buf *out, const smime_digest_desc *d,
				    const uint8_t *content, size_t len)
{
	asn1_node node = NULL;
	smime_buf der = SMIME_BUF_INIT;
	uint8_t md[SMIME_DIGEST_MAX_SIZE];
	smime_oid_id oid;
	int rc;

	if (out == NULL || d == NULL || (content == NULL && len > 0))
		return SMIME_E_INVALID_ARGUMENT;
	if (smime_crypto__digest_get(d->id) != d || d->digest_size > sizeof md)
		return SMIME_E_INVALID_ARGUMENT;
	oid = smime_oid__for_digest(d->id);
	if (oid == SMIME_OID_UNKNOWN)
		return SMIME_E_UNSUPPORTED;
	smime_crypto__digest(d, content, len, md);
	if ((rc = smime_der__create(&node, "CMS.DigestedData")) != SMIME_OK)
		return rc;
	/* §7.1: version 0 for id-data */
	if ((rc = smime_der__write_uint(node, "version", 0)) == SMIME_OK &&
	    (rc = smime_cms__write_alg(node, "digestAlgorithm", oid, NULL, 0)) == SMIME_OK &&
	    (rc = smime_der__write_str(node, "encapContentInfo.eContentType",
				       smime_oid__dotted(SMIME_OID_DATA))) == SMIME_OK &&
	    (rc = smime_der__write(node, "encapContentInfo.eContent", content, len)) == SMIME_OK &&
	    (rc = smime_der__write(node, "digest", md, d->digest_size)) == SMIME_OK &&
	    (rc = smime_der__encode(&der, node, NULL)) == SMIME_OK)
		rc = smime_cms__content_info_encode(out, SMIME_OID_DIGESTED_DATA, der.data, der.len);
	smime_buf_free(&der);
	smime_der__free(&node);
	return rc;
}

/* The digest named by digestAlgorithm (parameters absent or NULL). */
static int read_digest_alg(const smime_digest_desc **d, asn1_node node)
{
	char oid[SMIME_OID_MAX];
	const smime_oid_entry *e;
	smime_buf params = SMIME_BUF_INIT;
	int rc = smime_der__read_oid(node, "digestAlgorithm.algorithm", oid);

	if (rc != SMIME_OK)
		return rc;
	e = smime_oid__find(oid);
	if (e != NULL && e->id == SMIME_OID_MD5)
		return SMIME_E_WEAK_ALGORITHM;
	if (e == NULL || e->kind != SMIME_OID_KIND_DIGEST || e->digest < 0 ||
	    (*d = smime_crypto__digest_get((smime_digest_id)e->digest)) == NULL)
		return SMIME_E_UNSUPPORTED;
	if (!smime_der__exists(node, "digestAlgorithm.parameters"))
		return SMIME_OK;
	rc = smime_der__read(&params, node, "digestAlgorithm.parameters");
	if (rc == SMIME_OK &&
	    !(params.len == 2 && params.data[0] == 0x05 && params.data[1] == 0x00))
		rc = SMIME_E_MALFORMED;
	smime_buf_free(&params);
	return rc;
}

int smime_cms__digested_data_open(smime_buf *out, const uint8_t *der, size_t len)
{
	asn1_node node = NULL;
	const smime_digest_desc *d = NULL;
	smime_buf content = SMIME_BUF_INIT, digest = SMIME_BUF_INIT;
	uint8_t md[SMIME_DIGEST_MAX_SIZE];
	unsigned long version = 0;
	int rc;

	if (out == NULL || der == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if ((rc = smime_der__decode(&node, "CMS.DigestedData", der, len)) != SMIME_OK)
		return rc;
	if ((rc = smime_der__read_uint(node, "version", &version)) != SMIME_OK)
		goto out;
	if (version != 0 && version != 2) {
		rc = SMIME_E_UNSUPPORTED;
		goto out;
	}
	if ((rc = read_digest_alg(&d, node)) != SMIME_OK)
		goto out;
	if (!smime_der__exists(node, "encapContentInfo.eContent")) {
		rc = SMIME_E_NO_CONTENT;
		goto out;
	}
	if ((rc = smime_der__read(&content, node, "encapContentInfo.eContent")) != SMIME_OK ||
	    (rc = smime_der__read(&digest, node, "digest")) != SMIME_OK)
		goto out;
	smime_crypto__digest(d, content.data, content.len, md);
	if (digest.len != d->digest_size || !smime_memeq_ct(digest.data, md, digest.len)) {
		rc = SMIME_E_BAD_SIGNATURE;
		goto out;
	}
	smime_buf_free(out);
	smime_buf__move(out, &content);
out:
	smime_buf_free(&content);
	smime_buf_free(&digest);
	smime_der__free(&node);
	return rc;
}
