/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A stand-in for libFuzzer when the compiler has none (gcc): runs the fuzz
 * target once on each file named on the command line, descending into
 * directories. Arguments starting with '-' (libFuzzer options) are
 * ignored, so the same command line replays a corpus with either driver.
 */
#include "fuzz.h"
#include "util/util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int run_file(const char *path)
{
	smime_buf buf = SMIME_BUF_INIT;

	if (smime_file__read(&buf, path) != SMIME_OK) {
		fprintf(stderr, "cannot read %s\n", path);
		return 1;
	}
	LLVMFuzzerTestOneInput(buf.data != NULL ? buf.data : (const uint8_t *)"", buf.len);
	smime_buf_free(&buf);
	return 0;
}

static int run_path(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	int rc = 0;

	if (stat(path, &st) != 0) {
		perror(path);
		return 1;
	}
	if (!S_ISDIR(st.st_mode))
		return run_file(path);
	d = opendir(path);
	if (d == NULL) {
		perror(path);
		return 1;
	}
	while ((e = readdir(d)) != NULL) {
		char *sub;
		size_t len;

		if (e->d_name[0] == '.')
			continue;
		len = strlen(path) + strlen(e->d_name) + 2;
		sub = malloc(len);
		if (sub == NULL) {
			rc = 1;
			break;
		}
		snprintf(sub, len, "%s/%s", path, e->d_name);
		rc |= run_path(sub);
		free(sub);
	}
	closedir(d);
	return rc;
}

int main(int argc, char **argv)
{
	int rc = 0;

	for (int i = 1; i < argc; i++)
		if (argv[i][0] != '-')
			rc |= run_path(argv[i]);
	return rc;
}
