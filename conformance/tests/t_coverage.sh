#! /usr/bin/env atf-sh
# t_coverage.sh — `sockspec coverage`: rows cited by a case count, windows
# rows do not, --missing lists the rest, an id the catalogue lacks is an
# error naming the case file; and the project's own catalogue has every id
# its cases cite.

sockspec() {
	S=$(atf_config_get sockspec "${SOCKSPEC:-$(atf_get_srcdir)/../../build/sockspec}")
	[ -x "$S" ] || atf_fail "no sockspec binary at $S (make conformance)"
}

fixture() {
	mkdir -p cases/a
	printf '# comment\nid\tarea\tdoc\twhere\na.one\ta\tsocket.rst:1\thost\na.two\ta\tsocket.rst:2\tnetns\nb.win\tb\tsocket.rst:3\twindows\nb.three\tb\tsocket.rst:4\thost\n' > cat.tsv
	printf 'id: a.one b.three\ndoc: socket.rst:1\nneeds: host\n\nx = 1\n' > cases/a/one.case
	export SOCKSPEC_CATALOGUE=$PWD/cat.tsv SOCKSPEC_CASES_DIR=$PWD/cases
}

atf_test_case counts
counts_head() { atf_set descr "cited rows count per area, windows rows are left out"; }
counts_body() {
	sockspec; fixture
	atf_check -o inline:"a            1/2\nb            1/1\ncovered 2/3\n" "$S" coverage
	atf_check -o inline:"a.two\tnetns\n" "$S" coverage --missing
	atf_check -o empty "$S" coverage --missing b
}

atf_test_case unknown_id
unknown_id_head() { atf_set descr "an id no catalogue row has is an error with the file"; }
unknown_id_body() {
	sockspec; fixture
	printf 'id: a.typo\ndoc: socket.rst:1\nneeds: host\n\nx = 1\n' > cases/a/typo.case
	atf_check -s exit:2 -o ignore -e match:"cases/a/typo.case: id a.typo is not in the catalogue" "$S" coverage
}

atf_test_case project_catalogue
project_catalogue_head() { atf_set descr "every id the project's cases cite is in conformance/catalogue.tsv"; }
project_catalogue_body() {
	sockspec
	atf_check -o save:out "$S" coverage
	n=$(sed -n 's/^covered \([0-9]*\)\/.*/\1/p' out)
	[ "${n:-0}" -ge 296 ] || atf_fail "covered $n, expected at least 296"
}

atf_init_test_cases() {
	atf_add_test_case counts
	atf_add_test_case unknown_id
	atf_add_test_case project_catalogue
}
