/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Message digests: one table of descriptors over Nettle's struct nettle_hash.
 * The context lives inside the caller's smime_digest_ctx, so nothing here
 * allocates.
 */
#include "crypto/crypto.h"

#include <assert.h>
#include <string.h>
#include <strings.h>

#include <nettle/nettle-meta.h>
#include <nettle/sha1.h>
#include <nettle/sha2.h>
#include <nettle/sha3.h>

#include "crypto/nettle-compat.h"

#define STATE_SIZE sizeof(((smime_digest_ctx *)0)->state)

static_assert(sizeof(struct sha1_ctx) <= STATE_SIZE, "sha1_ctx too big");
static_assert(sizeof(struct sha224_ctx) <= STATE_SIZE, "sha224_ctx too big");
static_assert(sizeof(struct sha256_ctx) <= STATE_SIZE, "sha256_ctx too big");
static_assert(sizeof(struct sha384_ctx) <= STATE_SIZE, "sha384_ctx too big");
static_assert(sizeof(struct sha512_ctx) <= STATE_SIZE, "sha512_ctx too big");
static_assert(sizeof(struct sha3_256_ctx) <= STATE_SIZE, "sha3_256_ctx too big");
static_assert(sizeof(struct sha3_384_ctx) <= STATE_SIZE, "sha3_384_ctx too big");
static_assert(sizeof(struct sha3_512_ctx) <= STATE_SIZE, "sha3_512_ctx too big");
static_assert(SHA512_DIGEST_SIZE <= SMIME_DIGEST_MAX_SIZE,
	      "SMIME_DIGEST_MAX_SIZE too small");

/*
 * DER of DigestInfo ::= SEQUENCE { AlgorithmIdentifier (with NULL
 * parameters), OCTET STRING header } as listed in RFC 8017 §9.2, note 1.
 * The digest itself follows the prefix.
 */
static const uint8_t prefix_sha1[] = {
	0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a,
	0x05, 0x00, 0x04, 0x14
};
static const uint8_t prefix_sha224[] = {
	0x30, 0x2d, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65,
	0x03, 0x04, 0x02, 0x04, 0x05, 0x00, 0x04, 0x1c
};
static const uint8_t prefix_sha256[] = {
	0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65,
	0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20
};
static const uint8_t prefix_sha384[] = {
	0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65,
	0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30
};
static const uint8_t prefix_sha512[] = {
	0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65,
	0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40
};

/* The NIST hash OIDs 2.16.840.1.101.3.4.2.8/9/10 with NULL parameters, as
 * for SHA-2 (what OpenSSL and GnuTLS write and check). */
static const uint8_t prefix_sha3_256[] = {
	0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65,
	0x03, 0x04, 0x02, 0x08, 0x05, 0x00, 0x04, 0x20
};
static const uint8_t prefix_sha3_384[] = {
	0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65,
	0x03, 0x04, 0x02, 0x09, 0x05, 0x00, 0x04, 0x30
};
static const uint8_t prefix_sha3_512[] = {
	0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65,
	0x03, 0x04, 0x02, 0x0a, 0x05, 0x00, 0x04, 0x40
};

/*
 * SHAKE256 with a fixed 64-byte output (RFC 8419 §2.3 for Ed448, RFC 8702
 * for id-shake256), dressed as a struct nettle_hash so that every user of
 * desc->nettle gets the same output as smime_crypto__digest. It shares
 * SHA3-256's context (both have a 136-byte rate).
 */
#define SHAKE256_512_SIZE 64

static void shake256_init(void *ctx)
{
	sha3_256_init(ctx);
}

static void shake256_update(void *ctx, size_t len, const uint8_t *data)
{
	sha3_256_update(ctx, len, data);
}

static SMIME_NETTLE_DIGEST_FUNC(shake256_512_digest, ctx, dst)
{
	sha3_256_shake(ctx, SHAKE256_512_SIZE, dst);
}

static const struct nettle_hash shake256_512 = {
	.name = "shake256",
	.context_size = sizeof(struct sha3_256_ctx),
	.digest_size = SHAKE256_512_SIZE,
	.block_size = SHA3_256_BLOCK_SIZE,
	.init = shake256_init,
	.update = shake256_update,
	.digest = shake256_512_digest,
};

#define DIGEST(ID, NAME, MICALG, SIZE, WEAK, NETTLE, PREFIX) \
	[ID] = { \
		.id = ID, \
		.name = NAME, \
		.micalg = MICALG, \
		.digest_size = SIZE, \
		.weak = WEAK, \
		.nettle = &NETTLE, \
		.digest_info_prefix = PREFIX, \
		.digest_info_prefix_len = sizeof(PREFIX), \
	}

/* micalg values: RFC 8551 §3.5.3.1. */
static const smime_digest_desc digests[SMIME_DIGEST_COUNT] = {
	DIGEST(SMIME_DIGEST_SHA1, "sha1", "sha-1", SHA1_DIGEST_SIZE, true,
	       nettle_sha1, prefix_sha1),
	DIGEST(SMIME_DIGEST_SHA224, "sha224", "sha-224", SHA224_DIGEST_SIZE,
	       false, nettle_sha224, prefix_sha224),
	DIGEST(SMIME_DIGEST_SHA256, "sha256", "sha-256", SHA256_DIGEST_SIZE,
	       false, nettle_sha256, prefix_sha256),
	DIGEST(SMIME_DIGEST_SHA384, "sha384", "sha-384", SHA384_DIGEST_SIZE,
	       false, nettle_sha384, prefix_sha384),
	DIGEST(SMIME_DIGEST_SHA512, "sha512", "sha-512", SHA512_DIGEST_SIZE,
	       false, nettle_sha512, prefix_sha512),
	/* RFC 8551 registers no micalg for these; the names follow the
	 * "sha-N" pattern of the IANA hash function textual names. */
	DIGEST(SMIME_DIGEST_SHA3_256, "sha3-256", "sha3-256",
	       SHA3_256_DIGEST_SIZE, false, nettle_sha3_256, prefix_sha3_256),
	DIGEST(SMIME_DIGEST_SHA3_384, "sha3-384", "sha3-384",
	       SHA3_384_DIGEST_SIZE, false, nettle_sha3_384, prefix_sha3_384),
	DIGEST(SMIME_DIGEST_SHA3_512, "sha3-512", "sha3-512",
	       SHA3_512_DIGEST_SIZE, false, nettle_sha3_512, prefix_sha3_512),
	/* No DigestInfo: RSA PKCS#1 v1.5 is not defined with SHAKE256. */
	[SMIME_DIGEST_SHAKE256_512] = {
		.id = SMIME_DIGEST_SHAKE256_512,
		.name = "shake256",
		.micalg = "shake256",
		.digest_size = SHAKE256_512_SIZE,
		.weak = false,
		.nettle = &shake256_512,
		.digest_info_prefix = NULL,
		.digest_info_prefix_len = 0,
	},
};

const smime_digest_desc *smime_crypto__digest_get(smime_digest_id id)
{
	if ((unsigned)id >= SMIME_DIGEST_COUNT)
		return NULL;
	return &digests[id];
}

/*
 * Accepts the short name ("sha256") and the micalg name ("sha-256"), both
 * case-insensitively (MIME parameter values are compared that way).
 */
const smime_digest_desc *smime_crypto__digest_by_name(const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < SMIME_ARRAY_SIZE(digests); i++) {
		if (strcasecmp(name, digests[i].name) == 0 ||
		    strcasecmp(name, digests[i].micalg) == 0)
			return &digests[i];
	}
	return NULL;
}

static const struct nettle_hash *hash_of(const smime_digest_desc *d)
{
	return d->nettle;
}

void smime_crypto__digest_init(smime_digest_ctx *ctx, const smime_digest_desc *d)
{
	assert(ctx != NULL && d != NULL);
	assert(hash_of(d)->context_size <= sizeof(ctx->state));
	ctx->desc = d;
	hash_of(d)->init(ctx->state.bytes);
}

void smime_crypto__digest_update(smime_digest_ctx *ctx, const void *data,
				 size_t len)
{
	assert(ctx != NULL && ctx->desc != NULL);
	if (len == 0)
		return;
	hash_of(ctx->desc)->update(ctx->state.bytes, len, data);
}

void smime_crypto__digest_final(smime_digest_ctx *ctx, uint8_t *out)
{
	assert(ctx != NULL && ctx->desc != NULL && out != NULL);
	SMIME_NETTLE_HASH_DIGEST(hash_of(ctx->desc), ctx->state.bytes, out);
	smime_wipe(ctx, sizeof(*ctx));
}

void smime_crypto__digest(const smime_digest_desc *d, const void *data,
			  size_t len, uint8_t *out)
{
	smime_digest_ctx ctx;

	smime_crypto__digest_init(&ctx, d);
	smime_crypto__digest_update(&ctx, data, len);
	smime_crypto__digest_final(&ctx, out);
}
