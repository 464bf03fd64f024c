/*
 * t_candump.c — the candump log parser (candump.c): every frame shape
 * can-utils writes or replays becomes the tuple the cases compare, and a
 * malformed line is refused with its line, column and reason.
 *
 * Expected values are written in the literal notation (what repr() of the
 * tuple prints), so a reader checks them against the log line by eye.
 */
#include <atf-c.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/candump.h"

/* parse text, compare the list's repr with want */
static void frames_are(const char *text, const char *want)
{
	char err[256] = "";
	value *v = candump_frames(text, strlen(text), err, sizeof err);
	ATF_REQUIRE_MSG(v != NULL, "%s: %s", text, err);
	char *got = v_format(v);
	ATF_CHECK_MSG(strcmp(got, want) == 0, "%s:\n got  %s\n want %s", text,
		      got, want);
	free(got);
	v_free(v);
}

/* parse text, expect NULL and exactly the message want */
static void refused(const char *text, size_t len, const char *want)
{
	char err[256] = "";
	value *v = candump_frames(text, len, err, sizeof err);
	ATF_CHECK_MSG(v == NULL, "%s: accepted", text);
	if (v)
		v_free(v);
	ATF_CHECK_MSG(strcmp(err, want) == 0, "%s:\n got  %s\n want %s", text,
		      err, want);
}
#define REFUSED(text, want) refused(text, strlen(text), want)

ATF_TC_WITHOUT_HEAD(standard);
ATF_TC_BODY(standard, tc)
{
	/* 3 hex digits: an 11-bit id, no flag; dlc is the number of bytes */
	frames_are("(1436509052.249713) vcan0 123#DEADBEEF\n",
		   "[('vcan0', 291, 4, b'\\xde\\xad\\xbe\\xef')]");
	frames_are("(1.000000) vcan0 000#\n", "[('vcan0', 0, 0, b'')]");
	frames_are("(1.000000) can1 7FF#1122334455667788",
		   "[('can1', 2047, 8, b'\\x11\"3DUfw\\x88')]");
	/* cansend's dotted data, lower-case hex */
	frames_are("(1.000000) vcan0 5a1#11.2233.44\n",
		   "[('vcan0', 1441, 4, b'\\x11\"3D')]");
}

ATF_TC_WITHOUT_HEAD(extended);
ATF_TC_BODY(extended, tc)
{
	/* 8 hex digits: a 29-bit id, CAN_EFF_FLAG (0x80000000) set */
	frames_are("(1.000000) vcan0 12345678#11\n",
		   "[('vcan0', 2452903544, 1, b'\\x11')]");
	frames_are("(1.000000) vcan0 00000000#\n",
		   "[('vcan0', 2147483648, 0, b'')]");
	frames_are("(1.000000) vcan0 1FFFFFFF#0102030405060708\n",
		   "[('vcan0', 2684354559, 8, b'\\x01\\x02\\x03\\x04\\x05\\x06\\x07\\x08')]");
	/* an error frame keeps CAN_ERR_FLAG and gets no EFF flag */
	frames_are("(1.000000) vcan0 20000080#0000000000000000\n",
		   "[('vcan0', 536871040, 8, b'\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00')]");
}

ATF_TC_WITHOUT_HEAD(remote);
ATF_TC_BODY(remote, tc)
{
	/* CAN_RTR_FLAG 0x40000000, no data, dlc the digit after R */
	frames_are("(1.000000) vcan0 123#R\n", "[('vcan0', 1073742115, 0, b'')]");
	frames_are("(1.000000) vcan0 00000123#R3\n",
		   "[('vcan0', 3221225763, 3, b'')]");
}

ATF_TC_WITHOUT_HEAD(fd);
ATF_TC_BODY(fd, tc)
{
	/* CAN FD: a fifth item, the flags nibble, so it never equals a
	 * classic frame */
	frames_are("(1.000000) vcan0 123##5AABB\n",
		   "[('vcan0', 291, 2, b'\\xaa\\xbb', 5)]");
	frames_are("(1.000000) vcan0 123##0\n", "[('vcan0', 291, 0, b'', 0)]");
}

ATF_TC_WITHOUT_HEAD(whole_log);
ATF_TC_BODY(whole_log, tc)
{
	/* comments and blank lines are skipped (canplayer skips every line
	 * not starting with '('); CRLF and trailing blanks are tolerated;
	 * the order is the log's */
	frames_are("# a fixture\n\n(1.0) vcan0 001#01\r\n"
		   "(2.5) vcan1 002#02  \n# end\n",
		   "[('vcan0', 1, 1, b'\\x01'), ('vcan1', 2, 1, b'\\x02')]");
	frames_are("", "[]");
	frames_are("# nothing but a comment\n", "[]");
}

ATF_TC_WITHOUT_HEAD(malformed);
ATF_TC_BODY(malformed, tc)
{
	REFUSED("vcan0 123#00",
		"line 1, column 1: expected '(' opening the timestamp");
	REFUSED("(1) vcan0 123#00",
		"line 1, column 3: expected the timestamp's seconds and '.'");
	REFUSED("(1.) vcan0 123#00",
		"line 1, column 4: expected the timestamp's fraction and ')'");
	REFUSED("(1.0)vcan0 123#00",
		"line 1, column 6: expected a space after the timestamp");
	REFUSED("(1.0) vcan0",
		"line 1, column 12: expected a space after the interface name");
	REFUSED("(1.0) averyveryverylongname 123#00",
		"line 1, column 7: interface name longer than 15 characters");
	REFUSED("(1.0) vcan0 1234#00",
		"line 1, column 13: a CAN id has 3 (standard) or 8 (extended) hex digits");
	REFUSED("(1.0) vcan0 123",
		"line 1, column 16: expected a CAN id of 3 (standard) or 8 (extended) hex digits, then '#'");
	REFUSED("(1.0) vcan0 xyz#00",
		"line 1, column 13: expected a CAN id of 3 (standard) or 8 (extended) hex digits, then '#'");
	REFUSED("(1.0) vcan0 800#00",
		"line 1, column 13: standard CAN id above 7FF");
	REFUSED("(1.0) vcan0 E0000000#00",
		"line 1, column 13: error frame id with the EFF or RTR bit set");
	REFUSED("(1.0) vcan0 123#ABC",
		"line 1, column 19: odd number of hex digits in the data");
	REFUSED("(1.0) vcan0 123#112233445566778899",
		"line 1, column 33: more than 8 data bytes in a classic CAN frame");
	REFUSED("(1.0) vcan0 123#R9", "line 1, column 18: remote frame dlc above 8");
	REFUSED("(1.0) vcan0 123##X",
		"line 1, column 18: expected a CAN FD flags hex digit after '##'");
	REFUSED("(1.0) vcan0 123#00 T",
		"line 1, column 20: unexpected text after the frame");
	REFUSED(" (1.0) vcan0 123#00",
		"line 1, column 2: a frame line has its '(' in column 1 (canplayer skips any other line)");
	/* the line number counts every line, comments included */
	REFUSED("# c\n(1.0) vcan0 123#00\n(2.0) vcan0 123#0\n",
		"line 3, column 17: odd number of hex digits in the data");
	refused("(1.0) vcan0 123#00\0", 19,
		"line 1, column 19: NUL byte in the log");
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, standard);
	ATF_TP_ADD_TC(tp, extended);
	ATF_TP_ADD_TC(tp, remote);
	ATF_TP_ADD_TC(tp, fd);
	ATF_TP_ADD_TC(tp, whole_log);
	ATF_TP_ADD_TC(tp, malformed);
	return atf_no_error();
}
