/*
 * t_addr_packet.c — AF_PACKET addresses (socket.rst:110, "specific
 * representations", undocumented; the shape is CPython's): (ifname, proto
 * [, pkttype[, hatype[, addr]]]) in a struct sockaddr_ll, and the kernel
 * accepting the result. 'lo' always exists, so no test needs a device.
 */
#include "helpers.h"

#include <arpa/inet.h>
#include <net/if_arp.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <stddef.h>

static sr_addr ll(const char *ifname, long long proto, int n)
{
	sr_addr a;

	memset(&a, 0, sizeof a);
	a.family = AF_PACKET;
	snprintf(a.u.ll.ifname, sizeof a.u.ll.ifname, "%s", ifname);
	a.u.ll.proto = proto;
	a.u.ll.n = n;
	return a;
}

static struct sockaddr_ll enc(const sr_addr *a)
{
	struct sockaddr_ll s;
	size_t len = 0;

	SR_OK(sr_addr_encode(a, AF_PACKET, &s, sizeof s, &len, ERR));
	ATF_CHECK_EQ(len, sizeof s);
	ATF_CHECK_EQ(s.sll_family, AF_PACKET);
	return s;
}

static sr_err enc_err(const sr_addr *a)
{
	struct sockaddr_ll s;
	size_t len;
	sr_err e = {0};

	if (sr_addr_encode(a, AF_PACKET, &s, sizeof s, &len, &e) != -1)
		atf_tc_fail("('%s', ...) encoded", a->u.ll.ifname);
	return e;
}

ATF_TC_WITHOUT_HEAD(encode_two_items);
ATF_TC_BODY(encode_two_items, tc)
{
	/* packet.specific-representation (socket.rst:110): defaults are
	 * PACKET_HOST, hatype 0, no hardware address */
	sr_addr a = ll("lo", ETH_P_IP, 2);
	struct sockaddr_ll s;

	a.u.ll.pkttype = 9; /* not given: ignored */
	a.u.ll.addrlen = 99;
	s = enc(&a);
	ATF_CHECK_EQ(s.sll_ifindex, (int)if_nametoindex("lo"));
	ATF_CHECK_EQ(ntohs(s.sll_protocol), ETH_P_IP);
	ATF_CHECK_EQ(s.sll_pkttype, PACKET_HOST);
	ATF_CHECK_EQ(s.sll_hatype, 0);
	ATF_CHECK_EQ(s.sll_halen, 0);
}

ATF_TC_WITHOUT_HEAD(encode_five_items);
ATF_TC_BODY(encode_five_items, tc)
{
	/* packet.recvfrom-address (socket.rst:110) */
	sr_addr a = ll("lo", ETH_P_ALL, 5);
	struct sockaddr_ll s;

	a.u.ll.pkttype = PACKET_BROADCAST;
	a.u.ll.hatype = ARPHRD_ETHER;
	memcpy(a.u.ll.addr, "\x02\x00\x00\xaa\xbb\xcc\xdd\xee", 8);
	a.u.ll.addrlen = 8;
	s = enc(&a);
	ATF_CHECK_EQ(s.sll_pkttype, PACKET_BROADCAST);
	ATF_CHECK_EQ(s.sll_hatype, ARPHRD_ETHER);
	ATF_CHECK_EQ(s.sll_halen, 8);
	ATF_CHECK(memcmp(s.sll_addr, a.u.ll.addr, 8) == 0);
}

ATF_TC_WITHOUT_HEAD(encode_bad_item_count);
ATF_TC_BODY(encode_bad_item_count, tc)
{
	/* packet.specific-representation (socket.rst:110): two to five */
	static const int bad[] = {0, 1, 6};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		sr_addr a = ll("lo", 0, bad[i]);
		ATF_CHECK_EQ(enc_err(&a).kind, SR_ERR_TYPEERROR);
	}
}

ATF_TC_WITHOUT_HEAD(encode_unknown_interface);
ATF_TC_BODY(encode_unknown_interface, tc)
{
	/* packet.specific-representation (socket.rst:110): the name is looked
	 * up; an unknown one is OSError(ENODEV) */
	sr_addr a = ll("nosuchif0", 0, 2);
	sr_err e = enc_err(&a);

	ATF_CHECK_EQ(e.kind, SR_ERR_OSERROR);
	ATF_CHECK_EQ(e.code, ENODEV);
	a = ll("", 0, 2);
	ATF_CHECK_EQ(enc_err(&a).code, ENODEV);
	/* 15 bytes fit IFNAMSIZ: looked up, not refused as too long */
	a = ll("abcdefghijklmno", 0, 2);
	ATF_CHECK_EQ(enc_err(&a).code, ENODEV);
}

ATF_TC_WITHOUT_HEAD(encode_interface_name_too_long);
ATF_TC_BODY(encode_interface_name_too_long, tc)
{
	/* socket.rst:126: a name longer than IFNAMSIZ-1 is refused, not cut
	 * to a prefix that may name another interface */
	sr_addr a = ll("lo0123456789abcd", 0, 2);
	sr_err e = enc_err(&a);

	ATF_CHECK_EQ(e.kind, SR_ERR_OSERROR);
	ATF_CHECK_EQ(e.code, 0);
	ATF_CHECK_STREQ(e.msg, "AF_PACKET interface name too long");
	memset(a.u.ll.ifname, 'l', sizeof a.u.ll.ifname); /* no NUL at all */
	ATF_CHECK_EQ(enc_err(&a).code, 0);
}

ATF_TC_WITHOUT_HEAD(encode_hardware_address_too_long);
ATF_TC_BODY(encode_hardware_address_too_long, tc)
{
	/* packet.specific-representation (socket.rst:110): sll_addr holds 8 */
	sr_addr a = ll("lo", 0, 5);
	sr_err e;

	a.u.ll.addrlen = 9;
	e = enc_err(&a);
	ATF_CHECK_EQ(e.kind, SR_ERR_VALUEERROR);
	ATF_CHECK_STREQ(e.msg, "Hardware address must be 8 bytes or less");
	a.u.ll.addrlen = (size_t)-1;
	ATF_CHECK_EQ(enc_err(&a).kind, SR_ERR_VALUEERROR);
}

ATF_TC_WITHOUT_HEAD(encode_ranges);
ATF_TC_BODY(encode_ranges, tc)
{
	/* packet.specific-representation (socket.rst:110): proto is 16 bits,
	 * pkttype and hatype must fit their fields */
	sr_addr a = ll("lo", 65536, 2);
	sr_err e = enc_err(&a);

	ATF_CHECK_EQ(e.kind, SR_ERR_OVERFLOWERROR);
	ATF_CHECK_STREQ(e.msg, "proto must be 0-65535.");
	a = ll("lo", -1, 2);
	ATF_CHECK_EQ(enc_err(&a).kind, SR_ERR_OVERFLOWERROR);
	a = ll("lo", 0, 3);
	a.u.ll.pkttype = 256;
	ATF_CHECK_EQ(enc_err(&a).kind, SR_ERR_OVERFLOWERROR);
	a.u.ll.pkttype = -1;
	ATF_CHECK_EQ(enc_err(&a).kind, SR_ERR_OVERFLOWERROR);
	a = ll("lo", 0, 4);
	a.u.ll.hatype = 65536;
	ATF_CHECK_EQ(enc_err(&a).kind, SR_ERR_OVERFLOWERROR);
	a.u.ll.hatype = 65535;
	a.u.ll.pkttype = 255;
	ATF_CHECK_EQ(enc(&a).sll_hatype, 65535);
}

ATF_TC_WITHOUT_HEAD(decode_fields);
ATF_TC_BODY(decode_fields, tc)
{
	/* packet.specific-representation (socket.rst:110): five items, the
	 * hardware address exactly sll_halen bytes */
	struct sockaddr_ll s;
	sr_addr a;
	char buf[96];

	memset(&s, 0, sizeof s);
	s.sll_family = AF_PACKET;
	s.sll_ifindex = (int)if_nametoindex("lo");
	s.sll_protocol = htons(ETH_P_ALL);
	s.sll_hatype = ARPHRD_LOOPBACK;
	s.sll_halen = 6;
	SR_OK(sr_addr_decode(&s, sizeof s, &a, ERR));
	ATF_CHECK_EQ(a.family, AF_PACKET);
	ATF_CHECK_EQ(a.u.ll.n, 5);
	sr_addr_format(&a, buf, sizeof buf);
	ATF_CHECK_STREQ(buf, "('lo', 3, 0, 772, "
			     "b'\\x00\\x00\\x00\\x00\\x00\\x00')");
	/* index 0 and an unknown index give '' */
	s.sll_ifindex = 0;
	SR_OK(sr_addr_decode(&s, sizeof s, &a, ERR));
	ATF_CHECK_STREQ(a.u.ll.ifname, "");
	s.sll_ifindex = 0x7ffffff0;
	SR_OK(sr_addr_decode(&s, sizeof s, &a, ERR));
	ATF_CHECK_STREQ(a.u.ll.ifname, "");
}

ATF_TC_WITHOUT_HEAD(decode_lengths);
ATF_TC_BODY(decode_lengths, tc)
{
	/* socket.rst:126: sll_halen is trusted only as far as the bytes go;
	 * link types with long addresses (up to 32 bytes) are kept whole */
	unsigned char raw[64];
	struct sockaddr_ll s;
	size_t off = offsetof(struct sockaddr_ll, sll_addr);
	sr_addr a;

	memset(&s, 0, sizeof s);
	s.sll_family = AF_PACKET;
	s.sll_halen = 20;
	memset(raw, 0x5a, sizeof raw);
	memcpy(raw, &s, off);
	SR_OK(sr_addr_decode(raw, off + 20, &a, ERR));
	ATF_CHECK_EQ(a.u.ll.addrlen, 20u);
	ATF_CHECK_EQ(a.u.ll.addr[19], 0x5a);
	SR_FAILS(SR_ERR_OSERROR, 0, sr_addr_decode(raw, off + 19, &a, ERR));
	raw[offsetof(struct sockaddr_ll, sll_halen)] = 33;
	SR_FAILS(SR_ERR_OSERROR, 0, sr_addr_decode(raw, sizeof raw, &a, ERR));
	SR_FAILS(SR_ERR_OSERROR, 0, sr_addr_decode(raw, off - 1, &a, ERR));
	/* no hardware address: the fixed part alone is enough */
	raw[offsetof(struct sockaddr_ll, sll_halen)] = 0;
	SR_OK(sr_addr_decode(raw, off, &a, ERR));
	ATF_CHECK_EQ(a.u.ll.addrlen, 0u);
}

ATF_TC_WITHOUT_HEAD(round_trip);
ATF_TC_BODY(round_trip, tc)
{
	/* packet.specific-representation (socket.rst:110) */
	sr_addr a = ll("lo", ETH_P_ARP, 5), b;
	struct sockaddr_ll s, s2;
	size_t len;

	a.u.ll.pkttype = PACKET_OTHERHOST;
	a.u.ll.hatype = ARPHRD_ETHER;
	memcpy(a.u.ll.addr, "\x01\x02\x03\x04\x05\x06", 6);
	a.u.ll.addrlen = 6;
	s = enc(&a);
	SR_OK(sr_addr_decode(&s, sizeof s, &b, ERR));
	ATF_CHECK_STREQ(b.u.ll.ifname, "lo");
	ATF_CHECK_EQ(b.u.ll.proto, ETH_P_ARP);
	ATF_CHECK_EQ(b.u.ll.pkttype, PACKET_OTHERHOST);
	ATF_CHECK_EQ(b.u.ll.hatype, ARPHRD_ETHER);
	ATF_CHECK_EQ(b.u.ll.addrlen, 6u);
	ATF_CHECK(memcmp(b.u.ll.addr, a.u.ll.addr, 6) == 0);
	SR_OK(sr_addr_encode(&b, AF_PACKET, &s2, sizeof s2, &len, ERR));
	ATF_CHECK(memcmp(&s, &s2, sizeof s) == 0);
}

ATF_TC_WITHOUT_HEAD(kernel_bind_getsockname);
ATF_TC_BODY(kernel_bind_getsockname, tc)
{
	/* packet.specific-representation (socket.rst:110): bind(('lo', 0))
	 * and getsockname() is ('lo', proto, 0, 772, b'\0' * 6) */
	sr_addr a = ll("lo", ETH_P_ALL, 2);
	struct sockaddr_ll s = enc(&a);
	unsigned char got[64];
	socklen_t glen = sizeof got;
	int fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));

	if (fd < 0 && (errno == EPERM || errno == EACCES))
		atf_tc_skip("needs root: AF_PACKET needs CAP_NET_RAW");
	if (fd < 0 && errno == EAFNOSUPPORT)
		atf_tc_skip("needs host: running kernel has no AF_PACKET");
	ATF_REQUIRE(fd >= 0);
	if (bind(fd, (struct sockaddr *)&s, sizeof s) != 0)
		atf_tc_fail("bind: %s", strerror(errno));
	ATF_REQUIRE(getsockname(fd, (struct sockaddr *)got, &glen) == 0);
	SR_OK(sr_addr_decode(got, glen, &a, ERR));
	ATF_CHECK_STREQ(a.u.ll.ifname, "lo");
	ATF_CHECK_EQ(a.u.ll.proto, ETH_P_ALL);
	ATF_CHECK_EQ(a.u.ll.hatype, ARPHRD_LOOPBACK);
	ATF_CHECK_EQ(a.u.ll.addrlen, 6u);
	close(fd);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, encode_two_items);
	ATF_TP_ADD_TC(tp, encode_five_items);
	ATF_TP_ADD_TC(tp, encode_bad_item_count);
	ATF_TP_ADD_TC(tp, encode_unknown_interface);
	ATF_TP_ADD_TC(tp, encode_interface_name_too_long);
	ATF_TP_ADD_TC(tp, encode_hardware_address_too_long);
	ATF_TP_ADD_TC(tp, encode_ranges);
	ATF_TP_ADD_TC(tp, decode_fields);
	ATF_TP_ADD_TC(tp, decode_lengths);
	ATF_TP_ADD_TC(tp, round_trip);
	ATF_TP_ADD_TC(tp, kernel_bind_getsockname);
	return atf_no_error();
}
