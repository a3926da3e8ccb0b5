/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Revocation status of one certificate from the CRLs at hand: RFC 5280
 * §6.3.3 without fetching. For every distribution point of the certificate
 * (cRLDistributionPoints, then the implicit one of the certificate issuer)
 * the complete CRLs whose issuer and scope (issuingDistributionPoint) cover
 * the certificate are applied, each with the delta CRL that updates it,
 * until the certificate is found revoked or every reason is covered.
 * The implicit distribution point (named after the certificate issuer, all
 * reasons, no cRLIssuer) is processed after the certificate's own ones,
 * also when it has some, as the end of §6.3.3 says.
 *
 * Order of the checks for one CRL: issuer (the DP's cRLIssuer, else the
 * certificate issuer), not a delta CRL, usable (no unknown critical CRL or
 * entry extension, decodable), scope, new reasons, currency, and last the
 * signature callback (asked once per CRL and call). A delta CRL is used
 * only with a complete CRL it updates: same issuer, same
 * issuingDistributionPoint and authorityKeyIdentifier octets, base CRL
 * number not above the complete CRL's cRLNumber, current and signed; of
 * several, the one with the highest cRLNumber.
 *
 * GnuTLS 3.7 has no API for the parts of a CRL needed here (the extensions
 * of each entry, the issuingDistributionPoint), so the TBSCertList is read
 * from its DER with the TLV reader of tlv.c. Certificate policies are not
 * processed; issuerAltName is not used as a distribution point name.
 */
#include "cert/pkix.h"

#include <stdlib.h>
#include <string.h>

/* At most this many distribution points of one certificate are used, and
 * this many names of one distribution point, cRLIssuer or
 * issuingDistributionPoint: ignoring more can only leave the status
 * undetermined, never make it good. */
#define MAX_DPS 16
#define MAX_NAMES 16

/* ReasonFlags: bit n for reason n; bit 0 (unused) is never a reason. */
#define ALL_REASONS 0x1feu
#define REASON_UNSPECIFIED 0
#define REASON_REMOVE_FROM_CRL 8

/* DER tags */
#define T_BOOLEAN 0x01
#define T_INTEGER 0x02
#define T_OCTETS 0x04
#define T_OID 0x06
#define T_ENUMERATED 0x0a
#define T_UTCTIME 0x17
#define T_GENTIME 0x18
#define T_SEQUENCE 0x30
#define T_SET 0x31
#define T_CTX0 0xa0         /* [0] constructed */
#define T_CTX1 0xa1
#define T_DIRECTORY_NAME 0xa4 /* GeneralName directoryName [4] */

#define OID_CRL_DIST_POINTS "2.5.29.31"

enum ext_id {
	EXT_UNKNOWN,
	EXT_AKI,
	EXT_ISSUER_ALT_NAME,
	EXT_CRL_NUMBER,
	EXT_DELTA_INDICATOR,
	EXT_IDP,
	EXT_FRESHEST,
	EXT_AIA,
	EXT_REASON,
	EXT_HOLD,
	EXT_INVALIDITY,
	EXT_CERT_ISSUER,
};

#define IN_CRL 1u
#define IN_ENTRY 2u

/* The CRL and CRL entry extensions understood here (OID content octets);
 * any other critical one makes the CRL unusable (RFC 5280 §5.2, §5.3). */
static const struct known_ext {
	const char *oid;
	size_t len;
	enum ext_id id;
	unsigned where;
} known_exts[] = {
	{ "\x55\x1d\x23", 3, EXT_AKI, IN_CRL },              /* 2.5.29.35 */
	{ "\x55\x1d\x12", 3, EXT_ISSUER_ALT_NAME, IN_CRL },  /* 2.5.29.18 */
	{ "\x55\x1d\x14", 3, EXT_CRL_NUMBER, IN_CRL },       /* 2.5.29.20 */
	{ "\x55\x1d\x1b", 3, EXT_DELTA_INDICATOR, IN_CRL },  /* 2.5.29.27 */
	{ "\x55\x1d\x1c", 3, EXT_IDP, IN_CRL },              /* 2.5.29.28 */
	{ "\x55\x1d\x2e", 3, EXT_FRESHEST, IN_CRL },         /* 2.5.29.46 */
	{ "\x2b\x06\x01\x05\x05\x07\x01\x01", 8, EXT_AIA, IN_CRL }, /* 1.3.6.1.5.5.7.1.1 */
	{ "\x55\x1d\x15", 3, EXT_REASON, IN_ENTRY },         /* 2.5.29.21 */
	{ "\x55\x1d\x17", 3, EXT_HOLD, IN_ENTRY },           /* 2.5.29.23 */
	{ "\x55\x1d\x18", 3, EXT_INVALIDITY, IN_ENTRY },     /* 2.5.29.24 */
	{ "\x55\x1d\x1d", 3, EXT_CERT_ISSUER, IN_ENTRY },    /* 2.5.29.29 */
};

/* One GeneralName; for a directoryName, val is the Name (SEQUENCE TLV). */
typedef struct gname {
	uint8_t tag;
	const uint8_t *val;
	size_t len;
} gname;

typedef struct name_set {
	gname items[MAX_NAMES];
	size_t count;
	uint8_t *owned;         /* a Name built from nameRelativeToCRLIssuer */
} name_set;

typedef struct dist_point {
	bool has_name;
	name_set names;         /* distributionPoint, as full names */
	unsigned reasons;       /* ALL_REASONS when absent */
	bool has_crl_issuer;
	name_set crl_issuer;
} dist_point;

typedef struct cert_info {
	gnutls_datum_t der;
	const uint8_t *issuer;  /* Name TLV */
	size_t issuer_len;
	const uint8_t *serial;  /* INTEGER contents */
	size_t serial_len;
	bool is_ca;
} cert_info;

enum sig_state { SIG_UNKNOWN, SIG_OK, SIG_BAD };

typedef struct crl_info {
	gnutls_x509_crl_t crl;
	gnutls_datum_t der;
	const char *bad;        /* why the CRL cannot be used; NULL if it can */
	const uint8_t *issuer;  /* Name TLV; NULL when undecodable */
	size_t issuer_len;
	const uint8_t *entries; /* revokedCertificates contents */
	size_t entries_len;
	bool entries_checked;
	const uint8_t *idp;     /* issuingDistributionPoint extnValue or NULL */
	size_t idp_len;
	bool idp_has_name;
	name_set idp_names;
	bool only_user, only_ca, only_attr, indirect;
	unsigned idp_reasons;   /* ALL_REASONS without onlySomeReasons */
	const uint8_t *aki;     /* authorityKeyIdentifier extnValue or NULL */
	size_t aki_len;
	const uint8_t *number;  /* cRLNumber INTEGER contents or NULL */
	size_t number_len;
	const uint8_t *base;    /* deltaCRLIndicator contents; NULL: complete */
	size_t base_len;
	time_t this_update, next_update;
	enum sig_state sig;
} crl_info;

typedef struct rev_state {
	const smime_rev_ctx *ctx;
	gnutls_x509_crt_t issuer;
	const cert_info *cert;
	crl_info *crls;
	size_t count;
	unsigned mask;          /* reasons_mask */
	bool revoked;
	int stage;              /* how far the best CRL got, for *why */
	const char *why;
} rev_state;

/* --- DER helpers ---------------------------------------------------------- */

/* Exactly one element of tag `tag` (0: any) spanning d[0..len). */
static int one_tlv(const uint8_t *d, size_t len, uint8_t tag, smime_tlv *out)
{
	size_t pos = 0;

	if (smime_tlv__next(d, len, &pos, out) != SMIME_OK || pos != len)
		return SMIME_E_MALFORMED;
	if (tag != 0 && out->tag != tag)
		return SMIME_E_MALFORMED;
	return SMIME_OK;
}

static int parse_bool(const smime_tlv *t, bool *out)
{
	if (t->len != 1)
		return SMIME_E_MALFORMED;
	*out = t->val[0] != 0;
	return SMIME_OK;
}

/* ReasonFlags (a BIT STRING, any tag) as a mask of reasons 1..8. */
static int parse_reasons(const smime_tlv *t, unsigned *mask)
{
	unsigned m = 0;

	if (t->len == 0 || t->val[0] > 7 || (t->len == 1 && t->val[0] != 0))
		return SMIME_E_MALFORMED;
	for (size_t i = 1; i < t->len && i <= 2; i++)
		for (unsigned b = 0; b < 8; b++)
			if (t->val[i] & (0x80u >> b))
				m |= 1u << ((i - 1) * 8 + b);
	*mask = m & ALL_REASONS;
	return SMIME_OK;
}

/* INTEGER contents without redundant leading octets. */
static void int_trim(const uint8_t **p, size_t *n)
{
	while (*n > 1 && (((*p)[0] == 0x00 && !((*p)[1] & 0x80)) ||
			  ((*p)[0] == 0xff && ((*p)[1] & 0x80)))) {
		(*p)++;
		(*n)--;
	}
}

static bool int_equal(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	int_trim(&a, &alen);
	int_trim(&b, &blen);
	return alen == blen && memcmp(a, b, alen) == 0;
}

/* Compares two non-negative INTEGERs: <0, 0, >0. */
static int uint_cmp(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	while (alen > 0 && a[0] == 0) {
		a++;
		alen--;
	}
	while (blen > 0 && b[0] == 0) {
		b++;
		blen--;
	}
	if (alen != blen)
		return alen < blen ? -1 : 1;
	return alen == 0 ? 0 : memcmp(a, b, alen);
}

static bool same_bytes(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	if (a == NULL || b == NULL)
		return a == b;
	return alen == blen && memcmp(a, b, alen) == 0;
}

static size_t put_header(uint8_t *p, uint8_t tag, size_t n)
{
	size_t i = 0, k = 0;

	p[i++] = tag;
	if (n < 0x80) {
		p[i++] = (uint8_t)n;
		return i;
	}
	for (size_t m = n; m != 0; m >>= 8)
		k++;
	p[i++] = (uint8_t)(0x80u | k);
	while (k-- > 0)
		p[i++] = (uint8_t)(n >> (8 * k));
	return i;
}

static size_t header_size(size_t n)
{
	size_t k = 2;

	if (n >= 0x80)
		for (size_t m = n; m != 0; m >>= 8)
			k++;
	return k;
}

/* --- names ---------------------------------------------------------------- */

static bool gname_equal(const gname *a, const gname *b)
{
	if (a->tag != b->tag)
		return false;
	if (a->tag == T_DIRECTORY_NAME)
		return smime_name__equal(a->val, a->len, b->val, b->len);
	return a->len == b->len && memcmp(a->val, b->val, a->len) == 0;
}

static bool sets_intersect(const name_set *a, const name_set *b)
{
	for (size_t i = 0; i < a->count; i++)
		for (size_t j = 0; j < b->count; j++)
			if (gname_equal(&a->items[i], &b->items[j]))
				return true;
	return false;
}

static bool set_has_dn(const name_set *s, const uint8_t *dn, size_t dn_len)
{
	gname g = { T_DIRECTORY_NAME, dn, dn_len };

	for (size_t i = 0; i < s->count; i++)
		if (gname_equal(&s->items[i], &g))
			return true;
	return false;
}

/* One GeneralName TLV as a gname. */
static int gname_from(const smime_tlv *t, gname *g)
{
	g->tag = t->tag;
	if (t->tag == T_DIRECTORY_NAME) {
		smime_tlv n;

		if (one_tlv(t->val, t->len, T_SEQUENCE, &n) != SMIME_OK)
			return SMIME_E_MALFORMED;
		g->val = n.raw;
		g->len = n.raw_len;
	} else {
		g->val = t->val;
		g->len = t->len;
	}
	return SMIME_OK;
}

/* The next name of GeneralNames contents d[*pos..len). */
static int gnames_next(const uint8_t *d, size_t len, size_t *pos, gname *g)
{
	smime_tlv t;

	if (smime_tlv__next(d, len, pos, &t) != SMIME_OK || gname_from(&t, g) != SMIME_OK)
		return SMIME_E_MALFORMED;
	return SMIME_OK;
}

/* Adds the names of GeneralNames contents (at least one name). */
static int set_add_general(name_set *s, const uint8_t *d, size_t len)
{
	size_t pos = 0;
	gname g;

	if (len == 0)
		return SMIME_E_MALFORMED;
	while (pos < len) {
		if (gnames_next(d, len, &pos, &g) != SMIME_OK)
			return SMIME_E_MALFORMED;
		if (s->count < MAX_NAMES)
			s->items[s->count++] = g;
	}
	return SMIME_OK;
}

/* Adds the directoryName base + rdn, rdn being the contents of the
 * RelativeDistinguishedName (RFC 5280 §4.2.1.13, §5.2.5). */
static int set_add_relative(name_set *s, const uint8_t *base, size_t base_len,
			    const uint8_t *rdn, size_t rdn_len)
{
	smime_tlv b;
	size_t set_len, content, total, i;
	uint8_t *buf;

	if (s->owned != NULL || rdn_len == 0 ||
	    one_tlv(base, base_len, T_SEQUENCE, &b) != SMIME_OK)
		return SMIME_E_MALFORMED;
	if (rdn_len > 0xffffff || b.len > 0xffffff)
		return SMIME_E_MALFORMED;
	set_len = header_size(rdn_len) + rdn_len;
	content = b.len + set_len;
	total = header_size(content) + content;
	buf = malloc(total);
	if (buf == NULL)
		return SMIME_E_NO_MEMORY;
	i = put_header(buf, T_SEQUENCE, content);
	memcpy(buf + i, b.val, b.len);
	i += b.len;
	i += put_header(buf + i, T_SET, rdn_len);
	memcpy(buf + i, rdn, rdn_len);
	s->owned = buf;
	if (s->count < MAX_NAMES) {
		s->items[s->count].tag = T_DIRECTORY_NAME;
		s->items[s->count].val = buf;
		s->items[s->count].len = total;
		s->count++;
	}
	return SMIME_OK;
}

/* GeneralNames contents hold the directoryName dn (dn NULL: only checks
 * the syntax). */
static int gnames_find_dn(const uint8_t *d, size_t len, const uint8_t *dn, size_t dn_len,
			  bool *found)
{
	size_t pos = 0;
	gname g;

	*found = false;
	if (len == 0)
		return SMIME_E_MALFORMED;
	while (pos < len) {
		if (gnames_next(d, len, &pos, &g) != SMIME_OK)
			return SMIME_E_MALFORMED;
		if (dn != NULL && g.tag == T_DIRECTORY_NAME &&
		    smime_name__equal(g.val, g.len, dn, dn_len))
			*found = true;
	}
	return SMIME_OK;
}

/* A DistributionPointName (the TLV inside distributionPoint [0]) as names;
 * a relative name is appended to base. */
static int set_add_dp_name(name_set *s, const uint8_t *d, size_t len,
			   const uint8_t *base, size_t base_len)
{
	smime_tlv c;

	if (one_tlv(d, len, 0, &c) != SMIME_OK)
		return SMIME_E_MALFORMED;
	if (c.tag == T_CTX0)
		return set_add_general(s, c.val, c.len);
	if (c.tag == T_CTX1) {
		if (base == NULL)
			return SMIME_E_MALFORMED;
		return set_add_relative(s, base, base_len, c.val, c.len);
	}
	return SMIME_E_MALFORMED;
}

/* --- extensions ----------------------------------------------------------- */

typedef struct ext {
	enum ext_id id;
	bool critical;
	const uint8_t *val;     /* extnValue contents */
	size_t len;
} ext;

static int next_ext(const uint8_t *d, size_t len, size_t *pos, unsigned where, ext *out)
{
	smime_tlv e, t;
	size_t p = 0;

	if (smime_tlv__next(d, len, pos, &e) != SMIME_OK || e.tag != T_SEQUENCE)
		return SMIME_E_MALFORMED;
	if (smime_tlv__next(e.val, e.len, &p, &t) != SMIME_OK || t.tag != T_OID || t.len == 0)
		return SMIME_E_MALFORMED;
	out->id = EXT_UNKNOWN;
	for (size_t k = 0; k < SMIME_ARRAY_SIZE(known_exts); k++)
		if ((known_exts[k].where & where) && known_exts[k].len == t.len &&
		    memcmp(known_exts[k].oid, t.val, t.len) == 0)
			out->id = known_exts[k].id;
	out->critical = false;
	if (smime_tlv__next(e.val, e.len, &p, &t) != SMIME_OK)
		return SMIME_E_MALFORMED;
	if (t.tag == T_BOOLEAN) {
		if (parse_bool(&t, &out->critical) != SMIME_OK ||
		    smime_tlv__next(e.val, e.len, &p, &t) != SMIME_OK)
			return SMIME_E_MALFORMED;
	}
	if (t.tag != T_OCTETS || p != e.len)
		return SMIME_E_MALFORMED;
	out->val = t.val;
	out->len = t.len;
	return SMIME_OK;
}

/* --- the certificate ------------------------------------------------------ */

static int cert_parse(gnutls_x509_crt_t c, cert_info *ct)
{
	smime_tlv cert, tbs, t;
	size_t pos = 0;
	unsigned critical = 0, ca = 0;
	int pathlen = 0, grc;

	grc = gnutls_x509_crt_export2(c, GNUTLS_X509_FMT_DER, &ct->der);
	if (grc < 0) {
		ct->der.data = NULL;
		return grc == GNUTLS_E_MEMORY_ERROR ? SMIME_E_NO_MEMORY : SMIME_E_MALFORMED;
	}
	if (smime_tlv__next(ct->der.data, ct->der.size, &pos, &cert) != SMIME_OK ||
	    cert.tag != T_SEQUENCE)
		return SMIME_E_MALFORMED;
	pos = 0;
	if (smime_tlv__next(cert.val, cert.len, &pos, &tbs) != SMIME_OK || tbs.tag != T_SEQUENCE)
		return SMIME_E_MALFORMED;
	pos = 0;
	if (smime_tlv__next(tbs.val, tbs.len, &pos, &t) != SMIME_OK)
		return SMIME_E_MALFORMED;
	if (t.tag == T_CTX0 && smime_tlv__next(tbs.val, tbs.len, &pos, &t) != SMIME_OK)
		return SMIME_E_MALFORMED;
	if (t.tag != T_INTEGER || t.len == 0)
		return SMIME_E_MALFORMED;
	ct->serial = t.val;
	ct->serial_len = t.len;
	if (smime_tlv__next(tbs.val, tbs.len, &pos, &t) != SMIME_OK || t.tag != T_SEQUENCE ||
	    smime_tlv__next(tbs.val, tbs.len, &pos, &t) != SMIME_OK || t.tag != T_SEQUENCE)
		return SMIME_E_MALFORMED;
	ct->issuer = t.raw;
	ct->issuer_len = t.raw_len;
	grc = gnutls_x509_crt_get_basic_constraints(c, &critical, &ca, &pathlen);
	ct->is_ca = grc >= 0 && ca != 0;
	return SMIME_OK;
}

/* One DistributionPoint of the certificate. */
static int parse_dp(const smime_tlv *seq, const cert_info *ct, dist_point *dp)
{
	smime_tlv t, name = { 0 };
	size_t pos = 0;
	int last = -1, rc;
	const uint8_t *base = ct->issuer;
	size_t base_len = ct->issuer_len;

	dp->reasons = ALL_REASONS;
	while (pos < seq->len) {
		if (smime_tlv__next(seq->val, seq->len, &pos, &t) != SMIME_OK)
			return SMIME_E_MALFORMED;
		if (t.tag == T_CTX0 && last < 0) {
			name = t;
			dp->has_name = true;
			last = 0;
		} else if (t.tag == 0x81 && last < 1) {
			if (parse_reasons(&t, &dp->reasons) != SMIME_OK)
				return SMIME_E_MALFORMED;
			last = 1;
		} else if (t.tag == 0xa2 && last < 2) {
			if (set_add_general(&dp->crl_issuer, t.val, t.len) != SMIME_OK)
				return SMIME_E_MALFORMED;
			dp->has_crl_issuer = true;
			last = 2;
		} else {
			return SMIME_E_MALFORMED;
		}
	}
	if (!dp->has_name && !dp->has_crl_issuer)
		return SMIME_E_MALFORMED; /* RFC 5280 §4.2.1.13 */
	if (!dp->has_name)
		return SMIME_OK;
	if (dp->has_crl_issuer) {
		/* a relative name extends the CRL issuer's distinguished name */
		base = NULL;
		for (size_t i = 0; i < dp->crl_issuer.count && base == NULL; i++) {
			if (dp->crl_issuer.items[i].tag == T_DIRECTORY_NAME) {
				base = dp->crl_issuer.items[i].val;
				base_len = dp->crl_issuer.items[i].len;
			}
		}
	}
	rc = set_add_dp_name(&dp->names, name.val, name.len, base, base_len);
	return rc;
}

/* cRLDistributionPoints (extnValue) into dps[MAX_DPS]. */
static int parse_dps(const gnutls_datum_t *ext_val, const cert_info *ct, dist_point *dps,
		     size_t *count)
{
	smime_tlv seq;
	size_t pos = 0;

	*count = 0;
	if (one_tlv(ext_val->data, ext_val->size, T_SEQUENCE, &seq) != SMIME_OK || seq.len == 0)
		return SMIME_E_MALFORMED;
	while (pos < seq.len && *count < MAX_DPS) {
		smime_tlv t;
		int rc;

		if (smime_tlv__next(seq.val, seq.len, &pos, &t) != SMIME_OK || t.tag != T_SEQUENCE)
			return SMIME_E_MALFORMED;
		rc = parse_dp(&t, ct, &dps[*count]);
		(*count)++;
		if (rc != SMIME_OK)
			return rc;
	}
	return SMIME_OK;
}

/* --- CRLs ----------------------------------------------------------------- */

static int parse_idp(crl_info *ci, const uint8_t *d, size_t len)
{
	/* tags of the IssuingDistributionPoint fields, in order */
	static const uint8_t tags[] = { T_CTX0, 0x81, 0x82, 0x83, 0x84, 0x85 };
	smime_tlv seq, t;
	size_t pos = 0, next = 0;
	int rc;

	if (one_tlv(d, len, T_SEQUENCE, &seq) != SMIME_OK)
		return SMIME_E_MALFORMED;
	ci->idp = d;
	ci->idp_len = len;
	ci->idp_reasons = ALL_REASONS;
	while (pos < seq.len) {
		size_t k;

		if (smime_tlv__next(seq.val, seq.len, &pos, &t) != SMIME_OK)
			return SMIME_E_MALFORMED;
		for (k = next; k < sizeof(tags) && tags[k] != t.tag; k++)
			;
		if (k == sizeof(tags))
			return SMIME_E_MALFORMED;
		next = k + 1;
		switch (k) {
		case 0:
			rc = set_add_dp_name(&ci->idp_names, t.val, t.len, ci->issuer,
					     ci->issuer_len);
			if (rc != SMIME_OK)
				return rc;
			ci->idp_has_name = true;
			break;
		case 1:
			rc = parse_bool(&t, &ci->only_user);
			break;
		case 2:
			rc = parse_bool(&t, &ci->only_ca);
			break;
		case 3:
			rc = parse_reasons(&t, &ci->idp_reasons);
			break;
		case 4:
			rc = parse_bool(&t, &ci->indirect);
			break;
		default:
			rc = parse_bool(&t, &ci->only_attr);
			break;
		}
		if (rc != SMIME_OK)
			return rc;
	}
	return SMIME_OK;
}

/* A non-negative INTEGER extension value (cRLNumber, deltaCRLIndicator). */
static int parse_number(const uint8_t *d, size_t len, const uint8_t **out, size_t *out_len)
{
	smime_tlv t;

	if (one_tlv(d, len, T_INTEGER, &t) != SMIME_OK || t.len == 0 || (t.val[0] & 0x80))
		return SMIME_E_MALFORMED;
	*out = t.val;
	*out_len = t.len;
	return SMIME_OK;
}

static int crl_extensions(crl_info *ci, const uint8_t *d, size_t len)
{
	smime_tlv exts;
	size_t pos = 0;
	unsigned seen = 0;

	if (one_tlv(d, len, T_SEQUENCE, &exts) != SMIME_OK || exts.len == 0)
		return SMIME_E_MALFORMED;
	while (pos < exts.len) {
		ext x;
		int rc = SMIME_OK;

		if (next_ext(exts.val, exts.len, &pos, IN_CRL, &x) != SMIME_OK)
			return SMIME_E_MALFORMED;
		if (x.id != EXT_UNKNOWN) {
			if (seen & (1u << x.id))
				return SMIME_E_MALFORMED; /* twice */
			seen |= 1u << x.id;
		}
		switch (x.id) {
		case EXT_UNKNOWN:
			if (x.critical)
				return SMIME_E_UNSUPPORTED;
			break;
		case EXT_IDP:
			rc = parse_idp(ci, x.val, x.len);
			break;
		case EXT_DELTA_INDICATOR:
			rc = parse_number(x.val, x.len, &ci->base, &ci->base_len);
			break;
		case EXT_CRL_NUMBER:
			rc = parse_number(x.val, x.len, &ci->number, &ci->number_len);
			break;
		case EXT_AKI:
			ci->aki = x.val;
			ci->aki_len = x.len;
			break;
		default:
			break;
		}
		if (rc != SMIME_OK)
			return rc;
	}
	return SMIME_OK;
}

/* Reads the TBSCertList of ci->crl. SMIME_E_NO_MEMORY, or SMIME_OK with
 * ci->bad set when the CRL cannot be used. */
static int crl_parse(crl_info *ci)
{
	smime_tlv list, tbs, t;
	size_t pos = 0;
	bool seen_next = false;
	int grc, rc;

	grc = gnutls_x509_crl_export2(ci->crl, GNUTLS_X509_FMT_DER, &ci->der);
	if (grc < 0) {
		ci->der.data = NULL;
		if (grc == GNUTLS_E_MEMORY_ERROR)
			return SMIME_E_NO_MEMORY;
		ci->bad = "malformed CRL";
		return SMIME_OK;
	}
	ci->bad = "malformed CRL";
	ci->idp_reasons = ALL_REASONS;
	if (smime_tlv__next(ci->der.data, ci->der.size, &pos, &list) != SMIME_OK ||
	    list.tag != T_SEQUENCE)
		return SMIME_OK;
	pos = 0;
	if (smime_tlv__next(list.val, list.len, &pos, &tbs) != SMIME_OK || tbs.tag != T_SEQUENCE)
		return SMIME_OK;
	pos = 0;
	if (smime_tlv__next(tbs.val, tbs.len, &pos, &t) != SMIME_OK)
		return SMIME_OK;
	if (t.tag == T_INTEGER && smime_tlv__next(tbs.val, tbs.len, &pos, &t) != SMIME_OK)
		return SMIME_OK;
	if (t.tag != T_SEQUENCE ||  /* signature */
	    smime_tlv__next(tbs.val, tbs.len, &pos, &t) != SMIME_OK || t.tag != T_SEQUENCE)
		return SMIME_OK;
	ci->issuer = t.raw;
	ci->issuer_len = t.raw_len;
	if (smime_tlv__next(tbs.val, tbs.len, &pos, &t) != SMIME_OK ||
	    (t.tag != T_UTCTIME && t.tag != T_GENTIME))
		return SMIME_OK;
	/* the times themselves are read through GnuTLS */
	while (pos < tbs.len) {
		if (smime_tlv__next(tbs.val, tbs.len, &pos, &t) != SMIME_OK)
			return SMIME_OK;
		if ((t.tag == T_UTCTIME || t.tag == T_GENTIME) && !seen_next &&
		    ci->entries == NULL) {
			seen_next = true; /* nextUpdate */
		} else if (t.tag == T_SEQUENCE && ci->entries == NULL) {
			ci->entries = t.val;
			ci->entries_len = t.len;
		} else if (t.tag == T_CTX0 && pos == tbs.len) {
			rc = crl_extensions(ci, t.val, t.len);
			if (rc == SMIME_E_NO_MEMORY)
				return rc;
			if (rc == SMIME_E_UNSUPPORTED) {
				ci->bad = "CRL has an unknown critical extension";
				return SMIME_OK;
			}
			if (rc != SMIME_OK)
				return SMIME_OK;
		} else {
			return SMIME_OK;
		}
	}
	ci->this_update = gnutls_x509_crl_get_this_update(ci->crl);
	ci->next_update = gnutls_x509_crl_get_next_update(ci->crl);
	if (ci->this_update == (time_t)-1)
		return SMIME_OK;
	ci->bad = NULL;
	return SMIME_OK;
}

/* The extensions of one CRL entry (the Extensions TLV): reasonCode into
 * *reason, certificateIssuer into *gn (GeneralNames contents).
 * SMIME_E_UNSUPPORTED for an unknown critical one. */
static int entry_extensions(const smime_tlv *exts, int *reason, const uint8_t **gn,
			    size_t *gn_len)
{
	size_t pos = 0;

	if (exts->tag != T_SEQUENCE || exts->len == 0)
		return SMIME_E_MALFORMED;
	while (pos < exts->len) {
		smime_tlv v;
		ext x;
		bool unused;

		if (next_ext(exts->val, exts->len, &pos, IN_ENTRY, &x) != SMIME_OK)
			return SMIME_E_MALFORMED;
		switch (x.id) {
		case EXT_REASON:
			if (one_tlv(x.val, x.len, T_ENUMERATED, &v) != SMIME_OK || v.len != 1)
				return SMIME_E_MALFORMED;
			*reason = v.val[0];
			break;
		case EXT_CERT_ISSUER:
			if (one_tlv(x.val, x.len, T_SEQUENCE, &v) != SMIME_OK ||
			    gnames_find_dn(v.val, v.len, NULL, 0, &unused) != SMIME_OK)
				return SMIME_E_MALFORMED;
			*gn = v.val;
			*gn_len = v.len;
			break;
		case EXT_UNKNOWN:
			if (x.critical)
				return SMIME_E_UNSUPPORTED;
			break;
		default:
			break;
		}
	}
	return SMIME_OK;
}

/* Walks every entry of ci (ct NULL: checks the syntax and the critical
 * entry extensions), or up to the entry of ct: (issuer, serial number),
 * the issuer being the CRL issuer until a certificateIssuer extension
 * names another one for this and the following entries (§5.3.3).
 * SMIME_E_UNSUPPORTED for an unknown critical entry extension. */
static int walk_entries(const crl_info *ci, const cert_info *ct, bool *found, int *reason)
{
	const uint8_t *gn = NULL; /* certificateIssuer in force */
	size_t gn_len = 0, pos = 0;
	bool crl_issuer_is_ct = ct != NULL &&
		smime_name__equal(ci->issuer, ci->issuer_len, ct->issuer, ct->issuer_len);

	while (pos < ci->entries_len) {
		smime_tlv e, serial, t;
		size_t p = 0;
		int rsn = REASON_UNSPECIFIED, rc;
		bool match;

		if (smime_tlv__next(ci->entries, ci->entries_len, &pos, &e) != SMIME_OK ||
		    e.tag != T_SEQUENCE ||
		    smime_tlv__next(e.val, e.len, &p, &serial) != SMIME_OK ||
		    serial.tag != T_INTEGER || serial.len == 0 ||
		    smime_tlv__next(e.val, e.len, &p, &t) != SMIME_OK ||
		    (t.tag != T_UTCTIME && t.tag != T_GENTIME))
			return SMIME_E_MALFORMED;
		if (p < e.len) {
			if (one_tlv(e.val + p, e.len - p, 0, &t) != SMIME_OK)
				return SMIME_E_MALFORMED;
			if ((rc = entry_extensions(&t, &rsn, &gn, &gn_len)) != SMIME_OK)
				return rc;
		}
		if (ct == NULL || !int_equal(serial.val, serial.len, ct->serial, ct->serial_len))
			continue;
		match = crl_issuer_is_ct;
		if (gn != NULL)
			(void)gnames_find_dn(gn, gn_len, ct->issuer, ct->issuer_len, &match);
		if (match) {
			*found = true;
			*reason = rsn;
			return SMIME_OK;
		}
	}
	return SMIME_OK;
}

/* Checks the entries of ci once; false when it cannot be used. */
static bool entries_ok(crl_info *ci)
{
	if (ci->bad == NULL && !ci->entries_checked) {
		int rc = walk_entries(ci, NULL, NULL, NULL);

		ci->entries_checked = true;
		if (rc == SMIME_E_UNSUPPORTED)
			ci->bad = "CRL entry has an unknown critical extension";
		else if (rc != SMIME_OK)
			ci->bad = "malformed CRL";
	}
	return ci->bad == NULL;
}

static bool is_current(const crl_info *ci, time_t when)
{
	return ci->this_update <= when &&
	       (ci->next_update == (time_t)-1 || when <= ci->next_update);
}

/* The signature of ci and its signer's path, through the callback (asked
 * once per CRL and call). */
static int check_signed(rev_state *st, crl_info *ci, bool *ok)
{
	if (ci->sig == SIG_UNKNOWN) {
		int rc = st->ctx->crl_signed(st->ctx->user, ci->crl, st->issuer);

		if (rc == SMIME_E_NO_MEMORY)
			return rc;
		ci->sig = rc == SMIME_OK ? SIG_OK : SIG_BAD;
	}
	*ok = ci->sig == SIG_OK;
	return SMIME_OK;
}

static void note(rev_state *st, int stage, const char *why)
{
	if (stage > st->stage) {
		st->stage = stage;
		st->why = why;
	}
}

/* RFC 5280 §6.3.3 (b)(1) second part and (b)(2). */
static bool in_scope(const rev_state *st, const dist_point *dp, const crl_info *ci)
{
	if (dp->has_crl_issuer && !ci->indirect)
		return false;
	if (ci->idp == NULL)
		return true;
	if (ci->idp_has_name) {
		const name_set *want = dp->has_name ? &dp->names : &dp->crl_issuer;

		if (!sets_intersect(want, &ci->idp_names))
			return false;
	}
	if (ci->only_user && st->cert->is_ca)
		return false;
	if (ci->only_ca && !st->cert->is_ca)
		return false;
	return !ci->only_attr;
}

/* The current, signed delta CRL that updates full (§5.2.4, §6.3.3 (c)),
 * the one with the highest cRLNumber; NULL when there is none. */
static int find_delta(rev_state *st, const crl_info *full, crl_info **out)
{
	*out = NULL;
	if (full->number == NULL)
		return SMIME_OK;
	for (size_t i = 0; i < st->count; i++) {
		crl_info *d = &st->crls[i];
		bool ok;
		int rc;

		if (d->base == NULL || d->bad != NULL || d->issuer == NULL ||
		    !smime_name__equal(d->issuer, d->issuer_len, full->issuer, full->issuer_len) ||
		    !same_bytes(d->idp, d->idp_len, full->idp, full->idp_len) ||
		    !same_bytes(d->aki, d->aki_len, full->aki, full->aki_len) ||
		    uint_cmp(d->base, d->base_len, full->number, full->number_len) > 0 ||
		    !is_current(d, st->ctx->when))
			continue;
		if (*out != NULL && (d->number == NULL ||
				     ((*out)->number != NULL &&
				      uint_cmp(d->number, d->number_len, (*out)->number,
					       (*out)->number_len) <= 0)))
			continue;
		if (!entries_ok(d))
			continue;
		if ((rc = check_signed(st, d, &ok)) != SMIME_OK)
			return rc;
		if (ok)
			*out = d;
	}
	return SMIME_OK;
}

/* Looks c up in the complete CRL ci and its delta (§6.3.3 (i)-(k)). */
static int lookup(rev_state *st, crl_info *ci, crl_info *delta)
{
	bool found = false;
	int reason = REASON_UNSPECIFIED;

	if (delta != NULL &&
	    walk_entries(delta, st->cert, &found, &reason) != SMIME_OK)
		return SMIME_E_MALFORMED;
	if (!found && walk_entries(ci, st->cert, &found, &reason) != SMIME_OK)
		return SMIME_E_MALFORMED;
	if (found && reason != REASON_REMOVE_FROM_CRL)
		st->revoked = true;
	return SMIME_OK;
}

/* §6.3.3 for one distribution point, over every CRL at hand. */
static int process_dp(rev_state *st, const dist_point *dp)
{
	for (size_t i = 0; i < st->count && !st->revoked && st->mask != ALL_REASONS; i++) {
		crl_info *ci = &st->crls[i], *delta = NULL;
		unsigned interim;
		bool ok;
		int rc;

		if (ci->issuer == NULL)
			continue;
		if (dp->has_crl_issuer) {
			if (!set_has_dn(&dp->crl_issuer, ci->issuer, ci->issuer_len))
				continue;
		} else if (!smime_name__equal(ci->issuer, ci->issuer_len, st->cert->issuer,
					      st->cert->issuer_len)) {
			continue;
		}
		if (ci->base != NULL) {
			note(st, 1, "no complete CRL (only a delta CRL)");
			continue;
		}
		if (!entries_ok(ci)) {
			note(st, 1, ci->bad);
			continue;
		}
		if (!in_scope(st, dp, ci)) {
			note(st, 2, "CRL scope does not cover the certificate");
			continue;
		}
		interim = dp->reasons & ci->idp_reasons;
		if ((interim & ~st->mask) == 0)
			continue;
		if (!is_current(ci, st->ctx->when)) {
			note(st, 3, "CRL not current");
			continue;
		}
		if ((rc = check_signed(st, ci, &ok)) != SMIME_OK)
			return rc;
		if (!ok) {
			note(st, 4, "CRL signature or signer not valid");
			continue;
		}
		if ((rc = find_delta(st, ci, &delta)) != SMIME_OK)
			return rc;
		if (lookup(st, ci, delta) != SMIME_OK) {
			ci->bad = "malformed CRL";
			note(st, 1, ci->bad);
			continue;
		}
		st->mask |= interim;
		note(st, 5, "the CRLs do not cover every revocation reason");
	}
	return SMIME_OK;
}

static void free_set(name_set *s)
{
	free(s->owned);
	s->owned = NULL;
}

int smime_crl__status(const smime_rev_ctx *ctx, gnutls_x509_crt_t c,
		      gnutls_x509_crt_t issuer, smime_rev_status *status,
		      const char **why)
{
	rev_state st = { 0 };
	cert_info ct = { 0 };
	gnutls_datum_t ext_val = { NULL, 0 };
	dist_point *dps = NULL, implicit;
	size_t ndps = 0;
	unsigned critical = 0;
	int rc = SMIME_OK, grc;

	if (status != NULL)
		*status = SMIME_REV_UNDETERMINED;
	if (why != NULL)
		*why = "no usable CRL";
	if (ctx == NULL || c == NULL || status == NULL || why == NULL ||
	    ctx->crl_signed == NULL || (ctx->crl_count > 0 && ctx->crls == NULL))
		return SMIME_E_INVALID_ARGUMENT;

	rc = cert_parse(c, &ct);
	if (rc != SMIME_OK) {
		if (rc != SMIME_E_NO_MEMORY) {
			*why = "certificate not decodable";
			rc = SMIME_OK;
		}
		goto out;
	}
	st.ctx = ctx;
	st.issuer = issuer;
	st.cert = &ct;
	st.why = "no CRL from the certificate's CRL issuer";
	if (ctx->crl_count > 0) {
		st.crls = calloc(ctx->crl_count, sizeof(*st.crls));
		if (st.crls == NULL) {
			rc = SMIME_E_NO_MEMORY;
			goto out;
		}
	}
	for (; st.count < ctx->crl_count; st.count++) {
		st.crls[st.count].crl = ctx->crls[st.count];
		if (ctx->crls[st.count] == NULL) {
			st.crls[st.count].bad = "malformed CRL";
			continue;
		}
		if ((rc = crl_parse(&st.crls[st.count])) != SMIME_OK) {
			st.count++;
			goto out;
		}
	}

	grc = gnutls_x509_crt_get_extension_by_oid2(c, OID_CRL_DIST_POINTS, 0, &ext_val,
						    &critical);
	if (grc >= 0) {
		dps = calloc(MAX_DPS, sizeof(*dps));
		if (dps == NULL) {
			rc = SMIME_E_NO_MEMORY;
			goto out;
		}
		rc = parse_dps(&ext_val, &ct, dps, &ndps);
		if (rc != SMIME_OK) {
			if (rc != SMIME_E_NO_MEMORY) {
				*why = "malformed cRLDistributionPoints";
				rc = SMIME_OK;
			}
			goto out;
		}
	} else if (grc != GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) {
		if (grc == GNUTLS_E_MEMORY_ERROR)
			rc = SMIME_E_NO_MEMORY;
		else
			*why = "malformed cRLDistributionPoints";
		goto out;
	}

	for (size_t i = 0; i < ndps && rc == SMIME_OK; i++)
		rc = process_dp(&st, &dps[i]);
	/* then the CRLs of the certificate issuer, with a distribution point
	 * named after it (the end of §6.3.3) */
	if (rc == SMIME_OK && !st.revoked && st.mask != ALL_REASONS) {
		memset(&implicit, 0, sizeof(implicit));
		implicit.has_name = true;
		implicit.names.count = 1;
		implicit.names.items[0].tag = T_DIRECTORY_NAME;
		implicit.names.items[0].val = ct.issuer;
		implicit.names.items[0].len = ct.issuer_len;
		implicit.reasons = ALL_REASONS;
		rc = process_dp(&st, &implicit);
	}
	if (rc != SMIME_OK)
		goto out;
	if (st.revoked) {
		*status = SMIME_REV_REVOKED;
		*why = "";
	} else if (st.mask == ALL_REASONS) {
		*status = SMIME_REV_GOOD;
		*why = "";
	} else {
		*why = st.why;
	}
out:
	if (dps != NULL) {
		for (size_t i = 0; i < MAX_DPS; i++)
			free_set(&dps[i].names);
		free(dps);
	}
	for (size_t i = 0; i < st.count; i++) {
		gnutls_free(st.crls[i].der.data);
		free_set(&st.crls[i].idp_names);
	}
	free(st.crls);
	gnutls_free(ext_val.data);
	gnutls_free(ct.der.data);
	return rc;
}
