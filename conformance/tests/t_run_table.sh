#! /usr/bin/env atf-sh
# t_run_table.sh — `make run`'s closing table has the guest's columns when
# the guest wrote its results during the recipe (they did not exist when
# make started), as on a first run on a fresh clone.

atf_test_case guest_columns
guest_columns_head() { atf_set descr "results written during make run's recipe reach its table"; }
guest_columns_body() {
	T=$(cd "$(atf_get_srcdir)/../.." && pwd)
	S=$T/build/sockspec
	[ -x "$S" ] || atf_fail "no $S (make conformance)"
	rec() {
		printf '{"case": "a/b", "ids": ["x.y"], "impl": "%s", "impl_version": "1", "kernel": "%s", "arch": "x86_64", "libc": "glibc 2.36", "platform": "x86_64-glibc", "peer": "", "outcome": "passed", "reason": "", "duration": 0.01, "detail": ""}\n' "$1" "$2"
	}
	mkdir -p b
	rec ref 6.18.0 > b/results-ref.jsonl
	# make expands the recipe's text before running it: the table step
	# is given the same words whether or not the guest has run yet
	cat > Makefile.t <<MK
run:
	@mkdir -p b/vm/6.1.0-56 && printf '%s\n' '$(rec ref 6.1.0-56)' > b/vm/6.1.0-56/results-ref.jsonl
	@$T/scripts/run-table.sh $S b 6.1.0-56 "ref" "ref cpython"
MK
	atf_check -o save:out make -s -f Makefile.t run
	grep -q '6.1.0-56' out || atf_fail "the guest's column is missing: $(cat out)"
	grep -q '6.18.0' out || atf_fail "the host's column is missing: $(cat out)"
}

atf_init_test_cases() { atf_add_test_case guest_columns; }
