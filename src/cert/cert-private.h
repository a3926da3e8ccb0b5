/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Private to the cert layer: the structures behind the opaque handles and
 * the helpers the files of this layer share. Nothing outside src/cert/
 * includes this header (it pulls in GnuTLS).
 */
#ifndef SMIME_CERT_PRIVATE_H
#define SMIME_CERT_PRIVATE_H

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "cert/cert.h"

/* Limits on what one certificate may carry. */
#define SMIME_CERT_MAX_SERIAL 64  /* RFC 5280 says 20; be lenient */
#define SMIME_CERT_MAX_SKI 128

struct smime_cert {
	gnutls_x509_crt_t crt;
	uint8_t *der;             /* the bytes it was loaded from */
	size_t der_len;
	uint8_t *issuer;          /* raw issuer Name (SEQUENCE TLV) */
	size_t issuer_len;
	uint8_t serial[SMIME_CERT_MAX_SERIAL]; /* INTEGER content octets */
	size_t serial_len;
};

struct smime_certs {
	smime_cert **items;
	size_t count;
	size_t cap;
};

struct smime_key {
	gnutls_x509_privkey_t pk;
	smime_pk_type type;
	smime_rsa_key *rsa;       /* NULL unless type is SMIME_PK_RSA */
	smime_buf rsa_n, rsa_e;   /* public part of an RSA key */
};

struct smime_trust {
	gnutls_x509_trust_list_t tl;
	smime_certs anchors;      /* anchors added from files or certs */
	bool system;              /* the system store was added */
	gnutls_x509_crl_t *crls;  /* smime_trust_add_crl_file(), checked by
				   * smime_cert__validate_ex() */
	size_t crl_count;
	size_t crl_cap;
};

/* One PEM block: label and base64 body (headers skipped), as pointers
 * into the scanned text. */
typedef struct smime_pem_block {
	const char *label;
	size_t label_len;
	const char *begin;        /* "-----BEGIN" of the block */
	const char *end;          /* just after the "-----END ...-----" line */
	const char *body;         /* base64 text */
	size_t body_len;
	bool encrypted;           /* a "Proc-Type: 4,ENCRYPTED" header */
} smime_pem_block;

/* true if data looks like PEM text (a "-----BEGIN " line somewhere). */
bool smime_cert__is_pem(const uint8_t *data, size_t len);
/* Finds the next PEM block at or after *pos; advances *pos past it.
 * SMIME_E_MALFORMED when there is none (or the block is unterminated). */
int smime_cert__pem_next(const uint8_t *data, size_t len, size_t *pos,
			 smime_pem_block *blk);
/* true if the block's label is exactly `label`. */
bool smime_cert__pem_is(const smime_pem_block *blk, const char *label);
/* Length of the DER TLV at data (definite lengths only); SMIME_E_MALFORMED
 * if it does not fit in len. */
int smime_cert__tlv_len(const uint8_t *data, size_t len, size_t *tlv_len);

/* cert/tlv.c: one DER element at d[*pos..len): definite length only (at
 * most 4 length octets), tag numbers below 31 only (one identifier octet),
 * contents within len. On success *pos moves past the element;
 * SMIME_E_MALFORMED otherwise (*pos kept). */
typedef struct smime_tlv {
	uint8_t tag;            /* the identifier octet, e.g. 0x30, 0xa0 */
	const uint8_t *val;     /* contents octets */
	size_t len;
	const uint8_t *raw;     /* the whole element (identifier octet on) */
	size_t raw_len;
} smime_tlv;

int smime_tlv__next(const uint8_t *d, size_t len, size_t *pos, smime_tlv *out);

/* The elements of a DER Certificate (RFC 5280 §4.1) that GnuTLS does not
 * hand over exactly as encoded; each points into the input. */
typedef struct smime_cert_parts {
	smime_tlv tbs;          /* tbsCertificate: the signed bytes */
	smime_tlv serial;       /* serialNumber INTEGER */
	smime_tlv issuer;       /* issuer Name */
	smime_tlv subject;      /* subject Name */
	smime_tlv spki;         /* subjectPublicKeyInfo */
} smime_cert_parts;

int smime_cert__split(const uint8_t *der, size_t len, smime_cert_parts *out);

/* Maps a GnuTLS error code to an smime_error (fallback for the rest). */
int smime_cert__gnutls_err(int gnutls_rc, int fallback);

/* Parses every certificate in data (PEM: all certificate blocks; DER: one)
 * and appends it to list; on error list is unchanged. */
int smime_certs__parse(smime_certs *list, const uint8_t *data, size_t len);
/* Appends c to the list, taking ownership (c is freed on error). */
int smime_certs__push(smime_certs *list, smime_cert *c);
/* Frees the members of an embedded list and empties it. */
void smime_certs__clear(smime_certs *list);

/* A fresh gnutls copy of c's certificate (caller deinits). */
int smime_cert__gnutls_copy(const smime_cert *c, gnutls_x509_crt_t *out);
smime_pk_type smime_cert__pk_from_gnutls(int algo);

/* Parses every CRL in data (PEM: all "X509 CRL" blocks; DER: one or more
 * concatenated) and appends them to *list (grown with realloc). */
int smime_crl__parse(gnutls_x509_crl_t **list, size_t *count, size_t *cap,
		     const uint8_t *data, size_t len);
void smime_crl__free_all(gnutls_x509_crl_t *list, size_t count);

#endif
