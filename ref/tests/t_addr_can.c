/*
 * t_addr_can.c — AF_CAN addresses (socket.rst:97-100): (interface,) in a
 * struct sockaddr_can. The codec needs only interface names, so it is
 * tested with 'lo'; binding a real CAN socket needs a kernel with AF_CAN.
 */
#include "helpers.h"

#include <linux/can.h>
#include <net/if.h>
#include <stddef.h>

static sr_addr can(const char *ifname)
{
	sr_addr a;

	memset(&a, 0, sizeof a);
	a.family = AF_CAN;
	snprintf(a.u.can.ifname, sizeof a.u.can.ifname, "%s", ifname);
	return a;
}

static struct sockaddr_can enc(const char *ifname)
{
	sr_addr a = can(ifname);
	struct sockaddr_can s;
	size_t len = 0;

	SR_OK(sr_addr_encode(&a, AF_CAN, &s, sizeof s, &len, ERR));
	ATF_CHECK_EQ(len, sizeof s);
	ATF_CHECK_EQ(s.can_family, AF_CAN);
	return s;
}

static sr_err enc_err(const sr_addr *a)
{
	struct sockaddr_can s;
	size_t len;
	sr_err e = {0};

	if (sr_addr_encode(a, AF_CAN, &s, sizeof s, &len, &e) != -1)
		atf_tc_fail("('%.64s',) encoded", a->u.can.ifname);
	return e;
}

static sr_addr dec(int ifindex, size_t len)
{
	struct sockaddr_can s;
	sr_addr a;

	memset(&s, 0, sizeof s);
	s.can_family = AF_CAN;
	s.can_ifindex = ifindex;
	SR_OK(sr_addr_decode(&s, len, &a, ERR));
	ATF_CHECK_EQ(a.family, AF_CAN);
	return a;
}

ATF_TC_WITHOUT_HEAD(encode_interface);
ATF_TC_BODY(encode_interface, tc)
{
	/* can.addr-interface-tuple (socket.rst:97) */
	ATF_CHECK_EQ(enc("lo").can_ifindex, (int)if_nametoindex("lo"));
}

ATF_TC_WITHOUT_HEAD(encode_empty_is_all);
ATF_TC_BODY(encode_empty_is_all, tc)
{
	/* can.raw-bind-all-interfaces (socket.rst:99): '' is ifindex 0 */
	ATF_CHECK_EQ(enc("").can_ifindex, 0);
}

ATF_TC_WITHOUT_HEAD(encode_unknown_interface);
ATF_TC_BODY(encode_unknown_interface, tc)
{
	/* can.example-bind-vcan0 (socket.rst:1355): no such device is
	 * OSError(ENODEV) */
	sr_addr a = can("vcan0");
	sr_err e;

	if (if_nametoindex("vcan0") != 0)
		atf_tc_skip("needs host: vcan0 exists here");
	e = enc_err(&a);
	ATF_CHECK_EQ(e.kind, SR_ERR_OSERROR);
	ATF_CHECK_EQ(e.code, ENODEV);
}

ATF_TC_WITHOUT_HEAD(encode_name_too_long);
ATF_TC_BODY(encode_name_too_long, tc)
{
	/* can.addr-interface-tuple (socket.rst:97): CPython's message, no
	 * errno; 15 bytes is still a name to look up */
	sr_addr a = can("vcan0123456789ab");
	sr_err e = enc_err(&a);

	ATF_CHECK_EQ(e.kind, SR_ERR_OSERROR);
	ATF_CHECK_EQ(e.code, 0);
	ATF_CHECK_STREQ(e.msg, "AF_CAN interface name too long");
	memset(a.u.can.ifname, 'c', sizeof a.u.can.ifname);
	ATF_CHECK_EQ(enc_err(&a).code, 0);
	a = can("vcan0123456789a");
	ATF_CHECK_EQ(enc_err(&a).code, ENODEV);
}

ATF_TC_WITHOUT_HEAD(decode_fields);
ATF_TC_BODY(decode_fields, tc)
{
	/* can.getsockname-shape (socket.rst:97): ('name',), '' for index 0
	 * or an index no interface has */
	sr_addr a = dec((int)if_nametoindex("lo"), sizeof(struct sockaddr_can));
	char buf[32];

	ATF_CHECK_STREQ(a.u.can.ifname, "lo");
	sr_addr_format(&a, buf, sizeof buf);
	ATF_CHECK_STREQ(buf, "('lo',)");
	a = dec(0, sizeof(struct sockaddr_can));
	ATF_CHECK_STREQ(a.u.can.ifname, "");
	a = dec(0x7ffffff0, sizeof(struct sockaddr_can));
	ATF_CHECK_STREQ(a.u.can.ifname, "");
}

ATF_TC_WITHOUT_HEAD(decode_lengths);
ATF_TC_BODY(decode_lengths, tc)
{
	/* socket.rst:126: CAN_RAW names end at can_ifindex (the kernel's
	 * minimum); shorter is an error */
	size_t min = offsetof(struct sockaddr_can, can_ifindex) + sizeof(int);
	struct sockaddr_can s;
	sr_addr a = dec(1, min);

	ATF_CHECK_EQ(a.family, AF_CAN);
	memset(&s, 0, sizeof s);
	s.can_family = AF_CAN;
	SR_FAILS(SR_ERR_OSERROR, 0, sr_addr_decode(&s, min - 1, &a, ERR));
}

ATF_TC_WITHOUT_HEAD(round_trip);
ATF_TC_BODY(round_trip, tc)
{
	/* can.addr-interface-tuple (socket.rst:97) */
	static const char *names[] = {"", "lo"};

	for (size_t i = 0; i < 2; i++) {
		struct sockaddr_can s = enc(names[i]);
		sr_addr a;

		SR_OK(sr_addr_decode(&s, sizeof s, &a, ERR));
		ATF_CHECK_STREQ(a.u.can.ifname, names[i]);
	}
}

ATF_TC_WITHOUT_HEAD(kernel_bind_all_interfaces);
ATF_TC_BODY(kernel_bind_all_interfaces, tc)
{
	/* can.raw-bind-all-interfaces (socket.rst:99): bind(('',)) and
	 * getsockname() is ('',) */
	struct sockaddr_can s, got;
	socklen_t glen = sizeof got;
	sr_addr a;
	int fd;

	require_family(AF_CAN, "vm:can", "AF_CAN");
	s = enc("");
	fd = socket(AF_CAN, SOCK_RAW, CAN_RAW);
	ATF_REQUIRE(fd >= 0);
	if (bind(fd, (struct sockaddr *)&s, sizeof s) != 0)
		atf_tc_fail("bind: %s", strerror(errno));
	ATF_REQUIRE(getsockname(fd, (struct sockaddr *)&got, &glen) == 0);
	SR_OK(sr_addr_decode(&got, glen, &a, ERR));
	ATF_CHECK_EQ(a.family, AF_CAN);
	ATF_CHECK_STREQ(a.u.can.ifname, "");
	close(fd);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, encode_interface);
	ATF_TP_ADD_TC(tp, encode_empty_is_all);
	ATF_TP_ADD_TC(tp, encode_unknown_interface);
	ATF_TP_ADD_TC(tp, encode_name_too_long);
	ATF_TP_ADD_TC(tp, decode_fields);
	ATF_TP_ADD_TC(tp, decode_lengths);
	ATF_TP_ADD_TC(tp, round_trip);
	ATF_TP_ADD_TC(tp, kernel_bind_all_interfaces);
	return atf_no_error();
}
