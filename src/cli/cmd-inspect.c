/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* smime inspect: describe any CMS object or S/MIME message. */
#include "common.h"

#include <stdio.h>

enum {
	OPT_INFORM = SMIME_CLI_OPT_FIRST,
};

static const smime_cli_option options[] = {
	{ "inform", 0, OPT_INFORM, "FMT", "input format: auto (default), smime, der or pem" },
	{ NULL, 0, 0, NULL, NULL },
};

int smime_cli__inspect(int argc, char **argv)
{
	smime_cli_parser p = {
		.command = "inspect",
		.synopsis = "[--inform auto|smime|der|pem] [IN]",
		.summary = "Describes the content types, signers, recipients and certificates of\n"
			   "IN on standard output. Nothing is verified or decrypted.",
		.options = options,
	};
	smime_format inform = SMIME_FORMAT_AUTO;
	smime_cli_bytes in = { NULL, 0 };
	smime_buf out = SMIME_BUF_INIT;
	const char *in_path, *arg;
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
		case OPT_INFORM:
			if (smime_cli__parse_format(&inform, arg, 1, &p,
						    "inform") != SMIME_OK)
				goto out;
			break;
		}
	}
	if (smime_cli__input_operand(&in_path, &p, argc, argv) != SMIME_OK)
		goto out;
	if (smime_cli__read_file(&in, in_path) != SMIME_OK)
		goto out;

	rc = smime_inspect(&out, inform, in.data, in.len);
	if (rc != SMIME_OK) {
		smime_cli__error_code(rc, "%s", smime_cli__display_name(in_path));
		status = smime_cli__exit_status(rc);
		goto out;
	}
	rc = smime_cli__write_output(NULL, out.data, out.len, 0);
	status = smime_cli__exit_status(rc);

out:
	smime_buf_free(&out);
	smime_cli__bytes_free(&in);
	return status;
}
