/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Signature algorithms of SignerInfo (cms/signature-alg.c). */
#ifndef SMIME_CMS_SIGNATURE_ALG_H
#define SMIME_CMS_SIGNATURE_ALG_H

#include "cms/cms.h"

typedef enum {
	SMIME_SIG_RSA_V15,
	SMIME_SIG_RSA_PSS,
	SMIME_SIG_DSA,      /* verify only */
	SMIME_SIG_ECDSA,
	SMIME_SIG_EDDSA,
} smime_sig_scheme;

typedef struct smime_sig_params {
	smime_sig_scheme scheme;
	smime_oid_id sig_oid;                 /* signatureAlgorithm */
	smime_pk_type key;                    /* key type of the signer */
	const smime_digest_desc *digest;      /* digestAlgorithm */
	const smime_digest_desc *mgf_digest;  /* PSS */
	size_t salt_len;                      /* PSS */
	smime_eddsa eddsa;                    /* EdDSA */
} smime_sig_params;

/* Resolves digestAlgorithm and signatureAlgorithm (AlgorithmIdentifier
 * paths in node) into a consistent scheme; *detail on failure. */
int smime_cms__sig_resolve(smime_sig_params *p, asn1_node node, const char *digest_alg,
			   const char *sig_alg, const char **detail);
/* Verifies sig: tbs are the signed bytes (EdDSA signs them directly), hash
 * their digest (the other schemes). *weak is set for legacy algorithms and
 * key sizes; SMIME_E_BAD_SIGNATURE when the signature is wrong. */
/* Where a DSA key without parameters finds its issuer's (RFC 3279
 * §2.3.2); all NULL-safe. */
typedef struct smime_sig_issuers {
	const smime_certs *pool1, *pool2;
	const smime_trust *trust;
} smime_sig_issuers;

int smime_cms__sig_verify(const smime_sig_params *p, const smime_cert *cert,
			  const smime_sig_issuers *issuers, const uint8_t *tbs, size_t tbs_len,
			  const uint8_t *hash, const uint8_t *sig, size_t sig_len, bool *weak,
			  const char **detail);
/* The scheme libsmime signs with for key: RSA PKCS#1 v1.5 (or PSS when
 * pss), ECDSA, Ed25519/Ed448; digest NULL picks the one that fits the key.
 * SHA-1 is refused (SMIME_E_WEAK_ALGORITHM). */
int smime_cms__sig_choose(smime_sig_params *p, const smime_key *key,
			  const smime_digest_desc *digest, bool pss);
int smime_cms__sig_write_digest_alg(const smime_sig_params *p, asn1_node node, const char *path);
int smime_cms__sig_write_alg(const smime_sig_params *p, asn1_node node, const char *path);
int smime_cms__sig_sign(const smime_sig_params *p, const smime_key *key, const uint8_t *tbs,
			size_t tbs_len, const uint8_t *hash, smime_buf *sig);

#endif
