/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * rsa-internal: the structure behind smime_rsa_key, shared by the files of
 * the crypto layer that need the raw RSA operation (rsa.c, rsa-oaep.c,
 * sig-pss.c). Nothing outside src/crypto/ includes this header.
 */
#ifndef SMIME_CRYPTO_RSA_INTERNAL_H
#define SMIME_CRYPTO_RSA_INTERNAL_H

#include <stdbool.h>

#include <nettle/rsa.h>

#include "crypto/crypto.h"

struct smime_rsa_key {
	struct rsa_public_key pub;
	struct rsa_private_key priv; /* valid only when has_private */
	bool has_private;
};

#endif
