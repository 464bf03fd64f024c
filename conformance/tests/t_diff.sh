#! /usr/bin/env atf-sh
# t_diff.sh — `sockspec diff`: each category of change, the exit status
# (1 exactly when something regressed), --ignore-kernel, directories, and
# bad input reported as FILE:LINE: reason with status 2.
# The binary: Kyua variable `sockspec`, else $SOCKSPEC, else build/sockspec.

sockspec() {
	S=$(atf_config_get sockspec "${SOCKSPEC:-$(atf_get_srcdir)/../../build/sockspec}")
	[ -x "$S" ] || atf_fail "no sockspec binary at $S (make conformance)"
	BASE=$(atf_get_srcdir)/../../fixtures/baselines/host-ref.jsonl
}

# rec CASE OUTCOME [KERNEL] [IMPL]: one results record
rec() {
	printf '{"case": "%s", "ids": ["x.y"], "impl": "%s", "impl_version": "1.0", "kernel": "%s", "arch": "x86_64", "libc": "glibc 2.36", "platform": "x86_64-glibc", "peer": "", "outcome": "%s", "reason": "why %s", "duration": 0.010, "detail": ""}\n' \
		"$1" "${4:-ref}" "${3:-6.1.0}" "$2" "$2"
}

atf_test_case self
self_head() {
	atf_set descr "a run against itself: no change, exit 0"
}
self_body() {
	sockspec
	n=$(grep -c . "$BASE")
	atf_check -s exit:0 -o match:"^no change \\($n cells\\)$" \
		-o match:"^regressions: 0, fixes: 0, newly skipped: 0, unskipped: 0, new: 0, removed: 0, changed: 0, unchanged: $n$" \
		"$S" diff "$BASE" "$BASE"
}

atf_test_case one_regression
one_regression_head() {
	atf_set descr "a copy with one passed record forced to failed: exactly that regression, exit 1"
}
one_regression_body() {
	sockspec
	n=$(grep -c . "$BASE")
	line=$(grep -n '"outcome": "passed"' "$BASE" | sed -n 7p | cut -d: -f1)
	[ -n "$line" ] || atf_fail "the baseline has fewer than 7 passed records"
	case=$(sed -n "${line}p" "$BASE" | sed 's/^{"case": "\([^"]*\)".*/\1/')
	sed "${line}s/\"outcome\": \"passed\"/\"outcome\": \"failed\"/" "$BASE" > new.jsonl
	atf_check -s exit:1 -o save:out "$S" diff "$BASE" new.jsonl
	grep -v '^regressions: ' out > out.lines
	atf_check -o match:"^regression +$case  \\[ref@[^ ]+ \\(line [0-9.]+\\) x86_64-glibc\\]  passed -> failed$" \
		cat out.lines
	[ "$(wc -l < out.lines)" -eq 1 ] || atf_fail "expected one changed cell, got: $(cat out)"
	atf_check -o match:"^regressions: 1, fixes: 0, newly skipped: 0, unskipped: 0, new: 0, removed: 0, changed: 0, unchanged: $((n - 1))$" \
		cat out
}

atf_test_case categories
categories_head() {
	atf_set descr "every category: regression, fix, newly skipped, unskipped, new, removed, changed"
}
categories_body() {
	sockspec
	{
		rec a/pass-fail passed; rec a/xfail-xpass xfail
		rec a/skip-broken skipped; rec a/fail-pass failed
		rec a/broken-xfail broken; rec a/pass-skip passed
		rec a/skip-fail skipped; rec a/removed passed
		rec a/pass-xfail passed; rec a/broken-failed broken
		rec a/same passed
	} > old.jsonl
	{
		rec a/pass-fail failed; rec a/xfail-xpass xpass
		rec a/skip-broken broken; rec a/fail-pass passed
		rec a/broken-xfail xfail; rec a/pass-skip skipped
		rec a/skip-fail failed; rec a/new failed
		rec a/pass-xfail xfail; rec a/broken-failed failed
		rec a/same passed
	} > new.jsonl
	atf_check -s exit:1 -o save:out "$S" diff old.jsonl new.jsonl
	col='\[ref@6.1.0 \(line 6.1\) x86_64-glibc\]'
	for want in \
		"regression +a/pass-fail  $col  passed -> failed: why failed" \
		"regression +a/skip-broken  $col  skipped -> broken" \
		"regression +a/xfail-xpass  $col  xfail -> xpass" \
		"fix +a/broken-xfail  $col  broken -> xfail" \
		"fix +a/fail-pass  $col  failed -> passed" \
		"newly-skipped +a/pass-skip  $col  passed -> skipped: why skipped" \
		"unskipped +a/skip-fail  $col  skipped -> failed" \
		"new +a/new  $col  - -> failed" \
		"removed +a/removed  $col  passed -> -$" \
		"changed +a/broken-failed  $col  broken -> failed" \
		"changed +a/pass-xfail  $col  passed -> xfail" \
		"regressions: 3, fixes: 2, newly skipped: 1, unskipped: 1, new: 1, removed: 1, changed: 2, unchanged: 1"
	do
		grep -q -E -- "^$want" out || atf_fail "no line '$want' in: $(cat out)"
	done
	[ "$(wc -l < out)" -eq 12 ] || atf_fail "expected 11 cells and the count, got: $(cat out)"
	# regressions come first, in case order within the category
	atf_check -o inline:"a/pass-fail\na/skip-broken\na/xfail-xpass\n" \
		sh -c "grep '^regression ' out | awk '{print \$2}'"
}

atf_test_case no_regression
no_regression_head() {
	atf_set descr "fixes, skips, new and removed cells alone exit 0"
}
no_regression_body() {
	sockspec
	{ rec a/x failed; rec a/y passed; rec a/z passed; } > old.jsonl
	{ rec a/x passed; rec a/y skipped; rec a/w broken; } > new.jsonl
	atf_check -s exit:0 -o match:"^fix +a/x" -o match:"^newly-skipped +a/y" \
		-o match:"^new +a/w .* - -> broken" -o match:"^removed +a/z" \
		"$S" diff old.jsonl new.jsonl
}

atf_test_case ignore_kernel
ignore_kernel_head() {
	atf_set descr "--ignore-kernel compares runs on two kernels cell by cell"
}
ignore_kernel_body() {
	sockspec
	{ rec a/x passed 6.1.0; rec a/y passed 6.1.0; } > old.jsonl
	{ rec a/x passed 6.12.0; rec a/y failed 6.12.0; } > new.jsonl
	# without it, the columns differ: every cell removed and new
	atf_check -s exit:0 -o match:"removed: 2, changed: 0, unchanged: 0" \
		-o match:"new: 2," "$S" diff old.jsonl new.jsonl
	atf_check -s exit:1 -o match:"^regression +a/y  \\[ref x86_64-glibc\\]  passed -> failed" \
		-o match:"^regressions: 1, .* unchanged: 1$" \
		"$S" diff --ignore-kernel old.jsonl new.jsonl
	# folding two kernels of one side into one cell is refused
	{ rec a/x passed 6.1.0; rec a/x passed 6.12.0; } > two.jsonl
	atf_check -s exit:2 -e match:"two.jsonl:2: a/x \\[ref x86_64-glibc\\] again \\(first at two.jsonl:1\\); --ignore-kernel" \
		"$S" diff --ignore-kernel two.jsonl new.jsonl
}

atf_test_case directories
directories_head() {
	atf_set descr "OLD and NEW may be directories of results files, searched recursively"
}
directories_body() {
	sockspec
	mkdir -p old/6.1 new/6.1 new/k2
	{ rec a/x passed; rec a/y passed; } > old/6.1/results-ref.jsonl
	rec a/x passed 6.1.0 cpython > old/results-cpython.jsonl
	{ rec a/x passed; rec a/y passed; } > new/6.1/results-ref.jsonl
	rec a/x failed 6.1.0 cpython > new/k2/results-cpython.jsonl
	echo 'not a results file' > new/notes.txt
	atf_check -s exit:1 -o match:"^regression +a/x  \\[cpython@6.1.0 \\(line 6.1\\) x86_64-glibc\\]" \
		-o match:"unchanged: 2$" "$S" diff old new
	mkdir empty
	atf_check -s exit:2 -e match:"^empty: no results files" "$S" diff empty new
}

atf_test_case bad_input
bad_input_head() {
	atf_set descr "malformed lines, unknown outcomes, duplicates and missing files: FILE:LINE: reason, exit 2"
}
bad_input_body() {
	sockspec
	rec a/x passed > good.jsonl
	{ rec a/x passed; echo '{"case": "a/y", "impl": '; } > trunc.jsonl
	atf_check -s exit:2 -e match:"^trunc.jsonl:2: column [0-9]+: " \
		"$S" diff good.jsonl trunc.jsonl
	rec a/x finished > unknown.jsonl
	atf_check -s exit:2 -e match:'^unknown.jsonl:1: unknown outcome "finished"' \
		"$S" diff unknown.jsonl good.jsonl
	echo '{"impl": "ref", "outcome": "passed"}' > nocase.jsonl
	atf_check -s exit:2 -e match:'^nocase.jsonl:1: "case" missing' \
		"$S" diff good.jsonl nocase.jsonl
	echo '{"case": "a/x", "impl": "ref", "outcome": "passed", "kernel": 6}' > kint.jsonl
	atf_check -s exit:2 -e match:'^kint.jsonl:1: "kernel" is not a string' \
		"$S" diff good.jsonl kint.jsonl
	{ rec a/x passed; rec a/x failed; } > dup.jsonl
	atf_check -s exit:2 -e match:"^dup.jsonl:2: a/x \\[ref@6.1.0 \\(line 6.1\\) x86_64-glibc\\] again \\(first at dup.jsonl:1\\)$" \
		"$S" diff good.jsonl dup.jsonl
	atf_check -s exit:2 -e match:"^missing.jsonl: cannot read results" \
		"$S" diff good.jsonl missing.jsonl
	atf_check -s exit:2 -e match:"usage: sockspec diff" "$S" diff good.jsonl
	atf_check -s exit:2 -e match:"unknown option --bogus" \
		"$S" diff --bogus good.jsonl good.jsonl
}

atf_init_test_cases() {
	atf_add_test_case self
	atf_add_test_case one_regression
	atf_add_test_case categories
	atf_add_test_case no_regression
	atf_add_test_case ignore_kernel
	atf_add_test_case directories
	atf_add_test_case bad_input
}
