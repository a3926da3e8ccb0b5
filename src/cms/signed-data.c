/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SignedData (RFC 5652 §5): create and verify. */
#include "cms/signature-alg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Upper bound on SignerInfos we look at in one message. */
#define MAX_SIGNERS 64
#define MAX_CERTS 256

/* Collects the certificates carried in the message. Certificates that do
 * not parse are skipped: they cannot be the signer's, and a bad extra
 * certificate must not hide a good signature. */
static int load_message_certs(smime_certs *list, asn1_node sd)
{
	unsigned n = 0;
	char path[64], choice[64];
	int rc = smime_der__count(sd, "certificates", &n);
	if (rc != SMIME_OK)
		return rc;
	if (n > MAX_CERTS)
		return SMIME_E_LIMIT;
	for (unsigned i = 1; i <= n; i++) {
		snprintf(path, sizeof path, "certificates.?%u", i);
		if (smime_der__read_choice(sd, path, choice, sizeof choice) != SMIME_OK ||
		    strcmp(choice, "certificate") != 0)
			continue;
		smime_buf der = SMIME_BUF_INIT;
		smime_cert *cert = NULL;
		snprintf(path, sizeof path, "certificates.?%u.certificate", i);
		if (smime_der__read(&der, sd, path) == SMIME_OK &&
		    smime_cert__from_der(&cert, der.data, der.len) == SMIME_OK)
			rc = smime_certs_add(list, cert);
		smime_cert_free(cert);
		smime_buf_free(&der);
		if (rc != SMIME_OK)
			return rc;
	}
	return SMIME_OK;
}

/* The CRLs carried in RevocationInfoChoices (§10.2.1); other formats are
 * skipped. */
static int load_message_crls(smime_buf **out, size_t *count, asn1_node sd)
{
	unsigned n = 0;
	char path[64], choice[64];
	int rc = smime_der__count(sd, "crls", &n);
	*out = NULL;
	*count = 0;
	if (rc != SMIME_OK || n == 0)
		return rc;
	if (n > MAX_CERTS)
		return SMIME_E_LIMIT;
	*out = calloc(n, sizeof **out);
	if (*out == NULL)
		return SMIME_E_NO_MEMORY;
	for (unsigned i = 1; i <= n; i++) {
		snprintf(path, sizeof path, "crls.?%u", i);
		if (smime_der__read_choice(sd, path, choice, sizeof choice) != SMIME_OK ||
		    strcmp(choice, "crl") != 0)
			continue;
		snprintf(path, sizeof path, "crls.?%u.crl", i);
		if (smime_der__read(&(*out)[*count], sd, path) == SMIME_OK)
			(*count)++;
	}
	return SMIME_OK;
}

static int decode_strict(asn1_node *sd, bool *pkcs7, const uint8_t *der, size_t len)
{
	int rc = smime_der__decode(sd, "CMS.SignedData", der, len);
	*pkcs7 = false;
	if (rc != SMIME_E_MALFORMED)
		return rc;
	/* RFC 5652 §5.2.1: PKCS #7 allows encapsulated content of any type,
	 * as Microsoft Authenticode and Apple MDM still write it. */
	rc = smime_der__decode(sd, "CMS.PKCS7SignedData", der, len);
	if (rc == SMIME_OK)
		*pkcs7 = true;
	return rc;
}


/* The SignedData (a normalised SEQUENCE) with its last element, the
 * SignerInfos, rewritten by smime_cms__signer_infos_normalize(); out stays
 * empty when there was nothing to rewrite. */
static int normalize_signed_data(smime_buf *out, unsigned *flags, size_t max,
				 const uint8_t *der, size_t len)
{
	smime_buf body = SMIME_BUF_INIT, si = SMIME_BUF_INIT;
	size_t hdr, total, off, last = 0, count = 0;
	bool changed = false;
	int rc;

	if (len < 2 || der[0] != 0x30 || smime_der__tlv_len(der, len, &total) != SMIME_OK ||
	    total != len)
		return SMIME_E_MALFORMED;
	hdr = der[1] & 0x80 ? 2 + (size_t)(der[1] & 0x7f) : 2;
	if (hdr >= len)
		return SMIME_E_MALFORMED;
	/* find the last element */
	for (off = hdr; off < len; off += total) {
		if ((rc = smime_der__tlv_len(der + off, len - off, &total)) != SMIME_OK)
			return rc;
		last = off;
	}
	rc = smime_cms__signer_infos_normalize(&si, &changed, flags, max, &count, der + last,
					       len - last);
	if (rc == SMIME_OK && changed &&
	    (rc = smime_buf__append(&body, der + hdr, last - hdr)) == SMIME_OK &&
	    (rc = smime_buf__append(&body, si.data, si.len)) == SMIME_OK)
		rc = smime_der__wrap(out, 0x30, body.data, body.len);
	smime_buf_free(&body);
	smime_buf_free(&si);
	return rc;
}

int smime_cms__signed_data_decode_lenient(asn1_node *sd, bool *pkcs7, smime_buf *norm,
					  unsigned *flags, size_t max, const uint8_t *der,
					  size_t len)
{
	unsigned scratch[MAX_SIGNERS];
	smime_buf fixed = SMIME_BUF_INIT;
	int rc = decode_strict(sd, pkcs7, der, len);

	if (flags == NULL) {
		flags = scratch;
		max = MAX_SIGNERS;
	}
	memset(flags, 0, max * sizeof *flags);
	if (rc != SMIME_E_MALFORMED)
		return rc;
	/* PKCS #7 leniency: explicitly tagged attribute sets, SignerInfos as
	 * a SEQUENCE; anything else keeps the strict error */
	if (normalize_signed_data(&fixed, flags, max, der, len) != SMIME_OK ||
	    fixed.data == NULL) {
		smime_buf_free(&fixed);
		memset(flags, 0, max * sizeof *flags);
		return rc;
	}
	rc = decode_strict(sd, pkcs7, fixed.data, fixed.len);
	if (rc == SMIME_OK && norm != NULL)
		smime_buf__move(norm, &fixed);
	if (rc != SMIME_OK)
		memset(flags, 0, max * sizeof *flags);
	smime_buf_free(&fixed);
	return rc;
}

int smime_cms__signed_data_decode(asn1_node *sd, bool *pkcs7, const uint8_t *der,
				  size_t len)
{
	return smime_cms__signed_data_decode_lenient(sd, pkcs7, NULL, NULL, 0, der, len);
}

/* PKCS #7 content of any type: the digest covers the content octets of its
 * DER encoding, without tag and length (PKCS #7 v1.5 §9.3). */
static int read_pkcs7_content(smime_buf *out, asn1_node sd)
{
	smime_buf tlv = SMIME_BUF_INIT;
	size_t total;
	int rc = smime_der__read(&tlv, sd, "encapContentInfo.eContent");
	if (rc == SMIME_OK)
		rc = smime_der__tlv_len(tlv.data, tlv.len, &total);
	if (rc == SMIME_OK && total != tlv.len)
		rc = SMIME_E_MALFORMED;
	if (rc == SMIME_OK) {
		size_t hdr = 2;
		/* header length: tag (low-tag-number form checked) + length octets */
		if ((tlv.data[0] & 0x1f) == 0x1f)
			rc = SMIME_E_UNSUPPORTED;
		else if (tlv.data[1] & 0x80)
			hdr += tlv.data[1] & 0x7f;
		if (rc == SMIME_OK)
			rc = smime_buf__set(out, tlv.data + hdr, tlv.len - hdr);
	}
	smime_buf_free(&tlv);
	return rc;
}

int smime_cms__signed_data_verify(smime_signed_data_result *res,
				  const uint8_t *der, size_t len,
				  const uint8_t *detached, size_t detached_len,
				  const smime_verify_params *params)
{
	asn1_node sd = NULL;
	smime_certs *certs = NULL;
	char ctype[SMIME_OID_MAX];
	unsigned n = 0, lenient[MAX_SIGNERS];
	bool pkcs7 = false;
	smime_buf *crls = NULL, norm = SMIME_BUF_INIT;
	size_t crl_count = 0;
	int rc;

	memset(res, 0, sizeof *res);
	rc = smime_cms__signed_data_decode_lenient(&sd, &pkcs7, &norm, lenient,
						   SMIME_ARRAY_SIZE(lenient), der, len);
	if (rc != SMIME_OK)
		return rc;
	/* byte ranges (the signed attributes) refer to what sd was decoded from */
	if (norm.data != NULL) {
		der = norm.data;
		len = norm.len;
	}
	rc = smime_der__read_oid(sd, "encapContentInfo.eContentType", ctype);
	if (rc != SMIME_OK)
		goto out;
	if (smime_der__exists(sd, "encapContentInfo.eContent")) {
		rc = pkcs7 ? read_pkcs7_content(&res->content, sd)
			   : smime_der__read(&res->content, sd, "encapContentInfo.eContent");
		if (rc != SMIME_OK)
			goto out;
		res->has_content = true;
	} else if (detached != NULL) {
		rc = smime_buf__set(&res->content, detached, detached_len);
		if (rc != SMIME_OK)
			goto out;
		res->has_content = true;
	} else {
		rc = SMIME_E_NO_CONTENT;
		goto out;
	}
	if ((rc = smime_certs_new(&certs)) != SMIME_OK ||
	    (rc = load_message_certs(certs, sd)) != SMIME_OK ||
	    (rc = smime_der__count(sd, "signerInfos", &n)) != SMIME_OK)
		goto out;
	if (n > MAX_SIGNERS) {
		rc = SMIME_E_LIMIT;
		goto out;
	}
	res->signers = calloc(n ? n : 1, sizeof *res->signers);
	if (res->signers == NULL) {
		rc = SMIME_E_NO_MEMORY;
		goto out;
	}
	res->signer_count = n;
	if ((rc = load_message_crls(&crls, &crl_count, sd)) != SMIME_OK)
		goto out;
	smime_msg_material mat = { certs, crls, crl_count };
	for (unsigned i = 0; i < n; i++) {
		char prefix[32];
		snprintf(prefix, sizeof prefix, "signerInfos.?%u", i + 1);
		rc = smime_cms__signer_info_verify(&res->signers[i], sd, der, len, prefix,
						   ctype, res->content.data,
						   res->content.len, &mat, params);
		if (rc != SMIME_OK)
			goto out;
		res->signers[i].lenient = lenient[i];
		res->signers[i].note = smime_cms__lenient_note(lenient[i]);
	}
out:
	smime_buf_free(&norm);
	for (size_t i = 0; i < crl_count; i++)
		smime_buf_free(&crls[i]);
	free(crls);
	smime_certs_free(certs);
	smime_der__free(&sd);
	if (rc != SMIME_OK)
		smime_cms__signed_data_result_clear(res);
	return rc;
}

void smime_cms__signed_data_result_clear(smime_signed_data_result *res)
{
	for (size_t i = 0; i < res->signer_count; i++)
		smime_cms__signer_status_clear(&res->signers[i]);
	free(res->signers);
	smime_buf_free(&res->content);
	memset(res, 0, sizeof *res);
}

static bool certs_contain(const smime_certs *l, const smime_cert *c)
{
	const uint8_t *a, *b;
	size_t alen, blen;
	smime_cert__der(c, &a, &alen);
	for (size_t i = 0; i < smime_certs_count(l); i++) {
		smime_cert__der(smime_certs_get(l, i), &b, &blen);
		if (alen == blen && memcmp(a, b, alen) == 0)
			return true;
	}
	return false;
}

static int add_cert(asn1_node sd, smime_certs *seen, const smime_cert *c)
{
	const uint8_t *der;
	size_t len;
	unsigned n = 0;
	char path[64];
	int rc;

	if (certs_contain(seen, c))
		return SMIME_OK;
	if ((rc = smime_certs_add(seen, c)) != SMIME_OK ||
	    (rc = smime_der__append(sd, "certificates")) != SMIME_OK ||
	    (rc = smime_der__count(sd, "certificates", &n)) != SMIME_OK)
		return rc;
	snprintf(path, sizeof path, "certificates.?%u", n);
	if ((rc = smime_der__write_str(sd, path, "certificate")) != SMIME_OK)
		return rc;
	snprintf(path, sizeof path, "certificates.?%u.certificate", n);
	smime_cert__der(c, &der, &len);
	return smime_der__write(sd, path, der, len);
}

int smime_cms__signed_data_create(smime_buf *out, const smime_signer_spec *signers,
				  size_t signer_count, const smime_certs *extra_certs,
				  const uint8_t *content, size_t content_len,
				  bool detached, int64_t signing_time)
{
	asn1_node sd = NULL;
	smime_certs *seen = NULL;
	smime_buf der = SMIME_BUF_INIT;
	bool digest_done[SMIME_DIGEST_COUNT] = { false };
	bool any_ski = false;
	char path[64];
	unsigned n;
	int rc;

	if (signing_time == 0)
		signing_time = (int64_t)time(NULL);
	if ((rc = smime_der__create(&sd, "CMS.SignedData")) != SMIME_OK)
		return rc;
	if ((rc = smime_certs_new(&seen)) != SMIME_OK)
		goto out;
	for (size_t i = 0; i < signer_count; i++) {
		smime_sig_params sp;
		if (signers[i].use_ski)
			any_ski = true;
		rc = smime_cms__sig_choose(&sp, signers[i].key, signers[i].digest, signers[i].pss);
		if (rc != SMIME_OK)
			goto out;
		if (digest_done[sp.digest->id])
			continue;
		digest_done[sp.digest->id] = true;
		if ((rc = smime_der__append(sd, "digestAlgorithms")) != SMIME_OK ||
		    (rc = smime_der__count(sd, "digestAlgorithms", &n)) != SMIME_OK)
			goto out;
		snprintf(path, sizeof path, "digestAlgorithms.?%u", n);
		if ((rc = smime_cms__sig_write_digest_alg(&sp, sd, path)) != SMIME_OK)
			goto out;
	}
	/* §5.1: version 3 when a SignerInfo is version 3, else 1 (the content
	 * is id-data and no attribute certificates or other formats occur) */
	if ((rc = smime_der__write_uint(sd, "version", any_ski ? 3 : 1)) != SMIME_OK)
		goto out;
	rc = smime_der__write_str(sd, "encapContentInfo.eContentType",
				  smime_oid__dotted(SMIME_OID_DATA));
	if (rc != SMIME_OK)
		goto out;
	if (detached || signer_count == 0)
		rc = smime_der__omit(sd, "encapContentInfo.eContent");
	else
		rc = smime_der__write(sd, "encapContentInfo.eContent", content, content_len);
	if (rc != SMIME_OK)
		goto out;
	for (size_t i = 0; i < signer_count && rc == SMIME_OK; i++)
		if (signers[i].include_cert)
			rc = add_cert(sd, seen, signers[i].cert);
	/* RFC 8551 §2.5.3: the certificate an encryption key preference
	 * names SHOULD travel with the message */
	for (size_t i = 0; i < signer_count && rc == SMIME_OK; i++)
		if (signers[i].include_cert && signers[i].encryption_cert != NULL)
			rc = add_cert(sd, seen, signers[i].encryption_cert);
	for (size_t i = 0; i < smime_certs_count(extra_certs) && rc == SMIME_OK; i++)
		rc = add_cert(sd, seen, smime_certs_get(extra_certs, i));
	if (rc != SMIME_OK)
		goto out;
	if (smime_certs_count(seen) == 0 &&
	    (rc = smime_der__omit(sd, "certificates")) != SMIME_OK)
		goto out;
	if ((rc = smime_der__omit(sd, "crls")) != SMIME_OK)
		goto out;
	for (size_t i = 0; i < signer_count; i++) {
		char prefix[48];
		if ((rc = smime_der__append(sd, "signerInfos")) != SMIME_OK)
			goto out;
		snprintf(prefix, sizeof prefix, "signerInfos.?%zu", i + 1);
		rc = smime_cms__signer_info_build(sd, prefix, &signers[i],
						  smime_oid__dotted(SMIME_OID_DATA), content,
						  content_len, signing_time);
		if (rc != SMIME_OK)
			goto out;
	}
	if ((rc = smime_der__encode(&der, sd, NULL)) != SMIME_OK)
		goto out;
	rc = smime_cms__content_info_encode(out, SMIME_OID_SIGNED_DATA, der.data, der.len);
out:
	smime_buf_free(&der);
	smime_certs_free(seen);
	smime_der__free(&sd);
	return rc;
}

/* One SignerInfo (DER TLV) with a countersignature attribute added to its
 * unsignedAttrs, the last field (§5.3); every other byte stays. */
static int add_countersignature(smime_buf *out, const smime_buf *si_tlv,
				const smime_signer_spec *spec, int64_t signing_time)
{
	asn1_node si = NULL, cs = NULL, ua = NULL;
	smime_buf sig = SMIME_BUF_INIT, csder = SMIME_BUF_INIT, uader = SMIME_BUF_INIT,
		  content = SMIME_BUF_INIT;
	size_t hdr, body_end, start, end;
	int rc = smime_der__decode(&si, "CMS.SignerInfo", si_tlv->data, si_tlv->len);

	/* §11.4: the countersignature signs the signature value */
	if (rc == SMIME_OK)
		rc = smime_der__read(&sig, si, "signature");
	if (rc == SMIME_OK)
		rc = smime_der__create(&cs, "CMS.SignerInfo");
	if (rc == SMIME_OK)
		rc = smime_cms__signer_info_build(cs, "", spec, NULL, sig.data, sig.len, signing_time);
	if (rc == SMIME_OK)
		rc = smime_der__encode(&csder, cs, NULL);
	if (rc != SMIME_OK)
		goto out;
	/* the existing unsigned attributes, as a SET OF to extend */
	hdr = si_tlv->data[1] & 0x80 ? 2 + (si_tlv->data[1] & 0x7f) : 2;
	body_end = si_tlv->len;
	if (smime_der__exists(si, "unsignedAttrs")) {
		if ((rc = smime_der__range(si, si_tlv->data, si_tlv->len, "unsignedAttrs", &start,
					   &end)) != SMIME_OK ||
		    end != si_tlv->len || (rc = smime_buf__set(&uader, si_tlv->data + start,
							       end - start)) != SMIME_OK)
			goto out_malformed;
		uader.data[0] = 0x31;
		rc = smime_der__decode(&ua, "CMS.UnsignedAttributes", uader.data, uader.len);
		body_end = start;
	} else {
		rc = smime_der__create(&ua, "CMS.UnsignedAttributes");
	}
	if (rc == SMIME_OK)
		rc = smime_cms__attr_add(ua, "", SMIME_OID_ATTR_COUNTERSIGNATURE, csder.data, csder.len);
	if (rc == SMIME_OK)
		rc = smime_der__encode(&uader, ua, NULL);
	if (rc != SMIME_OK)
		goto out;
	uader.data[0] = 0xA1; /* unsignedAttrs [1] IMPLICIT */
	if ((rc = smime_buf__append(&content, si_tlv->data + hdr, body_end - hdr)) == SMIME_OK &&
	    (rc = smime_buf__append(&content, uader.data, uader.len)) == SMIME_OK)
		rc = smime_der__wrap(out, 0x30, content.data, content.len);
	goto out;
out_malformed:
	if (rc == SMIME_OK)
		rc = SMIME_E_MALFORMED;
out:
	smime_der__free(&si);
	smime_der__free(&cs);
	smime_der__free(&ua);
	smime_buf_free(&sig);
	smime_buf_free(&csder);
	smime_buf_free(&uader);
	smime_buf_free(&content);
	return rc;
}

int smime_cms__signed_data_countersign(smime_buf *out, const uint8_t *der, size_t len,
				       const smime_signer_spec *spec, int64_t signing_time)
{
	asn1_node sd = NULL;
	smime_buf tlv = SMIME_BUF_INIT, neu = SMIME_BUF_INIT, enc = SMIME_BUF_INIT;
	char path[64];
	unsigned n = 0;
	int rc;

	if (signing_time == 0)
		signing_time = (int64_t)time(NULL);
	/* certificates and SignerInfos as raw TLVs: only the unsigned
	 * attributes of each SignerInfo change, and the SETs are re-sorted */
	if ((rc = smime_der__decode(&sd, "CMS.SignedDataRaw", der, len)) != SMIME_OK)
		return rc == SMIME_E_MALFORMED ? SMIME_E_UNSUPPORTED : rc;
	if ((rc = smime_der__count(sd, "signerInfos", &n)) != SMIME_OK)
		goto out;
	if (n == 0 || n > MAX_SIGNERS) {
		rc = n ? SMIME_E_LIMIT : SMIME_E_INVALID_ARGUMENT;
		goto out;
	}
	for (unsigned i = 1; i <= n; i++) {
		snprintf(path, sizeof path, "signerInfos.?%u", i);
		if ((rc = smime_der__read(&tlv, sd, path)) != SMIME_OK ||
		    (rc = add_countersignature(&neu, &tlv, spec, signing_time)) != SMIME_OK ||
		    (rc = smime_der__write(sd, path, neu.data, neu.len)) != SMIME_OK)
			goto out;
		smime_buf_free(&tlv);
		smime_buf_free(&neu);
	}
	/* the countersigner's certificate travels with the message when the
	 * message carries certificates at all */
	if (spec->include_cert && smime_der__exists(sd, "certificates")) {
		const uint8_t *cder;
		size_t clen;
		unsigned k = 0;
		bool have = false;
		smime_cert__der(spec->cert, &cder, &clen);
		if ((rc = smime_der__count(sd, "certificates", &k)) != SMIME_OK)
			goto out;
		for (unsigned i = 1; i <= k && !have; i++) {
			snprintf(path, sizeof path, "certificates.?%u", i);
			if (smime_der__read(&tlv, sd, path) == SMIME_OK)
				have = tlv.len == clen && memcmp(tlv.data, cder, clen) == 0;
			smime_buf_free(&tlv);
		}
		if (!have) {
			snprintf(path, sizeof path, "certificates.?%u", k + 1);
			if ((rc = smime_der__append(sd, "certificates")) != SMIME_OK ||
			    (rc = smime_der__write(sd, path, cder, clen)) != SMIME_OK)
				goto out;
		}
	}
	if ((rc = smime_der__encode(&enc, sd, NULL)) != SMIME_OK)
		goto out;
	rc = smime_cms__content_info_encode(out, SMIME_OID_SIGNED_DATA, enc.data, enc.len);
out:
	smime_der__free(&sd);
	smime_buf_free(&tlv);
	smime_buf_free(&neu);
	smime_buf_free(&enc);
	return rc;
}

int smime_cms__signed_data_certs(smime_certs *out, const uint8_t *der, size_t len)
{
	asn1_node sd = NULL;
	bool pkcs7;
	int rc = smime_cms__signed_data_decode(&sd, &pkcs7, der, len);
	if (rc == SMIME_OK)
		rc = load_message_certs(out, sd);
	smime_der__free(&sd);
	return rc;
}
