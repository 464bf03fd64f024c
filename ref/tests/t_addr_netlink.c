/*
 * t_addr_netlink.c — AF_NETLINK addresses (socket.rst:73): (pid, groups)
 * in a struct sockaddr_nl, their 32-bit ranges, and the kernel accepting
 * the result.
 */
#include "helpers.h"

#include <linux/netlink.h>
#include <linux/rtnetlink.h>

static sr_addr nl(long long pid, long long groups)
{
	sr_addr a;

	memset(&a, 0, sizeof a);
	a.family = AF_NETLINK;
	a.u.nl.pid = pid;
	a.u.nl.groups = groups;
	return a;
}

static struct sockaddr_nl enc(long long pid, long long groups)
{
	sr_addr a = nl(pid, groups);
	struct sockaddr_nl s;
	size_t len = 0;

	SR_OK(sr_addr_encode(&a, AF_NETLINK, &s, sizeof s, &len, ERR));
	ATF_CHECK_EQ(len, sizeof s);
	ATF_CHECK_EQ(s.nl_family, AF_NETLINK);
	ATF_CHECK_EQ(s.nl_pad, 0);
	return s;
}

static sr_err enc_err(long long pid, long long groups)
{
	sr_addr a = nl(pid, groups);
	struct sockaddr_nl s;
	size_t len;
	sr_err e = {0};

	if (sr_addr_encode(&a, AF_NETLINK, &s, sizeof s, &len, &e) != -1)
		atf_tc_fail("(%lld, %lld) encoded", pid, groups);
	return e;
}

/* A bound NETLINK_ROUTE socket's own address, decoded. */
static sr_addr bound(long long groups)
{
	struct sockaddr_nl s = enc(0, groups), got;
	socklen_t glen = sizeof got;
	int fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	sr_addr a;

	if (fd < 0 && errno == EAFNOSUPPORT)
		atf_tc_skip("needs host: running kernel has no AF_NETLINK");
	ATF_REQUIRE(fd >= 0);
	if (bind(fd, (struct sockaddr *)&s, sizeof s) != 0)
		atf_tc_fail("bind: %s", strerror(errno));
	ATF_REQUIRE(getsockname(fd, (struct sockaddr *)&got, &glen) == 0);
	SR_OK(sr_addr_decode(&got, glen, &a, ERR));
	close(fd);
	return a;
}

ATF_TC_WITHOUT_HEAD(encode_fields);
ATF_TC_BODY(encode_fields, tc)
{
	/* netlink.pid-groups-pair (socket.rst:73) */
	struct sockaddr_nl s = enc(1234, 5);

	ATF_CHECK_EQ(s.nl_pid, 1234u);
	ATF_CHECK_EQ(s.nl_groups, 5u);
	s = enc(0xffffffffLL, 0xffffffffLL);
	ATF_CHECK_EQ(s.nl_pid, 0xffffffffu);
	ATF_CHECK_EQ(s.nl_groups, 0xffffffffu);
}

ATF_TC_WITHOUT_HEAD(encode_ranges);
ATF_TC_BODY(encode_ranges, tc)
{
	/* netlink.pid-groups-pair (socket.rst:73): both are 32-bit unsigned;
	 * outside that is OverflowError, not a wrapped value */
	sr_err e = enc_err(1LL << 32, 0);

	ATF_CHECK_EQ(e.kind, SR_ERR_OVERFLOWERROR);
	ATF_CHECK_STREQ(e.msg, "pid must be 0-4294967295.");
	e = enc_err(0, -1);
	ATF_CHECK_EQ(e.kind, SR_ERR_OVERFLOWERROR);
	ATF_CHECK_STREQ(e.msg, "groups must be 0-4294967295.");
	ATF_CHECK_EQ(enc_err(-1, 0).kind, SR_ERR_OVERFLOWERROR);
	ATF_CHECK_EQ(enc_err(0, 1LL << 32).kind, SR_ERR_OVERFLOWERROR);
}

ATF_TC_WITHOUT_HEAD(decode_fields);
ATF_TC_BODY(decode_fields, tc)
{
	/* netlink.kernel-source-address (socket.rst:73): kernel is (0, 0) */
	struct sockaddr_nl s;
	sr_addr a;
	char buf[32];

	memset(&s, 0, sizeof s);
	s.nl_family = AF_NETLINK;
	SR_OK(sr_addr_decode(&s, sizeof s, &a, ERR));
	ATF_CHECK_EQ(a.family, AF_NETLINK);
	sr_addr_format(&a, buf, sizeof buf);
	ATF_CHECK_STREQ(buf, "(0, 0)");
	s.nl_pid = 0xfffffffeu;
	s.nl_groups = 0x80000001u;
	SR_OK(sr_addr_decode(&s, sizeof s, &a, ERR));
	ATF_CHECK_EQ(a.u.nl.pid, 0xfffffffeLL);
	ATF_CHECK_EQ(a.u.nl.groups, 0x80000001LL);
	SR_FAILS(SR_ERR_OSERROR, 0, sr_addr_decode(&s, sizeof s - 1, &a, ERR));
}

ATF_TC_WITHOUT_HEAD(round_trip);
ATF_TC_BODY(round_trip, tc)
{
	/* netlink.pid-groups-pair (socket.rst:73) */
	struct sockaddr_nl s = enc(4242, 0x10), s2;
	sr_addr a;
	size_t len;

	SR_OK(sr_addr_decode(&s, sizeof s, &a, ERR));
	ATF_CHECK_EQ(a.u.nl.pid, 4242);
	ATF_CHECK_EQ(a.u.nl.groups, 0x10);
	SR_OK(sr_addr_encode(&a, AF_NETLINK, &s2, sizeof s2, &len, ERR));
	ATF_CHECK(memcmp(&s, &s2, sizeof s) == 0);
}

ATF_TC_WITHOUT_HEAD(kernel_bind_assigns_pid);
ATF_TC_BODY(kernel_bind_assigns_pid, tc)
{
	/* netlink.pid-groups-pair (socket.rst:73): bind((0, 0)) and the
	 * kernel fills in a port id */
	sr_addr a = bound(0);

	ATF_CHECK_EQ(a.family, AF_NETLINK);
	ATF_CHECK(a.u.nl.pid != 0);
	ATF_CHECK_EQ(a.u.nl.groups, 0);
}

ATF_TC_WITHOUT_HEAD(kernel_bind_groups);
ATF_TC_BODY(kernel_bind_groups, tc)
{
	/* netlink.groups-bitmask (socket.rst:73): groups is the multicast
	 * subscription */
	sr_addr a = bound(RTMGRP_LINK);

	ATF_CHECK_EQ(a.u.nl.groups, RTMGRP_LINK);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, encode_fields);
	ATF_TP_ADD_TC(tp, encode_ranges);
	ATF_TP_ADD_TC(tp, decode_fields);
	ATF_TP_ADD_TC(tp, round_trip);
	ATF_TP_ADD_TC(tp, kernel_bind_assigns_pid);
	ATF_TP_ADD_TC(tp, kernel_bind_groups);
	return atf_no_error();
}
