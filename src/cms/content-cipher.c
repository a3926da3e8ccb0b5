/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Content-encryption algorithms (the contentEncryptionAlgorithm of an
 * EncryptedContentInfo) and their parameters:
 *
 *   AES-128/192/256-CBC   AES-IV: OCTET STRING (16)          RFC 3565
 *   des-ede3-cbc          IV: OCTET STRING (8)  (input only) RFC 3370 §5.1
 *   rc2-cbc               RC2CBCParameter      (input only)  RFC 3370 §5.2
 *   AES-GCM, AES-CCM      GCMParameters / CCMParameters      RFC 5084
 *   ChaCha20-Poly1305     AEADChaCha20Poly1305Nonce (12)     RFC 8103
 *
 * The OID table (oid.c) maps the CBC OIDs to their cipher descriptors; the
 * AEAD ones are mapped here, in the one table of this file.
 */
#include "cms/cms.h"

#include <stdio.h>
#include <string.h>

typedef struct alg_entry {
	smime_oid_id oid;
	int cbc;        /* smime_cipher_id, or -1 */
	int aead;       /* smime_aead_id, or -1 */
	bool encrypt;   /* libsmime writes it (not a legacy decrypt-only one) */
} alg_entry;

static const alg_entry algs[] = {
	{ SMIME_OID_AES128_CBC, SMIME_CIPHER_ID_AES128_CBC, -1, true },
	{ SMIME_OID_AES192_CBC, SMIME_CIPHER_ID_AES192_CBC, -1, true },
	{ SMIME_OID_AES256_CBC, SMIME_CIPHER_ID_AES256_CBC, -1, true },
	{ SMIME_OID_DES_EDE3_CBC, SMIME_CIPHER_ID_DES_EDE3_CBC, -1, false },
	{ SMIME_OID_RC2_CBC, SMIME_CIPHER_ID_RC2_CBC, -1, false },
	{ SMIME_OID_AES128_GCM, -1, SMIME_AEAD_AES128_GCM, true },
	{ SMIME_OID_AES192_GCM, -1, SMIME_AEAD_AES192_GCM, true },
	{ SMIME_OID_AES256_GCM, -1, SMIME_AEAD_AES256_GCM, true },
	{ SMIME_OID_AES128_CCM, -1, SMIME_AEAD_AES128_CCM, true },
	{ SMIME_OID_AES192_CCM, -1, SMIME_AEAD_AES192_CCM, true },
	{ SMIME_OID_AES256_CCM, -1, SMIME_AEAD_AES256_CCM, true },
	{ SMIME_OID_CHACHA20_POLY1305, -1, SMIME_AEAD_CHACHA20_POLY1305, true },
};

/* RFC 3370 §5.2: the effective key bits 40, 64 and 128 are coded as the
 * rc2ParameterVersion values 160, 120 and 58; values of 256 and more are
 * the bits themselves. Other codes (the rest of RFC 2268's table) are not
 * used by any CMS writer libsmime knows of. */
static const struct {
	unsigned version, bits;
} rc2_versions[] = {
	{ 160, 40 },
	{ 120, 64 },
	{ 58, 128 },
};

#define RC2_MAX_EFFECTIVE_BITS 1024

/* The ICV lengths of RFC 5084 (GCM 12..16, CCM 4..16 even) and RFC 8103
 * (16). */
static bool tag_len_ok(const smime_aead_desc *d, size_t tag_len)
{
	if (tag_len < d->min_tag || tag_len > d->max_tag)
		return false;
	switch (d->id) {
	case SMIME_AEAD_AES128_GCM:
	case SMIME_AEAD_AES192_GCM:
	case SMIME_AEAD_AES256_GCM:
		return tag_len >= 12 && tag_len <= 16;
	case SMIME_AEAD_AES128_CCM:
	case SMIME_AEAD_AES192_CCM:
	case SMIME_AEAD_AES256_CCM:
		return tag_len >= 4 && tag_len <= 16 && tag_len % 2 == 0;
	default:
		return tag_len == 16;
	}
}

/* Nonce lengths: GCM any whole number of octets (libsmime keeps up to 16),
 * CCM 7..13 (RFC 5084 §3.1), ChaCha20-Poly1305 exactly 12 (RFC 8103). */
static bool nonce_len_ok(const smime_aead_desc *d, size_t n)
{
	switch (d->id) {
	case SMIME_AEAD_AES128_GCM:
	case SMIME_AEAD_AES192_GCM:
	case SMIME_AEAD_AES256_GCM:
		return n >= 1 && n <= 16;
	case SMIME_AEAD_AES128_CCM:
	case SMIME_AEAD_AES192_CCM:
	case SMIME_AEAD_AES256_CCM:
		return n >= 7 && n <= 13;
	default:
		return n == 12;
	}
}

static bool is_ccm(const smime_aead_desc *d)
{
	return d->id == SMIME_AEAD_AES128_CCM || d->id == SMIME_AEAD_AES192_CCM ||
	       d->id == SMIME_AEAD_AES256_CCM;
}

static bool is_chacha(const smime_aead_desc *d)
{
	return d->id == SMIME_AEAD_CHACHA20_POLY1305;
}

static const alg_entry *find_alg(smime_oid_id oid)
{
	for (size_t i = 0; i < SMIME_ARRAY_SIZE(algs); i++)
		if (algs[i].oid == oid)
			return &algs[i];
	return NULL;
}

/* Fills the descriptor part of a from the table entry. */
static int init_from_entry(smime_content_alg *a, const alg_entry *e)
{
	memset(a, 0, sizeof *a);
	a->oid = e->oid;
	if (e->cbc >= 0) {
		a->cbc = smime_crypto__cipher_get((smime_cipher_id)e->cbc);
		if (a->cbc == NULL)
			return SMIME_E_INTERNAL;
		a->key_size = a->cbc->key_size;
		a->iv_len = a->cbc->iv_size;
	} else {
		a->aead = true;
		a->aead_desc = smime_crypto__aead_get((smime_aead_id)e->aead);
		if (a->aead_desc == NULL)
			return SMIME_E_INTERNAL;
		a->key_size = a->aead_desc->key_size;
		a->iv_len = a->aead_desc->default_nonce_size;
		a->tag_len = 12; /* the DEFAULT of GCMParameters/CCMParameters */
	}
	if (a->iv_len > sizeof a->iv)
		return SMIME_E_INTERNAL;
	return SMIME_OK;
}

int smime_cms__content_alg_new(smime_content_alg *a, smime_oid_id oid)
{
	const alg_entry *e;
	int rc;

	if (a == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	e = find_alg(oid);
	if (e == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (!e->encrypt)
		return SMIME_E_UNSUPPORTED; /* legacy: decrypt only */
	if ((rc = init_from_entry(a, e)) != SMIME_OK)
		return rc;
	/* AEAD: the full 16-byte ICV (RFC 8103 has no other) */
	if (a->aead)
		a->tag_len = 16;
	return smime_crypto__random(a->iv, a->iv_len);
}

/* DER of a one-element type of the module ("CMS.AES-IV", ...). */
static int encode_octets(smime_buf *out, const char *type, const uint8_t *v, size_t len)
{
	asn1_node n = NULL;
	int rc = smime_der__create(&n, type);
	if (rc != SMIME_OK)
		return rc;
	rc = smime_der__write(n, "", v, len);
	if (rc == SMIME_OK)
		rc = smime_der__encode(out, n, NULL);
	smime_der__free(&n);
	return rc;
}

static int encode_params(smime_buf *out, const smime_content_alg *a)
{
	asn1_node n = NULL;
	int rc;

	if (!a->aead) {
		if (a->cbc->id == SMIME_CIPHER_ID_RC2_CBC) {
			unsigned long version = a->rc2_bits;
			for (size_t i = 0; i < SMIME_ARRAY_SIZE(rc2_versions); i++)
				if (rc2_versions[i].bits == a->rc2_bits)
					version = rc2_versions[i].version;
			if (version < 256 && version == a->rc2_bits)
				return SMIME_E_UNSUPPORTED;
			if ((rc = smime_der__create(&n, "CMS.RC2CBCParameter")) != SMIME_OK)
				return rc;
			rc = smime_der__write_uint(n, "rc2ParameterVersion", version);
			if (rc == SMIME_OK)
				rc = smime_der__write(n, "iv", a->iv, a->iv_len);
		} else {
			const char *type = a->cbc->id == SMIME_CIPHER_ID_DES_EDE3_CBC ?
						   "CMS.IV" : "CMS.AES-IV";
			return encode_octets(out, type, a->iv, a->iv_len);
		}
	} else if (is_chacha(a->aead_desc)) {
		return encode_octets(out, "CMS.AEADChaCha20Poly1305Nonce", a->iv, a->iv_len);
	} else {
		const char *type = is_ccm(a->aead_desc) ? "CMS.CCMParameters" : "CMS.GCMParameters";
		if ((rc = smime_der__create(&n, type)) != SMIME_OK)
			return rc;
		rc = smime_der__write(n, "aes-nonce", a->iv, a->iv_len);
		/* DER leaves out a value equal to the DEFAULT (12): libtasn1
		 * does not encode a DEFAULT element that was never written */
		if (rc == SMIME_OK && a->tag_len != 12)
			rc = smime_der__write_uint(n, "aes-ICVlen", a->tag_len);
	}
	if (rc == SMIME_OK)
		rc = smime_der__encode(out, n, NULL);
	smime_der__free(&n);
	return rc;
}

int smime_cms__content_alg_write(const smime_content_alg *a, asn1_node node, const char *path)
{
	smime_buf params = SMIME_BUF_INIT;
	int rc;

	if (a == NULL || node == NULL || path == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (find_alg(a->oid) == NULL || (a->aead ? a->aead_desc == NULL : a->cbc == NULL) ||
	    a->iv_len > sizeof a->iv)
		return SMIME_E_INVALID_ARGUMENT;
	if (a->aead && (!tag_len_ok(a->aead_desc, a->tag_len) ||
			!nonce_len_ok(a->aead_desc, a->iv_len)))
		return SMIME_E_INVALID_ARGUMENT;
	if (!a->aead && a->iv_len != a->cbc->iv_size)
		return SMIME_E_INVALID_ARGUMENT;
	rc = encode_params(&params, a);
	if (rc == SMIME_OK)
		rc = smime_cms__write_alg(node, path, a->oid, params.data, params.len);
	smime_buf_free(&params);
	return rc;
}

/* Copies an OCTET STRING value of exactly want bytes (or, with want 0,
 * any length up to sizeof a->iv) into a->iv. */
static int take_iv(smime_content_alg *a, const smime_buf *v, size_t want)
{
	if (want != 0 ? v->len != want : (v->len == 0 || v->len > sizeof a->iv))
		return SMIME_E_MALFORMED;
	memcpy(a->iv, v->data, v->len);
	a->iv_len = v->len;
	return SMIME_OK;
}

/* An OCTET STRING parameter of the module type `type`. */
static int read_octets_param(smime_content_alg *a, const smime_buf *params,
			     const char *type, size_t want)
{
	asn1_node n = NULL;
	smime_buf v = SMIME_BUF_INIT;
	int rc = smime_der__decode(&n, type, params->data, params->len);
	if (rc == SMIME_OK)
		rc = smime_der__read(&v, n, "");
	if (rc == SMIME_OK)
		rc = take_iv(a, &v, want);
	smime_buf_free(&v);
	smime_der__free(&n);
	return rc;
}

static int rc2_bits_of_version(unsigned long version, unsigned *bits)
{
	for (size_t i = 0; i < SMIME_ARRAY_SIZE(rc2_versions); i++) {
		if (rc2_versions[i].version == version) {
			*bits = rc2_versions[i].bits;
			return SMIME_OK;
		}
	}
	if (version >= 256 && version <= RC2_MAX_EFFECTIVE_BITS) {
		*bits = (unsigned)version;
		return SMIME_OK;
	}
	return SMIME_E_UNSUPPORTED;
}

/* RC2CBCParameter (RFC 3370 §5.2), or the bare IV of RFC 2268 §6 (the
 * short form, which means 32 effective bits). The key length libsmime
 * expects from a recipient is the effective key size in bytes, the way
 * the writers of such messages chose the key (128 bits at most). */
static int read_rc2_param(smime_content_alg *a, const smime_buf *params)
{
	asn1_node n = NULL;
	smime_buf v = SMIME_BUF_INIT;
	unsigned long version = 0;
	int rc;

	if (params->len > 0 && params->data[0] == 0x04) {
		rc = read_octets_param(a, params, "CMS.IV", 8);
		if (rc == SMIME_OK)
			a->rc2_bits = 32;
	} else {
		rc = smime_der__decode(&n, "CMS.RC2CBCParameter", params->data, params->len);
		if (rc == SMIME_OK)
			rc = smime_der__read_uint(n, "rc2ParameterVersion", &version);
		if (rc == SMIME_E_LIMIT)
			rc = SMIME_E_UNSUPPORTED;
		if (rc == SMIME_OK)
			rc = rc2_bits_of_version(version, &a->rc2_bits);
		if (rc == SMIME_OK)
			rc = smime_der__read(&v, n, "iv");
		if (rc == SMIME_OK)
			rc = take_iv(a, &v, 8);
	}
	if (rc == SMIME_OK) {
		size_t bytes = (a->rc2_bits + 7) / 8;
		a->key_size = bytes > 16 ? 16 : bytes;
	}
	smime_buf_free(&v);
	smime_der__free(&n);
	return rc;
}

/* GCMParameters / CCMParameters (RFC 5084 §3.1, §3.2). */
static int read_aes_aead_param(smime_content_alg *a, const smime_buf *params)
{
	asn1_node n = NULL;
	smime_buf v = SMIME_BUF_INIT;
	unsigned long icv = 12;
	const char *type = is_ccm(a->aead_desc) ? "CMS.CCMParameters" : "CMS.GCMParameters";
	int rc = smime_der__decode(&n, type, params->data, params->len);

	if (rc == SMIME_OK)
		rc = smime_der__read(&v, n, "aes-nonce");
	if (rc == SMIME_OK)
		rc = (v.len > sizeof a->iv) ? SMIME_E_UNSUPPORTED : take_iv(a, &v, 0);
	if (rc == SMIME_OK && !nonce_len_ok(a->aead_desc, a->iv_len))
		rc = SMIME_E_MALFORMED;
	if (rc == SMIME_OK && smime_der__exists(n, "aes-ICVlen")) {
		rc = smime_der__read_uint(n, "aes-ICVlen", &icv);
		if (rc == SMIME_E_LIMIT)
			rc = SMIME_E_MALFORMED;
	}
	if (rc == SMIME_OK) {
		if (icv > 16 || !tag_len_ok(a->aead_desc, (size_t)icv))
			rc = SMIME_E_MALFORMED;
		else
			a->tag_len = (size_t)icv;
	}
	smime_buf_free(&v);
	smime_der__free(&n);
	return rc;
}

int smime_cms__content_alg_read(smime_content_alg *a, asn1_node node, const char *path)
{
	char p[256], oid[SMIME_OID_MAX];
	const char *dot;
	const alg_entry *e;
	smime_buf params = SMIME_BUF_INIT;
	int n, rc;

	if (a == NULL || node == NULL || path == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	memset(a, 0, sizeof *a);
	dot = path[0] ? "." : "";
	n = snprintf(p, sizeof p, "%s%salgorithm", path, dot);
	if (n < 0 || (size_t)n >= sizeof p)
		return SMIME_E_INVALID_ARGUMENT;
	if ((rc = smime_der__read_oid(node, p, oid)) != SMIME_OK)
		return rc;
	e = find_alg(smime_oid__lookup(oid));
	if (e == NULL)
		return SMIME_E_UNSUPPORTED;
	if ((rc = init_from_entry(a, e)) != SMIME_OK)
		return rc;
	n = snprintf(p, sizeof p, "%s%sparameters", path, dot);
	if (n < 0 || (size_t)n >= sizeof p)
		return SMIME_E_INVALID_ARGUMENT;
	/* every algorithm here carries its IV or nonce in the parameters */
	if (!smime_der__exists(node, p))
		return SMIME_E_MALFORMED;
	if ((rc = smime_der__read(&params, node, p)) != SMIME_OK)
		return rc;
	if (!a->aead) {
		switch (a->cbc->id) {
		case SMIME_CIPHER_ID_RC2_CBC:
			rc = read_rc2_param(a, &params);
			break;
		case SMIME_CIPHER_ID_DES_EDE3_CBC:
			rc = read_octets_param(a, &params, "CMS.IV", a->cbc->iv_size);
			break;
		default:
			rc = read_octets_param(a, &params, "CMS.AES-IV", a->cbc->iv_size);
			break;
		}
	} else if (is_chacha(a->aead_desc)) {
		rc = read_octets_param(a, &params, "CMS.AEADChaCha20Poly1305Nonce", 12);
		a->tag_len = 16;
	} else {
		rc = read_aes_aead_param(a, &params);
	}
	smime_buf_free(&params);
	if (rc != SMIME_OK)
		memset(a, 0, sizeof *a);
	return rc;
}

/* CBC over a whole buffer into out (replaced only on success). */
int smime_cms__content_cbc(smime_buf *out, const smime_content_alg *a, bool encrypt,
			   const uint8_t *key, size_t key_len, const uint8_t *in, size_t len)
{
	if (a->cbc == NULL)
		return SMIME_E_INTERNAL;
	smime_cbc_ctx ctx;
	smime_buf res = SMIME_BUF_INIT;
	size_t n = 0, m = 0, need;
	int rc;

	if (smime_add_overflows(len, 2 * a->cbc->block_size, &need))
		return SMIME_E_LIMIT;
	memset(&ctx, 0, sizeof ctx);
	if (a->cbc->id == SMIME_CIPHER_ID_RC2_CBC && a->rc2_bits != 0)
		smime_crypto__cbc_set_rc2_effective_bits(&ctx, a->rc2_bits);
	rc = smime_crypto__cbc_init(&ctx, a->cbc, encrypt, key, key_len, a->iv, a->iv_len);
	if (rc != SMIME_OK) {
		smime_crypto__cbc_wipe(&ctx);
		return rc;
	}
	rc = smime_buf__reserve(&res, need);
	if (rc == SMIME_OK)
		rc = smime_crypto__cbc_update(&ctx, in, len, res.data, &n);
	if (rc == SMIME_OK)
		rc = smime_crypto__cbc_final(&ctx, res.data + n, &m);
	smime_crypto__cbc_wipe(&ctx);
	if (rc != SMIME_OK) {
		if (res.data != NULL)
			smime_wipe(res.data, need);
		smime_buf_free(&res);
		return rc;
	}
	res.len = n + m;
	res.data[res.len] = 0;
	smime_buf__move(out, &res);
	return SMIME_OK;
}
