#!/bin/sh
# How `make run` ends: a short summary on the terminal — a line per run
# (implementation, version, kernel, platform: its outcomes), the results
# that need a look (failed, broken, xpass) — and the path of the HTML
# report to open. The long behaviour x run table and the full text
# report go to files beside it.
# The list of results is made when this runs, after the guest has
# written its files; a $(wildcard ...) in the Makefile was expanded
# before the recipe started, so a first run on a fresh clone lost the
# guest's columns.
# Usage: scripts/run-summary.sh SOCKSPEC BUILD KERNEL "IMPLS" "VM_IMPLS"
# Writes BUILD/run-table.txt, BUILD/report.txt, BUILD/report.html.
set -u
sockspec=$1 build=$2 kernel=$3 impls=$4 vm_impls=$5
set --
for i in $impls; do
	f=$build/results-$i.jsonl
	[ -f "$f" ] && set -- "$@" "$f"
done
for i in $vm_impls; do
	f=$build/vm/$kernel/results-$i.jsonl
	[ -f "$f" ] && set -- "$@" "$f"
done
[ $# -gt 0 ] || { echo "run-summary: no results under $build" >&2; exit 1; }
"$sockspec" table "$@" > "$build/run-table.txt" || exit 1
echo "== summary ($# results files)"
"$sockspec" report --html "$build/report.html" --summary - \
	--text "$build/report.txt" "$@" || exit 1
# the report lists every result that did not pass; those a reader must
# look at are the failed, broken and unexpectedly passing ones
bad=$(grep -c -E '^(failed|broken|xpass) ' "$build/report.txt")
if [ "$bad" -gt 0 ]; then
	echo "$bad failed, broken or passed unexpectedly:"
	grep -E '^(failed|broken|xpass) ' "$build/report.txt" | cut -c1-160 |
		head -n 10
	[ "$bad" -le 10 ] || echo "... and $((bad - 10)) more in $build/report.txt"
fi
page=$(cd "$build" && pwd)/report.html
echo "table: $build/run-table.txt; text report: $build/report.txt"
echo "open the report: file://$page"
