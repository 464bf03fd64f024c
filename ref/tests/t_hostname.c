/*
 * t_hostname.c — gethostname and sethostname (socket.rst:392-404,
 * 640-645). The host name is only ever changed inside a child's own UTS
 * namespace; the machine's name is never touched.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "child.h"
#include "helpers.h"

/* resolve.gethostname-str */
ATF_TC_WITHOUT_HEAD(gethostname_str);
ATF_TC_BODY(gethostname_str, tc)
{
	struct utsname u;
	char *s;

	ATF_REQUIRE(uname(&u) == 0);
	SR_OK(sr_gethostname(&s, ERR));
	ATF_CHECK_STREQ(s, u.nodename);
	sr_free(s);
}

/* resolve.sethostname, resolve.gethostname-str */
static void set_child(void *ctx)
{
	struct utsname u;
	char *s;

	(void)ctx;
	C_OK(sr_sethostname("cat-test", 8, ERR));
	C_OK(sr_gethostname(&s, ERR));
	CSTREQ(s, "cat-test");
	free(s);
	CCHECK(uname(&u) == 0);
	CSTREQ(u.nodename, "cat-test");
	/* The length is the caller's, not up to a NUL. */
	C_OK(sr_sethostname("foobar", 3, ERR));
	C_OK(sr_gethostname(&s, ERR));
	CSTREQ(s, "foo");
	free(s);
}
ATF_TC_WITHOUT_HEAD(sethostname);
ATF_TC_BODY(sethostname, tc)
{
	char *before, *after;

	SR_OK(sr_gethostname(&before, ERR));
	run_in_child(CLONE_NEWUTS, set_child, NULL);
	SR_OK(sr_gethostname(&after, ERR));
	ATF_CHECK_STREQ(before, after);
	sr_free(before);
	sr_free(after);
}

/* resolve.sethostname: a name longer than the kernel allows is EINVAL */
static void too_long_child(void *ctx)
{
	char name[100];

	(void)ctx;
	memset(name, 'x', sizeof name);
	C_FAILS(SR_ERR_OSERROR, EINVAL,
		sr_sethostname(name, sizeof name, ERR));
}
ATF_TC_WITHOUT_HEAD(sethostname_too_long);
ATF_TC_BODY(sethostname_too_long, tc)
{
	run_in_child(CLONE_NEWUTS, too_long_child, NULL);
}

/* resolve.sethostname-eperm: in a new user namespace the process has no
 * capability over the UTS namespace it still shares with its parent */
static void eperm_child(void *ctx)
{
	(void)ctx;
	C_FAILS(SR_ERR_OSERROR, EPERM, sr_sethostname("x", 1, ERR));
}
ATF_TC_WITHOUT_HEAD(sethostname_eperm);
ATF_TC_BODY(sethostname_eperm, tc)
{
	run_in_child(CLONE_NEWUSER, eperm_child, NULL);
}

/* resolve.gethostname-ip-idiom */
static void idiom_child(void *ctx)
{
	char *name, ip[16];

	(void)ctx;
	child_resolver("127.0.0.1 localhost\n");
	C_OK(sr_sethostname("unmapped", 8, ERR));
	C_OK(sr_gethostname(&name, ERR));
	C_FAILS(SR_ERR_GAIERROR, -1, sr_gethostbyname(name, ip, ERR));
	free(name);
	/* The fixture's file is already unlinked and cannot be mounted
	 * over; take it off first (in this namespace only). */
	CCHECK(umount("/etc/hosts") == 0);
	child_bind_file("/etc/hosts",
			"127.0.0.1 localhost\n127.0.1.1 unmapped\n");
	C_OK(sr_gethostname(&name, ERR));
	C_OK(sr_gethostbyname(name, ip, ERR));
	CSTREQ(ip, "127.0.1.1");
	free(name);
}
ATF_TC_WITHOUT_HEAD(gethostname_ip_idiom);
ATF_TC_BODY(gethostname_ip_idiom, tc)
{
	run_in_child(CLONE_NEWUTS | CLONE_NEWNS, idiom_child, NULL);
}

/* resolve.gethostname-not-fqdn */
static void not_fqdn_child(void *ctx)
{
	char *s;

	(void)ctx;
	child_resolver("127.0.0.1 localhost\n127.0.1.1 box.example.org box\n");
	C_OK(sr_sethostname("box", 3, ERR));
	C_OK(sr_gethostname(&s, ERR));
	CSTREQ(s, "box");
	free(s);
	C_OK(sr_getfqdn(NULL, &s, ERR));
	CSTREQ(s, "box.example.org");
	free(s);
}
ATF_TC_WITHOUT_HEAD(gethostname_not_fqdn);
ATF_TC_BODY(gethostname_not_fqdn, tc)
{
	run_in_child(CLONE_NEWUTS | CLONE_NEWNS, not_fqdn_child, NULL);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, gethostname_str);
	ATF_TP_ADD_TC(tp, sethostname);
	ATF_TP_ADD_TC(tp, sethostname_too_long);
	ATF_TP_ADD_TC(tp, sethostname_eperm);
	ATF_TP_ADD_TC(tp, gethostname_ip_idiom);
	ATF_TP_ADD_TC(tp, gethostname_not_fqdn);
	return atf_no_error();
}
