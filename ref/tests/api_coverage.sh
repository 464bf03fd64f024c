#!/bin/sh
# Every public function of sockref.h is called by at least one unit test
# (ref/tests/t_*.c): a function nobody tests fails this program, named.
here=$(cd "$(dirname "$0")" && pwd)
header=$here/../include/sockref.h
[ -r "$header" ] || { echo "cannot read $header"; exit 1; }
funcs=$(sed -n 's/^[A-Za-z_ ]*[ *]\(sr_[A-Za-z_]*\)(.*/\1/p' "$header" | sort -u)
[ -n "$funcs" ] || { echo "no functions found in $header"; exit 1; }
missing=0
total=0
for f in $funcs; do
	total=$((total + 1))
	if ! grep -q "\\b$f(" "$here"/t_*.c; then
		echo "untested: $f"
		missing=$((missing + 1))
	fi
done
echo "$total public functions, $missing without a unit test"
[ "$missing" -eq 0 ]
