/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The public encryption operation (EnvelopedData). */
#include "smime/api.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

struct smime_encrypt {
	smime_encrypt_options opts;
	smime_certs *recipients;
	smime_buf content;
	bool finished;
};

static const smime_cipher_desc *cipher_for(smime_cipher c)
{
	switch (c) {
	case SMIME_CIPHER_AES128_CBC:
		return smime_crypto__cipher_get(SMIME_CIPHER_ID_AES128_CBC);
	case SMIME_CIPHER_AES192_CBC:
		return smime_crypto__cipher_get(SMIME_CIPHER_ID_AES192_CBC);
	case SMIME_CIPHER_DEFAULT:
	case SMIME_CIPHER_AES256_CBC:
		return smime_crypto__cipher_get(SMIME_CIPHER_ID_AES256_CBC);
	default:
		return NULL;
	}
}

SMIME_PUBLIC int smime_encrypt_new(smime_encrypt **out, const smime_encrypt_options *options)
{
	smime_encrypt_options defaults = SMIME_ENCRYPT_OPTIONS_INIT;
	if (out == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	*out = NULL;
	if (options == NULL)
		options = &defaults;
	if ((options->struct_version != 1 && options->struct_version != SMIME_ENCRYPT_OPTIONS_VERSION) ||
	    options->flags != 0 ||
	    cipher_for(options->cipher) == NULL || options->outform > SMIME_FORMAT_SMIME)
		return SMIME_E_INVALID_ARGUMENT;
	smime_encrypt *e = calloc(1, sizeof *e);
	if (e == NULL)
		return SMIME_E_NO_MEMORY;
	/* a version-1 structure ends before mac_algorithm */
	if (options->struct_version == 1) {
		memcpy(&e->opts, options, offsetof(smime_encrypt_options, mac_algorithm));
		e->opts.mac_algorithm = NULL;
	} else {
		e->opts = *options;
	}
	int rc = smime_certs_new(&e->recipients);
	if (rc != SMIME_OK) {
		free(e);
		return rc;
	}
	*out = e;
	return SMIME_OK;
}

SMIME_PUBLIC int smime_encrypt_add_recipient(smime_encrypt *e, const smime_cert *cert)
{
	if (e == NULL || cert == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (e->finished)
		return SMIME_E_STATE;
	if (smime_cert__pk_type(cert) != SMIME_PK_RSA)
		return SMIME_E_UNSUPPORTED;
	/* Check the key is usable now rather than at finish. */
	smime_rsa_key *rsa = NULL;
	int rc = smime_cert__rsa_public(cert, &rsa);
	smime_crypto__rsa_key_free(rsa);
	if (rc != SMIME_OK)
		return SMIME_E_KEY;
	return smime_certs_add(e->recipients, cert);
}

SMIME_PUBLIC int smime_encrypt_update(smime_encrypt *e, const void *data, size_t len)
{
	if (e == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (e->finished)
		return SMIME_E_STATE;
	return smime_api__accumulate(&e->content, data, len);
}

SMIME_PUBLIC int smime_encrypt_finish(smime_buf *out, smime_encrypt *e)
{
	smime_buf canon = SMIME_BUF_INIT, der = SMIME_BUF_INIT, res = SMIME_BUF_INIT;
	const smime_buf *content = &e->content;
	int rc;

	if (out == NULL || e == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (e->finished || smime_certs_count(e->recipients) == 0)
		return SMIME_E_STATE;
	e->finished = true;
	if (e->opts.outform == SMIME_FORMAT_SMIME) {
		rc = smime_mime__canonicalize(&canon, e->content.data, e->content.len);
		if (rc != SMIME_OK)
			return rc;
		content = &canon;
	}
	rc = smime_cms__enveloped_data_create(&der, e->recipients, cipher_for(e->opts.cipher),
					      content->data, content->len);
	if (rc == SMIME_OK)
		rc = smime_output__encode(&res, e->opts.outform, "enveloped-data", der.data, der.len);
	if (rc == SMIME_OK)
		smime_buf__move(out, &res);
	smime_buf_free_secret(&canon);
	smime_buf_free(&der);
	smime_buf_free(&res);
	return rc;
}

SMIME_PUBLIC void smime_encrypt_free(smime_encrypt *e)
{
	if (e == NULL)
		return;
	smime_certs_free(e->recipients);
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
