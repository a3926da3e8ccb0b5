/* SPDX-License-Identifier: LGPL-2.1-or-later */
/**
 * SECTION:smime
 * @title: libsmime
 * @short_description: CMS (RFC 5652) and S/MIME 4.0 (RFC 8551) without OpenSSL
 *
 * libsmime reads and writes Cryptographic Message Syntax objects and S/MIME
 * messages. This header is the whole public API.
 *
 * Overview:
 *
 *  - Certificates (#smime_cert, #smime_certs), private keys (#smime_key) and
 *    trust anchors (#smime_trust) are loaded from files or memory.
 *  - Four operations, each with a streaming form (`_new`, `_update`,
 *    `_finish`, `_free`) and a whole-buffer wrapper: sign
 *    (#smime_sign), verify (#smime_verify), encrypt (#smime_encrypt) and
 *    decrypt (#smime_decrypt). smime_inspect() describes any CMS object.
 *  - Every function that can fail returns an #smime_error code (0 on
 *    success, a negative value otherwise); smime_strerror() describes it.
 *  - Output bytes are returned in an #smime_buf that the caller owns and
 *    releases with smime_buf_free() (or smime_buf_free_secret() for
 *    plaintext and key material).
 *
 * Conventions:
 *
 *  - Output parameters come first. A handle returned through `**out` is
 *    owned by the caller and released with its `_free` function; every
 *    `_free(NULL)` is a no-op.
 *  - Pointers returned by `_get` accessors are borrowed: they stay valid as
 *    long as the object they came from.
 *  - Option structures carry a version in their first member; always
 *    initialise them with their `_INIT` macro before setting fields.
 *
 * Thread safety: the library keeps no mutable global state beyond a one-time
 * initialisation that is itself thread-safe. Distinct handles may be used
 * concurrently from different threads; one handle must not be used from two
 * threads at once. Read-only handles (#smime_cert, #smime_certs, #smime_key,
 * #smime_trust) may be shared between threads once loaded.
 *
 * Limitations of this version:
 *
 *  - Messages are held in memory inside the library; the streaming calls
 *    already have their final shape.
 *  - Certificate policies (RFC 5280 §6.1 policy processing), partitioned,
 *    indirect and delta CRLs, and OCSP are not used in chain validation.
 *  - Signing with DSA, encrypting with 3DES or RC2: these legacy
 *    algorithms are read, never written.
 */
#ifndef SMIME_H
#define SMIME_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(SMIME_BUILDING) && defined(__GNUC__)
#define SMIME_PUBLIC __attribute__((visibility("default")))
#else
#define SMIME_PUBLIC
#endif

/**
 * SMIME_VERSION:
 *
 * The version of the libsmime headers, as a string.
 */
#define SMIME_VERSION "0.3.0"

/**
 * smime_version:
 *
 * Returns: (transfer none): the version of the library at run time.
 *
 * Since: 0.1
 */
SMIME_PUBLIC const char *smime_version(void);

/* ------------------------------------------------------------------------ */
/* Errors                                                                   */
/* ------------------------------------------------------------------------ */

/**
 * smime_error:
 * @SMIME_OK: success.
 * @SMIME_E_INVALID_ARGUMENT: an argument was invalid (API misuse).
 * @SMIME_E_NO_MEMORY: memory allocation failed.
 * @SMIME_E_IO: a file could not be read or written.
 * @SMIME_E_MALFORMED: the input is not a well-formed object.
 * @SMIME_E_UNSUPPORTED: the input is well-formed but uses something this
 *   library does not support.
 * @SMIME_E_LIMIT: the input exceeds a parser limit (size, depth, count).
 * @SMIME_E_BAD_SIGNATURE: a signature or message digest did not verify.
 * @SMIME_E_CERT_INVALID: a certificate chain did not validate.
 * @SMIME_E_NO_SIGNER_CERT: the certificate of a signer was not found.
 * @SMIME_E_NO_RECIPIENT: no recipient of the message matches the given keys.
 * @SMIME_E_DECRYPT: decryption failed (wrong key or corrupted message).
 * @SMIME_E_KEY: a key could not be loaded or is unsuitable.
 * @SMIME_E_KEY_MISMATCH: a private key does not belong to its certificate.
 * @SMIME_E_WEAK_ALGORITHM: an algorithm is refused by the policy.
 * @SMIME_E_NO_CONTENT: a detached signature was verified without content.
 * @SMIME_E_PASSWORD: a password is missing or wrong.
 * @SMIME_E_CRYPTO: the cryptographic backend failed.
 * @SMIME_E_INTERNAL: an internal error (a bug).
 * @SMIME_E_STATE: a function was called in the wrong state (for example
 *   update after finish).
 * @SMIME_E_NOT_AUTHENTICATED: the content is not authenticated and the
 *   caller required it (since 0.2).
 *
 * Error codes. Codes are never renumbered or removed; new ones are only
 * added at the end.
 *
 * Since: 0.1
 */
typedef enum {
	SMIME_OK = 0,
	SMIME_E_INVALID_ARGUMENT = -1,
	SMIME_E_NO_MEMORY = -2,
	SMIME_E_IO = -3,
	SMIME_E_MALFORMED = -4,
	SMIME_E_UNSUPPORTED = -5,
	SMIME_E_LIMIT = -6,
	SMIME_E_BAD_SIGNATURE = -7,
	SMIME_E_CERT_INVALID = -8,
	SMIME_E_NO_SIGNER_CERT = -9,
	SMIME_E_NO_RECIPIENT = -10,
	SMIME_E_DECRYPT = -11,
	SMIME_E_KEY = -12,
	SMIME_E_KEY_MISMATCH = -13,
	SMIME_E_WEAK_ALGORITHM = -14,
	SMIME_E_NO_CONTENT = -15,
	SMIME_E_PASSWORD = -16,
	SMIME_E_CRYPTO = -17,
	SMIME_E_INTERNAL = -18,
	SMIME_E_STATE = -19,
	SMIME_E_NOT_AUTHENTICATED = -20,
} smime_error;

/**
 * smime_error_class:
 * @SMIME_CLASS_OK: no error.
 * @SMIME_CLASS_REJECTED: the input was understood but did not verify or
 *   decrypt (bad signature, untrusted chain, no matching recipient, wrong
 *   key).
 * @SMIME_CLASS_USAGE: the caller's arguments, files or keys are at fault.
 * @SMIME_CLASS_MALFORMED: the input is malformed or unsupported.
 *
 * Coarse classes of errors, as a command-line tool maps them to exit codes.
 *
 * Since: 0.1
 */
typedef enum {
	SMIME_CLASS_OK = 0,
	SMIME_CLASS_REJECTED = 1,
	SMIME_CLASS_USAGE = 2,
	SMIME_CLASS_MALFORMED = 3,
} smime_error_class;

/**
 * smime_strerror:
 * @code: an #smime_error
 *
 * Returns: (transfer none): a static, human-readable description of @code;
 * never %NULL (unknown codes give "unknown error").
 *
 * Since: 0.1
 */
SMIME_PUBLIC const char *smime_strerror(int code);

/**
 * smime_error_get_class:
 * @code: an #smime_error
 *
 * Returns: the #smime_error_class of @code.
 *
 * Since: 0.1
 */
SMIME_PUBLIC smime_error_class smime_error_get_class(int code);

/* ------------------------------------------------------------------------ */
/* Byte buffers                                                             */
/* ------------------------------------------------------------------------ */

/**
 * smime_buf:
 * @data: the bytes; %NULL when empty. A NUL byte always follows the last
 *   byte (not counted in @len), so text can be printed directly.
 * @len: the number of bytes.
 *
 * The one byte-buffer type of the API. Buffers filled by the library are
 * owned by the caller, who releases them with smime_buf_free().
 *
 * Since: 0.1
 */
typedef struct smime_buf {
	unsigned char *data;
	size_t len;
} smime_buf;

/**
 * SMIME_BUF_INIT:
 *
 * Initialiser for an empty #smime_buf.
 */
#define SMIME_BUF_INIT { NULL, 0 }

/**
 * smime_buf_free:
 * @buf: (nullable): a buffer
 *
 * Releases the bytes of @buf and resets it to empty. The #smime_buf
 * structure itself is not freed. %NULL is a no-op.
 *
 * Since: 0.1
 */
SMIME_PUBLIC void smime_buf_free(smime_buf *buf);

/**
 * smime_buf_free_secret:
 * @buf: (nullable): a buffer
 *
 * Like smime_buf_free() but overwrites the bytes with zeros first, in a way
 * the compiler cannot remove. Use it for plaintext and key material.
 *
 * Since: 0.1
 */
SMIME_PUBLIC void smime_buf_free_secret(smime_buf *buf);

/* ------------------------------------------------------------------------ */
/* Certificates, keys, trust                                                */
/* ------------------------------------------------------------------------ */

/**
 * smime_cert:
 *
 * An X.509 certificate. Opaque; immutable once loaded.
 */
typedef struct smime_cert smime_cert;

/**
 * smime_certs:
 *
 * An ordered list of certificates. Opaque.
 */
typedef struct smime_certs smime_certs;

/**
 * smime_key:
 *
 * A private key. Opaque; the key material is wiped when it is freed.
 */
typedef struct smime_key smime_key;

/**
 * smime_trust:
 *
 * A set of trust anchors (and later CRLs) used to validate chains. Opaque.
 */
typedef struct smime_trust smime_trust;

/**
 * smime_cert_load_file:
 * @out: (out) (transfer full): the first certificate of the file
 * @path: a PEM or DER file
 *
 * Errors: %SMIME_E_IO if the file cannot be read, %SMIME_E_MALFORMED if it
 * holds no certificate.
 *
 * Returns: %SMIME_OK or an error code.
 * Since: 0.1
 */
SMIME_PUBLIC int smime_cert_load_file(smime_cert **out, const char *path);

/**
 * smime_cert_load_data:
 * @out: (out) (transfer full): the first certificate in @data
 * @data: PEM or DER bytes
 * @len: length of @data
 *
 * Returns: %SMIME_OK or an error code (see smime_cert_load_file()).
 * Since: 0.1
 */
SMIME_PUBLIC int smime_cert_load_data(smime_cert **out, const void *data,
				      size_t len);

/**
 * smime_cert_dup:
 * @out: (out) (transfer full): a new reference-independent copy
 * @cert: a certificate
 *
 * Returns: %SMIME_OK or %SMIME_E_NO_MEMORY.
 * Since: 0.1
 */
SMIME_PUBLIC int smime_cert_dup(smime_cert **out, const smime_cert *cert);

/**
 * smime_cert_free:
 * @cert: (nullable) (transfer full): a certificate
 *
 * Since: 0.1
 */
SMIME_PUBLIC void smime_cert_free(smime_cert *cert);

/**
 * smime_cert_get_subject:
 * @out: (out): the subject DN as an RFC 4514 string, NUL-terminated
 * @cert: a certificate
 *
 * Returns: %SMIME_OK or an error code.
 * Since: 0.1
 */
SMIME_PUBLIC int smime_cert_get_subject(smime_buf *out, const smime_cert *cert);

/**
 * smime_cert_get_issuer:
 * @out: (out): the issuer DN as an RFC 4514 string, NUL-terminated
 * @cert: a certificate
 *
 * Returns: %SMIME_OK or an error code.
 * Since: 0.1
 */
SMIME_PUBLIC int smime_cert_get_issuer(smime_buf *out, const smime_cert *cert);

/**
 * smime_cert_get_serial_hex:
 * @out: (out): the serial number as lower-case hex, NUL-terminated
 * @cert: a certificate
 *
 * Returns: %SMIME_OK or an error code.
 * Since: 0.1
 */
SMIME_PUBLIC int smime_cert_get_serial_hex(smime_buf *out,
					   const smime_cert *cert);

/**
 * smime_cert_get_email:
 * @out: (out): the @index-th e-mail address of the certificate (subject
 *   alternative name rfc822Name; the legacy emailAddress attribute only
 *   when there is no subjectAltName), NUL-terminated
 * @cert: a certificate
 * @index: which address, from 0
 *
 * Returns: %SMIME_OK, or %SMIME_E_INVALID_ARGUMENT when @index is past the
 * last address.
 * Since: 0.1
 */
SMIME_PUBLIC int smime_cert_get_email(smime_buf *out, const smime_cert *cert,
				      unsigned int index);

/**
 * smime_cert_export_der:
 * @out: (out): the DER encoding of @cert
 * @cert: a certificate
 *
 * Returns: %SMIME_OK or an error code.
 * Since: 0.1
 */
SMIME_PUBLIC int smime_cert_export_der(smime_buf *out, const smime_cert *cert);

/**
 * smime_certs_new:
 * @out: (out) (transfer full): an empty list
 *
 * Returns: %SMIME_OK or %SMIME_E_NO_MEMORY.
 * Since: 0.1
 */
SMIME_PUBLIC int smime_certs_new(smime_certs **out);

/**
 * smime_certs_load_file:
 * @list: a list
 * @path: a file holding one DER certificate or any number of PEM ones
 *
 * Appends every certificate of @path to @list.
 *
 * Returns: %SMIME_OK, %SMIME_E_IO or %SMIME_E_MALFORMED (the list is left
 * unchanged on error).
 * Since: 0.1
 */
SMIME_PUBLIC int smime_certs_load_file(smime_certs *list, const char *path);

/**
 * smime_certs_load_data:
 * @list: a list
 * @data: DER or PEM bytes
 * @len: length of @data
 *
 * Appends every certificate in @data to @list.
 *
 * Returns: %SMIME_OK or %SMIME_E_MALFORMED.
 * Since: 0.1
 */
SMIME_PUBLIC int smime_certs_load_data(smime_certs *list, const void *data,
				       size_t len);

/**
 * smime_certs_add:
 * @list: a list
 * @cert: a certificate; a copy is stored
 *
 * Returns: %SMIME_OK or %SMIME_E_NO_MEMORY.
 * Since: 0.1
 */
SMIME_PUBLIC int smime_certs_add(smime_certs *list, const smime_cert *cert);

/**
 * smime_certs_count:
 * @list: (nullable): a list
 *
 * Returns: the number of certificates in @list (0 for %NULL).
 * Since: 0.1
 */
SMIME_PUBLIC size_t smime_certs_count(const smime_certs *list);

/**
 * smime_certs_get:
 * @list: a list
 * @index: from 0
 *
 * Returns: (transfer none) (nullable): the certificate, or %NULL when
 * @index is out of range.
 * Since: 0.1
 */
SMIME_PUBLIC const smime_cert *smime_certs_get(const smime_certs *list,
					       size_t index);

/**
 * smime_certs_free:
 * @list: (nullable) (transfer full): a list
 *
 * Since: 0.1
 */
SMIME_PUBLIC void smime_certs_free(smime_certs *list);

/**
 * smime_key_load_file:
 * @out: (out) (transfer full): the key
 * @path: a key file: PEM or DER PKCS#8 (plain or encrypted), PKCS#1 RSA,
 *   SEC1 EC, encrypted legacy PEM, or PKCS#12
 * @password: (nullable): the password of an encrypted key
 *
 * Errors: %SMIME_E_IO if the file cannot be read, %SMIME_E_PASSWORD if the
 * key is encrypted and @password is missing or wrong, %SMIME_E_KEY if the
 * file holds no usable key.
 *
 * Returns: %SMIME_OK or an error code.
 * Since: 0.1
 */
SMIME_PUBLIC int smime_key_load_file(smime_key **out, const char *path,
				     const char *password);

/**
 * smime_key_load_data:
 * @out: (out) (transfer full): the key
 * @data: key bytes in any format smime_key_load_file() accepts
 * @len: length of @data
 * @password: (nullable): the password of an encrypted key
 *
 * Returns: %SMIME_OK or an error code.
 * Since: 0.1
 */
SMIME_PUBLIC int smime_key_load_data(smime_key **out, const void *data,
				     size_t len, const char *password);

/**
 * smime_key_free:
 * @key: (nullable) (transfer full): a key; its material is wiped
 *
 * Since: 0.1
 */
SMIME_PUBLIC void smime_key_free(smime_key *key);

/**
 * smime_trust_new:
 * @out: (out) (transfer full): an empty trust store
 *
 * Returns: %SMIME_OK or an error code.
 * Since: 0.1
 */
SMIME_PUBLIC int smime_trust_new(smime_trust **out);

/**
 * smime_trust_add_system:
 * @trust: a trust store
 *
 * Adds the system trust anchors (through p11-kit where GnuTLS uses it).
 *
 * Returns: %SMIME_OK or an error code.
 * Since: 0.1
 */
SMIME_PUBLIC int smime_trust_add_system(smime_trust *trust);

/**
 * smime_trust_add_ca_file:
 * @trust: a trust store
 * @path: a PEM file with one or more certificates, or one DER certificate
 *
 * Returns: %SMIME_OK, %SMIME_E_IO or %SMIME_E_MALFORMED.
 * Since: 0.1
 */
SMIME_PUBLIC int smime_trust_add_ca_file(smime_trust *trust, const char *path);

/**
 * smime_trust_add_cert:
 * @trust: a trust store
 * @cert: a certificate to trust as an anchor
 *
 * Returns: %SMIME_OK or an error code.
 * Since: 0.1
 */
SMIME_PUBLIC int smime_trust_add_cert(smime_trust *trust,
				      const smime_cert *cert);

/**
 * smime_trust_add_crl_file:
 * @trust: a trust store
 * @path: a PEM or DER file with one or more CRLs
 *
 * CRLs are checked for every certificate of a chain validated with @trust
 * (revoked: "revoked"). A CRL never counts as proof that a certificate is
 * not revoked unless it verifies against its issuer, is current and has
 * no unknown critical extension; when every CRL of an issuer is unusable
 * the result is "revocation status unknown". An issuer without any CRL is
 * accepted (revocation checking is not mandatory).
 *
 * Returns: %SMIME_OK, %SMIME_E_IO or %SMIME_E_MALFORMED.
 * Since: 0.2
 */
SMIME_PUBLIC int smime_trust_add_crl_file(smime_trust *trust, const char *path);

/**
 * smime_trust_free:
 * @trust: (nullable) (transfer full): a trust store
 *
 * Since: 0.1
 */
SMIME_PUBLIC void smime_trust_free(smime_trust *trust);

/* ------------------------------------------------------------------------ */
/* Formats                                                                  */
/* ------------------------------------------------------------------------ */

/**
 * smime_format:
 * @SMIME_FORMAT_AUTO: detect on input (DER, PEM or a MIME entity).
 * @SMIME_FORMAT_DER: a DER (or, on input, BER) ContentInfo.
 * @SMIME_FORMAT_PEM: base64 ContentInfo between `-----BEGIN CMS-----` lines
 *   (`PKCS7` labels are accepted on input).
 * @SMIME_FORMAT_SMIME: an S/MIME MIME entity (RFC 8551):
 *   `application/pkcs7-mime`, or `multipart/signed` for detached signatures.
 *
 * Since: 0.1
 */
typedef enum {
	SMIME_FORMAT_AUTO = 0,
	SMIME_FORMAT_DER = 1,
	SMIME_FORMAT_PEM = 2,
	SMIME_FORMAT_SMIME = 3,
} smime_format;

/* ------------------------------------------------------------------------ */
/* Sign                                                                     */
/* ------------------------------------------------------------------------ */

/**
 * smime_sign:
 *
 * A signing operation that produces a SignedData. Opaque.
 */
typedef struct smime_sign smime_sign;

/**
 * SMIME_SIGN_DETACHED:
 *
 * Leave the content out of the SignedData (a detached signature). With
 * %SMIME_FORMAT_SMIME this produces `multipart/signed`.
 */
#define SMIME_SIGN_DETACHED (1u << 0)

/**
 * SMIME_SIGN_NO_ATTRIBUTES:
 *
 * Sign the content directly, without signed attributes (RFC 5652 §5.4;
 * only for id-data content). Since: 0.2
 */
#define SMIME_SIGN_NO_ATTRIBUTES (1u << 1)

/**
 * SMIME_SIGN_NO_CERTS:
 *
 * Leave every certificate out of the message. Since: 0.2
 */
#define SMIME_SIGN_NO_CERTS (1u << 2)

/**
 * SMIME_SIGN_CERTS_ONLY:
 *
 * Make a certs-only message (a SignedData without content or signers,
 * RFC 8551 §3.6) carrying the certificates given with
 * smime_sign_add_cert(); smime-type=certs-only. Since: 0.2
 */
#define SMIME_SIGN_CERTS_ONLY (1u << 3)

/**
 * smime_sign_options:
 * @struct_version: must be %SMIME_SIGN_OPTIONS_VERSION
 * @flags: %SMIME_SIGN_DETACHED
 * @outform: the output format (%SMIME_FORMAT_AUTO means DER)
 * @signing_time: the signing-time attribute, in seconds since the epoch;
 *   0 means now
 *
 * Options of a signing operation. Initialise with
 * %SMIME_SIGN_OPTIONS_INIT.
 *
 * With %SMIME_FORMAT_SMIME the content is a MIME entity; it is signed in
 * canonical form (RFC 8551 §3.1.1: bare LF becomes CRLF).
 *
 * Since: 0.1
 */
typedef struct smime_sign_options {
	unsigned int struct_version;
	unsigned int flags;
	smime_format outform;
	int64_t signing_time;
} smime_sign_options;

#define SMIME_SIGN_OPTIONS_VERSION 1
#define SMIME_SIGN_OPTIONS_INIT { SMIME_SIGN_OPTIONS_VERSION, 0, SMIME_FORMAT_DER, 0 }

/**
 * smime_sign_new:
 * @out: (out) (transfer full): the operation
 * @options: (nullable): options; %NULL for the defaults
 *
 * Returns: %SMIME_OK or an error code.
 * Since: 0.1
 */
SMIME_PUBLIC int smime_sign_new(smime_sign **out,
				const smime_sign_options *options);

/**
 * smime_sign_add_signer:
 * @sign: the operation
 * @cert: the signer certificate (copied)
 * @key: the matching private key (referenced: it must outlive @sign)
 *
 * Adds a signer. The certificate is included in the message.
 *
 * Errors: %SMIME_E_KEY_MISMATCH if @key is not the key of @cert,
 * %SMIME_E_UNSUPPORTED for an unsupported key type.
 *
 * Returns: %SMIME_OK or an error code.
 * Since: 0.1
 */
SMIME_PUBLIC int smime_sign_add_signer(smime_sign *sign, const smime_cert *cert,
				       const smime_key *key);

/**
 * smime_signer_options:
 * @struct_version: must be %SMIME_SIGNER_OPTIONS_VERSION (version 1, the
 *   structure without @encryption_cert, is accepted too)
 * @flags: %SMIME_SIGNER_PSS, %SMIME_SIGNER_SKI
 * @digest: (nullable): "sha256", "sha384", "sha512", "sha3-256",
 *   "sha3-384", "sha3-512" ("sha224" too); %NULL picks the one that fits
 *   the key (SHA-256 for RSA and P-256, SHA-384 for P-384, SHA-512 for
 *   P-521 and Ed25519, SHAKE256 for Ed448, as RFC 8419 requires)
 * @encryption_cert: (nullable): the certificate correspondents should
 *   encrypt to (copied by smime_sign_add_signer_full()). The signed
 *   attributes then carry an SMIMEEncryptionKeyPreference (RFC 8551
 *   §2.5.3) naming it by issuer and serial number, or by subject key
 *   identifier (subjectAltKeyIdentifier) when %SMIME_SIGNER_SKI is set and
 *   the certificate has one; the certificate joins the message's
 *   certificates unless %SMIME_SIGN_NO_CERTS. Not allowed with
 *   %SMIME_SIGN_NO_ATTRIBUTES. Since: 0.3 (version 2 of the structure).
 *
 * How one signer signs. Initialise with %SMIME_SIGNER_OPTIONS_INIT.
 *
 * Since: 0.2
 */
typedef struct smime_signer_options {
	unsigned int struct_version;
	unsigned int flags;
	const char *digest;
	const smime_cert *encryption_cert;
} smime_signer_options;

/**
 * SMIME_SIGNER_PSS:
 *
 * RSASSA-PSS (RFC 4056; salt of the hash length, MGF1 with the same hash)
 * instead of RSA PKCS#1 v1.5.
 */
#define SMIME_SIGNER_PSS (1u << 0)
/**
 * SMIME_SIGNER_SKI:
 *
 * Identify the signer by its SubjectKeyIdentifier (SignerInfo version 3).
 */
#define SMIME_SIGNER_SKI (1u << 1)
/* Version 1 had no encryption_cert; both are accepted. */
#define SMIME_SIGNER_OPTIONS_VERSION 2
#define SMIME_SIGNER_OPTIONS_INIT { SMIME_SIGNER_OPTIONS_VERSION, 0, NULL, NULL }

/**
 * smime_sign_add_signer_full:
 * @sign: the operation
 * @cert: the signer certificate (copied)
 * @key: its private key (RSA, EC P-256/384/521, Ed25519, Ed448;
 *   referenced: it must outlive @sign)
 * @options: (nullable): how this signer signs
 *
 * Several signers may use different algorithms.
 *
 * Errors: %SMIME_E_KEY_MISMATCH, %SMIME_E_UNSUPPORTED for a key type or
 * digest this library cannot sign with, %SMIME_E_WEAK_ALGORITHM for SHA-1,
 * %SMIME_E_INVALID_ARGUMENT for options that do not fit the key (PSS with
 * an EC key, a digest RFC 8419 forbids for EdDSA) or the operation (an
 * encryption certificate with %SMIME_SIGN_NO_ATTRIBUTES).
 *
 * Returns: %SMIME_OK or an error code.
 * Since: 0.2
 */
SMIME_PUBLIC int smime_sign_add_signer_full(smime_sign *sign, const smime_cert *cert,
					    const smime_key *key,
					    const smime_signer_options *options);

/**
 * smime_sign_add_cert:
 * @sign: the operation
 * @cert: a certificate to include (typically an intermediate; copied)
 *
 * Returns: %SMIME_OK or an error code.
 * Since: 0.1
 */
SMIME_PUBLIC int smime_sign_add_cert(smime_sign *sign, const smime_cert *cert);

/**
 * smime_sign_update:
 * @sign: the operation
 * @data: content bytes
 * @len: length of @data
 *
 * Feeds content. May be called any number of times.
 *
 * Returns: %SMIME_OK or an error code.
 * Since: 0.1
 */
SMIME_PUBLIC int smime_sign_update(smime_sign *sign, const void *data,
				   size_t len);

/**
 * smime_sign_finish:
 * @out: (out): the signed message in the chosen output format
 * @sign: the operation
 *
 * Errors: %SMIME_E_STATE when no signer was added or finish was already
 * called.
 *
 * Returns: %SMIME_OK or an error code.
 * Since: 0.1
 */
SMIME_PUBLIC int smime_sign_finish(smime_buf *out, smime_sign *sign);

/**
 * smime_sign_free:
 * @sign: (nullable) (transfer full): the operation
 *
 * Since: 0.1
 */
SMIME_PUBLIC void smime_sign_free(smime_sign *sign);

/**
 * smime_sign_data:
 * @out: (out): the signed message
 * @options: (nullable): options
 * @cert: the signer certificate
 * @key: the signer key
 * @chain: (nullable): more certificates to include
 * @data: the content
 * @len: length of @data
 *
 * Whole-buffer wrapper around the streaming calls.
 *
 * Returns: %SMIME_OK or an error code.
 * Since: 0.1
 */
SMIME_PUBLIC int smime_sign_data(smime_buf *out,
				 const smime_sign_options *options,
				 const smime_cert *cert, const smime_key *key,
				 const smime_certs *chain, const void *data,
				 size_t len);

/* ------------------------------------------------------------------------ */
/* Verify                                                                   */
/* ------------------------------------------------------------------------ */

/**
 * smime_verify:
 *
 * A verification operation. Opaque.
 */
typedef struct smime_verify smime_verify;

/**
 * smime_verify_result:
 *
 * The outcome of a verification: the overall verdict, the content, and one
 * #smime_signer_result per signer. Opaque.
 */
typedef struct smime_verify_result smime_verify_result;

/**
 * smime_signer_result:
 *
 * The outcome for one signer. Borrowed from its #smime_verify_result.
 */
typedef struct smime_signer_result smime_signer_result;

/**
 * SMIME_VERIFY_NO_CHAIN:
 *
 * Check signatures only; do not validate certificate chains.
 */
#define SMIME_VERIFY_NO_CHAIN (1u << 0)

/**
 * SMIME_VERIFY_ALLOW_LEGACY:
 *
 * Accept legacy algorithms: SHA-1, DSA and RSA below 2048 bits in
 * signatures (still reported as weak), and in certificate chains SHA-1-,
 * MD5- and MD2-signed certificates and 1024-bit keys, as historic messages
 * need. MD5 message digests are refused even so.
 */
#define SMIME_VERIFY_ALLOW_LEGACY (1u << 1)

/**
 * SMIME_VERIFY_AT_SIGNING_TIME:
 *
 * Validate certificate chains at the time of the signer's signing-time
 * attribute (when it has one) instead of now. The other time is checked
 * too and reported (smime_signer_result_get_chain_status_other()).
 * Since: 0.2
 */
#define SMIME_VERIFY_AT_SIGNING_TIME (1u << 2)

/**
 * SMIME_VERIFY_REQUIRE_REVOCATION:
 *
 * Require a revocation status for every certificate of a signer's chain:
 * a certificate whose status the CRLs at hand (smime_trust_add_crl_file()
 * and the message's own CRLs) cannot decide makes the chain invalid
 * ("revocation status unknown"). Without this flag only the certificates
 * whose issuer has a CRL at hand are held to it. No CRL is fetched.
 *
 * Since: 0.3
 */
#define SMIME_VERIFY_REQUIRE_REVOCATION (1u << 3)

/**
 * smime_verify_options:
 * @struct_version: must be %SMIME_VERIFY_OPTIONS_VERSION
 * @flags: %SMIME_VERIFY_NO_CHAIN, %SMIME_VERIFY_ALLOW_LEGACY,
 *   %SMIME_VERIFY_AT_SIGNING_TIME, %SMIME_VERIFY_REQUIRE_REVOCATION
 * @inform: the input format
 * @trust: (nullable): trust anchors; %NULL means the system trust store
 * @certs: (nullable): extra certificates (signers or intermediates missing
 *   from the message)
 * @time: validation time in seconds since the epoch; 0 means now
 * @email: (nullable): an e-mail address every signer certificate must
 *   carry (RFC 8550 §3: a subjectAltName rfc822Name, or the legacy
 *   emailAddress attribute only when there is no subjectAltName; the
 *   domain part compares case-insensitively). Since version 2.
 *
 * Initialise with %SMIME_VERIFY_OPTIONS_INIT.
 *
 * Since: 0.1
 */
typedef struct smime_verify_options {
	unsigned int struct_version;
	unsigned int flags;
	smime_format inform;
	const smime_trust *trust;
	const smime_certs *certs;
	int64_t time;
	const char *email;
} smime_verify_options;

/* Version 1 had no email; both are accepted. */
#define SMIME_VERIFY_OPTIONS_VERSION 2
#define SMIME_VERIFY_OPTIONS_INIT { SMIME_VERIFY_OPTIONS_VERSION, 0, SMIME_FORMAT_AUTO, NULL, NULL, 0, NULL }

/**
 * smime_verify_new:
 * @out: (out) (transfer full): the operation
 * @options: (nullable): options (borrowed: @trust and @certs must outlive
 *   the operation)
 *
 * Returns: %SMIME_OK or an error code.
 * Since: 0.1
 */
SMIME_PUBLIC int smime_verify_new(smime_verify **out,
				  const smime_verify_options *options);

/**
 * smime_verify_update:
 * @verify: the operation
 * @data: bytes of the signed message
 * @len: length of @data
 *
 * Returns: %SMIME_OK or an error code.
 * Since: 0.1
 */
SMIME_PUBLIC int smime_verify_update(smime_verify *verify, const void *data,
				     size_t len);

/**
 * smime_verify_content_update:
 * @verify: the operation
 * @data: bytes of the detached content
 * @len: length of @data
 *
 * Supplies the content of a detached signature (not needed for
 * `multipart/signed`, which carries it).
 *
 * Returns: %SMIME_OK or an error code.
 * Since: 0.1
 */
SMIME_PUBLIC int smime_verify_content_update(smime_verify *verify,
					     const void *data, size_t len);

/**
 * smime_verify_finish:
 * @out: (out) (transfer full): the result, set whenever the message could
 *   be parsed, even if a signature failed
 * @verify: the operation
 *
 * Parses the message and checks every signer.
 *
 * Returns: the overall verdict: %SMIME_OK when every signer verified and
 * validated; %SMIME_E_MALFORMED or %SMIME_E_UNSUPPORTED (and no result)
 * when the message cannot be read; otherwise the status of the first
 * failing signer (see smime_signer_result_get_status()).
 * Since: 0.1
 */
SMIME_PUBLIC int smime_verify_finish(smime_verify_result **out,
				     smime_verify *verify);

/**
 * smime_verify_free:
 * @verify: (nullable) (transfer full): the operation
 *
 * Since: 0.1
 */
SMIME_PUBLIC void smime_verify_free(smime_verify *verify);

/**
 * smime_verify_data:
 * @out: (out) (transfer full): the result
 * @options: (nullable): options
 * @data: the signed message
 * @len: length of @data
 * @content: (nullable): detached content
 * @content_len: length of @content
 *
 * Whole-buffer wrapper around the streaming calls.
 *
 * Returns: as smime_verify_finish().
 * Since: 0.1
 */
SMIME_PUBLIC int smime_verify_data(smime_verify_result **out,
				   const smime_verify_options *options,
				   const void *data, size_t len,
				   const void *content, size_t content_len);

/**
 * smime_verify_result_get_status:
 * @result: a result
 *
 * Returns: the overall verdict (see smime_verify_finish()).
 * Since: 0.1
 */
SMIME_PUBLIC int smime_verify_result_get_status(const smime_verify_result *result);

/**
 * smime_verify_result_get_content:
 * @result: a result
 * @len: (out): the length of the content
 *
 * Returns: (transfer none) (nullable): the signed content (for S/MIME, the
 * signed MIME entity in canonical form), or %NULL if there is none.
 * Since: 0.1
 */
SMIME_PUBLIC const unsigned char *
smime_verify_result_get_content(const smime_verify_result *result, size_t *len);

/**
 * smime_verify_result_get_signer_count:
 * @result: a result
 *
 * Returns: the number of SignerInfos in the message.
 * Since: 0.1
 */
SMIME_PUBLIC size_t smime_verify_result_get_signer_count(const smime_verify_result *result);

/**
 * smime_verify_result_get_signer:
 * @result: a result
 * @index: from 0
 *
 * Returns: (transfer none) (nullable): the result for one signer.
 * Since: 0.1
 */
SMIME_PUBLIC const smime_signer_result *
smime_verify_result_get_signer(const smime_verify_result *result, size_t index);

/**
 * smime_verify_result_free:
 * @result: (nullable) (transfer full): a result
 *
 * Since: 0.1
 */
SMIME_PUBLIC void smime_verify_result_free(smime_verify_result *result);

/**
 * smime_signer_result_get_status:
 * @signer: a signer result
 *
 * Returns: %SMIME_OK if the signature verified and (unless
 * %SMIME_VERIFY_NO_CHAIN) the chain validated; otherwise
 * %SMIME_E_BAD_SIGNATURE, %SMIME_E_NO_SIGNER_CERT, %SMIME_E_CERT_INVALID,
 * %SMIME_E_WEAK_ALGORITHM, %SMIME_E_UNSUPPORTED or %SMIME_E_MALFORMED.
 * Since: 0.1
 */
SMIME_PUBLIC int smime_signer_result_get_status(const smime_signer_result *signer);

/**
 * smime_signer_result_get_signature_status:
 * @signer: a signer result
 *
 * Returns: the outcome of the signature check alone.
 * Since: 0.1
 */
SMIME_PUBLIC int smime_signer_result_get_signature_status(const smime_signer_result *signer);

/**
 * smime_signer_result_get_chain_status:
 * @signer: a signer result
 *
 * Returns: the outcome of chain validation alone (%SMIME_OK when it was not
 * requested).
 * Since: 0.1
 */
SMIME_PUBLIC int smime_signer_result_get_chain_status(const smime_signer_result *signer);

/**
 * smime_signer_result_get_chain_status_other:
 * @signer: a signer result
 *
 * Chains are validated at two times: the policy's (now, or the signing
 * time with %SMIME_VERIFY_AT_SIGNING_TIME) decides; the other is reported
 * here for information.
 *
 * Returns: the chain status at the other time, or 1 when it was not
 * checked (no signing-time attribute, or %SMIME_VERIFY_NO_CHAIN).
 * Since: 0.2
 */
SMIME_PUBLIC int smime_signer_result_get_chain_status_other(const smime_signer_result *signer);

/**
 * smime_signer_result_get_chain_detail_other:
 * @signer: a signer result
 *
 * Returns: (transfer none): why the chain failed at the other time, or "".
 * Since: 0.2
 */
SMIME_PUBLIC const char *smime_signer_result_get_chain_detail_other(const smime_signer_result *signer);

/**
 * smime_signer_result_get_detail:
 * @signer: a signer result
 *
 * Returns: (transfer none): a short explanation of a failure (for example
 * "certificate has expired"), or "" on success.
 * Since: 0.1
 */
SMIME_PUBLIC const char *smime_signer_result_get_detail(const smime_signer_result *signer);

/**
 * smime_signer_result_get_cert:
 * @signer: a signer result
 *
 * Returns: (transfer none) (nullable): the signer certificate, if found.
 * Since: 0.1
 */
SMIME_PUBLIC const smime_cert *smime_signer_result_get_cert(const smime_signer_result *signer);

/**
 * smime_signer_result_get_digest_name:
 * @signer: a signer result
 *
 * Returns: (transfer none): the digest algorithm name ("sha256"), or the
 * dotted OID when it is unknown.
 * Since: 0.1
 */
SMIME_PUBLIC const char *smime_signer_result_get_digest_name(const smime_signer_result *signer);

/**
 * smime_signer_result_get_signature_name:
 * @signer: a signer result
 *
 * Returns: (transfer none): the signature algorithm name ("rsaEncryption"), or the
 * dotted OID when it is unknown.
 * Since: 0.1
 */
SMIME_PUBLIC const char *smime_signer_result_get_signature_name(const smime_signer_result *signer);

/**
 * smime_signer_result_get_signing_time:
 * @signer: a signer result
 *
 * Returns: the signing-time attribute in seconds since the epoch, or -1
 * when there is none.
 * Since: 0.1
 */
SMIME_PUBLIC int64_t smime_signer_result_get_signing_time(const smime_signer_result *signer);

/**
 * smime_signer_result_is_weak:
 * @signer: a signer result
 *
 * Returns: 1 if the signer used a legacy algorithm or key size (SHA-1, RSA
 * below 2048 bits), 0 otherwise.
 * Since: 0.1
 */
SMIME_PUBLIC int smime_signer_result_is_weak(const smime_signer_result *signer);

/**
 * smime_signer_result_get_countersigner_count:
 * @signer: a signer result
 *
 * Returns: the number of countersignatures (RFC 5652 §11.4) on this
 * signer's signature. Their results do not change the signer's own.
 * Since: 0.2
 */
SMIME_PUBLIC size_t smime_signer_result_get_countersigner_count(const smime_signer_result *signer);

/**
 * smime_signer_result_get_countersigner:
 * @signer: a signer result
 * @index: from 0
 *
 * Returns: (transfer none) (nullable): the result of one countersignature,
 * with the same accessors as a signer (a countersignature may itself be
 * countersigned).
 * Since: 0.2
 */
SMIME_PUBLIC const smime_signer_result *
smime_signer_result_get_countersigner(const smime_signer_result *signer, size_t index);

/**
 * smime_signer_result_get_encryption_key_preference:
 * @signer: a signer result
 *
 * The certificate the signer asks correspondents to encrypt to: the one
 * its SMIMEEncryptionKeyPreference signed attribute (RFC 8551 §2.5.3)
 * names, or Microsoft's variant of the attribute when that is absent. Only
 * a signer whose signature verified is looked at; the certificate is
 * searched in the message, then in the certificates of the verify
 * options. A repeated or malformed RFC 8551 attribute fails the signer
 * (%SMIME_E_MALFORMED).
 *
 * Returns: (transfer none) (nullable): the certificate, or %NULL when the
 * signer names none or it is not at hand.
 * Since: 0.3
 */
SMIME_PUBLIC const smime_cert *
smime_signer_result_get_encryption_key_preference(const smime_signer_result *signer);

/**
 * smime_signer_result_get_note:
 * @signer: a signer result
 *
 * Returns: (transfer none): what libsmime accepted when reading this
 * signer although RFC 5652 forbids it, for PKCS #7 compatibility (for
 * example "signed attributes explicitly tagged (PKCS#7 leniency)"), or "".
 * Since: 0.3
 */
SMIME_PUBLIC const char *smime_signer_result_get_note(const smime_signer_result *signer);

/**
 * smime_message_get_certs:
 * @out: (out) (transfer full): the certificates the message carries
 * @inform: the input format
 * @data: a signed or certs-only message
 * @len: its length
 *
 * Certificate exchange (RFC 8551 §3.6): the certificates of any SignedData,
 * in message order. Certificates that do not parse are skipped.
 *
 * Returns: %SMIME_OK, %SMIME_E_MALFORMED, or %SMIME_E_UNSUPPORTED for a
 * message that is not a SignedData.
 * Since: 0.2
 */
SMIME_PUBLIC int smime_message_get_certs(smime_certs **out, smime_format inform,
					 const void *data, size_t len);

/**
 * smime_countersign:
 * @out: (out): the message with a countersignature on every signer
 * @outform: DER or PEM (a countersigned S/MIME entity is rewrapped by the
 *   caller)
 * @cert: the countersigner certificate (added to the message)
 * @key: its private key
 * @options: (nullable): how it signs
 * @inform: the input format
 * @data: a SignedData
 * @len: its length
 *
 * Adds a countersignature attribute (RFC 5652 §11.4) signed over each
 * signer's signature value. The signers' signed bytes stay as they were.
 *
 * Only the unsigned attributes of each SignerInfo change: what the signers
 * signed is kept byte for byte. @cert joins the message's certificates
 * when it carries any.
 *
 * Returns: %SMIME_OK or an error code (%SMIME_E_UNSUPPORTED for PKCS #7
 * content of another type than Data).
 * Since: 0.2
 */
SMIME_PUBLIC int smime_countersign(smime_buf *out, smime_format outform, const smime_cert *cert,
				   const smime_key *key, const smime_signer_options *options,
				   smime_format inform, const void *data, size_t len);

/* ------------------------------------------------------------------------ */
/* Encrypt                                                                  */
/* ------------------------------------------------------------------------ */

/**
 * smime_encrypt:
 *
 * An encryption operation that produces an EnvelopedData (CBC ciphers),
 * an AuthEnvelopedData (authenticated ciphers) or, with
 * %SMIME_ENCRYPT_AUTHENTICATE_ONLY, an AuthenticatedData. Opaque.
 */
typedef struct smime_encrypt smime_encrypt;

/**
 * smime_cipher:
 * @SMIME_CIPHER_DEFAULT: the library's default (AES-256-CBC: every S/MIME
 *   client in use decrypts it)
 * @SMIME_CIPHER_AES128_CBC: AES-128-CBC
 * @SMIME_CIPHER_AES192_CBC: AES-192-CBC
 * @SMIME_CIPHER_AES256_CBC: AES-256-CBC
 *
 * Content-encryption algorithms.
 *
 * Since: 0.1
 */
typedef enum {
	SMIME_CIPHER_DEFAULT = 0,
	SMIME_CIPHER_AES128_CBC = 1,
	SMIME_CIPHER_AES192_CBC = 2,
	SMIME_CIPHER_AES256_CBC = 3,
	SMIME_CIPHER_AES128_GCM = 4,
	SMIME_CIPHER_AES192_GCM = 5,
	SMIME_CIPHER_AES256_GCM = 6,
	SMIME_CIPHER_AES128_CCM = 7,
	SMIME_CIPHER_AES192_CCM = 8,
	SMIME_CIPHER_AES256_CCM = 9,
	SMIME_CIPHER_CHACHA20_POLY1305 = 10,
} smime_cipher;

/**
 * smime_cipher_from_name:
 * @name: "aes-128-cbc", "aes-192-cbc", "aes-256-cbc", "aes-128-gcm",
 *   "aes-192-gcm", "aes-256-gcm", "aes-128-ccm", "aes-192-ccm",
 *   "aes-256-ccm" or "chacha20-poly1305"
 * @out: (out): the cipher
 *
 * The authenticated ciphers (GCM, CCM, ChaCha20-Poly1305) make
 * smime_encrypt produce AuthEnvelopedData (RFC 5083) instead of
 * EnvelopedData.
 *
 * Returns: %SMIME_OK or %SMIME_E_INVALID_ARGUMENT for an unknown name.
 * Since: 0.2
 */
SMIME_PUBLIC int smime_cipher_from_name(smime_cipher *out, const char *name);

/**
 * smime_encrypt_options:
 * @struct_version: %SMIME_ENCRYPT_OPTIONS_VERSION
 * @flags: %SMIME_ENCRYPT_AUTHENTICATE_ONLY
 * @cipher: the content-encryption algorithm
 * @outform: the output format (%SMIME_FORMAT_AUTO means DER)
 * @mac_algorithm: (nullable): see %SMIME_ENCRYPT_AUTHENTICATE_ONLY (since
 *   version 2 of the structure)
 *
 * Initialise with %SMIME_ENCRYPT_OPTIONS_INIT.
 *
 * Since: 0.1
 */
typedef struct smime_encrypt_options {
	unsigned int struct_version;
	unsigned int flags;
	smime_cipher cipher;
	smime_format outform;
	const char *mac_algorithm;
} smime_encrypt_options;

/**
 * SMIME_ENCRYPT_AUTHENTICATE_ONLY:
 *
 * Produce AuthenticatedData (RFC 5652 §9): the content stays readable and
 * a MAC (@mac_algorithm: "hmac-sha256", "hmac-sha384" or "hmac-sha512";
 * %NULL means "hmac-sha256") under a fresh key protects it, the key going
 * to the recipients. @cipher is ignored. Since: 0.2
 */
#define SMIME_ENCRYPT_AUTHENTICATE_ONLY (1u << 0)

/* Version 1 had no mac_algorithm; both are accepted. */
#define SMIME_ENCRYPT_OPTIONS_VERSION 2
#define SMIME_ENCRYPT_OPTIONS_INIT { SMIME_ENCRYPT_OPTIONS_VERSION, 0, SMIME_CIPHER_DEFAULT, SMIME_FORMAT_DER, NULL }

/**
 * smime_encrypt_new:
 * @out: (out) (transfer full): the operation
 * @options: (nullable): options; %NULL for the defaults
 *
 * Returns: %SMIME_OK, or %SMIME_E_INVALID_ARGUMENT for bad options.
 * Since: 0.1
 */
SMIME_PUBLIC int smime_encrypt_new(smime_encrypt **out,
				   const smime_encrypt_options *options);

/**
 * smime_encrypt_add_recipient:
 * @enc: the operation
 * @cert: a recipient certificate (copied): RSA (key transport, PKCS#1
 *   v1.5), EC P-256/384/521, X25519 or X448 (key agreement with the
 *   curve's default scheme); see smime_encrypt_add_recipient_full()
 *
 * Errors: %SMIME_E_UNSUPPORTED for a key type this version cannot encrypt
 * to, %SMIME_E_KEY for an unusable key.
 *
 * Returns: %SMIME_OK or an error code.
 * Since: 0.1
 */
SMIME_PUBLIC int smime_encrypt_add_recipient(smime_encrypt *enc,
					     const smime_cert *cert);

/**
 * smime_recipient_options:
 * @struct_version: must be %SMIME_RECIPIENT_OPTIONS_VERSION
 * @flags: %SMIME_RECIPIENT_OAEP, %SMIME_RECIPIENT_SKI
 * @oaep_hash: (nullable): the OAEP and MGF1 hash ("sha1", "sha224",
 *   "sha256", "sha384", "sha512"); %NULL means "sha256"
 * @kdf: (nullable): the key agreement scheme for EC/X25519/X448 keys:
 *   "x963-sha1", "x963-sha224", "x963-sha256", "x963-sha384", "x963-sha512"
 *   (RFC 5753 dhSinglePass-stdDH), "hkdf-sha256", "hkdf-sha384",
 *   "hkdf-sha512" (RFC 8418); %NULL means the curve's default
 *
 * How a certificate recipient is reached. Initialise with
 * %SMIME_RECIPIENT_OPTIONS_INIT.
 *
 * Since: 0.2
 */
typedef struct smime_recipient_options {
	unsigned int struct_version;
	unsigned int flags;
	const char *oaep_hash;
	const char *kdf;
} smime_recipient_options;

/**
 * SMIME_RECIPIENT_OAEP:
 *
 * Use RSAES-OAEP (RFC 3560) instead of RSA PKCS#1 v1.5 key transport.
 */
#define SMIME_RECIPIENT_OAEP (1u << 0)
/**
 * SMIME_RECIPIENT_SKI:
 *
 * Identify the recipient by its SubjectKeyIdentifier rather than by
 * issuer and serial number.
 */
#define SMIME_RECIPIENT_SKI (1u << 1)
#define SMIME_RECIPIENT_OPTIONS_VERSION 1
#define SMIME_RECIPIENT_OPTIONS_INIT { SMIME_RECIPIENT_OPTIONS_VERSION, 0, NULL, NULL }

/**
 * smime_encrypt_add_recipient_full:
 * @enc: the operation
 * @cert: a recipient certificate (copied): RSA (KeyTransRecipientInfo),
 *   EC P-256/384/521, X25519 or X448 (KeyAgreeRecipientInfo)
 * @options: (nullable): how to reach it
 *
 * Returns: %SMIME_OK, %SMIME_E_UNSUPPORTED for a key type or option this
 * library cannot use, %SMIME_E_INVALID_ARGUMENT for a bad option.
 * Since: 0.2
 */
SMIME_PUBLIC int smime_encrypt_add_recipient_full(smime_encrypt *enc, const smime_cert *cert,
						  const smime_recipient_options *options);

/**
 * smime_encrypt_add_password:
 * @enc: the operation
 * @password: the password (copied)
 * @len: its length in bytes
 *
 * Adds a PasswordRecipientInfo (RFC 3211: PBKDF2 with HMAC-SHA-256 and the
 * PWRI-KEK wrap), for a recipient who has no certificate.
 *
 * Returns: %SMIME_OK or an error code.
 * Since: 0.2
 */
SMIME_PUBLIC int smime_encrypt_add_password(smime_encrypt *enc, const void *password,
					    size_t len);

/**
 * smime_encrypt_add_kek:
 * @enc: the operation
 * @kek: a 16-, 24- or 32-byte AES key-encryption key (copied)
 * @kek_len: its length
 * @kek_id: the key identifier the recipient knows it by (copied)
 * @kek_id_len: its length (at least 1)
 *
 * Adds a KEKRecipientInfo (RFC 5652 §6.2.3, AES key wrap).
 *
 * Returns: %SMIME_OK or an error code.
 * Since: 0.2
 */
SMIME_PUBLIC int smime_encrypt_add_kek(smime_encrypt *enc, const void *kek, size_t kek_len,
				       const void *kek_id, size_t kek_id_len);

/**
 * smime_encrypt_update:
 * @enc: the operation
 * @data: content bytes
 * @len: length of @data
 *
 * Feeds content. May be called any number of times before
 * smime_encrypt_finish().
 *
 * Returns: %SMIME_OK, %SMIME_E_STATE after finish, or %SMIME_E_LIMIT.
 * Since: 0.1
 */
SMIME_PUBLIC int smime_encrypt_update(smime_encrypt *enc, const void *data,
				      size_t len);

/**
 * smime_encrypt_finish:
 * @out: (out): the EnvelopedData in the chosen format
 * @enc: the operation
 *
 * Errors: %SMIME_E_STATE when no recipient was added.
 *
 * Returns: %SMIME_OK or an error code.
 * Since: 0.1
 */
SMIME_PUBLIC int smime_encrypt_finish(smime_buf *out, smime_encrypt *enc);

/**
 * smime_encrypt_free:
 * @enc: (nullable) (transfer full): the operation; buffered content is wiped
 *
 * Since: 0.1
 */
SMIME_PUBLIC void smime_encrypt_free(smime_encrypt *enc);

/**
 * smime_encrypt_data:
 * @out: (out): the EnvelopedData
 * @options: (nullable): options
 * @recipients: the recipient certificates
 * @data: the content
 * @len: length of @data
 *
 * Returns: %SMIME_OK or an error code.
 * Since: 0.1
 */
SMIME_PUBLIC int smime_encrypt_data(smime_buf *out,
				    const smime_encrypt_options *options,
				    const smime_certs *recipients,
				    const void *data, size_t len);

/* ------------------------------------------------------------------------ */
/* Decrypt                                                                  */
/* ------------------------------------------------------------------------ */

/**
 * smime_decrypt:
 *
 * A decryption operation for EnvelopedData, AuthEnvelopedData,
 * AuthenticatedData (the MAC is checked, the content returned) and
 * EncryptedData. Opaque.
 */
typedef struct smime_decrypt smime_decrypt;

/**
 * smime_decrypt_options:
 * @struct_version: must be %SMIME_DECRYPT_OPTIONS_VERSION
 * @flags: reserved, 0
 * @inform: the input format
 *
 * Initialise with %SMIME_DECRYPT_OPTIONS_INIT.
 *
 * Since: 0.1
 */
typedef struct smime_decrypt_options {
	unsigned int struct_version;
	unsigned int flags;
	smime_format inform;
} smime_decrypt_options;

/**
 * SMIME_DECRYPT_REQUIRE_AUTH:
 *
 * Refuse content whose integrity nothing protects (EnvelopedData,
 * EncryptedData) with %SMIME_E_NOT_AUTHENTICATED; only AuthEnvelopedData
 * and AuthenticatedData pass.
 */
#define SMIME_DECRYPT_REQUIRE_AUTH (1u << 0)

#define SMIME_DECRYPT_OPTIONS_VERSION 1
#define SMIME_DECRYPT_OPTIONS_INIT { SMIME_DECRYPT_OPTIONS_VERSION, 0, SMIME_FORMAT_AUTO }

/**
 * smime_decrypt_new:
 * @out: (out) (transfer full): the operation
 * @options: (nullable): options; %NULL for the defaults
 *
 * Returns: %SMIME_OK, or %SMIME_E_INVALID_ARGUMENT for bad options.
 * Since: 0.1
 */
SMIME_PUBLIC int smime_decrypt_new(smime_decrypt **out,
				   const smime_decrypt_options *options);

/**
 * smime_decrypt_add_key:
 * @dec: the operation
 * @key: a private key (referenced: it must outlive @dec)
 * @cert: (nullable): its certificate; without it, the key is tried against
 *   every recipient whose key type matches
 *
 * Errors: %SMIME_E_KEY_MISMATCH if @cert is given and is not the
 * certificate of @key.
 *
 * Returns: %SMIME_OK or an error code.
 * Since: 0.1
 */
SMIME_PUBLIC int smime_decrypt_add_key(smime_decrypt *dec, const smime_key *key,
				       const smime_cert *cert);

/**
 * smime_decrypt_update:
 * @dec: the operation
 * @data: bytes of the encrypted message
 * @len: length of @data
 *
 * Returns: %SMIME_OK, %SMIME_E_STATE after finish, or %SMIME_E_LIMIT.
 * Since: 0.1
 */
/**
 * smime_decrypt_add_password:
 * @dec: the operation
 * @password: the password (copied; wiped on free)
 * @len: its length in bytes
 *
 * Returns: %SMIME_OK or an error code.
 * Since: 0.2
 */
SMIME_PUBLIC int smime_decrypt_add_password(smime_decrypt *dec, const void *password,
					    size_t len);

/**
 * smime_decrypt_add_kek:
 * @dec: the operation
 * @kek: a key-encryption key (copied; wiped on free)
 * @kek_len: its length
 * @kek_id: (nullable): its key identifier; %NULL tries it on every
 *   KEKRecipientInfo
 * @kek_id_len: its length
 *
 * Also serves EncryptedData (RFC 5652 §8), whose content-encryption key the
 * caller holds: pass it as @kek with a %NULL @kek_id.
 *
 * Returns: %SMIME_OK or an error code.
 * Since: 0.2
 */
SMIME_PUBLIC int smime_decrypt_add_kek(smime_decrypt *dec, const void *kek, size_t kek_len,
				       const void *kek_id, size_t kek_id_len);

/**
 * smime_decrypt_is_authenticated:
 * @dec: an operation that finished successfully
 *
 * Returns: 1 when the content's integrity was checked (AuthEnvelopedData's
 * tag, AuthenticatedData's MAC), 0 for EnvelopedData and EncryptedData,
 * whose content nothing authenticates.
 * Since: 0.2
 */
SMIME_PUBLIC int smime_decrypt_is_authenticated(const smime_decrypt *dec);

SMIME_PUBLIC int smime_decrypt_update(smime_decrypt *dec, const void *data,
				      size_t len);

/**
 * smime_decrypt_finish:
 * @out: (out): the plaintext content; release it with
 *   smime_buf_free_secret()
 * @dec: the operation
 *
 * Errors: %SMIME_E_NO_RECIPIENT when no recipient matches a key,
 * %SMIME_E_DECRYPT when the matching recipient's key does not decrypt the
 * content (wrong key or corrupted message: the two are deliberately not
 * distinguished), %SMIME_E_MALFORMED, %SMIME_E_UNSUPPORTED.
 *
 * Returns: %SMIME_OK or an error code.
 * Since: 0.1
 */
SMIME_PUBLIC int smime_decrypt_finish(smime_buf *out, smime_decrypt *dec);

/**
 * smime_attr_protection:
 * @SMIME_ATTR_UNPROTECTED: an unprotectedAttrs attribute of EnvelopedData
 *   or EncryptedData: anyone on the way may have changed or added it
 * @SMIME_ATTR_AUTHENTICATED: an authAttrs attribute of AuthEnvelopedData
 *   or AuthenticatedData, covered by the tag or the MAC that was checked
 * @SMIME_ATTR_UNAUTHENTICATED: an unauthAttrs attribute of
 *   AuthEnvelopedData or AuthenticatedData: nothing protects it
 *
 * What protects an attribute reported by smime_decrypt_get_attribute().
 *
 * Since: 0.2
 */
typedef enum {
	SMIME_ATTR_UNPROTECTED = 0,
	SMIME_ATTR_AUTHENTICATED = 1,
	SMIME_ATTR_UNAUTHENTICATED = 2,
} smime_attr_protection;

/**
 * smime_decrypt_get_attribute_count:
 * @dec: an operation whose smime_decrypt_finish() succeeded
 *
 * The attributes a message carries beside its content: unprotectedAttrs
 * (EnvelopedData, EncryptedData), authAttrs and unauthAttrs
 * (AuthEnvelopedData, AuthenticatedData; the content-type and
 * message-digest attributes of AuthenticatedData included). They are
 * kept only when the content decrypted and every check (padding, tag,
 * MAC) passed. A message with more than 256 attributes is refused by
 * smime_decrypt_finish() with %SMIME_E_LIMIT.
 *
 * Returns: the number of attributes; 0 for %NULL, before the operation
 * finished, or after it failed.
 * Since: 0.2
 */
SMIME_PUBLIC size_t smime_decrypt_get_attribute_count(const smime_decrypt *dec);

/**
 * smime_decrypt_get_attribute:
 * @dec: an operation whose smime_decrypt_finish() succeeded
 * @index: from 0 to smime_decrypt_get_attribute_count() - 1, in the order
 *   of the message (authAttrs before unauthAttrs)
 * @oid: (out) (optional) (transfer none): the attribute type, dotted
 * @name: (out) (optional) (transfer none): its readable name
 *   ("contentType", "signingTime", ...), or the dotted OID when libsmime
 *   does not know it
 * @protection: (out) (optional): an #smime_attr_protection
 * @values_der: (out) (optional) (transfer none): the DER of the
 *   attribute's whole SET OF AttributeValue (tag 0x31), the bytes of the
 *   message
 * @values_len: (out) (optional): the length of @values_der
 *
 * The returned pointers are borrowed from @dec and stay valid until
 * smime_decrypt_free(). Any output may be %NULL.
 *
 * Returns: %SMIME_OK; %SMIME_E_STATE when smime_decrypt_finish() has not
 * succeeded; %SMIME_E_INVALID_ARGUMENT for a %NULL @dec or an @index out
 * of range.
 * Since: 0.2
 */
SMIME_PUBLIC int smime_decrypt_get_attribute(const smime_decrypt *dec, size_t index,
					     const char **oid, const char **name,
					     int *protection, const unsigned char **values_der,
					     size_t *values_len);

/**
 * smime_decrypt_free:
 * @dec: (nullable) (transfer full): the operation
 *
 * Since: 0.1
 */
SMIME_PUBLIC void smime_decrypt_free(smime_decrypt *dec);

/**
 * smime_decrypt_data:
 * @out: (out): the plaintext
 * @options: (nullable): options
 * @key: the private key
 * @cert: (nullable): its certificate
 * @data: the EnvelopedData message
 * @len: length of @data
 *
 * Returns: as smime_decrypt_finish().
 * Since: 0.1
 */
SMIME_PUBLIC int smime_decrypt_data(smime_buf *out,
				    const smime_decrypt_options *options,
				    const smime_key *key, const smime_cert *cert,
				    const void *data, size_t len);

/* ------------------------------------------------------------------------ */
/* Other content types                                                      */
/* ------------------------------------------------------------------------ */

/**
 * smime_encrypted_data_create:
 * @out: (out): an EncryptedData (RFC 5652 §8) in @outform
 * @outform: the output format
 * @cipher: a CBC cipher (EncryptedData has no authenticated variant)
 * @key: the content-encryption key, of the cipher's key size
 * @key_len: its length
 * @data: the content
 * @len: its length
 *
 * The caller manages @key; smime_decrypt_add_kek() with a %NULL key
 * identifier opens the result.
 *
 * Returns: %SMIME_OK, or %SMIME_E_INVALID_ARGUMENT for a key of the wrong
 * length or an authenticated cipher.
 * Since: 0.2
 */
SMIME_PUBLIC int smime_encrypted_data_create(smime_buf *out, smime_format outform,
					     smime_cipher cipher, const void *key, size_t key_len,
					     const void *data, size_t len);

/**
 * smime_digested_data_create:
 * @out: (out): a DigestedData (RFC 5652 §7) in @outform
 * @outform: the output format
 * @digest: (nullable): "sha256" (the default), "sha384" or "sha512"
 * @data: the content
 * @len: its length
 *
 * Returns: %SMIME_OK or an error code.
 * Since: 0.2
 */
SMIME_PUBLIC int smime_digested_data_create(smime_buf *out, smime_format outform,
					    const char *digest, const void *data, size_t len);

/**
 * smime_compressed_data_create:
 * @out: (out): a CompressedData (RFC 3274, zlib) in @outform
 *   (%SMIME_FORMAT_SMIME gives smime-type=compressed-data)
 * @outform: the output format
 * @data: the content
 * @len: its length
 *
 * Returns: %SMIME_OK or an error code.
 * Since: 0.2
 */
SMIME_PUBLIC int smime_compressed_data_create(smime_buf *out, smime_format outform,
					      const void *data, size_t len);

/**
 * SMIME_MAX_DECOMPRESSED_DEFAULT:
 *
 * The default cap on decompressed content: 256 MiB.
 */
#define SMIME_MAX_DECOMPRESSED_DEFAULT ((size_t)256 << 20)

/**
 * smime_open:
 * @out: (out): the content
 * @inform: the input format
 * @data: a Data, DigestedData or CompressedData object
 * @len: its length
 * @max_output: the cap on the content size (0: the default
 *   %SMIME_MAX_DECOMPRESSED_DEFAULT); a larger result is refused with
 *   %SMIME_E_LIMIT, so a decompression bomb cannot exhaust memory
 *
 * Opens the content types that need no key: Data (the bytes), DigestedData
 * (the digest is checked: %SMIME_E_BAD_SIGNATURE on mismatch) and
 * CompressedData (decompressed).
 *
 * Returns: %SMIME_OK or an error code.
 * Since: 0.2
 */
SMIME_PUBLIC int smime_open(smime_buf *out, smime_format inform, const void *data,
			    size_t len, size_t max_output);

/* ------------------------------------------------------------------------ */
/* Inspect                                                                  */
/* ------------------------------------------------------------------------ */

/**
 * smime_inspect:
 * @out: (out): a readable, indented description of the object,
 *   NUL-terminated
 * @inform: the input format
 * @data: a CMS object or S/MIME message
 * @len: length of @data
 *
 * Describes content types, signers (identifier, algorithms, attributes),
 * recipients (identifier, algorithms) and certificates of any CMS object.
 *
 * Returns: %SMIME_OK, %SMIME_E_MALFORMED or %SMIME_E_UNSUPPORTED.
 * Since: 0.1
 */
SMIME_PUBLIC int smime_inspect(smime_buf *out, smime_format inform,
			       const void *data, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* SMIME_H */
