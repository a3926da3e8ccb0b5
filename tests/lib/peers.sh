# SPDX-License-Identifier: LGPL-2.1-or-later
# shellcheck shell=sh disable=SC2034,SC2154
#
# peers.sh: throwaway homes for the peers that keep state, for the interop
# suites: a GNUPGHOME for gpgsm (its gpg-agent is stopped at exit) and an
# NSS database for cmsutil. Source it after tests/lib/tap.sh, once $tmp
# exists (tap_tmpdir) and $pki and $i4 name tests/data/pki and
# tests/data/issue4.
#
# Every *_lacks and *_setup function leaves its reason in $peer_why when it
# says the peer cannot be used; the suite turns that into skips.
#
# Environment: optional GPGSM, GPGCONF, CMSUTIL (the commands).

GPGSM=${GPGSM:-gpgsm}
GPGCONF=${GPGCONF:-gpgconf}
CMSUTIL=${CMSUTIL:-cmsutil}
home=$tmp/gnupg
db=sql:$tmp/nssdb
peer_why=

tap_at_exit() {
	if [ -d "$home" ] && command -v "$GPGCONF" >/dev/null 2>&1; then
		"$GPGCONF" --homedir "$home" --kill all >/dev/null 2>&1
	fi
}

# peer_lacks WHERE TOOL...: true when a TOOL is not installed; WHERE says
# which Debian packages have them.
peer_lacks() {
	where=$1
	shift
	for tool in "$@"; do
		if ! command -v "$tool" >/dev/null 2>&1; then
			peer_why="$tool not found (Debian: $where)"
			return 0
		fi
	done
	return 1
}

# --- gpgsm -------------------------------------------------------------------------

gpgsm_lacks() {
	peer_lacks "gpgsm, gpg-agent" "$GPGSM" "$GPGCONF" gpg-agent
}

# gsm ARGS...: gpgsm in the test home, non-interactive; bob's passphrase
# on descriptor 3 when a secret key is needed.
gsm() {
	$limit "$GPGSM" --homedir "$home" --batch --pinentry-mode loopback \
		--passphrase-fd 3 "$@" 3<"$i4/bob.p12.pass"
}

# gpgsm_setup CERT...: a fresh GNUPGHOME with the CERTs, bob's key and
# the test root trusted (through trustlist.txt); CRL checks are off (the
# test PKI has no CRLs).
gpgsm_setup() {
	log=$tmp/gpgsm-setup.log
	mkdir -m 700 "$home" || return 1
	printf 'disable-crl-checks\ndisable-dirmngr\n' >"$home/gpgsm.conf"
	printf 'allow-loopback-pinentry\n' >"$home/gpg-agent.conf"
	if ! gsm --import "$@" >"$log" 2>&1 ||
		! gsm --import "$i4/bob.p12" >>"$log" 2>&1; then
		peer_why="gpgsm could not import the test keys: $(tail -n 1 "$log")"
		return 1
	fi
	fpr=$("$GPGSM" --homedir "$home" --with-colons --list-keys \
		"libsmime Test Root CA" 2>/dev/null |
		awk -F: '$1 == "fpr" { print $10; exit }')
	if [ -z "$fpr" ]; then
		peer_why="gpgsm does not list the imported root"
		return 1
	fi
	printf '%s S\n' "$fpr" >"$home/trustlist.txt"
}

# --- NSS -----------------------------------------------------------------------------

nss_lacks() {
	peer_lacks libnss3-tools "$CMSUTIL" certutil pk12util
}

cms() {
	$limit "$CMSUTIL" -d "$db" -p "" "$@"
}

# nss_setup: a fresh NSS database (empty password) that trusts the test
# root; the log is $tmp/nss-setup.log.
nss_setup() {
	log=$tmp/nss-setup.log
	if ! mkdir "$tmp/nssdb" ||
		! certutil -N -d "$db" --empty-password >"$log" 2>&1; then
		peer_why="cannot create the NSS database"
		return 1
	fi
	certutil -A -d "$db" -n libsmime-test-root -t "CT,C,C" \
		-i "$pki/ca.crt" >>"$log" 2>&1 && return 0
	peer_why="cannot trust the test root in NSS"
	return 1
}

# nss_import_p12 FILE PASSFILE: a key and its certificates into the database.
nss_import_p12() {
	pk12util -i "$1" -d "$db" -w "$2" -K "" >>"$tmp/nss-setup.log" 2>&1 &&
		return 0
	peer_why="cannot import ${1##*/} into NSS: $(tail -n 1 "$tmp/nss-setup.log")"
	return 1
}
