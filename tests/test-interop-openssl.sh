#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Live interoperability with the openssl command, both directions: what
# smime signs or encrypts, OpenSSL must verify or decrypt, and the other way
# round, with the contents compared byte for byte; plus the refusals
# (tampering, wrong trust anchor, wrong key, garbage, truncation).
# Test PKI: tests/data/pki (alice RSA-2048, bob RSA-3072, root ca.crt,
# intermediate in chain.pem; mallory is issued by rogue-ca.crt, a root with
# the same name as ca.crt and another key).
# Every recipient kind and content type (issue 4): RSA key transport with
# PKCS #1 v1.5 and OAEP (SHA-1, SHA-256) x AES-CBC and AES-GCM
# (AuthEnvelopedData); ECDH P-256/P-384/P-521 key agreement with every
# X9.63 KDF and AES key wrap (EC keys in tests/data/issue4); PWRI; KEK;
# EncryptedData; DigestedData; CompressedData when openssl has zlib.
# Output: TAP. Every case is skipped when openssl is not installed.
#
# Environment: SMIME_CLI (the smime binary), SMIME_TEST_DATA (tests/data),
# optional SMIME_CLI_WRAPPER (e.g. "valgrind -q --error-exitcode=99"),
# optional OPENSSL (the openssl command).

. "$(dirname "$0")/lib/tap.sh"
. "$(dirname "$0")/lib/cases.sh"
tcase_init test-interop-openssl

OPENSSL=${OPENSSL:-openssl}

command -v "$OPENSSL" >/dev/null 2>&1 || skip_all="openssl not found"

# --- helpers -----------------------------------------------------------------

ossl() {
	# shellcheck disable=SC2086
	$limit "$OPENSSL" "$@"
}

# --- payloads ------------------------------------------------------------------

# A MIME entity in canonical form (for the S/MIME output formats), a small
# binary-safe text with bare LFs (for DER and PEM: no canonicalisation may
# happen there), bytes with NULs, and 1 MiB of random bytes.
make_payloads() {
	printf 'Content-Type: text/plain; charset=us-ascii\r\n\r\nHello from the libsmime interop test.\r\nSecond line, with trailing spaces.  \r\n' \
		>"$tmp/entity.txt"
	printf 'Plain content for DER and PEM.\nBare LF line ends stay as they are.\n' \
		>"$tmp/plain.txt"
	printf 'NUL\000bytes\000\000in the middle\r\n\000\377\376\001\nend\000' \
		>"$tmp/nul.bin"
	head -c 1048576 /dev/urandom >"$tmp/big.bin"
	printf 'Totally different content.\n' >"$tmp/other.txt"
}

# payload FORM: the content to use with an output format.
payload() {
	case $1 in
	smime | SMIME) echo "$tmp/entity.txt" ;;
	*) echo "$tmp/plain.txt" ;;
	esac
}

# ossl_inform FORM: der/pem/smime -> DER/PEM/SMIME.
ossl_form() {
	echo "$1" | tr '[:lower:]' '[:upper:]'
}

# --- smime signs, OpenSSL verifies ----------------------------------------------

# us_sign SIGNER FORM attached|detached [CONTENT]
us_sign() {
	signer=$1 form=$2 how=$3
	content=${4:-$(payload "$form")}
	det=
	[ "$how" = attached ] || det=--detached
	# shellcheck disable=SC2086
	step 0 smime sign -k "$pki/$signer.key" -c "$pki/$signer.crt" \
		--chain "$pki/chain.pem" $det --outform "$form" \
		-o "$W/msg" "$content" || return 1
	case $form in
	smime)
		step 0 ossl smime -verify -CAfile "$pki/ca.crt" \
			-certfile "$pki/chain.pem" -in "$W/msg" \
			-out "$W/got" || return 1
		;;
	*)
		dc=
		[ "$how" = attached ] || dc="-content $content"
		# shellcheck disable=SC2086
		step 0 ossl cms -verify -binary -CAfile "$pki/ca.crt" \
			-certfile "$pki/chain.pem" -inform "$(ossl_form "$form")" \
			-in "$W/msg" $dc -out "$W/got" || return 1
		;;
	esac
	same "$content" "$W/got"
}

# us_sign_cms_smime: multipart/signed checked by `openssl cms` as well.
us_sign_cms_smime() {
	content=$(payload smime)
	step 0 smime sign -k "$pki/alice.key" -c "$pki/alice.crt" \
		--chain "$pki/chain.pem" --detached --outform smime \
		-o "$W/msg" "$content" || return 1
	step 0 ossl cms -verify -CAfile "$pki/ca.crt" -inform SMIME \
		-in "$W/msg" -out "$W/got" || return 1
	same "$content" "$W/got"
}

# --- OpenSSL signs, smime verifies ----------------------------------------------

# ossl_sign TOOL FORM attached|detached SIGNER "OPENSSL ARGS" "SMIME ARGS" [CONTENT]
# TOOL is cms or smime. "nochain" in OPENSSL ARGS leaves the intermediate
# out of the message (smime then gets it with --cert).
ossl_sign() {
	tool=$1 form=$2 how=$3 signer=$4 oargs=$5 sargs=$6
	content=${7:-$(payload "$form")}
	chain="-certfile $pki/chain.pem"
	case " $oargs " in
	*" nochain "*)
		chain=
		oargs=$(echo "$oargs" | sed 's/nochain//')
		;;
	esac
	nd=-nodetach
	[ "$how" = attached ] || nd=
	bin=-binary
	[ "$form" != SMIME ] || bin=
	# shellcheck disable=SC2086
	step 0 ossl "$tool" -sign $bin -signer "$pki/$signer.crt" \
		-inkey "$pki/$signer.key" $chain $nd -outform "$form" \
		-in "$content" -out "$W/msg" $oargs || return 1
	dc=
	if [ "$how" = detached ] && [ "$form" != SMIME ]; then
		dc="--content $content"
	fi
	# shellcheck disable=SC2086
	step 0 smime verify --ca "$pki/ca.crt" $dc $sargs -o "$W/got" \
		"$W/msg" || return 1
	same "$content" "$W/got"
}

# --- smime encrypts, OpenSSL decrypts -------------------------------------------

# us_encrypt "RECIPIENTS" CIPHER FORM [CONTENT]: CIPHER "default" gives no
# --cipher. Every recipient decrypts with OpenSSL.
us_encrypt() {
	recips=$1 cipher=$2 form=$3
	content=${4:-$(payload "$form")}
	rargs=
	for r in $recips; do
		rargs="$rargs -r $pki/$r.crt"
	done
	cargs=
	[ "$cipher" = default ] || cargs="--cipher $cipher"
	# shellcheck disable=SC2086
	step 0 smime encrypt $rargs $cargs --outform "$form" -o "$W/msg" \
		"$content" || return 1
	for r in $recips; do
		step 0 ossl cms -decrypt -inform "$(ossl_form "$form")" \
			-in "$W/msg" -recip "$pki/$r.crt" -inkey "$pki/$r.key" \
			-out "$W/got-$r" || return 1
		same "$content" "$W/got-$r" || return 1
	done
	if [ "$cipher" != default ]; then
		ossl cms -cmsout -print -inform "$(ossl_form "$form")" \
			-in "$W/msg" >"$W/print" 2>/dev/null
		grep -q "algorithm: $cipher " "$W/print" ||
			fail "the message does not use $cipher"
	fi
}

# --- OpenSSL encrypts, smime decrypts -------------------------------------------

# ossl_encrypt TOOL "RECIPIENTS" CIPHER FORM "OPENSSL ARGS" [CONTENT]
# The first recipient decrypts with -k and -c, the others with -k alone.
ossl_encrypt() {
	tool=$1 recips=$2 cipher=$3 form=$4 oargs=$5
	content=${6:-$(payload "$form")}
	certs=
	for r in $recips; do
		certs="$certs $pki/$r.crt"
	done
	# shellcheck disable=SC2086
	step 0 ossl "$tool" -encrypt -binary "-$cipher" -outform "$form" \
		-in "$content" -out "$W/msg" $oargs $certs || return 1
	withcert=yes
	for r in $recips; do
		if [ -n "$withcert" ]; then
			step 0 smime decrypt -k "$pki/$r.key" -c "$pki/$r.crt" \
				-o "$W/got-$r" "$W/msg" || return 1
		else
			step 0 smime decrypt -k "$pki/$r.key" \
				-o "$W/got-$r" "$W/msg" || return 1
		fi
		withcert=
		same "$content" "$W/got-$r" || return 1
	done
}

# --- refusals ------------------------------------------------------------------

# Content byte flipped inside an attached signature made by smime.
refuse_tampered_ours() {
	printf 'Tamper-evident marker content 0123456789\n' >"$W/content"
	step 0 smime sign -k "$pki/alice.key" -c "$pki/alice.crt" \
		--chain "$pki/chain.pem" --outform der -o "$W/msg" \
		"$W/content" || return 1
	off=$(offset_of "$W/msg" "marker content")
	[ -n "$off" ] || fail "content not found in the message" || return 1
	flip "$W/msg" "$((off + 3))"
	step 1 smime verify --ca "$pki/ca.crt" "$W/msg"
}

# Content byte flipped inside an attached signature made by OpenSSL.
refuse_tampered_ossl() {
	printf 'Tamper-evident marker content 0123456789\n' >"$W/content"
	step 0 ossl cms -sign -binary -nodetach -signer "$pki/alice.crt" \
		-inkey "$pki/alice.key" -certfile "$pki/chain.pem" \
		-outform DER -in "$W/content" -out "$W/msg" || return 1
	off=$(offset_of "$W/msg" "marker content")
	[ -n "$off" ] || fail "content not found in the message" || return 1
	flip "$W/msg" "$((off + 3))"
	step 1 smime verify --ca "$pki/ca.crt" "$W/msg"
}

# Signature byte flipped (last byte of the DER SignedData: the signature).
refuse_tampered_signature() {
	step 0 ossl cms -sign -binary -nodetach -signer "$pki/bob.crt" \
		-inkey "$pki/bob.key" -certfile "$pki/chain.pem" \
		-outform DER -in "$tmp/plain.txt" -out "$W/msg" || return 1
	flip "$W/msg" -1
	step 1 smime verify --ca "$pki/ca.crt" "$W/msg"
}

refuse_wrong_detached_content() {
	step 0 ossl cms -sign -binary -signer "$pki/alice.crt" \
		-inkey "$pki/alice.key" -certfile "$pki/chain.pem" \
		-outform DER -in "$tmp/plain.txt" -out "$W/msg" || return 1
	step 1 smime verify --ca "$pki/ca.crt" --content "$tmp/other.txt" \
		"$W/msg"
}

# Signed under ca.crt, checked against rogue-ca.crt (same name, other key).
refuse_untrusted_root() {
	step 0 smime sign -k "$pki/alice.key" -c "$pki/alice.crt" \
		--chain "$pki/chain.pem" --outform der -o "$W/msg" \
		"$tmp/plain.txt" || return 1
	step 1 smime verify --ca "$pki/rogue-ca.crt" "$W/msg"
}

# mallory (issued by rogue-ca) signs with OpenSSL, checked against ca.crt.
refuse_rogue_signer() {
	step 0 ossl cms -sign -binary -nodetach -signer "$pki/mallory.crt" \
		-inkey "$pki/mallory.key" -outform DER -in "$tmp/plain.txt" \
		-out "$W/msg" || return 1
	step 1 smime verify --ca "$pki/ca.crt" "$W/msg"
}

# OpenSSL's signature, no --ca: the test root is in no system store.
refuse_no_anchor() {
	step 0 ossl cms -sign -binary -nodetach -signer "$pki/alice.crt" \
		-inkey "$pki/alice.key" -certfile "$pki/chain.pem" \
		-outform DER -in "$tmp/plain.txt" -out "$W/msg" || return 1
	step 1 smime verify "$W/msg"
}

# A message for bob only; alice tries (with and without her certificate).
refuse_wrong_key_ossl() {
	step 0 ossl cms -encrypt -binary -aes256 -outform DER \
		-in "$tmp/plain.txt" -out "$W/msg" "$pki/bob.crt" || return 1
	step 1 smime decrypt -k "$pki/alice.key" -c "$pki/alice.crt" \
		-o "$W/got" "$W/msg" || return 1
	step 1 smime decrypt -k "$pki/alice.key" -o "$W/got" "$W/msg"
}

refuse_wrong_key_ours() {
	step 0 smime encrypt -r "$pki/bob.crt" --outform der -o "$W/msg" \
		"$tmp/plain.txt" || return 1
	step 1 smime decrypt -k "$pki/alice.key" -c "$pki/alice.crt" \
		-o "$W/got" "$W/msg"
}

refuse_garbage() {
	printf 'This is not a CMS object at all.\n' >"$W/text"
	head -c 700 /dev/urandom >"$W/random"
	for f in text random; do
		step 3 smime inspect "$W/$f" || return 1
		step 3 smime verify --ca "$pki/ca.crt" "$W/$f" || return 1
		step 3 smime decrypt -k "$pki/bob.key" "$W/$f" || return 1
	done
}

# truncate_half FILE: keep the first half.
truncate_half() {
	size=$(wc -c <"$1")
	head -c $((size / 2)) "$1" >"$1.half"
	mv "$1.half" "$1"
}

refuse_truncated_signed() {
	step 0 ossl cms -sign -binary -nodetach -signer "$pki/alice.crt" \
		-inkey "$pki/alice.key" -certfile "$pki/chain.pem" \
		-outform DER -in "$tmp/plain.txt" -out "$W/msg" || return 1
	truncate_half "$W/msg"
	step '1|3' smime verify --ca "$pki/ca.crt" "$W/msg" || return 1
	note "truncated SignedData: verify exit status $rc"
}

refuse_truncated_enveloped() {
	step 0 ossl cms -encrypt -binary -aes256 -outform DER \
		-in "$tmp/plain.txt" -out "$W/msg" "$pki/bob.crt" || return 1
	truncate_half "$W/msg"
	step '1|3' smime decrypt -k "$pki/bob.key" -c "$pki/bob.crt" \
		"$W/msg" || return 1
	note "truncated EnvelopedData: decrypt exit status $rc"
}

# The last byte of the next-to-last ciphertext block XOR 0x80: the padding
# byte of the last block becomes >= 0x81, always invalid. OpenSSL writes
# encryptedContent last, definite length, without unprotectedAttrs.
refuse_tampered_ciphertext() {
	step 0 ossl cms -encrypt -binary -aes128 -outform DER \
		-in "$tmp/plain.txt" -out "$W/msg" "$pki/bob.crt" || return 1
	flip "$W/msg" -17 128
	step 1 smime decrypt -k "$pki/bob.key" -c "$pki/bob.crt" \
		-o "$W/got" "$W/msg"
}

# A byte of bob's RSA encryptedKey flipped. PKCS #1 v1.5 key transport must
# not tell a bad padding apart: the answer is 1 like any failed decryption
# (never 3), or - if a random key happens to give valid CBC padding - some
# output that is not the plaintext.
refuse_tampered_encrypted_key() {
	step 0 ossl cms -encrypt -binary -aes256 -outform DER \
		-in "$tmp/plain.txt" -out "$W/msg" "$pki/bob.crt" || return 1
	line=$(ossl asn1parse -inform DER -in "$W/msg" |
		grep 'l= 384 prim: OCTET STRING' | head -n 1)
	[ -n "$line" ] || fail "encryptedKey not found" || return 1
	start=$(echo "$line" | sed 's/^ *\([0-9]*\):.*hl=\([0-9]*\).*/\1 \2/')
	off=$((${start% *} + ${start#* } + 100))
	flip "$W/msg" "$off"
	step '0|1' smime decrypt -k "$pki/bob.key" -c "$pki/bob.crt" \
		-o "$W/got" "$W/msg" || return 1
	if [ "$rc" = 0 ] && cmp -s "$W/got" "$tmp/plain.txt"; then
		fail "the plaintext came out of a tampered encryptedKey"
	fi
}

# --- issue 4: every recipient kind and content type ------------------------------

# cert_of NAME / key_of NAME: the test PKI (tests/data/pki) and the extra
# EC P-384/P-521 keys of tests/data/issue4.
cert_of() {
	case $1 in
	ec-p384 | ec-p521) echo "$i4/$1.crt" ;;
	*) echo "$pki/$1.crt" ;;
	esac
}
key_of() {
	case $1 in
	ec-p384 | ec-p521) echo "$i4/$1.key" ;;
	*) echo "$pki/$1.key" ;;
	esac
}

# print_has FILE ERE...: `openssl cms -cmsout -print` of the DER message
# FILE matches every ERE (the message uses what the case asked for).
print_has() {
	f=$1
	shift
	if ! ossl cms -cmsout -print -inform DER -in "$f" >"$W/print" 2>&1; then
		fail "openssl cannot print the message"
		return 1
	fi
	for re in "$@"; do
		grep -qE -- "$re" "$W/print" && continue
		fail "the message does not show /$re/ in openssl's -print"
		return 1
	done
}

# us_env "SMIME ENCRYPT ARGS" "OPENSSL DECRYPT ARGS" [ERE...]: smime
# encrypts the payload to DER, `openssl cms -decrypt` with the given
# arguments must give it back; the message must show every ERE.
us_env() {
	sargs=$1 oargs=$2
	shift 2
	content=$tmp/plain.txt
	# shellcheck disable=SC2086
	step 0 smime encrypt $sargs --outform der -o "$W/msg" "$content" ||
		return 1
	# shellcheck disable=SC2086
	step 0 ossl cms -decrypt -binary -inform DER -in "$W/msg" $oargs \
		-out "$W/got" || return 1
	same "$content" "$W/got" || return 1
	[ $# -eq 0 ] || print_has "$W/msg" "$@"
}

# ossl_env "OPENSSL ENCRYPT ARGS" "SMIME DECRYPT ARGS": openssl encrypts
# the payload to DER, smime decrypts it.
ossl_env() {
	oargs=$1 sargs=$2
	content=$tmp/plain.txt
	# shellcheck disable=SC2086
	step 0 ossl cms -encrypt -binary -in "$content" -outform DER \
		-out "$W/msg" $oargs || return 1
	# shellcheck disable=SC2086
	step 0 smime decrypt $sargs -o "$W/got" "$W/msg" || return 1
	same "$content" "$W/got"
}

# ktri padding: v15, oaep-sha1, oaep-sha256 -> smime / openssl arguments.
pad_smime() {
	case $1 in
	v15) ;;
	oaep-*) echo "--oaep --oaep-hash ${1#oaep-}" ;;
	esac
}
pad_ossl() {
	case $1 in
	v15) ;;
	oaep-*) echo "-keyopt rsa_padding_mode:oaep -keyopt rsa_oaep_md:${1#oaep-}" ;;
	esac
}
pad_print() {
	case $1 in
	v15) echo "rsaEncryption" ;;
	oaep-sha1) echo "rsaesOaep" ;;
	oaep-*) echo "OBJECT +:${1#oaep-}" ;;
	esac
}

# us_ktri PAD CIPHER: smime encrypts to bob, openssl decrypts.
us_ktri() {
	pad=$1 cipher=$2
	type=pkcs7-envelopedData
	case $cipher in
	*gcm) type=id-smime-ct-authEnvelopedData ;;
	esac
	us_env "-r $pki/bob.crt $(pad_smime "$pad") --cipher $cipher" \
		"-inkey $pki/bob.key -recip $pki/bob.crt" \
		"contentType: $type" "algorithm: $cipher " "rsaesOaep|rsaEncryption" \
		"$(pad_print "$pad")"
}

# ossl_ktri PAD CIPHER: openssl encrypts to bob, smime decrypts; an AEAD
# cipher passes --require-auth as well.
ossl_ktri() {
	pad=$1 cipher=$2
	ossl_env "-$cipher -recip $pki/bob.crt $(pad_ossl "$pad")" \
		"-k $pki/bob.key -c $pki/bob.crt" || return 1
	case $cipher in
	*gcm)
		step 0 smime decrypt --require-auth -k "$pki/bob.key" \
			-o "$W/got2" "$W/msg" || return 1
		same "$tmp/plain.txt" "$W/got2"
		;;
	esac
}

# us_kari CURVE KDF CIPHER: smime encrypts to an EC key with an X9.63 KDF.
us_kari() {
	c=$1 kdf=$2 cipher=$3
	us_env "-r $(cert_of "$c") --kdf x963-$kdf --cipher $cipher" \
		"-inkey $(key_of "$c") -recip $(cert_of "$c")" \
		"dhSinglePass-stdDH-${kdf}kdf-scheme" "algorithm: $cipher "
}

# ossl_kari CURVE KDF WRAP [MORE OPENSSL ARGS [CONTENT CIPHER]]: openssl
# encrypts to an EC key (content AES-256-CBC unless given).
ossl_kari() {
	c=$1 kdf=$2 wrap=$3
	ossl_env "-${5:-aes256} -$wrap-wrap -recip $(cert_of "$c") -keyopt ecdh_kdf_md:$kdf ${4:-}" \
		"-k $(key_of "$c") -c $(cert_of "$c")" || return 1
	step 0 smime decrypt -k "$(key_of "$c")" -o "$W/got2" "$W/msg" ||
		return 1
	same "$tmp/plain.txt" "$W/got2"
}

PWRI_PASSWORD=libsmime-pwri-test-password

write_password() {
	printf '%s\n' "$PWRI_PASSWORD" >"$W/password"
}

us_pwri() {
	write_password
	us_env "--password-file $W/password --cipher $1" \
		"-pwri_password $PWRI_PASSWORD" "d.pwri:" "algorithm: $1 "
}

ossl_pwri() {
	write_password
	ossl_env "-$1 -pwri_password $PWRI_PASSWORD" \
		"--password-file $W/password" || return 1
	printf 'not-the-password\n' >"$W/wrong"
	step 1 smime decrypt --password-file "$W/wrong" -o "$W/got3" "$W/msg" ||
		return 1
	[ ! -e "$W/got3" ] || fail "output written with a wrong password"
}

# kek_hex BYTES: a fixed test KEK of BYTES bytes, as hex.
kek_hex() {
	printf '%s' "00112233445566778899aabbccddeeff0123456789abcdef0f1e2d3c4b5a6978" |
		cut -c1-$(($1 * 2))
}

us_kekri() {
	kek=$(kek_hex "$1")
	printf '%s\n' "$kek" >"$W/kek"
	us_env "--kek-file $W/kek --kek-id c0ffee01 --cipher $2" \
		"-secretkey $kek -secretkeyid C0FFEE01" "d.kekri:" "algorithm: $2 "
}

ossl_kekri() {
	kek=$(kek_hex "$1")
	printf '%s\n' "$kek" >"$W/kek"
	ossl_env "-$2 -secretkey $kek -secretkeyid C0FFEE01" \
		"--kek-file $W/kek --kek-id c0ffee01" || return 1
	# Without --kek-id the KEK is tried against every kekri.
	step 0 smime decrypt --kek-file "$W/kek" -o "$W/got2" "$W/msg" ||
		return 1
	same "$tmp/plain.txt" "$W/got2" || return 1
	kek_hex 16 | tr '0' '1' >"$W/wrong"
	case $1 in
	24) kek_hex 24 | tr '0' '1' >"$W/wrong" ;;
	32) kek_hex 32 | tr '0' '1' >"$W/wrong" ;;
	esac
	step 1 smime decrypt --kek-file "$W/wrong" --kek-id c0ffee01 \
		-o "$W/got3" "$W/msg" || return 1
	[ ! -e "$W/got3" ] || fail "output written with a wrong KEK"
}

# Several recipients of every kind in one message, each opened by openssl.
us_mixed() {
	write_password
	kek=$(kek_hex 32)
	printf '%s\n' "$kek" >"$W/kek"
	step 0 smime encrypt -r "$pki/bob.crt" -r "$pki/ec-p256.crt" \
		-r "$i4/ec-p521.crt" --password-file "$W/password" \
		--kek-file "$W/kek" --kek-id 0a0b --outform der -o "$W/msg" \
		"$tmp/plain.txt" || return 1
	for how in "-inkey $pki/bob.key -recip $pki/bob.crt" \
		"-inkey $pki/ec-p256.key -recip $pki/ec-p256.crt" \
		"-inkey $i4/ec-p521.key -recip $i4/ec-p521.crt" \
		"-pwri_password $PWRI_PASSWORD" \
		"-secretkey $kek -secretkeyid 0A0B"; do
		rm -f "$W/got"
		# shellcheck disable=SC2086
		step 0 ossl cms -decrypt -binary -inform DER -in "$W/msg" $how \
			-out "$W/got" || return 1
		same "$tmp/plain.txt" "$W/got" || return 1
	done
	print_has "$W/msg" "d.ktri:" "d.kari:" "d.pwri:" "d.kekri:"
}

ossl_mixed() {
	write_password
	kek=$(kek_hex 16)
	printf '%s\n' "$kek" >"$W/kek"
	step 0 ossl cms -encrypt -binary -aes128 -in "$tmp/plain.txt" \
		-outform DER -out "$W/msg" -recip "$pki/bob.crt" \
		-recip "$i4/ec-p384.crt" -pwri_password "$PWRI_PASSWORD" \
		-secretkey "$kek" -secretkeyid 0A0B || return 1
	for how in "-k $pki/bob.key -c $pki/bob.crt" "-k $pki/bob.key" \
		"-k $i4/ec-p384.key -c $i4/ec-p384.crt" "-k $i4/ec-p384.key" \
		"--password-file $W/password" "--kek-file $W/kek --kek-id 0a0b"; do
		rm -f "$W/got"
		# shellcheck disable=SC2086
		step 0 smime decrypt $how -o "$W/got" "$W/msg" || return 1
		same "$tmp/plain.txt" "$W/got" || return 1
	done
}

# us_ski KEY: smime encrypt --ski (subjectKeyIdentifier rid); openssl decrypts.
us_ski() {
	us_env "-r $(cert_of "$1") --ski" \
		"-inkey $(key_of "$1") -recip $(cert_of "$1")" "subjectKeyIdentifier|rKeyId"
}

# ossl_keyid KEY: openssl -keyid (subjectKeyIdentifier rid); smime decrypts.
ossl_keyid() {
	ossl_env "-aes128 -keyid -recip $(cert_of "$1")" \
		"-k $(key_of "$1") -c $(cert_of "$1")"
}

# AuthEnvelopedData as S/MIME entities, both directions.
us_gcm_smime() {
	step 0 smime encrypt -r "$pki/bob.crt" --cipher aes-256-gcm \
		--outform smime -o "$W/msg" "$tmp/entity.txt" || return 1
	grep -qi 'smime-type=authEnveloped-data' "$W/msg" ||
		fail "no smime-type=authEnveloped-data parameter" || return 1
	step 0 ossl cms -decrypt -inform SMIME -in "$W/msg" \
		-inkey "$pki/bob.key" -recip "$pki/bob.crt" -out "$W/got" ||
		return 1
	same "$tmp/entity.txt" "$W/got"
}

ossl_gcm_smime() {
	step 0 ossl cms -encrypt -aes-128-gcm -in "$tmp/entity.txt" \
		-outform SMIME -out "$W/msg" -recip "$pki/bob.crt" || return 1
	step 0 smime decrypt --require-auth -k "$pki/bob.key" -o "$W/got" \
		"$W/msg" || return 1
	same "$tmp/entity.txt" "$W/got"
}

# --require-auth refuses EnvelopedData (no integrity); without it the
# content comes out with a note on stderr.
require_auth_cbc() {
	step 0 ossl cms -encrypt -binary -aes256 -in "$tmp/plain.txt" \
		-outform DER -out "$W/msg" -recip "$pki/bob.crt" || return 1
	step 1 smime decrypt --require-auth -k "$pki/bob.key" -o "$W/got" \
		"$W/msg" || return 1
	[ ! -e "$W/got" ] || fail "output written despite --require-auth" ||
		return 1
	step 0 smime decrypt -k "$pki/bob.key" -o "$W/got" "$W/msg" ||
		return 1
	same "$tmp/plain.txt" "$W/got" || return 1
	grep -qi 'not authenticated' "$W/stderr" ||
		fail "no 'not authenticated' note on stderr"
}

# openssl's AES-GCM message with a byte of the tag (the last byte: openssl
# writes no unauthAttrs) or of the ciphertext flipped: 1, nothing written.
refuse_gcm_tampered() {
	step 0 ossl cms -encrypt -binary -aes-256-gcm -in "$tmp/plain.txt" \
		-outform DER -out "$W/msg" -recip "$pki/bob.crt" || return 1
	case $1 in
	tag) flip "$W/msg" -1 ;;
	*) flip "$W/msg" -30 ;;
	esac
	step 1 smime decrypt -k "$pki/bob.key" -c "$pki/bob.crt" \
		-o "$W/got" "$W/msg" || return 1
	[ ! -e "$W/got" ] || fail "plaintext written for a message that fails its tag"
}

# --- EncryptedData (caller's key) -----------------------------------------------

us_encrypted_data() {
	klen=$1 cipher=$2
	kek_hex "$klen" >"$W/cek"
	step 0 smime encrypt --cek-file "$W/cek" --cipher "$cipher" \
		--outform der -o "$W/msg" "$tmp/plain.txt" || return 1
	step 0 ossl cms -EncryptedData_decrypt -binary -inform DER \
		-in "$W/msg" -secretkey "$(kek_hex "$klen")" -out "$W/got" ||
		return 1
	same "$tmp/plain.txt" "$W/got" || return 1
	print_has "$W/msg" "pkcs7-encryptedData" "algorithm: $cipher "
}

ossl_encrypted_data() {
	klen=$1 cipher=$2
	kek_hex "$klen" >"$W/cek"
	step 0 ossl cms -EncryptedData_encrypt -binary -"$cipher" \
		-secretkey "$(kek_hex "$klen")" -in "$tmp/plain.txt" \
		-outform DER -out "$W/msg" || return 1
	step 0 smime decrypt --cek-file "$W/cek" -o "$W/got" "$W/msg" ||
		return 1
	same "$tmp/plain.txt" "$W/got" || return 1
	# A wrong key of the right length: refused (1), or - when the noise
	# happens to end in valid CBC padding - anything but the plaintext.
	kek_hex "$klen" | tr '0123' '3210' >"$W/wrong"
	step '0|1' smime decrypt --cek-file "$W/wrong" -o "$W/got2" "$W/msg" ||
		return 1
	if [ "$rc" = 0 ] && cmp -s "$W/got2" "$tmp/plain.txt"; then
		fail "a wrong key gave the plaintext"
	fi
}

# A key of the wrong length for the cipher is refused.
refuse_cek_length() {
	kek_hex 24 >"$W/cek"
	step 0 ossl cms -EncryptedData_encrypt -binary -aes-128-cbc \
		-secretkey "$(kek_hex 16)" -in "$tmp/plain.txt" -outform DER \
		-out "$W/msg" || return 1
	step '!0' smime decrypt --cek-file "$W/cek" -o "$W/got" "$W/msg" ||
		return 1
	[ ! -e "$W/got" ] || fail "output written with a 24-byte key for AES-128"
}

# --- DigestedData -------------------------------------------------------------------

# us_digest HASH: smime digest, openssl -digest_verify.
us_digest() {
	dargs=
	[ "$1" = default ] || dargs="--digest $1"
	# shellcheck disable=SC2086
	step 0 smime digest $dargs --outform der -o "$W/msg" "$tmp/plain.txt" ||
		return 1
	step 0 ossl cms -digest_verify -binary -inform DER -in "$W/msg" \
		-out "$W/got" || return 1
	same "$tmp/plain.txt" "$W/got" || return 1
	if [ "$1" = default ]; then
		print_has "$W/msg" "pkcs7-digestData"
	else
		print_has "$W/msg" "pkcs7-digestData" "algorithm: $1 "
	fi
}

# ossl_digest HASH: openssl -digest_create, smime open.
ossl_digest() {
	step 0 ossl cms -digest_create -binary -md "$1" -in "$tmp/plain.txt" \
		-outform DER -out "$W/msg" || return 1
	step 0 smime open -o "$W/got" "$W/msg" || return 1
	same "$tmp/plain.txt" "$W/got"
}

# The content of openssl's DigestedData changed: smime open refuses it.
refuse_digest_tampered() {
	printf 'Tamper-evident marker content 0123456789\n' >"$W/content"
	step 0 ossl cms -digest_create -binary -md sha256 -in "$W/content" \
		-outform DER -out "$W/msg" || return 1
	off=$(offset_of "$W/msg" "marker content")
	[ -n "$off" ] || fail "content not found in the message" || return 1
	flip "$W/msg" "$((off + 3))"
	step 1 smime open -o "$W/got" "$W/msg" || return 1
	[ ! -e "$W/got" ] || fail "content written despite a wrong digest"
}

# --- CompressedData -----------------------------------------------------------------

# compress_skip: why `openssl cms -compress` cannot be a peer here (Debian
# builds OpenSSL without zlib), empty when it works.
compress_check() {
	printf 'probe\n' >"$tmp/probe.txt"
	if ossl cms -compress -binary -in "$tmp/probe.txt" -outform DER \
		-out "$tmp/probe.der" >/dev/null 2>&1; then
		compress_skip=
	else
		compress_skip="openssl cms -compress is unsupported (OpenSSL built without zlib)"
	fi
}

us_compress() {
	if [ -n "$compress_skip" ]; then
		skip "$compress_skip"
		return 0
	fi
	step 0 smime compress --outform der -o "$W/msg" "$tmp/plain.txt" ||
		return 1
	step 0 ossl cms -uncompress -binary -inform DER -in "$W/msg" \
		-out "$W/got" || return 1
	same "$tmp/plain.txt" "$W/got"
}

ossl_compress() {
	if [ -n "$compress_skip" ]; then
		skip "$compress_skip"
		return 0
	fi
	step 0 ossl cms -compress -binary -in "$tmp/plain.txt" -outform DER \
		-out "$W/msg" || return 1
	step 0 smime open -o "$W/got" "$W/msg" || return 1
	same "$tmp/plain.txt" "$W/got"
}

# --- the cases -------------------------------------------------------------------

all_cases() {
	for signer in alice bob; do
		for form in der pem smime; do
			for how in attached detached; do
				tcase "smime sign $signer $form $how -> openssl verifies" \
					us_sign "$signer" "$form" "$how"
			done
		done
	done
	tcase "smime sign multipart/signed -> openssl cms -inform SMIME verifies" \
		us_sign_cms_smime

	tcase "openssl cms -sign -nodetach DER -> smime verify" \
		ossl_sign cms DER attached alice "" ""
	tcase "openssl cms -sign detached DER -> smime verify --content" \
		ossl_sign cms DER detached alice "" ""
	tcase "openssl cms -sign -nodetach -stream (BER) -> smime verify" \
		ossl_sign cms DER attached alice "-stream" ""
	tcase "openssl cms -sign detached -stream (BER) -> smime verify --content" \
		ossl_sign cms DER detached alice "-stream" ""
	tcase "openssl cms -sign -nodetach PEM -> smime verify" \
		ossl_sign cms PEM attached alice "" ""
	tcase "openssl smime -sign -nodetach PEM (PKCS7 label) -> smime verify" \
		ossl_sign smime PEM attached alice "" ""
	tcase "openssl cms -sign -nodetach SMIME -> smime verify" \
		ossl_sign cms SMIME attached alice "" ""
	tcase "openssl cms -sign SMIME multipart/signed -> smime verify" \
		ossl_sign cms SMIME detached alice "" ""
	tcase "openssl smime -sign (multipart/signed, x-pkcs7-signature) -> smime verify" \
		ossl_sign smime SMIME detached alice "" ""
	tcase "openssl smime -sign -nodetach (x-pkcs7-mime) -> smime verify" \
		ossl_sign smime SMIME attached alice "" ""
	for md in sha256 sha384 sha512; do
		tcase "openssl cms -sign -md $md -> smime verify" \
			ossl_sign cms DER attached alice "-md $md" ""
	done
	tcase "openssl cms -sign bob (RSA-3072) DER -> smime verify" \
		ossl_sign cms DER attached bob "" ""
	tcase "openssl smime -sign bob (RSA-3072) multipart/signed -> smime verify" \
		ossl_sign smime SMIME detached bob "" ""
	tcase "openssl cms -sign without the intermediate -> smime verify --cert chain.pem" \
		ossl_sign cms DER attached alice "nochain" "--cert $pki/chain.pem"
	tcase "openssl cms -sign -noattr (no signed attributes) -> smime verify" \
		ossl_sign cms DER attached alice "-noattr" ""
	tcase "openssl cms -sign -keyid (subjectKeyIdentifier sid) -> smime verify" \
		ossl_sign cms DER attached alice "-keyid" ""

	for recips in bob "alice bob"; do
		for cipher in aes-128-cbc aes-192-cbc aes-256-cbc; do
			for form in der pem smime; do
				tcase "smime encrypt to '$recips' $cipher $form -> openssl decrypts" \
					us_encrypt "$recips" "$cipher" "$form"
			done
		done
	done
	tcase "smime encrypt default cipher -> openssl decrypts" \
		us_encrypt bob default der

	for recips in bob "alice bob"; do
		for cipher in aes128 aes192 aes256; do
			for form in DER PEM SMIME; do
				tcase "openssl cms -encrypt -$cipher $form to '$recips' -> smime decrypt" \
					ossl_encrypt cms "$recips" "$cipher" "$form" ""
			done
		done
	done
	tcase "openssl cms -encrypt -stream DER (BER) to 'alice bob' -> smime decrypt" \
		ossl_encrypt cms "bob alice" aes256 DER "-stream"
	tcase "openssl cms -encrypt -stream SMIME to 'alice bob' -> smime decrypt" \
		ossl_encrypt cms "alice bob" aes128 SMIME "-stream"
	tcase "openssl smime -encrypt -aes256 (x-pkcs7-mime) -> smime decrypt" \
		ossl_encrypt smime "bob" aes256 SMIME ""

	tcase "refuse: content byte flipped in smime's attached signature" \
		refuse_tampered_ours
	tcase "refuse: content byte flipped in openssl's attached signature" \
		refuse_tampered_ossl
	tcase "refuse: signature byte flipped" \
		refuse_tampered_signature
	tcase "refuse: detached signature with other content" \
		refuse_wrong_detached_content
	tcase "refuse: untrusted root (rogue-ca.crt)" \
		refuse_untrusted_root
	tcase "refuse: signer under a rogue root with the same name" \
		refuse_rogue_signer
	tcase "refuse: no trust anchor given" \
		refuse_no_anchor
	tcase "refuse: alice decrypts openssl's message for bob" \
		refuse_wrong_key_ossl
	tcase "refuse: alice decrypts smime's message for bob" \
		refuse_wrong_key_ours
	tcase "refuse: garbage (text and random bytes) -> 3" \
		refuse_garbage
	tcase "refuse: SignedData cut in half" \
		refuse_truncated_signed
	tcase "refuse: EnvelopedData cut in half" \
		refuse_truncated_enveloped
	tcase "refuse: ciphertext tampered (padding) -> 1" \
		refuse_tampered_ciphertext
	tcase "refuse: encryptedKey tampered -> no plaintext, not 3" \
		refuse_tampered_encrypted_key

	# --- issue 4: every recipient kind and content type ---------------
	for pad in v15 oaep-sha1 oaep-sha256; do
		for cipher in aes-128-cbc aes-192-cbc aes-256-cbc \
			aes-128-gcm aes-192-gcm aes-256-gcm; do
			tcase "smime encrypt ktri $pad $cipher -> openssl decrypts" \
				us_ktri "$pad" "$cipher"
			tcase "openssl cms -encrypt ktri $pad -$cipher -> smime decrypt" \
				ossl_ktri "$pad" "$cipher"
		done
	done
	tcase "smime encrypt AES-256-GCM S/MIME (authEnveloped-data) -> openssl decrypts" \
		us_gcm_smime
	tcase "openssl cms -encrypt -aes-128-gcm SMIME -> smime decrypt --require-auth" \
		ossl_gcm_smime
	tcase "smime decrypt --require-auth refuses EnvelopedData; without it a note" \
		require_auth_cbc
	tcase "refuse: AES-GCM tag byte flipped -> 1, no output" \
		refuse_gcm_tampered tag
	tcase "refuse: AES-GCM ciphertext byte flipped -> 1, no output" \
		refuse_gcm_tampered content

	i=0
	for c in ec-p256 ec-p384 ec-p521; do
		for kdf in sha1 sha224 sha256 sha384 sha512; do
			i=$((i + 1))
			case $((i % 4)) in
			0) cipher=aes-128-cbc ;;
			1) cipher=aes-256-cbc ;;
			2) cipher=aes-192-cbc ;;
			*) cipher=aes-256-gcm ;;
			esac
			tcase "smime encrypt kari $c --kdf x963-$kdf $cipher -> openssl decrypts" \
				us_kari "$c" "$kdf" "$cipher"
			for wrap in aes128 aes192 aes256; do
				tcase "openssl cms -encrypt kari $c ecdh_kdf_md:$kdf -$wrap-wrap -> smime decrypt" \
					ossl_kari "$c" "$kdf" "$wrap"
			done
		done
		tcase "openssl cms -encrypt kari $c cofactor ECDH sha256 -> smime decrypt" \
			ossl_kari "$c" sha256 aes256 "-keyopt ecdh_cofactor_mode:1"
		tcase "smime encrypt kari $c --ski -> openssl decrypts" us_ski "$c"
		tcase "openssl cms -encrypt -keyid kari $c -> smime decrypt" \
			ossl_keyid "$c"
	done
	# RFC 3217 defines the 3DES key wrap for 3DES keys: 3DES content.
	tcase "openssl cms -encrypt -des3 kari ec-p256 -des3-wrap -> smime decrypt" \
		ossl_kari ec-p256 sha1 des3 "" des3
	tcase "smime encrypt ktri --ski -> openssl decrypts" us_ski bob
	tcase "openssl cms -encrypt -keyid ktri -> smime decrypt" ossl_keyid bob

	for cipher in aes-128-cbc aes-192-cbc aes-256-cbc; do
		tcase "smime encrypt --password-file (PWRI) $cipher -> openssl -pwri_password" \
			us_pwri "$cipher"
	done
	for cipher in aes128 aes256; do
		tcase "openssl cms -encrypt -pwri_password -$cipher -> smime decrypt --password-file" \
			ossl_pwri "$cipher"
	done
	for klen in 16 24 32; do
		tcase "smime encrypt --kek-file ($klen-byte KEK) -> openssl -secretkey" \
			us_kekri "$klen" aes-256-cbc
		tcase "openssl cms -encrypt -secretkey ($klen-byte KEK) -> smime decrypt --kek-file" \
			ossl_kekri "$klen" aes128
	done
	tcase "smime encrypt --kek-file --cipher aes-128-gcm -> openssl -secretkey" \
		us_kekri 32 aes-128-gcm
	tcase "smime encrypt to ktri + 2 kari + pwri + kekri -> openssl opens each" \
		us_mixed
	tcase "openssl cms -encrypt to ktri + kari + pwri + kekri -> smime opens each" \
		ossl_mixed

	for klen in 16 24 32; do
		cipher=aes-$((klen * 8))-cbc
		tcase "smime encrypt --cek-file $cipher (EncryptedData) -> openssl -EncryptedData_decrypt" \
			us_encrypted_data "$klen" "$cipher"
		tcase "openssl cms -EncryptedData_encrypt $cipher -> smime decrypt --cek-file" \
			ossl_encrypted_data "$klen" "$cipher"
	done
	tcase "refuse: smime decrypt --cek-file with a 24-byte key for AES-128" \
		refuse_cek_length

	for md in default sha256 sha384 sha512; do
		tcase "smime digest --digest $md -> openssl -digest_verify" \
			us_digest "$md"
	done
	for md in sha256 sha384 sha512; do
		tcase "openssl cms -digest_create -md $md -> smime open" \
			ossl_digest "$md"
	done
	tcase "refuse: openssl DigestedData with the content changed -> smime open 1" \
		refuse_digest_tampered
	tcase "smime compress -> openssl cms -uncompress" us_compress
	tcase "openssl cms -compress -> smime open" ossl_compress

	for what in nul big; do
		tcase "binary $what: smime sign DER -> openssl verifies" \
			us_sign alice der attached "$tmp/$what.bin"
		tcase "binary $what: smime sign DER detached -> openssl verifies" \
			us_sign bob der detached "$tmp/$what.bin"
		tcase "binary $what: openssl cms -sign DER -> smime verify" \
			ossl_sign cms DER attached alice "" "" "$tmp/$what.bin"
		tcase "binary $what: smime encrypt DER -> openssl decrypts" \
			us_encrypt "alice bob" aes-256-cbc der "$tmp/$what.bin"
		tcase "binary $what: openssl cms -encrypt DER -> smime decrypt" \
			ossl_encrypt cms "bob alice" aes128 DER "" "$tmp/$what.bin"
	done
}

tcase_plan
if [ -z "$skip_all" ]; then
	make_payloads
	compress_check
fi
all_cases
tap_done
