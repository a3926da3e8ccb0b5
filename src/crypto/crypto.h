/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * crypto: the only layer that includes Nettle (and, for random bytes only,
 * <gnutls/crypto.h>). Caller-owned contexts, explicit lengths, no hidden
 * allocation except for RSA keys. Nothing here knows about ASN.1 or OIDs
 * beyond the fixed DigestInfo prefixes of PKCS#1 v1.5.
 *
 * Every function returns SMIME_OK (0) or a negative smime_error.
 */
#ifndef SMIME_CRYPTO_H
#define SMIME_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/util.h"

/* --- digests (crypto/digest.c) ---------------------------------------- */
typedef enum {
	SMIME_DIGEST_SHA1,
	SMIME_DIGEST_SHA224,
	SMIME_DIGEST_SHA256,
	SMIME_DIGEST_SHA384,
	SMIME_DIGEST_SHA512,
	SMIME_DIGEST_COUNT
} smime_digest_id;

#define SMIME_DIGEST_MAX_SIZE 64

typedef struct smime_digest_desc {
	smime_digest_id id;
	const char *name;         /* "sha256" */
	const char *micalg;       /* RFC 8551 §3.5.3.1 name: "sha-256" */
	size_t digest_size;
	bool weak;                /* SHA-1: verify legacy signatures only */
	const void *nettle;       /* const struct nettle_hash * */
	/* DER DigestInfo prefix (RFC 8017 §9.2 note 1) preceding the digest */
	const uint8_t *digest_info_prefix;
	size_t digest_info_prefix_len;
} smime_digest_desc;

typedef struct smime_digest_ctx {
	const smime_digest_desc *desc;
	union {
		uint64_t align;
		unsigned char bytes[512];
	} state;
} smime_digest_ctx;

const smime_digest_desc *smime_crypto__digest_get(smime_digest_id id);
/* Accepts the short name ("sha256") or the micalg name ("sha-256"),
 * case-insensitively; NULL if unknown. */
const smime_digest_desc *smime_crypto__digest_by_name(const char *name);
void smime_crypto__digest_init(smime_digest_ctx *ctx, const smime_digest_desc *d);
void smime_crypto__digest_update(smime_digest_ctx *ctx, const void *data, size_t len);
/* Writes desc->digest_size bytes and wipes the context. */
void smime_crypto__digest_final(smime_digest_ctx *ctx, uint8_t *out);
void smime_crypto__digest(const smime_digest_desc *d, const void *data,
			  size_t len, uint8_t *out);

/* --- random (crypto/random.c) ----------------------------------------- */
/* Cryptographically strong random bytes (gnutls_rnd, GNUTLS_RND_KEY). */
int smime_crypto__random(void *out, size_t len);
/* The same source with the signature of Nettle's nettle_random_func, for
 * the *_tr functions (RSA blinding and padding). ctx is unused. There is no
 * way to report a failure through that signature, so it calls abort() if
 * the generator fails (GnuTLS then is in an unusable state anyway). */
void smime_crypto__random_cb(void *ctx, size_t len, uint8_t *dst);

/* --- RSA (crypto/rsa.c) ------------------------------------------------ */
typedef struct smime_rsa_key smime_rsa_key; /* opaque; owns Nettle keys */

/* Big-endian unsigned integers, as GnuTLS exports them (a leading zero byte
 * is allowed). */
typedef struct smime_rsa_params {
	const uint8_t *n, *e, *d, *p, *q, *dp, *dq, *qinv;
	size_t n_len, e_len, d_len, p_len, q_len, dp_len, dq_len, qinv_len;
} smime_rsa_params;

/* Public key from n and e: SMIME_E_KEY if invalid. */
int smime_crypto__rsa_public_new(smime_rsa_key **out, const smime_rsa_params *p);
/* Private key from all CRT parameters (n, e, d, p, q, dp, dq, qinv). */
int smime_crypto__rsa_private_new(smime_rsa_key **out, const smime_rsa_params *p);
void smime_crypto__rsa_key_free(smime_rsa_key *key); /* wipes; NULL ok */
size_t smime_crypto__rsa_bits(const smime_rsa_key *key);
size_t smime_crypto__rsa_size(const smime_rsa_key *key); /* modulus bytes */
bool smime_crypto__rsa_has_private(const smime_rsa_key *key);
/* 1 if both keys have the same modulus and exponent */
bool smime_crypto__rsa_same_public(const smime_rsa_key *a, const smime_rsa_key *b);

/* RSASSA-PKCS1-v1_5 over a precomputed digest. sig must hold
 * smime_crypto__rsa_size() bytes; *sig_len receives that size. */
int smime_crypto__rsa_pkcs1_sign(const smime_rsa_key *key,
				 const smime_digest_desc *d, const uint8_t *digest,
				 uint8_t *sig, size_t *sig_len);
/* SMIME_OK or SMIME_E_BAD_SIGNATURE (also for a signature of wrong length).
 */
int smime_crypto__rsa_pkcs1_verify(const smime_rsa_key *key,
				   const smime_digest_desc *d, const uint8_t *digest,
				   const uint8_t *sig, size_t sig_len);
/* RSAES-PKCS1-v1_5 encryption; out holds smime_crypto__rsa_size() bytes. */
int smime_crypto__rsa_pkcs1_encrypt(const smime_rsa_key *key, const uint8_t *msg,
				    size_t msg_len, uint8_t *out, size_t *out_len);
/* RSAES-PKCS1-v1_5 decryption with implicit rejection: always writes
 * out_len bytes to out, either the decrypted message when it is well formed
 * and exactly out_len bytes long, or random bytes otherwise. No error is
 * returned for bad padding or a wrong key: the caller fails later, when the
 * content does not decrypt. Runs in time independent of the padding.
 * Returns an error only for API misuse (no private key). */
int smime_crypto__rsa_pkcs1_decrypt_implicit(const smime_rsa_key *key,
					     const uint8_t *ct, size_t ct_len,
					     uint8_t *out, size_t out_len);

/* --- DSA (crypto/dsa.c): verification of legacy signatures only ------ */
typedef struct smime_dsa_public {
	smime_buf p, q, g, y;   /* big-endian unsigned */
} smime_dsa_public;

void smime_crypto__dsa_public_clear(smime_dsa_public *k);
/* SMIME_OK or SMIME_E_BAD_SIGNATURE; r and s are the INTEGER values of the
 * Dss-Sig-Value. */
int smime_crypto__dsa_verify(const smime_dsa_public *k, const uint8_t *digest,
			     size_t digest_len, const uint8_t *r, size_t r_len,
			     const uint8_t *s, size_t s_len);

/* --- block ciphers (crypto/cipher.c) ---------------------------------- */
typedef enum {
	SMIME_CIPHER_ID_AES128_CBC,
	SMIME_CIPHER_ID_AES192_CBC,
	SMIME_CIPHER_ID_AES256_CBC,
	SMIME_CIPHER_ID_COUNT
} smime_cipher_id;

typedef struct smime_cipher_desc {
	smime_cipher_id id;
	const char *name;   /* "aes-128-cbc" */
	size_t key_size;
	size_t block_size;
	size_t iv_size;
} smime_cipher_desc;

const smime_cipher_desc *smime_crypto__cipher_get(smime_cipher_id id);
const smime_cipher_desc *smime_crypto__cipher_by_name(const char *name);

/* Streaming CBC with PKCS#7 padding (RFC 5652 §6.3). */
typedef struct smime_cbc_ctx {
	const smime_cipher_desc *desc;
	bool encrypt;
	uint8_t iv[16];
	uint8_t pending[16];  /* buffered partial block (decrypt keeps the last full block) */
	size_t pending_len;
	union {
		uint64_t align;
		unsigned char bytes[512];
	} key;
} smime_cbc_ctx;

/* SMIME_E_INVALID_ARGUMENT when key_len or iv_len do not fit the cipher. */
int smime_crypto__cbc_init(smime_cbc_ctx *ctx, const smime_cipher_desc *d,
			   bool encrypt, const uint8_t *key, size_t key_len,
			   const uint8_t *iv, size_t iv_len);
/* Processes in; writes at most in_len + block_size bytes to out, *out_len
 * receives the count. Decryption holds back the last block until final. */
int smime_crypto__cbc_update(smime_cbc_ctx *ctx, const uint8_t *in, size_t in_len,
			     uint8_t *out, size_t *out_len);
/* Encrypt: writes the padded final block (block_size bytes). Decrypt:
 * checks and strips the padding of the held-back block, writes the rest;
 * SMIME_E_DECRYPT on bad padding or a partial block. Wipes the context. */
int smime_crypto__cbc_final(smime_cbc_ctx *ctx, uint8_t *out, size_t *out_len);
void smime_crypto__cbc_wipe(smime_cbc_ctx *ctx);

#endif
