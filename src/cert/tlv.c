/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A strict DER TLV reader for the extensions GnuTLS hands over as bytes
 * (name constraints, distribution points, issuing distribution points).
 */
#include "cert/pkix.h"

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

		/* 0x80 is the indefinite form, not DER; at most size_t octets */
		if (k == 0 || k > sizeof(size_t) || len - i < k || d[i] == 0)
			return SMIME_E_MALFORMED;
		n = 0;
		while (k-- > 0)
			n = (n << 8) | d[i++];
		if (n < 0x80)
			return SMIME_E_MALFORMED; /* not the minimal length form */
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
