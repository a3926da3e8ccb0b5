#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Generates the libsmime test PKI in the directory of this script.
# Public test keys: never use them for anything real.
#
# Needs certtool (gnutls-bin) and, for the formats certtool cannot write
# (legacy encrypted PEM, OpenSSL-made PKCS#12), the openssl command.
# Keys are random, so every run produces different files with the same
# names and the same profiles; run it once and commit the output.
set -eu

cd "$(dirname "$0")"

CERTTOOL=${CERTTOOL:-certtool}
OPENSSL=${OPENSSL:-openssl}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Validity of the normal certificates.
CA_FROM="2000-01-01 00:00:00"
LEAF_FROM="2024-01-01 00:00:00"
UNTIL="2099-12-31 23:59:59"

# genkey NAME CERTTOOL-ARGS...: NAME.key in PEM (PKCS#1 for RSA, SEC1 for
# EC, PKCS#8 for EdDSA, as certtool writes them).
genkey() {
	name=$1
	shift
	"$CERTTOOL" --generate-privkey --no-text "$@" --outfile "$name.key" \
		2>/dev/null
}

# template NAME: writes the certtool template $tmp/NAME.tmpl from standard
# input.
template() {
	cat >"$tmp/$1.tmpl"
}

# selfsign NAME
selfsign() {
	"$CERTTOOL" --generate-self-signed --no-text --hash sha256 \
		--load-privkey "$1.key" --template "$tmp/$1.tmpl" \
		--outfile "$1.crt" 2>/dev/null
}

# issue NAME ISSUER
issue() {
	"$CERTTOOL" --generate-certificate --no-text --hash sha256 \
		--load-privkey "$1.key" \
		--load-ca-certificate "$2.crt" --load-ca-privkey "$2.key" \
		--template "$tmp/$1.tmpl" --outfile "$1.crt" 2>/dev/null
}

# leaf_template NAME SERIAL EMAIL FROM UNTIL [TEMPLATE-LINE...]: an end
# entity "CN=NAME,O=libsmime tests" with EMAIL as its rfc822Name.
leaf_template() {
	name=$1 serial=$2 email=$3 from=$4 until=$5
	shift 5
	{
		echo "cn = \"$name\""
		echo "organization = \"libsmime tests\""
		echo "serial = $serial"
		echo "activation_date = \"$from\""
		echo "expiration_date = \"$until\""
		if [ -n "$email" ]; then
			echo "email = \"$email\""
		fi
		for line in "$@"; do
			echo "$line"
		done
	} | template "$name"
}

SMIME_PROFILE="signing_key
non_repudiation
encryption_key
email_protection_key"

# --- Root CA -------------------------------------------------------------
genkey ca --key-type rsa --bits 3072
template ca <<EOF
dn = "CN=libsmime Test Root CA,O=libsmime tests"
serial = 1
activation_date = "$CA_FROM"
expiration_date = "$UNTIL"
ca
cert_signing_key
crl_signing_key
EOF
selfsign ca

# --- Intermediate CA -----------------------------------------------------
genkey inter --key-type rsa --bits 3072
template inter <<EOF
dn = "CN=libsmime Test Intermediate CA,O=libsmime tests"
serial = 2
activation_date = "$CA_FROM"
expiration_date = "$UNTIL"
ca
path_len = 0
cert_signing_key
crl_signing_key
EOF
issue inter ca
cp inter.crt chain.pem

# --- S/MIME end entities -------------------------------------------------
# alice's serial has its top bit set, so its DER INTEGER has a leading 00
# (certtool takes the hex octets as given: the 00 must be written).
genkey alice --key-type rsa --bits 2048
leaf_template alice 0x00a11ce001 alice@example.org "$LEAF_FROM" "$UNTIL" \
	$SMIME_PROFILE
issue alice inter

genkey bob --key-type rsa --bits 3072
leaf_template bob 0x0b0b bob@example.org "$LEAF_FROM" "$UNTIL" $SMIME_PROFILE
issue bob inter

genkey carol --key-type rsa --bits 2048
leaf_template carol 0x0ca201 carol@example.org "$LEAF_FROM" "$UNTIL" \
	$SMIME_PROFILE
issue carol ca

# dave: no subjectAltName, address only in the legacy emailAddress attribute
genkey dave --key-type rsa --bits 2048
template dave <<EOF
dn = "CN=dave,O=libsmime tests,EMAIL=dave@example.org"
serial = 0x0da5e0
activation_date = "$LEAF_FROM"
expiration_date = "$UNTIL"
signing_key
non_repudiation
encryption_key
email_protection_key
EOF
issue dave inter

# --- alice's key in every format -----------------------------------------
cp alice.key alice.pkcs1.pem
"$CERTTOOL" --to-p8 --no-text --password "" --load-privkey alice.key \
	--outfile "$tmp/alice.p8.pem" 2>/dev/null
"$CERTTOOL" --to-p8 --no-text --password "" --outder \
	--load-privkey alice.key --outfile alice.key.der 2>/dev/null
printf 'alice-pass' >alice.pass
"$CERTTOOL" --to-p8 --no-text --password alice-pass --pkcs-cipher aes-256 \
	--load-privkey alice.key --outfile alice-enc.pem 2>/dev/null
# alice.key itself is the plain PKCS#8 PEM form.
mv "$tmp/alice.p8.pem" alice.key
"$CERTTOOL" --to-p12 --no-text --password alice-pass --pkcs-cipher aes-256 \
	--p12-name alice --outder --load-privkey alice.key \
	--load-certificate alice.crt --outfile alice.p12 2>/dev/null
# Formats certtool does not write.
"$OPENSSL" rsa -in alice.pkcs1.pem -traditional -aes-128-cbc \
	-passout pass:alice-pass -out alice-legacy-enc.pem 2>/dev/null
"$OPENSSL" pkcs12 -export -inkey alice.key -in alice.crt -name alice \
	-passout pass:alice-pass -out alice-openssl.p12
"$OPENSSL" pkcs12 -export -legacy -inkey alice.key -in alice.crt \
	-name alice -passout pass:alice-pass -out alice-rc2.p12

# --- Certificates that must not validate ---------------------------------
genkey expired --key-type rsa --bits 2048
leaf_template expired 0x0e01 expired@example.org "2010-01-01 00:00:00" \
	"2011-01-01 00:00:00" $SMIME_PROFILE
issue expired inter

genkey notyet --key-type rsa --bits 2048
leaf_template notyet 0x0e02 notyet@example.org "2090-01-01 00:00:00" \
	"$UNTIL" $SMIME_PROFILE
issue notyet inter

genkey noemail-eku --key-type rsa --bits 2048
leaf_template noemail-eku 0x0e03 noemail-eku@example.org "$LEAF_FROM" \
	"$UNTIL" signing_key encryption_key tls_www_server
issue noemail-eku inter

genkey nosign-ku --key-type rsa --bits 2048
leaf_template nosign-ku 0x0e04 nosign-ku@example.org "$LEAF_FROM" "$UNTIL" \
	encryption_key email_protection_key
issue nosign-ku inter

genkey noeku --key-type rsa --bits 2048
leaf_template noeku 0x0e05 noeku@example.org "$LEAF_FROM" "$UNTIL" \
	signing_key non_repudiation encryption_key
issue noeku inter

# A different root with the same name as ca, and a leaf under it.
genkey rogue-ca --key-type rsa --bits 3072
template rogue-ca <<EOF
dn = "CN=libsmime Test Root CA,O=libsmime tests"
serial = 1
activation_date = "$CA_FROM"
expiration_date = "$UNTIL"
ca
cert_signing_key
crl_signing_key
EOF
selfsign rogue-ca

genkey mallory --key-type rsa --bits 2048
leaf_template mallory 0x0bad mallory@example.org "$LEAF_FROM" "$UNTIL" \
	$SMIME_PROFILE
issue mallory rogue-ca

# --- Other key types (for later versions) ---------------------------------
genkey ec-p256 --key-type ecdsa --curve secp256r1
leaf_template ec-p256 0x0ec1 ec-p256@example.org "$LEAF_FROM" "$UNTIL" \
	signing_key non_repudiation key_agreement email_protection_key
issue ec-p256 inter

genkey ed25519 --key-type ed25519
leaf_template ed25519 0x0ed1 ed25519@example.org "$LEAF_FROM" "$UNTIL" \
	signing_key non_repudiation email_protection_key
issue ed25519 inter

# Public test material: readable by everyone (certtool writes keys 0600).
chmod 644 ./*.crt ./*.key ./*.pem ./*.p12 ./*.der ./*.pass

echo "test PKI written to $(pwd)"
