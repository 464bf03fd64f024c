#! /usr/bin/env atf-sh
# t_kcidb.sh — `sockspec kcidb`: the KCIDB v5.3 document of the committed
# host baselines and of made-up records (a Debian guest kernel, arm64, an
# xfail of each kind, an xpass, a case name KCIDB's paths cannot hold),
# each held by kcidb_check.py to the schema's constraints and to its
# records; bad input (a malformed line, one cell twice, a bad origin, what
# no KCIDB document can hold) is FILE:LINE: reason, status 2 and no
# document at all; and kcidb_check.py itself faults documents the schema
# refuses.
# The binary: Kyua variable `sockspec`, else $SOCKSPEC, else build/sockspec.

sockspec() {
	S=$(atf_config_get sockspec "${SOCKSPEC:-$(atf_get_srcdir)/../../build/sockspec}")
	[ -x "$S" ] || atf_fail "no sockspec binary at $S (make conformance)"
	CHECK=$(atf_get_srcdir)/kcidb_check.py
	BASE=$(atf_get_srcdir)/../../fixtures/baselines
}

# rec CASE OUTCOME [IMPL] [KERNEL] [ARCH] [UNAME_V]: one results record
rec() {
	printf '{"case": "%s", "ids": ["x.y"], "impl": "%s", "impl_version": "1.0", "kernel": "%s", "kernel_version": "%s", "arch": "%s", "libc": "glibc 2.36", "platform": "%s-glibc", "peer": "", "outcome": "%s", "reason": "why %s", "duration": 0.125, "detail": "d"}\n' \
		"$1" "${3:-ref}" "${4:-6.1.0-56-amd64}" \
		"${6:-#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)}" \
		"${5:-x86_64}" "${5:-x86_64}" "$2" "$2"
}

# expectations of the made-up cases: one ref entry, one for everyone
expectations() {
	mkdir x
	printf 'a/xf\tfailed\tref deviates here (socket.rst:1)\n' > x/ref.tsv
	printf 'a/xb\tbroken\tevery implementation hangs (socket.rst:2)\n' > x/all.tsv
	# two entries for one case told apart by the version (impl_version)
	printf 'a/xv\tfailed version<2\tbefore 2 (socket.rst:3)\na/xv\tfailed version>=2\tfrom 2 on (socket.rst:3)\n' >> x/ref.tsv
	export SOCKSPEC_EXPECTATIONS=$PWD/x
}

atf_test_case baselines
baselines_head() {
	atf_set descr "the host baselines of every implementation: one document that meets the constraints"
}
baselines_body() {
	sockspec
	atf_check -o save:doc.json "$S" kcidb --origin sockspec_ci \
		"$BASE"/host-*.jsonl
	atf_check -o match:'^kcidb: [0-9]+ tests, [0-9]+ builds, [0-9]+ checkouts, [0-9]+ issues, [0-9]+ incidents ok$' \
		python3 "$CHECK" doc.json sockspec_ci "$BASE"/host-*.jsonl
	# (kcidb_check.py holds the builds and checkouts to the records' kernels)
	# the socket.rst lines of a case come from its doc: header
	atf_check -o match:'"socket.rst:710"' cat doc.json
}

atf_test_case kernels_and_expectations
kernels_and_expectations_head() {
	atf_set descr "a Debian guest and an arm64 kernel, xfail (failed and broken), xpass, a shared issue, an odd case name"
}
kernels_and_expectations_body() {
	sockspec
	expectations
	{
		rec a/pass passed; rec a/fail failed; rec a/skip skipped
		rec a/broken broken; rec a/xf xfail; rec a/xb xfail
		rec a/xb xfail cpython; rec a/xv xfail
		rec a/xf xpass ref 6.12.117+deb12-arm64 aarch64 \
			'#1 SMP Debian 6.12.117-1 (2026-10-01)'
		rec odd/a_b.c passed ref 6.18.44 x86_64 '#1 SMP'
	} > r.jsonl
	atf_check -o save:doc.json "$S" kcidb --origin lab r.jsonl
	atf_check -o match:'^kcidb: 10 tests, 3 builds, 3 checkouts, 3 issues, 5 incidents ok$' \
		python3 "$CHECK" doc.json lab r.jsonl
	python3 - doc.json <<'PY' || atf_fail "document content"
import json, sys
d = json.load(open(sys.argv[1]))
t = {x["misc"]["case"] + "@" + x["misc"]["implementation"] + "@" + x["build_id"].split(":")[2]: x for x in d["tests"]}
assert t["a/xf@ref@6.1.0-56-amd64"]["status"] == "FAIL"
assert t["a/xb@ref@6.1.0-56-amd64"]["status"] == "ERROR"
assert t["a/xf@ref@6.12.117+deb12-arm64"]["status"] == "PASS"
assert t["odd/a_b.c@ref@6.18.44"]["path"] == "sockspec.odd.a_5fb_2ec"
b = {x["misc"]["kernel_release"]: x for x in d["builds"]}
assert b["6.1.0-56-amd64"]["misc"]["debian_version"] == "6.1.192-2"
assert b["6.1.0-56-amd64"]["config_name"] == "debian-amd64"
assert b["6.12.117+deb12-arm64"]["architecture"] == "aarch64"
assert "debian_version" not in b["6.18.44"]["misc"]
i = {x["misc"]["case"]: x for x in d["issues"]}
assert i["a/xb"]["comment"] == "every implementation hangs (socket.rst:2)"
assert i["a/xb"]["culprit"] == {"code": True, "tool": False, "harness": False}
# the xb entry covers ref and cpython: one issue, two incidents
n = [x for x in d["incidents"] if x["issue_id"] == i["a/xb"]["id"]]
assert len(n) == 2 and all(x["present"] for x in n), n
# the entry whose version bound holds for impl_version 1.0, alone
assert i["a/xv"]["comment"] == "before 2 (socket.rst:3)"
assert i["a/xv"]["id"] == "lab:expectation:ref.tsv:a/xv:version<2", i["a/xv"]["id"]
PY
}

atf_test_case stdout_equals_file
stdout_equals_file_head() {
	atf_set descr "-o FILE writes what stdout would have, and nothing else beside it"
}
stdout_equals_file_body() {
	sockspec
	rec a/pass passed > r.jsonl
	atf_check -o save:stdout.json "$S" kcidb --origin lab r.jsonl
	atf_check "$S" kcidb --origin lab -o file.json r.jsonl
	atf_check cmp stdout.json file.json
	[ "$(ls | grep -c tmp)" -eq 0 ] || atf_fail "a temporary file left: $(ls)"
}

atf_test_case malformed
malformed_head() {
	atf_set descr "a malformed line: FILE:LINE: reason, status 2, no document on stdout or at -o FILE"
}
malformed_body() {
	sockspec
	{ rec a/one passed; rec a/two failed; echo '{"case": "a/three", "impl": "ref"'
	  rec a/four passed; printf '{"case": "a/five", "impl": "ref", "outcome": "passed", "kernel": "6.1", "arch": "x86_64", "duration": "slow"}\n'
	} > bad.jsonl
	atf_check -s exit:2 -o empty \
		-e match:'^bad.jsonl:3: column [0-9]+: ' \
		-e match:'^bad.jsonl:5: "duration" is not a number$' \
		"$S" kcidb --origin lab bad.jsonl
	atf_check -s exit:2 -o empty -e match:'^bad.jsonl:3: ' \
		"$S" kcidb --origin lab -o out.json bad.jsonl
	[ ! -e out.json ] || atf_fail "a partial document was written"
	printf '{"case": "a/x", "impl": "ref", "outcome": "passed", "kernel": "6.1"}\n' > noarch.jsonl
	atf_check -s exit:2 -o empty \
		-e match:'^noarch.jsonl:1: "arch" missing or not a non-empty string$' \
		"$S" kcidb --origin lab noarch.jsonl
}

atf_test_case not_kcidb_text
not_kcidb_text_head() {
	atf_set descr "what no KCIDB document can hold (a case name with an empty part, a string not UTF-8 or with a NUL, a duration of 1e400): FILE:LINE: reason, status 2, nothing written"
}
not_kcidb_text_body() {
	sockspec
	# each made from a good record, one member changed
	rec a/one passed > good.jsonl
	sed 's|"a/one"|"a//one"|' good.jsonl > empty_part.jsonl
	sed 's|"a/one"|"a/one/"|' good.jsonl > trailing_part.jsonl
	sed 's|"detail": "d"|"detail": "d\\u0000e"|' good.jsonl > nul.jsonl
	hi=$(printf '\377')
	LC_ALL=C sed "s|\"detail\": \"d\"|\"detail\": \"d${hi}e\"|" good.jsonl > latin1.jsonl
	sed 's|"duration": 0.125|"duration": 1e400|' good.jsonl > huge.jsonl
	for f in empty_part trailing_part nul latin1 huge; do
		cmp -s good.jsonl $f.jsonl && atf_fail "$f.jsonl is the good record"
	done
	atf_check -s exit:2 -o empty \
		-e match:"^empty_part.jsonl:1: case \"a//one\" has an empty '/'-part" \
		"$S" kcidb --origin lab -o out.json empty_part.jsonl
	atf_check -s exit:2 -o empty -e match:"^trailing_part.jsonl:1: case \"a/one/\" has an empty" \
		"$S" kcidb --origin lab trailing_part.jsonl
	atf_check -s exit:2 -o empty -e match:'^nul.jsonl:1: "detail" is not UTF-8 text without NUL' \
		"$S" kcidb --origin lab nul.jsonl
	atf_check -s exit:2 -o empty -e match:'^latin1.jsonl:1: "detail" is not UTF-8 text without NUL' \
		"$S" kcidb --origin lab latin1.jsonl
	atf_check -s exit:2 -o empty -e match:'^huge.jsonl:1: "duration" is not a finite number$' \
		"$S" kcidb --origin lab huge.jsonl
	[ ! -e out.json ] || atf_fail "a document was written"
	# the good record itself is taken
	atf_check -o save:doc.json "$S" kcidb --origin lab good.jsonl
	atf_check -o match:' ok$' python3 "$CHECK" doc.json lab good.jsonl
}

atf_test_case checker_faults
checker_faults_head() {
	atf_set descr "kcidb_check.py faults what KCIDB's schema refuses: a wrong kind of value, an unknown nested property, a bad date-time or URI, text not UTF-8, a number out of range"
}
checker_faults_body() {
	sockspec
	rec a/one passed > r.jsonl
	atf_check -o save:doc.json "$S" kcidb --origin lab r.jsonl
	# one change each to doc.json, made in one python (a start is slow on
	# a loaded machine): NAME.json
	python3 - <<'PY' || atf_fail "the mutants"
import json
changes = {
    "duration_text": lambda d: d["tests"][0].update(duration="slow"),
    "duration_bool": lambda d: d["tests"][0].update(duration=True),
    "start_time": lambda d: d["tests"][0].update(start_time="2026-13-01T00:00:00Z"),
    "log_url": lambda d: d["builds"][0].update(log_url="no scheme"),
    "culprit": lambda d: d.update(issues=[{"id": "lab:i", "origin": "lab", "version": 1,
                                           "comment": "c",
                                           "culprit": {"code": True, "blame": "x"}}]),
    "valid": lambda d: d["checkouts"][0].update(valid="yes"),
    "repo": lambda d: d["checkouts"][0].update(git_repository_url="git://example.org/l.git"),
}
for name, change in changes.items():
    d = json.load(open("doc.json"))
    change(d)
    json.dump(d, open(name + ".json", "w"))
PY
	atf_check -s exit:1 -o match:'^tests\[0\]\.duration: not a number$' \
		python3 "$CHECK" duration_text.json lab r.jsonl
	atf_check -s exit:1 -o match:'^tests\[0\]\.duration: not a number$' \
		python3 "$CHECK" duration_bool.json lab r.jsonl
	atf_check -s exit:1 -o match:'^tests\[0\]\.start_time: .* not of the form of a time$' \
		python3 "$CHECK" start_time.json lab r.jsonl
	atf_check -s exit:1 -o match:'^builds\[0\]\.log_url: .* not of the form of a uri$' \
		python3 "$CHECK" log_url.json lab r.jsonl
	atf_check -s exit:1 -o match:"^issues\\[0\\]\\.culprit: 'blame' is no property of it$" \
		python3 "$CHECK" culprit.json lab r.jsonl
	atf_check -s exit:1 -o match:'^checkouts\[0\]\.valid: not true or false$' \
		python3 "$CHECK" valid.json lab r.jsonl
	atf_check -s exit:1 -o match:'^checkouts\[0\]\.git_repository_url: .* not of the form of a https$' \
		python3 "$CHECK" repo.json lab r.jsonl
	# the bytes themselves: not UTF-8, a number no double holds
	hi=$(printf '\377')
	LC_ALL=C sed "s|\"d\"|\"d${hi}\"|" doc.json > latin1.json
	sed 's|: 0.125|: 1e400|' doc.json > huge.json
	cmp -s doc.json latin1.json && atf_fail "latin1.json is doc.json"
	cmp -s doc.json huge.json && atf_fail "huge.json is doc.json"
	atf_check -s exit:1 -o match:'^not UTF-8 text at byte [0-9]+' \
		python3 "$CHECK" latin1.json lab r.jsonl
	atf_check -s exit:1 -o match:"^number 1e400 is out of a double's range$" \
		python3 "$CHECK" huge.json lab r.jsonl
}

atf_test_case duplicate_cell
duplicate_cell_head() {
	atf_set descr "two records for one test: both lines named, status 2, nothing written"
}
duplicate_cell_body() {
	sockspec
	{ rec a/one passed; rec a/two passed; rec a/one failed; } > dup.jsonl
	atf_check -s exit:2 -o empty \
		-e match:'^dup.jsonl:3: a second result for a/one .*; the first is dup.jsonl:1$' \
		"$S" kcidb --origin lab -o out.json dup.jsonl
	[ ! -e out.json ] || atf_fail "a document was written"
}

atf_test_case origin
origin_head() {
	atf_set descr "the origin must match [a-z0-9_]+; --origin is required"
}
origin_body() {
	sockspec
	rec a/one passed > r.jsonl
	atf_check -s exit:2 -o empty -e match:'origin "My-Lab": KCIDB takes \[a-z0-9_\]\+' \
		"$S" kcidb --origin My-Lab r.jsonl
	atf_check -s exit:2 -o empty -e match:'^usage: sockspec kcidb' "$S" kcidb r.jsonl
}

atf_init_test_cases() {
	atf_add_test_case baselines
	atf_add_test_case kernels_and_expectations
	atf_add_test_case stdout_equals_file
	atf_add_test_case malformed
	atf_add_test_case not_kcidb_text
	atf_add_test_case checker_faults
	atf_add_test_case duplicate_cell
	atf_add_test_case origin
}
