/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The certificate side of verifying a signer: chain validation for e-mail
 * (RFC 8550 §3-§6) with the message's certificates and CRLs, purpose
 * signing (key usage digitalSignature or nonRepudiation, extended key usage
 * emailProtection, anyExtendedKeyUsage or none), and the address the caller
 * expects.
 *
 * Two times matter: the policy's (the caller's time or now, or the
 * signing-time attribute with at_signing_time) decides; when the signer has
 * a signing-time attribute the chain is also validated at the other one,
 * for information only (a certificate that expired after the message was
 * signed, or one that was not yet valid when the sender claims to have
 * signed).
 */
#include "cms/cms.h"

#include <limits.h>

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

/* A signing time as a validation time (0 means "now" there: one second
 * later is as good for the epoch itself). */
static bool signing_time(time_t *out, int64_t t)
{
	if (t < 0 || (sizeof(time_t) < sizeof(int64_t) && t > (int64_t)INT32_MAX))
		return false;
	*out = t == 0 ? 1 : (time_t)t;
	return true;
}

int smime_cms__signer_chain(smime_signer_status *st, const smime_msg_material *mat,
			    const smime_verify_params *params)
{
	smime_certs *pool = NULL;
	const char *why = "", *why_other = "";
	time_t signed_at = 0, policy = params->when, other = 0;
	bool has_time = signing_time(&signed_at, st->signing_time);
	int rc, rc_other = 1;

	if (has_time) {
		if (params->at_signing_time) {
			other = params->when;
			policy = signed_at;
		} else {
			other = signed_at;
		}
	}
	rc = chain_pool(&pool, mat->certs, params->extra);
	if (rc == SMIME_OK) {
		smime_validation v = {
			.trust = params->trust,
			.pool = pool,
			.crls = mat->crls,
			.crl_count = mat->crls != NULL ? mat->crl_count : 0,
			.purpose = SMIME_PURPOSE_SIGN,
			.when = policy,
			.allow_legacy = params->allow_legacy,
			.email = params->email,
			.require_revocation = params->require_revocation,
		};
		rc = smime_cert__validate_ex(st->cert, &v, &why);
		if (rc != SMIME_E_NO_MEMORY && has_time) {
			v.when = other;
			rc_other = smime_cert__validate_ex(st->cert, &v, &why_other);
			if (rc_other == SMIME_E_NO_MEMORY)
				rc = rc_other;
		}
	}
	smime_certs_free(pool);
	if (rc == SMIME_E_NO_MEMORY)
		return rc;
	st->chain_status = rc;
	if (rc != SMIME_OK && (st->detail == NULL || st->detail[0] == '\0'))
		st->detail = why; /* a signature failure keeps its own */
	st->chain_status_other = rc_other;
	st->chain_detail_other = rc_other == SMIME_OK || rc_other == 1 ? "" : why_other;
	return rc;
}
