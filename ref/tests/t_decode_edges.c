/*
 * t_decode_edges.c — sr_addr_decode takes any bytes (sockref.h: "struct
 * sockaddr -> typed value"), not only what a Linux system call returned:
 * a sockaddr one byte shorter than its family's fixed part, or one that
 * claims or carries more than the value can hold, is refused with an
 * OSError without errno, and the shortest complete one is accepted. The
 * encoder's handling of the items a short tuple leaves out is here too:
 * what the caller did not give must not reach the sockaddr.
 */
#include "helpers.h"

#include <arpa/inet.h>
#include <linux/can.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <linux/tipc.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stddef.h>
#include <sys/un.h>

/* Room for the longest input below: an AF_UNIX name one byte over the
 * value's capacity, after the family field. */
#define RAW_CAP (offsetof(struct sockaddr_un, sun_path) + SR_UNIX_PATH_CAP + 8)

static union {
	struct sockaddr_storage ss;
	unsigned char b[RAW_CAP];
} raw;

static void *fresh(int family)
{
	sa_family_t f = (sa_family_t)family;
	memset(&raw, 0, sizeof raw);
	memcpy(raw.b, &f, sizeof f);
	return raw.b;
}

/* decode must refuse len bytes with OSError (no errno) and leave *out
 * as it was */
static void refused(size_t len)
{
	sr_addr a;
	memset(&a, 0x5a, sizeof a);
	SR_FAILS(SR_ERR_OSERROR, 0, sr_addr_decode(raw.b, len, &a, ERR));
	ATF_CHECK_EQ(((unsigned char *)&a)[0], 0x5a);
}

static sr_addr accepted(size_t len)
{
	sr_addr a;
	SR_OK(sr_addr_decode(raw.b, len, &a, ERR));
	return a;
}

ATF_TC_WITHOUT_HEAD(inet_lengths);
ATF_TC_BODY(inet_lengths, tc)
{
	/* socket.rst:61: AF_INET is (host, port); sin_zero is padding, so
	 * 8 bytes are a whole address and 7 are not */
	struct sockaddr_in *sin = fresh(AF_INET);
	sr_addr a;
	sin->sin_port = htons(8080);
	sin->sin_addr.s_addr = htonl(0x7f000001);
	a = accepted(offsetof(struct sockaddr_in, sin_zero));
	ATF_CHECK_EQ(a.family, AF_INET);
	ATF_CHECK_STREQ(a.u.in.host, "127.0.0.1");
	ATF_CHECK_EQ(a.u.in.port, 8080);
	refused(offsetof(struct sockaddr_in, sin_zero) - 1);
	refused(sizeof(sa_family_t));
}

ATF_TC_WITHOUT_HEAD(inet6_lengths);
ATF_TC_BODY(inet6_lengths, tc)
{
	/* socket.rst:66: AF_INET6 is (host, port, flowinfo, scope_id); all
	 * of struct sockaddr_in6 carries them */
	struct sockaddr_in6 *sin6 = fresh(AF_INET6);
	sr_addr a;
	sin6->sin6_port = htons(443);
	sin6->sin6_addr = in6addr_loopback;
	sin6->sin6_scope_id = 7;
	a = accepted(sizeof *sin6);
	ATF_CHECK_EQ(a.family, AF_INET6);
	ATF_CHECK_STREQ(a.u.in6.host, "::1");
	ATF_CHECK_EQ(a.u.in6.port, 443);
	ATF_CHECK_EQ(a.u.in6.scope_id, 7);
	refused(sizeof *sin6 - 1);
}

ATF_TC_WITHOUT_HEAD(netlink_lengths);
ATF_TC_BODY(netlink_lengths, tc)
{
	/* socket.rst:73: AF_NETLINK is (pid, groups), the whole of struct
	 * sockaddr_nl */
	struct sockaddr_nl *nl = fresh(AF_NETLINK);
	sr_addr a;
	nl->nl_pid = 4321;
	nl->nl_groups = 5;
	a = accepted(sizeof *nl);
	ATF_CHECK_EQ(a.family, AF_NETLINK);
	ATF_CHECK_EQ(a.u.nl.pid, 4321);
	ATF_CHECK_EQ(a.u.nl.groups, 5);
	refused(sizeof *nl - 1);
}

ATF_TC_WITHOUT_HEAD(packet_lengths);
ATF_TC_BODY(packet_lengths, tc)
{
	/* socket.rst:110: AF_PACKET (ifname, proto, pkttype, hatype, addr);
	 * the fixed part of sockaddr_ll must be there, the hardware address
	 * must be as long as sll_halen says, and at most SR_HWADDR_CAP
	 * (the kernel's MAX_ADDR_LEN) bytes */
	size_t off = offsetof(struct sockaddr_ll, sll_addr);
	struct sockaddr_ll *ll = fresh(AF_PACKET);
	sr_addr a;

	ll->sll_protocol = htons(0x0800);
	ll->sll_halen = 0;
	a = accepted(off);
	ATF_CHECK_EQ(a.family, AF_PACKET);
	ATF_CHECK_EQ(a.u.ll.proto, 0x0800);
	ATF_CHECK_EQ(a.u.ll.addrlen, 0);
	refused(off - 1);
	/* claims 6 bytes, 4 given */
	ll->sll_halen = 6;
	refused(off + 4);
	/* exactly the capacity, read from past sll_addr's 8 bytes */
	ll->sll_halen = SR_HWADDR_CAP;
	memset(raw.b + off, 0xab, SR_HWADDR_CAP + 1);
	a = accepted(off + SR_HWADDR_CAP);
	ATF_CHECK_EQ(a.u.ll.addrlen, SR_HWADDR_CAP);
	ATF_CHECK_EQ(a.u.ll.addr[SR_HWADDR_CAP - 1], 0xab);
	/* one more than the value holds, every byte of it given */
	ll->sll_halen = SR_HWADDR_CAP + 1;
	refused(off + SR_HWADDR_CAP + 1);
}

ATF_TC_WITHOUT_HEAD(unix_lengths);
ATF_TC_BODY(unix_lengths, tc)
{
	/* socket.rst:47-51: an abstract name is all of its bytes; one of
	 * SR_UNIX_PATH_CAP bytes fits the value, one byte more is refused
	 * rather than cut */
	size_t off = offsetof(struct sockaddr_un, sun_path);
	sr_addr a;

	fresh(AF_UNIX);
	memset(raw.b + off + 1, 'n', SR_UNIX_PATH_CAP);
	a = accepted(off + SR_UNIX_PATH_CAP);
	ATF_CHECK_EQ(a.family, AF_UNIX);
	ATF_CHECK_EQ(a.u.un.len, SR_UNIX_PATH_CAP);
	ATF_CHECK(a.u.un.path[0] == '\0' &&
		  a.u.un.path[SR_UNIX_PATH_CAP - 1] == 'n');
	refused(off + SR_UNIX_PATH_CAP + 1);
	/* a filesystem path as long, without a NUL, likewise */
	raw.b[off] = '/';
	refused(off + SR_UNIX_PATH_CAP + 1);
}

ATF_TC_WITHOUT_HEAD(can_lengths);
ATF_TC_BODY(can_lengths, tc)
{
	/* socket.rst:97-100: AF_CAN is (interface,), read from can_ifindex;
	 * without all of can_ifindex there is no address. Index 0 names no
	 * interface: '' */
	size_t need = offsetof(struct sockaddr_can, can_ifindex) + sizeof(int);
	sr_addr a;

	fresh(AF_CAN);
	a = accepted(need);
	ATF_CHECK_EQ(a.family, AF_CAN);
	ATF_CHECK_STREQ(a.u.can.ifname, "");
	refused(need - 1);
}

ATF_TC_WITHOUT_HEAD(tipc_lengths_and_type);
ATF_TC_BODY(tipc_lengths_and_type, tc)
{
	/* socket.rst:75-95: AF_TIPC is (addr_type, v1, v2, v3, scope) from
	 * the whole struct sockaddr_tipc; an addr_type the document does
	 * not define is ValueError ("Invalid address type", as CPython) */
	struct sockaddr_tipc *t = fresh(AF_TIPC);
	sr_addr a;

	t->addrtype = TIPC_ADDR_ID;
	t->addr.id.node = 9;
	t->addr.id.ref = 10;
	t->scope = TIPC_NODE_SCOPE;
	a = accepted(sizeof *t);
	ATF_CHECK_EQ(a.family, AF_TIPC);
	ATF_CHECK_EQ(a.u.tipc.addr_type, TIPC_ADDR_ID);
	ATF_CHECK_EQ(a.u.tipc.v1, 9);
	ATF_CHECK_EQ(a.u.tipc.v2, 10);
	refused(sizeof *t - 1);
	t->addrtype = 9;
	memset(&a, 0x5a, sizeof a);
	SR_FAILS(SR_ERR_VALUEERROR, 0,
		 sr_addr_decode(raw.b, sizeof *t, &a, ERR));
}

ATF_TC_WITHOUT_HEAD(rds_lengths);
ATF_TC_BODY(rds_lengths, tc)
{
	/* doc-notes.md 261-271: an RDS address has the sockaddr_in layout;
	 * one labelled AF_RDS decodes to (host, port) of family AF_RDS, and
	 * a short one is refused like a short AF_INET address */
	struct sockaddr_in *sin = fresh(AF_RDS);
	sr_addr a;

	sin->sin_port = htons(18634);
	sin->sin_addr.s_addr = htonl(0x0a000001);
	a = accepted(sizeof *sin);
	ATF_CHECK_EQ(a.family, AF_RDS);
	ATF_CHECK_STREQ(a.u.in.host, "10.0.0.1");
	ATF_CHECK_EQ(a.u.in.port, 18634);
	refused(offsetof(struct sockaddr_in, sin_zero) - 1);
}

ATF_TC_WITHOUT_HEAD(unix_one_byte_path);
ATF_TC_BODY(unix_one_byte_path, tc)
{
	/* socket.rst:47: a filesystem path's sockaddr counts its NUL, also
	 * for the shortest path; only an abstract name (first byte NUL) is
	 * counted by its bytes alone */
	size_t off = offsetof(struct sockaddr_un, sun_path), len = 0;
	struct sockaddr_un sun;
	sr_addr a;

	SR_OK(sr_addr_unix(&a, "s", 1, ERR));
	memset(&sun, 0xee, sizeof sun);
	SR_OK(sr_addr_encode(&a, AF_UNIX, &sun, sizeof sun, &len, ERR));
	ATF_CHECK_EQ(len, off + 2);
	ATF_CHECK(sun.sun_path[0] == 's' && sun.sun_path[1] == '\0');
	SR_OK(sr_addr_unix(&a, "\0", 1, ERR));
	SR_OK(sr_addr_encode(&a, AF_UNIX, &sun, sizeof sun, &len, ERR));
	ATF_CHECK_EQ(len, off + 1);
}

/* AF_PACKET sockaddr for a hand-filled value of n items over "lo", the
 * items beyond n set to values that must not be used. */
static struct sockaddr_ll packet_of(int n)
{
	struct sockaddr_ll ll;
	size_t len = 0;
	sr_addr a;

	memset(&a, 0, sizeof a);
	a.family = AF_PACKET;
	strcpy(a.u.ll.ifname, "lo");
	a.u.ll.proto = 0x0800;
	a.u.ll.pkttype = PACKET_OTHERHOST;
	a.u.ll.hatype = 1;
	memcpy(a.u.ll.addr, "\x01\x02\x03\x04\x05\x06", 6);
	a.u.ll.addrlen = 6;
	a.u.ll.n = n;
	memset(&ll, 0xee, sizeof ll);
	SR_OK(sr_addr_encode(&a, AF_PACKET, &ll, sizeof ll, &len, ERR));
	ATF_CHECK_EQ(len, sizeof ll);
	return ll;
}

ATF_TC_WITHOUT_HEAD(packet_short_tuples);
ATF_TC_BODY(packet_short_tuples, tc)
{
	/* socket.rst:110 and sockaddr_ll's defaults (CPython's): an item
	 * the tuple leaves out takes its default — PACKET_HOST, hatype 0,
	 * no hardware address — whatever the sr_addr holds there */
	struct sockaddr_ll ll;

	if (if_nametoindex("lo") == 0)
		atf_tc_skip("needs the loopback interface");
	ll = packet_of(2);
	ATF_CHECK_EQ(ll.sll_pkttype, PACKET_HOST);
	ATF_CHECK_EQ(ll.sll_hatype, 0);
	ATF_CHECK_EQ(ll.sll_halen, 0);
	ll = packet_of(3);
	ATF_CHECK_EQ(ll.sll_pkttype, PACKET_OTHERHOST);
	ATF_CHECK_EQ(ll.sll_hatype, 0);
	ATF_CHECK_EQ(ll.sll_halen, 0);
	ll = packet_of(4);
	ATF_CHECK_EQ(ll.sll_hatype, 1);
	ATF_CHECK_EQ(ll.sll_halen, 0);
	ll = packet_of(5);
	ATF_CHECK_EQ(ll.sll_halen, 6);
	ATF_CHECK(memcmp(ll.sll_addr, "\x01\x02\x03\x04\x05\x06", 6) == 0);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, inet_lengths);
	ATF_TP_ADD_TC(tp, inet6_lengths);
	ATF_TP_ADD_TC(tp, netlink_lengths);
	ATF_TP_ADD_TC(tp, packet_lengths);
	ATF_TP_ADD_TC(tp, unix_lengths);
	ATF_TP_ADD_TC(tp, can_lengths);
	ATF_TP_ADD_TC(tp, tipc_lengths_and_type);
	ATF_TP_ADD_TC(tp, rds_lengths);
	ATF_TP_ADD_TC(tp, unix_one_byte_path);
	ATF_TP_ADD_TC(tp, packet_short_tuples);
	return atf_no_error();
}
