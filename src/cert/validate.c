/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Certificate path validation for S/MIME (RFC 5280 through GnuTLS, RFC 8550
 * for the e-mail specific rules).
 *
 * GnuTLS has no public way to verify at a chosen time, so the path is built
 * here (leaf, then issuers from the pool until one is found among the trust
 * anchors), GnuTLS checks it with its own time checks disabled, and the
 * validity periods of every member (anchor included, as GnuTLS would) are
 * checked against the requested time afterwards. Revocation is checked here
 * too, against the CRLs of the trust store and of the message: GnuTLS only
 * matches CRL entries by name and cannot check CRLs signed by an
 * intermediate CA, nor at a chosen time.
 *
 * Reasons are reported most fundamental first: what GnuTLS finds (trust,
 * signatures, constraints, key sizes), then validity periods, revocation,
 * extended key usage, key usage, the e-mail address, and last MD5
 * certificate signatures (refused, but checked last so that a chain with
 * another fault reports that one).
 */
#include "cert/cert-private.h"

#include <stdlib.h>
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

/* true when c names cand's key as its issuer's (or either identifier is
 * missing): among certificates of the same name, prefer the right key. */
static bool key_id_match(gnutls_x509_crt_t c, gnutls_x509_crt_t cand)
{
	uint8_t aki[128], ski[128];
	size_t alen = sizeof(aki), slen = sizeof(ski);
	unsigned critical;

	if (gnutls_x509_crt_get_authority_key_id(c, aki, &alen, &critical) < 0 ||
	    gnutls_x509_crt_get_subject_key_id(cand, ski, &slen, &critical) < 0)
		return true;
	return alen == slen && memcmp(aki, ski, alen) == 0;
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
		/* a self-signed certificate finds only itself, which is in the
		 * path; self-issued ones (key rollover) go on */
		for (int pass = 0; pass < 2 && next == NULL; pass++)
			for (size_t i = 0; pool != NULL && i < pool->count; i++) {
				gnutls_x509_crt_t cand = pool->items[i]->crt;
				if (gnutls_x509_crt_check_issuer(cur, cand) &&
				    (pass == 1 || key_id_match(cur, cand)) &&
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

/* --- revocation ------------------------------------------------------ */

/* CRL extensions understood here; any other critical one makes a CRL
 * unusable (RFC 5280 §5.2). issuingDistributionPoint and deltaCRLIndicator
 * are not among them: such CRLs are not used. */
static const char *const known_crl_exts[] = {
	"2.5.29.20", /* cRLNumber */
	"2.5.29.35", /* authorityKeyIdentifier */
};

static bool crl_exts_ok(gnutls_x509_crl_t crl)
{
	for (unsigned i = 0;; i++) {
		char oid[128];
		size_t size = sizeof(oid);
		unsigned critical = 0;
		bool known = false;
		int grc = gnutls_x509_crl_get_extension_info(crl, i, oid, &size, &critical);

		if (grc == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			return true;
		if (grc < 0)
			return false;
		if (strcmp(oid, "2.5.29.28") == 0 || strcmp(oid, "2.5.29.27") == 0)
			return false; /* partial or delta CRL */
		for (size_t k = 0; k < SMIME_ARRAY_SIZE(known_crl_exts); k++)
			if (strcmp(oid, known_crl_exts[k]) == 0)
				known = true;
		if (critical && !known)
			return false;
	}
}

/* true if crl is a complete CRL of issuer, signed by it, current at when. */
static bool crl_usable(gnutls_x509_crl_t crl, gnutls_x509_crt_t issuer, time_t when,
		       bool allow_legacy)
{
	unsigned usage = 0, critical, status = 0;
	unsigned flags = GNUTLS_VERIFY_DISABLE_TIME_CHECKS |
			 GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS;
	time_t this_update = gnutls_x509_crl_get_this_update(crl);
	time_t next_update = gnutls_x509_crl_get_next_update(crl);
	int grc;

	if (!gnutls_x509_crl_check_issuer(crl, issuer))
		return false;
	grc = gnutls_x509_crt_get_key_usage(issuer, &usage, &critical);
	if (grc >= 0 && !(usage & GNUTLS_KEY_CRL_SIGN))
		return false;
	if (grc < 0 && grc != GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
		return false;
	if (allow_legacy)
		flags |= GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1;
	if (gnutls_x509_crl_verify(crl, &issuer, 1, flags, &status) < 0 || status != 0)
		return false;
	if (this_update == (time_t)-1 || this_update > when)
		return false;
	if (next_update != (time_t)-1 && next_update < when)
		return false;
	return crl_exts_ok(crl);
}

/* true if crl lists the serial number of c. */
static bool crl_lists(gnutls_x509_crl_t crl, gnutls_x509_crt_t c)
{
	uint8_t serial[SMIME_CERT_MAX_SERIAL], entry[SMIME_CERT_MAX_SERIAL];
	size_t slen = sizeof(serial);
	gnutls_x509_crl_iter_t iter = NULL;
	bool found = false;

	if (gnutls_x509_crt_get_serial(c, serial, &slen) < 0)
		return false;
	for (;;) {
		size_t elen = sizeof(entry);
		time_t t;
		int grc = gnutls_x509_crl_iter_crt_serial(crl, &iter, entry, &elen, &t);
		if (grc < 0)
			break;
		if (elen == slen && memcmp(entry, serial, slen) == 0) {
			found = true;
			break;
		}
	}
	gnutls_x509_crl_iter_deinit(iter);
	return found;
}

typedef struct crl_list {
	gnutls_x509_crl_t *items;
	size_t count;
} crl_list;

/* Revocation status of c, issued by issuer: NULL when a usable CRL does
 * not list it (or there is no CRL of that issuer at all). */
static const char *check_revocation(const crl_list *lists, size_t nlists,
				    gnutls_x509_crt_t c, gnutls_x509_crt_t issuer,
				    time_t when, bool allow_legacy)
{
	bool claimed = false, usable = false;

	for (size_t l = 0; l < nlists; l++) {
		for (size_t i = 0; i < lists[l].count; i++) {
			gnutls_x509_crl_t crl = lists[l].items[i];
			if (!gnutls_x509_crl_check_issuer(crl, issuer))
				continue;
			claimed = true;
			if (!crl_usable(crl, issuer, when, allow_legacy))
				continue;
			usable = true;
			if (crl_lists(crl, c))
				return "revoked";
		}
	}
	return claimed && !usable ? "revocation status unknown" : NULL;
}

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

/* --- key sizes and algorithms ------------------------------------------ */

/* MD5 and MD2 certificate signatures are refused whatever the policy. */
static bool broken_signature(gnutls_x509_crt_t c)
{
	int alg = gnutls_x509_crt_get_signature_algorithm(c);
	return alg == GNUTLS_SIGN_RSA_MD5 || alg == GNUTLS_SIGN_RSA_MD2;
}

/* GnuTLS cannot size a DSA key without parameters, so its profile check
 * fails on one; the parameters (and the size) are those of the issuer. */
static bool inherited_dsa_ok(gnutls_x509_crt_t issuer, bool allow_legacy)
{
	unsigned bits = 0;
	int alg = gnutls_x509_crt_get_pk_algorithm(issuer, &bits);
	return alg == GNUTLS_PK_DSA && bits >= (allow_legacy ? 1024u : 2048u);
}

/* With an MD5-signed certificate in the path the verdict is "insecure
 * algorithm" anyway; GnuTLS is then asked with its weakest profile (which
 * accepts MD5) so that any other fault is found and reported instead. */
static unsigned verify_flags(bool allow_legacy, bool profile, bool md5)
{
	unsigned flags = GNUTLS_VERIFY_DISABLE_TIME_CHECKS |
			 GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS |
			 GNUTLS_VERIFY_DO_NOT_ALLOW_UNSORTED_CHAIN |
			 GNUTLS_VERIFY_ALLOW_SIGN_RSA_MD5; /* refused afterwards */

	if (allow_legacy)
		flags |= GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1;
	if (profile && md5)
		flags |= GNUTLS_PROFILE_TO_VFLAGS(GNUTLS_PROFILE_VERY_WEAK);
	else if (profile)
		flags |= GNUTLS_PROFILE_TO_VFLAGS(allow_legacy ? GNUTLS_PROFILE_LOW
							       : GNUTLS_PROFILE_MEDIUM);
	return flags;
}

/* GnuTLS's verdict on path[0..n) (status bits; 0: fine). */
static int gnutls_check(gnutls_x509_trust_list_t tl, gnutls_x509_crt_t *path, size_t n,
			gnutls_x509_crt_t anchor, bool leaf_inherits, bool allow_legacy,
			unsigned *status)
{
	gnutls_typed_vdata_st vdata;
	unsigned more = 0;
	bool md5 = false;
	int grc;

	for (size_t i = 0; i < n; i++)
		md5 = md5 || broken_signature(path[i]);

	memset(&vdata, 0, sizeof(vdata));
	vdata.type = GNUTLS_DT_KEY_PURPOSE_OID;
	vdata.data = (unsigned char *)GNUTLS_KP_EMAIL_PROTECTION;
	*status = 0;
	if (leaf_inherits) {
		/* everything but the key size of the leaf, then the rest of
		 * the path with the profile, then the inherited size */
		grc = gnutls_x509_trust_list_verify_crt2(tl, path, (unsigned)n, &vdata, 1,
							 verify_flags(allow_legacy, false, md5),
							 status, NULL);
		if (grc == 0 && *status == 0 && n > 1)
			grc = gnutls_x509_trust_list_verify_crt2(tl, path + 1, (unsigned)n - 1,
								 NULL, 0,
								 verify_flags(allow_legacy, true, md5),
								 &more, NULL);
		*status |= more;
		if (grc == 0 && *status == 0) {
			gnutls_x509_crt_t issuer = n > 1 ? path[1] : anchor;
			if (issuer == NULL || !inherited_dsa_ok(issuer, allow_legacy))
				*status |= GNUTLS_CERT_INVALID | GNUTLS_CERT_INSECURE_ALGORITHM;
		}
		return grc;
	}
	return gnutls_x509_trust_list_verify_crt2(tl, path, (unsigned)n, &vdata, 1,
						  verify_flags(allow_legacy, true, md5), status,
						  NULL);
}

int smime_cert__validate_ex(const smime_cert *leaf, const smime_validation *v,
			    const char **detail)
{
	gnutls_x509_trust_list_t tl, tmp = NULL;
	gnutls_x509_crt_t path[MAX_PATH], anchor = NULL;
	crl_list lists[2] = { { NULL, 0 }, { NULL, 0 } };
	const char *why = NULL;
	unsigned status = 0;
	time_t when;
	size_t n;
	int grc, rc = SMIME_OK;

	if (detail != NULL)
		*detail = "";
	if (leaf == NULL || v == NULL || (v->crl_count > 0 && v->crls == NULL))
		return SMIME_E_INVALID_ARGUMENT;
	when = v->when != 0 ? v->when : time(NULL);

	if (v->trust != NULL) {
		tl = v->trust->tl;
		lists[0].items = v->trust->crls;
		lists[0].count = v->trust->crl_count;
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
	if ((rc = import_crls(&lists[1], v)) != SMIME_OK)
		goto out;

	build_path(tl, leaf, v->pool, path, &n, &anchor);

	grc = gnutls_check(tl, path, n, anchor, smime_cert__dsa_inherits(leaf),
			   v->allow_legacy, &status);
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
	for (size_t i = 0; i < n && why == NULL; i++) {
		gnutls_x509_crt_t issuer = i + 1 < n ? path[i + 1] : anchor;
		if (issuer != NULL)
			why = check_revocation(lists, SMIME_ARRAY_SIZE(lists), path[i], issuer,
					       when, v->allow_legacy);
	}
	if (why == NULL && !eku_ok(leaf->crt))
		why = "extended key usage";
	if (why == NULL && !ku_ok(leaf, v->purpose))
		why = "key usage";
	if (why == NULL && v->email != NULL && !smime_cert__has_email(leaf, v->email))
		why = "no e-mail address matches";
	/* MD5/MD2-signed certificates (forgeable: collision attacks on them
	 * are practical) pass only under the explicit legacy policy, which
	 * exists to check historic messages such as Bouncy Castle's 2011
	 * validator samples; never by default. */
	for (size_t i = 0; i < n && why == NULL && !v->allow_legacy; i++)
		if (broken_signature(path[i]))
			why = "insecure algorithm";
out:
	if (why != NULL && rc == SMIME_OK)
		rc = SMIME_E_CERT_INVALID;
	if (why != NULL && detail != NULL)
		*detail = why;
	if (anchor != NULL)
		gnutls_x509_crt_deinit(anchor);
	if (tmp != NULL)
		gnutls_x509_trust_list_deinit(tmp, 1);
	smime_crl__free_all(lists[1].items, lists[1].count);
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
