/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The public decryption operation (EnvelopedData). */
#include "smime/api.h"

#include <stdlib.h>

#define MAX_KEYS 16

struct smime_decrypt {
	smime_decrypt_options opts;
	smime_recipient_key keys[MAX_KEYS];
	smime_cert *owned[MAX_KEYS];
	size_t key_count;
	smime_buf message;
	bool finished;
};

SMIME_PUBLIC int smime_decrypt_new(smime_decrypt **out, const smime_decrypt_options *options)
{
	smime_decrypt_options defaults = SMIME_DECRYPT_OPTIONS_INIT;
	if (out == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	*out = NULL;
	if (options == NULL)
		options = &defaults;
	if (options->struct_version != SMIME_DECRYPT_OPTIONS_VERSION || options->flags != 0 ||
	    options->inform > SMIME_FORMAT_SMIME)
		return SMIME_E_INVALID_ARGUMENT;
	smime_decrypt *d = calloc(1, sizeof *d);
	if (d == NULL)
		return SMIME_E_NO_MEMORY;
	d->opts = *options;
	*out = d;
	return SMIME_OK;
}

SMIME_PUBLIC int smime_decrypt_add_key(smime_decrypt *d, const smime_key *key,
				       const smime_cert *cert)
{
	if (d == NULL || key == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (d->finished)
		return SMIME_E_STATE;
	if (d->key_count == MAX_KEYS)
		return SMIME_E_LIMIT;
	if (cert != NULL && !smime_key__matches_cert(key, cert))
		return SMIME_E_KEY_MISMATCH;
	smime_cert *copy = NULL;
	if (cert != NULL) {
		int rc = smime_cert_dup(&copy, cert);
		if (rc != SMIME_OK)
			return rc;
	}
	d->owned[d->key_count] = copy;
	d->keys[d->key_count].key = key;
	d->keys[d->key_count].cert = copy;
	d->key_count++;
	return SMIME_OK;
}

SMIME_PUBLIC int smime_decrypt_update(smime_decrypt *d, const void *data, size_t len)
{
	if (d == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (d->finished)
		return SMIME_E_STATE;
	return smime_api__accumulate(&d->message, data, len);
}

SMIME_PUBLIC int smime_decrypt_finish(smime_buf *out, smime_decrypt *d)
{
	smime_input in;
	smime_content_info ci;
	smime_buf res = SMIME_BUF_INIT;
	int rc;

	if (out == NULL || d == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (d->finished || d->key_count == 0)
		return SMIME_E_STATE;
	d->finished = true;
	rc = smime_input__decode(&in, d->opts.inform, d->message.data, d->message.len);
	if (rc != SMIME_OK)
		return rc;
	rc = smime_cms__content_info_decode(&ci, in.der.data, in.der.len);
	smime_input__clear(&in);
	if (rc != SMIME_OK)
		return rc;
	if (ci.type != SMIME_OID_ENVELOPED_DATA)
		rc = SMIME_E_UNSUPPORTED;
	else
		rc = smime_cms__enveloped_data_decrypt(&res, ci.content.data, ci.content.len,
						       d->keys, d->key_count);
	smime_cms__content_info_clear(&ci);
	if (rc == SMIME_OK)
		smime_buf__move(out, &res);
	return rc;
}

SMIME_PUBLIC void smime_decrypt_free(smime_decrypt *d)
{
	if (d == NULL)
		return;
	for (size_t i = 0; i < d->key_count; i++)
		smime_cert_free(d->owned[i]);
	smime_buf_free(&d->message);
	free(d);
}

SMIME_PUBLIC int smime_decrypt_data(smime_buf *out, const smime_decrypt_options *options,
				    const smime_key *key, const smime_cert *cert,
				    const void *data, size_t len)
{
	smime_decrypt *d = NULL;
	int rc = smime_decrypt_new(&d, options);
	if (rc == SMIME_OK)
		rc = smime_decrypt_add_key(d, key, cert);
	if (rc == SMIME_OK)
		rc = smime_decrypt_update(d, data, len);
	if (rc == SMIME_OK)
		rc = smime_decrypt_finish(out, d);
	smime_decrypt_free(d);
	return rc;
}
