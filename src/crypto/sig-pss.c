/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * RSASSA-PSS (RFC 8017 §8.1) over a precomputed message digest, with the
 * EMSA-PSS encoding of §9.1 written out here so that the MGF1 hash may
 * differ from the message hash (RFC 4056 allows any combination; Nettle's
 * pss_encode_mgf1 uses one hash for both). The RSA operations are Nettle's:
 * rsa_compute_root_tr (blinded, result checked against the public key) for
 * signing, a plain modular exponentiation for verifying.
 */
#include "crypto/crypto.h"

#include <string.h>

#include <nettle/bignum.h>
#include <nettle/rsa.h>

#include "crypto/rsa-internal.h"

#define PSS_MAX_EM (16384 / 8 + 1) /* the largest modulus rsa.c accepts */
#define PSS_TRAILER 0xbc

/* A hash usable inside EMSA-PSS: a fixed-output hash (not SHAKE, whose use
 * in PSS is defined differently, RFC 8702 §3.2). */
static bool pss_hash_ok(const smime_digest_desc *d)
{
	return d != NULL && d->id != SMIME_DIGEST_SHAKE256_512 &&
	       d->digest_size > 0 && d->digest_size <= SMIME_DIGEST_MAX_SIZE;
}

/* MGF1 (RFC 8017 §B.2.1): XORs the mask generated from seed into buf. */
static void mgf1_xor(const smime_digest_desc *h, const uint8_t *seed,
		     size_t seed_len, uint8_t *buf, size_t len)
{
	uint8_t block[SMIME_DIGEST_MAX_SIZE];
	uint32_t counter = 0;

	for (size_t off = 0; off < len; counter++) {
		smime_digest_ctx ctx;
		uint8_t c[4] = { (uint8_t)(counter >> 24), (uint8_t)(counter >> 16),
				 (uint8_t)(counter >> 8), (uint8_t)counter };
		size_t n = len - off < h->digest_size ? len - off : h->digest_size;

		smime_crypto__digest_init(&ctx, h);
		smime_crypto__digest_update(&ctx, seed, seed_len);
		smime_crypto__digest_update(&ctx, c, sizeof(c));
		smime_crypto__digest_final(&ctx, block);
		for (size_t i = 0; i < n; i++)
			buf[off + i] ^= block[i];
		off += n;
	}
	smime_wipe(block, sizeof(block));
}

/* H = Hash(0x00 * 8 || mHash || salt) (§9.1.1 steps 5-6). */
static void pss_h(const smime_digest_desc *h, const uint8_t *digest,
		  const uint8_t *salt, size_t salt_len, uint8_t *out)
{
	static const uint8_t zeros[8];
	smime_digest_ctx ctx;

	smime_crypto__digest_init(&ctx, h);
	smime_crypto__digest_update(&ctx, zeros, sizeof(zeros));
	smime_crypto__digest_update(&ctx, digest, h->digest_size);
	smime_crypto__digest_update(&ctx, salt, salt_len);
	smime_crypto__digest_final(&ctx, out);
}

/* emBits = modBits - 1 and emLen = ceil(emBits / 8) (§8.1.1 step 1). */
static void em_size(const smime_rsa_key *key, size_t *em_bits, size_t *em_len)
{
	*em_bits = mpz_sizeinbase(key->pub.n, 2) - 1;
	*em_len = (*em_bits + 7) / 8;
}

/* The salt must fit: emLen >= hLen + sLen + 2 (§9.1.1 step 3). */
static bool salt_fits(size_t em_len, size_t h_len, size_t salt_len)
{
	size_t need;

	return !smime_add_overflows(h_len, 2, &need) &&
	       !smime_add_overflows(need, salt_len, &need) && em_len >= need;
}

/* EMSA-PSS-ENCODE (§9.1.1) into em (em_len bytes) with a random salt. */
static int pss_encode(const smime_digest_desc *h, const smime_digest_desc *mgf,
		      size_t salt_len, const uint8_t *digest, size_t em_bits,
		      uint8_t *em, size_t em_len)
{
	size_t h_len = h->digest_size, db_len = em_len - h_len - 1;
	uint8_t *db = em, *hash = em + db_len;
	int rc;

	/* DB = PS || 0x01 || salt, the salt written in place */
	memset(db, 0, db_len);
	db[db_len - salt_len - 1] = 0x01;
	if (salt_len > 0 &&
	    (rc = smime_crypto__random(db + db_len - salt_len, salt_len)) != SMIME_OK)
		return rc;
	pss_h(h, digest, db + db_len - salt_len, salt_len, hash);
	mgf1_xor(mgf, hash, h_len, db, db_len);
	/* clear the leftmost 8 * emLen - emBits bits */
	db[0] &= (uint8_t)(0xff >> (8 * em_len - em_bits));
	em[em_len - 1] = PSS_TRAILER;
	return SMIME_OK;
}

int smime_crypto__rsa_pss_sign(const smime_rsa_key *key, const smime_digest_desc *hash,
			       const smime_digest_desc *mgf_hash, size_t salt_len,
			       const uint8_t *digest, uint8_t *sig, size_t *sig_len)
{
	uint8_t em[PSS_MAX_EM];
	size_t em_bits, em_len;
	mpz_t m, s;
	int rc;

	if (sig_len != NULL)
		*sig_len = 0;
	if (key == NULL || digest == NULL || sig == NULL || sig_len == NULL ||
	    !key->has_private)
		return SMIME_E_INVALID_ARGUMENT;
	if (!pss_hash_ok(hash) || !pss_hash_ok(mgf_hash))
		return SMIME_E_UNSUPPORTED;
	em_size(key, &em_bits, &em_len);
	if (em_len > sizeof(em))
		return SMIME_E_KEY;
	if (!salt_fits(em_len, hash->digest_size, salt_len))
		return SMIME_E_KEY; /* key too small for this hash and salt */
	rc = pss_encode(hash, mgf_hash, salt_len, digest, em_bits, em, em_len);
	if (rc != SMIME_OK)
		return rc;

	mpz_init(m);
	mpz_init(s);
	nettle_mpz_set_str_256_u(m, em_len, em);
	/* blinded; Nettle checks the CRT result with the public exponent */
	if (!rsa_compute_root_tr(&key->pub, &key->priv, NULL,
				 smime_crypto__random_cb, s, m)) {
		rc = SMIME_E_CRYPTO;
	} else {
		nettle_mpz_get_str_256(key->pub.size, sig, s);
		*sig_len = key->pub.size;
		rc = SMIME_OK;
	}
	mpz_clear(m);
	mpz_clear(s);
	smime_wipe(em, sizeof(em));
	return rc;
}

/* EMSA-PSS-VERIFY (§9.1.2) of em (em_len bytes). */
static bool pss_check(const smime_digest_desc *h, const smime_digest_desc *mgf,
		      size_t salt_len, const uint8_t *digest, size_t em_bits,
		      uint8_t *em, size_t em_len)
{
	uint8_t h2[SMIME_DIGEST_MAX_SIZE];
	size_t h_len = h->digest_size, db_len, ps_len;
	uint8_t *db = em, *hash;
	uint8_t top_mask = (uint8_t)(0xff >> (8 * em_len - em_bits));

	if (!salt_fits(em_len, h_len, salt_len))
		return false;
	if (em[em_len - 1] != PSS_TRAILER)
		return false;
	db_len = em_len - h_len - 1;
	hash = em + db_len;
	if ((db[0] & ~top_mask) != 0)
		return false;
	mgf1_xor(mgf, hash, h_len, db, db_len);
	db[0] &= top_mask;
	ps_len = db_len - salt_len - 1;
	for (size_t i = 0; i < ps_len; i++)
		if (db[i] != 0)
			return false;
	if (db[ps_len] != 0x01)
		return false;
	pss_h(h, digest, db + db_len - salt_len, salt_len, h2);
	return memcmp(h2, hash, h_len) == 0;
}

int smime_crypto__rsa_pss_verify(const smime_rsa_key *key, const smime_digest_desc *hash,
				 const smime_digest_desc *mgf_hash, size_t salt_len,
				 const uint8_t *digest, const uint8_t *sig, size_t sig_len)
{
	uint8_t em[PSS_MAX_EM];
	size_t em_bits, em_len;
	mpz_t s, m;
	bool ok = false;

	if (key == NULL || digest == NULL || (sig == NULL && sig_len > 0))
		return SMIME_E_INVALID_ARGUMENT;
	if (!pss_hash_ok(hash) || !pss_hash_ok(mgf_hash))
		return SMIME_E_UNSUPPORTED;
	/* §8.1.2 step 1: exactly k octets */
	if (sig_len != key->pub.size)
		return SMIME_E_BAD_SIGNATURE;
	em_size(key, &em_bits, &em_len);
	if (em_len > sizeof(em) || em_len == 0)
		return SMIME_E_BAD_SIGNATURE;

	mpz_init(s);
	mpz_init(m);
	nettle_mpz_set_str_256_u(s, sig_len, sig);
	/* RSAVP1 (§5.2.2): the representative must be < n */
	if (mpz_cmp(s, key->pub.n) < 0) {
		mpz_powm(m, s, key->pub.e, key->pub.n);
		/* I2OSP(m, emLen) fails when m needs more than emLen octets */
		if (mpz_sizeinbase(m, 256) <= em_len) {
			nettle_mpz_get_str_256(em_len, em, m);
			ok = pss_check(hash, mgf_hash, salt_len, digest, em_bits,
				       em, em_len);
		}
	}
	mpz_clear(s);
	mpz_clear(m);
	return ok ? SMIME_OK : SMIME_E_BAD_SIGNATURE;
}
