#!/bin/sh
# Run each libFuzzer target for the given number of seconds, inside a
# private network namespace (nothing can leave the machine), with a corpus
# kept under build/fuzz/corpus. Fails if any target finds a crash or leak.
# Usage: scripts/fuzz.sh SECONDS FUZZER...
set -u
secs=$1
shift
top=$(cd "$(dirname "$0")/.." && pwd)
status=0
for f in "$@"; do
	name=$(basename "$f")
	corpus=$top/build/fuzz/corpus/$name
	art=$top/build/fuzz/artifacts/$name/
	mkdir -p "$corpus" "$art"
	[ -d "$top/ref/fuzz/seeds/$name" ] && cp -n "$top/ref/fuzz/seeds/$name"/* "$corpus"/ 2>/dev/null
	wrap=""
	if unshare -n true 2>/dev/null; then wrap="unshare -n"; fi
	if $wrap "$f" -max_total_time="$secs" -print_final_stats=1 \
		-artifact_prefix="$art" "$corpus" > "$top/build/fuzz/$name.log" 2>&1; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$top/build/fuzz/$name.log")
		echo "fuzz $name: ok, $runs runs in ${secs}s"
	else
		echo "fuzz $name: FAILED (see build/fuzz/$name.log)"
		tail -30 "$top/build/fuzz/$name.log"
		status=1
	fi
done
exit $status
