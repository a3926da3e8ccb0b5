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
 *
 * The normaliser's rules, exactly:
 *  - An element is copied verbatim (even with non-minimal lengths or other
 *    BER-isms such as BOOLEAN 0x01) unless it or something inside it has an
 *    indefinite length or is a constructed universal string.
 *  - Indefinite lengths become definite, minimal lengths.
 *  - A constructed UNIVERSAL string (OCTET STRING 0x24, BIT STRING 0x23,
 *    UTF8String, PrintableString, IA5String, BMPString, ... and the times)
 *    becomes one primitive string holding its chunks, nested chunks
 *    included. Chunks must carry the string's own tag (X.690 8.6.4, 8.7.3);
 *    for BIT STRING only the last chunk may have unused bits.
 *  - Context-specific constructed elements ([0] ...) are NOT turned into
 *    strings: whether [0] wraps one EXPLICIT-tagged OCTET STRING or is an
 *    IMPLICIT OCTET STRING sent in chunks is only known from the schema.
 *    Their chunks are normalised (0x24 children become 0x04), and libtasn1
 *    concatenates the chunks of an implicitly tagged OCTET STRING when it
 *    decodes: smime_der__read(..., "encryptedContentInfo.encryptedContent")
 *    of an `openssl cms -encrypt -stream` or AWS KMS message returns the
 *    whole ciphertext (tested in tests/test-der.c). The range of such an
 *    element is its chunked (constructed) TLV.
 *  - Limits: nesting depth SMIME_DER_MAX_DEPTH, SMIME_DER_MAX_ELEMENTS
 *    TLVs in total (SMIME_E_LIMIT); length fields of at most 8 octets; tag
 *    numbers of at most 4 subsequent octets (SMIME_E_LIMIT); no length past
 *    the buffer or the enclosing element, no indefinite length on a
 *    primitive, no missing or stray end-of-contents (SMIME_E_MALFORMED).
 *    The walk is bounded by the depth limit, so deep input cannot exhaust
 *    the stack.
 *
 * libtasn1 behaviour callers must know (all verified by tests/test-der.c):
 *  - Reading an ANY (Certificate, Name, AlgorithmIdentifier.parameters,
 *    ContentInfo.content, AttributeValue, ...) gives its complete TLV: for
 *    `content [0] EXPLICIT ANY` that is the inner TLV, without the [0].
 *  - After decoding, an absent OPTIONAL element is gone from the tree
 *    (smime_der__exists() is false, reads give SMIME_E_MALFORMED).
 *  - Elements of SET OF / SEQUENCE OF are addressed "name.?1", "name.?2",
 *    ...; after smime_der__append() the new one is "name.?LAST". Decoding
 *    keeps the received order; encoding sorts SET OF elements (DER), so the
 *    ?N of written elements can change after an encode/decode round trip.
 *  - A failed decode leaves no node behind.
 *  - CertificateChoices and RevocationInfoChoice list their untagged ANY
 *    alternative last (asn1/README.md), so tagged alternatives decode as
 *    themselves.
 *  - PKCS #7 v1.5 SignedData whose content is not an OCTET STRING (Apple
 *    MDM, Authenticode) does not decode as CMS.SignedData; it decodes as
 *    CMS.PKCS7SignedData (same paths, eContent reads as a TLV).
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
 * bytes after the first TLV are rejected unless allow_trailing (zero bytes,
 * the padding some writers add, are always accepted); out holds the first
 * TLV only. Non-minimal OBJECT IDENTIFIER encodings are rejected (X.690
 * 8.19.2). out is untouched on error. */
int smime_der__normalize(smime_buf *out, const uint8_t *in, size_t len,
			 bool allow_trailing);

/* Length of the first TLV in buf (definite lengths only); SMIME_E_MALFORMED */
int smime_der__tlv_len(const uint8_t *buf, size_t len, size_t *tlv_len);
/* Appends the DER element tag (one identifier octet), definite length
 * (short or long form), content to out. */
int smime_der__wrap(smime_buf *out, uint8_t tag, const void *content, size_t len);

int smime_der__create(asn1_node *out, const char *type); /* "CMS.SignedData" */
/* Decodes (normalised) DER into a new node of type. The whole buffer must
 * be one TLV of that type: SMIME_E_MALFORMED otherwise. An unknown type
 * name is SMIME_E_INTERNAL. */
int smime_der__decode(asn1_node *out, const char *type, const uint8_t *der,
		      size_t len);
void smime_der__free(asn1_node *node); /* NULL-safe, sets *node = NULL */

/* DER-encodes the element at path ("" or NULL: the whole node). An
 * implicitly tagged element is encoded with its tag ([0] IMPLICIT
 * SignedAttributes starts with 0xA0). A missing mandatory value is
 * SMIME_E_INTERNAL. */
int smime_der__encode(smime_buf *out, asn1_node node, const char *path);

/* Byte range of the element at path inside the buffer node was decoded
 * from (tag through end of content): der[*start] is the first identifier
 * octet and *end is one PAST the last content octet (end - start is the TLV
 * length; libtasn1's own end index is inclusive, this one is not). */
int smime_der__range(asn1_node node, const uint8_t *der, size_t len,
		     const char *path, size_t *start, size_t *end);

/* True if the element at path is present (a structured element counts as
 * present when its node is in the tree; a leaf when it has a value). */
bool smime_der__exists(asn1_node node, const char *path);
/* Value of the element at path (asn1_read_value semantics: content octets;
 * for ANY, the whole TLV; for BIT STRING the bytes, unused bits dropped;
 * for an INTEGER its two's complement octets; for OBJECT IDENTIFIER and
 * CHOICE a string whose NUL is counted in len: use the typed readers).
 * Structured elements (SEQUENCE, SET) have no value: use smime_der__range()
 * or smime_der__encode(). out is allocated even for an empty value.
 * SMIME_E_MALFORMED if absent. */
int smime_der__read(smime_buf *out, asn1_node node, const char *path);
/* OID in dotted form into a caller buffer; SMIME_E_LIMIT if longer than
 * SMIME_OID_MAX - 1 characters. The read_* functions below return
 * SMIME_E_INTERNAL when path names an element of another type (a bug). */
#define SMIME_OID_MAX 128
int smime_der__read_oid(asn1_node node, const char *path, char oid[SMIME_OID_MAX]);
/* Small non-negative INTEGER (versions). Negative: SMIME_E_MALFORMED;
 * larger than unsigned long: SMIME_E_LIMIT. */
int smime_der__read_uint(asn1_node node, const char *path, unsigned long *out);
/* Number of elements of a SET OF / SEQUENCE OF (0 if absent). */
int smime_der__count(asn1_node node, const char *path, unsigned *out);
/* Name of the chosen CHOICE alternative (e.g. "issuerAndSerialNumber");
 * SMIME_E_INVALID_ARGUMENT if it does not fit in size bytes. */
int smime_der__read_choice(asn1_node node, const char *path, char *name, size_t size);
/* Time (UTCTime or GeneralizedTime CHOICE, or a bare UTCTime or
 * GeneralizedTime) at path, as seconds since epoch (UTC). UTCTime years
 * below 50 are 20YY (RFC 5280). BER forms are accepted: UTCTime without
 * seconds, zone offsets (+hhmm/-hhmm), GeneralizedTime fractions (dropped)
 * and hour-only/minute-only forms; a time without zone (local time) or an
 * impossible date is SMIME_E_MALFORMED. */
int smime_der__read_time(asn1_node node, const char *path, int64_t *out);

/* Writes raw value bytes (asn1_write_value with a length): content octets
 * of strings, the whole TLV for an ANY, two's complement for INTEGER.
 * len 0 writes an empty value. A path outside the schema: SMIME_E_INTERNAL. */
int smime_der__write(asn1_node node, const char *path, const void *data, size_t len);
/* Writes a NUL-terminated value: a dotted OID, the name of a CHOICE
 * alternative, "TRUE"/"FALSE", a decimal INTEGER or a named number. */
int smime_der__write_str(asn1_node node, const char *path, const char *value);
int smime_der__write_uint(asn1_node node, const char *path, unsigned long v);
/* Appends a new element to a SET OF / SEQUENCE OF ("NEW"). */
int smime_der__append(asn1_node node, const char *path);
/* Marks an OPTIONAL element absent. */
int smime_der__omit(asn1_node node, const char *path);
/* Writes a Time CHOICE: UTCTime for 1950 through 2049, GeneralizedTime
 * otherwise (RFC 5652 §11.3), always with seconds and "Z". At a bare
 * GeneralizedTime (KEKIdentifier.date) it writes GeneralizedTime. Years
 * outside 0..9999: SMIME_E_INVALID_ARGUMENT. */
int smime_der__write_time(asn1_node node, const char *path, int64_t t);

#endif
