/*
 * t_pack.c — the harness's pack(): native layouts follow the platform of
 * the implementation under test (a case packing a struct timeval for an
 * i386 adapter must give it 8 bytes, not the harness's 16), standard
 * layouts ('=', '<', '>', '!') never move.
 */
#include <atf-c.h>

#include <stdlib.h>
#include <string.h>

#include "harness.h"

/* pack(fmt, ints...); fails the test when pack refuses */
static value *pack_ints(const char *fmt, const long long *xs, size_t n)
{
	value *args[8];
	char err[128] = "";
	for (size_t i = 0; i < n; i++)
		args[i] = v_int(xs[i]);
	value *r = st_pack(fmt, args, n, err, sizeof err);
	for (size_t i = 0; i < n; i++)
		v_free(args[i]);
	ATF_REQUIRE_MSG(r != NULL, "pack('%s'): %s", fmt, err);
	return r;
}

/* the result in the literal notation, e.g. b'\x01\x00...' */
static char *packed(const char *fmt, const long long *xs, size_t n)
{
	value *r = pack_ints(fmt, xs, n);
	char *s = v_format(r);
	v_free(r);
	return s;
}

static void check_len(const char *fmt, const long long *xs, size_t n,
		      size_t want)
{
	value *r = pack_ints(fmt, xs, n);
	ATF_CHECK_MSG(r->len == want, "pack('%s'): %zu bytes, want %zu", fmt,
		      r->len, want);
	v_free(r);
}

ATF_TC_WITHOUT_HEAD(native_x86_64);
ATF_TC_BODY(native_x86_64, tc)
{
	/* struct timeval {long; long} and an int before an 8-byte integer */
	const long long tv[] = { 1, 500000 }, iq[] = { 1, 2 };
	pack_set_platform("x86_64-glibc");
	check_len("ll", tv, 2, 16);
	check_len("iq", iq, 2, 16);
	check_len("@iq", iq, 2, 16);
	char *s = packed("ll", tv, 2);
	ATF_CHECK_STREQ(s, "b'\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00 \\xa1\\x07\\x00\\x00\\x00\\x00\\x00'");
	free(s);
}

ATF_TC_WITHOUT_HEAD(native_i386);
ATF_TC_BODY(native_i386, tc)
{
	/* ILP32: long is 4 bytes; the i386 ABI aligns 8-byte integers to 4
	 * inside structs, so no padding after the int */
	const long long tv[] = { 1, 500000 }, iq[] = { 1, 2 };
	pack_set_platform("i386-glibc");
	check_len("ll", tv, 2, 8);
	check_len("iq", iq, 2, 12);
	check_len("LL", tv, 2, 8);
	char *s = packed("ll", tv, 2);
	ATF_CHECK_STREQ(s, "b'\\x01\\x00\\x00\\x00 \\xa1\\x07\\x00'");
	free(s);
	pack_set_platform("x86_64-glibc");
}

ATF_TC_WITHOUT_HEAD(standard_fixed);
ATF_TC_BODY(standard_fixed, tc)
{
	/* standard sizes and no alignment, whatever the platform */
	const long long iq[] = { 1, 2 };
	const char *plats[] = { "x86_64-glibc", "i386-glibc" };
	for (size_t k = 0; k < 2; k++) {
		pack_set_platform(plats[k]);
		check_len("=iq", iq, 2, 12);
		check_len("<ll", iq, 2, 8);
		check_len("!iq", iq, 2, 12);
	}
	pack_set_platform("x86_64-glibc");
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, native_x86_64);
	ATF_TP_ADD_TC(tp, native_i386);
	ATF_TP_ADD_TC(tp, standard_fixed);
	return atf_no_error();
}
