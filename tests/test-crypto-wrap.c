/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Tests of the key wrap, KDF, HMAC and RSAES-OAEP primitives of the crypto
 * layer against published vectors (tests/data/crypto-wrap/vectors.txt, see
 * its README.md) and round trips.
 */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/crypto.h"
#include "testlib.h"

/* ------------------------------------------------------------------ */
/* helpers                                                            */
/* ------------------------------------------------------------------ */

static GKeyFile *vectors(void)
{
	static GKeyFile *kf;

	if (kf == NULL)
		kf = load_keyfile("crypto-wrap", "vectors.txt");
	return kf;
}

static char *vec_str(const char *group, const char *name)
{
	GError *err = NULL;
	char *s = g_key_file_get_string(vectors(), group, name, &err);

	g_assert_no_error(err);
	return s;
}

static uint8_t *vec_bytes(const char *group, const char *name, size_t *len)
{
	return keyfile_bytes(vectors(), group, name, len);
}

static bool vec_has(const char *group, const char *name)
{
	return g_key_file_has_key(vectors(), group, name, NULL);
}

/* The groups whose name is prefix followed by a number, in file order. */
static char **groups_with_prefix(const char *prefix, size_t *count)
{
	char **all = g_key_file_get_groups(vectors(), NULL);
	GPtrArray *sel = g_ptr_array_new();
	size_t plen = strlen(prefix);

	for (size_t i = 0; all[i] != NULL; i++) {
		const char *g = all[i];

		if (strncmp(g, prefix, plen) == 0 && g_ascii_isdigit(g[plen]))
			g_ptr_array_add(sel, g_strdup(g));
	}
	g_strfreev(all);
	*count = sel->len;
	g_ptr_array_add(sel, NULL);
	g_assert_cmpuint(*count, >, 0);
	return (char **)g_ptr_array_free(sel, FALSE);
}

static const smime_digest_desc *vec_hash(const char *group, const char *name)
{
	char *s = vec_str(group, name);
	const smime_digest_desc *d = smime_crypto__digest_by_name(s);

	g_assert_nonnull(d);
	g_free(s);
	return d;
}

static const smime_digest_desc *digest(smime_digest_id id)
{
	const smime_digest_desc *d = smime_crypto__digest_get(id);

	g_assert_nonnull(d);
	return d;
}

/* ------------------------------------------------------------------ */
/* AES key wrap (RFC 3394)                                            */
/* ------------------------------------------------------------------ */

static void test_aes_kw_rfc3394(void)
{
	size_t n;
	char **groups = groups_with_prefix("kw-", &n);

	g_assert_cmpuint(n, ==, 6);
	for (size_t i = 0; i < n; i++) {
		size_t kek_len, key_len, wr_len, out_len;
		uint8_t *kek = vec_bytes(groups[i], "kek", &kek_len);
		uint8_t *key = vec_bytes(groups[i], "key", &key_len);
		uint8_t *wr = vec_bytes(groups[i], "wrapped", &wr_len);
		uint8_t out[64], bad[64];

		g_assert_cmpuint(wr_len, ==, key_len + 8);
		g_assert_cmpint(smime_crypto__aes_wrap(kek, kek_len, key, key_len, out),
				==, SMIME_OK);
		g_assert_cmpmem(out, wr_len, wr, wr_len);

		memset(out, 0xee, sizeof(out));
		g_assert_cmpint(smime_crypto__aes_unwrap(kek, kek_len, wr, wr_len, out,
							 &out_len), ==, SMIME_OK);
		g_assert_cmpmem(out, out_len, key, key_len);

		/* every bit matters: flip one in each semiblock */
		for (size_t j = 0; j < wr_len; j += 8) {
			memcpy(bad, wr, wr_len);
			bad[j + 3] ^= 0x10;
			memset(out, 0xee, sizeof(out));
			out_len = 99;
			g_assert_cmpint(smime_crypto__aes_unwrap(kek, kek_len, bad, wr_len,
								 out, &out_len),
					==, SMIME_E_DECRYPT);
			g_assert_cmpuint(out_len, ==, 0);
			g_assert_true(all_zero(out, key_len));
		}
		/* a wrong KEK of the same size */
		kek[0] ^= 1;
		g_assert_cmpint(smime_crypto__aes_unwrap(kek, kek_len, wr, wr_len, out,
							 &out_len), ==, SMIME_E_DECRYPT);
		g_free(kek);
		g_free(key);
		g_free(wr);
	}
	g_strfreev(groups);
}

static void test_aes_kw_args(void)
{
	uint8_t kek[32] = { 0 }, in[40] = { 0 }, out[48];
	size_t out_len = 7;

	/* KEK sizes other than 16/24/32 */
	g_assert_cmpint(smime_crypto__aes_wrap(kek, 20, in, 16, out), ==,
			SMIME_E_INVALID_ARGUMENT);
	g_assert_cmpint(smime_crypto__aes_unwrap(kek, 8, in, 24, out, &out_len), ==,
			SMIME_E_INVALID_ARGUMENT);
	/* key data: a multiple of 8, at least 16 */
	g_assert_cmpint(smime_crypto__aes_wrap(kek, 16, in, 8, out), ==,
			SMIME_E_INVALID_ARGUMENT);
	g_assert_cmpint(smime_crypto__aes_wrap(kek, 16, in, 20, out), ==,
			SMIME_E_INVALID_ARGUMENT);
	g_assert_cmpint(smime_crypto__aes_wrap(NULL, 16, in, 16, out), ==,
			SMIME_E_INVALID_ARGUMENT);
	/* wrapped data too short or ragged: an integrity failure */
	g_assert_cmpint(smime_crypto__aes_unwrap(kek, 16, in, 16, out, &out_len), ==,
			SMIME_E_DECRYPT);
	g_assert_cmpuint(out_len, ==, 0);
	g_assert_cmpint(smime_crypto__aes_unwrap(kek, 16, in, 25, out, &out_len), ==,
			SMIME_E_DECRYPT);
	g_assert_cmpint(smime_crypto__aes_unwrap(kek, 16, in, 24, out, NULL), ==,
			SMIME_E_INVALID_ARGUMENT);
}

/* ------------------------------------------------------------------ */
/* AES key wrap with padding (RFC 5649)                                */
/* ------------------------------------------------------------------ */

static void check_kwp_vector(const char *group, bool check_wrap)
{
	size_t kek_len, key_len = 0, wr_len, out_len, buf_len;
	uint8_t *kek = vec_bytes(group, "kek", &kek_len);
	uint8_t *wr = vec_bytes(group, "wrapped", &wr_len);
	uint8_t *key = NULL;
	uint8_t *out;
	bool fail = vec_has(group, "fail");

	buf_len = wr_len + 16;
	out = g_malloc(buf_len);
	if (!fail)
		key = vec_bytes(group, "key", &key_len);

	if (!fail && check_wrap) {
		g_assert_cmpint(smime_crypto__aes_wrap_pad(kek, kek_len, key, key_len, out,
							   &out_len), ==, SMIME_OK);
		g_assert_cmpmem(out, out_len, wr, wr_len);
	}
	memset(out, 0xee, buf_len);
	out_len = 99;
	if (fail) {
		g_assert_cmpint(smime_crypto__aes_unwrap_pad(kek, kek_len, wr, wr_len, out,
							     &out_len), ==, SMIME_E_DECRYPT);
		g_assert_cmpuint(out_len, ==, 0);
		g_assert_true(all_zero(out, wr_len - 8));
	} else {
		g_assert_cmpint(smime_crypto__aes_unwrap_pad(kek, kek_len, wr, wr_len, out,
							     &out_len), ==, SMIME_OK);
		g_assert_cmpmem(out, out_len, key, key_len);
		/* tampering with the first or last byte is detected */
		wr[0] ^= 0x80;
		g_assert_cmpint(smime_crypto__aes_unwrap_pad(kek, kek_len, wr, wr_len, out,
							     &out_len), ==, SMIME_E_DECRYPT);
		wr[0] ^= 0x80;
		wr[wr_len - 1] ^= 0x01;
		g_assert_cmpint(smime_crypto__aes_unwrap_pad(kek, kek_len, wr, wr_len, out,
							     &out_len), ==, SMIME_E_DECRYPT);
		g_assert_true(all_zero(out, wr_len - 8));
	}
	g_free(kek);
	g_free(key);
	g_free(wr);
	g_free(out);
}

static void test_aes_kwp_rfc5649(void)
{
	size_t n;
	char **groups = groups_with_prefix("kwp-", &n);

	g_assert_cmpuint(n, ==, 2);
	for (size_t i = 0; i < n; i++)
		check_kwp_vector(groups[i], true);
	g_strfreev(groups);
}

static void test_aes_kwp_nist(void)
{
	size_t n, fails = 0;
	char **groups = groups_with_prefix("kwp-nist-", &n);

	for (size_t i = 0; i < n; i++) {
		check_kwp_vector(groups[i], true);
		if (vec_has(groups[i], "fail"))
			fails++;
	}
	g_assert_cmpuint(fails, >=, 2);
	g_strfreev(groups);
}

/* Every length from 1 to 72 bytes, with each KEK size; RFC 3394 unwrap
 * must refuse what RFC 5649 wrapped (the IVs differ) and vice versa. */
static void test_aes_kwp_round_trip(void)
{
	static const size_t kek_sizes[] = { 16, 24, 32 };
	uint8_t kek[32], key[72], wr[88], out[88];
	size_t wr_len, out_len;

	for (size_t k = 0; k < G_N_ELEMENTS(kek_sizes); k++) {
		g_assert_cmpint(smime_crypto__random(kek, sizeof(kek)), ==, SMIME_OK);
		for (size_t len = 1; len <= sizeof(key); len++) {
			g_assert_cmpint(smime_crypto__random(key, len), ==, SMIME_OK);
			g_assert_cmpint(smime_crypto__aes_wrap_pad(kek, kek_sizes[k], key, len,
								   wr, &wr_len), ==, SMIME_OK);
			g_assert_cmpuint(wr_len, ==, (len + 7) / 8 * 8 + 8);
			g_assert_cmpint(smime_crypto__aes_unwrap_pad(kek, kek_sizes[k], wr,
								     wr_len, out, &out_len),
					==, SMIME_OK);
			g_assert_cmpmem(out, out_len, key, len);
			if (wr_len >= 24)
				g_assert_cmpint(smime_crypto__aes_unwrap(kek, kek_sizes[k], wr,
									 wr_len, out, &out_len),
						==, SMIME_E_DECRYPT);
			if (len % 8 == 0 && len >= 16) {
				g_assert_cmpint(smime_crypto__aes_wrap(kek, kek_sizes[k], key, len,
								       wr), ==, SMIME_OK);
				g_assert_cmpint(smime_crypto__aes_unwrap_pad(kek, kek_sizes[k], wr,
									     len + 8, out, &out_len),
						==, SMIME_E_DECRYPT);
			}
		}
	}
	/* empty input cannot be wrapped; 8 bytes is no RFC 5649 output */
	g_assert_cmpint(smime_crypto__aes_wrap_pad(kek, 16, key, 0, wr, &wr_len), ==,
			SMIME_E_INVALID_ARGUMENT);
	g_assert_cmpint(smime_crypto__aes_unwrap_pad(kek, 16, wr, 8, out, &out_len), ==,
			SMIME_E_DECRYPT);
}

/* ------------------------------------------------------------------ */
/* Triple-DES key wrap (RFC 3217)                                     */
/* ------------------------------------------------------------------ */

static void test_des3_wrap_openssl(void)
{
	size_t kek_len, key_len, wr_len, out_len;
	uint8_t *kek = vec_bytes("des3-wrap-1", "kek", &kek_len);
	uint8_t *key = vec_bytes("des3-wrap-1", "key", &key_len);
	uint8_t *wr = vec_bytes("des3-wrap-1", "wrapped", &wr_len);
	uint8_t out[40];

	g_assert_cmpuint(kek_len, ==, 24);
	g_assert_cmpuint(wr_len, ==, 40);
	g_assert_cmpint(smime_crypto__des3_unwrap(kek, wr, wr_len, out, &out_len), ==,
			SMIME_OK);
	g_assert_cmpmem(out, out_len, key, key_len);

	for (size_t i = 0; i < wr_len; i += 7) {
		wr[i] ^= 0x04;
		memset(out, 0xee, sizeof(out));
		out_len = 5;
		g_assert_cmpint(smime_crypto__des3_unwrap(kek, wr, wr_len, out, &out_len),
				==, SMIME_E_DECRYPT);
		g_assert_cmpuint(out_len, ==, 0);
		g_assert_true(all_zero(out, 24));
		wr[i] ^= 0x04;
	}
	/* wrong length */
	g_assert_cmpint(smime_crypto__des3_unwrap(kek, wr, 32, out, &out_len), ==,
			SMIME_E_DECRYPT);
	/* a wrong KEK (one that differs beyond the parity bits) */
	kek[5] ^= 0x10;
	g_assert_cmpint(smime_crypto__des3_unwrap(kek, wr, wr_len, out, &out_len), ==,
			SMIME_E_DECRYPT);
	g_free(kek);
	g_free(key);
	g_free(wr);
}

static void test_des3_wrap_round_trip(void)
{
	uint8_t kek[24], key[24], w1[40], w2[40], out[24];
	size_t w1_len, w2_len, out_len;

	g_assert_cmpint(smime_crypto__random(kek, sizeof(kek)), ==, SMIME_OK);
	g_assert_cmpint(smime_crypto__random(key, sizeof(key)), ==, SMIME_OK);
	g_assert_cmpint(smime_crypto__des3_wrap(kek, key, sizeof(key), w1, &w1_len), ==,
			SMIME_OK);
	g_assert_cmpint(smime_crypto__des3_wrap(kek, key, sizeof(key), w2, &w2_len), ==,
			SMIME_OK);
	g_assert_cmpuint(w1_len, ==, 40);
	/* a random IV each time */
	g_assert_false(memcmp(w1, w2, 40) == 0);
	g_assert_cmpint(smime_crypto__des3_unwrap(kek, w1, w1_len, out, &out_len), ==,
			SMIME_OK);
	g_assert_cmpuint(out_len, ==, 24);
	/* the CEK comes back with odd parity (§3.1 step 1), otherwise equal */
	for (size_t i = 0; i < 24; i++) {
		g_assert_cmpuint(out[i] & 0xfe, ==, key[i] & 0xfe);
		g_assert_cmpuint(__builtin_popcount(out[i]) % 2, ==, 1);
	}
	g_assert_cmpint(smime_crypto__des3_unwrap(kek, w2, w2_len, out, &out_len), ==,
			SMIME_OK);
	/* only Triple-DES keys are wrapped */
	g_assert_cmpint(smime_crypto__des3_wrap(kek, key, 16, w1, &w1_len), ==,
			SMIME_E_INVALID_ARGUMENT);
}

/* ------------------------------------------------------------------ */
/* PWRI-KEK (RFC 3211)                                                */
/* ------------------------------------------------------------------ */

/* The Triple-DES CBC descriptor of the cipher table, or a stand-in with
 * the same values while the table does not have it. */
static const smime_cipher_desc *des3_desc(bool *from_table)
{
	static const smime_cipher_desc local = {
		SMIME_CIPHER_ID_DES_EDE3_CBC, "des-ede3-cbc", 24, 8, 8
	};
	const smime_cipher_desc *d = smime_crypto__cipher_get(SMIME_CIPHER_ID_DES_EDE3_CBC);

	*from_table = d != NULL && d->id == SMIME_CIPHER_ID_DES_EDE3_CBC;
	return *from_table ? d : &local;
}

static void test_pwri_rfc3211(void)
{
	size_t pw_len, salt_len, kek_len, iv_len, key_len, wr_len;
	uint8_t *pw = vec_bytes("pwri-1", "password", &pw_len);
	uint8_t *salt = vec_bytes("pwri-1", "salt", &salt_len);
	uint8_t *kek = vec_bytes("pwri-1", "kek", &kek_len);
	uint8_t *iv = vec_bytes("pwri-1", "iv", &iv_len);
	uint8_t *key = vec_bytes("pwri-1", "key", &key_len);
	uint8_t *wr = vec_bytes("pwri-1", "wrapped", &wr_len);
	char *it = vec_str("pwri-1", "iterations");
	smime_buf cek = SMIME_BUF_INIT, again = SMIME_BUF_INIT;
	uint8_t derived[24];
	bool from_table;
	const smime_cipher_desc *d = des3_desc(&from_table);

	/* the KEK is PBKDF2-HMAC-SHA1 of the password */
	g_assert_cmpint(smime_crypto__pbkdf2(digest(SMIME_DIGEST_SHA1), pw, pw_len, salt,
					     salt_len, (unsigned)atoi(it), derived,
					     sizeof(derived)), ==, SMIME_OK);
	g_assert_cmpmem(derived, sizeof(derived), kek, kek_len);

	g_assert_cmpint(smime_crypto__pwri_unwrap(d, kek, iv, wr, wr_len, &cek), ==,
			SMIME_OK);
	g_assert_cmpmem(cek.data, cek.len, key, key_len);

	/* wrapping again gives a different (random padding) but valid value */
	g_assert_cmpint(smime_crypto__pwri_wrap(d, kek, iv, key, key_len, &again), ==,
			SMIME_OK);
	g_assert_cmpuint(again.len, ==, wr_len);
	g_assert_cmpint(smime_crypto__pwri_unwrap(d, kek, iv, again.data, again.len, &cek),
			==, SMIME_OK);
	g_assert_cmpmem(cek.data, cek.len, key, key_len);

	/* a wrong password gives a wrong KEK: the check bytes fail */
	kek[1] ^= 0x20;
	g_assert_cmpint(smime_crypto__pwri_unwrap(d, kek, iv, wr, wr_len, &cek), ==,
			SMIME_E_DECRYPT);
	kek[1] ^= 0x20;
	/* so does any change to the last block, thanks to the double pass */
	wr[wr_len - 1] ^= 0x01;
	g_assert_cmpint(smime_crypto__pwri_unwrap(d, kek, iv, wr, wr_len, &cek), ==,
			SMIME_E_DECRYPT);
	wr[wr_len - 1] ^= 0x01;
	/* ragged or too short input */
	g_assert_cmpint(smime_crypto__pwri_unwrap(d, kek, iv, wr, wr_len - 1, &cek), ==,
			SMIME_E_DECRYPT);
	g_assert_cmpint(smime_crypto__pwri_unwrap(d, kek, iv, wr, 8, &cek), ==,
			SMIME_E_DECRYPT);
	if (!from_table)
		g_test_message("Triple-DES not in the cipher table yet: used a stand-in descriptor");

	smime_buf_free_secret(&cek);
	smime_buf_free(&again);
	g_free(pw);
	g_free(salt);
	g_free(kek);
	g_free(iv);
	g_free(key);
	g_free(wr);
	g_free(it);
}

static void test_pwri_round_trip(void)
{
	static const smime_cipher_id ids[] = {
		SMIME_CIPHER_ID_AES128_CBC, SMIME_CIPHER_ID_AES192_CBC,
		SMIME_CIPHER_ID_AES256_CBC, SMIME_CIPHER_ID_DES_EDE3_CBC,
	};
	static const size_t cek_lens[] = { 3, 5, 12, 16, 24, 28, 32, 64 };
	uint8_t kek[32], iv[16], cek[64];
	smime_buf wr = SMIME_BUF_INIT, out = SMIME_BUF_INIT;

	for (size_t c = 0; c < G_N_ELEMENTS(ids); c++) {
		bool from_table;
		const smime_cipher_desc *d = ids[c] == SMIME_CIPHER_ID_DES_EDE3_CBC ?
			des3_desc(&from_table) : smime_crypto__cipher_get(ids[c]);

		g_assert_nonnull(d);
		for (size_t l = 0; l < G_N_ELEMENTS(cek_lens); l++) {
			size_t len = cek_lens[l];
			size_t expect = (4 + len + d->block_size - 1) / d->block_size *
					d->block_size;

			if (expect < 2 * d->block_size)
				expect = 2 * d->block_size;
			g_assert_cmpint(smime_crypto__random(kek, sizeof(kek)), ==, SMIME_OK);
			g_assert_cmpint(smime_crypto__random(iv, sizeof(iv)), ==, SMIME_OK);
			g_assert_cmpint(smime_crypto__random(cek, sizeof(cek)), ==, SMIME_OK);
			g_assert_cmpint(smime_crypto__pwri_wrap(d, kek, iv, cek, len, &wr), ==,
					SMIME_OK);
			g_assert_cmpuint(wr.len, ==, expect);
			g_assert_cmpint(smime_crypto__pwri_unwrap(d, kek, iv, wr.data, wr.len,
								  &out), ==, SMIME_OK);
			g_assert_cmpmem(out.data, out.len, cek, len);
			/* another IV spoils only the first block of the inner
			 * pass, which holds the length and check bytes */
			iv[0] ^= 0xff;
			g_assert_cmpint(smime_crypto__pwri_unwrap(d, kek, iv, wr.data, wr.len,
								  &out), ==, SMIME_E_DECRYPT);
		}
	}
	/* the length byte counts at most 255 bytes, the check needs 3 */
	g_assert_cmpint(smime_crypto__pwri_wrap(smime_crypto__cipher_get(SMIME_CIPHER_ID_AES128_CBC),
						kek, iv, cek, 2, &wr), ==,
			SMIME_E_INVALID_ARGUMENT);
	smime_buf_free(&wr);
	smime_buf_free_secret(&out);
}

/* ------------------------------------------------------------------ */
/* KDFs                                                               */
/* ------------------------------------------------------------------ */

static void test_x963_kdf(void)
{
	size_t n;
	char **groups = groups_with_prefix("x963-", &n);

	g_assert_cmpuint(n, ==, 20);
	for (size_t i = 0; i < n; i++) {
		size_t z_len, si_len, key_len;
		const smime_digest_desc *h = vec_hash(groups[i], "hash");
		uint8_t *z = vec_bytes(groups[i], "z", &z_len);
		uint8_t *si = vec_bytes(groups[i], "shared-info", &si_len);
		uint8_t *key = vec_bytes(groups[i], "key", &key_len);
		uint8_t *out = g_malloc(key_len);

		g_assert_cmpint(smime_crypto__x963_kdf(h, z, z_len, si_len ? si : NULL, si_len,
						       out, key_len), ==, SMIME_OK);
		g_assert_cmpmem(out, key_len, key, key_len);
		/* a shorter output is a prefix */
		g_assert_cmpint(smime_crypto__x963_kdf(h, z, z_len, si, si_len, out, 5), ==,
				SMIME_OK);
		g_assert_cmpmem(out, 5, key, 5);
		g_free(z);
		g_free(si);
		g_free(key);
		g_free(out);
	}
	g_strfreev(groups);
	g_assert_cmpint(smime_crypto__x963_kdf(NULL, NULL, 0, NULL, 0, NULL, 0), ==,
			SMIME_E_INVALID_ARGUMENT);
}

static void test_hkdf(void)
{
	size_t n;
	char **groups = groups_with_prefix("hkdf-", &n);
	uint8_t big[255 * 32 + 1];

	g_assert_cmpuint(n, ==, 3);
	for (size_t i = 0; i < n; i++) {
		size_t ikm_len, salt_len, info_len, prk_len, okm_len;
		const smime_digest_desc *h = vec_hash(groups[i], "hash");
		uint8_t *ikm = vec_bytes(groups[i], "ikm", &ikm_len);
		uint8_t *salt = vec_bytes(groups[i], "salt", &salt_len);
		uint8_t *info = vec_bytes(groups[i], "info", &info_len);
		uint8_t *prk = vec_bytes(groups[i], "prk", &prk_len);
		uint8_t *okm = vec_bytes(groups[i], "okm", &okm_len);
		uint8_t out[128];

		g_assert_cmpuint(okm_len, <=, sizeof(out));
		g_assert_cmpint(smime_crypto__hkdf(h, salt_len ? salt : NULL, salt_len, ikm,
						   ikm_len, info_len ? info : NULL, info_len,
						   out, okm_len), ==, SMIME_OK);
		g_assert_cmpmem(out, okm_len, okm, okm_len);
		/* PRK = HMAC(salt, IKM): an empty salt is HashLen zeros */
		{
			smime_hmac_ctx ctx;
			uint8_t zeros[32] = { 0 };

			g_assert_cmpint(smime_crypto__hmac_init(&ctx, h, salt_len ? salt : zeros,
								salt_len ? salt_len : h->digest_size),
					==, SMIME_OK);
			smime_crypto__hmac_update(&ctx, ikm, ikm_len);
			smime_crypto__hmac_final(&ctx, out);
			g_assert_cmpmem(out, h->digest_size, prk, prk_len);
		}
		g_free(ikm);
		g_free(salt);
		g_free(info);
		g_free(prk);
		g_free(okm);
	}
	g_strfreev(groups);

	/* L <= 255 * HashLen */
	g_assert_cmpint(smime_crypto__hkdf(digest(SMIME_DIGEST_SHA256), NULL, 0,
					   (const uint8_t *)"k", 1, NULL, 0, big,
					   255 * 32), ==, SMIME_OK);
	g_assert_cmpint(smime_crypto__hkdf(digest(SMIME_DIGEST_SHA256), NULL, 0,
					   (const uint8_t *)"k", 1, NULL, 0, big,
					   sizeof(big)), ==, SMIME_E_INVALID_ARGUMENT);
}

static void test_pbkdf2(void)
{
	size_t n;
	char **groups = groups_with_prefix("pbkdf2-", &n);

	g_assert_cmpuint(n, >=, 10);
	for (size_t i = 0; i < n; i++) {
		size_t pw_len, salt_len, key_len;
		const smime_digest_desc *h = vec_hash(groups[i], "hash");
		uint8_t *pw = vec_bytes(groups[i], "password", &pw_len);
		uint8_t *salt = vec_bytes(groups[i], "salt", &salt_len);
		uint8_t *key = vec_bytes(groups[i], "key", &key_len);
		char *it = vec_str(groups[i], "iterations");
		uint8_t out[128];

		g_assert_cmpuint(key_len, <=, sizeof(out));
		g_assert_cmpint(smime_crypto__pbkdf2(h, pw, pw_len, salt, salt_len,
						     (unsigned)atoi(it), out, key_len),
				==, SMIME_OK);
		g_assert_cmpmem(out, key_len, key, key_len);
		g_free(pw);
		g_free(salt);
		g_free(key);
		g_free(it);
	}
	g_strfreev(groups);
	{
		uint8_t out[16];

		g_assert_cmpint(smime_crypto__pbkdf2(digest(SMIME_DIGEST_SHA256),
						     (const uint8_t *)"p", 1,
						     (const uint8_t *)"s", 1, 0, out,
						     sizeof(out)), ==, SMIME_E_INVALID_ARGUMENT);
	}
}

/* ------------------------------------------------------------------ */
/* HMAC                                                               */
/* ------------------------------------------------------------------ */

static void test_hmac_rfc4231(void)
{
	size_t n;
	char **groups = groups_with_prefix("hmac-", &n);

	g_assert_cmpuint(n, ==, 24);
	for (size_t i = 0; i < n; i++) {
		size_t key_len, data_len, mac_len;
		const smime_digest_desc *h = vec_hash(groups[i], "hash");
		uint8_t *key = vec_bytes(groups[i], "key", &key_len);
		uint8_t *data = vec_bytes(groups[i], "data", &data_len);
		uint8_t *mac = vec_bytes(groups[i], "mac", &mac_len);
		uint8_t out[SMIME_DIGEST_MAX_SIZE];
		smime_hmac_ctx ctx;

		g_assert_cmpuint(mac_len, ==, h->digest_size);
		g_assert_cmpint(smime_crypto__hmac_init(&ctx, h, key, key_len), ==, SMIME_OK);
		smime_crypto__hmac_update(&ctx, data, data_len);
		smime_crypto__hmac_final(&ctx, out);
		g_assert_cmpmem(out, mac_len, mac, mac_len);
		/* final wiped the context */
		g_assert_null(ctx.desc);

		/* streaming: byte by byte gives the same */
		g_assert_cmpint(smime_crypto__hmac_init(&ctx, h, key, key_len), ==, SMIME_OK);
		for (size_t j = 0; j < data_len; j++)
			smime_crypto__hmac_update(&ctx, data + j, 1);
		smime_crypto__hmac_update(&ctx, NULL, 0);
		smime_crypto__hmac_final(&ctx, out);
		g_assert_cmpmem(out, mac_len, mac, mac_len);
		g_free(key);
		g_free(data);
		g_free(mac);
	}
	g_strfreev(groups);
}

static void test_hmac_args(void)
{
	smime_hmac_ctx ctx;

	g_assert_cmpint(smime_crypto__hmac_init(NULL, digest(SMIME_DIGEST_SHA256), NULL, 0),
			==, SMIME_E_INVALID_ARGUMENT);
	g_assert_cmpint(smime_crypto__hmac_init(&ctx, NULL, NULL, 0), ==,
			SMIME_E_INVALID_ARGUMENT);
	g_assert_cmpint(smime_crypto__hmac_init(&ctx, digest(SMIME_DIGEST_SHA256), NULL, 4),
			==, SMIME_E_INVALID_ARGUMENT);
	/* an empty key is allowed (RFC 2104 pads it with zeros) */
	g_assert_cmpint(smime_crypto__hmac_init(&ctx, digest(SMIME_DIGEST_SHA256), NULL, 0),
			==, SMIME_OK);
	{
		uint8_t out[32];
		static const uint8_t expect[32] = {
			/* HMAC-SHA256("", ""), as `openssl mac -macopt hexkey:
			 * HMAC` computes it */
			0xb6, 0x13, 0x67, 0x9a, 0x08, 0x14, 0xd9, 0xec, 0x77, 0x2f, 0x95,
			0xd7, 0x78, 0xc3, 0x5f, 0xc5, 0xff, 0x16, 0x97, 0xc4, 0x93, 0x71,
			0x56, 0x53, 0xc6, 0xc7, 0x12, 0x14, 0x42, 0x92, 0xc5, 0xad
		};

		smime_crypto__hmac_final(&ctx, out);
		g_assert_cmpmem(out, 32, expect, 32);
	}
}

/* ------------------------------------------------------------------ */
/* RSAES-OAEP                                                         */
/* ------------------------------------------------------------------ */

static const char *const param_names[8] = { "n", "e", "d", "p", "q", "dp", "dq", "qinv" };

static smime_rsa_key *load_rsa(GKeyFile *kf, const char *group, bool private)
{
	uint8_t *v[8];
	size_t len[8];
	smime_rsa_params p;
	smime_rsa_key *key = NULL;

	for (int i = 0; i < 8; i++) {
		GError *err = NULL;
		char *hex = g_key_file_get_string(kf, group, param_names[i], &err);

		g_assert_no_error(err);
		v[i] = unhex(hex, &len[i]);
		g_free(hex);
	}
	p = (smime_rsa_params){
		.n = v[0], .n_len = len[0], .e = v[1], .e_len = len[1],
		.d = v[2], .d_len = len[2], .p = v[3], .p_len = len[3],
		.q = v[4], .q_len = len[4], .dp = v[5], .dp_len = len[5],
		.dq = v[6], .dq_len = len[6], .qinv = v[7], .qinv_len = len[7],
	};
	if (private)
		g_assert_cmpint(smime_crypto__rsa_private_new(&key, &p), ==, SMIME_OK);
	else
		g_assert_cmpint(smime_crypto__rsa_public_new(&key, &p), ==, SMIME_OK);
	for (int i = 0; i < 8; i++)
		g_free(v[i]);
	return key;
}

/* "rsa2048" is the [key] of tests/data/crypto/rsa2048.txt; "other" its
 * [other-key]; anything else a group of vectors.txt. */
static smime_rsa_key *test_key(const char *name, bool private)
{
	if (strcmp(name, "rsa2048") == 0 || strcmp(name, "other") == 0) {
		GKeyFile *kf = load_keyfile("crypto", "rsa2048.txt");
		smime_rsa_key *key = load_rsa(kf, strcmp(name, "other") == 0 ? "other-key" : "key",
					      private);

		g_key_file_free(kf);
		return key;
	}
	return load_rsa(vectors(), name, private);
}

static void test_oaep_kat(void)
{
	size_t n;
	char **groups = groups_with_prefix("oaep-", &n);

	g_assert_cmpuint(n, >=, 21);
	for (size_t i = 0; i < n; i++) {
		size_t label_len, ct_len, msg_len;
		char *keyname = vec_str(groups[i], "key");
		smime_rsa_key *key = test_key(keyname, true);
		const smime_digest_desc *h = vec_hash(groups[i], "hash");
		const smime_digest_desc *mgf = vec_hash(groups[i], "mgf-hash");
		uint8_t *label = vec_bytes(groups[i], "label", &label_len);
		uint8_t *ct = vec_bytes(groups[i], "ciphertext", &ct_len);
		uint8_t *msg = vec_bytes(groups[i], "message", &msg_len);
		uint8_t out[256], out2[256];

		g_test_message("%s", groups[i]);
		g_assert_cmpuint(msg_len, <=, sizeof(out));
		g_assert_cmpint(smime_crypto__rsa_oaep_decrypt_implicit(key, h, mgf,
									 label_len ? label : NULL,
									 label_len, ct, ct_len,
									 out, msg_len), ==, SMIME_OK);
		g_assert_cmpmem(out, msg_len, msg, msg_len);

		/* a wrong expected length gives random bytes, not the message */
		if (msg_len > 1) {
			g_assert_cmpint(smime_crypto__rsa_oaep_decrypt_implicit(key, h, mgf,
										 label, label_len,
										 ct, ct_len, out,
										 msg_len - 1),
					==, SMIME_OK);
			g_assert_cmpint(smime_crypto__rsa_oaep_decrypt_implicit(key, h, mgf,
										 label, label_len,
										 ct, ct_len, out2,
										 msg_len - 1),
					==, SMIME_OK);
			g_assert_false(memcmp(out, msg, msg_len - 1) == 0);
			g_assert_false(memcmp(out, out2, msg_len - 1) == 0);
		}
		smime_crypto__rsa_key_free(key);
		g_free(keyname);
		g_free(label);
		g_free(ct);
		g_free(msg);
	}
	g_strfreev(groups);
}

static void test_oaep_round_trip(void)
{
	static const smime_digest_id ids[] = {
		SMIME_DIGEST_SHA1, SMIME_DIGEST_SHA224, SMIME_DIGEST_SHA256,
		SMIME_DIGEST_SHA384, SMIME_DIGEST_SHA512,
	};
	static const uint8_t label[] = { 'l', 'i', 'b', 's', 'm', 'i', 'm', 'e' };
	smime_rsa_key *priv = test_key("rsa2048", true);
	smime_rsa_key *pub = test_key("rsa2048", false);
	uint8_t msg[256], ct[256], ct2[256], out[256];
	size_t ct_len, ct2_len;

	g_assert_cmpint(smime_crypto__random(msg, sizeof(msg)), ==, SMIME_OK);
	for (size_t i = 0; i < G_N_ELEMENTS(ids); i++) {
		const smime_digest_desc *h = digest(ids[i]);
		size_t max = 256 - 2 * h->digest_size - 2;
		const size_t lens[] = { 0, 1, 16, 32, max };

		for (size_t with_label = 0; with_label < 2; with_label++) {
			const uint8_t *l = with_label ? label : NULL;
			size_t l_len = with_label ? sizeof(label) : 0;

			for (size_t k = 0; k < G_N_ELEMENTS(lens); k++) {
				g_assert_cmpint(smime_crypto__rsa_oaep_encrypt(pub, h, h, l, l_len,
									       msg, lens[k], ct,
									       &ct_len),
						==, SMIME_OK);
				g_assert_cmpuint(ct_len, ==, 256);
				memset(out, 0, sizeof(out));
				g_assert_cmpint(smime_crypto__rsa_oaep_decrypt_implicit(
							priv, h, h, l, l_len, ct, ct_len, out,
							lens[k]), ==, SMIME_OK);
				g_assert_cmpmem(out, lens[k], msg, lens[k]);
			}
			/* randomised: two encryptions differ */
			g_assert_cmpint(smime_crypto__rsa_oaep_encrypt(pub, h, h, l, l_len, msg,
								       16, ct, &ct_len), ==,
					SMIME_OK);
			g_assert_cmpint(smime_crypto__rsa_oaep_encrypt(pub, h, h, l, l_len, msg,
								       16, ct2, &ct2_len), ==,
					SMIME_OK);
			g_assert_false(memcmp(ct, ct2, 256) == 0);
		}
		/* one byte too long */
		g_assert_cmpint(smime_crypto__rsa_oaep_encrypt(pub, h, h, NULL, 0, msg, max + 1,
							       ct, &ct_len), ==,
				SMIME_E_INVALID_ARGUMENT);
		g_assert_cmpuint(ct_len, ==, 0);
	}
	/* an MGF1 hash other than the OAEP hash */
	g_assert_cmpint(smime_crypto__rsa_oaep_encrypt(pub, digest(SMIME_DIGEST_SHA384),
						       digest(SMIME_DIGEST_SHA1), NULL, 0, msg,
						       24, ct, &ct_len), ==, SMIME_OK);
	g_assert_cmpint(smime_crypto__rsa_oaep_decrypt_implicit(priv,
								 digest(SMIME_DIGEST_SHA384),
								 digest(SMIME_DIGEST_SHA1), NULL,
								 0, ct, ct_len, out, 24),
			==, SMIME_OK);
	g_assert_cmpmem(out, 24, msg, 24);
	/* the public key cannot decrypt */
	g_assert_cmpint(smime_crypto__rsa_oaep_decrypt_implicit(pub,
								 digest(SMIME_DIGEST_SHA1),
								 digest(SMIME_DIGEST_SHA1), NULL,
								 0, ct, ct_len, out, 24),
			==, SMIME_E_INVALID_ARGUMENT);
	smime_crypto__rsa_key_free(priv);
	smime_crypto__rsa_key_free(pub);
}

/* A rejected decryption: no error, out_len bytes that are neither the
 * message nor the same on a second call. */
static void assert_rejected(const smime_rsa_key *key, const smime_digest_desc *h,
			    const smime_digest_desc *mgf, const uint8_t *label,
			    size_t label_len, const uint8_t *ct, size_t ct_len,
			    const uint8_t *msg, size_t msg_len)
{
	uint8_t a[64], b[64];

	g_assert_cmpuint(msg_len, <=, sizeof(a));
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	g_assert_cmpint(smime_crypto__rsa_oaep_decrypt_implicit(key, h, mgf, label,
								 label_len, ct, ct_len,
								 a, msg_len), ==, SMIME_OK);
	g_assert_cmpint(smime_crypto__rsa_oaep_decrypt_implicit(key, h, mgf, label,
								 label_len, ct, ct_len,
								 b, msg_len), ==, SMIME_OK);
	g_assert_false(memcmp(a, msg, msg_len) == 0);
	g_assert_false(memcmp(a, b, msg_len) == 0);
	g_assert_false(all_zero(a, msg_len));
}

static void test_oaep_implicit_rejection(void)
{
	static const uint8_t label[] = { 1, 2, 3 };
	smime_rsa_key *priv = test_key("rsa2048", true);
	smime_rsa_key *pub = test_key("rsa2048", false);
	smime_rsa_key *other = test_key("other", true);
	const smime_digest_desc *sha256 = digest(SMIME_DIGEST_SHA256);
	const smime_digest_desc *sha1 = digest(SMIME_DIGEST_SHA1);
	uint8_t msg[32], ct[256], bad[257], ok[32];
	size_t ct_len;

	g_assert_cmpint(smime_crypto__random(msg, sizeof(msg)), ==, SMIME_OK);
	g_assert_cmpint(smime_crypto__rsa_oaep_encrypt(pub, sha256, sha256, label,
						       sizeof(label), msg, sizeof(msg), ct,
						       &ct_len), ==, SMIME_OK);
	/* the untouched ciphertext decrypts */
	g_assert_cmpint(smime_crypto__rsa_oaep_decrypt_implicit(priv, sha256, sha256, label,
								 sizeof(label), ct, ct_len, ok,
								 sizeof(ok)), ==, SMIME_OK);
	g_assert_cmpmem(ok, sizeof(ok), msg, sizeof(msg));

	/* tampered ciphertext, at several places */
	for (size_t i = 0; i < ct_len; i += 51) {
		memcpy(bad, ct, ct_len);
		bad[i] ^= 0x01;
		assert_rejected(priv, sha256, sha256, label, sizeof(label), bad, ct_len, msg,
				sizeof(msg));
	}
	/* wrong label, missing label */
	assert_rejected(priv, sha256, sha256, (const uint8_t *)"xyz", 3, ct, ct_len, msg,
			sizeof(msg));
	assert_rejected(priv, sha256, sha256, NULL, 0, ct, ct_len, msg, sizeof(msg));
	/* wrong OAEP hash, wrong MGF1 hash */
	assert_rejected(priv, sha1, sha256, label, sizeof(label), ct, ct_len, msg,
			sizeof(msg));
	assert_rejected(priv, sha256, sha1, label, sizeof(label), ct, ct_len, msg,
			sizeof(msg));
	/* wrong expected length, shorter and longer */
	assert_rejected(priv, sha256, sha256, label, sizeof(label), ct, ct_len, msg, 16);
	{
		uint8_t longer[48];

		memcpy(longer, msg, sizeof(msg));
		memset(longer + sizeof(msg), 0, sizeof(longer) - sizeof(msg));
		assert_rejected(priv, sha256, sha256, label, sizeof(label), ct, ct_len,
				longer, sizeof(longer));
	}
	/* wrong key */
	assert_rejected(other, sha256, sha256, label, sizeof(label), ct, ct_len, msg,
			sizeof(msg));
	/* wrong ciphertext length: one byte short, one leading zero extra */
	assert_rejected(priv, sha256, sha256, label, sizeof(label), ct, ct_len - 1, msg,
			sizeof(msg));
	bad[0] = 0;
	memcpy(bad + 1, ct, ct_len);
	assert_rejected(priv, sha256, sha256, label, sizeof(label), bad, ct_len + 1, msg,
			sizeof(msg));
	/* c = 0 and c >= n */
	memset(bad, 0, ct_len);
	assert_rejected(priv, sha256, sha256, label, sizeof(label), bad, ct_len, msg,
			sizeof(msg));
	memset(bad, 0xff, ct_len);
	assert_rejected(priv, sha256, sha256, label, sizeof(label), bad, ct_len, msg,
			sizeof(msg));
	/* a PKCS#1 v1.5 ciphertext is no OAEP ciphertext */
	g_assert_cmpint(smime_crypto__rsa_pkcs1_encrypt(pub, msg, sizeof(msg), ct, &ct_len),
			==, SMIME_OK);
	assert_rejected(priv, sha256, sha256, NULL, 0, ct, ct_len, msg, sizeof(msg));
	/* an expected length of zero writes nothing and succeeds */
	g_assert_cmpint(smime_crypto__rsa_oaep_decrypt_implicit(priv, sha256, sha256, NULL, 0,
								 ct, ct_len, NULL, 0), ==,
			SMIME_OK);

	smime_crypto__rsa_key_free(priv);
	smime_crypto__rsa_key_free(pub);
	smime_crypto__rsa_key_free(other);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);

	g_test_add_func("/crypto-wrap/aes-kw/rfc3394", test_aes_kw_rfc3394);
	g_test_add_func("/crypto-wrap/aes-kw/args", test_aes_kw_args);
	g_test_add_func("/crypto-wrap/aes-kwp/rfc5649", test_aes_kwp_rfc5649);
	g_test_add_func("/crypto-wrap/aes-kwp/nist", test_aes_kwp_nist);
	g_test_add_func("/crypto-wrap/aes-kwp/round-trip", test_aes_kwp_round_trip);
	g_test_add_func("/crypto-wrap/des3-wrap/openssl", test_des3_wrap_openssl);
	g_test_add_func("/crypto-wrap/des3-wrap/round-trip", test_des3_wrap_round_trip);
	g_test_add_func("/crypto-wrap/pwri/rfc3211", test_pwri_rfc3211);
	g_test_add_func("/crypto-wrap/pwri/round-trip", test_pwri_round_trip);
	g_test_add_func("/crypto-wrap/kdf/x963", test_x963_kdf);
	g_test_add_func("/crypto-wrap/kdf/hkdf", test_hkdf);
	g_test_add_func("/crypto-wrap/kdf/pbkdf2", test_pbkdf2);
	g_test_add_func("/crypto-wrap/hmac/rfc4231", test_hmac_rfc4231);
	g_test_add_func("/crypto-wrap/hmac/args", test_hmac_args);
	g_test_add_func("/crypto-wrap/oaep/kat", test_oaep_kat);
	g_test_add_func("/crypto-wrap/oaep/round-trip", test_oaep_round_trip);
	g_test_add_func("/crypto-wrap/oaep/implicit-rejection", test_oaep_implicit_rejection);

	return g_test_run();
}
