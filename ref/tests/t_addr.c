/*
 * t_addr.c — the address codec's front (socket.rst:43-126): dispatch by
 * the socket's family, the constructors, sr_addr_is_abstract, rendering in
 * the document's notation, and robustness of decode against arbitrary
 * bytes. Each family's own rules are in t_addr_<family>.c.
 */
#include "helpers.h"

#include <limits.h>
#include <linux/tipc.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* room for any sockaddr, as the library's callers give */
#define SA_CAP sizeof(struct sockaddr_storage)

/* Encode, expecting failure; gives the error for message checks. */
static sr_err enc_err(const sr_addr *a, int family)
{
	unsigned char b[SA_CAP];
	size_t len = 0;
	sr_err e = {0};

	if (sr_addr_encode(a, family, b, sizeof b, &len, &e) != -1)
		atf_tc_fail("encode for family %d succeeded", family);
	return e;
}

static void check_format(const sr_addr *a, const char *want)
{
	char buf[512];
	int n = sr_addr_format(a, buf, sizeof buf);

	ATF_CHECK_STREQ(buf, want);
	ATF_CHECK_EQ(n, (int)strlen(want));
}

ATF_TC_WITHOUT_HEAD(encode_family_mismatch);
ATF_TC_BODY(encode_family_mismatch, tc)
{
	/* families.address-format-by-family (socket.rst:43) */
	sr_addr a;
	unsigned char b[SA_CAP];
	size_t len;
	sr_err e;

	SR_OK(sr_addr_inet(&a, "127.0.0.1", 80, ERR));
	SR_FAILS(SR_ERR_TYPEERROR, -1,
		 sr_addr_encode(&a, AF_INET6, b, sizeof b, &len, ERR));
	SR_FAILS(SR_ERR_TYPEERROR, -1,
		 sr_addr_encode(&a, AF_UNIX, b, sizeof b, &len, ERR));
	SR_OK(sr_addr_unix(&a, "/tmp/x", 6, ERR));
	e = enc_err(&a, AF_INET);
	ATF_CHECK_EQ(e.kind, SR_ERR_TYPEERROR);
	ATF_CHECK(strstr(e.msg, "AF_INET address must be") != NULL);
	/* AF_UNSPEC (None) is not an address for any socket */
	memset(&a, 0, sizeof a);
	a.family = AF_UNSPEC;
	SR_FAILS(SR_ERR_TYPEERROR, -1,
		 sr_addr_encode(&a, AF_INET, b, sizeof b, &len, ERR));
}

ATF_TC_WITHOUT_HEAD(encode_bad_family);
ATF_TC_BODY(encode_bad_family, tc)
{
	/* socket.rst:34-36: families without a codec; CPython's "bad family" */
	sr_addr a;
	sr_err e;

	SR_OK(sr_addr_inet(&a, "127.0.0.1", 80, ERR));
	e = enc_err(&a, AF_APPLETALK);
	ATF_CHECK_EQ(e.kind, SR_ERR_OSERROR);
	ATF_CHECK_EQ(e.code, 0);
	ATF_CHECK_STREQ(e.msg, "getsockaddrarg: bad family");
	e = enc_err(&a, -1);
	ATF_CHECK_EQ(e.kind, SR_ERR_OSERROR);
}

ATF_TC_WITHOUT_HEAD(encode_null_and_small_buffer);
ATF_TC_BODY(encode_null_and_small_buffer, tc)
{
	/* socket.rst:126: invalid arguments raise, never write past the
	 * caller's storage */
	sr_addr a;
	unsigned char b[SA_CAP];
	size_t len = 77;

	SR_FAILS(SR_ERR_TYPEERROR, -1,
		 sr_addr_encode(NULL, AF_INET, b, sizeof b, &len, ERR));
	SR_OK(sr_addr_inet(&a, "127.0.0.1", 80, ERR));
	memset(b, 0xaa, sizeof b);
	SR_FAILS(SR_ERR_VALUEERROR, -1,
		 sr_addr_encode(&a, AF_INET, b, 15, &len, ERR));
	ATF_CHECK_EQ(b[0], 0xaa);
	ATF_CHECK_EQ(len, 77u);
	SR_FAILS(SR_ERR_VALUEERROR, -1,
		 sr_addr_encode(&a, AF_INET, NULL, 0, &len, ERR));
	SR_FAILS(SR_ERR_VALUEERROR, -1,
		 sr_addr_encode(&a, AF_INET, b, sizeof b, NULL, ERR));
	SR_OK(sr_addr_encode(&a, AF_INET, b, 16, &len, ERR));
	ATF_CHECK_EQ(len, 16u);
}

ATF_TC_WITHOUT_HEAD(decode_empty_is_none);
ATF_TC_BODY(decode_empty_is_none, tc)
{
	/* socket.rst:969-985 / doc-notes: no address is None */
	sr_addr a;

	memset(&a, 0x55, sizeof a);
	SR_OK(sr_addr_decode(NULL, 0, &a, ERR));
	ATF_CHECK_EQ(a.family, AF_UNSPEC);
	check_format(&a, "None");
	SR_FAILS(SR_ERR_VALUEERROR, -1, sr_addr_decode("", 0, NULL, ERR));
}

ATF_TC_WITHOUT_HEAD(decode_short_and_unknown);
ATF_TC_BODY(decode_short_and_unknown, tc)
{
	/* socket.rst:126: malformed sockaddrs are errors, and *out is kept */
	unsigned char raw[32] = {0};
	sa_family_t fam = AF_APPLETALK;
	sr_addr a;
	sr_err e = {0};

	SR_OK(sr_addr_inet(&a, "1.2.3.4", 5, ERR));
	SR_FAILS(SR_ERR_OSERROR, 0, sr_addr_decode(raw, 1, &a, ERR));
	SR_FAILS(SR_ERR_OSERROR, 0, sr_addr_decode(NULL, 4, &a, ERR));
	memcpy(raw, &fam, sizeof fam);
	ATF_CHECK_EQ(sr_addr_decode(raw, sizeof raw, &a, &e), -1);
	ATF_CHECK_EQ(e.kind, SR_ERR_OSERROR);
	ATF_CHECK_EQ(e.code, 0);
	ATF_CHECK(strstr(e.msg, "5") != NULL);
	ATF_CHECK_EQ(a.family, AF_INET);
	ATF_CHECK_STREQ(a.u.in.host, "1.2.3.4");
}

ATF_TC_WITHOUT_HEAD(constructor_unix);
ATF_TC_BODY(constructor_unix, tc)
{
	/* unix.str-or-bytes-argument (socket.rst:53) */
	static unsigned char big[SR_UNIX_PATH_CAP + 1];
	sr_addr a;

	SR_OK(sr_addr_unix(&a, "\0abc", 4, ERR));
	ATF_CHECK_EQ(a.family, AF_UNIX);
	ATF_CHECK_EQ(a.u.un.len, 4u);
	ATF_CHECK(memcmp(a.u.un.path, "\0abc", 4) == 0);
	SR_OK(sr_addr_unix(&a, NULL, 0, ERR));
	ATF_CHECK_EQ(a.u.un.len, 0u);
	SR_OK(sr_addr_unix(&a, big, SR_UNIX_PATH_CAP, ERR));
	SR_FAILS(SR_ERR_OSERROR, 0,
		 sr_addr_unix(&a, big, sizeof big, ERR));
	SR_FAILS(SR_ERR_TYPEERROR, -1, sr_addr_unix(&a, NULL, 3, ERR));
	SR_FAILS(SR_ERR_VALUEERROR, -1, sr_addr_unix(NULL, "x", 1, ERR));
}

ATF_TC_WITHOUT_HEAD(constructor_inet);
ATF_TC_BODY(constructor_inet, tc)
{
	/* inet.host-port-pair (socket.rst:61); ranges are the codec's */
	static char host[SR_HOST_CAP + 1];
	sr_addr a;

	SR_OK(sr_addr_inet(&a, "daring.cwi.nl", 70000, ERR));
	ATF_CHECK_EQ(a.family, AF_INET);
	ATF_CHECK_STREQ(a.u.in.host, "daring.cwi.nl");
	ATF_CHECK_EQ(a.u.in.port, 70000);
	/* too long for any resolver: the unknown name's gaierror */
	memset(host, 'a', SR_HOST_CAP);
	SR_FAILS(SR_ERR_GAIERROR, EAI_NONAME, sr_addr_inet(&a, host, 80, ERR));
	host[SR_HOST_CAP - 1] = '\0';
	SR_OK(sr_addr_inet(&a, host, 80, ERR));
	SR_FAILS(SR_ERR_TYPEERROR, -1, sr_addr_inet(&a, NULL, 80, ERR));
	SR_FAILS(SR_ERR_VALUEERROR, -1, sr_addr_inet(NULL, "", 80, ERR));
}

ATF_TC_WITHOUT_HEAD(constructor_inet6);
ATF_TC_BODY(constructor_inet6, tc)
{
	/* inet6.four-tuple (socket.rst:66) */
	sr_addr a;

	SR_OK(sr_addr_inet6(&a, "::1", 80, 5, 7, ERR));
	ATF_CHECK_EQ(a.family, AF_INET6);
	ATF_CHECK_STREQ(a.u.in6.host, "::1");
	ATF_CHECK_EQ(a.u.in6.port, 80);
	ATF_CHECK_EQ(a.u.in6.flowinfo, 5);
	ATF_CHECK_EQ(a.u.in6.scope_id, 7);
	ATF_CHECK_EQ(a.u.in6.n, 4);
	SR_FAILS(SR_ERR_TYPEERROR, -1,
		 sr_addr_inet6(&a, NULL, 80, 0, 0, ERR));
	SR_FAILS(SR_ERR_VALUEERROR, -1,
		 sr_addr_inet6(NULL, "::1", 80, 0, 0, ERR));
}

ATF_TC_WITHOUT_HEAD(is_abstract);
ATF_TC_BODY(is_abstract, tc)
{
	/* unix.abstract-bytes-address (socket.rst:50) */
	sr_addr a;

	SR_OK(sr_addr_unix(&a, "\0name", 5, ERR));
	ATF_CHECK(sr_addr_is_abstract(&a));
	SR_OK(sr_addr_unix(&a, "/tmp/sock", 9, ERR));
	ATF_CHECK(!sr_addr_is_abstract(&a));
	SR_OK(sr_addr_unix(&a, "", 0, ERR));
	ATF_CHECK(!sr_addr_is_abstract(&a));
	SR_OK(sr_addr_inet(&a, "", 0, ERR));
	ATF_CHECK(!sr_addr_is_abstract(&a));
	ATF_CHECK(!sr_addr_is_abstract(NULL));
}

ATF_TC_WITHOUT_HEAD(format_each_family);
ATF_TC_BODY(format_each_family, tc)
{
	/* socket.rst:43-110: the literal shape of each family's address */
	sr_addr a;

	SR_OK(sr_addr_inet(&a, "127.0.0.1", 80, ERR));
	check_format(&a, "('127.0.0.1', 80)");
	a.family = AF_RDS;
	check_format(&a, "('127.0.0.1', 80)");
	SR_OK(sr_addr_inet6(&a, "::1", 80, 0, 0, ERR));
	check_format(&a, "('::1', 80, 0, 0)");
	SR_OK(sr_addr_unix(&a, "/tmp/sock", 9, ERR));
	check_format(&a, "'/tmp/sock'");
	SR_OK(sr_addr_unix(&a, "\0name", 5, ERR));
	check_format(&a, "b'\\x00name'");
	SR_OK(sr_addr_unix(&a, "", 0, ERR));
	check_format(&a, "''");

	memset(&a, 0, sizeof a);
	a.family = AF_NETLINK;
	check_format(&a, "(0, 0)");

	memset(&a, 0, sizeof a);
	a.family = AF_PACKET;
	strcpy(a.u.ll.ifname, "lo");
	a.u.ll.proto = 2048;
	a.u.ll.hatype = 772;
	a.u.ll.addrlen = 6;
	a.u.ll.n = 5;
	check_format(&a, "('lo', 2048, 0, 772, "
			 "b'\\x00\\x00\\x00\\x00\\x00\\x00')");

	memset(&a, 0, sizeof a);
	a.family = AF_CAN;
	strcpy(a.u.can.ifname, "vcan0");
	check_format(&a, "('vcan0',)");

	memset(&a, 0, sizeof a);
	a.family = AF_TIPC;
	a.u.tipc.addr_type = TIPC_ADDR_NAMESEQ;
	a.u.tipc.v1 = 18888;
	a.u.tipc.v2 = 17;
	a.u.tipc.v3 = 17;
	a.u.tipc.scope = TIPC_CLUSTER_SCOPE;
	a.u.tipc.has_scope = true;
	check_format(&a, "(1, 18888, 17, 17, 2)");

	memset(&a, 0, sizeof a);
	a.family = AF_APPLETALK;
	check_format(&a, "<address family 5>");
	check_format(NULL, "None");
}

ATF_TC_WITHOUT_HEAD(format_short_tuples);
ATF_TC_BODY(format_short_tuples, tc)
{
	/* inet6.short-tuple-accepted (socket.rst:69), tipc.scope-optional
	 * (79): a value keeps the number of items it was given */
	sr_addr a;

	SR_OK(sr_addr_inet6(&a, "::1", 80, 3, 4, ERR));
	a.u.in6.n = 2;
	check_format(&a, "('::1', 80)");
	a.u.in6.n = 3;
	check_format(&a, "('::1', 80, 3)");

	memset(&a, 0, sizeof a);
	a.family = AF_PACKET;
	strcpy(a.u.ll.ifname, "eth0");
	a.u.ll.proto = 3;
	a.u.ll.n = 2;
	check_format(&a, "('eth0', 3)");

	memset(&a, 0, sizeof a);
	a.family = AF_TIPC;
	a.u.tipc.addr_type = TIPC_ADDR_ID;
	a.u.tipc.v1 = 1;
	a.u.tipc.v2 = 2;
	check_format(&a, "(3, 1, 2, 0)");
}

ATF_TC_WITHOUT_HEAD(format_str_escapes);
ATF_TC_BODY(format_str_escapes, tc)
{
	/* unix.path-surrogateescape (socket.rst:48): Python's str repr of a
	 * path decoded with surrogateescape; expected values from CPython */
	sr_addr a;

	SR_OK(sr_addr_unix(&a, "it's", 4, ERR));
	check_format(&a, "\"it's\"");
	SR_OK(sr_addr_unix(&a, "a\"b'c", 5, ERR));
	check_format(&a, "'a\"b\\'c'");
	SR_OK(sr_addr_unix(&a, "/tmp/\xff\xc3\xa9\t\n\\", 11, ERR));
	check_format(&a, "'/tmp/\\udcff\xc3\xa9\\t\\n\\\\'");
	SR_OK(sr_addr_unix(&a, "\xc2\xa0\xc2\xad\xe2\x80\xa8\xf0\x9f\x98\x80"
			       "\xc2\x80\x7f\x01", 15, ERR));
	check_format(&a, "'\\xa0\\xad\\u2028\xf0\x9f\x98\x80\\x80\\x7f\\x01'");
	/* a truncated or overlong sequence: each byte escaped alone */
	SR_OK(sr_addr_unix(&a, "\xe2\x82" "A\xc0\xaf\xed\xa0\x80", 8, ERR));
	check_format(&a, "'\\udce2\\udc82A\\udcc0\\udcaf"
			 "\\udced\\udca0\\udc80'");
	/* the host of an inet address is a str too */
	SR_OK(sr_addr_inet(&a, "x'y", 1, ERR));
	check_format(&a, "(\"x'y\", 1)");
}

ATF_TC_WITHOUT_HEAD(format_bytes_escapes);
ATF_TC_BODY(format_bytes_escapes, tc)
{
	/* unix.abstract-bytes-address (socket.rst:50): bytes repr rules */
	sr_addr a;

	SR_OK(sr_addr_unix(&a, "\0it's\xff\x7f\t\\", 9, ERR));
	check_format(&a, "b\"\\x00it's\\xff\\x7f\\t\\\\\"");
	SR_OK(sr_addr_unix(&a, "\0a\"b'c", 6, ERR));
	check_format(&a, "b'\\x00a\"b\\'c'");
}

ATF_TC_WITHOUT_HEAD(format_truncates_like_snprintf);
ATF_TC_BODY(format_truncates_like_snprintf, tc)
{
	/* sockref.h: returns the length it needed, as snprintf */
	sr_addr a;
	char buf[8];

	SR_OK(sr_addr_inet(&a, "127.0.0.1", 80, ERR));
	memset(buf, 'z', sizeof buf);
	ATF_CHECK_EQ(sr_addr_format(&a, buf, sizeof buf), 17);
	ATF_CHECK_STREQ(buf, "('127.0");
	ATF_CHECK_EQ(sr_addr_format(&a, NULL, 0), 17);
	memset(buf, 'z', sizeof buf);
	ATF_CHECK_EQ(sr_addr_format(&a, buf, 1), 17);
	ATF_CHECK_EQ(buf[0], '\0');
	ATF_CHECK_EQ(buf[1], 'z');
}

ATF_TC_WITHOUT_HEAD(decode_arbitrary_bytes);
ATF_TC_BODY(decode_arbitrary_bytes, tc)
{
	/* socket.rst:126: every sockaddr, however malformed, gives a value
	 * or an error (run under ASan in asan/ to prove no over-read) */
	static const int fams[] = {AF_UNIX, AF_INET, AF_INET6, AF_NETLINK,
				   AF_PACKET, AF_CAN, AF_TIPC, AF_RDS,
				   AF_UNSPEC, 255, 0xffff};
	uint32_t seed = 12345;

	for (size_t f = 0; f < sizeof fams / sizeof fams[0]; f++) {
		for (size_t len = 0; len <= 300; len++) {
			for (int round = 0; round < 4; round++) {
				unsigned char *raw = malloc(len ? len : 1);
				sa_family_t fam = (sa_family_t)fams[f];
				sr_addr a;
				sr_err e = {0};
				char buf[64];

				ATF_REQUIRE(raw != NULL);
				for (size_t i = 0; i < len; i++) {
					seed = seed * 1103515245u + 12345u;
					raw[i] = (unsigned char)(seed >> 16);
					if (round == 0)
						raw[i] = 0;
				}
				if (len >= sizeof fam)
					memcpy(raw, &fam, sizeof fam);
				if (sr_addr_decode(raw, len, &a, &e) == 0)
					(void)sr_addr_format(&a, buf,
							     sizeof buf);
				else
					ATF_CHECK(e.msg[0] != '\0');
				free(raw);
			}
		}
	}
}

ATF_TC_WITHOUT_HEAD(encode_arbitrary_values);
ATF_TC_BODY(encode_arbitrary_values, tc)
{
	/* socket.rst:126: a value filled with garbage (no NUL in any string
	 * field, huge lengths) is an error, never an over-read */
	static const int fams[] = {AF_UNIX, AF_INET, AF_INET6, AF_NETLINK,
				   AF_PACKET, AF_CAN, AF_TIPC, AF_RDS};
	unsigned char b[SA_CAP];
	size_t len;

	for (size_t f = 0; f < sizeof fams / sizeof fams[0]; f++) {
		for (int fill = 0; fill < 256; fill += 51) {
			sr_addr a;
			sr_err e = {0};
			char buf[64];

			memset(&a, fill, sizeof a);
			a.family = fams[f];
			/* a bool must hold 0 or 1 even in garbage */
			if (fams[f] == AF_TIPC)
				a.u.tipc.has_scope = fill & 1;
			if (sr_addr_encode(&a, fams[f], b, sizeof b, &len,
					   &e) == 0)
				ATF_CHECK(len <= sizeof b);
			else
				ATF_CHECK(e.msg[0] != '\0');
			(void)sr_addr_format(&a, buf, sizeof buf);
		}
	}
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, encode_family_mismatch);
	ATF_TP_ADD_TC(tp, encode_bad_family);
	ATF_TP_ADD_TC(tp, encode_null_and_small_buffer);
	ATF_TP_ADD_TC(tp, decode_empty_is_none);
	ATF_TP_ADD_TC(tp, decode_short_and_unknown);
	ATF_TP_ADD_TC(tp, constructor_unix);
	ATF_TP_ADD_TC(tp, constructor_inet);
	ATF_TP_ADD_TC(tp, constructor_inet6);
	ATF_TP_ADD_TC(tp, is_abstract);
	ATF_TP_ADD_TC(tp, format_each_family);
	ATF_TP_ADD_TC(tp, format_short_tuples);
	ATF_TP_ADD_TC(tp, format_str_escapes);
	ATF_TP_ADD_TC(tp, format_bytes_escapes);
	ATF_TP_ADD_TC(tp, format_truncates_like_snprintf);
	ATF_TP_ADD_TC(tp, decode_arbitrary_bytes);
	ATF_TP_ADD_TC(tp, encode_arbitrary_values);
	return atf_no_error();
}
