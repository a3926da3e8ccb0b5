/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The one OID table of libsmime: dotted form, identifier, readable name and,
 * for algorithms, the crypto-layer descriptor it maps to. No OID string
 * literal appears anywhere else in the code.
 */
#ifndef SMIME_CMS_OID_H
#define SMIME_CMS_OID_H

#include "cert/cert.h"
#include "crypto/crypto.h"

typedef enum {
	SMIME_OID_UNKNOWN = 0,
	/* content types (RFC 5652 §14, RFC 5083, RFC 3274) */
	SMIME_OID_DATA,
	SMIME_OID_SIGNED_DATA,
	SMIME_OID_ENVELOPED_DATA,
	SMIME_OID_DIGESTED_DATA,
	SMIME_OID_ENCRYPTED_DATA,
	SMIME_OID_AUTH_DATA,
	SMIME_OID_AUTH_ENVELOPED_DATA,
	SMIME_OID_COMPRESSED_DATA,
	/* attributes (RFC 5652 §11, RFC 8551, RFC 5035, RFC 6211) */
	SMIME_OID_ATTR_CONTENT_TYPE,
	SMIME_OID_ATTR_MESSAGE_DIGEST,
	SMIME_OID_ATTR_SIGNING_TIME,
	SMIME_OID_ATTR_COUNTERSIGNATURE,
	SMIME_OID_ATTR_SMIME_CAPABILITIES,
	SMIME_OID_ATTR_ENC_KEY_PREF,
	SMIME_OID_ATTR_MS_ENC_KEY_PREF,
	SMIME_OID_ATTR_SIGNING_CERT,
	SMIME_OID_ATTR_SIGNING_CERT_V2,
	SMIME_OID_ATTR_CMS_ALG_PROTECTION,
	SMIME_OID_ATTR_CONTENT_HINTS,
	SMIME_OID_ATTR_RECEIPT_REQUEST,
	/* digests */
	SMIME_OID_MD5,
	SMIME_OID_SHA1,
	SMIME_OID_SHA224,
	SMIME_OID_SHA256,
	SMIME_OID_SHA384,
	SMIME_OID_SHA512,
	SMIME_OID_SHA3_256,
	SMIME_OID_SHA3_384,
	SMIME_OID_SHA3_512,
	SMIME_OID_SHAKE256,
	SMIME_OID_SHAKE256_LEN,
	/* signature and key-transport algorithms */
	SMIME_OID_RSA_ENCRYPTION,
	SMIME_OID_MD5_WITH_RSA,
	SMIME_OID_SHA1_WITH_RSA,
	SMIME_OID_SHA224_WITH_RSA,
	SMIME_OID_SHA256_WITH_RSA,
	SMIME_OID_SHA384_WITH_RSA,
	SMIME_OID_SHA512_WITH_RSA,
	SMIME_OID_RSASSA_PSS,
	SMIME_OID_RSAES_OAEP,
	SMIME_OID_MGF1,
	SMIME_OID_P_SPECIFIED,
	SMIME_OID_DSA,
	SMIME_OID_DSA_WITH_SHA1,
	SMIME_OID_DSA_WITH_SHA256,
	SMIME_OID_EC_PUBLIC_KEY,
	SMIME_OID_ECDSA_WITH_SHA1,
	SMIME_OID_ECDSA_WITH_SHA224,
	SMIME_OID_ECDSA_WITH_SHA256,
	SMIME_OID_ECDSA_WITH_SHA384,
	SMIME_OID_ECDSA_WITH_SHA512,
	SMIME_OID_ECDSA_WITH_SHA3_256,
	SMIME_OID_ECDSA_WITH_SHA3_384,
	SMIME_OID_ECDSA_WITH_SHA3_512,
	SMIME_OID_RSA_WITH_SHA3_256,
	SMIME_OID_RSA_WITH_SHA3_384,
	SMIME_OID_RSA_WITH_SHA3_512,
	SMIME_OID_ED25519,
	SMIME_OID_ED448,
	SMIME_OID_X25519,
	SMIME_OID_X448,
	/* key agreement (RFC 5753, RFC 8418) */
	SMIME_OID_DH_SHA1_KDF,
	SMIME_OID_DH_SHA224_KDF,
	SMIME_OID_DH_SHA256_KDF,
	SMIME_OID_DH_SHA384_KDF,
	SMIME_OID_DH_SHA512_KDF,
	SMIME_OID_DH_COFACTOR_SHA1_KDF,
	SMIME_OID_DH_COFACTOR_SHA224_KDF,
	SMIME_OID_DH_COFACTOR_SHA256_KDF,
	SMIME_OID_DH_COFACTOR_SHA384_KDF,
	SMIME_OID_DH_COFACTOR_SHA512_KDF,
	SMIME_OID_DH_HKDF_SHA256,
	SMIME_OID_DH_HKDF_SHA384,
	SMIME_OID_DH_HKDF_SHA512,
	SMIME_OID_ESDH,
	/* content encryption and key wrap */
	SMIME_OID_DES_EDE3_CBC,
	SMIME_OID_RC2_CBC,
	SMIME_OID_AES128_CBC,
	SMIME_OID_AES192_CBC,
	SMIME_OID_AES256_CBC,
	SMIME_OID_AES128_GCM,
	SMIME_OID_AES192_GCM,
	SMIME_OID_AES256_GCM,
	SMIME_OID_AES128_CCM,
	SMIME_OID_AES192_CCM,
	SMIME_OID_AES256_CCM,
	SMIME_OID_CHACHA20_POLY1305,
	SMIME_OID_AES128_WRAP,
	SMIME_OID_AES192_WRAP,
	SMIME_OID_AES256_WRAP,
	SMIME_OID_AES128_WRAP_PAD,
	SMIME_OID_AES192_WRAP_PAD,
	SMIME_OID_AES256_WRAP_PAD,
	SMIME_OID_3DES_WRAP,
	SMIME_OID_PWRI_KEK,
	SMIME_OID_PBKDF2,
	SMIME_OID_HMAC_SHA1,
	SMIME_OID_HMAC_SHA224,
	SMIME_OID_HMAC_SHA256,
	SMIME_OID_HMAC_SHA384,
	SMIME_OID_HMAC_SHA512,
	SMIME_OID_ZLIB,
	SMIME_OID_COUNT
} smime_oid_id;

typedef enum {
	SMIME_OID_KIND_OTHER,
	SMIME_OID_KIND_CONTENT_TYPE,
	SMIME_OID_KIND_ATTRIBUTE,
	SMIME_OID_KIND_DIGEST,
	SMIME_OID_KIND_SIGNATURE,    /* signature or public-key algorithm */
	SMIME_OID_KIND_CIPHER,       /* content encryption */
	SMIME_OID_KIND_KEY_WRAP,
	SMIME_OID_KIND_KEY_AGREEMENT,
} smime_oid_kind;

typedef struct smime_oid_entry {
	smime_oid_id id;
	const char *dotted;
	const char *name;          /* readable, as OpenSSL and the RFCs spell it */
	smime_oid_kind kind;
	/* algorithm descriptors; -1 when not applicable */
	int digest;                /* smime_digest_id of a digest or of the hash in a signature OID */
	int cipher;                /* smime_cipher_id */
	smime_pk_type pk;          /* public-key type of a signature OID */
} smime_oid_entry;

const smime_oid_entry *smime_oid__get(smime_oid_id id);
/* NULL when unknown */
const smime_oid_entry *smime_oid__find(const char *dotted);
smime_oid_id smime_oid__lookup(const char *dotted); /* SMIME_OID_UNKNOWN */
const char *smime_oid__dotted(smime_oid_id id);
/* The readable name, or the dotted form when unknown. */
const char *smime_oid__name(const char *dotted);
/* The OID of a digest descriptor */
smime_oid_id smime_oid__for_digest(smime_digest_id d);
smime_oid_id smime_oid__for_cipher(smime_cipher_id c);

#endif
