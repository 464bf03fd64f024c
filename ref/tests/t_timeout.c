/*
 * t_timeout.c — the three modes of a socket and the default timeout
 * (socket.rst:625-638, 1054-1072, 1134-1184; catalogue rows timeout.*):
 * how each is set and read, what it does at the OS level, and what accept,
 * connect and create_connection make of it.
 */
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <time.h>

#include "helpers.h"

/* ---- helpers -------------------------------------------------------- */

static sr_sock *new_sock(int family, int type, int proto)
{
	sr_sock *s = NULL;
	SR_OK(P(s = sr_socket(family, type, proto, ERR)));
	return s;
}

/* A TCP listener on 127.0.0.1 with a port the kernel picks. */
static sr_sock *listener4(sr_addr *where, long long backlog)
{
	sr_sock *l = new_sock(AF_INET, SOCK_STREAM, 0);
	sr_addr a;
	SR_OK(sr_addr_inet(&a, "127.0.0.1", 0, ERR));
	SR_OK(sr_bind(l, &a, ERR));
	SR_OK(sr_listen(l, backlog, ERR));
	SR_OK(sr_getsockname(l, where, ERR));
	return l;
}

static bool fd_nonblocking(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	ATF_REQUIRE(fl >= 0);
	return (fl & O_NONBLOCK) != 0;
}

/* The mode as gettimeout() shows it: -1 for None, else the seconds. */
static double timeout_of(const sr_sock *s)
{
	double t;
	return sr_gettimeout(s, &t) ? t : -1.0;
}

static void set_timeout(sr_sock *s, double t)
{
	SR_OK(sr_settimeout(s, &t, ERR));
}

static void set_default(double t)
{
	SR_OK(sr_setdefaulttimeout(&t, ERR));
}

static void clear_default(void)
{
	SR_OK(sr_setdefaulttimeout(NULL, ERR));
}

/* Connect a client to `where` and accept it on l; the accepted socket. */
static sr_sock *accept_one(sr_sock *l, const sr_addr *where, sr_sock **cli)
{
	sr_sock *conn = NULL;
	double t = timeout_of(l);
	*cli = sr_socket(AF_INET, SOCK_STREAM, 0, NULL);
	ATF_REQUIRE(*cli != NULL);
	SR_OK(sr_setblocking(*cli, true, ERR));
	SR_OK(sr_connect(*cli, where, ERR));
	/* a non-blocking listener needs the connection queued first */
	if (t == 0.0) {
		struct pollfd p = { .fd = sr_fileno(l), .events = POLLIN };
		ATF_REQUIRE_EQ(poll(&p, 1, 5000), 1);
	}
	SR_OK(P(conn = sr_accept(l, NULL, ERR)));
	return conn;
}

/*
 * Make connects to `where` hang: a listen(0) queue on Linux holds one
 * connection, and once it is full the kernel drops further SYNs. Clients
 * are connected (and never accepted) until one times out; they are kept
 * in fill[] for the caller to release.
 */
static size_t fill_accept_queue(const sr_addr *where, sr_sock **fill,
				size_t cap)
{
	size_t n;
	for (n = 0; n < cap; n++) {
		sr_err e = {0};
		fill[n] = new_sock(AF_INET, SOCK_STREAM, 0);
		set_timeout(fill[n], 0.2);
		if (sr_connect(fill[n], where, &e) < 0) {
			ATF_REQUIRE_EQ_MSG(e.kind, SR_ERR_TIMEOUT,
					   "filling the queue: %s",
					   e.msg);
			return n + 1;
		}
	}
	atf_tc_skip("the accept queue never filled (%zu connects)", cap);
	return n;
}

/* Monotonic seconds. */
static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void release_all(sr_sock **v, size_t n)
{
	while (n > 0)
		sr_release(v[--n]);
}

/* ---- the modes ------------------------------------------------------ */

ATF_TC_WITHOUT_HEAD(three_modes);
ATF_TC_BODY(three_modes, tc)
{
	/* timeout.three-modes, timeout.gettimeout, timeout.nonblocking-and-
	 * timeout-api (socket.rst:133, 799, 1138): gettimeout tells the mode
	 * set last: None (blocking), 0.0 (non-blocking), > 0 (timeout). */
	sr_sock *s = new_sock(AF_INET, SOCK_STREAM, 0);
	double t = -1;
	ATF_CHECK(!sr_gettimeout(s, &t));
	set_timeout(s, 0.0);
	ATF_CHECK(sr_gettimeout(s, &t) && t == 0.0);
	set_timeout(s, 2.5);
	ATF_CHECK(sr_gettimeout(s, &t) && t == 2.5);
	SR_OK(sr_settimeout(s, NULL, ERR));
	ATF_CHECK(!sr_gettimeout(s, &t));
	SR_OK(sr_setblocking(s, false, ERR));
	ATF_CHECK(sr_gettimeout(s, &t) && t == 0.0);
	SR_OK(sr_setblocking(s, true, ERR));
	ATF_CHECK(!sr_gettimeout(s, &t));
	sr_release(s);
}

ATF_TC_WITHOUT_HEAD(tiny_timeout_finds_queued_data);
ATF_TC_BODY(tiny_timeout_finds_queued_data, tc)
{
	/* timeout.three-modes (socket.rst:1150-1155): in timeout mode an
	 * operation raises timeout only when it "cannot be completed within
	 * the timeout"; data already queued completes at once, however small
	 * the timeout. CPython's first wait polls before it reads the clock
	 * again; libsockref once reported timeout here (the deadline had
	 * passed before the first look). */
	sr_sock *p[2];
	sr_bytes b = {0};
	SR_OK(sr_socketpair(AF_UNIX, SOCK_STREAM, 0, p, ERR));
	SR_OK(sr_sendall(p[1], "queued", 6, 0, ERR));
	set_timeout(p[0], 1e-9);
	SR_OK(sr_recv(p[0], 16, 0, &b, ERR));
	ATF_CHECK_EQ(b.len, 6);
	ATF_CHECK(b.len == 6 && memcmp(b.data, "queued", 6) == 0);
	sr_bytes_free(&b);
	/* and with nothing queued it still times out */
	SR_FAILS(SR_ERR_TIMEOUT, -1, sr_recv(p[0], 16, 0, &b, ERR));
	sr_release(p[0]);
	sr_release(p[1]);
}

ATF_TC_WITHOUT_HEAD(setblocking_is_settimeout);
ATF_TC_BODY(setblocking_is_settimeout, tc)
{
	/* timeout.setblocking-true, timeout.setblocking-false,
	 * timeout.settimeout-none, timeout.settimeout-zero,
	 * timeout.nonblocking-fails-fast (socket.rst:1059-1071, 1145):
	 * setblocking(True/False) is settimeout(None/0.0), O_NONBLOCK
	 * included; a non-blocking accept fails at once with EAGAIN. */
	sr_sock *s = new_sock(AF_INET, SOCK_STREAM, 0);
	sr_addr where;
	sr_sock *l = listener4(&where, 1);
	SR_OK(sr_setblocking(s, false, ERR));
	ATF_CHECK_EQ(timeout_of(s), 0.0);
	ATF_CHECK(fd_nonblocking(sr_fileno(s)));
	SR_OK(sr_setblocking(s, true, ERR));
	ATF_CHECK_EQ(timeout_of(s), -1.0);
	ATF_CHECK(!fd_nonblocking(sr_fileno(s)));
	set_timeout(s, 0.0);
	ATF_CHECK(fd_nonblocking(sr_fileno(s)));
	SR_OK(sr_settimeout(s, NULL, ERR));
	ATF_CHECK(!fd_nonblocking(sr_fileno(s)));

	set_timeout(l, 0.0);
	SR_FAILS(SR_ERR_OSERROR, EAGAIN, P(sr_accept(l, NULL, ERR)));
	SR_OK(sr_setblocking(l, false, ERR));
	SR_FAILS(SR_ERR_OSERROR, EAGAIN, P(sr_accept(l, NULL, ERR)));
	sr_release(l);
	sr_release(s);
}

ATF_TC_WITHOUT_HEAD(settimeout_invalid);
ATF_TC_BODY(settimeout_invalid, tc)
{
	/* timeout.settimeout-nonnegative (socket.rst:1066): a negative or
	 * NaN timeout is a ValueError and leaves the mode as it was. */
	sr_sock *s = new_sock(AF_INET, SOCK_STREAM, 0);
	double neg = -1.0, tiny = -1e-9, nan_ = nan("");
	set_timeout(s, 3.0);
	SR_FAILS(SR_ERR_VALUEERROR, -1, sr_settimeout(s, &neg, ERR));
	SR_FAILS(SR_ERR_VALUEERROR, -1, sr_settimeout(s, &tiny, ERR));
	SR_FAILS(SR_ERR_VALUEERROR, -1, sr_settimeout(s, &nan_, ERR));
	ATF_CHECK_EQ(timeout_of(s), 3.0);
	sr_release(s);
}

ATF_TC_WITHOUT_HEAD(default_none);
ATF_TC_BODY(default_none, tc)
{
	/* timeout.default-none-at-import, timeout.default-blocking
	 * (socket.rst:628, 1139): the default starts as None and new
	 * sockets are blocking, at the OS level too. */
	double t;
	sr_sock *s;
	ATF_CHECK(!sr_getdefaulttimeout(&t));
	s = new_sock(AF_INET, SOCK_STREAM, 0);
	ATF_CHECK_EQ(timeout_of(s), -1.0);
	ATF_CHECK(!fd_nonblocking(sr_fileno(s)));
	sr_release(s);
}

ATF_TC_WITHOUT_HEAD(setdefaulttimeout_new_sockets);
ATF_TC_BODY(setdefaulttimeout_new_sockets, tc)
{
	/* timeout.getdefaulttimeout, timeout.setdefaulttimeout-new-sockets,
	 * timeout.setdefaulttimeout-values (socket.rst:627-638): the default
	 * applies to sockets created afterwards only; 0 makes them
	 * non-blocking; a negative default is a ValueError. */
	sr_sock *old = new_sock(AF_INET, SOCK_STREAM, 0), *s, *p[2];
	double t = 0, neg = -1.0;
	set_default(1.5);
	ATF_CHECK(sr_getdefaulttimeout(&t) && t == 1.5);
	s = new_sock(AF_INET, SOCK_STREAM, 0);
	ATF_CHECK_EQ(timeout_of(s), 1.5);
	ATF_CHECK(fd_nonblocking(sr_fileno(s)));
	ATF_CHECK_EQ(timeout_of(old), -1.0);
	ATF_CHECK(!fd_nonblocking(sr_fileno(old)));
	SR_OK(sr_socketpair(-1, -1, -1, p, ERR));
	ATF_CHECK_EQ(timeout_of(p[0]), 1.5);
	ATF_CHECK_EQ(timeout_of(p[1]), 1.5);
	sr_release(p[0]);
	sr_release(p[1]);
	sr_release(s);

	set_default(0.0);
	s = new_sock(AF_INET, SOCK_STREAM, 0);
	ATF_CHECK_EQ(timeout_of(s), 0.0);
	ATF_CHECK(fd_nonblocking(sr_fileno(s)));
	sr_release(s);

	SR_FAILS(SR_ERR_VALUEERROR, -1, sr_setdefaulttimeout(&neg, ERR));
	ATF_CHECK(sr_getdefaulttimeout(&t) && t == 0.0);
	clear_default();
	ATF_CHECK(!sr_getdefaulttimeout(&t));
	sr_release(old);
}

ATF_TC_WITHOUT_HEAD(os_level_nonblocking);
ATF_TC_BODY(os_level_nonblocking, tc)
{
	/* timeout.os-level-nonblocking (socket.rst:1155): timeout mode is
	 * non-blocking for the OS. */
	sr_sock *s = new_sock(AF_INET, SOCK_STREAM, 0);
	set_timeout(s, 5.0);
	ATF_CHECK(fd_nonblocking(sr_fileno(s)));
	ATF_CHECK_EQ(timeout_of(s), 5.0);
	sr_release(s);
}

/* ---- accept --------------------------------------------------------- */

ATF_TC_WITHOUT_HEAD(accept_inherits_default);
ATF_TC_BODY(accept_inherits_default, tc)
{
	/* timeout.accept-inherits-default (socket.rst:1174-1175): with a
	 * default timeout the accepted socket gets it, whatever the mode
	 * of the listener (blocking, timeout, non-blocking, SOCK_NONBLOCK). */
	int before = count_fds();
	sr_addr where;
	sr_sock *l, *c, *conn;
	double modes[] = { -1.0, 2.5, 0.0 };
	size_t i;

	l = listener4(&where, 5);
	set_default(7.0);
	for (i = 0; i < sizeof modes / sizeof modes[0]; i++) {
		if (modes[i] < 0)
			SR_OK(sr_settimeout(l, NULL, ERR));
		else
			set_timeout(l, modes[i]);
		conn = accept_one(l, &where, &c);
		ATF_CHECK_EQ_MSG(timeout_of(conn), 7.0, "listener mode %g",
				 modes[i]);
		ATF_CHECK(fd_nonblocking(sr_fileno(conn)));
		sr_release(conn);
		sr_release(c);
	}
	sr_release(l);

	clear_default();
	l = new_sock(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	{
		sr_addr a;
		SR_OK(sr_addr_inet(&a, "127.0.0.1", 0, ERR));
		SR_OK(sr_bind(l, &a, ERR));
		SR_OK(sr_listen(l, 5, ERR));
		SR_OK(sr_getsockname(l, &where, ERR));
	}
	set_default(7.0);
	conn = accept_one(l, &where, &c);
	ATF_CHECK_EQ(timeout_of(conn), 7.0);
	sr_release(conn);
	sr_release(c);
	sr_release(l);
	clear_default();
	ATF_CHECK_EQ(count_fds(), before);
}

ATF_TC_WITHOUT_HEAD(accept_blocking_listener);
ATF_TC_BODY(accept_blocking_listener, tc)
{
	/* timeout.accept-blocking-from-blocking-or-timeout-listener
	 * (socket.rst:1178-1179): with no default timeout, a blocking or
	 * timeout-mode listener gives a blocking socket (OS level too). */
	sr_addr where;
	sr_sock *l = listener4(&where, 5), *c, *conn;

	conn = accept_one(l, &where, &c);
	ATF_CHECK_EQ(timeout_of(conn), -1.0);
	ATF_CHECK(!fd_nonblocking(sr_fileno(conn)));
	sr_release(conn);
	sr_release(c);

	set_timeout(l, 2.5);
	conn = accept_one(l, &where, &c);
	ATF_CHECK_EQ(timeout_of(conn), -1.0);
	ATF_CHECK(!fd_nonblocking(sr_fileno(conn)));
	sr_release(conn);
	sr_release(c);
	sr_release(l);
}

ATF_TC_WITHOUT_HEAD(accept_nonblocking_listener);
ATF_TC_BODY(accept_nonblocking_listener, tc)
{
	/* timeout.accept-from-nonblocking-listener (socket.rst:1181-1184,
	 * doc-notes §3): OS-dependent; on Linux the accepted socket is
	 * blocking (accept4 does not inherit O_NONBLOCK), both for a
	 * listener put in non-blocking mode and one created SOCK_NONBLOCK;
	 * the new socket's type does not carry the listener's SOCK_NONBLOCK
	 * bit, since it is not non-blocking. */
	sr_addr where, a;
	sr_sock *l = listener4(&where, 5), *c, *conn;

	SR_OK(sr_setblocking(l, false, ERR));
	conn = accept_one(l, &where, &c);
	ATF_CHECK_EQ(timeout_of(conn), -1.0);
	ATF_CHECK(!fd_nonblocking(sr_fileno(conn)));
	sr_release(conn);
	sr_release(c);
	sr_release(l);

	l = new_sock(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	SR_OK(sr_addr_inet(&a, "127.0.0.1", 0, ERR));
	SR_OK(sr_bind(l, &a, ERR));
	SR_OK(sr_listen(l, 5, ERR));
	SR_OK(sr_getsockname(l, &where, ERR));
	conn = accept_one(l, &where, &c);
	ATF_CHECK_EQ(timeout_of(conn), -1.0);
	ATF_CHECK(!fd_nonblocking(sr_fileno(conn)));
	ATF_CHECK_EQ(sr_type(conn), SOCK_STREAM);
	sr_release(conn);
	sr_release(c);
	sr_release(l);
}

ATF_TC_WITHOUT_HEAD(accept_timeout);
ATF_TC_BODY(accept_timeout, tc)
{
	/* timeout.settimeout-positive, timeout.timeout-mode-fails
	 * (socket.rst:1066-1069, 1150-1152): an accept with nobody coming
	 * raises socket.timeout("timed out") once the timeout has passed —
	 * not before it, and not much after (generous bound: a behaviour,
	 * not a benchmark). */
	sr_addr where;
	sr_sock *l = listener4(&where, 5);
	sr_err e = {0};
	double dt;
	set_timeout(l, 0.2);
	dt = now();
	ATF_CHECK(sr_accept(l, NULL, &e) == NULL);
	dt = now() - dt;
	ATF_CHECK_EQ(e.kind, SR_ERR_TIMEOUT);
	ATF_CHECK_STREQ(e.msg, "timed out");
	ATF_CHECK_MSG(dt >= 0.19 && dt < 2.0, "elapsed %.3f s", dt);
	sr_release(l);
}

/* ---- connect and create_connection ---------------------------------- */

ATF_TC_WITHOUT_HEAD(connect_timeout);
ATF_TC_BODY(connect_timeout, tc)
{
	/* timeout.connect-honours-timeout (socket.rst:1162-1166): connect is
	 * subject to the socket's timeout. A loopback listener whose
	 * listen(0) queue is full drops SYNs, so connect raises
	 * socket.timeout after about the timeout; connect_ex returns
	 * EWOULDBLOCK for it, as CPython does. */
	int before = count_fds();
	sr_addr where;
	sr_sock *l = listener4(&where, 0), *fill[64], *s;
	size_t n = fill_accept_queue(&where, fill, 64);
	sr_err e = {0};
	double dt;

	s = new_sock(AF_INET, SOCK_STREAM, 0);
	set_timeout(s, 0.3);
	dt = now();
	ATF_CHECK_EQ(sr_connect(s, &where, &e), -1);
	dt = now() - dt;
	ATF_CHECK_EQ(e.kind, SR_ERR_TIMEOUT);
	ATF_CHECK_STREQ(e.msg, "timed out");
	ATF_CHECK_MSG(dt >= 0.29 && dt < 2.0, "elapsed %.3f s", dt);
	sr_release(s);

	s = new_sock(AF_INET, SOCK_STREAM, 0);
	set_timeout(s, 0.2);
	ATF_CHECK_EQ(sr_connect_ex(s, &where, NULL), EWOULDBLOCK);
	sr_release(s);

	release_all(fill, n);
	sr_release(l);
	ATF_CHECK_EQ(count_fds(), before);
}

ATF_TC_WITHOUT_HEAD(create_connection_timeout);
ATF_TC_BODY(create_connection_timeout, tc)
{
	/* timeout.create-connection-timeout, timeout.create-connection-
	 * default-timeout (socket.rst:302-305): the timeout argument is set
	 * on the socket (None = blocking even with a default); without it
	 * the socket keeps the default timeout. It is applied before the
	 * connect: against a full queue the call raises socket.timeout. */
	int before = count_fds();
	sr_addr where;
	sr_sock *l = listener4(&where, 5), *c, *fill[64];
	sr_hostport hp = { "127.0.0.1", where.u.in.port };
	double t25 = 2.5, t03 = 0.3;
	size_t n;

	SR_OK(P(c = sr_create_connection(hp, &t25, NULL, ERR)));
	ATF_CHECK_EQ(timeout_of(c), 2.5);
	ATF_CHECK(fd_nonblocking(sr_fileno(c)));
	sr_release(c);

	SR_OK(P(c = sr_create_connection(hp, SR_DEFAULT_TIMEOUT, NULL, ERR)));
	ATF_CHECK_EQ(timeout_of(c), -1.0);
	sr_release(c);

	set_default(4.0);
	SR_OK(P(c = sr_create_connection(hp, SR_DEFAULT_TIMEOUT, NULL, ERR)));
	ATF_CHECK_EQ(timeout_of(c), 4.0);
	sr_release(c);
	SR_OK(P(c = sr_create_connection(hp, NULL, NULL, ERR)));
	ATF_CHECK_EQ(timeout_of(c), -1.0);
	ATF_CHECK(!fd_nonblocking(sr_fileno(c)));
	sr_release(c);
	clear_default();
	sr_release(l);

	l = listener4(&where, 0);
	hp.port = where.u.in.port;
	n = fill_accept_queue(&where, fill, 64);
	SR_FAILS(SR_ERR_TIMEOUT, -1,
		 P(sr_create_connection(hp, &t03, NULL, ERR)));
	release_all(fill, n);
	sr_release(l);
	ATF_CHECK_EQ(count_fds(), before);
}

/* ---- fromfd and shared modes ---------------------------------------- */

ATF_TC_WITHOUT_HEAD(fromfd_assumes_blocking);
ATF_TC_BODY(fromfd_assumes_blocking, tc)
{
	/* timeout.fromfd-assumes-blocking (socket.rst:485): the object from
	 * fromfd says blocking even when the descriptor is O_NONBLOCK, and
	 * a default timeout is not applied to it. */
	sr_sock *s = new_sock(AF_INET, SOCK_STREAM, 0), *d;
	SR_OK(sr_setblocking(s, false, ERR));
	set_default(3.0);
	SR_OK(P(d = sr_fromfd(sr_fileno(s), AF_INET, SOCK_STREAM, 0, ERR)));
	clear_default();
	ATF_CHECK_EQ(timeout_of(d), -1.0);
	ATF_CHECK(fd_nonblocking(sr_fileno(d)));
	sr_release(d);
	sr_release(s);
}

ATF_TC_WITHOUT_HEAD(mode_shared_between_fds);
ATF_TC_BODY(mode_shared_between_fds, tc)
{
	/* timeout.mode-shared-between-fds (socket.rst:1156-1159): the OS
	 * flag is shared by duplicates, each object keeps its own timeout:
	 * the "blocking" duplicate of a timeout-mode listener fails at once
	 * with EAGAIN. */
	sr_addr where;
	sr_sock *l = listener4(&where, 5), *d;
	SR_OK(P(d = sr_fromfd(sr_fileno(l), AF_INET, SOCK_STREAM, 0, ERR)));
	set_timeout(l, 3.0);
	ATF_CHECK(fd_nonblocking(sr_fileno(d)));
	ATF_CHECK_EQ(timeout_of(d), -1.0);
	SR_FAILS(SR_ERR_OSERROR, EAGAIN, P(sr_accept(d, NULL, ERR)));
	sr_release(d);
	sr_release(l);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, three_modes);
	ATF_TP_ADD_TC(tp, tiny_timeout_finds_queued_data);
	ATF_TP_ADD_TC(tp, setblocking_is_settimeout);
	ATF_TP_ADD_TC(tp, settimeout_invalid);
	ATF_TP_ADD_TC(tp, default_none);
	ATF_TP_ADD_TC(tp, setdefaulttimeout_new_sockets);
	ATF_TP_ADD_TC(tp, os_level_nonblocking);
	ATF_TP_ADD_TC(tp, accept_inherits_default);
	ATF_TP_ADD_TC(tp, accept_blocking_listener);
	ATF_TP_ADD_TC(tp, accept_nonblocking_listener);
	ATF_TP_ADD_TC(tp, accept_timeout);
	ATF_TP_ADD_TC(tp, connect_timeout);
	ATF_TP_ADD_TC(tp, create_connection_timeout);
	ATF_TP_ADD_TC(tp, fromfd_assumes_blocking);
	ATF_TP_ADD_TC(tp, mode_shared_between_fds);
	return atf_no_error();
}
