#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Generates the extra test keys and certificates of tests/data/issue4 (EC
# P-384/P-521, X25519, X448 recipients, and bob's key as PKCS#12), issued
# by the intermediate CA of tests/data/pki. Public test keys: never use them
# for anything real.
#
# Needs certtool (gnutls-bin) and the openssl command (X25519/X448 keys and
# the PKCS#12 file). Keys are random: run it once and commit the output.
# The small hex/password files next to it are hand-written (see README.md).
set -eu

cd "$(dirname "$0")"

CERTTOOL=${CERTTOOL:-certtool}
OPENSSL=${OPENSSL:-openssl}
pki=../pki

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

LEAF_FROM="2024-01-01 00:00:00"
UNTIL="2099-12-31 23:59:59"

# leaf_template NAME SERIAL TEMPLATE-LINE...: "CN=NAME,O=libsmime tests",
# NAME@example.org as rfc822Name, emailProtection, and the given lines.
leaf_template() {
	name=$1 serial=$2
	shift 2
	{
		echo "cn = \"$name\""
		echo "organization = \"libsmime tests\""
		echo "serial = $serial"
		echo "activation_date = \"$LEAF_FROM\""
		echo "expiration_date = \"$UNTIL\""
		echo "email = \"$name@example.org\""
		echo "email_protection_key"
		for line in "$@"; do
			echo "$line"
		done
	} >"$tmp/$name.tmpl"
}

# issue NAME KEY-OPTION: NAME.crt from the template, signed by inter.
issue() {
	"$CERTTOOL" --generate-certificate --no-text --hash sha256 "$2" \
		--load-ca-certificate "$pki/inter.crt" \
		--load-ca-privkey "$pki/inter.key" \
		--template "$tmp/$1.tmpl" --outfile "$1.crt" 2>/dev/null
}

# --- ECDH P-384 / P-521 (SEC1 keys, like tests/data/pki/ec-p256) -----------
for curve in 384:secp384r1:0x0ec2 521:secp521r1:0x0ec3; do
	bits=${curve%%:*}
	rest=${curve#*:}
	name=ec-p$bits
	"$CERTTOOL" --generate-privkey --no-text --key-type ecdsa \
		--curve "${rest%%:*}" --outfile "$name.key" 2>/dev/null
	leaf_template "$name" "${rest#*:}" signing_key non_repudiation \
		key_agreement
	issue "$name" "--load-privkey=$name.key"
done

# --- X25519 / X448 (PKCS#8 keys; certtool signs the bare public key) --------
for kind in x25519:X25519:0x025519 x448:X448:0x0448; do
	name=${kind%%:*}
	rest=${kind#*:}
	"$OPENSSL" genpkey -algorithm "${rest%%:*}" -out "$name.key"
	"$OPENSSL" pkey -in "$name.key" -pubout -out "$tmp/$name.pub"
	leaf_template "$name" "${rest#*:}" key_agreement
	issue "$name" "--load-pubkey=$tmp/$name.pub"
done

# --- bob's RSA key and certificate as PKCS#12 (password in bob.p12.pass) ----
# pbeWithSHAAnd3-KeyTripleDES-CBC and a SHA-1 MAC: gpgsm 2.2 cannot read
# OpenSSL 3's default PBES2/HMAC-SHA-256 files, NSS pk12util reads both.
printf 'bob-pass' >bob.p12.pass
"$OPENSSL" pkcs12 -export -inkey "$pki/bob.key" -in "$pki/bob.crt" \
	-certfile "$pki/inter.crt" -name bob -passout file:bob.p12.pass \
	-keypbe PBE-SHA1-3DES -certpbe PBE-SHA1-3DES -macalg sha1 \
	-out bob.p12

chmod 644 ./*.crt ./*.key ./*.p12 ./*.pass
echo "issue 4 test keys written to $(pwd)"
