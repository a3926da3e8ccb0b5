/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The public signing operation. */
#include "cms/signature-alg.h"
#include "smime/api.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SIGNERS 16

struct smime_sign {
	smime_sign_options opts;
	smime_signer_spec signers[MAX_SIGNERS];
	smime_cert *owned[MAX_SIGNERS];
	smime_cert *owned_enc[MAX_SIGNERS];   /* encryption certificates */
	size_t signer_count;
	smime_certs *extra;
	smime_buf content;
	bool finished;
};

SMIME_PUBLIC int smime_sign_new(smime_sign **out, const smime_sign_options *options)
{
	smime_sign_options defaults = SMIME_SIGN_OPTIONS_INIT;
	if (out == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	*out = NULL;
	if (options == NULL)
		options = &defaults;
	const unsigned known = SMIME_SIGN_DETACHED | SMIME_SIGN_NO_ATTRIBUTES |
			       SMIME_SIGN_NO_CERTS | SMIME_SIGN_CERTS_ONLY;
	if (options->struct_version != SMIME_SIGN_OPTIONS_VERSION ||
	    (options->flags & ~known) != 0 ||
	    options->outform > SMIME_FORMAT_SMIME)
		return SMIME_E_INVALID_ARGUMENT;
	smime_sign *s = calloc(1, sizeof *s);
	if (s == NULL)
		return SMIME_E_NO_MEMORY;
	s->opts = *options;
	int rc = smime_certs_new(&s->extra);
	if (rc != SMIME_OK) {
		free(s);
		return rc;
	}
	*out = s;
	return SMIME_OK;
}

int smime_api__signer_options(smime_signer_options *o, const smime_signer_options *in)
{
	const smime_signer_options defaults = SMIME_SIGNER_OPTIONS_INIT;

	*o = defaults;
	if (in == NULL)
		return SMIME_OK;
	/* a version-1 structure ends before encryption_cert */
	if (in->struct_version == 1)
		memcpy(o, in, offsetof(smime_signer_options, encryption_cert));
	else if (in->struct_version == SMIME_SIGNER_OPTIONS_VERSION)
		*o = *in;
	else
		return SMIME_E_INVALID_ARGUMENT;
	if ((o->flags & ~(SMIME_SIGNER_PSS | SMIME_SIGNER_SKI)) != 0)
		return SMIME_E_INVALID_ARGUMENT;
	return SMIME_OK;
}

SMIME_PUBLIC int smime_sign_add_signer_full(smime_sign *s, const smime_cert *cert,
					    const smime_key *key,
					    const smime_signer_options *options)
{
	smime_signer_options o;
	smime_signer_spec spec = { 0 };
	smime_sig_params sp;
	int rc;

	if (s == NULL || cert == NULL || key == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if ((rc = smime_api__signer_options(&o, options)) != SMIME_OK)
		return rc;
	options = &o;
	if (s->finished || (s->opts.flags & SMIME_SIGN_CERTS_ONLY))
		return SMIME_E_STATE;
	/* the preference is a signed attribute (RFC 8551 §2.5.3) */
	if (options->encryption_cert != NULL && (s->opts.flags & SMIME_SIGN_NO_ATTRIBUTES))
		return SMIME_E_INVALID_ARGUMENT;
	if (s->signer_count == MAX_SIGNERS)
		return SMIME_E_LIMIT;
	if (options->digest != NULL) {
		spec.digest = smime_crypto__digest_by_name(options->digest);
		if (spec.digest == NULL)
			return SMIME_E_UNSUPPORTED;
	}
	spec.pss = (options->flags & SMIME_SIGNER_PSS) != 0;
	spec.use_ski = (options->flags & SMIME_SIGNER_SKI) != 0;
	spec.no_attributes = (s->opts.flags & SMIME_SIGN_NO_ATTRIBUTES) != 0;
	spec.include_cert = (s->opts.flags & SMIME_SIGN_NO_CERTS) == 0;
	/* the key type and digest must make a scheme libsmime signs with */
	if ((rc = smime_cms__sig_choose(&sp, key, spec.digest, spec.pss)) != SMIME_OK)
		return rc;
	if (!smime_key__matches_cert(key, cert))
		return SMIME_E_KEY_MISMATCH;
	if (spec.use_ski) {
		smime_buf ski = SMIME_BUF_INIT;
		rc = smime_cert__ski(cert, &ski);
		smime_buf_free(&ski);
		if (rc != SMIME_OK)
			return SMIME_E_INVALID_ARGUMENT; /* no SubjectKeyIdentifier */
	}
	smime_cert *copy = NULL, *enc = NULL;
	if ((rc = smime_cert_dup(&copy, cert)) != SMIME_OK)
		return rc;
	if (options->encryption_cert != NULL &&
	    (rc = smime_cert_dup(&enc, options->encryption_cert)) != SMIME_OK) {
		smime_cert_free(copy);
		return rc;
	}
	spec.cert = copy;
	spec.key = key;
	spec.digest = sp.digest;
	spec.encryption_cert = enc;
	s->owned[s->signer_count] = copy;
	s->owned_enc[s->signer_count] = enc;
	s->signers[s->signer_count] = spec;
	s->signer_count++;
	return SMIME_OK;
}

SMIME_PUBLIC int smime_sign_add_signer(smime_sign *s, const smime_cert *cert,
				       const smime_key *key)
{
	return smime_sign_add_signer_full(s, cert, key, NULL);
}

SMIME_PUBLIC int smime_sign_add_cert(smime_sign *s, const smime_cert *cert)
{
	if (s == NULL || cert == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (s->finished)
		return SMIME_E_STATE;
	return smime_certs_add(s->extra, cert);
}

SMIME_PUBLIC int smime_sign_update(smime_sign *s, const void *data, size_t len)
{
	if (s == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (s->finished)
		return SMIME_E_STATE;
	return smime_api__accumulate(&s->content, data, len);
}

SMIME_PUBLIC int smime_sign_finish(smime_buf *out, smime_sign *s)
{
	smime_buf canon = SMIME_BUF_INIT, der = SMIME_BUF_INIT, res = SMIME_BUF_INIT;
	const smime_buf *content = &s->content;
	bool detached;
	int rc;

	if (out == NULL || s == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	bool certs_only = (s->opts.flags & SMIME_SIGN_CERTS_ONLY) != 0;
	if (s->finished || (s->signer_count == 0) != certs_only)
		return SMIME_E_STATE;
	if (certs_only && smime_certs_count(s->extra) == 0)
		return SMIME_E_STATE;
	s->finished = true;
	detached = (s->opts.flags & SMIME_SIGN_DETACHED) != 0;
	if (s->opts.outform == SMIME_FORMAT_SMIME) {
		/* RFC 8551 §3.1.1: a MIME entity is signed in canonical form */
		rc = smime_mime__canonicalize(&canon, s->content.data, s->content.len);
		if (rc != SMIME_OK)
			return rc;
		content = &canon;
	}
	for (size_t i = 0; i < s->signer_count; i++)
		if (s->opts.flags & SMIME_SIGN_NO_CERTS)
			s->signers[i].include_cert = false;
	rc = smime_cms__signed_data_create(&der, s->signers, s->signer_count,
					   (s->opts.flags & SMIME_SIGN_NO_CERTS) ? NULL : s->extra,
					   content->data, content->len, detached,
					   s->opts.signing_time);
	if (rc != SMIME_OK)
		goto out;
	if (s->opts.outform == SMIME_FORMAT_SMIME && detached)
		rc = smime_mime__write_multipart_signed(&res, s->signers[0].digest->micalg,
							content->data, content->len,
							der.data, der.len);
	else
		rc = smime_output__encode(&res, s->opts.outform,
					  certs_only ? "certs-only" : "signed-data", der.data, der.len);
	if (rc == SMIME_OK)
		smime_buf__move(out, &res);
out:
	smime_buf_free(&canon);
	smime_buf_free(&der);
	smime_buf_free(&res);
	return rc;
}

SMIME_PUBLIC void smime_sign_free(smime_sign *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->signer_count; i++) {
		smime_cert_free(s->owned[i]);
		smime_cert_free(s->owned_enc[i]);
	}
	smime_certs_free(s->extra);
	smime_buf_free_secret(&s->content);
	free(s);
}

SMIME_PUBLIC int smime_sign_data(smime_buf *out, const smime_sign_options *options,
				 const smime_cert *cert, const smime_key *key,
				 const smime_certs *chain, const void *data, size_t len)
{
	smime_sign *s = NULL;
	int rc = smime_sign_new(&s, options);
	if (rc == SMIME_OK)
		rc = smime_sign_add_signer(s, cert, key);
	for (size_t i = 0; rc == SMIME_OK && i < smime_certs_count(chain); i++)
		rc = smime_sign_add_cert(s, smime_certs_get(chain, i));
	if (rc == SMIME_OK)
		rc = smime_sign_update(s, data, len);
	if (rc == SMIME_OK)
		rc = smime_sign_finish(out, s);
	smime_sign_free(s);
	return rc;
}
