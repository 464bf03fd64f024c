/*
 * t_addr_handmade.c — address values a C caller fills in without the
 * constructors (sockref.h lets it: sr_addr is a plain struct). The codec
 * must not trust them: a host field with no NUL within it is refused with
 * the constructors' ValueError, never read past, and a count of items is
 * judged whatever was stored.
 */
#include "helpers.h"

static sr_err encode_err(const sr_addr *a, int family)
{
	struct sockaddr_storage ss;
	size_t len;
	sr_err e = {0};

	if (sr_addr_encode(a, family, &ss, sizeof ss, &len, &e) != -1)
		atf_tc_fail("a hand-made address of family %d encoded", family);
	return e;
}

/* The host fields of AF_INET and AF_INET6 are filled to the last byte:
 * no terminator, so no string, so ValueError (as sr_addr_inet says for a
 * host too long to store). One byte shorter it is a string again and goes
 * to the resolver, which finds no name of 1024 letters (a label longer
 * than 63 is refused without a query). */
static void fill_host(char *host)
{
	memset(host, 'a', SR_HOST_CAP);
}

ATF_TC_WITHOUT_HEAD(inet_unterminated_host);
ATF_TC_BODY(inet_unterminated_host, tc)
{
	sr_addr a;
	sr_err e;

	memset(&a, 0, sizeof a);
	a.family = AF_INET;
	fill_host(a.u.in.host);
	e = encode_err(&a, AF_INET);
	ATF_CHECK_EQ_MSG(e.kind, SR_ERR_VALUEERROR, "%s: %s",
			 sr_errkind_name(e.kind), e.msg);
	a.u.in.host[SR_HOST_CAP - 1] = '\0';
	e = encode_err(&a, AF_INET);
	ATF_CHECK_EQ_MSG(e.kind, SR_ERR_GAIERROR, "%s: %s",
			 sr_errkind_name(e.kind), e.msg);
}

ATF_TC_WITHOUT_HEAD(inet6_unterminated_host);
ATF_TC_BODY(inet6_unterminated_host, tc)
{
	sr_addr a;
	sr_err e;

	memset(&a, 0, sizeof a);
	a.family = AF_INET6;
	a.u.in6.n = 2;
	fill_host(a.u.in6.host);
	e = encode_err(&a, AF_INET6);
	ATF_CHECK_EQ_MSG(e.kind, SR_ERR_VALUEERROR, "%s: %s",
			 sr_errkind_name(e.kind), e.msg);
	a.u.in6.host[SR_HOST_CAP - 1] = '\0';
	e = encode_err(&a, AF_INET6);
	ATF_CHECK_EQ_MSG(e.kind, SR_ERR_GAIERROR, "%s: %s",
			 sr_errkind_name(e.kind), e.msg);
}

/* A zeroed AF_INET6 or AF_PACKET value says it has no items at all: the
 * count is refused (TypeError) before anything else is looked at. */
ATF_TC_WITHOUT_HEAD(zero_count);
ATF_TC_BODY(zero_count, tc)
{
	sr_addr a;
	sr_err e;

	memset(&a, 0, sizeof a);
	a.family = AF_INET6;
	snprintf(a.u.in6.host, sizeof a.u.in6.host, "::1");
	e = encode_err(&a, AF_INET6);
	ATF_CHECK_EQ(e.kind, SR_ERR_TYPEERROR);
	memset(&a, 0, sizeof a);
	a.family = AF_PACKET;
	snprintf(a.u.ll.ifname, sizeof a.u.ll.ifname, "lo");
	e = encode_err(&a, AF_PACKET);
	ATF_CHECK_EQ(e.kind, SR_ERR_TYPEERROR);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, inet_unterminated_host);
	ATF_TP_ADD_TC(tp, inet6_unterminated_host);
	ATF_TP_ADD_TC(tp, zero_count);
	return atf_no_error();
}
