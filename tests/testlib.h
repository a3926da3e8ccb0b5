/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * testlib.h: helpers shared by the unit tests (tests/test-*.c). Header
 * only, every function static inline; a test includes it after <glib.h>.
 *
 *  - hex and bytes: unhex(), hex_decode(), assert_hex(), assert_content(),
 *    all_zero(), fill_pattern();
 *  - test data: data_path() and corpus_path() name files below tests/data
 *    (through G_TEST_DIST, so the tests run from any build directory);
 *    read_file(), assert_file_content(), load_cert_file() and
 *    load_key_file() take such a path (and free it) and abort the test
 *    program when the file cannot be used: missing test data is a broken
 *    tree, not a failed assertion; load_keyfile() and keyfile_bytes() read
 *    the vector files (GKeyFile syntax).
 */
#ifndef SMIME_TESTLIB_H
#define SMIME_TESTLIB_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "smime.h"
#include "util/util.h"

/* Decodes even-length hex text (either case) into a g_malloc()ed buffer. */
static inline uint8_t *unhex(const char *hex, size_t *len)
{
	size_t n = strlen(hex);
	uint8_t *out;

	g_assert_cmpuint(n % 2, ==, 0);
	out = g_malloc(n / 2 + 1);
	for (size_t i = 0; i < n / 2; i++) {
		int hi = g_ascii_xdigit_value(hex[2 * i]);
		int lo = g_ascii_xdigit_value(hex[2 * i + 1]);

		g_assert_cmpint(hi, >=, 0);
		g_assert_cmpint(lo, >=, 0);
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	*len = n / 2;
	return out;
}

/* The bytes are those of the hex text @expected. */
static inline void assert_hex(const uint8_t *data, size_t len, const char *expected)
{
	size_t elen;
	uint8_t *e = unhex(expected, &elen);

	g_assert_cmpmem(data, len, e, elen);
	g_free(e);
}

static inline bool all_zero(const void *p, size_t len)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < len; i++)
		if (b[i] != 0)
			return false;
	return true;
}

/* Deterministic bytes from @seed, non-repeating enough for streaming tests. */
static inline void fill_pattern(uint8_t *buf, size_t len, uint32_t seed)
{
	for (size_t i = 0; i < len; i++) {
		seed = seed * 1103515245u + 12345u;
		buf[i] = (uint8_t)(seed >> 16);
	}
}

/* Decodes exactly @len bytes of hex text into @out. */
static inline void hex_decode(uint8_t *out, size_t len, const char *hex)
{
	g_assert_cmpuint(strlen(hex), ==, 2 * len);
	for (size_t i = 0; i < len; i++) {
		int hi = g_ascii_xdigit_value(hex[2 * i]);
		int lo = g_ascii_xdigit_value(hex[2 * i + 1]);

		g_assert_cmpint(hi, >=, 0);
		g_assert_cmpint(lo, >=, 0);
		out[i] = (uint8_t)(hi << 4 | lo);
	}
}

/* @out holds exactly the @len bytes at @want. */
static inline void assert_content(const smime_buf *out, const void *want, size_t len)
{
	g_assert_cmpuint(out->len, ==, len);
	g_assert_true(len == 0 || memcmp(out->data, want, len) == 0);
}

/* tests/data/DIR/NAME; g_free() it. */
static inline char *data_path(const char *dir, const char *name)
{
	return g_test_build_filename(G_TEST_DIST, "data", dir, name, NULL);
}

/* tests/data/corpus/DIR/NAME; g_free() it. */
static inline char *corpus_path(const char *dir, const char *name)
{
	return g_test_build_filename(G_TEST_DIST, "data", "corpus", dir, name, NULL);
}

/* tests/data/DIR/NAME, a file of test vectors, as a GKeyFile. */
static inline GKeyFile *load_keyfile(const char *dir, const char *name)
{
	char *path = data_path(dir, name);
	GKeyFile *kf = g_key_file_new();
	GError *err = NULL;

	g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, &err);
	g_assert_no_error(err);
	g_free(path);
	return kf;
}

/* The hex value @name of @group in @kf, decoded; g_free() it. */
static inline uint8_t *keyfile_bytes(GKeyFile *kf, const char *group, const char *name,
				     size_t *len)
{
	GError *err = NULL;
	char *hex = g_key_file_get_string(kf, group, name, &err);
	uint8_t *b;

	g_assert_no_error(err);
	b = unhex(hex, len);
	g_free(hex);
	return b;
}

/* Reads the whole file @path into @out, then frees @path. */
static inline void read_file(smime_buf *out, char *path)
{
	int rc = smime_file__read(out, path);

	if (rc != SMIME_OK)
		g_error("cannot read %s: %s", path, smime_strerror(rc));
	g_free(path);
}

/* @out holds exactly the bytes of the file @path, which is freed. */
static inline void assert_file_content(const smime_buf *out, char *path)
{
	smime_buf want = SMIME_BUF_INIT;

	read_file(&want, path);
	assert_content(out, want.data, want.len);
	smime_buf_free(&want);
}

/* The first certificate of @path, which is freed. */
static inline smime_cert *load_cert_file(char *path)
{
	smime_cert *c = NULL;
	int rc = smime_cert_load_file(&c, path);

	if (rc != SMIME_OK)
		g_error("cannot load certificate %s: %s", path, smime_strerror(rc));
	g_free(path);
	return c;
}

/* The unencrypted private key in @path, which is freed. */
static inline smime_key *load_key_file(char *path)
{
	smime_key *k = NULL;
	int rc = smime_key_load_file(&k, path, NULL);

	if (rc != SMIME_OK)
		g_error("cannot load key %s: %s", path, smime_strerror(rc));
	g_free(path);
	return k;
}

#endif
