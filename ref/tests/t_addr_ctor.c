/*
 * t_addr_ctor.c — the constructors of the interface-named families,
 * sr_addr_packet and sr_addr_can (sockref.h): what they store, what they
 * refuse (only what the value cannot hold, with the kind the codec gives
 * for a value the kernel cannot take), and a count set after construction
 * being judged by the codec. 'lo' always exists, so no test needs a device.
 */
#include "helpers.h"

#include <arpa/inet.h>
#include <linux/can.h>
#include <linux/if_packet.h>
#include <net/if.h>

/* A string of n 'x's (n < sizeof buf). */
static const char *xs(char *buf, size_t n)
{
	memset(buf, 'x', n);
	buf[n] = '\0';
	return buf;
}

static int encode(const sr_addr *a, int family, sr_err *err)
{
	struct sockaddr_storage ss;
	size_t len;

	return sr_addr_encode(a, family, &ss, sizeof ss, &len, err);
}

/* packet.specific-representation (socket.rst:110) */
ATF_TC_WITHOUT_HEAD(packet_stores_every_item);
ATF_TC_BODY(packet_stores_every_item, tc)
{
	sr_addr a;

	memset(&a, 0xa5, sizeof a); /* nothing of it may survive */
	SR_OK(sr_addr_packet(&a, "lo", 0x88b5, 3, 772, "\x01\x02\x03", 3,
			     ERR));
	ATF_CHECK_EQ(a.family, AF_PACKET);
	ATF_CHECK_STREQ(a.u.ll.ifname, "lo");
	ATF_CHECK_EQ(a.u.ll.proto, 0x88b5);
	ATF_CHECK_EQ(a.u.ll.pkttype, 3);
	ATF_CHECK_EQ(a.u.ll.hatype, 772);
	ATF_CHECK_EQ(a.u.ll.addrlen, 3);
	ATF_CHECK(memcmp(a.u.ll.addr, "\x01\x02\x03", 3) == 0);
	ATF_CHECK_EQ(a.u.ll.addr[3], 0);
	ATF_CHECK_EQ(a.u.ll.n, 5);
}

ATF_TC_WITHOUT_HEAD(packet_encodes_on_lo);
ATF_TC_BODY(packet_encodes_on_lo, tc)
{
	struct sockaddr_ll s;
	size_t len = 0;
	sr_addr a;

	SR_OK(sr_addr_packet(&a, "lo", 0x88b5, 0, 1, "\xaa\xbb", 2, ERR));
	SR_OK(sr_addr_encode(&a, AF_PACKET, &s, sizeof s, &len, ERR));
	ATF_CHECK_EQ(len, sizeof s);
	ATF_CHECK_EQ(s.sll_ifindex, (int)if_nametoindex("lo"));
	ATF_CHECK_EQ(ntohs(s.sll_protocol), 0x88b5);
	ATF_CHECK_EQ(s.sll_hatype, 1);
	ATF_CHECK_EQ(s.sll_halen, 2);
	/* the caller's count: a pair takes the defaults, whatever was
	 * stored for the items it lacks */
	a.u.ll.n = 2;
	SR_OK(sr_addr_encode(&a, AF_PACKET, &s, sizeof s, &len, ERR));
	ATF_CHECK_EQ(s.sll_pkttype, PACKET_HOST);
	ATF_CHECK_EQ(s.sll_hatype, 0);
	ATF_CHECK_EQ(s.sll_halen, 0);
}

/* The count is the codec's to judge: two to five items. */
ATF_TC_WITHOUT_HEAD(packet_count_judged_by_codec);
ATF_TC_BODY(packet_count_judged_by_codec, tc)
{
	sr_addr a;

	SR_OK(sr_addr_packet(&a, "lo", 0, 0, 0, NULL, 0, ERR));
	a.u.ll.n = 1;
	SR_FAILS(SR_ERR_TYPEERROR, 0, encode(&a, AF_PACKET, ERR));
	a.u.ll.n = 6;
	SR_FAILS(SR_ERR_TYPEERROR, 0, encode(&a, AF_PACKET, ERR));
	a.u.ll.n = 0;
	SR_FAILS(SR_ERR_TYPEERROR, 0, encode(&a, AF_PACKET, ERR));
}

ATF_TC_WITHOUT_HEAD(packet_refuses);
ATF_TC_BODY(packet_refuses, tc)
{
	char name[SR_IFNAME_CAP + 8];
	unsigned char hw[SR_HWADDR_CAP + 1] = {0};
	sr_addr a, keep;

	SR_OK(sr_addr_packet(&keep, "lo", 1, 0, 0, NULL, 0, ERR));
	a = keep;
	SR_FAILS(SR_ERR_VALUEERROR, 0,
		 sr_addr_packet(NULL, "lo", 0, 0, 0, NULL, 0, ERR));
	/* None for the name */
	SR_FAILS(SR_ERR_TYPEERROR, 0,
		 sr_addr_packet(&a, NULL, 0, 0, 0, NULL, 0, ERR));
	/* a name the value cannot hold: OSError, as the codec says for one
	 * the kernel cannot take */
	SR_FAILS(SR_ERR_OSERROR, 0,
		 sr_addr_packet(&a, xs(name, SR_IFNAME_CAP), 0, 0, 0, NULL, 0,
				ERR));
	SR_OK(sr_addr_packet(&a, xs(name, SR_IFNAME_CAP - 1), 0, 0, 0, NULL, 0,
			     ERR));
	SR_FAILS(SR_ERR_OSERROR, 0, encode(&a, AF_PACKET, ERR));
	SR_OK(sr_addr_packet(&a, xs(name, IFNAMSIZ), 0, 0, 0, NULL, 0, ERR));
	SR_FAILS(SR_ERR_OSERROR, 0, encode(&a, AF_PACKET, ERR));
	/* a hardware address: None with a length, or more than the value
	 * holds; ValueError as the codec says past sll_addr's 8 bytes */
	a = keep;
	SR_FAILS(SR_ERR_TYPEERROR, 0,
		 sr_addr_packet(&a, "lo", 0, 0, 0, NULL, 1, ERR));
	SR_FAILS(SR_ERR_VALUEERROR, 0,
		 sr_addr_packet(&a, "lo", 0, 0, 0, hw, SR_HWADDR_CAP + 1, ERR));
	/* a refused value leaves the caller's untouched */
	ATF_CHECK(memcmp(&a, &keep, sizeof a) == 0);
	SR_OK(sr_addr_packet(&a, "lo", 0, 0, 0, hw, SR_HWADDR_CAP, ERR));
	SR_FAILS(SR_ERR_VALUEERROR, 0, encode(&a, AF_PACKET, ERR));
	SR_OK(sr_addr_packet(&a, "lo", 0, 0, 0, hw, 9, ERR));
	SR_FAILS(SR_ERR_VALUEERROR, 0, encode(&a, AF_PACKET, ERR));
	SR_OK(sr_addr_packet(&a, "lo", 0, 0, 0, hw, 8, ERR));
	SR_OK(encode(&a, AF_PACKET, ERR));
}

/* can.* (socket.rst:97-100): ('',) is every interface */
ATF_TC_WITHOUT_HEAD(can_stores_and_encodes);
ATF_TC_BODY(can_stores_and_encodes, tc)
{
	struct sockaddr_can s;
	size_t len = 0;
	sr_addr a;

	memset(&a, 0xa5, sizeof a);
	SR_OK(sr_addr_can(&a, "lo", ERR));
	ATF_CHECK_EQ(a.family, AF_CAN);
	ATF_CHECK_STREQ(a.u.can.ifname, "lo");
	SR_OK(sr_addr_encode(&a, AF_CAN, &s, sizeof s, &len, ERR));
	ATF_CHECK_EQ(s.can_ifindex, (int)if_nametoindex("lo"));
	SR_OK(sr_addr_can(&a, "", ERR));
	SR_OK(sr_addr_encode(&a, AF_CAN, &s, sizeof s, &len, ERR));
	ATF_CHECK_EQ(s.can_ifindex, 0);
}

ATF_TC_WITHOUT_HEAD(can_refuses);
ATF_TC_BODY(can_refuses, tc)
{
	char name[SR_IFNAME_CAP + 8];
	sr_addr a, keep;

	SR_OK(sr_addr_can(&keep, "lo", ERR));
	a = keep;
	SR_FAILS(SR_ERR_VALUEERROR, 0, sr_addr_can(NULL, "lo", ERR));
	SR_FAILS(SR_ERR_TYPEERROR, 0, sr_addr_can(&a, NULL, ERR));
	SR_FAILS(SR_ERR_OSERROR, 0,
		 sr_addr_can(&a, xs(name, SR_IFNAME_CAP), ERR));
	SR_FAILS(SR_ERR_OSERROR, 0,
		 sr_addr_can(&a, xs(name, SR_IFNAME_CAP + 7), ERR));
	ATF_CHECK(memcmp(&a, &keep, sizeof a) == 0);
	/* within the value, past the kernel's IFNAMSIZ: the codec's OSError,
	 * the same kind */
	SR_OK(sr_addr_can(&a, xs(name, SR_IFNAME_CAP - 1), ERR));
	SR_FAILS(SR_ERR_OSERROR, 0, encode(&a, AF_CAN, ERR));
	SR_OK(sr_addr_can(&a, xs(name, IFNAMSIZ), ERR));
	SR_FAILS(SR_ERR_OSERROR, 0, encode(&a, AF_CAN, ERR));
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, packet_stores_every_item);
	ATF_TP_ADD_TC(tp, packet_encodes_on_lo);
	ATF_TP_ADD_TC(tp, packet_count_judged_by_codec);
	ATF_TP_ADD_TC(tp, packet_refuses);
	ATF_TP_ADD_TC(tp, can_stores_and_encodes);
	ATF_TP_ADD_TC(tp, can_refuses);
	return atf_no_error();
}
