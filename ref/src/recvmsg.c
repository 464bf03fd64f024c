/*
 * recvmsg.c — recvmsg and recvmsg_into (socket.rst:866-966): ordinary data
 * into one new buffer or the caller's buffers, ancillary data parsed into
 * items, msg_flags and the sender's address.
 */
#include "internal.h"
#include "cmsg_walk.h"

#include <limits.h>
#include <stdlib.h>
#include <sys/uio.h>

#define IOV_LOCAL 8

struct rxmsg {
	struct msghdr m;
	size_t controllen;
	int flags;
	struct sockaddr_storage ss;
};

static ssize_t do_recvmsg(int fd, void *ctx)
{
	struct rxmsg *x = ctx;
	/* the kernel rewrites these: every attempt starts from the capacity */
	x->m.msg_namelen = sizeof x->ss;
	x->m.msg_controllen = x->controllen;
	x->m.msg_flags = 0;
	return recvmsg(fd, &x->m, x->flags);
}

/* After a failure past the system call nothing may leak (socket.rst:899):
 * close every descriptor the kernel installed, walking its buffer without
 * allocating, since running out of memory is one way to get here. */
static void close_received_fds(const void *control, size_t len)
{
	sr__cmsg_walk w = { control, len, 0 };
	sr_cmsg it;
	const unsigned char *data;
	while (sr__cmsg_next(&w, &it.level, &it.type, &data, &it.len)) {
		it.data = (unsigned char *)data;
		sr_cmsg_close_fds(&it, 1);
	}
}

/* The part recvmsg and recvmsg_into share; fills out's ancdata, nanc,
 * msg_flags and address. Returns the byte count or -1. */
static ssize_t recvmsg_guts(sr_sock *s, struct iovec *iov, size_t niov,
			    long long ancbufsize, int flags, sr_msg *out,
			    sr_err *err)
{
	struct rxmsg x = {
		.m = { .msg_iov = iov, .msg_iovlen = niov },
		/* new descriptors must not leak into exec'd children */
		.flags = flags | MSG_CMSG_CLOEXEC,
	};
	void *control = NULL;
	size_t namelen;
	ssize_t n;

	if (ancbufsize < 0 || ancbufsize > INT_MAX)
		return sr__error(err, SR_ERR_VALUEERROR, 0,
				 "invalid ancillary data buffer length");
	if (ancbufsize > 0 && (control = malloc((size_t)ancbufsize)) == NULL)
		return sr__nomem(err);
	x.controllen = (size_t)ancbufsize;
	x.m.msg_control = control;
	x.m.msg_name = &x.ss;
	/* Linux leaves the name alone for some protocols; make that read as
	 * "no address" rather than stack garbage (as CPython does) */
	x.ss.ss_family = AF_UNSPEC;

	n = sr__sock_call(s, POLLIN, -1, do_recvmsg, &x, err);
	if (n < 0) {
		free(control);
		return -1;
	}
	namelen = x.m.msg_namelen;
	if (namelen > sizeof x.ss)
		namelen = sizeof x.ss;
	if (sr_addr_decode(&x.ss, namelen, &out->address, err) < 0 ||
	    sr_cmsg_parse(control, x.m.msg_controllen, &out->ancdata,
			  &out->nanc, err) < 0) {
		close_received_fds(control, x.m.msg_controllen);
		free(control);
		return -1;
	}
	free(control);
	/* Linux echoes MSG_CMSG_CLOEXEC in msg_flags; CPython, which does
	 * not pass it, reports 0 for an ordinary message (socket.rst:960) */
	out->msg_flags = x.m.msg_flags;
	if (!(flags & MSG_CMSG_CLOEXEC))
		out->msg_flags &= ~MSG_CMSG_CLOEXEC;
	out->nbytes = (size_t)n;
	return n;
}

int sr_recvmsg(sr_sock *s, long long bufsize, long long ancbufsize, int flags,
	       sr_msg *out, sr_err *err)
{
	struct iovec iov;
	unsigned char *buf, *p;
	ssize_t n;

	if (bufsize < 0)
		return sr__error(err, SR_ERR_VALUEERROR, 0,
				 "negative buffer size in recvmsg()");
	if (sr__size_fits(bufsize, "recvmsg", err) < 0)
		return -1;
	/* one byte at least: malloc(0) may return NULL */
	if ((buf = malloc(bufsize ? (size_t)bufsize : 1)) == NULL)
		return sr__nomem(err);
	iov = (struct iovec){ buf, (size_t)bufsize };
	n = recvmsg_guts(s, &iov, 1, ancbufsize, flags, out, err);
	if (n < 0) {
		free(buf);
		return -1;
	}
	if ((size_t)n < iov.iov_len && (p = realloc(buf, n ? (size_t)n : 1)))
		buf = p;
	out->data = (sr_bytes){ buf, (size_t)n };
	return 0;
}

int sr_recvmsg_into(sr_sock *s, const sr_buf *buffers, size_t nbuffers,
		    long long ancbufsize, int flags, sr_msg *out, sr_err *err)
{
	struct iovec iov_local[IOV_LOCAL], *iov = iov_local;
	size_t i;
	ssize_t n;

	/* more than IOV_MAX is the kernel's to refuse (EMSGSIZE,
	 * socket.rst:940); CPython refuses only what cannot be an int */
	if (nbuffers > INT_MAX)
		return sr__error(err, SR_ERR_OSERROR, 0,
				 "recvmsg_into() argument 1 is too long");
	if (nbuffers > IOV_LOCAL &&
	    (iov = malloc(nbuffers * sizeof *iov)) == NULL)
		return sr__nomem(err);
	for (i = 0; i < nbuffers; i++)
		iov[i] = (struct iovec){ buffers[i].data, buffers[i].len };
	n = recvmsg_guts(s, nbuffers ? iov : NULL, nbuffers, ancbufsize, flags,
			 out, err);
	if (iov != iov_local)
		free(iov);
	if (n < 0)
		return -1;
	out->data = (sr_bytes){ NULL, 0 };
	return 0;
}
