#! /usr/bin/env atf-sh
# t_kernel_repro.sh — the kernel reproducers of conformance/kernel-repro
# (KERNEL-FINDINGS.md) on this machine: rds-tcp-accept-loss makes its two
# namespaces and veth pair and, where the kernel has no AF_RDS (the
# host; RDS runs in vm/ guests), says so at once with exit status 2,
# leaving no interface behind; where it has, a round runs to its summary.
# It runs in a namespace of its own (unshare -n), nothing in the host's.
# The binary: build/kernel-repro/rds-tcp-accept-loss (make conformance).

atf_test_case rds_tcp_accept_loss
rds_tcp_accept_loss_head() {
	atf_set descr "rds-tcp-accept-loss runs a round, or names the missing AF_RDS"
	atf_set require.user root
}
rds_tcp_accept_loss_body() {
	R="$(atf_get_srcdir)/../../build/kernel-repro/rds-tcp-accept-loss"
	[ -x "$R" ] || atf_fail "no $R (make conformance)"
	before=$(ip -o link show | wc -l)
	if python3 -c 'import socket; socket.socket(socket.AF_RDS, socket.SOCK_SEQPACKET)' 2>/dev/null; then
		atf_check -s ignore -o match:'^rds-tcp-accept-loss: 1 rounds, .* set-up failures' \
			unshare -n timeout 120 "$R" -n 1 -t 5 -w 10
	else
		atf_check -s exit:2 \
			-o match:'^  set-up failed: socket\(AF_RDS\): Address family not supported' \
			-o match:'^rds-tcp-accept-loss: 1 rounds, 0 lost .* 1 set-up failures' \
			unshare -n timeout 30 "$R" -n 1 -t 1 -w 1
	fi
	# the namespaces went with their processes, and the veth pair with them
	[ "$(ip -o link show | wc -l)" -eq "$before" ] ||
		atf_fail "interfaces left in the test's namespace: $(ip -o link show)"
	atf_check -s exit:2 -e match:'usage' "$R" -x
}

atf_init_test_cases() {
	atf_add_test_case rds_tcp_accept_loss
}
