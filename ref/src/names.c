/* names.c — getsockname() and getpeername(): the two ends' addresses
 * (socket.rst:770-782), decoded into the family's typed value. */
#include "internal.h"

#include <errno.h>

static int get_name(sr_sock *s, bool peer, sr_addr *out, sr_err *err)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	int r;

	if (sr__check_open(s, err) < 0)
		return -1;
	r = peer ? getpeername(s->fd, (struct sockaddr *)&ss, &len)
		 : getsockname(s->fd, (struct sockaddr *)&ss, &len);
	if (r < 0)
		return sr__oserror(err, errno);
	return sr_addr_decode(&ss, len, out, err);
}

int sr_getsockname(sr_sock *s, sr_addr *out, sr_err *err)
{
	return get_name(s, false, out, err);
}

int sr_getpeername(sr_sock *s, sr_addr *out, sr_err *err)
{
	/* An unconnected socket is the kernel's ENOTCONN. */
	return get_name(s, true, out, err);
}
