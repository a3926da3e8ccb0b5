/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Random bytes from GnuTLS's generator (the only GnuTLS use in this layer).
 * GNUTLS_RND_KEY is the level meant for long-term secrets; content
 * encryption keys, IVs, PKCS#1 padding and RSA blinding all draw from it.
 */
#include "crypto/crypto.h"

#include <stdlib.h>

#include <gnutls/crypto.h>

int smime_crypto__random(void *out, size_t len)
{
	if (len == 0)
		return SMIME_OK;
	if (out == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (gnutls_rnd(GNUTLS_RND_KEY, out, len) < 0) {
		smime_wipe(out, len);
		return SMIME_E_CRYPTO;
	}
	return SMIME_OK;
}

void smime_crypto__random_cb(void *ctx, size_t len, uint8_t *dst)
{
	(void)ctx;
	if (len == 0)
		return;
	/* Nettle's random callback cannot fail; continuing with predictable
	 * bytes would silently break blinding and padding. */
	if (gnutls_rnd(GNUTLS_RND_KEY, dst, len) < 0)
		abort();
}
