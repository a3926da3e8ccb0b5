/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Does a certificate belong to an e-mail address? (RFC 8550 §3)
 *
 * The addresses of a certificate are its subjectAltName rfc822Names, or,
 * only when it has no subjectAltName, the legacy emailAddress attributes of
 * its subject (smime_cert_get_email() applies that rule). The local part
 * compares exactly (RFC 5321 §2.4: only the receiving host may fold it);
 * the domain part compares without regard to ASCII case (RFC 5280 §7.5).
 */
#include "cert/cert-private.h"

#include <string.h>

/* Most addresses one certificate is searched for. */
#define MAX_ADDRESSES 256

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool address_equal(const char *a, size_t alen, const char *b, size_t blen)
{
	const char *at_a, *at_b;
	size_t local;

	if (a == NULL || b == NULL || alen == 0 || alen != blen)
		return false;
	at_a = memrchr(a, '@', alen);
	at_b = memrchr(b, '@', blen);

	if (at_a == NULL || at_b == NULL)
		return false;
	local = (size_t)(at_a - a);
	if (local != (size_t)(at_b - b) || memcmp(a, b, local) != 0)
		return false;
	for (size_t i = local + 1; i < alen; i++)
		if (ascii_lower(a[i]) != ascii_lower(b[i]))
			return false;
	return true;
}

bool smime_cert__has_email(const smime_cert *c, const char *addr)
{
	size_t alen;

	if (c == NULL || addr == NULL)
		return false;
	alen = strlen(addr);
	for (unsigned i = 0; i < MAX_ADDRESSES; i++) {
		smime_buf e = SMIME_BUF_INIT;
		bool eq;

		if (smime_cert_get_email(&e, c, i) != SMIME_OK) {
			smime_buf_free(&e);
			return false;
		}
		eq = address_equal((const char *)e.data, e.len, addr, alen);
		smime_buf_free(&e);
		if (eq)
			return true;
	}
	return false;
}
