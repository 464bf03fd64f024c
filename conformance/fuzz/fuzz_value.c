/*
 * fuzz_value.c — the literal-notation value parser (lang/value*.c) on
 * arbitrary text, as the harness meets it in adapter replies and in the
 * literals of case steps.
 *
 * Whatever the bytes:
 *   - v_parse_all gives a value or NULL with a message;
 *   - v_parse, called again and again along the text as the reply parser
 *     reads `raise CLASS CODE MESSAGE CHAIN MODULE`, moves forward and
 *     never past the end, and fails with a message and a position inside
 *     the text;
 *   - a value's repr (v_format) parses back to a value of the same repr,
 *     and a copy has it too (the wire carries values as their repr),
 *     except for -inf, whose repr the notation refuses;
 *   - everything is freed (LeakSanitizer).
 * The text ends at the first NUL, as a reply line does for the harness.
 */
#include "lang/value.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void bad(const char *what, const char *text, const char *detail)
{
	fprintf(stderr, "fuzz_value: %s\n  detail: %s\n  text: %.200s\n", what,
		detail, text);
	abort();
}

/* Does v hold a float for which pred is true? */
static bool holds(const value *v, bool (*pred)(double))
{
	if (v->kind == V_FLOAT)
		return pred(v->f);
	if (v->kind == V_TUPLE || v->kind == V_LIST || v->kind == V_DICT)
		for (size_t k = 0; k < v->len; k++)
			if (holds(v->items[k], pred))
				return true;
	return false;
}

static bool is_nan(double f)
{
	return isnan(f);
}

static bool is_neg_inf(double f)
{
	return isinf(f) && f < 0;
}

static void round_trip(const char *text, const value *v)
{
	char err[256];
	char *f = v_format(v);
	/* repr's "-inf" is refused by design (t_value: numbers_bad): the
	 * notation has nan and inf as names and no unary minus on a name */
	if (holds(v, is_neg_inf)) {
		free(f);
		return;
	}
	value *w = v_parse_all(f, err, sizeof err);
	if (!w)
		bad("a value's repr does not parse", f, err);
	char *g = v_format(w);
	if (strcmp(f, g) != 0)
		bad("a value's repr parses to another repr", text, g);
	value *c = v_copy(v);
	char *h = v_format(c);
	if (strcmp(f, h) != 0)
		bad("a copy has another repr", text, h);
	/* Python equality, which NaN is outside of */
	if (!holds(v, is_nan) && (!v_equal(v, w) || !v_equal(v, c)))
		bad("a value is not equal to its repr parsed or its copy",
		    text, f);
	if (!v_typename(v))
		bad("a value has no type name", text, f);
	free(f);
	free(g);
	free(h);
	v_free(w);
	v_free(c);
}

/* One literal after another, as the reply parser reads a raise line. */
static void sequence(const char *text, size_t len)
{
	char err[256];
	size_t pos = 0;
	for (int k = 0; k < 16 && pos < len; k++) {
		size_t before = pos;
		err[0] = '\0';
		value *v = v_parse(text, &pos, err, sizeof err);
		if (pos > len)
			bad("v_parse moved past the end", text, err);
		if (!v) {
			if (err[0] == '\0')
				bad("v_parse failed without a message", text, "");
			return;
		}
		if (pos == before)
			bad("v_parse took a value from no text", text, "");
		v_free(v);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	size_t len = strlen(text);
	char err[256];
	err[0] = '\0';
	value *v = v_parse_all(text, err, sizeof err);
	if (!v) {
		if (err[0] == '\0')
			bad("v_parse_all failed without a message", text, "");
	} else {
		round_trip(text, v);
		v_free(v);
	}
	sequence(text, len);
	free(text);
	return 0;
}
