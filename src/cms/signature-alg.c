/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The signature algorithms of SignerInfo: resolving digestAlgorithm and
 * signatureAlgorithm into one scheme with its parameters, and signing or
 * verifying with it.
 *
 *   RSA PKCS#1 v1.5  RFC 3370 §3.2, RFC 5754 §3.2 (rsaEncryption or shaXWithRSA)
 *   RSASSA-PSS       RFC 4056 (parameters required, hash = digestAlgorithm)
 *   DSA              RFC 3370 §3.1 (legacy: verify only)
 *   ECDSA            RFC 5753 §2.1, RFC 5754 §3.3
 *   EdDSA            RFC 8419 (pure: the signed bytes themselves are signed)
 */
#include "cms/signature-alg.h"

#include <stdio.h>
#include <string.h>

static void sub_path(char *dst, size_t size, const char *base, const char *field)
{
	snprintf(dst, size, "%s%s%s", base, base[0] ? "." : "", field);
}

static const smime_digest_desc *digest_of(const smime_oid_entry *e)
{
	if (e == NULL || e->kind != SMIME_OID_KIND_DIGEST || e->digest < 0)
		return NULL;
	return smime_crypto__digest_get((smime_digest_id)e->digest);
}

/* An AlgorithmIdentifier naming a digest inside RSASSA-PSS-params; absent
 * means SHA-1 (RFC 4055 §3.1). */
static const smime_digest_desc *pss_hash(asn1_node n, const char *field, const char *param_field)
{
	char oid[SMIME_OID_MAX], path[64];
	if (!smime_der__exists(n, field))
		return smime_crypto__digest_get(SMIME_DIGEST_SHA1);
	snprintf(path, sizeof path, "%s.algorithm", field);
	if (smime_der__read_oid(n, path, oid) != SMIME_OK)
		return NULL;
	if (param_field == NULL)
		return digest_of(smime_oid__find(oid));
	/* maskGenAlgorithm: MGF1 whose parameters name the hash */
	if (smime_oid__lookup(oid) != SMIME_OID_MGF1)
		return NULL;
	smime_buf p = SMIME_BUF_INIT;
	asn1_node h = NULL;
	const smime_digest_desc *d = NULL;
	snprintf(path, sizeof path, "%s.%s", field, param_field);
	if (smime_der__read(&p, n, path) == SMIME_OK &&
	    smime_der__decode(&h, "CMS.AlgorithmIdentifier", p.data, p.len) == SMIME_OK &&
	    smime_der__read_oid(h, "algorithm", oid) == SMIME_OK)
		d = digest_of(smime_oid__find(oid));
	smime_der__free(&h);
	smime_buf_free(&p);
	return d;
}

/* RSASSA-PSS-params (RFC 4055 §3.1): every field may take its default;
 * the trailer must be 1. */
static int resolve_pss(smime_sig_params *p, const smime_buf *params, const char **detail)
{
	asn1_node n = NULL;
	unsigned long salt = 20, trailer = 1;
	int rc = smime_der__decode(&n, "CMS.RSASSA-PSS-params", params->data, params->len);
	if (rc != SMIME_OK) {
		*detail = "RSASSA-PSS parameters are malformed";
		return SMIME_E_MALFORMED;
	}
	const smime_digest_desc *h = pss_hash(n, "hashAlgorithm", NULL);
	const smime_digest_desc *m = pss_hash(n, "maskGenAlgorithm", "parameters");
	if ((smime_der__exists(n, "saltLength") &&
	     smime_der__read_uint(n, "saltLength", &salt) != SMIME_OK) ||
	    (smime_der__exists(n, "trailerField") &&
	     smime_der__read_uint(n, "trailerField", &trailer) != SMIME_OK))
		rc = SMIME_E_MALFORMED;
	smime_der__free(&n);
	if (rc != SMIME_OK || h == NULL || m == NULL || trailer != 1 || salt > 1024) {
		*detail = "RSASSA-PSS parameters are not supported";
		return rc != SMIME_OK ? rc : SMIME_E_UNSUPPORTED;
	}
	/* RFC 4056 §3: the PSS hash is the message digest algorithm */
	if (h != p->digest) {
		*detail = "RSASSA-PSS hash differs from the digest algorithm";
		return SMIME_E_MALFORMED;
	}
	p->mgf_digest = m;
	p->salt_len = salt;
	return SMIME_OK;
}

int smime_cms__sig_resolve(smime_sig_params *p, asn1_node node, const char *digest_alg,
			   const char *sig_alg, const char **detail)
{
	char path[192], oid[SMIME_OID_MAX];
	smime_buf params = SMIME_BUF_INIT;
	int rc;

	memset(p, 0, sizeof *p);
	sub_path(path, sizeof path, digest_alg, "algorithm");
	if ((rc = smime_der__read_oid(node, path, oid)) != SMIME_OK)
		return rc;
	const smime_oid_entry *de = smime_oid__find(oid);
	sub_path(path, sizeof path, sig_alg, "algorithm");
	if ((rc = smime_der__read_oid(node, path, oid)) != SMIME_OK)
		return rc;
	const smime_oid_entry *se = smime_oid__find(oid);

	if ((de != NULL && de->id == SMIME_OID_MD5) ||
	    (se != NULL && se->id == SMIME_OID_MD5_WITH_RSA)) {
		*detail = "MD5 is never accepted";
		return SMIME_E_WEAK_ALGORITHM;
	}
	p->digest = digest_of(de);
	if (p->digest == NULL) {
		*detail = "digest algorithm not supported";
		return SMIME_E_UNSUPPORTED;
	}
	if (se == NULL || se->kind != SMIME_OID_KIND_SIGNATURE) {
		*detail = "signature algorithm not supported";
		return SMIME_E_UNSUPPORTED;
	}
	p->sig_oid = se->id;
	p->key = se->pk;
	switch (se->pk) {
	case SMIME_PK_RSA:
		if (se->id == SMIME_OID_RSAES_OAEP) {
			*detail = "RSAES-OAEP is not a signature algorithm";
			return SMIME_E_MALFORMED;
		}
		p->scheme = SMIME_SIG_RSA_V15;
		break;
	case SMIME_PK_RSA_PSS:
		p->scheme = SMIME_SIG_RSA_PSS;
		p->key = SMIME_PK_RSA;
		sub_path(path, sizeof path, sig_alg, "parameters");
		if (!smime_der__exists(node, path) ||
		    smime_der__read(&params, node, path) != SMIME_OK) {
			*detail = "RSASSA-PSS without parameters";
			return SMIME_E_MALFORMED;
		}
		rc = resolve_pss(p, &params, detail);
		smime_buf_free(&params);
		if (rc != SMIME_OK)
			return rc;
		break;
	case SMIME_PK_DSA:
		p->scheme = SMIME_SIG_DSA;
		break;
	case SMIME_PK_EC:
		p->scheme = SMIME_SIG_ECDSA;
		break;
	case SMIME_PK_ED25519:
	case SMIME_PK_ED448:
		p->scheme = SMIME_SIG_EDDSA;
		p->eddsa = se->pk == SMIME_PK_ED25519 ? SMIME_EDDSA_ED25519 : SMIME_EDDSA_ED448;
		/* RFC 8419 §3: SHA-512 for Ed25519, SHAKE256/512 for Ed448 */
		if (p->digest->id != (se->pk == SMIME_PK_ED25519 ? SMIME_DIGEST_SHA512
								 : SMIME_DIGEST_SHAKE256_512)) {
			*detail = "EdDSA with a digest algorithm RFC 8419 does not allow";
			return SMIME_E_MALFORMED;
		}
		break;
	default:
		*detail = "signature algorithm not supported";
		return SMIME_E_UNSUPPORTED;
	}
	/* A signature OID that names a hash must name the digest algorithm. */
	if (se->digest >= 0 && se->digest != (int)p->digest->id) {
		*detail = "signature algorithm hash differs from the digest algorithm";
		return SMIME_E_MALFORMED;
	}
	return SMIME_OK;
}

static int verify_rsa(const smime_sig_params *p, const smime_cert *cert, const uint8_t *hash,
		      const uint8_t *sig, size_t sig_len, bool *weak)
{
	smime_rsa_key *rsa = NULL;
	int rc = smime_cert__rsa_public(cert, &rsa);
	if (rc != SMIME_OK)
		return rc;
	if (smime_crypto__rsa_bits(rsa) < 2048)
		*weak = true;
	if (p->scheme == SMIME_SIG_RSA_PSS)
		rc = smime_crypto__rsa_pss_verify(rsa, p->digest, p->mgf_digest, p->salt_len, hash,
						  sig, sig_len);
	else
		rc = smime_crypto__rsa_pkcs1_verify(rsa, p->digest, hash, sig, sig_len);
	smime_crypto__rsa_key_free(rsa);
	return rc;
}

/* DSA signatures are a Dss-Sig-Value (RFC 3279 §2.2.2). */
static int verify_dsa(const smime_sig_params *p, const smime_cert *cert,
		      const smime_sig_issuers *is, const uint8_t *hash, const uint8_t *sig,
		      size_t sig_len)
{
	smime_dsa_public k = { SMIME_BUF_INIT, SMIME_BUF_INIT, SMIME_BUF_INIT, SMIME_BUF_INIT };
	smime_buf r = SMIME_BUF_INIT, s = SMIME_BUF_INIT;
	asn1_node n = NULL;
	int rc = smime_cert__dsa_inherits(cert)
			 ? smime_cert__dsa_public_inherit(cert, is ? is->pool1 : NULL,
							  is ? is->pool2 : NULL,
							  is ? is->trust : NULL, &k)
			 : smime_cert__dsa_public(cert, &k);
	if (rc != SMIME_OK)
		return rc;
	if (smime_der__decode(&n, "CMS.Dss-Sig-Value", sig, sig_len) != SMIME_OK ||
	    smime_der__read(&r, n, "r") != SMIME_OK || smime_der__read(&s, n, "s") != SMIME_OK)
		rc = SMIME_E_BAD_SIGNATURE;
	else
		rc = smime_crypto__dsa_verify(&k, hash, p->digest->digest_size, r.data, r.len,
					      s.data, s.len);
	smime_der__free(&n);
	smime_buf_free(&r);
	smime_buf_free(&s);
	smime_crypto__dsa_public_clear(&k);
	return rc;
}

static int verify_ecdsa(const smime_sig_params *p, const smime_cert *cert, const uint8_t *hash,
			const uint8_t *sig, size_t sig_len)
{
	smime_curve curve;
	smime_buf pub = SMIME_BUF_INIT;
	int rc = smime_cert__ec_public(cert, &curve, &pub);
	if (rc == SMIME_OK && curve > SMIME_CURVE_P521)
		rc = SMIME_E_UNSUPPORTED;
	if (rc == SMIME_OK)
		rc = smime_crypto__ecdsa_verify(curve, pub.data, pub.len, hash,
						p->digest->digest_size, sig, sig_len);
	smime_buf_free(&pub);
	return rc;
}

static int verify_eddsa(const smime_sig_params *p, const smime_cert *cert, const uint8_t *tbs,
			size_t tbs_len, const uint8_t *sig, size_t sig_len)
{
	smime_eddsa v;
	smime_buf pub = SMIME_BUF_INIT;
	int rc = smime_cert__eddsa_public(cert, &v, &pub);
	if (rc == SMIME_OK && v != p->eddsa)
		rc = SMIME_E_UNSUPPORTED;
	if (rc == SMIME_OK)
		rc = smime_crypto__eddsa_verify(v, pub.data, pub.len, tbs, tbs_len, sig, sig_len);
	smime_buf_free(&pub);
	return rc;
}

int smime_cms__sig_verify(const smime_sig_params *p, const smime_cert *cert,
			  const smime_sig_issuers *issuers, const uint8_t *tbs, size_t tbs_len,
			  const uint8_t *hash, const uint8_t *sig, size_t sig_len, bool *weak,
			  const char **detail)
{
	smime_pk_type have = smime_cert__pk_type(cert);
	int rc;

	/* an id-RSASSA-PSS key may only make PSS signatures (RFC 4055 §1.2) */
	if (!(have == p->key || (have == SMIME_PK_RSA_PSS && p->scheme == SMIME_SIG_RSA_PSS))) {
		*detail = "signer key type does not fit the signature algorithm";
		return SMIME_E_UNSUPPORTED;
	}
	if (p->digest->weak || p->scheme == SMIME_SIG_DSA)
		*weak = true;
	switch (p->scheme) {
	case SMIME_SIG_RSA_V15:
	case SMIME_SIG_RSA_PSS:
		rc = verify_rsa(p, cert, hash, sig, sig_len, weak);
		break;
	case SMIME_SIG_DSA:
		rc = verify_dsa(p, cert, issuers, hash, sig, sig_len);
		break;
	case SMIME_SIG_ECDSA:
		rc = verify_ecdsa(p, cert, hash, sig, sig_len);
		break;
	case SMIME_SIG_EDDSA:
		rc = verify_eddsa(p, cert, tbs, tbs_len, sig, sig_len);
		break;
	default:
		rc = SMIME_E_UNSUPPORTED;
		break;
	}
	if (rc == SMIME_E_BAD_SIGNATURE)
		*detail = "signature does not verify";
	else if (rc != SMIME_OK)
		*detail = "signer public key unusable";
	return rc;
}

/* The default digest for a key: the hash that matches its strength. */
static const smime_digest_desc *default_digest(const smime_key *key, smime_sig_scheme scheme)
{
	smime_digest_id id = SMIME_DIGEST_SHA256;
	if (scheme == SMIME_SIG_ECDSA) {
		smime_curve c;
		smime_buf priv = SMIME_BUF_INIT, pub = SMIME_BUF_INIT;
		if (smime_key__ec_private(key, &c, &priv, &pub) == SMIME_OK)
			id = c == SMIME_CURVE_P384 ? SMIME_DIGEST_SHA384
			   : c == SMIME_CURVE_P521 ? SMIME_DIGEST_SHA512
						   : SMIME_DIGEST_SHA256;
		smime_buf_free_secret(&priv);
		smime_buf_free(&pub);
	}
	return smime_crypto__digest_get(id);
}

int smime_cms__sig_choose(smime_sig_params *p, const smime_key *key,
			  const smime_digest_desc *digest, bool pss)
{
	memset(p, 0, sizeof *p);
	switch (smime_key__pk_type(key)) {
	case SMIME_PK_RSA:
		p->key = SMIME_PK_RSA;
		p->scheme = pss ? SMIME_SIG_RSA_PSS : SMIME_SIG_RSA_V15;
		p->sig_oid = pss ? SMIME_OID_RSASSA_PSS : SMIME_OID_RSA_ENCRYPTION;
		break;
	case SMIME_PK_RSA_PSS:
		p->key = SMIME_PK_RSA;
		p->scheme = SMIME_SIG_RSA_PSS;
		p->sig_oid = SMIME_OID_RSASSA_PSS;
		break;
	case SMIME_PK_EC:
		p->key = SMIME_PK_EC;
		p->scheme = SMIME_SIG_ECDSA;
		break;
	case SMIME_PK_ED25519:
	case SMIME_PK_ED448: {
		bool ed25519 = smime_key__pk_type(key) == SMIME_PK_ED25519;
		smime_digest_id want = ed25519 ? SMIME_DIGEST_SHA512 : SMIME_DIGEST_SHAKE256_512;
		if (digest != NULL && digest->id != want)
			return SMIME_E_INVALID_ARGUMENT; /* RFC 8419 fixes the digest */
		p->key = ed25519 ? SMIME_PK_ED25519 : SMIME_PK_ED448;
		p->scheme = SMIME_SIG_EDDSA;
		p->eddsa = ed25519 ? SMIME_EDDSA_ED25519 : SMIME_EDDSA_ED448;
		p->sig_oid = ed25519 ? SMIME_OID_ED25519 : SMIME_OID_ED448;
		digest = smime_crypto__digest_get(want);
		break;
	}
	default:
		return SMIME_E_UNSUPPORTED;
	}
	if (pss && p->scheme != SMIME_SIG_RSA_PSS)
		return SMIME_E_INVALID_ARGUMENT;
	p->digest = digest ? digest : default_digest(key, p->scheme);
	if (p->digest == NULL || p->digest->weak)
		return SMIME_E_WEAK_ALGORITHM; /* libsmime never signs with SHA-1 */
	if (p->scheme == SMIME_SIG_ECDSA) {
		/* the ecdsa-with-SHAx OID of the digest (RFC 5758 §3.2, RFC 8702) */
		p->sig_oid = SMIME_OID_UNKNOWN;
		for (int id = SMIME_OID_UNKNOWN + 1; id < SMIME_OID_COUNT; id++) {
			const smime_oid_entry *e = smime_oid__get((smime_oid_id)id);
			if (e != NULL && e->kind == SMIME_OID_KIND_SIGNATURE && e->pk == SMIME_PK_EC &&
			    e->digest == (int)p->digest->id)
				p->sig_oid = e->id;
		}
		if (p->sig_oid == SMIME_OID_UNKNOWN)
			return SMIME_E_UNSUPPORTED;
	}
	/* RFC 4056/8702: PSS with MGF1 over the same hash, salt = hash length */
	p->mgf_digest = p->digest;
	p->salt_len = p->digest->digest_size;
	return SMIME_OK;
}

/* DER of the RSASSA-PSS-params libsmime writes: hash and MGF1 hash (never
 * SHA-1, so never the DEFAULT that DER would omit), salt length, trailer
 * omitted (its default). */
static int pss_params(smime_buf *out, const smime_sig_params *p)
{
	asn1_node n = NULL;
	smime_buf mgf = SMIME_BUF_INIT;
	int rc = smime_der__create(&n, "CMS.AlgorithmIdentifier");
	/* the MGF1 parameters: an AlgorithmIdentifier of the hash */
	if (rc == SMIME_OK)
		rc = smime_cms__write_alg(n, "", smime_oid__for_digest(p->mgf_digest->id), NULL, 0);
	if (rc == SMIME_OK)
		rc = smime_der__encode(&mgf, n, NULL);
	smime_der__free(&n);
	if (rc == SMIME_OK)
		rc = smime_der__create(&n, "CMS.RSASSA-PSS-params");
	if (rc == SMIME_OK)
		rc = smime_cms__write_alg(n, "hashAlgorithm", smime_oid__for_digest(p->digest->id),
					  NULL, 0);
	if (rc == SMIME_OK)
		rc = smime_cms__write_alg(n, "maskGenAlgorithm", SMIME_OID_MGF1, mgf.data, mgf.len);
	if (rc == SMIME_OK)
		rc = smime_der__write_uint(n, "saltLength", p->salt_len);
	/* trailerField is left unwritten: DER omits its DEFAULT value */
	if (rc == SMIME_OK)
		rc = smime_der__encode(out, n, NULL);
	smime_der__free(&n);
	smime_buf_free(&mgf);
	return rc;
}

int smime_cms__sig_write_digest_alg(const smime_sig_params *p, asn1_node node, const char *path)
{
	/* RFC 8419 §3.1: Ed448 with signed attributes names id-shake256-len
	 * with the output length 512 as its parameter */
	if (p->digest->id == SMIME_DIGEST_SHAKE256_512) {
		static const uint8_t len512[] = { 0x02, 0x02, 0x02, 0x00 };
		return smime_cms__write_alg(node, path, SMIME_OID_SHAKE256_LEN, len512,
					    sizeof len512);
	}
	/* RFC 5754 §2: SHA-2 parameters are absent */
	return smime_cms__write_alg(node, path, smime_oid__for_digest(p->digest->id), NULL, 0);
}

int smime_cms__sig_write_alg(const smime_sig_params *p, asn1_node node, const char *path)
{
	smime_buf params = SMIME_BUF_INIT;
	int rc;
	switch (p->scheme) {
	case SMIME_SIG_RSA_V15:
		/* RFC 3370 §3.2: rsaEncryption with NULL parameters */
		return smime_cms__write_alg(node, path, SMIME_OID_RSA_ENCRYPTION, smime_cms__der_null,
					    sizeof smime_cms__der_null);
	case SMIME_SIG_RSA_PSS:
		rc = pss_params(&params, p);
		if (rc == SMIME_OK)
			rc = smime_cms__write_alg(node, path, SMIME_OID_RSASSA_PSS, params.data,
						  params.len);
		smime_buf_free(&params);
		return rc;
	case SMIME_SIG_ECDSA:
	case SMIME_SIG_EDDSA:
		/* RFC 5758 §3.2, RFC 8419 §3.1: parameters absent */
		return smime_cms__write_alg(node, path, p->sig_oid, NULL, 0);
	default:
		return SMIME_E_UNSUPPORTED;
	}
}

int smime_cms__sig_sign(const smime_sig_params *p, const smime_key *key, const uint8_t *tbs,
			size_t tbs_len, const uint8_t *hash, smime_buf *sig)
{
	smime_buf priv = SMIME_BUF_INIT, pub = SMIME_BUF_INIT;
	const smime_rsa_key *rsa = NULL;
	int rc;

	switch (p->scheme) {
	case SMIME_SIG_RSA_V15:
	case SMIME_SIG_RSA_PSS: {
		if ((rc = smime_key__rsa(key, &rsa)) != SMIME_OK)
			return rc;
		size_t len = smime_crypto__rsa_size(rsa);
		smime_buf out = SMIME_BUF_INIT;
		if ((rc = smime_buf__reserve(&out, len)) != SMIME_OK)
			return rc;
		if (p->scheme == SMIME_SIG_RSA_PSS)
			rc = smime_crypto__rsa_pss_sign(rsa, p->digest, p->mgf_digest, p->salt_len,
							hash, out.data, &out.len);
		else
			rc = smime_crypto__rsa_pkcs1_sign(rsa, p->digest, hash, out.data, &out.len);
		if (rc == SMIME_OK)
			smime_buf__move(sig, &out);
		smime_buf_free(&out);
		return rc;
	}
	case SMIME_SIG_ECDSA: {
		smime_curve c;
		rc = smime_key__ec_private(key, &c, &priv, &pub);
		if (rc == SMIME_OK)
			rc = smime_crypto__ecdsa_sign(c, priv.data, priv.len, hash,
						      p->digest->digest_size, sig);
		break;
	}
	case SMIME_SIG_EDDSA: {
		smime_eddsa v;
		rc = smime_key__eddsa_private(key, &v, &priv, &pub);
		if (rc == SMIME_OK)
			rc = smime_crypto__eddsa_sign(v, priv.data, priv.len, tbs, tbs_len, sig);
		break;
	}
	default:
		rc = SMIME_E_UNSUPPORTED;
		break;
	}
	smime_buf_free_secret(&priv);
	smime_buf_free(&pub);
	return rc;
}
