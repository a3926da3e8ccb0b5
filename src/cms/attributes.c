/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Attributes (RFC 5652 §5.3, §11) and small DER values used in them. */
#include "cms/cms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const uint8_t smime_cms__der_null[2] = { 0x05, 0x00 };

int smime_cms__attr_find(asn1_node node, const char *set_path, smime_oid_id type,
			 unsigned *index, unsigned *count)
{
	unsigned n = 0;
	char path[256];
	char oid[SMIME_OID_MAX];
	int rc = smime_der__count(node, set_path, &n);
	if (rc != SMIME_OK)
		return rc;
	*index = 0;
	*count = 0;
	for (unsigned i = 1; i <= n; i++) {
		snprintf(path, sizeof path, "%s%s?%u.attrType", set_path, set_path[0] ? "." : "", i);
		rc = smime_der__read_oid(node, path, oid);
		if (rc != SMIME_OK)
			return rc;
		if (smime_oid__lookup(oid) == type) {
			if (*count == 0)
				*index = i;
			(*count)++;
		}
	}
	return SMIME_OK;
}

int smime_cms__attr_add(asn1_node node, const char *set_path, smime_oid_id type,
			const uint8_t *value, size_t len)
{
	char path[256];
	const char *dot = set_path[0] ? "." : "";
	unsigned n = 0;
	int rc = smime_der__append(node, set_path);
	if (rc == SMIME_OK)
		rc = smime_der__count(node, set_path, &n);
	if (rc != SMIME_OK)
		return rc;
	snprintf(path, sizeof path, "%s%s?%u.attrType", set_path, dot, n);
	rc = smime_der__write_str(node, path, smime_oid__dotted(type));
	if (rc != SMIME_OK)
		return rc;
	snprintf(path, sizeof path, "%s%s?%u.attrValues", set_path, dot, n);
	rc = smime_der__append(node, path);
	if (rc != SMIME_OK)
		return rc;
	snprintf(path, sizeof path, "%s%s?%u.attrValues.?1", set_path, dot, n);
	return smime_der__write(node, path, value, len);
}

/* Encodes a single value of a simple universal type through the module. */
static int der_simple(smime_buf *out, const char *type, const char *path,
		      const void *data, size_t len, bool is_str)
{
	asn1_node node = NULL;
	int rc = smime_der__create(&node, type);
	if (rc != SMIME_OK)
		return rc;
	rc = is_str ? smime_der__write_str(node, path, data)
		    : smime_der__write(node, path, data, len);
	if (rc == SMIME_OK)
		rc = smime_der__encode(out, node, NULL);
	smime_der__free(&node);
	return rc;
}

int smime_cms__der_oid(smime_buf *out, const char *dotted)
{
	return der_simple(out, "CMS.ContentType", "", dotted, 0, true);
}

int smime_cms__der_octets(smime_buf *out, const uint8_t *data, size_t len)
{
	return der_simple(out, "CMS.MessageDigest", "", data, len, false);
}

int smime_cms__der_time(smime_buf *out, int64_t t)
{
	asn1_node node = NULL;
	int rc = smime_der__create(&node, "CMS.Time");
	if (rc != SMIME_OK)
		return rc;
	rc = smime_der__write_time(node, "", t);
	if (rc == SMIME_OK)
		rc = smime_der__encode(out, node, NULL);
	smime_der__free(&node);
	return rc;
}

int smime_cms__write_alg(asn1_node node, const char *path, smime_oid_id oid,
			 const uint8_t *params, size_t params_len)
{
	char p[256];
	const char *dot = path[0] ? "." : "";
	snprintf(p, sizeof p, "%s%salgorithm", path, dot);
	int rc = smime_der__write_str(node, p, smime_oid__dotted(oid));
	if (rc != SMIME_OK)
		return rc;
	snprintf(p, sizeof p, "%s%sparameters", path, dot);
	if (params == NULL)
		return smime_der__omit(node, p);
	return smime_der__write(node, p, params, params_len);
}

void smime_cms__attr_list_free(smime_attr_list *list)
{
	if (list == NULL)
		return;
	for (size_t i = 0; i < list->count; i++)
		smime_buf_free(&list->items[i].value);
	free(list->items);
	list->items = NULL;
	list->count = 0;
}

void smime_cms__attr_list_move(smime_attr_list *dst, smime_attr_list *src)
{
	smime_cms__attr_list_free(dst);
	*dst = *src;
	src->items = NULL;
	src->count = 0;
}

int smime_cms__attr_limit(asn1_node node, const char *const *set_paths, size_t n)
{
	size_t total = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned count = 0;
		int rc = smime_der__count(node, set_paths[i], &count);
		if (rc != SMIME_OK)
			return rc;
		if (count > SMIME_CMS_MAX_ATTRS - total)
			return SMIME_E_LIMIT;
		total += count;
	}
	return SMIME_OK;
}

int smime_cms__attr_list_collect(smime_attr_list *list, asn1_node node, const uint8_t *der,
				 size_t len, const char *set_path, int set)
{
	char path[256];
	const char *dot;
	unsigned n = 0;
	size_t total, bytes, start, end, added = 0;
	smime_attr *items;
	int rc;

	if (list == NULL || node == NULL || der == NULL || set_path == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	dot = set_path[0] ? "." : "";
	if ((rc = smime_der__count(node, set_path, &n)) != SMIME_OK)
		return rc;
	if (n == 0)
		return SMIME_OK;
	if (n > SMIME_CMS_MAX_ATTRS || list->count > SMIME_CMS_MAX_ATTRS - n)
		return SMIME_E_LIMIT;
	total = list->count + n;
	if (smime_mul_overflows(total, sizeof *items, &bytes))
		return SMIME_E_NO_MEMORY;
	items = realloc(list->items, bytes);
	if (items == NULL)
		return SMIME_E_NO_MEMORY;
	list->items = items;
	for (unsigned i = 1; i <= n; i++) {
		smime_attr *a = &items[list->count + added];
		memset(a, 0, sizeof *a);
		a->set = set;
		snprintf(path, sizeof path, "%s%s?%u.attrType", set_path, dot, i);
		if ((rc = smime_der__read_oid(node, path, a->oid)) != SMIME_OK)
			break;
		/* the SET OF values as received, not a re-encoding */
		snprintf(path, sizeof path, "%s%s?%u.attrValues", set_path, dot, i);
		if ((rc = smime_der__range(node, der, len, path, &start, &end)) != SMIME_OK)
			break;
		if (start >= end || end > len || der[start] != 0x31) {
			rc = SMIME_E_MALFORMED;
			break;
		}
		if ((rc = smime_buf__set(&a->value, der + start, end - start)) != SMIME_OK)
			break;
		added++;
	}
	if (rc != SMIME_OK) {
		for (size_t i = 0; i < added; i++)
			smime_buf_free(&items[list->count + i].value);
		return rc;
	}
	list->count = total;
	return SMIME_OK;
}

/* ---------------------------------------------------------------------- */
/* SMIMEEncryptionKeyPreference (RFC 8551 §2.5.3)                          */
/* ---------------------------------------------------------------------- */

int smime_cms__enc_pref_value(smime_buf *out, const smime_cert *cert, bool use_ski)
{
	smime_buf ski = SMIME_BUF_INIT;
	asn1_node n = NULL;
	int rc;

	if (out == NULL || cert == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	/* a certificate without the extension falls back to issuer and serial */
	if (use_ski && smime_cert__ski(cert, &ski) != SMIME_OK)
		use_ski = false;
	rc = smime_der__create(&n, "CMS.SMIMEEncryptionKeyPreference");
	if (rc == SMIME_OK && use_ski) {
		rc = smime_der__write_str(n, "", "subjectAltKeyIdentifier");
		if (rc == SMIME_OK)
			rc = smime_der__write(n, "subjectAltKeyIdentifier", ski.data, ski.len);
	} else if (rc == SMIME_OK) {
		rc = smime_der__write_str(n, "", "issuerAndSerialNumber");
		if (rc == SMIME_OK)
			rc = smime_cms__write_issuer_serial(n, "issuerAndSerialNumber", cert);
	}
	if (rc == SMIME_OK)
		rc = smime_der__encode(out, n, NULL);
	smime_der__free(&n);
	smime_buf_free(&ski);
	return rc;
}

void smime_cms__enc_pref_clear(smime_enc_pref *p)
{
	if (p == NULL)
		return;
	smime_buf_free(&p->issuer);
	smime_buf_free(&p->serial);
	smime_buf_free(&p->key_id);
	memset(p, 0, sizeof *p);
}

static int read_issuer_serial(smime_enc_pref *p, asn1_node n, const char *base)
{
	char path[96];
	int rc;

	p->kind = SMIME_ENC_PREF_ISSUER_SERIAL;
	snprintf(path, sizeof path, "%s%sissuer", base, base[0] ? "." : "");
	if ((rc = smime_der__read(&p->issuer, n, path)) != SMIME_OK)
		return rc;
	snprintf(path, sizeof path, "%s%sserialNumber", base, base[0] ? "." : "");
	return smime_der__read(&p->serial, n, path);
}

int smime_cms__enc_pref_decode(smime_enc_pref *p, const uint8_t *value, size_t len,
			       bool microsoft)
{
	asn1_node n = NULL;
	char choice[64];
	int rc;

	if (p == NULL || value == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	memset(p, 0, sizeof *p);
	if (microsoft) {
		rc = smime_der__decode(&n, "CMS.IssuerAndSerialNumber", value, len);
		if (rc == SMIME_OK)
			rc = read_issuer_serial(p, n, "");
	} else {
		rc = smime_der__decode(&n, "CMS.SMIMEEncryptionKeyPreference", value, len);
		if (rc == SMIME_OK)
			rc = smime_der__read_choice(n, "", choice, sizeof choice);
		if (rc != SMIME_OK) {
			/* nothing to do */
		} else if (strcmp(choice, "issuerAndSerialNumber") == 0) {
			rc = read_issuer_serial(p, n, "issuerAndSerialNumber");
		} else if (strcmp(choice, "receipentKeyId") == 0) {
			p->kind = SMIME_ENC_PREF_RECIPIENT_KEY_ID;
			rc = smime_der__read(&p->key_id, n, "receipentKeyId.subjectKeyIdentifier");
		} else if (strcmp(choice, "subjectAltKeyIdentifier") == 0) {
			p->kind = SMIME_ENC_PREF_SUBJECT_KEY_ID;
			rc = smime_der__read(&p->key_id, n, "subjectAltKeyIdentifier");
		} else {
			rc = SMIME_E_MALFORMED;
		}
	}
	smime_der__free(&n);
	if (rc != SMIME_OK) {
		smime_cms__enc_pref_clear(p);
		return rc == SMIME_E_NO_MEMORY ? rc : SMIME_E_MALFORMED;
	}
	return SMIME_OK;
}

const smime_cert *smime_cms__enc_pref_find(const smime_enc_pref *p, const smime_certs *l)
{
	if (p == NULL || l == NULL)
		return NULL;
	if (p->kind == SMIME_ENC_PREF_ISSUER_SERIAL)
		return smime_certs__find_issuer_serial(l, p->issuer.data, p->issuer.len,
						       p->serial.data, p->serial.len);
	return smime_certs__find_ski(l, p->key_id.data, p->key_id.len);
}
