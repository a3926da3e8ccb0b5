/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The public decryption operation. It opens every content type that needs
 * a secret: EnvelopedData, AuthEnvelopedData, AuthenticatedData (the
 * content comes out once the MAC has been checked) and EncryptedData (the
 * caller's content-encryption key, given as a KEK without identifier).
 *
 * After a successful finish the attributes of the structure
 * (unprotectedAttrs, authAttrs, unauthAttrs) stay with the operation for
 * smime_decrypt_get_attribute().
 */
#include "smime/api.h"

#include <stdlib.h>
#include <string.h>

_Static_assert((int)SMIME_CMS_ATTRS_UNPROTECTED == (int)SMIME_ATTR_UNPROTECTED &&
		       (int)SMIME_CMS_ATTRS_AUTHENTICATED == (int)SMIME_ATTR_AUTHENTICATED &&
		       (int)SMIME_CMS_ATTRS_UNAUTHENTICATED == (int)SMIME_ATTR_UNAUTHENTICATED,
	       "the attribute set numbers of cms.h are the public ones");

/* More secrets than any caller needs; a bound on the work per message. */
#define MAX_SECRETS 64

typedef enum { SECRET_KEY, SECRET_PASSWORD, SECRET_KEK } secret_kind;

/* One secret as given to the operation. Passwords, KEKs and identifiers
 * are copies, wiped on free; keys are borrowed. */
typedef struct secret {
	secret_kind kind;
	const smime_key *key;
	smime_cert *cert;          /* owned copy, or NULL */
	uint8_t *bytes;            /* the password or the KEK */
	size_t len;
	uint8_t *id;               /* KEK identifier, or NULL */
	size_t id_len;
} secret;

struct smime_decrypt {
	smime_decrypt_options opts;
	secret secrets[MAX_SECRETS];
	size_t count;
	smime_buf message;
	bool finished;
	bool succeeded;
	bool authenticated;
	smime_attr_list attrs;     /* of the message, after success */
};

SMIME_PUBLIC int smime_decrypt_new(smime_decrypt **out, const smime_decrypt_options *options)
{
	smime_decrypt_options defaults = SMIME_DECRYPT_OPTIONS_INIT;
	if (out == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	*out = NULL;
	if (options == NULL)
		options = &defaults;
	if (options->struct_version != SMIME_DECRYPT_OPTIONS_VERSION ||
	    (options->flags & ~SMIME_DECRYPT_REQUIRE_AUTH) != 0 ||
	    options->inform > SMIME_FORMAT_SMIME)
		return SMIME_E_INVALID_ARGUMENT;
	smime_decrypt *d = calloc(1, sizeof *d);
	if (d == NULL)
		return SMIME_E_NO_MEMORY;
	d->opts = *options;
	*out = d;
	return SMIME_OK;
}

static int check_usable(smime_decrypt *d)
{
	if (d == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (d->finished)
		return SMIME_E_STATE;
	if (d->count == MAX_SECRETS)
		return SMIME_E_LIMIT;
	return SMIME_OK;
}

static void secret_clear(secret *s)
{
	smime_cert_free(s->cert);
	if (s->bytes != NULL) {
		smime_wipe(s->bytes, s->len);
		free(s->bytes);
	}
	free(s->id);
	memset(s, 0, sizeof *s);
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

SMIME_PUBLIC int smime_decrypt_add_key(smime_decrypt *d, const smime_key *key,
				       const smime_cert *cert)
{
	int rc = check_usable(d);
	if (rc != SMIME_OK)
		return rc;
	if (key == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (cert != NULL && !smime_key__matches_cert(key, cert))
		return SMIME_E_KEY_MISMATCH;
	secret *s = &d->secrets[d->count];
	memset(s, 0, sizeof *s);
	if (cert != NULL) {
		rc = smime_cert_dup(&s->cert, cert);
		if (rc != SMIME_OK)
			return rc;
	}
	s->kind = SECRET_KEY;
	s->key = key;
	d->count++;
	return SMIME_OK;
}

SMIME_PUBLIC int smime_decrypt_add_password(smime_decrypt *d, const void *password, size_t len)
{
	int rc = check_usable(d);
	if (rc != SMIME_OK)
		return rc;
	if (password == NULL || len == 0)
		return SMIME_E_INVALID_ARGUMENT;
	secret *s = &d->secrets[d->count];
	memset(s, 0, sizeof *s);
	rc = dup_bytes(&s->bytes, password, len);
	if (rc != SMIME_OK)
		return rc;
	s->kind = SECRET_PASSWORD;
	s->len = len;
	d->count++;
	return SMIME_OK;
}

SMIME_PUBLIC int smime_decrypt_add_kek(smime_decrypt *d, const void *kek, size_t kek_len,
				       const void *kek_id, size_t kek_id_len)
{
	int rc = check_usable(d);
	if (rc != SMIME_OK)
		return rc;
	if (kek == NULL || kek_len == 0 || (kek_id != NULL && kek_id_len == 0))
		return SMIME_E_INVALID_ARGUMENT;
	secret *s = &d->secrets[d->count];
	memset(s, 0, sizeof *s);
	rc = dup_bytes(&s->bytes, kek, kek_len);
	if (rc != SMIME_OK)
		return rc;
	s->len = kek_len;
	if (kek_id != NULL) {
		rc = dup_bytes(&s->id, kek_id, kek_id_len);
		if (rc != SMIME_OK) {
			secret_clear(s);
			return rc;
		}
		s->id_len = kek_id_len;
	}
	s->kind = SECRET_KEK;
	d->count++;
	return SMIME_OK;
}

SMIME_PUBLIC int smime_decrypt_is_authenticated(const smime_decrypt *d)
{
	return d != NULL && d->authenticated ? 1 : 0;
}

SMIME_PUBLIC int smime_decrypt_update(smime_decrypt *d, const void *data, size_t len)
{
	if (d == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (d->finished)
		return SMIME_E_STATE;
	return smime_api__accumulate(&d->message, data, len);
}

/* The secrets in the form the recipient layer takes (pointers into d). */
static void secrets_for_recipients(smime_recipient_secret *out, const smime_decrypt *d)
{
	for (size_t i = 0; i < d->count; i++) {
		const secret *s = &d->secrets[i];
		smime_recipient_secret *r = &out[i];
		memset(r, 0, sizeof *r);
		switch (s->kind) {
		case SECRET_KEY:
			r->key = s->key;
			r->cert = s->cert;
			break;
		case SECRET_PASSWORD:
			r->password = s->bytes;
			r->password_len = s->len;
			break;
		case SECRET_KEK:
			r->kek = s->bytes;
			r->kek_len = s->len;
			r->kek_id = s->id;
			r->kek_id_len = s->id_len;
			break;
		}
	}
}

/* EncryptedData: each KEK without identifier is a candidate content key. */
static int open_encrypted(smime_buf *out, smime_attr_list *attrs, const smime_decrypt *d,
			  const uint8_t *der, size_t len)
{
	bool tried = false;

	for (size_t i = 0; i < d->count; i++) {
		const secret *s = &d->secrets[i];
		if (s->kind != SECRET_KEK || s->id != NULL)
			continue;
		tried = true;
		int rc = smime_cms__encrypted_data_decrypt(out, der, len, s->bytes, s->len, attrs);
		if (rc == SMIME_OK || rc == SMIME_E_MALFORMED || rc == SMIME_E_UNSUPPORTED ||
		    rc == SMIME_E_LIMIT || rc == SMIME_E_NO_MEMORY)
			return rc;
		/* a wrong key (or one of the wrong size): try the next */
	}
	return tried ? SMIME_E_DECRYPT : SMIME_E_NO_RECIPIENT;
}

SMIME_PUBLIC int smime_decrypt_finish(smime_buf *out, smime_decrypt *d)
{
	smime_recipient_secret rs[MAX_SECRETS];
	smime_input in;
	smime_content_info ci;
	smime_buf res = SMIME_BUF_INIT;
	smime_attr_list attrs = { NULL, 0 };
	bool require_auth;
	int rc;

	if (out == NULL || d == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (d->finished || d->count == 0)
		return SMIME_E_STATE;
	d->finished = true;
	require_auth = (d->opts.flags & SMIME_DECRYPT_REQUIRE_AUTH) != 0;
	rc = smime_input__decode(&in, d->opts.inform, d->message.data, d->message.len);
	if (rc != SMIME_OK)
		return rc;
	rc = smime_cms__content_info_decode(&ci, in.der.data, in.der.len);
	smime_input__clear(&in);
	if (rc != SMIME_OK)
		return rc;
	secrets_for_recipients(rs, d);

	switch (ci.type) {
	case SMIME_OID_ENVELOPED_DATA:
		/* Refused before anything is decrypted: nothing to leak. */
		if (require_auth)
			rc = SMIME_E_NOT_AUTHENTICATED;
		else
			rc = smime_cms__enveloped_data_decrypt(&res, ci.content.data,
							       ci.content.len, rs, d->count,
							       &attrs);
		break;
	case SMIME_OID_ENCRYPTED_DATA:
		if (require_auth)
			rc = SMIME_E_NOT_AUTHENTICATED;
		else
			rc = open_encrypted(&res, &attrs, d, ci.content.data, ci.content.len);
		break;
	case SMIME_OID_AUTH_ENVELOPED_DATA:
		rc = smime_cms__auth_enveloped_data_decrypt(&res, ci.content.data,
							    ci.content.len, rs, d->count,
							    &attrs);
		if (rc == SMIME_OK)
			d->authenticated = true;
		break;
	case SMIME_OID_AUTH_DATA:
		rc = smime_cms__authenticated_data_verify(&res, ci.content.data, ci.content.len,
							  rs, d->count, &attrs);
		if (rc == SMIME_OK)
			d->authenticated = true;
		break;
	default:
		rc = SMIME_E_UNSUPPORTED;
		break;
	}
	smime_wipe(rs, sizeof rs);
	smime_cms__content_info_clear(&ci);
	if (rc == SMIME_OK) {
		smime_buf__move(out, &res);
		d->attrs = attrs;
		d->succeeded = true;
	} else {
		smime_buf_free_secret(&res);
		smime_cms__attr_list_free(&attrs);
	}
	return rc;
}

SMIME_PUBLIC size_t smime_decrypt_get_attribute_count(const smime_decrypt *d)
{
	return d != NULL && d->succeeded ? d->attrs.count : 0;
}

SMIME_PUBLIC int smime_decrypt_get_attribute(const smime_decrypt *d, size_t index,
					     const char **oid, const char **name,
					     int *protection, const unsigned char **values_der,
					     size_t *values_len)
{
	const smime_attr *a;

	if (d == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (!d->succeeded)
		return SMIME_E_STATE;
	if (index >= d->attrs.count)
		return SMIME_E_INVALID_ARGUMENT;
	a = &d->attrs.items[index];
	if (oid != NULL)
		*oid = a->oid;
	if (name != NULL)
		*name = smime_oid__name(a->oid);
	if (protection != NULL)
		*protection = a->set;
	if (values_der != NULL)
		*values_der = a->value.data;
	if (values_len != NULL)
		*values_len = a->value.len;
	return SMIME_OK;
}

SMIME_PUBLIC void smime_decrypt_free(smime_decrypt *d)
{
	if (d == NULL)
		return;
	for (size_t i = 0; i < d->count; i++)
		secret_clear(&d->secrets[i]);
	smime_cms__attr_list_free(&d->attrs);
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
