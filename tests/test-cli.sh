#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# test-cli.sh: behaviour of the smime command-line tool, as TAP.
#
# Environment (set by tests/meson.build):
#   SMIME_CLI        the smime executable to test
#   SMIME_TEST_DATA  the tests/data directory (uses pki/)
#
# Checks the exit-status contract (0 ok, 1 rejected, 2 usage or unreadable
# file, 3 malformed input), that no output file is created or changed on
# failure, and round trips through the tool.
set -u

. "$(dirname "$0")/lib/tap.sh"

SMIME=${SMIME_CLI:?SMIME_CLI must name the smime executable}
DATA=${SMIME_TEST_DATA:?SMIME_TEST_DATA must name tests/data}
PKI="$DATA/pki"

tap_tmpdir test-cli

# Same text, CR aside (S/MIME content comes back in canonical CRLF form).
same_text() {
	tr -d '\r' <"$1" >"$tmp/.a" && tr -d '\r' <"$2" >"$tmp/.b" &&
		cmp -s "$tmp/.a" "$tmp/.b"
}

# No leftover temporary output files next to $1.
no_temp_files() {
	set -- "$1".??????
	[ ! -e "$1" ]
}

# --- test inputs ------------------------------------------------------------

printf 'Content-Type: text/plain; charset=utf-8\n\nHello from the libsmime CLI test.\nSecond line.\n' >"$tmp/msg.mime"
printf 'this is not a CMS object, nor a MIME entity\000\377\001' >"$tmp/garbage"
: >"$tmp/empty"
printf 'Content-Type: application/pkcs7-mime; smime-type=enveloped-data\n\nnot*base64*at*all\n' >"$tmp/garbage.mime"
printf -- '-----BEGIN CMS-----\nMIIBADCB\n-----END CMS-----\n' >"$tmp/garbage.pem"
printf 'keep me\n' >"$tmp/existing"

# --- usage and help -----------------------------------------------------------

run "$SMIME"
expect 2 "no arguments is a usage error"

run "$SMIME" frobnicate
expect 2 "unknown command is a usage error"

run "$SMIME" --frobnicate
expect 2 "unknown global option is a usage error"

for cmd in sign verify encrypt decrypt inspect; do
	run "$SMIME" "$cmd" --no-such-option
	expect 2 "$cmd: unknown option is a usage error"
done

run "$SMIME" sign -c "$PKI/alice.crt" "$tmp/msg.mime"
expect 2 "sign: missing -k is a usage error"

run "$SMIME" sign -k "$PKI/alice.key" "$tmp/msg.mime"
expect 2 "sign: missing -c is a usage error"

run "$SMIME" decrypt "$tmp/garbage"
expect 2 "decrypt: missing -k is a usage error"

run "$SMIME" encrypt "$tmp/msg.mime"
expect 2 "encrypt: missing -r is a usage error"

run "$SMIME" sign -k "$PKI/alice.key" -c "$PKI/alice.crt" --outform xml "$tmp/msg.mime"
expect 2 "sign: bad --outform value is a usage error"

run "$SMIME" encrypt -r "$PKI/bob.crt" --cipher des-cbc "$tmp/msg.mime"
expect 2 "encrypt: unknown cipher is a usage error"

run "$SMIME" inspect "$tmp/msg.mime" "$tmp/garbage"
expect 2 "inspect: two inputs is a usage error"

run "$SMIME" sign -k
expect 2 "sign: -k without its argument is a usage error"

run "$SMIME" --help
if [ "$status" -eq 0 ] && grep -q '^Usage: smime' "$tmp/stdout"; then
	ok "--help prints the usage and exits 0"
else
	not_ok "--help prints the usage and exits 0" "status $status"
fi

for cmd in sign verify encrypt decrypt inspect; do
	run "$SMIME" "$cmd" --help
	if [ "$status" -eq 0 ] && grep -q "^Usage: smime $cmd" "$tmp/stdout"; then
		ok "$cmd --help exits 0"
	else
		not_ok "$cmd --help exits 0" "status $status"
	fi
done

run "$SMIME" help verify
if [ "$status" -eq 0 ] && grep -q '^Usage: smime verify' "$tmp/stdout"; then
	ok "help COMMAND prints the help of COMMAND"
else
	not_ok "help COMMAND prints the help of COMMAND" "status $status"
fi

run "$SMIME" --version
if [ "$status" -eq 0 ] && grep -q '^smime (libsmime) [0-9]' "$tmp/stdout"; then
	ok "--version prints the version"
else
	not_ok "--version prints the version" "status $status"
fi

# --- unreadable files: 2 ------------------------------------------------------

run "$SMIME" inspect "$tmp/does-not-exist"
expect 2 "inspect: unreadable input exits 2"

run "$SMIME" verify --no-chain "$tmp/does-not-exist"
expect 2 "verify: unreadable input exits 2"

run "$SMIME" sign -k "$PKI/alice.key" -c "$PKI/alice.crt" "$tmp/does-not-exist"
expect 2 "sign: unreadable input exits 2"

run "$SMIME" sign -k "$tmp/does-not-exist" -c "$PKI/alice.crt" "$tmp/msg.mime"
expect 2 "sign: unreadable key exits 2"

run "$SMIME" sign -k "$PKI/alice.key" -c "$tmp/garbage" "$tmp/msg.mime"
expect 2 "sign: certificate file without a certificate exits 2"

run "$SMIME" encrypt -r "$tmp/does-not-exist" "$tmp/msg.mime"
expect 2 "encrypt: unreadable recipient certificate exits 2"

run "$SMIME" verify --ca "$tmp/does-not-exist" "$tmp/garbage"
expect 2 "verify: unreadable --ca file exits 2"

run "$SMIME" sign -k "$PKI/alice-enc.pem" -c "$PKI/alice.crt" "$tmp/msg.mime"
expect 2 "sign: encrypted key without --pass-file exits 2"

printf 'not the password\n' >"$tmp/wrong.pass"
run "$SMIME" sign -k "$PKI/alice-enc.pem" -c "$PKI/alice.crt" --pass-file "$tmp/wrong.pass" "$tmp/msg.mime"
expect 2 "sign: wrong password exits 2"

# --- malformed input: 3 -------------------------------------------------------

for f in garbage empty garbage.mime garbage.pem; do
	run "$SMIME" inspect "$tmp/$f"
	expect 3 "inspect: malformed input ($f) exits 3"
	run "$SMIME" verify --no-chain "$tmp/$f"
	expect 3 "verify: malformed input ($f) exits 3"
	run "$SMIME" decrypt -k "$PKI/bob.key" "$tmp/$f"
	expect 3 "decrypt: malformed input ($f) exits 3"
done

run_in "$tmp/garbage" "$SMIME" inspect -
expect 3 "inspect: malformed standard input exits 3"

# --- no output on failure -----------------------------------------------------

run "$SMIME" decrypt -k "$PKI/bob.key" -o "$tmp/existing" "$tmp/garbage"
if [ "$status" -eq 3 ] && [ "$(cat "$tmp/existing")" = "keep me" ] &&
	no_temp_files "$tmp/existing"; then
	ok "decrypt: an existing -o file is left untouched on failure"
else
	not_ok "decrypt: an existing -o file is left untouched on failure" "status $status"
fi

run "$SMIME" decrypt -k "$PKI/bob.key" -o "$tmp/new-out" "$tmp/garbage"
if [ "$status" -eq 3 ] && [ ! -e "$tmp/new-out" ] && no_temp_files "$tmp/new-out"; then
	ok "decrypt: no -o file is created on failure"
else
	not_ok "decrypt: no -o file is created on failure" "status $status"
fi

run "$SMIME" verify --no-chain -o "$tmp/existing" "$tmp/garbage"
if [ "$status" -eq 3 ] && [ "$(cat "$tmp/existing")" = "keep me" ]; then
	ok "verify: an existing -o file is left untouched on failure"
else
	not_ok "verify: an existing -o file is left untouched on failure" "status $status"
fi

run "$SMIME" sign -k "$tmp/does-not-exist" -c "$PKI/alice.crt" -o "$tmp/new-out" "$tmp/msg.mime"
if [ "$status" -eq 2 ] && [ ! -e "$tmp/new-out" ]; then
	ok "sign: no -o file is created when the key cannot be read"
else
	not_ok "sign: no -o file is created when the key cannot be read" "status $status"
fi

run "$SMIME" decrypt -k "$PKI/bob.key" "$tmp/garbage"
if [ "$status" -eq 3 ] && [ ! -s "$tmp/stdout" ]; then
	ok "decrypt: nothing on standard output on failure"
else
	not_ok "decrypt: nothing on standard output on failure" "status $status"
fi

# --- sign and verify ----------------------------------------------------------

run "$SMIME" sign -k "$PKI/alice.key" -c "$PKI/alice.crt" --chain "$PKI/chain.pem" \
	-o "$tmp/signed.p7m" "$tmp/msg.mime"
if [ "$status" -eq 0 ] && [ -s "$tmp/signed.p7m" ]; then
	ok "sign: opaque S/MIME signature"
else
	not_ok "sign: opaque S/MIME signature" "status $status"
fi

run "$SMIME" verify --ca "$PKI/ca.crt" -o "$tmp/verified" "$tmp/signed.p7m"
if [ "$status" -eq 0 ] && grep -q '^Verification successful' "$tmp/stderr" &&
	grep -q '^signer 1: OK' "$tmp/stderr" && same_text "$tmp/verified" "$tmp/msg.mime"; then
	ok "verify: opaque signature verifies and -o gets the content"
else
	not_ok "verify: opaque signature verifies and -o gets the content" "status $status"
fi

run "$SMIME" verify --ca "$PKI/ca.crt" "$tmp/signed.p7m"
if [ "$status" -eq 0 ] && [ ! -s "$tmp/stdout" ]; then
	ok "verify: without -o nothing is written to standard output"
else
	not_ok "verify: without -o nothing is written to standard output" "status $status"
fi

run "$SMIME" verify --ca "$PKI/ca.crt" -o - "$tmp/signed.p7m"
if [ "$status" -eq 0 ] && same_text "$tmp/stdout" "$tmp/msg.mime"; then
	ok "verify: -o - writes the content to standard output"
else
	not_ok "verify: -o - writes the content to standard output" "status $status"
fi

run_in "$tmp/signed.p7m" "$SMIME" verify --ca "$PKI/ca.crt"
expect 0 "verify: reads standard input"

run "$SMIME" verify --ca "$PKI/rogue-ca.crt" "$tmp/signed.p7m"
if [ "$status" -eq 1 ] && grep -q '^Verification failed' "$tmp/stderr" &&
	grep -q '^signer 1: signature OK, chain INVALID' "$tmp/stderr"; then
	ok "verify: untrusted chain exits 1 and is reported"
else
	not_ok "verify: untrusted chain exits 1 and is reported" "status $status"
fi

run "$SMIME" verify --no-chain "$tmp/signed.p7m"
expect 0 "verify: --no-chain checks the signature only"

run "$SMIME" sign -k "$PKI/alice.key" -c "$PKI/alice.crt" --chain "$PKI/chain.pem" \
	--detached -o "$tmp/signed.eml" "$tmp/msg.mime"
if [ "$status" -eq 0 ] && grep -qi 'multipart/signed' "$tmp/signed.eml"; then
	ok "sign: --detached gives multipart/signed"
else
	not_ok "sign: --detached gives multipart/signed" "status $status"
fi

run "$SMIME" verify --ca "$PKI/ca.crt" "$tmp/signed.eml"
expect 0 "verify: multipart/signed verifies"

sed 's/Hello from/Jello from/' "$tmp/signed.eml" >"$tmp/tampered.eml"
run "$SMIME" verify --ca "$PKI/ca.crt" -o "$tmp/tampered-out" "$tmp/tampered.eml"
if [ "$status" -eq 1 ] && grep -q '^signer 1: FAILED' "$tmp/stderr" &&
	[ ! -e "$tmp/tampered-out" ]; then
	ok "verify: tampered content exits 1 and writes nothing"
else
	not_ok "verify: tampered content exits 1 and writes nothing" "status $status"
fi

run "$SMIME" sign -k "$PKI/alice.key" -c "$PKI/alice.crt" --detached --outform der \
	-o "$tmp/detached.der" "$tmp/msg.mime"
expect 0 "sign: detached DER signature"

run "$SMIME" verify --ca "$PKI/ca.crt" --cert "$PKI/chain.pem" --inform der \
	--content "$tmp/msg.mime" "$tmp/detached.der"
expect 0 "verify: detached DER with --content and --cert"

run "$SMIME" sign -k "$PKI/alice-enc.pem" -c "$PKI/alice.crt" --pass-file "$PKI/alice.pass" \
	--outform pem -o "$tmp/signed.pem" "$tmp/msg.mime"
if [ "$status" -eq 0 ] && grep -q -- '-----BEGIN' "$tmp/signed.pem"; then
	ok "sign: encrypted key with --pass-file, PEM output"
else
	not_ok "sign: encrypted key with --pass-file, PEM output" "status $status"
fi

run "$SMIME" inspect "$tmp/signed.pem"
if [ "$status" -eq 0 ] && [ -s "$tmp/stdout" ]; then
	ok "inspect: describes a signed message"
else
	not_ok "inspect: describes a signed message" "status $status"
fi

# Truncated: the first half of a DER SignedData.
run "$SMIME" sign -k "$PKI/alice.key" -c "$PKI/alice.crt" --outform der \
	-o "$tmp/signed.der" "$tmp/msg.mime"
size=$(wc -c <"$tmp/signed.der")
head -c $((size / 2)) "$tmp/signed.der" >"$tmp/truncated.der"
run "$SMIME" verify --no-chain "$tmp/truncated.der"
expect 3 "verify: truncated message exits 3"

# --- encrypt and decrypt ------------------------------------------------------

run "$SMIME" encrypt -r "$PKI/bob.crt" -o "$tmp/enc.p7m" "$tmp/msg.mime"
if [ "$status" -eq 0 ] && [ -s "$tmp/enc.p7m" ]; then
	ok "encrypt: to bob"
else
	not_ok "encrypt: to bob" "status $status"
fi

run "$SMIME" decrypt -k "$PKI/bob.key" -c "$PKI/bob.crt" -o "$tmp/dec" "$tmp/enc.p7m"
if [ "$status" -eq 0 ] && same_text "$tmp/dec" "$tmp/msg.mime"; then
	ok "decrypt: bob gets the plaintext back"
else
	not_ok "decrypt: bob gets the plaintext back" "status $status"
fi

run "$SMIME" decrypt -k "$PKI/bob.key" "$tmp/enc.p7m"
if [ "$status" -eq 0 ] && same_text "$tmp/stdout" "$tmp/msg.mime"; then
	ok "decrypt: without -c, to standard output"
else
	not_ok "decrypt: without -c, to standard output" "status $status"
fi

cp "$tmp/existing" "$tmp/existing.orig"
run "$SMIME" decrypt -k "$PKI/alice.key" -o "$tmp/existing" "$tmp/enc.p7m"
if [ "$status" -eq 1 ] && cmp -s "$tmp/existing" "$tmp/existing.orig" &&
	no_temp_files "$tmp/existing"; then
	ok "decrypt: the wrong key exits 1 and leaves -o untouched"
else
	not_ok "decrypt: the wrong key exits 1 and leaves -o untouched" "status $status"
fi

run "$SMIME" decrypt -k "$PKI/bob.key" -c "$PKI/alice.crt" "$tmp/enc.p7m"
expect 2 "decrypt: key and certificate that do not match exit 2"

run "$SMIME" encrypt -r "$PKI/bob.crt" -r "$PKI/alice.crt" --cipher aes-128-cbc \
	--outform der -o "$tmp/enc.der" "$tmp/msg.mime"
expect 0 "encrypt: two recipients, AES-128, DER"

run "$SMIME" decrypt -k "$PKI/alice.key" --inform der -o "$tmp/dec2" "$tmp/enc.der"
if [ "$status" -eq 0 ] && same_text "$tmp/dec2" "$tmp/msg.mime"; then
	ok "decrypt: the second recipient decrypts too"
else
	not_ok "decrypt: the second recipient decrypts too" "status $status"
fi

size=$(wc -c <"$tmp/enc.der")
head -c $((size / 2)) "$tmp/enc.der" >"$tmp/truncated-enc.der"
run "$SMIME" decrypt -k "$PKI/bob.key" -o "$tmp/new-out" "$tmp/truncated-enc.der"
if [ "$status" -eq 3 ] && [ ! -e "$tmp/new-out" ]; then
	ok "decrypt: truncated message exits 3 and writes nothing"
else
	not_ok "decrypt: truncated message exits 3 and writes nothing" "status $status"
fi

run "$SMIME" encrypt -r "$PKI/bob.crt" -o "$tmp/existing" "$tmp/msg.mime"
if [ "$status" -eq 0 ] && ! cmp -s "$tmp/existing" "$tmp/existing.orig" &&
	no_temp_files "$tmp/existing"; then
	ok "encrypt: -o replaces an existing file on success"
else
	not_ok "encrypt: -o replaces an existing file on success" "status $status"
fi

# --- issue 4: every recipient kind and content type ---------------------------

# note_printed: the unauthenticated-content note is on standard error.
note_printed() {
	grep -q '^note: the content is not authenticated' "$tmp/stderr"
}

printf '00 01 02 03 04 05 06 07\n08 09 0a 0b 0c 0d 0e 0F\n' >"$tmp/kek.hex"
printf '000102030405060708090a0b0c0d0e0f000102030405060708090a0b0c0d0e0f\n' >"$tmp/cek.hex"
printf '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n' >"$tmp/cek-wrong.hex"
printf '0011223\n' >"$tmp/odd.hex"
printf '00112g33\n' >"$tmp/nonhex.hex"
printf '00112233445566778899\n' >"$tmp/short.hex"
printf 'open sesame\n' >"$tmp/pw"
printf 'close sesame\n' >"$tmp/pw-wrong"

for cmd in authenticate digest compress open; do
	run "$SMIME" "$cmd" --no-such-option
	expect 2 "$cmd: unknown option is a usage error"
	run "$SMIME" "$cmd" --help
	if [ "$status" -eq 0 ] && grep -q "^Usage: smime $cmd" "$tmp/stdout"; then
		ok "$cmd --help exits 0"
	else
		not_ok "$cmd --help exits 0" "status $status"
	fi
done

run "$SMIME" encrypt -r "$PKI/bob.crt" --oaep-hash sha256 "$tmp/msg.mime"
expect 2 "encrypt: --oaep-hash without --oaep is a usage error"
run "$SMIME" encrypt -r "$PKI/bob.crt" --oaep --oaep-hash md5 "$tmp/msg.mime"
expect 2 "encrypt: unknown --oaep-hash is a usage error"
run "$SMIME" encrypt -r "$PKI/ec-p256.crt" --kdf x963-md5 "$tmp/msg.mime"
expect 2 "encrypt: unknown --kdf is a usage error"
run "$SMIME" encrypt --kek-file "$tmp/kek.hex" "$tmp/msg.mime"
expect 2 "encrypt: --kek-file without --kek-id is a usage error"
run "$SMIME" encrypt --kek-id 0102 --kek-file "$tmp/kek.hex" "$tmp/msg.mime"
expect 2 "encrypt: --kek-id before its --kek-file is a usage error"
run "$SMIME" encrypt --kek-file "$tmp/kek.hex" --kek-id 012 "$tmp/msg.mime"
expect 2 "encrypt: odd-length --kek-id exits 2"
run "$SMIME" encrypt --kek-file "$tmp/kek.hex" --kek-id 01zz "$tmp/msg.mime"
expect 2 "encrypt: non-hex --kek-id exits 2"
for f in odd nonhex short; do
	run "$SMIME" encrypt --kek-file "$tmp/$f.hex" --kek-id 01 -o "$tmp/new-out" "$tmp/msg.mime"
	if [ "$status" -eq 2 ] && [ ! -e "$tmp/new-out" ]; then
		ok "encrypt: bad KEK file ($f) exits 2 and writes nothing"
	else
		not_ok "encrypt: bad KEK file ($f) exits 2 and writes nothing" "status $status"
	fi
done
run "$SMIME" encrypt --kek-file "$tmp/does-not-exist" --kek-id 01 "$tmp/msg.mime"
expect 2 "encrypt: unreadable KEK file exits 2"
run "$SMIME" encrypt --password-file "$tmp/does-not-exist" "$tmp/msg.mime"
expect 2 "encrypt: unreadable password file exits 2"
run "$SMIME" encrypt --cek-file "$tmp/cek.hex" -r "$PKI/bob.crt" "$tmp/msg.mime"
expect 2 "encrypt: --cek-file with recipients is a usage error"
run "$SMIME" encrypt --cek-file "$tmp/cek.hex" --cipher aes-256-gcm "$tmp/msg.mime"
expect 2 "encrypt: --cek-file with an AEAD cipher is a usage error"
run "$SMIME" encrypt --cek-file "$tmp/cek.hex" --cipher aes-128-cbc "$tmp/msg.mime"
expect 2 "encrypt: --cek-file of the wrong size for the cipher exits 2"
run "$SMIME" encrypt --cek-file "$tmp/odd.hex" "$tmp/msg.mime"
expect 2 "encrypt: odd-length --cek-file exits 2"
run "$SMIME" encrypt -r "$PKI/ed25519.crt" -o "$tmp/new-out" "$tmp/msg.mime"
if [ "$status" -eq 2 ] && [ ! -e "$tmp/new-out" ]; then
	ok "encrypt: an Ed25519 recipient exits 2"
else
	not_ok "encrypt: an Ed25519 recipient exits 2" "status $status"
fi
run "$SMIME" encrypt --oaep --password-file "$tmp/pw" "$tmp/msg.mime"
expect 2 "encrypt: --oaep without -r is a usage error"
run "$SMIME" decrypt -c "$PKI/bob.crt" -k "$PKI/bob.key" "$tmp/garbage"
expect 2 "decrypt: -c before its -k is a usage error"
run "$SMIME" decrypt --kek-id 01 "$tmp/garbage"
expect 2 "decrypt: --kek-id without --kek-file is a usage error"
run "$SMIME" decrypt --kek-file "$tmp/kek.hex" --kek-id xy "$tmp/garbage"
expect 2 "decrypt: non-hex --kek-id exits 2"
run "$SMIME" decrypt --cek-file "$tmp/nonhex.hex" "$tmp/garbage"
expect 2 "decrypt: non-hex --cek-file exits 2"
run "$SMIME" decrypt --kek-file "$tmp/short.hex" "$tmp/garbage"
expect 2 "decrypt: a KEK of no AES size exits 2"
run "$SMIME" authenticate "$tmp/msg.mime"
expect 2 "authenticate: missing recipients is a usage error"
run "$SMIME" authenticate -r "$PKI/bob.crt" --mac hmac-md5 "$tmp/msg.mime"
expect 2 "authenticate: unknown --mac is a usage error"
run "$SMIME" digest --digest md5 "$tmp/msg.mime"
expect 2 "digest: unknown --digest is a usage error"
for v in abc 0 -5 12k ''; do
	run "$SMIME" open --max-size "$v" "$tmp/garbage"
	expect 2 "open: --max-size '$v' is a usage error"
done
run "$SMIME" open "$tmp/does-not-exist"
expect 2 "open: unreadable input exits 2"
run "$SMIME" open "$tmp/garbage"
expect 3 "open: malformed input exits 3"

# Every cipher, RSA v1.5 key transport.
for cipher in aes-128-cbc aes-192-cbc aes-256-cbc aes-128-gcm aes-192-gcm aes-256-gcm \
	aes-128-ccm aes-192-ccm aes-256-ccm chacha20-poly1305; do
	run "$SMIME" encrypt -r "$PKI/bob.crt" --cipher "$cipher" -o "$tmp/c.p7m" "$tmp/msg.mime"
	expect 0 "encrypt: --cipher $cipher"
	case $cipher in
	*cbc) type=enveloped-data ;;
	*) type=authEnveloped-data ;;
	esac
	if grep -q "smime-type=$type" "$tmp/c.p7m"; then
		ok "encrypt: --cipher $cipher gives smime-type=$type"
	else
		not_ok "encrypt: --cipher $cipher gives smime-type=$type"
	fi
	run "$SMIME" decrypt -k "$PKI/bob.key" -o "$tmp/c.out" "$tmp/c.p7m"
	if [ "$status" -eq 0 ] && same_text "$tmp/c.out" "$tmp/msg.mime"; then
		ok "decrypt: --cipher $cipher round trip"
	else
		not_ok "decrypt: --cipher $cipher round trip" "status $status"
	fi
	case $cipher in
	*cbc)
		if note_printed; then
			ok "decrypt: $cipher content gets the unauthenticated note"
		else
			not_ok "decrypt: $cipher content gets the unauthenticated note"
		fi ;;
	*)
		if ! note_printed; then
			ok "decrypt: $cipher content gets no note"
		else
			not_ok "decrypt: $cipher content gets no note"
		fi ;;
	esac
done

# --require-auth
run "$SMIME" encrypt -r "$PKI/bob.crt" --outform der -o "$tmp/env.der" "$tmp/msg.mime"
expect 0 "encrypt: default cipher, DER"
run "$SMIME" decrypt -k "$PKI/bob.key" --require-auth -o "$tmp/new-out" "$tmp/env.der"
if [ "$status" -eq 1 ] && [ ! -e "$tmp/new-out" ] && no_temp_files "$tmp/new-out"; then
	ok "decrypt: --require-auth refuses EnvelopedData with exit 1, writes nothing"
else
	not_ok "decrypt: --require-auth refuses EnvelopedData with exit 1, writes nothing" "status $status"
fi
run "$SMIME" decrypt -k "$PKI/bob.key" --require-auth "$tmp/c.p7m"
if [ "$status" -eq 0 ] && same_text "$tmp/stdout" "$tmp/msg.mime"; then
	ok "decrypt: --require-auth accepts AuthEnvelopedData"
else
	not_ok "decrypt: --require-auth accepts AuthEnvelopedData" "status $status"
fi

# OAEP, key agreement, SKI
run "$SMIME" encrypt -r "$PKI/bob.crt" --oaep --oaep-hash sha384 --ski -o "$tmp/oaep.p7m" "$tmp/msg.mime"
expect 0 "encrypt: --oaep --oaep-hash sha384 --ski"
run "$SMIME" decrypt -k "$PKI/bob.key" -c "$PKI/bob.crt" -o "$tmp/oaep.out" "$tmp/oaep.p7m"
if [ "$status" -eq 0 ] && same_text "$tmp/oaep.out" "$tmp/msg.mime"; then
	ok "decrypt: OAEP round trip"
else
	not_ok "decrypt: OAEP round trip" "status $status"
fi
for kdf in x963-sha1 x963-sha256 x963-sha512; do
	run "$SMIME" encrypt -r "$PKI/ec-p256.crt" --kdf "$kdf" --cipher aes-128-gcm -o "$tmp/ec.p7m" "$tmp/msg.mime"
	expect 0 "encrypt: EC P-256 recipient, --kdf $kdf"
	run "$SMIME" decrypt -k "$PKI/ec-p256.key" -o "$tmp/ec.out" "$tmp/ec.p7m"
	if [ "$status" -eq 0 ] && same_text "$tmp/ec.out" "$tmp/msg.mime"; then
		ok "decrypt: EC P-256 round trip ($kdf)"
	else
		not_ok "decrypt: EC P-256 round trip ($kdf)" "status $status"
	fi
done
run "$SMIME" encrypt -r "$PKI/ec-p256.crt" --kdf hkdf-sha256 "$tmp/msg.mime"
expect 2 "encrypt: HKDF with a P-256 recipient exits 2"

# Password and KEK recipients
run "$SMIME" encrypt --password-file "$tmp/pw" -o "$tmp/pw.p7m" "$tmp/msg.mime"
expect 0 "encrypt: --password-file"
run "$SMIME" decrypt --password-file "$tmp/pw" -o "$tmp/pw.out" "$tmp/pw.p7m"
if [ "$status" -eq 0 ] && same_text "$tmp/pw.out" "$tmp/msg.mime"; then
	ok "decrypt: --password-file round trip"
else
	not_ok "decrypt: --password-file round trip" "status $status"
fi
run "$SMIME" decrypt --password-file "$tmp/pw-wrong" -o "$tmp/new-out" "$tmp/pw.p7m"
if [ "$status" -eq 1 ] && [ ! -e "$tmp/new-out" ]; then
	ok "decrypt: the wrong password exits 1 and writes nothing"
else
	not_ok "decrypt: the wrong password exits 1 and writes nothing" "status $status"
fi
run "$SMIME" encrypt --kek-file "$tmp/kek.hex" --kek-id 'c0 ff ee' -o "$tmp/kek.p7m" "$tmp/msg.mime"
expect 0 "encrypt: --kek-file --kek-id"
run "$SMIME" decrypt --kek-file "$tmp/kek.hex" --kek-id C0FFEE -o "$tmp/kek.out" "$tmp/kek.p7m"
if [ "$status" -eq 0 ] && same_text "$tmp/kek.out" "$tmp/msg.mime"; then
	ok "decrypt: --kek-file --kek-id round trip"
else
	not_ok "decrypt: --kek-file --kek-id round trip" "status $status"
fi
run "$SMIME" decrypt --kek-file "$tmp/kek.hex" "$tmp/kek.p7m"
expect 0 "decrypt: --kek-file without --kek-id tries every KEK recipient"
run "$SMIME" decrypt --kek-file "$tmp/kek.hex" --kek-id 0bad "$tmp/kek.p7m"
expect 1 "decrypt: a --kek-id no recipient has exits 1"

# Several recipients of every kind; several keys given
run "$SMIME" encrypt -r "$PKI/bob.crt" -r "$PKI/ec-p256.crt" -r "$PKI/alice.crt" \
	--password-file "$tmp/pw" --kek-file "$tmp/kek.hex" --kek-id 01 \
	--cipher aes-256-gcm -o "$tmp/mixed.p7m" "$tmp/msg.mime"
expect 0 "encrypt: mixed recipients (RSA, EC, self, password, KEK)"
for who in "-k $PKI/bob.key" "-k $PKI/ec-p256.key" "-k $PKI/alice.key -c $PKI/alice.crt" \
	"--password-file $tmp/pw" "--kek-file $tmp/kek.hex --kek-id 01"; do
	# shellcheck disable=SC2086
	run "$SMIME" decrypt $who "$tmp/mixed.p7m"
	if [ "$status" -eq 0 ] && same_text "$tmp/stdout" "$tmp/msg.mime"; then
		ok "decrypt: mixed message with $(echo "$who" | sed 's|[^ ]*/||g')"
	else
		not_ok "decrypt: mixed message with $(echo "$who" | sed 's|[^ ]*/||g')" "status $status"
	fi
done
run "$SMIME" decrypt -k "$PKI/carol.key" -k "$PKI/bob.key" -c "$PKI/bob.crt" "$tmp/env.der"
if [ "$status" -eq 0 ] && same_text "$tmp/stdout" "$tmp/msg.mime"; then
	ok "decrypt: several -k, the matching one wins"
else
	not_ok "decrypt: several -k, the matching one wins" "status $status"
fi

# EncryptedData
run "$SMIME" encrypt --cek-file "$tmp/cek.hex" --outform pem -o "$tmp/ed.pem" "$tmp/msg.mime"
expect 0 "encrypt: --cek-file gives an EncryptedData"
run "$SMIME" decrypt --cek-file "$tmp/cek.hex" -o "$tmp/ed.out" "$tmp/ed.pem"
if [ "$status" -eq 0 ] && same_text "$tmp/ed.out" "$tmp/msg.mime" && note_printed; then
	ok "decrypt: --cek-file opens the EncryptedData, with the note"
else
	not_ok "decrypt: --cek-file opens the EncryptedData, with the note" "status $status"
fi
run "$SMIME" decrypt --cek-file "$tmp/cek.hex" --require-auth "$tmp/ed.pem"
expect 1 "decrypt: --require-auth refuses EncryptedData"
# (CBC without integrity: about one wrong key in 256 passes the padding
# check and gives garbage; it never gives the content)
run "$SMIME" decrypt --cek-file "$tmp/cek-wrong.hex" -o "$tmp/new-out" "$tmp/ed.pem"
if { [ "$status" -eq 1 ] && [ ! -e "$tmp/new-out" ]; } ||
	{ [ "$status" -eq 0 ] && ! same_text "$tmp/new-out" "$tmp/msg.mime"; }; then
	ok "decrypt: the wrong content key fails and writes nothing"
else
	not_ok "decrypt: the wrong content key fails and writes nothing" "status $status"
fi
rm -f "$tmp/new-out"

# AuthenticatedData
run "$SMIME" authenticate -r "$PKI/bob.crt" --password-file "$tmp/pw" --mac hmac-sha384 \
	--outform der -o "$tmp/auth.der" "$tmp/msg.mime"
expect 0 "authenticate: RSA and password recipients, HMAC-SHA-384"
run "$SMIME" decrypt -k "$PKI/bob.key" --require-auth -o "$tmp/auth.out" "$tmp/auth.der"
if [ "$status" -eq 0 ] && same_text "$tmp/auth.out" "$tmp/msg.mime" && ! note_printed; then
	ok "decrypt: AuthenticatedData checks out, --require-auth passes"
else
	not_ok "decrypt: AuthenticatedData checks out, --require-auth passes" "status $status"
fi
run "$SMIME" decrypt --password-file "$tmp/pw" "$tmp/auth.der"
expect 0 "decrypt: AuthenticatedData with the password"
LC_ALL=C sed 's/Hello from/Jello from/' "$tmp/auth.der" >"$tmp/auth-tampered.der"
run "$SMIME" decrypt -k "$PKI/bob.key" -o "$tmp/new-out" "$tmp/auth-tampered.der"
if [ "$status" -eq 1 ] && [ ! -e "$tmp/new-out" ]; then
	ok "decrypt: tampered AuthenticatedData exits 1 and writes nothing"
else
	not_ok "decrypt: tampered AuthenticatedData exits 1 and writes nothing" "status $status"
fi

# DigestedData, CompressedData
run "$SMIME" digest --digest sha512 --outform der -o "$tmp/dig.der" "$tmp/msg.mime"
expect 0 "digest: SHA-512, DER"
run "$SMIME" open -o "$tmp/dig.out" "$tmp/dig.der"
if [ "$status" -eq 0 ] && same_text "$tmp/dig.out" "$tmp/msg.mime"; then
	ok "open: DigestedData round trip"
else
	not_ok "open: DigestedData round trip" "status $status"
fi
LC_ALL=C sed 's/Hello from/Jello from/' "$tmp/dig.der" >"$tmp/dig-tampered.der"
run "$SMIME" open -o "$tmp/new-out" "$tmp/dig-tampered.der"
if [ "$status" -eq 1 ] && [ ! -e "$tmp/new-out" ]; then
	ok "open: a DigestedData whose digest does not match exits 1"
else
	not_ok "open: a DigestedData whose digest does not match exits 1" "status $status"
fi
run "$SMIME" compress -o "$tmp/z.p7z" "$tmp/msg.mime"
if [ "$status" -eq 0 ] && grep -q 'smime-type=compressed-data' "$tmp/z.p7z"; then
	ok "compress: S/MIME compressed-data"
else
	not_ok "compress: S/MIME compressed-data" "status $status"
fi
run "$SMIME" open "$tmp/z.p7z"
if [ "$status" -eq 0 ] && same_text "$tmp/stdout" "$tmp/msg.mime"; then
	ok "open: CompressedData round trip"
else
	not_ok "open: CompressedData round trip" "status $status"
fi
run "$SMIME" open --max-size 10 -o "$tmp/new-out" "$tmp/z.p7z"
if [ "$status" -eq 3 ] && [ ! -e "$tmp/new-out" ]; then
	ok "open: content above --max-size exits 3 and writes nothing"
else
	not_ok "open: content above --max-size exits 3 and writes nothing" "status $status"
fi
run "$SMIME" open "$tmp/env.der"
expect 3 "open: EnvelopedData is not for open (exit 3)"

# --show-attributes: RFC 4134 7.2 is an EncryptedData (3DES) with one
# unprotected attribute of type 1.2.5555 (SET { OCTET STRING }, 51 bytes)
echo 737c791f25ead0e04629254352f7dc6291e5cb26917ada32 >"$tmp/rfc4134-7.hex"
run "$SMIME" decrypt --cek-file "$tmp/rfc4134-7.hex" --show-attributes \
	"$DATA/corpus/rfc4134-bc-csharp/7.2.bin"
if [ "$status" -eq 0 ] && [ "$(cat "$tmp/stdout")" = "This is some sample content." ] &&
	grep -qx 'attribute: 1.2.5555 (1.2.5555), unprotected, 51 bytes' "$tmp/stderr" &&
	[ "$(grep -c '^attribute: ' "$tmp/stderr")" -eq 1 ]; then
	ok "decrypt --show-attributes: the unprotected attribute of RFC 4134 7.2"
else
	not_ok "decrypt --show-attributes: the unprotected attribute of RFC 4134 7.2" "status $status"
fi
run "$SMIME" decrypt --cek-file "$tmp/rfc4134-7.hex" "$DATA/corpus/rfc4134-bc-csharp/7.2.bin"
if [ "$status" -eq 0 ] && ! grep -q '^attribute: ' "$tmp/stderr"; then
	ok "decrypt: no attribute lines without --show-attributes"
else
	not_ok "decrypt: no attribute lines without --show-attributes" "status $status"
fi
run "$SMIME" decrypt -k "$PKI/bob.key" --show-attributes -o "$tmp/auth.out" "$tmp/auth.der"
if [ "$status" -eq 0 ] &&
	grep -qx 'attribute: contentType (1.2.840.113549.1.9.3), authenticated, 13 bytes' "$tmp/stderr" &&
	grep -qx 'attribute: messageDigest (1.2.840.113549.1.9.4), authenticated, 52 bytes' "$tmp/stderr"; then
	ok "decrypt --show-attributes: AuthenticatedData's authenticated attributes"
else
	not_ok "decrypt --show-attributes: AuthenticatedData's authenticated attributes" "status $status"
fi
run "$SMIME" decrypt -k "$PKI/bob.key" --show-attributes -o "$tmp/new-out" "$tmp/auth-tampered.der"
if [ "$status" -eq 1 ] && ! grep -q '^attribute: ' "$tmp/stderr"; then
	ok "decrypt --show-attributes: nothing listed when the MAC fails"
else
	not_ok "decrypt --show-attributes: nothing listed when the MAC fails" "status $status"
fi

echo "1..$n"
echo "# $passed passed, $failed failed"
[ "$failed" -eq 0 ]
