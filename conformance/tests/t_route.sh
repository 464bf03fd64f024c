#! /usr/bin/env atf-sh
# t_route.sh — `route: HOST default via IP`: the harness gives the host's
# namespace that default route (rtnetlink, rtnl.c), IPv4 and IPv6, and
# nothing to the other hosts or to the machine's own namespace; bad
# route lines are refused as FILE:LINE:COL: reason.
# A fake adapter (fake-adapter.sh) answers routes() with the default
# routes of its namespace as ip(8) shows them.
# Needs root (namespaces) for the runs. Through Kyua: kyua test t_route.sh
# The binary under test: config variable sockspec, else $SOCKSPEC, else
# build/sockspec of this tree.

bin() {
	root=$(cd "$(atf_get_srcdir)/../.." && pwd)
	atf_config_get sockspec "${SOCKSPEC:-$root/build/sockspec}"
}

# a two-host case whose route lines are $1 (and $2)
topology() {
	cat <<EOF
id: x.route
doc: socket.rst:1
needs: netns
hosts: h g
link: h g
addr: h 10.0.0.1/24 fd00::1/64
addr: g 10.0.0.2/24 fd00::2/64
$1
$2

EOF
}

atf_test_case routes
routes_head() {
	atf_set descr "route: h default via IP — h's namespace has the route, g's has none, the machine's is untouched"
	atf_set require.user root
}
routes_body() {
	mkdir -p cases/r
	{
		topology 'route: h default via 10.0.0.2' 'route: h default via fd00::2'
		echo "routes() == ('default via 10.0.0.2 dev veth0', 'default via fd00::2 dev veth0')"
		echo "@g routes() == ()"
	} > cases/r/both.case
	{
		topology 'route: h default via 10.0.0.2'
		echo "routes() == ('default via 10.0.0.2 dev veth0',)"
	} > cases/r/four.case
	# without a route line: none
	{
		topology
		echo "routes() == ()"
		echo "@g routes() == ()"
	} > cases/r/none.case
	export SOCKSPEC_CASES_DIR="$PWD/cases"
	export SOCKSPEC_ADAPTER_CMD="$(atf_get_srcdir)/fake-adapter.sh"
	export SOCKSPEC_EXPECTATIONS=/dev/null
	ip route show table all > before
	atf_check -s exit:0 -o match:'^3 passed, 0 failed' "$(bin)" run --impl ref
	ip route show table all > after
	atf_check -o empty diff before after
}

atf_test_case syntax
syntax_head() {
	atf_set descr "bad route lines: FILE:LINE:COL: reason"
}
syntax_body() {
	while IFS='|' read -r line want; do
		topology "$line" > bad.case
		echo "x = 1" >> bad.case
		atf_check -s exit:2 -o match:"^bad.case:$want" "$(bin)" check bad.case
	done <<'EOF'
route: h default via 10.0.1.2|8:22: gateway 10.0.1.2 is not another address on the subnet of an 'addr' of host 'h'
route: h default via 10.0.0.1|8:22: gateway 10.0.0.1 is not another address on the subnet of an 'addr' of host 'h'
route: g default via fd01::9|8:22: gateway fd01::9 is not another address on the subnet of an 'addr' of host 'g'
route: h 10.0.0.0/8 via 10.0.0.2|8:10: route takes 'default via IP' \(only default routes\)
route: h default|8:17: expected 'via IP' after 'default'
route: h default via|8:21: expected the gateway's address after 'via'
route: h default via nohost|8:22: expected the gateway's address after 'via'
route: x default via 10.0.0.2|8:8: unknown host 'x'
route: h default via 10.0.0.2 more|8:31: unexpected 'more'
EOF
	# one default route per host and family
	topology 'route: h default via 10.0.0.2' 'route: h default via 10.0.0.3' > bad.case
	echo "x = 1" >> bad.case
	atf_check -s exit:2 -o match:"^bad.case:9:22: host 'h' has a default IPv4 route already" \
		"$(bin)" check bad.case
	# a route line may come before the addr lines it needs
	printf 'id: x.y\ndoc: socket.rst:1\nneeds: netns\nhosts: h g\nroute: h default via 10.0.0.2\nlink: h g\naddr: h 10.0.0.1/24\n\nx = 1\n' > early.case
	atf_check -s exit:0 "$(bin)" check early.case
}

atf_init_test_cases() {
	atf_add_test_case routes
	atf_add_test_case syntax
}
