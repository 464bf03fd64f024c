/*
 * sock.c — socket objects: creation (socket, socketpair, fromfd), their
 * lifetime (close, detach, release), read-only attributes, and the mode
 * switches (setblocking, settimeout, gettimeout, default timeout).
 */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

/* Python's _GLOBAL_DEFAULT_TIMEOUT: only its address matters. */
const double sr_default_timeout_sentinel = -2.0;

/* The module-wide default (socket.rst:625-638); None at import (< 0). */
static _Atomic double default_timeout = -1.0;

double sr__default_timeout(void)
{
	return atomic_load(&default_timeout);
}

/* Validate a Python timeout value: None, 0 or positive seconds. */
static int check_timeout(const double *t, double *out, sr_err *err)
{
	if (t == NULL) {
		*out = -1.0;
		return 0;
	}
	if (isnan(*t))
		return sr__error(err, SR_ERR_VALUEERROR, 0,
				 "Invalid value NaN (not a number)");
	if (*t < 0)
		return sr__error(err, SR_ERR_VALUEERROR, 0,
				 "Timeout value out of range");
	/* CPython keeps timeouts as 64-bit nanoseconds. */
	if (*t > 9.2e9)
		return sr__error(err, SR_ERR_OVERFLOWERROR, 0,
				 "timeout doesn't fit into C timeval");
	*out = *t;
	return 0;
}

bool sr_getdefaulttimeout(double *out)
{
	double t = sr__default_timeout();
	if (t < 0)
		return false;
	if (out)
		*out = t;
	return true;
}

int sr_setdefaulttimeout(const double *timeout, sr_err *err)
{
	double t = -1.0;
	if (check_timeout(timeout, &t, err) < 0)
		return -1;
	atomic_store(&default_timeout, t);
	return 0;
}

static int set_nonblock(int fd, bool on)
{
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0)
		return -1;
	if (!!(fl & O_NONBLOCK) == on)
		return 0;
	return fcntl(fd, F_SETFL, on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK);
}

int sr__sock_set_mode(sr_sock *s, double timeout, sr_err *err)
{
	if (sr__check_open(s, err) < 0)
		return -1;
	/* Timeout mode is non-blocking at the OS level (socket.rst:1155). */
	if (set_nonblock(s->fd, timeout >= 0) < 0)
		return sr__oserror(err, errno);
	s->timeout = timeout;
	return 0;
}

sr_sock *sr__sock_wrap(int fd, int family, int type, int proto, sr_err *err)
{
	sr_sock *s = calloc(1, sizeof *s);
	double t = -1.0;
	if (s == NULL) {
		close(fd);
		sr__nomem(err);
		return NULL;
	}
	*s = (sr_sock){ .fd = fd, .family = family, .type = type,
			.proto = proto, .timeout = -1.0, .refs = 1 };
	/* SOCK_NONBLOCK made the descriptor non-blocking in the socket()
	 * call itself (socket.rst:210-211): the mode is recorded, not set
	 * again, so no separate fcntl follows. Otherwise the default timeout
	 * applies (socket.rst:634, 1139). */
	if (type & SOCK_NONBLOCK) {
		s->timeout = 0.0;
		return s;
	}
	t = sr__default_timeout();
	if (t >= 0 && sr__sock_set_mode(s, t, err) < 0) {
		close(fd);
		free(s);
		return NULL;
	}
	return s;
}

sr_sock *sr_socket(int family, int type, int proto, sr_err *err)
{
	int fd;
	/* socket([family[, type[, proto]]]) defaults (socket.rst:448-455) */
	if (family == -1)
		family = AF_INET;
	if (type == -1)
		type = SOCK_STREAM;
	if (proto == -1)
		proto = 0;
	fd = socket(family, type | SOCK_CLOEXEC, proto);
	if (fd < 0) {
		sr__oserror(err, errno);
		return NULL;
	}
	return sr__sock_wrap(fd, family, type, proto, err);
}

int sr_socketpair(int family, int type, int proto, sr_sock *pair[2],
		  sr_err *err)
{
	int fds[2];
	if (family == -1)
		family = AF_UNIX;
	if (type == -1)
		type = SOCK_STREAM;
	if (proto == -1)
		proto = 0;
	if (socketpair(family, type | SOCK_CLOEXEC, proto, fds) < 0)
		return sr__oserror(err, errno);
	pair[0] = sr__sock_wrap(fds[0], family, type, proto, err);
	if (pair[0] == NULL) {
		close(fds[1]);
		return -1;
	}
	pair[1] = sr__sock_wrap(fds[1], family, type, proto, err);
	if (pair[1] == NULL) {
		sr_release(pair[0]);
		pair[0] = NULL;
		return -1;
	}
	return 0;
}

sr_sock *sr_fromfd(int fd, int family, int type, int proto, sr_err *err)
{
	sr_sock *s;
	int nfd;
	if (proto == -1)
		proto = 0;
	nfd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	if (nfd < 0) {
		sr__oserror(err, errno);
		return NULL;
	}
	s = calloc(1, sizeof *s);
	if (s == NULL) {
		close(nfd);
		sr__nomem(err);
		return NULL;
	}
	/* "The socket is assumed to be in blocking mode" (socket.rst:485):
	 * the object says blocking whatever the descriptor's O_NONBLOCK. */
	*s = (sr_sock){ .fd = nfd, .family = family, .type = type,
			.proto = proto, .timeout = -1.0, .refs = 1 };
	return s;
}

int sr__sock_maybe_close_fd(sr_sock *s, sr_err *err)
{
	int fd = s->fd;
	if (!s->closed || s->io_refs > 0 || fd < 0)
		return 0;
	s->fd = -1;
	/* ECONNRESET from close() only means the peer went first. */
	if (close(fd) < 0 && errno != ECONNRESET && errno != EINTR)
		return sr__oserror(err, errno);
	return 0;
}

int sr_close(sr_sock *s, sr_err *err)
{
	if (s == NULL || s->closed)
		return 0;
	s->closed = true;
	return sr__sock_maybe_close_fd(s, err);
}

int sr_detach(sr_sock *s, sr_err *err)
{
	int fd;
	if (sr__check_open(s, err) < 0)
		return -1;
	fd = s->fd;
	s->closed = true;
	s->fd = -1;
	return fd;
}

int sr_fileno(const sr_sock *s)
{
	return (s == NULL || s->closed) ? -1 : s->fd;
}

int sr_family(const sr_sock *s)
{
	return s->family;
}

int sr_type(const sr_sock *s)
{
	return s->type;
}

int sr_proto(const sr_sock *s)
{
	return s->proto;
}

void sr_release(sr_sock *s)
{
	if (s == NULL || --s->refs > 0)
		return;
	if (s->fd >= 0)
		close(s->fd);
	free(s);
}

int sr_setblocking(sr_sock *s, bool flag, sr_err *err)
{
	/* setblocking(True) == settimeout(None), False == settimeout(0.0) */
	return sr__sock_set_mode(s, flag ? -1.0 : 0.0, err);
}

int sr_settimeout(sr_sock *s, const double *timeout, sr_err *err)
{
	double t = -1.0;
	if (check_timeout(timeout, &t, err) < 0)
		return -1;
	return sr__sock_set_mode(s, t, err);
}

bool sr_gettimeout(const sr_sock *s, double *out)
{
	if (s->timeout < 0)
		return false;
	if (out)
		*out = s->timeout;
	return true;
}
