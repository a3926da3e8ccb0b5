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

SMIME=${SMIME_CLI:?SMIME_CLI must name the smime executable}
DATA=${SMIME_TEST_DATA:?SMIME_TEST_DATA must name tests/data}
PKI="$DATA/pki"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/test-cli.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

n=0
passed=0
failed=0

ok() {
	n=$((n + 1))
	passed=$((passed + 1))
	echo "ok $n - $1"
}

not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
	shift
	for line in "$@"; do
		echo "# $line"
	done
	if [ -s "$tmp/stderr" ]; then
		sed 's/^/#   stderr: /' "$tmp/stderr" | head -n 10
	fi
}

# run CMD...: runs the command with stdout and stderr captured in
# $tmp/stdout and $tmp/stderr; the exit status is left in $status.
run() {
	"$@" >"$tmp/stdout" 2>"$tmp/stderr" </dev/null
	status=$?
}

# run_in FILE CMD...: like run, with FILE as standard input.
run_in() {
	input=$1
	shift
	"$@" >"$tmp/stdout" 2>"$tmp/stderr" <"$input"
	status=$?
}

# expect WANT NAME: checks the $status of the last run.
expect() {
	if [ "$status" -eq "$1" ]; then
		ok "$2"
	else
		not_ok "$2" "expected exit status $1, got $status"
	fi
}

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

echo "1..$n"
echo "# $passed passed, $failed failed"
[ "$failed" -eq 0 ]
