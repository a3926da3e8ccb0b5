/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Shared by the fuzz targets of tests/fuzz: the libFuzzer entry point and
 * reading the fixed test data (certificates, CRLs) once at start-up.
 *
 * The data directory is tests/data of the source tree, compiled in as
 * SMIME_FUZZ_DATA_DIR; the environment variable SMIME_FUZZ_DATA overrides
 * it (for a fuzzer binary run away from its build tree).
 */
#ifndef SMIME_FUZZ_H
#define SMIME_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The bytes of data/<rel> (malloc'ed, *len set). Aborts when the file
 * cannot be read: a fuzz target without its fixed inputs is useless. */
uint8_t *fuzz_read_data(const char *rel, size_t *len);
/* The path of data/<rel> (static buffer, overwritten by the next call). */
const char *fuzz_data_path(const char *rel);

#endif
