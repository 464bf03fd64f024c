#! /usr/bin/env atf-sh
# t_kconfig.sh — the kernel options each family's cases need (vm:can:
# CAN, CAN_RAW, CAN_VCAN; vm:tipc: TIPC; vm:rds: RDS, RDS_TCP): a case
# whose family the kernel's configuration lacks is skipped naming the
# options and where they were read. $SOCKSPEC_KCONFIG stands in for the
# kernel's own configuration: a .config, a gzip'd one (/proc/config.gz's
# form), a module tree (modules.builtin, modules.dep), or none at all
# (the socket is tried, as before). A case with `link:` lines needs
# CONFIG_VETH the same way.
# Needs root (sockspec run). The binary: Kyua variable `sockspec`, else
# $SOCKSPEC, else build/sockspec.

setup() {
	root=$(cd "$(atf_get_srcdir)/../.." && pwd)
	S=$(atf_config_get sockspec "${SOCKSPEC:-$root/build/sockspec}")
	[ -x "$S" ] || atf_fail "no sockspec binary at $S"
	mkdir -p cases/k
	for fam in can tipc rds; do
		printf 'id: harness.skip\ndoc: socket.rst:1\nneeds: vm:%s\n\nx = 1\n' \
			"$fam" > cases/k/$fam.case
	done
	printf 'id: harness.skip\ndoc: socket.rst:1\nneeds: netns\nhosts: h g\nlink: h g\n\nx = 1\n' \
		> cases/k/link.case
	export SOCKSPEC_ROOT="$root" SOCKSPEC_CASES_DIR="$PWD/cases"
}

# run the three cases; their summary lines in out
run_k() {
	"$S" run --impl ref --cases 'k/*' --results r.jsonl > out 2> err
	[ -s r.jsonl ] || atf_fail "no results: $(cat err)"
}

atf_test_case config_file
config_file_head() {
	atf_set descr "a .config without CAN_VCAN and without RDS: those skip naming the options and the file, plain and gzip'd"
	atf_set require.user root
}
config_file_body() {
	setup
	printf '# a comment\nCONFIG_CAN=y\nCONFIG_CAN_RAW=m\n# CONFIG_CAN_VCAN is not set\nCONFIG_TIPC=m\nCONFIG_RDS_TCP=m\n' > my.config
	for cfg in my.config my.config.gz; do
		[ "$cfg" = my.config ] || gzip -c my.config > my.config.gz
		SOCKSPEC_KCONFIG=$PWD/$cfg run_k
		atf_check -o match:"^skipped k/can: needs vm:can: kernel lacks CONFIG_CAN_VCAN \\($PWD/$cfg\\)$" \
			-o match:"^skipped k/rds: needs vm:rds: kernel lacks CONFIG_RDS \\($PWD/$cfg\\)$" \
			-o match:"^skipped k/link: needs veth links between its hosts: kernel lacks CONFIG_VETH \\($PWD/$cfg\\)$" \
			-o not-match:"k/tipc: needs vm:tipc: kernel lacks" cat out
		# TIPC is configured: it runs, or (no module here) says the
		# kernel is configured with it but has no AF_TIPC
		if grep -q '^skipped k/tipc' out; then
			atf_check -o match:"^skipped k/tipc: needs vm:tipc: the kernel is configured with it \\($PWD/$cfg\\) but has no AF_TIPC: E[A-Z]+ \\(module not loaded\\?\\)$" cat out
		fi
	done
}

atf_test_case module_tree
module_tree_head() {
	atf_set descr "a module tree with can and can-raw (built in, and as a module) but no vcan, tipc or rds"
	atf_set require.user root
}
module_tree_body() {
	setup
	mkdir mods
	echo 'kernel/net/can/can.ko' > mods/modules.builtin
	printf 'kernel/net/can/can-raw.ko.xz: \nkernel/net/ipv4/udp_tunnel.ko:\n' > mods/modules.dep
	SOCKSPEC_KCONFIG=$PWD/mods run_k
	atf_check -o match:"^skipped k/can: needs vm:can: kernel lacks CONFIG_CAN_VCAN \\($PWD/mods\\)$" \
		-o match:"^skipped k/tipc: needs vm:tipc: kernel lacks CONFIG_TIPC \\($PWD/mods\\)$" \
		-o match:"^skipped k/rds: needs vm:rds: kernel lacks CONFIG_RDS, CONFIG_RDS_TCP \\($PWD/mods\\)$" \
		-o match:"^skipped k/link: needs veth links between its hosts: kernel lacks CONFIG_VETH \\($PWD/mods\\)$" \
		cat out
	# veth as a module: the link case runs
	echo 'kernel/drivers/net/veth.ko' >> mods/modules.builtin
	SOCKSPEC_KCONFIG=$PWD/mods run_k
	atf_check -o match:'"case": "k/link".*"outcome": "passed"' cat r.jsonl
}

atf_test_case nothing_readable
nothing_readable_head() {
	atf_set descr "no configuration at all: the family's socket is tried, as before (skipped 'host kernel has no AF_X', or run)"
	atf_set require.user root
}
nothing_readable_body() {
	setup
	SOCKSPEC_KCONFIG=none run_k
	atf_check -o not-match:"kernel lacks" -o not-match:"configured with it" cat out
	atf_check -o match:'"case": "k/link".*"outcome": "passed"' cat r.jsonl
	for fam in can tipc rds; do
		FAM=$(echo $fam | tr a-z A-Z)
		if grep -q "^skipped k/$fam" out; then
			atf_check -o match:"^skipped k/$fam: needs vm:$fam: host kernel has no AF_$FAM$" cat out
		fi
	done
}

atf_init_test_cases() {
	atf_add_test_case config_file
	atf_add_test_case module_tree
	atf_add_test_case nothing_readable
}
