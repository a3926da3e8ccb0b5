/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * smime_key: a private key loaded through GnuTLS from PKCS#8 (plain or
 * encrypted), PKCS#1, SEC1, legacy encrypted PEM or PKCS#12, PEM or DER.
 * RSA keys are handed to the crypto layer; the GnuTLS key is kept for the
 * other key types.
 */
#include "cert/cert-private.h"

#include <stdlib.h>
#include <string.h>

#include <gnutls/pkcs12.h>

/* --- the key object ------------------------------------------------------- */

static void free_secret_datum(gnutls_datum_t *d)
{
	if (d->data != NULL) {
		gnutls_memset(d->data, 0, d->size);
		gnutls_free(d->data);
	}
	d->data = NULL;
	d->size = 0;
}

/* Exports the RSA parameters of k->pk into k->rsa and k->rsa_n/rsa_e. */
static int export_rsa(smime_key *k)
{
	gnutls_datum_t m = { NULL, 0 }, e = { NULL, 0 }, d = { NULL, 0 };
	gnutls_datum_t p = { NULL, 0 }, q = { NULL, 0 }, u = { NULL, 0 };
	gnutls_datum_t e1 = { NULL, 0 }, e2 = { NULL, 0 };
	smime_rsa_params rp;
	int grc, rc;

	grc = gnutls_x509_privkey_export_rsa_raw2(k->pk, &m, &e, &d, &p, &q, &u,
						  &e1, &e2);
	if (grc < 0)
		return smime_cert__gnutls_err(grc, SMIME_E_KEY);

	memset(&rp, 0, sizeof(rp));
	rp.n = m.data;
	rp.n_len = m.size;
	rp.e = e.data;
	rp.e_len = e.size;
	rp.d = d.data;
	rp.d_len = d.size;
	rp.p = p.data;
	rp.p_len = p.size;
	rp.q = q.data;
	rp.q_len = q.size;
	/* GnuTLS's coefficient u is the PKCS#1 qInv = q^-1 mod p */
	rp.qinv = u.data;
	rp.qinv_len = u.size;
	rp.dp = e1.data;
	rp.dp_len = e1.size;
	rp.dq = e2.data;
	rp.dq_len = e2.size;

	rc = smime_buf__set(&k->rsa_n, m.data, m.size);
	if (rc == SMIME_OK)
		rc = smime_buf__set(&k->rsa_e, e.data, e.size);
	if (rc == SMIME_OK)
		rc = smime_crypto__rsa_private_new(&k->rsa, &rp);
	if (rc != SMIME_OK && rc != SMIME_E_NO_MEMORY)
		rc = SMIME_E_KEY;

	smime_wipe(&rp, sizeof(rp));
	gnutls_free(m.data);
	gnutls_free(e.data);
	free_secret_datum(&d);
	free_secret_datum(&p);
	free_secret_datum(&q);
	free_secret_datum(&u);
	free_secret_datum(&e1);
	free_secret_datum(&e2);
	return rc;
}

/* Wraps a loaded GnuTLS key (ownership taken, also on error). */
static int key_new(smime_key **out, gnutls_x509_privkey_t pk)
{
	smime_key *k;
	int algo, rc;

	k = calloc(1, sizeof(*k));
	if (k == NULL) {
		gnutls_x509_privkey_deinit(pk);
		return SMIME_E_NO_MEMORY;
	}
	k->pk = pk;
	algo = gnutls_x509_privkey_get_pk_algorithm2(pk, NULL);
	k->type = algo < 0 ? SMIME_PK_UNKNOWN : smime_cert__pk_from_gnutls(algo);
	if (k->type == SMIME_PK_UNKNOWN) {
		smime_key_free(k);
		return SMIME_E_UNSUPPORTED;
	}
	if (k->type == SMIME_PK_RSA && (rc = export_rsa(k)) != SMIME_OK) {
		smime_key_free(k);
		return rc;
	}
	*out = k;
	return SMIME_OK;
}

SMIME_PUBLIC void smime_key_free(smime_key *key)
{
	if (key == NULL)
		return;
	smime_crypto__rsa_key_free(key->rsa);
	if (key->pk != NULL)
		gnutls_x509_privkey_deinit(key->pk);
	smime_buf_free(&key->rsa_n);
	smime_buf_free(&key->rsa_e);
	smime_wipe(key, sizeof(*key));
	free(key);
}

smime_pk_type smime_key__pk_type(const smime_key *k)
{
	return k == NULL ? SMIME_PK_UNKNOWN : k->type;
}

int smime_key__rsa(const smime_key *k, const smime_rsa_key **out)
{
	if (k == NULL || out == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	*out = NULL;
	if (k->type != SMIME_PK_RSA || k->rsa == NULL)
		return SMIME_E_UNSUPPORTED;
	*out = k->rsa;
	return SMIME_OK;
}

static bool same_integer(const uint8_t *a, size_t alen, const uint8_t *b,
			 size_t blen)
{
	while (alen > 0 && a[0] == 0) {
		a++;
		alen--;
	}
	while (blen > 0 && b[0] == 0) {
		b++;
		blen--;
	}
	return alen == blen && (alen == 0 || memcmp(a, b, alen) == 0);
}

static bool rsa_matches(const smime_key *k, const smime_cert *c)
{
	gnutls_datum_t m = { NULL, 0 }, e = { NULL, 0 };
	bool eq;

	if (gnutls_x509_crt_get_pk_rsa_raw(c->crt, &m, &e) < 0)
		return false;
	eq = same_integer(m.data, m.size, k->rsa_n.data, k->rsa_n.len) &&
	     same_integer(e.data, e.size, k->rsa_e.data, k->rsa_e.len);
	gnutls_free(m.data);
	gnutls_free(e.data);
	return eq;
}

bool smime_key__matches_cert(const smime_key *k, const smime_cert *c)
{
	unsigned char kid[64], cid[64];
	size_t klen = sizeof(kid), clen = sizeof(cid);

	if (k == NULL || c == NULL)
		return false;
	if (k->type == SMIME_PK_RSA)
		return smime_cert__pk_type(c) == SMIME_PK_RSA && rsa_matches(k, c);
	/* Other types: the hash of the SubjectPublicKeyInfo. */
	if (gnutls_x509_privkey_get_key_id(k->pk, GNUTLS_KEYID_USE_SHA256, kid,
					   &klen) < 0 ||
	    gnutls_x509_crt_get_key_id(c->crt, GNUTLS_KEYID_USE_SHA256, cid,
				       &clen) < 0)
		return false;
	return klen == clen && memcmp(kid, cid, klen) == 0;
}

/* --- loaders -------------------------------------------------------------- */

static int datum_of(gnutls_datum_t *d, const void *data, size_t len)
{
	if (len > (size_t)UINT32_MAX)
		return SMIME_E_LIMIT;
	d->data = (unsigned char *)data;
	d->size = (unsigned)len;
	return SMIME_OK;
}

static int new_pk(gnutls_x509_privkey_t *pk)
{
	if (gnutls_x509_privkey_init(pk) < 0) {
		*pk = NULL;
		return SMIME_E_NO_MEMORY;
	}
	return SMIME_OK;
}

/* Maps the error of a password-protected import. */
static int password_err(int grc)
{
	if (grc == GNUTLS_E_DECRYPTION_FAILED)
		return SMIME_E_PASSWORD;
	return smime_cert__gnutls_err(grc, SMIME_E_KEY);
}

/* Unencrypted DER: PKCS#8 PrivateKeyInfo, PKCS#1 RSAPrivateKey, SEC1
 * ECPrivateKey or a DSA key. */
static int load_plain_der(smime_key **out, const uint8_t *der, size_t len)
{
	gnutls_x509_privkey_t pk;
	gnutls_datum_t d;
	int grc, rc;

	if ((rc = datum_of(&d, der, len)) != SMIME_OK)
		return rc;
	if ((rc = new_pk(&pk)) != SMIME_OK)
		return rc;
	grc = gnutls_x509_privkey_import_pkcs8(pk, &d, GNUTLS_X509_FMT_DER, NULL,
					       GNUTLS_PKCS_PLAIN);
	if (grc < 0)
		grc = gnutls_x509_privkey_import(pk, &d, GNUTLS_X509_FMT_DER);
	if (grc < 0) {
		gnutls_x509_privkey_deinit(pk);
		return smime_cert__gnutls_err(grc, SMIME_E_KEY);
	}
	return key_new(out, pk);
}

/* DER EncryptedPrivateKeyInfo (PKCS#8, PBES1 or PBES2). */
static int load_encrypted_der(smime_key **out, const uint8_t *der, size_t len,
			      const char *password)
{
	gnutls_x509_privkey_t pk;
	gnutls_datum_t d;
	int grc, rc;

	if (password == NULL)
		return SMIME_E_PASSWORD;
	if ((rc = datum_of(&d, der, len)) != SMIME_OK)
		return rc;
	if ((rc = new_pk(&pk)) != SMIME_OK)
		return rc;
	grc = gnutls_x509_privkey_import_pkcs8(pk, &d, GNUTLS_X509_FMT_DER,
					       password, 0);
	if (grc < 0) {
		gnutls_x509_privkey_deinit(pk);
		return password_err(grc);
	}
	return key_new(out, pk);
}

static void free_crt_list(gnutls_x509_crt_t *list, unsigned n)
{
	if (list == NULL)
		return;
	for (unsigned i = 0; i < n; i++)
		gnutls_x509_crt_deinit(list[i]);
	gnutls_free(list);
}

/* PKCS#12 PFX (DER). The first private key is taken. */
static int load_pkcs12_der(smime_key **out, const uint8_t *der, size_t len,
			   const char *password)
{
	gnutls_pkcs12_t p12 = NULL;
	gnutls_x509_privkey_t pk = NULL;
	gnutls_x509_crt_t *chain = NULL, *extra = NULL;
	gnutls_x509_crl_t crl = NULL;
	unsigned chain_len = 0, extra_len = 0;
	gnutls_datum_t d;
	int grc, rc;

	if ((rc = datum_of(&d, der, len)) != SMIME_OK)
		return rc;
	if (gnutls_pkcs12_init(&p12) < 0)
		return SMIME_E_NO_MEMORY;
	grc = gnutls_pkcs12_import(p12, &d, GNUTLS_X509_FMT_DER, 0);
	if (grc < 0) {
		rc = smime_cert__gnutls_err(grc, SMIME_E_KEY);
		goto out;
	}
	if (password == NULL) {
		rc = SMIME_E_PASSWORD;
		goto out;
	}
	/* A file without MacData is accepted; a present MAC must verify. */
	grc = gnutls_pkcs12_verify_mac(p12, password);
	if (grc == GNUTLS_E_MAC_VERIFY_FAILED) {
		rc = SMIME_E_PASSWORD;
		goto out;
	}
	if (grc == GNUTLS_E_UNKNOWN_HASH_ALGORITHM ||
	    grc == GNUTLS_E_UNKNOWN_ALGORITHM || grc == GNUTLS_E_MEMORY_ERROR) {
		rc = smime_cert__gnutls_err(grc, SMIME_E_KEY);
		goto out;
	}
	grc = gnutls_pkcs12_simple_parse(p12, password, &pk, &chain, &chain_len,
					 &extra, &extra_len, &crl, 0);
	if (grc < 0) {
		rc = password_err(grc);
		goto out;
	}
	if (pk == NULL) {
		rc = SMIME_E_KEY;
		goto out;
	}
	rc = key_new(out, pk);
	pk = NULL;
out:
	if (pk != NULL)
		gnutls_x509_privkey_deinit(pk);
	free_crt_list(chain, chain_len);
	free_crt_list(extra, extra_len);
	if (crl != NULL)
		gnutls_x509_crl_deinit(crl);
	gnutls_pkcs12_deinit(p12);
	return rc;
}

/* Offset and value of the first element inside the outer SEQUENCE. */
static int first_inner(const uint8_t *der, size_t len, size_t *off)
{
	size_t tlv;
	int rc = smime_cert__tlv_len(der, len, &tlv);

	if (rc != SMIME_OK)
		return rc;
	if (der[0] != 0x30 || tlv != len)
		return SMIME_E_KEY;
	*off = der[1] < 0x80 ? 2 : 2 + (size_t)(der[1] & 0x7f);
	if (*off + 3 > len)
		return SMIME_E_KEY;
	return SMIME_OK;
}

static int load_der(smime_key **out, const uint8_t *der, size_t len,
		    const char *password)
{
	size_t off;
	int rc = first_inner(der, len, &off);

	if (rc == SMIME_E_MALFORMED)
		return SMIME_E_KEY;
	if (rc != SMIME_OK)
		return rc;
	/* EncryptedPrivateKeyInfo starts with an AlgorithmIdentifier. */
	if (der[off] == 0x30)
		return load_encrypted_der(out, der, len, password);
	/* PFX starts with version INTEGER 3; the key formats with 0 or 1. */
	if (der[off] == 0x02 && der[off + 1] == 1 && der[off + 2] == 3)
		return load_pkcs12_der(out, der, len, password);
	return load_plain_der(out, der, len);
}

/* A traditional OpenSSL key with "Proc-Type: 4,ENCRYPTED" and "DEK-Info"
 * headers: GnuTLS parses the whole PEM block. */
static int load_legacy_pem(smime_key **out, const smime_pem_block *blk,
			   const char *password)
{
	gnutls_x509_privkey_t pk;
	gnutls_datum_t d;
	int grc, rc;

	if (password == NULL)
		return SMIME_E_PASSWORD;
	if ((rc = datum_of(&d, blk->begin, (size_t)(blk->end - blk->begin))) != SMIME_OK)
		return rc;
	if ((rc = new_pk(&pk)) != SMIME_OK)
		return rc;
	grc = gnutls_x509_privkey_import_openssl(pk, &d, password);
	if (grc < 0) {
		gnutls_x509_privkey_deinit(pk);
		return password_err(grc);
	}
	return key_new(out, pk);
}

static const char *const key_labels[] = {
	"PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "RSA PRIVATE KEY",
	"EC PRIVATE KEY", "DSA PRIVATE KEY", "PKCS12",
};

static bool is_key_block(const smime_pem_block *blk)
{
	for (size_t i = 0; i < SMIME_ARRAY_SIZE(key_labels); i++)
		if (smime_cert__pem_is(blk, key_labels[i]))
			return true;
	return false;
}

static int load_pem(smime_key **out, const uint8_t *data, size_t len,
		    const char *password)
{
	smime_buf der = SMIME_BUF_INIT;
	smime_pem_block blk;
	size_t pos = 0;
	int rc;

	for (;;) {
		if (smime_cert__pem_next(data, len, &pos, &blk) != SMIME_OK)
			return SMIME_E_KEY;
		if (is_key_block(&blk))
			break;
	}
	if (blk.encrypted)
		return load_legacy_pem(out, &blk, password);
	rc = smime_base64__decode(&der, blk.body, blk.body_len);
	if (rc == SMIME_E_MALFORMED)
		rc = SMIME_E_KEY;
	if (rc == SMIME_OK) {
		if (smime_cert__pem_is(&blk, "ENCRYPTED PRIVATE KEY"))
			rc = load_encrypted_der(out, der.data, der.len, password);
		else if (smime_cert__pem_is(&blk, "PKCS12"))
			rc = load_pkcs12_der(out, der.data, der.len, password);
		else
			rc = load_plain_der(out, der.data, der.len);
	}
	smime_buf_free_secret(&der);
	return rc;
}

SMIME_PUBLIC int smime_key_load_data(smime_key **out, const void *data,
				     size_t len, const char *password)
{
	const uint8_t *p = data;

	if (out == NULL || (data == NULL && len > 0))
		return SMIME_E_INVALID_ARGUMENT;
	*out = NULL;
	if (len == 0)
		return SMIME_E_KEY;
	if (p[0] == 0x30 && !smime_cert__is_pem(p, len))
		return load_der(out, p, len, password);
	return load_pem(out, p, len, password);
}

SMIME_PUBLIC int smime_key_load_file(smime_key **out, const char *path,
				     const char *password)
{
	smime_buf buf = SMIME_BUF_INIT;
	int rc;

	if (out == NULL || path == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	*out = NULL;
	if ((rc = smime_file__read(&buf, path)) != SMIME_OK)
		return rc;
	rc = smime_key_load_data(out, buf.data, buf.len, password);
	smime_buf_free_secret(&buf);
	return rc;
}
