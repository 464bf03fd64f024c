#! /usr/bin/env atf-sh
# t_layers.sh — the harness's folders keep the one-way arrows of
# conformance/README.md "Architecture" (scripts/layers.sh reads the
# objects' symbols), other folders are reached only through their face
# header, and the check itself fails on a wrong arrow and on a circle.

top() { T=$(cd "$(atf_get_srcdir)/../.." && pwd); }

# a tiny tree of objects: FOLDER/NAME.c files given as NAME=BODY
objects() {
	for spec in "$@"; do
		f=${spec%%=*}
		mkdir -p "src/$(dirname "$f")" "obj/$(dirname "$f")"
		printf '%s\n' "${spec#*=}" > "src/$f.c"
		cc -c "src/$f.c" -o "obj/$f.o" || atf_fail "cc $f.c"
	done
}

# layers.sh on the tiny tree must refuse it, saying so
refused() {
	atf_check -s exit:1 -o match:"$1" "$T/scripts/layers.sh" obj src
}

atf_test_case project
project_head() { atf_set descr "build/conf: every arrow between folders is one the architecture has; no circle of files in a folder"; }
project_body() {
	top
	[ -f "$T/build/conf/main.o" ] || atf_fail "no objects in $T/build/conf (make conformance)"
	atf_check -o match:"^layers: .* all one way$" \
		"$T/scripts/layers.sh" "$T/build/conf" "$T/conformance/src"
}

atf_test_case faces
faces_head() { atf_set descr "a file includes another folder only through its face header (FOLDER/FOLDER.h)"; }
faces_body() {
	top
	cd "$T/conformance/src" || atf_fail "no conformance/src"
	grep -rn '#include "[a-z]*/' --include='*.c' --include='*.h' . |
		grep -v '#include "\([a-z]*\)/\1\.h"' > "$OLDPWD/stray" || true
	cd "$OLDPWD"
	atf_check -o empty cat stray
}

atf_test_case wrong_arrow
wrong_arrow_head() { atf_set descr "report/ calling into run/ is refused, naming both files"; }
wrong_arrow_body() {
	top
	objects 'run/x=int run_x(void) { return 1; }' \
		'report/r=int run_x(void); int rep(void) { return run_x(); }' \
		'main=int rep(void); int main(void) { return rep(); }'
	refused "report/r calls into run/x: report/ -> run/ is not an arrow"
}

atf_test_case file_circle
file_circle_head() { atf_set descr "two files of one folder calling each other are a circle"; }
file_circle_body() {
	top
	objects 'lang/a=int b(int); int a(int n) { return n ? b(n - 1) : 0; }' \
		'lang/b=int a(int); int b(int n) { return n ? a(n - 1) : 1; }'
	refused "files of lang/ call each other in a circle"
}

atf_test_case allowed
allowed_head() { atf_set descr "an arrow the architecture has passes"; }
allowed_body() {
	top
	objects 'base/p=int p(void) { return 2; }' \
		'lang/q=int p(void); int q(void) { return p(); }'
	atf_check -o match:"all one way" "$T/scripts/layers.sh" obj src
}

atf_init_test_cases() {
	atf_add_test_case project
	atf_add_test_case faces
	atf_add_test_case wrong_arrow
	atf_add_test_case file_circle
	atf_add_test_case allowed
}
