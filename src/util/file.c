/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "util/util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int smime_file__read(smime_buf *out, const char *path)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	smime_buf res = SMIME_BUF_INIT;
	unsigned char chunk[65536];
	size_t n;
	int rc = SMIME_OK;

	if (f == NULL)
		return SMIME_E_IO;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (res.len + n > SMIME_MAX_INPUT_SIZE) {
			rc = SMIME_E_LIMIT;
			break;
		}
		if ((rc = smime_buf__append(&res, chunk, n)) != SMIME_OK)
			break;
	}
	if (rc == SMIME_OK && ferror(f))
		rc = SMIME_E_IO;
	if (f != stdin)
		fclose(f);
	if (rc == SMIME_OK && res.data == NULL)
		rc = smime_buf__reserve(&res, 0);
	if (rc != SMIME_OK) {
		smime_buf_free_secret(&res);
		return rc;
	}
	smime_buf__move(out, &res);
	return SMIME_OK;
}
