/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* smime decrypt: open an EnvelopedData with a private key. */
#include "common.h"

#include <stdio.h>

enum {
	OPT_KEY = SMIME_CLI_OPT_FIRST,
	OPT_CERT,
	OPT_PASS_FILE,
	OPT_INFORM,
	OPT_OUT,
};

static const smime_cli_option options[] = {
	{ "key", 'k', OPT_KEY, "KEY", "recipient private key (PEM/DER PKCS#8, PKCS#1, SEC1, PKCS#12)" },
	{ "cert", 'c', OPT_CERT, "CERT", "recipient certificate (selects the matching recipient)" },
	{ "pass-file", 0, OPT_PASS_FILE, "FILE", "read the key password from the first line of FILE" },
	{ "inform", 0, OPT_INFORM, "FMT", "input format: auto (default), smime, der or pem" },
	{ "out", 'o', OPT_OUT, "OUT", "write to OUT instead of standard output" },
	{ NULL, 0, 0, NULL, NULL },
};

static int feed(void *op, const void *data, size_t len)
{
	return smime_decrypt_update(op, data, len);
}

int smime_cli__decrypt(int argc, char **argv)
{
	smime_cli_parser p = {
		.command = "decrypt",
		.synopsis = "-k KEY [-c CERT] [--pass-file FILE] [--inform auto|smime|der|pem] [-o OUT] [IN]",
		.summary = "Decrypts the encrypted message IN and writes the plaintext. Nothing\n"
			   "is written unless the whole message decrypts.",
		.options = options,
	};
	smime_decrypt_options opts = SMIME_DECRYPT_OPTIONS_INIT;
	const char *key_path = NULL, *cert_path = NULL, *pass_file = NULL;
	const char *out_path = NULL, *in_path, *arg;
	smime_key *key = NULL;
	smime_cert *cert = NULL;
	smime_decrypt *dec = NULL;
	smime_buf out = SMIME_BUF_INIT;
	int id, rc, status = SMIME_CLI_EXIT_USAGE;

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
		case OPT_PASS_FILE:
			pass_file = arg;
			break;
		case OPT_INFORM:
			if (smime_cli__parse_format(&opts.inform, arg, 1, &p,
						    "inform") != SMIME_OK)
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

	if (smime_cli__load_key(&key, key_path, pass_file) != SMIME_OK)
		goto out;
	if (cert_path != NULL && smime_cli__load_cert(&cert, cert_path) != SMIME_OK)
		goto out;

	rc = smime_decrypt_new(&dec, &opts);
	if (rc != SMIME_OK) {
		smime_cli__error_code(rc, "cannot start decryption");
		status = smime_cli__exit_status(rc);
		goto out;
	}
	rc = smime_decrypt_add_key(dec, key, cert);
	if (rc != SMIME_OK) {
		if (cert_path != NULL)
			smime_cli__error_code(rc, "cannot use key %s with certificate %s",
					      key_path, cert_path);
		else
			smime_cli__error_code(rc, "cannot use key %s", key_path);
		goto out;	/* the caller's key: exit 2 */
	}
	rc = smime_cli__feed(in_path, feed, dec);
	if (rc == SMIME_OK) {
		rc = smime_decrypt_finish(&out, dec);
		if (rc != SMIME_OK)
			smime_cli__error_code(rc, "cannot decrypt %s",
					      smime_cli__display_name(in_path));
	}
	if (rc != SMIME_OK) {
		status = smime_cli__exit_status(rc);
		goto out;
	}
	rc = smime_cli__write_output(out_path, out.data, out.len, 1);
	status = smime_cli__exit_status(rc);

out:
	smime_buf_free_secret(&out);
	smime_decrypt_free(dec);
	smime_cert_free(cert);
	smime_key_free(key);
	return status;
}
