#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Generates the certificates of the path building tests (tests/test-validation.c,
# /validation/path/...) in the directory of this script: a root, two
# intermediates with the same name and no key identifiers (so that only the
# signature tells them apart) and a leaf issued by the second one. EC P-256
# keys, SHA-256, valid for 27000 days from the day they are made (the
# tests validate in 2060). Keys are random and thrown away; run it
# once and commit the certificates.
set -eu

cd "$(dirname "$0")"
OPENSSL=${OPENSSL:-openssl}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat > "$tmp/ext.cnf" <<'CNF'
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = none
authorityKeyIdentifier = none
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = emailProtection
subjectAltName = email:leaf@example.com
subjectKeyIdentifier = none
authorityKeyIdentifier = none
CNF

key() {
	"$OPENSSL" genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$tmp/$1.key"
}

# cert NAME SUBJECT ISSUER-NAME EXTENSIONS
cert() {
	"$OPENSSL" req -new -key "$tmp/$1.key" -subj "$2" -out "$tmp/$1.csr"
	"$OPENSSL" x509 -req -in "$tmp/$1.csr" -CA "$3.crt" -CAkey "$tmp/$3.key" \
		-set_serial "0x$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')" -days 27000 \
		-extfile "$tmp/ext.cnf" -extensions "$4" -sha256 -out "$1.crt"
}

key root
"$OPENSSL" req -new -x509 -key "$tmp/root.key" -subj "/O=libsmime tests/CN=Path Root" \
	-days 27000 -addext "basicConstraints=critical,CA:TRUE" \
	-addext "keyUsage=critical,keyCertSign,cRLSign" \
	-addext "subjectKeyIdentifier=none" -addext "authorityKeyIdentifier=none" \
	-sha256 -out root.crt
key inter-a
key inter-b
key leaf
cert inter-a "/O=libsmime tests/CN=Path Intermediate" root ca
cert inter-b "/O=libsmime tests/CN=Path Intermediate" root ca
cert leaf "/O=libsmime tests/CN=Path Leaf" inter-b leaf
