#! /usr/bin/env atf-sh
# t_soft.sh — soft checks: a case with `soft: yes` (or steps with the
# `soft` prefix) goes on past a failed step and reports every one. The
# outcome stays failed with the first failure as the reason; results
# list them all (`failures`, FILE:LINE and reason each); a step using a
# name a failed step left without a value is "not run"; an expected
# failure is still xfail, with its other failures shown; the run
# summary, `report` (text and HTML), `table`, `findings --results` and
# `diff` show them.
# A fake adapter (fake-adapter.sh) gives canned answers: answer() is 42,
# boom() raises OSError(EADDRINUSE).
# Needs root (namespaces) for the runs. Through Kyua: kyua test t_soft.sh
# The binary under test: config variable sockspec, else $SOCKSPEC, else
# build/sockspec of this tree.

bin() {
	root=$(cd "$(atf_get_srcdir)/../.." && pwd)
	atf_config_get sockspec "${SOCKSPEC:-$root/build/sockspec}"
}

# cases/s/*.case in the test's work directory
setup() {
	mkdir -p cases/s
	# two failing checks, a step whose value never came, a step that
	# cannot run without it, and a passing step after them all
	cat > cases/s/two.case <<'EOF'
id: x.two
doc: socket.rst:1
needs: host
soft: yes

answer() == 41
a = boom()
echo(a) == 1
answer() == 43
answer() == 42
EOF
	# per step: soft steps go on, the first hard failure stops the case
	cat > cases/s/prefix.case <<'EOF'
id: x.prefix
doc: socket.rst:1
needs: host

soft answer() == 41
soft x, y = answer()
answer() == 44
answer() == 45
EOF
	# soft and passing: nothing to report
	cat > cases/s/pass.case <<'EOF'
id: x.pass
doc: socket.rst:1
needs: host
soft: yes

n = answer()
n == 42
EOF
	# expected to fail, with soft checks: xfail, the others listed
	cat > cases/s/expected.case <<'EOF'
id: x.expected
doc: socket.rst:1
needs: host
soft: yes

answer() == 41
answer() == 40
EOF
	printf 's/expected\tfailed\tthe fake adapter says 42 (socket.rst:1)\n' > expect.tsv
	export SOCKSPEC_CASES_DIR="$PWD/cases"
	export SOCKSPEC_ADAPTER_CMD="$(atf_get_srcdir)/fake-adapter.sh"
	export SOCKSPEC_EXPECTATIONS="$PWD/expect.tsv"
}

atf_test_case two_failures
two_failures_head() {
	atf_set descr "soft: yes — a case with two failing checks reports both, and what could not run"
	atf_set require.user root
}
two_failures_body() {
	setup
	atf_check -s exit:1 -o save:out "$(bin)" run --impl ref --cases 's/two' --results r.jsonl
	# the first failure is the reason; the others follow it
	atf_check -o match:'^failed  s/two: 6: answer\(\) == 41: expected 41, got 42$' \
		-o match:"^        also 7: a = boom\(\): expected no exception, got OSError\(98, 'Address already in use'\)$" \
		-o match:'^        also 8: echo\(a\) == 1: not run: a has no value \(the step at line 7 failed\)$' \
		-o match:'^        also 9: answer\(\) == 43: expected 43, got 42$' \
		-o match:'^0 passed, 1 failed' cat out
	# line 10 ran and passed: no fifth entry
	atf_check -o match:'"outcome": "failed", "reason": "6: answer\(\) == 41: expected 41, got 42"' \
		-o match:'"failures": \[\{"step": "[^"]*/cases/s/two.case:6", "reason": "6: answer\(\) == 41: expected 41, got 42"\}, \{"step": "[^"]*/cases/s/two.case:7", ' \
		-o match:'\{"step": "[^"]*/cases/s/two.case:9", "reason": "9: answer\(\) == 43: expected 43, got 42"\}\]\}$' \
		cat r.jsonl
	atf_check -o match:'^4$' sh -c 'grep -o "\"step\": " r.jsonl | wc -l'
}

atf_test_case prefix
prefix_head() {
	atf_set descr "the soft prefix: soft steps go on, the first hard failure stops the case"
	atf_set require.user root
}
prefix_body() {
	setup
	atf_check -s exit:1 -o save:out "$(bin)" run --impl ref --cases 's/prefix' --results r.jsonl
	atf_check -o match:'^failed  s/prefix: 5: soft answer\(\) == 41: expected 41, got 42$' \
		-o match:'^        also 6: soft x, y = answer\(\): expected 2 values to unpack, got 42$' \
		-o match:'^        also 7: answer\(\) == 44: expected 44, got 42$' cat out
	# line 8 never ran: the hard step at 7 stopped the case
	atf_check -s exit:1 -o empty grep '45' out
	atf_check -o match:'^3$' sh -c 'grep -o "\"step\": " r.jsonl | wc -l'
}

atf_test_case passing
passing_head() {
	atf_set descr "a soft case that holds passes, with no failures member"
	atf_set require.user root
}
passing_body() {
	setup
	atf_check -s exit:0 -o match:'^1 passed, 0 failed' "$(bin)" run --impl ref --cases 's/pass' --results r.jsonl
	atf_check -s exit:1 -o empty grep failures r.jsonl
}

atf_test_case xfail
xfail_head() {
	atf_set descr "an expected failure with soft checks is xfail; its other failures show in the summary, report, table, findings and diff"
	atf_set require.user root
}
xfail_body() {
	setup
	atf_check -s exit:0 -o save:out "$(bin)" run --impl ref --cases 's/expected' --results x.jsonl
	atf_check -o match:'^xfail   s/expected: the fake adapter says 42 \(socket.rst:1\) \[6: answer\(\) == 41: expected 41, got 42\]$' \
		-o match:'^        also 7: answer\(\) == 40: expected 40, got 42$' cat out
	atf_check -o match:'"outcome": "xfail".*"failures": \[.*s/expected.case:6.*s/expected.case:7' cat x.jsonl
	# report, text: the xfail line, then the other failed step
	atf_check -o match:'^xfail   s/expected \(ref ' \
		-o match:'^        also [^ ]*/cases/s/expected.case:7: 7: answer\(\) == 40: expected 40, got 42$' \
		"$(bin)" report --text - x.jsonl
	# report, HTML: every failed step in the cell's data (the page shows
	# them in the result's detail: [step, why] each)
	atf_check -o ignore "$(bin)" report --html page.html x.jsonl
	atf_check -o match:'\[\[[^]]*expected.case:6","6: answer\(\) == 41: expected 41, got 42"\],' \
		-o match:'expected.case:7","7: answer\(\) == 40: expected 40, got 42"\]\]' cat page.html
	# table: the count of failed steps beside the outcome
	atf_check -o match:'^x.expected +xfail\(2\)' "$(bin)" table x.jsonl
	# findings: what the run saw, every failed step
	atf_check -o match:'xfail on ref@[^ ]+ x86_64-glibc, failed steps: 6: answer\(\) == 41: expected 41, got 42; 7: answer\(\) == 40: expected 40, got 42' \
		"$(bin)" findings --results x.jsonl
	# diff: the same outcome with other failed steps is a change
	sed 's/"failures": \[\(.*\), {"step": [^}]*}\]/"failures": [\1]/' x.jsonl > one.jsonl
	atf_check -o match:'^1$' sh -c 'grep -o "\"step\": " one.jsonl | wc -l'
	atf_check -s exit:0 -o match:'^changed +s/expected  \[ref@[^]]*\]  xfail -> xfail \(failed steps 6 -> 6, 7\)' \
		-o match:'changed: 1, unchanged: 0$' "$(bin)" diff one.jsonl x.jsonl
	atf_check -s exit:0 -o match:'^no change \(1 cells\)$' "$(bin)" diff x.jsonl x.jsonl
}

atf_test_case syntax
syntax_head() {
	atf_set descr "soft takes yes or no (FILE:LINE:COL: reason); 'soft =' binds a name, not the prefix"
}
syntax_body() {
	cat > bad.case <<'EOF'
id: x.bad
doc: socket.rst:1
needs: host
soft: maybe

x = 1
EOF
	atf_check -s exit:2 -o match:"bad.case:4:7: soft takes 'yes' or 'no'" "$(bin)" check bad.case
	cat > name.case <<'EOF'
id: x.name
doc: socket.rst:1
needs: host

soft = 1
soft == 1
soft, hard = (1, 2)
EOF
	atf_check -s exit:0 "$(bin)" check name.case
}

atf_init_test_cases() {
	atf_add_test_case two_failures
	atf_add_test_case prefix
	atf_add_test_case passing
	atf_add_test_case xfail
	atf_add_test_case syntax
}
