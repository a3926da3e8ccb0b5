/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* smime countersign: add a countersignature (RFC 5652 §11.4) to every
 * signer of a SignedData. */
#include "common.h"

#include <stdio.h>
#include <string.h>

enum {
	OPT_KEY = SMIME_CLI_OPT_FIRST,
	OPT_CERT,
	OPT_PASS_FILE,
	OPT_DIGEST,
	OPT_PSS,
	OPT_SKI,
	OPT_INFORM,
	OPT_OUTFORM,
};

static const smime_cli_option options[] = {
	{ "key", 'k', OPT_KEY, "KEY", "countersigner private key: RSA, EC, Ed25519, Ed448" },
	{ "cert", 'c', OPT_CERT, "CERT", "countersigner certificate (added to the message)" },
	{ "pass-file", 0, OPT_PASS_FILE, "FILE", "read the key password from the first line of FILE" },
	{ "digest", 0, OPT_DIGEST, "NAME", "sha224, sha256, sha384, sha512, sha3-256, sha3-384, sha3-512 (default: fits the key)" },
	{ "pss", 0, OPT_PSS, NULL, "RSA keys: RSASSA-PSS instead of PKCS#1 v1.5" },
	{ "ski", 0, OPT_SKI, NULL, "identify the countersigner by subject key identifier" },
	SMIME_CLI_OPTION_INFORM(OPT_INFORM),
	{ "outform", 0, OPT_OUTFORM, "FMT", "output format: der (default) or pem" },
	SMIME_CLI_OPTION_OUT,
	SMIME_CLI_OPTIONS_END,
};

int smime_cli__countersign(int argc, char **argv)
{
	smime_cli_parser p = {
		.command = "countersign",
		.synopsis = "-k KEY -c CERT [--pass-file FILE] [--digest NAME] [--pss] [--ski] [--inform auto|smime|der|pem] [--outform der|pem] [-o OUT] [IN]",
		.summary = "Adds a countersignature over the signature of every signer of the signed\n"
			   "message IN and writes the message as raw CMS (DER or PEM), whatever\n"
			   "form IN had. What the signers signed is not changed and not verified.",
		.options = options,
	};
	smime_signer_options so = SMIME_SIGNER_OPTIONS_INIT;
	smime_format inform = SMIME_FORMAT_AUTO, outform = SMIME_FORMAT_DER;
	const char *key_path = NULL, *cert_path = NULL, *pass_file = NULL;
	const char *out_path = NULL, *in_path, *arg;
	smime_cli_bytes in = { NULL, 0 };
	smime_key *key = NULL;
	smime_cert *cert = NULL;
	smime_buf out = SMIME_BUF_INIT;
	int id, rc, status = SMIME_CLI_EXIT_USAGE;

	p.out_path = &out_path;
	while ((id = smime_cli__option(&arg, &p, argc, argv, &status)) > 0) {
		switch (id) {
		case OPT_KEY:
			if (key_path != NULL) {
				smime_cli__usage_error(&p, "one -k KEY only: run countersign again for another countersigner");
				goto out;
			}
			key_path = arg;
			break;
		case OPT_CERT:
			if (cert_path != NULL) {
				smime_cli__usage_error(&p, "one -c CERT only");
				goto out;
			}
			cert_path = arg;
			break;
		case OPT_PASS_FILE:
			pass_file = arg;
			break;
		case OPT_DIGEST:
			if (smime_cli__parse_sign_digest(&so.digest, arg, &p) != SMIME_OK)
				goto out;
			break;
		case OPT_PSS:
			so.flags |= SMIME_SIGNER_PSS;
			break;
		case OPT_SKI:
			so.flags |= SMIME_SIGNER_SKI;
			break;
		case OPT_INFORM:
			if (smime_cli__parse_format(&inform, arg, 1, &p, "inform") != SMIME_OK)
				goto out;
			break;
		case OPT_OUTFORM:
			if (strcmp(arg, "der") == 0) {
				outform = SMIME_FORMAT_DER;
			} else if (strcmp(arg, "pem") == 0) {
				outform = SMIME_FORMAT_PEM;
			} else {
				smime_cli__usage_error(&p, "invalid value '%s' for --outform (use der or pem: a countersigned message is written as raw CMS)",
						       arg);
				goto out;
			}
			break;
		}
	}
	if (id < 0)
		goto out;
	if (smime_cli__input_operand(&in_path, &p, argc, argv) != SMIME_OK)
		goto out;
	if (key_path == NULL) {
		smime_cli__usage_error(&p, "missing -k KEY");
		goto out;
	}
	if (cert_path == NULL) {
		smime_cli__usage_error(&p, "missing -c CERT");
		goto out;
	}

	/* Keys and certificates: any failure is the caller's (exit 2). */
	if (smime_cli__load_key(&key, key_path, pass_file) != SMIME_OK ||
	    smime_cli__load_cert(&cert, cert_path) != SMIME_OK ||
	    smime_cli__read_file(&in, in_path) != SMIME_OK)
		goto out;

	rc = smime_countersign(&out, outform, cert, key, &so, inform, in.data, in.len);
	if (rc != SMIME_OK) {
		switch (rc) {
		case SMIME_E_KEY_MISMATCH:
		case SMIME_E_KEY:
			smime_cli__error_code(rc, "cannot countersign with %s and %s",
					      cert_path, key_path);
			break;
		case SMIME_E_INVALID_ARGUMENT:
			/* only the options can be at fault here */
			smime_cli__error("cannot countersign with %s and %s: %s (--pss needs an RSA key, --ski a subject key identifier in the certificate, --digest a hash the key type allows)",
					 cert_path, key_path, smime_strerror(rc));
			break;
		case SMIME_E_UNSUPPORTED:
			smime_cli__error_code(rc, "cannot countersign %s with %s (a message that is not a SignedData, or a digest the key type does not allow)",
					      smime_cli__display_name(in_path), key_path);
			break;
		default:
			smime_cli__error_code(rc, "cannot countersign %s",
					      smime_cli__display_name(in_path));
		}
	}
	status = smime_cli__write_result(rc, out_path, &out, NULL);

out:
	smime_buf_free(&out);
	smime_cli__bytes_free(&in);
	smime_cert_free(cert);
	smime_key_free(key);
	return status;
}
