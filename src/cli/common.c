/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Helpers shared by the commands of the smime tool: errors, option parsing,
 * files, keys and certificates. Public API only. */
#include "common.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define CHUNK_SIZE 65536
/* Long options without a short form are reported as id + LONG_ONLY_BASE
 * by getopt_long, so that they never collide with a short option letter. */
#define LONG_ONLY_BASE 256

/* ---------------------------------------------------------------------- */
/* Errors                                                                 */
/* ---------------------------------------------------------------------- */

void smime_cli__error(const char *fmt, ...)
{
	va_list ap;

	fputs("smime: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void verror_code(int code, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

static void verror_code(int code, const char *fmt, va_list ap)
{
	fputs("smime: ", stderr);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, ": %s\n", smime_strerror(code));
}

void smime_cli__error_code(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror_code(code, fmt, ap);
	va_end(ap);
}

int smime_cli__exit_status(int code)
{
	if (code == SMIME_OK)
		return SMIME_CLI_EXIT_OK;
	switch (smime_error_get_class(code)) {
	case SMIME_CLASS_OK:
		return SMIME_CLI_EXIT_OK;
	case SMIME_CLASS_REJECTED:
		return SMIME_CLI_EXIT_REJECTED;
	case SMIME_CLASS_MALFORMED:
		return SMIME_CLI_EXIT_MALFORMED;
	case SMIME_CLASS_USAGE:
	default:
		return SMIME_CLI_EXIT_USAGE;
	}
}

int smime_cli__write_result(int rc, const char *out_path, const smime_buf *out,
			    const char *fmt, ...)
{
	va_list ap;

	if (rc == SMIME_OK) {
		rc = smime_cli__write_output(out_path, out->data, out->len, 0);
	} else if (fmt != NULL) {
		va_start(ap, fmt);
		verror_code(rc, fmt, ap);
		va_end(ap);
	}
	return smime_cli__exit_status(rc);
}

/* ---------------------------------------------------------------------- */
/* Option parsing                                                         */
/* ---------------------------------------------------------------------- */

static int parser_prepare(smime_cli_parser *p)
{
	size_t n = 0, s = 0;
	const smime_cli_option *o;
	int len;

	if (p->ready)
		return SMIME_OK;
	len = snprintf(p->progname, sizeof p->progname, "smime %s", p->command);
	if (len < 0 || (size_t)len >= sizeof p->progname)
		return SMIME_E_INTERNAL;
	for (o = p->options; o->name != NULL; o++) {
		if (n >= SMIME_CLI_MAX_OPTIONS || o->id < SMIME_CLI_OPT_FIRST)
			return SMIME_E_INTERNAL;
		p->longopts[n].name = o->name;
		p->longopts[n].has_arg = o->arg ? required_argument : no_argument;
		p->longopts[n].flag = NULL;
		p->longopts[n].val = o->short_name ? o->short_name
						   : o->id + LONG_ONLY_BASE;
		n++;
		if (o->short_name) {
			p->shortopts[s++] = (char)o->short_name;
			if (o->arg)
				p->shortopts[s++] = ':';
		}
	}
	p->longopts[n].name = "help";
	p->longopts[n].has_arg = no_argument;
	p->longopts[n].flag = NULL;
	p->longopts[n].val = 'h';
	n++;
	memset(&p->longopts[n], 0, sizeof p->longopts[n]);
	p->shortopts[s++] = 'h';
	p->shortopts[s] = '\0';
	p->ready = 1;
	return SMIME_OK;
}

int smime_cli__next_option(int *id, const char **arg, smime_cli_parser *p,
			   int argc, char **argv)
{
	const smime_cli_option *o;
	int c;

	*id = SMIME_CLI_OPT_END;
	*arg = NULL;
	if (parser_prepare(p) != SMIME_OK) {
		smime_cli__error("internal error in the option table of '%s'",
				 p->command);
		return SMIME_E_INTERNAL;
	}
	/* getopt_long prefixes its messages with argv[0]. */
	argv[0] = p->progname;
	c = getopt_long(argc, argv, p->shortopts, p->longopts, NULL);
	if (c == -1)
		return SMIME_OK;
	if (c == 'h') {
		smime_cli__print_help(p);
		*id = SMIME_CLI_OPT_HELP;
		return SMIME_OK;
	}
	if (c == '?' || c == ':') {
		fprintf(stderr, "Try 'smime %s --help' for more information.\n",
			p->command);
		return SMIME_E_INVALID_ARGUMENT;
	}
	for (o = p->options; o->name != NULL; o++) {
		if ((o->short_name && c == o->short_name) ||
		    (!o->short_name && c == o->id + LONG_ONLY_BASE)) {
			*id = o->id;
			*arg = optarg;
			return SMIME_OK;
		}
	}
	smime_cli__error("internal error: option %d of '%s'", c, p->command);
	return SMIME_E_INTERNAL;
}

int smime_cli__option(const char **arg, smime_cli_parser *p, int argc,
		      char **argv, int *status)
{
	int id;

	for (;;) {
		if (smime_cli__next_option(&id, arg, p, argc, argv) != SMIME_OK)
			return -1;
		if (id == SMIME_CLI_OPT_HELP) {
			*status = SMIME_CLI_EXIT_OK;
			return -1;
		}
		if (id == SMIME_CLI_OPT_OUTFORM && p->outform != NULL) {
			if (smime_cli__parse_format(p->outform, *arg, 0, p,
						    "outform") != SMIME_OK)
				return -1;
		} else if (id == SMIME_CLI_OPT_OUT && p->out_path != NULL) {
			*p->out_path = *arg;
		} else {
			return id;
		}
	}
}

void smime_cli__print_help(const smime_cli_parser *p)
{
	const smime_cli_option *o;
	size_t width = strlen("--help");
	char left[96];

	for (o = p->options; o->name != NULL; o++) {
		size_t w = 2 + strlen(o->name) + (o->arg ? 1 + strlen(o->arg) : 0);
		if (w > width)
			width = w;
	}
	if (width > 40)
		width = 40;
	printf("Usage: smime %s %s\n\n%s\n\nOptions:\n", p->command,
	       p->synopsis, p->summary);
	for (o = p->options; o->name != NULL; o++) {
		snprintf(left, sizeof left, "--%s%s%s", o->name,
			 o->arg ? " " : "", o->arg ? o->arg : "");
		if (o->short_name)
			printf("  -%c, ", o->short_name);
		else
			printf("      ");
		printf("%-*s  %s\n", (int)width, left, o->help);
	}
	printf("  -h, %-*s  %s\n", (int)width, "--help", "show this help and exit");
	fflush(stdout);
}

int smime_cli__usage_error(const smime_cli_parser *p, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "smime %s: ", p->command);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'smime %s --help' for more information.\n",
		p->command);
	return SMIME_E_INVALID_ARGUMENT;
}

int smime_cli__input_operand(const char **path, const smime_cli_parser *p,
			     int argc, char **argv)
{
	*path = "-";
	if (optind < argc - 1)
		return smime_cli__usage_error(p, "too many arguments (starting at '%s')",
					      argv[optind + 1]);
	if (optind == argc - 1) {
		if (argv[optind][0] == '\0')
			return smime_cli__usage_error(p, "empty file name");
		*path = argv[optind];
	}
	return SMIME_OK;
}

int smime_cli__read_input(smime_cli_bytes *in, const char **path,
			  const smime_cli_parser *p, int argc, char **argv)
{
	int rc;

	rc = smime_cli__input_operand(path, p, argc, argv);
	if (rc != SMIME_OK)
		return rc;
	return smime_cli__read_file(in, *path);
}

int smime_cli__parse_format(smime_format *out, const char *text,
			    int allow_auto, const smime_cli_parser *p,
			    const char *option)
{
	static const struct {
		const char *name;
		smime_format format;
	} formats[] = {
		{ "auto", SMIME_FORMAT_AUTO },
		{ "smime", SMIME_FORMAT_SMIME },
		{ "der", SMIME_FORMAT_DER },
		{ "pem", SMIME_FORMAT_PEM },
	};

	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		if (strcmp(text, formats[i].name) != 0)
			continue;
		if (formats[i].format == SMIME_FORMAT_AUTO && !allow_auto)
			break;
		*out = formats[i].format;
		return SMIME_OK;
	}
	return smime_cli__usage_error(p, "invalid value '%s' for --%s (use %s)",
				      text, option,
				      allow_auto ? "auto, smime, der or pem"
						 : "smime, der or pem");
}

int smime_cli__parse_choice(const char **out, const char *text,
			    const char *const *names, const smime_cli_parser *p,
			    const char *option, const char *hint)
{
	for (size_t i = 0; names[i] != NULL; i++) {
		if (strcmp(text, names[i]) == 0) {
			*out = names[i];
			return SMIME_OK;
		}
	}
	return smime_cli__usage_error(p, "unknown --%s '%s' (use %s)", option, text, hint);
}

int smime_cli__parse_sign_digest(const char **out, const char *text,
				 const smime_cli_parser *p)
{
	static const char *const names[] = {
		"sha224", "sha256", "sha384", "sha512", "sha3-256", "sha3-384", "sha3-512",
		NULL,
	};

	return smime_cli__parse_choice(out, text, names, p, "digest",
				       "sha224, sha256, sha384, sha512, sha3-256, sha3-384 or sha3-512");
}

int smime_cli__list_add(smime_cli_list *list, const char *item)
{
	const char **items;

	if (list->count >= SIZE_MAX / sizeof *items - 1)
		return SMIME_E_NO_MEMORY;
	items = realloc(list->items, (list->count + 1) * sizeof *items);
	if (items == NULL) {
		smime_cli__error_code(SMIME_E_NO_MEMORY, "option list");
		return SMIME_E_NO_MEMORY;
	}
	items[list->count++] = item;
	list->items = items;
	return SMIME_OK;
}

void smime_cli__list_free(smime_cli_list *list)
{
	free(list->items);
	list->items = NULL;
	list->count = 0;
}

/* ---------------------------------------------------------------------- */
/* Files                                                                  */
/* ---------------------------------------------------------------------- */

static void wipe(void *p, size_t len)
{
	if (p != NULL && len > 0)
		explicit_bzero(p, len);
}

const char *smime_cli__display_name(const char *path)
{
	return strcmp(path, "-") == 0 ? "standard input" : path;
}

static FILE *open_input(const char *path)
{
	if (strcmp(path, "-") == 0)
		return stdin;
	return fopen(path, "rb");
}

static void close_input(FILE *f)
{
	if (f != stdin)
		fclose(f);
}

void smime_cli__bytes_free(smime_cli_bytes *b)
{
	if (b == NULL)
		return;
	wipe(b->data, b->len);
	free(b->data);
	b->data = NULL;
	b->len = 0;
}

/* Grows to at least need bytes; the old block is wiped, not realloc'd,
 * because it may hold key material. */
static int bytes_grow(smime_cli_bytes *b, size_t *cap, size_t need)
{
	size_t ncap = *cap ? *cap : CHUNK_SIZE;
	unsigned char *nd;

	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return SMIME_E_NO_MEMORY;
		ncap *= 2;
	}
	if (ncap == *cap)
		return SMIME_OK;
	nd = malloc(ncap + 1);
	if (nd == NULL)
		return SMIME_E_NO_MEMORY;
	if (b->len > 0)
		memcpy(nd, b->data, b->len);
	wipe(b->data, b->len);
	free(b->data);
	b->data = nd;
	*cap = ncap;
	return SMIME_OK;
}

int smime_cli__read_file(smime_cli_bytes *out, const char *path)
{
	smime_cli_bytes res = { NULL, 0 };
	size_t cap = 0, n, need;
	FILE *f;
	int rc = SMIME_OK;

	f = open_input(path);
	if (f == NULL) {
		smime_cli__error("cannot open %s: %s", path, strerror(errno));
		return SMIME_E_IO;
	}
	for (;;) {
		if (res.len > SIZE_MAX - CHUNK_SIZE) {
			rc = SMIME_E_NO_MEMORY;
			break;
		}
		need = res.len + CHUNK_SIZE;
		if ((rc = bytes_grow(&res, &cap, need)) != SMIME_OK)
			break;
		n = fread(res.data + res.len, 1, cap - res.len, f);
		res.len += n;
		if (n == 0)
			break;
	}
	if (rc == SMIME_OK && ferror(f)) {
		smime_cli__error("cannot read %s: %s",
				 smime_cli__display_name(path), strerror(errno));
		rc = SMIME_E_IO;
	} else if (rc != SMIME_OK) {
		smime_cli__error_code(rc, "cannot read %s",
				      smime_cli__display_name(path));
	}
	close_input(f);
	if (rc != SMIME_OK) {
		smime_cli__bytes_free(&res);
		return rc;
	}
	res.data[res.len] = '\0';
	*out = res;
	return SMIME_OK;
}

int smime_cli__feed(const char *path,
		    int (*update)(void *op, const void *data, size_t len),
		    void *op)
{
	unsigned char *chunk;
	FILE *f;
	size_t n;
	int rc = SMIME_OK;

	chunk = malloc(CHUNK_SIZE);
	if (chunk == NULL) {
		smime_cli__error_code(SMIME_E_NO_MEMORY, "reading %s",
				      smime_cli__display_name(path));
		return SMIME_E_NO_MEMORY;
	}
	f = open_input(path);
	if (f == NULL) {
		smime_cli__error("cannot open %s: %s", path, strerror(errno));
		free(chunk);
		return SMIME_E_IO;
	}
	while ((n = fread(chunk, 1, CHUNK_SIZE, f)) > 0) {
		rc = update(op, chunk, n);
		if (rc != SMIME_OK) {
			smime_cli__error_code(rc, "%s",
					      smime_cli__display_name(path));
			break;
		}
	}
	if (rc == SMIME_OK && ferror(f)) {
		smime_cli__error("cannot read %s: %s",
				 smime_cli__display_name(path), strerror(errno));
		rc = SMIME_E_IO;
	}
	close_input(f);
	wipe(chunk, CHUNK_SIZE);
	free(chunk);
	return rc;
}

static int write_all(int fd, const unsigned char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

static int write_stdout(const void *data, size_t len)
{
	fflush(stdout);
	if (write_all(STDOUT_FILENO, data, len) != 0) {
		smime_cli__error("cannot write to standard output: %s",
				 strerror(errno));
		return SMIME_E_IO;
	}
	return SMIME_OK;
}

/* Best effort: makes the rename durable. */
static void sync_parent_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int fd;

	if (slash == NULL)
		dir = strdup(".");
	else if (slash == path)
		dir = strdup("/");
	else
		dir = strndup(path, (size_t)(slash - path));
	if (dir == NULL)
		return;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(dir);
}

int smime_cli__write_output(const char *path, const void *data, size_t len,
			    int secret)
{
	struct stat st;
	char *tmp;
	size_t plen;
	mode_t mode, mask;
	int fd, err;

	if (path == NULL || strcmp(path, "-") == 0)
		return write_stdout(data, len);

	plen = strlen(path);
	if (plen > SIZE_MAX - 8)
		return SMIME_E_NO_MEMORY;
	tmp = malloc(plen + 8);
	if (tmp == NULL) {
		smime_cli__error_code(SMIME_E_NO_MEMORY, "cannot write %s", path);
		return SMIME_E_NO_MEMORY;
	}
	memcpy(tmp, path, plen);
	memcpy(tmp + plen, ".XXXXXX", 8);

	if (stat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode)) {
			smime_cli__error("cannot write %s: not a regular file",
					 path);
			free(tmp);
			return SMIME_E_IO;
		}
		mode = st.st_mode & 07777;
	} else if (secret) {
		mode = 0600;
	} else {
		mask = umask(0);
		umask(mask);
		mode = 0666 & ~mask;
	}

	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		smime_cli__error("cannot create a temporary file for %s: %s",
				 path, strerror(errno));
		free(tmp);
		return SMIME_E_IO;
	}
	if (fchmod(fd, mode) != 0 || write_all(fd, data, len) != 0 ||
	    fsync(fd) != 0) {
		err = errno;
		close(fd);
		goto fail;
	}
	if (close(fd) != 0) {
		err = errno;
		goto fail;
	}
	if (rename(tmp, path) != 0) {
		err = errno;
		goto fail;
	}
	sync_parent_dir(path);
	free(tmp);
	return SMIME_OK;

fail:
	unlink(tmp);
	free(tmp);
	smime_cli__error("cannot write %s: %s", path, strerror(err));
	return SMIME_E_IO;
}

/* ---------------------------------------------------------------------- */
/* Keys and certificates                                                  */
/* ---------------------------------------------------------------------- */

int smime_cli__read_password(char **out, const char *path)
{
	smime_cli_bytes b = { NULL, 0 };
	size_t n;
	char *pw;
	int rc;

	rc = smime_cli__read_file(&b, path);
	if (rc != SMIME_OK)
		return rc;
	for (n = 0; n < b.len && b.data[n] != '\n'; n++)
		;
	if (n > 0 && b.data[n - 1] == '\r')
		n--;
	if (memchr(b.data, '\0', n) != NULL) {
		smime_cli__error("password file %s contains a NUL byte", path);
		smime_cli__bytes_free(&b);
		return SMIME_E_PASSWORD;
	}
	pw = malloc(n + 1);
	if (pw == NULL) {
		smime_cli__bytes_free(&b);
		smime_cli__error_code(SMIME_E_NO_MEMORY, "reading %s", path);
		return SMIME_E_NO_MEMORY;
	}
	memcpy(pw, b.data, n);
	pw[n] = '\0';
	smime_cli__bytes_free(&b);
	*out = pw;
	return SMIME_OK;
}

void smime_cli__password_free(char *password)
{
	if (password == NULL)
		return;
	wipe(password, strlen(password));
	free(password);
}

int smime_cli__load_key(smime_key **out, const char *path,
			const char *pass_file)
{
	smime_cli_bytes b = { NULL, 0 };
	char *pw = NULL;
	int rc;

	if (pass_file != NULL) {
		rc = smime_cli__read_password(&pw, pass_file);
		if (rc != SMIME_OK)
			return rc;
	}
	rc = smime_cli__read_file(&b, path);
	if (rc == SMIME_OK) {
		rc = smime_key_load_data(out, b.data, b.len, pw);
		if (rc == SMIME_E_PASSWORD && pw == NULL)
			smime_cli__error("cannot load key %s: %s (give it with --pass-file)",
					 path, smime_strerror(rc));
		else if (rc != SMIME_OK)
			smime_cli__error_code(rc, "cannot load key %s", path);
	}
	smime_cli__bytes_free(&b);
	smime_cli__password_free(pw);
	return rc;
}

int smime_cli__load_cert(smime_cert **out, const char *path)
{
	smime_cli_bytes b = { NULL, 0 };
	int rc;

	rc = smime_cli__read_file(&b, path);
	if (rc != SMIME_OK)
		return rc;
	rc = smime_cert_load_data(out, b.data, b.len);
	if (rc != SMIME_OK)
		smime_cli__error_code(rc, "cannot load certificate %s", path);
	smime_cli__bytes_free(&b);
	return rc;
}

int smime_cli__load_certs(smime_certs *list, const char *path)
{
	smime_cli_bytes b = { NULL, 0 };
	int rc;

	rc = smime_cli__read_file(&b, path);
	if (rc != SMIME_OK)
		return rc;
	rc = smime_certs_load_data(list, b.data, b.len);
	if (rc != SMIME_OK)
		smime_cli__error_code(rc, "cannot load certificates from %s",
				      path);
	smime_cli__bytes_free(&b);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* JSON                                                                   */
/* ---------------------------------------------------------------------- */

/* The length of the well-formed UTF-8 sequence at s (1 to 4), or 0 when
 * it is not one (overlong forms, surrogates and values past U+10FFFF
 * included). */
static size_t utf8_sequence(const unsigned char *s)
{
	unsigned char c = s[0];
	size_t len;
	uint32_t cp, min;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		cp = c & 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		cp = c & 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		cp = c & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)	/* also stops at the NUL */
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

void smime_cli__json_string(FILE *f, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	if (s == NULL) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	while (*u != '\0') {
		size_t len = utf8_sequence(u);

		if (len == 0) {
			fputs("\\ufffd", f);
			u++;
			continue;
		}
		if (len > 1) {
			fwrite(u, 1, len, f);
			u += len;
			continue;
		}
		switch (*u) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			if (*u < 0x20 || *u == 0x7f)
				fprintf(f, "\\u%04x", *u);
			else
				fputc(*u, f);
		}
		u++;
	}
	fputc('"', f);
}

/* ---------------------------------------------------------------------- */
/* Hex                                                                    */
/* ---------------------------------------------------------------------- */

static int hex_digit(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int smime_cli__parse_hex(smime_cli_bytes *out, const char *text, size_t len,
			 const char *what)
{
	smime_cli_bytes res = { NULL, 0 };
	size_t digits = 0;
	int hi = -1;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		if (hex_digit(c) < 0) {
			smime_cli__error("%s: not hexadecimal (character %zu)", what, i + 1);
			return SMIME_E_INVALID_ARGUMENT;
		}
		digits++;
	}
	if (digits == 0 || digits % 2 != 0) {
		smime_cli__error("%s: %s", what,
				 digits == 0 ? "no hexadecimal digits" : "odd number of hexadecimal digits");
		return SMIME_E_INVALID_ARGUMENT;
	}
	res.data = malloc(digits / 2 + 1);
	if (res.data == NULL) {
		smime_cli__error_code(SMIME_E_NO_MEMORY, "%s", what);
		return SMIME_E_NO_MEMORY;
	}
	for (size_t i = 0; i < len; i++) {
		int v = hex_digit((unsigned char)text[i]);
		if (v < 0)
			continue;
		if (hi < 0) {
			hi = v;
		} else {
			res.data[res.len++] = (unsigned char)(hi << 4 | v);
			hi = -1;
		}
	}
	res.data[res.len] = '\0';
	*out = res;
	return SMIME_OK;
}

int smime_cli__read_hex_file(smime_cli_bytes *out, const char *path)
{
	smime_cli_bytes b = { NULL, 0 };
	char what[300];
	int rc;

	rc = smime_cli__read_file(&b, path);
	if (rc != SMIME_OK)
		return rc;
	snprintf(what, sizeof what, "%s", smime_cli__display_name(path));
	rc = smime_cli__parse_hex(out, (const char *)b.data, b.len, what);
	smime_cli__bytes_free(&b);
	return rc;
}

int smime_cli__read_kek_file(smime_cli_bytes *out, const char *path)
{
	int rc = smime_cli__read_hex_file(out, path);
	if (rc != SMIME_OK)
		return rc;
	if (out->len != 16 && out->len != 24 && out->len != 32) {
		smime_cli__error("%s: a key-encryption key has 16, 24 or 32 bytes, not %zu",
				 smime_cli__display_name(path), out->len);
		smime_cli__bytes_free(out);
		return SMIME_E_INVALID_ARGUMENT;
	}
	return SMIME_OK;
}

/* ---------------------------------------------------------------------- */
/* Recipients                                                             */
/* ---------------------------------------------------------------------- */

static const char *const oaep_hashes[] = { "sha1", "sha224", "sha256", "sha384", "sha512", NULL };
static const char *const kdfs[] = {
	"x963-sha1", "x963-sha224", "x963-sha256", "x963-sha384", "x963-sha512",
	"hkdf-sha256", "hkdf-sha384", "hkdf-sha512", NULL
};

static int one_of(const char *text, const char *const *names)
{
	for (size_t i = 0; names[i] != NULL; i++)
		if (strcmp(text, names[i]) == 0)
			return 1;
	return 0;
}

int smime_cli__recipients_option(smime_cli_recipients *r, int id, const char *arg,
				 const smime_cli_parser *p, int *handled)
{
	smime_cli_bytes check = { NULL, 0 };
	smime_cli_kek *keks;
	int rc;

	*handled = 1;
	switch (id) {
	case SMIME_CLI_OPT_RCPT_CERT:
		return smime_cli__list_add(&r->certs, arg);
	case SMIME_CLI_OPT_RCPT_OAEP:
		r->flags |= SMIME_RECIPIENT_OAEP;
		return SMIME_OK;
	case SMIME_CLI_OPT_RCPT_OAEP_HASH:
		if (!one_of(arg, oaep_hashes))
			return smime_cli__usage_error(p, "unknown --oaep-hash '%s' (use sha1, sha224, sha256, sha384 or sha512)",
						      arg);
		r->oaep_hash = arg;
		return SMIME_OK;
	case SMIME_CLI_OPT_RCPT_KDF:
		if (!one_of(arg, kdfs))
			return smime_cli__usage_error(p, "unknown --kdf '%s' (use x963-sha1, x963-sha224, x963-sha256, x963-sha384, x963-sha512, hkdf-sha256, hkdf-sha384 or hkdf-sha512)",
						      arg);
		r->kdf = arg;
		return SMIME_OK;
	case SMIME_CLI_OPT_RCPT_SKI:
		r->flags |= SMIME_RECIPIENT_SKI;
		return SMIME_OK;
	case SMIME_CLI_OPT_RCPT_PASSWORD_FILE:
		return smime_cli__list_add(&r->passwords, arg);
	case SMIME_CLI_OPT_RCPT_KEK_FILE:
		if (r->kek_count >= SIZE_MAX / sizeof *keks - 1)
			return SMIME_E_NO_MEMORY;
		keks = realloc(r->keks, (r->kek_count + 1) * sizeof *keks);
		if (keks == NULL) {
			smime_cli__error_code(SMIME_E_NO_MEMORY, "option list");
			return SMIME_E_NO_MEMORY;
		}
		keks[r->kek_count].file = arg;
		keks[r->kek_count].id = NULL;
		r->keks = keks;
		r->kek_count++;
		return SMIME_OK;
	case SMIME_CLI_OPT_RCPT_KEK_ID:
		if (r->kek_count == 0 || r->keks[r->kek_count - 1].id != NULL)
			return smime_cli__usage_error(p, "--kek-id must follow its --kek-file");
		/* checked now so that a bad id is a usage error */
		rc = smime_cli__parse_hex(&check, arg, strlen(arg), "--kek-id");
		smime_cli__bytes_free(&check);
		if (rc != SMIME_OK)
			return rc;
		r->keks[r->kek_count - 1].id = arg;
		return SMIME_OK;
	default:
		*handled = 0;
		return SMIME_OK;
	}
}

size_t smime_cli__recipients_count(const smime_cli_recipients *r)
{
	return r->certs.count + r->passwords.count + r->kek_count;
}

int smime_cli__recipients_check(const smime_cli_recipients *r, const smime_cli_parser *p)
{
	if (smime_cli__recipients_count(r) == 0)
		return smime_cli__usage_error(p, "missing -r CERT (or --password-file FILE, or --kek-file FILE --kek-id HEX)");
	for (size_t i = 0; i < r->kek_count; i++)
		if (r->keks[i].id == NULL)
			return smime_cli__usage_error(p, "--kek-file %s needs a --kek-id HEX after it",
						      r->keks[i].file);
	if (r->oaep_hash != NULL && !(r->flags & SMIME_RECIPIENT_OAEP))
		return smime_cli__usage_error(p, "--oaep-hash needs --oaep");
	if (r->certs.count == 0 && (r->flags != 0 || r->kdf != NULL))
		return smime_cli__usage_error(p, "--oaep, --kdf and --ski apply to -r recipients; there is none");
	return SMIME_OK;
}

int smime_cli__recipients_add(const smime_cli_recipients *r, smime_encrypt *enc)
{
	smime_recipient_options ro = SMIME_RECIPIENT_OPTIONS_INIT;
	smime_cli_bytes kek = { NULL, 0 }, id = { NULL, 0 };
	smime_cert *cert = NULL;
	char *pw = NULL;
	int rc;

	ro.flags = r->flags;
	ro.oaep_hash = r->oaep_hash;
	ro.kdf = r->kdf;
	for (size_t i = 0; i < r->certs.count; i++) {
		rc = smime_cli__load_cert(&cert, r->certs.items[i]);
		if (rc != SMIME_OK)
			return rc;
		rc = smime_encrypt_add_recipient_full(enc, cert, &ro);
		smime_cert_free(cert);
		cert = NULL;
		if (rc != SMIME_OK) {
			smime_cli__error_code(rc, "cannot encrypt to %s", r->certs.items[i]);
			return rc;
		}
	}
	for (size_t i = 0; i < r->passwords.count; i++) {
		rc = smime_cli__read_password(&pw, r->passwords.items[i]);
		if (rc != SMIME_OK)
			return rc;
		if (pw[0] == '\0') {
			smime_cli__error("password file %s: the password is empty",
					 r->passwords.items[i]);
			smime_cli__password_free(pw);
			return SMIME_E_PASSWORD;
		}
		rc = smime_encrypt_add_password(enc, pw, strlen(pw));
		smime_cli__password_free(pw);
		pw = NULL;
		if (rc != SMIME_OK) {
			smime_cli__error_code(rc, "cannot use the password of %s",
					      r->passwords.items[i]);
			return rc;
		}
	}
	for (size_t i = 0; i < r->kek_count; i++) {
		rc = smime_cli__read_kek_file(&kek, r->keks[i].file);
		if (rc != SMIME_OK)
			return rc;
		rc = smime_cli__parse_hex(&id, r->keks[i].id, strlen(r->keks[i].id), "--kek-id");
		if (rc == SMIME_OK) {
			rc = smime_encrypt_add_kek(enc, kek.data, kek.len, id.data, id.len);
			if (rc != SMIME_OK)
				smime_cli__error_code(rc, "cannot use the KEK of %s", r->keks[i].file);
		}
		smime_cli__bytes_free(&kek);
		smime_cli__bytes_free(&id);
		if (rc != SMIME_OK)
			return rc;
	}
	return SMIME_OK;
}

static int encrypt_update(void *op, const void *data, size_t len)
{
	return smime_encrypt_update(op, data, len);
}

int smime_cli__encrypt_file(smime_buf *out, smime_encrypt *enc,
			    const char *in_path, const char *verb)
{
	int rc;

	rc = smime_cli__feed(in_path, encrypt_update, enc);
	if (rc != SMIME_OK)
		return rc;	/* message printed */
	rc = smime_encrypt_finish(out, enc);
	if (rc != SMIME_OK)
		smime_cli__error_code(rc, "cannot %s %s", verb,
				      smime_cli__display_name(in_path));
	return rc;
}

void smime_cli__recipients_free(smime_cli_recipients *r)
{
	smime_cli__list_free(&r->certs);
	smime_cli__list_free(&r->passwords);
	free(r->keks);
	r->keks = NULL;
	r->kek_count = 0;
}
