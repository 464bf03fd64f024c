/*
 * case.c — the case-file parser (conformance/README.md gives the grammar).
 *
 * A case is a header of `key: value` lines ending at the first blank line
 * (comment lines and blank lines before the first key are skipped), then
 * one step a line. Every fault is reported once, as "FILE:LINE:COL: reason"
 * with 1-based line and byte column, and the partial case is freed.
 */
#include "case.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Deepest expression tree accepted (nested displays, calls, postfix
 * chains); deeper input is an error rather than a deep recursion. */
#define MAX_DEPTH 100

/* ---------------------------------------------------------------- memory */

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		abort();
	return q;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		abort();
	return p;
}

static char *xstrndup(const char *s, size_t n)
{
	char *d = xrealloc(NULL, n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

/* Grow *arr (element size sz) so that index n is writable. */
static void grow(void *arr, size_t n, size_t sz)
{
	void **a = arr;
	if (n == 0 || (n & (n - 1)) == 0) {
		size_t cap = n ? n * 2 : 1;
		*a = xrealloc(*a, cap * sz);
	}
}

/* ---------------------------------------------------------------- freeing */

static void expr_free(expr *e)
{
	size_t i;

	if (!e)
		return;
	if (e->lit)
		v_free(e->lit);
	free(e->name);
	expr_free(e->obj);
	expr_free(e->index);
	for (i = 0; i < e->nargs; i++)
		expr_free(e->args[i]);
	free(e->args);
	for (i = 0; i < e->nkw; i++) {
		free(e->kwnames[i]);
		expr_free(e->kwargs[i]);
	}
	free(e->kwnames);
	free(e->kwargs);
	free(e);
}

static void step_free(step *s)
{
	size_t i;

	free(s->text);
	for (i = 0; i < s->ntargets; i++)
		free(s->targets[i]);
	free(s->targets);
	expr_free(s->e);
	expr_free(s->chk.rhs);
	free(s->chk.type);
	free(s->chk.exc);
	free(s->chk.code_name);
}

void case_free(scase *c)
{
	size_t i;

	if (!c)
		return;
	free(c->path);
	free(c->name);
	for (i = 0; i < c->nids; i++)
		free(c->ids[i]);
	free(c->ids);
	free(c->doc_lines);
	for (i = 0; i < c->nhosts; i++) {
		free(c->hosts[i]);
		if (c->host_impl)
			free(c->host_impl[i]);
	}
	free(c->hosts);
	free(c->host_impl);
	free(c->links);
	for (i = 0; i < c->naddrs; i++)
		free(c->addrs[i].cidr);
	free(c->addrs);
	free(c->fixture_hosts);
	free(c->fixture_services);
	free(c->fixture_protocols);
	for (i = 0; i < c->nsteps; i++)
		step_free(&c->steps[i]);
	free(c->steps);
	free(c);
}

/* ---------------------------------------------------------------- parser */

typedef struct parser {
	const char *path;
	char *errbuf;
	size_t errcap;
	bool failed;
	int line;         /* 1-based line of s */
	const char *s;    /* the current line, NUL-terminated, comment cut */
	size_t pos;
	scase *c;
} parser;

static void perr(parser *p, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void perr(parser *p, size_t off, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (p->failed)
		return;
	p->failed = true;
	if (!p->errbuf || p->errcap == 0)
		return;
	n = snprintf(p->errbuf, p->errcap, "%s:%d:%zu: ", p->path, p->line,
		     off + 1);
	if (n < 0 || (size_t)n >= p->errcap)
		return;
	va_start(ap, fmt);
	vsnprintf(p->errbuf + n, p->errcap - (size_t)n, fmt, ap);
	va_end(ap);
}

static bool is_id_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_id_char(char c)
{
	return is_id_start(c) || (c >= '0' && c <= '9');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_ws(char c)
{
	return c == ' ' || c == '\t';
}

static void skip_ws(parser *p)
{
	while (is_ws(p->s[p->pos]))
		p->pos++;
}

static size_t id_len(const char *s)
{
	size_t n = 0;
	if (!is_id_start(s[0]))
		return 0;
	while (is_id_char(s[n]))
		n++;
	return n;
}

/* The keyword w at the current position, as a whole word. */
static bool word_at(parser *p, const char *w)
{
	size_t n = strlen(w);
	return strncmp(p->s + p->pos, w, n) == 0 && !is_id_char(p->s[p->pos + n]);
}

/* Messages quote at most this many bytes of the input. */
#define QUOTE 64
#define QLEN(n) ((int)((n) > QUOTE ? QUOTE : (n)))

static void unexpected(parser *p)
{
	const char *s = p->s + p->pos;
	size_t n = id_len(s);
	unsigned char c = (unsigned char)*s;

	if (n)
		perr(p, p->pos, "unexpected '%.*s'", QLEN(n), s);
	else if (c == '\0')
		perr(p, p->pos, "unexpected end of line");
	else if (c >= 0x20 && c < 0x7f)
		perr(p, p->pos, "unexpected '%c'", c);
	else
		perr(p, p->pos, "unexpected byte 0x%02x", c);
}

/*
 * A plain decimal number: 12, 0.5, .5, 1e3 ("1..2" stops before "..").
 * Advances p->pos and returns true, or leaves it and returns false.
 */
static bool scan_number(parser *p, double *out)
{
	const char *s = p->s;
	size_t q = p->pos, digits = 0;
	char buf[64], *end;
	double d;

	while (is_digit(s[q]))
		q++, digits++;
	if (s[q] == '.' && s[q + 1] != '.') {
		q++;
		while (is_digit(s[q]))
			q++, digits++;
	}
	if (!digits)
		return false;
	if (s[q] == 'e' || s[q] == 'E') {
		size_t r = q + 1;
		if (s[r] == '+' || s[r] == '-')
			r++;
		if (is_digit(s[r])) {
			while (is_digit(s[r]))
				r++;
			q = r;
		}
	}
	if (q - p->pos >= sizeof buf)
		return false;
	memcpy(buf, s + p->pos, q - p->pos);
	buf[q - p->pos] = '\0';
	errno = 0;
	d = strtod(buf, &end);
	if (*end || !isfinite(d))
		return false;
	*out = d;
	p->pos = q;
	return true;
}

static int host_index(const scase *c, const char *name, size_t n)
{
	size_t i;
	for (i = 0; i < c->nhosts; i++)
		if (strlen(c->hosts[i]) == n && memcmp(c->hosts[i], name, n) == 0)
			return (int)i;
	return -1;
}

/* ------------------------------------------------------------ expressions */

static expr *expr_new(parser *p, ekind kind, size_t off)
{
	expr *e = xcalloc(1, sizeof *e);
	e->kind = kind;
	e->line = p->line;
	e->col = (int)(off + 1 > INT_MAX ? INT_MAX : off + 1);
	return e;
}

static expr *parse_expr(parser *p, int depth);

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
		perr(p, fault, "%s", vb);
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
			perr(p, fault, "%s", vb);
			return NULL;
		}
		if (v->kind == V_INT) {
			v->i = -v->i;
		} else if (v->kind == V_FLOAT) {
			v->f = -v->f;
		} else {
			v_free(v);
			perr(p, off, "expected a number after '-'");
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
	skip_ws(p);
	if (p->s[p->pos] == close) {
		p->pos++;
	} else {
		for (;;) {
			expr *it = parse_expr(p, depth + 1);
			if (!it)
				goto fail;
			grow(&items, n, sizeof *items);
			items[n++] = it;
			skip_ws(p);
			if (p->s[p->pos] == ',') {
				p->pos++;
				comma = true;
				skip_ws(p);
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
			perr(p, p->pos, "expected '%c'", close);
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
			expr_free(items[i]);
		}
		free(items);
		e = expr_new(p, E_LITERAL, off);
		e->lit = v;
		return e;
	}
	e = expr_new(p, E_CALL, off);
	e->name = xstrdup(open == '(' ? "(tuple)" : "(list)");
	e->args = items;
	e->nargs = n;
	return e;
fail:
	for (i = 0; i < n; i++)
		expr_free(items[i]);
	free(items);
	return NULL;
}

static expr *parse_primary(parser *p, int depth)
{
	const char *s;
	size_t off, n;
	expr *e;

	skip_ws(p);
	s = p->s;
	off = p->pos;
	if (s[off] == '(' || s[off] == '[')
		return parse_display(p, depth);
	if (is_id_start(s[off])) {
		n = id_len(s + off);
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
			e->name = xstrndup(s + off, n);
		}
		p->pos = off + n;
		return e;
	}
	if (is_digit(s[off]) || (s[off] == '.' && is_digit(s[off + 1])) ||
	    s[off] == '\'' || s[off] == '"' || s[off] == '{')
		return parse_literal(p);
	if (s[off] == '-' && (is_digit(s[off + 1]) || s[off + 1] == '.'))
		return parse_negative(p);
	perr(p, off, "expected an expression");
	return NULL;
}

/* (args, kw=v) at p->pos, into call. */
static bool parse_args(parser *p, expr *call, int depth)
{
	size_t i;

	p->pos++;
	skip_ws(p);
	if (p->s[p->pos] == ')') {
		p->pos++;
		return true;
	}
	for (;;) {
		size_t at, n, r;
		expr *v;

		skip_ws(p);
		at = p->pos;
		n = id_len(p->s + at);
		r = at + n;
		while (n && is_ws(p->s[r]))
			r++;
		if (n && p->s[r] == '=' && p->s[r + 1] != '=') {
			for (i = 0; i < call->nkw; i++)
				if (strlen(call->kwnames[i]) == n &&
				    memcmp(call->kwnames[i], p->s + at, n) == 0) {
					perr(p, at,
					     "duplicate keyword argument '%.*s'",
					     QLEN(n), p->s + at);
					return false;
				}
			p->pos = r + 1;
			v = parse_expr(p, depth + 1);
			if (!v)
				return false;
			grow(&call->kwnames, call->nkw, sizeof *call->kwnames);
			grow(&call->kwargs, call->nkw, sizeof *call->kwargs);
			call->kwnames[call->nkw] = xstrndup(p->s + at, n);
			call->kwargs[call->nkw++] = v;
		} else {
			if (call->nkw) {
				perr(p, at,
				     "positional argument follows keyword argument");
				return false;
			}
			v = parse_expr(p, depth + 1);
			if (!v)
				return false;
			grow(&call->args, call->nargs, sizeof *call->args);
			call->args[call->nargs++] = v;
		}
		skip_ws(p);
		if (p->s[p->pos] == ',') {
			p->pos++;
			skip_ws(p);
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
		perr(p, p->pos, "expected ')'");
		return false;
	}
}

static expr *parse_expr(parser *p, int depth)
{
	expr *e;
	int d = depth;

	if (depth > MAX_DEPTH) {
		perr(p, p->pos, "expression nested too deeply");
		return NULL;
	}
	e = parse_primary(p, depth);
	if (!e)
		return NULL;
	for (;;) {
		size_t save = p->pos;
		char ch;

		skip_ws(p);
		ch = p->s[p->pos];
		if (ch != '.' && ch != '[' && ch != '(') {
			p->pos = save;
			return e;
		}
		if (++d > MAX_DEPTH) {
			perr(p, p->pos, "expression nested too deeply");
			goto fail;
		}
		if (ch == '.') {
			size_t at, n;
			expr *x;

			p->pos++;
			skip_ws(p);
			at = p->pos;
			n = id_len(p->s + at);
			if (!n) {
				perr(p, at, "expected a name after '.'");
				goto fail;
			}
			p->pos = at + n;
			save = p->pos;
			skip_ws(p);
			if (p->s[p->pos] == '(') {
				x = expr_new(p, E_CALL, (size_t)e->col - 1);
				x->obj = e;
				x->name = xstrndup(p->s + at, n);
				if (!parse_args(p, x, d)) {
					expr_free(x);
					return NULL;
				}
			} else {
				p->pos = save;
				x = expr_new(p, E_ATTR, (size_t)e->col - 1);
				x->obj = e;
				x->name = xstrndup(p->s + at, n);
			}
			e = x;
		} else if (ch == '[') {
			expr *x, *idx;

			p->pos++;
			idx = parse_expr(p, d + 1);
			if (!idx)
				goto fail;
			skip_ws(p);
			if (p->s[p->pos] != ']') {
				expr_free(idx);
				perr(p, p->pos, "expected ']'");
				goto fail;
			}
			p->pos++;
			x = expr_new(p, E_INDEX, (size_t)e->col - 1);
			x->obj = e;
			x->index = idx;
			e = x;
		} else {
			if (e->kind != E_NAME) {
				perr(p, p->pos,
				     "only a name or a method can be called");
				goto fail;
			}
			e->kind = E_CALL;
			if (!parse_args(p, e, d))
				goto fail;
		}
	}
fail:
	expr_free(e);
	return NULL;
}

/* ------------------------------------------------------------------ steps */

static int parse_host_ref(parser *p)
{
	size_t at = p->pos, n = id_len(p->s + at);
	int h;

	if (!n) {
		perr(p, at, "expected a host name after '@'");
		return -1;
	}
	h = host_index(p->c, p->s + at, n);
	if (h < 0) {
		perr(p, at, "unknown host '%.*s'", QLEN(n), p->s + at);
		return -1;
	}
	p->pos = at + n;
	return h;
}

/* `a =`, `a, b =`, `a, =` at p->pos: 1 parsed, 0 none there, -1 error. */
static int parse_targets(parser *p, step *st)
{
	const char *s = p->s;
	size_t q = p->pos, n = 0, k;
	bool trailing = false;

	for (;;) {
		while (is_ws(s[q]))
			q++;
		k = id_len(s + q);
		if (!k)
			return 0;
		q += k;
		n++;
		trailing = false;
		while (is_ws(s[q]))
			q++;
		if (s[q] == ',') {
			q++;
			trailing = true;
			while (is_ws(s[q]))
				q++;
			if (s[q] == '=')
				break;
			continue;
		}
		break;
	}
	if (s[q] != '=' || s[q + 1] == '=')
		return 0;
	st->targets = xcalloc(n, sizeof *st->targets);
	st->unpack = n > 1 || trailing;
	for (k = 0; k < n; k++) {
		size_t at, len;

		skip_ws(p);
		at = p->pos;
		len = id_len(s + at);
		if ((len == 4 && memcmp(s + at, "None", 4) == 0) ||
		    (len == 4 && memcmp(s + at, "True", 4) == 0) ||
		    (len == 5 && memcmp(s + at, "False", 5) == 0)) {
			perr(p, at, "cannot assign to '%.*s'", (int)len, s + at);
			return -1;
		}
		st->targets[st->ntargets++] = xstrndup(s + at, len);
		p->pos = at + len;
		skip_ws(p);
		if (s[p->pos] == ',')
			p->pos++;
	}
	p->pos = q + 1;
	return 1;
}

static const char *const type_names[] = {
	"int", "float", "str", "bytes", "bool", "tuple", "list", "None",
	"dict", "socket", "file",
};

static bool parse_within(parser *p, check *chk)
{
	size_t lo_at;

	p->pos += strlen("within");
	skip_ws(p);
	lo_at = p->pos;
	if (!scan_number(p, &chk->lo)) {
		perr(p, p->pos, "expected a number");
		return false;
	}
	skip_ws(p);
	if (p->s[p->pos] != '.' || p->s[p->pos + 1] != '.') {
		perr(p, p->pos, "expected '..'");
		return false;
	}
	p->pos += 2;
	skip_ws(p);
	if (!scan_number(p, &chk->hi)) {
		perr(p, p->pos, "expected a number");
		return false;
	}
	if (chk->lo > chk->hi) {
		perr(p, lo_at, "within needs LO <= HI");
		return false;
	}
	chk->has_within = true;
	return true;
}

static bool parse_raises(parser *p, check *chk)
{
	const char *s = p->s;
	size_t at, n, save;

	p->pos += strlen("raises");
	skip_ws(p);
	at = p->pos;
	n = id_len(s + at);
	if (!n) {
		perr(p, at, "expected an exception class after 'raises'");
		return false;
	}
	chk->exc = xstrndup(s + at, n);
	p->pos = at + n;
	save = p->pos;
	skip_ws(p);
	if (s[p->pos] != '(') {
		p->pos = save;
		return true;
	}
	p->pos++;
	skip_ws(p);
	at = p->pos;
	if (s[at] == '-' || is_digit(s[at])) {
		size_t q = at + (s[at] == '-');
		char buf[32], *end;
		long long v;

		if (!is_digit(s[q])) {
			perr(p, at, "expected an UPPERCASE name or an int");
			return false;
		}
		while (is_digit(s[q]))
			q++;
		if (is_id_char(s[q]) || q - at >= sizeof buf) {
			perr(p, at, "bad error code");
			return false;
		}
		memcpy(buf, s + at, q - at);
		buf[q - at] = '\0';
		errno = 0;
		v = strtoll(buf, &end, 10);
		if (errno || *end) {
			perr(p, at, "bad error code");
			return false;
		}
		chk->code = v;
		p->pos = q;
	} else {
		size_t k;

		n = id_len(s + at);
		for (k = 0; k < n; k++)
			if (s[at + k] >= 'a' && s[at + k] <= 'z')
				n = 0;
		if (!n || is_digit(s[at]) || s[at] == '_') {
			perr(p, at, "expected an UPPERCASE name or an int");
			return false;
		}
		chk->code_name = xstrndup(s + at, n);
		p->pos = at + n;
	}
	chk->has_code = true;
	skip_ws(p);
	if (s[p->pos] != ')') {
		perr(p, p->pos, "expected ')'");
		return false;
	}
	p->pos++;
	return true;
}

static bool parse_check(parser *p, check *chk)
{
	const char *s = p->s;
	static const struct { const char *op; ckind k; } ops[] = {
		{"==", C_EQ}, {"!=", C_NE}, {"<=", C_LE}, {">=", C_GE},
		{"<", C_LT}, {">", C_GT},
	};
	size_t i;

	skip_ws(p);
	for (i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		size_t n = strlen(ops[i].op);
		if (strncmp(s + p->pos, ops[i].op, n) == 0) {
			chk->kind = ops[i].k;
			p->pos += n;
			chk->rhs = parse_expr(p, 0);
			if (!chk->rhs)
				return false;
			break;
		}
	}
	if (chk->kind == C_NONE && word_at(p, "in")) {
		chk->kind = C_IN;
		p->pos += 2;
		chk->rhs = parse_expr(p, 0);
		if (!chk->rhs)
			return false;
	} else if (chk->kind == C_NONE && word_at(p, "is")) {
		size_t at, n;
		bool known = false;

		p->pos += 2;
		skip_ws(p);
		at = p->pos;
		n = id_len(s + at);
		if (!n) {
			perr(p, at, "expected a type name after 'is'");
			return false;
		}
		for (i = 0; i < sizeof type_names / sizeof type_names[0]; i++)
			if (strlen(type_names[i]) == n &&
			    memcmp(type_names[i], s + at, n) == 0)
				known = true;
		if (!known) {
			perr(p, at, "unknown type '%.*s'", QLEN(n), s + at);
			return false;
		}
		chk->kind = C_IS;
		chk->type = xstrndup(s + at, n);
		p->pos = at + n;
	} else if (chk->kind == C_NONE && word_at(p, "raises")) {
		chk->kind = C_RAISES;
		if (!parse_raises(p, chk))
			return false;
	}
	skip_ws(p);
	if (word_at(p, "within"))
		return parse_within(p, chk);
	return true;
}

static bool expect_end(parser *p)
{
	skip_ws(p);
	if (p->s[p->pos]) {
		unexpected(p);
		return false;
	}
	return true;
}

static bool parse_step(parser *p, step *st)
{
	const char *s = p->s;
	size_t at_off = 0;
	bool has_at = false;
	int r;

	st->kind = S_CALL;
	skip_ws(p);
	if (s[p->pos] == '@') {
		int h;
		has_at = true;
		at_off = p->pos;
		p->pos++;
		h = parse_host_ref(p);
		if (h < 0)
			return false;
		st->host = h;
		skip_ws(p);
	}
	if (word_at(p, "sync") || word_at(p, "sleep")) {
		bool sync = word_at(p, "sync");
		size_t q = p->pos + (sync ? 4 : 5);
		char nx;

		while (is_ws(s[q]))
			q++;
		nx = s[q];
		if (sync ? (nx == '@' || nx == '\0')
			 : (is_digit(nx) || nx == '.' || nx == '-' || nx == '\0')) {
			if (has_at) {
				perr(p, at_off, "'%s' takes no '@HOST' prefix",
				     sync ? "sync" : "sleep");
				return false;
			}
			p->pos = q;
			if (sync) {
				int h;
				st->kind = S_SYNC;
				if (nx != '@') {
					perr(p, q, "expected '@HOST' after 'sync'");
					return false;
				}
				p->pos++;
				h = parse_host_ref(p);
				if (h < 0)
					return false;
				st->host = h;
			} else {
				st->kind = S_SLEEP;
				if (!scan_number(p, &st->seconds)) {
					perr(p, q, "expected seconds after 'sleep'");
					return false;
				}
			}
			return expect_end(p);
		}
	}
	r = parse_targets(p, st);
	if (r < 0)
		return false;
	st->e = parse_expr(p, 0);
	if (!st->e)
		return false;
	if (!parse_check(p, &st->chk))
		return false;
	skip_ws(p);
	if (s[p->pos] == '&') {
		st->async = true;
		p->pos++;
	}
	return expect_end(p);
}

/* ----------------------------------------------------------------- header */

typedef struct hline {
	int line;
	char *text;      /* comment cut */
	size_t key, keylen, val;
} hline;

enum { K_ID, K_DOC, K_NEEDS, K_HOSTS, K_LINK, K_ADDR, K_FIXTURE, K_IMPL,
       K_TIMEOUT, K_ISOLATE, K_COUNT };

static const char *const key_names[K_COUNT] = {
	"id", "doc", "needs", "hosts", "link", "addr", "fixture", "impl",
	"timeout", "isolate",
};

static const char *const need_names[] = {
	"host", "netns", "root", "resolver", "vm:can", "vm:tipc", "vm:rds",
};

/* Next space-separated word of the current line: false at the end. */
static bool next_word(parser *p, size_t *at, size_t *n)
{
	skip_ws(p);
	if (!p->s[p->pos])
		return false;
	*at = p->pos;
	while (p->s[p->pos] && !is_ws(p->s[p->pos]))
		p->pos++;
	*n = p->pos - *at;
	return true;
}

static bool word_is(const char *w, size_t n, const char *lit)
{
	return strlen(lit) == n && memcmp(w, lit, n) == 0;
}

static bool valid_cidr(const char *w, size_t n)
{
	char buf[INET6_ADDRSTRLEN + 8], addr[16];
	const char *slash = memchr(w, '/', n);
	size_t alen, plen, i;
	long prefix = 0;
	int family;

	if (!slash || n >= sizeof buf)
		return false;
	alen = (size_t)(slash - w);
	plen = n - alen - 1;
	if (plen == 0 || plen > 3)
		return false;
	for (i = 0; i < plen; i++) {
		if (!is_digit(slash[1 + i]))
			return false;
		prefix = prefix * 10 + (slash[1 + i] - '0');
	}
	memcpy(buf, w, alen);
	buf[alen] = '\0';
	family = memchr(buf, ':', alen) ? AF_INET6 : AF_INET;
	if (inet_pton(family, buf, addr) != 1)
		return false;
	return prefix <= (family == AF_INET ? 32 : 128);
}

static bool header_hosts(parser *p)
{
	scase *c = p->c;
	size_t at, n;

	while (next_word(p, &at, &n)) {
		if (id_len(p->s + at) != n) {
			perr(p, at, "host name must be an identifier");
			return false;
		}
		if (host_index(c, p->s + at, n) >= 0) {
			perr(p, at, "duplicate host '%.*s'", QLEN(n), p->s + at);
			return false;
		}
		grow(&c->hosts, c->nhosts, sizeof *c->hosts);
		c->hosts[c->nhosts++] = xstrndup(p->s + at, n);
	}
	return true;
}

static int header_host(parser *p, const char *what)
{
	size_t at, n;
	int h;

	if (!next_word(p, &at, &n)) {
		perr(p, p->pos, "%s", what);
		return -1;
	}
	h = host_index(p->c, p->s + at, n);
	if (h < 0) {
		perr(p, at, "unknown host '%.*s'", QLEN(n), p->s + at);
		return -1;
	}
	return h;
}

static bool header_key(parser *p, int k)
{
	scase *c = p->c;
	size_t at, n, i;

	switch (k) {
	case K_ID:
		while (next_word(p, &at, &n)) {
			grow(&c->ids, c->nids, sizeof *c->ids);
			c->ids[c->nids++] = xstrndup(p->s + at, n);
		}
		return true;
	case K_DOC:
		while (next_word(p, &at, &n)) {
			const char *w = p->s + at;
			size_t pre = strlen("socket.rst:");
			long v = 0;

			if (n <= pre || memcmp(w, "socket.rst:", pre) != 0 ||
			    n - pre > 9) {
				perr(p, at, "expected socket.rst:LINE");
				return false;
			}
			for (i = pre; i < n; i++) {
				if (!is_digit(w[i])) {
					perr(p, at, "expected socket.rst:LINE");
					return false;
				}
				v = v * 10 + (w[i] - '0');
			}
			if (v <= 0) {
				perr(p, at, "expected socket.rst:LINE");
				return false;
			}
			grow(&c->doc_lines, c->ndoc, sizeof *c->doc_lines);
			c->doc_lines[c->ndoc++] = (int)v;
		}
		return true;
	case K_NEEDS:
		while (next_word(p, &at, &n)) {
			bool known = false;
			for (i = 0; i < sizeof need_names / sizeof need_names[0]; i++)
				if (word_is(p->s + at, n, need_names[i])) {
					c->needs |= 1u << i;
					known = true;
				}
			if (!known) {
				perr(p, at, "unknown need '%.*s'", QLEN(n), p->s + at);
				return false;
			}
		}
		return true;
	case K_LINK: {
		int a, b;
		size_t bat;

		a = header_host(p, "link needs two hosts");
		if (a < 0)
			return false;
		skip_ws(p);
		bat = p->pos;
		b = header_host(p, "link needs two hosts");
		if (b < 0)
			return false;
		if (a == b) {
			perr(p, bat, "link joins '%s' to itself", c->hosts[a]);
			return false;
		}
		grow(&c->links, c->nlinks, sizeof *c->links);
		c->links[c->nlinks].a = a;
		c->links[c->nlinks++].b = b;
		return expect_end(p);
	}
	case K_ADDR: {
		int h = header_host(p, "addr needs HOST IP/PREFIX");
		size_t count = 0;

		if (h < 0)
			return false;
		while (count < 2 && next_word(p, &at, &n)) {
			if (!valid_cidr(p->s + at, n)) {
				perr(p, at, "bad address '%.*s' (want IP/PREFIX)",
				     QLEN(n), p->s + at);
				return false;
			}
			grow(&c->addrs, c->naddrs, sizeof *c->addrs);
			c->addrs[c->naddrs].host = h;
			c->addrs[c->naddrs++].cidr = xstrndup(p->s + at, n);
			count++;
		}
		if (!count) {
			perr(p, p->pos, "addr needs HOST IP/PREFIX");
			return false;
		}
		return expect_end(p);
	}
	case K_FIXTURE:
		while (next_word(p, &at, &n)) {
			const char *w = p->s + at, *eq = memchr(w, '=', n);
			size_t kl;
			char **slot;

			if (!eq) {
				perr(p, at, "expected hosts=PATH, services=PATH or protocols=PATH");
				return false;
			}
			kl = (size_t)(eq - w);
			if (word_is(w, kl, "hosts"))
				slot = &c->fixture_hosts;
			else if (word_is(w, kl, "services"))
				slot = &c->fixture_services;
			else if (word_is(w, kl, "protocols"))
				slot = &c->fixture_protocols;
			else {
				perr(p, at, "unknown fixture '%.*s'", QLEN(kl), w);
				return false;
			}
			if (*slot) {
				perr(p, at, "duplicate fixture '%.*s'", QLEN(kl), w);
				return false;
			}
			if (kl + 1 == n) {
				perr(p, at + n, "expected a path after '='");
				return false;
			}
			*slot = xstrndup(eq + 1, n - kl - 1);
		}
		return true;
	case K_IMPL: {
		int h = header_host(p, "impl needs HOST IMPL");
		size_t hat = p->pos;

		if (h < 0)
			return false;
		if (!next_word(p, &at, &n)) {
			perr(p, p->pos, "impl needs HOST IMPL");
			return false;
		}
		if (c->host_impl[h]) {
			perr(p, hat, "duplicate impl for host '%s'", c->hosts[h]);
			return false;
		}
		c->host_impl[h] = xstrndup(p->s + at, n);
		return expect_end(p);
	}
	case K_ISOLATE: {
		size_t at, n;
		while (next_word(p, &at, &n)) {
			if (word_is(p->s + at, n, "uts")) {
				c->isolate_uts = true;
			} else if (word_is(p->s + at, n, "nocap")) {
				c->isolate_nocap = true;
			} else {
				perr(p, at, "isolate takes 'uts' or 'nocap'");
				return false;
			}
		}
		return true;
	}
	case K_TIMEOUT: {
		size_t v = p->pos;
		if (!scan_number(p, &c->timeout) || c->timeout <= 0 ||
		    (skip_ws(p), p->s[p->pos])) {
			perr(p, v, "timeout must be a positive number");
			return false;
		}
		return true;
	}
	}
	return true;
}

/* Process collected header lines: hosts first, then the rest in order. */
static bool header(parser *p, hline *hl, size_t nh)
{
	scase *c = p->c;
	bool seen[K_COUNT] = {false};
	size_t i, pass;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < nh; i++) {
			int k;
			p->line = hl[i].line;
			p->s = hl[i].text;
			for (k = 0; k < K_COUNT; k++)
				if (word_is(p->s + hl[i].key, hl[i].keylen,
					    key_names[k]))
					break;
			if (k == K_COUNT) {
				if (pass == 1) {
					perr(p, hl[i].key, "unknown key '%.*s'",
					     QLEN(hl[i].keylen), p->s + hl[i].key);
					return false;
				}
				continue;
			}
			if ((pass == 0) != (k == K_HOSTS))
				continue;
			if (seen[k] && k != K_LINK && k != K_ADDR && k != K_IMPL) {
				perr(p, hl[i].key, "duplicate key '%s'",
				     key_names[k]);
				return false;
			}
			seen[k] = true;
			p->pos = hl[i].val;
			if (k == K_HOSTS) {
				if (!header_hosts(p))
					return false;
			} else if (!header_key(p, k)) {
				return false;
			}
		}
		if (pass == 0) {
			if (!c->nhosts) {
				c->hosts = xcalloc(1, sizeof *c->hosts);
				c->hosts[0] = xstrdup("h");
				c->nhosts = 1;
			}
			c->host_impl = xcalloc(c->nhosts, sizeof *c->host_impl);
		}
	}
	p->line = 1;
	p->s = "";
	if (!seen[K_ID]) {
		perr(p, 0, "missing key 'id'");
		return false;
	}
	if (!seen[K_DOC]) {
		perr(p, 0, "missing key 'doc'");
		return false;
	}
	if (!seen[K_NEEDS]) {
		perr(p, 0, "missing key 'needs'");
		return false;
	}
	return true;
}

/* ------------------------------------------------------------------ lines */

/* Cut a `#` comment outside string literals, then trailing blanks. */
static void cut_comment(char *s)
{
	char q = 0;
	size_t i, n;

	for (i = 0; s[i]; i++) {
		if (q) {
			if (s[i] == '\\' && s[i + 1])
				i++;
			else if (s[i] == q)
				q = 0;
		} else if (s[i] == '\'' || s[i] == '"') {
			q = s[i];
		} else if (s[i] == '#') {
			s[i] = '\0';
			break;
		}
	}
	n = strlen(s);
	while (n && (is_ws(s[n - 1]) || s[n - 1] == '\r'))
		s[--n] = '\0';
}

static bool blank(const char *s)
{
	while (is_ws(*s) || *s == '\r')
		s++;
	return *s == '\0';
}

static char *case_name(const char *path)
{
	const char *below = NULL, *s, *base, *dot;
	size_t n;

	for (s = path; (s = strstr(s, "cases/")) != NULL; s++)
		if (s == path || s[-1] == '/')
			below = s + strlen("cases/");
	if (below && *below) {
		n = strlen(below);
		if (n > 5 && strcmp(below + n - 5, ".case") == 0)
			n -= 5;
		return xstrndup(below, n);
	}
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	if (dot && dot != base)
		return xstrndup(base, (size_t)(dot - base));
	return xstrdup(*base ? base : path);
}

scase *case_parse(const char *path, const char *text, char *errbuf,
		  size_t errcap)
{
	parser p;
	scase *c;
	hline *hl = NULL;
	size_t nh = 0, i;
	const char *t = text ? text : "";
	char *line = NULL;
	int lineno = 0, end_line = 0;
	bool in_header = true, ok = true;

	if (!path)
		path = "(case)";
	if (errbuf && errcap)
		errbuf[0] = '\0';
	memset(&p, 0, sizeof p);
	p.path = path;
	p.errbuf = errbuf;
	p.errcap = errcap;
	p.s = "";
	c = xcalloc(1, sizeof *c);
	c->path = xstrdup(path);
	c->name = case_name(path);
	c->timeout = 20;
	p.c = c;

	while (ok && *t) {
		const char *nl = strchr(t, '\n');
		size_t len = nl ? (size_t)(nl - t) : strlen(t);

		lineno++;
		line = xstrndup(t, len);
		t += len + (nl ? 1 : 0);
		if (in_header) {
			if (blank(line)) {
				free(line);
				line = NULL;
				if (nh)
					in_header = false;
				end_line = lineno;
				continue;
			}
			cut_comment(line);
			if (blank(line)) {
				free(line);
				line = NULL;
				continue;
			}
			p.line = lineno;
			p.s = line;
			p.pos = 0;
			skip_ws(&p);
			grow(&hl, nh, sizeof *hl);
			hl[nh].line = lineno;
			hl[nh].text = line;
			hl[nh].key = p.pos;
			hl[nh].keylen = id_len(line + p.pos);
			if (!hl[nh].keylen) {
				nh++;
				line = NULL;
				perr(&p, p.pos, "expected 'key: value'");
				ok = false;
				break;
			}
			p.pos += hl[nh].keylen;
			nh++;
			line = NULL;
			skip_ws(&p);
			if (p.s[p.pos] != ':') {
				perr(&p, p.pos, "expected ':'");
				ok = false;
				break;
			}
			p.pos++;
			skip_ws(&p);
			if (!p.s[p.pos]) {
				perr(&p, p.pos, "empty value");
				ok = false;
				break;
			}
			hl[nh - 1].val = p.pos;
			continue;
		}
		cut_comment(line);
		if (blank(line)) {
			free(line);
			line = NULL;
			continue;
		}
		/* the first step line: the header is complete */
		if (!c->host_impl) {
			if (!header(&p, hl, nh)) {
				ok = false;
				break;
			}
		}
		{
			step *st;
			char *b = line;
			size_t n = strlen(b), off;

			off = 0;
			while (is_ws(b[off]))
				off++;
			grow(&c->steps, c->nsteps, sizeof *c->steps);
			st = &c->steps[c->nsteps++];
			memset(st, 0, sizeof *st);
			st->line = lineno;
			st->text = xstrndup(b + off, n - off);
			p.line = lineno;
			p.s = line;
			p.pos = 0;
			if (!parse_step(&p, st))
				ok = false;
		}
		free(line);
		line = NULL;
	}
	free(line);
	if (ok && !c->host_impl)
		ok = header(&p, hl, nh);
	if (ok && c->nsteps == 0) {
		p.line = end_line ? end_line + 1 : lineno + 1;
		p.s = "";
		perr(&p, 0, "no steps");
		ok = false;
	}
	for (i = 0; i < nh; i++)
		free(hl[i].text);
	free(hl);
	if (!ok) {
		case_free(c);
		return NULL;
	}
	return c;
}

scase *case_load(const char *path, char *errbuf, size_t errcap)
{
	FILE *f;
	char *buf = NULL;
	size_t len = 0, cap = 0, i;
	int line = 1;
	size_t col = 1;
	scase *c;

	if (errbuf && errcap)
		errbuf[0] = '\0';
	f = fopen(path, "rb");
	if (!f) {
		if (errbuf && errcap)
			snprintf(errbuf, errcap, "%s:1:1: cannot open: %s", path,
				 strerror(errno));
		return NULL;
	}
	for (;;) {
		size_t got;
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 8192;
			buf = xrealloc(buf, cap);
		}
		got = fread(buf + len, 1, cap - len - 1, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		if (errbuf && errcap)
			snprintf(errbuf, errcap, "%s:1:1: cannot read: %s", path,
				 strerror(errno));
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[len] = '\0';
	for (i = 0; i < len; i++) {
		if (buf[i] == '\0') {
			if (errbuf && errcap)
				snprintf(errbuf, errcap, "%s:%d:%zu: NUL byte",
					 path, line, col);
			free(buf);
			return NULL;
		}
		if (buf[i] == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	c = case_parse(path, buf, errbuf, errcap);
	free(buf);
	return c;
}

void case_needs_text(unsigned needs, char *buf, size_t cap)
{
	size_t i, len = 0;

	if (!buf || !cap)
		return;
	buf[0] = '\0';
	for (i = 0; i < sizeof need_names / sizeof need_names[0]; i++) {
		int n;
		if (!(needs & (1u << i)))
			continue;
		n = snprintf(buf + len, cap - len, "%s%s", len ? " " : "",
			     need_names[i]);
		if (n < 0 || (size_t)n >= cap - len) {
			buf[len] = '\0';
			return;
		}
		len += (size_t)n;
	}
}
