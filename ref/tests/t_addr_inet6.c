/*
 * t_addr_inet6.c — AF_INET6 addresses (socket.rst:66-71, 117-126): (host,
 * port, flowinfo, scope_id) in a struct sockaddr_in6, the short forms, the
 * field ranges, and the kernel accepting the result.
 */
#include "helpers.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>

static sr_addr in6(const char *host, long long port, long long flowinfo,
		   long long scope_id, int n)
{
	sr_addr a;

	SR_OK(sr_addr_inet6(&a, host, port, flowinfo, scope_id, ERR));
	a.u.in6.n = n;
	return a;
}

static struct sockaddr_in6 enc(const sr_addr *a)
{
	struct sockaddr_in6 sin6;
	size_t len = 0;

	SR_OK(sr_addr_encode(a, AF_INET6, &sin6, sizeof sin6, &len, ERR));
	ATF_CHECK_EQ(len, sizeof sin6);
	ATF_CHECK_EQ(sin6.sin6_family, AF_INET6);
	return sin6;
}

static sr_err enc_err(const sr_addr *a)
{
	struct sockaddr_in6 sin6;
	size_t len;
	sr_err e = {0};

	if (sr_addr_encode(a, AF_INET6, &sin6, sizeof sin6, &len, &e) != -1)
		atf_tc_fail("('%s', ...) encoded", a->u.in6.host);
	return e;
}

static bool is_addr(const struct sockaddr_in6 *s, const char *text)
{
	struct in6_addr want;

	ATF_REQUIRE(inet_pton(AF_INET6, text, &want) == 1);
	return memcmp(&s->sin6_addr, &want, sizeof want) == 0;
}

ATF_TC_WITHOUT_HEAD(encode_four_tuple);
ATF_TC_BODY(encode_four_tuple, tc)
{
	/* inet6.flowinfo-scopeid-fields (socket.rst:67) */
	sr_addr a = in6("fe80::1", 80, 0x12345, 3, 4);
	struct sockaddr_in6 s = enc(&a);

	ATF_CHECK(is_addr(&s, "fe80::1"));
	ATF_CHECK_EQ(ntohs(s.sin6_port), 80);
	ATF_CHECK_EQ(ntohl(s.sin6_flowinfo), 0x12345u);
	ATF_CHECK_EQ(s.sin6_scope_id, 3u);
}

ATF_TC_WITHOUT_HEAD(encode_short_tuples);
ATF_TC_BODY(encode_short_tuples, tc)
{
	/* inet6.short-tuple-accepted (socket.rst:69): left-out items are 0
	 * whatever the fields hold */
	sr_addr a = in6("::1", 80, 99, 99, 2);
	struct sockaddr_in6 s = enc(&a);

	ATF_CHECK_EQ(s.sin6_flowinfo, 0u);
	ATF_CHECK_EQ(s.sin6_scope_id, 0u);
	a.u.in6.n = 3;
	s = enc(&a);
	ATF_CHECK_EQ(ntohl(s.sin6_flowinfo), 99u);
	ATF_CHECK_EQ(s.sin6_scope_id, 0u);
}

ATF_TC_WITHOUT_HEAD(encode_bad_item_count);
ATF_TC_BODY(encode_bad_item_count, tc)
{
	/* inet6.four-tuple (socket.rst:66): 2 to 4 items, else TypeError */
	static const int bad[] = {0, 1, 5, -1};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		sr_addr a = in6("::1", 80, 0, 0, bad[i]);
		ATF_CHECK_EQ(enc_err(&a).kind, SR_ERR_TYPEERROR);
	}
}

ATF_TC_WITHOUT_HEAD(encode_empty_is_any);
ATF_TC_BODY(encode_empty_is_any, tc)
{
	/* inet6.special-strings-ipv4-only (socket.rst:117): '' is '::' in
	 * CPython 3.11 (doc-notes.md) */
	sr_addr a = in6("", 0, 0, 0, 4);
	struct sockaddr_in6 s = enc(&a);

	ATF_CHECK(is_addr(&s, "::"));
}

ATF_TC_WITHOUT_HEAD(encode_broadcast_mismatch);
ATF_TC_BODY(encode_broadcast_mismatch, tc)
{
	/* inet6.special-strings-ipv4-only (socket.rst:117) */
	sr_addr a = in6("<broadcast>", 9, 0, 0, 4);
	sr_err e = enc_err(&a);

	ATF_CHECK_EQ(e.kind, SR_ERR_OSERROR);
	ATF_CHECK_EQ(e.code, 0);
	ATF_CHECK_STREQ(e.msg, "address family mismatched");
	a = in6("255.255.255.255", 9, 0, 0, 4);
	ATF_CHECK_EQ(enc_err(&a).kind, SR_ERR_OSERROR);
}

ATF_TC_WITHOUT_HEAD(encode_ranges);
ATF_TC_BODY(encode_ranges, tc)
{
	/* inet6.flowinfo-scopeid-fields (socket.rst:67); doc-notes.md 69-70:
	 * OverflowError for a port, flowinfo or scope_id that does not fit */
	sr_addr a = in6("::1", 65535, 0xfffff, 0xffffffffLL, 4);
	struct sockaddr_in6 s = enc(&a);
	sr_err e;

	ATF_CHECK_EQ(ntohl(s.sin6_flowinfo), 0xfffffu);
	ATF_CHECK_EQ(s.sin6_scope_id, 0xffffffffu);
	a = in6("::1", 80, 0x100000, 0, 4);
	e = enc_err(&a);
	ATF_CHECK_EQ(e.kind, SR_ERR_OVERFLOWERROR);
	ATF_CHECK_STREQ(e.msg, "flowinfo must be 0-1048575.");
	a = in6("::1", 80, -1, 0, 3);
	ATF_CHECK_EQ(enc_err(&a).kind, SR_ERR_OVERFLOWERROR);
	a = in6("::1", 80, 0, 1LL << 32, 4);
	ATF_CHECK_EQ(enc_err(&a).kind, SR_ERR_OVERFLOWERROR);
	a = in6("::1", 80, 0, -1, 4);
	ATF_CHECK_EQ(enc_err(&a).kind, SR_ERR_OVERFLOWERROR);
	a = in6("::1", 65536, 0, 0, 2);
	e = enc_err(&a);
	ATF_CHECK_EQ(e.kind, SR_ERR_OVERFLOWERROR);
	ATF_CHECK_STREQ(e.msg, "port must be 0-65535.");
	a = in6("::1", -1, 0, 0, 2);
	ATF_CHECK_EQ(enc_err(&a).kind, SR_ERR_OVERFLOWERROR);
}

ATF_TC_WITHOUT_HEAD(encode_name_like_resolver);
ATF_TC_BODY(encode_name_like_resolver, tc)
{
	/* inet.hostname-first-resolved-address (socket.rst:121): a name is
	 * the resolver's first AF_INET6 answer, or its gaierror */
	static const char *names[] = {"localhost", "127.0.0.1",
				      "nonexistent.invalid"};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		struct addrinfo hints = {0}, *res;
		sr_addr a = in6(names[i], 80, 0, 0, 4);
		int rc;

		hints.ai_family = AF_INET6;
		rc = getaddrinfo(names[i], NULL, &hints, &res);
		if (rc == 0) {
			struct sockaddr_in6 s = enc(&a);
			ATF_CHECK(memcmp(&s.sin6_addr,
					 &((struct sockaddr_in6 *)
						   res->ai_addr)->sin6_addr,
					 16) == 0);
			freeaddrinfo(res);
		} else if (rc != EAI_SYSTEM) {
			sr_err e = enc_err(&a);
			ATF_CHECK_EQ(e.kind, SR_ERR_GAIERROR);
			ATF_CHECK_EQ(e.code, rc);
		}
	}
}

ATF_TC_WITHOUT_HEAD(encode_scoped_name_uses_tuple_scope);
ATF_TC_BODY(encode_scoped_name_uses_tuple_scope, tc)
{
	/* inet6.scopeid-needed-link-local (socket.rst:70): a '%scope' host
	 * goes through the resolver; the tuple's scope_id is what is stored
	 * (CPython overwrites sin6_scope_id), so leaving it out loses it */
	sr_addr a = in6("fe80::1%lo", 80, 0, 0, 2);
	struct addrinfo hints = {0}, *res;
	struct sockaddr_in6 s;

	hints.ai_family = AF_INET6;
	if (getaddrinfo("fe80::1%lo", NULL, &hints, &res) != 0)
		atf_tc_skip("needs resolver: 'fe80::1%%lo' does not resolve");
	freeaddrinfo(res);
	s = enc(&a);
	ATF_CHECK(is_addr(&s, "fe80::1"));
	ATF_CHECK_EQ(s.sin6_scope_id, 0u);
	a = in6("fe80::1%lo", 80, 0, 7, 4);
	s = enc(&a);
	ATF_CHECK_EQ(s.sin6_scope_id, 7u);
}

ATF_TC_WITHOUT_HEAD(decode_fields);
ATF_TC_BODY(decode_fields, tc)
{
	/* inet6.four-tuple (socket.rst:66): numeric host without '%scope',
	 * always four items */
	struct sockaddr_in6 s;
	sr_addr a;

	memset(&s, 0, sizeof s);
	s.sin6_family = AF_INET6;
	ATF_REQUIRE(inet_pton(AF_INET6, "fe80::abcd", &s.sin6_addr) == 1);
	s.sin6_port = htons(5353);
	s.sin6_flowinfo = htonl(0xabcde);
	s.sin6_scope_id = 2;
	SR_OK(sr_addr_decode(&s, sizeof s, &a, ERR));
	ATF_CHECK_EQ(a.family, AF_INET6);
	ATF_CHECK_STREQ(a.u.in6.host, "fe80::abcd");
	ATF_CHECK_EQ(a.u.in6.port, 5353);
	ATF_CHECK_EQ(a.u.in6.flowinfo, 0xabcde);
	ATF_CHECK_EQ(a.u.in6.scope_id, 2);
	ATF_CHECK_EQ(a.u.in6.n, 4);
	SR_FAILS(SR_ERR_OSERROR, 0, sr_addr_decode(&s, sizeof s - 1, &a, ERR));
}

ATF_TC_WITHOUT_HEAD(round_trip);
ATF_TC_BODY(round_trip, tc)
{
	/* inet6.four-tuple (socket.rst:66) */
	static const char *hosts[] = {"::", "::1", "fe80::1", "2001:db8::5",
				      "::ffff:127.0.0.1"};

	for (size_t i = 0; i < sizeof hosts / sizeof hosts[0]; i++) {
		sr_addr a = in6(hosts[i], 1000 + (long long)i, (long long)i,
				(long long)i * 3, 4), b;
		struct sockaddr_in6 s = enc(&a);

		SR_OK(sr_addr_decode(&s, sizeof s, &b, ERR));
		ATF_CHECK_STREQ(b.u.in6.host, hosts[i]);
		ATF_CHECK_EQ(b.u.in6.port, a.u.in6.port);
		ATF_CHECK_EQ(b.u.in6.flowinfo, a.u.in6.flowinfo);
		ATF_CHECK_EQ(b.u.in6.scope_id, a.u.in6.scope_id);
	}
}

ATF_TC_WITHOUT_HEAD(kernel_bind_getsockname);
ATF_TC_BODY(kernel_bind_getsockname, tc)
{
	/* inet6.four-tuple (socket.rst:66): getsockname of a socket bound
	 * to ('::1', 0) is ('::1', port, 0, 0) */
	sr_addr a = in6("::1", 0, 0, 0, 2);
	struct sockaddr_in6 s = enc(&a), got;
	socklen_t glen = sizeof got;
	int fd = socket(AF_INET6, SOCK_DGRAM, 0);

	if (fd < 0 && errno == EAFNOSUPPORT)
		atf_tc_skip("needs host: running kernel has no AF_INET6");
	ATF_REQUIRE(fd >= 0);
	if (bind(fd, (struct sockaddr *)&s, sizeof s) != 0) {
		if (errno == EADDRNOTAVAIL)
			atf_tc_skip("needs host: no ::1 on loopback");
		atf_tc_fail("bind: %s", strerror(errno));
	}
	ATF_REQUIRE(getsockname(fd, (struct sockaddr *)&got, &glen) == 0);
	SR_OK(sr_addr_decode(&got, glen, &a, ERR));
	ATF_CHECK_STREQ(a.u.in6.host, "::1");
	ATF_CHECK(a.u.in6.port > 0);
	ATF_CHECK_EQ(a.u.in6.flowinfo, 0);
	ATF_CHECK_EQ(a.u.in6.scope_id, 0);
	ATF_CHECK_EQ(a.u.in6.n, 4);
	close(fd);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, encode_four_tuple);
	ATF_TP_ADD_TC(tp, encode_short_tuples);
	ATF_TP_ADD_TC(tp, encode_bad_item_count);
	ATF_TP_ADD_TC(tp, encode_empty_is_any);
	ATF_TP_ADD_TC(tp, encode_broadcast_mismatch);
	ATF_TP_ADD_TC(tp, encode_ranges);
	ATF_TP_ADD_TC(tp, encode_name_like_resolver);
	ATF_TP_ADD_TC(tp, encode_scoped_name_uses_tuple_scope);
	ATF_TP_ADD_TC(tp, decode_fields);
	ATF_TP_ADD_TC(tp, round_trip);
	ATF_TP_ADD_TC(tp, kernel_bind_getsockname);
	return atf_no_error();
}
