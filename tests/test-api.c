/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* End-to-end tests of the public API: sign/verify and encrypt/decrypt round
 * trips in every format, and the refusals a careful caller relies on. */
#include <glib.h>
#include <string.h>

#include "smime.h"

static const char content[] =
	"Content-Type: text/plain; charset=utf-8\n\nHello Bob,\nthis is a test.\n";

/* content with every LF turned into CRLF (RFC 8551 canonical form) */
static char *canonical(const char *text)
{
	char **lines = g_strsplit(text, "\n", -1);
	char *joined = g_strjoinv("\r\n", lines);
	g_strfreev(lines);
	return joined;
}

static char *pki(const char *name)
{
	return g_test_build_filename(G_TEST_DIST, "data", "pki", name, NULL);
}

typedef struct {
	smime_cert *alice, *bob, *carol;
	smime_key *alice_key, *bob_key;
	smime_certs *chain;
	smime_trust *trust;
} fixture;

static void fixture_setup(fixture *f, gconstpointer data)
{
	char *p;
	(void)data;
	memset(f, 0, sizeof *f);
#define LOAD_CERT(field, file) \
	p = pki(file); \
	g_assert_cmpint(smime_cert_load_file(&f->field, p), ==, SMIME_OK); \
	g_free(p)
#define LOAD_KEY(field, file) \
	p = pki(file); \
	g_assert_cmpint(smime_key_load_file(&f->field, p, NULL), ==, SMIME_OK); \
	g_free(p)
	LOAD_CERT(alice, "alice.crt");
	LOAD_CERT(bob, "bob.crt");
	LOAD_CERT(carol, "carol.crt");
	LOAD_KEY(alice_key, "alice.key");
	LOAD_KEY(bob_key, "bob.key");
	g_assert_cmpint(smime_certs_new(&f->chain), ==, SMIME_OK);
	p = pki("chain.pem");
	g_assert_cmpint(smime_certs_load_file(f->chain, p), ==, SMIME_OK);
	g_free(p);
	g_assert_cmpint(smime_trust_new(&f->trust), ==, SMIME_OK);
	p = pki("ca.crt");
	g_assert_cmpint(smime_trust_add_ca_file(f->trust, p), ==, SMIME_OK);
	g_free(p);
}

static void fixture_teardown(fixture *f, gconstpointer data)
{
	(void)data;
	smime_cert_free(f->alice);
	smime_cert_free(f->bob);
	smime_cert_free(f->carol);
	smime_key_free(f->alice_key);
	smime_key_free(f->bob_key);
	smime_certs_free(f->chain);
	smime_trust_free(f->trust);
}

static int verify(const fixture *f, const smime_buf *msg, const void *detached,
		  size_t detached_len, smime_verify_result **res)
{
	smime_verify_options vo = SMIME_VERIFY_OPTIONS_INIT;
	vo.trust = f->trust;
	return smime_verify_data(res, &vo, msg->data, msg->len, detached, detached_len);
}

static void sign_roundtrip(fixture *f, smime_format form, gboolean detached)
{
	smime_sign_options so = SMIME_SIGN_OPTIONS_INIT;
	smime_buf msg = SMIME_BUF_INIT;
	smime_verify_result *res = NULL;
	size_t len;

	so.outform = form;
	so.flags = detached ? SMIME_SIGN_DETACHED : 0;
	g_assert_cmpint(smime_sign_data(&msg, &so, f->alice, f->alice_key, f->chain, content,
					strlen(content)), ==, SMIME_OK);
	g_assert_nonnull(msg.data);
	g_assert_cmpuint(msg.data[msg.len], ==, 0);

	/* Detached DER/PEM needs the content; S/MIME multipart carries it. */
	gboolean need_content = detached && form != SMIME_FORMAT_SMIME;
	g_assert_cmpint(verify(f, &msg, need_content ? content : NULL,
			       need_content ? strlen(content) : 0, &res), ==, SMIME_OK);
	g_assert_cmpuint(smime_verify_result_get_signer_count(res), ==, 1);
	const smime_signer_result *s = smime_verify_result_get_signer(res, 0);
	g_assert_cmpint(smime_signer_result_get_status(s), ==, SMIME_OK);
	g_assert_cmpstr(smime_signer_result_get_digest_name(s), ==, "sha256");
	g_assert_false(smime_signer_result_is_weak(s));
	g_assert_cmpint(smime_signer_result_get_signing_time(s), >, 1700000000);
	const unsigned char *got = smime_verify_result_get_content(res, &len);
	g_assert_nonnull(got);
	if (form == SMIME_FORMAT_SMIME) {
		/* canonical form: every LF became CRLF */
		char *canon = canonical(content);
		g_assert_cmpmem(got, len, canon, strlen(canon));
		g_free(canon);
	} else {
		g_assert_cmpmem(got, len, content, strlen(content));
	}
	smime_verify_result_free(res);

	if (need_content) {
		/* wrong detached content */
		g_assert_cmpint(verify(f, &msg, "other", 5, &res), ==, SMIME_E_BAD_SIGNATURE);
		smime_verify_result_free(res);
		/* no content at all */
		g_assert_cmpint(verify(f, &msg, NULL, 0, &res), ==, SMIME_E_NO_CONTENT);
		g_assert_null(res);
	}
	smime_buf_free(&msg);
}

static void test_sign_der(fixture *f, gconstpointer d)
{
	(void)d;
	sign_roundtrip(f, SMIME_FORMAT_DER, FALSE);
	sign_roundtrip(f, SMIME_FORMAT_DER, TRUE);
}

static void test_sign_pem(fixture *f, gconstpointer d)
{
	(void)d;
	sign_roundtrip(f, SMIME_FORMAT_PEM, FALSE);
	sign_roundtrip(f, SMIME_FORMAT_PEM, TRUE);
}

static void test_sign_smime(fixture *f, gconstpointer d)
{
	(void)d;
	sign_roundtrip(f, SMIME_FORMAT_SMIME, FALSE);
	sign_roundtrip(f, SMIME_FORMAT_SMIME, TRUE);
}

static void test_sign_streaming(fixture *f, gconstpointer d)
{
	smime_sign *s = NULL;
	smime_buf a = SMIME_BUF_INIT;
	smime_verify_result *res = NULL;
	size_t len;
	(void)d;
	g_assert_cmpint(smime_sign_new(&s, NULL), ==, SMIME_OK);
	g_assert_cmpint(smime_sign_finish(&a, s), ==, SMIME_E_STATE); /* no signer yet */
	smime_sign_free(s);
	g_assert_cmpint(smime_sign_new(&s, NULL), ==, SMIME_OK);
	g_assert_cmpint(smime_sign_add_signer(s, f->alice, f->alice_key), ==, SMIME_OK);
	g_assert_cmpint(smime_sign_add_signer(s, f->bob, f->bob_key), ==, SMIME_OK);
	g_assert_cmpint(smime_sign_add_cert(s, smime_certs_get(f->chain, 0)), ==, SMIME_OK);
	for (size_t i = 0; i < strlen(content); i += 7)
		g_assert_cmpint(smime_sign_update(s, content + i, MIN(7, strlen(content) - i)),
				==, SMIME_OK);
	g_assert_cmpint(smime_sign_finish(&a, s), ==, SMIME_OK);
	g_assert_cmpint(smime_sign_update(s, "x", 1), ==, SMIME_E_STATE);
	smime_sign_free(s);
	g_assert_cmpint(verify(f, &a, NULL, 0, &res), ==, SMIME_OK);
	g_assert_cmpuint(smime_verify_result_get_signer_count(res), ==, 2);
	g_assert_cmpmem(smime_verify_result_get_content(res, &len), len, content, strlen(content));
	smime_verify_result_free(res);
	smime_buf_free(&a);
}

static void test_sign_key_mismatch(fixture *f, gconstpointer d)
{
	smime_sign *s = NULL;
	(void)d;
	g_assert_cmpint(smime_sign_new(&s, NULL), ==, SMIME_OK);
	g_assert_cmpint(smime_sign_add_signer(s, f->alice, f->bob_key), ==, SMIME_E_KEY_MISMATCH);
	smime_sign_free(s);
}

static void test_verify_tampered(fixture *f, gconstpointer d)
{
	smime_buf msg = SMIME_BUF_INIT;
	smime_verify_result *res = NULL;
	(void)d;
	g_assert_cmpint(smime_sign_data(&msg, NULL, f->alice, f->alice_key, f->chain, content,
					strlen(content)), ==, SMIME_OK);
	/* flip one byte of the encapsulated content */
	unsigned char *hit = memmem(msg.data, msg.len, "Hello Bob", 9);
	g_assert_nonnull(hit);
	hit[0] ^= 1;
	g_assert_cmpint(verify(f, &msg, NULL, 0, &res), ==, SMIME_E_BAD_SIGNATURE);
	g_assert_nonnull(res);
	const smime_signer_result *s = smime_verify_result_get_signer(res, 0);
	g_assert_cmpint(smime_signer_result_get_signature_status(s), ==, SMIME_E_BAD_SIGNATURE);
	g_assert_cmpstr(smime_signer_result_get_detail(s), ==,
			"message digest does not match the content");
	smime_verify_result_free(res);
	hit[0] ^= 1;

	/* flip one byte of the signature value (the last byte of the message) */
	msg.data[msg.len - 1] ^= 0x40;
	g_assert_cmpint(verify(f, &msg, NULL, 0, &res), ==, SMIME_E_BAD_SIGNATURE);
	smime_verify_result_free(res);
	smime_buf_free(&msg);
}

static void test_verify_untrusted(fixture *f, gconstpointer d)
{
	smime_buf msg = SMIME_BUF_INIT;
	smime_verify_result *res = NULL;
	smime_trust *other = NULL;
	char *p = pki("rogue-ca.crt");
	(void)d;
	g_assert_cmpint(smime_sign_data(&msg, NULL, f->alice, f->alice_key, f->chain, content,
					strlen(content)), ==, SMIME_OK);
	g_assert_cmpint(smime_trust_new(&other), ==, SMIME_OK);
	g_assert_cmpint(smime_trust_add_ca_file(other, p), ==, SMIME_OK);
	smime_verify_options vo = SMIME_VERIFY_OPTIONS_INIT;
	vo.trust = other;
	g_assert_cmpint(smime_verify_data(&res, &vo, msg.data, msg.len, NULL, 0), ==,
			SMIME_E_CERT_INVALID);
	const smime_signer_result *s = smime_verify_result_get_signer(res, 0);
	g_assert_cmpint(smime_signer_result_get_signature_status(s), ==, SMIME_OK);
	g_assert_cmpint(smime_signer_result_get_chain_status(s), ==, SMIME_E_CERT_INVALID);
	smime_verify_result_free(res);
	/* signatures only */
	vo.flags = SMIME_VERIFY_NO_CHAIN;
	g_assert_cmpint(smime_verify_data(&res, &vo, msg.data, msg.len, NULL, 0), ==, SMIME_OK);
	smime_verify_result_free(res);
	smime_trust_free(other);
	smime_buf_free(&msg);
	g_free(p);
}

static void encrypt_roundtrip(fixture *f, smime_cipher cipher, smime_format form)
{
	smime_encrypt_options eo = SMIME_ENCRYPT_OPTIONS_INIT;
	smime_certs *rcpts = NULL;
	smime_buf msg = SMIME_BUF_INIT, plain = SMIME_BUF_INIT;

	eo.cipher = cipher;
	eo.outform = form;
	g_assert_cmpint(smime_certs_new(&rcpts), ==, SMIME_OK);
	g_assert_cmpint(smime_certs_add(rcpts, f->alice), ==, SMIME_OK);
	g_assert_cmpint(smime_certs_add(rcpts, f->bob), ==, SMIME_OK);
	g_assert_cmpint(smime_encrypt_data(&msg, &eo, rcpts, content, strlen(content)), ==,
			SMIME_OK);
	g_assert_null(memmem(msg.data, msg.len, "Hello Bob", 9));

	const char *want = content;
	char *canon = NULL;
	if (form == SMIME_FORMAT_SMIME)
		want = canon = canonical(content);
	/* both recipients, with and without their certificate */
	g_assert_cmpint(smime_decrypt_data(&plain, NULL, f->bob_key, f->bob, msg.data, msg.len),
			==, SMIME_OK);
	g_assert_cmpmem(plain.data, plain.len, want, strlen(want));
	smime_buf_free_secret(&plain);
	g_assert_cmpint(smime_decrypt_data(&plain, NULL, f->alice_key, NULL, msg.data, msg.len),
			==, SMIME_OK);
	g_assert_cmpmem(plain.data, plain.len, want, strlen(want));
	smime_buf_free_secret(&plain);
	g_free(canon);
	smime_certs_free(rcpts);
	smime_buf_free(&msg);
}

static void test_encrypt_ciphers(fixture *f, gconstpointer d)
{
	(void)d;
	encrypt_roundtrip(f, SMIME_CIPHER_AES128_CBC, SMIME_FORMAT_DER);
	encrypt_roundtrip(f, SMIME_CIPHER_AES192_CBC, SMIME_FORMAT_PEM);
	encrypt_roundtrip(f, SMIME_CIPHER_AES256_CBC, SMIME_FORMAT_SMIME);
	encrypt_roundtrip(f, SMIME_CIPHER_DEFAULT, SMIME_FORMAT_DER);
}

static void test_decrypt_refusals(fixture *f, gconstpointer d)
{
	smime_certs *rcpts = NULL;
	smime_buf msg = SMIME_BUF_INIT, plain = SMIME_BUF_INIT;
	smime_key *carol_key = NULL;
	char *p = pki("carol.key");
	(void)d;
	g_assert_cmpint(smime_key_load_file(&carol_key, p, NULL), ==, SMIME_OK);
	g_assert_cmpint(smime_certs_new(&rcpts), ==, SMIME_OK);
	g_assert_cmpint(smime_certs_add(rcpts, f->bob), ==, SMIME_OK);
	g_assert_cmpint(smime_encrypt_data(&msg, NULL, rcpts, content, strlen(content)), ==,
			SMIME_OK);
	/* not a recipient, with a certificate: nothing matches */
	g_assert_cmpint(smime_decrypt_data(&plain, NULL, f->alice_key, f->alice, msg.data,
					   msg.len), ==, SMIME_E_NO_RECIPIENT);
	g_assert_null(plain.data);
	/* key and certificate that do not belong together */
	g_assert_cmpint(smime_decrypt_data(&plain, NULL, f->alice_key, f->bob, msg.data,
					   msg.len), ==, SMIME_E_KEY_MISMATCH);
	/* a wrong key without a certificate: implicit rejection, then the
	 * content does not decrypt (or, rarely, decrypts to garbage) */
	int rc = smime_decrypt_data(&plain, NULL, carol_key, NULL, msg.data, msg.len);
	if (rc == SMIME_OK)
		g_assert_false(plain.len == strlen(content) &&
			       memcmp(plain.data, content, plain.len) == 0);
	else
		g_assert_true(rc == SMIME_E_DECRYPT || rc == SMIME_E_NO_RECIPIENT);
	smime_buf_free_secret(&plain);
	/* garbage and truncation */
	g_assert_cmpint(smime_decrypt_data(&plain, NULL, f->bob_key, f->bob, "garbage", 7), ==,
			SMIME_E_MALFORMED);
	for (size_t cut = 1; cut < msg.len; cut += 37) {
		rc = smime_decrypt_data(&plain, NULL, f->bob_key, f->bob, msg.data, cut);
		g_assert_true(rc == SMIME_E_MALFORMED || rc == SMIME_E_LIMIT);
		g_assert_null(plain.data);
	}
	smime_key_free(carol_key);
	smime_certs_free(rcpts);
	smime_buf_free(&msg);
	g_free(p);
}

static void test_inspect(fixture *f, gconstpointer d)
{
	smime_buf msg = SMIME_BUF_INIT, text = SMIME_BUF_INIT;
	(void)d;
	g_assert_cmpint(smime_sign_data(&msg, NULL, f->alice, f->alice_key, f->chain, content,
					strlen(content)), ==, SMIME_OK);
	g_assert_cmpint(smime_inspect(&text, SMIME_FORMAT_AUTO, msg.data, msg.len), ==, SMIME_OK);
	g_assert_nonnull(strstr((char *)text.data, "signedData"));
	g_assert_nonnull(strstr((char *)text.data, "messageDigest"));
	g_assert_nonnull(strstr((char *)text.data, "sha256"));
	g_assert_nonnull(strstr((char *)text.data, "alice"));
	smime_buf_free(&text);
	g_assert_cmpint(smime_inspect(&text, SMIME_FORMAT_AUTO, "\x30\x03\x02\x01", 4), ==,
			SMIME_E_MALFORMED);
	smime_buf_free(&msg);
}

static void test_errors(void)
{
	g_assert_cmpstr(smime_strerror(SMIME_OK), ==, "success");
	g_assert_cmpstr(smime_strerror(12345), ==, "unknown error");
	g_assert_cmpint(smime_error_get_class(SMIME_E_BAD_SIGNATURE), ==, SMIME_CLASS_REJECTED);
	g_assert_cmpint(smime_error_get_class(SMIME_E_MALFORMED), ==, SMIME_CLASS_MALFORMED);
	g_assert_cmpint(smime_error_get_class(SMIME_E_IO), ==, SMIME_CLASS_USAGE);
	for (int code = SMIME_OK; code >= SMIME_E_NOT_AUTHENTICATED; code--)
		g_assert_cmpstr(smime_strerror(code), !=, "unknown error");
	/* every _free(NULL) is a no-op */
	smime_buf_free(NULL);
	smime_buf_free_secret(NULL);
	smime_cert_free(NULL);
	smime_certs_free(NULL);
	smime_key_free(NULL);
	smime_trust_free(NULL);
	smime_sign_free(NULL);
	smime_verify_free(NULL);
	smime_verify_result_free(NULL);
	smime_encrypt_free(NULL);
	smime_decrypt_free(NULL);
	g_assert_cmpstr(smime_version(), ==, SMIME_VERSION);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/api/errors", test_errors);
#define ADD(path, fn) g_test_add(path, fixture, NULL, fixture_setup, fn, fixture_teardown)
	ADD("/api/sign/der", test_sign_der);
	ADD("/api/sign/pem", test_sign_pem);
	ADD("/api/sign/smime", test_sign_smime);
	ADD("/api/sign/streaming-two-signers", test_sign_streaming);
	ADD("/api/sign/key-mismatch", test_sign_key_mismatch);
	ADD("/api/verify/tampered", test_verify_tampered);
	ADD("/api/verify/untrusted", test_verify_untrusted);
	ADD("/api/encrypt/ciphers", test_encrypt_ciphers);
	ADD("/api/decrypt/refusals", test_decrypt_refusals);
	ADD("/api/inspect", test_inspect);
	return g_test_run();
}
