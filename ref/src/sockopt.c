/* sockopt.c — getsockopt() and setsockopt() in their integer and buffer
 * forms (socket.rst:785-795, 1076-1085). */
#include "internal.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

int sr_getsockopt_int(sr_sock *s, int level, int optname, int *value,
		      sr_err *err)
{
	/* Starts at 0 so an option the kernel returns shorter than an int
	 * (a char-sized one) still reads as its value, as in CPython. */
	int v = 0;
	socklen_t len = sizeof v;

	if (sr__check_open(s, err) < 0)
		return -1;
	if (getsockopt(s->fd, level, optname, &v, &len) < 0)
		return sr__oserror(err, errno);
	*value = v;
	return 0;
}

int sr_getsockopt_bytes(sr_sock *s, int level, int optname, long long buflen,
			sr_bytes *out, sr_err *err)
{
	unsigned char *buf;
	socklen_t len;

	if (sr__check_open(s, err) < 0)
		return -1;
	/* CPython's limit; the error is a bare OSError without errno. */
	if (buflen <= 0 || buflen > 1024)
		return sr__error(err, SR_ERR_OSERROR, 0,
				 "getsockopt buflen out of range");
	buf = calloc(1, (size_t)buflen);
	if (buf == NULL)
		return sr__nomem(err);
	len = (socklen_t)buflen;
	if (getsockopt(s->fd, level, optname, buf, &len) < 0) {
		int e = errno;
		free(buf);
		return sr__oserror(err, e);
	}
	/* the result is what the kernel wrote, at most buflen bytes */
	out->data = buf;
	out->len = len;
	return 0;
}

int sr_setsockopt_int(sr_sock *s, int level, int optname, long long value,
		      sr_err *err)
{
	int v;

	if (sr__check_open(s, err) < 0)
		return -1;
	/* The integer form passes a C int; a value beyond it would be
	 * truncated, so it is rejected as CPython's "i" conversion does. */
	if (value > INT_MAX)
		return sr__error(err, SR_ERR_OVERFLOWERROR, 0,
				 "signed integer is greater than maximum");
	if (value < INT_MIN)
		return sr__error(err, SR_ERR_OVERFLOWERROR, 0,
				 "signed integer is less than minimum");
	v = (int)value;
	if (setsockopt(s->fd, level, optname, &v, sizeof v) < 0)
		return sr__oserror(err, errno);
	return 0;
}

int sr_setsockopt_bytes(sr_sock *s, int level, int optname, const void *value,
			size_t len, sr_err *err)
{
	if (sr__check_open(s, err) < 0)
		return -1;
	if (len > INT_MAX)
		return sr__error(err, SR_ERR_OVERFLOWERROR, 0,
				 "buffer too large for setsockopt");
	if (value == NULL && len > 0)
		return sr__error(err, SR_ERR_TYPEERROR, 0,
				 "a bytes-like object is required, not 'NoneType'");
	if (setsockopt(s->fd, level, optname, value, (socklen_t)len) < 0)
		return sr__oserror(err, errno);
	return 0;
}
