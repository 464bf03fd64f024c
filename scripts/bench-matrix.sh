#!/bin/sh
# What the whole matrix costs (`make matrix`: every implementation on the
# host kernel and in one guest per default kernel, the interop pairs,
# libsockref on arm64), run BENCH_MATRIX_RUNS times (default 3; one run
# takes about 45 minutes on 2 cores under TCG). Prints `matrix SECONDS`,
# the median wall, and each run's wall and exit status. BENCH_MATRIX_ARGS
# adds options to `sockspec matrix` (e.g. --kernels "6.1.0-56" --arm64 none
# for a shorter one). Only with BENCH_MATRIX=1 (Makefile, `make bench`).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
runs=${BENCH_MATRIX_RUNS:-3}
jobs=${MATRIX_JOBS:-2}
out=$top/build/bench-matrix
case $runs in ''|*[!0-9]*|0) echo "bench-matrix: BENCH_MATRIX_RUNS=$runs: a positive number" >&2; exit 2 ;; esac
# shell words, so that a quoted list stays one argument
eval "set -- ${BENCH_MATRIX_ARGS:-}"
rm -rf "$out"
mkdir -p "$out"
i=1
while [ "$i" -le "$runs" ]; do
	[ -t 2 ] && [ -z "${CI:-}" ] && echo "bench-matrix: run $i of $runs" >&2
	t0=$(date +%s%N)
	st=0
	build/sockspec matrix --out "$out/run$i" --jobs "$jobs" \
		--arm64-bin build/aarch64 "$@" \
		> "$out/run$i.log" 2>&1 || st=$?
	t1=$(date +%s%N)
	w=$(echo "$t0 $t1" | awk '{printf "%.0f", ($2-$1)/1e9}')
	echo "$w" >> "$out/walls"
	# the matrix exits 1 when a cell failed: still a full run's time
	echo "matrix_run $i $w s (status $st)"
	i=$((i + 1))
done
sort -n "$out/walls" | awk '{a[NR]=$1} END {
	printf "matrix %d\n", a[int((NR+1)/2)]
	printf "matrix_runs %d (median of %d; min %d max %d s)\n", NR, NR, a[1], a[NR] }'
