/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A DER TLV reader for the structures GnuTLS hands over as bytes (the
 * SubjectPublicKeyInfo, name constraints, distribution points, CRL
 * entries). Definite lengths only and every length checked against what
 * encloses it; the length form is not required to be minimal, as GnuTLS,
 * which accepted the enclosing certificate or CRL, does not require it.
 */
#include "cert/cert-private.h"

int smime_tlv__next(const uint8_t *d, size_t len, size_t *pos, smime_tlv *out)
{
	size_t i = *pos, n;

	if (d == NULL || i > len || len - i < 2)
		return SMIME_E_MALFORMED;
	out->tag = d[i++];
	if ((out->tag & 0x1f) == 0x1f)
		return SMIME_E_MALFORMED; /* high tag numbers: none expected */
	n = d[i++];
	if (n & 0x80) {
		unsigned k = n & 0x7f;

		/* 0x80 is the indefinite form, not DER; at most 4 octets */
		if (k == 0 || k > 4 || len - i < k)
			return SMIME_E_MALFORMED;
		n = 0;
		while (k-- > 0)
			n = (n << 8) | d[i++];
	}
	if (n > len - i)
		return SMIME_E_MALFORMED;
	out->val = d + i;
	out->len = n;
	out->raw = d + *pos;
	out->raw_len = i + n - *pos;
	*pos = i + n;
	return SMIME_OK;
}

/* Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { version [0] OPTIONAL,
 * serialNumber, signature, issuer, validity, subject,
 * subjectPublicKeyInfo, ... }, signatureAlgorithm, signatureValue }. */
int smime_cert__split(const uint8_t *der, size_t len, smime_cert_parts *out)
{
	smime_tlv cert, sig, validity, el;
	size_t pos = 0;
	int rc;

	if ((rc = smime_tlv__next(der, len, &pos, &cert)) != SMIME_OK)
		return rc;
	pos = 0;
	if (cert.tag != 0x30 ||
	    smime_tlv__next(cert.val, cert.len, &pos, &out->tbs) != SMIME_OK ||
	    out->tbs.tag != 0x30)
		return SMIME_E_MALFORMED;
	pos = 0;
	if ((rc = smime_tlv__next(out->tbs.val, out->tbs.len, &pos, &el)) != SMIME_OK)
		return rc;
	if (el.tag == 0xa0 && /* version */
	    (rc = smime_tlv__next(out->tbs.val, out->tbs.len, &pos, &el)) != SMIME_OK)
		return rc;
	out->serial = el;
	if ((rc = smime_tlv__next(out->tbs.val, out->tbs.len, &pos, &sig)) != SMIME_OK ||
	    (rc = smime_tlv__next(out->tbs.val, out->tbs.len, &pos, &out->issuer)) != SMIME_OK ||
	    (rc = smime_tlv__next(out->tbs.val, out->tbs.len, &pos, &validity)) != SMIME_OK ||
	    (rc = smime_tlv__next(out->tbs.val, out->tbs.len, &pos, &out->subject)) != SMIME_OK ||
	    (rc = smime_tlv__next(out->tbs.val, out->tbs.len, &pos, &out->spki)) != SMIME_OK)
		return rc;
	if (out->serial.tag != 0x02 || out->serial.len == 0 || sig.tag != 0x30 ||
	    out->issuer.tag != 0x30 || validity.tag != 0x30 ||
	    out->subject.tag != 0x30 || out->spki.tag != 0x30)
		return SMIME_E_MALFORMED;
	return SMIME_OK;
}
