#! /usr/bin/env atf-sh
# t_matrix.sh — `sockspec matrix` end to end, fast: the cases are a few
# files answered by a fake adapter (whoami-adapter.sh), and the guests are
# fake vm/run and vm/arm64/run scripts under a fake project root
# (SOCKSPEC_ROOT) that run the guest's command on the host, /tmp/out
# being their --out directory and the kernel release made distinct with
# `setarch --uname-2.6`. What is checked is the matrix's own work: the
# plan (host runs, ordered pairs, one guest per kernel, arm64), the file
# names and env files, the summary, a failed combination not stopping
# the others, and the exit status.
# Needs root (sockspec run). Through Kyua: kyua test t_matrix.sh

bin() {
	root=$(cd "$(atf_get_srcdir)/../.." && pwd)
	atf_config_get sockspec "${SOCKSPEC:-$root/build/sockspec}"
}

setup() {
	mkdir -p cases/t cases/interop root/vm/arm64
	cat > cases/t/ok.case <<'EOF'
id: x.ok
doc: socket.rst:1
needs: host

n = netns()
EOF
	cat > cases/t/fail.case <<'EOF'
id: x.fail
doc: socket.rst:1
needs: host

whoami() == 'nobody'
EOF
	cat > cases/interop/pair.case <<'EOF'
id: x.pair
doc: socket.rst:1
needs: host
hosts: a b
impl: b peer

@a n = netns()
@b netns() != n
EOF
	# fake guests: the command runs here, /tmp/out is --out; a kernel
	# named "panic" ends like a guest that died (status 125, no results)
	cat > root/vm/run <<'EOF'
#!/bin/sh
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) k=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--bin|--timeout) shift 2 ;;
	--) shift; break ;;
	*) echo "fake vm/run: $1?" >&2; exit 2 ;;
	esac
done
mkdir -p "$out"
[ "$k" = panic ] && { echo "fake guest $k: kernel panic" >&2; exit 125; }
echo 1.5 > "$out/boot-time"
for a; do
	shift
	case $a in
	/tmp/out) a=$out ;;
	/tmp/out/*) a=$out/${a#/tmp/out/} ;;
	build/sockspec) a=$SOCKSPEC_UNDER_TEST ;;
	esac
	set -- "$@" "$a"
done
exec setarch "$(uname -m)" --uname-2.6 "$@"
EOF
	cp root/vm/run root/vm/arm64/run
	chmod +x root/vm/run root/vm/arm64/run
	export SOCKSPEC_UNDER_TEST="$(bin)"
	export SOCKSPEC_ROOT="$PWD/root"
	export SOCKSPEC_CASES_DIR="$PWD/cases"
	export SOCKSPEC_ADAPTER_CMD="$(atf_get_srcdir)/whoami-adapter.sh"
	export SOCKSPEC_EXPECTATIONS=/dev/null
	host=$(uname -r)
	plat=$(uname -m)-glibc
}

atf_test_case host_and_guest
host_and_guest_head() {
	atf_set descr "host runs, ordered pairs, one guest per kernel: files, env, summary, exit 1 on a failed cell"
	atf_set require.user root
	atf_set timeout 300
}
host_and_guest_body() {
	setup
	atf_check -s exit:1 -o save:out -e empty "$(bin)" matrix --out m \
		--kernels g1 --arm64 none --impls "ref cpython" \
		--guest-pairs 'interop/*'
	for f in "ref@$host@$plat" "cpython@$host@$plat" \
		 "ref+cpython@$host@$plat" "cpython+ref@$host@$plat"; do
		atf_check test -s "m/$f.jsonl"
		atf_check -o match:'^where=host$' cat "m/$f.env"
		atf_check -o match:'^wall=[0-9]+\.[0-9]$' cat "m/$f.env"
	done
	# a pair run holds the interop cases only, with the peer recorded
	atf_check -o match:'^1$' sh -c "wc -l < 'm/ref+cpython@$host@$plat.jsonl'"
	atf_check -o match:'"peer": "cpython".*"outcome": "passed"' \
		cat "m/ref+cpython@$host@$plat.jsonl"
	# the guest's runs, moved up beside the host's, and its pairs
	g=$(ls m | sed -n 's/^ref@\(2\.6\.[^@]*\)@.*\.jsonl$/\1/p')
	atf_check test -n "$g"
	for f in "ref@$g@$plat" "cpython@$g@$plat" "ref+cpython@$g@$plat" \
		 "cpython+ref@$g@$plat"; do
		atf_check test -s "m/$f.jsonl"
		atf_check -o match:'^where=vm$' cat "m/$f.env"
	done
	atf_check -o match:"^kernel=$g$" -o match:'^impl_version=1\.0$' \
		cat "m/cpython@$g@$plat.env"
	atf_check -o match:'^wall time per run \(8 runs' \
		-o match:'^slowest cells \(of 16\):' \
		-o match:'^4 cells failed, broke or passed unexpectedly' \
		-o match:"^  failed  t/fail  ref@$host@$plat: 5: whoami\(\) == 'nobody'" \
		-o match:'^g1 guest: ref cpython; pairs over interop/\*: [0-9.]+ s in all \(boot 1.5 s\)' \
		-o match:'^matrix: 5 combinations in [0-9.]+ s \(2 at a time\); 0 failed, 4 cells' \
		cat out
	atf_check -o match:'^bad_cells=4$' cat m/matrix.env
}

atf_test_case history_and_retry
history_and_retry_head() {
	atf_set descr "--retry reaches every run, host and guest; host runs record themselves, a guest's runs are imported"
	atf_set require.user root
	atf_set timeout 300
}
history_and_retry_body() {
	setup
	"$(bin)" history --check --history /nonexistent/x 2>&1 |
		grep -q 'built without SQLite' &&
		atf_skip "this sockspec is built without SQLite (libsqlite3-dev)"
	atf_check -s exit:1 -o ignore -e empty "$(bin)" matrix --out m \
		--kernels g1 --arm64 none --impls "ref cpython" \
		--guest-pairs 'interop/*' --retry 1 --history h.sqlite
	for f in m/*.env; do
		[ "$f" = m/matrix.env ] && continue
		atf_check -o match:'--retry 1' grep '^command=' "$f"
	done
	# four host runs (two, two pairs) and the guest's four, once each
	atf_check -o match:'^8 runs$' "$(bin)" history --runs --history h.sqlite
	atf_check -o match:"^t/fail +ref@$host x86_64-glibc +failed +1 +0 +0 +1 " \
		"$(bin)" history t/fail --impl ref --kernel "$host" --history h.sqlite
	atf_check -o match:'^t/fail +ref@2\.6\.[^ ]+ x86_64-glibc +failed +1 +0 +0 +1 ' \
		"$(bin)" history t/fail --impl ref --kernel '2.6*' --history h.sqlite
	atf_check -o match:'ok$' "$(bin)" history --check --history h.sqlite
}

atf_test_case failed_combination
failed_combination_head() {
	atf_set descr "a guest that dies is reported; the other combinations still run"
	atf_set require.user root
	atf_set timeout 300
}
failed_combination_body() {
	setup
	rm cases/t/fail.case
	atf_check -s exit:1 -o save:out -e empty "$(bin)" matrix --out m \
		--kernels "panic g2" --arm64 none --impls ref --jobs 1
	atf_check -o match:'^combinations that failed \(no results\):' \
		-o match:'^  panic guest: ref; pairs over interop/can-\*: exit status 125; log .*/m/vm-panic.log$' \
		-o match:'^matrix: 3 combinations .* 1 failed, 0 cells' cat out
	atf_check -o match:'kernel panic' cat m/vm-panic.log
	atf_check test -s "m/ref@$host@$plat.jsonl"
	atf_check -o match:'^where=vm$' sh -c 'cat m/ref@2.6.*.env'
}

atf_test_case kernel_impls
kernel_impls_head() {
	atf_set descr "the guests after the first run --kernel-impls; all, or --impls alone, runs every implementation there"
	atf_set require.user root
	atf_set timeout 300
}
kernel_impls_body() {
	setup
	rm cases/t/fail.case
	atf_check -s exit:0 -o save:out -e empty "$(bin)" matrix --out m \
		--kernels "g1 g2" --arm64 none --impls "ref cpython" \
		--kernel-impls ref --jobs 1
	atf_check -o match:'^g1 guest: ref cpython; pairs over interop/can-\*: ' \
		-o match:'^g2 guest: ref: [0-9.]+ s in all' cat out
	atf_check -o match:'^kernel_impls=ref$' cat m/matrix.env
	atf_check -s exit:0 -o save:out2 -e empty "$(bin)" matrix --out m \
		--kernels "g1 g2" --arm64 none --impls "ref cpython" \
		--kernel-impls all --jobs 1
	atf_check -o match:'^g2 guest: ref cpython: [0-9.]+ s in all' cat out2
	atf_check -s exit:0 -o save:out3 -e empty "$(bin)" matrix --out m \
		--kernels "g1 g2" --arm64 none --impls "ref cpython" --jobs 1
	atf_check -o match:'^g2 guest: ref cpython: [0-9.]+ s in all' cat out3
}

atf_test_case arm64
arm64_head() {
	atf_set descr "the arm64 guest's plain run is named after its first record"
	atf_set require.user root
	atf_set timeout 300
}
arm64_body() {
	setup
	rm cases/t/fail.case
	atf_check -s exit:0 -o save:out -e empty "$(bin)" matrix --out m \
		--kernels "" --arm64 a1 --impls cpython
	atf_check -o match:'^where=vm-arm64$' -o match:'^impl=ref$' \
		sh -c 'cat m/ref@2.6.*.env'
	atf_check -o match:'^matrix: 2 combinations .* 0 failed, 0 cells' cat out
}

atf_test_case previous_matrix_cleared
previous_matrix_cleared_head() {
	atf_set descr "an earlier matrix's results in --out do not reach the new report"
	atf_set require.user root
	atf_set timeout 300
}
previous_matrix_cleared_body() {
	setup
	rm cases/t/fail.case
	mkdir m
	echo '{"case": "t/old"}' > m/old@1@x.jsonl
	echo keep > m/notes.txt
	atf_check -s exit:0 -o ignore -e empty "$(bin)" matrix --out m \
		--kernels "" --arm64 none --impls ref
	atf_check -s exit:1 test -e m/old@1@x.jsonl
	atf_check -o inline:'keep\n' cat m/notes.txt
}

atf_test_case usage
usage_head() {
	atf_set descr "bad options: usage, exit 2"
}
usage_body() {
	atf_check -s exit:2 -e match:'^usage: sockspec matrix' "$(bin)" matrix --bogus
	atf_check -s exit:2 -e match:'positive number' "$(bin)" matrix --jobs 0
	atf_check -s exit:2 -e match:'^usage: sockspec matrix' "$(bin)" matrix --inside
}

atf_init_test_cases() {
	atf_add_test_case host_and_guest
	atf_add_test_case history_and_retry
	atf_add_test_case failed_combination
	atf_add_test_case kernel_impls
	atf_add_test_case arm64
	atf_add_test_case previous_matrix_cleared
	atf_add_test_case usage
}
