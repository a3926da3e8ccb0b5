/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* smime compress: make a CompressedData (RFC 3274, zlib). */
#include "common.h"

#include <stdio.h>

enum {
	OPT_OUTFORM = SMIME_CLI_OPT_FIRST,
	OPT_OUT,
};

static const smime_cli_option options[] = {
	{ "outform", 0, OPT_OUTFORM, "FMT", "output format: smime (default), der or pem" },
	{ "out", 'o', OPT_OUT, "OUT", "write to OUT instead of standard output" },
	{ NULL, 0, 0, NULL, NULL },
};

int smime_cli__compress(int argc, char **argv)
{
	smime_cli_parser p = {
		.command = "compress",
		.synopsis = "[--outform smime|der|pem] [-o OUT] [IN]",
		.summary = "Compresses IN with zlib into a CompressedData (smime-type\n"
			   "compressed-data). 'smime open' decompresses it.",
		.options = options,
	};
	smime_format outform = SMIME_FORMAT_SMIME;
	const char *out_path = NULL, *in_path, *arg;
	smime_cli_bytes in = { NULL, 0 };
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
		case OPT_OUTFORM:
			if (smime_cli__parse_format(&outform, arg, 0, &p, "outform") != SMIME_OK)
				goto out;
			break;
		case OPT_OUT:
			out_path = arg;
			break;
		}
	}
	if (smime_cli__input_operand(&in_path, &p, argc, argv) != SMIME_OK)
		goto out;
	if (smime_cli__read_file(&in, in_path) != SMIME_OK)
		goto out;
	rc = smime_compressed_data_create(&out, outform, in.data, in.len);
	if (rc != SMIME_OK) {
		smime_cli__error_code(rc, "cannot compress %s", smime_cli__display_name(in_path));
		status = smime_cli__exit_status(rc);
		goto out;
	}
	rc = smime_cli__write_output(out_path, out.data, out.len, 0);
	status = smime_cli__exit_status(rc);

out:
	smime_buf_free(&out);
	smime_cli__bytes_free(&in);
	return status;
}
