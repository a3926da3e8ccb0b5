/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cert: the only layer that includes GnuTLS (apart from crypto/random.c).
 * It implements the public smime_cert_*, smime_certs_*, smime_key_* and
 * smime_trust_* functions and offers the internals below to cms/ and smime/.
 */
#ifndef SMIME_CERT_H
#define SMIME_CERT_H

#include <stdbool.h>
#include <time.h>

#include "crypto/crypto.h"
#include "util/util.h"

typedef enum {
	SMIME_PK_UNKNOWN = 0,
	SMIME_PK_RSA,
	SMIME_PK_RSA_PSS,
	SMIME_PK_EC,
	SMIME_PK_ED25519,
	SMIME_PK_ED448,
	SMIME_PK_X25519,
	SMIME_PK_X448,
	SMIME_PK_DSA,
} smime_pk_type;

/* Certificate from DER bytes (copied). */
int smime_cert__from_der(smime_cert **out, const uint8_t *der, size_t len);
/* The DER encoding of the certificate (borrowed). */
void smime_cert__der(const smime_cert *c, const uint8_t **der, size_t *len);
/* Raw DER of the issuer Name (the full SEQUENCE TLV), borrowed. */
void smime_cert__issuer_der(const smime_cert *c, const uint8_t **der, size_t *len);
/* The serial number as the content octets of its DER INTEGER (borrowed). */
void smime_cert__serial(const smime_cert *c, const uint8_t **serial, size_t *len);
/* SubjectKeyIdentifier extension value; SMIME_E_UNSUPPORTED if absent. */
int smime_cert__ski(const smime_cert *c, smime_buf *out);
/* 1 when issuer (full Name DER) and serial (INTEGER content octets; leading
 * zero bytes are ignored on both sides) identify c. */
bool smime_cert__matches_issuer_serial(const smime_cert *c, const uint8_t *issuer,
				       size_t issuer_len, const uint8_t *serial,
				       size_t serial_len);
bool smime_cert__matches_ski(const smime_cert *c, const uint8_t *ski, size_t len);
smime_pk_type smime_cert__pk_type(const smime_cert *c);
/* Public key bits (modulus size for RSA). */
unsigned smime_cert__pk_bits(const smime_cert *c);
/* New RSA public key (caller frees); SMIME_E_UNSUPPORTED if not RSA. */
int smime_cert__rsa_public(const smime_cert *c, smime_rsa_key **out);
/* Finds a certificate in a list (NULL-safe) by issuer/serial or SKI. */
const smime_cert *smime_certs__find_issuer_serial(const smime_certs *l,
						  const uint8_t *issuer, size_t ilen,
						  const uint8_t *serial, size_t slen);
const smime_cert *smime_certs__find_ski(const smime_certs *l,
					const uint8_t *ski, size_t len);

smime_pk_type smime_key__pk_type(const smime_key *k);
/* The RSA key of k (borrowed); SMIME_E_UNSUPPORTED if not RSA. */
int smime_key__rsa(const smime_key *k, const smime_rsa_key **out);
/* true if k is the private key of c's public key. */
bool smime_key__matches_cert(const smime_key *k, const smime_cert *c);

/* Chain validation (RFC 5280 §6.1, cert/path.c), for S/MIME use. */
typedef enum {
	SMIME_PURPOSE_SIGN,    /* KU digitalSignature or nonRepudiation */
	SMIME_PURPOSE_ENCRYPT, /* KU keyEncipherment (RSA) */
} smime_purpose;

/* Validates leaf up to an anchor in trust (NULL: the system store), using
 * intermediates from pool (NULL-safe), at time `when` (0: now), requiring
 * EKU emailProtection (or anyExtendedKeyUsage, or no EKU) and the key usage
 * of the purpose. Returns SMIME_OK or SMIME_E_CERT_INVALID with a short
 * English reason in *detail (static string: "untrusted", "expired", "not yet
 * valid", "revoked", "key usage", "extended key usage", "signature",
 * "constraints", ...). */
int smime_cert__validate(const smime_trust *trust, const smime_cert *leaf,
			 const smime_certs *pool, smime_purpose purpose,
			 time_t when, const char **detail);
/* The same; allow_legacy also accepts certificates signed with SHA-1 and
 * keys down to 80-bit security (RSA and DSA 1024) anywhere in the chain
 * (SMIME_VERIFY_ALLOW_LEGACY). Without it the chain must reach 112-bit
 * security (RSA 2048) and SHA-1 signatures give "insecure algorithm". */
int smime_cert__validate2(const smime_trust *trust, const smime_cert *leaf,
			  const smime_certs *pool, smime_purpose purpose,
			  time_t when, bool allow_legacy, const char **detail);

/* cert/dsa.c: the DSA public key of c; SMIME_E_UNSUPPORTED if not DSA. */
int smime_cert__dsa_public(const smime_cert *c, smime_dsa_public *out);

/* --- EC, X25519/X448 and EdDSA keys (cert/ec.c) ---------------------------
 * Public keys of certificates and private keys of smime_key, as raw bytes
 * for the crypto layer: NIST curves give the uncompressed point 04||X||Y and
 * the big-endian scalar (padded to the field size); X25519/X448/Ed25519/
 * Ed448 give the raw RFC 7748/8032 strings. SMIME_E_UNSUPPORTED for another
 * key type. Private outputs are secret (smime_buf_free_secret). */
int smime_cert__ec_public(const smime_cert *c, smime_curve *curve, smime_buf *pub);
int smime_key__ec_private(const smime_key *k, smime_curve *curve, smime_buf *priv,
			  smime_buf *pub);
int smime_cert__eddsa_public(const smime_cert *c, smime_eddsa *v, smime_buf *pub);
int smime_key__eddsa_private(const smime_key *k, smime_eddsa *v, smime_buf *priv,
			     smime_buf *pub);
/* A copy of the DER SubjectPublicKeyInfo of c, exactly as the certificate
 * carries it (caller frees out). */
int smime_cert__spki(const smime_cert *c, smime_buf *out);

/* cert/dn.c: an X.501 Name (DER) as an RFC 4514 string. */
int smime_cert__dn_string(smime_buf *out, const uint8_t *der, size_t len);

/* --- Validation with revocation and e-mail rules (cert/validate.c) ------ */
typedef struct smime_validation {
	const smime_trust *trust;   /* anchors and CRLs; NULL: the system store */
	const smime_certs *pool;    /* intermediates (NULL-safe) */
	const smime_buf *crls;      /* more CRLs (DER), e.g. SignedData.crls */
	size_t crl_count;
	smime_purpose purpose;
	time_t when;                /* 0: now */
	bool allow_legacy;          /* as smime_cert__validate2() */
	const char *email;          /* NULL, or an address leaf must carry */
	bool require_revocation;    /* SMIME_VERIFY_REQUIRE_REVOCATION */
} smime_validation;

/* smime_cert__validate2() plus revocation and the e-mail address: the
 * status of every certificate of the path is asked of the CRLs at hand
 * (trust store and v->crls) by RFC 5280 §6.3 (cert/crl.c; a CRL counts
 * when a certificate with a valid path to the same anchor signed it). A
 * revoked certificate gives "revoked"; an undetermined status gives
 * "revocation status unknown" when v->require_revocation is set or when a
 * CRL at hand names the certificate's issuer; otherwise no CRL for an
 * issuer is accepted (revocation is checked with what is given). A leaf
 * without v->email (smime_cert__has_email()) gives "no e-mail address
 * matches". MD5/MD2 certificate signatures are refused unless
 * v->allow_legacy ("insecure algorithm", reported after the other
 * reasons). */
int smime_cert__validate_ex(const smime_cert *leaf, const smime_validation *v,
			    const char **detail);

/* cert/email.c: true if c carries addr (RFC 8550 §3: subjectAltName
 * rfc822Name, the emailAddress attribute only when c has no SAN; local
 * part exact, domain without regard to ASCII case). */
bool smime_cert__has_email(const smime_cert *c, const char *addr);

/* cert/dsa.c: the DSA key of c; when c carries no parameters (RFC 3279
 * §2.3.2) they are inherited from its issuer, looked up (by name and key
 * identifier, recursively) in the pools and the trust anchors (each
 * NULL-safe). SMIME_E_UNSUPPORTED if not DSA or no issuer gives them. */
int smime_cert__dsa_public_inherit(const smime_cert *c, const smime_certs *pool1,
				   const smime_certs *pool2, const smime_trust *trust,
				   smime_dsa_public *out);
/* true if c has a DSA key without parameters. */
bool smime_cert__dsa_inherits(const smime_cert *c);

#endif
