/*
 * t_value.c — the literal notation: parse, repr, equality.
 *
 * Expected strings are what CPython's repr() prints for the same literal;
 * they are hard-coded here because they are the documented notation.
 */
#include <atf-c.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/value.h"

struct rt {
	const char *in;
	const char *out;
};

/* parse `in`, format, compare with `out`; then `out` must reparse to an
 * equal value that formats the same. */
static void check_rt(const struct rt *t, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		char err[128] = "";
		value *v = v_parse_all(t[k].in, err, sizeof err);
		ATF_CHECK_MSG(v != NULL, "parse %s: %s", t[k].in, err);
		if (!v)
			continue;
		char *s = v_format(v);
		ATF_CHECK_MSG(strcmp(s, t[k].out) == 0, "%s: got %s want %s",
			      t[k].in, s, t[k].out);
		value *w = v_parse_all(s, err, sizeof err);
		ATF_CHECK_MSG(w != NULL, "reparse %s: %s", s, err);
		if (w) {
			char *s2 = v_format(w);
			ATF_CHECK_STREQ(s, s2);
			ATF_CHECK_MSG(v_equal(v, w), "%s != reparsed", s);
			free(s2);
		}
		v_free(w);
		free(s);
		v_free(v);
	}
}

#define CHECK_RT(table) check_rt(table, sizeof table / sizeof table[0])

struct bad {
	const char *in;
	const char *msg;
	size_t pos;
};

static void check_bad(const struct bad *t, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		char err[128] = "";
		size_t pos = 0;
		value *v = v_parse(t[k].in, &pos, err, sizeof err);
		ATF_CHECK_MSG(v == NULL, "%s: parsed, expected error", t[k].in);
		v_free(v);
		ATF_CHECK_MSG(strcmp(err, t[k].msg) == 0, "%s: error '%s' want '%s'",
			      t[k].in, err, t[k].msg);
		ATF_CHECK_MSG(pos == t[k].pos, "%s: pos %zu want %zu", t[k].in,
			      pos, t[k].pos);
	}
}

#define CHECK_BAD(table) check_bad(table, sizeof table / sizeof table[0])

static value *P(const char *s)
{
	char err[128];
	value *v = v_parse_all(s, err, sizeof err);
	if (!v)
		atf_tc_fail("parse %s: %s", s, err);
	return v;
}

static char *F(const value *v)
{
	return v_format(v);
}

static bool eq(const char *a, const char *b)
{
	value *x = P(a), *y = P(b);
	bool r = v_equal(x, y);
	bool r2 = v_equal(y, x);
	if (r != r2)
		atf_tc_fail("v_equal not symmetric for %s, %s", a, b);
	v_free(x);
	v_free(y);
	return r;
}

/* ------------------------------------------------------------------ */

ATF_TC_WITHOUT_HEAD(singletons);
ATF_TC_BODY(singletons, tc)
{
	static const struct rt t[] = {
		{"None", "None"},
		{"True", "True"},
		{"False", "False"},
		{"  None", "None"},
		{"\tTrue\n", "True"},
	};
	CHECK_RT(t);
	value *v = P("True");
	ATF_CHECK_EQ(v->kind, V_BOOL);
	ATF_CHECK(v->b);
	v_free(v);
	v = P("None");
	ATF_CHECK_EQ(v->kind, V_NONE);
	v_free(v);
}

ATF_TC_WITHOUT_HEAD(ints);
ATF_TC_BODY(ints, tc)
{
	static const struct rt t[] = {
		{"0", "0"},
		{"-0", "0"},
		{"42", "42"},
		{"-5", "-5"},
		{"+7", "7"},
		{"- 5", "-5"},
		{"0x1F", "31"},
		{"0X1f", "31"},
		{"-0x10", "-16"},
		{"0o17", "15"},
		{"0O17", "15"},
		{"0b101", "5"},
		{"0B101", "5"},
		{"1_000_000", "1000000"},
		{"0x_ff", "255"},
		{"0xff_ff", "65535"},
		{"00", "0"},
		{"0_0", "0"},
		{"9223372036854775807", "9223372036854775807"},
		{"-9223372036854775808", "-9223372036854775808"},
		{"0x7fffffffffffffff", "9223372036854775807"},
		{"-0x8000000000000000", "-9223372036854775808"},
		{"0b" "1111111111111111111111111111111"
		 "11111111111111111111111111111111", "9223372036854775807"},
	};
	CHECK_RT(t);
	value *v = P("-9223372036854775808");
	ATF_CHECK_EQ(v->kind, V_INT);
	ATF_CHECK(v->i == INT64_MIN);
	v_free(v);
	v = P("0x7FFFFFFFFFFFFFFF");
	ATF_CHECK(v->i == INT64_MAX);
	v_free(v);
}

ATF_TC_WITHOUT_HEAD(int_errors);
ATF_TC_BODY(int_errors, tc)
{
	static const struct bad t[] = {
		{"0x", "invalid number", 2},
		{"0b2", "invalid number", 2},
		{"0o8", "invalid number", 2},
		{"0xg", "invalid number", 2},
		{"1__0", "invalid number", 1},
		{"1_", "invalid number", 1},
		{"0x1_", "invalid number", 3},
		{"12abc", "invalid number", 2},
		{"00000000000000000000000001", "leading zeros in decimal "
		 "integer literals are not permitted", 0},
		{"01", "leading zeros in decimal integer literals are not "
			"permitted", 0},
		{"-", "expected a number after sign", 1},
		{"-(1)", "expected a number after sign", 1},
		{"-inf", "expected a number after sign", 1},
		{"--1", "expected a number after sign", 1},
	};
	CHECK_BAD(t);
}

/* ints of any size: past int64 they are V_BIGINT, written in decimal
 * as Python writes them, and equal to what they are */
ATF_TC_WITHOUT_HEAD(big_ints);
ATF_TC_BODY(big_ints, tc)
{
	static const struct rt t[] = {
		{"9223372036854775808", "9223372036854775808"},
		{"-9223372036854775809", "-9223372036854775809"},
		{"  99999999999999999999999", "99999999999999999999999"},
		{"0x8000000000000000", "9223372036854775808"},
		{"-0x8000000000000001", "-9223372036854775809"},
		{"0x10000000000000000", "18446744073709551616"},
		{"0b1_0000000000000000000000000000000000000000000000000000000000000000",
		 "18446744073709551616"},
		{"1_000_000_000_000_000_000_000", "1000000000000000000000"},
		{"[18446744073709551616, -1]", "[18446744073709551616, -1]"},
	};
	char err[128];
	value *a, *b, *c;

	CHECK_RT(t);
	/* one past int64 is a bigint, int64's own ends stay V_INT */
	a = v_parse_all("9223372036854775808", err, sizeof err);
	ATF_REQUIRE(a != NULL);
	ATF_CHECK_EQ(V_BIGINT, a->kind);
	ATF_CHECK_STREQ("int", v_typename(a));
	b = v_parse_all("-9223372036854775808", err, sizeof err);
	ATF_CHECK_EQ(V_INT, b->kind);
	c = v_copy(a);
	ATF_CHECK(v_equal(a, c));
	ATF_CHECK(!v_equal(a, b));
	v_free(c);
	c = v_parse_all("9.223372036854775808e18", err, sizeof err);
	ATF_CHECK(v_equal(a, c)); /* 2**63 == 2.0**63, exactly */
	v_free(c);
	c = v_parse_all("1.2345678901234568e+29", err, sizeof err);
	v_free(a);
	a = v_parse_all("123456789012345678901234567890", err, sizeof err);
	ATF_CHECK(!v_equal(a, c)); /* the float is not that int */
	ATF_CHECK_EQ(1, v_int_cmp(a, b));
	ATF_CHECK_EQ(-1, v_int_cmp(b, a));
	v_free(a);
	v_free(b);
	v_free(c);
}

/* beyond VI_MAX_INT_DIGITS digits a literal is refused, not parsed in
 * quadratic time */
ATF_TC_WITHOUT_HEAD(big_int_limit);
ATF_TC_BODY(big_int_limit, tc)
{
	char err[128], *text = malloc(5003);
	value *v;

	ATF_REQUIRE(text != NULL);
	memset(text, '9', 5001);
	text[5001] = '\0';
	v = v_parse_all(text, err, sizeof err);
	ATF_CHECK(v == NULL);
	ATF_CHECK_STREQ("integer out of range", err);
	text[5000] = '\0';
	v = v_parse_all(text, err, sizeof err);
	ATF_CHECK(v != NULL && v->kind == V_BIGINT && v->len == 5000);
	v_free(v);
	free(text);
}

struct opcase {
	const char *op, *a, *b, *want; /* want "!CLASS" for an error */
};

/* v_int_op against Python's results (python3 -c 'print(a OP b)') */
ATF_TC_WITHOUT_HEAD(int_operators);
ATF_TC_BODY(int_operators, tc)
{
	static const struct opcase t[] = {
		{"**", "2", "63", "9223372036854775808"},
		{"**", "2", "64", "18446744073709551616"},
		{"**", "-3", "3", "-27"},
		{"**", "7", "0", "1"},
		{"**", "2", "100000", "!OverflowError"},
		{"+", "9223372036854775807", "1", "9223372036854775808"},
		{"-", "-9223372036854775808", "1", "-9223372036854775809"},
		{"+", "18446744073709551616", "-18446744073709551616", "0"},
		{"*", "4294967296", "4294967296", "18446744073709551616"},
		{"*", "-4294967296", "4294967296", "-18446744073709551616"},
		{"//", "-7", "2", "-4"},
		{"%", "-7", "2", "1"},
		{"%", "7", "-2", "-1"},
		{"//", "-18446744073709551617", "3", "-6148914691236517206"},
		{"%", "-18446744073709551617", "3", "1"},
		{"//", "1", "0", "!ZeroDivisionError"},
		{"%", "1", "0", "!ZeroDivisionError"},
		{"&", "-1", "18446744073709551615", "18446744073709551615"},
		{"&", "6", "3", "2"},
		{"|", "-18446744073709551616", "5", "-18446744073709551611"},
		{"|", "1", "2", "3"},
		{"^", "-1", "-2", "1"},
		{"<<", "1", "20", "1048576"},
		{"<<", "1", "100", "1267650600228229401496703205376"},
		{"<<", "1", "-1", "!ValueError"},
		{"<<", "0", "100000", "0"},
		{">>", "-5", "1", "-3"},
		{">>", "-4", "1", "-2"},
		{">>", "-18446744073709551617", "64", "-2"},
		{">>", "-1", "1000", "-1"},
		{">>", "18446744073709551616", "1000", "0"},
		{"~", "18446744073709551615", NULL, "-18446744073709551616"},
		{"~", "0", NULL, "-1"},
		{"neg", "-9223372036854775808", NULL, "9223372036854775808"},
		{"neg", "9223372036854775808", NULL, "-9223372036854775808"},
		{"+", "True", "1", "2"},
	};
	char err[128];

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		value *a = v_parse_all(t[i].a, err, sizeof err);
		value *b = t[i].b ? v_parse_all(t[i].b, err, sizeof err) : NULL;
		value *r;
		ATF_REQUIRE(a != NULL);
		err[0] = '\0';
		r = v_int_op(t[i].op, a, b, err, sizeof err);
		if (t[i].want[0] == '!') {
			ATF_CHECK_MSG(r == NULL && strncmp(err, t[i].want + 1,
				      strlen(t[i].want + 1)) == 0,
				      "%s %s %s: wanted %s, got '%s'", t[i].a,
				      t[i].op, t[i].b ? t[i].b : "", t[i].want,
				      err);
		} else {
			char *f = r ? v_format(r) : NULL;
			ATF_CHECK_MSG(f && strcmp(f, t[i].want) == 0,
				      "%s %s %s: wanted %s, got %s", t[i].a,
				      t[i].op, t[i].b ? t[i].b : "", t[i].want,
				      f ? f : err);
			free(f);
		}
		v_free(a);
		v_free(b);
		v_free(r);
	}
}

ATF_TC_WITHOUT_HEAD(floats);
ATF_TC_BODY(floats, tc)
{
	static const struct rt t[] = {
		{"0.0", "0.0"},
		{"-0.0", "-0.0"},
		{"1.5", "1.5"},
		{"-2.5", "-2.5"},
		{"1e-3", "0.001"},
		{"1E-3", "0.001"},
		{".5", "0.5"},
		{"-.5", "-0.5"},
		{"1.", "1.0"},
		{"1.e5", "100000.0"},
		{"100.0", "100.0"},
		{"0.1", "0.1"},
		{"0.0001", "0.0001"},
		{"1e-5", "1e-05"},
		{"1e15", "1000000000000000.0"},
		{"1e16", "1e+16"},
		{"1e22", "1e+22"},
		{"1.5e300", "1.5e+300"},
		{"5e-324", "5e-324"},
		{"2.2250738585072014e-308", "2.2250738585072014e-308"},
		{"1.7976931348623157e+308", "1.7976931348623157e+308"},
		{"123456789012345678.0", "1.2345678901234568e+17"},
		{"3.141592653589793", "3.141592653589793"},
		{"2.675", "2.675"},
		{"0.30000000000000004", "0.30000000000000004"},
		{"1_0.5_0", "10.5"},
		{"1_000e1_0", "10000000000000.0"},
		{"12345.678", "12345.678"},
		{"9007199254740993.0", "9007199254740992.0"},
		{"1e-4", "0.0001"},
		{"0.00012345", "0.00012345"},
		{"1.2345e-5", "1.2345e-05"},
		{"1234567890123456.0", "1234567890123456.0"},
		{"12345678901234567.0", "1.2345678901234568e+16"},
	};
	CHECK_RT(t);
	value *v = P("1e400");
	ATF_CHECK(isinf(v->f) && v->f > 0);
	char *s = F(v);
	ATF_CHECK_STREQ(s, "inf");
	free(s);
	v_free(v);
	v = v_float(-INFINITY);
	s = F(v);
	ATF_CHECK_STREQ(s, "-inf");
	free(s);
	v_free(v);
	v = v_float(NAN);
	s = F(v);
	ATF_CHECK_STREQ(s, "nan");
	ATF_CHECK(!v_equal(v, v)); /* nan != nan, as in Python */
	free(s);
	v_free(v);
	v = P("1.0");
	ATF_CHECK_EQ(v->kind, V_FLOAT);
	v_free(v);
	/* repr's nan and inf read back (adapters send them, cases write
	 * float('nan')) */
	v = P("nan");
	ATF_CHECK(v->kind == V_FLOAT && isnan(v->f));
	v_free(v);
	v = P("(inf, 1)");
	ATF_CHECK(v->kind == V_TUPLE && v->items[0]->kind == V_FLOAT &&
		  isinf(v->items[0]->f) && v->items[0]->f > 0);
	v_free(v);
}

ATF_TC_WITHOUT_HEAD(float_errors);
ATF_TC_BODY(float_errors, tc)
{
	static const struct bad t[] = {
		{"infinity", "not a literal", 0},
		{"NaN", "not a literal", 0},
		{"1e", "invalid number", 1},
		{"1e+", "invalid number", 1},
		{"1.2.3", "invalid number", 3},
		{"1._5", "invalid number", 2},
		{"1_.5", "invalid number", 1},
		{"1.5x", "invalid number", 3},
		{".", "not a literal", 0},
	};
	CHECK_BAD(t);
}

ATF_TC_WITHOUT_HEAD(str_escapes);
ATF_TC_BODY(str_escapes, tc)
{
	static const struct rt t[] = {
		{"'abc'", "'abc'"},
		{"\"abc\"", "'abc'"},
		{"''", "''"},
		{"\"\"", "''"},
		{"'\\n\\t\\r\\\\'", "'\\n\\t\\r\\\\'"},
		{"'\\a\\b\\f\\v'", "'\\x07\\x08\\x0c\\x0b'"},
		{"'\\0'", "'\\x00'"},
		{"'\\0\\7\\101\\777'", "'\\x00\\x07A\xc7\xbf'"},
		{"'\\1234'", "'S4'"},
		{"'\\x41\\x7f\\x80\\x9f\\xa0\\xa1\\xff'",
		 "'A\\x7f\\x80\\x9f\\xa0\xc2\xa1\xc3\xbf'"},
		{"'\\x00\\x01\\x1f'", "'\\x00\\x01\\x1f'"},
		{"'\\u0041\\u0100\\u20ac'", "'A\xc4\x80\xe2\x82\xac'"},
		{"'\\U0001F600'", "'\xf0\x9f\x98\x80'"},
		{"'\\U00000041'", "'A'"},
		{"'\\q'", "'\\\\q'"},
		{"'\\''", "\"'\""},
		{"\"\\\"\"", "'\"'"},
		{"'a\\\nb'", "'ab'"},
		{"'\\xAb'", "'\xc2\xab'"},
	};
	CHECK_RT(t);
	/* \0 is a real NUL inside the data */
	value *v = P("'a\\0b'");
	ATF_CHECK_EQ(v->len, 3);
	ATF_CHECK(memcmp(v->s, "a\0b", 3) == 0);
	ATF_CHECK_EQ(v->s[3], '\0');
	v_free(v);
}

ATF_TC_WITHOUT_HEAD(str_quotes);
ATF_TC_BODY(str_quotes, tc)
{
	static const struct rt t[] = {
		{"'a\\'b'", "\"a'b\""},
		{"\"a'b\"", "\"a'b\""},
		{"'a\"b'", "'a\"b'"},
		{"'a\\'\"b'", "'a\\'\"b'"},
		{"\"'\\\"\"", "'\\'\"'"},
		{"\"it's\"", "\"it's\""},
	};
	CHECK_RT(t);
}

ATF_TC_WITHOUT_HEAD(str_unicode);
ATF_TC_BODY(str_unicode, tc)
{
	static const struct rt t[] = {
		/* printable non-ASCII stays raw */
		{"'\xc3\xa9\xe4\xb8\xad'", "'\xc3\xa9\xe4\xb8\xad'"},
		{"'\xf0\x9f\x98\x80'", "'\xf0\x9f\x98\x80'"},
		/* C1 controls and no-break space are escaped */
		{"'\xc2\x80\xc2\xa0'", "'\\x80\\xa0'"},
		/* non-printables Python escapes */
		{"'\\xad\\u2028\\ufeff\\ue000'", "'\\xad\\u2028\\ufeff\\ue000'"},
		{"'\\u200b\\u3000\\U000e0001'", "'\\u200b\\u3000\\U000e0001'"},
		{"'\\U0010fffd'", "'\\U0010fffd'"},
		/* lone surrogates (surrogateescape), kept as WTF-8 */
		{"'\\udc80\\udcff'", "'\\udc80\\udcff'"},
		{"'\\ud800'", "'\\ud800'"},
		{"'x\\udcffy'", "'x\\udcffy'"},
	};
	CHECK_RT(t);
	value *v = P("'\\udc80'");
	ATF_CHECK_EQ(v->len, 3);
	ATF_CHECK(memcmp(v->s, "\xed\xb2\x80", 3) == 0);
	v_free(v);
	v = P("'\\udcff'");
	ATF_CHECK(memcmp(v->s, "\xed\xb3\xbf", 3) == 0);
	v_free(v);
	/* a constructed str with bytes that are not UTF-8: shown as the
	 * surrogateescape code points they stand for */
	v = v_str("a\xff\xc3", 3);
	char *s = F(v);
	ATF_CHECK_STREQ(s, "'a\\udcff\\udcc3'");
	free(s);
	v_free(v);
	/* WTF-8 surrogates typed raw in the text are accepted too */
	v = P("'\xed\xb2\x80'");
	s = F(v);
	ATF_CHECK_STREQ(s, "'\\udc80'");
	free(s);
	v_free(v);
}

ATF_TC_WITHOUT_HEAD(str_errors);
ATF_TC_BODY(str_errors, tc)
{
	static const struct bad t[] = {
		{"'abc", "unterminated string", 0},
		{"  'abc\\'", "unterminated string", 2},
		{"\"abc'", "unterminated string", 0},
		{"'ab\ncd'", "unterminated string", 0},
		{"'abc\\", "unterminated string", 0},
		{"'\\x4'", "truncated \\xXX escape", 1},
		{"'ab\\xg0'", "truncated \\xXX escape", 3},
		{"'\\u12'", "truncated \\uXXXX escape", 1},
		{"'\\U0010FFF'", "truncated \\UXXXXXXXX escape", 1},
		{"'\\U00110000'", "illegal Unicode character", 1},
		{"'\\N{DASH}'", "\\N{...} escapes are not supported", 1},
		{"'''x'''", "triple-quoted strings are not supported", 0},
		{"'a\xff'", "invalid UTF-8", 2},
		{"'\xc3'", "invalid UTF-8", 1},
		{"'\xc0\x80'", "invalid UTF-8", 1},
		{"'\xf4\x90\x80\x80'", "invalid UTF-8", 1},
	};
	CHECK_BAD(t);
}

ATF_TC_WITHOUT_HEAD(bytes_literals);
ATF_TC_BODY(bytes_literals, tc)
{
	static const struct rt t[] = {
		{"b''", "b''"},
		{"b\"\"", "b''"},
		{"b'abc'", "b'abc'"},
		{"B'x'", "b'x'"},
		{"b'\\x00\\xff\\n\\t\\r\\\\'", "b'\\x00\\xff\\n\\t\\r\\\\'"},
		{"b'\\a\\b\\f\\v\\0'", "b'\\x07\\x08\\x0c\\x0b\\x00'"},
		{"b'\\101\\777'", "b'A\\xff'"},
		{"b'\\x7f\\x80 ~'", "b'\\x7f\\x80 ~'"},
		{"b\"'\"", "b\"'\""},
		{"b'\"'", "b'\"'"},
		{"b'\\'\"'", "b'\\'\"'"},
		{"b'\\u1234'", "b'\\\\u1234'"},
		{"b'\\U00012345'", "b'\\\\U00012345'"},
		{"b'\\N{X}'", "b'\\\\N{X}'"},
		{"b'\\q'", "b'\\\\q'"},
		{"b'\\xFF'", "b'\\xff'"},
		/* raw prefixes */
		{"r'\\n'", "'\\\\n'"},
		{"R'a\\'b'", "\"a\\\\'b\""},
		{"rb'\\x00'", "b'\\\\x00'"},
		{"Br'\\\\'", "b'\\\\\\\\'"},
		{"bR'x'", "b'x'"},
	};
	CHECK_RT(t);
	value *v = P("b'\\x00a'");
	ATF_CHECK_EQ(v->kind, V_BYTES);
	ATF_CHECK_EQ(v->len, 2);
	ATF_CHECK(memcmp(v->s, "\0a", 2) == 0);
	v_free(v);

	static const struct bad e[] = {
		{"b'\xc3\xa9'", "bytes can only contain ASCII literal "
				"characters", 2},
		{"b'abc", "unterminated string", 1},
		{"b'\\xg'", "truncated \\xXX escape", 2},
		{"bb'x'", "not a literal", 0},
		{"rr'x'", "not a literal", 0},
		{"u'x'", "not a literal", 0},
	};
	CHECK_BAD(e);
}

ATF_TC_WITHOUT_HEAD(containers);
ATF_TC_BODY(containers, tc)
{
	static const struct rt t[] = {
		{"()", "()"},
		{"( )", "()"},
		{"(1,)", "(1,)"},
		{"(1 , )", "(1,)"},
		{"(1, 2)", "(1, 2)"},
		{"(1,2,)", "(1, 2)"},
		{"(1)", "1"},
		{"((1))", "1"},
		{"('a')", "'a'"},
		{"((1,))", "(1,)"},
		{"[]", "[]"},
		{"[1]", "[1]"},
		{"[1,]", "[1]"},
		{"[1, 2,]", "[1, 2]"},
		{"[(1)]", "[1]"},
		{"{}", "{}"},
		{"{'a': 1}", "{'a': 1}"},
		{"{'a':1,}", "{'a': 1}"},
		{"{'a': 1, 'b': [1, (2,)], }", "{'a': 1, 'b': [1, (2,)]}"},
		{"{'a': 1, 'a': 2}", "{'a': 2}"},
		{"{'a': 1, 'b': 2, 'a': 3}", "{'a': 3, 'b': 2}"},
		{"{1: 'a', True: 'b'}", "{1: 'b'}"},
		{"{(1, 2): None}", "{(1, 2): None}"},
		{"( 1 , [ 'x' , { 'k' : b'v' } ] , ( ) , None )",
		 "(1, ['x', {'k': b'v'}], (), None)"},
		{"[[[[[]]]]]", "[[[[[]]]]]"},
		{"(\n1,\t2\r\n)", "(1, 2)"},
		{"('127.0.0.1', 8080)", "('127.0.0.1', 8080)"},
		{"[(2, 1, 6, '', ('127.0.0.1', 80))]",
		 "[(2, 1, 6, '', ('127.0.0.1', 80))]"},
		{"('::1', 80, 0, 0)", "('::1', 80, 0, 0)"},
		{"(1.5, -2, True, None)", "(1.5, -2, True, None)"},
	};
	CHECK_RT(t);
	value *v = P("(1, [2, 3], {'k': 4})");
	ATF_CHECK_EQ(v->kind, V_TUPLE);
	ATF_CHECK_EQ(v->len, 3);
	ATF_CHECK_EQ(v->items[1]->kind, V_LIST);
	ATF_CHECK_EQ(v->items[1]->len, 2);
	ATF_CHECK_EQ(v->items[2]->kind, V_DICT);
	ATF_CHECK_EQ(v->items[2]->len, 2);
	ATF_CHECK_EQ(v->items[2]->items[0]->kind, V_STR);
	ATF_CHECK_EQ(v->items[2]->items[1]->i, 4);
	v_free(v);
}

ATF_TC_WITHOUT_HEAD(container_errors);
ATF_TC_BODY(container_errors, tc)
{
	static const struct bad t[] = {
		{"(1 2)", "expected ',' or ')'", 3},
		{"[1 2]", "expected ',' or ']'", 3},
		{"{'a' 1}", "expected ':'", 5},
		{"{'a': 1 'b': 2}", "expected ',' or '}'", 8},
		{"{1}", "expected ':'", 2},
		{"{'a': }", "not a literal", 6},
		{"[1,,]", "not a literal", 3},
		{"(,)", "not a literal", 1},
		{"(", "unexpected end of input", 1},
		{"[1, 2", "expected ',' or ']'", 5},
		{"[1, 2,", "unexpected end of input", 6},
		{"(1, foo)", "unknown name 'foo'", 4},
		{"[AF_INET]", "unknown name 'AF_INET'", 1},
		{"(1, 2]", "expected ',' or ')'", 5},
		{"[1, (2, 3]", "expected ',' or ')'", 9},
	};
	CHECK_BAD(t);
}

ATF_TC_WITHOUT_HEAD(nesting_limit);
ATF_TC_BODY(nesting_limit, tc)
{
	/* deep but allowed */
	size_t n = 400;
	char *s = malloc(2 * n + 1);
	for (size_t k = 0; k < n; k++) {
		s[k] = '[';
		s[n + k] = ']';
	}
	s[2 * n] = '\0';
	value *v = P(s);
	char *f = F(v);
	ATF_CHECK_STREQ(f, s);
	free(f);
	value *c = v_copy(v);
	ATF_CHECK(v_equal(v, c));
	v_free(c);
	v_free(v);
	free(s);
	/* hostile depth is an error, not a stack overflow */
	n = 100000;
	s = malloc(n + 1);
	memset(s, '(', n);
	s[n] = '\0';
	char err[64];
	size_t pos = 0;
	v = v_parse(s, &pos, err, sizeof err);
	ATF_CHECK(v == NULL);
	ATF_CHECK_STREQ(err, "nesting too deep");
	free(s);
}

ATF_TC_WITHOUT_HEAD(handles);
ATF_TC_BODY(handles, tc)
{
	static const struct rt t[] = {
		{"<socket 3>", "<socket 3>"},
		{"<file 12>", "<file 12>"},
		{"(<socket 0>, ('127.0.0.1', 5))", "(<socket 0>, ('127.0.0.1', 5))"},
		{"[<socket 1>,<file 2>]", "[<socket 1>, <file 2>]"},
	};
	CHECK_RT(t);
	/* classes: qualified name and the chain of names */
	static const struct rt cl[] = {
		{"<class 'builtins.OSError' ('OSError', 'Exception')>",
		 "<class 'builtins.OSError' ('OSError', 'Exception')>"},
		{"<class 'x.Y' ('Y',)>", "<class 'x.Y' ('Y',)>"},
	};
	CHECK_RT(cl);
	value *k = P("<class 'socket.timeout' ('timeout', 'OSError', 'Exception')>");
	ATF_CHECK_EQ(k->kind, V_CLASS);
	ATF_CHECK_STREQ(k->s, "socket.timeout");
	ATF_CHECK_EQ(k->len, 3);
	ATF_CHECK_STREQ(v_typename(k), "type");
	value *k2 = v_copy(k);
	ATF_CHECK(v_equal(k, k2));
	v_free(k2);
	v_free(k);
	static const struct bad ce[] = {
		{"<class 'a' ['a']>", "expected a tuple of class names", 16},
		{"<class 3 ()>", "expected a class name", 8},
	};
	CHECK_BAD(ce);
	value *v = P("<socket 3>");
	ATF_CHECK_EQ(v->kind, V_HANDLE);
	ATF_CHECK_STREQ(v->s, "socket");
	ATF_CHECK_EQ(v->i, 3);
	ATF_CHECK_STREQ(v_typename(v), "socket");
	v_free(v);
	static const struct bad e[] = {
		{"<socket>", "expected ' ' in handle", 7},
		{"<socket x>", "expected a handle number", 8},
		{"<3>", "expected a handle kind", 1},
		{"<socket 3", "expected '>'", 9},
		{"<socket -1>", "expected a handle number", 8},
		{"<socket 99999999999999999999>", "handle number out of range",
		 26},
	};
	CHECK_BAD(e);
}

ATF_TC_WITHOUT_HEAD(not_literal);
ATF_TC_BODY(not_literal, tc)
{
	static const struct bad t[] = {
		{"foo", "not a literal", 0},
		{"   foo(1)", "not a literal", 3},
		{"AF_INET", "not a literal", 0},
		{"b", "not a literal", 0},
		{"rb", "not a literal", 0},
		{"None1", "not a literal", 0},
		{"Nonex", "not a literal", 0},
		{"none", "not a literal", 0},
		{"true", "not a literal", 0},
		{"_", "not a literal", 0},
		{"$", "not a literal", 0},
		{"==", "not a literal", 0},
		{"\xc3\xa9", "not a literal", 0},
		{"", "expected a literal", 0},
		{"   ", "expected a literal", 3},
	};
	CHECK_BAD(t);
}

ATF_TC_WITHOUT_HEAD(embedded);
ATF_TC_BODY(embedded, tc)
{
	static const struct {
		const char *text;
		size_t start, end;
		const char *repr;
	} t[] = {
		{"ok (1, 'a') trailing", 2, 11, "(1, 'a')"},
		{"ok 42", 2, 5, "42"},
		{"ok None\n", 2, 7, "None"},
		{"True)", 0, 4, "True"},
		{"'a'b'", 0, 3, "'a'"},
		{"x == b'hi' # comment", 4, 10, "b'hi'"},
		{"1,2", 0, 1, "1"},
		{"[1] [2]", 0, 3, "[1]"},
		{"(1) + 2", 0, 3, "1"},
		{"-5)", 0, 2, "-5"},
		{"call <socket 3> recv (10,) {}", 4, 15, "<socket 3>"},
		{"call <socket 3> recv (10,) {}", 20, 26, "(10,)"},
		{"call <socket 3> recv (10,) {}", 26, 29, "{}"},
		{"raise OSError 98 'Address already in use'", 16, 41,
		 "'Address already in use'"},
		{"raise timeout None 'timed out'", 13, 18, "None"},
		/* print, stdout and sys_exit on the wire (README) */
		{"call - print ('could not open socket',) {'sep': ' '}", 12, 39,
		 "('could not open socket',)"},
		{"call - print ('could not open socket',) {'sep': ' '}", 39, 52,
		 "{'sep': ' '}"},
		{"ok 'could not open socket\\n'", 2, 28,
		 "'could not open socket\\n'"},
		{"raise SystemExit 1 '1' ('SystemExit',) 'builtins'", 16, 18, "1"},
		{"raise SystemExit 1 '1' ('SystemExit',) 'builtins'", 22, 38,
		 "('SystemExit',)"},
	};
	for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
		char err[128] = "";
		size_t pos = t[k].start;
		value *v = v_parse(t[k].text, &pos, err, sizeof err);
		ATF_CHECK_MSG(v != NULL, "%s@%zu: %s", t[k].text, t[k].start,
			      err);
		if (!v)
			continue;
		ATF_CHECK_MSG(pos == t[k].end, "%s@%zu: end %zu want %zu",
			      t[k].text, t[k].start, pos, t[k].end);
		char *s = F(v);
		ATF_CHECK_STREQ(s, t[k].repr);
		free(s);
		v_free(v);
	}
	/* a whole reply read literal by literal */
	const char *line = "ok ((1, 2), [b'x'], {'k': None})";
	size_t pos = 2;
	char err[64];
	value *v = v_parse(line, &pos, err, sizeof err);
	ATF_REQUIRE(v != NULL);
	ATF_CHECK_EQ(pos, strlen(line));
	v_free(v);
}

ATF_TC_WITHOUT_HEAD(parse_all);
ATF_TC_BODY(parse_all, tc)
{
	char err[128];
	value *v = v_parse_all("  (1, 2)  \n", err, sizeof err);
	ATF_CHECK(v != NULL);
	v_free(v);
	v = v_parse_all("(1, 2) x", err, sizeof err);
	ATF_CHECK(v == NULL);
	ATF_CHECK_STREQ(err, "unexpected text after literal at 7");
	v = v_parse_all("1 2", err, sizeof err);
	ATF_CHECK(v == NULL);
	v = v_parse_all("", err, sizeof err);
	ATF_CHECK(v == NULL);
	ATF_CHECK_STREQ(err, "expected a literal");
	/* a tiny or absent error buffer is fine */
	v = v_parse_all("'abc", err, 4);
	ATF_CHECK(v == NULL);
	ATF_CHECK_STREQ(err, "unt");
	v = v_parse_all("'abc", NULL, 0);
	ATF_CHECK(v == NULL);
	size_t pos = 0;
	v = v_parse("foo", &pos, NULL, 0);
	ATF_CHECK(v == NULL);
}

ATF_TC_WITHOUT_HEAD(equality);
ATF_TC_BODY(equality, tc)
{
	ATF_CHECK(eq("True", "1"));
	ATF_CHECK(eq("1", "1.0"));
	ATF_CHECK(eq("True", "1.0"));
	ATF_CHECK(eq("False", "0"));
	ATF_CHECK(eq("False", "-0.0"));
	ATF_CHECK(eq("0.0", "-0.0"));
	ATF_CHECK(!eq("True", "2"));
	ATF_CHECK(!eq("1", "1.5"));
	ATF_CHECK(eq("0x10", "16"));
	/* int/float compare exactly */
	ATF_CHECK(eq("9007199254740992", "9007199254740992.0"));
	ATF_CHECK(!eq("9007199254740993", "9007199254740992.0"));
	ATF_CHECK(!eq("9223372036854775807", "9223372036854775808.0"));
	ATF_CHECK(eq("-9223372036854775808", "-9223372036854775808.0"));
	ATF_CHECK(!eq("1", "1e400"));
	ATF_CHECK(eq("None", "None"));
	ATF_CHECK(!eq("None", "0"));
	ATF_CHECK(!eq("None", "False"));
	ATF_CHECK(!eq("None", "()"));
	ATF_CHECK(eq("'a'", "\"a\""));
	ATF_CHECK(!eq("'a'", "b'a'"));
	ATF_CHECK(!eq("''", "b''"));
	ATF_CHECK(!eq("'1'", "1"));
	ATF_CHECK(!eq("'a'", "'a\\0'"));
	ATF_CHECK(eq("b'\\x00'", "b'\\0'"));
	ATF_CHECK(eq("(1, 2)", "(1, 2)"));
	ATF_CHECK(eq("(1, 2)", "(True, 2.0)"));
	ATF_CHECK(!eq("(1, 2)", "[1, 2]"));
	ATF_CHECK(!eq("()", "[]"));
	ATF_CHECK(!eq("(1, 2)", "(1, 2, 3)"));
	ATF_CHECK(!eq("(1, 2)", "(2, 1)"));
	ATF_CHECK(eq("[]", "[]"));
	ATF_CHECK(eq("[[1], (2,)]", "[[1.0], (2,)]"));
	ATF_CHECK(!eq("[[1], (2,)]", "[[1], [2]]"));
	ATF_CHECK(eq("{}", "{}"));
	ATF_CHECK(eq("{'a': 1, 'b': 2}", "{'b': 2, 'a': 1}"));
	ATF_CHECK(eq("{1: 'x'}", "{1.0: 'x'}"));
	ATF_CHECK(!eq("{'a': 1}", "{'a': 2}"));
	ATF_CHECK(!eq("{'a': 1}", "{'b': 1}"));
	ATF_CHECK(!eq("{'a': 1}", "{'a': 1, 'b': 2}"));
	ATF_CHECK(!eq("{}", "[]"));
	ATF_CHECK(eq("<socket 3>", "<socket 3>"));
	ATF_CHECK(!eq("<socket 3>", "<socket 4>"));
	ATF_CHECK(!eq("<socket 3>", "<file 3>"));
	ATF_CHECK(!eq("<socket 3>", "3"));
	ATF_CHECK(eq("'\\udc80'", "'\\udc80'"));
	ATF_CHECK(!eq("'\\udc80'", "'\\udc81'"));
	/* NULL stands for None */
	value *n = v_none();
	ATF_CHECK(v_equal(NULL, n));
	ATF_CHECK(v_equal(NULL, NULL));
	v_free(n);
}

ATF_TC_WITHOUT_HEAD(typenames);
ATF_TC_BODY(typenames, tc)
{
	static const struct {
		const char *lit, *name;
	} t[] = {
		{"None", "NoneType"}, {"True", "bool"},    {"1", "int"},
		{"1.0", "float"},     {"'a'", "str"},      {"b'a'", "bytes"},
		{"()", "tuple"},      {"(1,)", "tuple"},   {"(1)", "int"},
		{"[]", "list"},       {"{}", "dict"},      {"<socket 1>", "socket"},
		{"<file 2>", "file"},
	};
	for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
		value *v = P(t[k].lit);
		ATF_CHECK_STREQ(v_typename(v), t[k].name);
		v_free(v);
	}
}

ATF_TC_WITHOUT_HEAD(constructors);
ATF_TC_BODY(constructors, tc)
{
	value *t = v_seq(V_TUPLE, 5);
	ATF_CHECK_EQ(t->len, 5);
	for (size_t k = 0; k < 5; k++)
		ATF_CHECK(t->items[k] == NULL);
	t->items[0] = v_int(-3);
	t->items[1] = v_float(2.0);
	t->items[2] = v_str("x'y", 3);
	t->items[3] = v_bytes("\x00\x01", 2);
	t->items[4] = v_handle("socket", 7);
	char *s = F(t);
	ATF_CHECK_STREQ(s, "(-3, 2.0, \"x'y\", b'\\x00\\x01', <socket 7>)");
	free(s);
	value *c = v_copy(t);
	ATF_CHECK(c != t);
	ATF_CHECK(c->items[2] != t->items[2]);
	ATF_CHECK(c->items[2]->s != t->items[2]->s);
	ATF_CHECK(v_equal(t, c));
	s = F(c);
	ATF_CHECK_STREQ(s, "(-3, 2.0, \"x'y\", b'\\x00\\x01', <socket 7>)");
	free(s);
	v_free(t);
	v_free(c);

	value *d = v_seq(V_DICT, 2);
	d->items[0] = v_str("k", 1);
	d->items[1] = v_bool(false);
	s = F(d);
	ATF_CHECK_STREQ(s, "{'k': False}");
	free(s);
	v_free(d);

	value *one = v_seq(V_TUPLE, 1);
	one->items[0] = v_str("", 0);
	s = F(one);
	ATF_CHECK_STREQ(s, "('',)");
	free(s);
	v_free(one);

	value *l = v_seq(V_LIST, 0);
	s = F(l);
	ATF_CHECK_STREQ(s, "[]");
	free(s);
	v_free(l);

	value *b = v_bytes(NULL, 0);
	ATF_CHECK_EQ(b->len, 0);
	ATF_CHECK(b->s != NULL && b->s[0] == '\0');
	v_free(b);
	value *i = v_int(INT64_MIN);
	s = F(i);
	ATF_CHECK_STREQ(s, "-9223372036854775808");
	free(s);
	v_free(i);
	v_free(NULL);
	ATF_CHECK(v_copy(NULL) == NULL);
}

ATF_TC_WITHOUT_HEAD(str_bytes_all_bytes);
ATF_TC_BODY(str_bytes_all_bytes, tc)
{
	/* every byte value through bytes repr and back */
	unsigned char all[256];
	for (int k = 0; k < 256; k++)
		all[k] = (unsigned char)k;
	value *v = v_bytes(all, sizeof all);
	char *s = F(v);
	ATF_CHECK(strncmp(s, "b'\\x00\\x01", 10) == 0);
	ATF_CHECK(strstr(s, "\\t\\n\\x0b\\x0c\\r") != NULL);
	ATF_CHECK(strstr(s, " !\"#$%&\\'()") != NULL);
	ATF_CHECK(strstr(s, "[\\\\]") != NULL);
	ATF_CHECK(strstr(s, "}~\\x7f\\x80") != NULL);
	char err[64];
	value *w = v_parse_all(s, err, sizeof err);
	ATF_REQUIRE_MSG(w != NULL, "%s", err);
	ATF_CHECK(v_equal(v, w));
	free(s);
	v_free(w);
	v_free(v);
	/* every code point below U+0800 through str repr and back */
	char text[8];
	for (unsigned cp = 0; cp < 0x800; cp++) {
		int n;
		if (cp < 0x80) {
			text[0] = (char)cp;
			n = 1;
		} else {
			text[0] = (char)(0xC0 | (cp >> 6));
			text[1] = (char)(0x80 | (cp & 0x3F));
			n = 2;
		}
		v = v_str(text, (size_t)n);
		s = F(v);
		w = v_parse_all(s, err, sizeof err);
		ATF_CHECK_MSG(w && v_equal(v, w), "U+%04X: %s", cp, s);
		v_free(w);
		free(s);
		v_free(v);
	}
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, singletons);
	ATF_TP_ADD_TC(tp, ints);
	ATF_TP_ADD_TC(tp, int_errors);
	ATF_TP_ADD_TC(tp, big_ints);
	ATF_TP_ADD_TC(tp, big_int_limit);
	ATF_TP_ADD_TC(tp, int_operators);
	ATF_TP_ADD_TC(tp, floats);
	ATF_TP_ADD_TC(tp, float_errors);
	ATF_TP_ADD_TC(tp, str_escapes);
	ATF_TP_ADD_TC(tp, str_quotes);
	ATF_TP_ADD_TC(tp, str_unicode);
	ATF_TP_ADD_TC(tp, str_errors);
	ATF_TP_ADD_TC(tp, bytes_literals);
	ATF_TP_ADD_TC(tp, containers);
	ATF_TP_ADD_TC(tp, container_errors);
	ATF_TP_ADD_TC(tp, nesting_limit);
	ATF_TP_ADD_TC(tp, handles);
	ATF_TP_ADD_TC(tp, not_literal);
	ATF_TP_ADD_TC(tp, embedded);
	ATF_TP_ADD_TC(tp, parse_all);
	ATF_TP_ADD_TC(tp, equality);
	ATF_TP_ADD_TC(tp, typenames);
	ATF_TP_ADD_TC(tp, constructors);
	ATF_TP_ADD_TC(tp, str_bytes_all_bytes);
	return atf_no_error();
}
