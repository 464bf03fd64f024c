/*
 * value.c — the literal-value library of value.h: constructors, copy, free,
 * Python equality and type names; and the memory, growable-buffer and UTF-8
 * helpers shared with the parser (value_parse.c, value_parse_scalar.c) and
 * the repr formatter (value_format.c) through value_internal.h.
 */
#include "value_internal.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- memory */

void *vi_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		abort();
	return p;
}

void *vi_xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz ? sz : 1);
	if (!p)
		abort();
	return p;
}

void *vi_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		abort();
	return p;
}

value *vi_new(vkind kind)
{
	value *v = vi_xcalloc(1, sizeof *v);
	v->kind = kind;
	return v;
}

value *v_none(void)
{
	return vi_new(V_NONE);
}

value *v_bool(bool b)
{
	value *v = vi_new(V_BOOL);
	v->b = b;
	v->i = b;
	return v;
}

value *v_int(long long i)
{
	value *v = vi_new(V_INT);
	v->i = i;
	return v;
}

value *v_float(double f)
{
	value *v = vi_new(V_FLOAT);
	v->f = f;
	return v;
}

static value *v_blob(vkind kind, const void *p, size_t len)
{
	value *v = vi_new(kind);
	if (len == SIZE_MAX)
		abort();
	v->s = vi_xmalloc(len + 1);
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
	value *v = vi_new(kind);
	v->items = vi_xcalloc(n, sizeof *v->items);
	v->len = n;
	return v;
}

value *v_handle(const char *kind, long long n)
{
	value *v = vi_new(V_HANDLE);
	const char *k = kind ? kind : "handle";
	v->s = vi_xmalloc(strlen(k) + 1);
	strcpy(v->s, k);
	v->len = strlen(k);
	v->i = n;
	return v;
}

value *v_class(const char *qualname, const char *const *mro, size_t n)
{
	value *v = vi_new(V_CLASS);
	v->s = vi_xmalloc(strlen(qualname) + 1);
	strcpy(v->s, qualname);
	v->items = vi_xcalloc(n ? n : 1, sizeof *v->items);
	v->len = n;
	for (size_t k = 0; k < n; k++)
		v->items[k] = v_str(mro[k], strlen(mro[k]));
	return v;
}

static bool is_seq(vkind k)
{
	return k == V_TUPLE || k == V_LIST || k == V_DICT || k == V_CLASS;
}

value *v_copy(const value *v)
{
	if (!v)
		return NULL;
	switch (v->kind) {
	case V_STR:
	case V_BYTES:
	case V_BIGINT:
		return v_blob(v->kind, v->s, v->s ? v->len : 0);
	case V_HANDLE:
		return v_handle(v->s, v->i);
	case V_CLASS: {
		value *c = v_seq(V_TUPLE, v->len);
		for (size_t k = 0; k < v->len; k++)
			c->items[k] = v_copy(v->items[k]);
		c->kind = V_CLASS;
		c->s = vi_xmalloc(strlen(v->s) + 1);
		strcpy(c->s, v->s);
		return c;
	}
	case V_TUPLE:
	case V_LIST:
	case V_DICT: {
		value *c = v_seq(v->kind, v->len);
		for (size_t k = 0; k < v->len; k++)
			c->items[k] = v->items ? v_copy(v->items[k]) : NULL;
		return c;
	}
	default: {
		value *c = vi_new(v->kind);
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

void vi_put(vi_buf *b, const void *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 32;
		while (b->len + n + 1 > cap)
			cap *= 2;
		b->p = vi_xrealloc(b->p, cap);
		b->cap = cap;
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void vi_putc(vi_buf *b, char c)
{
	vi_put(b, &c, 1);
}

void vi_puts(vi_buf *b, const char *s)
{
	vi_put(b, s, strlen(s));
}

void vi_printf(vi_buf *b, const char *fmt, ...)
{
	char tmp[64];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	if ((size_t)n < sizeof tmp) {
		vi_put(b, tmp, (size_t)n);
		return;
	}
	char *big = vi_xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	vi_put(b, big, (size_t)n);
	free(big);
}

/* Append code point cp as (generalised) UTF-8; surrogates become WTF-8. */
void vi_put_utf8(vi_buf *b, unsigned long cp)
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
	vi_put(b, o, n);
}

/*
 * Decode one UTF-8 (or WTF-8: surrogates allowed) sequence from p[0..n).
 * Returns its length, or 0 when the bytes are not well formed (overlong,
 * truncated, above U+10FFFF, bad continuation).
 */
size_t vi_utf8_decode(const unsigned char *p, size_t n, unsigned long *cp)
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

/* -------------------------------------------------------------- equality */

static bool is_num(const value *v)
{
	return v->kind == V_BOOL || v->kind == V_INT || v->kind == V_FLOAT ||
	       v->kind == V_BIGINT;
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
	if ((a->kind == V_BIGINT || b->kind == V_BIGINT) && is_num(a) &&
	    is_num(b)) {
		/* a V_BIGINT is canonical decimal text never inside int64:
		 * equal to another by its text, never to an int64 or bool, and
		 * to an integral float when the float's digits are its text
		 * (here, not in value_bigint.c, which stands on this file) */
		const value *f = a->kind == V_FLOAT ? a : b->kind == V_FLOAT ? b
									 : NULL;
		const value *g = f == a ? b : a;
		char buf[400];
		if (!f)
			return a->kind == b->kind && strcmp(a->s, b->s) == 0;
		if (isnan(f->f) || isinf(f->f) || f->f != floor(f->f))
			return false;
		snprintf(buf, sizeof buf, "%.0f", f->f);
		return strcmp(buf, g->s) == 0;
	}
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
						a->items ? a->items[k + 1]
							 : NULL,
						b->items ? b->items[j + 1]
							 : NULL);
					break;
				}
			}
			if (!found)
				return false;
		}
		return true;
	case V_CLASS: /* a class is itself: the same qualified name */
		return strcmp(a->s, b->s) == 0;
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
	case V_BIGINT: return "int";
	case V_FLOAT: return "float";
	case V_STR: return "str";
	case V_BYTES: return "bytes";
	case V_TUPLE: return "tuple";
	case V_LIST: return "list";
	case V_DICT: return "dict";
	case V_CLASS: return "type";
	case V_HANDLE: return v->s ? v->s : "handle";
	}
	return "?";
}
