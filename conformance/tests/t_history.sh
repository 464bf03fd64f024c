#! /usr/bin/env atf-sh
# t_history.sh — the history database (conformance/src/history/): results
# files imported as runs, per cell its last outcome, streak, flips and the
# run where it changed with what changed; a file imported twice is one
# run; bad input records nothing; an older schema migrates, a newer one is
# refused; writers side by side lose nothing; a writer killed half way
# leaves the database whole with every earlier run complete.
# The binary: Kyua variable `sockspec`, else $SOCKSPEC, else build/sockspec.

sockspec() {
	S=$(atf_config_get sockspec "${SOCKSPEC:-$(atf_get_srcdir)/../../build/sockspec}")
	[ -x "$S" ] || atf_fail "no sockspec binary at $S (make conformance)"
	"$S" history --check --history /nonexistent/x 2>&1 |
		grep -q 'built without SQLite' &&
		atf_skip "this sockspec is built without SQLite (libsqlite3-dev)"
	export SOCKSPEC_HISTORY="$PWD/h.sqlite"
}

# rec CASE OUTCOME [IMPL] [KERNEL] [VERSION] [DURATION]: one results record
rec() {
	printf '{"case": "%s", "ids": ["x.y"], "impl": "%s", "impl_version": "%s", "kernel": "%s", "arch": "x86_64", "libc": "glibc 2.36", "platform": "x86_64-glibc", "peer": "", "outcome": "%s", "reason": "why %s", "duration": %s, "detail": ""}\n' \
		"$1" "${3:-ref}" "${5:-1.0}" "${4:-6.1.0}" "$2" "$2" "${6:-0.010}"
}

# the line of cell CASE in `sockspec history` output, columns squeezed
cell() {
	"$S" history "$1" | awk -v c="$1" '$1 == c' | tr -s ' '
}

atf_test_case streak_flips
streak_flips_head() {
	atf_set descr "last outcome, streak, flips and the run where it changed"
}
streak_flips_body() {
	sockspec
	for o in passed passed failed failed failed; do
		n=$((${n:-0} + 1))
		# runs differ in their durations, as real ones do (a file
		# whose lines are another's is that run imported again)
		{ rec a/x "$o" ref 6.1.0 1.0 "0.0$n"; rec a/y passed; } > r$n.jsonl
		touch -d "2026-01-0$n 12:00" r$n.jsonl
	done
	atf_check -o match:'^imported 5 runs \(0 already there\)' \
		"$S" history --import r1.jsonl r2.jsonl r3.jsonl r4.jsonl r5.jsonl
	atf_check -o save:all "$S" history
	atf_check -o match:'^2 cells$' cat all
	cell a/x > x
	atf_check -o match:'^a/x ref@6.1.0 x86_64-glibc failed 3 1 0 5 run 3 2026-01-03 12:00Z \(was passed in run 2 2026-01-03|^a/x ref@6.1.0 x86_64-glibc failed 3 1 0 5 run 3 2026-01-03 12:00Z \(was passed in run 2 2026-01-02' cat x
	atf_check -o match:'no recorded change\)$' cat x
	cell a/y > y
	atf_check -o match:'^a/y ref@6.1.0 x86_64-glibc passed 5 0 0 5 run 1 .*\(its first run\)$' cat y
	# a glob, --impl and --kernel select
	atf_check -o match:'^1 cell$' "$S" history 'a/x*'
	atf_check -o match:'^0 cells$' "$S" history --impl cpython
	atf_check -o match:'^2 cells$' "$S" history --kernel '6.1*'
	# --flaky: only what flipped, most flips first
	atf_check -o match:'^a/x ' -o not-match:'^a/y ' "$S" history --flaky
}

atf_test_case what_changed
what_changed_head() {
	atf_set descr "the run where a cell changed names the version that changed"
}
what_changed_body() {
	sockspec
	rec a/x passed ref 6.1.0 1.0 > r1.jsonl
	rec a/x failed ref 6.1.0 2.0 > r2.jsonl
	touch -d '2026-01-01' r1.jsonl
	touch -d '2026-01-02' r2.jsonl
	atf_check -o ignore "$S" history --import r1.jsonl r2.jsonl
	atf_check -o match:'was passed in run 1 .*; ref 1.0 -> 2.0\)$' \
		"$S" history a/x
}

atf_test_case import_twice
import_twice_head() {
	atf_set descr "a results file imported twice is one run; a directory's files are imported"
}
import_twice_body() {
	sockspec
	mkdir d
	{ rec a/x passed; rec a/x failed cpython; } > d/one.jsonl
	rec a/z passed > d/two.jsonl
	atf_check -o match:'^imported 3 runs \(0 already there\)' \
		"$S" history --import d
	atf_check -o match:'^imported 0 runs \(3 already there\)' \
		"$S" history --import d/one.jsonl d/two.jsonl
	atf_check -o match:'^3 runs$' "$S" history --runs
	# one file of two columns is two runs, one per implementation
	atf_check -o match:'^run [0-9]+ .* cpython 1.0@6.1.0 x86_64-glibc  1 results' \
		"$S" history --runs
}

atf_test_case bad_input
bad_input_head() {
	atf_set descr "a malformed line: FILE:LINE: reason, exit 2, nothing recorded"
}
bad_input_body() {
	sockspec
	rec a/x passed > good.jsonl
	atf_check -o ignore "$S" history --import good.jsonl
	{ rec a/y passed; rec a/z passed; echo '{"case": "a/w"'; } > bad.jsonl
	atf_check -s exit:2 -e match:'^sockspec history: .*bad.jsonl:3: column [0-9]+' \
		"$S" history --import bad.jsonl
	{ rec a/y passed; rec a/z bogus; } > bad2.jsonl
	atf_check -s exit:2 -e match:'bad2.jsonl:2: unknown outcome$' \
		"$S" history --import bad2.jsonl
	{ rec a/y passed; rec a/y failed; } > twice.jsonl
	atf_check -s exit:2 -e match:'twice.jsonl:2: case a/y twice in one run$' \
		"$S" history --import twice.jsonl
	# none of them left a run or a result behind
	atf_check -o match:'^1 run$' "$S" history --runs
	atf_check -o match:'^1 cell$' "$S" history
	atf_check -s exit:2 -e match:'nope.jsonl: No such file' \
		"$S" history --import nope.jsonl
	atf_check -s exit:1 -e match:'other.sqlite: no history yet$' \
		"$S" history --history "$PWD/other.sqlite"
	atf_check -s exit:2 -e match:'^usage: sockspec history' \
		"$S" history --runs --flaky
}

atf_test_case migrate
migrate_head() {
	atf_set descr "a schema 1 database migrates to 2 and keeps its runs; a newer one is refused"
	atf_set require.progs sqlite3
}
migrate_body() {
	sockspec
	# schema 1 as the first history/ wrote it (history_db.c step 0)
	sqlite3 old.sqlite <<'SQL'
CREATE TABLE runs (id INTEGER PRIMARY KEY, time REAL NOT NULL,
 impl TEXT NOT NULL, impl_version TEXT NOT NULL, peer TEXT NOT NULL,
 kernel TEXT NOT NULL, platform TEXT NOT NULL, arch TEXT NOT NULL,
 libc TEXT NOT NULL, sockspec TEXT NOT NULL, origin TEXT NOT NULL,
 nresults INTEGER NOT NULL);
CREATE TABLE results (run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
 kase TEXT NOT NULL, case_hash TEXT NOT NULL, outcome TEXT NOT NULL,
 reason TEXT NOT NULL, duration REAL NOT NULL,
 PRIMARY KEY (run, kase)) WITHOUT ROWID;
CREATE INDEX results_by_case ON results (kase, run);
INSERT INTO runs VALUES (1, 1767225600, 'ref', '0.1.0', '', '6.1.0',
 'x86_64-glibc', 'x86_64', 'glibc 2.36', 'v1', 'run', 1);
INSERT INTO results VALUES (1, 'a/old', '', 'passed', '', 0.1);
PRAGMA user_version = 1;
SQL
	export SOCKSPEC_HISTORY="$PWD/old.sqlite"
	atf_check -o match:'^a/old +ref@6.1.0 x86_64-glibc +passed' \
		"$S" history
	atf_check -o inline:'2\n' sqlite3 old.sqlite 'PRAGMA user_version'
	# what schema 2 added works on the migrated database
	rec a/old failed > r.jsonl
	atf_check -o match:'^imported 1 run \(0 already there\)' \
		"$S" history --import r.jsonl
	atf_check -o match:'^imported 0 runs \(1 already there\)' \
		"$S" history --import r.jsonl
	atf_check -o match:'ok$' "$S" history --check
	sqlite3 old.sqlite 'PRAGMA user_version = 99'
	atf_check -s exit:1 -e match:'schema version 99, newer than this sockspec' \
		"$S" history
}

# big FILE N KERNEL: a run of N records
big() {
	i=0
	while [ $i -lt "$2" ]; do
		rec "area/case-$i" passed ref "$3"
		i=$((i + 1))
	done > "$1"
}

atf_test_case writers
writers_head() {
	atf_set descr "six writers at once: every run recorded whole"
	atf_set timeout 300
}
writers_body() {
	sockspec
	for k in 1 2 3 4 5 6; do big w$k.jsonl 400 "6.$k.0"; done
	pids=""
	for k in 1 2 3 4 5 6; do
		"$S" history --import w$k.jsonl > out$k 2>&1 &
		pids="$pids $!"
	done
	for p in $pids; do wait "$p" || atf_fail "a writer failed: $(cat out*)"; done
	atf_check -o match:'^6 runs$' "$S" history --runs
	atf_check -o match:'ok$' "$S" history --check
	atf_check -o match:'^2400 cells$' "$S" history
}

atf_test_case killed_writer
killed_writer_head() {
	atf_set descr "a writer killed half way: the database passes integrity_check and holds every earlier run whole"
	atf_set require.progs sqlite3
	atf_set timeout 300
}
killed_writer_body() {
	sockspec
	rec a/before passed > before.jsonl
	atf_check -o ignore "$S" history --import before.jsonl
	big big.jsonl 20000 6.1.0
	absent=0
	# killed at moments of its transaction: while it holds the write
	# lock (it is inserting, not yet committed), and at times
	k=0
	for at in lock lock lock 0.05 0.3 0.6 1.0; do
		# a run of its own each time (the same lines again would be
		# the same run, passed over)
		k=$((k + 1))
		sed "s/\"kernel\": \"6.1.0\"/\"kernel\": \"6.1.$k\"/" big.jsonl > big$k.jsonl
		"$S" history --import big$k.jsonl > /dev/null 2>&1 &
		pid=$!
		if [ "$at" = lock ]; then
			i=0
			while [ $i -lt 2000 ] && kill -0 "$pid" 2>/dev/null; do
				sqlite3 -cmd '.timeout 0' h.sqlite \
					'BEGIN IMMEDIATE; ROLLBACK;' 2>&1 |
					grep -q locked && break
				i=$((i + 1))
			done
		else
			sleep "$at"
		fi
		kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		atf_check -o inline:'ok\n' sqlite3 h.sqlite 'PRAGMA integrity_check'
		atf_check -o match:'ok$' "$S" history --check
		# the run before is whole; the killed one is all there or absent
		atf_check -o match:'^a/before .* passed' "$S" history a/before
		n=$(sqlite3 h.sqlite "SELECT count(*) FROM runs WHERE kernel = '6.1.$k'")
		r=$(sqlite3 h.sqlite "SELECT count(*) FROM results r JOIN runs u ON r.run = u.id WHERE u.kernel = '6.1.$k'")
		[ "$r" -eq $((n * 20000)) ] || atf_fail "killed at $at: $n runs of 20000 hold $r results"
		[ "$n" -eq 0 ] && absent=$((absent + 1))
		echo "killed at $at: run $k $([ "$n" -eq 0 ] && echo absent || echo whole)"
	done
	# at least one kill fell inside the transaction (else the test
	# proved nothing): its run is not there at all
	[ "$absent" -gt 0 ] || atf_fail "no writer was killed before it committed"
	# and a writer afterwards still records
	rec a/after passed > after.jsonl
	atf_check -o match:'^imported 1 run' "$S" history --import after.jsonl
}

atf_init_test_cases() {
	atf_add_test_case streak_flips
	atf_add_test_case what_changed
	atf_add_test_case import_twice
	atf_add_test_case bad_input
	atf_add_test_case migrate
	atf_add_test_case writers
	atf_add_test_case killed_writer
}
