/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ECDSA on P-256, P-384 and P-521 (FIPS 186-4; RFC 5753 §2.1, RFC 5758
 * §3.2) over Nettle, with the DER Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER,
 * s INTEGER } written and read here by a tiny fixed coder.
 *
 * Input signatures must be strict DER: definite minimal lengths, minimal
 * positive INTEGERs, nothing after the SEQUENCE. r and s must lie in
 * [1, q-1] (Nettle checks the range against the group order). A "high s"
 * (s > q/2) is valid ECDSA and accepted.
 *
 * The private scalar is held in GMP integers whose limbs are wiped before
 * they are freed (see rsa.c for the approach).
 */
#include "crypto/crypto.h"

#include <string.h>

#include <nettle/bignum.h>
#include <nettle/ecc-curve.h>
#include <nettle/ecc.h>
#include <nettle/ecdsa.h>

#define EC_MAX_FIELD 66                     /* P-521 */
#define INT_MAX_LEN (EC_MAX_FIELD + 1)      /* one leading zero byte */
#define SIG_MAX_LEN (3 + 2 * (2 + INT_MAX_LEN))

static const struct ecc_curve *nettle_curve(smime_curve c, size_t *size)
{
	switch (c) {
	case SMIME_CURVE_P256:
		*size = 32;
		return nettle_get_secp_256r1();
	case SMIME_CURVE_P384:
		*size = 48;
		return nettle_get_secp_384r1();
	case SMIME_CURVE_P521:
		*size = 66;
		return nettle_get_secp_521r1();
	default:
		return NULL;
	}
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

static void wipe_scalar(struct ecc_scalar *k)
{
	smime_wipe(k->p, (size_t)ecc_size(k->ecc) * sizeof(mp_limb_t));
	ecc_scalar_clear(k);
}

/* --- Ecdsa-Sig-Value ----------------------------------------------------- */

/* Appends a DER INTEGER holding the non-negative x. */
static size_t put_integer(uint8_t *out, const mpz_t x)
{
	uint8_t buf[INT_MAX_LEN];
	size_t n = mpz_sizeinbase(x, 256), lead;

	/* n <= EC_MAX_FIELD: r and s are reduced modulo q */
	nettle_mpz_get_str_256(n, buf + 1, x);
	buf[0] = 0;
	lead = (buf[1] & 0x80) ? 0 : 1; /* keep the zero only before a high bit */
	out[0] = 0x02;
	out[1] = (uint8_t)(n + 1 - lead);
	memcpy(out + 2, buf + lead, n + 1 - lead);
	return 2 + n + 1 - lead;
}

static int encode_sig(smime_buf *out, const struct dsa_signature *sig)
{
	uint8_t body[2 * (2 + INT_MAX_LEN)], der[SIG_MAX_LEN];
	size_t blen = 0, dlen = 0;
	smime_buf tmp = SMIME_BUF_INIT;
	int rc;

	if (mpz_sizeinbase(sig->r, 256) > EC_MAX_FIELD ||
	    mpz_sizeinbase(sig->s, 256) > EC_MAX_FIELD)
		return SMIME_E_INTERNAL;
	blen += put_integer(body + blen, sig->r);
	blen += put_integer(body + blen, sig->s);
	der[dlen++] = 0x30;
	if (blen >= 0x80)
		der[dlen++] = 0x81;
	der[dlen++] = (uint8_t)blen;
	memcpy(der + dlen, body, blen);
	dlen += blen;
	if ((rc = smime_buf__set(&tmp, der, dlen)) != SMIME_OK) {
		smime_buf_free(&tmp);
		return rc;
	}
	smime_buf__move(out, &tmp);
	return SMIME_OK;
}

/* A strict DER length at *p; advances *p. */
static bool get_length(const uint8_t **p, const uint8_t *lim, size_t *len)
{
	if (*p >= lim)
		return false;
	if (**p < 0x80) {
		*len = **p;
		(*p)++;
		return true;
	}
	/* Ecdsa-Sig-Value never needs more than one length octet; 0x81 must
	 * be followed by a value that needs it */
	if (**p != 0x81 || lim - *p < 2 || (*p)[1] < 0x80)
		return false;
	*len = (*p)[1];
	*p += 2;
	return true;
}

/* A minimal positive INTEGER of at most max content octets. */
static bool get_integer(const uint8_t **p, const uint8_t *lim, size_t max, mpz_t x)
{
	const uint8_t *v;
	size_t len;

	if (*p >= lim || **p != 0x02)
		return false;
	(*p)++;
	if (!get_length(p, lim, &len) || len == 0 || len > max ||
	    len > (size_t)(lim - *p))
		return false;
	v = *p;
	if (v[0] & 0x80)
		return false; /* negative */
	if (len > 1 && v[0] == 0 && !(v[1] & 0x80))
		return false; /* superfluous leading zero */
	nettle_mpz_set_str_256_u(x, len, v);
	*p += len;
	return true;
}

static bool decode_sig(const uint8_t *der, size_t len, size_t field,
		       struct dsa_signature *sig)
{
	const uint8_t *p = der, *lim = der + len;
	size_t body;

	if (len < 2 || len > SIG_MAX_LEN || p[0] != 0x30)
		return false;
	p++;
	if (!get_length(&p, lim, &body) || body != (size_t)(lim - p))
		return false;
	return get_integer(&p, lim, field + 1, sig->r) &&
	       get_integer(&p, lim, field + 1, sig->s) && p == lim;
}

/* --- sign and verify ----------------------------------------------------- */

int smime_crypto__ecdsa_sign(smime_curve c, const uint8_t *priv, size_t priv_len,
			     const uint8_t *digest, size_t digest_len, smime_buf *sig_der)
{
	const struct ecc_curve *ecc;
	struct ecc_scalar key;
	struct dsa_signature sig;
	size_t size = 0;
	mpz_t z;
	int rc;

	if (priv == NULL || digest == NULL || digest_len == 0 || sig_der == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if ((ecc = nettle_curve(c, &size)) == NULL)
		return SMIME_E_UNSUPPORTED;
	if (priv_len != size)
		return SMIME_E_KEY;

	mpz_init(z);
	mpz_realloc2(z, (mp_bitcnt_t)size * 8); /* no reallocation on import */
	nettle_mpz_set_str_256_u(z, priv_len, priv);
	ecc_scalar_init(&key, ecc);
	/* 0 < d < q, or the key is invalid */
	if (!ecc_scalar_set(&key, z)) {
		wipe_mpz(z);
		mpz_clear(z);
		wipe_scalar(&key);
		return SMIME_E_KEY;
	}
	wipe_mpz(z);
	mpz_clear(z);

	dsa_signature_init(&sig);
	ecdsa_sign(&key, NULL, smime_crypto__random_cb, digest_len, digest, &sig);
	wipe_scalar(&key);
	rc = encode_sig(sig_der, &sig);
	dsa_signature_clear(&sig);
	return rc;
}

/* The public point from 04||X||Y; false if malformed or not on the curve. */
static bool set_point(struct ecc_point *pt, size_t size, const uint8_t *pub,
		      size_t pub_len)
{
	mpz_t x, y;
	bool ok;

	if (pub_len != 1 + 2 * size || pub[0] != 0x04)
		return false;
	mpz_init(x);
	mpz_init(y);
	nettle_mpz_set_str_256_u(x, size, pub + 1);
	nettle_mpz_set_str_256_u(y, size, pub + 1 + size);
	/* Nettle checks 0 <= x, y < p and the curve equation */
	ok = ecc_point_set(pt, x, y) != 0;
	mpz_clear(x);
	mpz_clear(y);
	return ok;
}

int smime_crypto__ecdsa_verify(smime_curve c, const uint8_t *pub, size_t pub_len,
			       const uint8_t *digest, size_t digest_len,
			       const uint8_t *sig_der, size_t sig_len)
{
	const struct ecc_curve *ecc;
	struct ecc_point pt;
	struct dsa_signature sig;
	size_t size = 0;
	int rc;

	if (pub == NULL || digest == NULL || digest_len == 0 ||
	    (sig_der == NULL && sig_len > 0))
		return SMIME_E_INVALID_ARGUMENT;
	if ((ecc = nettle_curve(c, &size)) == NULL)
		return SMIME_E_UNSUPPORTED;

	ecc_point_init(&pt, ecc);
	if (!set_point(&pt, size, pub, pub_len)) {
		ecc_point_clear(&pt);
		return SMIME_E_KEY;
	}
	dsa_signature_init(&sig);
	if (!decode_sig(sig_der, sig_len, size, &sig))
		rc = SMIME_E_BAD_SIGNATURE;
	else if (!ecdsa_verify(&pt, digest_len, digest, &sig))
		rc = SMIME_E_BAD_SIGNATURE; /* also r or s outside [1, q-1] */
	else
		rc = SMIME_OK;
	dsa_signature_clear(&sig);
	ecc_point_clear(&pt);
	return rc;
}
