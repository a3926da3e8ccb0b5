/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Known-answer tests for the crypto layer: digests (FIPS 180-4 examples),
 * AES-CBC (NIST SP 800-38A F.2), PKCS#7 padding, RSA PKCS#1 v1.5 signatures
 * and key transport against OpenSSL-made vectors (tests/data/crypto/), and
 * implicit rejection.
 */
#include <glib.h>
#include <string.h>

#include "crypto/crypto.h"
#include "testlib.h"

/* ------------------------------------------------------------------ */
/* helpers                                                            */
/* ------------------------------------------------------------------ */

/* Odd chunk sizes used for every streaming test. */
static const size_t chunk_sizes[] = { 1, 2, 3, 7, 13, 15, 16, 17, 31, 63, 64, 65, 127, 1000 };

/* ------------------------------------------------------------------ */
/* digests                                                            */
/* ------------------------------------------------------------------ */

/* FIPS 180-4 example values (NIST CSRC "Examples with Intermediate
 * Values"): "abc", the empty string and one million 'a'. */
static const struct {
	smime_digest_id id;
	const char *abc, *empty, *million_a;
} digest_kats[] = {
	{ SMIME_DIGEST_SHA1,
	  "a9993e364706816aba3e25717850c26c9cd0d89d",
	  "da39a3ee5e6b4b0d3255bfef95601890afd80709",
	  "34aa973cd4c4daa4f61eeb2bdbad27316534016f" },
	{ SMIME_DIGEST_SHA224,
	  "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7",
	  "d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f",
	  "20794655980c91d8bbb4c1ea97618a4bf03f42581948b2ee4ee7ad67" },
	{ SMIME_DIGEST_SHA256,
	  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	  "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0" },
	{ SMIME_DIGEST_SHA384,
	  "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
	  "8086072ba1e7cc2358baeca134c825a7",
	  "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da"
	  "274edebfe76f65fbd51ad2f14898b95b",
	  "9d0e1809716474cb086e834e310a4a1ced149e9c00f248527972cec5704c2a5b"
	  "07b8b3dc38ecc4ebae97ddd87f3d8985" },
	{ SMIME_DIGEST_SHA512,
	  "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
	  "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
	  "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
	  "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
	  "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb"
	  "de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b" },
};

static void test_digest_table(void)
{
	static const struct {
		smime_digest_id id;
		const char *name, *micalg;
		size_t size;
		bool weak;
		uint8_t oid_last; /* last arc of the OID inside the prefix */
	} expect[] = {
		{ SMIME_DIGEST_SHA1, "sha1", "sha-1", 20, true, 0x1a },
		{ SMIME_DIGEST_SHA224, "sha224", "sha-224", 28, false, 0x04 },
		{ SMIME_DIGEST_SHA256, "sha256", "sha-256", 32, false, 0x01 },
		{ SMIME_DIGEST_SHA384, "sha384", "sha-384", 48, false, 0x02 },
		{ SMIME_DIGEST_SHA512, "sha512", "sha-512", 64, false, 0x03 },
	};

	/* SHA-1 and SHA-2 here; SHA-3 and SHAKE256 in tests/test-crypto-sig.c */
	g_assert_cmpuint(G_N_ELEMENTS(expect), ==, SMIME_DIGEST_SHA512 + 1);
	for (size_t i = 0; i < G_N_ELEMENTS(expect); i++) {
		const smime_digest_desc *d = smime_crypto__digest_get(expect[i].id);
		const uint8_t *p;
		size_t plen;

		g_assert_nonnull(d);
		g_assert_cmpint(d->id, ==, expect[i].id);
		g_assert_cmpstr(d->name, ==, expect[i].name);
		g_assert_cmpstr(d->micalg, ==, expect[i].micalg);
		g_assert_cmpuint(d->digest_size, ==, expect[i].size);
		g_assert_cmpuint(d->digest_size, <=, SMIME_DIGEST_MAX_SIZE);
		g_assert_true(d->weak == expect[i].weak);
		g_assert_nonnull(d->nettle);
		g_assert_true(smime_crypto__digest_by_name(expect[i].name) == d);
		g_assert_true(smime_crypto__digest_by_name(expect[i].micalg) == d);

		/* DigestInfo prefix: SEQUENCE whose length covers prefix and
		 * digest, ending with NULL params and an OCTET STRING header. */
		p = d->digest_info_prefix;
		plen = d->digest_info_prefix_len;
		g_assert_cmpuint(plen, >=, 6);
		g_assert_cmpuint(p[0], ==, 0x30);
		g_assert_cmpuint(p[1], ==, plen - 2 + d->digest_size);
		g_assert_cmpuint(p[plen - 5], ==, expect[i].oid_last);
		g_assert_cmpuint(p[plen - 4], ==, 0x05);
		g_assert_cmpuint(p[plen - 3], ==, 0x00);
		g_assert_cmpuint(p[plen - 2], ==, 0x04);
		g_assert_cmpuint(p[plen - 1], ==, d->digest_size);
	}
	/* RFC 8017 §9.2 note 1, SHA-256, in full */
	{
		const smime_digest_desc *d = smime_crypto__digest_get(SMIME_DIGEST_SHA256);

		assert_hex(d->digest_info_prefix, d->digest_info_prefix_len,
			   "3031300d060960864801650304020105000420");
	}
	g_assert_true(smime_crypto__digest_by_name("SHA-256") ==
		      smime_crypto__digest_get(SMIME_DIGEST_SHA256));
	g_assert_null(smime_crypto__digest_by_name("md5"));
	g_assert_null(smime_crypto__digest_by_name("sha-512/256"));
	g_assert_null(smime_crypto__digest_by_name(""));
	g_assert_null(smime_crypto__digest_by_name(NULL));
	g_assert_null(smime_crypto__digest_get(SMIME_DIGEST_COUNT));
	g_assert_null(smime_crypto__digest_get((smime_digest_id)-1));
}

static void test_digest_kat(void)
{
	const size_t million = 1000000;
	uint8_t *a = g_malloc(million);
	uint8_t out[SMIME_DIGEST_MAX_SIZE];

	memset(a, 'a', million);
	for (size_t i = 0; i < G_N_ELEMENTS(digest_kats); i++) {
		const smime_digest_desc *d = smime_crypto__digest_get(digest_kats[i].id);
		smime_digest_ctx ctx;
		size_t off, c;

		smime_crypto__digest(d, "abc", 3, out);
		assert_hex(out, d->digest_size, digest_kats[i].abc);

		smime_crypto__digest(d, "", 0, out);
		assert_hex(out, d->digest_size, digest_kats[i].empty);
		smime_crypto__digest(d, NULL, 0, out);
		assert_hex(out, d->digest_size, digest_kats[i].empty);

		smime_crypto__digest(d, a, million, out);
		assert_hex(out, d->digest_size, digest_kats[i].million_a);

		/* the million a's again, streamed in rotating odd chunks */
		smime_crypto__digest_init(&ctx, d);
		for (off = 0, c = 0; off < million; c++) {
			size_t n = chunk_sizes[c % G_N_ELEMENTS(chunk_sizes)] * 7 + 1;

			if (n > million - off)
				n = million - off;
			smime_crypto__digest_update(&ctx, a + off, n);
			off += n;
		}
		smime_crypto__digest_final(&ctx, out);
		assert_hex(out, d->digest_size, digest_kats[i].million_a);
		/* final wiped the context */
		g_assert_true(all_zero(&ctx, sizeof(ctx)));

		/* "abc" one byte at a time, with empty updates in between */
		smime_crypto__digest_init(&ctx, d);
		smime_crypto__digest_update(&ctx, "a", 1);
		smime_crypto__digest_update(&ctx, NULL, 0);
		smime_crypto__digest_update(&ctx, "b", 1);
		smime_crypto__digest_update(&ctx, "c", 1);
		smime_crypto__digest_final(&ctx, out);
		assert_hex(out, d->digest_size, digest_kats[i].abc);
	}
	g_free(a);
}

static void test_digest_streaming(void)
{
	uint8_t data[3001];
	uint8_t one[SMIME_DIGEST_MAX_SIZE], streamed[SMIME_DIGEST_MAX_SIZE];

	fill_pattern(data, sizeof(data), 42);
	for (int id = 0; id < SMIME_DIGEST_COUNT; id++) {
		const smime_digest_desc *d = smime_crypto__digest_get(id);

		smime_crypto__digest(d, data, sizeof(data), one);
		for (size_t c = 0; c < G_N_ELEMENTS(chunk_sizes); c++) {
			smime_digest_ctx ctx;

			smime_crypto__digest_init(&ctx, d);
			for (size_t off = 0; off < sizeof(data);) {
				size_t n = MIN(chunk_sizes[c], sizeof(data) - off);

				smime_crypto__digest_update(&ctx, data + off, n);
				off += n;
			}
			smime_crypto__digest_final(&ctx, streamed);
			g_assert_cmpmem(one, d->digest_size, streamed, d->digest_size);
		}
	}
}

/* ------------------------------------------------------------------ */
/* AES-CBC                                                            */
/* ------------------------------------------------------------------ */

/* NIST SP 800-38A, F.2.1-F.2.6 (CBC-AES128/192/256, encrypt and decrypt
 * use the same vectors). "pad" is the extra block our PKCS#7 padding adds
 * to the 64-byte plaintext (E_K(C4 xor 10..10)), computed with
 * `openssl enc -aes-N-cbc -K .. -iv ..`. */
static const char sp800_iv[] = "000102030405060708090a0b0c0d0e0f";
static const char sp800_pt[] =
	"6bc1bee22e409f96e93d7e117393172a" "ae2d8a571e03ac9c9eb76fac45af8e51"
	"30c81c46a35ce411e5fbc1191a0a52ef" "f69f2445df4f9b17ad2b417be66c3710";
static const struct {
	smime_cipher_id id;
	const char *key, *ct, *pad;
} sp800[] = {
	{ SMIME_CIPHER_ID_AES128_CBC,
	  "2b7e151628aed2a6abf7158809cf4f3c",
	  "7649abac8119b246cee98e9b12e9197d" "5086cb9b507219ee95db113a917678b2"
	  "73bed6b8e3c1743b7116e69e22229516" "3ff1caa1681fac09120eca307586e1a7",
	  "8cb82807230e1321d3fae00d18cc2012" },
	{ SMIME_CIPHER_ID_AES192_CBC,
	  "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b",
	  "4f021db243bc633d7178183a9fa071e8" "b4d9ada9ad7dedf4e5e738763f69145a"
	  "571b242012fb7ae07fa9baac3df102e0" "08b0e27988598881d920a9e64f5615cd",
	  "612ccd79224b350935d45dd6a98f8176" },
	{ SMIME_CIPHER_ID_AES256_CBC,
	  "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
	  "f58c4c04d6e5f1ba779eabfb5f7bfbd6" "9cfc4e967edb808d679f777bc6702c7d"
	  "39f23369a9d9bacfa530e26304231461" "b2eb05e2c39be9fcda6c19078c6a9d1b",
	  "3f461796d6b0d6b2e0c2a72b4d80e644" },
};

/* Whole-buffer CBC through the streaming API, input fed in `chunk`-byte
 * pieces (0 = at once). Returns the smime error of the first failing call. */
static int cbc_run(const smime_cipher_desc *d, bool encrypt, const uint8_t *key,
		   const uint8_t *iv, const uint8_t *in, size_t in_len,
		   size_t chunk, uint8_t *out, size_t *out_len)
{
	smime_cbc_ctx ctx;
	size_t total = 0, take, n;
	int ret;

	ret = smime_crypto__cbc_init(&ctx, d, encrypt, key, d->key_size, iv, 16);
	if (ret < 0)
		return ret;
	if (chunk == 0)
		chunk = in_len ? in_len : 1;
	for (size_t off = 0; off < in_len; off += take) {
		take = MIN(chunk, in_len - off);
		ret = smime_crypto__cbc_update(&ctx, in + off, take, out + total, &n);
		if (ret < 0) {
			smime_crypto__cbc_wipe(&ctx);
			return ret;
		}
		g_assert_cmpuint(n, <=, take + 16);
		g_assert_cmpuint(n % 16, ==, 0);
		total += n;
	}
	ret = smime_crypto__cbc_final(&ctx, out + total, &n);
	/* final wipes whatever happened */
	g_assert_true(all_zero(&ctx, sizeof(ctx)));
	if (ret < 0)
		return ret;
	*out_len = total + n;
	return SMIME_OK;
}

static void test_cipher_table(void)
{
	static const struct {
		const char *name;
		size_t key, block;
	} expect[] = {
		[SMIME_CIPHER_ID_AES128_CBC] = { "aes-128-cbc", 16, 16 },
		[SMIME_CIPHER_ID_AES192_CBC] = { "aes-192-cbc", 24, 16 },
		[SMIME_CIPHER_ID_AES256_CBC] = { "aes-256-cbc", 32, 16 },
		/* legacy, decrypt only: tested in tests/test-crypto-aead.c */
		[SMIME_CIPHER_ID_DES_EDE3_CBC] = { "des-ede3-cbc", 24, 8 },
		[SMIME_CIPHER_ID_RC2_CBC] = { "rc2-cbc", 16, 8 },
	};

	g_assert_cmpuint(G_N_ELEMENTS(expect), ==, SMIME_CIPHER_ID_COUNT);
	for (int id = 0; id < SMIME_CIPHER_ID_COUNT; id++) {
		const smime_cipher_desc *d = smime_crypto__cipher_get(id);

		g_assert_nonnull(d);
		g_assert_cmpint(d->id, ==, id);
		g_assert_cmpstr(d->name, ==, expect[id].name);
		g_assert_cmpuint(d->key_size, ==, expect[id].key);
		g_assert_cmpuint(d->block_size, ==, expect[id].block);
		g_assert_cmpuint(d->iv_size, ==, expect[id].block);
		g_assert_true(smime_crypto__cipher_by_name(expect[id].name) == d);
	}
	g_assert_null(smime_crypto__cipher_by_name("aes-128-gcm"));
	g_assert_null(smime_crypto__cipher_by_name("des-cbc"));
	g_assert_null(smime_crypto__cipher_by_name(NULL));
	g_assert_null(smime_crypto__cipher_get(SMIME_CIPHER_ID_COUNT));
}

static void test_cipher_sp800_38a(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(sp800); i++) {
		const smime_cipher_desc *d = smime_crypto__cipher_get(sp800[i].id);
		size_t key_len, iv_len, pt_len, ct_len, pad_len, out_len;
		uint8_t *key = unhex(sp800[i].key, &key_len);
		uint8_t *iv = unhex(sp800_iv, &iv_len);
		uint8_t *pt = unhex(sp800_pt, &pt_len);
		uint8_t *ct = unhex(sp800[i].ct, &ct_len);
		uint8_t *pad = unhex(sp800[i].pad, &pad_len);
		uint8_t full[80], out[96];
		smime_cbc_ctx ctx;

		g_assert_cmpuint(key_len, ==, d->key_size);
		g_assert_cmpuint(ct_len, ==, 64);

		/* encrypt: F.2.1/3/5 blocks, then the padding block */
		g_assert_cmpint(cbc_run(d, true, key, iv, pt, pt_len, 0, out, &out_len),
				==, SMIME_OK);
		g_assert_cmpuint(out_len, ==, 80);
		g_assert_cmpmem(out, 64, ct, 64);
		g_assert_cmpmem(out + 64, 16, pad, 16);

		/* decrypt: F.2.2/4/6 */
		memcpy(full, ct, 64);
		memcpy(full + 64, pad, 16);
		g_assert_cmpint(cbc_run(d, false, key, iv, full, 80, 0, out, &out_len),
				==, SMIME_OK);
		g_assert_cmpmem(out, out_len, pt, 64);

		/* the raw 4-block decryption: update releases the first three
		 * blocks and holds back the fourth; final then rejects it
		 * (its "padding" 0x10 byte run is absent). */
		g_assert_cmpint(smime_crypto__cbc_init(&ctx, d, false, key, key_len,
						       iv, iv_len), ==, SMIME_OK);
		g_assert_cmpint(smime_crypto__cbc_update(&ctx, ct, 64, out, &out_len),
				==, SMIME_OK);
		g_assert_cmpmem(out, out_len, pt, 48);
		g_assert_cmpint(smime_crypto__cbc_final(&ctx, out, &out_len),
				==, SMIME_E_DECRYPT);
		g_assert_cmpuint(out_len, ==, 0);

		/* odd chunk sizes give the same bytes */
		for (size_t c = 0; c < G_N_ELEMENTS(chunk_sizes); c++) {
			g_assert_cmpint(cbc_run(d, true, key, iv, pt, pt_len,
						chunk_sizes[c], out, &out_len), ==, SMIME_OK);
			g_assert_cmpmem(out, out_len, full, 80);
			g_assert_cmpint(cbc_run(d, false, key, iv, full, 80,
						chunk_sizes[c], out, &out_len), ==, SMIME_OK);
			g_assert_cmpmem(out, out_len, pt, 64);
		}
		g_free(key);
		g_free(iv);
		g_free(pt);
		g_free(ct);
		g_free(pad);
	}
}

static void test_cipher_streaming(void)
{
	uint8_t key[32], iv[16], pt[1000], ct[1024], ct2[1024 + 16], back[1024 + 16];
	size_t ct_len, len;

	fill_pattern(key, sizeof(key), 1);
	fill_pattern(iv, sizeof(iv), 2);
	fill_pattern(pt, sizeof(pt), 3);
	/* the AES ciphers (both directions); 3DES and RC2 only decrypt */
	for (int id = SMIME_CIPHER_ID_AES128_CBC; id <= SMIME_CIPHER_ID_AES256_CBC; id++) {
		const smime_cipher_desc *d = smime_crypto__cipher_get(id);

		g_assert_cmpint(cbc_run(d, true, key, iv, pt, sizeof(pt), 0, ct, &ct_len),
				==, SMIME_OK);
		g_assert_cmpuint(ct_len, ==, 1008);
		for (size_t c = 0; c < G_N_ELEMENTS(chunk_sizes); c++) {
			g_assert_cmpint(cbc_run(d, true, key, iv, pt, sizeof(pt),
						chunk_sizes[c], ct2, &len), ==, SMIME_OK);
			g_assert_cmpmem(ct2, len, ct, ct_len);
			g_assert_cmpint(cbc_run(d, false, key, iv, ct, ct_len,
						chunk_sizes[c], back, &len), ==, SMIME_OK);
			g_assert_cmpmem(back, len, pt, sizeof(pt));
		}
	}
}

static void test_cipher_padding(void)
{
	uint8_t key[16], iv[16], pt[33], ct[64], back[80];
	const smime_cipher_desc *d = smime_crypto__cipher_get(SMIME_CIPHER_ID_AES128_CBC);

	fill_pattern(key, sizeof(key), 7);
	fill_pattern(iv, sizeof(iv), 8);
	fill_pattern(pt, sizeof(pt), 9);
	for (size_t len = 0; len <= 33; len++) {
		size_t ct_len, back_len;

		g_assert_cmpint(cbc_run(d, true, key, iv, pt, len, 0, ct, &ct_len),
				==, SMIME_OK);
		g_assert_cmpuint(ct_len, ==, (len / 16 + 1) * 16);
		g_assert_cmpint(cbc_run(d, false, key, iv, ct, ct_len, 0, back, &back_len),
				==, SMIME_OK);
		g_assert_cmpmem(back, back_len, pt, len);
		/* decrypting by hand shows the padding bytes: n times n */
		{
			smime_cbc_ctx ctx;
			size_t n;
			uint8_t raw[80];
			uint8_t padv = (uint8_t)(16 - len % 16);

			/* append a dummy block so the real last block is released */
			memcpy(raw, ct, ct_len);
			memset(raw + ct_len, 0, 16);
			g_assert_cmpint(smime_crypto__cbc_init(&ctx, d, false, key, 16, iv, 16),
					==, SMIME_OK);
			g_assert_cmpint(smime_crypto__cbc_update(&ctx, raw, ct_len + 16, back, &n),
					==, SMIME_OK);
			g_assert_cmpuint(n, ==, ct_len);
			for (size_t i = len; i < ct_len; i++)
				g_assert_cmpuint(back[i], ==, padv);
			smime_crypto__cbc_wipe(&ctx);
			g_assert_true(all_zero(&ctx, sizeof(ctx)));
		}
	}
}

/* Decrypts ct after XOR-ing delta into byte `pos` (CBC bit flipping turns
 * a change of block i-1 (or the IV) into the same change of plaintext
 * block i). */
static int decrypt_flipped(const smime_cipher_desc *d, const uint8_t *key,
			   const uint8_t *iv, const uint8_t *ct, size_t ct_len,
			   size_t pos, uint8_t delta, bool flip_iv, size_t *out_len)
{
	uint8_t c[64], v[16], out[80];

	g_assert_cmpuint(ct_len, <=, sizeof(c));
	memcpy(c, ct, ct_len);
	memcpy(v, iv, 16);
	if (flip_iv)
		v[pos] ^= delta;
	else
		c[pos] ^= delta;
	return cbc_run(d, false, key, v, c, ct_len, 0, out, out_len);
}

static void test_cipher_bad_padding(void)
{
	const smime_cipher_desc *d = smime_crypto__cipher_get(SMIME_CIPHER_ID_AES256_CBC);
	uint8_t key[32], iv[16], pt[20], ct[32], ct16[16];
	size_t ct_len, ct16_len, n;

	fill_pattern(key, sizeof(key), 11);
	fill_pattern(iv, sizeof(iv), 12);
	fill_pattern(pt, sizeof(pt), 13);
	/* 20 bytes: last plaintext block = 4 bytes data + 12 x 0x0c */
	g_assert_cmpint(cbc_run(d, true, key, iv, pt, 20, 0, ct, &ct_len), ==, SMIME_OK);
	g_assert_cmpuint(ct_len, ==, 32);

	/* untouched: fine */
	g_assert_cmpint(decrypt_flipped(d, key, iv, ct, 32, 0, 0, false, &n), ==, SMIME_OK);
	g_assert_cmpuint(n, ==, 20);
	/* pad byte 0x0c -> 0x00 */
	g_assert_cmpint(decrypt_flipped(d, key, iv, ct, 32, 15, 0x0c, false, &n),
			==, SMIME_E_DECRYPT);
	/* pad byte 0x0c -> 0x11 (> block size) */
	g_assert_cmpint(decrypt_flipped(d, key, iv, ct, 32, 15, 0x0c ^ 0x11, false, &n),
			==, SMIME_E_DECRYPT);
	/* pad byte 0x0c -> 0x0d: one padding byte too many claimed */
	g_assert_cmpint(decrypt_flipped(d, key, iv, ct, 32, 15, 0x0c ^ 0x0d, false, &n),
			==, SMIME_E_DECRYPT);
	/* first padding byte changed */
	g_assert_cmpint(decrypt_flipped(d, key, iv, ct, 32, 4, 0x01, false, &n),
			==, SMIME_E_DECRYPT);
	/* a middle padding byte changed */
	g_assert_cmpint(decrypt_flipped(d, key, iv, ct, 32, 9, 0x80, false, &n),
			==, SMIME_E_DECRYPT);
	/* a data byte changed: padding still valid (CBC is not authenticated) */
	g_assert_cmpint(decrypt_flipped(d, key, iv, ct, 32, 3, 0x01, false, &n),
			==, SMIME_OK);
	g_assert_cmpuint(n, ==, 20);
	/* pad byte 0x0c -> 0x01: a valid (shorter) padding */
	g_assert_cmpint(decrypt_flipped(d, key, iv, ct, 32, 15, 0x0c ^ 0x01, false, &n),
			==, SMIME_OK);
	g_assert_cmpuint(n, ==, 31);

	/* a message of exactly one block of padding (empty plaintext):
	 * flip through the IV; 0x10 -> 0x00, 0x10 -> 0x20, one byte off */
	g_assert_cmpint(cbc_run(d, true, key, iv, pt, 0, 0, ct16, &ct16_len), ==, SMIME_OK);
	g_assert_cmpuint(ct16_len, ==, 16);
	g_assert_cmpint(decrypt_flipped(d, key, iv, ct16, 16, 0, 0, true, &n), ==, SMIME_OK);
	g_assert_cmpuint(n, ==, 0);
	g_assert_cmpint(decrypt_flipped(d, key, iv, ct16, 16, 15, 0x10, true, &n),
			==, SMIME_E_DECRYPT);
	g_assert_cmpint(decrypt_flipped(d, key, iv, ct16, 16, 15, 0x30, true, &n),
			==, SMIME_E_DECRYPT);
	g_assert_cmpint(decrypt_flipped(d, key, iv, ct16, 16, 0, 0x04, true, &n),
			==, SMIME_E_DECRYPT);

	/* wrong key: almost surely bad padding (1/256 chance of a valid
	 * looking 0x01; this key and IV are fixed, so the result is stable) */
	key[0] ^= 1;
	g_assert_cmpint(cbc_run(d, false, key, iv, ct, 32, 0, (uint8_t[48]){ 0 }, &n),
			==, SMIME_E_DECRYPT);
}

static void test_cipher_truncated(void)
{
	const smime_cipher_desc *d = smime_crypto__cipher_get(SMIME_CIPHER_ID_AES128_CBC);
	uint8_t key[16], iv[16], pt[40], ct[48], out[64];
	size_t ct_len, n;
	smime_cbc_ctx ctx;

	fill_pattern(key, sizeof(key), 21);
	fill_pattern(iv, sizeof(iv), 22);
	fill_pattern(pt, sizeof(pt), 23);
	g_assert_cmpint(cbc_run(d, true, key, iv, pt, 40, 0, ct, &ct_len), ==, SMIME_OK);
	g_assert_cmpuint(ct_len, ==, 48);

	/* not a multiple of the block size */
	for (size_t cut = 1; cut < 16; cut++)
		g_assert_cmpint(cbc_run(d, false, key, iv, ct, ct_len - cut, 0, out, &n),
				==, SMIME_E_DECRYPT);
	g_assert_cmpint(cbc_run(d, false, key, iv, ct, 47, 5, out, &n), ==, SMIME_E_DECRYPT);
	/* no ciphertext at all */
	g_assert_cmpint(cbc_run(d, false, key, iv, ct, 0, 0, out, &n), ==, SMIME_E_DECRYPT);
	/* one byte */
	g_assert_cmpint(cbc_run(d, false, key, iv, ct, 1, 0, out, &n), ==, SMIME_E_DECRYPT);

	/* after final (which wiped the context) update is a state error */
	g_assert_cmpint(smime_crypto__cbc_init(&ctx, d, false, key, 16, iv, 16), ==, SMIME_OK);
	g_assert_cmpint(smime_crypto__cbc_update(&ctx, ct, 48, out, &n), ==, SMIME_OK);
	g_assert_cmpuint(n, ==, 32);
	g_assert_cmpint(smime_crypto__cbc_final(&ctx, out + n, &n), ==, SMIME_OK);
	g_assert_cmpuint(n, ==, 8);
	g_assert_cmpmem(out, 40, pt, 40);
	g_assert_cmpint(smime_crypto__cbc_update(&ctx, ct, 16, out, &n), ==, SMIME_E_STATE);
	g_assert_cmpint(smime_crypto__cbc_final(&ctx, out, &n), ==, SMIME_E_STATE);
}

static void test_cipher_bad_args(void)
{
	uint8_t key[33] = { 0 }, iv[17] = { 0 }, out[32];
	smime_cbc_ctx ctx;
	size_t n;

	for (int id = 0; id < SMIME_CIPHER_ID_COUNT; id++) {
		const smime_cipher_desc *d = smime_crypto__cipher_get(id);
		const size_t lens[] = { 0, 8, 15, 16, 17, 24, 31, 32, 33 };
		/* RC2 takes keys of 1 to 128 bytes; 3DES and RC2 only decrypt */
		bool variable = id == SMIME_CIPHER_ID_RC2_CBC;
		bool legacy = d->block_size == 8;
		size_t bs = d->iv_size;

		for (size_t i = 0; i < G_N_ELEMENTS(lens); i++) {
			bool fits = variable ? lens[i] > 0 : lens[i] == d->key_size;
			int expect = fits ? SMIME_OK : SMIME_E_INVALID_ARGUMENT;

			memset(&ctx, 0, sizeof(ctx));
			g_assert_cmpint(smime_crypto__cbc_init(&ctx, d, true, key, lens[i],
							       iv, bs),
					==, fits && legacy ? SMIME_E_UNSUPPORTED : expect);
			g_assert_cmpint(smime_crypto__cbc_init(&ctx, d, false, key, lens[i],
							       iv, bs), ==, expect);
			smime_crypto__cbc_wipe(&ctx);
		}
		for (size_t ivl = 0; ivl <= 17; ivl++) {
			if (ivl == bs)
				continue;
			memset(&ctx, 0, sizeof(ctx));
			g_assert_cmpint(smime_crypto__cbc_init(&ctx, d, false, key, d->key_size,
							       iv, ivl),
					==, SMIME_E_INVALID_ARGUMENT);
		}
		g_assert_cmpint(smime_crypto__cbc_init(&ctx, d, false, NULL, d->key_size, iv, bs),
				==, SMIME_E_INVALID_ARGUMENT);
		g_assert_cmpint(smime_crypto__cbc_init(&ctx, d, false, key, d->key_size, NULL, bs),
				==, SMIME_E_INVALID_ARGUMENT);
	}
	/* the brief's case: a 24-byte key for AES-128 */
	g_assert_cmpint(smime_crypto__cbc_init(&ctx,
					       smime_crypto__cipher_get(SMIME_CIPHER_ID_AES128_CBC),
					       true, key, 24, iv, 16),
			==, SMIME_E_INVALID_ARGUMENT);
	/* a failed init leaves no usable context */
	g_assert_cmpint(smime_crypto__cbc_update(&ctx, key, 16, out, &n), ==, SMIME_E_STATE);
	g_assert_cmpint(smime_crypto__cbc_init(&ctx, NULL, true, key, 16, iv, 16),
			==, SMIME_E_INVALID_ARGUMENT);
	smime_crypto__cbc_wipe(NULL);
}

/* ------------------------------------------------------------------ */
/* random                                                             */
/* ------------------------------------------------------------------ */

static void test_random(void)
{
	uint8_t a[32], b[32];

	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	g_assert_cmpint(smime_crypto__random(a, sizeof(a)), ==, SMIME_OK);
	g_assert_cmpint(smime_crypto__random(b, sizeof(b)), ==, SMIME_OK);
	g_assert_false(memcmp(a, b, sizeof(a)) == 0);
	g_assert_false(all_zero(a, sizeof(a)));
	g_assert_cmpint(smime_crypto__random(a, 0), ==, SMIME_OK);
	g_assert_cmpint(smime_crypto__random(NULL, 0), ==, SMIME_OK);
	g_assert_cmpint(smime_crypto__random(NULL, 1), ==, SMIME_E_INVALID_ARGUMENT);

	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	smime_crypto__random_cb(NULL, sizeof(a), a);
	smime_crypto__random_cb(NULL, sizeof(b), b);
	g_assert_false(memcmp(a, b, sizeof(a)) == 0);
	smime_crypto__random_cb(NULL, 0, NULL);
}

/* ------------------------------------------------------------------ */
/* RSA                                                                */
/* ------------------------------------------------------------------ */

typedef struct {
	uint8_t *v[8];
	size_t len[8];
} raw_params;

static const char *const param_names[8] = { "n", "e", "d", "p", "q", "dp", "dq", "qinv" };

static GKeyFile *vectors(void)
{
	static GKeyFile *kf;

	if (kf == NULL)
		kf = load_keyfile("crypto", "rsa2048.txt");
	return kf;
}

static uint8_t *vec_bytes(const char *group, const char *name, size_t *len)
{
	return keyfile_bytes(vectors(), group, name, len);
}

static void raw_load(raw_params *r, const char *group)
{
	for (int i = 0; i < 8; i++)
		r->v[i] = vec_bytes(group, param_names[i], &r->len[i]);
}

static void raw_free(raw_params *r)
{
	for (int i = 0; i < 8; i++)
		g_free(r->v[i]);
}

static smime_rsa_params to_params(const raw_params *r)
{
	smime_rsa_params p = {
		.n = r->v[0], .n_len = r->len[0],
		.e = r->v[1], .e_len = r->len[1],
		.d = r->v[2], .d_len = r->len[2],
		.p = r->v[3], .p_len = r->len[3],
		.q = r->v[4], .q_len = r->len[4],
		.dp = r->v[5], .dp_len = r->len[5],
		.dq = r->v[6], .dq_len = r->len[6],
		.qinv = r->v[7], .qinv_len = r->len[7],
	};
	return p;
}

static smime_rsa_key *load_key(const char *group, bool private)
{
	raw_params r;
	smime_rsa_params p;
	smime_rsa_key *key = NULL;

	raw_load(&r, group);
	p = to_params(&r);
	if (private)
		g_assert_cmpint(smime_crypto__rsa_private_new(&key, &p), ==, SMIME_OK);
	else
		g_assert_cmpint(smime_crypto__rsa_public_new(&key, &p), ==, SMIME_OK);
	g_assert_nonnull(key);
	raw_free(&r);
	return key;
}

static void test_rsa_load(void)
{
	smime_rsa_key *priv = load_key("key", true);
	smime_rsa_key *pub = load_key("key", false);
	smime_rsa_key *other = load_key("other-key", true);
	smime_rsa_key *small = load_key("key-1024", false);
	smime_rsa_key *key = NULL;
	raw_params r, o;
	smime_rsa_params p;
	uint8_t *padded, bad[64];

	g_assert_cmpuint(smime_crypto__rsa_bits(priv), ==, 2048);
	g_assert_cmpuint(smime_crypto__rsa_size(priv), ==, 256);
	g_assert_cmpuint(smime_crypto__rsa_bits(pub), ==, 2048);
	g_assert_cmpuint(smime_crypto__rsa_size(pub), ==, 256);
	g_assert_cmpuint(smime_crypto__rsa_bits(small), ==, 1024);
	g_assert_cmpuint(smime_crypto__rsa_size(small), ==, 128);
	g_assert_true(smime_crypto__rsa_has_private(priv));
	g_assert_false(smime_crypto__rsa_has_private(pub));
	g_assert_false(smime_crypto__rsa_has_private(NULL));
	g_assert_true(smime_crypto__rsa_same_public(priv, pub));
	g_assert_true(smime_crypto__rsa_same_public(pub, priv));
	g_assert_false(smime_crypto__rsa_same_public(priv, other));
	g_assert_false(smime_crypto__rsa_same_public(pub, small));
	g_assert_false(smime_crypto__rsa_same_public(pub, NULL));
	g_assert_cmpuint(smime_crypto__rsa_bits(NULL), ==, 0);

	raw_load(&r, "key");
	raw_load(&o, "other-key");

	/* a leading zero byte (as GnuTLS exports) is accepted */
	padded = g_malloc0(r.len[0] + 1);
	memcpy(padded + 1, r.v[0], r.len[0]);
	p = to_params(&r);
	p.n = padded;
	p.n_len = r.len[0] + 1;
	g_assert_cmpint(smime_crypto__rsa_private_new(&key, &p), ==, SMIME_OK);
	g_assert_true(smime_crypto__rsa_same_public(key, pub));
	g_assert_cmpuint(smime_crypto__rsa_size(key), ==, 256);
	smime_crypto__rsa_key_free(key);
	g_free(padded);

	/* even modulus */
	p = to_params(&r);
	memcpy(bad, r.v[0], 64);
	bad[63] &= 0xfe;
	p.n = bad;
	p.n_len = 64;
	g_assert_cmpint(smime_crypto__rsa_public_new(&key, &p), ==, SMIME_E_KEY);
	g_assert_null(key);
	/* too small: a 256-bit odd modulus */
	memcpy(bad, r.v[0], 32);
	bad[31] |= 1;
	p.n_len = 32;
	g_assert_cmpint(smime_crypto__rsa_public_new(&key, &p), ==, SMIME_E_KEY);
	/* e = 1, e even, e missing, e = n */
	p = to_params(&r);
	p.e = (const uint8_t *)"\x01";
	p.e_len = 1;
	g_assert_cmpint(smime_crypto__rsa_public_new(&key, &p), ==, SMIME_E_KEY);
	p.e = (const uint8_t *)"\x01\x00\x00";
	p.e_len = 3;
	g_assert_cmpint(smime_crypto__rsa_public_new(&key, &p), ==, SMIME_E_KEY);
	p.e_len = 0;
	g_assert_cmpint(smime_crypto__rsa_public_new(&key, &p), ==, SMIME_E_KEY);
	p.e = r.v[0];
	p.e_len = r.len[0];
	g_assert_cmpint(smime_crypto__rsa_public_new(&key, &p), ==, SMIME_E_KEY);
	/* private key missing parameters */
	p = to_params(&r);
	p.qinv = NULL;
	p.qinv_len = 0;
	g_assert_cmpint(smime_crypto__rsa_private_new(&key, &p), ==, SMIME_E_KEY);
	/* factors of another key */
	p = to_params(&r);
	p.p = o.v[3];
	p.p_len = o.len[3];
	g_assert_cmpint(smime_crypto__rsa_private_new(&key, &p), ==, SMIME_E_KEY);
	p = to_params(&o);
	p.n = r.v[0];
	p.n_len = r.len[0];
	g_assert_cmpint(smime_crypto__rsa_private_new(&key, &p), ==, SMIME_E_KEY);
	g_assert_null(key);
	g_assert_cmpint(smime_crypto__rsa_public_new(&key, NULL), ==, SMIME_E_INVALID_ARGUMENT);
	g_assert_cmpint(smime_crypto__rsa_public_new(NULL, &p), ==, SMIME_E_INVALID_ARGUMENT);

	raw_free(&r);
	raw_free(&o);
	smime_crypto__rsa_key_free(NULL);
	smime_crypto__rsa_key_free(priv);
	smime_crypto__rsa_key_free(pub);
	smime_crypto__rsa_key_free(other);
	smime_crypto__rsa_key_free(small);
}

static const char *const hash_names[] = { "sha1", "sha224", "sha256", "sha384", "sha512" };

static void test_rsa_sign_kat(void)
{
	smime_rsa_key *priv = load_key("key", true);
	smime_rsa_key *pub = load_key("key", false);
	smime_rsa_key *priv1024 = load_key("key-1024", true);
	smime_rsa_key *pub1024 = load_key("key-1024", false);
	GError *err = NULL;
	char *msg = g_key_file_get_string(vectors(), "sign", "message", &err);

	g_assert_no_error(err);
	/* the SHA-1/SHA-2 vectors of tests/data/crypto (SHA-3 signatures are
	 * tested in tests/test-crypto-sig.c) */
	G_STATIC_ASSERT(G_N_ELEMENTS(hash_names) == SMIME_DIGEST_SHA512 + 1);
	for (int id = 0; id <= SMIME_DIGEST_SHA512; id++) {
		const smime_digest_desc *d = smime_crypto__digest_get(id);
		char *name;
		uint8_t *digest, *expect, *expect1024;
		size_t dlen, elen, elen1024, sig_len;
		uint8_t computed[SMIME_DIGEST_MAX_SIZE], sig[256];

		g_assert_cmpstr(d->name, ==, hash_names[id]);
		name = g_strconcat("digest-", d->name, NULL);
		digest = vec_bytes("sign", name, &dlen);
		g_free(name);
		name = g_strconcat("signature-", d->name, NULL);
		expect = vec_bytes("sign", name, &elen);
		g_free(name);
		name = g_strconcat("signature-1024-", d->name, NULL);
		expect1024 = vec_bytes("sign", name, &elen1024);
		g_free(name);

		/* the stored digest is H(message) */
		smime_crypto__digest(d, msg, strlen(msg), computed);
		g_assert_cmpmem(computed, d->digest_size, digest, dlen);

		/* PKCS#1 v1.5 is deterministic: equal to OpenSSL's bytes */
		g_assert_cmpint(smime_crypto__rsa_pkcs1_sign(priv, d, digest, sig, &sig_len),
				==, SMIME_OK);
		g_assert_cmpmem(sig, sig_len, expect, elen);
		g_assert_cmpint(smime_crypto__rsa_pkcs1_verify(pub, d, digest, sig, sig_len),
				==, SMIME_OK);
		g_assert_cmpint(smime_crypto__rsa_pkcs1_verify(priv, d, digest, expect, elen),
				==, SMIME_OK);

		g_assert_cmpint(smime_crypto__rsa_pkcs1_sign(priv1024, d, digest, sig, &sig_len),
				==, SMIME_OK);
		g_assert_cmpmem(sig, sig_len, expect1024, elen1024);
		g_assert_cmpint(smime_crypto__rsa_pkcs1_verify(pub1024, d, digest, expect1024,
							      elen1024), ==, SMIME_OK);
		/* the 2048-bit signature does not verify with the other key */
		g_assert_cmpint(smime_crypto__rsa_pkcs1_verify(pub1024, d, digest, expect, elen),
				==, SMIME_E_BAD_SIGNATURE);

		g_free(digest);
		g_free(expect);
		g_free(expect1024);
	}
	/* signing needs the private key */
	{
		uint8_t dg[32] = { 0 }, sig[256];
		size_t sig_len = 99;

		g_assert_cmpint(smime_crypto__rsa_pkcs1_sign(pub, smime_crypto__digest_get(SMIME_DIGEST_SHA256),
							     dg, sig, &sig_len),
				==, SMIME_E_INVALID_ARGUMENT);
		g_assert_cmpuint(sig_len, ==, 0);
	}
	g_free(msg);
	smime_crypto__rsa_key_free(priv);
	smime_crypto__rsa_key_free(pub);
	smime_crypto__rsa_key_free(priv1024);
	smime_crypto__rsa_key_free(pub1024);
}

static void test_rsa_verify_bad(void)
{
	smime_rsa_key *pub = load_key("key", false);
	smime_rsa_key *other = load_key("other-key", false);
	const smime_digest_desc *sha256 = smime_crypto__digest_get(SMIME_DIGEST_SHA256);
	const smime_digest_desc *sha224 = smime_crypto__digest_get(SMIME_DIGEST_SHA224);
	size_t dlen, slen, nlen;
	uint8_t *digest = vec_bytes("sign", "digest-sha256", &dlen);
	uint8_t *sig = vec_bytes("sign", "signature-sha256", &slen);
	uint8_t *n = vec_bytes("key", "n", &nlen);
	uint8_t buf[258];

	g_assert_cmpuint(slen, ==, 256);
	g_assert_cmpint(smime_crypto__rsa_pkcs1_verify(pub, sha256, digest, sig, slen), ==, SMIME_OK);

	/* every bit position of a few bytes of the signature */
	for (size_t pos = 0; pos < slen; pos += 51) {
		for (int bit = 0; bit < 8; bit++) {
			memcpy(buf, sig, slen);
			buf[pos] ^= (uint8_t)(1u << bit);
			g_assert_cmpint(smime_crypto__rsa_pkcs1_verify(pub, sha256, digest, buf, slen),
					==, SMIME_E_BAD_SIGNATURE);
		}
	}
	/* other digest */
	memcpy(buf, digest, dlen);
	buf[0] ^= 1;
	g_assert_cmpint(smime_crypto__rsa_pkcs1_verify(pub, sha256, buf, sig, slen),
			==, SMIME_E_BAD_SIGNATURE);
	/* other algorithm (the DigestInfo differs) */
	g_assert_cmpint(smime_crypto__rsa_pkcs1_verify(pub, sha224, digest, sig, slen),
			==, SMIME_E_BAD_SIGNATURE);
	/* other key */
	g_assert_cmpint(smime_crypto__rsa_pkcs1_verify(other, sha256, digest, sig, slen),
			==, SMIME_E_BAD_SIGNATURE);
	/* wrong lengths: one byte short, a leading zero added, empty */
	g_assert_cmpint(smime_crypto__rsa_pkcs1_verify(pub, sha256, digest, sig + 1, slen - 1),
			==, SMIME_E_BAD_SIGNATURE);
	g_assert_cmpint(smime_crypto__rsa_pkcs1_verify(pub, sha256, digest, sig, slen - 1),
			==, SMIME_E_BAD_SIGNATURE);
	buf[0] = 0;
	memcpy(buf + 1, sig, slen);
	g_assert_cmpint(smime_crypto__rsa_pkcs1_verify(pub, sha256, digest, buf, slen + 1),
			==, SMIME_E_BAD_SIGNATURE);
	g_assert_cmpint(smime_crypto__rsa_pkcs1_verify(pub, sha256, digest, NULL, 0),
			==, SMIME_E_BAD_SIGNATURE);
	/* s = n and s = 0 are not signature representatives */
	g_assert_cmpuint(nlen, ==, 256);
	g_assert_cmpint(smime_crypto__rsa_pkcs1_verify(pub, sha256, digest, n, nlen),
			==, SMIME_E_BAD_SIGNATURE);
	memset(buf, 0, 256);
	g_assert_cmpint(smime_crypto__rsa_pkcs1_verify(pub, sha256, digest, buf, 256),
			==, SMIME_E_BAD_SIGNATURE);
	memset(buf, 0xff, 256);
	g_assert_cmpint(smime_crypto__rsa_pkcs1_verify(pub, sha256, digest, buf, 256),
			==, SMIME_E_BAD_SIGNATURE);

	g_free(digest);
	g_free(sig);
	g_free(n);
	smime_crypto__rsa_key_free(pub);
	smime_crypto__rsa_key_free(other);
}

static void test_rsa_encrypt_roundtrip(void)
{
	smime_rsa_key *priv = load_key("key", true);
	smime_rsa_key *pub = load_key("key", false);
	static const size_t sizes[] = { 16, 24, 32 };
	uint8_t msg[256], ct1[256], ct2[256], out[32];
	size_t ct_len;

	for (size_t i = 0; i < G_N_ELEMENTS(sizes); i++) {
		size_t len = sizes[i];

		fill_pattern(msg, len, (uint32_t)(100 + i));
		g_assert_cmpint(smime_crypto__rsa_pkcs1_encrypt(pub, msg, len, ct1, &ct_len),
				==, SMIME_OK);
		g_assert_cmpuint(ct_len, ==, 256);
		g_assert_cmpint(smime_crypto__rsa_pkcs1_encrypt(priv, msg, len, ct2, &ct_len),
				==, SMIME_OK);
		/* random padding: two encryptions differ */
		g_assert_false(memcmp(ct1, ct2, 256) == 0);

		memset(out, 0, sizeof(out));
		g_assert_cmpint(smime_crypto__rsa_pkcs1_decrypt_implicit(priv, ct1, 256, out, len),
				==, SMIME_OK);
		g_assert_cmpmem(out, len, msg, len);
		memset(out, 0, sizeof(out));
		g_assert_cmpint(smime_crypto__rsa_pkcs1_decrypt_implicit(priv, ct2, 256, out, len),
				==, SMIME_OK);
		g_assert_cmpmem(out, len, msg, len);
	}
	/* the longest message that fits: k - 11 bytes; one more is refused */
	fill_pattern(msg, 245, 5);
	g_assert_cmpint(smime_crypto__rsa_pkcs1_encrypt(pub, msg, 245, ct1, &ct_len), ==, SMIME_OK);
	g_assert_cmpint(smime_crypto__rsa_pkcs1_encrypt(pub, msg, 246, ct1, &ct_len),
			==, SMIME_E_INVALID_ARGUMENT);
	g_assert_cmpuint(ct_len, ==, 0);
	/* decryption needs the private key */
	g_assert_cmpint(smime_crypto__rsa_pkcs1_decrypt_implicit(pub, ct2, 256, out, 16),
			==, SMIME_E_INVALID_ARGUMENT);
	smime_crypto__rsa_key_free(priv);
	smime_crypto__rsa_key_free(pub);
}

static void test_rsa_decrypt_openssl(void)
{
	smime_rsa_key *priv = load_key("key", true);
	size_t pt_len, ct_len;
	uint8_t *pt = vec_bytes("encrypt", "plaintext", &pt_len);
	uint8_t *ct = vec_bytes("encrypt", "ciphertext", &ct_len);
	uint8_t out[32];

	g_assert_cmpuint(pt_len, ==, 32);
	g_assert_cmpuint(ct_len, ==, 256);
	g_assert_cmpint(smime_crypto__rsa_pkcs1_decrypt_implicit(priv, ct, ct_len, out, 32),
			==, SMIME_OK);
	g_assert_cmpmem(out, 32, pt, 32);
	g_free(pt);
	g_free(ct);
	smime_crypto__rsa_key_free(priv);
}

/* Two implicit-rejection calls: no error, out_len bytes, neither equal to
 * the true plaintext (prefix), and different from each other. */
static void assert_rejected(const smime_rsa_key *key, const uint8_t *ct, size_t ct_len,
			    size_t out_len, const uint8_t *truth, size_t truth_len)
{
	uint8_t a[300], b[300];

	g_assert_cmpuint(out_len + 1, <=, sizeof(a));
	memset(a, 0xa5, sizeof(a));
	memset(b, 0xa5, sizeof(b));
	g_assert_cmpint(smime_crypto__rsa_pkcs1_decrypt_implicit(key, ct, ct_len, a, out_len),
			==, SMIME_OK);
	g_assert_cmpint(smime_crypto__rsa_pkcs1_decrypt_implicit(key, ct, ct_len, b, out_len),
			==, SMIME_OK);
	/* exactly out_len bytes written, nothing beyond */
	g_assert_cmpuint(a[out_len], ==, 0xa5);
	g_assert_cmpuint(b[out_len], ==, 0xa5);
	g_assert_false(memcmp(a, b, out_len) == 0);
	g_assert_false(memcmp(a, truth, MIN(out_len, truth_len)) == 0);
	g_assert_false(memcmp(b, truth, MIN(out_len, truth_len)) == 0);
}

static void test_rsa_implicit_rejection(void)
{
	smime_rsa_key *priv = load_key("key", true);
	smime_rsa_key *other = load_key("other-key", true);
	smime_rsa_key *small = load_key("key-1024", true);
	size_t pt_len, ct_len, n_len;
	uint8_t *pt = vec_bytes("encrypt", "plaintext", &pt_len);
	uint8_t *ct = vec_bytes("encrypt", "ciphertext", &ct_len);
	uint8_t *n = vec_bytes("key", "n", &n_len);
	uint8_t buf[300];

	/* expected length differs from the real one (32) */
	assert_rejected(priv, ct, ct_len, 16, pt, pt_len);
	assert_rejected(priv, ct, ct_len, 24, pt, pt_len);
	assert_rejected(priv, ct, ct_len, 31, pt, pt_len);
	assert_rejected(priv, ct, ct_len, 33, pt, pt_len);
	/* a length no PKCS#1 message can have with this key */
	assert_rejected(priv, ct, ct_len, 246, pt, pt_len);
	assert_rejected(priv, ct, ct_len, 256, pt, pt_len);

	/* tampered ciphertexts */
	for (size_t pos = 0; pos < ct_len; pos += 37) {
		memcpy(buf, ct, ct_len);
		buf[pos] ^= 0x40;
		assert_rejected(priv, buf, ct_len, 32, pt, pt_len);
	}
	/* wrong key of the same size, and of another size */
	assert_rejected(other, ct, ct_len, 32, pt, pt_len);
	assert_rejected(small, ct, ct_len, 32, pt, pt_len);
	/* wrong ciphertext lengths */
	assert_rejected(priv, ct, ct_len - 1, 32, pt, pt_len);
	assert_rejected(priv, ct + 1, ct_len - 1, 32, pt, pt_len);
	buf[0] = 0;
	memcpy(buf + 1, ct, ct_len);
	assert_rejected(priv, buf, ct_len + 1, 32, pt, pt_len);
	assert_rejected(priv, NULL, 0, 32, pt, pt_len);
	/* c >= n, c = 0 */
	assert_rejected(priv, n, n_len, 32, pt, pt_len);
	memset(buf, 0xff, 256);
	assert_rejected(priv, buf, 256, 32, pt, pt_len);
	memset(buf, 0, 256);
	assert_rejected(priv, buf, 256, 32, pt, pt_len);

	/* the genuine ciphertext still decrypts afterwards */
	memset(buf, 0, sizeof(buf));
	g_assert_cmpint(smime_crypto__rsa_pkcs1_decrypt_implicit(priv, ct, ct_len, buf, 32),
			==, SMIME_OK);
	g_assert_cmpmem(buf, 32, pt, 32);
	/* zero-length output is a no-op */
	g_assert_cmpint(smime_crypto__rsa_pkcs1_decrypt_implicit(priv, ct, ct_len, NULL, 0),
			==, SMIME_OK);

	g_free(pt);
	g_free(ct);
	g_free(n);
	smime_crypto__rsa_key_free(priv);
	smime_crypto__rsa_key_free(other);
	smime_crypto__rsa_key_free(small);
}

int main(int argc, char **argv)
{
	int ret;

	g_test_init(&argc, &argv, NULL);

	g_test_add_func("/crypto/digest/table", test_digest_table);
	g_test_add_func("/crypto/digest/kat", test_digest_kat);
	g_test_add_func("/crypto/digest/streaming", test_digest_streaming);
	g_test_add_func("/crypto/cipher/table", test_cipher_table);
	g_test_add_func("/crypto/cipher/sp800-38a", test_cipher_sp800_38a);
	g_test_add_func("/crypto/cipher/streaming", test_cipher_streaming);
	g_test_add_func("/crypto/cipher/padding", test_cipher_padding);
	g_test_add_func("/crypto/cipher/bad-padding", test_cipher_bad_padding);
	g_test_add_func("/crypto/cipher/truncated", test_cipher_truncated);
	g_test_add_func("/crypto/cipher/bad-args", test_cipher_bad_args);
	g_test_add_func("/crypto/random", test_random);
	g_test_add_func("/crypto/rsa/load", test_rsa_load);
	g_test_add_func("/crypto/rsa/sign-kat", test_rsa_sign_kat);
	g_test_add_func("/crypto/rsa/verify-bad", test_rsa_verify_bad);
	g_test_add_func("/crypto/rsa/encrypt-roundtrip", test_rsa_encrypt_roundtrip);
	g_test_add_func("/crypto/rsa/decrypt-openssl", test_rsa_decrypt_openssl);
	g_test_add_func("/crypto/rsa/implicit-rejection", test_rsa_implicit_rejection);

	ret = g_test_run();
	g_key_file_free(vectors());
	return ret;
}
