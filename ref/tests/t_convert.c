/*
 * t_convert.c — byte order and address-string conversions
 * (socket.rst:488-579).
 */
#include <arpa/inet.h>
#include <string.h>

#include "helpers.h"

static const long long samples[] = {0, 1, 0x1234, 0xff00, 0xffff,
				    0x12345678, 0x7fffffff, 0xffffffff};

/* convert.ntohl */
ATF_TC_WITHOUT_HEAD(ntohl);
ATF_TC_BODY(ntohl, tc)
{
	uint32_t v;
	size_t i;

	for (i = 0; i < sizeof samples / sizeof samples[0]; i++) {
		SR_OK(sr_ntohl(samples[i], &v, ERR));
		ATF_CHECK_EQ(v, ntohl((uint32_t)samples[i]));
	}
	SR_OK(sr_ntohl(0x12345678, &v, ERR));
	if (htonl(1) != 1)
		ATF_CHECK_EQ(v, 0x78563412u);
}

/* convert.ntohs */
ATF_TC_WITHOUT_HEAD(ntohs);
ATF_TC_BODY(ntohs, tc)
{
	uint16_t v;

	SR_OK(sr_ntohs(0x1234, &v, ERR));
	ATF_CHECK_EQ(v, ntohs(0x1234));
	if (htons(1) != 1)
		ATF_CHECK_EQ(v, 0x3412);
	SR_OK(sr_ntohs(0, &v, ERR));
	ATF_CHECK_EQ(v, 0);
}

/* convert.htonl */
ATF_TC_WITHOUT_HEAD(htonl);
ATF_TC_BODY(htonl, tc)
{
	uint32_t v, back;
	size_t i;

	for (i = 0; i < sizeof samples / sizeof samples[0]; i++) {
		SR_OK(sr_htonl(samples[i], &v, ERR));
		ATF_CHECK_EQ(v, htonl((uint32_t)samples[i]));
		SR_OK(sr_ntohl(v, &back, ERR));
		ATF_CHECK_EQ(back, (uint32_t)samples[i]);
	}
}

/* convert.htons */
ATF_TC_WITHOUT_HEAD(htons);
ATF_TC_BODY(htons, tc)
{
	uint16_t v, back;
	long long x;

	for (x = 0; x <= 0xffff; x++) {
		SR_OK(sr_htons(x, &v, ERR));
		if (v != htons((uint16_t)x))
			atf_tc_fail("htons(%lld) = %u", x, v);
		SR_OK(sr_ntohs(v, &back, ERR));
		if (back != x)
			atf_tc_fail("ntohs(htons(%lld)) = %u", x, back);
	}
}

/* convert.byteorder-range */
ATF_TC_WITHOUT_HEAD(byteorder_range);
ATF_TC_BODY(byteorder_range, tc)
{
	uint16_t s;
	uint32_t l;
	sr_err e;

	SR_FAILS(SR_ERR_OVERFLOWERROR, 0, sr_htons(-1, &s, ERR));
	SR_FAILS(SR_ERR_OVERFLOWERROR, 0, sr_htons(70000, &s, ERR));
	SR_FAILS(SR_ERR_OVERFLOWERROR, 0, sr_ntohs(-1, &s, ERR));
	SR_FAILS(SR_ERR_OVERFLOWERROR, 0, sr_ntohs(0x10000, &s, ERR));
	SR_FAILS(SR_ERR_OVERFLOWERROR, 0, sr_htonl(-1, &l, ERR));
	SR_FAILS(SR_ERR_OVERFLOWERROR, 0, sr_htonl(1LL << 32, &l, ERR));
	SR_FAILS(SR_ERR_OVERFLOWERROR, 0, sr_ntohl(-1, &l, ERR));
	SR_FAILS(SR_ERR_OVERFLOWERROR, 0, sr_ntohl(1LL << 32, &l, ERR));
	/* Modern CPython's messages. */
	sr_htons(70000, &s, &e);
	ATF_CHECK_STREQ(e.msg, "htons: Python int too large to convert to C "
			       "16-bit unsigned integer");
	sr_htonl(1LL << 32, &l, &e);
	ATF_CHECK_STREQ(e.msg, "int larger than 32 bits");
}

/* convert.inet-aton-packed */
ATF_TC_WITHOUT_HEAD(inet_aton_packed);
ATF_TC_BODY(inet_aton_packed, tc)
{
	unsigned char b[4];

	SR_OK(sr_inet_aton("123.45.67.89", b, ERR));
	ATF_CHECK(memcmp(b, "{-CY", 4) == 0);
}

/* convert.inet-aton-short-forms */
ATF_TC_WITHOUT_HEAD(inet_aton_short_forms);
ATF_TC_BODY(inet_aton_short_forms, tc)
{
	unsigned char b[4], c[4];

	SR_OK(sr_inet_aton("127.1", b, ERR));
	ATF_CHECK(memcmp(b, "\x7f\x00\x00\x01", 4) == 0);
	SR_OK(sr_inet_aton("10.1.2", b, ERR));
	ATF_CHECK(memcmp(b, "\x0a\x01\x00\x02", 4) == 0);
	SR_OK(sr_inet_aton("1", b, ERR));
	ATF_CHECK(memcmp(b, "\x00\x00\x00\x01", 4) == 0);
	SR_OK(sr_inet_aton("0x7f.1", b, ERR));
	SR_OK(sr_inet_aton("0177.1", c, ERR));
	ATF_CHECK(memcmp(b, "\x7f\x00\x00\x01", 4) == 0);
	ATF_CHECK(memcmp(c, "\x7f\x00\x00\x01", 4) == 0);
}

/* convert.inet-aton-invalid */
ATF_TC_WITHOUT_HEAD(inet_aton_invalid);
ATF_TC_BODY(inet_aton_invalid, tc)
{
	unsigned char b[4];
	sr_err e;

	SR_FAILS(SR_ERR_OSERROR, 0, sr_inet_aton("1.2.3.4.5", b, ERR));
	SR_FAILS(SR_ERR_OSERROR, 0, sr_inet_aton("", b, ERR));
	SR_FAILS(SR_ERR_OSERROR, 0, sr_inet_aton("256.1.1.1", b, ERR));
	SR_FAILS(SR_ERR_OSERROR, 0, sr_inet_aton("x", b, ERR));
	sr_inet_aton("", b, &e);
	ATF_CHECK_STREQ(e.msg, "illegal IP address string passed to inet_aton");
}

/* convert.inet-aton-no-ipv6 */
ATF_TC_WITHOUT_HEAD(inet_aton_no_ipv6);
ATF_TC_BODY(inet_aton_no_ipv6, tc)
{
	unsigned char b[16];
	size_t n;

	SR_FAILS(SR_ERR_OSERROR, 0, sr_inet_aton("::1", b, ERR));
	SR_OK(sr_inet_pton(AF_INET6, "::1", b, &n, ERR));
	ATF_CHECK_EQ(n, 16);
}

/* convert.inet-ntoa */
ATF_TC_WITHOUT_HEAD(inet_ntoa);
ATF_TC_BODY(inet_ntoa, tc)
{
	static const char *canon[] = {"127.0.0.1", "0.0.0.0",
				      "255.255.255.255", "10.20.30.40"};
	unsigned char b[4];
	char s[16];
	size_t i;

	SR_OK(sr_inet_ntoa("\x7f\x00\x00\x01", 4, s, ERR));
	ATF_CHECK_STREQ(s, "127.0.0.1");
	for (i = 0; i < sizeof canon / sizeof canon[0]; i++) {
		SR_OK(sr_inet_aton(canon[i], b, ERR));
		SR_OK(sr_inet_ntoa(b, 4, s, ERR));
		ATF_CHECK_STREQ(s, canon[i]);
	}
}

/* convert.inet-ntoa-length */
ATF_TC_WITHOUT_HEAD(inet_ntoa_length);
ATF_TC_BODY(inet_ntoa_length, tc)
{
	static const unsigned char zero[16];
	char s[16];
	sr_err e;

	SR_FAILS(SR_ERR_OSERROR, 0, sr_inet_ntoa("\x01\x02\x03", 3, s, ERR));
	SR_FAILS(SR_ERR_OSERROR, 0, sr_inet_ntoa(zero, 16, s, ERR));
	SR_FAILS(SR_ERR_OSERROR, 0, sr_inet_ntoa(zero, 0, s, ERR));
	sr_inet_ntoa(zero, 16, s, &e);
	ATF_CHECK_STREQ(e.msg, "packed IP wrong length for inet_ntoa");
}

/* convert.inet-pton-ipv4 */
ATF_TC_WITHOUT_HEAD(inet_pton_ipv4);
ATF_TC_BODY(inet_pton_ipv4, tc)
{
	unsigned char b[16];
	size_t n;

	SR_OK(sr_inet_pton(AF_INET, "1.2.3.4", b, &n, ERR));
	ATF_CHECK_EQ(n, 4);
	ATF_CHECK(memcmp(b, "\x01\x02\x03\x04", 4) == 0);
}

/* convert.inet-pton-ipv6 */
ATF_TC_WITHOUT_HEAD(inet_pton_ipv6);
ATF_TC_BODY(inet_pton_ipv6, tc)
{
	unsigned char b[16];
	size_t n;

	SR_OK(sr_inet_pton(AF_INET6, "::1", b, &n, ERR));
	ATF_CHECK_EQ(n, 16);
	ATF_CHECK(memcmp(b, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x01", 16) == 0);
}

/* convert.inet-pton-families */
ATF_TC_WITHOUT_HEAD(inet_pton_families);
ATF_TC_BODY(inet_pton_families, tc)
{
	unsigned char b[16];
	size_t n;

	SR_FAILS(SR_ERR_OSERROR, EAFNOSUPPORT,
		 sr_inet_pton(AF_UNIX, "1.2.3.4", b, &n, ERR));
	SR_FAILS(SR_ERR_OSERROR, EAFNOSUPPORT,
		 sr_inet_pton(12345, "1.2.3.4", b, &n, ERR));
}

/* convert.inet-pton-invalid */
ATF_TC_WITHOUT_HEAD(inet_pton_invalid);
ATF_TC_BODY(inet_pton_invalid, tc)
{
	unsigned char b[16];
	size_t n;
	sr_err e;

	SR_FAILS(SR_ERR_OSERROR, 0, sr_inet_pton(AF_INET, "127.1", b, &n, ERR));
	SR_FAILS(SR_ERR_OSERROR, 0, sr_inet_pton(AF_INET6, ":::", b, &n, ERR));
	SR_FAILS(SR_ERR_OSERROR, 0, sr_inet_pton(AF_INET, "::1", b, &n, ERR));
	sr_inet_pton(AF_INET, "127.1", b, &n, &e);
	ATF_CHECK_STREQ(e.msg, "illegal IP address string passed to inet_pton");
}

/* convert.inet-pton-ntop-availability */
ATF_TC_WITHOUT_HEAD(inet_pton_ntop_availability);
ATF_TC_BODY(inet_pton_ntop_availability, tc)
{
	unsigned char b[16];
	char s[46];
	size_t n;

	/* Both exist on Linux and round-trip each family. */
	SR_OK(sr_inet_pton(AF_INET, "192.0.2.1", b, &n, ERR));
	SR_OK(sr_inet_ntop(AF_INET, b, n, s, ERR));
	ATF_CHECK_STREQ(s, "192.0.2.1");
	SR_OK(sr_inet_pton(AF_INET6, "2001:db8::1", b, &n, ERR));
	SR_OK(sr_inet_ntop(AF_INET6, b, n, s, ERR));
	ATF_CHECK_STREQ(s, "2001:db8::1");
}

/* convert.inet-ntop */
ATF_TC_WITHOUT_HEAD(inet_ntop);
ATF_TC_BODY(inet_ntop, tc)
{
	unsigned char b[16];
	char s[46];
	size_t n;

	SR_OK(sr_inet_ntop(AF_INET, "\x07\x0a\x00\x05", 4, s, ERR));
	ATF_CHECK_STREQ(s, "7.10.0.5");
	SR_OK(sr_inet_pton(AF_INET6, "5aef:2b::8", b, &n, ERR));
	SR_OK(sr_inet_ntop(AF_INET6, b, n, s, ERR));
	ATF_CHECK_STREQ(s, "5aef:2b::8");
	/* The canonical form, not the input's spelling. */
	SR_OK(sr_inet_pton(AF_INET6, "0:0:0:0:0:0:0:1", b, &n, ERR));
	SR_OK(sr_inet_ntop(AF_INET6, b, n, s, ERR));
	ATF_CHECK_STREQ(s, "::1");
}

/* convert.inet-ntop-length */
ATF_TC_WITHOUT_HEAD(inet_ntop_length);
ATF_TC_BODY(inet_ntop_length, tc)
{
	static const unsigned char zero[16];
	char s[46];
	sr_err e;

	SR_FAILS(SR_ERR_VALUEERROR, 0, sr_inet_ntop(AF_INET, zero, 5, s, ERR));
	SR_FAILS(SR_ERR_VALUEERROR, 0, sr_inet_ntop(AF_INET6, zero, 4, s, ERR));
	sr_inet_ntop(AF_INET6, zero, 4, s, &e);
	ATF_CHECK_STREQ(e.msg, "invalid length of packed IP address string");
}

/* convert.inet-ntop-call-error: failures of the C call are OSError
 * (socket.rst:577); an unknown family is one — the call's EAFNOSUPPORT —
 * whatever the length. */
ATF_TC_WITHOUT_HEAD(inet_ntop_call_error);
ATF_TC_BODY(inet_ntop_call_error, tc)
{
	char s[46];

	SR_FAILS(SR_ERR_OSERROR, EAFNOSUPPORT,
		 sr_inet_ntop(12345, "1234", 4, s, ERR));
	SR_FAILS(SR_ERR_OSERROR, EAFNOSUPPORT,
		 sr_inet_ntop(AF_UNIX, "", 0, s, ERR));
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, ntohl);
	ATF_TP_ADD_TC(tp, ntohs);
	ATF_TP_ADD_TC(tp, htonl);
	ATF_TP_ADD_TC(tp, htons);
	ATF_TP_ADD_TC(tp, byteorder_range);
	ATF_TP_ADD_TC(tp, inet_aton_packed);
	ATF_TP_ADD_TC(tp, inet_aton_short_forms);
	ATF_TP_ADD_TC(tp, inet_aton_invalid);
	ATF_TP_ADD_TC(tp, inet_aton_no_ipv6);
	ATF_TP_ADD_TC(tp, inet_ntoa);
	ATF_TP_ADD_TC(tp, inet_ntoa_length);
	ATF_TP_ADD_TC(tp, inet_pton_ipv4);
	ATF_TP_ADD_TC(tp, inet_pton_ipv6);
	ATF_TP_ADD_TC(tp, inet_pton_families);
	ATF_TP_ADD_TC(tp, inet_pton_invalid);
	ATF_TP_ADD_TC(tp, inet_pton_ntop_availability);
	ATF_TP_ADD_TC(tp, inet_ntop);
	ATF_TP_ADD_TC(tp, inet_ntop_length);
	ATF_TP_ADD_TC(tp, inet_ntop_call_error);
	return atf_no_error();
}
