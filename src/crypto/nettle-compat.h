/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nettle-compat: the one place that hides differences between Nettle
 * releases. Only files of the crypto layer include it.
 *
 * Nettle 4.0 dropped the length argument of every *_digest function (and so
 * of struct nettle_hash's digest member): a digest is always written in
 * full. Nettle 3.x takes the output length, which we always pass as the full
 * digest size.
 */
#ifndef SMIME_CRYPTO_NETTLE_COMPAT_H
#define SMIME_CRYPTO_NETTLE_COMPAT_H

#include <nettle/nettle-meta.h>
#include <nettle/version.h>

#if defined(NETTLE_VERSION_MAJOR) && NETTLE_VERSION_MAJOR >= 4
#define SMIME_NETTLE_HASH_DIGEST(hash, ctx, dst) \
	((hash)->digest((ctx), (dst)))
#else
#define SMIME_NETTLE_HASH_DIGEST(hash, ctx, dst) \
	((hash)->digest((ctx), (hash)->digest_size, (dst)))
#endif

/* The head of a function that can serve as struct nettle_hash's digest
 * member; its body always writes the full digest size. */
#if defined(NETTLE_VERSION_MAJOR) && NETTLE_VERSION_MAJOR >= 4
#define SMIME_NETTLE_DIGEST_FUNC(name, ctx, dst) \
	void name(void *ctx, uint8_t *dst)
#else
#define SMIME_NETTLE_DIGEST_FUNC(name, ctx, dst) \
	void name(void *ctx, size_t smime_length_unused_ __attribute__((unused)), \
		  uint8_t *dst)
#endif

#endif
