/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* DSA signature verification (FIPS 186, RFC 3279 §2.2.2), legacy only:
 * libsmime never creates DSA signatures. */
#include "crypto/crypto.h"

#include <nettle/bignum.h>
#include <nettle/dsa.h>

void smime_crypto__dsa_public_clear(smime_dsa_public *k)
{
	smime_buf_free(&k->p);
	smime_buf_free(&k->q);
	smime_buf_free(&k->g);
	smime_buf_free(&k->y);
}

int smime_crypto__dsa_verify(const smime_dsa_public *k, const uint8_t *digest,
			     size_t digest_len, const uint8_t *r, size_t r_len,
			     const uint8_t *s, size_t s_len)
{
	struct dsa_params params;
	struct dsa_signature sig;
	mpz_t y;
	int ok = 0;

	if (k->p.len == 0 || k->q.len == 0 || k->g.len == 0 || k->y.len == 0 ||
	    k->p.len > 1024 || r_len == 0 || s_len == 0 || r_len > k->q.len + 1 ||
	    s_len > k->q.len + 1)
		return SMIME_E_BAD_SIGNATURE;
	dsa_params_init(&params);
	dsa_signature_init(&sig);
	mpz_init(y);
	nettle_mpz_set_str_256_u(params.p, k->p.len, k->p.data);
	nettle_mpz_set_str_256_u(params.q, k->q.len, k->q.data);
	nettle_mpz_set_str_256_u(params.g, k->g.len, k->g.data);
	nettle_mpz_set_str_256_u(y, k->y.len, k->y.data);
	nettle_mpz_set_str_256_u(sig.r, r_len, r);
	nettle_mpz_set_str_256_u(sig.s, s_len, s);
	/* Nettle checks 0 < r, s < q and uses the leftmost bits of the digest
	 * when it is longer than q (FIPS 186-4 §4.6). */
	if (mpz_sizeinbase(params.q, 2) >= 160 && mpz_cmp(params.q, params.p) < 0)
		ok = dsa_verify(&params, y, digest_len, digest, &sig);
	mpz_clear(y);
	dsa_signature_clear(&sig);
	dsa_params_clear(&params);
	return ok ? SMIME_OK : SMIME_E_BAD_SIGNATURE;
}
