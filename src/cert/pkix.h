/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Private to the cert layer: libsmime's own RFC 5280 §6 certification path
 * validation. GnuTLS parses certificates and CRLs and checks single
 * signatures; the path itself (building, name chaining with the §7.1
 * matching rules, basic and name constraints, key usage, revocation per
 * §6.3 with distribution points, indirect and delta CRLs) is processed
 * here. Certificate policies (§6.1.3 (d)-(f)) are not processed.
 *
 *   tlv.c    a DER TLV reader for the structures GnuTLS leaves raw
 *   names.c  Name comparison (§7.1) and name constraints (§4.2.1.10)
 *   crl.c    revocation status of one certificate (§6.3)
 *   path.c   path building and processing (§6.1), called by validate.c
 */
#ifndef SMIME_CERT_PKIX_H
#define SMIME_CERT_PKIX_H

#include "cert/cert-private.h"

/* tlv.c: smime_tlv__next() and smime_cert__split(), declared in
 * cert-private.h (the rest of the layer uses them too). */

/* --- names.c --------------------------------------------------------------
 * RFC 5280 §7.1: two distinguished names (DER Name, the SEQUENCE TLV) match
 * when they have the same number of RDNs and the RDNs match pairwise; RDNs
 * match when they have the same set of attribute types and values (in any
 * order within the RDN); values of PrintableString, UTF8String (and the
 * other DirectoryString choices) compare after removing leading and trailing
 * spaces, folding internal runs of spaces to one and folding case (RFC 4518
 * basics, ASCII case at least); other values compare as bytes. Malformed
 * names match nothing (not even themselves). */
bool smime_name__equal(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen);
/* true when base is an initial sequence of the RDNs of name (directoryName
 * subtree, RFC 5280 §4.2.1.10), RDNs compared as above. An empty base (no
 * RDN) contains every name. */
bool smime_name__within(const uint8_t *name, size_t nlen, const uint8_t *base, size_t blen);

/* Name constraints accumulated along a path (RFC 5280 §6.1.3 (b), (c) and
 * §6.1.4 (g)): every permittedSubtrees set seen must admit a name of its
 * form (the intersection), and no excludedSubtrees entry may match.
 * Forms: directoryName, rfc822Name, dNSName, uniformResourceIdentifier,
 * iPAddress. */
typedef struct smime_nc smime_nc;

int smime_nc__new(smime_nc **out);
void smime_nc__free(smime_nc *nc); /* NULL-safe */
/* Adds the nameConstraints extension of ca, if it has one. A constraint of
 * a form not listed above is kept; a name of that form in a later
 * certificate is then rejected (it cannot be checked). SMIME_E_MALFORMED
 * for an undecodable extension. */
int smime_nc__add(smime_nc *nc, gnutls_x509_crt_t ca);
/* Checks c's subject (directoryName; when the subject carries
 * emailAddress attributes and c has no subjectAltName rfc822Name, those
 * addresses as rfc822Name, RFC 5280 §4.2.1.10) and every subjectAltName
 * entry. SMIME_OK, or SMIME_E_CERT_INVALID when a name is outside what is
 * permitted or inside what is excluded, or another error. */
int smime_nc__check(const smime_nc *nc, gnutls_x509_crt_t c);

/* --- crl.c ----------------------------------------------------------------
 * Revocation status of one certificate from the CRLs at hand (RFC 5280 §6.3
 * without fetching): distribution points (cRLDistributionPoints of the
 * certificate; without one, CRLs of its issuer whose scope covers it),
 * issuingDistributionPoint scope (distributionPoint, onlyContainsUserCerts,
 * onlyContainsCACerts, onlySomeReasons, indirectCRL,
 * onlyContainsAttributeCerts), cRLIssuer and the certificateIssuer entry
 * extension of indirect CRLs, delta CRLs (deltaCRLIndicator applied to its
 * complete CRL: same scope, base CRL number not above the complete CRL's
 * cRLNumber; removeFromCRL takes an entry back), reasons coverage, CRL
 * currency (thisUpdate <= when <= nextUpdate when present), unknown critical
 * CRL or entry extensions (such a CRL cannot be used). */
typedef enum {
	SMIME_REV_GOOD,         /* every reason covered by usable CRLs, not listed */
	SMIME_REV_REVOKED,      /* listed in a usable CRL (or delta) */
	SMIME_REV_UNDETERMINED, /* not enough usable CRLs to decide */
} smime_rev_status;

typedef struct smime_rev_ctx {
	const gnutls_x509_crl_t *crls; /* every CRL at hand (store and message) */
	size_t crl_count;
	time_t when;                   /* validation time */
	/* SMIME_OK when crl's signature was made by the key of a certificate
	 * named as crl's issuer (smime_name__equal) that may sign CRLs (keyUsage
	 * cRLSign when keyUsage is present) and whose own path is valid to the
	 * trust anchor of the path being checked (RFC 5280 §6.3.3 (f)), itself
	 * not revoked. cert_issuer, the issuer of the certificate whose status
	 * is asked (NULL for a trust anchor's own key), is the first candidate.
	 * SMIME_E_CERT_INVALID when no such certificate exists. */
	int (*crl_signed)(void *user, gnutls_x509_crl_t crl, gnutls_x509_crt_t cert_issuer);
	void *user;
} smime_rev_ctx;

/* The status of c, issued by issuer (the certificate whose key signed c;
 * for the name the CRLs must carry, use c's issuer field). *why gets a
 * short static English note for SMIME_REV_UNDETERMINED ("" otherwise).
 * Returns SMIME_OK (with *status set) or SMIME_E_NO_MEMORY. */
int smime_crl__status(const smime_rev_ctx *ctx, gnutls_x509_crt_t c,
		      gnutls_x509_crt_t issuer, smime_rev_status *status,
		      const char **why);

/* --- path.c ---------------------------------------------------------------
 * Certification path validation (§6.1 without policies) of one certificate:
 * paths are built from leaf to a trust anchor (trust->anchors, and the
 * GnuTLS list `system` when not NULL) through pool certificates, with
 * backtracking over alternative issuers, and processed: signatures (DSA
 * parameter inheritance included), algorithm and key size policy, basic
 * constraints, key usage keyCertSign of CAs, name constraints, unknown
 * critical extensions, validity periods at `when`, and revocation through
 * smime_crl__status(): "revoked", or "revocation status unknown" when the
 * status is undetermined and either require_revocation is set or a CRL at
 * hand names the certificate's issuer. */
typedef struct smime_path_params {
	const smime_trust *trust;        /* NULL-safe: its anchors */
	gnutls_x509_trust_list_t system; /* NULL, or a list to ask for anchors */
	const smime_certs *pool;         /* intermediates (NULL-safe) */
	const gnutls_x509_crl_t *crls;   /* every CRL at hand */
	size_t crl_count;
	time_t when;
	bool allow_legacy;               /* SHA-1 signatures, RSA/DSA 1024 */
	bool require_revocation;         /* every certificate needs a status */
} smime_path_params;

/* SMIME_OK when a path is valid (*broken_sig: a certificate of it is
 * signed with MD5 or MD2, which the caller decides on); SMIME_E_CERT_INVALID
 * with *why a static reason ("untrusted", "signature", "insecure
 * algorithm", "constraints", "unknown critical extension", "expired", "not
 * yet valid", "revoked", "revocation status unknown"); SMIME_E_NO_MEMORY. */
int smime_path__validate(const smime_path_params *p, gnutls_x509_crt_t leaf,
			 bool *broken_sig, const char **why);

#endif
