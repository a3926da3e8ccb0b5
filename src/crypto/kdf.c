/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Key derivation: the ANSI X9.63 KDF of RFC 5753 (ECDH key agreement),
 * HKDF (RFC 5869; RFC 8418 X25519/X448 key agreement) and PBKDF2
 * (RFC 8018; RFC 3211 password recipients).
 *
 * HKDF and PBKDF2 are written on libsmime's HMAC (crypto/hmac.c) rather
 * than on Nettle's hkdf_expand()/pbkdf2(): those take a digest callback
 * whose signature differs between Nettle 3 and 4, and Nettle 3's HKDF asks
 * that callback for a truncated last block. Both constructions are a few
 * lines; the RFC test vectors in tests/test-crypto-wrap.c pin them down.
 */
#include "crypto/crypto.h"

#include <string.h>

/* Big-endian 32-bit counter. */
static void put_be32(uint8_t out[4], uint32_t v)
{
	out[0] = (uint8_t)(v >> 24);
	out[1] = (uint8_t)(v >> 16);
	out[2] = (uint8_t)(v >> 8);
	out[3] = (uint8_t)v;
}

/*
 * X9.63 KDF (SEC 1 §3.6.1, RFC 5753 §3.6.1): K = Hash(Z || 1 || SI) ||
 * Hash(Z || 2 || SI) || ... truncated to out_len, the counter a 32-bit
 * big-endian integer starting at 1. The output may be at most
 * hashlen * (2^32 - 1) bytes.
 */
int smime_crypto__x963_kdf(const smime_digest_desc *h, const uint8_t *z, size_t z_len,
			   const uint8_t *shared_info, size_t si_len, uint8_t *out,
			   size_t out_len)
{
	uint8_t block[SMIME_DIGEST_MAX_SIZE];
	uint8_t counter[4];
	smime_digest_ctx ctx;
	uint32_t i;
	size_t n;

	if (h == NULL || (z == NULL && z_len > 0) ||
	    (shared_info == NULL && si_len > 0) || (out == NULL && out_len > 0))
		return SMIME_E_INVALID_ARGUMENT;
	if (h->digest_size == 0 || h->digest_size > sizeof(block))
		return SMIME_E_UNSUPPORTED;
	if (out_len / h->digest_size >= UINT32_MAX)
		return SMIME_E_INVALID_ARGUMENT;

	for (i = 1; out_len > 0; i++) {
		put_be32(counter, i);
		smime_crypto__digest_init(&ctx, h);
		smime_crypto__digest_update(&ctx, z, z_len);
		smime_crypto__digest_update(&ctx, counter, sizeof(counter));
		smime_crypto__digest_update(&ctx, shared_info, si_len);
		n = out_len < h->digest_size ? out_len : h->digest_size;
		if (n == h->digest_size) {
			smime_crypto__digest_final(&ctx, out);
		} else {
			smime_crypto__digest_final(&ctx, block);
			memcpy(out, block, n);
		}
		out += n;
		out_len -= n;
	}
	smime_wipe(block, sizeof(block));
	return SMIME_OK;
}

/* Computes HMAC(key, data) in one go. */
static int hmac_once(const smime_digest_desc *h, const uint8_t *key, size_t key_len,
		     const uint8_t *data, size_t len, uint8_t *out)
{
	smime_hmac_ctx ctx;
	int ret;

	ret = smime_crypto__hmac_init(&ctx, h, key, key_len);
	if (ret < 0)
		return ret;
	smime_crypto__hmac_update(&ctx, data, len);
	smime_crypto__hmac_final(&ctx, out);
	return SMIME_OK;
}

/*
 * HKDF (RFC 5869 §2): PRK = HMAC(salt, IKM) with a missing salt taken as
 * HashLen zero bytes; T(i) = HMAC(PRK, T(i-1) || info || i), i = 1..255.
 */
int smime_crypto__hkdf(const smime_digest_desc *h, const uint8_t *salt, size_t salt_len,
		       const uint8_t *ikm, size_t ikm_len, const uint8_t *info,
		       size_t info_len, uint8_t *out, size_t out_len)
{
	static const uint8_t zeros[SMIME_DIGEST_MAX_SIZE];
	uint8_t prk[SMIME_DIGEST_MAX_SIZE];
	uint8_t t[SMIME_DIGEST_MAX_SIZE];
	smime_hmac_ctx keyed, ctx;
	size_t hlen, n;
	uint8_t i;
	int ret;

	if (h == NULL || (salt == NULL && salt_len > 0) || (ikm == NULL && ikm_len > 0) ||
	    (info == NULL && info_len > 0) || (out == NULL && out_len > 0))
		return SMIME_E_INVALID_ARGUMENT;
	hlen = h->digest_size;
	if (hlen == 0 || hlen > sizeof(prk))
		return SMIME_E_UNSUPPORTED;
	/* L <= 255 * HashLen (§2.3) */
	if (out_len > 255 * hlen)
		return SMIME_E_INVALID_ARGUMENT;

	if (salt_len == 0) {
		salt = zeros;
		salt_len = hlen;
	}
	ret = hmac_once(h, salt, salt_len, ikm, ikm_len, prk);
	if (ret < 0)
		goto out;
	ret = smime_crypto__hmac_init(&keyed, h, prk, hlen);
	if (ret < 0)
		goto out;

	for (i = 1; out_len > 0; i++) {
		ctx = keyed;
		if (i > 1)
			smime_crypto__hmac_update(&ctx, t, hlen);
		smime_crypto__hmac_update(&ctx, info, info_len);
		smime_crypto__hmac_update(&ctx, &i, 1);
		smime_crypto__hmac_final(&ctx, t);
		n = out_len < hlen ? out_len : hlen;
		memcpy(out, t, n);
		out += n;
		out_len -= n;
	}
	smime_wipe(&keyed, sizeof(keyed));
	ret = SMIME_OK;
out:
	smime_wipe(prk, sizeof(prk));
	smime_wipe(t, sizeof(t));
	return ret;
}

/*
 * PBKDF2 (RFC 8018 §5.2): T_i = U_1 ^ ... ^ U_c with U_1 = PRF(P, S ||
 * INT(i)) and U_j = PRF(P, U_{j-1}). The password is keyed into the HMAC
 * once; each PRF call starts from a copy of that keyed state.
 */
int smime_crypto__pbkdf2(const smime_digest_desc *h, const uint8_t *password,
			 size_t password_len, const uint8_t *salt, size_t salt_len,
			 unsigned iterations, uint8_t *out, size_t out_len)
{
	uint8_t u[SMIME_DIGEST_MAX_SIZE];
	uint8_t t[SMIME_DIGEST_MAX_SIZE];
	uint8_t counter[4];
	smime_hmac_ctx keyed, ctx;
	size_t hlen, n, k;
	uint32_t block;
	unsigned j;
	int ret;

	if (h == NULL || (password == NULL && password_len > 0) ||
	    (salt == NULL && salt_len > 0) || (out == NULL && out_len > 0) ||
	    iterations == 0)
		return SMIME_E_INVALID_ARGUMENT;
	hlen = h->digest_size;
	if (hlen == 0 || hlen > sizeof(u))
		return SMIME_E_UNSUPPORTED;
	/* dkLen <= (2^32 - 1) * hLen (§5.2 step 1) */
	if (out_len / hlen >= UINT32_MAX)
		return SMIME_E_INVALID_ARGUMENT;

	ret = smime_crypto__hmac_init(&keyed, h, password, password_len);
	if (ret < 0)
		return ret;

	for (block = 1; out_len > 0; block++) {
		put_be32(counter, block);
		ctx = keyed;
		smime_crypto__hmac_update(&ctx, salt, salt_len);
		smime_crypto__hmac_update(&ctx, counter, sizeof(counter));
		smime_crypto__hmac_final(&ctx, u);
		memcpy(t, u, hlen);
		for (j = 1; j < iterations; j++) {
			ctx = keyed;
			smime_crypto__hmac_update(&ctx, u, hlen);
			smime_crypto__hmac_final(&ctx, u);
			for (k = 0; k < hlen; k++)
				t[k] ^= u[k];
		}
		n = out_len < hlen ? out_len : hlen;
		memcpy(out, t, n);
		out += n;
		out_len -= n;
	}
	smime_wipe(&keyed, sizeof(keyed));
	smime_wipe(u, sizeof(u));
	smime_wipe(t, sizeof(t));
	return SMIME_OK;
}
