#!/bin/sh
# What a conformance run costs: wall time of the whole host suite against
# libsockref (the issue's target is 20 s on 2 cores) and the mean wall time
# per case, isolation and adapter start included. Prints
# `time suite_ref WALL s` and `per_case_ref MS ms`.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/bench-suite.jsonl
start=$(date +%s.%N)
"$top/build/sockspec" run --impl ref --results "$out" > /dev/null || true
end=$(date +%s.%N)
n=$(grep -c . "$out")
echo "$start $end $n" | awk '{w=$2-$1; printf "time suite_ref %.2f s (%d cases, %s CPUs, default jobs)\nper_case_ref %.1f ms\n", w, $3, "'"$(nproc)"'", 1000*w/$3}'
