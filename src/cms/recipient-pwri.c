/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * PasswordRecipientInfo (RFC 5652 §6.2.4, RFC 3211): KEK = PBKDF2 of the
 * password (RFC 8018 §5.2), CEK wrapped with id-alg-PWRI-KEK (RFC 3211
 * §2.3: two CBC passes of the KEK encryption algorithm).
 *
 * libsmime writes version 0, PBKDF2 with a 16-byte random salt,
 * SMIME_PWRI_DEFAULT_ITERATIONS iterations (or the caller's count), the
 * key length and HMAC-SHA-256 written out, and AES-256-CBC (or the AES
 * size the caller asked for) as the KEK encryption algorithm. On input it
 * takes HMAC-SHA-1/256/384/512, AES-CBC and 3DES-CBC, and refuses
 * iteration counts above SMIME_PWRI_MAX_ITERATIONS (SMIME_E_LIMIT) so a
 * message cannot make the reader spin.
 */
#include "cms/recipient-private.h"

#include <string.h>

#define SALT_LEN 16

typedef struct kek_cipher {
	smime_oid_id oid;
	smime_cipher_id cipher;
} kek_cipher;

static const kek_cipher kek_ciphers[] = {
	{ SMIME_OID_AES128_CBC, SMIME_CIPHER_ID_AES128_CBC },
	{ SMIME_OID_AES192_CBC, SMIME_CIPHER_ID_AES192_CBC },
	{ SMIME_OID_AES256_CBC, SMIME_CIPHER_ID_AES256_CBC },
	{ SMIME_OID_DES_EDE3_CBC, SMIME_CIPHER_ID_DES_EDE3_CBC },
};

static const smime_cipher_desc *kek_cipher_of(smime_oid_id oid)
{
	for (size_t i = 0; i < SMIME_ARRAY_SIZE(kek_ciphers); i++)
		if (kek_ciphers[i].oid == oid)
			return smime_crypto__cipher_get(kek_ciphers[i].cipher);
	return NULL;
}

typedef struct prf_entry {
	smime_oid_id oid;
	smime_digest_id digest;
} prf_entry;

static const prf_entry prfs[] = {
	{ SMIME_OID_HMAC_SHA1, SMIME_DIGEST_SHA1 },
	{ SMIME_OID_HMAC_SHA224, SMIME_DIGEST_SHA224 },
	{ SMIME_OID_HMAC_SHA256, SMIME_DIGEST_SHA256 },
	{ SMIME_OID_HMAC_SHA384, SMIME_DIGEST_SHA384 },
	{ SMIME_OID_HMAC_SHA512, SMIME_DIGEST_SHA512 },
};

static const smime_digest_desc *prf_of(smime_oid_id oid)
{
	for (size_t i = 0; i < SMIME_ARRAY_SIZE(prfs); i++)
		if (prfs[i].oid == oid)
			return smime_crypto__digest_get(prfs[i].digest);
	return NULL;
}

static int pbkdf2_params_der(smime_buf *out, const uint8_t *salt, size_t salt_len,
			     unsigned iterations, size_t key_len)
{
	asn1_node n = NULL;
	int rc = smime_der__create(&n, "CMS.PBKDF2-params");
	if (rc != SMIME_OK)
		return rc;
	if ((rc = smime_der__write_str(n, "salt", "specified")) == SMIME_OK &&
	    (rc = smime_der__write(n, "salt.specified", salt, salt_len)) == SMIME_OK &&
	    (rc = smime_der__write_uint(n, "iterationCount", iterations)) == SMIME_OK &&
	    (rc = smime_der__write_uint(n, "keyLength", key_len)) == SMIME_OK &&
	    (rc = smime_cms__write_alg(n, "prf", SMIME_OID_HMAC_SHA256, smime_cms__der_null,
				       sizeof smime_cms__der_null)) == SMIME_OK)
		rc = smime_der__encode(out, n, NULL);
	smime_der__free(&n);
	return rc;
}

int smime_cms__pwri_build(asn1_node node, const char *path, const smime_recipient_spec *spec,
			  const uint8_t *cek, size_t cek_len)
{
	smime_buf kdp = SMIME_BUF_INIT, ivp = SMIME_BUF_INIT, kea = SMIME_BUF_INIT;
	smime_buf wrapped = SMIME_BUF_INIT;
	uint8_t salt[SALT_LEN], iv[16], kek[32];
	char p[SMIME_RI_PATH_MAX];
	unsigned iterations = spec->iterations ? spec->iterations : SMIME_PWRI_DEFAULT_ITERATIONS;
	smime_oid_id coid;
	const smime_cipher_desc *cd;
	int rc;

	if (spec->password == NULL && spec->password_len > 0)
		return SMIME_E_INVALID_ARGUMENT;
	if (iterations > SMIME_PWRI_MAX_ITERATIONS)
		return SMIME_E_INVALID_ARGUMENT;
	switch (spec->wrap) {
	case SMIME_OID_UNKNOWN:
	case SMIME_OID_AES256_WRAP:
		coid = SMIME_OID_AES256_CBC;
		break;
	case SMIME_OID_AES192_WRAP:
		coid = SMIME_OID_AES192_CBC;
		break;
	case SMIME_OID_AES128_WRAP:
		coid = SMIME_OID_AES128_CBC;
		break;
	default:
		return SMIME_E_INVALID_ARGUMENT;
	}
	if ((cd = kek_cipher_of(coid)) == NULL || cd->key_size > sizeof kek ||
	    cd->iv_size > sizeof iv)
		return SMIME_E_INTERNAL;
	if ((rc = smime_crypto__random(salt, sizeof salt)) != SMIME_OK ||
	    (rc = smime_crypto__random(iv, cd->iv_size)) != SMIME_OK)
		return rc;
	rc = smime_crypto__pbkdf2(smime_crypto__digest_get(SMIME_DIGEST_SHA256),
				  spec->password ? spec->password : (const uint8_t *)"",
				  spec->password_len, salt, sizeof salt, iterations, kek,
				  cd->key_size);
	if (rc == SMIME_OK)
		rc = smime_crypto__pwri_wrap(cd, kek, iv, cek, cek_len, &wrapped);
	if (rc == SMIME_OK)
		rc = pbkdf2_params_der(&kdp, salt, sizeof salt, iterations, cd->key_size);
	if (rc == SMIME_OK)
		rc = smime_cms__der_octets(&ivp, iv, cd->iv_size);
	if (rc == SMIME_OK)
		rc = smime_ri__alg_der(&kea, coid, ivp.data, ivp.len);
	if (rc != SMIME_OK)
		goto out;
	if ((rc = smime_ri__path(p, path, "version")) != SMIME_OK ||
	    (rc = smime_der__write_uint(node, p, 0)) != SMIME_OK ||
	    (rc = smime_ri__path(p, path, "keyDerivationAlgorithm")) != SMIME_OK ||
	    (rc = smime_cms__write_alg(node, p, SMIME_OID_PBKDF2, kdp.data, kdp.len)) != SMIME_OK ||
	    (rc = smime_ri__path(p, path, "keyEncryptionAlgorithm")) != SMIME_OK ||
	    (rc = smime_cms__write_alg(node, p, SMIME_OID_PWRI_KEK, kea.data, kea.len)) != SMIME_OK ||
	    (rc = smime_ri__path(p, path, "encryptedKey")) != SMIME_OK)
		goto out;
	rc = smime_der__write(node, p, wrapped.data, wrapped.len);
out:
	smime_wipe(kek, sizeof kek);
	smime_buf_free(&kdp);
	smime_buf_free(&ivp);
	smime_buf_free(&kea);
	smime_buf_free(&wrapped);
	return rc;
}

/* The PBKDF2 parameters: salt, iteration count, key length (0: absent)
 * and PRF hash. */
static int read_pbkdf2(asn1_node node, const char *path, smime_buf *salt, unsigned *iter,
		       size_t *key_len, const smime_digest_desc **prf)
{
	smime_buf params = SMIME_BUF_INIT, pp = SMIME_BUF_INIT;
	asn1_node n = NULL;
	char choice[32];
	unsigned long v;
	smime_oid_id id;
	int rc;

	if (smime_ri__read_alg(node, path, &id, &params) != SMIME_OK)
		return SMIME_E_MALFORMED;
	if (id != SMIME_OID_PBKDF2) {
		smime_buf_free(&params);
		return SMIME_E_UNSUPPORTED;
	}
	rc = SMIME_E_MALFORMED;
	if (params.len == 0 ||
	    smime_der__decode(&n, "CMS.PBKDF2-params", params.data, params.len) != SMIME_OK)
		goto out;
	if (smime_der__read_choice(n, "salt", choice, sizeof choice) != SMIME_OK)
		goto out;
	if (strcmp(choice, "specified") != 0) {
		rc = SMIME_E_UNSUPPORTED;
		goto out;
	}
	if (smime_der__read(salt, n, "salt.specified") != SMIME_OK)
		goto out;
	if ((rc = smime_der__read_uint(n, "iterationCount", &v)) != SMIME_OK)
		goto out;
	rc = SMIME_E_MALFORMED;
	if (v == 0)
		goto out;
	if (v > SMIME_PWRI_MAX_ITERATIONS) {
		rc = SMIME_E_LIMIT;
		goto out;
	}
	*iter = (unsigned)v;
	*key_len = 0;
	if (smime_der__exists(n, "keyLength")) {
		if ((rc = smime_der__read_uint(n, "keyLength", &v)) != SMIME_OK)
			goto out;
		rc = SMIME_E_MALFORMED;
		if (v == 0 || v > 64)
			goto out;
		*key_len = (size_t)v;
	}
	*prf = smime_crypto__digest_get(SMIME_DIGEST_SHA1); /* the default */
	if (smime_der__exists(n, "prf")) {
		if (smime_ri__read_alg(n, "prf", &id, &pp) != SMIME_OK ||
		    !smime_ri__params_absent_or_null(&pp))
			goto out;
		if ((*prf = prf_of(id)) == NULL) {
			rc = SMIME_E_UNSUPPORTED;
			goto out;
		}
	}
	rc = SMIME_OK;
out:
	if (rc != SMIME_OK)
		smime_buf_free(salt);
	smime_buf_free(&params);
	smime_buf_free(&pp);
	smime_der__free(&n);
	return rc == SMIME_E_NO_MEMORY || rc == SMIME_E_UNSUPPORTED || rc == SMIME_E_LIMIT ||
	       rc == SMIME_OK ? rc : SMIME_E_MALFORMED;
}

/* id-alg-PWRI-KEK with its KEK encryption AlgorithmIdentifier. */
static int read_kek_alg(asn1_node node, const char *path, const smime_cipher_desc **cd,
			smime_buf *iv)
{
	smime_buf params = SMIME_BUF_INIT, cp = SMIME_BUF_INIT;
	asn1_node n = NULL, o = NULL;
	smime_oid_id id;
	int rc;

	if (smime_ri__read_alg(node, path, &id, &params) != SMIME_OK)
		return SMIME_E_MALFORMED;
	if (id != SMIME_OID_PWRI_KEK) {
		rc = SMIME_E_UNSUPPORTED;
		goto out;
	}
	rc = SMIME_E_MALFORMED;
	if (params.len == 0 ||
	    smime_der__decode(&n, "CMS.AlgorithmIdentifier", params.data, params.len) != SMIME_OK ||
	    smime_ri__read_alg(n, "", &id, &cp) != SMIME_OK)
		goto out;
	if ((*cd = kek_cipher_of(id)) == NULL) {
		rc = SMIME_E_UNSUPPORTED;
		goto out;
	}
	/* AES-CBC and 3DES-CBC parameters: the IV as an OCTET STRING */
	if (cp.len == 0 || smime_der__decode(&o, "CMS.MessageDigest", cp.data, cp.len) != SMIME_OK ||
	    smime_der__read(iv, o, "") != SMIME_OK)
		goto out;
	if (iv->len != (*cd)->iv_size) {
		smime_buf_free(iv);
		goto out;
	}
	rc = SMIME_OK;
out:
	smime_buf_free(&params);
	smime_buf_free(&cp);
	smime_der__free(&n);
	smime_der__free(&o);
	return rc;
}

int smime_cms__pwri_decrypt(smime_ri_ctx *c, const char *path,
			    const smime_recipient_secret *s, bool *identified)
{
	smime_buf salt = SMIME_BUF_INIT, iv = SMIME_BUF_INIT, ek = SMIME_BUF_INIT;
	smime_buf cek = SMIME_BUF_INIT;
	uint8_t kek[64];
	char p[SMIME_RI_PATH_MAX];
	const smime_digest_desc *prf = NULL;
	const smime_cipher_desc *cd = NULL;
	unsigned iter = 0;
	size_t key_len = 0;
	int rc;

	*identified = false;
	if ((rc = smime_ri__path(p, path, "keyDerivationAlgorithm")) != SMIME_OK)
		return rc;
	/* without a key derivation algorithm the KEK is given directly: not
	 * a password */
	if (!smime_der__exists(c->node, p))
		return SMIME_E_UNSUPPORTED;
	if ((rc = read_pbkdf2(c->node, p, &salt, &iter, &key_len, &prf)) != SMIME_OK)
		goto out;
	if ((rc = smime_ri__path(p, path, "keyEncryptionAlgorithm")) != SMIME_OK ||
	    (rc = read_kek_alg(c->node, p, &cd, &iv)) != SMIME_OK)
		goto out;
	if ((key_len != 0 && key_len != cd->key_size) || cd->key_size > sizeof kek) {
		rc = SMIME_E_MALFORMED;
		goto out;
	}
	if ((rc = smime_ri__path(p, path, "encryptedKey")) != SMIME_OK)
		goto out;
	if (smime_der__read(&ek, c->node, p) != SMIME_OK) {
		rc = SMIME_E_MALFORMED;
		goto out;
	}
	rc = smime_crypto__pbkdf2(prf, s->password, s->password_len, salt.data, salt.len, iter,
				  kek, cd->key_size);
	if (rc != SMIME_OK)
		goto out;
	rc = smime_crypto__pwri_unwrap(cd, kek, iv.data, ek.data, ek.len, &cek);
	if (rc == SMIME_OK)
		rc = smime_ri__try(c, cek.data, cek.len);
	else if (rc != SMIME_E_NO_MEMORY)
		rc = SMIME_E_DECRYPT; /* wrong password or corrupted key */
out:
	smime_wipe(kek, sizeof kek);
	smime_buf_free_secret(&cek);
	smime_buf_free(&salt);
	smime_buf_free(&iv);
	smime_buf_free(&ek);
	return rc;
}
