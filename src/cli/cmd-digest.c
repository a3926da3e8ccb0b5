/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* smime digest: make a DigestedData (RFC 5652 §7). */
#include "common.h"

#include <stdio.h>
#include <string.h>

enum {
	OPT_DIGEST = SMIME_CLI_OPT_FIRST,
	OPT_OUTFORM,
	OPT_OUT,
};

static const smime_cli_option options[] = {
	{ "digest", 0, OPT_DIGEST, "NAME", "sha256 (default), sha384 or sha512" },
	{ "outform", 0, OPT_OUTFORM, "FMT", "output format: smime (default), der or pem" },
	{ "out", 'o', OPT_OUT, "OUT", "write to OUT instead of standard output" },
	{ NULL, 0, 0, NULL, NULL },
};

static const char *const digests[] = { "sha256", "sha384", "sha512" };

int smime_cli__digest(int argc, char **argv)
{
	smime_cli_parser p = {
		.command = "digest",
		.synopsis = "[--digest sha256|sha384|sha512] [--outform smime|der|pem] [-o OUT] [IN]",
		.summary = "Wraps IN with its message digest (DigestedData). This detects accidental\n"
			   "damage only: anyone who changes the content can recompute the digest.\n"
			   "'smime open' checks the digest and writes the content.",
		.options = options,
	};
	smime_format outform = SMIME_FORMAT_SMIME;
	const char *digest = NULL, *out_path = NULL, *in_path, *arg;
	smime_cli_bytes in = { NULL, 0 };
	smime_buf out = SMIME_BUF_INIT;
	int id, rc, status = SMIME_CLI_EXIT_USAGE;
	size_t i;

	for (;;) {
		if (smime_cli__next_option(&id, &arg, &p, argc, argv) != SMIME_OK)
			goto out;
		if (id == SMIME_CLI_OPT_END)
			break;
		switch (id) {
		case SMIME_CLI_OPT_HELP:
			status = SMIME_CLI_EXIT_OK;
			goto out;
		case OPT_DIGEST:
			for (i = 0; i < sizeof digests / sizeof digests[0]; i++)
				if (strcmp(arg, digests[i]) == 0)
					break;
			if (i == sizeof digests / sizeof digests[0]) {
				smime_cli__usage_error(&p, "unknown --digest '%s' (use sha256, sha384 or sha512)",
						       arg);
				goto out;
			}
			digest = digests[i];
			break;
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
	rc = smime_digested_data_create(&out, outform, digest, in.data, in.len);
	if (rc != SMIME_OK) {
		smime_cli__error_code(rc, "cannot digest %s", smime_cli__display_name(in_path));
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
