#! /usr/bin/env atf-sh
# t_report.sh — `sockspec report`: the text summary, refusal of bad
# results lines, and the HTML page as a browser sees it (headless
# Chromium: the filters, the overview's fit at 1366x768 with 60 runs, and
# a DOM holding exactly one result cell per results record).
# Through Kyua: cd conformance/tests && kyua test t_report.sh
# The binary under test: config variable sockspec, else $SOCKSPEC, else
# build/sockspec of this tree.

# atf_check runs programs, not shell functions: bodies use "$(bin)".
bin() {
	root=$(cd "$(atf_get_srcdir)/../.." && pwd)
	atf_config_get sockspec "${SOCKSPEC:-$root/build/sockspec}"
}

sample() {
	echo "$(atf_get_srcdir)/report-sample.jsonl"
}

# The text names every column with its totals and lists each cell that
# did not pass with its reason; passed cells are not listed.
atf_test_case text_summary
text_summary_head() {
	atf_set descr "text summary: totals per column, the non-passed cells"
}
text_summary_body() {
	atf_check -s exit:0 -o save:out "$(bin)" report "$(sample)"
	atf_check -o match:'^sockspec report: 5 cases, 4 columns, 7 results$' cat out
	atf_check -o match:'^cpython 3\.11\.2, 6\.12\.117\+deb12-amd64 \(line 6\.12\), x86_64-glibc +1 +1 +0 +1 +0 +0 +0 +3$' cat out
	atf_check -o match:'^cpython 3\.11\.2, .*x86_64-glibc: supported 3 of 3; of those, conforming 1$' cat out
	atf_check -o match:'^ref 0\.1\.0, 6\.9\.0-test \(line 6\.9\), x86_64-glibc, peer cpython +0 +1 ' cat out
	atf_check -o match:'^not passed: 6$' cat out
	atf_check -o match:"^failed  convert/inet-aton \(cpython .*\): 7: inet_aton.*got b'<&>\"'$" cat out
	atf_check -o match:'^xfail   convert/inet-pton .*doc-notes\) \[4: inet_pton.*got OSError\(22\)\]$' cat out
	atf_check -o match:'^broken  object/accept-pair .*</script> second line$' cat out
	atf_check -s exit:1 -o empty grep '^passed ' out
	# --text FILE writes there and nothing to stdout
	atf_check -s exit:0 -o empty "$(bin)" report --text t.txt "$(sample)"
	atf_check cmp -s out t.txt
}

# Every malformed line is named FILE:LINE with its reason, and nothing is
# written: a report from half the results would mislead.
atf_test_case text_causes
text_causes_head() {
	atf_set descr "the text and HTML reports group each column's non-passing cells by the first failing step's normalised reason"
}
text_causes_body() {
	# three cases of one column failing alike (other names, other
	# literals, other numbers in the message) are one cause of 3 cases
	for n in 1 2 3; do
		printf '{"case": "a/c%s", "impl": "x", "kernel": "6.1", "platform": "x86_64-glibc", "outcome": "failed", "reason": "%s: s%s.bind((%s, 0)): expected a value, got TypeError(None, '"'"'bind(): wants %s item'"'"')"}\n' \
			$n $((n + 5)) $n "'h$n'" $n
	done > r.jsonl
	printf '{"case": "a/d", "impl": "x", "kernel": "6.1", "platform": "x86_64-glibc", "outcome": "failed", "reason": "7: c.recv(1) == 1: expected 1, got 2"}\n' >> r.jsonl
	printf '{"case": "a/e", "impl": "x", "kernel": "6.1", "platform": "x86_64-glibc", "outcome": "passed", "reason": ""}\n' >> r.jsonl
	atf_check -o save:out "$(bin)" report --html page.html --text - r.jsonl
	atf_check -o match:"^x, 6.1 .*: 4 cells, 2 causes$" cat out
	atf_check -o match:"^  3 cases: bind\(\): expected a value, got TypeError\(None, 'bind\(\): wants N item'\)$" cat out
	atf_check -o match:"^      a/c1 a/c2 a/c3$" cat out
	atf_check -o match:"^  1 case: recv\(\): expected a value, got another value$" cat out
	atf_check -o match:'<li class="cause" data-col="0" data-cases="3">' cat page.html
}

atf_test_case malformed_lines
malformed_lines_head() {
	atf_set descr "malformed results lines: FILE:LINE: reason, exit 2"
}
malformed_lines_body() {
	head -1 "$(sample)" > bad.jsonl
	cat >> bad.jsonl <<'EOF'
{"case": "a/b", "impl": "ref", "outcome": "passed",
{"case": "a/b", "impl": "ref", "outcome": "fine"}
{"case": "a/c", "impl": "ref", "outcome": "passed", "ids": "a.c"}
{"impl": "ref", "outcome": "passed"}
EOF
	atf_check -s exit:2 -o empty -e save:err \
		"$(bin)" report --html page.html bad.jsonl
	atf_check -o match:'^bad\.jsonl:2: column [0-9]+: ' cat err
	atf_check -o match:'^bad\.jsonl:3: unknown outcome "fine"$' cat err
	atf_check -o match:'^bad\.jsonl:4: "ids" is not a list$' cat err
	atf_check -o match:'^bad\.jsonl:5: "case" missing' cat err
	atf_check -s exit:1 test -e page.html
	atf_check -s exit:2 -e match:'^missing\.jsonl: cannot read results' \
		"$(bin)" report missing.jsonl
}

# Two records for one (case, column) cannot both be the cell.
atf_test_case duplicate_cell
duplicate_cell_head() {
	atf_set descr "two records for the same cell: both lines named, exit 2"
}
duplicate_cell_body() {
	cat "$(sample)" > dup.jsonl
	sed -n 2p "$(sample)" >> dup.jsonl
	atf_check -s exit:2 -o empty \
		-e match:'^dup\.jsonl:8: a second result for convert/inet-pton in column \(cpython .*\); the first is dup\.jsonl:2$' \
		"$(bin)" report dup.jsonl
}

# --summary: a line per column, outcomes with no result left out, the
# version of the column even where its first result has none. --compare
# puts the past runs in the page as past columns, and is refused without
# --html (it is for the page's diff view).
atf_test_case summary_and_compare
summary_and_compare_head() {
	atf_set descr "--summary lines per column; --compare adds past columns to the page"
}
summary_and_compare_body() {
	sed 's/"impl_version": "3.11.2"/"impl_version": ""/' "$(sample)" | head -1 > old.jsonl
	sed -n '2,$p' "$(sample)" >> old.jsonl
	atf_check -s exit:0 -o save:sum "$(bin)" report --summary - --text /dev/null old.jsonl
	atf_check -o match:'^cpython 3\.11\.2 @ 6\.12\.117\+deb12-amd64 x86_64-glibc: 1 passed, 1 failed, 1 xfail$' cat sum
	atf_check -o match:'^ref 0\.1\.0 @ 6\.9\.0-test x86_64-glibc peer cpython: ' cat sum
	atf_check -s exit:0 test "$(wc -l < sum)" -eq 4
	atf_check -s exit:2 -o empty -e match:'--compare is for the page' \
		"$(bin)" report --compare old.jsonl "$(sample)"
	atf_check -s exit:0 -o ignore "$(bin)" report --html page.html \
		--compare old.jsonl "$(sample)"
	# each of the 4 columns twice: once current, once past
	atf_check -o match:'^4$' sh -c "grep -o '\"past\":true' page.html | wc -l"
	atf_check -o match:'^4$' sh -c "grep -o '\"past\":false' page.html | wc -l"
	# a bad past file is bad input: nothing written
	echo '{"case": "a/b"' > bad.jsonl
	atf_check -s exit:2 -o empty -e match:'^bad\.jsonl:1: ' \
		"$(bin)" report --html page2.html --compare bad.jsonl "$(sample)"
	atf_check -s exit:1 test -e page2.html
}

# The history in the page and in diff: four runs of one column imported
# into a history of the test's own, two cells flipping. "history:ID"
# names a run of it wherever results are read (diff, --compare), an
# unknown one is refused; the page's flakes view lists the flipped
# cells, most flips first (report-page-check.py --flakes, in Chromium).
atf_test_case history_views
history_views_head() {
	atf_set descr "history:ID as results in diff and --compare; the flakes view from --history"
	atf_set require.user root
	atf_set timeout 300
}
history_views_body() {
	src=$(atf_get_srcdir)
	root=$(cd "$src/../.." && pwd)
	base=$root/fixtures/baselines/host-ref.jsonl
	export SOCKSPEC_HISTORY=$PWD/h.sqlite
	cp "$base" r1.jsonl
	sed '3s/"outcome": "[a-z]*"/"outcome": "failed"/' "$base" > r2.jsonl
	sed '3s/"outcome": "[a-z]*"/"outcome": "failed"/; 5s/"outcome": "[a-z]*"/"outcome": "broken"/' \
		"$base" > r3.jsonl
	sed 's/"duration": 0/"duration": 0.5/' "$base" > r4.jsonl
	for r in r1 r2 r3 r4; do
		"$(bin)" history --import $r.jsonl > out 2> err ||
			{ grep -q 'without SQLite' err &&
			  atf_skip "this build has no SQLite history"; atf_fail "$(cat err)"; }
	done
	case3=$(sed -n 3p "$base" | sed 's/^{"case": "\([^"]*\)".*/\1/')
	case5=$(sed -n 5p "$base" | sed 's/^{"case": "\([^"]*\)".*/\1/')
	# two history points: run 1 against run 3
	atf_check -s exit:1 -o save:diff "$(bin)" diff history:1 history:3
	atf_check -o match:"^regression +$case5 " cat diff
	atf_check -o match:'regressions: 1, .*unchanged: 285$' cat diff
	atf_check -s exit:2 -e match:'^history:99: no such run' \
		"$(bin)" diff history:1 history:99
	atf_check -s exit:2 -e match:'^history:x: not a run of the history' \
		"$(bin)" diff history:x r1.jsonl
	# the page: run 3 as the past, the history's two flipped cells
	atf_check -s exit:0 -o ignore "$(bin)" report --html page.html \
		--history h.sqlite --compare history:3 r4.jsonl
	atf_check -o match:"\"flakes\":\[\{\"case\":\"($case3|$case5)\"" cat page.html
	atf_check -o match:'"past":true' cat page.html
	atf_check -s exit:2 -o empty -e match:'no history yet|missing\.sqlite' \
		"$(bin)" report --html p2.html --history missing.sqlite r4.jsonl
	atf_check -s exit:1 test -e p2.html
	command -v chromium > /dev/null ||
		atf_skip "chromium is not installed (Debian package chromium, in scripts/deps.sh)"
	atf_check -s exit:0 -o save:checks -e ignore python3 \
		"$src/report-page-check.py" --flakes 2 page.html r4.jsonl
}

# The page as a reader uses it (report-page-check.py drives headless
# Chromium over the DevTools protocol, cdp.py): a row per area, a column
# per run, passed/total per cell, a click on a filter and on an area, the
# diff view; then, every area open, the DOM holds exactly the cells the
# results hold — count, case, column and outcome of each — with totals
# per column, socket.rst lines from the case files, and nothing loaded
# from elsewhere (report-dom-check.py).
atf_test_case chromium_dom
chromium_dom_head() {
	atf_set descr "headless Chromium: the page's filters, and one DOM result cell per results record"
	atf_set require.user root
	atf_set timeout 300
}
chromium_dom_body() {
	command -v chromium > /dev/null ||
		atf_skip "chromium is not installed (Debian package chromium, in scripts/deps.sh)"
	src=$(atf_get_srcdir)
	# a case that fails here is this test's business only as a cell
	atf_check -s not-exit:2 -o ignore "$(bin)" run --impl ref \
		--cases 'convert/*' --results run.jsonl
	n=$(($(wc -l < run.jsonl) + $(wc -l < "$(sample)")))
	atf_check test "$n" -gt 7
	atf_check -s exit:0 -o ignore \
		"$(bin)" report --html page.html run.jsonl "$(sample)"
	atf_check -s exit:0 -o save:checks -e ignore python3 \
		"$src/report-page-check.py" --dom dom.html \
		page.html run.jsonl "$(sample)"
	atf_check -o match:"^$n cells, $n records, [0-9]+ columns, 0 problems\$" \
		python3 "$src/report-dom-check.py" dom.html \
		"$src/../cases" run.jsonl "$(sample)"
}

# Issue 24's sizes: 60 and 113 runs of every case (synthesised from a
# baseline by report-synth.py, a fixed seed), at 1366x768. The page draws
# itself (how fast is make bench's business: scripts/bench-report.sh), the
# whole area overview — every area, every
# column, the totals — is on the first screen, and a click on the
# "failed" filter leaves the areas and counts the results say.
atf_test_case chromium_matrix
chromium_matrix_head() {
	atf_set descr "headless Chromium, 60 and 113 runs x every case: the overview fits 1366x768, filters and diff hold"
	atf_set require.user root
	atf_set timeout 300
}
chromium_matrix_body() {
	command -v chromium > /dev/null ||
		atf_skip "chromium is not installed (Debian package chromium, in scripts/deps.sh)"
	src=$(atf_get_srcdir)
	root=$(cd "$src/../.." && pwd)
	atf_check python3 "$src/report-synth.py" "$src/../cases" \
		"$root/fixtures/baselines/host-cpython.jsonl" 60 runs
	atf_check -s exit:0 -o ignore \
		"$(bin)" report --html page.html --text /dev/null runs
	atf_check test "$(wc -c < page.html)" -lt 2000000
	atf_check -s exit:0 -o save:checks -e ignore python3 \
		"$src/report-page-check.py" --shot overview.png \
		page.html runs
	atf_check -o match:'^ok: the overview fits 1366x768' cat checks
	atf_check -o match:'^ok: a column per run: 60 shown' cat checks
	# a full `make matrix` has 113 runs: its overview fits too (the
	# columns narrower, the first one too)
	atf_check python3 "$src/report-synth.py" "$src/../cases" \
		"$root/fixtures/baselines/host-cpython.jsonl" 113 runs113
	atf_check -s exit:0 -o ignore \
		"$(bin)" report --html page113.html --text /dev/null runs113
	atf_check -s exit:0 -o save:checks113 -e ignore python3 \
		"$src/report-page-check.py" page113.html runs113
	atf_check -o match:'^ok: the overview fits 1366x768' cat checks113
	atf_check -o match:'^ok: a column per run: 113 shown' cat checks113
}

atf_init_test_cases() {
	atf_add_test_case text_summary
	atf_add_test_case text_causes
	atf_add_test_case malformed_lines
	atf_add_test_case duplicate_cell
	atf_add_test_case summary_and_compare
	atf_add_test_case history_views
	atf_add_test_case chromium_dom
	atf_add_test_case chromium_matrix
}
