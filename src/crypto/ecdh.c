/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Elliptic-curve Diffie-Hellman for KeyAgreeRecipientInfo: the NIST prime
 * curves P-256, P-384 and P-521 (RFC 5753, SEC 1 §3.3.1) over Nettle's ecc
 * interface, and X25519 / X448 (RFC 7748, RFC 8418) over curve25519_mul
 * and curve448_mul.
 *
 * NIST curves: the peer point must be the uncompressed encoding 04||X||Y
 * of a point on the curve (ecc_point_set checks 0 <= X, Y < p and the
 * curve equation; the curves have cofactor 1, so every such point is in
 * the group and, as the affine encoding cannot express the identity, has
 * full order). Compressed points are refused as unsupported. The shared
 * secret Z is the X coordinate of d * Q, big-endian, padded to the field
 * size (SEC 1 §3.3.1, RFC 5753 §3.1.1).
 *
 * X25519/X448: scalars and u-coordinates are little-endian strings of 32
 * or 56 bytes; Nettle decodes them as RFC 7748 §5 says (clamping, the top
 * bit of an X25519 u masked). An all-zero result means the peer sent a
 * point of small order and is refused (RFC 7748 §6.1).
 *
 * Private scalars live in GMP integers only briefly; their limbs are
 * wiped before they are freed.
 */
#include "crypto/crypto.h"

#include <string.h>

#include <nettle/bignum.h>
#include <nettle/curve25519.h>
#include <nettle/curve448.h>
#include <nettle/ecc-curve.h>
#include <nettle/ecc.h>

#define NIST_MAX_FIELD 66 /* P-521: ceil(521 / 8) */
#define MONT_MAX_SIZE CURVE448_SIZE

size_t smime_crypto__curve_secret_size(smime_curve c)
{
	switch (c) {
	case SMIME_CURVE_P256:
		return 32;
	case SMIME_CURVE_P384:
		return 48;
	case SMIME_CURVE_P521:
		return 66;
	case SMIME_CURVE_X25519:
		return CURVE25519_SIZE;
	case SMIME_CURVE_X448:
		return CURVE448_SIZE;
	default:
		return 0;
	}
}

static const struct ecc_curve *nist_curve(smime_curve c)
{
	switch (c) {
	case SMIME_CURVE_P256:
		return nettle_get_secp_256r1();
	case SMIME_CURVE_P384:
		return nettle_get_secp_384r1();
	case SMIME_CURVE_P521:
		return nettle_get_secp_521r1();
	default:
		return NULL;
	}
}

/* ------------------------------------------------------------------ */
/* secret GMP values                                                   */
/* ------------------------------------------------------------------ */

/* An integer with room for `bytes` bytes, so that importing a value of at
 * most that size never reallocates (and so never leaves a stale copy). */
static void mpz_init_sized(mpz_t x, size_t bytes)
{
	mpz_init(x);
	mpz_realloc2(x, (mp_bitcnt_t)bytes * 8);
}

static void mpz_clear_secret(mpz_t x)
{
	size_t n = mpz_size(x);

	if (n > 0) {
		mp_limb_t *limbs = mpz_limbs_modify(x, (mp_size_t)n);

		smime_wipe(limbs, n * sizeof(*limbs));
		mpz_limbs_finish(x, 0);
	}
	mpz_clear(x);
}

static void scalar_clear_secret(struct ecc_scalar *s)
{
	smime_wipe(s->p, (size_t)ecc_size(s->ecc) * sizeof(mp_limb_t));
	ecc_scalar_clear(s);
}

/* ------------------------------------------------------------------ */
/* NIST curves                                                         */
/* ------------------------------------------------------------------ */

/* 04||X||Y from a point. */
static int put_point(smime_buf *out, const struct ecc_point *p, size_t size)
{
	uint8_t enc[1 + 2 * NIST_MAX_FIELD];
	mpz_t x, y;

	mpz_init_sized(x, size);
	mpz_init_sized(y, size);
	ecc_point_get(p, x, y);
	enc[0] = 0x04;
	nettle_mpz_get_str_256(size, enc + 1, x);
	nettle_mpz_get_str_256(size, enc + 1 + size, y);
	mpz_clear(x);
	mpz_clear(y);
	return smime_buf__set(out, enc, 1 + 2 * size);
}

/* A peer point: SMIME_E_KEY unless a valid uncompressed point on the
 * curve, SMIME_E_UNSUPPORTED for the compressed forms. */
static int get_point(struct ecc_point *p, size_t size, const uint8_t *pub, size_t pub_len)
{
	mpz_t x, y;
	int ok;

	if (pub_len == 1 + size && (pub[0] == 0x02 || pub[0] == 0x03))
		return SMIME_E_UNSUPPORTED;
	if (pub_len != 1 + 2 * size || pub[0] != 0x04)
		return SMIME_E_KEY;
	mpz_init_sized(x, size);
	mpz_init_sized(y, size);
	nettle_mpz_set_str_256_u(x, size, pub + 1);
	nettle_mpz_set_str_256_u(y, size, pub + 1 + size);
	ok = ecc_point_set(p, x, y);
	mpz_clear(x);
	mpz_clear(y);
	return ok ? SMIME_OK : SMIME_E_KEY;
}

/* A private scalar of the field size; leading zero bytes may be missing
 * or in excess (encoders differ). SMIME_E_KEY unless 0 < d < q. */
static int get_scalar(struct ecc_scalar *s, size_t size, const uint8_t *priv,
		      size_t priv_len)
{
	mpz_t d;
	int ok;

	while (priv_len > size && priv[0] == 0) {
		priv++;
		priv_len--;
	}
	if (priv_len == 0 || priv_len > size)
		return SMIME_E_KEY;
	mpz_init_sized(d, size);
	nettle_mpz_set_str_256_u(d, priv_len, priv);
	ok = ecc_scalar_set(s, d);
	mpz_clear_secret(d);
	return ok ? SMIME_OK : SMIME_E_KEY;
}

static int nist_keygen(const struct ecc_curve *ecc, size_t size, smime_buf *priv,
		       smime_buf *pub)
{
	struct ecc_scalar s;
	struct ecc_point p;
	uint8_t d_bytes[NIST_MAX_FIELD];
	mpz_t d;
	int ret;

	ecc_scalar_init(&s, ecc);
	ecc_point_init(&p, ecc);
	/* uniform in [1, q-1] */
	ecc_scalar_random(&s, NULL, smime_crypto__random_cb);
	ecc_point_mul_g(&p, &s);

	mpz_init_sized(d, size);
	ecc_scalar_get(&s, d);
	nettle_mpz_get_str_256(size, d_bytes, d);
	mpz_clear_secret(d);
	scalar_clear_secret(&s);

	ret = smime_buf__set(priv, d_bytes, size);
	smime_wipe(d_bytes, sizeof(d_bytes));
	if (ret == SMIME_OK)
		ret = put_point(pub, &p, size);
	ecc_point_clear(&p);
	return ret;
}

static int nist_shared(const struct ecc_curve *ecc, size_t size, const uint8_t *priv,
		       size_t priv_len, const uint8_t *peer, size_t peer_len, smime_buf *z)
{
	struct ecc_scalar s;
	struct ecc_point q, r;
	uint8_t z_bytes[NIST_MAX_FIELD];
	mpz_t x, y;
	int ret;

	ecc_point_init(&q, ecc);
	ret = get_point(&q, size, peer, peer_len);
	if (ret < 0) {
		ecc_point_clear(&q);
		return ret;
	}
	ecc_scalar_init(&s, ecc);
	ret = get_scalar(&s, size, priv, priv_len);
	if (ret < 0) {
		scalar_clear_secret(&s);
		ecc_point_clear(&q);
		return ret;
	}

	/* d in [1, q-1] and Q of order q: d * Q is never the identity */
	ecc_point_init(&r, ecc);
	ecc_point_mul(&r, &s, &q);
	scalar_clear_secret(&s);
	ecc_point_clear(&q);

	mpz_init_sized(x, size);
	mpz_init_sized(y, size);
	ecc_point_get(&r, x, y);
	nettle_mpz_get_str_256(size, z_bytes, x);
	mpz_clear_secret(x);
	mpz_clear_secret(y);
	smime_wipe(r.p, 2 * (size_t)ecc_size(ecc) * sizeof(mp_limb_t));
	ecc_point_clear(&r);

	ret = smime_buf__set(z, z_bytes, size);
	smime_wipe(z_bytes, sizeof(z_bytes));
	return ret;
}

/* ------------------------------------------------------------------ */
/* X25519 / X448                                                       */
/* ------------------------------------------------------------------ */

static void mont_mul(smime_curve c, uint8_t *q, const uint8_t *n, const uint8_t *p)
{
	if (c == SMIME_CURVE_X25519)
		curve25519_mul(q, n, p);
	else
		curve448_mul(q, n, p);
}

static void mont_mul_g(smime_curve c, uint8_t *q, const uint8_t *n)
{
	if (c == SMIME_CURVE_X25519)
		curve25519_mul_g(q, n);
	else
		curve448_mul_g(q, n);
}

static int mont_keygen(smime_curve c, size_t size, smime_buf *priv, smime_buf *pub)
{
	uint8_t k[MONT_MAX_SIZE], u[MONT_MAX_SIZE];
	int ret;

	/* any string is a valid scalar: Nettle clamps it (RFC 7748 §5) */
	ret = smime_crypto__random(k, size);
	if (ret == SMIME_OK) {
		mont_mul_g(c, u, k);
		ret = smime_buf__set(priv, k, size);
	}
	if (ret == SMIME_OK)
		ret = smime_buf__set(pub, u, size);
	smime_wipe(k, sizeof(k));
	return ret;
}

static int mont_shared(smime_curve c, size_t size, const uint8_t *priv, size_t priv_len,
		       const uint8_t *peer, size_t peer_len, smime_buf *z)
{
	uint8_t out[MONT_MAX_SIZE];
	uint8_t acc = 0;
	size_t i;
	int ret;

	if (priv_len != size || peer_len != size)
		return SMIME_E_KEY;
	mont_mul(c, out, priv, peer);
	/* all zero <=> the peer's u was of small order; no early exit */
	for (i = 0; i < size; i++)
		acc |= out[i];
	if (acc == 0)
		ret = SMIME_E_KEY;
	else
		ret = smime_buf__set(z, out, size);
	smime_wipe(out, sizeof(out));
	return ret;
}

/* ------------------------------------------------------------------ */
/* entry points                                                        */
/* ------------------------------------------------------------------ */

int smime_crypto__ecdh_keygen(smime_curve c, smime_buf *priv, smime_buf *pub)
{
	smime_buf d = SMIME_BUF_INIT, q = SMIME_BUF_INIT;
	const struct ecc_curve *ecc;
	size_t size = smime_crypto__curve_secret_size(c);
	int ret;

	if (priv == NULL || pub == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (size == 0)
		return SMIME_E_UNSUPPORTED;
	ecc = nist_curve(c);
	if (ecc != NULL)
		ret = nist_keygen(ecc, size, &d, &q);
	else
		ret = mont_keygen(c, size, &d, &q);
	if (ret < 0) {
		smime_buf_free_secret(&d);
		smime_buf_free(&q);
		return ret;
	}
	smime_buf_free_secret(priv);
	smime_buf__move(priv, &d);
	smime_buf__move(pub, &q);
	return SMIME_OK;
}

int smime_crypto__ecdh_shared(smime_curve c, const uint8_t *priv, size_t priv_len,
			      const uint8_t *peer_pub, size_t pub_len, smime_buf *z)
{
	smime_buf res = SMIME_BUF_INIT;
	const struct ecc_curve *ecc;
	size_t size = smime_crypto__curve_secret_size(c);
	int ret;

	if (priv == NULL || peer_pub == NULL || z == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (size == 0)
		return SMIME_E_UNSUPPORTED;
	ecc = nist_curve(c);
	if (ecc != NULL)
		ret = nist_shared(ecc, size, priv, priv_len, peer_pub, pub_len, &res);
	else
		ret = mont_shared(c, size, priv, priv_len, peer_pub, pub_len, &res);
	if (ret < 0) {
		smime_buf_free_secret(&res);
		return ret;
	}
	smime_buf_free_secret(z);
	smime_buf__move(z, &res);
	return SMIME_OK;
}
