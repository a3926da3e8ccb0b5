/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Certification path building and processing (RFC 5280 §6.1, without the
 * certificate policy steps (d)-(f) and (h)-(j) of §6.1.3/§6.1.4).
 *
 * Building: from the leaf, issuers are looked for among the trust anchors
 * first, then among the pool's certificates, by name (§7.1 through
 * smime_name__equal); a candidate whose subjectKeyIdentifier differs from
 * the child's authorityKeyIdentifier is not the issuer, one without either
 * identifier comes after those that match (RFC 5280 §4.2.1.1). Alternatives
 * are tried depth first (backtracking), at most MAX_PATH certificates deep
 * and MAX_ATTEMPTS candidates per validation, never a certificate twice.
 * A leaf that is itself a trust anchor is valid by its anchor alone.
 *
 * Processing, from the anchor down, in three rounds so that the most
 * fundamental fault is the one reported:
 *  1. structure: name chaining (§6.1.3 (a)(4)), the signature with the
 *     working public key (§6.1.3 (a)(1); a DSA key without parameters takes
 *     those of the working key, RFC 3279 §2.3.2), the algorithm and key
 *     size policy, §6.1.4 (k)-(n) for intermediates (basicConstraints cA,
 *     pathLenConstraint not counting self-issued certificates, keyCertSign),
 *     name constraints (§6.1.3 (b)(c), §6.1.4 (g)), unknown critical
 *     extensions (§6.1.4 (o), §6.1.5 (f));
 *  2. validity periods at the validation time (§6.1.3 (a)(2)), anchor too;
 *  3. revocation (§6.1.3 (a)(3), crl.c): the key that signed a CRL must
 *     belong to a certificate with a valid path to the same anchor
 *     (§6.3.3 (f)), validated here by a nested walk of bounded depth.
 * The first valid path wins; otherwise the failure of the path that got
 * furthest (round by round) is reported.
 */
#include "cert/pkix.h"

#include <gnutls/abstract.h>
#include <stdlib.h>
#include <string.h>

/* Certificates below the anchor in one path. */
#define MAX_PATH 16
/* Issuer candidates and paths tried by one walk. */
#define MAX_ATTEMPTS 64
/* Walks (nested ones included) for one validation. */
#define MAX_WALKS 256
/* Nesting of CRL issuer validations. */
#define MAX_CRL_DEPTH 3

/* Signatures are checked with every algorithm GnuTLS knows; the policy on
 * weak ones is applied here. */
#define VERIFY_ANY (GNUTLS_VERIFY_ALLOW_BROKEN | GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1)

enum { ROUND_STRUCTURE, ROUND_TIME, ROUND_REVOCATION, ROUND_DONE };

/* Shared by the walks of one validation. */
typedef struct shared {
	const smime_path_params *p;
	unsigned walks;
	gnutls_x509_crt_t *owned; /* anchor copies from the system store */
	size_t owned_count, owned_cap;
} shared;

typedef struct walk {
	shared *sh;
	unsigned depth;                  /* CRL issuer nesting */
	gnutls_x509_crt_t only_anchor;   /* NULL, or the anchor to reach */
	gnutls_x509_crt_t certs[MAX_PATH]; /* certs[0] is the leaf */
	size_t n;
	unsigned attempts;
	int err;                         /* SMIME_E_NO_MEMORY and such */
	bool valid;
	bool broken_sig;                 /* of the valid path */
	gnutls_pubkey_t leaf_key;        /* of the valid path (owned) */
	int best_round;                  /* -1: no path reached an anchor */
	const char *best_why;
} walk;

/* One path being processed: certs[0..n) of w, then anchor. */
typedef struct proc {
	walk *w;
	gnutls_x509_crt_t anchor;
	size_t n;
	gnutls_pubkey_t keys[MAX_PATH + 1]; /* keys[n]: the anchor's */
	bool broken_sig;
} proc;

static int walk_run(walk *w, gnutls_x509_crt_t leaf);

/* --- DER and names ------------------------------------------------------ */

/* The first element (to-be-signed part) of a signed SEQUENCE. */
static int tbs_of(const gnutls_datum_t *der, smime_tlv *tbs)
{
	smime_tlv outer;
	size_t pos = 0;

	if (smime_tlv__next(der->data, der->size, &pos, &outer) != SMIME_OK ||
	    outer.tag != 0x30)
		return SMIME_E_MALFORMED;
	pos = 0;
	if (smime_tlv__next(outer.val, outer.len, &pos, tbs) != SMIME_OK || tbs->tag != 0x30)
		return SMIME_E_MALFORMED;
	return SMIME_OK;
}

typedef int (*raw_dn_fn)(gnutls_x509_crt_t, gnutls_datum_t *);

/* true when the name a gives of x matches the name b gives of y. */
static bool dn_match(raw_dn_fn a, gnutls_x509_crt_t x, raw_dn_fn b, gnutls_x509_crt_t y)
{
	gnutls_datum_t dx = { NULL, 0 }, dy = { NULL, 0 };
	bool eq = false;

	if (a(x, &dx) >= 0 && b(y, &dy) >= 0)
		eq = smime_name__equal(dx.data, dx.size, dy.data, dy.size);
	gnutls_free(dx.data);
	gnutls_free(dy.data);
	return eq;
}

/* c names issuer as its issuer (RFC 5280 §6.1.3 (a)(4), §7.1). */
static bool chains(gnutls_x509_crt_t c, gnutls_x509_crt_t issuer)
{
	return dn_match(gnutls_x509_crt_get_raw_issuer_dn, c, gnutls_x509_crt_get_raw_dn, issuer);
}

static bool self_issued(gnutls_x509_crt_t c)
{
	return chains(c, c);
}

/* 1: c's authorityKeyIdentifier is cand's subjectKeyIdentifier; 0: one of
 * them is missing; -1: they differ (cand holds another key). */
static int key_id_match(gnutls_x509_crt_t c, gnutls_x509_crt_t cand)
{
	uint8_t aki[SMIME_CERT_MAX_SKI], ski[SMIME_CERT_MAX_SKI];
	size_t alen = sizeof(aki), slen = sizeof(ski);
	unsigned critical;

	if (gnutls_x509_crt_get_authority_key_id(c, aki, &alen, &critical) < 0 ||
	    gnutls_x509_crt_get_subject_key_id(cand, ski, &slen, &critical) < 0)
		return 0;
	return alen == slen && memcmp(aki, ski, alen) == 0 ? 1 : -1;
}

/* --- keys and signatures -------------------------------------------------- */

/* The DSA public value y of c when its key has no domain parameters
 * (RFC 3279 §2.3.2); SMIME_E_UNSUPPORTED when it has them or is not DSA. */
static int dsa_y_without_params(const smime_tlv *tbs, gnutls_datum_t *y)
{
	static const uint8_t dsa_oid[] = { 0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01 };
	smime_tlv f, alg, oid, par, bits, key;
	size_t pos = 0, apos = 0, bpos = 0;
	unsigned idx = 0;

	/* version [0] (optional), serial, signature, issuer, validity,
	 * subject, subjectPublicKeyInfo */
	while (smime_tlv__next(tbs->val, tbs->len, &pos, &f) == SMIME_OK) {
		if (f.tag == 0xa0 && idx == 0)
			continue;
		if (idx++ == 5)
			break;
	}
	if (idx != 6 || f.tag != 0x30)
		return SMIME_E_MALFORMED;
	pos = 0;
	if (smime_tlv__next(f.val, f.len, &pos, &alg) != SMIME_OK ||
	    smime_tlv__next(f.val, f.len, &pos, &bits) != SMIME_OK ||
	    smime_tlv__next(alg.val, alg.len, &apos, &oid) != SMIME_OK)
		return SMIME_E_MALFORMED;
	if (oid.len != sizeof(dsa_oid) || memcmp(oid.val, dsa_oid, oid.len) != 0)
		return SMIME_E_UNSUPPORTED;
	if (smime_tlv__next(alg.val, alg.len, &apos, &par) == SMIME_OK && par.tag != 0x05)
		return SMIME_E_UNSUPPORTED; /* parameters present */
	if (bits.tag != 0x03 || bits.len < 1 || bits.val[0] != 0 ||
	    smime_tlv__next(bits.val + 1, bits.len - 1, &bpos, &key) != SMIME_OK ||
	    key.tag != 0x02 || key.len == 0 || key.len > UINT32_MAX)
		return SMIME_E_MALFORMED;
	y->data = (unsigned char *)key.val;
	y->size = (unsigned)key.len;
	return SMIME_OK;
}

/* c's key, DSA parameters inherited from parent when c has none. */
static int import_key(gnutls_x509_crt_t c, gnutls_pubkey_t parent, gnutls_pubkey_t *out)
{
	gnutls_datum_t der = { NULL, 0 }, y, p = { NULL, 0 }, q = { NULL, 0 };
	gnutls_datum_t g = { NULL, 0 }, py = { NULL, 0 };
	smime_tlv tbs;
	int rc = SMIME_E_CERT_INVALID;

	*out = NULL;
	if (gnutls_pubkey_init(out) < 0)
		return SMIME_E_NO_MEMORY;
	if (gnutls_pubkey_import_x509(*out, c, 0) >= 0)
		return SMIME_OK;
	if (parent != NULL && gnutls_pubkey_get_pk_algorithm(parent, NULL) == GNUTLS_PK_DSA &&
	    gnutls_x509_crt_export2(c, GNUTLS_X509_FMT_DER, &der) >= 0 &&
	    tbs_of(&der, &tbs) == SMIME_OK && dsa_y_without_params(&tbs, &y) == SMIME_OK &&
	    gnutls_pubkey_export_dsa_raw(parent, &p, &q, &g, &py) >= 0 &&
	    gnutls_pubkey_import_dsa_raw(*out, &p, &q, &g, &y) >= 0)
		rc = SMIME_OK;
	gnutls_free(der.data);
	gnutls_free(p.data);
	gnutls_free(q.data);
	gnutls_free(g.data);
	gnutls_free(py.data);
	if (rc != SMIME_OK) {
		gnutls_pubkey_deinit(*out);
		*out = NULL;
	}
	return rc;
}

typedef int (*get_sig_fn)(void *obj, char *sig, size_t *size);

static int crt_sig(void *obj, char *sig, size_t *size)
{
	return gnutls_x509_crt_get_signature(obj, sig, size);
}

static int crl_sig(void *obj, char *sig, size_t *size)
{
	return gnutls_x509_crl_get_signature(obj, sig, size);
}

/* true when key verifies the signature sig_fn gives of obj over the
 * to-be-signed part of der, with algorithm alg. */
static bool verify_signed(gnutls_pubkey_t key, const gnutls_datum_t *der, int alg,
			  get_sig_fn sig_fn, void *obj)
{
	gnutls_datum_t data, sig = { NULL, 0 };
	smime_tlv tbs;
	size_t size = 0;
	bool ok = false;

	if (key == NULL || alg <= 0 || tbs_of(der, &tbs) != SMIME_OK || tbs.raw_len > UINT32_MAX)
		return false;
	if (sig_fn(obj, NULL, &size) != GNUTLS_E_SHORT_MEMORY_BUFFER || size == 0 ||
	    size > UINT32_MAX || (sig.data = malloc(size)) == NULL)
		return false;
	if (sig_fn(obj, (char *)sig.data, &size) >= 0) {
		data.data = (unsigned char *)tbs.raw;
		data.size = (unsigned)tbs.raw_len;
		sig.size = (unsigned)size;
		ok = gnutls_pubkey_verify_data2(key, (gnutls_sign_algorithm_t)alg, VERIFY_ANY,
						&data, &sig) >= 0;
	}
	free(sig.data);
	return ok;
}

static bool crt_signed_by(gnutls_x509_crt_t c, gnutls_pubkey_t key)
{
	gnutls_datum_t der = { NULL, 0 };
	bool ok = false;

	if (gnutls_x509_crt_export2(c, GNUTLS_X509_FMT_DER, &der) >= 0)
		ok = verify_signed(key, &der, gnutls_x509_crt_get_signature_algorithm(c), crt_sig, c);
	gnutls_free(der.data);
	return ok;
}

static bool crl_signed_by(gnutls_x509_crl_t crl, gnutls_pubkey_t key)
{
	gnutls_datum_t der = { NULL, 0 };
	bool ok = false;

	if (gnutls_x509_crl_export2(crl, GNUTLS_X509_FMT_DER, &der) >= 0)
		ok = verify_signed(key, &der, gnutls_x509_crl_get_signature_algorithm(crl),
				   crl_sig, crl);
	gnutls_free(der.data);
	return ok;
}

/* --- algorithm policy ---------------------------------------------------- */

static bool broken_hash(int sign_alg)
{
	gnutls_digest_algorithm_t h = gnutls_sign_get_hash_algorithm((gnutls_sign_algorithm_t)sign_alg);
	return h == GNUTLS_DIG_MD5 || h == GNUTLS_DIG_MD2;
}

/* SHA-1 only under the legacy policy; MD5/MD2 are the caller's call. */
static bool sign_alg_ok(int sign_alg, bool allow_legacy)
{
	gnutls_digest_algorithm_t h = gnutls_sign_get_hash_algorithm((gnutls_sign_algorithm_t)sign_alg);
	return allow_legacy || h != GNUTLS_DIG_SHA1;
}

/* RSA and DSA: 112-bit security (2048) by default, 80 (1024) at least. */
static bool key_size_ok(int pk, unsigned bits, bool allow_legacy)
{
	if (pk != GNUTLS_PK_RSA && pk != GNUTLS_PK_RSA_PSS && pk != GNUTLS_PK_DSA)
		return true;
	return bits >= (allow_legacy ? 1024u : 2048u);
}

static bool pubkey_size_ok(gnutls_pubkey_t key, bool allow_legacy)
{
	unsigned bits = 0;
	int pk = gnutls_pubkey_get_pk_algorithm(key, &bits);
	return key_size_ok(pk, bits, allow_legacy);
}

/* --- certificate checks ---------------------------------------------------- */

/* Extensions processed or recognised (policy ones are not processed). */
static const char *const known_exts[] = {
	"2.5.29.19", /* basicConstraints */
	"2.5.29.15", /* keyUsage */
	"2.5.29.37", /* extKeyUsage */
	"2.5.29.17", /* subjectAltName */
	"2.5.29.30", /* nameConstraints */
	"2.5.29.32", /* certificatePolicies */
	"2.5.29.33", /* policyMappings */
	"2.5.29.36", /* policyConstraints */
	"2.5.29.54", /* inhibitAnyPolicy */
	"2.5.29.31", /* cRLDistributionPoints */
	"2.5.29.35", /* authorityKeyIdentifier */
	"2.5.29.14", /* subjectKeyIdentifier */
	"2.5.29.46", /* freshestCRL */
};

static bool known_ext(const char *oid)
{
	for (size_t k = 0; k < SMIME_ARRAY_SIZE(known_exts); k++)
		if (strcmp(oid, known_exts[k]) == 0)
			return true;
	return false;
}

/* RFC 5280 §6.1.4 (o), §6.1.5 (f). */
static bool crit_exts_ok(gnutls_x509_crt_t c)
{
	for (unsigned i = 0;; i++) {
		char oid[128];
		size_t size = sizeof(oid);
		unsigned critical = 0;
		int grc = gnutls_x509_crt_get_extension_info(c, i, oid, &size, &critical);

		if (grc == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			return true;
		if (grc == GNUTLS_E_SHORT_MEMORY_BUFFER)
			return false; /* an OID this long is nothing we know */
		if (grc < 0)
			return false;
		if (critical && !known_ext(oid))
			return false;
	}
}

/* keyUsage, when present, has bit. */
static bool usage_allows(gnutls_x509_crt_t c, unsigned bit)
{
	unsigned usage = 0, critical;
	int grc = gnutls_x509_crt_get_key_usage(c, &usage, &critical);

	if (grc == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
		return true;
	return grc >= 0 && (usage & bit) != 0;
}

/* RFC 5280 §6.1.4 (k)-(n) for an intermediate; *max_len is the
 * max_path_length state variable. */
static bool ca_ok(gnutls_x509_crt_t c, unsigned *max_len)
{
	unsigned critical = 0, ca = 0;
	int pathlen = -1;

	if (gnutls_x509_crt_get_basic_constraints(c, &critical, &ca, &pathlen) < 0 || !ca)
		return false; /* v1/v2 certificates included: not CAs */
	if (!self_issued(c)) {
		if (*max_len == 0)
			return false;
		(*max_len)--;
	}
	if (pathlen >= 0 && (unsigned)pathlen < *max_len)
		*max_len = (unsigned)pathlen;
	return usage_allows(c, GNUTLS_KEY_KEY_CERT_SIGN);
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

/* --- round 1: structure ---------------------------------------------------- */

/* Checks certs[i] against its issuer's working key keys[i + 1] and sets
 * keys[i]; NULL when it passes. */
static const char *check_cert(proc *pr, size_t i, smime_nc *nc, unsigned *max_len, int *err)
{
	const smime_path_params *p = pr->w->sh->p;
	gnutls_x509_crt_t c = pr->w->certs[i];
	gnutls_x509_crt_t issuer = i + 1 < pr->n ? pr->w->certs[i + 1] : pr->anchor;
	int alg = gnutls_x509_crt_get_signature_algorithm(c);
	unsigned bits = 0;
	int rc;

	if (!chains(c, issuer))
		return "untrusted";
	if (!crt_signed_by(c, pr->keys[i + 1]))
		return "signature";
	rc = import_key(c, pr->keys[i + 1], &pr->keys[i]);
	if (rc == SMIME_E_NO_MEMORY) {
		*err = rc;
		return "invalid";
	}
	if (rc != SMIME_OK && i > 0)
		return "signature"; /* a key that cannot check its children */
	if (broken_hash(alg))
		pr->broken_sig = true;
	else if (!sign_alg_ok(alg, p->allow_legacy))
		return "insecure algorithm";
	if (pr->keys[i] != NULL ? !pubkey_size_ok(pr->keys[i], p->allow_legacy)
	    : !key_size_ok(gnutls_x509_crt_get_pk_algorithm(c, &bits), bits, p->allow_legacy))
		return "insecure algorithm";
	if (i > 0 && !ca_ok(c, max_len))
		return "constraints";
	if (i == 0 || !self_issued(c)) {
		rc = smime_nc__check(nc, c);
		if (rc == SMIME_E_NO_MEMORY)
			*err = rc;
		if (rc != SMIME_OK)
			return "constraints";
	}
	if (i > 0 && (rc = smime_nc__add(nc, c)) != SMIME_OK) {
		if (rc == SMIME_E_NO_MEMORY)
			*err = rc;
		return "constraints";
	}
	if (!crit_exts_ok(c))
		return "unknown critical extension";
	return NULL;
}

static const char *round_structure(proc *pr, int *err)
{
	const smime_path_params *p = pr->w->sh->p;
	const char *why = NULL;
	unsigned max_len = (unsigned)pr->n;
	smime_nc *nc = NULL;
	int rc;

	/* the anchor's key checks the first signature; a leaf that is an
	 * anchor needs no key */
	rc = import_key(pr->anchor, NULL, &pr->keys[pr->n]);
	if (rc == SMIME_E_NO_MEMORY) {
		*err = rc;
		return "invalid";
	}
	if (pr->n > 0 && rc != SMIME_OK)
		return "untrusted";
	if (pr->keys[pr->n] != NULL && !pubkey_size_ok(pr->keys[pr->n], p->allow_legacy))
		return "insecure algorithm";
	if ((rc = smime_nc__new(&nc)) != SMIME_OK) {
		*err = rc;
		return "invalid";
	}
	for (size_t i = pr->n; i-- > 0 && why == NULL;)
		why = check_cert(pr, i, nc, &max_len, err);
	smime_nc__free(nc);
	return why;
}

/* --- round 3: revocation --------------------------------------------------- */

/* The working key of path member c (the anchor included), or NULL. */
static gnutls_pubkey_t path_key(const proc *pr, gnutls_x509_crt_t c)
{
	if (c == pr->anchor || gnutls_x509_crt_equals(c, pr->anchor))
		return pr->keys[pr->n];
	for (size_t i = 0; i < pr->n; i++)
		if (c == pr->w->certs[i] || gnutls_x509_crt_equals(c, pr->w->certs[i]))
			return pr->keys[i];
	return NULL;
}

/* c may have signed crl: named as its issuer, cRLSign, algorithm policy. */
static bool may_sign_crl(const smime_path_params *p, gnutls_x509_crl_t crl, gnutls_x509_crt_t c)
{
	gnutls_datum_t a = { NULL, 0 }, b = { NULL, 0 };
	int alg = gnutls_x509_crl_get_signature_algorithm(crl);
	bool ok = false;

	if (broken_hash(alg) || !sign_alg_ok(alg, p->allow_legacy))
		return false;
	if (gnutls_x509_crl_get_raw_issuer_dn(crl, &a) >= 0 && gnutls_x509_crt_get_raw_dn(c, &b) >= 0)
		ok = smime_name__equal(a.data, a.size, b.data, b.size);
	gnutls_free(a.data);
	gnutls_free(b.data);
	return ok && usage_allows(c, GNUTLS_KEY_CRL_SIGN);
}

/* A certificate outside the path signed crl: its own path must be valid
 * to the same anchor. */
static int other_signer(proc *pr, gnutls_x509_crl_t crl, gnutls_x509_crt_t cand)
{
	walk sub;
	gnutls_pubkey_t quick = NULL;
	int rc;

	if (pr->w->depth >= MAX_CRL_DEPTH)
		return SMIME_E_CERT_INVALID;
	/* a key that imports on its own must verify before the walk */
	if (import_key(cand, NULL, &quick) == SMIME_OK) {
		bool ok = crl_signed_by(crl, quick);
		gnutls_pubkey_deinit(quick);
		if (!ok)
			return SMIME_E_CERT_INVALID;
	}
	memset(&sub, 0, sizeof(sub));
	sub.sh = pr->w->sh;
	sub.depth = pr->w->depth + 1;
	sub.only_anchor = pr->anchor;
	rc = walk_run(&sub, cand);
	if (rc == SMIME_OK && !(sub.valid && crl_signed_by(crl, sub.leaf_key)))
		rc = SMIME_E_CERT_INVALID;
	if (sub.leaf_key != NULL)
		gnutls_pubkey_deinit(sub.leaf_key);
	return rc;
}

static int try_signers(proc *pr, gnutls_x509_crl_t crl, const smime_certs *l)
{
	const smime_path_params *p = pr->w->sh->p;

	for (size_t i = 0; l != NULL && i < l->count; i++) {
		gnutls_x509_crt_t cand = l->items[i]->crt;
		int rc;

		if (!may_sign_crl(p, crl, cand) || path_key(pr, cand) != NULL)
			continue; /* path members are tried first */
		rc = other_signer(pr, crl, cand);
		if (rc != SMIME_E_CERT_INVALID)
			return rc;
	}
	return SMIME_E_CERT_INVALID;
}

/* smime_rev_ctx.crl_signed: members of the path being processed first
 * (cert_issuer, the anchor, the other certificates: their own path is this
 * one, checked by the same rounds), then pool certificates and other
 * anchors with a valid path of their own to this path's anchor. */
static int crl_signed(void *user, gnutls_x509_crl_t crl, gnutls_x509_crt_t cert_issuer)
{
	proc *pr = user;
	const smime_path_params *p = pr->w->sh->p;
	gnutls_x509_crt_t members[MAX_PATH + 2];
	size_t m = 0;
	int rc;

	if (cert_issuer != NULL)
		members[m++] = cert_issuer;
	members[m++] = pr->anchor;
	for (size_t i = 0; i < pr->n; i++)
		members[m++] = pr->w->certs[i];
	for (size_t i = 0; i < m; i++) {
		gnutls_pubkey_t key = path_key(pr, members[i]);
		if (key != NULL && may_sign_crl(p, crl, members[i]) && crl_signed_by(crl, key))
			return SMIME_OK;
	}
	rc = try_signers(pr, crl, p->pool);
	if (rc == SMIME_E_CERT_INVALID && p->trust != NULL)
		rc = try_signers(pr, crl, &p->trust->anchors);
	return rc;
}

/* true when a CRL at hand names c's issuer as its own. */
static bool issuer_has_crls(const smime_path_params *p, gnutls_x509_crt_t c)
{
	gnutls_datum_t dn = { NULL, 0 };
	bool found = false;

	if (gnutls_x509_crt_get_raw_issuer_dn(c, &dn) < 0)
		return false;
	for (size_t i = 0; i < p->crl_count && !found; i++) {
		gnutls_datum_t cd = { NULL, 0 };
		if (gnutls_x509_crl_get_raw_issuer_dn(p->crls[i], &cd) >= 0)
			found = smime_name__equal(dn.data, dn.size, cd.data, cd.size);
		gnutls_free(cd.data);
	}
	gnutls_free(dn.data);
	return found;
}

static const char *round_revocation(proc *pr, int *err)
{
	const smime_path_params *p = pr->w->sh->p;
	smime_rev_ctx ctx = {
		.crls = p->crls,
		.crl_count = p->crl_count,
		.when = p->when,
		.crl_signed = crl_signed,
		.user = pr,
	};

	if (!p->require_revocation && p->crl_count == 0)
		return NULL;
	for (size_t i = pr->n; i-- > 0;) {
		gnutls_x509_crt_t c = pr->w->certs[i];
		gnutls_x509_crt_t issuer = i + 1 < pr->n ? pr->w->certs[i + 1] : pr->anchor;
		smime_rev_status st = SMIME_REV_UNDETERMINED;
		const char *note = "";
		int rc = smime_crl__status(&ctx, c, issuer, &st, &note);

		if (rc != SMIME_OK) {
			*err = rc;
			return "invalid";
		}
		if (st == SMIME_REV_REVOKED)
			return "revoked";
		if (st == SMIME_REV_UNDETERMINED &&
		    (p->require_revocation || issuer_has_crls(p, c)))
			return "revocation status unknown";
	}
	return NULL;
}

/* --- one path -------------------------------------------------------------- */

static const char *round_time(const proc *pr)
{
	const char *why = NULL;

	for (size_t i = 0; i < pr->n && why == NULL; i++)
		why = check_time(pr->w->certs[i], pr->w->sh->p->when);
	return why != NULL ? why : check_time(pr->anchor, pr->w->sh->p->when);
}

/* Processes certs[0..n) of w under anchor and records the outcome. */
static void evaluate(walk *w, size_t n, gnutls_x509_crt_t anchor)
{
	proc pr;
	const char *why;
	int round = ROUND_STRUCTURE, err = SMIME_OK;

	memset(&pr, 0, sizeof(pr));
	pr.w = w;
	pr.anchor = anchor;
	pr.n = n;
	why = round_structure(&pr, &err);
	if (why == NULL && err == SMIME_OK) {
		round = ROUND_TIME;
		why = round_time(&pr);
	}
	if (why == NULL && err == SMIME_OK) {
		round = ROUND_REVOCATION;
		why = round_revocation(&pr, &err);
	}
	if (err != SMIME_OK) {
		w->err = err;
	} else if (why == NULL) {
		w->valid = true;
		w->broken_sig = pr.broken_sig;
		w->leaf_key = pr.keys[0];
		pr.keys[0] = NULL;
	} else if (round > w->best_round) {
		w->best_round = round;
		w->best_why = why;
	}
	for (size_t i = 0; i <= n; i++)
		if (pr.keys[i] != NULL)
			gnutls_pubkey_deinit(pr.keys[i]);
}

/* --- building -------------------------------------------------------------- */

static bool budget(walk *w)
{
	return w->err == SMIME_OK && !w->valid && w->attempts++ < MAX_ATTEMPTS;
}

static bool in_path(const walk *w, gnutls_x509_crt_t c)
{
	for (size_t i = 0; i < w->n; i++)
		if (w->certs[i] == c || gnutls_x509_crt_equals(w->certs[i], c))
			return true;
	return false;
}

/* Keeps a copy from the system store until the validation ends. */
static int own(shared *sh, gnutls_x509_crt_t c)
{
	if (sh->owned_count == sh->owned_cap) {
		size_t cap = sh->owned_cap == 0 ? 8 : sh->owned_cap * 2;
		gnutls_x509_crt_t *n = realloc(sh->owned, cap * sizeof(*n));
		if (n == NULL) {
			gnutls_x509_crt_deinit(c);
			return SMIME_E_NO_MEMORY;
		}
		sh->owned = n;
		sh->owned_cap = cap;
	}
	sh->owned[sh->owned_count++] = c;
	return SMIME_OK;
}

/* Up to two issuers of cur from the GnuTLS list (system store). */
static size_t system_issuers(walk *w, gnutls_x509_crt_t cur, gnutls_x509_crt_t out[2])
{
	gnutls_x509_trust_list_t tl = w->sh->p->system;
	gnutls_x509_crt_t c = NULL;
	gnutls_datum_t dn = { NULL, 0 };
	size_t n = 0;

	if (tl == NULL)
		return 0;
	if (gnutls_x509_trust_list_get_issuer(tl, cur, &c, GNUTLS_TL_GET_COPY) >= 0 && c != NULL) {
		if (own(w->sh, c) != SMIME_OK)
			w->err = SMIME_E_NO_MEMORY;
		else
			out[n++] = c;
	}
	c = NULL;
	if (w->err == SMIME_OK && gnutls_x509_crt_get_raw_issuer_dn(cur, &dn) >= 0 &&
	    gnutls_x509_trust_list_get_issuer_by_dn(tl, &dn, &c, GNUTLS_TL_GET_COPY) >= 0 &&
	    c != NULL) {
		if (own(w->sh, c) != SMIME_OK)
			w->err = SMIME_E_NO_MEMORY;
		else if (n == 0 || !gnutls_x509_crt_equals(out[0], c))
			out[n++] = c;
	}
	gnutls_free(dn.data);
	return n;
}

/* An anchor matched by name alone is cur's issuer only when its key
 * verifies cur; one that does not is another key of that name, not a
 * path (reported as "untrusted", not "signature"). */
static bool weak_anchor_ok(walk *w, gnutls_x509_crt_t cur, gnutls_x509_crt_t a)
{
	gnutls_pubkey_t key = NULL;
	int rc = import_key(a, NULL, &key);
	bool ok;

	if (rc == SMIME_E_NO_MEMORY)
		w->err = rc;
	ok = rc == SMIME_OK && crt_signed_by(cur, key);
	if (key != NULL)
		gnutls_pubkey_deinit(key);
	return ok;
}

/* Whether cur may end at anchor a with key identifier strength. */
static bool anchor_fits(walk *w, gnutls_x509_crt_t cur, gnutls_x509_crt_t a, int strength)
{
	if (w->only_anchor != NULL && !gnutls_x509_crt_equals(a, w->only_anchor))
		return false;
	if (!chains(cur, a) || key_id_match(cur, a) != strength || in_path(w, a))
		return false;
	return (strength > 0 || weak_anchor_ok(w, cur, a)) && budget(w);
}

/* Anchors that may have issued cur, strong (key identifiers match) or
 * weak (no identifiers) as asked; paths ending at each are evaluated. */
static void try_anchors(walk *w, gnutls_x509_crt_t cur, int strength,
			const gnutls_x509_crt_t *sys, size_t nsys)
{
	const smime_path_params *p = w->sh->p;
	const smime_certs *l = p->trust != NULL ? &p->trust->anchors : NULL;

	for (size_t i = 0; l != NULL && i < l->count; i++) {
		if (anchor_fits(w, cur, l->items[i]->crt, strength))
			evaluate(w, w->n, l->items[i]->crt);
	}
	for (size_t i = 0; i < nsys; i++)
		if (anchor_fits(w, cur, sys[i], strength))
			evaluate(w, w->n, sys[i]);
}

static void extend(walk *w);

static void try_pool(walk *w, gnutls_x509_crt_t cur, int strength)
{
	const smime_certs *pool = w->sh->p->pool;

	for (size_t i = 0; pool != NULL && i < pool->count && w->n < MAX_PATH; i++) {
		gnutls_x509_crt_t cand = pool->items[i]->crt;
		if (!chains(cur, cand) || key_id_match(cur, cand) != strength ||
		    in_path(w, cand) || !budget(w))
			continue;
		w->certs[w->n++] = cand;
		extend(w);
		w->n--;
		if (w->valid || w->err != SMIME_OK)
			return;
	}
}

/* Depth first: anchors that issued the last certificate, then pool
 * certificates, those whose key identifiers match first. */
static void extend(walk *w)
{
	gnutls_x509_crt_t cur = w->certs[w->n - 1], sys[2];
	size_t nsys = system_issuers(w, cur, sys);

	for (int strength = 1; strength >= 0 && !w->valid && w->err == SMIME_OK; strength--)
		try_anchors(w, cur, strength, sys, nsys);
	for (int strength = 1; strength >= 0 && !w->valid && w->err == SMIME_OK; strength--)
		try_pool(w, cur, strength);
}

/* same certificate, or same subject and public key */
static bool same_cert(gnutls_x509_crt_t a, gnutls_x509_crt_t b)
{
	uint8_t ka[64], kb[64];
	size_t la = sizeof(ka), lb = sizeof(kb);

	if (gnutls_x509_crt_equals(a, b))
		return true;
	if (!dn_match(gnutls_x509_crt_get_raw_dn, a, gnutls_x509_crt_get_raw_dn, b))
		return false;
	return gnutls_x509_crt_get_key_id(a, GNUTLS_KEYID_USE_SHA256, ka, &la) >= 0 &&
	       gnutls_x509_crt_get_key_id(b, GNUTLS_KEYID_USE_SHA256, kb, &lb) >= 0 &&
	       la == lb && memcmp(ka, kb, la) == 0;
}

/* A leaf that is itself a trust anchor (GnuTLS accepts it alone). */
static void leaf_is_anchor(walk *w, gnutls_x509_crt_t leaf)
{
	const smime_path_params *p = w->sh->p;
	const smime_certs *l = p->trust != NULL ? &p->trust->anchors : NULL;
	gnutls_x509_crt_t c = NULL;
	gnutls_datum_t dn = { NULL, 0 };

	for (size_t i = 0; l != NULL && i < l->count && !w->valid; i++) {
		gnutls_x509_crt_t a = l->items[i]->crt;
		if ((w->only_anchor == NULL || gnutls_x509_crt_equals(a, w->only_anchor)) &&
		    same_cert(leaf, a) && budget(w))
			evaluate(w, 0, a);
	}
	if (w->valid || p->system == NULL || gnutls_x509_crt_get_raw_dn(leaf, &dn) < 0)
		return;
	if (gnutls_x509_trust_list_get_issuer_by_dn(p->system, &dn, &c, GNUTLS_TL_GET_COPY) >= 0 &&
	    c != NULL) {
		if (own(w->sh, c) != SMIME_OK)
			w->err = SMIME_E_NO_MEMORY;
		else if ((w->only_anchor == NULL || gnutls_x509_crt_equals(c, w->only_anchor)) &&
			 same_cert(leaf, c) && budget(w))
			evaluate(w, 0, c);
	}
	gnutls_free(dn.data);
}

static int walk_run(walk *w, gnutls_x509_crt_t leaf)
{
	w->best_round = -1;
	w->best_why = "untrusted";
	if (w->sh->walks++ >= MAX_WALKS)
		return SMIME_OK; /* not valid: too much work */
	w->certs[0] = leaf;
	w->n = 1;
	leaf_is_anchor(w, leaf);
	if (!w->valid && w->err == SMIME_OK)
		extend(w);
	return w->err;
}

int smime_path__validate(const smime_path_params *p, gnutls_x509_crt_t leaf,
			 bool *broken_sig, const char **why)
{
	shared sh = { .p = p };
	walk w;
	int rc;

	*broken_sig = false;
	*why = NULL;
	memset(&w, 0, sizeof(w));
	w.sh = &sh;
	rc = walk_run(&w, leaf);
	if (rc == SMIME_OK && w.valid) {
		*broken_sig = w.broken_sig;
	} else if (rc == SMIME_OK) {
		*why = w.best_why;
		rc = SMIME_E_CERT_INVALID;
	}
	if (w.leaf_key != NULL)
		gnutls_pubkey_deinit(w.leaf_key);
	for (size_t i = 0; i < sh.owned_count; i++)
		gnutls_x509_crt_deinit(sh.owned[i]);
	free(sh.owned);
	return rc;
}
