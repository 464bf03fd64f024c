#! /usr/bin/env atf-sh
# t_expect_flaky.sh — an expectation whose outcome is `flaky` (a known
# cause of a case failing now and then, e.g. a kernel race:
# conformance/KERNEL-FINDINGS.md) changes no outcome: a failure stays a
# failure (so --retry tells the flake apart), a pass is no xpass, and the
# reason of a case that did not pass outright names the entry. Passes do
# not make such an entry stale. Against tests/fake-adapter.sh: retry/flip
# fails on its first attempt and passes on the next, retry/always fails
# every time, t/pass passes.
# The binary: Kyua variable `sockspec`, else $SOCKSPEC, else build/sockspec.

setup() {
	S=$(atf_config_get sockspec "${SOCKSPEC:-$(atf_get_srcdir)/../../build/sockspec}")
	[ -x "$S" ] || atf_fail "no sockspec binary at $S (make conformance)"
	here=$(cd "$(atf_get_srcdir)" && pwd)
	root=$(cd "$here/../.." && pwd)
	export SOCKSPEC_ROOT="$root"
	export SOCKSPEC_CASES_DIR="$here/cases"
	export SOCKSPEC_ADAPTER_CMD="exec $here/fake-adapter.sh"
	export SOCKSPEC_HISTORY=off
	printf '%s\t%s\t%s\n' \
		retry/flip flaky 'a race of the fake adapter (stands in for socket.rst:1)' \
		retry/always flaky 'believed to fail only now and then (socket.rst:1)' \
		t/pass flaky 'passes mostly (socket.rst:1)' > x.tsv
	export SOCKSPEC_EXPECTATIONS="$PWD/x.tsv"
	# a case's /tmp is its own: the flip's state lives below the project
	mkdir -p "$root/build"
	state=$(mktemp -d "$root/build/t_expect_flaky.XXXXXX")
	export FAKE_FLIP="$state/flipped"
}

atf_test_case retried
retried_head() {
	atf_set descr "with --retry, a flake under a flaky entry is flaky and names the entry"
	atf_set require.user root
}
retried_body() {
	setup
	atf_check -s exit:0 -o save:out "$S" run --impl ref --cases retry/flip \
		--retry 1 --results r.jsonl
	atf_check -o match:'^flaky   retry/flip: passed on attempt 2 of 2; attempt 1 failed: .* \[known flaky here, .*x\.tsv:1: a race of the fake adapter \(stands in for socket\.rst:1\)\]$' cat out
	rm -rf "$state"
}

atf_test_case not_retried
not_retried_head() {
	atf_set descr "without --retry the flake stays failed (not xfail), with the entry named"
	atf_set require.user root
}
not_retried_body() {
	setup
	atf_check -s exit:1 -o match:'^failed  retry/flip: 6: flip\(\) == 2: expected 2, got 1 \[known flaky here, .*x\.tsv:1: ' \
		"$S" run --impl ref --cases retry/flip --results r.jsonl
	rm -rf "$state"
}

atf_test_case always_fails
always_fails_head() {
	atf_set descr "a case failing every attempt is a failure, whatever the flaky entry says"
	atf_set require.user root
}
always_fails_body() {
	setup
	atf_check -s exit:1 -o match:'^failed  retry/always: .*\[known flaky here, .*x\.tsv:2: ' \
		-o match:'0 xfail' "$S" run --impl ref --cases retry/always --retry 1
	rm -rf "$state"
}

atf_test_case pass_not_xpass
pass_not_xpass_head() {
	atf_set descr "a pass under a flaky entry is passed, not xpass, and does not make it stale"
	atf_set require.user root
}
pass_not_xpass_body() {
	setup
	atf_check -s exit:0 -o match:'^1 passed, 0 failed, 0 skipped, 0 xfail, 0 xpass' \
		"$S" run --impl ref --cases t/pass --results r.jsonl
	atf_check -o not-match:'known flaky' cat r.jsonl
	# the other two entries have no record here: stale for that reason
	atf_check -s exit:1 -o not-match:'t/pass' \
		-o match:'^3 expectations, 2 stale, 1 results records$' \
		"$S" expectations --stale r.jsonl
	rm -rf "$state"
}

atf_test_case grammar
grammar_head() {
	atf_set descr "flaky is an outcome of the grammar; a wrong one lists it"
}
grammar_body() {
	setup
	atf_check -o match:'x\.tsv:1.retry/flip.flaky.every implementation' "$S" expectations --list
	printf 't/pass\tflaken\tno (socket.rst:1)\n' > bad.tsv
	SOCKSPEC_EXPECTATIONS="$PWD/bad.tsv" atf_check -s exit:2 \
		-e match:"bad\.tsv:1: outcome 'flaken' is none of failed, broken, skipped, unsupported, flaky" \
		"$S" expectations --list
	rm -rf "$state"
}

atf_test_case gives_way
gives_way_head() {
	atf_set descr "a flaky entry of all.tsv gives way to an implementation's entry for the case"
	atf_set require.user root
}
gives_way_body() {
	setup
	mkdir x
	printf 't/xfail\tflaky\ta race everywhere (socket.rst:1)\n' > x/all.tsv
	printf 't/xfail\tfailed\tref says 42 (socket.rst:1)\n' > x/ref.tsv
	SOCKSPEC_EXPECTATIONS="$PWD/x" atf_check -s exit:0 \
		-o match:'^xfail   t/xfail: ref says 42 \(socket\.rst:1\) \[' \
		"$S" run --impl ref --cases t/xfail
	rm -rf "$state"
}

atf_init_test_cases() {
	atf_add_test_case gives_way
	atf_add_test_case retried
	atf_add_test_case not_retried
	atf_add_test_case always_fails
	atf_add_test_case pass_not_xpass
	atf_add_test_case grammar
}
