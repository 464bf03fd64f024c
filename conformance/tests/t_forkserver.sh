#! /usr/bin/env atf-sh
# t_forkserver.sh — the fork-server adapters (conformance/src/run/forkserver.c,
# the end of adapters/pyadapter.py) against Debian's CPython: a run with
# them and one with SOCKSPEC_FORKSERVER=0 have the same outcomes over
# cases that use what a fork has to get right (two hosts' network
# namespaces, the case's mount namespace and fixtures, its UTS namespace,
# `isolate: nocap`, `isolate: fresh`), a fork that crashes or hangs is
# broken for its case alone, a server that dies says how (server_dies),
# and kill -9 of a run leaves no process and
# no namespace. Needs root (namespaces) and /usr/bin/python3.
# The binary under test: config variable sockspec, else $SOCKSPEC, else
# build/sockspec of this tree.

bin() {
	root=$(cd "$(atf_get_srcdir)/../.." && pwd)
	atf_config_get sockspec "${SOCKSPEC:-$root/build/sockspec}"
}

# the interpreter under a name of this test's own (cases/py3), so the
# processes of this run are told apart from any other Python on the
# machine; below the cases directory, which the harness keeps visible in
# a case's private /tmp
setup() {
	[ -x /usr/bin/python3 ] || atf_skip "needs /usr/bin/python3"
	mkdir -p cases/fs cases/fskill
	ln -s /usr/bin/python3 cases/py3
	export SOCKSPEC_CASES_DIR="$PWD/cases" SOCKSPEC_CPYTHON="$PWD/cases/py3"
	cat > cases/fs/plain.case <<'EOF'
id: x.plain
doc: socket.rst:1
needs: host

htons(1) == 256
n = fd_count()
s = socket(AF_INET, SOCK_DGRAM)
s.bind(('127.0.0.1', 0))
s.getsockname()[0] == '127.0.0.1'
getdefaulttimeout() == None
fd_count() > n
s.close()
fd_count() == n
EOF
	# a fork holds stdin, stdout, stderr and nothing of the server's (a
	# fresh process holds whatever its starter leaked, Kyua's included)
	mkdir cases/fsfd
	cat > cases/fsfd/fds.case <<'EOF'
id: x.fds
doc: socket.rst:1
needs: host

fd_count() == 3
EOF
	cp cases/fsfd/fds.case cases/fsfd/fds2.case
	cat > cases/fs/twohost.case <<'EOF'
id: x.twohost
doc: socket.rst:1
needs: netns
hosts: a b
link: a b
addr: a 10.7.0.1/24
addr: b 10.7.0.2/24

@a s = socket(AF_INET, SOCK_DGRAM)
@a s.bind(('10.7.0.1', 4000))
@b c = socket(AF_INET, SOCK_DGRAM)
@b c.bind(('10.7.0.2', 4001))
@b c.sendto(b'x', ('10.7.0.1', 4000)) == 1
@a s.recvfrom(10) == (b'x', ('10.7.0.2', 4001))
EOF
	# the fork sees the case's /etc/hosts (its mount namespace) and
	# its own /tmp
	cat > cases/fs/fixture.case <<'EOF'
id: x.fixture
doc: socket.rst:1
needs: host
fixture: hosts=resolver/hosts

gethostbyname('p7.test') == '127.0.0.7'
u = socket(AF_UNIX, SOCK_STREAM)
u.bind(tmp('fs.sock'))
EOF
	cat > cases/fs/uts.case <<'EOF'
id: x.uts
doc: socket.rst:1
needs: host root
isolate: uts

sethostname('fs-uts')
gethostname() == 'fs-uts'
EOF
	cat > cases/fs/nocap.case <<'EOF'
id: x.nocap
doc: socket.rst:1
needs: host root
isolate: uts nocap

sethostname('fs-denied') raises OSError(EPERM)
EOF
	cat > cases/fs/fresh.case <<'EOF'
id: x.fresh
doc: socket.rst:1
needs: host
isolate: fresh

getdefaulttimeout() == None
EOF
	# the adapter loses its stdout: it dies at its reply
	cat > cases/fs/crash.case <<'EOF'
id: x.crash
doc: socket.rst:1
needs: host

os_close(1)
htons(1) == 256
EOF
	cat > cases/fs/hang.case <<'EOF'
id: x.hang
doc: socket.rst:1
needs: host
timeout: 2

s = socket(AF_INET, SOCK_STREAM)
s.bind(('127.0.0.1', 0))
s.listen(1)
s.accept()
EOF
	cp cases/fs/plain.case cases/fs/zafter.case
	for k in fork fresh; do
		cat > cases/fskill/$k.case <<'EOF'
id: x.kill
doc: socket.rst:1
needs: netns
hosts: a b
link: a b
addr: a 10.8.0.1/24
addr: b 10.8.0.2/24
timeout: 60

@b t = socket(AF_INET, SOCK_STREAM)
@b t.bind(('10.8.0.2', 0))
@b t.listen(1)
@b t.accept() &
@a s = socket(AF_INET, SOCK_STREAM)
@a s.bind(('10.8.0.1', 0))
@a s.listen(1)
@a s.accept()
EOF
	done
	echo 'isolate: fresh' > cases/fskill/h
	sed -i '/^timeout:/r cases/fskill/h' cases/fskill/fresh.case
	rm cases/fskill/h
}

atf_test_case same_outcomes
same_outcomes_head() {
	atf_set descr "fork server and fresh processes: the same outcomes; crash and hang break one case"
	atf_set require.user root
	atf_set timeout 120
}
same_outcomes_body() {
	setup
	for m in 1 0; do
		SOCKSPEC_FORKSERVER=$m "$(bin)" run --impl cpython --cases 'fs/*' \
			--results r$m.jsonl > out$m 2>&1
	done
	for m in 1 0; do
		atf_check -o match:'^broken  fs/crash: .*died' \
			-o match:'^broken  fs/hang: .*timeout' \
			-o match:'^7 passed, 0 failed, 0 skipped, 0 xfail, 0 xpass, 2 broken, 0 unsupported$' \
			cat out$m
	done
	atf_check -o match:'^no change \(9 cells\)$' "$(bin)" diff r0.jsonl r1.jsonl
	atf_check -o match:'^2 passed, 0 failed' "$(bin)" run --impl cpython --cases 'fsfd/*'
}

atf_test_case chroot
chroot_head() {
	atf_set descr "under a chroot (as vm/init runs a guest's command) a fork sees the case's files, not the real root's"
	atf_set require.user root
	atf_set require.progs unshare
	atf_set timeout 120
}
chroot_body() {
	setup
	# the whole tree again at /mnt/r, in a mount namespace of this
	# test's own (unshare -m makes it private): the same paths inside.
	# Not below /tmp, where the harness would take the binary's own
	# directory for one to keep visible in a case's private /tmp.
	atf_check -o match:'^2 passed, 0 failed' unshare -m sh -c \
		'mount -t tmpfs chroot /mnt && mkdir /mnt/r &&
		mount --rbind / /mnt/r && mount -t proc proc /mnt/r/proc &&
		exec chroot /mnt/r env -C "$PWD" "$0" run --impl cpython --cases "fs/[fp][il]*"' \
		"$(bin)"
}

# the pid namespace of process $1
pidns() { readlink "/proc/$1/ns/pid" 2>/dev/null; }
# processes of this test's interpreter: "PID ARGS", one a line
ours() {
	for p in /proc/[0-9]*; do
		c=$(tr '\0' ' ' < "$p/cmdline" 2>/dev/null) || continue
		case "$c" in "$SOCKSPEC_CPYTHON "*) echo "${p#/proc/} $c" ;; esac
	done
}
# a fork of the server (--forkserver in its arguments) in a pid namespace
# other than the server's, and a fresh adapter (no --forkserver)
both_kinds() {
	ours > procs
	server=$(awk '{ print $1 }' procs | while read -r p; do
		[ "$(pidns "$p")" = "$(pidns $$)" ] && grep -q "^$p .*--forkserver" procs && echo "$p"
	done)
	[ -n "$server" ] || return 1
	fork=$(grep -- '--forkserver' procs | awk '{ print $1 }' | while read -r p; do
		[ "$(pidns "$p")" != "$(pidns "$server")" ] && echo "$p"
	done)
	[ -n "$fork" ] && grep -v -q -- '--forkserver' procs
}
waitfor() {
	n=$1; shift
	until "$@"; do
		[ "$n" -gt 0 ] || return 1
		sleep 0.1; n=$((n - 1))
	done
}
nsset() { for p in /proc/[0-9]*; do readlink "$p/ns/net"; done 2>/dev/null | sort -u; }
desc() { echo "$1"; for c in $(pgrep -P "$1"); do desc "$c"; done; }

atf_test_case kill9
kill9_head() {
	atf_set descr "forks live in their case's pid namespace; kill -9 of the run leaves no process and no namespace"
	atf_set require.user root
	atf_set timeout 120
}
kill9_body() {
	setup
	nsset > ns.before
	"$(bin)" run --impl cpython --jobs 2 --cases 'fskill/*' > /dev/null 2>&1 &
	pid=$!
	waitfor 300 both_kinds || { cat procs; atf_fail "no fork and fresh adapter side by side"; }
	for p in $(desc "$pid"); do readlink "/proc/$p/ns/net"; done 2>/dev/null |
		sort -u | comm -13 ns.before - > ns.run
	[ -s ns.run ] || atf_fail "the run had no namespaces of its own"
	kill -9 "$pid"
	wait "$pid" 2>/dev/null
	gone() { [ -z "$(ours)" ] && nsset > ns.after && [ -z "$(comm -12 ns.run ns.after)" ]; }
	waitfor 100 gone || { ours; atf_fail "processes or namespaces left after kill -9"; }
}

atf_test_case server_dies
server_dies_head() {
	atf_set descr "a fork server that dies before serving a case says how: the case is broken with the server's exit signal and the tail of its stderr"
	atf_set require.user root
	atf_set timeout 120
}
server_dies_body() {
	[ -x /usr/bin/python3 ] || atf_skip "needs /usr/bin/python3"
	mkdir -p cases/sd
	for n in 1 2; do
		printf 'id: x.sd\ndoc: socket.rst:1\nneeds: host\n\nhtons(1) == 256\n' > cases/sd/c$n.case
	done
	# the interpreter as a wrapper: started as the fork server it takes
	# no request, says why on stderr and dies of SIGSEGV a moment later
	# (the first case has handed itself over by then); otherwise it is
	# Python
	cat > cases/py3sd <<'EOF'
#!/bin/sh
for a in "$@"; do
	if [ "$a" = --forkserver ]; then
		echo "server stand-in: dying on purpose" >&2
		sleep 1
		kill -SEGV $$
	fi
done
exec /usr/bin/python3 "$@"
EOF
	chmod +x cases/py3sd
	SOCKSPEC_CASES_DIR="$PWD/cases" SOCKSPEC_CPYTHON="$PWD/cases/py3sd" \
		"$(bin)" run --impl cpython --jobs 1 --cases 'sd/*' \
		--results r.jsonl > out 2>&1
	cat out
	atf_check -o match:'"case": "sd/c1".*"outcome": "broken".*the fork server of cpython went away; its stderr ends: server stand-in: dying on purpose .*killed by signal 11' cat r.jsonl
	# the next case starts a fresh interpreter instead
	atf_check -o match:'"case": "sd/c2".*"outcome": "passed"' cat r.jsonl
}

atf_init_test_cases() {
	atf_add_test_case same_outcomes
	atf_add_test_case kill9
	atf_add_test_case chroot
	atf_add_test_case server_dies
}
