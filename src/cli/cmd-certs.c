/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* smime certs: the certificates a signed or certs-only message carries
 * (certificate exchange, RFC 8551 §3.6), as PEM or DER. */
#include "common.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	OPT_INFORM = SMIME_CLI_OPT_FIRST,
	OPT_OUTFORM,
};

static const smime_cli_option options[] = {
	SMIME_CLI_OPTION_INFORM(OPT_INFORM),
	{ "outform", 0, OPT_OUTFORM, "FMT", "pem (default: every certificate) or der (exactly one certificate)" },
	SMIME_CLI_OPTION_OUT,
	SMIME_CLI_OPTIONS_END,
};

#define PEM_BEGIN "-----BEGIN CERTIFICATE-----\n"
#define PEM_END "-----END CERTIFICATE-----\n"
#define PEM_LINE 64	/* base64 characters per line (RFC 7468) */

/* A growable output buffer. */
typedef struct {
	unsigned char *data;
	size_t len, cap;
} out_buf;

static int out_reserve(out_buf *b, size_t more)
{
	size_t cap = b->cap ? b->cap : 4096;
	unsigned char *d;

	if (more > SIZE_MAX - b->len)
		return SMIME_E_NO_MEMORY;
	while (cap < b->len + more) {
		if (cap > SIZE_MAX / 2)
			return SMIME_E_NO_MEMORY;
		cap *= 2;
	}
	if (cap == b->cap)
		return SMIME_OK;
	d = realloc(b->data, cap);
	if (d == NULL)
		return SMIME_E_NO_MEMORY;
	b->data = d;
	b->cap = cap;
	return SMIME_OK;
}

static int out_append(out_buf *b, const void *data, size_t len)
{
	int rc = out_reserve(b, len);
	if (rc != SMIME_OK)
		return rc;
	memcpy(b->data + b->len, data, len);
	b->len += len;
	return SMIME_OK;
}

/* Appends one certificate as PEM: base64 in lines of 64 characters. */
static int append_pem(out_buf *b, const unsigned char *der, size_t len)
{
	static const char alphabet[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t groups = len / 3 + (len % 3 != 0), chars, lines;
	unsigned char *o;
	size_t col = 0;
	int rc;

	if (groups > (SIZE_MAX - 128) / 8)
		return SMIME_E_NO_MEMORY;
	chars = groups * 4;
	lines = chars / PEM_LINE + 1;
	rc = out_reserve(b, strlen(PEM_BEGIN) + chars + lines + strlen(PEM_END));
	if (rc != SMIME_OK)
		return rc;
	memcpy(b->data + b->len, PEM_BEGIN, strlen(PEM_BEGIN));
	b->len += strlen(PEM_BEGIN);
	o = b->data + b->len;
	for (size_t i = 0; i < len; i += 3) {
		uint32_t v = (uint32_t)der[i] << 16;
		size_t n = len - i < 3 ? len - i : 3;
		char quad[4];

		if (n > 1)
			v |= (uint32_t)der[i + 1] << 8;
		if (n > 2)
			v |= der[i + 2];
		quad[0] = alphabet[(v >> 18) & 63];
		quad[1] = alphabet[(v >> 12) & 63];
		quad[2] = n > 1 ? alphabet[(v >> 6) & 63] : '=';
		quad[3] = n > 2 ? alphabet[v & 63] : '=';
		for (size_t k = 0; k < 4; k++) {
			*o++ = (unsigned char)quad[k];
			if (++col == PEM_LINE) {
				*o++ = '\n';
				col = 0;
			}
		}
	}
	if (col > 0)
		*o++ = '\n';
	b->len = (size_t)(o - b->data);
	return out_append(b, PEM_END, strlen(PEM_END));
}

int smime_cli__certs(int argc, char **argv)
{
	smime_cli_parser p = {
		.command = "certs",
		.synopsis = "[--inform auto|smime|der|pem] [--outform pem|der] [-o OUT] [IN]",
		.summary = "Writes the certificates that the signed or certs-only message IN carries:\n"
			   "all of them, in message order, as concatenated PEM, or the only one as\n"
			   "DER. Nothing is verified.",
		.options = options,
	};
	smime_format inform = SMIME_FORMAT_AUTO, outform = SMIME_FORMAT_PEM;
	const char *out_path = NULL, *in_path, *arg;
	smime_cli_bytes in = { NULL, 0 };
	smime_certs *certs = NULL;
	smime_buf der = SMIME_BUF_INIT;
	out_buf out = { NULL, 0, 0 };
	size_t count;
	int id, rc, status = SMIME_CLI_EXIT_USAGE;

	p.out_path = &out_path;
	while ((id = smime_cli__option(&arg, &p, argc, argv, &status)) > 0) {
		switch (id) {
		case OPT_INFORM:
			if (smime_cli__parse_format(&inform, arg, 1, &p, "inform") != SMIME_OK)
				goto out;
			break;
		case OPT_OUTFORM:
			if (strcmp(arg, "pem") == 0) {
				outform = SMIME_FORMAT_PEM;
			} else if (strcmp(arg, "der") == 0) {
				outform = SMIME_FORMAT_DER;
			} else {
				smime_cli__usage_error(&p, "invalid value '%s' for --outform (use pem or der)",
						       arg);
				goto out;
			}
			break;
		}
	}
	if (id < 0)
		goto out;
	if (smime_cli__read_input(&in, &in_path, &p, argc, argv) != SMIME_OK)
		goto out;

	rc = smime_message_get_certs(&certs, inform, in.data, in.len);
	if (rc != SMIME_OK) {
		if (rc == SMIME_E_UNSUPPORTED)
			smime_cli__error_code(rc, "%s is not a signed or certs-only message",
					      smime_cli__display_name(in_path));
		else
			smime_cli__error_code(rc, "%s", smime_cli__display_name(in_path));
		status = smime_cli__exit_status(rc);
		goto out;
	}
	count = smime_certs_count(certs);
	if (count == 0) {
		smime_cli__error("%s carries no certificates", smime_cli__display_name(in_path));
		status = SMIME_CLI_EXIT_REJECTED;
		goto out;
	}
	if (outform == SMIME_FORMAT_DER && count != 1) {
		smime_cli__error("%s carries %zu certificates; DER holds only one (use --outform pem)",
				 smime_cli__display_name(in_path), count);
		goto out;
	}
	for (size_t i = 0; i < count; i++) {
		rc = smime_cert_export_der(&der, smime_certs_get(certs, i));
		if (rc == SMIME_OK)
			rc = outform == SMIME_FORMAT_DER ? out_append(&out, der.data, der.len)
							 : append_pem(&out, der.data, der.len);
		smime_buf_free(&der);
		if (rc != SMIME_OK) {
			smime_cli__error_code(rc, "certificate %zu", i + 1);
			status = smime_cli__exit_status(rc);
			goto out;
		}
	}
	rc = smime_cli__write_output(out_path, out.data, out.len, 0);
	status = smime_cli__exit_status(rc);

out:
	free(out.data);
	smime_certs_free(certs);
	smime_cli__bytes_free(&in);
	return status;
}
