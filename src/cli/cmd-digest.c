/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* smime digest: make a DigestedData (RFC 5652 §7). */
#include "common.h"

#include <stdio.h>

enum {
	OPT_DIGEST = SMIME_CLI_OPT_FIRST,
};

static const smime_cli_option options[] = {
	{ "digest", 0, OPT_DIGEST, "NAME", "sha256 (default), sha384 or sha512" },
	SMIME_CLI_OPTION_OUTFORM,
	SMIME_CLI_OPTION_OUT,
	SMIME_CLI_OPTIONS_END,
};

static const char *const digests[] = { "sha256", "sha384", "sha512", NULL };

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

	p.outform = &outform;
	p.out_path = &out_path;
	while ((id = smime_cli__option(&arg, &p, argc, argv, &status)) > 0) {
		switch (id) {
		case OPT_DIGEST:
			if (smime_cli__parse_choice(&digest, arg, digests, &p, "digest",
						    "sha256, sha384 or sha512") != SMIME_OK)
				goto out;
			break;
		}
	}
	if (id < 0)
		goto out;
	if (smime_cli__read_input(&in, &in_path, &p, argc, argv) != SMIME_OK)
		goto out;
	rc = smime_digested_data_create(&out, outform, digest, in.data, in.len);
	status = smime_cli__write_result(rc, out_path, &out, "cannot digest %s",
					 smime_cli__display_name(in_path));

out:
	smime_buf_free(&out);
	smime_cli__bytes_free(&in);
	return status;
}
