/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Fixed test data for the fuzz targets (see fuzz.h). */
#include "fuzz.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>

const char *fuzz_data_path(const char *rel)
{
	static char path[4096];
	const char *dir = getenv("SMIME_FUZZ_DATA");
	int n;

	if (dir == NULL || dir[0] == '\0')
		dir = SMIME_FUZZ_DATA_DIR;
	n = snprintf(path, sizeof(path), "%s/%s", dir, rel);
	if (n < 0 || (size_t)n >= sizeof(path)) {
		fprintf(stderr, "fuzz: data path too long: %s\n", rel);
		abort();
	}
	return path;
}

uint8_t *fuzz_read_data(const char *rel, size_t *len)
{
	const char *path = fuzz_data_path(rel);
	smime_buf buf = SMIME_BUF_INIT;

	if (smime_file__read(&buf, path) != SMIME_OK) {
		fprintf(stderr, "fuzz: cannot read %s (set SMIME_FUZZ_DATA to tests/data)\n", path);
		abort();
	}
	*len = buf.len;
	return buf.data; /* the caller frees it with free() */
}
