/*
 * case_expr.c — the expression parser of case files: literals (via
 * v_parse), names, calls with keyword arguments, attribute and index
 * chains, and tuple/list displays that contain names.
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

/* -NUMBER: v_parse may take the sign itself; otherwise negate. */
static expr *parse_negative(parser *p)
{
	char vb[256];
	size_t off = p->pos, end = 0, fault = 0;
	value *v = vparse_at(p, off, &end, vb, sizeof vb, &fault);
	expr *e;

	if (v && v->kind != V_INT && v->kind != V_FLOAT) {
		v_free(v);
		v = NULL;
	}
	if (!v) {
		v = vparse_at(p, off + 1, &end, vb, sizeof vb, &fault);
		if (!v) {
			cp_perr(p, fault, "%s", vb);
			return NULL;
		}
		if (v->kind == V_INT) {
			v->i = -v->i;
		} else if (v->kind == V_FLOAT) {
			v->f = -v->f;
		} else {
			v_free(v);
			cp_perr(p, off, "expected a number after '-'");
			return NULL;
		}
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
			expr *it = cp_parse_expr(p, depth + 1);
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
	if (s[off] == '-' && (cp_is_digit(s[off + 1]) || s[off + 1] == '.'))
		return parse_negative(p);
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
			v = cp_parse_expr(p, depth + 1);
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
			v = cp_parse_expr(p, depth + 1);
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

expr *cp_parse_expr(parser *p, int depth)
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
			expr *x, *idx;

			p->pos++;
			idx = cp_parse_expr(p, d + 1);
			if (!idx)
				goto fail;
			cp_skip_ws(p);
			if (p->s[p->pos] != ']') {
				cp_expr_free(idx);
				cp_perr(p, p->pos, "expected ']'");
				goto fail;
			}
			p->pos++;
			x = expr_new(p, E_INDEX, (size_t)e->col - 1);
			x->obj = e;
			x->index = idx;
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
