/*
 * t_iface.c — if_nameindex, if_nametoindex and if_indextoname
 * (socket.rst:648-679). A child in a fresh network namespace gives a
 * known list: just the loopback device, index 1.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "child.h"
#include "helpers.h"

/* iface.nameindex-list */
static void list_child(void *ctx)
{
	sr_ifname *v;
	size_t n;

	(void)ctx;
	C_OK(sr_if_nameindex(&v, &n, ERR));
	CCHECK(n == 1);
	CCHECK(v[0].index == 1);
	CSTREQ(v[0].name, "lo");
	sr_if_nameindex_free(v, n);
}
ATF_TC_WITHOUT_HEAD(nameindex_list);
ATF_TC_BODY(nameindex_list, tc)
{
	run_in_child(CLONE_NEWNET, list_child, NULL);
}

/* iface.roundtrip */
ATF_TC_WITHOUT_HEAD(roundtrip);
ATF_TC_BODY(roundtrip, tc)
{
	char name[SR_IFNAME_CAP];
	unsigned int index;
	sr_ifname *v;
	size_t n, i;
	int before = count_fds();

	SR_OK(sr_if_nameindex(&v, &n, ERR));
	ATF_REQUIRE(n >= 1);
	for (i = 0; i < n; i++) {
		SR_OK(sr_if_nametoindex(v[i].name, &index, ERR));
		ATF_CHECK_EQ(index, v[i].index);
		SR_OK(sr_if_indextoname(v[i].index, name, ERR));
		ATF_CHECK_STREQ(name, v[i].name);
	}
	sr_if_nameindex_free(v, n);
	ATF_CHECK_EQ(count_fds(), before);
}

/* iface.nameindex-oserror: no descriptor can be opened for the query */
static void nofile_child(void *ctx)
{
	struct rlimit rl = {0, 0};
	sr_ifname *v;
	size_t n;

	(void)ctx;
	CCHECK(setrlimit(RLIMIT_NOFILE, &rl) == 0);
	C_FAILS(SR_ERR_OSERROR, EMFILE, sr_if_nameindex(&v, &n, ERR));
}
ATF_TC_WITHOUT_HEAD(nameindex_oserror);
ATF_TC_BODY(nameindex_oserror, tc)
{
	run_in_child(0, nofile_child, NULL);
}

/* iface.nametoindex */
static void nametoindex_child(void *ctx)
{
	unsigned int index;

	(void)ctx;
	C_OK(sr_if_nametoindex("lo", &index, ERR));
	CCHECK(index == 1);
}
ATF_TC_WITHOUT_HEAD(nametoindex);
ATF_TC_BODY(nametoindex, tc)
{
	unsigned int index;

	SR_OK(sr_if_nametoindex("lo", &index, ERR));
	ATF_CHECK(index >= 1);
	run_in_child(CLONE_NEWNET, nametoindex_child, NULL);
}

/* iface.nametoindex-unknown: CPython's errno-less OSError */
ATF_TC_WITHOUT_HEAD(nametoindex_unknown);
ATF_TC_BODY(nametoindex_unknown, tc)
{
	unsigned int index;
	sr_err e;

	SR_FAILS(SR_ERR_OSERROR, 0, sr_if_nametoindex("nope0", &index, ERR));
	sr_if_nametoindex("nope0", &index, &e);
	ATF_CHECK_STREQ(e.msg, "no interface with this name");
}

/* iface.indextoname */
static void indextoname_child(void *ctx)
{
	char name[SR_IFNAME_CAP];

	(void)ctx;
	C_OK(sr_if_indextoname(1, name, ERR));
	CSTREQ(name, "lo");
}
ATF_TC_WITHOUT_HEAD(indextoname);
ATF_TC_BODY(indextoname, tc)
{
	run_in_child(CLONE_NEWNET, indextoname_child, NULL);
}

/* iface.indextoname-unknown */
ATF_TC_WITHOUT_HEAD(indextoname_unknown);
ATF_TC_BODY(indextoname_unknown, tc)
{
	char name[SR_IFNAME_CAP];

	SR_FAILS(SR_ERR_OSERROR, ENXIO, sr_if_indextoname(99999, name, ERR));
	SR_FAILS(SR_ERR_OSERROR, ENXIO, sr_if_indextoname(0, name, ERR));
}

/* iface.indextoname: the index is a C unsigned int */
ATF_TC_WITHOUT_HEAD(indextoname_range);
ATF_TC_BODY(indextoname_range, tc)
{
	char name[SR_IFNAME_CAP];

	SR_FAILS(SR_ERR_OVERFLOWERROR, 0, sr_if_indextoname(-1, name, ERR));
	SR_FAILS(SR_ERR_OVERFLOWERROR, 0,
		 sr_if_indextoname((long long)UINT_MAX + 1, name, ERR));
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, nameindex_list);
	ATF_TP_ADD_TC(tp, roundtrip);
	ATF_TP_ADD_TC(tp, nameindex_oserror);
	ATF_TP_ADD_TC(tp, nametoindex);
	ATF_TP_ADD_TC(tp, nametoindex_unknown);
	ATF_TP_ADD_TC(tp, indextoname);
	ATF_TP_ADD_TC(tp, indextoname_unknown);
	ATF_TP_ADD_TC(tp, indextoname_range);
	return atf_no_error();
}
