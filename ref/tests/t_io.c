/*
 * t_io.c — data transfer on socket objects: recv, recvfrom, recv_into,
 * recvfrom_into, send, sendall, sendto, in the three modes
 * (socket.rst:844-1014, 1136-1160; catalogue rows object.recv*,
 * object.send*, timeout.*).
 */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "helpers.h"

/* ---- helpers -------------------------------------------------------- */

static void pair(int type, sr_sock *p[2])
{
	SR_OK(sr_socketpair(AF_UNIX, type, 0, p, ERR));
}

static void release2(sr_sock *p[2])
{
	sr_release(p[0]);
	sr_release(p[1]);
}

/* A UDP socket bound to 127.0.0.1 on a port the kernel picks. */
static sr_sock *udp4(sr_addr *where)
{
	sr_sock *s = NULL;
	sr_addr a;
	SR_OK(P(s = sr_socket(AF_INET, SOCK_DGRAM, 0, ERR)));
	SR_OK(sr_addr_inet(&a, "127.0.0.1", 0, ERR));
	SR_OK(sr_bind(s, &a, ERR));
	SR_OK(sr_getsockname(s, where, ERR));
	return s;
}

static void send_str(sr_sock *s, const char *str)
{
	ssize_t n = 0;
	SR_OK(n = sr_send(s, str, strlen(str), 0, ERR));
	ATF_REQUIRE_EQ(n, (ssize_t)strlen(str));
}

/* recv(bufsize) must give exactly `want`. */
static void expect_recv(sr_sock *s, long long bufsize, int flags,
			const char *want)
{
	sr_bytes b = { 0 };
	SR_OK(sr_recv(s, bufsize, flags, &b, ERR));
	ATF_REQUIRE_EQ_MSG(b.len, strlen(want), "got %zu bytes, want '%s'",
			   b.len, want);
	ATF_REQUIRE(memcmp(b.data, want, b.len) == 0);
	sr_bytes_free(&b);
}

static bool same_inet(const sr_addr *a, const sr_addr *b)
{
	return a->family == AF_INET && b->family == AF_INET &&
	       strcmp(a->u.in.host, b->u.in.host) == 0 &&
	       a->u.in.port == b->u.in.port;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- recv ----------------------------------------------------------- */

ATF_TC_WITHOUT_HEAD(recv_at_most_bufsize);
ATF_TC_BODY(recv_at_most_bufsize, tc)
{
	/* object.recv (socket.rst:846), object.recv-auto-buffer (24) */
	sr_sock *p[2];
	int fds = count_fds();
	pair(SOCK_STREAM, p);
	send_str(p[0], "abcdef");
	expect_recv(p[1], 4, 0, "abcd");
	expect_recv(p[1], 4, 0, "ef");
	/* a fresh buffer of what arrived, not of bufsize */
	send_str(p[0], "xyz");
	expect_recv(p[1], 4096, 0, "xyz");
	release2(p);
	ATF_REQUIRE_EQ(count_fds(), fds);
}

ATF_TC_WITHOUT_HEAD(recv_result_sizes);
ATF_TC_BODY(recv_result_sizes, tc)
{
	/* object.recv-auto-buffer (socket.rst:24): whatever part of bufsize
	 * arrives, the result holds exactly it (each way of trimming the
	 * block: small, much smaller, a little smaller, exact) */
	static const size_t sent[] = { 1, 512, 513, 1000, 3000, 4096 };
	static unsigned char data[4096], *pat;
	sr_sock *p[2];
	size_t i, j;
	for (j = 0; j < sizeof data; j++)
		data[j] = (unsigned char)(j * 31 + 7);
	pat = data;
	pair(SOCK_STREAM, p);
	for (i = 0; i < sizeof sent / sizeof *sent; i++) {
		sr_bytes b = { 0 };
		ATF_REQUIRE_EQ(sr_send(p[0], pat, sent[i], 0, NULL),
			       (ssize_t)sent[i]);
		SR_OK(sr_recv(p[1], i % 2 ? 3500 : 8192, 0, &b, ERR));
		ATF_REQUIRE_EQ(b.len, i % 2 && sent[i] > 3500 ? 3500 : sent[i]);
		ATF_REQUIRE(memcmp(b.data, pat, b.len) == 0);
		if (b.len < sent[i]) {
			sr_bytes_free(&b);
			SR_OK(sr_recv(p[1], 8192, 0, &b, ERR));
		}
		sr_bytes_free(&b);
	}
	release2(p);
}

ATF_TC_WITHOUT_HEAD(recv_zero_bufsize);
ATF_TC_BODY(recv_zero_bufsize, tc)
{
	/* object.recv (socket.rst:846): bufsize 0 is a valid request for
	 * nothing; the data stays queued */
	sr_sock *p[2];
	pair(SOCK_STREAM, p);
	send_str(p[0], "q");
	expect_recv(p[1], 0, 0, "");
	expect_recv(p[1], 10, 0, "q");
	release2(p);
}

ATF_TC_WITHOUT_HEAD(recv_flags_peek);
ATF_TC_BODY(recv_flags_peek, tc)
{
	/* object.recv-flags-default (socket.rst:848): flags are recv(2)'s */
	sr_sock *p[2];
	pair(SOCK_STREAM, p);
	send_str(p[0], "peek");
	expect_recv(p[1], 3, MSG_PEEK, "pee");
	expect_recv(p[1], 3, 0, "pee");
	expect_recv(p[1], 3, 0, "k");
	release2(p);
}

ATF_TC_WITHOUT_HEAD(recv_eof);
ATF_TC_BODY(recv_eof, tc)
{
	/* object.recv (socket.rst:846): after the peer closes and all data is
	 * read, recv returns b'' */
	sr_sock *p[2];
	pair(SOCK_STREAM, p);
	send_str(p[0], "last");
	SR_OK(sr_close(p[0], ERR));
	expect_recv(p[1], 100, 0, "last");
	expect_recv(p[1], 100, 0, "");
	expect_recv(p[1], 100, 0, "");
	release2(p);
}

ATF_TC_WITHOUT_HEAD(recv_negative_bufsize);
ATF_TC_BODY(recv_negative_bufsize, tc)
{
	/* object.recv (socket.rst:846): CPython's ValueError for bufsize < 0 */
	sr_sock *p[2];
	sr_bytes b = { 0 };
	sr_addr a;
	sr_err e = { 0 };
	pair(SOCK_STREAM, p);
	SR_FAILS(SR_ERR_VALUEERROR, 0, sr_recv(p[1], -1, 0, &b, ERR));
	ATF_REQUIRE(sr_recv(p[1], -1, 0, &b, &e) == -1);
	ATF_REQUIRE_STREQ(e.msg, "negative buffersize in recv");
	ATF_REQUIRE(sr_recvfrom(p[1], -5, 0, &b, &a, &e) == -1);
	ATF_REQUIRE_EQ(e.kind, SR_ERR_VALUEERROR);
	ATF_REQUIRE_STREQ(e.msg, "negative buffersize in recvfrom");
	release2(p);
}

ATF_TC_WITHOUT_HEAD(recv_closed);
ATF_TC_BODY(recv_closed, tc)
{
	/* object.close (socket.rst:722): every operation on a closed object
	 * fails with OSError(EBADF), the buffer is not leaked (ASan) */
	sr_sock *p[2];
	sr_bytes b = { 0 };
	char buf[4];
	pair(SOCK_STREAM, p);
	SR_OK(sr_close(p[1], ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF, sr_recv(p[1], 10, 0, &b, ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF,
		 sr_recv_into(p[1], buf, sizeof buf, 0, 0, ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF, sr_send(p[1], "x", 1, 0, ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF, sr_sendall(p[1], "x", 1, 0, ERR));
	release2(p);
}

ATF_TC_WITHOUT_HEAD(recvfrom_udp);
ATF_TC_BODY(recvfrom_udp, tc)
{
	/* object.recvfrom (socket.rst:859): (bytes, sender's address) */
	sr_addr wa, wb, from;
	sr_sock *a = udp4(&wa), *b = udp4(&wb);
	sr_bytes d = { 0 };
	ssize_t n = 0;
	SR_OK(n = sr_sendto(a, "hi", 2, 0, &wb, ERR));
	ATF_REQUIRE_EQ(n, 2);
	SR_OK(sr_recvfrom(b, 100, 0, &d, &from, ERR));
	ATF_REQUIRE_EQ(d.len, 2);
	ATF_REQUIRE(memcmp(d.data, "hi", 2) == 0);
	ATF_REQUIRE_STREQ(from.u.in.host, "127.0.0.1");
	ATF_REQUIRE(same_inet(&from, &wa));
	sr_bytes_free(&d);
	/* the caller may drop the address */
	SR_OK(sr_sendto(a, "x", 1, 0, &wb, ERR));
	SR_OK(sr_recvfrom(b, 100, 0, &d, NULL, ERR));
	ATF_REQUIRE_EQ(d.len, 1);
	sr_bytes_free(&d);
	sr_release(a);
	sr_release(b);
}

ATF_TC_WITHOUT_HEAD(recvfrom_unix_connected);
ATF_TC_BODY(recvfrom_unix_connected, tc)
{
	/* object.recvfrom (socket.rst:859) with doc-notes on 969-985: a
	 * connected unnamed AF_UNIX peer has no address: None (AF_UNSPEC) */
	sr_sock *p[2];
	sr_bytes d = { 0 };
	sr_addr from;
	from.family = AF_INET;
	pair(SOCK_STREAM, p);
	send_str(p[0], "u");
	SR_OK(sr_recvfrom(p[1], 10, 0, &d, &from, ERR));
	ATF_REQUIRE_EQ(d.len, 1);
	ATF_REQUIRE_EQ(from.family, AF_UNSPEC);
	sr_bytes_free(&d);
	release2(p);
}

ATF_TC_WITHOUT_HEAD(recv_into_forms);
ATF_TC_BODY(recv_into_forms, tc)
{
	/* object.recv-into (socket.rst:981): nbytes 0 = whole buffer, nbytes
	 * limits, the count is returned */
	sr_sock *p[2];
	char buf[4];
	ssize_t n = 0;
	pair(SOCK_STREAM, p);
	send_str(p[0], "abcdef");
	SR_OK(n = sr_recv_into(p[1], buf, sizeof buf, 0, 0, ERR));
	ATF_REQUIRE_EQ(n, 4);
	ATF_REQUIRE(memcmp(buf, "abcd", 4) == 0);
	SR_OK(n = sr_recv_into(p[1], buf, sizeof buf, 1, 0, ERR));
	ATF_REQUIRE_EQ(n, 1);
	ATF_REQUIRE_EQ(buf[0], 'e');
	SR_OK(n = sr_recv_into(p[1], buf, sizeof buf, 4, MSG_PEEK, ERR));
	ATF_REQUIRE_EQ(n, 1);
	ATF_REQUIRE_EQ(buf[0], 'f');
	SR_OK(n = sr_recv_into(p[1], buf, sizeof buf, 4, 0, ERR));
	ATF_REQUIRE_EQ(n, 1);
	release2(p);
}

ATF_TC_WITHOUT_HEAD(recv_into_errors);
ATF_TC_BODY(recv_into_errors, tc)
{
	/* object.recv-into (socket.rst:981), doc-notes on 969-985: nbytes < 0
	 * and nbytes > len(buffer) are ValueError, before any receive */
	sr_sock *p[2];
	char buf[4];
	sr_addr from;
	sr_err e = { 0 };
	pair(SOCK_STREAM, p);
	ATF_REQUIRE(sr_recv_into(p[1], buf, sizeof buf, -1, 0, &e) == -1);
	ATF_REQUIRE_EQ(e.kind, SR_ERR_VALUEERROR);
	ATF_REQUIRE_STREQ(e.msg, "negative buffersize in recv_into");
	ATF_REQUIRE(sr_recv_into(p[1], buf, sizeof buf, 5, 0, &e) == -1);
	ATF_REQUIRE_EQ(e.kind, SR_ERR_VALUEERROR);
	ATF_REQUIRE_STREQ(e.msg, "buffer too small for requested bytes");
	ATF_REQUIRE(sr_recvfrom_into(p[1], buf, sizeof buf, -1, 0, &from,
				     &e) == -1);
	ATF_REQUIRE_EQ(e.kind, SR_ERR_VALUEERROR);
	ATF_REQUIRE_STREQ(e.msg, "negative buffersize in recvfrom_into");
	ATF_REQUIRE(sr_recvfrom_into(p[1], buf, sizeof buf, 5, 0, &from,
				     &e) == -1);
	ATF_REQUIRE_EQ(e.kind, SR_ERR_VALUEERROR);
	ATF_REQUIRE_STREQ(e.msg,
			  "nbytes is greater than the length of the buffer");
	release2(p);
}

ATF_TC_WITHOUT_HEAD(recvfrom_into_udp);
ATF_TC_BODY(recvfrom_into_udp, tc)
{
	/* object.recvfrom-into (socket.rst:971): (nbytes, address) */
	sr_addr wa, wb, from;
	sr_sock *a = udp4(&wa), *b = udp4(&wb);
	char buf[10];
	ssize_t n = 0;
	SR_OK(sr_sendto(a, "hi", 2, 0, &wb, ERR));
	SR_OK(n = sr_recvfrom_into(b, buf, sizeof buf, 0, 0, &from, ERR));
	ATF_REQUIRE_EQ(n, 2);
	ATF_REQUIRE(memcmp(buf, "hi", 2) == 0);
	ATF_REQUIRE(same_inet(&from, &wa));
	/* nbytes limits a datagram, the rest of it is discarded */
	SR_OK(sr_sendto(a, "hello", 5, 0, &wb, ERR));
	SR_OK(n = sr_recvfrom_into(b, buf, sizeof buf, 3, 0, NULL, ERR));
	ATF_REQUIRE_EQ(n, 3);
	ATF_REQUIRE(memcmp(buf, "hel", 3) == 0);
	sr_release(a);
	sr_release(b);
}

ATF_TC_WITHOUT_HEAD(recvfrom_into_unix_connected);
ATF_TC_BODY(recvfrom_into_unix_connected, tc)
{
	/* doc-notes on 969-985: recvfrom_into on a connected AF_UNIX socket
	 * gives (n, None) */
	sr_sock *p[2];
	sr_addr from;
	char buf[8];
	ssize_t n = 0;
	from.family = AF_INET;
	pair(SOCK_STREAM, p);
	send_str(p[0], "hello");
	SR_OK(n = sr_recvfrom_into(p[1], buf, sizeof buf, 0, 0, &from, ERR));
	ATF_REQUIRE_EQ(n, 5);
	ATF_REQUIRE_EQ(from.family, AF_UNSPEC);
	release2(p);
}

/* ---- send ----------------------------------------------------------- */

ATF_TC_WITHOUT_HEAD(send_returns_count);
ATF_TC_BODY(send_returns_count, tc)
{
	/* object.send-returns-count (socket.rst:990), object.send-implicit-
	 * length (25): the count may be short of the data */
	sr_sock *p[2];
	size_t big = 10u << 20;
	unsigned char *data = calloc(1, big);
	ssize_t n = 0;
	ATF_REQUIRE(data != NULL);
	pair(SOCK_STREAM, p);
	SR_OK(n = sr_send(p[0], "12345", 5, 0, ERR));
	ATF_REQUIRE_EQ(n, 5);
	SR_OK(n = sr_send(p[0], &"12345"[1], 2, 0, ERR));
	ATF_REQUIRE_EQ(n, 2);
	SR_OK(sr_setblocking(p[0], false, ERR));
	SR_OK(n = sr_send(p[0], data, big, 0, ERR));
	ATF_REQUIRE_MSG(n > 0 && (size_t)n < big, "sent %zd of %zu", n, big);
	free(data);
	release2(p);
}

ATF_TC_WITHOUT_HEAD(send_unconnected);
ATF_TC_BODY(send_unconnected, tc)
{
	/* object.send-unconnected (socket.rst:990): Linux says EPIPE for TCP
	 * (without killing us: no SIGPIPE), EDESTADDRREQ for UDP */
	sr_sock *t = NULL, *u = NULL;
	SR_OK(P(t = sr_socket(AF_INET, SOCK_STREAM, 0, ERR)));
	SR_OK(P(u = sr_socket(AF_INET, SOCK_DGRAM, 0, ERR)));
	SR_FAILS(SR_ERR_OSERROR, EPIPE, sr_send(t, "x", 1, 0, ERR));
	SR_FAILS(SR_ERR_OSERROR, EPIPE, sr_sendall(t, "x", 1, 0, ERR));
	SR_FAILS(SR_ERR_OSERROR, EDESTADDRREQ, sr_send(u, "x", 1, 0, ERR));
	sr_release(t);
	sr_release(u);
}

struct drain {
	sr_sock *s;
	size_t total;
	unsigned long sum;
	size_t chunk;     /* bytes per recv */
	double pause;     /* seconds between recvs (0: none) */
	size_t limit;     /* stop after this many bytes (0: at EOF) */
	bool close_after; /* close the socket when stopping */
};

static void *drain_thread(void *arg)
{
	struct drain *d = arg;
	unsigned char *buf = malloc(d->chunk);
	if (buf == NULL)
		return NULL;
	for (;;) {
		ssize_t n = sr_recv_into(d->s, buf, d->chunk, 0, 0, NULL);
		if (n <= 0)
			break;
		for (ssize_t i = 0; i < n; i++)
			d->sum += buf[i];
		d->total += (size_t)n;
		if (d->limit && d->total >= d->limit)
			break;
		if (d->pause > 0) {
			struct timespec ts = { 0, (long)(d->pause * 1e9) };
			nanosleep(&ts, NULL);
		}
	}
	free(buf);
	if (d->close_after)
		sr_close(d->s, NULL);
	return NULL;
}

ATF_TC_WITHOUT_HEAD(sendall_large);
ATF_TC_BODY(sendall_large, tc)
{
	/* object.sendall-returns-none (socket.rst:1002): everything arrives */
	sr_sock *p[2];
	size_t big = 8u << 20, i;
	unsigned char *data = malloc(big);
	unsigned long sum = 0;
	struct drain d = { .chunk = 65536 };
	pthread_t th;
	ATF_REQUIRE(data != NULL);
	for (i = 0; i < big; i++) {
		data[i] = (unsigned char)(i * 7 + (i >> 13));
		sum += data[i];
	}
	pair(SOCK_STREAM, p);
	d.s = p[1];
	ATF_REQUIRE(pthread_create(&th, NULL, drain_thread, &d) == 0);
	SR_OK(sr_sendall(p[0], data, big, 0, ERR));
	SR_OK(sr_shutdown(p[0], SHUT_WR, ERR));
	ATF_REQUIRE(pthread_join(th, NULL) == 0);
	ATF_REQUIRE_EQ(d.total, big);
	ATF_REQUIRE_EQ(d.sum, sum);
	free(data);
	release2(p);
}

ATF_TC_WITHOUT_HEAD(sendall_timeout_no_reader);
ATF_TC_BODY(sendall_timeout_no_reader, tc)
{
	/* object.sendall-error-unknown-progress (socket.rst:1004),
	 * timeout.timeout-mode-fails (1150): a peer that never reads makes
	 * sendall raise socket.timeout after about the timeout */
	sr_sock *p[2];
	size_t big = 8u << 20;
	unsigned char *data = calloc(1, big);
	double t = 0.3, t0, el;
	ATF_REQUIRE(data != NULL);
	pair(SOCK_STREAM, p);
	SR_OK(sr_settimeout(p[0], &t, ERR));
	t0 = now();
	SR_FAILS(SR_ERR_TIMEOUT, 0, sr_sendall(p[0], data, big, 0, ERR));
	el = now() - t0;
	ATF_REQUIRE_MSG(el >= 0.25 && el < 2.0, "elapsed %.3f s", el);
	free(data);
	release2(p);
}

ATF_TC_WITHOUT_HEAD(sendall_timeout_whole_call);
ATF_TC_BODY(sendall_timeout_whole_call, tc)
{
	/* doc-notes on 998-1005 (CPython 3.5+): the timeout bounds the whole
	 * sendall, so a peer taking a little at a time, each time within the
	 * timeout, cannot keep it going: 8 MiB at ~1.3 MB/s would need ~6 s,
	 * the call must end with socket.timeout near 0.5 s */
	sr_sock *p[2];
	size_t big = 8u << 20;
	unsigned char *data = calloc(1, big);
	double t = 0.5, t0, el;
	struct drain d = { .chunk = 65536, .pause = 0.05 };
	pthread_t th;
	ATF_REQUIRE(data != NULL);
	pair(SOCK_STREAM, p);
	d.s = p[1];
	SR_OK(sr_settimeout(p[0], &t, ERR));
	ATF_REQUIRE(pthread_create(&th, NULL, drain_thread, &d) == 0);
	t0 = now();
	SR_FAILS(SR_ERR_TIMEOUT, 0, sr_sendall(p[0], data, big, 0, ERR));
	el = now() - t0;
	ATF_REQUIRE_MSG(el >= 0.45 && el < 2.5, "elapsed %.3f s", el);
	SR_OK(sr_shutdown(p[0], SHUT_RDWR, ERR));
	ATF_REQUIRE(pthread_join(th, NULL) == 0);
	ATF_REQUIRE_MSG(d.total < big, "peer got %zu", d.total);
	free(data);
	release2(p);
}

ATF_TC_WITHOUT_HEAD(sendall_peer_gone);
ATF_TC_BODY(sendall_peer_gone, tc)
{
	/* object.sendall-error-unknown-progress (socket.rst:1004): the peer
	 * reads 1 MiB then closes; sendall raises OSError (EPIPE or
	 * ECONNRESET) and reports no count */
	sr_sock *p[2];
	size_t big = 8u << 20;
	unsigned char *data = calloc(1, big);
	struct drain d = { .chunk = 65536, .limit = 1u << 20,
			   .close_after = true };
	pthread_t th;
	sr_err e = { 0 };
	ATF_REQUIRE(data != NULL);
	pair(SOCK_STREAM, p);
	d.s = p[1];
	ATF_REQUIRE(pthread_create(&th, NULL, drain_thread, &d) == 0);
	ATF_REQUIRE(sr_sendall(p[0], data, big, 0, &e) == -1);
	ATF_REQUIRE(pthread_join(th, NULL) == 0);
	ATF_REQUIRE_EQ(e.kind, SR_ERR_OSERROR);
	ATF_REQUIRE_MSG(e.code == EPIPE || e.code == ECONNRESET, "errno %d",
			e.code);
	ATF_REQUIRE(d.total >= 1u << 20);
	free(data);
	release2(p);
}

ATF_TC_WITHOUT_HEAD(sendto_udp);
ATF_TC_BODY(sendto_udp, tc)
{
	/* object.sendto (socket.rst:1010): count returned, flags optional */
	sr_addr wa, wb, from;
	sr_sock *a = udp4(&wa), *b = udp4(&wb);
	sr_bytes d = { 0 };
	ssize_t n = 0;
	SR_OK(n = sr_sendto(a, "hello", 5, 0, &wb, ERR));
	ATF_REQUIRE_EQ(n, 5);
	SR_OK(n = sr_sendto(a, "hi", 2, MSG_DONTWAIT, &wb, ERR));
	ATF_REQUIRE_EQ(n, 2);
	SR_OK(sr_recvfrom(b, 100, 0, &d, &from, ERR));
	ATF_REQUIRE(d.len == 5 && memcmp(d.data, "hello", 5) == 0);
	ATF_REQUIRE(same_inet(&from, &wa));
	sr_bytes_free(&d);
	SR_OK(sr_recvfrom(b, 100, 0, &d, &from, ERR));
	ATF_REQUIRE(d.len == 2 && memcmp(d.data, "hi", 2) == 0);
	sr_bytes_free(&d);
	/* an address is required; one of another family is a TypeError */
	SR_FAILS(SR_ERR_TYPEERROR, -1, sr_sendto(a, "x", 1, 0, NULL, ERR));
	SR_OK(sr_addr_unix(&from, "/nonexistent", 12, ERR));
	SR_FAILS(SR_ERR_TYPEERROR, -1, sr_sendto(a, "x", 1, 0, &from, ERR));
	sr_release(a);
	sr_release(b);
}

/* ---- modes ---------------------------------------------------------- */

ATF_TC_WITHOUT_HEAD(recv_nonblocking);
ATF_TC_BODY(recv_nonblocking, tc)
{
	/* timeout.nonblocking-fails-fast (socket.rst:1145),
	 * timeout.settimeout-zero (1070): EAGAIN at once, not timeout */
	sr_sock *p[2];
	sr_bytes b = { 0 };
	char buf[4];
	double zero = 0, t0;
	pair(SOCK_STREAM, p);
	SR_OK(sr_setblocking(p[1], false, ERR));
	t0 = now();
	SR_FAILS(SR_ERR_OSERROR, EAGAIN, sr_recv(p[1], 10, 0, &b, ERR));
	SR_FAILS(SR_ERR_OSERROR, EAGAIN,
		 sr_recv_into(p[1], buf, sizeof buf, 0, 0, ERR));
	SR_OK(sr_settimeout(p[1], &zero, ERR));
	SR_FAILS(SR_ERR_OSERROR, EAGAIN, sr_recv(p[1], 10, 0, &b, ERR));
	ATF_REQUIRE(now() - t0 < 0.5);
	send_str(p[0], "ok");
	expect_recv(p[1], 10, 0, "ok");
	release2(p);
}

ATF_TC_WITHOUT_HEAD(recv_timeout);
ATF_TC_BODY(recv_timeout, tc)
{
	/* timeout.settimeout-positive (socket.rst:1066),
	 * timeout.timeout-mode-fails (1150): socket.timeout('timed out')
	 * after about the timeout; data within it is received */
	sr_sock *p[2];
	sr_bytes b = { 0 };
	sr_addr from;
	sr_err e = { 0 };
	double t = 0.3, t0, el;
	pair(SOCK_DGRAM, p);
	SR_OK(sr_settimeout(p[1], &t, ERR));
	t0 = now();
	ATF_REQUIRE(sr_recv(p[1], 10, 0, &b, &e) == -1);
	el = now() - t0;
	ATF_REQUIRE_EQ(e.kind, SR_ERR_TIMEOUT);
	ATF_REQUIRE_STREQ(e.msg, "timed out");
	ATF_REQUIRE_MSG(el >= 0.29 && el < 2.0, "elapsed %.3f s", el);
	SR_FAILS(SR_ERR_TIMEOUT, 0, sr_recvfrom(p[1], 10, 0, &b, &from, ERR));
	send_str(p[0], "in time");
	expect_recv(p[1], 10, 0, "in time");
	release2(p);
}

static void *late_sender(void *arg)
{
	struct timespec ts = { 0, 300 * 1000 * 1000 };
	nanosleep(&ts, NULL);
	sr_send(arg, "late", 4, 0, NULL);
	return NULL;
}

ATF_TC_WITHOUT_HEAD(recv_blocking_waits);
ATF_TC_BODY(recv_blocking_waits, tc)
{
	/* timeout.blocking-waits (socket.rst:1142): a blocking recv waits
	 * for data that comes later */
	sr_sock *p[2];
	pthread_t th;
	double t0, el;
	pair(SOCK_STREAM, p);
	t0 = now();
	ATF_REQUIRE(pthread_create(&th, NULL, late_sender, p[0]) == 0);
	expect_recv(p[1], 10, 0, "late");
	el = now() - t0;
	ATF_REQUIRE(pthread_join(th, NULL) == 0);
	ATF_REQUIRE_MSG(el >= 0.25, "elapsed %.3f s", el);
	release2(p);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, recv_at_most_bufsize);
	ATF_TP_ADD_TC(tp, recv_result_sizes);
	ATF_TP_ADD_TC(tp, recv_zero_bufsize);
	ATF_TP_ADD_TC(tp, recv_flags_peek);
	ATF_TP_ADD_TC(tp, recv_eof);
	ATF_TP_ADD_TC(tp, recv_negative_bufsize);
	ATF_TP_ADD_TC(tp, recv_closed);
	ATF_TP_ADD_TC(tp, recvfrom_udp);
	ATF_TP_ADD_TC(tp, recvfrom_unix_connected);
	ATF_TP_ADD_TC(tp, recv_into_forms);
	ATF_TP_ADD_TC(tp, recv_into_errors);
	ATF_TP_ADD_TC(tp, recvfrom_into_udp);
	ATF_TP_ADD_TC(tp, recvfrom_into_unix_connected);
	ATF_TP_ADD_TC(tp, send_returns_count);
	ATF_TP_ADD_TC(tp, send_unconnected);
	ATF_TP_ADD_TC(tp, sendall_large);
	ATF_TP_ADD_TC(tp, sendall_timeout_no_reader);
	ATF_TP_ADD_TC(tp, sendall_timeout_whole_call);
	ATF_TP_ADD_TC(tp, sendall_peer_gone);
	ATF_TP_ADD_TC(tp, sendto_udp);
	ATF_TP_ADD_TC(tp, recv_nonblocking);
	ATF_TP_ADD_TC(tp, recv_timeout);
	ATF_TP_ADD_TC(tp, recv_blocking_waits);
	return atf_no_error();
}
