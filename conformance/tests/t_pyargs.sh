#! /usr/bin/env atf-sh
# t_pyargs.sh — pyadapter.py's fast reading of request arguments gives
# what its ast path gives (pyargs_check.py), under Debian's CPython and
# under PyPy.

check_with() {
	[ -x "$1" ] || atf_skip "needs $1"
	here=$(atf_get_srcdir)
	root=$(cd "$here/../.." && pwd)
	atf_check -o match:", 0 differ$" "$1" "$here/pyargs_check.py" \
		"$root/conformance/adapters" 1
}

atf_test_case cpython
cpython_head() { atf_set descr "fast path = ast path, /usr/bin/python3"; }
cpython_body() { check_with /usr/bin/python3; }

atf_test_case pypy
pypy_head() { atf_set descr "fast path = ast path, /usr/bin/pypy3"; }
pypy_body() { check_with /usr/bin/pypy3; }

atf_init_test_cases() {
	atf_add_test_case cpython
	atf_add_test_case pypy
}
