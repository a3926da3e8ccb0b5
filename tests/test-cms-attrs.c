/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Signed attributes of SignerInfo: the SMIMEEncryptionKeyPreference that
 * libsmime emits and reads (RFC 8551 §2.5.3), and the PKCS #7 leniency of
 * its reader (explicitly tagged attribute sets, SignerInfos as a
 * SEQUENCE), proven by signatures that verify over the bytes it picks. */
#include <glib.h>
#include <string.h>

#include "cms/cms.h"
#include "cms/signature-alg.h"
#include "smime.h"
#include "smime/api.h"
#include "testlib.h"

/* ------------------------------------------------------------------ */
/* A small TLV walker, independent of the library, for the byte surgery */
/* ------------------------------------------------------------------ */

typedef struct {
	size_t hdr;
	size_t len;
} t_tlv;

static t_tlv tlv_at(const uint8_t *p, size_t avail)
{
	t_tlv t = { 2, 0 };

	g_assert_cmpuint(avail, >=, 2);
	if (p[1] < 0x80) {
		t.len = p[1];
	} else {
		size_t k = p[1] & 0x7f;
		g_assert_cmpuint(k, >=, 1);
		g_assert_cmpuint(k, <=, 4);
		g_assert_cmpuint(avail, >=, 2 + k);
		for (size_t i = 0; i < k; i++)
			t.len = t.len << 8 | p[2 + i];
		t.hdr += k;
	}
	g_assert_cmpuint(t.len, <=, avail - t.hdr);
	return t;
}

/* smime_der__wrap() into a GByteArray. */
static void put_tlv(GByteArray *out, uint8_t tag, const uint8_t *content, size_t len)
{
	smime_buf b = SMIME_BUF_INIT;

	g_assert_cmpint(smime_der__wrap(&b, tag, content, len), ==, SMIME_OK);
	g_byte_array_append(out, b.data, (guint)b.len);
	smime_buf_free(&b);
}

/* Number of children of the constructed TLV at p. */
static int child_count(const uint8_t *p, size_t len)
{
	t_tlv t = tlv_at(p, len);
	int n = 0;

	for (size_t off = 0; off < t.len; n++) {
		t_tlv c = tlv_at(p + t.hdr + off, t.len - off);
		off += c.hdr + c.len;
	}
	return n;
}

/* The element reached from the TLV at p by the child indices idx[0..n);
 * a negative index counts from the end (-1: the last child). */
static const uint8_t *find_at(const uint8_t *p, size_t len, const int *idx, size_t n,
			      size_t *elen)
{
	t_tlv t = tlv_at(p, len);
	size_t off = 0;
	int want;

	if (n == 0) {
		*elen = t.hdr + t.len;
		return p;
	}
	want = idx[0] < 0 ? child_count(p, len) + idx[0] : idx[0];
	for (int i = 0; off < t.len; i++) {
		const uint8_t *c = p + t.hdr + off;
		t_tlv ct = tlv_at(c, t.len - off);
		if (i == want)
			return find_at(c, ct.hdr + ct.len, idx + 1, n - 1, elen);
		off += ct.hdr + ct.len;
	}
	g_assert_not_reached();
	return NULL;
}

/* The TLV at p with the element at idx[0..n) replaced by repl, every
 * enclosing length re-encoded. */
static GByteArray *replace_at(const uint8_t *p, size_t len, const int *idx, size_t n,
			      const uint8_t *repl, size_t rlen)
{
	GByteArray *out = g_byte_array_new(), *body;
	t_tlv t = tlv_at(p, len);
	size_t off = 0;
	int want;

	if (n == 0) {
		g_byte_array_append(out, repl, (guint)rlen);
		return out;
	}
	body = g_byte_array_new();
	want = idx[0] < 0 ? child_count(p, len) + idx[0] : idx[0];
	for (int i = 0; off < t.len; i++) {
		const uint8_t *c = p + t.hdr + off;
		t_tlv ct = tlv_at(c, t.len - off);
		if (i == want) {
			GByteArray *sub = replace_at(c, ct.hdr + ct.len, idx + 1, n - 1, repl, rlen);
			g_byte_array_append(body, sub->data, sub->len);
			g_byte_array_unref(sub);
		} else {
			g_byte_array_append(body, c, (guint)(ct.hdr + ct.len));
		}
		off += ct.hdr + ct.len;
	}
	put_tlv(out, p[0], body->data, body->len);
	g_byte_array_unref(body);
	return out;
}

/* ContentInfo { oid, [0] { SignedData { ..., signerInfos { SignerInfo {
 * version, sid, digestAlgorithm, signedAttrs ... */
static const int PATH_SIGNER_INFOS[] = { 1, 0, -1 };
static const int PATH_SIGNED_ATTRS[] = { 1, 0, -1, 0, 3 };

/* ------------------------------------------------------------------ */
/* Helpers                                                              */
/* ------------------------------------------------------------------ */

static smime_cert *pki_cert(const char *name)
{
	return load_cert_file(data_path("pki", name));
}

static smime_key *pki_key(const char *name)
{
	return load_key_file(data_path("pki", name));
}

/* A DER SignedData by alice over a short text, with options. */
static void sign_alice(smime_buf *out, unsigned sign_flags, const smime_signer_options *so,
		       int want)
{
	smime_sign_options opts = SMIME_SIGN_OPTIONS_INIT;
	smime_cert *alice = pki_cert("alice.crt");
	smime_key *key = pki_key("alice.key");
	smime_sign *s = NULL;
	static const char text[] = "encrypt to me, please\r\n";
	int rc;

	opts.flags = sign_flags;
	opts.outform = SMIME_FORMAT_DER;
	g_assert_cmpint(smime_sign_new(&s, &opts), ==, SMIME_OK);
	rc = smime_sign_add_signer_full(s, alice, key, so);
	g_assert_cmpint(rc, ==, want);
	if (rc == SMIME_OK) {
		g_assert_cmpint(smime_sign_update(s, text, sizeof text - 1), ==, SMIME_OK);
		g_assert_cmpint(smime_sign_finish(out, s), ==, SMIME_OK);
	}
	smime_sign_free(s);
	smime_key_free(key);
	smime_cert_free(alice);
}

/* Decodes the SignedData of a ContentInfo. */
static asn1_node signed_data_of(const smime_buf *msg, smime_content_info *ci)
{
	asn1_node sd = NULL;
	bool pkcs7;

	g_assert_cmpint(smime_cms__content_info_decode(ci, msg->data, msg->len), ==, SMIME_OK);
	g_assert_cmpint(ci->type, ==, SMIME_OID_SIGNED_DATA);
	g_assert_cmpint(smime_cms__signed_data_decode(&sd, &pkcs7, ci->content.data,
						      ci->content.len), ==, SMIME_OK);
	g_assert_false(pkcs7);
	return sd;
}

/* The one value of the encryption key preference of the first signer. */
static void enc_pref_value(smime_buf *value, asn1_node sd)
{
	unsigned index = 0, count = 0, values = 0;
	char path[96];

	g_assert_cmpint(smime_cms__attr_find(sd, "signerInfos.?1.signedAttrs",
					     SMIME_OID_ATTR_ENC_KEY_PREF, &index, &count), ==, SMIME_OK);
	g_assert_cmpuint(count, ==, 1);
	snprintf(path, sizeof path, "signerInfos.?1.signedAttrs.?%u.attrValues", index);
	g_assert_cmpint(smime_der__count(sd, path, &values), ==, SMIME_OK);
	g_assert_cmpuint(values, ==, 1);
	snprintf(path, sizeof path, "signerInfos.?1.signedAttrs.?%u.attrValues.?1", index);
	g_assert_cmpint(smime_der__read(value, sd, path), ==, SMIME_OK);
	/* Microsoft's attribute is never written */
	g_assert_cmpint(smime_cms__attr_find(sd, "signerInfos.?1.signedAttrs",
					     SMIME_OID_ATTR_MS_ENC_KEY_PREF, &index, &count), ==, SMIME_OK);
	g_assert_cmpuint(count, ==, 0);
}

/* The message carries cert among its certificates. */
static void assert_carries(asn1_node sd, const smime_cert *cert)
{
	unsigned n = 0;
	bool found = false;
	const uint8_t *der;
	size_t len;
	char path[64];

	smime_cert__der(cert, &der, &len);
	g_assert_cmpint(smime_der__count(sd, "certificates", &n), ==, SMIME_OK);
	for (unsigned i = 1; i <= n && !found; i++) {
		smime_buf c = SMIME_BUF_INIT;
		snprintf(path, sizeof path, "certificates.?%u.certificate", i);
		g_assert_cmpint(smime_der__read(&c, sd, path), ==, SMIME_OK);
		found = c.len == len && memcmp(c.data, der, len) == 0;
		smime_buf_free(&c);
	}
	g_assert_true(found);
}

/* The signed attributes are in DER SET OF order: each attribute's
 * encoding is not greater than the next one's (X.690 11.6). */
static void assert_der_set_order(const smime_buf *msg)
{
	size_t alen;
	const uint8_t *a = find_at(msg->data, msg->len, PATH_SIGNED_ATTRS,
				   G_N_ELEMENTS(PATH_SIGNED_ATTRS), &alen);
	t_tlv t = tlv_at(a, alen);
	const uint8_t *prev = NULL;
	size_t prev_len = 0, off = 0;
	int n = 0;

	g_assert_cmphex(a[0], ==, 0xA0);
	while (off < t.len) {
		const uint8_t *c = a + t.hdr + off;
		t_tlv ct = tlv_at(c, t.len - off);
		size_t clen = ct.hdr + ct.len;
		if (prev != NULL) {
			size_t m = MIN(prev_len, clen);
			int cmp = memcmp(prev, c, m);
			g_assert_true(cmp < 0 || (cmp == 0 && prev_len <= clen));
		}
		prev = c;
		prev_len = clen;
		off += clen;
		n++;
	}
	g_assert_cmpint(n, ==, 7); /* six of libsmime's and the preference */
}

/* Verifies a DER SignedData message at the cms level (signatures only). */
static void cms_verify(smime_signed_data_result *res, const smime_buf *msg,
		       const uint8_t *detached, size_t detached_len, bool legacy)
{
	smime_content_info ci;
	smime_verify_params params = { 0 };

	params.no_chain = true;
	params.allow_legacy = legacy;
	g_assert_cmpint(smime_cms__content_info_decode(&ci, msg->data, msg->len), ==, SMIME_OK);
	g_assert_cmpint(smime_cms__signed_data_verify(res, ci.content.data, ci.content.len,
						      detached, detached_len, &params), ==, SMIME_OK);
	smime_cms__content_info_clear(&ci);
}

static bool same_cert(const smime_cert *a, const smime_cert *b)
{
	const uint8_t *x, *y;
	size_t xl, yl;

	if (a == NULL || b == NULL)
		return false;
	smime_cert__der(a, &x, &xl);
	smime_cert__der(b, &y, &yl);
	return xl == yl && memcmp(x, y, xl) == 0;
}

/* ------------------------------------------------------------------ */
/* SMIMEEncryptionKeyPreference                                         */
/* ------------------------------------------------------------------ */

static void test_enc_pref_issuer_serial(void)
{
	smime_signer_options so = SMIME_SIGNER_OPTIONS_INIT;
	smime_cert *bob = pki_cert("bob.crt");
	smime_buf msg = SMIME_BUF_INIT, value = SMIME_BUF_INIT, issuer = SMIME_BUF_INIT,
		  serial = SMIME_BUF_INIT;
	smime_content_info ci;
	smime_signed_data_result res;
	asn1_node sd, pref = NULL;
	const uint8_t *want_issuer, *want_serial;
	size_t ilen, slen;
	char choice[64];

	g_assert_cmpuint(SMIME_SIGNER_OPTIONS_VERSION, ==, 2);
	so.encryption_cert = bob;
	sign_alice(&msg, 0, &so, SMIME_OK);
	sd = signed_data_of(&msg, &ci);
	enc_pref_value(&value, sd);
	/* parse the value back: [0] IssuerAndSerialNumber of bob */
	g_assert_cmphex(value.data[0], ==, 0xA0);
	g_assert_cmpint(smime_der__decode(&pref, "CMS.SMIMEEncryptionKeyPreference", value.data,
					  value.len), ==, SMIME_OK);
	g_assert_cmpint(smime_der__read_choice(pref, "", choice, sizeof choice), ==, SMIME_OK);
	g_assert_cmpstr(choice, ==, "issuerAndSerialNumber");
	g_assert_cmpint(smime_der__read(&issuer, pref, "issuerAndSerialNumber.issuer"), ==, SMIME_OK);
	g_assert_cmpint(smime_der__read(&serial, pref, "issuerAndSerialNumber.serialNumber"), ==,
			SMIME_OK);
	smime_cert__issuer_der(bob, &want_issuer, &ilen);
	smime_cert__serial(bob, &want_serial, &slen);
	g_assert_cmpmem(issuer.data, issuer.len, want_issuer, ilen);
	g_assert_cmpmem(serial.data, serial.len, want_serial, slen);
	assert_hex(serial.data, serial.len, "0b0b");
	/* RFC 8551 §2.5.3: the certificate travels with the message */
	assert_carries(sd, bob);
	assert_der_set_order(&msg);

	/* the reader finds it again, and the signature verifies */
	cms_verify(&res, &msg, NULL, 0, false);
	g_assert_cmpuint(res.signer_count, ==, 1);
	g_assert_cmpint(res.signers[0].status, ==, SMIME_OK);
	g_assert_true(res.signers[0].has_enc_pref);
	g_assert_cmpint(res.signers[0].enc_pref_kind, ==, SMIME_ENC_PREF_ISSUER_SERIAL);
	g_assert_true(same_cert(res.signers[0].enc_pref_cert, bob));
	g_assert_cmpuint(res.signers[0].lenient, ==, 0);
	g_assert_cmpstr(res.signers[0].note, ==, "");
	smime_cms__signed_data_result_clear(&res);

	smime_der__free(&pref);
	smime_der__free(&sd);
	smime_cms__content_info_clear(&ci);
	smime_buf_free(&issuer);
	smime_buf_free(&serial);
	smime_buf_free(&value);
	smime_buf_free(&msg);
	smime_cert_free(bob);
}

static void test_enc_pref_ski(void)
{
	smime_signer_options so = SMIME_SIGNER_OPTIONS_INIT;
	smime_cert *bob = pki_cert("bob.crt");
	smime_buf msg = SMIME_BUF_INIT, value = SMIME_BUF_INIT, kid = SMIME_BUF_INIT,
		  ski = SMIME_BUF_INIT, text = SMIME_BUF_INIT;
	smime_content_info ci;
	smime_signed_data_result res;
	asn1_node sd, pref = NULL;
	char choice[64];

	so.flags = SMIME_SIGNER_SKI;
	so.encryption_cert = bob;
	sign_alice(&msg, SMIME_SIGN_NO_CERTS, &so, SMIME_OK);
	sd = signed_data_of(&msg, &ci);
	enc_pref_value(&value, sd);
	g_assert_cmphex(value.data[0], ==, 0x82); /* [2] IMPLICIT OCTET STRING */
	g_assert_cmpint(smime_der__decode(&pref, "CMS.SMIMEEncryptionKeyPreference", value.data,
					  value.len), ==, SMIME_OK);
	g_assert_cmpint(smime_der__read_choice(pref, "", choice, sizeof choice), ==, SMIME_OK);
	g_assert_cmpstr(choice, ==, "subjectAltKeyIdentifier");
	g_assert_cmpint(smime_der__read(&kid, pref, "subjectAltKeyIdentifier"), ==, SMIME_OK);
	g_assert_cmpint(smime_cert__ski(bob, &ski), ==, SMIME_OK);
	g_assert_cmpmem(kid.data, kid.len, ski.data, ski.len);
	/* --no-certs: no certificates at all */
	g_assert_false(smime_der__exists(sd, "certificates"));

	/* inspect shows the key identifier */
	g_assert_cmpint(smime_inspect(&text, SMIME_FORMAT_DER, msg.data, msg.len), ==, SMIME_OK);
	g_assert_nonnull(strstr((char *)text.data, "smimeEncryptionKeyPreference"));
	g_assert_nonnull(strstr((char *)text.data, "value: subjectAltKeyIdentifier"));

	/* the reader needs the certificates from elsewhere */
	{
		smime_certs *extra = NULL;
		smime_cert *alice = pki_cert("alice.crt");
		smime_verify_params params = { 0 };
		smime_content_info c2;
		params.no_chain = true;
		g_assert_cmpint(smime_certs_new(&extra), ==, SMIME_OK);
		g_assert_cmpint(smime_certs_add(extra, alice), ==, SMIME_OK);
		g_assert_cmpint(smime_certs_add(extra, bob), ==, SMIME_OK);
		params.extra = extra;
		g_assert_cmpint(smime_cms__content_info_decode(&c2, msg.data, msg.len), ==, SMIME_OK);
		g_assert_cmpint(smime_cms__signed_data_verify(&res, c2.content.data, c2.content.len,
							      NULL, 0, &params), ==, SMIME_OK);
		g_assert_cmpint(res.signers[0].status, ==, SMIME_OK);
		g_assert_true(res.signers[0].has_enc_pref);
		g_assert_cmpint(res.signers[0].enc_pref_kind, ==, SMIME_ENC_PREF_SUBJECT_KEY_ID);
		g_assert_true(same_cert(res.signers[0].enc_pref_cert, bob));
		smime_cms__signed_data_result_clear(&res);
		smime_cms__content_info_clear(&c2);
		smime_certs_free(extra);
		smime_cert_free(alice);
	}

	smime_der__free(&pref);
	smime_der__free(&sd);
	smime_cms__content_info_clear(&ci);
	smime_buf_free(&kid);
	smime_buf_free(&ski);
	smime_buf_free(&value);
	smime_buf_free(&text);
	smime_buf_free(&msg);
	smime_cert_free(bob);
}

/* A signer by key identifier whose encryption certificate has none:
 * issuerAndSerialNumber. */
static void test_enc_pref_ski_fallback(void)
{
	smime_signer_options so = SMIME_SIGNER_OPTIONS_INIT;
	smime_cert *rsa = load_cert_file(data_path("cms-attrs", "rsa_cert.der"));
	smime_buf msg = SMIME_BUF_INIT, value = SMIME_BUF_INIT, ski = SMIME_BUF_INIT;
	smime_content_info ci;
	smime_enc_pref pref;
	asn1_node sd;

	g_assert_cmpint(smime_cert__ski(rsa, &ski), !=, SMIME_OK);
	so.flags = SMIME_SIGNER_SKI;
	so.encryption_cert = rsa;
	sign_alice(&msg, 0, &so, SMIME_OK);
	sd = signed_data_of(&msg, &ci);
	enc_pref_value(&value, sd);
	g_assert_cmpint(smime_cms__enc_pref_decode(&pref, value.data, value.len, false), ==,
			SMIME_OK);
	g_assert_cmpint(pref.kind, ==, SMIME_ENC_PREF_ISSUER_SERIAL);
	assert_hex(pref.serial.data, pref.serial.len, "00e9d6ad7970133c5a");
	smime_cms__enc_pref_clear(&pref);
	smime_der__free(&sd);
	smime_cms__content_info_clear(&ci);
	smime_buf_free(&value);
	smime_buf_free(&ski);
	smime_buf_free(&msg);
	smime_cert_free(rsa);
}

/* Version 1 of the options structure is accepted and has no encryption
 * certificate; the preference is refused without signed attributes. */
static void test_enc_pref_options(void)
{
	smime_signer_options so = SMIME_SIGNER_OPTIONS_INIT;
	smime_cert *bob = pki_cert("bob.crt");
	smime_buf msg = SMIME_BUF_INIT;
	smime_content_info ci;
	unsigned index = 0, count = 0;
	asn1_node sd;

	so.struct_version = 1;
	so.encryption_cert = bob; /* past the end of a version-1 structure */
	sign_alice(&msg, 0, &so, SMIME_OK);
	sd = signed_data_of(&msg, &ci);
	g_assert_cmpint(smime_cms__attr_find(sd, "signerInfos.?1.signedAttrs",
					     SMIME_OID_ATTR_ENC_KEY_PREF, &index, &count), ==, SMIME_OK);
	g_assert_cmpuint(count, ==, 0);
	smime_der__free(&sd);
	smime_cms__content_info_clear(&ci);
	smime_buf_free(&msg);

	so.struct_version = 3;
	sign_alice(&msg, 0, &so, SMIME_E_INVALID_ARGUMENT);
	so.struct_version = SMIME_SIGNER_OPTIONS_VERSION;
	sign_alice(&msg, SMIME_SIGN_NO_ATTRIBUTES, &so, SMIME_E_INVALID_ARGUMENT);
	g_assert_null(msg.data);
	smime_cert_free(bob);
}

/* Messages of other clients: Thunderbird and Outlook-era mail carry the
 * RFC 8551 attribute and Microsoft's; both name the signer certificate. */
static void check_corpus_pref(const char *dir, const char *name, const char *serial_hex)
{
	smime_buf file = SMIME_BUF_INIT, text = SMIME_BUF_INIT, serial = SMIME_BUF_INIT;
	smime_input in;
	smime_signed_data_result res;
	char *want;

	read_file(&file, corpus_path(dir, name));
	g_assert_cmpint(smime_inspect(&text, SMIME_FORMAT_AUTO, file.data, file.len), ==, SMIME_OK);
	g_assert_nonnull(strstr((char *)text.data, "smimeEncryptionKeyPreference"));
	g_assert_nonnull(strstr((char *)text.data, "microsoftEncryptionKeyPreference"));
	want = g_strdup_printf("serialNumber: %s\n", serial_hex);
	g_assert_nonnull(strstr((char *)text.data, want));
	g_free(want);
	g_assert_nonnull(strstr((char *)text.data, "certificate: ["));

	g_assert_cmpint(smime_input__decode(&in, SMIME_FORMAT_AUTO, file.data, file.len), ==,
			SMIME_OK);
	g_assert_true(in.is_mime);
	{
		smime_buf msg = { in.der.data, in.der.len };
		cms_verify(&res, &msg, in.mime.content.data, in.mime.content.len, true);
	}
	g_assert_cmpuint(res.signer_count, ==, 1);
	g_assert_cmpint(res.signers[0].signature_status, ==, SMIME_OK);
	g_assert_true(res.signers[0].has_enc_pref);
	g_assert_cmpint(res.signers[0].enc_pref_kind, ==, SMIME_ENC_PREF_ISSUER_SERIAL);
	g_assert_nonnull(res.signers[0].enc_pref_cert);
	g_assert_cmpint(smime_cert_get_serial_hex(&serial, res.signers[0].enc_pref_cert), ==,
			SMIME_OK);
	g_assert_cmpstr((char *)serial.data, ==, serial_hex);
	/* here it is the signer's own certificate */
	g_assert_true(same_cert(res.signers[0].enc_pref_cert, res.signers[0].cert));
	smime_cms__signed_data_result_clear(&res);
	smime_input__clear(&in);
	smime_buf_free(&serial);
	smime_buf_free(&text);
	smime_buf_free(&file);
}

static void test_enc_pref_thunderbird(void)
{
	check_corpus_pref("mimekit-smime", "thunderbird-signed.txt", "0800f7");
}

static void test_enc_pref_embeddedmulti(void)
{
	check_corpus_pref("bc-java-smime", "embeddedmulti.message",
			  "4233aa57dbf3ab97a0d115fe0d6e99fa");
}

/* A repeated preference makes the signature fail (RFC 8551 §2.5.3: a
 * single instance with a single value). Built by signing attributes that
 * carry it twice. */
static void test_enc_pref_repeated(void)
{
	smime_cert *alice = pki_cert("alice.crt"), *bob = pki_cert("bob.crt");
	smime_key *key = pki_key("alice.key");
	smime_signer_spec spec = { 0 };
	smime_buf msg = SMIME_BUF_INIT, value = SMIME_BUF_INIT, der = SMIME_BUF_INIT,
		  attrs = SMIME_BUF_INIT, sig = SMIME_BUF_INIT;
	smime_content_info ci;
	smime_signed_data_result res;
	smime_sig_params sp;
	uint8_t hash[SMIME_DIGEST_MAX_SIZE];
	asn1_node sd;
	static const char text[] = "x";

	/* a normal message, then a second preference value added and the
	 * attributes signed again */
	spec.cert = alice;
	spec.key = key;
	spec.include_cert = true;
	spec.encryption_cert = bob;
	g_assert_cmpint(smime_cms__signed_data_create(&msg, &spec, 1, NULL, (const uint8_t *)text,
						      1, false, 0), ==, SMIME_OK);
	sd = signed_data_of(&msg, &ci);
	g_assert_cmpint(smime_cms__enc_pref_value(&value, bob, false), ==, SMIME_OK);
	g_assert_cmpint(smime_cms__attr_add(sd, "signerInfos.?1.signedAttrs",
					    SMIME_OID_ATTR_ENC_KEY_PREF, value.data, value.len), ==,
			SMIME_OK);
	g_assert_cmpint(smime_der__encode(&attrs, sd, "signerInfos.?1.signedAttrs"), ==, SMIME_OK);
	attrs.data[0] = 0x31;
	g_assert_cmpint(smime_cms__sig_choose(&sp, key, NULL, false), ==, SMIME_OK);
	smime_crypto__digest(sp.digest, attrs.data, attrs.len, hash);
	g_assert_cmpint(smime_cms__sig_sign(&sp, key, attrs.data, attrs.len, hash, &sig), ==,
			SMIME_OK);
	g_assert_cmpint(smime_der__write(sd, "signerInfos.?1.signature", sig.data, sig.len), ==,
			SMIME_OK);
	g_assert_cmpint(smime_der__encode(&der, sd, NULL), ==, SMIME_OK);
	smime_buf_free(&msg);
	g_assert_cmpint(smime_cms__content_info_encode(&msg, SMIME_OID_SIGNED_DATA, der.data,
						       der.len), ==, SMIME_OK);
	cms_verify(&res, &msg, NULL, 0, false);
	g_assert_cmpint(res.signers[0].status, ==, SMIME_E_MALFORMED);
	g_assert_nonnull(strstr(res.signers[0].detail, "SMIMEEncryptionKeyPreference"));
	g_assert_false(res.signers[0].has_enc_pref);
	smime_cms__signed_data_result_clear(&res);

	smime_der__free(&sd);
	smime_cms__content_info_clear(&ci);
	smime_buf_free(&msg);
	smime_buf_free(&value);
	smime_buf_free(&der);
	smime_buf_free(&attrs);
	smime_buf_free(&sig);
	smime_key_free(key);
	smime_cert_free(alice);
	smime_cert_free(bob);
}

/* ------------------------------------------------------------------ */
/* PKCS #7 leniency: the RustCrypto bare SignerInfos                    */
/* ------------------------------------------------------------------ */

/* The signature of the single SignerInfo of a bare SignerInfos file over
 * its signed attributes, computed the lenient way, checked with the key
 * of rsa_cert.der; expect_attrs is the TLV that must be signed. Then one
 * attribute byte changed must make it fail. */
static void check_bare_signer(const char *name, unsigned want_flags, const uint8_t *expect_attrs,
			      size_t expect_len)
{
	smime_buf file = SMIME_BUF_INIT, norm = SMIME_BUF_INIT, fixed = SMIME_BUF_INIT,
		  attrs = SMIME_BUF_INIT, sig = SMIME_BUF_INIT;
	smime_cert *cert = load_cert_file(data_path("cms-attrs", "rsa_cert.der"));
	unsigned flags[4] = { 0 };
	size_t count = 0;
	bool changed = false, weak = false;
	asn1_node node = NULL;
	smime_sig_params sp;
	uint8_t hash[SMIME_DIGEST_MAX_SIZE];
	const char *detail = "";

	read_file(&file, data_path("cms-attrs", name));
	/* strictly, it is not a SignerInfos */
	g_assert_cmpint(smime_der__decode(&node, "CMS.SignerInfos", file.data, file.len), ==,
			SMIME_E_MALFORMED);
	g_assert_cmpint(smime_der__normalize(&norm, file.data, file.len, false), ==, SMIME_OK);
	g_assert_cmpint(smime_cms__signer_infos_normalize(&fixed, &changed, flags, 4, &count,
							  norm.data, norm.len), ==, SMIME_OK);
	g_assert_true(changed);
	g_assert_cmpuint(count, ==, 1);
	g_assert_cmpuint(flags[0], ==, want_flags);
	g_assert_cmpint(smime_der__decode(&node, "CMS.SignerInfos", fixed.data, fixed.len), ==,
			SMIME_OK);
	g_assert_cmpint(smime_cms__signed_attrs_bytes(&attrs, node, fixed.data, fixed.len, "?1"),
			==, SMIME_OK);
	g_assert_cmpmem(attrs.data, attrs.len, expect_attrs, expect_len);

	g_assert_cmpint(smime_cms__sig_resolve(&sp, node, "?1.digestAlgorithm",
					       "?1.signatureAlgorithm", &detail), ==, SMIME_OK);
	g_assert_cmpint(sp.scheme, ==, SMIME_SIG_RSA_V15);
	g_assert_cmpint(sp.digest->id, ==, SMIME_DIGEST_SHA256);
	g_assert_cmpint(smime_der__read(&sig, node, "?1.signature"), ==, SMIME_OK);
	g_assert_cmpuint(sig.len, ==, 512);
	smime_crypto__digest(sp.digest, attrs.data, attrs.len, hash);
	g_assert_cmpint(smime_cms__sig_verify(&sp, cert, NULL, attrs.data, attrs.len, hash,
					      sig.data, sig.len, &weak, &detail), ==, SMIME_OK);
	g_assert_false(weak);

	/* negative control: the signing time's last digit changed */
	uint8_t *z = memchr(attrs.data, 'Z', attrs.len);
	g_assert_nonnull(z);
	z[-1] ^= 0x01;
	smime_crypto__digest(sp.digest, attrs.data, attrs.len, hash);
	g_assert_cmpint(smime_cms__sig_verify(&sp, cert, NULL, attrs.data, attrs.len, hash,
					      sig.data, sig.len, &weak, &detail), ==,
			SMIME_E_BAD_SIGNATURE);

	smime_der__free(&node);
	smime_buf_free(&file);
	smime_buf_free(&norm);
	smime_buf_free(&fixed);
	smime_buf_free(&attrs);
	smime_buf_free(&sig);
	smime_cert_free(cert);
}

static void test_lenient_explicit_attrs(void)
{
	smime_buf file = SMIME_BUF_INIT;
	size_t alen;
	static const int path[] = { 0, 3, 0 }; /* SET { SignerInfo { .., [0] { SET } } } */
	const uint8_t *inner;

	read_file(&file, data_path("cms-attrs", "signer_info_explicit_attrs.bin"));
	/* the bytes signed: the inner SET exactly as received */
	g_assert_cmphex(find_at(file.data, file.len, path, 2, &alen)[0], ==, 0xA0);
	inner = find_at(file.data, file.len, path, 3, &alen);
	g_assert_cmphex(inner[0], ==, 0x31);
	check_bare_signer("signer_info_explicit_attrs.bin", SMIME_CMS_LENIENT_EXPLICIT_SIGNED,
			  inner, alen);
	smime_buf_free(&file);
}

static void test_lenient_sequence_not_set(void)
{
	smime_buf file = SMIME_BUF_INIT;
	size_t alen;
	static const int path[] = { 0, 3 };
	const uint8_t *a;
	uint8_t *want;

	read_file(&file, data_path("cms-attrs", "signer_info_sequence_not_set.bin"));
	g_assert_cmphex(file.data[0], ==, 0x30);
	/* the bytes signed: the implicit [0] with the SET OF tag */
	a = find_at(file.data, file.len, path, 2, &alen);
	g_assert_cmphex(a[0], ==, 0xA0);
	want = g_memdup2(a, alen);
	want[0] = 0x31;
	check_bare_signer("signer_info_sequence_not_set.bin", SMIME_CMS_LENIENT_SEQUENCE, want,
			  alen);
	g_free(want);
	smime_buf_free(&file);
}

/* smime inspect reads both and shows the signer and the note. */
static void test_lenient_inspect(void)
{
	static const struct {
		const char *file;
		const char *note;
	} cases[] = {
		{ "signer_info_explicit_attrs.bin",
		  "note: signed attributes explicitly tagged (PKCS#7 leniency)" },
		{ "signer_info_sequence_not_set.bin",
		  "note: SignerInfos encoded as a SEQUENCE (PKCS#7 leniency)" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		smime_buf file = SMIME_BUF_INIT, text = SMIME_BUF_INIT;
		read_file(&file, data_path("cms-attrs", cases[i].file));
		g_assert_cmpint(smime_inspect(&text, SMIME_FORMAT_AUTO, file.data, file.len), ==,
				SMIME_OK);
		g_assert_nonnull(strstr((char *)text.data, "SignerInfos (not in a ContentInfo)"));
		g_assert_nonnull(strstr((char *)text.data, cases[i].note));
		g_assert_nonnull(strstr((char *)text.data, "serialNumber: 00e9d6ad7970133c5a"));
		g_assert_nonnull(strstr((char *)text.data, "CN=Test Cert"));
		g_assert_nonnull(strstr((char *)text.data, "messageDigest"));
		g_assert_nonnull(strstr((char *)text.data, "7202ffa8978c95f731c6d2e7b1b6a25e706561c05be24894ec7c1e358a469ff1"));
		g_assert_nonnull(strstr((char *)text.data, "signatureAlgorithm: rsaEncryption"));
		smime_buf_free(&text);
		/* --inform der too */
		g_assert_cmpint(smime_inspect(&text, SMIME_FORMAT_DER, file.data, file.len), ==,
				SMIME_OK);
		smime_buf_free(&text);
		smime_buf_free(&file);
	}
}

/* ------------------------------------------------------------------ */
/* PKCS #7 leniency in a SignedData: libsmime's own signature, re-tagged */
/* ------------------------------------------------------------------ */

/* alice's signature, with the signed attributes re-tagged explicitly */
static GByteArray *explicit_variant(const smime_buf *msg, int copies)
{
	size_t alen;
	const uint8_t *a = find_at(msg->data, msg->len, PATH_SIGNED_ATTRS,
				   G_N_ELEMENTS(PATH_SIGNED_ATTRS), &alen);
	GByteArray *inner = g_byte_array_new(), *repl = g_byte_array_new(), *out;

	g_assert_cmphex(a[0], ==, 0xA0);
	for (int i = 0; i < copies; i++) {
		uint8_t set = 0x31;
		g_byte_array_append(inner, &set, 1);
		g_byte_array_append(inner, a + 1, (guint)(alen - 1));
	}
	put_tlv(repl, 0xA0, inner->data, inner->len);
	out = replace_at(msg->data, msg->len, PATH_SIGNED_ATTRS, G_N_ELEMENTS(PATH_SIGNED_ATTRS),
			 repl->data, repl->len);
	g_byte_array_unref(inner);
	g_byte_array_unref(repl);
	return out;
}

static int verify_bytes(const uint8_t *data, size_t len)
{
	smime_verify_options vo = SMIME_VERIFY_OPTIONS_INIT;
	smime_verify_result *r = NULL;
	int rc;

	vo.flags = SMIME_VERIFY_NO_CHAIN;
	vo.inform = SMIME_FORMAT_DER;
	rc = smime_verify_data(&r, &vo, data, len, NULL, 0);
	smime_verify_result_free(r);
	return rc;
}

static void test_lenient_signed_data(void)
{
	smime_signer_options so = SMIME_SIGNER_OPTIONS_INIT;
	smime_cert *bob = pki_cert("bob.crt");
	smime_buf msg = SMIME_BUF_INIT, text = SMIME_BUF_INIT;
	smime_signed_data_result res;
	GByteArray *ex, *seq, *twice;
	size_t slen;
	const uint8_t *si;

	so.encryption_cert = bob;
	sign_alice(&msg, 0, &so, SMIME_OK);
	g_assert_cmpint(verify_bytes(msg.data, msg.len), ==, SMIME_OK);

	/* [0] { SET { attributes } }: verifies over the inner SET */
	ex = explicit_variant(&msg, 1);
	g_assert_cmpuint(ex->len, >, msg.len);
	g_assert_cmpint(verify_bytes(ex->data, ex->len), ==, SMIME_OK);
	{
		smime_buf b = { ex->data, ex->len };
		cms_verify(&res, &b, NULL, 0, false);
		g_assert_cmpint(res.signers[0].status, ==, SMIME_OK);
		g_assert_cmpuint(res.signers[0].lenient, ==, SMIME_CMS_LENIENT_EXPLICIT_SIGNED);
		g_assert_cmpstr(res.signers[0].note, ==,
				"signed attributes explicitly tagged (PKCS#7 leniency)");
		/* the attributes are read through the leniency too */
		g_assert_true(res.signers[0].has_enc_pref);
		g_assert_true(same_cert(res.signers[0].enc_pref_cert, bob));
		g_assert_cmpint(res.signers[0].signing_time, >, 0);
		smime_cms__signed_data_result_clear(&res);
		g_assert_cmpint(smime_inspect(&text, SMIME_FORMAT_DER, b.data, b.len), ==, SMIME_OK);
		g_assert_nonnull(strstr((char *)text.data,
					"note: signed attributes explicitly tagged (PKCS#7 leniency)"));
		g_assert_nonnull(strstr((char *)text.data, "value: issuerAndSerialNumber"));
		smime_buf_free(&text);
	}
	/* a changed attribute byte (inside the signing time) breaks it */
	{
		guint8 *z = memchr(ex->data, 'Z', ex->len);
		g_assert_nonnull(z);
		z[-1] ^= 0x01;
		g_assert_cmpint(verify_bytes(ex->data, ex->len), ==, SMIME_E_BAD_SIGNATURE);
	}

	/* SignerInfos as a SEQUENCE: only the tag changes */
	si = find_at(msg.data, msg.len, PATH_SIGNER_INFOS, G_N_ELEMENTS(PATH_SIGNER_INFOS), &slen);
	g_assert_cmphex(si[0], ==, 0x31);
	seq = g_byte_array_new();
	g_byte_array_append(seq, msg.data, (guint)msg.len);
	seq->data[si - msg.data] = 0x30;
	g_assert_cmpint(verify_bytes(seq->data, seq->len), ==, SMIME_OK);
	{
		smime_buf b = { seq->data, seq->len };
		cms_verify(&res, &b, NULL, 0, false);
		g_assert_cmpint(res.signers[0].status, ==, SMIME_OK);
		g_assert_cmpuint(res.signers[0].lenient, ==, SMIME_CMS_LENIENT_SEQUENCE);
		smime_cms__signed_data_result_clear(&res);
	}

	/* strict elsewhere: two sets inside [0] stay malformed */
	twice = explicit_variant(&msg, 2);
	g_assert_cmpint(verify_bytes(twice->data, twice->len), ==, SMIME_E_MALFORMED);
	g_assert_cmpint(smime_inspect(&text, SMIME_FORMAT_DER, twice->data, twice->len), ==,
			SMIME_E_MALFORMED);
	g_assert_null(text.data);

	g_byte_array_unref(ex);
	g_byte_array_unref(seq);
	g_byte_array_unref(twice);
	smime_buf_free(&msg);
	smime_cert_free(bob);
}

/* Malformed input keeps a clear error. */
static void test_lenient_malformed(void)
{
	static const uint8_t empty_set[] = { 0x31, 0x00 };
	static const uint8_t not_si[] = { 0x31, 0x03, 0x02, 0x01, 0x01 };
	static const uint8_t truncated[] = { 0x31, 0x05, 0x30, 0x03, 0x02, 0x01 };
	smime_buf file = SMIME_BUF_INIT, text = SMIME_BUF_INIT, out = SMIME_BUF_INIT;
	unsigned flags[1];
	size_t count;
	bool changed;

	g_assert_cmpint(smime_inspect(&text, SMIME_FORMAT_AUTO, not_si, sizeof not_si), ==,
			SMIME_E_MALFORMED);
	g_assert_cmpint(smime_inspect(&text, SMIME_FORMAT_AUTO, truncated, sizeof truncated), ==,
			SMIME_E_MALFORMED);
	g_assert_null(text.data);
	g_assert_cmpint(smime_cms__signer_infos_normalize(&out, &changed, flags, 1, &count,
							  not_si, sizeof not_si), ==,
			SMIME_E_MALFORMED);
	/* an empty, strict SET is left as it is */
	g_assert_cmpint(smime_cms__signer_infos_normalize(&out, &changed, flags, 1, &count,
							  empty_set, sizeof empty_set), ==, SMIME_OK);
	g_assert_false(changed);
	g_assert_null(out.data);
	/* more SignerInfos than the caller allows */
	read_file(&file, data_path("cms-attrs", "signer_info_explicit_attrs.bin"));
	g_assert_cmpint(smime_cms__signer_infos_normalize(&out, &changed, flags, 0, &count,
							  file.data, file.len), ==, SMIME_E_LIMIT);
	smime_buf_free(&out);
	/* a truncated copy */
	g_assert_cmpint(smime_inspect(&text, SMIME_FORMAT_DER, file.data, file.len - 1), !=,
			SMIME_OK);
	g_assert_null(text.data);
	smime_buf_free(&file);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/cms-attrs/enc-pref/issuer-serial", test_enc_pref_issuer_serial);
	g_test_add_func("/cms-attrs/enc-pref/ski", test_enc_pref_ski);
	g_test_add_func("/cms-attrs/enc-pref/ski-fallback", test_enc_pref_ski_fallback);
	g_test_add_func("/cms-attrs/enc-pref/options", test_enc_pref_options);
	g_test_add_func("/cms-attrs/enc-pref/repeated", test_enc_pref_repeated);
	g_test_add_func("/cms-attrs/enc-pref/thunderbird", test_enc_pref_thunderbird);
	g_test_add_func("/cms-attrs/enc-pref/embeddedmulti", test_enc_pref_embeddedmulti);
	g_test_add_func("/cms-attrs/lenient/explicit-attrs", test_lenient_explicit_attrs);
	g_test_add_func("/cms-attrs/lenient/sequence-not-set", test_lenient_sequence_not_set);
	g_test_add_func("/cms-attrs/lenient/inspect", test_lenient_inspect);
	g_test_add_func("/cms-attrs/lenient/signed-data", test_lenient_signed_data);
	g_test_add_func("/cms-attrs/lenient/malformed", test_lenient_malformed);
	return g_test_run();
}
