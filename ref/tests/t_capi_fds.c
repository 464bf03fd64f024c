/*
 * t_capi_fds.c — descriptors at the C API's edges: accept() handing out
 * descriptor 0, which is a descriptor like any other, and
 * sr_cmsg_close_fds, the public helper that closes what SCM_RIGHTS items
 * carry (socket.rst:899) and nothing else.
 */
#include "helpers.h"

#include <fcntl.h>

static bool fd_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

ATF_TC_WITHOUT_HEAD(accept_descriptor_zero);
ATF_TC_BODY(accept_descriptor_zero, tc)
{
	/* socket.rst:708-712: accept returns a new socket object for the
	 * connection; when the lowest free descriptor is 0 (a daemon that
	 * closed stdin), the kernel gives it 0, and that is a success */
	sr_sock *l, *c, *conn = NULL;
	sr_addr where, peer;
	sr_bytes b = {0};
	sr_err e = {0};
	bool accepted = false;
	int saved;

	SR_OK(P(l = sr_socket(AF_INET, SOCK_STREAM, 0, ERR)));
	SR_OK(sr_addr_inet(&where, "127.0.0.1", 0, ERR));
	SR_OK(sr_bind(l, &where, ERR));
	SR_OK(sr_listen(l, 1, ERR));
	SR_OK(sr_getsockname(l, &where, ERR));
	SR_OK(P(c = sr_socket(AF_INET, SOCK_STREAM, 0, ERR)));
	SR_OK(sr_connect(c, &where, ERR));

	saved = fcntl(0, F_DUPFD_CLOEXEC, 3);
	ATF_REQUIRE(saved >= 0);
	ATF_REQUIRE(close(0) == 0);
	conn = sr_accept(l, &peer, &e);
	if (conn != NULL && sr_fileno(conn) == 0) {
		accepted = true;
		/* the connection works both ways */
		ATF_CHECK_EQ(sr_send(conn, "to", 2, 0, NULL), 2);
		ATF_CHECK_EQ(sr_send(c, "fro", 3, 0, NULL), 3);
		SR_OK(sr_recv(conn, 16, 0, &b, ERR));
		ATF_CHECK(b.len == 3 && memcmp(b.data, "fro", 3) == 0);
		sr_bytes_free(&b);
		SR_OK(sr_recv(c, 16, 0, &b, ERR));
		ATF_CHECK(b.len == 2 && memcmp(b.data, "to", 2) == 0);
		sr_bytes_free(&b);
		ATF_CHECK_EQ(peer.family, AF_INET);
		sr_release(conn);
		conn = NULL;
	}
	/* give the test its stdin back before judging */
	if (!fd_open(0))
		ATF_REQUIRE(dup2(saved, 0) == 0);
	close(saved);
	if (conn != NULL)
		atf_tc_fail("accept gave descriptor %d, not 0", sr_fileno(conn));
	if (e.kind != SR_ERR_NONE)
		atf_tc_fail("accept: %s(%d) %s", sr_errkind_name(e.kind),
			    e.code, e.msg);
	if (!accepted)
		atf_tc_fail("accept returned NULL without an error");
	sr_release(c);
	sr_release(l);
}

/* A descriptor to hand to an item: a fresh /dev/null. */
static int fresh_fd(void)
{
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	ATF_REQUIRE(fd >= 0);
	return fd;
}

ATF_TC_WITHOUT_HEAD(close_fds_rights_only);
ATF_TC_BODY(close_fds_rights_only, tc)
{
	/* socket.rst:899 (sockref.h sr_cmsg_close_fds): every descriptor of
	 * every (SOL_SOCKET, SCM_RIGHTS) item is closed, whole ints only;
	 * items of another level or type are data, not descriptors */
	int r[3] = { fresh_fd(), fresh_fd(), -1 };
	int other_level = fresh_fd(), other_type = fresh_fd();
	int clipped[2] = { fresh_fd(), fresh_fd() };
	sr_cmsg items[4] = {
		{ SOL_SOCKET, SCM_RIGHTS, (unsigned char *)r, sizeof r },
		{ SOL_SOCKET - 1, SCM_RIGHTS, (unsigned char *)&other_level,
		  sizeof(int) },
		{ SOL_SOCKET, SCM_CREDENTIALS, (unsigned char *)&other_type,
		  sizeof(int) },
		/* clipped: the second int is cut short, so not closed */
		{ SOL_SOCKET, SCM_RIGHTS, (unsigned char *)clipped,
		  sizeof(int) + 2 },
	};

	sr_cmsg_close_fds(items, 4);
	ATF_CHECK(!fd_open(r[0]));
	ATF_CHECK(!fd_open(r[1]));
	ATF_CHECK(fd_open(other_level));
	ATF_CHECK(fd_open(other_type));
	ATF_CHECK(!fd_open(clipped[0]));
	ATF_CHECK(fd_open(clipped[1]));
	close(other_level);
	close(other_type);
	close(clipped[1]);
}

ATF_TC_WITHOUT_HEAD(close_fds_counts_items);
ATF_TC_BODY(close_fds_counts_items, tc)
{
	/* sockref.h sr_cmsg_close_fds(items, nitems): exactly nitems items
	 * are looked at; what lies past them is not the caller's list */
	int first = fresh_fd(), past = fresh_fd();
	sr_cmsg items[2] = {
		{ SOL_SOCKET, SCM_RIGHTS, (unsigned char *)&first, sizeof(int) },
		{ SOL_SOCKET, SCM_RIGHTS, (unsigned char *)&past, sizeof(int) },
	};

	sr_cmsg_close_fds(items, 1);
	ATF_CHECK(!fd_open(first));
	ATF_CHECK(fd_open(past));
	sr_cmsg_close_fds(items, 0);
	ATF_CHECK(fd_open(past));
	close(past);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, accept_descriptor_zero);
	ATF_TP_ADD_TC(tp, close_fds_rights_only);
	ATF_TP_ADD_TC(tp, close_fds_counts_items);
	return atf_no_error();
}
