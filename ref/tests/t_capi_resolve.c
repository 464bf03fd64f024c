/*
 * t_capi_resolve.c — host arguments at the edges of the special cases
 * CPython's setipaddr() makes (socket.rst:115-126): only the exact strings
 * '<broadcast>' and '255.255.255.255' mean INADDR_BROADCAST; every other
 * string, including the inet_aton shorthands, is resolved as itself. The
 * resolver is a fixture in a private mount namespace, so no lookup leaves
 * the machine.
 */
#include "helpers.h"
#include "child.h"

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

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, broadcast_only_exact);
	return atf_no_error();
}
