/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PLACEHOLDER being replaced by the names helper: bytewise comparison. */
#include "cert/pkix.h"

#include <stdlib.h>
#include <string.h>

struct smime_nc {
	int unused;
};

bool smime_name__equal(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	return alen == blen && memcmp(a, b, alen) == 0;
}

bool smime_name__within(const uint8_t *name, size_t nlen, const uint8_t *base, size_t blen)
{
	(void)name; (void)nlen; (void)base; (void)blen;
	return false;
}

int smime_nc__new(smime_nc **out)
{
	*out = calloc(1, sizeof(**out));
	return *out != NULL ? SMIME_OK : SMIME_E_NO_MEMORY;
}

void smime_nc__free(smime_nc *nc)
{
	free(nc);
}

int smime_nc__add(smime_nc *nc, gnutls_x509_crt_t ca)
{
	(void)nc; (void)ca;
	return SMIME_OK;
}

int smime_nc__check(const smime_nc *nc, gnutls_x509_crt_t c)
{
	(void)nc; (void)c;
	return SMIME_OK;
}
