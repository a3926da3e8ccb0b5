/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Certificate path validation for S/MIME (RFC 5280 through GnuTLS, RFC 8550
 * for the e-mail specific rules).
 *
 * GnuTLS has no public way to verify at a chosen time, so the path is built
 * here (leaf, then issuers from the pool until one is found among the trust
 * anchors), GnuTLS checks it with its own time checks disabled, and the
 * validity periods of every member (anchor included, as GnuTLS would) are
 * checked against the requested time afterwards.
 */
#include "cert/cert-private.h"

#include <string.h>

/* Longest path built (leaf and intermediates, anchor excluded). */
#define MAX_PATH 16

static const struct {
	unsigned bit;
	const char *detail;
} status_details[] = {
	/* most fundamental first: only the first match is reported */
	{ GNUTLS_CERT_REVOKED, "revoked" },
	{ GNUTLS_CERT_SIGNER_NOT_FOUND, "untrusted" },
	{ GNUTLS_CERT_SIGNATURE_FAILURE, "signature" },
	{ GNUTLS_CERT_INSECURE_ALGORITHM, "insecure algorithm" },
	{ GNUTLS_CERT_SIGNER_NOT_CA, "constraints" },
	{ GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE, "constraints" },
	{ GNUTLS_CERT_UNKNOWN_CRIT_EXTENSIONS, "unknown critical extension" },
	{ GNUTLS_CERT_PURPOSE_MISMATCH, "extended key usage" },
	{ GNUTLS_CERT_EXPIRED, "expired" },
	{ GNUTLS_CERT_NOT_ACTIVATED, "not yet valid" },
	{ GNUTLS_CERT_REVOCATION_DATA_SUPERSEDED, "revocation data" },
	{ GNUTLS_CERT_REVOCATION_DATA_ISSUED_IN_FUTURE, "revocation data" },
};

static const char *status_detail(unsigned status)
{
	for (size_t i = 0; i < SMIME_ARRAY_SIZE(status_details); i++)
		if (status & status_details[i].bit)
			return status_details[i].detail;
	return "invalid";
}

static bool in_path(gnutls_x509_crt_t *path, size_t n, gnutls_x509_crt_t c)
{
	for (size_t i = 0; i < n; i++)
		if (gnutls_x509_crt_equals(path[i], c))
			return true;
	return false;
}

/* Builds path[0..*n) from the leaf through pool certificates; *anchor gets
 * a copy of the trusted issuer of the last one, if the trust list has it. */
static void build_path(gnutls_x509_trust_list_t tl, const smime_cert *leaf,
		       const smime_certs *pool, gnutls_x509_crt_t *path,
		       size_t *n, gnutls_x509_crt_t *anchor)
{
	path[0] = leaf->crt;
	*n = 1;
	*anchor = NULL;
	while (*n < MAX_PATH) {
		gnutls_x509_crt_t cur = path[*n - 1], next = NULL;

		if (gnutls_x509_trust_list_get_issuer(tl, cur, anchor,
						      GNUTLS_TL_GET_COPY) == 0)
			return;
		*anchor = NULL;
		if (gnutls_x509_crt_check_issuer(cur, cur))
			return; /* self-issued and not trusted */
		for (size_t i = 0; pool != NULL && i < pool->count; i++) {
			gnutls_x509_crt_t cand = pool->items[i]->crt;
			if (gnutls_x509_crt_check_issuer(cur, cand) &&
			    !in_path(path, *n, cand)) {
				next = cand;
				break;
			}
		}
		if (next == NULL)
			return;
		path[(*n)++] = next;
	}
}

/* Validity period of c at time now; NULL when it is valid. GnuTLS gives
 * (time_t)-1 for 99991231235959Z ("no well-defined expiration"). */
static const char *check_time(gnutls_x509_crt_t c, time_t now)
{
	time_t from = gnutls_x509_crt_get_activation_time(c);
	time_t until = gnutls_x509_crt_get_expiration_time(c);

	if (from != (time_t)-1 && now < from)
		return "not yet valid";
	if (until != (time_t)-1 && now > until)
		return "expired";
	return NULL;
}

/* RFC 8550 §4.4: emailProtection or anyExtendedKeyUsage, or no EKU. */
static bool eku_ok(gnutls_x509_crt_t c)
{
	char oid[128];
	bool any = false;

	for (unsigned i = 0;; i++) {
		size_t size = sizeof(oid);
		int grc = gnutls_x509_crt_get_key_purpose_oid(c, i, oid, &size,
							      NULL);
		if (grc == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			return i == 0 || any;
		if (grc == GNUTLS_E_SHORT_MEMORY_BUFFER)
			continue; /* longer than any OID we accept */
		if (grc < 0)
			return false;
		if (strcmp(oid, GNUTLS_KP_EMAIL_PROTECTION) == 0 ||
		    strcmp(oid, GNUTLS_KP_ANY) == 0)
			any = true;
	}
}

/* RFC 8550 §4.4.2: the key usage needed for the purpose, if present. */
static bool ku_ok(const smime_cert *leaf, smime_purpose purpose)
{
	unsigned usage = 0, critical;
	int grc = gnutls_x509_crt_get_key_usage(leaf->crt, &usage, &critical);

	if (grc == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
		return true;
	if (grc < 0)
		return false;
	if (purpose == SMIME_PURPOSE_SIGN)
		return (usage & (GNUTLS_KEY_DIGITAL_SIGNATURE |
				 GNUTLS_KEY_NON_REPUDIATION)) != 0;
	switch (smime_cert__pk_type(leaf)) {
	case SMIME_PK_RSA:
	case SMIME_PK_RSA_PSS:
		return (usage & GNUTLS_KEY_KEY_ENCIPHERMENT) != 0;
	case SMIME_PK_EC:
	case SMIME_PK_X25519:
	case SMIME_PK_X448:
		return (usage & GNUTLS_KEY_KEY_AGREEMENT) != 0;
	default:
		return false;
	}
}

int smime_cert__validate2(const smime_trust *trust, const smime_cert *leaf,
			  const smime_certs *pool, smime_purpose purpose,
			  time_t when, bool allow_legacy, const char **detail)
{
	gnutls_x509_trust_list_t tl, tmp = NULL;
	gnutls_x509_crt_t path[MAX_PATH], anchor = NULL;
	gnutls_typed_vdata_st vdata;
	const char *why = NULL;
	unsigned flags, status = 0;
	size_t n;
	int grc, rc = SMIME_OK;

	if (detail != NULL)
		*detail = "";
	if (leaf == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (when == 0)
		when = time(NULL);

	if (trust != NULL) {
		tl = trust->tl;
	} else {
		if (gnutls_x509_trust_list_init(&tmp, 0) < 0)
			return SMIME_E_NO_MEMORY;
		grc = gnutls_x509_trust_list_add_system_trust(tmp, 0, 0);
		if (grc < 0) {
			gnutls_x509_trust_list_deinit(tmp, 1);
			return smime_cert__gnutls_err(grc, SMIME_E_IO);
		}
		tl = tmp;
	}

	build_path(tl, leaf, pool, path, &n, &anchor);

	memset(&vdata, 0, sizeof(vdata));
	vdata.type = GNUTLS_DT_KEY_PURPOSE_OID;
	vdata.data = (unsigned char *)GNUTLS_KP_EMAIL_PROTECTION;
	flags = GNUTLS_VERIFY_DISABLE_TIME_CHECKS |
		GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS |
		GNUTLS_VERIFY_DO_NOT_ALLOW_UNSORTED_CHAIN;
	if (allow_legacy)
		flags |= GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1 |
			 GNUTLS_PROFILE_TO_VFLAGS(GNUTLS_PROFILE_LOW);
	else
		flags |= GNUTLS_PROFILE_TO_VFLAGS(GNUTLS_PROFILE_MEDIUM);

	grc = gnutls_x509_trust_list_verify_crt2(tl, path, (unsigned)n, &vdata, 1,
						 flags, &status, NULL);
	if (grc < 0) {
		rc = smime_cert__gnutls_err(grc, SMIME_E_CERT_INVALID);
		why = "invalid";
		goto out;
	}
	if (status != 0) {
		why = status_detail(status);
		goto out;
	}

	for (size_t i = 0; i < n && why == NULL; i++)
		why = check_time(path[i], when);
	if (why == NULL && anchor != NULL)
		why = check_time(anchor, when);
	if (why == NULL && !eku_ok(leaf->crt))
		why = "extended key usage";
	if (why == NULL && !ku_ok(leaf, purpose))
		why = "key usage";
out:
	if (why != NULL && rc == SMIME_OK)
		rc = SMIME_E_CERT_INVALID;
	if (why != NULL && detail != NULL)
		*detail = why;
	if (anchor != NULL)
		gnutls_x509_crt_deinit(anchor);
	if (tmp != NULL)
		gnutls_x509_trust_list_deinit(tmp, 1);
	return rc;
}

int smime_cert__validate(const smime_trust *trust, const smime_cert *leaf,
			 const smime_certs *pool, smime_purpose purpose,
			 time_t when, const char **detail)
{
	return smime_cert__validate2(trust, leaf, pool, purpose, when, false,
				     detail);
}
