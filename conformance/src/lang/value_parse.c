/*
 * value_parse.c — the Python literal parser of value.h (v_parse,
 * v_parse_all): containers, handles, names; numbers and strings are in
 * value_parse_scalar.c, the scanner both use in value_scan.c.
 *
 * The parser is written for untrusted text (adapter output): every read is
 * bounded by the terminating NUL, nesting is limited (V_MAX_DEPTH), and every
 * input yields either a value or an error message with the fault position.
 */
#include "value_internal.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Deeper nesting is refused so a hostile line cannot exhaust the stack. */
#define V_MAX_DEPTH 500

/* ---------------------------------------------------------------- parser */

static value *parse_value(vi_parser *p, int depth);

/* Append an item to a sequence under construction. */
static void seq_push(value *s, value *item, size_t *cap)
{
	if (s->len == *cap) {
		*cap = *cap ? *cap * 2 : 4;
		s->items = vi_xrealloc(s->items, *cap * sizeof *s->items);
	}
	s->items[s->len++] = item;
}

static value *parse_seq(vi_parser *p, int depth)
{
	unsigned char open = vi_cur(p);
	unsigned char close = open == '(' ? ')' : open == '[' ? ']' : '}';
	vkind kind = open == '(' ? V_TUPLE : open == '[' ? V_LIST : V_DICT;
	if (depth >= V_MAX_DEPTH)
		return vi_fail(p, p->pos, "nesting too deep");
	p->pos++;
	value *s = vi_new(kind);
	size_t cap = 0;
	bool comma = false;
	for (;;) {
		vi_skip_ws(p);
		if (vi_cur(p) == close) {
			p->pos++;
			break;
		}
		if (s->len > 0 && !comma) {
			v_free(s);
			return vi_fail(p, p->pos, "expected ',' or '%c'",
				       close);
		}
		value *item = parse_value(p, depth + 1);
		if (!item) {
			v_free(s);
			return NULL;
		}
		if (kind == V_DICT) {
			vi_skip_ws(p);
			if (vi_cur(p) != ':') {
				v_free(item);
				v_free(s);
				return vi_fail(p, p->pos, "expected ':'");
			}
			p->pos++;
			value *val = parse_value(p, depth + 1);
			if (!val) {
				v_free(item);
				v_free(s);
				return NULL;
			}
			/* a repeated key keeps its place and takes the last value */
			bool dup = false;
			for (size_t k = 0; k + 1 < s->len; k += 2) {
				if (v_equal(s->items[k], item)) {
					v_free(s->items[k + 1]);
					s->items[k + 1] = val;
					v_free(item);
					dup = true;
					break;
				}
			}
			if (!dup) {
				seq_push(s, item, &cap);
				seq_push(s, val, &cap);
			}
		} else {
			seq_push(s, item, &cap);
		}
		vi_skip_ws(p);
		comma = vi_cur(p) == ',';
		if (comma)
			p->pos++;
		else if (vi_cur(p) != close) {
			v_free(s);
			return vi_fail(p, p->pos, "expected ',' or '%c'",
				       close);
		}
		/* "(x)" is just x */
		if (kind == V_TUPLE && s->len == 1 && !comma) {
			p->pos++;
			value *only = s->items[0];
			s->len = 0;
			v_free(s);
			return only;
		}
	}
	if (s->len == 0) {
		free(s->items);
		s->items = vi_xcalloc(1, sizeof *s->items);
	}
	return s;
}


/* <class 'builtins.OSError' ('OSError', 'Exception')>: the name as a str
 * literal, then a tuple of str */
static value *parse_class(vi_parser *p, int depth)
{
	p->pos += strlen("<class ");
	value *name = parse_value(p, depth + 1);
	if (!name)
		return NULL;
	if (name->kind != V_STR || strlen(name->s) != name->len) {
		v_free(name);
		return vi_fail(p, p->pos, "expected a class name");
	}
	vi_skip_ws(p);
	value *mro = parse_value(p, depth + 1);
	if (!mro) {
		v_free(name);
		return NULL;
	}
	bool ok = mro->kind == V_TUPLE;
	for (size_t k = 0; ok && k < mro->len; k++)
		ok = mro->items[k]->kind == V_STR;
	vi_skip_ws(p);
	if (!ok || vi_cur(p) != '>') {
		v_free(name);
		v_free(mro);
		return vi_fail(p, p->pos, ok ? "expected '>'"
					     : "expected a tuple of class names");
	}
	p->pos++;
	mro->kind = V_CLASS;
	mro->s = name->s;
	name->s = NULL;
	v_free(name);
	return mro;
}

/* <socket 3>, <file 1> */
static value *parse_handle(vi_parser *p)
{
	p->pos++;
	size_t ks = p->pos;
	if (!vi_is_alpha(vi_cur(p)))
		return vi_fail(p, p->pos, "expected a handle kind");
	while (vi_is_alpha(vi_cur(p)) || vi_is_digit(vi_cur(p)))
		p->pos++;
	size_t ke = p->pos;
	if (vi_cur(p) != ' ')
		return vi_fail(p, p->pos, "expected ' ' in handle");
	while (vi_cur(p) == ' ')
		p->pos++;
	if (!vi_is_digit(vi_cur(p)))
		return vi_fail(p, p->pos, "expected a handle number");
	long long n = 0;
	while (vi_is_digit(vi_cur(p))) {
		if (n > (LLONG_MAX - 9) / 10)
			return vi_fail(p, p->pos, "handle number out of range");
		n = n * 10 + (vi_cur(p) - '0');
		p->pos++;
	}
	if (vi_cur(p) != '>')
		return vi_fail(p, p->pos, "expected '>'");
	p->pos++;
	char *kind = vi_xmalloc(ke - ks + 1);
	memcpy(kind, p->t + ks, ke - ks);
	kind[ke - ks] = '\0';
	value *v = v_handle(kind, n);
	free(kind);
	return v;
}

static value *parse_value(vi_parser *p, int depth)
{
	vi_skip_ws(p);
	size_t start = p->pos;
	unsigned char c = vi_cur(p);
	if (c == '\0')
		return vi_fail(p, start, depth ? "unexpected end of input"
					    : "expected a literal");
	if (c == '(' || c == '[' || c == '{')
		return parse_seq(p, depth);
	if (c == '\'' || c == '"')
		return vi_parse_string(p, false, false);
	if (c == '<' && strncmp(p->t + p->pos, "<class ", 7) == 0)
		return parse_class(p, depth);
	if (c == '<')
		return parse_handle(p);
	if (vi_is_digit(c) || c == '+' || c == '-' ||
	    (c == '.' && vi_is_digit(vi_peek(p, 1))))
		return vi_parse_number(p);
	if (vi_is_alpha(c) || c >= 0x80) {
		/* string prefixes: b r br rb (any case) */
		size_t n = 0;
		bool bytes = false, raw = false, ok = true;
		while (n < 3 && vi_is_alpha(vi_peek(p, n))) {
			unsigned char k = vi_peek(p, n);
			if ((k == 'b' || k == 'B') && !bytes)
				bytes = true;
			else if ((k == 'r' || k == 'R') && !raw)
				raw = true;
			else
				ok = false;
			n++;
		}
		if (ok && n > 0 && n <= 2 &&
		    (vi_peek(p, n) == '\'' || vi_peek(p, n) == '"')) {
			p->pos += n;
			return vi_parse_string(p, bytes, raw);
		}
		size_t e = start;
		while (vi_is_ident((unsigned char)p->t[e]))
			e++;
		size_t len = e - start;
		if (len == 4 && !memcmp(p->t + start, "None", 4)) {
			p->pos = e;
			return v_none();
		}
		if (len == 4 && !memcmp(p->t + start, "True", 4)) {
			p->pos = e;
			return v_bool(true);
		}
		if (len == 5 && !memcmp(p->t + start, "False", 5)) {
			p->pos = e;
			return v_bool(false);
		}
		/* repr() of the floats without a literal (see fmt_float) */
		if (len == 3 && !memcmp(p->t + start, "nan", 3)) {
			p->pos = e;
			return v_float(NAN);
		}
		if (len == 3 && !memcmp(p->t + start, "inf", 3)) {
			p->pos = e;
			return v_float(INFINITY);
		}
		if (depth == 0)
			return vi_fail(p, start, "not a literal");
		return vi_fail(p, start, "unknown name '%.*s'",
			    (int)(len > 40 ? 40 : len), p->t + start);
	}
	return vi_fail(p, start, "not a literal");
}

value *v_parse(const char *text, size_t *pos, char *errbuf, size_t errcap)
{
	vi_parser p = {.t = text, .pos = pos ? *pos : 0, .err = errbuf,
		    .errcap = errcap};
	if (errbuf && errcap)
		errbuf[0] = '\0';
	if (!text) {
		if (errbuf && errcap)
			snprintf(errbuf, errcap, "expected a literal");
		return NULL;
	}
	value *v = parse_value(&p, 0);
	if (pos)
		*pos = p.pos;
	return v;
}

value *v_parse_all(const char *text, char *errbuf, size_t errcap)
{
	size_t pos = 0;
	value *v = v_parse(text, &pos, errbuf, errcap);
	if (!v)
		return NULL;
	while (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\n' ||
	       text[pos] == '\r' || text[pos] == '\f' || text[pos] == '\v')
		pos++;
	if (text[pos] != '\0') {
		v_free(v);
		if (errbuf && errcap)
			snprintf(errbuf, errcap,
				 "unexpected text after literal at %zu", pos);
		return NULL;
	}
	return v;
}
