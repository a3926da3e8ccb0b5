/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Internals shared by the RecipientInfo files: recipient-info.c (the
 * dispatcher and the helpers below), recipient-ktri.c, recipient-kari.c,
 * recipient-kekri.c and recipient-pwri.c. Nothing outside these files
 * includes this header; the rest of libsmime uses cms.h.
 *
 * Every per-kind decrypt function follows one contract:
 *  - SMIME_E_NO_RECIPIENT: the RecipientInfo does not match the secret;
 *  - SMIME_OK: a candidate CEK made the caller's try() succeed;
 *  - SMIME_E_DECRYPT: it matched, but no CEK worked (or the key unwrap
 *    failed its integrity check);
 *  - anything else: the matched RecipientInfo could not be used
 *    (malformed, unsupported algorithm, unusable key).
 * *identified is set when the match came from an identifier the caller
 * gave (certificate, KEK identifier): then no other RecipientInfo of the
 * same secret is tried after a failure.
 */
#ifndef SMIME_CMS_RECIPIENT_PRIVATE_H
#define SMIME_CMS_RECIPIENT_PRIVATE_H

#include "cms/cms.h"

/* Limits on input (RFC 5652 sets none). */
#define SMIME_RI_MAX_RECIPIENTS 1024
#define SMIME_RI_MAX_REKS 1024
/* PBKDF2 iteration count accepted on input (a DoS guard) and written. */
#define SMIME_PWRI_MAX_ITERATIONS 10000000u
#define SMIME_PWRI_DEFAULT_ITERATIONS 100000u

/* Paths inside a RecipientInfo: "recipientInfos.?3.kari" plus a suffix. */
#define SMIME_RI_PATH_MAX 256

typedef struct smime_ri_ctx {
	asn1_node node;
	/* path prefix of the enclosing structure ("" or "x."), used to find
	 * originatorInfo next to the recipientInfos */
	char prefix[SMIME_RI_PATH_MAX];
	size_t cek_len;
	smime_cek_try_fn try;
	void *try_ctx;
	int stop;          /* a try() error other than SMIME_E_DECRYPT */
} smime_ri_ctx;

/* snprintf into a path buffer; SMIME_E_LIMIT when it does not fit. */
int smime_ri__path(char *buf, const char *base, const char *suffix);

/* Calls try() with a candidate CEK; a CEK of the wrong length (a 24-byte
 * key for AES-128) never reaches try() and counts as SMIME_E_DECRYPT.
 * Records errors of try() other than SMIME_E_DECRYPT in c->stop. */
int smime_ri__try(smime_ri_ctx *c, const uint8_t *cek, size_t cek_len);

/* Reads the AlgorithmIdentifier at path: its table id (SMIME_OID_UNKNOWN
 * for others) and, when present, its parameters TLV (params->len 0 when
 * absent). */
int smime_ri__read_alg(asn1_node node, const char *path, smime_oid_id *id,
		       smime_buf *params);
/* true when params (a TLV from smime_ri__read_alg) are absent or NULL. */
bool smime_ri__params_absent_or_null(const smime_buf *params);
/* DER of AlgorithmIdentifier { oid, params } (params NULL: absent). */
int smime_ri__alg_der(smime_buf *out, smime_oid_id oid, const uint8_t *params,
		      size_t params_len);

/* Recipient identifiers. rid_path names a RecipientIdentifier (ktri) or a
 * KeyAgreeRecipientIdentifier (kari). */
bool smime_ri__rid_matches(asn1_node node, const char *rid_path, const smime_cert *cert);
int smime_ri__write_rid(asn1_node node, const char *rid_path, const smime_cert *cert,
			bool use_ski, bool kari);

/* The digest descriptor of a digest OID; NULL when not supported. */
const smime_digest_desc *smime_ri__digest_of(smime_oid_id id);
/* Key wrap: the KEK length of an AES/3DES wrap OID, 0 for others. */
size_t smime_ri__wrap_kek_len(smime_oid_id wrap);
/* Unwraps with the wrap algorithm into cek (wiped and freed on error). */
int smime_ri__unwrap(smime_oid_id wrap, const uint8_t *kek, size_t kek_len,
		     const uint8_t *in, size_t in_len, smime_buf *cek);
/* Wraps cek (AES key wrap, with padding when cek_len is not a multiple of
 * 8 and the padded variant exists). */
int smime_ri__wrap(smime_oid_id wrap, const uint8_t *kek, size_t kek_len,
		   const uint8_t *cek, size_t cek_len, smime_buf *out);
/* The AES wrap OID for a key of len bytes (16, 24, 32), else UNKNOWN. */
smime_oid_id smime_ri__aes_wrap_for(size_t len);

/* The kinds. path names the alternative ("recipientInfos.?2.kari"). */
int smime_cms__ktri_build(asn1_node node, const char *path, const smime_recipient_spec *spec,
			  const uint8_t *cek, size_t cek_len);
int smime_cms__ktri_decrypt(smime_ri_ctx *c, const char *path,
			    const smime_recipient_secret *s, bool *identified);
/* The RSA half of ktri decryption: SMIME_E_NO_RECIPIENT unless the ktri at
 * path may be s's (by s->cert, or without a certificate by the size of
 * the encrypted key); else *cek gets c->cek_len bytes, the CEK when
 * *valid is 1 and random bytes (implicit rejection) when it is 0. *valid
 * is computed without branches; callers select with it in constant time
 * and never branch on it. */
int smime_cms__ktri_unwrap(smime_ri_ctx *c, const char *path, const smime_recipient_secret *s,
			   bool *identified, smime_buf *cek, unsigned *valid);
int smime_cms__kari_build(asn1_node node, const char *path, const smime_recipient_spec *spec,
			  const uint8_t *cek, size_t cek_len);
int smime_cms__kari_decrypt(smime_ri_ctx *c, const char *path,
			    const smime_recipient_secret *s, bool *identified);
int smime_cms__kekri_build(asn1_node node, const char *path, const smime_recipient_spec *spec,
			   const uint8_t *cek, size_t cek_len);
int smime_cms__kekri_decrypt(smime_ri_ctx *c, const char *path,
			     const smime_recipient_secret *s, bool *identified);
int smime_cms__pwri_build(asn1_node node, const char *path, const smime_recipient_spec *spec,
			  const uint8_t *cek, size_t cek_len);
int smime_cms__pwri_decrypt(smime_ri_ctx *c, const char *path,
			    const smime_recipient_secret *s, bool *identified);

#endif
