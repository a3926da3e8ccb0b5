/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Distinguished name comparison (RFC 5280 §7.1) and the name constraints
 * accumulated along a certification path (RFC 5280 §4.2.1.10, §6.1.3 (b),
 * (c), §6.1.4 (g)).
 *
 * Attribute values of the string types (UTF8String, PrintableString,
 * TeletexString read as Latin-1, BMPString, UniversalString, IA5String)
 * are decoded to code points and compared after the RFC 4518 steps this
 * file implements:
 *  - map: the control and format characters of RFC 4518 §2.2 map to
 *    nothing, the separators (TAB..CR, NEL, NBSP, Zs, Zl, Zp) to SPACE;
 *  - case: simple case folding for Basic Latin, Latin-1, Latin
 *    Extended-A, Greek, Cyrillic, fullwidth Latin and the Ohm, Kelvin and
 *    Angstrom signs (no multi-character folds: U+00DF stays as it is);
 *  - spaces: leading and trailing spaces removed, inner runs folded to one.
 * Limitations: no NFKC normalisation and no prohibited-character check;
 * a string value that does not decode (for instance a byte above 0x7f in a
 * PrintableString) only matches the same bytes. Values of other types
 * compare as DER bytes. At most NAME_MAX_RDNS RDNs of at most NAME_MAX_AVAS
 * attributes: a larger name is treated as malformed and matches nothing.
 *
 * Name constraints: directoryName (§7.1 subtree), rfc822Name, dNSName,
 * uniformResourceIdentifier (its host) and iPAddress forms are checked;
 * a constraint of another form makes every later name of that form fail.
 */
#include "cert/pkix.h"

#include <stdlib.h>
#include <string.h>

#define NAME_MAX_RDNS 64
#define NAME_MAX_AVAS 16
#define NC_MAX_SUBTREES 1024 /* in one nameConstraints extension */
#define NC_MAX_CAS 64        /* constraining certificates on one path */
#define NC_MAX_NAMES 1024    /* subjectAltName entries of one certificate */

static const char oid_name_constraints[] = "2.5.29.30";
static const char oid_subject_alt_name[] = "2.5.29.17";
/* 1.2.840.113549.1.9.1 (PKCS #9 emailAddress), DER contents octets */
static const uint8_t oid_email_address[] = {
	0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01
};

enum {
	TAG_OID = 0x06,
	TAG_UTF8 = 0x0c,
	TAG_PRINTABLE = 0x13,
	TAG_TELETEX = 0x14,
	TAG_IA5 = 0x16,
	TAG_UNIVERSAL = 0x1c,
	TAG_BMP = 0x1e,
	TAG_SEQUENCE = 0x30,
	TAG_SET = 0x31,
};

/* --- parsed names ---------------------------------------------------------- */

typedef struct name_rdns {
	smime_tlv rdn[NAME_MAX_RDNS];
	size_t count;
} name_rdns;

typedef struct ava {
	const uint8_t *oid;
	size_t oid_len;
	smime_tlv value;
} ava;

/* The AttributeTypeAndValues of one RDN (a SET TLV). */
static int parse_rdn(const smime_tlv *rdn, ava *avas, size_t *count)
{
	size_t pos = 0, n = 0;

	while (pos < rdn->len) {
		smime_tlv a, oid, val;
		size_t p = 0;

		if (n == NAME_MAX_AVAS)
			return SMIME_E_LIMIT;
		if (smime_tlv__next(rdn->val, rdn->len, &pos, &a) != SMIME_OK ||
		    a.tag != TAG_SEQUENCE ||
		    smime_tlv__next(a.val, a.len, &p, &oid) != SMIME_OK ||
		    oid.tag != TAG_OID || oid.len == 0 ||
		    smime_tlv__next(a.val, a.len, &p, &val) != SMIME_OK || p != a.len)
			return SMIME_E_MALFORMED;
		avas[n].oid = oid.val;
		avas[n].oid_len = oid.len;
		avas[n].value = val;
		n++;
	}
	if (n == 0)
		return SMIME_E_MALFORMED; /* SET SIZE (1..MAX) */
	*count = n;
	return SMIME_OK;
}

/* A whole Name (exactly one SEQUENCE TLV of RDN SETs), every RDN checked. */
static int parse_name(const uint8_t *d, size_t len, name_rdns *out)
{
	smime_tlv seq;
	size_t pos = 0, p = 0;

	out->count = 0;
	if (smime_tlv__next(d, len, &pos, &seq) != SMIME_OK || pos != len ||
	    seq.tag != TAG_SEQUENCE)
		return SMIME_E_MALFORMED;
	while (p < seq.len) {
		ava avas[NAME_MAX_AVAS];
		size_t n;
		smime_tlv *r;
		int rc;

		if (out->count == NAME_MAX_RDNS)
			return SMIME_E_LIMIT;
		r = &out->rdn[out->count];
		if (smime_tlv__next(seq.val, seq.len, &p, r) != SMIME_OK || r->tag != TAG_SET)
			return SMIME_E_MALFORMED;
		if ((rc = parse_rdn(r, avas, &n)) != SMIME_OK)
			return rc;
		out->count++;
	}
	return SMIME_OK;
}

/* --- string values ------------------------------------------------------- */

typedef struct cp_range {
	uint32_t lo, hi;
} cp_range;

/* RFC 4518 §2.2: mapped to nothing. */
static const cp_range map_nothing[] = {
	{ 0x0000, 0x0008 }, { 0x000e, 0x001f }, { 0x007f, 0x0084 },
	{ 0x0086, 0x009f }, { 0x00ad, 0x00ad }, { 0x034f, 0x034f },
	{ 0x06dd, 0x06dd }, { 0x070f, 0x070f }, { 0x1806, 0x1806 },
	{ 0x180b, 0x180e }, { 0x200b, 0x200f }, { 0x202a, 0x202e },
	{ 0x2060, 0x2063 }, { 0x206a, 0x206f }, { 0xfe00, 0xfe0f },
	{ 0xfeff, 0xfeff }, { 0xfff9, 0xfffc }, { 0x1d173, 0x1d17a },
	{ 0xe0001, 0xe0001 }, { 0xe0020, 0xe007f },
};

/* RFC 4518 §2.2: mapped to SPACE. */
static const cp_range map_space[] = {
	{ 0x0009, 0x000d }, { 0x0020, 0x0020 }, { 0x0085, 0x0085 },
	{ 0x00a0, 0x00a0 }, { 0x1680, 0x1680 }, { 0x2000, 0x200a },
	{ 0x2028, 0x2029 }, { 0x202f, 0x202f }, { 0x205f, 0x205f },
	{ 0x3000, 0x3000 },
};

static bool in_ranges(const cp_range *r, size_t n, uint32_t c)
{
	for (size_t i = 0; i < n; i++)
		if (c >= r[i].lo && c <= r[i].hi)
			return true;
	return false;
}

/* Case folding: ranges of capitals with their distance to the small
 * letter, and ranges where an even (or odd) code point is the capital of
 * the next one. */
typedef struct fold_range {
	uint32_t lo, hi;
	int32_t delta;  /* added to a capital */
	uint8_t parity; /* 0: every code point; 2: even ones only; 1: odd ones */
} fold_range;

static const fold_range folds[] = {
	{ 0x0041, 0x005a, 32, 0 },
	{ 0x00b5, 0x00b5, 0x3bc - 0xb5, 0 },
	{ 0x00c0, 0x00d6, 32, 0 },
	{ 0x00d8, 0x00de, 32, 0 },
	{ 0x0100, 0x012f, 1, 2 },
	{ 0x0132, 0x0137, 1, 2 },
	{ 0x0139, 0x0148, 1, 1 },
	{ 0x014a, 0x0177, 1, 2 },
	{ 0x0178, 0x0178, 0xff - 0x178, 0 },
	{ 0x0179, 0x017e, 1, 1 },
	{ 0x017f, 0x017f, 's' - 0x17f, 0 },
	{ 0x0386, 0x0386, 38, 0 },
	{ 0x0388, 0x038a, 37, 0 },
	{ 0x038c, 0x038c, 64, 0 },
	{ 0x038e, 0x038f, 63, 0 },
	{ 0x0391, 0x03a1, 32, 0 },
	{ 0x03a3, 0x03ab, 32, 0 },
	{ 0x03c2, 0x03c2, 1, 0 },
	{ 0x0400, 0x040f, 80, 0 },
	{ 0x0410, 0x042f, 32, 0 },
	{ 0x0460, 0x0481, 1, 2 },
	{ 0x048a, 0x04bf, 1, 2 },
	{ 0x04c0, 0x04c0, 15, 0 },
	{ 0x04c1, 0x04ce, 1, 1 },
	{ 0x04d0, 0x052f, 1, 2 },
	{ 0x2126, 0x2126, 0x3c9 - 0x2126, 0 },
	{ 0x212a, 0x212a, 'k' - 0x212a, 0 },
	{ 0x212b, 0x212b, 0xe5 - 0x212b, 0 },
	{ 0xff21, 0xff3a, 32, 0 },
};

static uint32_t fold_case(uint32_t c)
{
	if (c < 0x80)
		return c >= 'A' && c <= 'Z' ? c + 32 : c;
	for (size_t i = 0; i < SMIME_ARRAY_SIZE(folds); i++) {
		const fold_range *f = &folds[i];

		if (c < f->lo || c > f->hi)
			continue;
		if (f->parity == 2 && (c & 1) != 0)
			return c;
		if (f->parity == 1 && (c & 1) == 0)
			return c;
		return (uint32_t)((int32_t)c + f->delta);
	}
	return c;
}

static bool is_string_tag(uint8_t tag)
{
	return tag == TAG_UTF8 || tag == TAG_PRINTABLE || tag == TAG_TELETEX ||
	       tag == TAG_IA5 || tag == TAG_UNIVERSAL || tag == TAG_BMP;
}

/* A normalising reader over one string value. */
typedef struct str_iter {
	uint8_t tag;
	const uint8_t *p;
	size_t len, i;
	bool started;  /* a non-space was seen */
	bool space;    /* spaces seen since the last non-space */
	bool held;     /* hold_cp comes after the SPACE just returned */
	uint32_t hold_cp;
} str_iter;

static void str_init(str_iter *it, const smime_tlv *v)
{
	memset(it, 0, sizeof(*it));
	it->tag = v->tag;
	it->p = v->val;
	it->len = v->len;
}

/* Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF. */
static int utf8_next(const uint8_t *p, size_t left, uint32_t *cp, size_t *used)
{
	uint32_t c = p[0], min;
	size_t n;

	if (c < 0x80) {
		*cp = c;
		*used = 1;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 1;
		c &= 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 2;
		c &= 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 3;
		c &= 0x07;
		min = 0x10000;
	} else {
		return -1;
	}
	if (left <= n)
		return -1;
	for (size_t k = 1; k <= n; k++) {
		if ((p[k] & 0xc0) != 0x80)
			return -1;
		c = (c << 6) | (p[k] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return -1;
	*cp = c;
	*used = n + 1;
	return 1;
}

/* The next code point as encoded: 1, 0 at the end, -1 when undecodable. */
static int decode_next(str_iter *it, uint32_t *cp)
{
	const uint8_t *p = it->p + it->i;
	size_t left = it->len - it->i, used = 1;
	uint32_t c, lo;

	if (left == 0)
		return 0;
	switch (it->tag) {
	case TAG_PRINTABLE:
	case TAG_IA5:
		if (p[0] >= 0x80)
			return -1;
		c = p[0];
		break;
	case TAG_TELETEX:
		c = p[0]; /* read as ISO 8859-1, as most issuers mean it */
		break;
	case TAG_UTF8:
		if (utf8_next(p, left, &c, &used) < 0)
			return -1;
		break;
	case TAG_BMP:
		if (left < 2)
			return -1;
		c = (uint32_t)p[0] << 8 | p[1];
		used = 2;
		if (c >= 0xdc00 && c <= 0xdfff)
			return -1;
		if (c >= 0xd800 && c <= 0xdbff) {
			/* a surrogate pair (UTF-16 in a BMPString) */
			if (left < 4)
				return -1;
			lo = (uint32_t)p[2] << 8 | p[3];
			if (lo < 0xdc00 || lo > 0xdfff)
				return -1;
			c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
			used = 4;
		}
		break;
	case TAG_UNIVERSAL:
		if (left < 4)
			return -1;
		c = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
		used = 4;
		if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return -1;
		break;
	default:
		return -1;
	}
	it->i += used;
	*cp = c;
	return 1;
}

/* The next normalised code point: 1, 0 at the end, -1 when undecodable. */
static int norm_next(str_iter *it, uint32_t *cp)
{
	uint32_t c;
	int r;

	if (it->held) {
		it->held = false;
		*cp = it->hold_cp;
		return 1;
	}
	for (;;) {
		if ((r = decode_next(it, &c)) <= 0)
			return r; /* spaces still pending are trailing ones */
		if (in_ranges(map_nothing, SMIME_ARRAY_SIZE(map_nothing), c))
			continue;
		if (in_ranges(map_space, SMIME_ARRAY_SIZE(map_space), c)) {
			it->space = it->started;
			continue;
		}
		c = fold_case(c);
		it->started = true;
		if (it->space) {
			it->space = false;
			it->held = true;
			it->hold_cp = c;
			*cp = 0x20;
			return 1;
		}
		*cp = c;
		return 1;
	}
}

static bool strings_match(const smime_tlv *a, const smime_tlv *b)
{
	str_iter x, y;

	str_init(&x, a);
	str_init(&y, b);
	for (;;) {
		uint32_t ca = 0, cb = 0;
		int ra = norm_next(&x, &ca), rb = norm_next(&y, &cb);

		if (ra < 0 || rb < 0)
			return false;
		if (ra == 0 || rb == 0)
			return ra == rb;
		if (ca != cb)
			return false;
	}
}

/* --- RDN and Name comparison --------------------------------------------- */

static bool ava_match(const ava *a, const ava *b)
{
	if (a->oid_len != b->oid_len || memcmp(a->oid, b->oid, a->oid_len) != 0)
		return false;
	if (a->value.raw_len == b->value.raw_len &&
	    memcmp(a->value.raw, b->value.raw, a->value.raw_len) == 0)
		return true;
	if (is_string_tag(a->value.tag) && is_string_tag(b->value.tag))
		return strings_match(&a->value, &b->value);
	return false;
}

/* Same set of attributes, in any order. Matching is an equivalence, so a
 * greedy pairing finds a complete one whenever one exists. */
static bool rdn_match(const smime_tlv *ra, const smime_tlv *rb)
{
	ava a[NAME_MAX_AVAS], b[NAME_MAX_AVAS];
	bool used[NAME_MAX_AVAS] = { false };
	size_t na, nb;

	if (parse_rdn(ra, a, &na) != SMIME_OK || parse_rdn(rb, b, &nb) != SMIME_OK ||
	    na != nb)
		return false;
	for (size_t i = 0; i < na; i++) {
		size_t j;

		for (j = 0; j < nb; j++)
			if (!used[j] && ava_match(&a[i], &b[j]))
				break;
		if (j == nb)
			return false;
		used[j] = true;
	}
	return true;
}

bool smime_name__equal(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	name_rdns x, y;

	if (parse_name(a, alen, &x) != SMIME_OK || parse_name(b, blen, &y) != SMIME_OK ||
	    x.count != y.count)
		return false;
	for (size_t i = 0; i < x.count; i++)
		if (!rdn_match(&x.rdn[i], &y.rdn[i]))
			return false;
	return true;
}

bool smime_name__within(const uint8_t *name, size_t nlen, const uint8_t *base, size_t blen)
{
	name_rdns x, y;

	if (parse_name(name, nlen, &x) != SMIME_OK || parse_name(base, blen, &y) != SMIME_OK ||
	    y.count > x.count)
		return false;
	for (size_t i = 0; i < y.count; i++)
		if (!rdn_match(&x.rdn[i], &y.rdn[i]))
			return false;
	return true;
}

/* --- GeneralName ------------------------------------------------------------ */

enum gn_form {
	GN_OTHER = 0,   /* otherName */
	GN_RFC822 = 1,
	GN_DNS = 2,
	GN_X400 = 3,
	GN_DIR = 4,
	GN_EDI = 5,
	GN_URI = 6,
	GN_IP = 7,
	GN_RID = 8,     /* registeredID */
	GN_FORMS
};

#define FORM_BIT(f) (1u << (f))
#define CHECKED_FORMS (FORM_BIT(GN_RFC822) | FORM_BIT(GN_DNS) | FORM_BIT(GN_DIR) | \
		       FORM_BIT(GN_URI) | FORM_BIT(GN_IP))

/* Whether each GeneralName choice is a constructed encoding. */
static const bool form_constructed[GN_FORMS] = {
	[GN_OTHER] = true, [GN_X400] = true, [GN_DIR] = true, [GN_EDI] = true,
};

/* One GeneralName element: its form and the bytes to match (the contents
 * octets; for directoryName the Name SEQUENCE inside the explicit tag). */
static int general_name(const smime_tlv *t, unsigned *form, const uint8_t **val, size_t *len)
{
	unsigned num = t->tag & 0x1f;

	if ((t->tag & 0xc0) != 0x80 || num >= GN_FORMS ||
	    ((t->tag & 0x20) != 0) != form_constructed[num])
		return SMIME_E_MALFORMED;
	*form = num;
	*val = t->val;
	*len = t->len;
	if (num == GN_DIR) {
		smime_tlv n;
		size_t pos = 0;

		if (smime_tlv__next(t->val, t->len, &pos, &n) != SMIME_OK ||
		    pos != t->len || n.tag != TAG_SEQUENCE)
			return SMIME_E_MALFORMED;
		*val = n.raw;
		*len = n.raw_len;
	}
	return SMIME_OK;
}

/* --- matching one name against one subtree -------------------------------- */

static uint8_t lower(uint8_t c)
{
	return c >= 'A' && c <= 'Z' ? (uint8_t)(c + 32) : c;
}

static bool equal_ci(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	if (alen != blen)
		return false;
	for (size_t i = 0; i < alen; i++)
		if (lower(a[i]) != lower(b[i]))
			return false;
	return true;
}

static bool ends_with_ci(const uint8_t *s, size_t slen, const uint8_t *suf, size_t suflen)
{
	return slen >= suflen && equal_ci(s + slen - suflen, suflen, suf, suflen);
}

static const uint8_t *last_at(const uint8_t *s, size_t len)
{
	for (size_t i = len; i > 0; i--)
		if (s[i - 1] == '@')
			return s + i - 1;
	return NULL;
}

/* host is within the domain c: equal, or a subdomain of it; a constraint
 * that starts with '.' admits subdomains only. */
static bool domain_within(const uint8_t *host, size_t hlen, const uint8_t *c, size_t clen,
			  bool subdomains_of_plain)
{
	if (clen > 0 && c[0] == '.')
		return hlen > clen && ends_with_ci(host, hlen, c, clen);
	if (equal_ci(host, hlen, c, clen))
		return true;
	return subdomains_of_plain && hlen > clen && host[hlen - clen - 1] == '.' &&
	       ends_with_ci(host, hlen, c, clen);
}

static bool printable_ascii(const uint8_t *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] <= 0x20 || s[i] >= 0x7f)
			return false;
	return true;
}

/* The host of a URI with an authority: scheme "://" [userinfo "@"] host
 * [":" port] followed by the end, '/', '?' or '#'. */
static bool uri_host(const uint8_t *u, size_t len, const uint8_t **host, size_t *hlen)
{
	size_t i = 0, a, end, h;
	const uint8_t *at;

	if (!printable_ascii(u, len) || len == 0 ||
	    !((u[0] >= 'a' && u[0] <= 'z') || (u[0] >= 'A' && u[0] <= 'Z')))
		return false;
	while (i < len && u[i] != ':') {
		uint8_t c = u[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '+' || c == '-' || c == '.'))
			return false;
		i++;
	}
	if (len - i < 3 || u[i + 1] != '/' || u[i + 2] != '/')
		return false;
	a = i + 3;
	for (end = a; end < len; end++)
		if (u[end] == '/' || u[end] == '?' || u[end] == '#')
			break;
	if ((at = last_at(u + a, end - a)) != NULL)
		a = (size_t)(at - u) + 1;
	if (a < end && u[a] == '[') {
		/* an IP literal: kept with its brackets, no domain matches it */
		for (h = a; h < end && u[h] != ']'; h++)
			;
		if (h == end)
			return false;
		h++;
	} else {
		for (h = a; h < end && u[h] != ':'; h++)
			;
	}
	if (h == a)
		return false;
	*host = u + a;
	*hlen = h - a;
	return true;
}

/* Whether a name of the form can be checked at all. */
static bool name_usable(unsigned form, const uint8_t *v, size_t len)
{
	const uint8_t *at, *host;
	size_t hlen;
	name_rdns n;

	switch (form) {
	case GN_RFC822:
		at = last_at(v, len);
		return printable_ascii(v, len) && at != NULL && at != v && at != v + len - 1;
	case GN_DNS:
		return len > 0 && printable_ascii(v, len);
	case GN_URI:
		return uri_host(v, len, &host, &hlen);
	case GN_IP:
		return len == 4 || len == 16;
	case GN_DIR:
		return parse_name(v, len, &n) == SMIME_OK;
	default:
		return false;
	}
}

static bool rfc822_match(const uint8_t *v, size_t len, const uint8_t *c, size_t clen)
{
	const uint8_t *at = last_at(v, len), *cat = last_at(c, clen);
	const uint8_t *host = at + 1;
	size_t hlen = len - (size_t)(host - v);

	if (cat != NULL) {
		/* one mailbox: the local part is case-sensitive */
		size_t llen = (size_t)(at - v), cllen = (size_t)(cat - c);

		return llen == cllen && memcmp(v, c, llen) == 0 &&
		       equal_ci(host, hlen, cat + 1, clen - cllen - 1);
	}
	/* ".example.com": any host below; "example.com": that host only */
	return domain_within(host, hlen, c, clen, false);
}

static bool dns_match(const uint8_t *v, size_t len, const uint8_t *c, size_t clen, bool excluded)
{
	if (clen == 0)
		return true; /* every name can be built by adding labels */
	if (domain_within(v, len, c, clen, true))
		return true;
	/* "*.example.com" may stand for a name in an excluded subtree below
	 * example.com: conservatively count it as excluded. */
	if (excluded && len > 2 && v[0] == '*' && v[1] == '.') {
		const uint8_t *cc = c[0] == '.' ? c + 1 : c;
		size_t cclen = c[0] == '.' ? clen - 1 : clen;

		return cclen > len - 1 && ends_with_ci(cc, cclen, v + 1, len - 1);
	}
	return false;
}

static bool ip_match(const uint8_t *v, size_t len, const uint8_t *c, size_t clen)
{
	if (clen != 2 * len)
		return false;
	for (size_t i = 0; i < len; i++)
		if ((v[i] & c[len + i]) != (c[i] & c[len + i]))
			return false;
	return true;
}

typedef struct subtree {
	unsigned form;
	const uint8_t *val;
	size_t len;
} subtree;

/* v is a usable name of st's form. */
static bool subtree_match(const subtree *st, const uint8_t *v, size_t len, bool excluded)
{
	const uint8_t *host = NULL;
	size_t hlen = 0;

	switch (st->form) {
	case GN_DIR:
		return smime_name__within(v, len, st->val, st->len);
	case GN_RFC822:
		return rfc822_match(v, len, st->val, st->len);
	case GN_DNS:
		return dns_match(v, len, st->val, st->len, excluded);
	case GN_URI:
		return uri_host(v, len, &host, &hlen) &&
		       domain_within(host, hlen, st->val, st->len, false);
	case GN_IP:
		return ip_match(v, len, st->val, st->len);
	default:
		return false;
	}
}

/* --- the accumulator -------------------------------------------------------- */

/* The nameConstraints of one certificate. */
typedef struct nc_entry {
	uint8_t *der;              /* copy of the extension; items point here */
	subtree *items;            /* permitted subtrees, then excluded ones */
	size_t n_permitted;
	size_t count;
	unsigned permitted_forms;  /* forms with a permitted subtree here */
} nc_entry;

struct smime_nc {
	nc_entry *cas;
	size_t count;
	unsigned constrained_forms; /* forms with any checked subtree */
	unsigned unknown_forms;     /* forms with a subtree that cannot be checked */
};

int smime_nc__new(smime_nc **out)
{
	if (out == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	*out = calloc(1, sizeof(**out));
	return *out != NULL ? SMIME_OK : SMIME_E_NO_MEMORY;
}

void smime_nc__free(smime_nc *nc)
{
	if (nc == NULL)
		return;
	for (size_t i = 0; i < nc->count; i++) {
		free(nc->cas[i].der);
		free(nc->cas[i].items);
	}
	free(nc->cas);
	free(nc);
}

static int count_elements(const smime_tlv *t, size_t *n)
{
	size_t pos = 0;
	smime_tlv e;

	while (pos < t->len) {
		if (smime_tlv__next(t->val, t->len, &pos, &e) != SMIME_OK)
			return SMIME_E_MALFORMED;
		if (++*n > NC_MAX_SUBTREES)
			return SMIME_E_LIMIT;
	}
	return SMIME_OK;
}

/* GeneralSubtree: minimum must be 0 (absent, or a tolerated explicit 0),
 * maximum absent (RFC 5280 §4.2.1.10). */
static int subtree_bounds(const smime_tlv *st, size_t p)
{
	bool seen_min = false;

	while (p < st->len) {
		smime_tlv t;

		if (smime_tlv__next(st->val, st->len, &p, &t) != SMIME_OK)
			return SMIME_E_MALFORMED;
		if (t.tag == 0x80 && !seen_min) {
			if (t.len == 0 || (t.len > 1 && t.val[0] == 0 && !(t.val[1] & 0x80)))
				return SMIME_E_MALFORMED;
			if (t.len != 1 || t.val[0] != 0)
				return SMIME_E_UNSUPPORTED;
			seen_min = true;
		} else if (t.tag == 0x81) {
			return SMIME_E_UNSUPPORTED;
		} else {
			return SMIME_E_MALFORMED;
		}
	}
	return SMIME_OK;
}

/* The subtrees of one GeneralSubtrees (implicitly tagged SEQUENCE OF). */
static int parse_subtrees(const smime_tlv *set, nc_entry *e, unsigned *forms, unsigned *unknown)
{
	size_t pos = 0;

	while (pos < set->len) {
		smime_tlv st, base;
		size_t p = 0;
		unsigned form;
		const uint8_t *v;
		size_t vlen;
		int rc;

		if (smime_tlv__next(set->val, set->len, &pos, &st) != SMIME_OK ||
		    st.tag != TAG_SEQUENCE ||
		    smime_tlv__next(st.val, st.len, &p, &base) != SMIME_OK)
			return SMIME_E_MALFORMED;
		if ((rc = general_name(&base, &form, &v, &vlen)) != SMIME_OK ||
		    (rc = subtree_bounds(&st, p)) != SMIME_OK)
			return rc;
		if (!(CHECKED_FORMS & FORM_BIT(form))) {
			*unknown |= FORM_BIT(form);
			continue;
		}
		if (form == GN_IP && vlen != 8 && vlen != 32)
			return SMIME_E_MALFORMED; /* address and mask */
		if (form == GN_DIR && !name_usable(GN_DIR, v, vlen))
			return SMIME_E_MALFORMED;
		e->items[e->count].form = form;
		e->items[e->count].val = v;
		e->items[e->count].len = vlen;
		e->count++;
		*forms |= FORM_BIT(form);
	}
	return SMIME_OK;
}

/* NameConstraints ::= SEQUENCE { permittedSubtrees [0] OPTIONAL,
 * excludedSubtrees [1] OPTIONAL }, parsed from e->der. */
static int parse_constraints(nc_entry *e, size_t len, unsigned *excluded_forms,
			     unsigned *unknown)
{
	smime_tlv seq, parts[2];
	bool have[2] = { false, false };
	size_t pos = 0, p = 0, n = 0;
	int rc;

	if (smime_tlv__next(e->der, len, &pos, &seq) != SMIME_OK || pos != len ||
	    seq.tag != TAG_SEQUENCE)
		return SMIME_E_MALFORMED;
	for (int k = 0; k < 2 && p < seq.len; k++) {
		size_t q = p;
		smime_tlv t;

		if (smime_tlv__next(seq.val, seq.len, &q, &t) != SMIME_OK)
			return SMIME_E_MALFORMED;
		if (t.tag != (uint8_t)(0xa0 + k))
			continue;
		parts[k] = t;
		have[k] = true;
		p = q;
	}
	if (p != seq.len)
		return SMIME_E_MALFORMED;
	for (int k = 0; k < 2; k++) {
		if (!have[k])
			continue;
		if (parts[k].len == 0)
			return SMIME_E_MALFORMED; /* SIZE (1..MAX) */
		if ((rc = count_elements(&parts[k], &n)) != SMIME_OK)
			return rc;
	}
	if (n == 0)
		return SMIME_OK;
	if ((e->items = calloc(n, sizeof(*e->items))) == NULL)
		return SMIME_E_NO_MEMORY;
	if (have[0]) {
		if ((rc = parse_subtrees(&parts[0], e, &e->permitted_forms, unknown)) != SMIME_OK)
			return rc;
	}
	e->n_permitted = e->count;
	if (have[1])
		return parse_subtrees(&parts[1], e, excluded_forms, unknown);
	return SMIME_OK;
}

/* Adds the constraints in the DER NameConstraints d. */
static int add_der(smime_nc *nc, const uint8_t *d, size_t len)
{
	nc_entry e = { 0 };
	unsigned excluded_forms = 0, unknown = 0;
	nc_entry *grown;
	int rc;

	if (nc->count == NC_MAX_CAS)
		return SMIME_E_LIMIT;
	if ((e.der = malloc(len > 0 ? len : 1)) == NULL)
		return SMIME_E_NO_MEMORY;
	if (len > 0)
		memcpy(e.der, d, len);
	rc = parse_constraints(&e, len, &excluded_forms, &unknown);
	if (rc != SMIME_OK || e.count == 0) {
		free(e.der);
		free(e.items);
		if (rc == SMIME_OK)
			nc->unknown_forms |= unknown;
		return rc;
	}
	grown = realloc(nc->cas, (nc->count + 1) * sizeof(*nc->cas));
	if (grown == NULL) {
		free(e.der);
		free(e.items);
		return SMIME_E_NO_MEMORY;
	}
	nc->cas = grown;
	nc->cas[nc->count++] = e;
	nc->constrained_forms |= e.permitted_forms | excluded_forms;
	nc->unknown_forms |= unknown;
	return SMIME_OK;
}

int smime_nc__add(smime_nc *nc, gnutls_x509_crt_t ca)
{
	gnutls_datum_t ext = { NULL, 0 }, dup = { NULL, 0 };
	unsigned critical = 0;
	int grc, rc;

	if (nc == NULL || ca == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	grc = gnutls_x509_crt_get_extension_by_oid2(ca, oid_name_constraints, 0, &ext, &critical);
	if (grc == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
		return SMIME_OK;
	if (grc < 0)
		return smime_cert__gnutls_err(grc, SMIME_E_MALFORMED);
	grc = gnutls_x509_crt_get_extension_by_oid2(ca, oid_name_constraints, 1, &dup, &critical);
	if (grc >= 0) {
		gnutls_free(dup.data);
		rc = SMIME_E_MALFORMED; /* the extension twice */
	} else {
		rc = add_der(nc, ext.data, ext.size);
	}
	gnutls_free(ext.data);
	return rc;
}

/* One name of the given form against everything accumulated. */
static int check_name(const smime_nc *nc, unsigned form, const uint8_t *v, size_t len)
{
	unsigned bit = FORM_BIT(form);

	if (nc->unknown_forms & bit)
		return SMIME_E_CERT_INVALID;
	if (!(nc->constrained_forms & bit))
		return SMIME_OK;
	if (!name_usable(form, v, len))
		return SMIME_E_CERT_INVALID;
	for (size_t i = 0; i < nc->count; i++) {
		const nc_entry *e = &nc->cas[i];
		bool permitted = !(e->permitted_forms & bit);

		for (size_t k = e->n_permitted; k < e->count; k++)
			if (e->items[k].form == form && subtree_match(&e->items[k], v, len, true))
				return SMIME_E_CERT_INVALID;
		for (size_t k = 0; k < e->n_permitted && !permitted; k++)
			permitted = e->items[k].form == form &&
				    subtree_match(&e->items[k], v, len, false);
		if (!permitted)
			return SMIME_E_CERT_INVALID;
	}
	return SMIME_OK;
}

/* Every entry of the subjectAltName extension (GeneralNames DER). */
static int check_san(const smime_nc *nc, const uint8_t *d, size_t len, bool *has_email)
{
	smime_tlv seq;
	size_t pos = 0, p = 0, n = 0;

	if (smime_tlv__next(d, len, &pos, &seq) != SMIME_OK || pos != len ||
	    seq.tag != TAG_SEQUENCE || seq.len == 0)
		return SMIME_E_MALFORMED;
	while (p < seq.len) {
		smime_tlv t;
		unsigned form;
		const uint8_t *v;
		size_t vlen;
		int rc;

		if (++n > NC_MAX_NAMES)
			return SMIME_E_LIMIT;
		if (smime_tlv__next(seq.val, seq.len, &p, &t) != SMIME_OK)
			return SMIME_E_MALFORMED;
		if ((rc = general_name(&t, &form, &v, &vlen)) != SMIME_OK)
			return rc;
		if (form == GN_RFC822)
			*has_email = true;
		if ((rc = check_name(nc, form, v, vlen)) != SMIME_OK)
			return rc;
	}
	return SMIME_OK;
}

/* The subject: as directoryName when not empty, and its emailAddress
 * attributes as rfc822Name when the subjectAltName has none. */
static int check_subject(const smime_nc *nc, const uint8_t *d, size_t len, bool san_email)
{
	bool emails = !san_email && (nc->constrained_forms & FORM_BIT(GN_RFC822));
	name_rdns n;
	int rc;

	if (!(nc->constrained_forms & FORM_BIT(GN_DIR)) && !emails)
		return SMIME_OK;
	if (parse_name(d, len, &n) != SMIME_OK)
		return SMIME_E_CERT_INVALID; /* a name this file cannot check */
	if (n.count > 0 && (rc = check_name(nc, GN_DIR, d, len)) != SMIME_OK)
		return rc;
	if (!emails)
		return SMIME_OK;
	for (size_t i = 0; i < n.count; i++) {
		ava avas[NAME_MAX_AVAS];
		size_t na;

		if (parse_rdn(&n.rdn[i], avas, &na) != SMIME_OK)
			return SMIME_E_CERT_INVALID;
		for (size_t k = 0; k < na; k++) {
			const ava *a = &avas[k];

			if (a->oid_len != sizeof(oid_email_address) ||
			    memcmp(a->oid, oid_email_address, a->oid_len) != 0)
				continue;
			if (a->value.tag != TAG_IA5 && a->value.tag != TAG_UTF8 &&
			    a->value.tag != TAG_PRINTABLE)
				return SMIME_E_CERT_INVALID;
			rc = check_name(nc, GN_RFC822, a->value.val, a->value.len);
			if (rc != SMIME_OK)
				return rc;
		}
	}
	return SMIME_OK;
}

int smime_nc__check(const smime_nc *nc, gnutls_x509_crt_t c)
{
	gnutls_datum_t san = { NULL, 0 }, dn = { NULL, 0 };
	unsigned critical = 0;
	bool san_email = false;
	int grc, rc = SMIME_OK;

	if (nc == NULL || c == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (nc->count == 0 && nc->unknown_forms == 0)
		return SMIME_OK;

	grc = gnutls_x509_crt_get_extension_by_oid2(c, oid_subject_alt_name, 0, &san, &critical);
	if (grc >= 0) {
		rc = check_san(nc, san.data, san.size, &san_email);
		gnutls_free(san.data);
	} else if (grc != GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) {
		rc = smime_cert__gnutls_err(grc, SMIME_E_MALFORMED);
	}
	if (rc != SMIME_OK)
		return rc;

	grc = gnutls_x509_crt_get_raw_dn(c, &dn);
	if (grc < 0)
		return smime_cert__gnutls_err(grc, SMIME_E_MALFORMED);
	rc = check_subject(nc, dn.data, dn.size, san_email);
	gnutls_free(dn.data);
	return rc;
}
