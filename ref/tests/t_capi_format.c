/*
 * t_capi_format.c — the C API's address helpers at their edges:
 * sr_addr_is_abstract for the shortest abstract name, and sr_addr_format,
 * which renders a path as Python's repr of the str that surrogateescape
 * decoding gives (socket.rst:47-51), at the boundaries of UTF-8 decoding
 * and of the printable ranges. Expected renderings are CPython's
 * (repr(os.fsdecode(path))).
 */
#include "helpers.h"

static void check_path_format(const char *path, size_t n, const char *want)
{
	char buf[256];
	sr_addr a;
	int len;

	SR_OK(sr_addr_unix(&a, path, n, ERR));
	len = sr_addr_format(&a, buf, sizeof buf);
	ATF_CHECK_STREQ(buf, want);
	ATF_CHECK_EQ(len, (int)strlen(want));
}

ATF_TC_WITHOUT_HEAD(abstract_one_byte);
ATF_TC_BODY(abstract_one_byte, tc)
{
	/* socket.rst:50: a name whose first byte is NUL is abstract, also
	 * when that NUL is all of it (b'\0' binds an abstract name) */
	sr_addr a;
	SR_OK(sr_addr_unix(&a, "\0", 1, ERR));
	ATF_CHECK(sr_addr_is_abstract(&a));
	SR_OK(sr_addr_unix(&a, "\0x", 2, ERR));
	ATF_CHECK(sr_addr_is_abstract(&a));
	SR_OK(sr_addr_unix(&a, "x", 1, ERR));
	ATF_CHECK(!sr_addr_is_abstract(&a));
}

ATF_TC_WITHOUT_HEAD(format_three_byte_lead_ef);
ATF_TC_BODY(format_three_byte_lead_ef, tc)
{
	/* socket.rst:48: 0xef starts a three-byte sequence like 0xe0-0xee;
	 * U+FFFD and U+F900 are printable, U+F8FF (private use) is not */
	check_path_format("/\xef\xbf\xbd", 4, "'/\xef\xbf\xbd'");
	check_path_format("/\xef\xa4\x80", 4, "'/\xef\xa4\x80'");
	check_path_format("/\xef\xa3\xbf", 4, "'/\\uf8ff'");
	check_path_format("/\xee\x80\x80", 4, "'/\\ue000'");
}

ATF_TC_WITHOUT_HEAD(format_last_code_point);
ATF_TC_BODY(format_last_code_point, tc)
{
	/* socket.rst:48: U+10FFFF is the last code point UTF-8 may carry, so
	 * its four bytes decode to one character (CPython shows it as
	 * '\U0010ffff'; sr_addr_format's printable() has no Unicode database
	 * and may show it as it is), never as four escaped bytes; one past
	 * it is not UTF-8 and each byte is escaped */
	char buf[64];
	sr_addr a;

	SR_OK(sr_addr_unix(&a, "/\xf4\x8f\xbf\xbf", 5, ERR));
	sr_addr_format(&a, buf, sizeof buf);
	ATF_CHECK_MSG(strcmp(buf, "'/\\U0010ffff'") == 0 ||
			      strcmp(buf, "'/\xf4\x8f\xbf\xbf'") == 0,
		      "U+10FFFF rendered as %s", buf);
	check_path_format("/\xf4\x90\x80\x80", 5,
			  "'/\\udcf4\\udc90\\udc80\\udc80'");
}

ATF_TC_WITHOUT_HEAD(format_general_punctuation);
ATF_TC_BODY(format_general_punctuation, tc)
{
	/* socket.rst:48: U+2000-U+200F (spaces, zero-width and direction
	 * marks) are not printable, U+2010 (hyphen) just after them is */
	check_path_format("/\xe2\x80\x8f", 4, "'/\\u200f'");
	check_path_format("/\xe2\x80\x90", 4, "'/\xe2\x80\x90'");
	check_path_format("/\xe2\x80\x80", 4, "'/\\u2000'");
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, abstract_one_byte);
	ATF_TP_ADD_TC(tp, format_three_byte_lead_ef);
	ATF_TP_ADD_TC(tp, format_last_code_point);
	ATF_TP_ADD_TC(tp, format_general_punctuation);
	return atf_no_error();
}
