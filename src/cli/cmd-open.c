/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * smime open: the content of the CMS types that need no key: Data,
 * DigestedData (the digest is checked) and CompressedData (decompressed,
 * with a cap on the size).
 */
#include "common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

enum {
	OPT_MAX_SIZE = SMIME_CLI_OPT_FIRST,
	OPT_INFORM,
};

static const smime_cli_option options[] = {
	{ "max-size", 0, OPT_MAX_SIZE, "BYTES", "refuse content larger than BYTES (default 268435456, 256 MiB)" },
	SMIME_CLI_OPTION_INFORM(OPT_INFORM),
	SMIME_CLI_OPTION_OUT,
	SMIME_CLI_OPTIONS_END,
};

/* A positive decimal number of bytes, nothing else. */
static int parse_size(size_t *out, const char *text, const smime_cli_parser *p)
{
	unsigned long long v;
	char *end;

	if (text[0] < '0' || text[0] > '9')
		goto bad;
	errno = 0;
	v = strtoull(text, &end, 10);
	if (errno != 0 || *end != '\0' || v == 0 || v > SIZE_MAX)
		goto bad;
	*out = (size_t)v;
	return SMIME_OK;
bad:
	return smime_cli__usage_error(p, "invalid --max-size '%s' (a positive number of bytes)", text);
}

int smime_cli__open(int argc, char **argv)
{
	smime_cli_parser p = {
		.command = "open",
		.synopsis = "[--max-size BYTES] [--inform auto|smime|der|pem] [-o OUT] [IN]",
		.summary = "Writes the content of a Data, DigestedData (after checking the\n"
			   "digest: exit 1 if it does not match) or CompressedData (decompressed)\n"
			   "object. Signed and encrypted messages have their own commands.",
		.options = options,
	};
	smime_format inform = SMIME_FORMAT_AUTO;
	const char *out_path = NULL, *in_path, *arg;
	size_t max_size = SMIME_MAX_DECOMPRESSED_DEFAULT;
	smime_cli_bytes in = { NULL, 0 };
	smime_buf out = SMIME_BUF_INIT;
	int id, rc, status = SMIME_CLI_EXIT_USAGE;

	p.out_path = &out_path;
	while ((id = smime_cli__option(&arg, &p, argc, argv, &status)) > 0) {
		switch (id) {
		case OPT_MAX_SIZE:
			if (parse_size(&max_size, arg, &p) != SMIME_OK)
				goto out;
			break;
		case OPT_INFORM:
			if (smime_cli__parse_format(&inform, arg, 1, &p, "inform") != SMIME_OK)
				goto out;
			break;
		}
	}
	if (id < 0)
		goto out;
	if (smime_cli__read_input(&in, &in_path, &p, argc, argv) != SMIME_OK)
		goto out;
	rc = smime_open(&out, inform, in.data, in.len, max_size);
	status = smime_cli__write_result(rc, out_path, &out, "cannot open %s",
					 smime_cli__display_name(in_path));

out:
	smime_buf_free(&out);
	smime_cli__bytes_free(&in);
	return status;
}
