/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * DSA public keys of certificates, for verifying legacy signatures.
 *
 * RFC 3279 §2.3.2: a DSA subjectPublicKeyInfo may leave out the domain
 * parameters (p, q, g); the key then uses the parameters of the issuer's
 * key (RFC 4134 example 4.6, PKITS 4.1.5). GnuTLS cannot read such a key,
 * so the public value y is read from the SubjectPublicKeyInfo here.
 */
#include "cert/cert-private.h"

#include <string.h>

/* Longest chain of parameter-less issuers followed. */
#define MAX_INHERIT 8

static int take(smime_buf *dst, gnutls_datum_t *d)
{
	int rc = smime_buf__set(dst, d->data, d->size);
	gnutls_free(d->data);
	d->data = NULL;
	return rc;
}

int smime_cert__dsa_public(const smime_cert *c, smime_dsa_public *out)
{
	gnutls_datum_t p = { NULL, 0 }, q = { NULL, 0 }, g = { NULL, 0 }, y = { NULL, 0 };
	int rc;

	if (smime_cert__pk_type(c) != SMIME_PK_DSA)
		return SMIME_E_UNSUPPORTED;
	if (gnutls_x509_crt_get_pk_dsa_raw(c->crt, &p, &q, &g, &y) < 0)
		return SMIME_E_UNSUPPORTED; /* e.g. parameters inherited from the issuer */
	rc = take(&out->p, &p);
	if (rc == SMIME_OK)
		rc = take(&out->q, &q);
	if (rc == SMIME_OK)
		rc = take(&out->g, &g);
	if (rc == SMIME_OK)
		rc = take(&out->y, &y);
	gnutls_free(p.data);
	gnutls_free(q.data);
	gnutls_free(g.data);
	gnutls_free(y.data);
	if (rc != SMIME_OK)
		smime_crypto__dsa_public_clear(out);
	return rc;
}

/* One DER TLV at d[*pos] (smime_tlv__next); *pos moves past it. */
static int tlv(const uint8_t *d, size_t len, size_t *pos, uint8_t *tag,
	       const uint8_t **val, size_t *vlen)
{
	smime_tlv t;
	int rc = smime_tlv__next(d, len, pos, &t);

	if (rc == SMIME_OK) {
		*tag = t.tag;
		*val = t.val;
		*vlen = t.len;
	}
	return rc;
}

/* The public value y of a DSA SubjectPublicKeyInfo, and whether the
 * AlgorithmIdentifier carries parameters (absent or NULL: inherited). */
static int spki_dsa_y(const smime_cert *c, smime_buf *y, bool *has_params)
{
	smime_buf spki = SMIME_BUF_INIT;
	const uint8_t *v, *alg, *bits, *key;
	size_t vlen, alen, blen, klen, pos = 0, apos = 0, kpos = 0;
	uint8_t tag;
	int rc;

	if ((rc = smime_cert__spki(c, &spki)) != SMIME_OK)
		return rc;
	rc = tlv(spki.data, spki.len, &pos, &tag, &v, &vlen);
	if (rc == SMIME_OK && tag != 0x30)
		rc = SMIME_E_MALFORMED;
	pos = 0;
	if (rc == SMIME_OK)
		rc = tlv(v, vlen, &pos, &tag, &alg, &alen);        /* algorithm */
	if (rc == SMIME_OK && tag != 0x30)
		rc = SMIME_E_MALFORMED;
	if (rc == SMIME_OK)
		rc = tlv(v, vlen, &pos, &tag, &bits, &blen);       /* subjectPublicKey */
	if (rc == SMIME_OK && (tag != 0x03 || blen < 1 || bits[0] != 0))
		rc = SMIME_E_MALFORMED;
	if (rc == SMIME_OK) {
		const uint8_t *oid, *par;
		size_t olen, plen;
		rc = tlv(alg, alen, &apos, &tag, &oid, &olen);
		*has_params = false;
		if (rc == SMIME_OK && apos < alen &&
		    tlv(alg, alen, &apos, &tag, &par, &plen) == SMIME_OK)
			*has_params = tag != 0x05; /* NULL counts as absent */
	}
	if (rc == SMIME_OK)
		rc = tlv(bits + 1, blen - 1, &kpos, &tag, &key, &klen);
	if (rc == SMIME_OK && (tag != 0x02 || klen == 0))
		rc = SMIME_E_MALFORMED;
	if (rc == SMIME_OK) {
		while (klen > 1 && key[0] == 0) {
			key++;
			klen--;
		}
		rc = smime_buf__set(y, key, klen);
	}
	smime_buf_free(&spki);
	return rc;
}

bool smime_cert__dsa_inherits(const smime_cert *c)
{
	smime_buf y = SMIME_BUF_INIT;
	bool has_params = true;

	if (c == NULL || smime_cert__pk_type(c) != SMIME_PK_DSA)
		return false;
	if (spki_dsa_y(c, &y, &has_params) != SMIME_OK)
		has_params = true;
	smime_buf_free(&y);
	return !has_params;
}

/* true if cand may have issued c: names chain and, when both are there,
 * the authority key identifier of c is the subject key identifier of cand. */
static bool may_issue(const smime_cert *c, const smime_cert *cand)
{
	uint8_t aki[SMIME_CERT_MAX_SKI];
	size_t size = sizeof(aki);
	unsigned critical;
	smime_buf ski = SMIME_BUF_INIT;
	bool ok;

	if (c == cand || !gnutls_x509_crt_check_issuer(c->crt, cand->crt))
		return false;
	if (gnutls_x509_crt_get_authority_key_id(c->crt, aki, &size, &critical) < 0)
		return true;
	if (smime_cert__ski(cand, &ski) != SMIME_OK)
		return true;
	ok = ski.len == size && memcmp(ski.data, aki, size) == 0;
	smime_buf_free(&ski);
	return ok;
}

static const smime_cert *find_issuer(const smime_cert *c, const smime_certs *pool1,
				     const smime_certs *pool2, const smime_trust *trust)
{
	const smime_certs *pools[3] = { pool1, pool2, trust != NULL ? &trust->anchors : NULL };

	for (size_t k = 0; k < SMIME_ARRAY_SIZE(pools); k++)
		for (size_t i = 0; pools[k] != NULL && i < pools[k]->count; i++)
			if (smime_cert__pk_type(pools[k]->items[i]) == SMIME_PK_DSA &&
			    may_issue(c, pools[k]->items[i]))
				return pools[k]->items[i];
	return NULL;
}

int smime_cert__dsa_public_inherit(const smime_cert *c, const smime_certs *pool1,
				   const smime_certs *pool2, const smime_trust *trust,
				   smime_dsa_public *out)
{
	smime_buf y = SMIME_BUF_INIT;
	const smime_cert *issuer = c;
	bool has_params = true;
	int rc;

	if (c == NULL || out == NULL || smime_cert__pk_type(c) != SMIME_PK_DSA)
		return SMIME_E_UNSUPPORTED;
	if ((rc = spki_dsa_y(c, &y, &has_params)) != SMIME_OK)
		return rc;
	if (has_params) {
		smime_buf_free(&y);
		return smime_cert__dsa_public(c, out);
	}
	/* RFC 3279 §2.3.2: the parameters of the issuer, which may in turn
	 * have inherited them */
	rc = SMIME_E_UNSUPPORTED;
	for (unsigned depth = 0; depth < MAX_INHERIT; depth++) {
		issuer = find_issuer(issuer, pool1, pool2, trust);
		if (issuer == NULL)
			break;
		if (!smime_cert__dsa_inherits(issuer)) {
			smime_dsa_public k = { SMIME_BUF_INIT, SMIME_BUF_INIT, SMIME_BUF_INIT,
					       SMIME_BUF_INIT };
			rc = smime_cert__dsa_public(issuer, &k);
			if (rc == SMIME_OK) {
				smime_buf_free(&k.y);
				k.y = y;
				y = (smime_buf)SMIME_BUF_INIT;
				*out = k;
			}
			break;
		}
	}
	smime_buf_free(&y);
	return rc;
}
