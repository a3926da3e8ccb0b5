/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* smime_buf: the one byte-buffer type. Always NUL-terminated once allocated. */
#include "util/util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

SMIME_PUBLIC void smime_buf_free(smime_buf *buf)
{
	if (buf == NULL)
		return;
	free(buf->data);
	buf->data = NULL;
	buf->len = 0;
}

SMIME_PUBLIC void smime_buf_free_secret(smime_buf *buf)
{
	if (buf == NULL)
		return;
	if (buf->data != NULL)
		smime_wipe(buf->data, buf->len);
	smime_buf_free(buf);
}

/* Capacity is not stored: we grow geometrically by rounding the allocation
 * to a power of two, which realloc handles cheaply. */
static size_t capacity_for(size_t n)
{
	size_t cap = 64;
	while (cap < n) {
		if (cap > SIZE_MAX / 2)
			return n;
		cap *= 2;
	}
	return cap;
}

int smime_buf__reserve(smime_buf *b, size_t extra)
{
	size_t need;
	if (smime_add_overflows(b->len, extra, &need) ||
	    smime_add_overflows(need, 1, &need))
		return SMIME_E_LIMIT;
	size_t have = b->data ? capacity_for(b->len + 1) : 0;
	if (need <= have)
		return SMIME_OK;
	size_t cap = capacity_for(need);
	unsigned char *p = realloc(b->data, cap);
	if (p == NULL)
		return SMIME_E_NO_MEMORY;
	b->data = p;
	b->data[b->len] = 0;
	return SMIME_OK;
}

int smime_buf__append(smime_buf *b, const void *data, size_t len)
{
	int rc = smime_buf__reserve(b, len);
	if (rc != SMIME_OK)
		return rc;
	if (len > 0)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = 0;
	return SMIME_OK;
}

int smime_buf__append_str(smime_buf *b, const char *s)
{
	return smime_buf__append(b, s, strlen(s));
}

int smime_buf__appendf(smime_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return SMIME_E_INTERNAL;
	int rc = smime_buf__reserve(b, (size_t)n);
	if (rc != SMIME_OK)
		return rc;
	va_start(ap, fmt);
	vsnprintf((char *)b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return SMIME_OK;
}

int smime_buf__set(smime_buf *b, const void *data, size_t len)
{
	smime_buf tmp = SMIME_BUF_INIT;
	int rc = smime_buf__append(&tmp, data, len);
	if (rc != SMIME_OK)
		return rc;
	if (len == 0 && tmp.data == NULL) {
		rc = smime_buf__reserve(&tmp, 0);
		if (rc != SMIME_OK)
			return rc;
	}
	smime_buf_free(b);
	*b = tmp;
	return SMIME_OK;
}

void smime_buf__move(smime_buf *dst, smime_buf *src)
{
	smime_buf_free(dst);
	*dst = *src;
	src->data = NULL;
	src->len = 0;
}

int smime_hex__encode(smime_buf *out, const void *data, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	const unsigned char *p = data;
	size_t need;
	if (smime_mul_overflows(len, 2, &need))
		return SMIME_E_LIMIT;
	int rc = smime_buf__reserve(out, need);
	if (rc != SMIME_OK)
		return rc;
	for (size_t i = 0; i < len; i++) {
		out->data[out->len++] = (unsigned char)digits[p[i] >> 4];
		out->data[out->len++] = (unsigned char)digits[p[i] & 15];
	}
	out->data[out->len] = 0;
	return SMIME_OK;
}
