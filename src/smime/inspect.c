/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The public inspect operation. */
#include "smime/api.h"

/* A bare SignerInfos (SET or SEQUENCE OF SignerInfo outside any
 * ContentInfo), as PKCS #7 tools exchange them: tried on binary input that
 * is not a ContentInfo. */
static int inspect_bare(smime_buf *text, smime_format inform, const uint8_t *data, size_t len)
{
	if ((inform != SMIME_FORMAT_AUTO && inform != SMIME_FORMAT_DER) || len < 2 ||
	    (data[0] != 0x31 && data[0] != 0x30))
		return SMIME_E_MALFORMED;
	return smime_cms__inspect_signer_infos(text, data, len, 0);
}

SMIME_PUBLIC int smime_inspect(smime_buf *out, smime_format inform, const void *data, size_t len)
{
	smime_input in;
	smime_buf text = SMIME_BUF_INIT;
	int rc;

	if (out == NULL || (data == NULL && len > 0))
		return SMIME_E_INVALID_ARGUMENT;
	rc = smime_input__decode(&in, inform, data, len);
	if (rc == SMIME_E_MALFORMED) {
		/* a SET is not a ContentInfo: no format claims it */
		if (inspect_bare(&text, inform, data, len) == SMIME_OK) {
			rc = SMIME_OK;
			goto done;
		}
		smime_buf_free(&text);
	}
	if (rc != SMIME_OK)
		return rc;
	if (in.is_mime) {
		if (in.mime.kind == SMIME_MIME_MULTIPART_SIGNED)
			rc = smime_buf__appendf(&text,
				"S/MIME multipart/signed\n  signed content: %zu bytes\n  signature:\n",
				in.mime.content.len);
		else
			rc = smime_buf__appendf(&text,
				"S/MIME application/pkcs7-mime\n  smime-type: %s\n",
				in.mime.smime_type[0] ? in.mime.smime_type : "(none)");
	}
	if (rc == SMIME_OK)
		rc = smime_cms__inspect(&text, in.der.data, in.der.len, in.is_mime ? 2 : 0);
	if (rc == SMIME_E_MALFORMED && !in.is_mime) {
		/* not a ContentInfo: perhaps a bare SignerInfos; the first
		 * error stands otherwise */
		smime_buf_free(&text);
		if (inspect_bare(&text, inform, in.der.data, in.der.len) == SMIME_OK)
			rc = SMIME_OK;
		else
			smime_buf_free(&text);
	}
	smime_input__clear(&in);
done:
	if (rc == SMIME_OK && text.data == NULL)
		rc = smime_buf__reserve(&text, 0);
	if (rc == SMIME_OK)
		smime_buf__move(out, &text);
	smime_buf_free(&text);
	return rc;
}
