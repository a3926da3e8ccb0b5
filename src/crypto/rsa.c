/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * RSA over Nettle (hogweed): PKCS#1 v1.5 signatures (RFC 8017 §8.2) and
 * PKCS#1 v1.5 key transport (RFC 8017 §7.2) with implicit rejection.
 *
 * Secret hygiene. The private values are GMP integers. Before importing a
 * value we size its limb buffer once (mpz_realloc2 on a zero value, which
 * has nothing to copy), so the import never reallocates and leaves no stale
 * copy of the secret in freed memory. On free, each private integer's limbs
 * are overwritten through mpz_limbs_modify() before mpz_clear(). Temporaries
 * that GMP and Nettle allocate internally during signing and decryption are
 * outside our reach (a library must not replace GMP's global allocator).
 */
#include "crypto/crypto.h"

#include <stdlib.h>
#include <string.h>

#include <nettle/bignum.h>
#include <nettle/rsa.h>

#include "crypto/rsa-internal.h"

/* Moduli we accept: 512 bits lets legacy keys (RFC 4134 examples use
 * 1024-bit keys) be verified; callers apply policy with rsa_bits. The upper
 * bound keeps a hostile certificate from making us do huge arithmetic. */
#define RSA_MIN_BITS 512
#define RSA_MAX_BITS 16384
/* A big-endian parameter may carry one leading zero byte. */
#define RSA_MAX_PARAM_LEN (RSA_MAX_BITS / 8 + 1)
/* PKCS#1 v1.5: 0x00 0x0n PS (at least 8 bytes) 0x00 */
#define PKCS1_OVERHEAD 11

/* struct smime_rsa_key lives in crypto/rsa-internal.h. */

/* Imports a big-endian unsigned integer; SMIME_E_KEY if absent or huge. */
static int set_mpz(mpz_t x, const uint8_t *buf, size_t len)
{
	if (buf == NULL || len == 0 || len > RSA_MAX_PARAM_LEN)
		return SMIME_E_KEY;
	/* x is zero here: reserving the room copies nothing. */
	mpz_realloc2(x, (mp_bitcnt_t)len * 8);
	nettle_mpz_set_str_256_u(x, len, buf);
	return SMIME_OK;
}

static void wipe_mpz(mpz_t x)
{
	size_t n = mpz_size(x);

	if (n > 0) {
		mp_limb_t *limbs = mpz_limbs_modify(x, (mp_size_t)n);

		smime_wipe(limbs, n * sizeof(*limbs));
		mpz_limbs_finish(x, 0);
	}
}

void smime_crypto__rsa_key_free(smime_rsa_key *key)
{
	if (key == NULL)
		return;
	wipe_mpz(key->priv.d);
	wipe_mpz(key->priv.p);
	wipe_mpz(key->priv.q);
	wipe_mpz(key->priv.a);
	wipe_mpz(key->priv.b);
	wipe_mpz(key->priv.c);
	rsa_private_key_clear(&key->priv);
	rsa_public_key_clear(&key->pub);
	smime_wipe(key, sizeof(*key));
	free(key);
}

static int key_alloc(smime_rsa_key **out)
{
	smime_rsa_key *key = calloc(1, sizeof(*key));

	if (key == NULL)
		return SMIME_E_NO_MEMORY;
	rsa_public_key_init(&key->pub);
	rsa_private_key_init(&key->priv);
	*out = key;
	return SMIME_OK;
}

static int load_public(smime_rsa_key *key, const smime_rsa_params *p)
{
	size_t bits;
	int ret;

	ret = set_mpz(key->pub.n, p->n, p->n_len);
	if (ret < 0)
		return ret;
	ret = set_mpz(key->pub.e, p->e, p->e_len);
	if (ret < 0)
		return ret;

	bits = mpz_sizeinbase(key->pub.n, 2);
	if (bits < RSA_MIN_BITS || bits > RSA_MAX_BITS)
		return SMIME_E_KEY;
	/* n must be odd (a product of two odd primes); e odd, 3 <= e < n. */
	if (mpz_even_p(key->pub.n) || mpz_even_p(key->pub.e) ||
	    mpz_cmp_ui(key->pub.e, 3) < 0 || mpz_cmp(key->pub.e, key->pub.n) >= 0)
		return SMIME_E_KEY;
	if (!rsa_public_key_prepare(&key->pub))
		return SMIME_E_KEY;
	return SMIME_OK;
}

int smime_crypto__rsa_public_new(smime_rsa_key **out, const smime_rsa_params *p)
{
	smime_rsa_key *key = NULL;
	int ret;

	if (out == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	*out = NULL;
	if (p == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	ret = key_alloc(&key);
	if (ret < 0)
		return ret;
	ret = load_public(key, p);
	if (ret < 0) {
		smime_crypto__rsa_key_free(key);
		return ret;
	}
	*out = key;
	return SMIME_OK;
}

int smime_crypto__rsa_private_new(smime_rsa_key **out, const smime_rsa_params *p)
{
	smime_rsa_key *key = NULL;
	mpz_t n;
	int ret, same;

	if (out == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	*out = NULL;
	if (p == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	ret = key_alloc(&key);
	if (ret < 0)
		return ret;
	ret = load_public(key, p);
	if (ret < 0)
		goto fail;

	if ((ret = set_mpz(key->priv.d, p->d, p->d_len)) < 0 ||
	    (ret = set_mpz(key->priv.p, p->p, p->p_len)) < 0 ||
	    (ret = set_mpz(key->priv.q, p->q, p->q_len)) < 0 ||
	    (ret = set_mpz(key->priv.a, p->dp, p->dp_len)) < 0 ||
	    (ret = set_mpz(key->priv.b, p->dq, p->dq_len)) < 0 ||
	    (ret = set_mpz(key->priv.c, p->qinv, p->qinv_len)) < 0)
		goto fail;

	ret = SMIME_E_KEY;
	if (!rsa_private_key_prepare(&key->priv))
		goto fail;
	/* The factors must give the public modulus; Nettle's private-key
	 * operations assume both halves describe one key. */
	mpz_init(n);
	mpz_mul(n, key->priv.p, key->priv.q);
	same = mpz_cmp(n, key->pub.n) == 0;
	mpz_clear(n);
	if (!same || key->priv.size != key->pub.size)
		goto fail;

	key->has_private = true;
	*out = key;
	return SMIME_OK;

fail:
	smime_crypto__rsa_key_free(key);
	return ret;
}

size_t smime_crypto__rsa_bits(const smime_rsa_key *key)
{
	if (key == NULL)
		return 0;
	return mpz_sizeinbase(key->pub.n, 2);
}

size_t smime_crypto__rsa_size(const smime_rsa_key *key)
{
	if (key == NULL)
		return 0;
	return key->pub.size;
}

bool smime_crypto__rsa_has_private(const smime_rsa_key *key)
{
	return key != NULL && key->has_private;
}

bool smime_crypto__rsa_same_public(const smime_rsa_key *a, const smime_rsa_key *b)
{
	if (a == NULL || b == NULL)
		return false;
	return mpz_cmp(a->pub.n, b->pub.n) == 0 &&
	       mpz_cmp(a->pub.e, b->pub.e) == 0;
}

/* DigestInfo = fixed DER prefix || digest (RFC 8017 §9.2 note 1). */
static int digest_info(uint8_t *buf, size_t buf_size, size_t *len,
		       const smime_digest_desc *d, const uint8_t *digest)
{
	size_t total;

	/* no DigestInfo defined for this hash (SHAKE256) */
	if (d->digest_info_prefix == NULL || d->digest_info_prefix_len == 0)
		return SMIME_E_UNSUPPORTED;
	if (smime_add_overflows(d->digest_info_prefix_len, d->digest_size, &total) ||
	    total > buf_size)
		return SMIME_E_INTERNAL;
	memcpy(buf, d->digest_info_prefix, d->digest_info_prefix_len);
	memcpy(buf + d->digest_info_prefix_len, digest, d->digest_size);
	*len = total;
	return SMIME_OK;
}

#define DIGEST_INFO_MAX (32 + SMIME_DIGEST_MAX_SIZE)

int smime_crypto__rsa_pkcs1_sign(const smime_rsa_key *key,
				 const smime_digest_desc *d, const uint8_t *digest,
				 uint8_t *sig, size_t *sig_len)
{
	uint8_t di[DIGEST_INFO_MAX];
	size_t di_len;
	mpz_t s;
	int ret;

	if (sig_len != NULL)
		*sig_len = 0;
	if (key == NULL || d == NULL || digest == NULL || sig == NULL ||
	    sig_len == NULL || !key->has_private)
		return SMIME_E_INVALID_ARGUMENT;
	ret = digest_info(di, sizeof(di), &di_len, d, digest);
	if (ret < 0)
		return ret;
	/* The encoded message needs room for the minimum padding. */
	if (key->pub.size < di_len + PKCS1_OVERHEAD)
		return SMIME_E_KEY;

	mpz_init(s);
	/* Blinded, and the result checked against the public key (Nettle
	 * verifies the CRT result, which defeats fault attacks). */
	if (!rsa_pkcs1_sign_tr(&key->pub, &key->priv, NULL,
			       smime_crypto__random_cb, di_len, di, s)) {
		ret = SMIME_E_CRYPTO;
	} else {
		nettle_mpz_get_str_256(key->pub.size, sig, s);
		*sig_len = key->pub.size;
		ret = SMIME_OK;
	}
	mpz_clear(s);
	return ret;
}

/* Rewrites a DigestInfo 30 L1 30 L2 06 Lo <oid> 05 00 04 Ld <digest> (all
 * lengths short form) in place into the form without the NULL. */
static bool digest_info_without_null(uint8_t *di, size_t *len)
{
	size_t n = *len;
	if (n < 8 || di[0] != 0x30 || di[2] != 0x30 || di[4] != 0x06)
		return false;
	size_t null_at = 6 + (size_t)di[5];
	if (null_at + 2 > n || di[null_at] != 0x05 || di[null_at + 1] != 0x00 ||
	    di[1] < 2 || di[3] < 2)
		return false;
	memmove(di + null_at, di + null_at + 2, n - null_at - 2);
	di[1] = (uint8_t)(di[1] - 2);
	di[3] = (uint8_t)(di[3] - 2);
	*len = n - 2;
	return true;
}

int smime_crypto__rsa_pkcs1_verify(const smime_rsa_key *key,
				   const smime_digest_desc *d, const uint8_t *digest,
				   const uint8_t *sig, size_t sig_len)
{
	uint8_t di[DIGEST_INFO_MAX];
	size_t di_len;
	mpz_t s;
	int ok, ret;

	if (key == NULL || d == NULL || digest == NULL || (sig == NULL && sig_len > 0))
		return SMIME_E_INVALID_ARGUMENT;
	/* RFC 8017 §8.2.2 step 1: the signature is exactly k octets. */
	if (sig_len != key->pub.size)
		return SMIME_E_BAD_SIGNATURE;
	ret = digest_info(di, sizeof(di), &di_len, d, digest);
	if (ret < 0)
		return ret;

	mpz_init(s);
	nettle_mpz_set_str_256_u(s, sig_len, sig);
	/* A representative must be < n (§5.2.2); Nettle checks it too. */
	ok = mpz_cmp(s, key->pub.n) < 0 &&
	     rsa_pkcs1_verify(&key->pub, di_len, di, s);
	/* RFC 8017 §9.2 note 2 (and RFC 4055 §5): some signers leave the NULL
	 * parameters out of the DigestInfo's AlgorithmIdentifier; verifiers
	 * should accept that form too. Only public values are involved. */
	if (!ok && mpz_cmp(s, key->pub.n) < 0 && digest_info_without_null(di, &di_len))
		ok = rsa_pkcs1_verify(&key->pub, di_len, di, s);
	mpz_clear(s);
	return ok ? SMIME_OK : SMIME_E_BAD_SIGNATURE;
}

int smime_crypto__rsa_pkcs1_encrypt(const smime_rsa_key *key, const uint8_t *msg,
				    size_t msg_len, uint8_t *out, size_t *out_len)
{
	mpz_t c;
	int ret;

	if (out_len != NULL)
		*out_len = 0;
	if (key == NULL || (msg == NULL && msg_len > 0) || out == NULL ||
	    out_len == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (key->pub.size < PKCS1_OVERHEAD ||
	    msg_len > key->pub.size - PKCS1_OVERHEAD)
		return SMIME_E_INVALID_ARGUMENT;

	mpz_init(c);
	if (!rsa_encrypt(&key->pub, NULL, smime_crypto__random_cb, msg_len,
			 msg, c)) {
		ret = SMIME_E_CRYPTO;
	} else {
		nettle_mpz_get_str_256(key->pub.size, out, c);
		*out_len = key->pub.size;
		ret = SMIME_OK;
	}
	mpz_clear(c);
	return ret;
}

/*
 * Implicit rejection (RFC 3218 §2.3; Bleichenbacher, CRYPTO '98). An
 * attacker who can tell "bad PKCS#1 padding" from "good padding, but the
 * content did not decrypt" can decrypt any RSA ciphertext by submitting
 * adaptively chosen variants. So there is no padding error at all: out is
 * first filled with fresh random bytes, and rsa_sec_decrypt() overwrites it
 * with the message only if the padding is valid and the message is exactly
 * out_len bytes long. Nettle does that check and the copy without
 * branches or memory accesses that depend on the padding (cnd_memcpy), and
 * the private-key operation is blinded and side-channel silent. Either way
 * the caller gets out_len bytes that it uses as the content-encryption key;
 * a random key makes the content decryption fail exactly as a wrong key
 * does, so a bad padding cannot be told from a wrong key (STYLE.md §8).
 *
 * The early returns below depend only on public data (the ciphertext
 * length, whether the ciphertext is in 1..n-1, the requested length), which
 * the attacker knows already; they return random bytes too.
 */
int smime_crypto__rsa_pkcs1_decrypt_implicit(const smime_rsa_key *key,
					     const uint8_t *ct, size_t ct_len,
					     uint8_t *out, size_t out_len)
{
	unsigned valid;

	return smime_crypto__rsa_pkcs1_decrypt_ct(key, ct, ct_len, out, out_len, &valid);
}

int smime_crypto__rsa_pkcs1_decrypt_ct(const smime_rsa_key *key, const uint8_t *ct,
				       size_t ct_len, uint8_t *out, size_t out_len,
				       unsigned *valid)
{
	mpz_t c;
	int ret;

	if (valid == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	*valid = 0;
	if (key == NULL || !key->has_private || (ct == NULL && ct_len > 0) ||
	    (out == NULL && out_len > 0))
		return SMIME_E_INVALID_ARGUMENT;
	if (out_len == 0)
		return SMIME_OK;

	ret = smime_crypto__random(out, out_len);
	if (ret < 0)
		return ret;

	/* Cannot be a valid PKCS#1 v1.5 message of this length. */
	if (key->pub.size < PKCS1_OVERHEAD ||
	    out_len > key->pub.size - PKCS1_OVERHEAD)
		return SMIME_OK;
	/* RFC 8017 §7.2.2 step 1: exactly k octets. */
	if (ct_len != key->pub.size)
		return SMIME_OK;

	mpz_init(c);
	nettle_mpz_set_str_256_u(c, ct_len, ct);
	/* 0 < c < n (§5.1.2); Nettle's blinding needs c non-zero. */
	if (mpz_sgn(c) > 0 && mpz_cmp(c, key->pub.n) < 0) {
		/* On failure out keeps its random bytes; the result (computed
		 * without branches by Nettle) is only handed on. */
		*valid = (unsigned)rsa_sec_decrypt(&key->pub, &key->priv, NULL,
						   smime_crypto__random_cb, out_len, out, c) & 1u;
	}
	mpz_clear(c);
	return SMIME_OK;
}
