/*
 * t_addr_unix.c — AF_UNIX addresses (socket.rst:47-55): path bytes in a
 * struct sockaddr_un, filesystem paths and Linux abstract names, and the
 * kernel accepting what the codec builds.
 */
#include "helpers.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/un.h>

#define PATH_OFF offsetof(struct sockaddr_un, sun_path)

static size_t enc(const void *path, size_t n, struct sockaddr_un *sun)
{
	sr_addr a;
	size_t len = 0;

	SR_OK(sr_addr_unix(&a, path, n, ERR));
	memset(sun, 0xee, sizeof *sun);
	SR_OK(sr_addr_encode(&a, AF_UNIX, sun, sizeof *sun, &len, ERR));
	return len;
}

static sr_addr dec(const void *sa, size_t len)
{
	sr_addr a;

	SR_OK(sr_addr_decode(sa, len, &a, ERR));
	ATF_REQUIRE_EQ(a.family, AF_UNIX);
	return a;
}

/* A filesystem path of exactly n bytes in a fresh directory. */
static char *long_path(size_t n, char *dir)
{
	char *p = malloc(n + 1);

	ATF_REQUIRE(p != NULL);
	strcpy(dir, "/tmp/t_addr_unix.XXXXXX");
	ATF_REQUIRE(mkdtemp(dir) != NULL);
	ATF_REQUIRE(n > strlen(dir) + 1);
	memset(p, 's', n);
	memcpy(p, dir, strlen(dir));
	p[strlen(dir)] = '/';
	p[n] = '\0';
	return p;
}

ATF_TC_WITHOUT_HEAD(encode_filesystem_path);
ATF_TC_BODY(encode_filesystem_path, tc)
{
	/* unix.path-address-str (socket.rst:47): the NUL is counted */
	struct sockaddr_un sun;
	size_t len = enc("/tmp/sock", 9, &sun);

	ATF_CHECK_EQ(sun.sun_family, AF_UNIX);
	ATF_CHECK_EQ(len, PATH_OFF + 10);
	ATF_CHECK(memcmp(sun.sun_path, "/tmp/sock", 10) == 0);
}

ATF_TC_WITHOUT_HEAD(encode_abstract_exact_length);
ATF_TC_BODY(encode_abstract_exact_length, tc)
{
	/* unix.abstract-bytes-address (socket.rst:50): every byte counts,
	 * nothing is added */
	struct sockaddr_un sun;
	size_t len = enc("\0name\0", 6, &sun);

	ATF_CHECK_EQ(len, PATH_OFF + 6);
	ATF_CHECK(memcmp(sun.sun_path, "\0name\0", 6) == 0);
}

ATF_TC_WITHOUT_HEAD(encode_empty_autobinds);
ATF_TC_BODY(encode_empty_autobinds, tc)
{
	/* socket.rst:50: '' is the family alone (Linux autobind) */
	struct sockaddr_un sun;

	ATF_CHECK_EQ(enc("", 0, &sun), PATH_OFF);
	ATF_CHECK_EQ(sun.sun_family, AF_UNIX);
}

ATF_TC_WITHOUT_HEAD(encode_too_long);
ATF_TC_BODY(encode_too_long, tc)
{
	/* socket.rst:126: an over-long path is OSError, never truncated;
	 * sun_path holds 107 path bytes + NUL, or 108 abstract bytes */
	unsigned char p[200];
	sr_addr a;
	struct sockaddr_un sun;
	size_t len;
	sr_err e = {0};

	memset(p, 'x', sizeof p);
	ATF_CHECK_EQ(enc(p, 107, &sun), PATH_OFF + 108);
	SR_OK(sr_addr_unix(&a, p, 108, ERR));
	ATF_CHECK_EQ(sr_addr_encode(&a, AF_UNIX, &sun, sizeof sun, &len, &e),
		     -1);
	ATF_CHECK_EQ(e.kind, SR_ERR_OSERROR);
	ATF_CHECK_EQ(e.code, 0);
	ATF_CHECK_STREQ(e.msg, "AF_UNIX path too long");

	p[0] = '\0';
	ATF_CHECK_EQ(enc(p, 108, &sun), PATH_OFF + 108);
	SR_OK(sr_addr_unix(&a, p, 109, ERR));
	SR_FAILS(SR_ERR_OSERROR, 0,
		 sr_addr_encode(&a, AF_UNIX, &sun, sizeof sun, &len, ERR));
	/* a length beyond the value's capacity is refused without reading */
	a.u.un.len = (size_t)-1;
	SR_FAILS(SR_ERR_OSERROR, 0,
		 sr_addr_encode(&a, AF_UNIX, &sun, sizeof sun, &len, ERR));
}

ATF_TC_WITHOUT_HEAD(decode_filesystem_stops_at_nul);
ATF_TC_BODY(decode_filesystem_stops_at_nul, tc)
{
	/* unix.path-address-str (socket.rst:47): a C string */
	struct sockaddr_un sun;
	sr_addr a;

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, "/tmp/x\0garbage", 14);
	a = dec(&sun, PATH_OFF + 14);
	ATF_CHECK_EQ(a.u.un.len, 6u);
	ATF_CHECK(memcmp(a.u.un.path, "/tmp/x", 6) == 0);
	ATF_CHECK(!sr_addr_is_abstract(&a));
	/* a path filling sun_path with no NUL at all */
	memset(sun.sun_path, 'p', sizeof sun.sun_path);
	a = dec(&sun, sizeof sun);
	ATF_CHECK_EQ(a.u.un.len, sizeof sun.sun_path);
}

ATF_TC_WITHOUT_HEAD(decode_abstract_keeps_bytes);
ATF_TC_BODY(decode_abstract_keeps_bytes, tc)
{
	/* unix.abstract-bytes-address (socket.rst:50): leading NUL and any
	 * NULs inside are part of the name */
	struct sockaddr_un sun;
	sr_addr a;

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, "\0ab\0c\0", 6);
	a = dec(&sun, PATH_OFF + 6);
	ATF_CHECK_EQ(a.u.un.len, 6u);
	ATF_CHECK(memcmp(a.u.un.path, "\0ab\0c\0", 6) == 0);
	ATF_CHECK(sr_addr_is_abstract(&a));
}

ATF_TC_WITHOUT_HEAD(decode_unnamed_is_empty);
ATF_TC_BODY(decode_unnamed_is_empty, tc)
{
	/* unix.path-address-str (socket.rst:47): an unbound socket's name is
	 * '' (CPython 3.11 getsockname) */
	sa_family_t fam = AF_UNIX;
	char buf[8];
	sr_addr a = dec(&fam, sizeof fam);

	ATF_CHECK_EQ(a.u.un.len, 0u);
	sr_addr_format(&a, buf, sizeof buf);
	ATF_CHECK_STREQ(buf, "''");
}

ATF_TC_WITHOUT_HEAD(round_trip);
ATF_TC_BODY(round_trip, tc)
{
	/* unix.str-or-bytes-argument (socket.rst:53): what decode returns
	 * encodes to the same sockaddr */
	static const struct {
		const char *p;
		size_t n;
	} cases[] = {{"/tmp/sock", 9}, {"\0abstract", 9}, {"rel", 3},
		     {"\0", 1}, {"", 0}};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct sockaddr_un sun, sun2;
		size_t len = enc(cases[i].p, cases[i].n, &sun), len2;
		sr_addr a = dec(&sun, len);

		ATF_CHECK_EQ(a.u.un.len, cases[i].n);
		ATF_CHECK(memcmp(a.u.un.path, cases[i].p, cases[i].n) == 0);
		SR_OK(sr_addr_encode(&a, AF_UNIX, &sun2, sizeof sun2, &len2,
				     ERR));
		ATF_CHECK_EQ(len, len2);
		ATF_CHECK(memcmp(&sun, &sun2, len) == 0);
	}
}

ATF_TC_WITHOUT_HEAD(kernel_filesystem_path);
ATF_TC_BODY(kernel_filesystem_path, tc)
{
	/* unix.path-address-str (socket.rst:47): the longest path sun_path
	 * holds (107 bytes) binds and comes back whole */
	char dir[64];
	char *path = long_path(107, dir);
	struct sockaddr_un sun, got;
	socklen_t glen = sizeof got;
	size_t len = enc(path, 107, &sun);
	int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	sr_addr a;

	ATF_REQUIRE(fd >= 0);
	if (bind(fd, (struct sockaddr *)&sun, (socklen_t)len) != 0)
		atf_tc_fail("bind: %s", strerror(errno));
	ATF_REQUIRE(getsockname(fd, (struct sockaddr *)&got, &glen) == 0);
	a = dec(&got, glen);
	ATF_CHECK_EQ(a.u.un.len, 107u);
	ATF_CHECK(memcmp(a.u.un.path, path, 107) == 0);
	close(fd);
	unlink(path);
	rmdir(dir);
	free(path);
}

ATF_TC_WITHOUT_HEAD(kernel_abstract_name);
ATF_TC_BODY(kernel_abstract_name, tc)
{
	/* unix.abstract-bytes-address (socket.rst:50) */
	char name[64];
	int n = snprintf(name, sizeof name, "%ct_addr_unix.%ld", '\0',
			 (long)getpid());
	struct sockaddr_un sun, got;
	socklen_t glen = sizeof got;
	size_t len = enc(name, (size_t)n, &sun);
	int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	sr_addr a;

	ATF_REQUIRE(fd >= 0);
	if (bind(fd, (struct sockaddr *)&sun, (socklen_t)len) != 0)
		atf_tc_fail("bind: %s", strerror(errno));
	ATF_REQUIRE(getsockname(fd, (struct sockaddr *)&got, &glen) == 0);
	a = dec(&got, glen);
	ATF_CHECK(sr_addr_is_abstract(&a));
	ATF_CHECK_EQ(a.u.un.len, (size_t)n);
	ATF_CHECK(memcmp(a.u.un.path, name, (size_t)n) == 0);
	close(fd);
}

ATF_TC_WITHOUT_HEAD(kernel_autobind_and_unbound);
ATF_TC_BODY(kernel_autobind_and_unbound, tc)
{
	/* unix.abstract-bytes-address (socket.rst:50): binding '' gets a
	 * kernel-chosen abstract name (b'\x00' + 5 hex digits); unbound, '' */
	struct sockaddr_un sun, got;
	socklen_t glen = sizeof got;
	size_t len = enc("", 0, &sun);
	int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	sr_addr a;

	ATF_REQUIRE(fd >= 0);
	ATF_REQUIRE(getsockname(fd, (struct sockaddr *)&got, &glen) == 0);
	a = dec(&got, glen);
	ATF_CHECK_EQ(a.u.un.len, 0u);
	if (bind(fd, (struct sockaddr *)&sun, (socklen_t)len) != 0)
		atf_tc_fail("bind: %s", strerror(errno));
	glen = sizeof got;
	ATF_REQUIRE(getsockname(fd, (struct sockaddr *)&got, &glen) == 0);
	a = dec(&got, glen);
	ATF_CHECK(sr_addr_is_abstract(&a));
	ATF_CHECK_EQ(a.u.un.len, 6u);
	close(fd);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, encode_filesystem_path);
	ATF_TP_ADD_TC(tp, encode_abstract_exact_length);
	ATF_TP_ADD_TC(tp, encode_empty_autobinds);
	ATF_TP_ADD_TC(tp, encode_too_long);
	ATF_TP_ADD_TC(tp, decode_filesystem_stops_at_nul);
	ATF_TP_ADD_TC(tp, decode_abstract_keeps_bytes);
	ATF_TP_ADD_TC(tp, decode_unnamed_is_empty);
	ATF_TP_ADD_TC(tp, round_trip);
	ATF_TP_ADD_TC(tp, kernel_filesystem_path);
	ATF_TP_ADD_TC(tp, kernel_abstract_name);
	ATF_TP_ADD_TC(tp, kernel_autobind_and_unbound);
	return atf_no_error();
}
