/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * smime decrypt: open an EnvelopedData, AuthEnvelopedData,
 * AuthenticatedData (the MAC is checked) or EncryptedData with private
 * keys, passwords, key-encryption keys or the content key itself.
 * --show-attributes lists the attributes the message carries beside its
 * content (unprotectedAttrs, authAttrs, unauthAttrs) on standard error.
 */
#include "common.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	OPT_KEY = SMIME_CLI_OPT_FIRST,
	OPT_CERT,
	OPT_PASS_FILE,
	OPT_PASSWORD_FILE,
	OPT_KEK_FILE,
	OPT_KEK_ID,
	OPT_CEK_FILE,
	OPT_REQUIRE_AUTH,
	OPT_SHOW_ATTRIBUTES,
	OPT_INFORM,
	OPT_OUT,
};

static const smime_cli_option options[] = {
	{ "key", 'k', OPT_KEY, "KEY", "recipient private key (PEM/DER PKCS#8, PKCS#1, SEC1, PKCS#12; repeatable)" },
	{ "cert", 'c', OPT_CERT, "CERT", "certificate of the preceding -k (selects the matching recipient)" },
	{ "pass-file", 0, OPT_PASS_FILE, "FILE", "read the password of the -k keys from the first line of FILE" },
	{ "password-file", 0, OPT_PASSWORD_FILE, "FILE", "message password (password recipient): first line of FILE" },
	{ "kek-file", 0, OPT_KEK_FILE, "FILE", "key-encryption key as hex text (repeatable)" },
	{ "kek-id", 0, OPT_KEK_ID, "HEX", "key identifier of the preceding --kek-file (default: try every KEK recipient)" },
	{ "cek-file", 0, OPT_CEK_FILE, "FILE", "content-encryption key of an EncryptedData, as hex text" },
	{ "require-auth", 0, OPT_REQUIRE_AUTH, NULL, "refuse content whose integrity is not protected (exit 1)" },
	{ "show-attributes", 0, OPT_SHOW_ATTRIBUTES, NULL, "list the message's attributes on standard error" },
	{ "inform", 0, OPT_INFORM, "FMT", "input format: auto (default), smime, der or pem" },
	{ "out", 'o', OPT_OUT, "OUT", "write to OUT instead of standard output" },
	{ NULL, 0, 0, NULL, NULL },
};

typedef struct {
	const char *key;
	const char *cert;
} key_entry;

typedef struct {
	key_entry *keys;
	size_t key_count;
	smime_cli_list passwords;
	smime_cli_kek *keks;	/* id NULL: try on every KEK recipient */
	size_t kek_count;
	smime_cli_list ceks;
} secrets;

static int feed(void *op, const void *data, size_t len)
{
	return smime_decrypt_update(op, data, len);
}

static int grow(void **items, size_t count, size_t size)
{
	void *n;

	if (count >= SIZE_MAX / size - 1)
		return SMIME_E_NO_MEMORY;
	n = realloc(*items, (count + 1) * size);
	if (n == NULL) {
		smime_cli__error_code(SMIME_E_NO_MEMORY, "option list");
		return SMIME_E_NO_MEMORY;
	}
	*items = n;
	return SMIME_OK;
}

static void secrets_free(secrets *s)
{
	free(s->keys);
	free(s->keks);
	smime_cli__list_free(&s->passwords);
	smime_cli__list_free(&s->ceks);
	memset(s, 0, sizeof *s);
}

/* Loads every secret named on the command line into dec. Every failure
 * is the caller's (exit status 2). The keys are returned in *keys (they
 * must outlive dec). */
static int add_secrets(smime_decrypt *dec, const secrets *s, const char *pass_file,
		       smime_key **keys)
{
	smime_cli_bytes kek = { NULL, 0 }, id = { NULL, 0 };
	smime_cert *cert = NULL;
	char *pw = NULL;
	int rc;

	for (size_t i = 0; i < s->key_count; i++) {
		rc = smime_cli__load_key(&keys[i], s->keys[i].key, pass_file);
		if (rc != SMIME_OK)
			return rc;
		if (s->keys[i].cert != NULL) {
			rc = smime_cli__load_cert(&cert, s->keys[i].cert);
			if (rc != SMIME_OK)
				return rc;
		}
		rc = smime_decrypt_add_key(dec, keys[i], cert);
		smime_cert_free(cert);
		cert = NULL;
		if (rc != SMIME_OK) {
			if (s->keys[i].cert != NULL)
				smime_cli__error_code(rc, "cannot use key %s with certificate %s",
						      s->keys[i].key, s->keys[i].cert);
			else
				smime_cli__error_code(rc, "cannot use key %s", s->keys[i].key);
			return rc;
		}
	}
	for (size_t i = 0; i < s->passwords.count; i++) {
		rc = smime_cli__read_password(&pw, s->passwords.items[i]);
		if (rc != SMIME_OK)
			return rc;
		if (pw[0] == '\0') {
			smime_cli__error("password file %s: the password is empty",
					 s->passwords.items[i]);
			smime_cli__password_free(pw);
			return SMIME_E_PASSWORD;
		}
		rc = smime_decrypt_add_password(dec, pw, strlen(pw));
		smime_cli__password_free(pw);
		pw = NULL;
		if (rc != SMIME_OK) {
			smime_cli__error_code(rc, "cannot use the password of %s",
					      s->passwords.items[i]);
			return rc;
		}
	}
	for (size_t i = 0; i < s->kek_count; i++) {
		rc = smime_cli__read_kek_file(&kek, s->keks[i].file);
		if (rc == SMIME_OK && s->keks[i].id != NULL)
			rc = smime_cli__parse_hex(&id, s->keks[i].id, strlen(s->keks[i].id),
						  "--kek-id");
		if (rc == SMIME_OK) {
			rc = smime_decrypt_add_kek(dec, kek.data, kek.len, id.data, id.len);
			if (rc != SMIME_OK)
				smime_cli__error_code(rc, "cannot use the KEK of %s", s->keks[i].file);
		}
		smime_cli__bytes_free(&kek);
		smime_cli__bytes_free(&id);
		if (rc != SMIME_OK)
			return rc;
	}
	for (size_t i = 0; i < s->ceks.count; i++) {
		rc = smime_cli__read_hex_file(&kek, s->ceks.items[i]);
		if (rc == SMIME_OK) {
			/* a KEK without identifier is EncryptedData's key */
			rc = smime_decrypt_add_kek(dec, kek.data, kek.len, NULL, 0);
			if (rc != SMIME_OK)
				smime_cli__error_code(rc, "cannot use the key of %s", s->ceks.items[i]);
		}
		smime_cli__bytes_free(&kek);
		if (rc != SMIME_OK)
			return rc;
	}
	return SMIME_OK;
}

static const char *protection_name(int protection)
{
	switch (protection) {
	case SMIME_ATTR_AUTHENTICATED:
		return "authenticated";
	case SMIME_ATTR_UNAUTHENTICATED:
		return "unauthenticated";
	default:
		return "unprotected";
	}
}

/* One line per attribute of a decrypted message, on standard error. */
static void show_attributes(const smime_decrypt *dec)
{
	size_t n = smime_decrypt_get_attribute_count(dec);

	for (size_t i = 0; i < n; i++) {
		const char *oid = NULL, *name = NULL;
		const unsigned char *der = NULL;
		size_t len = 0;
		int protection = SMIME_ATTR_UNPROTECTED;

		if (smime_decrypt_get_attribute(dec, i, &oid, &name, &protection, &der,
						&len) != SMIME_OK)
			continue;
		fprintf(stderr, "attribute: %s (%s), %s, %zu bytes\n", name, oid,
			protection_name(protection), len);
	}
}

int smime_cli__decrypt(int argc, char **argv)
{
	smime_cli_parser p = {
		.command = "decrypt",
		.synopsis = "[-k KEY [-c CERT]]... [--pass-file FILE] [--password-file FILE]\n"
			    "              [--kek-file FILE [--kek-id HEX]]... [--cek-file FILE] [--require-auth]\n"
			    "              [--show-attributes] [--inform auto|smime|der|pem] [-o OUT] [IN]",
		.summary = "Decrypts the message IN (EnvelopedData, AuthEnvelopedData,\n"
			   "AuthenticatedData or EncryptedData) and writes the content. Nothing\n"
			   "is written unless the whole message decrypts and every integrity\n"
			   "check passes. Content without integrity protection (EnvelopedData,\n"
			   "EncryptedData) gets a note on standard error, or is refused with\n"
			   "--require-auth. --show-attributes lists the unprotected,\n"
			   "authenticated and unauthenticated attributes of the message.",
		.options = options,
	};
	smime_decrypt_options opts = SMIME_DECRYPT_OPTIONS_INIT;
	const char *pass_file = NULL, *out_path = NULL, *in_path, *arg;
	secrets s;
	smime_key **keys = NULL;
	smime_decrypt *dec = NULL;
	smime_buf out = SMIME_BUF_INIT;
	int id, rc, status = SMIME_CLI_EXIT_USAGE;
	bool idless_kek = false, show_attrs = false;

	memset(&s, 0, sizeof s);
	for (;;) {
		if (smime_cli__next_option(&id, &arg, &p, argc, argv) != SMIME_OK)
			goto out;
		if (id == SMIME_CLI_OPT_END)
			break;
		switch (id) {
		case SMIME_CLI_OPT_HELP:
			status = SMIME_CLI_EXIT_OK;
			goto out;
		case OPT_KEY:
			if (grow((void **)&s.keys, s.key_count, sizeof *s.keys) != SMIME_OK)
				goto out;
			s.keys[s.key_count].key = arg;
			s.keys[s.key_count].cert = NULL;
			s.key_count++;
			break;
		case OPT_CERT:
			if (s.key_count == 0 || s.keys[s.key_count - 1].cert != NULL) {
				smime_cli__usage_error(&p, "-c CERT must follow its -k KEY");
				goto out;
			}
			s.keys[s.key_count - 1].cert = arg;
			break;
		case OPT_PASS_FILE:
			pass_file = arg;
			break;
		case OPT_PASSWORD_FILE:
			if (smime_cli__list_add(&s.passwords, arg) != SMIME_OK)
				goto out;
			break;
		case OPT_KEK_FILE:
			if (grow((void **)&s.keks, s.kek_count, sizeof *s.keks) != SMIME_OK)
				goto out;
			s.keks[s.kek_count].file = arg;
			s.keks[s.kek_count].id = NULL;
			s.kek_count++;
			break;
		case OPT_KEK_ID: {
			smime_cli_bytes check = { NULL, 0 };
			if (s.kek_count == 0 || s.keks[s.kek_count - 1].id != NULL) {
				smime_cli__usage_error(&p, "--kek-id must follow its --kek-file");
				goto out;
			}
			rc = smime_cli__parse_hex(&check, arg, strlen(arg), "--kek-id");
			smime_cli__bytes_free(&check);
			if (rc != SMIME_OK)
				goto out;
			s.keks[s.kek_count - 1].id = arg;
			break;
		}
		case OPT_CEK_FILE:
			if (smime_cli__list_add(&s.ceks, arg) != SMIME_OK)
				goto out;
			break;
		case OPT_REQUIRE_AUTH:
			opts.flags |= SMIME_DECRYPT_REQUIRE_AUTH;
			break;
		case OPT_SHOW_ATTRIBUTES:
			show_attrs = true;
			break;
		case OPT_INFORM:
			if (smime_cli__parse_format(&opts.inform, arg, 1, &p,
						    "inform") != SMIME_OK)
				goto out;
			break;
		case OPT_OUT:
			out_path = arg;
			break;
		}
	}
	if (smime_cli__input_operand(&in_path, &p, argc, argv) != SMIME_OK)
		goto out;
	if (s.key_count + s.passwords.count + s.kek_count + s.ceks.count == 0) {
		smime_cli__usage_error(&p, "missing -k KEY (or --password-file, --kek-file, --cek-file)");
		goto out;
	}
	if (pass_file != NULL && s.key_count == 0) {
		smime_cli__usage_error(&p, "--pass-file is the password of -k keys; use --password-file for a message password");
		goto out;
	}
	for (size_t i = 0; i < s.kek_count; i++)
		idless_kek |= s.keks[i].id == NULL;
	idless_kek |= s.ceks.count > 0;

	if (s.key_count > 0) {
		keys = calloc(s.key_count, sizeof *keys);
		if (keys == NULL) {
			smime_cli__error_code(SMIME_E_NO_MEMORY, "cannot start decryption");
			goto out;
		}
	}
	rc = smime_decrypt_new(&dec, &opts);
	if (rc != SMIME_OK) {
		smime_cli__error_code(rc, "cannot start decryption");
		status = smime_cli__exit_status(rc);
		goto out;
	}
	if (add_secrets(dec, &s, pass_file, keys) != SMIME_OK)
		goto out;	/* the caller's keys and files: exit 2 */
	rc = smime_cli__feed(in_path, feed, dec);
	if (rc == SMIME_OK) {
		rc = smime_decrypt_finish(&out, dec);
		if (rc != SMIME_OK)
			smime_cli__error_code(rc, "cannot decrypt %s",
					      smime_cli__display_name(in_path));
	}
	if (rc != SMIME_OK) {
		/* a wrong message password is a failed decryption, not a
		 * usage error */
		status = rc == SMIME_E_PASSWORD ? SMIME_CLI_EXIT_REJECTED
						: smime_cli__exit_status(rc);
		goto out;
	}
	rc = smime_cli__write_output(out_path, out.data, out.len, 1);
	status = smime_cli__exit_status(rc);
	if (rc == SMIME_OK && show_attrs)
		show_attributes(dec);
	if (rc == SMIME_OK && !smime_decrypt_is_authenticated(dec)) {
		/* Only a key without identifier can open an EncryptedData. */
		fprintf(stderr, "note: the content is not authenticated (%s)\n",
			idless_kek ? "EnvelopedData or EncryptedData" : "EnvelopedData");
	}

out:
	smime_buf_free_secret(&out);
	smime_decrypt_free(dec);
	for (size_t i = 0; keys != NULL && i < s.key_count; i++)
		smime_key_free(keys[i]);
	free(keys);
	secrets_free(&s);
	return status;
}
