/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SignedData beyond RSA PKCS#1 v1.5: every signature scheme, the signed
 * attributes libsmime emits and checks (RFC 8551 §2.5.2, RFC 5035,
 * RFC 6211), key identifiers, countersignatures and certs-only messages,
 * against libsmime itself and third-party vectors. */
#include <glib.h>
#include <string.h>

#include "cms/cms.h"
#include "smime.h"
#include "testlib.h"

static smime_cert *load_cert(const char *dir, const char *name)
{
	smime_cert *c = NULL;
	char *p = data_path(dir, name);
	g_assert_cmpint(smime_cert_load_file(&c, p), ==, SMIME_OK);
	g_free(p);
	return c;
}

static smime_key *load_key(const char *dir, const char *name)
{
	smime_key *k = NULL;
	char *p = data_path(dir, name);
	g_assert_cmpint(smime_key_load_file(&k, p, NULL), ==, SMIME_OK);
	g_free(p);
	return k;
}

static smime_trust *trust_of(const char *dir, const char *name)
{
	smime_trust *t = NULL;
	char *p = data_path(dir, name);
	g_assert_cmpint(smime_trust_new(&t), ==, SMIME_OK);
	g_assert_cmpint(smime_trust_add_ca_file(t, p), ==, SMIME_OK);
	g_free(p);
	return t;
}

static const char content[] = "This is some sample content.";

typedef struct {
	const char *cert, *key;
	unsigned flags;
	const char *digest;
	const char *want_sig, *want_digest;
} scheme_case;

static const scheme_case schemes[] = {
	{ "alice.crt", "alice.key", 0, NULL, "rsaEncryption", "sha256" },
	{ "alice.crt", "alice.key", 0, "sha512", "rsaEncryption", "sha512" },
	{ "alice.crt", "alice.key", SMIME_SIGNER_PSS, NULL, "rsassaPss", "sha256" },
	{ "bob.crt", "bob.key", SMIME_SIGNER_PSS, "sha384", "rsassaPss", "sha384" },
	{ "alice.crt", "alice.key", SMIME_SIGNER_SKI, NULL, "rsaEncryption", "sha256" },
	{ "ec-p256.crt", "ec-p256.key", 0, NULL, "ecdsaWithSHA256", "sha256" },
	{ "ec-p256.crt", "ec-p256.key", 0, "sha512", "ecdsaWithSHA512", "sha512" },
	{ "ed25519.crt", "ed25519.key", 0, NULL, "Ed25519", "sha512" },
	/* SHA-3 (RFC 8702) */
	{ "ec-p256.crt", "ec-p256.key", 0, "sha3-256", "ecdsaWithSHA3-256", "sha3-256" },
	{ "alice.crt", "alice.key", 0, "sha3-512", "rsaEncryption", "sha3-512" },
	{ "alice.crt", "alice.key", SMIME_SIGNER_PSS, "sha3-384", "rsassaPss", "sha3-384" },
};

/* Every scheme signs and verifies, with and without a chain check. */
static void test_schemes(void)
{
	smime_cert *inter = load_cert("pki", "inter.crt");
	smime_trust *trust = trust_of("pki", "ca.crt");

	for (size_t i = 0; i < G_N_ELEMENTS(schemes); i++) {
		const scheme_case *c = &schemes[i];
		smime_cert *cert = load_cert("pki", c->cert);
		smime_key *key = load_key("pki", c->key);
		smime_signer_options so = SMIME_SIGNER_OPTIONS_INIT;
		smime_sign *s = NULL;
		smime_buf msg = SMIME_BUF_INIT;
		smime_verify_result *res = NULL;
		size_t len;

		g_test_message("scheme %zu: %s %s", i, c->cert, c->want_sig);
		so.flags = c->flags;
		so.digest = c->digest;
		g_assert_cmpint(smime_sign_new(&s, NULL), ==, SMIME_OK);
		g_assert_cmpint(smime_sign_add_signer_full(s, cert, key, &so), ==, SMIME_OK);
		g_assert_cmpint(smime_sign_add_cert(s, inter), ==, SMIME_OK);
		g_assert_cmpint(smime_sign_update(s, content, strlen(content)), ==, SMIME_OK);
		g_assert_cmpint(smime_sign_finish(&msg, s), ==, SMIME_OK);
		smime_sign_free(s);

		smime_verify_options vo = SMIME_VERIFY_OPTIONS_INIT;
		vo.trust = trust;
		g_assert_cmpint(smime_verify_data(&res, &vo, msg.data, msg.len, NULL, 0), ==,
				SMIME_OK);
		const smime_signer_result *r = smime_verify_result_get_signer(res, 0);
		g_assert_cmpstr(smime_signer_result_get_signature_name(r), ==, c->want_sig);
		g_assert_cmpstr(smime_signer_result_get_digest_name(r), ==, c->want_digest);
		g_assert_cmpmem(smime_verify_result_get_content(res, &len), len, content,
				strlen(content));
		smime_verify_result_free(res);

		/* the attributes libsmime emits are all there */
		smime_buf text = SMIME_BUF_INIT;
		g_assert_cmpint(smime_inspect(&text, SMIME_FORMAT_DER, msg.data, msg.len), ==,
				SMIME_OK);
		g_assert_nonnull(strstr((char *)text.data, "smimeCapabilities"));
		g_assert_nonnull(strstr((char *)text.data, "signingCertificateV2"));
		g_assert_nonnull(strstr((char *)text.data, "cmsAlgorithmProtection"));
		if (c->flags & SMIME_SIGNER_SKI)
			g_assert_nonnull(strstr((char *)text.data, "sid: subjectKeyIdentifier"));
		smime_buf_free(&text);

		/* a flipped bit in the signature value fails */
		msg.data[msg.len - 3] ^= 0x01;
		g_assert_cmpint(smime_verify_data(&res, &vo, msg.data, msg.len, NULL, 0), ==,
				SMIME_E_BAD_SIGNATURE);
		smime_verify_result_free(res);
		smime_buf_free(&msg);
		smime_cert_free(cert);
		smime_key_free(key);
	}
	smime_cert_free(inter);
	smime_trust_free(trust);
}

/* Two signers with different algorithms, each with its own result. */
static void test_mixed_signers(void)
{
	smime_cert *alice = load_cert("pki", "alice.crt"), *ec = load_cert("pki", "ec-p256.crt");
	smime_key *ak = load_key("pki", "alice.key"), *ek = load_key("pki", "ec-p256.key");
	smime_sign *s = NULL;
	smime_buf msg = SMIME_BUF_INIT;
	smime_verify_result *res = NULL;
	smime_verify_options vo = SMIME_VERIFY_OPTIONS_INIT;
	smime_signer_options pss = SMIME_SIGNER_OPTIONS_INIT;

	pss.flags = SMIME_SIGNER_PSS;
	g_assert_cmpint(smime_sign_new(&s, NULL), ==, SMIME_OK);
	g_assert_cmpint(smime_sign_add_signer_full(s, alice, ak, &pss), ==, SMIME_OK);
	g_assert_cmpint(smime_sign_add_signer(s, ec, ek), ==, SMIME_OK);
	/* PSS with an EC key makes no sense */
	g_assert_cmpint(smime_sign_add_signer_full(s, ec, ek, &pss), ==, SMIME_E_INVALID_ARGUMENT);
	g_assert_cmpint(smime_sign_update(s, content, strlen(content)), ==, SMIME_OK);
	g_assert_cmpint(smime_sign_finish(&msg, s), ==, SMIME_OK);
	smime_sign_free(s);
	vo.flags = SMIME_VERIFY_NO_CHAIN;
	g_assert_cmpint(smime_verify_data(&res, &vo, msg.data, msg.len, NULL, 0), ==, SMIME_OK);
	g_assert_cmpuint(smime_verify_result_get_signer_count(res), ==, 2);
	/* SignerInfos is a SET OF: DER orders it by encoding, not by call */
	const char *a = smime_signer_result_get_signature_name(smime_verify_result_get_signer(res, 0));
	const char *b = smime_signer_result_get_signature_name(smime_verify_result_get_signer(res, 1));
	g_assert_true((g_str_equal(a, "rsassaPss") && g_str_equal(b, "ecdsaWithSHA256")) ||
		      (g_str_equal(b, "rsassaPss") && g_str_equal(a, "ecdsaWithSHA256")));
	smime_verify_result_free(res);
	smime_buf_free(&msg);
	smime_cert_free(alice);
	smime_cert_free(ec);
	smime_key_free(ak);
	smime_key_free(ek);
}

/* Without attributes the signature covers the content itself. */
static void test_no_attributes(void)
{
	smime_cert *alice = load_cert("pki", "alice.crt");
	smime_key *ak = load_key("pki", "alice.key");
	smime_sign_options so = SMIME_SIGN_OPTIONS_INIT;
	smime_buf msg = SMIME_BUF_INIT, text = SMIME_BUF_INIT;
	smime_verify_result *res = NULL;
	smime_verify_options vo = SMIME_VERIFY_OPTIONS_INIT;

	so.flags = SMIME_SIGN_NO_ATTRIBUTES | SMIME_SIGN_NO_CERTS;
	g_assert_cmpint(smime_sign_data(&msg, &so, alice, ak, NULL, content, strlen(content)), ==,
			SMIME_OK);
	g_assert_cmpint(smime_inspect(&text, SMIME_FORMAT_DER, msg.data, msg.len), ==, SMIME_OK);
	g_assert_null(strstr((char *)text.data, "signedAttrs"));
	g_assert_null(strstr((char *)text.data, "certificates"));
	smime_buf_free(&text);
	/* the certificate is not in the message: it has to come from outside */
	vo.flags = SMIME_VERIFY_NO_CHAIN;
	g_assert_cmpint(smime_verify_data(&res, &vo, msg.data, msg.len, NULL, 0), ==,
			SMIME_E_NO_SIGNER_CERT);
	smime_verify_result_free(res);
	smime_certs *extra = NULL;
	g_assert_cmpint(smime_certs_new(&extra), ==, SMIME_OK);
	g_assert_cmpint(smime_certs_add(extra, alice), ==, SMIME_OK);
	vo.certs = extra;
	g_assert_cmpint(smime_verify_data(&res, &vo, msg.data, msg.len, NULL, 0), ==, SMIME_OK);
	smime_verify_result_free(res);
	smime_certs_free(extra);
	smime_buf_free(&msg);
	smime_cert_free(alice);
	smime_key_free(ak);
}

static void test_certs_only(void)
{
	smime_cert *alice = load_cert("pki", "alice.crt"), *inter = load_cert("pki", "inter.crt");
	smime_sign_options so = SMIME_SIGN_OPTIONS_INIT;
	smime_sign *s = NULL;
	smime_buf msg = SMIME_BUF_INIT, text = SMIME_BUF_INIT;

	so.flags = SMIME_SIGN_CERTS_ONLY;
	so.outform = SMIME_FORMAT_SMIME;
	g_assert_cmpint(smime_sign_new(&s, &so), ==, SMIME_OK);
	g_assert_cmpint(smime_sign_add_cert(s, alice), ==, SMIME_OK);
	g_assert_cmpint(smime_sign_add_cert(s, inter), ==, SMIME_OK);
	g_assert_cmpint(smime_sign_finish(&msg, s), ==, SMIME_OK);
	smime_sign_free(s);
	g_assert_nonnull(strstr((char *)msg.data, "smime-type=certs-only"));
	g_assert_cmpint(smime_inspect(&text, SMIME_FORMAT_AUTO, msg.data, msg.len), ==, SMIME_OK);
	g_assert_nonnull(strstr((char *)text.data, "certificates: 2"));
	g_assert_nonnull(strstr((char *)text.data, "signerInfos: 0"));
	smime_buf_free(&text);
	smime_buf_free(&msg);
	smime_cert_free(alice);
	smime_cert_free(inter);
}

static smime_buf read_corpus(const char *rel)
{
	smime_buf b = SMIME_BUF_INIT;
	char *p = data_path("corpus", rel);
	gchar *bytes = NULL;
	gsize len = 0;
	g_assert_true(g_file_get_contents(p, &bytes, &len, NULL));
	g_assert_cmpint(smime_buf__set(&b, bytes, len), ==, SMIME_OK);
	g_free(bytes);
	g_free(p);
	return b;
}

typedef struct {
	const char *file;
	const char *ca;         /* trust anchor under corpus/, NULL: no chain check */
	const char *content;    /* detached content under corpus/, or NULL */
	const char *extra;      /* signer certificates missing from the message */
	unsigned flags;
	int want;
	const char *want_sig;
} vector_case;

#define LAMPS_RSA_CA "rfc9216-lamps-samples/certs/Sample_LAMPS_RSA_Certification_Authority.selfsigned.pem"
#define LAMPS_ED_CA "rfc9216-lamps-samples/certs/Sample_LAMPS_Ed25519_Certification_Authority.selfsigned.pem"
#define EXCONTENT "rfc4134-bc-csharp/ExContent.bin"

static const vector_case vectors[] = {
	/* draft-ireland-examples-cms on the RFC 9216 keys */
	{ "cms-examples-ireland/binary-files/signedByAliceRSA.p7m", LAMPS_RSA_CA, NULL, NULL, 0,
	  SMIME_OK, "rsaEncryption" },
	{ "cms-examples-ireland/binary-files/signedByAliceRSAPSS.p7m", LAMPS_RSA_CA, NULL, NULL, 0,
	  SMIME_OK, "rsassaPss" },
	{ "cms-examples-ireland/binary-files/signedByCarlosEd25519.p7m", LAMPS_ED_CA, NULL, NULL, 0,
	  SMIME_OK, "Ed25519" },
	{ "cms-examples-ireland/binary-files/signedByCarlosDetached.p7m", LAMPS_ED_CA, EXCONTENT,
	  "cms-examples-ireland/certs-and-keys/lamps-carlos.crt", 0, SMIME_OK, "Ed25519" },
	/* Bouncy Castle RSASSA-PSS, detached, SHA-1/256/512 (SHA-1: legacy) */
	{ "bc-csharp-cms-sigs/PSSSignDataSHA1.sig", NULL, "bc-csharp-cms-sigs/PSSSignData.data", NULL,
	  SMIME_VERIFY_ALLOW_LEGACY, SMIME_OK, "rsassaPss" },
	{ "bc-csharp-cms-sigs/PSSSignDataSHA256.sig", NULL, "bc-csharp-cms-sigs/PSSSignData.data",
	  NULL, SMIME_VERIFY_ALLOW_LEGACY, SMIME_OK, "rsassaPss" },
	{ "bc-csharp-cms-sigs/PSSSignDataSHA512.sig", NULL, "bc-csharp-cms-sigs/PSSSignData.data",
	  NULL, SMIME_VERIFY_ALLOW_LEGACY, SMIME_OK, "rsassaPss" },
	{ "bc-csharp-cms-sigs/PSSSignDataSHA1.sig", NULL, "bc-csharp-cms-sigs/PSSSignData.data", NULL,
	  0, SMIME_E_WEAK_ALGORITHM, "rsassaPss" },
	/* a wrong detached content */
	{ "bc-csharp-cms-sigs/PSSSignDataSHA256.sig", NULL, EXCONTENT, NULL,
	  SMIME_VERIFY_ALLOW_LEGACY, SMIME_E_BAD_SIGNATURE, "rsassaPss" },
};

static void test_vectors(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(vectors); i++) {
		const vector_case *c = &vectors[i];
		smime_buf msg = read_corpus(c->file), detached = SMIME_BUF_INIT;
		smime_verify_options vo = SMIME_VERIFY_OPTIONS_INIT;
		smime_verify_result *res = NULL;
		smime_trust *trust = NULL;
		smime_certs *extra = NULL;

		g_test_message("vector %s (flags %u)", c->file, c->flags);
		if (c->ca != NULL) {
			trust = trust_of("corpus", c->ca);
			vo.trust = trust;
		}
		if (c->extra != NULL) {
			char *p = data_path("corpus", c->extra);
			g_assert_cmpint(smime_certs_new(&extra), ==, SMIME_OK);
			g_assert_cmpint(smime_certs_load_file(extra, p), ==, SMIME_OK);
			g_free(p);
			vo.certs = extra;
		}
		vo.flags = c->flags | (c->ca == NULL ? SMIME_VERIFY_NO_CHAIN : 0);
		if (c->content != NULL)
			detached = read_corpus(c->content);
		int rc = smime_verify_data(&res, &vo, msg.data, msg.len, detached.data, detached.len);
		g_assert_cmpint(rc, ==, c->want);
		g_assert_nonnull(res);
		g_assert_cmpstr(smime_signer_result_get_signature_name(smime_verify_result_get_signer(res, 0)),
				==, c->want_sig);
		smime_verify_result_free(res);
		smime_buf_free(&msg);
		smime_buf_free(&detached);
		smime_trust_free(trust);
		smime_certs_free(extra);
	}
}

/* Bouncy Castle's counterSig.p7m: one signer, one countersignature (RSA,
 * SHA-1: legacy). */
static void test_countersignature(void)
{
	smime_buf msg = read_corpus("bc-csharp-cms-sigs/counterSig.p7m");
	smime_verify_options vo = SMIME_VERIFY_OPTIONS_INIT;
	smime_verify_result *res = NULL;

	vo.flags = SMIME_VERIFY_NO_CHAIN | SMIME_VERIFY_ALLOW_LEGACY;
	g_assert_cmpint(smime_verify_data(&res, &vo, msg.data, msg.len, NULL, 0), ==, SMIME_OK);
	const smime_signer_result *s = smime_verify_result_get_signer(res, 0);
	g_assert_cmpuint(smime_signer_result_get_countersigner_count(s), ==, 1);
	const smime_signer_result *c = smime_signer_result_get_countersigner(s, 0);
	g_assert_nonnull(c);
	g_assert_cmpint(smime_signer_result_get_status(c), ==, SMIME_OK);
	g_assert_null(smime_signer_result_get_countersigner(s, 1));
	smime_verify_result_free(res);
	smime_buf_free(&msg);
}

/* The two-signer LAMPS example carries no certificates. */
static void test_two_signers_no_certs(void)
{
	smime_buf msg = read_corpus("cms-examples-ireland/binary-files/signedByAliceAndCarlosNoCerts.p7m");
	smime_verify_options vo = SMIME_VERIFY_OPTIONS_INIT;
	smime_verify_result *res = NULL;
	smime_certs *extra = NULL;
	char *a = data_path("corpus", "cms-examples-ireland/certs-and-keys/lamps-alice.crt");
	char *c = data_path("corpus", "cms-examples-ireland/certs-and-keys/lamps-carlos.crt");

	vo.flags = SMIME_VERIFY_NO_CHAIN;
	g_assert_cmpint(smime_verify_data(&res, &vo, msg.data, msg.len, NULL, 0), ==,
			SMIME_E_NO_SIGNER_CERT);
	smime_verify_result_free(res);
	g_assert_cmpint(smime_certs_new(&extra), ==, SMIME_OK);
	g_assert_cmpint(smime_certs_load_file(extra, a), ==, SMIME_OK);
	g_assert_cmpint(smime_certs_load_file(extra, c), ==, SMIME_OK);
	vo.certs = extra;
	g_assert_cmpint(smime_verify_data(&res, &vo, msg.data, msg.len, NULL, 0), ==, SMIME_OK);
	g_assert_cmpuint(smime_verify_result_get_signer_count(res), ==, 2);
	smime_verify_result_free(res);
	smime_certs_free(extra);
	smime_buf_free(&msg);
	g_free(a);
	g_free(c);
}

/* libsmime countersigns its own message and reads the result back. */
static void test_countersign_roundtrip(void)
{
	smime_cert *alice = load_cert("pki", "alice.crt"), *ec = load_cert("pki", "ec-p256.crt");
	smime_key *ak = load_key("pki", "alice.key"), *ek = load_key("pki", "ec-p256.key");
	smime_buf msg = SMIME_BUF_INIT, counter = SMIME_BUF_INIT;
	smime_verify_result *res = NULL;
	smime_verify_options vo = SMIME_VERIFY_OPTIONS_INIT;
	smime_certs *certs = NULL;

	g_assert_cmpint(smime_sign_data(&msg, NULL, alice, ak, NULL, content, strlen(content)), ==,
			SMIME_OK);
	g_assert_cmpint(smime_countersign(&counter, SMIME_FORMAT_DER, ec, ek, NULL,
					  SMIME_FORMAT_AUTO, msg.data, msg.len), ==, SMIME_OK);
	/* a countersignature by a key that is not the certificate's */
	smime_buf bad = SMIME_BUF_INIT;
	g_assert_cmpint(smime_countersign(&bad, SMIME_FORMAT_DER, ec, ak, NULL, SMIME_FORMAT_AUTO,
					  msg.data, msg.len), ==, SMIME_E_KEY_MISMATCH);
	vo.flags = SMIME_VERIFY_NO_CHAIN;
	g_assert_cmpint(smime_verify_data(&res, &vo, counter.data, counter.len, NULL, 0), ==,
			SMIME_OK);
	const smime_signer_result *s = smime_verify_result_get_signer(res, 0);
	g_assert_cmpuint(smime_signer_result_get_countersigner_count(s), ==, 1);
	const smime_signer_result *c = smime_signer_result_get_countersigner(s, 0);
	g_assert_cmpint(smime_signer_result_get_status(c), ==, SMIME_OK);
	g_assert_cmpstr(smime_signer_result_get_signature_name(c), ==, "ecdsaWithSHA256");
	smime_verify_result_free(res);

	/* the countersigner's certificate travels with the message */
	g_assert_cmpint(smime_message_get_certs(&certs, SMIME_FORMAT_AUTO, counter.data,
						counter.len), ==, SMIME_OK);
	g_assert_cmpuint(smime_certs_count(certs), ==, 2);
	smime_certs_free(certs);
	/* not a SignedData */
	g_assert_cmpint(smime_message_get_certs(&certs, SMIME_FORMAT_AUTO, "\x30\x00", 2), !=,
			SMIME_OK);
	g_assert_null(certs);

	smime_buf_free(&msg);
	smime_buf_free(&counter);
	smime_cert_free(alice);
	smime_cert_free(ec);
	smime_key_free(ak);
	smime_key_free(ek);
}

/* RustCrypto's ktri and kari EnvelopedData (their keys are not shipped):
 * decoding and re-encoding gives the received bytes back exactly. */
static void test_enveloped_roundtrip_bytes(void)
{
	static const char *files[] = {
		"rustcrypto-cms-examples/enveloped_data_ktri.bin",
		"rustcrypto-cms-examples/enveloped_data_kari.bin",
		"rustcrypto-cms-examples/enveloped_data_kekri.bin",
		"rustcrypto-cms-examples/enveloped_data_pwri.bin",
		"rustcrypto-cms-examples/enveloped_data_multi.bin",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
		smime_buf msg = read_corpus(files[i]), out = SMIME_BUF_INIT;
		smime_content_info ci;
		asn1_node env = NULL;
		g_test_message("%s", files[i]);
		g_assert_cmpint(smime_cms__content_info_decode(&ci, msg.data, msg.len), ==, SMIME_OK);
		g_assert_cmpint(ci.type, ==, SMIME_OID_ENVELOPED_DATA);
		g_assert_cmpint(smime_der__decode(&env, "CMS.EnvelopedData", ci.content.data,
						  ci.content.len), ==, SMIME_OK);
		g_assert_cmpint(smime_der__encode(&out, env, NULL), ==, SMIME_OK);
		g_assert_cmpmem(out.data, out.len, ci.content.data, ci.content.len);
		/* and the whole ContentInfo */
		smime_buf whole = SMIME_BUF_INIT;
		g_assert_cmpint(smime_cms__content_info_encode(&whole, ci.type, out.data, out.len), ==,
				SMIME_OK);
		g_assert_cmpmem(whole.data, whole.len, msg.data, msg.len);
		smime_buf_free(&whole);
		smime_der__free(&env);
		smime_buf_free(&out);
		smime_cms__content_info_clear(&ci);
		smime_buf_free(&msg);
	}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/cms/signed/schemes", test_schemes);
	g_test_add_func("/cms/signed/mixed-signers", test_mixed_signers);
	g_test_add_func("/cms/signed/no-attributes", test_no_attributes);
	g_test_add_func("/cms/signed/certs-only", test_certs_only);
	g_test_add_func("/cms/signed/vectors", test_vectors);
	g_test_add_func("/cms/signed/countersignature", test_countersignature);
	g_test_add_func("/cms/signed/two-signers-no-certs", test_two_signers_no_certs);
	g_test_add_func("/cms/signed/countersign-roundtrip", test_countersign_roundtrip);
	g_test_add_func("/cms/enveloped/roundtrip-bytes", test_enveloped_roundtrip_bytes);
	return g_test_run();
}
