/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* smime inspect: describe any CMS object or S/MIME message. */
#include "common.h"

#include <stdio.h>

enum {
	OPT_INFORM = SMIME_CLI_OPT_FIRST,
};

static const smime_cli_option options[] = {
	SMIME_CLI_OPTION_INFORM(OPT_INFORM),
	SMIME_CLI_OPTIONS_END,
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

	while ((id = smime_cli__option(&arg, &p, argc, argv, &status)) > 0) {
		switch (id) {
		case OPT_INFORM:
			if (smime_cli__parse_format(&inform, arg, 1, &p,
						    "inform") != SMIME_OK)
				goto out;
			break;
		}
	}
	if (id < 0)
		goto out;
	if (smime_cli__read_input(&in, &in_path, &p, argc, argv) != SMIME_OK)
		goto out;

	rc = smime_inspect(&out, inform, in.data, in.len);
	status = smime_cli__write_result(rc, NULL, &out, "%s",
					 smime_cli__display_name(in_path));

out:
	smime_buf_free(&out);
	smime_cli__bytes_free(&in);
	return status;
}
