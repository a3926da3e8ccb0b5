/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * smime_trust: trust anchors, held in a GnuTLS trust list. Anchors added
 * from files or certificates are also kept as smime_certs.
 */
#include "cert/cert-private.h"

#include <limits.h>
#include <stdlib.h>

SMIME_PUBLIC int smime_trust_new(smime_trust **out)
{
	smime_trust *t;

	if (out == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	*out = NULL;
	t = calloc(1, sizeof(*t));
	if (t == NULL)
		return SMIME_E_NO_MEMORY;
	if (gnutls_x509_trust_list_init(&t->tl, 0) < 0) {
		free(t);
		return SMIME_E_NO_MEMORY;
	}
	*out = t;
	return SMIME_OK;
}

SMIME_PUBLIC void smime_trust_free(smime_trust *trust)
{
	if (trust == NULL)
		return;
	gnutls_x509_trust_list_deinit(trust->tl, 1);
	smime_certs__clear(&trust->anchors);
	smime_crl__free_all(trust->crls, trust->crl_count);
	free(trust);
}

SMIME_PUBLIC int smime_trust_add_system(smime_trust *trust)
{
	int grc;

	if (trust == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (trust->system)
		return SMIME_OK;
	grc = gnutls_x509_trust_list_add_system_trust(trust->tl, 0, 0);
	if (grc < 0)
		return smime_cert__gnutls_err(grc, SMIME_E_IO);
	trust->system = true;
	return SMIME_OK;
}

/* Adds one anchor to the GnuTLS list (which owns its own copy). */
static int add_anchor(smime_trust *t, const smime_cert *c)
{
	gnutls_x509_crt_t crt;
	int grc, rc;

	if ((rc = smime_cert__gnutls_copy(c, &crt)) != SMIME_OK)
		return rc;
	/* The list takes the certificates it counts in its return value
	 * (with NO_DUPLICATES it frees a replaced duplicate itself); it
	 * returns fewer only when it could not store them. */
	grc = gnutls_x509_trust_list_add_cas(t->tl, &crt, 1,
					     GNUTLS_TL_NO_DUPLICATES);
	if (grc != 1) {
		gnutls_x509_crt_deinit(crt);
		return grc < 0 ? smime_cert__gnutls_err(grc, SMIME_E_INTERNAL)
			       : SMIME_E_NO_MEMORY;
	}
	return SMIME_OK;
}

/* Moves the certificates of list[from..] into the trust store. */
static int add_parsed(smime_trust *t, size_t from)
{
	for (size_t i = from; i < t->anchors.count; i++) {
		int rc = add_anchor(t, t->anchors.items[i]);
		if (rc != SMIME_OK)
			return rc;
	}
	return SMIME_OK;
}

SMIME_PUBLIC int smime_trust_add_ca_file(smime_trust *trust, const char *path)
{
	smime_buf buf = SMIME_BUF_INIT;
	size_t old;
	int rc;

	if (trust == NULL || path == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if ((rc = smime_file__read(&buf, path)) != SMIME_OK)
		return rc;
	old = trust->anchors.count;
	rc = smime_certs__parse(&trust->anchors, buf.data, buf.len);
	smime_buf_free(&buf);
	if (rc != SMIME_OK)
		return rc;
	return add_parsed(trust, old);
}

SMIME_PUBLIC int smime_trust_add_cert(smime_trust *trust,
				      const smime_cert *cert)
{
	size_t old;
	int rc;

	if (trust == NULL || cert == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	old = trust->anchors.count;
	if ((rc = smime_certs_add(&trust->anchors, cert)) != SMIME_OK)
		return rc;
	return add_parsed(trust, old);
}

/* --- CRLs ------------------------------------------------------------- */

void smime_crl__free_all(gnutls_x509_crl_t *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		gnutls_x509_crl_deinit(list[i]);
	free(list);
}

/* Imports one DER CertificateList and appends it. */
static int crl_push(gnutls_x509_crl_t **list, size_t *count, size_t *cap,
		    const uint8_t *der, size_t len)
{
	gnutls_x509_crl_t crl;
	gnutls_datum_t d;
	int grc;

	if (len > UINT_MAX)
		return SMIME_E_LIMIT;
	if (*count == *cap) {
		size_t ncap = *cap == 0 ? 4 : *cap, bytes;
		gnutls_x509_crl_t *n;
		if (smime_mul_overflows(ncap, 2, &ncap) ||
		    smime_mul_overflows(ncap, sizeof(**list), &bytes))
			return SMIME_E_LIMIT;
		if ((n = realloc(*list, bytes)) == NULL)
			return SMIME_E_NO_MEMORY;
		*list = n;
		*cap = ncap;
	}
	if (gnutls_x509_crl_init(&crl) < 0)
		return SMIME_E_NO_MEMORY;
	d.data = (unsigned char *)der;
	d.size = (unsigned)len;
	grc = gnutls_x509_crl_import(crl, &d, GNUTLS_X509_FMT_DER);
	if (grc < 0) {
		gnutls_x509_crl_deinit(crl);
		return smime_cert__gnutls_err(grc, SMIME_E_MALFORMED);
	}
	(*list)[(*count)++] = crl;
	return SMIME_OK;
}

int smime_crl__parse(gnutls_x509_crl_t **list, size_t *count, size_t *cap,
		     const uint8_t *data, size_t len)
{
	size_t old = *count, pos = 0;
	smime_pem_block blk;
	int rc = SMIME_OK;

	if (len == 0)
		return SMIME_E_MALFORMED;
	if (!smime_cert__is_pem(data, len)) {
		/* one or more concatenated DER CertificateLists */
		while (rc == SMIME_OK && pos < len) {
			size_t tlv;
			if ((rc = smime_cert__tlv_len(data + pos, len - pos, &tlv)) == SMIME_OK)
				rc = crl_push(list, count, cap, data + pos, tlv);
			pos += tlv;
		}
	} else {
		while (rc == SMIME_OK && smime_cert__pem_next(data, len, &pos, &blk) == SMIME_OK) {
			smime_buf der = SMIME_BUF_INIT;
			if (!smime_cert__pem_is(&blk, "X509 CRL"))
				continue;
			rc = smime_base64__decode(&der, blk.body, blk.body_len);
			if (rc == SMIME_OK)
				rc = crl_push(list, count, cap, der.data, der.len);
			smime_buf_free(&der);
		}
		if (rc == SMIME_OK && *count == old)
			rc = SMIME_E_MALFORMED;
	}
	if (rc != SMIME_OK) {
		while (*count > old)
			gnutls_x509_crl_deinit((*list)[--*count]);
	}
	return rc;
}

SMIME_PUBLIC int smime_trust_add_crl_file(smime_trust *trust, const char *path)
{
	smime_buf buf = SMIME_BUF_INIT;
	int rc;

	if (trust == NULL || path == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if ((rc = smime_file__read(&buf, path)) != SMIME_OK)
		return rc;
	rc = smime_crl__parse(&trust->crls, &trust->crl_count, &trust->crl_cap, buf.data,
			      buf.len);
	smime_buf_free(&buf);
	return rc;
}
