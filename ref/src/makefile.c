/*
 * makefile.c — makefile (socket.rst:823-841): a stdio stream over the
 * socket (glibc's fopencookie) whose reads and writes are recv and sendall
 * in the socket's own mode.
 *
 * The stream holds a reference to the object and one to the descriptor
 * (Python's _io_refs): closing the stream leaves an open socket alone, and
 * closing the socket first leaves the descriptor open until the stream is
 * closed too (socket.rst:832).
 */
#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct stream {
	sr_sock *s;
	/* A read timed out: the buffer may have lost data, so later reads
	 * refuse, as CPython's SocketIO does (doc-notes.md on 833-835). */
	bool timed_out;
};

/* stdio can carry only errno; the full error is kept per thread. */
static _Thread_local sr_err last_error;

void sr_makefile_error(sr_err *err)
{
	if (err)
		*err = last_error;
}

static int fail(const sr_err *e)
{
	last_error = *e;
	switch (e->kind) {
	case SR_ERR_OSERROR: errno = e->code ? e->code : EIO; break;
	case SR_ERR_TIMEOUT: errno = ETIMEDOUT; break;
	case SR_ERR_MEMORYERROR: errno = ENOMEM; break;
	default: errno = EINVAL; break;
	}
	return -1;
}

/*
 * The socket as the stream sees it. After sr_close the object says closed
 * but the descriptor stays open for the stream, as Python's socket.close()
 * leaves the inner _socket.socket alone while _io_refs > 0; so the stream
 * works on a copy that is open whenever the descriptor is (the mode is read
 * afresh on every call, so settimeout on the socket still applies).
 */
static sr_sock view(const sr_sock *s)
{
	sr_sock v = *s;
	v.closed = false;
	return v;
}

static ssize_t stream_read(void *cookie, char *buf, size_t size)
{
	struct stream *st = cookie;
	sr_sock v;
	sr_err e;
	ssize_t n;

	if (st->timed_out) {
		sr__error(&e, SR_ERR_OSERROR, 0,
			  "cannot read from timed out object");
		return fail(&e);
	}
	v = view(st->s);
	n = sr_recv_into(&v, buf, size, 0, 0, &e);
	if (n < 0) {
		if (e.kind == SR_ERR_TIMEOUT)
			st->timed_out = true;
		return fail(&e);
	}
	return n;
}

/* Buffered writers retry short writes until everything is out, so one
 * write of the stream is a sendall (whose timeout covers the whole
 * buffer rather than each send; the difference is a matter of timing). */
static ssize_t stream_write(void *cookie, const char *buf, size_t size)
{
	struct stream *st = cookie;
	sr_sock v = view(st->s);
	sr_err e;

	if (sr_sendall(&v, buf, size, 0, &e) < 0) {
		fail(&e);
		return 0; /* fopencookie: 0, not -1, reports a write error */
	}
	return (ssize_t)size;
}

static int stream_close(void *cookie)
{
	struct stream *st = cookie;
	sr_sock *s = st->s;
	sr_err e;
	int r;

	free(st);
	s->io_refs--;
	r = sr__sock_maybe_close_fd(s, &e);
	sr_release(s);
	return r < 0 ? fail(&e) : 0;
}

FILE *sr_makefile(sr_sock *s, const char *mode, sr_err *err)
{
	cookie_io_functions_t io = { .read = stream_read,
				     .write = stream_write,
				     .close = stream_close };
	struct stream *st;
	bool reading, writing;
	FILE *f;

	if (mode == NULL)
		mode = "r";
	/* CPython: any mix of r, w and b; neither r nor w means r */
	if (mode[strspn(mode, "rwb")] != '\0') {
		sr__error(err, SR_ERR_VALUEERROR, 0,
			  "invalid mode '%.32s' (only r, w, b allowed)", mode);
		return NULL;
	}
	writing = strchr(mode, 'w') != NULL;
	reading = strchr(mode, 'r') != NULL || !writing;
	if (sr__check_open(s, err) < 0)
		return NULL;
	if ((st = malloc(sizeof *st)) == NULL) {
		sr__nomem(err);
		return NULL;
	}
	*st = (struct stream){ .s = s };
	f = fopencookie(st, reading && writing ? "r+" : writing ? "w" : "r",
			io);
	if (f == NULL) {
		free(st);
		sr__nomem(err);
		return NULL;
	}
	s->refs++;
	s->io_refs++;
	return f;
}
