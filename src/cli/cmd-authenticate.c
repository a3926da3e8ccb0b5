/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * smime authenticate: make an AuthenticatedData (RFC 5652 §9). The content
 * stays readable; an HMAC under a fresh key, which goes to the recipients,
 * protects it.
 */
#include "common.h"

#include <stdio.h>
#include <string.h>

enum {
	OPT_MAC = SMIME_CLI_OPT_FIRST,
};

static const smime_cli_option options[] = {
	SMIME_CLI_RECIPIENT_OPTIONS,
	{ "mac", 0, OPT_MAC, "NAME", "hmac-sha256 (default), hmac-sha384 or hmac-sha512" },
	SMIME_CLI_OPTION_OUTFORM,
	SMIME_CLI_OPTION_OUT,
	SMIME_CLI_OPTIONS_END,
};

static const char *const macs[] = { "hmac-sha256", "hmac-sha384", "hmac-sha512", NULL };

int smime_cli__authenticate(int argc, char **argv)
{
	smime_cli_parser p = {
		.command = "authenticate",
		.synopsis = "-r CERT [-r CERT]... [--oaep [--oaep-hash NAME]] [--kdf NAME] [--ski]\n"
			    "              [--password-file FILE]... [--kek-file FILE --kek-id HEX]...\n"
			    "              [--mac hmac-sha256|hmac-sha384|hmac-sha512] [--outform smime|der|pem]\n"
			    "              [-o OUT] [IN]",
		.summary = "Protects IN with a message authentication code whose key only the\n"
			   "recipients can recover (AuthenticatedData). The content is NOT\n"
			   "encrypted: anyone can read it, only the recipients can check it.\n"
			   "'smime decrypt' checks the MAC and writes the content.",
		.options = options,
	};
	smime_encrypt_options opts = SMIME_ENCRYPT_OPTIONS_INIT;
	smime_cli_recipients rcpts;
	const char *out_path = NULL, *in_path, *arg;
	smime_encrypt *enc = NULL;
	smime_buf out = SMIME_BUF_INIT;
	int id, rc, handled, status = SMIME_CLI_EXIT_USAGE;

	memset(&rcpts, 0, sizeof rcpts);
	opts.outform = SMIME_FORMAT_SMIME;
	opts.flags = SMIME_ENCRYPT_AUTHENTICATE_ONLY;
	p.outform = &opts.outform;
	p.out_path = &out_path;
	while ((id = smime_cli__option(&arg, &p, argc, argv, &status)) > 0) {
		if (smime_cli__recipients_option(&rcpts, id, arg, &p, &handled) != SMIME_OK)
			goto out;
		if (handled)
			continue;
		switch (id) {
		case OPT_MAC:
			if (smime_cli__parse_choice(&opts.mac_algorithm, arg, macs, &p, "mac",
						    "hmac-sha256, hmac-sha384 or hmac-sha512") != SMIME_OK)
				goto out;
			break;
		}
	}
	if (id < 0)
		goto out;
	if (smime_cli__input_operand(&in_path, &p, argc, argv) != SMIME_OK)
		goto out;
	if (smime_cli__recipients_check(&rcpts, &p) != SMIME_OK)
		goto out;

	rc = smime_encrypt_new(&enc, &opts);
	if (rc != SMIME_OK) {
		smime_cli__error_code(rc, "cannot start");
		status = smime_cli__exit_status(rc);
		goto out;
	}
	if (smime_cli__recipients_add(&rcpts, enc) != SMIME_OK)
		goto out;	/* the caller's certificates and keys: exit 2 */
	rc = smime_cli__encrypt_file(&out, enc, in_path, "authenticate");
	status = smime_cli__write_result(rc, out_path, &out, NULL);

out:
	smime_buf_free(&out);
	smime_encrypt_free(enc);
	smime_cli__recipients_free(&rcpts);
	return status;
}
