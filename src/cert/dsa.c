/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* DSA public keys of certificates, for verifying legacy signatures. */
#include "cert/cert-private.h"

#include <gnutls/x509.h>

static int take(smime_buf *dst, gnutls_datum_t *d)
{
	int rc = smime_buf__set(dst, d->data, d->size);
	gnutls_free(d->data);
	d->data = NULL;
	return rc;
}

int smime_cert__dsa_public(const smime_cert *c, smime_dsa_public *out)
{
	gnutls_datum_t p = { NULL, 0 }, q = { NULL, 0 }, g = { NULL, 0 }, y = { NULL, 0 };
	int rc;

	if (smime_cert__pk_type(c) != SMIME_PK_DSA)
		return SMIME_E_UNSUPPORTED;
	if (gnutls_x509_crt_get_pk_dsa_raw(c->crt, &p, &q, &g, &y) < 0)
		return SMIME_E_UNSUPPORTED; /* e.g. parameters inherited from the issuer */
	rc = take(&out->p, &p);
	if (rc == SMIME_OK)
		rc = take(&out->q, &q);
	if (rc == SMIME_OK)
		rc = take(&out->g, &g);
	if (rc == SMIME_OK)
		rc = take(&out->y, &y);
	gnutls_free(p.data);
	gnutls_free(q.data);
	gnutls_free(g.data);
	gnutls_free(y.data);
	if (rc != SMIME_OK)
		smime_crypto__dsa_public_clear(out);
	return rc;
}
