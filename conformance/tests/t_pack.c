/*
 * t_pack.c — the harness's pack(): native layouts follow the platform of
 * the implementation under test (a case packing a struct timeval for an
 * i386 adapter must give it 8 bytes, not the harness's 16), standard
 * layouts ('=', '<', '>', '!') never move; a zero count pads to the
 * native alignment as Python's struct does.
 */
#include <atf-c.h>

#include <stdlib.h>
#include <string.h>

#include "lang/lang.h"

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

ATF_TC_WITHOUT_HEAD(zero_count_aligns);
ATF_TC_BODY(zero_count_aligns, tc)
{
	/* Python's idiom for the trailing padding of a struct: a zero count
	 * pads to the code's native alignment and takes no argument, so the
	 * cmsg cases can say CMSG_SPACE(n) is len(pack('@Lii0L' n 'x0L')) on
	 * any platform. Sizes are what CPython's struct.calcsize gives on
	 * x86_64; on i386 a long (and an 8-byte integer) aligns to 4. */
	const long long hdr[] = { 0, 0, 0 }, one[] = { 1 };
	pack_set_platform("x86_64-glibc");
	check_len("@Lii0L", hdr, 3, 16);
	check_len("@Lii0L4x", hdr, 3, 20);
	check_len("@Lii0L1x0L", hdr, 3, 24);
	check_len("@Lii0L9x0L", hdr, 3, 32);
	check_len("@b0q", one, 1, 8);
	check_len("@0L", NULL, 0, 0);
	check_len("=i0L", one, 1, 4);   /* standard mode: no alignment */
	char *s = packed("@i0L", one, 1);
	ATF_CHECK_STREQ(s, "b'\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00'");
	free(s);
	/* unpack takes the padded size and yields no item for the 0L */
	char err[128] = "";
	value *buf = pack_ints("@i0L", one, 1);
	value *t = st_unpack("@i0L", buf, err, sizeof err);
	ATF_REQUIRE_MSG(t != NULL, "unpack('@i0L'): %s", err);
	ATF_CHECK_EQ(t->len, 1);
	ATF_CHECK(t->len == 1 && t->items[0]->i == 1);
	v_free(t);
	v_free(buf);

	pack_set_platform("i386-glibc");
	check_len("@Lii0L", hdr, 3, 12);
	check_len("@Lii0L4x", hdr, 3, 16);
	check_len("@Lii0L1x0L", hdr, 3, 16);
	check_len("@Lii0L9x0L", hdr, 3, 24);
	check_len("@b0q", one, 1, 4);
	pack_set_platform("x86_64-glibc");
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, native_x86_64);
	ATF_TP_ADD_TC(tp, native_i386);
	ATF_TP_ADD_TC(tp, standard_fixed);
	ATF_TP_ADD_TC(tp, zero_count_aligns);
	return atf_no_error();
}
