/*
 * t_addr_rds.c — AF_RDS addresses. The document gives no format
 * (doc-notes.md, 261-271); CPython and the kernel use struct sockaddr_in,
 * so an RDS socket takes the AF_INET (host, port) shape. The codec runs
 * anywhere; binding a real RDS socket needs a kernel with AF_RDS.
 */
#include "helpers.h"

#include <arpa/inet.h>
#include <netinet/in.h>

static sr_addr rds(const char *host, long long port, int family)
{
	sr_addr a;

	SR_OK(sr_addr_inet(&a, host, port, ERR));
	a.family = family;
	return a;
}

static struct sockaddr_in enc(const sr_addr *a)
{
	struct sockaddr_in sin;
	size_t len = 0;

	SR_OK(sr_addr_encode(a, AF_RDS, &sin, sizeof sin, &len, ERR));
	ATF_CHECK_EQ(len, sizeof sin);
	/* rds_bind() wants AF_INET in the sockaddr */
	ATF_CHECK_EQ(sin.sin_family, AF_INET);
	return sin;
}

static sr_err enc_err(const sr_addr *a, int sock_family)
{
	struct sockaddr_in sin;
	size_t len;
	sr_err e = {0};

	if (sr_addr_encode(a, sock_family, &sin, sizeof sin, &len, &e) != -1)
		atf_tc_fail("address encoded for family %d", sock_family);
	return e;
}

ATF_TC_WITHOUT_HEAD(encode_rds_shape);
ATF_TC_BODY(encode_rds_shape, tc)
{
	/* rds.seqpacket-sendto (socket.rst:1008): (host, port) */
	sr_addr a = rds("127.0.0.1", 4000, AF_RDS);
	struct sockaddr_in sin = enc(&a);

	ATF_CHECK_EQ(ntohl(sin.sin_addr.s_addr), INADDR_LOOPBACK);
	ATF_CHECK_EQ(ntohs(sin.sin_port), 4000);
}

ATF_TC_WITHOUT_HEAD(encode_accepts_inet_value);
ATF_TC_BODY(encode_accepts_inet_value, tc)
{
	/* families.address-format-by-family (socket.rst:43): an RDS socket
	 * takes the AF_INET value too, since the shape is the same */
	sr_addr a = rds("10.0.0.1", 1, AF_INET);

	ATF_CHECK_EQ(ntohl(enc(&a).sin_addr.s_addr), 0x0a000001u);
}

ATF_TC_WITHOUT_HEAD(encode_family_mismatch);
ATF_TC_BODY(encode_family_mismatch, tc)
{
	/* families.address-format-by-family (socket.rst:43) */
	sr_addr a = rds("127.0.0.1", 1, AF_RDS), b;

	ATF_CHECK_EQ(enc_err(&a, AF_INET).kind, SR_ERR_TYPEERROR);
	SR_OK(sr_addr_inet6(&b, "::1", 1, 0, 0, ERR));
	ATF_CHECK_EQ(enc_err(&b, AF_RDS).kind, SR_ERR_TYPEERROR);
}

ATF_TC_WITHOUT_HEAD(encode_inet_rules);
ATF_TC_BODY(encode_inet_rules, tc)
{
	/* inet.empty-host-inaddr-any (socket.rst:115), inet.port-is-int (64):
	 * the AF_INET rules apply unchanged */
	sr_addr a = rds("", 0, AF_RDS);
	sr_err e;

	ATF_CHECK_EQ(enc(&a).sin_addr.s_addr, htonl(INADDR_ANY));
	a = rds("<broadcast>", 0, AF_RDS);
	ATF_CHECK_EQ(enc(&a).sin_addr.s_addr, htonl(INADDR_BROADCAST));
	a = rds("127.0.0.1", 70000, AF_RDS);
	e = enc_err(&a, AF_RDS);
	ATF_CHECK_EQ(e.kind, SR_ERR_OVERFLOWERROR);
	ATF_CHECK_STREQ(e.msg, "port must be 0-65535.");
	a = rds("nonexistent.invalid", 1, AF_RDS);
	ATF_CHECK_EQ(enc_err(&a, AF_RDS).kind, SR_ERR_GAIERROR);
}

ATF_TC_WITHOUT_HEAD(decode_is_inet_shape);
ATF_TC_BODY(decode_is_inet_shape, tc)
{
	/* rds.recvmsg-address (socket.rst:888): the kernel reports RDS peers
	 * as AF_INET sockaddrs, which decode to ('127.0.0.1', port) */
	sr_addr a = rds("127.0.0.1", 4000, AF_RDS), b;
	struct sockaddr_in sin = enc(&a), again;
	char buf[32];

	SR_OK(sr_addr_decode(&sin, sizeof sin, &b, ERR));
	ATF_CHECK_EQ(b.family, AF_INET);
	sr_addr_format(&b, buf, sizeof buf);
	ATF_CHECK_STREQ(buf, "('127.0.0.1', 4000)");
	/* and that value goes back to an RDS socket as it came */
	again = enc(&b);
	ATF_CHECK(memcmp(&again, &sin, sizeof sin) == 0);
}

ATF_TC_WITHOUT_HEAD(decode_rds_label);
ATF_TC_BODY(decode_rds_label, tc)
{
	/* rds.recvmsg-address (socket.rst:888): a sockaddr_in labelled
	 * AF_RDS reads the same, keeping the label */
	struct sockaddr_in sin;
	sr_addr a;

	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_RDS;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons(18);
	SR_OK(sr_addr_decode(&sin, sizeof sin, &a, ERR));
	ATF_CHECK_EQ(a.family, AF_RDS);
	ATF_CHECK_STREQ(a.u.in.host, "127.0.0.1");
	ATF_CHECK_EQ(a.u.in.port, 18);
	SR_FAILS(SR_ERR_OSERROR, 0, sr_addr_decode(&sin, 7, &a, ERR));
}

ATF_TC_WITHOUT_HEAD(kernel_bind_getsockname);
ATF_TC_BODY(kernel_bind_getsockname, tc)
{
	/* rds.socket-creation (socket.rst:452): an RDS socket binds to the
	 * encoded ('127.0.0.1', 0) and reports an AF_INET address */
	sr_addr a = rds("127.0.0.1", 0, AF_RDS);
	struct sockaddr_in sin, got;
	socklen_t glen = sizeof got;
	int fd;

	require_family(AF_RDS, "vm:rds", "AF_RDS");
	sin = enc(&a);
	fd = socket(AF_RDS, SOCK_SEQPACKET, 0);
	ATF_REQUIRE(fd >= 0);
	if (bind(fd, (struct sockaddr *)&sin, sizeof sin) != 0)
		atf_tc_fail("bind: %s", strerror(errno));
	ATF_REQUIRE(getsockname(fd, (struct sockaddr *)&got, &glen) == 0);
	SR_OK(sr_addr_decode(&got, glen, &a, ERR));
	ATF_CHECK_EQ(a.family, AF_INET);
	ATF_CHECK_STREQ(a.u.in.host, "127.0.0.1");
	close(fd);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, encode_rds_shape);
	ATF_TP_ADD_TC(tp, encode_accepts_inet_value);
	ATF_TP_ADD_TC(tp, encode_family_mismatch);
	ATF_TP_ADD_TC(tp, encode_inet_rules);
	ATF_TP_ADD_TC(tp, decode_is_inet_shape);
	ATF_TP_ADD_TC(tp, decode_rds_label);
	ATF_TP_ADD_TC(tp, kernel_bind_getsockname);
	return atf_no_error();
}
