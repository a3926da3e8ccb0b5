/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* smime compress: make a CompressedData (RFC 3274, zlib). */
#include "common.h"

#include <stdio.h>

static const smime_cli_option options[] = {
	SMIME_CLI_OPTION_OUTFORM,
	SMIME_CLI_OPTION_OUT,
	SMIME_CLI_OPTIONS_END,
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

	p.outform = &outform;
	p.out_path = &out_path;
	while ((id = smime_cli__option(&arg, &p, argc, argv, &status)) > 0)
		continue;	/* the parser stores --outform and -o itself */
	if (id < 0)
		goto out;
	if (smime_cli__read_input(&in, &in_path, &p, argc, argv) != SMIME_OK)
		goto out;
	rc = smime_compressed_data_create(&out, outform, in.data, in.len);
	status = smime_cli__write_result(rc, out_path, &out, "cannot compress %s",
					 smime_cli__display_name(in_path));

out:
	smime_buf_free(&out);
	smime_cli__bytes_free(&in);
	return status;
}
