/*
 * recv.c — recv, recvfrom, recv_into and recvfrom_into
 * (socket.rst:844-863, 969-985). Each is one system call run through
 * sr__sock_call, so the socket's mode decides how it waits.
 */
#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct rx {
	void *buf;
	size_t len;
	int flags;
	socklen_t sslen;
	struct sockaddr_storage *ss; /* recvfrom only */
};

static ssize_t do_recv(int fd, void *ctx)
{
	struct rx *x = ctx;
	return recv(fd, x->buf, x->len, x->flags);
}

static ssize_t do_recvfrom(int fd, void *ctx)
{
	struct rx *x = ctx;
	/* in-out: each attempt starts with the whole capacity */
	x->sslen = sizeof *x->ss;
	return recvfrom(fd, x->buf, x->len, x->flags,
			(struct sockaddr *)x->ss, &x->sslen);
}

/* The sender's address; a zero length (a connected AF_UNIX peer, TCP)
 * decodes to AF_UNSPEC, Python's None (doc-notes.md on 969-985). */
static int decode_from(struct rx *x, sr_addr *from, sr_err *err)
{
	size_t len = x->sslen;
	if (len > sizeof *x->ss)
		len = sizeof *x->ss;
	return sr_addr_decode(x->ss, len, from, err);
}

/*
 * Give back what a result of n bytes does not use of its cap-byte block.
 * recv is on the hot path: glibc's in-place shrink costs several times a
 * fresh small block plus a copy, so small results move to a block of their
 * own; large ones shrink in place when a quarter or more would be wasted.
 */
#define SMALL_RESULT 512

static unsigned char *fit(unsigned char *buf, size_t cap, size_t n)
{
	unsigned char *p;
	if (n == cap)
		return buf;
	if (n <= SMALL_RESULT) {
		if ((p = malloc(n ? n : 1)) == NULL)
			return buf;
		memcpy(p, buf, n);
		free(buf);
		return p;
	}
	if (cap - n >= cap / 4 && (p = realloc(buf, n)))
		return p;
	return buf;
}

/* Allocate the result for at most bufsize bytes; receive; shrink. */
SR_HOT static int recv_alloc(sr_sock *s, long long bufsize, int flags, sr_bytes *out,
		      sr_addr *from, const char *what, sr_err *err)
{
	struct sockaddr_storage ss;
	struct rx x = { .flags = flags, .ss = from ? &ss : NULL };
	ssize_t n;

	if (bufsize < 0)
		return sr__error(err, SR_ERR_VALUEERROR, 0,
				 "negative buffersize in %s", what);
	if (sr__size_fits(bufsize, what, err) < 0)
		return -1;
	/* malloc(0) may return NULL; a one-byte block keeps "empty" apart
	 * from "no memory" */
	x.buf = malloc(bufsize ? (size_t)bufsize : 1);
	if (x.buf == NULL)
		return sr__nomem(err);
	x.len = (size_t)bufsize;
	n = sr__sock_call(s, POLLIN, -1, from ? do_recvfrom : do_recv, &x,
			  err);
	if (n < 0 || (from && decode_from(&x, from, err) < 0)) {
		free(x.buf);
		return -1;
	}
	out->data = fit(x.buf, x.len, (size_t)n);
	out->len = (size_t)n;
	return 0;
}

SR_HOT int sr_recv(sr_sock *s, long long bufsize, int flags, sr_bytes *out,
	    sr_err *err)
{
	return recv_alloc(s, bufsize, flags, out, NULL, "recv", err);
}

int sr_recvfrom(sr_sock *s, long long bufsize, int flags, sr_bytes *out,
		sr_addr *from, sr_err *err)
{
	sr_addr ignored;
	/* recvfrom asks for the address even if the caller drops it, so a
	 * failure to decode it is reported the same way either way */
	return recv_alloc(s, bufsize, flags, out, from ? from : &ignored,
			  "recvfrom", err);
}

SR_HOT ssize_t sr_recv_into(sr_sock *s, void *buf, size_t buflen, long long nbytes,
		     int flags, sr_err *err)
{
	struct rx x = { .buf = buf, .flags = flags };

	if (nbytes < 0)
		return sr__error(err, SR_ERR_VALUEERROR, 0,
				 "negative buffersize in recv_into");
	if ((unsigned long long)nbytes > buflen)
		return sr__error(err, SR_ERR_VALUEERROR, 0,
				 "buffer too small for requested bytes");
	x.len = nbytes ? (size_t)nbytes : buflen;
	return sr__sock_call(s, POLLIN, -1, do_recv, &x, err);
}

ssize_t sr_recvfrom_into(sr_sock *s, void *buf, size_t buflen,
			 long long nbytes, int flags, sr_addr *from,
			 sr_err *err)
{
	struct sockaddr_storage ss;
	struct rx x = { .buf = buf, .flags = flags, .ss = &ss };
	sr_addr ignored;
	ssize_t n;

	if (nbytes < 0)
		return sr__error(err, SR_ERR_VALUEERROR, 0,
				 "negative buffersize in recvfrom_into");
	/* 3.3 had no such check; CPython added it with this message */
	if ((unsigned long long)nbytes > buflen)
		return sr__error(err, SR_ERR_VALUEERROR, 0,
				 "nbytes is greater than the length of the buffer");
	x.len = nbytes ? (size_t)nbytes : buflen;
	n = sr__sock_call(s, POLLIN, -1, do_recvfrom, &x, err);
	if (n < 0 || decode_from(&x, from ? from : &ignored, err) < 0)
		return -1;
	return n;
}
