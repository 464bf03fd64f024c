#!/bin/sh
# repro-c-coverage.sh RESULTS — how many of the cases libsockref ran have
# a C reproducer that holds: for every case RESULTS (a `sockspec run
# --impl ref --results` file) records as run (not skipped), write its C
# reproducer (`sockspec repro CASE --impl ref`), build it with gcc and
# compile it with clang (-std=c11 -Wall -Wextra -Werror, gcc's against
# build/libsockref.a) and run gcc's build. A case is covered when it builds with both and exits as the
# harness says (0 for passed, 1 for failed or xfail). Prints one line per
# case not covered (CASE, the harness's outcome, why) and the counts;
# works in a temporary directory it removes. Needs root (the reproducers
# make namespaces). conformance/README.md "Reproducers" has the numbers.
set -u
res=${1:?usage: repro-c-coverage.sh RESULTS}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SOCKSPEC:-$root/build/sockspec}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP
sed -n 's/.*"case": "\([^"]*\)".*"outcome": "\([a-z]*\)".*/\1 \2/p' "$res" |
	grep -v ' skipped$' > "$tmp/cases"
total=0 covered=0
while read -r c o; do
	total=$((total + 1))
	f=$tmp/$(echo "$c" | tr / _)
	case $o in passed) want=0 ;; *) want=1 ;; esac
	if ! "$bin" repro "$c" --impl ref -o "$f.c" 2> "$f.why"; then
		echo "$c	$o	no reproducer: $(sed 's/^sockspec repro: //' "$f.why")"
		continue
	fi
	bad=
	gcc -std=c11 -Wall -Wextra -Werror -I"$root/ref/include" "$f.c" \
		"$root/build/libsockref.a" -lm -pthread -o "$f.gcc" \
		2> "$f.gcc.err" || bad="does not build with gcc: $(head -1 "$f.gcc.err")"
	# clang's warnings are the question: it compiles, gcc's build runs
	clang -std=c11 -Wall -Wextra -Werror -I"$root/ref/include" \
		-fsyntax-only "$f.c" 2> "$f.clang.err" ||
		bad="$bad does not compile with clang: $(head -1 "$f.clang.err")"
	if [ -n "$bad" ]; then
		echo "$c	$o	$bad"
		continue
	fi
	timeout 120 "$f.gcc" > "$f.out" 2>&1
	rc=$?
	if [ "$rc" != "$want" ]; then
		echo "$c	$o	exit $rc: $(grep -m1 -E '^DEVIATES|cannot go on' "$f.out")"
		continue
	fi
	covered=$((covered + 1))
done < "$tmp/cases"
echo "covered: $covered of $total cases ref ran (builds with gcc, compiles with clang, exits as the harness says)"
