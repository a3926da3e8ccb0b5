/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Certificate path validation for S/MIME: RFC 5280 §6.1 by path.c (with
 * revocation by crl.c), then the e-mail specific rules of RFC 8550 on the
 * leaf.
 *
 * Reasons are reported most fundamental first: trust, signatures, key
 * sizes and algorithms, constraints, unknown critical extensions (path.c,
 * from the anchor down), then validity periods, revocation, extended key
 * usage, key usage, the e-mail address, and last MD5/MD2 certificate
 * signatures (refused unless the legacy policy allows them, but checked
 * last so that a chain with another fault reports that one).
 */
#include "cert/pkix.h"

#include <stdlib.h>
#include <string.h>

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

typedef struct crl_list {
	gnutls_x509_crl_t *items;
	size_t count;
} crl_list;

/* The message's CRLs (DER); malformed ones are skipped. */
static int import_crls(crl_list *out, const smime_validation *v)
{
	size_t cap = 0;
	int rc = SMIME_OK;

	out->items = NULL;
	out->count = 0;
	for (size_t i = 0; rc != SMIME_E_NO_MEMORY && i < v->crl_count; i++) {
		if (v->crls[i].len == 0)
			continue;
		rc = smime_crl__parse(&out->items, &out->count, &cap, v->crls[i].data,
				      v->crls[i].len);
	}
	return rc == SMIME_E_NO_MEMORY ? rc : SMIME_OK;
}

/* Every CRL at hand: the trust store's, then the message's (borrowed). */
static int all_crls(gnutls_x509_crl_t **out, const smime_trust *trust, const crl_list *msg)
{
	size_t n = trust != NULL ? trust->crl_count : 0, total;

	*out = NULL;
	if (smime_add_overflows(n, msg->count, &total))
		return SMIME_E_LIMIT;
	if (total == 0)
		return SMIME_OK;
	if ((*out = calloc(total, sizeof(**out))) == NULL)
		return SMIME_E_NO_MEMORY;
	for (size_t i = 0; i < n; i++)
		(*out)[i] = trust->crls[i];
	for (size_t i = 0; i < msg->count; i++)
		(*out)[n + i] = msg->items[i];
	return SMIME_OK;
}

/* The system store, when trust is NULL (*tmp to free) or includes it. */
static int system_list(const smime_trust *trust, gnutls_x509_trust_list_t *tmp,
		       gnutls_x509_trust_list_t *out)
{
	int grc;

	*tmp = NULL;
	*out = NULL;
	if (trust != NULL) {
		if (trust->system)
			*out = trust->tl;
		return SMIME_OK;
	}
	if (gnutls_x509_trust_list_init(tmp, 0) < 0)
		return SMIME_E_NO_MEMORY;
	grc = gnutls_x509_trust_list_add_system_trust(*tmp, 0, 0);
	if (grc < 0) {
		gnutls_x509_trust_list_deinit(*tmp, 1);
		*tmp = NULL;
		return smime_cert__gnutls_err(grc, SMIME_E_IO);
	}
	*out = *tmp;
	return SMIME_OK;
}

/* The leaf rules that follow a valid path; NULL when they pass. */
static const char *leaf_checks(const smime_cert *leaf, const smime_validation *v,
			       bool broken_sig)
{
	if (!eku_ok(leaf->crt))
		return "extended key usage";
	if (!ku_ok(leaf, v->purpose))
		return "key usage";
	if (v->email != NULL && !smime_cert__has_email(leaf, v->email))
		return "no e-mail address matches";
	/* MD5/MD2-signed certificates (forgeable: collision attacks on them
	 * are practical) pass only under the explicit legacy policy, which
	 * exists to check historic messages such as Bouncy Castle's 2011
	 * validator samples; never by default. */
	if (broken_sig && !v->allow_legacy)
		return "insecure algorithm";
	return NULL;
}

int smime_cert__validate_ex(const smime_cert *leaf, const smime_validation *v,
			    const char **detail)
{
	gnutls_x509_trust_list_t tmp = NULL;
	gnutls_x509_crl_t *crls = NULL;
	crl_list msg = { NULL, 0 };
	smime_path_params p;
	const char *why = NULL;
	bool broken_sig = false;
	int rc;

	if (detail != NULL)
		*detail = "";
	if (leaf == NULL || v == NULL || (v->crl_count > 0 && v->crls == NULL))
		return SMIME_E_INVALID_ARGUMENT;
	memset(&p, 0, sizeof(p));
	p.trust = v->trust;
	p.pool = v->pool;
	p.when = v->when != 0 ? v->when : time(NULL);
	p.allow_legacy = v->allow_legacy;
	p.require_revocation = v->require_revocation;
	rc = system_list(v->trust, &tmp, &p.system);
	if (rc == SMIME_OK)
		rc = import_crls(&msg, v);
	if (rc == SMIME_OK)
		rc = all_crls(&crls, v->trust, &msg);
	if (rc == SMIME_OK) {
		p.crls = crls;
		p.crl_count = (v->trust != NULL ? v->trust->crl_count : 0) + msg.count;
		rc = smime_path__validate(&p, leaf->crt, &broken_sig, &why);
	}
	if (rc == SMIME_OK)
		why = leaf_checks(leaf, v, broken_sig);
	if (why != NULL && (rc == SMIME_OK || rc == SMIME_E_CERT_INVALID)) {
		rc = SMIME_E_CERT_INVALID;
		if (detail != NULL)
			*detail = why;
	}
	free(crls);
	if (tmp != NULL)
		gnutls_x509_trust_list_deinit(tmp, 1);
	smime_crl__free_all(msg.items, msg.count);
	return rc;
}

int smime_cert__validate2(const smime_trust *trust, const smime_cert *leaf,
			  const smime_certs *pool, smime_purpose purpose,
			  time_t when, bool allow_legacy, const char **detail)
{
	smime_validation v = {
		.trust = trust,
		.pool = pool,
		.purpose = purpose,
		.when = when,
		.allow_legacy = allow_legacy,
	};
	return smime_cert__validate_ex(leaf, &v, detail);
}

int smime_cert__validate(const smime_trust *trust, const smime_cert *leaf,
			 const smime_certs *pool, smime_purpose purpose,
			 time_t when, const char **detail)
{
	return smime_cert__validate2(trust, leaf, pool, purpose, when, false,
				     detail);
}
