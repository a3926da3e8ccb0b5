/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * HMAC (RFC 2104) over any struct nettle_hash of the digest table, in the
 * caller's smime_hmac_ctx.
 *
 * The context holds two hash states: the inner one, keyed with K ^ ipad
 * and then fed the message, and the outer one, keyed with K ^ opad and
 * kept until final. Nettle's generic hmac_* functions keep a third state
 * (a pristine copy of the inner one, for reuse after a digest), which does
 * not fit 1024 bytes for SHA-3, and their digest entry point changed
 * between Nettle 3 and 4; the few lines below use only the hash's own
 * init/update/digest (through nettle-compat.h), so they work with both.
 * Callers that need the keyed state again (PBKDF2) copy the context
 * before feeding it.
 */
#include "crypto/crypto.h"

#include <assert.h>
#include <string.h>

#include <nettle/nettle-meta.h>
#include <nettle/sha1.h>
#include <nettle/sha2.h>
#include <nettle/sha3.h>

#include "crypto/nettle-compat.h"

#define STATE_SPACE sizeof(((smime_hmac_ctx *)0)->state)
/* Largest block of the hashes in the table (SHA-3's rate is at most 144). */
#define MAX_BLOCK 144

/* Each state starts on an 8-byte boundary. */
#define ALIGN8(x) (((x) + 7) & ~(size_t)7)

static_assert(2 * ALIGN8(sizeof(struct sha1_ctx)) <= STATE_SPACE, "sha1 hmac");
static_assert(2 * ALIGN8(sizeof(struct sha256_ctx)) <= STATE_SPACE, "sha256 hmac");
static_assert(2 * ALIGN8(sizeof(struct sha512_ctx)) <= STATE_SPACE, "sha512 hmac");
static_assert(2 * ALIGN8(sizeof(struct sha3_256_ctx)) <= STATE_SPACE, "sha3 hmac");
static_assert(2 * ALIGN8(sizeof(struct sha3_512_ctx)) <= STATE_SPACE, "sha3 hmac");
static_assert(SHA512_BLOCK_SIZE <= MAX_BLOCK && SHA3_256_BLOCK_SIZE <= MAX_BLOCK,
	      "MAX_BLOCK");

static const struct nettle_hash *hash_of(const smime_digest_desc *d)
{
	return d->nettle;
}

static void *inner_state(smime_hmac_ctx *ctx)
{
	return ctx->state.bytes;
}

static void *outer_state(smime_hmac_ctx *ctx)
{
	return ctx->state.bytes + ALIGN8(hash_of(ctx->desc)->context_size);
}

int smime_crypto__hmac_init(smime_hmac_ctx *ctx, const smime_digest_desc *h,
			    const uint8_t *key, size_t key_len)
{
	const struct nettle_hash *hash;
	uint8_t pad[MAX_BLOCK];
	size_t i;

	if (ctx == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	ctx->desc = NULL;
	if (h == NULL || h->nettle == NULL || (key == NULL && key_len > 0))
		return SMIME_E_INVALID_ARGUMENT;
	hash = hash_of(h);
	if (hash->block_size == 0 || hash->block_size > MAX_BLOCK ||
	    hash->digest_size > hash->block_size ||
	    2 * ALIGN8(hash->context_size) > STATE_SPACE)
		return SMIME_E_UNSUPPORTED;
	ctx->desc = h;

	/* K0: the key, or its hash when longer than a block, zero-padded. */
	memset(pad, 0, sizeof(pad));
	if (key_len > hash->block_size) {
		hash->init(inner_state(ctx));
		hash->update(inner_state(ctx), key_len, key);
		SMIME_NETTLE_HASH_DIGEST(hash, inner_state(ctx), pad);
	} else if (key_len > 0) {
		memcpy(pad, key, key_len);
	}

	for (i = 0; i < hash->block_size; i++)
		pad[i] ^= 0x36;
	hash->init(inner_state(ctx));
	hash->update(inner_state(ctx), hash->block_size, pad);

	/* (K0 ^ ipad) ^ (0x36 ^ 0x5c) = K0 ^ opad */
	for (i = 0; i < hash->block_size; i++)
		pad[i] ^= 0x36 ^ 0x5c;
	hash->init(outer_state(ctx));
	hash->update(outer_state(ctx), hash->block_size, pad);

	smime_wipe(pad, sizeof(pad));
	return SMIME_OK;
}

void smime_crypto__hmac_update(smime_hmac_ctx *ctx, const void *data, size_t len)
{
	assert(ctx != NULL && ctx->desc != NULL);
	if (len == 0)
		return;
	hash_of(ctx->desc)->update(inner_state(ctx), len, data);
}

void smime_crypto__hmac_final(smime_hmac_ctx *ctx, uint8_t *out)
{
	const struct nettle_hash *hash;
	uint8_t inner[SMIME_DIGEST_MAX_SIZE];

	assert(ctx != NULL && ctx->desc != NULL && out != NULL);
	hash = hash_of(ctx->desc);
	assert(hash->digest_size <= sizeof(inner));
	SMIME_NETTLE_HASH_DIGEST(hash, inner_state(ctx), inner);
	hash->update(outer_state(ctx), hash->digest_size, inner);
	SMIME_NETTLE_HASH_DIGEST(hash, outer_state(ctx), out);
	smime_wipe(inner, sizeof(inner));
	smime_wipe(ctx, sizeof(*ctx));
}
