/*
 * t_addr_inet.c — AF_INET addresses (socket.rst:61-64, 115-126): (host,
 * port) in a struct sockaddr_in, the two special host strings, resolution
 * to the first answer, port ranges, and the kernel accepting the result.
 */
#include "helpers.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>

/* Encode (host, port) for an AF_INET socket; the call must succeed. */
static struct sockaddr_in enc(const char *host, long long port)
{
	struct sockaddr_in sin;
	sr_addr a;
	size_t len = 0;

	SR_OK(sr_addr_inet(&a, host, port, ERR));
	SR_OK(sr_addr_encode(&a, AF_INET, &sin, sizeof sin, &len, ERR));
	ATF_CHECK_EQ(len, sizeof sin);
	ATF_CHECK_EQ(sin.sin_family, AF_INET);
	return sin;
}

static sr_err enc_err(const char *host, long long port)
{
	struct sockaddr_in sin;
	sr_addr a;
	size_t len;
	sr_err e = {0};

	SR_OK(sr_addr_inet(&a, host, port, ERR));
	if (sr_addr_encode(&a, AF_INET, &sin, sizeof sin, &len, &e) != -1)
		atf_tc_fail("('%s', %lld) encoded", host, port);
	return e;
}

ATF_TC_WITHOUT_HEAD(encode_numeric);
ATF_TC_BODY(encode_numeric, tc)
{
	/* inet.numeric-host-deterministic (socket.rst:125) */
	struct sockaddr_in sin = enc("100.50.200.5", 8080);

	ATF_CHECK_EQ(ntohl(sin.sin_addr.s_addr), 0x6432c805u);
	ATF_CHECK_EQ(ntohs(sin.sin_port), 8080);
}

ATF_TC_WITHOUT_HEAD(encode_empty_is_any);
ATF_TC_BODY(encode_empty_is_any, tc)
{
	/* inet.empty-host-inaddr-any (socket.rst:115) */
	ATF_CHECK_EQ(enc("", 0).sin_addr.s_addr, htonl(INADDR_ANY));
}

ATF_TC_WITHOUT_HEAD(encode_broadcast);
ATF_TC_BODY(encode_broadcast, tc)
{
	/* inet.broadcast-host-string (socket.rst:116) */
	ATF_CHECK_EQ(enc("<broadcast>", 9).sin_addr.s_addr,
		     htonl(INADDR_BROADCAST));
	ATF_CHECK_EQ(enc("255.255.255.255", 9).sin_addr.s_addr,
		     htonl(INADDR_BROADCAST));
}

ATF_TC_WITHOUT_HEAD(encode_name_first_answer);
ATF_TC_BODY(encode_name_first_answer, tc)
{
	/* inet.hostname-first-resolved-address (socket.rst:121): the first
	 * AF_INET answer of the resolver, here for 'localhost' (/etc/hosts) */
	struct addrinfo hints = {0}, *res;
	struct sockaddr_in sin;
	int rc;

	hints.ai_family = AF_INET;
	rc = getaddrinfo("localhost", NULL, &hints, &res);
	if (rc != 0)
		atf_tc_skip("needs resolver: localhost does not resolve (%s)",
			    gai_strerror(rc));
	sin = enc("localhost", 80);
	ATF_CHECK_EQ(sin.sin_addr.s_addr,
		     ((struct sockaddr_in *)res->ai_addr)->sin_addr.s_addr);
	freeaddrinfo(res);
}

ATF_TC_WITHOUT_HEAD(encode_resolver_numeric_forms);
ATF_TC_BODY(encode_resolver_numeric_forms, tc)
{
	/* inet.hostname-as-host (socket.rst:62): what inet_pton refuses goes
	 * to the resolver, which takes the inet_aton forms ('127.1') */
	ATF_CHECK_EQ(ntohl(enc("127.1", 0).sin_addr.s_addr), 0x7f000001u);
}

ATF_TC_WITHOUT_HEAD(encode_unresolvable);
ATF_TC_BODY(encode_unresolvable, tc)
{
	/* errors.gaierror-sources (socket.rst:167) */
	sr_err e = enc_err("nonexistent.invalid", 80);

	ATF_CHECK_EQ(e.kind, SR_ERR_GAIERROR);
	ATF_CHECK(e.code != 0);
	ATF_CHECK_STREQ(e.msg, gai_strerror(e.code));
	/* the host is resolved before the port is checked, as in CPython */
	ATF_CHECK_EQ(enc_err("nonexistent.invalid", -1).kind,
		     SR_ERR_GAIERROR);
}

ATF_TC_WITHOUT_HEAD(encode_port_range);
ATF_TC_BODY(encode_port_range, tc)
{
	/* inet.port-is-int (socket.rst:64): 0-65535, else OverflowError */
	sr_err e;

	ATF_CHECK_EQ(ntohs(enc("127.0.0.1", 0).sin_port), 0);
	ATF_CHECK_EQ(ntohs(enc("127.0.0.1", 65535).sin_port), 65535);
	e = enc_err("127.0.0.1", 65536);
	ATF_CHECK_EQ(e.kind, SR_ERR_OVERFLOWERROR);
	ATF_CHECK_STREQ(e.msg, "port must be 0-65535.");
	ATF_CHECK_EQ(enc_err("127.0.0.1", -1).kind, SR_ERR_OVERFLOWERROR);
	ATF_CHECK_EQ(enc_err("127.0.0.1", 1LL << 40).kind,
		     SR_ERR_OVERFLOWERROR);
}

ATF_TC_WITHOUT_HEAD(encode_unterminated_host);
ATF_TC_BODY(encode_unterminated_host, tc)
{
	/* socket.rst:126: a host field with no NUL is refused, not read on */
	struct sockaddr_in sin;
	sr_addr a;
	size_t len;

	SR_OK(sr_addr_inet(&a, "", 80, ERR));
	memset(a.u.in.host, '1', sizeof a.u.in.host);
	SR_FAILS(SR_ERR_VALUEERROR, -1,
		 sr_addr_encode(&a, AF_INET, &sin, sizeof sin, &len, ERR));
}

ATF_TC_WITHOUT_HEAD(decode_fields);
ATF_TC_BODY(decode_fields, tc)
{
	/* inet.host-port-pair (socket.rst:61): dotted-quad str and int */
	struct sockaddr_in sin;
	sr_addr a;

	memset(&sin, 0x77, sizeof sin); /* sin_zero is not looked at */
	sin.sin_family = AF_INET;
	sin.sin_port = htons(443);
	sin.sin_addr.s_addr = htonl(0x0a010203);
	SR_OK(sr_addr_decode(&sin, sizeof sin, &a, ERR));
	ATF_CHECK_EQ(a.family, AF_INET);
	ATF_CHECK_STREQ(a.u.in.host, "10.1.2.3");
	ATF_CHECK_EQ(a.u.in.port, 443);
	SR_OK(sr_addr_decode(&sin, 8, &a, ERR));
	ATF_CHECK_STREQ(a.u.in.host, "10.1.2.3");
	SR_FAILS(SR_ERR_OSERROR, 0, sr_addr_decode(&sin, 7, &a, ERR));
}

ATF_TC_WITHOUT_HEAD(round_trip);
ATF_TC_BODY(round_trip, tc)
{
	/* inet.host-port-pair (socket.rst:61) */
	static const char *hosts[] = {"0.0.0.0", "127.0.0.1", "1.2.3.4",
				      "255.255.255.255"};

	for (size_t i = 0; i < sizeof hosts / sizeof hosts[0]; i++) {
		struct sockaddr_in sin = enc(hosts[i], (long long)i * 1000);
		sr_addr a;

		SR_OK(sr_addr_decode(&sin, sizeof sin, &a, ERR));
		ATF_CHECK_STREQ(a.u.in.host, hosts[i]);
		ATF_CHECK_EQ(a.u.in.port, (long long)i * 1000);
	}
}

ATF_TC_WITHOUT_HEAD(kernel_bind_getsockname);
ATF_TC_BODY(kernel_bind_getsockname, tc)
{
	/* inet.host-port-pair (socket.rst:61): the kernel takes the sockaddr
	 * and its getsockname() decodes to the same host */
	struct sockaddr_in sin = enc("127.0.0.1", 0), got;
	socklen_t glen = sizeof got;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	sr_addr a;

	ATF_REQUIRE(fd >= 0);
	if (bind(fd, (struct sockaddr *)&sin, sizeof sin) != 0)
		atf_tc_fail("bind: %s", strerror(errno));
	ATF_REQUIRE(getsockname(fd, (struct sockaddr *)&got, &glen) == 0);
	SR_OK(sr_addr_decode(&got, glen, &a, ERR));
	ATF_CHECK_EQ(a.family, AF_INET);
	ATF_CHECK_STREQ(a.u.in.host, "127.0.0.1");
	ATF_CHECK(a.u.in.port > 0 && a.u.in.port <= 65535);
	close(fd);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, encode_numeric);
	ATF_TP_ADD_TC(tp, encode_empty_is_any);
	ATF_TP_ADD_TC(tp, encode_broadcast);
	ATF_TP_ADD_TC(tp, encode_name_first_answer);
	ATF_TP_ADD_TC(tp, encode_resolver_numeric_forms);
	ATF_TP_ADD_TC(tp, encode_unresolvable);
	ATF_TP_ADD_TC(tp, encode_port_range);
	ATF_TP_ADD_TC(tp, encode_unterminated_host);
	ATF_TP_ADD_TC(tp, decode_fields);
	ATF_TP_ADD_TC(tp, round_trip);
	ATF_TP_ADD_TC(tp, kernel_bind_getsockname);
	return atf_no_error();
}
