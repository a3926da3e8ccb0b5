#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Live interoperability with NSS's cmsutil (Debian: libnss3-tools), both
# directions: cmsutil encrypts (RSA PKCS #1 v1.5 key transport, AES-CBC)
# and smime decrypts; smime encrypts and cmsutil decrypts; cmsutil signs
# and smime verifies; smime signs and cmsutil verifies (with the chain to
# the test root). Contents are compared byte for byte.
#
# cmsutil runs on a throwaway NSS database: bob's key from
# tests/data/issue4/bob.p12, the test root trusted with "CT,C,C", alice's
# certificate as a recipient. cmsutil's exit status is not enough on its
# own (it can exit 0 after a failed verification in some versions), so its
# standard error is read as well: "problem decoding" or a signer status
# other than good fails the case.
# Output: TAP. Every case is skipped when cmsutil, certutil or pk12util is
# missing.
#
# Environment: SMIME_CLI (the smime binary), SMIME_TEST_DATA (tests/data),
# optional SMIME_CLI_WRAPPER (e.g. "valgrind -q --error-exitcode=99"),
# optional CMSUTIL (the command).

. "$(dirname "$0")/lib/tap.sh"
. "$(dirname "$0")/lib/cases.sh"
tcase_init test-interop-nss
. "$(dirname "$0")/lib/peers.sh"

! nss_lacks || skip_all=$peer_why

# --- helpers -----------------------------------------------------------------

# cms_ok ARGS...: cmsutil succeeded: status 0 and no complaint on stderr.
cms_ok() {
	step 0 cms "$@" || return 1
	if grep -qE 'problem|status = [^G]|error' "$W/stderr"; then
		printf '%s\n' "cmsutil $*" >"$W/cmd"
		cp "$W/stderr" "$W/cmd-stderr"
		fail "cmsutil reported a failure"
	fi
}

# cms_refuses ARGS...: cmsutil failed (by status or by its messages).
cms_refuses() {
	cms "$@" >"$W/stdout" 2>"$W/stderr" </dev/null
	rc=$?
	[ "$rc" != 0 ] && return 0
	grep -qE 'problem|status = [^G]' "$W/stderr" && return 0
	printf '%s\n' "cmsutil $*" >"$W/cmd"
	cp "$W/stderr" "$W/cmd-stderr"
	fail "cmsutil accepted it"
}

# setup_db: the NSS database with the test root, bob's key and alice's
# certificate. On failure every case is skipped with the reason.
setup_db() {
	nss_setup && nss_import_p12 "$i4/bob.p12" "$i4/bob.p12.pass" &&
		certutil -A -d "$db" -n alice -t ",," -i "$pki/alice.crt" \
			>>"$tmp/nss-setup.log" 2>&1 && return 0
	skip_all="cannot set up the NSS database: $(tail -n 1 "$tmp/nss-setup.log")"
	return 1
}

make_payloads() {
	printf 'Plain content for NSS.\nBare LF line ends stay as they are.\n' \
		>"$tmp/plain.txt"
	printf 'NUL\000bytes\000\000in the middle\r\n\000\377\376\001\nend\000' \
		>"$tmp/nul.bin"
	head -c 300000 /dev/urandom >"$tmp/big.bin"
}

# --- cmsutil encrypts, smime decrypts --------------------------------------------

# nss_encrypt "RECIPIENTS" [CONTENT]: every recipient decrypts with smime.
nss_encrypt() {
	recips=$1
	content=${2:-$tmp/plain.txt}
	list=
	for r in $recips; do
		list="${list:+$list,}$r@example.org"
	done
	cms_ok -E -r "$list" -i "$content" -o "$W/msg" || return 1
	for r in $recips; do
		step 0 smime decrypt -k "$pki/$r.key" -c "$pki/$r.crt" \
			-o "$W/got-$r" "$W/msg" || return 1
		same "$content" "$W/got-$r" || return 1
	done
}

# --- smime encrypts, cmsutil decrypts ---------------------------------------------

# us_encrypt CIPHER FORM "RECIPIENTS" [CONTENT]
us_encrypt() {
	cipher=$1 form=$2 recips=$3
	content=${4:-$tmp/plain.txt}
	cargs=
	[ "$cipher" = default ] || cargs="--cipher $cipher"
	rargs=
	for r in $recips; do
		rargs="$rargs -r $pki/$r.crt"
	done
	# shellcheck disable=SC2086
	step 0 smime encrypt $rargs $cargs --outform "$form" -o "$W/msg" \
		"$content" || return 1
	cms_ok -D -i "$W/msg" -o "$W/got" || return 1
	same "$content" "$W/got"
}

# --- signatures --------------------------------------------------------------------

# nss_sign attached|detached HASH: cmsutil signs as bob, smime verifies.
nss_sign() {
	content=$tmp/plain.txt
	if [ "$1" = attached ]; then
		cms_ok -S -N bob -H "$2" -i "$content" -o "$W/msg" || return 1
		step 0 smime verify --ca "$pki/ca.crt" -o "$W/got" "$W/msg" ||
			return 1
	else
		cms_ok -S -T -N bob -H "$2" -i "$content" -o "$W/msg" || return 1
		step 0 smime verify --ca "$pki/ca.crt" --content "$content" \
			-o "$W/got" "$W/msg" || return 1
	fi
	same "$content" "$W/got"
}

# us_sign SIGNER attached|detached: smime signs, cmsutil verifies.
us_sign() {
	signer=$1
	content=$tmp/plain.txt
	if [ "$2" = attached ]; then
		step 0 smime sign -k "$pki/$signer.key" -c "$pki/$signer.crt" \
			--chain "$pki/chain.pem" --outform der -o "$W/msg" \
			"$content" || return 1
		cms_ok -D -i "$W/msg" -o "$W/got" || return 1
		same "$content" "$W/got"
	else
		step 0 smime sign -k "$pki/$signer.key" -c "$pki/$signer.crt" \
			--chain "$pki/chain.pem" --detached --outform der \
			-o "$W/msg" "$content" || return 1
		cms_ok -D -c "$content" -i "$W/msg" -o "$W/got"
	fi
}

# The other direction of trust: NSS refuses smime's signature over other
# content, and smime refuses NSS's signature with a content byte changed.
refuse_wrong_content() {
	step 0 smime sign -k "$pki/alice.key" -c "$pki/alice.crt" \
		--chain "$pki/chain.pem" --detached --outform der -o "$W/msg" \
		"$tmp/plain.txt" || return 1
	printf 'Other content.\n' >"$W/other"
	cms_refuses -D -c "$W/other" -i "$W/msg" -o "$W/got"
}

refuse_tampered_nss() {
	printf 'Tamper-evident marker content 0123456789\n' >"$W/content"
	cms_ok -S -N bob -H SHA256 -i "$W/content" -o "$W/msg" || return 1
	off=$(grep -obaF "marker content" "$W/msg" | head -n 1 | cut -d: -f1)
	[ -n "$off" ] || fail "content not found" || return 1
	printf 'X' | dd of="$W/msg" bs=1 seek="$off" conv=notrunc 2>/dev/null
	step 1 smime verify --ca "$pki/ca.crt" "$W/msg"
}

# A message for alice only: NSS (bob) cannot decrypt it.
refuse_not_recipient() {
	step 0 smime encrypt -r "$pki/alice.crt" --outform der -o "$W/msg" \
		"$tmp/plain.txt" || return 1
	cms_refuses -D -i "$W/msg" -o "$W/got"
}

# --- the cases -------------------------------------------------------------------

all_cases() {
	tcase "cmsutil -E to bob -> smime decrypt" nss_encrypt bob
	tcase "cmsutil -E to alice and bob -> smime decrypt as each" \
		nss_encrypt "alice bob"
	tcase "cmsutil -E binary with NULs -> smime decrypt" \
		nss_encrypt bob "$tmp/nul.bin"
	tcase "cmsutil -E 300 kB random -> smime decrypt" \
		nss_encrypt bob "$tmp/big.bin"

	for cipher in aes-128-cbc aes-192-cbc aes-256-cbc default; do
		tcase "smime encrypt $cipher DER -> cmsutil -D" \
			us_encrypt "$cipher" der bob
	done
	tcase "smime encrypt to alice and bob -> cmsutil (bob) -D" \
		us_encrypt aes-256-cbc der "alice bob"
	tcase "smime encrypt binary with NULs -> cmsutil -D" \
		us_encrypt aes-128-cbc der bob "$tmp/nul.bin"
	tcase "smime encrypt 300 kB random -> cmsutil -D" \
		us_encrypt default der bob "$tmp/big.bin"

	for hash in SHA256 SHA384 SHA512; do
		tcase "cmsutil -S (bob, $hash) -> smime verify" nss_sign attached "$hash"
	done
	tcase "cmsutil -S -T detached -> smime verify --content" \
		nss_sign detached SHA256
	for signer in alice bob; do
		tcase "smime sign $signer attached -> cmsutil -D verifies" \
			us_sign "$signer" attached
		tcase "smime sign $signer detached -> cmsutil -D -c verifies" \
			us_sign "$signer" detached
	done

	tcase "refuse: cmsutil rejects smime's detached signature over other content" \
		refuse_wrong_content
	tcase "refuse: smime rejects cmsutil's signature with a content byte changed" \
		refuse_tampered_nss
	tcase "refuse: cmsutil (bob) cannot decrypt smime's message for alice" \
		refuse_not_recipient
}

tcase_plan
if [ -z "$skip_all" ]; then
	make_payloads
	setup_db
fi
all_cases
tap_done
