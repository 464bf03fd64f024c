/*
 * t_capi_null.c — what a C caller of libsockref gets for a NULL where the
 * Python module would have None, or no storage at all: the documented
 * error kind (sockref.h: every failure is an sr_err, never a crash), and
 * free functions that accept what a cleanup path hands them. The module's
 * argument conversion refuses None before it reaches the library, so only
 * C callers exercise these guards; they are part of the C API all the same.
 */
#include "helpers.h"
#include "child.h"

#include <fcntl.h>

/* A family libsockref has no address codec for (AF_ALG): sr_fromfd does
 * not check the family (socket.rst:485), so such an object exists. */
#define NO_CODEC_FAMILY 38

static sr_sock *no_codec_sock(void)
{
	sr_sock *p[2], *s;
	SR_OK(sr_socketpair(AF_UNIX, SOCK_DGRAM, 0, p, ERR));
	SR_OK(P(s = sr_fromfd(sr_fileno(p[0]), NO_CODEC_FAMILY, SOCK_DGRAM, 0,
			      ERR)));
	sr_release(p[0]);
	sr_release(p[1]);
	return s;
}

static sr_sock *inet_sock(int type)
{
	sr_sock *s;
	SR_OK(P(s = sr_socket(AF_INET, type, 0, ERR)));
	return s;
}

ATF_TC_WITHOUT_HEAD(constructors_without_storage);
ATF_TC_BODY(constructors_without_storage, tc)
{
	/* sockref.h constructors: "no sr_addr given" is a ValueError, for
	 * each constructor, before anything is written */
	SR_FAILS(SR_ERR_VALUEERROR, 0, sr_addr_unix(NULL, "/x", 2, ERR));
	SR_FAILS(SR_ERR_VALUEERROR, 0, sr_addr_unix(NULL, NULL, 0, ERR));
	SR_FAILS(SR_ERR_VALUEERROR, 0, sr_addr_inet(NULL, "::", 1, ERR));
	SR_FAILS(SR_ERR_VALUEERROR, 0,
		 sr_addr_inet6(NULL, "::1", 80, 0, 0, ERR));
}

ATF_TC_WITHOUT_HEAD(constructors_null_host);
ATF_TC_BODY(constructors_null_host, tc)
{
	/* socket.rst:61-71: the host is a str; None is a TypeError (as
	 * CPython's "str, bytes or bytearray expected, not NoneType"), and
	 * the value given is left as it was */
	sr_addr a;
	memset(&a, 0x5a, sizeof a);
	SR_FAILS(SR_ERR_TYPEERROR, 0, sr_addr_inet(&a, NULL, 80, ERR));
	SR_FAILS(SR_ERR_TYPEERROR, 0, sr_addr_inet6(&a, NULL, 80, 0, 0, ERR));
	ATF_CHECK_EQ(((unsigned char *)&a)[0], 0x5a);
}

/* The NULL address must be refused as TypeError whatever the socket's
 * family: the guard comes before the family's codec is looked up. */
static void null_address_each(sr_sock *s, sr_errkind kind)
{
	SR_FAILS(kind, 0, sr_bind(s, NULL, ERR));
	SR_FAILS(kind, 0, sr_connect(s, NULL, ERR));
	SR_FAILS(kind, 0, sr_connect_ex(s, NULL, ERR));
	SR_FAILS(kind, 0, sr_sendto(s, "x", 1, 0, NULL, ERR));
}

ATF_TC_WITHOUT_HEAD(null_address);
ATF_TC_BODY(null_address, tc)
{
	/* socket.rst:716, 735, 1007: bind, connect, connect_ex and sendto
	 * take an address; None is TypeError (errors/argument-types), but
	 * on a socket whose family has no address format no address of any
	 * shape is taken: OSError without errno, as CPython's "bad family"
	 * (object/fromfd-family-without-codec) */
	int fds = count_fds();
	sr_sock *s = inet_sock(SOCK_DGRAM), *o = no_codec_sock();
	null_address_each(s, SR_ERR_TYPEERROR);
	null_address_each(o, SR_ERR_OSERROR);
	sr_release(s);
	sr_release(o);
	ATF_CHECK_EQ(count_fds(), fds);
}

ATF_TC_WITHOUT_HEAD(resolver_null_name);
ATF_TC_BODY(resolver_null_name, tc)
{
	/* socket.rst:371-413: gethostbyname, gethostbyname_ex and
	 * gethostbyaddr take a str; None is TypeError, no lookup is made */
	char ip[16];
	sr_hostent h = {0};
	SR_FAILS(SR_ERR_TYPEERROR, 0, sr_gethostbyname(NULL, ip, ERR));
	SR_FAILS(SR_ERR_TYPEERROR, 0, sr_gethostbyname_ex(NULL, &h, ERR));
	SR_FAILS(SR_ERR_TYPEERROR, 0, sr_gethostbyaddr(NULL, &h, ERR));
	ATF_CHECK(h.name == NULL && h.naliases == 0 && h.naddrs == 0);
}

ATF_TC_WITHOUT_HEAD(inet_pton_null);
ATF_TC_BODY(inet_pton_null, tc)
{
	/* socket.rst:550: the address is a str; None is TypeError for
	 * either family */
	unsigned char out[16];
	size_t n = 99;
	SR_FAILS(SR_ERR_TYPEERROR, 0, sr_inet_pton(AF_INET, NULL, out, &n, ERR));
	SR_FAILS(SR_ERR_TYPEERROR, 0,
		 sr_inet_pton(AF_INET6, NULL, out, &n, ERR));
	ATF_CHECK_EQ(n, 99);
}

/* In a UTS namespace of its own: were the NULL passed on, the name of
 * this namespace, not the machine's, is what would change. */
static void sethostname_child(void *ctx)
{
	char *before, *after;
	(void)ctx;
	C_OK(sr_gethostname(&before, ERR));
	C_FAILS(SR_ERR_TYPEERROR, 0, sr_sethostname(NULL, 0, ERR));
	C_FAILS(SR_ERR_TYPEERROR, 0, sr_sethostname(NULL, 5, ERR));
	C_OK(sr_gethostname(&after, ERR));
	CSTREQ(after, before);
	sr_free(before);
	sr_free(after);
}

ATF_TC_WITHOUT_HEAD(sethostname_null);
ATF_TC_BODY(sethostname_null, tc)
{
	/* socket.rst:640: sethostname(name) takes a str or bytes; None is
	 * TypeError, and the host name is left alone */
	run_in_child(CLONE_NEWUTS, sethostname_child, NULL);
}

ATF_TC_WITHOUT_HEAD(free_null_and_zeroed);
ATF_TC_BODY(free_null_and_zeroed, tc)
{
	/* sockref.h "Owned results": each *_free takes NULL, and a result
	 * that was zeroed (never filled, or freed already: the functions
	 * reset what they free) — the usual C cleanup path — as a no-op */
	sr_bytes b = {0};
	sr_msg m = {0};
	sr_hostent h = {0};

	sr_bytes_free(NULL);
	sr_msg_free(NULL);
	sr_hostent_free(NULL);
	sr_cmsg_free(NULL, 0);
	sr_addrinfo_free(NULL, 0);
	sr_if_nameindex_free(NULL, 0);
	sr_free(NULL);
	sr_release(NULL);
	sr_bytes_free(&b);
	sr_msg_free(&m);
	sr_hostent_free(&h);
	ATF_CHECK(b.data == NULL && m.ancdata == NULL && h.aliases == NULL);
}

/* With a resolver that knows only the fixture (no lookup leaves the
 * machine): a filled sr_hostent freed twice. */
static void hostent_twice_child(void *ctx)
{
	sr_hostent h = {0};
	(void)ctx;
	child_resolver("127.0.0.1 localhost\n10.1.2.3 two.example two\n");
	C_OK(sr_gethostbyaddr("10.1.2.3", &h, ERR));
	CCHECK(h.name != NULL && h.naliases == 1 && h.naddrs == 1);
	sr_hostent_free(&h);
	CCHECK(h.name == NULL && h.aliases == NULL && h.addrs == NULL &&
	       h.naliases == 0 && h.naddrs == 0);
	sr_hostent_free(&h);
}

ATF_TC_WITHOUT_HEAD(free_twice);
ATF_TC_BODY(free_twice, tc)
{
	/* sockref.h "Owned results": a filled result freed twice is freed
	 * once (the first free leaves it zeroed) */
	sr_bytes b = {0};
	sr_sock *p[2];

	run_in_child(CLONE_NEWNS, hostent_twice_child, NULL);
	SR_OK(sr_socketpair(AF_UNIX, SOCK_STREAM, 0, p, ERR));
	ATF_REQUIRE_EQ(sr_send(p[0], "abc", 3, 0, NULL), 3);
	SR_OK(sr_recv(p[1], 16, 0, &b, ERR));
	ATF_REQUIRE_EQ(b.len, 3);
	sr_bytes_free(&b);
	ATF_CHECK(b.data == NULL && b.len == 0);
	sr_bytes_free(&b);
	sr_release(p[0]);
	sr_release(p[1]);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, constructors_without_storage);
	ATF_TP_ADD_TC(tp, constructors_null_host);
	ATF_TP_ADD_TC(tp, null_address);
	ATF_TP_ADD_TC(tp, resolver_null_name);
	ATF_TP_ADD_TC(tp, inet_pton_null);
	ATF_TP_ADD_TC(tp, sethostname_null);
	ATF_TP_ADD_TC(tp, free_null_and_zeroed);
	ATF_TP_ADD_TC(tp, free_twice);
	return atf_no_error();
}
