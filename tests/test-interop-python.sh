#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Interoperability with an independent CMS implementation written in Python
# on pyca/cryptography (tests/python/cms_peer.py), for what no locally
# installed peer does: X25519/X448 key agreement (RFC 8418, HKDF and X9.63
# KDFs), AES-CCM and ChaCha20-Poly1305 AuthEnvelopedData, AES-GCM with
# 12- and 16-byte ICVs, AuthenticatedData (HMAC) and CompressedData. Both
# directions: Python produces and smime decrypts; smime produces and Python
# decrypts; the contents are compared byte for byte. The first cases check
# the Python peer itself against published vectors, so that a failure
# further down points at libsmime, not at the helper.
# Output: TAP. Every case is skipped when no python3 with the cryptography
# package (Debian: python3-cryptography) is found.
#
# Environment: SMIME_CLI (the smime binary), SMIME_TEST_DATA (tests/data),
# optional SMIME_CLI_WRAPPER (e.g. "valgrind -q --error-exitcode=99"),
# optional PYTHON (the python3 command).

. "$(dirname "$0")/lib/tap.sh"
. "$(dirname "$0")/lib/cases.sh"
tcase_init test-interop-python

corpus=$data/corpus
helper=$(dirname "$0")/python/cms_peer.py
PYTHON=${PYTHON:-python3}

if ! command -v "$PYTHON" >/dev/null 2>&1; then
	skip_all="$PYTHON not found"
elif ! "$PYTHON" -c 'from cryptography.hazmat.primitives.asymmetric import x448
from cryptography.hazmat.primitives.ciphers.aead import AESCCM, ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.x963kdf import X963KDF' 2>/dev/null; then
	skip_all="python3-cryptography (with X448, AES-CCM, ChaCha20-Poly1305) not available to $PYTHON"
elif [ ! -r "$helper" ]; then
	skip_all="cannot read $helper"
fi

# --- helpers -----------------------------------------------------------------

peer() {
	$limit "$PYTHON" "$helper" "$@"
}

# key_of NAME / cert_of NAME: bob and alice live in pki/, the others in issue4/.
key_of() {
	case $1 in
	bob | alice | ec-p256) echo "$pki/$1.key" ;;
	*) echo "$i4/$1.key" ;;
	esac
}
cert_of() {
	case $1 in
	bob | alice | ec-p256) echo "$pki/$1.crt" ;;
	*) echo "$i4/$1.crt" ;;
	esac
}

make_payloads() {
	printf 'Content from the Python peer.\nLine two, bare LF.\n\000NUL and \377 bytes\n' \
		>"$tmp/plain.txt"
	head -c 70000 /dev/urandom >"$tmp/big.bin"
}

# --- the Python peer against published vectors -------------------------------------

# sanity FILE KEY CERT EXPECTED: cms_peer.py decrypts a third-party object.
sanity() {
	kargs=
	[ "$2" = - ] || kargs="--key $corpus/$2"
	[ "$3" = - ] || kargs="$kargs --cert $corpus/$3"
	# shellcheck disable=SC2086
	step 0 peer consume $kargs --in "$corpus/$1" --out "$W/got" || return 1
	same "$corpus/$4" "$W/got"
}

sanity_kek() {
	step 0 peer consume --kek 0102030405060708090A0B0C0D0E0F00 \
		--in "$corpus/$1" --out "$W/got" || return 1
	same "$corpus/$2" "$W/got"
}

# --- Python produces, smime decrypts ----------------------------------------------

# py_to_us RECIPIENT "PRODUCE ARGS" [CONTENT]: RECIPIENT decrypts with -k/-c.
py_to_us() {
	r=$1 pargs=$2
	content=${3:-$tmp/plain.txt}
	# shellcheck disable=SC2086
	step 0 peer produce $pargs --recip "$(cert_of "$r")" --in "$content" \
		--out "$W/msg" || return 1
	step 0 smime decrypt -k "$(key_of "$r")" -c "$(cert_of "$r")" \
		-o "$W/got" "$W/msg" || return 1
	same "$content" "$W/got" || return 1
	# Without -c: the key is tried against every recipient.
	step 0 smime decrypt -k "$(key_of "$r")" -o "$W/got2" "$W/msg" || return 1
	same "$content" "$W/got2"
}

# py_to_us_auth RECIPIENT "PRODUCE ARGS": authenticated content passes
# --require-auth.
py_to_us_auth() {
	r=$1 pargs=$2
	# shellcheck disable=SC2086
	step 0 peer produce $pargs --recip "$(cert_of "$r")" \
		--in "$tmp/plain.txt" --out "$W/msg" || return 1
	step 0 smime decrypt --require-auth -k "$(key_of "$r")" \
		-c "$(cert_of "$r")" -o "$W/got" "$W/msg" || return 1
	same "$tmp/plain.txt" "$W/got"
}

# py_tampered RECIPIENT "PRODUCE ARGS" WHERE: a byte of the ciphertext
# (WHERE=content), of the MAC/tag (WHERE=tag, the last byte) or of an
# authenticated attribute (WHERE=attrs: inside the signing-time value)
# flipped: exit 1 and no output file.
py_tampered() {
	r=$1 pargs=$2 where=$3
	# shellcheck disable=SC2086
	step 0 peer produce $pargs --recip "$(cert_of "$r")" \
		--in "$tmp/plain.txt" --out "$W/msg" || return 1
	case $where in
	tag) flip "$W/msg" -1 ;;
	attrs)
		off=$(offset_of "$W/msg" "250101000000Z")
		[ -n "$off" ] || fail "signing-time not found" || return 1
		flip "$W/msg" "$((off + 2))"
		;;
	content)
		# AuthenticatedData carries the content in clear: flip a
		# plaintext byte; otherwise flip inside the ciphertext, which
		# precedes the 8-16 byte tag at the end.
		off=$(offset_of "$W/msg" "Content from the Python")
		if [ -n "$off" ]; then
			flip "$W/msg" "$((off + 3))"
		else
			flip "$W/msg" -30
		fi
		;;
	esac
	step 1 smime decrypt -k "$(key_of "$r")" -c "$(cert_of "$r")" \
		-o "$W/got" "$W/msg" || return 1
	[ ! -e "$W/got" ] || fail "an output file was written"
}

py_compressed() {
	content=${1:-$tmp/plain.txt}
	step 0 peer produce --type compressed --in "$content" --out "$W/msg" ||
		return 1
	step 0 smime open -o "$W/got" "$W/msg" || return 1
	same "$content" "$W/got"
}

# --- smime produces, Python decrypts ------------------------------------------------

# us_to_py VERB "RECIPIENTS" "SMIME ARGS" [CONTENT]: every recipient
# decrypts (or checks the MAC) with cms_peer.py.
us_to_py() {
	verb=$1 recips=$2 sargs=$3
	content=${4:-$tmp/plain.txt}
	rargs=
	for r in $recips; do
		rargs="$rargs -r $(cert_of "$r")"
	done
	# shellcheck disable=SC2086
	step 0 smime "$verb" $rargs $sargs --outform der -o "$W/msg" \
		"$content" || return 1
	for r in $recips; do
		step 0 peer consume --key "$(key_of "$r")" --cert "$(cert_of "$r")" \
			--in "$W/msg" --out "$W/got-$r" || return 1
		same "$content" "$W/got-$r" || return 1
	done
}

us_to_py_kek() {
	verb=$1 sargs=$2
	printf '000102030405060708090a0b0c0d0e0f1011121314151617\n' >"$W/kek"
	# shellcheck disable=SC2086
	step 0 smime "$verb" --kek-file "$W/kek" --kek-id 0a0b0c $sargs \
		--outform der -o "$W/msg" "$tmp/plain.txt" || return 1
	step 0 peer consume --kek 000102030405060708090a0b0c0d0e0f1011121314151617 \
		--in "$W/msg" --out "$W/got" || return 1
	same "$tmp/plain.txt" "$W/got"
}

us_compress_to_py() {
	content=${1:-$tmp/plain.txt}
	step 0 smime compress --outform der -o "$W/msg" "$content" || return 1
	step 0 peer consume --in "$W/msg" --out "$W/got" || return 1
	same "$content" "$W/got"
}

# --- the cases -------------------------------------------------------------------

KDFS="hkdf-sha256 hkdf-sha384 hkdf-sha512 x963-sha1 x963-sha224 x963-sha256 x963-sha384 x963-sha512"

all_cases() {
	ire=cms-examples-ireland
	tcase "peer check: python decrypts draft-ireland encryptedForBobAndDana as Dana (X25519, X9.63-SHA256)" \
		sanity $ire/binary-files/encryptedForBobAndDana.p7m \
		$ire/certs-and-keys/lamps-dana.decrypt.p8.pem \
		$ire/certs-and-keys/lamps-dana.encrypt.crt rfc4134-bc-csharp/ExContent.bin
	tcase "peer check: python decrypts draft-ireland authEnvelopedForDanaX25519HKDF (HKDF, AES-GCM)" \
		sanity $ire/binary-files/authEnvelopedForDanaX25519HKDF.p7m \
		$ire/certs-and-keys/lamps-dana.decrypt.p8.pem - rfc4134-bc-csharp/ExContent.bin
	tcase "peer check: python decrypts draft-ireland authEnvelopedForBobChaCha20Poly1305 (RSA-OAEP)" \
		sanity $ire/binary-files/authEnvelopedForBobChaCha20Poly1305.p7m \
		$ire/certs-and-keys/lamps-bob.decrypt.p8.pem - rfc4134-bc-csharp/ExContent.bin
	tcase "peer check: python decrypts Bouncy Castle encSess7 (ECDH P-256, X9.63-SHA1)" \
		sanity bc-java-cms/ecdh/encSess7.asc bc-java-cms/ecdh/ecc.key - \
		../issue4/sess-crlf.txt
	tcase "peer check: python opens RustCrypto compressed_data.bin" \
		sanity rustcrypto-cms-examples/compressed_data.bin - - \
		rustcrypto-cms-examples/data.txt
	tcase "peer check: python decrypts RustCrypto enveloped_data_kekri.bin" \
		sanity_kek rustcrypto-cms-examples/enveloped_data_kekri.bin \
		rustcrypto-cms-examples/data.txt

	# X25519 / X448 key agreement, every KDF; the wrap, the ukm and the
	# content cipher vary along.
	i=0
	for curve in x25519 x448; do
		for kdf in $KDFS; do
			i=$((i + 1))
			case $((i % 3)) in
			0) wrap=aes128 ;;
			1) wrap=aes192 ;;
			*) wrap=aes256 ;;
			esac
			ukm=
			[ $((i % 2)) = 0 ] || ukm=--ukm
			tcase "python kari $curve $kdf wrap $wrap ${ukm:-no-ukm} AES-CBC -> smime decrypt" \
				py_to_us "$curve" "--type enveloped --cipher aes-256-cbc --kdf $kdf --wrap $wrap $ukm"
		done
		tcase "python kari $curve hkdf-sha256 rKeyId (SKI) -> smime decrypt" \
			py_to_us "$curve" "--type enveloped --cipher aes-128-cbc --kdf hkdf-sha256 --ski"
		tcase "python kari $curve hkdf-sha384 ChaCha20-Poly1305 -> smime decrypt --require-auth" \
			py_to_us_auth "$curve" "--type authenveloped --cipher chacha20-poly1305 --kdf hkdf-sha384 --wrap aes256"
		tcase "python kari $curve x963-sha256 AES-256-GCM -> smime decrypt --require-auth" \
			py_to_us_auth "$curve" "--type authenveloped --cipher aes-256-gcm --icv 16 --kdf x963-sha256 --wrap aes256"
	done

	# AEAD content encryption with RSA key transport.
	for c in aes-128-ccm aes-192-ccm aes-256-ccm chacha20-poly1305; do
		tcase "python ktri $c AuthEnvelopedData -> smime decrypt" \
			py_to_us bob "--type authenveloped --cipher $c"
		tcase "python ktri OAEP-SHA256 $c with authAttrs -> smime decrypt --require-auth" \
			py_to_us_auth bob "--type authenveloped --cipher $c --oaep sha256 --auth-attrs"
	done
	for icv in 12 16; do
		tcase "python ktri AES-128-GCM ICV $icv -> smime decrypt" \
			py_to_us bob "--type authenveloped --cipher aes-128-gcm --icv $icv"
	done
	tcase "python ktri AES-192-GCM ICV 12 with authAttrs -> smime decrypt" \
		py_to_us bob "--type authenveloped --cipher aes-192-gcm --icv 12 --auth-attrs"
	for icv in 8 16; do
		tcase "python ktri AES-256-CCM ICV $icv -> smime decrypt" \
			py_to_us bob "--type authenveloped --cipher aes-256-ccm --icv $icv"
	done
	tcase "python ktri (SKI) OAEP-SHA512 AES-128-CCM -> smime decrypt" \
		py_to_us bob "--type authenveloped --cipher aes-128-ccm --ski --oaep sha512"
	tcase "python ktri ChaCha20-Poly1305, 70000 random bytes -> smime decrypt" \
		py_to_us bob "--type authenveloped --cipher chacha20-poly1305" "$tmp/big.bin"

	# AuthenticatedData.
	for mac in hmac-sha256 hmac-sha384 hmac-sha512; do
		tcase "python AuthenticatedData $mac ktri -> smime decrypt --require-auth" \
			py_to_us_auth bob "--type authenticated --mac $mac"
		tcase "python AuthenticatedData $mac kari X25519 with authAttrs -> smime decrypt --require-auth" \
			py_to_us_auth x25519 "--type authenticated --mac $mac --auth-attrs --kdf hkdf-sha256"
	done
	tcase "python AuthenticatedData hmac-sha512 kari X448 x963-sha512 with authAttrs -> smime decrypt" \
		py_to_us x448 "--type authenticated --mac hmac-sha512 --auth-attrs --kdf x963-sha512 --wrap aes256"

	# Tampering is detected and nothing is written.
	tcase "refuse: python ChaCha20-Poly1305, tag byte flipped -> 1, no output" \
		py_tampered bob "--type authenveloped --cipher chacha20-poly1305" tag
	tcase "refuse: python AES-128-CCM, ciphertext byte flipped -> 1, no output" \
		py_tampered bob "--type authenveloped --cipher aes-128-ccm" content
	tcase "refuse: python AES-256-GCM, authAttrs byte flipped -> 1, no output" \
		py_tampered x25519 "--type authenveloped --cipher aes-256-gcm --icv 16 --auth-attrs" attrs
	tcase "refuse: python AuthenticatedData, content byte flipped -> 1, no output" \
		py_tampered bob "--type authenticated --mac hmac-sha256" content
	tcase "refuse: python AuthenticatedData with authAttrs, content byte flipped -> 1" \
		py_tampered x25519 "--type authenticated --mac hmac-sha384 --auth-attrs" content
	tcase "refuse: python AuthenticatedData, MAC byte flipped -> 1, no output" \
		py_tampered x448 "--type authenticated --mac hmac-sha256" tag

	# CompressedData.
	tcase "python CompressedData (zlib) -> smime open" py_compressed
	tcase "python CompressedData, 70000 random bytes -> smime open" \
		py_compressed "$tmp/big.bin"

	# smime produces.
	for curve in x25519 x448; do
		for kdf in $KDFS; do
			tcase "smime encrypt -r $curve --kdf $kdf -> python decrypts" \
				us_to_py encrypt "$curve" "--kdf $kdf"
		done
		tcase "smime encrypt -r $curve --ski -> python decrypts" \
			us_to_py encrypt "$curve" "--ski"
		tcase "smime encrypt -r $curve --cipher chacha20-poly1305 -> python decrypts" \
			us_to_py encrypt "$curve" "--cipher chacha20-poly1305"
		tcase "smime encrypt -r $curve --cipher aes-128-gcm --kdf hkdf-sha512 -> python decrypts" \
			us_to_py encrypt "$curve" "--cipher aes-128-gcm --kdf hkdf-sha512"
	done
	for c in aes-128-ccm aes-192-ccm aes-256-ccm chacha20-poly1305 aes-192-gcm; do
		tcase "smime encrypt -r bob --cipher $c -> python decrypts" \
			us_to_py encrypt bob "--cipher $c"
	done
	tcase "smime encrypt -r bob --oaep --oaep-hash sha384 --cipher aes-256-ccm -> python decrypts" \
		us_to_py encrypt bob "--oaep --oaep-hash sha384 --cipher aes-256-ccm"
	tcase "smime encrypt to bob, x25519 and x448 (ChaCha20-Poly1305) -> python decrypts as each" \
		us_to_py encrypt "bob x25519 x448" "--cipher chacha20-poly1305"
	tcase "smime encrypt --kek-file (AES-192 wrap) --cipher aes-256-ccm -> python decrypts" \
		us_to_py_kek encrypt "--cipher aes-256-ccm"
	tcase "smime encrypt -r x25519, 70000 random bytes -> python decrypts" \
		us_to_py encrypt x25519 "--cipher aes-256-gcm" "$tmp/big.bin"
	for mac in hmac-sha256 hmac-sha384 hmac-sha512; do
		tcase "smime authenticate -r bob --mac $mac -> python checks the MAC" \
			us_to_py authenticate bob "--mac $mac"
		tcase "smime authenticate -r x25519 --mac $mac -> python checks the MAC" \
			us_to_py authenticate x25519 "--mac $mac"
	done
	tcase "smime authenticate -r x448 -r bob -> python checks the MAC as each" \
		us_to_py authenticate "x448 bob" ""
	tcase "smime authenticate --kek-file -> python checks the MAC" \
		us_to_py_kek authenticate ""
	tcase "smime compress -> python decompresses" us_compress_to_py
	tcase "smime compress, 70000 random bytes -> python decompresses" \
		us_compress_to_py "$tmp/big.bin"
}

tcase_plan
[ -n "$skip_all" ] || make_payloads
all_cases
tap_done
