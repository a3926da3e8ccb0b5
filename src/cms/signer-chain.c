/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The certificate side of verifying a signer: chain validation for e-mail
 * (RFC 8550 §4-§6) at the policy's time, with the message's certificates
 * and CRLs. */
#include "cms/cms.h"

/* A pool of every certificate that may help build the signer's chain. */
static int chain_pool(smime_certs **pool, const smime_certs *a, const smime_certs *b)
{
	int rc = smime_certs_new(pool);
	for (size_t i = 0; rc == SMIME_OK && i < smime_certs_count(a); i++)
		rc = smime_certs_add(*pool, smime_certs_get(a, i));
	for (size_t i = 0; rc == SMIME_OK && i < smime_certs_count(b); i++)
		rc = smime_certs_add(*pool, smime_certs_get(b, i));
	return rc;
}

int smime_cms__signer_chain(smime_signer_status *st, const smime_msg_material *mat,
			    const smime_verify_params *params)
{
	smime_certs *pool = NULL;
	const char *why = "";
	int rc = chain_pool(&pool, mat->certs, params->extra);
	if (rc == SMIME_OK)
		rc = smime_cert__validate2(params->trust, st->cert, pool, SMIME_PURPOSE_SIGN,
					   params->when, params->allow_legacy, &why);
	smime_certs_free(pool);
	if (rc == SMIME_E_NO_MEMORY)
		return rc;
	st->chain_status = rc;
	if (rc != SMIME_OK)
		st->detail = why;
	return rc;
}
