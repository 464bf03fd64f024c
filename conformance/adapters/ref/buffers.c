/*
 * buffers.c — caller-owned buffers and the harness's requests on the
 * adapter's objects (conformance/README.md, "The adapter wire protocol"):
 * bytearray(), memoryview(), bytes(), len(), type(), op (operators,
 * indexing and slicing on handles), repr(), and the message functions
 * strerror, gai_strerror and hstrerror of the C library libsockref is
 * linked with. A bytearray is storage the adapter owns; a memoryview is
 * a window on one (step 1 only: libsockref's scatter buffers are
 * contiguous); recv_into and its kin write into them (methods.c).
 */
#include "adapter.h"
#include "registry.h"

#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *xasprintf_adapter(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static char *xasprintf_adapter(const char *fmt, ...)
{
	va_list ap;
	char *s;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	va_end(ap);
	return s;
}

/* The bytes of a bytes-like value: bytes, or a buffer handle. */
static const unsigned char *data_of(const value *v, size_t *len)
{
	if (v && v->kind == V_BYTES) {
		*len = v->len;
		return (const unsigned char *)v->s;
	}
	return get_buffer(v, len, NULL, NULL, NULL);
}

static value *new_bytearray(acall *c)
{
	const value *v = arg(c, 0, NULL);
	const unsigned char *p;
	size_t len;

	if (check_args(c, 0, 1, NULL) < 0)
		return NULL;
	if (!v)
		return reg_bytearray(NULL, 0);
	if ((p = data_of(v, &len)))
		return reg_bytearray(p, len);
	if (v->kind == V_INT || v->kind == V_BIGINT || v->kind == V_BOOL) {
		long long n;
		if (to_ll(c, v, &n) < 0)
			return NULL;
		if (n < 0) {
			set_err(c->e, "ValueError", false, 0, "negative count");
			return NULL;
		}
		if (n > (1LL << 30)) {
			set_err(c->e, "MemoryError", false, 0, "%s", "");
			return NULL;
		}
		return reg_bytearray(NULL, (size_t)n);
	}
	if (v->kind == V_LIST || v->kind == V_TUPLE) {
		unsigned char *b = calloc(1, v->len ? v->len : 1);
		value *h;
		if (!b)
			abort();
		for (size_t i = 0; i < v->len; i++) {
			long long x;
			if (to_ll(c, v->items[i], &x) < 0) {
				free(b);
				return NULL;
			}
			if (x < 0 || x > 255) {
				free(b);
				set_err(c->e, "ValueError", false, 0,
					"byte must be in range(0, 256)");
				return NULL;
			}
			b[i] = (unsigned char)x;
		}
		h = reg_bytearray(b, v->len);
		free(b);
		return h;
	}
	set_err(c->e, "TypeError", false, 0, v->kind == V_STR
		? "string argument without an encoding"
		: "cannot convert '%s' object to bytearray", v_typename(v));
	return NULL;
}

static value *new_memoryview(acall *c)
{
	const value *v = arg(c, 0, NULL);
	long long base;
	size_t off, len;
	bool ro;

	if (check_args(c, 1, 1, NULL) < 0)
		return NULL;
	if (v->kind == V_BYTES)
		return reg_memoryview_bytes(v->s, v->len);
	if (get_buffer(v, &len, &ro, &base, &off))
		return reg_memoryview(base, off, len, ro);
	set_err(c->e, "TypeError", false, 0,
		"memoryview: a bytes-like object is required, not '%s'",
		v_typename(v));
	return NULL;
}

static value *to_bytes_value(acall *c)
{
	const value *v = arg(c, 0, NULL);
	const unsigned char *p;
	size_t len;

	if (check_args(c, 0, 1, NULL) < 0)
		return NULL;
	if (!v)
		return v_bytes("", 0);
	if ((p = data_of(v, &len)))
		return v_bytes(p, len);
	set_err(c->e, "TypeError", false, 0,
		"cannot convert '%s' object to bytes", v_typename(v));
	return NULL;
}

static value *length(acall *c)
{
	const value *v = arg(c, 0, NULL);
	size_t len;

	if (check_args(c, 1, 1, NULL) < 0)
		return NULL;
	if (data_of(v, &len) || v->kind == V_STR)
		return v_int((long long)(v->kind == V_STR ? v->len : len));
	if (v->kind == V_TUPLE || v->kind == V_LIST)
		return v_int((long long)v->len);
	if (v->kind == V_DICT)
		return v_int((long long)v->len / 2);
	set_err(c->e, "TypeError", false, 0, "object of type '%s' has no len()",
		v_typename(v));
	return NULL;
}

static value *type_of(acall *c)
{
	const value *v = arg(c, 0, NULL);
	char q[64];
	const char *name;

	if (check_args(c, 1, 1, NULL) < 0)
		return NULL;
	/* libsockref's socket object is the module's socket type, so
	 * type(socket(...)) is SocketType (socket.rst:693-696) */
	if (v->kind == V_HANDLE && strcmp(v->s, "socket") == 0) {
		const char *mro[] = {"socket"};
		return v_class("socket.socket", mro, 1);
	}
	name = v->kind == V_CLASS ? "type" : v_typename(v);
	snprintf(q, sizeof q, "builtins.%s", name);
	const char *mro[] = {name};
	return v_class(q, mro, 1);
}

/* Python's == where buffers compare by content with any bytes-like
 * value, sequences item by item, and everything else as values do. */
static bool equal(const value *a, const value *b)
{
	const unsigned char *p, *q;
	size_t la, lb;

	if (is_buffer(a) || is_buffer(b)) {
		p = data_of(a, &la);
		q = data_of(b, &lb);
		return p && q && la == lb && memcmp(p, q, la) == 0;
	}
	if ((a->kind == V_TUPLE || a->kind == V_LIST) && a->kind == b->kind) {
		if (a->len != b->len)
			return false;
		for (size_t i = 0; i < a->len; i++)
			if (!equal(a->items[i], b->items[i]))
				return false;
		return true;
	}
	return v_equal(a, b);
}

static value *index_of(acall *c, const value *o, const value *ix)
{
	const unsigned char *p;
	size_t len;
	long long i;

	if (!(p = data_of(o, &len)) || !is_buffer(o)) {
		set_err(c->e, "TypeError", false, 0,
			"'%s' object is not subscriptable", v_typename(o));
		return NULL;
	}
	if (to_ll(c, ix, &i) < 0)
		return NULL;
	if (i < 0)
		i += (long long)len;
	if (i < 0 || i >= (long long)len) {
		set_err(c->e, "IndexError", false, 0, "%s index out of range",
			strcmp(o->s, "bytearray") == 0 ? "bytearray" : "");
		return NULL;
	}
	return v_int(p[i]);
}

/* one bound of a slice as Python clamps it (step 1) */
static int bound(acall *c, const value *v, long long n, long long dflt,
		 long long *out)
{
	long long k;
	if (!v || v->kind == V_NONE) {
		*out = dflt;
		return 0;
	}
	if (v->kind == V_BIGINT)
		k = v->s[0] == '-' ? -n : n;
	else if (to_ll(c, v, &k) < 0)
		return -1;
	if (k < 0)
		k = k + n < 0 ? 0 : k + n;
	*out = k > n ? n : k;
	return 0;
}

static value *slice_of(acall *c, const value *o, const value *lo,
		       const value *hi, const value *st)
{
	long long base, a, b;
	size_t len, off;
	bool ro;
	const unsigned char *p = get_buffer(o, &len, &ro, &base, &off);

	if (!p) {
		set_err(c->e, "TypeError", false, 0,
			"'%s' object is not subscriptable", v_typename(o));
		return NULL;
	}
	if (st && st->kind != V_NONE && !(st->kind == V_INT && st->i == 1)) {
		set_err(c->e, "NotImplementedError", false, 0,
			"the ref adapter's buffers take slices of step 1 only");
		return NULL;
	}
	if (bound(c, lo, (long long)len, 0, &a) < 0 ||
	    bound(c, hi, (long long)len, (long long)len, &b) < 0)
		return NULL;
	if (b < a)
		b = a;
	if (strcmp(o->s, "bytearray") == 0)
		return reg_bytearray(p + a, (size_t)(b - a));
	return reg_memoryview(base, off + (size_t)a, (size_t)(b - a), ro);
}

/* A list or tuple that holds a handle, times an int: Python's sequence
 * repetition, so `[buf] * 1025` (socket.rst:940, SC_IOV_MAX) reaches
 * recvmsg_into as 1025 references to the one buffer, as it does in CPython.
 * A count below 1 gives an empty sequence, as in Python. */
static value *repeat(acall *c, const value *a, const value *b)
{
	const value *seq = a, *cnt = b;
	value *r;
	size_t k;

	if (a && a->kind == V_INT)
		seq = b, cnt = a;
	if (!seq || !cnt || cnt->kind != V_INT ||
	    (seq->kind != V_LIST && seq->kind != V_TUPLE)) {
		set_err(c->e, "TypeError", false, 0,
			"unsupported operand type(s) for *: '%s' and '%s'",
			a ? v_typename(a) : "NoneType",
			b ? v_typename(b) : "NoneType");
		return NULL;
	}
	k = cnt->i > 0 ? (size_t)cnt->i : 0;
	if (seq->len && k > (1u << 20) / seq->len) {
		set_err(c->e, "MemoryError", false, 0, "repeated sequence too long");
		return NULL;
	}
	r = v_seq(seq->kind, seq->len * k);
	for (size_t i = 0; i < seq->len * k; i++)
		r->items[i] = v_copy(seq->items[i % seq->len]);
	return r;
}

static value *op(acall *c)
{
	const value *name = arg(c, 0, NULL);
	const value *a = arg(c, 1, NULL), *b = arg(c, 2, NULL);
	size_t n = c->args->len;

	if (!name || name->kind != V_STR || n < 2) {
		set_err(c->e, "TypeError", false, 0, "op(NAME, OPERAND...)");
		return NULL;
	}
	const char *o = name->s;
	if (n == 3 && (strcmp(o, "==") == 0 || strcmp(o, "!=") == 0))
		return v_bool(equal(a, b) == (o[0] == '='));
	if (n == 3 && (strcmp(o, "is") == 0 || strcmp(o, "is not") == 0))
		return v_bool(v_equal(a, b) == (o[2] == '\0'));
	if (n == 3 && (strcmp(o, "in") == 0 || strcmp(o, "not in") == 0) &&
	    is_buffer(b)) {
		size_t hl, nl;
		const unsigned char *h = data_of(b, &hl), *q;
		unsigned char one;
		bool in = false;
		if (a->kind == V_INT) {
			one = (unsigned char)a->i;
			q = &one;
			nl = 1;
		} else if (!(q = data_of(a, &nl))) {
			set_err(c->e, "TypeError", false, 0,
				"a bytes-like object is required, not '%s'",
				v_typename(a));
			return NULL;
		}
		for (size_t i = 0; !in && i + nl <= hl; i++)
			in = memcmp(h + i, q, nl) == 0;
		return v_bool(in == (o[0] == 'i'));
	}
	if (n == 3 && strcmp(o, "[]") == 0)
		return index_of(c, a, b);
	if (n == 5 && strcmp(o, "[:]") == 0)
		return slice_of(c, a, b, arg(c, 3, NULL), arg(c, 4, NULL));
	if (n == 3 && strcmp(o, "+") == 0 && is_buffer(a)) {
		size_t la, lb;
		const unsigned char *p = data_of(a, &la), *q = data_of(b, &lb);
		if (q) {
			unsigned char *s = malloc(la + lb + 1);
			value *h;
			if (!s)
				abort();
			memcpy(s, p, la);
			memcpy(s + la, q, lb);
			h = reg_bytearray(s, la + lb);
			free(s);
			return h;
		}
	}
	if (n == 3 && strcmp(o, "*") == 0)
		return repeat(c, a, b);
	if (n == 3)
		set_err(c->e, "TypeError", false, 0,
			"unsupported operand type(s) for %s: '%s' and '%s'", o,
			v_typename(a), v_typename(b));
	else
		set_err(c->e, "TypeError", false, 0,
			"bad operand type for %s: '%s'", o, v_typename(a));
	return NULL;
}

/* repr, with buffers as Python shows a bytearray: bytearray(b'Mary') */
static void show(char **out, const value *v)
{
	size_t len;
	const unsigned char *p;
	char *s, *t;

	if (is_buffer(v)) {
		value *b;
		p = data_of(v, &len);
		b = v_bytes(p, len);
		s = v_format(b);
		v_free(b);
		t = xasprintf_adapter("%s%s(%s)", *out, v->s, s);
		free(s);
	} else if (v->kind == V_TUPLE || v->kind == V_LIST) {
		t = xasprintf_adapter("%s%c", *out, v->kind == V_TUPLE ? '(' : '[');
		free(*out);
		*out = t;
		for (size_t i = 0; i < v->len; i++) {
			if (i) {
				t = xasprintf_adapter("%s, ", *out);
				free(*out);
				*out = t;
			}
			show(out, v->items[i]);
		}
		t = xasprintf_adapter("%s%s", *out, v->kind == V_TUPLE
				      ? (v->len == 1 ? ",)" : ")") : "]");
	} else {
		s = v_format(v);
		t = xasprintf_adapter("%s%s", *out, s);
		free(s);
	}
	free(*out);
	*out = t;
}

static value *message(acall *c)
{
	int code;

	if (check_args(c, 1, 1, NULL) < 0 || to_int(c, arg(c, 0, NULL), &code) < 0)
		return NULL;
	if (strcmp(c->name, "strerror") == 0)
		return v_cstr(strerror(code));
	if (strcmp(c->name, "hstrerror") == 0)
		return v_cstr(hstrerror(code));
	return v_cstr(gai_strerror(code));
}

value *buffer_call(acall *c, bool *found)
{
	*found = true;
	if (strcmp(c->name, "bytearray") == 0)
		return new_bytearray(c);
	if (strcmp(c->name, "memoryview") == 0)
		return new_memoryview(c);
	if (strcmp(c->name, "bytes") == 0)
		return to_bytes_value(c);
	if (strcmp(c->name, "len") == 0)
		return length(c);
	if (strcmp(c->name, "type") == 0)
		return type_of(c);
	if (strcmp(c->name, "op") == 0)
		return op(c);
	if (strcmp(c->name, "repr") == 0) {
		char *s = calloc(1, 1);
		value *v;
		if (!s)
			abort();
		if (check_args(c, 1, 1, NULL) < 0) {
			free(s);
			return NULL;
		}
		show(&s, arg(c, 0, NULL));
		v = v_cstr(s);
		free(s);
		return v;
	}
	if (strcmp(c->name, "strerror") == 0 || strcmp(c->name, "hstrerror") == 0 ||
	    strcmp(c->name, "gai_strerror") == 0)
		return message(c);
	*found = false;
	return NULL;
}

int writable_buffer(acall *c, const value *v, void **p, size_t *len)
{
	bool ro;
	unsigned char *d = get_buffer(v, len, &ro, NULL, NULL);
	if (!d)
		return 0;
	if (ro) {
		set_err(c->e, "TypeError", false, 0,
			"%s() argument 1 must be read-write bytes-like object, "
			"not memoryview", c->name);
		return -1;
	}
	*p = d;
	return 1;
}

int data_arg(acall *c, const value *v, const char **p, size_t *len)
{
	const unsigned char *d = get_buffer(v, len, NULL, NULL, NULL);
	if (d) {
		*p = (const char *)d;
		return 0;
	}
	return to_bytes(c, v, p, len);
}
