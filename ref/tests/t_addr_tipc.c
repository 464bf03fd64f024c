/*
 * t_addr_tipc.c — AF_TIPC addresses (socket.rst:75-95): (addr_type, v1,
 * v2, v3[, scope]) in a struct sockaddr_tipc. The codec is pure and runs
 * anywhere; binding a real TIPC socket needs a kernel with AF_TIPC.
 */
#include "helpers.h"

#include <linux/tipc.h>

static sr_addr tipc(long long type, long long v1, long long v2,
		    long long v3)
{
	sr_addr a;

	memset(&a, 0, sizeof a);
	a.family = AF_TIPC;
	a.u.tipc.addr_type = type;
	a.u.tipc.v1 = v1;
	a.u.tipc.v2 = v2;
	a.u.tipc.v3 = v3;
	return a;
}

static sr_addr scoped(sr_addr a, long long scope)
{
	a.u.tipc.scope = scope;
	a.u.tipc.has_scope = true;
	return a;
}

static struct sockaddr_tipc enc(const sr_addr *a)
{
	struct sockaddr_tipc t;
	size_t len = 0;

	SR_OK(sr_addr_encode(a, AF_TIPC, &t, sizeof t, &len, ERR));
	ATF_CHECK_EQ(len, sizeof t);
	ATF_CHECK_EQ(t.family, AF_TIPC);
	return t;
}

static sr_err enc_err(const sr_addr *a)
{
	struct sockaddr_tipc t;
	size_t len;
	sr_err e = {0};

	if (sr_addr_encode(a, AF_TIPC, &t, sizeof t, &len, &e) != -1)
		atf_tc_fail("TIPC address encoded");
	return e;
}

static sr_addr dec(const struct sockaddr_tipc *t)
{
	sr_addr a;

	SR_OK(sr_addr_decode(t, sizeof *t, &a, ERR));
	ATF_CHECK_EQ(a.family, AF_TIPC);
	ATF_CHECK(a.u.tipc.has_scope);
	return a;
}

ATF_TC_WITHOUT_HEAD(encode_nameseq);
ATF_TC_BODY(encode_nameseq, tc)
{
	/* tipc.addr-nameseq (socket.rst:88) */
	sr_addr a = scoped(tipc(TIPC_ADDR_NAMESEQ, 18888, 10, 20),
			   TIPC_NODE_SCOPE);
	struct sockaddr_tipc t = enc(&a);

	ATF_CHECK_EQ(t.addrtype, TIPC_ADDR_NAMESEQ);
	ATF_CHECK_EQ(t.scope, TIPC_NODE_SCOPE);
	ATF_CHECK_EQ(t.addr.nameseq.type, 18888u);
	ATF_CHECK_EQ(t.addr.nameseq.lower, 10u);
	ATF_CHECK_EQ(t.addr.nameseq.upper, 20u);
}

ATF_TC_WITHOUT_HEAD(encode_name_ignores_v3);
ATF_TC_BODY(encode_name_ignores_v3, tc)
{
	/* tipc.addr-name (socket.rst:85): v3 "should be 0"; CPython ignores
	 * it and the domain is 0 */
	sr_addr a = tipc(TIPC_ADDR_NAME, 18888, 15, 99);
	struct sockaddr_tipc t = enc(&a);

	ATF_CHECK_EQ(t.addrtype, TIPC_ADDR_NAME);
	ATF_CHECK_EQ(t.addr.name.name.type, 18888u);
	ATF_CHECK_EQ(t.addr.name.name.instance, 15u);
	ATF_CHECK_EQ(t.addr.name.domain, 0u);
}

ATF_TC_WITHOUT_HEAD(encode_id_ignores_v3);
ATF_TC_BODY(encode_id_ignores_v3, tc)
{
	/* tipc.addr-id (socket.rst:91) */
	sr_addr a = tipc(TIPC_ADDR_ID, 0x01001001, 77, 5);
	struct sockaddr_tipc t = enc(&a);

	ATF_CHECK_EQ(t.addrtype, TIPC_ADDR_ID);
	ATF_CHECK_EQ(t.addr.id.node, 0x01001001u);
	ATF_CHECK_EQ(t.addr.id.ref, 77u);
	ATF_CHECK_EQ(t.addr.name.domain, 0u);
}

ATF_TC_WITHOUT_HEAD(encode_default_scope);
ATF_TC_BODY(encode_default_scope, tc)
{
	/* tipc.scope-optional (socket.rst:79): left out, the scope is
	 * TIPC_CLUSTER_SCOPE as in CPython */
	sr_addr a = tipc(TIPC_ADDR_NAMESEQ, 18888, 1, 1);

	a.u.tipc.scope = 3; /* not given: ignored */
	ATF_CHECK_EQ(enc(&a).scope, TIPC_CLUSTER_SCOPE);
}

ATF_TC_WITHOUT_HEAD(encode_invalid_type);
ATF_TC_BODY(encode_invalid_type, tc)
{
	/* tipc.addr-type-constants (socket.rst:81): anything else is
	 * TypeError("Invalid address type"), as CPython */
	static const long long bad[] = {0, 4, 255};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		sr_addr a = tipc(bad[i], 1, 2, 3);
		sr_err e = enc_err(&a);
		ATF_CHECK_EQ(e.kind, SR_ERR_TYPEERROR);
		ATF_CHECK_STREQ(e.msg, "Invalid address type");
	}
}

ATF_TC_WITHOUT_HEAD(encode_ranges);
ATF_TC_BODY(encode_ranges, tc)
{
	/* tipc.addr-general-tuple (socket.rst:78): 32-bit unsigned items and
	 * a one-byte scope; OverflowError instead of CPython's wrap-around */
	sr_addr a = tipc(TIPC_ADDR_NAMESEQ, 0xffffffffLL, 0, 0xffffffffLL);
	sr_err e;

	ATF_CHECK_EQ(enc(&a).addr.nameseq.upper, 0xffffffffu);
	a = tipc(TIPC_ADDR_NAMESEQ, 1LL << 32, 0, 0);
	e = enc_err(&a);
	ATF_CHECK_EQ(e.kind, SR_ERR_OVERFLOWERROR);
	ATF_CHECK_STREQ(e.msg, "v1 must be 0-4294967295.");
	a = tipc(TIPC_ADDR_NAMESEQ, 0, -1, 0);
	ATF_CHECK_EQ(enc_err(&a).kind, SR_ERR_OVERFLOWERROR);
	a = tipc(TIPC_ADDR_NAMESEQ, 0, 0, 1LL << 32);
	ATF_CHECK_EQ(enc_err(&a).kind, SR_ERR_OVERFLOWERROR);
	a = tipc(TIPC_ADDR_NAMESEQ + (1LL << 32), 0, 0, 0);
	ATF_CHECK_EQ(enc_err(&a).kind, SR_ERR_OVERFLOWERROR);
	a = scoped(tipc(TIPC_ADDR_NAMESEQ, 0, 0, 0), 256);
	e = enc_err(&a);
	ATF_CHECK_EQ(e.kind, SR_ERR_OVERFLOWERROR);
	ATF_CHECK_STREQ(e.msg, "scope must be 0-255.");
	a = scoped(tipc(TIPC_ADDR_NAMESEQ, 0, 0, 0), -1);
	ATF_CHECK_EQ(enc_err(&a).kind, SR_ERR_OVERFLOWERROR);
}

ATF_TC_WITHOUT_HEAD(decode_each_type);
ATF_TC_BODY(decode_each_type, tc)
{
	/* tipc.addr-general-tuple (socket.rst:78): always five items; NAME
	 * echoes the instance as v3, ID gives v3 = 0 (CPython) */
	struct sockaddr_tipc t;
	sr_addr a;
	char buf[64];

	memset(&t, 0, sizeof t);
	t.family = AF_TIPC;
	t.addrtype = TIPC_ADDR_NAMESEQ;
	t.scope = TIPC_CLUSTER_SCOPE;
	t.addr.nameseq.type = 18888;
	t.addr.nameseq.lower = 17;
	t.addr.nameseq.upper = 17;
	a = dec(&t);
	sr_addr_format(&a, buf, sizeof buf);
	ATF_CHECK_STREQ(buf, "(1, 18888, 17, 17, 2)");

	memset(&t.addr, 0, sizeof t.addr);
	t.addrtype = TIPC_ADDR_NAME;
	t.addr.name.name.type = 18888;
	t.addr.name.name.instance = 15;
	a = dec(&t);
	sr_addr_format(&a, buf, sizeof buf);
	ATF_CHECK_STREQ(buf, "(2, 18888, 15, 15, 2)");

	memset(&t.addr, 0, sizeof t.addr);
	t.addrtype = TIPC_ADDR_ID;
	t.scope = 0;
	t.addr.id.node = 0x01001001;
	t.addr.id.ref = 0xfffffffe;
	a = dec(&t);
	ATF_CHECK_EQ(a.u.tipc.v1, 0x01001001);
	ATF_CHECK_EQ(a.u.tipc.v2, 0xfffffffeLL);
	ATF_CHECK_EQ(a.u.tipc.v3, 0);
	ATF_CHECK_EQ(a.u.tipc.scope, 0);
}

ATF_TC_WITHOUT_HEAD(decode_errors);
ATF_TC_BODY(decode_errors, tc)
{
	/* socket.rst:126: an unknown addrtype is CPython's ValueError; a
	 * short sockaddr is OSError */
	struct sockaddr_tipc t;
	sr_addr a;

	memset(&t, 0, sizeof t);
	t.family = AF_TIPC;
	t.addrtype = 9;
	SR_FAILS(SR_ERR_VALUEERROR, -1, sr_addr_decode(&t, sizeof t, &a, ERR));
	t.addrtype = TIPC_ADDR_ID;
	SR_FAILS(SR_ERR_OSERROR, 0, sr_addr_decode(&t, sizeof t - 1, &a, ERR));
}

ATF_TC_WITHOUT_HEAD(round_trip);
ATF_TC_BODY(round_trip, tc)
{
	/* tipc.addr-nameseq (socket.rst:88), tipc.addr-id (91): returned
	 * values encode to the same sockaddr */
	sr_addr in[3];

	in[0] = scoped(tipc(TIPC_ADDR_NAMESEQ, 18888, 10, 20), 1);
	in[1] = scoped(tipc(TIPC_ADDR_ID, 0x01001001, 77, 0), 0);
	in[2] = scoped(tipc(TIPC_ADDR_NAMESEQ, 1, 2, 3), 200);
	for (size_t i = 0; i < 3; i++) {
		struct sockaddr_tipc t = enc(&in[i]), t2;
		sr_addr a = dec(&t);

		ATF_CHECK_EQ(a.u.tipc.addr_type, in[i].u.tipc.addr_type);
		ATF_CHECK_EQ(a.u.tipc.v1, in[i].u.tipc.v1);
		ATF_CHECK_EQ(a.u.tipc.v2, in[i].u.tipc.v2);
		ATF_CHECK_EQ(a.u.tipc.v3, in[i].u.tipc.v3);
		ATF_CHECK_EQ(a.u.tipc.scope, in[i].u.tipc.scope);
		t2 = enc(&a);
		ATF_CHECK(memcmp(&t, &t2, sizeof t) == 0);
	}
}

ATF_TC_WITHOUT_HEAD(kernel_bind_getsockname);
ATF_TC_BODY(kernel_bind_getsockname, tc)
{
	/* tipc.addr-id (socket.rst:91): after binding a NAMESEQ, the socket's
	 * own address is a TIPC_ADDR_ID 5-tuple */
	sr_addr a = tipc(TIPC_ADDR_NAMESEQ, 18888, 1, 5);
	struct sockaddr_tipc t, got;
	socklen_t glen = sizeof got;
	int fd;

	require_family(AF_TIPC, "vm:tipc", "AF_TIPC");
	t = enc(&a);
	fd = socket(AF_TIPC, SOCK_RDM, 0);
	ATF_REQUIRE(fd >= 0);
	if (bind(fd, (struct sockaddr *)&t, sizeof t) != 0)
		atf_tc_fail("bind: %s", strerror(errno));
	ATF_REQUIRE(getsockname(fd, (struct sockaddr *)&got, &glen) == 0);
	SR_OK(sr_addr_decode(&got, glen, &a, ERR));
	ATF_CHECK_EQ(a.u.tipc.addr_type, TIPC_ADDR_ID);
	ATF_CHECK(a.u.tipc.has_scope);
	close(fd);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, encode_nameseq);
	ATF_TP_ADD_TC(tp, encode_name_ignores_v3);
	ATF_TP_ADD_TC(tp, encode_id_ignores_v3);
	ATF_TP_ADD_TC(tp, encode_default_scope);
	ATF_TP_ADD_TC(tp, encode_invalid_type);
	ATF_TP_ADD_TC(tp, encode_ranges);
	ATF_TP_ADD_TC(tp, decode_each_type);
	ATF_TP_ADD_TC(tp, decode_errors);
	ATF_TP_ADD_TC(tp, round_trip);
	ATF_TP_ADD_TC(tp, kernel_bind_getsockname);
	return atf_no_error();
}
