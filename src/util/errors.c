/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The one error table. Codes only grow (see smime.h). */
#include "util/util.h"

typedef struct {
	int code;
	smime_error_class cls;
	const char *message;
} error_entry;

static const error_entry error_entries[] = {
	{ SMIME_OK, SMIME_CLASS_OK, "success" },
	{ SMIME_E_INVALID_ARGUMENT, SMIME_CLASS_USAGE, "invalid argument" },
	{ SMIME_E_NO_MEMORY, SMIME_CLASS_USAGE, "out of memory" },
	{ SMIME_E_IO, SMIME_CLASS_USAGE, "file cannot be read or written" },
	{ SMIME_E_MALFORMED, SMIME_CLASS_MALFORMED, "malformed input" },
	{ SMIME_E_UNSUPPORTED, SMIME_CLASS_MALFORMED, "unsupported input or algorithm" },
	{ SMIME_E_LIMIT, SMIME_CLASS_MALFORMED, "input exceeds a parser limit" },
	{ SMIME_E_BAD_SIGNATURE, SMIME_CLASS_REJECTED, "signature does not verify" },
	{ SMIME_E_CERT_INVALID, SMIME_CLASS_REJECTED, "certificate chain is not valid" },
	{ SMIME_E_NO_SIGNER_CERT, SMIME_CLASS_REJECTED, "signer certificate not found" },
	{ SMIME_E_NO_RECIPIENT, SMIME_CLASS_REJECTED, "no recipient matches the given key" },
	{ SMIME_E_DECRYPT, SMIME_CLASS_REJECTED, "decryption failed (wrong key or corrupted message)" },
	{ SMIME_E_KEY, SMIME_CLASS_USAGE, "key cannot be loaded or used" },
	{ SMIME_E_KEY_MISMATCH, SMIME_CLASS_USAGE, "private key does not match the certificate" },
	{ SMIME_E_WEAK_ALGORITHM, SMIME_CLASS_REJECTED, "algorithm refused by policy as too weak" },
	{ SMIME_E_NO_CONTENT, SMIME_CLASS_REJECTED, "detached signature without content" },
	{ SMIME_E_PASSWORD, SMIME_CLASS_USAGE, "password missing or wrong" },
	{ SMIME_E_CRYPTO, SMIME_CLASS_USAGE, "cryptographic backend failure" },
	{ SMIME_E_INTERNAL, SMIME_CLASS_USAGE, "internal error" },
	{ SMIME_E_STATE, SMIME_CLASS_USAGE, "function called in the wrong state" },
	{ SMIME_E_NOT_AUTHENTICATED, SMIME_CLASS_REJECTED, "content is not authenticated" },
};

static const error_entry *lookup(int code)
{
	for (size_t i = 0; i < SMIME_ARRAY_SIZE(error_entries); i++)
		if (error_entries[i].code == code)
			return &error_entries[i];
	return NULL;
}

SMIME_PUBLIC const char *smime_strerror(int code)
{
	const error_entry *e = lookup(code);
	return e ? e->message : "unknown error";
}

SMIME_PUBLIC smime_error_class smime_error_get_class(int code)
{
	const error_entry *e = lookup(code);
	return e ? e->cls : SMIME_CLASS_USAGE;
}
