/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Signature primitives beyond RSA PKCS#1 v1.5 (issue 3): SHA3 and SHAKE256
 * digests (FIPS 202 values), RSASSA-PSS and ECDSA against OpenSSL-made
 * signatures (tests/data/crypto-sig/vectors.txt), EdDSA against the RFC 8032
 * test vectors, and the EC / X25519 / X448 / EdDSA keys of certificates and
 * private keys (cert/ec.c).
 */
#include <glib.h>
#include <string.h>

#include "cert/cert.h"
#include "crypto/crypto.h"
#include "testlib.h"

/* ------------------------------------------------------------------ */
/* helpers                                                            */
/* ------------------------------------------------------------------ */

static GKeyFile *vectors(void)
{
	static GKeyFile *kf;

	if (kf == NULL)
		kf = load_keyfile("crypto-sig", "vectors.txt");
	return kf;
}

static uint8_t *vec_bytes(const char *group, const char *name, size_t *len)
{
	return keyfile_bytes(vectors(), group, name, len);
}

static const smime_digest_desc *dg(smime_digest_id id)
{
	const smime_digest_desc *d = smime_crypto__digest_get(id);

	g_assert_nonnull(d);
	return d;
}

static smime_key *load_key(const char *dir, const char *file)
{
	char *path = data_path(dir, file);
	smime_key *k = NULL;

	g_assert_cmpint(smime_key_load_file(&k, path, NULL), ==, SMIME_OK);
	g_assert_nonnull(k);
	g_free(path);
	return k;
}

static smime_cert *load_cert(const char *dir, const char *file)
{
	char *path = data_path(dir, file);
	smime_cert *c = NULL;

	g_assert_cmpint(smime_cert_load_file(&c, path), ==, SMIME_OK);
	g_assert_nonnull(c);
	g_free(path);
	return c;
}

static const smime_rsa_key *rsa_of(const smime_key *k)
{
	const smime_rsa_key *rsa = NULL;

	g_assert_cmpint(smime_key__rsa(k, &rsa), ==, SMIME_OK);
	g_assert_nonnull(rsa);
	return rsa;
}

/* ------------------------------------------------------------------ */
/* SHA3 and SHAKE256                                                  */
/* ------------------------------------------------------------------ */

static void test_sha3_table(void)
{
	static const struct {
		smime_digest_id id;
		const char *name;
		size_t size;
		uint8_t oid_last;
	} expect[] = {
		{ SMIME_DIGEST_SHA3_256, "sha3-256", 32, 0x08 },
		{ SMIME_DIGEST_SHA3_384, "sha3-384", 48, 0x09 },
		{ SMIME_DIGEST_SHA3_512, "sha3-512", 64, 0x0a },
		{ SMIME_DIGEST_SHAKE256_512, "shake256", 64, 0 },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(expect); i++) {
		const smime_digest_desc *d = dg(expect[i].id);

		g_assert_cmpint(d->id, ==, expect[i].id);
		g_assert_cmpstr(d->name, ==, expect[i].name);
		g_assert_nonnull(d->micalg);
		g_assert_cmpuint(d->digest_size, ==, expect[i].size);
		g_assert_false(d->weak);
		g_assert_nonnull(d->nettle);
		g_assert_true(smime_crypto__digest_by_name(expect[i].name) == d);
		if (expect[i].oid_last == 0) {
			g_assert_null(d->digest_info_prefix);
			continue;
		}
		/* DigestInfo with the NIST OID 2.16.840.1.101.3.4.2.x and NULL */
		const uint8_t *p = d->digest_info_prefix;
		size_t plen = d->digest_info_prefix_len;
		g_assert_cmpuint(plen, ==, 19);
		g_assert_cmpuint(p[1], ==, plen - 2 + d->digest_size);
		g_assert_cmpuint(p[14], ==, expect[i].oid_last);
		g_assert_cmpuint(p[15], ==, 0x05);
		g_assert_cmpuint(p[18], ==, d->digest_size);
	}
	g_assert_true(smime_crypto__digest_by_name("SHA3-256") == dg(SMIME_DIGEST_SHA3_256));
	g_assert_true(smime_crypto__digest_by_name("SHAKE256") == dg(SMIME_DIGEST_SHAKE256_512));
}

/* FIPS 202 example values (NIST CSRC "Examples with intermediate values"). */
static void test_sha3_kat(void)
{
	static const struct {
		smime_digest_id id;
		const char *msg, *hex;
	} kat[] = {
		{ SMIME_DIGEST_SHA3_256, "",
		  "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a" },
		{ SMIME_DIGEST_SHA3_256, "abc",
		  "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532" },
		{ SMIME_DIGEST_SHA3_384, "",
		  "0c63a75b845e4f7d01107d852e4c2485c51a50aaaa94fc61995e71bbee983a2a"
		  "c3713831264adb47fb6bd1e058d5f004" },
		{ SMIME_DIGEST_SHA3_384, "abc",
		  "ec01498288516fc926459f58e2c6ad8df9b473cb0fc08c2596da7cf0e49be4b2"
		  "98d88cea927ac7f539f1edf228376d25" },
		{ SMIME_DIGEST_SHA3_512, "",
		  "a69f73cca23a9ac5c8b567dc185a756e97c982164fe25859e0d1dcc1475c80a6"
		  "15b2123af1f5f94c11e3e9402c3ac558f500199d95b6d3e301758586281dcd26" },
		{ SMIME_DIGEST_SHA3_512, "abc",
		  "b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e"
		  "10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0" },
		{ SMIME_DIGEST_SHAKE256_512, "",
		  "46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762f"
		  "d75dc4ddd8c0f200cb05019d67b592f6fc821c49479ab48640292eacb3b7c4be" },
		{ SMIME_DIGEST_SHAKE256_512, "abc",
		  "483366601360a8771c6863080cc4114d8db44530f8f1e1ee4f94ea37e78b5739"
		  "d5a15bef186a5386c75744c0527e1faa9f8726e462a12a4feb06bd8801e751e4" },
	};
	uint8_t out[SMIME_DIGEST_MAX_SIZE];

	for (size_t i = 0; i < G_N_ELEMENTS(kat); i++) {
		const smime_digest_desc *d = dg(kat[i].id);

		memset(out, 0xee, sizeof(out));
		smime_crypto__digest(d, kat[i].msg, strlen(kat[i].msg), out);
		assert_hex(out, d->digest_size, kat[i].hex);
	}
}

/* Streaming across the 136-byte rate, and the nettle_hash dress of SHAKE. */
static void test_sha3_streaming(void)
{
	static const smime_digest_id ids[] = {
		SMIME_DIGEST_SHA3_256, SMIME_DIGEST_SHA3_384, SMIME_DIGEST_SHA3_512,
		SMIME_DIGEST_SHAKE256_512,
	};
	uint8_t data[1000], one[SMIME_DIGEST_MAX_SIZE], two[SMIME_DIGEST_MAX_SIZE];

	memset(data, 'a', sizeof(data));
	for (size_t i = 0; i < G_N_ELEMENTS(ids); i++) {
		const smime_digest_desc *d = dg(ids[i]);
		smime_digest_ctx ctx;

		smime_crypto__digest(d, data, sizeof(data), one);
		smime_crypto__digest_init(&ctx, d);
		for (size_t off = 0; off < sizeof(data); off += 7)
			smime_crypto__digest_update(&ctx, data + off,
						    MIN((size_t)7, sizeof(data) - off));
		smime_crypto__digest_final(&ctx, two);
		g_assert_cmpmem(one, d->digest_size, two, d->digest_size);
	}
	/* SHAKE256("a" x 1000), 64 bytes (Python hashlib.shake_256) */
	assert_hex(one, 64,
		   "e262331ad290c96ab1c0fa045470244b415ba6696a934d60f2999b8e92aaa24e"
		   "e8eb039abd7af7d64fde39fa73267b02fdd3a50e1b8651b846a9bb2cc4f344c5");
}

/* ------------------------------------------------------------------ */
/* RSASSA-PSS                                                         */
/* ------------------------------------------------------------------ */

static const struct pss_case {
	const char *name;
	smime_digest_id hash, mgf;
	size_t salt;
} pss_cases[] = {
	{ "sha256-sha256-32", SMIME_DIGEST_SHA256, SMIME_DIGEST_SHA256, 32 },
	{ "sha256-sha1-20", SMIME_DIGEST_SHA256, SMIME_DIGEST_SHA1, 20 },
	{ "sha256-sha256-0", SMIME_DIGEST_SHA256, SMIME_DIGEST_SHA256, 0 },
	{ "sha256-sha256-64", SMIME_DIGEST_SHA256, SMIME_DIGEST_SHA256, 64 },
	{ "sha1-sha1-20", SMIME_DIGEST_SHA1, SMIME_DIGEST_SHA1, 20 },
	{ "sha512-sha512-64", SMIME_DIGEST_SHA512, SMIME_DIGEST_SHA512, 64 },
	{ "sha384-sha256-48", SMIME_DIGEST_SHA384, SMIME_DIGEST_SHA256, 48 },
};

static void test_pss_openssl(void)
{
	smime_key *key = load_key("crypto", "rsa2048.pem");
	const smime_rsa_key *rsa = rsa_of(key);
	uint8_t digest[SMIME_DIGEST_MAX_SIZE];

	for (size_t i = 0; i < G_N_ELEMENTS(pss_cases); i++) {
		const struct pss_case *c = &pss_cases[i];
		const smime_digest_desc *h = dg(c->hash), *m = dg(c->mgf);
		const smime_digest_desc *other_m =
			dg(c->mgf == SMIME_DIGEST_SHA1 ? SMIME_DIGEST_SHA256 : SMIME_DIGEST_SHA1);
		const smime_digest_desc *other_h =
			dg(c->hash == SMIME_DIGEST_SHA512 ? SMIME_DIGEST_SHA256
							  : SMIME_DIGEST_SHA512);
		size_t len;
		uint8_t *sig = vec_bytes("pss", c->name, &len);

		g_test_message("PSS %s", c->name);
		smime_crypto__digest(h, "abc", 3, digest);
		g_assert_cmpint(smime_crypto__rsa_pss_verify(rsa, h, m, c->salt, digest, sig, len),
				==, SMIME_OK);
		/* another salt length, MGF hash or hash: no */
		g_assert_cmpint(smime_crypto__rsa_pss_verify(rsa, h, m, c->salt + 1, digest, sig,
							     len), ==, SMIME_E_BAD_SIGNATURE);
		if (c->salt > 0)
			g_assert_cmpint(smime_crypto__rsa_pss_verify(rsa, h, m, c->salt - 1, digest,
								     sig, len),
					==, SMIME_E_BAD_SIGNATURE);
		g_assert_cmpint(smime_crypto__rsa_pss_verify(rsa, h, other_m, c->salt, digest,
							     sig, len), ==, SMIME_E_BAD_SIGNATURE);
		smime_crypto__digest(other_h, "abc", 3, digest);
		g_assert_cmpint(smime_crypto__rsa_pss_verify(rsa, other_h, m, c->salt, digest,
							     sig, len), ==, SMIME_E_BAD_SIGNATURE);
		/* another message, a flipped bit, a wrong length */
		smime_crypto__digest(h, "abd", 3, digest);
		g_assert_cmpint(smime_crypto__rsa_pss_verify(rsa, h, m, c->salt, digest, sig, len),
				==, SMIME_E_BAD_SIGNATURE);
		smime_crypto__digest(h, "abc", 3, digest);
		sig[len / 2] ^= 0x10;
		g_assert_cmpint(smime_crypto__rsa_pss_verify(rsa, h, m, c->salt, digest, sig, len),
				==, SMIME_E_BAD_SIGNATURE);
		sig[len / 2] ^= 0x10;
		g_assert_cmpint(smime_crypto__rsa_pss_verify(rsa, h, m, c->salt, digest, sig,
							     len - 1), ==, SMIME_E_BAD_SIGNATURE);
		/* a PSS signature is no PKCS#1 v1.5 signature */
		g_assert_cmpint(smime_crypto__rsa_pkcs1_verify(rsa, h, digest, sig, len), ==,
				SMIME_E_BAD_SIGNATURE);
		g_free(sig);
	}
	smime_key_free(key);
}

/* A 2049-bit modulus: the encoded message is one byte shorter than the
 * modulus (RFC 8017 §9.1, emLen = k - 1). */
static void test_pss_odd_modulus(void)
{
	smime_key *key = load_key("crypto-sig", "rsa2049.pem");
	const smime_rsa_key *rsa = rsa_of(key);
	const smime_digest_desc *h = dg(SMIME_DIGEST_SHA256);
	uint8_t digest[32], out[512];
	size_t len, out_len;
	uint8_t *sig = vec_bytes("pss", "rsa2049-sha256-sha256-32", &len);

	g_assert_cmpuint(smime_crypto__rsa_bits(rsa), ==, 2049);
	g_assert_cmpuint(len, ==, 257);
	smime_crypto__digest(h, "abc", 3, digest);
	g_assert_cmpint(smime_crypto__rsa_pss_verify(rsa, h, h, 32, digest, sig, len), ==,
			SMIME_OK);
	g_assert_cmpint(smime_crypto__rsa_pss_verify(rsa, h, h, 31, digest, sig, len), ==,
			SMIME_E_BAD_SIGNATURE);
	for (int i = 0; i < 4; i++) {
		g_assert_cmpint(smime_crypto__rsa_pss_sign(rsa, h, h, 32, digest, out, &out_len),
				==, SMIME_OK);
		g_assert_cmpuint(out_len, ==, 257);
		g_assert_cmpint(smime_crypto__rsa_pss_verify(rsa, h, h, 32, digest, out,
							     out_len), ==, SMIME_OK);
	}
	g_free(sig);
	smime_key_free(key);
}

static void test_pss_roundtrip(void)
{
	smime_key *key = load_key("crypto", "rsa2048.pem");
	smime_key *other = load_key("crypto", "other2048.pem");
	const smime_rsa_key *rsa = rsa_of(key);
	uint8_t digest[SMIME_DIGEST_MAX_SIZE], sig[256], sig2[256];
	size_t len, len2;
	static const smime_digest_id hashes[] = {
		SMIME_DIGEST_SHA1, SMIME_DIGEST_SHA224, SMIME_DIGEST_SHA256,
		SMIME_DIGEST_SHA384, SMIME_DIGEST_SHA512, SMIME_DIGEST_SHA3_256,
		SMIME_DIGEST_SHA3_512,
	};

	for (size_t i = 0; i < G_N_ELEMENTS(hashes); i++) {
		for (size_t j = 0; j < G_N_ELEMENTS(hashes); j++) {
			const smime_digest_desc *h = dg(hashes[i]), *m = dg(hashes[j]);
			size_t salt = h->digest_size;

			smime_crypto__digest(h, "message", 7, digest);
			g_assert_cmpint(smime_crypto__rsa_pss_sign(rsa, h, m, salt, digest, sig,
								   &len), ==, SMIME_OK);
			g_assert_cmpuint(len, ==, 256);
			g_assert_cmpint(smime_crypto__rsa_pss_verify(rsa, h, m, salt, digest,
								     sig, len), ==, SMIME_OK);
			g_assert_cmpint(smime_crypto__rsa_pss_verify(rsa_of(other), h, m, salt,
								     digest, sig, len),
					==, SMIME_E_BAD_SIGNATURE);
		}
	}
	/* random salt: two signatures differ, both verify */
	const smime_digest_desc *h = dg(SMIME_DIGEST_SHA256);
	smime_crypto__digest(h, "abc", 3, digest);
	g_assert_cmpint(smime_crypto__rsa_pss_sign(rsa, h, h, 32, digest, sig, &len), ==, SMIME_OK);
	g_assert_cmpint(smime_crypto__rsa_pss_sign(rsa, h, h, 32, digest, sig2, &len2), ==,
			SMIME_OK);
	g_assert_true(memcmp(sig, sig2, 256) != 0);
	/* salt 0 is deterministic */
	g_assert_cmpint(smime_crypto__rsa_pss_sign(rsa, h, h, 0, digest, sig, &len), ==, SMIME_OK);
	g_assert_cmpint(smime_crypto__rsa_pss_sign(rsa, h, h, 0, digest, sig2, &len2), ==,
			SMIME_OK);
	g_assert_cmpmem(sig, len, sig2, len2);
	/* the largest salt: emLen - hLen - 2 = 255 - 32 - 2 */
	g_assert_cmpint(smime_crypto__rsa_pss_sign(rsa, h, h, 222, digest, sig, &len), ==,
			SMIME_OK);
	g_assert_cmpint(smime_crypto__rsa_pss_verify(rsa, h, h, 222, digest, sig, len), ==,
			SMIME_OK);
	g_assert_cmpint(smime_crypto__rsa_pss_sign(rsa, h, h, 223, digest, sig, &len), ==,
			SMIME_E_KEY);
	g_assert_cmpint(smime_crypto__rsa_pss_verify(rsa, h, h, 223, digest, sig2, len2), ==,
			SMIME_E_BAD_SIGNATURE);
	/* no SHAKE in EMSA-PSS, no signing with a public key */
	g_assert_cmpint(smime_crypto__rsa_pss_sign(rsa, dg(SMIME_DIGEST_SHAKE256_512), h, 32,
						   digest, sig, &len), ==, SMIME_E_UNSUPPORTED);
	g_assert_cmpint(smime_crypto__rsa_pss_verify(rsa, h, dg(SMIME_DIGEST_SHAKE256_512), 32,
						     digest, sig2, len2), ==, SMIME_E_UNSUPPORTED);
	/* no DigestInfo for SHAKE256: PKCS#1 v1.5 refuses it */
	g_assert_cmpint(smime_crypto__rsa_pkcs1_sign(rsa, dg(SMIME_DIGEST_SHAKE256_512), digest,
						     sig, &len), ==, SMIME_E_UNSUPPORTED);
	smime_key_free(key);
	smime_key_free(other);
}

/* ------------------------------------------------------------------ */
/* ECDSA                                                              */
/* ------------------------------------------------------------------ */

static const struct ec_case {
	const char *name, *file;
	smime_curve curve;
	size_t field;
} ec_cases[] = {
	{ "p256", "ecdsa-p256.pem", SMIME_CURVE_P256, 32 },
	{ "p384", "ecdsa-p384.pem", SMIME_CURVE_P384, 48 },
	{ "p521", "ecdsa-p521.pem", SMIME_CURVE_P521, 66 },
};

static const smime_digest_id sha2[] = { SMIME_DIGEST_SHA256, SMIME_DIGEST_SHA384,
					SMIME_DIGEST_SHA512 };

static void test_ecdsa_openssl(void)
{
	uint8_t digest[SMIME_DIGEST_MAX_SIZE];

	for (size_t i = 0; i < G_N_ELEMENTS(ec_cases); i++) {
		const struct ec_case *c = &ec_cases[i];
		char group[32];
		size_t pub_len;
		uint8_t *pub;

		g_snprintf(group, sizeof(group), "ecdsa-%s", c->name);
		pub = vec_bytes(group, "public", &pub_len);
		g_assert_cmpuint(pub_len, ==, 1 + 2 * c->field);
		for (size_t j = 0; j < G_N_ELEMENTS(sha2); j++) {
			const smime_digest_desc *h = dg(sha2[j]);
			size_t len;
			uint8_t *sig = vec_bytes(group, h->name, &len);

			smime_crypto__digest(h, "abc", 3, digest);
			g_assert_cmpint(smime_crypto__ecdsa_verify(c->curve, pub, pub_len, digest,
								   h->digest_size, sig, len),
					==, SMIME_OK);
			/* another digest */
			digest[0] ^= 1;
			g_assert_cmpint(smime_crypto__ecdsa_verify(c->curve, pub, pub_len, digest,
								   h->digest_size, sig, len),
					==, SMIME_E_BAD_SIGNATURE);
			digest[0] ^= 1;
			/* a changed signature byte (inside s) */
			sig[len - 3] ^= 0x01;
			g_assert_cmpint(smime_crypto__ecdsa_verify(c->curve, pub, pub_len, digest,
								   h->digest_size, sig, len),
					==, SMIME_E_BAD_SIGNATURE);
			sig[len - 3] ^= 0x01;
			/* trailing garbage, truncation */
			uint8_t *longer = g_malloc(len + 1);
			memcpy(longer, sig, len);
			longer[len] = 0;
			g_assert_cmpint(smime_crypto__ecdsa_verify(c->curve, pub, pub_len, digest,
								   h->digest_size, longer, len + 1),
					==, SMIME_E_BAD_SIGNATURE);
			g_assert_cmpint(smime_crypto__ecdsa_verify(c->curve, pub, pub_len, digest,
								   h->digest_size, sig, len - 1),
					==, SMIME_E_BAD_SIGNATURE);
			g_free(longer);
			g_free(sig);
		}
		/* a point not on the curve, a compressed point */
		pub[pub_len - 1] ^= 1;
		g_assert_cmpint(smime_crypto__ecdsa_verify(c->curve, pub, pub_len, digest, 32,
							   (const uint8_t *)"\x30\x06\x02\x01\x01\x02\x01\x01", 8),
				==, SMIME_E_KEY);
		g_assert_cmpint(smime_crypto__ecdsa_verify(c->curve, pub, 1 + c->field, digest, 32,
							   (const uint8_t *)"\x30\x06\x02\x01\x01\x02\x01\x01", 8),
				==, SMIME_E_KEY);
		g_free(pub);
	}
}

/* Private and public key of an ECDSA test key through cert/ec.c. */
static void ec_key(const struct ec_case *c, smime_buf *priv, smime_buf *pub)
{
	smime_key *k = load_key("crypto-sig", c->file);
	smime_curve curve = SMIME_CURVE_COUNT;
	char group[32];
	size_t len;
	uint8_t *want;

	g_assert_cmpint(smime_key__pk_type(k), ==, SMIME_PK_EC);
	g_assert_cmpint(smime_key__ec_private(k, &curve, priv, pub), ==, SMIME_OK);
	g_assert_cmpint(curve, ==, c->curve);
	g_assert_cmpuint(priv->len, ==, c->field);
	g_snprintf(group, sizeof(group), "ecdsa-%s", c->name);
	want = vec_bytes(group, "public", &len);
	g_assert_cmpmem(pub->data, pub->len, want, len);
	g_free(want);
	smime_key_free(k);
}

static void test_ecdsa_roundtrip(void)
{
	uint8_t digest[SMIME_DIGEST_MAX_SIZE];

	for (size_t i = 0; i < G_N_ELEMENTS(ec_cases); i++) {
		const struct ec_case *c = &ec_cases[i];
		smime_buf priv = SMIME_BUF_INIT, pub = SMIME_BUF_INIT;

		ec_key(c, &priv, &pub);
		for (size_t j = 0; j < G_N_ELEMENTS(sha2); j++) {
			const smime_digest_desc *h = dg(sha2[j]);
			smime_buf sig = SMIME_BUF_INIT, sig2 = SMIME_BUF_INIT;

			smime_crypto__digest(h, "round trip", 10, digest);
			g_assert_cmpint(smime_crypto__ecdsa_sign(c->curve, priv.data, priv.len,
								 digest, h->digest_size, &sig),
					==, SMIME_OK);
			g_assert_cmpuint(sig.len, >=, 8);
			g_assert_cmpuint(sig.data[0], ==, 0x30);
			g_assert_cmpint(smime_crypto__ecdsa_verify(c->curve, pub.data, pub.len,
								   digest, h->digest_size,
								   sig.data, sig.len),
					==, SMIME_OK);
			/* randomised: a second signature differs */
			g_assert_cmpint(smime_crypto__ecdsa_sign(c->curve, priv.data, priv.len,
								 digest, h->digest_size, &sig2),
					==, SMIME_OK);
			g_assert_false(sig.len == sig2.len &&
				       memcmp(sig.data, sig2.data, sig.len) == 0);
			/* the wrong curve */
			smime_curve wrong = c->curve == SMIME_CURVE_P256 ? SMIME_CURVE_P384
									 : SMIME_CURVE_P256;
			g_assert_cmpint(smime_crypto__ecdsa_verify(wrong, pub.data, pub.len,
								   digest, h->digest_size,
								   sig.data, sig.len),
					==, SMIME_E_KEY);
			smime_buf_free(&sig);
			smime_buf_free(&sig2);
		}
		/* the private key must have the field size; X25519 is no ECDSA curve */
		smime_buf sig = SMIME_BUF_INIT;
		g_assert_cmpint(smime_crypto__ecdsa_sign(c->curve, priv.data, priv.len - 1,
							 digest, 32, &sig), ==, SMIME_E_KEY);
		g_assert_cmpint(smime_crypto__ecdsa_sign(SMIME_CURVE_X25519, priv.data, 32,
							 digest, 32, &sig), ==, SMIME_E_UNSUPPORTED);
		g_assert_null(sig.data);
		smime_buf_free_secret(&priv);
		smime_buf_free(&pub);
	}
	/* a zero scalar is no key */
	uint8_t zero[32] = { 0 };
	smime_buf sig = SMIME_BUF_INIT;
	g_assert_cmpint(smime_crypto__ecdsa_sign(SMIME_CURVE_P256, zero, 32, digest, 32, &sig), ==,
			SMIME_E_KEY);
}

/* Order q of P-256 (FIPS 186-4 D.1.2.3). */
static const char p256_q[] =
	"ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";

/* a - b for 32-byte big-endian numbers, a >= b */
static void sub32(uint8_t *r, const uint8_t *a, const uint8_t *b)
{
	int borrow = 0;

	for (int i = 31; i >= 0; i--) {
		int d = a[i] - b[i] - borrow;

		borrow = d < 0;
		r[i] = (uint8_t)(d + (borrow ? 256 : 0));
	}
}

/* Ecdsa-Sig-Value of two 32-byte values, in minimal DER. */
static size_t der_sig(uint8_t *out, const uint8_t *r, const uint8_t *s)
{
	const uint8_t *v[2] = { r, s };
	size_t n = 2;

	for (int k = 0; k < 2; k++) {
		size_t skip = 0;

		while (skip < 31 && v[k][skip] == 0)
			skip++;
		bool pad = v[k][skip] & 0x80;
		out[n++] = 0x02;
		out[n++] = (uint8_t)(32 - skip + pad);
		if (pad)
			out[n++] = 0;
		memcpy(out + n, v[k] + skip, 32 - skip);
		n += 32 - skip;
	}
	out[0] = 0x30;
	out[1] = (uint8_t)(n - 2);
	return n;
}

/* Splits a DER P-256 signature into 32-byte r and s. */
static void split_sig(const uint8_t *der, uint8_t *r, uint8_t *s)
{
	const uint8_t *p = der + 2;
	uint8_t *v[2] = { r, s };

	for (int k = 0; k < 2; k++) {
		size_t len = p[1];
		const uint8_t *b = p + 2;

		if (len == 33) {
			b++;
			len--;
		}
		memset(v[k], 0, 32);
		memcpy(v[k] + 32 - len, b, len);
		p += 2 + p[1];
	}
}

static void test_ecdsa_der(void)
{
	smime_buf priv = SMIME_BUF_INIT, pub = SMIME_BUF_INIT, sig = SMIME_BUF_INIT;
	const smime_digest_desc *h = dg(SMIME_DIGEST_SHA256);
	uint8_t digest[32], r[32], s[32], t[32], der[80], bad[90];
	size_t qlen, n;
	uint8_t *q = unhex(p256_q, &qlen);
	const smime_curve P256 = SMIME_CURVE_P256;

	ec_key(&ec_cases[0], &priv, &pub);
	smime_crypto__digest(h, "abc", 3, digest);
	g_assert_cmpint(smime_crypto__ecdsa_sign(P256, priv.data, priv.len, digest, 32, &sig), ==,
			SMIME_OK);
	split_sig(sig.data, r, s);
	n = der_sig(der, r, s);
	g_assert_cmpmem(der, n, sig.data, sig.len); /* our output is minimal DER */
#define VERIFY(b_, l_) \
	smime_crypto__ecdsa_verify(P256, pub.data, pub.len, digest, 32, (b_), (l_))
	g_assert_cmpint(VERIFY(der, n), ==, SMIME_OK);

	/* high s: (r, q - s) is the same signature and valid ECDSA */
	sub32(t, q, s);
	n = der_sig(der, r, t);
	g_assert_cmpint(VERIFY(der, n), ==, SMIME_OK);

	/* r or s equal to q, or zero, or q + small: out of range */
	n = der_sig(der, q, s);
	g_assert_cmpint(VERIFY(der, n), ==, SMIME_E_BAD_SIGNATURE);
	n = der_sig(der, r, q);
	g_assert_cmpint(VERIFY(der, n), ==, SMIME_E_BAD_SIGNATURE);
	memset(t, 0, sizeof(t));
	n = der_sig(der, r, t);
	g_assert_cmpint(VERIFY(der, n), ==, SMIME_E_BAD_SIGNATURE);
	n = der_sig(der, t, s);
	g_assert_cmpint(VERIFY(der, n), ==, SMIME_E_BAD_SIGNATURE);

	/* r + q does not fit in 32 bytes: a 33-byte INTEGER 01 xx.. */
	n = der_sig(der, r, s);
	{
		size_t m = 0;

		bad[m++] = 0x30;
		bad[m++] = 0;
		bad[m++] = 0x02;
		bad[m++] = 33;
		bad[m++] = 0x01;
		memcpy(bad + m, r, 32);
		m += 32;
		size_t slen = n - (2 + 2 + der[3]);
		memcpy(bad + m, der + 2 + 2 + der[3], slen);
		m += slen;
		bad[1] = (uint8_t)(m - 2);
		g_assert_cmpint(VERIFY(bad, m), ==, SMIME_E_BAD_SIGNATURE);
	}

	/* non-minimal encodings of the valid signature */
	n = der_sig(der, r, s);
	/* long-form SEQUENCE length */
	bad[0] = 0x30;
	bad[1] = 0x81;
	memcpy(bad + 2, der + 1, n - 1);
	g_assert_cmpint(VERIFY(bad, n + 1), ==, SMIME_E_BAD_SIGNATURE);
	/* superfluous leading zero in r (r's top bit is clear or set) */
	{
		size_t rl = der[3], m = 0;
		bad[m++] = 0x30;
		bad[m++] = (uint8_t)(der[1] + 1);
		bad[m++] = 0x02;
		bad[m++] = (uint8_t)(rl + 1);
		bad[m++] = 0x00;
		memcpy(bad + m, der + 4, n - 4);
		m += n - 4;
		if (der[4] == 0x00) /* r already padded: the extra zero is superfluous */
			g_assert_cmpint(VERIFY(bad, m), ==, SMIME_E_BAD_SIGNATURE);
		else if (!(der[4] & 0x80))
			g_assert_cmpint(VERIFY(bad, m), ==, SMIME_E_BAD_SIGNATURE);
	}
	/* long-form INTEGER length */
	{
		size_t m = 0;
		bad[m++] = 0x30;
		bad[m++] = (uint8_t)(der[1] + 1);
		bad[m++] = 0x02;
		bad[m++] = 0x81;
		memcpy(bad + m, der + 3, n - 3);
		m += n - 3;
		g_assert_cmpint(VERIFY(bad, m), ==, SMIME_E_BAD_SIGNATURE);
	}
	/* negative r: drop the padding zero, or flip the top bit */
	{
		uint8_t neg[32];
		memcpy(neg, r, 32);
		neg[0] |= 0x80;
		size_t m = der_sig(bad, neg, s);
		/* remove the 00 that der_sig put before r */
		memmove(bad + 4, bad + 5, m - 5);
		bad[3]--;
		bad[1]--;
		g_assert_cmpint(VERIFY(bad, m - 1), ==, SMIME_E_BAD_SIGNATURE);
	}
	/* wrong tags, a SET, an empty SEQUENCE, three INTEGERs, garbage */
	memcpy(bad, der, n);
	bad[0] = 0x31;
	g_assert_cmpint(VERIFY(bad, n), ==, SMIME_E_BAD_SIGNATURE);
	memcpy(bad, der, n);
	bad[2] = 0x04;
	g_assert_cmpint(VERIFY(bad, n), ==, SMIME_E_BAD_SIGNATURE);
	g_assert_cmpint(VERIFY((const uint8_t *)"\x30\x00", 2), ==, SMIME_E_BAD_SIGNATURE);
	g_assert_cmpint(VERIFY((const uint8_t *)"\x30\x80\x02\x01\x01\x02\x01\x01\x00\x00", 10),
			==, SMIME_E_BAD_SIGNATURE);
	memcpy(bad, der, n);
	bad[1] = (uint8_t)(der[1] + 3);
	memcpy(bad + n, "\x02\x01\x01", 3);
	g_assert_cmpint(VERIFY(bad, n + 3), ==, SMIME_E_BAD_SIGNATURE);
	g_assert_cmpint(VERIFY(NULL, 0), ==, SMIME_E_BAD_SIGNATURE);
	/* and the original still verifies */
	g_assert_cmpint(VERIFY(der, n), ==, SMIME_OK);
#undef VERIFY
	g_free(q);
	smime_buf_free(&sig);
	smime_buf_free_secret(&priv);
	smime_buf_free(&pub);
}

/* ------------------------------------------------------------------ */
/* EdDSA                                                              */
/* ------------------------------------------------------------------ */

/* RFC 8032 §7.1 TEST 1-3 (Ed25519) and §7.4 "Blank" and "1 octet" (Ed448). */
static const struct eddsa_kat {
	smime_eddsa v;
	const char *priv, *pub, *msg, *sig;
} eddsa_kats[] = {
	{ SMIME_EDDSA_ED25519,
	  "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
	  "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
	  "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
	  "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b" },
	{ SMIME_EDDSA_ED25519,
	  "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
	  "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
	  "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
	  "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00" },
	{ SMIME_EDDSA_ED25519,
	  "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
	  "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
	  "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
	  "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a" },
	{ SMIME_EDDSA_ED448,
	  "6c82a562cb808d10d632be89c8513ebf6c929f34ddfa8c9f63c9960ef6e348a3"
	  "528c8a3fcc2f044e39a3fc5b94492f8f032e7549a20098f95b",
	  "5fd7449b59b461fd2ce787ec616ad46a1da1342485a70e1f8a0ea75d80e96778"
	  "edf124769b46c7061bd6783df1e50f6cd1fa1abeafe8256180", "",
	  "533a37f6bbe457251f023c0d88f976ae2dfb504a843e34d2074fd823d41a591f"
	  "2b233f034f628281f2fd7a22ddd47d7828c59bd0a21bfd3980ff0d2028d4b18a"
	  "9df63e006c5d1c2d345b925d8dc00b4104852db99ac5c7cdda8530a113a0f4db"
	  "b61149f05a7363268c71d95808ff2e652600" },
	{ SMIME_EDDSA_ED448,
	  "c4eab05d357007c632f3dbb48489924d552b08fe0c353a0d4a1f00acda2c463a"
	  "fbea67c5e8d2877c5e3bc397a659949ef8021e954e0a12274e",
	  "43ba28f430cdff456ae531545f7ecd0ac834a55d9358c0372bfa0c6c6798c086"
	  "6aea01eb00742802b8438ea4cb82169c235160627b4c3a9480", "03",
	  "26b8f91727bd62897af15e41eb43c377efb9c610d48f2335cb0bd0087810f435"
	  "2541b143c4b981b7e18f62de8ccdf633fc1bf037ab7cd779805e0dbcc0aae1cb"
	  "cee1afb2e027df36bc04dcecbf154336c19f0af7e0a6472905e799f1953d2a0f"
	  "f3348ab21aa4adafd1d234441cf807c03a00" },
};

/* The group order L of edwards25519, little endian (RFC 8032 §5.1). */
static const uint8_t ed25519_l[32] = {
	0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2,
	0xde, 0xf9, 0xde, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
};

static void test_eddsa_rfc8032(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(eddsa_kats); i++) {
		const struct eddsa_kat *k = &eddsa_kats[i];
		size_t priv_len, pub_len, msg_len, sig_len;
		uint8_t *priv = unhex(k->priv, &priv_len);
		uint8_t *pub = unhex(k->pub, &pub_len);
		uint8_t *msg = unhex(k->msg, &msg_len);
		uint8_t *want = unhex(k->sig, &sig_len);
		smime_buf sig = SMIME_BUF_INIT;

		g_assert_cmpint(smime_crypto__eddsa_sign(k->v, priv, priv_len, msg, msg_len, &sig),
				==, SMIME_OK);
		g_assert_cmpmem(sig.data, sig.len, want, sig_len);
		g_assert_cmpint(smime_crypto__eddsa_verify(k->v, pub, pub_len, msg, msg_len, want,
							   sig_len), ==, SMIME_OK);
		/* another message, a flipped bit, a wrong length, the other scheme */
		g_assert_cmpint(smime_crypto__eddsa_verify(k->v, pub, pub_len,
							   (const uint8_t *)"x", 1, want, sig_len),
				==, SMIME_E_BAD_SIGNATURE);
		want[sig_len - 10] ^= 0x04;
		g_assert_cmpint(smime_crypto__eddsa_verify(k->v, pub, pub_len, msg, msg_len, want,
							   sig_len), ==, SMIME_E_BAD_SIGNATURE);
		want[sig_len - 10] ^= 0x04;
		g_assert_cmpint(smime_crypto__eddsa_verify(k->v, pub, pub_len, msg, msg_len, want,
							   sig_len - 1), ==, SMIME_E_BAD_SIGNATURE);
		g_assert_cmpint(smime_crypto__eddsa_verify(k->v, pub, pub_len - 1, msg, msg_len,
							   want, sig_len), ==, SMIME_E_KEY);
		smime_eddsa other = k->v == SMIME_EDDSA_ED25519 ? SMIME_EDDSA_ED448
								: SMIME_EDDSA_ED25519;
		g_assert_cmpint(smime_crypto__eddsa_verify(other, pub, pub_len, msg, msg_len,
							   want, sig_len), ==, SMIME_E_KEY);

		/* Ed25519: S + L is the same scalar but not canonical (§5.1.7) */
		if (k->v == SMIME_EDDSA_ED25519) {
			int carry = 0;

			for (int b = 0; b < 32; b++) {
				int t = want[32 + b] + ed25519_l[b] + carry;

				want[32 + b] = (uint8_t)t;
				carry = t >> 8;
			}
			g_assert_cmpint(carry, ==, 0);
			g_assert_cmpint(smime_crypto__eddsa_verify(k->v, pub, pub_len, msg, msg_len,
								   want, sig_len),
					==, SMIME_E_BAD_SIGNATURE);
		}
		smime_buf_free(&sig);
		g_free(priv);
		g_free(pub);
		g_free(msg);
		g_free(want);
	}
}

static void test_eddsa_roundtrip(void)
{
	static const smime_eddsa vs[] = { SMIME_EDDSA_ED25519, SMIME_EDDSA_ED448 };
	uint8_t priv[57], msg[5000];

	for (size_t i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)(i * 7);
	for (size_t i = 0; i < G_N_ELEMENTS(vs); i++) {
		size_t klen = vs[i] == SMIME_EDDSA_ED25519 ? 32 : 57;
		smime_buf sig = SMIME_BUF_INIT, sig2 = SMIME_BUF_INIT;

		g_assert_cmpint(smime_crypto__random(priv, klen), ==, SMIME_OK);
		g_assert_cmpint(smime_crypto__eddsa_sign(vs[i], priv, klen, msg, sizeof(msg), &sig),
				==, SMIME_OK);
		g_assert_cmpuint(sig.len, ==, 2 * klen);
		/* deterministic */
		g_assert_cmpint(smime_crypto__eddsa_sign(vs[i], priv, klen, msg, sizeof(msg),
							 &sig2), ==, SMIME_OK);
		g_assert_cmpmem(sig.data, sig.len, sig2.data, sig2.len);
		g_assert_cmpint(smime_crypto__eddsa_sign(vs[i], priv, klen - 1, msg, sizeof(msg),
							 &sig2), ==, SMIME_E_KEY);
		smime_buf_free(&sig);
		smime_buf_free(&sig2);
	}
	smime_wipe(priv, sizeof(priv));
}

/* ------------------------------------------------------------------ */
/* keys of certificates and private keys (cert/ec.c)                  */
/* ------------------------------------------------------------------ */

static void test_cert_ec_p256(void)
{
	smime_cert *c = load_cert("pki", "ec-p256.crt");
	smime_key *k = load_key("pki", "ec-p256.key");
	smime_key *alice = load_key("pki", "alice.key");
	smime_buf cpub = SMIME_BUF_INIT, kpub = SMIME_BUF_INIT, priv = SMIME_BUF_INIT;
	smime_buf sig = SMIME_BUF_INIT, spki = SMIME_BUF_INIT;
	smime_curve cc = SMIME_CURVE_COUNT, kc = SMIME_CURVE_COUNT;
	smime_eddsa v;
	uint8_t digest[32];

	g_assert_cmpint(smime_cert__pk_type(c), ==, SMIME_PK_EC);
	g_assert_cmpint(smime_key__pk_type(k), ==, SMIME_PK_EC);
	g_assert_cmpint(smime_cert__ec_public(c, &cc, &cpub), ==, SMIME_OK);
	g_assert_cmpint(cc, ==, SMIME_CURVE_P256);
	g_assert_cmpuint(cpub.len, ==, 65);
	g_assert_cmpuint(cpub.data[0], ==, 0x04);
	g_assert_cmpint(smime_key__ec_private(k, &kc, &priv, &kpub), ==, SMIME_OK);
	g_assert_cmpint(kc, ==, SMIME_CURVE_P256);
	g_assert_cmpuint(priv.len, ==, 32);
	g_assert_cmpmem(cpub.data, cpub.len, kpub.data, kpub.len);
	g_assert_true(smime_key__matches_cert(k, c));
	g_assert_false(smime_key__matches_cert(alice, c));
	/* the key signs, the certificate verifies */
	smime_crypto__digest(dg(SMIME_DIGEST_SHA256), "abc", 3, digest);
	g_assert_cmpint(smime_crypto__ecdsa_sign(kc, priv.data, priv.len, digest, 32, &sig), ==,
			SMIME_OK);
	g_assert_cmpint(smime_crypto__ecdsa_verify(cc, cpub.data, cpub.len, digest, 32, sig.data,
						   sig.len), ==, SMIME_OK);
	/* not an EdDSA key, and RSA is neither */
	smime_buf tmp = SMIME_BUF_INIT;
	g_assert_cmpint(smime_cert__eddsa_public(c, &v, &tmp), ==, SMIME_E_UNSUPPORTED);
	g_assert_cmpint(smime_key__eddsa_private(k, &v, &tmp, &tmp), ==, SMIME_E_UNSUPPORTED);
	g_assert_cmpint(smime_key__ec_private(alice, &kc, &tmp, &tmp), ==, SMIME_E_UNSUPPORTED);
	g_assert_null(tmp.data);
	/* SPKI: SEQUENCE { id-ecPublicKey prime256v1 } BIT STRING 00 || point */
	g_assert_cmpint(smime_cert__spki(c, &spki), ==, SMIME_OK);
	g_assert_cmpuint(spki.len, ==, 91);
	assert_hex(spki.data, 26,
		   "3059301306072a8648ce3d020106082a8648ce3d030107034200");
	g_assert_cmpmem(spki.data + 26, 65, cpub.data, cpub.len);

	smime_buf_free(&spki);
	smime_buf_free(&sig);
	smime_buf_free(&cpub);
	smime_buf_free(&kpub);
	smime_buf_free_secret(&priv);
	smime_cert_free(c);
	smime_key_free(k);
	smime_key_free(alice);
}

static void test_cert_ecdsa_keys(void)
{
	/* P-384 and P-521 keys (the P-521 public X has a leading zero byte) */
	for (size_t i = 0; i < G_N_ELEMENTS(ec_cases); i++) {
		smime_buf priv = SMIME_BUF_INIT, pub = SMIME_BUF_INIT;

		ec_key(&ec_cases[i], &priv, &pub);
		g_assert_cmpuint(pub.len, ==, 1 + 2 * ec_cases[i].field);
		smime_buf_free_secret(&priv);
		smime_buf_free(&pub);
	}
}

/* An EdDSA or X25519/X448 certificate with its key: raw public keys equal,
 * the key matches, the SPKI is the fixed RFC 8410 prefix plus the key. */
static void check_raw_pair(const char *cdir, const char *cfile, const char *kdir,
			   const char *kfile, smime_pk_type type, size_t key_len,
			   const char *spki_prefix)
{
	smime_cert *c = load_cert(cdir, cfile);
	smime_key *k = load_key(kdir, kfile);
	smime_key *other = load_key("pki", "ec-p256.key");
	smime_buf cpub = SMIME_BUF_INIT, kpub = SMIME_BUF_INIT, priv = SMIME_BUF_INIT;
	smime_buf spki = SMIME_BUF_INIT, tmp = SMIME_BUF_INIT;
	bool eddsa = type == SMIME_PK_ED25519 || type == SMIME_PK_ED448;
	int cid = -1, kid = -2;
	size_t plen;
	uint8_t *prefix = unhex(spki_prefix, &plen);

	g_test_message("%s / %s", cfile, kfile);
	g_assert_cmpint(smime_cert__pk_type(c), ==, type);
	g_assert_cmpint(smime_key__pk_type(k), ==, type);
	if (eddsa) {
		smime_eddsa cv, kv;

		g_assert_cmpint(smime_cert__eddsa_public(c, &cv, &cpub), ==, SMIME_OK);
		g_assert_cmpint(smime_key__eddsa_private(k, &kv, &priv, &kpub), ==, SMIME_OK);
		g_assert_cmpint(cv, ==, type == SMIME_PK_ED25519 ? SMIME_EDDSA_ED25519
								 : SMIME_EDDSA_ED448);
		cid = (int)cv;
		kid = (int)kv;
		smime_curve cc;
		g_assert_cmpint(smime_cert__ec_public(c, &cc, &tmp), ==, SMIME_E_UNSUPPORTED);
	} else {
		smime_curve cc, kc;

		g_assert_cmpint(smime_cert__ec_public(c, &cc, &cpub), ==, SMIME_OK);
		g_assert_cmpint(smime_key__ec_private(k, &kc, &priv, &kpub), ==, SMIME_OK);
		g_assert_cmpint(cc, ==, type == SMIME_PK_X25519 ? SMIME_CURVE_X25519
								: SMIME_CURVE_X448);
		cid = (int)cc;
		kid = (int)kc;
		smime_eddsa cv;
		g_assert_cmpint(smime_cert__eddsa_public(c, &cv, &tmp), ==, SMIME_E_UNSUPPORTED);
	}
	g_assert_null(tmp.data);
	g_assert_cmpint(cid, ==, kid);
	g_assert_cmpuint(cpub.len, ==, key_len);
	g_assert_cmpuint(priv.len, ==, key_len);
	g_assert_cmpmem(cpub.data, cpub.len, kpub.data, kpub.len);
	g_assert_true(smime_key__matches_cert(k, c));
	g_assert_false(smime_key__matches_cert(other, c));

	g_assert_cmpint(smime_cert__spki(c, &spki), ==, SMIME_OK);
	g_assert_cmpuint(spki.len, ==, plen + key_len);
	g_assert_cmpmem(spki.data, plen, prefix, plen);
	g_assert_cmpmem(spki.data + plen, key_len, cpub.data, cpub.len);

	if (eddsa) {
		/* the private key signs, the certificate's key verifies */
		smime_buf sig = SMIME_BUF_INIT;

		g_assert_cmpint(smime_crypto__eddsa_sign((smime_eddsa)kid, priv.data, priv.len,
							 (const uint8_t *)"abc", 3, &sig),
				==, SMIME_OK);
		g_assert_cmpint(smime_crypto__eddsa_verify((smime_eddsa)cid, cpub.data, cpub.len,
							   (const uint8_t *)"abc", 3, sig.data,
							   sig.len), ==, SMIME_OK);
		smime_buf_free(&sig);
	}
	g_free(prefix);
	smime_buf_free(&spki);
	smime_buf_free(&cpub);
	smime_buf_free(&kpub);
	smime_buf_free_secret(&priv);
	smime_cert_free(c);
	smime_key_free(k);
	smime_key_free(other);
}

static void test_cert_ed25519(void)
{
	check_raw_pair("pki", "ed25519.crt", "pki", "ed25519.key", SMIME_PK_ED25519, 32,
		       "302a300506032b6570032100");
}

static void test_cert_ed448(void)
{
	check_raw_pair("crypto-sig", "ed448.crt", "crypto-sig", "ed448.pem", SMIME_PK_ED448, 57,
		       "3043300506032b6571033a00");
}

static void test_cert_x25519(void)
{
	/* RFC 9216 / cms-examples-ireland "Dana": an X25519 encryption cert */
	check_raw_pair("corpus/cms-examples-ireland/certs-and-keys", "lamps-dana.encrypt.crt",
		       "corpus/cms-examples-ireland/certs-and-keys", "lamps-dana.decrypt.p8.pem",
		       SMIME_PK_X25519, 32, "302a300506032b656e032100");
}

static void test_cert_x448(void)
{
	check_raw_pair("crypto-sig", "x448.crt", "crypto-sig", "x448.pem", SMIME_PK_X448, 56,
		       "3042300506032b656f033900");
}

static void test_cert_spki_rsa(void)
{
	smime_cert *c = load_cert("pki", "alice.crt");
	smime_buf spki = SMIME_BUF_INIT, pub = SMIME_BUF_INIT;
	smime_curve cc;
	const uint8_t *der;
	size_t der_len;

	g_assert_cmpint(smime_cert__spki(c, &spki), ==, SMIME_OK);
	/* SEQUENCE { SEQUENCE { rsaEncryption NULL } BIT STRING } */
	g_assert_cmpuint(spki.data[0], ==, 0x30);
	assert_hex(spki.data + 4, 15, "300d06092a864886f70d0101010500");
	smime_cert__der(c, &der, &der_len);
	g_assert_nonnull(memmem(der, der_len, spki.data, spki.len));
	g_assert_cmpint(smime_cert__ec_public(c, &cc, &pub), ==, SMIME_E_UNSUPPORTED);
	smime_buf_free(&spki);
	smime_cert_free(c);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);

	g_test_add_func("/crypto-sig/sha3/table", test_sha3_table);
	g_test_add_func("/crypto-sig/sha3/kat", test_sha3_kat);
	g_test_add_func("/crypto-sig/sha3/streaming", test_sha3_streaming);
	g_test_add_func("/crypto-sig/pss/openssl", test_pss_openssl);
	g_test_add_func("/crypto-sig/pss/odd-modulus", test_pss_odd_modulus);
	g_test_add_func("/crypto-sig/pss/roundtrip", test_pss_roundtrip);
	g_test_add_func("/crypto-sig/ecdsa/openssl", test_ecdsa_openssl);
	g_test_add_func("/crypto-sig/ecdsa/roundtrip", test_ecdsa_roundtrip);
	g_test_add_func("/crypto-sig/ecdsa/der", test_ecdsa_der);
	g_test_add_func("/crypto-sig/eddsa/rfc8032", test_eddsa_rfc8032);
	g_test_add_func("/crypto-sig/eddsa/roundtrip", test_eddsa_roundtrip);
	g_test_add_func("/crypto-sig/keys/ec-p256", test_cert_ec_p256);
	g_test_add_func("/crypto-sig/keys/ecdsa-p384-p521", test_cert_ecdsa_keys);
	g_test_add_func("/crypto-sig/keys/ed25519", test_cert_ed25519);
	g_test_add_func("/crypto-sig/keys/ed448", test_cert_ed448);
	g_test_add_func("/crypto-sig/keys/x25519", test_cert_x25519);
	g_test_add_func("/crypto-sig/keys/x448", test_cert_x448);
	g_test_add_func("/crypto-sig/keys/spki-rsa", test_cert_spki_rsa);

	return g_test_run();
}
