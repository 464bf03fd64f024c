/* bind.c — bind() and listen(): giving a socket its local address and
 * turning it into a listener (socket.rst:716-719, 816-820). */
#include "internal.h"

#include <errno.h>
#include <limits.h>

int sr_bind(sr_sock *s, const sr_addr *addr, sr_err *err)
{
	union {
		struct sockaddr_storage ss;
		unsigned char b[SR_SOCKADDR_CAP];
	} sa;
	size_t len;

	if (sr__check_open(s, err) < 0)
		return -1;
	if (sr_addr_encode(addr, s->family, &sa, sizeof sa, &len, err) < 0)
		return -1;
	/* "must not already be bound": the kernel enforces it (EINVAL). */
	if (bind(s->fd, (struct sockaddr *)&sa, (socklen_t)len) < 0)
		return sr__oserror(err, errno);
	return 0;
}

int sr_listen(sr_sock *s, long long backlog, sr_err *err)
{
	if (sr__check_open(s, err) < 0)
		return -1;
	/* CPython parses backlog as a C int, so a value beyond it is an
	 * OverflowError rather than silently clamped; the kernel itself caps
	 * large values at net.core.somaxconn. */
	if (backlog > INT_MAX)
		return sr__error(err, SR_ERR_OVERFLOWERROR, 0,
				 "signed integer is greater than maximum");
	if (backlog < INT_MIN)
		return sr__error(err, SR_ERR_OVERFLOWERROR, 0,
				 "signed integer is less than minimum");
	/* "the minimum value is forced to 0" (socket.rst:819) */
	if (backlog < 0)
		backlog = 0;
	if (listen(s->fd, (int)backlog) < 0)
		return sr__oserror(err, errno);
	return 0;
}
