#! /usr/bin/env atf-sh
# t_stdio.sh — print(), stdout() and sys.exit() of a case, answered by
# every real adapter installed here: libsockref's (glibc and musl builds),
# pyadapter.py's (CPython, PyPy, gevent, eventlet) and mpadapter.py's
# (MicroPython in its Debian root). tests/cases/stdio/print-exit.case
# passes with each (what was printed, taken once; SystemExit with its
# code; the wire clean after every print); wrong-text.case fails with
# what was printed. An implementation not installed here is left out,
# saying so. Needs root (namespaces). Through Kyua: kyua test t_stdio.sh

bin() {
	root=$(cd "$(atf_get_srcdir)/../.." && pwd)
	atf_config_get sockspec "${SOCKSPEC:-$root/build/sockspec}"
}

atf_test_case adapters
adapters_head() {
	atf_set descr "print/stdout/sys.exit pass with every installed adapter, and a wrong text fails"
	atf_set require.user root
	atf_set timeout 600
}
adapters_body() {
	export SOCKSPEC_CASES_DIR="$(atf_get_srcdir)/cases"
	# Kyua's HOME is the work directory: the roots are the user's own
	[ -n "${SOCKSPEC_ROOT_CACHE:-}" ] || export SOCKSPEC_ROOT_CACHE="$(
		getent passwd "$(id -u)" | cut -d: -f6)/.cache/sockspec/roots"
	ran=0
	for impl in ref ref-musl cpython pypy gevent eventlet micropython@trixie; do
		"$(bin)" run --impl "$impl" --cases 'stdio/*' --jobs 1 \
			--results "$impl.jsonl" > "$impl.out" 2>&1
		if grep -q '^skipped stdio/print-exit: needs .*not installed' "$impl.out"; then
			echo "$impl left out: $(head -n 1 "$impl.out")"
			continue
		fi
		grep -q '"case": "stdio/print-exit".*"outcome": "passed"' "$impl.jsonl" ||
			{ cat "$impl.out"; atf_fail "$impl: print-exit did not pass"; }
		grep -q "^failed  stdio/wrong-text: 8: .*got 'could not open socket\\\\n'" "$impl.out" ||
			{ cat "$impl.out"; atf_fail "$impl: wrong-text did not fail with the printed text"; }
		echo "$impl: print-exit passed, wrong-text failed"
		ran=$((ran + 1))
	done
	[ "$ran" -gt 0 ] || atf_skip "no adapter could run"
}

atf_init_test_cases() {
	atf_add_test_case adapters
}
