/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * KEKRecipientInfo (RFC 5652 §6.2.3): the CEK wrapped with a key the
 * sender and the recipient already share, named by a key identifier.
 * libsmime writes version 4, kekid.keyIdentifier only, and the AES key
 * wrap (RFC 3394) that fits the KEK length (RFC 3565 §2.3.2). On input it
 * also takes AES key wrap with padding (RFC 5649) and the 3DES key wrap
 * (RFC 3217), with absent or NULL parameters.
 */
#include "cms/recipient-private.h"

#include <string.h>

int smime_cms__kekri_build(asn1_node node, const char *path, const smime_recipient_spec *spec,
			   const uint8_t *cek, size_t cek_len)
{
	smime_buf wrapped = SMIME_BUF_INIT;
	char p[SMIME_RI_PATH_MAX];
	smime_oid_id wrap;
	int rc;

	if (spec->kek == NULL || spec->kek_id == NULL || spec->kek_id_len == 0)
		return SMIME_E_INVALID_ARGUMENT;
	wrap = spec->wrap != SMIME_OID_UNKNOWN ? spec->wrap : smime_ri__aes_wrap_for(spec->kek_len);
	if (wrap == SMIME_OID_UNKNOWN || wrap == SMIME_OID_3DES_WRAP ||
	    smime_ri__wrap_kek_len(wrap) != spec->kek_len)
		return SMIME_E_INVALID_ARGUMENT;
	/* a CEK that AES key wrap cannot take goes with the padded variant */
	if ((cek_len < 16 || cek_len % 8 != 0) && wrap != SMIME_OID_AES128_WRAP_PAD &&
	    wrap != SMIME_OID_AES256_WRAP_PAD) {
		if (wrap == SMIME_OID_AES128_WRAP)
			wrap = SMIME_OID_AES128_WRAP_PAD;
		else if (wrap == SMIME_OID_AES256_WRAP)
			wrap = SMIME_OID_AES256_WRAP_PAD;
		else
			return SMIME_E_UNSUPPORTED;
	}
	if ((rc = smime_ri__wrap(wrap, spec->kek, spec->kek_len, cek, cek_len, &wrapped)) != SMIME_OK)
		return rc;
	if ((rc = smime_ri__path(p, path, "version")) != SMIME_OK ||
	    (rc = smime_der__write_uint(node, p, 4)) != SMIME_OK ||
	    (rc = smime_ri__path(p, path, "kekid.keyIdentifier")) != SMIME_OK ||
	    (rc = smime_der__write(node, p, spec->kek_id, spec->kek_id_len)) != SMIME_OK ||
	    (rc = smime_ri__path(p, path, "kekid.date")) != SMIME_OK ||
	    (rc = smime_der__omit(node, p)) != SMIME_OK ||
	    (rc = smime_ri__path(p, path, "kekid.other")) != SMIME_OK ||
	    (rc = smime_der__omit(node, p)) != SMIME_OK ||
	    (rc = smime_ri__path(p, path, "keyEncryptionAlgorithm")) != SMIME_OK ||
	    (rc = smime_cms__write_alg(node, p, wrap, NULL, 0)) != SMIME_OK ||
	    (rc = smime_ri__path(p, path, "encryptedKey")) != SMIME_OK)
		goto out;
	rc = smime_der__write(node, p, wrapped.data, wrapped.len);
out:
	smime_buf_free(&wrapped);
	return rc;
}

int smime_cms__kekri_decrypt(smime_ri_ctx *c, const char *path,
			     const smime_recipient_secret *s, bool *identified)
{
	smime_buf id = SMIME_BUF_INIT, params = SMIME_BUF_INIT, ek = SMIME_BUF_INIT;
	smime_buf cek = SMIME_BUF_INIT;
	char p[SMIME_RI_PATH_MAX];
	smime_oid_id wrap;
	int rc;

	*identified = false;
	if ((rc = smime_ri__path(p, path, "kekid.keyIdentifier")) != SMIME_OK)
		return rc;
	if (smime_der__read(&id, c->node, p) != SMIME_OK)
		return SMIME_E_MALFORMED;
	if (s->kek_id != NULL) {
		bool same = id.len == s->kek_id_len && memcmp(id.data, s->kek_id, id.len) == 0;
		smime_buf_free(&id);
		if (!same)
			return SMIME_E_NO_RECIPIENT;
		*identified = true;
	}
	smime_buf_free(&id);
	if ((rc = smime_ri__path(p, path, "keyEncryptionAlgorithm")) != SMIME_OK)
		return rc;
	if (smime_ri__read_alg(c->node, p, &wrap, &params) != SMIME_OK) {
		rc = SMIME_E_MALFORMED;
		goto out;
	}
	if (smime_ri__wrap_kek_len(wrap) == 0) {
		rc = SMIME_E_UNSUPPORTED;
		goto out;
	}
	if (!smime_ri__params_absent_or_null(&params)) {
		rc = SMIME_E_MALFORMED;
		goto out;
	}
	/* a KEK of another length cannot be this recipient's, unless the
	 * caller named it: then the key is wrong */
	if (smime_ri__wrap_kek_len(wrap) != s->kek_len) {
		rc = *identified ? SMIME_E_DECRYPT : SMIME_E_NO_RECIPIENT;
		goto out;
	}
	if ((rc = smime_ri__path(p, path, "encryptedKey")) != SMIME_OK)
		goto out;
	if (smime_der__read(&ek, c->node, p) != SMIME_OK) {
		rc = SMIME_E_MALFORMED;
		goto out;
	}
	rc = smime_ri__unwrap(wrap, s->kek, s->kek_len, ek.data, ek.len, &cek);
	if (rc == SMIME_OK)
		rc = smime_ri__try(c, cek.data, cek.len);
out:
	smime_buf_free_secret(&cek);
	smime_buf_free(&params);
	smime_buf_free(&ek);
	return rc;
}
