/*
 * t_capi_closed.c — "all future operations on the socket object will
 * fail" after close() (socket.rst:721-725), in the one state where the
 * descriptor itself is still open: a makefile() stream keeps it
 * (socket.rst:832), so the kernel would happily run the operation and only
 * the object's own closed check can refuse it. Also the NULL object, which
 * the C API treats as a closed one (OSError(EBADF)).
 */
#include "helpers.h"

#include <fcntl.h>
#include <limits.h>

/* A closed TCP listener-to-be whose descriptor a stream still holds. */
struct held {
	sr_sock *s;
	FILE *f;
	int fd;
};

static struct held closed_but_held(int type)
{
	struct held h;
	SR_OK(P(h.s = sr_socket(AF_INET, type, 0, ERR)));
	SR_OK(P(h.f = sr_makefile(h.s, "rb", ERR)));
	h.fd = sr_fileno(h.s);
	SR_OK(sr_close(h.s, ERR));
	/* the precondition: the descriptor is open, the object closed */
	ATF_REQUIRE(fcntl(h.fd, F_GETFD) >= 0);
	ATF_REQUIRE_EQ(sr_fileno(h.s), -1);
	return h;
}

static void drop(struct held *h)
{
	ATF_REQUIRE(fclose(h->f) == 0);
	sr_release(h->s);
}

ATF_TC_WITHOUT_HEAD(bind_listen_after_close);
ATF_TC_BODY(bind_listen_after_close, tc)
{
	/* socket.rst:724 with socket.rst:716, 816: bind and listen on a
	 * closed object fail with EBADF though a stream keeps the
	 * descriptor; the descriptor stays unbound and not listening */
	int fds = count_fds();
	struct held h = closed_but_held(SOCK_STREAM);
	sr_addr a;
	int v = -1;
	socklen_t len = sizeof v;

	SR_OK(sr_addr_inet(&a, "127.0.0.1", 0, ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF, sr_bind(h.s, &a, ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF, sr_listen(h.s, 5, ERR));
	ATF_REQUIRE(getsockopt(h.fd, SOL_SOCKET, SO_ACCEPTCONN, &v, &len) == 0);
	ATF_CHECK_EQ(v, 0);
	drop(&h);
	ATF_CHECK_EQ(count_fds(), fds);
}

ATF_TC_WITHOUT_HEAD(names_after_close);
ATF_TC_BODY(names_after_close, tc)
{
	/* socket.rst:724 with socket.rst:770-782: getsockname and
	 * getpeername on a closed object fail with EBADF */
	struct held h = closed_but_held(SOCK_DGRAM);
	sr_addr a;
	SR_FAILS(SR_ERR_OSERROR, EBADF, sr_getsockname(h.s, &a, ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF, sr_getpeername(h.s, &a, ERR));
	drop(&h);
}

ATF_TC_WITHOUT_HEAD(sockopts_after_close);
ATF_TC_BODY(sockopts_after_close, tc)
{
	/* socket.rst:724 with socket.rst:785-795, 1076-1085: both forms of
	 * getsockopt and setsockopt on a closed object fail with EBADF, and
	 * the option is not changed */
	struct held h = closed_but_held(SOCK_DGRAM);
	sr_bytes b = {0};
	int v = -1, before;
	socklen_t len = sizeof v;

	ATF_REQUIRE(getsockopt(h.fd, SOL_SOCKET, SO_RCVBUF, &before, &len) == 0);
	SR_FAILS(SR_ERR_OSERROR, EBADF,
		 sr_getsockopt_int(h.s, SOL_SOCKET, SO_TYPE, &v, ERR));
	ATF_CHECK_EQ(v, -1);
	SR_FAILS(SR_ERR_OSERROR, EBADF,
		 sr_getsockopt_bytes(h.s, SOL_SOCKET, SO_TYPE, 4, &b, ERR));
	ATF_CHECK(b.data == NULL);
	SR_FAILS(SR_ERR_OSERROR, EBADF,
		 sr_setsockopt_int(h.s, SOL_SOCKET, SO_RCVBUF, before * 4, ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF,
		 sr_setsockopt_bytes(h.s, SOL_SOCKET, SO_RCVBUF, &v, sizeof v,
				     ERR));
	len = sizeof v;
	ATF_REQUIRE(getsockopt(h.fd, SOL_SOCKET, SO_RCVBUF, &v, &len) == 0);
	ATF_CHECK_EQ(v, before);
	drop(&h);
}

ATF_TC_WITHOUT_HEAD(shutdown_send_after_close);
ATF_TC_BODY(shutdown_send_after_close, tc)
{
	/* socket.rst:724 with socket.rst:1088, 998: shutdown, send and
	 * sendall (also of nothing) on a closed object fail with EBADF;
	 * the connection is left as it was */
	sr_sock *p[2];
	sr_bytes b = {0};
	FILE *f;
	int fd;

	SR_OK(sr_socketpair(AF_UNIX, SOCK_STREAM, 0, p, ERR));
	SR_OK(P(f = sr_makefile(p[0], "wb", ERR)));
	fd = sr_fileno(p[0]);
	SR_OK(sr_close(p[0], ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF, sr_shutdown(p[0], SHUT_WR, ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF, sr_send(p[0], "x", 1, 0, ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF, sr_sendall(p[0], "x", 1, 0, ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF, sr_sendall(p[0], "", 0, 0, ERR));
	/* not shut down: the stream still writes, the peer reads it */
	ATF_REQUIRE(write(fd, "y", 1) == 1);
	SR_OK(sr_recv(p[1], 10, 0, &b, ERR));
	ATF_CHECK(b.len == 1 && b.data[0] == 'y');
	sr_bytes_free(&b);
	ATF_REQUIRE(fclose(f) == 0);
	sr_release(p[0]);
	sr_release(p[1]);
}

ATF_TC_WITHOUT_HEAD(null_object);
ATF_TC_BODY(null_object, tc)
{
	/* sockref.h: a NULL object is treated as a closed one, so every
	 * method that checks it reports OSError(EBADF) rather than
	 * dereferencing it */
	sr_addr a;
	sr_bytes b = {0};
	int v;

	SR_OK(sr_addr_inet(&a, "127.0.0.1", 0, ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF, sr_bind(NULL, &a, ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF, sr_bind(NULL, NULL, ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF, sr_listen(NULL, 1, ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF, sr_getsockname(NULL, &a, ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF, sr_getpeername(NULL, &a, ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF, sr_shutdown(NULL, SHUT_RDWR, ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF,
		 sr_getsockopt_int(NULL, SOL_SOCKET, SO_TYPE, &v, ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF,
		 sr_getsockopt_bytes(NULL, SOL_SOCKET, SO_TYPE, 4, &b, ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF,
		 sr_setsockopt_int(NULL, SOL_SOCKET, SO_REUSEADDR, 1, ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF,
		 sr_setsockopt_bytes(NULL, SOL_SOCKET, SO_REUSEADDR, &v,
				     sizeof v, ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF, sr_detach(NULL, ERR));
	SR_OK(sr_close(NULL, ERR));
	ATF_CHECK_EQ(sr_fileno(NULL), -1);
}

ATF_TC_WITHOUT_HEAD(null_object_sends);
ATF_TC_BODY(null_object_sends, tc)
{
	/* The same for the calls that read the object's family first (the
	 * send flags, the address's family check): they crashed once. */
	sr_addr a;
	sr_buf one = { (void *)"x", 1 };

	SR_OK(sr_addr_inet(&a, "127.0.0.1", 9, ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF, sr_send(NULL, "x", 1, 0, ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF, sr_sendall(NULL, "x", 1, 0, ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF, sr_sendto(NULL, "x", 1, 0, &a, ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF,
		 sr_sendmsg(NULL, &one, 1, NULL, 0, 0, &a, ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF,
		 sr_sendmsg(NULL, &one, 1, NULL, 0, 0, NULL, ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF, sr_connect(NULL, &a, ERR));
	{
		sr_err e = {0};
		ATF_CHECK_EQ(sr_connect_ex(NULL, &a, &e), EBADF);
	}
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, bind_listen_after_close);
	ATF_TP_ADD_TC(tp, names_after_close);
	ATF_TP_ADD_TC(tp, sockopts_after_close);
	ATF_TP_ADD_TC(tp, shutdown_send_after_close);
	ATF_TP_ADD_TC(tp, null_object);
	ATF_TP_ADD_TC(tp, null_object_sends);
	return atf_no_error();
}
