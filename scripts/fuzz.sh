#!/bin/sh
# Run each libFuzzer target for the given number of seconds, inside a
# private network namespace (nothing can leave the machine), with a corpus
# kept under build/fuzz/corpus. Fails if any target finds a crash, a leak
# or an input that runs longer than 10 s (a hang).
# A target NAME, whose source is in ref/fuzz/ or conformance/fuzz/, takes
# from there: seeds/NAME/ (committed seeds), NAME.dict (a libFuzzer
# dictionary) and NAME.options (more flags, e.g. -max_len); and the seeds
# `make fuzz-seeds` made from the case tree in build/fuzz/seeds.d/NAME/.
# Usage: scripts/fuzz.sh SECONDS FUZZER...
set -u
secs=$1
shift
top=$(cd "$(dirname "$0")/.." && pwd)
# Short allocation stacks while fuzzing: unwinding 30 frames at every
# malloc and free, and a 256 MB quarantine, cost a parser target a fifth
# of its executions. Fewer than 2 frames and LeakSanitizer reports no
# leak at all. A failure is run again with full stacks (below).
fast=${ASAN_OPTIONS:-malloc_context_size=4:quarantine_size_mb=16}
status=0
for f in "$@"; do
	name=$(basename "$f")
	corpus=$top/build/fuzz/corpus/$name
	art=$top/build/fuzz/artifacts/$name/
	mkdir -p "$corpus" "$art"
	flags=""
	for seeds in "$top/ref/fuzz/seeds/$name" \
		"$top/conformance/fuzz/seeds/$name" "$top/build/fuzz/seeds.d/$name"; do
		[ -d "$seeds" ] && cp -n "$seeds"/* "$corpus"/ 2>/dev/null
	done
	for dir in "$top/ref/fuzz" "$top/conformance/fuzz"; do
		[ -f "$dir/$name.dict" ] && flags="$flags -dict=$dir/$name.dict"
		[ -f "$dir/$name.options" ] && flags="$flags $(cat "$dir/$name.options")"
	done
	wrap=""
	if unshare -n true 2>/dev/null; then wrap="unshare -n"; fi
	rm -f "$art"/*
	# shellcheck disable=SC2086 # flags are words
	if ASAN_OPTIONS=$fast $wrap "$f" -max_total_time="$secs" -timeout=10 \
		-print_final_stats=1 $flags -artifact_prefix="$art" "$corpus" \
		> "$top/build/fuzz/$name.log" 2>&1; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$top/build/fuzz/$name.log")
		echo "fuzz $name: ok, $runs runs in ${secs}s"
	else
		echo "fuzz $name: FAILED (see build/fuzz/$name.log)"
		tail -30 "$top/build/fuzz/$name.log"
		for a in "$art"*; do
			[ -f "$a" ] || continue
			echo "fuzz $name: $a again, with allocation stacks:"
			$wrap "$f" -timeout=10 "$a" 2>&1 | tail -40
		done
		status=1
	fi
done
exit $status
