/*
 * internal.h — what the files of libsockref share and the public header
 * does not show: the socket object, the single error path and the timeout
 * machinery every blocking call goes through.
 */
#ifndef SOCKREF_INTERNAL_H
#define SOCKREF_INTERNAL_H

#include "sockref.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <sys/socket.h>

struct sr_sock {
	int fd;        /* -1 once the descriptor is closed or detached */
	int family;
	int type;      /* as given, SOCK_NONBLOCK/SOCK_CLOEXEC bits included */
	int proto;
	double timeout; /* < 0: None (blocking); 0: non-blocking; > 0: timeout */
	bool closed;   /* close() or detach() was called on the object */
	int io_refs;   /* open makefile() streams that use the descriptor */
	int refs;      /* references to the object: the caller's + streams' */
};

/* The calls a data-transfer loop makes, placed together (.text.hot) so a
 * loop touches as few code pages as raw system calls would. */
#define SR_HOT __attribute__((hot))

/* ---- errors (errors.c): the one place an sr_err is filled ---------- */

/* Fill *err (if not NULL) and return -1. */
int sr__error(sr_err *err, sr_errkind kind, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* OSError from an errno value, message strerror(errnum). Returns -1. */
int sr__oserror(sr_err *err, int errnum);
/* socket.timeout("timed out"). Returns -1. */
int sr__timeout(sr_err *err);
/* MemoryError. Returns -1. */
int sr__nomem(sr_err *err);
/* gaierror(code, gai_strerror(code)); EAI_SYSTEM becomes OSError(errno). */
int sr__gaierror(sr_err *err, int code);
/* A buffer size taken as long long, already known not negative, must
 * fit ssize_t: on a 32-bit platform a cast would silently ask for
 * another size (2**62 becomes 0). CPython's conversion to Py_ssize_t
 * raises OverflowError there. Returns 0 or -1. */
static inline int sr__size_fits(long long n, const char *what, sr_err *err)
{
	if ((unsigned long long)n <= (unsigned long long)SSIZE_MAX)
		return 0;
	return sr__error(err, SR_ERR_OVERFLOWERROR, 0,
			 "%s: size too large to convert to C ssize_t", what);
}


/* ---- socket objects (sock.c) ---------------------------------------- */

/* OSError(EBADF) unless the object is open. Returns 0 or -1. Inline:
 * every method starts with it, on the hot path too. */
static inline int sr__check_open(const sr_sock *s, sr_err *err)
{
	if (s == NULL || s->closed || s->fd < 0)
		return sr__oserror(err, EBADF);
	return 0;
}

/* Wrap fd in a new object with the default timeout applied (and the
 * descriptor's O_NONBLOCK set to match). Closes fd on failure. */
sr_sock *sr__sock_wrap(int fd, int family, int type, int proto, sr_err *err);
/* Set the object's mode: timeout < 0 blocking, 0 non-blocking, > 0
 * timeout; the descriptor is O_NONBLOCK in the last two. */
int sr__sock_set_mode(sr_sock *s, double timeout, sr_err *err);
/* Close the descriptor now if the object is closed and no stream uses it. */
int sr__sock_maybe_close_fd(sr_sock *s, sr_err *err);
/* The global default timeout (< 0 = None). */
double sr__default_timeout(void);

/* The flags a send really passes: MSG_NOSIGNAL added, because Python
 * ignores SIGPIPE at start-up so writing to a closed peer is
 * OSError(EPIPE), not the death of the process. RDS refuses every flag
 * but MSG_DONTWAIT (EOPNOTSUPP) and never raises SIGPIPE: none for it. */
static inline int sr__send_flags(const sr_sock *s, int flags)
{
	/* no object: the call fails in sr__check_open, flags unused */
	return s != NULL && s->family == AF_RDS ? flags : flags | MSG_NOSIGNAL;
}

/* ---- the timeout machinery (sockcall.c) ----------------------------- */

/* Monotonic seconds. */
double sr__now(void);

/* One attempt of an operation: returns >= 0 on success, or -1 with errno
 * set (EAGAIN/EWOULDBLOCK when it would block). */
typedef ssize_t (*sr__op)(int fd, void *ctx);

/*
 * Run op on the socket following its mode (socket.rst:1136-1160):
 *   blocking     one call (retried on EINTR); the OS waits;
 *   non-blocking one call; "would block" is OSError(EAGAIN);
 *   timeout      poll for `events` (POLLIN or POLLOUT) until the deadline,
 *                then call; "would block" waits again; the deadline
 *                passing is socket.timeout.
 * events | SR_WAIT_FIRST makes a timeout-mode call wait before its first
 * attempt, for a caller that knows the attempt would find nothing to do.
 * deadline < 0 means now + the socket's timeout (one deadline per call);
 * sendall passes its own so the timeout covers the whole call.
 * Returns op's result or -1 with *err filled.
 */
#define SR_WAIT_FIRST 0x4000

ssize_t sr__sock_call_timeout(sr_sock *s, short events, double deadline,
			      sr__op op, void *ctx, sr_err *err);

/* Inline so that in blocking and non-blocking mode the operation is a
 * direct call in its caller: this is the path the benchmark holds to
 * within 5% of raw system calls. Timeout mode is out of line. */
static inline ssize_t sr__sock_call(sr_sock *s, short events, double deadline,
				    sr__op op, void *ctx, sr_err *err)
{
	ssize_t r;
	if (sr__check_open(s, err) < 0)
		return -1;
	if (s->timeout > 0)
		return sr__sock_call_timeout(s, events, deadline, op, ctx, err);
	/* blocking (the OS waits) or non-blocking (one attempt) */
	do
		r = op(s->fd, ctx);
	while (r < 0 && errno == EINTR);
	return r < 0 ? sr__oserror(err, errno) : r;
}

/* ---- addresses (addr.c) --------------------------------------------- */

/* sockaddr storage large enough for every family */
#define SR_SOCKADDR_CAP 128

#endif /* SOCKREF_INTERNAL_H */
