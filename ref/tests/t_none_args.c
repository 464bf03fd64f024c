/*
 * t_none_args.c — a NULL string is Python's None (sockref.h,
 * "Conventions"): where the document takes only a string it is TypeError,
 * raised before any lookup or system call (socket.rst:128, errors.standard-
 * type-errors), and the caller's outputs are left alone. Also the other
 * shape the library judges for getnameinfo, the count of an AF_INET6
 * (host, port[, flowinfo[, scope_id]]) tuple.
 */
#include "helpers.h"

#include <netdb.h>

ATF_TC_WITHOUT_HEAD(host_lookups);
ATF_TC_BODY(host_lookups, tc)
{
	char out[16] = "untouched";
	sr_hostent h;

	SR_FAILS(SR_ERR_TYPEERROR, 0, sr_gethostbyname(NULL, out, ERR));
	ATF_CHECK_STREQ(out, "untouched");
	SR_FAILS(SR_ERR_TYPEERROR, 0, sr_gethostbyname_ex(NULL, &h, ERR));
	SR_FAILS(SR_ERR_TYPEERROR, 0, sr_gethostbyaddr(NULL, &h, ERR));
}

ATF_TC_WITHOUT_HEAD(address_strings);
ATF_TC_BODY(address_strings, tc)
{
	unsigned char out[16] = {7};
	size_t len = 99;

	SR_FAILS(SR_ERR_TYPEERROR, 0, sr_inet_aton(NULL, out, ERR));
	SR_FAILS(SR_ERR_TYPEERROR, 0,
		 sr_inet_pton(AF_INET, NULL, out, &len, ERR));
	SR_FAILS(SR_ERR_TYPEERROR, 0,
		 sr_inet_pton(AF_INET6, NULL, out, &len, ERR));
	ATF_CHECK_EQ(out[0], 7);
	ATF_CHECK_EQ(len, 99);
	/* a string that is not an address is still OSError */
	SR_FAILS(SR_ERR_OSERROR, 0, sr_inet_aton("1.2.3.x", out, ERR));
}

ATF_TC_WITHOUT_HEAD(database_names);
ATF_TC_BODY(database_names, tc)
{
	int n = -7;

	SR_FAILS(SR_ERR_TYPEERROR, 0, sr_getprotobyname(NULL, &n, ERR));
	SR_FAILS(SR_ERR_TYPEERROR, 0, sr_getservbyname(NULL, NULL, &n, ERR));
	SR_FAILS(SR_ERR_TYPEERROR, 0,
		 sr_getservbyname(NULL, "tcp", &n, ERR));
	ATF_CHECK_EQ(n, -7);
	/* a name the database lacks is still OSError */
	SR_FAILS(SR_ERR_OSERROR, 0,
		 sr_getprotobyname("no-such-protocol", &n, ERR));
	SR_FAILS(SR_ERR_OSERROR, 0,
		 sr_getservbyname("no-such-service", NULL, &n, ERR));
}

/* Refused before the system call, so no privilege is needed to see it. */
ATF_TC_WITHOUT_HEAD(interface_and_host_names);
ATF_TC_BODY(interface_and_host_names, tc)
{
	unsigned int idx = 12345;
	sr_addr a;

	SR_FAILS(SR_ERR_TYPEERROR, 0, sr_sethostname(NULL, 0, ERR));
	SR_FAILS(SR_ERR_TYPEERROR, 0, sr_if_nametoindex(NULL, &idx, ERR));
	ATF_CHECK_EQ(idx, 12345);
	SR_FAILS(SR_ERR_TYPEERROR, 0, sr_addr_inet(&a, NULL, 80, ERR));
	SR_FAILS(SR_ERR_TYPEERROR, 0, sr_addr_inet6(&a, NULL, 80, 0, 0, ERR));
	SR_FAILS(SR_ERR_TYPEERROR, 0,
		 sr_addr_packet(&a, NULL, 0, 0, 0, NULL, 0, ERR));
	SR_FAILS(SR_ERR_TYPEERROR, 0, sr_addr_can(&a, NULL, ERR));
}

/* resolve.getnameinfo-two-tuple: "si|II", two to four items */
ATF_TC_WITHOUT_HEAD(getnameinfo_item_count);
ATF_TC_BODY(getnameinfo_item_count, tc)
{
	static const int bad[] = {0, 1, 5, 6, -1};
	char *h = NULL, *p = NULL;
	sr_addr a;

	SR_OK(sr_addr_inet6(&a, "::1", 80, 0, 0, ERR));
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		a.u.in6.n = bad[i];
		SR_FAILS(SR_ERR_TYPEERROR, 0,
			 sr_getnameinfo(&a, NI_NUMERICHOST, &h, &p, ERR));
		ATF_CHECK(h == NULL && p == NULL);
	}
	for (int n = 2; n <= 4; n++) {
		a.u.in6.n = n;
		SR_OK(sr_getnameinfo(&a, NI_NUMERICHOST | NI_NUMERICSERV, &h,
				     &p, ERR));
		ATF_CHECK_STREQ(h, "::1");
		ATF_CHECK_STREQ(p, "80");
		sr_free(h);
		sr_free(p);
		h = p = NULL;
	}
	/* an IPv4 host: only the pair form is an IPv4 sockaddr */
	SR_OK(sr_addr_inet6(&a, "127.0.0.1", 80, 0, 0, ERR));
	a.u.in6.n = 2;
	SR_OK(sr_getnameinfo(&a, NI_NUMERICHOST | NI_NUMERICSERV, &h, &p,
			     ERR));
	ATF_CHECK_STREQ(h, "127.0.0.1");
	sr_free(h);
	sr_free(p);
	a.u.in6.n = 3;
	SR_FAILS(SR_ERR_OSERROR, 0,
		 sr_getnameinfo(&a, NI_NUMERICHOST, &h, &p, ERR));
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, host_lookups);
	ATF_TP_ADD_TC(tp, address_strings);
	ATF_TP_ADD_TC(tp, database_names);
	ATF_TP_ADD_TC(tp, interface_and_host_names);
	ATF_TP_ADD_TC(tp, getnameinfo_item_count);
	return atf_no_error();
}
