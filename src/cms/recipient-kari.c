/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * KeyAgreeRecipientInfo (RFC 5652 §6.2.2): ephemeral-static ECDH on
 * P-256/384/521 (RFC 5753 §3.1) and X25519/X448 (RFC 8418).
 *
 * The pairwise KEK comes from the shared secret Z and the DER
 * ECC-CMS-SharedInfo { keyInfo = the KeyWrapAlgorithm exactly as the
 * message has it, entityUInfo [0] = ukm when present, suppPubInfo [2] = KEK
 * length in bits as a 32-bit big-endian number }:
 *  - X9.63 schemes (dhSinglePass-{stdDH,cofactorDH}-sha*kdf, RFC 5753
 *    §3.6.1 and RFC 8418 §2.1): KDF(Z, SharedInfo);
 *  - HKDF schemes (RFC 8418 §2.2): salt = ukm (none without it), info =
 *    SharedInfo.
 * The cofactor schemes are computed as the standard ones: every curve
 * libsmime supports has cofactor 1 (NIST) or clamps it into the scalar
 * (X25519/X448).
 *
 * libsmime writes one KeyAgreeRecipientInfo per recipient with a fresh
 * ephemeral key, originatorKey with absent parameters, no ukm, and the
 * key wrap AES-128/192/256 (RFC 3394). On input it also takes the 3DES
 * key wrap, several recipientEncryptedKeys, and an originator given by a
 * certificate identifier whose certificate is in originatorInfo.
 */
#include "cms/recipient-private.h"

#include <stdio.h>
#include <string.h>

typedef struct kdf_entry {
	smime_oid_id oid;
	bool hkdf;
	smime_digest_id digest;
} kdf_entry;

static const kdf_entry kdf_table[] = {
	{ SMIME_OID_DH_SHA1_KDF, false, SMIME_DIGEST_SHA1 },
	{ SMIME_OID_DH_SHA224_KDF, false, SMIME_DIGEST_SHA224 },
	{ SMIME_OID_DH_SHA256_KDF, false, SMIME_DIGEST_SHA256 },
	{ SMIME_OID_DH_SHA384_KDF, false, SMIME_DIGEST_SHA384 },
	{ SMIME_OID_DH_SHA512_KDF, false, SMIME_DIGEST_SHA512 },
	{ SMIME_OID_DH_COFACTOR_SHA1_KDF, false, SMIME_DIGEST_SHA1 },
	{ SMIME_OID_DH_COFACTOR_SHA224_KDF, false, SMIME_DIGEST_SHA224 },
	{ SMIME_OID_DH_COFACTOR_SHA256_KDF, false, SMIME_DIGEST_SHA256 },
	{ SMIME_OID_DH_COFACTOR_SHA384_KDF, false, SMIME_DIGEST_SHA384 },
	{ SMIME_OID_DH_COFACTOR_SHA512_KDF, false, SMIME_DIGEST_SHA512 },
	{ SMIME_OID_DH_HKDF_SHA256, true, SMIME_DIGEST_SHA256 },
	{ SMIME_OID_DH_HKDF_SHA384, true, SMIME_DIGEST_SHA384 },
	{ SMIME_OID_DH_HKDF_SHA512, true, SMIME_DIGEST_SHA512 },
};

static const kdf_entry *kdf_find(smime_oid_id oid)
{
	for (size_t i = 0; i < SMIME_ARRAY_SIZE(kdf_table); i++)
		if (kdf_table[i].oid == oid)
			return &kdf_table[i];
	return NULL;
}

/* RFC 5753 §8 / RFC 8551 / RFC 8418 recommendations per curve: the scheme
 * and the smallest KEK length. */
static void curve_defaults(smime_curve c, smime_oid_id *kdf, size_t *kek_len)
{
	switch (c) {
	case SMIME_CURVE_P256:
		*kdf = SMIME_OID_DH_SHA256_KDF;
		*kek_len = 16;
		break;
	case SMIME_CURVE_P384:
		*kdf = SMIME_OID_DH_SHA384_KDF;
		*kek_len = 32;
		break;
	case SMIME_CURVE_P521:
		*kdf = SMIME_OID_DH_SHA512_KDF;
		*kek_len = 32;
		break;
	case SMIME_CURVE_X25519:
		*kdf = SMIME_OID_DH_HKDF_SHA256;
		*kek_len = 16;
		break;
	default: /* X448 */
		*kdf = SMIME_OID_DH_HKDF_SHA512;
		*kek_len = 32;
		break;
	}
}

static bool curve_is_nist(smime_curve c)
{
	return c == SMIME_CURVE_P256 || c == SMIME_CURVE_P384 || c == SMIME_CURVE_P521;
}

/* The originatorKey algorithm of a curve (RFC 5753 §3.1.1, RFC 8418 §3.2) */
static smime_oid_id curve_alg(smime_curve c)
{
	return c == SMIME_CURVE_X25519 ? SMIME_OID_X25519 :
	       c == SMIME_CURVE_X448 ? SMIME_OID_X448 : SMIME_OID_EC_PUBLIC_KEY;
}

/* The length of a public key on the curve as CMS carries it. */
static size_t curve_pub_len(smime_curve c)
{
	size_t n = smime_crypto__curve_secret_size(c);
	return curve_is_nist(c) ? 2 * n + 1 : n;
}

/* DER ECC-CMS-SharedInfo. wrap_params: the KeyWrapAlgorithm parameters as
 * received (len 0: absent). */
static int shared_info_der(smime_buf *out, smime_oid_id wrap, const smime_buf *wrap_params,
			   const smime_buf *ukm, size_t kek_len)
{
	asn1_node n = NULL;
	uint8_t bits[4];
	size_t b;
	int rc;

	if (smime_mul_overflows(kek_len, 8, &b) || b > UINT32_MAX)
		return SMIME_E_INTERNAL;
	bits[0] = (uint8_t)(b >> 24);
	bits[1] = (uint8_t)(b >> 16);
	bits[2] = (uint8_t)(b >> 8);
	bits[3] = (uint8_t)b;
	if ((rc = smime_der__create(&n, "CMS.ECC-CMS-SharedInfo")) != SMIME_OK)
		return rc;
	rc = smime_cms__write_alg(n, "keyInfo", wrap,
				  wrap_params->len ? wrap_params->data : NULL, wrap_params->len);
	if (rc == SMIME_OK)
		rc = ukm != NULL && ukm->data != NULL
			     ? smime_der__write(n, "entityUInfo", ukm->data, ukm->len)
			     : smime_der__omit(n, "entityUInfo");
	if (rc == SMIME_OK)
		rc = smime_der__write(n, "suppPubInfo", bits, sizeof bits);
	if (rc == SMIME_OK)
		rc = smime_der__encode(out, n, NULL);
	smime_der__free(&n);
	return rc;
}

/* KEK = KDF(Z, SharedInfo) into kek (kek_len bytes). */
static int derive_kek(const kdf_entry *k, const smime_buf *z, smime_oid_id wrap,
		      const smime_buf *wrap_params, const smime_buf *ukm, uint8_t *kek,
		      size_t kek_len)
{
	smime_buf si = SMIME_BUF_INIT;
	const smime_digest_desc *h = smime_crypto__digest_get(k->digest);
	int rc;

	if (h == NULL)
		return SMIME_E_UNSUPPORTED;
	if ((rc = shared_info_der(&si, wrap, wrap_params, ukm, kek_len)) != SMIME_OK)
		return rc;
	if (k->hkdf) {
		bool salt = ukm != NULL && ukm->data != NULL && ukm->len > 0;
		rc = smime_crypto__hkdf(h, salt ? ukm->data : NULL, salt ? ukm->len : 0, z->data,
					z->len, si.data, si.len, kek, kek_len);
	} else {
		rc = smime_crypto__x963_kdf(h, z->data, z->len, si.data, si.len, kek, kek_len);
	}
	smime_buf_free(&si);
	return rc;
}

/* ------------------------------------------------------------------ */
/* build                                                               */
/* ------------------------------------------------------------------ */

int smime_cms__kari_build(asn1_node node, const char *path, const smime_recipient_spec *spec,
			  const uint8_t *cek, size_t cek_len)
{
	smime_buf pub = SMIME_BUF_INIT, epriv = SMIME_BUF_INIT, epub = SMIME_BUF_INIT;
	smime_buf z = SMIME_BUF_INIT, wrap_der = SMIME_BUF_INIT, wrapped = SMIME_BUF_INIT;
	smime_buf none = SMIME_BUF_INIT;
	uint8_t kek[32];
	char p[SMIME_RI_PATH_MAX];
	smime_curve curve;
	smime_oid_id kdf_oid, wrap;
	size_t kek_len, bits;
	const kdf_entry *kdf;
	int rc;

	if (spec->cert == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if ((rc = smime_cert__ec_public(spec->cert, &curve, &pub)) != SMIME_OK)
		return rc;
	curve_defaults(curve, &kdf_oid, &kek_len);
	if (spec->kdf != SMIME_OID_UNKNOWN)
		kdf_oid = spec->kdf;
	if ((kdf = kdf_find(kdf_oid)) == NULL) {
		rc = SMIME_E_INVALID_ARGUMENT;
		goto out;
	}
	if (spec->wrap != SMIME_OID_UNKNOWN) {
		wrap = spec->wrap;
	} else {
		/* at least as strong as the content key */
		size_t want = cek_len > 32 ? 32 : cek_len > 24 ? 32 : cek_len > 16 ? 24 : 16;
		wrap = smime_ri__aes_wrap_for(want > kek_len ? want : kek_len);
	}
	if (wrap != SMIME_OID_AES128_WRAP && wrap != SMIME_OID_AES192_WRAP &&
	    wrap != SMIME_OID_AES256_WRAP) {
		rc = SMIME_E_INVALID_ARGUMENT;
		goto out;
	}
	kek_len = smime_ri__wrap_kek_len(wrap);

	if ((rc = smime_crypto__ecdh_keygen(curve, &epriv, &epub)) != SMIME_OK ||
	    (rc = smime_crypto__ecdh_shared(curve, epriv.data, epriv.len, pub.data, pub.len,
					    &z)) != SMIME_OK)
		goto out;
	/* KeyWrapAlgorithm: AES key wrap has absent parameters (RFC 3565) */
	if ((rc = smime_ri__alg_der(&wrap_der, wrap, NULL, 0)) != SMIME_OK ||
	    (rc = derive_kek(kdf, &z, wrap, &none, NULL, kek, kek_len)) != SMIME_OK ||
	    (rc = smime_ri__wrap(wrap, kek, kek_len, cek, cek_len, &wrapped)) != SMIME_OK)
		goto out;

	if (smime_mul_overflows(epub.len, 8, &bits)) {
		rc = SMIME_E_INTERNAL;
		goto out;
	}
	/* RFC 5753 §3.1.1 / RFC 8418 §3.2: version 3, originatorKey */
	if ((rc = smime_ri__path(p, path, "version")) != SMIME_OK ||
	    (rc = smime_der__write_uint(node, p, 3)) != SMIME_OK ||
	    (rc = smime_ri__path(p, path, "originator")) != SMIME_OK ||
	    (rc = smime_der__write_str(node, p, "originatorKey")) != SMIME_OK ||
	    (rc = smime_ri__path(p, path, "originator.originatorKey.algorithm")) != SMIME_OK ||
	    (rc = smime_cms__write_alg(node, p, curve_alg(curve), NULL, 0)) != SMIME_OK ||
	    (rc = smime_ri__path(p, path, "originator.originatorKey.publicKey")) != SMIME_OK ||
	    (rc = smime_der__write(node, p, epub.data, bits)) != SMIME_OK ||
	    (rc = smime_ri__path(p, path, "ukm")) != SMIME_OK ||
	    (rc = smime_der__omit(node, p)) != SMIME_OK ||
	    (rc = smime_ri__path(p, path, "keyEncryptionAlgorithm")) != SMIME_OK ||
	    (rc = smime_cms__write_alg(node, p, kdf_oid, wrap_der.data, wrap_der.len)) != SMIME_OK ||
	    (rc = smime_ri__path(p, path, "recipientEncryptedKeys")) != SMIME_OK ||
	    (rc = smime_der__append(node, p)) != SMIME_OK ||
	    (rc = smime_ri__path(p, path, "recipientEncryptedKeys.?LAST.rid")) != SMIME_OK ||
	    (rc = smime_ri__write_rid(node, p, spec->cert, spec->use_ski, true)) != SMIME_OK ||
	    (rc = smime_ri__path(p, path, "recipientEncryptedKeys.?LAST.encryptedKey")) != SMIME_OK)
		goto out;
	rc = smime_der__write(node, p, wrapped.data, wrapped.len);
out:
	smime_wipe(kek, sizeof kek);
	smime_buf_free(&pub);
	smime_buf_free_secret(&epriv);
	smime_buf_free(&epub);
	smime_buf_free_secret(&z);
	smime_buf_free(&wrap_der);
	smime_buf_free(&wrapped);
	return rc;
}

/* ------------------------------------------------------------------ */
/* decrypt                                                             */
/* ------------------------------------------------------------------ */

/* The originator's public key when the originator is named by a
 * certificate identifier: the certificate must be in originatorInfo. */
static int originator_from_cert(smime_ri_ctx *c, const char *path, const char *choice,
				smime_curve curve, smime_buf *pub)
{
	char p[SMIME_RI_PATH_MAX], certs[SMIME_RI_PATH_MAX], idx[48], ch[32];
	smime_buf a = SMIME_BUF_INIT, b = SMIME_BUF_INIT, der = SMIME_BUF_INIT;
	bool by_ski = strcmp(choice, "subjectKeyIdentifier") == 0;
	unsigned n = 0;
	int rc;

	if (by_ski) {
		if ((rc = smime_ri__path(p, path, "originator.subjectKeyIdentifier")) != SMIME_OK ||
		    smime_der__read(&a, c->node, p) != SMIME_OK)
			return SMIME_E_MALFORMED;
	} else {
		if ((rc = smime_ri__path(p, path, "originator.issuerAndSerialNumber.issuer")) != SMIME_OK ||
		    smime_der__read(&a, c->node, p) != SMIME_OK ||
		    (rc = smime_ri__path(p, path, "originator.issuerAndSerialNumber.serialNumber")) != SMIME_OK ||
		    smime_der__read(&b, c->node, p) != SMIME_OK) {
			smime_buf_free(&a);
			return SMIME_E_MALFORMED;
		}
	}
	rc = SMIME_E_UNSUPPORTED; /* the originator's certificate is not here */
	if (smime_ri__path(certs, c->prefix, "originatorInfo.certs") != SMIME_OK ||
	    !smime_der__exists(c->node, certs) || smime_der__count(c->node, certs, &n) != SMIME_OK)
		goto out;
	if (n > SMIME_RI_MAX_RECIPIENTS)
		n = SMIME_RI_MAX_RECIPIENTS;
	for (unsigned i = 1; i <= n; i++) {
		smime_cert *cert = NULL;
		smime_curve cc;
		bool match;

		snprintf(idx, sizeof idx, "?%u", i);
		if (smime_ri__path(p, certs, idx) != SMIME_OK ||
		    smime_der__read_choice(c->node, p, ch, sizeof ch) != SMIME_OK ||
		    strcmp(ch, "certificate") != 0)
			continue;
		snprintf(idx, sizeof idx, "?%u.certificate", i);
		if (smime_ri__path(p, certs, idx) != SMIME_OK ||
		    smime_der__read(&der, c->node, p) != SMIME_OK ||
		    smime_cert__from_der(&cert, der.data, der.len) != SMIME_OK)
			continue;
		match = by_ski ? smime_cert__matches_ski(cert, a.data, a.len)
			       : smime_cert__matches_issuer_serial(cert, a.data, a.len, b.data, b.len);
		if (match) {
			rc = smime_cert__ec_public(cert, &cc, pub);
			if (rc == SMIME_OK && cc != curve) {
				smime_buf_free(pub);
				rc = SMIME_E_KEY;
			}
		}
		smime_cert_free(cert);
		if (match)
			break;
	}
out:
	smime_buf_free(&a);
	smime_buf_free(&b);
	smime_buf_free(&der);
	return rc;
}

/* Reads the originator: SMIME_E_NO_RECIPIENT when its key cannot belong to
 * our curve. */
static int read_originator(smime_ri_ctx *c, const char *path, smime_curve curve,
			   smime_buf *pub)
{
	char p[SMIME_RI_PATH_MAX], choice[32];
	smime_buf params = SMIME_BUF_INIT;
	smime_oid_id alg;
	int rc;

	if ((rc = smime_ri__path(p, path, "originator")) != SMIME_OK)
		return rc;
	if (smime_der__read_choice(c->node, p, choice, sizeof choice) != SMIME_OK)
		return SMIME_E_MALFORMED;
	if (strcmp(choice, "originatorKey") != 0)
		return originator_from_cert(c, path, choice, curve, pub);
	if ((rc = smime_ri__path(p, path, "originator.originatorKey.algorithm")) != SMIME_OK)
		return rc;
	if (smime_ri__read_alg(c->node, p, &alg, &params) != SMIME_OK)
		return SMIME_E_MALFORMED;
	smime_buf_free(&params); /* absent, NULL or the namedCurve: the point decides */
	if (alg != curve_alg(curve))
		return SMIME_E_NO_RECIPIENT;
	if ((rc = smime_ri__path(p, path, "originator.originatorKey.publicKey")) != SMIME_OK)
		return rc;
	if (smime_der__read(pub, c->node, p) != SMIME_OK)
		return SMIME_E_MALFORMED;
	if (pub->len != curve_pub_len(curve)) {
		smime_buf_free(pub);
		return SMIME_E_NO_RECIPIENT;
	}
	return SMIME_OK;
}

int smime_cms__kari_decrypt(smime_ri_ctx *c, const char *path,
			    const smime_recipient_secret *s, bool *identified)
{
	smime_buf priv = SMIME_BUF_INIT, mypub = SMIME_BUF_INIT, opub = SMIME_BUF_INIT;
	smime_buf params = SMIME_BUF_INIT, wrap_params = SMIME_BUF_INIT, ukm = SMIME_BUF_INIT;
	smime_buf z = SMIME_BUF_INIT, ek = SMIME_BUF_INIT, cek = SMIME_BUF_INIT;
	asn1_node wn = NULL;
	uint8_t kek[32];
	char p[SMIME_RI_PATH_MAX], reks[SMIME_RI_PATH_MAX], idx[48];
	unsigned n = 0, only = 0;
	smime_curve curve;
	smime_oid_id alg, wrap;
	const kdf_entry *kdf;
	size_t kek_len = 0;
	bool any = false;
	int rc;

	*identified = false;
	switch (smime_key__pk_type(s->key)) {
	case SMIME_PK_EC:
	case SMIME_PK_X25519:
	case SMIME_PK_X448:
		break;
	default:
		return SMIME_E_NO_RECIPIENT;
	}
	if (smime_key__ec_private(s->key, &curve, &priv, &mypub) != SMIME_OK)
		return SMIME_E_NO_RECIPIENT;
	if ((rc = read_originator(c, path, curve, &opub)) != SMIME_OK)
		goto out;

	/* the recipientEncryptedKeys that may be ours */
	if ((rc = smime_ri__path(reks, path, "recipientEncryptedKeys")) != SMIME_OK)
		goto out;
	if (smime_der__count(c->node, reks, &n) != SMIME_OK || n == 0) {
		rc = SMIME_E_MALFORMED;
		goto out;
	}
	if (n > SMIME_RI_MAX_REKS) {
		rc = SMIME_E_LIMIT;
		goto out;
	}
	if (s->cert != NULL) {
		for (unsigned i = 1; i <= n && only == 0; i++) {
			snprintf(idx, sizeof idx, "?%u.rid", i);
			if ((rc = smime_ri__path(p, reks, idx)) != SMIME_OK)
				goto out;
			if (smime_ri__rid_matches(c->node, p, s->cert))
				only = i;
		}
		if (only == 0) {
			rc = SMIME_E_NO_RECIPIENT;
			goto out;
		}
		*identified = true;
	}

	/* keyEncryptionAlgorithm: the scheme, with the KeyWrapAlgorithm as
	 * its parameters (RFC 5753 §7.1.4, 7.1.5) */
	if ((rc = smime_ri__path(p, path, "keyEncryptionAlgorithm")) != SMIME_OK)
		goto out;
	if (smime_ri__read_alg(c->node, p, &alg, &params) != SMIME_OK) {
		rc = SMIME_E_MALFORMED;
		goto out;
	}
	if ((kdf = kdf_find(alg)) == NULL) {
		rc = SMIME_E_UNSUPPORTED;
		goto out;
	}
	if (params.len == 0 ||
	    smime_der__decode(&wn, "CMS.AlgorithmIdentifier", params.data, params.len) != SMIME_OK ||
	    smime_ri__read_alg(wn, "", &wrap, &wrap_params) != SMIME_OK ||
	    !smime_ri__params_absent_or_null(&wrap_params)) {
		rc = SMIME_E_MALFORMED;
		goto out;
	}
	if (wrap != SMIME_OID_AES128_WRAP && wrap != SMIME_OID_AES192_WRAP &&
	    wrap != SMIME_OID_AES256_WRAP && wrap != SMIME_OID_3DES_WRAP) {
		rc = SMIME_E_UNSUPPORTED;
		goto out;
	}
	kek_len = smime_ri__wrap_kek_len(wrap);
	if ((rc = smime_ri__path(p, path, "ukm")) != SMIME_OK)
		goto out;
	if (smime_der__exists(c->node, p) && smime_der__read(&ukm, c->node, p) != SMIME_OK) {
		rc = SMIME_E_MALFORMED;
		goto out;
	}

	if ((rc = smime_crypto__ecdh_shared(curve, priv.data, priv.len, opub.data, opub.len,
					    &z)) != SMIME_OK)
		goto out;
	if ((rc = derive_kek(kdf, &z, wrap, &wrap_params, &ukm, kek, kek_len)) != SMIME_OK)
		goto out;

	rc = SMIME_E_DECRYPT;
	for (unsigned i = only ? only : 1; i <= (only ? only : n); i++) {
		int r;
		snprintf(idx, sizeof idx, "?%u.encryptedKey", i);
		if ((r = smime_ri__path(p, reks, idx)) != SMIME_OK) {
			rc = r;
			break;
		}
		if (smime_der__read(&ek, c->node, p) != SMIME_OK)
			continue;
		any = true;
		r = smime_ri__unwrap(wrap, kek, kek_len, ek.data, ek.len, &cek);
		if (r == SMIME_OK)
			r = smime_ri__try(c, cek.data, cek.len);
		smime_buf_free_secret(&cek);
		if (r == SMIME_OK || c->stop != SMIME_OK) {
			rc = r;
			break;
		}
		if (r != SMIME_E_DECRYPT) {
			rc = r;
			break;
		}
	}
	if (!any && rc == SMIME_E_DECRYPT)
		rc = SMIME_E_MALFORMED;
out:
	smime_wipe(kek, sizeof kek);
	smime_buf_free_secret(&priv);
	smime_buf_free(&mypub);
	smime_buf_free(&opub);
	smime_buf_free(&params);
	smime_buf_free(&wrap_params);
	smime_buf_free(&ukm);
	smime_buf_free_secret(&z);
	smime_buf_free(&ek);
	smime_der__free(&wn);
	return rc;
}
