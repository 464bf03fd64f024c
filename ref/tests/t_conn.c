/*
 * t_conn.c — making connections: accept, connect, connect_ex,
 * create_connection, and the document's client/server examples over
 * loopback (socket.rst:293-316, 708-748, 1190-1389; catalogue rows
 * object.accept-*, object.connect*, inet.create-connection-*, example.*).
 */
#include <net/if.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/time.h>
#include <time.h>

#include "helpers.h"

/* ---- helpers -------------------------------------------------------- */

static sr_sock *new_sock(int family, int type, int proto)
{
	sr_sock *s = NULL;
	SR_OK(P(s = sr_socket(family, type, proto, ERR)));
	return s;
}

static void inet(sr_addr *a, const char *host, long long port)
{
	SR_OK(sr_addr_inet(a, host, port, ERR));
}

static void bind_inet(sr_sock *s, const char *host, long long port)
{
	sr_addr a;
	inet(&a, host, port);
	SR_OK(sr_bind(s, &a, ERR));
}

/* A TCP listener on 127.0.0.1 with a port the kernel picks. */
static sr_sock *listener4(sr_addr *where)
{
	sr_sock *l = new_sock(AF_INET, SOCK_STREAM, 0);
	bind_inet(l, "127.0.0.1", 0);
	SR_OK(sr_listen(l, 5, ERR));
	SR_OK(sr_getsockname(l, where, ERR));
	return l;
}

/* A loopback port nobody listens on, held by a bound socket so nothing
 * else takes it while the test runs: connecting there is refused. */
static sr_sock *closed_port4(sr_addr *where)
{
	sr_sock *s = new_sock(AF_INET, SOCK_STREAM, 0);
	bind_inet(s, "127.0.0.1", 0);
	SR_OK(sr_getsockname(s, where, ERR));
	return s;
}

/* The same port on ::1 held too, when the host has IPv6 at all. */
static sr_sock *hold_port6(long long port)
{
	sr_sock *s = sr_socket(AF_INET6, SOCK_STREAM, 0, NULL);
	sr_addr a;
	if (s == NULL)
		return NULL;
	if (sr_addr_inet6(&a, "::1", port, 0, 0, NULL) < 0 ||
	    sr_bind(s, &a, NULL) < 0) {
		sr_release(s);
		return NULL;
	}
	return s;
}

static bool same_inet(const sr_addr *a, const sr_addr *b)
{
	return a->family == AF_INET && b->family == AF_INET &&
	       strcmp(a->u.in.host, b->u.in.host) == 0 &&
	       a->u.in.port == b->u.in.port;
}

/* A private mount namespace whose /etc/hosts maps `name` to ::1 first and
 * 127.0.0.1 second, so a name with two addresses exists without touching
 * the host's resolver. False when namespaces are not available. */
static bool dual_name_fixture(const char *name)
{
	char path[] = "/tmp/sockspec-hosts-XXXXXX";
	FILE *f;
	int fd;

	if (unshare(CLONE_NEWNS) < 0)
		return false;
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return false;
	fd = mkstemp(path);
	ATF_REQUIRE(fd >= 0);
	f = fdopen(fd, "w");
	ATF_REQUIRE(f != NULL);
	fprintf(f, "::1 %s\n127.0.0.1 %s\n", name, name);
	fclose(f);
	if (mount(path, "/etc/hosts", NULL, MS_BIND, NULL) < 0) {
		unlink(path);
		return false;
	}
	unlink(path); /* the mount keeps the file alive */
	return true;
}

/* The family of the first getaddrinfo result for name (0 if none). */
static int first_family(const char *name)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res;
	int fam;
	if (getaddrinfo(name, "1", &hints, &res) != 0)
		return 0;
	fam = res->ai_family;
	freeaddrinfo(res);
	return fam;
}

/* A private network namespace with its loopback up, so a test may use
 * fixed ports without touching the host. False when not permitted. */
static bool private_netns(void)
{
	struct ifreq ifr = {0};
	int fd;
	if (unshare(CLONE_NEWNET) < 0)
		return false;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ATF_REQUIRE(fd >= 0);
	strcpy(ifr.ifr_name, "lo");
	ifr.ifr_flags = IFF_UP | IFF_LOOPBACK | IFF_RUNNING;
	ATF_REQUIRE(ioctl(fd, SIOCSIFFLAGS, &ifr) == 0);
	close(fd);
	return true;
}

/* Monotonic seconds. */
static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- accept --------------------------------------------------------- */

ATF_TC_WITHOUT_HEAD(accept_pair);
ATF_TC_BODY(accept_pair, tc)
{
	/* object.accept-pair (socket.rst:710): accept returns a new socket
	 * of the listener's family/type/proto, and the peer's address,
	 * which is the client's own name and the new socket's peer. */
	int before = count_fds();
	sr_addr where, addr, cname, cpeer;
	sr_sock *l = listener4(&where), *c, *conn;
	c = new_sock(AF_INET, SOCK_STREAM, 0);
	SR_OK(sr_connect(c, &where, ERR));
	SR_OK(P(conn = sr_accept(l, &addr, ERR)));
	ATF_CHECK(conn != l);
	ATF_CHECK(sr_fileno(conn) >= 0 && sr_fileno(conn) != sr_fileno(l));
	ATF_CHECK_EQ(sr_family(conn), AF_INET);
	ATF_CHECK_EQ(sr_type(conn), SOCK_STREAM);
	ATF_CHECK_EQ(sr_proto(conn), 0);
	SR_OK(sr_getsockname(c, &cname, ERR));
	SR_OK(sr_getpeername(conn, &cpeer, ERR));
	ATF_CHECK(same_inet(&addr, &cname));
	ATF_CHECK(same_inet(&addr, &cpeer));
	/* the peer address is optional */
	c = (sr_release(c), new_sock(AF_INET, SOCK_STREAM, 0));
	SR_OK(sr_connect(c, &where, ERR));
	sr_release(conn);
	SR_OK(P(conn = sr_accept(l, NULL, ERR)));
	sr_release(conn);
	sr_release(c);
	sr_release(l);
	ATF_CHECK_EQ(count_fds(), before);
}

ATF_TC_WITHOUT_HEAD(accept_requires_listen);
ATF_TC_BODY(accept_requires_listen, tc)
{
	/* object.accept-requires-listen (socket.rst:710): a socket that is
	 * not listening cannot accept (EINVAL), bound or not. */
	sr_sock *s = new_sock(AF_INET, SOCK_STREAM, 0);
	SR_FAILS(SR_ERR_OSERROR, EINVAL, P(sr_accept(s, NULL, ERR)));
	bind_inet(s, "127.0.0.1", 0);
	SR_FAILS(SR_ERR_OSERROR, EINVAL, P(sr_accept(s, NULL, ERR)));
	sr_release(s);
}

/* ---- connect and connect_ex ----------------------------------------- */

ATF_TC_WITHOUT_HEAD(connect_and_ex);
ATF_TC_BODY(connect_and_ex, tc)
{
	/* object.connect, object.connect-ex-zero (socket.rst:737-743):
	 * connect returns success, connect_ex 0; both reach the listener. */
	int before = count_fds();
	sr_addr where, peer;
	sr_sock *l = listener4(&where), *a, *b;
	a = new_sock(AF_INET, SOCK_STREAM, 0);
	SR_OK(sr_connect(a, &where, ERR));
	SR_OK(sr_getpeername(a, &peer, ERR));
	ATF_CHECK(same_inet(&peer, &where));
	b = new_sock(AF_INET, SOCK_STREAM, 0);
	ATF_CHECK_EQ(sr_connect_ex(b, &where, NULL), 0);
	SR_OK(sr_getpeername(b, &peer, ERR));
	ATF_CHECK(same_inet(&peer, &where));
	/* a connected socket cannot connect again */
	SR_FAILS(SR_ERR_OSERROR, EISCONN, sr_connect(a, &where, ERR));
	ATF_CHECK_EQ(sr_connect_ex(b, &where, NULL), EISCONN);
	sr_release(a);
	sr_release(b);
	sr_release(l);
	ATF_CHECK_EQ(count_fds(), before);
}

ATF_TC_WITHOUT_HEAD(connect_refused);
ATF_TC_BODY(connect_refused, tc)
{
	/* object.connect-ex-errno (socket.rst:746): a refused connect is
	 * the value ECONNREFUSED from connect_ex, an OSError from connect. */
	sr_addr where;
	sr_sock *hold = closed_port4(&where), *s;
	s = new_sock(AF_INET, SOCK_STREAM, 0);
	ATF_CHECK_EQ(sr_connect_ex(s, &where, NULL), ECONNREFUSED);
	sr_release(s);
	s = new_sock(AF_INET, SOCK_STREAM, 0);
	SR_FAILS(SR_ERR_OSERROR, ECONNREFUSED, sr_connect(s, &where, ERR));
	sr_release(s);
	sr_release(hold);
}

ATF_TC_WITHOUT_HEAD(connect_ex_other_errors_raise);
ATF_TC_BODY(connect_ex_other_errors_raise, tc)
{
	/* object.connect-ex-other-errors-raise (socket.rst:744): failures
	 * outside the C connect call still raise: a host the resolver
	 * rejects (a name with spaces, refused locally without DNS) is a
	 * gaierror, an out-of-range port an OverflowError, an address of
	 * another family a TypeError. */
	sr_sock *s = new_sock(AF_INET, SOCK_STREAM, 0);
	sr_addr a;
	inet(&a, "no such host!", 80);
	SR_FAILS(SR_ERR_GAIERROR, -1, sr_connect_ex(s, &a, ERR));
	inet(&a, "127.0.0.1", 65536);
	SR_FAILS(SR_ERR_OVERFLOWERROR, -1, sr_connect_ex(s, &a, ERR));
	SR_OK(sr_addr_inet6(&a, "::1", 80, 0, 0, ERR));
	SR_FAILS(SR_ERR_TYPEERROR, -1, sr_connect_ex(s, &a, ERR));
	sr_release(s);
}

ATF_TC_WITHOUT_HEAD(connect_ex_nonblocking);
ATF_TC_BODY(connect_ex_nonblocking, tc)
{
	/* timeout.connect-ex-async (socket.rst:747): on a non-blocking
	 * socket connect_ex returns EINPROGRESS instead of raising; the
	 * outcome is read from SO_ERROR once the socket is writable. */
	int before = count_fds();
	sr_addr where;
	sr_sock *l = listener4(&where), *s;
	struct pollfd p;
	int r, v = -1;
	s = new_sock(AF_INET, SOCK_STREAM, 0);
	SR_OK(sr_setblocking(s, false, ERR));
	r = sr_connect_ex(s, &where, NULL);
	ATF_CHECK_MSG(r == EINPROGRESS, "connect_ex gave %d", r);
	p = (struct pollfd){ .fd = sr_fileno(s), .events = POLLOUT };
	ATF_REQUIRE_EQ(poll(&p, 1, 5000), 1);
	SR_OK(sr_getsockopt_int(s, SOL_SOCKET, SO_ERROR, &v, ERR));
	ATF_CHECK_EQ(v, 0);
	sr_release(s);
	sr_release(l);
	ATF_CHECK_EQ(count_fds(), before);
}

static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

/* Accept one queued connection after a pause, freeing the queue's slot. */
static void *drain_later(void *arg)
{
	sr_sock *conn;
	usleep(500 * 1000);
	conn = sr_accept(arg, NULL, NULL);
	return conn;
}

ATF_TC_WITHOUT_HEAD(connect_eintr_waits);
ATF_TC_BODY(connect_eintr_waits, tc)
{
	/* object.connect (socket.rst:737) with a signal: a blocking connect
	 * interrupted by a handler (no SA_RESTART) goes on in the kernel, so
	 * connect waits for its outcome rather than failing with EINTR, as
	 * CPython does. The connect hangs on a full listen(0) queue, a
	 * signal arrives at 0.2 s, the queue is drained at 0.5 s and the
	 * retransmitted SYN (about 1 s) completes it. */
	int before = count_fds();
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval it = { .it_value = { .tv_usec = 200 * 1000 } };
	sr_sock *l = new_sock(AF_INET, SOCK_STREAM, 0), *filler, *s, *extra;
	sr_addr where;
	pthread_t th;
	void *conn;
	double t;

	bind_inet(l, "127.0.0.1", 0);
	SR_OK(sr_listen(l, 0, ERR));
	SR_OK(sr_getsockname(l, &where, ERR));
	/* one connection fills a listen(0) queue; check the next hangs */
	filler = new_sock(AF_INET, SOCK_STREAM, 0);
	SR_OK(sr_connect(filler, &where, ERR));
	extra = new_sock(AF_INET, SOCK_STREAM, 0);
	t = 0.2;
	SR_OK(sr_settimeout(extra, &t, ERR));
	if (sr_connect(extra, &where, NULL) == 0)
		atf_tc_skip("a listen(0) queue took two connections");
	sr_release(extra); /* its SYN must not take the freed slot */

	sigemptyset(&sa.sa_mask);
	ATF_REQUIRE_EQ(sigaction(SIGALRM, &sa, NULL), 0);
	ATF_REQUIRE_EQ(pthread_create(&th, NULL, drain_later, l), 0);
	s = new_sock(AF_INET, SOCK_STREAM, 0);
	t = now();
	ATF_REQUIRE_EQ(setitimer(ITIMER_REAL, &it, NULL), 0);
	SR_OK(sr_connect(s, &where, ERR));
	t = now() - t;
	ATF_REQUIRE_EQ(pthread_join(th, &conn), 0);
	ATF_CHECK_EQ(alarms, 1);
	ATF_CHECK_MSG(t >= 0.5, "connected after %.3f s", t);
	ATF_CHECK(conn != NULL);
	sr_release(conn);
	sr_release(s);
	sr_release(filler);
	sr_release(l);
	ATF_CHECK_EQ(count_fds(), before);
}

/* ---- create_connection ---------------------------------------------- */

ATF_TC_WITHOUT_HEAD(create_connection_loopback);
ATF_TC_BODY(create_connection_loopback, tc)
{
	/* inet.create-connection-returns-socket (socket.rst:295): a connected
	 * SOCK_STREAM socket to the (host, port) given. */
	int before = count_fds();
	sr_addr where, peer;
	sr_sock *l = listener4(&where), *c, *conn;
	sr_hostport hp = { "127.0.0.1", where.u.in.port };
	SR_OK(P(c = sr_create_connection(hp, SR_DEFAULT_TIMEOUT, NULL, ERR)));
	ATF_CHECK_EQ(sr_family(c), AF_INET);
	ATF_CHECK_EQ(sr_type(c), SOCK_STREAM);
	SR_OK(sr_getpeername(c, &peer, ERR));
	ATF_CHECK(same_inet(&peer, &where));
	SR_OK(P(conn = sr_accept(l, NULL, ERR)));
	sr_release(conn);
	sr_release(c);
	sr_release(l);
	ATF_CHECK_EQ(count_fds(), before);
}

ATF_TC_WITHOUT_HEAD(create_connection_source_address);
ATF_TC_BODY(create_connection_source_address, tc)
{
	/* inet.create-connection-source-address, inet.create-connection-
	 * source-os-default (socket.rst:308-309): the
	 * socket is bound to source_address first; '' / 0 leave the host
	 * and port to the OS. */
	sr_addr where, name;
	sr_sock *l = listener4(&where), *c, *conn;
	sr_hostport hp = { "127.0.0.1", where.u.in.port };
	sr_hostport src = { "127.0.0.1", 0 };
	sr_sock *hold;
	sr_addr fixed;

	SR_OK(P(c = sr_create_connection(hp, SR_DEFAULT_TIMEOUT, &src, ERR)));
	SR_OK(sr_getsockname(c, &name, ERR));
	ATF_CHECK_STREQ(name.u.in.host, "127.0.0.1");
	ATF_CHECK(name.u.in.port > 0);
	SR_OK(P(conn = sr_accept(l, NULL, ERR)));
	sr_release(conn);
	sr_release(c);

	/* a fixed source port: take one the kernel gives, free it, ask */
	hold = closed_port4(&fixed);
	sr_release(hold);
	src = (sr_hostport){ "", fixed.u.in.port };
	SR_OK(P(c = sr_create_connection(hp, SR_DEFAULT_TIMEOUT, &src, ERR)));
	SR_OK(sr_getsockname(c, &name, ERR));
	ATF_CHECK_EQ(name.u.in.port, fixed.u.in.port);
	SR_OK(P(conn = sr_accept(l, NULL, ERR)));
	sr_release(conn);
	sr_release(c);
	sr_release(l);
}

ATF_TC_WITHOUT_HEAD(create_connection_tries_in_order);
ATF_TC_BODY(create_connection_tries_in_order, tc)
{
	/* inet.create-connection-tries-in-order, example.dualstack-client-
	 * tries-all
	 * (socket.rst:297-300, 1237): every address of the host is tried in
	 * turn; ::1 comes first and is refused, 127.0.0.1 connects. Host
	 * None resolves to both loopbacks; a name mapped to both through a
	 * private /etc/hosts shows the same for a host name. */
	int before = count_fds();
	sr_addr where, peer;
	sr_sock *l = listener4(&where), *c, *conn, *hold6;
	sr_hostport hp = { NULL, where.u.in.port };

	hold6 = hold_port6(where.u.in.port);
	SR_OK(P(c = sr_create_connection(hp, SR_DEFAULT_TIMEOUT, NULL, ERR)));
	SR_OK(sr_getpeername(c, &peer, ERR));
	ATF_CHECK(same_inet(&peer, &where));
	SR_OK(P(conn = sr_accept(l, NULL, ERR)));
	sr_release(conn);
	sr_release(c);

	if (!dual_name_fixture("sockspec-dual")) {
		sr_release(hold6);
		sr_release(l);
		atf_tc_skip("host None passed; no mount namespace for the "
			    "two-address name");
	}
	ATF_REQUIRE_EQ_MSG(first_family("sockspec-dual"), AF_INET6,
			   "the fixture name should resolve to ::1 first");
	hp.host = "sockspec-dual";
	SR_OK(P(c = sr_create_connection(hp, SR_DEFAULT_TIMEOUT, NULL, ERR)));
	SR_OK(sr_getpeername(c, &peer, ERR));
	ATF_CHECK(same_inet(&peer, &where));
	SR_OK(P(conn = sr_accept(l, NULL, ERR)));
	sr_release(conn);
	sr_release(c);
	sr_release(hold6);
	sr_release(l);
	ATF_CHECK_EQ(count_fds(), before);
}

ATF_TC_WITHOUT_HEAD(create_connection_all_fail);
ATF_TC_BODY(create_connection_all_fail, tc)
{
	/* inet.create-connection-tries-in-order (socket.rst:299; the error
	 * is unstated, doc-notes §2): when no address connects, the LAST failure is raised. For
	 * host None both loopbacks refuse. With a source address of
	 * 127.0.0.1 the ::1 attempt fails first with a different error (the
	 * source cannot be bound on IPv6), and the error raised is still
	 * 127.0.0.1's ECONNREFUSED. An unresolvable host is a gaierror. */
	int before = count_fds();
	sr_addr where;
	sr_sock *hold = closed_port4(&where), *hold6;
	sr_hostport hp = { NULL, where.u.in.port };
	sr_hostport src = { "127.0.0.1", 0 };

	hold6 = hold_port6(where.u.in.port);
	SR_FAILS(SR_ERR_OSERROR, ECONNREFUSED,
		 P(sr_create_connection(hp, SR_DEFAULT_TIMEOUT, NULL, ERR)));
	hp.host = "127.0.0.1";
	SR_FAILS(SR_ERR_OSERROR, ECONNREFUSED,
		 P(sr_create_connection(hp, SR_DEFAULT_TIMEOUT, NULL, ERR)));
	hp.host = NULL;
	SR_FAILS(SR_ERR_OSERROR, ECONNREFUSED,
		 P(sr_create_connection(hp, SR_DEFAULT_TIMEOUT, &src, ERR)));
	hp.host = "no such host!";
	SR_FAILS(SR_ERR_GAIERROR, -1,
		 P(sr_create_connection(hp, SR_DEFAULT_TIMEOUT, NULL, ERR)));
	sr_release(hold6);
	sr_release(hold);
	ATF_CHECK_EQ(count_fds(), before);
}

ATF_TC_WITHOUT_HEAD(create_connection_value_errors_stop);
ATF_TC_BODY(create_connection_value_errors_stop, tc)
{
	/* socket.rst:303: the timeout is applied before connecting, so an
	 * invalid one is the caller's ValueError, not a connection failure
	 * to move past (CPython catches only socket errors). */
	sr_addr where;
	sr_sock *l = listener4(&where);
	sr_hostport hp = { "127.0.0.1", where.u.in.port };
	double bad = -1.0;
	int before = count_fds();
	SR_FAILS(SR_ERR_VALUEERROR, -1,
		 P(sr_create_connection(hp, &bad, NULL, ERR)));
	ATF_CHECK_EQ(count_fds(), before);
	sr_release(l);
}

/* ---- the document's examples ---------------------------------------- */

struct echo_server {
	sr_sock *listener;
	size_t echoed;
	bool saw_eof;
	sr_err err;
};

/* The IPv4 echo server of socket.rst:1203-1219: accept one client and
 * send back every chunk until recv returns empty bytes. Errors are kept
 * for the test's own thread to report. */
static void *echo_server(void *arg)
{
	struct echo_server *es = arg;
	sr_addr addr;
	sr_sock *conn = sr_accept(es->listener, &addr, &es->err);
	if (conn == NULL)
		return NULL;
	for (;;) {
		sr_bytes data = {0};
		if (sr_recv(conn, 1024, 0, &data, &es->err) < 0)
			break;
		if (data.len == 0) {
			es->saw_eof = true;
			sr_bytes_free(&data);
			break;
		}
		if (sr_sendall(conn, data.data, data.len, 0, &es->err) < 0) {
			sr_bytes_free(&data);
			break;
		}
		es->echoed += data.len;
		sr_bytes_free(&data);
	}
	sr_release(conn);
	return NULL;
}

ATF_TC_WITHOUT_HEAD(echo_example);
ATF_TC_BODY(echo_example, tc)
{
	/* example.echo-server-ipv4, example.echo-client-ipv4,
	 * example.recv-empty-means-closed, example.server-talks-on-accepted-
	 * socket (socket.rst:1194-1232): the client sends b'Hello, world'
	 * and receives it back; the server talks on the accepted socket
	 * (the listener itself is not connected) and ends on b''. Over
	 * 127.0.0.1 with a kernel-chosen port instead of daring.cwi.nl. */
	int before = count_fds();
	struct echo_server es = { .err = { .kind = SR_ERR_NONE } };
	sr_addr where;
	sr_bytes data = {0};
	sr_sock *c;
	pthread_t th;

	es.listener = new_sock(AF_INET, SOCK_STREAM, 0);
	bind_inet(es.listener, "", 0);
	SR_OK(sr_listen(es.listener, 1, ERR));
	SR_OK(sr_getsockname(es.listener, &where, ERR));
	ATF_CHECK_STREQ(where.u.in.host, "0.0.0.0");
	SR_FAILS(SR_ERR_OSERROR, ENOTCONN,
		 sr_recv(es.listener, 1024, 0, &data, ERR));
	ATF_REQUIRE_EQ(pthread_create(&th, NULL, echo_server, &es), 0);

	c = new_sock(AF_INET, SOCK_STREAM, 0);
	inet(&where, "127.0.0.1", where.u.in.port);
	SR_OK(sr_connect(c, &where, ERR));
	SR_OK(sr_sendall(c, "Hello, world", 12, 0, ERR));
	SR_OK(sr_recv(c, 1024, 0, &data, ERR));
	SR_OK(sr_close(c, ERR));
	sr_release(c);
	ATF_REQUIRE_EQ(pthread_join(th, NULL), 0);

	ATF_CHECK_MSG(es.err.kind == SR_ERR_NONE, "server: %s: %s",
		      sr_errkind_name(es.err.kind), es.err.msg);
	ATF_CHECK_EQ(data.len, 12);
	ATF_CHECK(data.len == 12 && memcmp(data.data, "Hello, world", 12) == 0);
	ATF_CHECK_EQ(es.echoed, 12);
	ATF_CHECK(es.saw_eof);
	sr_bytes_free(&data);
	sr_release(es.listener);
	ATF_CHECK_EQ(count_fds(), before);
}

/* One run of the example server that closes first: bind (with or
 * without SO_REUSEADDR), accept a client, close the connection before the
 * client, so the TIME_WAIT sits on the server's port. */
static void server_closes_first(const char *host, long long *port,
				bool reuse)
{
	sr_sock *l = new_sock(AF_INET, SOCK_STREAM, 0), *c, *conn;
	sr_addr where;
	char ch;
	if (reuse)
		SR_OK(sr_setsockopt_int(l, SOL_SOCKET, SO_REUSEADDR, 1, ERR));
	bind_inet(l, host, *port);
	SR_OK(sr_listen(l, 1, ERR));
	SR_OK(sr_getsockname(l, &where, ERR));
	*port = where.u.in.port;
	c = new_sock(AF_INET, SOCK_STREAM, 0);
	SR_OK(sr_connect(c, &where, ERR));
	SR_OK(P(conn = sr_accept(l, NULL, ERR)));
	SR_OK(sr_close(conn, ERR));
	ATF_REQUIRE_EQ(read(sr_fileno(c), &ch, 1), 0); /* the server's FIN */
	sr_release(c);
	sr_release(conn);
	sr_release(l);
	usleep(50 * 1000); /* let the last ACK land: TIME_WAIT */
}

ATF_TC_WITHOUT_HEAD(address_in_use_time_wait);
ATF_TC_BODY(address_in_use_time_wait, tc)
{
	/* example.address-in-use-time-wait, example.reuse-so-reuseaddr-time-
	 * wait (socket.rst:1373-1389): with the server closing first, its
	 * port stays in TIME_WAIT and a restart fails with EADDRINUSE; a
	 * server that sets SO_REUSEADDR before bind (as the document's fix
	 * does, on every run) binds it again. A port with an active listener
	 * stays in use even with the option. In a private network namespace
	 * with the example's port 50007 when permitted, else on 127.0.0.1
	 * with a port the kernel picks. */
	bool ns = private_netns();
	long long port = ns ? 50007 : 0;
	const char *host = ns ? "" : "127.0.0.1";
	sr_sock *s, *t;
	sr_addr a;

	server_closes_first(host, &port, false);
	s = new_sock(AF_INET, SOCK_STREAM, 0);
	inet(&a, host, port);
	SR_FAILS(SR_ERR_OSERROR, EADDRINUSE, sr_bind(s, &a, ERR));
	sr_release(s);

	port = ns ? 50008 : 0;
	server_closes_first(host, &port, true);
	s = new_sock(AF_INET, SOCK_STREAM, 0);
	SR_OK(sr_setsockopt_int(s, SOL_SOCKET, SO_REUSEADDR, 1, ERR));
	inet(&a, host, port);
	SR_OK(sr_bind(s, &a, ERR));
	SR_OK(sr_listen(s, 1, ERR));

	t = new_sock(AF_INET, SOCK_STREAM, 0);
	SR_OK(sr_setsockopt_int(t, SOL_SOCKET, SO_REUSEADDR, 1, ERR));
	SR_FAILS(SR_ERR_OSERROR, EADDRINUSE, sr_bind(t, &a, ERR));
	sr_release(t);
	sr_release(s);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, accept_pair);
	ATF_TP_ADD_TC(tp, accept_requires_listen);
	ATF_TP_ADD_TC(tp, connect_and_ex);
	ATF_TP_ADD_TC(tp, connect_refused);
	ATF_TP_ADD_TC(tp, connect_ex_other_errors_raise);
	ATF_TP_ADD_TC(tp, connect_ex_nonblocking);
	ATF_TP_ADD_TC(tp, connect_eintr_waits);
	ATF_TP_ADD_TC(tp, create_connection_loopback);
	ATF_TP_ADD_TC(tp, create_connection_source_address);
	ATF_TP_ADD_TC(tp, create_connection_tries_in_order);
	ATF_TP_ADD_TC(tp, create_connection_all_fail);
	ATF_TP_ADD_TC(tp, create_connection_value_errors_stop);
	ATF_TP_ADD_TC(tp, echo_example);
	ATF_TP_ADD_TC(tp, address_in_use_time_wait);
	return atf_no_error();
}
