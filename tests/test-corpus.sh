#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Conformance tests over the third-party corpus in tests/data/corpus.
# Every case is one line of tests/data/corpus-cases.txt (the format is
# described at the top of that file); this script only interprets it.
# Output: TAP.
#
# Environment: SMIME_CLI (the smime binary), SMIME_TEST_DATA (tests/data),
# optional SMIME_CLI_WRAPPER (e.g. "valgrind -q --error-exitcode=99").

LC_ALL=C
export LC_ALL

. "$(dirname "$0")/lib/tap.sh"

data=${SMIME_TEST_DATA:-$(dirname "$0")/data}
corpus=$data/corpus
cases=$data/corpus-cases.txt

tap_need_cli
if [ ! -r "$cases" ]; then
	echo "Bail out! cannot read $cases"
	exit 1
fi

tap_tmpdir test-corpus
tap_limit 120

todo_failed=0
todo_passed=0

# quote WORD: WORD as one single-quoted shell word, for eval.
quote() {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

# diag FILE: FILE's first lines as TAP comments.
diag() {
	head -n 15 "$1" | sed 's/^/#   /'
}

# run_case COMMAND FILE WANT TOKEN...: one TAP test.
run_case() {
	cmd=$1
	file=$2
	want=$3
	shift 3
	n=$((n + 1))
	desc="$cmd $file => $want"
	args=
	todo=
	problem=
	out_re=
	err_re=
	content=
	text=
	implicit=
	input=$corpus/$file
	rm -f "$tmp/in" "$tmp/out" "$tmp/stdout" "$tmp/stderr"
	for tok in "$@"; do
		case $tok in
		@*)
			args="$args $(quote "$corpus/${tok#@}")"
			desc="$desc ${tok#@*/}"
			;;
		+out=*)
			out_re="$out_re
${tok#+out=}"
			;;
		+err=*)
			err_re="$err_re
${tok#+err=}"
			;;
		+content=*)
			content=$corpus/${tok#+content=}
			;;
		+text=*)
			text=$corpus/${tok#+text=}
			;;
		+flip=*)
			cp "$input" "$tmp/in" && chmod u+w "$tmp/in" &&
				flip "$tmp/in" "${tok#+flip=}" ||
				problem="cannot flip byte ${tok#+flip=}"
			input=$tmp/in
			desc="$desc (byte ${tok#+flip=} flipped)"
			;;
		+todo=*)
			todo=${tok#+todo=}
			;;
		+implicit=*)
			implicit=${tok#+implicit=}
			;;
		*)
			args="$args $(quote "$tok")"
			desc="$desc $tok"
			;;
		esac
	done
	if [ -n "$content" ] || [ -n "$text" ]; then
		args="$args -o $(quote "$tmp/out")"
	fi
	args="$args $(quote "$input")"

	eval "set -- $args"
	if [ -z "$problem" ]; then
		smime "$cmd" "$@" >"$tmp/stdout" 2>"$tmp/stderr" </dev/null
		rc=$?
		if [ "$rc" = 0 ] && [ -n "$implicit" ] && ! rc_ok 0 "$want" &&
			! grep -qaiE -- "$implicit" "$tmp/stdout"; then
			# RSA PKCS #1 v1.5 implicit rejection: the random key
			# passed the CBC padding check and gave noise.
			desc="$desc (implicit rejection: noise, exit 0)"
		elif ! rc_ok "$rc" "$want"; then
			problem="exit status $rc, expected $want"
		fi
	fi
	if [ -z "$problem" ] && [ -n "$out_re" ]; then
		problem=$(printf '%s\n' "$out_re" | while IFS= read -r re; do
			[ -n "$re" ] || continue
			grep -qiE -- "$re" "$tmp/stdout" ||
				echo "stdout does not match /$re/"
		done | head -n 1)
	fi
	if [ -z "$problem" ] && [ -n "$err_re" ]; then
		problem=$(printf '%s\n' "$err_re" | while IFS= read -r re; do
			[ -n "$re" ] || continue
			grep -qiE -- "$re" "$tmp/stderr" ||
				echo "stderr does not match /$re/"
		done | head -n 1)
	fi
	if [ -z "$problem" ] && [ -n "$content" ]; then
		if ! cmp -s "$tmp/out" "$content"; then
			problem="output differs from ${content#"$corpus"/}"
		fi
	fi
	if [ -z "$problem" ] && [ -n "$text" ]; then
		tr -d '\r' <"$text" >"$tmp/want.txt"
		if ! tr -d '\r' <"$tmp/out" 2>/dev/null | cmp -s - "$tmp/want.txt"; then
			problem="output differs from ${text#"$corpus"/} (ignoring CR)"
		fi
	fi

	directive=
	[ -z "$todo" ] || directive=" # TODO $todo"
	if [ -z "$problem" ]; then
		echo "ok $n - $desc$directive"
		if [ -n "$todo" ]; then
			todo_passed=$((todo_passed + 1))
		else
			passed=$((passed + 1))
		fi
		return
	fi
	echo "not ok $n - $desc$directive"
	if [ -n "$todo" ]; then
		todo_failed=$((todo_failed + 1))
		return
	fi
	failed=$((failed + 1))
	echo "# $problem"
	echo "# command: smime $cmd $*"
	if [ -s "$tmp/stderr" ]; then
		echo "# stderr:"
		diag "$tmp/stderr"
	fi
}

total=$(grep -cv '^[[:space:]]*\(#.*\)\{0,1\}$' "$cases")
echo "1..$total"

# The case list is read on descriptor 3 so that commands cannot eat it.
while IFS= read -r line <&3; do
	line=$(printf '%s' "$line" | sed 's/^[[:space:]]*//')
	case $line in
	'' | '#'*) continue ;;
	esac
	set -f
	# shellcheck disable=SC2086
	set -- $line
	set +f
	if [ $# -lt 3 ]; then
		n=$((n + 1))
		echo "not ok $n - malformed case line: $line"
		failed=$((failed + 1))
		continue
	fi
	run_case "$@"
done 3<"$cases"

if [ "$todo_passed" -gt 0 ]; then
	echo "# $todo_passed case(s) marked TODO now pass: remove their +todo"
fi
echo "# $todo_failed known gap(s) marked TODO"
tap_done && [ "$n" -eq "$total" ]
