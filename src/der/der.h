/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * der: a thin typed wrapper over libtasn1 and a BER normaliser. The only
 * layer that calls libtasn1 directly for encoding/decoding primitives;
 * structure files in cms/ pass their own path strings.
 *
 * Input: BER is accepted. smime_der__normalize() rewrites BER into DER-
 * compatible definite-length form (indefinite lengths resolved, constructed
 * primitive strings concatenated) and leaves every DER-encoded TLV byte for
 * byte as received, so signed attributes and certificates keep the exact
 * bytes their signatures cover.
 */
#ifndef SMIME_DER_H
#define SMIME_DER_H

#include <libtasn1.h>
#include <stdbool.h>

#include "util/util.h"

/* Parser limits */
#define SMIME_DER_MAX_DEPTH 64
#define SMIME_DER_MAX_ELEMENTS 1000000

/* Definitions of the CMS module (asn1/cms.asn), built once, thread-safe. */
int smime_der__definitions(asn1_node *out);

/* Maps a libtasn1 return code to an smime_error. */
int smime_der__err(int asn1_rc);

/* BER → definite-length form. SMIME_E_MALFORMED or SMIME_E_LIMIT. Trailing
 * bytes after the first TLV are rejected unless allow_trailing. */
int smime_der__normalize(smime_buf *out, const uint8_t *in, size_t len,
			 bool allow_trailing);

/* Length of the first TLV in buf (definite lengths only); SMIME_E_MALFORMED */
int smime_der__tlv_len(const uint8_t *buf, size_t len, size_t *tlv_len);

int smime_der__create(asn1_node *out, const char *type); /* "CMS.SignedData" */
/* Decodes (normalised) DER into a new node of type. */
int smime_der__decode(asn1_node *out, const char *type, const uint8_t *der,
		      size_t len);
void smime_der__free(asn1_node *node); /* NULL-safe, sets *node = NULL */

/* DER-encodes the element at path ("" or NULL: the whole node). */
int smime_der__encode(smime_buf *out, asn1_node node, const char *path);

/* Byte range of the element at path inside the buffer node was decoded
 * from (tag through end of content). */
int smime_der__range(asn1_node node, const uint8_t *der, size_t len,
		     const char *path, size_t *start, size_t *end);

bool smime_der__exists(asn1_node node, const char *path);
/* Value of the element at path (asn1_read_value semantics: content octets;
 * for ANY, the whole TLV). SMIME_E_MALFORMED if absent. */
int smime_der__read(smime_buf *out, asn1_node node, const char *path);
/* OID in dotted form into a caller buffer. */
#define SMIME_OID_MAX 128
int smime_der__read_oid(asn1_node node, const char *path, char oid[SMIME_OID_MAX]);
/* Small non-negative INTEGER (versions). */
int smime_der__read_uint(asn1_node node, const char *path, unsigned long *out);
/* Number of elements of a SET OF / SEQUENCE OF (0 if absent). */
int smime_der__count(asn1_node node, const char *path, unsigned *out);
/* Name of the chosen CHOICE alternative (e.g. "issuerAndSerialNumber"). */
int smime_der__read_choice(asn1_node node, const char *path, char *name, size_t size);
/* Time (UTCTime or GeneralizedTime CHOICE) at path, as seconds since epoch. */
int smime_der__read_time(asn1_node node, const char *path, int64_t *out);

int smime_der__write(asn1_node node, const char *path, const void *data, size_t len);
int smime_der__write_str(asn1_node node, const char *path, const char *value);
int smime_der__write_uint(asn1_node node, const char *path, unsigned long v);
/* Appends a new element to a SET OF / SEQUENCE OF ("NEW"). */
int smime_der__append(asn1_node node, const char *path);
/* Marks an OPTIONAL element absent. */
int smime_der__omit(asn1_node node, const char *path);
/* Writes a Time CHOICE: UTCTime through 2049, GeneralizedTime from 2050
 * (RFC 5652 §11.3). */
int smime_der__write_time(asn1_node node, const char *path, int64_t t);

#endif
