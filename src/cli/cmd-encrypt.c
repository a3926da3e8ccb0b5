/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * smime encrypt: make an EnvelopedData (CBC cipher) or AuthEnvelopedData
 * (AEAD cipher) for recipients of any kind, or, with --cek-file, an
 * EncryptedData under the caller's own content-encryption key.
 */
#include "common.h"

#include <stdio.h>
#include <string.h>

enum {
	OPT_CIPHER = SMIME_CLI_OPT_FIRST,
	OPT_CEK_FILE,
};

static const smime_cli_option options[] = {
	SMIME_CLI_RECIPIENT_OPTIONS,
	{ "cipher", 0, OPT_CIPHER, "NAME", "aes-{128,192,256}-{cbc,gcm,ccm} or chacha20-poly1305 (default aes-256-cbc)" },
	{ "cek-file", 0, OPT_CEK_FILE, "FILE", "EncryptedData under this content key (hex text), no recipients" },
	SMIME_CLI_OPTION_OUTFORM,
	SMIME_CLI_OPTION_OUT,
	SMIME_CLI_OPTIONS_END,
};

static int is_aead(smime_cipher c)
{
	return c != SMIME_CIPHER_DEFAULT && c != SMIME_CIPHER_AES128_CBC &&
	       c != SMIME_CIPHER_AES192_CBC && c != SMIME_CIPHER_AES256_CBC;
}

/* EncryptedData: the whole input and the caller's key. */
static int encrypt_with_cek(smime_buf *out, const char *cek_path, const char *in_path,
			    const smime_encrypt_options *opts, int *status)
{
	smime_cli_bytes cek = { NULL, 0 }, in = { NULL, 0 };
	int rc;

	*status = SMIME_CLI_EXIT_USAGE;
	rc = smime_cli__read_hex_file(&cek, cek_path);
	if (rc != SMIME_OK)
		return rc;
	rc = smime_cli__read_file(&in, in_path);
	if (rc == SMIME_OK) {
		rc = smime_encrypted_data_create(out, opts->outform, opts->cipher, cek.data,
						 cek.len, in.data, in.len);
		if (rc == SMIME_E_INVALID_ARGUMENT)
			smime_cli__error("%s: %zu bytes is not the key size of the cipher",
					 cek_path, cek.len);
		else if (rc != SMIME_OK)
			smime_cli__error_code(rc, "cannot encrypt %s",
					      smime_cli__display_name(in_path));
		if (rc != SMIME_OK && rc != SMIME_E_INVALID_ARGUMENT)
			*status = smime_cli__exit_status(rc);
	}
	smime_cli__bytes_free(&cek);
	smime_cli__bytes_free(&in);
	return rc;
}

int smime_cli__encrypt(int argc, char **argv)
{
	smime_cli_parser p = {
		.command = "encrypt",
		.synopsis = "-r CERT [-r CERT]... [--oaep [--oaep-hash NAME]] [--kdf NAME] [--ski]\n"
			    "              [--password-file FILE]... [--kek-file FILE --kek-id HEX]...\n"
			    "              [--cipher NAME] [--outform smime|der|pem] [-o OUT] [IN]\n"
			    "       smime encrypt --cek-file FILE [--cipher CBC-NAME] [--outform smime|der|pem] [-o OUT] [IN]",
		.summary = "Encrypts IN (a MIME entity for --outform smime, any bytes otherwise)\n"
			   "so that each recipient can decrypt it: -r certificates (RSA: key\n"
			   "transport; EC, X25519, X448: key agreement), passwords and shared\n"
			   "key-encryption keys, in any mix. The default cipher, AES-256-CBC\n"
			   "(EnvelopedData), is the one every S/MIME client decrypts; an\n"
			   "authenticated cipher (GCM, CCM, ChaCha20-Poly1305) gives\n"
			   "AuthEnvelopedData. With --cek-file the result is an EncryptedData\n"
			   "under that key, without recipients.",
		.options = options,
	};
	smime_encrypt_options opts = SMIME_ENCRYPT_OPTIONS_INIT;
	smime_cli_recipients rcpts;
	const char *out_path = NULL, *cek_path = NULL, *in_path, *arg;
	smime_encrypt *enc = NULL;
	smime_buf out = SMIME_BUF_INIT;
	int id, rc, handled, status = SMIME_CLI_EXIT_USAGE;

	memset(&rcpts, 0, sizeof rcpts);
	opts.outform = SMIME_FORMAT_SMIME;
	p.outform = &opts.outform;
	p.out_path = &out_path;
	while ((id = smime_cli__option(&arg, &p, argc, argv, &status)) > 0) {
		if (smime_cli__recipients_option(&rcpts, id, arg, &p, &handled) != SMIME_OK)
			goto out;
		if (handled)
			continue;
		switch (id) {
		case OPT_CIPHER:
			if (smime_cipher_from_name(&opts.cipher, arg) != SMIME_OK) {
				smime_cli__usage_error(&p, "unknown cipher '%s' (use aes-128-cbc, aes-192-cbc, aes-256-cbc, aes-128-gcm, aes-192-gcm, aes-256-gcm, aes-128-ccm, aes-192-ccm, aes-256-ccm or chacha20-poly1305)",
						       arg);
				goto out;
			}
			break;
		case OPT_CEK_FILE:
			if (cek_path != NULL) {
				smime_cli__usage_error(&p, "--cek-file given twice");
				goto out;
			}
			cek_path = arg;
			break;
		}
	}
	if (id < 0)
		goto out;
	if (smime_cli__input_operand(&in_path, &p, argc, argv) != SMIME_OK)
		goto out;

	if (cek_path != NULL) {
		if (smime_cli__recipients_count(&rcpts) != 0 || rcpts.flags != 0 ||
		    rcpts.kdf != NULL || rcpts.oaep_hash != NULL) {
			smime_cli__usage_error(&p, "--cek-file makes an EncryptedData, which has no recipients");
			goto out;
		}
		if (is_aead(opts.cipher)) {
			smime_cli__usage_error(&p, "EncryptedData takes a CBC cipher (aes-128-cbc, aes-192-cbc or aes-256-cbc)");
			goto out;
		}
		rc = encrypt_with_cek(&out, cek_path, in_path, &opts, &status);
		if (rc != SMIME_OK)
			goto out;
	} else {
		if (smime_cli__recipients_check(&rcpts, &p) != SMIME_OK)
			goto out;
		rc = smime_encrypt_new(&enc, &opts);
		if (rc != SMIME_OK) {
			smime_cli__error_code(rc, "cannot start encryption");
			status = smime_cli__exit_status(rc);
			goto out;
		}
		if (smime_cli__recipients_add(&rcpts, enc) != SMIME_OK)
			goto out;	/* the caller's certificates and keys: exit 2 */
		rc = smime_cli__encrypt_file(&out, enc, in_path, "encrypt");
		if (rc != SMIME_OK) {
			status = smime_cli__exit_status(rc);
			goto out;
		}
	}
	rc = smime_cli__write_output(out_path, out.data, out.len, 0);
	status = smime_cli__exit_status(rc);

out:
	smime_buf_free(&out);
	smime_encrypt_free(enc);
	smime_cli__recipients_free(&rcpts);
	return status;
}
