/*
 * t_capi_limits.c — size limits the library checks before any data moves,
 * reached with lengths a C caller can pass without owning that much memory
 * (the check must come first, so nothing is read or allocated), and what a
 * received result keeps of its buffer. Limits are CPython's (int-sized
 * counts and lengths, socklen_t's INT_MAX); the error kinds are the ones
 * CPython raises for them.
 */
#include "helpers.h"
#include "child.h"

#include <limits.h>
#include <malloc.h>
#include <stdlib.h>
#include <sys/resource.h>

#define OVER_INT ((size_t)INT_MAX + 1)

static void dgram_pair(sr_sock *p[2])
{
	SR_OK(sr_socketpair(AF_UNIX, SOCK_DGRAM, 0, p, ERR));
}

static void release_pair(sr_sock *p[2])
{
	sr_release(p[0]);
	sr_release(p[1]);
}

/* The message of the failure the call must report, OSError without
 * errno, and nothing sent. */
static void check_refused(sr_sock *p[2], sr_err *e, const char *want)
{
	sr_bytes b = {0};
	ATF_CHECK_EQ(e->kind, SR_ERR_OSERROR);
	ATF_CHECK_EQ(e->code, 0);
	ATF_CHECK_MSG(strstr(e->msg, want) != NULL, "message '%s', want '%s'",
		      e->msg, want);
	SR_OK(sr_setblocking(p[1], false, ERR));
	SR_FAILS(SR_ERR_OSERROR, EAGAIN, sr_recv(p[1], 16, 0, &b, ERR));
}

ATF_TC_WITHOUT_HEAD(sendmsg_item_over_int);
ATF_TC_BODY(sendmsg_item_over_int, tc)
{
	/* socket.rst:1017-1049 with CPython's limit: an ancillary item
	 * longer than INT_MAX bytes is OSError ("ancillary data item too
	 * large"), refused before its data is read */
	sr_sock *p[2];
	unsigned char small[8] = {0};
	sr_buf buf = { "x", 1 };
	sr_cmsg item = { SOL_SOCKET, SCM_RIGHTS, small, OVER_INT };
	sr_err e = {0};

	dgram_pair(p);
	ATF_CHECK_EQ(sr_sendmsg(p[0], &buf, 1, &item, 1, 0, NULL, &e), -1);
	check_refused(p, &e, "ancillary data item too large");
	release_pair(p);
}

/* A child whose address space cannot grow by the 2 GiB the control
 * block would take: a library that went on past the total's check would
 * fail to allocate (MemoryError) instead of touching that memory. */
static void total_over_int_child(void *ctx)
{
	sr_sock **p = ctx;
	unsigned char small[8] = {0};
	sr_buf buf = { "x", 1 };
	/* each item fits, CMSG_SPACE of the two together does not */
	sr_cmsg items[2] = {
		{ SOL_SOCKET, SCM_RIGHTS, small, (size_t)1 << 30 },
		{ SOL_SOCKET, SCM_RIGHTS, small, (size_t)1 << 30 },
	};
	sr_err e = {0};
	struct rlimit rl;
	FILE *f = fopen("/proc/self/statm", "r");
	unsigned long pages = 0;

	CCHECK(f != NULL && fscanf(f, "%lu", &pages) == 1);
	fclose(f);
	rl.rlim_cur = rl.rlim_max =
		pages * (rlim_t)sysconf(_SC_PAGESIZE) + ((rlim_t)256 << 20);
	CCHECK(setrlimit(RLIMIT_AS, &rl) == 0);
	CCHECK(sr_sendmsg(p[0], &buf, 1, items, 2, 0, NULL, &e) == -1);
	if (e.kind != SR_ERR_OSERROR || e.code != 0 ||
	    strstr(e.msg, "too much ancillary data") == NULL)
		CFAIL("got %s(%d) '%s', expected OSError 'too much "
		      "ancillary data'", sr_errkind_name(e.kind), e.code, e.msg);
}

ATF_TC_WITHOUT_HEAD(sendmsg_total_over_int);
ATF_TC_BODY(sendmsg_total_over_int, tc)
{
	/* socket.rst:1017-1049 with CPython's limit: ancillary data whose
	 * CMSG_SPACE total passes INT_MAX is OSError ("too much ancillary
	 * data"), refused before the control block is built */
	sr_sock *p[2];
	sr_bytes b = {0};

	dgram_pair(p);
	run_in_child(0, total_over_int_child, p);
	SR_OK(sr_setblocking(p[1], false, ERR));
	SR_FAILS(SR_ERR_OSERROR, EAGAIN, sr_recv(p[1], 16, 0, &b, ERR));
	release_pair(p);
}

ATF_TC_WITHOUT_HEAD(sendmsg_buffer_count);
ATF_TC_BODY(sendmsg_buffer_count, tc)
{
	/* socket.rst:1023 with CPython's limit: more than INT_MAX buffers is
	 * OSError ("argument 1 is too long"); INT_MAX itself is not refused
	 * for its count (the kernel's EMSGSIZE is left to the kernel), so
	 * with it the next check, an over-long ancillary item, reports */
	sr_sock *p[2];
	sr_buf bufs[1] = { { "x", 1 } };
	unsigned char small[8] = {0};
	sr_cmsg item = { SOL_SOCKET, SCM_RIGHTS, small, OVER_INT };
	sr_err e = {0};

	dgram_pair(p);
	ATF_CHECK_EQ(sr_sendmsg(p[0], bufs, OVER_INT, NULL, 0, 0, NULL, &e),
		     -1);
	check_refused(p, &e, "argument 1 is too long");
	memset(&e, 0, sizeof e);
	ATF_CHECK_EQ(sr_sendmsg(p[0], bufs, INT_MAX, &item, 1, 0, NULL, &e),
		     -1);
	check_refused(p, &e, "ancillary data item too large");
	release_pair(p);
}

ATF_TC_WITHOUT_HEAD(recvmsg_into_buffer_count);
ATF_TC_BODY(recvmsg_into_buffer_count, tc)
{
	/* socket.rst:940 with CPython's limit: more than INT_MAX buffers is
	 * OSError ("argument 1 is too long"), and nothing is received */
	sr_sock *p[2];
	unsigned char one[1];
	sr_buf bufs[1] = { { one, 1 } };
	sr_msg m;
	sr_bytes b = {0};

	dgram_pair(p);
	ATF_REQUIRE_EQ(sr_send(p[0], "q", 1, 0, NULL), 1);
	memset(&m, 0, sizeof m);
	SR_FAILS(SR_ERR_OSERROR, 0,
		 sr_recvmsg_into(p[1], bufs, OVER_INT, 0, 0, &m, ERR));
	SR_OK(sr_recv(p[1], 16, 0, &b, ERR));
	ATF_CHECK(b.len == 1 && b.data[0] == 'q');
	sr_bytes_free(&b);
	release_pair(p);
}

ATF_TC_WITHOUT_HEAD(setsockopt_bytes_over_int);
ATF_TC_BODY(setsockopt_bytes_over_int, tc)
{
	/* socket.rst:1076-1085: the buffer form passes its length as a
	 * socklen_t; more than INT_MAX bytes is OverflowError, refused
	 * before the value is read */
	sr_sock *p[2];
	int v = 1;

	dgram_pair(p);
	SR_FAILS(SR_ERR_OVERFLOWERROR, 0,
		 sr_setsockopt_bytes(p[0], SOL_SOCKET, SO_RCVBUF, &v, OVER_INT,
				     ERR));
	release_pair(p);
}

/* The failure must be ValueError naming the negative size (CPython's
 * "negative buffersize in recv_into"), not the buffer-length check. */
static void negative_nbytes(sr_err *e, ssize_t r)
{
	ATF_CHECK_EQ(r, -1);
	ATF_CHECK_EQ(e->kind, SR_ERR_VALUEERROR);
	ATF_CHECK_MSG(strstr(e->msg, "negative buffersize") != NULL,
		      "message '%s'", e->msg);
}

ATF_TC_WITHOUT_HEAD(into_negative_nbytes);
ATF_TC_BODY(into_negative_nbytes, tc)
{
	/* socket.rst:969-985: recv_into and recvfrom_into refuse a negative
	 * nbytes with ValueError("negative buffersize in ...") */
	sr_sock *p[2];
	unsigned char buf[8];
	sr_err e = {0};
	sr_addr from;

	dgram_pair(p);
	negative_nbytes(&e, sr_recv_into(p[1], buf, sizeof buf, -1, 0, &e));
	memset(&e, 0, sizeof e);
	negative_nbytes(&e, sr_recvfrom_into(p[1], buf, sizeof buf, -1, 0,
					     &from, &e));
	release_pair(p);
}

/* Bytes the allocator keeps for the result of a recv of cap bytes that
 * received n. */
static size_t kept_for(size_t cap, size_t n)
{
	sr_sock *p[2];
	sr_bytes b = {0};
	unsigned char *data = malloc(n);
	size_t kept;

	ATF_REQUIRE(data != NULL);
	memset(data, 'd', n);
	dgram_pair(p);
	ATF_REQUIRE_EQ(sr_send(p[0], data, n, 0, NULL), (ssize_t)n);
	SR_OK(sr_recv(p[1], (long long)cap, 0, &b, ERR));
	ATF_REQUIRE_EQ(b.len, n);
	ATF_CHECK(memcmp(b.data, data, n) == 0);
	kept = malloc_usable_size(b.data);
	sr_bytes_free(&b);
	release_pair(p);
	free(data);
	return kept;
}

ATF_TC_WITHOUT_HEAD(recv_result_gives_back_buffer);
ATF_TC_BODY(recv_result_gives_back_buffer, tc)
{
	/* socket.rst:844: recv(bufsize) returns the bytes received, and
	 * bufsize is only the most it may take: the returned object does
	 * not keep a block of bufsize bytes (as CPython shrinks its bytes
	 * object). Small results move to a block of their own; a large one
	 * is cut when a quarter or more of the block would be unused. */
	size_t kept;

	kept = kept_for((size_t)1 << 20, 3);
	ATF_CHECK_MSG(kept < 4096, "3 of 1 MiB: %zu bytes kept", kept);
	kept = kept_for(4096, 3072);
	ATF_CHECK_MSG(kept < 4096, "3072 of 4096: %zu bytes kept", kept);
	kept = kept_for(4096, 4096);
	ATF_CHECK(kept >= 4096);
	/* the edge of "small": 512 bytes move to their own block; 513 of
	 * 600 are a large result wasting less than a quarter, kept where
	 * they are (no copy on the hot path) */
	kept = kept_for(600, 512);
	ATF_CHECK_MSG(kept < 600, "512 of 600: %zu bytes kept", kept);
	kept = kept_for(600, 513);
	ATF_CHECK_MSG(kept >= 600, "513 of 600: %zu bytes kept", kept);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, sendmsg_item_over_int);
	ATF_TP_ADD_TC(tp, sendmsg_total_over_int);
	ATF_TP_ADD_TC(tp, sendmsg_buffer_count);
	ATF_TP_ADD_TC(tp, recvmsg_into_buffer_count);
	ATF_TP_ADD_TC(tp, setsockopt_bytes_over_int);
	ATF_TP_ADD_TC(tp, into_negative_nbytes);
	ATF_TP_ADD_TC(tp, recv_result_gives_back_buffer);
	return atf_no_error();
}
