/*
 * connect.c — connect() and connect_ex() (socket.rst:735-748, 1162-1169).
 *
 * Both run the same attempt; they differ only in how a failure of the C
 * connect call reaches the caller: connect raises it, connect_ex returns
 * its errno. Failures before that call (the address) raise in both.
 */
#include "internal.h"

#include <errno.h>

struct wait_ctx {
	bool block; /* wait for as long as it takes */
};

/* One look at a connect in progress: still pending is EAGAIN, so the
 * socket's mode decides how long to wait for it (POLLOUT). */
static ssize_t connect_result(int fd, void *ctx)
{
	struct wait_ctx *w = ctx;
	struct pollfd p = { .fd = fd, .events = POLLOUT };
	int e = 0;
	socklen_t len = sizeof e;
	int r = poll(&p, 1, w->block ? -1 : 0);

	if (r < 0)
		return -1;
	if (r == 0) {
		errno = EAGAIN;
		return -1;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len) < 0)
		return -1;
	if (e != 0 && e != EISCONN) {
		errno = e;
		return -1;
	}
	return 0;
}

/*
 * 0 when connected, otherwise the errno the connect reported — a timeout
 * is EWOULDBLOCK, what CPython's connect_ex returns for it (checked with
 * python3 3.11 on loopback against a full listen(0) queue) — with *cerr
 * describing it for connect to raise. -1 with *err for failures outside
 * the connect call.
 */
static int attempt(sr_sock *s, const sr_addr *addr, sr_err *cerr,
		   sr_err *err)
{
	union {
		struct sockaddr_storage ss;
		unsigned char b[SR_SOCKADDR_CAP];
	} sa;
	struct wait_ctx w;
	size_t len;
	bool wait;
	int e;

	/* Like CPython the address is checked against the object's family
	 * first (None is sr_addr_encode's to refuse, in the family's terms);
	 * a closed object then fails in the connect call (EBADF). No object
	 * at all has no family to check against. */
	if (s == NULL) {
		sr__check_open(s, cerr);
		return EBADF;
	}
	if (sr_addr_encode(addr, s->family, &sa, sizeof sa, &len, err) < 0)
		return -1;
	if (sr__check_open(s, cerr) < 0)
		return EBADF;
	if (connect(s->fd, (struct sockaddr *)&sa, (socklen_t)len) == 0)
		return 0;
	e = errno;
	/* An interrupted blocking connect goes on in the kernel; wait for
	 * its outcome rather than reporting EINTR (a second connect would
	 * only say EALREADY). In timeout mode the connect is non-blocking
	 * and EINPROGRESS starts the wait for the deadline. A non-blocking
	 * socket reports EINPROGRESS as it is (socket.rst:747). */
	if (e == EINTR)
		wait = s->timeout != 0;
	else
		wait = s->timeout > 0 && e == EINPROGRESS;
	if (!wait) {
		sr__oserror(cerr, e);
		return e;
	}
	w.block = s->timeout < 0;
	if (sr__sock_call(s, POLLOUT, -1, connect_result, &w, cerr) == 0)
		return 0;
	if (cerr->kind == SR_ERR_TIMEOUT)
		return EWOULDBLOCK;
	return cerr->code;
}

int sr_connect(sr_sock *s, const sr_addr *addr, sr_err *err)
{
	sr_err cerr = {0};
	int r = attempt(s, addr, &cerr, err);

	if (r > 0) {
		if (err)
			*err = cerr;
		return -1;
	}
	return r;
}

int sr_connect_ex(sr_sock *s, const sr_addr *addr, sr_err *err)
{
	sr_err cerr = {0};
	return attempt(s, addr, &cerr, err);
}
