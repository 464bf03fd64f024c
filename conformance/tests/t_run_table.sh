#! /usr/bin/env atf-sh
# t_run_table.sh — how `make run` ends (scripts/run-summary.sh): a line
# per run on the terminal, the HTML report's path, the long table in a
# file; and the guest's columns are there when the guest wrote its
# results during the recipe (they did not exist when make started), as
# on a first run on a fresh clone.

atf_test_case guest_columns
guest_columns_head() { atf_set descr "results written during make run's recipe reach its summary, table and report"; }
guest_columns_body() {
	T=$(cd "$(atf_get_srcdir)/../.." && pwd)
	S=$T/build/sockspec
	[ -x "$S" ] || atf_fail "no $S (make conformance)"
	rec() {
		printf '{"case": "a/b", "ids": ["x.y"], "impl": "%s", "impl_version": "1", "kernel": "%s", "arch": "x86_64", "libc": "glibc 2.36", "platform": "x86_64-glibc", "peer": "", "outcome": "%s", "reason": "r", "duration": 0.01, "detail": ""}\n' "$1" "$2" "${3:-passed}"
	}
	mkdir -p b
	rec ref 6.18.0 > b/results-ref.jsonl
	# make expands the recipe's text before running it: the summary step
	# is given the same words whether or not the guest has run yet
	cat > Makefile.t <<MK
run:
	@mkdir -p b/vm/6.1.0-56 && printf '%s\n' '$(rec ref 6.1.0-56 failed)' > b/vm/6.1.0-56/results-ref.jsonl
	@$T/scripts/run-summary.sh $S b 6.1.0-56 "ref" "ref cpython"
MK
	atf_check -o save:out make -s -f Makefile.t run
	# a line per run, the guest's and the host's
	atf_check -o match:'^ref 1 @ 6\.1\.0-56 x86_64-glibc: 1 failed$' cat out
	atf_check -o match:'^ref 1 @ 6\.18\.0 x86_64-glibc: 1 passed$' cat out
	atf_check -o match:'^1 failed, broken or passed unexpectedly:$' cat out
	atf_check -o match:'^failed  a/b \(ref 1, 6\.1\.0-56' cat out
	atf_check -o match:"^open the report: file://$PWD/b/report\.html\$" cat out
	# short: no line of the long table on the terminal
	atf_check -s exit:1 grep -q '^behaviour ' out
	atf_check -s exit:0 test "$(wc -l < out)" -le 8
	# the table and the page hold both columns
	atf_check -o match:'6\.1\.0-56' -o match:'6\.18\.0' head -1 b/run-table.txt
	atf_check -o match:'"kernel":"6\.1\.0-56"' -o match:'"kernel":"6\.18\.0"' \
		cat b/report.html
}

atf_init_test_cases() { atf_add_test_case guest_columns; }
