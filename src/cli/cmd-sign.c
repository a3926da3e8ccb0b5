/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* smime sign: make a SignedData (S/MIME, DER or PEM) with one or more
 * signers, or a certs-only message. */
#include "common.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum {
	OPT_KEY = SMIME_CLI_OPT_FIRST,
	OPT_CERT,
	OPT_CHAIN,
	OPT_PASS_FILE,
	OPT_DETACHED,
	OPT_DIGEST,
	OPT_PSS,
	OPT_SKI,
	OPT_NO_ATTRIBUTES,
	OPT_NO_CERTS,
	OPT_CERTS_ONLY,
	OPT_ENCRYPTION_CERT,
};

static const smime_cli_option options[] = {
	{ "key", 'k', OPT_KEY, "KEY", "signer private key: RSA, EC, Ed25519, Ed448 (repeatable: one signer each)" },
	{ "cert", 'c', OPT_CERT, "CERT", "signer certificate: the n-th -c belongs to the n-th -k (repeatable)" },
	{ "chain", 0, OPT_CHAIN, "FILE", "more certificates to include (repeatable)" },
	{ "pass-file", 0, OPT_PASS_FILE, "FILE", "read the password of the keys from the first line of FILE" },
	{ "digest", 0, OPT_DIGEST, "NAME", "sha224, sha256, sha384, sha512, sha3-256, sha3-384, sha3-512 (default: fits the key)" },
	{ "pss", 0, OPT_PSS, NULL, "RSA signers: RSASSA-PSS instead of PKCS#1 v1.5" },
	{ "ski", 0, OPT_SKI, NULL, "identify the signer by subject key identifier (SignerInfo version 3)" },
	{ "encryption-cert", 0, OPT_ENCRYPTION_CERT, "FILE", "certificate correspondents should encrypt to (SMIMEEncryptionKeyPreference attribute; included)" },
	{ "no-attributes", 0, OPT_NO_ATTRIBUTES, NULL, "sign the content directly, without signed attributes" },
	{ "no-certs", 0, OPT_NO_CERTS, NULL, "leave every certificate out of the message" },
	{ "certs-only", 0, OPT_CERTS_ONLY, NULL, "a certs-only message of the -c and --chain certificates (no content, no -k)" },
	{ "detached", 0, OPT_DETACHED, NULL, "leave the content out (multipart/signed with --outform smime)" },
	SMIME_CLI_OPTION_OUTFORM,
	SMIME_CLI_OPTION_OUT,
	SMIME_CLI_OPTIONS_END,
};

/* One signer: the n-th -k and the n-th -c, and the --digest, --pss,
 * --ski and --encryption-cert given after that -k (before the next one). */
typedef struct {
	const char *key_path;
	const char *digest;	/* NULL: the default */
	const char *enc_path;	/* NULL: the default */
	unsigned int flags;	/* SMIME_SIGNER_* */
	smime_key *key;
	smime_cert *cert;
	smime_cert *enc_cert;
} signer;

typedef struct {
	signer *items;
	size_t count;
} signer_list;

static int signer_list_add(signer_list *list, const char *key_path)
{
	signer *items;

	if (list->count >= SIZE_MAX / sizeof *items - 1)
		return SMIME_E_NO_MEMORY;
	items = realloc(list->items, (list->count + 1) * sizeof *items);
	if (items == NULL) {
		smime_cli__error_code(SMIME_E_NO_MEMORY, "option list");
		return SMIME_E_NO_MEMORY;
	}
	items[list->count] = (signer){ .key_path = key_path };
	list->items = items;
	list->count++;
	return SMIME_OK;
}

static void signer_list_free(signer_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		smime_key_free(list->items[i].key);
		smime_cert_free(list->items[i].cert);
		smime_cert_free(list->items[i].enc_cert);
	}
	free(list->items);
	list->items = NULL;
	list->count = 0;
}

static int feed(void *op, const void *data, size_t len)
{
	return smime_sign_update(op, data, len);
}

/* The combinations that make no sense are usage errors rather than
 * silently ignored options. */
static int check_options(const smime_cli_parser *p, const smime_sign_options *opts,
			 const signer_list *signers, const smime_cli_list *certs,
			 const smime_cli_list *chain_files, int signer_opts_given,
			 const char *pass_file, int in_given, int enc_given)
{
	if (enc_given && (opts->flags & (SMIME_SIGN_NO_ATTRIBUTES | SMIME_SIGN_CERTS_ONLY)))
		return smime_cli__usage_error(p, "--encryption-cert is a signed attribute: not with --no-attributes or --certs-only");
	if (opts->flags & SMIME_SIGN_CERTS_ONLY) {
		if (signers->count > 0)
			return smime_cli__usage_error(p, "--certs-only takes no -k: it signs nothing");
		if (certs->count + chain_files->count == 0)
			return smime_cli__usage_error(p, "--certs-only needs certificates (-c CERT or --chain FILE)");
		if (opts->flags & (SMIME_SIGN_DETACHED | SMIME_SIGN_NO_ATTRIBUTES | SMIME_SIGN_NO_CERTS))
			return smime_cli__usage_error(p, "--certs-only cannot be combined with --detached, --no-attributes or --no-certs");
		if (signer_opts_given)
			return smime_cli__usage_error(p, "--certs-only cannot be combined with --digest, --pss or --ski");
		if (pass_file != NULL)
			return smime_cli__usage_error(p, "--certs-only takes no --pass-file (there is no key)");
		if (in_given)
			return smime_cli__usage_error(p, "--certs-only has no content: do not give IN");
		return SMIME_OK;
	}
	if (signers->count == 0)
		return smime_cli__usage_error(p, "missing -k KEY");
	if (certs->count < signers->count)
		return smime_cli__usage_error(p, "missing -c CERT for the key %s",
					      signers->items[certs->count].key_path);
	if (certs->count > signers->count)
		return smime_cli__usage_error(p, "-c %s has no -k KEY",
					      certs->items[signers->count]);
	if ((opts->flags & SMIME_SIGN_NO_CERTS) && chain_files->count > 0)
		return smime_cli__usage_error(p, "--no-certs and --chain contradict each other");
	return SMIME_OK;
}

/* A certs-only message: every -c and --chain certificate, no content. */
static int add_certs_only(smime_sign *sign, const smime_cli_list *certs)
{
	smime_cert *cert = NULL;
	int rc;

	for (size_t i = 0; i < certs->count; i++) {
		rc = smime_cli__load_cert(&cert, certs->items[i]);
		if (rc != SMIME_OK)
			return rc;
		rc = smime_sign_add_cert(sign, cert);
		smime_cert_free(cert);
		cert = NULL;
		if (rc != SMIME_OK) {
			smime_cli__error_code(rc, "cannot add certificate %s", certs->items[i]);
			return rc;
		}
	}
	return SMIME_OK;
}

static int add_signers(smime_sign *sign, signer_list *signers, const smime_cli_list *certs,
		       const char *pass_file, const char *digest, unsigned int flags,
		       const char *enc_path)
{
	smime_signer_options so = SMIME_SIGNER_OPTIONS_INIT;
	int rc;

	for (size_t i = 0; i < signers->count; i++) {
		signer *s = &signers->items[i];
		const char *enc = s->enc_path != NULL ? s->enc_path : enc_path;

		rc = smime_cli__load_key(&s->key, s->key_path, pass_file);
		if (rc != SMIME_OK)
			return rc;
		rc = smime_cli__load_cert(&s->cert, certs->items[i]);
		if (rc != SMIME_OK)
			return rc;
		if (enc != NULL && (rc = smime_cli__load_cert(&s->enc_cert, enc)) != SMIME_OK)
			return rc;
		so.flags = flags | s->flags;
		so.digest = s->digest != NULL ? s->digest : digest;
		so.encryption_cert = s->enc_cert;
		rc = smime_sign_add_signer_full(sign, s->cert, s->key, &so);
		if (rc != SMIME_OK) {
			if (rc == SMIME_E_INVALID_ARGUMENT || rc == SMIME_E_UNSUPPORTED)
				smime_cli__error("cannot sign with %s and %s: %s (--pss needs an RSA key, --ski a subject key identifier in the certificate, --digest a hash the key type allows)",
						 certs->items[i], s->key_path, smime_strerror(rc));
			else
				smime_cli__error_code(rc, "cannot sign with %s and %s",
						      certs->items[i], s->key_path);
			return rc;
		}
	}
	return SMIME_OK;
}

int smime_cli__sign(int argc, char **argv)
{
	smime_cli_parser p = {
		.command = "sign",
		.synopsis = "-k KEY -c CERT [-k KEY -c CERT]... [--digest NAME] [--pss] [--ski] [--encryption-cert FILE] [--pass-file FILE] [--chain FILE]... [--no-attributes] [--no-certs] [--detached] [--outform smime|der|pem] [-o OUT] [IN]\n"
			    "       smime sign --certs-only -c CERT... [--chain FILE]... [--outform smime|der|pem] [-o OUT]",
		.summary = "Signs IN (a MIME entity for --outform smime, any bytes otherwise) and\n"
			   "writes the signed message; each -k/-c pair is one signer. --digest, --pss,\n"
			   "--ski and --encryption-cert given before the first -k apply to every\n"
			   "signer, given after a -k to that signer only. --encryption-cert adds the\n"
			   "SMIMEEncryptionKeyPreference attribute (RFC 8551 2.5.3), by subject key\n"
			   "identifier with --ski. With --certs-only, writes a message that carries\n"
			   "certificates and nothing else.",
		.options = options,
	};
	smime_sign_options opts = SMIME_SIGN_OPTIONS_INIT;
	smime_cli_list chain_files = { NULL, 0 }, certs = { NULL, 0 };
	signer_list signers = { NULL, 0 };
	const char *pass_file = NULL, *digest = NULL, *enc_path = NULL;
	const char *out_path = NULL, *in_path, *arg;
	unsigned int signer_flags = 0;
	int signer_opts_given = 0;
	smime_certs *chain = NULL;
	smime_sign *sign = NULL;
	smime_buf out = SMIME_BUF_INIT;
	int id, rc, in_given, enc_given = 0, status = SMIME_CLI_EXIT_USAGE;

	opts.outform = SMIME_FORMAT_SMIME;
	p.outform = &opts.outform;
	p.out_path = &out_path;
	while ((id = smime_cli__option(&arg, &p, argc, argv, &status)) > 0) {
		/* the signer that --digest, --pss and --ski apply to, if any */
		signer *cur = signers.count > 0 ? &signers.items[signers.count - 1] : NULL;

		switch (id) {
		case OPT_KEY:
			if (signer_list_add(&signers, arg) != SMIME_OK)
				goto out;
			break;
		case OPT_CERT:
			if (smime_cli__list_add(&certs, arg) != SMIME_OK)
				goto out;
			break;
		case OPT_CHAIN:
			if (smime_cli__list_add(&chain_files, arg) != SMIME_OK)
				goto out;
			break;
		case OPT_PASS_FILE:
			pass_file = arg;
			break;
		case OPT_DIGEST:
			if (smime_cli__parse_sign_digest(cur ? &cur->digest : &digest, arg,
							 &p) != SMIME_OK)
				goto out;
			signer_opts_given = 1;
			break;
		case OPT_PSS:
			if (cur)
				cur->flags |= SMIME_SIGNER_PSS;
			else
				signer_flags |= SMIME_SIGNER_PSS;
			signer_opts_given = 1;
			break;
		case OPT_SKI:
			if (cur)
				cur->flags |= SMIME_SIGNER_SKI;
			else
				signer_flags |= SMIME_SIGNER_SKI;
			signer_opts_given = 1;
			break;
		case OPT_ENCRYPTION_CERT:
			if (cur)
				cur->enc_path = arg;
			else
				enc_path = arg;
			enc_given = 1;
			break;
		case OPT_NO_ATTRIBUTES:
			opts.flags |= SMIME_SIGN_NO_ATTRIBUTES;
			break;
		case OPT_NO_CERTS:
			opts.flags |= SMIME_SIGN_NO_CERTS;
			break;
		case OPT_CERTS_ONLY:
			opts.flags |= SMIME_SIGN_CERTS_ONLY;
			break;
		case OPT_DETACHED:
			opts.flags |= SMIME_SIGN_DETACHED;
			break;
		}
	}
	if (id < 0)
		goto out;
	in_given = optind < argc;
	if (smime_cli__input_operand(&in_path, &p, argc, argv) != SMIME_OK)
		goto out;
	if (check_options(&p, &opts, &signers, &certs, &chain_files, signer_opts_given,
			  pass_file, in_given, enc_given) != SMIME_OK)
		goto out;

	/* Certificates first, then keys: any failure is the caller's (exit 2). */
	if (smime_certs_new(&chain) != SMIME_OK) {
		smime_cli__error_code(SMIME_E_NO_MEMORY, "sign");
		goto out;
	}
	for (size_t i = 0; i < chain_files.count; i++)
		if (smime_cli__load_certs(chain, chain_files.items[i]) != SMIME_OK)
			goto out;

	rc = smime_sign_new(&sign, &opts);
	if (rc != SMIME_OK) {
		smime_cli__error_code(rc, "cannot start signing");
		status = smime_cli__exit_status(rc);
		goto out;
	}
	if (opts.flags & SMIME_SIGN_CERTS_ONLY)
		rc = add_certs_only(sign, &certs);
	else
		rc = add_signers(sign, &signers, &certs, pass_file, digest, signer_flags, enc_path);
	if (rc != SMIME_OK)
		goto out;	/* keys, certificates, options: exit 2 */
	for (size_t i = 0; i < smime_certs_count(chain); i++) {
		rc = smime_sign_add_cert(sign, smime_certs_get(chain, i));
		if (rc != SMIME_OK) {
			smime_cli__error_code(rc, "cannot add chain certificate %zu",
					      i + 1);
			goto out;
		}
	}
	rc = SMIME_OK;
	if (!(opts.flags & SMIME_SIGN_CERTS_ONLY))
		rc = smime_cli__feed(in_path, feed, sign);
	if (rc == SMIME_OK) {
		rc = smime_sign_finish(&out, sign);
		if (rc != SMIME_OK)
			smime_cli__error_code(rc, "cannot sign %s",
					      (opts.flags & SMIME_SIGN_CERTS_ONLY)
						      ? "the certificates"
						      : smime_cli__display_name(in_path));
	}
	status = smime_cli__write_result(rc, out_path, &out, NULL);

out:
	smime_buf_free(&out);
	smime_sign_free(sign);
	signer_list_free(&signers);
	smime_certs_free(chain);
	smime_cli__list_free(&certs);
	smime_cli__list_free(&chain_files);
	return status;
}
