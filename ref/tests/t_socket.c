/*
 * t_socket.c — socket objects as such: creation and attributes, socketpair
 * and fromfd, the end of an object's life (close, detach, release), socket
 * options, shutdown, bind/listen and the two address queries
 * (socket.rst:448-486, 695-1133; catalogue rows object.*).
 */
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/time.h>

#include "helpers.h"

/* ---- helpers -------------------------------------------------------- */

static sr_sock *new_sock(int family, int type, int proto)
{
	sr_sock *s = NULL;
	SR_OK(P(s = sr_socket(family, type, proto, ERR)));
	return s;
}

static void bind_inet(sr_sock *s, const char *host, long long port)
{
	sr_addr a;
	SR_OK(sr_addr_inet(&a, host, port, ERR));
	SR_OK(sr_bind(s, &a, ERR));
}

/* A TCP listener on 127.0.0.1 with a port the kernel picks; *where gets
 * its address. */
static sr_sock *listener4(sr_addr *where)
{
	sr_sock *l = new_sock(AF_INET, SOCK_STREAM, 0);
	bind_inet(l, "127.0.0.1", 0);
	SR_OK(sr_listen(l, 5, ERR));
	SR_OK(sr_getsockname(l, where, ERR));
	return l;
}

/* A connected TCP pair over 127.0.0.1: *cli connected, *srv accepted. */
static void tcp_pair(sr_sock **cli, sr_sock **srv)
{
	sr_addr where;
	sr_sock *l = listener4(&where);
	*cli = new_sock(AF_INET, SOCK_STREAM, 0);
	SR_OK(sr_connect(*cli, &where, ERR));
	SR_OK(P(*srv = sr_accept(l, NULL, ERR)));
	sr_release(l);
}

static bool fd_nonblocking(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	ATF_REQUIRE(fl >= 0);
	return (fl & O_NONBLOCK) != 0;
}

static bool fd_cloexec(int fd)
{
	int fl = fcntl(fd, F_GETFD);
	ATF_REQUIRE(fl >= 0);
	return (fl & FD_CLOEXEC) != 0;
}

static bool fd_is_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

static bool same_inet(const sr_addr *a, const sr_addr *b)
{
	return a->family == AF_INET && b->family == AF_INET &&
	       strcmp(a->u.in.host, b->u.in.host) == 0 &&
	       a->u.in.port == b->u.in.port;
}

/* ---- creation and attributes ---------------------------------------- */

ATF_TC_WITHOUT_HEAD(socket_defaults);
ATF_TC_BODY(socket_defaults, tc)
{
	/* object.socket-defaults (socket.rst:451): no arguments give
	 * AF_INET, SOCK_STREAM, protocol 0 over a real descriptor. */
	int before = count_fds();
	sr_sock *s = new_sock(-1, -1, -1);
	ATF_CHECK_EQ(sr_family(s), AF_INET);
	ATF_CHECK_EQ(sr_type(s), SOCK_STREAM);
	ATF_CHECK_EQ(sr_proto(s), 0);
	ATF_CHECK(sr_fileno(s) >= 0);
	ATF_CHECK_EQ(count_fds(), before + 1);
	sr_release(s);
	ATF_CHECK_EQ(count_fds(), before);
}

ATF_TC_WITHOUT_HEAD(socket_proto_zero);
ATF_TC_BODY(socket_proto_zero, tc)
{
	/* object.socket-proto-zero (socket.rst:455): protocol 0 lets the
	 * kernel pick TCP for streams and UDP for datagrams. */
	sr_sock *t = new_sock(AF_INET, SOCK_STREAM, 0);
	sr_sock *u = new_sock(AF_INET, SOCK_DGRAM, 0);
	int v;
	SR_OK(sr_getsockopt_int(t, SOL_SOCKET, SO_PROTOCOL, &v, ERR));
	ATF_CHECK_EQ(v, IPPROTO_TCP);
	SR_OK(sr_getsockopt_int(u, SOL_SOCKET, SO_PROTOCOL, &v, ERR));
	ATF_CHECK_EQ(v, IPPROTO_UDP);
	ATF_CHECK_EQ(sr_proto(t), 0);
	sr_release(t);
	sr_release(u);
}

ATF_TC_WITHOUT_HEAD(attributes);
ATF_TC_BODY(attributes, tc)
{
	/* object.attr-family, object.attr-type, object.attr-proto
	 * (socket.rst:1117-1129): the attributes report what was given,
	 * the type with its SOCK_NONBLOCK/SOCK_CLOEXEC bits as in 3.3. */
	sr_sock *s = new_sock(AF_INET6, SOCK_DGRAM, 0);
	ATF_CHECK_EQ(sr_family(s), AF_INET6);
	ATF_CHECK_EQ(sr_type(s), SOCK_DGRAM);
	sr_release(s);
	s = new_sock(AF_INET, SOCK_STREAM, IPPROTO_TCP);
	ATF_CHECK_EQ(sr_proto(s), IPPROTO_TCP);
	ATF_CHECK_EQ(sr_type(s), SOCK_STREAM);
	sr_release(s);
	s = new_sock(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	ATF_CHECK_EQ(sr_type(s), SOCK_STREAM | SOCK_NONBLOCK);
	sr_release(s);
}

ATF_TC_WITHOUT_HEAD(type_flags);
ATF_TC_BODY(type_flags, tc)
{
	/* socket.rst:210-215: SOCK_NONBLOCK creates a non-blocking socket
	 * (gettimeout 0.0, O_NONBLOCK), SOCK_CLOEXEC a close-on-exec one. */
	sr_sock *s = new_sock(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	double t = -1;
	ATF_CHECK(fd_nonblocking(sr_fileno(s)));
	ATF_CHECK(sr_gettimeout(s, &t));
	ATF_CHECK_EQ(t, 0.0);
	sr_release(s);

	s = new_sock(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	ATF_CHECK(fd_cloexec(sr_fileno(s)));
	ATF_CHECK(!fd_nonblocking(sr_fileno(s)));
	ATF_CHECK(!sr_gettimeout(s, NULL));
	sr_release(s);
}

/* ---- socketpair and fromfd ------------------------------------------ */

ATF_TC_WITHOUT_HEAD(socketpair_connected);
ATF_TC_BODY(socketpair_connected, tc)
{
	/* object.socketpair-connected, object.socketpair-default-family,
	 * object.socketpair-args (socket.rst:465-467): an AF_UNIX pair by
	 * default, already connected both ways; the type argument counts. */
	int before = count_fds();
	sr_sock *p[2];
	char buf[8];
	SR_OK(sr_socketpair(-1, -1, -1, p, ERR));
	ATF_CHECK_EQ(sr_family(p[0]), AF_UNIX);
	ATF_CHECK_EQ(sr_type(p[1]), SOCK_STREAM);
	ATF_REQUIRE_EQ(write(sr_fileno(p[0]), "ping", 4), 4);
	ATF_REQUIRE_EQ(read(sr_fileno(p[1]), buf, sizeof buf), 4);
	ATF_CHECK(memcmp(buf, "ping", 4) == 0);
	ATF_REQUIRE_EQ(write(sr_fileno(p[1]), "pong", 4), 4);
	ATF_REQUIRE_EQ(read(sr_fileno(p[0]), buf, sizeof buf), 4);
	ATF_CHECK(memcmp(buf, "pong", 4) == 0);
	sr_release(p[0]);
	sr_release(p[1]);

	/* SOCK_DGRAM keeps message boundaries: two sends, two reads */
	SR_OK(sr_socketpair(AF_UNIX, SOCK_DGRAM, 0, p, ERR));
	ATF_CHECK_EQ(sr_type(p[0]), SOCK_DGRAM);
	ATF_REQUIRE_EQ(write(sr_fileno(p[0]), "ab", 2), 2);
	ATF_REQUIRE_EQ(write(sr_fileno(p[0]), "cde", 3), 3);
	ATF_CHECK_EQ(read(sr_fileno(p[1]), buf, sizeof buf), 2);
	ATF_CHECK_EQ(read(sr_fileno(p[1]), buf, sizeof buf), 3);
	sr_release(p[0]);
	sr_release(p[1]);
	ATF_CHECK_EQ(count_fds(), before);
}

ATF_TC_WITHOUT_HEAD(socketpair_full_api);
ATF_TC_BODY(socketpair_full_api, tc)
{
	/* object.socketpair-full-api (socket.rst:471): the pair are full
	 * socket objects: timeouts, options, names, fromfd, shutdown. */
	sr_sock *p[2], *d;
	sr_addr a;
	double t = 0;
	double one = 1.0;
	int v;
	char c;
	SR_OK(sr_socketpair(-1, -1, -1, p, ERR));
	SR_OK(sr_settimeout(p[0], &one, ERR));
	ATF_CHECK(sr_gettimeout(p[0], &t) && t == 1.0);
	SR_OK(sr_getsockopt_int(p[0], SOL_SOCKET, SO_TYPE, &v, ERR));
	ATF_CHECK_EQ(v, SOCK_STREAM);
	SR_OK(sr_getsockname(p[0], &a, ERR));
	ATF_CHECK_EQ(a.family, AF_UNIX);
	SR_OK(sr_getpeername(p[0], &a, ERR));
	ATF_CHECK_EQ(a.family, AF_UNIX);
	SR_OK(P(d = sr_fromfd(sr_fileno(p[0]), AF_UNIX, SOCK_STREAM, 0, ERR)));
	SR_OK(sr_shutdown(d, SHUT_WR, ERR));
	ATF_CHECK_EQ(read(sr_fileno(p[1]), &c, 1), 0);
	sr_release(d);
	sr_release(p[0]);
	sr_release(p[1]);
}

ATF_TC_WITHOUT_HEAD(fromfd_duplicates);
ATF_TC_BODY(fromfd_duplicates, tc)
{
	/* object.fromfd-duplicates (socket.rst:478): a new descriptor for
	 * the same socket, still usable after the original is closed. */
	int before = count_fds();
	sr_sock *s = new_sock(AF_INET, SOCK_STREAM, 0), *d;
	sr_addr a, b;
	bind_inet(s, "127.0.0.1", 0);
	SR_OK(P(d = sr_fromfd(sr_fileno(s), AF_INET, SOCK_STREAM, 0, ERR)));
	ATF_CHECK(sr_fileno(d) >= 0 && sr_fileno(d) != sr_fileno(s));
	ATF_CHECK_EQ(sr_family(d), AF_INET);
	ATF_CHECK_EQ(sr_type(d), SOCK_STREAM);
	SR_OK(sr_getsockname(s, &a, ERR));
	SR_OK(sr_close(s, ERR));
	SR_OK(sr_getsockname(d, &b, ERR));
	ATF_CHECK(same_inet(&a, &b));
	sr_release(s);
	sr_release(d);
	ATF_CHECK_EQ(count_fds(), before);
}

ATF_TC_WITHOUT_HEAD(fromfd_no_socket_check);
ATF_TC_BODY(fromfd_no_socket_check, tc)
{
	/* object.fromfd-no-socket-check (socket.rst:481): as the document
	 * says (3.3), fromfd takes any descriptor; the first socket call on
	 * it fails with ENOTSOCK. */
	int before = count_fds();
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	sr_sock *s;
	int v;
	ATF_REQUIRE(fd >= 0);
	SR_OK(P(s = sr_fromfd(fd, AF_INET, SOCK_STREAM, 0, ERR)));
	SR_FAILS(SR_ERR_OSERROR, ENOTSOCK,
		 sr_getsockopt_int(s, SOL_SOCKET, SO_TYPE, &v, ERR));
	sr_release(s);
	close(fd);
	ATF_CHECK_EQ(count_fds(), before);
}

/* ---- the end of an object ------------------------------------------- */

ATF_TC_WITHOUT_HEAD(close_invalidates);
ATF_TC_BODY(close_invalidates, tc)
{
	/* object.close-invalidates (socket.rst:724): after close() every
	 * operation fails with EBADF, fileno() is -1, and a second close()
	 * does nothing. connect_ex reports its connect call's EBADF as a
	 * value, as CPython does. */
	int before = count_fds();
	sr_sock *s = new_sock(AF_INET, SOCK_STREAM, 0);
	sr_addr a;
	sr_bytes b;
	double one = 1.0;
	int v = 1;
	SR_OK(sr_addr_inet(&a, "127.0.0.1", 9, ERR));
	SR_OK(sr_close(s, ERR));
	ATF_CHECK_EQ(sr_fileno(s), -1);
	ATF_CHECK_EQ(count_fds(), before);
	SR_FAILS(SR_ERR_OSERROR, EBADF, sr_bind(s, &a, ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF, sr_listen(s, 1, ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF, P(sr_accept(s, NULL, ERR)));
	SR_FAILS(SR_ERR_OSERROR, EBADF, sr_connect(s, &a, ERR));
	ATF_CHECK_EQ(sr_connect_ex(s, &a, NULL), EBADF);
	SR_FAILS(SR_ERR_OSERROR, EBADF, sr_getsockname(s, &a, ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF, sr_getpeername(s, &a, ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF,
		 sr_getsockopt_int(s, SOL_SOCKET, SO_TYPE, &v, ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF,
		 sr_getsockopt_bytes(s, SOL_SOCKET, SO_TYPE, 4, &b, ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF,
		 sr_setsockopt_int(s, SOL_SOCKET, SO_REUSEADDR, 1, ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF,
		 sr_setsockopt_bytes(s, SOL_SOCKET, SO_REUSEADDR, &v,
				     sizeof v, ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF, sr_shutdown(s, SHUT_RDWR, ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF, sr_settimeout(s, &one, ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF, sr_setblocking(s, false, ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF, sr_detach(s, ERR));
	SR_OK(sr_close(s, ERR));
	ATF_CHECK_EQ(sr_fileno(s), -1);
	sr_release(s);
	ATF_CHECK_EQ(count_fds(), before);
}

ATF_TC_WITHOUT_HEAD(detach_keeps_fd);
ATF_TC_BODY(detach_keeps_fd, tc)
{
	/* object.detach (socket.rst:753): detach() hands back the open
	 * descriptor and leaves the object closed; releasing the object
	 * does not close the descriptor. */
	int before = count_fds();
	sr_sock *p[2];
	int fd, v;
	char buf[4];
	SR_OK(sr_socketpair(-1, -1, -1, p, ERR));
	SR_OK(fd = sr_detach(p[0], ERR));
	ATF_CHECK_EQ(sr_fileno(p[0]), -1);
	SR_FAILS(SR_ERR_OSERROR, EBADF,
		 sr_getsockopt_int(p[0], SOL_SOCKET, SO_TYPE, &v, ERR));
	sr_release(p[0]);
	ATF_REQUIRE(fd_is_open(fd));
	ATF_REQUIRE_EQ(write(fd, "hi", 2), 2);
	ATF_CHECK_EQ(read(sr_fileno(p[1]), buf, sizeof buf), 2);
	close(fd);
	sr_release(p[1]);
	ATF_CHECK_EQ(count_fds(), before);
}

ATF_TC_WITHOUT_HEAD(fileno_usable);
ATF_TC_BODY(fileno_usable, tc)
{
	/* object.fileno, object.fileno-unix-usable (socket.rst:762-768): a
	 * small non-negative descriptor usable with plain read/write; -1
	 * once closed. */
	sr_sock *p[2];
	char buf[3];
	SR_OK(sr_socketpair(-1, -1, -1, p, ERR));
	ATF_CHECK(sr_fileno(p[0]) >= 0);
	ATF_REQUIRE_EQ(write(sr_fileno(p[0]), "raw", 3), 3);
	ATF_CHECK_EQ(read(sr_fileno(p[1]), buf, 3), 3);
	ATF_CHECK(memcmp(buf, "raw", 3) == 0);
	SR_OK(sr_close(p[0], ERR));
	ATF_CHECK_EQ(sr_fileno(p[0]), -1);
	sr_release(p[0]);
	sr_release(p[1]);
}

ATF_TC_WITHOUT_HEAD(release_closes);
ATF_TC_BODY(release_closes, tc)
{
	/* object.close-on-gc (socket.rst:725): dropping the last reference
	 * to an open socket closes its descriptor. */
	int before = count_fds();
	sr_sock *s = new_sock(AF_INET, SOCK_STREAM, 0);
	int fd = sr_fileno(s);
	ATF_CHECK_EQ(count_fds(), before + 1);
	sr_release(s);
	ATF_CHECK_EQ(count_fds(), before);
	ATF_CHECK(!fd_is_open(fd));
}

/* ---- socket options ------------------------------------------------- */

ATF_TC_WITHOUT_HEAD(getsockopt_int);
ATF_TC_BODY(getsockopt_int, tc)
{
	/* object.getsockopt-int (socket.rst:789): without buflen the option
	 * is an int; an option the level lacks is the kernel's error. */
	sr_sock *s = new_sock(AF_INET, SOCK_STREAM, 0);
	int v = -1;
	SR_OK(sr_getsockopt_int(s, SOL_SOCKET, SO_TYPE, &v, ERR));
	ATF_CHECK_EQ(v, SOCK_STREAM);
	SR_FAILS(SR_ERR_OSERROR, ENOPROTOOPT,
		 sr_getsockopt_int(s, SOL_SOCKET, 12345, &v, ERR));
	sr_release(s);
}

ATF_TC_WITHOUT_HEAD(getsockopt_bytes);
ATF_TC_BODY(getsockopt_bytes, tc)
{
	/* object.getsockopt-buflen-bytes (socket.rst:790): with buflen the
	 * raw buffer comes back (at most buflen bytes); buflen must be
	 * 1..1024, else OSError without errno. */
	sr_sock *s = new_sock(AF_INET, SOCK_STREAM, 0);
	struct linger lg = { .l_onoff = 1, .l_linger = 5 }, got;
	sr_bytes b = {0};
	SR_OK(sr_setsockopt_bytes(s, SOL_SOCKET, SO_LINGER, &lg, sizeof lg,
				  ERR));
	SR_OK(sr_getsockopt_bytes(s, SOL_SOCKET, SO_LINGER, 8, &b, ERR));
	ATF_REQUIRE_EQ(b.len, sizeof got);
	memcpy(&got, b.data, sizeof got);
	ATF_CHECK_EQ(got.l_onoff, 1);
	ATF_CHECK_EQ(got.l_linger, 5);
	sr_bytes_free(&b);

	/* a larger buffer is trimmed to what the kernel wrote */
	SR_OK(sr_getsockopt_bytes(s, SOL_SOCKET, SO_TYPE, 1024, &b, ERR));
	ATF_CHECK_EQ(b.len, sizeof(int));
	sr_bytes_free(&b);

	SR_FAILS(SR_ERR_OSERROR, 0,
		 sr_getsockopt_bytes(s, SOL_SOCKET, SO_TYPE, 0, &b, ERR));
	SR_FAILS(SR_ERR_OSERROR, 0,
		 sr_getsockopt_bytes(s, SOL_SOCKET, SO_TYPE, -1, &b, ERR));
	SR_FAILS(SR_ERR_OSERROR, 0,
		 sr_getsockopt_bytes(s, SOL_SOCKET, SO_TYPE, 1025, &b, ERR));
	{
		sr_err e = {0};
		sr_getsockopt_bytes(s, SOL_SOCKET, SO_TYPE, 1025, &b, &e);
		ATF_CHECK_STREQ(e.msg, "getsockopt buflen out of range");
	}
	sr_release(s);
}

ATF_TC_WITHOUT_HEAD(setsockopt_int);
ATF_TC_BODY(setsockopt_int, tc)
{
	/* object.setsockopt-int (socket.rst:1080): an integer value; one
	 * that does not fit a C int is rejected, not truncated. */
	sr_sock *s = new_sock(AF_INET, SOCK_STREAM, 0);
	int v = 0;
	SR_OK(sr_setsockopt_int(s, SOL_SOCKET, SO_REUSEADDR, 1, ERR));
	SR_OK(sr_getsockopt_int(s, SOL_SOCKET, SO_REUSEADDR, &v, ERR));
	ATF_CHECK_EQ(v, 1);
	SR_OK(sr_setsockopt_int(s, IPPROTO_TCP, TCP_NODELAY, 1, ERR));
	SR_OK(sr_getsockopt_int(s, IPPROTO_TCP, TCP_NODELAY, &v, ERR));
	ATF_CHECK(v != 0);
	SR_FAILS(SR_ERR_OVERFLOWERROR, -1,
		 sr_setsockopt_int(s, SOL_SOCKET, SO_REUSEADDR,
				   2147483648LL, ERR));
	SR_FAILS(SR_ERR_OVERFLOWERROR, -1,
		 sr_setsockopt_int(s, SOL_SOCKET, SO_REUSEADDR,
				   -2147483649LL, ERR));
	SR_FAILS(SR_ERR_OSERROR, ENOPROTOOPT,
		 sr_setsockopt_int(s, SOL_SOCKET, 12345, 1, ERR));
	sr_release(s);
}

ATF_TC_WITHOUT_HEAD(setsockopt_bytes);
ATF_TC_BODY(setsockopt_bytes, tc)
{
	/* object.setsockopt-bytes (socket.rst:1082): a packed buffer,
	 * read back byte for byte with getsockopt's buflen form; a buffer
	 * too short for the option is the kernel's EINVAL. */
	sr_sock *s = new_sock(AF_INET, SOCK_STREAM, 0);
	struct timeval tv = { .tv_sec = 1, .tv_usec = 0 };
	sr_bytes b = {0};
	SR_OK(sr_setsockopt_bytes(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv,
				  ERR));
	SR_OK(sr_getsockopt_bytes(s, SOL_SOCKET, SO_RCVTIMEO, sizeof tv, &b,
				  ERR));
	ATF_REQUIRE_EQ(b.len, sizeof tv);
	ATF_CHECK(memcmp(b.data, &tv, sizeof tv) == 0);
	sr_bytes_free(&b);
	SR_FAILS(SR_ERR_OSERROR, EINVAL,
		 sr_setsockopt_bytes(s, SOL_SOCKET, SO_RCVTIMEO, "x", 1, ERR));
	sr_release(s);
}

/* ---- shutdown ------------------------------------------------------- */

ATF_TC_WITHOUT_HEAD(shutdown_wr);
ATF_TC_BODY(shutdown_wr, tc)
{
	/* object.shutdown-wr (socket.rst:1091): no more sends, and the peer
	 * reads end-of-file; the other direction still works. */
	int before = count_fds();
	sr_sock *a, *b;
	char c;
	tcp_pair(&a, &b);
	SR_OK(sr_shutdown(a, SHUT_WR, ERR));
	ATF_CHECK_EQ(read(sr_fileno(b), &c, 1), 0);
	ATF_CHECK_EQ(send(sr_fileno(a), "x", 1, MSG_NOSIGNAL), -1);
	ATF_CHECK_EQ(errno, EPIPE);
	ATF_REQUIRE_EQ(write(sr_fileno(b), "y", 1), 1);
	ATF_CHECK_EQ(read(sr_fileno(a), &c, 1), 1);
	sr_release(a);
	sr_release(b);
	ATF_CHECK_EQ(count_fds(), before);
}

ATF_TC_WITHOUT_HEAD(shutdown_rd);
ATF_TC_BODY(shutdown_rd, tc)
{
	/* object.shutdown-rd (socket.rst:1090): after SHUT_RD a receive on
	 * an empty queue returns end-of-file at once instead of blocking. */
	sr_sock *a, *b;
	char c;
	tcp_pair(&a, &b);
	SR_OK(sr_shutdown(b, SHUT_RD, ERR));
	ATF_CHECK_EQ(read(sr_fileno(b), &c, 1), 0);
	sr_release(a);
	sr_release(b);
}

ATF_TC_WITHOUT_HEAD(shutdown_rdwr);
ATF_TC_BODY(shutdown_rdwr, tc)
{
	/* object.shutdown-rdwr (socket.rst:1092): both halves closed; the
	 * peer sees EOF. An unknown `how` and an unconnected socket are the
	 * kernel's EINVAL and ENOTCONN. */
	sr_sock *a, *b, *u;
	char c;
	tcp_pair(&a, &b);
	SR_OK(sr_shutdown(a, SHUT_RDWR, ERR));
	ATF_CHECK_EQ(send(sr_fileno(a), "x", 1, MSG_NOSIGNAL), -1);
	ATF_CHECK_EQ(read(sr_fileno(a), &c, 1), 0);
	ATF_CHECK_EQ(read(sr_fileno(b), &c, 1), 0);
	SR_FAILS(SR_ERR_OSERROR, EINVAL, sr_shutdown(b, 5, ERR));
	u = new_sock(AF_INET, SOCK_STREAM, 0);
	SR_FAILS(SR_ERR_OSERROR, ENOTCONN, sr_shutdown(u, SHUT_RD, ERR));
	sr_release(u);
	sr_release(a);
	sr_release(b);
}

/* ---- bind, listen and names ----------------------------------------- */

ATF_TC_WITHOUT_HEAD(bind_once);
ATF_TC_BODY(bind_once, tc)
{
	/* object.bind, object.bind-once (socket.rst:718): bind attaches the
	 * local address; a bound socket cannot be bound again (EINVAL). An
	 * address of another family is a TypeError (socket.rst:43). */
	sr_sock *s = new_sock(AF_INET, SOCK_STREAM, 0);
	sr_addr a, six;
	bind_inet(s, "127.0.0.1", 0);
	SR_OK(sr_getsockname(s, &a, ERR));
	ATF_CHECK_EQ(a.family, AF_INET);
	ATF_CHECK_STREQ(a.u.in.host, "127.0.0.1");
	ATF_CHECK(a.u.in.port > 0);
	SR_FAILS(SR_ERR_OSERROR, EINVAL, sr_bind(s, &a, ERR));
	SR_OK(sr_addr_inet6(&six, "::1", 0, 0, 0, ERR));
	sr_release(s);
	s = new_sock(AF_INET, SOCK_STREAM, 0);
	SR_FAILS(SR_ERR_TYPEERROR, -1, sr_bind(s, &six, ERR));
	sr_release(s);
}

ATF_TC_WITHOUT_HEAD(listen_accepts);
ATF_TC_BODY(listen_accepts, tc)
{
	/* object.listen (socket.rst:818): after bind + listen a client's
	 * connect completes before anyone calls accept. */
	sr_addr where;
	sr_sock *l = listener4(&where), *c = new_sock(AF_INET, SOCK_STREAM, 0);
	SR_OK(sr_connect(c, &where, ERR));
	sr_release(c);
	sr_release(l);
}

ATF_TC_WITHOUT_HEAD(listen_backlog_clamp);
ATF_TC_BODY(listen_backlog_clamp, tc)
{
	/* object.listen-backlog-clamp (socket.rst:819): a negative backlog
	 * is forced to 0 (still listening: one connection queues); beyond
	 * a C int it is an OverflowError as in CPython. */
	sr_sock *l = new_sock(AF_INET, SOCK_STREAM, 0), *c;
	sr_addr where;
	bind_inet(l, "127.0.0.1", 0);
	SR_FAILS(SR_ERR_OVERFLOWERROR, -1, sr_listen(l, 1LL << 31, ERR));
	SR_FAILS(SR_ERR_OVERFLOWERROR, -1, sr_listen(l, -(1LL << 31) - 1, ERR));
	SR_OK(sr_listen(l, -5, ERR));
	SR_OK(sr_getsockname(l, &where, ERR));
	c = new_sock(AF_INET, SOCK_STREAM, 0);
	SR_OK(sr_connect(c, &where, ERR));
	sr_release(c);
	sr_release(l);
}

ATF_TC_WITHOUT_HEAD(getsockname_port0);
ATF_TC_BODY(getsockname_port0, tc)
{
	/* object.getsockname (socket.rst:780): after binding port 0 the
	 * name tells the port the kernel picked, and it is the one clients
	 * reach. */
	int before = count_fds();
	sr_sock *l = new_sock(AF_INET, SOCK_STREAM, 0), *c, *conn;
	sr_addr where, peer, cname;
	bind_inet(l, "127.0.0.1", 0);
	SR_OK(sr_listen(l, 1, ERR));
	SR_OK(sr_getsockname(l, &where, ERR));
	ATF_REQUIRE(where.u.in.port > 0);
	c = new_sock(AF_INET, SOCK_STREAM, 0);
	SR_OK(sr_connect(c, &where, ERR));
	SR_OK(P(conn = sr_accept(l, &peer, ERR)));
	SR_OK(sr_getsockname(c, &cname, ERR));
	ATF_CHECK(same_inet(&peer, &cname));
	sr_release(conn);
	sr_release(c);
	sr_release(l);
	ATF_CHECK_EQ(count_fds(), before);
}

ATF_TC_WITHOUT_HEAD(getpeername_connected);
ATF_TC_BODY(getpeername_connected, tc)
{
	/* object.getpeername, object.getpeername-platform (socket.rst:772-
	 * 775): the connected peer's address; ENOTCONN when there is none. */
	sr_sock *a, *b, *u;
	sr_addr pa, nb;
	tcp_pair(&a, &b);
	SR_OK(sr_getpeername(a, &pa, ERR));
	SR_OK(sr_getsockname(b, &nb, ERR));
	ATF_CHECK(same_inet(&pa, &nb));
	u = new_sock(AF_INET, SOCK_STREAM, 0);
	SR_FAILS(SR_ERR_OSERROR, ENOTCONN, sr_getpeername(u, &pa, ERR));
	sr_release(u);
	sr_release(a);
	sr_release(b);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, socket_defaults);
	ATF_TP_ADD_TC(tp, socket_proto_zero);
	ATF_TP_ADD_TC(tp, attributes);
	ATF_TP_ADD_TC(tp, type_flags);
	ATF_TP_ADD_TC(tp, socketpair_connected);
	ATF_TP_ADD_TC(tp, socketpair_full_api);
	ATF_TP_ADD_TC(tp, fromfd_duplicates);
	ATF_TP_ADD_TC(tp, fromfd_no_socket_check);
	ATF_TP_ADD_TC(tp, close_invalidates);
	ATF_TP_ADD_TC(tp, detach_keeps_fd);
	ATF_TP_ADD_TC(tp, fileno_usable);
	ATF_TP_ADD_TC(tp, release_closes);
	ATF_TP_ADD_TC(tp, getsockopt_int);
	ATF_TP_ADD_TC(tp, getsockopt_bytes);
	ATF_TP_ADD_TC(tp, setsockopt_int);
	ATF_TP_ADD_TC(tp, setsockopt_bytes);
	ATF_TP_ADD_TC(tp, shutdown_wr);
	ATF_TP_ADD_TC(tp, shutdown_rd);
	ATF_TP_ADD_TC(tp, shutdown_rdwr);
	ATF_TP_ADD_TC(tp, bind_once);
	ATF_TP_ADD_TC(tp, listen_accepts);
	ATF_TP_ADD_TC(tp, listen_backlog_clamp);
	ATF_TP_ADD_TC(tp, getsockname_port0);
	ATF_TP_ADD_TC(tp, getpeername_connected);
	return atf_no_error();
}
