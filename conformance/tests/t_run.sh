#!/bin/sh
# t_run.sh — tests of the harness itself (build/sockspec) against
# tests/fake-adapter.sh and the sample cases under tests/cases/.
# Run as root from anywhere: sh conformance/tests/t_run.sh
# $SOCKSPEC overrides the binary under test.
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$(dirname "$here")")
S=${SOCKSPEC:-$root/build/sockspec}
export SOCKSPEC_ROOT="$root"
export SOCKSPEC_CASES_DIR="$here/cases"
export SOCKSPEC_ADAPTER_CMD="$here/fake-adapter.sh"
export SOCKSPEC_EXPECTATIONS="$here/expectations.tsv"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
ok() { echo "ok - $1"; }
bad() { echo "not ok - $1"; fails=$((fails + 1)); }
expect() { # description, file, grep pattern
	if grep -q -- "$3" "$2"; then ok "$1"; else bad "$1"; sed 's/^/#   /' "$2"; fi
}

# check: malformed → FILE:LINE:COL: reason, exit 2; good files exit 0
"$S" check "$here/cases/t/malformed.case" > "$tmp/check" 2>&1
[ $? -eq 2 ] && ok "check exits 2 on a malformed case" || bad "check exit status"
expect "check prints file:line:col" "$tmp/check" "malformed.case:5:[0-9]*: "
"$S" check "$here/cases/t/pass.case" > /dev/null 2>&1 && ok "check exits 0 on a good case" || bad "check good"

# run everything under t/
"$S" run --impl ref --cases 't/*' --results "$tmp/r.jsonl" > "$tmp/out" 2> "$tmp/err"
[ $? -eq 1 ] && ok "run exits 1 when something failed" || bad "run exit status"
expect "passing case passes" "$tmp/r.jsonl" '"case": "t/pass".*"outcome": "passed"'
expect "failing check: expected/got" "$tmp/out" "^failed  t/fail: 6: answer() == 41: expected 41, got 42"
expect "malformed case broken with file:line:col" "$tmp/out" "^broken  t/malformed: .*malformed.case:5:"
expect "crashing adapter → broken" "$tmp/out" "^broken  t/crash: .*died: exited with status 3; stderr: dying on purpose"
expect "hung adapter → broken at the timeout" "$tmp/out" "^broken  t/hang: .*timeout"
expect "xfail from expectations" "$tmp/out" "^xfail   t/xfail: the fake adapter says 42"
expect "xpass from expectations" "$tmp/out" "^xpass   t/xpass: expected failed: believed broken"
expect "needs vm:can skipped" "$tmp/out" "^skipped t/skipcan: needs vm:can" 
expect "veth topology between three hosts" "$tmp/r.jsonl" '"case": "t/hosts".*"outcome": "passed"'
expect "raises exactly: the class itself" "$tmp/r.jsonl" '"case": "t/exact".*"outcome": "passed"'
expect "raises exactly: a subclass fails" "$tmp/out" "^failed  t/exact-fail: 7: lookup() raises exactly OSError: expected raises exactly OSError, got gaierror(-2"
expect "raises OSError(None): an errno fails" "$tmp/out" "^failed  t/none-fail: 7: boom() raises OSError(None): expected raises OSError(None), got OSError(98"
expect "traced: the calls the step made" "$tmp/r.jsonl" '"case": "t/traced".*"outcome": "passed"'
expect "traced: issues no fails on a call made" "$tmp/out" "^failed  t/traced-fail: 7: traced answer() == 42 issues no write|writev: expected issues no write|writev, got system calls: .*write"
expect "raises exactly: the first class of the chain" "$tmp/out" "^failed  t/exact-chain-fail: 8: late() raises exactly timeout: expected raises exactly timeout, got timeout(None, 'timed out') \\[class TimeoutError\\]"
expect "hung past its step's bound → broken at the bound" "$tmp/out" "^broken  t/hang-bound: 6: hang() within 0..0.2: timeout: no reply from host h within the step's bound"
# the bound (0.2 s + 1 s of grace) ends it, not the case's 20 s
awk '/"case": "t\/hang-bound"/ { sub(/.*"duration": /, ""); exit !($0 + 0 < 5) }' "$tmp/r.jsonl" &&
	ok "the step's bound ends the wait" || bad "the step's bound ends the wait"
expect "totals" "$tmp/out" "^4 passed, 5 failed, 1 skipped, 1 xfail, 1 xpass, 4 broken, 0 unsupported$"
expect "supported and conforming" "$tmp/out" "^supported 15 of 15; of those, conforming 5$"
expect "results carry the environment" "$tmp/r.jsonl" '"kernel": ".*"arch": ".*"libc": "glibc'
# the case after the crashing one still ran (alphabetical: crash, fail)
expect "the run goes on after a crash" "$tmp/r.jsonl" '"case": "t/fail".*"outcome": "failed"'

# an implementation named by a path that cannot start is an error, not a
# run of skips: exit 2 naming the path and the reason
(unset SOCKSPEC_ADAPTER_CMD
 "$S" run --impl exec:/nonexistent/adapter --cases 't/pass' > "$tmp/noexec.out" 2> "$tmp/noexec.err"
 echo $? > "$tmp/noexec.rc")
[ "$(cat "$tmp/noexec.rc")" = 2 ] && ok "exec:/nonexistent exits 2" || bad "exec:/nonexistent exit status $(cat "$tmp/noexec.rc")"
expect "exec:/nonexistent names the path and why" "$tmp/noexec.err" "exec:/nonexistent/adapter: .*/nonexistent/adapter: no such program"
[ ! -s "$tmp/noexec.out" ] && ok "no run output when the adapter cannot start" || bad "output although the adapter cannot start"
# one that dies before its hello: its exit status and stderr tail; its
# arguments are words of exec: (the adapter below the project: a case's
# /tmp is its own)
dier="$root/build/t_run-dier.sh"
printf '#!/bin/sh\necho "cannot import $1" >&2\nexit 7\n' > "$dier"
chmod +x "$dier"
(unset SOCKSPEC_ADAPTER_CMD
 "$S" run --impl "exec:$dier enum" --cases 't/pass' > /dev/null 2> "$tmp/dier.err"
 echo $? > "$tmp/dier.rc")
rm -f "$dier"
[ "$(cat "$tmp/dier.rc")" = 2 ] && ok "an adapter without hello exits 2" || bad "no-hello exit status $(cat "$tmp/dier.rc")"
expect "no hello: exit status and stderr tail" "$tmp/dier.err" "t_run-dier.sh started but said no .hello NAME VERSION. line.*exited with status 7; stderr ends: cannot import enum"
(unset SOCKSPEC_ADAPTER_CMD
 "$S" run --impl exec:/tmp/adapter --cases 't/pass' > /dev/null 2> "$tmp/tmpdir.err")
expect "an adapter below /tmp is refused, saying why" "$tmp/tmpdir.err" "exec:/tmp/adapter: /tmp/adapter is below /tmp"
# help
"$S" --help > "$tmp/help" 2>&1 && ok "--help exits 0" || bad "--help exit status"
expect "--help prints the usage" "$tmp/help" "^usage: sockspec list"
"$S" help > /dev/null 2>&1 && ok "help exits 0" || bad "help exit status"

# unsupported: a name the implementation lacks (the adapter's `raise
# unsupported`, or a constant its getattr answers so), counted apart; a
# check that asks for the absence takes it; a failed step before it, or a
# step left running that crashes, still decides the case
"$S" run --impl "exec:$here/fake-adapter.sh" --cases 'u/*' --results "$tmp/u.jsonl" > "$tmp/uout" 2>&1
[ $? -eq 1 ] && ok "unsupported: the run still fails on failed/broken/xpass" || bad "unsupported run exit status"
expect "unsupported: a missing function" "$tmp/uout" "^unsupported u/absent: 6: gone(): unsupported: module 'socket' has no attribute 'gone'$"
expect "unsupported: the record" "$tmp/u.jsonl" '"case": "u/absent".*"outcome": "unsupported"'
expect "unsupported: raises AttributeError asks for it" "$tmp/u.jsonl" '"case": "u/absent-asked".*"outcome": "passed"'
expect "unsupported: a constant the adapter lacks" "$tmp/uout" "^unsupported u/absent-const: 7: echo(SO_RCVBUF) == (8,): unsupported: module 'socket' has no attribute 'SO_RCVBUF'$"
expect "unsupported: a constant answered otherwise keeps its number" "$tmp/u.jsonl" '"case": "u/const-present".*"outcome": "passed"'
expect "unsupported: a failed step before it is failed" "$tmp/uout" "^failed  u/failed-first: 6: soft answer() == 41"
expect "unsupported never hides a crash" "$tmp/uout" "^broken  u/crash-after: 7: @b crash() &: adapter for host b died"
expect "unsupported: expected, with the entry's reason" "$tmp/uout" "^unsupported u/expected: stands in for a name the implementation lacks (socket.rst:1) \\[6: gone(): unsupported"
expect "unsupported: expected but passes" "$tmp/uout" "^xpass   u/expected-pass: expected unsupported: believed absent"
expect "unsupported: expected but fails" "$tmp/uout" "^failed  u/expected-fail: 6: answer() == 41"
expect "unsupported: a traced step is not held to its issues clause" "$tmp/uout" "^unsupported u/traced-absent: 7: traced echo(SO_RCVBUF) == (8,) issues socket: unsupported: "
expect "unsupported: totals" "$tmp/uout" "^2 passed, 2 failed, 0 skipped, 0 xfail, 1 xpass, 1 broken, 4 unsupported$"
expect "unsupported: supported and conforming" "$tmp/uout" "^supported 6 of 10; of those, conforming 3$"
"$S" table "$tmp/u.jsonl" > "$tmp/utable" 2>&1
expect "table: unsupported counted apart" "$tmp/utable" "2 passed, 0 xfail, 0 skipped, 4 unsupported, 1 xpass, 2 failed, 1 broken (cases)"
expect "table: supported and conforming" "$tmp/utable" ": supported 6 of 10; of those, conforming 3$"
"$S" report --text - "$tmp/u.jsonl" > "$tmp/ureport" 2>&1
expect "report: supported and conforming" "$tmp/ureport" ": supported 6 of 10; of those, conforming 3$"

# (the notes go below the project root: a case's /tmp is its own tmpfs)
notes=$(mktemp "$root/build/t_run-notes.XXXXXX")
trap 'rm -rf "$tmp" "$notes"' EXIT
# start order: the cases that declare the longest waits first (sleep
# steps, lower bounds of within), name order among equals; --order
# puts its cases first and leaves the rest in name order
FAKE_NOTES="$notes" "$S" run --impl ref --cases 'order/*' --jobs 1 > /dev/null 2>&1
[ "$(cat "$notes" 2>/dev/null | tr '\n' ' ')" = "longer waits quick " ] &&
	ok "longest declared wait starts first" ||
	bad "start order: $(cat "$notes" 2>/dev/null | tr '\n' ' ')"
: > "$notes"
printf 'order/a-quick\n' > "$tmp/order"
FAKE_NOTES="$notes" "$S" run --impl ref --cases 'order/*' --jobs 1 --order "$tmp/order" > /dev/null 2>&1
[ "$(cat "$notes" 2>/dev/null | tr '\n' ' ')" = "quick waits longer " ] &&
	ok "--order keeps its own order" ||
	bad "--order start order: $(cat "$notes" 2>/dev/null | tr '\n' ' ')"

# a case that declares a wait of a second or more runs beside the --jobs
# others: with --jobs 1 the quick case runs while the sleeper sleeps, so
# its note comes before the sleeper's last (which of the two first notes
# comes first is a race)
: > "$notes"
FAKE_NOTES="$notes" "$S" run --impl ref --cases 'waiter/*' --jobs 1 > /dev/null 2>&1
case "$(cat "$notes" 2>/dev/null | tr '\n' ' ')" in
"sleeps quick woke "|"quick sleeps woke ")
	ok "a declared waiter does not take a job's place" ;;
*)	bad "waiter notes: $(cat "$notes" 2>/dev/null | tr '\n' ' ')" ;;
esac

# a malformed expectation refuses the run: exit 2, FILE:LINE: reason
printf 't/pass\tfailed\tno citation\n' > "$tmp/bad.tsv"
SOCKSPEC_EXPECTATIONS="$tmp/bad.tsv" "$S" run --impl ref --cases 't/pass' > "$tmp/badx" 2>&1
[ $? -eq 2 ] && ok "malformed expectations: exit 2" || bad "malformed expectations exit status"
expect "malformed expectations: file:line: reason" "$tmp/badx" "bad.tsv:1: t/pass: the reason cites no socket.rst:LINE"

# atf protocol
(cd "$tmp" && "$S" atf --impl ref -l) > "$tmp/l"
expect "atf -l header" "$tmp/l" '^Content-Type: application/X-atf-tp; version="1"$'
expect "atf -l ident" "$tmp/l" "^ident: t_pass$"
(cd "$tmp" && "$S" atf --impl ref "-r$tmp/res" t_pass) 2>/dev/null
[ $? -eq 0 ] && [ "$(cat "$tmp/res")" = passed ] && ok "atf passed" || bad "atf passed"
(cd "$tmp" && "$S" atf --impl ref -vx=y "-r$tmp/res" t_fail) 2>/dev/null
[ $? -eq 1 ] && grep -q "^failed: 6: answer() == 41" "$tmp/res" && ok "atf failed" || bad "atf failed"
(cd "$tmp" && "$S" atf --impl ref "-r$tmp/res" t_xfail) 2>/dev/null
[ $? -eq 0 ] && grep -q "^expected_failure: " "$tmp/res" && ok "atf expected_failure" || bad "atf xfail"
(cd "$tmp" && "$S" atf --impl ref "-r$tmp/res" u_absent) 2>/dev/null
[ $? -eq 0 ] && grep -q "^skipped: unsupported: 6: gone(): unsupported: " "$tmp/res" && ok "atf unsupported: a skip that says so" || bad "atf unsupported"

# kill -9 in the middle of a two-host case leaves nothing behind. Only the
# namespaces of the run's own processes count: other work on the machine
# creates and drops namespaces of its own meanwhile.
nsset() { for p in /proc/[0-9]*; do readlink "$p/ns/net"; done 2>/dev/null | sort -u; }
desc() { echo "$1"; for c in $(pgrep -P "$1"); do desc "$c"; done; }
nsset > "$tmp/ns.before"
ip -o link show | cut -d: -f2 | sort > "$tmp/links.before"
# waitfor TENTHS COMMAND...: poll until COMMAND succeeds, at most TENTHS
# tenths of a second (no fixed sleep: as long as it takes, no longer)
waitfor() {
	n=$1; shift
	until "$@"; do
		[ "$n" -gt 0 ] || return 1
		sleep 0.1; n=$((n - 1))
	done
}
# the run's adapters are in hang(): a `sleep 1000` below the runner
hanging() { for p in $(desc "$pid"); do cat "/proc/$p/cmdline" 2>/dev/null | tr '\0' ' '; echo; done | grep -q '^sleep 1000 $'; }
runns() { for p in $(desc "$pid"); do readlink "/proc/$p/ns/net"; done 2>/dev/null |
	sort -u | comm -13 "$tmp/ns.before" - > "$tmp/ns.run"; }
gone() { nsset > "$tmp/ns.after"; [ -z "$(comm -12 "$tmp/ns.run" "$tmp/ns.after")" ]; }
"$S" run --impl ref --cases 'kill/*' > /dev/null 2>&1 &
pid=$!
waitfor 300 hanging || bad "the case never reached hang()"
runns
kill -9 $pid
wait $pid 2>/dev/null
# the namespaces go with their last process, which the kernel reaps
# asynchronously
waitfor 100 gone
nsset > "$tmp/ns.after"
ip -o link show | cut -d: -f2 | sort > "$tmp/links.after"
[ -s "$tmp/ns.run" ] && ok "the run had namespaces of its own" || bad "no namespaces during the run"
left=$(comm -12 "$tmp/ns.run" "$tmp/ns.after")
[ -z "$left" ] && ok "no namespace of the run left after kill -9" || bad "namespaces left: $left"
cmp -s "$tmp/links.before" "$tmp/links.after" && ok "host links unchanged" || bad "host links changed"
if pgrep -f "$here/fake-adapter.sh" > /dev/null; then bad "adapters left"; else ok "no adapter process left"; fi

# a case's timeout stretches with SOCKSPEC_SLOWDOWN as its within bounds
# do: 1 s runs out in a 1.5 s sleep, at slowdown 2 it is 2 s
mkdir -p "$tmp/slow/t"
printf 'id: harness.slow\ndoc: socket.rst:1\nneeds: netns\ntimeout: 1\n\nanswer() == 42\nsleep 1.5\nanswer() == 42\n' > "$tmp/slow/t/slow.case"
SOCKSPEC_CASES_DIR="$tmp/slow" "$S" run --impl ref --cases 't/slow' > "$tmp/slow1" 2>&1
expect "a sleep past the case's timeout → broken" "$tmp/slow1" "^broken  t/slow: 7: sleep 1.5: timeout: the case's 1s ran out"
SOCKSPEC_SLOWDOWN=2 SOCKSPEC_CASES_DIR="$tmp/slow" "$S" run --impl ref --cases 't/slow' > "$tmp/slow2" 2>&1
expect "SOCKSPEC_SLOWDOWN=2: the case's timeout is 2 s" "$tmp/slow2" "^1 passed, 0 failed"

echo "$fails failed"
[ $fails -eq 0 ]
