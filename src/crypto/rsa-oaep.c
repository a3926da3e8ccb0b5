/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * RSAES-OAEP (RFC 8017 §7.1; RFC 3560 for CMS) on Nettle's raw RSA
 * operations and its MGF1 (pss_mgf1). Neither Nettle 3.8 nor GnuTLS 3.7
 * offers OAEP encryption.
 *
 * Decryption is a key-transport primitive and so a potential oracle
 * (Manger, CRYPTO 2001): it never reports a decoding error. Like the
 * PKCS#1 v1.5 decryption in rsa.c it fills the output with random bytes
 * first and replaces them with the message only when the whole encoding is
 * valid and the message has exactly the expected length; the caller then
 * fails at content decryption, as with a wrong key.
 *
 * Because the expected length is known (it is a public parameter, the
 * content-encryption key size), the position of the 0x01 separator in DB
 * is known too: a valid DB is lHash || 00...00 || 01 || M with M at a
 * fixed offset. So the decoder reads every byte of DB in the same order
 * whatever its contents, folds all checks (leading zero byte, label hash,
 * zero padding, separator) into one mask with no data-dependent branch or
 * address, and copies M with Nettle's cnd_memcpy. The private-key
 * operation is rsa_compute_root_tr: blinded, side-channel silent in
 * Nettle's GMP build, and checked against the public key. The one
 * remaining difference is in turning the result into bytes: GMP normalises
 * the integer, so a decrypted block whose top 64 bits are all zero (a
 * chance of about 2^-56 for a 2048-bit key) takes a slightly different
 * path; that leaks nothing an attacker can choose to learn.
 */
#include "crypto/crypto.h"

#include <string.h>

#include <nettle/bignum.h>
#include <nettle/memops.h>
#include <nettle/nettle-meta.h>
#include <nettle/pss-mgf1.h>
#include <nettle/rsa.h>

#include "crypto/rsa-internal.h"

/* The largest modulus rsa.c accepts is 16384 bits. */
#define MAX_K (16384 / 8)

static const struct nettle_hash *hash_of(const smime_digest_desc *d)
{
	return d->nettle;
}

/* OAEP is specified with fixed-length hashes; SHAKE has no place here
 * (and Nettle's MGF1 asks the hash for truncated digests). */
static bool oaep_hash_ok(const smime_digest_desc *d)
{
	return d != NULL && d->nettle != NULL && d->id <= SMIME_DIGEST_SHA512 &&
	       d->digest_size > 0 && d->digest_size <= SMIME_DIGEST_MAX_SIZE;
}

/* mask ^= MGF1(seed, len) with the MGF1 hash h. */
static void mgf1_xor(const smime_digest_desc *h, const uint8_t *seed, size_t seed_len,
		     uint8_t *data, size_t len)
{
	uint8_t mask[MAX_K];
	smime_digest_ctx ctx;

	smime_crypto__digest_init(&ctx, h);
	smime_crypto__digest_update(&ctx, seed, seed_len);
	/* pss_mgf1 copies the seeded state for each counter value. */
	pss_mgf1(ctx.state.bytes, hash_of(h), len, mask);
	memxor(data, mask, len);
	smime_wipe(mask, len);
	smime_wipe(&ctx, sizeof(ctx));
}

int smime_crypto__rsa_oaep_encrypt(const smime_rsa_key *key, const smime_digest_desc *hash,
				   const smime_digest_desc *mgf_hash, const uint8_t *label,
				   size_t label_len, const uint8_t *msg, size_t msg_len,
				   uint8_t *out, size_t *out_len)
{
	uint8_t em[MAX_K];
	uint8_t *seed, *db;
	size_t k, hlen, db_len;
	mpz_t m;
	int ret;

	if (out_len != NULL)
		*out_len = 0;
	if (key == NULL || (label == NULL && label_len > 0) ||
	    (msg == NULL && msg_len > 0) || out == NULL || out_len == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (!oaep_hash_ok(hash) || !oaep_hash_ok(mgf_hash))
		return SMIME_E_UNSUPPORTED;
	k = key->pub.size;
	hlen = hash->digest_size;
	if (k > MAX_K || k < 2 * hlen + 2)
		return SMIME_E_KEY;
	/* §7.1.1 step 1b: mLen <= k - 2hLen - 2 */
	if (msg_len > k - 2 * hlen - 2)
		return SMIME_E_INVALID_ARGUMENT;

	/* EM = 0x00 || maskedSeed || maskedDB, DB = lHash || PS || 0x01 || M */
	seed = em + 1;
	db = em + 1 + hlen;
	db_len = k - hlen - 1;
	em[0] = 0;
	smime_crypto__digest(hash, label, label_len, db);
	memset(db + hlen, 0, db_len - hlen - msg_len - 1);
	db[db_len - msg_len - 1] = 0x01;
	if (msg_len > 0)
		memcpy(db + db_len - msg_len, msg, msg_len);
	ret = smime_crypto__random(seed, hlen);
	if (ret < 0)
		goto out;
	mgf1_xor(mgf_hash, seed, hlen, db, db_len);   /* maskedDB */
	mgf1_xor(mgf_hash, db, db_len, seed, hlen);   /* maskedSeed */

	/* c = m^e mod n; m < n because its top byte is zero. */
	mpz_init(m);
	nettle_mpz_set_str_256_u(m, k, em);
	mpz_powm(m, m, key->pub.e, key->pub.n);
	nettle_mpz_get_str_256(k, out, m);
	mpz_clear(m);
	*out_len = k;
	ret = SMIME_OK;
out:
	smime_wipe(em, sizeof(em));
	return ret;
}

/* All-ones (as unsigned) when x == 0, else zero; no branch. */
static unsigned ct_zero_mask(unsigned x)
{
	return (unsigned)(((uint64_t)x - 1) >> 63) * ~0u;
}

int smime_crypto__rsa_oaep_decrypt_implicit(const smime_rsa_key *key,
					    const smime_digest_desc *hash,
					    const smime_digest_desc *mgf_hash,
					    const uint8_t *label, size_t label_len,
					    const uint8_t *ct, size_t ct_len,
					    uint8_t *out, size_t out_len)
{
	unsigned valid;

	return smime_crypto__rsa_oaep_decrypt_ct(key, hash, mgf_hash, label, label_len, ct,
						 ct_len, out, out_len, &valid);
}

int smime_crypto__rsa_oaep_decrypt_ct(const smime_rsa_key *key, const smime_digest_desc *hash,
				      const smime_digest_desc *mgf_hash, const uint8_t *label,
				      size_t label_len, const uint8_t *ct, size_t ct_len,
				      uint8_t *out, size_t out_len, unsigned *valid)
{
	uint8_t em[MAX_K];
	uint8_t lhash[SMIME_DIGEST_MAX_SIZE];
	uint8_t *seed, *db;
	size_t k, hlen, db_len, sep, i;
	unsigned bad, nz;
	mpz_t c, m;
	int ret;

	if (valid == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	*valid = 0;
	if (key == NULL || !key->has_private || (label == NULL && label_len > 0) ||
	    (ct == NULL && ct_len > 0) || (out == NULL && out_len > 0))
		return SMIME_E_INVALID_ARGUMENT;
	if (!oaep_hash_ok(hash) || !oaep_hash_ok(mgf_hash))
		return SMIME_E_UNSUPPORTED;
	if (out_len == 0)
		return SMIME_OK;

	ret = smime_crypto__random(out, out_len);
	if (ret < 0)
		return ret;

	/* The early returns below depend only on public values (key size,
	 * hash, ciphertext length and range, expected length); they leave
	 * the random bytes in out. */
	k = key->pub.size;
	hlen = hash->digest_size;
	if (k > MAX_K || k < 2 * hlen + 2 || out_len > k - 2 * hlen - 2)
		return SMIME_OK;
	/* §7.1.2 step 1b: exactly k octets */
	if (ct_len != k)
		return SMIME_OK;

	mpz_init(c);
	mpz_init(m);
	nettle_mpz_set_str_256_u(c, ct_len, ct);
	/* 0 < c < n (§5.1.2); blinding needs c non-zero */
	if (mpz_sgn(c) <= 0 || mpz_cmp(c, key->pub.n) >= 0 ||
	    !rsa_compute_root_tr(&key->pub, &key->priv, NULL,
				 smime_crypto__random_cb, m, c))
		goto done;
	nettle_mpz_get_str_256(k, em, m);

	/* §7.1.2 step 3: EM = Y || maskedSeed || maskedDB */
	seed = em + 1;
	db = em + 1 + hlen;
	db_len = k - hlen - 1;
	mgf1_xor(mgf_hash, db, db_len, seed, hlen);   /* seed */
	mgf1_xor(mgf_hash, seed, hlen, db, db_len);   /* DB */

	/* Y == 0 */
	bad = ~ct_zero_mask(em[0]);
	/* lHash' == lHash */
	smime_crypto__digest(hash, label, label_len, lhash);
	bad |= ~ct_zero_mask((unsigned)memeql_sec(lhash, db, hlen) ^ 1u);
	/* PS all zero, then 0x01 right before the out_len-byte message */
	sep = db_len - out_len - 1;
	nz = 0;
	for (i = hlen; i < sep; i++)
		nz |= db[i];
	bad |= ~ct_zero_mask(nz);
	bad |= ~ct_zero_mask((unsigned)db[sep] ^ 0x01u);

	cnd_memcpy((int)(~bad & 1u), out, db + sep + 1, out_len);
	*valid = ~bad & 1u;

done:
	mpz_clear(c);
	/* m held the decrypted block: overwrite its limbs before release */
	if (mpz_size(m) > 0) {
		size_t n = mpz_size(m);
		mp_limb_t *limbs = mpz_limbs_modify(m, (mp_size_t)n);

		smime_wipe(limbs, n * sizeof(*limbs));
		mpz_limbs_finish(m, 0);
	}
	mpz_clear(m);
	smime_wipe(em, sizeof(em));
	smime_wipe(lhash, sizeof(lhash));
	return SMIME_OK;
}
