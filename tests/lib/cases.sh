# SPDX-License-Identifier: LGPL-2.1-or-later
# shellcheck shell=sh disable=SC2034,SC2154
#
# cases.sh: the case harness of the interop suites, on top of
# tests/lib/tap.sh (source that first). A case is a shell function run by
#
#	tcase DESC FUNCTION ARGS...
#
# in its own directory $W; it fails when it returns non-zero or when it
# called fail (the first reason is kept in $W/why). step runs one command
# with its output in $W/stdout and $W/stderr; a failed step keeps the
# command line and its standard error for the TAP diagnostics. skip marks
# the current case as skipped, note adds a diagnostic line.
#
# A suite starts with
#
#	tcase_init NAME         C locale, $data, $pki and $i4 (tests/data,
#	                        its pki/ and issue4/), $tmp, a 120 s $limit
#
# defines all_cases (every tcase, in order) and ends with
#
#	tcase_plan              count the cases, print "1..N"
#	... prepare the inputs (only when they will be used) ...
#	all_cases
#	tap_done
#
# $skip_all, when set, skips every following case with that reason; a
# suite may set it once (a peer is missing) or per section.
# tcase_begin is called before each case runs; a suite may redefine it.

mode=run
skip_all=

# tcase_init NAME: what every interop suite needs first (NAME names $tmp).
tcase_init() {
	LC_ALL=C
	export LC_ALL
	data=${SMIME_TEST_DATA:-$(dirname "$0")/data}
	pki=$data/pki
	i4=$data/issue4
	tap_need_cli
	tap_tmpdir "$1"
	tap_limit 120
}

tcase_begin() {
	:
}

# tcase DESC FUNCTION ARGS...: one TAP test.
tcase() {
	n=$((n + 1))
	[ "$mode" = run ] || return 0
	desc=$1
	shift
	if [ -n "$skip_all" ]; then
		echo "ok $n - $desc # SKIP $skip_all"
		skipped=$((skipped + 1))
		return 0
	fi
	W=$tmp/case$n
	mkdir -p "$W"
	tcase_begin
	if "$@" && [ ! -s "$W/why" ]; then
		if [ -s "$W/skip" ]; then
			echo "ok $n - $desc # SKIP $(head -n 1 "$W/skip")"
			skipped=$((skipped + 1))
		else
			echo "ok $n - $desc"
			passed=$((passed + 1))
		fi
	else
		echo "not ok $n - $desc"
		failed=$((failed + 1))
		[ -s "$W/why" ] || echo "unknown failure" >"$W/why"
		sed 's/^/# /' "$W/why"
		if [ -s "$W/cmd" ]; then
			echo "# command: $(cat "$W/cmd")"
		fi
		if [ -s "$W/cmd-stderr" ]; then
			echo "# stderr:"
			head -n 15 "$W/cmd-stderr" | sed 's/^/#   /'
		fi
	fi
	[ ! -s "$W/notes" ] || sed 's/^/# /' "$W/notes"
	rm -rf "$W"
}

# tcase_plan: the plan line, from a dry run of all_cases.
tcase_plan() {
	mode=count
	all_cases
	echo "1..$n"
	n=0
	mode=run
}

# fail WHY: record why the current case failed (the first reason wins).
fail() {
	[ -s "$W/why" ] || printf '%s\n' "$1" >"$W/why"
	return 1
}

# skip WHY: the current case is skipped (TAP SKIP) with WHY; returns 0.
skip() {
	printf '%s\n' "$1" >"$W/skip"
	return 0
}

# note TEXT: a diagnostic printed with the case's result.
note() {
	printf '%s\n' "$1" >>"$W/notes"
}

# step WANT CMD...: run CMD; the case fails unless it exits with WANT
# ("0", "1|3", or "!0" for 1 to 3). The exit status is left in $rc, the
# output in $W/stdout and $W/stderr.
step() {
	want=$1
	shift
	"$@" >"$W/stdout" 2>"$W/stderr" </dev/null
	rc=$?
	rc_ok "$rc" "$want" && return 0
	printf '%s\n' "$*" >"$W/cmd"
	cp "$W/stderr" "$W/cmd-stderr"
	fail "exit status $rc, expected $want"
}

# complain WHY: fail the case showing the last step's stderr.
complain() {
	cp "$W/stderr" "$W/cmd-stderr"
	fail "$1"
}

# same EXPECTED GOT: the case fails unless the files are identical.
same() {
	cmp -s "$1" "$2" && return 0
	fail "content differs: $(cmp "$1" "$2" 2>&1 | head -n 1)"
}
