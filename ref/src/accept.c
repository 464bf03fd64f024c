/* accept.c — accept(): a new socket object for the next connection
 * (socket.rst:708-712) in the mode socket.rst:1171-1184 prescribes. */
#include "internal.h"

#include <errno.h>
#include <unistd.h>

struct accept_ctx {
	struct sockaddr_storage ss;
	socklen_t len;
};

static ssize_t accept_op(int fd, void *ctx)
{
	struct accept_ctx *c = ctx;
	c->len = sizeof c->ss;
	/* No SOCK_NONBLOCK: the connection's mode is set below from the
	 * default timeout alone, never inherited from the listener. */
	return accept4(fd, (struct sockaddr *)&c->ss, &c->len, SOCK_CLOEXEC);
}

sr_sock *sr_accept(sr_sock *s, sr_addr *addr, sr_err *err)
{
	struct accept_ctx c;
	ssize_t fd;

	fd = sr__sock_call(s, POLLIN, -1, accept_op, &c, err);
	if (fd < 0)
		return NULL;
	/* The connection has the listener's family, type and proto, but not
	 * its SOCK_NONBLOCK bit: that bit made the listener non-blocking, and
	 * the connection follows socket.rst:1174-1184 instead — the default
	 * timeout when there is one, otherwise blocking (on Linux also for a
	 * non-blocking listener, as accept4 does not inherit O_NONBLOCK).
	 * sr__sock_wrap applies exactly that to a type without the bit. */
	if (addr && sr_addr_decode(&c.ss, c.len, addr, err) < 0) {
		close((int)fd);
		return NULL;
	}
	/* NULL when the object cannot be made (fd closed there) */
	return sr__sock_wrap((int)fd, s->family, s->type & ~SOCK_NONBLOCK,
			     s->proto, err);
}
