#! /usr/bin/env atf-sh
# t_mutate.sh — the mutation runner's parts (scripts/mutate): each operator
# makes the edit it names on a small C sample and nothing inside comments,
# strings or preprocessor lines; a mutant that does not compile is
# build-failed; the harness options it relies on (--case-list, --order,
# --fail-fast, SOCKSPEC_REF_ADAPTER) do what they say; the unit stage runs
# an atf-c test case as Kyua would; the report's suite and mutation lines.

top() { T=$(cd "$(atf_get_srcdir)/../.." && pwd); }

sample() {
	mkdir src
	cat > src/sample.c <<'C'
#include <unistd.h>
/* a comment with a < b and close(fd); */
static const char *msg = "x < y";
int check(sr_sock *s, int fd, size_t len, sr_err *err)
{
	if (len > 108)
		return sr__error(err, SR_ERR_VALUEERROR, 0, "too long");
	if (fd == -1) {
		close(fd);
		return sr__oserror(err, EBADF);
	}
	if (s->timeout < 0)
		return 1;
	return sizeof msg;
}
C
}

atf_test_case operators
operators_head() {
	atf_set descr "every operator's edit on a sample; none in comments or literals"
}
operators_body() {
	top; sample
	python3 "$T/scripts/mutate/mutants.py" src > got || atf_fail "generator failed"
	for want in \
		"sample.c:6:cmp-relax:0	>	>=" \
		"sample.c:6:bound:0	108	107" \
		"sample.c:6:bound:1	108	109" \
		"sample.c:6:drop-check:0	(len > 108)	(0 && (len > 108))" \
		"sample.c:7:errkind:0	SR_ERR_VALUEERROR	SR_ERR_TYPEERROR" \
		"sample.c:8:cmp-negate:0	==	!=" \
		"sample.c:9:skip-close:0	close(fd)	(void)(fd)" \
		"sample.c:10:errno:0	EBADF	EINVAL" \
		"sample.c:12:mode:0	s->timeout	(-1.0)" \
		"sample.c:12:mode:1	s->timeout	(0.0)"; do
		grep -qxF "$want" got || atf_fail "missing mutant: $want"
	done
	# the comment (line 2), the string (3) and #include (1) are not touched
	if grep -E '^sample.c:(1|2|3):' got; then
		atf_fail "a mutant inside a comment, literal or preprocessor line"
	fi
}

atf_test_case build_failed
build_failed_head() {
	atf_set descr "a mutant that does not compile is build-failed, an unchanged object equivalent"
}
build_failed_body() {
	top
	[ -f "$T/build/conf/lang/value.o" ] || atf_skip "needs make: build/conf/lang/value.o missing"
	cat > probe.py <<PY
import sys
sys.path.insert(0, '$T/scripts/mutate')
import build, mutants
b = build.Builder('$T', 'out')
b.prepare()
m = mutants.generate('$T/ref/src')[0]
m.mutated = m.mutated + '\nint broken(void) { return undeclared_name; }\n'
print(b.build(m, 'out/w')[0])
m2 = mutants.generate('$T/ref/src')[0]
m2.mutated = m2.mutated.replace(m2.repl, m2.original, 1) + '\n/* same code */\n'
print(b.build(m2, 'out/w2')[0])
PY
	atf_check -o inline:"build-failed\nequivalent\n" python3 probe.py
}

atf_test_case harness_options
harness_options_head() {
	atf_set descr "sockspec run --case-list, --order, --fail-fast, SOCKSPEC_REF_ADAPTER"
	atf_set require.user root
}
harness_options_body() {
	top
	S=$T/build/sockspec
	[ -x "$S" ] || atf_fail "no $S (make conformance)"
	cd "$T"
	printf 'convert/byteorder\nconvert/byteorder-range\n' > "$OLDPWD/list"
	atf_check -o ignore -e ignore "$S" run --impl ref \
		--case-list "$OLDPWD/list" --results "$OLDPWD/r.jsonl"
	atf_check -o inline:"convert/byteorder\nconvert/byteorder-range\n" \
		sh -c "sed -E 's/^\\{\"case\": \"([^\"]*)\".*/\\1/' '$OLDPWD/r.jsonl'"
	printf 'no/such-case\n' > "$OLDPWD/bad"
	atf_check -s exit:2 -e match:"bad:1: no case no/such-case here" \
		"$S" run --impl ref --case-list "$OLDPWD/bad"
	# an adapter that cannot start: the first case ordered breaks, the
	# run stops there and every other case is a skip naming it
	printf 'convert/byteorder-range\n' > "$OLDPWD/order"
	SOCKSPEC_REF_ADAPTER=/bin/false atf_check -s exit:1 -o ignore -e ignore \
		"$S" run --impl ref --fail-fast --jobs 1 --order "$OLDPWD/order" \
		--cases 'convert/*' --results "$OLDPWD/ff.jsonl"
	atf_check -o match:'"case": "convert/byteorder-range".*"outcome": "broken"' \
		head -n 1 "$OLDPWD/ff.jsonl"
	n=$(grep -c 'not run: --fail-fast stopped at convert/byteorder-range' "$OLDPWD/ff.jsonl")
	all=$(wc -l < "$OLDPWD/ff.jsonl")
	[ "$n" -eq $((all - 1)) ] || atf_fail "$n of $((all - 1)) cases marked not run"
	cd "$OLDPWD"
}

atf_test_case unit_stage
unit_stage_head() {
	atf_set descr "a unit test case run as Kyua runs it: passed, failed, a crash broken; link flags from the source"
}
unit_stage_body() {
	top
	cat > t_probe.c <<'C'
/* link: -Wl,--defsym=probe_marker=0 */
#include <atf-c.h>
#include <signal.h>
ATF_TC_WITHOUT_HEAD(good);
ATF_TC_BODY(good, tc) { (void)tc; }
ATF_TC_WITHOUT_HEAD(bad);
ATF_TC_BODY(bad, tc) { (void)tc; atf_tc_fail("wrong answer"); }
ATF_TC_WITHOUT_HEAD(crash);
ATF_TC_BODY(crash, tc) { (void)tc; raise(SIGSEGV); }
ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, good);
	ATF_TP_ADD_TC(tp, bad);
	ATF_TP_ADD_TC(tp, crash);
	return atf_no_error();
}
C
	cc t_probe.c -latf-c -o t_probe || atf_fail "cannot build the probe"
	cat > probe.py <<PY
import sys
sys.path.insert(0, '$T/scripts/mutate')
import unit
for case in ('good', 'bad', 'crash'):
    print(case, unit.run_case('./t_probe', case)[0])
print(unit.link_flags('t_probe.c'))
print(unit.is_unit('unit-asan:t_alloc:walk'), unit.is_unit('resolve/getfqdn'))
PY
	atf_check -o inline:"good passed\nbad failed\ncrash broken\n['-Wl,--defsym=probe_marker=0']\nTrue False\n" python3 probe.py
}

atf_test_case report_lines
report_lines_head() {
	atf_set descr "suite and mutation lines: a unit test's kill is a suite survivor; C-only mutants leave the suite's count; a C-only mutant the suite kills is reported"
}
report_lines_body() {
	top
	mkdir -p conformance
	printf 'a.c:1:bound:0\tequivalent: the same result\n' > conformance/mutation-equivalent.tsv
	printf 'a.c:4:bound:0\tonly a NULL pointer reaches it\nFUNCTION:a.c:fmt\tC-only helper\na.c:6:bound:0\twrongly listed\n' > conformance/mutation-c-only.tsv
	cat > probe.py <<PY
import sys
sys.path.insert(0, '$T/scripts/mutate')
import report
class M:
    def __init__(s, i, f='f'):
        s.id, s.function, s.file, s.line, s.op = i, f, 'a.c', 1, 'bound'
        s.where, s.original, s.repl, s.diff = 'host', '<', '<=', ''
rows = {'a.c:1:bound:0': ('survived', ''), 'a.c:2:bound:0': ('killed', 'x/y'),
        'a.c:3:bound:0': ('killed', 'unit:t_a:c'),
        'a.c:4:bound:0': ('killed', 'unit:t_a:n'),
        'a.c:5:bound:0': ('survived', ''), 'a.c:6:bound:0': ('killed', 'x/z')}
ms = [M(i) for i in sorted(rows)] + [M('a.c:7:bound:0', 'fmt')]
rows['a.c:7:bound:0'] = ('survived', '')
class St:
    def get(s, key):
        st, k = rows[key]
        return {'status': st, 'killer': k, 'seconds': '1', 'detail': ''}
for m in ms:
    m.key = m.id
import os
os.makedirs('out', exist_ok=True)
report.write('.', 'out', ms, St())
PY
	atf_check -o inline:"suite: 2 killed, 2 survived, 1 equivalent, score 50.0%\nmutation: 4 killed, 2 survived, 1 equivalent, score 66.7%\n" \
		-e match:"a.c:6:bound:0 is listed in conformance/mutation-c-only.tsv, yet a conformance case killed it" \
		python3 probe.py
	atf_check -o match:"Argued equivalent or unreachable.*: 1 of 7 mutants" \
		grep 'Argued equivalent or unreachable' conformance/MUTATION.md
	printf 'a.c:1:bound:0\tmaybe the same\n' > conformance/mutation-equivalent.tsv
	atf_check -s not-exit:0 -e match:"a reason starts with equivalent: or unreachable:" python3 probe.py
}

atf_init_test_cases() {
	atf_add_test_case operators
	atf_add_test_case build_failed
	atf_add_test_case harness_options
	atf_add_test_case unit_stage
	atf_add_test_case report_lines
}
