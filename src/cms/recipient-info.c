/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * RecipientInfos (RFC 5652 §6.2): builds one RecipientInfo per recipient
 * spec and, on the way in, offers every secret to every RecipientInfo it
 * can match. The kinds live in recipient-{ktri,kari,kekri,pwri}.c; this
 * file dispatches and holds the helpers they share.
 */
#include "cms/recipient-private.h"

#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* helpers                                                             */
/* ------------------------------------------------------------------ */

int smime_ri__path(char *buf, const char *base, const char *suffix)
{
	const char *dot = (base[0] && suffix[0]) ? "." : "";
	int n = snprintf(buf, SMIME_RI_PATH_MAX, "%s%s%s", base, dot, suffix);
	if (n < 0 || (size_t)n >= SMIME_RI_PATH_MAX)
		return SMIME_E_LIMIT;
	return SMIME_OK;
}

int smime_ri__try(smime_ri_ctx *c, const uint8_t *cek, size_t cek_len)
{
	int rc;

	if (cek_len != c->cek_len)
		return SMIME_E_DECRYPT;
	rc = c->try(c->try_ctx, cek, cek_len);
	if (rc != SMIME_OK && rc != SMIME_E_DECRYPT) {
		c->stop = rc;
		return SMIME_E_DECRYPT;
	}
	return rc;
}

int smime_ri__read_alg(asn1_node node, const char *path, smime_oid_id *id,
		       smime_buf *params)
{
	char p[SMIME_RI_PATH_MAX], oid[SMIME_OID_MAX];
	int rc;

	smime_buf_free(params);
	if ((rc = smime_ri__path(p, path, "algorithm")) != SMIME_OK)
		return rc;
	if ((rc = smime_der__read_oid(node, p, oid)) != SMIME_OK)
		return rc;
	*id = smime_oid__lookup(oid);
	if ((rc = smime_ri__path(p, path, "parameters")) != SMIME_OK)
		return rc;
	if (smime_der__exists(node, p)) {
		rc = smime_der__read(params, node, p);
		if (rc != SMIME_OK)
			return rc;
	}
	return SMIME_OK;
}

bool smime_ri__params_absent_or_null(const smime_buf *params)
{
	return params->len == 0 ||
	       (params->len == 2 && params->data[0] == 0x05 && params->data[1] == 0x00);
}

int smime_ri__alg_der(smime_buf *out, smime_oid_id oid, const uint8_t *params,
		      size_t params_len)
{
	asn1_node n = NULL;
	int rc = smime_der__create(&n, "CMS.AlgorithmIdentifier");
	if (rc != SMIME_OK)
		return rc;
	rc = smime_cms__write_alg(n, "", oid, params, params_len);
	if (rc == SMIME_OK)
		rc = smime_der__encode(out, n, NULL);
	smime_der__free(&n);
	return rc;
}

bool smime_ri__rid_matches(asn1_node node, const char *rid_path, const smime_cert *cert)
{
	char p[SMIME_RI_PATH_MAX], choice[64];
	smime_buf a = SMIME_BUF_INIT, b = SMIME_BUF_INIT;
	bool match = false;

	if (smime_der__read_choice(node, rid_path, choice, sizeof choice) != SMIME_OK)
		return false;
	if (strcmp(choice, "issuerAndSerialNumber") == 0) {
		if (smime_ri__path(p, rid_path, "issuerAndSerialNumber.issuer") == SMIME_OK &&
		    smime_der__read(&a, node, p) == SMIME_OK &&
		    smime_ri__path(p, rid_path, "issuerAndSerialNumber.serialNumber") == SMIME_OK &&
		    smime_der__read(&b, node, p) == SMIME_OK)
			match = smime_cert__matches_issuer_serial(cert, a.data, a.len, b.data, b.len);
	} else if (strcmp(choice, "subjectKeyIdentifier") == 0 ||
		   strcmp(choice, "rKeyId") == 0) {
		const char *s = choice[0] == 'r' ? "rKeyId.subjectKeyIdentifier"
						 : "subjectKeyIdentifier";
		if (smime_ri__path(p, rid_path, s) == SMIME_OK &&
		    smime_der__read(&a, node, p) == SMIME_OK)
			match = smime_cert__matches_ski(cert, a.data, a.len);
	}
	smime_buf_free(&a);
	smime_buf_free(&b);
	return match;
}

int smime_ri__write_rid(asn1_node node, const char *rid_path, const smime_cert *cert,
			bool use_ski, bool kari)
{
	char p[SMIME_RI_PATH_MAX];
	smime_buf ski = SMIME_BUF_INIT;
	int rc;

	if (!use_ski) {
		if ((rc = smime_der__write_str(node, rid_path, "issuerAndSerialNumber")) != SMIME_OK ||
		    (rc = smime_ri__path(p, rid_path, "issuerAndSerialNumber")) != SMIME_OK)
			return rc;
		return smime_cms__write_issuer_serial(node, p, cert);
	}
	if ((rc = smime_cert__ski(cert, &ski)) != SMIME_OK)
		return rc;
	if (!kari) {
		rc = smime_der__write_str(node, rid_path, "subjectKeyIdentifier");
		if (rc == SMIME_OK)
			rc = smime_ri__path(p, rid_path, "subjectKeyIdentifier");
		if (rc == SMIME_OK)
			rc = smime_der__write(node, p, ski.data, ski.len);
	} else {
		rc = smime_der__write_str(node, rid_path, "rKeyId");
		if (rc == SMIME_OK)
			rc = smime_ri__path(p, rid_path, "rKeyId.subjectKeyIdentifier");
		if (rc == SMIME_OK)
			rc = smime_der__write(node, p, ski.data, ski.len);
		if (rc == SMIME_OK)
			rc = smime_ri__path(p, rid_path, "rKeyId.date");
		if (rc == SMIME_OK)
			rc = smime_der__omit(node, p);
		if (rc == SMIME_OK)
			rc = smime_ri__path(p, rid_path, "rKeyId.other");
		if (rc == SMIME_OK)
			rc = smime_der__omit(node, p);
	}
	smime_buf_free(&ski);
	return rc;
}

const smime_digest_desc *smime_ri__digest_of(smime_oid_id id)
{
	const smime_oid_entry *e = smime_oid__get(id);
	if (e == NULL || e->kind != SMIME_OID_KIND_DIGEST || e->digest < 0)
		return NULL;
	return smime_crypto__digest_get((smime_digest_id)e->digest);
}

size_t smime_ri__wrap_kek_len(smime_oid_id wrap)
{
	switch (wrap) {
	case SMIME_OID_AES128_WRAP:
	case SMIME_OID_AES128_WRAP_PAD:
		return 16;
	case SMIME_OID_AES192_WRAP:
	case SMIME_OID_AES192_WRAP_PAD:
	case SMIME_OID_3DES_WRAP:
		return 24;
	case SMIME_OID_AES256_WRAP:
	case SMIME_OID_AES256_WRAP_PAD:
		return 32;
	default:
		return 0;
	}
}

smime_oid_id smime_ri__aes_wrap_for(size_t len)
{
	switch (len) {
	case 16:
		return SMIME_OID_AES128_WRAP;
	case 24:
		return SMIME_OID_AES192_WRAP;
	case 32:
		return SMIME_OID_AES256_WRAP;
	default:
		return SMIME_OID_UNKNOWN;
	}
}

int smime_ri__unwrap(smime_oid_id wrap, const uint8_t *kek, size_t kek_len,
		     const uint8_t *in, size_t in_len, smime_buf *cek)
{
	size_t out_len = 0;
	int rc;

	smime_buf_free_secret(cek);
	if (kek_len != smime_ri__wrap_kek_len(wrap))
		return SMIME_E_DECRYPT;
	/* every wrapped key is at least two 64-bit blocks; a few KB at most */
	if (in_len < 16 || in_len > 4096)
		return SMIME_E_DECRYPT;
	if ((rc = smime_buf__reserve(cek, in_len)) != SMIME_OK)
		return rc;
	switch (wrap) {
	case SMIME_OID_AES128_WRAP:
	case SMIME_OID_AES192_WRAP:
	case SMIME_OID_AES256_WRAP:
		rc = smime_crypto__aes_unwrap(kek, kek_len, in, in_len, cek->data, &out_len);
		break;
	case SMIME_OID_AES128_WRAP_PAD:
	case SMIME_OID_AES192_WRAP_PAD:
	case SMIME_OID_AES256_WRAP_PAD:
		rc = smime_crypto__aes_unwrap_pad(kek, kek_len, in, in_len, cek->data, &out_len);
		break;
	case SMIME_OID_3DES_WRAP:
		rc = smime_crypto__des3_unwrap(kek, in, in_len, cek->data, &out_len);
		break;
	default:
		rc = SMIME_E_UNSUPPORTED;
		break;
	}
	if (rc == SMIME_OK && out_len > in_len)
		rc = SMIME_E_INTERNAL;
	if (rc != SMIME_OK) {
		smime_wipe(cek->data, in_len);
		smime_buf_free(cek);
		/* any failure of the integrity check is a wrong key */
		return rc == SMIME_E_NO_MEMORY || rc == SMIME_E_UNSUPPORTED ||
		       rc == SMIME_E_INTERNAL ? rc : SMIME_E_DECRYPT;
	}
	smime_wipe(cek->data + out_len, in_len - out_len);
	cek->len = out_len;
	cek->data[out_len] = 0;
	return SMIME_OK;
}

int smime_ri__wrap(smime_oid_id wrap, const uint8_t *kek, size_t kek_len,
		   const uint8_t *cek, size_t cek_len, smime_buf *out)
{
	size_t out_len = 0, need;
	int rc;

	if (kek_len != smime_ri__wrap_kek_len(wrap))
		return SMIME_E_INVALID_ARGUMENT;
	if (cek_len > 4096 || smime_add_overflows(cek_len, 16, &need))
		return SMIME_E_INVALID_ARGUMENT;
	smime_buf_free(out);
	if ((rc = smime_buf__reserve(out, need)) != SMIME_OK)
		return rc;
	switch (wrap) {
	case SMIME_OID_AES128_WRAP:
	case SMIME_OID_AES192_WRAP:
	case SMIME_OID_AES256_WRAP:
		if (cek_len < 16 || cek_len % 8 != 0)
			return SMIME_E_INVALID_ARGUMENT;
		rc = smime_crypto__aes_wrap(kek, kek_len, cek, cek_len, out->data);
		out_len = cek_len + 8;
		break;
	case SMIME_OID_AES128_WRAP_PAD:
	case SMIME_OID_AES192_WRAP_PAD:
	case SMIME_OID_AES256_WRAP_PAD:
		rc = smime_crypto__aes_wrap_pad(kek, kek_len, cek, cek_len, out->data, &out_len);
		break;
	default:
		/* 3DES key wrap is accepted on input only */
		rc = SMIME_E_UNSUPPORTED;
		break;
	}
	if (rc != SMIME_OK) {
		smime_buf_free(out);
		return rc;
	}
	out->len = out_len;
	out->data[out_len] = 0;
	return SMIME_OK;
}

/* ------------------------------------------------------------------ */
/* build                                                               */
/* ------------------------------------------------------------------ */

int smime_cms__recipient_infos_build(asn1_node node, const char *path,
				     const smime_recipient_spec *specs, size_t n,
				     const uint8_t *cek, size_t cek_len,
				     unsigned *version_hint)
{
	char ri[SMIME_RI_PATH_MAX], alt[SMIME_RI_PATH_MAX];
	bool all_v0 = true, v3 = false;
	int rc;

	if (node == NULL || path == NULL || (n > 0 && specs == NULL) || cek == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (n == 0)
		return SMIME_E_STATE;
	if (n > SMIME_RI_MAX_RECIPIENTS)
		return SMIME_E_LIMIT;
	for (size_t i = 0; i < n; i++) {
		const smime_recipient_spec *s = &specs[i];
		const char *choice;
		int (*build)(asn1_node, const char *, const smime_recipient_spec *,
			     const uint8_t *, size_t);

		switch (s->kind) {
		case SMIME_RECIPIENT_KTRI:
			choice = "ktri";
			build = smime_cms__ktri_build;
			/* ktri with a subjectKeyIdentifier is version 2 */
			if (s->use_ski)
				all_v0 = false;
			break;
		case SMIME_RECIPIENT_KARI:
			choice = "kari";
			build = smime_cms__kari_build;
			all_v0 = false;
			break;
		case SMIME_RECIPIENT_KEKRI:
			choice = "kekri";
			build = smime_cms__kekri_build;
			all_v0 = false;
			break;
		case SMIME_RECIPIENT_PWRI:
			choice = "pwri";
			build = smime_cms__pwri_build;
			v3 = true;
			break;
		default:
			return SMIME_E_INVALID_ARGUMENT;
		}
		if ((rc = smime_der__append(node, path)) != SMIME_OK)
			return rc;
		if ((rc = smime_ri__path(ri, path, "?LAST")) != SMIME_OK ||
		    (rc = smime_der__write_str(node, ri, choice)) != SMIME_OK ||
		    (rc = smime_ri__path(alt, ri, choice)) != SMIME_OK)
			return rc;
		if ((rc = build(node, alt, s, cek, cek_len)) != SMIME_OK)
			return rc;
	}
	/* RFC 5652 §6.1, the part that depends on the recipients: pwri (or
	 * ori, never written) → 3; all RecipientInfos version 0 → 0 (the
	 * caller raises it for originatorInfo or unprotectedAttrs); else 2. */
	if (version_hint != NULL)
		*version_hint = v3 ? 3 : all_v0 ? 0 : 2;
	return SMIME_OK;
}

/* ------------------------------------------------------------------ */
/* decrypt                                                             */
/* ------------------------------------------------------------------ */

static bool secret_fits(const smime_recipient_secret *s, const char *choice)
{
	if (strcmp(choice, "ktri") == 0 || strcmp(choice, "kari") == 0)
		return s->key != NULL;
	if (strcmp(choice, "kekri") == 0)
		return s->kek != NULL && s->kek_len > 0;
	if (strcmp(choice, "pwri") == 0)
		return s->password != NULL;
	return false;
}

/* An RSA key given without its certificate may belong to any ktri whose
 * encrypted key has its modulus size. Implicit rejection makes a wrong
 * recipient yield a random CEK, which CBC content accepts about once in
 * 256 (its padding happens to be right): so every candidate is decrypted
 * first and the first one whose padding is valid is selected in constant
 * time (the first candidate's random bytes when none is), and the content
 * is tried once. What an attacker observes is then the same as for one
 * identified recipient. SMIME_E_NO_RECIPIENT when there is no candidate. */
static int ktri_any(smime_ri_ctx *c, const char *path, unsigned count,
		    const smime_recipient_secret *s)
{
	smime_buf chosen = SMIME_BUF_INIT, cek = SMIME_BUF_INIT;
	char ri[SMIME_RI_PATH_MAX], alt[SMIME_RI_PATH_MAX], choice[16];
	unsigned found = 0, candidates = 0;
	int rc = SMIME_OK, other = SMIME_OK;

	for (unsigned i = 1; i <= count; i++) {
		char idx[24];
		bool identified;
		unsigned valid;

		snprintf(idx, sizeof idx, "?%u", i);
		if ((rc = smime_ri__path(ri, path, idx)) != SMIME_OK)
			goto out;
		if (smime_der__read_choice(c->node, ri, choice, sizeof choice) != SMIME_OK ||
		    strcmp(choice, "ktri") != 0)
			continue;
		if ((rc = smime_ri__path(alt, ri, choice)) != SMIME_OK)
			goto out;
		rc = smime_cms__ktri_unwrap(c, alt, s, &identified, &cek, &valid);
		if (rc == SMIME_E_NO_MEMORY || rc == SMIME_E_INTERNAL)
			goto out;
		if (rc != SMIME_OK) {
			if (rc != SMIME_E_NO_RECIPIENT && other == SMIME_OK)
				other = rc; /* malformed or unsupported */
			continue;
		}
		if (candidates++ == 0)
			smime_buf__move(&chosen, &cek);
		else
			smime_copy_if_ct(valid & ~found, chosen.data, cek.data, cek.len);
		found |= valid;
		smime_buf_free_secret(&cek);
	}
	rc = candidates > 0 ? smime_ri__try(c, chosen.data, chosen.len)
			    : other != SMIME_OK ? other : SMIME_E_NO_RECIPIENT;
out:
	smime_buf_free_secret(&cek);
	smime_buf_free_secret(&chosen);
	return rc;
}

int smime_cms__recipient_infos_decrypt(asn1_node node, const char *path,
				       const smime_recipient_secret *secrets, size_t n,
				       size_t cek_len, smime_cek_try_fn try, void *ctx)
{
	smime_ri_ctx c;
	char ri[SMIME_RI_PATH_MAX], alt[SMIME_RI_PATH_MAX], choice[16];
	unsigned count = 0;
	bool matched = false;
	int other = SMIME_OK, rc;
	const char *dot;

	if (node == NULL || path == NULL || try == NULL || (n > 0 && secrets == NULL) ||
	    cek_len == 0)
		return SMIME_E_INVALID_ARGUMENT;
	memset(&c, 0, sizeof c);
	c.node = node;
	c.cek_len = cek_len;
	c.try = try;
	c.try_ctx = ctx;
	/* the enclosing structure's prefix: "recipientInfos" → "" */
	dot = strrchr(path, '.');
	if (dot != NULL) {
		size_t plen = (size_t)(dot - path) + 1;
		if (plen >= sizeof c.prefix)
			return SMIME_E_LIMIT;
		memcpy(c.prefix, path, plen);
		c.prefix[plen] = 0;
	}

	if ((rc = smime_der__count(node, path, &count)) != SMIME_OK)
		return rc;
	if (count == 0)
		return SMIME_E_MALFORMED;
	if (count > SMIME_RI_MAX_RECIPIENTS)
		return SMIME_E_LIMIT;

	for (size_t k = 0; k < n; k++) {
		const smime_recipient_secret *s = &secrets[k];
		/* an RSA key without its certificate: all its ktri at once */
		bool any_ktri = s->key != NULL && s->cert == NULL &&
				smime_key__pk_type(s->key) == SMIME_PK_RSA;

		if (any_ktri) {
			rc = ktri_any(&c, path, count, s);
			if (c.stop != SMIME_OK)
				return c.stop;
			if (rc == SMIME_OK)
				return SMIME_OK;
			if (rc == SMIME_E_NO_MEMORY || rc == SMIME_E_INTERNAL || rc == SMIME_E_LIMIT)
				return rc;
			if (rc == SMIME_E_DECRYPT)
				matched = true;
			else if (rc != SMIME_E_NO_RECIPIENT && other == SMIME_OK)
				other = rc;
		}
		for (unsigned i = 1; i <= count; i++) {
			char idx[24];
			bool identified = false;

			snprintf(idx, sizeof idx, "?%u", i);
			if ((rc = smime_ri__path(ri, path, idx)) != SMIME_OK)
				return rc;
			/* ori and anything unknown: skipped, never an error */
			if (smime_der__read_choice(node, ri, choice, sizeof choice) != SMIME_OK ||
			    !secret_fits(s, choice) || (any_ktri && strcmp(choice, "ktri") == 0))
				continue;
			if ((rc = smime_ri__path(alt, ri, choice)) != SMIME_OK)
				return rc;
			switch (choice[1]) {
			case 't': /* ktri */
				rc = smime_cms__ktri_decrypt(&c, alt, s, &identified);
				break;
			case 'a': /* kari */
				rc = smime_cms__kari_decrypt(&c, alt, s, &identified);
				break;
			case 'e': /* kekri */
				rc = smime_cms__kekri_decrypt(&c, alt, s, &identified);
				break;
			default:  /* pwri */
				rc = smime_cms__pwri_decrypt(&c, alt, s, &identified);
				break;
			}
			if (c.stop != SMIME_OK)
				return c.stop;
			if (rc == SMIME_OK)
				return SMIME_OK;
			if (rc == SMIME_E_NO_RECIPIENT)
				continue;
			if (rc == SMIME_E_NO_MEMORY || rc == SMIME_E_INTERNAL)
				return rc;
			if (rc == SMIME_E_DECRYPT) {
				matched = true;
				if (identified)
					break; /* the identified recipient failed */
				continue;
			}
			/* malformed or unsupported: remember, go on */
			if (other == SMIME_OK)
				other = rc;
		}
	}
	if (matched)
		return SMIME_E_DECRYPT;
	return other != SMIME_OK ? other : SMIME_E_NO_RECIPIENT;
}
