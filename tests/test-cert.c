/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tests of the cert layer: certificates, keys, trust and validation, over
 * the test PKI of tests/data/pki (see its README.md). */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cert/cert.h"
#include "crypto/crypto.h"

/* --- helpers ------------------------------------------------------------- */

static char *pki_path(const char *name)
{
	return g_test_build_filename(G_TEST_DIST, "data", "pki", name, NULL);
}

static char *rfc4134_path(const char *name)
{
	return g_test_build_filename(G_TEST_DIST, "data", "corpus",
				     "rfc4134-bc-csharp", name, NULL);
}

static smime_cert *load_cert(const char *name)
{
	char *path = pki_path(name);
	smime_cert *c = NULL;
	int rc = smime_cert_load_file(&c, path);
	if (rc != SMIME_OK)
		g_error("loading %s: %s", path, smime_strerror(rc));
	g_free(path);
	return c;
}

static smime_key *load_key(const char *name, const char *password)
{
	char *path = pki_path(name);
	smime_key *k = NULL;
	int rc = smime_key_load_file(&k, path, password);
	if (rc != SMIME_OK)
		g_error("loading %s: %s", path, smime_strerror(rc));
	g_free(path);
	return k;
}

static int try_key(const char *name, const char *password)
{
	char *path = pki_path(name);
	smime_key *k = NULL;
	int rc = smime_key_load_file(&k, path, password);
	g_assert_true(rc == SMIME_OK || k == NULL);
	smime_key_free(k);
	g_free(path);
	return rc;
}

static char *read_pki(const char *name, gsize *len)
{
	char *path = pki_path(name), *data = NULL;
	g_assert_true(g_file_get_contents(path, &data, len, NULL));
	g_free(path);
	return data;
}

static smime_trust *trust_of(const char *name)
{
	char *path = pki_path(name);
	smime_trust *t = NULL;
	g_assert_cmpint(smime_trust_new(&t), ==, SMIME_OK);
	g_assert_cmpint(smime_trust_add_ca_file(t, path), ==, SMIME_OK);
	g_free(path);
	return t;
}

static smime_certs *certs_of(const char *first, ...)
{
	smime_certs *l = NULL;
	va_list ap;

	g_assert_cmpint(smime_certs_new(&l), ==, SMIME_OK);
	va_start(ap, first);
	for (const char *n = first; n != NULL; n = va_arg(ap, const char *)) {
		char *path = pki_path(n);
		g_assert_cmpint(smime_certs_load_file(l, path), ==, SMIME_OK);
		g_free(path);
	}
	va_end(ap);
	return l;
}

static time_t utc(int y, int mo, int d)
{
	struct tm tm = { 0 };
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	return timegm(&tm);
}

/* Validates name against ca with inter in the pool. */
static int validate_one(const char *name, smime_purpose purpose, time_t when,
			const char **detail)
{
	smime_trust *t = trust_of("ca.crt");
	smime_certs *pool = certs_of("chain.pem", NULL);
	smime_cert *c = load_cert(name);
	int rc = smime_cert__validate(t, c, pool, purpose, when, detail);
	smime_cert_free(c);
	smime_certs_free(pool);
	smime_trust_free(t);
	return rc;
}

/* --- certificates -------------------------------------------------------- */

static void test_cert_load(void)
{
	smime_cert *c = load_cert("alice.crt"), *d = NULL, *e = NULL;
	smime_buf der = SMIME_BUF_INIT, der2 = SMIME_BUF_INIT;
	const uint8_t *p;
	size_t n;

	g_assert_cmpint(smime_cert_export_der(&der, c), ==, SMIME_OK);
	g_assert_cmpuint(der.len, >, 500);
	g_assert_cmpint(der.data[0], ==, 0x30);
	smime_cert__der(c, &p, &n);
	g_assert_cmpmem(p, n, der.data, der.len);

	/* DER in, same DER out */
	g_assert_cmpint(smime_cert_load_data(&d, der.data, der.len), ==, SMIME_OK);
	g_assert_cmpint(smime_cert_export_der(&der2, d), ==, SMIME_OK);
	g_assert_cmpmem(der.data, der.len, der2.data, der2.len);
	smime_buf_free(&der2);

	/* DER followed by a newline is accepted, by other bytes not */
	smime_buf tmp = SMIME_BUF_INIT;
	g_assert_cmpint(smime_buf__set(&tmp, der.data, der.len), ==, SMIME_OK);
	g_assert_cmpint(smime_buf__append(&tmp, "\n", 1), ==, SMIME_OK);
	g_assert_cmpint(smime_cert_load_data(&e, tmp.data, tmp.len), ==, SMIME_OK);
	smime_cert_free(e);
	e = NULL;
	g_assert_cmpint(smime_buf__append(&tmp, "x", 1), ==, SMIME_OK);
	g_assert_cmpint(smime_cert_load_data(&e, tmp.data, tmp.len), ==,
			SMIME_E_MALFORMED);
	g_assert_null(e);
	/* truncated DER */
	g_assert_cmpint(smime_cert_load_data(&e, der.data, der.len - 1), ==,
			SMIME_E_MALFORMED);
	smime_buf_free(&tmp);

	/* dup */
	g_assert_cmpint(smime_cert_dup(&e, c), ==, SMIME_OK);
	g_assert_cmpint(smime_cert_export_der(&der2, e), ==, SMIME_OK);
	g_assert_cmpmem(der.data, der.len, der2.data, der2.len);

	smime_buf_free(&der);
	smime_buf_free(&der2);
	smime_cert_free(c);
	smime_cert_free(d);
	smime_cert_free(e);
	smime_cert_free(NULL);
}

static void test_cert_load_errors(void)
{
	smime_cert *c = NULL;
	char *path = pki_path("does-not-exist.crt");
	static const char garbage[] = "this is not a certificate\n";
	static const char pem_bad[] =
		"-----BEGIN CERTIFICATE-----\nnot*base64\n-----END CERTIFICATE-----\n";
	static const char pem_unterminated[] =
		"-----BEGIN CERTIFICATE-----\nMIIB\n";

	g_assert_cmpint(smime_cert_load_file(&c, path), ==, SMIME_E_IO);
	g_assert_null(c);
	g_free(path);
	g_assert_cmpint(smime_cert_load_data(&c, garbage, strlen(garbage)), ==,
			SMIME_E_MALFORMED);
	g_assert_cmpint(smime_cert_load_data(&c, pem_bad, strlen(pem_bad)), ==,
			SMIME_E_MALFORMED);
	g_assert_cmpint(smime_cert_load_data(&c, pem_unterminated,
					     strlen(pem_unterminated)),
			==, SMIME_E_MALFORMED);
	g_assert_cmpint(smime_cert_load_data(&c, "", 0), ==, SMIME_E_MALFORMED);
	g_assert_null(c);
	/* a key is not a certificate */
	path = pki_path("alice.key");
	g_assert_cmpint(smime_cert_load_file(&c, path), ==, SMIME_E_MALFORMED);
	g_free(path);
	g_assert_null(c);
}

/* Relabels alice.crt's PEM as "X509 CERTIFICATE" and as an OpenSSL
 * "TRUSTED CERTIFICATE" (with trust settings after the certificate). */
static void test_cert_pem_labels(void)
{
	smime_cert *ref = load_cert("alice.crt"), *c = NULL;
	const uint8_t *der;
	size_t der_len;
	GString *s;
	char *b64;
	smime_buf out = SMIME_BUF_INIT;

	smime_cert__der(ref, &der, &der_len);
	b64 = g_base64_encode(der, der_len);
	/* text before the block, starting with the byte of a DER SEQUENCE */
	s = g_string_new("0 junk before\n-----BEGIN X509 CERTIFICATE-----\n");
	g_string_append_printf(s, "%s\n-----END X509 CERTIFICATE-----\n", b64);
	g_assert_cmpint(smime_cert_load_data(&c, s->str, s->len), ==, SMIME_OK);
	g_assert_cmpint(smime_cert_export_der(&out, c), ==, SMIME_OK);
	g_assert_cmpmem(out.data, out.len, der, der_len);
	smime_cert_free(c);
	smime_buf_free(&out);
	g_free(b64);
	g_string_free(s, TRUE);

	/* TRUSTED CERTIFICATE: the certificate followed by a CertAux */
	GByteArray *ba = g_byte_array_new();
	static const uint8_t aux[] = { 0x30, 0x0a, 0x30, 0x08, 0x06, 0x06, 0x2b,
				       0x06, 0x01, 0x05, 0x05, 0x07 };
	g_byte_array_append(ba, der, (guint)der_len);
	g_byte_array_append(ba, aux, sizeof(aux));
	b64 = g_base64_encode(ba->data, ba->len);
	s = g_string_new("-----BEGIN TRUSTED CERTIFICATE-----\n");
	g_string_append_printf(s, "%s\n-----END TRUSTED CERTIFICATE-----\n", b64);
	g_assert_cmpint(smime_cert_load_data(&c, s->str, s->len), ==, SMIME_OK);
	g_assert_cmpint(smime_cert_export_der(&out, c), ==, SMIME_OK);
	g_assert_cmpmem(out.data, out.len, der, der_len);
	smime_cert_free(c);
	smime_buf_free(&out);
	g_free(b64);
	g_string_free(s, TRUE);
	g_byte_array_unref(ba);
	smime_cert_free(ref);
}

static void assert_str(int rc, smime_buf *b, const char *want)
{
	g_assert_cmpint(rc, ==, SMIME_OK);
	g_assert_cmpstr((const char *)b->data, ==, want);
	g_assert_cmpuint(b->len, ==, strlen(want));
	smime_buf_free(b);
}

static void test_cert_accessors(void)
{
	smime_cert *alice = load_cert("alice.crt"), *dave = load_cert("dave.crt");
	smime_cert *ca = load_cert("ca.crt"), *carol = load_cert("carol.crt");
	smime_buf b = SMIME_BUF_INIT;
	const uint8_t *serial;
	size_t serial_len;
	static const uint8_t alice_serial[] = { 0x00, 0xa1, 0x1c, 0xe0, 0x01 };

	assert_str(smime_cert_get_subject(&b, alice), &b,
		   "CN=alice,O=libsmime tests");
	assert_str(smime_cert_get_issuer(&b, alice), &b,
		   "CN=libsmime Test Intermediate CA,O=libsmime tests");
	assert_str(smime_cert_get_issuer(&b, carol), &b,
		   "CN=libsmime Test Root CA,O=libsmime tests");
	assert_str(smime_cert_get_subject(&b, ca), &b,
		   "CN=libsmime Test Root CA,O=libsmime tests");
	assert_str(smime_cert_get_serial_hex(&b, alice), &b, "a11ce001");
	assert_str(smime_cert_get_serial_hex(&b, ca), &b, "01");
	assert_str(smime_cert_get_serial_hex(&b, carol), &b, "0ca201");

	/* the INTEGER content octets keep the sign byte */
	smime_cert__serial(alice, &serial, &serial_len);
	g_assert_cmpmem(serial, serial_len, alice_serial, sizeof(alice_serial));

	assert_str(smime_cert_get_email(&b, alice, 0), &b, "alice@example.org");
	g_assert_cmpint(smime_cert_get_email(&b, alice, 1), ==,
			SMIME_E_INVALID_ARGUMENT);
	g_assert_null(b.data);
	assert_str(smime_cert_get_email(&b, carol, 0), &b, "carol@example.org");
	/* no subjectAltName: the legacy emailAddress attribute */
	assert_str(smime_cert_get_email(&b, dave, 0), &b, "dave@example.org");
	g_assert_cmpint(smime_cert_get_email(&b, dave, 1), ==,
			SMIME_E_INVALID_ARGUMENT);
	g_assert_cmpint(smime_cert_get_email(&b, ca, 0), ==,
			SMIME_E_INVALID_ARGUMENT);

	assert_str(smime_cert_get_subject(&b, dave), &b,
		   "CN=dave,O=libsmime tests,EMAIL=dave@example.org");

	smime_cert_free(alice);
	smime_cert_free(dave);
	smime_cert_free(ca);
	smime_cert_free(carol);
}

static void test_cert_pk(void)
{
	smime_cert *alice = load_cert("alice.crt"), *bob = load_cert("bob.crt");
	smime_cert *ec = load_cert("ec-p256.crt"), *ed = load_cert("ed25519.crt");
	smime_rsa_key *pub = NULL;

	g_assert_cmpint(smime_cert__pk_type(alice), ==, SMIME_PK_RSA);
	g_assert_cmpuint(smime_cert__pk_bits(alice), ==, 2048);
	g_assert_cmpuint(smime_cert__pk_bits(bob), ==, 3072);
	g_assert_cmpint(smime_cert__pk_type(ec), ==, SMIME_PK_EC);
	g_assert_cmpuint(smime_cert__pk_bits(ec), ==, 256);
	g_assert_cmpint(smime_cert__pk_type(ed), ==, SMIME_PK_ED25519);

	g_assert_cmpint(smime_cert__rsa_public(alice, &pub), ==, SMIME_OK);
	g_assert_nonnull(pub);
	g_assert_cmpuint(smime_crypto__rsa_bits(pub), ==, 2048);
	g_assert_false(smime_crypto__rsa_has_private(pub));
	smime_crypto__rsa_key_free(pub);
	g_assert_cmpint(smime_cert__rsa_public(ec, &pub), ==, SMIME_E_UNSUPPORTED);
	g_assert_null(pub);
	g_assert_cmpint(smime_cert__rsa_public(ed, &pub), ==, SMIME_E_UNSUPPORTED);

	smime_cert_free(alice);
	smime_cert_free(bob);
	smime_cert_free(ec);
	smime_cert_free(ed);
}

static void test_certs_list(void)
{
	smime_certs *l = NULL;
	smime_buf b = SMIME_BUF_INIT;
	char *path;
	gsize len;
	char *ca, *inter;

	g_assert_cmpuint(smime_certs_count(NULL), ==, 0);
	g_assert_null(smime_certs_get(NULL, 0));

	l = certs_of("chain.pem", "alice.crt", "bob.crt", "carol.crt", NULL);
	g_assert_cmpuint(smime_certs_count(l), ==, 4);
	assert_str(smime_cert_get_subject(&b, smime_certs_get(l, 0)), &b,
		   "CN=libsmime Test Intermediate CA,O=libsmime tests");
	assert_str(smime_cert_get_subject(&b, smime_certs_get(l, 3)), &b,
		   "CN=carol,O=libsmime tests");
	g_assert_null(smime_certs_get(l, 4));

	/* several PEM blocks in one buffer, other blocks in between skipped */
	ca = read_pki("ca.crt", &len);
	inter = read_pki("inter.crt", &len);
	char *key = read_pki("alice.key", &len);
	char *bundle = g_strconcat("Bundle\n", ca, key, "text\n", inter, NULL);
	g_assert_cmpint(smime_certs_load_data(l, bundle, strlen(bundle)), ==,
			SMIME_OK);
	g_assert_cmpuint(smime_certs_count(l), ==, 6);
	assert_str(smime_cert_get_subject(&b, smime_certs_get(l, 4)), &b,
		   "CN=libsmime Test Root CA,O=libsmime tests");

	/* errors leave the list unchanged */
	path = pki_path("missing.pem");
	g_assert_cmpint(smime_certs_load_file(l, path), ==, SMIME_E_IO);
	g_free(path);
	g_assert_cmpint(smime_certs_load_data(l, key, strlen(key)), ==,
			SMIME_E_MALFORMED);
	char *broken = g_strconcat(ca, "-----BEGIN CERTIFICATE-----\nAAAA\n"
				   "-----END CERTIFICATE-----\n", NULL);
	g_assert_cmpint(smime_certs_load_data(l, broken, strlen(broken)), ==,
			SMIME_E_MALFORMED);
	g_assert_cmpuint(smime_certs_count(l), ==, 6);

	/* one DER certificate */
	smime_buf der = SMIME_BUF_INIT;
	g_assert_cmpint(smime_cert_export_der(&der, smime_certs_get(l, 1)), ==,
			SMIME_OK);
	g_assert_cmpint(smime_certs_load_data(l, der.data, der.len), ==, SMIME_OK);
	g_assert_cmpuint(smime_certs_count(l), ==, 7);
	/* add copies */
	g_assert_cmpint(smime_certs_add(l, smime_certs_get(l, 0)), ==, SMIME_OK);
	g_assert_cmpuint(smime_certs_count(l), ==, 8);
	g_assert_true(smime_certs_get(l, 7) != smime_certs_get(l, 0));

	smime_buf_free(&der);
	g_free(broken);
	g_free(bundle);
	g_free(key);
	g_free(ca);
	g_free(inter);
	smime_certs_free(l);
	smime_certs_free(NULL);
}

static void test_match_issuer_serial(void)
{
	smime_cert *alice = load_cert("alice.crt"), *bob = load_cert("bob.crt");
	smime_cert *carol = load_cert("carol.crt");
	smime_certs *l = certs_of("bob.crt", "carol.crt", "alice.crt", NULL);
	const uint8_t *issuer, *serial, *carol_issuer;
	size_t ilen, slen, cilen;
	static const uint8_t stripped[] = { 0xa1, 0x1c, 0xe0, 0x01 };
	static const uint8_t padded[] = { 0x00, 0x00, 0xa1, 0x1c, 0xe0, 0x01 };
	static const uint8_t other[] = { 0x00, 0xa1, 0x1c, 0xe0, 0x02 };

	smime_cert__issuer_der(alice, &issuer, &ilen);
	smime_cert__serial(alice, &serial, &slen);
	smime_cert__issuer_der(carol, &carol_issuer, &cilen);
	g_assert_cmpint(issuer[0], ==, 0x30);

	g_assert_true(smime_cert__matches_issuer_serial(alice, issuer, ilen,
							serial, slen));
	g_assert_true(smime_cert__matches_issuer_serial(alice, issuer, ilen,
							stripped, sizeof(stripped)));
	g_assert_true(smime_cert__matches_issuer_serial(alice, issuer, ilen,
							padded, sizeof(padded)));
	g_assert_false(smime_cert__matches_issuer_serial(alice, issuer, ilen,
							 other, sizeof(other)));
	g_assert_false(smime_cert__matches_issuer_serial(bob, issuer, ilen,
							 serial, slen));
	g_assert_false(smime_cert__matches_issuer_serial(alice, carol_issuer,
							 cilen, serial, slen));
	g_assert_false(smime_cert__matches_issuer_serial(alice, issuer, ilen - 1,
							 serial, slen));

	const smime_cert *found = smime_certs__find_issuer_serial(l, issuer, ilen,
								  stripped,
								  sizeof(stripped));
	g_assert_true(found == smime_certs_get(l, 2));
	g_assert_null(smime_certs__find_issuer_serial(l, issuer, ilen, other,
						      sizeof(other)));
	g_assert_null(smime_certs__find_issuer_serial(NULL, issuer, ilen, serial,
						      slen));

	smime_certs_free(l);
	smime_cert_free(alice);
	smime_cert_free(bob);
	smime_cert_free(carol);
}

static void test_match_ski(void)
{
	smime_cert *alice = load_cert("alice.crt"), *bob = load_cert("bob.crt");
	smime_certs *l = certs_of("bob.crt", "alice.crt", NULL);
	smime_buf ski = SMIME_BUF_INIT, bski = SMIME_BUF_INIT;

	g_assert_cmpint(smime_cert__ski(alice, &ski), ==, SMIME_OK);
	g_assert_cmpuint(ski.len, >=, 20);
	g_assert_cmpint(smime_cert__ski(bob, &bski), ==, SMIME_OK);
	g_assert_true(smime_cert__matches_ski(alice, ski.data, ski.len));
	g_assert_false(smime_cert__matches_ski(bob, ski.data, ski.len));
	g_assert_false(smime_cert__matches_ski(alice, ski.data, ski.len - 1));
	g_assert_false(smime_cert__matches_ski(alice, bski.data, bski.len));
	g_assert_true(smime_certs__find_ski(l, ski.data, ski.len) ==
		      smime_certs_get(l, 1));
	g_assert_true(smime_certs__find_ski(l, bski.data, bski.len) ==
		      smime_certs_get(l, 0));
	ski.data[0] ^= 1;
	g_assert_null(smime_certs__find_ski(l, ski.data, ski.len));

	smime_buf_free(&ski);
	smime_buf_free(&bski);
	smime_certs_free(l);
	smime_cert_free(alice);
	smime_cert_free(bob);
}

/* --- keys ---------------------------------------------------------------- */

static char *alice_password(void)
{
	gsize len;
	char *pw = read_pki("alice.pass", &len);
	g_strchomp(pw);
	g_assert_cmpstr(pw, ==, "alice-pass");
	return pw;
}

/* Signs with the key and verifies with the certificate's public key. */
static void assert_sign_roundtrip(const smime_key *k, const smime_cert *c)
{
	const smime_digest_desc *d = smime_crypto__digest_get(SMIME_DIGEST_SHA256);
	const smime_rsa_key *priv = NULL;
	smime_rsa_key *pub = NULL;
	uint8_t digest[SMIME_DIGEST_MAX_SIZE], sig[512];
	size_t sig_len = 0;

	smime_crypto__digest(d, "libsmime", 8, digest);
	g_assert_cmpint(smime_key__rsa(k, &priv), ==, SMIME_OK);
	g_assert_true(smime_crypto__rsa_has_private(priv));
	g_assert_cmpint(smime_cert__rsa_public(c, &pub), ==, SMIME_OK);
	g_assert_true(smime_crypto__rsa_same_public(priv, pub));
	g_assert_cmpuint(smime_crypto__rsa_size(priv), <=, sizeof(sig));
	g_assert_cmpint(smime_crypto__rsa_pkcs1_sign(priv, d, digest, sig, &sig_len),
			==, SMIME_OK);
	g_assert_cmpint(smime_crypto__rsa_pkcs1_verify(pub, d, digest, sig, sig_len),
			==, SMIME_OK);
	smime_crypto__rsa_key_free(pub);
}

static void test_key_formats(void)
{
	static const char *const files[] = {
		"alice.key", "alice.key.der", "alice.pkcs1.pem", "alice-enc.pem",
		"alice-legacy-enc.pem", "alice.p12", "alice-openssl.p12",
		"alice-rc2.p12",
	};
	smime_cert *alice = load_cert("alice.crt"), *bob = load_cert("bob.crt");
	char *pw = alice_password();

	for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
		smime_key *k;
		g_test_message("key file %s", files[i]);
		k = load_key(files[i], pw);
		g_assert_cmpint(smime_key__pk_type(k), ==, SMIME_PK_RSA);
		g_assert_true(smime_key__matches_cert(k, alice));
		g_assert_false(smime_key__matches_cert(k, bob));
		assert_sign_roundtrip(k, alice);
		smime_key_free(k);
	}
	/* unencrypted formats need no password */
	smime_key *k = load_key("alice.pkcs1.pem", NULL);
	g_assert_true(smime_key__matches_cert(k, alice));
	smime_key_free(k);
	smime_key_free(NULL);

	g_free(pw);
	smime_cert_free(alice);
	smime_cert_free(bob);
}

static void test_key_from_data(void)
{
	smime_cert *alice = load_cert("alice.crt");
	gsize clen, klen;
	char *crt = read_pki("alice.crt", &clen);
	char *key = read_pki("alice-enc.pem", &klen);
	char *both = g_strconcat(crt, key, NULL);
	smime_key *k = NULL;

	/* a PEM file with the certificate first, then the key */
	g_assert_cmpint(smime_key_load_data(&k, both, strlen(both), "alice-pass"),
			==, SMIME_OK);
	g_assert_true(smime_key__matches_cert(k, alice));
	smime_key_free(k);
	k = NULL;
	/* the certificate alone holds no key */
	g_assert_cmpint(smime_key_load_data(&k, crt, clen, NULL), ==, SMIME_E_KEY);
	g_assert_null(k);
	g_assert_cmpint(smime_key_load_data(&k, "", 0, NULL), ==, SMIME_E_KEY);

	/* PEM-armoured PKCS#12 */
	gsize plen;
	char *p12 = read_pki("alice.p12", &plen);
	char *b64 = g_base64_encode((const guchar *)p12, plen);
	char *pem = g_strconcat("-----BEGIN PKCS12-----\n", b64,
				"\n-----END PKCS12-----\n", NULL);
	g_assert_cmpint(smime_key_load_data(&k, pem, strlen(pem), "alice-pass"),
			==, SMIME_OK);
	g_assert_true(smime_key__matches_cert(k, alice));
	smime_key_free(k);
	k = NULL;
	g_assert_cmpint(smime_key_load_data(&k, pem, strlen(pem), "wrong"), ==,
			SMIME_E_PASSWORD);
	g_free(pem);
	g_free(b64);
	g_free(p12);

	g_free(both);
	g_free(crt);
	g_free(key);
	smime_cert_free(alice);
}

static void test_key_password(void)
{
	static const char *const files[] = {
		"alice-enc.pem", "alice-legacy-enc.pem", "alice.p12",
		"alice-openssl.p12", "alice-rc2.p12",
	};

	for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
		g_test_message("key file %s", files[i]);
		g_assert_cmpint(try_key(files[i], "wrong"), ==, SMIME_E_PASSWORD);
		g_assert_cmpint(try_key(files[i], NULL), ==, SMIME_E_PASSWORD);
		g_assert_cmpint(try_key(files[i], ""), ==, SMIME_E_PASSWORD);
	}
}

static void test_key_errors(void)
{
	static const char garbage[] = "-----BEGIN PRIVATE KEY-----\n"
		"AAAAAAAAAAAAAAAAAAAA\n-----END PRIVATE KEY-----\n";
	static const uint8_t der_garbage[] = { 0x30, 0x03, 0x02, 0x01, 0x00 };
	smime_key *k = NULL;
	char *path;
	char *tmp_path = NULL;
	GError *err = NULL;
	int fd;

	g_assert_cmpint(try_key("missing.key", NULL), ==, SMIME_E_IO);
	g_assert_cmpint(try_key("alice.crt", NULL), ==, SMIME_E_KEY);
	g_assert_cmpint(try_key("generate.sh", "x"), ==, SMIME_E_KEY);
	g_assert_cmpint(smime_key_load_data(&k, garbage, strlen(garbage), NULL),
			==, SMIME_E_KEY);
	g_assert_cmpint(smime_key_load_data(&k, der_garbage, sizeof(der_garbage),
					    NULL), ==, SMIME_E_KEY);
	g_assert_cmpint(smime_key_load_data(&k, "\x30\x82\xff", 3, NULL), ==,
			SMIME_E_KEY);
	g_assert_null(k);

	/* a garbage key file */
	fd = g_file_open_tmp("smime-test-XXXXXX.key", &tmp_path, &err);
	g_assert_no_error(err);
	g_assert_cmpint(write(fd, "garbage\n", 8), ==, 8);
	close(fd);
	g_assert_cmpint(smime_key_load_file(&k, tmp_path, NULL), ==, SMIME_E_KEY);
	g_unlink(tmp_path);
	g_free(tmp_path);

	path = pki_path("alice.key");
	g_assert_cmpint(smime_key_load_file(NULL, path, NULL), ==,
			SMIME_E_INVALID_ARGUMENT);
	g_free(path);
}

static void test_key_other_types(void)
{
	smime_cert *alice = load_cert("alice.crt");
	smime_cert *ec_crt = load_cert("ec-p256.crt");
	smime_cert *ed_crt = load_cert("ed25519.crt");
	smime_key *ec = load_key("ec-p256.key", NULL);
	smime_key *ed = load_key("ed25519.key", NULL);
	smime_key *a = load_key("alice.key", NULL);
	const smime_rsa_key *rsa = NULL;

	g_assert_cmpint(smime_key__pk_type(ec), ==, SMIME_PK_EC);
	g_assert_cmpint(smime_key__pk_type(ed), ==, SMIME_PK_ED25519);
	g_assert_cmpint(smime_key__rsa(ec, &rsa), ==, SMIME_E_UNSUPPORTED);
	g_assert_null(rsa);
	g_assert_cmpint(smime_key__rsa(ed, &rsa), ==, SMIME_E_UNSUPPORTED);
	g_assert_true(smime_key__matches_cert(ec, ec_crt));
	g_assert_true(smime_key__matches_cert(ed, ed_crt));
	g_assert_false(smime_key__matches_cert(ec, ed_crt));
	g_assert_false(smime_key__matches_cert(ec, alice));
	g_assert_false(smime_key__matches_cert(a, ec_crt));

	smime_key_free(ec);
	smime_key_free(ed);
	smime_key_free(a);
	smime_cert_free(alice);
	smime_cert_free(ec_crt);
	smime_cert_free(ed_crt);
}

/* --- trust --------------------------------------------------------------- */

static void test_trust_files(void)
{
	smime_trust *t = NULL;
	smime_cert *ca = load_cert("ca.crt");
	smime_buf der = SMIME_BUF_INIT;
	char *path, *tmp_path = NULL;
	GError *err = NULL;
	int fd;

	g_assert_cmpint(smime_trust_new(&t), ==, SMIME_OK);
	path = pki_path("missing.crt");
	g_assert_cmpint(smime_trust_add_ca_file(t, path), ==, SMIME_E_IO);
	g_free(path);
	path = pki_path("alice.key");
	g_assert_cmpint(smime_trust_add_ca_file(t, path), ==, SMIME_E_MALFORMED);
	g_free(path);
	path = pki_path("generate.sh");
	g_assert_cmpint(smime_trust_add_ca_file(t, path), ==, SMIME_E_MALFORMED);
	g_free(path);

	/* DER file */
	g_assert_cmpint(smime_cert_export_der(&der, ca), ==, SMIME_OK);
	fd = g_file_open_tmp("smime-test-XXXXXX.der", &tmp_path, &err);
	g_assert_no_error(err);
	g_assert_cmpint(write(fd, der.data, der.len), ==, (ssize_t)der.len);
	close(fd);
	g_assert_cmpint(smime_trust_add_ca_file(t, tmp_path), ==, SMIME_OK);
	g_unlink(tmp_path);
	g_free(tmp_path);
	/* adding the same anchor again is harmless */
	g_assert_cmpint(smime_trust_add_cert(t, ca), ==, SMIME_OK);

	smime_cert *carol = load_cert("carol.crt");
	const char *detail = NULL;
	g_assert_cmpint(smime_cert__validate(t, carol, NULL, SMIME_PURPOSE_SIGN, 0,
					     &detail), ==, SMIME_OK);
	g_assert_cmpstr(detail, ==, "");
	smime_cert_free(carol);

	smime_buf_free(&der);
	smime_cert_free(ca);
	smime_trust_free(t);
	smime_trust_free(NULL);
}

static void test_trust_system(void)
{
	smime_trust *t = NULL;
	smime_cert *alice = load_cert("alice.crt");
	smime_certs *pool = certs_of("chain.pem", "ca.crt", NULL);
	const char *detail = NULL;
	int rc;

	g_assert_cmpint(smime_trust_new(&t), ==, SMIME_OK);
	/* scripts/setup installs ca-certificates, so the store is there */
	rc = smime_trust_add_system(t);
	g_assert_cmpint(rc, ==, SMIME_OK);
	{
		/* the test root is in no system store */
		g_assert_cmpint(smime_cert__validate(t, alice, pool,
						     SMIME_PURPOSE_SIGN, 0, &detail),
				==, SMIME_E_CERT_INVALID);
		g_assert_cmpstr(detail, ==, "untrusted");
		g_assert_cmpint(smime_cert__validate(NULL, alice, pool,
						     SMIME_PURPOSE_SIGN, 0, &detail),
				==, SMIME_E_CERT_INVALID);
		g_assert_cmpstr(detail, ==, "untrusted");
	}
	smime_certs_free(pool);
	smime_cert_free(alice);
	smime_trust_free(t);
}

/* --- validation ---------------------------------------------------------- */

static void test_validate_ok(void)
{
	const char *detail = NULL;

	g_assert_cmpint(validate_one("alice.crt", SMIME_PURPOSE_SIGN, 0, &detail),
			==, SMIME_OK);
	g_assert_cmpstr(detail, ==, "");
	g_assert_cmpint(validate_one("alice.crt", SMIME_PURPOSE_ENCRYPT, 0,
				     &detail), ==, SMIME_OK);
	g_assert_cmpint(validate_one("bob.crt", SMIME_PURPOSE_ENCRYPT, 0, &detail),
			==, SMIME_OK);
	g_assert_cmpint(validate_one("carol.crt", SMIME_PURPOSE_SIGN, 0, &detail),
			==, SMIME_OK);
	g_assert_cmpint(validate_one("dave.crt", SMIME_PURPOSE_SIGN, 0, &detail),
			==, SMIME_OK);
	/* no EKU at all is fine for S/MIME */
	g_assert_cmpint(validate_one("noeku.crt", SMIME_PURPOSE_SIGN, 0, &detail),
			==, SMIME_OK);
	g_assert_cmpint(validate_one("noeku.crt", SMIME_PURPOSE_ENCRYPT, 0,
				     &detail), ==, SMIME_OK);
	/* EC: keyAgreement for encryption */
	g_assert_cmpint(validate_one("ec-p256.crt", SMIME_PURPOSE_SIGN, 0, &detail),
			==, SMIME_OK);
	g_assert_cmpint(validate_one("ec-p256.crt", SMIME_PURPOSE_ENCRYPT, 0,
				     &detail), ==, SMIME_OK);
	g_assert_cmpint(validate_one("ed25519.crt", SMIME_PURPOSE_SIGN, 0, &detail),
			==, SMIME_OK);
	g_assert_cmpint(validate_one("ed25519.crt", SMIME_PURPOSE_ENCRYPT, 0,
				     &detail), ==, SMIME_E_CERT_INVALID);
	g_assert_cmpstr(detail, ==, "key usage");
}

static void test_validate_pool(void)
{
	smime_trust *t = trust_of("ca.crt");
	smime_cert *alice = load_cert("alice.crt");
	smime_certs *pool;
	const char *detail = NULL;

	/* without the intermediate */
	g_assert_cmpint(smime_cert__validate(t, alice, NULL, SMIME_PURPOSE_SIGN, 0,
					     &detail), ==, SMIME_E_CERT_INVALID);
	g_assert_cmpstr(detail, ==, "untrusted");
	pool = certs_of("bob.crt", "carol.crt", "ca.crt", NULL);
	g_assert_cmpint(smime_cert__validate(t, alice, pool, SMIME_PURPOSE_SIGN, 0,
					     &detail), ==, SMIME_E_CERT_INVALID);
	g_assert_cmpstr(detail, ==, "untrusted");
	smime_certs_free(pool);

	/* any order, with unrelated certificates, the leaf itself, the root */
	pool = certs_of("bob.crt", "alice.crt", "rogue-ca.crt", "ca.crt",
			"chain.pem", "carol.crt", NULL);
	g_assert_cmpint(smime_cert__validate(t, alice, pool, SMIME_PURPOSE_SIGN, 0,
					     &detail), ==, SMIME_OK);
	g_assert_cmpstr(detail, ==, "");
	smime_certs_free(pool);

	/* the intermediate is not an anchor */
	smime_trust_free(t);
	t = trust_of("inter.crt");
	g_assert_cmpint(smime_cert__validate(t, alice, NULL, SMIME_PURPOSE_SIGN, 0,
					     &detail), ==, SMIME_OK);
	smime_trust_free(t);

	/* detail may be NULL */
	t = trust_of("ca.crt");
	g_assert_cmpint(smime_cert__validate(t, alice, NULL, SMIME_PURPOSE_SIGN, 0,
					     NULL), ==, SMIME_E_CERT_INVALID);

	smime_cert_free(alice);
	smime_trust_free(t);
}

static void test_validate_time(void)
{
	const char *detail = NULL;

	g_assert_cmpint(validate_one("expired.crt", SMIME_PURPOSE_SIGN, 0, &detail),
			==, SMIME_E_CERT_INVALID);
	g_assert_cmpstr(detail, ==, "expired");
	g_assert_cmpint(validate_one("notyet.crt", SMIME_PURPOSE_SIGN, 0, &detail),
			==, SMIME_E_CERT_INVALID);
	g_assert_cmpstr(detail, ==, "not yet valid");
	/* alice is valid from 2024 */
	g_assert_cmpint(validate_one("alice.crt", SMIME_PURPOSE_SIGN,
				     utc(2020, 1, 1), &detail),
			==, SMIME_E_CERT_INVALID);
	g_assert_cmpstr(detail, ==, "not yet valid");
	g_assert_cmpint(validate_one("alice.crt", SMIME_PURPOSE_SIGN,
				     utc(2100, 1, 1), &detail),
			==, SMIME_E_CERT_INVALID);
	g_assert_cmpstr(detail, ==, "expired");
	g_assert_cmpint(validate_one("alice.crt", SMIME_PURPOSE_SIGN,
				     utc(2030, 6, 1), &detail), ==, SMIME_OK);
	/* a time inside each certificate's validity */
	g_assert_cmpint(validate_one("expired.crt", SMIME_PURPOSE_SIGN,
				     utc(2010, 6, 1), &detail), ==, SMIME_OK);
	g_assert_cmpint(validate_one("notyet.crt", SMIME_PURPOSE_SIGN,
				     utc(2095, 6, 1), &detail), ==, SMIME_OK);
	/* the CAs are valid from 2000 */
	g_assert_cmpint(validate_one("expired.crt", SMIME_PURPOSE_SIGN,
				     utc(1999, 6, 1), &detail),
			==, SMIME_E_CERT_INVALID);
	g_assert_cmpstr(detail, ==, "not yet valid");
}

static void test_validate_usage(void)
{
	const char *detail = NULL;

	g_assert_cmpint(validate_one("noemail-eku.crt", SMIME_PURPOSE_SIGN, 0,
				     &detail), ==, SMIME_E_CERT_INVALID);
	g_assert_cmpstr(detail, ==, "extended key usage");
	g_assert_cmpint(validate_one("noemail-eku.crt", SMIME_PURPOSE_ENCRYPT, 0,
				     &detail), ==, SMIME_E_CERT_INVALID);
	g_assert_cmpstr(detail, ==, "extended key usage");
	g_assert_cmpint(validate_one("nosign-ku.crt", SMIME_PURPOSE_SIGN, 0,
				     &detail), ==, SMIME_E_CERT_INVALID);
	g_assert_cmpstr(detail, ==, "key usage");
	g_assert_cmpint(validate_one("nosign-ku.crt", SMIME_PURPOSE_ENCRYPT, 0,
				     &detail), ==, SMIME_OK);
	g_assert_cmpstr(detail, ==, "");
}

static void test_validate_rogue(void)
{
	smime_trust *t = trust_of("ca.crt");
	smime_cert *mallory = load_cert("mallory.crt");
	smime_certs *pool = certs_of("rogue-ca.crt", "chain.pem", NULL);
	const char *detail = NULL;

	/* rogue-ca has ca's name but not its key: its AKI does not match */
	g_assert_cmpint(smime_cert__validate(t, mallory, pool, SMIME_PURPOSE_SIGN,
					     0, &detail), ==, SMIME_E_CERT_INVALID);
	g_assert_cmpstr(detail, ==, "untrusted");
	g_assert_cmpint(smime_cert__validate(t, mallory, NULL, SMIME_PURPOSE_SIGN,
					     0, &detail), ==, SMIME_E_CERT_INVALID);
	g_assert_cmpstr(detail, ==, "untrusted");
	smime_trust_free(t);

	/* when trusted, rogue-ca is a good root */
	t = trust_of("rogue-ca.crt");
	g_assert_cmpint(smime_cert__validate(t, mallory, pool, SMIME_PURPOSE_SIGN,
					     0, &detail), ==, SMIME_OK);
	smime_cert *alice = load_cert("alice.crt");
	g_assert_cmpint(smime_cert__validate(t, alice, pool, SMIME_PURPOSE_SIGN,
					     0, &detail), ==, SMIME_E_CERT_INVALID);
	g_assert_cmpstr(detail, ==, "untrusted");
	smime_cert_free(alice);

	smime_certs_free(pool);
	smime_cert_free(mallory);
	smime_trust_free(t);
}

/* alice's certificate with one bit of its signature flipped. */
static void test_validate_bad_signature(void)
{
	smime_trust *t = trust_of("ca.crt");
	smime_certs *pool = certs_of("chain.pem", NULL);
	smime_cert *alice = load_cert("alice.crt"), *bad = NULL;
	smime_buf der = SMIME_BUF_INIT;
	const char *detail = NULL;

	g_assert_cmpint(smime_cert_export_der(&der, alice), ==, SMIME_OK);
	der.data[der.len - 1] ^= 0x01;
	g_assert_cmpint(smime_cert_load_data(&bad, der.data, der.len), ==, SMIME_OK);
	g_assert_cmpint(smime_cert__validate(t, bad, pool, SMIME_PURPOSE_SIGN, 0,
					     &detail), ==, SMIME_E_CERT_INVALID);
	g_assert_cmpstr(detail, ==, "signature");

	smime_buf_free(&der);
	smime_cert_free(bad);
	smime_cert_free(alice);
	smime_certs_free(pool);
	smime_trust_free(t);
}

/* RFC 4134: RSA-1024 and DSA-1024 certificates signed with SHA-1. */
static void test_validate_rfc4134(void)
{
	char *carl_path = rfc4134_path("CarlRSASelf.cer");
	char *alice_path = rfc4134_path("AliceRSASignByCarl.cer");
	char *dss_path = rfc4134_path("CarlDSSSelf.cer");
	char *dalice_path = rfc4134_path("AliceDSSSignByCarlNoInherit.cer");
	smime_trust *t = NULL;
	smime_cert *alice = NULL, *dalice = NULL;
	const char *detail = NULL;
	time_t when = utc(2025, 1, 1);

	/* the samples are committed under tests/data/corpus */
	g_assert_true(g_file_test(carl_path, G_FILE_TEST_EXISTS));
	g_assert_cmpint(smime_trust_new(&t), ==, SMIME_OK);
	g_assert_cmpint(smime_trust_add_ca_file(t, carl_path), ==, SMIME_OK);
	g_assert_cmpint(smime_trust_add_ca_file(t, dss_path), ==, SMIME_OK);
	g_assert_cmpint(smime_cert_load_file(&alice, alice_path), ==, SMIME_OK);
	g_assert_cmpint(smime_cert_load_file(&dalice, dalice_path), ==, SMIME_OK);
	g_assert_cmpint(smime_cert__pk_type(dalice), ==, SMIME_PK_DSA);
	g_assert_cmpuint(smime_cert__pk_bits(alice), ==, 1024);

	g_assert_cmpint(smime_cert__validate(t, alice, NULL, SMIME_PURPOSE_SIGN,
					     when, &detail), ==, SMIME_E_CERT_INVALID);
	g_assert_cmpstr(detail, ==, "insecure algorithm");
	g_assert_cmpint(smime_cert__validate2(t, alice, NULL, SMIME_PURPOSE_SIGN,
					      when, true, &detail), ==, SMIME_OK);
	g_assert_cmpint(smime_cert__validate(t, dalice, NULL, SMIME_PURPOSE_SIGN,
					     when, &detail), ==, SMIME_E_CERT_INVALID);
	g_assert_cmpstr(detail, ==, "insecure algorithm");
	g_assert_cmpint(smime_cert__validate2(t, dalice, NULL, SMIME_PURPOSE_SIGN,
					      when, true, &detail), ==, SMIME_OK);
	/* they expire at the end of 2039 */
	g_assert_cmpint(smime_cert__validate2(t, alice, NULL, SMIME_PURPOSE_SIGN,
					      utc(2040, 1, 2), true, &detail),
			==, SMIME_E_CERT_INVALID);
	g_assert_cmpstr(detail, ==, "expired");
	smime_cert_free(alice);
	smime_cert_free(dalice);
	smime_trust_free(t);
	g_free(carl_path);
	g_free(alice_path);
	g_free(dss_path);
	g_free(dalice_path);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);

	g_test_add_func("/cert/load/pem-der", test_cert_load);
	g_test_add_func("/cert/load/errors", test_cert_load_errors);
	g_test_add_func("/cert/load/pem-labels", test_cert_pem_labels);
	g_test_add_func("/cert/accessors", test_cert_accessors);
	g_test_add_func("/cert/public-key", test_cert_pk);
	g_test_add_func("/cert/certs/list", test_certs_list);
	g_test_add_func("/cert/match/issuer-serial", test_match_issuer_serial);
	g_test_add_func("/cert/match/ski", test_match_ski);
	g_test_add_func("/cert/key/formats", test_key_formats);
	g_test_add_func("/cert/key/from-data", test_key_from_data);
	g_test_add_func("/cert/key/password", test_key_password);
	g_test_add_func("/cert/key/errors", test_key_errors);
	g_test_add_func("/cert/key/other-types", test_key_other_types);
	g_test_add_func("/cert/trust/files", test_trust_files);
	g_test_add_func("/cert/trust/system", test_trust_system);
	g_test_add_func("/cert/validate/ok", test_validate_ok);
	g_test_add_func("/cert/validate/pool", test_validate_pool);
	g_test_add_func("/cert/validate/time", test_validate_time);
	g_test_add_func("/cert/validate/usage", test_validate_usage);
	g_test_add_func("/cert/validate/rogue-ca", test_validate_rogue);
	g_test_add_func("/cert/validate/bad-signature", test_validate_bad_signature);
	g_test_add_func("/cert/validate/rfc4134", test_validate_rfc4134);

	return g_test_run();
}
