/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The content types other than SignedData and EnvelopedData, and the
 * content-encryption algorithms: third-party vectors (RFC 4134 §6-7,
 * RustCrypto, draft-ireland AuthEnvelopedData) must open, every algorithm
 * libsmime writes must come back, and anything tampered with must be
 * refused with nothing in the output.
 */
#include <glib.h>
#include <string.h>
#include <zlib.h>

#include "cms/cms.h"
#include "smime/api.h"
#include "testlib.h"

static const char ex_content[] = "This is some sample content.";

/* ------------------------------------------------------------------ */
/* helpers                                                             */
/* ------------------------------------------------------------------ */

/* The content of the ContentInfo in buf (any format), checking its type. */
static void content_of(smime_buf *content, const smime_buf *file, smime_oid_id type)
{
	smime_input in;
	smime_content_info ci;

	g_assert_cmpint(smime_input__decode(&in, SMIME_FORMAT_AUTO, file->data, file->len), ==,
			SMIME_OK);
	memset(&ci, 0, sizeof ci);
	g_assert_cmpint(smime_cms__content_info_decode(&ci, in.der.data, in.der.len), ==,
			SMIME_OK);
	g_assert_cmpint(ci.type, ==, type);
	smime_buf__move(content, &ci.content);
	smime_cms__content_info_clear(&ci);
	smime_input__clear(&in);
}

static void file_content(smime_buf *content, char *path, smime_oid_id type)
{
	smime_buf file = SMIME_BUF_INIT;
	read_file(&file, path);
	content_of(content, &file, type);
	smime_buf_free(&file);
}

/* Like content_of, but a malformed ContentInfo (after tampering) is
 * reported instead of asserted. */
static int try_content_of(smime_buf *content, const smime_buf *file)
{
	smime_content_info ci;
	int rc = smime_cms__content_info_decode(&ci, file->data, file->len);
	if (rc == SMIME_OK) {
		smime_buf__move(content, &ci.content);
		smime_cms__content_info_clear(&ci);
	}
	return rc;
}

static const uint8_t kek_id[] = { 'k', 'e', 'k', '-', '1' };

static void kek_spec(smime_recipient_spec *s, const uint8_t *kek, size_t kek_len)
{
	memset(s, 0, sizeof *s);
	s->kind = SMIME_RECIPIENT_KEKRI;
	s->kek = kek;
	s->kek_len = kek_len;
	s->kek_id = kek_id;
	s->kek_id_len = sizeof kek_id;
}

static void kek_secret(smime_recipient_secret *s, const uint8_t *kek, size_t kek_len)
{
	memset(s, 0, sizeof *s);
	s->kek = kek;
	s->kek_len = kek_len;
	s->kek_id = kek_id;
	s->kek_id_len = sizeof kek_id;
}

static const uint8_t test_kek[32] = {
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
	0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10,
};

/* Byte range of the element at path of a decoded node of type. */
static void element_range(const smime_buf *der, const char *type, const char *path,
			  size_t *start, size_t *end)
{
	asn1_node n = NULL;
	g_assert_cmpint(smime_der__decode(&n, type, der->data, der->len), ==, SMIME_OK);
	g_assert_cmpint(smime_der__range(n, der->data, der->len, path, start, end), ==, SMIME_OK);
	smime_der__free(&n);
}

/* ------------------------------------------------------------------ */
/* content-encryption algorithm parameters                            */
/* ------------------------------------------------------------------ */

static const smime_oid_id aeads[] = {
	SMIME_OID_AES128_GCM, SMIME_OID_AES192_GCM, SMIME_OID_AES256_GCM,
	SMIME_OID_AES128_CCM, SMIME_OID_AES192_CCM, SMIME_OID_AES256_CCM,
	SMIME_OID_CHACHA20_POLY1305,
};

static const smime_oid_id cbcs[] = {
	SMIME_OID_AES128_CBC, SMIME_OID_AES192_CBC, SMIME_OID_AES256_CBC,
};

/* writes a into an AlgorithmIdentifier and reads it back */
static int alg_round_trip(smime_content_alg *back, const smime_content_alg *a, smime_buf *der)
{
	asn1_node n = NULL, m = NULL;
	int rc;

	g_assert_cmpint(smime_der__create(&n, "CMS.AlgorithmIdentifier"), ==, SMIME_OK);
	rc = smime_cms__content_alg_write(a, n, "");
	if (rc == SMIME_OK) {
		g_assert_cmpint(smime_der__encode(der, n, NULL), ==, SMIME_OK);
		g_assert_cmpint(smime_der__decode(&m, "CMS.AlgorithmIdentifier", der->data,
						  der->len), ==, SMIME_OK);
		rc = smime_cms__content_alg_read(back, m, "");
	}
	smime_der__free(&n);
	smime_der__free(&m);
	return rc;
}

/* An AlgorithmIdentifier from its DER, read as a content algorithm. */
static int alg_read_der(smime_content_alg *a, const uint8_t *der, size_t len)
{
	asn1_node n = NULL;
	int rc = smime_der__decode(&n, "CMS.AlgorithmIdentifier", der, len);
	if (rc == SMIME_OK)
		rc = smime_cms__content_alg_read(a, n, "");
	smime_der__free(&n);
	return rc;
}

static void test_alg_params(void)
{
	smime_content_alg a, b;
	smime_buf der = SMIME_BUF_INIT;

	for (size_t i = 0; i < G_N_ELEMENTS(aeads); i++) {
		g_assert_cmpint(smime_cms__content_alg_new(&a, aeads[i]), ==, SMIME_OK);
		g_assert_true(a.aead);
		g_assert_cmpuint(a.tag_len, ==, 16);
		g_assert_cmpuint(a.iv_len, ==, 12);
		g_assert_cmpint(alg_round_trip(&b, &a, &der), ==, SMIME_OK);
		g_assert_cmpint(b.oid, ==, a.oid);
		g_assert_true(b.aead_desc == a.aead_desc);
		g_assert_cmpuint(b.tag_len, ==, 16);
		g_assert_cmpuint(b.iv_len, ==, 12);
		g_assert_cmpuint(b.key_size, ==, a.key_size);
		g_assert_true(memcmp(a.iv, b.iv, 12) == 0);
		smime_buf_free(&der);
		if (aeads[i] != SMIME_OID_CHACHA20_POLY1305) {
			/* the DEFAULT ICV length 12 is left out of the DER */
			a.tag_len = 12;
			g_assert_cmpint(alg_round_trip(&b, &a, &der), ==, SMIME_OK);
			g_assert_cmpuint(b.tag_len, ==, 12);
			/* SEQUENCE { OID, SEQUENCE { OCTET STRING (12) } } */
			g_assert_cmpuint(der.data[der.len - 16], ==, 0x30);
			g_assert_cmpuint(der.data[der.len - 15], ==, 14);
			smime_buf_free(&der);
		}
	}
	/* key sizes */
	g_assert_cmpint(smime_cms__content_alg_new(&a, SMIME_OID_AES192_GCM), ==, SMIME_OK);
	g_assert_cmpuint(a.key_size, ==, 24);
	g_assert_cmpint(smime_cms__content_alg_new(&a, SMIME_OID_CHACHA20_POLY1305), ==, SMIME_OK);
	g_assert_cmpuint(a.key_size, ==, 32);
	for (size_t i = 0; i < G_N_ELEMENTS(cbcs); i++) {
		g_assert_cmpint(smime_cms__content_alg_new(&a, cbcs[i]), ==, SMIME_OK);
		g_assert_false(a.aead);
		g_assert_cmpuint(a.iv_len, ==, 16);
		g_assert_cmpuint(a.key_size, ==, 16 + 8 * i);
		g_assert_cmpint(alg_round_trip(&b, &a, &der), ==, SMIME_OK);
		g_assert_true(b.cbc == a.cbc);
		g_assert_true(memcmp(a.iv, b.iv, 16) == 0);
		smime_buf_free(&der);
	}
	/* legacy algorithms are not written */
	g_assert_cmpint(smime_cms__content_alg_new(&a, SMIME_OID_DES_EDE3_CBC), ==,
			SMIME_E_UNSUPPORTED);
	g_assert_cmpint(smime_cms__content_alg_new(&a, SMIME_OID_RC2_CBC), ==, SMIME_E_UNSUPPORTED);
	g_assert_cmpint(smime_cms__content_alg_new(&a, SMIME_OID_SHA256), ==,
			SMIME_E_INVALID_ARGUMENT);

	/* GCM with aes-ICVlen 11 (not in RFC 5084's 12..16) */
	static const uint8_t gcm_icv11[] = {
		0x30, 0x1e, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x06,
		0x30, 0x11, 0x04, 0x0c, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0x02, 0x01, 0x0b,
	};
	g_assert_cmpint(alg_read_der(&a, gcm_icv11, sizeof gcm_icv11), ==, SMIME_E_MALFORMED);
	/* the same with 13: accepted */
	uint8_t gcm_icv13[sizeof gcm_icv11];
	memcpy(gcm_icv13, gcm_icv11, sizeof gcm_icv11);
	gcm_icv13[sizeof gcm_icv13 - 1] = 13;
	g_assert_cmpint(alg_read_der(&a, gcm_icv13, sizeof gcm_icv13), ==, SMIME_OK);
	g_assert_cmpuint(a.tag_len, ==, 13);
	/* CCM (aes-128-ccm, OID arc 7) with an odd ICV length 13: refused */
	gcm_icv13[12] = 0x07;
	g_assert_cmpint(alg_read_der(&a, gcm_icv13, sizeof gcm_icv13), ==, SMIME_E_MALFORMED);
	/* CCM with ICV 14 and a 12-byte nonce: accepted */
	gcm_icv13[sizeof gcm_icv13 - 1] = 14;
	g_assert_cmpint(alg_read_der(&a, gcm_icv13, sizeof gcm_icv13), ==, SMIME_OK);
	g_assert_cmpuint(a.tag_len, ==, 14);
	/* AES-CBC with an 8-byte IV */
	static const uint8_t cbc_iv8[] = {
		0x30, 0x15, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x02,
		0x04, 0x08, 1, 2, 3, 4, 5, 6, 7, 8,
	};
	g_assert_cmpint(alg_read_der(&a, cbc_iv8, sizeof cbc_iv8), ==, SMIME_E_MALFORMED);
	/* AES-CBC without parameters */
	static const uint8_t cbc_noparams[] = {
		0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x02,
	};
	g_assert_cmpint(alg_read_der(&a, cbc_noparams, sizeof cbc_noparams), ==,
			SMIME_E_MALFORMED);
	/* ChaCha20-Poly1305 with an 8-byte nonce */
	static const uint8_t chacha8[] = {
		0x30, 0x17, 0x06, 0x0b, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10,
		0x03, 0x12, 0x04, 0x08, 1, 2, 3, 4, 5, 6, 7, 8,
	};
	g_assert_cmpint(alg_read_der(&a, chacha8, sizeof chacha8), ==, SMIME_E_MALFORMED);

	/* RC2: rc2ParameterVersion 58 = 128 bits, 160 = 40 bits (two octets),
	 * the bare IV = 32 bits; version 7 is not a known code */
	static const uint8_t rc2_58[] = {
		0x30, 0x19, 0x06, 0x08, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x03, 0x02,
		0x30, 0x0d, 0x02, 0x01, 0x3a, 0x04, 0x08, 1, 2, 3, 4, 5, 6, 7, 8,
	};
	g_assert_cmpint(alg_read_der(&a, rc2_58, sizeof rc2_58), ==, SMIME_OK);
	g_assert_cmpuint(a.rc2_bits, ==, 128);
	g_assert_cmpuint(a.key_size, ==, 16);
	g_assert_cmpuint(a.iv_len, ==, 8);
	static const uint8_t rc2_160[] = {
		0x30, 0x1a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x03, 0x02,
		0x30, 0x0e, 0x02, 0x02, 0x00, 0xa0, 0x04, 0x08, 1, 2, 3, 4, 5, 6, 7, 8,
	};
	g_assert_cmpint(alg_read_der(&a, rc2_160, sizeof rc2_160), ==, SMIME_OK);
	g_assert_cmpuint(a.rc2_bits, ==, 40);
	g_assert_cmpuint(a.key_size, ==, 5);
	static const uint8_t rc2_bare[] = {
		0x30, 0x14, 0x06, 0x08, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x03, 0x02,
		0x04, 0x08, 1, 2, 3, 4, 5, 6, 7, 8,
	};
	g_assert_cmpint(alg_read_der(&a, rc2_bare, sizeof rc2_bare), ==, SMIME_OK);
	g_assert_cmpuint(a.rc2_bits, ==, 32);
	uint8_t rc2_7[sizeof rc2_58];
	memcpy(rc2_7, rc2_58, sizeof rc2_58);
	rc2_7[16] = 7;
	g_assert_cmpint(alg_read_der(&a, rc2_7, sizeof rc2_7), ==, SMIME_E_UNSUPPORTED);
	/* writing what was read gives the same bytes */
	g_assert_cmpint(alg_read_der(&a, rc2_160, sizeof rc2_160), ==, SMIME_OK);
	g_assert_cmpint(alg_round_trip(&b, &a, &der), ==, SMIME_OK);
	g_assert_cmpuint(der.len, ==, sizeof rc2_160);
	g_assert_true(memcmp(der.data, rc2_160, der.len) == 0);
	smime_buf_free(&der);
}

/* ------------------------------------------------------------------ */
/* DigestedData                                                        */
/* ------------------------------------------------------------------ */

static void test_digested_rfc4134(void)
{
	smime_buf file = SMIME_BUF_INIT, dd = SMIME_BUF_INIT, out = SMIME_BUF_INIT;

	read_file(&file, corpus_path("rfc4134-bc-csharp", "6.0.bin"));
	content_of(&dd, &file, SMIME_OID_DIGESTED_DATA);
	g_assert_cmpint(smime_cms__digested_data_open(&out, dd.data, dd.len), ==, SMIME_OK);
	assert_content(&out, ex_content, strlen(ex_content));
	smime_buf_free(&out);
	smime_buf_free(&dd);

	/* a content byte (50) and a digest byte (80) flipped; byte 44 is the
	 * tag of the eContent OCTET STRING: malformed */
	static const struct {
		size_t offset;
		int want;
	} flips[] = { { 50, SMIME_E_BAD_SIGNATURE }, { 80, SMIME_E_BAD_SIGNATURE },
		      { 44, SMIME_E_MALFORMED } };
	for (size_t i = 0; i < G_N_ELEMENTS(flips); i++) {
		smime_buf t = SMIME_BUF_INIT;
		g_assert_cmpint(smime_buf__set(&t, file.data, file.len), ==, SMIME_OK);
		t.data[flips[i].offset] ^= 0x01;
		g_assert_cmpint(try_content_of(&dd, &t), ==, SMIME_OK);
		g_assert_cmpint(smime_cms__digested_data_open(&out, dd.data, dd.len), ==,
				flips[i].want);
		g_assert_null(out.data);
		smime_buf_free(&dd);
		smime_buf_free(&t);
	}
	smime_buf_free(&file);
}

static void test_digested_rustcrypto(void)
{
	smime_buf dd = SMIME_BUF_INIT, out = SMIME_BUF_INIT;

	file_content(&dd, corpus_path("rustcrypto-cms-examples", "digested_data.bin"),
		     SMIME_OID_DIGESTED_DATA);
	g_assert_cmpint(smime_cms__digested_data_open(&out, dd.data, dd.len), ==, SMIME_OK);
	assert_file_content(&out, corpus_path("rustcrypto-cms-examples", "data.txt"));
	smime_buf_free(&out);
	smime_buf_free(&dd);
}

static void test_digested_round_trip(void)
{
	static const smime_digest_id ids[] = {
		SMIME_DIGEST_SHA1, SMIME_DIGEST_SHA256, SMIME_DIGEST_SHA384, SMIME_DIGEST_SHA512,
	};
	for (size_t i = 0; i < G_N_ELEMENTS(ids); i++) {
		smime_buf ci = SMIME_BUF_INIT, dd = SMIME_BUF_INIT, out = SMIME_BUF_INIT;
		const smime_digest_desc *d = smime_crypto__digest_get(ids[i]);
		g_assert_cmpint(smime_cms__digested_data_create(&ci, d, (const uint8_t *)ex_content,
								strlen(ex_content)), ==, SMIME_OK);
		content_of(&dd, &ci, SMIME_OID_DIGESTED_DATA);
		g_assert_cmpint(smime_cms__digested_data_open(&out, dd.data, dd.len), ==, SMIME_OK);
		assert_content(&out, ex_content, strlen(ex_content));
		smime_buf_free(&out);
		/* the last byte is the digest's */
		dd.data[dd.len - 1] ^= 0x80;
		g_assert_cmpint(smime_cms__digested_data_open(&out, dd.data, dd.len), ==,
				SMIME_E_BAD_SIGNATURE);
		g_assert_null(out.data);
		smime_buf_free(&dd);
		smime_buf_free(&ci);
	}
	/* empty content */
	smime_buf ci = SMIME_BUF_INIT, dd = SMIME_BUF_INIT, out = SMIME_BUF_INIT;
	g_assert_cmpint(smime_cms__digested_data_create(&ci, smime_crypto__digest_get(SMIME_DIGEST_SHA256),
							NULL, 0), ==, SMIME_OK);
	content_of(&dd, &ci, SMIME_OID_DIGESTED_DATA);
	g_assert_cmpint(smime_cms__digested_data_open(&out, dd.data, dd.len), ==, SMIME_OK);
	g_assert_cmpuint(out.len, ==, 0);
	smime_buf_free(&out);
	smime_buf_free(&dd);
	smime_buf_free(&ci);
}

/* DigestedData with MD5 (made by hand: libsmime does not write it). */
static void test_digested_md5(void)
{
	asn1_node n = NULL;
	smime_buf dd = SMIME_BUF_INIT, out = SMIME_BUF_INIT;
	uint8_t md[16] = { 0 };

	g_assert_cmpint(smime_der__create(&n, "CMS.DigestedData"), ==, SMIME_OK);
	g_assert_cmpint(smime_der__write_uint(n, "version", 0), ==, SMIME_OK);
	g_assert_cmpint(smime_cms__write_alg(n, "digestAlgorithm", SMIME_OID_MD5,
					     smime_cms__der_null, 2), ==, SMIME_OK);
	g_assert_cmpint(smime_der__write_str(n, "encapContentInfo.eContentType",
					     smime_oid__dotted(SMIME_OID_DATA)), ==, SMIME_OK);
	g_assert_cmpint(smime_der__write(n, "encapContentInfo.eContent", ex_content,
					 strlen(ex_content)), ==, SMIME_OK);
	g_assert_cmpint(smime_der__write(n, "digest", md, sizeof md), ==, SMIME_OK);
	g_assert_cmpint(smime_der__encode(&dd, n, NULL), ==, SMIME_OK);
	g_assert_cmpint(smime_cms__digested_data_open(&out, dd.data, dd.len), ==,
			SMIME_E_WEAK_ALGORITHM);
	g_assert_null(out.data);
	smime_buf_free(&dd);
	smime_der__free(&n);
}

/* ------------------------------------------------------------------ */
/* EncryptedData                                                       */
/* ------------------------------------------------------------------ */

static void test_encrypted_rfc4134(void)
{
	static const char *files[] = { "7.1.bin", "7.2.bin" };
	uint8_t key[24], wrong[24], short_key[16];

	hex_decode(key, sizeof key, "737c791f25ead0e04629254352f7dc6291e5cb26917ada32");
	memcpy(wrong, key, sizeof wrong);
	wrong[0] ^= 0x40;
	wrong[9] ^= 0x40;
	memcpy(short_key, key, sizeof short_key);
	for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
		smime_buf ed = SMIME_BUF_INIT, out = SMIME_BUF_INIT;
		file_content(&ed, corpus_path("rfc4134-bc-csharp", files[i]),
			     SMIME_OID_ENCRYPTED_DATA);
		g_assert_cmpint(smime_cms__encrypted_data_decrypt(&out, ed.data, ed.len, key,
								  sizeof key, NULL), ==, SMIME_OK);
		assert_content(&out, ex_content, strlen(ex_content));
		smime_buf_free_secret(&out);
		g_assert_cmpint(smime_cms__encrypted_data_decrypt(&out, ed.data, ed.len, wrong,
								  sizeof wrong, NULL), !=, SMIME_OK);
		g_assert_null(out.data);
		g_assert_cmpint(smime_cms__encrypted_data_decrypt(&out, ed.data, ed.len, short_key,
								  sizeof short_key, NULL), ==, SMIME_E_KEY);
		g_assert_null(out.data);
		smime_buf_free(&ed);
	}
}

static void test_encrypted_rustcrypto(void)
{
	smime_buf ed = SMIME_BUF_INIT, out = SMIME_BUF_INIT, want = SMIME_BUF_INIT;
	uint8_t key[16];

	hex_decode(key, sizeof key, "0102030405060708090A0B0C0D0E0F00");
	file_content(&ed, corpus_path("rustcrypto-cms-examples", "encrypted_data.bin"),
		     SMIME_OID_ENCRYPTED_DATA);
	g_assert_cmpint(smime_cms__encrypted_data_decrypt(&out, ed.data, ed.len, key, sizeof key, NULL),
			==, SMIME_OK);
	/* data.txt with a CRLF line end */
	read_file(&want, corpus_path("rustcrypto-cms-examples", "data.txt"));
	g_assert_cmpuint(want.len, >, 1);
	g_assert_cmpuint(want.data[want.len - 1], ==, '\n');
	want.len--;
	g_assert_cmpint(smime_buf__append(&want, "\r\n", 2), ==, SMIME_OK);
	assert_content(&out, want.data, want.len);
	smime_buf_free_secret(&out);
	key[15] ^= 1;
	g_assert_cmpint(smime_cms__encrypted_data_decrypt(&out, ed.data, ed.len, key, sizeof key, NULL),
			!=, SMIME_OK);
	g_assert_null(out.data);
	smime_buf_free(&want);
	smime_buf_free(&ed);
}

static void test_encrypted_round_trip(void)
{
	uint8_t key[32];
	for (size_t i = 0; i < sizeof key; i++)
		key[i] = (uint8_t)(i * 7 + 1);
	for (size_t i = 0; i < G_N_ELEMENTS(cbcs); i++) {
		smime_buf ci = SMIME_BUF_INIT, ed = SMIME_BUF_INIT, out = SMIME_BUF_INIT;
		size_t klen = 16 + 8 * i;
		g_assert_cmpint(smime_cms__encrypted_data_create(&ci, cbcs[i], key, klen,
								 (const uint8_t *)ex_content,
								 strlen(ex_content)), ==, SMIME_OK);
		content_of(&ed, &ci, SMIME_OID_ENCRYPTED_DATA);
		g_assert_cmpint(smime_cms__encrypted_data_decrypt(&out, ed.data, ed.len, key, klen, NULL),
				==, SMIME_OK);
		assert_content(&out, ex_content, strlen(ex_content));
		smime_buf_free_secret(&out);
		/* a key of another length is refused, before any decryption */
		g_assert_cmpint(smime_cms__encrypted_data_decrypt(&out, ed.data, ed.len, key,
								  klen == 32 ? 16 : 32, NULL), ==,
				SMIME_E_KEY);
		g_assert_null(out.data);
		smime_buf_free(&ed);
		smime_buf_free(&ci);
		/* and on creation: a 24-byte key for AES-128 */
		g_assert_cmpint(smime_cms__encrypted_data_create(&ci, cbcs[i], key, klen + 8,
								 (const uint8_t *)ex_content,
								 strlen(ex_content)), ==, SMIME_E_KEY);
		g_assert_null(ci.data);
	}
	smime_buf ci = SMIME_BUF_INIT;
	g_assert_cmpint(smime_cms__encrypted_data_create(&ci, SMIME_OID_AES128_GCM, key, 16,
							 (const uint8_t *)"x", 1), ==,
			SMIME_E_INVALID_ARGUMENT);
	g_assert_cmpint(smime_cms__encrypted_data_create(&ci, SMIME_OID_DES_EDE3_CBC, key, 24,
							 (const uint8_t *)"x", 1), ==,
			SMIME_E_UNSUPPORTED);
	g_assert_null(ci.data);
}

/* ------------------------------------------------------------------ */
/* CompressedData                                                      */
/* ------------------------------------------------------------------ */

/* CompressedData (the ContentInfo content) around a raw eContent. */
static void make_compressed(smime_buf *out, const uint8_t *z, size_t zlen)
{
	asn1_node n = NULL;
	g_assert_cmpint(smime_der__create(&n, "CMS.CompressedData"), ==, SMIME_OK);
	g_assert_cmpint(smime_der__write_uint(n, "version", 0), ==, SMIME_OK);
	g_assert_cmpint(smime_cms__write_alg(n, "compressionAlgorithm", SMIME_OID_ZLIB, NULL, 0),
			==, SMIME_OK);
	g_assert_cmpint(smime_der__write_str(n, "encapContentInfo.eContentType",
					     smime_oid__dotted(SMIME_OID_DATA)), ==, SMIME_OK);
	g_assert_cmpint(smime_der__write(n, "encapContentInfo.eContent", z, zlen), ==, SMIME_OK);
	g_assert_cmpint(smime_der__encode(out, n, NULL), ==, SMIME_OK);
	smime_der__free(&n);
}

static void test_compressed_rustcrypto(void)
{
	smime_buf cd = SMIME_BUF_INIT, out = SMIME_BUF_INIT;

	file_content(&cd, corpus_path("rustcrypto-cms-examples", "compressed_data.bin"),
		     SMIME_OID_COMPRESSED_DATA);
	g_assert_cmpint(smime_cms__compressed_data_open(&out, cd.data, cd.len, 1 << 20), ==,
			SMIME_OK);
	assert_file_content(&out, corpus_path("rustcrypto-cms-examples", "data.txt"));
	smime_buf_free(&out);
	g_assert_cmpint(smime_cms__compressed_data_open(&out, cd.data, cd.len, 100), ==,
			SMIME_E_LIMIT);
	g_assert_null(out.data);
	smime_buf_free(&cd);
}

static void test_compressed_round_trip(void)
{
	smime_buf ci = SMIME_BUF_INIT, cd = SMIME_BUF_INIT, out = SMIME_BUF_INIT;
	GString *text = g_string_new(NULL);

	for (int i = 0; i < 200; i++)
		g_string_append_printf(text, "line %d: %s\r\n", i, ex_content);
	g_assert_cmpint(smime_cms__compressed_data_create(&ci, (const uint8_t *)text->str,
							  text->len), ==, SMIME_OK);
	g_assert_cmpuint(ci.len, <, text->len / 4);
	content_of(&cd, &ci, SMIME_OID_COMPRESSED_DATA);
	g_assert_cmpint(smime_cms__compressed_data_open(&out, cd.data, cd.len, text->len), ==,
			SMIME_OK);
	assert_content(&out, text->str, text->len);
	smime_buf_free(&out);
	/* one byte less than the content: refused */
	g_assert_cmpint(smime_cms__compressed_data_open(&out, cd.data, cd.len, text->len - 1), ==,
			SMIME_E_LIMIT);
	g_assert_null(out.data);
	smime_buf_free(&cd);
	smime_buf_free(&ci);

	/* empty content */
	g_assert_cmpint(smime_cms__compressed_data_create(&ci, NULL, 0), ==, SMIME_OK);
	content_of(&cd, &ci, SMIME_OID_COMPRESSED_DATA);
	g_assert_cmpint(smime_cms__compressed_data_open(&out, cd.data, cd.len, 0), ==, SMIME_OK);
	g_assert_cmpuint(out.len, ==, 0);
	smime_buf_free(&out);
	smime_buf_free(&cd);
	smime_buf_free(&ci);

	/* trailing bytes after the zlib stream, and a truncated stream */
	uint8_t z[256];
	uLongf zlen = sizeof z - 2;
	g_assert_cmpint(compress2(z, &zlen, (const Bytef *)ex_content, strlen(ex_content), 9), ==,
			Z_OK);
	make_compressed(&cd, z, zlen);
	g_assert_cmpint(smime_cms__compressed_data_open(&out, cd.data, cd.len, 1000), ==, SMIME_OK);
	assert_content(&out, ex_content, strlen(ex_content));
	smime_buf_free(&out);
	smime_buf_free(&cd);
	z[zlen] = 0;
	z[zlen + 1] = 0;
	make_compressed(&cd, z, zlen + 2);
	g_assert_cmpint(smime_cms__compressed_data_open(&out, cd.data, cd.len, 1000), ==,
			SMIME_E_MALFORMED);
	g_assert_null(out.data);
	smime_buf_free(&cd);
	make_compressed(&cd, z, zlen - 3);
	g_assert_cmpint(smime_cms__compressed_data_open(&out, cd.data, cd.len, 1000), ==,
			SMIME_E_MALFORMED);
	g_assert_null(out.data);
	smime_buf_free(&cd);
	/* raw deflate without the zlib header */
	make_compressed(&cd, z + 2, zlen - 2);
	g_assert_cmpint(smime_cms__compressed_data_open(&out, cd.data, cd.len, 1000), ==,
			SMIME_E_MALFORMED);
	smime_buf_free(&cd);
	g_string_free(text, TRUE);
}

/* A CompressedData of a few hundred kilobytes that inflates to 1 GiB of
 * zeros must stop at the cap, fast and without the memory. */
static void test_compressed_bomb(void)
{
	z_stream zs;
	static uint8_t zeros[1 << 16];
	uint8_t *z;
	size_t zcap = 2 << 20, total = 0;
	smime_buf cd = SMIME_BUF_INIT, out = SMIME_BUF_INIT;
	gint64 t0;

	z = g_malloc(zcap);
	memset(&zs, 0, sizeof zs);
	g_assert_cmpint(deflateInit(&zs, 9), ==, Z_OK);
	zs.next_out = z;
	zs.avail_out = (uInt)zcap;
	for (size_t i = 0; i < (1u << 30) / sizeof zeros; i++) {
		zs.next_in = zeros;
		zs.avail_in = sizeof zeros;
		g_assert_cmpint(deflate(&zs, Z_NO_FLUSH), ==, Z_OK);
		g_assert_cmpuint(zs.avail_in, ==, 0);
		total += sizeof zeros;
	}
	g_assert_cmpint(deflate(&zs, Z_FINISH), ==, Z_STREAM_END);
	g_assert_cmpuint(total, ==, (size_t)1 << 30);
	make_compressed(&cd, z, zs.total_out);
	g_test_message("1 GiB of zeros: %lu bytes of zlib, %zu of CompressedData",
		       (unsigned long)zs.total_out, cd.len);
	deflateEnd(&zs);
	g_free(z);

	t0 = g_get_monotonic_time();
	g_assert_cmpint(smime_cms__compressed_data_open(&out, cd.data, cd.len, 1 << 20), ==,
			SMIME_E_LIMIT);
	g_assert_null(out.data);
	g_assert_cmpint(smime_cms__compressed_data_open(&out, cd.data, cd.len, 16 << 20), ==,
			SMIME_E_LIMIT);
	g_assert_null(out.data);
	g_assert_cmpint(g_get_monotonic_time() - t0, <, 5 * G_USEC_PER_SEC);
	smime_buf_free(&cd);
}

/* ------------------------------------------------------------------ */
/* AuthEnvelopedData                                                   */
/* ------------------------------------------------------------------ */

static void aed_tamper_check(const smime_buf *file, size_t offset,
			     const smime_recipient_secret *s)
{
	smime_buf t = SMIME_BUF_INIT, aed = SMIME_BUF_INIT, out = SMIME_BUF_INIT;
	g_assert_cmpint(smime_buf__set(&t, file->data, file->len), ==, SMIME_OK);
	g_assert_cmpuint(offset, <, t.len);
	t.data[offset] ^= 0x01;
	g_assert_cmpint(try_content_of(&aed, &t), ==, SMIME_OK);
	g_assert_cmpint(smime_cms__auth_enveloped_data_decrypt(&out, aed.data, aed.len, s, 1, NULL), ==,
			SMIME_E_DECRYPT);
	g_assert_null(out.data);
	smime_buf_free(&aed);
	smime_buf_free(&t);
}

static void test_aed_ireland_dana(void)
{
	smime_key *dana = load_key_file(corpus_path("cms-examples-ireland/certs-and-keys",
					            "lamps-dana.decrypt.p8.pem"));
	smime_key *bob = load_key_file(corpus_path("cms-examples-ireland/certs-and-keys",
					           "lamps-bob.decrypt.p8.pem"));
	smime_buf file = SMIME_BUF_INIT, aed = SMIME_BUF_INIT, out = SMIME_BUF_INIT;
	smime_recipient_secret s = { .key = dana };
	smime_recipient_secret sb = { .key = bob };

	read_file(&file, corpus_path("cms-examples-ireland/binary-files",
				     "authEnvelopedForDanaX25519HKDF.p7m"));
	content_of(&aed, &file, SMIME_OID_AUTH_ENVELOPED_DATA);
	g_assert_cmpint(smime_cms__auth_enveloped_data_decrypt(&out, aed.data, aed.len, &s, 1, NULL), ==,
			SMIME_OK);
	assert_content(&out, ex_content, strlen(ex_content));
	smime_buf_free_secret(&out);
	g_assert_cmpint(smime_cms__auth_enveloped_data_decrypt(&out, aed.data, aed.len, &sb, 1, NULL),
			!=, SMIME_OK);
	g_assert_null(out.data);
	/* ciphertext and tag bytes (corpus README) */
	aed_tamper_check(&file, 310, &s);
	aed_tamper_check(&file, 349, &s);
	smime_buf_free(&aed);
	smime_buf_free(&file);
	smime_key_free(dana);
	smime_key_free(bob);
}

static void test_aed_ireland_chacha(void)
{
	smime_key *bob = load_key_file(corpus_path("cms-examples-ireland/certs-and-keys",
					           "lamps-bob.decrypt.p8.pem"));
	smime_buf file = SMIME_BUF_INIT, aed = SMIME_BUF_INIT, out = SMIME_BUF_INIT;
	smime_recipient_secret s = { .key = bob };

	read_file(&file, corpus_path("cms-examples-ireland/binary-files",
				     "authEnvelopedForBobChaCha20Poly1305.p7m"));
	content_of(&aed, &file, SMIME_OID_AUTH_ENVELOPED_DATA);
	g_assert_cmpint(smime_cms__auth_enveloped_data_decrypt(&out, aed.data, aed.len, &s, 1, NULL), ==,
			SMIME_OK);
	assert_content(&out, ex_content, strlen(ex_content));
	smime_buf_free_secret(&out);
	aed_tamper_check(&file, 520, &s);
	aed_tamper_check(&file, 560, &s);
	smime_buf_free(&aed);
	smime_buf_free(&file);
	smime_key_free(bob);
}

/* Flips one byte of the element at path of the AuthEnvelopedData and
 * checks that decryption fails with nothing in out. */
static void aed_flip(const smime_buf *aed, const char *path, int back,
		     const smime_recipient_secret *s, int want)
{
	smime_buf t = SMIME_BUF_INIT, out = SMIME_BUF_INIT;
	size_t start, end;

	element_range(aed, "CMS.AuthEnvelopedData", path, &start, &end);
	g_assert_cmpint(smime_buf__set(&t, aed->data, aed->len), ==, SMIME_OK);
	t.data[back ? end - 1 : start + 2] ^= 0x01;
	g_assert_cmpint(smime_cms__auth_enveloped_data_decrypt(&out, t.data, t.len, s, 1, NULL), ==,
			want);
	g_assert_null(out.data);
	smime_buf_free(&t);
}

static void test_aed_round_trip_kek(void)
{
	smime_recipient_spec spec;
	smime_recipient_secret sec, wrong;
	uint8_t bad_kek[32];
	GString *big = g_string_new(NULL);

	for (int i = 0; i < 1000; i++)
		g_string_append_printf(big, "%d ", i);
	memcpy(bad_kek, test_kek, sizeof bad_kek);
	bad_kek[31] ^= 1;
	kek_spec(&spec, test_kek, sizeof test_kek);
	kek_secret(&sec, test_kek, sizeof test_kek);
	kek_secret(&wrong, bad_kek, sizeof bad_kek);
	for (size_t i = 0; i < G_N_ELEMENTS(aeads); i++) {
		const struct {
			const char *data;
			size_t len;
		} contents[] = { { ex_content, strlen(ex_content) }, { "", 0 },
				 { big->str, big->len } };
		for (size_t c = 0; c < G_N_ELEMENTS(contents); c++) {
			smime_buf ci = SMIME_BUF_INIT, aed = SMIME_BUF_INIT, out = SMIME_BUF_INIT;
			g_assert_cmpint(smime_cms__auth_enveloped_data_create(
						&ci, &spec, 1, aeads[i],
						(const uint8_t *)contents[c].data, contents[c].len),
					==, SMIME_OK);
			content_of(&aed, &ci, SMIME_OID_AUTH_ENVELOPED_DATA);
			g_assert_cmpint(smime_cms__auth_enveloped_data_decrypt(&out, aed.data,
									       aed.len, &sec, 1, NULL),
					==, SMIME_OK);
			assert_content(&out, contents[c].data, contents[c].len);
			smime_buf_free_secret(&out);
			if (c == 0) {
				/* tag, ciphertext, nonce, content type */
				aed_flip(&aed, "mac", 1, &sec, SMIME_E_DECRYPT);
				aed_flip(&aed, "authEncryptedContentInfo.encryptedContent", 1,
					 &sec, SMIME_E_DECRYPT);
				aed_flip(&aed, "authEncryptedContentInfo.encryptedContent", 0,
					 &sec, SMIME_E_DECRYPT);
				/* the wrong KEK */
				g_assert_cmpint(smime_cms__auth_enveloped_data_decrypt(
							&out, aed.data, aed.len, &wrong, 1, NULL),
						==, SMIME_E_DECRYPT);
				g_assert_null(out.data);
				/* no secret at all */
				g_assert_cmpint(smime_cms__auth_enveloped_data_decrypt(
							&out, aed.data, aed.len, NULL, 0, NULL),
						!=, SMIME_OK);
				g_assert_null(out.data);
				/* version 0 */
				asn1_node n = NULL;
				unsigned long v = 9;
				g_assert_cmpint(smime_der__decode(&n, "CMS.AuthEnvelopedData",
								  aed.data, aed.len), ==, SMIME_OK);
				g_assert_cmpint(smime_der__read_uint(n, "version", &v), ==,
						SMIME_OK);
				g_assert_cmpuint(v, ==, 0);
				g_assert_false(smime_der__exists(n, "authAttrs"));
				smime_der__free(&n);
			}
			smime_buf_free(&aed);
			smime_buf_free(&ci);
		}
	}
	/* a CBC algorithm is for EnvelopedData */
	smime_buf ci = SMIME_BUF_INIT;
	g_assert_cmpint(smime_cms__auth_enveloped_data_create(&ci, &spec, 1, SMIME_OID_AES128_CBC,
							      (const uint8_t *)"x", 1), ==,
			SMIME_E_INVALID_ARGUMENT);
	g_assert_null(ci.data);
	g_string_free(big, TRUE);
}

/* Every recipient kind with one AEAD each. */
static void test_aed_round_trip_kinds(void)
{
	smime_cert *bob_cert = load_cert_file(data_path("pki", "bob.crt"));
	smime_key *bob = load_key_file(data_path("pki", "bob.key"));
	smime_cert *ec_cert = load_cert_file(data_path("pki", "ec-p256.crt"));
	smime_key *ec = load_key_file(data_path("pki", "ec-p256.key"));
	smime_key *alice = load_key_file(data_path("pki", "alice.key"));
	static const uint8_t password[] = "correct horse battery staple";
	smime_recipient_spec specs[4];
	smime_recipient_secret secrets[4];

	memset(specs, 0, sizeof specs);
	memset(secrets, 0, sizeof secrets);
	specs[0].kind = SMIME_RECIPIENT_KTRI;
	specs[0].cert = bob_cert;
	specs[0].oaep = true;
	secrets[0].key = bob;
	specs[1].kind = SMIME_RECIPIENT_KARI;
	specs[1].cert = ec_cert;
	secrets[1].key = ec;
	specs[2].kind = SMIME_RECIPIENT_PWRI;
	specs[2].password = password;
	specs[2].password_len = sizeof password - 1;
	specs[2].iterations = 1000;
	secrets[2].password = password;
	secrets[2].password_len = sizeof password - 1;
	kek_spec(&specs[3], test_kek, sizeof test_kek);
	kek_secret(&secrets[3], test_kek, sizeof test_kek);

	for (size_t k = 0; k < G_N_ELEMENTS(specs); k++) {
		smime_oid_id alg = aeads[(k * 3 + 2) % G_N_ELEMENTS(aeads)];
		smime_buf ci = SMIME_BUF_INIT, aed = SMIME_BUF_INIT, out = SMIME_BUF_INIT;
		g_test_message("recipient kind %zu, algorithm %s", k, smime_oid__dotted(alg));
		g_assert_cmpint(smime_cms__auth_enveloped_data_create(&ci, &specs[k], 1, alg,
								      (const uint8_t *)ex_content,
								      strlen(ex_content)), ==,
				SMIME_OK);
		content_of(&aed, &ci, SMIME_OID_AUTH_ENVELOPED_DATA);
		g_assert_cmpint(smime_cms__auth_enveloped_data_decrypt(&out, aed.data, aed.len,
								       &secrets[k], 1, NULL), ==,
				SMIME_OK);
		assert_content(&out, ex_content, strlen(ex_content));
		smime_buf_free_secret(&out);
		aed_flip(&aed, "mac", 1, &secrets[k], SMIME_E_DECRYPT);
		smime_buf_free(&aed);
		smime_buf_free(&ci);
	}
	/* all four in one message; each secret alone decrypts it */
	smime_buf ci = SMIME_BUF_INIT, aed = SMIME_BUF_INIT, out = SMIME_BUF_INIT;
	g_assert_cmpint(smime_cms__auth_enveloped_data_create(&ci, specs, 4, SMIME_OID_AES256_GCM,
							      (const uint8_t *)ex_content,
							      strlen(ex_content)), ==, SMIME_OK);
	content_of(&aed, &ci, SMIME_OID_AUTH_ENVELOPED_DATA);
	for (size_t k = 0; k < G_N_ELEMENTS(secrets); k++) {
		g_assert_cmpint(smime_cms__auth_enveloped_data_decrypt(&out, aed.data, aed.len,
								       &secrets[k], 1, NULL), ==,
				SMIME_OK);
		assert_content(&out, ex_content, strlen(ex_content));
		smime_buf_free_secret(&out);
	}
	/* an RSA key that is not a recipient's: implicit rejection, then
	 * the tag fails */
	smime_recipient_secret other = { .key = alice };
	g_assert_cmpint(smime_cms__auth_enveloped_data_decrypt(&out, aed.data, aed.len, &other, 1, NULL),
			!=, SMIME_OK);
	g_assert_null(out.data);
	smime_buf_free(&aed);
	smime_buf_free(&ci);
	smime_cert_free(bob_cert);
	smime_cert_free(ec_cert);
	smime_key_free(bob);
	smime_key_free(ec);
	smime_key_free(alice);
}

/* An AuthEnvelopedData with authAttrs, made here as another writer
 * would: the AAD is the DER of authAttrs with a SET OF tag (RFC 5083
 * §2.2). libsmime must decrypt it and refuse it once an attribute byte
 * changes. */
static void make_aed_with_attrs(smime_buf *out, smime_oid_id alg_id)
{
	asn1_node n = NULL;
	smime_recipient_spec spec;
	smime_content_alg a;
	smime_buf v = SMIME_BUF_INIT, attrs = SMIME_BUF_INIT;
	uint8_t cek[32], tag[16], ct[64];
	unsigned version = 0;
	size_t len = strlen(ex_content);

	kek_spec(&spec, test_kek, sizeof test_kek);
	g_assert_cmpint(smime_cms__content_alg_new(&a, alg_id), ==, SMIME_OK);
	a.tag_len = 12;
	for (size_t i = 0; i < sizeof cek; i++)
		cek[i] = (uint8_t)(0xa0 + i);
	g_assert_cmpint(smime_der__create(&n, "CMS.AuthEnvelopedData"), ==, SMIME_OK);
	g_assert_cmpint(smime_cms__recipient_infos_build(n, "recipientInfos", &spec, 1, cek,
							 a.key_size, &version), ==, SMIME_OK);
	g_assert_cmpint(smime_der__write_uint(n, "version", 0), ==, SMIME_OK);
	g_assert_cmpint(smime_der__omit(n, "originatorInfo"), ==, SMIME_OK);
	g_assert_cmpint(smime_der__omit(n, "unauthAttrs"), ==, SMIME_OK);
	g_assert_cmpint(smime_der__write_str(n, "authEncryptedContentInfo.contentType",
					     smime_oid__dotted(SMIME_OID_DATA)), ==, SMIME_OK);
	g_assert_cmpint(smime_cms__content_alg_write(&a, n,
						     "authEncryptedContentInfo.contentEncryptionAlgorithm"),
			==, SMIME_OK);
	g_assert_cmpint(smime_cms__der_oid(&v, smime_oid__dotted(SMIME_OID_DATA)), ==, SMIME_OK);
	g_assert_cmpint(smime_cms__attr_add(n, "authAttrs", SMIME_OID_ATTR_CONTENT_TYPE, v.data,
					    v.len), ==, SMIME_OK);
	smime_buf_free(&v);
	g_assert_cmpint(smime_cms__der_time(&v, 1700000000), ==, SMIME_OK);
	g_assert_cmpint(smime_cms__attr_add(n, "authAttrs", SMIME_OID_ATTR_SIGNING_TIME, v.data,
					    v.len), ==, SMIME_OK);
	smime_buf_free(&v);
	g_assert_cmpint(smime_der__encode(&attrs, n, "authAttrs"), ==, SMIME_OK);
	g_assert_cmpuint(attrs.data[0], ==, 0xA1);
	attrs.data[0] = 0x31;
	g_assert_cmpint(smime_crypto__aead_encrypt(a.aead_desc, cek, a.key_size, a.iv, a.iv_len,
						   attrs.data, attrs.len,
						   (const uint8_t *)ex_content, len, ct, tag,
						   a.tag_len), ==, SMIME_OK);
	g_assert_cmpint(smime_der__write(n, "authEncryptedContentInfo.encryptedContent", ct, len),
			==, SMIME_OK);
	g_assert_cmpint(smime_der__write(n, "mac", tag, a.tag_len), ==, SMIME_OK);
	g_assert_cmpint(smime_der__encode(out, n, NULL), ==, SMIME_OK);
	smime_buf_free(&attrs);
	smime_der__free(&n);
}

static void test_aed_auth_attrs(void)
{
	smime_recipient_secret sec;
	kek_secret(&sec, test_kek, sizeof test_kek);
	static const smime_oid_id algs[] = {
		SMIME_OID_AES128_GCM, SMIME_OID_AES256_CCM,
	};
	for (size_t i = 0; i < G_N_ELEMENTS(algs); i++) {
		smime_buf aed = SMIME_BUF_INIT, out = SMIME_BUF_INIT;
		make_aed_with_attrs(&aed, algs[i]);
		g_assert_cmpint(smime_cms__auth_enveloped_data_decrypt(&out, aed.data, aed.len,
								       &sec, 1, NULL), ==, SMIME_OK);
		assert_content(&out, ex_content, strlen(ex_content));
		smime_buf_free_secret(&out);
		/* the attributes, as received, once the tag has verified; a
		 * failed decryption leaves the list as it was */
		smime_attr_list attrs = { NULL, 0 };
		smime_buf bad = SMIME_BUF_INIT;
		size_t start, end;
		g_assert_cmpint(smime_cms__auth_enveloped_data_decrypt(&out, aed.data, aed.len,
								       &sec, 1, &attrs), ==, SMIME_OK);
		smime_buf_free_secret(&out);
		g_assert_cmpuint(attrs.count, ==, 2);
		for (size_t k = 0; k < attrs.count; k++) {
			char path[64];
			g_assert_cmpint(attrs.items[k].set, ==, SMIME_CMS_ATTRS_AUTHENTICATED);
			snprintf(path, sizeof path, "authAttrs.?%zu.attrValues", k + 1);
			element_range(&aed, "CMS.AuthEnvelopedData", path, &start, &end);
			g_assert_cmpmem(attrs.items[k].value.data, attrs.items[k].value.len,
					aed.data + start, end - start);
		}
		g_assert_true(smime_oid__lookup(attrs.items[0].oid) == SMIME_OID_ATTR_CONTENT_TYPE ||
			      smime_oid__lookup(attrs.items[1].oid) == SMIME_OID_ATTR_CONTENT_TYPE);
		element_range(&aed, "CMS.AuthEnvelopedData", "mac", &start, &end);
		g_assert_cmpint(smime_buf__set(&bad, aed.data, aed.len), ==, SMIME_OK);
		bad.data[end - 1] ^= 0x01;
		g_assert_cmpint(smime_cms__auth_enveloped_data_decrypt(&out, bad.data, bad.len, &sec, 1,
								       &attrs), ==, SMIME_E_DECRYPT);
		g_assert_null(out.data);
		g_assert_cmpuint(attrs.count, ==, 2);
		smime_buf_free(&bad);
		smime_cms__attr_list_free(&attrs);
		g_assert_null(attrs.items);
		smime_cms__attr_list_free(NULL);
		/* the last byte of the attributes is in the signing time */
		aed_flip(&aed, "authAttrs", 1, &sec, SMIME_E_DECRYPT);
		aed_flip(&aed, "mac", 1, &sec, SMIME_E_DECRYPT);
		/* a mac of another length than the aes-ICVlen (12) */
		asn1_node n = NULL;
		smime_buf t = SMIME_BUF_INIT;
		static const uint8_t mac16[16] = { 0 };
		g_assert_cmpint(smime_der__decode(&n, "CMS.AuthEnvelopedData", aed.data, aed.len),
				==, SMIME_OK);
		g_assert_cmpint(smime_der__write(n, "mac", mac16, sizeof mac16), ==, SMIME_OK);
		g_assert_cmpint(smime_der__encode(&t, n, NULL), ==, SMIME_OK);
		g_assert_cmpint(smime_cms__auth_enveloped_data_decrypt(&out, t.data, t.len, &sec, 1, NULL),
				==, SMIME_E_MALFORMED);
		g_assert_null(out.data);
		smime_buf_free(&t);
		smime_der__free(&n);
		smime_buf_free(&aed);
	}
}

/* ------------------------------------------------------------------ */
/* AuthenticatedData                                                   */
/* ------------------------------------------------------------------ */

static const smime_oid_id hmacs[] = {
	SMIME_OID_HMAC_SHA256, SMIME_OID_HMAC_SHA384, SMIME_OID_HMAC_SHA512,
};

static void ad_flip(const smime_buf *ad, const char *path, int back,
		    const smime_recipient_secret *s, int want)
{
	smime_buf t = SMIME_BUF_INIT, out = SMIME_BUF_INIT;
	size_t start, end;

	element_range(ad, "CMS.AuthenticatedData", path, &start, &end);
	g_assert_cmpint(smime_buf__set(&t, ad->data, ad->len), ==, SMIME_OK);
	t.data[back ? end - 1 : start + 2] ^= 0x01;
	g_assert_cmpint(smime_cms__authenticated_data_verify(&out, t.data, t.len, s, 1, NULL), ==, want);
	g_assert_null(out.data);
	smime_buf_free(&t);
}

static void test_ad_round_trip(void)
{
	smime_recipient_spec spec;
	smime_recipient_secret sec, wrong;
	uint8_t bad_kek[32];

	memcpy(bad_kek, test_kek, sizeof bad_kek);
	bad_kek[0] ^= 1;
	kek_spec(&spec, test_kek, sizeof test_kek);
	kek_secret(&sec, test_kek, sizeof test_kek);
	kek_secret(&wrong, bad_kek, sizeof bad_kek);
	for (size_t i = 0; i < G_N_ELEMENTS(hmacs); i++) {
		smime_buf ci = SMIME_BUF_INIT, ad = SMIME_BUF_INIT, out = SMIME_BUF_INIT;
		asn1_node n = NULL;
		unsigned long v = 9;
		unsigned attrs = 0;
		char oid[SMIME_OID_MAX];

		g_assert_cmpint(smime_cms__authenticated_data_create(&ci, &spec, 1, hmacs[i],
								     (const uint8_t *)ex_content,
								     strlen(ex_content)), ==,
				SMIME_OK);
		content_of(&ad, &ci, SMIME_OID_AUTH_DATA);
		g_assert_cmpint(smime_cms__authenticated_data_verify(&out, ad.data, ad.len, &sec, 1, NULL),
				==, SMIME_OK);
		assert_content(&out, ex_content, strlen(ex_content));
		smime_buf_free(&out);

		g_assert_cmpint(smime_der__decode(&n, "CMS.AuthenticatedData", ad.data, ad.len), ==,
				SMIME_OK);
		g_assert_cmpint(smime_der__read_uint(n, "version", &v), ==, SMIME_OK);
		g_assert_cmpuint(v, ==, 0);
		g_assert_cmpint(smime_der__count(n, "authAttrs", &attrs), ==, SMIME_OK);
		g_assert_cmpuint(attrs, ==, 2);
		g_assert_cmpint(smime_der__read_oid(n, "macAlgorithm.algorithm", oid), ==, SMIME_OK);
		g_assert_cmpstr(oid, ==, smime_oid__dotted(hmacs[i]));
		g_assert_true(smime_der__exists(n, "digestAlgorithm"));
		smime_der__free(&n);

		/* MAC, content, attributes */
		ad_flip(&ad, "mac", 1, &sec, SMIME_E_BAD_SIGNATURE);
		ad_flip(&ad, "encapContentInfo.eContent", 1, &sec, SMIME_E_BAD_SIGNATURE);
		ad_flip(&ad, "authAttrs", 1, &sec, SMIME_E_BAD_SIGNATURE);
		/* the wrong KEK does not even unwrap */
		g_assert_cmpint(smime_cms__authenticated_data_verify(&out, ad.data, ad.len, &wrong,
								     1, NULL), ==, SMIME_E_DECRYPT);
		g_assert_null(out.data);
		smime_buf_free(&ad);
		smime_buf_free(&ci);
	}
	smime_buf ci = SMIME_BUF_INIT;
	g_assert_cmpint(smime_cms__authenticated_data_create(&ci, &spec, 1, SMIME_OID_SHA256,
							     (const uint8_t *)"x", 1), ==,
			SMIME_E_INVALID_ARGUMENT);
	g_assert_null(ci.data);
}

static void test_ad_round_trip_kinds(void)
{
	smime_cert *bob_cert = load_cert_file(data_path("pki", "bob.crt"));
	smime_key *bob = load_key_file(data_path("pki", "bob.key"));
	smime_cert *ec_cert = load_cert_file(data_path("pki", "ec-p256.crt"));
	smime_key *ec = load_key_file(data_path("pki", "ec-p256.key"));
	smime_key *alice = load_key_file(data_path("pki", "alice.key"));
	static const uint8_t password[] = "hunter2";
	smime_recipient_spec specs[3];
	smime_recipient_secret secrets[3];

	memset(specs, 0, sizeof specs);
	memset(secrets, 0, sizeof secrets);
	specs[0].kind = SMIME_RECIPIENT_KTRI;
	specs[0].cert = bob_cert;
	secrets[0].key = bob;
	specs[1].kind = SMIME_RECIPIENT_KARI;
	specs[1].cert = ec_cert;
	secrets[1].key = ec;
	specs[2].kind = SMIME_RECIPIENT_PWRI;
	specs[2].password = password;
	specs[2].password_len = sizeof password - 1;
	specs[2].iterations = 1000;
	secrets[2].password = password;
	secrets[2].password_len = sizeof password - 1;

	for (size_t i = 0; i < G_N_ELEMENTS(hmacs); i++) {
		smime_buf ci = SMIME_BUF_INIT, ad = SMIME_BUF_INIT, out = SMIME_BUF_INIT;
		g_assert_cmpint(smime_cms__authenticated_data_create(&ci, specs, 3, hmacs[i],
								     (const uint8_t *)ex_content,
								     strlen(ex_content)), ==,
				SMIME_OK);
		content_of(&ad, &ci, SMIME_OID_AUTH_DATA);
		for (size_t k = 0; k < G_N_ELEMENTS(secrets); k++) {
			g_assert_cmpint(smime_cms__authenticated_data_verify(&out, ad.data, ad.len,
									     &secrets[k], 1, NULL),
					==, SMIME_OK);
			assert_content(&out, ex_content, strlen(ex_content));
			smime_buf_free(&out);
		}
		/* another RSA key: implicit rejection gives a key whose MAC
		 * does not match */
		smime_recipient_secret other = { .key = alice };
		g_assert_cmpint(smime_cms__authenticated_data_verify(&out, ad.data, ad.len, &other,
								     1, NULL), !=, SMIME_OK);
		g_assert_null(out.data);
		smime_buf_free(&ad);
		smime_buf_free(&ci);
	}
	smime_cert_free(bob_cert);
	smime_cert_free(ec_cert);
	smime_key_free(bob);
	smime_key_free(ec);
	smime_key_free(alice);
}

/* AuthenticatedData without authAttrs (§9.2: the MAC covers the eContent
 * octets), as another writer may send it. */
static void test_ad_no_attrs(void)
{
	asn1_node n = NULL;
	smime_recipient_spec spec;
	smime_recipient_secret sec;
	smime_buf ad = SMIME_BUF_INIT, out = SMIME_BUF_INIT;
	smime_hmac_ctx h;
	uint8_t key[32], mac[32];
	unsigned version = 0;

	kek_spec(&spec, test_kek, sizeof test_kek);
	kek_secret(&sec, test_kek, sizeof test_kek);
	for (size_t i = 0; i < sizeof key; i++)
		key[i] = (uint8_t)(0x55 ^ i);
	g_assert_cmpint(smime_der__create(&n, "CMS.AuthenticatedData"), ==, SMIME_OK);
	g_assert_cmpint(smime_cms__recipient_infos_build(n, "recipientInfos", &spec, 1, key,
							 sizeof key, &version), ==, SMIME_OK);
	g_assert_cmpint(smime_der__write_uint(n, "version", 0), ==, SMIME_OK);
	g_assert_cmpint(smime_der__omit(n, "originatorInfo"), ==, SMIME_OK);
	g_assert_cmpint(smime_der__omit(n, "digestAlgorithm"), ==, SMIME_OK);
	g_assert_cmpint(smime_der__omit(n, "authAttrs"), ==, SMIME_OK);
	g_assert_cmpint(smime_der__omit(n, "unauthAttrs"), ==, SMIME_OK);
	/* parameters absent this time */
	g_assert_cmpint(smime_cms__write_alg(n, "macAlgorithm", SMIME_OID_HMAC_SHA256, NULL, 0),
			==, SMIME_OK);
	g_assert_cmpint(smime_der__write_str(n, "encapContentInfo.eContentType",
					     smime_oid__dotted(SMIME_OID_DATA)), ==, SMIME_OK);
	g_assert_cmpint(smime_der__write(n, "encapContentInfo.eContent", ex_content,
					 strlen(ex_content)), ==, SMIME_OK);
	g_assert_cmpint(smime_crypto__hmac_init(&h, smime_crypto__digest_get(SMIME_DIGEST_SHA256),
						key, sizeof key), ==, SMIME_OK);
	smime_crypto__hmac_update(&h, ex_content, strlen(ex_content));
	smime_crypto__hmac_final(&h, mac);
	g_assert_cmpint(smime_der__write(n, "mac", mac, sizeof mac), ==, SMIME_OK);
	g_assert_cmpint(smime_der__encode(&ad, n, NULL), ==, SMIME_OK);
	g_assert_cmpint(smime_cms__authenticated_data_verify(&out, ad.data, ad.len, &sec, 1, NULL), ==,
			SMIME_OK);
	assert_content(&out, ex_content, strlen(ex_content));
	smime_buf_free(&out);
	ad_flip(&ad, "encapContentInfo.eContent", 1, &sec, SMIME_E_BAD_SIGNATURE);
	smime_buf_free(&ad);
	smime_der__free(&n);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/cms-content/alg/params", test_alg_params);
	g_test_add_func("/cms-content/digested/rfc4134", test_digested_rfc4134);
	g_test_add_func("/cms-content/digested/rustcrypto", test_digested_rustcrypto);
	g_test_add_func("/cms-content/digested/round-trip", test_digested_round_trip);
	g_test_add_func("/cms-content/digested/md5", test_digested_md5);
	g_test_add_func("/cms-content/encrypted/rfc4134", test_encrypted_rfc4134);
	g_test_add_func("/cms-content/encrypted/rustcrypto", test_encrypted_rustcrypto);
	g_test_add_func("/cms-content/encrypted/round-trip", test_encrypted_round_trip);
	g_test_add_func("/cms-content/compressed/rustcrypto", test_compressed_rustcrypto);
	g_test_add_func("/cms-content/compressed/round-trip", test_compressed_round_trip);
	g_test_add_func("/cms-content/compressed/bomb", test_compressed_bomb);
	g_test_add_func("/cms-content/auth-enveloped/ireland-dana-x25519-hkdf",
			test_aed_ireland_dana);
	g_test_add_func("/cms-content/auth-enveloped/ireland-bob-chacha20-poly1305",
			test_aed_ireland_chacha);
	g_test_add_func("/cms-content/auth-enveloped/round-trip-kek", test_aed_round_trip_kek);
	g_test_add_func("/cms-content/auth-enveloped/round-trip-kinds", test_aed_round_trip_kinds);
	g_test_add_func("/cms-content/auth-enveloped/auth-attrs", test_aed_auth_attrs);
	g_test_add_func("/cms-content/authenticated/round-trip", test_ad_round_trip);
	g_test_add_func("/cms-content/authenticated/round-trip-kinds", test_ad_round_trip_kinds);
	g_test_add_func("/cms-content/authenticated/no-attrs", test_ad_no_attrs);
	return g_test_run();
}
