/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The public encryption operation: EnvelopedData (CBC ciphers),
 * AuthEnvelopedData (AEAD ciphers) or AuthenticatedData
 * (SMIME_ENCRYPT_AUTHENTICATE_ONLY), to recipients of every kind:
 * certificates (RSA key transport, EC/X25519/X448 key agreement),
 * passwords and shared key-encryption keys.
 */
#include "smime/api.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* More recipients than any message needs; a bound on memory use. */
#define MAX_RECIPIENTS 1024

/* One recipient as given to the operation; everything it points to is
 * owned (copied) and wiped on free. */
typedef struct recipient {
	smime_recipient_kind kind;
	smime_cert *cert;                  /* KTRI, KARI */
	bool use_ski;
	bool oaep;
	const smime_digest_desc *oaep_hash;
	smime_oid_id kdf;
	uint8_t *secret;                   /* KEKRI: the KEK; PWRI: the password */
	size_t secret_len;
	uint8_t *kek_id;                   /* KEKRI */
	size_t kek_id_len;
} recipient;

struct smime_encrypt {
	smime_encrypt_options opts;
	smime_oid_id mac_oid;              /* AUTHENTICATE_ONLY */
	recipient *recipients;
	size_t count;
	smime_buf content;
	bool finished;
};

/* ------------------------------------------------------------------------ */
/* Name tables                                                              */
/* ------------------------------------------------------------------------ */

static const struct {
	const char *name;
	smime_cipher cipher;
	smime_oid_id oid;
	bool aead;
} cipher_table[] = {
	{ "aes-128-cbc", SMIME_CIPHER_AES128_CBC, SMIME_OID_AES128_CBC, false },
	{ "aes-192-cbc", SMIME_CIPHER_AES192_CBC, SMIME_OID_AES192_CBC, false },
	{ "aes-256-cbc", SMIME_CIPHER_AES256_CBC, SMIME_OID_AES256_CBC, false },
	{ "aes-128-gcm", SMIME_CIPHER_AES128_GCM, SMIME_OID_AES128_GCM, true },
	{ "aes-192-gcm", SMIME_CIPHER_AES192_GCM, SMIME_OID_AES192_GCM, true },
	{ "aes-256-gcm", SMIME_CIPHER_AES256_GCM, SMIME_OID_AES256_GCM, true },
	{ "aes-128-ccm", SMIME_CIPHER_AES128_CCM, SMIME_OID_AES128_CCM, true },
	{ "aes-192-ccm", SMIME_CIPHER_AES192_CCM, SMIME_OID_AES192_CCM, true },
	{ "aes-256-ccm", SMIME_CIPHER_AES256_CCM, SMIME_OID_AES256_CCM, true },
	{ "chacha20-poly1305", SMIME_CIPHER_CHACHA20_POLY1305, SMIME_OID_CHACHA20_POLY1305, true },
};

static const struct {
	const char *name;
	smime_oid_id oid;
} mac_table[] = {
	{ "hmac-sha256", SMIME_OID_HMAC_SHA256 },
	{ "hmac-sha384", SMIME_OID_HMAC_SHA384 },
	{ "hmac-sha512", SMIME_OID_HMAC_SHA512 },
};

/* Key agreement schemes by name; hkdf marks the RFC 8418 ones, which are
 * defined for X25519 and X448 only. */
static const struct {
	const char *name;
	smime_oid_id oid;
	bool hkdf;
} kdf_table[] = {
	{ "x963-sha1", SMIME_OID_DH_SHA1_KDF, false },
	{ "x963-sha224", SMIME_OID_DH_SHA224_KDF, false },
	{ "x963-sha256", SMIME_OID_DH_SHA256_KDF, false },
	{ "x963-sha384", SMIME_OID_DH_SHA384_KDF, false },
	{ "x963-sha512", SMIME_OID_DH_SHA512_KDF, false },
	{ "hkdf-sha256", SMIME_OID_DH_HKDF_SHA256, true },
	{ "hkdf-sha384", SMIME_OID_DH_HKDF_SHA384, true },
	{ "hkdf-sha512", SMIME_OID_DH_HKDF_SHA512, true },
};

/* The hashes RFC 3560 allows for OAEP and MGF1. */
static const struct {
	const char *name;
	smime_digest_id id;
} oaep_table[] = {
	{ "sha1", SMIME_DIGEST_SHA1 },
	{ "sha224", SMIME_DIGEST_SHA224 },
	{ "sha256", SMIME_DIGEST_SHA256 },
	{ "sha384", SMIME_DIGEST_SHA384 },
	{ "sha512", SMIME_DIGEST_SHA512 },
};

static bool name_eq(const char *a, const char *b)
{
	for (; *a != '\0' && *b != '\0'; a++, b++) {
		char ca = *a, cb = *b;
		if (ca >= 'A' && ca <= 'Z')
			ca = (char)(ca - 'A' + 'a');
		if (cb >= 'A' && cb <= 'Z')
			cb = (char)(cb - 'A' + 'a');
		if (ca != cb)
			return false;
	}
	return *a == *b;
}

SMIME_PUBLIC int smime_cipher_from_name(smime_cipher *out, const char *name)
{
	if (out == NULL || name == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	for (size_t i = 0; i < SMIME_ARRAY_SIZE(cipher_table); i++) {
		if (name_eq(name, cipher_table[i].name)) {
			*out = cipher_table[i].cipher;
			return SMIME_OK;
		}
	}
	return SMIME_E_INVALID_ARGUMENT;
}

int smime_api__cipher_alg(smime_cipher c, smime_oid_id *oid, bool *aead)
{
	if (c == SMIME_CIPHER_DEFAULT)
		c = SMIME_CIPHER_AES256_CBC;
	for (size_t i = 0; i < SMIME_ARRAY_SIZE(cipher_table); i++) {
		if (cipher_table[i].cipher == c) {
			*oid = cipher_table[i].oid;
			*aead = cipher_table[i].aead;
			return SMIME_OK;
		}
	}
	return SMIME_E_INVALID_ARGUMENT;
}

int smime_api__content_for(smime_buf *canon, const uint8_t **data, size_t *len,
			   smime_format outform, const uint8_t *content, size_t content_len)
{
	if (outform == SMIME_FORMAT_SMIME) {
		int rc = smime_mime__canonicalize(canon, content, content_len);
		if (rc != SMIME_OK)
			return rc;
		*data = canon->data;
		*len = canon->len;
		return SMIME_OK;
	}
	*data = content;
	*len = content_len;
	return SMIME_OK;
}

/* ------------------------------------------------------------------------ */
/* The operation                                                            */
/* ------------------------------------------------------------------------ */

static int mac_from_name(smime_oid_id *out, const char *name)
{
	if (name == NULL) {
		*out = SMIME_OID_HMAC_SHA256;
		return SMIME_OK;
	}
	for (size_t i = 0; i < SMIME_ARRAY_SIZE(mac_table); i++) {
		if (name_eq(name, mac_table[i].name)) {
			*out = mac_table[i].oid;
			return SMIME_OK;
		}
	}
	return SMIME_E_INVALID_ARGUMENT;
}

SMIME_PUBLIC int smime_encrypt_new(smime_encrypt **out, const smime_encrypt_options *options)
{
	smime_encrypt_options defaults = SMIME_ENCRYPT_OPTIONS_INIT;
	smime_encrypt_options opts;
	smime_oid_id oid, mac;
	bool aead;

	if (out == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	*out = NULL;
	if (options == NULL)
		options = &defaults;
	if (options->struct_version != 1 && options->struct_version != SMIME_ENCRYPT_OPTIONS_VERSION)
		return SMIME_E_INVALID_ARGUMENT;
	/* a version-1 structure ends before mac_algorithm */
	if (options->struct_version == 1) {
		memset(&opts, 0, sizeof opts);
		memcpy(&opts, options, offsetof(smime_encrypt_options, mac_algorithm));
		opts.mac_algorithm = NULL;
	} else {
		opts = *options;
	}
	if ((opts.flags & ~SMIME_ENCRYPT_AUTHENTICATE_ONLY) != 0 ||
	    opts.outform > SMIME_FORMAT_SMIME || mac_from_name(&mac, opts.mac_algorithm) != SMIME_OK)
		return SMIME_E_INVALID_ARGUMENT;
	/* the cipher is ignored when only authenticating */
	if (!(opts.flags & SMIME_ENCRYPT_AUTHENTICATE_ONLY) &&
	    smime_api__cipher_alg(opts.cipher, &oid, &aead) != SMIME_OK)
		return SMIME_E_INVALID_ARGUMENT;
	smime_encrypt *e = calloc(1, sizeof *e);
	if (e == NULL)
		return SMIME_E_NO_MEMORY;
	e->opts = opts;
	e->mac_oid = mac;
	*out = e;
	return SMIME_OK;
}

static void recipient_clear(recipient *r)
{
	smime_cert_free(r->cert);
	if (r->secret != NULL) {
		smime_wipe(r->secret, r->secret_len);
		free(r->secret);
	}
	free(r->kek_id);
	memset(r, 0, sizeof *r);
}

/* Appends r (taking what it owns) or clears it on failure. */
static int add(smime_encrypt *e, recipient *r)
{
	if (e->count >= MAX_RECIPIENTS) {
		recipient_clear(r);
		return SMIME_E_LIMIT;
	}
	recipient *grown = realloc(e->recipients, (e->count + 1) * sizeof *grown);
	if (grown == NULL) {
		recipient_clear(r);
		return SMIME_E_NO_MEMORY;
	}
	e->recipients = grown;
	e->recipients[e->count++] = *r;
	return SMIME_OK;
}

static int dup_bytes(uint8_t **out, const void *data, size_t len)
{
	*out = malloc(len > 0 ? len : 1);
	if (*out == NULL)
		return SMIME_E_NO_MEMORY;
	if (len > 0)
		memcpy(*out, data, len);
	return SMIME_OK;
}

static int check_usable(smime_encrypt *e)
{
	if (e == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (e->finished)
		return SMIME_E_STATE;
	return SMIME_OK;
}

/* The RSA part of a certificate recipient. */
static int ktri_from(recipient *r, const smime_cert *cert, const smime_recipient_options *o)
{
	smime_rsa_key *rsa = NULL;
	int rc = smime_cert__rsa_public(cert, &rsa);

	smime_crypto__rsa_key_free(rsa);
	if (rc != SMIME_OK)
		return SMIME_E_KEY;
	r->kind = SMIME_RECIPIENT_KTRI;
	r->oaep = (o->flags & SMIME_RECIPIENT_OAEP) != 0;
	if (r->oaep) {
		/* NULL: SHA-256, as the header says (and not the RFC 3560
		 * SHA-1 default of the ASN.1 parameters) */
		r->oaep_hash = smime_crypto__digest_get(SMIME_DIGEST_SHA256);
		if (o->oaep_hash != NULL) {
			r->oaep_hash = NULL;
			for (size_t i = 0; i < SMIME_ARRAY_SIZE(oaep_table); i++)
				if (name_eq(o->oaep_hash, oaep_table[i].name))
					r->oaep_hash = smime_crypto__digest_get(oaep_table[i].id);
		}
		if (r->oaep_hash == NULL)
			return SMIME_E_INVALID_ARGUMENT;
	}
	return SMIME_OK;
}

/* The key-agreement part of a certificate recipient. */
static int kari_from(recipient *r, const smime_cert *cert, smime_pk_type pk,
		     const smime_recipient_options *o)
{
	smime_buf pub = SMIME_BUF_INIT;
	smime_curve curve;
	int rc = smime_cert__ec_public(cert, &curve, &pub);

	smime_buf_free(&pub);
	if (rc == SMIME_E_UNSUPPORTED)
		return rc;	/* a curve this library cannot use */
	if (rc != SMIME_OK)
		return SMIME_E_KEY;
	r->kind = SMIME_RECIPIENT_KARI;
	r->kdf = SMIME_OID_UNKNOWN;
	if (o->kdf != NULL) {
		bool hkdf = false, found = false;
		for (size_t i = 0; i < SMIME_ARRAY_SIZE(kdf_table); i++) {
			if (name_eq(o->kdf, kdf_table[i].name)) {
				r->kdf = kdf_table[i].oid;
				hkdf = kdf_table[i].hkdf;
				found = true;
			}
		}
		if (!found)
			return SMIME_E_INVALID_ARGUMENT;
		/* RFC 8418 defines the HKDF schemes for X25519/X448 only */
		if (hkdf && pk == SMIME_PK_EC)
			return SMIME_E_UNSUPPORTED;
	}
	return SMIME_OK;
}

SMIME_PUBLIC int smime_encrypt_add_recipient_full(smime_encrypt *e, const smime_cert *cert,
						  const smime_recipient_options *options)
{
	smime_recipient_options defaults = SMIME_RECIPIENT_OPTIONS_INIT;
	recipient r;
	int rc = check_usable(e);

	if (rc != SMIME_OK)
		return rc;
	if (cert == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (options == NULL)
		options = &defaults;
	if (options->struct_version != SMIME_RECIPIENT_OPTIONS_VERSION ||
	    (options->flags & ~(SMIME_RECIPIENT_OAEP | SMIME_RECIPIENT_SKI)) != 0)
		return SMIME_E_INVALID_ARGUMENT;
	memset(&r, 0, sizeof r);

	/* Every named option is checked, even those that do not apply to
	 * this key type (a caller may pass the same options for all). */
	if (options->oaep_hash != NULL) {
		bool found = false;
		for (size_t i = 0; i < SMIME_ARRAY_SIZE(oaep_table); i++)
			found |= name_eq(options->oaep_hash, oaep_table[i].name);
		if (!found)
			return SMIME_E_INVALID_ARGUMENT;
	}
	if (options->kdf != NULL) {
		bool found = false;
		for (size_t i = 0; i < SMIME_ARRAY_SIZE(kdf_table); i++)
			found |= name_eq(options->kdf, kdf_table[i].name);
		if (!found)
			return SMIME_E_INVALID_ARGUMENT;
	}

	smime_pk_type pk = smime_cert__pk_type(cert);
	switch (pk) {
	case SMIME_PK_RSA:
		rc = ktri_from(&r, cert, options);
		break;
	case SMIME_PK_EC:
	case SMIME_PK_X25519:
	case SMIME_PK_X448:
		rc = kari_from(&r, cert, pk, options);
		break;
	default:
		/* RSA-PSS, DSA, EdDSA keys cannot receive a key */
		rc = SMIME_E_UNSUPPORTED;
		break;
	}
	if (rc != SMIME_OK)
		return rc;
	r.use_ski = (options->flags & SMIME_RECIPIENT_SKI) != 0;
	if (r.use_ski) {
		smime_buf ski = SMIME_BUF_INIT;
		rc = smime_cert__ski(cert, &ski);
		smime_buf_free(&ski);
		if (rc != SMIME_OK)
			return SMIME_E_UNSUPPORTED;	/* no SubjectKeyIdentifier */
	}
	rc = smime_cert_dup(&r.cert, cert);
	if (rc != SMIME_OK)
		return rc;
	return add(e, &r);
}

SMIME_PUBLIC int smime_encrypt_add_recipient(smime_encrypt *e, const smime_cert *cert)
{
	return smime_encrypt_add_recipient_full(e, cert, NULL);
}

SMIME_PUBLIC int smime_encrypt_add_password(smime_encrypt *e, const void *password, size_t len)
{
	recipient r;
	int rc = check_usable(e);

	if (rc != SMIME_OK)
		return rc;
	if (password == NULL || len == 0)
		return SMIME_E_INVALID_ARGUMENT;
	memset(&r, 0, sizeof r);
	r.kind = SMIME_RECIPIENT_PWRI;
	rc = dup_bytes(&r.secret, password, len);
	if (rc != SMIME_OK)
		return rc;
	r.secret_len = len;
	return add(e, &r);
}

SMIME_PUBLIC int smime_encrypt_add_kek(smime_encrypt *e, const void *kek, size_t kek_len,
				       const void *kek_id, size_t kek_id_len)
{
	recipient r;
	int rc = check_usable(e);

	if (rc != SMIME_OK)
		return rc;
	if (kek == NULL || (kek_len != 16 && kek_len != 24 && kek_len != 32) ||
	    kek_id == NULL || kek_id_len == 0)
		return SMIME_E_INVALID_ARGUMENT;
	memset(&r, 0, sizeof r);
	r.kind = SMIME_RECIPIENT_KEKRI;
	rc = dup_bytes(&r.secret, kek, kek_len);
	if (rc != SMIME_OK)
		return rc;
	r.secret_len = kek_len;
	rc = dup_bytes(&r.kek_id, kek_id, kek_id_len);
	if (rc != SMIME_OK) {
		recipient_clear(&r);
		return rc;
	}
	r.kek_id_len = kek_id_len;
	return add(e, &r);
}

SMIME_PUBLIC int smime_encrypt_update(smime_encrypt *e, const void *data, size_t len)
{
	int rc = check_usable(e);
	if (rc != SMIME_OK)
		return rc;
	return smime_api__accumulate(&e->content, data, len);
}

static void spec_from(smime_recipient_spec *s, const recipient *r)
{
	memset(s, 0, sizeof *s);
	s->kind = r->kind;
	s->cert = r->cert;
	s->use_ski = r->use_ski;
	s->oaep = r->oaep;
	s->oaep_hash = r->oaep_hash;
	s->kdf = r->kdf;
	s->wrap = SMIME_OID_UNKNOWN;
	if (r->kind == SMIME_RECIPIENT_KEKRI) {
		s->kek = r->secret;
		s->kek_len = r->secret_len;
		s->kek_id = r->kek_id;
		s->kek_id_len = r->kek_id_len;
	} else if (r->kind == SMIME_RECIPIENT_PWRI) {
		s->password = r->secret;
		s->password_len = r->secret_len;
		s->iterations = 0;
	}
}

SMIME_PUBLIC int smime_encrypt_finish(smime_buf *out, smime_encrypt *e)
{
	smime_buf canon = SMIME_BUF_INIT, der = SMIME_BUF_INIT, res = SMIME_BUF_INIT;
	smime_recipient_spec *specs = NULL;
	const char *smime_type;
	const uint8_t *content;
	size_t content_len;
	smime_oid_id alg;
	bool aead = false;
	int rc;

	if (out == NULL || e == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (e->finished || e->count == 0)
		return SMIME_E_STATE;
	e->finished = true;

	specs = calloc(e->count, sizeof *specs);
	if (specs == NULL)
		return SMIME_E_NO_MEMORY;
	for (size_t i = 0; i < e->count; i++)
		spec_from(&specs[i], &e->recipients[i]);

	rc = smime_api__content_for(&canon, &content, &content_len, e->opts.outform,
				    e->content.data, e->content.len);
	if (rc != SMIME_OK)
		goto out;
	if (e->opts.flags & SMIME_ENCRYPT_AUTHENTICATE_ONLY) {
		rc = smime_cms__authenticated_data_create(&der, specs, e->count, e->mac_oid,
							  content, content_len);
		smime_type = "";	/* RFC 8551 §3.2.2 has no smime-type for it */
	} else {
		rc = smime_api__cipher_alg(e->opts.cipher, &alg, &aead);
		if (rc != SMIME_OK)
			goto out;
		if (aead) {
			rc = smime_cms__auth_enveloped_data_create(&der, specs, e->count, alg,
								   content, content_len);
			smime_type = "authEnveloped-data";
		} else {
			rc = smime_cms__enveloped_data_create(&der, specs, e->count, alg,
							      content, content_len);
			smime_type = "enveloped-data";
		}
	}
	if (rc == SMIME_OK)
		rc = smime_output__encode(&res, e->opts.outform, smime_type, der.data, der.len);
	if (rc == SMIME_OK)
		smime_buf__move(out, &res);
out:
	free(specs);
	smime_buf_free_secret(&canon);
	smime_buf_free(&der);
	smime_buf_free(&res);
	return rc;
}

SMIME_PUBLIC void smime_encrypt_free(smime_encrypt *e)
{
	if (e == NULL)
		return;
	for (size_t i = 0; i < e->count; i++)
		recipient_clear(&e->recipients[i]);
	free(e->recipients);
	smime_buf_free_secret(&e->content);
	free(e);
}

SMIME_PUBLIC int smime_encrypt_data(smime_buf *out, const smime_encrypt_options *options,
				    const smime_certs *recipients, const void *data, size_t len)
{
	smime_encrypt *e = NULL;
	int rc = smime_encrypt_new(&e, options);
	for (size_t i = 0; rc == SMIME_OK && i < smime_certs_count(recipients); i++)
		rc = smime_encrypt_add_recipient(e, smime_certs_get(recipients, i));
	if (rc == SMIME_OK)
		rc = smime_encrypt_update(e, data, len);
	if (rc == SMIME_OK)
		rc = smime_encrypt_finish(out, e);
	smime_encrypt_free(e);
	return rc;
}
