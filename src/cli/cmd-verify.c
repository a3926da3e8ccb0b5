/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* smime verify: check every signer of a SignedData and report on each. */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum {
	OPT_CA = SMIME_CLI_OPT_FIRST,
	OPT_CERT,
	OPT_NO_CHAIN,
	OPT_ALLOW_LEGACY,
	OPT_CONTENT,
	OPT_INFORM,
	OPT_OUT,
};

static const smime_cli_option options[] = {
	{ "ca", 0, OPT_CA, "FILE", "trust anchors (PEM, several per file; repeatable); default: the system store" },
	{ "cert", 0, OPT_CERT, "FILE", "signer or intermediate certificates missing from the message (repeatable)" },
	{ "no-chain", 0, OPT_NO_CHAIN, NULL, "check the signatures only, not the certificate chains" },
	{ "allow-legacy", 0, OPT_ALLOW_LEGACY, NULL, "accept SHA-1 and RSA keys below 2048 bits (still reported weak)" },
	{ "content", 0, OPT_CONTENT, "FILE", "the content of a detached signature" },
	{ "inform", 0, OPT_INFORM, "FMT", "input format: auto (default), smime, der or pem" },
	{ "out", 'o', OPT_OUT, "OUT", "write the verified content to OUT (\"-\": standard output)" },
	{ NULL, 0, 0, NULL, NULL },
};

static int feed_message(void *op, const void *data, size_t len)
{
	return smime_verify_update(op, data, len);
}

static int feed_content(void *op, const void *data, size_t len)
{
	return smime_verify_content_update(op, data, len);
}

/* "CN=Alice,O=Example <alice@example.org>", or "" without a certificate. */
static void print_identity(const smime_signer_result *s)
{
	const smime_cert *cert = smime_signer_result_get_cert(s);
	smime_buf subject = SMIME_BUF_INIT, email = SMIME_BUF_INIT;

	if (cert == NULL) {
		fputs("  (signer certificate not available)", stderr);
		return;
	}
	if (smime_cert_get_subject(&subject, cert) == SMIME_OK &&
	    subject.data != NULL)
		fprintf(stderr, "  %s", (const char *)subject.data);
	if (smime_cert_get_email(&email, cert, 0) == SMIME_OK &&
	    email.data != NULL)
		fprintf(stderr, " <%s>", (const char *)email.data);
	smime_buf_free(&subject);
	smime_buf_free(&email);
}

static void print_signing_time(const smime_signer_result *s)
{
	int64_t t = smime_signer_result_get_signing_time(s);
	time_t tt;
	struct tm tm;
	char text[64];

	if (t < 0)
		return;
	tt = (time_t)t;
	if ((int64_t)tt != t || gmtime_r(&tt, &tm) == NULL ||
	    strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		return;
	fprintf(stderr, "  signed %s", text);
}

static void report_signer(size_t index, const smime_signer_result *s)
{
	int status = smime_signer_result_get_status(s);
	int sig = smime_signer_result_get_signature_status(s);
	int chain = smime_signer_result_get_chain_status(s);
	const char *detail = smime_signer_result_get_detail(s);
	int weak = smime_signer_result_is_weak(s);

	if (detail == NULL)
		detail = "";
	fprintf(stderr, "signer %zu: ", index + 1);
	if (status == SMIME_OK) {
		fputs("OK", stderr);
		print_identity(s);
		fprintf(stderr, "  %s/%s", smime_signer_result_get_digest_name(s),
			smime_signer_result_get_signature_name(s));
		print_signing_time(s);
		if (weak)
			fputs("  (weak algorithm)", stderr);
	} else if (sig == SMIME_OK && status == SMIME_E_WEAK_ALGORITHM) {
		fprintf(stderr, "signature OK, REFUSED: %s (--allow-legacy accepts it)",
			*detail ? detail : smime_strerror(status));
		print_identity(s);
	} else if (sig == SMIME_OK && chain != SMIME_OK) {
		fprintf(stderr, "signature OK, chain INVALID: %s",
			*detail ? detail : smime_strerror(chain));
		print_identity(s);
	} else {
		int why = sig != SMIME_OK ? sig : status;
		fprintf(stderr, "FAILED (%s", smime_strerror(why));
		if (*detail && strcmp(detail, smime_strerror(why)) != 0)
			fprintf(stderr, ": %s", detail);
		fputc(')', stderr);
		print_identity(s);
	}
	fputc('\n', stderr);
}

int smime_cli__verify(int argc, char **argv)
{
	smime_cli_parser p = {
		.command = "verify",
		.synopsis = "[--ca FILE]... [--cert FILE]... [--no-chain] [--allow-legacy] [--content FILE] [--inform auto|smime|der|pem] [-o OUT] [IN]",
		.summary = "Verifies every signer of the signed message IN and reports on standard\n"
			   "error. The verified content is written only when -o is given.",
		.options = options,
	};
	smime_verify_options opts = SMIME_VERIFY_OPTIONS_INIT;
	smime_cli_list ca_files = { NULL, 0 }, cert_files = { NULL, 0 };
	const char *content_path = NULL, *out_path = NULL, *in_path, *arg;
	smime_trust *trust = NULL;
	smime_certs *anchors = NULL, *extra = NULL;
	smime_verify *verify = NULL;
	smime_verify_result *result = NULL;
	const unsigned char *content;
	size_t content_len, count;
	int id, rc, status = SMIME_CLI_EXIT_USAGE;

	for (;;) {
		if (smime_cli__next_option(&id, &arg, &p, argc, argv) != SMIME_OK)
			goto out;
		if (id == SMIME_CLI_OPT_END)
			break;
		switch (id) {
		case SMIME_CLI_OPT_HELP:
			status = SMIME_CLI_EXIT_OK;
			goto out;
		case OPT_CA:
			if (smime_cli__list_add(&ca_files, arg) != SMIME_OK)
				goto out;
			break;
		case OPT_CERT:
			if (smime_cli__list_add(&cert_files, arg) != SMIME_OK)
				goto out;
			break;
		case OPT_NO_CHAIN:
			opts.flags |= SMIME_VERIFY_NO_CHAIN;
			break;
		case OPT_ALLOW_LEGACY:
			opts.flags |= SMIME_VERIFY_ALLOW_LEGACY;
			break;
		case OPT_CONTENT:
			content_path = arg;
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
	if (content_path != NULL && strcmp(content_path, "-") == 0 &&
	    strcmp(in_path, "-") == 0) {
		smime_cli__usage_error(&p, "the message and --content cannot both be standard input");
		goto out;
	}

	/* Trust anchors and extra certificates (failures: exit 2). */
	if (ca_files.count > 0) {
		if (smime_trust_new(&trust) != SMIME_OK ||
		    smime_certs_new(&anchors) != SMIME_OK) {
			smime_cli__error_code(SMIME_E_NO_MEMORY, "verify");
			goto out;
		}
		for (size_t i = 0; i < ca_files.count; i++)
			if (smime_cli__load_certs(anchors, ca_files.items[i]) != SMIME_OK)
				goto out;
		for (size_t i = 0; i < smime_certs_count(anchors); i++) {
			rc = smime_trust_add_cert(trust, smime_certs_get(anchors, i));
			if (rc != SMIME_OK) {
				smime_cli__error_code(rc, "cannot add trust anchor %zu",
						      i + 1);
				goto out;
			}
		}
		opts.trust = trust;
	}
	if (cert_files.count > 0) {
		if (smime_certs_new(&extra) != SMIME_OK) {
			smime_cli__error_code(SMIME_E_NO_MEMORY, "verify");
			goto out;
		}
		for (size_t i = 0; i < cert_files.count; i++)
			if (smime_cli__load_certs(extra, cert_files.items[i]) != SMIME_OK)
				goto out;
		opts.certs = extra;
	}

	rc = smime_verify_new(&verify, &opts);
	if (rc != SMIME_OK) {
		smime_cli__error_code(rc, "cannot start verification");
		status = smime_cli__exit_status(rc);
		goto out;
	}
	rc = smime_cli__feed(in_path, feed_message, verify);
	if (rc == SMIME_OK && content_path != NULL)
		rc = smime_cli__feed(content_path, feed_content, verify);
	if (rc != SMIME_OK) {
		status = smime_cli__exit_status(rc);
		goto out;
	}

	rc = smime_verify_finish(&result, verify);
	if (result == NULL) {
		/* Not a message we can read at all. */
		if (rc == SMIME_OK)
			rc = SMIME_E_INTERNAL;
		smime_cli__error_code(rc, "%s", smime_cli__display_name(in_path));
		fputs("Verification failed\n", stderr);
		status = smime_cli__exit_status(rc);
		goto out;
	}
	count = smime_verify_result_get_signer_count(result);
	if (count == 0)
		fputs("no signers\n", stderr);
	for (size_t i = 0; i < count; i++) {
		const smime_signer_result *s = smime_verify_result_get_signer(result, i);
		if (s != NULL)
			report_signer(i, s);
	}
	if (rc == SMIME_OK && count == 0)
		rc = SMIME_E_BAD_SIGNATURE;	/* nothing vouches for the content */
	if (rc != SMIME_OK) {
		if (smime_error_get_class(rc) != SMIME_CLASS_REJECTED)
			smime_cli__error_code(rc, "%s", smime_cli__display_name(in_path));
		fputs("Verification failed\n", stderr);
		status = smime_cli__exit_status(rc);
		goto out;
	}
	fputs("Verification successful\n", stderr);

	if (out_path != NULL) {
		content = smime_verify_result_get_content(result, &content_len);
		if (content == NULL)
			content_len = 0;
		rc = smime_cli__write_output(out_path, content ? (const void *)content : "",
					     content_len, 0);
		status = smime_cli__exit_status(rc);
		goto out;
	}
	status = SMIME_CLI_EXIT_OK;

out:
	smime_verify_result_free(result);
	smime_verify_free(verify);
	smime_certs_free(extra);
	smime_certs_free(anchors);
	smime_trust_free(trust);
	smime_cli__list_free(&cert_files);
	smime_cli__list_free(&ca_files);
	return status;
}
