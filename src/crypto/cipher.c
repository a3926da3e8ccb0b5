/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * CBC with PKCS#7 padding (RFC 5652 §6.3), streaming, over Nettle's block
 * ciphers and cbc_encrypt/cbc_decrypt: AES-128/192/256 both ways, and the
 * legacy Triple-DES (RFC 3370 §5.1) and RC2 (RFC 3370 §5.2, RFC 2268) for
 * decryption only, so that old messages still open while libsmime never
 * writes them. The expanded key lives in the caller's smime_cbc_ctx;
 * nothing is allocated.
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
#include <nettle/arctwo.h>
#include <nettle/cbc.h>
#include <nettle/des.h>
#include <nettle/nettle-types.h>

#define MAX_BLOCK AES_BLOCK_SIZE
#define KEY_SPACE sizeof(((smime_cbc_ctx *)0)->key)

static_assert(sizeof(struct aes128_ctx) <= KEY_SPACE, "aes128_ctx too big");
static_assert(sizeof(struct aes192_ctx) <= KEY_SPACE, "aes192_ctx too big");
static_assert(sizeof(struct aes256_ctx) <= KEY_SPACE, "aes256_ctx too big");
static_assert(sizeof(struct des3_ctx) <= KEY_SPACE, "des3_ctx too big");
static_assert(sizeof(struct arctwo_ctx) <= KEY_SPACE, "arctwo_ctx too big");
static_assert(MAX_BLOCK == sizeof(((smime_cbc_ctx *)0)->iv), "iv size");
static_assert(MAX_BLOCK == sizeof(((smime_cbc_ctx *)0)->pending), "block size");
static_assert(DES3_BLOCK_SIZE <= MAX_BLOCK && ARCTWO_BLOCK_SIZE <= MAX_BLOCK,
	      "legacy block size");

/*
 * RC2 effective key bits requested by smime_crypto__cbc_set_rc2_effective_bits
 * before smime_crypto__cbc_init. The header has no field for them, so they
 * wait in the key area (which init overwrites anyway) behind a 64-bit
 * marker; init reads them before it wipes the context.
 */
#define RC2_BITS_MARKER UINT64_C(0x7263322d62697473) /* "rc2-bits" */
#define RC2_MAX_BITS 1024

struct rc2_request {
	uint64_t marker;
	uint32_t bits;
};
static_assert(sizeof(struct rc2_request) <= KEY_SPACE, "rc2 request");

/* Sets up the expanded key; key_len has been checked against the cipher. */
typedef int set_key_func(void *ctx, bool encrypt, const uint8_t *key, size_t key_len,
			 unsigned rc2_bits);

/* Typed wrappers, so that no function pointer is called through a cast. */
#define AES_WRAPPERS(bits) \
	static int aes##bits##_set(void *ctx, bool encrypt, const uint8_t *key, \
				   size_t key_len, unsigned rc2_bits) \
	{ \
		(void)key_len; \
		(void)rc2_bits; \
		if (encrypt) \
			aes##bits##_set_encrypt_key(ctx, key); \
		else \
			aes##bits##_set_decrypt_key(ctx, key); \
		return SMIME_OK; \
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

/*
 * Triple-DES: CMS keys are random bytes whose parity bits senders rarely
 * bother to set, and Nettle ignores parity anyway; the parity is fixed on a
 * copy so that the key schedule sees a well-formed DES key. A weak DES
 * subkey (des3_set_key returns 0) still gives a working key schedule; a
 * random CEK is that unlucky with probability 2^-50, and refusing it would
 * only make one message unreadable, so it is used as given (as other CMS
 * implementations do).
 */
static int des3_set(void *ctx, bool encrypt, const uint8_t *key, size_t key_len,
		    unsigned rc2_bits)
{
	uint8_t fixed[DES3_KEY_SIZE];

	(void)encrypt;
	(void)rc2_bits;
	if (key_len != DES3_KEY_SIZE)
		return SMIME_E_INVALID_ARGUMENT;
	des_fix_parity(DES3_KEY_SIZE, fixed, key);
	(void)des3_set_key(ctx, fixed);
	smime_wipe(fixed, sizeof(fixed));
	return SMIME_OK;
}

static void des3_dec(const void *ctx, size_t len, uint8_t *dst, const uint8_t *src)
{
	des3_decrypt(ctx, len, dst, src);
}

/* RC2 with the effective key bits of the RC2CBCParameter (default: the key
 * length in bits, as RFC 3370 §5.2 and OpenSSL do). */
static int rc2_set(void *ctx, bool encrypt, const uint8_t *key, size_t key_len,
		   unsigned rc2_bits)
{
	size_t bits = rc2_bits;

	(void)encrypt;
	if (key_len < ARCTWO_MIN_KEY_SIZE || key_len > ARCTWO_MAX_KEY_SIZE)
		return SMIME_E_INVALID_ARGUMENT;
	if (bits == 0)
		bits = key_len * 8;
	if (bits > RC2_MAX_BITS)
		return SMIME_E_INVALID_ARGUMENT;
	arctwo_set_key_ekb(ctx, key_len, key, (unsigned)bits);
	return SMIME_OK;
}

static void rc2_dec(const void *ctx, size_t len, uint8_t *dst, const uint8_t *src)
{
	/* Nettle 3 declares the context non-const although decryption only
	 * reads it. */
	arctwo_decrypt((struct arctwo_ctx *)ctx, len, dst, src);
}

struct cipher_impl {
	set_key_func *set_key;
	nettle_cipher_func *encrypt; /* NULL: decrypt only */
	nettle_cipher_func *decrypt;
	bool variable_key;           /* RC2: 1..128 bytes */
};

static const smime_cipher_desc ciphers[SMIME_CIPHER_ID_COUNT] = {
	[SMIME_CIPHER_ID_AES128_CBC] = {
		SMIME_CIPHER_ID_AES128_CBC, "aes-128-cbc",
		AES128_KEY_SIZE, AES_BLOCK_SIZE, AES_BLOCK_SIZE
	},
	[SMIME_CIPHER_ID_AES192_CBC] = {
		SMIME_CIPHER_ID_AES192_CBC, "aes-192-cbc",
		AES192_KEY_SIZE, AES_BLOCK_SIZE, AES_BLOCK_SIZE
	},
	[SMIME_CIPHER_ID_AES256_CBC] = {
		SMIME_CIPHER_ID_AES256_CBC, "aes-256-cbc",
		AES256_KEY_SIZE, AES_BLOCK_SIZE, AES_BLOCK_SIZE
	},
	[SMIME_CIPHER_ID_DES_EDE3_CBC] = {
		SMIME_CIPHER_ID_DES_EDE3_CBC, "des-ede3-cbc",
		DES3_KEY_SIZE, DES3_BLOCK_SIZE, DES3_BLOCK_SIZE
	},
	/* key_size: the 128-bit key of RFC 4134 §5.2; init takes any
	 * length from 1 to 128 bytes */
	[SMIME_CIPHER_ID_RC2_CBC] = {
		SMIME_CIPHER_ID_RC2_CBC, "rc2-cbc",
		16, ARCTWO_BLOCK_SIZE, ARCTWO_BLOCK_SIZE
	},
};

static const struct cipher_impl impls[SMIME_CIPHER_ID_COUNT] = {
	[SMIME_CIPHER_ID_AES128_CBC] = { aes128_set, aes128_enc, aes128_dec, false },
	[SMIME_CIPHER_ID_AES192_CBC] = { aes192_set, aes192_enc, aes192_dec, false },
	[SMIME_CIPHER_ID_AES256_CBC] = { aes256_set, aes256_enc, aes256_dec, false },
	[SMIME_CIPHER_ID_DES_EDE3_CBC] = { des3_set, NULL, des3_dec, false },
	[SMIME_CIPHER_ID_RC2_CBC] = { rc2_set, NULL, rc2_dec, true },
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

void smime_crypto__cbc_set_rc2_effective_bits(smime_cbc_ctx *ctx, unsigned bits)
{
	struct rc2_request req = { RC2_BITS_MARKER, bits };

	if (ctx != NULL)
		memcpy(ctx->key.bytes, &req, sizeof(req));
}

/* The RC2 effective bits left by smime_crypto__cbc_set_rc2_effective_bits
 * (0 if none); clears the request. */
static unsigned take_rc2_bits(smime_cbc_ctx *ctx)
{
	struct rc2_request req;

	memcpy(&req, ctx->key.bytes, sizeof(req));
	memset(ctx->key.bytes, 0, sizeof(req));
	if (req.marker != RC2_BITS_MARKER)
		return 0;
	/* 0 would mean "default" below: keep an explicit 0 invalid */
	return req.bits == 0 ? RC2_MAX_BITS + 1 : req.bits;
}

int smime_crypto__cbc_init(smime_cbc_ctx *ctx, const smime_cipher_desc *d,
			   bool encrypt, const uint8_t *key, size_t key_len,
			   const uint8_t *iv, size_t iv_len)
{
	const struct cipher_impl *impl;
	unsigned rc2_bits;
	int ret;

	if (ctx == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (d == NULL || smime_crypto__cipher_get(d->id) != d) {
		smime_crypto__cbc_wipe(ctx);
		return SMIME_E_INVALID_ARGUMENT;
	}
	/* only RC2 looks at the request, so that the other ciphers never read
	 * an uninitialised context */
	rc2_bits = d->id == SMIME_CIPHER_ID_RC2_CBC ? take_rc2_bits(ctx) : 0;
	smime_crypto__cbc_wipe(ctx);
	impl = &impls[d->id];
	if (key == NULL || iv == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (impl->variable_key ? (key_len == 0 || key_len > ARCTWO_MAX_KEY_SIZE)
			       : key_len != d->key_size)
		return SMIME_E_INVALID_ARGUMENT;
	if (iv_len != d->iv_size || iv_len != d->block_size || iv_len > sizeof(ctx->iv))
		return SMIME_E_INVALID_ARGUMENT;
	/* the legacy ciphers are read, never written */
	if (encrypt && impl->encrypt == NULL)
		return SMIME_E_UNSUPPORTED;

	ret = impl->set_key(ctx->key.bytes, encrypt, key, key_len,
			    rc2_bits);
	if (ret < 0) {
		smime_crypto__cbc_wipe(ctx);
		return ret;
	}
	ctx->desc = d;
	ctx->encrypt = encrypt;
	memcpy(ctx->iv, iv, iv_len);
	ctx->pending_len = 0;
	return SMIME_OK;
}

/* Runs CBC over len bytes (a multiple of the block size). */
static void cbc_blocks(smime_cbc_ctx *ctx, uint8_t *dst, const uint8_t *src,
		       size_t len)
{
	const struct cipher_impl *impl = &impls[ctx->desc->id];
	size_t bs = ctx->desc->block_size;

	assert(len % bs == 0);
	if (len == 0)
		return;
	if (ctx->encrypt)
		cbc_encrypt(ctx->key.bytes, impl->encrypt, bs, ctx->iv, len, dst, src);
	else
		cbc_decrypt(ctx->key.bytes, impl->decrypt, bs, ctx->iv, len, dst, src);
}

int smime_crypto__cbc_update(smime_cbc_ctx *ctx, const uint8_t *in, size_t in_len,
			     uint8_t *out, size_t *out_len)
{
	size_t produced = 0;
	size_t take, direct, bs;

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
	bs = ctx->desc->block_size;
	assert(ctx->pending_len <= bs);

	/* Complete the buffered block first. */
	if (ctx->pending_len > 0) {
		take = bs - ctx->pending_len;
		if (take > in_len)
			take = in_len;
		memcpy(ctx->pending + ctx->pending_len, in, take);
		ctx->pending_len += take;
		in += take;
		in_len -= take;
		if (ctx->pending_len < bs)
			return SMIME_OK; /* all input consumed */
		/* A full block: decryption keeps it unless more input follows
		 * (it might be the last block, which carries the padding). */
		if (!ctx->encrypt && in_len == 0)
			return SMIME_OK;
		cbc_blocks(ctx, out, ctx->pending, bs);
		produced = bs;
		ctx->pending_len = 0;
	}

	/* Whole blocks straight from the input; decryption holds back the
	 * last block when the input ends on a block boundary. */
	direct = in_len - in_len % bs;
	if (!ctx->encrypt && direct == in_len && direct > 0)
		direct -= bs;
	cbc_blocks(ctx, out + produced, in, direct);
	produced += direct;
	in += direct;
	in_len -= direct;

	assert(in_len <= bs);
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
 * Checks the PKCS#7 padding of the last block (bs bytes, 8 or 16) without
 * branching on its bytes: every byte is looked at whatever the padding
 * value, so the time does not tell where a padding check failed (it
 * depends on the block size only, which is public). Returns the pad
 * length (1..bs) or 0 if the padding is invalid.
 */
static size_t check_padding(const uint8_t *block, size_t bs)
{
	uint32_t n = (uint32_t)bs;
	uint32_t pad = block[n - 1];
	uint32_t ok = 1;
	uint32_t i;

	ok &= 1U - ct_eq(pad, 0);
	ok &= 1U - ct_lt(n, pad);
	for (i = 0; i < n; i++) {
		/* byte i is padding iff (n - 1 - i) < pad */
		uint32_t in_pad = ct_lt(n - 1 - i, pad);
		uint32_t bad = 1U - ct_eq(block[i], pad);

		ok &= 1U - (in_pad & bad);
	}
	return (size_t)(pad & (0U - ok));
}

int smime_crypto__cbc_final(smime_cbc_ctx *ctx, uint8_t *out, size_t *out_len)
{
	uint8_t block[MAX_BLOCK];
	size_t pad, i, bs;
	int ret = SMIME_OK;

	if (out_len != NULL)
		*out_len = 0;
	if (ctx == NULL || out == NULL || out_len == NULL) {
		smime_crypto__cbc_wipe(ctx);
		return SMIME_E_INVALID_ARGUMENT;
	}
	if (ctx->desc == NULL)
		return SMIME_E_STATE;
	bs = ctx->desc->block_size;

	if (ctx->encrypt) {
		pad = bs - ctx->pending_len; /* 1..bs */
		for (i = ctx->pending_len; i < bs; i++)
			ctx->pending[i] = (uint8_t)pad;
		cbc_blocks(ctx, out, ctx->pending, bs);
		*out_len = bs;
		goto done;
	}

	/* Decryption: exactly one held-back full block must remain. */
	if (ctx->pending_len != bs) {
		ret = SMIME_E_DECRYPT;
		goto done;
	}
	cbc_blocks(ctx, block, ctx->pending, bs);
	pad = check_padding(block, bs);
	if (pad == 0) {
		ret = SMIME_E_DECRYPT;
		goto done;
	}
	memcpy(out, block, bs - pad);
	*out_len = bs - pad;

done:
	smime_wipe(block, sizeof(block));
	smime_crypto__cbc_wipe(ctx);
	return ret;
}
