#! /usr/bin/env atf-sh
# t_shard.sh — `sockspec run --shard K/N` and `sockspec merge`: the shards
# of a run cover every case exactly once, and merged they equal the full
# run record for record (durations aside); merge refuses inputs that are
# not one run.
# The binary: Kyua variable `sockspec`, else $SOCKSPEC, else build/sockspec.

sockspec() {
	S=$(atf_config_get sockspec "${SOCKSPEC:-$(atf_get_srcdir)/../../build/sockspec}")
	[ -x "$S" ] || atf_fail "no sockspec binary at $S (make conformance)"
}

# rec CASE OUTCOME [IMPL] [VERSION]: one results record
rec() {
	printf '{"case": "%s", "ids": ["x.y"], "impl": "%s", "impl_version": "%s", "kernel": "6.1.0", "arch": "x86_64", "libc": "glibc 2.36", "platform": "x86_64-glibc", "peer": "", "outcome": "%s", "reason": "", "duration": 0.010, "detail": ""}\n' \
		"$1" "${3:-ref}" "${4:-1.0}" "$2"
}

# Durations are the only field two runs of a case may differ in.
no_duration() {
	sed -E 's/"duration": [0-9.]+/"duration": 0/' "$@"
}

atf_test_case shard_args
shard_args_head() {
	atf_set descr "--shard K/N needs two numbers with 1 <= K <= N"
}
shard_args_body() {
	sockspec
	for bad in 0/3 4/3 1/0 2/1; do
		atf_check -s exit:2 -e match:"^sockspec run: --shard $bad: K/N needs 1 <= K <= N$" \
			"$S" run --impl ref --shard "$bad"
	done
	for bad in 3 a/b 1/3x 1/ /3 -1/3 ''; do
		atf_check -s exit:2 -e match:"^sockspec run: --shard $bad: expected K/N" \
			"$S" run --impl ref --shard "$bad"
	done
}

atf_test_case shards_equal_full
shards_equal_full_head() {
	atf_set descr "convert/* in three shards, merged, equals the full run; each case in exactly one shard"
	atf_set require.user root
	atf_set timeout 300
}
shards_equal_full_body() {
	sockspec
	glob='convert/*'
	"$S" list --cases "$glob" | cut -f1 > listed
	n=$(wc -l < listed)
	[ "$n" -ge 6 ] || atf_fail "only $n cases match $glob: too few to shard"
	"$S" run --impl ref --cases "$glob" --results full.jsonl > full.out 2>&1
	[ $? -le 1 ] || atf_fail "full run: $(cat full.out)"
	for k in 1 2 3; do
		"$S" run --impl ref --cases "$glob" --shard $k/3 \
			--results shard$k.jsonl > shard$k.out 2>&1
		[ $? -le 1 ] || atf_fail "shard $k/3: $(cat shard$k.out)"
		# shard k holds listed cases k, k+3, k+6... in list order
		sed 's/^{"case": "\([^"]*\)".*/\1/' shard$k.jsonl > got$k
		awk -v k=$k 'NR % 3 == k % 3' listed > want$k
		atf_check -o empty diff want$k got$k
	done
	cat got1 got2 got3 | sort > union
	sort listed > all
	atf_check -o empty diff all union
	atf_check -o empty sh -c 'sort union | uniq -d'
	atf_check -e match:"^merged $n records from 3 inputs into merged.jsonl" \
		"$S" merge -o merged.jsonl shard3.jsonl shard1.jsonl shard2.jsonl
	no_duration full.jsonl > full.nd
	no_duration merged.jsonl > merged.nd
	atf_check -o empty diff full.nd merged.nd
	# and the merged run diffs clean against the full one
	atf_check -o match:"^no change \\($n cells\\)$" "$S" diff full.jsonl merged.jsonl
}

atf_test_case merge_order
merge_order_head() {
	atf_set descr "merged records come out in a run's order (discovery sorts NAME.case paths)"
}
merge_order_body() {
	sockspec
	{ rec errors/herror passed; rec a/z passed; } > one.jsonl
	{ rec errors/herror-ex passed; rec a/b-c passed; rec a/b passed; } > two.jsonl
	atf_check -e ignore "$S" merge -o out.jsonl one.jsonl two.jsonl
	atf_check -o inline:"a/b-c\na/b\na/z\nerrors/herror-ex\nerrors/herror\n" \
		sh -c "sed 's/^{\"case\": \"\\([^\"]*\\)\".*/\\1/' out.jsonl"
	# records are written back as read, byte for byte
	atf_check -o empty sh -c "sort one.jsonl two.jsonl > in.sorted; sort out.jsonl | diff in.sorted -"
	# OUT - is stdout; a directory of shards is an input too
	mkdir shards && cp one.jsonl two.jsonl shards/
	atf_check -o file:out.jsonl -e ignore "$S" merge -o - shards
}

atf_test_case merge_refuses
merge_refuses_head() {
	atf_set descr "merge refuses conflicting duplicates, mixed columns (unless --mixed), bad lines"
}
merge_refuses_body() {
	sockspec
	{ rec a/x passed; rec a/y passed; } > s1.jsonl
	{ rec a/y failed; } > s2.jsonl
	atf_check -s exit:2 -e match:"^s2.jsonl:1: a/y \\[ref@6.1.0 \\(line 6.1\\) x86_64-glibc\\] is failed here but passed at s1.jsonl:2$" \
		"$S" merge -o out.jsonl s1.jsonl s2.jsonl
	test -e out.jsonl && atf_fail "a refused merge wrote its output"
	# the same outcome twice: kept once, the first read
	rec a/y passed > s3.jsonl
	atf_check -e match:"^merged 2 records from 2 inputs into out.jsonl; 1 cell read twice with one outcome, kept once$" \
		"$S" merge -o out.jsonl s1.jsonl s3.jsonl
	atf_check -o file:s1.jsonl cat out.jsonl
	# two implementations are two columns: not shards of one run
	rec a/x passed cpython 3.11.2 > c.jsonl
	atf_check -s exit:2 -e match:"holds cpython@6.1.0 \\(line 6.1\\) x86_64-glibc, s1.jsonl:1 holds ref@6.1.0 \\(line 6.1\\) x86_64-glibc: shards of one run share a column" \
		"$S" merge -o out.jsonl s1.jsonl c.jsonl
	atf_check -e ignore "$S" merge --mixed -o mixed.jsonl s1.jsonl c.jsonl
	atf_check -o inline:"3\n" grep -c . mixed.jsonl
	atf_check -o match:'^\{"case": "a/x", "ids": \["x.y"\], "impl": "cpython"' head -1 mixed.jsonl
	{ rec a/q passed; echo '[1, 2]'; } > bad.jsonl
	atf_check -s exit:2 -e match:"^bad.jsonl:2: not a JSON object$" \
		"$S" merge -o out.jsonl bad.jsonl
	atf_check -s exit:2 -e match:"usage: sockspec merge" "$S" merge s1.jsonl
	atf_check -s exit:2 -e match:"usage: sockspec merge" "$S" merge -o out.jsonl
}

atf_init_test_cases() {
	atf_add_test_case shard_args
	atf_add_test_case shards_equal_full
	atf_add_test_case merge_order
	atf_add_test_case merge_refuses
}
