/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PLACEHOLDER being replaced by the CRL helper. */
#include "cert/pkix.h"

int smime_crl__status(const smime_rev_ctx *ctx, gnutls_x509_crt_t c,
		      gnutls_x509_crt_t issuer, smime_rev_status *status,
		      const char **why)
{
	(void)ctx; (void)c; (void)issuer;
	*status = SMIME_REV_UNDETERMINED;
	*why = "not implemented";
	return SMIME_OK;
}
