/*
 * t_cmsg.c — ancillary data: CMSG_LEN and CMSG_SPACE, sendmsg, recvmsg and
 * recvmsg_into, descriptor and credential passing over AF_UNIX, and the
 * parser of received control data (socket.rst:588-618, 866-966,
 * 1017-1049; catalogue rows cmsg.*).
 */
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/uio.h>

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

static size_t cmsg_len(long long n)
{
	size_t v = 0;
	SR_OK(sr_CMSG_LEN(n, &v, ERR));
	return v;
}

static size_t cmsg_space(long long n)
{
	size_t v = 0;
	SR_OK(sr_CMSG_SPACE(n, &v, ERR));
	return v;
}

/* send_fds(sock, msg, fds) of socket.rst:1044: one SCM_RIGHTS item */
static ssize_t send_fds(sr_sock *s, const char *msg, const int *fds,
			size_t nfds)
{
	sr_buf b = { (void *)msg, strlen(msg) };
	sr_cmsg c = { SOL_SOCKET, SCM_RIGHTS, (unsigned char *)fds,
		      nfds * sizeof(int) };
	ssize_t n = 0;
	SR_OK(n = sr_sendmsg(s, &b, 1, &c, 1, 0, NULL, ERR));
	return n;
}

/* The descriptors of every SCM_RIGHTS item, in order. */
static size_t fds_of(const sr_msg *m, int *out, size_t cap)
{
	size_t i, j, n = 0;
	for (i = 0; i < m->nanc; i++) {
		const sr_cmsg *c = &m->ancdata[i];
		if (c->level != SOL_SOCKET || c->type != SCM_RIGHTS)
			continue;
		for (j = 0; j + sizeof(int) <= c->len && n < cap;
		     j += sizeof(int))
			memcpy(&out[n++], c->data + j, sizeof(int));
	}
	return n;
}

static bool same_file(int a, int b)
{
	struct stat sa, sb;
	ATF_REQUIRE(fstat(a, &sa) == 0 && fstat(b, &sb) == 0);
	return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* ---- CMSG_LEN / CMSG_SPACE ------------------------------------------ */

ATF_TC_WITHOUT_HEAD(cmsg_len_value);
ATF_TC_BODY(cmsg_len_value, tc)
{
	/* cmsg.len-value (socket.rst:590): header plus n, no padding */
	long long n;
	ATF_REQUIRE_EQ(cmsg_len(0), sizeof(struct cmsghdr));
	if (sizeof(size_t) == 8) {
		ATF_REQUIRE_EQ(cmsg_len(0), 16);
		ATF_REQUIRE_EQ(cmsg_len(4), 20);
	}
	for (n = 0; n <= 64; n++)
		ATF_REQUIRE_EQ(cmsg_len(n) - cmsg_len(0), (size_t)n);
	ATF_REQUIRE_EQ(cmsg_len(1000), CMSG_LEN(1000));
}

ATF_TC_WITHOUT_HEAD(cmsg_space_value);
ATF_TC_BODY(cmsg_space_value, tc)
{
	/* cmsg.space-value (socket.rst:606): >= CMSG_LEN and padded to the
	 * alignment; cmsg.space-sum-multiple-items (608) relies on that */
	long long n;
	if (sizeof(size_t) == 8) {
		ATF_REQUIRE_EQ(cmsg_space(4), 24);
		ATF_REQUIRE_EQ(cmsg_space(8), 24);
	}
	for (n = 0; n <= 64; n++) {
		ATF_REQUIRE(cmsg_space(n) >= cmsg_len(n));
		ATF_REQUIRE_EQ(cmsg_space(n) % sizeof(size_t), 0);
		ATF_REQUIRE_EQ(cmsg_space(n), CMSG_SPACE(n));
	}
}

ATF_TC_WITHOUT_HEAD(cmsg_overflow);
ATF_TC_BODY(cmsg_overflow, tc)
{
	/* cmsg.len-overflow (socket.rst:596), cmsg.space-overflow (610): the
	 * result must fit CPython's SOCKLEN_T_LIMIT (INT_MAX); negative and
	 * huge lengths are OverflowError */
	size_t v;
	sr_err e = { 0 };
	long long maxlen = INT_MAX - (long long)CMSG_LEN(0);
	long long maxspace = INT_MAX - (long long)CMSG_SPACE(1);

	SR_FAILS(SR_ERR_OVERFLOWERROR, 0, sr_CMSG_LEN(-1, &v, ERR));
	SR_FAILS(SR_ERR_OVERFLOWERROR, 0, sr_CMSG_LEN(LLONG_MAX, &v, ERR));
	SR_FAILS(SR_ERR_OVERFLOWERROR, 0, sr_CMSG_LEN(LLONG_MIN, &v, ERR));
	SR_FAILS(SR_ERR_OVERFLOWERROR, 0, sr_CMSG_LEN(maxlen + 1, &v, ERR));
	ATF_REQUIRE_EQ(cmsg_len(maxlen), (size_t)INT_MAX);
	ATF_REQUIRE(sr_CMSG_LEN(-1, &v, &e) == -1);
	ATF_REQUIRE_STREQ(e.msg, "CMSG_LEN() argument out of range");

	SR_FAILS(SR_ERR_OVERFLOWERROR, 0, sr_CMSG_SPACE(-1, &v, ERR));
	SR_FAILS(SR_ERR_OVERFLOWERROR, 0, sr_CMSG_SPACE(LLONG_MAX, &v, ERR));
	SR_FAILS(SR_ERR_OVERFLOWERROR, 0,
		 sr_CMSG_SPACE(maxspace + 1, &v, ERR));
	ATF_REQUIRE(cmsg_space(maxspace) <= (size_t)INT_MAX);
	ATF_REQUIRE(sr_CMSG_SPACE(-1, &v, &e) == -1);
	ATF_REQUIRE_STREQ(e.msg, "CMSG_SPACE() argument out of range");
}

/* ---- sendmsg -------------------------------------------------------- */

ATF_TC_WITHOUT_HEAD(sendmsg_gather);
ATF_TC_BODY(sendmsg_gather, tc)
{
	/* cmsg.sendmsg-gather (socket.rst:1019), cmsg.sendmsg-returns-count
	 * (1035): buffers are one message, the count is of ordinary data */
	sr_sock *p[2];
	sr_buf b[3] = { { "ab", 2 }, { "cd", 2 }, { "ef", 2 } };
	sr_buf none = { "", 0 };
	sr_bytes d = { 0 };
	ssize_t n = 0;
	pair(SOCK_DGRAM, p);
	SR_OK(n = sr_sendmsg(p[0], b, 3, NULL, 0, 0, NULL, ERR));
	ATF_REQUIRE_EQ(n, 6);
	SR_OK(sr_recv(p[1], 100, 0, &d, ERR));
	ATF_REQUIRE(d.len == 6 && memcmp(d.data, "abcdef", 6) == 0);
	sr_bytes_free(&d);
	/* many buffers go beyond the stack array of the implementation */
	{
		sr_buf many[20];
		for (int i = 0; i < 20; i++)
			many[i] = (sr_buf){ &"0123456789"[i % 10], 1 };
		SR_OK(n = sr_sendmsg(p[0], many, 20, NULL, 0, 0, NULL, ERR));
		ATF_REQUIRE_EQ(n, 20);
		SR_OK(sr_recv(p[1], 100, 0, &d, ERR));
		ATF_REQUIRE(d.len == 20 &&
			    memcmp(d.data, "01234567890123456789", 20) == 0);
		sr_bytes_free(&d);
	}
	/* an empty datagram is a message too */
	SR_OK(n = sr_sendmsg(p[0], &none, 1, NULL, 0, 0, NULL, ERR));
	ATF_REQUIRE_EQ(n, 0);
	release2(p);
}

ATF_TC_WITHOUT_HEAD(sendmsg_returns_count_with_fds);
ATF_TC_BODY(sendmsg_returns_count_with_fds, tc)
{
	/* cmsg.sendmsg-returns-count (socket.rst:1035): ancillary bytes are
	 * not counted */
	sr_sock *p[2];
	sr_buf b[2] = { { "abc", 3 }, { "de", 2 } };
	int fd = 0;
	sr_cmsg c = { SOL_SOCKET, SCM_RIGHTS, (unsigned char *)&fd, sizeof fd };
	sr_msg m = { 0 };
	int got[4];
	ssize_t n = 0;
	int fds;
	pair(SOCK_STREAM, p);
	fds = count_fds();
	SR_OK(n = sr_sendmsg(p[0], b, 2, &c, 1, 0, NULL, ERR));
	ATF_REQUIRE_EQ(n, 5);
	SR_OK(sr_recvmsg(p[1], 10, cmsg_space(sizeof(int)), 0, &m, ERR));
	ATF_REQUIRE(m.data.len == 5 && memcmp(m.data.data, "abcde", 5) == 0);
	ATF_REQUIRE_EQ(fds_of(&m, got, 4), 1);
	ATF_REQUIRE(same_file(got[0], 0));
	sr_cmsg_close_fds(m.ancdata, m.nanc);
	sr_msg_free(&m);
	ATF_REQUIRE_EQ(count_fds(), fds);
	release2(p);
}

ATF_TC_WITHOUT_HEAD(sendmsg_iov_max);
ATF_TC_BODY(sendmsg_iov_max, tc)
{
	/* cmsg.sendmsg-iov-max (socket.rst:1023), cmsg.recvmsg-into-iov-max
	 * (940): one buffer over IOV_MAX is the kernel's EMSGSIZE, IOV_MAX
	 * buffers work */
	sr_sock *p[2];
	long max = sysconf(_SC_IOV_MAX);
	sr_buf *b;
	unsigned char *space;
	sr_msg m = { 0 };
	ssize_t n = 0;
	long i;
	ATF_REQUIRE(max > 0);
	b = calloc((size_t)max + 1, sizeof *b);
	space = calloc((size_t)max + 1, 1);
	ATF_REQUIRE(b != NULL && space != NULL);
	for (i = 0; i <= max; i++)
		b[i] = (sr_buf){ space + i, 1 };
	pair(SOCK_DGRAM, p);
	SR_FAILS(SR_ERR_OSERROR, EMSGSIZE,
		 sr_sendmsg(p[0], b, (size_t)max + 1, NULL, 0, 0, NULL, ERR));
	SR_OK(n = sr_sendmsg(p[0], b, (size_t)max, NULL, 0, 0, NULL, ERR));
	ATF_REQUIRE_EQ(n, max);
	SR_FAILS(SR_ERR_OSERROR, EMSGSIZE,
		 sr_recvmsg_into(p[1], b, (size_t)max + 1, 0, 0, &m, ERR));
	SR_OK(sr_recvmsg_into(p[1], b, (size_t)max, 0, 0, &m, ERR));
	ATF_REQUIRE_EQ(m.nbytes, (size_t)max);
	sr_msg_free(&m);
	free(b);
	free(space);
	release2(p);
}

ATF_TC_WITHOUT_HEAD(sendmsg_flags);
ATF_TC_BODY(sendmsg_flags, tc)
{
	/* cmsg.sendmsg-flags (socket.rst:1032): MSG_DONTWAIT on a full
	 * blocking socket fails with EAGAIN instead of waiting */
	sr_sock *p[2];
	static unsigned char chunk[65536];
	sr_buf b = { chunk, sizeof chunk };
	sr_err e = { 0 };
	int i;
	pair(SOCK_STREAM, p);
	for (i = 0; i < 1000; i++)
		if (sr_sendmsg(p[0], &b, 1, NULL, 0, MSG_DONTWAIT, NULL, &e) < 0)
			break;
	ATF_REQUIRE_MSG(i < 1000, "never filled");
	ATF_REQUIRE_EQ(e.kind, SR_ERR_OSERROR);
	ATF_REQUIRE_EQ(e.code, EAGAIN);
	release2(p);
}

ATF_TC_WITHOUT_HEAD(sendmsg_address);
ATF_TC_BODY(sendmsg_address, tc)
{
	/* cmsg.sendmsg-address (socket.rst:1034), cmsg.recvmsg-address
	 * (888): a given address is the destination and the receiver sees the
	 * sender's; NULL (None) on a connected socket uses the peer */
	sr_sock *a = NULL, *b = NULL, *p[2];
	sr_addr any, wa, wb;
	sr_buf hi = { "hi", 2 };
	sr_msg m = { 0 };
	ssize_t n = 0;
	SR_OK(P(a = sr_socket(AF_INET, SOCK_DGRAM, 0, ERR)));
	SR_OK(P(b = sr_socket(AF_INET, SOCK_DGRAM, 0, ERR)));
	SR_OK(sr_addr_inet(&any, "127.0.0.1", 0, ERR));
	SR_OK(sr_bind(a, &any, ERR));
	SR_OK(sr_bind(b, &any, ERR));
	SR_OK(sr_getsockname(a, &wa, ERR));
	SR_OK(sr_getsockname(b, &wb, ERR));
	SR_OK(n = sr_sendmsg(a, &hi, 1, NULL, 0, 0, &wb, ERR));
	ATF_REQUIRE_EQ(n, 2);
	SR_OK(sr_recvmsg(b, 10, 0, 0, &m, ERR));
	ATF_REQUIRE(m.data.len == 2 && memcmp(m.data.data, "hi", 2) == 0);
	ATF_REQUIRE_EQ(m.address.family, AF_INET);
	ATF_REQUIRE_STREQ(m.address.u.in.host, "127.0.0.1");
	ATF_REQUIRE_EQ(m.address.u.in.port, wa.u.in.port);
	sr_msg_free(&m);
	/* an unconnected datagram socket without an address */
	SR_FAILS(SR_ERR_OSERROR, EDESTADDRREQ,
		 sr_sendmsg(a, &hi, 1, NULL, 0, 0, NULL, ERR));
	pair(SOCK_STREAM, p);
	SR_OK(n = sr_sendmsg(p[0], &hi, 1, NULL, 0, 0, NULL, ERR));
	ATF_REQUIRE_EQ(n, 2);
	release2(p);
	sr_release(a);
	sr_release(b);
}

ATF_TC_WITHOUT_HEAD(sendmsg_ancdata_too_large);
ATF_TC_BODY(sendmsg_ancdata_too_large, tc)
{
	/* cmsg.sendmsg-ancdata (socket.rst:1025): an item CMSG_SPACE cannot
	 * size is OSError before any system call, as in CPython */
	sr_sock *p[2];
	sr_buf b = { "x", 1 };
	static unsigned char byte;
	sr_cmsg big = { SOL_SOCKET, SCM_RIGHTS, &byte, (size_t)INT_MAX };
	sr_err e = { 0 };
	pair(SOCK_STREAM, p);
	ATF_REQUIRE(sr_sendmsg(p[0], &b, 1, &big, 1, 0, NULL, &e) == -1);
	ATF_REQUIRE_EQ(e.kind, SR_ERR_OSERROR);
	ATF_REQUIRE_STREQ(e.msg, "ancillary data item too large");
	release2(p);
}

/* ---- recvmsg -------------------------------------------------------- */

ATF_TC_WITHOUT_HEAD(recvmsg_four_tuple);
ATF_TC_BODY(recvmsg_four_tuple, tc)
{
	/* cmsg.recvmsg-four-tuple (socket.rst:878), cmsg.recvmsg-bufsize
	 * (868): (data, [], 0, None) with at most bufsize bytes */
	sr_sock *p[2];
	sr_msg m = { 0 };
	pair(SOCK_STREAM, p);
	SR_OK(sr_send(p[0], "abcdef", 6, 0, ERR));
	SR_OK(sr_recvmsg(p[1], 4, 0, 0, &m, ERR));
	ATF_REQUIRE(m.data.len == 4 && memcmp(m.data.data, "abcd", 4) == 0);
	ATF_REQUIRE_EQ(m.nbytes, 4);
	ATF_REQUIRE_EQ(m.nanc, 0);
	ATF_REQUIRE_EQ(m.msg_flags, 0);
	ATF_REQUIRE_EQ(m.address.family, AF_UNSPEC);
	sr_msg_free(&m);
	SR_OK(sr_recvmsg(p[1], 10, 0, 0, &m, ERR));
	ATF_REQUIRE(m.data.len == 2 && memcmp(m.data.data, "ef", 2) == 0);
	sr_msg_free(&m);
	release2(p);
}

ATF_TC_WITHOUT_HEAD(recvmsg_flags_peek);
ATF_TC_BODY(recvmsg_flags_peek, tc)
{
	/* cmsg.recvmsg-flags (socket.rst:874): flags as for recv */
	sr_sock *p[2];
	sr_msg m = { 0 };
	sr_bytes d = { 0 };
	pair(SOCK_STREAM, p);
	SR_OK(sr_send(p[0], "peek", 4, 0, ERR));
	SR_OK(sr_recvmsg(p[1], 10, 0, MSG_PEEK, &m, ERR));
	SR_OK(sr_recv(p[1], 10, 0, &d, ERR));
	ATF_REQUIRE(m.data.len == 4 && d.len == 4 &&
		    memcmp(m.data.data, d.data, 4) == 0);
	sr_msg_free(&m);
	sr_bytes_free(&d);
	release2(p);
}

ATF_TC_WITHOUT_HEAD(recvmsg_trunc_dgram);
ATF_TC_BODY(recvmsg_trunc_dgram, tc)
{
	/* cmsg.recvmsg-msg-flags (socket.rst:885), cmsg.recvmsg-address
	 * (888): an 11-byte datagram into 5 bytes sets MSG_TRUNC; the
	 * address is the sender's */
	sr_sock *a = NULL, *b = NULL;
	sr_addr any, wa, wb;
	sr_msg m = { 0 };
	SR_OK(P(a = sr_socket(AF_INET, SOCK_DGRAM, 0, ERR)));
	SR_OK(P(b = sr_socket(AF_INET, SOCK_DGRAM, 0, ERR)));
	SR_OK(sr_addr_inet(&any, "127.0.0.1", 0, ERR));
	SR_OK(sr_bind(a, &any, ERR));
	SR_OK(sr_bind(b, &any, ERR));
	SR_OK(sr_getsockname(a, &wa, ERR));
	SR_OK(sr_getsockname(b, &wb, ERR));
	SR_OK(sr_sendto(a, "hello world", 11, 0, &wb, ERR));
	SR_OK(sr_recvmsg(b, 5, 0, 0, &m, ERR));
	ATF_REQUIRE(m.data.len == 5 && memcmp(m.data.data, "hello", 5) == 0);
	ATF_REQUIRE(m.msg_flags & MSG_TRUNC);
	ATF_REQUIRE_EQ(m.address.family, AF_INET);
	ATF_REQUIRE_EQ(m.address.u.in.port, wa.u.in.port);
	sr_msg_free(&m);
	sr_release(a);
	sr_release(b);
}

ATF_TC_WITHOUT_HEAD(recvmsg_errors);
ATF_TC_BODY(recvmsg_errors, tc)
{
	/* cmsg.recvmsg-bufsize (socket.rst:868), cmsg.recvmsg-ancbufsize-
	 * default-zero (870): CPython's ValueErrors for bad sizes; the data
	 * stays queued */
	sr_sock *p[2];
	sr_msg m = { 0 };
	sr_err e = { 0 };
	char buf[4];
	sr_buf b = { buf, sizeof buf };
	pair(SOCK_STREAM, p);
	SR_OK(sr_send(p[0], "kept", 4, 0, ERR));
	ATF_REQUIRE(sr_recvmsg(p[1], -1, 0, 0, &m, &e) == -1);
	ATF_REQUIRE_EQ(e.kind, SR_ERR_VALUEERROR);
	ATF_REQUIRE_STREQ(e.msg, "negative buffer size in recvmsg()");
	ATF_REQUIRE(sr_recvmsg(p[1], 4, -1, 0, &m, &e) == -1);
	ATF_REQUIRE_EQ(e.kind, SR_ERR_VALUEERROR);
	ATF_REQUIRE_STREQ(e.msg, "invalid ancillary data buffer length");
	SR_FAILS(SR_ERR_VALUEERROR, 0,
		 sr_recvmsg(p[1], 4, (long long)INT_MAX + 1, 0, &m, ERR));
	SR_FAILS(SR_ERR_VALUEERROR, 0,
		 sr_recvmsg_into(p[1], &b, 1, -1, 0, &m, ERR));
	SR_OK(sr_recvmsg(p[1], 4, 0, 0, &m, ERR));
	ATF_REQUIRE(m.data.len == 4 && memcmp(m.data.data, "kept", 4) == 0);
	sr_msg_free(&m);
	SR_OK(sr_close(p[1], ERR));
	SR_FAILS(SR_ERR_OSERROR, EBADF, sr_recvmsg(p[1], 4, 0, 0, &m, ERR));
	release2(p);
}

ATF_TC_WITHOUT_HEAD(recvmsg_timeout);
ATF_TC_BODY(recvmsg_timeout, tc)
{
	/* timeout.timeout-mode-fails (socket.rst:1150) for recvmsg and
	 * sendmsg too: the one timeout machinery applies */
	sr_sock *p[2];
	sr_msg m = { 0 };
	double t = 0.1;
	pair(SOCK_DGRAM, p);
	SR_OK(sr_settimeout(p[1], &t, ERR));
	SR_FAILS(SR_ERR_TIMEOUT, 0, sr_recvmsg(p[1], 4, 64, 0, &m, ERR));
	SR_OK(sr_setblocking(p[1], false, ERR));
	SR_FAILS(SR_ERR_OSERROR, EAGAIN, sr_recvmsg(p[1], 4, 64, 0, &m, ERR));
	release2(p);
}

/* ---- descriptor passing --------------------------------------------- */

static void pass_fd(int type)
{
	sr_sock *p[2];
	int pfd[2], got[4], fds;
	sr_msg m = { 0 };
	char c = 0;
	pair(type, p);
	ATF_REQUIRE(pipe(pfd) == 0);
	fds = count_fds();
	ATF_REQUIRE_EQ(send_fds(p[0], "m", &pfd[0], 1), 1);
	SR_OK(sr_recvmsg(p[1], 1, cmsg_space(sizeof(int)), 0, &m, ERR));
	ATF_REQUIRE(m.data.len == 1 && m.data.data[0] == 'm');
	ATF_REQUIRE_EQ(m.nanc, 1);
	ATF_REQUIRE_EQ(m.ancdata[0].level, SOL_SOCKET);
	ATF_REQUIRE_EQ(m.ancdata[0].type, SCM_RIGHTS);
	ATF_REQUIRE_EQ(m.ancdata[0].len, sizeof(int));
	ATF_REQUIRE_EQ(m.msg_flags & MSG_CTRUNC, 0);
	ATF_REQUIRE_EQ(fds_of(&m, got, 4), 1);
	ATF_REQUIRE_EQ(count_fds(), fds + 1);
	/* a new descriptor for the same pipe, close-on-exec */
	ATF_REQUIRE(got[0] != pfd[0]);
	ATF_REQUIRE(same_file(got[0], pfd[0]));
	ATF_REQUIRE(fcntl(got[0], F_GETFD) & FD_CLOEXEC);
	ATF_REQUIRE(write(pfd[1], "z", 1) == 1);
	ATF_REQUIRE(read(got[0], &c, 1) == 1 && c == 'z');
	sr_cmsg_close_fds(m.ancdata, m.nanc);
	sr_msg_free(&m);
	ATF_REQUIRE_EQ(count_fds(), fds);
	close(pfd[0]);
	close(pfd[1]);
	release2(p);
}

ATF_TC_WITHOUT_HEAD(scm_rights_stream);
ATF_TC_BODY(scm_rights_stream, tc)
{
	/* cmsg.scm-rights-pass-fds (socket.rst:892), cmsg.len-as-ancbufsize
	 * (591), cmsg.recvmsg-ancdata-items (880) over SOCK_STREAM */
	pass_fd(SOCK_STREAM);
}

ATF_TC_WITHOUT_HEAD(scm_rights_dgram);
ATF_TC_BODY(scm_rights_dgram, tc)
{
	/* cmsg.scm-rights-socket-type (socket.rst:894): Linux passes
	 * descriptors over SOCK_DGRAM and SOCK_SEQPACKET too */
	pass_fd(SOCK_DGRAM);
	pass_fd(SOCK_SEQPACKET);
}

ATF_TC_WITHOUT_HEAD(scm_rights_cmsg_len);
ATF_TC_BODY(scm_rights_cmsg_len, tc)
{
	/* cmsg.len-as-ancbufsize (socket.rst:591), cmsg.example-send-fds
	 * (1038): CMSG_LEN(n) suffices for one item; two fds in one item */
	sr_sock *p[2];
	int pfd[2], got[4], fds;
	sr_msg m = { 0 };
	pair(SOCK_STREAM, p);
	ATF_REQUIRE(pipe(pfd) == 0);
	fds = count_fds();
	ATF_REQUIRE_EQ(send_fds(p[0], "m", pfd, 2), 1);
	SR_OK(sr_recvmsg(p[1], 1, cmsg_len(2 * sizeof(int)), 0, &m, ERR));
	ATF_REQUIRE_EQ(m.msg_flags & MSG_CTRUNC, 0);
	ATF_REQUIRE_EQ(fds_of(&m, got, 4), 2);
	ATF_REQUIRE(same_file(got[0], pfd[0]) && same_file(got[1], pfd[1]));
	sr_cmsg_close_fds(m.ancdata, m.nanc);
	sr_msg_free(&m);
	ATF_REQUIRE_EQ(count_fds(), fds);
	close(pfd[0]);
	close(pfd[1]);
	release2(p);
}

ATF_TC_WITHOUT_HEAD(ancbufsize_default_zero);
ATF_TC_BODY(ancbufsize_default_zero, tc)
{
	/* cmsg.recvmsg-ancbufsize-default-zero (socket.rst:870): ancbufsize 0
	 * receives no ancillary data, MSG_CTRUNC says some was lost, and no
	 * descriptor is installed */
	sr_sock *p[2];
	int fd = 1, fds;
	sr_msg m = { 0 };
	pair(SOCK_STREAM, p);
	fds = count_fds();
	ATF_REQUIRE_EQ(send_fds(p[0], "m", &fd, 1), 1);
	SR_OK(sr_recvmsg(p[1], 1, 0, 0, &m, ERR));
	ATF_REQUIRE_EQ(m.nanc, 0);
	ATF_REQUIRE(m.ancdata == NULL);
	ATF_REQUIRE(m.msg_flags & MSG_CTRUNC);
	ATF_REQUIRE_EQ(count_fds(), fds);
	sr_msg_free(&m);
	release2(p);
}

ATF_TC_WITHOUT_HEAD(scm_rights_ctrunc);
ATF_TC_BODY(scm_rights_ctrunc, tc)
{
	/* cmsg.recvmsg-items-truncated (socket.rst:873),
	 * cmsg.recvmsg-truncated-warning (903, doc-notes): 2 fds into
	 * CMSG_LEN(4): Linux clips the item to one fd and sets MSG_CTRUNC;
	 * the other is never installed */
	sr_sock *p[2];
	int pfd[2], got[4], fds;
	sr_msg m = { 0 };
	pair(SOCK_STREAM, p);
	ATF_REQUIRE(pipe(pfd) == 0);
	fds = count_fds();
	ATF_REQUIRE_EQ(send_fds(p[0], "m", pfd, 2), 1);
	SR_OK(sr_recvmsg(p[1], 1, cmsg_len(sizeof(int)), 0, &m, ERR));
	ATF_REQUIRE(m.msg_flags & MSG_CTRUNC);
	ATF_REQUIRE_EQ(m.nanc, 1);
	ATF_REQUIRE_EQ(m.ancdata[0].len, sizeof(int));
	ATF_REQUIRE_EQ(fds_of(&m, got, 4), 1);
	ATF_REQUIRE(same_file(got[0], pfd[0]));
	ATF_REQUIRE_EQ(count_fds(), fds + 1);
	sr_cmsg_close_fds(m.ancdata, m.nanc);
	sr_msg_free(&m);
	/* CMSG_LEN(6): the same, the item never ends in part of an int */
	ATF_REQUIRE_EQ(send_fds(p[0], "m", pfd, 2), 1);
	SR_OK(sr_recvmsg(p[1], 1, cmsg_len(6), 0, &m, ERR));
	ATF_REQUIRE(m.msg_flags & MSG_CTRUNC);
	ATF_REQUIRE(m.nanc == 1 && m.ancdata[0].len == sizeof(int));
	sr_cmsg_close_fds(m.ancdata, m.nanc);
	sr_msg_free(&m);
	ATF_REQUIRE_EQ(count_fds(), fds);
	close(pfd[0]);
	close(pfd[1]);
	release2(p);
}

ATF_TC_WITHOUT_HEAD(cmsg_space_padding);
ATF_TC_BODY(cmsg_space_padding, tc)
{
	/* cmsg.space-not-exact-limit (socket.rst:615): on LP64 two fds fit in
	 * CMSG_SPACE(4)'s padding; three do not */
	sr_sock *p[2];
	int three[3] = { 0, 1, 2 }, got[4], fds;
	sr_msg m = { 0 };
	if (sizeof(size_t) != 8)
		atf_tc_skip("padding arithmetic is for LP64");
	pair(SOCK_STREAM, p);
	fds = count_fds();
	ATF_REQUIRE_EQ(send_fds(p[0], "m", three, 2), 1);
	SR_OK(sr_recvmsg(p[1], 1, cmsg_space(sizeof(int)), 0, &m, ERR));
	ATF_REQUIRE_EQ(m.msg_flags & MSG_CTRUNC, 0);
	ATF_REQUIRE_EQ(fds_of(&m, got, 4), 2);
	sr_cmsg_close_fds(m.ancdata, m.nanc);
	sr_msg_free(&m);
	ATF_REQUIRE_EQ(send_fds(p[0], "m", three, 3), 1);
	SR_OK(sr_recvmsg(p[1], 1, cmsg_space(sizeof(int)), 0, &m, ERR));
	ATF_REQUIRE(m.msg_flags & MSG_CTRUNC);
	ATF_REQUIRE_EQ(fds_of(&m, got, 4), 2);
	sr_cmsg_close_fds(m.ancdata, m.nanc);
	sr_msg_free(&m);
	ATF_REQUIRE_EQ(count_fds(), fds);
	release2(p);
}

/* ---- credentials ---------------------------------------------------- */

ATF_TC_WITHOUT_HEAD(scm_credentials);
ATF_TC_BODY(scm_credentials, tc)
{
	/* cmsg.space-sum-multiple-items (socket.rst:608),
	 * cmsg.sendmsg-single-cmsg-platforms (1030): with SO_PASSCRED the
	 * receiver gets SCM_CREDENTIALS; one sendmsg may carry SCM_RIGHTS and
	 * SCM_CREDENTIALS together, and the sum of their CMSG_SPACE holds
	 * both without MSG_CTRUNC */
	sr_sock *p[2];
	struct ucred me = { getpid(), getuid(), getgid() }, got;
	int fd = 0, fds;
	sr_cmsg c[2] = {
		{ SOL_SOCKET, SCM_RIGHTS, (unsigned char *)&fd, sizeof fd },
		{ SOL_SOCKET, SCM_CREDENTIALS, (unsigned char *)&me,
		  sizeof me },
	};
	sr_buf b = { "m", 1 };
	sr_msg m = { 0 };
	size_t i;
	bool rights = false, creds = false;
	pair(SOCK_STREAM, p);
	SR_OK(sr_setsockopt_int(p[1], SOL_SOCKET, SO_PASSCRED, 1, ERR));
	fds = count_fds();
	SR_OK(sr_sendmsg(p[0], &b, 1, c, 2, 0, NULL, ERR));
	SR_OK(sr_recvmsg(p[1], 1,
			 cmsg_space(sizeof(int)) + cmsg_space(sizeof me), 0,
			 &m, ERR));
	ATF_REQUIRE_EQ(m.msg_flags & MSG_CTRUNC, 0);
	ATF_REQUIRE_EQ(m.nanc, 2);
	for (i = 0; i < m.nanc; i++) {
		ATF_REQUIRE_EQ(m.ancdata[i].level, SOL_SOCKET);
		if (m.ancdata[i].type == SCM_CREDENTIALS) {
			ATF_REQUIRE_EQ(m.ancdata[i].len, sizeof got);
			memcpy(&got, m.ancdata[i].data, sizeof got);
			ATF_REQUIRE_EQ(got.pid, me.pid);
			ATF_REQUIRE_EQ(got.uid, me.uid);
			ATF_REQUIRE_EQ(got.gid, me.gid);
			creds = true;
		} else if (m.ancdata[i].type == SCM_RIGHTS) {
			rights = true;
		}
	}
	ATF_REQUIRE(rights && creds);
	sr_cmsg_close_fds(m.ancdata, m.nanc);
	sr_msg_free(&m);
	ATF_REQUIRE_EQ(count_fds(), fds);
	/* without anything sent, SO_PASSCRED still gives the sender's */
	SR_OK(sr_send(p[0], "n", 1, 0, ERR));
	SR_OK(sr_recvmsg(p[1], 1, cmsg_space(sizeof me), 0, &m, ERR));
	ATF_REQUIRE(m.nanc == 1 && m.ancdata[0].type == SCM_CREDENTIALS);
	memcpy(&got, m.ancdata[0].data, sizeof got);
	ATF_REQUIRE_EQ(got.pid, me.pid);
	sr_msg_free(&m);
	release2(p);
}

/* ---- recvmsg_into --------------------------------------------------- */

ATF_TC_WITHOUT_HEAD(recvmsg_into_example);
ATF_TC_BODY(recvmsg_into_example, tc)
{
	/* cmsg.recvmsg-into-example (socket.rst:950), cmsg.recvmsg-into-four-
	 * tuple (945): 'Mary had a little lamb' into b1, b2[2:9], b3 */
	sr_sock *p[2];
	char b1[] = "----", b2[] = "0123456789", b3[] = "--------------";
	sr_buf bufs[3] = { { b1, 4 }, { b2 + 2, 7 }, { b3, 14 } };
	sr_msg m = { 0 };
	pair(SOCK_STREAM, p);
	ATF_REQUIRE_EQ(sr_send(p[0], "Mary had a little lamb", 22, 0, NULL),
		       22);
	SR_OK(sr_recvmsg_into(p[1], bufs, 3, 0, 0, &m, ERR));
	ATF_REQUIRE_EQ(m.nbytes, 22);
	ATF_REQUIRE_EQ(m.nanc, 0);
	ATF_REQUIRE_EQ(m.msg_flags, 0);
	ATF_REQUIRE_EQ(m.address.family, AF_UNSPEC);
	ATF_REQUIRE(m.data.data == NULL && m.data.len == 0);
	ATF_REQUIRE_STREQ(b1, "Mary");
	ATF_REQUIRE_STREQ(b2, "01 had a 9");
	ATF_REQUIRE_STREQ(b3, "little lamb---");
	sr_msg_free(&m);
	release2(p);
}

ATF_TC_WITHOUT_HEAD(recvmsg_into_scatter);
ATF_TC_BODY(recvmsg_into_scatter, tc)
{
	/* cmsg.recvmsg-into-scatter (socket.rst:934): buffers fill in order
	 * until the data runs out; descriptors come with it */
	sr_sock *p[2];
	char a[3], b[3], c[10];
	sr_buf bufs[3] = { { a, 3 }, { b, 3 }, { c, 10 } };
	sr_msg m = { 0 };
	int got[2], fds;
	pair(SOCK_STREAM, p);
	fds = count_fds();
	ATF_REQUIRE_EQ(send_fds(p[0], "0123456789", (int[]){ 2 }, 1), 10);
	SR_OK(sr_recvmsg_into(p[1], bufs, 3, cmsg_space(sizeof(int)), 0, &m,
			      ERR));
	ATF_REQUIRE_EQ(m.nbytes, 10);
	ATF_REQUIRE(memcmp(a, "012", 3) == 0 && memcmp(b, "345", 3) == 0 &&
		    memcmp(c, "6789", 4) == 0);
	ATF_REQUIRE_EQ(fds_of(&m, got, 2), 1);
	ATF_REQUIRE(same_file(got[0], 2));
	sr_cmsg_close_fds(m.ancdata, m.nanc);
	sr_msg_free(&m);
	ATF_REQUIRE_EQ(count_fds(), fds);
	release2(p);
}

/* ---- closing descriptors on error ----------------------------------- */

ATF_TC_WITHOUT_HEAD(close_fds);
ATF_TC_BODY(close_fds, tc)
{
	/* cmsg.scm-rights-recvmsg-closes-on-error (socket.rst:899): what
	 * recvmsg does after a failure past the system call, closing every
	 * whole int of SCM_RIGHTS items and nothing else. (t_alloc makes
	 * recvmsg fail after the call, by failing the parse's allocation.) */
	int fds = count_fds(), a = dup(0), b = dup(0), keep = dup(0);
	unsigned char rights[2 * sizeof(int) + 2];
	sr_cmsg items[3] = {
		{ SOL_SOCKET, SCM_CREDENTIALS, (unsigned char *)&keep,
		  sizeof keep },
		{ SOL_SOCKET, SCM_RIGHTS, rights, sizeof rights },
		{ SOL_IP, SCM_RIGHTS, (unsigned char *)&keep, sizeof keep },
	};
	ATF_REQUIRE(a >= 0 && b >= 0 && keep >= 0);
	memcpy(rights, &a, sizeof a);
	memcpy(rights + sizeof a, &b, sizeof b);
	memcpy(rights + 2 * sizeof a, &keep, 2); /* a partial int */
	ATF_REQUIRE_EQ(count_fds(), fds + 3);
	sr_cmsg_close_fds(items, 3);
	ATF_REQUIRE_EQ(count_fds(), fds + 1);
	ATF_REQUIRE(fcntl(a, F_GETFD) == -1 && errno == EBADF);
	ATF_REQUIRE(fcntl(b, F_GETFD) == -1 && errno == EBADF);
	ATF_REQUIRE(fcntl(keep, F_GETFD) >= 0);
	close(keep);
	sr_cmsg_close_fds(NULL, 0);
}

ATF_TC_WITHOUT_HEAD(received_fds_owned_by_caller);
ATF_TC_BODY(received_fds_owned_by_caller, tc)
{
	/* cmsg.scm-rights-pass-fds (socket.rst:892): freeing the result does
	 * not close the descriptors, which are the caller's */
	sr_sock *p[2];
	int got[1], fds;
	sr_msg m = { 0 };
	pair(SOCK_STREAM, p);
	fds = count_fds();
	ATF_REQUIRE_EQ(send_fds(p[0], "m", (int[]){ 0 }, 1), 1);
	SR_OK(sr_recvmsg(p[1], 1, cmsg_space(sizeof(int)), 0, &m, ERR));
	ATF_REQUIRE_EQ(fds_of(&m, got, 1), 1);
	sr_msg_free(&m);
	ATF_REQUIRE_EQ(count_fds(), fds + 1);
	ATF_REQUIRE(fcntl(got[0], F_GETFD) >= 0);
	close(got[0]);
	release2(p);
}

/* ---- the parser ----------------------------------------------------- */

/* Append one item in the kernel's layout with cmsg_len `len` (which may
 * lie) and `n` data bytes; returns the new offset. */
static size_t put(unsigned char *buf, size_t off, size_t len, int level,
		  int type, const void *data, size_t n)
{
	struct cmsghdr h = { .cmsg_len = len, .cmsg_level = level,
			     .cmsg_type = type };
	memcpy(buf + off, &h, sizeof h);
	if (n)
		memcpy(buf + off + CMSG_LEN(0), data, n);
	return off + CMSG_SPACE(n);
}

ATF_TC_WITHOUT_HEAD(parse_wellformed);
ATF_TC_BODY(parse_wellformed, tc)
{
	/* cmsg.recvmsg-ancdata-items (socket.rst:880): items come back in
	 * order with their level, type and exact data */
	union { struct cmsghdr h; unsigned char b[256]; } u;
	sr_cmsg *it = NULL;
	size_t n = 99, end;
	int v = 42;
	memset(&u, 0, sizeof u);
	end = put(u.b, 0, CMSG_LEN(5), 1, 2, "hello", 5);
	end = put(u.b, end, CMSG_LEN(0), 3, 4, NULL, 0);
	end = put(u.b, end, CMSG_LEN(sizeof v), SOL_SOCKET, SCM_RIGHTS, &v,
		  sizeof v);
	SR_OK(sr_cmsg_parse(u.b, end, &it, &n, ERR));
	ATF_REQUIRE_EQ(n, 3);
	ATF_REQUIRE(it[0].level == 1 && it[0].type == 2 && it[0].len == 5 &&
		    memcmp(it[0].data, "hello", 5) == 0);
	ATF_REQUIRE(it[1].level == 3 && it[1].type == 4 && it[1].len == 0);
	ATF_REQUIRE(it[2].len == sizeof v && *(int *)it[2].data == 42);
	sr_cmsg_free(it, n);
	/* the last item may lack its trailing padding */
	SR_OK(sr_cmsg_parse(u.b, CMSG_SPACE(5) + CMSG_LEN(0), &it, &n, ERR));
	ATF_REQUIRE_EQ(n, 2);
	sr_cmsg_free(it, n);
	/* nothing at all */
	SR_OK(sr_cmsg_parse(u.b, 0, &it, &n, ERR));
	ATF_REQUIRE(n == 0 && it == NULL);
	SR_OK(sr_cmsg_parse(NULL, 100, &it, &n, ERR));
	ATF_REQUIRE(n == 0 && it == NULL);
	sr_cmsg_free(NULL, 0);
}

ATF_TC_WITHOUT_HEAD(parse_malformed);
ATF_TC_BODY(parse_malformed, tc)
{
	/* sockref.h's sr_cmsg_parse, socket.rst:903-908: a truncated header
	 * or a cmsg_len below the header ends the walk, data past the buffer
	 * is clipped, whatever the bytes say */
	union { struct cmsghdr h; unsigned char b[256]; } u;
	sr_cmsg *it = NULL;
	size_t n = 0, end;
	memset(&u, 0, sizeof u);

	/* a header cut short */
	SR_OK(sr_cmsg_parse(u.b, CMSG_LEN(0) - 1, &it, &n, ERR));
	ATF_REQUIRE_EQ(n, 0);
	/* cmsg_len 0 and cmsg_len just under a header */
	end = put(u.b, 0, 0, 1, 1, NULL, 0);
	put(u.b, end, CMSG_LEN(0), 2, 2, NULL, 0);
	SR_OK(sr_cmsg_parse(u.b, sizeof u.b, &it, &n, ERR));
	ATF_REQUIRE_EQ(n, 0);
	put(u.b, 0, CMSG_LEN(0) - 1, 1, 1, NULL, 0);
	SR_OK(sr_cmsg_parse(u.b, sizeof u.b, &it, &n, ERR));
	ATF_REQUIRE_EQ(n, 0);
	/* a good item then one that ends the walk */
	end = put(u.b, 0, CMSG_LEN(3), 1, 1, "abc", 3);
	put(u.b, end, 7, 2, 2, NULL, 0);
	SR_OK(sr_cmsg_parse(u.b, sizeof u.b, &it, &n, ERR));
	ATF_REQUIRE(n == 1 && it[0].len == 3);
	sr_cmsg_free(it, n);
	/* data running past the end is clipped and ends the walk */
	put(u.b, 0, CMSG_LEN(100), 5, 6, "0123456789", 10);
	SR_OK(sr_cmsg_parse(u.b, CMSG_LEN(10), &it, &n, ERR));
	ATF_REQUIRE(n == 1 && it[0].level == 5 && it[0].len == 10 &&
		    memcmp(it[0].data, "0123456789", 10) == 0);
	sr_cmsg_free(it, n);
	/* a cmsg_len that would wrap any pointer arithmetic */
	put(u.b, 0, (size_t)-1, 7, 7, "xy", 2);
	SR_OK(sr_cmsg_parse(u.b, CMSG_LEN(2), &it, &n, ERR));
	ATF_REQUIRE(n == 1 && it[0].len == 2);
	sr_cmsg_free(it, n);
	put(u.b, 0, (size_t)-1 - 3, 7, 7, "xy", 2);
	SR_OK(sr_cmsg_parse(u.b, sizeof u.b, &it, &n, ERR));
	ATF_REQUIRE(n == 1 && it[0].len == sizeof u.b - CMSG_LEN(0));
	sr_cmsg_free(it, n);
	/* an item whose padding would run past the end is the last */
	end = put(u.b, 0, CMSG_LEN(1), 1, 1, "z", 1);
	SR_OK(sr_cmsg_parse(u.b, CMSG_LEN(1) + 2, &it, &n, ERR));
	ATF_REQUIRE(n == 1 && it[0].len == 1);
	sr_cmsg_free(it, n);
}

ATF_TC_WITHOUT_HEAD(parse_unaligned);
ATF_TC_BODY(parse_unaligned, tc)
{
	/* sr_cmsg_parse takes any bytes at any address (it is fuzzed): an
	 * odd start must parse as the aligned copy does (UBSan checks the
	 * reads) */
	unsigned char raw[128 + 1];
	union { struct cmsghdr h; unsigned char b[128]; } u;
	sr_cmsg *it = NULL;
	size_t n = 0, end;
	memset(&u, 0, sizeof u);
	end = put(u.b, 0, CMSG_LEN(4), 9, 8, "data", 4);
	end = put(u.b, end, CMSG_LEN(2), 7, 6, "ok", 2);
	memcpy(raw + 1, u.b, end);
	SR_OK(sr_cmsg_parse(raw + 1, end, &it, &n, ERR));
	ATF_REQUIRE(n == 2 && it[1].level == 7 && it[1].len == 2 &&
		    memcmp(it[1].data, "ok", 2) == 0);
	sr_cmsg_free(it, n);
}

ATF_TC_WITHOUT_HEAD(parse_random);
ATF_TC_BODY(parse_random, tc)
{
	/* sr_cmsg_parse on arbitrary bytes: every item lies inside the buffer
	 * and the walk ends (run under ASan in asan/ for reads) */
	unsigned char buf[96];
	unsigned seed = 12345;
	int round;
	for (round = 0; round < 20000; round++) {
		sr_cmsg *it = NULL;
		size_t n = 0, len = (size_t)(rand_r(&seed) % (sizeof buf + 1));
		size_t i, total = 0;
		for (i = 0; i < sizeof buf; i++)
			buf[i] = (unsigned char)rand_r(&seed);
		/* often make the first length plausible */
		if (round % 2) {
			size_t l = (size_t)(rand_r(&seed) % 64);
			memcpy(buf, &l, sizeof l);
		}
		SR_OK(sr_cmsg_parse(buf, len, &it, &n, ERR));
		ATF_REQUIRE(n <= len / CMSG_LEN(0));
		for (i = 0; i < n; i++)
			total += CMSG_LEN(0) + it[i].len;
		ATF_REQUIRE(total <= len);
		sr_cmsg_free(it, n);
	}
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, cmsg_len_value);
	ATF_TP_ADD_TC(tp, cmsg_space_value);
	ATF_TP_ADD_TC(tp, cmsg_overflow);
	ATF_TP_ADD_TC(tp, sendmsg_gather);
	ATF_TP_ADD_TC(tp, sendmsg_returns_count_with_fds);
	ATF_TP_ADD_TC(tp, sendmsg_iov_max);
	ATF_TP_ADD_TC(tp, sendmsg_flags);
	ATF_TP_ADD_TC(tp, sendmsg_address);
	ATF_TP_ADD_TC(tp, sendmsg_ancdata_too_large);
	ATF_TP_ADD_TC(tp, recvmsg_four_tuple);
	ATF_TP_ADD_TC(tp, recvmsg_flags_peek);
	ATF_TP_ADD_TC(tp, recvmsg_trunc_dgram);
	ATF_TP_ADD_TC(tp, recvmsg_errors);
	ATF_TP_ADD_TC(tp, recvmsg_timeout);
	ATF_TP_ADD_TC(tp, scm_rights_stream);
	ATF_TP_ADD_TC(tp, scm_rights_dgram);
	ATF_TP_ADD_TC(tp, scm_rights_cmsg_len);
	ATF_TP_ADD_TC(tp, ancbufsize_default_zero);
	ATF_TP_ADD_TC(tp, scm_rights_ctrunc);
	ATF_TP_ADD_TC(tp, cmsg_space_padding);
	ATF_TP_ADD_TC(tp, scm_credentials);
	ATF_TP_ADD_TC(tp, recvmsg_into_example);
	ATF_TP_ADD_TC(tp, recvmsg_into_scatter);
	ATF_TP_ADD_TC(tp, close_fds);
	ATF_TP_ADD_TC(tp, received_fds_owned_by_caller);
	ATF_TP_ADD_TC(tp, parse_wellformed);
	ATF_TP_ADD_TC(tp, parse_malformed);
	ATF_TP_ADD_TC(tp, parse_unaligned);
	ATF_TP_ADD_TC(tp, parse_random);
	return atf_no_error();
}
