/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The public verification operation and its result objects. */
#include "smime/api.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

struct smime_verify {
	smime_verify_options opts;
	smime_buf message;
	smime_buf content;
	bool content_given;
	bool finished;
};

struct smime_signer_result {
	smime_signer_status st;
};

struct smime_verify_result {
	int status;
	smime_buf content;
	bool has_content;
	size_t signer_count;
	smime_signer_result *signers;
};

SMIME_PUBLIC int smime_verify_new(smime_verify **out, const smime_verify_options *options)
{
	smime_verify_options defaults = SMIME_VERIFY_OPTIONS_INIT;
	const unsigned known = SMIME_VERIFY_NO_CHAIN | SMIME_VERIFY_ALLOW_LEGACY |
			       SMIME_VERIFY_AT_SIGNING_TIME | SMIME_VERIFY_REQUIRE_REVOCATION;
	if (out == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	*out = NULL;
	if (options == NULL)
		options = &defaults;
	if ((options->struct_version != 1 && options->struct_version != SMIME_VERIFY_OPTIONS_VERSION) ||
	    (options->flags & ~known) != 0 || options->inform > SMIME_FORMAT_SMIME)
		return SMIME_E_INVALID_ARGUMENT;
	smime_verify *v = calloc(1, sizeof *v);
	if (v == NULL)
		return SMIME_E_NO_MEMORY;
	/* a version-1 structure ends before email */
	if (options->struct_version == 1)
		memcpy(&v->opts, options, offsetof(smime_verify_options, email));
	else
		v->opts = *options;
	*out = v;
	return SMIME_OK;
}

SMIME_PUBLIC int smime_verify_update(smime_verify *v, const void *data, size_t len)
{
	if (v == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (v->finished)
		return SMIME_E_STATE;
	return smime_api__accumulate(&v->message, data, len);
}

SMIME_PUBLIC int smime_verify_content_update(smime_verify *v, const void *data, size_t len)
{
	if (v == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (v->finished)
		return SMIME_E_STATE;
	v->content_given = true;
	if (v->content.data == NULL) {
		int rc = smime_buf__reserve(&v->content, 0);
		if (rc != SMIME_OK)
			return rc;
	}
	return smime_api__accumulate(&v->content, data, len);
}

static int build_result(smime_verify_result **out, smime_signed_data_result *sd)
{
	smime_verify_result *r = calloc(1, sizeof *r);
	if (r == NULL)
		return SMIME_E_NO_MEMORY;
	r->signers = calloc(sd->signer_count ? sd->signer_count : 1, sizeof *r->signers);
	if (r->signers == NULL) {
		free(r);
		return SMIME_E_NO_MEMORY;
	}
	/* Ownership of certificates and content moves into the result. */
	r->signer_count = sd->signer_count;
	for (size_t i = 0; i < sd->signer_count; i++) {
		r->signers[i].st = sd->signers[i];
		memset(&sd->signers[i], 0, sizeof sd->signers[i]);
	}
	r->has_content = sd->has_content;
	smime_buf__move(&r->content, &sd->content);
	/* The overall verdict: every signer must pass; no signer is a failure. */
	r->status = r->signer_count == 0 ? SMIME_E_NO_SIGNER_CERT : SMIME_OK;
	for (size_t i = 0; i < r->signer_count && r->status == SMIME_OK; i++)
		r->status = r->signers[i].st.status;
	*out = r;
	return SMIME_OK;
}

SMIME_PUBLIC int smime_verify_finish(smime_verify_result **out, smime_verify *v)
{
	smime_input in;
	smime_content_info ci;
	smime_signed_data_result sd;
	const uint8_t *detached = NULL;
	size_t detached_len = 0;
	int rc;

	if (out == NULL || v == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	*out = NULL;
	if (v->finished)
		return SMIME_E_STATE;
	v->finished = true;
	rc = smime_input__decode(&in, v->opts.inform, v->message.data, v->message.len);
	if (rc != SMIME_OK)
		return rc;
	if (in.is_mime && in.mime.kind == SMIME_MIME_MULTIPART_SIGNED) {
		detached = in.mime.content.data;
		detached_len = in.mime.content.len;
	} else if (v->content_given) {
		detached = v->content.data;
		detached_len = v->content.len;
	}
	rc = smime_cms__content_info_decode(&ci, in.der.data, in.der.len);
	if (rc != SMIME_OK)
		goto out;
	if (ci.type != SMIME_OID_SIGNED_DATA) {
		rc = SMIME_E_UNSUPPORTED;
		goto out_ci;
	}
	smime_verify_params params = {
		.trust = v->opts.trust,
		.extra = v->opts.certs,
		.no_chain = (v->opts.flags & SMIME_VERIFY_NO_CHAIN) != 0,
		.allow_legacy = (v->opts.flags & SMIME_VERIFY_ALLOW_LEGACY) != 0,
		.when = (time_t)v->opts.time,
		.at_signing_time = (v->opts.flags & SMIME_VERIFY_AT_SIGNING_TIME) != 0,
		.email = v->opts.email,
		.require_revocation = (v->opts.flags & SMIME_VERIFY_REQUIRE_REVOCATION) != 0,
	};
	rc = smime_cms__signed_data_verify(&sd, ci.content.data, ci.content.len,
					   detached, detached_len, &params);
	if (rc == SMIME_OK) {
		rc = build_result(out, &sd);
		smime_cms__signed_data_result_clear(&sd);
		if (rc == SMIME_OK)
			rc = (*out)->status;
	}
out_ci:
	smime_cms__content_info_clear(&ci);
out:
	smime_input__clear(&in);
	return rc;
}

SMIME_PUBLIC void smime_verify_free(smime_verify *v)
{
	if (v == NULL)
		return;
	smime_buf_free(&v->message);
	smime_buf_free(&v->content);
	free(v);
}

SMIME_PUBLIC int smime_verify_data(smime_verify_result **out,
				   const smime_verify_options *options,
				   const void *data, size_t len,
				   const void *content, size_t content_len)
{
	smime_verify *v = NULL;
	int rc;
	if (out != NULL)
		*out = NULL;
	rc = smime_verify_new(&v, options);
	if (rc == SMIME_OK)
		rc = smime_verify_update(v, data, len);
	if (rc == SMIME_OK && content != NULL)
		rc = smime_verify_content_update(v, content, content_len);
	if (rc == SMIME_OK)
		rc = smime_verify_finish(out, v);
	smime_verify_free(v);
	return rc;
}

SMIME_PUBLIC int smime_verify_result_get_status(const smime_verify_result *r)
{
	return r ? r->status : SMIME_E_INVALID_ARGUMENT;
}

SMIME_PUBLIC const unsigned char *smime_verify_result_get_content(const smime_verify_result *r,
								  size_t *len)
{
	if (r == NULL || !r->has_content) {
		if (len)
			*len = 0;
		return NULL;
	}
	if (len)
		*len = r->content.len;
	return r->content.data;
}

SMIME_PUBLIC size_t smime_verify_result_get_signer_count(const smime_verify_result *r)
{
	return r ? r->signer_count : 0;
}

SMIME_PUBLIC const smime_signer_result *smime_verify_result_get_signer(const smime_verify_result *r,
								       size_t index)
{
	if (r == NULL || index >= r->signer_count)
		return NULL;
	return &r->signers[index];
}

SMIME_PUBLIC void smime_verify_result_free(smime_verify_result *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->signer_count; i++)
		smime_cms__signer_status_clear(&r->signers[i].st);
	free(r->signers);
	smime_buf_free(&r->content);
	free(r);
}

SMIME_PUBLIC int smime_signer_result_get_status(const smime_signer_result *s)
{
	return s ? s->st.status : SMIME_E_INVALID_ARGUMENT;
}

SMIME_PUBLIC int smime_signer_result_get_signature_status(const smime_signer_result *s)
{
	return s ? s->st.signature_status : SMIME_E_INVALID_ARGUMENT;
}

SMIME_PUBLIC int smime_signer_result_get_chain_status(const smime_signer_result *s)
{
	return s ? s->st.chain_status : SMIME_E_INVALID_ARGUMENT;
}

SMIME_PUBLIC const char *smime_signer_result_get_detail(const smime_signer_result *s)
{
	return s && s->st.detail ? s->st.detail : "";
}

SMIME_PUBLIC const smime_cert *smime_signer_result_get_cert(const smime_signer_result *s)
{
	return s ? s->st.cert : NULL;
}

SMIME_PUBLIC const char *smime_signer_result_get_digest_name(const smime_signer_result *s)
{
	return s ? smime_oid__name(s->st.digest_oid) : "";
}

SMIME_PUBLIC const char *smime_signer_result_get_signature_name(const smime_signer_result *s)
{
	return s ? smime_oid__name(s->st.signature_oid) : "";
}

SMIME_PUBLIC int64_t smime_signer_result_get_signing_time(const smime_signer_result *s)
{
	return s ? s->st.signing_time : -1;
}

SMIME_PUBLIC int smime_signer_result_is_weak(const smime_signer_result *s)
{
	return s && s->st.weak ? 1 : 0;
}

/* A countersignature's status is an smime_signer_status like its
 * signer's; the public type wraps it as its only member. */
SMIME_PUBLIC size_t smime_signer_result_get_countersigner_count(const smime_signer_result *s)
{
	return s ? s->st.counter_count : 0;
}

SMIME_PUBLIC const smime_signer_result *
smime_signer_result_get_countersigner(const smime_signer_result *s, size_t index)
{
	if (s == NULL || index >= s->st.counter_count)
		return NULL;
	return (const smime_signer_result *)(const void *)&s->st.counters[index];
}

SMIME_PUBLIC const smime_cert *
smime_signer_result_get_encryption_key_preference(const smime_signer_result *s)
{
	return s ? s->st.enc_pref_cert : NULL;
}

SMIME_PUBLIC const char *smime_signer_result_get_note(const smime_signer_result *s)
{
	return s && s->st.note ? s->st.note : "";
}

SMIME_PUBLIC int smime_signer_result_get_chain_status_other(const smime_signer_result *s)
{
	return s ? s->st.chain_status_other : SMIME_E_INVALID_ARGUMENT;
}

SMIME_PUBLIC const char *smime_signer_result_get_chain_detail_other(const smime_signer_result *s)
{
	return s && s->st.chain_detail_other ? s->st.chain_detail_other : "";
}
