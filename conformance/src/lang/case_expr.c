/*
 * case_expr.c — the expression parser of case files: literals (via
 * v_parse), names, calls with keyword arguments, attribute, index and
 * slice chains, tuple/list displays that contain names, and Python's
 * operators with Python's precedence (lowest first): comparisons (only
 * inside brackets: at a step's top level the first comparison is the
 * step's check), `|`, `^`, `&`, `<< >>`, `+ -`, `* / // %`, unary
 * `- + ~`, `**` (right-associative, binding tighter than a unary minus
 * on its left: -2**2 is -4).
 */
#include "case_parse.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Deepest expression tree accepted (nested displays, calls, postfix
 * chains); deeper input is an error rather than a deep recursion. */
#define MAX_DEPTH 100

/* ------------------------------------------------------------ expressions */

static expr *parse_test(parser *p, int depth);

static expr *expr_new(parser *p, ekind kind, size_t off)
{
	expr *e = cp_xcalloc(1, sizeof *e);
	e->kind = kind;
	e->line = p->line;
	e->col = (int)(off + 1 > INT_MAX ? INT_MAX : off + 1);
	return e;
}


/* v_parse at off; the literal must end inside the line. */
static value *vparse_at(parser *p, size_t off, size_t *endp, char *vb,
			size_t vcap, size_t *faultp)
{
	size_t len = strlen(p->s), q = off;
	value *v;

	vb[0] = '\0';
	v = v_parse(p->s, &q, vb, vcap);
	if (!v) {
		*faultp = (q >= off && q <= len) ? q : off;
		if (!vb[0])
			snprintf(vb, vcap, "invalid literal");
		return NULL;
	}
	if (q <= off || q > len) {
		v_free(v);
		*faultp = off;
		snprintf(vb, vcap, "invalid literal");
		return NULL;
	}
	*endp = q;
	return v;
}

static expr *parse_literal(parser *p)
{
	char vb[256];
	size_t off = p->pos, end = 0, fault = 0;
	value *v = vparse_at(p, off, &end, vb, sizeof vb, &fault);
	expr *e;

	if (!v) {
		cp_perr(p, fault, "%s", vb);
		return NULL;
	}
	e = expr_new(p, E_LITERAL, off);
	e->lit = v;
	p->pos = end;
	return e;
}

static bool is_str_prefix(const char *s, size_t n)
{
	static const char *const pre[] = {"b", "r", "u", "br", "rb"};
	size_t i, k;
	char w[3];

	if (n > 2)
		return false;
	for (k = 0; k < n; k++)
		w[k] = (char)tolower((unsigned char)s[k]);
	w[n] = '\0';
	for (i = 0; i < sizeof pre / sizeof pre[0]; i++)
		if (strcmp(w, pre[i]) == 0)
			return true;
	return false;
}

/* ( ... ) or [ ... ] at p->pos. */
static expr *parse_display(parser *p, int depth)
{
	char open = p->s[p->pos], close = open == '(' ? ')' : ']';
	size_t off = p->pos, n = 0, i;
	expr **items = NULL, *e;
	bool comma = false, all_lit = true;

	p->pos++;
	cp_skip_ws(p);
	if (p->s[p->pos] == close) {
		p->pos++;
	} else {
		for (;;) {
			expr *it = parse_test(p, depth + 1);
			if (!it)
				goto fail;
			cp_grow(&items, n, sizeof *items);
			items[n++] = it;
			cp_skip_ws(p);
			if (p->s[p->pos] == ',') {
				p->pos++;
				comma = true;
				cp_skip_ws(p);
				if (p->s[p->pos] == close) {
					p->pos++;
					break;
				}
				continue;
			}
			if (p->s[p->pos] == close) {
				p->pos++;
				break;
			}
			cp_perr(p, p->pos, "expected '%c'", close);
			goto fail;
		}
	}
	if (open == '(' && n == 1 && !comma) {
		e = items[0];
		free(items);
		return e;
	}
	for (i = 0; i < n; i++)
		if (items[i]->kind != E_LITERAL)
			all_lit = false;
	if (all_lit) {
		value *v = v_seq(open == '(' ? V_TUPLE : V_LIST, n);
		for (i = 0; i < n; i++) {
			v->items[i] = items[i]->lit;
			items[i]->lit = NULL;
			cp_expr_free(items[i]);
		}
		free(items);
		e = expr_new(p, E_LITERAL, off);
		e->lit = v;
		return e;
	}
	e = expr_new(p, E_CALL, off);
	e->name = cp_xstrdup(open == '(' ? "(tuple)" : "(list)");
	e->args = items;
	e->nargs = n;
	return e;
fail:
	for (i = 0; i < n; i++)
		cp_expr_free(items[i]);
	free(items);
	return NULL;
}

static expr *parse_primary(parser *p, int depth)
{
	const char *s;
	size_t off, n;
	expr *e;

	cp_skip_ws(p);
	s = p->s;
	off = p->pos;
	if (s[off] == '(' || s[off] == '[')
		return parse_display(p, depth);
	if (cp_is_id_start(s[off])) {
		n = cp_id_len(s + off);
		if ((s[off + n] == '\'' || s[off + n] == '"') &&
		    is_str_prefix(s + off, n))
			return parse_literal(p);
		e = expr_new(p, E_LITERAL, off);
		if (n == 4 && memcmp(s + off, "None", 4) == 0) {
			e->lit = v_none();
		} else if (n == 4 && memcmp(s + off, "True", 4) == 0) {
			e->lit = v_bool(true);
		} else if (n == 5 && memcmp(s + off, "False", 5) == 0) {
			e->lit = v_bool(false);
		} else {
			e->kind = E_NAME;
			e->name = cp_xstrndup(s + off, n);
		}
		p->pos = off + n;
		return e;
	}
	if (cp_is_digit(s[off]) || (s[off] == '.' && cp_is_digit(s[off + 1])) ||
	    s[off] == '\'' || s[off] == '"' || s[off] == '{')
		return parse_literal(p);
	cp_perr(p, off, "expected an expression");
	return NULL;
}

/* (args, kw=v) at p->pos, into call. */
static bool parse_args(parser *p, expr *call, int depth)
{
	size_t i;

	p->pos++;
	cp_skip_ws(p);
	if (p->s[p->pos] == ')') {
		p->pos++;
		return true;
	}
	for (;;) {
		size_t at, n, r;
		expr *v;

		cp_skip_ws(p);
		at = p->pos;
		n = cp_id_len(p->s + at);
		r = at + n;
		while (n && cp_is_ws(p->s[r]))
			r++;
		if (n && p->s[r] == '=' && p->s[r + 1] != '=') {
			for (i = 0; i < call->nkw; i++)
				if (strlen(call->kwnames[i]) == n &&
				    memcmp(call->kwnames[i], p->s + at,
					   n) == 0) {
					cp_perr(p, at,
						"duplicate keyword argument '%.*s'",
						QLEN(n), p->s + at);
					return false;
				}
			p->pos = r + 1;
			v = parse_test(p, depth + 1);
			if (!v)
				return false;
			cp_grow(&call->kwnames, call->nkw,
				sizeof *call->kwnames);
			cp_grow(&call->kwargs, call->nkw, sizeof *call->kwargs);
			call->kwnames[call->nkw] = cp_xstrndup(p->s + at, n);
			call->kwargs[call->nkw++] = v;
		} else {
			if (call->nkw) {
				cp_perr(p, at,
				     "positional argument follows keyword argument");
				return false;
			}
			v = parse_test(p, depth + 1);
			if (!v)
				return false;
			cp_grow(&call->args, call->nargs, sizeof *call->args);
			call->args[call->nargs++] = v;
		}
		cp_skip_ws(p);
		if (p->s[p->pos] == ',') {
			p->pos++;
			cp_skip_ws(p);
			if (p->s[p->pos] == ')') {
				p->pos++;
				return true;
			}
			continue;
		}
		if (p->s[p->pos] == ')') {
			p->pos++;
			return true;
		}
		cp_perr(p, p->pos, "expected ')'");
		return false;
	}
}

static expr *parse_subscript(parser *p, expr *e, int d);

/* A primary and its postfix chain: .name, .name(...), [index], [a:b:c],
 * name(...). */
static expr *parse_postfix(parser *p, int depth)
{
	expr *e;
	int d = depth;

	if (depth > MAX_DEPTH) {
		cp_perr(p, p->pos, "expression nested too deeply");
		return NULL;
	}
	e = parse_primary(p, depth);
	if (!e)
		return NULL;
	for (;;) {
		size_t save = p->pos;
		char ch;

		cp_skip_ws(p);
		ch = p->s[p->pos];
		if (ch != '.' && ch != '[' && ch != '(') {
			p->pos = save;
			return e;
		}
		if (++d > MAX_DEPTH) {
			cp_perr(p, p->pos, "expression nested too deeply");
			goto fail;
		}
		if (ch == '.') {
			size_t at, n;
			expr *x;

			p->pos++;
			cp_skip_ws(p);
			at = p->pos;
			n = cp_id_len(p->s + at);
			if (!n) {
				cp_perr(p, at, "expected a name after '.'");
				goto fail;
			}
			p->pos = at + n;
			save = p->pos;
			cp_skip_ws(p);
			if (p->s[p->pos] == '(') {
				x = expr_new(p, E_CALL, (size_t)e->col - 1);
				x->obj = e;
				x->name = cp_xstrndup(p->s + at, n);
				if (!parse_args(p, x, d)) {
					cp_expr_free(x);
					return NULL;
				}
			} else {
				p->pos = save;
				x = expr_new(p, E_ATTR, (size_t)e->col - 1);
				x->obj = e;
				x->name = cp_xstrndup(p->s + at, n);
			}
			e = x;
		} else if (ch == '[') {
			expr *x = parse_subscript(p, e, d);
			if (!x)
				return NULL;
			e = x;
		} else {
			if (e->kind != E_NAME) {
				cp_perr(p, p->pos,
				     "only a name or a method can be called");
				goto fail;
			}
			e->kind = E_CALL;
			if (!parse_args(p, e, d))
				goto fail;
		}
	}
fail:
	cp_expr_free(e);
	return NULL;
}

/* [index] or [lo:hi:step] after e, at p->pos ('['); frees e on error. */
static expr *parse_subscript(parser *p, expr *e, int d)
{
	expr *part[3] = {NULL, NULL, NULL}, *x;
	size_t n = 0;

	p->pos++;
	for (;;) {
		cp_skip_ws(p);
		char ch = p->s[p->pos];
		if (ch != ':' && ch != ']') {
			part[n] = parse_test(p, d + 1);
			if (!part[n])
				goto fail;
			cp_skip_ws(p);
			ch = p->s[p->pos];
		}
		if (ch == ']')
			break;
		if (ch != ':' || n == 2) {
			cp_perr(p, p->pos, "expected ']'");
			goto fail;
		}
		p->pos++;
		n++;
	}
	p->pos++;
	if (n == 0 && !part[0]) {
		cp_perr(p, p->pos - 1, "expected an expression");
		goto fail;
	}
	if (n == 0) {
		x = expr_new(p, E_INDEX, (size_t)e->col - 1);
		x->obj = e;
		x->index = part[0];
		return x;
	}
	x = expr_new(p, E_SLICE, (size_t)e->col - 1);
	x->obj = e;
	x->args = cp_xcalloc(3, sizeof *x->args);
	x->nargs = 3;
	for (size_t i = 0; i < 3; i++)
		x->args[i] = part[i];
	return x;
fail:
	for (size_t i = 0; i < 3; i++)
		cp_expr_free(part[i]);
	cp_expr_free(e);
	return NULL;
}

/* ---------------------------------------------------------------- operators */

static expr *binop(parser *p, const char *op, size_t oplen, expr *l, expr *r)
{
	expr *x = expr_new(p, E_BINOP, (size_t)l->col - 1);
	x->name = cp_xstrndup(op, oplen);
	x->obj = l;
	x->index = r;
	return x;
}

static expr *parse_unary(parser *p, int depth);

/* power: postfix ['**' unary] */
static expr *parse_power(parser *p, int depth)
{
	expr *l, *r;
	size_t save;

	if (depth > MAX_DEPTH) {
		cp_perr(p, p->pos, "expression nested too deeply");
		return NULL;
	}
	l = parse_postfix(p, depth);
	if (!l)
		return NULL;
	save = p->pos;
	cp_skip_ws(p);
	if (p->s[p->pos] != '*' || p->s[p->pos + 1] != '*') {
		p->pos = save;
		return l;
	}
	p->pos += 2;
	r = parse_unary(p, depth + 1);
	if (!r) {
		cp_expr_free(l);
		return NULL;
	}
	return binop(p, "**", 2, l, r);
}

/* -x folds into a number literal: -5 is the literal -5, as the value
 * notation writes it, and (1, -2) stays a literal display. */
static bool fold_minus(expr *x)
{
	char err[64];
	value *v;

	if (x->kind != E_LITERAL || !x->lit)
		return false;
	if (x->lit->kind == V_FLOAT) {
		x->lit->f = -x->lit->f;
		return true;
	}
	if (x->lit->kind != V_INT && x->lit->kind != V_BIGINT)
		return false;
	v = v_int_op("neg", x->lit, NULL, err, sizeof err);
	if (!v)
		return false;
	v_free(x->lit);
	x->lit = v;
	return true;
}

static expr *parse_unary(parser *p, int depth)
{
	char ch;
	size_t off;
	expr *x, *u;

	if (depth > MAX_DEPTH) {
		cp_perr(p, p->pos, "expression nested too deeply");
		return NULL;
	}
	cp_skip_ws(p);
	off = p->pos;
	ch = p->s[off];
	if (ch != '-' && ch != '+' && ch != '~')
		return parse_power(p, depth);
	p->pos++;
	x = parse_unary(p, depth + 1);
	if (!x)
		return NULL;
	if (ch == '-' && fold_minus(x)) {
		x->col = (int)(off + 1 > INT_MAX ? INT_MAX : off + 1);
		return x;
	}
	u = expr_new(p, E_UNOP, off);
	u->name = cp_xstrndup(&ch, 1);
	u->obj = x;
	return u;
}

/* The binary operators from the lowest precedence up: level 0 is |. */
static size_t binary_op_at(parser *p, int level)
{
	const char *s = p->s + p->pos;

	switch (level) {
	case 0:
		return s[0] == '|' ? 1 : 0;
	case 1:
		return s[0] == '^' ? 1 : 0;
	case 2: {
		/* a trailing & is the step's background marker, not an and */
		size_t q = 1;
		if (s[0] != '&')
			return 0;
		while (cp_is_ws(s[q]))
			q++;
		return s[q] ? 1 : 0;
	}
	case 3:
		return (s[0] == '<' && s[1] == '<') || (s[0] == '>' && s[1] == '>')
			       ? 2 : 0;
	case 4:
		return s[0] == '+' || s[0] == '-' ? 1 : 0;
	default:
		if (s[0] == '*' && s[1] != '*')
			return 1;
		if (s[0] == '/')
			return s[1] == '/' ? 2 : 1;
		return s[0] == '%' ? 1 : 0;
	}
}

#define TOP_LEVEL 5

static expr *parse_binary(parser *p, int level, int depth)
{
	expr *l;

	if (depth > MAX_DEPTH) {
		cp_perr(p, p->pos, "expression nested too deeply");
		return NULL;
	}
	l = level == TOP_LEVEL ? parse_unary(p, depth)
			       : parse_binary(p, level + 1, depth);
	while (l) {
		size_t save = p->pos, n;
		const char *op;
		expr *r;

		cp_skip_ws(p);
		n = binary_op_at(p, level);
		if (!n) {
			p->pos = save;
			return l;
		}
		op = p->s + p->pos;
		p->pos += n;
		r = level == TOP_LEVEL ? parse_unary(p, depth + 1)
				       : parse_binary(p, level + 1, depth + 1);
		if (!r) {
			cp_expr_free(l);
			return NULL;
		}
		l = binop(p, op, n, l, r);
		depth++;
	}
	return NULL;
}

/* An expression without comparisons: a step's own expression and the
 * right side of its check. */
expr *cp_parse_expr(parser *p, int depth)
{
	if (depth > MAX_DEPTH) {
		cp_perr(p, p->pos, "expression nested too deeply");
		return NULL;
	}
	return parse_binary(p, 0, depth);
}

/* A comparison operator at p->pos: its length, *op its text. */
static size_t comparison_at(parser *p, const char **op)
{
	static const char *const ops[] = {"==", "!=", "<=", ">=", "<", ">"};
	const char *s = p->s + p->pos;

	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
		if (strncmp(s, ops[i], strlen(ops[i])) == 0) {
			*op = ops[i];
			return strlen(ops[i]);
		}
	if (cp_word_at(p, "in")) {
		*op = "in";
		return 2;
	}
	if (cp_word_at(p, "not")) {
		size_t q = p->pos + 3;
		while (cp_is_ws(p->s[q]))
			q++;
		if (strncmp(p->s + q, "in", 2) == 0 && !cp_is_id_char(p->s[q + 2])) {
			*op = "not in";
			return q + 2 - p->pos;
		}
		return 0;
	}
	if (cp_word_at(p, "is")) {
		size_t q = p->pos + 2;
		while (cp_is_ws(p->s[q]))
			q++;
		if (strncmp(p->s + q, "not", 3) == 0 && !cp_is_id_char(p->s[q + 3])) {
			*op = "is not";
			return q + 3 - p->pos;
		}
		*op = "is";
		return 2;
	}
	return 0;
}

/* An expression inside brackets: one comparison allowed (a chain such
 * as 0 < x < 9 is refused rather than read otherwise than Python does). */
static expr *parse_test(parser *p, int depth)
{
	expr *l = cp_parse_expr(p, depth), *r;
	const char *op;
	size_t save, n, at;

	if (!l)
		return NULL;
	save = p->pos;
	cp_skip_ws(p);
	n = comparison_at(p, &op);
	if (!n) {
		p->pos = save;
		return l;
	}
	p->pos += n;
	r = cp_parse_expr(p, depth + 1);
	if (!r) {
		cp_expr_free(l);
		return NULL;
	}
	l = binop(p, op, strlen(op), l, r);
	save = p->pos;
	cp_skip_ws(p);
	at = p->pos;
	if (comparison_at(p, &op)) {
		cp_perr(p, at, "chained comparisons are not supported");
		cp_expr_free(l);
		return NULL;
	}
	p->pos = save;
	return l;
}
