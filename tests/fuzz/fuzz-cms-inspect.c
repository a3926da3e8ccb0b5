/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz-cms-inspect: the input as a CMS object or S/MIME message (format
 * detected), through smime_inspect(), signature verification without chain
 * validation, the certificate extraction of `smime certs`, smime_open(),
 * and the lenient reading of a bare SignerInfos (SET or SEQUENCE OF
 * SignerInfo, with its normalisation).
 */
#include "fuzz.h"

#include <stdbool.h>
#include <stdlib.h>

#include "cms/cms.h"

static smime_trust *trust;

static void init(void)
{
	/* an empty store: NO_CHAIN must not need the system one */
	if (smime_trust_new(&trust) != SMIME_OK)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	smime_verify_options opts = SMIME_VERIFY_OPTIONS_INIT;
	smime_verify_result *res = NULL;
	smime_certs *certs = NULL;
	smime_buf out = SMIME_BUF_INIT;
	unsigned flags[4];
	size_t count = 0;
	bool changed = false;

	if (trust == NULL)
		init();

	if (smime_inspect(&out, SMIME_FORMAT_AUTO, data, size) == SMIME_OK &&
	    (out.data == NULL || out.data[out.len] != '\0'))
		abort(); /* the description is NUL-terminated */
	smime_buf_free(&out);

	opts.flags = SMIME_VERIFY_NO_CHAIN | SMIME_VERIFY_ALLOW_LEGACY;
	opts.trust = trust;
	smime_verify_data(&res, &opts, data, size, NULL, 0);
	smime_verify_result_free(res);

	if (smime_message_get_certs(&certs, SMIME_FORMAT_AUTO, data, size) == SMIME_OK)
		smime_certs_free(certs);

	smime_open(&out, SMIME_FORMAT_AUTO, data, size, 1u << 20);
	smime_buf_free(&out);

	smime_cms__inspect_signer_infos(&out, data, size, 0);
	smime_buf_free(&out);
	smime_cms__signer_infos_normalize(&out, &changed, flags, sizeof(flags) / sizeof(flags[0]),
					  &count, data, size);
	smime_buf_free(&out);
	return 0;
}
