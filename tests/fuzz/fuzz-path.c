/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz-path: certification path validation (cert/path.c with names.c,
 * crl.c and tlv.c underneath) through smime_cert__validate_ex().
 *
 * Input: up to five items, each a 2-byte big-endian length and that many
 * bytes. Item 0 is the certificate to validate, items 1-3 the pool of
 * intermediates, item 4 a DER CRL given with the message. Items that do
 * not load are skipped. The trust store holds the PKITS trust anchor and
 * a handful of PKITS CRLs; the validation time is 2020-01-01, revocation
 * is required and legacy algorithms are accepted (the PKITS DSA tests).
 * tests/fuzz/make-seeds.sh frames real PKITS chains as seeds.
 */
#include "fuzz.h"

#include <stdbool.h>
#include <stdlib.h>

#include "cert/cert-private.h"

#define MAX_ITEMS 5
#define MAX_POOL 3

/* 2020-01-01T00:00:00Z */
#define WHEN ((time_t)1577836800)

static const char *const fixed_crls[] = {
	"pkits/crls/TrustAnchorRootCRL.crl",
	"pkits/crls/GoodCACRL.crl",
	"pkits/crls/RevokedsubCACRL.crl",
	"pkits/crls/nameConstraintsDN1CACRL.crl",
	"pkits/crls/deltaCRLCA1CRL.crl",
	"pkits/crls/deltaCRLCA1deltaCRL.crl",
	"pkits/crls/indirectCRLCA1CRL.crl",
	"pkits/crls/distributionPoint1CACRL.crl",
	"pkits/crls/onlySomeReasonsCA1compromiseCRL.crl",
	"pkits/crls/onlySomeReasonsCA1otherreasonsCRL.crl",
	"pkits/crls/BasicSelfIssuedNewKeyCACRL.crl",
};

static smime_trust *trust;

static void init(void)
{
	if (smime_trust_new(&trust) != SMIME_OK ||
	    smime_trust_add_ca_file(trust, fuzz_data_path("pkits/TrustAnchorRootCertificate.crt")) != SMIME_OK)
		abort();
	for (size_t i = 0; i < sizeof(fixed_crls) / sizeof(fixed_crls[0]); i++)
		if (smime_trust_add_crl_file(trust, fuzz_data_path(fixed_crls[i])) != SMIME_OK)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *item[MAX_ITEMS];
	size_t item_len[MAX_ITEMS];
	size_t n = 0, pos = 0;
	smime_cert *leaf = NULL;
	smime_certs *pool = NULL;
	smime_buf crl = SMIME_BUF_INIT;
	smime_validation v = { 0 };
	const char *detail = NULL;

	if (trust == NULL)
		init();
	while (n < MAX_ITEMS && size - pos >= 2) {
		size_t len = (size_t)data[pos] << 8 | data[pos + 1];

		pos += 2;
		if (len > size - pos)
			len = size - pos;
		item[n] = data + pos;
		item_len[n++] = len;
		pos += len;
	}
	if (n == 0 || smime_cert_load_data(&leaf, item[0], item_len[0]) != SMIME_OK)
		return 0;
	if (smime_certs_new(&pool) != SMIME_OK)
		abort();
	for (size_t i = 1; i < n && i <= MAX_POOL; i++) {
		smime_cert *c = NULL;

		if (smime_cert_load_data(&c, item[i], item_len[i]) == SMIME_OK)
			(void)smime_certs__push(pool, c);
	}
	if (n > MAX_POOL + 1) {
		crl.data = (unsigned char *)item[MAX_POOL + 1];
		crl.len = item_len[MAX_POOL + 1];
		v.crls = &crl;
		v.crl_count = 1;
	}
	v.trust = trust;
	v.pool = pool;
	v.purpose = SMIME_PURPOSE_SIGN;
	v.when = WHEN;
	v.allow_legacy = true;
	v.require_revocation = true;
	(void)smime_cert__validate_ex(leaf, &v, &detail);
	/* and without revocation required: other branches of the CRL use */
	v.require_revocation = false;
	v.allow_legacy = (size & 1) != 0;
	(void)smime_cert__validate_ex(leaf, &v, &detail);

	smime_certs_free(pool);
	smime_cert_free(leaf);
	return 0;
}
