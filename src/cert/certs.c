/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * smime_certs: an ordered list of certificates, and lookups in it by
 * issuer/serial and subjectKeyIdentifier (the two CMS signer / recipient
 * identifiers).
 */
#include "cert/cert-private.h"

#include <stdlib.h>

SMIME_PUBLIC int smime_certs_new(smime_certs **out)
{
	if (out == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	*out = calloc(1, sizeof(**out));
	return *out == NULL ? SMIME_E_NO_MEMORY : SMIME_OK;
}

int smime_certs__push(smime_certs *list, smime_cert *c)
{
	if (list->count == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 8, bytes;
		smime_cert **items;
		if (cap < list->cap ||
		    smime_mul_overflows(cap, sizeof(*items), &bytes)) {
			smime_cert_free(c);
			return SMIME_E_LIMIT;
		}
		items = realloc(list->items, bytes);
		if (items == NULL) {
			smime_cert_free(c);
			return SMIME_E_NO_MEMORY;
		}
		list->items = items;
		list->cap = cap;
	}
	list->items[list->count++] = c;
	return SMIME_OK;
}

void smime_certs__clear(smime_certs *list)
{
	for (size_t i = 0; i < list->count; i++)
		smime_cert_free(list->items[i]);
	free(list->items);
	list->items = NULL;
	list->count = 0;
	list->cap = 0;
}

SMIME_PUBLIC int smime_certs_load_data(smime_certs *list, const void *data,
				       size_t len)
{
	if (list == NULL || (data == NULL && len > 0))
		return SMIME_E_INVALID_ARGUMENT;
	return smime_certs__parse(list, data, len);
}

SMIME_PUBLIC int smime_certs_load_file(smime_certs *list, const char *path)
{
	smime_buf buf = SMIME_BUF_INIT;
	int rc;

	if (list == NULL || path == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if ((rc = smime_file__read(&buf, path)) != SMIME_OK)
		return rc;
	rc = smime_certs__parse(list, buf.data, buf.len);
	smime_buf_free(&buf);
	return rc;
}

SMIME_PUBLIC int smime_certs_add(smime_certs *list, const smime_cert *cert)
{
	smime_cert *c;
	int rc;

	if (list == NULL || cert == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if ((rc = smime_cert_dup(&c, cert)) != SMIME_OK)
		return rc;
	return smime_certs__push(list, c);
}

SMIME_PUBLIC size_t smime_certs_count(const smime_certs *list)
{
	return list == NULL ? 0 : list->count;
}

SMIME_PUBLIC const smime_cert *smime_certs_get(const smime_certs *list,
					       size_t index)
{
	if (list == NULL || index >= list->count)
		return NULL;
	return list->items[index];
}

SMIME_PUBLIC void smime_certs_free(smime_certs *list)
{
	if (list == NULL)
		return;
	smime_certs__clear(list);
	free(list);
}

const smime_cert *smime_certs__find_issuer_serial(const smime_certs *l,
						  const uint8_t *issuer, size_t ilen,
						  const uint8_t *serial, size_t slen)
{
	if (l == NULL)
		return NULL;
	for (size_t i = 0; i < l->count; i++)
		if (smime_cert__matches_issuer_serial(l->items[i], issuer, ilen,
						      serial, slen))
			return l->items[i];
	return NULL;
}

const smime_cert *smime_certs__find_ski(const smime_certs *l,
					const uint8_t *ski, size_t len)
{
	if (l == NULL)
		return NULL;
	for (size_t i = 0; i < l->count; i++)
		if (smime_cert__matches_ski(l->items[i], ski, len))
			return l->items[i];
	return NULL;
}
