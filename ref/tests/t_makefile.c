/*
 * t_makefile.c — makefile(): a stdio stream over a socket, its reference
 * to the descriptor, its modes and its behaviour after a timeout
 * (socket.rst:823-841; catalogue rows object.makefile-*).
 */
#include <fcntl.h>

#include "helpers.h"

static void pair(sr_sock *p[2])
{
	SR_OK(sr_socketpair(AF_UNIX, SOCK_STREAM, 0, p, ERR));
}

static FILE *mkfile(sr_sock *s, const char *mode)
{
	FILE *f = NULL;
	SR_OK(P(f = sr_makefile(s, mode, ERR)));
	return f;
}

static bool fd_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

ATF_TC_WITHOUT_HEAD(read_write);
ATF_TC_BODY(read_write, tc)
{
	/* object.makefile-file-object (socket.rst:828): a file object whose
	 * reads and writes are the socket's data */
	sr_sock *p[2];
	FILE *w, *r, *rw;
	char line[64];
	int fds = count_fds();
	pair(p);
	w = mkfile(p[0], "wb");
	r = mkfile(p[1], "rb");
	ATF_REQUIRE(fputs("first line\nsecond\n", w) >= 0);
	ATF_REQUIRE(fflush(w) == 0);
	ATF_REQUIRE(fgets(line, sizeof line, r) != NULL);
	ATF_REQUIRE_STREQ(line, "first line\n");
	ATF_REQUIRE(fgets(line, sizeof line, r) != NULL);
	ATF_REQUIRE_STREQ(line, "second\n");
	/* a read-write stream on the other end */
	rw = mkfile(p[1], "rwb");
	ATF_REQUIRE(fputs("back\n", rw) >= 0);
	ATF_REQUIRE(fflush(rw) == 0);
	{
		sr_bytes b = { 0 };
		SR_OK(sr_recv(p[0], 100, 0, &b, ERR));
		ATF_REQUIRE(b.len == 5 && memcmp(b.data, "back\n", 5) == 0);
		sr_bytes_free(&b);
	}
	/* EOF when the peer is gone */
	ATF_REQUIRE(fclose(w) == 0);
	SR_OK(sr_close(p[0], ERR));
	ATF_REQUIRE(fgetc(r) == EOF && feof(r) && !ferror(r));
	ATF_REQUIRE(fclose(r) == 0);
	ATF_REQUIRE(fclose(rw) == 0);
	sr_release(p[0]);
	sr_release(p[1]);
	ATF_REQUIRE_EQ(count_fds(), fds);
}

ATF_TC_WITHOUT_HEAD(close_stream_keeps_socket);
ATF_TC_BODY(close_stream_keeps_socket, tc)
{
	/* object.makefile-close-refcount (socket.rst:832): closing the file
	 * does not close a socket that is still referenced */
	sr_sock *p[2];
	FILE *f;
	sr_bytes b = { 0 };
	pair(p);
	f = mkfile(p[0], "wb");
	ATF_REQUIRE(fclose(f) == 0);
	ATF_REQUIRE(fd_open(sr_fileno(p[0])));
	ATF_REQUIRE_EQ(sr_send(p[0], "x", 1, 0, NULL), 1);
	SR_OK(sr_recv(p[1], 10, 0, &b, ERR));
	ATF_REQUIRE(b.len == 1 && b.data[0] == 'x');
	sr_bytes_free(&b);
	sr_release(p[0]);
	sr_release(p[1]);
}

ATF_TC_WITHOUT_HEAD(close_socket_first);
ATF_TC_BODY(close_socket_first, tc)
{
	/* object.makefile-close-refcount (socket.rst:832): after the socket
	 * is closed the stream still works, and the descriptor closes only
	 * when the stream does (Python's _io_refs) */
	sr_sock *p[2];
	FILE *f;
	sr_bytes b = { 0 };
	int fd, fds = count_fds();
	pair(p);
	f = mkfile(p[0], "wb");
	fd = sr_fileno(p[0]);
	SR_OK(sr_close(p[0], ERR));
	/* the object is closed ... */
	ATF_REQUIRE_EQ(sr_fileno(p[0]), -1);
	SR_FAILS(SR_ERR_OSERROR, EBADF, sr_send(p[0], "x", 1, 0, ERR));
	/* ... its descriptor is not */
	ATF_REQUIRE(fd_open(fd));
	ATF_REQUIRE(fputs("y", f) >= 0);
	ATF_REQUIRE(fflush(f) == 0);
	SR_OK(sr_recv(p[1], 10, 0, &b, ERR));
	ATF_REQUIRE(b.len == 1 && b.data[0] == 'y');
	sr_bytes_free(&b);
	/* the object may be dropped before the stream */
	sr_release(p[0]);
	ATF_REQUIRE(fd_open(fd));
	ATF_REQUIRE(fclose(f) == 0);
	ATF_REQUIRE(!fd_open(fd));
	/* the peer sees EOF */
	SR_OK(sr_recv(p[1], 10, 0, &b, ERR));
	ATF_REQUIRE_EQ(b.len, 0);
	sr_bytes_free(&b);
	sr_release(p[1]);
	ATF_REQUIRE_EQ(count_fds(), fds);
}

ATF_TC_WITHOUT_HEAD(release_socket_first);
ATF_TC_BODY(release_socket_first, tc)
{
	/* object.makefile-close-refcount (socket.rst:832): dropping the last
	 * caller reference without close() leaves the stream working; the
	 * stream's close then ends the object (ASan checks the memory) */
	sr_sock *p[2];
	FILE *f;
	sr_bytes b = { 0 };
	int fds = count_fds();
	pair(p);
	f = mkfile(p[0], "w");
	sr_release(p[0]);
	ATF_REQUIRE(fputs("z", f) >= 0);
	ATF_REQUIRE(fclose(f) == 0);
	SR_OK(sr_recv(p[1], 10, 0, &b, ERR));
	ATF_REQUIRE(b.len == 1 && b.data[0] == 'z');
	sr_bytes_free(&b);
	SR_OK(sr_recv(p[1], 10, 0, &b, ERR));
	ATF_REQUIRE_EQ(b.len, 0);
	sr_bytes_free(&b);
	sr_release(p[1]);
	ATF_REQUIRE_EQ(count_fds(), fds);
}

ATF_TC_WITHOUT_HEAD(modes);
ATF_TC_BODY(modes, tc)
{
	/* object.makefile-file-object (socket.rst:828-830): modes are read
	 * as CPython does, any mix of r, w and b; anything else is
	 * ValueError and nothing is held */
	static const char *good[] = { "r", "w", "rw", "rb", "wb", "rwb",
				      "br", "wr", "", NULL };
	static const char *bad[] = { "a", "r+", "rt", "x", "w+b", "R" };
	sr_sock *p[2];
	sr_err e = { 0 };
	size_t i;
	int fds;
	pair(p);
	fds = count_fds();
	for (i = 0; i < sizeof good / sizeof *good; i++)
		ATF_REQUIRE(fclose(mkfile(p[0], good[i])) == 0);
	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		SR_FAILS(SR_ERR_VALUEERROR, 0, P(sr_makefile(p[0], bad[i], ERR)));
	}
	ATF_REQUIRE(sr_makefile(p[0], "a", &e) == NULL);
	ATF_REQUIRE(strncmp(e.msg, "invalid mode", 12) == 0);
	ATF_REQUIRE_EQ(count_fds(), fds);
	/* the object still closes at once: no reference was left behind */
	SR_OK(sr_close(p[0], ERR));
	ATF_REQUIRE_EQ(count_fds(), fds - 1);
	SR_FAILS(SR_ERR_OSERROR, EBADF, P(sr_makefile(p[0], "r", ERR)));
	sr_release(p[0]);
	sr_release(p[1]);
}

ATF_TC_WITHOUT_HEAD(timeout_then_refuses);
ATF_TC_BODY(timeout_then_refuses, tc)
{
	/* object.makefile-timeout-inconsistent (socket.rst:833, doc-notes on
	 * 833-835): a read that times out is socket.timeout; later reads
	 * fail with OSError('cannot read from timed out object') even when
	 * data has come */
	sr_sock *p[2];
	FILE *f;
	sr_err e = { 0 };
	double t = 0.1;
	char c;
	pair(p);
	SR_OK(sr_settimeout(p[1], &t, ERR));
	f = mkfile(p[1], "rb");
	errno = 0;
	ATF_REQUIRE(fread(&c, 1, 1, f) == 0);
	ATF_REQUIRE(ferror(f));
	ATF_REQUIRE_EQ(errno, ETIMEDOUT);
	sr_makefile_error(&e);
	ATF_REQUIRE_EQ(e.kind, SR_ERR_TIMEOUT);
	ATF_REQUIRE_STREQ(e.msg, "timed out");
	ATF_REQUIRE_EQ(sr_send(p[0], "late", 4, 0, NULL), 4);
	clearerr(f);
	ATF_REQUIRE(fread(&c, 1, 1, f) == 0);
	ATF_REQUIRE(ferror(f));
	ATF_REQUIRE_EQ(errno, EIO);
	sr_makefile_error(&e);
	ATF_REQUIRE_EQ(e.kind, SR_ERR_OSERROR);
	ATF_REQUIRE_EQ(e.code, 0);
	ATF_REQUIRE_STREQ(e.msg, "cannot read from timed out object");
	ATF_REQUIRE(fclose(f) == 0);
	/* a new stream starts afresh */
	f = mkfile(p[1], "rb");
	ATF_REQUIRE(fread(&c, 1, 1, f) == 1 && c == 'l');
	ATF_REQUIRE(fclose(f) == 0);
	sr_release(p[0]);
	sr_release(p[1]);
}

ATF_TC_WITHOUT_HEAD(write_error);
ATF_TC_BODY(write_error, tc)
{
	/* object.makefile-file-object (socket.rst:828): a write to a gone
	 * peer is the OSError send would give, through stdio's error flag */
	sr_sock *p[2];
	FILE *f;
	sr_err e = { 0 };
	pair(p);
	f = mkfile(p[0], "wb");
	SR_OK(sr_close(p[1], ERR));
	ATF_REQUIRE(fputs("lost", f) >= 0);
	ATF_REQUIRE(fflush(f) == EOF);
	ATF_REQUIRE(ferror(f));
	ATF_REQUIRE_EQ(errno, EPIPE);
	sr_makefile_error(&e);
	ATF_REQUIRE(e.kind == SR_ERR_OSERROR && e.code == EPIPE);
	fclose(f);
	sr_release(p[0]);
	sr_release(p[1]);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, read_write);
	ATF_TP_ADD_TC(tp, close_stream_keeps_socket);
	ATF_TP_ADD_TC(tp, close_socket_first);
	ATF_TP_ADD_TC(tp, release_socket_first);
	ATF_TP_ADD_TC(tp, modes);
	ATF_TP_ADD_TC(tp, timeout_then_refuses);
	ATF_TP_ADD_TC(tp, write_error);
	return atf_no_error();
}
