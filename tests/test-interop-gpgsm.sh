#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Live interoperability with GnuPG's gpgsm, both directions: gpgsm encrypts
# to bob (RSA key transport, AES-CBC) and smime decrypts; smime encrypts and
# gpgsm decrypts; gpgsm signs and smime verifies; smime signs and gpgsm
# verifies. Contents are compared byte for byte.
#
# gpgsm runs in a throwaway GNUPGHOME (removed at exit, its gpg-agent
# killed with gpgconf): bob's key comes from tests/data/issue4/bob.p12, the
# test root is trusted through trustlist.txt, and CRL checks are off (the
# test PKI has no CRLs).
# Output: TAP. Every case is skipped when gpgsm is not installed.
#
# Environment: SMIME_CLI (the smime binary), SMIME_TEST_DATA (tests/data),
# optional SMIME_CLI_WRAPPER (e.g. "valgrind -q --error-exitcode=99"),
# optional GPGSM and GPGCONF (the commands).

. "$(dirname "$0")/lib/tap.sh"
. "$(dirname "$0")/lib/cases.sh"
tcase_init test-interop-gpgsm
. "$(dirname "$0")/lib/peers.sh"

! gpgsm_lacks || skip_all=$peer_why

# --- helpers -----------------------------------------------------------------

# stderr_has ERE: the last step's standard error matches.
stderr_has() {
	grep -qE -- "$1" "$W/stderr" && return 0
	complain "gpgsm did not report /$1/"
}

make_payloads() {
	printf 'Plain content for gpgsm.\nBare LF line ends stay as they are.\n' \
		>"$tmp/plain.txt"
	printf 'NUL\000bytes\000\000in the middle\r\n\000\377\376\001\nend\000' \
		>"$tmp/nul.bin"
	head -c 300000 /dev/urandom >"$tmp/big.bin"
}

# --- gpgsm encrypts, smime decrypts ---------------------------------------------

# gpgsm_encrypt ALGO [CONTENT]: ALGO is gpgsm's --cipher-algo or "default".
gpgsm_encrypt() {
	content=${2:-$tmp/plain.txt}
	aargs=
	[ "$1" = default ] || aargs="--cipher-algo $1"
	# shellcheck disable=SC2086
	step 0 gsm $aargs -r bob@example.org --encrypt -o "$W/msg" "$content" ||
		return 1
	step 0 smime decrypt -k "$pki/bob.key" -c "$pki/bob.crt" -o "$W/got" \
		"$W/msg" || return 1
	same "$content" "$W/got" || return 1
	step 0 smime decrypt -k "$i4/bob.p12" --pass-file "$i4/bob.p12.pass" \
		-o "$W/got2" "$W/msg" || return 1
	same "$content" "$W/got2"
}

# --- smime encrypts, gpgsm decrypts ---------------------------------------------

# gsm_decrypt WANT: gpgsm decrypts $W/msg to $W/got, exits with WANT and
# reports DECRYPTION_OKAY.
gsm_decrypt() {
	step "$1" gsm --status-fd 1 --decrypt -o "$W/got" "$W/msg" || return 1
	grep -q "DECRYPTION_OKAY" "$W/stdout" && return 0
	cp "$W/stderr" "$W/cmd-stderr"
	fail "gpgsm did not report DECRYPTION_OKAY"
}

# us_encrypt CIPHER FORM [CONTENT]: CIPHER "default" gives no --cipher.
us_encrypt() {
	cipher=$1 form=$2
	content=${3:-$tmp/plain.txt}
	cargs=
	[ "$cipher" = default ] || cargs="--cipher $cipher"
	# shellcheck disable=SC2086
	step 0 smime encrypt -r "$pki/bob.crt" $cargs --outform "$form" \
		-o "$W/msg" "$content" || return 1
	gsm_decrypt 0 || return 1
	same "$content" "$W/got"
}

# smime encrypts to alice and bob; gpgsm (bob) decrypts. gpgsm exits 2
# after it failed on alice's recipient (no secret key) even when bob's
# worked, so its DECRYPTION_OKAY status line decides.
us_encrypt_two() {
	step 0 smime encrypt -r "$pki/alice.crt" -r "$pki/bob.crt" \
		--outform der -o "$W/msg" "$tmp/plain.txt" || return 1
	gsm_decrypt '0|2' || return 1
	same "$tmp/plain.txt" "$W/got"
}

# --- signatures --------------------------------------------------------------------

# gpgsm_sign attached|detached: gpgsm signs as bob, smime verifies.
gpgsm_sign() {
	content=$tmp/plain.txt
	if [ "$1" = attached ]; then
		step 0 gsm -u bob@example.org --sign -o "$W/msg" "$content" ||
			return 1
		step 0 smime verify --ca "$pki/ca.crt" -o "$W/got" "$W/msg" ||
			return 1
	else
		step 0 gsm -u bob@example.org --detach-sign -o "$W/msg" \
			"$content" || return 1
		step 0 smime verify --ca "$pki/ca.crt" --content "$content" \
			-o "$W/got" "$W/msg" || return 1
	fi
	same "$content" "$W/got"
}

# us_sign SIGNER attached|detached: smime signs, gpgsm verifies.
us_sign() {
	signer=$1
	content=$tmp/plain.txt
	if [ "$2" = attached ]; then
		step 0 smime sign -k "$pki/$signer.key" -c "$pki/$signer.crt" \
			--chain "$pki/chain.pem" --outform der -o "$W/msg" \
			"$content" || return 1
		step 0 gsm --verify -o "$W/got" "$W/msg" || return 1
		stderr_has "Good signature" || return 1
		same "$content" "$W/got"
	else
		step 0 smime sign -k "$pki/$signer.key" -c "$pki/$signer.crt" \
			--chain "$pki/chain.pem" --detached --outform der \
			-o "$W/msg" "$content" || return 1
		step 0 gsm --verify "$W/msg" "$content" || return 1
		stderr_has "Good signature"
	fi
}

# A content byte flipped in smime's signature: gpgsm must not accept it.
us_sign_tampered() {
	printf 'Tamper-evident marker content 0123456789\n' >"$W/content"
	step 0 smime sign -k "$pki/alice.key" -c "$pki/alice.crt" \
		--chain "$pki/chain.pem" --outform der -o "$W/msg" \
		"$W/content" || return 1
	off=$(grep -obaF "marker content" "$W/msg" | head -n 1 | cut -d: -f1)
	[ -n "$off" ] || fail "content not found" || return 1
	printf 'X' | dd of="$W/msg" bs=1 seek="$off" conv=notrunc 2>/dev/null
	gsm --verify -o "$W/got" "$W/msg" >"$W/stdout" 2>"$W/stderr" </dev/null
	if grep -q "Good signature" "$W/stderr"; then
		cp "$W/stderr" "$W/cmd-stderr"
		fail "gpgsm accepted a tampered signature"
	fi
}

# --- the cases -------------------------------------------------------------------

all_cases() {
	for algo in default AES AES192 AES256; do
		tcase "gpgsm --encrypt (cipher $algo) -> smime decrypt" \
			gpgsm_encrypt "$algo"
	done
	tcase "gpgsm --encrypt binary with NULs -> smime decrypt" \
		gpgsm_encrypt AES256 "$tmp/nul.bin"
	tcase "gpgsm --encrypt 300 kB random -> smime decrypt" \
		gpgsm_encrypt default "$tmp/big.bin"

	for cipher in aes-128-cbc aes-192-cbc aes-256-cbc default; do
		tcase "smime encrypt $cipher DER -> gpgsm --decrypt" \
			us_encrypt "$cipher" der
	done
	tcase "smime encrypt PEM -> gpgsm --decrypt" us_encrypt aes-256-cbc pem
	tcase "smime encrypt binary with NULs -> gpgsm --decrypt" \
		us_encrypt aes-128-cbc der "$tmp/nul.bin"
	tcase "smime encrypt 300 kB random -> gpgsm --decrypt" \
		us_encrypt default der "$tmp/big.bin"
	tcase "smime encrypt to alice and bob -> gpgsm (bob) decrypts" \
		us_encrypt_two

	tcase "gpgsm --sign (bob) -> smime verify" gpgsm_sign attached
	tcase "gpgsm --detach-sign (bob) -> smime verify --content" \
		gpgsm_sign detached
	for signer in alice bob; do
		tcase "smime sign $signer attached -> gpgsm --verify" \
			us_sign "$signer" attached
		tcase "smime sign $signer detached -> gpgsm --verify" \
			us_sign "$signer" detached
	done
	tcase "refuse: gpgsm rejects smime's signature with a content byte changed" \
		us_sign_tampered
}

tcase_plan
if [ -z "$skip_all" ]; then
	make_payloads
	# alice's certificate too: gpgsm gives up on a message whose other
	# recipients it cannot look up.
	gpgsm_setup "$pki/ca.crt" "$pki/alice.crt" || skip_all=$peer_why
fi
all_cases
tap_done
