/*
 * t_constants.c — the module's integer constants (socket.rst:189-291):
 * present per documented group, equal to the C headers' values, and
 * looked up by name.
 */
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

#include <linux/can.h>
#include <linux/can/bcm.h>
#include <linux/can/raw.h>

#include "helpers.h"

static long long value_of(const char *name)
{
	long long v;

	if (sr_constant_value(name, &v) < 0)
		atf_tc_fail("constant %s missing", name);
	return v;
}

#define CHECK_CONST(name) ATF_CHECK_EQ_MSG(value_of(#name), (long long)(name), \
					   "%s", #name)

/* constants.core-families, constants.af-unix-presence */
ATF_TC_WITHOUT_HEAD(core_families);
ATF_TC_BODY(core_families, tc)
{
	static const char *names[] = {"AF_UNIX", "AF_INET", "AF_INET6"};
	size_t i;

	CHECK_CONST(AF_UNIX);
	CHECK_CONST(AF_INET);
	CHECK_CONST(AF_INET6);
	for (i = 0; i < 3; i++) {
		int fd = socket((int)value_of(names[i]), SOCK_STREAM, 0);
		ATF_CHECK_MSG(fd >= 0, "socket(%s): %s", names[i],
			      strerror(errno));
		if (fd >= 0)
			close(fd);
	}
}

/* constants.more-families-system-dependent */
ATF_TC_WITHOUT_HEAD(more_families);
ATF_TC_BODY(more_families, tc)
{
	CHECK_CONST(AF_NETLINK);
	CHECK_CONST(AF_PACKET);
	/* socket.rst:110 names AF_BLUETOOTH beside AF_PACKET */
	CHECK_CONST(AF_BLUETOOTH);
	CHECK_CONST(AF_UNSPEC);
	CHECK_CONST(PF_CAN);
	CHECK_CONST(PF_PACKET);
	CHECK_CONST(PF_RDS);
}

/* constants.socket-types */
ATF_TC_WITHOUT_HEAD(socket_types);
ATF_TC_BODY(socket_types, tc)
{
	ATF_CHECK_EQ(value_of("SOCK_STREAM"), 1);
	ATF_CHECK_EQ(value_of("SOCK_DGRAM"), 2);
	ATF_CHECK_EQ(value_of("SOCK_RAW"), 3);
	ATF_CHECK_EQ(value_of("SOCK_RDM"), 4);
	ATF_CHECK_EQ(value_of("SOCK_SEQPACKET"), 5);
}

/* constants.sock-flags-availability */
ATF_TC_WITHOUT_HEAD(sock_flags);
ATF_TC_BODY(sock_flags, tc)
{
	ATF_CHECK_EQ(value_of("SOCK_CLOEXEC"), 02000000);
	ATF_CHECK_EQ(value_of("SOCK_NONBLOCK"), 04000);
}

/* constants.values-from-headers, constants.so-options-roundtrip,
 * constants.msg-flags, constants.ip-ipv6-tcp-options */
ATF_TC_WITHOUT_HEAD(values_from_headers);
ATF_TC_BODY(values_from_headers, tc)
{
	CHECK_CONST(SO_REUSEADDR);
	CHECK_CONST(SO_KEEPALIVE);
	CHECK_CONST(SO_TYPE);
	CHECK_CONST(MSG_PEEK);
	CHECK_CONST(MSG_DONTWAIT);
	CHECK_CONST(IP_TTL);
	CHECK_CONST(IPV6_V6ONLY);
	CHECK_CONST(TCP_NODELAY);
	CHECK_CONST(AF_INET6);
	CHECK_CONST(SHUT_RDWR);
}

/* constants.somaxconn */
ATF_TC_WITHOUT_HEAD(somaxconn);
ATF_TC_BODY(somaxconn, tc)
{
	CHECK_CONST(SOMAXCONN);
}

/* constants.sol-levels, constants.scm-types */
ATF_TC_WITHOUT_HEAD(sol_scm);
ATF_TC_BODY(sol_scm, tc)
{
	ATF_CHECK_EQ(value_of("SOL_SOCKET"), 1);
	ATF_CHECK_EQ(value_of("SOL_IP"), 0);
	/* glibc leaves these to the kernel headers: CPython's defaults */
	ATF_CHECK_EQ(value_of("SOL_TCP"), 6);
	ATF_CHECK_EQ(value_of("SOL_UDP"), 17);
	ATF_CHECK_EQ(value_of("SCM_RIGHTS"), 1);
	CHECK_CONST(SCM_CREDENTIALS);
}

/* constants.ipproto, constants.ipport, constants.inaddr */
ATF_TC_WITHOUT_HEAD(ipproto_ipport_inaddr);
ATF_TC_BODY(ipproto_ipport_inaddr, tc)
{
	ATF_CHECK_EQ(value_of("IPPROTO_TCP"), 6);
	ATF_CHECK_EQ(value_of("IPPROTO_UDP"), 17);
	ATF_CHECK_EQ(value_of("IPPROTO_ICMP"), 1);
	ATF_CHECK_EQ(value_of("IPPORT_RESERVED"), 1024);
	ATF_CHECK_EQ(value_of("IPPORT_USERRESERVED"), 5000);
	ATF_CHECK_EQ(value_of("INADDR_ANY"), 0);
	ATF_CHECK_EQ(value_of("INADDR_BROADCAST"), 0xffffffffLL);
	ATF_CHECK_EQ(value_of("INADDR_LOOPBACK"), 0x7f000001LL);
	ATF_CHECK_EQ(value_of("INADDR_NONE"), 0xffffffffLL);
}

/* constants.eai-ai-ni */
ATF_TC_WITHOUT_HEAD(eai_ai_ni);
ATF_TC_BODY(eai_ai_ni, tc)
{
	CHECK_CONST(EAI_NONAME);
	CHECK_CONST(EAI_ADDRFAMILY);
	CHECK_CONST(EAI_SYSTEM);
	CHECK_CONST(AI_PASSIVE);
	CHECK_CONST(AI_CANONNAME);
	CHECK_CONST(AI_NUMERICHOST);
	CHECK_CONST(NI_NUMERICHOST);
	CHECK_CONST(NI_NUMERICSERV);
	CHECK_CONST(NI_NAMEREQD);
	CHECK_CONST(NI_MAXHOST);
}

/* constants.values-from-headers: the Linux-specific groups (CAN, RDS,
 * TIPC, netlink, packet types) exist whenever their headers do */
ATF_TC_WITHOUT_HEAD(linux_groups);
ATF_TC_BODY(linux_groups, tc)
{
	CHECK_CONST(AF_CAN);
	CHECK_CONST(CAN_RAW);
	CHECK_CONST(CAN_BCM);
	CHECK_CONST(CAN_EFF_FLAG);
	CHECK_CONST(SOL_CAN_BASE);
	CHECK_CONST(SOL_CAN_RAW);
	CHECK_CONST(CAN_RAW_FILTER);
	CHECK_CONST(CAN_RAW_LOOPBACK);
	ATF_CHECK_EQ(value_of("CAN_BCM_TX_SETUP"), TX_SETUP);
	ATF_CHECK_EQ(value_of("CAN_BCM_RX_CHANGED"), RX_CHANGED);
	ATF_CHECK_EQ(value_of("CAN_BCM_SETTIMER"), SETTIMER);
	ATF_CHECK(sr_constant_value("TX_SETUP", &(long long){0}) == -1);
	CHECK_CONST(AF_RDS);
	CHECK_CONST(SOL_RDS);
	ATF_CHECK_EQ(value_of("RDS_CANCEL_SENT_TO"), 1);
	CHECK_CONST(AF_TIPC);
	CHECK_CONST(SOL_TIPC);
	ATF_CHECK_EQ(value_of("TIPC_ADDR_NAMESEQ"), 1);
	ATF_CHECK_EQ(value_of("TIPC_ADDR_NAME"), 2);
	ATF_CHECK_EQ(value_of("TIPC_ADDR_ID"), 3);
	ATF_CHECK_EQ(value_of("TIPC_CLUSTER_SCOPE"), 2);
	ATF_CHECK_EQ(value_of("NETLINK_ROUTE"), 0);
	ATF_CHECK_EQ(value_of("PACKET_HOST"), 0);
	ATF_CHECK_EQ(value_of("PACKET_OUTGOING"), 4);
}

/* constants.has-ipv6 */
ATF_TC_WITHOUT_HEAD(has_ipv6);
ATF_TC_BODY(has_ipv6, tc)
{
	int fd;

	ATF_CHECK_EQ(value_of("has_ipv6"), 1);
	fd = socket(AF_INET6, SOCK_DGRAM, 0);
	ATF_CHECK_MSG(fd >= 0, "socket(AF_INET6): %s", strerror(errno));
	if (fd >= 0)
		close(fd);
}

/* constants.values-from-headers: every documented group is represented,
 * names are unique identifiers, and lookup agrees with the table */
ATF_TC_WITHOUT_HEAD(table_shape);
ATF_TC_BODY(table_shape, tc)
{
	static const char *groups[] = {
		"AF_", "PF_", "SOCK_", "SO_", "SOMAXCONN", "MSG_", "SOL_",
		"SCM_", "IPPROTO_", "IPPORT_", "INADDR_", "IP_", "IPV6_",
		"EAI_", "AI_", "NI_", "TCP_", "CAN_", "SOL_CAN_", "CAN_RAW_",
		"CAN_BCM_", "RDS_", "SOL_RDS", "TIPC_", "SOL_TIPC", "SHUT_",
		"NETLINK_", "PACKET_", "has_ipv6",
	};
	const sr_constant *t;
	size_t n, i, j, g;
	long long v;

	t = sr_constants(&n);
	ATF_REQUIRE(n > 200);
	for (g = 0; g < sizeof groups / sizeof groups[0]; g++) {
		for (i = 0; i < n; i++)
			if (strncmp(t[i].name, groups[g],
				    strlen(groups[g])) == 0)
				break;
		ATF_CHECK_MSG(i < n, "no constant in group %s", groups[g]);
	}
	for (i = 0; i < n; i++) {
		ATF_CHECK_MSG(strspn(t[i].name,
				     "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				     "abcdefghijklmnopqrstuvwxyz0123456789_") ==
				      strlen(t[i].name),
			      "odd name %s", t[i].name);
		for (j = i + 1; j < n; j++)
			ATF_CHECK_MSG(strcmp(t[i].name, t[j].name) != 0,
				      "%s twice", t[i].name);
		ATF_CHECK(sr_constant_value(t[i].name, &v) == 0);
		ATF_CHECK_EQ(v, t[i].value);
	}
	/* Windows-only names are not there (out of scope, sockref.h). */
	ATF_CHECK(sr_constant_value("SIO_RCVALL", &v) == -1);
	ATF_CHECK(sr_constant_value("RCVALL_ON", &v) == -1);
	ATF_CHECK(sr_constant_value("PF_SYSTEM", &v) == -1);
	ATF_CHECK(sr_constant_value("NO_SUCH_CONSTANT", &v) == -1);
	ATF_CHECK(sr_constant_value(NULL, &v) == -1);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, core_families);
	ATF_TP_ADD_TC(tp, more_families);
	ATF_TP_ADD_TC(tp, socket_types);
	ATF_TP_ADD_TC(tp, sock_flags);
	ATF_TP_ADD_TC(tp, values_from_headers);
	ATF_TP_ADD_TC(tp, somaxconn);
	ATF_TP_ADD_TC(tp, sol_scm);
	ATF_TP_ADD_TC(tp, ipproto_ipport_inaddr);
	ATF_TP_ADD_TC(tp, eai_ai_ni);
	ATF_TP_ADD_TC(tp, linux_groups);
	ATF_TP_ADD_TC(tp, has_ipv6);
	ATF_TP_ADD_TC(tp, table_shape);
	return atf_no_error();
}
