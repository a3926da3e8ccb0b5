/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cms: the CMS structures of RFC 5652, one file each. This layer works on
 * whole DER/BER buffers; the smime/ layer above adds formats and the public
 * streaming API.
 */
#ifndef SMIME_CMS_H
#define SMIME_CMS_H

#include "cert/cert.h"
#include "cms/oid.h"
#include "crypto/crypto.h"
#include "der/der.h"

/* --- ContentInfo (content-info.c) -------------------------------------- */
typedef struct smime_content_info {
	char content_type[SMIME_OID_MAX];
	smime_oid_id type;        /* SMIME_OID_UNKNOWN for others */
	smime_buf content;        /* the [0] EXPLICIT content, DER TLV */
} smime_content_info;

/* Normalises BER and decodes a ContentInfo. */
int smime_cms__content_info_decode(smime_content_info *ci, const uint8_t *in, size_t len);
void smime_cms__content_info_clear(smime_content_info *ci);
/* ContentInfo { type, content } (content is a DER TLV). */
int smime_cms__content_info_encode(smime_buf *out, smime_oid_id type,
				   const uint8_t *content, size_t len);

/* --- attributes (attributes.c) ----------------------------------------- */
/* Finds attribute `type` in the SET OF Attribute at set_path. *count gets the
 * number of Attribute elements with that type; *index (1-based, for
 * "?N" paths) the first one. */
int smime_cms__attr_find(asn1_node node, const char *set_path, smime_oid_id type,
			 unsigned *index, unsigned *count);
/* Adds an Attribute with one value (a DER TLV) to the SET OF at set_path. */
int smime_cms__attr_add(asn1_node node, const char *set_path, smime_oid_id type,
			const uint8_t *value, size_t len);
/* DER encodings of simple values. */
int smime_cms__der_oid(smime_buf *out, const char *dotted);
int smime_cms__der_octets(smime_buf *out, const uint8_t *data, size_t len);
int smime_cms__der_time(smime_buf *out, int64_t t);
/* Writes AlgorithmIdentifier { oid, parameters } at path; params is a DER
 * TLV or NULL for absent parameters. */
int smime_cms__write_alg(asn1_node node, const char *path, smime_oid_id oid,
			 const uint8_t *params, size_t params_len);
extern const uint8_t smime_cms__der_null[2];

/* The attributes an enveloping content type carries outside its content
 * (unprotectedAttrs, authAttrs, unauthAttrs), kept for the caller after a
 * successful decryption. value is the DER of the whole attrValues SET OF,
 * the bytes as received. The set numbers are those of the public
 * smime_attr_protection. */
#define SMIME_CMS_MAX_ATTRS 256
enum {
	SMIME_CMS_ATTRS_UNPROTECTED = 0,
	SMIME_CMS_ATTRS_AUTHENTICATED = 1,
	SMIME_CMS_ATTRS_UNAUTHENTICATED = 2,
};

typedef struct smime_attr {
	char oid[SMIME_OID_MAX];
	smime_buf value;          /* DER of the attrValues SET */
	int set;                  /* SMIME_CMS_ATTRS_* */
} smime_attr;

typedef struct smime_attr_list {
	smime_attr *items;
	size_t count;
} smime_attr_list;

/* Frees the items and empties the list; NULL-safe. */
void smime_cms__attr_list_free(smime_attr_list *list);
/* Moves src into dst (dst freed first); src becomes empty. */
void smime_cms__attr_list_move(smime_attr_list *dst, smime_attr_list *src);
/* SMIME_E_LIMIT when the SET OF Attribute at the n paths of node hold more
 * than SMIME_CMS_MAX_ATTRS attributes together (absent sets count 0). */
int smime_cms__attr_limit(asn1_node node, const char *const *set_paths, size_t n);
/* Appends every Attribute of the SET OF at set_path (absent: none) of
 * node, decoded from der, with the given set number. On error the list
 * keeps what it had before the call. */
int smime_cms__attr_list_collect(smime_attr_list *list, asn1_node node, const uint8_t *der,
				 size_t len, const char *set_path, int set);

/* SMIMEEncryptionKeyPreference (RFC 8551 §2.5.3): which certificate
 * correspondents should encrypt to. Microsoft's attribute
 * (1.3.6.1.4.1.311.16.4) carries a plain IssuerAndSerialNumber; libsmime
 * reads it and never writes it. */
typedef enum {
	SMIME_ENC_PREF_ISSUER_SERIAL = 0, /* [0] IssuerAndSerialNumber */
	SMIME_ENC_PREF_RECIPIENT_KEY_ID,  /* [1] RecipientKeyIdentifier */
	SMIME_ENC_PREF_SUBJECT_KEY_ID,    /* [2] SubjectKeyIdentifier */
} smime_enc_pref_kind;

typedef struct smime_enc_pref {
	smime_enc_pref_kind kind;
	smime_buf issuer;         /* ISSUER_SERIAL: the DER of the Name */
	smime_buf serial;         /* ISSUER_SERIAL: the INTEGER's content octets */
	smime_buf key_id;         /* RECIPIENT_KEY_ID, SUBJECT_KEY_ID */
} smime_enc_pref;

/* The DER of the attribute value naming cert: subjectAltKeyIdentifier
 * when use_ski and cert has a SubjectKeyIdentifier, issuerAndSerialNumber
 * otherwise. */
int smime_cms__enc_pref_value(smime_buf *out, const smime_cert *cert, bool use_ski);
/* Decodes one attribute value (a DER TLV); microsoft: Microsoft's form.
 * SMIME_E_MALFORMED when it does not decode; *p is empty on error. */
int smime_cms__enc_pref_decode(smime_enc_pref *p, const uint8_t *value, size_t len,
			       bool microsoft);
void smime_cms__enc_pref_clear(smime_enc_pref *p);
/* The certificate of l (NULL-safe) that p names, or NULL. */
const smime_cert *smime_cms__enc_pref_find(const smime_enc_pref *p, const smime_certs *l);

/* --- SignedData (signed-data.c, signer-info.c) ------------------------- */

/* PKCS #7 leniency (signer-info.c): what was accepted on input although
 * RFC 5652 forbids it. libsmime never writes these forms. */
enum {
	/* signedAttrs [0] { SET OF Attribute } instead of [0] IMPLICIT */
	SMIME_CMS_LENIENT_EXPLICIT_SIGNED = 1u << 0,
	/* unsignedAttrs [1] { SET OF Attribute } instead of [1] IMPLICIT */
	SMIME_CMS_LENIENT_EXPLICIT_UNSIGNED = 1u << 1,
	/* SignerInfos as a SEQUENCE OF */
	SMIME_CMS_LENIENT_SEQUENCE = 1u << 2,
};
/* A static note describing the leniencies in flags, "" for none. */
const char *smime_cms__lenient_note(unsigned flags);
/* Rewrites a SignerInfos TLV (SET or SEQUENCE OF SignerInfo, definite
 * lengths) into the strict form: SignerInfos become a SET OF, and an
 * explicitly tagged signedAttrs [0] or unsignedAttrs [1] holding exactly
 * one SET (or SEQUENCE) OF Attribute becomes implicitly tagged, the inner
 * set's length octets and content kept byte for byte (so the signed
 * attributes with a SET OF tag are exactly the inner set as received).
 * flags[i] (max entries) receives the leniencies of the i-th SignerInfo;
 * *count the number of SignerInfos. Every other byte is copied. *changed
 * is false (and out empty) when the input was strict already.
 * SMIME_E_MALFORMED for what is not a SignerInfos, SMIME_E_LIMIT for more
 * than max SignerInfos. */
int smime_cms__signer_infos_normalize(smime_buf *out, bool *changed, unsigned *flags,
				      size_t max, size_t *count, const uint8_t *in, size_t len);
/* The bytes a signature over the signed attributes of the SignerInfo at
 * prefix covers (RFC 5652 §5.4): the signedAttrs element as received in
 * der (which node was decoded from) with a SET OF tag. */
int smime_cms__signed_attrs_bytes(smime_buf *out, asn1_node node, const uint8_t *der,
				  size_t len, const char *prefix);

typedef struct smime_signer_status smime_signer_status;
struct smime_signer_status {
	int status;               /* overall for this signer */
	int signature_status;
	int chain_status;
	const char *detail;       /* static text */
	smime_cert *cert;         /* owned copy, or NULL */
	char digest_oid[SMIME_OID_MAX];
	char signature_oid[SMIME_OID_MAX];
	int64_t signing_time;     /* -1 when absent */
	bool weak;
	/* chain validation at the other time than the policy's (now vs the
	 * signing time), reported for information: SMIME_OK, an error, or 1
	 * when it was not done (no signing-time attribute) */
	int chain_status_other;
	const char *chain_detail_other;
	/* countersignatures (RFC 5652 §11.4) found in the unsigned attributes;
	 * their status does not change this signer's */
	smime_signer_status *counters;
	size_t counter_count;
	/* the SMIMEEncryptionKeyPreference of a signer whose signature
	 * verified (Microsoft's when the standard one is absent):
	 * enc_pref_cert is an owned copy of the certificate it names when the
	 * message or the extra certificates hold it */
	bool has_enc_pref;
	smime_enc_pref_kind enc_pref_kind;
	smime_cert *enc_pref_cert;
	/* SMIME_CMS_LENIENT_* applied when reading this SignerInfo, and
	 * smime_cms__lenient_note() of them ("" when none) */
	unsigned lenient;
	const char *note;
};
void smime_cms__signer_status_clear(smime_signer_status *st);

typedef struct smime_verify_params {
	const smime_trust *trust;   /* NULL: system */
	const smime_certs *extra;   /* NULL-safe */
	bool no_chain;
	bool allow_legacy;
	time_t when;                /* 0: now */
	bool at_signing_time;       /* validate at the signing-time attribute */
	const char *email;          /* NULL, or an address the signer must carry */
	bool require_revocation;    /* every chain certificate needs a status */
} smime_verify_params;

/* What a SignedData carries besides its signers. */
typedef struct smime_msg_material {
	const smime_certs *certs;   /* SignedData.certificates */
	const smime_buf *crls;      /* SignedData.crls (DER CertificateLists) */
	size_t crl_count;
} smime_msg_material;

typedef struct smime_signed_data_result {
	bool has_content;
	smime_buf content;        /* encapsulated or the detached content given */
	size_t signer_count;
	smime_signer_status *signers;
} smime_signed_data_result;

/* Decodes a SignedData; falls back to the PKCS #7 syntax (eContent of any
 * type) and then sets *pkcs7, and then to the lenient reading of the
 * SignerInfos (smime_cms__signer_infos_normalize()). */
int smime_cms__signed_data_decode(asn1_node *sd, bool *pkcs7, const uint8_t *der,
				  size_t len);
/* The same; when the lenient reading was needed, *norm receives the
 * rewritten SignedData that *sd was decoded from (use it for byte ranges)
 * and flags[i] the leniencies of the i-th SignerInfo (max entries; all 0
 * otherwise, and norm stays empty). */
int smime_cms__signed_data_decode_lenient(asn1_node *sd, bool *pkcs7, smime_buf *norm,
					  unsigned *flags, size_t max, const uint8_t *der,
					  size_t len);

/* Verifies a SignedData (the DER content of a ContentInfo). detached may be
 * NULL. Returns SMIME_E_MALFORMED/UNSUPPORTED/NO_CONTENT when the message
 * cannot be checked at all, otherwise SMIME_OK with per-signer results. */
int smime_cms__signed_data_verify(smime_signed_data_result *res,
				  const uint8_t *der, size_t len,
				  const uint8_t *detached, size_t detached_len,
				  const smime_verify_params *params);
void smime_cms__signed_data_result_clear(smime_signed_data_result *res);

typedef struct smime_signer_spec {
	const smime_cert *cert;
	const smime_key *key;
	const smime_digest_desc *digest;  /* NULL: the one that fits the key */
	bool pss;                         /* RSASSA-PSS instead of PKCS#1 v1.5 */
	bool use_ski;                     /* sid = subjectKeyIdentifier (version 3) */
	bool no_attributes;               /* sign the content directly */
	bool include_cert;                /* put cert into SignedData.certificates */
	/* NULL, or the certificate an SMIMEEncryptionKeyPreference attribute
	 * names (also put into the certificates when include_cert) */
	const smime_cert *encryption_cert;
} smime_signer_spec;

/* Builds a ContentInfo(SignedData), DER. */
int smime_cms__signed_data_create(smime_buf *out, const smime_signer_spec *signers,
				  size_t signer_count, const smime_certs *extra_certs,
				  const uint8_t *content, size_t content_len,
				  bool detached, int64_t signing_time);

/* Adds a countersignature (§11.4) by spec to every signer of a SignedData
 * (der: the ContentInfo content); out is the new ContentInfo. Only the
 * unsigned attributes of each SignerInfo change (spliced in as bytes); the
 * countersigner's certificate joins the certificates when there are any.
 * SMIME_E_UNSUPPORTED for PKCS #7 content. */
int smime_cms__signed_data_countersign(smime_buf *out, const uint8_t *der, size_t len,
				       const smime_signer_spec *spec, int64_t signing_time);
/* Appends the certificates a SignedData carries to out. */
int smime_cms__signed_data_certs(smime_certs *out, const uint8_t *der, size_t len);

/* signer-info.c: verifies the SignerInfo at prefix ("signerInfos.?N" of a
 * SignedData, or "" for a SignerInfo node of its own) of node, decoded from
 * der. econtent_type NULL means a countersignature (§11.4: no
 * content-type attribute; the content is the countersigned signature). */
int smime_cms__signer_info_verify(smime_signer_status *st, asn1_node node,
				  const uint8_t *der, size_t der_len, const char *prefix,
				  const char *econtent_type, const uint8_t *content,
				  size_t content_len, const smime_msg_material *mat,
				  const smime_verify_params *params);
/* Fills the SignerInfo at prefix (already appended) for one signer;
 * econtent_type NULL makes a countersignature. */
int smime_cms__signer_info_build(asn1_node node, const char *prefix,
				 const smime_signer_spec *spec, const char *econtent_type,
				 const uint8_t *content, size_t content_len,
				 int64_t signing_time);

/* signer-chain.c: validates st->cert for S/MIME signing per params; sets
 * st->chain_status (and st->detail on failure); returns the chain status. */
int smime_cms__signer_chain(smime_signer_status *st, const smime_msg_material *mat,
			    const smime_verify_params *params);

/* Writes an IssuerAndSerialNumber of cert at path. */
int smime_cms__write_issuer_serial(asn1_node node, const char *path, const smime_cert *cert);

/* --- RecipientInfos of every kind (recipient-info.c dispatches to
 * recipient-ktri.c, recipient-kari.c, recipient-kekri.c, recipient-pwri.c);
 * shared by EnvelopedData, AuthEnvelopedData and AuthenticatedData ------ */
typedef enum {
	SMIME_RECIPIENT_KTRI,   /* RSA: PKCS#1 v1.5 or OAEP (RFC 3560) */
	SMIME_RECIPIENT_KARI,   /* ECDH P-256/384/521 (RFC 5753), X25519/X448 (RFC 8418) */
	SMIME_RECIPIENT_KEKRI,  /* AES key wrap with a shared KEK (RFC 3394) */
	SMIME_RECIPIENT_PWRI,   /* password: PBKDF2 + PWRI-KEK (RFC 3211) */
} smime_recipient_kind;

typedef struct smime_recipient_spec {
	smime_recipient_kind kind;
	const smime_cert *cert;            /* KTRI, KARI */
	bool use_ski;                      /* identify by SubjectKeyIdentifier */
	/* KTRI: OAEP instead of PKCS#1 v1.5; hash for OAEP and MGF1 (NULL: SHA-256) */
	bool oaep;
	const smime_digest_desc *oaep_hash;
	/* KARI: key agreement scheme (SMIME_OID_DH_SHA256_KDF, ...,
	 * SMIME_OID_DH_HKDF_SHA256, ...); SMIME_OID_UNKNOWN: the default of the
	 * curve (RFC 5753/8418 recommendations) */
	smime_oid_id kdf;
	/* KARI, KEKRI, PWRI: key wrap (SMIME_OID_AES128_WRAP..); UNKNOWN:
	 * chosen from the content key size */
	smime_oid_id wrap;
	/* KEKRI */
	const uint8_t *kek;
	size_t kek_len;
	const uint8_t *kek_id;
	size_t kek_id_len;
	/* PWRI */
	const uint8_t *password;
	size_t password_len;
	unsigned iterations;               /* 0: libsmime's default */
} smime_recipient_spec;

typedef struct smime_recipient_secret {
	const smime_key *key;              /* KTRI, KARI */
	const smime_cert *cert;            /* optional: narrows matching */
	const uint8_t *kek;                /* KEKRI */
	size_t kek_len;
	const uint8_t *kek_id;             /* optional: must match when given */
	size_t kek_id_len;
	const uint8_t *password;           /* PWRI */
	size_t password_len;
} smime_recipient_secret;

/* Called with a candidate CEK; returns SMIME_OK when it decrypts the
 * content (the callee keeps the plaintext), SMIME_E_DECRYPT when it does
 * not, or another error to stop. */
typedef int (*smime_cek_try_fn)(void *ctx, const uint8_t *cek, size_t cek_len);

/* Appends one RecipientInfo per spec to the SET OF RecipientInfo at path,
 * each carrying cek. *version_hint receives the lowest CMSVersion the
 * enclosing structure needs because of its recipients (RFC 5652 §6.1). */
int smime_cms__recipient_infos_build(asn1_node node, const char *path,
				     const smime_recipient_spec *specs, size_t n,
				     const uint8_t *cek, size_t cek_len,
				     unsigned *version_hint);
/* Tries every secret on every RecipientInfo it can match, in order; for
 * each candidate CEK of cek_len bytes calls try. Unknown or other kinds
 * are skipped. SMIME_E_NO_RECIPIENT when nothing matched, SMIME_E_DECRYPT
 * when something matched but no CEK worked. */
int smime_cms__recipient_infos_decrypt(asn1_node node, const char *path,
				       const smime_recipient_secret *secrets, size_t n,
				       size_t cek_len, smime_cek_try_fn try, void *ctx);

/* --- content encryption algorithms (content-cipher.c) ------------------
 * The contentEncryptionAlgorithm of EncryptedContentInfo: AES-CBC,
 * 3DES-CBC and RC2-CBC (decrypt only) for EnvelopedData/EncryptedData;
 * AES-GCM, AES-CCM, ChaCha20-Poly1305 for AuthEnvelopedData. */
typedef struct smime_content_alg {
	smime_oid_id oid;
	bool aead;
	const smime_cipher_desc *cbc;      /* !aead */
	const smime_aead_desc *aead_desc;  /* aead */
	size_t key_size;
	uint8_t iv[16];                    /* CBC IV or AEAD nonce */
	size_t iv_len;
	size_t tag_len;                    /* AEAD ICV length */
	unsigned rc2_bits;                 /* RC2 effective key bits */
} smime_content_alg;

/* Fresh parameters for encryption (random IV/nonce, default tag length). */
int smime_cms__content_alg_new(smime_content_alg *a, smime_oid_id oid);
/* Writes the AlgorithmIdentifier (with its parameters) at path. */
int smime_cms__content_alg_write(const smime_content_alg *a, asn1_node node, const char *path);
/* Reads and checks the AlgorithmIdentifier at path. */
int smime_cms__content_alg_read(smime_content_alg *a, asn1_node node, const char *path);

/* CBC encryption or decryption of a whole buffer with a's parameters (and
 * PKCS#7 padding, checked in constant time on decryption); out is
 * written only on success, intermediate plaintext is wiped. */
int smime_cms__content_cbc(smime_buf *out, const smime_content_alg *a, bool encrypt,
			   const uint8_t *key, size_t key_len, const uint8_t *in, size_t len);

/* --- the enveloping content types --------------------------------------
 * create: ContentInfo-wrapped DER; decrypt/verify/open: der is the content
 * of the ContentInfo (smime_content_info.content). Plaintext outputs are
 * secret (smime_buf_free_secret) and are only written once every check
 * (tag, MAC, padding) has passed.
 *
 * attrs (NULL: not wanted) receives, on success only, the attributes of
 * the structure in the order received: unprotectedAttrs (EnvelopedData,
 * EncryptedData), or authAttrs then unauthAttrs (AuthEnvelopedData,
 * AuthenticatedData); what it held before is freed. On failure it is left
 * as it was. A message with more than SMIME_CMS_MAX_ATTRS attributes is
 * refused with SMIME_E_LIMIT before anything is decrypted. */

/* EnvelopedData (enveloped-data.c, RFC 5652 §6): CBC ciphers. */
int smime_cms__enveloped_data_create(smime_buf *out, const smime_recipient_spec *specs,
				     size_t n, smime_oid_id content_alg,
				     const uint8_t *content, size_t len);
int smime_cms__enveloped_data_decrypt(smime_buf *out, const uint8_t *der, size_t len,
				      const smime_recipient_secret *secrets, size_t n,
				      smime_attr_list *attrs);

/* AuthEnvelopedData (auth-enveloped-data.c, RFC 5083): AEAD ciphers;
 * authAttrs (when present) are authenticated as RFC 5083 §2.2 says. */
int smime_cms__auth_enveloped_data_create(smime_buf *out, const smime_recipient_spec *specs,
					  size_t n, smime_oid_id aead_alg,
					  const uint8_t *content, size_t len);
int smime_cms__auth_enveloped_data_decrypt(smime_buf *out, const uint8_t *der, size_t len,
					   const smime_recipient_secret *secrets, size_t n,
					   smime_attr_list *attrs);

/* AuthenticatedData (authenticated-data.c, RFC 5652 §9): HMAC-SHA-256/
 * 384/512 (hmac_alg SMIME_OID_HMAC_SHA256...), with authAttrs
 * (content-type, message-digest) as §9.2 requires when the content is not
 * id-data or always as libsmime writes it. verify: out gets the content
 * only after the MAC checked (SMIME_E_BAD_SIGNATURE otherwise). */
int smime_cms__authenticated_data_create(smime_buf *out, const smime_recipient_spec *specs,
					 size_t n, smime_oid_id hmac_alg,
					 const uint8_t *content, size_t len);
int smime_cms__authenticated_data_verify(smime_buf *out, const uint8_t *der, size_t len,
					 const smime_recipient_secret *secrets, size_t n,
					 smime_attr_list *attrs);

/* EncryptedData (encrypted-data.c, RFC 5652 §8): the caller's key. */
int smime_cms__encrypted_data_create(smime_buf *out, smime_oid_id content_alg,
				     const uint8_t *key, size_t key_len,
				     const uint8_t *content, size_t len);
int smime_cms__encrypted_data_decrypt(smime_buf *out, const uint8_t *der, size_t len,
				      const uint8_t *key, size_t key_len, smime_attr_list *attrs);

/* DigestedData (digested-data.c, RFC 5652 §7): open checks the digest
 * (SMIME_E_BAD_SIGNATURE on mismatch; SHA-1 accepted: it is an integrity
 * check without a key). */
int smime_cms__digested_data_create(smime_buf *out, const smime_digest_desc *d,
				    const uint8_t *content, size_t len);
int smime_cms__digested_data_open(smime_buf *out, const uint8_t *der, size_t len);

/* CompressedData (compressed-data.c, RFC 3274, zlib): open refuses output
 * beyond max bytes with SMIME_E_LIMIT. */
int smime_cms__compressed_data_create(smime_buf *out, const uint8_t *content, size_t len);
int smime_cms__compressed_data_open(smime_buf *out, const uint8_t *der, size_t len,
				    size_t max);

/* --- inspect (cms-inspect.c) ------------------------------------------- */
int smime_cms__inspect(smime_buf *out, const uint8_t *der, size_t len, int indent);
/* Describes a bare SignerInfos (SET or SEQUENCE OF SignerInfo, BER), as
 * PKCS #7 tools exchange them; SMIME_E_MALFORMED when it is not one. */
int smime_cms__inspect_signer_infos(smime_buf *out, const uint8_t *der, size_t len, int indent);

#endif
