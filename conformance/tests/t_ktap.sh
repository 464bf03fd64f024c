#! /usr/bin/env atf-sh
# t_ktap.sh — KTAP version 1 output (`sockspec ktap`, `sockspec run
# --ktap`), read by parsers that are not ours: the kernel's
# tools/testing/kunit/kunit_parser.py (Debian's linux-source-6.1,
# fetched into the cache by vm/fetch-kunit) and perl's TAP::Parser,
# block by block. What they read must agree with `sockspec table` on
# every count and with the results file on every case.
# Through Kyua: cd conformance/tests && kyua test t_ktap.sh

bin() {
	root=$(cd "$(atf_get_srcdir)/../.." && pwd)
	atf_config_get sockspec "${SOCKSPEC:-$root/build/sockspec}"
}
top() { cd "$(atf_get_srcdir)/../.." && pwd; }

# the kernel's parser, fetched once into the cache
kunit_dir() {
	d=$("$(top)/vm/fetch-kunit") || atf_fail "vm/fetch-kunit failed"
	echo "$d"
}

# N of "N WORD" in a `sockspec table` totals line; 0 when absent
count() {
	n=$(echo "$1" | grep -oE "[0-9]+ $2" | cut -d' ' -f1)
	echo "${n:-0}"
}

# What the kernel's parser must say of every case: the results file's
# outcome as a KUnit status, read with python's json (not our reader).
expected_leaves() {
	python3 - "$1" <<'EOF'
import json, sys
status = {'passed': 'SUCCESS', 'xfail': 'SUCCESS', 'xpass': 'SUCCESS',
          'flaky': 'SUCCESS', 'failed': 'FAILURE', 'broken': 'FAILURE',
          'skipped': 'SKIPPED', 'unsupported': 'SKIPPED'}
for line in open(sys.argv[1]):
    r = json.loads(line)
    print('leaf', r['case'], status[r['outcome']])
EOF
}

# KTAP of a real run: the kernel's parser and TAP::Parser accept it, with
# the table's counts; `sockspec ktap` of the same results says the same.
atf_test_case run_ref_kernel_parser
run_ref_kernel_parser_head() {
	atf_set descr "run --impl ref --ktap: kunit_parser.py and TAP::Parser read it; counts equal sockspec table's"
	atf_set require.user root
	atf_set require.progs "python3 perl"
	atf_set timeout 600
}
run_ref_kernel_parser_body() {
	k=$(kunit_dir)
	"$(bin)" run --impl ref --ktap --results r.jsonl > out.ktap 2> err
	st=$?
	[ $st -le 1 ] || { cat err; atf_fail "run --ktap exit $st"; }
	# stdout is KTAP alone: the human summary went to stderr
	atf_check -o match:'^KTAP version 1$' head -n 1 out.ktap
	atf_check -o match:'[0-9]+ passed, .* broken' cat err
	atf_check -o save:table "$(bin)" table r.jsonl
	t=$(grep '(cases)$' table)
	[ "$(echo "$t" | wc -l)" = 1 ] || atf_fail "one column wanted: $t"
	pass=$(count "$t" passed) xfail=$(count "$t" xfail)
	xpass=$(count "$t" xpass) skip=$(count "$t" skipped)
	unsup=$(count "$t" unsupported) fail=$(count "$t" failed)
	broken=$(count "$t" broken) flaky=$(count "$t" flaky)
	# kselftest's exit status: 1 for a failure, break or xpass
	want=0
	[ $((fail + broken + xpass)) -eq 0 ] || want=1
	[ $st -eq $want ] || atf_fail "exit $st, wanted $want ($t)"
	atf_check -o inline:"# Totals: pass:$((pass + flaky)) fail:$fail xfail:$xfail xpass:$xpass skip:$((skip + unsup)) error:$broken\n" \
		tail -n 1 out.ktap

	# the kernel's parser: no complaint, and the table's counts
	python3 "$(atf_get_srcdir)/ktap-kunit.py" "$k" out.ktap > kunit 2> kunit.log ||
		{ cat kunit.log; atf_fail "kunit_parser.py failed"; }
	atf_check -o inline:"errors 0\n" grep '^errors ' kunit
	atf_check -o inline:"crashed 0\n" grep '^crashed ' kunit
	atf_check -o inline:"passed $((pass + flaky + xfail + xpass))\n" grep '^passed ' kunit
	atf_check -o inline:"failed $((fail + broken))\n" grep '^failed ' kunit
	atf_check -o inline:"skipped $((skip + unsup))\n" grep '^skipped ' kunit
	# and case by case, AREA/NAME as the results name it
	expected_leaves r.jsonl | sort > want.leaves
	grep '^leaf ' kunit | sort > got.leaves
	atf_check -o empty diff want.leaves got.leaves

	# TAP::Parser, every block: a plan met, in order, no parse error
	perl "$(atf_get_srcdir)/ktap-tap.pl" out.ktap > tap ||
		{ cat tap; atf_fail "TAP::Parser refused a block"; }
	areas=$(sed 's,/.*,,' want.leaves | sort -u | wc -l)
	atf_check -o inline:"blocks $((areas + 1))\n" tail -n 1 tap
	atf_check -o match:"^block main: $areas tests" grep '^block main:' tap

	# the same results through `sockspec ktap`: the same document
	"$(bin)" ktap r.jsonl > again.ktap
	atf_check_equal "$?" "$st"
	atf_check cmp out.ktap again.ktap
}

# Every outcome as kselftest writes it, byte for byte.
atf_test_case outcomes
outcomes_head() { atf_set descr "each outcome's KTAP line: SKIP, XFAIL, XPASS directives, not ok with diagnostics"; }
outcomes_body() {
	r='"impl": "ref", "kernel": "6.1.0-test", "platform": "x86_64-glibc", "peer": ""'
	cat > r.jsonl <<EOF
{"case": "b/passes", $r, "outcome": "passed", "reason": "", "detail": ""}
{"case": "b/fails", $r, "outcome": "failed", "reason": "7: x == 1: expected 1, got 2", "detail": "7: x == 1: expected 1, got 2", "failures": [{"step": "cases/b/fails.case:7", "reason": "7: x == 1: expected 1, got 2"}, {"step": "cases/b/fails.case:9", "reason": "9: y == 3: expected 3, got 4"}]}
{"case": "a/skips", $r, "outcome": "skipped", "reason": "needs vm:can: host kernel has no AF_CAN", "detail": ""}
{"case": "a/unsupported", $r, "outcome": "unsupported", "reason": "no AF_UNIX", "detail": ""}
{"case": "b/xfails", $r, "outcome": "xfail", "reason": "known: EINVAL not ValueError", "detail": "5: got OSError"}
{"case": "b/xpasses", $r, "outcome": "xpass", "reason": "expected failed: stale", "detail": ""}
{"case": "b/breaks", $r, "outcome": "broken", "reason": "case timed out after 20 s", "detail": "line one\nline # two"}
{"case": "b/flaky", $r, "outcome": "flaky", "reason": "failed once: timeout", "detail": ""}
EOF
	cat > want <<'EOF'
KTAP version 1
1..2
    KTAP version 1
    # Subtest: a
    1..2
    ok 1 skips # SKIP needs vm:can: host kernel has no AF_CAN
    ok 2 unsupported # SKIP no AF_UNIX
ok 1 a # SKIP every case skipped
    KTAP version 1
    # Subtest: b
    1..6
    # case timed out after 20 s
    # line one
    # line # two
    not ok 1 breaks
    # 7: x == 1: expected 1, got 2
    # also cases/b/fails.case:9: 9: y == 3: expected 3, got 4
    not ok 2 fails
    # flaky: failed once: timeout
    ok 3 flaky
    ok 4 passes
    ok 5 xfails # XFAIL known: EINVAL not ValueError
    ok 6 xpasses # XPASS expected failed: stale
not ok 2 b
# Totals: pass:2 fail:1 xfail:1 xpass:1 skip:2 error:1
EOF
	atf_check -s exit:1 -o file:want "$(bin)" ktap r.jsonl
	# pass, skip and xfail alone: exit 0; an xpass alone: 1 (kselftest
	# counts it as no pass)
	grep -E '"(passed|skipped|xfail|unsupported)"' r.jsonl > good.jsonl
	atf_check -s exit:0 -o match:'^# Totals: pass:1 fail:0 xfail:1 xpass:0 skip:2 error:0$' \
		"$(bin)" ktap good.jsonl
	grep '"xpass"' r.jsonl > xpass.jsonl
	atf_check -s exit:1 -o ignore "$(bin)" ktap xpass.jsonl
}

# Several columns: a subtest per column, each holding its areas; the
# kernel's parser reads the nesting.
atf_test_case columns
columns_head() {
	atf_set descr "several columns: a subtest each, read by kunit_parser.py with the right counts"
	atf_set require.progs "python3 perl"
	atf_set timeout 600
}
columns_body() {
	k=$(kunit_dir)
	s=$(atf_get_srcdir)/report-sample.jsonl
	atf_check -s exit:1 -o save:out.ktap "$(bin)" ktap "$s"
	atf_check -o match:'^    # Subtest: ref\+cpython@6\.9\.0-test$' cat out.ktap
	atf_check -o match:'^        # Subtest: object$' cat out.ktap
	python3 "$(atf_get_srcdir)/ktap-kunit.py" "$k" out.ktap > kunit 2> kunit.log ||
		{ cat kunit.log; atf_fail "kunit_parser.py failed"; }
	# sample: passed, xfail, xpass ok; failed twice, broken once; one skip
	atf_check -o inline:"passed 3\nfailed 3\ncrashed 0\nskipped 1\nerrors 0\nstatus FAILURE\n" \
		grep -v '^leaf ' kunit
	atf_check -o match:'^leaf ref@6\.9\.0-test/can/raw-bind-vcan0 SKIPPED$' cat kunit
	atf_check -o match:'^blocks 11$' perl "$(atf_get_srcdir)/ktap-tap.pl" out.ktap
}

# Bad input: FILE:LINE: reason for each fault, nothing on stdout.
atf_test_case malformed
malformed_head() { atf_set descr "malformed results, an unknown outcome, a case twice: FILE:LINE: reason, exit 2, no output"; }
malformed_body() {
	r='"impl": "ref", "kernel": "k", "platform": "p", "peer": ""'
	cat > bad.jsonl <<EOF
{"case": "a/b", $r, "outcome": "passed", "reason": ""}
{"case": "a/c", $r, "outcome": "passed",
{"case": "a/d", $r, "outcome": "fine", "reason": ""}
{$r, "outcome": "passed"}
EOF
	atf_check -s exit:2 -o empty -e save:err "$(bin)" ktap bad.jsonl
	atf_check -o match:'^bad\.jsonl:2: column [0-9]+' cat err
	atf_check -o match:"^bad\.jsonl:3: unknown outcome 'fine'$" cat err
	atf_check -o match:'^bad\.jsonl:4: a record names its case and impl$' cat err
	head -n 1 bad.jsonl > twice.jsonl
	head -n 1 bad.jsonl >> twice.jsonl
	atf_check -s exit:2 -o empty \
		-e match:'^twice\.jsonl:2: a/b \[ref\] is recorded again \(first at twice\.jsonl:1\)$' \
		"$(bin)" ktap twice.jsonl
	atf_check -s exit:2 -o empty -e match:'nowhere.jsonl: cannot read results' \
		"$(bin)" ktap nowhere.jsonl
	atf_check -s exit:2 -o empty -e match:'^usage: sockspec ktap' "$(bin)" ktap
}

atf_init_test_cases() {
	atf_add_test_case run_ref_kernel_parser
	atf_add_test_case outcomes
	atf_add_test_case columns
	atf_add_test_case malformed
}
