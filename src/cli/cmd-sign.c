/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* smime sign: make a SignedData (S/MIME, DER or PEM). */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>

enum {
	OPT_KEY = SMIME_CLI_OPT_FIRST,
	OPT_CERT,
	OPT_CHAIN,
	OPT_PASS_FILE,
	OPT_DETACHED,
	OPT_OUTFORM,
	OPT_OUT,
};

static const smime_cli_option options[] = {
	{ "key", 'k', OPT_KEY, "KEY", "signer private key (PEM/DER PKCS#8, PKCS#1, SEC1, PKCS#12)" },
	{ "cert", 'c', OPT_CERT, "CERT", "signer certificate" },
	{ "chain", 0, OPT_CHAIN, "FILE", "more certificates to include (repeatable)" },
	{ "pass-file", 0, OPT_PASS_FILE, "FILE", "read the key password from the first line of FILE" },
	{ "detached", 0, OPT_DETACHED, NULL, "leave the content out (multipart/signed with --outform smime)" },
	{ "outform", 0, OPT_OUTFORM, "FMT", "output format: smime (default), der or pem" },
	{ "out", 'o', OPT_OUT, "OUT", "write to OUT instead of standard output" },
	{ NULL, 0, 0, NULL, NULL },
};

static int feed(void *op, const void *data, size_t len)
{
	return smime_sign_update(op, data, len);
}

int smime_cli__sign(int argc, char **argv)
{
	smime_cli_parser p = {
		.command = "sign",
		.synopsis = "-k KEY -c CERT [--chain FILE]... [--detached] [--outform smime|der|pem] [-o OUT] [IN]",
		.summary = "Signs IN (a MIME entity for --outform smime, any bytes otherwise)\n"
			   "with RSA and SHA-256 and writes the signed message.",
		.options = options,
	};
	smime_sign_options opts = SMIME_SIGN_OPTIONS_INIT;
	smime_cli_list chain_files = { NULL, 0 };
	const char *key_path = NULL, *cert_path = NULL, *pass_file = NULL;
	const char *out_path = NULL, *in_path, *arg;
	smime_key *key = NULL;
	smime_cert *cert = NULL;
	smime_certs *chain = NULL;
	smime_sign *sign = NULL;
	smime_buf out = SMIME_BUF_INIT;
	int id, rc, status = SMIME_CLI_EXIT_USAGE;

	opts.outform = SMIME_FORMAT_SMIME;
	for (;;) {
		if (smime_cli__next_option(&id, &arg, &p, argc, argv) != SMIME_OK)
			goto out;
		if (id == SMIME_CLI_OPT_END)
			break;
		switch (id) {
		case SMIME_CLI_OPT_HELP:
			status = SMIME_CLI_EXIT_OK;
			goto out;
		case OPT_KEY:
			key_path = arg;
			break;
		case OPT_CERT:
			cert_path = arg;
			break;
		case OPT_CHAIN:
			if (smime_cli__list_add(&chain_files, arg) != SMIME_OK)
				goto out;
			break;
		case OPT_PASS_FILE:
			pass_file = arg;
			break;
		case OPT_DETACHED:
			opts.flags |= SMIME_SIGN_DETACHED;
			break;
		case OPT_OUTFORM:
			if (smime_cli__parse_format(&opts.outform, arg, 0, &p,
						    "outform") != SMIME_OK)
				goto out;
			break;
		case OPT_OUT:
			out_path = arg;
			break;
		}
	}
	if (smime_cli__input_operand(&in_path, &p, argc, argv) != SMIME_OK)
		goto out;
	if (key_path == NULL) {
		smime_cli__usage_error(&p, "missing -k KEY");
		goto out;
	}
	if (cert_path == NULL) {
		smime_cli__usage_error(&p, "missing -c CERT");
		goto out;
	}

	/* Keys and certificates: any failure is the caller's (exit 2). */
	if (smime_cli__load_key(&key, key_path, pass_file) != SMIME_OK ||
	    smime_cli__load_cert(&cert, cert_path) != SMIME_OK)
		goto out;
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
	rc = smime_sign_add_signer(sign, cert, key);
	if (rc != SMIME_OK) {
		smime_cli__error_code(rc, "cannot sign with %s and %s",
				      cert_path, key_path);
		goto out;	/* key or certificate: exit 2 */
	}
	for (size_t i = 0; i < smime_certs_count(chain); i++) {
		rc = smime_sign_add_cert(sign, smime_certs_get(chain, i));
		if (rc != SMIME_OK) {
			smime_cli__error_code(rc, "cannot add chain certificate %zu",
					      i + 1);
			goto out;
		}
	}
	rc = smime_cli__feed(in_path, feed, sign);
	if (rc == SMIME_OK) {
		rc = smime_sign_finish(&out, sign);
		if (rc != SMIME_OK)
			smime_cli__error_code(rc, "cannot sign %s",
					      smime_cli__display_name(in_path));
	}
	if (rc != SMIME_OK) {
		status = smime_cli__exit_status(rc);
		goto out;
	}
	rc = smime_cli__write_output(out_path, out.data, out.len, 0);
	status = smime_cli__exit_status(rc);

out:
	smime_buf_free(&out);
	smime_sign_free(sign);
	smime_certs_free(chain);
	smime_cert_free(cert);
	smime_key_free(key);
	smime_cli__list_free(&chain_files);
	return status;
}
