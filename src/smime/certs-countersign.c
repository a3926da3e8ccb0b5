/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Public operations on existing SignedData: extracting the certificates a
 * message carries (certificate exchange, RFC 8551 §3.6) and adding
 * countersignatures (RFC 5652 §11.4). */
#include "cms/signature-alg.h"
#include "smime/api.h"

/* The SignedData content of any input format. */
static int signed_data_of(smime_content_info *ci, smime_format inform, const void *data,
			  size_t len)
{
	smime_input in;
	int rc = smime_input__decode(&in, inform, data, len);
	if (rc != SMIME_OK)
		return rc;
	rc = smime_cms__content_info_decode(ci, in.der.data, in.der.len);
	smime_input__clear(&in);
	if (rc == SMIME_OK && ci->type != SMIME_OID_SIGNED_DATA) {
		smime_cms__content_info_clear(ci);
		rc = SMIME_E_UNSUPPORTED;
	}
	return rc;
}

SMIME_PUBLIC int smime_message_get_certs(smime_certs **out, smime_format inform,
					 const void *data, size_t len)
{
	smime_content_info ci;
	smime_certs *list = NULL;
	int rc;

	if (out == NULL || (data == NULL && len > 0))
		return SMIME_E_INVALID_ARGUMENT;
	*out = NULL;
	if ((rc = signed_data_of(&ci, inform, data, len)) != SMIME_OK)
		return rc;
	rc = smime_certs_new(&list);
	if (rc == SMIME_OK)
		rc = smime_cms__signed_data_certs(list, ci.content.data, ci.content.len);
	smime_cms__content_info_clear(&ci);
	if (rc != SMIME_OK) {
		smime_certs_free(list);
		return rc;
	}
	*out = list;
	return SMIME_OK;
}

SMIME_PUBLIC int smime_countersign(smime_buf *out, smime_format outform, const smime_cert *cert,
				   const smime_key *key, const smime_signer_options *options,
				   smime_format inform, const void *data, size_t len)
{
	smime_signer_options o;
	smime_signer_spec spec = { 0 };
	smime_sig_params sp;
	smime_content_info ci;
	smime_buf der = SMIME_BUF_INIT;
	int rc;

	if (out == NULL || cert == NULL || key == NULL || (data == NULL && len > 0) ||
	    outform == SMIME_FORMAT_SMIME)
		return SMIME_E_INVALID_ARGUMENT;
	if ((rc = smime_api__signer_options(&o, options)) != SMIME_OK)
		return rc;
	options = &o;
	/* a countersignature names no encryption certificate */
	if (options->encryption_cert != NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (options->digest != NULL &&
	    (spec.digest = smime_crypto__digest_by_name(options->digest)) == NULL)
		return SMIME_E_UNSUPPORTED;
	spec.pss = (options->flags & SMIME_SIGNER_PSS) != 0;
	spec.use_ski = (options->flags & SMIME_SIGNER_SKI) != 0;
	spec.include_cert = true;
	spec.cert = cert;
	spec.key = key;
	if ((rc = smime_cms__sig_choose(&sp, key, spec.digest, spec.pss)) != SMIME_OK)
		return rc;
	if (!smime_key__matches_cert(key, cert))
		return SMIME_E_KEY_MISMATCH;
	if ((rc = signed_data_of(&ci, inform, data, len)) != SMIME_OK)
		return rc;
	rc = smime_cms__signed_data_countersign(&der, ci.content.data, ci.content.len, &spec, 0);
	smime_cms__content_info_clear(&ci);
	if (rc == SMIME_OK)
		rc = smime_output__encode(out, outform, "signed-data", der.data, der.len);
	smime_buf_free(&der);
	return rc;
}
