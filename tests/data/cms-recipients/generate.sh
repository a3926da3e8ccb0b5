#!/bin/sh
# Regenerates the key-agreement test keys of tests/test-cms-recipients.c
# with the openssl command. The keys are random: tests depend only on the
# names, curves and extensions below, never on the key bytes.
set -e
cd "$(dirname "$0")"
days=36500
cat > ext.cnf <<'CNF'
[ee]
basicConstraints = critical,CA:FALSE
keyUsage = critical,keyAgreement
extendedKeyUsage = emailProtection
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ca.key
openssl req -new -x509 -key ca.key -subj "/O=libsmime tests/CN=libsmime recipients CA" \
	-days $days -set_serial 1 -addext "basicConstraints=critical,CA:TRUE" \
	-addext "keyUsage=critical,keyCertSign,cRLSign" -sha256 -out ca.crt
serial=16
for k in p384:EC:ec_paramgen_curve:P-384 p521:EC:ec_paramgen_curve:P-521 \
	 x25519:X25519:: x448:X448::; do
	name=${k%%:*}
	rest=${k#*:}
	alg=${rest%%:*}
	opt=${rest#*:}
	if [ "$opt" = ":" ]; then
		openssl genpkey -algorithm "$alg" -out "$name.key"
	else
		openssl genpkey -algorithm "$alg" -pkeyopt "$opt" -out "$name.key"
	fi
	openssl pkey -in "$name.key" -pubout -out "$name.pub"
	# a throwaway request (X25519/X448 cannot sign one): signed by the CA
	# key, with the recipient's public key forced in
	openssl req -new -key ca.key -subj "/O=libsmime tests/CN=$name" -out "$name.csr"
	openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -force_pubkey "$name.pub" \
		-set_serial $serial -days $days -sha256 -extfile ext.cnf -extensions ee \
		-out "$name.crt" 2>/dev/null
	rm -f "$name.csr" "$name.pub"
	serial=$((serial + 1))
done
rm -f ext.cnf
