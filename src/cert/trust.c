/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * smime_trust: trust anchors, held in a GnuTLS trust list. Anchors added
 * from files or certificates are also kept as smime_certs.
 */
#include "cert/cert-private.h"

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
