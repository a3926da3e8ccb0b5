/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tests for smime/: canonical form, MIME writing and parsing, PEM armour
 * and format detection. Sample messages are in data/mime (see README.md). */
#include <string.h>

#include <glib.h>

#include "smime/mime.h"

/* ------------------------------------------------------------------------ */
/* helpers                                                                  */
/* ------------------------------------------------------------------------ */

static GBytes *load_data(const char *name)
{
	char *path = g_test_build_filename(G_TEST_DIST, "data", "mime", name, NULL);
	char *contents = NULL;
	gsize len = 0;
	GError *error = NULL;

	g_file_get_contents(path, &contents, &len, &error);
	g_assert_no_error(error);
	g_free(path);
	return g_bytes_new_take(contents, len);
}

static int parse_str(smime_mime_parsed *p, const char *s)
{
	return smime_mime__parse(p, (const uint8_t *)s, strlen(s));
}

static void assert_buf_eq(const smime_buf *b, const void *data, size_t len)
{
	g_assert_nonnull(b->data);
	g_assert_cmpmem(b->data, b->len, data, len);
}

static void assert_buf_str(const smime_buf *b, const char *s)
{
	assert_buf_eq(b, s, strlen(s));
}

/* A fake but plausible DER object (a SEQUENCE) of n bytes in total. */
static uint8_t *fake_der(size_t n, guint32 seed)
{
	GRand *r = g_rand_new_with_seed(seed);
	uint8_t *d = g_malloc(n);

	for (size_t i = 0; i < n; i++)
		d[i] = (uint8_t)g_rand_int_range(r, 0, 256);
	d[0] = 0x30;
	g_rand_free(r);
	return d;
}

/* Base64 of a small SEQUENCE: 30 03 02 01 05 */
#define SIG_B64 "MAMCAQU="
static const uint8_t sig_der[] = { 0x30, 0x03, 0x02, 0x01, 0x05 };

/* A minimal multipart/signed message; %s slots: content-type parameters
 * line, first part, signature part type. LF line ends. */
static char *make_signed(const char *ct_params, const char *part1,
			 const char *sig_type)
{
	return g_strdup_printf(
		"MIME-Version: 1.0\n"
		"Content-Type: multipart/signed; %s\n"
		"\n"
		"--XYZ\n"
		"%s"
		"\n--XYZ\n"
		"Content-Type: %s\n"
		"Content-Transfer-Encoding: base64\n"
		"\n"
		SIG_B64 "\n"
		"--XYZ--\n",
		ct_params, part1, sig_type);
}

static const char *const default_params =
	"protocol=\"application/pkcs7-signature\"; micalg=sha-256; boundary=XYZ";

/* ------------------------------------------------------------------------ */
/* canonical form                                                           */
/* ------------------------------------------------------------------------ */

static void check_canon(const char *in, const char *expect)
{
	smime_buf out = SMIME_BUF_INIT;

	g_assert_cmpint(smime_mime__canonicalize(&out, (const uint8_t *)in, strlen(in)),
			==, SMIME_OK);
	assert_buf_str(&out, expect);
	smime_buf_free(&out);
}

static void test_canonicalize(void)
{
	check_canon("a\nb\n", "a\r\nb\r\n");
	check_canon("a\r\nb\r\n", "a\r\nb\r\n");
	check_canon("\na\r\n\nb\n\r\n", "\r\na\r\n\r\nb\r\n\r\n");
	/* a lone CR is not a line break and stays */
	check_canon("a\rb\r", "a\rb\r");
	check_canon("a\r\r\nb", "a\r\r\nb");
	check_canon("", "");
	check_canon("no line break", "no line break");

	/* output is replaced, not appended to */
	smime_buf out = SMIME_BUF_INIT;
	g_assert_cmpint(smime_buf__append_str(&out, "old"), ==, SMIME_OK);
	g_assert_cmpint(smime_mime__canonicalize(&out, (const uint8_t *)"x\n", 2), ==, SMIME_OK);
	assert_buf_str(&out, "x\r\n");
	smime_buf_free(&out);
}

/* ------------------------------------------------------------------------ */
/* writing                                                                  */
/* ------------------------------------------------------------------------ */

static void test_write_pkcs7(void)
{
	static const struct {
		const char *type;
		const char *file;
	} cases[] = {
		{ "signed-data", "smime.p7m" },
		{ "enveloped-data", "smime.p7m" },
		{ "authEnveloped-data", "smime.p7m" },
		{ "certs-only", "smime.p7c" },
		{ "compressed-data", "smime.p7z" },
	};
	smime_buf out = SMIME_BUF_INIT;

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *expect = g_strdup_printf(
			"MIME-Version: 1.0\r\n"
			"Content-Disposition: attachment; filename=\"%s\"\r\n"
			"Content-Type: application/pkcs7-mime; smime-type=%s; name=\"%s\"\r\n"
			"Content-Transfer-Encoding: base64\r\n"
			"\r\n"
			SIG_B64 "\r\n",
			cases[i].file, cases[i].type, cases[i].file);
		g_assert_cmpint(smime_mime__write_pkcs7(&out, cases[i].type, sig_der,
							sizeof(sig_der)), ==, SMIME_OK);
		assert_buf_str(&out, expect);
		g_free(expect);
	}
	g_assert_cmpint(smime_mime__write_pkcs7(&out, "bogus-data", sig_der, sizeof(sig_der)),
			==, SMIME_E_INVALID_ARGUMENT);
	g_assert_cmpint(smime_mime__write_pkcs7(&out, "signed-data", sig_der, 0),
			==, SMIME_E_INVALID_ARGUMENT);
	g_assert_cmpint(smime_mime__write_pkcs7(&out, NULL, sig_der, sizeof(sig_der)),
			==, SMIME_E_INVALID_ARGUMENT);
	smime_buf_free(&out);

	/* 64-character CRLF lines, no bare LF anywhere */
	uint8_t *der = fake_der(1000, 7);
	g_assert_cmpint(smime_mime__write_pkcs7(&out, "enveloped-data", der, 1000), ==, SMIME_OK);
	const char *body = strstr((const char *)out.data, "\r\n\r\n") + 4;
	const char *eol = strstr(body, "\r\n");
	g_assert_cmpint(eol - body, ==, 64);
	for (size_t i = 0; i < out.len; i++) {
		if (out.data[i] == '\n')
			g_assert_cmpint(out.data[i - 1], ==, '\r');
	}
	g_free(der);
	smime_buf_free(&out);
}

static void test_roundtrip_pkcs7(void)
{
	static const char *const types[] = { "signed-data", "enveloped-data",
		"authEnveloped-data", "certs-only", "compressed-data" };
	smime_buf out = SMIME_BUF_INIT;
	smime_mime_parsed p;

	for (size_t n = 1; n < 300; n += 7) {
		uint8_t *der = fake_der(n, (guint32)n);
		const char *type = types[n % G_N_ELEMENTS(types)];
		g_assert_cmpint(smime_mime__write_pkcs7(&out, type, der, n), ==, SMIME_OK);
		g_assert_cmpint(smime_mime__parse(&p, out.data, out.len), ==, SMIME_OK);
		g_assert_cmpint(p.kind, ==, SMIME_MIME_PKCS7);
		char *lower = g_ascii_strdown(type, -1);
		g_assert_cmpstr(p.smime_type, ==, lower);
		g_free(lower);
		assert_buf_eq(&p.der, der, n);
		g_assert_null(p.content.data);
		smime_mime__parsed_free(&p);
		g_free(der);
	}
	smime_buf_free(&out);
}

static void test_write_multipart_signed(void)
{
	static const char content[] =
		"Content-Type: text/plain; charset=us-ascii\r\n\r\nHello,\r\nworld\r\n";
	smime_buf out = SMIME_BUF_INIT;
	smime_mime_parsed p;

	g_assert_cmpint(smime_mime__write_multipart_signed(&out, "sha-256",
			(const uint8_t *)content, strlen(content), sig_der, sizeof(sig_der)),
			==, SMIME_OK);
	const char *s = (const char *)out.data;
	g_assert_true(g_str_has_prefix(s,
		"MIME-Version: 1.0\r\n"
		"Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\";\r\n"
		" micalg=\"sha-256\"; boundary=\"----=_smime_"));
	/* the boundary: prefix and 32 hex digits */
	const char *b = strstr(s, "boundary=\"") + strlen("boundary=\"");
	const char *bend = strchr(b, '"');
	g_assert_cmpint(bend - b, ==, strlen("----=_smime_") + 32);
	char *boundary = g_strndup(b, (gsize)(bend - b));
	for (const char *h = boundary + strlen("----=_smime_"); *h; h++)
		g_assert_true(g_ascii_isxdigit(*h));
	char *expect_tail = g_strdup_printf(
		"\r\n\r\nThis is an S/MIME signed message\r\n\r\n--%s\r\n%s\r\n--%s\r\n"
		"Content-Type: application/pkcs7-signature; name=\"smime.p7s\"\r\n"
		"Content-Transfer-Encoding: base64\r\n"
		"Content-Disposition: attachment; filename=\"smime.p7s\"\r\n"
		"\r\n" SIG_B64 "\r\n\r\n--%s--\r\n",
		boundary, content, boundary, boundary);
	g_assert_true(g_str_has_suffix(s, expect_tail));
	g_assert_cmpint(strlen(s), ==, (bend - s) + 1 + strlen(expect_tail));
	g_free(expect_tail);

	/* round trip */
	g_assert_cmpint(smime_mime__parse(&p, out.data, out.len), ==, SMIME_OK);
	g_assert_cmpint(p.kind, ==, SMIME_MIME_MULTIPART_SIGNED);
	assert_buf_str(&p.content, content);
	assert_buf_eq(&p.der, sig_der, sizeof(sig_der));
	g_assert_cmpstr(p.smime_type, ==, "");
	smime_mime__parsed_free(&p);

	/* boundaries are fresh each time */
	smime_buf out2 = SMIME_BUF_INIT;
	g_assert_cmpint(smime_mime__write_multipart_signed(&out2, "sha-256",
			(const uint8_t *)content, strlen(content), sig_der, sizeof(sig_der)),
			==, SMIME_OK);
	g_assert_null(strstr((const char *)out2.data, boundary));
	smime_buf_free(&out2);
	g_free(boundary);

	/* bad arguments */
	g_assert_cmpint(smime_mime__write_multipart_signed(&out, "sha-256\r\nX: y",
			(const uint8_t *)content, strlen(content), sig_der, sizeof(sig_der)),
			==, SMIME_E_INVALID_ARGUMENT);
	g_assert_cmpint(smime_mime__write_multipart_signed(&out, NULL,
			(const uint8_t *)content, strlen(content), sig_der, sizeof(sig_der)),
			==, SMIME_E_INVALID_ARGUMENT);
	g_assert_cmpint(smime_mime__write_multipart_signed(&out, "sha-256",
			(const uint8_t *)content, strlen(content), sig_der, 0),
			==, SMIME_E_INVALID_ARGUMENT);
	smime_buf_free(&out);
}

/* Content that looks like our own messages, nested: the fresh boundary must
 * still be unique and the round trip exact, for many contents and sizes. */
static void test_roundtrip_multipart_signed(void)
{
	smime_buf inner = SMIME_BUF_INIT, outer = SMIME_BUF_INIT;
	smime_mime_parsed p;
	GString *content = g_string_new("Content-Type: text/plain\r\n\r\n");

	for (int i = 0; i < 60; i++) {
		/* grow the content with awkward lines */
		g_string_append(content, i % 3 == 0 ? "------=_smime_\r\n" :
				 i % 3 == 1 ? "--\r\n" : "line\r\n\r\n");
		size_t der_len = (size_t)(1 + i * 37);
		uint8_t *der = fake_der(der_len, (guint32)i);
		g_assert_cmpint(smime_mime__write_multipart_signed(&outer, "sha-512",
				(const uint8_t *)content->str, content->len, der, der_len),
				==, SMIME_OK);
		g_assert_cmpint(smime_mime__parse(&p, outer.data, outer.len), ==, SMIME_OK);
		assert_buf_eq(&p.content, content->str, content->len);
		assert_buf_eq(&p.der, der, der_len);
		smime_mime__parsed_free(&p);

		/* a signed message signed again: its boundary is in the content */
		g_assert_cmpint(smime_mime__write_multipart_signed(&inner, "sha-256",
				outer.data, outer.len, der, der_len), ==, SMIME_OK);
		g_assert_cmpint(smime_mime__parse(&p, inner.data, inner.len), ==, SMIME_OK);
		assert_buf_eq(&p.content, outer.data, outer.len);
		assert_buf_eq(&p.der, der, der_len);
		smime_mime__parsed_free(&p);
		g_free(der);
	}
	/* empty content */
	g_assert_cmpint(smime_mime__write_multipart_signed(&outer, "sha-256", NULL, 0,
			sig_der, sizeof(sig_der)), ==, SMIME_OK);
	g_assert_cmpint(smime_mime__parse(&p, outer.data, outer.len), ==, SMIME_OK);
	g_assert_cmpuint(p.content.len, ==, 0);
	smime_mime__parsed_free(&p);

	g_string_free(content, TRUE);
	smime_buf_free(&inner);
	smime_buf_free(&outer);
}

/* ------------------------------------------------------------------------ */
/* parsing                                                                  */
/* ------------------------------------------------------------------------ */

static void test_parse_folding(void)
{
	smime_mime_parsed p;
	static const char msg[] =
		"Subject: folded\r\n"
		"  subject continued\r\n"
		"cOnTeNt-TyPe  :\tMultipart/SIGNED (a comment (nested) \\) );\r\n"
		"\tboundary=\"b 1\";\r\n"
		"\tPROTOCOL=\"Application/PKCS7-Signature\";\r\n"
		"   micalg=sha-256;\r\n"
		"X-Other: 1\r\n"
		"\r\n"
		"--b 1\r\n"
		"Content-Type: text/plain\r\n"
		"\r\n"
		"text\r\n"
		"--b 1\r\n"
		"content-type: APPLICATION/PKCS7-SIGNATURE;\r\n"
		" name=smime.p7s\r\n"
		"CONTENT-TRANSFER-ENCODING: Base64 (comment)\r\n"
		"\r\n"
		"MAMC\r\n"
		"AQU=\r\n"
		"--b 1--\r\n";

	g_assert_cmpint(parse_str(&p, msg), ==, SMIME_OK);
	g_assert_cmpint(p.kind, ==, SMIME_MIME_MULTIPART_SIGNED);
	assert_buf_str(&p.content, "Content-Type: text/plain\r\n\r\ntext");
	assert_buf_eq(&p.der, sig_der, sizeof(sig_der));
	smime_mime__parsed_free(&p);

	/* a continuation line before any field */
	g_assert_cmpint(parse_str(&p, " x: y\r\n\r\n"), ==, SMIME_E_MALFORMED);
	/* a line that is not a field */
	g_assert_cmpint(parse_str(&p, "Content-Type: application/pkcs7-mime\r\n"
				  "not a header\r\n\r\n" SIG_B64), ==, SMIME_E_MALFORMED);
	/* no empty line after the header block */
	g_assert_cmpint(parse_str(&p, "Content-Type: application/pkcs7-mime\r\n"),
			==, SMIME_E_MALFORMED);
	/* two Content-Type fields are ambiguous */
	g_assert_cmpint(parse_str(&p, "Content-Type: application/pkcs7-mime\r\n"
				  "Content-Type: text/plain\r\n\r\n" SIG_B64),
			==, SMIME_E_MALFORMED);
}

static void test_parse_params(void)
{
	static const char *const variants[] = {
		"application/pkcs7-mime; smime-type=signed-data; name=smime.p7m",
		"application/pkcs7-mime; smime-type=\"signed-data\"; name=\"smime.p7m\"",
		"application/pkcs7-mime;smime-type=\"signed-\\data\";name=\"smi;me.p7m\";",
		"APPLICATION/PKCS7-MIME; SMIME-TYPE=Signed-Data",
		"application/pkcs7-mime ; smime-type = signed-data ;; name=x",
		"application/x-pkcs7-mime; name=\"smime.p7m\"; smime-type=signed-data",
		"application/x-pkcs7-mime; smime-type=signed-data (the type)",
	};
	smime_mime_parsed p;

	for (size_t i = 0; i < G_N_ELEMENTS(variants); i++) {
		char *msg = g_strdup_printf("Content-Type: %s\r\n"
					    "Content-Transfer-Encoding: base64\r\n"
					    "\r\n" SIG_B64 "\r\n", variants[i]);
		g_test_message("variant %s", variants[i]);
		g_assert_cmpint(parse_str(&p, msg), ==, SMIME_OK);
		g_assert_cmpint(p.kind, ==, SMIME_MIME_PKCS7);
		g_assert_cmpstr(p.smime_type, ==, "signed-data");
		assert_buf_eq(&p.der, sig_der, sizeof(sig_der));
		smime_mime__parsed_free(&p);
		g_free(msg);
	}

	/* no smime-type: empty; an over-long one is not stored */
	g_assert_cmpint(parse_str(&p, "Content-Type: application/pkcs7-mime\r\n"
				  "Content-Transfer-Encoding: base64\r\n\r\n" SIG_B64),
			==, SMIME_OK);
	g_assert_cmpstr(p.smime_type, ==, "");
	smime_mime__parsed_free(&p);
	g_assert_cmpint(parse_str(&p, "Content-Type: application/pkcs7-mime; smime-type="
				  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n"
				  "Content-Transfer-Encoding: base64\r\n\r\n" SIG_B64),
			==, SMIME_OK);
	g_assert_cmpstr(p.smime_type, ==, "");
	smime_mime__parsed_free(&p);

	static const char *const bad[] = {
		"application/pkcs7-mime; smime-type=\"signed-data",   /* open quote */
		"application/pkcs7-mime; smime-type",                  /* no value */
		"application/pkcs7-mime; smime-type=",                 /* empty */
		"application/pkcs7-mime; smime-type=a; smime-type=b",  /* twice */
		"application",                                         /* no subtype */
		"application/pkcs7-mime garbage",
		"/pkcs7-mime",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		char *msg = g_strdup_printf("Content-Type: %s\r\n"
					    "Content-Transfer-Encoding: base64\r\n"
					    "\r\n" SIG_B64 "\r\n", bad[i]);
		g_test_message("bad %s", bad[i]);
		g_assert_cmpint(parse_str(&p, msg), ==, SMIME_E_MALFORMED);
		g_assert_null(p.der.data);
		g_free(msg);
	}
}

static void test_parse_encodings(void)
{
	smime_mime_parsed p;
	static const uint8_t binary_msg[] =
		"Content-Type: application/pkcs7-mime; smime-type=enveloped-data\r\n"
		"Content-Transfer-Encoding: binary\r\n"
		"\r\n"
		"\x30\x04\x00\n\r\xff";

	g_assert_cmpint(smime_mime__parse(&p, binary_msg, sizeof(binary_msg) - 1), ==, SMIME_OK);
	assert_buf_eq(&p.der, "\x30\x04\x00\n\r\xff", 6);
	g_assert_cmpstr(p.smime_type, ==, "enveloped-data");
	smime_mime__parsed_free(&p);

	/* default transfer encoding 7bit: raw bytes */
	g_assert_cmpint(parse_str(&p, "Content-Type: application/pkcs7-mime\r\n\r\n0abc"),
			==, SMIME_OK);
	assert_buf_str(&p.der, "0abc");
	smime_mime__parsed_free(&p);

	g_assert_cmpint(parse_str(&p, "Content-Type: application/pkcs7-mime\r\n"
				  "Content-Transfer-Encoding: quoted-printable\r\n\r\n=30"),
			==, SMIME_E_UNSUPPORTED);
	g_assert_cmpint(parse_str(&p, "Content-Type: application/pkcs7-mime\r\n"
				  "Content-Transfer-Encoding: base64\r\n\r\nMAMC*AQU="),
			==, SMIME_E_MALFORMED);
	g_assert_cmpint(parse_str(&p, "Content-Type: application/pkcs7-mime\r\n"
				  "Content-Transfer-Encoding: base64\r\n\r\nMAM"),
			==, SMIME_E_MALFORMED);
	/* an empty body holds no CMS object */
	g_assert_cmpint(parse_str(&p, "Content-Type: application/pkcs7-mime\r\n"
				  "Content-Transfer-Encoding: base64\r\n\r\n\r\n"),
			==, SMIME_E_MALFORMED);
	g_assert_cmpint(parse_str(&p, "Content-Type: application/pkcs7-mime\r\n"
				  "Content-Transfer-Encoding: base64 junk\r\n\r\n" SIG_B64),
			==, SMIME_E_MALFORMED);
}

static void test_parse_x_pkcs7(void)
{
	smime_mime_parsed p;
	char *msg = make_signed("protocol=\"application/x-pkcs7-signature\"; boundary=XYZ",
				"\n", "application/x-pkcs7-signature; name=smime.p7s");

	g_assert_cmpint(parse_str(&p, msg), ==, SMIME_OK);
	g_assert_cmpint(p.kind, ==, SMIME_MIME_MULTIPART_SIGNED);
	assert_buf_str(&p.content, "\r\n");
	assert_buf_eq(&p.der, sig_der, sizeof(sig_der));
	smime_mime__parsed_free(&p);
	g_free(msg);

	/* mixed: protocol pkcs7, part x-pkcs7 */
	msg = make_signed(default_params, "\n", "application/x-pkcs7-signature");
	g_assert_cmpint(parse_str(&p, msg), ==, SMIME_OK);
	smime_mime__parsed_free(&p);
	g_free(msg);

	/* no protocol at all: judged by the second part */
	msg = make_signed("boundary=XYZ", "\n", "application/pkcs7-signature");
	g_assert_cmpint(parse_str(&p, msg), ==, SMIME_OK);
	smime_mime__parsed_free(&p);
	g_free(msg);

	g_assert_cmpint(parse_str(&p, "Content-Type: application/x-pkcs7-mime; "
				  "smime-type=enveloped-data\r\n"
				  "Content-Transfer-Encoding: base64\r\n\r\n" SIG_B64),
			==, SMIME_OK);
	g_assert_cmpint(p.kind, ==, SMIME_MIME_PKCS7);
	g_assert_cmpstr(p.smime_type, ==, "enveloped-data");
	smime_mime__parsed_free(&p);
}

static void test_parse_lf_only(void)
{
	smime_mime_parsed p;
	char *msg = make_signed(default_params,
				"Content-Type: text/plain\n\nline 1\nline 2\n\nend",
				"application/pkcs7-signature");

	g_assert_null(strchr(msg, '\r'));
	g_assert_cmpint(parse_str(&p, msg), ==, SMIME_OK);
	assert_buf_str(&p.content, "Content-Type: text/plain\r\n\r\nline 1\r\nline 2\r\n\r\nend");
	assert_buf_eq(&p.der, sig_der, sizeof(sig_der));
	smime_mime__parsed_free(&p);
	g_free(msg);

	/* mixed line ends and a lone CR: only bare LF changes */
	msg = make_signed(default_params, "A: b\r\n\nx\ry\r\nz\n", "application/pkcs7-signature");
	g_assert_cmpint(parse_str(&p, msg), ==, SMIME_OK);
	assert_buf_str(&p.content, "A: b\r\n\r\nx\ry\r\nz\r\n");
	smime_mime__parsed_free(&p);
	g_free(msg);
}

static void test_parse_preamble_epilogue(void)
{
	smime_mime_parsed p;
	static const char msg[] =
		"Content-Type: multipart/signed; boundary=\"=_b\";\r\n"
		"  protocol=\"application/pkcs7-signature\"\r\n"
		"\r\n"
		"This is a preamble.\r\n"
		"It mentions --=_b in the middle of a line\r\n"
		"--=_bX is not a delimiter either\r\n"
		"--=_b\r\n"
		"Content-Type: text/plain\r\n"
		"\r\n"
		" --=_b not at line start\r\n"
		"--=_b-- inside? no: '--=_b--' only closes after the second part\r\n"
		"--=_b\r\n"
		"Content-Type: application/pkcs7-signature\r\n"
		"Content-Transfer-Encoding: base64\r\n"
		"\r\n"
		SIG_B64 "\r\n"
		"--=_b--\r\n"
		"Epilogue text\r\n"
		"--=_b\r\n"
		"ignored\r\n";

	/* a close delimiter as the second delimiter means a single part */
	g_assert_cmpint(parse_str(&p, msg), ==, SMIME_E_MALFORMED);

	static const char msg2[] =
		"Content-Type: multipart/signed; boundary=\"=_b\";\r\n"
		"  protocol=\"application/pkcs7-signature\"\r\n"
		"\r\n"
		"This is a preamble.\r\n"
		"It mentions --=_b in the middle of a line\r\n"
		"--=_bX is not a delimiter\r\n"
		"--=_b\r\n"
		"Content-Type: text/plain\r\n"
		"\r\n"
		" --=_b not at line start\r\n"
		"--=_bb neither\r\n"
		"\r\n"
		"--=_b\r\n"
		"Content-Type: application/pkcs7-signature\r\n"
		"Content-Transfer-Encoding: base64\r\n"
		"\r\n"
		SIG_B64 "\r\n"
		"--=_b--\r\n"
		"Epilogue text\r\n"
		"--=_b\r\n"
		"ignored\r\n";
	g_assert_cmpint(parse_str(&p, msg2), ==, SMIME_OK);
	assert_buf_str(&p.content, "Content-Type: text/plain\r\n\r\n"
		       " --=_b not at line start\r\n--=_bb neither\r\n");
	assert_buf_eq(&p.der, sig_der, sizeof(sig_der));
	smime_mime__parsed_free(&p);
}

static void test_parse_transport_padding(void)
{
	smime_mime_parsed p;
	static const char msg[] =
		"Content-Type: multipart/signed; boundary=q;"
		" protocol=application/pkcs7-signature\r\n"
		"\r\n"
		"--q \t \r\n"
		"\r\n"
		"data\r\n"
		"--q\t\r\n"
		"Content-Type: application/pkcs7-signature\r\n"
		"Content-Transfer-Encoding: base64\r\n"
		"\r\n"
		SIG_B64 "\r\n"
		"--q--   \r\n";

	g_assert_cmpint(parse_str(&p, msg), ==, SMIME_OK);
	assert_buf_str(&p.content, "\r\ndata");
	assert_buf_eq(&p.der, sig_der, sizeof(sig_der));
	smime_mime__parsed_free(&p);

	/* close delimiter at the very end, without a line break */
	static const char msg2[] =
		"Content-Type: multipart/signed; boundary=q;"
		" protocol=application/pkcs7-signature\r\n"
		"\r\n"
		"--q\r\n"
		"\r\n"
		"data\r\n"
		"--q\r\n"
		"Content-Type: application/pkcs7-signature\r\n"
		"Content-Transfer-Encoding: base64\r\n"
		"\r\n"
		SIG_B64 "\r\n"
		"--q--";
	g_assert_cmpint(parse_str(&p, msg2), ==, SMIME_OK);
	assert_buf_str(&p.content, "\r\ndata");
	smime_mime__parsed_free(&p);
}

static void test_parse_errors(void)
{
	smime_mime_parsed p;
	char *msg;

	/* missing closing delimiter */
	msg = make_signed(default_params, "\n", "application/pkcs7-signature");
	*strstr(msg, "--XYZ--") = 'x';
	g_assert_cmpint(parse_str(&p, msg), ==, SMIME_E_MALFORMED);
	g_free(msg);

	/* missing boundary parameter */
	msg = make_signed("protocol=\"application/pkcs7-signature\"", "\n",
			  "application/pkcs7-signature");
	g_assert_cmpint(parse_str(&p, msg), ==, SMIME_E_MALFORMED);
	g_free(msg);

	/* boundary never found */
	msg = make_signed("protocol=\"application/pkcs7-signature\"; boundary=ABC", "\n",
			  "application/pkcs7-signature");
	g_assert_cmpint(parse_str(&p, msg), ==, SMIME_E_MALFORMED);
	g_free(msg);

	/* duplicate boundary parameters */
	msg = make_signed("boundary=XYZ; protocol=\"application/pkcs7-signature\"; boundary=XYZ",
			  "\n", "application/pkcs7-signature");
	g_assert_cmpint(parse_str(&p, msg), ==, SMIME_E_MALFORMED);
	g_free(msg);

	/* wrong protocol */
	msg = make_signed("protocol=\"application/pgp-signature\"; boundary=XYZ", "\n",
			  "application/pkcs7-signature");
	g_assert_cmpint(parse_str(&p, msg), ==, SMIME_E_UNSUPPORTED);
	g_free(msg);

	/* wrong second part */
	msg = make_signed(default_params, "\n", "application/pgp-signature");
	g_assert_cmpint(parse_str(&p, msg), ==, SMIME_E_UNSUPPORTED);
	g_free(msg);

	/* bad base64 in the signature part */
	msg = make_signed(default_params, "\n", "application/pkcs7-signature");
	*strstr(msg, SIG_B64) = '!';
	g_assert_cmpint(parse_str(&p, msg), ==, SMIME_E_MALFORMED);
	g_free(msg);

	/* three parts */
	g_assert_cmpint(parse_str(&p,
		"Content-Type: multipart/signed; boundary=B; protocol=application/pkcs7-signature\r\n"
		"\r\n--B\r\n\r\none\r\n--B\r\n\r\ntwo\r\n--B\r\n"
		"Content-Type: application/pkcs7-signature\r\n\r\n0\r\n--B--\r\n"),
		==, SMIME_E_MALFORMED);
	/* one part */
	g_assert_cmpint(parse_str(&p,
		"Content-Type: multipart/signed; boundary=B; protocol=application/pkcs7-signature\r\n"
		"\r\n--B\r\n\r\none\r\n--B--\r\n"),
		==, SMIME_E_MALFORMED);
	/* signature part without a header/body separator */
	g_assert_cmpint(parse_str(&p,
		"Content-Type: multipart/signed; boundary=B; protocol=application/pkcs7-signature\r\n"
		"\r\n--B\r\n\r\none\r\n--B\r\nContent-Type: application/pkcs7-signature\r\n--B--\r\n"),
		==, SMIME_E_MALFORMED);

	/* other content types */
	g_assert_cmpint(parse_str(&p, "Content-Type: text/plain\r\n\r\nhello\r\n"),
			==, SMIME_E_UNSUPPORTED);
	g_assert_cmpint(parse_str(&p, "Subject: no content type\r\n\r\nhello\r\n"),
			==, SMIME_E_UNSUPPORTED);
	g_assert_cmpint(parse_str(&p, "Content-Type: multipart/mixed; boundary=x\r\n\r\n--x--\r\n"),
			==, SMIME_E_UNSUPPORTED);
	g_assert_cmpint(parse_str(&p, "Content-Type: application/pkcs7-signature\r\n\r\n0\r\n"),
			==, SMIME_E_UNSUPPORTED);

	/* nothing */
	g_assert_cmpint(smime_mime__parse(&p, NULL, 0), ==, SMIME_E_MALFORMED);
	g_assert_cmpint(smime_mime__parse(&p, (const uint8_t *)"", 0), ==, SMIME_E_MALFORMED);
	g_assert_cmpint(smime_mime__parse(NULL, (const uint8_t *)"x", 1), ==,
			SMIME_E_INVALID_ARGUMENT);
}

static void test_parse_limits(void)
{
	smime_mime_parsed p;
	GString *s = g_string_new("Content-Type: application/pkcs7-mime\r\nX-Long: ");

	/* one physical line too long */
	for (int i = 0; i < SMIME_MIME_MAX_HEADER_LINE; i++)
		g_string_append_c(s, 'a');
	g_string_append(s, "\r\n\r\n" SIG_B64);
	g_assert_cmpint(smime_mime__parse(&p, (const uint8_t *)s->str, s->len), ==, SMIME_E_LIMIT);
	g_string_free(s, TRUE);

	/* a field folded into too many short lines */
	s = g_string_new("X-Folded: a\r\n");
	for (int i = 0; i < SMIME_MIME_MAX_HEADER_LINE / 8; i++)
		g_string_append(s, " aaaaa\r\n");
	g_string_append(s, "Content-Type: application/pkcs7-mime\r\n\r\n" SIG_B64);
	g_assert_cmpint(smime_mime__parse(&p, (const uint8_t *)s->str, s->len), ==, SMIME_E_LIMIT);
	g_string_free(s, TRUE);

	/* too many fields */
	s = g_string_new("Content-Type: application/pkcs7-mime\r\n");
	for (int i = 0; i < SMIME_MIME_MAX_HEADERS; i++)
		g_string_append_printf(s, "X-%d: v\r\n", i);
	g_string_append(s, "\r\n" SIG_B64);
	g_assert_cmpint(smime_mime__parse(&p, (const uint8_t *)s->str, s->len), ==, SMIME_E_LIMIT);
	g_string_free(s, TRUE);

	/* just under the count limit is fine */
	s = g_string_new("Content-Type: application/pkcs7-mime\r\n"
			 "Content-Transfer-Encoding: base64\r\n");
	for (int i = 0; i < SMIME_MIME_MAX_HEADERS - 2; i++)
		g_string_append_printf(s, "X-%d: v\r\n", i);
	g_string_append(s, "\r\n" SIG_B64);
	g_assert_cmpint(smime_mime__parse(&p, (const uint8_t *)s->str, s->len), ==, SMIME_OK);
	smime_mime__parsed_free(&p);
	g_string_free(s, TRUE);

	/* an absurd boundary */
	s = g_string_new("Content-Type: multipart/signed; protocol=application/pkcs7-signature;"
			 " boundary=");
	for (int i = 0; i < 300; i++)
		g_string_append_c(s, 'b');
	g_string_append(s, "\r\n\r\n");
	g_assert_cmpint(smime_mime__parse(&p, (const uint8_t *)s->str, s->len), ==,
			SMIME_E_MALFORMED);
	g_string_free(s, TRUE);
}

/* Every prefix, and many mutations, of a message must parse or fail
 * cleanly (valgrind and ASan runs catch over-reads). */
static void hammer(const uint8_t *msg, size_t len, guint32 seed, int mutations)
{
	smime_mime_parsed p;
	static const uint8_t interesting[] = { '\n', '\r', '-', ':', ';', '"', '(',
					       ')', '\\', ' ', '=', 0, 0xff };

	for (size_t n = 0; n <= len; n++) {
		/* a fresh copy so that reading past n is caught by tools */
		uint8_t *copy = g_memdup2(msg, n);
		int rc = smime_mime__parse(&p, copy, n);
		g_assert_true(rc == SMIME_OK || rc == SMIME_E_MALFORMED ||
			      rc == SMIME_E_UNSUPPORTED || rc == SMIME_E_LIMIT);
		if (rc == SMIME_OK)
			g_assert_nonnull(p.der.data);
		else
			g_assert_null(p.der.data);
		smime_mime__parsed_free(&p);
		g_free(copy);
	}
	g_assert_cmpint(smime_mime__parse(&p, msg, len), ==, SMIME_OK);
	smime_mime__parsed_free(&p);

	GRand *r = g_rand_new_with_seed(seed);
	uint8_t *copy = g_malloc(len);
	for (int i = 0; i < mutations; i++) {
		memcpy(copy, msg, len);
		int edits = g_rand_int_range(r, 1, 5);
		for (int e = 0; e < edits; e++) {
			size_t at = (size_t)g_rand_int_range(r, 0, (gint32)len);
			copy[at] = g_rand_boolean(r) ?
				interesting[g_rand_int_range(r, 0, sizeof(interesting))] :
				(uint8_t)g_rand_int_range(r, 0, 256);
		}
		int rc = smime_mime__parse(&p, copy, len);
		g_assert_true(rc == SMIME_OK || rc == SMIME_E_MALFORMED ||
			      rc == SMIME_E_UNSUPPORTED || rc == SMIME_E_LIMIT);
		smime_mime__parsed_free(&p);

		/* the other readers see the same bytes */
		smime_buf b = SMIME_BUF_INIT;
		rc = smime_armor__decode(&b, copy, len);
		g_assert_true(rc == SMIME_OK || rc == SMIME_E_MALFORMED);
		smime_buf_free(&b);
		(void)smime_format__detect(copy, len);
	}
	g_free(copy);
	g_rand_free(r);
}

static void test_parse_truncations(void)
{
	smime_buf out = SMIME_BUF_INIT;
	uint8_t *der = fake_der(300, 1);
	static const char content[] = "Content-Type: text/plain\r\n\r\nsome text\r\n";

	g_assert_cmpint(smime_mime__write_multipart_signed(&out, "sha-256",
			(const uint8_t *)content, strlen(content), der, 300), ==, SMIME_OK);
	hammer(out.data, out.len, 11, 3000);
	g_assert_cmpint(smime_mime__write_pkcs7(&out, "enveloped-data", der, 300), ==, SMIME_OK);
	hammer(out.data, out.len, 12, 3000);

	char *folded = make_signed("protocol=\"application/pkcs7-signature\";\n"
				   " micalg=sha-256; (c) boundary=\"XYZ\"",
				   "\n", "application/pkcs7-signature");
	hammer((const uint8_t *)folded, strlen(folded), 13, 3000);
	g_free(folded);
	g_free(der);
	smime_buf_free(&out);
}

static void test_parse_garbage(void)
{
	GRand *r = g_rand_new_with_seed(42);
	static const char alphabet[] = "Content-Type:/;=\"()\\ \t\r\n-multipart/signed"
				       "boundary=application/pkcs7-mime" SIG_B64;
	smime_mime_parsed p;
	uint8_t buf[512];

	for (int i = 0; i < 5000; i++) {
		size_t n = (size_t)g_rand_int_range(r, 0, sizeof(buf));
		bool text = g_rand_boolean(r);
		for (size_t k = 0; k < n; k++)
			buf[k] = text ? (uint8_t)alphabet[g_rand_int_range(r, 0, sizeof(alphabet) - 1)] :
				 (uint8_t)g_rand_int_range(r, 0, 256);
		uint8_t *copy = g_memdup2(buf, n);
		int rc = smime_mime__parse(&p, copy, n);
		g_assert_true(rc == SMIME_OK || rc == SMIME_E_MALFORMED ||
			      rc == SMIME_E_UNSUPPORTED || rc == SMIME_E_LIMIT);
		smime_mime__parsed_free(&p);
		smime_buf b = SMIME_BUF_INIT;
		rc = smime_armor__decode(&b, copy, n);
		g_assert_true(rc == SMIME_OK || rc == SMIME_E_MALFORMED);
		smime_buf_free(&b);
		(void)smime_format__detect(copy, n);
		g_free(copy);
	}
	g_rand_free(r);
}

/* ------------------------------------------------------------------------ */
/* real messages                                                            */
/* ------------------------------------------------------------------------ */

typedef struct {
	const char *file;
	smime_mime_kind kind;
	const char *smime_type;
	const char *content_prefix; /* multipart/signed: start of the content */
	const char *content_suffix; /* and its end */
} corpus_case;

static const corpus_case corpus_cases[] = {
	{ "rfc4134-4.8.eml", SMIME_MIME_MULTIPART_SIGNED, "",
	  "\r\nThis is some sample content.", "\r\nThis is some sample content." },
	{ "rfc4134-4.9.eml", SMIME_MIME_PKCS7, "signed-data", NULL, NULL },
	{ "rfc4134-5.3.eml", SMIME_MIME_PKCS7, "enveloped-data", NULL, NULL },
	{ "ph-smime-multipart-signed.eml", SMIME_MIME_MULTIPART_SIGNED, "",
	  "Content-Type: text/plain; charset=\"us-ascii\"; protected-headers=\"v1\"\r\n",
	  "President\r\nExample Corp\r\n" },
	{ "bc-qp-soft-break.eml", SMIME_MIME_MULTIPART_SIGNED, "",
	  "Content-Type: text/plain; format=flowed; charset=\"iso-8859-1\";\r\n reply-type=response\r\n",
	  "\r\n\r\ntest =\r\n123456 =\r\n" },
	{ "bc-3nnn_smime.eml", SMIME_MIME_MULTIPART_SIGNED, "",
	  "Content-type: multipart/mixed;\r\n\tboundary=\"B_3508900603_19033269\"\r\n",
	  "\r\n--B_3508900603_19033269--\r\n" },
	{ "bc-extra-nl.eml", SMIME_MIME_MULTIPART_SIGNED, "",
	  "Content-Type: multipart/mixed; boundary=\"----RIM_0_1252227013353_1978_08_20\"\r\n",
	  "------RIM_0_1252227013353_1978_08_20--\r\n\r\n" },
	{ "openssl-signed.eml", SMIME_MIME_MULTIPART_SIGNED, "",
	  "Content-Type: text/plain\r\n", "line two\r\n" },
};

static void test_corpus(gconstpointer data)
{
	const corpus_case *c = data;
	GBytes *bytes = load_data(c->file);
	gsize len;
	const uint8_t *msg = g_bytes_get_data(bytes, &len);
	smime_mime_parsed p;

	g_assert_cmpint(smime_format__detect(msg, len), ==, SMIME_FORMAT_SMIME);
	g_assert_cmpint(smime_mime__parse(&p, msg, len), ==, SMIME_OK);
	g_assert_cmpint(p.kind, ==, c->kind);
	g_assert_cmpstr(p.smime_type, ==, c->smime_type);
	g_assert_cmpuint(p.der.len, >, 100);
	g_assert_cmpint(p.der.data[0], ==, 0x30);
	if (c->kind == SMIME_MIME_MULTIPART_SIGNED) {
		const char *s = (const char *)p.content.data;
		g_assert_true(g_str_has_prefix(s, c->content_prefix));
		g_assert_true(g_str_has_suffix(s, c->content_suffix));
		/* canonical: every LF follows a CR */
		for (size_t i = 0; i < p.content.len; i++) {
			if (p.content.data[i] == '\n')
				g_assert_true(i > 0 && p.content.data[i - 1] == '\r');
		}
	} else {
		g_assert_null(p.content.data);
	}
	smime_mime__parsed_free(&p);
	g_bytes_unref(bytes);
}

/* The content of the OpenSSL-made message is exactly the canonical form of
 * the file that was signed (checked with openssl cms -verify when the
 * sample was made; see data/mime/README.md). */
static void test_corpus_openssl_content(void)
{
	GBytes *eml = load_data("openssl-signed.eml");
	GBytes *signed_file = load_data("openssl-signed.content");
	gsize len, clen;
	const uint8_t *msg = g_bytes_get_data(eml, &len);
	const uint8_t *content = g_bytes_get_data(signed_file, &clen);
	smime_buf canon = SMIME_BUF_INIT;
	smime_mime_parsed p;

	g_assert_cmpint(smime_mime__canonicalize(&canon, content, clen), ==, SMIME_OK);
	g_assert_cmpint(smime_mime__parse(&p, msg, len), ==, SMIME_OK);
	assert_buf_eq(&p.content, canon.data, canon.len);
	smime_mime__parsed_free(&p);
	smime_buf_free(&canon);
	g_bytes_unref(eml);
	g_bytes_unref(signed_file);
}

static void test_corpus_hammer(void)
{
	GBytes *bytes = load_data("rfc4134-4.8.eml");
	gsize len;
	const uint8_t *msg = g_bytes_get_data(bytes, &len);

	hammer(msg, len, 99, 2000);
	g_bytes_unref(bytes);
	bytes = load_data("rfc4134-5.3.eml");
	msg = g_bytes_get_data(bytes, &len);
	hammer(msg, len, 100, 2000);
	g_bytes_unref(bytes);
}

/* ------------------------------------------------------------------------ */
/* PEM armour                                                               */
/* ------------------------------------------------------------------------ */

static void test_armor_roundtrip(void)
{
	smime_buf pem = SMIME_BUF_INIT, der = SMIME_BUF_INIT;

	for (size_t n = 1; n < 400; n += 13) {
		uint8_t *d = fake_der(n, (guint32)n);
		g_assert_cmpint(smime_armor__encode(&pem, "CMS", d, n), ==, SMIME_OK);
		const char *s = (const char *)pem.data;
		g_assert_true(g_str_has_prefix(s, "-----BEGIN CMS-----\n"));
		g_assert_true(g_str_has_suffix(s, "\n-----END CMS-----\n"));
		g_assert_null(strchr(s, '\r'));
		/* 64-character lines */
		const char *line = strchr(s, '\n') + 1;
		const char *eol = strchr(line, '\n');
		if (n > 48)
			g_assert_cmpint(eol - line, ==, 64);
		g_assert_cmpint(smime_format__detect(pem.data, pem.len), ==, SMIME_FORMAT_PEM);
		g_assert_cmpint(smime_armor__decode(&der, pem.data, pem.len), ==, SMIME_OK);
		assert_buf_eq(&der, d, n);
		g_free(d);
	}
	g_assert_cmpint(smime_armor__encode(&pem, "", sig_der, sizeof(sig_der)),
			==, SMIME_E_INVALID_ARGUMENT);
	g_assert_cmpint(smime_armor__encode(&pem, "CMS\n", sig_der, sizeof(sig_der)),
			==, SMIME_E_INVALID_ARGUMENT);
	g_assert_cmpint(smime_armor__encode(&pem, "CMS", sig_der, 0),
			==, SMIME_E_INVALID_ARGUMENT);
	smime_buf_free(&pem);
	smime_buf_free(&der);
}

static void check_armor(const char *text, int expect_rc)
{
	smime_buf der = SMIME_BUF_INIT;
	int rc = smime_armor__decode(&der, (const uint8_t *)text, strlen(text));

	g_test_message("armor input: %s", text);
	g_assert_cmpint(rc, ==, expect_rc);
	if (rc == SMIME_OK)
		assert_buf_eq(&der, sig_der, sizeof(sig_der));
	else
		g_assert_null(der.data);
	smime_buf_free(&der);
}

static void test_armor_labels(void)
{
	check_armor("-----BEGIN PKCS7-----\n" SIG_B64 "\n-----END PKCS7-----\n", SMIME_OK);
	check_armor("-----BEGIN PKCS #7 SIGNED DATA-----\r\n" SIG_B64
		    "\r\n-----END PKCS #7 SIGNED DATA-----\r\n", SMIME_OK);
	/* text and other blocks before, trailing white space, no final LF */
	check_armor("Some text\n-----BEGIN CERTIFICATE-----\nMAMC\n-----END CERTIFICATE-----\n"
		    "-----BEGIN CMS----- \nMAMC\nAQU=\n-----END CMS-----", SMIME_OK);
	/* label mismatch */
	check_armor("-----BEGIN CMS-----\n" SIG_B64 "\n-----END PKCS7-----\n", SMIME_E_MALFORMED);
	/* no END */
	check_armor("-----BEGIN CMS-----\n" SIG_B64 "\n", SMIME_E_MALFORMED);
	/* bad base64 */
	check_armor("-----BEGIN CMS-----\nMA*MCAQU=\n-----END CMS-----\n", SMIME_E_MALFORMED);
	/* empty body */
	check_armor("-----BEGIN CMS-----\n-----END CMS-----\n", SMIME_E_MALFORMED);
	/* only other labels */
	check_armor("-----BEGIN CERTIFICATE-----\n" SIG_B64 "\n-----END CERTIFICATE-----\n",
		    SMIME_E_MALFORMED);
	check_armor("", SMIME_E_MALFORMED);
	check_armor("just text\n", SMIME_E_MALFORMED);
	/* headerless base64 (as in some old PKCS#7 files), indented */
	check_armor("     MAMC\n     AQU=\n", SMIME_OK);
	/* but only of a SEQUENCE */
	check_armor("AQU=\n", SMIME_E_MALFORMED);
}

/* ------------------------------------------------------------------------ */
/* format detection                                                         */
/* ------------------------------------------------------------------------ */

static void check_format(const char *text, smime_format expect)
{
	g_test_message("format input: %s", text);
	g_assert_cmpint(smime_format__detect((const uint8_t *)text, strlen(text)), ==, expect);
}

static void test_format_detect(void)
{
	g_assert_cmpint(smime_format__detect(sig_der, sizeof(sig_der)), ==, SMIME_FORMAT_DER);
	g_assert_cmpint(smime_format__detect(NULL, 0), ==, SMIME_FORMAT_AUTO);
	check_format("", SMIME_FORMAT_AUTO);
	check_format("-----BEGIN CMS-----\n" SIG_B64 "\n-----END CMS-----\n", SMIME_FORMAT_PEM);
	check_format("Bag Attributes\n    localKeyID: 01\n-----BEGIN PKCS7-----\n",
		     SMIME_FORMAT_PEM);
	check_format("   MIIB\n   MIIB==\n", SMIME_FORMAT_PEM);
	check_format("MIME-Version: 1.0\r\nContent-Type: application/pkcs7-mime\r\n\r\nMIIB",
		     SMIME_FORMAT_SMIME);
	check_format("content-type: multipart/signed; boundary=x\n\n", SMIME_FORMAT_SMIME);
	/* a message that carries PEM text in its body is still a message */
	check_format("Content-Type: text/plain\n\n-----BEGIN CMS-----\n", SMIME_FORMAT_SMIME);
	/* a header block without MIME fields in front of PEM: PEM */
	check_format("Subject: x\n\n-----BEGIN CMS-----\n", SMIME_FORMAT_PEM);
	check_format("Subject: x\n\nhello\n", SMIME_FORMAT_AUTO);
	check_format("hello world\n", SMIME_FORMAT_AUTO);
	check_format("Content-Type: text/plain\n", SMIME_FORMAT_AUTO);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);

	g_test_add_func("/mime/canonicalize", test_canonicalize);
	g_test_add_func("/mime/write/pkcs7", test_write_pkcs7);
	g_test_add_func("/mime/write/multipart-signed", test_write_multipart_signed);
	g_test_add_func("/mime/roundtrip/pkcs7", test_roundtrip_pkcs7);
	g_test_add_func("/mime/roundtrip/multipart-signed", test_roundtrip_multipart_signed);
	g_test_add_func("/mime/parse/folding", test_parse_folding);
	g_test_add_func("/mime/parse/params", test_parse_params);
	g_test_add_func("/mime/parse/encodings", test_parse_encodings);
	g_test_add_func("/mime/parse/x-pkcs7", test_parse_x_pkcs7);
	g_test_add_func("/mime/parse/lf-only", test_parse_lf_only);
	g_test_add_func("/mime/parse/preamble-epilogue", test_parse_preamble_epilogue);
	g_test_add_func("/mime/parse/transport-padding", test_parse_transport_padding);
	g_test_add_func("/mime/parse/errors", test_parse_errors);
	g_test_add_func("/mime/parse/limits", test_parse_limits);
	g_test_add_func("/mime/parse/truncations", test_parse_truncations);
	g_test_add_func("/mime/parse/garbage", test_parse_garbage);
	for (size_t i = 0; i < G_N_ELEMENTS(corpus_cases); i++) {
		char *name = g_strdup_printf("/mime/corpus/%s", corpus_cases[i].file);
		g_test_add_data_func(name, &corpus_cases[i], test_corpus);
		g_free(name);
	}
	g_test_add_func("/mime/corpus/openssl-content", test_corpus_openssl_content);
	g_test_add_func("/mime/corpus/hammer", test_corpus_hammer);
	g_test_add_func("/mime/armor/roundtrip", test_armor_roundtrip);
	g_test_add_func("/mime/armor/labels", test_armor_labels);
	g_test_add_func("/mime/format/detect", test_format_detect);

	return g_test_run();
}
