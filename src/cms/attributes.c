/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Attributes (RFC 5652 §5.3, §11) and small DER values used in them. */
#include "cms/cms.h"

#include <stdio.h>

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
