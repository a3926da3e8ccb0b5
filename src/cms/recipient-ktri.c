/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* KeyTransRecipientInfo (RFC 5652 §6.2.1) with RSA PKCS#1 v1.5 (RFC 3370 §4.2.1). */
#include "cms/cms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int smime_cms__ktri_build(asn1_node env, const char *ri_path, const smime_cert *cert,
			  const uint8_t *cek, size_t cek_len)
{
	smime_rsa_key *rsa = NULL;
	uint8_t *ek = NULL;
	size_t ek_len = 0;
	char path[128];
	int rc;

	if (smime_cert__pk_type(cert) != SMIME_PK_RSA)
		return SMIME_E_UNSUPPORTED;
	if ((rc = smime_cert__rsa_public(cert, &rsa)) != SMIME_OK)
		return rc;
	/* rid is issuerAndSerialNumber, so version 0 (§6.2.1) */
	snprintf(path, sizeof path, "%s.version", ri_path);
	if ((rc = smime_der__write_uint(env, path, 0)) != SMIME_OK)
		goto out;
	snprintf(path, sizeof path, "%s.rid", ri_path);
	if ((rc = smime_der__write_str(env, path, "issuerAndSerialNumber")) != SMIME_OK)
		goto out;
	snprintf(path, sizeof path, "%s.rid.issuerAndSerialNumber", ri_path);
	if ((rc = smime_cms__write_issuer_serial(env, path, cert)) != SMIME_OK)
		goto out;
	snprintf(path, sizeof path, "%s.keyEncryptionAlgorithm", ri_path);
	rc = smime_cms__write_alg(env, path, SMIME_OID_RSA_ENCRYPTION, smime_cms__der_null,
				  sizeof smime_cms__der_null);
	if (rc != SMIME_OK)
		goto out;
	ek = malloc(smime_crypto__rsa_size(rsa));
	if (ek == NULL) {
		rc = SMIME_E_NO_MEMORY;
		goto out;
	}
	if ((rc = smime_crypto__rsa_pkcs1_encrypt(rsa, cek, cek_len, ek, &ek_len)) != SMIME_OK)
		goto out;
	snprintf(path, sizeof path, "%s.encryptedKey", ri_path);
	rc = smime_der__write(env, path, ek, ek_len);
out:
	free(ek);
	smime_crypto__rsa_key_free(rsa);
	return rc;
}

bool smime_cms__ktri_matches(asn1_node env, const char *ri_path,
			     const smime_recipient_key *rk)
{
	char path[128], choice[64], oid[SMIME_OID_MAX];
	smime_buf a = SMIME_BUF_INIT, b = SMIME_BUF_INIT;
	bool match = false;

	if (smime_key__pk_type(rk->key) != SMIME_PK_RSA)
		return false;
	snprintf(path, sizeof path, "%s.keyEncryptionAlgorithm.algorithm", ri_path);
	if (smime_der__read_oid(env, path, oid) != SMIME_OK ||
	    smime_oid__lookup(oid) != SMIME_OID_RSA_ENCRYPTION)
		return false;
	if (rk->cert == NULL) {
		/* No certificate: every RSA recipient whose encrypted key has the
		 * size of our modulus is a candidate. */
		const smime_rsa_key *rsa;
		snprintf(path, sizeof path, "%s.encryptedKey", ri_path);
		if (smime_key__rsa(rk->key, &rsa) == SMIME_OK &&
		    smime_der__read(&a, env, path) == SMIME_OK)
			match = a.len == smime_crypto__rsa_size(rsa);
		smime_buf_free(&a);
		return match;
	}
	snprintf(path, sizeof path, "%s.rid", ri_path);
	if (smime_der__read_choice(env, path, choice, sizeof choice) != SMIME_OK)
		return false;
	if (strcmp(choice, "issuerAndSerialNumber") == 0) {
		snprintf(path, sizeof path, "%s.rid.issuerAndSerialNumber.issuer", ri_path);
		if (smime_der__read(&a, env, path) == SMIME_OK) {
			snprintf(path, sizeof path, "%s.rid.issuerAndSerialNumber.serialNumber", ri_path);
			if (smime_der__read(&b, env, path) == SMIME_OK)
				match = smime_cert__matches_issuer_serial(rk->cert, a.data, a.len,
									  b.data, b.len);
		}
	} else if (strcmp(choice, "subjectKeyIdentifier") == 0) {
		snprintf(path, sizeof path, "%s.rid.subjectKeyIdentifier", ri_path);
		if (smime_der__read(&a, env, path) == SMIME_OK)
			match = smime_cert__matches_ski(rk->cert, a.data, a.len);
	}
	smime_buf_free(&a);
	smime_buf_free(&b);
	return match;
}

int smime_cms__ktri_decrypt(asn1_node env, const char *ri_path,
			    const smime_recipient_key *rk, uint8_t *cek, size_t cek_len)
{
	const smime_rsa_key *rsa;
	smime_buf ek = SMIME_BUF_INIT;
	char path[128];
	int rc = smime_key__rsa(rk->key, &rsa);
	if (rc != SMIME_OK)
		return rc;
	snprintf(path, sizeof path, "%s.encryptedKey", ri_path);
	if ((rc = smime_der__read(&ek, env, path)) != SMIME_OK)
		return rc;
	/* Implicit rejection: a bad padding or a wrong key yields a random CEK
	 * of the expected length, so the failure only shows when the content
	 * does not decrypt, exactly as for a corrupted message. */
	rc = smime_crypto__rsa_pkcs1_decrypt_implicit(rsa, ek.data, ek.len, cek, cek_len);
	smime_buf_free(&ek);
	return rc;
}
