/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SignerInfo (RFC 5652 §5.3-§5.6): build one, verify one. */
#include "cms/cms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int smime_cms__write_issuer_serial(asn1_node node, const char *path, const smime_cert *cert)
{
	const uint8_t *issuer, *serial;
	size_t ilen, slen;
	char p[256];
	int rc;

	smime_cert__issuer_der(cert, &issuer, &ilen);
	smime_cert__serial(cert, &serial, &slen);
	snprintf(p, sizeof p, "%s.issuer", path);
	if ((rc = smime_der__write(node, p, issuer, ilen)) != SMIME_OK)
		return rc;
	snprintf(p, sizeof p, "%s.serialNumber", path);
	return smime_der__write(node, p, serial, slen);
}

/* The bytes a signature over signed attributes covers (§5.4): the DER of
 * the SignedAttributes with an explicit SET OF tag, taken from the bytes
 * as received rather than from a re-encoding. */
static int signed_attrs_digest(asn1_node sd, const uint8_t *der, size_t len,
			       const char *prefix, const smime_digest_desc *d,
			       uint8_t *out)
{
	char path[96];
	size_t start, end;
	snprintf(path, sizeof path, "%s.signedAttrs", prefix);
	int rc = smime_der__range(sd, der, len, path, &start, &end);
	if (rc != SMIME_OK)
		return rc;
	if (start >= end || end > len || der[start] != 0xA0)
		return SMIME_E_MALFORMED;
	smime_digest_ctx ctx;
	static const uint8_t set_tag = 0x31;
	smime_crypto__digest_init(&ctx, d);
	smime_crypto__digest_update(&ctx, &set_tag, 1);
	smime_crypto__digest_update(&ctx, der + start + 1, end - start - 1);
	smime_crypto__digest_final(&ctx, out);
	return SMIME_OK;
}

/* Reads the single value of the attribute `type`; SMIME_E_MALFORMED unless
 * the attribute occurs exactly once with exactly one value (§11.1-§11.3),
 * 1 (as a positive return) when it is absent and optional. */
static int single_attr_value(smime_buf *out, asn1_node sd, const char *prefix,
			     smime_oid_id type, bool required)
{
	char path[128];
	unsigned index, count, values;
	int rc;

	snprintf(path, sizeof path, "%s.signedAttrs", prefix);
	if ((rc = smime_cms__attr_find(sd, path, type, &index, &count)) != SMIME_OK)
		return rc;
	if (count == 0)
		return required ? SMIME_E_MALFORMED : 1;
	if (count > 1)
		return SMIME_E_MALFORMED;
	snprintf(path, sizeof path, "%s.signedAttrs.?%u.attrValues", prefix, index);
	if ((rc = smime_der__count(sd, path, &values)) != SMIME_OK)
		return rc;
	if (values != 1)
		return SMIME_E_MALFORMED;
	snprintf(path, sizeof path, "%s.signedAttrs.?%u.attrValues.?1", prefix, index);
	return smime_der__read(out, sd, path);
}

static int decode_octets(smime_buf *out, const smime_buf *tlv)
{
	asn1_node n = NULL;
	int rc = smime_der__decode(&n, "CMS.MessageDigest", tlv->data, tlv->len);
	if (rc == SMIME_OK)
		rc = smime_der__read(out, n, "");
	smime_der__free(&n);
	return rc;
}

static int decode_time(int64_t *t, const smime_buf *tlv)
{
	asn1_node n = NULL;
	int rc = smime_der__decode(&n, "CMS.Time", tlv->data, tlv->len);
	if (rc == SMIME_OK)
		rc = smime_der__read_time(n, "", t);
	smime_der__free(&n);
	return rc;
}

/* Checks the attributes that §5.3/§11 require and computes the digest the
 * signature covers. Sets st->detail on failure. */
static int check_signed_attrs(smime_signer_status *st, asn1_node sd,
			      const uint8_t *der, size_t len, const char *prefix,
			      const smime_digest_desc *d, const char *econtent_type,
			      const uint8_t *content_digest, uint8_t *to_sign)
{
	smime_buf v = SMIME_BUF_INIT, want = SMIME_BUF_INIT, md = SMIME_BUF_INIT;
	int rc;

	rc = single_attr_value(&v, sd, prefix, SMIME_OID_ATTR_CONTENT_TYPE, true);
	if (rc != SMIME_OK) {
		st->detail = "content-type attribute missing, repeated or malformed";
		goto out;
	}
	if ((rc = smime_cms__der_oid(&want, econtent_type)) != SMIME_OK)
		goto out;
	if (v.len != want.len || memcmp(v.data, want.data, v.len) != 0) {
		st->detail = "content-type attribute does not match the content";
		rc = SMIME_E_MALFORMED;
		goto out;
	}
	smime_buf_free(&v);
	rc = single_attr_value(&v, sd, prefix, SMIME_OID_ATTR_MESSAGE_DIGEST, true);
	if (rc == SMIME_OK)
		rc = decode_octets(&md, &v);
	if (rc != SMIME_OK) {
		st->detail = "message-digest attribute missing, repeated or malformed";
		rc = SMIME_E_MALFORMED;
		goto out;
	}
	smime_buf_free(&v);
	rc = single_attr_value(&v, sd, prefix, SMIME_OID_ATTR_SIGNING_TIME, false);
	if (rc == SMIME_OK)
		rc = decode_time(&st->signing_time, &v);
	if (rc < 0) {
		st->detail = "signing-time attribute repeated or malformed";
		rc = SMIME_E_MALFORMED;
		goto out;
	}
	if ((rc = signed_attrs_digest(sd, der, len, prefix, d, to_sign)) != SMIME_OK) {
		st->detail = "signed attributes cannot be located";
		goto out;
	}
	if (md.len != d->digest_size ||
	    !smime_memeq_ct(md.data, content_digest, d->digest_size)) {
		st->detail = "message digest does not match the content";
		rc = SMIME_E_BAD_SIGNATURE;
		goto out;
	}
	rc = SMIME_OK;
out:
	smime_buf_free(&v);
	smime_buf_free(&want);
	smime_buf_free(&md);
	return rc;
}

/* §11.1-§11.3: content-type, message-digest and signing-time MUST NOT be
 * unsigned attributes. */
static int check_unsigned_attrs(smime_signer_status *st, asn1_node sd, const char *prefix)
{
	static const smime_oid_id signed_only[] = {
		SMIME_OID_ATTR_CONTENT_TYPE,
		SMIME_OID_ATTR_MESSAGE_DIGEST,
		SMIME_OID_ATTR_SIGNING_TIME,
	};
	char path[96];
	unsigned index, count;
	snprintf(path, sizeof path, "%s.unsignedAttrs", prefix);
	if (!smime_der__exists(sd, path))
		return SMIME_OK;
	for (size_t i = 0; i < SMIME_ARRAY_SIZE(signed_only); i++) {
		int rc = smime_cms__attr_find(sd, path, signed_only[i], &index, &count);
		if (rc != SMIME_OK)
			return rc;
		if (count > 0) {
			st->detail = "content-type, message-digest or signing-time as an unsigned attribute";
			return SMIME_E_MALFORMED;
		}
	}
	return SMIME_OK;
}

static const smime_cert *find_signer(asn1_node sd, const char *prefix,
				     const smime_certs *msg_certs,
				     const smime_certs *extra, int *rc)
{
	char path[128], choice[64];
	smime_buf a = SMIME_BUF_INIT, b = SMIME_BUF_INIT;
	const smime_cert *c = NULL;

	snprintf(path, sizeof path, "%s.sid", prefix);
	*rc = smime_der__read_choice(sd, path, choice, sizeof choice);
	if (*rc != SMIME_OK)
		return NULL;
	if (strcmp(choice, "issuerAndSerialNumber") == 0) {
		snprintf(path, sizeof path, "%s.sid.issuerAndSerialNumber.issuer", prefix);
		*rc = smime_der__read(&a, sd, path);
		snprintf(path, sizeof path, "%s.sid.issuerAndSerialNumber.serialNumber", prefix);
		if (*rc == SMIME_OK)
			*rc = smime_der__read(&b, sd, path);
		if (*rc == SMIME_OK) {
			c = smime_certs__find_issuer_serial(msg_certs, a.data, a.len, b.data, b.len);
			if (c == NULL)
				c = smime_certs__find_issuer_serial(extra, a.data, a.len, b.data, b.len);
		}
	} else if (strcmp(choice, "subjectKeyIdentifier") == 0) {
		snprintf(path, sizeof path, "%s.sid.subjectKeyIdentifier", prefix);
		*rc = smime_der__read(&a, sd, path);
		if (*rc == SMIME_OK) {
			c = smime_certs__find_ski(msg_certs, a.data, a.len);
			if (c == NULL)
				c = smime_certs__find_ski(extra, a.data, a.len);
		}
	} else {
		*rc = SMIME_E_MALFORMED;
	}
	smime_buf_free(&a);
	smime_buf_free(&b);
	return c;
}

/* Resolves the digest and signature algorithms of a signer: RSA PKCS#1 v1.5
 * as rsaEncryption or shaXWithRSAEncryption (RFC 3370 §3.2, RFC 5754 §3.2),
 * legacy DSA (RFC 3370 §3.1). A signature OID that names a hash must name
 * the digest algorithm's. */
static int resolve_algorithms(smime_signer_status *st, const smime_digest_desc **d,
			      smime_pk_type *pk)
{
	const smime_oid_entry *de = smime_oid__find(st->digest_oid);
	const smime_oid_entry *se = smime_oid__find(st->signature_oid);

	if ((de != NULL && de->id == SMIME_OID_MD5) ||
	    (se != NULL && se->id == SMIME_OID_MD5_WITH_RSA)) {
		st->detail = "MD5 is never accepted";
		return SMIME_E_WEAK_ALGORITHM;
	}
	if (de == NULL || de->kind != SMIME_OID_KIND_DIGEST || de->digest < 0) {
		st->detail = "digest algorithm not supported";
		return SMIME_E_UNSUPPORTED;
	}
	if (se == NULL || se->kind != SMIME_OID_KIND_SIGNATURE ||
	    (se->pk != SMIME_PK_RSA && se->pk != SMIME_PK_DSA) ||
	    se->id == SMIME_OID_RSAES_OAEP) {
		st->detail = "signature algorithm not supported";
		return SMIME_E_UNSUPPORTED;
	}
	if (se->digest >= 0 && se->digest != de->digest) {
		st->detail = "signature algorithm hash differs from the digest algorithm";
		return SMIME_E_MALFORMED;
	}
	*pk = se->pk;
	*d = smime_crypto__digest_get((smime_digest_id)de->digest);
	return *d ? SMIME_OK : SMIME_E_UNSUPPORTED;
}

static int verify_rsa(smime_signer_status *st, const smime_digest_desc *d,
		      const uint8_t *hash, const smime_buf *sig)
{
	smime_rsa_key *rsa = NULL;
	int rc = smime_cert__rsa_public(st->cert, &rsa);
	if (rc != SMIME_OK)
		return rc;
	if (smime_crypto__rsa_bits(rsa) < 2048)
		st->weak = true;
	rc = smime_crypto__rsa_pkcs1_verify(rsa, d, hash, sig->data, sig->len);
	smime_crypto__rsa_key_free(rsa);
	return rc;
}

/* DSA signatures are a Dss-Sig-Value (RFC 3279 §2.2.2); DSA is legacy. */
static int verify_dsa(smime_signer_status *st, const smime_digest_desc *d,
		      const uint8_t *hash, const smime_buf *sig)
{
	smime_dsa_public k = { SMIME_BUF_INIT, SMIME_BUF_INIT, SMIME_BUF_INIT, SMIME_BUF_INIT };
	smime_buf r = SMIME_BUF_INIT, s = SMIME_BUF_INIT;
	asn1_node n = NULL;
	int rc = smime_cert__dsa_public(st->cert, &k);
	st->weak = true;
	if (rc != SMIME_OK)
		return rc;
	if (smime_der__decode(&n, "CMS.Dss-Sig-Value", sig->data, sig->len) != SMIME_OK ||
	    smime_der__read(&r, n, "r") != SMIME_OK || smime_der__read(&s, n, "s") != SMIME_OK)
		rc = SMIME_E_BAD_SIGNATURE;
	else
		rc = smime_crypto__dsa_verify(&k, hash, d->digest_size, r.data, r.len, s.data, s.len);
	smime_der__free(&n);
	smime_buf_free(&r);
	smime_buf_free(&s);
	smime_crypto__dsa_public_clear(&k);
	return rc;
}

static int check_signature(smime_signer_status *st, asn1_node sd, const char *prefix,
			   const smime_digest_desc *d, smime_pk_type pk, const uint8_t *hash)
{
	smime_buf sig = SMIME_BUF_INIT;
	char path[128];
	int rc;

	if (smime_cert__pk_type(st->cert) != pk) {
		st->detail = "signer key type does not fit the signature algorithm";
		return SMIME_E_UNSUPPORTED;
	}
	snprintf(path, sizeof path, "%s.signature", prefix);
	if ((rc = smime_der__read(&sig, sd, path)) != SMIME_OK)
		return rc;
	rc = pk == SMIME_PK_RSA ? verify_rsa(st, d, hash, &sig) : verify_dsa(st, d, hash, &sig);
	if (rc == SMIME_E_BAD_SIGNATURE)
		st->detail = "signature does not verify";
	else if (rc != SMIME_OK)
		st->detail = "signer public key unusable";
	smime_buf_free(&sig);
	return rc;
}

/* A pool of every certificate that may help build the signer's chain. */
static int chain_pool(smime_certs **pool, const smime_certs *a, const smime_certs *b)
{
	int rc = smime_certs_new(pool);
	for (size_t i = 0; rc == SMIME_OK && i < smime_certs_count(a); i++)
		rc = smime_certs_add(*pool, smime_certs_get(a, i));
	for (size_t i = 0; rc == SMIME_OK && i < smime_certs_count(b); i++)
		rc = smime_certs_add(*pool, smime_certs_get(b, i));
	return rc;
}

int smime_cms__signer_info_verify(smime_signer_status *st, asn1_node sd,
				  const uint8_t *sd_der, size_t sd_len, unsigned index,
				  const char *econtent_type, const uint8_t *content,
				  size_t content_len, const smime_certs *msg_certs,
				  const smime_verify_params *params)
{
	char prefix[48], path[128];
	const smime_digest_desc *d = NULL;
	smime_pk_type pk = SMIME_PK_UNKNOWN;
	const smime_cert *signer;
	uint8_t content_digest[SMIME_DIGEST_MAX_SIZE];
	uint8_t to_sign[SMIME_DIGEST_MAX_SIZE];
	int rc;

	memset(st, 0, sizeof *st);
	st->signing_time = -1;
	st->detail = "";
	st->chain_status = SMIME_OK;
	snprintf(prefix, sizeof prefix, "signerInfos.?%u", index);
	snprintf(path, sizeof path, "%s.digestAlgorithm.algorithm", prefix);
	if ((rc = smime_der__read_oid(sd, path, st->digest_oid)) != SMIME_OK)
		goto sig_done;
	snprintf(path, sizeof path, "%s.signatureAlgorithm.algorithm", prefix);
	if ((rc = smime_der__read_oid(sd, path, st->signature_oid)) != SMIME_OK)
		goto sig_done;

	signer = find_signer(sd, prefix, msg_certs, params->extra, &rc);
	if (rc != SMIME_OK)
		goto sig_done;
	if (signer == NULL) {
		rc = SMIME_E_NO_SIGNER_CERT;
		st->detail = "signer certificate not found";
		goto sig_done;
	}
	if ((rc = smime_cert_dup(&st->cert, signer)) != SMIME_OK)
		return rc;
	if ((rc = resolve_algorithms(st, &d, &pk)) != SMIME_OK)
		goto sig_done;
	if (d->weak)
		st->weak = true;
	smime_crypto__digest(d, content, content_len, content_digest);

	snprintf(path, sizeof path, "%s.signedAttrs", prefix);
	if (smime_der__exists(sd, path)) {
		rc = check_signed_attrs(st, sd, sd_der, sd_len, prefix, d, econtent_type,
					content_digest, to_sign);
		if (rc != SMIME_OK)
			goto sig_done;
	} else {
		/* §5.3: without signed attributes the content must be id-data */
		if (smime_oid__lookup(econtent_type) != SMIME_OID_DATA) {
			rc = SMIME_E_MALFORMED;
			st->detail = "signed attributes are required for this content type";
			goto sig_done;
		}
		memcpy(to_sign, content_digest, d->digest_size);
	}
	if ((rc = check_unsigned_attrs(st, sd, prefix)) != SMIME_OK)
		goto sig_done;
	rc = check_signature(st, sd, prefix, d, pk, to_sign);

sig_done:
	st->signature_status = rc;
	if (rc == SMIME_E_NO_MEMORY)
		return rc;
	if (rc == SMIME_OK && st->weak && !params->allow_legacy) {
		rc = SMIME_E_WEAK_ALGORITHM;
		st->detail = "legacy algorithm or key size (SHA-1, DSA, RSA < 2048 bits) refused by policy";
	}
	if (st->cert != NULL && !params->no_chain) {
		smime_certs *pool = NULL;
		const char *why = "";
		int crc = chain_pool(&pool, msg_certs, params->extra);
		if (crc == SMIME_OK)
			crc = smime_cert__validate2(params->trust, st->cert, pool,
						    SMIME_PURPOSE_SIGN, params->when,
						    params->allow_legacy, &why);
		smime_certs_free(pool);
		st->chain_status = crc;
		if (rc == SMIME_OK && crc != SMIME_OK) {
			rc = crc;
			st->detail = why;
		}
	}
	st->status = rc;
	smime_wipe(to_sign, sizeof to_sign);
	return SMIME_OK;
}

int smime_cms__signer_info_build(asn1_node sd, unsigned index,
				 const smime_signer_spec *spec,
				 const uint8_t *content, size_t content_len,
				 int64_t signing_time)
{
	char prefix[48], path[128];
	const smime_digest_desc *d = spec->digest;
	const smime_rsa_key *rsa = NULL;
	uint8_t digest[SMIME_DIGEST_MAX_SIZE];
	smime_buf v = SMIME_BUF_INIT, attrs = SMIME_BUF_INIT;
	uint8_t *sig = NULL;
	size_t sig_len = 0;
	int rc;

	snprintf(prefix, sizeof prefix, "signerInfos.?%u", index);
	if ((rc = smime_key__rsa(spec->key, &rsa)) != SMIME_OK)
		return rc;
	snprintf(path, sizeof path, "%s.version", prefix);
	if ((rc = smime_der__write_uint(sd, path, 1)) != SMIME_OK)
		return rc;
	snprintf(path, sizeof path, "%s.sid", prefix);
	if ((rc = smime_der__write_str(sd, path, "issuerAndSerialNumber")) != SMIME_OK)
		return rc;
	snprintf(path, sizeof path, "%s.sid.issuerAndSerialNumber", prefix);
	if ((rc = smime_cms__write_issuer_serial(sd, path, spec->cert)) != SMIME_OK)
		return rc;
	snprintf(path, sizeof path, "%s.digestAlgorithm", prefix);
	if ((rc = smime_cms__write_alg(sd, path, smime_oid__for_digest(d->id), NULL, 0)) != SMIME_OK)
		return rc;

	/* Signed attributes: content-type, signing-time, message-digest. */
	snprintf(path, sizeof path, "%s.signedAttrs", prefix);
	smime_crypto__digest(d, content, content_len, digest);
	rc = smime_cms__der_oid(&v, smime_oid__dotted(SMIME_OID_DATA));
	if (rc == SMIME_OK)
		rc = smime_cms__attr_add(sd, path, SMIME_OID_ATTR_CONTENT_TYPE, v.data, v.len);
	smime_buf_free(&v);
	if (rc == SMIME_OK)
		rc = smime_cms__der_time(&v, signing_time);
	if (rc == SMIME_OK)
		rc = smime_cms__attr_add(sd, path, SMIME_OID_ATTR_SIGNING_TIME, v.data, v.len);
	smime_buf_free(&v);
	if (rc == SMIME_OK)
		rc = smime_cms__der_octets(&v, digest, d->digest_size);
	if (rc == SMIME_OK)
		rc = smime_cms__attr_add(sd, path, SMIME_OID_ATTR_MESSAGE_DIGEST, v.data, v.len);
	smime_buf_free(&v);
	if (rc != SMIME_OK)
		return rc;

	/* §5.4: sign the DER of the attributes with a SET OF tag. libtasn1
	 * sorts SET OF on encoding, so these bytes are the ones emitted. */
	if ((rc = smime_der__encode(&attrs, sd, path)) != SMIME_OK)
		return rc;
	if (attrs.len < 2 || attrs.data[0] != 0xA0) {
		smime_buf_free(&attrs);
		return SMIME_E_INTERNAL;
	}
	attrs.data[0] = 0x31;
	smime_crypto__digest(d, attrs.data, attrs.len, digest);
	smime_buf_free(&attrs);

	snprintf(path, sizeof path, "%s.signatureAlgorithm", prefix);
	rc = smime_cms__write_alg(sd, path, SMIME_OID_RSA_ENCRYPTION, smime_cms__der_null,
				  sizeof smime_cms__der_null);
	if (rc != SMIME_OK)
		return rc;
	sig = malloc(smime_crypto__rsa_size(rsa));
	if (sig == NULL)
		return SMIME_E_NO_MEMORY;
	rc = smime_crypto__rsa_pkcs1_sign(rsa, d, digest, sig, &sig_len);
	snprintf(path, sizeof path, "%s.signature", prefix);
	if (rc == SMIME_OK)
		rc = smime_der__write(sd, path, sig, sig_len);
	free(sig);
	if (rc != SMIME_OK)
		return rc;
	snprintf(path, sizeof path, "%s.unsignedAttrs", prefix);
	return smime_der__omit(sd, path);
}
