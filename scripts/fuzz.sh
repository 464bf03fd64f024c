#!/bin/sh
# Run each libFuzzer target for the given number of seconds, inside a
# private network namespace (nothing can leave the machine), with a corpus
# kept under build/fuzz/corpus. Fails if any target finds a crash, a leak
# or an input that runs longer than 10 s (a hang).
# A target NAME, whose source is in ref/fuzz/ or conformance/fuzz/, takes
# from there: seeds/NAME/ (committed seeds), NAME.dict (a libFuzzer
# dictionary) and NAME.options (more flags, e.g. -max_len); and the seeds
# `make fuzz-seeds` made from the case tree in build/fuzz/seeds.d/NAME/.
# Each target is two binaries, one per sanitizer (the Makefile's "one
# binary per sanitizer"): DIR/NAME under ASan and LeakSanitizer,
# DIR/ubsan/NAME under UBSan. They run side by side, for the same time, on
# the same corpus (libFuzzer reloads the corpus directory, so each tries
# what the other found); the executions counted are the two together.
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
ubsan_opts=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
wrap=""
if unshare -n true 2>/dev/null; then wrap="unshare -n"; fi

# runs LOG: the executions libFuzzer counted in LOG (0 when it has none)
runs() {
	n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$1" | tail -1)
	echo "${n:-0}"
}

status=0
for f in "$@"; do
	name=$(basename "$f")
	ubsan=$(dirname "$f")/ubsan/$name
	corpus=$top/build/fuzz/corpus/$name
	art=$top/build/fuzz/artifacts/$name/
	log=$top/build/fuzz/$name.log
	ulog=$top/build/fuzz/$name.ubsan.log
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
	rm -f "$art"/* "$ulog"
	# the UBSan twin in the background, the ASan binary in front
	upid=""
	if [ -x "$ubsan" ]; then
		# shellcheck disable=SC2086 # flags are words
		UBSAN_OPTIONS=$ubsan_opts $wrap "$ubsan" -max_total_time="$secs" \
			-timeout=10 -print_final_stats=1 $flags \
			-artifact_prefix="${art}ubsan-" "$corpus" > "$ulog" 2>&1 &
		upid=$!
	fi
	# shellcheck disable=SC2086 # flags are words
	ASAN_OPTIONS=$fast $wrap "$f" -max_total_time="$secs" -timeout=10 \
		-print_final_stats=1 $flags -artifact_prefix="$art" "$corpus" \
		> "$log" 2>&1
	astatus=$?
	ustatus=0
	if [ -n "$upid" ]; then
		wait "$upid"
		ustatus=$?
	fi
	a=$(runs "$log")
	u=0
	[ -f "$ulog" ] && u=$(runs "$ulog")
	if [ "$astatus" -eq 0 ] && [ "$ustatus" -eq 0 ]; then
		echo "fuzz $name: ok, $((a + u)) runs in ${secs}s (ASan $a, UBSan $u)"
		continue
	fi
	status=1
	[ "$astatus" -eq 0 ] || { echo "fuzz $name: FAILED under ASan (see $log)"; tail -30 "$log"; }
	[ "$ustatus" -eq 0 ] || { echo "fuzz $name: FAILED under UBSan (see $ulog)"; tail -30 "$ulog"; }
	for a in "$art"*; do
		[ -f "$a" ] || continue
		case $(basename "$a") in
		ubsan-*)
			echo "fuzz $name: $a again, under UBSan:"
			UBSAN_OPTIONS=$ubsan_opts $wrap "$ubsan" -timeout=10 "$a" 2>&1 | tail -40 ;;
		*)
			echo "fuzz $name: $a again, with allocation stacks:"
			$wrap "$f" -timeout=10 "$a" 2>&1 | tail -40 ;;
		esac
	done
done
exit $status
