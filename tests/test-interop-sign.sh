#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Live signing interoperability, both directions, with four other CMS
# implementations:
#   - the openssl command (cms, crl2pkcs7, pkcs7): RSA PKCS #1 v1.5 and
#     RSA-PSS (any salt length), ECDSA on P-256/P-384/P-521 with every
#     SHA-2 digest, several signers, -stream (indefinite-length BER),
#     -noattr, -nocerts, certs-only messages;
#   - GnuTLS certtool --p7-sign / --p7-verify: Ed25519, Ed448, RSA, ECDSA;
#   - GnuPG gpgsm --sign / --verify: RSA and ECDSA;
#   - NSS cmsutil -S / -D: RSA and ECDSA (its exit status does not tell a
#     bad signature from a good one, so its per-signer status is read).
# Contents are compared byte for byte. Cases that need an smime option
# that this build does not have, or that a peer cannot do, are skipped
# with the reason; a peer missing from the system skips its section.
#
# Keys: tests/data/pki (RSA, P-256, Ed25519, the CAs), and
# tests/data/interop-sign (P-384, P-521 and Ed448 signing certificates,
# see its README.md). Output: TAP.
#
# Environment: SMIME_CLI (the smime binary), SMIME_TEST_DATA (tests/data),
# optional SMIME_CLI_WRAPPER (e.g. "valgrind -q --error-exitcode=99"),
# optional OPENSSL, CERTTOOL, GPGSM, GPGCONF, CMSUTIL (the commands).

. "$(dirname "$0")/lib/tap.sh"
. "$(dirname "$0")/lib/cases.sh"
tcase_init test-interop-sign

isd=$data/interop-sign
OPENSSL=${OPENSSL:-openssl}
CERTTOOL=${CERTTOOL:-certtool}

. "$(dirname "$0")/lib/peers.sh"

# Why a whole section is skipped (empty: it runs).
skip_openssl=
skip_certtool=
skip_gpgsm=
skip_nss=
command -v "$OPENSSL" >/dev/null 2>&1 || skip_openssl="openssl not found"
command -v "$CERTTOOL" >/dev/null 2>&1 ||
	skip_certtool="certtool not found (Debian: gnutls-bin)"
! gpgsm_lacks || skip_gpgsm=$peer_why
! nss_lacks || skip_nss=$peer_why
# Every section also needs openssl for its helpers (PKCS #12, EC keys).
if [ -n "$skip_openssl" ]; then
	skip_certtool=$skip_openssl
	skip_gpgsm=$skip_openssl
	skip_nss=$skip_openssl
fi

# --- helpers -----------------------------------------------------------------

ossl() {
	$limit "$OPENSSL" "$@"
}

ctool() {
	$limit "$CERTTOOL" "$@"
}

# key_of NAME / crt_of NAME: the files of a test signer.
key_of() {
	case $1 in
	p256) echo "$pki/ec-p256.key" ;;
	p384 | p521 | ed448) echo "$isd/sign-$1.key" ;;
	*) echo "$pki/$1.key" ;;
	esac
}

crt_of() {
	case $1 in
	p256) echo "$pki/ec-p256.crt" ;;
	p384 | p521 | ed448) echo "$isd/sign-$1.crt" ;;
	*) echo "$pki/$1.crt" ;;
	esac
}

email_of() {
	case $1 in
	p256) echo "ec-p256@example.org" ;;
	p384 | p521 | ed448) echo "sign-$1@example.org" ;;
	*) echo "$1@example.org" ;;
	esac
}

# peer_cannot SIGNERS ERE REASON: the last step failed; when one of
# SIGNERS is the current signer and the peer's stderr matches ERE, the
# failure is the peer's known limitation: the case is skipped instead.
peer_cannot() {
	case " $1 " in
	*" $signer "*) ;;
	*) return 1 ;;
	esac
	grep -qE -- "$2" "$W/stderr" || return 1
	rm -f "$W/why" "$W/cmd" "$W/cmd-stderr"
	skip "$3: $(grep -E -- "$2" "$W/stderr" | head -n 1 | sed 's/^[[:space:]]*//' | cut -c1-150)"
}

# OpenSSL 3.0 has no EdDSA in CMS, and no id-shake256-len digest.
OSSL_EDDSA='eddsa_digest_signverify_init|no default digest|2\.16\.840\.1\.101\.3\.4\.2\.18|operation not supported for this keytype'

# Options of this smime build (the CLI grows while the tests are written).
sign_help=$("$SMIME_CLI" sign --help 2>&1)
verify_help=$("$SMIME_CLI" verify --help 2>&1)
main_help=$("$SMIME_CLI" --help 2>&1)

# need CMD OPTION: skip the case unless "smime CMD" knows OPTION (CMD
# "main" asks for a command name).
need() {
	case $1 in
	sign) text=$sign_help ;;
	verify) text=$verify_help ;;
	*) text=$main_help ;;
	esac
	case $text in
	*"$2"*) return 0 ;;
	esac
	if [ "$1" = main ]; then
		skip "smime has no $2 command in this build"
	else
		skip "smime $1 has no $2 in this build"
	fi
	return 1
}

# has CMD TEXT: the help of "smime CMD" mentions TEXT (no skip).
has() {
	case $1 in
	sign) text=$sign_help ;;
	verify) text=$verify_help ;;
	*) text=$main_help ;;
	esac
	case $text in
	*"$2"*) return 0 ;;
	esac
	return 1
}

# need_multi: skip unless smime sign takes several -k/-c pairs.
need_multi() {
	has sign "one signer each" && return 0
	skip "smime sign takes one signer only in this build"
	return 1
}

# us_verify N ARGS...: smime verify ARGS... succeeds with N signers, all
# "OK", on its report (standard error).
us_verify() {
	nsig=$1
	shift
	step 0 smime verify --ca "$pki/ca.crt" "$@" || return 1
	total=$(grep -cE '^signer [0-9]+:' "$W/stderr")
	good=$(grep -cE '^signer [0-9]+: OK' "$W/stderr")
	if [ "$total" != "$nsig" ] || [ "$good" != "$nsig" ]; then
		complain "expected $nsig signers OK, report has $good OK of $total"
		return 1
	fi
}

# report_has ERE: the last smime verify report names this algorithm etc.
report_has() {
	grep -qE -- "$1" "$W/stderr" && return 0
	complain "smime verify did not report /$1/"
}

openssl_version() {
	"$OPENSSL" version 2>/dev/null | awk '{ print $2 }'
}

# fingerprints FILE: sorted SHA-256 fingerprints of the PEM certificates
# in FILE, one a line.
fingerprints() {
	awk -v dir="$W" '
		/-----BEGIN CERTIFICATE-----/ { n++; f = dir "/fp-cert" n ".pem" }
		f { print > f }
		/-----END CERTIFICATE-----/ { close(f); f = "" }
		END { print n + 0 > (dir "/fp-count") }' "$1"
	for c in "$W"/fp-cert*.pem; do
		[ -f "$c" ] || continue
		"$OPENSSL" x509 -in "$c" -noout -fingerprint -sha256
		rm -f "$c"
	done | sort
}

# Each case starts with no current signer (see peer_cannot).
tcase_begin() {
	signer=
}

make_payloads() {
	printf 'Signed content for the interop tests.\nBare LF line ends stay as they are.\n' \
		>"$tmp/plain.txt"
	printf 'NUL\000bytes\000\000in the middle\r\n\000\377\376\001\nend\000' \
		>"$tmp/nul.bin"
	head -c 200000 /dev/urandom >"$tmp/big.bin"
	printf 'Other content.\n' >"$tmp/other.txt"
	cat "$pki/ca.crt" "$pki/inter.crt" >"$tmp/ca-inter.pem"
}

# =============================================================================
# openssl cms
# =============================================================================

# ossl_to_us SIGNER HOW EXPECT [OPENSSL-ARGS...]: openssl cms -sign as
# SIGNER (attached or detached; "stream" variants add -stream and check
# the indefinite length), smime verifies and reports EXPECT ("-": no
# check), and returns the content byte for byte.
ossl_to_us() {
	signer=$1 how=$2 expect=$3
	shift 3
	content=${content:-$tmp/plain.txt}
	case $how in
	attached*) set -- -nodetach "$@" ;;
	esac
	case $how in
	*stream) set -- -stream "$@" ;;
	esac
	if ! step 0 ossl cms -sign -binary -outform DER -in "$content" \
		-out "$W/msg" -signer "$(crt_of "$signer")" \
		-inkey "$(key_of "$signer")" -certfile "$pki/inter.crt" "$@"; then
		peer_cannot "ed25519 ed448" "$OSSL_EDDSA" \
			"openssl $(openssl_version) cannot sign EdDSA in CMS"
		return
	fi
	case $how in
	*stream)
		hdr=$(od -An -tx1 -N2 "$W/msg" | tr -d ' ')
		[ "$hdr" = 3080 ] ||
			fail "openssl -stream output does not start with an indefinite length (got $hdr)" ||
			return 1
		;;
	esac
	case $how in
	attached*) us_verify 1 -o "$W/got" "$W/msg" || return 1 ;;
	*) us_verify 1 --content "$content" -o "$W/got" "$W/msg" || return 1 ;;
	esac
	if [ "$expect" != - ]; then
		report_has "$expect" || return 1
	fi
	same "$content" "$W/got"
}

# ossl_pss MD SALT [MGF1-MD]: openssl signs with RSA-PSS, smime verifies.
ossl_pss() {
	pss_md=$1
	set -- -md "$1" -keyopt rsa_padding_mode:pss \
		-keyopt "rsa_pss_saltlen:$2" ${3:+-keyopt rsa_mgf1_md:$3}
	ossl_to_us bob attached "$pss_md/rsassaPss" "$@"
}

# Two (or three) signers in one message, each with its own algorithm.
ossl_multi() {
	set --
	for s in $signers; do
		set -- "$@" -signer "$(crt_of "$s")" -inkey "$(key_of "$s")"
	done
	step 0 ossl cms -sign -binary -nodetach -outform DER \
		-in "$tmp/plain.txt" -out "$W/msg" -certfile "$pki/inter.crt" \
		"$@" || return 1
	count=0
	for s in $signers; do
		count=$((count + 1))
	done
	us_verify "$count" -o "$W/got" "$W/msg" || return 1
	same "$tmp/plain.txt" "$W/got"
}

# -nocerts: smime needs the certificates through --cert; without them it
# must fail (the signer cannot be found).
ossl_nocerts() {
	signer=$1
	step 0 ossl cms -sign -binary -nodetach -nocerts -outform DER \
		-in "$tmp/plain.txt" -out "$W/msg" \
		-signer "$(crt_of "$signer")" -inkey "$(key_of "$signer")" ||
		return 1
	step 1 smime verify --ca "$pki/ca.crt" "$W/msg" || return 1
	us_verify 1 --cert "$(crt_of "$signer")" --cert "$pki/inter.crt" \
		-o "$W/got" "$W/msg" || return 1
	same "$tmp/plain.txt" "$W/got"
}

# openssl crl2pkcs7 -nocrl: a degenerate (certs-only) PKCS #7 SignedData.
# smime inspect lists both certificates; smime certs (when present)
# extracts exactly them.
ossl_certs_only() {
	form=$1
	cat "$pki/alice.crt" "$pki/inter.crt" >"$W/bundle.pem"
	step 0 ossl crl2pkcs7 -nocrl -certfile "$W/bundle.pem" \
		-outform "$form" -out "$W/msg" || return 1
	step 0 smime inspect "$W/msg" || return 1
	for cn in "CN=alice" "CN=libsmime Test Intermediate CA"; do
		grep -qF "$cn" "$W/stdout" ||
			complain "smime inspect does not list $cn" || return 1
	done
	grep -qE 'signerInfos: 0|signerInfos: none|no signer' "$W/stdout" ||
		complain "smime inspect does not show zero signers" || return 1
	need main certs || return 0
	step 0 smime certs -o "$W/certs.pem" "$W/msg" || return 1
	fingerprints "$W/bundle.pem" >"$W/want.fp"
	fingerprints "$W/certs.pem" >"$W/got.fp"
	cmp -s "$W/want.fp" "$W/got.fp" ||
		fail "smime certs gave other certificates than the message holds"
}

# smime verify on a certs-only message: no signer, so no success.
ossl_certs_only_verify() {
	step 0 ossl crl2pkcs7 -nocrl -certfile "$pki/alice.crt" \
		-outform DER -out "$W/msg" || return 1
	step '!0' smime verify --ca "$pki/ca.crt" "$W/msg"
}

# --- smime signs, openssl verifies -----------------------------------------

# us_to_ossl SIGNER HOW [SMIME-ARGS...]: smime signs (DER, chain
# included), openssl cms -verify checks it against the test root and
# returns the content.
us_to_ossl() {
	signer=$1 how=$2
	shift 2
	content=${content:-$tmp/plain.txt}
	dargs=
	[ "$how" = detached ] && dargs=--detached
	step 0 smime sign -k "$(key_of "$signer")" -c "$(crt_of "$signer")" \
		--chain "$pki/chain.pem" $dargs --outform der -o "$W/msg" "$@" \
		"$content" || return 1
	ossl_verify "$how" "$content" || return 1
}

# ossl_verify attached|detached CONTENT [OPENSSL-ARGS]: openssl verifies
# $W/msg.
ossl_verify() {
	how=$1 content=$2
	shift 2
	if [ "$how" = detached ]; then
		set -- -content "$content" "$@"
	fi
	if ! step 0 ossl cms -verify -binary -inform DER -in "$W/msg" \
		-CAfile "$pki/ca.crt" -purpose smimesign -out "$W/got" "$@"; then
		peer_cannot "ed25519 ed448" "$OSSL_EDDSA" \
			"openssl $(openssl_version) cannot verify EdDSA in CMS"
		return
	fi
	same "$content" "$W/got"
}

# ossl_print_has ERE: openssl's dump of $W/msg matches ERE.
ossl_print_has() {
	ossl cms -cmsout -print -inform DER -in "$W/msg" >"$W/print" 2>&1
	grep -qE -- "$1" "$W/print" && return 0
	cp "$W/print" "$W/cmd-stderr"
	fail "openssl cms -print does not show /$1/"
}

us_pss() {
	need sign --pss || return 0
	signer=$1
	us_to_ossl "$signer" attached --pss || return 1
	ossl_print_has 'rsassaPss' || return 1
	# RFC 4056 as the issue asks: salt length = hash length (32 for
	# SHA-256, which is the DER default 20 replaced by an explicit 0x20).
	ossl cms -cmsout -print -inform DER -in "$W/msg" 2>/dev/null |
		grep -A30 'rsassaPss' >"$W/pss"
	if ! grep -qE 'cont \[ 2 \]' "$W/pss" ||
		! grep -qE 'INTEGER +:20$' "$W/pss"; then
		cp "$W/pss" "$W/cmd-stderr"
		fail "PSS parameters do not carry saltLength 32"
	fi
}

us_pss_digest() {
	need sign --pss || return 0
	need sign --digest || return 0
	us_to_ossl bob attached --pss --digest "$1"
}

us_digest() {
	need sign --digest || return 0
	signer=$1 md=$2
	us_to_ossl "$signer" attached --digest "$md" || return 1
	ossl_print_has "algorithm: $md " || return 1
	us_verify 1 -o "$W/got2" "$W/msg" || return 1
	report_has "$md/"
}

# Several -k/-c pairs: one message with every signer; openssl verifies
# them all (it fails if any one is bad), and so does smime.
us_multi() {
	need_multi || return 0
	set --
	count=0
	for s in $signers; do
		set -- "$@" -k "$(key_of "$s")" -c "$(crt_of "$s")"
		count=$((count + 1))
	done
	step 0 smime sign "$@" --chain "$pki/chain.pem" --outform der \
		-o "$W/msg" "$tmp/plain.txt" || return 1
	ossl_verify attached "$tmp/plain.txt" || return 1
	got=$(ossl cms -cmsout -print -inform DER -in "$W/msg" 2>/dev/null |
		grep -c 'signatureAlgorithm:')
	[ "$got" = "$count" ] ||
		fail "openssl sees $got signerInfos, expected $count" || return 1
	us_verify "$count" -o "$W/got2" "$W/msg"
}

us_noattr() {
	need sign --no-attributes || return 0
	signer=$1
	us_to_ossl "$signer" attached --no-attributes || return 1
	ossl cms -cmsout -print -inform DER -in "$W/msg" 2>/dev/null |
		grep -A1 'signedAttrs:' >"$W/attrs"
	grep -q ABSENT "$W/attrs" ||
		fail "the message still has signed attributes" || return 1
	us_verify 1 -o "$W/got2" "$W/msg"
}

us_nocerts() {
	need sign --no-certs || return 0
	signer=$1
	step 0 smime sign -k "$(key_of "$signer")" -c "$(crt_of "$signer")" \
		--no-certs --outform der -o "$W/msg" "$tmp/plain.txt" || return 1
	ossl_print_has 'certificates:' || return 1
	if ! grep -A1 'certificates:' "$W/print" | grep -q ABSENT; then
		fail "--no-certs output still carries certificates"
		return 1
	fi
	# openssl cannot verify without the certificate...
	if ossl cms -verify -binary -inform DER -in "$W/msg" \
		-CAfile "$pki/ca.crt" -out "$W/got" >"$W/stdout" 2>"$W/stderr" \
		</dev/null; then
		complain "openssl verified without any certificate"
		return 1
	fi
	# ... and verifies once given it (OpenSSL 3.0 builds the chain from
	# the message and the trust store only, so the intermediate goes to
	# -CAfile, the signer to -certfile).
	step 0 ossl cms -verify -binary -inform DER -in "$W/msg" \
		-CAfile "$tmp/ca-inter.pem" -certfile "$(crt_of "$signer")" \
		-purpose smimesign -out "$W/got" || return 1
	same "$tmp/plain.txt" "$W/got"
}

us_ski() {
	need sign --ski || return 0
	signer=$1
	us_to_ossl "$signer" attached --ski || return 1
	ossl_print_has 'subjectKeyIdentifier' || return 1
	us_verify 1 -o "$W/got2" "$W/msg"
}

# smime sign --certs-only: openssl pkcs7 -print_certs reads exactly the
# certificates given.
us_certs_only() {
	need sign --certs-only || return 0
	form=$1
	step 0 smime sign --certs-only -c "$pki/alice.crt" \
		--chain "$pki/chain.pem" --outform "$form" -o "$W/msg" ||
		return 1
	# smime writes the RFC 7468 "CMS" PEM label, which openssl pkcs7
	# does not take (it wants "PKCS7"): openssl cms converts to DER.
	if [ "$form" = pem ]; then
		step 0 ossl cms -cmsout -inform PEM -in "$W/msg" -outform DER \
			-out "$W/msg.der" || return 1
	else
		cp "$W/msg" "$W/msg.der"
	fi
	step 0 ossl pkcs7 -inform DER -in "$W/msg.der" -print_certs \
		-out "$W/certs.pem" || return 1
	cat "$pki/alice.crt" "$pki/inter.crt" >"$W/bundle.pem"
	fingerprints "$W/bundle.pem" >"$W/want.fp"
	fingerprints "$W/certs.pem" >"$W/got.fp"
	cmp -s "$W/want.fp" "$W/got.fp" ||
		fail "openssl reads other certificates than were given" ||
		return 1
	# Round trip through smime certs when it exists.
	case $main_help in
	*certs*) ;;
	*) return 0 ;;
	esac
	step 0 smime certs "$W/msg" || return 1
	fingerprints "$W/stdout" >"$W/got2.fp"
	cmp -s "$W/want.fp" "$W/got2.fp" ||
		fail "smime certs reads other certificates than were given"
}

# smime verify --json on openssl's two-signer message: valid JSON, an
# overall "ok" and two signers whose signature and chain are ok.
ossl_json() {
	need verify --json || return 0
	step 0 ossl cms -sign -binary -nodetach -outform DER \
		-in "$tmp/plain.txt" -out "$W/msg" -certfile "$pki/inter.crt" \
		-signer "$(crt_of alice)" -inkey "$(key_of alice)" \
		-signer "$(crt_of p384)" -inkey "$(key_of p384)" || return 1
	step 0 smime verify --ca "$pki/ca.crt" --json "$W/msg" || return 1
	cp "$W/stdout" "$W/json"
	if ! command -v python3 >/dev/null 2>&1; then
		grep -q '"signers"' "$W/json" || complain "no signers in the JSON"
		return
	fi
	if python3 - "$W/json" >"$W/check" 2>&1 <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["status"] == "ok", r["status"]
sig = r["signers"]
assert len(sig) == 2, len(sig)
for s in sig:
    assert s["status"] == "ok" and s["signature"] == "ok" and s["chain"] == "ok", s
algs = sorted(s["signature_algorithm"][:9] for s in sig)
assert algs == ["ecdsaWith", "rsaEncryp"], algs
PY
	then
		return 0
	fi
	cat "$W/check" "$W/json" >"$W/cmd-stderr"
	fail "smime verify --json does not describe the two good signers"
}

# smime verify --email on openssl's message: the signer's address
# passes, another one fails.
ossl_email() {
	need verify --email || return 0
	step 0 ossl cms -sign -binary -nodetach -outform DER \
		-in "$tmp/plain.txt" -out "$W/msg" -certfile "$pki/inter.crt" \
		-signer "$(crt_of p256)" -inkey "$(key_of p256)" || return 1
	us_verify 1 --email "$(email_of p256)" "$W/msg" || return 1
	step 1 smime verify --ca "$pki/ca.crt" --email alice@example.org \
		"$W/msg"
}

# smime countersign on openssl's two-signer message: openssl still
# verifies both signers (the countersignature is an unsigned attribute),
# smime reports a good countersigner under each signer.
us_countersign_ossl() {
	need main countersign || return 0
	step 0 ossl cms -sign -binary -nodetach -outform DER \
		-in "$tmp/plain.txt" -out "$W/orig" -certfile "$pki/inter.crt" \
		-signer "$(crt_of alice)" -inkey "$(key_of alice)" \
		-signer "$(crt_of p256)" -inkey "$(key_of p256)" || return 1
	step 0 smime countersign -k "$(key_of p384)" -c "$(crt_of p384)" \
		--outform der -o "$W/msg" "$W/orig" || return 1
	ossl_verify attached "$tmp/plain.txt" || return 1
	ossl_print_has 'countersignature' || return 1
	us_verify 2 -o "$W/got2" "$W/msg" || return 1
	cs=$(grep -cE '^ +countersigner [0-9]+: OK' "$W/stderr")
	[ "$cs" = 2 ] || complain "expected 2 good countersigners, report has $cs"
}

# Tampering refused both ways.
refuse_ossl_tampered() {
	printf 'Tamper-evident marker content 0123456789\n' >"$W/content"
	step 0 ossl cms -sign -binary -nodetach -outform DER -in "$W/content" \
		-out "$W/msg" -signer "$(crt_of "$1")" -inkey "$(key_of "$1")" \
		-certfile "$pki/inter.crt" || return 1
	off=$(grep -obaF "marker content" "$W/msg" | head -n 1 | cut -d: -f1)
	[ -n "$off" ] || fail "content not found" || return 1
	printf 'X' | dd of="$W/msg" bs=1 seek="$off" conv=notrunc 2>/dev/null
	step 1 smime verify --ca "$pki/ca.crt" "$W/msg"
}

refuse_us_other_content() {
	step 0 smime sign -k "$(key_of "$1")" -c "$(crt_of "$1")" \
		--chain "$pki/chain.pem" --detached --outform der -o "$W/msg" \
		"$tmp/plain.txt" || return 1
	ossl cms -verify -binary -inform DER -in "$W/msg" \
		-content "$tmp/other.txt" -CAfile "$pki/ca.crt" -out "$W/got" \
		>"$W/stdout" 2>"$W/stderr" </dev/null && {
		complain "openssl accepted the signature over other content"
		return 1
	}
	return 0
}

openssl_cases() {
	skip_all=$skip_openssl

	# RSA PKCS #1 v1.5
	for md in sha224 sha256 sha384 sha512; do
		tcase "openssl cms -sign RSA v1.5 -md $md -> smime verify" \
			ossl_to_us alice attached "$md/rsaEncryption" -md "$md"
	done
	tcase "openssl cms -sign RSA-3072 detached -> smime verify --content" \
		ossl_to_us bob detached "sha256/rsaEncryption" -md sha256

	# RSA-PSS, any salt length and digest
	for salt in 32 -1 max 0 20 64; do
		tcase "openssl cms -sign RSA-PSS sha256 saltlen $salt -> smime verify" \
			ossl_pss sha256 "$salt"
	done
	for md in sha384 sha512; do
		tcase "openssl cms -sign RSA-PSS $md saltlen -1 -> smime verify" \
			ossl_pss "$md" -1
	done
	tcase "openssl cms -sign RSA-PSS sha256, MGF1-SHA1 -> smime verify" \
		ossl_pss sha256 -1 sha1
	tcase "openssl cms -sign RSA-PSS sha512, MGF1-SHA256, saltlen 20 -> smime verify" \
		ossl_pss sha512 20 sha256

	# ECDSA: every curve with every digest (matching and not)
	for c in p256 p384 p521; do
		for md in sha256 sha384 sha512; do
			tcase "openssl cms -sign ECDSA $c -md $md -> smime verify" \
				ossl_to_us "$c" attached "$md/ecdsaWithSHA${md#sha}" \
				-md "$md"
		done
		tcase "openssl cms -sign ECDSA $c detached -> smime verify --content" \
			ossl_to_us "$c" detached "ecdsaWithSHA" 
	done
	tcase "openssl cms -sign ECDSA p256 -md sha224 -> smime verify" \
		ossl_to_us p256 attached "sha224/ecdsaWithSHA224" -md sha224

	# EdDSA (RFC 8419)
	tcase "openssl cms -sign Ed25519 -> smime verify" \
		ossl_to_us ed25519 attached "Ed25519" -md sha512

	# several signers
	signers="alice p256"
	tcase "openssl cms -sign two signers (RSA + ECDSA P-256) -> smime verify both" \
		ossl_multi
	signers="bob p384 p521"
	tcase "openssl cms -sign three signers (RSA, P-384, P-521) -> smime verify all" \
		ossl_multi

	# streaming: indefinite-length BER
	tcase "openssl cms -sign -stream attached (indefinite length) -> smime verify" \
		ossl_to_us alice attached-stream -
	tcase "openssl cms -sign -stream detached (indefinite length) -> smime verify" \
		ossl_to_us alice detached-stream -
	tcase "openssl cms -sign -stream ECDSA P-384 -> smime verify" \
		ossl_to_us p384 attached-stream -
	content=$tmp/big.bin
	tcase "openssl cms -sign -stream 200 kB random -> smime verify" \
		ossl_to_us alice attached-stream -
	content=$tmp/nul.bin
	tcase "openssl cms -sign binary with NULs -> smime verify" \
		ossl_to_us p256 attached -
	content=

	# no signed attributes
	tcase "openssl cms -sign -noattr RSA -> smime verify" \
		ossl_to_us alice attached - -noattr
	tcase "openssl cms -sign -noattr ECDSA P-521 -> smime verify" \
		ossl_to_us p521 attached - -noattr
	tcase "openssl cms -sign -noattr detached ECDSA P-256 -> smime verify" \
		ossl_to_us p256 detached - -noattr
	tcase "openssl cms -sign -noattr RSA-PSS -> smime verify" \
		ossl_to_us bob attached rsassaPss -noattr \
		-keyopt rsa_padding_mode:pss
	tcase "openssl cms -sign -noattr Ed25519 -> smime verify" \
		ossl_to_us ed25519 attached Ed25519 -noattr -md sha512
	tcase "openssl cms -sign -keyid (subjectKeyIdentifier) ECDSA -> smime verify" \
		ossl_to_us p384 attached - -keyid

	# no certificates in the message
	tcase "openssl cms -sign -nocerts RSA -> smime verify needs --cert" \
		ossl_nocerts alice
	tcase "openssl cms -sign -nocerts ECDSA -> smime verify needs --cert" \
		ossl_nocerts p256

	# certs-only
	tcase "openssl crl2pkcs7 -nocrl (certs-only, DER) -> smime inspect/certs" \
		ossl_certs_only DER
	tcase "openssl crl2pkcs7 -nocrl (certs-only, PEM) -> smime inspect/certs" \
		ossl_certs_only PEM
	tcase "refuse: smime verify of a certs-only message (no signer) fails" \
		ossl_certs_only_verify

	# smime signs, openssl verifies
	for s in alice bob p256 p384 p521 ed25519 ed448; do
		for how in attached detached; do
			tcase "smime sign $s $how -> openssl cms -verify" \
				us_to_ossl "$s" "$how"
		done
	done
	content=$tmp/nul.bin
	tcase "smime sign binary with NULs ECDSA -> openssl cms -verify" \
		us_to_ossl p256 attached
	content=$tmp/big.bin
	tcase "smime sign 200 kB random detached -> openssl cms -verify" \
		us_to_ossl alice detached
	content=

	# new options
	tcase "smime sign --pss (RSA-2048) -> openssl verifies, salt = 32" \
		us_pss alice
	tcase "smime sign --pss (RSA-3072) -> openssl verifies, salt = 32" \
		us_pss bob
	for md in sha384 sha512; do
		tcase "smime sign --pss --digest $md -> openssl verifies" \
			us_pss_digest "$md"
	done
	for c in p256 p384 p521; do
		for md in sha256 sha384 sha512; do
			tcase "smime sign ECDSA $c --digest $md -> openssl verifies" \
				us_digest "$c" "$md"
		done
	done
	for md in sha224 sha384 sha512; do
		tcase "smime sign RSA --digest $md -> openssl verifies" \
			us_digest alice "$md"
	done
	signers="alice p256"
	tcase "smime sign two signers (RSA + ECDSA) -> openssl verifies both" \
		us_multi
	signers="bob p384 p521"
	tcase "smime sign three signers (RSA, P-384, P-521) -> openssl verifies all" \
		us_multi
	for s in alice p256 ed25519; do
		tcase "smime sign --no-attributes $s -> openssl verifies" \
			us_noattr "$s"
	done
	tcase "smime sign --no-certs -> openssl verifies with -certfile only" \
		us_nocerts alice
	tcase "smime sign --ski -> openssl verifies (subjectKeyIdentifier sid)" \
		us_ski p256
	tcase "smime sign --certs-only DER -> openssl pkcs7 -print_certs" \
		us_certs_only der
	tcase "smime sign --certs-only PEM -> openssl pkcs7 -print_certs" \
		us_certs_only pem

	tcase "openssl cms -sign two signers -> smime verify --json" ossl_json
	tcase "openssl cms -sign ECDSA -> smime verify --email (match, mismatch)" \
		ossl_email
	tcase "smime countersign openssl's two-signer message -> openssl and smime verify" \
		us_countersign_ossl

	tcase "refuse: smime rejects openssl's ECDSA signature with a content byte changed" \
		refuse_ossl_tampered p256
	tcase "refuse: openssl rejects smime's detached ECDSA signature over other content" \
		refuse_us_other_content p384
}

# =============================================================================
# GnuTLS certtool
# =============================================================================

# certtool --p7-verify succeeded: exit 0 and "Signature status: ok".
ctool_verify() {
	step 0 ctool --p7-verify --inder --load-ca-certificate "$pki/ca.crt" \
		--infile "$W/msg" "$@" || return 1
	grep -q 'Signature status: ok' "$W/stdout" "$W/stderr" ||
		complain "certtool did not report 'Signature status: ok'"
}

# ct_to_us SIGNER attached|detached [CERTTOOL-ARGS]: certtool signs
# (with its certificate in the message; the intermediate comes from
# --cert), smime verifies.
ct_to_us() {
	signer=$1 how=$2
	shift 2
	dargs=
	[ "$how" = detached ] && dargs=--p7-detached-sign
	ctool --p7-sign $dargs --p7-include-cert --outder \
		--load-privkey "$(key_of "$signer")" \
		--load-certificate "$(crt_of "$signer")" \
		--infile "$tmp/plain.txt" --outfile "$W/msg" "$@" \
		>"$W/stdout" 2>"$W/stderr" </dev/null
	rc=$?
	if [ "$rc" != 0 ]; then
		# certtool 3.7.9 refuses Ed448 with signed attributes.
		if [ "$signer" = ed448 ] &&
			grep -q 'request is invalid' "$W/stderr"; then
			skip "certtool cannot sign Ed448 with signed attributes ('$(tail -n 1 "$W/stderr")')"
			return 0
		fi
		printf '%s\n' "certtool --p7-sign $*" >"$W/cmd"
		complain "certtool --p7-sign failed ($rc)"
		return 1
	fi
	if [ "$how" = detached ]; then
		us_verify 1 --cert "$pki/inter.crt" --content "$tmp/plain.txt" \
			-o "$W/got" "$W/msg" || return 1
	else
		us_verify 1 --cert "$pki/inter.crt" -o "$W/got" "$W/msg" ||
			return 1
	fi
	same "$tmp/plain.txt" "$W/got"
}

# us_to_ct SIGNER attached|detached [SMIME-ARGS]: smime signs with the
# chain, certtool --p7-verify checks it against the root.
us_to_ct() {
	signer=$1 how=$2
	shift 2
	dargs=
	[ "$how" = detached ] && dargs=--detached
	step 0 smime sign -k "$(key_of "$signer")" -c "$(crt_of "$signer")" \
		--chain "$pki/chain.pem" $dargs --outform der -o "$W/msg" "$@" \
		"$tmp/plain.txt" || return 1
	if [ "$how" = detached ]; then
		set -- --load-data "$tmp/plain.txt"
	else
		set --
	fi
	ctool --p7-verify --inder --load-ca-certificate "$pki/ca.crt" \
		--infile "$W/msg" "$@" >"$W/stdout" 2>"$W/stderr" </dev/null
	rc=$?
	if [ "$rc" = 0 ] && grep -q 'Signature status: ok' "$W/stderr" "$W/stdout"; then
		return 0
	fi
	# certtool 3.7.9 knows SHAKE256 only as id-shake256, not as the
	# id-shake256-len (512) digest RFC 8419 requires for Ed448 with
	# signed attributes.
	if [ "$signer" = ed448 ] && grep -q 'request is invalid' "$W/stderr"; then
		skip "certtool cannot verify Ed448 with signed attributes (RFC 8419 id-shake256-len digest): '$(grep 'Signature status' "$W/stderr" | head -n 1 | sed 's/^[[:space:]]*//')'"
		return 0
	fi
	printf '%s\n' "certtool --p7-verify --inder --load-ca-certificate ca.crt --infile msg $*" >"$W/cmd"
	complain "certtool --p7-verify failed ($rc)"
}

us_to_ct_noattr() {
	need sign --no-attributes || return 0
	us_to_ct "$1" "$2" --no-attributes
}

refuse_ct_other_content() {
	step 0 smime sign -k "$(key_of "$1")" -c "$(crt_of "$1")" \
		--chain "$pki/chain.pem" --detached --outform der -o "$W/msg" \
		"$tmp/plain.txt" || return 1
	ctool --p7-verify --inder --load-ca-certificate "$pki/ca.crt" \
		--infile "$W/msg" --load-data "$tmp/other.txt" \
		>"$W/stdout" 2>"$W/stderr" </dev/null
	rc=$?
	if [ "$rc" = 0 ] || grep -q 'Signature status: ok' "$W/stderr"; then
		complain "certtool accepted the signature over other content"
	fi
}

refuse_ct_tampered() {
	printf 'Tamper-evident marker content 0123456789\n' >"$W/content"
	step 0 ctool --p7-sign --p7-include-cert --outder \
		--load-privkey "$(key_of "$1")" --load-certificate "$(crt_of "$1")" \
		--infile "$W/content" --outfile "$W/msg" || return 1
	off=$(grep -obaF "marker content" "$W/msg" | head -n 1 | cut -d: -f1)
	[ -n "$off" ] || fail "content not found" || return 1
	printf 'X' | dd of="$W/msg" bs=1 seek="$off" conv=notrunc 2>/dev/null
	step 1 smime verify --ca "$pki/ca.crt" --cert "$pki/inter.crt" "$W/msg"
}

certtool_cases() {
	skip_all=$skip_certtool
	for s in ed25519 ed448 alice bob p256 p384 p521; do
		for how in attached detached; do
			tcase "certtool --p7-sign $s $how -> smime verify" \
				ct_to_us "$s" "$how"
		done
		tcase "certtool --p7-sign --p7-time $s (signed attributes) -> smime verify" \
			ct_to_us "$s" attached --p7-time
	done
	tcase "certtool --p7-sign --hash sha512 ECDSA p256 -> smime verify" \
		ct_to_us p256 attached --hash sha512 --p7-time
	tcase "certtool --p7-sign --hash sha384 RSA -> smime verify" \
		ct_to_us alice attached --hash sha384 --p7-time
	for s in ed25519 ed448 alice bob p256 p384 p521; do
		for how in attached detached; do
			tcase "smime sign $s $how -> certtool --p7-verify" \
				us_to_ct "$s" "$how"
		done
	done
	for s in ed25519 ed448 alice p256; do
		tcase "smime sign --no-attributes $s -> certtool --p7-verify" \
			us_to_ct_noattr "$s" attached
	done
	tcase "refuse: certtool rejects smime's detached Ed25519 signature over other content" \
		refuse_ct_other_content ed25519
	tcase "refuse: smime rejects certtool's Ed448 signature with a content byte changed" \
		refuse_ct_tampered ed448
}

# =============================================================================
# gpgsm
# =============================================================================

# gpg_ec_key NAME: write NAME's EC private key into the agent's key store
# (gpgsm 2.2 crashes importing EC keys from PKCS #12, so the key goes in
# directly, unprotected, under the keygrip gpgsm computes from the
# certificate).
gpg_ec_key() {
	name=$1 curve=$2
	grip=$("$GPGSM" --homedir "$home" --with-colons --with-keygrip \
		--list-keys "$(email_of "$name")" 2>/dev/null |
		awk -F: '$1 == "grp" { print $10; exit }')
	[ -n "$grip" ] || return 1
	ec_text=$("$OPENSSL" ec -in "$(key_of "$name")" -noout -text 2>/dev/null) ||
		return 1
	d=$(printf '%s\n' "$ec_text" | awk '/^[A-Za-z]/ { s = $1 }
		s == "priv:" && /^ / { gsub(/[ :]/, ""); printf "%s", toupper($0) }')
	q=$(printf '%s\n' "$ec_text" | awk '/^[A-Za-z]/ { s = $1 }
		s == "pub:" && /^ / { gsub(/[ :]/, ""); printf "%s", toupper($0) }')
	[ -n "$d" ] && [ -n "$q" ] || return 1
	if [ ! -d "$home/private-keys-v1.d" ]; then
		mkdir -m 700 "$home/private-keys-v1.d" || return 1
	fi
	printf 'Key: (private-key (ecc (curve "%s") (q #%s#) (d #%s#)))\n' \
		"$curve" "$q" "$d" >"$home/private-keys-v1.d/$grip.key"
}

gpgsm_version() {
	"$GPGSM" --version 2>/dev/null | awk 'NR == 1 { print $3 }'
}

# setup_gpgsm: the GNUPGHOME with every signing certificate, bob's key
# and the EC keys (not protected) in the agent.
setup_gpgsm() {
	if ! gpgsm_setup "$pki/ca.crt" "$pki/inter.crt" "$pki/alice.crt" \
		"$(crt_of p256)" "$(crt_of p384)" "$(crt_of p521)"; then
		skip_gpgsm=$peer_why
		return 1
	fi
	if ! gpg_ec_key p256 "NIST P-256" || ! gpg_ec_key p384 "NIST P-384" ||
		! gpg_ec_key p521 "NIST P-521"; then
		skip_gpgsm="cannot give gpg-agent the EC test keys"
		return 1
	fi
}

# gpg_to_us SIGNER attached|detached DIGEST: gpgsm signs, smime verifies.
# gpg-agent wants an ECDSA digest at least as long as the curve order.
gpg_to_us() {
	signer=$1 how=$2 md=$3
	if [ "$how" = attached ]; then
		step 0 gsm -u "$(email_of "$signer")" --digest-algo "$md" --sign \
			-o "$W/msg" "$tmp/plain.txt" || return 1
		us_verify 1 -o "$W/got" "$W/msg" || return 1
	else
		step 0 gsm -u "$(email_of "$signer")" --digest-algo "$md" \
			--detach-sign -o "$W/msg" "$tmp/plain.txt" || return 1
		us_verify 1 --content "$tmp/plain.txt" -o "$W/got" "$W/msg" ||
			return 1
	fi
	same "$tmp/plain.txt" "$W/got"
}

# gsm_verify N ARGS...: gpgsm --verify exits 0 with N GOODSIG and N
# VALIDSIG status lines and no BADSIG/ERRSIG.
gsm_verify() {
	nsig=$1
	shift
	if ! step 0 gsm --status-fd 1 --verify "$@"; then
		# gpgsm 2.2 cannot verify any P-521 signature, its own included.
		peer_cannot p521 'hash length to be a multiple of 8 bits' \
			"gpgsm $(gpgsm_version) cannot verify ECDSA P-521"
		return
	fi
	good=$(grep -c '^\[GNUPG:\] GOODSIG ' "$W/stdout")
	valid=$(grep -c '^\[GNUPG:\] VALIDSIG ' "$W/stdout")
	if [ "$good" != "$nsig" ] || [ "$valid" != "$nsig" ] ||
		grep -qE '^\[GNUPG:\] (BADSIG|ERRSIG|EXPSIG|REVKEYSIG) ' "$W/stdout"; then
		cat "$W/stdout" "$W/stderr" >"$W/cmd-stderr"
		fail "gpgsm: $good GOODSIG, $valid VALIDSIG, expected $nsig of each"
	fi
}

us_to_gpg() {
	signer=$1 how=$2
	shift 2
	if [ "$how" = attached ]; then
		step 0 smime sign -k "$(key_of "$signer")" -c "$(crt_of "$signer")" \
			--chain "$pki/chain.pem" --outform der -o "$W/msg" "$@" \
			"$tmp/plain.txt" || return 1
		gsm_verify 1 -o "$W/got" "$W/msg" || return 1
		same "$tmp/plain.txt" "$W/got"
	else
		step 0 smime sign -k "$(key_of "$signer")" -c "$(crt_of "$signer")" \
			--chain "$pki/chain.pem" --detached --outform der \
			-o "$W/msg" "$@" "$tmp/plain.txt" || return 1
		gsm_verify 1 "$W/msg" "$tmp/plain.txt"
	fi
}

us_to_gpg_digest() {
	need sign --digest || return 0
	us_to_gpg "$1" attached --digest "$2"
}

us_to_gpg_multi() {
	need_multi || return 0
	step 0 smime sign -k "$(key_of bob)" -c "$(crt_of bob)" \
		-k "$(key_of p256)" -c "$(crt_of p256)" --chain "$pki/chain.pem" \
		--outform der -o "$W/msg" "$tmp/plain.txt" || return 1
	gsm_verify 2 -o "$W/got" "$W/msg" || return 1
	same "$tmp/plain.txt" "$W/got"
}

# us_to_gpg_opt OPTION SIGNER: smime sign with a new option, gpgsm
# verifies.
us_to_gpg_opt() {
	need sign "$1" || return 0
	opt=$1
	us_to_gpg "$2" attached "$opt" || {
		# libksba cannot parse a subjectKeyIdentifier sid (SignerInfo
		# version 3), openssl -keyid's neither.
		[ "$opt" = --ski ] && signer=$2 &&
			peer_cannot "$2" 'ksba_cms_parse failed: BER error' \
				"gpgsm $(gpgsm_version) cannot parse SignerInfo version 3 (subjectKeyIdentifier)"
	}
}

# A countersigned message still verifies in gpgsm (both signers good).
us_countersign_gpg() {
	need main countersign || return 0
	need_multi || return 0
	step 0 smime sign -k "$(key_of bob)" -c "$(crt_of bob)" \
		-k "$(key_of p256)" -c "$(crt_of p256)" --chain "$pki/chain.pem" \
		--outform der -o "$W/orig" "$tmp/plain.txt" || return 1
	step 0 smime countersign -k "$(key_of alice)" -c "$(crt_of alice)" \
		--outform der -o "$W/msg" "$W/orig" || return 1
	gsm_verify 2 -o "$W/got" "$W/msg" || return 1
	same "$tmp/plain.txt" "$W/got"
}

refuse_gpg_other_content() {
	step 0 smime sign -k "$(key_of "$1")" -c "$(crt_of "$1")" \
		--chain "$pki/chain.pem" --detached --outform der -o "$W/msg" \
		"$tmp/plain.txt" || return 1
	gsm --status-fd 1 --verify "$W/msg" "$tmp/other.txt" \
		>"$W/stdout" 2>"$W/stderr" </dev/null
	grep -q '^\[GNUPG:\] BADSIG ' "$W/stdout" && return 0
	cat "$W/stdout" "$W/stderr" >"$W/cmd-stderr"
	fail "gpgsm did not report BADSIG"
}

gpgsm_cases() {
	skip_all=$skip_gpgsm
	for how in attached detached; do
		tcase "gpgsm --sign RSA-3072 (bob) $how -> smime verify" \
			gpg_to_us bob "$how" SHA256
		tcase "gpgsm --sign ECDSA P-256 $how -> smime verify" \
			gpg_to_us p256 "$how" SHA256
	done
	tcase "gpgsm --sign ECDSA P-256 SHA512 -> smime verify" \
		gpg_to_us p256 attached SHA512
	tcase "gpgsm --sign ECDSA P-384 SHA384 -> smime verify" \
		gpg_to_us p384 attached SHA384
	tcase "gpgsm --sign ECDSA P-521 SHA512 -> smime verify" \
		gpg_to_us p521 attached SHA512
	tcase "gpgsm --sign RSA SHA512 -> smime verify" \
		gpg_to_us bob attached SHA512
	for s in alice bob p256 p384 p521; do
		for how in attached detached; do
			tcase "smime sign $s $how -> gpgsm --verify" \
				us_to_gpg "$s" "$how"
		done
	done
	tcase "smime sign ECDSA P-256 --digest sha512 -> gpgsm --verify" \
		us_to_gpg_digest p256 sha512
	tcase "smime sign RSA --digest sha384 -> gpgsm --verify" \
		us_to_gpg_digest alice sha384
	tcase "smime sign two signers (RSA + ECDSA) -> gpgsm --verify both" \
		us_to_gpg_multi
	tcase "smime sign --pss (RSA) -> gpgsm --verify" us_to_gpg_opt --pss bob
	tcase "smime sign --no-attributes RSA -> gpgsm --verify" \
		us_to_gpg_opt --no-attributes alice
	tcase "smime sign --no-attributes ECDSA -> gpgsm --verify" \
		us_to_gpg_opt --no-attributes p256
	tcase "smime sign --ski ECDSA -> gpgsm --verify" us_to_gpg_opt --ski p256
	tcase "smime sign two signers + smime countersign -> gpgsm --verify both" \
		us_countersign_gpg
	tcase "refuse: gpgsm reports BADSIG for smime's ECDSA signature over other content" \
		refuse_gpg_other_content p256
}

# =============================================================================
# NSS cmsutil
# =============================================================================

# setup_nss: the NSS database with the signing keys (through PKCS #12).
setup_nss() {
	printf 'nss-pass' >"$tmp/p12.pass"
	if ! nss_setup; then
		skip_nss=$peer_why
		return 1
	fi
	for s in bob p256 p384 p521; do
		if ! "$OPENSSL" pkcs12 -export -inkey "$(key_of "$s")" \
			-in "$(crt_of "$s")" -certfile "$pki/inter.crt" -name "$s" \
			-passout "file:$tmp/p12.pass" -out "$tmp/$s.p12" \
			>>"$tmp/nss-setup.log" 2>&1 ||
			! nss_import_p12 "$tmp/$s.p12" "$tmp/p12.pass"; then
			skip_nss="cannot import $s into NSS: $(tail -n 1 "$tmp/nss-setup.log")"
			return 1
		fi
	done
}

# nss_status N: cmsutil's header dump (stdout) has nsigners=N and every
# signer's status GoodSignature.
nss_status() {
	nsig=$1
	grep -q "nsigners=$nsig;" "$W/stdout" &&
		[ "$(grep -o 'signer[0-9]*\.status=GoodSignature' "$W/stdout" | wc -l)" -eq "$nsig" ] &&
		! grep -o 'signer[0-9]*\.status=[A-Za-z]*' "$W/stdout" | grep -qv GoodSignature &&
		return 0
	cat "$W/stdout" "$W/stderr" >"$W/cmd-stderr"
	fail "cmsutil did not report $nsig signers with status GoodSignature"
}

# cms_check N [ARGS]: cmsutil -D of $W/msg, status lines checked; the
# content (second run, no header dump) in $W/got.
cms_check() {
	nsig=$1
	shift
	step 0 cms -D -h 2 -n -i "$W/msg" "$@" || return 1
	nss_status "$nsig"
}

nss_to_us() {
	signer=$1 how=$2 md=$3
	if [ "$how" = attached ]; then
		step 0 cms -S -N "$signer" -H "$md" -G -P -i "$tmp/plain.txt" \
			-o "$W/msg" || return 1
		us_verify 1 -o "$W/got" "$W/msg" || return 1
	else
		step 0 cms -S -T -N "$signer" -H "$md" -i "$tmp/plain.txt" \
			-o "$W/msg" || return 1
		us_verify 1 --content "$tmp/plain.txt" -o "$W/got" "$W/msg" ||
			return 1
	fi
	same "$tmp/plain.txt" "$W/got"
}

us_to_nss() {
	signer=$1 how=$2
	shift 2
	if [ "$how" = attached ]; then
		step 0 smime sign -k "$(key_of "$signer")" -c "$(crt_of "$signer")" \
			--chain "$pki/chain.pem" --outform der -o "$W/msg" "$@" \
			"$tmp/plain.txt" || return 1
		cms_check 1 || return 1
		step 0 cms -D -i "$W/msg" -o "$W/got" || return 1
		same "$tmp/plain.txt" "$W/got"
	else
		step 0 smime sign -k "$(key_of "$signer")" -c "$(crt_of "$signer")" \
			--chain "$pki/chain.pem" --detached --outform der \
			-o "$W/msg" "$@" "$tmp/plain.txt" || return 1
		cms_check 1 -c "$tmp/plain.txt"
	fi
}

us_to_nss_digest() {
	need sign --digest || return 0
	us_to_nss "$1" attached --digest "$2"
}

us_to_nss_multi() {
	need_multi || return 0
	step 0 smime sign -k "$(key_of alice)" -c "$(crt_of alice)" \
		-k "$(key_of p384)" -c "$(crt_of p384)" --chain "$pki/chain.pem" \
		--outform der -o "$W/msg" "$tmp/plain.txt" || return 1
	cms_check 2
}

us_to_nss_opt() {
	need sign "$1" || return 0
	us_to_nss "$2" attached "$1"
}

us_countersign_nss() {
	need main countersign || return 0
	need_multi || return 0
	step 0 smime sign -k "$(key_of bob)" -c "$(crt_of bob)" \
		-k "$(key_of p521)" -c "$(crt_of p521)" --chain "$pki/chain.pem" \
		--outform der -o "$W/orig" "$tmp/plain.txt" || return 1
	step 0 smime countersign -k "$(key_of p256)" -c "$(crt_of p256)" \
		--outform der -o "$W/msg" "$W/orig" || return 1
	cms_check 2
}

# cmsutil -O (certs-only): smime certs returns the signer's certificate
# and its chain as NSS put them in.
nss_certs_only() {
	need main certs || return 0
	step 0 cms -O -r bob -o "$W/msg" || return 1
	step 0 smime certs -o "$W/certs.pem" "$W/msg" || return 1
	cat "$(crt_of bob)" "$pki/inter.crt" >"$W/bundle.pem"
	fingerprints "$W/bundle.pem" >"$W/want.fp"
	fingerprints "$W/certs.pem" >"$W/got.fp"
	cmp -s "$W/want.fp" "$W/got.fp" ||
		fail "smime certs gave other certificates than cmsutil -O put in"
}

# smime sign --certs-only -> cmsutil -D reads it (nsigners=0, no
# complaint). NSS checks every certificate of a certs-only message for
# e-mail signing, so it fails on a CA certificate (its own -O output
# included): only the end-entity certificate goes in.
us_certs_only_nss() {
	need sign --certs-only || return 0
	step 0 smime sign --certs-only -c "$(crt_of alice)" --outform der \
		-o "$W/msg" || return 1
	step 0 cms -D -h 2 -n -i "$W/msg" || return 1
	if ! grep -q 'nsigners=0;' "$W/stdout" ||
		grep -qE 'failed|problem' "$W/stderr"; then
		cat "$W/stdout" "$W/stderr" >"$W/cmd-stderr"
		fail "cmsutil did not read the certs-only message cleanly"
	fi
}

# NSS exits 0 on a digest mismatch: its status line must say so.
refuse_nss_other_content() {
	step 0 smime sign -k "$(key_of "$1")" -c "$(crt_of "$1")" \
		--chain "$pki/chain.pem" --detached --outform der -o "$W/msg" \
		"$tmp/plain.txt" || return 1
	cms -D -h 2 -n -i "$W/msg" -c "$tmp/other.txt" \
		>"$W/stdout" 2>"$W/stderr" </dev/null
	grep -q 'signer0\.status=GoodSignature' "$W/stdout" || return 0
	cat "$W/stdout" "$W/stderr" >"$W/cmd-stderr"
	fail "cmsutil reported GoodSignature over other content"
}

nss_cases() {
	skip_all=$skip_nss
	for how in attached detached; do
		tcase "cmsutil -S RSA-3072 (bob) $how -> smime verify" \
			nss_to_us bob "$how" SHA256
		tcase "cmsutil -S ECDSA P-256 $how -> smime verify" \
			nss_to_us p256 "$how" SHA256
	done
	tcase "cmsutil -S ECDSA P-384 SHA384 -> smime verify" \
		nss_to_us p384 attached SHA384
	tcase "cmsutil -S ECDSA P-521 SHA512 -> smime verify" \
		nss_to_us p521 attached SHA512
	tcase "cmsutil -S ECDSA P-256 SHA512 (mismatching) -> smime verify" \
		nss_to_us p256 attached SHA512
	tcase "cmsutil -S ECDSA P-521 SHA256 (mismatching) -> smime verify" \
		nss_to_us p521 attached SHA256
	tcase "cmsutil -S RSA SHA384 -> smime verify" \
		nss_to_us bob attached SHA384
	for s in alice bob p256 p384 p521; do
		for how in attached detached; do
			tcase "smime sign $s $how -> cmsutil -D (GoodSignature)" \
				us_to_nss "$s" "$how"
		done
	done
	tcase "smime sign ECDSA P-384 --digest sha256 -> cmsutil -D" \
		us_to_nss_digest p384 sha256
	tcase "smime sign RSA --digest sha512 -> cmsutil -D" \
		us_to_nss_digest bob sha512
	tcase "smime sign two signers (RSA + P-384) -> cmsutil -D, both good" \
		us_to_nss_multi
	tcase "smime sign --pss (RSA) -> cmsutil -D" us_to_nss_opt --pss bob
	tcase "smime sign --no-attributes ECDSA P-384 -> cmsutil -D" \
		us_to_nss_opt --no-attributes p384
	tcase "smime sign --no-attributes RSA -> cmsutil -D" \
		us_to_nss_opt --no-attributes alice
	tcase "smime sign --ski ECDSA P-256 -> cmsutil -D" us_to_nss_opt --ski p256
	tcase "smime sign --ski RSA -> cmsutil -D" us_to_nss_opt --ski bob
	tcase "smime sign two signers + smime countersign -> cmsutil -D, both good" \
		us_countersign_nss
	tcase "cmsutil -O (certs-only) -> smime certs" nss_certs_only
	tcase "smime sign --certs-only -> cmsutil -D" us_certs_only_nss
	tcase "refuse: cmsutil does not call smime's signature over other content good" \
		refuse_nss_other_content p521
}

all_cases() {
	openssl_cases
	certtool_cases
	gpgsm_cases
	nss_cases
}

tcase_plan
make_payloads
[ -n "$skip_gpgsm" ] || setup_gpgsm
[ -n "$skip_nss" ] || setup_nss
all_cases
echo "# $skipped skipped"
tap_done
