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
	SMIME_DIGEST_SHA3_256,      /* FIPS 202; RFC 8702 */
	SMIME_DIGEST_SHA3_384,
	SMIME_DIGEST_SHA3_512,
	SMIME_DIGEST_SHAKE256_512,  /* SHAKE256 with 64 bytes of output (RFC 8419 Ed448) */
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
/* The same, and *valid is 1 when out holds the decrypted message, 0 when
 * it holds random bytes; computed without branches, for a caller that
 * selects among several candidates in constant time (several recipients
 * that a key may belong to). Never branch on *valid. */
int smime_crypto__rsa_pkcs1_decrypt_ct(const smime_rsa_key *key, const uint8_t *ct,
				       size_t ct_len, uint8_t *out, size_t out_len,
				       unsigned *valid);

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
	SMIME_CIPHER_ID_DES_EDE3_CBC, /* legacy, decrypt only (RFC 3370 §5.1) */
	SMIME_CIPHER_ID_RC2_CBC,      /* legacy, decrypt only (RFC 3370 §5.2) */
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

/* SMIME_E_INVALID_ARGUMENT when key_len or iv_len do not fit the cipher
 * (RC2 takes keys of 1 to 128 bytes; key_size is the usual 16);
 * SMIME_E_UNSUPPORTED to encrypt with 3DES or RC2 (decrypt only). */
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


/* For RC2 the effective key bits come from the RC2CBCParameter (RFC 3370
 * §5.2); smime_crypto__cbc_init uses key_len * 8 unless this is called
 * before it on the same context (bits 1..1024, else init fails with
 * SMIME_E_INVALID_ARGUMENT; the request is used by one init). For RC2,
 * init reads the context for the request, so zero a fresh context first
 * when this is not called. */
void smime_crypto__cbc_set_rc2_effective_bits(smime_cbc_ctx *ctx, unsigned bits);

/* ======================================================================
 * Issue 4 primitives: key transport, key agreement, key wrap, KDFs, AEAD.
 * ====================================================================== */

/* --- RSAES-OAEP (crypto/rsa-oaep.c, RFC 8017 §7.1), on Nettle's raw RSA
 * and pss_mgf1. hash: the OAEP hash; mgf_hash: the MGF1 hash; label may be
 * NULL with label_len 0. */
int smime_crypto__rsa_oaep_encrypt(const smime_rsa_key *key, const smime_digest_desc *hash,
				   const smime_digest_desc *mgf_hash, const uint8_t *label,
				   size_t label_len, const uint8_t *msg, size_t msg_len,
				   uint8_t *out, size_t *out_len);
/* Decryption with implicit rejection, like the PKCS#1 v1.5 one: always
 * writes out_len bytes (the message when it decodes to exactly out_len
 * bytes, random bytes otherwise), in time independent of the padding
 * (RFC 8017 §7.1.2 note: no distinguishable errors). */
int smime_crypto__rsa_oaep_decrypt_implicit(const smime_rsa_key *key,
					    const smime_digest_desc *hash,
					    const smime_digest_desc *mgf_hash,
					    const uint8_t *label, size_t label_len,
					    const uint8_t *ct, size_t ct_len,
					    uint8_t *out, size_t out_len);
/* The same with the validity bit (see smime_crypto__rsa_pkcs1_decrypt_ct). */
int smime_crypto__rsa_oaep_decrypt_ct(const smime_rsa_key *key, const smime_digest_desc *hash,
				      const smime_digest_desc *mgf_hash, const uint8_t *label,
				      size_t label_len, const uint8_t *ct, size_t ct_len,
				      uint8_t *out, size_t out_len, unsigned *valid);

/* --- key wrap (crypto/keywrap.c) ---------------------------------------
 * AES key wrap (RFC 3394; kek 16/24/32 bytes; in_len multiple of 8, >= 16;
 * out holds in_len + 8), AES key wrap with padding (RFC 5649; out holds
 * round_up(in_len, 8) + 8, *out_len set), and the Triple-DES key wrap of
 * RFC 3217 (kek 24 bytes; unwrap only needed by CMS, wrap kept for tests).
 * Unwrap returns SMIME_E_DECRYPT when the integrity check fails (the output
 * is then wiped) and writes *out_len. */
int smime_crypto__aes_wrap(const uint8_t *kek, size_t kek_len, const uint8_t *in,
			   size_t in_len, uint8_t *out);
int smime_crypto__aes_unwrap(const uint8_t *kek, size_t kek_len, const uint8_t *in,
			     size_t in_len, uint8_t *out, size_t *out_len);
int smime_crypto__aes_wrap_pad(const uint8_t *kek, size_t kek_len, const uint8_t *in,
			       size_t in_len, uint8_t *out, size_t *out_len);
int smime_crypto__aes_unwrap_pad(const uint8_t *kek, size_t kek_len, const uint8_t *in,
				 size_t in_len, uint8_t *out, size_t *out_len);
int smime_crypto__des3_wrap(const uint8_t *kek, const uint8_t *in, size_t in_len,
			    uint8_t *out, size_t *out_len);
int smime_crypto__des3_unwrap(const uint8_t *kek, const uint8_t *in, size_t in_len,
			      uint8_t *out, size_t *out_len);
/* PWRI-KEK (RFC 3211 §2.3): wrap/unwrap a CEK with a KEK and a block
 * cipher in CBC mode (the KEK encryption algorithm, AES-CBC or 3DES-CBC,
 * with its IV). Unwrap checks the length byte and the check value
 * (SMIME_E_DECRYPT). */
int smime_crypto__pwri_wrap(const smime_cipher_desc *c, const uint8_t *kek,
			    const uint8_t *iv, const uint8_t *cek, size_t cek_len,
			    smime_buf *out);
int smime_crypto__pwri_unwrap(const smime_cipher_desc *c, const uint8_t *kek,
			      const uint8_t *iv, const uint8_t *in, size_t in_len,
			      smime_buf *cek);

/* --- KDFs and MACs (crypto/kdf.c, crypto/hmac.c) ------------------------ */
/* ANSI X9.63 KDF as RFC 5753 §3.6.1 uses it (counter from 1, big endian). */
int smime_crypto__x963_kdf(const smime_digest_desc *h, const uint8_t *z, size_t z_len,
			   const uint8_t *shared_info, size_t si_len, uint8_t *out,
			   size_t out_len);
/* HKDF (RFC 5869): extract with salt (may be NULL/0), then expand with info. */
int smime_crypto__hkdf(const smime_digest_desc *h, const uint8_t *salt, size_t salt_len,
		       const uint8_t *ikm, size_t ikm_len, const uint8_t *info,
		       size_t info_len, uint8_t *out, size_t out_len);
/* PBKDF2 with HMAC-h (RFC 8018 §5.2). iterations >= 1. */
int smime_crypto__pbkdf2(const smime_digest_desc *h, const uint8_t *password,
			 size_t password_len, const uint8_t *salt, size_t salt_len,
			 unsigned iterations, uint8_t *out, size_t out_len);
/* HMAC (RFC 2104), streaming, caller-owned context. */
typedef struct smime_hmac_ctx {
	const smime_digest_desc *desc;
	union {
		uint64_t align;
		unsigned char bytes[1024];
	} state;
} smime_hmac_ctx;
int smime_crypto__hmac_init(smime_hmac_ctx *ctx, const smime_digest_desc *h,
			    const uint8_t *key, size_t key_len);
void smime_crypto__hmac_update(smime_hmac_ctx *ctx, const void *data, size_t len);
/* Writes digest_size bytes and wipes the context. */
void smime_crypto__hmac_final(smime_hmac_ctx *ctx, uint8_t *out);

/* --- ECDH (crypto/ecdh.c): P-256/384/521 (RFC 5753), X25519/X448
 * (RFC 8418) ------------------------------------------------------------ */
typedef enum {
	SMIME_CURVE_P256,
	SMIME_CURVE_P384,
	SMIME_CURVE_P521,
	SMIME_CURVE_X25519,
	SMIME_CURVE_X448,
	SMIME_CURVE_COUNT
} smime_curve;

/* Size of the shared secret Z (the x-coordinate / u-coordinate). */
size_t smime_crypto__curve_secret_size(smime_curve c);
/* New ephemeral key pair. NIST curves: pub is the uncompressed point
 * 04||X||Y, priv the big-endian scalar of the field size. X25519/X448: raw
 * little-endian u-coordinate and scalar (RFC 7748). */
int smime_crypto__ecdh_keygen(smime_curve c, smime_buf *priv, smime_buf *pub);
/* Z = priv * peer_pub. The peer point is validated (on the curve, not the
 * identity; for X25519/X448 an all-zero result is refused): SMIME_E_KEY.
 * Z is written to z (secret: release with smime_buf_free_secret). */
int smime_crypto__ecdh_shared(smime_curve c, const uint8_t *priv, size_t priv_len,
			      const uint8_t *peer_pub, size_t pub_len, smime_buf *z);

/* --- AEAD (crypto/aead.c): AES-GCM (RFC 5084), AES-CCM (RFC 5084),
 * ChaCha20-Poly1305 (RFC 8103) --------------------------------------- */
typedef enum {
	SMIME_AEAD_AES128_GCM,
	SMIME_AEAD_AES192_GCM,
	SMIME_AEAD_AES256_GCM,
	SMIME_AEAD_AES128_CCM,
	SMIME_AEAD_AES192_CCM,
	SMIME_AEAD_AES256_CCM,
	SMIME_AEAD_CHACHA20_POLY1305,
	SMIME_AEAD_COUNT
} smime_aead_id;

typedef struct smime_aead_desc {
	smime_aead_id id;
	const char *name;        /* "aes-128-gcm", "chacha20-poly1305" */
	size_t key_size;
	size_t default_nonce_size; /* 12 for GCM and ChaCha20-Poly1305, 12 for CCM as libsmime writes it */
	size_t min_tag, max_tag; /* allowed ICV lengths: GCM 12-16, CCM 4-16 even, ChaCha 16 */
} smime_aead_desc;

const smime_aead_desc *smime_crypto__aead_get(smime_aead_id id);
const smime_aead_desc *smime_crypto__aead_by_name(const char *name);
/* Whole-buffer AEAD. out holds len bytes. Nonce length: GCM any >= 1
 * (12 recommended), CCM 7..13, ChaCha20-Poly1305 12. Tag length checked
 * against the descriptor. Decrypt verifies the tag before anything else
 * leaves: on a bad tag out is wiped and SMIME_E_DECRYPT returned.
 * Lengths outside those limits give SMIME_E_INVALID_ARGUMENT (decrypt
 * wipes out then too), a message too long for the mode SMIME_E_LIMIT. in
 * and out may be the same buffer. */
int smime_crypto__aead_encrypt(const smime_aead_desc *a, const uint8_t *key, size_t key_len,
			       const uint8_t *nonce, size_t nonce_len, const uint8_t *aad,
			       size_t aad_len, const uint8_t *in, size_t len, uint8_t *out,
			       uint8_t *tag, size_t tag_len);
int smime_crypto__aead_decrypt(const smime_aead_desc *a, const uint8_t *key, size_t key_len,
			       const uint8_t *nonce, size_t nonce_len, const uint8_t *aad,
			       size_t aad_len, const uint8_t *in, size_t len, const uint8_t *tag,
			       size_t tag_len, uint8_t *out);

/* ======================================================================
 * Issue 3 primitives: signatures beyond RSA PKCS#1 v1.5 (crypto/sig-*.c)
 * ====================================================================== */

/* SHA3-256/384/512 (RFC 8702) and SHAKE256 with 64-byte output (RFC 8419
 * Ed448) are further smime_digest_id values appended after SHA512 by the
 * crypto layer: SMIME_DIGEST_SHA3_256, _SHA3_384, _SHA3_512, _SHAKE256_512. */

/* RSASSA-PSS (RFC 8017 §8.1, RFC 4056) over a precomputed digest with MGF1
 * hash mgf_hash and salt_len bytes of salt. Verify accepts any salt length
 * given; SMIME_E_BAD_SIGNATURE on mismatch. */
int smime_crypto__rsa_pss_sign(const smime_rsa_key *key, const smime_digest_desc *hash,
			       const smime_digest_desc *mgf_hash, size_t salt_len,
			       const uint8_t *digest, uint8_t *sig, size_t *sig_len);
int smime_crypto__rsa_pss_verify(const smime_rsa_key *key, const smime_digest_desc *hash,
				 const smime_digest_desc *mgf_hash, size_t salt_len,
				 const uint8_t *digest, const uint8_t *sig, size_t sig_len);

/* ECDSA on P-256/384/521 (FIPS 186-4; RFC 5753 §2.1) over a digest of any
 * size. Keys: NIST curve public point 04||X||Y, private scalar big-endian.
 * Signatures are DER Ecdsa-Sig-Value here: the crypto layer writes and
 * reads the two INTEGERs itself (a tiny fixed encoder, no libtasn1). */
int smime_crypto__ecdsa_sign(smime_curve c, const uint8_t *priv, size_t priv_len,
			     const uint8_t *digest, size_t digest_len, smime_buf *sig_der);
int smime_crypto__ecdsa_verify(smime_curve c, const uint8_t *pub, size_t pub_len,
			       const uint8_t *digest, size_t digest_len,
			       const uint8_t *sig_der, size_t sig_len);

/* EdDSA (RFC 8032; RFC 8419): Ed25519 over the message bytes (32-byte keys,
 * 64-byte signature), Ed448 (57-byte keys, 114-byte signature). */
typedef enum { SMIME_EDDSA_ED25519, SMIME_EDDSA_ED448 } smime_eddsa;
int smime_crypto__eddsa_sign(smime_eddsa v, const uint8_t *priv, size_t priv_len,
			     const uint8_t *msg, size_t msg_len, smime_buf *sig);
int smime_crypto__eddsa_verify(smime_eddsa v, const uint8_t *pub, size_t pub_len,
			       const uint8_t *msg, size_t msg_len, const uint8_t *sig,
			       size_t sig_len);

#endif
