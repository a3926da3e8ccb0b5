#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Generates the signing keys and certificates of tests/data/interop-sign
# (ECDSA P-384 and P-521, Ed448), issued by the intermediate CA of
# tests/data/pki. Public test keys: never use them for anything real.
#
# Needs certtool (gnutls-bin). Keys are random: run it once and commit the
# output.
set -eu

cd "$(dirname "$0")"

CERTTOOL=${CERTTOOL:-certtool}
pki=../pki

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

LEAF_FROM="2024-01-01 00:00:00"
UNTIL="2099-12-31 23:59:59"

# leaf NAME SERIAL KEY-TYPE-OPTIONS...: NAME.key (PEM, as certtool writes
# it) and NAME.crt, "CN=NAME,O=libsmime tests", NAME@example.org as
# rfc822Name, key usage digitalSignature only, EKU emailProtection,
# signed with SHA-256 by inter.
leaf() {
	name=$1 serial=$2
	shift 2
	"$CERTTOOL" --generate-privkey --no-text "$@" --outfile "$name.key" \
		2>/dev/null
	cat >"$tmp/$name.tmpl" <<TMPL
cn = "$name"
organization = "libsmime tests"
serial = $serial
activation_date = "$LEAF_FROM"
expiration_date = "$UNTIL"
email = "$name@example.org"
signing_key
email_protection_key
TMPL
	"$CERTTOOL" --generate-certificate --no-text --hash sha256 \
		--load-privkey "$name.key" \
		--load-ca-certificate "$pki/inter.crt" \
		--load-ca-privkey "$pki/inter.key" \
		--template "$tmp/$name.tmpl" --outfile "$name.crt" 2>/dev/null
}

leaf sign-p384 0x5184 --key-type ecdsa --curve secp384r1
leaf sign-p521 0x5185 --key-type ecdsa --curve secp521r1
leaf sign-ed448 0x5448 --key-type ed448

# Public test material: readable by everyone (certtool writes keys 0600).
chmod 644 ./*.crt ./*.key

echo "interop-sign keys written to $(pwd)"
