#! /usr/bin/env atf-sh
# t_iface_extra.sh — the iface cases hold in a namespace that holds more
# than 'lo', as every namespace does on a kernel with CONFIG_IPV6_SIT=y
# (sit0) or ipip/ip_gre/ip6_tunnel built in (tunl0, gre0, ip6tnl0). The
# host's kernel has none of those, so each case runs here as written
# with one header line more: a link to an extra host, which gives the
# case's host a veth it never asked for. A control case shows the extra
# interface is there.
# Needs root (sockspec run). The binary: Kyua variable `sockspec`, else
# $SOCKSPEC, else build/sockspec.

atf_test_case extra_interface
extra_interface_head() {
	atf_set descr "iface/{nameindex,nameindex-oserror,nameindex-veth,indextoname,roundtrip} pass with an interface the case did not make"
	atf_set require.user root
}
extra_interface_body() {
	root=$(cd "$(atf_get_srcdir)/../.." && pwd)
	S=$(atf_config_get sockspec "${SOCKSPEC:-$root/build/sockspec}")
	mkdir -p cases/iface
	for c in nameindex nameindex-oserror indextoname roundtrip; do
		# after needs:, a second host linked to the first
		sed '/^needs:/a hosts: h extra\nlink: h extra' \
			"$root/conformance/cases/iface/$c.case" > cases/iface/$c.case
	done
	sed '/^link: a b$/a hosts: a b extra\nlink: a extra\nlink: b extra' \
		"$root/conformance/cases/iface/nameindex-veth.case" |
		grep -v '^hosts: a b$' > cases/iface/nameindex-veth.case
	printf 'id: iface.nameindex-list\ndoc: socket.rst:652\nneeds: netns\nhosts: h extra\nlink: h extra\n\nlen(if_nameindex()) == 2\n' \
		> cases/iface/control.case
	export SOCKSPEC_ROOT="$root" SOCKSPEC_CASES_DIR="$PWD/cases"
	for impl in ref cpython; do
		atf_check -o save:out -e ignore "$S" run --impl $impl \
			--cases 'iface/*' --results r-$impl.jsonl
		atf_check -o match:'^6 passed, 0 failed, 0 skipped' cat out
	done
	# the same cases as they were (a fresh namespace holds only 'lo')
	# fail there: the test can tell
	printf 'id: iface.nameindex-list\ndoc: socket.rst:652\nneeds: netns\nhosts: h extra\nlink: h extra\n\nif_nameindex() == [(1, %s)]\n' "'lo'" \
		> cases/iface/only-lo.case
	atf_check -s exit:1 -o match:'^failed  iface/only-lo: ' -e ignore \
		"$S" run --impl ref --cases 'iface/only-lo'
}

atf_init_test_cases() {
	atf_add_test_case extra_interface
}
