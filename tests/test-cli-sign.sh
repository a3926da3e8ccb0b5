#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# test-cli-sign.sh: the signing side of the smime command-line tool (issue
# 3), as TAP: sign with every option (--digest, --pss, --ski,
# --encryption-cert, --no-attributes, --no-certs, several -k/-c signers,
# --certs-only),
# `smime certs`, `smime countersign`, and verify with --json, --crl,
# --check-time, --email and --allow-legacy; usage errors exit 2.
#
# Environment (set by tests/meson.build):
#   SMIME_CLI          the smime executable to test
#   SMIME_TEST_DATA    the tests/data directory (uses pki/ and
#                      corpus/bc-java-smime/)
#   SMIME_CLI_WRAPPER  optional, e.g. "valgrind -q --error-exitcode=99"
# The JSON checks need python3 (only its json module), the peer checks of
# --encryption-cert the openssl command; without them they are skipped.
set -u
LC_ALL=C
export LC_ALL

. "$(dirname "$0")/lib/tap.sh"

: "${SMIME_CLI:?SMIME_CLI must name the smime executable}"
DATA=${SMIME_TEST_DATA:?SMIME_TEST_DATA must name tests/data}
PKI="$DATA/pki"
BC="$DATA/corpus/bc-java-smime"

tap_tmpdir test-cli-sign
tap_limit 300
if command -v python3 >/dev/null 2>&1; then
	have_python=yes
else
	have_python=
fi

has() {
	grep -q -- "$1" "$tmp/stderr"
}

# The shape every --json report must have (checked on each one), then the
# assertion given as a Python expression over d, the parsed object.
cat >"$tmp/json_check.py" <<'EOF'
import json, re, sys

def signer(s, where):
    keys = {"status", "error", "signature", "chain", "chain_time", "detail",
            "subject", "issuer", "serial", "emails", "digest",
            "signature_algorithm", "signing_time", "weak", "note",
            "encryption_cert", "chain_other", "countersigners"}
    assert set(s) == keys, "%s: keys %s" % (where, sorted(set(s) ^ keys))
    assert s["status"] in ("ok", "failed"), where
    assert (s["error"] is None) == (s["status"] == "ok"), where
    assert isinstance(s["signature"], str) and isinstance(s["chain"], str), where
    assert s["chain"] in ("ok", "failed", "not checked"), where
    assert s["chain_time"] in ("now", "signing", None), where
    assert isinstance(s["detail"], str), where
    for k in ("subject", "issuer", "serial"):
        assert s[k] is None or isinstance(s[k], str), where
    assert isinstance(s["emails"], list), where
    assert all(isinstance(e, str) for e in s["emails"]), where
    assert isinstance(s["digest"], str) and isinstance(s["signature_algorithm"], str), where
    t = s["signing_time"]
    assert t is None or re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", t), where
    assert isinstance(s["weak"], bool), where
    assert isinstance(s["note"], str), where
    e = s["encryption_cert"]
    assert e is None or set(e) == {"subject", "issuer", "serial"}, where
    o = s["chain_other"]
    if o is not None:
        assert set(o) == {"time", "status", "detail"}, where
        assert o["time"] in ("now", "signing") and o["status"] in ("ok", "failed"), where
        assert o["time"] != s["chain_time"], where
    assert isinstance(s["countersigners"], list), where
    for i, c in enumerate(s["countersigners"]):
        signer(c, "%s.countersigner%d" % (where, i + 1))

d = json.load(sys.stdin)
assert set(d) == {"status", "error", "signers"}, sorted(d)
assert d["status"] in ("ok", "failed")
assert (d["error"] is None) == (d["status"] == "ok")
assert isinstance(d["signers"], list)
for i, s in enumerate(d["signers"]):
    signer(s, "signer%d" % (i + 1))
expr = sys.argv[1].strip() if len(sys.argv) > 1 else "True"
if not eval("(" + expr + "\n)", {"d": d, "re": re}):
    sys.exit("assertion failed: " + expr)
EOF

# json NAME WANT-STATUS EXPR: the last run printed a well-formed report on
# standard output that satisfies EXPR.
json() {
	if [ -z "$have_python" ]; then
		skip "$1" "python3 not found"
		return
	fi
	if [ "$status" -ne "$2" ]; then
		not_ok "$1" "expected exit status $2, got $status"
	elif python3 "$tmp/json_check.py" "$3" <"$tmp/stdout" 2>"$tmp/pyerr"; then
		ok "$1"
	else
		not_ok "$1" "$(tail -n 3 "$tmp/pyerr")" "json: $(head -c 600 "$tmp/stdout")"
	fi
}

# The base64 body of the PEM certificates of a file, on one line.
pem_body() {
	sed -n '/-----BEGIN CERTIFICATE-----/,/-----END CERTIFICATE-----/p' "$1" |
		grep -v -- '-----' | tr -d ' \r\n'
}

printf 'Content-Type: text/plain\n\nA message to sign.\n' >"$tmp/msg.mime"
printf 'opaque bytes\001\002\003' >"$tmp/data.bin"
printf 'garbage, not a message\n' >"$tmp/garbage"
CA="--ca $PKI/ca.crt"

# --- usage errors (exit 2) -------------------------------------------------

run smime sign -k "$PKI/alice.key" "$tmp/msg.mime"
expect 2 "sign: -k without -c exits 2"
run smime sign -k "$PKI/alice.key" -c "$PKI/alice.crt" -k "$PKI/ec-p256.key" "$tmp/msg.mime"
expect 2 "sign: two -k and one -c exits 2"
run smime sign -k "$PKI/alice.key" -c "$PKI/alice.crt" -c "$PKI/ec-p256.crt" "$tmp/msg.mime"
expect 2 "sign: a -c without its -k exits 2"
run smime sign --digest md5 -k "$PKI/alice.key" -c "$PKI/alice.crt" "$tmp/msg.mime"
expect 2 "sign: --digest md5 exits 2"
run smime sign --digest sha1 -k "$PKI/alice.key" -c "$PKI/alice.crt" "$tmp/msg.mime"
expect 2 "sign: --digest sha1 exits 2 (not for signing)"
run smime sign --certs-only -k "$PKI/alice.key" -c "$PKI/alice.crt"
expect 2 "sign: --certs-only with -k exits 2"
run smime sign --certs-only
expect 2 "sign: --certs-only without certificates exits 2"
run smime sign --certs-only -c "$PKI/alice.crt" "$tmp/msg.mime"
expect 2 "sign: --certs-only with IN exits 2"
run smime sign --certs-only --pss -c "$PKI/alice.crt"
expect 2 "sign: --certs-only with --pss exits 2"
run smime sign --no-certs --chain "$PKI/chain.pem" -k "$PKI/alice.key" -c "$PKI/alice.crt" "$tmp/msg.mime"
expect 2 "sign: --no-certs with --chain exits 2"
run smime sign --pss -k "$PKI/ec-p256.key" -c "$PKI/ec-p256.crt" -o "$tmp/never" "$tmp/msg.mime"
check "sign: --pss with an EC key exits 2 and writes nothing" 2 test ! -e "$tmp/never"
run smime verify --check-time yesterday "$tmp/msg.mime"
expect 2 "verify: --check-time with a bad value exits 2"
run smime verify --json -o - "$tmp/msg.mime"
expect 2 "verify: --json with -o - exits 2"
run smime verify --no-chain --email alice@example.org "$tmp/msg.mime"
expect 2 "verify: --email with --no-chain exits 2"
run smime verify --no-chain --check-time signing "$tmp/msg.mime"
expect 2 "verify: --check-time signing with --no-chain exits 2"
run smime verify --email not-an-address "$tmp/msg.mime"
expect 2 "verify: --email without @ exits 2"
run smime verify $CA --crl "$tmp/does-not-exist" "$tmp/msg.mime"
expect 2 "verify: unreadable --crl exits 2"
run smime verify $CA --crl "$tmp/garbage" "$tmp/msg.mime"
expect 2 "verify: --crl that holds no CRL exits 2"
run smime certs --outform smime "$tmp/msg.mime"
expect 2 "certs: --outform smime exits 2"
run smime countersign -c "$PKI/bob.crt" "$tmp/msg.mime"
expect 2 "countersign: missing -k exits 2"
run smime countersign -k "$PKI/bob.key" -c "$PKI/bob.crt" --outform smime "$tmp/msg.mime"
expect 2 "countersign: --outform smime exits 2"
for cmd in certs countersign; do
	run smime "$cmd" --help
	check "$cmd --help exits 0 with usage" 0 grep -q "^Usage: smime $cmd" "$tmp/stdout"
done
run smime --help
check "smime --help lists certs and countersign" 0 \
	sh -c 'grep -q "^  certs " "$1" && grep -q "^  countersign " "$1"' sh "$tmp/stdout"

# --- sign: digests, PSS, SKI ------------------------------------------------

run smime sign -k "$PKI/alice.key" -c "$PKI/alice.crt" --chain "$PKI/chain.pem" \
	-o "$tmp/default.eml" "$tmp/msg.mime"
expect 0 "sign: the defaults still work"
run smime verify $CA --json "$tmp/default.eml"
json "verify --json: one RSA signer with its details" 0 \
	'd["status"] == "ok" and len(d["signers"]) == 1 and d["signers"][0]["digest"] == "sha256"
	 and d["signers"][0]["signature_algorithm"] == "rsaEncryption"
	 and d["signers"][0]["emails"] == ["alice@example.org"]
	 and d["signers"][0]["serial"] == "a11ce001"
	 and d["signers"][0]["subject"] == "CN=alice,O=libsmime tests"
	 and d["signers"][0]["issuer"].startswith("CN=libsmime Test Intermediate CA")
	 and d["signers"][0]["signing_time"] is not None and d["signers"][0]["weak"] is False
	 and d["signers"][0]["chain"] == "ok" and d["signers"][0]["chain_time"] == "now"
	 and d["signers"][0]["chain_other"]["time"] == "signing"'
check "verify --json: the human report stays on standard error" 0 \
	grep -q '^Verification successful' "$tmp/stderr"

for digest in sha224 sha256 sha384 sha512 sha3-256 sha3-384 sha3-512; do
	run smime sign --digest "$digest" -k "$PKI/alice.key" -c "$PKI/alice.crt" \
		--chain "$PKI/chain.pem" -o "$tmp/d.eml" "$tmp/msg.mime"
	if [ "$status" -ne 0 ]; then
		not_ok "sign --digest $digest: signs and verifies" "sign exit status $status"
		continue
	fi
	run smime verify $CA "$tmp/d.eml"
	check "sign --digest $digest: signs and verifies" 0 has "^signer 1: OK .* $digest/rsaEncryption"
done

run smime sign --pss --digest sha384 -k "$PKI/alice.key" -c "$PKI/alice.crt" \
	--chain "$PKI/chain.pem" -o "$tmp/pss.eml" "$tmp/msg.mime"
run smime verify $CA --json "$tmp/pss.eml"
json "sign --pss --digest sha384: RSASSA-PSS with SHA-384" 0 \
	'd["signers"][0]["signature_algorithm"] == "rsassaPss" and d["signers"][0]["digest"] == "sha384"'

run smime sign --ski -k "$PKI/alice.key" -c "$PKI/alice.crt" --outform der \
	-o "$tmp/ski.der" "$tmp/msg.mime"
run smime inspect "$tmp/ski.der"
check "sign --ski: signer identified by subject key identifier (version 3)" 0 \
	grep -q 'sid: subjectKeyIdentifier' "$tmp/stdout"
run smime verify $CA --cert "$PKI/chain.pem" "$tmp/ski.der"
expect 0 "sign --ski: verifies"

# --- sign: attributes and certificates --------------------------------------

run smime sign --no-attributes -k "$PKI/alice.key" -c "$PKI/alice.crt" --outform der \
	-o "$tmp/noattr.der" "$tmp/data.bin"
run smime inspect "$tmp/noattr.der"
check "sign --no-attributes: no signed attributes" 0 \
	sh -c '! grep -q signedAttrs "$1"' sh "$tmp/stdout"
run smime verify $CA --cert "$PKI/chain.pem" --check-time signing --json "$tmp/noattr.der"
json "sign --no-attributes: verifies, no signing time, chain checked now" 0 \
	'd["status"] == "ok" and d["signers"][0]["signing_time"] is None
	 and d["signers"][0]["chain_time"] == "now" and d["signers"][0]["chain_other"] is None'

run smime sign --no-certs -k "$PKI/alice.key" -c "$PKI/alice.crt" --outform pem \
	-o "$tmp/nocerts.pem" "$tmp/msg.mime"
expect 0 "sign --no-certs: signs"
run smime certs "$tmp/nocerts.pem"
expect 1 "certs: a message without certificates exits 1"
run smime verify $CA --cert "$PKI/chain.pem" "$tmp/nocerts.pem"
expect 1 "sign --no-certs: the signer certificate is missing without --cert"
run smime verify $CA --cert "$PKI/chain.pem" --cert "$PKI/alice.crt" "$tmp/nocerts.pem"
expect 0 "sign --no-certs: verifies with --cert"

# --- sign: several signers --------------------------------------------------

run smime sign -k "$PKI/alice.key" -c "$PKI/alice.crt" -k "$PKI/ec-p256.key" -c "$PKI/ec-p256.crt" \
	-k "$PKI/ed25519.key" -c "$PKI/ed25519.crt" --chain "$PKI/chain.pem" \
	-o "$tmp/three.eml" "$tmp/msg.mime"
expect 0 "sign: RSA, ECDSA and Ed25519 signers in one message"
run smime verify $CA "$tmp/three.eml"
check "verify: three signers reported" 0 \
	sh -c 'for i in 1 2 3; do grep -q "^signer $i: OK" "$1" || exit 1; done' sh "$tmp/stderr"
run smime verify $CA --json "$tmp/three.eml"
json "verify --json: three signers, each with its algorithm" 0 \
	'sorted(s["signature_algorithm"] for s in d["signers"]) == ["Ed25519", "ecdsaWithSHA256", "rsaEncryption"]
	 and all(s["status"] == "ok" for s in d["signers"])'
run smime certs "$tmp/three.eml"
check "certs: every certificate of a signed message (3 signers + intermediate)" 0 \
	test "$(grep -c -- '-----BEGIN CERTIFICATE-----' "$tmp/stdout")" -eq 4

# per-signer options: after a -k, for that signer only
run smime sign -k "$PKI/alice.key" -c "$PKI/alice.crt" --pss --digest sha512 \
	-k "$PKI/ec-p256.key" -c "$PKI/ec-p256.crt" --digest sha384 --chain "$PKI/chain.pem" \
	-o "$tmp/mixed.eml" "$tmp/msg.mime"
run smime verify $CA --json "$tmp/mixed.eml"
json "sign: --pss/--digest after a -k apply to that signer only" 0 \
	'sorted((s["signature_algorithm"], s["digest"]) for s in d["signers"])
	 == [("ecdsaWithSHA384", "sha384"), ("rsassaPss", "sha512")]'
# before the first -k: every signer
run smime sign --digest sha512 -k "$PKI/alice.key" -c "$PKI/alice.crt" \
	-k "$PKI/ec-p256.key" -c "$PKI/ec-p256.crt" --chain "$PKI/chain.pem" \
	-o "$tmp/all512.eml" "$tmp/msg.mime"
run smime verify $CA --json "$tmp/all512.eml"
json "sign: --digest before the first -k applies to every signer" 0 \
	'[s["digest"] for s in d["signers"]] == ["sha512", "sha512"]'
# --pass-file serves every key (an unencrypted one ignores it)
run smime sign -k "$PKI/alice-enc.pem" -c "$PKI/alice.crt" -k "$PKI/ec-p256.key" -c "$PKI/ec-p256.crt" \
	--pass-file "$PKI/alice.pass" --chain "$PKI/chain.pem" -o "$tmp/pass.eml" "$tmp/msg.mime"
expect 0 "sign: --pass-file with an encrypted and a plain key"
# detached, two signers, DER
run smime sign --detached --outform der -k "$PKI/alice.key" -c "$PKI/alice.crt" \
	-k "$PKI/ed25519.key" -c "$PKI/ed25519.crt" --chain "$PKI/chain.pem" \
	-o "$tmp/det.der" "$tmp/data.bin"
run smime verify $CA --inform der --content "$tmp/data.bin" -o "$tmp/det.out" "$tmp/det.der"
check "sign --detached with two signers: verifies with --content" 0 cmp -s "$tmp/det.out" "$tmp/data.bin"
printf 'other bytes' >"$tmp/other.bin"
run smime verify $CA --inform der --content "$tmp/other.bin" --json "$tmp/det.der"
json "verify --json: wrong detached content fails every signer" 1 \
	'd["status"] == "failed" and len(d["signers"]) == 2
	 and all(s["status"] == "failed" and s["signature"] != "ok" for s in d["signers"])'

# --- certs-only and smime certs ----------------------------------------------

run smime sign --certs-only -c "$PKI/alice.crt" --chain "$PKI/chain.pem" -o "$tmp/certs.p7c"
check "sign --certs-only: smime-type=certs-only" 0 grep -q 'smime-type=certs-only' "$tmp/certs.p7c"
run smime certs -o "$tmp/certs.pem" "$tmp/certs.p7c"
check "certs: a certs-only message gives its two certificates" 0 \
	test "$(grep -c -- '-----BEGIN CERTIFICATE-----' "$tmp/certs.pem")" -eq 2
cat "$PKI/alice.crt" "$PKI/chain.pem" >"$tmp/expected.pem"
if [ "$(pem_body "$tmp/certs.pem")" = "$(pem_body "$tmp/expected.pem")" ]; then
	ok "certs: the certificates come back byte for byte, in order"
else
	not_ok "certs: the certificates come back byte for byte, in order"
fi
run smime certs --outform der -o "$tmp/two.der" "$tmp/certs.p7c"
check "certs --outform der: two certificates exit 2, nothing written" 2 test ! -e "$tmp/two.der"
run smime sign --certs-only -c "$PKI/bob.crt" --outform der -o "$tmp/bob.p7c"
run smime certs --outform der -o "$tmp/bob.der" "$tmp/bob.p7c"
expect 0 "certs --outform der: one certificate"
run smime sign --certs-only -c "$tmp/bob.der" --outform pem -o "$tmp/bob2.p7c"
run smime certs "$tmp/bob2.p7c"
check "certs: the DER certificate loads again and round-trips" 0 \
	test "$(pem_body "$tmp/stdout")" = "$(pem_body "$PKI/bob.crt")"
run smime verify $CA "$tmp/certs.p7c"
expect 1 "verify: a certs-only message has no signer (exit 1)"
run smime certs "$tmp/msg.mime"
expect 3 "certs: a message that is not signed exits 3"
run smime certs "$tmp/garbage"
expect 3 "certs: garbage exits 3"
# the certificates from a certs-only message verify a --no-certs message
run smime verify $CA --cert "$tmp/certs.pem" "$tmp/nocerts.pem"
expect 0 "certs: exchanged certificates verify a --no-certs message"

# --- countersign -------------------------------------------------------------

run smime countersign -k "$PKI/ec-p256.key" -c "$PKI/ec-p256.crt" -o "$tmp/cs.der" "$tmp/default.eml"
expect 0 "countersign: an S/MIME signed message"
run smime verify $CA "$tmp/cs.der"
check "countersign: verify reports the countersigner" 0 \
	sh -c 'grep -q "^signer 1: OK .*CN=alice" "$1" && grep -q "^  countersigner 1: OK .*CN=ec-p256" "$1"' sh "$tmp/stderr"
run smime verify $CA --json "$tmp/cs.der"
json "countersign: JSON countersigner under its signer" 0 \
	'd["status"] == "ok" and len(d["signers"][0]["countersigners"]) == 1
	 and d["signers"][0]["countersigners"][0]["subject"] == "CN=ec-p256,O=libsmime tests"
	 and d["signers"][0]["countersigners"][0]["status"] == "ok"'
run smime countersign -k "$PKI/bob.key" -c "$PKI/bob.crt" --pss --digest sha384 --outform pem \
	-o "$tmp/cs2.pem" "$tmp/cs.der"
check "countersign --outform pem" 0 grep -q -- '-----BEGIN CMS-----' "$tmp/cs2.pem"
run smime verify $CA --json "$tmp/cs2.pem"
json "countersign twice: two countersigners, the second RSA-PSS SHA-384" 0 \
	'[c["signature_algorithm"] for c in d["signers"][0]["countersigners"]] == ["ecdsaWithSHA256", "rsassaPss"]
	 and d["signers"][0]["countersigners"][1]["digest"] == "sha384"'
run smime countersign -k "$PKI/bob.key" -c "$PKI/bob.crt" -o "$tmp/cs3.der" "$tmp/three.eml"
run smime verify $CA --json "$tmp/cs3.der"
json "countersign: every signer of a three-signer message" 0 \
	'len(d["signers"]) == 3 and all(len(s["countersigners"]) == 1 for s in d["signers"])'
run smime countersign -k "$PKI/bob.key" -c "$PKI/alice.crt" -o "$tmp/never" "$tmp/default.eml"
check "countersign: key not matching the certificate exits 2" 2 test ! -e "$tmp/never"
run smime countersign -k "$PKI/bob.key" -c "$PKI/bob.crt" "$tmp/msg.mime"
expect 3 "countersign: a message that is not signed exits 3"

# --- --email -----------------------------------------------------------------

run smime verify $CA --email alice@example.org "$tmp/default.eml"
expect 0 "verify --email: the signer's address"
run smime verify $CA --email alice@EXAMPLE.ORG "$tmp/default.eml"
expect 0 "verify --email: the domain compares case-insensitively"
run smime verify $CA --email bob@example.org --json "$tmp/default.eml"
json "verify --email: another address fails the signer" 1 \
	'd["signers"][0]["status"] == "failed" and d["signers"][0]["signature"] == "ok"
	 and d["signers"][0]["chain"] == "failed" and "e-mail" in d["signers"][0]["detail"]'
run smime verify $CA --email alice@example.org "$tmp/three.eml"
expect 1 "verify --email: every signer must carry the address"

# --- --check-time --------------------------------------------------------------

run smime verify --ca "$BC/validator.root.crt" --allow-legacy --check-time signing "$BC/validator.validMail.eml"
check "verify --check-time signing: an old message whose certificate has expired since" 0 \
	has '^  now: chain INVALID'
run smime verify --ca "$BC/validator.root.crt" --allow-legacy --check-time now "$BC/validator.validMail.eml"
check "verify --check-time now: the same message fails, valid at signing time" 1 \
	has '^  at signing time: chain OK'
run smime verify --ca "$BC/validator.root.crt" --allow-legacy "$BC/validator.validMail.eml"
expect 1 "verify: the default is --check-time now"
run smime verify --ca "$BC/validator.root.crt" --allow-legacy --check-time signing --json "$BC/validator.validMail.eml"
json "verify --json --check-time signing: both times reported" 0 \
	'd["signers"][0]["chain_time"] == "signing" and d["signers"][0]["chain_other"]["time"] == "now"
	 and d["signers"][0]["chain_other"]["status"] == "failed" and d["signers"][0]["weak"] is True
	 and d["signers"][0]["signing_time"].startswith("2006-")'
run smime verify --ca "$BC/validator.root.crt" --check-time signing --json "$BC/validator.validMail.eml"
json "verify: SHA-1 is refused without --allow-legacy, reported weak" 1 \
	'd["signers"][0]["status"] == "failed" and d["signers"][0]["weak"] is True'
run smime sign -k "$PKI/expired.key" -c "$PKI/expired.crt" --chain "$PKI/chain.pem" \
	-o "$tmp/expired.eml" "$tmp/msg.mime"
run smime verify $CA --check-time signing "$tmp/expired.eml"
check "verify --check-time signing: a certificate expired at signing time fails" 1 has 'expired'

# --- --crl ---------------------------------------------------------------------

run smime verify --ca "$BC/validator.root.crt" --allow-legacy --check-time signing "$BC/validator.revoked.eml"
expect 0 "verify: the revoked signer passes without its CRL"
run smime verify --ca "$BC/validator.root.crt" --allow-legacy --check-time signing \
	--crl "$BC/validator.revoked.crl" "$BC/validator.revoked.eml"
check "verify --crl: a revoked signer fails, reported revoked" 1 has 'chain INVALID: revoked'
run smime verify --ca "$BC/validator.root.crt" --allow-legacy --check-time signing \
	--crl "$BC/validator.revoked.crl" --json "$BC/validator.revoked.eml"
json "verify --crl --json: detail revoked" 1 \
	'd["signers"][0]["detail"] == "revoked" and d["error"] is not None'
run smime verify --ca "$BC/validator.root.crt" --allow-legacy --check-time signing \
	--crl "$BC/validator.revoked.crl" "$BC/validator.validMail.eml"
expect 0 "verify --crl: a signer not on the CRL passes"
run smime verify --allow-legacy --check-time signing --crl "$BC/validator.revoked.crl" \
	"$BC/validator.revoked.eml"
check "verify --crl without --ca: the system store, where this root is not" 1 has 'untrusted'

# --- --encryption-cert (RFC 8551 2.5.3) ---------------------------------------

if command -v openssl >/dev/null 2>&1; then
	have_openssl=yes
else
	have_openssl=
fi

# enc_pref FILE: the lines of an inspect report from the first
# smimeEncryptionKeyPreference attribute on.
enc_pref() {
	sed -n '/smimeEncryptionKeyPreference/,$p' "$1" | head -n 6
}

run smime sign --help
check "sign --help documents --encryption-cert" 0 grep -q -- '--encryption-cert FILE' "$tmp/stdout"
run smime sign --no-attributes --encryption-cert "$PKI/bob.crt" -k "$PKI/alice.key" \
	-c "$PKI/alice.crt" -o "$tmp/never" "$tmp/data.bin"
check "sign: --encryption-cert with --no-attributes exits 2 and writes nothing" 2 \
	test ! -e "$tmp/never"
run smime sign --certs-only --encryption-cert "$PKI/bob.crt" -c "$PKI/alice.crt"
expect 2 "sign: --encryption-cert with --certs-only exits 2"
run smime sign --encryption-cert "$tmp/does-not-exist" -k "$PKI/alice.key" -c "$PKI/alice.crt" \
	-o "$tmp/never" "$tmp/msg.mime"
check "sign: unreadable --encryption-cert exits 2" 2 test ! -e "$tmp/never"

run smime sign -k "$PKI/alice.key" -c "$PKI/alice.crt" --encryption-cert "$PKI/bob.crt" \
	--chain "$PKI/chain.pem" --outform der -o "$tmp/enc.der" "$tmp/msg.mime"
expect 0 "sign --encryption-cert: signs"
run smime inspect "$tmp/enc.der"
enc_pref "$tmp/stdout" >"$tmp/pref"
check "inspect: the preference names bob's certificate by issuer and serial" 0 \
	sh -c 'grep -q "value: issuerAndSerialNumber" "$1" && grep -q "serialNumber: 0b0b" "$1" &&
	       grep -q "issuer: CN=libsmime Test Intermediate CA" "$1"' sh "$tmp/pref"
check "inspect: bob's certificate travels with the message" 0 \
	grep -q 'certificate: \[[0-9]*\] of the message' "$tmp/pref"
check "inspect: Microsoft's attribute is not written" 0 \
	sh -c '! grep -q microsoftEncryptionKeyPreference "$1"' sh "$tmp/stdout"
run smime verify $CA --json "$tmp/enc.der"
json "sign --encryption-cert: verifies and reports bob's certificate" 0 \
	'd["signers"][0]["encryption_cert"]["serial"] == "0b0b" and d["signers"][0]["note"] == ""'
check "verify: the human report names the certificate to encrypt to" 0 \
	grep -q "encrypt to: .*(serial 0b0b)" "$tmp/stderr"
if [ -n "$have_openssl" ]; then
	run openssl cms -cmsout -print -inform DER -in "$tmp/enc.der"
	check "openssl cms -print: id-smime-aa-encrypKeyPref carries bob's serial 0B0B" 0 \
		sh -c 'sed -n "/id-smime-aa-encrypKeyPref/,/object:/p" "$1" | grep -q "INTEGER *:0B0B"' \
		sh "$tmp/stdout"
	run openssl cms -verify -binary -inform DER -in "$tmp/enc.der" -CAfile "$PKI/ca.crt" \
		-out "$tmp/enc.out"
	check "openssl cms -verify: the message with the preference verifies" 0 \
		cmp -s "$tmp/enc.out" "$tmp/msg.mime"
else
	skip "openssl cms -print: id-smime-aa-encrypKeyPref carries bob's serial 0B0B" "openssl not found"
	skip "openssl cms -verify: the message with the preference verifies" "openssl not found"
fi

# --ski: subjectAltKeyIdentifier [2], the key identifier of bob's certificate
bob_ski=$(openssl x509 -in "$PKI/bob.crt" -noout -ext subjectKeyIdentifier 2>/dev/null |
	sed -n 's/^ *\([0-9A-F:]*\)$/\1/p' | tr -d ':' | tr 'A-F' 'a-f')
run smime sign --ski -k "$PKI/alice.key" -c "$PKI/alice.crt" --encryption-cert "$PKI/bob.crt" \
	--chain "$PKI/chain.pem" --outform pem -o "$tmp/enc.pem" "$tmp/msg.mime"
run smime inspect "$tmp/enc.pem"
enc_pref "$tmp/stdout" >"$tmp/pref"
if [ -n "$bob_ski" ]; then
	check "sign --ski --encryption-cert: the preference is bob's subject key identifier" 0 \
		sh -c 'grep -q "value: subjectAltKeyIdentifier" "$1" && grep -q "keyIdentifier: $2" "$1"' \
		sh "$tmp/pref" "$bob_ski"
else
	skip "sign --ski --encryption-cert: the preference is bob's subject key identifier" "openssl not found"
fi
if [ -n "$have_openssl" ]; then
	run openssl cms -cmsout -print -inform PEM -in "$tmp/enc.pem"
	check "openssl cms -print: id-smime-aa-encrypKeyPref as cont [ 2 ]" 0 \
		sh -c 'sed -n "/id-smime-aa-encrypKeyPref/,/object:/p" "$1" | grep -q "prim: cont \[ 2 \]"' \
		sh "$tmp/stdout"
	run openssl cms -verify -binary -inform PEM -in "$tmp/enc.pem" -CAfile "$PKI/ca.crt" \
		-out "$tmp/enc.out"
	check "openssl cms -verify: the --ski message verifies" 0 cmp -s "$tmp/enc.out" "$tmp/msg.mime"
else
	skip "openssl cms -print: id-smime-aa-encrypKeyPref as cont [ 2 ]" "openssl not found"
	skip "openssl cms -verify: the --ski message verifies" "openssl not found"
fi

# after a -k: that signer only
run smime sign -k "$PKI/alice.key" -c "$PKI/alice.crt" -k "$PKI/ec-p256.key" -c "$PKI/ec-p256.crt" \
	--encryption-cert "$PKI/bob.crt" --chain "$PKI/chain.pem" -o "$tmp/enc2.eml" "$tmp/msg.mime"
run smime inspect "$tmp/enc2.eml"
check "sign: --encryption-cert after the second -k applies to that signer only" 0 \
	test "$(grep -c smimeEncryptionKeyPreference "$tmp/stdout")" -eq 1
run smime verify $CA "$tmp/enc2.eml"
expect 0 "sign: two signers, one with a preference, verify"

# read back from another client: Thunderbird writes both attributes
run smime inspect "$DATA/corpus/mimekit-smime/thunderbird-signed.txt"
enc_pref "$tmp/stdout" >"$tmp/pref"
check "inspect: Thunderbird's preference names its signer certificate 0800f7" 0 \
	sh -c 'grep -q "serialNumber: 0800f7" "$1" && grep -q "certificate: \[1\] of the message" "$1" &&
	       grep -q microsoftEncryptionKeyPreference "$2"' sh "$tmp/pref" "$tmp/stdout"

# --- --require-crl: revocation status required for every certificate --------

PK="$DATA/pkits"
run smime verify --ca "$PK/TrustAnchorRootCertificate.crt" --allow-legacy \
	"$PK/smime/SignedMissingCRLTest1.eml"
expect 0 "verify: without --require-crl a CA with no CRL at hand is accepted"
run smime verify --ca "$PK/TrustAnchorRootCertificate.crt" --allow-legacy --require-crl \
	"$PK/smime/SignedMissingCRLTest1.eml"
check "verify --require-crl: no CRL for the CA (PKITS 4.4.1) gives revocation status unknown" 1 \
	grep -q "revocation status unknown" "$tmp/stderr"
run smime verify --ca "$PK/TrustAnchorRootCertificate.crt" --allow-legacy --require-crl \
	"$PK/smime/SignedValidSignaturesTest1.eml"
expect 0 "verify --require-crl: the CRLs the message carries cover every CA (PKITS 4.1.1)"
run smime verify --ca "$PK/TrustAnchorRootCertificate.crt" --allow-legacy --require-crl \
	--crl "$PK/crls/GoodCACRL.crl" \
	"$PK/smime/SignedInvalidRevokedEETest3.eml"
check "verify --require-crl --crl: a revoked end entity (PKITS 4.4.3) is reported revoked" 1 \
	grep -q "chain INVALID: revoked" "$tmp/stderr"
run smime verify --no-chain --require-crl "$PK/smime/SignedValidSignaturesTest1.eml"
expect 2 "verify: --require-crl with --no-chain exits 2"

# --- JSON on malformed input, strings escaped ----------------------------------

run smime verify $CA --json "$tmp/garbage"
json "verify --json: malformed input exits 3 with a failed report" 3 \
	'd["status"] == "failed" and d["signers"] == [] and d["error"]'
run smime verify --ca "$BC/validator.root.crt" --allow-legacy --json "$BC/validator.revoked.eml"
json "verify --json: a DN with an EMAIL attribute and commas survives" 1 \
	'"EMAIL=arminha@student.ethz.ch" in d["signers"][0]["subject"]'

echo "1..$n"
tap_done
