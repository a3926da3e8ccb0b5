/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* smime verify: check every signer of a SignedData and report on each. */
#include "common.h"

#include <errno.h>
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
	OPT_JSON,
	OPT_CRL,
	OPT_CHECK_TIME,
	OPT_EMAIL,
	OPT_REQUIRE_CRL,
};

static const smime_cli_option options[] = {
	{ "ca", 0, OPT_CA, "FILE", "trust anchors (PEM, several per file; repeatable); default: the system store" },
	{ "cert", 0, OPT_CERT, "FILE", "signer or intermediate certificates missing from the message (repeatable)" },
	{ "crl", 0, OPT_CRL, "FILE", "certificate revocation lists (PEM or DER, several per file; repeatable)" },
	{ "check-time", 0, OPT_CHECK_TIME, "WHEN", "validate chains at the signing time or now (default); both are reported" },
	{ "email", 0, OPT_EMAIL, "ADDR", "require every signer certificate to carry this e-mail address" },
	{ "require-crl", 0, OPT_REQUIRE_CRL, NULL, "require a revocation status from the CRLs for every chain certificate" },
	{ "no-chain", 0, OPT_NO_CHAIN, NULL, "check the signatures only, not the certificate chains" },
	{ "allow-legacy", 0, OPT_ALLOW_LEGACY, NULL, "accept SHA-1, DSA and RSA keys below 2048 bits (still reported weak)" },
	{ "content", 0, OPT_CONTENT, "FILE", "the content of a detached signature" },
	SMIME_CLI_OPTION_INFORM(OPT_INFORM),
	{ "out", 'o', OPT_OUT, "OUT", "write the verified content to OUT (\"-\": standard output)" },
	{ "json", 0, OPT_JSON, NULL, "also print the result as a JSON object on standard output" },
	SMIME_CLI_OPTIONS_END,
};

static int feed_message(void *op, const void *data, size_t len)
{
	return smime_verify_update(op, data, len);
}

static int feed_content(void *op, const void *data, size_t len)
{
	return smime_verify_content_update(op, data, len);
}

/* "CN=Alice,O=Example <alice@example.org>", or a note without a
 * certificate. */
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

/* Formats a time in seconds since the epoch, in UTC, for people or as
 * RFC 3339; 0 when it cannot be represented. */
static int format_time(char *text, size_t size, int64_t t, int rfc3339)
{
	time_t tt;
	struct tm tm;

	if (t < 0)
		return 0;
	tt = (time_t)t;
	if ((int64_t)tt != t || gmtime_r(&tt, &tm) == NULL ||
	    (rfc3339 ? strftime(text, size, "%Y-%m-%dT%H:%M:%SZ", &tm)
		     : strftime(text, size, "%Y-%m-%d %H:%M:%S UTC", &tm)) == 0)
		return 0;
	return 1;
}

static void print_signing_time(const smime_signer_result *s)
{
	char text[64];

	if (format_time(text, sizeof text, smime_signer_result_get_signing_time(s), 0))
		fprintf(stderr, "  signed %s", text);
}

/* The line of one signer or countersigner ("signer 1: OK ..."). */
static void report_line(const char *label, size_t index, const smime_signer_result *s)
{
	int status = smime_signer_result_get_status(s);
	int sig = smime_signer_result_get_signature_status(s);
	int chain = smime_signer_result_get_chain_status(s);
	const char *detail = smime_signer_result_get_detail(s);
	int weak = smime_signer_result_is_weak(s);

	if (detail == NULL)
		detail = "";
	fprintf(stderr, "%s %zu: ", label, index + 1);
	if (status == SMIME_OK) {
		fputs("OK", stderr);
		print_identity(s);
		fprintf(stderr, "  %s/%s", smime_signer_result_get_digest_name(s),
			smime_signer_result_get_signature_name(s));
		print_signing_time(s);
	} else if (sig == SMIME_OK && status == SMIME_E_WEAK_ALGORITHM) {
		fprintf(stderr, "signature OK, REFUSED: %s (--allow-legacy accepts it)",
			*detail ? detail : smime_strerror(status));
		print_identity(s);
		weak = 0;	/* said already */
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
	if (weak)
		fputs("  (weak algorithm)", stderr);
	fputc('\n', stderr);
}

/* What a signer asks (RFC 8551 §2.5.3: the certificate to encrypt to) and
 * what was accepted only for PKCS #7 compatibility. */
static void report_extras(const smime_signer_result *s, unsigned int depth)
{
	const smime_cert *pref = smime_signer_result_get_encryption_key_preference(s);
	const char *note = smime_signer_result_get_note(s);
	smime_buf subject = SMIME_BUF_INIT, serial = SMIME_BUF_INIT;

	if (pref != NULL && smime_cert_get_subject(&subject, pref) == SMIME_OK &&
	    smime_cert_get_serial_hex(&serial, pref) == SMIME_OK)
		fprintf(stderr, "%*s  encrypt to: %s (serial %s)\n", (int)(2 * depth), "",
			(const char *)subject.data, (const char *)serial.data);
	if (note != NULL && *note)
		fprintf(stderr, "%*s  note: %s\n", (int)(2 * depth), "", note);
	smime_buf_free(&subject);
	smime_buf_free(&serial);
}

/* A signer, the chain at the other time, and its countersigners (which may
 * be countersigned in turn), indented by depth. */
static void report_signer(const char *label, size_t index, const smime_signer_result *s,
			  int at_signing_time, unsigned int depth)
{
	int other = smime_signer_result_get_chain_status_other(s);
	const char *detail = smime_signer_result_get_chain_detail_other(s);
	size_t count;

	fprintf(stderr, "%*s", (int)(2 * depth), "");
	report_line(label, index, s);
	if (other != 1) {
		fprintf(stderr, "%*s  %s: ", (int)(2 * depth), "",
			at_signing_time ? "now" : "at signing time");
		if (other == SMIME_OK)
			fputs("chain OK\n", stderr);
		else
			fprintf(stderr, "chain INVALID: %s\n",
				detail && *detail ? detail : smime_strerror(other));
	}
	report_extras(s, depth);
	count = smime_signer_result_get_countersigner_count(s);
	for (size_t i = 0; i < count; i++) {
		const smime_signer_result *c = smime_signer_result_get_countersigner(s, i);
		if (c != NULL)
			report_signer("countersigner", i, c, at_signing_time, depth + 1);
	}
}

/* --- JSON ------------------------------------------------------------- */

static void json_cert_field(FILE *f, const char *name, const smime_cert *cert,
			    int (*get)(smime_buf *, const smime_cert *))
{
	smime_buf b = SMIME_BUF_INIT;

	fprintf(f, "\"%s\": ", name);
	if (cert != NULL && get(&b, cert) == SMIME_OK && b.data != NULL)
		smime_cli__json_string(f, (const char *)b.data);
	else
		fputs("null", f);
	smime_buf_free(&b);
}

/* "subject", "issuer" and "serial" of cert (null each when cert is NULL). */
static void json_cert_names(FILE *f, const smime_cert *cert)
{
	json_cert_field(f, "subject", cert, smime_cert_get_subject);
	fputs(", ", f);
	json_cert_field(f, "issuer", cert, smime_cert_get_issuer);
	fputs(", ", f);
	json_cert_field(f, "serial", cert, smime_cert_get_serial_hex);
}

static void json_emails(FILE *f, const smime_cert *cert)
{
	smime_buf b = SMIME_BUF_INIT;

	fputs("\"emails\": [", f);
	for (unsigned int i = 0; cert != NULL && i < 256; i++) {
		if (smime_cert_get_email(&b, cert, i) != SMIME_OK || b.data == NULL)
			break;
		if (i > 0)
			fputs(", ", f);
		smime_cli__json_string(f, (const char *)b.data);
		smime_buf_free(&b);
	}
	smime_buf_free(&b);
	fputc(']', f);
}

static void json_signer(FILE *f, const smime_signer_result *s, int no_chain,
			int at_signing_time)
{
	int status = smime_signer_result_get_status(s);
	int sig = smime_signer_result_get_signature_status(s);
	int chain = smime_signer_result_get_chain_status(s);
	int other = smime_signer_result_get_chain_status_other(s);
	int64_t t = smime_signer_result_get_signing_time(s);
	const smime_cert *cert = smime_signer_result_get_cert(s);
	const smime_cert *pref = smime_signer_result_get_encryption_key_preference(s);
	size_t count = smime_signer_result_get_countersigner_count(s);
	char text[64];
	int first = 1;

	fputs("{\"status\": ", f);
	fputs(status == SMIME_OK ? "\"ok\"" : "\"failed\"", f);
	fputs(", \"error\": ", f);
	smime_cli__json_string(f, status == SMIME_OK ? NULL : smime_strerror(status));
	fputs(", \"signature\": ", f);
	smime_cli__json_string(f, sig == SMIME_OK ? "ok" : smime_strerror(sig));
	fputs(", \"chain\": ", f);
	smime_cli__json_string(f, no_chain ? "not checked" : chain == SMIME_OK ? "ok" : "failed");
	/* the policy's time is the signing time only when there is one */
	fputs(", \"chain_time\": ", f);
	smime_cli__json_string(f, no_chain ? NULL : at_signing_time && t >= 0 ? "signing" : "now");
	fputs(", \"detail\": ", f);
	smime_cli__json_string(f, smime_signer_result_get_detail(s) ? smime_signer_result_get_detail(s) : "");
	fputs(", ", f);
	json_cert_names(f, cert);
	fputs(", ", f);
	json_emails(f, cert);
	fputs(", \"digest\": ", f);
	smime_cli__json_string(f, smime_signer_result_get_digest_name(s));
	fputs(", \"signature_algorithm\": ", f);
	smime_cli__json_string(f, smime_signer_result_get_signature_name(s));
	fputs(", \"signing_time\": ", f);
	smime_cli__json_string(f, format_time(text, sizeof text, t, 1)
				       ? text : NULL);
	fprintf(f, ", \"weak\": %s", smime_signer_result_is_weak(s) ? "true" : "false");
	fputs(", \"note\": ", f);
	smime_cli__json_string(f, smime_signer_result_get_note(s));
	fputs(", \"encryption_cert\": ", f);
	if (pref == NULL) {
		fputs("null", f);
	} else {
		fputc('{', f);
		json_cert_names(f, pref);
		fputc('}', f);
	}
	fputs(", \"chain_other\": ", f);
	if (other == 1) {
		fputs("null", f);
	} else {
		const char *detail = smime_signer_result_get_chain_detail_other(s);
		fputs("{\"time\": ", f);
		smime_cli__json_string(f, at_signing_time ? "now" : "signing");
		fputs(", \"status\": ", f);
		smime_cli__json_string(f, other == SMIME_OK ? "ok" : "failed");
		fputs(", \"detail\": ", f);
		smime_cli__json_string(f, other == SMIME_OK ? ""
					  : detail && *detail ? detail : smime_strerror(other));
		fputc('}', f);
	}
	fputs(", \"countersigners\": [", f);
	for (size_t i = 0; i < count; i++) {
		const smime_signer_result *c = smime_signer_result_get_countersigner(s, i);
		if (c == NULL)
			continue;
		if (!first)
			fputs(", ", f);
		first = 0;
		json_signer(f, c, no_chain, at_signing_time);
	}
	fputs("]}", f);
}

/* The whole report; @result may be NULL (the message could not be read). */
static int json_report(const smime_verify_result *result, int rc, int no_chain,
		       int at_signing_time)
{
	size_t count = result ? smime_verify_result_get_signer_count(result) : 0;
	FILE *f = stdout;

	fprintf(f, "{\"status\": \"%s\", \"error\": ", rc == SMIME_OK ? "ok" : "failed");
	if (rc == SMIME_OK)
		fputs("null", f);
	else if (result != NULL && count == 0)
		smime_cli__json_string(f, "no signers");
	else
		smime_cli__json_string(f, smime_strerror(rc));
	fputs(", \"signers\": [", f);
	for (size_t i = 0; i < count; i++) {
		const smime_signer_result *s = smime_verify_result_get_signer(result, i);
		if (s == NULL)
			continue;
		fputs(i > 0 ? ",\n  " : "\n  ", f);
		json_signer(f, s, no_chain, at_signing_time);
	}
	fputs(count > 0 ? "\n]}\n" : "]}\n", f);
	if (fflush(f) != 0 || ferror(f)) {
		smime_cli__error("cannot write to standard output: %s", strerror(errno));
		return SMIME_E_IO;
	}
	return SMIME_OK;
}

int smime_cli__verify(int argc, char **argv)
{
	smime_cli_parser p = {
		.command = "verify",
		.synopsis = "[--ca FILE]... [--cert FILE]... [--crl FILE]... [--check-time signing|now] [--email ADDR] [--require-crl] [--no-chain] [--allow-legacy] [--content FILE] [--inform auto|smime|der|pem] [--json] [-o OUT] [IN]",
		.summary = "Verifies every signer of the signed message IN and reports on standard\n"
			   "error (and with --json on standard output). The verified content is\n"
			   "written only when -o is given.",
		.options = options,
	};
	smime_verify_options opts = SMIME_VERIFY_OPTIONS_INIT;
	smime_cli_list ca_files = { NULL, 0 }, cert_files = { NULL, 0 };
	smime_cli_list crl_files = { NULL, 0 };
	int json = 0;
	const char *content_path = NULL, *out_path = NULL, *in_path, *arg;
	smime_trust *trust = NULL;
	smime_certs *anchors = NULL, *extra = NULL;
	smime_verify *verify = NULL;
	smime_verify_result *result = NULL;
	const unsigned char *content;
	size_t content_len, count;
	int id, rc, no_chain, at_signing_time, status = SMIME_CLI_EXIT_USAGE;

	while ((id = smime_cli__option(&arg, &p, argc, argv, &status)) > 0) {
		switch (id) {
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
		case OPT_JSON:
			json = 1;
			break;
		case OPT_CRL:
			if (smime_cli__list_add(&crl_files, arg) != SMIME_OK)
				goto out;
			break;
		case OPT_CHECK_TIME:
			if (strcmp(arg, "signing") == 0) {
				opts.flags |= SMIME_VERIFY_AT_SIGNING_TIME;
			} else if (strcmp(arg, "now") == 0) {
				opts.flags &= ~SMIME_VERIFY_AT_SIGNING_TIME;
			} else {
				smime_cli__usage_error(&p, "invalid value '%s' for --check-time (use signing or now)",
						       arg);
				goto out;
			}
			break;
		case OPT_EMAIL:
			if (arg[0] == '\0' || strchr(arg, '@') == NULL) {
				smime_cli__usage_error(&p, "--email needs an e-mail address, not '%s'", arg);
				goto out;
			}
			opts.email = arg;
			break;
		case OPT_REQUIRE_CRL:
			opts.flags |= SMIME_VERIFY_REQUIRE_REVOCATION;
			break;
		}
	}
	if (id < 0)
		goto out;
	if (smime_cli__input_operand(&in_path, &p, argc, argv) != SMIME_OK)
		goto out;
	if (content_path != NULL && strcmp(content_path, "-") == 0 &&
	    strcmp(in_path, "-") == 0) {
		smime_cli__usage_error(&p, "the message and --content cannot both be standard input");
		goto out;
	}
	if (json && out_path != NULL && strcmp(out_path, "-") == 0) {
		smime_cli__usage_error(&p, "--json and -o - would both write to standard output");
		goto out;
	}
	/* Chain options are refused rather than ignored without a chain. */
	if ((opts.flags & SMIME_VERIFY_NO_CHAIN) &&
	    (crl_files.count > 0 || opts.email != NULL ||
	     (opts.flags & (SMIME_VERIFY_AT_SIGNING_TIME | SMIME_VERIFY_REQUIRE_REVOCATION)))) {
		smime_cli__usage_error(&p, "--crl, --email, --require-crl and --check-time signing need the chain check that --no-chain turns off");
		goto out;
	}

	/* Trust anchors, CRLs and extra certificates (failures: exit 2). CRLs
	 * live in a trust store, so --crl without --ca takes the system
	 * anchors like no option at all would. */
	if (ca_files.count > 0 || crl_files.count > 0) {
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
		if (ca_files.count == 0) {
			rc = smime_trust_add_system(trust);
			if (rc != SMIME_OK) {
				smime_cli__error_code(rc, "cannot load the system trust store");
				goto out;
			}
		}
		for (size_t i = 0; i < crl_files.count; i++) {
			rc = smime_trust_add_crl_file(trust, crl_files.items[i]);
			if (rc != SMIME_OK) {
				smime_cli__error_code(rc, "cannot load CRLs from %s",
						      crl_files.items[i]);
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

	no_chain = (opts.flags & SMIME_VERIFY_NO_CHAIN) != 0;
	at_signing_time = (opts.flags & SMIME_VERIFY_AT_SIGNING_TIME) != 0;
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
		if (json)
			(void)json_report(NULL, rc, no_chain, at_signing_time);
		goto out;
	}
	count = smime_verify_result_get_signer_count(result);
	if (count == 0)
		fputs("no signers\n", stderr);
	for (size_t i = 0; i < count; i++) {
		const smime_signer_result *s = smime_verify_result_get_signer(result, i);
		if (s != NULL)
			report_signer("signer", i, s, at_signing_time, 0);
	}
	if (rc == SMIME_OK && count == 0)
		rc = SMIME_E_BAD_SIGNATURE;	/* nothing vouches for the content */
	if (json && json_report(result, rc, no_chain, at_signing_time) != SMIME_OK) {
		status = SMIME_CLI_EXIT_USAGE;
		goto out;
	}
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
	smime_cli__list_free(&crl_files);
	return status;
}
