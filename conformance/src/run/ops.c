/*
 * ops.c — the operators of case expressions on plain values, evaluated by
 * the harness as Python evaluates them: ints of any size (value_bigint.c),
 * floats, concatenation and repetition of bytes, str, tuples and lists,
 * comparisons, membership, indexing and slicing. A value holding an
 * adapter handle never reaches here: eval.c sends such an operation to
 * the implementation (`call - op ...`), whose object it is.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run_internal.h"

bool value_has_handle(const value *v)
{
	if (!v)
		return false;
	if (v->kind == V_HANDLE)
		return true;
	if (v->kind == V_TUPLE || v->kind == V_LIST || v->kind == V_DICT)
		for (size_t i = 0; i < v->len; i++)
			if (value_has_handle(v->items[i]))
				return true;
	return false;
}

bool value_has_buffer(const value *v)
{
	if (!v)
		return false;
	if (v->kind == V_HANDLE)
		return strcmp(v->s, "bytearray") == 0 ||
		       strcmp(v->s, "memoryview") == 0;
	if (v->kind == V_TUPLE || v->kind == V_LIST || v->kind == V_DICT)
		for (size_t i = 0; i < v->len; i++)
			if (value_has_buffer(v->items[i]))
				return true;
	return false;
}

bool value_contains(const value *hay, const value *v)
{
	switch (hay->kind) {
	case V_TUPLE: case V_LIST:
		for (size_t i = 0; i < hay->len; i++)
			if (v_equal(hay->items[i], v))
				return true;
		return false;
	case V_DICT:
		for (size_t i = 0; i < hay->len; i += 2)
			if (v_equal(hay->items[i], v))
				return true;
		return false;
	case V_STR: case V_BYTES:
		if (v->kind != hay->kind)
			return false;
		if (v->len == 0)
			return true;
		for (size_t i = 0; i + v->len <= hay->len; i++)
			if (memcmp(hay->s + i, v->s, v->len) == 0)
				return true;
		return false;
	default:
		return false;
	}
}

static bool is_num(const value *v)
{
	return v_is_int(v) || v->kind == V_FLOAT;
}

static double dbl(const value *v)
{
	return v->kind == V_FLOAT ? v->f : v_int_to_double(v);
}

static void unsupported(evres *r, const char *op, const value *a,
			const value *b)
{
	if (b)
		evres_raise(r, "TypeError",
			    "unsupported operand type(s) for %s: '%s' and '%s'",
			    op, v_typename(a), v_typename(b));
	else
		evres_raise(r, "TypeError", "bad operand type for unary %s: '%s'",
			    op, v_typename(a));
}

/* "CLASS: message" from v_int_op as a raise */
static void int_error(evres *r, const char *err)
{
	const char *colon = strchr(err, ':');
	char cls[64];
	size_t n = colon ? (size_t)(colon - err) : 0;
	snprintf(cls, sizeof cls, "%.*s", (int)n, err);
	evres_raise(r, n ? cls : "ValueError", "%s", colon ? colon + 2 : err);
}

/* Python's ordering of numbers, str and bytes; -2 when unordered */
static int order(const value *a, const value *b)
{
	if (v_is_int(a) && v_is_int(b))
		return v_int_cmp(a, b);
	if (is_num(a) && is_num(b)) {
		double x = dbl(a), y = dbl(b);
		return isnan(x) || isnan(y) ? 2 : x < y ? -1 : x > y;
	}
	if ((a->kind == V_STR || a->kind == V_BYTES) && a->kind == b->kind) {
		size_t n = a->len < b->len ? a->len : b->len;
		int c = memcmp(a->s, b->s, n);
		if (c)
			return c < 0 ? -1 : 1;
		return a->len < b->len ? -1 : a->len > b->len;
	}
	return -2;
}

static bool identical(const value *a, const value *b)
{
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case V_NONE: return true;
	case V_BOOL: return a->b == b->b;
	case V_HANDLE: case V_CLASS: return v_equal(a, b);
	/* small ints and interned values are the same object in CPython;
	 * a case should not lean on it, and equal plain values are taken
	 * as the same here */
	default: return v_equal(a, b);
	}
}

static void compare(const char *op, const value *a, const value *b, evres *r)
{
	bool res;
	if (strcmp(op, "==") == 0 || strcmp(op, "!=") == 0) {
		res = v_equal(a, b) == (op[0] == '=');
	} else if (strcmp(op, "in") == 0 || strcmp(op, "not in") == 0) {
		if (b->kind != V_TUPLE && b->kind != V_LIST && b->kind != V_DICT &&
		    b->kind != V_STR && b->kind != V_BYTES) {
			evres_raise(r, "TypeError",
				    "argument of type '%s' is not iterable",
				    v_typename(b));
			return;
		}
		if ((b->kind == V_STR || b->kind == V_BYTES) && a->kind != b->kind) {
			evres_raise(r, "TypeError", "'in <%s>' requires %s as left "
				    "operand, not %s", v_typename(b),
				    v_typename(b), v_typename(a));
			return;
		}
		res = value_contains(b, a) == (op[0] == 'i');
	} else if (strcmp(op, "is") == 0 || strcmp(op, "is not") == 0) {
		res = identical(a, b) == (strcmp(op, "is") == 0);
	} else {
		int c = order(a, b);
		if (c == -2) {
			evres_raise(r, "TypeError", "'%s' not supported between "
				    "instances of '%s' and '%s'", op,
				    v_typename(a), v_typename(b));
			return;
		}
		if (c == 2) /* a NaN */
			res = false;
		else if (strcmp(op, "<") == 0)
			res = c < 0;
		else if (strcmp(op, "<=") == 0)
			res = c <= 0;
		else if (strcmp(op, ">") == 0)
			res = c > 0;
		else
			res = c >= 0;
	}
	r->v = v_bool(res);
}

/* seq * n for bytes, str, tuple, list */
static void repeat(const value *s, const value *n, evres *r)
{
	long long k;
	if (n->kind == V_BIGINT) {
		evres_raise(r, "OverflowError",
			    "cannot fit 'int' into an index-sized integer");
		return;
	}
	k = n->kind == V_BOOL ? n->b : n->i;
	if (k < 0)
		k = 0;
	if (s->len && (unsigned long long)k > (1ULL << 24) / s->len) {
		evres_raise(r, "MemoryError", "repetition beyond the harness's 16 MiB");
		return;
	}
	if (s->kind == V_BYTES || s->kind == V_STR) {
		char *buf = xmalloc(s->len * (size_t)k + 1);
		for (long long i = 0; i < k; i++)
			memcpy(buf + (size_t)i * s->len, s->s, s->len);
		r->v = s->kind == V_BYTES ? v_bytes(buf, s->len * (size_t)k)
					  : v_str(buf, s->len * (size_t)k);
		free(buf);
		return;
	}
	r->v = v_seq(s->kind, s->len * (size_t)k);
	for (size_t i = 0; i < r->v->len; i++)
		r->v->items[i] = v_copy(s->items[i % s->len]);
}

static void concat(const value *a, const value *b, evres *r)
{
	if (a->kind == V_BYTES || a->kind == V_STR) {
		char *buf = xmalloc(a->len + b->len + 1);
		memcpy(buf, a->s, a->len);
		memcpy(buf + a->len, b->s, b->len);
		r->v = a->kind == V_BYTES ? v_bytes(buf, a->len + b->len)
					  : v_str(buf, a->len + b->len);
		free(buf);
		return;
	}
	r->v = v_seq(a->kind, a->len + b->len);
	for (size_t i = 0; i < a->len; i++)
		r->v->items[i] = v_copy(a->items[i]);
	for (size_t i = 0; i < b->len; i++)
		r->v->items[a->len + i] = v_copy(b->items[i]);
}

static void float_op(const char *op, double x, double y, evres *r)
{
	double z;
	if ((strcmp(op, "/") == 0 || strcmp(op, "//") == 0 ||
	     strcmp(op, "%") == 0) && y == 0) {
		evres_raise(r, "ZeroDivisionError", "float division by zero");
		return;
	}
	switch (op[0]) {
	case '+': z = x + y; break;
	case '-': z = x - y; break;
	case '*': z = op[1] ? pow(x, y) : x * y; break;
	case '%':
		z = fmod(x, y);
		if (z && ((z < 0) != (y < 0)))
			z += y;
		break;
	default: z = op[1] ? floor(x / y) : x / y; break;
	}
	r->v = v_float(z);
}

void ops_binary(const char *op, const value *a, const value *b, evres *r)
{
	static const char *const cmp[] = {"==", "!=", "<", "<=", ">", ">=",
		"in", "not in", "is", "is not", NULL};
	char err[160];

	memset(r, 0, sizeof *r);
	for (int i = 0; cmp[i]; i++)
		if (strcmp(op, cmp[i]) == 0) {
			compare(op, a, b, r);
			return;
		}
	if (v_is_int(a) && v_is_int(b)) {
		if (strcmp(op, "/") == 0) {
			if (v_int_cmp(b, &(value){.kind = V_INT}) == 0)
				evres_raise(r, "ZeroDivisionError", "division by zero");
			else
				r->v = v_float(dbl(a) / dbl(b));
			return;
		}
		if (strcmp(op, "**") == 0 &&
		    v_int_cmp(b, &(value){.kind = V_INT}) < 0) {
			float_op(op, dbl(a), dbl(b), r);
			return;
		}
		r->v = v_int_op(op, a, b, err, sizeof err);
		if (!r->v)
			int_error(r, err);
		return;
	}
	if (is_num(a) && is_num(b) && !strchr("|&^<>", op[0])) {
		float_op(op, dbl(a), dbl(b), r);
		return;
	}
	if (strcmp(op, "+") == 0 && a->kind == b->kind &&
	    (a->kind == V_BYTES || a->kind == V_STR || a->kind == V_TUPLE ||
	     a->kind == V_LIST)) {
		concat(a, b, r);
		return;
	}
	if (strcmp(op, "*") == 0 && (v_is_int(a) || v_is_int(b))) {
		const value *s = v_is_int(a) ? b : a, *n = v_is_int(a) ? a : b;
		if (s->kind == V_BYTES || s->kind == V_STR || s->kind == V_TUPLE ||
		    s->kind == V_LIST) {
			repeat(s, n, r);
			return;
		}
	}
	unsupported(r, op, a, b);
}

void ops_unary(const char *op, const value *a, evres *r)
{
	char err[160];

	memset(r, 0, sizeof *r);
	if (v_is_int(a) && op[0] != '+') {
		r->v = v_int_op(op[0] == '-' ? "neg" : "~", a, NULL, err,
				sizeof err);
		if (!r->v)
			int_error(r, err);
		return;
	}
	if (v_is_int(a)) {
		r->v = a->kind == V_BOOL ? v_int(a->b) : v_copy(a);
		return;
	}
	if (a->kind == V_FLOAT && op[0] != '~') {
		r->v = v_float(op[0] == '-' ? -a->f : a->f);
		return;
	}
	unsupported(r, op, a, NULL);
}

/* The byte offset of code point k of a UTF-8 str (k <= its length). */
static size_t cp_offset(const value *s, size_t k)
{
	size_t i = 0;
	for (; i < s->len && k; k--)
		for (i++; i < s->len && ((unsigned char)s->s[i] & 0xC0) == 0x80;)
			i++;
	return i;
}

static size_t cp_count(const value *s)
{
	size_t n = 0;
	for (size_t i = 0; i < s->len; i++)
		if (((unsigned char)s->s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/* One bound of a slice, None or an int, clamped as Python's
 * PySlice_AdjustIndices does. */
static int slice_bound(const value *v, long long n, long long step,
		       bool lower, long long *out, evres *r)
{
	long long k;
	if (!v || v->kind == V_NONE) {
		*out = step > 0 ? (lower ? 0 : n) : (lower ? n - 1 : -1);
		return 0;
	}
	if (!v_is_int(v)) {
		evres_raise(r, "TypeError", "slice indices must be integers or "
			    "None or have an __index__ method");
		return -1;
	}
	if (v->kind == V_BIGINT)
		k = v->s[0] == '-' ? -n - 1 : n + 1;
	else
		k = v->kind == V_BOOL ? v->b : v->i;
	if (k < 0) {
		k += n;
		if (k < 0)
			k = step < 0 ? -1 : 0;
	} else if (k >= n) {
		k = step < 0 ? n - 1 : n;
	}
	*out = k;
	return 0;
}

void ops_slice(const value *o, const value *lo, const value *hi,
	       const value *st, evres *r)
{
	long long n, step = 1, a, b;
	size_t cnt = 0;

	memset(r, 0, sizeof *r);
	if (o->kind != V_BYTES && o->kind != V_STR && o->kind != V_TUPLE &&
	    o->kind != V_LIST) {
		evres_raise(r, "TypeError", "'%s' object is not subscriptable",
			    v_typename(o));
		return;
	}
	if (st && st->kind != V_NONE) {
		if (!v_is_int(st) || st->kind == V_BIGINT) {
			evres_raise(r, "TypeError", "slice indices must be integers");
			return;
		}
		step = st->kind == V_BOOL ? st->b : st->i;
		if (step == 0) {
			evres_raise(r, "ValueError", "slice step cannot be zero");
			return;
		}
	}
	n = (long long)(o->kind == V_STR ? cp_count(o) : o->len);
	if (slice_bound(lo, n, step, true, &a, r) < 0 ||
	    slice_bound(hi, n, step, false, &b, r) < 0)
		return;
	long long *idx = xmalloc(((size_t)n + 1) * sizeof *idx);
	for (long long i = a; step > 0 ? i < b : i > b; i += step)
		idx[cnt++] = i;
	if (o->kind == V_BYTES || o->kind == V_STR) {
		char *buf = xmalloc(o->len + 1);
		size_t len = 0;
		for (size_t k = 0; k < cnt; k++) {
			size_t from = o->kind == V_STR ? cp_offset(o, (size_t)idx[k])
						       : (size_t)idx[k];
			size_t to = o->kind == V_STR
					    ? cp_offset(o, (size_t)idx[k] + 1)
					    : from + 1;
			memcpy(buf + len, o->s + from, to - from);
			len += to - from;
		}
		r->v = o->kind == V_BYTES ? v_bytes(buf, len) : v_str(buf, len);
		free(buf);
	} else {
		r->v = v_seq(o->kind, cnt);
		for (size_t k = 0; k < cnt; k++)
			r->v->items[k] = v_copy(o->items[idx[k]]);
	}
	free(idx);
}
