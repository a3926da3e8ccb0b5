/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Distinguished names from raw DER, for reports and inspect. */
#include "cert/cert.h"

#include <gnutls/x509.h>
#include <limits.h>

int smime_cert__dn_string(smime_buf *out, const uint8_t *der, size_t len)
{
	gnutls_datum_t in, str = { NULL, 0 };
	if (len > UINT_MAX)
		return SMIME_E_LIMIT;
	in.data = (unsigned char *)der;
	in.size = (unsigned)len;
	if (gnutls_x509_rdn_get2(&in, &str, 0) < 0)
		return SMIME_E_MALFORMED;
	int rc = smime_buf__set(out, str.data, str.size);
	gnutls_free(str.data);
	return rc;
}
