#! /usr/bin/env atf-sh
# t_versions.sh — versions side by side: conformance/VERSIONS.md is what
# `sockspec versions fixtures/versions` makes of the committed results of
# each release (make versions), and names the socket.timeout class change
# between CPython 3.9 and 3.11 the suite found; `sockspec diff --versions`
# lists the changed behaviours of two releases and refuses two families;
# `version<OP>V` scopes an expectation by the case's hello.
# The binary: Kyua variable `sockspec`, else $SOCKSPEC, else build/sockspec.

sockspec() {
	S=$(atf_config_get sockspec "${SOCKSPEC:-$(atf_get_srcdir)/../../build/sockspec}")
	[ -x "$S" ] || atf_fail "no sockspec binary at $S (make conformance)"
	TOP=$(atf_get_srcdir)/../..
	V=$TOP/fixtures/versions
}

atf_test_case up_to_date
up_to_date_head() {
	atf_set descr "VERSIONS.md is what sockspec versions makes of fixtures/versions (make versions)"
}
up_to_date_body() {
	sockspec
	"$S" versions "$V" > made.md || atf_fail "sockspec versions failed"
	diff -u "$TOP/conformance/VERSIONS.md" made.md > d.txt ||
		atf_fail "conformance/VERSIONS.md is stale: run make versions ($(head -c 600 d.txt))"
}

atf_test_case timeout_class
timeout_class_head() {
	atf_set descr "CPython 3.9 -> 3.11: errors/timeout-class goes from holds to deviates, with TimeoutError, as the suite saw it"
}
timeout_class_body() {
	sockspec
	# the section of the 3.9 -> 3.11 step, up to the next step
	awk '/^### cpython3\.9@bullseye .* → cpython /{on=1; next} /^###/{on=0} on' \
		"$TOP/conformance/VERSIONS.md" > step.md
	[ -s step.md ] || atf_fail "no cpython3.9@bullseye -> cpython section in VERSIONS.md"
	atf_check -o match:'^- `errors/timeout-class`: holds → deviates$' cat step.md
	atf_check -o match:"cpython 3\\.11.*deviates .*TimeoutError" cat step.md
}

atf_test_case diff_versions
diff_versions_head() {
	atf_set descr "diff --versions: the changed cells of two releases, one family, one implementation a side"
}
diff_versions_body() {
	sockspec
	atf_check -s exit:0 -o match:'^versions: cpython3\.9@bullseye 3\.9\.[0-9]+ -> cpython 3\.11' \
		-o match:'^changed +errors/timeout-class .* passed -> xfail' \
		"$S" diff --versions "$V/cpython@bullseye.jsonl" "$V/cpython.jsonl"
	atf_check -s exit:2 -e match:'releases of one implementation, not cpython3\.9@bullseye and pypy' \
		"$S" diff --versions "$V/cpython@bullseye.jsonl" "$V/pypy.jsonl"
	cat "$V/cpython.jsonl" "$V/pypy.jsonl" > two.jsonl
	atf_check -s exit:2 -e match:'one implementation a side' \
		"$S" diff --versions "$V/cpython@bullseye.jsonl" two.jsonl
}

atf_test_case version_scope
version_scope_head() {
	atf_set descr "version<OP>V: parsed, listed, refused with a skip or as-peer"
}
version_scope_body() {
	sockspec
	printf 'errors/timeout-class\tfailed version>=3.10\tan alias socket.rst:178\n' > cpython.tsv
	printf 'errors/timeout-class\tfailed version<3.10\tthe class socket.rst:178\n' >> cpython.tsv
	mkdir x && cp cpython.tsv x/
	atf_check -o match:'version>=3\.10' -o match:'version<3\.10' \
		env SOCKSPEC_EXPECTATIONS="$PWD/x" "$S" expectations --list
	printf 'errors/timeout-class\tskipped version>=3.10\twhy socket.rst:178\n' > x/cpython.tsv
	atf_check -s exit:2 -e match:'cpython.tsv:1: .*version bound cannot scope a skip' \
		env SOCKSPEC_EXPECTATIONS="$PWD/x" "$S" expectations --list
	printf 'errors/timeout-class\tfailed version>=x\twhy socket.rst:178\n' > x/cpython.tsv
	atf_check -s exit:2 -e match:'a version bound is version<OP>VERSION' \
		env SOCKSPEC_EXPECTATIONS="$PWD/x" "$S" expectations --list
}

atf_init_test_cases() {
	atf_add_test_case up_to_date
	atf_add_test_case timeout_class
	atf_add_test_case diff_versions
	atf_add_test_case version_scope
}
