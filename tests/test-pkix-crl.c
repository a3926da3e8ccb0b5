/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Revocation status per RFC 5280 §6.3 (smime_crl__status) with the NIST
 * PKITS certificates of data/pkix-crl/ and the PKITS CRLs of
 * data/pkits/crls/: distribution points, issuingDistributionPoint scope,
 * reasons, indirect CRLs with cRLIssuer and certificateIssuer, delta CRLs,
 * unknown critical extensions, serial number matching, CRL currency. The
 * CRL signature callback verifies the CRL with GnuTLS against a small pool
 * of CA certificates and takes their paths as valid.
 */
#include <glib.h>
#include <string.h>

#include "cert/pkix.h"
#include "testlib.h"

/* 2020-01-01T00:00:00Z: every PKITS CRL is current then, but for the ones
 * meant to be stale (nextUpdate in 2010). */
#define WHEN ((time_t)1577836800)

#define MAX_POOL 8
#define MAX_CASE_CRLS 4

typedef struct pool {
	gnutls_x509_crt_t certs[MAX_POOL];
	size_t count;
	unsigned calls;
	bool refuse;            /* every CRL signature is "invalid" */
	bool accept;            /* every CRL signature is "valid" */
	bool saw_null_issuer;
} pool;

/* The bytes of path (g_free d->data). */
static void read_datum(const char *path, gnutls_datum_t *d)
{
	char *buf = NULL;
	gsize len = 0;

	if (!g_file_get_contents(path, &buf, &len, NULL))
		g_error("cannot read %s", path);
	d->data = (unsigned char *)buf;
	d->size = (unsigned)len;
}

static gnutls_x509_crt_t load_crt(const char *name)
{
	char *file = g_strconcat(name, ".crt", NULL);
	char *path = data_path("pkix-crl", file);
	gnutls_x509_crt_t crt;
	gnutls_datum_t d;

	read_datum(path, &d);
	g_assert_cmpint(gnutls_x509_crt_init(&crt), ==, 0);
	g_assert_cmpint(gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_DER), ==, 0);
	g_free(d.data);
	g_free(path);
	g_free(file);
	return crt;
}

static gnutls_x509_crl_t load_crl_path(char *path)
{
	gnutls_x509_crl_t crl;
	gnutls_datum_t d;

	read_datum(path, &d);
	g_assert_cmpint(gnutls_x509_crl_init(&crl), ==, 0);
	g_assert_cmpint(gnutls_x509_crl_import(crl, &d, GNUTLS_X509_FMT_DER), ==, 0);
	g_free(d.data);
	g_free(path);
	return crl;
}

static gnutls_x509_crl_t load_crl(const char *name)
{
	char *file = g_strconcat(name, ".crl", NULL);
	gnutls_x509_crl_t crl = load_crl_path(data_path("pkits/crls", file));

	g_free(file);
	return crl;
}

/* cand may sign crl: named as its issuer, cRLSign when keyUsage is there,
 * and the signature verifies. */
static bool signer_ok(gnutls_x509_crl_t crl, gnutls_x509_crt_t cand)
{
	unsigned usage = 0, critical = 0, st = 0;
	/* a CRL issuer need not be a CA (indirectCRLCA3cRLIssuerCert has
	 * keyUsage cRLSign only, no basicConstraints) */
	unsigned flags = GNUTLS_VERIFY_DISABLE_TIME_CHECKS |
			 GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS |
			 GNUTLS_VERIFY_DISABLE_CA_SIGN;
	int grc;

	if (!gnutls_x509_crl_check_issuer(crl, cand))
		return false;
	grc = gnutls_x509_crt_get_key_usage(cand, &usage, &critical);
	if (grc >= 0 && !(usage & GNUTLS_KEY_CRL_SIGN))
		return false;
	return gnutls_x509_crl_verify(crl, &cand, 1, flags, &st) >= 0 && st == 0;
}

static int test_crl_signed(void *user, gnutls_x509_crl_t crl, gnutls_x509_crt_t cert_issuer)
{
	pool *p = user;

	p->calls++;
	if (cert_issuer == NULL)
		p->saw_null_issuer = true;
	if (p->refuse)
		return SMIME_E_CERT_INVALID;
	if (p->accept)
		return SMIME_OK;
	if (cert_issuer != NULL && signer_ok(crl, cert_issuer))
		return SMIME_OK;
	for (size_t i = 0; i < p->count; i++)
		if (signer_ok(crl, p->certs[i]))
			return SMIME_OK;
	return SMIME_E_CERT_INVALID;
}

/* Every CRL of data/pkits/crls (the whole PKITS CRL store). */
static gnutls_x509_crl_t *load_all_crls(size_t *count)
{
	char *dir = data_path("pkits", "crls");
	GDir *d = g_dir_open(dir, 0, NULL);
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	gnutls_x509_crl_t *crls;
	const char *n;

	g_assert_nonnull(d);
	while ((n = g_dir_read_name(d)) != NULL)
		if (g_str_has_suffix(n, ".crl"))
			g_ptr_array_add(names, g_strdup(n));
	g_dir_close(d);
	g_assert_cmpuint(names->len, >, 100);
	crls = g_new0(gnutls_x509_crl_t, names->len);
	for (guint i = 0; i < names->len; i++)
		crls[i] = load_crl_path(g_build_filename(dir, names->pdata[i], NULL));
	*count = names->len;
	g_ptr_array_free(names, TRUE);
	g_free(dir);
	return crls;
}

static void free_crls(gnutls_x509_crl_t *crls, size_t count)
{
	for (size_t i = 0; i < count; i++)
		gnutls_x509_crl_deinit(crls[i]);
}

typedef struct crl_case {
	const char *test;       /* PKITS test name */
	const char *cert;       /* the certificate whose status is asked */
	const char *issuer;     /* its issuer's certificate */
	const char *crls[MAX_CASE_CRLS];  /* the CRLs at hand */
	const char *signers[MAX_POOL - 1]; /* other CRL signers (cRLIssuer) */
	smime_rev_status want;
	const char *why;        /* for UNDETERMINED: the note expected */
} crl_case;

#define GOOD SMIME_REV_GOOD
#define REVOKED SMIME_REV_REVOKED
#define UNKNOWN SMIME_REV_UNDETERMINED

static const char SCOPE[] = "CRL scope does not cover the certificate";
static const char NO_CRL[] = "no CRL from the certificate's CRL issuer";

static const crl_case cases[] = {
	/* 4.4 basic CRL tests */
	{ "ValidCertificatePathTest1", "ValidCertificatePathTest1EE", "GoodCACert",
	  { "GoodCACRL" }, { NULL }, GOOD, NULL },
	{ "InvalidRevokedCATest2", "RevokedsubCACert", "GoodCACert",
	  { "GoodCACRL" }, { NULL }, REVOKED, NULL },
	{ "InvalidRevokedEETest3", "InvalidRevokedEETest3EE", "GoodCACert",
	  { "GoodCACRL" }, { NULL }, REVOKED, NULL },
	{ "InvalidBadCRLSignatureTest4", "InvalidBadCRLSignatureTest4EE", "BadCRLSignatureCACert",
	  { "BadCRLSignatureCACRL" }, { NULL }, UNKNOWN, "CRL signature or signer not valid" },
	{ "ValidTwoCRLsTest7", "ValidTwoCRLsTest7EE", "TwoCRLsCACert",
	  { "TwoCRLsCABadCRL", "TwoCRLsCAGoodCRL" }, { NULL }, GOOD, NULL },
	{ "InvalidUnknownCRLEntryExtensionTest8", "InvalidUnknownCRLEntryExtensionTest8EE",
	  "UnknownCRLEntryExtensionCACert", { "UnknownCRLEntryExtensionCACRL" }, { NULL },
	  UNKNOWN, "CRL entry has an unknown critical extension" },
	{ "InvalidUnknownCRLExtensionTest9", "InvalidUnknownCRLExtensionTest9EE",
	  "UnknownCRLExtensionCACert", { "UnknownCRLExtensionCACRL" }, { NULL },
	  UNKNOWN, "CRL has an unknown critical extension" },
	{ "InvalidUnknownCRLExtensionTest10", "InvalidUnknownCRLExtensionTest10EE",
	  "UnknownCRLExtensionCACert", { "UnknownCRLExtensionCACRL" }, { NULL },
	  UNKNOWN, "CRL has an unknown critical extension" },
	{ "InvalidOldCRLnextUpdateTest11", "InvalidOldCRLnextUpdateTest11EE",
	  "OldCRLnextUpdateCACert", { "OldCRLnextUpdateCACRL" }, { NULL },
	  UNKNOWN, "CRL not current" },
	{ "ValidNegativeSerialNumberTest14", "ValidNegativeSerialNumberTest14EE",
	  "NegativeSerialNumberCACert", { "NegativeSerialNumberCACRL" }, { NULL }, GOOD, NULL },
	{ "InvalidNegativeSerialNumberTest15", "InvalidNegativeSerialNumberTest15EE",
	  "NegativeSerialNumberCACert", { "NegativeSerialNumberCACRL" }, { NULL }, REVOKED, NULL },
	{ "ValidLongSerialNumberTest16", "ValidLongSerialNumberTest16EE",
	  "LongSerialNumberCACert", { "LongSerialNumberCACRL" }, { NULL }, GOOD, NULL },
	{ "ValidLongSerialNumberTest17", "ValidLongSerialNumberTest17EE",
	  "LongSerialNumberCACert", { "LongSerialNumberCACRL" }, { NULL }, GOOD, NULL },
	{ "InvalidLongSerialNumberTest18", "InvalidLongSerialNumberTest18EE",
	  "LongSerialNumberCACert", { "LongSerialNumberCACRL" }, { NULL }, REVOKED, NULL },
	/* 4.7 key usage of the CRL signer (checked by the callback) */
	{ "InvalidkeyUsageCriticalcRLSignFalseTest4", "InvalidkeyUsageCriticalcRLSignFalseTest4EE",
	  "keyUsageCriticalcRLSignFalseCACert", { "keyUsageCriticalcRLSignFalseCACRL" }, { NULL },
	  UNKNOWN, "CRL signature or signer not valid" },
	/* 4.14 distribution points */
	{ "ValiddistributionPointTest1", "ValiddistributionPointTest1EE",
	  "distributionPoint1CACert", { "distributionPoint1CACRL" }, { NULL }, GOOD, NULL },
	{ "InvaliddistributionPointTest2", "InvaliddistributionPointTest2EE",
	  "distributionPoint1CACert", { "distributionPoint1CACRL" }, { NULL }, REVOKED, NULL },
	{ "InvaliddistributionPointTest3", "InvaliddistributionPointTest3EE",
	  "distributionPoint1CACert", { "distributionPoint1CACRL" }, { NULL }, UNKNOWN, SCOPE },
	{ "ValiddistributionPointTest4", "ValiddistributionPointTest4EE",
	  "distributionPoint1CACert", { "distributionPoint1CACRL" }, { NULL }, GOOD, NULL },
	{ "ValiddistributionPointTest5", "ValiddistributionPointTest5EE",
	  "distributionPoint2CACert", { "distributionPoint2CACRL" }, { NULL }, GOOD, NULL },
	{ "InvaliddistributionPointTest6", "InvaliddistributionPointTest6EE",
	  "distributionPoint2CACert", { "distributionPoint2CACRL" }, { NULL }, REVOKED, NULL },
	{ "ValiddistributionPointTest7", "ValiddistributionPointTest7EE",
	  "distributionPoint2CACert", { "distributionPoint2CACRL" }, { NULL }, GOOD, NULL },
	{ "InvaliddistributionPointTest8", "InvaliddistributionPointTest8EE",
	  "distributionPoint2CACert", { "distributionPoint2CACRL" }, { NULL }, UNKNOWN, SCOPE },
	{ "InvaliddistributionPointTest9", "InvaliddistributionPointTest9EE",
	  "distributionPoint2CACert", { "distributionPoint2CACRL" }, { NULL }, UNKNOWN, SCOPE },
	{ "ValidNoissuingDistributionPointTest10", "ValidNoissuingDistributionPointTest10EE",
	  "NoissuingDistributionPointCACert", { "NoissuingDistributionPointCACRL" }, { NULL },
	  GOOD, NULL },
	{ "InvalidonlyContainsUserCertsTest11", "InvalidonlyContainsUserCertsTest11EE",
	  "onlyContainsUserCertsCACert", { "onlyContainsUserCertsCACRL" }, { NULL },
	  UNKNOWN, SCOPE },
	{ "InvalidonlyContainsCACertsTest12", "InvalidonlyContainsCACertsTest12EE",
	  "onlyContainsCACertsCACert", { "onlyContainsCACertsCACRL" }, { NULL }, UNKNOWN, SCOPE },
	{ "ValidonlyContainsCACertsTest13", "ValidonlyContainsCACertsTest13EE",
	  "onlyContainsCACertsCACert", { "onlyContainsCACertsCACRL" }, { NULL }, GOOD, NULL },
	{ "InvalidonlyContainsAttributeCertsTest14", "InvalidonlyContainsAttributeCertsTest14EE",
	  "onlyContainsAttributeCertsCACert", { "onlyContainsAttributeCertsCACRL" }, { NULL },
	  UNKNOWN, SCOPE },
	{ "InvalidonlySomeReasonsTest15", "InvalidonlySomeReasonsTest15EE",
	  "onlySomeReasonsCA1Cert",
	  { "onlySomeReasonsCA1compromiseCRL", "onlySomeReasonsCA1otherreasonsCRL" }, { NULL },
	  REVOKED, NULL },
	{ "InvalidonlySomeReasonsTest16", "InvalidonlySomeReasonsTest16EE",
	  "onlySomeReasonsCA1Cert",
	  { "onlySomeReasonsCA1compromiseCRL", "onlySomeReasonsCA1otherreasonsCRL" }, { NULL },
	  REVOKED, NULL },
	{ "InvalidonlySomeReasonsTest17", "InvalidonlySomeReasonsTest17EE",
	  "onlySomeReasonsCA2Cert",
	  { "onlySomeReasonsCA2CRL1", "onlySomeReasonsCA2CRL2" }, { NULL },
	  UNKNOWN, "the CRLs do not cover every revocation reason" },
	{ "ValidonlySomeReasonsTest18", "ValidonlySomeReasonsTest18EE", "onlySomeReasonsCA3Cert",
	  { "onlySomeReasonsCA3compromiseCRL", "onlySomeReasonsCA3otherreasonsCRL" }, { NULL },
	  GOOD, NULL },
	{ "ValidonlySomeReasonsTest19", "ValidonlySomeReasonsTest19EE", "onlySomeReasonsCA4Cert",
	  { "onlySomeReasonsCA4compromiseCRL", "onlySomeReasonsCA4otherreasonsCRL" }, { NULL },
	  GOOD, NULL },
	{ "InvalidonlySomeReasonsTest20", "InvalidonlySomeReasonsTest20EE",
	  "onlySomeReasonsCA4Cert",
	  { "onlySomeReasonsCA4compromiseCRL", "onlySomeReasonsCA4otherreasonsCRL" }, { NULL },
	  REVOKED, NULL },
	{ "InvalidonlySomeReasonsTest21", "InvalidonlySomeReasonsTest21EE",
	  "onlySomeReasonsCA4Cert",
	  { "onlySomeReasonsCA4compromiseCRL", "onlySomeReasonsCA4otherreasonsCRL" }, { NULL },
	  REVOKED, NULL },
	/* indirect CRLs, cRLIssuer, certificateIssuer */
	{ "ValidIDPwithindirectCRLTest22", "ValidIDPwithindirectCRLTest22EE", "indirectCRLCA1Cert",
	  { "indirectCRLCA1CRL" }, { NULL }, GOOD, NULL },
	{ "InvalidIDPwithindirectCRLTest23", "InvalidIDPwithindirectCRLTest23EE",
	  "indirectCRLCA1Cert", { "indirectCRLCA1CRL" }, { NULL }, REVOKED, NULL },
	{ "ValidIDPwithindirectCRLTest24", "ValidIDPwithindirectCRLTest24EE", "indirectCRLCA2Cert",
	  { "indirectCRLCA1CRL" }, { "indirectCRLCA1Cert" }, GOOD, NULL },
	{ "ValidIDPwithindirectCRLTest25", "ValidIDPwithindirectCRLTest25EE", "indirectCRLCA2Cert",
	  { "indirectCRLCA1CRL" }, { "indirectCRLCA1Cert" }, GOOD, NULL },
	{ "InvalidIDPwithindirectCRLTest26", "InvalidIDPwithindirectCRLTest26EE",
	  "indirectCRLCA2Cert", { "indirectCRLCA1CRL" }, { "indirectCRLCA1Cert" },
	  UNKNOWN, NO_CRL },
	{ "InvalidcRLIssuerTest27", "InvalidcRLIssuerTest27EE", "indirectCRLCA2Cert",
	  { "GoodCACRL" }, { "GoodCACert" }, UNKNOWN, SCOPE },
	{ "ValidcRLIssuerTest28", "ValidcRLIssuerTest28EE", "indirectCRLCA3Cert",
	  { "indirectCRLCA3CRL", "indirectCRLCA3cRLIssuerCRL" }, { "indirectCRLCA3cRLIssuerCert" },
	  GOOD, NULL },
	{ "ValidcRLIssuerTest29", "ValidcRLIssuerTest29EE", "indirectCRLCA3Cert",
	  { "indirectCRLCA3CRL", "indirectCRLCA3cRLIssuerCRL" }, { "indirectCRLCA3cRLIssuerCert" },
	  GOOD, NULL },
	{ "ValidcRLIssuerTest30", "ValidcRLIssuerTest30EE", "indirectCRLCA4Cert",
	  { "indirectCRLCA4cRLIssuerCRL" }, { "indirectCRLCA4cRLIssuerCert" }, GOOD, NULL },
	{ "InvalidcRLIssuerTest31", "InvalidcRLIssuerTest31EE", "indirectCRLCA6Cert",
	  { "indirectCRLCA5CRL" }, { "indirectCRLCA5Cert" }, REVOKED, NULL },
	{ "InvalidcRLIssuerTest32", "InvalidcRLIssuerTest32EE", "indirectCRLCA6Cert",
	  { "indirectCRLCA5CRL" }, { "indirectCRLCA5Cert" }, REVOKED, NULL },
	{ "ValidcRLIssuerTest33", "ValidcRLIssuerTest33EE", "indirectCRLCA6Cert",
	  { "indirectCRLCA5CRL" }, { "indirectCRLCA5Cert" }, GOOD, NULL },
	{ "InvalidcRLIssuerTest34", "InvalidcRLIssuerTest34EE", "indirectCRLCA5Cert",
	  { "indirectCRLCA5CRL" }, { NULL }, REVOKED, NULL },
	{ "InvalidcRLIssuerTest35", "InvalidcRLIssuerTest35EE", "indirectCRLCA5Cert",
	  { "indirectCRLCA5CRL" }, { NULL }, UNKNOWN, SCOPE },
	/* 4.15 delta CRLs */
	{ "InvaliddeltaCRLIndicatorNoBaseTest1", "InvaliddeltaCRLIndicatorNoBaseTest1EE",
	  "deltaCRLIndicatorNoBaseCACert", { "deltaCRLIndicatorNoBaseCACRL" }, { NULL },
	  UNKNOWN, "no complete CRL (only a delta CRL)" },
	{ "ValiddeltaCRLTest2", "ValiddeltaCRLTest2EE", "deltaCRLCA1Cert",
	  { "deltaCRLCA1CRL", "deltaCRLCA1deltaCRL" }, { NULL }, GOOD, NULL },
	{ "InvaliddeltaCRLTest3", "InvaliddeltaCRLTest3EE", "deltaCRLCA1Cert",
	  { "deltaCRLCA1CRL", "deltaCRLCA1deltaCRL" }, { NULL }, REVOKED, NULL },
	{ "InvaliddeltaCRLTest4", "InvaliddeltaCRLTest4EE", "deltaCRLCA1Cert",
	  { "deltaCRLCA1CRL", "deltaCRLCA1deltaCRL" }, { NULL }, REVOKED, NULL },
	{ "ValiddeltaCRLTest5", "ValiddeltaCRLTest5EE", "deltaCRLCA1Cert",
	  { "deltaCRLCA1CRL", "deltaCRLCA1deltaCRL" }, { NULL }, GOOD, NULL },
	{ "InvaliddeltaCRLTest6", "InvaliddeltaCRLTest6EE", "deltaCRLCA1Cert",
	  { "deltaCRLCA1CRL", "deltaCRLCA1deltaCRL" }, { NULL }, REVOKED, NULL },
	{ "ValiddeltaCRLTest7", "ValiddeltaCRLTest7EE", "deltaCRLCA1Cert",
	  { "deltaCRLCA1CRL", "deltaCRLCA1deltaCRL" }, { NULL }, GOOD, NULL },
	{ "ValiddeltaCRLTest8", "ValiddeltaCRLTest8EE", "deltaCRLCA2Cert",
	  { "deltaCRLCA2CRL", "deltaCRLCA2deltaCRL" }, { NULL }, GOOD, NULL },
	{ "InvaliddeltaCRLTest9", "InvaliddeltaCRLTest9EE", "deltaCRLCA2Cert",
	  { "deltaCRLCA2CRL", "deltaCRLCA2deltaCRL" }, { NULL }, REVOKED, NULL },
	{ "InvaliddeltaCRLTest10", "InvaliddeltaCRLTest10EE", "deltaCRLCA3Cert",
	  { "deltaCRLCA3CRL", "deltaCRLCA3deltaCRL" }, { NULL }, UNKNOWN, "CRL not current" },
};

typedef struct fixture {
	gnutls_x509_crt_t cert, issuer;
	pool pool;
	gnutls_x509_crl_t crls[MAX_CASE_CRLS];
	size_t crl_count;
	smime_rev_ctx ctx;
} fixture;

static void fixture_load(fixture *f, const crl_case *tc)
{
	memset(f, 0, sizeof(*f));
	f->cert = load_crt(tc->cert);
	f->issuer = load_crt(tc->issuer);
	for (size_t i = 0; i < MAX_CASE_CRLS && tc->crls[i] != NULL; i++)
		f->crls[f->crl_count++] = load_crl(tc->crls[i]);
	f->pool.certs[f->pool.count++] = load_crt(tc->issuer);
	for (size_t i = 0; i < G_N_ELEMENTS(tc->signers) && tc->signers[i] != NULL; i++)
		f->pool.certs[f->pool.count++] = load_crt(tc->signers[i]);
	f->ctx.crls = f->crls;
	f->ctx.crl_count = f->crl_count;
	f->ctx.when = WHEN;
	f->ctx.crl_signed = test_crl_signed;
	f->ctx.user = &f->pool;
}

static void fixture_free(fixture *f)
{
	gnutls_x509_crt_deinit(f->cert);
	gnutls_x509_crt_deinit(f->issuer);
	free_crls(f->crls, f->crl_count);
	for (size_t i = 0; i < f->pool.count; i++)
		gnutls_x509_crt_deinit(f->pool.certs[i]);
}

static void check(const crl_case *tc, smime_rev_status got, const char *why)
{
	if (got != tc->want)
		g_test_message("%s: status %d (%s), expected %d", tc->test, (int)got, why,
			       (int)tc->want);
	g_assert_cmpint(got, ==, tc->want);
	if (tc->want == SMIME_REV_UNDETERMINED)
		g_assert_cmpstr(why, ==, tc->why);
	else
		g_assert_cmpstr(why, ==, "");
}

/* The CRLs of the PKITS test only. */
static void test_case(gconstpointer data)
{
	const crl_case *tc = data;
	smime_rev_status st = SMIME_REV_GOOD;
	const char *why = NULL;
	fixture f;

	fixture_load(&f, tc);
	g_assert_cmpint(smime_crl__status(&f.ctx, f.cert, f.issuer, &st, &why), ==, SMIME_OK);
	check(tc, st, why);
	/* a CRL's signature is asked for once per call at most */
	g_assert_cmpuint(f.pool.calls, <=, f.crl_count);
	fixture_free(&f);
}

/* Every PKITS CRL at hand (as in a trust store holding all of them):
 * the same verdicts. */
static void test_all_crls(void)
{
	size_t count = 0;
	gnutls_x509_crl_t *all = load_all_crls(&count);

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		const crl_case *tc = &cases[i];
		smime_rev_status st = SMIME_REV_GOOD;
		const char *why = NULL;
		fixture f;

		fixture_load(&f, tc);
		f.ctx.crls = all;
		f.ctx.crl_count = count;
		g_assert_cmpint(smime_crl__status(&f.ctx, f.cert, f.issuer, &st, &why), ==,
				SMIME_OK);
		check(tc, st, why);
		fixture_free(&f);
	}
	free_crls(all, count);
	g_free(all);
}

static const crl_case *find_case(const char *test)
{
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
		if (strcmp(cases[i].test, test) == 0)
			return &cases[i];
	g_assert_not_reached();
	return NULL;
}

static smime_rev_status status_of(fixture *f, const char **why)
{
	smime_rev_status st = SMIME_REV_GOOD;

	g_assert_cmpint(smime_crl__status(&f->ctx, f->cert, f->issuer, &st, why), ==, SMIME_OK);
	return st;
}

/* thisUpdate after the validation time: not current. */
static void test_not_yet_current(void)
{
	fixture f;
	const char *why = NULL;

	fixture_load(&f, find_case("InvalidRevokedEETest3"));
	f.ctx.when = 946684800; /* 2000-01-01 */
	g_assert_cmpint(status_of(&f, &why), ==, SMIME_REV_UNDETERMINED);
	g_assert_cmpstr(why, ==, "CRL not current");
	g_assert_cmpuint(f.pool.calls, ==, 0);
	fixture_free(&f);
}

static void test_no_crls(void)
{
	fixture f;
	const char *why = NULL;

	fixture_load(&f, find_case("ValidCertificatePathTest1"));
	f.ctx.crl_count = 0;
	f.ctx.crls = NULL;
	g_assert_cmpint(status_of(&f, &why), ==, SMIME_REV_UNDETERMINED);
	g_assert_cmpstr(why, ==, NO_CRL);
	fixture_free(&f);
}

/* The callback says no: no CRL is used, revoked or not. */
static void test_callback_refuses(void)
{
	fixture f;
	const char *why = NULL;

	fixture_load(&f, find_case("InvalidRevokedEETest3"));
	f.pool.refuse = true;
	g_assert_cmpint(status_of(&f, &why), ==, SMIME_REV_UNDETERMINED);
	g_assert_cmpstr(why, ==, "CRL signature or signer not valid");
	g_assert_cmpuint(f.pool.calls, ==, 1);
	fixture_free(&f);
}

/* A NULL issuer goes to the callback as is; the names come from the
 * certificate. */
static void test_null_issuer(void)
{
	fixture f;
	const char *why = NULL;
	smime_rev_status st = SMIME_REV_GOOD;

	fixture_load(&f, find_case("InvalidRevokedEETest3"));
	g_assert_cmpint(smime_crl__status(&f.ctx, f.cert, NULL, &st, &why), ==, SMIME_OK);
	g_assert_cmpint(st, ==, SMIME_REV_REVOKED);
	g_assert_true(f.pool.saw_null_issuer);
	fixture_free(&f);
}

/* The delta CRL is only used with its complete CRL, and a delta whose
 * signature fails leaves the complete CRL's verdict alone. */
static void test_delta_needs_signature(void)
{
	fixture f;
	const char *why = NULL;

	/* Test4: revoked by the delta CRL only */
	fixture_load(&f, find_case("InvaliddeltaCRLTest4"));
	g_assert_cmpint(status_of(&f, &why), ==, SMIME_REV_REVOKED);
	fixture_free(&f);

	/* without the complete CRL the delta alone decides nothing */
	fixture_load(&f, find_case("InvaliddeltaCRLTest4"));
	f.ctx.crls = &f.crls[1];
	f.ctx.crl_count = 1;
	g_assert_cmpint(status_of(&f, &why), ==, SMIME_REV_UNDETERMINED);
	g_assert_cmpstr(why, ==, "no complete CRL (only a delta CRL)");
	fixture_free(&f);

	/* without the delta CRL, Test5 (on hold in the complete CRL, taken
	 * back by the delta) is revoked */
	fixture_load(&f, find_case("ValiddeltaCRLTest5"));
	f.ctx.crl_count = 1;
	g_assert_cmpint(status_of(&f, &why), ==, SMIME_REV_REVOKED);
	fixture_free(&f);
}

static gnutls_datum_t export_der_crl(gnutls_x509_crl_t crl)
{
	gnutls_datum_t d;

	g_assert_cmpint(gnutls_x509_crl_export2(crl, GNUTLS_X509_FMT_DER, &d), ==, 0);
	return d;
}

/* Damaged CRLs and certificates (one octet changed at a time; those GnuTLS
 * still imports) with a callback that accepts every signature: the DER
 * walks stay in bounds and every call answers SMIME_OK. */
static void test_damaged(void)
{
	static const char *const which[] = {
		"InvalidcRLIssuerTest32", "InvalidonlySomeReasonsTest20",
		"ValidcRLIssuerTest29", "InvaliddeltaCRLTest6", "ValiddistributionPointTest5",
	};
	static const uint8_t flips[] = { 0x01, 0x80, 0xff };
	unsigned imported = 0;

	for (size_t w = 0; w < G_N_ELEMENTS(which); w++) {
		fixture f;
		gnutls_datum_t cder, lder;

		fixture_load(&f, find_case(which[w]));
		f.pool.accept = true;
		g_assert_cmpint(gnutls_x509_crt_export2(f.cert, GNUTLS_X509_FMT_DER, &cder), ==, 0);
		lder = export_der_crl(f.crls[0]);
		for (size_t pos = 0; pos < lder.size + cder.size; pos++) {
			for (size_t k = 0; k < G_N_ELEMENTS(flips); k++) {
				bool in_crl = pos < lder.size;
				gnutls_datum_t *d = in_crl ? &lder : &cder;
				size_t at = in_crl ? pos : pos - lder.size;
				gnutls_x509_crl_t crl = NULL, saved_crl = f.crls[0];
				gnutls_x509_crt_t crt = NULL;
				smime_rev_status st;
				const char *why;
				int grc;

				d->data[at] ^= flips[k];
				if (in_crl) {
					g_assert_cmpint(gnutls_x509_crl_init(&crl), ==, 0);
					grc = gnutls_x509_crl_import(crl, d, GNUTLS_X509_FMT_DER);
				} else {
					g_assert_cmpint(gnutls_x509_crt_init(&crt), ==, 0);
					grc = gnutls_x509_crt_import(crt, d, GNUTLS_X509_FMT_DER);
				}
				if (grc == 0) {
					imported++;
					if (in_crl)
						f.crls[0] = crl;
					grc = smime_crl__status(&f.ctx, in_crl ? f.cert : crt,
								f.issuer, &st, &why);
					g_assert_cmpint(grc, ==, SMIME_OK);
					g_assert_nonnull(why);
					f.crls[0] = saved_crl;
				}
				if (crl != NULL)
					gnutls_x509_crl_deinit(crl);
				if (crt != NULL)
					gnutls_x509_crt_deinit(crt);
				d->data[at] ^= flips[k];
			}
		}
		gnutls_free(cder.data);
		gnutls_free(lder.data);
		fixture_free(&f);
	}
	g_assert_cmpuint(imported, >, 1000);
}

static void test_bad_arguments(void)
{
	fixture f;
	const char *why = NULL;
	smime_rev_status st = SMIME_REV_GOOD;

	fixture_load(&f, find_case("ValidCertificatePathTest1"));
	g_assert_cmpint(smime_crl__status(NULL, f.cert, f.issuer, &st, &why), ==,
			SMIME_E_INVALID_ARGUMENT);
	g_assert_cmpint(st, ==, SMIME_REV_UNDETERMINED);
	g_assert_cmpint(smime_crl__status(&f.ctx, NULL, f.issuer, &st, &why), ==,
			SMIME_E_INVALID_ARGUMENT);
	f.ctx.crl_signed = NULL;
	g_assert_cmpint(smime_crl__status(&f.ctx, f.cert, f.issuer, &st, &why), ==,
			SMIME_E_INVALID_ARGUMENT);
	fixture_free(&f);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *path = g_strconcat("/pkix-crl/pkits/", cases[i].test, NULL);

		g_test_add_data_func(path, &cases[i], test_case);
		g_free(path);
	}
	g_test_add_func("/pkix-crl/pkits-all-crls", test_all_crls);
	g_test_add_func("/pkix-crl/not-yet-current", test_not_yet_current);
	g_test_add_func("/pkix-crl/no-crls", test_no_crls);
	g_test_add_func("/pkix-crl/callback-refuses", test_callback_refuses);
	g_test_add_func("/pkix-crl/null-issuer", test_null_issuer);
	g_test_add_func("/pkix-crl/delta", test_delta_needs_signature);
	g_test_add_func("/pkix-crl/bad-arguments", test_bad_arguments);
	g_test_add_func("/pkix-crl/damaged", test_damaged);
	return g_test_run();
}
