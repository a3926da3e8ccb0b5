/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * BER normaliser: a small TLV walker with explicit limits.
 *
 * Pass 1 parses the input into a flat, pre-order array of elements
 * (recursion bounded by SMIME_DER_MAX_DEPTH), checking every length
 * against the bytes that are really there. An element must be rewritten
 * when it, or anything inside it, has an indefinite length or is a
 * constructed universal string; everything else is copied byte for byte,
 * so DER-encoded parts (signed attributes, certificates) keep the exact
 * bytes their signatures cover.
 *
 * Pass 2 writes the rewritten form: definite, minimal lengths for the
 * rewritten elements, and each constructed universal string turned into
 * one primitive string holding the concatenation of its chunks (nested
 * chunks included). Context-specific constructed elements are never turned
 * into strings here: whether [0] holds one EXPLICIT-tagged OCTET STRING or
 * is an IMPLICIT OCTET STRING in chunks depends on the schema, and
 * libtasn1 already concatenates the chunks of an implicitly tagged
 * constructed OCTET STRING when it decodes (see der.h).
 */
#include "der/der.h"

#include <stdlib.h>
#include <string.h>

/* Tag numbers of long form are accepted up to 4 subsequent octets (28
 * bits), which is also what libtasn1 handles. */
#define MAX_TAG_OCTETS 4
/* Length fields of long form: at most 8 length octets. */
#define MAX_LENGTH_OCTETS 8

_Static_assert(SMIME_DER_MAX_ELEMENTS < UINT32_MAX, "element index is 32 bits");

typedef struct {
	size_t off;		/* offset of the identifier octets in the input */
	size_t len;		/* content length in the input (EOC excluded) */
	size_t out_len;		/* content length in the output */
	uint32_t end;		/* index one past the last descendant */
	uint8_t hdr;		/* identifier + length octets in the input */
	uint8_t id_len;		/* identifier octets */
	uint8_t id0;		/* first identifier octet */
	bool constructed : 1;
	bool indefinite : 1;
	bool rewrite : 1;	/* not a verbatim copy */
	bool flatten : 1;	/* constructed string turned primitive */
} elem;

typedef struct {
	const uint8_t *in;
	elem *v;
	size_t n;
	size_t cap;
} walker;

/* Universal string types whose constructed (chunked) form is flattened. */
static bool is_string_tag(unsigned char id0)
{
	switch (id0 & 0x1f) {
	case 3:		/* BIT STRING */
	case 4:		/* OCTET STRING */
	case 12:	/* UTF8String */
	case 18:	/* NumericString */
	case 19:	/* PrintableString */
	case 20:	/* TeletexString */
	case 21:	/* VideotexString */
	case 22:	/* IA5String */
	case 23:	/* UTCTime */
	case 24:	/* GeneralizedTime */
	case 25:	/* GraphicString */
	case 26:	/* VisibleString */
	case 27:	/* GeneralString */
	case 28:	/* UniversalString */
	case 30:	/* BMPString */
		return true;
	default:
		return false;
	}
}

static int push(walker *w, size_t *idx)
{
	if (w->n >= SMIME_DER_MAX_ELEMENTS)
		return SMIME_E_LIMIT;
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 64;
		size_t bytes;
		if (cap > SMIME_DER_MAX_ELEMENTS)
			cap = SMIME_DER_MAX_ELEMENTS;
		if (smime_mul_overflows(cap, sizeof(elem), &bytes))
			return SMIME_E_LIMIT;
		elem *p = realloc(w->v, bytes);
		if (p == NULL)
			return SMIME_E_NO_MEMORY;
		w->v = p;
		w->cap = cap;
	}
	memset(&w->v[w->n], 0, sizeof(elem));
	*idx = w->n++;
	return SMIME_OK;
}

/* Reads identifier and length octets at pos (pos < limit). */
static int read_header(const uint8_t *in, size_t pos, size_t limit, elem *e)
{
	size_t p = pos;
	unsigned char b = in[p++];

	e->off = pos;
	e->id0 = b;
	e->constructed = (b & 0x20) != 0;
	if ((b & 0x1f) == 0x1f) {
		size_t n = 0;
		do {
			if (p >= limit)
				return SMIME_E_MALFORMED;
			if (n == 0 && in[p] == 0x80)
				return SMIME_E_MALFORMED; /* X.690 8.1.2.4.2 c */
			if (++n > MAX_TAG_OCTETS)
				return SMIME_E_LIMIT;
		} while (in[p++] & 0x80);
	}
	e->id_len = (uint8_t)(p - pos);
	if (p >= limit)
		return SMIME_E_MALFORMED;
	b = in[p++];
	if (b < 0x80) {
		e->len = b;
	} else if (b == 0x80) {
		if (!e->constructed)
			return SMIME_E_MALFORMED;
		e->indefinite = true;
		e->len = 0;
	} else {
		size_t n = b & 0x7f;
		size_t v = 0;
		if (n > MAX_LENGTH_OCTETS || b == 0xff)
			return SMIME_E_MALFORMED;
		if (n > limit - p)
			return SMIME_E_MALFORMED;
		for (size_t i = 0; i < n; i++) {
			if (v > (SIZE_MAX >> 8))
				return SMIME_E_MALFORMED;
			v = (v << 8) | in[p++];
		}
		e->len = v;
	}
	e->hdr = (uint8_t)(p - pos);
	if (!e->indefinite && e->len > limit - p)
		return SMIME_E_MALFORMED;
	return SMIME_OK;
}

/* The whole element in the input, end-of-contents octets included. */
static size_t in_total(const elem *e)
{
	return (size_t)e->hdr + e->len + (e->indefinite ? 2 : 0);
}

static bool at_eoc(const uint8_t *in, size_t pos, size_t limit)
{
	return limit - pos >= 2 && in[pos] == 0 && in[pos + 1] == 0;
}

static size_t length_octets(size_t len)
{
	size_t n = 1;
	if (len >= 0x80)
		for (size_t v = len; v > 0; v >>= 8)
			n++;
	return n;
}

/* Output size of element i: header plus content (or its verbatim copy). */
static int out_total(const elem *e, size_t *total)
{
	if (!e->rewrite) {
		*total = in_total(e);
		return SMIME_OK;
	}
	if (smime_add_overflows(e->id_len, length_octets(e->out_len), total) ||
	    smime_add_overflows(*total, e->out_len, total))
		return SMIME_E_LIMIT;
	return SMIME_OK;
}

/* X.690 8.19.2: an OBJECT IDENTIFIER has at least one subidentifier, each
 * in the fewest octets (no leading 0x80) and the last octet of each has bit
 * 8 clear. BER and DER agree, so a non-minimal OID is malformed input. */
static bool oid_is_minimal(const uint8_t *p, size_t len)
{
	bool start = true;
	if (len == 0 || (p[len - 1] & 0x80) != 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (start && p[i] == 0x80)
			return false;
		start = (p[i] & 0x80) == 0;
	}
	return true;
}

/* Parses the element at pos (which must lie below limit) and all its
 * descendants. string_parent: the constructed string this element is a
 * chunk of (chunks must carry its tag), or NULL. */
static int parse(walker *w, size_t pos, size_t limit, unsigned depth,
		 const elem *string_parent, size_t *idx_out)
{
	size_t idx;
	elem e;
	int rc;

	if (depth > SMIME_DER_MAX_DEPTH)
		return SMIME_E_LIMIT;
	memset(&e, 0, sizeof e);
	if ((rc = read_header(w->in, pos, limit, &e)) != SMIME_OK)
		return rc;
	/* An end-of-contents marker is only valid where parse() is not
	 * called (the caller checks for it in indefinite content). */
	if (e.id0 == 0)
		return SMIME_E_MALFORMED;
	if (string_parent != NULL) {
		/* X.690 8.7.3.2 / 8.6.4: chunks have the string's own tag */
		if ((e.id0 & 0xdf) != (string_parent->id0 & 0xdf) ||
		    e.id_len != 1)
			return SMIME_E_MALFORMED;
	}
	e.flatten = e.constructed && e.id_len == 1 && (e.id0 & 0xc0) == 0 &&
		    is_string_tag(e.id0);
	e.rewrite = e.indefinite || e.flatten;
	if ((rc = push(w, &idx)) != SMIME_OK)
		return rc;

	size_t cpos = pos + e.hdr;
	if (!e.constructed && e.id0 == 0x06 && !oid_is_minimal(w->in + cpos, e.len))
		return SMIME_E_MALFORMED;
	if (!e.constructed) {
		e.out_len = e.len;
	} else {
		size_t climit = e.indefinite ? limit : cpos + e.len;
		size_t sum = 0;
		const elem *sp = e.flatten ? &e : NULL;
		bool bits = e.flatten && (e.id0 & 0x1f) == 3;
		for (;;) {
			if (e.indefinite) {
				if (at_eoc(w->in, cpos, climit)) {
					e.len = cpos - (pos + e.hdr);
					cpos += 2;
					break;
				}
			} else if (cpos == climit) {
				break;
			}
			if (cpos >= climit)
				return SMIME_E_MALFORMED; /* missing EOC */
			size_t cidx;
			rc = parse(w, cpos, climit, depth + 1, sp, &cidx);
			if (rc != SMIME_OK)
				return rc;
			/* w->v may have moved: index, never keep pointers */
			const elem *c = &w->v[cidx];
			size_t add;
			if (c->rewrite)
				e.rewrite = true;
			if (e.flatten) {
				add = c->out_len;
				if (bits) {
					/* drop the unused-bits octet of the chunk
					 * (a nested constructed chunk counted one) */
					if (add < 1)
						return SMIME_E_MALFORMED;
					add--;
				}
			} else if ((rc = out_total(c, &add)) != SMIME_OK) {
				return rc;
			}
			if (smime_add_overflows(sum, add, &sum))
				return SMIME_E_LIMIT;
			cpos += in_total(c);
		}
		if (bits) {
			/* every chunk but the last must have 0 unused bits */
			size_t last = SIZE_MAX;
			for (size_t i = idx + 1; i < w->n; i++) {
				const elem *c = &w->v[i];
				if (c->constructed)
					continue;
				if (last != SIZE_MAX &&
				    w->in[w->v[last].off + w->v[last].hdr] != 0)
					return SMIME_E_MALFORMED;
				last = i;
			}
			if (smime_add_overflows(sum, 1, &sum))
				return SMIME_E_LIMIT;
		}
		e.out_len = e.rewrite ? sum : e.len;
	}
	e.end = (uint32_t)w->n;
	w->v[idx] = e;
	*idx_out = idx;
	return SMIME_OK;
}

static void put_header(smime_buf *out, const uint8_t *in, const elem *e)
{
	unsigned char *p = out->data + out->len;
	memcpy(p, in + e->off, e->id_len);
	if (e->flatten)
		p[0] &= (unsigned char)~0x20;
	p += e->id_len;
	size_t n = length_octets(e->out_len);
	if (n == 1) {
		*p++ = (unsigned char)e->out_len;
	} else {
		*p++ = (unsigned char)(0x80 | (n - 1));
		for (size_t i = n - 1; i > 0; i--)
			*p++ = (unsigned char)(e->out_len >> (8 * (i - 1)));
	}
	out->len += e->id_len + n;
}

static void put_bytes(smime_buf *out, const void *data, size_t len)
{
	memcpy(out->data + out->len, data, len);
	out->len += len;
}

/* Writes element idx; returns the index of the next sibling. The output
 * buffer has been reserved for the whole result. */
static size_t emit(const walker *w, size_t idx, smime_buf *out)
{
	const elem *e = &w->v[idx];

	if (!e->rewrite) {
		put_bytes(out, w->in + e->off, in_total(e));
		return e->end;
	}
	put_header(out, w->in, e);
	if (e->flatten) {
		bool bits = (e->id0 & 0x1f) == 3;
		unsigned char unused = 0;
		size_t at = out->len;
		if (bits)
			put_bytes(out, &unused, 1);
		for (size_t i = idx + 1; i < e->end; i++) {
			const elem *c = &w->v[i];
			if (c->constructed)
				continue;
			const uint8_t *data = w->in + c->off + c->hdr;
			if (bits) {
				unused = data[0];
				put_bytes(out, data + 1, c->len - 1);
			} else {
				put_bytes(out, data, c->len);
			}
		}
		if (bits)
			out->data[at] = unused;
		return e->end;
	}
	for (size_t i = idx + 1; i < e->end;)
		i = emit(w, i, out);
	return e->end;
}

int smime_der__normalize(smime_buf *out, const uint8_t *in, size_t len,
			 bool allow_trailing)
{
	walker w = { .in = in };
	smime_buf res = SMIME_BUF_INIT;
	size_t root, total;
	int rc;

	if (out == NULL || (in == NULL && len > 0))
		return SMIME_E_INVALID_ARGUMENT;
	if (len == 0)
		return SMIME_E_MALFORMED;
	rc = parse(&w, 0, len, 1, NULL, &root);
	if (rc != SMIME_OK)
		goto done;
	if (!allow_trailing) {
		/* Only zero bytes may follow the object: some writers pad files
		 * to a block size (Bouncy Castle's Pkcs7SignedContent.p7b). */
		for (size_t i = in_total(&w.v[root]); i < len; i++) {
			if (in[i] != 0) {
				rc = SMIME_E_MALFORMED;
				goto done;
			}
		}
	}
	if ((rc = out_total(&w.v[root], &total)) != SMIME_OK)
		goto done;
	if ((rc = smime_buf__reserve(&res, total)) != SMIME_OK)
		goto done;
	emit(&w, root, &res);
	res.data[res.len] = 0;
	if (res.len != total) {
		rc = SMIME_E_INTERNAL;
		goto done;
	}
	smime_buf__move(out, &res);
done:
	smime_buf_free(&res);
	free(w.v);
	return rc;
}

int smime_der__tlv_len(const uint8_t *buf, size_t len, size_t *tlv_len)
{
	elem e;
	int rc;

	if (buf == NULL || tlv_len == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (len == 0)
		return SMIME_E_MALFORMED;
	memset(&e, 0, sizeof e);
	if ((rc = read_header(buf, 0, len, &e)) != SMIME_OK)
		return rc == SMIME_E_LIMIT ? rc : SMIME_E_MALFORMED;
	if (e.indefinite)
		return SMIME_E_MALFORMED;
	*tlv_len = (size_t)e.hdr + e.len;
	return SMIME_OK;
}

int smime_der__wrap(smime_buf *out, uint8_t tag, const void *content, size_t len)
{
	uint8_t hdr[2 + sizeof(size_t)];
	size_t h = 0, n = length_octets(len);
	int rc;

	if (out == NULL || (content == NULL && len > 0))
		return SMIME_E_INVALID_ARGUMENT;
	hdr[h++] = tag;
	if (n == 1) {
		hdr[h++] = (uint8_t)len;
	} else {
		hdr[h++] = (uint8_t)(0x80 | (n - 1));
		for (size_t i = n - 1; i > 0; i--)
			hdr[h++] = (uint8_t)(len >> (8 * (i - 1)));
	}
	rc = smime_buf__append(out, hdr, h);
	return rc == SMIME_OK ? smime_buf__append(out, content, len) : rc;
}
