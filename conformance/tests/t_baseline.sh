#! /usr/bin/env atf-sh
# t_baseline.sh — the whole host suite for each implementation, held to
# the committed baseline fixtures/baselines/host-IMPL.jsonl. Under
# `make check` the suite already ran case by case through Kyua
# (conformance, conformance_cpython, conformance_pypy, listed before this
# program): those records are the run (`sockspec atf --collected`). Run
# alone, or for ref-musl, which no Kyua program runs, or when the session
# did not record every case, the suite runs here as it would. Any cell
# that regressed (passed or xfail -> failed, broken or xpass; anything ->
# broken) fails the test case, listed. --ignore-kernel: the baseline was
# recorded on one host kernel and holds on others. Fixes, skips, new and
# removed cases are shown but pass. After a change that moves outcomes on
# purpose: `make baseline` and commit fixtures/baselines/.
# The binary: Kyua variable `sockspec`, else $SOCKSPEC, else build/sockspec.

check_impl() {
	impl=$1
	S=$(atf_config_get sockspec "${SOCKSPEC:-$(atf_get_srcdir)/../../build/sockspec}")
	[ -x "$S" ] || atf_fail "no sockspec binary at $S (make conformance)"
	base=$(atf_get_srcdir)/../../fixtures/baselines/host-$impl.jsonl
	[ -r "$base" ] || atf_fail "no baseline $base (make baseline)"
	if "$S" atf --collected "$impl" new.jsonl 2> collect.err; then
		echo "the $impl records of this Kyua session's conformance run" >&2
	else
		st=$?
		[ $st -eq 3 ] || atf_fail "sockspec atf --collected $impl: status $st: $(cat collect.err)"
		echo "$(cat collect.err); running the suite" >&2
		# exit 1 only says some case failed; the diff decides what regressed
		"$S" run --impl "$impl" --results new.jsonl > run.out 2>&1
		st=$?
		tail -1 run.out >&2
		[ $st -le 1 ] || atf_fail "sockspec run --impl $impl: status $st: $(tail -5 run.out)"
	fi
	"$S" diff --ignore-kernel "$base" new.jsonl > diff.out 2>&1
	st=$?
	cat diff.out >&2
	case $st in
	0) ;;
	1) atf_fail "$(grep -c '^regression ' diff.out) cells regressed against $base: $(grep '^regression ' diff.out | tr '\n' ';')" ;;
	*) atf_fail "sockspec diff: status $st: $(cat diff.out)" ;;
	esac
}

atf_test_case ref
ref_head() {
	atf_set descr "libsockref on the host: no cell regressed against fixtures/baselines/host-ref.jsonl"
	atf_set require.user root
	atf_set timeout 300
}
ref_body() {
	check_impl ref
}

atf_test_case ref_musl
ref_musl_head() {
	atf_set descr "libsockref built with musl on the host: no cell regressed against fixtures/baselines/host-ref-musl.jsonl"
	atf_set require.user root
	atf_set timeout 300
}
ref_musl_body() {
	check_impl ref-musl
}

atf_test_case cpython
cpython_head() {
	atf_set descr "CPython on the host: no cell regressed against fixtures/baselines/host-cpython.jsonl"
	atf_set require.user root
	atf_set require.progs python3
	atf_set timeout 600
}
cpython_body() {
	check_impl cpython
}

atf_test_case pypy
pypy_head() {
	atf_set descr "PyPy on the host: no cell regressed against fixtures/baselines/host-pypy.jsonl"
	atf_set require.user root
	atf_set require.progs pypy3
	atf_set timeout 900
}
pypy_body() {
	check_impl pypy
}

atf_init_test_cases() {
	atf_add_test_case ref
	atf_add_test_case ref_musl
	atf_add_test_case cpython
	atf_add_test_case pypy
}
