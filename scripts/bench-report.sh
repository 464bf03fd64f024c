#!/bin/sh
# How fast the matrix page (sockspec report --html) draws itself in
# headless Chromium at 1366x768, for 60 and for 113 runs of every case
# (synthesised from the CPython baseline by report-synth.py, a fixed
# seed): the page's own count from the start of its navigation to the
# overview drawn, median of BENCH_RUNS (default 3) openings. Issue 24's
# aim is under a second for 60 runs. Prints:
#   report-page RUNS MS (page BYTES)
#   ratio report-page 113/60 RATIO
# A machine without chromium says so and prints nothing else.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
runs=${BENCH_RUNS:-3}
command -v chromium > /dev/null || { echo "report-page: chromium is not installed (scripts/deps.sh)"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM HUP
t=conformance/tests
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
for n in 60 113; do
	python3 "$t/report-synth.py" conformance/cases \
		fixtures/baselines/host-cpython.jsonl "$n" "$tmp/runs$n"
	build/sockspec report --html "$tmp/page$n.html" --text /dev/null \
		"$tmp/runs$n" > /dev/null
	i=0
	while [ "$i" -lt "$runs" ]; do
		python3 "$t/report-page-check.py" "$tmp/page$n.html" "$tmp/runs$n" 2>/dev/null |
			sed -n 's/^ok: drawn (\([0-9.]*\) ms).*/\1/p'
		i=$((i + 1))
	done > "$tmp/ms$n"
	[ -s "$tmp/ms$n" ] || { echo "report-page $n: the page did not draw (report-page-check.py)"; exit 1; }
	ms=$(median < "$tmp/ms$n")
	echo "$ms" > "$tmp/med$n"
	echo "report-page $n $ms (page $(wc -c < "$tmp/page$n.html") bytes)"
done
echo "ratio report-page 113/60 $(awk -v a="$(cat "$tmp/med113")" -v b="$(cat "$tmp/med60")" 'BEGIN { printf "%.2f\n", (b > 0) ? a / b : 0 }')"
