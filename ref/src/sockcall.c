/*
 * sockcall.c — the three modes of socket.rst:1136-1160 in one place.
 * Every call that may block goes through sr__sock_call, so blocking,
 * non-blocking and timeout behaviour cannot drift between methods.
 */
#include "internal.h"

#include <errno.h>
#include <math.h>
#include <time.h>

double sr__now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Wait until fd is ready for `events` or the deadline passes.
 * Returns 1 ready, 0 timed out, -1 with errno. A call's first wait looks
 * once even when the deadline has already passed, as CPython's does (it
 * polls with the whole timeout before it reads the clock again): a tiny
 * timeout still finds data that is already there. */
static int wait_ready(int fd, short events, double deadline, bool first)
{
	for (;;) {
		double left = deadline - sr__now();
		struct pollfd p = { .fd = fd, .events = events };
		int ms, r;
		if (left <= 0 && !first)
			return 0;
		/* round up so a short remainder still waits instead of spinning */
		ms = left <= 0 ? 0 :
		     left > 86400.0 * 24 ? 86400 * 1000 * 24 :
		     (int)ceil(left * 1000.0);
		r = poll(&p, 1, ms);
		if (r > 0)
			return 1;
		if (r < 0 && errno != EINTR)
			return -1;
		first = false;
	}
}

static bool would_block(int e)
{
	return e == EAGAIN || e == EWOULDBLOCK;
}

ssize_t sr__sock_call_timeout(sr_sock *s, short events, double deadline,
			      sr__op op, void *ctx, sr_err *err)
{
	short pollev = (short)(events & ~SR_WAIT_FIRST);
	bool first = true;
	ssize_t r;

	if (deadline < 0)
		deadline = sr__now() + s->timeout;
	/* Sends usually find room at once, so they try first; receives and
	 * accepts usually find nothing yet, so they wait first and save a
	 * system call that would fail with EAGAIN. */
	if (events & (POLLIN | SR_WAIT_FIRST))
		goto wait;
	for (;;) {
		int w;
		r = op(s->fd, ctx);
		if (r >= 0)
			return r;
		if (errno == EINTR)
			continue;
		if (!would_block(errno))
			return sr__oserror(err, errno);
wait:
		w = wait_ready(s->fd, pollev, deadline, first);
		first = false;
		if (w == 0)
			return sr__timeout(err);
		if (w < 0)
			return sr__oserror(err, errno);
	}
}
