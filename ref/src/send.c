/*
 * send.c — send, sendall and sendto (socket.rst:988-1014).
 *
 * Every send carries MSG_NOSIGNAL where the family takes it
 * (sr__send_flags): the same as Python's ignored SIGPIPE, per call,
 * without touching the process's signal dispositions.
 */
#include "internal.h"

struct tx {
	const unsigned char *buf;
	size_t len;
	int flags;
	const struct sockaddr *sa;
	socklen_t salen;
};

static ssize_t do_send(int fd, void *ctx)
{
	struct tx *x = ctx;
	return send(fd, x->buf, x->len, x->flags);
}

static ssize_t do_sendto(int fd, void *ctx)
{
	struct tx *x = ctx;
	return sendto(fd, x->buf, x->len, x->flags, x->sa, x->salen);
}

SR_HOT ssize_t sr_send(sr_sock *s, const void *data, size_t len, int flags,
		sr_err *err)
{
	struct tx x = { data, len, sr__send_flags(s, flags), NULL, 0 };
	return sr__sock_call(s, POLLOUT, -1, do_send, &x, err);
}

SR_HOT int sr_sendall(sr_sock *s, const void *data, size_t len, int flags,
	       sr_err *err)
{
	struct tx x = { data, len, sr__send_flags(s, flags), NULL, 0 };
	double deadline = -1;

	if (sr__check_open(s, err) < 0)
		return -1;
	/* Since CPython 3.5 the timeout bounds the whole call, not each
	 * send (doc-notes.md on 998-1005): one deadline for every round,
	 * checked before each round as CPython does, so a peer that keeps
	 * taking a little at a time cannot stretch the call. */
	if (s->timeout > 0)
		deadline = sr__now() + s->timeout;
	do {
		ssize_t n;
		if (deadline > 0 && x.len < len && sr__now() >= deadline)
			return sr__timeout(err);
		/* after a short send the buffer is full: wait before trying */
		n = sr__sock_call(s, x.len < len ? POLLOUT | SR_WAIT_FIRST
						 : POLLOUT,
				  deadline, do_send, &x, err);
		if (n < 0)
			return -1;
		x.buf += n;
		x.len -= (size_t)n;
	} while (x.len > 0);
	return 0;
}

ssize_t sr_sendto(sr_sock *s, const void *data, size_t len, int flags,
		  const sr_addr *address, sr_err *err)
{
	struct sockaddr_storage ss;
	struct tx x = { data, len, sr__send_flags(s, flags),
			(struct sockaddr *)&ss, 0 };
	size_t salen;

	/* a closed object's address is checked first, as CPython does;
	 * no object at all has no family to check it against */
	if (s == NULL)
		return sr__check_open(s, err);
	if (sr_addr_encode(address, s->family, &ss, sizeof ss, &salen,
			   err) < 0)
		return -1;
	x.salen = (socklen_t)salen;
	return sr__sock_call(s, POLLOUT, -1, do_sendto, &x, err);
}
