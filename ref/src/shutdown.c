/* shutdown.c — shutdown(how): close one or both halves of a connection
 * (socket.rst:1088-1093); an unknown `how` is the kernel's EINVAL. */
#include "internal.h"

#include <errno.h>

int sr_shutdown(sr_sock *s, int how, sr_err *err)
{
	if (sr__check_open(s, err) < 0)
		return -1;
	if (shutdown(s->fd, how) < 0)
		return sr__oserror(err, errno);
	return 0;
}
