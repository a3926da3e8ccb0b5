/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cli: the `smime` command-line tool. It uses nothing but the public API in
 * smime.h; this header holds the helpers shared by the command files.
 *
 * Every command is one file (cmd-<name>.c) exporting one function with the
 * smime_cli_command_fn signature. A command returns a process exit status,
 * not an smime_error: it is what main() returns.
 *
 *   0  success
 *   1  the input was understood but did not verify or decrypt
 *      (SMIME_CLASS_REJECTED)
 *   2  usage error, or a file that cannot be read or written, or a key or
 *      certificate file that cannot be loaded (SMIME_CLASS_USAGE)
 *   3  the input is malformed or unsupported (SMIME_CLASS_MALFORMED)
 *
 * The helpers themselves follow the library convention: SMIME_OK or a
 * negative smime_error. They print their own error message on failure, so
 * a command only has to map the code to an exit status.
 */
#ifndef SMIME_CLI_COMMON_H
#define SMIME_CLI_COMMON_H

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>

#include "smime.h"

enum {
	SMIME_CLI_EXIT_OK = 0,
	SMIME_CLI_EXIT_REJECTED = 1,
	SMIME_CLI_EXIT_USAGE = 2,
	SMIME_CLI_EXIT_MALFORMED = 3,
};

typedef int (*smime_cli_command_fn)(int argc, char **argv);

/* The commands (one per cmd-*.c file). argv[0] is the command name. */
int smime_cli__sign(int argc, char **argv);
int smime_cli__verify(int argc, char **argv);
int smime_cli__encrypt(int argc, char **argv);
int smime_cli__decrypt(int argc, char **argv);
int smime_cli__inspect(int argc, char **argv);
int smime_cli__authenticate(int argc, char **argv);
int smime_cli__digest(int argc, char **argv);
int smime_cli__compress(int argc, char **argv);
int smime_cli__open(int argc, char **argv);
int smime_cli__certs(int argc, char **argv);
int smime_cli__countersign(int argc, char **argv);

/* --- errors ----------------------------------------------------------- */

/* Prints "smime: <message>" on standard error. */
void smime_cli__error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
/* Prints "smime: <message>: <smime_strerror(code)>" on standard error. */
void smime_cli__error_code(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Maps an smime_error to an exit status through smime_error_get_class(). */
int smime_cli__exit_status(int code);

/*
 * The end of a command that produces one buffer: when @rc is SMIME_OK,
 * writes @out to @out_path (NULL or "-": standard output); otherwise prints
 * "smime: <fmt...>: <smime_strerror(rc)>", unless @fmt is NULL (the message
 * was printed already). Returns the exit status.
 */
int smime_cli__write_result(int rc, const char *out_path, const smime_buf *out,
			    const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* --- option parsing --------------------------------------------------- */

/*
 * One option of a command. @id is what smime_cli__next_option() reports
 * (use values from SMIME_CLI_OPT_FIRST on); @arg is the name of the
 * argument in the help text, or NULL for a flag. A table ends with an
 * entry whose @name is NULL. Every command also gets -h/--help.
 */
typedef struct {
	const char *name;
	int short_name;
	int id;
	const char *arg;
	const char *help;
} smime_cli_option;

enum {
	SMIME_CLI_OPT_END = 0,	/* no more options */
	SMIME_CLI_OPT_HELP = 1,	/* --help was given; help was printed */
	SMIME_CLI_OPT_FIRST = 16,
	/* shared options, above the ids of any command */
	SMIME_CLI_OPT_OUTFORM = SMIME_CLI_OPT_FIRST + 90,	/* smime_cli_parser.outform */
	SMIME_CLI_OPT_OUT,	/* smime_cli_parser.out_path */
};

#define SMIME_CLI_MAX_OPTIONS 24

/* Table entries that several commands share, and the end of a table.
 * --outform and -o/--out are handled by the parser itself (see
 * smime_cli_parser). */
#define SMIME_CLI_OPTION_INFORM(id) \
	{ "inform", 0, (id), "FMT", "input format: auto (default), smime, der or pem" }
#define SMIME_CLI_OPTION_OUTFORM \
	{ "outform", 0, SMIME_CLI_OPT_OUTFORM, "FMT", "output format: smime (default), der or pem" }
#define SMIME_CLI_OPTION_OUT \
	{ "out", 'o', SMIME_CLI_OPT_OUT, "OUT", "write to OUT instead of standard output" }
#define SMIME_CLI_OPTIONS_END { NULL, 0, 0, NULL, NULL }

typedef struct {
	const char *command;	/* "sign" */
	const char *synopsis;	/* what follows "smime sign " */
	const char *summary;	/* one or more lines of prose */
	const smime_cli_option *options;
	/* where smime_cli__option() puts --outform (smime, der or pem) and
	 * -o/--out by itself, when set */
	smime_format *outform;
	const char **out_path;
	/* private */
	struct option longopts[SMIME_CLI_MAX_OPTIONS + 2];
	char shortopts[3 * SMIME_CLI_MAX_OPTIONS + 8];
	char progname[64];
	int ready;
} smime_cli_parser;

/*
 * Reads the next option of argv (getopt_long, so options and operands may
 * be mixed and "--" ends the options). Sets *id to the option's id and
 * *arg to its argument (or NULL), or *id to SMIME_CLI_OPT_END when the
 * options are exhausted (operands then start at argv[optind]).
 * On --help, prints the help of the command to standard output and sets
 * *id to SMIME_CLI_OPT_HELP.
 * Returns SMIME_OK, or SMIME_E_INVALID_ARGUMENT after printing a message
 * for an unknown option or a missing argument.
 */
int smime_cli__next_option(int *id, const char **arg, smime_cli_parser *p,
			   int argc, char **argv);

/*
 * The option loop of a command, over smime_cli__next_option():
 *
 *	while ((id = smime_cli__option(&arg, &p, argc, argv, &status)) > 0)
 *		switch (id) { ... }
 *	if (id < 0)
 *		goto out;
 *
 * Returns the next option's id (> 0), 0 when the options are exhausted,
 * or -1 when the command is done: after --help (*status is set to
 * SMIME_CLI_EXIT_OK) or after a usage message (*status is left alone).
 * SMIME_CLI_OPT_OUTFORM and SMIME_CLI_OPT_OUT are stored through
 * p->outform and p->out_path when those are set, and not returned.
 */
int smime_cli__option(const char **arg, smime_cli_parser *p, int argc,
		      char **argv, int *status);

/* Prints the help of a command to standard output. */
void smime_cli__print_help(const smime_cli_parser *p);

/* Prints "smime <cmd>: <message>" and a pointer to --help (usage error);
 * returns SMIME_E_INVALID_ARGUMENT. */
int smime_cli__usage_error(const smime_cli_parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Takes the single optional operand IN: sets *path to it, or to "-" when
 * there is none. More than one operand is a usage error.
 */
int smime_cli__input_operand(const char **path, const smime_cli_parser *p,
			     int argc, char **argv);

/* "auto" (only if allow_auto), "smime", "der", "pem". */
int smime_cli__parse_format(smime_format *out, const char *text,
			    int allow_auto, const smime_cli_parser *p,
			    const char *option);

/*
 * Sets *out to the entry of the NULL-terminated @names that equals @text;
 * otherwise a usage error "unknown --<option> '<text>' (use <hint>)".
 */
int smime_cli__parse_choice(const char **out, const char *text,
			    const char *const *names, const smime_cli_parser *p,
			    const char *option, const char *hint);

/* Checks a --digest NAME of sign and countersign (sha224, sha256, sha384,
 * sha512, sha3-256, sha3-384, sha3-512); usage error otherwise. */
int smime_cli__parse_sign_digest(const char **out, const char *text,
				 const smime_cli_parser *p);

/* A growable list of file names for repeatable options. */
typedef struct {
	const char **items;
	size_t count;
} smime_cli_list;

int smime_cli__list_add(smime_cli_list *list, const char *item);
void smime_cli__list_free(smime_cli_list *list);

/* --- files ------------------------------------------------------------ */

/* Bytes read from a file; released with smime_cli__bytes_free(), which
 * wipes them. */
typedef struct {
	unsigned char *data;
	size_t len;
} smime_cli_bytes;

/* The display name of an input path: "standard input" for "-". */
const char *smime_cli__display_name(const char *path);

/* Reads a whole file; "-" is standard input. SMIME_E_IO or
 * SMIME_E_NO_MEMORY (message printed). */
int smime_cli__read_file(smime_cli_bytes *out, const char *path);
void smime_cli__bytes_free(smime_cli_bytes *b);

/* smime_cli__input_operand(), then the whole input read with
 * smime_cli__read_file(); @path is set to the operand (or "-"). */
int smime_cli__read_input(smime_cli_bytes *in, const char **path,
			  const smime_cli_parser *p, int argc, char **argv);

/*
 * Reads @path ("-" is standard input) in chunks and passes each chunk to
 * @update(@op, ...). Prints a message and returns SMIME_E_IO when the file
 * cannot be read, or the first error of @update.
 */
int smime_cli__feed(const char *path,
		    int (*update)(void *op, const void *data, size_t len),
		    void *op);

/*
 * Writes @data to @path, or to standard output when @path is NULL or "-".
 * A file is written atomically: a temporary file in the same directory is
 * filled, synced and renamed over @path; on failure it is removed and an
 * existing @path is left untouched. A new file gets mode 0600 when
 * @secret is set, 0666 & ~umask otherwise; an existing file keeps its mode.
 * Returns SMIME_OK or SMIME_E_IO (message printed).
 */
int smime_cli__write_output(const char *path, const void *data, size_t len,
			    int secret);

/* --- keys and certificates ---------------------------------------------
 * These print a message naming the file on failure and return the library
 * error; commands treat every such failure as exit status 2. */

/* Reads the first line of @path (trailing CR/LF stripped) as a password. */
int smime_cli__read_password(char **out, const char *path);
/* Frees (after wiping) a password from smime_cli__read_password(). */
void smime_cli__password_free(char *password);

/* Loads a private key; @pass_file (nullable) holds its password. */
int smime_cli__load_key(smime_key **out, const char *path,
			const char *pass_file);
/* Loads the first certificate of @path. */
int smime_cli__load_cert(smime_cert **out, const char *path);
/* Appends every certificate of @path to @list. */
int smime_cli__load_certs(smime_certs *list, const char *path);

/* --- JSON output ---------------------------------------------------- */

/* Writes @s (UTF-8 text; NULL gives null) as a JSON string: quotes,
 * backslashes and control characters escaped, bytes that are not valid
 * UTF-8 replaced by U+FFFD, so that the output is always valid JSON. */
void smime_cli__json_string(FILE *f, const char *s);

/* --- hex ------------------------------------------------------------- */

/*
 * Decodes hex text strictly: upper- or lower-case digits, white space
 * (space, tab, CR, LF) ignored anywhere; anything else, an odd number of
 * digits or no digits at all is refused. @what names the source in the
 * message ("--kek-id", "KEK file k.hex"). Returns SMIME_OK or
 * SMIME_E_INVALID_ARGUMENT (message printed). The result is wiped on free.
 */
int smime_cli__parse_hex(smime_cli_bytes *out, const char *text, size_t len,
			 const char *what);
/* Reads @path and decodes its content with smime_cli__parse_hex(). */
int smime_cli__read_hex_file(smime_cli_bytes *out, const char *path);

/* --- recipients (encrypt, authenticate) -------------------------------
 * The options that name recipients are shared: put
 * SMIME_CLI_RECIPIENT_OPTIONS in the option table, pass every option to
 * smime_cli__recipients_option() and, once parsing is done, call
 * smime_cli__recipients_check() and smime_cli__recipients_add(). */
enum {
	SMIME_CLI_OPT_RCPT_CERT = SMIME_CLI_OPT_FIRST + 100,
	SMIME_CLI_OPT_RCPT_OAEP,
	SMIME_CLI_OPT_RCPT_OAEP_HASH,
	SMIME_CLI_OPT_RCPT_KDF,
	SMIME_CLI_OPT_RCPT_SKI,
	SMIME_CLI_OPT_RCPT_PASSWORD_FILE,
	SMIME_CLI_OPT_RCPT_KEK_FILE,
	SMIME_CLI_OPT_RCPT_KEK_ID,
};

#define SMIME_CLI_RECIPIENT_OPTIONS \
	{ "recipient", 'r', SMIME_CLI_OPT_RCPT_CERT, "CERT", "recipient certificate, RSA, EC, X25519 or X448 (repeatable)" }, \
	{ "oaep", 0, SMIME_CLI_OPT_RCPT_OAEP, NULL, "RSA recipients: RSAES-OAEP instead of PKCS#1 v1.5" }, \
	{ "oaep-hash", 0, SMIME_CLI_OPT_RCPT_OAEP_HASH, "NAME", "OAEP hash: sha1, sha224, sha256 (default), sha384 or sha512" }, \
	{ "kdf", 0, SMIME_CLI_OPT_RCPT_KDF, "NAME", "EC/X25519/X448 KDF: x963-sha1...x963-sha512, hkdf-sha256...512" }, \
	{ "ski", 0, SMIME_CLI_OPT_RCPT_SKI, NULL, "identify certificate recipients by subject key identifier" }, \
	{ "password-file", 0, SMIME_CLI_OPT_RCPT_PASSWORD_FILE, "FILE", "password recipient: the first line of FILE (repeatable)" }, \
	{ "kek-file", 0, SMIME_CLI_OPT_RCPT_KEK_FILE, "FILE", "KEK recipient: a 16/24/32-byte AES key as hex text (repeatable)" }, \
	{ "kek-id", 0, SMIME_CLI_OPT_RCPT_KEK_ID, "HEX", "the key identifier of the preceding --kek-file" }

typedef struct {
	const char *file;
	const char *id;	/* hex text, or NULL */
} smime_cli_kek;

typedef struct {
	smime_cli_list certs;
	smime_cli_list passwords;
	smime_cli_kek *keks;
	size_t kek_count;
	unsigned int flags;	/* SMIME_RECIPIENT_OAEP, SMIME_RECIPIENT_SKI */
	const char *oaep_hash;
	const char *kdf;
} smime_cli_recipients;

/* Handles @id if it is a recipient option (*handled = 1) and checks its
 * argument; SMIME_E_INVALID_ARGUMENT after a usage message. */
int smime_cli__recipients_option(smime_cli_recipients *r, int id, const char *arg,
				 const smime_cli_parser *p, int *handled);
/* Checks the combination (at least one recipient, --kek-id for every
 * --kek-file, --oaep-hash with --oaep, certificate options with -r). */
int smime_cli__recipients_check(const smime_cli_recipients *r, const smime_cli_parser *p);
/* Number of recipients of any kind. */
size_t smime_cli__recipients_count(const smime_cli_recipients *r);
/* Loads every certificate, password and KEK and adds it to @enc. Prints a
 * message on failure; every failure is the caller's (exit status 2). */
int smime_cli__recipients_add(const smime_cli_recipients *r, smime_encrypt *enc);
void smime_cli__recipients_free(smime_cli_recipients *r);

/* Passes the content of @in_path ("-": standard input) to @enc and
 * finishes it into @out; prints "cannot <verb> <input>" when that fails. */
int smime_cli__encrypt_file(smime_buf *out, smime_encrypt *enc,
			    const char *in_path, const char *verb);

/* Reads a KEK file (hex) and checks its length is an AES key size. */
int smime_cli__read_kek_file(smime_cli_bytes *out, const char *path);

#endif
