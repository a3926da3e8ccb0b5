/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz-names: RFC 5280 name matching and name constraints (cert/names.c).
 *
 * Input: a 2-byte big-endian length, a blob a of that length (cut to what
 * there is), and the rest, blob b. a and b are compared as DER
 * Names (smime_name__equal, smime_name__within both ways). Each blob that
 * imports as a DER certificate is also used: its name constraints are
 * added (smime_nc__add) and checked against a fixed PKITS end entity, the
 * certificate itself and the other blob's certificate; it is checked
 * against the constraints of fixed PKITS CAs of each name form; its raw
 * subject and issuer are compared as Names.
 */
#include "fuzz.h"

#include <stdlib.h>

#include "cert/pkix.h"

static const char *const fixed_cas[] = {
	"pkix-names/nameConstraintsDN1CACert.crt",
	"pkix-names/nameConstraintsDN3subCA2Cert.crt",
	"pkix-names/nameConstraintsRFC822CA1Cert.crt",
	"pkix-names/nameConstraintsDNS2CACert.crt",
	"pkix-names/nameConstraintsURI1CACert.crt",
};
#define N_CAS (sizeof(fixed_cas) / sizeof(fixed_cas[0]))

static gnutls_x509_crt_t fixed_ee;
static smime_nc *fixed_nc[N_CAS];

static gnutls_x509_crt_t load(const char *rel)
{
	gnutls_x509_crt_t crt;
	gnutls_datum_t d;
	size_t len;
	uint8_t *buf = fuzz_read_data(rel, &len);

	d.data = buf;
	d.size = (unsigned)len;
	if (gnutls_x509_crt_init(&crt) < 0 ||
	    gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_DER) < 0)
		abort();
	free(buf);
	return crt;
}

static void init(void)
{
	fixed_ee = load("pkix-names/ValidDNandRFC822nameConstraintsTest27EE.crt");
	for (size_t i = 0; i < N_CAS; i++) {
		gnutls_x509_crt_t ca = load(fixed_cas[i]);

		if (smime_nc__new(&fixed_nc[i]) != SMIME_OK ||
		    smime_nc__add(fixed_nc[i], ca) != SMIME_OK)
			abort();
		gnutls_x509_crt_deinit(ca);
	}
}

static gnutls_x509_crt_t import(const uint8_t *d, size_t len)
{
	gnutls_x509_crt_t crt;
	gnutls_datum_t dt;

	if (len == 0 || len > 65536 || gnutls_x509_crt_init(&crt) < 0)
		return NULL;
	dt.data = (unsigned char *)d;
	dt.size = (unsigned)len;
	if (gnutls_x509_crt_import(crt, &dt, GNUTLS_X509_FMT_DER) < 0) {
		gnutls_x509_crt_deinit(crt);
		return NULL;
	}
	return crt;
}

static void names(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	(void)smime_name__equal(a, alen, b, blen);
	(void)smime_name__equal(a, alen, a, alen);
	(void)smime_name__within(a, alen, b, blen);
	(void)smime_name__within(b, blen, a, alen);
}

static void cert_names(gnutls_x509_crt_t c)
{
	gnutls_datum_t s = { NULL, 0 }, i = { NULL, 0 };

	if (gnutls_x509_crt_get_raw_dn(c, &s) >= 0 &&
	    gnutls_x509_crt_get_raw_issuer_dn(c, &i) >= 0)
		names(s.data, s.size, i.data, i.size);
	gnutls_free(s.data);
	gnutls_free(i.data);
}

static void constraints(gnutls_x509_crt_t c, gnutls_x509_crt_t other)
{
	smime_nc *nc = NULL;

	for (size_t i = 0; i < N_CAS; i++)
		(void)smime_nc__check(fixed_nc[i], c);
	cert_names(c);
	if (smime_nc__new(&nc) != SMIME_OK)
		abort();
	if (smime_nc__add(nc, c) == SMIME_OK) {
		(void)smime_nc__check(nc, fixed_ee);
		(void)smime_nc__check(nc, c);
		if (other != NULL) {
			(void)smime_nc__add(nc, other);
			(void)smime_nc__check(nc, other);
		}
	}
	smime_nc__free(nc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *a, *b;
	size_t alen, blen;
	gnutls_x509_crt_t ca, cb;

	if (fixed_ee == NULL)
		init();
	if (size < 2)
		return 0;
	alen = (size_t)data[0] << 8 | data[1];
	if (alen > size - 2)
		alen = size - 2;
	a = data + 2;
	b = a + alen;
	blen = size - 2 - alen;

	names(a, alen, b, blen);
	ca = import(a, alen);
	cb = import(b, blen);
	if (ca != NULL)
		constraints(ca, cb);
	if (cb != NULL)
		constraints(cb, ca);
	if (ca != NULL)
		gnutls_x509_crt_deinit(ca);
	if (cb != NULL)
		gnutls_x509_crt_deinit(cb);
	return 0;
}
