/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * EC, X25519/X448 and EdDSA keys of certificates and of smime_key, as the
 * raw byte strings the crypto layer works on, and the DER
 * SubjectPublicKeyInfo of a certificate.
 *
 * GnuTLS exports these keys as (curve, x, y[, k]): for the NIST curves x and
 * y are the affine coordinates and k the scalar, as big-endian integers that
 * may carry a leading zero byte or lack leading zero bytes; for X25519,
 * X448, Ed25519 and Ed448 x is the raw public key string and k the raw
 * private key string (RFC 7748, RFC 8032), which are used as they are.
 */
#include "cert/cert-private.h"

#include <string.h>

typedef enum { KIND_NIST, KIND_ECDH, KIND_EDDSA } key_kind;

/* One row per GnuTLS curve this layer hands out. */
static const struct curve_row {
	gnutls_ecc_curve_t gnutls;
	key_kind kind;
	int id;          /* smime_curve or smime_eddsa, after kind */
	size_t size;     /* field element / raw key size in bytes */
} curves[] = {
	{ GNUTLS_ECC_CURVE_SECP256R1, KIND_NIST, SMIME_CURVE_P256, 32 },
	{ GNUTLS_ECC_CURVE_SECP384R1, KIND_NIST, SMIME_CURVE_P384, 48 },
	{ GNUTLS_ECC_CURVE_SECP521R1, KIND_NIST, SMIME_CURVE_P521, 66 },
	{ GNUTLS_ECC_CURVE_X25519, KIND_ECDH, SMIME_CURVE_X25519, 32 },
	{ GNUTLS_ECC_CURVE_X448, KIND_ECDH, SMIME_CURVE_X448, 56 },
	{ GNUTLS_ECC_CURVE_ED25519, KIND_EDDSA, SMIME_EDDSA_ED25519, 32 },
	{ GNUTLS_ECC_CURVE_ED448, KIND_EDDSA, SMIME_EDDSA_ED448, 57 },
};

static const struct curve_row *curve_row(gnutls_ecc_curve_t c)
{
	for (size_t i = 0; i < SMIME_ARRAY_SIZE(curves); i++)
		if (curves[i].gnutls == c)
			return &curves[i];
	return NULL;
}

static void free_datum(gnutls_datum_t *d, bool secret)
{
	if (d->data != NULL) {
		if (secret)
			gnutls_memset(d->data, 0, d->size);
		gnutls_free(d->data);
	}
	d->data = NULL;
	d->size = 0;
}

/* Writes the big-endian integer d into out as exactly size bytes (leading
 * zeros stripped, then left-padded); SMIME_E_KEY if it does not fit. */
static int put_integer(uint8_t *out, size_t size, const gnutls_datum_t *d)
{
	const uint8_t *p = d->data;
	size_t n = d->size;

	while (n > 0 && p[0] == 0) {
		p++;
		n--;
	}
	if (n > size)
		return SMIME_E_KEY;
	memset(out, 0, size - n);
	if (n > 0)
		memcpy(out + size - n, p, n);
	return SMIME_OK;
}

/* The public key string: 04||X||Y for the NIST curves, x as it is for the
 * others. Allocated once at its final size (no stale copies). */
static int make_public(smime_buf *out, const struct curve_row *row,
		       const gnutls_datum_t *x, const gnutls_datum_t *y)
{
	smime_buf tmp = SMIME_BUF_INIT;
	size_t len;
	int rc;

	if (row->kind == KIND_NIST)
		len = 1 + 2 * row->size;
	else if (x->size == row->size)
		len = row->size;
	else
		return SMIME_E_KEY;
	if ((rc = smime_buf__reserve(&tmp, len)) != SMIME_OK)
		return rc;
	if (row->kind == KIND_NIST) {
		tmp.data[0] = 0x04;
		if ((rc = put_integer(tmp.data + 1, row->size, x)) != SMIME_OK ||
		    (rc = put_integer(tmp.data + 1 + row->size, row->size, y)) != SMIME_OK) {
			smime_buf_free(&tmp);
			return rc;
		}
	} else {
		memcpy(tmp.data, x->data, len);
	}
	tmp.len = len;
	tmp.data[len] = 0;
	smime_buf__move(out, &tmp);
	return SMIME_OK;
}

/* The private key string: the scalar padded to the field size (NIST) or
 * the raw string (the others). */
static int make_private(smime_buf *out, const struct curve_row *row,
			const gnutls_datum_t *k)
{
	smime_buf tmp = SMIME_BUF_INIT;
	int rc;

	if (row->kind != KIND_NIST && k->size != row->size)
		return SMIME_E_KEY;
	if ((rc = smime_buf__reserve(&tmp, row->size)) != SMIME_OK)
		return rc;
	if (row->kind == KIND_NIST) {
		rc = put_integer(tmp.data, row->size, k);
		if (rc != SMIME_OK) {
			smime_buf_free_secret(&tmp);
			return rc;
		}
	} else {
		memcpy(tmp.data, k->data, row->size);
	}
	tmp.len = row->size;
	tmp.data[tmp.len] = 0;
	smime_buf_free_secret(out);
	smime_buf__move(out, &tmp);
	return SMIME_OK;
}

static bool kind_fits(smime_pk_type t, key_kind want)
{
	switch (t) {
	case SMIME_PK_EC:
	case SMIME_PK_X25519:
	case SMIME_PK_X448:
		return want == KIND_NIST || want == KIND_ECDH;
	case SMIME_PK_ED25519:
	case SMIME_PK_ED448:
		return want == KIND_EDDSA;
	default:
		return false;
	}
}

static bool row_fits(const struct curve_row *row, bool eddsa)
{
	return row != NULL && (row->kind == KIND_EDDSA) == eddsa;
}

/* The public key of a certificate, for an EC/ECDH (eddsa false) or an
 * EdDSA (eddsa true) caller. */
static int cert_public(const smime_cert *c, bool eddsa, int *id, smime_buf *pub)
{
	gnutls_datum_t x = { NULL, 0 }, y = { NULL, 0 };
	gnutls_ecc_curve_t curve = GNUTLS_ECC_CURVE_INVALID;
	const struct curve_row *row;
	int grc, rc;

	if (c == NULL || id == NULL || pub == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (!kind_fits(smime_cert__pk_type(c), eddsa ? KIND_EDDSA : KIND_NIST))
		return SMIME_E_UNSUPPORTED;
	grc = gnutls_x509_crt_get_pk_ecc_raw(c->crt, &curve, &x, &y);
	if (grc < 0)
		return smime_cert__gnutls_err(grc, SMIME_E_KEY);
	row = curve_row(curve);
	if (!row_fits(row, eddsa)) {
		rc = SMIME_E_UNSUPPORTED;
		goto out;
	}
	if ((rc = make_public(pub, row, &x, &y)) == SMIME_OK)
		*id = row->id;
out:
	free_datum(&x, false);
	free_datum(&y, false);
	return rc;
}

int smime_cert__ec_public(const smime_cert *c, smime_curve *curve, smime_buf *pub)
{
	int id = 0;
	int rc = cert_public(c, false, &id, pub);

	if (rc == SMIME_OK)
		*curve = (smime_curve)id;
	return rc;
}

int smime_cert__eddsa_public(const smime_cert *c, smime_eddsa *v, smime_buf *pub)
{
	int id = 0;
	int rc = cert_public(c, true, &id, pub);

	if (rc == SMIME_OK)
		*v = (smime_eddsa)id;
	return rc;
}

/* The private and public key strings of k. */
static int key_private(const smime_key *k, bool eddsa, int *id, smime_buf *priv,
		       smime_buf *pub)
{
	gnutls_datum_t x = { NULL, 0 }, y = { NULL, 0 }, s = { NULL, 0 };
	gnutls_ecc_curve_t curve = GNUTLS_ECC_CURVE_INVALID;
	smime_buf p = SMIME_BUF_INIT, q = SMIME_BUF_INIT;
	const struct curve_row *row;
	int grc, rc;

	if (k == NULL || id == NULL || priv == NULL || pub == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (k->pk == NULL || !kind_fits(k->type, eddsa ? KIND_EDDSA : KIND_NIST))
		return SMIME_E_UNSUPPORTED;
	grc = gnutls_x509_privkey_export_ecc_raw(k->pk, &curve, &x, &y, &s);
	if (grc < 0)
		return smime_cert__gnutls_err(grc, SMIME_E_KEY);
	row = curve_row(curve);
	if (!row_fits(row, eddsa)) {
		rc = SMIME_E_UNSUPPORTED;
		goto out;
	}
	if ((rc = make_private(&p, row, &s)) != SMIME_OK ||
	    (rc = make_public(&q, row, &x, &y)) != SMIME_OK)
		goto out;
	smime_buf_free_secret(priv);
	smime_buf__move(priv, &p);
	smime_buf__move(pub, &q);
	*id = row->id;
out:
	smime_buf_free_secret(&p);
	smime_buf_free(&q);
	free_datum(&x, false);
	free_datum(&y, false);
	free_datum(&s, true);
	return rc;
}

int smime_key__ec_private(const smime_key *k, smime_curve *curve, smime_buf *priv,
			  smime_buf *pub)
{
	int id = 0;
	int rc = key_private(k, false, &id, priv, pub);

	if (rc == SMIME_OK)
		*curve = (smime_curve)id;
	return rc;
}

int smime_key__eddsa_private(const smime_key *k, smime_eddsa *v, smime_buf *priv,
			     smime_buf *pub)
{
	int id = 0;
	int rc = key_private(k, true, &id, priv, pub);

	if (rc == SMIME_OK)
		*v = (smime_eddsa)id;
	return rc;
}

/* --- SubjectPublicKeyInfo -------------------------------------------------- */

int smime_cert__spki(const smime_cert *c, smime_buf *out)
{
	smime_buf tmp = SMIME_BUF_INIT;
	smime_cert_parts parts;
	int rc;

	if (c == NULL || out == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if ((rc = smime_cert__split(c->der, c->der_len, &parts)) != SMIME_OK)
		return rc;
	if ((rc = smime_buf__set(&tmp, parts.spki.raw, parts.spki.raw_len)) != SMIME_OK) {
		smime_buf_free(&tmp);
		return rc;
	}
	smime_buf__move(out, &tmp);
	return SMIME_OK;
}
