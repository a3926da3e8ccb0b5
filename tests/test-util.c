/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tests of the util layer: buffers, base64, hex, constant time, errors. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "util/util.h"

/* ------------------------------------------------------------------ */
/* buffers                                                              */
/* ------------------------------------------------------------------ */

static void test_buf_append(void)
{
	smime_buf b = SMIME_BUF_INIT;

	g_assert_null(b.data);
	g_assert_cmpuint(b.len, ==, 0);
	g_assert_cmpint(smime_buf__append(&b, "abc", 3), ==, SMIME_OK);
	g_assert_cmpuint(b.len, ==, 3);
	g_assert_cmpstr((char *)b.data, ==, "abc"); /* NUL kept after data */
	g_assert_cmpint(smime_buf__append_str(&b, "def"), ==, SMIME_OK);
	g_assert_cmpstr((char *)b.data, ==, "abcdef");
	g_assert_cmpint(smime_buf__appendf(&b, "-%d-%s", 42, "x"), ==, SMIME_OK);
	g_assert_cmpstr((char *)b.data, ==, "abcdef-42-x");
	g_assert_cmpuint(b.len, ==, 11);
	g_assert_cmpint(smime_buf__append(&b, NULL, 0), ==, SMIME_OK);
	g_assert_cmpuint(b.len, ==, 11);

	/* growth across many reallocations keeps the content */
	for (unsigned i = 0; i < 10000; i++) {
		unsigned char c = (unsigned char)i;
		g_assert_cmpint(smime_buf__append(&b, &c, 1), ==, SMIME_OK);
	}
	g_assert_cmpuint(b.len, ==, 10011);
	g_assert_cmpmem(b.data, 11, "abcdef-42-x", 11);
	for (unsigned i = 0; i < 10000; i++)
		g_assert_cmpuint(b.data[11 + i], ==, (unsigned char)i);
	g_assert_cmpuint(b.data[b.len], ==, 0);

	/* a large appendf */
	smime_buf c = SMIME_BUF_INIT;
	g_assert_cmpint(smime_buf__appendf(&c, "%0500d", 7), ==, SMIME_OK);
	g_assert_cmpuint(c.len, ==, 500);
	g_assert_cmpuint(c.data[499], ==, '7');
	g_assert_cmpuint(c.data[500], ==, 0);
	smime_buf_free(&c);

	smime_buf_free(&b);
	g_assert_null(b.data);
	g_assert_cmpuint(b.len, ==, 0);
	smime_buf_free(&b); /* twice is fine */
	smime_buf_free(NULL);
	smime_buf_free_secret(NULL);
}

static void test_buf_reserve(void)
{
	smime_buf b = SMIME_BUF_INIT;
	g_assert_cmpint(smime_buf__reserve(&b, 0), ==, SMIME_OK);
	g_assert_nonnull(b.data);
	g_assert_cmpuint(b.len, ==, 0);
	g_assert_cmpuint(b.data[0], ==, 0);
	g_assert_cmpint(smime_buf__reserve(&b, 1000), ==, SMIME_OK);
	memset(b.data, 'x', 1000); /* reserved bytes are writable */
	b.data[0] = 0;
	g_assert_cmpint(smime_buf__reserve(&b, SIZE_MAX), ==, SMIME_E_LIMIT);
	b.len = 1;
	g_assert_cmpint(smime_buf__reserve(&b, SIZE_MAX - 1), ==, SMIME_E_LIMIT);
	b.len = 0;
	smime_buf_free(&b);
}

static void test_buf_set_move(void)
{
	smime_buf a = SMIME_BUF_INIT, b = SMIME_BUF_INIT;

	g_assert_cmpint(smime_buf__set(&a, "hello", 5), ==, SMIME_OK);
	g_assert_cmpstr((char *)a.data, ==, "hello");
	g_assert_cmpint(smime_buf__set(&a, "hi", 2), ==, SMIME_OK);
	g_assert_cmpstr((char *)a.data, ==, "hi");
	g_assert_cmpuint(a.len, ==, 2);
	/* empty but allocated */
	g_assert_cmpint(smime_buf__set(&a, NULL, 0), ==, SMIME_OK);
	g_assert_nonnull(a.data);
	g_assert_cmpuint(a.len, ==, 0);

	g_assert_cmpint(smime_buf__set(&a, "moved", 5), ==, SMIME_OK);
	g_assert_cmpint(smime_buf__set(&b, "old", 3), ==, SMIME_OK);
	smime_buf__move(&b, &a);
	g_assert_null(a.data);
	g_assert_cmpuint(a.len, ==, 0);
	g_assert_cmpstr((char *)b.data, ==, "moved");
	smime_buf_free_secret(&b);
	g_assert_null(b.data);
	g_assert_cmpuint(b.len, ==, 0);
}

/* ------------------------------------------------------------------ */
/* constant time, wiping                                                */
/* ------------------------------------------------------------------ */

static void test_memeq_ct(void)
{
	unsigned char x[64], y[64];
	for (unsigned i = 0; i < sizeof x; i++)
		x[i] = y[i] = (unsigned char)(i * 7);
	g_assert_cmpint(smime_memeq_ct(x, y, sizeof x), ==, 1);
	g_assert_cmpint(smime_memeq_ct(x, y, 0), ==, 1);
	for (unsigned i = 0; i < sizeof x; i++) {
		for (unsigned bit = 0; bit < 8; bit++) {
			y[i] ^= (unsigned char)(1u << bit);
			g_assert_cmpint(smime_memeq_ct(x, y, sizeof x), ==, 0);
			/* a difference past len is not seen */
			g_assert_cmpint(smime_memeq_ct(x, y, i), ==, 1);
			y[i] ^= (unsigned char)(1u << bit);
		}
	}
	g_assert_cmpint(smime_memeq_ct("\x00", "\xff", 1), ==, 0);
	g_assert_cmpint(smime_memeq_ct("\x80", "\x00", 1), ==, 0);
}

static void test_wipe(void)
{
	unsigned char s[32];
	memset(s, 0xa5, sizeof s);
	smime_wipe(s, 16);
	for (unsigned i = 0; i < 16; i++)
		g_assert_cmpuint(s[i], ==, 0);
	for (unsigned i = 16; i < sizeof s; i++)
		g_assert_cmpuint(s[i], ==, 0xa5);
	smime_wipe(NULL, 10);
	smime_wipe(s, 0);
}

/* ------------------------------------------------------------------ */
/* base64                                                               */
/* ------------------------------------------------------------------ */

static void test_base64_vectors(void)
{
	/* RFC 4648 section 10 */
	static const char *const vec[][2] = {
		{ "", "" },	       { "f", "Zg==" },	     { "fo", "Zm8=" },
		{ "foo", "Zm9v" },     { "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" },
		{ "foobar", "Zm9vYmFy" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(vec); i++) {
		smime_buf e = SMIME_BUF_INIT, d = SMIME_BUF_INIT;
		size_t n = strlen(vec[i][0]);
		g_assert_cmpint(smime_base64__encode(&e, vec[i][0], n, 0, "\n"), ==,
				SMIME_OK);
		g_assert_nonnull(e.data);
		g_assert_cmpstr((char *)e.data, ==, vec[i][1]);
		g_assert_cmpint(smime_base64__decode(&d, vec[i][1], strlen(vec[i][1])), ==,
				SMIME_OK);
		g_assert_nonnull(d.data);
		g_assert_cmpmem(d.data, d.len, vec[i][0], n);
		smime_buf_free(&e);
		smime_buf_free(&d);
	}
	/* all 256 byte values */
	unsigned char all[256];
	for (unsigned i = 0; i < 256; i++)
		all[i] = (unsigned char)i;
	smime_buf e = SMIME_BUF_INIT;
	g_assert_cmpint(smime_base64__encode(&e, all, 3, 0, "\n"), ==, SMIME_OK);
	g_assert_cmpstr((char *)e.data, ==, "AAEC");
	smime_buf_free(&e);
	static const unsigned char hi[] = { 0xfb, 0xff, 0xbf };
	g_assert_cmpint(smime_base64__encode(&e, hi, 3, 0, "\n"), ==, SMIME_OK);
	g_assert_cmpstr((char *)e.data, ==, "+/+/");
	smime_buf_free(&e);
}

static void test_base64_lines(void)
{
	unsigned char data[100];
	smime_buf e = SMIME_BUF_INIT, d = SMIME_BUF_INIT;
	for (unsigned i = 0; i < sizeof data; i++)
		data[i] = (unsigned char)(i * 37 + 11);

	/* 100 bytes = 136 characters: lines of 64, 64, 8, each ended */
	g_assert_cmpint(smime_base64__encode(&e, data, sizeof data, 64, "\r\n"), ==,
			SMIME_OK);
	g_assert_cmpuint(e.len, ==, 136 + 3 * 2);
	g_assert_cmpmem(e.data + 64, 2, "\r\n", 2);
	g_assert_cmpmem(e.data + 130, 2, "\r\n", 2);
	g_assert_cmpmem(e.data + e.len - 2, 2, "\r\n", 2);
	g_assert_null(memchr(e.data, '\r', 64));
	g_assert_cmpint(smime_base64__decode(&d, (char *)e.data, e.len), ==, SMIME_OK);
	g_assert_cmpmem(d.data, d.len, data, sizeof data);
	smime_buf_free(&e);

	/* exactly one full line: one eol, no empty line */
	g_assert_cmpint(smime_base64__encode(&e, data, 48, 64, "\n"), ==, SMIME_OK);
	g_assert_cmpuint(e.len, ==, 65);
	g_assert_cmpuint(e.data[64], ==, '\n');
	smime_buf_free(&e);

	/* empty input with line breaking: nothing at all, but allocated */
	g_assert_cmpint(smime_base64__encode(&e, "", 0, 76, "\n"), ==, SMIME_OK);
	g_assert_nonnull(e.data);
	g_assert_cmpuint(e.len, ==, 0);
	smime_buf_free(&e);

	/* line length must be a multiple of 4 */
	g_assert_cmpint(smime_base64__encode(&e, data, 10, 63, "\n"), ==,
			SMIME_E_INVALID_ARGUMENT);
	g_assert_null(e.data);
	smime_buf_free(&d);
}

static void test_base64_roundtrip(void)
{
	GRand *r = g_rand_new_with_seed(4648);
	static const size_t lines[] = { 0, 4, 64, 76 };
	static const char *const eols[] = { "\n", "\r\n" };

	for (size_t len = 0; len < 300; len++) {
		unsigned char *data = g_malloc(len + 1);
		for (size_t i = 0; i < len; i++)
			data[i] = (unsigned char)g_rand_int_range(r, 0, 256);
		for (size_t l = 0; l < G_N_ELEMENTS(lines); l++) {
			for (size_t k = 0; k < G_N_ELEMENTS(eols); k++) {
				smime_buf e = SMIME_BUF_INIT, d = SMIME_BUF_INIT;
				g_assert_cmpint(smime_base64__encode(&e, data, len, lines[l],
								     eols[k]), ==, SMIME_OK);
				g_assert_cmpuint(strlen((char *)e.data), ==, e.len);
				g_assert_cmpint(smime_base64__decode(&d, (char *)e.data, e.len),
						==, SMIME_OK);
				g_assert_cmpmem(d.data, d.len, data, len);
				smime_buf_free(&e);
				smime_buf_free(&d);
			}
		}
		g_free(data);
	}
	g_rand_free(r);
}

static void test_base64_whitespace(void)
{
	smime_buf d = SMIME_BUF_INIT;
	static const char text[] = " Zm9v\r\n\tYmFy \n";
	g_assert_cmpint(smime_base64__decode(&d, text, strlen(text)), ==, SMIME_OK);
	g_assert_cmpmem(d.data, d.len, "foobar", 6);
	static const char text2[] = "Zm9vYg==\r\n  \n";
	g_assert_cmpint(smime_base64__decode(&d, text2, strlen(text2)), ==, SMIME_OK);
	g_assert_cmpmem(d.data, d.len, "foob", 4);
	static const char text3[] = "Zm9vYg=\n=";
	g_assert_cmpint(smime_base64__decode(&d, text3, strlen(text3)), ==, SMIME_OK);
	g_assert_cmpmem(d.data, d.len, "foob", 4);
	g_assert_cmpint(smime_base64__decode(&d, "  \r\n", 4), ==, SMIME_OK);
	g_assert_cmpuint(d.len, ==, 0);
	g_assert_nonnull(d.data);
	smime_buf_free(&d);
}

static void test_base64_reject(void)
{
	static const char *const bad[] = {
		"Zg=",	       /* incomplete quantum */
		"Zm9",	       /* missing padding */
		"Z",	       "Z===",	    "====",	"=",
		"Zg==Zg==",    /* data after padding */
		"Zg==a",       "Zg=a",	    "Zg===",
		"Zm9v!",       "Zm9v-_",    /* base64url alphabet */
		"Zm9v\x00YmFy", "Zm9vYmFy.", "Zm\x80v",
	};
	static const size_t bad_len[] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0,
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		smime_buf d = SMIME_BUF_INIT;
		size_t n = bad_len[i] ? bad_len[i] : strlen(bad[i]);
		g_test_message("case %zu", i);
		/* output untouched on failure */
		g_assert_cmpint(smime_buf__set(&d, "keep", 4), ==, SMIME_OK);
		g_assert_cmpint(smime_base64__decode(&d, bad[i], n), ==, SMIME_E_MALFORMED);
		g_assert_cmpmem(d.data, d.len, "keep", 4);
		smime_buf_free(&d);
	}
}

/* ------------------------------------------------------------------ */
/* hex, errors, files                                                   */
/* ------------------------------------------------------------------ */

static void test_hex(void)
{
	smime_buf h = SMIME_BUF_INIT;
	g_assert_cmpint(smime_hex__encode(&h, "\x00\xff\x12\xab", 4), ==, SMIME_OK);
	g_assert_cmpstr((char *)h.data, ==, "00ff12ab");
	g_assert_cmpuint(h.len, ==, 8);
	/* appends */
	g_assert_cmpint(smime_hex__encode(&h, "\x01", 1), ==, SMIME_OK);
	g_assert_cmpstr((char *)h.data, ==, "00ff12ab01");
	smime_buf_free(&h);
	g_assert_cmpint(smime_hex__encode(&h, "", 0), ==, SMIME_OK);
	g_assert_nonnull(h.data);
	g_assert_cmpstr((char *)h.data, ==, "");
	smime_buf_free(&h);
	g_assert_cmpint(smime_hex__encode(&h, "", SIZE_MAX / 2 + 1), ==, SMIME_E_LIMIT);
	g_assert_null(h.data);
}

static void test_errors(void)
{
	g_assert_cmpstr(smime_strerror(SMIME_OK), ==, "success");
	g_assert_cmpstr(smime_strerror(12345), ==, "unknown error");
	for (int code = SMIME_E_STATE; code <= SMIME_OK; code++)
		g_assert_cmpstr(smime_strerror(code), !=, "unknown error");
	g_assert_cmpint(smime_error_get_class(SMIME_OK), ==, SMIME_CLASS_OK);
	g_assert_cmpint(smime_error_get_class(SMIME_E_MALFORMED), ==, SMIME_CLASS_MALFORMED);
	g_assert_cmpint(smime_error_get_class(SMIME_E_BAD_SIGNATURE), ==,
			SMIME_CLASS_REJECTED);
	g_assert_cmpint(smime_error_get_class(SMIME_E_IO), ==, SMIME_CLASS_USAGE);
}

static void test_file_read(void)
{
	char *path = g_test_build_filename(G_TEST_DIST, "data", "der", "rfc4134-3.2.bin",
					   NULL);
	smime_buf b = SMIME_BUF_INIT;
	g_assert_cmpint(smime_file__read(&b, path), ==, SMIME_OK);
	g_assert_cmpuint(b.len, ==, 45);
	g_assert_cmpuint(b.data[0], ==, 0x30);
	smime_buf_free(&b);
	g_free(path);
	g_assert_cmpint(smime_file__read(&b, "/nonexistent/libsmime/file"), ==, SMIME_E_IO);
	g_assert_null(b.data);

	/* an empty file gives an allocated empty buffer */
	char *tmp = NULL;
	int fd = g_file_open_tmp("libsmime-util-XXXXXX", &tmp, NULL);
	g_assert_cmpint(fd, >=, 0);
	close(fd);
	g_assert_cmpint(smime_file__read(&b, tmp), ==, SMIME_OK);
	g_assert_nonnull(b.data);
	g_assert_cmpuint(b.len, ==, 0);
	smime_buf_free(&b);
	g_unlink(tmp);
	g_free(tmp);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/util/buf/append", test_buf_append);
	g_test_add_func("/util/buf/reserve", test_buf_reserve);
	g_test_add_func("/util/buf/set-move", test_buf_set_move);
	g_test_add_func("/util/memeq-ct", test_memeq_ct);
	g_test_add_func("/util/wipe", test_wipe);
	g_test_add_func("/util/base64/vectors", test_base64_vectors);
	g_test_add_func("/util/base64/lines", test_base64_lines);
	g_test_add_func("/util/base64/roundtrip", test_base64_roundtrip);
	g_test_add_func("/util/base64/whitespace", test_base64_whitespace);
	g_test_add_func("/util/base64/reject", test_base64_reject);
	g_test_add_func("/util/hex", test_hex);
	g_test_add_func("/util/errors", test_errors);
	g_test_add_func("/util/file/read", test_file_read);
	return g_test_run();
}
