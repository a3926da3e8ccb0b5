/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SignerInfo (RFC 5652 §5.3-§5.6, §11): build one, verify one, with the
 * signed attributes S/MIME needs (RFC 8551 §2.5, RFC 5035, RFC 6211) and
 * countersignatures (§11.4). */
#include "cms/signature-alg.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Countersignatures may nest; a bound keeps hostile input finite. */
#define MAX_COUNTER_DEPTH 4
#define MAX_COUNTERS 16

/* "<prefix>.<field>", or "<field>" for an empty prefix. */
static void __attribute__((format(printf, 4, 5)))
field(char *dst, size_t size, const char *prefix, const char *fmt, ...)
{
	char tail[160];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tail, sizeof tail, fmt, ap);
	va_end(ap);
	snprintf(dst, size, "%s%s%s", prefix, prefix[0] ? "." : "", tail);
}

int smime_cms__write_issuer_serial(asn1_node node, const char *path, const smime_cert *cert)
{
	const uint8_t *issuer, *serial;
	size_t ilen, slen;
	char p[256];
	int rc;

	smime_cert__issuer_der(cert, &issuer, &ilen);
	smime_cert__serial(cert, &serial, &slen);
	field(p, sizeof p, path, "issuer");
	if ((rc = smime_der__write(node, p, issuer, ilen)) != SMIME_OK)
		return rc;
	field(p, sizeof p, path, "serialNumber");
	return smime_der__write(node, p, serial, slen);
}

void smime_cms__signer_status_clear(smime_signer_status *st)
{
	for (size_t i = 0; i < st->counter_count; i++)
		smime_cms__signer_status_clear(&st->counters[i]);
	free(st->counters);
	smime_cert_free(st->cert);
	smime_cert_free(st->enc_pref_cert);
	memset(st, 0, sizeof *st);
}

/* ---------------------------------------------------------------------- */
/* Verification                                                           */
/* ---------------------------------------------------------------------- */

/* The bytes a signature over signed attributes covers (§5.4): the DER of
 * the SignedAttributes with an explicit SET OF tag, taken from the bytes
 * as received rather than from a re-encoding. */
int smime_cms__signed_attrs_bytes(smime_buf *out, asn1_node node, const uint8_t *der,
				  size_t len, const char *prefix)
{
	char path[128];
	size_t start, end;
	field(path, sizeof path, prefix, "signedAttrs");
	int rc = smime_der__range(node, der, len, path, &start, &end);
	if (rc != SMIME_OK)
		return rc;
	if (start >= end || end > len || der[start] != 0xA0)
		return SMIME_E_MALFORMED;
	rc = smime_buf__set(out, der + start, end - start);
	if (rc == SMIME_OK)
		out->data[0] = 0x31;
	return rc;
}

/* Reads the single value of the attribute `type`; SMIME_E_MALFORMED unless
 * the attribute occurs exactly once with exactly one value (§11.1-§11.3),
 * 1 (as a positive return) when it is absent and optional. */
static int single_attr_value(smime_buf *out, asn1_node node, const char *prefix,
			     smime_oid_id type, bool required)
{
	char path[160], set[128];
	unsigned index, count, values;
	int rc;

	field(set, sizeof set, prefix, "signedAttrs");
	if ((rc = smime_cms__attr_find(node, set, type, &index, &count)) != SMIME_OK)
		return rc;
	if (count == 0)
		return required ? SMIME_E_MALFORMED : 1;
	if (count > 1)
		return SMIME_E_MALFORMED;
	snprintf(path, sizeof path, "%s.?%u.attrValues", set, index);
	if ((rc = smime_der__count(node, path, &values)) != SMIME_OK)
		return rc;
	if (values != 1)
		return SMIME_E_MALFORMED;
	snprintf(path, sizeof path, "%s.?%u.attrValues.?1", set, index);
	return smime_der__read(out, node, path);
}

static int decode_value(smime_buf *out, const char *type, const smime_buf *tlv)
{
	asn1_node n = NULL;
	int rc = smime_der__decode(&n, type, tlv->data, tlv->len);
	if (rc == SMIME_OK)
		rc = smime_der__read(out, n, "");
	smime_der__free(&n);
	return rc;
}

static int decode_time(int64_t *t, const smime_buf *tlv)
{
	asn1_node n = NULL;
	int rc = smime_der__decode(&n, "CMS.Time", tlv->data, tlv->len);
	if (rc == SMIME_OK)
		rc = smime_der__read_time(n, "", t);
	smime_der__free(&n);
	return rc;
}

/* ESS signing-certificate(-v2) (RFC 2634 §5.4, RFC 5035 §3): the first
 * ESSCertID names the signer certificate by its hash. */
static int check_signing_cert(smime_signer_status *st, asn1_node node, const char *prefix)
{
	static const struct {
		smime_oid_id attr;
		const char *type;
	} kinds[] = {
		{ SMIME_OID_ATTR_SIGNING_CERT_V2, "CMS.SigningCertificateV2" },
		{ SMIME_OID_ATTR_SIGNING_CERT, "CMS.SigningCertificate" },
	};
	for (size_t k = 0; k < SMIME_ARRAY_SIZE(kinds); k++) {
		smime_buf v = SMIME_BUF_INIT, hash = SMIME_BUF_INIT;
		asn1_node n = NULL;
		char oid[SMIME_OID_MAX];
		const smime_digest_desc *d = smime_crypto__digest_get(
			kinds[k].attr == SMIME_OID_ATTR_SIGNING_CERT ? SMIME_DIGEST_SHA1
								     : SMIME_DIGEST_SHA256);
		int rc = single_attr_value(&v, node, prefix, kinds[k].attr, false);
		if (rc == 1)
			continue;
		if (rc == SMIME_OK)
			rc = smime_der__decode(&n, kinds[k].type, v.data, v.len);
		if (rc == SMIME_OK && kinds[k].attr == SMIME_OID_ATTR_SIGNING_CERT_V2 &&
		    smime_der__exists(n, "certs.?1.hashAlgorithm")) {
			rc = smime_der__read_oid(n, "certs.?1.hashAlgorithm.algorithm", oid);
			const smime_oid_entry *e = smime_oid__find(oid);
			d = e && e->kind == SMIME_OID_KIND_DIGEST && e->digest >= 0
				    ? smime_crypto__digest_get((smime_digest_id)e->digest)
				    : NULL;
		}
		if (rc == SMIME_OK)
			rc = smime_der__read(&hash, n, "certs.?1.certHash");
		smime_der__free(&n);
		smime_buf_free(&v);
		if (rc != SMIME_OK || d == NULL) {
			smime_buf_free(&hash);
			st->detail = "signing-certificate attribute malformed or of an unknown hash";
			return rc != SMIME_OK ? SMIME_E_MALFORMED : SMIME_E_UNSUPPORTED;
		}
		const uint8_t *cder;
		size_t clen;
		uint8_t want[SMIME_DIGEST_MAX_SIZE];
		smime_cert__der(st->cert, &cder, &clen);
		smime_crypto__digest(d, cder, clen, want);
		bool same = hash.len == d->digest_size && memcmp(hash.data, want, hash.len) == 0;
		smime_buf_free(&hash);
		if (!same) {
			st->detail = "signing-certificate attribute names another certificate";
			return SMIME_E_BAD_SIGNATURE;
		}
	}
	return SMIME_OK;
}

/* SMIMEEncryptionKeyPreference (RFC 8551 §2.5.3): one attribute with one
 * value, or the signature SHOULD be treated as failing. Microsoft's
 * attribute is read only when the standard one is absent, and never fails
 * the signer. The certificate it names is looked up in the message, then
 * in the caller's certificates. */
static int read_enc_pref(smime_signer_status *st, asn1_node node, const char *prefix,
			 const smime_msg_material *mat, const smime_verify_params *params)
{
	smime_buf v = SMIME_BUF_INIT;
	smime_enc_pref pref;
	const smime_cert *c;
	bool ms = false;
	int rc = single_attr_value(&v, node, prefix, SMIME_OID_ATTR_ENC_KEY_PREF, false);

	if (rc == 1) {
		rc = single_attr_value(&v, node, prefix, SMIME_OID_ATTR_MS_ENC_KEY_PREF, false);
		if (rc != SMIME_OK) {
			smime_buf_free(&v);
			return rc == SMIME_E_NO_MEMORY ? rc : SMIME_OK;
		}
		ms = true;
	}
	if (rc == SMIME_OK)
		rc = smime_cms__enc_pref_decode(&pref, v.data, v.len, ms);
	smime_buf_free(&v);
	if (rc != SMIME_OK) {
		if (rc == SMIME_E_NO_MEMORY || ms)
			return rc == SMIME_E_NO_MEMORY ? rc : SMIME_OK;
		st->detail = "SMIMEEncryptionKeyPreference attribute repeated or malformed";
		return SMIME_E_MALFORMED;
	}
	st->has_enc_pref = true;
	st->enc_pref_kind = pref.kind;
	c = smime_cms__enc_pref_find(&pref, mat->certs);
	if (c == NULL)
		c = smime_cms__enc_pref_find(&pref, params->extra);
	if (c != NULL)
		rc = smime_cert_dup(&st->enc_pref_cert, c);
	smime_cms__enc_pref_clear(&pref);
	return rc;
}

/* The DER of the AlgorithmIdentifier at path (for comparisons). */
static int alg_der(smime_buf *out, asn1_node node, const char *path)
{
	return smime_der__encode(out, node, path);
}

static bool same_alg(asn1_node a, const char *apath, asn1_node b, const char *bpath)
{
	smime_buf x = SMIME_BUF_INIT, y = SMIME_BUF_INIT;
	bool same = alg_der(&x, a, apath) == SMIME_OK && alg_der(&y, b, bpath) == SMIME_OK &&
		    x.len >= 2 && y.len >= 2 && x.len == y.len &&
		    /* the tags differ ([1] IMPLICIT in the attribute): skip them */
		    memcmp(x.data + 1, y.data + 1, x.len - 1) == 0;
	smime_buf_free(&x);
	smime_buf_free(&y);
	return same;
}

/* CMSAlgorithmProtection (RFC 6211 §3): the algorithms the attribute
 * protects must be the ones the SignerInfo uses. */
static int check_alg_protection(smime_signer_status *st, asn1_node node, const char *prefix)
{
	smime_buf v = SMIME_BUF_INIT;
	asn1_node n = NULL;
	char dpath[128], spath[128];
	int rc = single_attr_value(&v, node, prefix, SMIME_OID_ATTR_CMS_ALG_PROTECTION, false);
	if (rc == 1)
		return SMIME_OK;
	if (rc == SMIME_OK)
		rc = smime_der__decode(&n, "CMS.CMSAlgorithmProtection", v.data, v.len);
	smime_buf_free(&v);
	if (rc != SMIME_OK) {
		st->detail = "CMSAlgorithmProtection attribute malformed";
		return SMIME_E_MALFORMED;
	}
	field(dpath, sizeof dpath, prefix, "digestAlgorithm");
	field(spath, sizeof spath, prefix, "signatureAlgorithm");
	if (smime_der__exists(n, "macAlgorithm") || !smime_der__exists(n, "signatureAlgorithm") ||
	    !same_alg(n, "digestAlgorithm", node, dpath) ||
	    !same_alg(n, "signatureAlgorithm", node, spath)) {
		st->detail = "CMSAlgorithmProtection does not match the algorithms used";
		rc = SMIME_E_BAD_SIGNATURE;
	}
	smime_der__free(&n);
	return rc;
}

/* Checks the attributes that §5.3/§11 require and the ones that protect
 * the signer (ESS, RFC 6211). Sets st->detail on failure. */
static int check_signed_attrs(smime_signer_status *st, asn1_node node, const char *prefix,
			      const smime_digest_desc *d, const char *econtent_type,
			      const uint8_t *content_digest)
{
	smime_buf v = SMIME_BUF_INIT, want = SMIME_BUF_INIT, md = SMIME_BUF_INIT;
	int rc;

	/* §11.1: content-type is required, except in a countersignature
	 * (§11.4), where it must not appear */
	rc = single_attr_value(&v, node, prefix, SMIME_OID_ATTR_CONTENT_TYPE, econtent_type != NULL);
	if (econtent_type == NULL) {
		if (rc != 1) {
			st->detail = "content-type attribute in a countersignature";
			rc = SMIME_E_MALFORMED;
			goto out;
		}
	} else {
		if (rc != SMIME_OK) {
			st->detail = "content-type attribute missing, repeated or malformed";
			rc = SMIME_E_MALFORMED;
			goto out;
		}
		if ((rc = smime_cms__der_oid(&want, econtent_type)) != SMIME_OK)
			goto out;
		if (v.len != want.len || memcmp(v.data, want.data, v.len) != 0) {
			st->detail = "content-type attribute does not match the content";
			rc = SMIME_E_MALFORMED;
			goto out;
		}
	}
	smime_buf_free(&v);
	rc = single_attr_value(&v, node, prefix, SMIME_OID_ATTR_MESSAGE_DIGEST, true);
	if (rc == SMIME_OK)
		rc = decode_value(&md, "CMS.MessageDigest", &v);
	if (rc != SMIME_OK) {
		st->detail = "message-digest attribute missing, repeated or malformed";
		rc = SMIME_E_MALFORMED;
		goto out;
	}
	smime_buf_free(&v);
	rc = single_attr_value(&v, node, prefix, SMIME_OID_ATTR_SIGNING_TIME, false);
	if (rc == SMIME_OK)
		rc = decode_time(&st->signing_time, &v);
	if (rc < 0) {
		st->detail = "signing-time attribute repeated or malformed";
		rc = SMIME_E_MALFORMED;
		goto out;
	}
	if (md.len != d->digest_size || !smime_memeq_ct(md.data, content_digest, d->digest_size)) {
		st->detail = "message digest does not match the content";
		rc = SMIME_E_BAD_SIGNATURE;
		goto out;
	}
	if ((rc = check_alg_protection(st, node, prefix)) != SMIME_OK)
		goto out;
	rc = SMIME_OK;
out:
	smime_buf_free(&v);
	smime_buf_free(&want);
	smime_buf_free(&md);
	return rc;
}

/* §11.1-§11.3: content-type, message-digest and signing-time MUST NOT be
 * unsigned attributes. */
static int check_unsigned_attrs(smime_signer_status *st, asn1_node node, const char *prefix)
{
	static const smime_oid_id signed_only[] = {
		SMIME_OID_ATTR_CONTENT_TYPE,
		SMIME_OID_ATTR_MESSAGE_DIGEST,
		SMIME_OID_ATTR_SIGNING_TIME,
	};
	char path[128];
	unsigned index, count;
	field(path, sizeof path, prefix, "unsignedAttrs");
	if (!smime_der__exists(node, path))
		return SMIME_OK;
	for (size_t i = 0; i < SMIME_ARRAY_SIZE(signed_only); i++) {
		int rc = smime_cms__attr_find(node, path, signed_only[i], &index, &count);
		if (rc != SMIME_OK)
			return rc;
		if (count > 0) {
			st->detail = "content-type, message-digest or signing-time as an unsigned attribute";
			return SMIME_E_MALFORMED;
		}
	}
	return SMIME_OK;
}

static const smime_cert *find_signer(asn1_node node, const char *prefix,
				     const smime_certs *msg_certs, const smime_certs *extra,
				     int *rc)
{
	char path[160], choice[64];
	smime_buf a = SMIME_BUF_INIT, b = SMIME_BUF_INIT;
	const smime_cert *c = NULL;

	field(path, sizeof path, prefix, "sid");
	*rc = smime_der__read_choice(node, path, choice, sizeof choice);
	if (*rc != SMIME_OK)
		return NULL;
	if (strcmp(choice, "issuerAndSerialNumber") == 0) {
		field(path, sizeof path, prefix, "sid.issuerAndSerialNumber.issuer");
		*rc = smime_der__read(&a, node, path);
		field(path, sizeof path, prefix, "sid.issuerAndSerialNumber.serialNumber");
		if (*rc == SMIME_OK)
			*rc = smime_der__read(&b, node, path);
		if (*rc == SMIME_OK) {
			c = smime_certs__find_issuer_serial(msg_certs, a.data, a.len, b.data, b.len);
			if (c == NULL)
				c = smime_certs__find_issuer_serial(extra, a.data, a.len, b.data, b.len);
		}
	} else if (strcmp(choice, "subjectKeyIdentifier") == 0) {
		field(path, sizeof path, prefix, "sid.subjectKeyIdentifier");
		*rc = smime_der__read(&a, node, path);
		if (*rc == SMIME_OK) {
			c = smime_certs__find_ski(msg_certs, a.data, a.len);
			if (c == NULL)
				c = smime_certs__find_ski(extra, a.data, a.len);
		}
	} else {
		*rc = SMIME_E_MALFORMED;
	}
	smime_buf_free(&a);
	smime_buf_free(&b);
	return c;
}

static int verify_at_depth(smime_signer_status *st, asn1_node node, const uint8_t *der,
			   size_t der_len, const char *prefix, const char *econtent_type,
			   const uint8_t *content, size_t content_len,
			   const smime_msg_material *mat, const smime_verify_params *params,
			   unsigned depth);

/* Countersignatures (§11.4): each value of a countersignature attribute
 * is a SignerInfo over this signer's signature value. */
static int verify_counters(smime_signer_status *st, asn1_node node, const char *prefix,
			   const smime_msg_material *mat, const smime_verify_params *params,
			   unsigned depth)
{
	char set[128], path[192];
	unsigned n = 0, values = 0;
	smime_buf sig = SMIME_BUF_INIT;
	int rc;

	field(set, sizeof set, prefix, "unsignedAttrs");
	if (!smime_der__exists(node, set) || smime_der__count(node, set, &n) != SMIME_OK)
		return SMIME_OK;
	field(path, sizeof path, prefix, "signature");
	if ((rc = smime_der__read(&sig, node, path)) != SMIME_OK)
		return rc;
	for (unsigned i = 1; i <= n && rc == SMIME_OK; i++) {
		char oid[SMIME_OID_MAX];
		snprintf(path, sizeof path, "%s.?%u.attrType", set, i);
		if (smime_der__read_oid(node, path, oid) != SMIME_OK ||
		    smime_oid__lookup(oid) != SMIME_OID_ATTR_COUNTERSIGNATURE)
			continue;
		snprintf(path, sizeof path, "%s.?%u.attrValues", set, i);
		if (smime_der__count(node, path, &values) != SMIME_OK)
			continue;
		for (unsigned j = 1; j <= values && rc == SMIME_OK; j++) {
			if (st->counter_count == MAX_COUNTERS || depth >= MAX_COUNTER_DEPTH) {
				rc = SMIME_E_LIMIT;
				break;
			}
			smime_buf tlv = SMIME_BUF_INIT;
			asn1_node si = NULL;
			snprintf(path, sizeof path, "%s.?%u.attrValues.?%u", set, i, j);
			rc = smime_der__read(&tlv, node, path);
			if (rc == SMIME_OK)
				rc = smime_der__decode(&si, "CMS.SignerInfo", tlv.data, tlv.len);
			if (rc == SMIME_OK) {
				smime_signer_status *grown = realloc(st->counters,
					(st->counter_count + 1) * sizeof *grown);
				if (grown == NULL) {
					rc = SMIME_E_NO_MEMORY;
				} else {
					st->counters = grown;
					rc = verify_at_depth(&st->counters[st->counter_count], si,
							     tlv.data, tlv.len, "", NULL, sig.data,
							     sig.len, mat, params, depth + 1);
					if (rc == SMIME_OK)
						st->counter_count++;
				}
			}
			smime_der__free(&si);
			smime_buf_free(&tlv);
		}
	}
	smime_buf_free(&sig);
	return rc;
}

static int verify_at_depth(smime_signer_status *st, asn1_node node, const uint8_t *der,
			   size_t der_len, const char *prefix, const char *econtent_type,
			   const uint8_t *content, size_t content_len,
			   const smime_msg_material *mat, const smime_verify_params *params,
			   unsigned depth)
{
	char path[128], dpath[128], spath[128];
	smime_sig_params sp;
	const smime_cert *signer;
	smime_buf attrs = SMIME_BUF_INIT, sig = SMIME_BUF_INIT;
	uint8_t content_digest[SMIME_DIGEST_MAX_SIZE], hash[SMIME_DIGEST_MAX_SIZE];
	const uint8_t *tbs = content;
	size_t tbs_len = content_len;
	int rc;

	memset(st, 0, sizeof *st);
	st->signing_time = -1;
	st->detail = "";
	st->note = "";
	st->chain_status = SMIME_OK;
	st->chain_status_other = 1;
	st->chain_detail_other = "";
	field(dpath, sizeof dpath, prefix, "digestAlgorithm");
	field(spath, sizeof spath, prefix, "signatureAlgorithm");
	field(path, sizeof path, prefix, "digestAlgorithm.algorithm");
	if ((rc = smime_der__read_oid(node, path, st->digest_oid)) != SMIME_OK)
		goto sig_done;
	field(path, sizeof path, prefix, "signatureAlgorithm.algorithm");
	if ((rc = smime_der__read_oid(node, path, st->signature_oid)) != SMIME_OK)
		goto sig_done;

	signer = find_signer(node, prefix, mat->certs, params->extra, &rc);
	if (rc != SMIME_OK)
		goto sig_done;
	if (signer == NULL) {
		rc = SMIME_E_NO_SIGNER_CERT;
		st->detail = "signer certificate not found";
		goto sig_done;
	}
	if ((rc = smime_cert_dup(&st->cert, signer)) != SMIME_OK)
		return rc;
	if ((rc = smime_cms__sig_resolve(&sp, node, dpath, spath, &st->detail)) != SMIME_OK)
		goto sig_done;
	smime_crypto__digest(sp.digest, content, content_len, content_digest);
	memcpy(hash, content_digest, sp.digest->digest_size);

	field(path, sizeof path, prefix, "signedAttrs");
	if (smime_der__exists(node, path)) {
		rc = check_signed_attrs(st, node, prefix, sp.digest, econtent_type, content_digest);
		if (rc == SMIME_OK)
			rc = smime_cms__signed_attrs_bytes(&attrs, node, der, der_len, prefix);
		if (rc != SMIME_OK)
			goto sig_done;
		tbs = attrs.data;
		tbs_len = attrs.len;
		smime_crypto__digest(sp.digest, tbs, tbs_len, hash);
	} else if (econtent_type != NULL && smime_oid__lookup(econtent_type) != SMIME_OID_DATA) {
		/* §5.3: without signed attributes the content must be id-data */
		rc = SMIME_E_MALFORMED;
		st->detail = "signed attributes are required for this content type";
		goto sig_done;
	}
	if ((rc = check_unsigned_attrs(st, node, prefix)) != SMIME_OK)
		goto sig_done;
	field(path, sizeof path, prefix, "signature");
	if ((rc = smime_der__read(&sig, node, path)) != SMIME_OK)
		goto sig_done;
	smime_sig_issuers issuers = { mat->certs, params->extra, params->trust };
	rc = smime_cms__sig_verify(&sp, st->cert, &issuers, tbs, tbs_len, hash, sig.data, sig.len,
				   &st->weak, &st->detail);
	/* the ESS binding is checked once the signature is known good */
	if (rc == SMIME_OK && attrs.data != NULL)
		rc = check_signing_cert(st, node, prefix);
	if (rc == SMIME_OK && attrs.data != NULL)
		rc = read_enc_pref(st, node, prefix, mat, params);
	if (rc == SMIME_OK) {
		int crc = verify_counters(st, node, prefix, mat, params, depth);
		if (crc == SMIME_E_NO_MEMORY)
			rc = crc;
	}

sig_done:
	st->signature_status = rc;
	smime_buf_free(&attrs);
	smime_buf_free(&sig);
	smime_wipe(hash, sizeof hash);
	if (rc == SMIME_E_NO_MEMORY)
		return rc;
	if (rc == SMIME_OK && st->weak && !params->allow_legacy) {
		rc = SMIME_E_WEAK_ALGORITHM;
		st->detail = "legacy algorithm or key size (SHA-1, DSA, RSA < 2048 bits) refused by policy";
	}
	if (st->cert != NULL && !params->no_chain) {
		int crc = smime_cms__signer_chain(st, mat, params);
		if (crc == SMIME_E_NO_MEMORY)
			return crc;
		if (rc == SMIME_OK && crc != SMIME_OK)
			rc = crc;
	}
	st->status = rc;
	return SMIME_OK;
}

int smime_cms__signer_info_verify(smime_signer_status *st, asn1_node node, const uint8_t *der,
				  size_t der_len, const char *prefix, const char *econtent_type,
				  const uint8_t *content, size_t content_len,
				  const smime_msg_material *mat, const smime_verify_params *params)
{
	return verify_at_depth(st, node, der, der_len, prefix, econtent_type, content,
			       content_len, mat, params, 0);
}

/* ---------------------------------------------------------------------- */
/* Signing                                                                */
/* ---------------------------------------------------------------------- */

/* SMIMECapabilities (RFC 8551 §2.5.2): what libsmime decrypts, strongest
 * and preferred first. */
static int capabilities_value(smime_buf *out)
{
	static const smime_oid_id caps[] = {
		SMIME_OID_AES256_GCM, SMIME_OID_CHACHA20_POLY1305, SMIME_OID_AES128_GCM,
		SMIME_OID_AES256_CBC, SMIME_OID_AES192_CBC, SMIME_OID_AES128_CBC,
		SMIME_OID_RSAES_OAEP,
	};
	asn1_node n = NULL;
	char path[64];
	int rc = smime_der__create(&n, "CMS.SMIMECapabilities");
	for (size_t i = 0; rc == SMIME_OK && i < SMIME_ARRAY_SIZE(caps); i++) {
		rc = smime_der__append(n, "");
		snprintf(path, sizeof path, "?%zu.capabilityID", i + 1);
		if (rc == SMIME_OK)
			rc = smime_der__write_str(n, path, smime_oid__dotted(caps[i]));
		snprintf(path, sizeof path, "?%zu.parameters", i + 1);
		if (rc == SMIME_OK)
			rc = smime_der__omit(n, path);
	}
	if (rc == SMIME_OK)
		rc = smime_der__encode(out, n, NULL);
	smime_der__free(&n);
	return rc;
}

/* SigningCertificateV2 (RFC 5035 §3): the SHA-256 (default, so omitted)
 * hash of the signer certificate and its issuer and serial number. */
static int signing_cert_value(smime_buf *out, const smime_cert *cert)
{
	const uint8_t *der, *issuer, *serial;
	size_t len, ilen, slen;
	uint8_t hash[SMIME_DIGEST_MAX_SIZE];
	smime_buf dn = SMIME_BUF_INIT, names = SMIME_BUF_INIT;
	asn1_node n = NULL;
	int rc;

	smime_cert__der(cert, &der, &len);
	smime_cert__issuer_der(cert, &issuer, &ilen);
	smime_cert__serial(cert, &serial, &slen);
	smime_crypto__digest(smime_crypto__digest_get(SMIME_DIGEST_SHA256), der, len, hash);
	/* GeneralNames ::= SEQUENCE OF GeneralName; directoryName [4] EXPLICIT Name */
	rc = smime_der__wrap(&dn, 0xA4, issuer, ilen);
	if (rc == SMIME_OK)
		rc = smime_der__wrap(&names, 0x30, dn.data, dn.len);
	if (rc == SMIME_OK)
		rc = smime_der__create(&n, "CMS.SigningCertificateV2");
	if (rc == SMIME_OK)
		rc = smime_der__append(n, "certs");
	if (rc == SMIME_OK)
		rc = smime_der__omit(n, "certs.?1.hashAlgorithm");
	if (rc == SMIME_OK)
		rc = smime_der__write(n, "certs.?1.certHash", hash, 32);
	if (rc == SMIME_OK)
		rc = smime_der__write(n, "certs.?1.issuerSerial.issuer", names.data, names.len);
	if (rc == SMIME_OK)
		rc = smime_der__write(n, "certs.?1.issuerSerial.serialNumber", serial, slen);
	if (rc == SMIME_OK)
		rc = smime_der__omit(n, "policies");
	if (rc == SMIME_OK)
		rc = smime_der__encode(out, n, NULL);
	smime_der__free(&n);
	smime_buf_free(&dn);
	smime_buf_free(&names);
	return rc;
}

/* CMSAlgorithmProtection (RFC 6211): the digest and signature algorithms
 * exactly as the SignerInfo carries them. */
static int alg_protection_value(smime_buf *out, const smime_sig_params *sp)
{
	asn1_node n = NULL;
	int rc = smime_der__create(&n, "CMS.CMSAlgorithmProtection");
	if (rc == SMIME_OK)
		rc = smime_cms__sig_write_digest_alg(sp, n, "digestAlgorithm");
	if (rc == SMIME_OK)
		rc = smime_cms__sig_write_alg(sp, n, "signatureAlgorithm");
	if (rc == SMIME_OK)
		rc = smime_der__omit(n, "macAlgorithm");
	if (rc == SMIME_OK)
		rc = smime_der__encode(out, n, NULL);
	smime_der__free(&n);
	return rc;
}

static int add_attr(asn1_node node, const char *set, smime_oid_id type, int rc, smime_buf *v)
{
	if (rc == SMIME_OK)
		rc = smime_cms__attr_add(node, set, type, v->data, v->len);
	smime_buf_free(v);
	return rc;
}

static int build_signed_attrs(asn1_node node, const char *set, const smime_signer_spec *spec,
			      const smime_sig_params *sp, const char *econtent_type,
			      const uint8_t *digest, int64_t signing_time)
{
	smime_buf v = SMIME_BUF_INIT;
	int rc = SMIME_OK;

	if (econtent_type != NULL) {
		rc = add_attr(node, set, SMIME_OID_ATTR_CONTENT_TYPE,
			      smime_cms__der_oid(&v, econtent_type), &v);
	}
	if (rc == SMIME_OK)
		rc = add_attr(node, set, SMIME_OID_ATTR_SIGNING_TIME,
			      smime_cms__der_time(&v, signing_time), &v);
	if (rc == SMIME_OK)
		rc = add_attr(node, set, SMIME_OID_ATTR_MESSAGE_DIGEST,
			      smime_cms__der_octets(&v, digest, sp->digest->digest_size), &v);
	if (rc == SMIME_OK && econtent_type != NULL)
		rc = add_attr(node, set, SMIME_OID_ATTR_SMIME_CAPABILITIES, capabilities_value(&v), &v);
	if (rc == SMIME_OK)
		rc = add_attr(node, set, SMIME_OID_ATTR_SIGNING_CERT_V2,
			      signing_cert_value(&v, spec->cert), &v);
	if (rc == SMIME_OK)
		rc = add_attr(node, set, SMIME_OID_ATTR_CMS_ALG_PROTECTION,
			      alg_protection_value(&v, sp), &v);
	/* RFC 8551 §2.5.3: named by key identifier when the signer is */
	if (rc == SMIME_OK && spec->encryption_cert != NULL && econtent_type != NULL)
		rc = add_attr(node, set, SMIME_OID_ATTR_ENC_KEY_PREF,
			      smime_cms__enc_pref_value(&v, spec->encryption_cert, spec->use_ski),
			      &v);
	return rc;
}

int smime_cms__signer_info_build(asn1_node node, const char *prefix,
				 const smime_signer_spec *spec, const char *econtent_type,
				 const uint8_t *content, size_t content_len,
				 int64_t signing_time)
{
	char path[160], set[128];
	smime_sig_params sp;
	uint8_t digest[SMIME_DIGEST_MAX_SIZE], hash[SMIME_DIGEST_MAX_SIZE];
	smime_buf attrs = SMIME_BUF_INIT, sig = SMIME_BUF_INIT, ski = SMIME_BUF_INIT;
	const uint8_t *tbs = content;
	size_t tbs_len = content_len;
	int rc;

	if (spec->no_attributes && econtent_type != NULL &&
	    smime_oid__lookup(econtent_type) != SMIME_OID_DATA)
		return SMIME_E_INVALID_ARGUMENT; /* §5.3 */
	if (spec->no_attributes && spec->encryption_cert != NULL)
		return SMIME_E_INVALID_ARGUMENT; /* the preference is an attribute */
	if ((rc = smime_cms__sig_choose(&sp, spec->key, spec->digest, spec->pss)) != SMIME_OK)
		return rc;
	/* §5.3: version 1 with issuerAndSerialNumber, 3 with a key identifier */
	field(path, sizeof path, prefix, "version");
	if ((rc = smime_der__write_uint(node, path, spec->use_ski ? 3 : 1)) != SMIME_OK)
		return rc;
	field(path, sizeof path, prefix, "sid");
	if (spec->use_ski) {
		if ((rc = smime_cert__ski(spec->cert, &ski)) != SMIME_OK)
			return rc;
		rc = smime_der__write_str(node, path, "subjectKeyIdentifier");
		field(path, sizeof path, prefix, "sid.subjectKeyIdentifier");
		if (rc == SMIME_OK)
			rc = smime_der__write(node, path, ski.data, ski.len);
		smime_buf_free(&ski);
	} else {
		rc = smime_der__write_str(node, path, "issuerAndSerialNumber");
		field(path, sizeof path, prefix, "sid.issuerAndSerialNumber");
		if (rc == SMIME_OK)
			rc = smime_cms__write_issuer_serial(node, path, spec->cert);
	}
	if (rc != SMIME_OK)
		return rc;
	field(path, sizeof path, prefix, "digestAlgorithm");
	if ((rc = smime_cms__sig_write_digest_alg(&sp, node, path)) != SMIME_OK)
		return rc;
	field(path, sizeof path, prefix, "signatureAlgorithm");
	if ((rc = smime_cms__sig_write_alg(&sp, node, path)) != SMIME_OK)
		return rc;

	smime_crypto__digest(sp.digest, content, content_len, digest);
	memcpy(hash, digest, sp.digest->digest_size);
	field(set, sizeof set, prefix, "signedAttrs");
	if (spec->no_attributes) {
		rc = smime_der__omit(node, set);
	} else {
		rc = build_signed_attrs(node, set, spec, &sp, econtent_type, digest, signing_time);
		/* §5.4: sign the DER of the attributes with a SET OF tag.
		 * libtasn1 sorts SET OF on encoding, so these bytes are the
		 * ones emitted. */
		if (rc == SMIME_OK)
			rc = smime_der__encode(&attrs, node, set);
		if (rc == SMIME_OK && (attrs.len < 2 || attrs.data[0] != 0xA0))
			rc = SMIME_E_INTERNAL;
		if (rc == SMIME_OK) {
			attrs.data[0] = 0x31;
			tbs = attrs.data;
			tbs_len = attrs.len;
			smime_crypto__digest(sp.digest, tbs, tbs_len, hash);
		}
	}
	if (rc == SMIME_OK)
		rc = smime_cms__sig_sign(&sp, spec->key, tbs, tbs_len, hash, &sig);
	field(path, sizeof path, prefix, "signature");
	if (rc == SMIME_OK)
		rc = smime_der__write(node, path, sig.data, sig.len);
	field(path, sizeof path, prefix, "unsignedAttrs");
	if (rc == SMIME_OK)
		rc = smime_der__omit(node, path);
	smime_buf_free(&attrs);
	smime_buf_free(&sig);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* PKCS #7 leniency: lenient on input, strict on output                    */
/* ---------------------------------------------------------------------- */

const char *smime_cms__lenient_note(unsigned flags)
{
	static const char *const notes[] = {
		"",
		"signed attributes explicitly tagged (PKCS#7 leniency)",
		"unsigned attributes explicitly tagged (PKCS#7 leniency)",
		"signed and unsigned attributes explicitly tagged (PKCS#7 leniency)",
		"SignerInfos encoded as a SEQUENCE (PKCS#7 leniency)",
		"signed attributes explicitly tagged, SignerInfos encoded as a SEQUENCE (PKCS#7 leniency)",
		"unsigned attributes explicitly tagged, SignerInfos encoded as a SEQUENCE (PKCS#7 leniency)",
		"signed and unsigned attributes explicitly tagged, SignerInfos encoded as a SEQUENCE (PKCS#7 leniency)",
	};
	return notes[flags & 7u];
}

/* One TLV with a definite length and a low tag number. */
typedef struct {
	uint8_t tag;
	size_t hdr;   /* identifier and length octets */
	size_t len;   /* content octets */
} tlv;

static int tlv_read(tlv *t, const uint8_t *p, size_t avail)
{
	size_t n = 0, k;

	if (avail < 2 || (p[0] & 0x1f) == 0x1f)
		return SMIME_E_MALFORMED;
	t->tag = p[0];
	t->hdr = 2;
	if (p[1] < 0x80) {
		n = p[1];
	} else {
		k = p[1] & 0x7f;
		/* the input is normalised: no indefinite length */
		if (k == 0 || k > sizeof(size_t) || avail - 2 < k)
			return SMIME_E_MALFORMED;
		for (size_t i = 0; i < k; i++)
			n = n << 8 | p[2 + i];
		t->hdr += k;
	}
	if (n > avail - t->hdr)
		return SMIME_E_MALFORMED;
	t->len = n;
	return SMIME_OK;
}

/* Whether the content of a [0]/[1] element is one explicitly tagged set of
 * attributes: exactly one SET, or one SEQUENCE whose first element is
 * itself a SEQUENCE (an Attribute; an implicitly tagged single Attribute
 * starts with its OBJECT IDENTIFIER instead). */
static bool explicit_attr_set(tlv *inner, const uint8_t *p, size_t len)
{
	tlv first;

	if (tlv_read(inner, p, len) != SMIME_OK || inner->hdr + inner->len != len)
		return false;
	if (inner->tag == 0x31)
		return true;
	return inner->tag == 0x30 &&
	       tlv_read(&first, p + inner->hdr, inner->len) == SMIME_OK && first.tag == 0x30;
}

/* One SignerInfo TLV (at p, avail bytes left) into out; *used gets its
 * length, *flags the leniencies applied. */
static int normalize_signer_info(smime_buf *out, unsigned *flags, size_t *used,
				 const uint8_t *p, size_t avail)
{
	smime_buf body = SMIME_BUF_INIT;
	tlv si, c, inner;
	size_t off = 0;
	unsigned idx = 0;
	int rc = tlv_read(&si, p, avail);

	*flags = 0;
	if (rc != SMIME_OK || si.tag != 0x30)
		return SMIME_E_MALFORMED;
	*used = si.hdr + si.len;
	const uint8_t *content = p + si.hdr;
	while (rc == SMIME_OK && off < si.len) {
		const uint8_t *e = content + off;
		if ((rc = tlv_read(&c, e, si.len - off)) != SMIME_OK)
			break;
		/* signedAttrs follows version, sid and digestAlgorithm;
		 * unsignedAttrs follows signatureAlgorithm and signature */
		bool attrs = (c.tag == 0xA0 && idx == 3) || (c.tag == 0xA1 && idx >= 5);
		if (attrs && explicit_attr_set(&inner, e + c.hdr, c.len)) {
			const uint8_t *in = e + c.hdr;
			/* the implicit tag, then the inner set's own length
			 * octets and content, byte for byte */
			rc = smime_buf__append(&body, &c.tag, 1);
			if (rc == SMIME_OK)
				rc = smime_buf__append(&body, in + 1, inner.hdr - 1 + inner.len);
			*flags |= c.tag == 0xA0 ? SMIME_CMS_LENIENT_EXPLICIT_SIGNED
						: SMIME_CMS_LENIENT_EXPLICIT_UNSIGNED;
		} else {
			rc = smime_buf__append(&body, e, c.hdr + c.len);
		}
		off += c.hdr + c.len;
		idx++;
	}
	if (rc == SMIME_OK)
		rc = *flags ? smime_der__wrap(out, 0x30, body.data, body.len)
			    : smime_buf__append(out, p, *used);
	smime_buf_free(&body);
	return rc;
}

int smime_cms__signer_infos_normalize(smime_buf *out, bool *changed, unsigned *flags,
				      size_t max, size_t *count, const uint8_t *in, size_t len)
{
	smime_buf body = SMIME_BUF_INIT;
	tlv set;
	size_t off = 0, n = 0, used = 0;
	bool any = false;
	int rc;

	if (out == NULL || changed == NULL || (flags == NULL && max > 0) || count == NULL ||
	    in == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	*changed = false;
	*count = 0;
	rc = tlv_read(&set, in, len);
	if (rc != SMIME_OK || set.hdr + set.len != len || (set.tag != 0x31 && set.tag != 0x30))
		return SMIME_E_MALFORMED;
	any = set.tag == 0x30;
	while (rc == SMIME_OK && off < set.len) {
		unsigned f = 0;
		if (n == max) {
			rc = SMIME_E_LIMIT;
			break;
		}
		rc = normalize_signer_info(&body, &f, &used, in + set.hdr + off, set.len - off);
		if (set.tag == 0x30)
			f |= SMIME_CMS_LENIENT_SEQUENCE;
		flags[n++] = f;
		any = any || f != 0;
		off += used;
	}
	if (rc == SMIME_OK && any)
		rc = smime_der__wrap(out, 0x31, body.data, body.len);
	smime_buf_free(&body);
	if (rc != SMIME_OK)
		return rc;
	*changed = any;
	*count = n;
	return SMIME_OK;
}
