/*
 * t_alloc.c — running out of memory: every public function of libsockref
 * that allocates is called with its 1st, 2nd, ... allocation failing
 * (failalloc.h) until a call makes no more allocations than were failed.
 * Each failing call must report MemoryError with code ENOMEM (sr__nomem,
 * socket.rst's MemoryError for an allocation that fails) and give back
 * everything it took: its blocks, its descriptors, the socket object's
 * references, and descriptors received with SCM_RIGHTS before the failure
 * (socket.rst:899). The last, failure-free run must succeed with the right
 * result, so a failure the code ignores shows up as a wrong result.
 *
 * The only allocations a call may fail and still succeed are the final
 * shrink of a received buffer (recv, recvfrom, recvmsg), which keeps the
 * data in its larger block. Each walk also checks how many allocations
 * the call makes, which is what the walk covers.
 *
 * This program is linked with the wrappers of failalloc.c (the link line
 * below, which the Makefile and make mutate read); lookups that need names run in a child with a
 * files-only resolver (child.h), and report from there.
 */
/* link: failalloc.c -Wl,--wrap=malloc -Wl,--wrap=calloc -Wl,--wrap=realloc -Wl,--wrap=free -Wl,--wrap=strdup -Wl,--wrap=strndup -Wl,--wrap=fopencookie */
#include <arpa/inet.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>

#include "child.h"
#include "failalloc.h"
#include "helpers.h"

/* atf_tc_fail in the test's own process, the pipe to it in a child. */
#define WFAIL(...)                                                           \
	do {                                                                 \
		if (child_fd >= 0)                                           \
			CFAIL(__VA_ARGS__);                                  \
		atf_tc_fail(__VA_ARGS__);                                    \
	} while (0)
#define WCHECK(cond)                                                         \
	do {                                                                 \
		if (!(cond))                                                 \
			WFAIL("check failed: %s", #cond);                    \
	} while (0)

/* ---- the walk ---------------------------------------------------------- */

/* Everything one of the calls below uses or returns. */
struct fx {
	sr_sock *p[2];    /* a pair the call works on */
	sr_sock *l;       /* a listener (accept, create_connection) */
	sr_addr where;    /* its address */
	sr_sock *s, *q[2];
	int fd;           /* a descriptor the call gets (fromfd, accept) */
	int saved0;       /* fd 0 while the test has closed it */
	sr_bytes b;
	sr_addr from;
	sr_msg m;
	sr_addrinfo *ai;
	sr_ifname *ifs;
	sr_hostent h;
	sr_cmsg *items;
	size_t n;
	char *str, *str2;
	FILE *f;
	const char *name; /* a host, a name to look up */
	unsigned char ctl[256];
	size_t ctllen;
	size_t nbuf;      /* how many buffers sendmsg, recvmsg_into take */
	size_t nfds;      /* how many descriptors sendmsg sends */
	char bufs[9][4];  /* recvmsg_into's buffers */
};

struct op {
	const char *name;
	void (*setup)(struct fx *x);          /* the inputs of one call */
	int (*call)(struct fx *x, sr_err *err); /* 0 or -1 */
	void (*result)(struct fx *x);         /* check the result, free it */
	void (*teardown)(struct fx *x);       /* release the inputs */
	bool shrinks; /* its last allocation shrinks the result: may fail */
};

static void check_nomem(const struct op *op, unsigned long n, const sr_err *e)
{
	if (e->kind != SR_ERR_MEMORYERROR || e->code != ENOMEM)
		WFAIL("%s, allocation %lu failing: %s(%d) '%s', expected "
		      "MemoryError(ENOMEM)", op->name, n,
		      sr_errkind_name(e->kind), e->code, e->msg);
	if (e->msg[0] == '\0')
		WFAIL("%s, allocation %lu failing: MemoryError without a "
		      "message", op->name, n);
}

/* What must be as before: the blocks the wrappers handed out and the
 * process's open descriptors. */
static void check_same(const struct op *op, unsigned long n,
		       const char *when, size_t blocks, int fds)
{
	if (fa_live() != blocks)
		WFAIL("%s, allocation %lu failing, %s: %zu blocks live, %zu "
		      "before", op->name, n, when, fa_live(), blocks);
	if (count_fds() != fds)
		WFAIL("%s, allocation %lu failing, %s: %d descriptors open, "
		      "%d before", op->name, n, when, count_fds(), fds);
}

/*
 * Fail allocation n = 1, 2, ... of op until a call makes fewer than n;
 * returns how many that call made. Before each call the inputs are set up
 * afresh (a failed receive may or may not have consumed the data).
 */
static unsigned long walk(const struct op *op, struct fx *x)
{
	size_t blocks0 = fa_live();
	int fds0 = count_fds();
	unsigned long n, absorbed = 0, total;

	for (n = 1;; n++) {
		sr_err e = { .kind = SR_ERR_NONE };
		size_t blocks;
		bool fired;
		int fds, r;

		if (op->setup)
			op->setup(x);
		blocks = fa_live();
		fds = count_fds();
		fa_arm(n);
		r = op->call(x, &e);
		fired = fa_disarm();
		total = fa_calls();
		if (r == 0) {
			if (fired && !op->shrinks)
				WFAIL("%s: allocation %lu failed, yet the "
				      "call succeeded", op->name, n);
			if (fired)
				absorbed = n;
			op->result(x);
		} else if (!fired) {
			WFAIL("%s failed with no allocation failing: %s(%d) "
			      "'%s'", op->name, sr_errkind_name(e.kind),
			      e.code, e.msg);
		} else {
			check_nomem(op, n, &e);
		}
		check_same(op, n, r == 0 ? "result freed" : "after the call",
			   blocks, fds);
		if (op->teardown)
			op->teardown(x);
		check_same(op, n, "inputs released", blocks0, fds0);
		if (!fired)
			break;
	}
	/* the same inputs give the same allocations every time */
	if (total != n - 1)
		WFAIL("%s: %lu allocations in the last call, %lu failed before",
		      op->name, total, n - 1);
	if (op->shrinks && absorbed == 0)
		WFAIL("%s: the result is not moved to a smaller block (no "
		      "allocation could fail without failing the call)",
		      op->name);
	if (op->shrinks && absorbed != total)
		WFAIL("%s: allocation %lu of %lu failed without failing the "
		      "call; only the final shrink (%lu) may", op->name,
		      absorbed, total, total);
	return total;
}

/* ---- inputs ------------------------------------------------------------ */

static void pair_of(struct fx *x, int type)
{
	sr_err e;
	if (sr_socketpair(AF_UNIX, type, 0, x->p, &e) < 0)
		WFAIL("socketpair: %s", e.msg);
}

static void stream_pair(struct fx *x)
{
	pair_of(x, SOCK_STREAM);
}

static void dgram_pair(struct fx *x)
{
	pair_of(x, SOCK_DGRAM);
}

static void release_pair(struct fx *x)
{
	sr_release(x->p[0]);
	sr_release(x->p[1]);
	x->p[0] = x->p[1] = NULL;
}

static void send_text(sr_sock *s, const char *text)
{
	sr_err e;
	if (sr_sendall(s, text, strlen(text), 0, &e) < 0)
		WFAIL("sendall: %s", e.msg);
}

/* text and one SCM_RIGHTS item carrying `fd`, from p[0] to p[1] */
static void send_with_fd(struct fx *x, const char *text, int fd)
{
	sr_buf b = { (void *)text, strlen(text) };
	sr_cmsg c = { SOL_SOCKET, SCM_RIGHTS, (unsigned char *)&fd,
		      sizeof fd };
	sr_err e;
	if (sr_sendmsg(x->p[0], &b, 1, &c, 1, 0, NULL, &e) < 0)
		WFAIL("sendmsg: %s", e.msg);
}

static size_t space_for(size_t len)
{
	size_t v = 0;
	sr_err e;
	if (sr_CMSG_SPACE((long long)len, &v, &e) < 0)
		WFAIL("CMSG_SPACE: %s", e.msg);
	return v;
}

/* The descriptor the single SCM_RIGHTS item of m carries; -1 if none. */
static int received_fd(const sr_msg *m)
{
	int fd;
	if (m->nanc != 1 || m->ancdata[0].level != SOL_SOCKET ||
	    m->ancdata[0].type != SCM_RIGHTS ||
	    m->ancdata[0].len != sizeof fd)
		return -1;
	memcpy(&fd, m->ancdata[0].data, sizeof fd);
	return fd;
}

/* ---- socket objects ---------------------------------------------------- */

static int call_socket(struct fx *x, sr_err *err)
{
	x->s = sr_socket(AF_UNIX, SOCK_STREAM, 0, err);
	return x->s ? 0 : -1;
}

static void release_s(struct fx *x)
{
	WCHECK(sr_fileno(x->s) >= 0);
	sr_release(x->s);
	x->s = NULL;
}

static void result_socket(struct fx *x)
{
	WCHECK(sr_family(x->s) == AF_UNIX && sr_type(x->s) == SOCK_STREAM);
	release_s(x);
}

static int call_socketpair(struct fx *x, sr_err *err)
{
	return sr_socketpair(AF_UNIX, SOCK_DGRAM, 0, x->q, err);
}

static void result_socketpair(struct fx *x)
{
	sr_err e;
	char c = 0;
	/* the two ends are connected to each other */
	WCHECK(sr_send(x->q[0], "z", 1, 0, &e) == 1);
	WCHECK(sr_recv_into(x->q[1], &c, 1, 0, 0, &e) == 1 && c == 'z');
	sr_release(x->q[0]);
	sr_release(x->q[1]);
}

static void open_fd(struct fx *x)
{
	x->fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	WCHECK(x->fd >= 0);
}

static void close_fd(struct fx *x)
{
	close(x->fd);
	x->fd = -1;
}

static int call_fromfd(struct fx *x, sr_err *err)
{
	x->s = sr_fromfd(x->fd, AF_UNIX, SOCK_DGRAM, 0, err);
	return x->s ? 0 : -1;
}

static void result_fromfd(struct fx *x)
{
	/* a duplicate, not the descriptor given */
	WCHECK(sr_fileno(x->s) != x->fd);
	release_s(x);
}

ATF_TC_WITHOUT_HEAD(socket_objects);
ATF_TC_BODY(socket_objects, tc)
{
	/* The object is one block; when it cannot be had, the descriptor
	 * just made for it is closed (fromfd: its duplicate). */
	static const struct op sock = { "socket", NULL, call_socket,
					result_socket, NULL, false };
	static const struct op pair = { "socketpair", NULL, call_socketpair,
					result_socketpair, NULL, false };
	static const struct op from = { "fromfd", open_fd, call_fromfd,
					result_fromfd, close_fd, false };
	struct fx x = { .fd = -1 };
	double t = 5.0;

	ATF_CHECK_EQ(walk(&sock, &x), 1);
	ATF_CHECK_EQ(walk(&pair, &x), 2);
	ATF_CHECK_EQ(walk(&from, &x), 1);
	/* with a default timeout the new object's mode is set after the
	 * allocation: the same single failure point */
	SR_OK(sr_setdefaulttimeout(&t, ERR));
	ATF_CHECK_EQ(walk(&sock, &x), 1);
	ATF_CHECK_EQ(walk(&pair, &x), 2);
	SR_OK(sr_setdefaulttimeout(NULL, ERR));
}

/* A TCP listener on 127.0.0.1, port of the kernel's choosing. */
static void listen_loopback(struct fx *x)
{
	sr_addr a;
	SR_OK(P(x->l = sr_socket(AF_INET, SOCK_STREAM, 0, ERR)));
	SR_OK(sr_addr_inet(&a, "127.0.0.1", 0, ERR));
	SR_OK(sr_bind(x->l, &a, ERR));
	SR_OK(sr_listen(x->l, 8, ERR));
	SR_OK(sr_getsockname(x->l, &x->where, ERR));
}

/* A connection waiting in the listener's queue, from a plain socket. */
static void connect_client(struct fx *x)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons(x->where.u.in.port) };
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	x->fd = socket(AF_INET, SOCK_STREAM, 0);
	WCHECK(x->fd >= 0);
	WCHECK(connect(x->fd, (struct sockaddr *)&sin, sizeof sin) == 0);
}

static int call_accept(struct fx *x, sr_err *err)
{
	x->s = sr_accept(x->l, &x->from, err);
	return x->s ? 0 : -1;
}

static void result_accept(struct fx *x)
{
	WCHECK(x->from.family == AF_INET);
	WCHECK(strcmp(x->from.u.in.host, "127.0.0.1") == 0);
	release_s(x);
}

static int call_create_connection(struct fx *x, sr_err *err)
{
	sr_hostport hp = { "127.0.0.1", x->where.u.in.port };
	x->s = sr_create_connection(hp, NULL, NULL, err);
	return x->s ? 0 : -1;
}

static void result_create_connection(struct fx *x)
{
	sr_addr peer;
	SR_OK(sr_getpeername(x->s, &peer, ERR));
	WCHECK(peer.u.in.port == x->where.u.in.port);
	release_s(x);
}

ATF_TC_WITHOUT_HEAD(connections);
ATF_TC_BODY(connections, tc)
{
	/* accept: a connection whose object cannot be made is closed, not
	 * left half-open; create_connection: MemoryError is not a reason to
	 * try the next address, it ends the call */
	static const struct op acc = { "accept", connect_client, call_accept,
				       result_accept, close_fd, false };
	static const struct op cc = { "create_connection", NULL,
				      call_create_connection,
				      result_create_connection, NULL, false };
	struct fx x = { .fd = -1 };

	listen_loopback(&x);
	ATF_CHECK_EQ(walk(&acc, &x), 1);
	ATF_CHECK_EQ(walk(&cc, &x), 1);
	sr_release(x.l);
}

/* ---- receiving --------------------------------------------------------- */

static void pair_with_text(struct fx *x)
{
	stream_pair(x);
	send_text(x->p[0], "hello");
}

static int call_recv(struct fx *x, sr_err *err)
{
	return sr_recv(x->p[1], 64, 0, &x->b, err);
}

static void result_bytes(struct fx *x)
{
	WCHECK(x->b.len == 5 && memcmp(x->b.data, "hello", 5) == 0);
	sr_bytes_free(&x->b);
}

static void dgram_with_text(struct fx *x)
{
	dgram_pair(x);
	send_text(x->p[0], "hello");
}

static int call_recvfrom(struct fx *x, sr_err *err)
{
	return sr_recvfrom(x->p[1], 64, 0, &x->b, &x->from, err);
}

static void result_recvfrom(struct fx *x)
{
	/* an unbound AF_UNIX sender */
	WCHECK(x->from.family == AF_UNIX || x->from.family == AF_UNSPEC);
	result_bytes(x);
}

static int call_getsockopt(struct fx *x, sr_err *err)
{
	return sr_getsockopt_bytes(x->p[0], SOL_SOCKET, SO_TYPE, 16, &x->b,
				   err);
}

static void result_getsockopt(struct fx *x)
{
	int v;
	WCHECK(x->b.len == sizeof v);
	memcpy(&v, x->b.data, sizeof v);
	WCHECK(v == SOCK_STREAM);
	sr_bytes_free(&x->b);
}

ATF_TC_WITHOUT_HEAD(recv_and_getsockopt);
ATF_TC_BODY(recv_and_getsockopt, tc)
{
	/* recv/recvfrom: the result's block, then a smaller one for a short
	 * result, whose failure keeps the data where it is */
	static const struct op rv = { "recv", pair_with_text, call_recv,
				      result_bytes, release_pair, true };
	static const struct op rf = { "recvfrom", dgram_with_text,
				      call_recvfrom, result_recvfrom,
				      release_pair, true };
	static const struct op go = { "getsockopt(buflen)", stream_pair,
				      call_getsockopt, result_getsockopt,
				      release_pair, false };
	struct fx x = { .fd = -1 };

	ATF_CHECK_EQ(walk(&rv, &x), 2);
	ATF_CHECK_EQ(walk(&rf, &x), 2);
	ATF_CHECK_EQ(walk(&go, &x), 1);
}

/* "data" and a descriptor of /dev/null, from p[0] to p[1] */
static void pair_with_fd(struct fx *x)
{
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	WCHECK(fd >= 0);
	stream_pair(x);
	send_with_fd(x, "data", fd);
	close(fd);
}

static int call_recvmsg(struct fx *x, sr_err *err)
{
	return sr_recvmsg(x->p[1], 64, (long long)space_for(sizeof(int)), 0,
			  &x->m, err);
}

/* The message carried the descriptor; it is the caller's to close. */
static void close_received(struct fx *x)
{
	int fd = received_fd(&x->m);
	struct stat st;
	WCHECK(fd >= 0);
	WCHECK(fstat(fd, &st) == 0 && S_ISCHR(st.st_mode));
	sr_cmsg_close_fds(x->m.ancdata, x->m.nanc);
	sr_msg_free(&x->m);
}

static void result_recvmsg(struct fx *x)
{
	WCHECK(x->m.nbytes == 4 && x->m.data.len == 4 &&
	       memcmp(x->m.data.data, "data", 4) == 0);
	close_received(x);
}

static int call_recvmsg_into(struct fx *x, sr_err *err)
{
	sr_buf b[9];
	size_t i;
	for (i = 0; i < x->nbuf; i++)
		b[i] = (sr_buf){ x->bufs[i], 1 };
	return sr_recvmsg_into(x->p[1], b, x->nbuf,
			       (long long)space_for(sizeof(int)), 0, &x->m,
			       err);
}

static void result_recvmsg_into(struct fx *x)
{
	WCHECK(x->m.nbytes == 4 && x->bufs[0][0] == 'd' &&
	       x->bufs[3][0] == 'a');
	close_received(x);
}

/* With descriptor 0 closed, the kernel installs the received descriptor
 * as 0: it must be closed like any other. */
static void pair_with_fd_at_0(struct fx *x)
{
	pair_with_fd(x);
	x->saved0 = fcntl(0, F_DUPFD_CLOEXEC, 3);
	WCHECK(x->saved0 >= 0);
	close(0);
}

static void restore_0(struct fx *x)
{
	WCHECK(dup2(x->saved0, 0) == 0);
	close(x->saved0);
	release_pair(x);
}

static int call_recvmsg_noanc(struct fx *x, sr_err *err)
{
	return sr_recvmsg(x->p[1], 64, 0, 0, &x->m, err);
}

static int call_recvmsg_anc1(struct fx *x, sr_err *err)
{
	return sr_recvmsg(x->p[1], 64, 1, 0, &x->m, err);
}

static void result_recvmsg_noanc(struct fx *x)
{
	WCHECK(x->m.nbytes == 5 && memcmp(x->m.data.data, "hello", 5) == 0);
	WCHECK(x->m.nanc == 0);
	sr_msg_free(&x->m);
}

static void result_recvmsg_at_0(struct fx *x)
{
	WCHECK(received_fd(&x->m) == 0);
	result_recvmsg(x);
}

static int call_cmsg_parse(struct fx *x, sr_err *err)
{
	return sr_cmsg_parse(x->ctl, x->ctllen, &x->items, &x->n, err);
}

static void result_cmsg_parse(struct fx *x)
{
	WCHECK(x->n == 1 && x->items[0].level == SOL_SOCKET &&
	       x->items[0].type == SCM_RIGHTS &&
	       x->items[0].len == sizeof(int));
	sr_cmsg_free(x->items, x->n);
}

ATF_TC_WITHOUT_HEAD(recvmsg_closes_received_fds);
ATF_TC_BODY(recvmsg_closes_received_fds, tc)
{
	/* recvmsg: data buffer, control buffer, the parsed items (after the
	 * system call: the received descriptor must be closed when they
	 * cannot be had, socket.rst:899), the shrink of the data;
	 * recvmsg_into: the iovec array instead of the data */
	static const struct op rm = { "recvmsg", pair_with_fd, call_recvmsg,
				      result_recvmsg, release_pair, true };
	static const struct op ri = { "recvmsg_into", pair_with_fd,
				      call_recvmsg_into, result_recvmsg_into,
				      release_pair, false };
	static const struct op r0 = { "recvmsg (descriptor 0)",
				      pair_with_fd_at_0, call_recvmsg,
				      result_recvmsg_at_0, restore_0, true };
	static const struct op cp = { "cmsg_parse", NULL, call_cmsg_parse,
				      result_cmsg_parse, NULL, false };
	static const struct op rn = { "recvmsg (ancbufsize 0)",
				      pair_with_text, call_recvmsg_noanc,
				      result_recvmsg_noanc, release_pair,
				      true };
	static const struct op r1 = { "recvmsg (ancbufsize 1)",
				      pair_with_text, call_recvmsg_anc1,
				      result_recvmsg_noanc, release_pair,
				      true };
	struct fx x = { .fd = -1 };
	struct cmsghdr h = { .cmsg_len = CMSG_LEN(sizeof(int)),
			     .cmsg_level = SOL_SOCKET,
			     .cmsg_type = SCM_RIGHTS };
	int fd = 1000;

	ATF_CHECK_EQ(walk(&rm, &x), 4);
	/* no ancillary buffer asked for, none allocated */
	ATF_CHECK_EQ(walk(&rn, &x), 2);
	/* any ancillary buffer asked for is allocated, one byte too: its
	 * failure is MemoryError like any other (too small for a header,
	 * the kernel then truncates, MSG_CTRUNC) */
	ATF_CHECK_EQ(walk(&r1, &x), 3);
	/* nine buffers are more than recvmsg_into keeps on its stack,
	 * eight are not */
	x.nbuf = 9;
	ATF_CHECK_EQ(walk(&ri, &x), 3);
	x.nbuf = 8;
	ATF_CHECK_EQ(walk(&ri, &x), 2);
	ATF_CHECK_EQ(walk(&r0, &x), 4);
	/* the parser alone, on a buffer made here */
	memcpy(x.ctl, &h, sizeof h);
	memcpy(x.ctl + CMSG_LEN(0), &fd, sizeof fd);
	x.ctllen = CMSG_SPACE(sizeof fd);
	ATF_CHECK_EQ(walk(&cp, &x), 1);
}

/* ---- sending, makefile ------------------------------------------------- */

/* x->nbuf one-byte buffers and one SCM_RIGHTS item of x->nfds copies of
 * a descriptor of /dev/null */
#define MAXFDS 70
static int call_sendmsg(struct fx *x, sr_err *err)
{
	static const char *parts[9] = { "a", "b", "c", "d", "e", "f", "g",
					"h", "i" };
	int fds[MAXFDS];
	sr_buf b[9];
	sr_cmsg c = { SOL_SOCKET, SCM_RIGHTS, (unsigned char *)fds,
		      x->nfds * sizeof(int) };
	size_t i;
	ssize_t n;
	for (i = 0; i < x->nfds; i++)
		fds[i] = x->fd;
	for (i = 0; i < x->nbuf; i++)
		b[i] = (sr_buf){ (void *)parts[i], 1 };
	n = sr_sendmsg(x->p[0], b, x->nbuf, &c, 1, 0, NULL, err);
	return n < 0 ? -1 : (x->n = (size_t)n, 0);
}

static void result_sendmsg(struct fx *x)
{
	char got[16] = "";
	sr_err e;
	WCHECK(x->n == x->nbuf);
	/* ancbufsize 0: the descriptors are discarded by the kernel */
	WCHECK(sr_recv_into(x->p[1], got, sizeof got, 0, 0, &e) ==
	       (ssize_t)x->nbuf);
	WCHECK(memcmp(got, "abcdefghi", x->nbuf) == 0);
}

static void pair_and_null(struct fx *x)
{
	dgram_pair(x);
	x->fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	WCHECK(x->fd >= 0);
}

static void release_pair_and_null(struct fx *x)
{
	close_fd(x);
	release_pair(x);
}

static int call_makefile(struct fx *x, sr_err *err)
{
	x->f = sr_makefile(x->p[0], "rwb", err);
	return x->f ? 0 : -1;
}

static void result_makefile(struct fx *x)
{
	char got[8] = "";
	sr_err e;
	WCHECK(fputs("hi", x->f) >= 0 && fflush(x->f) == 0);
	WCHECK(sr_recv_into(x->p[1], got, sizeof got, 0, 0, &e) == 2);
	WCHECK(fclose(x->f) == 0);
}

/* After a failed makefile the socket is as before: close() closes its
 * descriptor at once, as no stream holds it. */
static void close_after_makefile(struct fx *x)
{
	int fds = count_fds();
	sr_err e;
	WCHECK(sr_close(x->p[0], &e) == 0);
	WCHECK(count_fds() == fds - 1);
	release_pair(x);
}

ATF_TC_WITHOUT_HEAD(sendmsg_and_makefile);
ATF_TC_BODY(sendmsg_and_makefile, tc)
{
	static const struct op sm = { "sendmsg", pair_and_null, call_sendmsg,
				      result_sendmsg, release_pair_and_null,
				      false };
	static const struct op mf = { "makefile", stream_pair, call_makefile,
				      result_makefile, close_after_makefile,
				      false };
	struct fx x = { .fd = -1 };

	/* sendmsg keeps eight buffers and 256 bytes of control data on its
	 * stack (CMSG_SPACE of 60 ints is 256); one more of each is
	 * allocated (70 ints: 296 bytes) */
	x.nbuf = 8;
	x.nfds = 60;
	ATF_REQUIRE_EQ(space_for(x.nfds * sizeof(int)), 256);
	ATF_CHECK_EQ(walk(&sm, &x), 0);
	x.nbuf = 9;
	ATF_CHECK_EQ(walk(&sm, &x), 1);
	x.nbuf = 8;
	x.nfds = MAXFDS;
	ATF_CHECK_EQ(walk(&sm, &x), 1);
	x.nbuf = 9;
	ATF_CHECK_EQ(walk(&sm, &x), 2);
	/* the stream's state, then the stdio stream */
	ATF_CHECK_EQ(walk(&mf, &x), 2);
}

/* ---- names ------------------------------------------------------------- */

static int call_getaddrinfo(struct fx *x, sr_err *err)
{
	return sr_getaddrinfo("127.0.0.1", "7", AF_INET, 0, 0,
			      AI_NUMERICHOST | AI_NUMERICSERV | AI_CANONNAME,
			      &x->ai, &x->n, err);
}

static size_t last_count;

static void result_getaddrinfo(struct fx *x)
{
	size_t i;
	WCHECK(x->n >= 1);
	for (i = 0; i < x->n; i++) {
		WCHECK(x->ai[i].canonname != NULL);
		WCHECK(strcmp(x->ai[i].sockaddr.u.in.host, "127.0.0.1") == 0);
	}
	last_count = x->n;
	sr_addrinfo_free(x->ai, x->n);
}

static int call_if_nameindex(struct fx *x, sr_err *err)
{
	return sr_if_nameindex(&x->ifs, &x->n, err);
}

static void result_if_nameindex(struct fx *x)
{
	size_t i;
	WCHECK(x->n >= 1);
	for (i = 0; i < x->n; i++)
		WCHECK(x->ifs[i].name != NULL &&
		       if_nametoindex(x->ifs[i].name) == x->ifs[i].index);
	last_count = x->n;
	sr_if_nameindex_free(x->ifs, x->n);
}

static int call_gethostname(struct fx *x, sr_err *err)
{
	return sr_gethostname(&x->str, err);
}

static void result_gethostname(struct fx *x)
{
	char want[HOST_NAME_MAX + 1] = "";
	WCHECK(gethostname(want, sizeof want) == 0);
	WCHECK(x->str != NULL && strcmp(x->str, want) == 0);
	sr_free(x->str);
}

static int call_getnameinfo(struct fx *x, sr_err *err)
{
	sr_addr a;
	if (sr_addr_inet(&a, "127.0.0.1", 7, err) < 0)
		return -1;
	return sr_getnameinfo(&a, NI_NUMERICHOST | NI_NUMERICSERV, &x->str,
			      &x->str2, err);
}

static void result_getnameinfo(struct fx *x)
{
	WCHECK(x->str && strcmp(x->str, "127.0.0.1") == 0);
	WCHECK(x->str2 && strcmp(x->str2, "7") == 0);
	sr_free(x->str);
	sr_free(x->str2);
}

ATF_TC_WITHOUT_HEAD(local_names);
ATF_TC_BODY(local_names, tc)
{
	/* getaddrinfo: the list, then each entry's canonical name;
	 * if_nameindex: the list, then each name */
	static const struct op gai = { "getaddrinfo", NULL, call_getaddrinfo,
				       result_getaddrinfo, NULL, false };
	static const struct op ifn = { "if_nameindex", NULL,
				       call_if_nameindex, result_if_nameindex,
				       NULL, false };
	static const struct op ghn = { "gethostname", NULL, call_gethostname,
				       result_gethostname, NULL, false };
	static const struct op gni = { "getnameinfo", NULL, call_getnameinfo,
				       result_getnameinfo, NULL, false };
	struct fx x = { .fd = -1 };
	unsigned long n;

	n = walk(&gai, &x);
	ATF_CHECK_EQ(n, 1 + last_count);
	n = walk(&ifn, &x);
	ATF_CHECK_EQ(n, 1 + last_count);
	ATF_CHECK_EQ(walk(&ghn, &x), 1);
	ATF_CHECK_EQ(walk(&gni, &x), 2);
}

/* The lookups below read only this /etc/hosts (child_resolver). */
#define HOSTS "127.0.0.1 localhost\n"                                        \
	      "127.0.0.6 prim.test al1.test al2.test\n"                        \
	      "10.9.9.9 short alias.example.org\n"                             \
	      "127.0.1.1 box.example.org box\n"

static int call_byname_ex(struct fx *x, sr_err *err)
{
	return sr_gethostbyname_ex(x->name, &x->h, err);
}

static int call_byaddr(struct fx *x, sr_err *err)
{
	return sr_gethostbyaddr(x->name, &x->h, err);
}

static void result_hostent(struct fx *x)
{
	CSTREQ(x->h.name, "prim.test");
	CCHECK(x->h.naliases == 2);
	CSTREQ(x->h.aliases[0], "al1.test");
	CSTREQ(x->h.aliases[1], "al2.test");
	CCHECK(x->h.naddrs == 1);
	CSTREQ(x->h.addrs[0], "127.0.0.6");
	sr_hostent_free(&x->h);
}

static int call_getfqdn(struct fx *x, sr_err *err)
{
	return sr_getfqdn(x->name, &x->str, err);
}

static void result_getfqdn(struct fx *x)
{
	CCHECK(x->str != NULL);
	CSTREQ(x->str, strcmp(x->name, "") == 0 ? "box.example.org"
						: "alias.example.org");
	sr_free(x->str);
}

static int call_getservbyport(struct fx *x, sr_err *err)
{
	return sr_getservbyport(7777, "tcp", &x->str, err);
}

static void result_getservbyport(struct fx *x)
{
	CCHECK(x->str != NULL);
	CSTREQ(x->str, "tcponly");
	sr_free(x->str);
}

static void lookups_child(void *ctx)
{
	static const struct op bn = { "gethostbyname_ex", NULL,
				      call_byname_ex, result_hostent, NULL,
				      false };
	static const struct op ba = { "gethostbyaddr", NULL, call_byaddr,
				      result_hostent, NULL, false };
	static const struct op fq = { "getfqdn", NULL, call_getfqdn,
				      result_getfqdn, NULL, false };
	static const struct op sp = { "getservbyport", NULL,
				      call_getservbyport,
				      result_getservbyport, NULL, false };
	struct fx x = { .fd = -1 };
	unsigned long n;

	(void)ctx;
	child_resolver(HOSTS);
	child_bind_file("/etc/services", "tcponly\t7777/tcp\n");
	C_OK(sr_sethostname("box", 3, ERR));

	/* the lookup's buffer, the name, the two lists, each alias, each
	 * address: 1 + 3 + 2 + 1 */
	x.name = "al1.test";
	n = walk(&bn, &x);
	if (n != 7)
		CFAIL("gethostbyname_ex: %lu allocations, expected 7", n);
	x.name = "127.0.0.6";
	n = walk(&ba, &x);
	if (n != 7)
		CFAIL("gethostbyaddr: %lu allocations, expected 7", n);
	/* the stripped name, gethostbyaddr's 1 + 3 + 1 + 1 (a MemoryError
	 * there is raised, not taken for a failed lookup), the answer */
	x.name = "10.9.9.9";
	n = walk(&fq, &x);
	if (n != 8)
		CFAIL("getfqdn: %lu allocations, expected 8", n);
	/* and gethostname's copy first */
	x.name = "";
	n = walk(&fq, &x);
	if (n != 9)
		CFAIL("getfqdn(''): %lu allocations, expected 9", n);
	n = walk(&sp, &x);
	if (n != 1)
		CFAIL("getservbyport: %lu allocations, expected 1", n);
}

ATF_TC_WITHOUT_HEAD(lookups);
ATF_TC_BODY(lookups, tc)
{
	run_in_child(CLONE_NEWNS | CLONE_NEWUTS, lookups_child, NULL);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, socket_objects);
	ATF_TP_ADD_TC(tp, connections);
	ATF_TP_ADD_TC(tp, recv_and_getsockopt);
	ATF_TP_ADD_TC(tp, recvmsg_closes_received_fds);
	ATF_TP_ADD_TC(tp, sendmsg_and_makefile);
	ATF_TP_ADD_TC(tp, local_names);
	ATF_TP_ADD_TC(tp, lookups);
	return atf_no_error();
}
