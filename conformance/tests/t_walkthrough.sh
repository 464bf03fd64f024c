#! /usr/bin/env atf-sh
# t_walkthrough.sh — conformance/README.md "Write an adapter" holds: its
# annotated transcript is what a run of that case with libsockref's
# adapter writes to SOCKSPEC_WIRE_LOG, line for line, and its minimal
# adapter, cut from the README as it stands, passes that case and most
# object cases with CPython's socket module (exec: with arguments).
# Needs root (namespaces). Through Kyua: kyua test t_walkthrough.sh

bin() {
	root=$(cd "$(atf_get_srcdir)/../.." && pwd)
	atf_config_get sockspec "${SOCKSPEC:-$root/build/sockspec}"
}
readme() { echo "$(atf_get_srcdir)/../README.md"; }

# the fenced block after the marker line $1 of the README, without fences
block() {
	awk -v m="$1" '
		index($0, m) == 1 { on = 1; next }
		on && /^```/ { if (in_) exit; in_ = 1; next }
		on && in_ { print }' "$(readme)"
}

# a directory below the project (a case's /tmp is its own tmpfs), gone
# at the end
scratch() {
	root=$(cd "$(atf_get_srcdir)/../.." && pwd)
	mkdir -p "$root/build"
	d=$(mktemp -d "$root/build/t_walkthrough.XXXXXX")
	echo "$d" > scratch.path
	echo "$d"
}
cleanup_scratch() { [ -f scratch.path ] && rm -rf "$(cat scratch.path)"; true; }

atf_test_case transcript cleanup
transcript_head() {
	atf_set descr "the README's transcript is a real run's, line for line"
	atf_set require.user root
}
transcript_body() {
	block '<!-- transcript: object/accept-requires-listen ref -->' > want
	[ -s want ] || atf_fail "no transcript block in the README"
	d=$(scratch)
	SOCKSPEC_WIRE_LOG=$d atf_check -s exit:0 -o ignore \
		"$(bin)" run --impl ref --cases object/accept-requires-listen
	atf_check -o file:want cat "$d/object_accept-requires-listen.h.wire"
}
transcript_cleanup() { cleanup_scratch; }

atf_test_case minimal_adapter cleanup
minimal_adapter_head() {
	atf_set descr "the README's minimal adapter passes the walkthrough case and most object cases"
	atf_set require.user root
	atf_set timeout 300
}
minimal_adapter_body() {
	[ -x /usr/bin/python3 ] || atf_skip "/usr/bin/python3 not installed"
	d=$(scratch)
	block '<!-- adapter: miniadapter.py -->' > "$d/miniadapter.py"
	[ -s "$d/miniadapter.py" ] || atf_fail "no adapter block in the README"
	atf_check -s exit:0 -o match:'^1 passed, 0 failed' \
		"$(bin)" run --impl "exec:/usr/bin/python3 $d/miniadapter.py" \
		--cases object/accept-requires-listen
	"$(bin)" run --impl "exec:/usr/bin/python3 $d/miniadapter.py" \
		--cases 'object/*' > out 2>&1
	passed=$(sed -n 's/^\([0-9]*\) passed, .*/\1/p' out)
	total=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped, \([0-9]*\) xfail, \([0-9]*\) xpass, \([0-9]*\) broken.*/\1 \2 \3 \4 \5 \6/p' out |
		awk '{ print $1 + $2 + $3 + $4 + $5 + $6 }')
	echo "minimal adapter: $passed of $total object cases pass"
	[ -n "$passed" ] && [ "$passed" -ge $((total / 2)) ] ||
		atf_fail "only $passed of $total object cases pass (the README says about two thirds)"
	# its results carry its hello's name as the expectations' family
	atf_check -s exit:0 -o ignore "$(bin)" run --impl \
		"exec:/usr/bin/python3 $d/miniadapter.py" \
		--cases object/accept-requires-listen --results r.jsonl
	atf_check -o match:'"impl": "exec:/usr/bin/python3 ' cat r.jsonl
}
minimal_adapter_cleanup() { cleanup_scratch; }

atf_init_test_cases() {
	atf_add_test_case transcript
	atf_add_test_case minimal_adapter
}
