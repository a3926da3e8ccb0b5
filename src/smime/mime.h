/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * smime/mime: the S/MIME message layer (RFC 8551 §3, RFC 1847, RFC 2045).
 * Writes and reads application/pkcs7-mime and multipart/signed entities,
 * PEM armour, and detects the input format. No cryptography here.
 *
 * Outputs use CRLF line endings throughout (RFC 8551 §3.1.1: canonical form).
 * Every function here replaces the contents of its output buffer on success
 * and leaves it untouched on error.
 */
#ifndef SMIME_MIME_H
#define SMIME_MIME_H

#include "util/util.h"

/* Limits on MIME input */
#define SMIME_MIME_MAX_HEADER_LINE 65536
#define SMIME_MIME_MAX_HEADERS 1000

/* Canonical form: every bare LF becomes CRLF; existing CRLF stay. */
int smime_mime__canonicalize(smime_buf *out, const uint8_t *in, size_t len);

/* application/pkcs7-mime entity (RFC 8551 §3.2):
 *   MIME-Version: 1.0
 *   Content-Disposition: attachment; filename="smime.p7m"
 *   Content-Type: application/pkcs7-mime; smime-type=<smime_type>; name="smime.p7m"
 *   Content-Transfer-Encoding: base64
 * body: base64 of der, 64-character lines, CRLF.
 * smime_type: "signed-data", "enveloped-data", "certs-only" (file name
 * smime.p7c), "compressed-data" (smime.p7z), "authEnveloped-data", or ""
 * for no smime-type parameter (AuthenticatedData, EncryptedData,
 * DigestedData: RFC 8551 §3.2.2 assigns them none). */
int smime_mime__write_pkcs7(smime_buf *out, const char *smime_type,
			    const uint8_t *der, size_t der_len);

/* multipart/signed (RFC 1847, RFC 8551 §3.5.3):
 *   MIME-Version: 1.0
 *   Content-Type: multipart/signed; protocol="application/pkcs7-signature";
 *     micalg="sha-256"; boundary="<random>"
 * First part = the content entity exactly as given (already canonical);
 * second part = application/pkcs7-signature (name="smime.p7s", base64).
 * The boundary is random and checked not to occur in the content. */
int smime_mime__write_multipart_signed(smime_buf *out, const char *micalg,
				       const uint8_t *content, size_t content_len,
				       const uint8_t *sig_der, size_t sig_len);

typedef enum {
	SMIME_MIME_PKCS7,            /* application/(x-)pkcs7-mime */
	SMIME_MIME_MULTIPART_SIGNED, /* multipart/signed */
} smime_mime_kind;

typedef struct smime_mime_parsed {
	smime_mime_kind kind;
	char smime_type[32];  /* smime-type parameter, lower-case; "" if absent */
	smime_buf der;        /* the decoded CMS object (pkcs7-mime body or the
	                       * signature part of multipart/signed) */
	smime_buf content;    /* multipart/signed only: the first part exactly as
	                       * received between the boundary delimiters (RFC 2046
	                       * §5.1.1: the CRLF before a delimiter belongs to the
	                       * delimiter), with bare LF turned into CRLF */
} smime_mime_parsed;

/* Parses an RFC 5322 message or MIME entity whose top-level Content-Type is
 * application/pkcs7-mime, application/x-pkcs7-mime, or multipart/signed
 * with an (x-)pkcs7-signature second part. Headers are case-insensitive,
 * folded headers unfolded, parameters quoted or not; the body transfer
 * encoding may be base64 or binary/7bit/8bit. SMIME_E_MALFORMED or
 * SMIME_E_UNSUPPORTED (for other content types). */
int smime_mime__parse(smime_mime_parsed *out, const uint8_t *in, size_t len);
void smime_mime__parsed_free(smime_mime_parsed *p);

/* SMIME_OK when in starts with a header block (RFC 5322 fields ended by an
 * empty line) that has a Content-Type or MIME-Version field; otherwise
 * SMIME_E_MALFORMED (or SMIME_E_LIMIT). Used by format detection. */
int smime_mime__probe(const uint8_t *in, size_t len);

/* PEM armour: "-----BEGIN <label>-----", base64 in 64-character lines,
 * "-----END <label>-----", LF line endings. */
int smime_armor__encode(smime_buf *out, const char *label, const uint8_t *der,
			size_t len);
/* Decodes the first PEM block whose label is CMS, PKCS7 or PKCS #7 SIGNED
 * DATA (text before it is skipped). SMIME_E_MALFORMED when there is none,
 * when its END label differs or its base64 is bad. Input without any
 * "-----BEGIN " line that is nothing but base64 of a SEQUENCE (headerless
 * PKCS#7, as some old tools write) is decoded too. */
int smime_armor__decode(smime_buf *out, const uint8_t *in, size_t len);

/* Input format detection: DER/BER when the first byte is 0x30; a MIME
 * entity when it starts with a header block holding Content-Type or
 * MIME-Version (smime_mime__probe); PEM when "-----BEGIN " starts one of
 * the first lines, or the input is bare base64 starting like a SEQUENCE;
 * otherwise SMIME_FORMAT_AUTO (unknown). PEM lines never form a header
 * block, so the order only matters for messages that carry PEM text. */
smime_format smime_format__detect(const uint8_t *in, size_t len);

#endif
