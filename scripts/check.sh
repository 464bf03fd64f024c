#!/bin/sh
# Run every test through Kyua from the top Kyuafile, show `kyua report` on
# failure, and end with the closing line "N passed, N failed, N skipped".
# Kyua keeps its store and logs under build/, not in the user's home.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
out=$top/build/kyua
mkdir -p "$out"
db=$out/results.$$.db
log=$out/test.log
rm -f "$db"
# Kyua gives every test case a fresh HOME (its work directory): without
# this the guests' kernel cache (vm/fetch) would live there and every
# guest test would download and unpack its kernel again.
SOCKSPEC_KERNEL_CACHE=${SOCKSPEC_KERNEL_CACHE:-${HOME:-/root}/.cache/sockspec/kernels}
export SOCKSPEC_KERNEL_CACHE
# and the Debian userland roots (vm/root) likewise
SOCKSPEC_ROOT_CACHE=${SOCKSPEC_ROOT_CACHE:-${HOME:-/root}/.cache/sockspec/roots}
export SOCKSPEC_ROOT_CACHE

# make check's runs keep a history of their own (build/kyua/history.sqlite),
# apart from the one `make run` and `make matrix` keep: the tests' runs of
# a shard, a baseline or a fake adapter are not the project's history.
SOCKSPEC_HISTORY=${SOCKSPEC_HISTORY:-$out/history.sqlite}
export SOCKSPEC_HISTORY

# One session for every program of this run (conformance/src/atf/atf_session.c).
# The guest programs' suite (conformance_vm_*) runs in the background from
# the start, overlapping the host's tests; their cases wait for it. It
# dies with this script (--pdeathsig, then vm/run's own chain to QEMU).
SOCKSPEC_ATF_SESSION="check $$ $(date +%s%N)"
export SOCKSPEC_ATF_SESSION
kernel=${SOCKSPEC_VM_KERNEL:-$(grep -v '^#' "$top/vm/default-kernels" | head -n 1)}
setpriv --pdeathsig KILL "$top/build/sockspec" atf --vm "$kernel" \
	--vm-impls "ref cpython" --prerun > "$out/vm-prerun.log" 2>&1 &
pre=$!
trap 'kill $pre 2>/dev/null' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# What the checkout holds before the run: the last test below fails if
# the run left anything else there (tests write only in Kyua's work
# directory or a temporary one). Not a git checkout: nothing to compare.
before=$out/status.before
git -C "$top" status --porcelain > "$before" 2>/dev/null || before=""

: > "$log.start"
HOME=$out kyua --logfile="$out/kyua.log" test -k "$top/Kyuafile" -r "$db" \
	> "$log" 2>&1
status=$?
if [ -n "$before" ]; then
	git -C "$top" status --porcelain | grep -vxF -f "$before" \
		> "$out/status.left"
	if [ -s "$out/status.left" ]; then
		echo "checkout:clean  ->  failed: the run left in the checkout: $(tr '\n' ' ' < "$out/status.left")" >> "$log"
	else
		echo "checkout:clean  ->  passed" >> "$log"
	fi
fi
# the guest programs waited for it; it is done unless they were skipped
wait $pre 2>/dev/null
# Kyua counts a flaky case (failed, then passed on its retry) as passed:
# name them here, from this run's results (the session's host runs and
# the guest's), so that a flake is seen without turning the run red
find "$top/build/kyua-results" "$top/build/vm-kyua" -name '*.jsonl' \
	-newer "$log.start" 2>/dev/null | xargs -r grep -h '"outcome": "flaky"' |
	sed -n 's/^{"case": "\([^"]*\)".*"impl": "\([^"]*\)".*"kernel": "\([^"]*\)".*"outcome": "flaky", "reason": "\([^"]*\)".*/flaky: \1 (\2@\3): \4/p'
# kyua prints one line per case: "prog:case  ->  passed  [0.01s]"
grep -- '->' "$log" | grep -v -- '->  passed' || true

passed=$(grep -c -- '->  passed' "$log")
skipped=$(grep -c -- '->  skipped' "$log")
xfail=$(grep -c -- '->  expected_failure' "$log")
failed=$(grep -c -E -- '->  (failed|broken)' "$log")
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ]; then
	HOME=$out kyua --logfile="$out/kyua.log" report -r "$db" --verbose \
		--results-filter=broken,failed
	[ "$failed" -eq 0 ] && failed=1
fi
mv "$db" "$out/results.db" 2>/dev/null
echo "$((passed + xfail)) passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
