#!/bin/sh
# t_peer.sh — the harness's peer programs (peer.c, peer_builtins.c) with
# tests/fake-adapter.sh and the sample cases under tests/cases/peer*/: what
# passes, what breaks and why, and that no peer outlives its case.
# Run as root from anywhere: sh conformance/tests/t_peer.sh
# $SOCKSPEC overrides the binary under test.
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$(dirname "$here")")
S=${SOCKSPEC:-$root/build/sockspec}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: > "$tmp/none.tsv"
export SOCKSPEC_ROOT="$root"
export SOCKSPEC_CASES_DIR="$here/cases"
export SOCKSPEC_ADAPTER_CMD="$here/fake-adapter.sh"
export SOCKSPEC_EXPECTATIONS="$tmp/none.tsv"
fails=0
ok() { echo "ok - $1"; }
bad() { echo "not ok - $1"; fails=$((fails + 1)); }
expect() { # description, file, grep pattern
	if grep -q -- "$3" "$2"; then ok "$1"; else bad "$1"; sed 's/^/#   /' "$2"; fi
}
# sleep NNNN processes: the peers of the sample cases
left() { pgrep -f "^sleep $1\$" > /dev/null; }

"$S" run --impl ref --cases 'peer/*' --results "$tmp/r.jsonl" > "$tmp/out" 2>&1
expect "builtins: run, start/stop, wait, fixtures, candump logs" "$tmp/r.jsonl" '"case": "peer/builtins".*"outcome": "passed"'
expect "a peer runs in its step's host namespace" "$tmp/r.jsonl" '"case": "peer/hosts".*"outcome": "passed"'
expect "a program not on PATH breaks the case" "$tmp/out" "^broken  peer/missing: 7: .*no program no-such-peer-program on PATH"
expect "a program named with a path breaks the case" "$tmp/out" "^broken  peer/slash: 7: .*named bare and found on PATH, not '/bin/echo'"
expect "a peer past the case's timeout breaks it" "$tmp/out" "^broken  peer/timeout: 8: .*timeout: peer sleep still running at the case's 2s"
expect "a malformed candump log: line, column, reason" "$tmp/out" "^broken  peer/badlog: .*ValueError(None, 'candump log line 2, column 13: a CAN id has 3 (standard) or 8 (extended) hex digits')"
expect "the case with a peer broke on the crashing adapter" "$tmp/out" "^broken  peer/left: 9: crash()"
if left 4711; then bad "a peer outlived its broken case"; else ok "no peer left after a broken case"; fi

# kill -9 of the runner in the middle of a case with a running peer
"$S" run --impl ref --cases 'peerkill/*' > /dev/null 2>&1 &
pid=$!
# poll, not a fixed sleep: at most 30 s for the peer to start, 10 s for
# it to go after kill -9
n=300
until left 4712 || [ $n -eq 0 ]; do sleep 0.1; n=$((n - 1)); done
if left 4712; then ok "the peer ran"; else bad "the peer never ran"; fi
kill -9 $pid
wait $pid 2>/dev/null
n=100
while left 4712 && [ $n -gt 0 ]; do sleep 0.1; n=$((n - 1)); done
if left 4712; then bad "a peer outlived kill -9 of the runner"; pkill -f '^sleep 4712$'; else ok "no peer left after kill -9"; fi

echo "$fails failed"
[ $fails -eq 0 ]
