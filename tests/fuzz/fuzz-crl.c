/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz-crl: revocation status from a CRL (cert/crl.c).
 *
 * Input: a DER CRL (inputs GnuTLS does not import are skipped). The
 * certificates of data/pkix-crl (PKITS CAs and end entities) and the PKITS
 * CRLs of data/pkits/crls are read once. smime_crl__status() is asked for
 * every certificate whose issuer field names the CRL's issuer (at most a
 * few) and for one more picked by the input size, each with the CA that
 * issued it; the CRLs at hand are the input and the PKITS CRLs of the same
 * issuer (so delta and complete CRLs meet). The CRL signature callback
 * accepts everything, so the scope checks and the entry walk are reached.
 */
#include "fuzz.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cert/pkix.h"

#define MAX_CERTS 128
#define MAX_CRLS 256
#define MAX_ASKED 4
#define MAX_AT_HAND 4

/* 2020-01-01T00:00:00Z: the PKITS CRLs are current then */
#define WHEN ((time_t)1577836800)

typedef struct {
	gnutls_x509_crt_t crt;
	gnutls_datum_t subject, issuer;
} fixed_cert;

static fixed_cert certs[MAX_CERTS];
static size_t cert_count;
static gnutls_x509_crl_t crls[MAX_CRLS];
static gnutls_datum_t crl_issuers[MAX_CRLS];
static size_t crl_count;
static bool ready;

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static void load_dir(const char *rel, const char *suffix, bool crl)
{
	DIR *d = opendir(fuzz_data_path(rel));
	struct dirent *e;

	if (d == NULL)
		abort();
	while ((e = readdir(d)) != NULL) {
		char name[512];
		gnutls_datum_t dt;
		size_t len;

		if (!ends_with(e->d_name, suffix))
			continue;
		if ((size_t)snprintf(name, sizeof(name), "%s/%s", rel, e->d_name) >= sizeof(name))
			abort();
		dt.data = fuzz_read_data(name, &len);
		dt.size = (unsigned)len;
		if (crl && crl_count < MAX_CRLS) {
			gnutls_x509_crl_t c;

			if (gnutls_x509_crl_init(&c) < 0)
				abort();
			if (gnutls_x509_crl_import(c, &dt, GNUTLS_X509_FMT_DER) < 0 ||
			    gnutls_x509_crl_get_raw_issuer_dn(c, &crl_issuers[crl_count]) < 0)
				gnutls_x509_crl_deinit(c);
			else
				crls[crl_count++] = c;
		} else if (!crl && cert_count < MAX_CERTS) {
			fixed_cert *fc = &certs[cert_count];

			if (gnutls_x509_crt_init(&fc->crt) < 0)
				abort();
			if (gnutls_x509_crt_import(fc->crt, &dt, GNUTLS_X509_FMT_DER) < 0 ||
			    gnutls_x509_crt_get_raw_dn(fc->crt, &fc->subject) < 0 ||
			    gnutls_x509_crt_get_raw_issuer_dn(fc->crt, &fc->issuer) < 0)
				gnutls_x509_crt_deinit(fc->crt);
			else
				cert_count++;
		}
		free(dt.data);
	}
	closedir(d);
}

static void init(void)
{
	load_dir("pkix-crl", ".crt", false);
	load_dir("pkits/crls", ".crl", true);
	if (cert_count == 0 || crl_count == 0)
		abort();
	ready = true;
}

static bool same(const gnutls_datum_t *a, const gnutls_datum_t *b)
{
	return a->size == b->size && memcmp(a->data, b->data, a->size) == 0;
}

static int accept_all(void *user, gnutls_x509_crl_t crl, gnutls_x509_crt_t cert_issuer)
{
	return SMIME_OK;
}

/* The CA among the fixed certificates that issued c (NULL if none). */
static gnutls_x509_crt_t issuer_of(const fixed_cert *c)
{
	for (size_t i = 0; i < cert_count; i++)
		if (same(&certs[i].subject, &c->issuer) && &certs[i] != c)
			return certs[i].crt;
	return NULL;
}

static void ask(const smime_rev_ctx *ctx, const fixed_cert *c)
{
	smime_rev_status st;
	const char *why = NULL;

	(void)smime_crl__status(ctx, c->crt, issuer_of(c), &st, &why);
	(void)smime_crl__status(ctx, c->crt, NULL, &st, &why);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gnutls_x509_crl_t at_hand[1 + MAX_AT_HAND];
	gnutls_x509_crl_t crl;
	gnutls_datum_t dt, issuer = { NULL, 0 };
	smime_rev_ctx ctx;
	size_t n = 0, asked = 0;

	if (!ready)
		init();
	if (size == 0 || size > 65536 || gnutls_x509_crl_init(&crl) < 0)
		return 0;
	dt.data = (unsigned char *)data;
	dt.size = (unsigned)size;
	if (gnutls_x509_crl_import(crl, &dt, GNUTLS_X509_FMT_DER) < 0 ||
	    gnutls_x509_crl_get_raw_issuer_dn(crl, &issuer) < 0)
		goto out;

	at_hand[n++] = crl;
	for (size_t i = 0; i < crl_count && n < 1 + MAX_AT_HAND; i++)
		if (same(&crl_issuers[i], &issuer))
			at_hand[n++] = crls[i];
	memset(&ctx, 0, sizeof(ctx));
	ctx.crls = at_hand;
	ctx.crl_count = n;
	ctx.when = WHEN;
	ctx.crl_signed = accept_all;

	for (size_t i = 0; i < cert_count && asked < MAX_ASKED; i++)
		if (same(&certs[i].issuer, &issuer)) {
			ask(&ctx, &certs[i]);
			asked++;
		}
	ask(&ctx, &certs[size % cert_count]);
out:
	gnutls_free(issuer.data);
	gnutls_x509_crl_deinit(crl);
	return 0;
}
