/*
 * value.c — the literal-value library of value.h: Python literal syntax in,
 * Python repr() out, Python equality.
 *
 * The parser is written for untrusted text (adapter output): every read is
 * bounded by the terminating NUL, nesting is limited (V_MAX_DEPTH), and every
 * input yields either a value or an error message with the fault position.
 */
#include "value.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Deeper nesting is refused so a hostile line cannot exhaust the stack. */
#define V_MAX_DEPTH 500

/* ---------------------------------------------------------------- memory */

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		abort();
	return p;
}

static void *xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz ? sz : 1);
	if (!p)
		abort();
	return p;
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		abort();
	return p;
}

static value *v_new(vkind kind)
{
	value *v = xcalloc(1, sizeof *v);
	v->kind = kind;
	return v;
}

value *v_none(void)
{
	return v_new(V_NONE);
}

value *v_bool(bool b)
{
	value *v = v_new(V_BOOL);
	v->b = b;
	v->i = b;
	return v;
}

value *v_int(long long i)
{
	value *v = v_new(V_INT);
	v->i = i;
	return v;
}

value *v_float(double f)
{
	value *v = v_new(V_FLOAT);
	v->f = f;
	return v;
}

static value *v_blob(vkind kind, const void *p, size_t len)
{
	value *v = v_new(kind);
	if (len == SIZE_MAX)
		abort();
	v->s = xmalloc(len + 1);
	if (len)
		memcpy(v->s, p, len);
	v->s[len] = '\0';
	v->len = len;
	return v;
}

value *v_str(const char *s, size_t len)
{
	return v_blob(V_STR, s, len);
}

value *v_bytes(const void *p, size_t len)
{
	return v_blob(V_BYTES, p, len);
}

value *v_seq(vkind kind, size_t n)
{
	value *v = v_new(kind);
	v->items = xcalloc(n, sizeof *v->items);
	v->len = n;
	return v;
}

value *v_handle(const char *kind, long long n)
{
	value *v = v_new(V_HANDLE);
	const char *k = kind ? kind : "handle";
	v->s = xmalloc(strlen(k) + 1);
	strcpy(v->s, k);
	v->len = strlen(k);
	v->i = n;
	return v;
}

static bool is_seq(vkind k)
{
	return k == V_TUPLE || k == V_LIST || k == V_DICT;
}

value *v_copy(const value *v)
{
	if (!v)
		return NULL;
	switch (v->kind) {
	case V_STR:
	case V_BYTES:
		return v_blob(v->kind, v->s, v->s ? v->len : 0);
	case V_HANDLE:
		return v_handle(v->s, v->i);
	case V_TUPLE:
	case V_LIST:
	case V_DICT: {
		value *c = v_seq(v->kind, v->len);
		for (size_t k = 0; k < v->len; k++)
			c->items[k] = v->items ? v_copy(v->items[k]) : NULL;
		return c;
	}
	default: {
		value *c = v_new(v->kind);
		c->b = v->b;
		c->i = v->i;
		c->f = v->f;
		return c;
	}
	}
}

void v_free(value *v)
{
	if (!v)
		return;
	if (is_seq(v->kind) && v->items)
		for (size_t k = 0; k < v->len; k++)
			v_free(v->items[k]);
	free(v->items);
	free(v->s);
	free(v);
}

/* ---------------------------------------------------------------- buffer */

typedef struct buf {
	char *p;
	size_t len, cap;
} buf;

static void b_put(buf *b, const void *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 32;
		while (b->len + n + 1 > cap)
			cap *= 2;
		b->p = xrealloc(b->p, cap);
		b->cap = cap;
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void b_putc(buf *b, char c)
{
	b_put(b, &c, 1);
}

static void b_puts(buf *b, const char *s)
{
	b_put(b, s, strlen(s));
}

static void b_printf(buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void b_printf(buf *b, const char *fmt, ...)
{
	char tmp[64];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	if ((size_t)n < sizeof tmp) {
		b_put(b, tmp, (size_t)n);
		return;
	}
	char *big = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b_put(b, big, (size_t)n);
	free(big);
}

/* Append code point cp as (generalised) UTF-8; surrogates become WTF-8. */
static void b_utf8(buf *b, unsigned long cp)
{
	char o[4];
	size_t n;
	if (cp < 0x80) {
		o[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		o[0] = (char)(0xF0 | (cp >> 18));
		o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	b_put(b, o, n);
}

/*
 * Decode one UTF-8 (or WTF-8: surrogates allowed) sequence from p[0..n).
 * Returns its length, or 0 when the bytes are not well formed (overlong,
 * truncated, above U+10FFFF, bad continuation).
 */
static size_t utf8_decode(const unsigned char *p, size_t n, unsigned long *cp)
{
	if (n == 0)
		return 0;
	unsigned c = p[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t need;
	unsigned long v, min;
	if (c >= 0xC2 && c <= 0xDF) {
		need = 2;
		v = c & 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 3;
		v = c & 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 4;
		v = c & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (n < need)
		return 0;
	for (size_t k = 1; k < need; k++) {
		if ((p[k] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (p[k] & 0x3F);
	}
	if (v < min || v > 0x10FFFF)
		return 0;
	*cp = v;
	return need;
}

/* ---------------------------------------------------------------- parser */

typedef struct parser {
	const char *t;
	size_t pos;
	char *err;
	size_t errcap;
	bool failed;
} parser;

static value *fail(parser *p, size_t at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static value *fail(parser *p, size_t at, const char *fmt, ...)
{
	if (!p->failed) {
		p->failed = true;
		p->pos = at;
		if (p->err && p->errcap) {
			va_list ap;
			va_start(ap, fmt);
			vsnprintf(p->err, p->errcap, fmt, ap);
			va_end(ap);
		}
	}
	return NULL;
}

static unsigned char cur(const parser *p)
{
	return (unsigned char)p->t[p->pos];
}

static unsigned char peek(const parser *p, size_t k)
{
	/* Never read past the NUL: stop at the first one. */
	for (size_t j = 0; j < k; j++)
		if (p->t[p->pos + j] == '\0')
			return 0;
	return (unsigned char)p->t[p->pos + k];
}

static void skip_ws(parser *p)
{
	for (;;) {
		unsigned char c = cur(p);
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == '\f' || c == '\v')
			p->pos++;
		else
			break;
	}
}

static bool is_digit(unsigned c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(unsigned c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_ident(unsigned c)
{
	return is_alpha(c) || is_digit(c) || c >= 0x80;
}

static int hexval(unsigned c)
{
	if (c >= '0' && c <= '9')
		return (int)(c - '0');
	if (c >= 'a' && c <= 'f')
		return (int)(c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (int)(c - 'A' + 10);
	return -1;
}

static int digit_in_base(unsigned c, int base)
{
	int d = hexval(c);
	return d >= 0 && d < base ? d : -1;
}

/*
 * Numbers: [sign] (0x|0o|0b)digits | decimal int | float. Underscores only
 * between digits, as in Python.
 */
static value *parse_number(parser *p)
{
	size_t start = p->pos;
	bool neg = false;
	if (cur(p) == '+' || cur(p) == '-') {
		neg = cur(p) == '-';
		p->pos++;
		skip_ws(p);
		if (!is_digit(cur(p)) && !(cur(p) == '.' && is_digit(peek(p, 1))))
			return fail(p, p->pos, "expected a number after sign");
	}
	size_t nstart = p->pos;
	int base = 10;
	if (cur(p) == '0') {
		unsigned c = peek(p, 1);
		if (c == 'x' || c == 'X')
			base = 16;
		else if (c == 'o' || c == 'O')
			base = 8;
		else if (c == 'b' || c == 'B')
			base = 2;
	}
	if (base != 10) {
		p->pos += 2;
		unsigned long long mag = 0;
		bool any = false, over = false;
		for (;;) {
			unsigned c = cur(p);
			if (c == '_') {
				/* Python: 0x_1F is fine, 0x1__F and 0x1F_ are not */
				if (digit_in_base(peek(p, 1), base) < 0)
					return fail(p, p->pos, "invalid number");
				p->pos++;
				continue;
			}
			int d = digit_in_base(c, base);
			if (d < 0)
				break;
			any = true;
			if (mag > (ULLONG_MAX - (unsigned)d) / (unsigned)base)
				over = true;
			else
				mag = mag * (unsigned)base + (unsigned)d;
			p->pos++;
		}
		if (!any)
			return fail(p, p->pos, "invalid number");
		if (is_ident(cur(p)) || is_digit(cur(p)))
			return fail(p, p->pos, "invalid number");
		if (over || mag > (neg ? 9223372036854775808ULL
				       : 9223372036854775807ULL))
			return fail(p, start, "integer out of range");
		long long v = neg ? (long long)(0 - mag) : (long long)mag;
		if (neg && mag == 9223372036854775808ULL)
			v = LLONG_MIN;
		return v_int(v);
	}

	/* Decimal: gather digits (without underscores) into a buffer. */
	buf d = {0};
	bool isfloat = false, anydig = false;
	if (neg)
		b_putc(&d, '-');
	size_t intdigits = 0;
	bool leadzero_nonzero = false, seen_nonzero = false;
#define DIGITS(countvar)                                                      \
	do {                                                                  \
		while (is_digit(cur(p))) {                                    \
			b_putc(&d, (char)cur(p));                             \
			countvar;                                             \
			p->pos++;                                             \
			if (cur(p) == '_') {                                  \
				if (!is_digit(peek(p, 1))) {                  \
					free(d.p);                            \
					return fail(p, p->pos,                \
						    "invalid number");        \
				}                                             \
				p->pos++;                                     \
			}                                                     \
		}                                                             \
	} while (0)
	DIGITS((anydig = true, intdigits++,
		seen_nonzero = seen_nonzero || cur(p) != '0'));
	if (intdigits > 1 && d.p[neg ? 1 : 0] == '0' && seen_nonzero)
		leadzero_nonzero = true;
	if (cur(p) == '.') {
		isfloat = true;
		b_putc(&d, '.');
		p->pos++;
		if (is_digit(cur(p)))
			DIGITS(anydig = true);
	}
	if (!anydig) {
		free(d.p);
		return fail(p, nstart, "invalid number");
	}
	if (cur(p) == 'e' || cur(p) == 'E') {
		size_t epos = p->pos;
		isfloat = true;
		b_putc(&d, 'e');
		p->pos++;
		if (cur(p) == '+' || cur(p) == '-') {
			b_putc(&d, (char)cur(p));
			p->pos++;
		}
		if (!is_digit(cur(p))) {
			free(d.p);
			return fail(p, epos, "invalid number");
		}
		DIGITS((void)0);
	}
#undef DIGITS
	if (is_ident(cur(p)) || cur(p) == '.') {
		free(d.p);
		return fail(p, p->pos, "invalid number");
	}
	if (!isfloat && leadzero_nonzero) {
		free(d.p);
		return fail(p, nstart,
			    "leading zeros in decimal integer literals are not "
			    "permitted");
	}
	value *v;
	if (isfloat) {
		v = v_float(strtod(d.p, NULL));
	} else {
		/* Digits only (and a leading '-'): compare magnitudes. */
		const char *s = d.p + (neg ? 1 : 0);
		while (*s == '0' && s[1])
			s++;
		size_t n = strlen(s);
		const char *lim = neg ? "9223372036854775808"
				      : "9223372036854775807";
		if (n > 19 || (n == 19 && strcmp(s, lim) > 0)) {
			free(d.p);
			return fail(p, start, "integer out of range");
		}
		unsigned long long mag = 0;
		for (; *s; s++)
			mag = mag * 10 + (unsigned)(*s - '0');
		v = v_int(neg ? (mag == 9223372036854775808ULL
					 ? LLONG_MIN
					 : -(long long)mag)
			      : (long long)mag);
	}
	free(d.p);
	return v;
}

/* The string / bytes literal starting at the prefix (if any). */
static value *parse_string(parser *p, bool bytes, bool raw)
{
	unsigned char q = cur(p);
	size_t open = p->pos;
	p->pos++;
	if (cur(p) == q && peek(p, 1) == q)
		return fail(p, open, "triple-quoted strings are not supported");
	buf b = {0};
	b_put(&b, "", 0);
	for (;;) {
		unsigned char c = cur(p);
		size_t at = p->pos;
		if (c == '\0' || c == '\n' || c == '\r') {
			free(b.p);
			return fail(p, open, "unterminated string");
		}
		if (c == q) {
			p->pos++;
			break;
		}
		if (c >= 0x80) {
			unsigned long cp;
			size_t n = utf8_decode((const unsigned char *)p->t + at,
					       strnlen(p->t + at, 4), &cp);
			if (n == 0) {
				free(b.p);
				return fail(p, at, "invalid UTF-8");
			}
			if (bytes) {
				free(b.p);
				return fail(p, at,
					    "bytes can only contain ASCII "
					    "literal characters");
			}
			b_put(&b, p->t + at, n);
			p->pos += n;
			continue;
		}
		if (c != '\\') {
			b_putc(&b, (char)c);
			p->pos++;
			continue;
		}
		/* backslash */
		unsigned char e = peek(p, 1);
		if (raw) {
			/* a raw literal keeps the backslash and whatever follows,
			 * but the following quote does not end the literal */
			if (e == '\0' || e == '\n' || e == '\r') {
				free(b.p);
				return fail(p, open, "unterminated string");
			}
			b_putc(&b, '\\');
			p->pos++;
			if (e < 0x80) {
				b_putc(&b, (char)e);
				p->pos++;
			}
			continue;
		}
		p->pos += 2;
		switch (e) {
		case '\0':
			free(b.p);
			return fail(p, open, "unterminated string");
		case '\n':
			break; /* line continuation */
		case '\r':
			if (cur(p) == '\n')
				p->pos++;
			break;
		case '\\': b_putc(&b, '\\'); break;
		case '\'': b_putc(&b, '\''); break;
		case '"': b_putc(&b, '"'); break;
		case 'a': b_putc(&b, '\a'); break;
		case 'b': b_putc(&b, '\b'); break;
		case 'f': b_putc(&b, '\f'); break;
		case 'n': b_putc(&b, '\n'); break;
		case 'r': b_putc(&b, '\r'); break;
		case 't': b_putc(&b, '\t'); break;
		case 'v': b_putc(&b, '\v'); break;
		case '0': case '1': case '2': case '3':
		case '4': case '5': case '6': case '7': {
			unsigned long v = e - '0';
			for (int k = 0; k < 2 && cur(p) >= '0' && cur(p) <= '7';
			     k++, p->pos++)
				v = v * 8 + (cur(p) - '0');
			if (bytes)
				b_putc(&b, (char)(v & 0xFF));
			else
				b_utf8(&b, v);
			break;
		}
		case 'x':
		case 'u':
		case 'U': {
			if (bytes && e != 'x') {
				b_putc(&b, '\\');
				b_putc(&b, (char)e);
				break;
			}
			int nd = e == 'x' ? 2 : e == 'u' ? 4 : 8;
			unsigned long v = 0;
			for (int k = 0; k < nd; k++) {
				int h = hexval(cur(p));
				if (h < 0) {
					free(b.p);
					return fail(p, at,
						    "truncated \\%cXX%s escape",
						    e, nd == 2 ? "" :
						    nd == 4 ? "XX" : "XXXXXX");
				}
				v = v * 16 + (unsigned)h;
				p->pos++;
			}
			if (bytes)
				b_putc(&b, (char)v);
			else if (v > 0x10FFFF) {
				free(b.p);
				return fail(p, at, "illegal Unicode character");
			} else
				b_utf8(&b, v);
			break;
		}
		case 'N':
			if (!bytes) {
				free(b.p);
				return fail(p, at, "\\N{...} escapes are not "
						   "supported");
			}
			/* fall through */
		default:
			/* unknown escape: Python keeps the backslash */
			b_putc(&b, '\\');
			p->pos--;
			break;
		}
	}
	value *v = bytes ? v_bytes(b.p, b.len) : v_str(b.p, b.len);
	free(b.p);
	return v;
}

static value *parse_value(parser *p, int depth);

/* Append an item to a sequence under construction. */
static void seq_push(value *s, value *item, size_t *cap)
{
	if (s->len == *cap) {
		*cap = *cap ? *cap * 2 : 4;
		s->items = xrealloc(s->items, *cap * sizeof *s->items);
	}
	s->items[s->len++] = item;
}

static value *parse_seq(parser *p, int depth)
{
	unsigned char open = cur(p);
	unsigned char close = open == '(' ? ')' : open == '[' ? ']' : '}';
	vkind kind = open == '(' ? V_TUPLE : open == '[' ? V_LIST : V_DICT;
	if (depth >= V_MAX_DEPTH)
		return fail(p, p->pos, "nesting too deep");
	p->pos++;
	value *s = v_new(kind);
	size_t cap = 0;
	bool comma = false;
	for (;;) {
		skip_ws(p);
		if (cur(p) == close) {
			p->pos++;
			break;
		}
		if (s->len > 0 && !comma) {
			v_free(s);
			return fail(p, p->pos, "expected ',' or '%c'", close);
		}
		value *item = parse_value(p, depth + 1);
		if (!item) {
			v_free(s);
			return NULL;
		}
		if (kind == V_DICT) {
			skip_ws(p);
			if (cur(p) != ':') {
				v_free(item);
				v_free(s);
				return fail(p, p->pos, "expected ':'");
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
		skip_ws(p);
		comma = cur(p) == ',';
		if (comma)
			p->pos++;
		else if (cur(p) != close) {
			v_free(s);
			return fail(p, p->pos, "expected ',' or '%c'", close);
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
		s->items = xcalloc(1, sizeof *s->items);
	}
	return s;
}

/* <socket 3>, <file 1> */
static value *parse_handle(parser *p)
{
	p->pos++;
	size_t ks = p->pos;
	if (!is_alpha(cur(p)))
		return fail(p, p->pos, "expected a handle kind");
	while (is_alpha(cur(p)) || is_digit(cur(p)))
		p->pos++;
	size_t ke = p->pos;
	if (cur(p) != ' ')
		return fail(p, p->pos, "expected ' ' in handle");
	while (cur(p) == ' ')
		p->pos++;
	if (!is_digit(cur(p)))
		return fail(p, p->pos, "expected a handle number");
	long long n = 0;
	while (is_digit(cur(p))) {
		if (n > (LLONG_MAX - 9) / 10)
			return fail(p, p->pos, "handle number out of range");
		n = n * 10 + (cur(p) - '0');
		p->pos++;
	}
	if (cur(p) != '>')
		return fail(p, p->pos, "expected '>'");
	p->pos++;
	char *kind = xmalloc(ke - ks + 1);
	memcpy(kind, p->t + ks, ke - ks);
	kind[ke - ks] = '\0';
	value *v = v_handle(kind, n);
	free(kind);
	return v;
}

static value *parse_value(parser *p, int depth)
{
	skip_ws(p);
	size_t start = p->pos;
	unsigned char c = cur(p);
	if (c == '\0')
		return fail(p, start, depth ? "unexpected end of input"
					    : "expected a literal");
	if (c == '(' || c == '[' || c == '{')
		return parse_seq(p, depth);
	if (c == '\'' || c == '"')
		return parse_string(p, false, false);
	if (c == '<')
		return parse_handle(p);
	if (is_digit(c) || c == '+' || c == '-' ||
	    (c == '.' && is_digit(peek(p, 1))))
		return parse_number(p);
	if (is_alpha(c) || c >= 0x80) {
		/* string prefixes: b r br rb (any case) */
		size_t n = 0;
		bool bytes = false, raw = false, ok = true;
		while (n < 3 && is_alpha(peek(p, n))) {
			unsigned char k = peek(p, n);
			if ((k == 'b' || k == 'B') && !bytes)
				bytes = true;
			else if ((k == 'r' || k == 'R') && !raw)
				raw = true;
			else
				ok = false;
			n++;
		}
		if (ok && n > 0 && n <= 2 &&
		    (peek(p, n) == '\'' || peek(p, n) == '"')) {
			p->pos += n;
			return parse_string(p, bytes, raw);
		}
		size_t e = start;
		while (is_ident((unsigned char)p->t[e]))
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
		if (depth == 0)
			return fail(p, start, "not a literal");
		return fail(p, start, "unknown name '%.*s'",
			    (int)(len > 40 ? 40 : len), p->t + start);
	}
	return fail(p, start, "not a literal");
}

value *v_parse(const char *text, size_t *pos, char *errbuf, size_t errcap)
{
	parser p = {.t = text, .pos = pos ? *pos : 0, .err = errbuf,
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

/* ---------------------------------------------------------------- format */

/*
 * Code points Python's str.isprintable() rejects, beyond C0/DEL/C1 and the
 * no-break space: the other separators (Zs, Zl, Zp), format characters (Cf),
 * surrogates, private use and non-characters. Unassigned code points (Cn)
 * depend on the Unicode version and are printed raw.
 */
static const struct {
	unsigned long lo, hi;
} nonprint[] = {
	{0xAD, 0xAD},       {0x600, 0x605},     {0x61C, 0x61C},
	{0x6DD, 0x6DD},     {0x70F, 0x70F},     {0x890, 0x891},
	{0x8E2, 0x8E2},     {0x1680, 0x1680},   {0x180E, 0x180E},
	{0x2000, 0x200F},   {0x2028, 0x202F},   {0x205F, 0x2064},
	{0x2066, 0x206F},   {0x3000, 0x3000},   {0xD800, 0xF8FF},
	{0xFDD0, 0xFDEF},   {0xFEFF, 0xFEFF},   {0xFFF9, 0xFFFB},
	{0xFFFE, 0xFFFF},   {0x110BD, 0x110BD}, {0x110CD, 0x110CD},
	{0x13430, 0x1343F}, {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A},
	{0xE0001, 0xE0001}, {0xE0020, 0xE007F}, {0xF0000, 0x10FFFF},
};

static bool printable(unsigned long cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp <= 0xA0))
		return false;
	if ((cp & 0xFFFE) == 0xFFFE)
		return false; /* U+xxFFFE/U+xxFFFF non-characters */
	for (size_t k = 0; k < sizeof nonprint / sizeof nonprint[0]; k++)
		if (cp >= nonprint[k].lo && cp <= nonprint[k].hi)
			return false;
	return true;
}

static char pick_quote(const char *s, size_t len)
{
	bool sq = memchr(s, '\'', len) != NULL;
	bool dq = memchr(s, '"', len) != NULL;
	return sq && !dq ? '"' : '\'';
}

static void fmt_str(buf *b, const char *s, size_t len)
{
	if (!s)
		len = 0;
	char q = pick_quote(s ? s : "", len);
	b_putc(b, q);
	const unsigned char *u = (const unsigned char *)s;
	size_t k = 0;
	while (k < len) {
		unsigned c = u[k];
		if (c == (unsigned char)q || c == '\\') {
			b_putc(b, '\\');
			b_putc(b, (char)c);
			k++;
		} else if (c == '\n') {
			b_puts(b, "\\n"), k++;
		} else if (c == '\r') {
			b_puts(b, "\\r"), k++;
		} else if (c == '\t') {
			b_puts(b, "\\t"), k++;
		} else if (c < 0x20 || c == 0x7F) {
			b_printf(b, "\\x%02x", c), k++;
		} else if (c < 0x80) {
			b_putc(b, (char)c), k++;
		} else {
			unsigned long cp;
			size_t n = utf8_decode(u + k, len - k, &cp);
			if (n == 0) {
				/* not UTF-8: show the byte as surrogateescape
				 * would have decoded it */
				b_printf(b, "\\udc%02x", c);
				k++;
				continue;
			}
			if (printable(cp))
				b_put(b, u + k, n);
			else if (cp < 0x100)
				b_printf(b, "\\x%02lx", cp);
			else if (cp < 0x10000)
				b_printf(b, "\\u%04lx", cp);
			else
				b_printf(b, "\\U%08lx", cp);
			k += n;
		}
	}
	b_putc(b, q);
}

static void fmt_bytes(buf *b, const char *s, size_t len)
{
	if (!s)
		len = 0;
	char q = pick_quote(s ? s : "", len);
	b_putc(b, 'b');
	b_putc(b, q);
	for (size_t k = 0; k < len; k++) {
		unsigned c = (unsigned char)s[k];
		if (c == (unsigned char)q || c == '\\') {
			b_putc(b, '\\');
			b_putc(b, (char)c);
		} else if (c == '\n')
			b_puts(b, "\\n");
		else if (c == '\r')
			b_puts(b, "\\r");
		else if (c == '\t')
			b_puts(b, "\\t");
		else if (c < 0x20 || c >= 0x7F)
			b_printf(b, "\\x%02x", c);
		else
			b_putc(b, (char)c);
	}
	b_putc(b, q);
}

/* repr(float): the shortest digits that round-trip, in Python's layout. */
static void fmt_float(buf *b, double f)
{
	if (isnan(f)) {
		b_puts(b, "nan");
		return;
	}
	if (isinf(f)) {
		b_puts(b, f < 0 ? "-inf" : "inf");
		return;
	}
	char e[40];
	for (int prec = 0; prec <= 16; prec++) {
		snprintf(e, sizeof e, "%.*e", prec, f);
		if (strtod(e, NULL) == f)
			break;
	}
	/* e = [-]d[.ddd]e[+-]XX */
	bool neg = e[0] == '-';
	const char *m = e + (neg ? 1 : 0);
	char digits[24];
	size_t nd = 0;
	const char *x = m;
	for (; *x && *x != 'e'; x++)
		if (*x != '.' && nd < sizeof digits - 1)
			digits[nd++] = *x;
	digits[nd] = '\0';
	int exp = *x == 'e' ? atoi(x + 1) : 0;
	while (nd > 1 && digits[nd - 1] == '0')
		digits[--nd] = '\0';
	if (neg)
		b_putc(b, '-');
	if (exp < -4 || exp >= 16) {
		b_putc(b, digits[0]);
		if (nd > 1) {
			b_putc(b, '.');
			b_puts(b, digits + 1);
		}
		b_printf(b, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
	} else if (exp < 0) {
		b_puts(b, "0.");
		for (int k = -1; k > exp; k--)
			b_putc(b, '0');
		b_puts(b, digits);
	} else {
		size_t ip = (size_t)exp + 1;
		for (size_t k = 0; k < ip; k++)
			b_putc(b, k < nd ? digits[k] : '0');
		b_putc(b, '.');
		if (nd > ip)
			b_puts(b, digits + ip);
		else
			b_putc(b, '0');
	}
}

static void fmt(buf *b, const value *v)
{
	if (!v) {
		b_puts(b, "None");
		return;
	}
	switch (v->kind) {
	case V_NONE:
		b_puts(b, "None");
		break;
	case V_BOOL:
		b_puts(b, v->b ? "True" : "False");
		break;
	case V_INT:
		b_printf(b, "%lld", v->i);
		break;
	case V_FLOAT:
		fmt_float(b, v->f);
		break;
	case V_STR:
		fmt_str(b, v->s, v->len);
		break;
	case V_BYTES:
		fmt_bytes(b, v->s, v->len);
		break;
	case V_TUPLE:
	case V_LIST: {
		bool t = v->kind == V_TUPLE;
		b_putc(b, t ? '(' : '[');
		for (size_t k = 0; k < v->len; k++) {
			if (k)
				b_puts(b, ", ");
			fmt(b, v->items ? v->items[k] : NULL);
		}
		if (t && v->len == 1)
			b_putc(b, ',');
		b_putc(b, t ? ')' : ']');
		break;
	}
	case V_DICT:
		b_putc(b, '{');
		for (size_t k = 0; k < v->len; k++) {
			if (k)
				b_puts(b, k % 2 ? ": " : ", ");
			fmt(b, v->items ? v->items[k] : NULL);
		}
		b_putc(b, '}');
		break;
	case V_HANDLE:
		b_printf(b, "<%s %lld>", v->s ? v->s : "handle", v->i);
		break;
	default:
		b_puts(b, "<?>");
		break;
	}
}

char *v_format(const value *v)
{
	buf b = {0};
	b_put(&b, "", 0);
	fmt(&b, v);
	return b.p;
}

/* -------------------------------------------------------------- equality */

static bool is_num(const value *v)
{
	return v->kind == V_BOOL || v->kind == V_INT || v->kind == V_FLOAT;
}

static long long num_int(const value *v)
{
	return v->kind == V_BOOL ? (long long)v->b : v->i;
}

/* Exact comparison of an int64 with a double, as Python does. */
static bool int_eq_float(long long i, double f)
{
	if (isnan(f) || isinf(f) || f != floor(f))
		return false;
	if (f < -9223372036854775808.0 || f >= 9223372036854775808.0)
		return false;
	return (long long)f == i;
}

bool v_equal(const value *a, const value *b)
{
	static const value none = {.kind = V_NONE};
	if (!a)
		a = &none;
	if (!b)
		b = &none;
	if (is_num(a) && is_num(b)) {
		if (a->kind == V_FLOAT && b->kind == V_FLOAT)
			return a->f == b->f;
		if (a->kind == V_FLOAT)
			return int_eq_float(num_int(b), a->f);
		if (b->kind == V_FLOAT)
			return int_eq_float(num_int(a), b->f);
		return num_int(a) == num_int(b);
	}
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case V_NONE:
		return true;
	case V_STR:
	case V_BYTES: {
		size_t la = a->s ? a->len : 0, lb = b->s ? b->len : 0;
		return la == lb && (la == 0 || !memcmp(a->s, b->s, la));
	}
	case V_TUPLE:
	case V_LIST:
		if (a->len != b->len)
			return false;
		for (size_t k = 0; k < a->len; k++)
			if (!v_equal(a->items ? a->items[k] : NULL,
				     b->items ? b->items[k] : NULL))
				return false;
		return true;
	case V_DICT:
		if (a->len != b->len)
			return false;
		for (size_t k = 0; k + 1 < a->len; k += 2) {
			bool found = false;
			for (size_t j = 0; j + 1 < b->len; j += 2) {
				if (v_equal(a->items ? a->items[k] : NULL,
					    b->items ? b->items[j] : NULL)) {
					found = v_equal(
						a->items ? a->items[k + 1] : NULL,
						b->items ? b->items[j + 1] : NULL);
					break;
				}
			}
			if (!found)
				return false;
		}
		return true;
	case V_HANDLE:
		return a->i == b->i &&
		       strcmp(a->s ? a->s : "", b->s ? b->s : "") == 0;
	default:
		return false;
	}
}

const char *v_typename(const value *v)
{
	if (!v)
		return "NoneType";
	switch (v->kind) {
	case V_NONE: return "NoneType";
	case V_BOOL: return "bool";
	case V_INT: return "int";
	case V_FLOAT: return "float";
	case V_STR: return "str";
	case V_BYTES: return "bytes";
	case V_TUPLE: return "tuple";
	case V_LIST: return "list";
	case V_DICT: return "dict";
	case V_HANDLE: return v->s ? v->s : "handle";
	}
	return "?";
}
