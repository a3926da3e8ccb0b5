/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tests of the der layer: libtasn1 wrapper, CMS module, BER normaliser. */
#include <glib.h>
#include <limits.h>
#include <string.h>

#include "der/der.h"

#define OID_DATA "1.2.840.113549.1.7.1"
#define OID_SIGNED_DATA "1.2.840.113549.1.7.2"
#define OID_ENVELOPED_DATA "1.2.840.113549.1.7.3"
#define OID_SHA256 "2.16.840.1.101.3.4.2.1"
#define OID_RSA "1.2.840.113549.1.1.1"
#define OID_CONTENT_TYPE "1.2.840.113549.1.9.3"
#define OID_SIGNING_TIME "1.2.840.113549.1.9.5"

/* ------------------------------------------------------------------ */
/* helpers                                                              */
/* ------------------------------------------------------------------ */

static GBytes *load(const char *name)
{
	char *path = g_test_build_filename(G_TEST_DIST, "data", "der", name, NULL);
	GError *err = NULL;
	char *data = NULL;
	gsize len = 0;

	if (!g_file_get_contents(path, &data, &len, &err))
		g_error("%s: %s", path, err->message);
	g_free(path);
	return g_bytes_new_take(data, len);
}

static const uint8_t *bdata(GBytes *b, size_t *len)
{
	gsize n = 0;
	const uint8_t *p = g_bytes_get_data(b, &n);
	*len = n;
	return p;
}

static void assert_oid(asn1_node node, const char *path, const char *expect)
{
	char oid[SMIME_OID_MAX];
	g_assert_cmpint(smime_der__read_oid(node, path, oid), ==, SMIME_OK);
	g_assert_cmpstr(oid, ==, expect);
}

static unsigned long read_uint(asn1_node node, const char *path)
{
	unsigned long v = 0;
	g_assert_cmpint(smime_der__read_uint(node, path, &v), ==, SMIME_OK);
	return v;
}

static unsigned count(asn1_node node, const char *path)
{
	unsigned n = 12345;
	g_assert_cmpint(smime_der__count(node, path, &n), ==, SMIME_OK);
	return n;
}

static void assert_choice(asn1_node node, const char *path, const char *expect)
{
	char name[ASN1_MAX_NAME_SIZE + 1];
	g_assert_cmpint(smime_der__read_choice(node, path, name, sizeof name), ==,
			SMIME_OK);
	g_assert_cmpstr(name, ==, expect);
}

/* normalize() of a byte array must give expect */
static void assert_normalizes(const uint8_t *in, size_t len,
			      const uint8_t *expect, size_t expect_len)
{
	smime_buf out = SMIME_BUF_INIT;
	g_assert_cmpint(smime_der__normalize(&out, in, len, false), ==, SMIME_OK);
	g_assert_cmpmem(out.data, out.len, expect, expect_len);
	smime_buf_free(&out);
}

static int normalize_rc(const uint8_t *in, size_t len, bool allow_trailing)
{
	smime_buf out = SMIME_BUF_INIT;
	int rc = smime_der__normalize(&out, in, len, allow_trailing);
	if (rc == SMIME_OK)
		g_assert_nonnull(out.data);
	else
		g_assert_null(out.data);
	smime_buf_free(&out);
	return rc;
}

/* Normalises a file and decodes it as type. */
static asn1_node decode_file(const char *name, const char *type, smime_buf *der)
{
	size_t len;
	GBytes *b = load(name);
	const uint8_t *p = bdata(b, &len);
	asn1_node node = NULL;

	g_assert_cmpint(smime_der__normalize(der, p, len, false), ==, SMIME_OK);
	g_assert_cmpint(smime_der__decode(&node, type, der->data, der->len), ==,
			SMIME_OK);
	g_bytes_unref(b);
	return node;
}

/* Decodes the ANY at path of node as type (the TLV libtasn1 returns). */
static asn1_node decode_inner(asn1_node node, const char *path, const char *type,
			      smime_buf *der)
{
	asn1_node inner = NULL;
	g_assert_cmpint(smime_der__read(der, node, path), ==, SMIME_OK);
	g_assert_cmpint(smime_der__decode(&inner, type, der->data, der->len), ==,
			SMIME_OK);
	return inner;
}

/* ------------------------------------------------------------------ */
/* module                                                               */
/* ------------------------------------------------------------------ */

static void test_definitions(void)
{
	asn1_node a = NULL, b = NULL;
	g_assert_cmpint(smime_der__definitions(&a), ==, SMIME_OK);
	g_assert_cmpint(smime_der__definitions(&b), ==, SMIME_OK);
	g_assert_nonnull(a);
	g_assert_true(a == b);
}

static gpointer definitions_thread(gpointer data)
{
	asn1_node defs = NULL;
	(void)data;
	if (smime_der__definitions(&defs) != SMIME_OK)
		return NULL;
	return defs;
}

static void test_definitions_threads(void)
{
	GThread *t[8];
	asn1_node defs = NULL;
	for (unsigned i = 0; i < G_N_ELEMENTS(t); i++)
		t[i] = g_thread_new("defs", definitions_thread, NULL);
	g_assert_cmpint(smime_der__definitions(&defs), ==, SMIME_OK);
	for (unsigned i = 0; i < G_N_ELEMENTS(t); i++)
		g_assert_true(g_thread_join(t[i]) == (gpointer)defs);
}

static void test_module_types(void)
{
	static const char *const types[] = {
		"ContentInfo", "ContentType", "SignedData", "EncapsulatedContentInfo",
		"SignerInfos", "SignerInfo", "SignerIdentifier", "SignedAttributes",
		"UnsignedAttributes", "Attribute", "AttributeValue", "SignatureValue",
		"EnvelopedData", "OriginatorInfo", "RecipientInfos",
		"EncryptedContentInfo", "EncryptedContent", "UnprotectedAttributes",
		"RecipientInfo", "KeyTransRecipientInfo", "RecipientIdentifier",
		"KeyAgreeRecipientInfo", "OriginatorIdentifierOrKey",
		"OriginatorPublicKey", "RecipientEncryptedKeys",
		"RecipientEncryptedKey", "KeyAgreeRecipientIdentifier",
		"RecipientKeyIdentifier", "SubjectKeyIdentifier", "KEKRecipientInfo",
		"KEKIdentifier", "PasswordRecipientInfo", "OtherRecipientInfo",
		"DigestedData", "EncryptedData", "AuthenticatedData", "AuthAttributes",
		"UnauthAttributes", "MessageAuthenticationCode",
		"DigestAlgorithmIdentifier", "DigestAlgorithmIdentifiers",
		"SignatureAlgorithmIdentifier", "KeyEncryptionAlgorithmIdentifier",
		"ContentEncryptionAlgorithmIdentifier",
		"MessageAuthenticationCodeAlgorithm",
		"KeyDerivationAlgorithmIdentifier", "RevocationInfoChoices",
		"RevocationInfoChoice", "OtherRevocationInfoFormat",
		"CertificateChoices", "CertificateSet", "IssuerAndSerialNumber",
		"CMSVersion", "UserKeyingMaterial", "OtherKeyAttribute",
		"MessageDigest", "SigningTime", "Time", "Countersignature",
		"ExtendedCertificate", "AttributeCertificateV1",
		"AttributeCertificateV2", "OtherCertificateFormat",
		"AuthEnvelopedData", "GCMParameters", "CCMParameters",
		"AEADChaCha20Poly1305Nonce", "ECC-CMS-SharedInfo",
		"MQVuserKeyingMaterial", "KeyWrapAlgorithm", "PBKDF2-params",
		"RC2CBCParameter", "CBCParameter", "AES-IV", "CompressedData",
		"CompressionAlgorithmIdentifier", "SigningCertificate",
		"SigningCertificateV2", "ESSCertID", "ESSCertIDv2", "IssuerSerial",
		"ReceiptRequest", "Receipt", "ContentHints", "ESSSecurityLabel",
		"EquivalentLabels", "MLExpansionHistory", "CMSAlgorithmProtection",
		"SMIMECapabilities", "SMIMECapability",
		"SMIMEEncryptionKeyPreference", "RSASSA-PSS-params",
		"RSAES-OAEP-params", "AlgorithmIdentifier", "SubjectPublicKeyInfo",
		"Extensions", "Ecdsa-Sig-Value", "ECDSA-Sig-Value", "Dss-Sig-Value",
		"DigestInfo", "KEMRecipientInfo", "CMSORIforKEMOtherInfo",
		"PKCS7SignedData", "PKCS7EncapsulatedContentInfo",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(types); i++) {
		char *name = g_strconcat("CMS.", types[i], NULL);
		asn1_node node = NULL;
		g_test_message("%s", name);
		g_assert_cmpint(smime_der__create(&node, name), ==, SMIME_OK);
		smime_der__free(&node);
		g_assert_null(node);
		g_free(name);
	}
	asn1_node node = NULL;
	g_assert_cmpint(smime_der__create(&node, "CMS.NoSuchType"), ==,
			SMIME_E_INTERNAL);
	smime_der__free(&node); /* NULL-safe */
	smime_der__free(NULL);
}

static void test_err_map(void)
{
	g_assert_cmpint(smime_der__err(ASN1_SUCCESS), ==, SMIME_OK);
	g_assert_cmpint(smime_der__err(ASN1_MEM_ERROR), ==, SMIME_E_NO_MEMORY);
	g_assert_cmpint(smime_der__err(ASN1_MEM_ALLOC_ERROR), ==, SMIME_E_NO_MEMORY);
	g_assert_cmpint(smime_der__err(ASN1_DER_ERROR), ==, SMIME_E_MALFORMED);
	g_assert_cmpint(smime_der__err(ASN1_TAG_ERROR), ==, SMIME_E_MALFORMED);
	g_assert_cmpint(smime_der__err(ASN1_DER_OVERFLOW), ==, SMIME_E_MALFORMED);
	g_assert_cmpint(smime_der__err(ASN1_ELEMENT_NOT_FOUND), ==, SMIME_E_MALFORMED);
	g_assert_cmpint(smime_der__err(ASN1_RECURSION), ==, SMIME_E_LIMIT);
	g_assert_cmpint(smime_der__err(ASN1_SYNTAX_ERROR), ==, SMIME_E_INTERNAL);
	g_assert_cmpint(smime_der__err(9999), ==, SMIME_E_INTERNAL);
}

/* ------------------------------------------------------------------ */
/* round trip                                                           */
/* ------------------------------------------------------------------ */

/* A Name: SEQUENCE { SET { SEQUENCE { commonName, "Test" } } } */
static const uint8_t name_der[] = {
	0x30, 0x0f, 0x31, 0x0d, 0x30, 0x0b, 0x06, 0x03, 0x55, 0x04, 0x03,
	0x0c, 0x04, 'T', 'e', 's', 't',
};
static const uint8_t null_der[] = { 0x05, 0x00 };
/* A stand-in certificate: any SEQUENCE goes into the ANY */
static const uint8_t fake_cert[] = { 0x30, 0x03, 0x02, 0x01, 0x07 };

static void build_signed_data(asn1_node sd, int64_t signing_time)
{
	static const uint8_t sig[] = { 0xde, 0xad, 0xbe, 0xef };
	static const uint8_t serial[] = { 0x00, 0x9a, 0xbc };

	g_assert_cmpint(smime_der__write_uint(sd, "version", 1), ==, SMIME_OK);
	g_assert_cmpint(smime_der__append(sd, "digestAlgorithms"), ==, SMIME_OK);
	g_assert_cmpint(smime_der__write_str(sd, "digestAlgorithms.?LAST.algorithm",
					     OID_SHA256), ==, SMIME_OK);
	g_assert_cmpint(smime_der__omit(sd, "digestAlgorithms.?LAST.parameters"),
			==, SMIME_OK);
	g_assert_cmpint(smime_der__write_str(sd, "encapContentInfo.eContentType",
					     OID_DATA), ==, SMIME_OK);
	g_assert_cmpint(smime_der__write(sd, "encapContentInfo.eContent", "hello", 5),
			==, SMIME_OK);
	g_assert_cmpint(smime_der__append(sd, "certificates"), ==, SMIME_OK);
	g_assert_cmpint(smime_der__write_str(sd, "certificates.?LAST", "certificate"),
			==, SMIME_OK);
	g_assert_cmpint(smime_der__write(sd, "certificates.?LAST.certificate",
					 fake_cert, sizeof fake_cert), ==, SMIME_OK);
	g_assert_cmpint(smime_der__omit(sd, "crls"), ==, SMIME_OK);

	g_assert_cmpint(smime_der__append(sd, "signerInfos"), ==, SMIME_OK);
	const char *si = "signerInfos.?LAST";
	char path[128];
#define P(suffix) (g_snprintf(path, sizeof path, "%s.%s", si, suffix), path)
	g_assert_cmpint(smime_der__write_uint(sd, P("version"), 1), ==, SMIME_OK);
	g_assert_cmpint(smime_der__write_str(sd, P("sid"), "issuerAndSerialNumber"),
			==, SMIME_OK);
	g_assert_cmpint(smime_der__write(sd, P("sid.issuerAndSerialNumber.issuer"),
					 name_der, sizeof name_der), ==, SMIME_OK);
	g_assert_cmpint(smime_der__write(sd, P("sid.issuerAndSerialNumber.serialNumber"),
					 serial, sizeof serial), ==, SMIME_OK);
	g_assert_cmpint(smime_der__write_str(sd, P("digestAlgorithm.algorithm"),
					     OID_SHA256), ==, SMIME_OK);
	g_assert_cmpint(smime_der__omit(sd, P("digestAlgorithm.parameters")), ==,
			SMIME_OK);
	/* signed attributes: contentType, signingTime */
	g_assert_cmpint(smime_der__append(sd, P("signedAttrs")), ==, SMIME_OK);
	g_assert_cmpint(smime_der__write_str(sd, P("signedAttrs.?LAST.attrType"),
					     OID_CONTENT_TYPE), ==, SMIME_OK);
	g_assert_cmpint(smime_der__append(sd, P("signedAttrs.?LAST.attrValues")), ==,
			SMIME_OK);
	{
		asn1_node oid = NULL;
		smime_buf der = SMIME_BUF_INIT;
		g_assert_cmpint(smime_der__create(&oid, "CMS.ContentType"), ==, SMIME_OK);
		g_assert_cmpint(smime_der__write_str(oid, "", OID_DATA), ==, SMIME_OK);
		g_assert_cmpint(smime_der__encode(&der, oid, NULL), ==, SMIME_OK);
		g_assert_cmpint(smime_der__write(sd, P("signedAttrs.?LAST.attrValues.?LAST"),
						 der.data, der.len), ==, SMIME_OK);
		smime_buf_free(&der);
		smime_der__free(&oid);
	}
	g_assert_cmpint(smime_der__append(sd, P("signedAttrs")), ==, SMIME_OK);
	g_assert_cmpint(smime_der__write_str(sd, P("signedAttrs.?LAST.attrType"),
					     OID_SIGNING_TIME), ==, SMIME_OK);
	g_assert_cmpint(smime_der__append(sd, P("signedAttrs.?LAST.attrValues")), ==,
			SMIME_OK);
	{
		asn1_node t = NULL;
		smime_buf der = SMIME_BUF_INIT;
		g_assert_cmpint(smime_der__create(&t, "CMS.Time"), ==, SMIME_OK);
		g_assert_cmpint(smime_der__write_time(t, "", signing_time), ==, SMIME_OK);
		g_assert_cmpint(smime_der__encode(&der, t, ""), ==, SMIME_OK);
		g_assert_cmpint(smime_der__write(sd, P("signedAttrs.?LAST.attrValues.?LAST"),
						 der.data, der.len), ==, SMIME_OK);
		smime_buf_free(&der);
		smime_der__free(&t);
	}
	g_assert_cmpint(smime_der__write_str(sd, P("signatureAlgorithm.algorithm"),
					     OID_RSA), ==, SMIME_OK);
	g_assert_cmpint(smime_der__write(sd, P("signatureAlgorithm.parameters"),
					 null_der, sizeof null_der), ==, SMIME_OK);
	g_assert_cmpint(smime_der__write(sd, P("signature"), sig, sizeof sig), ==,
			SMIME_OK);
	g_assert_cmpint(smime_der__omit(sd, P("unsignedAttrs")), ==, SMIME_OK);
#undef P
}

static void test_roundtrip_signed_data(void)
{
	const int64_t when = 1700000000; /* 2023-11-14T22:13:20Z */
	asn1_node sd = NULL, back = NULL, attr = NULL;
	smime_buf der = SMIME_BUF_INIT, v = SMIME_BUF_INIT;
	size_t start, end;

	g_assert_cmpint(smime_der__create(&sd, "CMS.SignedData"), ==, SMIME_OK);
	build_signed_data(sd, when);
	g_assert_cmpint(smime_der__encode(&der, sd, ""), ==, SMIME_OK);
	g_assert_cmpuint(der.data[0], ==, 0x30);

	/* DER in, same bytes out of the normaliser */
	assert_normalizes(der.data, der.len, der.data, der.len);

	g_assert_cmpint(smime_der__decode(&back, "CMS.SignedData", der.data, der.len),
			==, SMIME_OK);
	g_assert_cmpuint(read_uint(back, "version"), ==, 1);
	g_assert_cmpuint(count(back, "digestAlgorithms"), ==, 1);
	assert_oid(back, "digestAlgorithms.?1.algorithm", OID_SHA256);
	g_assert_false(smime_der__exists(back, "digestAlgorithms.?1.parameters"));
	assert_oid(back, "encapContentInfo.eContentType", OID_DATA);
	g_assert_cmpint(smime_der__read(&v, back, "encapContentInfo.eContent"), ==,
			SMIME_OK);
	g_assert_cmpmem(v.data, v.len, "hello", 5);
	g_assert_cmpuint(count(back, "certificates"), ==, 1);
	assert_choice(back, "certificates.?1", "certificate");
	g_assert_cmpint(smime_der__read(&v, back, "certificates.?1.certificate"), ==,
			SMIME_OK);
	g_assert_cmpmem(v.data, v.len, fake_cert, sizeof fake_cert);
	g_assert_false(smime_der__exists(back, "crls"));
	g_assert_cmpuint(count(back, "crls"), ==, 0);
	g_assert_true(smime_der__exists(back, "signerInfos"));
	g_assert_cmpuint(count(back, "signerInfos"), ==, 1);
	g_assert_cmpuint(read_uint(back, "signerInfos.?1.version"), ==, 1);
	assert_choice(back, "signerInfos.?1.sid", "issuerAndSerialNumber");
	g_assert_cmpint(smime_der__read(&v, back,
					"signerInfos.?1.sid.issuerAndSerialNumber.issuer"),
			==, SMIME_OK);
	g_assert_cmpmem(v.data, v.len, name_der, sizeof name_der);
	g_assert_cmpuint(read_uint(back,
				   "signerInfos.?1.sid.issuerAndSerialNumber.serialNumber"),
			 ==, 0x9abc);
	g_assert_cmpuint(count(back, "signerInfos.?1.signedAttrs"), ==, 2);
	g_assert_true(smime_der__exists(back, "signerInfos.?1.signedAttrs"));
	g_assert_false(smime_der__exists(back, "signerInfos.?1.unsignedAttrs"));
	g_assert_cmpint(smime_der__read(&v, back, "signerInfos.?1.signatureAlgorithm.parameters"),
			==, SMIME_OK);
	g_assert_cmpmem(v.data, v.len, null_der, sizeof null_der);
	g_assert_cmpint(smime_der__read(&v, back, "signerInfos.?1.signature"), ==,
			SMIME_OK);
	g_assert_cmpuint(v.len, ==, 4);
	g_assert_cmpuint(v.data[0], ==, 0xde);

	/* signingTime: the SET OF is sorted by DER, so find it by type */
	const char *tpath = NULL;
	char oid[SMIME_OID_MAX];
	g_assert_cmpint(smime_der__read_oid(back, "signerInfos.?1.signedAttrs.?1.attrType",
					    oid), ==, SMIME_OK);
	tpath = strcmp(oid, OID_SIGNING_TIME) == 0
			? "signerInfos.?1.signedAttrs.?1.attrValues.?1"
			: "signerInfos.?1.signedAttrs.?2.attrValues.?1";
	g_assert_cmpint(smime_der__read(&v, back, tpath), ==, SMIME_OK);
	g_assert_cmpint(smime_der__decode(&attr, "CMS.Time", v.data, v.len), ==,
			SMIME_OK);
	int64_t t = 0;
	g_assert_cmpint(smime_der__read_time(attr, "", &t), ==, SMIME_OK);
	g_assert_cmpint(t, ==, when);
	assert_choice(attr, "", "utcTime");
	smime_der__free(&attr);

	/* the range of signedAttrs is the [0] IMPLICIT SET, byte exact */
	g_assert_cmpint(smime_der__range(back, der.data, der.len,
					 "signerInfos.?1.signedAttrs", &start, &end),
			==, SMIME_OK);
	g_assert_cmpuint(der.data[start], ==, 0xa0);
	size_t tlv = 0;
	g_assert_cmpint(smime_der__tlv_len(der.data + start, der.len - start, &tlv), ==,
			SMIME_OK);
	g_assert_cmpuint(end - start, ==, tlv);
	/* and it is what encoding that element alone gives */
	g_assert_cmpint(smime_der__encode(&v, back, "signerInfos.?1.signedAttrs"), ==,
			SMIME_OK);
	g_assert_cmpmem(v.data, v.len, der.data + start, end - start);
	/* whole-object range */
	g_assert_cmpint(smime_der__range(back, der.data, der.len, "", &start, &end), ==,
			SMIME_OK);
	g_assert_cmpuint(start, ==, 0);
	g_assert_cmpuint(end, ==, der.len);

	/* absent things */
	g_assert_cmpint(smime_der__read(&v, back, "crls"), ==, SMIME_E_MALFORMED);
	g_assert_cmpint(smime_der__read(&v, back, "signerInfos.?2.version"), ==,
			SMIME_E_MALFORMED);
	g_assert_cmpint(smime_der__read_oid(back, "signerInfos.?2.digestAlgorithm.algorithm",
					    oid), ==, SMIME_E_MALFORMED);
	g_assert_false(smime_der__exists(back, "signerInfos.?2"));
	g_assert_false(smime_der__exists(back, "noSuchField"));
	/* a path of the wrong type is a bug */
	unsigned long u;
	g_assert_cmpint(smime_der__read_uint(back, "encapContentInfo.eContentType", &u),
			==, SMIME_E_INTERNAL);

	/* trailing bytes are refused by decode */
	g_assert_cmpint(smime_buf__append(&der, "\x05\x00", 2), ==, SMIME_OK);
	asn1_node bad = NULL;
	g_assert_cmpint(smime_der__decode(&bad, "CMS.SignedData", der.data, der.len),
			==, SMIME_E_MALFORMED);
	g_assert_null(bad);
	/* so is the wrong type */
	g_assert_cmpint(smime_der__decode(&bad, "CMS.EnvelopedData", der.data,
					  der.len - 2), ==, SMIME_E_MALFORMED);
	g_assert_null(bad);

	smime_buf_free(&v);
	smime_buf_free(&der);
	smime_der__free(&back);
	smime_der__free(&sd);
}

static void test_write_read_misc(void)
{
	asn1_node n = NULL;
	smime_buf v = SMIME_BUF_INIT, der = SMIME_BUF_INIT;

	/* empty OCTET STRING: written with length 0, read back empty */
	g_assert_cmpint(smime_der__create(&n, "CMS.DigestInfo"), ==, SMIME_OK);
	g_assert_cmpint(smime_der__write_str(n, "digestAlgorithm.algorithm", OID_SHA256),
			==, SMIME_OK);
	g_assert_cmpint(smime_der__omit(n, "digestAlgorithm.parameters"), ==, SMIME_OK);
	g_assert_cmpint(smime_der__write(n, "digest", NULL, 0), ==, SMIME_OK);
	g_assert_cmpint(smime_der__encode(&der, n, NULL), ==, SMIME_OK);
	smime_der__free(&n);
	g_assert_cmpint(smime_der__decode(&n, "CMS.DigestInfo", der.data, der.len), ==,
			SMIME_OK);
	g_assert_cmpint(smime_der__read(&v, n, "digest"), ==, SMIME_OK);
	g_assert_cmpuint(v.len, ==, 0);
	g_assert_nonnull(v.data);
	g_assert_true(smime_der__exists(n, "digest"));
	smime_der__free(&n);
	smime_buf_free(&der);

	/* BIT STRING: bytes out */
	static const uint8_t opk[] = {
		0x30, 0x0e, 0x30, 0x07, 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22,
		0x03, 0x03, 0x00, 0xab, 0xcd,
	};
	g_assert_cmpint(smime_der__decode(&n, "CMS.OriginatorPublicKey", opk, sizeof opk),
			==, SMIME_OK);
	g_assert_cmpint(smime_der__read(&v, n, "publicKey"), ==, SMIME_OK);
	g_assert_cmpmem(v.data, v.len, "\xab\xcd", 2);
	assert_oid(n, "algorithm.algorithm", "1.3.132.0.34");
	smime_der__free(&n);

	/* CHOICE with a tagged alternative; RecipientInfo kekri [2] */
	g_assert_cmpint(smime_der__create(&n, "CMS.RecipientInfo"), ==, SMIME_OK);
	g_assert_cmpint(smime_der__write_str(n, "", "kekri"), ==, SMIME_OK);
	g_assert_cmpint(smime_der__write_uint(n, "kekri.version", 4), ==, SMIME_OK);
	g_assert_cmpint(smime_der__write(n, "kekri.kekid.keyIdentifier", "kid", 3), ==,
			SMIME_OK);
	g_assert_cmpint(smime_der__omit(n, "kekri.kekid.date"), ==, SMIME_OK);
	g_assert_cmpint(smime_der__omit(n, "kekri.kekid.other"), ==, SMIME_OK);
	g_assert_cmpint(smime_der__write_str(n, "kekri.keyEncryptionAlgorithm.algorithm",
					     "2.16.840.1.101.3.4.1.45"), ==, SMIME_OK);
	g_assert_cmpint(smime_der__omit(n, "kekri.keyEncryptionAlgorithm.parameters"),
			==, SMIME_OK);
	g_assert_cmpint(smime_der__write(n, "kekri.encryptedKey", "0123456789abcdef01234567",
					 24), ==, SMIME_OK);
	g_assert_cmpint(smime_der__encode(&der, n, ""), ==, SMIME_OK);
	g_assert_cmpuint(der.data[0], ==, 0xa2); /* [2] IMPLICIT SEQUENCE */
	smime_der__free(&n);
	g_assert_cmpint(smime_der__decode(&n, "CMS.RecipientInfo", der.data, der.len),
			==, SMIME_OK);
	assert_choice(n, "", "kekri");
	g_assert_cmpuint(read_uint(n, "kekri.version"), ==, 4);
	smime_der__free(&n);
	smime_buf_free(&der);

	/* CertificateChoices: tagged alternatives win over the ANY */
	static const uint8_t other_cert[] = {
		0xa3, 0x07, 0x06, 0x02, 0x2a, 0x03, 0x04, 0x01, 0x00,
	};
	g_assert_cmpint(smime_der__decode(&n, "CMS.CertificateChoices", other_cert,
					  sizeof other_cert), ==, SMIME_OK);
	assert_choice(n, "", "other");
	assert_oid(n, "other.otherCertFormat", "1.2.3");
	smime_der__free(&n);
	g_assert_cmpint(smime_der__decode(&n, "CMS.CertificateChoices", fake_cert,
					  sizeof fake_cert), ==, SMIME_OK);
	assert_choice(n, "", "certificate");
	smime_der__free(&n);

	/* a write to a path outside the schema is a bug */
	g_assert_cmpint(smime_der__create(&n, "CMS.Attribute"), ==, SMIME_OK);
	g_assert_cmpint(smime_der__write_str(n, "noSuchField", "1"), ==, SMIME_E_INTERNAL);
	g_assert_cmpint(smime_der__write(n, "attrType", NULL, 3), ==,
			SMIME_E_INVALID_ARGUMENT);
	/* an incomplete structure cannot be encoded */
	g_assert_cmpint(smime_der__encode(&der, n, ""), ==, SMIME_E_INTERNAL);
	g_assert_null(der.data);
	smime_der__free(&n);
	smime_buf_free(&v);
}

static void test_uint(void)
{
	static const unsigned long values[] = {
		0, 1, 127, 128, 255, 256, 0x7fff, 0x8000, 0xffffffffUL, ULONG_MAX,
	};
	for (size_t i = 0; i < G_N_ELEMENTS(values); i++) {
		asn1_node n = NULL, back = NULL;
		smime_buf der = SMIME_BUF_INIT;
		g_assert_cmpint(smime_der__create(&n, "CMS.CMSVersion"), ==, SMIME_OK);
		g_assert_cmpint(smime_der__write_uint(n, "", values[i]), ==, SMIME_OK);
		g_assert_cmpint(smime_der__encode(&der, n, ""), ==, SMIME_OK);
		g_assert_cmpuint(der.data[0], ==, 0x02);
		/* minimal: no leading 0 unless the high bit needs it */
		if (der.len > 3)
			g_assert_true(der.data[2] != 0 || (der.data[3] & 0x80));
		g_assert_cmpint(smime_der__decode(&back, "CMS.CMSVersion", der.data, der.len),
				==, SMIME_OK);
		g_assert_cmpuint(read_uint(back, ""), ==, values[i]);
		smime_der__free(&back);
		smime_der__free(&n);
		smime_buf_free(&der);
	}
	static const uint8_t exact[] = { 0x02, 0x02, 0x00, 0x80 };
	asn1_node n = NULL;
	smime_buf der = SMIME_BUF_INIT;
	g_assert_cmpint(smime_der__create(&n, "CMS.CMSVersion"), ==, SMIME_OK);
	g_assert_cmpint(smime_der__write_uint(n, "", 128), ==, SMIME_OK);
	g_assert_cmpint(smime_der__encode(&der, n, NULL), ==, SMIME_OK);
	g_assert_cmpmem(der.data, der.len, exact, sizeof exact);
	smime_der__free(&n);
	smime_buf_free(&der);

	unsigned long v;
	static const uint8_t negative[] = { 0x02, 0x01, 0xff };
	g_assert_cmpint(smime_der__decode(&n, "CMS.CMSVersion", negative, sizeof negative),
			==, SMIME_OK);
	g_assert_cmpint(smime_der__read_uint(n, "", &v), ==, SMIME_E_MALFORMED);
	smime_der__free(&n);
	static const uint8_t huge[] = { 0x02, 0x09, 0x01, 0, 0, 0, 0, 0, 0, 0, 0 };
	g_assert_cmpint(smime_der__decode(&n, "CMS.CMSVersion", huge, sizeof huge), ==,
			SMIME_OK);
	g_assert_cmpint(smime_der__read_uint(n, "", &v), ==, SMIME_E_LIMIT);
	smime_der__free(&n);
	static const uint8_t padded[] = { 0x02, 0x03, 0x00, 0x00, 0x05 };
	g_assert_cmpint(smime_der__decode(&n, "CMS.CMSVersion", padded, sizeof padded), ==,
			SMIME_OK);
	g_assert_cmpuint(read_uint(n, ""), ==, 5);
	smime_der__free(&n);
}

/* ------------------------------------------------------------------ */
/* time                                                                 */
/* ------------------------------------------------------------------ */

static void check_time_write(int64_t t, const char *choice, const char *text)
{
	asn1_node n = NULL, back = NULL;
	smime_buf der = SMIME_BUF_INIT;
	int64_t r = 0;

	g_assert_cmpint(smime_der__create(&n, "CMS.Time"), ==, SMIME_OK);
	g_assert_cmpint(smime_der__write_time(n, NULL, t), ==, SMIME_OK);
	g_assert_cmpint(smime_der__encode(&der, n, NULL), ==, SMIME_OK);
	g_assert_cmpuint(der.data[0], ==, strcmp(choice, "utcTime") == 0 ? 0x17 : 0x18);
	g_assert_cmpuint(der.data[1], ==, strlen(text));
	g_assert_cmpmem(der.data + 2, der.len - 2, text, strlen(text));
	g_assert_cmpint(smime_der__decode(&back, "CMS.Time", der.data, der.len), ==,
			SMIME_OK);
	assert_choice(back, "", choice);
	g_assert_cmpint(smime_der__read_time(back, "", &r), ==, SMIME_OK);
	g_assert_cmpint(r, ==, t);
	smime_der__free(&back);
	smime_der__free(&n);
	smime_buf_free(&der);
}

static void test_time_write(void)
{
	check_time_write(0, "utcTime", "700101000000Z");
	check_time_write(1700000000, "utcTime", "231114221320Z");
	/* RFC 5652 11.3: UTCTime through 2049, GeneralizedTime from 2050 */
	check_time_write(2524607999, "utcTime", "491231235959Z");
	check_time_write(2524608000, "generalTime", "20500101000000Z");
	check_time_write(-631152000, "utcTime", "500101000000Z");
	check_time_write(-631152001, "generalTime", "19491231235959Z");
	check_time_write(951782400, "utcTime", "000229000000Z"); /* leap day */
	check_time_write(253402300799, "generalTime", "99991231235959Z");

	asn1_node n = NULL;
	g_assert_cmpint(smime_der__create(&n, "CMS.Time"), ==, SMIME_OK);
	g_assert_cmpint(smime_der__write_time(n, "", 253402300800), ==,
			SMIME_E_INVALID_ARGUMENT); /* year 10000 */
	smime_der__free(&n);

	/* a bare GeneralizedTime (KEKIdentifier.date) */
	asn1_node k = NULL, back = NULL;
	smime_buf der = SMIME_BUF_INIT;
	int64_t r = 0;
	g_assert_cmpint(smime_der__create(&k, "CMS.KEKIdentifier"), ==, SMIME_OK);
	g_assert_cmpint(smime_der__write(k, "keyIdentifier", "k", 1), ==, SMIME_OK);
	g_assert_cmpint(smime_der__write_time(k, "date", 1700000000), ==, SMIME_OK);
	g_assert_cmpint(smime_der__omit(k, "other"), ==, SMIME_OK);
	g_assert_cmpint(smime_der__encode(&der, k, ""), ==, SMIME_OK);
	g_assert_cmpint(smime_der__decode(&back, "CMS.KEKIdentifier", der.data, der.len),
			==, SMIME_OK);
	g_assert_cmpint(smime_der__read_time(back, "date", &r), ==, SMIME_OK);
	g_assert_cmpint(r, ==, 1700000000);
	smime_der__free(&back);
	smime_der__free(&k);
	smime_buf_free(&der);
}

static int read_time_text(uint8_t tag, const char *text, int64_t *t)
{
	uint8_t der[64];
	size_t len = strlen(text);
	asn1_node n = NULL;
	int rc;

	g_assert_cmpuint(len, <, sizeof der - 2);
	der[0] = tag;
	der[1] = (uint8_t)len;
	memcpy(der + 2, text, len);
	rc = smime_der__decode(&n, "CMS.Time", der, len + 2);
	if (rc != SMIME_OK)
		return rc;
	rc = smime_der__read_time(n, "", t);
	smime_der__free(&n);
	return rc;
}

static void test_time_read(void)
{
	static const struct {
		uint8_t tag;
		const char *text;
		int rc;
		int64_t t;
	} cases[] = {
		{ 0x17, "700101000000Z", SMIME_OK, 0 },
		{ 0x17, "491231235959Z", SMIME_OK, 2524607999 },
		{ 0x17, "500101000000Z", SMIME_OK, -631152000 },
		{ 0x17, "990919010847Z", SMIME_OK, 937703327 },
		/* BER: no seconds, and zone offsets */
		{ 0x17, "7001010000Z", SMIME_OK, 0 },
		{ 0x17, "700101010000+0100", SMIME_OK, 0 },
		{ 0x17, "691231233000-0030", SMIME_OK, 0 },
		{ 0x18, "19700101000000Z", SMIME_OK, 0 },
		{ 0x18, "20500101000000Z", SMIME_OK, 2524608000 },
		{ 0x18, "20500101000000.123Z", SMIME_OK, 2524608000 },
		{ 0x18, "2050010100Z", SMIME_OK, 2524608000 },
		{ 0x18, "20500101020000+02", SMIME_OK, 2524608000 },
		{ 0x18, "16000229120000Z", SMIME_OK, -11670955200 },
		{ 0x18, "99991231235959Z", SMIME_OK, 253402300799 },
		/* refused */
		{ 0x17, "701301000000Z", SMIME_E_MALFORMED, 0 },
		{ 0x17, "700230000000Z", SMIME_E_MALFORMED, 0 },
		{ 0x17, "010229000000Z", SMIME_E_MALFORMED, 0 },
		{ 0x17, "700101240000Z", SMIME_E_MALFORMED, 0 },
		{ 0x17, "700101006000Z", SMIME_E_MALFORMED, 0 },
		{ 0x17, "700101000000", SMIME_E_MALFORMED, 0 },
		{ 0x17, "700101000000ZZ", SMIME_E_MALFORMED, 0 },
		{ 0x17, "7001010000a0Z", SMIME_E_MALFORMED, 0 },
		{ 0x17, "70010100Z", SMIME_E_MALFORMED, 0 },
		{ 0x18, "19000229000000Z", SMIME_E_MALFORMED, 0 },
		{ 0x18, "20500101000000", SMIME_E_MALFORMED, 0 },
		{ 0x18, "20500101000000.Z", SMIME_E_MALFORMED, 0 },
		{ 0x18, "20500101000000+2400", SMIME_E_MALFORMED, 0 },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		int64_t t = 42;
		g_test_message("%s", cases[i].text);
		int rc = read_time_text(cases[i].tag, cases[i].text, &t);
		if (cases[i].rc == SMIME_OK) {
			g_assert_cmpint(rc, ==, SMIME_OK);
			g_assert_cmpint(t, ==, cases[i].t);
		} else {
			/* libtasn1 itself may refuse the worst ones */
			g_assert_cmpint(rc, ==, SMIME_E_MALFORMED);
		}
	}
}

/* ------------------------------------------------------------------ */
/* normaliser                                                           */
/* ------------------------------------------------------------------ */

static void test_normalize_indefinite(void)
{
	/* SEQUENCE(indef) { INTEGER 5, NULL } */
	static const uint8_t in[] = { 0x30, 0x80, 0x02, 0x01, 0x05, 0x05, 0x00, 0x00, 0x00 };
	static const uint8_t out[] = { 0x30, 0x05, 0x02, 0x01, 0x05, 0x05, 0x00 };
	assert_normalizes(in, sizeof in, out, sizeof out);

	/* nested: SEQUENCE(indef) { [0](indef) { SEQUENCE(indef) { } }, SET{} } */
	static const uint8_t in2[] = {
		0x30, 0x80, 0xa0, 0x80, 0x30, 0x80, 0x00, 0x00, 0x00, 0x00,
		0x31, 0x00, 0x00, 0x00,
	};
	static const uint8_t out2[] = {
		0x30, 0x06, 0xa0, 0x02, 0x30, 0x00, 0x31, 0x00,
	};
	assert_normalizes(in2, sizeof in2, out2, sizeof out2);

	/* a definite child with a non-minimal length is kept as is */
	static const uint8_t in3[] = {
		0x30, 0x80, 0x04, 0x81, 0x01, 0xaa, 0x00, 0x00,
	};
	static const uint8_t out3[] = { 0x30, 0x04, 0x04, 0x81, 0x01, 0xaa };
	assert_normalizes(in3, sizeof in3, out3, sizeof out3);
}

static void test_normalize_long_content(void)
{
	/* indefinite SEQUENCE holding a 300-byte OCTET STRING: the new
	 * length needs the long form */
	uint8_t in[2 + 4 + 300 + 2];
	uint8_t out[4 + 4 + 300];
	memset(in, 0x5a, sizeof in);
	in[0] = 0x30;
	in[1] = 0x80;
	in[2] = 0x04;
	in[3] = 0x82;
	in[4] = 0x01;
	in[5] = 0x2c;
	in[sizeof in - 2] = 0;
	in[sizeof in - 1] = 0;
	memcpy(out + 4, in + 2, 304);
	out[0] = 0x30;
	out[1] = 0x82;
	out[2] = 0x01;
	out[3] = 0x30;
	assert_normalizes(in, sizeof in, out, sizeof out);
}

static void test_normalize_chunked(void)
{
	/* constructed OCTET STRING, definite, two chunks */
	static const uint8_t in[] = {
		0x24, 0x08, 0x04, 0x02, 'a', 'b', 0x04, 0x02, 'c', 'd',
	};
	static const uint8_t out[] = { 0x04, 0x04, 'a', 'b', 'c', 'd' };
	assert_normalizes(in, sizeof in, out, sizeof out);

	/* indefinite with nested chunks and an empty chunk, inside [0] */
	static const uint8_t in2[] = {
		0xa0, 0x80,
		0x24, 0x80,
		0x04, 0x01, 'a',
		0x24, 0x80, 0x04, 0x02, 'b', 'c', 0x04, 0x00, 0x00, 0x00,
		0x24, 0x03, 0x04, 0x01, 'd',
		0x00, 0x00,
		0x00, 0x00,
	};
	static const uint8_t out2[] = { 0xa0, 0x06, 0x04, 0x04, 'a', 'b', 'c', 'd' };
	assert_normalizes(in2, sizeof in2, out2, sizeof out2);

	/* empty constructed string */
	static const uint8_t in3[] = { 0x24, 0x80, 0x00, 0x00 };
	static const uint8_t out3[] = { 0x04, 0x00 };
	assert_normalizes(in3, sizeof in3, out3, sizeof out3);

	/* [0] IMPLICIT in chunks (encryptedContent): the chunks stay, each
	 * flattened, for libtasn1 to concatenate */
	static const uint8_t in4[] = {
		0xa0, 0x80, 0x04, 0x01, 'x', 0x24, 0x80, 0x04, 0x01, 'y', 0x00, 0x00,
		0x00, 0x00,
	};
	static const uint8_t out4[] = { 0xa0, 0x06, 0x04, 0x01, 'x', 0x04, 0x01, 'y' };
	assert_normalizes(in4, sizeof in4, out4, sizeof out4);

	/* BIT STRING in chunks: one unused-bits octet, from the last chunk */
	static const uint8_t in5[] = {
		0x23, 0x80, 0x03, 0x02, 0x00, 0xaa, 0x23, 0x04, 0x03, 0x02, 0x04, 0xb0,
		0x00, 0x00,
	};
	static const uint8_t out5[] = { 0x03, 0x03, 0x04, 0xaa, 0xb0 };
	assert_normalizes(in5, sizeof in5, out5, sizeof out5);
	/* unused bits in a chunk that is not the last */
	static const uint8_t bad5[] = {
		0x23, 0x08, 0x03, 0x02, 0x01, 0xaa, 0x03, 0x02, 0x00, 0xb0,
	};
	g_assert_cmpint(normalize_rc(bad5, sizeof bad5, false), ==, SMIME_E_MALFORMED);
	/* a chunk without its unused-bits octet */
	static const uint8_t bad6[] = { 0x23, 0x02, 0x03, 0x00 };
	g_assert_cmpint(normalize_rc(bad6, sizeof bad6, false), ==, SMIME_E_MALFORMED);

	/* UTF8String in chunks */
	static const uint8_t in7[] = {
		0x2c, 0x80, 0x0c, 0x01, 'h', 0x0c, 0x01, 'i', 0x00, 0x00,
	};
	static const uint8_t out7[] = { 0x0c, 0x02, 'h', 'i' };
	assert_normalizes(in7, sizeof in7, out7, sizeof out7);

	/* a chunk of another type is an error (X.690 8.7.3.2) */
	static const uint8_t bad8[] = { 0x24, 0x80, 0x0c, 0x01, 'h', 0x00, 0x00 };
	g_assert_cmpint(normalize_rc(bad8, sizeof bad8, false), ==, SMIME_E_MALFORMED);
}

static void test_normalize_der_unchanged(void)
{
	/* long-form tag, BOOLEAN 0x01 (BER, kept), non-minimal lengths, a
	 * context-specific constructed [0] with one OCTET STRING (EXPLICIT) */
	static const uint8_t in[] = {
		0x30, 0x81, 0x13,
		0x9f, 0x81, 0x00, 0x01, 0x07,
		0x01, 0x01, 0x01,
		0xa0, 0x82, 0x00, 0x03, 0x04, 0x01, 0x41,
		0x02, 0x02, 0x00, 0x05,
	};
	assert_normalizes(in, sizeof in, in, sizeof in);

	static const char *const files[] = {
		"rfc4134-3.2.bin", "rfc4134-4.2.bin", "cms_der.bin",
		"rfc4134-AliceRSASignByCarl.cer",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
		size_t len;
		GBytes *b = load(files[i]);
		const uint8_t *p = bdata(b, &len);
		assert_normalizes(p, len, p, len);
		g_bytes_unref(b);
	}
}

static void test_normalize_reject(void)
{
	/* empty */
	g_assert_cmpint(normalize_rc((const uint8_t *)"", 0, false), ==, SMIME_E_MALFORMED);
	/* truncated header, length, content */
	static const uint8_t t1[] = { 0x30 };
	static const uint8_t t2[] = { 0x30, 0x82, 0x01 };
	static const uint8_t t3[] = { 0x30, 0x05, 0x02, 0x01, 0x05 };
	static const uint8_t t4[] = { 0x1f };
	static const uint8_t t5[] = { 0x1f, 0x81 };
	g_assert_cmpint(normalize_rc(t1, sizeof t1, false), ==, SMIME_E_MALFORMED);
	g_assert_cmpint(normalize_rc(t2, sizeof t2, false), ==, SMIME_E_MALFORMED);
	g_assert_cmpint(normalize_rc(t3, sizeof t3, false), ==, SMIME_E_MALFORMED);
	g_assert_cmpint(normalize_rc(t4, sizeof t4, false), ==, SMIME_E_MALFORMED);
	g_assert_cmpint(normalize_rc(t5, sizeof t5, false), ==, SMIME_E_MALFORMED);
	/* a child running past its parent */
	static const uint8_t b1[] = { 0x30, 0x03, 0x04, 0x02, 0x41, 0x42 };
	g_assert_cmpint(normalize_rc(b1, sizeof b1, false), ==, SMIME_E_MALFORMED);
	/* length beyond the buffer, huge lengths */
	static const uint8_t b2[] = { 0x04, 0x84, 0xff, 0xff, 0xff, 0xff, 0x00 };
	static const uint8_t b3[] = { 0x04, 0x88, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
				      0xff, 0xff, 0x00 };
	static const uint8_t b4[] = { 0x04, 0x89, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x41 };
	static const uint8_t b5[] = { 0x04, 0xff, 0x00 };
	g_assert_cmpint(normalize_rc(b2, sizeof b2, false), ==, SMIME_E_MALFORMED);
	g_assert_cmpint(normalize_rc(b3, sizeof b3, false), ==, SMIME_E_MALFORMED);
	g_assert_cmpint(normalize_rc(b4, sizeof b4, false), ==, SMIME_E_MALFORMED);
	g_assert_cmpint(normalize_rc(b5, sizeof b5, false), ==, SMIME_E_MALFORMED);
	/* indefinite length on a primitive */
	static const uint8_t p1[] = { 0x04, 0x80, 0x41, 0x00, 0x00 };
	g_assert_cmpint(normalize_rc(p1, sizeof p1, false), ==, SMIME_E_MALFORMED);
	/* missing end-of-contents */
	static const uint8_t m1[] = { 0x30, 0x80, 0x05, 0x00 };
	static const uint8_t m2[] = { 0x30, 0x80, 0x30, 0x80, 0x00, 0x00 };
	static const uint8_t m3[] = { 0x30, 0x80, 0x00 };
	g_assert_cmpint(normalize_rc(m1, sizeof m1, false), ==, SMIME_E_MALFORMED);
	g_assert_cmpint(normalize_rc(m2, sizeof m2, false), ==, SMIME_E_MALFORMED);
	g_assert_cmpint(normalize_rc(m3, sizeof m3, false), ==, SMIME_E_MALFORMED);
	/* end-of-contents where none belongs, and with a length */
	static const uint8_t e1[] = { 0x30, 0x02, 0x00, 0x00 };
	static const uint8_t e2[] = { 0x30, 0x80, 0x00, 0x01, 0x00, 0x00, 0x00 };
	g_assert_cmpint(normalize_rc(e1, sizeof e1, false), ==, SMIME_E_MALFORMED);
	g_assert_cmpint(normalize_rc(e2, sizeof e2, false), ==, SMIME_E_MALFORMED);
	/* long-form tags: non-minimal first octet, too long */
	static const uint8_t l1[] = { 0x9f, 0x80, 0x01, 0x00 };
	static const uint8_t l2[] = { 0x9f, 0x81, 0x82, 0x83, 0x84, 0x05, 0x00 };
	g_assert_cmpint(normalize_rc(l1, sizeof l1, false), ==, SMIME_E_MALFORMED);
	g_assert_cmpint(normalize_rc(l2, sizeof l2, false), ==, SMIME_E_LIMIT);
	static const uint8_t l3[] = { 0x9f, 0x81, 0x82, 0x83, 0x04, 0x00 };
	g_assert_cmpint(normalize_rc(l3, sizeof l3, false), ==, SMIME_OK);

	/* trailing garbage, unless allowed (then only the first TLV) */
	static const uint8_t g1[] = { 0x30, 0x80, 0x05, 0x00, 0x00, 0x00, 0xff };
	static const uint8_t g1_out[] = { 0x30, 0x02, 0x05, 0x00 };
	g_assert_cmpint(normalize_rc(g1, sizeof g1, false), ==, SMIME_E_MALFORMED);
	smime_buf out = SMIME_BUF_INIT;
	g_assert_cmpint(smime_der__normalize(&out, g1, sizeof g1, true), ==, SMIME_OK);
	g_assert_cmpmem(out.data, out.len, g1_out, sizeof g1_out);
	smime_buf_free(&out);
	/* zero padding after the object is accepted, anything else is not */
	static const uint8_t g2[] = { 0x05, 0x00, 0x00, 0x00 };
	g_assert_cmpint(normalize_rc(g2, sizeof g2, false), ==, SMIME_OK);
	static const uint8_t g3[] = { 0x05, 0x00, 0x00, 0x01 };
	g_assert_cmpint(normalize_rc(g3, sizeof g3, false), ==, SMIME_E_MALFORMED);

	/* OBJECT IDENTIFIER: minimal subidentifiers only (X.690 8.19.2) */
	static const uint8_t o1[] = { 0x06, 0x03, 0x2a, 0x86, 0x48 };
	static const uint8_t o2[] = { 0x06, 0x04, 0x2a, 0x80, 0x86, 0x48 };
	static const uint8_t o3[] = { 0x06, 0x02, 0x2a, 0x86 };
	static const uint8_t o4[] = { 0x06, 0x00 };
	g_assert_cmpint(normalize_rc(o1, sizeof o1, false), ==, SMIME_OK);
	g_assert_cmpint(normalize_rc(o2, sizeof o2, false), ==, SMIME_E_MALFORMED);
	g_assert_cmpint(normalize_rc(o3, sizeof o3, false), ==, SMIME_E_MALFORMED);
	g_assert_cmpint(normalize_rc(o4, sizeof o4, false), ==, SMIME_E_MALFORMED);

	/* arguments */
	g_assert_cmpint(smime_der__normalize(NULL, g2, sizeof g2, false), ==,
			SMIME_E_INVALID_ARGUMENT);
	g_assert_cmpint(smime_der__normalize(&out, NULL, 3, false), ==,
			SMIME_E_INVALID_ARGUMENT);
}

static void test_normalize_depth(void)
{
	/* 10,000 nested indefinite SEQUENCEs */
	const size_t n = 10000;
	uint8_t *in = g_malloc(n * 4);
	for (size_t i = 0; i < n; i++) {
		in[2 * i] = 0x30;
		in[2 * i + 1] = 0x80;
	}
	memset(in + 2 * n, 0, 2 * n);
	g_assert_cmpint(normalize_rc(in, n * 4, false), ==, SMIME_E_LIMIT);
	/* without the EOCs too */
	g_assert_cmpint(normalize_rc(in, n * 2, false), ==, SMIME_E_LIMIT);
	g_free(in);
	/* and definite lengths, one level too deep */
	GByteArray *def = g_byte_array_new();
	for (size_t i = 0; i <= SMIME_DER_MAX_DEPTH; i++) {
		uint8_t hdr[4] = { 0x30 };
		guint hl = 2;
		if (def->len < 0x80) {
			hdr[1] = (uint8_t)def->len;
		} else {
			hdr[1] = 0x82;
			hdr[2] = (uint8_t)(def->len >> 8);
			hdr[3] = (uint8_t)def->len;
			hl = 4;
		}
		g_byte_array_prepend(def, hdr, hl);
	}
	g_assert_cmpint(normalize_rc(def->data, def->len, false), ==, SMIME_E_LIMIT);
	/* one level less is DER, unchanged */
	g_assert_cmpint(normalize_rc(def->data + 4, def->len - 4, false), ==, SMIME_OK);
	g_byte_array_unref(def);

	/* exactly the limit is fine */
	const size_t d = SMIME_DER_MAX_DEPTH;
	uint8_t *ok = g_malloc(d * 4);
	uint8_t *expect = g_malloc(d * 2);
	for (size_t i = 0; i < d; i++) {
		ok[2 * i] = 0x30;
		ok[2 * i + 1] = 0x80;
		expect[2 * i] = 0x30;
		expect[2 * i + 1] = (uint8_t)(2 * (d - 1 - i));
	}
	memset(ok + 2 * d, 0, 2 * d);
	assert_normalizes(ok, d * 4, expect, d * 2);
	g_free(ok);
	g_free(expect);
}

static void test_normalize_elements(void)
{
	/* one SEQUENCE with more NULLs than the element limit */
	const size_t n = SMIME_DER_MAX_ELEMENTS + 1;
	const size_t len = 6 + 2 * n;
	uint8_t *in = g_malloc0(len);
	in[0] = 0x30;
	in[1] = 0x84;
	in[2] = (uint8_t)((2 * n) >> 24);
	in[3] = (uint8_t)((2 * n) >> 16);
	in[4] = (uint8_t)((2 * n) >> 8);
	in[5] = (uint8_t)(2 * n);
	for (size_t i = 0; i < n; i++)
		in[6 + 2 * i] = 0x05;
	g_assert_cmpint(normalize_rc(in, len, false), ==, SMIME_E_LIMIT);
	/* one fewer fits (the SEQUENCE itself counts) */
	in[2] = (uint8_t)((2 * (n - 2)) >> 24);
	in[3] = (uint8_t)((2 * (n - 2)) >> 16);
	in[4] = (uint8_t)((2 * (n - 2)) >> 8);
	in[5] = (uint8_t)(2 * (n - 2));
	g_assert_cmpint(normalize_rc(in, len - 4, false), ==, SMIME_OK);
	g_free(in);
}

static void test_tlv_len(void)
{
	size_t n = 0;
	static const uint8_t a[] = { 0x30, 0x03, 0x02, 0x01, 0x05, 0xff };
	g_assert_cmpint(smime_der__tlv_len(a, sizeof a, &n), ==, SMIME_OK);
	g_assert_cmpuint(n, ==, 5);
	static const uint8_t b[] = { 0x04, 0x82, 0x01, 0x00 };
	g_assert_cmpint(smime_der__tlv_len(b, sizeof b, &n), ==, SMIME_E_MALFORMED);
	static const uint8_t c[] = { 0x30, 0x80, 0x00, 0x00 };
	g_assert_cmpint(smime_der__tlv_len(c, sizeof c, &n), ==, SMIME_E_MALFORMED);
	g_assert_cmpint(smime_der__tlv_len(c, 0, &n), ==, SMIME_E_MALFORMED);
	static const uint8_t d[] = { 0x9f, 0x81, 0x01, 0x01, 0x00, 0x41 };
	g_assert_cmpint(smime_der__tlv_len(d, sizeof d, &n), ==, SMIME_OK);
	g_assert_cmpuint(n, ==, 5);
}

/* ------------------------------------------------------------------ */
/* real files                                                           */
/* ------------------------------------------------------------------ */

static void test_file_rfc4134_data(void)
{
	/* 3.1 (BER: indefinite, chunked OCTET STRING) normalises to 3.2 */
	size_t len31, len32;
	GBytes *b31 = load("rfc4134-3.1.bin"), *b32 = load("rfc4134-3.2.bin");
	const uint8_t *p31 = bdata(b31, &len31), *p32 = bdata(b32, &len32);
	assert_normalizes(p31, len31, p32, len32);

	smime_buf der = SMIME_BUF_INIT, v = SMIME_BUF_INIT;
	asn1_node ci = decode_file("rfc4134-3.1.bin", "CMS.ContentInfo", &der);
	assert_oid(ci, "contentType", OID_DATA);
	asn1_node os = decode_inner(ci, "content", "CMS.MessageDigest", &v);
	g_assert_cmpint(smime_der__read(&v, os, ""), ==, SMIME_OK);
	g_assert_cmpmem(v.data, v.len, "This is some sample content.", 28);
	smime_der__free(&os);
	smime_der__free(&ci);
	smime_buf_free(&v);
	smime_buf_free(&der);
	g_bytes_unref(b31);
	g_bytes_unref(b32);
}

static void test_file_rfc4134_signed(void)
{
	smime_buf der = SMIME_BUF_INIT, sdder = SMIME_BUF_INIT, v = SMIME_BUF_INIT;
	asn1_node ci = decode_file("rfc4134-4.2.bin", "CMS.ContentInfo", &der);
	assert_oid(ci, "contentType", OID_SIGNED_DATA);
	asn1_node sd = decode_inner(ci, "content", "CMS.SignedData", &sdder);

	g_assert_cmpuint(read_uint(sd, "version"), ==, 1);
	g_assert_cmpuint(count(sd, "digestAlgorithms"), ==, 1);
	assert_oid(sd, "digestAlgorithms.?1.algorithm", "1.3.14.3.2.26");
	g_assert_cmpint(smime_der__read(&v, sd, "encapContentInfo.eContent"), ==, SMIME_OK);
	g_assert_cmpmem(v.data, v.len, "This is some sample content.", 28);

	/* the certificate comes out as its exact TLV */
	g_assert_cmpuint(count(sd, "certificates"), ==, 1);
	assert_choice(sd, "certificates.?1", "certificate");
	g_assert_cmpint(smime_der__read(&v, sd, "certificates.?1.certificate"), ==,
			SMIME_OK);
	size_t clen;
	GBytes *cert = load("rfc4134-AliceRSASignByCarl.cer");
	const uint8_t *cp = bdata(cert, &clen);
	g_assert_cmpmem(v.data, v.len, cp, clen);
	/* and its range points at the same bytes */
	size_t start, end;
	g_assert_cmpint(smime_der__range(sd, sdder.data, sdder.len,
					 "certificates.?1.certificate", &start, &end),
			==, SMIME_OK);
	g_assert_cmpmem(sdder.data + start, end - start, cp, clen);
	g_bytes_unref(cert);

	g_assert_false(smime_der__exists(sd, "crls"));
	g_assert_cmpuint(count(sd, "signerInfos"), ==, 1);
	assert_choice(sd, "signerInfos.?1.sid", "issuerAndSerialNumber");
	g_assert_false(smime_der__exists(sd, "signerInfos.?1.signedAttrs"));
	assert_oid(sd, "signerInfos.?1.signatureAlgorithm.algorithm", OID_RSA);
	g_assert_cmpint(smime_der__read(&v, sd, "signerInfos.?1.signature"), ==, SMIME_OK);
	g_assert_cmpuint(v.len, ==, 128);

	smime_der__free(&sd);
	smime_der__free(&ci);
	smime_buf_free(&v);
	smime_buf_free(&sdder);
	smime_buf_free(&der);
}

static void test_file_ber_vs_der(void)
{
	smime_buf bder = SMIME_BUF_INIT, dder = SMIME_BUF_INIT;
	smime_buf bsd = SMIME_BUF_INIT, dsd = SMIME_BUF_INIT;
	smime_buf a = SMIME_BUF_INIT, b = SMIME_BUF_INIT;
	asn1_node bci = decode_file("cms_ber.bin", "CMS.ContentInfo", &bder);
	asn1_node dci = decode_file("cms_der.bin", "CMS.ContentInfo", &dder);
	asn1_node bs = decode_inner(bci, "content", "CMS.SignedData", &bsd);
	asn1_node ds = decode_inner(dci, "content", "CMS.SignedData", &dsd);

	/* The two files were signed with different (freshly made) keys and
	 * certificates; up to the certificates, the normalised BER file is
	 * the DER file byte for byte, and it has the same length. */
	g_assert_cmpuint(bder.len, ==, dder.len);
	size_t cs, ce;
	g_assert_cmpint(smime_der__range(ds, dsd.data, dsd.len, "certificates", &cs, &ce),
			==, SMIME_OK);
	g_assert_cmpuint(cs, >, 10034);
	/* the SignedData is the last thing in the ContentInfo */
	size_t sd_off = dder.len - dsd.len;
	g_assert_cmpmem(dder.data + sd_off, dsd.len, dsd.data, dsd.len);
	g_assert_cmpmem(bder.data, sd_off + cs, dder.data, sd_off + cs);

	static const char *const paths[] = {
		"version", "digestAlgorithms.?1.algorithm", "encapContentInfo.eContentType",
		"encapContentInfo.eContent", "signerInfos.?1.version",
		"signerInfos.?1.digestAlgorithm", "signerInfos.?1.signatureAlgorithm",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(paths); i++) {
		int ra = smime_der__read(&a, bs, paths[i]);
		int rb = smime_der__read(&b, ds, paths[i]);
		g_assert_cmpint(ra, ==, rb);
		if (ra == SMIME_OK)
			g_assert_cmpmem(a.data, a.len, b.data, b.len);
	}
	g_assert_cmpint(smime_der__read(&a, bs, "encapContentInfo.eContent"), ==, SMIME_OK);
	g_assert_cmpuint(a.len, ==, 10034);
	g_assert_cmpuint(count(bs, "certificates"), ==, count(ds, "certificates"));
	g_assert_cmpuint(count(bs, "signerInfos"), ==, 1);
	g_assert_cmpuint(count(ds, "signerInfos"), ==, 1);
	g_assert_true(smime_der__exists(bs, "signerInfos.?1.signedAttrs"));
	{
		size_t s1, e1, s2, e2;
		g_assert_cmpint(smime_der__range(bs, bsd.data, bsd.len,
						 "signerInfos.?1.signedAttrs", &s1, &e1),
				==, SMIME_OK);
		g_assert_cmpint(smime_der__range(ds, dsd.data, dsd.len,
						 "signerInfos.?1.signedAttrs", &s2, &e2),
				==, SMIME_OK);
		g_assert_cmpuint(bsd.data[s1], ==, 0xa0);
		g_assert_cmpuint(dsd.data[s2], ==, 0xa0);
		/* the signed attributes of the BER file were definite-length:
		 * they come out of the normaliser as received */
		size_t olen;
		GBytes *orig = load("cms_ber.bin");
		const uint8_t *op = bdata(orig, &olen);
		g_assert_nonnull(memmem(op, olen, bsd.data + s1, e1 - s1));
		g_bytes_unref(orig);
	}

	smime_der__free(&bs);
	smime_der__free(&ds);
	smime_der__free(&bci);
	smime_der__free(&dci);
	smime_buf_free(&a);
	smime_buf_free(&b);
	smime_buf_free(&bsd);
	smime_buf_free(&dsd);
	smime_buf_free(&bder);
	smime_buf_free(&dder);
}

static void check_enveloped(const char *file, unsigned long version,
			    const char *rid_choice, const char *cipher_oid,
			    size_t content_len)
{
	smime_buf der = SMIME_BUF_INIT, ed_der = SMIME_BUF_INIT, v = SMIME_BUF_INIT;
	asn1_node ci = decode_file(file, "CMS.ContentInfo", &der);
	assert_oid(ci, "contentType", OID_ENVELOPED_DATA);
	asn1_node ed = decode_inner(ci, "content", "CMS.EnvelopedData", &ed_der);

	g_assert_cmpuint(read_uint(ed, "version"), ==, version);
	g_assert_false(smime_der__exists(ed, "originatorInfo"));
	g_assert_cmpuint(count(ed, "recipientInfos"), ==, 1);
	assert_choice(ed, "recipientInfos.?1", "ktri");
	assert_choice(ed, "recipientInfos.?1.ktri.rid", rid_choice);
	g_assert_cmpint(smime_der__read(&v, ed, "recipientInfos.?1.ktri.encryptedKey"),
			==, SMIME_OK);
	g_assert_cmpuint(v.len, ==, 256);
	assert_oid(ed, "encryptedContentInfo.contentType", OID_DATA);
	assert_oid(ed, "encryptedContentInfo.contentEncryptionAlgorithm.algorithm",
		   cipher_oid);
	/* the IV, as the TLV of the ANY parameters */
	g_assert_cmpint(smime_der__read(&v, ed,
					"encryptedContentInfo.contentEncryptionAlgorithm.parameters"),
			==, SMIME_OK);
	g_assert_cmpuint(v.len, ==, 18);
	g_assert_cmpuint(v.data[0], ==, 0x04);
	/* the chunks of the [0] IMPLICIT OCTET STRING come out as one */
	g_assert_cmpint(smime_der__read(&v, ed, "encryptedContentInfo.encryptedContent"),
			==, SMIME_OK);
	g_assert_cmpuint(v.len, ==, content_len);
	g_assert_false(smime_der__exists(ed, "unprotectedAttrs"));

	smime_der__free(&ed);
	smime_der__free(&ci);
	smime_buf_free(&v);
	smime_buf_free(&ed_der);
	smime_buf_free(&der);
}

static void test_file_kms(void)
{
	/* AWS KMS: encryptedContent in chunks 1000+1000+1000+1000+112 */
	check_enveloped("kms_ciphertext_for_recipient_4.ber", 2, "subjectKeyIdentifier",
			"2.16.840.1.101.3.4.1.42", 4112);
}

static void test_file_openssl_stream(void)
{
	/* openssl cms -encrypt -stream: chunks 4096+1184+16 of AES-256-CBC
	 * over the 5280-byte plaintext */
	check_enveloped("openssl-stream-enveloped.ber", 0, "issuerAndSerialNumber",
			"2.16.840.1.101.3.4.1.42", 5296);

	/* the recipient's serial number is the certificate's */
	smime_buf der = SMIME_BUF_INIT, ed_der = SMIME_BUF_INIT, v = SMIME_BUF_INIT;
	asn1_node ci = decode_file("openssl-stream-enveloped.ber", "CMS.ContentInfo", &der);
	asn1_node ed = decode_inner(ci, "content", "CMS.EnvelopedData", &ed_der);
	g_assert_cmpint(smime_der__read(&v, ed,
		"recipientInfos.?1.ktri.rid.issuerAndSerialNumber.serialNumber"),
			==, SMIME_OK);
	static const uint8_t serial[] = {
		0x02, 0x44, 0x50, 0xe1, 0x12, 0xb5, 0xfd, 0x21, 0xb8, 0x9b,
		0x50, 0xc0, 0x29, 0x79, 0xd1, 0x6c, 0x00, 0xa6, 0x14, 0xc6,
	};
	g_assert_cmpmem(v.data, v.len, serial, sizeof serial);
	/* normalised twice is normalised once */
	smime_buf again = SMIME_BUF_INIT;
	g_assert_cmpint(smime_der__normalize(&again, der.data, der.len, false), ==,
			SMIME_OK);
	g_assert_cmpmem(again.data, again.len, der.data, der.len);
	smime_buf_free(&again);
	smime_der__free(&ed);
	smime_der__free(&ci);
	smime_buf_free(&v);
	smime_buf_free(&ed_der);
	smime_buf_free(&der);
}

static void test_file_pkcs7_content(void)
{
	/* PKCS #7 v1.5: the signed content is a SEQUENCE, not an OCTET STRING */
	smime_buf der = SMIME_BUF_INIT, sd_der = SMIME_BUF_INIT, v = SMIME_BUF_INIT;
	asn1_node ci = decode_file("apple_mdm_signature_der.bin", "CMS.ContentInfo", &der);
	asn1_node sd = NULL;

	assert_oid(ci, "contentType", OID_SIGNED_DATA);
	g_assert_cmpint(smime_der__read(&sd_der, ci, "content"), ==, SMIME_OK);
	g_assert_cmpint(smime_der__decode(&sd, "CMS.SignedData", sd_der.data, sd_der.len),
			==, SMIME_E_MALFORMED);
	g_assert_null(sd);
	g_assert_cmpint(smime_der__decode(&sd, "CMS.PKCS7SignedData", sd_der.data,
					  sd_der.len), ==, SMIME_OK);
	assert_oid(sd, "encapContentInfo.eContentType", OID_DATA);
	g_assert_cmpint(smime_der__read(&v, sd, "encapContentInfo.eContent"), ==, SMIME_OK);
	g_assert_cmpuint(v.data[0], ==, 0x30);
	g_assert_cmpuint(v.len, ==, 1097);
	g_assert_cmpuint(count(sd, "signerInfos"), ==, 1);
	smime_der__free(&sd);
	smime_der__free(&ci);
	smime_buf_free(&v);
	smime_buf_free(&sd_der);
	smime_buf_free(&der);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/der/definitions/once", test_definitions);
	g_test_add_func("/der/definitions/threads", test_definitions_threads);
	g_test_add_func("/der/module/types", test_module_types);
	g_test_add_func("/der/err", test_err_map);
	g_test_add_func("/der/roundtrip/signed-data", test_roundtrip_signed_data);
	g_test_add_func("/der/roundtrip/misc", test_write_read_misc);
	g_test_add_func("/der/roundtrip/uint", test_uint);
	g_test_add_func("/der/time/write", test_time_write);
	g_test_add_func("/der/time/read", test_time_read);
	g_test_add_func("/der/normalize/indefinite", test_normalize_indefinite);
	g_test_add_func("/der/normalize/long-content", test_normalize_long_content);
	g_test_add_func("/der/normalize/chunked", test_normalize_chunked);
	g_test_add_func("/der/normalize/der-unchanged", test_normalize_der_unchanged);
	g_test_add_func("/der/normalize/reject", test_normalize_reject);
	g_test_add_func("/der/normalize/depth", test_normalize_depth);
	g_test_add_func("/der/normalize/elements", test_normalize_elements);
	g_test_add_func("/der/tlv-len", test_tlv_len);
	g_test_add_func("/der/file/rfc4134-data", test_file_rfc4134_data);
	g_test_add_func("/der/file/rfc4134-signed", test_file_rfc4134_signed);
	g_test_add_func("/der/file/ber-vs-der", test_file_ber_vs_der);
	g_test_add_func("/der/file/kms-chunked", test_file_kms);
	g_test_add_func("/der/file/openssl-stream", test_file_openssl_stream);
	g_test_add_func("/der/file/pkcs7-content", test_file_pkcs7_content);
	return g_test_run();
}
