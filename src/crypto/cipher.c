/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * AES-CBC with PKCS#7 padding (RFC 5652 §6.3), streaming, over Nettle's
 * aes128/192/256 contexts and cbc_encrypt/cbc_decrypt. The expanded key
 * lives in the caller's smime_cbc_ctx; nothing is allocated.
 *
 * Decryption holds back the last complete block until final, because only
 * the last block carries the padding. CBC is not authenticated: blocks
 * before the last one are released as they arrive, and the caller must
 * treat the output as untrusted until final succeeds.
 */
#include "crypto/crypto.h"

#include <assert.h>
#include <string.h>

#include <nettle/aes.h>
#include <nettle/cbc.h>
#include <nettle/nettle-types.h>

#define BLOCK AES_BLOCK_SIZE
#define KEY_SPACE sizeof(((smime_cbc_ctx *)0)->key)

static_assert(sizeof(struct aes128_ctx) <= KEY_SPACE, "aes128_ctx too big");
static_assert(sizeof(struct aes192_ctx) <= KEY_SPACE, "aes192_ctx too big");
static_assert(sizeof(struct aes256_ctx) <= KEY_SPACE, "aes256_ctx too big");
static_assert(BLOCK == sizeof(((smime_cbc_ctx *)0)->iv), "iv size");
static_assert(BLOCK == sizeof(((smime_cbc_ctx *)0)->pending), "block size");

/* Typed wrappers, so that no function pointer is called through a cast. */
#define AES_WRAPPERS(bits) \
	static void aes##bits##_set_enc(void *ctx, const uint8_t *key) \
	{ \
		aes##bits##_set_encrypt_key(ctx, key); \
	} \
	static void aes##bits##_set_dec(void *ctx, const uint8_t *key) \
	{ \
		aes##bits##_set_decrypt_key(ctx, key); \
	} \
	static void aes##bits##_enc(const void *ctx, size_t len, uint8_t *dst, \
				    const uint8_t *src) \
	{ \
		aes##bits##_encrypt(ctx, len, dst, src); \
	} \
	static void aes##bits##_dec(const void *ctx, size_t len, uint8_t *dst, \
				    const uint8_t *src) \
	{ \
		aes##bits##_decrypt(ctx, len, dst, src); \
	}

AES_WRAPPERS(128)
AES_WRAPPERS(192)
AES_WRAPPERS(256)

struct cipher_impl {
	nettle_set_key_func *set_encrypt_key;
	nettle_set_key_func *set_decrypt_key;
	nettle_cipher_func *encrypt;
	nettle_cipher_func *decrypt;
};

static const smime_cipher_desc ciphers[SMIME_CIPHER_ID_COUNT] = {
	[SMIME_CIPHER_ID_AES128_CBC] = {
		SMIME_CIPHER_ID_AES128_CBC, "aes-128-cbc",
		AES128_KEY_SIZE, BLOCK, BLOCK
	},
	[SMIME_CIPHER_ID_AES192_CBC] = {
		SMIME_CIPHER_ID_AES192_CBC, "aes-192-cbc",
		AES192_KEY_SIZE, BLOCK, BLOCK
	},
	[SMIME_CIPHER_ID_AES256_CBC] = {
		SMIME_CIPHER_ID_AES256_CBC, "aes-256-cbc",
		AES256_KEY_SIZE, BLOCK, BLOCK
	},
};

static const struct cipher_impl impls[SMIME_CIPHER_ID_COUNT] = {
	[SMIME_CIPHER_ID_AES128_CBC] = {
		aes128_set_enc, aes128_set_dec, aes128_enc, aes128_dec
	},
	[SMIME_CIPHER_ID_AES192_CBC] = {
		aes192_set_enc, aes192_set_dec, aes192_enc, aes192_dec
	},
	[SMIME_CIPHER_ID_AES256_CBC] = {
		aes256_set_enc, aes256_set_dec, aes256_enc, aes256_dec
	},
};

const smime_cipher_desc *smime_crypto__cipher_get(smime_cipher_id id)
{
	if ((unsigned)id >= SMIME_CIPHER_ID_COUNT)
		return NULL;
	return &ciphers[id];
}

const smime_cipher_desc *smime_crypto__cipher_by_name(const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < SMIME_ARRAY_SIZE(ciphers); i++) {
		if (strcmp(name, ciphers[i].name) == 0)
			return &ciphers[i];
	}
	return NULL;
}

void smime_crypto__cbc_wipe(smime_cbc_ctx *ctx)
{
	if (ctx != NULL)
		smime_wipe(ctx, sizeof(*ctx));
}

int smime_crypto__cbc_init(smime_cbc_ctx *ctx, const smime_cipher_desc *d,
			   bool encrypt, const uint8_t *key, size_t key_len,
			   const uint8_t *iv, size_t iv_len)
{
	const struct cipher_impl *impl;

	if (ctx == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	smime_crypto__cbc_wipe(ctx);
	if (d == NULL || smime_crypto__cipher_get(d->id) != d)
		return SMIME_E_INVALID_ARGUMENT;
	if (key == NULL || key_len != d->key_size)
		return SMIME_E_INVALID_ARGUMENT;
	if (iv == NULL || iv_len != d->iv_size || iv_len != sizeof(ctx->iv))
		return SMIME_E_INVALID_ARGUMENT;

	impl = &impls[d->id];
	ctx->desc = d;
	ctx->encrypt = encrypt;
	memcpy(ctx->iv, iv, iv_len);
	ctx->pending_len = 0;
	if (encrypt)
		impl->set_encrypt_key(ctx->key.bytes, key);
	else
		impl->set_decrypt_key(ctx->key.bytes, key);
	return SMIME_OK;
}

/* Runs CBC over len bytes (a multiple of the block size). */
static void cbc_blocks(smime_cbc_ctx *ctx, uint8_t *dst, const uint8_t *src,
		       size_t len)
{
	const struct cipher_impl *impl = &impls[ctx->desc->id];

	assert(len % BLOCK == 0);
	if (len == 0)
		return;
	if (ctx->encrypt)
		cbc_encrypt(ctx->key.bytes, impl->encrypt, BLOCK, ctx->iv, len,
			    dst, src);
	else
		cbc_decrypt(ctx->key.bytes, impl->decrypt, BLOCK, ctx->iv, len,
			    dst, src);
}

int smime_crypto__cbc_update(smime_cbc_ctx *ctx, const uint8_t *in, size_t in_len,
			     uint8_t *out, size_t *out_len)
{
	size_t produced = 0;
	size_t take, direct;

	if (out_len != NULL)
		*out_len = 0;
	if (ctx == NULL || out_len == NULL || (in == NULL && in_len > 0))
		return SMIME_E_INVALID_ARGUMENT;
	if (ctx->desc == NULL)
		return SMIME_E_STATE;
	if (in_len == 0)
		return SMIME_OK;
	if (out == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	assert(ctx->pending_len <= BLOCK);

	/* Complete the buffered block first. */
	if (ctx->pending_len > 0) {
		take = BLOCK - ctx->pending_len;
		if (take > in_len)
			take = in_len;
		memcpy(ctx->pending + ctx->pending_len, in, take);
		ctx->pending_len += take;
		in += take;
		in_len -= take;
		if (ctx->pending_len < BLOCK)
			return SMIME_OK; /* all input consumed */
		/* A full block: decryption keeps it unless more input follows
		 * (it might be the last block, which carries the padding). */
		if (!ctx->encrypt && in_len == 0)
			return SMIME_OK;
		cbc_blocks(ctx, out, ctx->pending, BLOCK);
		produced = BLOCK;
		ctx->pending_len = 0;
	}

	/* Whole blocks straight from the input; decryption holds back the
	 * last block when the input ends on a block boundary. */
	direct = in_len - in_len % BLOCK;
	if (!ctx->encrypt && direct == in_len && direct > 0)
		direct -= BLOCK;
	cbc_blocks(ctx, out + produced, in, direct);
	produced += direct;
	in += direct;
	in_len -= direct;

	assert(in_len <= BLOCK);
	memcpy(ctx->pending, in, in_len);
	ctx->pending_len = in_len;
	*out_len = produced;
	return SMIME_OK;
}

/* Constant-time helpers on small values (< 2^31): 1 or 0, no branches. */
static uint32_t ct_eq(uint32_t a, uint32_t b)
{
	return ((a ^ b) - 1U) >> 31;
}

static uint32_t ct_lt(uint32_t a, uint32_t b)
{
	return (a - b) >> 31;
}

/*
 * Checks the PKCS#7 padding of the last block without branching on its
 * bytes: every byte is looked at whatever the padding value, so the time
 * does not tell where a padding check failed. Returns the pad length
 * (1..16) or 0 if the padding is invalid.
 */
static size_t check_padding(const uint8_t block[BLOCK])
{
	uint32_t pad = block[BLOCK - 1];
	uint32_t ok = 1;
	uint32_t i;

	ok &= 1U - ct_eq(pad, 0);
	ok &= 1U - ct_lt(BLOCK, pad);
	for (i = 0; i < BLOCK; i++) {
		/* byte i is padding iff (BLOCK - 1 - i) < pad */
		uint32_t in_pad = ct_lt(BLOCK - 1 - i, pad);
		uint32_t bad = 1U - ct_eq(block[i], pad);

		ok &= 1U - (in_pad & bad);
	}
	return (size_t)(pad & (0U - ok));
}

int smime_crypto__cbc_final(smime_cbc_ctx *ctx, uint8_t *out, size_t *out_len)
{
	uint8_t block[BLOCK];
	size_t pad, i;
	int ret = SMIME_OK;

	if (out_len != NULL)
		*out_len = 0;
	if (ctx == NULL || out == NULL || out_len == NULL) {
		smime_crypto__cbc_wipe(ctx);
		return SMIME_E_INVALID_ARGUMENT;
	}
	if (ctx->desc == NULL)
		return SMIME_E_STATE;

	if (ctx->encrypt) {
		pad = BLOCK - ctx->pending_len; /* 1..16 */
		for (i = ctx->pending_len; i < BLOCK; i++)
			ctx->pending[i] = (uint8_t)pad;
		cbc_blocks(ctx, out, ctx->pending, BLOCK);
		*out_len = BLOCK;
		goto done;
	}

	/* Decryption: exactly one held-back full block must remain. */
	if (ctx->pending_len != BLOCK) {
		ret = SMIME_E_DECRYPT;
		goto done;
	}
	cbc_blocks(ctx, block, ctx->pending, BLOCK);
	pad = check_padding(block);
	if (pad == 0) {
		ret = SMIME_E_DECRYPT;
		goto done;
	}
	memcpy(out, block, BLOCK - pad);
	*out_len = BLOCK - pad;

done:
	smime_wipe(block, sizeof(block));
	smime_crypto__cbc_wipe(ctx);
	return ret;
}
