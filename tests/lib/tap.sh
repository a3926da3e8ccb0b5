# SPDX-License-Identifier: LGPL-2.1-or-later
# shellcheck shell=sh disable=SC2034,SC2154
#
# tap.sh: the TAP harness shared by the shell test suites (tests/test-*.sh).
# POSIX sh, sourced, never run; a suite finds it next to itself:
#
#	. "$(dirname "$0")/lib/tap.sh"
#
# Sourcing only defines functions and zeroes the counters; the suite then
# calls what it needs:
#
#	tap_need_cli             Bail out unless SMIME_CLI names the tool
#	tap_tmpdir NAME          $tmp, a private directory removed at exit
#	tap_limit SECONDS        $limit, a "timeout" prefix when coreutils has it
#	smime ARGS...            the tool, through $limit and SMIME_CLI_WRAPPER
#	ok / not_ok / skip       one TAP line each, counted in $n, $passed,
#	                         $failed ($skipped for skip)
#	run / run_in / expect / check
#	                         run a command with its output in $tmp/stdout
#	                         and $tmp/stderr, then judge $status
#	tap_done                 the "# N passed, M failed" line; its status is
#	                         the suite's result
#
# The plan line ("1..N") is the suite's own business: it either prints it
# after the tests or counts the cases first (tests/lib/cases.sh).
#
# Environment: SMIME_CLI (the smime binary), optional SMIME_CLI_WRAPPER
# (e.g. "valgrind -q --error-exitcode=99").

n=0
passed=0
failed=0
skipped=0
limit=

# tap_need_cli: every suite needs the tool under test.
tap_need_cli() {
	if [ -z "${SMIME_CLI:-}" ]; then
		echo "Bail out! SMIME_CLI is not set"
		exit 1
	fi
}

# tap_at_exit: run before $tmp is removed; a suite (or tests/lib/peers.sh)
# redefines it to stop what it started.
tap_at_exit() {
	:
}

tap_cleanup() {
	tap_at_exit
	rm -rf "$tmp"
}

# tap_tmpdir NAME: $tmp is a fresh directory, removed when the suite exits
# (also on a signal).
tap_tmpdir() {
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX") || exit 1
	trap tap_cleanup EXIT
	trap 'exit 130' HUP INT PIPE TERM
}

# tap_limit SECONDS: commands get a time limit when coreutils' timeout is
# there ($limit is empty otherwise).
tap_limit() {
	if command -v timeout >/dev/null 2>&1; then
		limit="timeout $1"
	else
		limit=
	fi
}

# smime ARGS...: the tool, through the optional wrapper.
smime() {
	# shellcheck disable=SC2086
	$limit ${SMIME_CLI_WRAPPER:-} "$SMIME_CLI" "$@"
}

# --- one TAP line a test --------------------------------------------------------

ok() {
	n=$((n + 1))
	passed=$((passed + 1))
	echo "ok $n - $1"
}

# skip NAME WHY: a test that cannot run here. (tests/lib/cases.sh has its
# own skip, for the case being run.)
skip() {
	n=$((n + 1))
	passed=$((passed + 1))
	echo "ok $n - $1 # SKIP $2"
}

# not_ok NAME [DIAGNOSTIC...]: a failure, with the diagnostics and the
# start of the last run's standard error as TAP comments.
not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
	shift
	for line in "$@"; do
		echo "# $line"
	done
	if [ -s "$tmp/stderr" ]; then
		sed 's/^/#   stderr: /' "$tmp/stderr" | head -n 12
	fi
}

# tap_done: the summary line; returns 0 when nothing failed.
tap_done() {
	echo "# $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}

# --- running commands ------------------------------------------------------------

# run CMD...: runs the command with stdout and stderr captured in
# $tmp/stdout and $tmp/stderr; the exit status is left in $status.
run() {
	"$@" >"$tmp/stdout" 2>"$tmp/stderr" </dev/null
	status=$?
}

# run_in FILE CMD...: like run, with FILE as standard input.
run_in() {
	input=$1
	shift
	"$@" >"$tmp/stdout" 2>"$tmp/stderr" <"$input"
	status=$?
}

# expect WANT NAME: checks the $status of the last run.
expect() {
	if [ "$status" -eq "$1" ]; then
		ok "$2"
	else
		not_ok "$2" "expected exit status $1, got $status"
	fi
}

# check NAME WANT-STATUS TEST...: the last run exited WANT-STATUS and the
# shell test TEST... holds.
check() {
	name=$1
	want=$2
	shift 2
	if [ "$status" -ne "$want" ]; then
		not_ok "$name" "expected exit status $want, got $status"
	elif "$@"; then
		ok "$name"
	else
		not_ok "$name" "check failed: $*"
	fi
}

# rc_ok RC WANT: WANT is a status, alternatives "a|b", or "!0" (1, 2 or 3).
rc_ok() {
	case $2 in
	'!0')
		[ "$1" -ge 1 ] && [ "$1" -le 3 ]
		return
		;;
	esac
	old_ifs=$IFS
	IFS='|'
	for alt in $2; do
		if [ "$1" = "$alt" ]; then
			IFS=$old_ifs
			return 0
		fi
	done
	IFS=$old_ifs
	return 1
}

# --- files -----------------------------------------------------------------------

# flip FILE OFFSET [MASK]: XOR the byte at OFFSET (negative: from the end)
# with MASK (default 1), in place.
flip() {
	off=$2
	if [ "$off" -lt 0 ]; then
		off=$(($(wc -c <"$1") + off))
	fi
	byte=$(od -An -tu1 -j "$off" -N1 "$1" | tr -d ' \n')
	[ -n "$byte" ] || return 1
	# shellcheck disable=SC2059
	printf "$(printf '\\%03o' $((byte ^ ${3:-1})))" |
		dd of="$1" bs=1 seek="$off" conv=notrunc 2>/dev/null
}

# offset_of FILE STRING: byte offset of the first STRING in FILE.
offset_of() {
	grep -obaF -- "$2" "$1" | head -n 1 | cut -d: -f1
}
