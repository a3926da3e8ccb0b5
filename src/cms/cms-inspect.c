/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A readable tree of any CMS object (the `inspect` operation). Read-only:
 * everything is printed from the decoded structure, nothing is verified. */
#include "cms/cms.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Upper bound on the SignerInfos whose leniency notes are shown. */
#define MAX_NOTES 64

typedef struct {
	smime_buf *out;
	asn1_node node;
	int rc;        /* first error of an append */
	const unsigned *lenient;   /* SMIME_CMS_LENIENT_* per SignerInfo, or NULL */
	size_t lenient_count;
} printer;

static void line(printer *p, int indent, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void line(printer *p, int indent, const char *fmt, ...)
{
	char text[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	if (p->rc == SMIME_OK)
		p->rc = smime_buf__appendf(p->out, "%*s%s\n", indent * 2, "", text);
}

static void path_fmt(char *dst, size_t size, const char *base, const char *suffix)
{
	snprintf(dst, size, "%s%s%s", base, base[0] && suffix[0] ? "." : "", suffix);
}

static void print_oid(printer *p, int indent, const char *label, const char *base,
		      const char *field)
{
	char path[192], oid[SMIME_OID_MAX];
	path_fmt(path, sizeof path, base, field);
	if (smime_der__read_oid(p->node, path, oid) == SMIME_OK)
		line(p, indent, "%s: %s (%s)", label, smime_oid__name(oid), oid);
}

static void print_uint(printer *p, int indent, const char *label, const char *base,
		       const char *field)
{
	char path[192];
	unsigned long v;
	path_fmt(path, sizeof path, base, field);
	if (smime_der__read_uint(p->node, path, &v) == SMIME_OK)
		line(p, indent, "%s: %lu", label, v);
}

static void print_hex(printer *p, int indent, const char *label, const char *base,
		      const char *field, size_t max)
{
	char path[192];
	smime_buf v = SMIME_BUF_INIT, hex = SMIME_BUF_INIT;
	path_fmt(path, sizeof path, base, field);
	if (smime_der__read(&v, p->node, path) == SMIME_OK &&
	    smime_hex__encode(&hex, v.data, v.len < max ? v.len : max) == SMIME_OK)
		line(p, indent, "%s: %s%s (%zu bytes)", label, hex.data ? (char *)hex.data : "",
		     v.len > max ? "..." : "", v.len);
	smime_buf_free(&v);
	smime_buf_free(&hex);
}

static void print_length(printer *p, int indent, const char *label, const char *base,
			 const char *field)
{
	char path[192];
	smime_buf v = SMIME_BUF_INIT;
	path_fmt(path, sizeof path, base, field);
	if (!smime_der__exists(p->node, path))
		line(p, indent, "%s: absent", label);
	else if (smime_der__read(&v, p->node, path) == SMIME_OK)
		line(p, indent, "%s: %zu bytes", label, v.len);
	smime_buf_free(&v);
}

/* The name of the AlgorithmIdentifier at path, "" when absent. */
static const char *alg_name(asn1_node node, const char *path, char oid[SMIME_OID_MAX])
{
	char sub[320];
	snprintf(sub, sizeof sub, "%s%salgorithm", path, path[0] ? "." : "");
	if (smime_der__read_oid(node, sub, oid) != SMIME_OK)
		return "";
	return smime_oid__name(oid);
}

/* RSASSA-PSS-params and RSAES-OAEP-params (RFC 4055 §3.1, §4.1). Absent
 * fields take the RFC defaults (SHA-1, MGF1 with SHA-1, salt 20). */
static int describe_rsa_params(printer *p, int indent, const smime_buf *params, bool pss)
{
	asn1_node n = NULL;
	char oid[SMIME_OID_MAX], oid2[SMIME_OID_MAX];
	unsigned long salt = 20;
	int rc = smime_der__decode(&n, pss ? "CMS.RSASSA-PSS-params" : "CMS.RSAES-OAEP-params",
				   params->data, params->len);
	if (rc != SMIME_OK)
		return SMIME_E_MALFORMED;
	const char *hash = smime_der__exists(n, "hashAlgorithm") ?
				   alg_name(n, "hashAlgorithm", oid) : "sha1 (default)";
	line(p, indent, "hashAlgorithm: %s", hash);
	if (smime_der__exists(n, "maskGenAlgorithm")) {
		smime_buf mp = SMIME_BUF_INIT;
		asn1_node m = NULL;
		if (smime_oid__lookup(alg_name(n, "maskGenAlgorithm", oid)[0] ? oid : "") !=
			    SMIME_OID_MGF1 ||
		    smime_der__read(&mp, n, "maskGenAlgorithm.parameters") != SMIME_OK ||
		    smime_der__decode(&m, "CMS.AlgorithmIdentifier", mp.data, mp.len) != SMIME_OK)
			rc = SMIME_E_MALFORMED;
		else
			line(p, indent, "maskGenAlgorithm: mgf1 with %s", alg_name(m, "", oid2));
		smime_der__free(&m);
		smime_buf_free(&mp);
	} else {
		line(p, indent, "maskGenAlgorithm: mgf1 with sha1 (default)");
	}
	if (pss) {
		if (smime_der__exists(n, "saltLength") &&
		    smime_der__read_uint(n, "saltLength", &salt) != SMIME_OK)
			rc = SMIME_E_MALFORMED;
		line(p, indent, "saltLength: %lu", salt);
	} else if (smime_der__exists(n, "pSourceAlgorithm")) {
		/* pSpecified carries the label as an OCTET STRING, never absent */
		smime_buf lp = SMIME_BUF_INIT, label = SMIME_BUF_INIT;
		asn1_node l = NULL;
		if (smime_oid__lookup(alg_name(n, "pSourceAlgorithm", oid)[0] ? oid : "") !=
			    SMIME_OID_P_SPECIFIED ||
		    smime_der__read(&lp, n, "pSourceAlgorithm.parameters") != SMIME_OK ||
		    smime_der__decode(&l, "CMS.MessageDigest", lp.data, lp.len) != SMIME_OK ||
		    smime_der__read(&label, l, "") != SMIME_OK)
			rc = SMIME_E_MALFORMED;
		else
			line(p, indent, "label: %zu bytes", label.len);
		smime_der__free(&l);
		smime_buf_free(&lp);
		smime_buf_free(&label);
	}
	smime_der__free(&n);
	return rc;
}

/* Decodes and shows the parameters of algorithms whose parameter syntax
 * is fixed; parameters that do not fit their algorithm make the whole
 * object malformed (strict parsing). */
static int describe_params(printer *p, int indent, const smime_oid_entry *e,
			   const smime_buf *params, bool present)
{
	char oid[SMIME_OID_MAX];
	asn1_node n = NULL;
	smime_buf v = SMIME_BUF_INIT;
	int rc = SMIME_OK;

	switch (e->id) {
	case SMIME_OID_RSAES_OAEP:
	case SMIME_OID_RSASSA_PSS:
		/* RFC 4055: the parameters MUST be present */
		if (!present)
			return SMIME_E_MALFORMED;
		return describe_rsa_params(p, indent, params, e->id == SMIME_OID_RSASSA_PSS);
	case SMIME_OID_DH_SHA1_KDF:
	case SMIME_OID_DH_SHA224_KDF:
	case SMIME_OID_DH_SHA256_KDF:
	case SMIME_OID_DH_SHA384_KDF:
	case SMIME_OID_DH_SHA512_KDF:
	case SMIME_OID_DH_COFACTOR_SHA1_KDF:
	case SMIME_OID_DH_COFACTOR_SHA224_KDF:
	case SMIME_OID_DH_COFACTOR_SHA256_KDF:
	case SMIME_OID_DH_COFACTOR_SHA384_KDF:
	case SMIME_OID_DH_COFACTOR_SHA512_KDF:
	case SMIME_OID_DH_HKDF_SHA256:
	case SMIME_OID_DH_HKDF_SHA384:
	case SMIME_OID_DH_HKDF_SHA512:
	case SMIME_OID_ESDH:
		/* RFC 5753 §3.1.1, RFC 8418 §2, RFC 2631: the parameters are the
		 * KeyWrapAlgorithm and must be present */
		if (!present ||
		    smime_der__decode(&n, "CMS.AlgorithmIdentifier", params->data, params->len) != SMIME_OK) {
			rc = SMIME_E_MALFORMED;
			break;
		}
		line(p, indent, "keyWrapAlgorithm: %s", alg_name(n, "", oid));
		break;
	default:
		if (e->kind == SMIME_OID_KIND_CIPHER && e->cipher >= 0 && e->id != SMIME_OID_RC2_CBC) {
			/* RFC 3565 §4.1, RFC 3370 §5.1: the CBC parameters are the IV */
			const smime_cipher_desc *c = smime_crypto__cipher_get((smime_cipher_id)e->cipher);
			if (!present || c == NULL ||
			    smime_der__decode(&n, "CMS.MessageDigest", params->data, params->len) != SMIME_OK ||
			    smime_der__read(&v, n, "") != SMIME_OK || v.len != c->iv_size)
				rc = SMIME_E_MALFORMED;
			else
				line(p, indent, "iv: %zu bytes", v.len);
		}
		break;
	}
	smime_der__free(&n);
	smime_buf_free(&v);
	return rc;
}

/* AlgorithmIdentifier: name, then what its parameters say. */
static void print_alg(printer *p, int indent, const char *label, const char *base,
		      const char *field)
{
	char path[192], oid[SMIME_OID_MAX], sub[224];
	smime_buf params = SMIME_BUF_INIT;
	path_fmt(path, sizeof path, base, field);
	if (!smime_der__exists(p->node, path))
		return;
	snprintf(sub, sizeof sub, "%s%salgorithm", path, path[0] ? "." : "");
	if (smime_der__read_oid(p->node, sub, oid) != SMIME_OK)
		return;
	snprintf(sub, sizeof sub, "%s%sparameters", path, path[0] ? "." : "");
	bool present = smime_der__exists(p->node, sub) &&
		       smime_der__read(&params, p->node, sub) == SMIME_OK;
	line(p, indent, "%s: %s (%s)", label, smime_oid__name(oid), oid);
	const smime_oid_entry *e = smime_oid__find(oid);
	if (e != NULL) {
		int rc = describe_params(p, indent + 1, e, &params, present);
		if (rc != SMIME_OK && p->rc == SMIME_OK) {
			line(p, indent + 1, "parameters: malformed");
			p->rc = rc;
		}
	}
	smime_buf_free(&params);
}

static void format_time(char *dst, size_t size, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (gmtime_r(&tt, &tm) == NULL || strftime(dst, size, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		snprintf(dst, size, "%lld", (long long)t);
}

static void print_issuer_serial(printer *p, int indent, const char *path)
{
	char sub[400];
	smime_buf issuer = SMIME_BUF_INIT, serial = SMIME_BUF_INIT, dn = SMIME_BUF_INIT,
		  hex = SMIME_BUF_INIT;
	snprintf(sub, sizeof sub, "%s.issuer", path);
	if (smime_der__read(&issuer, p->node, sub) == SMIME_OK &&
	    smime_cert__dn_string(&dn, issuer.data, issuer.len) == SMIME_OK)
		line(p, indent, "issuer: %s", dn.data ? (char *)dn.data : "");
	snprintf(sub, sizeof sub, "%s.serialNumber", path);
	if (smime_der__read(&serial, p->node, sub) == SMIME_OK &&
	    smime_hex__encode(&hex, serial.data, serial.len) == SMIME_OK)
		line(p, indent, "serialNumber: %s", hex.data ? (char *)hex.data : "");
	smime_buf_free(&issuer);
	smime_buf_free(&serial);
	smime_buf_free(&dn);
	smime_buf_free(&hex);
}

/* A CHOICE of issuerAndSerialNumber or a subject key identifier (sid, rid). */
static void print_identifier(printer *p, int indent, const char *label, const char *path)
{
	char choice[64], sub[224];
	if (smime_der__read_choice(p->node, path, choice, sizeof choice) != SMIME_OK)
		return;
	line(p, indent, "%s: %s", label, choice);
	snprintf(sub, sizeof sub, "%s.%s", path, choice);
	if (strcmp(choice, "issuerAndSerialNumber") == 0)
		print_issuer_serial(p, indent + 1, sub);
	else if (strcmp(choice, "rKeyId") == 0)
		print_hex(p, indent + 1, "subjectKeyIdentifier", sub, "subjectKeyIdentifier", 64);
	else if (strcmp(choice, "originatorKey") == 0)
		print_alg(p, indent + 1, "algorithm", sub, "algorithm");
	else
		print_hex(p, indent + 1, "keyIdentifier", path, choice, 64);
}

/* The position (from 1) of the certificate in the SignedData's
 * certificates that pref names, 0 when there is none. */
static unsigned message_cert_index(printer *p, const smime_enc_pref *pref)
{
	unsigned n = 0, found = 0;
	char path[64];
	if (!smime_der__exists(p->node, "certificates") ||
	    smime_der__count(p->node, "certificates", &n) != SMIME_OK)
		return 0;
	for (unsigned i = 1; i <= n && found == 0; i++) {
		smime_buf der = SMIME_BUF_INIT;
		smime_cert *c = NULL;
		smime_certs *one = NULL;
		snprintf(path, sizeof path, "certificates.?%u.certificate", i);
		if (smime_der__read(&der, p->node, path) == SMIME_OK &&
		    smime_cert__from_der(&c, der.data, der.len) == SMIME_OK &&
		    smime_certs_new(&one) == SMIME_OK && smime_certs_add(one, c) == SMIME_OK &&
		    smime_cms__enc_pref_find(pref, one) != NULL)
			found = i;
		smime_certs_free(one);
		smime_cert_free(c);
		smime_buf_free(&der);
	}
	return found;
}

/* SMIMEEncryptionKeyPreference (RFC 8551 §2.5.3) or Microsoft's variant. */
static void print_enc_pref(printer *p, int indent, const smime_buf *v, bool microsoft)
{
	static const char *const kinds[] = {
		[SMIME_ENC_PREF_ISSUER_SERIAL] = "issuerAndSerialNumber",
		[SMIME_ENC_PREF_RECIPIENT_KEY_ID] = "receipentKeyId",
		[SMIME_ENC_PREF_SUBJECT_KEY_ID] = "subjectAltKeyIdentifier",
	};
	smime_enc_pref pref;
	smime_buf dn = SMIME_BUF_INIT, hex = SMIME_BUF_INIT;
	unsigned index;

	if (smime_cms__enc_pref_decode(&pref, v->data, v->len, microsoft) != SMIME_OK) {
		line(p, indent, "value: malformed (%zu bytes)", v->len);
		return;
	}
	line(p, indent, "value: %s", kinds[pref.kind]);
	if (pref.kind == SMIME_ENC_PREF_ISSUER_SERIAL) {
		if (smime_cert__dn_string(&dn, pref.issuer.data, pref.issuer.len) == SMIME_OK)
			line(p, indent + 1, "issuer: %s", dn.data ? (char *)dn.data : "");
		if (smime_hex__encode(&hex, pref.serial.data, pref.serial.len) == SMIME_OK)
			line(p, indent + 1, "serialNumber: %s", hex.data ? (char *)hex.data : "");
	} else if (smime_hex__encode(&hex, pref.key_id.data, pref.key_id.len) == SMIME_OK) {
		line(p, indent + 1, "keyIdentifier: %s", hex.data ? (char *)hex.data : "");
	}
	index = message_cert_index(p, &pref);
	if (index > 0)
		line(p, indent + 1, "certificate: [%u] of the message", index);
	smime_cms__enc_pref_clear(&pref);
	smime_buf_free(&dn);
	smime_buf_free(&hex);
}

static void print_attr_value(printer *p, int indent, smime_oid_id type, const smime_buf *v)
{
	asn1_node n = NULL;
	smime_buf val = SMIME_BUF_INIT, hex = SMIME_BUF_INIT;
	char oid[SMIME_OID_MAX], when[64];
	int64_t t;

	switch (type) {
	case SMIME_OID_ATTR_CONTENT_TYPE:
		if (smime_der__decode(&n, "CMS.ContentType", v->data, v->len) == SMIME_OK &&
		    smime_der__read_oid(n, "", oid) == SMIME_OK)
			line(p, indent, "value: %s (%s)", smime_oid__name(oid), oid);
		break;
	case SMIME_OID_ATTR_MESSAGE_DIGEST:
		if (smime_der__decode(&n, "CMS.MessageDigest", v->data, v->len) == SMIME_OK &&
		    smime_der__read(&val, n, "") == SMIME_OK &&
		    smime_hex__encode(&hex, val.data, val.len) == SMIME_OK)
			line(p, indent, "value: %s", hex.data ? (char *)hex.data : "");
		break;
	case SMIME_OID_ATTR_SIGNING_TIME:
		if (smime_der__decode(&n, "CMS.Time", v->data, v->len) == SMIME_OK &&
		    smime_der__read_time(n, "", &t) == SMIME_OK) {
			format_time(when, sizeof when, t);
			line(p, indent, "value: %s", when);
		} else {
			line(p, indent, "value: malformed time");
		}
		break;
	case SMIME_OID_ATTR_ENC_KEY_PREF:
	case SMIME_OID_ATTR_MS_ENC_KEY_PREF:
		print_enc_pref(p, indent, v, type == SMIME_OID_ATTR_MS_ENC_KEY_PREF);
		break;
	default:
		line(p, indent, "value: %zu bytes", v->len);
		break;
	}
	smime_der__free(&n);
	smime_buf_free(&val);
	smime_buf_free(&hex);
}

static void print_attributes(printer *p, int indent, const char *label, const char *path)
{
	unsigned n = 0, values = 0;
	char sub[320], oid[SMIME_OID_MAX];
	if (!smime_der__exists(p->node, path) || smime_der__count(p->node, path, &n) != SMIME_OK)
		return;
	line(p, indent, "%s: %u", label, n);
	for (unsigned i = 1; i <= n; i++) {
		snprintf(sub, sizeof sub, "%s.?%u.attrType", path, i);
		if (smime_der__read_oid(p->node, sub, oid) != SMIME_OK)
			continue;
		line(p, indent + 1, "%s (%s)", smime_oid__name(oid), oid);
		snprintf(sub, sizeof sub, "%s.?%u.attrValues", path, i);
		if (smime_der__count(p->node, sub, &values) != SMIME_OK)
			continue;
		for (unsigned j = 1; j <= values; j++) {
			smime_buf v = SMIME_BUF_INIT;
			snprintf(sub, sizeof sub, "%s.?%u.attrValues.?%u", path, i, j);
			if (smime_der__read(&v, p->node, sub) == SMIME_OK)
				print_attr_value(p, indent + 2, smime_oid__lookup(oid), &v);
			smime_buf_free(&v);
		}
	}
}

static void print_certificates(printer *p, int indent, const char *path)
{
	unsigned n = 0;
	char sub[320], choice[64];
	if (!smime_der__exists(p->node, path) || smime_der__count(p->node, path, &n) != SMIME_OK)
		return;
	line(p, indent, "certificates: %u", n);
	for (unsigned i = 1; i <= n; i++) {
		snprintf(sub, sizeof sub, "%s.?%u", path, i);
		if (smime_der__read_choice(p->node, sub, choice, sizeof choice) != SMIME_OK)
			continue;
		if (strcmp(choice, "certificate") != 0) {
			line(p, indent + 1, "[%u] %s", i, choice);
			continue;
		}
		smime_buf der = SMIME_BUF_INIT, s = SMIME_BUF_INIT, is = SMIME_BUF_INIT,
			  ser = SMIME_BUF_INIT;
		smime_cert *c = NULL;
		snprintf(sub, sizeof sub, "%s.?%u.certificate", path, i);
		if (smime_der__read(&der, p->node, sub) == SMIME_OK &&
		    smime_cert__from_der(&c, der.data, der.len) == SMIME_OK &&
		    smime_cert_get_subject(&s, c) == SMIME_OK &&
		    smime_cert_get_issuer(&is, c) == SMIME_OK &&
		    smime_cert_get_serial_hex(&ser, c) == SMIME_OK) {
			line(p, indent + 1, "[%u] subject: %s", i, (char *)s.data);
			line(p, indent + 2, "issuer: %s", (char *)is.data);
			line(p, indent + 2, "serialNumber: %s", (char *)ser.data);
		} else {
			line(p, indent + 1, "[%u] certificate that does not parse (%zu bytes)", i, der.len);
		}
		smime_cert_free(c);
		smime_buf_free(&der);
		smime_buf_free(&s);
		smime_buf_free(&is);
		smime_buf_free(&ser);
	}
}

static void print_crls(printer *p, int indent, const char *path)
{
	unsigned n = 0;
	if (smime_der__exists(p->node, path) && smime_der__count(p->node, path, &n) == SMIME_OK)
		line(p, indent, "crls: %u", n);
}

static void print_encap(printer *p, int indent, const char *path)
{
	line(p, indent, "encapContentInfo:");
	print_oid(p, indent + 1, "eContentType", path, "eContentType");
	print_length(p, indent + 1, "eContent", path, "eContent");
}

static void print_signer_infos(printer *p, int indent, const char *path)
{
	unsigned n = 0;
	char sub[192];
	if (smime_der__count(p->node, path, &n) != SMIME_OK)
		return;
	line(p, indent, "signerInfos: %u", n);
	for (unsigned i = 1; i <= n; i++) {
		snprintf(sub, sizeof sub, "%s%s?%u", path, path[0] ? "." : "", i);
		line(p, indent + 1, "[%u] SignerInfo", i);
		if (p->lenient != NULL && i <= p->lenient_count && p->lenient[i - 1] != 0)
			line(p, indent + 2, "note: %s", smime_cms__lenient_note(p->lenient[i - 1]));
		print_uint(p, indent + 2, "version", sub, "version");
		char id[224];
		snprintf(id, sizeof id, "%s.sid", sub);
		print_identifier(p, indent + 2, "sid", id);
		print_alg(p, indent + 2, "digestAlgorithm", sub, "digestAlgorithm");
		snprintf(id, sizeof id, "%s.signedAttrs", sub);
		print_attributes(p, indent + 2, "signedAttrs", id);
		print_alg(p, indent + 2, "signatureAlgorithm", sub, "signatureAlgorithm");
		print_length(p, indent + 2, "signature", sub, "signature");
		snprintf(id, sizeof id, "%s.unsignedAttrs", sub);
		print_attributes(p, indent + 2, "unsignedAttrs", id);
	}
}

static void print_recipient_infos(printer *p, int indent, const char *path)
{
	unsigned n = 0, keys = 0;
	char sub[160], alt[192], choice[32], id[224];
	if (smime_der__count(p->node, path, &n) != SMIME_OK)
		return;
	line(p, indent, "recipientInfos: %u", n);
	for (unsigned i = 1; i <= n; i++) {
		snprintf(sub, sizeof sub, "%s.?%u", path, i);
		if (smime_der__read_choice(p->node, sub, choice, sizeof choice) != SMIME_OK)
			continue;
		snprintf(alt, sizeof alt, "%s.%s", sub, choice);
		line(p, indent + 1, "[%u] %s", i, choice);
		if (strcmp(choice, "ori") == 0) {
			print_oid(p, indent + 2, "oriType", alt, "oriType");
			continue;
		}
		print_uint(p, indent + 2, "version", alt, "version");
		if (strcmp(choice, "ktri") == 0) {
			snprintf(id, sizeof id, "%s.rid", alt);
			print_identifier(p, indent + 2, "rid", id);
		} else if (strcmp(choice, "kari") == 0) {
			snprintf(id, sizeof id, "%s.originator", alt);
			print_identifier(p, indent + 2, "originator", id);
			print_length(p, indent + 2, "ukm", alt, "ukm");
		} else if (strcmp(choice, "kekri") == 0) {
			print_hex(p, indent + 2, "kekid", alt, "kekid.keyIdentifier", 64);
		} else if (strcmp(choice, "pwri") == 0) {
			print_alg(p, indent + 2, "keyDerivationAlgorithm", alt, "keyDerivationAlgorithm");
		}
		print_alg(p, indent + 2, "keyEncryptionAlgorithm", alt, "keyEncryptionAlgorithm");
		if (strcmp(choice, "kari") == 0) {
			snprintf(id, sizeof id, "%s.recipientEncryptedKeys", alt);
			if (smime_der__count(p->node, id, &keys) == SMIME_OK) {
				line(p, indent + 2, "recipientEncryptedKeys: %u", keys);
				for (unsigned k = 1; k <= keys; k++) {
					char rid[288];
					snprintf(rid, sizeof rid, "%s.?%u.rid", id, k);
					print_identifier(p, indent + 3, "rid", rid);
				}
			}
		} else {
			print_length(p, indent + 2, "encryptedKey", alt, "encryptedKey");
		}
	}
}

static void print_encrypted_content_info(printer *p, int indent, const char *label,
					 const char *path)
{
	line(p, indent, "%s:", label);
	print_oid(p, indent + 1, "contentType", path, "contentType");
	print_alg(p, indent + 1, "contentEncryptionAlgorithm", path, "contentEncryptionAlgorithm");
	print_length(p, indent + 1, "encryptedContent", path, "encryptedContent");
}

static void print_originator_info(printer *p, int indent)
{
	if (!smime_der__exists(p->node, "originatorInfo"))
		return;
	line(p, indent, "originatorInfo:");
	print_certificates(p, indent + 1, "originatorInfo.certs");
	print_crls(p, indent + 1, "originatorInfo.crls");
}

static void inspect_signed(printer *p, int indent)
{
	unsigned n = 0;
	print_uint(p, indent, "version", "", "version");
	if (smime_der__count(p->node, "digestAlgorithms", &n) == SMIME_OK) {
		line(p, indent, "digestAlgorithms: %u", n);
		for (unsigned i = 1; i <= n; i++) {
			char sub[64];
			snprintf(sub, sizeof sub, "digestAlgorithms.?%u", i);
			print_alg(p, indent + 1, "algorithm", sub, "");
		}
	}
	print_encap(p, indent, "encapContentInfo");
	print_certificates(p, indent, "certificates");
	print_crls(p, indent, "crls");
	print_signer_infos(p, indent, "signerInfos");
}

static void inspect_enveloped(printer *p, int indent)
{
	print_uint(p, indent, "version", "", "version");
	print_originator_info(p, indent);
	print_recipient_infos(p, indent, "recipientInfos");
	print_encrypted_content_info(p, indent, "encryptedContentInfo", "encryptedContentInfo");
	print_attributes(p, indent, "unprotectedAttrs", "unprotectedAttrs");
}

static void inspect_auth_enveloped(printer *p, int indent)
{
	print_uint(p, indent, "version", "", "version");
	print_originator_info(p, indent);
	print_recipient_infos(p, indent, "recipientInfos");
	print_encrypted_content_info(p, indent, "authEncryptedContentInfo",
				     "authEncryptedContentInfo");
	print_attributes(p, indent, "authAttrs", "authAttrs");
	print_length(p, indent, "mac", "", "mac");
	print_attributes(p, indent, "unauthAttrs", "unauthAttrs");
}

static void inspect_authenticated(printer *p, int indent)
{
	print_uint(p, indent, "version", "", "version");
	print_originator_info(p, indent);
	print_recipient_infos(p, indent, "recipientInfos");
	print_alg(p, indent, "macAlgorithm", "", "macAlgorithm");
	print_alg(p, indent, "digestAlgorithm", "", "digestAlgorithm");
	print_encap(p, indent, "encapContentInfo");
	print_attributes(p, indent, "authAttrs", "authAttrs");
	print_length(p, indent, "mac", "", "mac");
	print_attributes(p, indent, "unauthAttrs", "unauthAttrs");
}

static void inspect_digested(printer *p, int indent)
{
	print_uint(p, indent, "version", "", "version");
	print_alg(p, indent, "digestAlgorithm", "", "digestAlgorithm");
	print_encap(p, indent, "encapContentInfo");
	print_hex(p, indent, "digest", "", "digest", 64);
}

static void inspect_encrypted(printer *p, int indent)
{
	print_uint(p, indent, "version", "", "version");
	print_encrypted_content_info(p, indent, "encryptedContentInfo", "encryptedContentInfo");
	print_attributes(p, indent, "unprotectedAttrs", "unprotectedAttrs");
}

static void inspect_compressed(printer *p, int indent)
{
	print_uint(p, indent, "version", "", "version");
	print_alg(p, indent, "compressionAlgorithm", "", "compressionAlgorithm");
	print_encap(p, indent, "encapContentInfo");
}

static void inspect_data(printer *p, int indent)
{
	print_length(p, indent, "content", "", "");
}

/* Content-type dispatch (libksba's content_handlers[] idea). */
static const struct {
	smime_oid_id type;
	const char *asn1_type;
	const char *title;
	void (*print)(printer *p, int indent);
} handlers[] = {
	{ SMIME_OID_DATA, "CMS.MessageDigest", "Data", inspect_data },
	{ SMIME_OID_SIGNED_DATA, "CMS.SignedData", "SignedData", inspect_signed },
	{ SMIME_OID_ENVELOPED_DATA, "CMS.EnvelopedData", "EnvelopedData", inspect_enveloped },
	{ SMIME_OID_DIGESTED_DATA, "CMS.DigestedData", "DigestedData", inspect_digested },
	{ SMIME_OID_ENCRYPTED_DATA, "CMS.EncryptedData", "EncryptedData", inspect_encrypted },
	{ SMIME_OID_AUTH_DATA, "CMS.AuthenticatedData", "AuthenticatedData", inspect_authenticated },
	{ SMIME_OID_AUTH_ENVELOPED_DATA, "CMS.AuthEnvelopedData", "AuthEnvelopedData",
	  inspect_auth_enveloped },
	{ SMIME_OID_COMPRESSED_DATA, "CMS.CompressedData", "CompressedData", inspect_compressed },
};

int smime_cms__inspect(smime_buf *out, const uint8_t *der, size_t len, int indent)
{
	smime_content_info ci;
	unsigned lenient[MAX_NOTES] = { 0 };
	printer p = { out, NULL, SMIME_OK, lenient, SMIME_ARRAY_SIZE(lenient) };
	int rc = smime_cms__content_info_decode(&ci, der, len);
	if (rc != SMIME_OK)
		return rc;
	line(&p, indent, "ContentInfo");
	line(&p, indent + 1, "contentType: %s (%s)", smime_oid__name(ci.content_type),
	     ci.content_type);
	rc = SMIME_E_UNSUPPORTED;
	for (size_t i = 0; i < SMIME_ARRAY_SIZE(handlers); i++) {
		if (handlers[i].type != ci.type)
			continue;
		bool pkcs7 = false;
		if (handlers[i].type == SMIME_OID_SIGNED_DATA)
			rc = smime_cms__signed_data_decode_lenient(&p.node, &pkcs7, NULL, lenient,
								   SMIME_ARRAY_SIZE(lenient),
								   ci.content.data, ci.content.len);
		else
			rc = smime_der__decode(&p.node, handlers[i].asn1_type, ci.content.data,
					       ci.content.len);
		if (rc != SMIME_OK)
			break;
		line(&p, indent + 1, "%s%s", handlers[i].title,
		     pkcs7 ? " (PKCS #7 syntax: content is not an OCTET STRING)" : "");
		handlers[i].print(&p, indent + 2);
		rc = p.rc;
		break;
	}
	if (rc == SMIME_E_UNSUPPORTED)
		line(&p, indent + 1, "content: %zu bytes of an unknown content type", ci.content.len),
			rc = p.rc;
	smime_der__free(&p.node);
	smime_cms__content_info_clear(&ci);
	return rc;
}

int smime_cms__inspect_signer_infos(smime_buf *out, const uint8_t *der, size_t len, int indent)
{
	smime_buf norm = SMIME_BUF_INIT, fixed = SMIME_BUF_INIT;
	unsigned lenient[MAX_NOTES] = { 0 };
	size_t count = 0;
	bool changed = false;
	printer p = { out, NULL, SMIME_OK, lenient, SMIME_ARRAY_SIZE(lenient) };
	int rc = smime_der__normalize(&norm, der, len, false);

	if (rc == SMIME_OK)
		rc = smime_cms__signer_infos_normalize(&fixed, &changed, lenient,
						       SMIME_ARRAY_SIZE(lenient), &count,
						       norm.data, norm.len);
	if (rc == SMIME_OK)
		rc = changed ? smime_der__decode(&p.node, "CMS.SignerInfos", fixed.data, fixed.len)
			     : smime_der__decode(&p.node, "CMS.SignerInfos", norm.data, norm.len);
	if (rc == SMIME_OK) {
		line(&p, indent, "SignerInfos (not in a ContentInfo)");
		print_signer_infos(&p, indent + 1, "");
		rc = p.rc;
	}
	smime_der__free(&p.node);
	smime_buf_free(&norm);
	smime_buf_free(&fixed);
	return rc;
}
