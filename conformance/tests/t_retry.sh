#! /usr/bin/env atf-sh
# t_retry.sh — `sockspec run --retry N` against tests/fake-adapter.sh:
# retry/flip fails on its first attempt and passes on the second (its
# state is a file outside the case's namespaces), so it is flaky, with
# both attempts kept, in results, summary, table, report, KTAP, Kyua and
# the history; retry/segv's adapter dies of SIGSEGV, a crash that is
# never retried; retry/always fails every time. And which runs the
# default history records.
# The binary: Kyua variable `sockspec`, else $SOCKSPEC, else build/sockspec.

setup() {
	S=$(atf_config_get sockspec "${SOCKSPEC:-$(atf_get_srcdir)/../../build/sockspec}")
	[ -x "$S" ] || atf_fail "no sockspec binary at $S (make conformance)"
	here=$(cd "$(atf_get_srcdir)" && pwd)
	root=$(cd "$here/../.." && pwd)
	export SOCKSPEC_ROOT="$root"
	export SOCKSPEC_CASES_DIR="$here/cases"
	export SOCKSPEC_ADAPTER_CMD="exec $here/fake-adapter.sh"
	export SOCKSPEC_EXPECTATIONS="$here/expectations.tsv"
	export SOCKSPEC_HISTORY="$PWD/h.sqlite"
	# a case's /tmp is its own: the flip's state lives below the project
	mkdir -p "$root/build"
	state=$(mktemp -d "$root/build/t_retry.XXXXXX")
	# gone however the body ends (atf_fail exits the shell)
	trap 'rm -rf "$state"' EXIT
	export FAKE_FLIP="$state/flipped"
}

history_ok() {
	"$S" history --check --history /nonexistent/x 2>&1 |
		grep -q 'built without SQLite' && return 1
	return 0
}

atf_test_case flaky
flaky_head() {
	atf_set descr "a case that fails once and then passes is flaky, every attempt kept"
	atf_set require.user root
}
flaky_body() {
	setup
	# --history: a test's case tree records only in a database named so
	atf_check -s exit:0 -o save:out "$S" run --impl ref --cases retry/flip \
		--retry 1 --results r.jsonl --history "$PWD/h.sqlite"
	atf_check -o match:'^flaky   retry/flip: passed on attempt 2 of 2; attempt 1 failed: 6: flip\(\) == 2: expected 2, got 1$' cat out
	atf_check -o match:'^0 passed, 0 failed, 0 skipped, 0 xfail, 0 xpass, 0 broken, 0 unsupported, 1 flaky$' cat out
	atf_check -o match:'"outcome": "flaky", ' \
		-o match:'"attempts": \[\{"outcome": "failed", "reason": "6: flip\(\) == 2: expected 2, got 1", "duration": [0-9.]+\}, \{"outcome": "passed", "reason": "", "duration": [0-9.]+\}\]\}$' \
		cat r.jsonl
	# its own state in the table, the report and KTAP (ok, with why)
	atf_check -o match:': 0 passed, 0 xfail, 0 skipped, (0 unsupported, )?1 flaky, 0 xpass' \
		"$S" table r.jsonl
	atf_check -o match:'^column +passed +failed +skipped +xfail +xpass +broken +flaky( +unsupported)? +total$' \
		"$S" report r.jsonl
	atf_check -o match:'^    ok 1 flip$' -o match:'^    # flaky: passed on attempt 2' \
		"$S" ktap r.jsonl
	if history_ok; then
		atf_check -o match:'^retry/flip +ref@[^ ]+ x86_64-glibc +flaky +1 +0 +1 +1 ' \
			"$S" history --flaky
	fi
	rm -rf "$state"
}

atf_test_case no_retry
no_retry_head() {
	atf_set descr "without --retry the same case fails, and no attempts are listed"
	atf_set require.user root
}
no_retry_body() {
	setup
	atf_check -s exit:1 -o match:'^failed  retry/flip: 6: flip' \
		"$S" run --impl ref --cases retry/flip --results r.jsonl
	atf_check -o not-match:'attempts' cat r.jsonl
	rm -rf "$state"
}

atf_test_case crash
crash_head() {
	atf_set descr "an adapter killed by a signal is a crash: never retried away"
	atf_set require.user root
}
crash_body() {
	setup
	atf_check -s exit:1 -o save:out "$S" run --impl ref --cases retry/segv \
		--retry 2 --results r.jsonl
	atf_check -o match:'^broken  retry/segv: 6: segv\(\): adapter for host h died: killed by signal 11 \[a crash: not retried\]' cat out
	atf_check -o not-match:'attempts' cat r.jsonl
	rm -rf "$state"
}

atf_test_case oopsed
oopsed_head() {
	atf_set descr "once the kernel has oopsed (taint D) nothing is retried"
	atf_set require.user root
}
oopsed_body() {
	setup
	# taint D (128) and W (512), as after an oops
	echo 640 > tainted
	SOCKSPEC_TAINTED=$PWD/tainted atf_check -s exit:1 \
		-o match:'^failed  retry/flip: 6: flip\(\) == 2: expected 2, got 1 \[not retried: the kernel has oopsed \(taint D\)\]' \
		"$S" run --impl ref --cases retry/flip --retry 1 --results r.jsonl
	atf_check -o not-match:'attempts' cat r.jsonl
	# a warning alone (W) is no oops: the retry happens
	rm -f "$FAKE_FLIP"
	echo 512 > tainted
	SOCKSPEC_TAINTED=$PWD/tainted atf_check -s exit:0 \
		-o match:'^flaky   retry/flip: ' \
		"$S" run --impl ref --cases retry/flip --retry 1
}

atf_test_case always
always_head() {
	atf_set descr "a case failing every attempt stays failed with all of them kept"
	atf_set require.user root
}
always_body() {
	setup
	atf_check -s exit:1 -o match:'^failed  retry/always: 6: answer\(\) == 41' \
		"$S" run --impl ref --cases retry/always --retry 2 --results r.jsonl
	n=$(grep -o '"outcome": "failed"' r.jsonl | wc -l)
	# the record's own outcome and its three attempts
	[ "$n" -eq 4 ] || atf_fail "expected 3 failed attempts, got $((n - 1)): $(cat r.jsonl)"
	rm -rf "$state"
}

atf_test_case options
options_head() {
	atf_set descr "--retry takes 0 to 9 and does not go with --fail-fast"
}
options_body() {
	S=$(atf_config_get sockspec "${SOCKSPEC:-$(atf_get_srcdir)/../../build/sockspec}")
	for bad in -1 10 x 1x ''; do
		atf_check -s exit:2 -e match:"^sockspec run: --retry $bad: a number from 0 to 9$" \
			"$S" run --impl ref --retry "$bad"
	done
	atf_check -s exit:2 -e match:'--retry and --fail-fast do not go together' \
		"$S" run --impl ref --retry 1 --fail-fast
}

atf_test_case kyua_passed
kyua_passed_head() {
	atf_set descr "under Kyua a flaky case is passed, and its stderr says it was flaky"
	atf_set require.user root
}
kyua_passed_body() {
	setup
	unset SOCKSPEC_ATF_SESSION
	atf_check -s exit:0 -e match:'^flaky: passed on attempt 2 of 2; attempt 1 failed' \
		"$S" atf --impl ref -r result retry_flip
	atf_check -o inline:'passed\n' cat result
	rm -rf "$state"
}

atf_test_case default_history
default_history_head() {
	atf_set descr "runs record in ROOT/build/history.sqlite by default, but not a test's case tree or adapter"
	atf_set require.user root
}
default_history_body() {
	setup
	history_ok || atf_skip "this sockspec is built without SQLite (libsqlite3-dev)"
	unset SOCKSPEC_HISTORY
	# a root of our own, so the project's build/history.sqlite is not
	# touched: its case tree the fake one, the adapter given by exec:
	mkdir -p myroot/build myroot/conformance/expectations
	cp -r "$here/cases" myroot/conformance/cases
	export SOCKSPEC_ROOT="$PWD/myroot"
	atf_check -o ignore "$S" run --impl ref --cases 't/pass'
	[ ! -e myroot/build/history.sqlite ] ||
		atf_fail "a run with SOCKSPEC_CASES_DIR and SOCKSPEC_ADAPTER_CMD recorded in the default history"
	# nor in $SOCKSPEC_HISTORY's (make check sets it for every test)
	SOCKSPEC_HISTORY=$PWD/env.sqlite atf_check -o ignore "$S" run --impl ref --cases 't/pass'
	[ ! -e env.sqlite ] ||
		atf_fail "a run with SOCKSPEC_CASES_DIR recorded in \$SOCKSPEC_HISTORY's history"
	unset SOCKSPEC_CASES_DIR SOCKSPEC_ADAPTER_CMD SOCKSPEC_EXPECTATIONS
	atf_check -o ignore "$S" run --impl "exec:$here/fake-adapter.sh" --cases 't/pass'
	atf_check -o match:'^t/pass +exec:.*fake-adapter.sh@' "$S" history t/pass \
		--history "$PWD/myroot/build/history.sqlite"
	# --no-history and SOCKSPEC_HISTORY=off record nothing
	atf_check -o ignore "$S" run --impl "exec:$here/fake-adapter.sh" --cases 't/pass' --no-history
	SOCKSPEC_HISTORY=off atf_check -o ignore "$S" run --impl "exec:$here/fake-adapter.sh" --cases 't/pass'
	atf_check -o match:'^1 run$' "$S" history --runs \
		--history "$PWD/myroot/build/history.sqlite"
	rm -rf "$state"
}

atf_init_test_cases() {
	atf_add_test_case flaky
	atf_add_test_case no_retry
	atf_add_test_case crash
	atf_add_test_case oopsed
	atf_add_test_case always
	atf_add_test_case options
	atf_add_test_case kyua_passed
	atf_add_test_case default_history
}
