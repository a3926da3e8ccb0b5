/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Certificate validation for e-mail through the public API: the Bouncy
 * Castle SignedMailValidator cases (each with its own failure reason),
 * NIST PKITS (driven by data/pkits/cases.txt), RFC 4134 example 4.6 (DSA
 * parameter inheritance), CRL files, RFC 8550 e-mail address matching and
 * path building with backtracking (data/path).
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "smime.h"
#include "cert/cert.h"
#include "testlib.h"

static smime_trust *trust_from(const char *dir, const char *ca)
{
	smime_trust *t = NULL;
	char *p = data_path(dir, ca);

	g_assert_cmpint(smime_trust_new(&t), ==, SMIME_OK);
	g_assert_cmpint(smime_trust_add_ca_file(t, p), ==, SMIME_OK);
	g_free(p);
	return t;
}

static void add_crl(smime_trust *t, const char *dir, const char *name)
{
	char *p = data_path(dir, name);
	g_assert_cmpint(smime_trust_add_crl_file(t, p), ==, SMIME_OK);
	g_free(p);
}

/* Verifies data/<dir>/<name>; returns the overall status and the result. */
static int verify_file(smime_verify_result **res, const char *dir, const char *name,
		       const smime_trust *trust, unsigned flags, const char *email)
{
	smime_verify_options vo = SMIME_VERIFY_OPTIONS_INIT;
	char *p = data_path(dir, name), *msg = NULL;
	gsize len = 0;
	int rc;

	g_assert_true(g_file_get_contents(p, &msg, &len, NULL));
	g_free(p);
	vo.trust = trust;
	vo.flags = flags;
	vo.email = email;
	*res = NULL;
	rc = smime_verify_data(res, &vo, msg, len, NULL, 0);
	g_free(msg);
	g_assert_nonnull(*res);
	return rc;
}

static const smime_signer_result *only_signer(const smime_verify_result *res)
{
	g_assert_cmpuint(smime_verify_result_get_signer_count(res), ==, 1);
	return smime_verify_result_get_signer(res, 0);
}

/* ------------------------------------------------------------------------ */
/* Bouncy Castle SignedMailValidatorTest (bc-java mail/src/test/resources)  */
/* ------------------------------------------------------------------------ */

#define BC "corpus/bc-java-smime"
#define BC_FLAGS (SMIME_VERIFY_AT_SIGNING_TIME | SMIME_VERIFY_ALLOW_LEGACY)
#define BC_SIGNER "arminha@student.ethz.ch"

/* The signature verifies, the chain fails at the signing time with detail
 * `why`; returns the signer for more checks. */
static void bc_expect(const char *file, const smime_trust *trust, const char *email,
		      const char *why)
{
	smime_verify_result *res;
	const smime_signer_result *s;
	int rc = verify_file(&res, BC, file, trust, BC_FLAGS, email);

	s = only_signer(res);
	g_assert_cmpint(smime_signer_result_get_signature_status(s), ==, SMIME_OK);
	g_assert_cmpint(smime_signer_result_get_signing_time(s), >, 0);
	if (why == NULL) {
		g_assert_cmpstr(smime_signer_result_get_detail(s), ==, "");
		g_assert_cmpint(smime_signer_result_get_chain_status(s), ==, SMIME_OK);
		g_assert_cmpint(rc, ==, SMIME_OK);
	} else {
		g_assert_cmpint(smime_signer_result_get_chain_status(s), ==,
				SMIME_E_CERT_INVALID);
		g_assert_cmpstr(smime_signer_result_get_detail(s), ==, why);
		g_assert_cmpint(rc, ==, SMIME_E_CERT_INVALID);
	}
	/* the other time (now): every one of these certificates has expired */
	g_assert_cmpint(smime_signer_result_get_chain_status_other(s), ==,
			SMIME_E_CERT_INVALID);
	smime_verify_result_free(res);
}

static smime_trust *bc_trust(void)
{
	return trust_from(BC, "validator.root.crt");
}

/* The leaf certificates of these 2011 messages are signed with MD5: only
 * the explicit legacy policy (which these checks use) accepts that, and by
 * default the chain is refused as "insecure algorithm". */
static void test_bc_valid(void)
{
	smime_trust *t = bc_trust();
	smime_verify_result *res;
	bc_expect("validator.validMail.eml", t, NULL, NULL);
	bc_expect("validator.validMail.eml", t, BC_SIGNER, NULL);
	bc_expect("validator.longValidity.eml", t, NULL, NULL);
	verify_file(&res, BC, "validator.validMail.eml", t, SMIME_VERIFY_AT_SIGNING_TIME, NULL);
	/* refused: the SHA-1 signature as weak, the MD5-signed chain as invalid */
	g_assert_cmpint(smime_signer_result_get_status(only_signer(res)), ==, SMIME_E_WEAK_ALGORITHM);
	g_assert_cmpint(smime_signer_result_get_chain_status(only_signer(res)), ==,
			SMIME_E_CERT_INVALID);
	smime_verify_result_free(res);
	smime_trust_free(t);
}

static void test_bc_short_key(void)
{
	smime_trust *t = bc_trust();
	smime_verify_result *res;
	const smime_signer_result *s;

	/* the signer key has 512 bits: factorable in hours, so refused even
	 * by the legacy policy (which goes down to 1024), unlike Bouncy
	 * Castle's "valid with a notification" */
	bc_expect("validator.shortKey.eml", t, NULL, "insecure algorithm");
	/* without the legacy policy the short key itself is refused */
	verify_file(&res, BC, "validator.shortKey.eml", t, SMIME_VERIFY_AT_SIGNING_TIME, NULL);
	s = only_signer(res);
	g_assert_true(smime_signer_result_is_weak(s));
	g_assert_cmpint(smime_signer_result_get_status(s), ==, SMIME_E_WEAK_ALGORITHM);
	smime_verify_result_free(res);
	smime_trust_free(t);
}

static void test_bc_time(void)
{
	smime_trust *t = bc_trust();
	bc_expect("validator.expired.eml", t, NULL, "expired");
	bc_expect("validator.notYetValid.eml", t, NULL, "not yet valid");
	smime_trust_free(t);
}

static void test_bc_usage(void)
{
	smime_trust *t = bc_trust();
	bc_expect("validator.keyUsage.eml", t, NULL, "key usage");
	bc_expect("validator.extKeyUsage.eml", t, NULL, "extended key usage");
	smime_trust_free(t);
}

static void test_bc_no_email(void)
{
	smime_trust *t = bc_trust();
	/* BC reports "no e-mail address in the certificate" as an error of
	 * its own; libsmime checks an address when the caller names one */
	bc_expect("validator.noEmail.eml", t, BC_SIGNER, "no e-mail address matches");
	bc_expect("validator.noEmail.eml", t, NULL, NULL);
	/* the validMail signer does carry it (emailAddress in the DN, no SAN),
	 * with the domain in any case; another address does not match */
	bc_expect("validator.validMail.eml", t, "arminha@STUDENT.ethz.CH", NULL);
	bc_expect("validator.validMail.eml", t, "Arminha@student.ethz.ch",
		  "no e-mail address matches");
	smime_trust_free(t);
}

static void test_bc_revoked(void)
{
	smime_trust *t = bc_trust();
	/* without a CRL nothing says it is revoked */
	bc_expect("validator.revoked.eml", t, NULL, NULL);
	add_crl(t, BC, "validator.revoked.crl");
	bc_expect("validator.revoked.eml", t, NULL, "revoked");
	/* the CRL does not list the other signers */
	bc_expect("validator.validMail.eml", t, NULL, NULL);
	smime_trust_free(t);
}

static void test_bc_fake_root(void)
{
	/* a root of the same name but another key */
	smime_trust *t = trust_from(BC, "validator.fakeRoot.crt");
	bc_expect("validator.validMail.eml", t, NULL, "untrusted");
	smime_trust_free(t);
}

static void test_bc_circular(void)
{
	smime_trust *t = bc_trust();
	smime_verify_result *res;
	const smime_signer_result *s;
	int rc = verify_file(&res, BC, "circular.eml", t, BC_FLAGS, NULL);

	s = only_signer(res);
	g_assert_cmpint(smime_signer_result_get_signature_status(s), ==, SMIME_OK);
	g_assert_cmpint(smime_signer_result_get_chain_status(s), ==, SMIME_E_CERT_INVALID);
	g_assert_cmpstr(smime_signer_result_get_detail(s), ==, "untrusted");
	g_assert_cmpint(rc, ==, SMIME_E_CERT_INVALID);
	smime_verify_result_free(res);
	smime_trust_free(t);
}

/* ------------------------------------------------------------------------ */
/* CRL files and e-mail matching                                            */
/* ------------------------------------------------------------------------ */

static char *write_tmp(const void *data, gsize len)
{
	char *name = NULL;
	GError *err = NULL;
	int fd = g_file_open_tmp("smime-crl-XXXXXX", &name, &err);

	g_assert_no_error(err);
	g_assert_cmpint(fd, >=, 0);
	close(fd);
	g_assert_true(g_file_set_contents(name, data, (gssize)len, NULL));
	return name;
}

static void test_crl_files(void)
{
	const char *names[] = { "CarlDSSCRLForAll.crl", "CarlRSACRLForCarl.crl" };
	GString *der = g_string_new(NULL), *pem = g_string_new(NULL);
	smime_trust *t = NULL;
	char *p;

	for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
		char *c = NULL, *b64, *f = data_path("corpus/rfc4134-bc-csharp", names[i]);
		gsize len;
		g_assert_true(g_file_get_contents(f, &c, &len, NULL));
		g_string_append_len(der, c, (gssize)len);
		b64 = g_base64_encode((const guchar *)c, len);
		g_string_append_printf(pem, "junk\n-----BEGIN X509 CRL-----\n%s\n"
				       "-----END X509 CRL-----\n", b64);
		g_free(b64);
		g_free(c);
		g_free(f);
	}
	g_assert_cmpint(smime_trust_new(&t), ==, SMIME_OK);
	p = write_tmp(der->str, der->len);
	g_assert_cmpint(smime_trust_add_crl_file(t, p), ==, SMIME_OK);
	g_unlink(p);
	g_free(p);
	p = write_tmp(pem->str, pem->len);
	g_assert_cmpint(smime_trust_add_crl_file(t, p), ==, SMIME_OK);
	g_unlink(p);
	g_free(p);
	p = write_tmp("not a CRL", 9);
	g_assert_cmpint(smime_trust_add_crl_file(t, p), ==, SMIME_E_MALFORMED);
	g_unlink(p);
	g_free(p);
	g_assert_cmpint(smime_trust_add_crl_file(t, "/nonexistent/crl"), ==, SMIME_E_IO);
	g_assert_cmpint(smime_trust_add_crl_file(NULL, "x"), ==, SMIME_E_INVALID_ARGUMENT);
	smime_trust_free(t);
	g_string_free(der, TRUE);
	g_string_free(pem, TRUE);
}

static void test_email_match(void)
{
	smime_cert *c = NULL;
	char *p = data_path("corpus/rfc4134-bc-csharp", "AliceRSASignByCarl.cer");

	g_assert_cmpint(smime_cert_load_file(&c, p), ==, SMIME_OK);
	g_free(p);
	/* subjectAltName rfc822Name AliceRSA@example.com */
	g_assert_true(smime_cert__has_email(c, "AliceRSA@example.com"));
	g_assert_true(smime_cert__has_email(c, "AliceRSA@EXAMPLE.com"));
	g_assert_false(smime_cert__has_email(c, "alicersa@example.com"));
	g_assert_false(smime_cert__has_email(c, "AliceRSA@example.co"));
	g_assert_false(smime_cert__has_email(c, "AliceRSA"));
	g_assert_false(smime_cert__has_email(c, ""));
	smime_cert_free(c);
}

/* ------------------------------------------------------------------------ */
/* RFC 4134 §4.6: DianeDSS inherits CarlDSS's DSA parameters                */
/* ------------------------------------------------------------------------ */

static void test_rfc4134_dsa_inherit(void)
{
	smime_trust *t = trust_from("corpus/rfc4134-bc-csharp", "CarlDSSSelf.cer");
	smime_verify_result *res;
	int rc = verify_file(&res, "corpus/rfc4134-bc-csharp", "4.6.bin", t,
			     SMIME_VERIFY_ALLOW_LEGACY, NULL);

	g_assert_cmpuint(smime_verify_result_get_signer_count(res), ==, 2);
	for (size_t i = 0; i < 2; i++) {
		const smime_signer_result *s = smime_verify_result_get_signer(res, i);
		g_test_message("signer %zu: %d %s", i, smime_signer_result_get_status(s),
			       smime_signer_result_get_detail(s));
		g_assert_cmpint(smime_signer_result_get_chain_status(s), ==, SMIME_OK);
		g_assert_cmpint(smime_signer_result_get_signature_status(s), ==, SMIME_OK);
		g_assert_true(smime_signer_result_is_weak(s));
	}
	g_assert_cmpint(rc, ==, SMIME_OK);
	smime_verify_result_free(res);
	/* the legacy policy is needed (DSA-1024, SHA-1) */
	rc = verify_file(&res, "corpus/rfc4134-bc-csharp", "4.6.bin", t, 0, NULL);
	g_assert_cmpint(rc, !=, SMIME_OK);
	smime_verify_result_free(res);
	smime_trust_free(t);
}

static void test_dsa_inherit_key(void)
{
	smime_cert *diane = NULL, *carl = NULL;
	smime_certs *pool = NULL;
	smime_dsa_public k = { SMIME_BUF_INIT, SMIME_BUF_INIT, SMIME_BUF_INIT, SMIME_BUF_INIT };
	smime_dsa_public ck = { SMIME_BUF_INIT, SMIME_BUF_INIT, SMIME_BUF_INIT, SMIME_BUF_INIT };
	char *p = data_path("corpus/rfc4134-bc-csharp", "DianeDSSSignByCarlInherit.cer");

	g_assert_cmpint(smime_cert_load_file(&diane, p), ==, SMIME_OK);
	g_free(p);
	p = data_path("corpus/rfc4134-bc-csharp", "CarlDSSSelf.cer");
	g_assert_cmpint(smime_cert_load_file(&carl, p), ==, SMIME_OK);
	g_free(p);
	g_assert_true(smime_cert__dsa_inherits(diane));
	g_assert_false(smime_cert__dsa_inherits(carl));
	g_assert_cmpint(smime_cert__dsa_public(diane, &k), ==, SMIME_E_UNSUPPORTED);
	g_assert_cmpint(smime_cert__dsa_public_inherit(diane, NULL, NULL, NULL, &k), ==,
			SMIME_E_UNSUPPORTED);
	g_assert_cmpint(smime_certs_new(&pool), ==, SMIME_OK);
	g_assert_cmpint(smime_certs_add(pool, carl), ==, SMIME_OK);
	g_assert_cmpint(smime_cert__dsa_public_inherit(diane, NULL, pool, NULL, &k), ==,
			SMIME_OK);
	g_assert_cmpint(smime_cert__dsa_public(carl, &ck), ==, SMIME_OK);
	g_assert_cmpuint(k.p.len, >=, 128);
	g_assert_cmpmem(k.p.data, k.p.len, ck.p.data, ck.p.len);
	g_assert_cmpmem(k.q.data, k.q.len, ck.q.data, ck.q.len);
	g_assert_cmpmem(k.g.data, k.g.len, ck.g.data, ck.g.len);
	g_assert_cmpuint(k.y.len, >=, 120);
	g_assert_false(k.y.len == ck.y.len && memcmp(k.y.data, ck.y.data, k.y.len) == 0);
	smime_crypto__dsa_public_clear(&k);
	smime_crypto__dsa_public_clear(&ck);
	smime_certs_free(pool);
	smime_cert_free(diane);
	smime_cert_free(carl);
}

/* ------------------------------------------------------------------------ */
/* Path building: two intermediates of the same name without key            */
/* identifiers; only inter-b issued the leaf                                */
/* ------------------------------------------------------------------------ */

static smime_certs *path_pool(const char *first, const char *second)
{
	const char *names[] = { first, second };
	smime_certs *pool = NULL;

	g_assert_cmpint(smime_certs_new(&pool), ==, SMIME_OK);
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
		smime_cert *c;
		if (names[i] == NULL)
			continue;
		c = load_cert_file(data_path("path", names[i]));
		g_assert_cmpint(smime_certs_add(pool, c), ==, SMIME_OK);
		smime_cert_free(c);
	}
	return pool;
}

/* Validates data/path/leaf.crt in 2060 with pool (first, second). */
static int path_check(const smime_trust *t, const char *first, const char *second,
		      const char **detail)
{
	smime_cert *leaf = load_cert_file(data_path("path", "leaf.crt"));
	smime_certs *pool = path_pool(first, second);
	struct tm tm = { .tm_year = 160, .tm_mday = 1 };
	int rc = smime_cert__validate(t, leaf, pool, SMIME_PURPOSE_SIGN, timegm(&tm), detail);

	smime_certs_free(pool);
	smime_cert_free(leaf);
	return rc;
}

static void test_path_backtrack(void)
{
	smime_trust *t = trust_from("path", "root.crt");
	const char *detail = NULL;

	/* inter-a is tried first, its key does not verify the leaf: the
	 * builder goes back and takes inter-b */
	g_assert_cmpint(path_check(t, "inter-a.crt", "inter-b.crt", &detail), ==, SMIME_OK);
	g_assert_cmpstr(detail, ==, "");
	g_assert_cmpint(path_check(t, "inter-b.crt", "inter-a.crt", &detail), ==, SMIME_OK);
	/* only the wrong one: a path reaches the anchor, its signature fails */
	g_assert_cmpint(path_check(t, "inter-a.crt", NULL, &detail), ==, SMIME_E_CERT_INVALID);
	g_assert_cmpstr(detail, ==, "signature");
	/* no issuer at all */
	g_assert_cmpint(path_check(t, NULL, NULL, &detail), ==, SMIME_E_CERT_INVALID);
	g_assert_cmpstr(detail, ==, "untrusted");
	smime_trust_free(t);

	/* the wrong intermediate as the anchor: matched by name only, its key
	 * does not verify the leaf, so it is not the issuer; inter-b leads to
	 * no anchor */
	t = trust_from("path", "inter-a.crt");
	g_assert_cmpint(path_check(t, "inter-b.crt", NULL, &detail), ==, SMIME_E_CERT_INVALID);
	g_assert_cmpstr(detail, ==, "untrusted");
	smime_trust_free(t);
	/* the right one as the anchor needs no pool */
	t = trust_from("path", "inter-b.crt");
	g_assert_cmpint(path_check(t, NULL, NULL, &detail), ==, SMIME_OK);
	smime_trust_free(t);
	/* a leaf that is itself trusted */
	t = trust_from("path", "leaf.crt");
	g_assert_cmpint(path_check(t, NULL, NULL, &detail), ==, SMIME_OK);
	smime_trust_free(t);
}

/* With revocation required, a chain without any CRL fails; with the flag
 * off it passes (no CRL at hand for any issuer). */
static void test_path_require_revocation(void)
{
	smime_trust *t = trust_from("path", "root.crt");
	smime_cert *leaf = load_cert_file(data_path("path", "leaf.crt"));
	smime_certs *pool = path_pool("inter-a.crt", "inter-b.crt");
	struct tm tm = { .tm_year = 160, .tm_mday = 1 };
	smime_validation v = {
		.trust = t,
		.pool = pool,
		.purpose = SMIME_PURPOSE_SIGN,
		.when = timegm(&tm),
		.email = "leaf@example.com",
	};
	const char *detail = NULL;

	g_assert_cmpint(smime_cert__validate_ex(leaf, &v, &detail), ==, SMIME_OK);
	v.require_revocation = true;
	g_assert_cmpint(smime_cert__validate_ex(leaf, &v, &detail), ==, SMIME_E_CERT_INVALID);
	g_assert_cmpstr(detail, ==, "revocation status unknown");
	smime_certs_free(pool);
	smime_cert_free(leaf);
	smime_trust_free(t);
}

/* ------------------------------------------------------------------------ */
/* NIST PKITS: one test per line of data/pkits/cases.txt                    */
/* ------------------------------------------------------------------------ */

typedef struct pkits_case {
	char *name;
	char *verdict;  /* valid, invalid, skip */
	char *detail;   /* invalid: the expected chain detail; skip: why */
} pkits_case;

static smime_trust *pkits_trust;

static smime_trust *pkits_get_trust(void)
{
	char *dir;
	GDir *d;
	const char *f;

	if (pkits_trust != NULL)
		return pkits_trust;
	pkits_trust = trust_from("pkits", "TrustAnchorRootCertificate.crt");
	dir = data_path("pkits", "crls");
	d = g_dir_open(dir, 0, NULL);
	g_assert_nonnull(d);
	while ((f = g_dir_read_name(d)) != NULL) {
		char *p = g_build_filename(dir, f, NULL);
		g_assert_cmpint(smime_trust_add_crl_file(pkits_trust, p), ==, SMIME_OK);
		g_free(p);
	}
	g_dir_close(d);
	g_free(dir);
	return pkits_trust;
}

static void test_pkits(gconstpointer data)
{
	const pkits_case *c = data;
	smime_verify_result *res;
	const smime_signer_result *s;
	char *file;
	int rc;

	if (strcmp(c->verdict, "skip") == 0) {
		g_test_skip(c->detail);
		return;
	}
	file = g_strdup_printf("Signed%s.eml", c->name);
	/* PKITS keys are RSA-2048 (DSA-1024 in the DSA tests) with SHA-256;
	 * PKITS assumes revocation checking for every certificate */
	rc = verify_file(&res, "pkits/smime", file, pkits_get_trust(),
			 SMIME_VERIFY_ALLOW_LEGACY | SMIME_VERIFY_REQUIRE_REVOCATION, NULL);
	g_free(file);
	s = only_signer(res);
	if (g_test_verbose())
		g_test_message("%s: %d sig %d chain %d \"%s\"", c->name, rc,
			       smime_signer_result_get_signature_status(s),
			       smime_signer_result_get_chain_status(s),
			       smime_signer_result_get_detail(s));
	g_assert_cmpint(smime_signer_result_get_signature_status(s), ==, SMIME_OK);
	if (strcmp(c->verdict, "valid") == 0) {
		g_assert_cmpstr(smime_signer_result_get_detail(s), ==, "");
		g_assert_cmpint(rc, ==, SMIME_OK);
	} else {
		g_assert_cmpstr(c->verdict, ==, "invalid");
		g_assert_cmpint(rc, ==, SMIME_E_CERT_INVALID);
		g_assert_cmpint(smime_signer_result_get_chain_status(s), ==,
				SMIME_E_CERT_INVALID);
		g_assert_cmpstr(smime_signer_result_get_detail(s), ==, c->detail);
	}
	smime_verify_result_free(res);
}

/* "Name  verdict  [detail or reason ...]"; '#' starts a comment. */
static GPtrArray *pkits_load_cases(void)
{
	GPtrArray *cases = g_ptr_array_new();
	char *p = data_path("pkits", "cases.txt"), *text = NULL;
	char **lines;

	g_assert_true(g_file_get_contents(p, &text, NULL, NULL));
	g_free(p);
	lines = g_strsplit(text, "\n", -1);
	for (char **l = lines; *l != NULL; l++) {
		char *line = g_strstrip(*l), **f;
		pkits_case *c;

		if (*line == '\0' || *line == '#')
			continue;
		f = g_regex_split_simple("\\s+", line, 0, 0);
		g_assert_nonnull(f[0]);
		g_assert_nonnull(f[1]);
		c = g_new0(pkits_case, 1);
		c->name = g_strdup(f[0]);
		c->verdict = g_strdup(f[1]);
		c->detail = f[2] != NULL ? g_strjoinv(" ", f + 2) : g_strdup("");
		g_strfreev(f);
		g_ptr_array_add(cases, c);
	}
	g_strfreev(lines);
	g_free(text);
	return cases;
}

static void pkits_case_free(gpointer p)
{
	pkits_case *c = p;
	g_free(c->name);
	g_free(c->verdict);
	g_free(c->detail);
	g_free(c);
}

int main(int argc, char **argv)
{
	GPtrArray *cases;
	int rc;

	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/validation/bc/valid", test_bc_valid);
	g_test_add_func("/validation/bc/short-key", test_bc_short_key);
	g_test_add_func("/validation/bc/expired-not-yet-valid", test_bc_time);
	g_test_add_func("/validation/bc/key-usage", test_bc_usage);
	g_test_add_func("/validation/bc/no-email", test_bc_no_email);
	g_test_add_func("/validation/bc/revoked", test_bc_revoked);
	g_test_add_func("/validation/bc/fake-root", test_bc_fake_root);
	g_test_add_func("/validation/bc/circular", test_bc_circular);
	g_test_add_func("/validation/crl-files", test_crl_files);
	g_test_add_func("/validation/email-match", test_email_match);
	g_test_add_func("/validation/rfc4134/dsa-inherit", test_rfc4134_dsa_inherit);
	g_test_add_func("/validation/dsa-inherit-key", test_dsa_inherit_key);
	g_test_add_func("/validation/path/backtrack", test_path_backtrack);
	g_test_add_func("/validation/path/require-revocation", test_path_require_revocation);
	cases = pkits_load_cases();
	for (guint i = 0; i < cases->len; i++) {
		const pkits_case *c = g_ptr_array_index(cases, i);
		char *path = g_strdup_printf("/validation/pkits/%s", c->name);
		g_test_add_data_func(path, c, test_pkits);
		g_free(path);
	}
	rc = g_test_run();
	g_ptr_array_set_free_func(cases, pkits_case_free);
	g_ptr_array_free(cases, TRUE);
	smime_trust_free(pkits_trust);
	return rc;
}
