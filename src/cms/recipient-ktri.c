/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * KeyTransRecipientInfo (RFC 5652 §6.2.1) with RSA: PKCS#1 v1.5
 * (RFC 3370 §4.2.1) and RSAES-OAEP (RFC 3560, RFC 8017 §7.1). Both decrypt
 * with implicit rejection: a wrong key or a bad padding gives a random CEK,
 * so the failure only shows when the content does not decrypt.
 */
#include "cms/recipient-private.h"

#include <stdlib.h>
#include <string.h>

/* RSAES-OAEP-params (RFC 8017 A.2.1, DER as RFC 4055 §4.1 asks: fields
 * equal to their SHA-1 defaults are omitted). The hash parameters are
 * absent, as for every SHA-2 AlgorithmIdentifier libsmime writes. */
static int oaep_params_der(smime_buf *out, const smime_digest_desc *h)
{
	asn1_node n = NULL;
	smime_buf mgf = SMIME_BUF_INIT;
	smime_oid_id hid = smime_oid__for_digest(h->id);
	int rc;

	if (hid == SMIME_OID_UNKNOWN)
		return SMIME_E_UNSUPPORTED;
	if ((rc = smime_der__create(&n, "CMS.RSAES-OAEP-params")) != SMIME_OK)
		return rc;
	if (h->id == SMIME_DIGEST_SHA1) {
		rc = smime_der__omit(n, "hashAlgorithm");
		if (rc == SMIME_OK)
			rc = smime_der__omit(n, "maskGenAlgorithm");
	} else {
		rc = smime_cms__write_alg(n, "hashAlgorithm", hid, NULL, 0);
		if (rc == SMIME_OK)
			rc = smime_ri__alg_der(&mgf, hid, NULL, 0);
		if (rc == SMIME_OK)
			rc = smime_cms__write_alg(n, "maskGenAlgorithm", SMIME_OID_MGF1,
						  mgf.data, mgf.len);
	}
	if (rc == SMIME_OK)
		rc = smime_der__omit(n, "pSourceAlgorithm");
	if (rc == SMIME_OK)
		rc = smime_der__encode(out, n, NULL);
	smime_buf_free(&mgf);
	smime_der__free(&n);
	return rc;
}

typedef struct oaep_params {
	const smime_digest_desc *hash, *mgf_hash;
	smime_buf label;
} oaep_params;

/* Reads RSAES-OAEP-params with their defaults (SHA-1, MGF1-SHA-1, empty
 * label); params may be empty (absent: all defaults). */
static int oaep_params_read(oaep_params *op, const smime_buf *params)
{
	asn1_node n = NULL, m = NULL;
	smime_buf p = SMIME_BUF_INIT;
	smime_oid_id id;
	int rc = SMIME_OK;

	op->hash = op->mgf_hash = smime_crypto__digest_get(SMIME_DIGEST_SHA1);
	if (params->len == 0 || smime_ri__params_absent_or_null(params))
		return SMIME_OK;
	if ((rc = smime_der__decode(&n, "CMS.RSAES-OAEP-params", params->data,
				    params->len)) != SMIME_OK)
		return SMIME_E_MALFORMED;
	if (smime_der__exists(n, "hashAlgorithm")) {
		if ((rc = smime_ri__read_alg(n, "hashAlgorithm", &id, &p)) != SMIME_OK)
			goto out;
		if ((op->hash = smime_ri__digest_of(id)) == NULL) {
			rc = SMIME_E_UNSUPPORTED;
			goto out;
		}
	}
	if (smime_der__exists(n, "maskGenAlgorithm")) {
		if ((rc = smime_ri__read_alg(n, "maskGenAlgorithm", &id, &p)) != SMIME_OK)
			goto out;
		if (id != SMIME_OID_MGF1) {
			rc = SMIME_E_UNSUPPORTED;
			goto out;
		}
		/* MGF1 parameters: the AlgorithmIdentifier of its hash */
		if (p.len == 0 ||
		    smime_der__decode(&m, "CMS.AlgorithmIdentifier", p.data, p.len) != SMIME_OK) {
			rc = SMIME_E_MALFORMED;
			goto out;
		}
		if ((rc = smime_ri__read_alg(m, "", &id, &p)) != SMIME_OK)
			goto out;
		if ((op->mgf_hash = smime_ri__digest_of(id)) == NULL) {
			rc = SMIME_E_UNSUPPORTED;
			goto out;
		}
	}
	if (smime_der__exists(n, "pSourceAlgorithm")) {
		asn1_node l = NULL;
		if ((rc = smime_ri__read_alg(n, "pSourceAlgorithm", &id, &p)) != SMIME_OK)
			goto out;
		if (id != SMIME_OID_P_SPECIFIED) {
			rc = SMIME_E_UNSUPPORTED;
			goto out;
		}
		/* pSpecified needs its OCTET STRING (the label) */
		if (p.len == 0 ||
		    smime_der__decode(&l, "CMS.MessageDigest", p.data, p.len) != SMIME_OK) {
			rc = SMIME_E_MALFORMED;
			goto out;
		}
		rc = smime_der__read(&op->label, l, "");
		smime_der__free(&l);
	}
out:
	smime_buf_free(&p);
	smime_der__free(&n);
	smime_der__free(&m);
	if (rc != SMIME_OK)
		smime_buf_free(&op->label);
	return rc == SMIME_E_NO_MEMORY || rc == SMIME_E_UNSUPPORTED ? rc :
	       rc == SMIME_OK ? SMIME_OK : SMIME_E_MALFORMED;
}

int smime_cms__ktri_build(asn1_node node, const char *path, const smime_recipient_spec *spec,
			  const uint8_t *cek, size_t cek_len)
{
	smime_rsa_key *rsa = NULL;
	smime_buf params = SMIME_BUF_INIT;
	uint8_t *ek = NULL;
	size_t ek_len = 0;
	char p[SMIME_RI_PATH_MAX];
	const smime_digest_desc *h = NULL;
	int rc;

	if (spec->cert == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (smime_cert__pk_type(spec->cert) != SMIME_PK_RSA)
		return SMIME_E_UNSUPPORTED;
	if ((rc = smime_cert__rsa_public(spec->cert, &rsa)) != SMIME_OK)
		return rc;
	/* §6.2.1: version 0 with issuerAndSerialNumber, 2 with a SKI */
	if ((rc = smime_ri__path(p, path, "version")) != SMIME_OK ||
	    (rc = smime_der__write_uint(node, p, spec->use_ski ? 2 : 0)) != SMIME_OK ||
	    (rc = smime_ri__path(p, path, "rid")) != SMIME_OK ||
	    (rc = smime_ri__write_rid(node, p, spec->cert, spec->use_ski, false)) != SMIME_OK ||
	    (rc = smime_ri__path(p, path, "keyEncryptionAlgorithm")) != SMIME_OK)
		goto out;
	if (spec->oaep) {
		h = spec->oaep_hash ? spec->oaep_hash : smime_crypto__digest_get(SMIME_DIGEST_SHA256);
		if (h == NULL) {
			rc = SMIME_E_INTERNAL;
			goto out;
		}
		if ((rc = oaep_params_der(&params, h)) != SMIME_OK)
			goto out;
		rc = smime_cms__write_alg(node, p, SMIME_OID_RSAES_OAEP, params.data, params.len);
	} else {
		rc = smime_cms__write_alg(node, p, SMIME_OID_RSA_ENCRYPTION, smime_cms__der_null,
					  sizeof smime_cms__der_null);
	}
	if (rc != SMIME_OK)
		goto out;
	if ((ek = malloc(smime_crypto__rsa_size(rsa))) == NULL) {
		rc = SMIME_E_NO_MEMORY;
		goto out;
	}
	if (spec->oaep)
		rc = smime_crypto__rsa_oaep_encrypt(rsa, h, h, NULL, 0, cek, cek_len, ek, &ek_len);
	else
		rc = smime_crypto__rsa_pkcs1_encrypt(rsa, cek, cek_len, ek, &ek_len);
	if (rc != SMIME_OK)
		goto out;
	if ((rc = smime_ri__path(p, path, "encryptedKey")) == SMIME_OK)
		rc = smime_der__write(node, p, ek, ek_len);
out:
	free(ek);
	smime_buf_free(&params);
	smime_crypto__rsa_key_free(rsa);
	return rc;
}

int smime_cms__ktri_unwrap(smime_ri_ctx *c, const char *path, const smime_recipient_secret *s,
			   bool *identified, smime_buf *cek, unsigned *valid)
{
	const smime_rsa_key *rsa;
	smime_buf ek = SMIME_BUF_INIT, params = SMIME_BUF_INIT;
	oaep_params op = { NULL, NULL, SMIME_BUF_INIT };
	char p[SMIME_RI_PATH_MAX];
	smime_oid_id alg;
	int rc;

	*identified = false;
	*valid = 0;
	if (smime_key__pk_type(s->key) != SMIME_PK_RSA || smime_key__rsa(s->key, &rsa) != SMIME_OK)
		return SMIME_E_NO_RECIPIENT;
	if ((rc = smime_ri__path(p, path, "keyEncryptionAlgorithm")) != SMIME_OK)
		return rc;
	if (smime_ri__read_alg(c->node, p, &alg, &params) != SMIME_OK) {
		rc = SMIME_E_MALFORMED;
		goto out;
	}
	if (alg != SMIME_OID_RSA_ENCRYPTION && alg != SMIME_OID_RSAES_OAEP) {
		rc = SMIME_E_NO_RECIPIENT; /* not RSA key transport */
		goto out;
	}
	if ((rc = smime_ri__path(p, path, "encryptedKey")) != SMIME_OK)
		goto out;
	if (smime_der__read(&ek, c->node, p) != SMIME_OK) {
		rc = SMIME_E_MALFORMED;
		goto out;
	}
	if (s->cert != NULL) {
		if ((rc = smime_ri__path(p, path, "rid")) != SMIME_OK)
			goto out;
		if (!smime_ri__rid_matches(c->node, p, s->cert)) {
			rc = SMIME_E_NO_RECIPIENT;
			goto out;
		}
		*identified = true;
	} else if (ek.len != smime_crypto__rsa_size(rsa)) {
		/* no certificate: every RSA recipient whose encrypted key has
		 * the size of our modulus is a candidate */
		rc = SMIME_E_NO_RECIPIENT;
		goto out;
	}
	if (alg == SMIME_OID_RSAES_OAEP &&
	    (rc = oaep_params_read(&op, &params)) != SMIME_OK)
		goto out;
	if ((rc = smime_buf__reserve(cek, c->cek_len)) != SMIME_OK)
		goto out;
	cek->len = c->cek_len;
	/* Implicit rejection: the expected CEK length is given, and a bad
	 * padding yields random bytes of that length, in constant time. */
	if (alg == SMIME_OID_RSAES_OAEP)
		rc = smime_crypto__rsa_oaep_decrypt_ct(rsa, op.hash, op.mgf_hash, op.label.data,
						       op.label.len, ek.data, ek.len, cek->data,
						       cek->len, valid);
	else
		rc = smime_crypto__rsa_pkcs1_decrypt_ct(rsa, ek.data, ek.len, cek->data, cek->len,
							valid);
out:
	if (rc != SMIME_OK)
		smime_buf_free_secret(cek);
	smime_buf_free(&ek);
	smime_buf_free(&params);
	smime_buf_free(&op.label);
	return rc;
}

int smime_cms__ktri_decrypt(smime_ri_ctx *c, const char *path,
			    const smime_recipient_secret *s, bool *identified)
{
	smime_buf cek = SMIME_BUF_INIT;
	unsigned valid;
	int rc = smime_cms__ktri_unwrap(c, path, s, identified, &cek, &valid);

	if (rc == SMIME_OK)
		rc = smime_ri__try(c, cek.data, cek.len);
	smime_buf_free_secret(&cek);
	return rc;
}
