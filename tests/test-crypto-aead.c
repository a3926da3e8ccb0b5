/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Known-answer and misuse tests for the AEAD, ECDH and legacy CBC
 * primitives of the crypto layer (src/crypto/aead.c, ecdh.c, cipher.c):
 *
 *  - AES-GCM: the 18 test cases of McGrew and Viega, "The Galois/Counter
 *    Mode of Operation (GCM)", appendix B (96-bit, 64-bit and 480-bit IVs
 *    for AES-128/192/256), also in truncated-tag form (RFC 5084 ICV 12-16);
 *  - AES-CCM: RFC 3610 §8 packet vectors 1-3 and NIST SP 800-38C
 *    appendix C examples C.1-C.3 (tags of 4, 6 and 8 bytes);
 *  - ChaCha20-Poly1305: RFC 8439 §2.8.2;
 *  - tampering with tag, ciphertext, AAD or nonce: SMIME_E_DECRYPT, output
 *    wiped; wrong key, nonce and tag lengths refused;
 *  - X25519 / X448: RFC 7748 §5.2 and §6.1/§6.2; small-order points;
 *  - P-256/384/521: NIST CAVS 11.0 KAS ECC ZZOnly validity vectors
 *    (tests/data/crypto-aead/, see its README.md), key generation round
 *    trips, invalid points;
 *  - 3DES-CBC (NIST CAVS TCBCMMT3, OpenSSL) and RC2-CBC (RFC 2268 §5 with
 *    effective key bits, OpenSSL), decrypt only.
 */
#include <glib.h>
#include <string.h>

#include "crypto/crypto.h"
#include "testlib.h"

/* ------------------------------------------------------------------ */
/* helpers                                                            */
/* ------------------------------------------------------------------ */

/* ------------------------------------------------------------------ */
/* AEAD vectors                                                       */
/* ------------------------------------------------------------------ */

struct aead_kat {
	const char *label;
	smime_aead_id id;
	const char *key, *nonce, *aad, *pt, *ct, *tag;
};

/* McGrew-Viega GCM test cases: plaintexts, AAD and IVs they share. */
#define GCM_K "feffe9928665731c6d6a8f9467308308"
#define GCM_K192 GCM_K "feffe9928665731c"
#define GCM_K256 GCM_K GCM_K
#define GCM_P60 \
	"d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72" \
	"1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39"
#define GCM_P64 GCM_P60 "1aafd255"
#define GCM_A "feedfacedeadbeeffeedfacedeadbeefabaddad2"
#define GCM_IV12 "cafebabefacedbaddecaf888"
#define GCM_IV8 "cafebabefacedbad"
#define GCM_IV60 \
	"9313225df88406e555909c5aff5269aa6a7a9538534f7da1e4c303d2a318a728" \
	"c3c0c95156809539fcf0e2429a6b525416aedbf5a0de6a57a637b39b"
#define Z16 "00000000000000000000000000000000"
#define Z12 "000000000000000000000000"

static const struct aead_kat gcm_kats[] = {
	{ "gcm-1", SMIME_AEAD_AES128_GCM, Z16, Z12, "", "", "",
	  "58e2fccefa7e3061367f1d57a4e7455a" },
	{ "gcm-2", SMIME_AEAD_AES128_GCM, Z16, Z12, "", Z16,
	  "0388dace60b6a392f328c2b971b2fe78", "ab6e47d42cec13bdf53a67b21257bddf" },
	{ "gcm-3", SMIME_AEAD_AES128_GCM, GCM_K, GCM_IV12, "", GCM_P64,
	  "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
	  "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985",
	  "4d5c2af327cd64a62cf35abd2ba6fab4" },
	{ "gcm-4", SMIME_AEAD_AES128_GCM, GCM_K, GCM_IV12, GCM_A, GCM_P60,
	  "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
	  "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
	  "5bc94fbc3221a5db94fae95ae7121a47" },
	{ "gcm-5", SMIME_AEAD_AES128_GCM, GCM_K, GCM_IV8, GCM_A, GCM_P60,
	  "61353b4c2806934a777ff51fa22a4755699b2a714fcdc6f83766e5f97b6c7423"
	  "73806900e49f24b22b097544d4896b424989b5e1ebac0f07c23f4598",
	  "3612d2e79e3b0785561be14aaca2fccb" },
	{ "gcm-6", SMIME_AEAD_AES128_GCM, GCM_K, GCM_IV60, GCM_A, GCM_P60,
	  "8ce24998625615b603a033aca13fb894be9112a5c3a211a8ba262a3cca7e2ca7"
	  "01e4a9a4fba43c90ccdcb281d48c7c6fd62875d2aca417034c34aee5",
	  "619cc5aefffe0bfa462af43c1699d050" },
	{ "gcm-7", SMIME_AEAD_AES192_GCM, Z16 "0000000000000000", Z12, "", "", "",
	  "cd33b28ac773f74ba00ed1f312572435" },
	{ "gcm-8", SMIME_AEAD_AES192_GCM, Z16 "0000000000000000", Z12, "", Z16,
	  "98e7247c07f0fe411c267e4384b0f600", "2ff58d80033927ab8ef4d4587514f0fb" },
	{ "gcm-9", SMIME_AEAD_AES192_GCM, GCM_K192, GCM_IV12, "", GCM_P64,
	  "3980ca0b3c00e841eb06fac4872a2757859e1ceaa6efd984628593b40ca1e19c"
	  "7d773d00c144c525ac619d18c84a3f4718e2448b2fe324d9ccda2710acade256",
	  "9924a7c8587336bfb118024db8674a14" },
	{ "gcm-10", SMIME_AEAD_AES192_GCM, GCM_K192, GCM_IV12, GCM_A, GCM_P60,
	  "3980ca0b3c00e841eb06fac4872a2757859e1ceaa6efd984628593b40ca1e19c"
	  "7d773d00c144c525ac619d18c84a3f4718e2448b2fe324d9ccda2710",
	  "2519498e80f1478f37ba55bd6d27618c" },
	{ "gcm-11", SMIME_AEAD_AES192_GCM, GCM_K192, GCM_IV8, GCM_A, GCM_P60,
	  "0f10f599ae14a154ed24b36e25324db8c566632ef2bbb34f8347280fc4507057"
	  "fddc29df9a471f75c66541d4d4dad1c9e93a19a58e8b473fa0f062f7",
	  "65dcc57fcf623a24094fcca40d3533f8" },
	{ "gcm-12", SMIME_AEAD_AES192_GCM, GCM_K192, GCM_IV60, GCM_A, GCM_P60,
	  "d27e88681ce3243c4830165a8fdcf9ff1de9a1d8e6b447ef6ef7b79828666e45"
	  "81e79012af34ddd9e2f037589b292db3e67c036745fa22e7e9b7373b",
	  "dcf566ff291c25bbb8568fc3d376a6d9" },
	{ "gcm-13", SMIME_AEAD_AES256_GCM, Z16 Z16, Z12, "", "", "",
	  "530f8afbc74536b9a963b4f1c4cb738b" },
	{ "gcm-14", SMIME_AEAD_AES256_GCM, Z16 Z16, Z12, "", Z16,
	  "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919" },
	{ "gcm-15", SMIME_AEAD_AES256_GCM, GCM_K256, GCM_IV12, "", GCM_P64,
	  "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
	  "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
	  "b094dac5d93471bdec1a502270e3cc6c" },
	{ "gcm-16", SMIME_AEAD_AES256_GCM, GCM_K256, GCM_IV12, GCM_A, GCM_P60,
	  "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
	  "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
	  "76fc6ece0f4e1768cddf8853bb2d551b" },
	{ "gcm-17", SMIME_AEAD_AES256_GCM, GCM_K256, GCM_IV8, GCM_A, GCM_P60,
	  "c3762df1ca787d32ae47c13bf19844cbaf1ae14d0b976afac52ff7d79bba9de0"
	  "feb582d33934a4f0954cc2363bc73f7862ac430e64abe499f47c9b1f",
	  "3a337dbf46a792c45e454913fe2ea8f2" },
	{ "gcm-18", SMIME_AEAD_AES256_GCM, GCM_K256, GCM_IV60, GCM_A, GCM_P60,
	  "5a8def2f0c9e53f1f75d7853659e2a20eeb2b22aafde6419a058ab4f6f746bf4"
	  "0fc0c3b780f244452da3ebf1c5d82cdea2418997200ef82e44ae7e3f",
	  "a44a8266ee1c8eb0c8b5d4cf5ae9f19a" },
};

/* RFC 3610 §8 packet vectors 1-3 (the 8 header bytes are the AAD, M = 8),
 * then NIST SP 800-38C appendix C, examples 1-3. */
#define RFC3610_K "c0c1c2c3c4c5c6c7c8c9cacbcccdcecf"
#define SP80038C_K "404142434445464748494a4b4c4d4e4f"
static const struct aead_kat ccm_kats[] = {
	{ "rfc3610-1", SMIME_AEAD_AES128_CCM, RFC3610_K, "00000003020100a0a1a2a3a4a5",
	  "0001020304050607", "08090a0b0c0d0e0f101112131415161718191a1b1c1d1e",
	  "588c979a61c663d2f066d0c2c0f989806d5f6b61dac384", "17e8d12cfdf926e0" },
	{ "rfc3610-2", SMIME_AEAD_AES128_CCM, RFC3610_K, "00000004030201a0a1a2a3a4a5",
	  "0001020304050607", "08090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
	  "72c91a36e135f8cf291ca894085c87e3cc15c439c9e43a3b", "a091d56e10400916" },
	{ "rfc3610-3", SMIME_AEAD_AES128_CCM, RFC3610_K, "00000005040302a0a1a2a3a4a5",
	  "0001020304050607", "08090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20",
	  "51b1e5f44a197d1da46b0f8e2d282ae871e838bb64da859657", "4adaa76fbd9fb0c5" },
	{ "sp800-38c-c1", SMIME_AEAD_AES128_CCM, SP80038C_K, "10111213141516",
	  "0001020304050607", "20212223", "7162015b", "4dac255d" },
	{ "sp800-38c-c2", SMIME_AEAD_AES128_CCM, SP80038C_K, "1011121314151617",
	  "000102030405060708090a0b0c0d0e0f", "202122232425262728292a2b2c2d2e2f",
	  "d2a1f0e051ea5f62081a7792073d593d", "1fc64fbfaccd" },
	{ "sp800-38c-c3", SMIME_AEAD_AES128_CCM, SP80038C_K, "101112131415161718191a1b",
	  "000102030405060708090a0b0c0d0e0f10111213",
	  "202122232425262728292a2b2c2d2e2f3031323334353637",
	  "e3b201a9f5b71a7a9b1ceaeccd97e70b6176aad9a4428aa5", "484392fbc1b09951" },
};

/* RFC 8439 §2.8.2: "Ladies and Gentlemen of the class of '99: ..." */
static const struct aead_kat chacha_kats[] = {
	{ "rfc8439-2.8.2", SMIME_AEAD_CHACHA20_POLY1305,
	  "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f",
	  "070000004041424344454647", "50515253c0c1c2c3c4c5c6c7",
	  "4c616469657320616e642047656e746c656d656e206f662074686520636c6173"
	  "73206f66202739393a204966204920636f756c64206f6666657220796f75206f"
	  "6e6c79206f6e652074697020666f7220746865206675747572652c2073756e73"
	  "637265656e20776f756c642062652069742e",
	  "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
	  "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
	  "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
	  "3ff4def08e4b7a9de576d26586cec64b6116",
	  "1ae10b594f09e26a7e902ecbd0600691" },
};

struct kat_bytes {
	uint8_t *key, *nonce, *aad, *pt, *ct, *tag;
	size_t key_len, nonce_len, aad_len, pt_len, ct_len, tag_len;
};

static void kat_load(const struct aead_kat *k, struct kat_bytes *b)
{
	b->key = unhex(k->key, &b->key_len);
	b->nonce = unhex(k->nonce, &b->nonce_len);
	b->aad = unhex(k->aad, &b->aad_len);
	b->pt = unhex(k->pt, &b->pt_len);
	b->ct = unhex(k->ct, &b->ct_len);
	b->tag = unhex(k->tag, &b->tag_len);
	g_assert_cmpuint(b->pt_len, ==, b->ct_len);
}

static void kat_free(struct kat_bytes *b)
{
	g_free(b->key);
	g_free(b->nonce);
	g_free(b->aad);
	g_free(b->pt);
	g_free(b->ct);
	g_free(b->tag);
}

/* Runs one vector: encryption gives ct and tag (and every shorter tag the
 * descriptor allows is its prefix); decryption gives pt, in place too. */
static void run_kat(const struct aead_kat *k)
{
	const smime_aead_desc *a = smime_crypto__aead_get(k->id);
	struct kat_bytes b;
	uint8_t out[256], tag[16];
	size_t len;

	g_test_message("%s", k->label);
	kat_load(k, &b);
	len = b.pt_len;
	g_assert_cmpuint(len, <=, sizeof(out));
	g_assert_cmpuint(b.key_len, ==, a->key_size);

	g_assert_cmpint(smime_crypto__aead_encrypt(a, b.key, b.key_len, b.nonce, b.nonce_len,
						   b.aad, b.aad_len, b.pt, len, out, tag,
						   b.tag_len), ==, SMIME_OK);
	g_assert_cmpmem(out, len, b.ct, len);
	g_assert_cmpmem(tag, b.tag_len, b.tag, b.tag_len);

	memset(out, 0xaa, sizeof(out));
	g_assert_cmpint(smime_crypto__aead_decrypt(a, b.key, b.key_len, b.nonce, b.nonce_len,
						   b.aad, b.aad_len, b.ct, len, b.tag,
						   b.tag_len, out), ==, SMIME_OK);
	g_assert_cmpmem(out, len, b.pt, len);

	/* in place */
	memcpy(out, b.ct, len);
	g_assert_cmpint(smime_crypto__aead_decrypt(a, b.key, b.key_len, b.nonce, b.nonce_len,
						   b.aad, b.aad_len, out, len, b.tag,
						   b.tag_len, out), ==, SMIME_OK);
	g_assert_cmpmem(out, len, b.pt, len);

	/* GCM: truncated ICVs (RFC 5084 §3.2: 12 to 16 bytes) are prefixes of
	 * the full tag, and decrypt with the truncated tag */
	if (k->id <= SMIME_AEAD_AES256_GCM) {
		for (size_t t = a->min_tag; t < a->max_tag; t++) {
			uint8_t tt[16];

			g_assert_cmpint(smime_crypto__aead_encrypt(a, b.key, b.key_len, b.nonce,
								   b.nonce_len, b.aad,
								   b.aad_len, b.pt, len, out,
								   tt, t), ==, SMIME_OK);
			g_assert_cmpmem(tt, t, b.tag, t);
			g_assert_cmpint(smime_crypto__aead_decrypt(a, b.key, b.key_len, b.nonce,
								   b.nonce_len, b.aad,
								   b.aad_len, b.ct, len, tt, t,
								   out), ==, SMIME_OK);
			g_assert_cmpmem(out, len, b.pt, len);
		}
	}
	kat_free(&b);
}

static void test_aead_table(void)
{
	static const struct {
		const char *name;
		size_t key, nonce, min_tag, max_tag;
	} expect[] = {
		[SMIME_AEAD_AES128_GCM] = { "aes-128-gcm", 16, 12, 12, 16 },
		[SMIME_AEAD_AES192_GCM] = { "aes-192-gcm", 24, 12, 12, 16 },
		[SMIME_AEAD_AES256_GCM] = { "aes-256-gcm", 32, 12, 12, 16 },
		[SMIME_AEAD_AES128_CCM] = { "aes-128-ccm", 16, 12, 4, 16 },
		[SMIME_AEAD_AES192_CCM] = { "aes-192-ccm", 24, 12, 4, 16 },
		[SMIME_AEAD_AES256_CCM] = { "aes-256-ccm", 32, 12, 4, 16 },
		[SMIME_AEAD_CHACHA20_POLY1305] = { "chacha20-poly1305", 32, 12, 16, 16 },
	};

	g_assert_cmpuint(G_N_ELEMENTS(expect), ==, SMIME_AEAD_COUNT);
	for (int id = 0; id < SMIME_AEAD_COUNT; id++) {
		const smime_aead_desc *a = smime_crypto__aead_get(id);

		g_assert_nonnull(a);
		g_assert_cmpint(a->id, ==, id);
		g_assert_cmpstr(a->name, ==, expect[id].name);
		g_assert_cmpuint(a->key_size, ==, expect[id].key);
		g_assert_cmpuint(a->default_nonce_size, ==, expect[id].nonce);
		g_assert_cmpuint(a->min_tag, ==, expect[id].min_tag);
		g_assert_cmpuint(a->max_tag, ==, expect[id].max_tag);
		g_assert_true(smime_crypto__aead_by_name(expect[id].name) == a);
	}
	g_assert_null(smime_crypto__aead_by_name("aes-128-cbc"));
	g_assert_null(smime_crypto__aead_by_name("AES-128-GCM"));
	g_assert_null(smime_crypto__aead_by_name(NULL));
	g_assert_null(smime_crypto__aead_get(SMIME_AEAD_COUNT));
	g_assert_null(smime_crypto__aead_get((smime_aead_id)-1));
}

static void test_gcm_kat(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(gcm_kats); i++)
		run_kat(&gcm_kats[i]);
}

static void test_ccm_kat(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(ccm_kats); i++)
		run_kat(&ccm_kats[i]);
}

static void test_chacha_kat(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(chacha_kats); i++)
		run_kat(&chacha_kats[i]);
}

/* Decrypts with one byte of one input flipped; must fail with a wiped
 * output. which: 0 tag, 1 ciphertext, 2 aad, 3 nonce, 4 key. */
static void assert_tamper_fails(const struct aead_kat *k, int which, size_t pos)
{
	const smime_aead_desc *a = smime_crypto__aead_get(k->id);
	struct kat_bytes b;
	uint8_t out[256];
	uint8_t *victim[] = { NULL, NULL, NULL, NULL, NULL };
	size_t lens[5];

	kat_load(k, &b);
	victim[0] = b.tag, lens[0] = b.tag_len;
	victim[1] = b.ct, lens[1] = b.ct_len;
	victim[2] = b.aad, lens[2] = b.aad_len;
	victim[3] = b.nonce, lens[3] = b.nonce_len;
	victim[4] = b.key, lens[4] = b.key_len;
	g_assert_cmpuint(pos, <, lens[which]);
	victim[which][pos] ^= 0x01;

	memset(out, 0xaa, sizeof(out));
	g_assert_cmpint(smime_crypto__aead_decrypt(a, b.key, b.key_len, b.nonce, b.nonce_len,
						   b.aad, b.aad_len, b.ct, b.ct_len, b.tag,
						   b.tag_len, out), ==, SMIME_E_DECRYPT);
	g_assert_true(all_zero(out, b.ct_len));
	kat_free(&b);
}

static void test_aead_tamper(void)
{
	const struct aead_kat *kats[] = { &gcm_kats[3], &gcm_kats[11], &gcm_kats[17],
					  &gcm_kats[5], &ccm_kats[0], &ccm_kats[5],
					  &chacha_kats[0] };

	for (size_t i = 0; i < G_N_ELEMENTS(kats); i++) {
		const struct aead_kat *k = kats[i];
		size_t ct_len = strlen(k->ct) / 2, tag_len = strlen(k->tag) / 2;
		size_t aad_len = strlen(k->aad) / 2, nonce_len = strlen(k->nonce) / 2;

		g_test_message("tamper %s", k->label);
		for (size_t p = 0; p < tag_len; p++)
			assert_tamper_fails(k, 0, p);
		assert_tamper_fails(k, 1, 0);
		assert_tamper_fails(k, 1, ct_len / 2);
		assert_tamper_fails(k, 1, ct_len - 1);
		assert_tamper_fails(k, 2, 0);
		assert_tamper_fails(k, 2, aad_len - 1);
		assert_tamper_fails(k, 3, 0);
		assert_tamper_fails(k, 3, nonce_len - 1);
		assert_tamper_fails(k, 4, 0);
	}

	/* an empty message still authenticates its AAD and nonce */
	assert_tamper_fails(&gcm_kats[0], 0, 15);
	assert_tamper_fails(&gcm_kats[0], 3, 11);
}

/* A truncated tag (of an allowed length) of a different message, the tag
 * of one AEAD tried on another, and missing AAD all fail. */
static void test_aead_wrong_context(void)
{
	const struct aead_kat *k = &gcm_kats[3];
	const smime_aead_desc *a = smime_crypto__aead_get(k->id);
	struct kat_bytes b;
	uint8_t out[64];

	kat_load(k, &b);
	/* AAD omitted */
	memset(out, 0xaa, sizeof(out));
	g_assert_cmpint(smime_crypto__aead_decrypt(a, b.key, b.key_len, b.nonce, b.nonce_len,
						   NULL, 0, b.ct, b.ct_len, b.tag, b.tag_len,
						   out), ==, SMIME_E_DECRYPT);
	g_assert_true(all_zero(out, b.ct_len));
	/* ciphertext one byte shorter */
	g_assert_cmpint(smime_crypto__aead_decrypt(a, b.key, b.key_len, b.nonce, b.nonce_len,
						   b.aad, b.aad_len, b.ct, b.ct_len - 1, b.tag,
						   b.tag_len, out), ==, SMIME_E_DECRYPT);
	/* the last byte of the tag dropped: the 15-byte tag is wrong */
	g_assert_cmpint(smime_crypto__aead_decrypt(a, b.key, b.key_len, b.nonce, b.nonce_len,
						   b.aad, b.aad_len, b.ct, b.ct_len, b.tag + 1,
						   15, out), ==, SMIME_E_DECRYPT);
	/* same key and nonce, but CCM instead of GCM */
	g_assert_cmpint(smime_crypto__aead_decrypt(smime_crypto__aead_get(SMIME_AEAD_AES128_CCM),
						   b.key, b.key_len, b.nonce, b.nonce_len,
						   b.aad, b.aad_len, b.ct, b.ct_len, b.tag,
						   b.tag_len, out), ==, SMIME_E_DECRYPT);
	g_assert_true(all_zero(out, b.ct_len));
	kat_free(&b);
}

static void test_aead_bad_args(void)
{
	uint8_t key[33], nonce[20], aad[4] = { 1, 2, 3, 4 }, in[32], out[32], tag[17];

	fill_pattern(key, sizeof(key), 1);
	fill_pattern(nonce, sizeof(nonce), 2);
	fill_pattern(in, sizeof(in), 3);
	for (int id = 0; id < SMIME_AEAD_COUNT; id++) {
		const smime_aead_desc *a = smime_crypto__aead_get(id);
		bool gcm = id <= SMIME_AEAD_AES256_GCM;
		bool ccm = id >= SMIME_AEAD_AES128_CCM && id <= SMIME_AEAD_AES256_CCM;
		size_t nl = a->default_nonce_size;

		/* tag lengths: only those of the descriptor (CCM: even ones) */
		for (size_t t = 0; t <= 17; t++) {
			bool ok = t >= a->min_tag && t <= a->max_tag && (!ccm || t % 2 == 0);
			int expect = ok ? SMIME_OK : SMIME_E_INVALID_ARGUMENT;

			g_assert_cmpint(smime_crypto__aead_encrypt(a, key, a->key_size, nonce, nl,
								   aad, 4, in, 32, out, tag, t),
					==, expect);
			if (ok) {
				g_assert_cmpint(smime_crypto__aead_decrypt(a, key, a->key_size,
									   nonce, nl, aad, 4,
									   out, 32, tag, t, in),
						==, SMIME_OK);
				fill_pattern(in, sizeof(in), 3);
			} else {
				memset(out, 0xaa, sizeof(out));
				g_assert_cmpint(smime_crypto__aead_decrypt(a, key, a->key_size,
									   nonce, nl, aad, 4,
									   in, 32, tag, t, out),
						==, SMIME_E_INVALID_ARGUMENT);
				g_assert_true(all_zero(out, sizeof(out)));
			}
		}
		/* the brief's case: a key of another size */
		for (size_t kl = 0; kl <= 33; kl++) {
			if (kl == a->key_size)
				continue;
			g_assert_cmpint(smime_crypto__aead_encrypt(a, key, kl, nonce, nl, aad, 4,
								   in, 32, out, tag, 16),
					==, SMIME_E_INVALID_ARGUMENT);
			g_assert_cmpint(smime_crypto__aead_decrypt(a, key, kl, nonce, nl, aad, 4,
								   in, 32, tag, 16, out),
					==, SMIME_E_INVALID_ARGUMENT);
		}
		/* nonce lengths: GCM >= 1, CCM 7..13, ChaCha 12 */
		for (size_t n = 0; n <= 20; n++) {
			bool ok = gcm ? n >= 1 : ccm ? n >= 7 && n <= 13 : n == 12;

			g_assert_cmpint(smime_crypto__aead_encrypt(a, key, a->key_size, nonce, n,
								   aad, 4, in, 32, out, tag, 16),
					==, ok ? SMIME_OK : SMIME_E_INVALID_ARGUMENT);
		}
		/* NULL pointers */
		g_assert_cmpint(smime_crypto__aead_encrypt(a, NULL, a->key_size, nonce, nl, aad,
							   4, in, 32, out, tag, 16),
				==, SMIME_E_INVALID_ARGUMENT);
		g_assert_cmpint(smime_crypto__aead_encrypt(a, key, a->key_size, NULL, nl, aad,
							   4, in, 32, out, tag, 16),
				==, SMIME_E_INVALID_ARGUMENT);
		g_assert_cmpint(smime_crypto__aead_encrypt(a, key, a->key_size, nonce, nl, NULL,
							   4, in, 32, out, tag, 16),
				==, SMIME_E_INVALID_ARGUMENT);
		g_assert_cmpint(smime_crypto__aead_encrypt(a, key, a->key_size, nonce, nl, aad,
							   4, NULL, 32, out, tag, 16),
				==, SMIME_E_INVALID_ARGUMENT);
		g_assert_cmpint(smime_crypto__aead_encrypt(a, key, a->key_size, nonce, nl, aad,
							   4, in, 32, NULL, tag, 16),
				==, SMIME_E_INVALID_ARGUMENT);
		g_assert_cmpint(smime_crypto__aead_decrypt(a, key, a->key_size, nonce, nl, aad,
							   4, in, 32, NULL, 16, out),
				==, SMIME_E_INVALID_ARGUMENT);
		/* empty message, no AAD, NULL buffers: fine */
		g_assert_cmpint(smime_crypto__aead_encrypt(a, key, a->key_size, nonce, nl, NULL,
							   0, NULL, 0, NULL, tag, 16), ==, SMIME_OK);
		g_assert_cmpint(smime_crypto__aead_decrypt(a, key, a->key_size, nonce, nl, NULL,
							   0, NULL, 0, tag, 16, NULL), ==, SMIME_OK);
		tag[0] ^= 1;
		g_assert_cmpint(smime_crypto__aead_decrypt(a, key, a->key_size, nonce, nl, NULL,
							   0, NULL, 0, tag, 16, NULL),
				==, SMIME_E_DECRYPT);
	}
	/* a descriptor that is not from the table */
	{
		smime_aead_desc fake = *smime_crypto__aead_get(SMIME_AEAD_AES128_GCM);

		g_assert_cmpint(smime_crypto__aead_encrypt(&fake, key, 16, nonce, 12, aad, 4, in,
							   32, out, tag, 16),
				==, SMIME_E_INVALID_ARGUMENT);
		g_assert_cmpint(smime_crypto__aead_encrypt(NULL, key, 16, nonce, 12, aad, 4, in,
							   32, out, tag, 16),
				==, SMIME_E_INVALID_ARGUMENT);
	}
	/* CCM: a 13-byte nonce leaves 2 length octets, so at most 65535
	 * bytes of message (only the length is checked: nothing is read) */
	{
		const smime_aead_desc *a = smime_crypto__aead_get(SMIME_AEAD_AES128_CCM);

		g_assert_cmpint(smime_crypto__aead_encrypt(a, key, 16, nonce, 13, NULL, 0, in,
							   65536, out, tag, 16),
				==, SMIME_E_LIMIT);
		g_assert_cmpint(smime_crypto__aead_decrypt(a, key, 16, nonce, 13, NULL, 0, in,
							   65536, tag, 16, NULL),
				==, SMIME_E_INVALID_ARGUMENT);
	}
}

/* Round trips over lengths around the 16/64-byte blocks and the 512-byte
 * work buffer of the verification pass, separate and in place; and the
 * output of two nonces differs. */
static void test_aead_roundtrip(void)
{
	static const size_t lens[] = { 0, 1, 15, 16, 17, 63, 64, 65, 511, 512, 513,
				       1023, 1024, 1025, 4099 };
	uint8_t key[32], nonce[13], aad[40];
	uint8_t *pt = g_malloc(4099), *ct = g_malloc(4099), *back = g_malloc(4099);
	uint8_t tag[16], tag2[16];

	fill_pattern(key, sizeof(key), 5);
	fill_pattern(nonce, sizeof(nonce), 6);
	fill_pattern(aad, sizeof(aad), 7);
	fill_pattern(pt, 4099, 8);
	for (int id = 0; id < SMIME_AEAD_COUNT; id++) {
		const smime_aead_desc *a = smime_crypto__aead_get(id);
		size_t nl = a->default_nonce_size;

		for (size_t i = 0; i < G_N_ELEMENTS(lens); i++) {
			size_t len = lens[i];

			g_assert_cmpint(smime_crypto__aead_encrypt(a, key, a->key_size, nonce, nl,
								   aad, sizeof(aad), pt, len, ct,
								   tag, a->max_tag), ==, SMIME_OK);
			g_assert_cmpint(smime_crypto__aead_decrypt(a, key, a->key_size, nonce, nl,
								   aad, sizeof(aad), ct, len, tag,
								   a->max_tag, back), ==, SMIME_OK);
			g_assert_cmpmem(back, len, pt, len);
			/* in place, both ways */
			memcpy(back, pt, len);
			g_assert_cmpint(smime_crypto__aead_encrypt(a, key, a->key_size, nonce, nl,
								   aad, sizeof(aad), back, len,
								   back, tag2, a->max_tag),
					==, SMIME_OK);
			g_assert_cmpmem(back, len, ct, len);
			g_assert_cmpmem(tag2, a->max_tag, tag, a->max_tag);
			g_assert_cmpint(smime_crypto__aead_decrypt(a, key, a->key_size, nonce, nl,
								   aad, sizeof(aad), back, len,
								   tag, a->max_tag, back), ==, SMIME_OK);
			g_assert_cmpmem(back, len, pt, len);
			/* a flipped ciphertext byte: nothing comes out */
			if (len > 0) {
				ct[0] ^= 0x80;
				memset(back, 0xaa, 4099);
				g_assert_cmpint(smime_crypto__aead_decrypt(a, key, a->key_size,
									   nonce, nl, aad,
									   sizeof(aad), ct, len,
									   tag, a->max_tag, back),
						==, SMIME_E_DECRYPT);
				g_assert_true(all_zero(back, len));
			}
		}
		/* another nonce, another ciphertext and tag */
		nonce[0] ^= 1;
		g_assert_cmpint(smime_crypto__aead_encrypt(a, key, a->key_size, nonce, nl, aad,
							   sizeof(aad), pt, 64, back, tag2,
							   a->max_tag), ==, SMIME_OK);
		nonce[0] ^= 1;
		g_assert_cmpint(smime_crypto__aead_encrypt(a, key, a->key_size, nonce, nl, aad,
							   sizeof(aad), pt, 64, ct, tag,
							   a->max_tag), ==, SMIME_OK);
		g_assert_true(memcmp(back, ct, 64) != 0);
		g_assert_true(memcmp(tag, tag2, a->max_tag) != 0);
	}
	g_free(pt);
	g_free(ct);
	g_free(back);
}

/* ------------------------------------------------------------------ */
/* X25519 / X448                                                      */
/* ------------------------------------------------------------------ */

static void assert_shared(smime_curve c, const char *priv_hex, const char *pub_hex,
			  const char *z_hex)
{
	size_t priv_len, pub_len;
	uint8_t *priv = unhex(priv_hex, &priv_len);
	uint8_t *pub = unhex(pub_hex, &pub_len);
	smime_buf z = SMIME_BUF_INIT;

	g_assert_cmpint(smime_crypto__ecdh_shared(c, priv, priv_len, pub, pub_len, &z),
			==, SMIME_OK);
	g_assert_cmpuint(z.len, ==, smime_crypto__curve_secret_size(c));
	assert_hex(z.data, z.len, z_hex);
	smime_buf_free_secret(&z);
	g_free(priv);
	g_free(pub);
}

static int shared_rc(smime_curve c, const char *priv_hex, const char *pub_hex)
{
	size_t priv_len, pub_len;
	uint8_t *priv = unhex(priv_hex, &priv_len);
	uint8_t *pub = unhex(pub_hex, &pub_len);
	smime_buf z = SMIME_BUF_INIT;
	int rc = smime_crypto__ecdh_shared(c, priv, priv_len, pub, pub_len, &z);

	if (rc != SMIME_OK)
		g_assert_null(z.data);
	smime_buf_free_secret(&z);
	g_free(priv);
	g_free(pub);
	return rc;
}

/* RFC 7748 §6.1 and §6.2: each side's public key is its scalar times the
 * base point (9, resp. 5), and both compute the same K. */
static const struct {
	smime_curve c;
	const char *a_priv, *a_pub, *b_priv, *b_pub, *k;
} rfc7748_dh[] = {
	{ SMIME_CURVE_X25519,
	  "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
	  "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
	  "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
	  "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f",
	  "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742" },
	{ SMIME_CURVE_X448,
	  "9a8f4925d1519f5775cf46b04b5800d4ee9ee8bae8bc5565d498c28dd9c9baf5"
	  "74a9419744897391006382a6f127ab1d9ac2d8c0a598726b",
	  "9b08f7cc31b7e3e67d22d5aea121074a273bd2b83de09c63faa73d2c22c5d9bb"
	  "c836647241d953d40c5b12da88120d53177f80e532c41fa0",
	  "1c306a7ac2a0e2e0990b294470cba339e6453772b075811d8fad0d1d6927c120"
	  "bb5ee8972b0d3e21374c9c921b09d1b0366f10b65173992d",
	  "3eb7a829b0cd20f5bcfc0b599b6feccf6da4627107bdb0d4f345b43027d8b972"
	  "fc3e34fb4232a13ca706dcb57aec3dae07bdc1c67bf33609",
	  "07fff4181ac6cc95ec1c16a94a0f74d12da232ce40a77552281d282bb60c0b56"
	  "fd2464c335543936521c24403085d59a449a5037514a879d" },
};

static void test_ecdh_rfc7748(void)
{
	const char *g25519 = "0900000000000000000000000000000000000000000000000000000000000000";
	const char *g448 = "05000000000000000000000000000000000000000000000000000000"
			   "00000000000000000000000000000000000000000000000000000000";

	for (size_t i = 0; i < G_N_ELEMENTS(rfc7748_dh); i++) {
		const char *g = rfc7748_dh[i].c == SMIME_CURVE_X25519 ? g25519 : g448;

		assert_shared(rfc7748_dh[i].c, rfc7748_dh[i].a_priv, g, rfc7748_dh[i].a_pub);
		assert_shared(rfc7748_dh[i].c, rfc7748_dh[i].b_priv, g, rfc7748_dh[i].b_pub);
		assert_shared(rfc7748_dh[i].c, rfc7748_dh[i].a_priv, rfc7748_dh[i].b_pub,
			      rfc7748_dh[i].k);
		assert_shared(rfc7748_dh[i].c, rfc7748_dh[i].b_priv, rfc7748_dh[i].a_pub,
			      rfc7748_dh[i].k);
	}

	/* RFC 7748 §5.2: the single-step vectors; the second X25519 one has
	 * the top bit of u set, which must be masked */
	assert_shared(SMIME_CURVE_X25519,
		      "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
		      "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
		      "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
	assert_shared(SMIME_CURVE_X25519,
		      "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
		      "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
		      "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
	assert_shared(SMIME_CURVE_X448,
		      "3d262fddf9ec8e88495266fea19a34d28882acef045104d0d1aae121700a779c"
		      "984c24f8cdd78fbff44943eba368f54b29259a4f1c600ad3",
		      "06fce640fa3487bfda5f6cf2d5263f8aad88334cbd07437f020f08f9814dc031"
		      "ddbdc38c19c6da2583fa5429db94ada18aa7a7fb4ef8a086",
		      "ce3e4ff95a60dc6697da1db1d85e6afbdf79b50a2412d7546d5f239fe14fbaad"
		      "eb445fc66a01b0779d98223961111e21766282f73dd96b6f");
}

/* Points of small order give an all-zero K: refused (RFC 7748 §6). */
static void test_ecdh_small_order(void)
{
	const char *priv25519 = rfc7748_dh[0].a_priv, *priv448 = rfc7748_dh[1].a_priv;
	static const char *bad25519[] = {
		"0000000000000000000000000000000000000000000000000000000000000000",
		"0100000000000000000000000000000000000000000000000000000000000000",
		/* order 8 */
		"e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
		/* p - 1 (order 2) and p (= 0) */
		"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
		"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	};
	static const char *bad448[] = {
		"0000000000000000000000000000000000000000000000000000000000000000"
		"000000000000000000000000000000000000000000000000",
		"0100000000000000000000000000000000000000000000000000000000000000"
		"000000000000000000000000000000000000000000000000",
		/* p - 1 */
		"fefffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffff"
		"ffffffffffffffffffffffffffffffffffffffffffffffff",
	};

	for (size_t i = 0; i < G_N_ELEMENTS(bad25519); i++)
		g_assert_cmpint(shared_rc(SMIME_CURVE_X25519, priv25519, bad25519[i]), ==,
				SMIME_E_KEY);
	for (size_t i = 0; i < G_N_ELEMENTS(bad448); i++)
		g_assert_cmpint(shared_rc(SMIME_CURVE_X448, priv448, bad448[i]), ==,
				SMIME_E_KEY);
	/* wrong lengths */
	g_assert_cmpint(shared_rc(SMIME_CURVE_X25519, priv25519, rfc7748_dh[1].b_pub), ==,
			SMIME_E_KEY);
	g_assert_cmpint(shared_rc(SMIME_CURVE_X448, priv448, rfc7748_dh[0].b_pub), ==,
			SMIME_E_KEY);
	g_assert_cmpint(shared_rc(SMIME_CURVE_X25519, "00", rfc7748_dh[0].b_pub), ==,
			SMIME_E_KEY);
}

/* ------------------------------------------------------------------ */
/* NIST curves: CAVS KAS ZZOnly validity vectors                       */
/* ------------------------------------------------------------------ */

/* Hex of a CAVS field left-padded or trimmed (leading zero bytes only) to
 * size bytes; P-521 values come padded to 68 bytes. */
static uint8_t *cavs_value(const char *hex, size_t size)
{
	size_t n = strlen(hex), len;
	gchar *padded;
	uint8_t *raw, *out;

	padded = n % 2 ? g_strconcat("0", hex, NULL) : g_strdup(hex);
	raw = unhex(padded, &len);
	g_free(padded);
	out = g_malloc0(size);
	if (len >= size) {
		for (size_t i = 0; i < len - size; i++)
			g_assert_cmpuint(raw[i], ==, 0);
		memcpy(out, raw + (len - size), size);
	} else {
		memcpy(out + (size - len), raw, len);
	}
	g_free(raw);
	return out;
}

static uint8_t *cavs_point(GHashTable *f, const char *xk, const char *yk, size_t size)
{
	uint8_t *x = cavs_value(g_hash_table_lookup(f, xk), size);
	uint8_t *y = cavs_value(g_hash_table_lookup(f, yk), size);
	uint8_t *p = g_malloc(1 + 2 * size);

	p[0] = 0x04;
	memcpy(p + 1, x, size);
	memcpy(p + 1 + size, y, size);
	g_free(x);
	g_free(y);
	return p;
}

/* Z = d * Q: SMIME_OK and z filled, or the error. */
static int cavs_dh(smime_curve c, GHashTable *f, const char *dk, const char *qx,
		   const char *qy, smime_buf *z)
{
	size_t size = smime_crypto__curve_secret_size(c);
	uint8_t *d = cavs_value(g_hash_table_lookup(f, dk), size);
	uint8_t *q = cavs_point(f, qx, qy, size);
	int rc = smime_crypto__ecdh_shared(c, d, size, q, 1 + 2 * size, z);

	g_free(d);
	g_free(q);
	return rc;
}

struct cavs_counts {
	unsigned pass, bad_pub, z_changed, d_changed;
};

static void cavs_case(smime_curve c, GHashTable *f, struct cavs_counts *n)
{
	const char *result = g_hash_table_lookup(f, "Result");
	size_t size = smime_crypto__curve_secret_size(c);
	uint8_t *zexp = cavs_value(g_hash_table_lookup(f, "Z"), size);
	smime_buf z1 = SMIME_BUF_INIT, z2 = SMIME_BUF_INIT;
	int rc1 = cavs_dh(c, f, "dsIUT", "QsCAVSx", "QsCAVSy", &z1);
	int rc2 = cavs_dh(c, f, "dsCAVS", "QsIUTx", "QsIUTy", &z2);

	g_assert_nonnull(result);
	if (g_str_has_prefix(result, "P")) {
		/* (0 - Correct) and (13 - Z value should have leading 0 nibble) */
		g_assert_cmpint(rc1, ==, SMIME_OK);
		g_assert_cmpint(rc2, ==, SMIME_OK);
		g_assert_cmpmem(z1.data, z1.len, zexp, size);
		g_assert_cmpmem(z2.data, z2.len, zexp, size);
		n->pass++;
	} else if (strstr(result, "CAVS's Static public key") != NULL) {
		/* (1/2) the CAVS point is not on the curve */
		g_assert_cmpint(rc1, ==, SMIME_E_KEY);
		g_assert_cmpint(rc2, ==, SMIME_OK);
		n->bad_pub++;
	} else if (strstr(result, "IUT's Static public key") != NULL) {
		/* (5/6) the IUT point is not on the curve */
		g_assert_cmpint(rc2, ==, SMIME_E_KEY);
		n->bad_pub++;
	} else if (strstr(result, "Z changed") != NULL) {
		/* (8) both sides agree, on something other than Z */
		g_assert_cmpint(rc1, ==, SMIME_OK);
		g_assert_cmpint(rc2, ==, SMIME_OK);
		g_assert_cmpmem(z1.data, z1.len, z2.data, z2.len);
		g_assert_true(memcmp(z1.data, zexp, size) != 0);
		n->z_changed++;
	} else if (strstr(result, "private key d changed") != NULL) {
		/* (7) the IUT scalar no longer matches its point */
		g_assert_cmpint(rc2, ==, SMIME_OK);
		g_assert_cmpmem(z2.data, z2.len, zexp, size);
		g_assert_true(rc1 == SMIME_E_KEY ||
			      (rc1 == SMIME_OK && memcmp(z1.data, zexp, size) != 0));
		n->d_changed++;
	} else {
		g_error("unexpected CAVS result: %s", result);
	}
	smime_buf_free_secret(&z1);
	smime_buf_free_secret(&z2);
	g_free(zexp);
}

static void test_ecdh_nist_cavs(void)
{
	gchar *path = g_test_build_filename(G_TEST_DIST, "data", "crypto-aead",
					    "KASValidityTest_ECCStaticUnified_NOKC_ZZOnly_init-"
					    "P256-P384-P521.fax", NULL);
	gchar *text = NULL, **lines;
	GHashTable *fields = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	struct cavs_counts n[SMIME_CURVE_COUNT];
	int curve = -1;
	GError *err = NULL;

	memset(n, 0, sizeof(n));
	g_assert_true(g_file_get_contents(path, &text, NULL, &err));
	g_assert_no_error(err);
	lines = g_strsplit(text, "\n", -1);
	for (gchar **l = lines; *l != NULL; l++) {
		gchar *line = g_strstrip(*l);
		gchar *eq;

		if (g_str_has_prefix(line, "[EC - "))
			curve = SMIME_CURVE_P256;
		else if (g_str_has_prefix(line, "[ED - "))
			curve = SMIME_CURVE_P384;
		else if (g_str_has_prefix(line, "[EE - "))
			curve = SMIME_CURVE_P521;
		if (curve < 0 || line[0] == '#' || (eq = strchr(line, '=')) == NULL)
			continue;
		*eq = '\0';
		g_hash_table_replace(fields, g_strdup(g_strstrip(line)),
				     g_strdup(g_strstrip(eq + 1)));
		if (strcmp(line, "Result") == 0) {
			cavs_case(curve, fields, &n[curve]);
			g_hash_table_remove_all(fields);
		}
	}
	/* per curve: 18 valid, 4 bad points each side... as the file has */
	for (int c = SMIME_CURVE_P256; c <= SMIME_CURVE_P521; c++) {
		g_test_message("curve %d: %u valid, %u invalid points, %u Z changed, "
			       "%u d changed", c, n[c].pass, n[c].bad_pub, n[c].z_changed,
			       n[c].d_changed);
		g_assert_cmpuint(n[c].pass, ==, 18);
		g_assert_cmpuint(n[c].bad_pub, ==, 8);
		g_assert_cmpuint(n[c].z_changed, ==, 2);
		g_assert_cmpuint(n[c].d_changed, ==, 2);
	}
	g_strfreev(lines);
	g_free(text);
	g_free(path);
	g_hash_table_unref(fields);
}

static void test_ecdh_roundtrip(void)
{
	for (int c = 0; c < SMIME_CURVE_COUNT; c++) {
		size_t size = smime_crypto__curve_secret_size(c);
		bool nist = c <= SMIME_CURVE_P521;
		smime_buf a_priv = SMIME_BUF_INIT, a_pub = SMIME_BUF_INIT;
		smime_buf b_priv = SMIME_BUF_INIT, b_pub = SMIME_BUF_INIT;
		smime_buf z1 = SMIME_BUF_INIT, z2 = SMIME_BUF_INIT;

		g_assert_cmpuint(size, >, 0);
		g_assert_cmpint(smime_crypto__ecdh_keygen(c, &a_priv, &a_pub), ==, SMIME_OK);
		g_assert_cmpint(smime_crypto__ecdh_keygen(c, &b_priv, &b_pub), ==, SMIME_OK);
		g_assert_cmpuint(a_priv.len, ==, size);
		g_assert_cmpuint(a_pub.len, ==, nist ? 1 + 2 * size : size);
		if (nist)
			g_assert_cmpuint(a_pub.data[0], ==, 0x04);
		g_assert_true(memcmp(a_priv.data, b_priv.data, size) != 0);

		g_assert_cmpint(smime_crypto__ecdh_shared(c, a_priv.data, a_priv.len,
							  b_pub.data, b_pub.len, &z1),
				==, SMIME_OK);
		g_assert_cmpint(smime_crypto__ecdh_shared(c, b_priv.data, b_priv.len,
							  a_pub.data, a_pub.len, &z2),
				==, SMIME_OK);
		g_assert_cmpuint(z1.len, ==, size);
		g_assert_cmpmem(z1.data, z1.len, z2.data, z2.len);
		g_assert_false(all_zero(z1.data, z1.len));

		/* a previous value of z is replaced */
		g_assert_cmpint(smime_crypto__ecdh_shared(c, a_priv.data, a_priv.len,
							  a_pub.data, a_pub.len, &z2),
				==, SMIME_OK);
		g_assert_cmpuint(z2.len, ==, size);
		g_assert_true(memcmp(z1.data, z2.data, size) != 0);

		/* a flipped bit of the peer point: off the curve (NIST), or
		 * another u with another result (X25519/X448) */
		b_pub.data[b_pub.len / 2] ^= 1;
		if (nist) {
			g_assert_cmpint(smime_crypto__ecdh_shared(c, a_priv.data, a_priv.len,
								  b_pub.data, b_pub.len, &z2),
					==, SMIME_E_KEY);
		}

		smime_buf_free_secret(&a_priv);
		smime_buf_free(&a_pub);
		smime_buf_free_secret(&b_priv);
		smime_buf_free(&b_pub);
		smime_buf_free_secret(&z1);
		smime_buf_free_secret(&z2);
	}
}

/* Invalid NIST keys: encodings, the scalar range, points off the curve. */
static void test_ecdh_invalid(void)
{
	/* a valid scalar (dsIUT of the first P-256 case of the CAVS file) */
	const char *d = "72cc52808f294b64b6f7233c3d2f5d96cc1d29287320e39e1c151deef0bc14eb";
	/* the order of the P-256 group (FIPS 186-4 D.1.2.3) */
	const char *n_p256 = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
	gchar *pub, *pub_bad;
	smime_buf z = SMIME_BUF_INIT;
	uint8_t dummy[200] = { 0 };
	int rc;

	/* a valid peer point: a fresh public key */
	{
		smime_buf priv = SMIME_BUF_INIT, q = SMIME_BUF_INIT;

		g_assert_cmpint(smime_crypto__ecdh_keygen(SMIME_CURVE_P256, &priv, &q), ==,
				SMIME_OK);
		pub = g_malloc(2 * q.len + 1);
		for (size_t i = 0; i < q.len; i++)
			g_snprintf(pub + 2 * i, 3, "%02x", q.data[i]);
		smime_buf_free_secret(&priv);
		smime_buf_free(&q);
	}
	g_assert_cmpint(shared_rc(SMIME_CURVE_P256, d, pub), ==, SMIME_OK);

	/* scalar 0, q, q + 1, and longer than the field */
	g_assert_cmpint(shared_rc(SMIME_CURVE_P256, "00", pub), ==, SMIME_E_KEY);
	g_assert_cmpint(shared_rc(SMIME_CURVE_P256,
				  "0000000000000000000000000000000000000000000000000000000000000000",
				  pub), ==, SMIME_E_KEY);
	g_assert_cmpint(shared_rc(SMIME_CURVE_P256, n_p256, pub), ==, SMIME_E_KEY);
	g_assert_cmpint(shared_rc(SMIME_CURVE_P256,
				  "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632552",
				  pub), ==, SMIME_E_KEY);
	g_assert_cmpint(shared_rc(SMIME_CURVE_P256,
				  "0172cc52808f294b64b6f7233c3d2f5d96cc1d29287320e39e1c151deef0bc14eb",
				  pub), ==, SMIME_E_KEY);
	/* a short scalar (leading zero bytes left out) is fine: 1 * Q = Q;
	 * so are extra leading zero bytes */
	{
		gchar *x = g_strndup(pub + 2, 64);

		assert_shared(SMIME_CURVE_P256, "01", pub, x);
		assert_shared(SMIME_CURVE_P256,
			      "0000000000000000000000000000000000000000000000000000000000000000"
			      "0001", pub, x);
		g_free(x);
	}

	/* encodings: compressed (unsupported), no prefix, wrong prefix,
	 * truncated, the point at infinity, coordinates >= p */
	pub_bad = g_strdup(pub);
	pub_bad[1] = '2';
	pub_bad[66] = '\0';
	g_assert_cmpint(shared_rc(SMIME_CURVE_P256, d, pub_bad), ==, SMIME_E_UNSUPPORTED);
	g_free(pub_bad);
	pub_bad = g_strdup(pub);
	pub_bad[1] = '6'; /* hybrid form */
	g_assert_cmpint(shared_rc(SMIME_CURVE_P256, d, pub_bad), ==, SMIME_E_KEY);
	g_assert_cmpint(shared_rc(SMIME_CURVE_P256, d, pub + 2), ==, SMIME_E_KEY);
	pub_bad[1] = '4';
	pub_bad[strlen(pub_bad) - 2] = '\0';
	g_assert_cmpint(shared_rc(SMIME_CURVE_P256, d, pub_bad), ==, SMIME_E_KEY);
	g_free(pub_bad);
	g_assert_cmpint(shared_rc(SMIME_CURVE_P256, d, "00"), ==, SMIME_E_KEY);
	rc = smime_crypto__ecdh_shared(SMIME_CURVE_P256, dummy, 32, dummy, 65, &z);
	g_assert_cmpint(rc, ==, SMIME_E_KEY); /* all zero: (0, 0) is not on P-256 */
	dummy[0] = 0x04;
	memset(dummy + 1, 0xff, 64); /* x = y = 2^256 - 1 > p */
	g_assert_cmpint(smime_crypto__ecdh_shared(SMIME_CURVE_P256, dummy + 100, 1, dummy, 65,
						  &z), ==, SMIME_E_KEY);
	/* a P-256 point given for P-384 */
	g_assert_cmpint(shared_rc(SMIME_CURVE_P384, d, pub), ==, SMIME_E_KEY);
	g_assert_null(z.data);

	/* misuse */
	g_assert_cmpint(smime_crypto__ecdh_shared(SMIME_CURVE_P256, NULL, 32, dummy, 65, &z),
			==, SMIME_E_INVALID_ARGUMENT);
	g_assert_cmpint(smime_crypto__ecdh_shared(SMIME_CURVE_P256, dummy, 32, NULL, 65, &z),
			==, SMIME_E_INVALID_ARGUMENT);
	g_assert_cmpint(smime_crypto__ecdh_shared(SMIME_CURVE_P256, dummy, 32, dummy, 65, NULL),
			==, SMIME_E_INVALID_ARGUMENT);
	g_assert_cmpint(smime_crypto__ecdh_shared(SMIME_CURVE_COUNT, dummy, 32, dummy, 65, &z),
			==, SMIME_E_UNSUPPORTED);
	g_assert_cmpint(smime_crypto__ecdh_keygen(SMIME_CURVE_COUNT, &z, &z),
			==, SMIME_E_UNSUPPORTED);
	g_assert_cmpint(smime_crypto__ecdh_keygen(SMIME_CURVE_P256, NULL, &z),
			==, SMIME_E_INVALID_ARGUMENT);
	g_assert_cmpuint(smime_crypto__curve_secret_size(SMIME_CURVE_COUNT), ==, 0);
	g_free(pub);
}

/* ------------------------------------------------------------------ */
/* legacy CBC: Triple-DES and RC2, decrypt only                        */
/* ------------------------------------------------------------------ */

/* Decrypts in (whole blocks, unpadded) by appending one dummy block, so
 * that update releases exactly the given blocks; the dummy's final is
 * thrown away. */
static void raw_cbc_decrypt(smime_cipher_id id, const uint8_t *key, size_t key_len,
			    unsigned rc2_bits, const uint8_t *iv, const uint8_t *in,
			    size_t len, uint8_t *out)
{
	const smime_cipher_desc *d = smime_crypto__cipher_get(id);
	smime_cbc_ctx ctx;
	uint8_t *buf = g_malloc0(len + 8), last[16];
	size_t n;

	memcpy(buf, in, len);
	memset(&ctx, 0, sizeof(ctx));
	if (rc2_bits != 0)
		smime_crypto__cbc_set_rc2_effective_bits(&ctx, rc2_bits);
	g_assert_cmpint(smime_crypto__cbc_init(&ctx, d, false, key, key_len, iv, 8), ==,
			SMIME_OK);
	g_assert_cmpint(smime_crypto__cbc_update(&ctx, buf, len + 8, out, &n), ==, SMIME_OK);
	g_assert_cmpuint(n, ==, len);
	(void)smime_crypto__cbc_final(&ctx, last, &n);
	g_assert_true(all_zero(&ctx, sizeof(ctx)));
	g_free(buf);
}

/* Full decryption with padding, input fed in chunks of `chunk` bytes. */
static int cbc_decrypt_all(smime_cipher_id id, const uint8_t *key, size_t key_len,
			   unsigned rc2_bits, const uint8_t *iv, const uint8_t *in, size_t len,
			   size_t chunk, uint8_t *out, size_t *out_len)
{
	const smime_cipher_desc *d = smime_crypto__cipher_get(id);
	smime_cbc_ctx ctx;
	size_t total = 0, n, take;
	int rc;

	memset(&ctx, 0, sizeof(ctx));
	if (rc2_bits != 0)
		smime_crypto__cbc_set_rc2_effective_bits(&ctx, rc2_bits);
	rc = smime_crypto__cbc_init(&ctx, d, false, key, key_len, iv, d->iv_size);
	if (rc < 0)
		return rc;
	for (size_t off = 0; off < len; off += take) {
		take = MIN(chunk, len - off);
		rc = smime_crypto__cbc_update(&ctx, in + off, take, out + total, &n);
		g_assert_cmpint(rc, ==, SMIME_OK);
		g_assert_cmpuint(n % 8, ==, 0);
		total += n;
	}
	rc = smime_crypto__cbc_final(&ctx, out + total, &n);
	g_assert_true(all_zero(&ctx, sizeof(ctx)));
	if (rc < 0)
		return rc;
	*out_len = total + n;
	return SMIME_OK;
}

struct legacy_vec {
	smime_cipher_id id;
	const char *key;
	unsigned bits;
	const char *iv, *ct, *pt;
};

/* OpenSSL-made padded messages (tests/data/crypto-aead/README.md has the
 * commands). */
static const struct legacy_vec openssl_vecs[] = {
	{ SMIME_CIPHER_ID_DES_EDE3_CBC,
	  "0123456789abcdef23456789abcdef01456789abcdef0123", 0, "1234567890abcdef",
	  "a8ce2202079eeb25a349c1d9a5d5236e9f7400cc56252053c6b10349454786d1"
	  "2328b949db86c2be",
	  "Triple-DES is decrypt-only in libsmime." },
	{ SMIME_CIPHER_ID_RC2_CBC, "00112233445566778899aabbccddeeff", 0, "0f1e2d3c4b5a6978",
	  "00778bae7c9a471f797735395bfb02a2d89258187651f5e96f2487b85db5ee23"
	  "5084a5b2fede0641",
	  "RC2 with a 128-bit key (RFC 4134 5.2)." },
	/* rc2-40-cbc: a 5-byte key and 40 effective bits, the default and
	 * the explicit way */
	{ SMIME_CIPHER_ID_RC2_CBC, "0102030405", 0, "0001020304050607", "266ded84fcd06b78",
	  "RC2-40" },
	{ SMIME_CIPHER_ID_RC2_CBC, "0102030405", 40, "0001020304050607", "266ded84fcd06b78",
	  "RC2-40" },
};

static void test_legacy_openssl(void)
{
	static const size_t chunks[] = { 1, 3, 7, 8, 9, 16, 17, 1000 };

	for (size_t i = 0; i < G_N_ELEMENTS(openssl_vecs); i++) {
		const struct legacy_vec *v = &openssl_vecs[i];
		size_t key_len, iv_len, ct_len, out_len;
		uint8_t *key = unhex(v->key, &key_len);
		uint8_t *iv = unhex(v->iv, &iv_len);
		uint8_t *ct = unhex(v->ct, &ct_len);
		uint8_t out[64];

		for (size_t c = 0; c < G_N_ELEMENTS(chunks); c++) {
			g_assert_cmpint(cbc_decrypt_all(v->id, key, key_len, v->bits, iv, ct,
							ct_len, chunks[c], out, &out_len),
					==, SMIME_OK);
			g_assert_cmpmem(out, out_len, v->pt, strlen(v->pt));
		}
		/* a flipped last byte ruins the padding (these are fixed, so
		 * the result is stable) */
		ct[ct_len - 1] ^= 0x01;
		g_assert_cmpint(cbc_decrypt_all(v->id, key, key_len, v->bits, iv, ct, ct_len,
						ct_len, out, &out_len), ==, SMIME_E_DECRYPT);
		/* truncated: not a whole number of blocks */
		g_assert_cmpint(cbc_decrypt_all(v->id, key, key_len, v->bits, iv, ct,
						ct_len - 1, ct_len, out, &out_len),
				==, SMIME_E_DECRYPT);
		g_free(key);
		g_free(iv);
		g_free(ct);
	}
}

/* NIST CAVS 11.1 TDES CBC Multi-block Message Test, TCBCMMT3.rsp (three
 * keys), [ENCRYPT] COUNT = 3, decrypted; the parity bits of the key do
 * not matter (CMS senders do not always set them). */
static void test_des3_nist(void)
{
	const char *key_hex = "d98aadc76d4a3716" "158c32866efbb9ce" "834af2297379a49d";
	size_t key_len, iv_len, ct_len, pt_len;
	uint8_t *key = unhex(key_hex, &key_len);
	uint8_t *iv = unhex("3c5220327c502b44", &iv_len);
	uint8_t *ct = unhex("f5bd4d600bed77bec78409e3530ebda1d815506ed53103015b87e371ae000958",
			    &ct_len);
	uint8_t *pt = unhex("6174079dda53ca723ebf00a66837f8d5ce648c08acaa5ee45ffe62210ef79d3e",
			    &pt_len);
	uint8_t out[32];
	const smime_cipher_desc *d = smime_crypto__cipher_get(SMIME_CIPHER_ID_DES_EDE3_CBC);
	smime_cbc_ctx ctx;

	raw_cbc_decrypt(SMIME_CIPHER_ID_DES_EDE3_CBC, key, key_len, 0, iv, ct, ct_len, out);
	g_assert_cmpmem(out, 32, pt, 32);
	for (size_t i = 0; i < key_len; i++)
		key[i] ^= 0x01;
	raw_cbc_decrypt(SMIME_CIPHER_ID_DES_EDE3_CBC, key, key_len, 0, iv, ct, ct_len, out);
	g_assert_cmpmem(out, 32, pt, 32);

	/* decrypt only; 8-byte IV and 24-byte key exactly */
	g_assert_cmpint(smime_crypto__cbc_init(&ctx, d, true, key, 24, iv, 8), ==,
			SMIME_E_UNSUPPORTED);
	g_assert_cmpint(smime_crypto__cbc_init(&ctx, d, false, key, 16, iv, 8), ==,
			SMIME_E_INVALID_ARGUMENT);
	g_assert_cmpint(smime_crypto__cbc_init(&ctx, d, false, key, 24, iv, 16), ==,
			SMIME_E_INVALID_ARGUMENT);
	g_free(key);
	g_free(iv);
	g_free(ct);
	g_free(pt);
}

/* RFC 2268 §5: the eight RC2 vectors (key, effective bits, plaintext,
 * ciphertext). As a single block in CBC with a zero IV, the decryption of
 * the ciphertext is the plaintext. */
static const struct {
	const char *key;
	unsigned bits;
	const char *pt, *ct;
} rfc2268[] = {
	{ "0000000000000000", 63, "0000000000000000", "ebb773f993278eff" },
	{ "ffffffffffffffff", 64, "ffffffffffffffff", "278b27e42e2f0d49" },
	{ "3000000000000000", 64, "1000000000000001", "30649edf9be7d2c2" },
	{ "88", 64, "0000000000000000", "61a8a244adacccf0" },
	{ "88bca90e90875a", 64, "0000000000000000", "6ccf4308974c267f" },
	{ "88bca90e90875a7f0f79c384627bafb2", 64, "0000000000000000", "1a807d272bbe5db1" },
	{ "88bca90e90875a7f0f79c384627bafb2", 128, "0000000000000000", "2269552ab0f85ca6" },
	{ "88bca90e90875a7f0f79c384627bafb216f80a6f85920584c42fceb0be255daf1e", 129,
	  "0000000000000000", "5b78d3a43dfff1f1" },
};

static void test_rc2_rfc2268(void)
{
	const uint8_t zero_iv[8] = { 0 };

	for (size_t i = 0; i < G_N_ELEMENTS(rfc2268); i++) {
		size_t key_len, ct_len;
		uint8_t *key = unhex(rfc2268[i].key, &key_len);
		uint8_t *ct = unhex(rfc2268[i].ct, &ct_len);
		uint8_t out[8];

		raw_cbc_decrypt(SMIME_CIPHER_ID_RC2_CBC, key, key_len, rfc2268[i].bits, zero_iv,
				ct, ct_len, out);
		assert_hex(out, 8, rfc2268[i].pt);
		/* the effective bits matter (vectors 6 and 7 differ only
		 * there): without the call, key_len * 8 bits are used. Not
		 * for vector 1: with the all-zero key, 63 and 64 bits give the
		 * same key schedule (OpenSSL's rc2-64 also encrypts the zero
		 * block to ebb773f993278eff). */
		if (key_len * 8 != rfc2268[i].bits && i != 0) {
			size_t pt_len;
			uint8_t *pt = unhex(rfc2268[i].pt, &pt_len);

			raw_cbc_decrypt(SMIME_CIPHER_ID_RC2_CBC, key, key_len, 0, zero_iv, ct,
					ct_len, out);
			g_test_message("rfc2268-%zu without effective bits", i + 1);
			g_assert_true(memcmp(out, pt, 8) != 0);
			g_free(pt);
		}
		g_free(key);
		g_free(ct);
	}
}

static void test_rc2_args(void)
{
	const smime_cipher_desc *d = smime_crypto__cipher_get(SMIME_CIPHER_ID_RC2_CBC);
	uint8_t key[129] = { 0 }, iv[8] = { 0 };
	smime_cbc_ctx ctx;

	/* 1..128-byte keys */
	for (size_t kl = 0; kl <= 129; kl++) {
		memset(&ctx, 0, sizeof(ctx));
		g_assert_cmpint(smime_crypto__cbc_init(&ctx, d, false, key, kl, iv, 8), ==,
				kl >= 1 && kl <= 128 ? SMIME_OK : SMIME_E_INVALID_ARGUMENT);
		smime_crypto__cbc_wipe(&ctx);
	}
	/* effective bits 1..1024 */
	smime_crypto__cbc_set_rc2_effective_bits(&ctx, 0);
	g_assert_cmpint(smime_crypto__cbc_init(&ctx, d, false, key, 16, iv, 8), ==,
			SMIME_E_INVALID_ARGUMENT);
	smime_crypto__cbc_set_rc2_effective_bits(&ctx, 1025);
	g_assert_cmpint(smime_crypto__cbc_init(&ctx, d, false, key, 16, iv, 8), ==,
			SMIME_E_INVALID_ARGUMENT);
	smime_crypto__cbc_set_rc2_effective_bits(&ctx, 1024);
	g_assert_cmpint(smime_crypto__cbc_init(&ctx, d, false, key, 16, iv, 8), ==, SMIME_OK);
	smime_crypto__cbc_wipe(&ctx);
	smime_crypto__cbc_set_rc2_effective_bits(&ctx, 40);
	g_assert_cmpint(smime_crypto__cbc_init(&ctx, d, false, key, 5, iv, 8), ==, SMIME_OK);
	smime_crypto__cbc_wipe(&ctx);
	/* a request is used once: the next init on the context is back to
	 * the default (an invalid request would otherwise fail it) */
	smime_crypto__cbc_set_rc2_effective_bits(&ctx, 0);
	g_assert_cmpint(smime_crypto__cbc_init(&ctx, d, false, key, 16, iv, 8), ==,
			SMIME_E_INVALID_ARGUMENT);
	g_assert_cmpint(smime_crypto__cbc_init(&ctx, d, false, key, 16, iv, 8), ==, SMIME_OK);
	smime_crypto__cbc_wipe(&ctx);
	/* decrypt only */
	g_assert_cmpint(smime_crypto__cbc_init(&ctx, d, true, key, 16, iv, 8), ==,
			SMIME_E_UNSUPPORTED);
	smime_crypto__cbc_set_rc2_effective_bits(NULL, 40);
}

/* PKCS#7 padding of 8-byte blocks: found and checked like that of 16. */
static void test_legacy_padding(void)
{
	/* decrypting by hand: the OpenSSL 3DES vector decrypts to 39 bytes +
	 * one byte of padding 01; change the IV of the last block (the
	 * previous ciphertext block) to forge other paddings */
	const struct legacy_vec *v = &openssl_vecs[0];
	size_t key_len, iv_len, ct_len, out_len;
	uint8_t *key = unhex(v->key, &key_len);
	uint8_t *iv = unhex(v->iv, &iv_len);
	uint8_t *ct = unhex(v->ct, &ct_len);
	uint8_t out[64], c[40];

	g_assert_cmpuint(ct_len, ==, 40);
	/* padding 01 -> 02 with byte 38 != 02: invalid */
	memcpy(c, ct, 40);
	c[31] ^= 0x01 ^ 0x02;
	g_assert_cmpint(cbc_decrypt_all(v->id, key, key_len, 0, iv, c, 40, 40, out, &out_len),
			==, SMIME_E_DECRYPT);
	/* 01 -> 09 (> block size): invalid */
	memcpy(c, ct, 40);
	c[31] ^= 0x01 ^ 0x09;
	g_assert_cmpint(cbc_decrypt_all(v->id, key, key_len, 0, iv, c, 40, 40, out, &out_len),
			==, SMIME_E_DECRYPT);
	/* 01 -> 00: invalid */
	memcpy(c, ct, 40);
	c[31] ^= 0x01;
	g_assert_cmpint(cbc_decrypt_all(v->id, key, key_len, 0, iv, c, 40, 40, out, &out_len),
			==, SMIME_E_DECRYPT);
	/* 01 -> 08 with all of the last block forced to 08: valid, 32 bytes */
	{
		uint8_t plain_last[8];

		raw_cbc_decrypt(v->id, key, key_len, 0, iv, ct, 40, out);
		memcpy(plain_last, out + 32, 8);
		memcpy(c, ct, 40);
		for (size_t i = 0; i < 8; i++)
			c[24 + i] ^= plain_last[i] ^ 0x08;
		g_assert_cmpint(cbc_decrypt_all(v->id, key, key_len, 0, iv, c, 40, 40, out,
						&out_len), ==, SMIME_OK);
		g_assert_cmpuint(out_len, ==, 32);
		/* one of the eight 08 bytes off: invalid */
		c[26] ^= 0x10;
		g_assert_cmpint(cbc_decrypt_all(v->id, key, key_len, 0, iv, c, 40, 40, out,
						&out_len), ==, SMIME_E_DECRYPT);
	}
	g_free(key);
	g_free(iv);
	g_free(ct);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);

	g_test_add_func("/crypto-aead/aead/table", test_aead_table);
	g_test_add_func("/crypto-aead/aead/gcm-mcgrew-viega", test_gcm_kat);
	g_test_add_func("/crypto-aead/aead/ccm-rfc3610-sp800-38c", test_ccm_kat);
	g_test_add_func("/crypto-aead/aead/chacha20-poly1305-rfc8439", test_chacha_kat);
	g_test_add_func("/crypto-aead/aead/tamper", test_aead_tamper);
	g_test_add_func("/crypto-aead/aead/wrong-context", test_aead_wrong_context);
	g_test_add_func("/crypto-aead/aead/bad-args", test_aead_bad_args);
	g_test_add_func("/crypto-aead/aead/roundtrip", test_aead_roundtrip);
	g_test_add_func("/crypto-aead/ecdh/rfc7748", test_ecdh_rfc7748);
	g_test_add_func("/crypto-aead/ecdh/small-order", test_ecdh_small_order);
	g_test_add_func("/crypto-aead/ecdh/nist-cavs", test_ecdh_nist_cavs);
	g_test_add_func("/crypto-aead/ecdh/roundtrip", test_ecdh_roundtrip);
	g_test_add_func("/crypto-aead/ecdh/invalid", test_ecdh_invalid);
	g_test_add_func("/crypto-aead/cbc/legacy-openssl", test_legacy_openssl);
	g_test_add_func("/crypto-aead/cbc/des3-nist", test_des3_nist);
	g_test_add_func("/crypto-aead/cbc/rc2-rfc2268", test_rc2_rfc2268);
	g_test_add_func("/crypto-aead/cbc/rc2-args", test_rc2_args);
	g_test_add_func("/crypto-aead/cbc/legacy-padding", test_legacy_padding);
	return g_test_run();
}
