/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * util: the bottom layer. Byte buffers, wiping, constant-time helpers,
 * base64 and checked arithmetic. Depends on nothing but libc.
 */
#ifndef SMIME_UTIL_H
#define SMIME_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "smime.h"

/* Internal functions are hidden; public ones are marked SMIME_PUBLIC. */
#define SMIME_INTERNAL __attribute__((visibility("hidden")))

#define SMIME_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* --- buffers (util/buf.c) ------------------------------------------------
 * smime_buf always keeps one NUL byte after data[len] once allocated. */
int smime_buf__reserve(smime_buf *b, size_t extra);
int smime_buf__append(smime_buf *b, const void *data, size_t len);
int smime_buf__append_str(smime_buf *b, const char *s);
int smime_buf__appendf(smime_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int smime_buf__set(smime_buf *b, const void *data, size_t len); /* replace */
/* Moves src into dst (dst freed first); src becomes empty. */
void smime_buf__move(smime_buf *dst, smime_buf *src);

/* --- wiping and constant time (util/secure.c) ------------------------- */
/* Overwrites len bytes at p with zeros; never optimised away. */
void smime_wipe(void *p, size_t len);
/* 1 if equal, 0 otherwise; time depends only on len. */
int smime_memeq_ct(const void *a, const void *b, size_t len);
/* Copies len bytes of src to dst when take is 1, leaves dst when it is 0;
 * time and memory accesses do not depend on take (only its low bit
 * counts). */
void smime_copy_if_ct(unsigned take, void *dst, const void *src, size_t len);

/* --- checked arithmetic (util/util.h inline) -------------------------- */
static inline bool smime_add_overflows(size_t a, size_t b, size_t *r)
{
	return __builtin_add_overflow(a, b, r);
}
static inline bool smime_mul_overflows(size_t a, size_t b, size_t *r)
{
	return __builtin_mul_overflow(a, b, r);
}

/* --- base64 (util/base64.c) -------------------------------------------
 * Encoding writes lines of line_len characters (a multiple of 4, 0 for one
 * line) separated by eol ("\n" or "\r\n"), with a final eol when line_len>0.
 * Decoding skips whitespace (space, tab, CR, LF) and rejects any other
 * non-alphabet character, bad padding or trailing garbage:
 * SMIME_E_MALFORMED. */
int smime_base64__encode(smime_buf *out, const void *data, size_t len,
			 size_t line_len, const char *eol);
int smime_base64__decode(smime_buf *out, const char *text, size_t len);

/* --- files (util/file.c) --------------------------------------------- */
/* Reads a whole file ("-" is standard input) with a size cap; SMIME_E_IO or
 * SMIME_E_LIMIT. */
#define SMIME_MAX_INPUT_SIZE ((size_t)1 << 31)
int smime_file__read(smime_buf *out, const char *path);

/* --- hex ------------------------------------------------------------- */
int smime_hex__encode(smime_buf *out, const void *data, size_t len);

#endif
