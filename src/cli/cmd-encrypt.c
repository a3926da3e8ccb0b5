/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* smime encrypt: make an EnvelopedData for one or more recipients. */
#include "common.h"

#include <stdio.h>
#include <string.h>

enum {
	OPT_RECIPIENT = SMIME_CLI_OPT_FIRST,
	OPT_CIPHER,
	OPT_OUTFORM,
	OPT_OUT,
};

static const smime_cli_option options[] = {
	{ "recipient", 'r', OPT_RECIPIENT, "CERT", "recipient certificate (first one of the file; repeatable)" },
	{ "cipher", 0, OPT_CIPHER, "NAME", "aes-128-cbc, aes-192-cbc or aes-256-cbc (default)" },
	{ "outform", 0, OPT_OUTFORM, "FMT", "output format: smime (default), der or pem" },
	{ "out", 'o', OPT_OUT, "OUT", "write to OUT instead of standard output" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct {
	const char *name;
	smime_cipher cipher;
} ciphers[] = {
	{ "aes-128-cbc", SMIME_CIPHER_AES128_CBC },
	{ "aes-192-cbc", SMIME_CIPHER_AES192_CBC },
	{ "aes-256-cbc", SMIME_CIPHER_AES256_CBC },
};

static int feed(void *op, const void *data, size_t len)
{
	return smime_encrypt_update(op, data, len);
}

static int parse_cipher(smime_cipher *out, const char *text,
			const smime_cli_parser *p)
{
	for (size_t i = 0; i < sizeof ciphers / sizeof ciphers[0]; i++) {
		if (strcmp(text, ciphers[i].name) == 0) {
			*out = ciphers[i].cipher;
			return SMIME_OK;
		}
	}
	return smime_cli__usage_error(p, "unknown cipher '%s' (use aes-128-cbc, aes-192-cbc or aes-256-cbc)",
				      text);
}

int smime_cli__encrypt(int argc, char **argv)
{
	smime_cli_parser p = {
		.command = "encrypt",
		.synopsis = "-r CERT [-r CERT]... [--cipher aes-128-cbc|aes-192-cbc|aes-256-cbc] [--outform smime|der|pem] [-o OUT] [IN]",
		.summary = "Encrypts IN (a MIME entity for --outform smime, any bytes otherwise)\n"
			   "so that each recipient can decrypt it with their private key.",
		.options = options,
	};
	smime_encrypt_options opts = SMIME_ENCRYPT_OPTIONS_INIT;
	smime_cli_list recipient_files = { NULL, 0 };
	const char *out_path = NULL, *in_path, *arg;
	smime_encrypt *enc = NULL;
	smime_cert *cert = NULL;
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
		case OPT_RECIPIENT:
			if (smime_cli__list_add(&recipient_files, arg) != SMIME_OK)
				goto out;
			break;
		case OPT_CIPHER:
			if (parse_cipher(&opts.cipher, arg, &p) != SMIME_OK)
				goto out;
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
	if (recipient_files.count == 0) {
		smime_cli__usage_error(&p, "missing -r CERT");
		goto out;
	}

	rc = smime_encrypt_new(&enc, &opts);
	if (rc != SMIME_OK) {
		smime_cli__error_code(rc, "cannot start encryption");
		status = smime_cli__exit_status(rc);
		goto out;
	}
	for (size_t i = 0; i < recipient_files.count; i++) {
		if (smime_cli__load_cert(&cert, recipient_files.items[i]) != SMIME_OK)
			goto out;
		rc = smime_encrypt_add_recipient(enc, cert);
		smime_cert_free(cert);
		cert = NULL;
		if (rc != SMIME_OK) {
			smime_cli__error_code(rc, "cannot encrypt to %s",
					      recipient_files.items[i]);
			goto out;	/* the caller's certificate: exit 2 */
		}
	}
	rc = smime_cli__feed(in_path, feed, enc);
	if (rc == SMIME_OK) {
		rc = smime_encrypt_finish(&out, enc);
		if (rc != SMIME_OK)
			smime_cli__error_code(rc, "cannot encrypt %s",
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
	smime_encrypt_free(enc);
	smime_cli__list_free(&recipient_files);
	return status;
}
