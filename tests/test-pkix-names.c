/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Name comparison (RFC 5280 §7.1) and name constraints (§4.2.1.10):
 * smime_name__equal() and smime_name__within() on names built here as DER,
 * the NIST PKITS name-chaining certificates, the PKITS 4.13 name
 * constraints tests (every CA of the path added in order, each
 * intermediate checked against what its issuers imposed, then the end
 * entity), and constraints of each form on certificates made in memory.
 */
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "cert/pkix.h"
#include "testlib.h"

/* --- DER building ------------------------------------------------------------ */

static void put_tlv(GByteArray *out, uint8_t tag, const void *val, size_t len)
{
	uint8_t hdr[6];
	size_t n = 0;

	hdr[n++] = tag;
	if (len < 0x80) {
		hdr[n++] = (uint8_t)len;
	} else if (len < 0x100) {
		hdr[n++] = 0x81;
		hdr[n++] = (uint8_t)len;
	} else {
		g_assert_cmpuint(len, <, 0x10000);
		hdr[n++] = 0x82;
		hdr[n++] = (uint8_t)(len >> 8);
		hdr[n++] = (uint8_t)len;
	}
	g_byte_array_append(out, hdr, (guint)n);
	if (len > 0)
		g_byte_array_append(out, val, (guint)len);
}

/* Wraps the whole of in (freed) into one TLV appended to out. */
static void wrap(GByteArray *out, uint8_t tag, GByteArray *in)
{
	put_tlv(out, tag, in->data, in->len);
	g_byte_array_unref(in);
}

typedef struct attr_key {
	const char *key;
	const char *oid_hex;
} attr_key;

static const attr_key attr_keys[] = {
	{ "C", "550406" },
	{ "O", "55040a" },
	{ "OU", "55040b" },
	{ "CN", "550403" },
	{ "SN", "550405" },
	{ "ST", "550408" },
	{ "DC", "0992268993f22c640119" },
	{ "E", "2a864886f70d010901" },
};

/* One value "t:text": p PrintableString, u UTF8String, i IA5String,
 * t TeletexString (the UTF-8 text as Latin-1), b BMPString, w
 * UniversalString, o OCTET STRING (not a string type), x raw hex TLV. */
static void put_value(GByteArray *out, const char *spec)
{
	const char *text = spec + 2;
	gsize n = 0;

	g_assert_true(spec[0] != '\0' && spec[1] == ':');
	switch (spec[0]) {
	case 'p':
		put_tlv(out, 0x13, text, strlen(text));
		break;
	case 'u':
		put_tlv(out, 0x0c, text, strlen(text));
		break;
	case 'i':
		put_tlv(out, 0x16, text, strlen(text));
		break;
	case 'o':
		put_tlv(out, 0x04, text, strlen(text));
		break;
	case 't': {
		char *l1 = g_convert(text, -1, "ISO-8859-1", "UTF-8", NULL, &n, NULL);

		g_assert_nonnull(l1);
		put_tlv(out, 0x14, l1, n);
		g_free(l1);
		break;
	}
	case 'b':
	case 'w': {
		glong count = 0;
		gunichar *u = g_utf8_to_ucs4(text, -1, NULL, &count, NULL);
		GByteArray *v = g_byte_array_new();

		g_assert_nonnull(u);
		for (glong i = 0; i < count; i++) {
			uint8_t be[4] = { (uint8_t)(u[i] >> 24), (uint8_t)(u[i] >> 16),
					  (uint8_t)(u[i] >> 8), (uint8_t)u[i] };

			if (spec[0] == 'b') {
				g_assert_cmpuint(u[i], <, 0x10000);
				g_byte_array_append(v, be + 2, 2);
			} else {
				g_byte_array_append(v, be, 4);
			}
		}
		g_free(u);
		wrap(out, spec[0] == 'b' ? 0x1e : 0x1c, v);
		break;
	}
	case 'x': {
		size_t len;
		uint8_t *raw = unhex(text, &len);

		g_byte_array_append(out, raw, (guint)len);
		g_free(raw);
		break;
	}
	default:
		g_assert_not_reached();
	}
}

/* A Name from "C=p:US/O=u:Org/CN=p:a+SN=p:1": RDNs separated by '/',
 * attributes of one RDN by '+'; "" is the empty name. */
static GByteArray *name_der(const char *spec)
{
	GByteArray *rdns = g_byte_array_new(), *out = g_byte_array_new();
	char **rdn = g_strsplit(spec, "/", -1);

	for (size_t i = 0; spec[0] != '\0' && rdn[i] != NULL; i++) {
		GByteArray *set = g_byte_array_new();
		char **avas = g_strsplit(rdn[i], "+", -1);

		for (size_t k = 0; avas[k] != NULL; k++) {
			GByteArray *ava = g_byte_array_new();
			const char *eq = strchr(avas[k], '=');
			const attr_key *key = NULL;
			uint8_t *oid;
			size_t oid_len;

			g_assert_nonnull(eq);
			for (size_t j = 0; j < G_N_ELEMENTS(attr_keys); j++)
				if (strlen(attr_keys[j].key) == (size_t)(eq - avas[k]) &&
				    g_ascii_strncasecmp(attr_keys[j].key, avas[k], (gsize)(eq - avas[k])) == 0)
					key = &attr_keys[j];
			g_assert_nonnull(key);
			oid = unhex(key->oid_hex, &oid_len);
			put_tlv(ava, 0x06, oid, oid_len);
			g_free(oid);
			put_value(ava, eq + 1);
			wrap(set, 0x30, ava);
		}
		g_strfreev(avas);
		wrap(rdns, 0x31, set);
	}
	g_strfreev(rdn);
	wrap(out, 0x30, rdns);
	return out;
}

static bool equal_spec(const char *a, const char *b)
{
	GByteArray *x = name_der(a), *y = name_der(b);
	bool r = smime_name__equal(x->data, x->len, y->data, y->len);

	/* the relation is symmetric */
	g_assert_true(r == smime_name__equal(y->data, y->len, x->data, x->len));
	g_byte_array_unref(x);
	g_byte_array_unref(y);
	return r;
}

static bool within_spec(const char *name, const char *base)
{
	GByteArray *x = name_der(name), *y = name_der(base);
	bool r = smime_name__within(x->data, x->len, y->data, y->len);

	g_byte_array_unref(x);
	g_byte_array_unref(y);
	return r;
}

static bool equal_hex(const char *a, const char *b)
{
	size_t alen, blen;
	uint8_t *x = unhex(a, &alen), *y = unhex(b, &blen);
	bool r = smime_name__equal(x, alen, y, blen);

	g_free(x);
	g_free(y);
	return r;
}

/* --- name comparison ---------------------------------------------------------- */

static void test_equal_basic(void)
{
	const char *n = "C=p:US/O=p:Test Certificates 2011/CN=p:Good CA";

	g_assert_true(equal_spec(n, n));
	g_assert_true(equal_spec("", ""));
	g_assert_false(equal_spec(n, ""));
	g_assert_false(equal_spec(n, "C=p:US/O=p:Test Certificates 2011/CN=p:Good CA2"));
	g_assert_false(equal_spec(n, "C=p:US/O=p:Test Certificates 2011/OU=p:Good CA"));
	/* the number and the order of RDNs matter */
	g_assert_false(equal_spec(n, "C=p:US/O=p:Test Certificates 2011"));
	g_assert_false(equal_spec(n, "C=p:US/O=p:Test Certificates 2011/CN=p:Good CA/CN=p:x"));
	g_assert_false(equal_spec("C=p:US/OU=p:a/OU=p:b", "C=p:US/OU=p:b/OU=p:a"));
	/* two RDNs are not one RDN of two attributes */
	g_assert_false(equal_spec("C=p:US/OU=p:a/OU=p:b", "C=p:US/OU=p:a+OU=p:b"));
}

static void test_equal_case_space(void)
{
	const char *n = "C=p:US/O=p:Test Certificates 2011/CN=p:Good CA";

	g_assert_true(equal_spec(n, "C=p:us/O=p:TEST CERTIFICATES 2011/CN=p:gOOD ca"));
	g_assert_true(equal_spec(n, "C=p:US/O=p:Test  Certificates 2011/CN=p:Good     CA"));
	g_assert_true(equal_spec(n, "C=p: US /O=p:Test Certificates 2011   /CN=p:   Good CA"));
	/* other white space maps to SPACE, soft hyphens and ZWSP to nothing */
	g_assert_true(equal_spec(n, "C=p:US/O=u:Test\tCertificates\n 2011/CN=u:Go\xc2\xad" "od\xe2\x80\x8b CA"));
	g_assert_true(equal_spec("CN=u:Good\xc2\xa0" "CA", "CN=p:Good CA"));
	/* but a space is not nothing */
	g_assert_false(equal_spec(n, "C=p:US/O=p:TestCertificates 2011/CN=p:Good CA"));
	g_assert_false(equal_spec(n, "C=p:US/O=p:Test Certificates 2011/CN=p:Good C A"));
	/* all-space and empty values */
	g_assert_true(equal_spec("CN=p:   ", "CN=u:"));
	g_assert_false(equal_spec("CN=p: ", "CN=p:x"));
}

static void test_equal_string_types(void)
{
	/* the same text in every DirectoryString choice */
	const char *forms[] = { "p", "u", "t", "b", "w", "i" };

	for (size_t i = 0; i < G_N_ELEMENTS(forms); i++) {
		for (size_t k = 0; k < G_N_ELEMENTS(forms); k++) {
			char *a = g_strdup_printf("C=p:US/CN=%s:Good CA", forms[i]);
			char *b = g_strdup_printf("C=p:US/CN=%s:  GOOD ca", forms[k]);

			g_assert_true(equal_spec(a, b));
			g_free(a);
			g_free(b);
		}
	}
	/* PKITS 4.3.11: UTF8String against PrintableString, case and spaces */
	g_assert_true(equal_spec("C=p:US/O=u:  test certificates 2011  /CN=u:a",
				 "C=p:US/O=p:Test Certificates 2011/CN=p:A"));
	/* non-ASCII case folding: Latin-1, Latin Extended-A, Greek, Cyrillic */
	g_assert_true(equal_spec("CN=u:M\xc3\x9cller", "CN=t:m\xc3\xbcller"));
	g_assert_true(equal_spec("CN=u:M\xc3\x9cLLER", "CN=b:m\xc3\xbcller"));
	g_assert_true(equal_spec("CN=u:\xc5\x81\xc3\xb3" "d\xc5\xba", "CN=w:\xc5\x82\xc3\x93" "D\xc5\xb9"));
	g_assert_true(equal_spec("CN=u:\xce\x91\xce\x98\xce\x97\xce\x9d\xce\x91",
				 "CN=u:\xce\xb1\xce\xb8\xce\xb7\xce\xbd\xce\xb1"));
	g_assert_true(equal_spec("CN=u:\xd0\x9c\xd0\x9e\xd0\xa1\xd0\x9a\xd0\x92\xd0\x90",
				 "CN=u:\xd0\xbc\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0"));
	g_assert_false(equal_spec("CN=u:M\xc3\xbcller", "CN=u:Muller"));
	/* a non-string value compares as bytes */
	g_assert_true(equal_spec("CN=o:Good CA", "CN=o:Good CA"));
	g_assert_false(equal_spec("CN=o:Good CA", "CN=o:good CA"));
	g_assert_false(equal_spec("CN=o:Good CA", "CN=p:Good CA"));
	/* a string that does not decode matches only its own bytes */
	g_assert_true(equal_spec("CN=x:1303ff4142", "CN=x:1303ff4142"));
	g_assert_false(equal_spec("CN=x:1303ff4142", "CN=x:1303ff6162"));
	g_assert_false(equal_spec("CN=x:0c02c181", "CN=u:A"));   /* overlong UTF-8 */
	g_assert_false(equal_spec("CN=x:1e03004100", "CN=u:A")); /* odd BMPString */
	g_assert_false(equal_spec("CN=x:1e02d800", "CN=u:A"));   /* lone surrogate */
}

static void test_equal_multivalued(void)
{
	g_assert_true(equal_spec("C=p:US/OU=p:a+CN=p:b+SN=p:3", "C=p:US/SN=u:3+cn=p:B+OU=u:A"));
	g_assert_false(equal_spec("C=p:US/OU=p:a+CN=p:b", "C=p:US/OU=p:a+CN=p:c"));
	g_assert_false(equal_spec("C=p:US/OU=p:a+CN=p:b", "C=p:US/OU=p:a"));
	g_assert_false(equal_spec("C=p:US/OU=p:a+OU=p:a", "C=p:US/OU=p:a+OU=p:b"));
	g_assert_true(equal_spec("C=p:US/OU=p:a+OU=p:b", "C=p:US/OU=p:B+OU=p:A"));
}

static void test_equal_malformed(void)
{
	const char *good = "300d310b3009060355040613025553";
	GString *big = g_string_new(NULL);
	GByteArray *x;

	g_assert_true(equal_hex(good, good));
	/* malformed names match nothing, not even themselves */
	static const char *const bad[] = {
		"",                                       /* nothing */
		"300d310b3009060355040613025553" "00",    /* trailing byte */
		"300d310b30090603550406130255",           /* truncated */
		"310b3009060355040613025553",             /* not a SEQUENCE */
		"30023100",                               /* empty RDN */
		"300b3009060355040613025553",             /* AVA outside a SET */
		"300d310b3009040355040613025553",         /* type not an OID */
		"300c310a30080600130455530000",           /* empty OID */
		"300f310d300b060355040613025553" "0500",  /* extra element in the AVA */
		"30800d310b3009060355040613025553",       /* indefinite length */
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_test_message("malformed %zu", i);
		g_assert_false(equal_hex(bad[i], bad[i]));
		g_assert_false(equal_hex(bad[i], good));
	}

	/* 64 RDNs are fine, 65 are over the limit */
	for (int i = 0; i < 64; i++)
		g_string_append(big, i == 0 ? "CN=p:x" : "/CN=p:x");
	g_assert_true(equal_spec(big->str, big->str));
	g_string_append(big, "/CN=p:x");
	x = name_der(big->str);
	g_assert_false(smime_name__equal(x->data, x->len, x->data, x->len));
	g_assert_false(smime_name__within(x->data, x->len, x->data, x->len));
	g_byte_array_unref(x);
	/* 16 attributes in one RDN, then 17 */
	g_string_assign(big, "C=p:US/");
	for (int i = 0; i < 16; i++)
		g_string_append(big, i == 0 ? "OU=p:x" : "+OU=p:x");
	g_assert_true(equal_spec(big->str, big->str));
	g_string_append(big, "+OU=p:x");
	g_assert_false(equal_spec(big->str, big->str));
	g_string_free(big, TRUE);
}

static void test_within(void)
{
	const char *n = "C=p:US/O=p:Test Certificates 2011/OU=p:permittedSubtree1/CN=p:EE";

	g_assert_true(within_spec(n, "C=p:US/O=p:Test Certificates 2011/OU=p:permittedSubtree1"));
	g_assert_true(within_spec(n, "C=p:US/O=u:test certificates  2011/OU=u:PERMITTEDSUBTREE1"));
	g_assert_true(within_spec(n, "C=p:US"));
	g_assert_true(within_spec(n, n));
	g_assert_true(within_spec(n, ""));
	g_assert_true(within_spec("", ""));
	g_assert_false(within_spec("", "C=p:US"));
	g_assert_false(within_spec(n, "C=p:US/O=p:Test Certificates 2011/OU=p:permittedSubtree2"));
	g_assert_false(within_spec(n, "O=p:Test Certificates 2011"));
	g_assert_false(within_spec("C=p:US/O=p:Test Certificates 2011",
				   "C=p:US/O=p:Test Certificates 2011/OU=p:permittedSubtree1"));
	/* RDNs are compared whole: a multi-valued RDN is not a prefix */
	g_assert_false(within_spec("C=p:US/OU=p:a+CN=p:b", "C=p:US/OU=p:a"));
	g_assert_true(within_spec("C=p:US/OU=p:a+CN=p:b/CN=p:c", "C=p:US/CN=p:B+OU=p:a"));
}

/* --- certificates ------------------------------------------------------------- */

static gnutls_x509_crt_t load_crt(const char *name)
{
	char *path = data_path("pkix-names", name), *der = NULL;
	gsize len = 0;
	gnutls_x509_crt_t crt;
	gnutls_datum_t d;

	if (!g_file_get_contents(path, &der, &len, NULL))
		g_error("cannot read %s", path);
	g_assert_cmpint(gnutls_x509_crt_init(&crt), ==, 0);
	d.data = (unsigned char *)der;
	d.size = (unsigned)len;
	if (gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_DER) < 0)
		g_error("cannot import %s", path);
	g_free(der);
	g_free(path);
	return crt;
}

static bool self_issued(gnutls_x509_crt_t c)
{
	gnutls_datum_t s = { NULL, 0 }, i = { NULL, 0 };
	bool r;

	g_assert_cmpint(gnutls_x509_crt_get_raw_dn(c, &s), ==, 0);
	g_assert_cmpint(gnutls_x509_crt_get_raw_issuer_dn(c, &i), ==, 0);
	r = smime_name__equal(s.data, s.size, i.data, i.size);
	gnutls_free(s.data);
	gnutls_free(i.data);
	return r;
}

typedef struct chain_case {
	const char *ee;
	const char *ca;
	bool equal;
} chain_case;

/* PKITS 4.3: the issuer of the end entity against the subject of its CA */
static const chain_case chain_cases[] = {
	{ "ValidNameChainingCapitalizationTest5EE.crt", "GoodCACert.crt", true },
	{ "ValidNameChainingWhitespaceTest3EE.crt", "GoodCACert.crt", true },
	{ "ValidNameChainingWhitespaceTest4EE.crt", "GoodCACert.crt", true },
	{ "ValidUTF8StringCaseInsensitiveMatchTest11EE.crt",
	  "UTF8StringCaseInsensitiveMatchCACert.crt", true },
	{ "ValidRFC3280MandatoryAttributeTypesTest7EE.crt",
	  "RFC3280MandatoryAttributeTypesCACert.crt", true },
	{ "ValidRolloverfromPrintableStringtoUTF8StringTest10EE.crt",
	  "RolloverfromPrintableStringtoUTF8StringCACert.crt", true },
	{ "ValidUTF8StringEncodedNamesTest9EE.crt", "UTF8StringEncodedNamesCACert.crt", true },
	{ "InvalidNameChainingTest1EE.crt", "GoodCACert.crt", false },
	{ "InvalidNameChainingOrderTest2EE.crt", "NameOrderingCACert.crt", false },
};

static void test_chaining(gconstpointer data)
{
	const chain_case *t = data;
	gnutls_x509_crt_t ee = load_crt(t->ee), ca = load_crt(t->ca);
	gnutls_datum_t issuer = { NULL, 0 }, subject = { NULL, 0 };

	g_assert_cmpint(gnutls_x509_crt_get_raw_issuer_dn(ee, &issuer), ==, 0);
	g_assert_cmpint(gnutls_x509_crt_get_raw_dn(ca, &subject), ==, 0);
	g_assert_true(smime_name__equal(issuer.data, issuer.size, subject.data, subject.size) ==
		      t->equal);
	g_assert_true(smime_name__equal(subject.data, subject.size, issuer.data, issuer.size) ==
		      t->equal);
	g_assert_true(smime_name__equal(subject.data, subject.size, subject.data, subject.size));
	gnutls_free(issuer.data);
	gnutls_free(subject.data);
	gnutls_x509_crt_deinit(ee);
	gnutls_x509_crt_deinit(ca);
}

/* --- PKITS 4.13 name constraints ------------------------------------------------ */

#define DN1 "nameConstraintsDN1CACert.crt"
#define DN3 "nameConstraintsDN3CACert.crt"

typedef struct nc_case {
	const char *test;       /* PKITS test name */
	const char *cas[3];     /* the CAs below the trust anchor, in path order */
	bool valid;
} nc_case;

static const nc_case nc_cases[] = {
	{ "ValidDNnameConstraintsTest1", { DN1 }, true },
	{ "InvalidDNnameConstraintsTest2", { DN1 }, false },
	{ "InvalidDNnameConstraintsTest3", { DN1 }, false },
	{ "ValidDNnameConstraintsTest4", { DN1 }, true },
	{ "ValidDNnameConstraintsTest5", { "nameConstraintsDN2CACert.crt" }, true },
	{ "ValidDNnameConstraintsTest6", { DN3 }, true },
	{ "InvalidDNnameConstraintsTest7", { DN3 }, false },
	{ "InvalidDNnameConstraintsTest8", { "nameConstraintsDN4CACert.crt" }, false },
	{ "InvalidDNnameConstraintsTest9", { "nameConstraintsDN4CACert.crt" }, false },
	{ "InvalidDNnameConstraintsTest10", { "nameConstraintsDN5CACert.crt" }, false },
	{ "ValidDNnameConstraintsTest11", { "nameConstraintsDN5CACert.crt" }, true },
	{ "InvalidDNnameConstraintsTest12", { DN1, "nameConstraintsDN1subCA1Cert.crt" }, false },
	{ "InvalidDNnameConstraintsTest13", { DN1, "nameConstraintsDN1subCA2Cert.crt" }, false },
	{ "ValidDNnameConstraintsTest14", { DN1, "nameConstraintsDN1subCA2Cert.crt" }, true },
	{ "InvalidDNnameConstraintsTest15", { DN3, "nameConstraintsDN3subCA1Cert.crt" }, false },
	{ "InvalidDNnameConstraintsTest16", { DN3, "nameConstraintsDN3subCA1Cert.crt" }, false },
	{ "InvalidDNnameConstraintsTest17", { DN3, "nameConstraintsDN3subCA2Cert.crt" }, false },
	{ "ValidDNnameConstraintsTest18", { DN3, "nameConstraintsDN3subCA2Cert.crt" }, true },
	{ "ValidDNnameConstraintsTest19", { DN1, "nameConstraintsDN1SelfIssuedCACert.crt" }, true },
	{ "InvalidDNnameConstraintsTest20", { DN1 }, false },
	{ "ValidRFC822nameConstraintsTest21", { "nameConstraintsRFC822CA1Cert.crt" }, true },
	{ "InvalidRFC822nameConstraintsTest22", { "nameConstraintsRFC822CA1Cert.crt" }, false },
	{ "ValidRFC822nameConstraintsTest23", { "nameConstraintsRFC822CA2Cert.crt" }, true },
	{ "InvalidRFC822nameConstraintsTest24", { "nameConstraintsRFC822CA2Cert.crt" }, false },
	{ "ValidRFC822nameConstraintsTest25", { "nameConstraintsRFC822CA3Cert.crt" }, true },
	{ "InvalidRFC822nameConstraintsTest26", { "nameConstraintsRFC822CA3Cert.crt" }, false },
	{ "ValidDNandRFC822nameConstraintsTest27", { DN1, "nameConstraintsDN1subCA3Cert.crt" }, true },
	{ "InvalidDNandRFC822nameConstraintsTest28", { DN1, "nameConstraintsDN1subCA3Cert.crt" },
	  false },
	{ "InvalidDNandRFC822nameConstraintsTest29", { DN1, "nameConstraintsDN1subCA3Cert.crt" },
	  false },
	{ "ValidDNSnameConstraintsTest30", { "nameConstraintsDNS1CACert.crt" }, true },
	{ "InvalidDNSnameConstraintsTest31", { "nameConstraintsDNS1CACert.crt" }, false },
	{ "ValidDNSnameConstraintsTest32", { "nameConstraintsDNS2CACert.crt" }, true },
	{ "InvalidDNSnameConstraintsTest33", { "nameConstraintsDNS2CACert.crt" }, false },
	{ "ValidURInameConstraintsTest34", { "nameConstraintsURI1CACert.crt" }, true },
	{ "InvalidURInameConstraintsTest35", { "nameConstraintsURI1CACert.crt" }, false },
	{ "ValidURInameConstraintsTest36", { "nameConstraintsURI2CACert.crt" }, true },
	{ "InvalidURInameConstraintsTest37", { "nameConstraintsURI2CACert.crt" }, false },
	{ "InvalidDNSnameConstraintsTest38", { "nameConstraintsDNS1CACert.crt" }, false },
};

/* RFC 5280 §6.1: each CA after the first is checked against the
 * constraints of the CAs before it unless it is self-issued (§6.1.3 (b)),
 * then its own constraints are added; the end entity is always checked. */
static void test_nc_pkits(gconstpointer data)
{
	const nc_case *t = data;
	smime_nc *nc = NULL;
	char *ee_name = g_strconcat(t->test, "EE.crt", NULL);
	gnutls_x509_crt_t ee = load_crt(ee_name);

	g_assert_cmpint(smime_nc__new(&nc), ==, SMIME_OK);
	for (size_t i = 0; i < G_N_ELEMENTS(t->cas) && t->cas[i] != NULL; i++) {
		gnutls_x509_crt_t ca = load_crt(t->cas[i]);

		if (i > 0 && !self_issued(ca))
			g_assert_cmpint(smime_nc__check(nc, ca), ==, SMIME_OK);
		g_assert_cmpint(smime_nc__add(nc, ca), ==, SMIME_OK);
		gnutls_x509_crt_deinit(ca);
	}
	g_assert_cmpint(smime_nc__check(nc, ee), ==, t->valid ? SMIME_OK : SMIME_E_CERT_INVALID);
	smime_nc__free(nc);
	gnutls_x509_crt_deinit(ee);
	g_free(ee_name);
}

/* PKITS 4.13.19 and 4.13.20: the self-issued CA certificate lies outside
 * the permitted subtree; only its place in the path decides. */
static void test_nc_self_issued(void)
{
	smime_nc *nc = NULL;
	gnutls_x509_crt_t dn1 = load_crt(DN1);
	gnutls_x509_crt_t si = load_crt("nameConstraintsDN1SelfIssuedCACert.crt");
	gnutls_x509_crt_t ee20 = load_crt("InvalidDNnameConstraintsTest20EE.crt");

	g_assert_true(self_issued(si));
	g_assert_true(self_issued(ee20));
	g_assert_cmpint(smime_nc__new(&nc), ==, SMIME_OK);
	g_assert_cmpint(smime_nc__add(nc, dn1), ==, SMIME_OK);
	/* checked as if it were not self-issued, it would fail */
	g_assert_cmpint(smime_nc__check(nc, si), ==, SMIME_E_CERT_INVALID);
	g_assert_cmpint(smime_nc__check(nc, ee20), ==, SMIME_E_CERT_INVALID);
	smime_nc__free(nc);
	gnutls_x509_crt_deinit(dn1);
	gnutls_x509_crt_deinit(si);
	gnutls_x509_crt_deinit(ee20);
}

/* --- constraints on certificates made here ---------------------------------------- */

/* One GeneralSubtree (base only) appended to a GeneralSubtrees array. */
static void subtree(GByteArray *subtrees, uint8_t tag, const void *val, size_t len)
{
	GByteArray *st = g_byte_array_new();

	put_tlv(st, tag, val, len);
	wrap(subtrees, 0x30, st);
}

static void subtree_str(GByteArray *subtrees, uint8_t tag, const char *s)
{
	subtree(subtrees, tag, s, strlen(s));
}

static void subtree_dn(GByteArray *subtrees, const char *spec)
{
	GByteArray *n = name_der(spec);

	subtree(subtrees, 0xa4, n->data, n->len);
	g_byte_array_unref(n);
}

/* NameConstraints from the two arrays (either may be NULL; freed). */
static GByteArray *constraints(GByteArray *permitted, GByteArray *excluded)
{
	GByteArray *seq = g_byte_array_new(), *out = g_byte_array_new();

	if (permitted != NULL)
		wrap(seq, 0xa0, permitted);
	if (excluded != NULL)
		wrap(seq, 0xa1, excluded);
	wrap(out, 0x30, seq);
	return out;
}

/* A certificate (unsigned; enough for the extension and name readers)
 * with the subject dn (GnuTLS string form, NULL for none), and the raw
 * nameConstraints and subjectAltName values when not NULL (freed). */
static gnutls_x509_crt_t make_crt(const char *dn, GByteArray *nc, GByteArray *san)
{
	gnutls_x509_crt_t crt;
	const char *err = NULL;

	g_assert_cmpint(gnutls_x509_crt_init(&crt), ==, 0);
	g_assert_cmpint(gnutls_x509_crt_set_version(crt, 3), ==, 0);
	if (dn != NULL)
		g_assert_cmpint(gnutls_x509_crt_set_dn(crt, dn, &err), ==, 0);
	if (nc != NULL) {
		g_assert_cmpint(gnutls_x509_crt_set_extension_by_oid(crt, "2.5.29.30", nc->data,
								     nc->len, 1), ==, 0);
		g_byte_array_unref(nc);
	}
	if (san != NULL) {
		g_assert_cmpint(gnutls_x509_crt_set_extension_by_oid(crt, "2.5.29.17", san->data,
								     san->len, 0), ==, 0);
		g_byte_array_unref(san);
	}
	return crt;
}

/* subjectAltName from "tag:value" entries: tag in hex ("82" dNSName),
 * value text, or for "87" an address in hex, for "a4" a name_der spec. */
static GByteArray *san_of(const char *const *entries)
{
	GByteArray *seq = g_byte_array_new(), *out = g_byte_array_new();

	for (size_t i = 0; entries[i] != NULL; i++) {
		unsigned tag = 0;
		const char *v = entries[i] + 3;

		g_assert_true(sscanf(entries[i], "%2x:", &tag) == 1);
		if (tag == 0x87 || tag == 0xa0) {
			size_t len;
			uint8_t *raw = unhex(v, &len);

			put_tlv(seq, (uint8_t)tag, raw, len);
			g_free(raw);
		} else if (tag == 0xa4) {
			GByteArray *n = name_der(v);

			put_tlv(seq, 0xa4, n->data, n->len);
			g_byte_array_unref(n);
		} else {
			put_tlv(seq, (uint8_t)tag, v, strlen(v));
		}
	}
	wrap(out, 0x30, seq);
	return out;
}

/* smime_nc__check() of a certificate with the subject dn and the SAN
 * entries under the constraints of the CAs in cas. */
static int check_names(gnutls_x509_crt_t *cas, size_t ncas, const char *dn,
		       const char *const *san)
{
	smime_nc *nc = NULL;
	gnutls_x509_crt_t c = make_crt(dn, NULL, san != NULL ? san_of(san) : NULL);
	int rc;

	g_assert_cmpint(smime_nc__new(&nc), ==, SMIME_OK);
	for (size_t i = 0; i < ncas; i++)
		g_assert_cmpint(smime_nc__add(nc, cas[i]), ==, SMIME_OK);
	rc = smime_nc__check(nc, c);
	smime_nc__free(nc);
	gnutls_x509_crt_deinit(c);
	return rc;
}

#define SAN(...) ((const char *const[]){ __VA_ARGS__, NULL })

static void test_nc_none(void)
{
	gnutls_x509_crt_t ca = make_crt("CN=CA", NULL, NULL);

	/* no constraints at all: anything passes, even a broken SAN */
	g_assert_cmpint(check_names(&ca, 1, "CN=x", SAN("82:a.example")), ==, SMIME_OK);
	g_assert_cmpint(check_names(NULL, 0, "CN=x", SAN("a0:")), ==, SMIME_OK);
	gnutls_x509_crt_deinit(ca);
}

static void test_nc_ip(void)
{
	GByteArray *p = g_byte_array_new(), *e = g_byte_array_new();
	uint8_t net4[8] = { 192, 168, 0, 0, 255, 255, 0, 0 };
	uint8_t host4[8] = { 192, 168, 7, 7, 255, 255, 255, 255 };
	gnutls_x509_crt_t ca;

	subtree(p, 0x87, net4, sizeof(net4));
	subtree(e, 0x87, host4, sizeof(host4));
	ca = make_crt("CN=CA", constraints(p, e), NULL);
	g_assert_cmpint(check_names(&ca, 1, "CN=x", SAN("87:c0a80101")), ==, SMIME_OK);
	g_assert_cmpint(check_names(&ca, 1, "CN=x", SAN("87:c0a90101")), ==, SMIME_E_CERT_INVALID);
	g_assert_cmpint(check_names(&ca, 1, "CN=x", SAN("87:c0a80707")), ==, SMIME_E_CERT_INVALID);
	/* an IPv6 address is not within an IPv4 subtree */
	g_assert_cmpint(check_names(&ca, 1, "CN=x", SAN("87:c0a80101000000000000000000000001")),
			==, SMIME_E_CERT_INVALID);
	/* an address of neither length cannot be checked */
	g_assert_cmpint(check_names(&ca, 1, "CN=x", SAN("87:c0a801")), ==, SMIME_E_CERT_INVALID);
	/* other forms are not constrained */
	g_assert_cmpint(check_names(&ca, 1, "CN=x", SAN("82:a.example", "81:a@b.example")),
			==, SMIME_OK);
	gnutls_x509_crt_deinit(ca);
}

static void test_nc_dns_uri_email(void)
{
	GByteArray *p = g_byte_array_new(), *e = g_byte_array_new();
	gnutls_x509_crt_t ca;

	subtree_str(p, 0x82, "example.com");
	subtree_str(p, 0x81, "Alice@Example.com");
	subtree_str(p, 0x81, ".mail.example.com");
	subtree_str(p, 0x86, "example.com");
	subtree_str(p, 0x86, ".example.org");
	subtree_str(e, 0x82, "bad.example.com");
	ca = make_crt("CN=CA", constraints(p, e), NULL);

	/* dNSName: the domain and its subdomains, case-insensitive */
	g_assert_cmpint(check_names(&ca, 1, NULL, SAN("82:EXAMPLE.com")), ==, SMIME_OK);
	g_assert_cmpint(check_names(&ca, 1, NULL, SAN("82:www.Example.COM")), ==, SMIME_OK);
	g_assert_cmpint(check_names(&ca, 1, NULL, SAN("82:badexample.com")), ==,
			SMIME_E_CERT_INVALID);
	g_assert_cmpint(check_names(&ca, 1, NULL, SAN("82:example.com.evil")), ==,
			SMIME_E_CERT_INVALID);
	g_assert_cmpint(check_names(&ca, 1, NULL, SAN("82:x.bad.example.com")), ==,
			SMIME_E_CERT_INVALID);
	/* a wildcard that may stand for an excluded name */
	g_assert_cmpint(check_names(&ca, 1, NULL, SAN("82:*.example.com")), ==,
			SMIME_E_CERT_INVALID);
	g_assert_cmpint(check_names(&ca, 1, NULL, SAN("82:*.www.example.com")), ==, SMIME_OK);
	g_assert_cmpint(check_names(&ca, 1, NULL, SAN("82:")), ==, SMIME_E_CERT_INVALID);

	/* rfc822Name: a mailbox (local part case-sensitive), or a subdomain */
	g_assert_cmpint(check_names(&ca, 1, NULL, SAN("81:Alice@example.COM")), ==, SMIME_OK);
	g_assert_cmpint(check_names(&ca, 1, NULL, SAN("81:alice@example.com")), ==,
			SMIME_E_CERT_INVALID);
	g_assert_cmpint(check_names(&ca, 1, NULL, SAN("81:bob@x.mail.example.com")), ==, SMIME_OK);
	g_assert_cmpint(check_names(&ca, 1, NULL, SAN("81:bob@mail.example.com")), ==,
			SMIME_E_CERT_INVALID);
	g_assert_cmpint(check_names(&ca, 1, NULL, SAN("81:no-at-sign")), ==,
			SMIME_E_CERT_INVALID);

	/* URI: the host; a leading '.' admits subdomains only */
	g_assert_cmpint(check_names(&ca, 1, NULL, SAN("86:https://user@EXAMPLE.com:8443/a?b")),
			==, SMIME_OK);
	g_assert_cmpint(check_names(&ca, 1, NULL, SAN("86:http://www.example.com/")), ==,
			SMIME_E_CERT_INVALID);
	g_assert_cmpint(check_names(&ca, 1, NULL, SAN("86:ldap://a.example.org")), ==, SMIME_OK);
	g_assert_cmpint(check_names(&ca, 1, NULL, SAN("86:ldap://example.org/")), ==,
			SMIME_E_CERT_INVALID);
	g_assert_cmpint(check_names(&ca, 1, NULL, SAN("86:urn:isbn:0451450523")), ==,
			SMIME_E_CERT_INVALID);
	g_assert_cmpint(check_names(&ca, 1, NULL, SAN("86:http://[2001:db8::1]/")), ==,
			SMIME_E_CERT_INVALID);

	/* the subject's e-mail address counts only without a SAN rfc822Name */
	g_assert_cmpint(check_names(&ca, 1, "CN=x,EMAIL=eve@evil.example", NULL), ==,
			SMIME_E_CERT_INVALID);
	g_assert_cmpint(check_names(&ca, 1, "CN=x,EMAIL=Alice@example.com", NULL), ==, SMIME_OK);
	g_assert_cmpint(check_names(&ca, 1, "CN=x,EMAIL=eve@evil.example",
				    SAN("81:Alice@example.com")), ==, SMIME_OK);
	/* no directoryName constraint: any subject */
	g_assert_cmpint(check_names(&ca, 1, "CN=anything,O=else", SAN("82:example.com")), ==,
			SMIME_OK);
	gnutls_x509_crt_deinit(ca);
}

static void test_nc_intersection(void)
{
	GByteArray *p1 = g_byte_array_new(), *p2 = g_byte_array_new();
	gnutls_x509_crt_t cas[2];

	subtree_str(p1, 0x82, "example.com");
	subtree_dn(p1, "C=p:US/O=p:Org");
	subtree_str(p2, 0x82, "sub.example.com");
	subtree_str(p2, 0x82, "other.org");
	cas[0] = make_crt("CN=CA1", constraints(p1, NULL), NULL);
	cas[1] = make_crt("CN=CA2", constraints(p2, NULL), NULL);

	g_assert_cmpint(check_names(cas, 2, "CN=x,O=Org,C=US", SAN("82:a.sub.example.com")), ==,
			SMIME_OK);
	/* within the first set, outside the second */
	g_assert_cmpint(check_names(cas, 2, "CN=x,O=Org,C=US", SAN("82:a.example.com")), ==,
			SMIME_E_CERT_INVALID);
	/* within the second set, outside the first */
	g_assert_cmpint(check_names(cas, 2, "CN=x,O=Org,C=US", SAN("82:www.other.org")), ==,
			SMIME_E_CERT_INVALID);
	/* only the first set constrains directory names */
	g_assert_cmpint(check_names(cas, 2, "CN=x,OU=u,O=Org,C=US", SAN("82:sub.example.com")), ==,
			SMIME_OK);
	g_assert_cmpint(check_names(cas, 2, "CN=x,O=Other,C=US", SAN("82:sub.example.com")), ==,
			SMIME_E_CERT_INVALID);
	g_assert_cmpint(check_names(cas, 2, "CN=x,O=Org,C=US",
				    SAN("82:sub.example.com", "a4:C=p:US/O=u:ORG/CN=p:y")), ==,
			SMIME_OK);
	g_assert_cmpint(check_names(cas, 2, "CN=x,O=Org,C=US",
				    SAN("82:sub.example.com", "a4:C=p:DE/O=p:Org")), ==,
			SMIME_E_CERT_INVALID);
	gnutls_x509_crt_deinit(cas[0]);
	gnutls_x509_crt_deinit(cas[1]);
}

static void test_nc_unknown_form(void)
{
	GByteArray *p = g_byte_array_new(), *other = g_byte_array_new(), *val;
	gnutls_x509_crt_t ca;

	/* otherName { 1.3.6.1.5.5.7.8.9 (SmtpUTF8Mailbox), [0] UTF8String } */
	val = g_byte_array_new();
	put_value(val, "x:06082b06010505070809");
	put_value(val, "x:a0050c03612e62");
	g_byte_array_append(other, val->data, val->len);
	g_byte_array_unref(val);
	subtree(p, 0xa0, other->data, other->len);
	g_byte_array_unref(other);
	subtree_str(p, 0x82, "example.com");
	ca = make_crt("CN=CA", constraints(p, NULL), NULL);

	g_assert_cmpint(check_names(&ca, 1, "CN=x", SAN("82:example.com")), ==, SMIME_OK);
	g_assert_cmpint(check_names(&ca, 1, "CN=x",
				    SAN("82:example.com", "a0:06082b06010505070809a0050c03612e62")),
			==, SMIME_E_CERT_INVALID);
	gnutls_x509_crt_deinit(ca);

	/* a set of only otherName subtrees still rejects otherNames */
	p = g_byte_array_new();
	subtree(p, 0xa0, (const uint8_t[]){ 0x06, 0x01, 0x2a, 0xa0, 0x00 }, 5);
	ca = make_crt("CN=CA", constraints(NULL, p), NULL);
	g_assert_cmpint(check_names(&ca, 1, "CN=x", SAN("82:example.com")), ==, SMIME_OK);
	g_assert_cmpint(check_names(&ca, 1, "CN=x", SAN("a0:06012aa000")), ==,
			SMIME_E_CERT_INVALID);
	gnutls_x509_crt_deinit(ca);
}

/* smime_nc__add() of a raw NameConstraints value given as hex. */
static int add_hex(const char *hex)
{
	size_t len;
	uint8_t *der = unhex(hex, &len);
	GByteArray *nc = g_byte_array_new();
	gnutls_x509_crt_t ca;
	smime_nc *acc = NULL;
	int rc;

	g_byte_array_append(nc, der, (guint)len);
	g_free(der);
	ca = make_crt("CN=CA", nc, NULL);
	g_assert_cmpint(smime_nc__new(&acc), ==, SMIME_OK);
	rc = smime_nc__add(acc, ca);
	smime_nc__free(acc);
	gnutls_x509_crt_deinit(ca);
	return rc;
}

static void test_nc_parse(void)
{
	/* permitted dNSName "a" */
	g_assert_cmpint(add_hex("3007a0053003820161"), ==, SMIME_OK);
	/* an explicit minimum of 0 is tolerated */
	g_assert_cmpint(add_hex("300aa0083006820161800100"), ==, SMIME_OK);
	/* excluded only; an empty NameConstraints */
	g_assert_cmpint(add_hex("3007a1053003820161"), ==, SMIME_OK);
	g_assert_cmpint(add_hex("3000"), ==, SMIME_OK);
	/* minimum 1, a maximum: not in the RFC 5280 profile */
	g_assert_cmpint(add_hex("300aa0083006820161800101"), ==, SMIME_E_UNSUPPORTED);
	g_assert_cmpint(add_hex("300aa0083006820161810101"), ==, SMIME_E_UNSUPPORTED);
	/* malformed */
	static const char *const bad[] = {
		"3002a000",                     /* empty permittedSubtrees */
		"300ea1053003820161a0053003820161", /* excluded before permitted */
		"300ea0053003820161a0053003820161", /* permitted twice */
		"3007a2053003820161",           /* unknown part */
		"3007a0053003a20161",           /* dNSName constructed */
		"3007a00530038a0161",           /* no such GeneralName */
		"300aa008300687040a000000",     /* iPAddress without its mask */
		"3009a00730058203616263ff",     /* trailing byte */
		"3008a0063004820261",           /* truncated */
		"300aa0083006820161820162",     /* second base in a subtree */
		"3008a0063004a4023000" "00",    /* trailing byte after the whole */
		"300ba0093007a4053003310100",   /* directoryName with a broken RDN */
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_test_message("bad constraints %zu: %s", i, bad[i]);
		g_assert_cmpint(add_hex(bad[i]), ==, SMIME_E_MALFORMED);
	}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);

	g_test_add_func("/pkix-names/equal/basic", test_equal_basic);
	g_test_add_func("/pkix-names/equal/case-space", test_equal_case_space);
	g_test_add_func("/pkix-names/equal/string-types", test_equal_string_types);
	g_test_add_func("/pkix-names/equal/multi-valued-rdn", test_equal_multivalued);
	g_test_add_func("/pkix-names/equal/malformed", test_equal_malformed);
	g_test_add_func("/pkix-names/within", test_within);
	for (size_t i = 0; i < G_N_ELEMENTS(chain_cases); i++) {
		char *path = g_strdup_printf("/pkix-names/chaining/%s", chain_cases[i].ee);

		g_test_add_data_func(path, &chain_cases[i], test_chaining);
		g_free(path);
	}
	for (size_t i = 0; i < G_N_ELEMENTS(nc_cases); i++) {
		char *path = g_strdup_printf("/pkix-names/nc/pkits/%s", nc_cases[i].test);

		g_test_add_data_func(path, &nc_cases[i], test_nc_pkits);
		g_free(path);
	}
	g_test_add_func("/pkix-names/nc/self-issued", test_nc_self_issued);
	g_test_add_func("/pkix-names/nc/none", test_nc_none);
	g_test_add_func("/pkix-names/nc/ip", test_nc_ip);
	g_test_add_func("/pkix-names/nc/dns-uri-email", test_nc_dns_uri_email);
	g_test_add_func("/pkix-names/nc/intersection", test_nc_intersection);
	g_test_add_func("/pkix-names/nc/unknown-form", test_nc_unknown_form);
	g_test_add_func("/pkix-names/nc/parse", test_nc_parse);
	return g_test_run();
}
