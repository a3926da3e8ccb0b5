/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * AuthenticatedData (RFC 5652 §9): content in the clear with an HMAC whose
 * key reaches each recipient through a RecipientInfo (recipient-info.c).
 *
 * libsmime writes version 0 (no originatorInfo), macAlgorithm
 * hmacWithSHA256/384/512 with NULL parameters (RFC 8018 §B.1), the
 * digestAlgorithm of the same hash, and authAttrs with content-type and
 * message-digest (§9.2), so the MAC covers the DER of authAttrs (with a
 * SET OF tag) and the attributes bind the content.
 *
 * The MAC key length: RecipientInfos carry the key without saying how
 * long it is, and key transport needs the length up front. libsmime uses
 * the output size of the hash (HMAC-SHA-256: 32 bytes, -384: 48, -512:
 * 64), the convention of RFC 2104 §3 and of Bouncy Castle's generator, both
 * to create and to verify; a message whose key has another length does
 * not verify.
 *
 * verify: every candidate key is checked by recomputing the MAC and
 * comparing in constant time; then the content-type and message-digest
 * attributes are checked; only then is the content handed out. A MAC or
 * digest that does not match is SMIME_E_BAD_SIGNATURE. authAttrs and
 * unauthAttrs go to the caller, as received, with the content.
 */
#include "cms/cms.h"

#include <stdio.h>
#include <string.h>

static const struct {
	smime_oid_id oid;
	smime_digest_id digest;
} macs[] = {
	{ SMIME_OID_HMAC_SHA256, SMIME_DIGEST_SHA256 },
	{ SMIME_OID_HMAC_SHA384, SMIME_DIGEST_SHA384 },
	{ SMIME_OID_HMAC_SHA512, SMIME_DIGEST_SHA512 },
};

static const smime_digest_desc *mac_digest(smime_oid_id oid)
{
	for (size_t i = 0; i < SMIME_ARRAY_SIZE(macs); i++)
		if (macs[i].oid == oid)
			return smime_crypto__digest_get(macs[i].digest);
	return NULL;
}

static int hmac(const smime_digest_desc *d, const uint8_t *key, size_t key_len,
		const uint8_t *data, size_t len, uint8_t *out)
{
	smime_hmac_ctx ctx;
	int rc = smime_crypto__hmac_init(&ctx, d, key, key_len);
	if (rc != SMIME_OK) {
		smime_wipe(&ctx, sizeof ctx);
		return rc;
	}
	smime_crypto__hmac_update(&ctx, data, len);
	smime_crypto__hmac_final(&ctx, out);
	return SMIME_OK;
}

/* content-type (id-data) and message-digest of the content */
static int build_auth_attrs(asn1_node node, const smime_digest_desc *d,
			    const uint8_t *content, size_t len)
{
	smime_buf v = SMIME_BUF_INIT;
	uint8_t md[SMIME_DIGEST_MAX_SIZE];
	int rc = smime_cms__der_oid(&v, smime_oid__dotted(SMIME_OID_DATA));

	if (rc == SMIME_OK)
		rc = smime_cms__attr_add(node, "authAttrs", SMIME_OID_ATTR_CONTENT_TYPE, v.data,
					 v.len);
	smime_buf_free(&v);
	if (rc != SMIME_OK)
		return rc;
	smime_crypto__digest(d, content, len, md);
	rc = smime_cms__der_octets(&v, md, d->digest_size);
	if (rc == SMIME_OK)
		rc = smime_cms__attr_add(node, "authAttrs", SMIME_OID_ATTR_MESSAGE_DIGEST, v.data,
					 v.len);
	smime_buf_free(&v);
	return rc;
}

int smime_cms__authenticated_data_create(smime_buf *out, const smime_recipient_spec *specs,
					 size_t n, smime_oid_id hmac_alg,
					 const uint8_t *content, size_t len)
{
	asn1_node node = NULL;
	const smime_digest_desc *d;
	uint8_t key[SMIME_DIGEST_MAX_SIZE], mac[SMIME_DIGEST_MAX_SIZE];
	smime_buf attrs = SMIME_BUF_INIT, der = SMIME_BUF_INIT;
	unsigned version = 0;
	int rc;

	if (out == NULL || (specs == NULL && n > 0) || (content == NULL && len > 0))
		return SMIME_E_INVALID_ARGUMENT;
	if (n == 0)
		return SMIME_E_STATE;
	d = mac_digest(hmac_alg);
	if (d == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (d->digest_size > sizeof key)
		return SMIME_E_INTERNAL;
	if ((rc = smime_crypto__random(key, d->digest_size)) != SMIME_OK)
		goto out;
	if ((rc = smime_der__create(&node, "CMS.AuthenticatedData")) != SMIME_OK)
		goto out;
	if ((rc = smime_cms__recipient_infos_build(node, "recipientInfos", specs, n, key,
						   d->digest_size, &version)) != SMIME_OK)
		goto out;
	/* §9.1: version 0 without originatorInfo, whatever the recipients */
	if ((rc = smime_der__write_uint(node, "version", 0)) != SMIME_OK ||
	    (rc = smime_der__omit(node, "originatorInfo")) != SMIME_OK ||
	    (rc = smime_der__omit(node, "unauthAttrs")) != SMIME_OK)
		goto out;
	if ((rc = smime_cms__write_alg(node, "macAlgorithm", hmac_alg, smime_cms__der_null,
				       sizeof smime_cms__der_null)) != SMIME_OK)
		goto out;
	/* RFC 5754 §2: SHA-2 parameters absent */
	if ((rc = smime_cms__write_alg(node, "digestAlgorithm", smime_oid__for_digest(d->id),
				       NULL, 0)) != SMIME_OK)
		goto out;
	rc = smime_der__write_str(node, "encapContentInfo.eContentType",
				  smime_oid__dotted(SMIME_OID_DATA));
	if (rc == SMIME_OK)
		rc = smime_der__write(node, "encapContentInfo.eContent", content, len);
	if (rc == SMIME_OK)
		rc = build_auth_attrs(node, d, content, len);
	/* §9.2: the MAC covers the DER of authAttrs with a SET OF tag;
	 * libtasn1 sorts the SET OF when encoding, so these are the bytes
	 * that go out */
	if (rc == SMIME_OK)
		rc = smime_der__encode(&attrs, node, "authAttrs");
	if (rc == SMIME_OK && (attrs.len < 2 || attrs.data[0] != 0xA2))
		rc = SMIME_E_INTERNAL;
	if (rc != SMIME_OK)
		goto out;
	attrs.data[0] = 0x31;
	if ((rc = hmac(d, key, d->digest_size, attrs.data, attrs.len, mac)) != SMIME_OK)
		goto out;
	if ((rc = smime_der__write(node, "mac", mac, d->digest_size)) != SMIME_OK ||
	    (rc = smime_der__encode(&der, node, NULL)) != SMIME_OK)
		goto out;
	rc = smime_cms__content_info_encode(out, SMIME_OID_AUTH_DATA, der.data, der.len);
out:
	smime_wipe(key, sizeof key);
	smime_buf_free(&attrs);
	smime_buf_free(&der);
	smime_der__free(&node);
	return rc;
}

typedef struct mac_try {
	const smime_digest_desc *d;
	const smime_buf *input;   /* MAC input (§9.2) */
	const smime_buf *mac;
	bool tried;
} mac_try;

static int try_key(void *ctx, const uint8_t *key, size_t key_len)
{
	mac_try *t = ctx;
	uint8_t mac[SMIME_DIGEST_MAX_SIZE];
	int rc = hmac(t->d, key, key_len, t->input->data, t->input->len, mac);

	if (rc != SMIME_OK)
		return SMIME_E_DECRYPT;
	t->tried = true;
	rc = smime_memeq_ct(mac, t->mac->data, t->d->digest_size) ? SMIME_OK : SMIME_E_DECRYPT;
	smime_wipe(mac, sizeof mac);
	return rc;
}

/* The single value (a TLV) of attribute `type` in authAttrs (§11.1,
 * §11.2: exactly one attribute with exactly one value), decoded as
 * `asn1_type` into *v. */
static int attr_value(asn1_node *v, asn1_node node, smime_oid_id type, const char *asn1_type)
{
	char path[64];
	unsigned index = 0, count = 0, values = 0;
	smime_buf tlv = SMIME_BUF_INIT;
	int rc = smime_cms__attr_find(node, "authAttrs", type, &index, &count);

	if (rc != SMIME_OK)
		return rc;
	if (count != 1)
		return SMIME_E_MALFORMED;
	snprintf(path, sizeof path, "authAttrs.?%u.attrValues", index);
	if ((rc = smime_der__count(node, path, &values)) != SMIME_OK)
		return rc;
	if (values != 1)
		return SMIME_E_MALFORMED;
	snprintf(path, sizeof path, "authAttrs.?%u.attrValues.?1", index);
	if ((rc = smime_der__read(&tlv, node, path)) == SMIME_OK)
		rc = smime_der__decode(v, asn1_type, tlv.data, tlv.len);
	smime_buf_free(&tlv);
	return rc;
}

/* §9.2/§9.3: with authAttrs, the MAC input is their DER (SET OF tag, bytes
 * as received); they must carry content-type and message-digest, and a
 * digestAlgorithm must be named. */
static int mac_input_from_attrs(smime_buf *input, const smime_digest_desc **md_desc,
				asn1_node node, const uint8_t *der, size_t len)
{
	char oid[SMIME_OID_MAX];
	const smime_oid_entry *e;
	smime_buf params = SMIME_BUF_INIT;
	size_t start, end;
	int rc;

	if (!smime_der__exists(node, "digestAlgorithm"))
		return SMIME_E_MALFORMED;
	if ((rc = smime_der__read_oid(node, "digestAlgorithm.algorithm", oid)) != SMIME_OK)
		return rc;
	e = smime_oid__find(oid);
	if (e == NULL || e->kind != SMIME_OID_KIND_DIGEST || e->digest < 0 ||
	    (*md_desc = smime_crypto__digest_get((smime_digest_id)e->digest)) == NULL)
		return SMIME_E_UNSUPPORTED; /* MD5 and unknown digests */
	if (smime_der__exists(node, "digestAlgorithm.parameters")) {
		rc = smime_der__read(&params, node, "digestAlgorithm.parameters");
		bool null = params.len == 2 && params.data[0] == 0x05 && params.data[1] == 0x00;
		smime_buf_free(&params);
		if (rc != SMIME_OK)
			return rc;
		if (!null)
			return SMIME_E_MALFORMED;
	}
	rc = smime_der__range(node, der, len, "authAttrs", &start, &end);
	if (rc != SMIME_OK)
		return rc;
	if (start >= end || end > len || der[start] != 0xA2)
		return SMIME_E_MALFORMED;
	rc = smime_buf__set(input, der + start, end - start);
	if (rc == SMIME_OK)
		input->data[0] = 0x31;
	return rc;
}

/* After the MAC: content-type must match eContentType, message-digest the
 * digest of the content (§9.3). */
static int check_attrs(asn1_node node, const char *ctype, const smime_digest_desc *md_desc,
		       const smime_buf *content)
{
	asn1_node v = NULL;
	smime_buf md_attr = SMIME_BUF_INIT;
	char oid[SMIME_OID_MAX];
	uint8_t md[SMIME_DIGEST_MAX_SIZE];
	int rc = attr_value(&v, node, SMIME_OID_ATTR_CONTENT_TYPE, "CMS.ContentType");

	if (rc == SMIME_OK)
		rc = smime_der__read_oid(v, "", oid);
	smime_der__free(&v);
	if (rc != SMIME_OK)
		return rc;
	if (strcmp(oid, ctype) != 0)
		return SMIME_E_BAD_SIGNATURE;
	rc = attr_value(&v, node, SMIME_OID_ATTR_MESSAGE_DIGEST, "CMS.MessageDigest");
	if (rc == SMIME_OK)
		rc = smime_der__read(&md_attr, v, "");
	smime_der__free(&v);
	if (rc != SMIME_OK)
		return rc;
	smime_crypto__digest(md_desc, content->data, content->len, md);
	if (md_attr.len != md_desc->digest_size || !smime_memeq_ct(md_attr.data, md, md_attr.len))
		rc = SMIME_E_BAD_SIGNATURE;
	smime_buf_free(&md_attr);
	return rc;
}

int smime_cms__authenticated_data_verify(smime_buf *out, const uint8_t *der, size_t len,
					 const smime_recipient_secret *secrets, size_t n,
					 smime_attr_list *attrs)
{
	static const char *const attr_sets[] = { "authAttrs", "unauthAttrs" };
	smime_attr_list got = { NULL, 0 };
	asn1_node node = NULL;
	char oid[SMIME_OID_MAX], ctype[SMIME_OID_MAX];
	const smime_digest_desc *d, *md_desc = NULL;
	smime_buf content = SMIME_BUF_INIT, mac = SMIME_BUF_INIT, input = SMIME_BUF_INIT;
	smime_buf params = SMIME_BUF_INIT;
	bool has_attrs;
	mac_try t;
	int rc;

	if (out == NULL || der == NULL || (secrets == NULL && n > 0))
		return SMIME_E_INVALID_ARGUMENT;
	memset(&t, 0, sizeof t);
	if ((rc = smime_der__decode(&node, "CMS.AuthenticatedData", der, len)) != SMIME_OK)
		return rc;
	if ((rc = smime_cms__attr_limit(node, attr_sets, SMIME_ARRAY_SIZE(attr_sets))) != SMIME_OK)
		goto out;
	if ((rc = smime_der__read_oid(node, "macAlgorithm.algorithm", oid)) != SMIME_OK)
		goto out;
	d = mac_digest(smime_oid__lookup(oid));
	if (d == NULL) {
		rc = SMIME_E_UNSUPPORTED;
		goto out;
	}
	/* parameters absent or NULL */
	if (smime_der__exists(node, "macAlgorithm.parameters")) {
		if ((rc = smime_der__read(&params, node, "macAlgorithm.parameters")) != SMIME_OK)
			goto out;
		if (!(params.len == 2 && params.data[0] == 0x05 && params.data[1] == 0x00)) {
			rc = SMIME_E_MALFORMED;
			goto out;
		}
	}
	if ((rc = smime_der__read_oid(node, "encapContentInfo.eContentType", ctype)) != SMIME_OK)
		goto out;
	if (!smime_der__exists(node, "encapContentInfo.eContent")) {
		rc = SMIME_E_NO_CONTENT; /* detached content: not supported here */
		goto out;
	}
	if ((rc = smime_der__read(&content, node, "encapContentInfo.eContent")) != SMIME_OK ||
	    (rc = smime_der__read(&mac, node, "mac")) != SMIME_OK)
		goto out;
	if (mac.len != d->digest_size) {
		rc = SMIME_E_MALFORMED;
		goto out;
	}
	has_attrs = smime_der__exists(node, "authAttrs");
	if (has_attrs) {
		rc = mac_input_from_attrs(&input, &md_desc, node, der, len);
	} else if (smime_oid__lookup(ctype) != SMIME_OID_DATA) {
		rc = SMIME_E_MALFORMED; /* §9.1: authAttrs required */
	} else {
		/* §9.2: the eContent octets */
		rc = smime_buf__set(&input, content.data, content.len);
	}
	if (rc != SMIME_OK)
		goto out;
	t.d = d;
	t.input = &input;
	t.mac = &mac;
	rc = smime_cms__recipient_infos_decrypt(node, "recipientInfos", secrets, n,
						d->digest_size, try_key, &t);
	if (rc == SMIME_E_DECRYPT && t.tried)
		rc = SMIME_E_BAD_SIGNATURE;
	if (rc == SMIME_OK && has_attrs)
		rc = check_attrs(node, ctype, md_desc, &content);
	/* the attributes only once the MAC and the digest have checked */
	if (rc == SMIME_OK && attrs != NULL)
		rc = smime_cms__attr_list_collect(&got, node, der, len, "authAttrs",
						  SMIME_CMS_ATTRS_AUTHENTICATED);
	if (rc == SMIME_OK && attrs != NULL)
		rc = smime_cms__attr_list_collect(&got, node, der, len, "unauthAttrs",
						  SMIME_CMS_ATTRS_UNAUTHENTICATED);
	if (rc == SMIME_OK) {
		smime_buf_free_secret(out);
		smime_buf__move(out, &content);
		if (attrs != NULL)
			smime_cms__attr_list_move(attrs, &got);
	}
out:
	smime_cms__attr_list_free(&got);
	smime_buf_free_secret(&content);
	smime_buf_free(&mac);
	smime_buf_free(&input);
	smime_buf_free(&params);
	smime_der__free(&node);
	return rc;
}
