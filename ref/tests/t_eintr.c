/*
 * t_eintr.c — signals that interrupt a waiting call. The module's users
 * never see this (CPython installs its handlers with SA_RESTART off and
 * retries, PEP 475), but a C program using libsockref may install any
 * handler. With a SIGALRM handler installed WITHOUT SA_RESTART, system
 * calls fail with EINTR, and the library must do what sr__sock_call
 * promises (internal.h): a blocking call is retried, a timeout-mode wait
 * goes on with the time left, an interrupted blocking connect() waits for
 * the connection the kernel goes on making (connect.c) — and only a
 * non-blocking object reports the interruption, as CPython does.
 */
#include "helpers.h"
#include "child.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/time.h>
#include <time.h>

/* What the handler does at its act_at-th tick, besides counting:
 * something async-signal-safe that lets the interrupted call complete. */
enum action { ACT_NONE, ACT_WRITE, ACT_ACCEPT };

static volatile sig_atomic_t ticks;
static volatile sig_atomic_t act_kind = ACT_NONE;
static volatile sig_atomic_t act_fd = -1;
static volatile sig_atomic_t act_at = 3;

static void on_alarm(int sig)
{
	int saved = errno;
	(void)sig;
	ticks++;
	if (ticks == act_at && act_kind == ACT_WRITE) {
		if (write(act_fd, "late", 4) != 4)
			ticks = -1000; /* seen by the test as a broken fixture */
	} else if (ticks == act_at && act_kind == ACT_ACCEPT) {
		/* frees the listener's only queue slot; the accepted
		 * descriptor is left for the process's end */
		if (accept4(act_fd, NULL, NULL, SOCK_CLOEXEC) < 0)
			ticks = -1000;
	}
	errno = saved;
}

/* SIGALRM every period_ms, its handler without SA_RESTART. */
static int arm(int period_ms, enum action kind, int fd, int at)
{
	struct sigaction sa;
	struct itimerval it = {
		{ 0, period_ms * 1000 }, { 0, period_ms * 1000 }
	};

	ticks = 0;
	act_kind = kind;
	act_fd = fd;
	act_at = at;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: interrupted calls fail, EINTR */
	if (sigaction(SIGALRM, &sa, NULL) < 0)
		return -1;
	return setitimer(ITIMER_REAL, &it, NULL);
}

static void disarm(void)
{
	struct itimerval off = {{0, 0}, {0, 0}};
	setitimer(ITIMER_REAL, &off, NULL);
	signal(SIGALRM, SIG_IGN);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

ATF_TC_WITHOUT_HEAD(timeout_wait_interrupted);
ATF_TC_BODY(timeout_wait_interrupted, tc)
{
	/* socket.rst:1150-1155: in timeout mode an operation fails only if
	 * it cannot complete within the timeout; signals arriving while it
	 * waits do not end the wait (the wait goes on with the time left).
	 * Data sent at the third of several interruptions is received. */
	sr_sock *p[2];
	sr_bytes b = {0};
	double timeout = 5.0, t0;
	int r;

	SR_OK(sr_socketpair(AF_UNIX, SOCK_STREAM, 0, p, ERR));
	SR_OK(sr_settimeout(p[1], &timeout, ERR));
	ATF_REQUIRE(arm(50, ACT_WRITE, sr_fileno(p[0]), 3) == 0);
	t0 = now();
	{
		sr_err e = {0};
		r = sr_recv(p[1], 16, 0, &b, &e);
		disarm();
		if (r < 0)
			atf_tc_fail("recv: %s(%d) %s after %d signals",
				    sr_errkind_name(e.kind), e.code, e.msg,
				    (int)ticks);
	}
	ATF_REQUIRE_MSG(ticks >= 3, "fixture: %d ticks", (int)ticks);
	ATF_CHECK(b.len == 4 && memcmp(b.data, "late", 4) == 0);
	ATF_CHECK(now() - t0 < timeout);
	sr_bytes_free(&b);
	sr_release(p[0]);
	sr_release(p[1]);
}

/*
 * A listener whose accept queue is full (listen(0) and one connection
 * waiting), so a further connect's SYN is dropped and the connect stays
 * in progress until the kernel retransmits the SYN (after about 1 s).
 * Returns the listener; *where is its address.
 */
static sr_sock *full_listener(sr_addr *where, sr_sock **queued)
{
	sr_sock *l;
	C_OK((l = sr_socket(AF_INET, SOCK_STREAM, 0, ERR)) ? 0 : -1);
	C_OK(sr_addr_inet(where, "127.0.0.1", 0, ERR));
	C_OK(sr_bind(l, where, ERR));
	C_OK(sr_listen(l, 0, ERR));
	C_OK(sr_getsockname(l, where, ERR));
	C_OK((*queued = sr_socket(AF_INET, SOCK_STREAM, 0, ERR)) ? 0 : -1);
	C_OK(sr_connect(*queued, where, ERR));
	return l;
}

static void blocking_connect_child(void *ctx)
{
	sr_sock *l, *q, *c;
	sr_addr where, peer;
	sr_err e = {0};
	int r;
	(void)ctx;

	child_lo_up();
	l = full_listener(&where, &q);
	C_OK((c = sr_socket(AF_INET, SOCK_STREAM, 0, ERR)) ? 0 : -1);
	/* ticks every 100 ms; the third frees the queue slot, so the SYN
	 * the kernel retransmits is answered */
	CCHECK(arm(100, ACT_ACCEPT, sr_fileno(l), 3) == 0);
	r = sr_connect(c, &where, &e);
	disarm();
	if (r < 0)
		CFAIL("connect: %s(%d) %s after %d signals",
		      sr_errkind_name(e.kind), e.code, e.msg, (int)ticks);
	if (ticks == 0)
		CSKIP("the connect completed before it was interrupted: the "
		      "kernel did not drop the SYN");
	/* connected for real, not merely reported so */
	C_OK(sr_getpeername(c, &peer, ERR));
	CCHECK(peer.u.in.port == where.u.in.port);
	sr_release(c);
	sr_release(q);
	sr_release(l);
}

ATF_TC_WITHOUT_HEAD(blocking_connect_interrupted);
ATF_TC_BODY(blocking_connect_interrupted, tc)
{
	/* socket.rst:735 and connect.c: a blocking connect interrupted by a
	 * signal is not reported as EINTR; the kernel goes on connecting and
	 * the call waits for that outcome (PEP 475, CPython 3.5+), through
	 * further interruptions, and returns once the socket is connected */
	run_in_child(CLONE_NEWNET, blocking_connect_child, NULL);
}

static void nonblocking_connect_child(void *ctx)
{
	sr_sock *l, *q, *c;
	sr_addr where;
	double zero = 0;
	int fd, fl;
	(void)ctx;

	child_lo_up();
	l = full_listener(&where, &q);
	C_OK((c = sr_socket(AF_INET, SOCK_STREAM, 0, ERR)) ? 0 : -1);
	C_OK(sr_settimeout(c, &zero, ERR));
	/* the caller makes the descriptor blocking behind the object's
	 * back (socket.rst:485 makes the same split for fromfd) */
	fd = sr_fileno(c);
	fl = fcntl(fd, F_GETFL);
	CCHECK(fl >= 0 && fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == 0);
	CCHECK(arm(100, ACT_NONE, -1, 0) == 0);
	C_FAILS(SR_ERR_OSERROR, EINTR, sr_connect(c, &where, ERR));
	disarm();
	sr_release(c);
	sr_release(q);
	sr_release(l);
}

ATF_TC_WITHOUT_HEAD(nonblocking_object_connect_interrupted);
ATF_TC_BODY(nonblocking_object_connect_interrupted, tc)
{
	/* connect.c and CPython's internal_connect: whether an interrupted
	 * connect is waited for is decided by the object's mode; an object
	 * in non-blocking mode (settimeout(0)) reports OSError(EINTR) — the
	 * InterruptedError CPython raises — even if its descriptor was made
	 * blocking by the caller */
	run_in_child(CLONE_NEWNET, nonblocking_connect_child, NULL);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, timeout_wait_interrupted);
	ATF_TP_ADD_TC(tp, blocking_connect_interrupted);
	ATF_TP_ADD_TC(tp, nonblocking_object_connect_interrupted);
	return atf_no_error();
}
