/*
 * t_sockflags.c — SOCK_CLOEXEC and SOCK_NONBLOCK set their flags in the
 * socket() call itself (socket.rst:210-215: "atomically ... avoiding
 * possible race conditions and the need for separate calls"). fcntl is
 * wrapped (the link line below) so the test counts the separate calls
 * libsockref makes while it creates a socket with those type bits.
 */
/* link: -Wl,--wrap=fcntl */
#include <fcntl.h>
#include <stdarg.h>

#include "helpers.h"

int __real_fcntl(int fd, int cmd, ...);
int __wrap_fcntl(int fd, int cmd, ...);

static int fcntl_calls;

int __wrap_fcntl(int fd, int cmd, ...)
{
	va_list ap;
	long arg;

	va_start(ap, cmd);
	arg = va_arg(ap, long);
	va_end(ap);
	fcntl_calls++;
	return __real_fcntl(fd, cmd, arg);
}

/* The test's own reads of the flags, after the count was taken. */
static bool fd_nonblocking(int fd)
{
	int fl = __real_fcntl(fd, F_GETFL);
	ATF_REQUIRE(fl >= 0);
	return (fl & O_NONBLOCK) != 0;
}

static bool fd_cloexec(int fd)
{
	int fl = __real_fcntl(fd, F_GETFD);
	ATF_REQUIRE(fl >= 0);
	return (fl & FD_CLOEXEC) != 0;
}

ATF_TC_WITHOUT_HEAD(nonblock_no_fcntl);
ATF_TC_BODY(nonblock_no_fcntl, tc)
{
	/* constants.sock-nonblock: non-blocking from creation, gettimeout
	 * 0.0, and no fcntl (neither F_SETFL nor a read of the flags). */
	sr_sock *s = NULL, *p[2];
	double t = -1;

	fcntl_calls = 0;
	SR_OK(P(s = sr_socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0, ERR)));
	ATF_CHECK_EQ(fcntl_calls, 0);
	ATF_CHECK(fd_nonblocking(sr_fileno(s)));
	ATF_CHECK(sr_gettimeout(s, &t));
	ATF_CHECK_EQ(t, 0.0);
	sr_release(s);

	fcntl_calls = 0;
	SR_OK(sr_socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0, p, ERR));
	ATF_CHECK_EQ(fcntl_calls, 0);
	ATF_CHECK(fd_nonblocking(sr_fileno(p[0])));
	ATF_CHECK(fd_nonblocking(sr_fileno(p[1])));
	sr_release(p[0]);
	sr_release(p[1]);
}

ATF_TC_WITHOUT_HEAD(cloexec_no_fcntl);
ATF_TC_BODY(cloexec_no_fcntl, tc)
{
	/* constants.sock-cloexec: close-on-exec from creation, no fcntl. */
	sr_sock *s = NULL;

	fcntl_calls = 0;
	SR_OK(P(s = sr_socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0, ERR)));
	ATF_CHECK_EQ(fcntl_calls, 0);
	ATF_CHECK(fd_cloexec(sr_fileno(s)));
	ATF_CHECK(!fd_nonblocking(sr_fileno(s)));
	sr_release(s);
}

ATF_TC_WITHOUT_HEAD(default_timeout_still_sets);
ATF_TC_BODY(default_timeout_still_sets, tc)
{
	/* The counter counts: without SOCK_NONBLOCK a default timeout
	 * (socket.rst:634) must make the descriptor non-blocking by fcntl. */
	double d = 2.0;
	sr_sock *s = NULL;

	SR_OK(sr_setdefaulttimeout(&d, ERR));
	fcntl_calls = 0;
	SR_OK(P(s = sr_socket(AF_INET, SOCK_STREAM, 0, ERR)));
	ATF_CHECK(fcntl_calls > 0);
	ATF_CHECK(fd_nonblocking(sr_fileno(s)));
	sr_release(s);
	SR_OK(sr_setdefaulttimeout(NULL, ERR));
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, nonblock_no_fcntl);
	ATF_TP_ADD_TC(tp, cloexec_no_fcntl);
	ATF_TP_ADD_TC(tp, default_timeout_still_sets);
	return atf_no_error();
}
