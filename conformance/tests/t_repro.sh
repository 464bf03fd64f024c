#! /usr/bin/env atf-sh
# t_repro.sh — `sockspec repro`: the standalone program of a case, run
# with the implementation's interpreter alone, agrees with the harness.
# For a sample of cases per Python implementation (passing ones and known
# deviations), the harness runs the case (`sockspec run --cases`) and the
# reproducer runs under the interpreter: exit 0 where the harness says
# passed (or xpass), exit 1 printing DEVIATES where it says failed, xfail
# or unsupported (the implementation lacks what the case uses: the
# reproducer shows its AttributeError). An implementation not installed here is left out, saying so.
# Also: a case with a peer program has no reproducer (exit 2), and an
# unknown case is refused naming it.
# Needs root (the harness's namespaces). Through Kyua: kyua test t_repro.sh

bin() {
	root=$(cd "$(atf_get_srcdir)/../.." && pwd)
	atf_config_get sockspec "${SOCKSPEC:-$root/build/sockspec}"
}

# IMPL INTERPRETER CASE...: each case's reproducer against the harness
agree() {
	impl=$1 py=$2
	shift 2
	for c in "$@"; do
		f=$(echo "$c" | tr / _)
		"$(bin)" run --impl "$impl" --cases "$c" --jobs 1 \
			--results "$impl.$f.jsonl" > /dev/null 2>&1
		o=$(sed -n 's/.*"outcome": "\([a-z]*\)".*/\1/p' "$impl.$f.jsonl")
		case $o in
		passed|xpass) want=0 ;;
		failed|xfail|unsupported) want=1 ;;
		*) atf_fail "$impl $c: the harness says '$o'" ;;
		esac
		"$(bin)" repro "$c" --impl "$impl" -o "$impl.$f.py" ||
			atf_fail "$impl $c: no reproducer"
		timeout 60 "$py" "$impl.$f.py" > "$impl.$f.out" 2>&1
		rc=$?
		if [ "$rc" != "$want" ]; then
			cat "$impl.$f.out"
			atf_fail "$impl $c: harness $o, reproducer exit $rc"
		fi
		if [ "$want" = 1 ] && ! grep -q '^DEVIATES  line [0-9]*: ' "$impl.$f.out"; then
			cat "$impl.$f.out"
			atf_fail "$impl $c: exit 1 without an expected/observed report"
		fi
		echo "$impl $c: harness $o, reproducer exit $rc"
	done
}

atf_test_case agree
agree_head() {
	atf_set descr "reproducers of sample cases agree with the harness (CPython, PyPy, gevent, eventlet)"
	atf_set require.user root
	atf_set timeout 600
}
agree_body() {
	ran=0
	if [ -x /usr/bin/python3 ]; then
		agree cpython /usr/bin/python3 object/fileno convert/inet-ntop-call-error \
			errors/herror resolve/getfqdn-fallback timeout/bounds \
			object/makefile-file-object example/recvmsg-into \
			example/could-not-open-verbatim
		ran=$((ran + 1))
	fi
	if [ -x /usr/bin/pypy3 ]; then
		agree pypy /usr/bin/pypy3 convert/byteorder-range constants/scm-types object/fileno
		ran=$((ran + 1))
	else
		echo "pypy left out: /usr/bin/pypy3 not installed"
	fi
	if [ -d /usr/lib/python3/dist-packages/gevent ]; then
		agree gevent /usr/bin/python3 object/fileno timeout/settimeout-nan \
			object/sendall-empty object/connect-ex-errno timeout/sendall-whole-call
		ran=$((ran + 1))
	else
		echo "gevent left out: python3-gevent not installed"
	fi
	if [ -d /usr/lib/python3/dist-packages/eventlet ]; then
		agree eventlet /usr/bin/python3 object/connect-ex-zero object/connect-ex-errno \
			resolve/getnameinfo-port resolve/getaddrinfo-keywords \
			timeout/recvmsg-timeout-mode example/server-talks-on-accepted-socket
		ran=$((ran + 1))
	else
		echo "eventlet left out: python3-eventlet not installed"
	fi
	[ "$ran" -gt 0 ] || atf_skip "no Python implementation installed"
}

atf_test_case topology
topology_head() {
	atf_set descr "reproducers of cases of several hosts (a network namespace each, veth links, addresses, a default route) agree with the harness"
	atf_set require.user root
	atf_set timeout 600
}
topology_body() {
	[ -x /usr/bin/python3 ] || atf_skip "needs /usr/bin/python3 (CPython)"
	agree cpython /usr/bin/python3 inet/broadcast-host-string \
		example/echo-ipv4 inet6/flowinfo-scopeid-fields \
		iface/nameindex-veth timeout/connect-bounds
	# nothing of theirs is left on the machine
	[ -z "$(ip netns list | grep '^repro_')" ] ||
		atf_fail "a reproducer left a network namespace: $(ip netns list)"
	if [ -d /usr/lib/python3/dist-packages/gevent ]; then
		agree gevent /usr/bin/python3 inet/broadcast-host-string
	fi
}

atf_test_case refusals
refusals_head() {
	atf_set descr "no reproducer for a case with a peer program, an unknown case or implementation"
}
refusals_body() {
	atf_check -s exit:2 -o empty -e match:"no standalone program: the case uses" \
		"$(bin)" repro can/candump-send-std --impl cpython
	atf_check -s exit:2 -o empty -e match:"no/such: no such case" \
		"$(bin)" repro no/such --impl cpython
	atf_check -s exit:2 -o empty -e match:"exec:/bin/true: no reproducer writer" \
		"$(bin)" repro object/fileno --impl exec:/bin/true
}

atf_init_test_cases() {
	atf_add_test_case agree
	atf_add_test_case topology
	atf_add_test_case refusals
}
