/*
 * t_capi_resolve.c — host arguments at the edges of the special cases
 * CPython's setipaddr() makes (socket.rst:115-126): only the exact strings
 * '<broadcast>' and '255.255.255.255' mean INADDR_BROADCAST; every other
 * string, including the inet_aton shorthands, is resolved as itself. The
 * resolver is a fixture in a private mount namespace, so no lookup leaves
 * the machine. Also create_connection's walk over a name's addresses and
 * getnameinfo's 2-tuple, where the host decides the family.
 */
#include "helpers.h"
#include "child.h"

#include <net/if.h>
#include <netdb.h>
#include <sys/ioctl.h>

static void shorthand_child(void *ctx)
{
	char ip[16];
	(void)ctx;
	child_resolver("127.0.0.1 localhost\n");
	/* "3" compares to "255.255.255.255" as greater by exactly one, and
	 * is still the address 0.0.0.3 (CPython: gethostbyname('3')) */
	C_OK(sr_gethostbyname("3", ip, ERR));
	CSTREQ(ip, "0.0.0.3");
	C_OK(sr_gethostbyname("1", ip, ERR));
	CSTREQ(ip, "0.0.0.1");
	C_OK(sr_gethostbyname("255.255.255.255", ip, ERR));
	CSTREQ(ip, "255.255.255.255");
	C_OK(sr_gethostbyname("<broadcast>", ip, ERR));
	CSTREQ(ip, "255.255.255.255");
}

ATF_TC_WITHOUT_HEAD(broadcast_only_exact);
ATF_TC_BODY(broadcast_only_exact, tc)
{
	/* socket.rst:116, 371: '<broadcast>' and the all-ones quad are
	 * INADDR_BROADCAST; any other host is the address it names */
	run_in_child(CLONE_NEWNS, shorthand_child, NULL);
}

static void fallback_child(void *ctx)
{
	sr_addrinfo *ai;
	sr_sock *l, *c;
	sr_addr where, peer;
	size_t n;
	int second;
	(void)ctx;

	child_resolver("::1 dual\n127.0.0.1 dual\n");
	child_lo_up();
	C_OK(sr_getaddrinfo("dual", "1", AF_UNSPEC, SOCK_STREAM, 0, 0, &ai, &n,
			    ERR));
	CCHECK(n == 2 && ai[0].family != ai[1].family);
	second = ai[1].family;
	sr_addrinfo_free(ai, n);
	/* a listener on the second address only: the first refuses */
	l = sr_socket(second, SOCK_STREAM, 0, NULL);
	if (l == NULL)
		CSKIP("no %s sockets here", second == AF_INET6 ? "IPv6" : "IPv4");
	if (second == AF_INET6)
		C_OK(sr_addr_inet6(&where, "::1", 0, 0, 0, ERR));
	else
		C_OK(sr_addr_inet(&where, "127.0.0.1", 0, ERR));
	C_OK(sr_bind(l, &where, ERR));
	C_OK(sr_listen(l, 1, ERR));
	C_OK(sr_getsockname(l, &where, ERR));
	C_OK((c = sr_create_connection((sr_hostport){ "dual",
			second == AF_INET6 ? where.u.in6.port : where.u.in.port },
			NULL, NULL, ERR)) ? 0 : -1);
	C_OK(sr_getpeername(c, &peer, ERR));
	CCHECK(peer.family == second);
	sr_release(c);
	sr_release(l);
}

ATF_TC_WITHOUT_HEAD(create_connection_tries_next);
ATF_TC_BODY(create_connection_tries_next, tc)
{
	/* socket.rst:293-300: create_connection tries every address the
	 * host resolves to in turn; an OSError from one (here the first
	 * refuses the connection) moves on to the next, which connects */
	run_in_child(CLONE_NEWNS | CLONE_NEWNET, fallback_child, NULL);
}

static void stops_child(void *ctx)
{
	sr_addrinfo *ai;
	sr_hostport src;
	size_t n;
	(void)ctx;

	child_resolver("::1 dual\n127.0.0.1 dual\n");
	child_lo_up();
	C_OK(sr_getaddrinfo("dual", "1", AF_UNSPEC, SOCK_STREAM, 0, 0, &ai, &n,
			    ERR));
	CCHECK(n == 2 && ai[0].family != ai[1].family);
	/* a source host only the first candidate's family can bind, with a
	 * port out of range: the first candidate's bind raises
	 * OverflowError; the second would fail to resolve the host
	 * (gaierror) if it were tried */
	src.host = ai[0].family == AF_INET6 ? "::1" : "127.0.0.1";
	src.port = 70000;
	sr_addrinfo_free(ai, n);
	C_FAILS(SR_ERR_OVERFLOWERROR, 0,
		sr_create_connection((sr_hostport){ "dual", 9 }, NULL, &src,
				     ERR) ? 0 : -1);
}

ATF_TC_WITHOUT_HEAD(create_connection_stops_on_other_errors);
ATF_TC_BODY(create_connection_stops_on_other_errors, tc)
{
	/* socket.rst:293-316 (CPython's `except error`): only an OSError
	 * (gaierror, herror, timeout included) moves on to the next
	 * address; another error, here the OverflowError of a source port
	 * out of range, is raised from the candidate that met it */
	run_in_child(CLONE_NEWNS | CLONE_NEWNET, stops_child, NULL);
}

ATF_TC_WITHOUT_HEAD(getnameinfo_pair_ipv4_host);
ATF_TC_BODY(getnameinfo_pair_ipv4_host, tc)
{
	/* socket.rst:415 (doc-notes.md 417-422): a (host, port) pair is
	 * accepted whichever family its host turns out to be, also when the
	 * C value is an AF_INET6 one with n = 2; an IPv4 host with flowinfo
	 * given (n = 3) is OSError ("IPv4 sockaddr must be 2 tuple") */
	sr_addr a;
	char *host = NULL, *port = NULL;

	SR_OK(sr_addr_inet6(&a, "127.0.0.1", 80, 0, 0, ERR));
	a.u.in6.n = 2;
	SR_OK(sr_getnameinfo(&a, NI_NUMERICHOST | NI_NUMERICSERV, &host, &port,
			     ERR));
	ATF_CHECK_STREQ(host, "127.0.0.1");
	ATF_CHECK_STREQ(port, "80");
	sr_free(host);
	sr_free(port);
	a.u.in6.n = 3;
	SR_FAILS(SR_ERR_OSERROR, 0,
		 sr_getnameinfo(&a, NI_NUMERICHOST | NI_NUMERICSERV, &host,
				&port, ERR));
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, broadcast_only_exact);
	ATF_TP_ADD_TC(tp, create_connection_tries_next);
	ATF_TP_ADD_TC(tp, create_connection_stops_on_other_errors);
	ATF_TP_ADD_TC(tp, getnameinfo_pair_ipv4_host);
	return atf_no_error();
}
