/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Wiping, constant-time comparison and selection. */
#include "util/util.h"

#include <string.h>

void smime_wipe(void *p, size_t len)
{
	if (p == NULL || len == 0)
		return;
	/* glibc's explicit_bzero is specified not to be optimised away. */
	explicit_bzero(p, len);
}

int smime_memeq_ct(const void *a, const void *b, size_t len)
{
	const volatile unsigned char *x = a;
	const volatile unsigned char *y = b;
	unsigned char diff = 0;
	for (size_t i = 0; i < len; i++)
		diff |= x[i] ^ y[i];
	/* 1 when diff == 0, without a branch on diff */
	return (int)(1 & (((unsigned)diff - 1) >> 8));
}

void smime_copy_if_ct(unsigned take, void *dst, const void *src, size_t len)
{
	volatile unsigned char *d = dst;
	const volatile unsigned char *sp = src;
	/* 0xff when take is 1, 0x00 when it is 0, without a branch */
	unsigned char mask = (unsigned char)(0u - (take & 1u));

	for (size_t i = 0; i < len; i++)
		d[i] = (unsigned char)((d[i] & (unsigned char)~mask) | (sp[i] & mask));
}
