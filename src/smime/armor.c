/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * PEM armour for CMS objects (RFC 7468 §2 and §9): "-----BEGIN CMS-----",
 * base64 in 64-character lines, "-----END CMS-----". On input the older
 * PKCS7 and "PKCS #7 SIGNED DATA" labels are accepted as well.
 */
#include "smime/mime.h"

#include <string.h>

#define PEM_LINE 64
#define PEM_MAX_LABEL 64

static const char begin_prefix[] = "-----BEGIN ";
static const char end_prefix[] = "-----END ";
static const char dashes[] = "-----";

/* Labels we decode (RFC 7468 §9 and its legacy forms). */
static const char *const cms_labels[] = {
	"CMS",
	"PKCS7",
	"PKCS #7 SIGNED DATA",
};

static bool valid_label(const char *label)
{
	size_t n = strlen(label);

	if (n == 0 || n > PEM_MAX_LABEL || label[0] == ' ' || label[0] == '-' ||
	    label[n - 1] == ' ' || label[n - 1] == '-')
		return false;
	for (size_t i = 0; i < n; i++) {
		if (label[i] < 0x20 || label[i] > 0x7e)
			return false;
	}
	return true;
}

int smime_armor__encode(smime_buf *out, const char *label, const uint8_t *der,
			size_t len)
{
	smime_buf res = SMIME_BUF_INIT;
	int rc;

	if (out == NULL || label == NULL || !valid_label(label) || der == NULL ||
	    len == 0)
		return SMIME_E_INVALID_ARGUMENT;
	rc = smime_buf__appendf(&res, "%s%s%s\n", begin_prefix, label, dashes);
	if (rc == SMIME_OK)
		rc = smime_base64__encode(&res, der, len, PEM_LINE, "\n");
	if (rc == SMIME_OK)
		rc = smime_buf__appendf(&res, "%s%s%s\n", end_prefix, label, dashes);
	if (rc != SMIME_OK) {
		smime_buf_free(&res);
		return rc;
	}
	smime_buf__move(out, &res);
	return SMIME_OK;
}

/* The line at pos without its line break, trailing white space removed. */
static void next_line(const uint8_t *in, size_t len, size_t pos,
		      size_t *line_len, size_t *next)
{
	const uint8_t *nl = memchr(in + pos, '\n', len - pos);
	size_t end = nl != NULL ? (size_t)(nl - in) : len;

	*next = nl != NULL ? end + 1 : len;
	while (end > pos && (in[end - 1] == '\r' || in[end - 1] == ' ' ||
			     in[end - 1] == '\t'))
		end--;
	*line_len = end - pos;
}

/* If line is "<prefix><label>-----", sets the label span. */
static bool armor_line(const uint8_t *line, size_t n, const char *prefix,
		       const uint8_t **label, size_t *label_len)
{
	size_t plen = strlen(prefix), dlen = strlen(dashes);

	if (n < plen + dlen || memcmp(line, prefix, plen) != 0 ||
	    memcmp(line + n - dlen, dashes, dlen) != 0)
		return false;
	*label = line + plen;
	*label_len = n - plen - dlen;
	return true;
}

static bool is_cms_label(const uint8_t *label, size_t n)
{
	for (size_t i = 0; i < SMIME_ARRAY_SIZE(cms_labels); i++) {
		if (strlen(cms_labels[i]) == n && memcmp(cms_labels[i], label, n) == 0)
			return true;
	}
	return false;
}

/* Decodes the block whose body starts at pos up to its END line. */
static int decode_block(smime_buf *out, const uint8_t *in, size_t len, size_t pos,
			const uint8_t *label, size_t label_len)
{
	size_t body = pos;

	while (pos < len) {
		size_t line_len, next;
		const uint8_t *end_label;
		size_t end_label_len;

		next_line(in, len, pos, &line_len, &next);
		if (armor_line(in + pos, line_len, end_prefix, &end_label, &end_label_len)) {
			if (end_label_len != label_len ||
			    memcmp(end_label, label, label_len) != 0)
				return SMIME_E_MALFORMED;
			smime_buf der = SMIME_BUF_INIT;
			int rc = smime_base64__decode(&der, (const char *)in + body,
						      pos - body);
			if (rc != SMIME_OK)
				return rc;
			if (der.len == 0) {
				smime_buf_free(&der);
				return SMIME_E_MALFORMED;
			}
			smime_buf__move(out, &der);
			return SMIME_OK;
		}
		pos = next;
	}
	return SMIME_E_MALFORMED; /* no END line */
}

/* Old tools wrote PKCS#7 as bare base64 (possibly indented) with no
 * armour lines at all. Accept that only when the whole input decodes to
 * something that starts like a SEQUENCE. */
static int decode_headerless(smime_buf *out, const uint8_t *in, size_t len)
{
	smime_buf der = SMIME_BUF_INIT;
	int rc = smime_base64__decode(&der, (const char *)in, len);

	if (rc != SMIME_OK)
		return SMIME_E_MALFORMED;
	if (der.len < 2 || der.data[0] != 0x30) {
		smime_buf_free(&der);
		return SMIME_E_MALFORMED;
	}
	smime_buf__move(out, &der);
	return SMIME_OK;
}

int smime_armor__decode(smime_buf *out, const uint8_t *in, size_t len)
{
	size_t pos = 0;
	bool saw_begin = false;

	if (out == NULL || (in == NULL && len > 0))
		return SMIME_E_INVALID_ARGUMENT;
	while (pos < len) {
		size_t line_len, next;
		const uint8_t *label;
		size_t label_len;

		next_line(in, len, pos, &line_len, &next);
		if (armor_line(in + pos, line_len, begin_prefix, &label, &label_len)) {
			saw_begin = true;
			if (is_cms_label(label, label_len))
				return decode_block(out, in, len, next, label, label_len);
		}
		pos = next;
	}
	if (saw_begin || len == 0)
		return SMIME_E_MALFORMED;
	return decode_headerless(out, in, len);
}
