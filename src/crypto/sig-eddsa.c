/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * EdDSA (RFC 8032) for CMS (RFC 8419): "pure" Ed25519 and Ed448 over the
 * message bytes (for CMS, the DER of the signed attributes or the content),
 * with an empty context. Keys and signatures are the raw RFC 8032 strings.
 */
#include "crypto/crypto.h"

#include <nettle/eddsa.h>

typedef struct eddsa_params {
	size_t key_size, sig_size;
	void (*public_key)(uint8_t *pub, const uint8_t *priv);
	void (*sign)(const uint8_t *pub, const uint8_t *priv, size_t len,
		     const uint8_t *msg, uint8_t *sig);
	int (*verify)(const uint8_t *pub, size_t len, const uint8_t *msg,
		      const uint8_t *sig);
} eddsa_params;

static const eddsa_params ed25519 = {
	ED25519_KEY_SIZE, ED25519_SIGNATURE_SIZE, ed25519_sha512_public_key,
	ed25519_sha512_sign, ed25519_sha512_verify,
};
static const eddsa_params ed448 = {
	ED448_KEY_SIZE, ED448_SIGNATURE_SIZE, ed448_shake256_public_key,
	ed448_shake256_sign, ed448_shake256_verify,
};

static const eddsa_params *params_of(smime_eddsa v)
{
	switch (v) {
	case SMIME_EDDSA_ED25519:
		return &ed25519;
	case SMIME_EDDSA_ED448:
		return &ed448;
	default:
		return NULL;
	}
}

#define EDDSA_MAX_KEY ED448_KEY_SIZE

int smime_crypto__eddsa_sign(smime_eddsa v, const uint8_t *priv, size_t priv_len,
			     const uint8_t *msg, size_t msg_len, smime_buf *sig)
{
	const eddsa_params *e = params_of(v);
	uint8_t pub[EDDSA_MAX_KEY];
	smime_buf tmp = SMIME_BUF_INIT;
	int rc;

	if (priv == NULL || (msg == NULL && msg_len > 0) || sig == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (e == NULL)
		return SMIME_E_UNSUPPORTED;
	if (priv_len != e->key_size)
		return SMIME_E_KEY;
	if ((rc = smime_buf__reserve(&tmp, e->sig_size)) != SMIME_OK)
		return rc;
	/* Derived rather than taken from the caller: signing with a public
	 * key that does not match the private one leaks the key. */
	e->public_key(pub, priv);
	e->sign(pub, priv, msg_len, msg_len > 0 ? msg : (const uint8_t *)"", tmp.data);
	tmp.len = e->sig_size;
	tmp.data[tmp.len] = 0;
	smime_buf__move(sig, &tmp);
	return SMIME_OK;
}

int smime_crypto__eddsa_verify(smime_eddsa v, const uint8_t *pub, size_t pub_len,
			       const uint8_t *msg, size_t msg_len, const uint8_t *sig,
			       size_t sig_len)
{
	const eddsa_params *e = params_of(v);

	if (pub == NULL || (msg == NULL && msg_len > 0) || (sig == NULL && sig_len > 0))
		return SMIME_E_INVALID_ARGUMENT;
	if (e == NULL)
		return SMIME_E_UNSUPPORTED;
	if (pub_len != e->key_size)
		return SMIME_E_KEY;
	if (sig_len != e->sig_size)
		return SMIME_E_BAD_SIGNATURE;
	/* Nettle rejects a non-canonical S (S >= L) and an undecodable A or
	 * R (RFC 8032 §5.1.7, §5.2.7) */
	if (!e->verify(pub, msg_len, msg_len > 0 ? msg : (const uint8_t *)"", sig))
		return SMIME_E_BAD_SIGNATURE;
	return SMIME_OK;
}
