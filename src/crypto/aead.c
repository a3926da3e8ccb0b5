/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Whole-buffer AEAD for AuthEnvelopedData (RFC 5083): AES-GCM and AES-CCM
 * (RFC 5084) and ChaCha20-Poly1305 (RFC 8103), over Nettle's generic
 * gcm_* and ccm_* functions (with the AES key of the right size) and its
 * chacha_poly1305_* functions.
 *
 * Decryption never hands out plaintext whose tag has not been checked,
 * and the tag comparison is constant time (memeql_sec):
 *
 *  - GCM authenticates the ciphertext before anything is decrypted. The
 *    GHASH pass runs Nettle's gcm_decrypt with a keystream function that
 *    produces zeros (so it only copies ciphertext into a scratch block),
 *    and the real block cipher only for the final tag; the CTR decryption
 *    into the caller's buffer follows once the tag matched.
 *  - ChaCha20-Poly1305 has no public Poly1305-only entry in Nettle, so the
 *    first pass decrypts into a small scratch block on the stack, which is
 *    wiped after every chunk, only to compute the tag; the caller's buffer
 *    is written in a second pass after the tag matched.
 *  - CCM authenticates the plaintext (CBC-MAC), so it decrypts into the
 *    caller's buffer and wipes it when the tag does not match.
 *
 * In every failure case the output buffer is all zero on return.
 */
#include "crypto/crypto.h"

#include <assert.h>
#include <string.h>

#include <nettle/aes.h>
#include <nettle/ccm.h>
#include <nettle/chacha-poly1305.h>
#include <nettle/gcm.h>
#include <nettle/memops.h>

/* Work buffer of the verification passes: a multiple of both the GCM block
 * (16) and the ChaCha block (64), as Nettle wants for all but the last
 * call. */
#define SCRATCH 512
static_assert(SCRATCH % GCM_BLOCK_SIZE == 0, "GCM chunks");
static_assert(SCRATCH % CHACHA_POLY1305_BLOCK_SIZE == 0, "ChaCha chunks");

/* GCM: at most 2^39 - 256 bits of plaintext (NIST SP 800-38D §5.2.1.1). */
#define GCM_MAX_DATA ((UINT64_C(1) << 36) - 32)
/* ChaCha20-Poly1305 with a 96-bit nonce: 2^32 blocks of 64 bytes
 * (RFC 8439 §2.8), less the first one, which keys Poly1305. */
#define CHACHA_MAX_DATA ((UINT64_C(1) << 38) - 64)
/* RFC 5084 §3.1: CCM nonces of 7 to 13 bytes. */
#define CCM_NONCE_MIN 7
#define CCM_NONCE_MAX 13

enum aead_mode { MODE_GCM, MODE_CCM, MODE_CHACHA };

static const smime_aead_desc aeads[SMIME_AEAD_COUNT] = {
	[SMIME_AEAD_AES128_GCM] = { SMIME_AEAD_AES128_GCM, "aes-128-gcm",
				    AES128_KEY_SIZE, GCM_IV_SIZE, 12, GCM_DIGEST_SIZE },
	[SMIME_AEAD_AES192_GCM] = { SMIME_AEAD_AES192_GCM, "aes-192-gcm",
				    AES192_KEY_SIZE, GCM_IV_SIZE, 12, GCM_DIGEST_SIZE },
	[SMIME_AEAD_AES256_GCM] = { SMIME_AEAD_AES256_GCM, "aes-256-gcm",
				    AES256_KEY_SIZE, GCM_IV_SIZE, 12, GCM_DIGEST_SIZE },
	[SMIME_AEAD_AES128_CCM] = { SMIME_AEAD_AES128_CCM, "aes-128-ccm",
				    AES128_KEY_SIZE, 12, 4, CCM_DIGEST_SIZE },
	[SMIME_AEAD_AES192_CCM] = { SMIME_AEAD_AES192_CCM, "aes-192-ccm",
				    AES192_KEY_SIZE, 12, 4, CCM_DIGEST_SIZE },
	[SMIME_AEAD_AES256_CCM] = { SMIME_AEAD_AES256_CCM, "aes-256-ccm",
				    AES256_KEY_SIZE, 12, 4, CCM_DIGEST_SIZE },
	[SMIME_AEAD_CHACHA20_POLY1305] = { SMIME_AEAD_CHACHA20_POLY1305,
					   "chacha20-poly1305",
					   CHACHA_POLY1305_KEY_SIZE,
					   CHACHA_POLY1305_NONCE_SIZE,
					   CHACHA_POLY1305_DIGEST_SIZE,
					   CHACHA_POLY1305_DIGEST_SIZE },
};

static const enum aead_mode modes[SMIME_AEAD_COUNT] = {
	[SMIME_AEAD_AES128_GCM] = MODE_GCM,
	[SMIME_AEAD_AES192_GCM] = MODE_GCM,
	[SMIME_AEAD_AES256_GCM] = MODE_GCM,
	[SMIME_AEAD_AES128_CCM] = MODE_CCM,
	[SMIME_AEAD_AES192_CCM] = MODE_CCM,
	[SMIME_AEAD_AES256_CCM] = MODE_CCM,
	[SMIME_AEAD_CHACHA20_POLY1305] = MODE_CHACHA,
};

const smime_aead_desc *smime_crypto__aead_get(smime_aead_id id)
{
	if ((unsigned)id >= SMIME_AEAD_COUNT)
		return NULL;
	return &aeads[id];
}

const smime_aead_desc *smime_crypto__aead_by_name(const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < SMIME_ARRAY_SIZE(aeads); i++) {
		if (strcmp(name, aeads[i].name) == 0)
			return &aeads[i];
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* AES of any key size behind one nettle_cipher_func                   */
/* ------------------------------------------------------------------ */

struct aes_any {
	union {
		struct aes128_ctx a128;
		struct aes192_ctx a192;
		struct aes256_ctx a256;
	} u;
	nettle_cipher_func *encrypt;
};

static void aes128_enc(const void *ctx, size_t len, uint8_t *dst, const uint8_t *src)
{
	aes128_encrypt(ctx, len, dst, src);
}

static void aes192_enc(const void *ctx, size_t len, uint8_t *dst, const uint8_t *src)
{
	aes192_encrypt(ctx, len, dst, src);
}

static void aes256_enc(const void *ctx, size_t len, uint8_t *dst, const uint8_t *src)
{
	aes256_encrypt(ctx, len, dst, src);
}

/* The keystream function of the GCM authentication pass: no keystream,
 * so "decryption" copies the ciphertext and nothing secret is made. */
static void zero_stream(const void *ctx, size_t len, uint8_t *dst, const uint8_t *src)
{
	(void)ctx;
	(void)src;
	memset(dst, 0, len);
}

/* key_len has been checked against the descriptor. */
static void aes_any_set(struct aes_any *a, const uint8_t *key, size_t key_len)
{
	switch (key_len) {
	case AES128_KEY_SIZE:
		aes128_set_encrypt_key(&a->u.a128, key);
		a->encrypt = aes128_enc;
		break;
	case AES192_KEY_SIZE:
		aes192_set_encrypt_key(&a->u.a192, key);
		a->encrypt = aes192_enc;
		break;
	default:
		assert(key_len == AES256_KEY_SIZE);
		aes256_set_encrypt_key(&a->u.a256, key);
		a->encrypt = aes256_enc;
		break;
	}
}

/* ------------------------------------------------------------------ */
/* argument checks                                                     */
/* ------------------------------------------------------------------ */

static int check_args(const smime_aead_desc *a, const uint8_t *key, size_t key_len,
		      const uint8_t *nonce, size_t nonce_len, const uint8_t *aad,
		      size_t aad_len, const uint8_t *in, size_t len, const uint8_t *out,
		      const uint8_t *tag, size_t tag_len)
{
	if (a == NULL || smime_crypto__aead_get(a->id) != a)
		return SMIME_E_INVALID_ARGUMENT;
	if (key == NULL || nonce == NULL || tag == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if ((aad == NULL && aad_len > 0) || ((in == NULL || out == NULL) && len > 0))
		return SMIME_E_INVALID_ARGUMENT;
	if (key_len != a->key_size)
		return SMIME_E_INVALID_ARGUMENT;
	if (tag_len < a->min_tag || tag_len > a->max_tag)
		return SMIME_E_INVALID_ARGUMENT;

	switch (modes[a->id]) {
	case MODE_GCM:
		/* any nonce length (GHASHed unless 12); the bit length must fit
		 * the 64-bit length block */
		if (nonce_len == 0 || (uint64_t)nonce_len > UINT64_MAX / 8)
			return SMIME_E_INVALID_ARGUMENT;
		if ((uint64_t)len > GCM_MAX_DATA || (uint64_t)aad_len > UINT64_MAX / 8)
			return SMIME_E_LIMIT;
		return SMIME_OK;
	case MODE_CCM:
		/* RFC 5084 §3.1: even ICV lengths 4..16 */
		if (tag_len % 2 != 0)
			return SMIME_E_INVALID_ARGUMENT;
		if (nonce_len < CCM_NONCE_MIN || nonce_len > CCM_NONCE_MAX)
			return SMIME_E_INVALID_ARGUMENT;
		/* the message length must fit the L = 15 - N length octets */
		if (len > CCM_MAX_MSG_SIZE(nonce_len))
			return SMIME_E_LIMIT;
		return SMIME_OK;
	case MODE_CHACHA:
		if (nonce_len != CHACHA_POLY1305_NONCE_SIZE)
			return SMIME_E_INVALID_ARGUMENT;
		if ((uint64_t)len > CHACHA_MAX_DATA)
			return SMIME_E_LIMIT;
		return SMIME_OK;
	}
	return SMIME_E_INTERNAL;
}

/* ------------------------------------------------------------------ */
/* AES-GCM                                                             */
/* ------------------------------------------------------------------ */

struct gcm_state {
	struct aes_any aes;
	struct gcm_key key;
	struct gcm_ctx gcm;
};

static void gcm_start(struct gcm_state *s, const uint8_t *nonce, size_t nonce_len,
		      const uint8_t *aad, size_t aad_len)
{
	gcm_set_iv(&s->gcm, &s->key, nonce_len, nonce);
	if (aad_len > 0)
		gcm_update(&s->gcm, &s->key, aad_len, aad);
}

static int gcm_run(bool encrypt, const uint8_t *key, size_t key_len, const uint8_t *nonce,
		   size_t nonce_len, const uint8_t *aad, size_t aad_len, const uint8_t *in,
		   size_t len, uint8_t *out, uint8_t *tag, const uint8_t *expected,
		   size_t tag_len)
{
	struct gcm_state s;
	uint8_t scratch[SCRATCH], computed[GCM_DIGEST_SIZE];
	size_t off, n;
	int ok;

	aes_any_set(&s.aes, key, key_len);
	gcm_set_key(&s.key, &s.aes.u, s.aes.encrypt);
	gcm_start(&s, nonce, nonce_len, aad, aad_len);

	if (encrypt) {
		if (len > 0)
			gcm_encrypt(&s.gcm, &s.key, &s.aes.u, s.aes.encrypt, len, out, in);
		gcm_digest(&s.gcm, &s.key, &s.aes.u, s.aes.encrypt, tag_len, tag);
		smime_wipe(&s, sizeof(s));
		return SMIME_OK;
	}

	/* 1. GHASH over the ciphertext only (the zero keystream copies it
	 *    into scratch), the real cipher for E(K, J0) in the tag. */
	for (off = 0; off < len; off += n) {
		n = len - off < sizeof(scratch) ? len - off : sizeof(scratch);
		gcm_decrypt(&s.gcm, &s.key, NULL, zero_stream, n, scratch, in + off);
	}
	gcm_digest(&s.gcm, &s.key, &s.aes.u, s.aes.encrypt, tag_len, computed);
	ok = memeql_sec(computed, expected, tag_len);
	smime_wipe(computed, sizeof(computed));
	smime_wipe(scratch, sizeof(scratch));

	/* 2. decrypt only what authenticated */
	if (ok && len > 0) {
		gcm_set_iv(&s.gcm, &s.key, nonce_len, nonce);
		gcm_decrypt(&s.gcm, &s.key, &s.aes.u, s.aes.encrypt, len, out, in);
	}
	smime_wipe(&s, sizeof(s));
	return ok ? SMIME_OK : SMIME_E_DECRYPT;
}

/* ------------------------------------------------------------------ */
/* AES-CCM                                                             */
/* ------------------------------------------------------------------ */

static int ccm_run(bool encrypt, const uint8_t *key, size_t key_len, const uint8_t *nonce,
		   size_t nonce_len, const uint8_t *aad, size_t aad_len, const uint8_t *in,
		   size_t len, uint8_t *out, uint8_t *tag, const uint8_t *expected,
		   size_t tag_len)
{
	struct aes_any aes;
	struct ccm_ctx ccm;
	uint8_t computed[CCM_DIGEST_SIZE];
	int ok;

	aes_any_set(&aes, key, key_len);
	ccm_set_nonce(&ccm, &aes.u, aes.encrypt, nonce_len, nonce, aad_len, len, tag_len);
	if (aad_len > 0)
		ccm_update(&ccm, &aes.u, aes.encrypt, aad_len, aad);

	if (encrypt) {
		if (len > 0)
			ccm_encrypt(&ccm, &aes.u, aes.encrypt, len, out, in);
		ccm_digest(&ccm, &aes.u, aes.encrypt, tag_len, tag);
		smime_wipe(&aes, sizeof(aes));
		smime_wipe(&ccm, sizeof(ccm));
		return SMIME_OK;
	}

	/* The CBC-MAC covers the plaintext: decrypt, then check; the caller
	 * gets nothing back (a wiped buffer) when the tag does not match. */
	if (len > 0)
		ccm_decrypt(&ccm, &aes.u, aes.encrypt, len, out, in);
	ccm_digest(&ccm, &aes.u, aes.encrypt, tag_len, computed);
	ok = memeql_sec(computed, expected, tag_len);
	smime_wipe(computed, sizeof(computed));
	smime_wipe(&aes, sizeof(aes));
	smime_wipe(&ccm, sizeof(ccm));
	return ok ? SMIME_OK : SMIME_E_DECRYPT;
}

/* ------------------------------------------------------------------ */
/* ChaCha20-Poly1305                                                   */
/* ------------------------------------------------------------------ */

static void chacha_start(struct chacha_poly1305_ctx *c, const uint8_t *key,
			 const uint8_t *nonce, const uint8_t *aad, size_t aad_len)
{
	chacha_poly1305_set_key(c, key);
	chacha_poly1305_set_nonce(c, nonce);
	if (aad_len > 0)
		chacha_poly1305_update(c, aad_len, aad);
}

static int chacha_run(bool encrypt, const uint8_t *key, const uint8_t *nonce,
		      const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t len,
		      uint8_t *out, uint8_t *tag, const uint8_t *expected, size_t tag_len)
{
	struct chacha_poly1305_ctx c;
	uint8_t scratch[SCRATCH], computed[CHACHA_POLY1305_DIGEST_SIZE];
	size_t off, n;
	int ok;

	chacha_start(&c, key, nonce, aad, aad_len);
	if (encrypt) {
		if (len > 0)
			chacha_poly1305_encrypt(&c, len, out, in);
		chacha_poly1305_digest(&c, tag_len, tag);
		smime_wipe(&c, sizeof(c));
		return SMIME_OK;
	}

	/* 1. the tag, from a pass whose plaintext never leaves scratch */
	for (off = 0; off < len; off += n) {
		n = len - off < sizeof(scratch) ? len - off : sizeof(scratch);
		chacha_poly1305_decrypt(&c, n, scratch, in + off);
		smime_wipe(scratch, n);
	}
	chacha_poly1305_digest(&c, tag_len, computed);
	ok = memeql_sec(computed, expected, tag_len);
	smime_wipe(computed, sizeof(computed));

	/* 2. decrypt only what authenticated */
	if (ok && len > 0) {
		chacha_start(&c, key, nonce, aad, aad_len);
		chacha_poly1305_decrypt(&c, len, out, in);
	}
	smime_wipe(&c, sizeof(c));
	return ok ? SMIME_OK : SMIME_E_DECRYPT;
}

/* ------------------------------------------------------------------ */
/* entry points                                                        */
/* ------------------------------------------------------------------ */

int smime_crypto__aead_encrypt(const smime_aead_desc *a, const uint8_t *key, size_t key_len,
			       const uint8_t *nonce, size_t nonce_len, const uint8_t *aad,
			       size_t aad_len, const uint8_t *in, size_t len, uint8_t *out,
			       uint8_t *tag, size_t tag_len)
{
	int ret;

	ret = check_args(a, key, key_len, nonce, nonce_len, aad, aad_len, in, len, out,
			 tag, tag_len);
	if (ret < 0)
		return ret;
	switch (modes[a->id]) {
	case MODE_GCM:
		return gcm_run(true, key, key_len, nonce, nonce_len, aad, aad_len, in, len,
			       out, tag, NULL, tag_len);
	case MODE_CCM:
		return ccm_run(true, key, key_len, nonce, nonce_len, aad, aad_len, in, len,
			       out, tag, NULL, tag_len);
	case MODE_CHACHA:
		return chacha_run(true, key, nonce, aad, aad_len, in, len, out, tag, NULL,
				  tag_len);
	}
	return SMIME_E_INTERNAL;
}

int smime_crypto__aead_decrypt(const smime_aead_desc *a, const uint8_t *key, size_t key_len,
			       const uint8_t *nonce, size_t nonce_len, const uint8_t *aad,
			       size_t aad_len, const uint8_t *in, size_t len, const uint8_t *tag,
			       size_t tag_len, uint8_t *out)
{
	int ret;

	ret = check_args(a, key, key_len, nonce, nonce_len, aad, aad_len, in, len, out,
			 tag, tag_len);
	if (ret == SMIME_OK) {
		switch (modes[a->id]) {
		case MODE_GCM:
			ret = gcm_run(false, key, key_len, nonce, nonce_len, aad, aad_len,
				      in, len, out, NULL, tag, tag_len);
			break;
		case MODE_CCM:
			ret = ccm_run(false, key, key_len, nonce, nonce_len, aad, aad_len,
				      in, len, out, NULL, tag, tag_len);
			break;
		case MODE_CHACHA:
			ret = chacha_run(false, key, nonce, aad, aad_len, in, len, out, NULL,
					 tag, tag_len);
			break;
		default:
			ret = SMIME_E_INTERNAL;
			break;
		}
	}
	/* nothing of an unauthenticated message is left behind */
	if (ret != SMIME_OK && out != NULL)
		smime_wipe(out, len);
	return ret;
}
