/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * smime: sign, verify, countersign, encrypt, decrypt, authenticate, digest,
 * compress, open and inspect CMS and S/MIME messages, and extract the
 * certificates of signed ones, with libsmime. main() only
 * dispatches; each command lives in its own cmd-<name>.c file, the shared
 * helpers in common.c.
 */
#include "common.h"

#include <stdio.h>
#include <string.h>

typedef struct {
	const char *name;
	smime_cli_command_fn run;
	const char *help;
} command_entry;

static const command_entry commands[] = {
	{ "sign", smime_cli__sign, "sign a message (SignedData)" },
	{ "verify", smime_cli__verify, "verify a signed message and report each signer" },
	{ "countersign", smime_cli__countersign, "add a countersignature to every signer of a signed message" },
	{ "certs", smime_cli__certs, "the certificates of a signed or certs-only message" },
	{ "encrypt", smime_cli__encrypt, "encrypt a message (EnvelopedData, AuthEnvelopedData, EncryptedData)" },
	{ "decrypt", smime_cli__decrypt, "decrypt or check a message with a key, password or KEK" },
	{ "authenticate", smime_cli__authenticate, "protect a message with a MAC for recipients (AuthenticatedData)" },
	{ "digest", smime_cli__digest, "wrap a message with its digest (DigestedData)" },
	{ "compress", smime_cli__compress, "compress a message (CompressedData)" },
	{ "open", smime_cli__open, "the content of a Data, DigestedData or CompressedData" },
	{ "inspect", smime_cli__inspect, "describe a CMS object or S/MIME message" },
};

#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: smime COMMAND [OPTIONS] [IN]\n"
		"       smime --help | --version\n"
		"\n"
		"Commands:\n");
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(f, "  %-13s %s\n", commands[i].name, commands[i].help);
	fprintf(f,
		"\n"
		"IN is a file name; without it (or with \"-\") standard input is read.\n"
		"Run 'smime COMMAND --help' for the options of a command.\n"
		"\n"
		"Exit status: 0 success, 1 did not verify or decrypt, 2 usage error or\n"
		"unreadable file, 3 malformed or unsupported input.\n");
}

static const command_entry *find_command(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

int main(int argc, char **argv)
{
	const command_entry *cmd;
	char help_opt[] = "--help";
	char *help_argv[3];

	if (argc < 2) {
		usage(stderr);
		return SMIME_CLI_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return SMIME_CLI_EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("smime (libsmime) %s\n", smime_version());
		return SMIME_CLI_EXIT_OK;
	}
	if (strcmp(argv[1], "help") == 0) {
		/* "smime help" and "smime help COMMAND". */
		if (argc < 3) {
			usage(stdout);
			return SMIME_CLI_EXIT_OK;
		}
		cmd = find_command(argv[2]);
		if (cmd == NULL) {
			smime_cli__error("unknown command '%s'", argv[2]);
			return SMIME_CLI_EXIT_USAGE;
		}
		help_argv[0] = argv[2];
		help_argv[1] = help_opt;
		help_argv[2] = NULL;
		return cmd->run(2, help_argv);
	}
	cmd = find_command(argv[1]);
	if (cmd == NULL) {
		if (argv[1][0] == '-')
			smime_cli__error("unknown option '%s'", argv[1]);
		else
			smime_cli__error("unknown command '%s'", argv[1]);
		fprintf(stderr, "Try 'smime --help' for more information.\n");
		return SMIME_CLI_EXIT_USAGE;
	}
	return cmd->run(argc - 1, argv + 1);
}
