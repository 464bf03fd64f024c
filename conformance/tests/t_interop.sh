#! /usr/bin/env atf-sh
# t_interop.sh — interoperability runs: `impl: HOST peer` hosts run the
# --peer implementation (the run's own without --peer), a --peer run
# keeps only the cases with a peer host and records the partner, and
# `isolate: sharednet` puts every host in one network namespace.
# A fake adapter (whoami-adapter.sh) answers whoami() with the implementation the harness
# started it as ($SOCKSPEC_IMPL) and netns() with its network namespace.
# Needs root (namespaces). Through Kyua: kyua test t_interop.sh
# The binary under test: config variable sockspec, else $SOCKSPEC, else
# build/sockspec of this tree.

bin() {
	root=$(cd "$(atf_get_srcdir)/../.." && pwd)
	atf_config_get sockspec "${SOCKSPEC:-$root/build/sockspec}"
}

# cases/i/*.case in the test's work directory
setup() {
	mkdir -p cases/i
	cat > cases/i/pair.case <<'EOF'
id: x.pair
doc: socket.rst:1
needs: host
hosts: a b
impl: b peer

@a whoami() == 'ref'
@b whoami() == 'cpython'
EOF
	cat > cases/i/fixed.case <<'EOF'
id: x.fixed
doc: socket.rst:1
needs: host
hosts: a b
impl: b pypy

@a whoami() == 'ref'
@b whoami() == 'pypy'
EOF
	cat > cases/i/shared.case <<'EOF'
id: x.shared
doc: socket.rst:1
needs: host
hosts: a b
impl: b peer
isolate: sharednet

@a n = netns()
@b netns() == n
EOF
	cat > cases/i/separate.case <<'EOF'
id: x.separate
doc: socket.rst:1
needs: host
hosts: a b
impl: b peer

@a n = netns()
@b netns() != n
EOF
	export SOCKSPEC_CASES_DIR="$PWD/cases"
	# in the source tree: a case's private /tmp hides the work directory
	export SOCKSPEC_ADAPTER_CMD="$(atf_get_srcdir)/whoami-adapter.sh"
	export SOCKSPEC_EXPECTATIONS=/dev/null
}

atf_test_case peer_host
peer_host_head() {
	atf_set descr "--peer B: peer hosts run B, the others the run's impl; records carry peer B"
	atf_set require.user root
}
peer_host_body() {
	setup
	atf_check -s exit:0 -o match:'^3 passed, 0 failed' \
		"$(bin)" run --impl ref --peer cpython --results r.jsonl
	atf_check -o match:'"case": "i/pair".*"impl": "ref".*"peer": "cpython".*"outcome": "passed"' cat r.jsonl
	# only the cases with a peer host: fixed roles belong to the plain run
	atf_check -s exit:1 -o empty grep '"case": "i/fixed"' r.jsonl
	atf_check -o match:'^3$' sh -c 'wc -l < r.jsonl'
}

atf_test_case self_interop
self_interop_head() {
	atf_set descr "without --peer a peer host runs the run's own implementation"
	atf_set require.user root
}
self_interop_body() {
	setup
	atf_check -s exit:1 -o save:out "$(bin)" run --impl ref --results r.jsonl
	atf_check -o match:"^failed  i/pair: 8: @b whoami\(\) == 'cpython': expected 'cpython', got 'ref'" cat out
	atf_check -o match:'"case": "i/fixed".*"peer": "".*"outcome": "passed"' cat r.jsonl
	atf_check -o match:'^3 passed, 1 failed' cat out
}

atf_test_case sharednet
sharednet_head() {
	atf_set descr "isolate: sharednet: one network namespace; otherwise one per host"
	atf_set require.user root
}
sharednet_body() {
	setup
	atf_check -s exit:0 -o match:'^2 passed, 0 failed' \
		"$(bin)" run --impl ref --peer cpython --cases 'i/s*'
}

atf_test_case sharednet_no_links
sharednet_no_links_head() {
	atf_set descr "isolate: sharednet with a link is malformed, FILE:LINE:COL: reason"
}
sharednet_no_links_body() {
	cat > bad.case <<'EOF'
id: x.bad
doc: socket.rst:1
needs: netns
hosts: a b
link: a b
isolate: sharednet

@a x = 1
EOF
	atf_check -s exit:2 -o match:"bad.case:1:1: isolate: sharednet puts every host in one network namespace: no 'link' or 'addr' lines" \
		"$(bin)" check bad.case
}

atf_test_case bad_peer
bad_peer_head() {
	atf_set descr "--peer with an unknown implementation is refused (exit 2)"
}
bad_peer_body() {
	atf_check -s exit:2 -e match:'nope: unknown implementation' \
		"$(bin)" run --impl ref --peer nope
}

atf_init_test_cases() {
	atf_add_test_case peer_host
	atf_add_test_case self_interop
	atf_add_test_case sharednet
	atf_add_test_case sharednet_no_links
	atf_add_test_case bad_peer
}
