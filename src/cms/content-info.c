/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ContentInfo (RFC 5652 §3). */
#include "cms/cms.h"

#include <string.h>

int smime_cms__content_info_decode(smime_content_info *ci, const uint8_t *in, size_t len)
{
	smime_buf norm = SMIME_BUF_INIT;
	asn1_node node = NULL;
	int rc;

	memset(ci, 0, sizeof *ci);
	rc = smime_der__normalize(&norm, in, len, false);
	if (rc != SMIME_OK)
		return rc;
	rc = smime_der__decode(&node, "CMS.ContentInfo", norm.data, norm.len);
	if (rc != SMIME_OK)
		goto out;
	rc = smime_der__read_oid(node, "contentType", ci->content_type);
	if (rc != SMIME_OK)
		goto out;
	ci->type = smime_oid__lookup(ci->content_type);
	rc = smime_der__read(&ci->content, node, "content");
out:
	smime_der__free(&node);
	smime_buf_free(&norm);
	if (rc != SMIME_OK)
		smime_cms__content_info_clear(ci);
	return rc;
}

void smime_cms__content_info_clear(smime_content_info *ci)
{
	smime_buf_free(&ci->content);
	memset(ci, 0, sizeof *ci);
}

int smime_cms__content_info_encode(smime_buf *out, smime_oid_id type,
				   const uint8_t *content, size_t len)
{
	asn1_node node = NULL;
	int rc = smime_der__create(&node, "CMS.ContentInfo");
	if (rc != SMIME_OK)
		return rc;
	rc = smime_der__write_str(node, "contentType", smime_oid__dotted(type));
	if (rc == SMIME_OK)
		rc = smime_der__write(node, "content", content, len);
	if (rc == SMIME_OK)
		rc = smime_der__encode(out, node, NULL);
	smime_der__free(&node);
	return rc;
}
