/*
 * value_bigint.c — Python's integers of any size in the value language:
 * a V_INT holds what fits in int64, a V_BIGINT (canonical decimal text in
 * s) everything beyond, so `2**63` and `CMSG_SPACE(2**63)` can be written
 * and sent on the wire as Python writes them (decimal). Also the integer
 * operators of case expressions (v_int_op), computed on sign-magnitude
 * numbers of 32-bit limbs, with Python's floor division, modulo and
 * two's-complement bitwise semantics.
 *
 * Linked into the ref adapter too (it parses the wire), so it stays
 * plain C11 with no 128-bit types (the i386 build).
 */
#include "value_internal.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Results wider than this are refused: the harness's arithmetic is for
 * documented values, and `2**10**9` must not hang a run. */
#define BN_MAX_LIMBS 512 /* 16384 bits */

typedef struct bn {
	bool neg;
	size_t n;      /* limbs in use; 0 is zero (neg false) */
	uint32_t *d;   /* little-endian magnitude, capacity >= n */
} bn;

static void bn_init(bn *x, size_t cap)
{
	x->neg = false;
	x->n = 0;
	x->d = vi_xcalloc(cap ? cap : 1, sizeof *x->d);
}

static void bn_trim(bn *x)
{
	while (x->n && x->d[x->n - 1] == 0)
		x->n--;
	if (!x->n)
		x->neg = false;
}

static void bn_from_ull(bn *x, unsigned long long m, bool neg)
{
	bn_init(x, 2);
	x->d[0] = (uint32_t)m;
	x->d[1] = (uint32_t)(m >> 32);
	x->n = 2;
	x->neg = neg;
	bn_trim(x);
}

static void bn_from_ll(bn *x, long long v)
{
	unsigned long long m = v < 0 ? 0ULL - (unsigned long long)v
				     : (unsigned long long)v;
	bn_from_ull(x, m, v < 0);
}

/* magnitude *= k, += a (capacity grows as needed) */
static void mag_muladd(bn *x, uint32_t k, uint32_t a)
{
	uint64_t carry = a;
	for (size_t i = 0; i < x->n; i++) {
		uint64_t t = (uint64_t)x->d[i] * k + carry;
		x->d[i] = (uint32_t)t;
		carry = t >> 32;
	}
	if (carry) {
		x->d = vi_xrealloc(x->d, (x->n + 1) * sizeof *x->d);
		x->d[x->n++] = (uint32_t)carry;
	}
}

/* magnitude /= k; returns the remainder */
static uint32_t mag_divsmall(bn *x, uint32_t k)
{
	uint64_t r = 0;
	for (size_t i = x->n; i-- > 0;) {
		uint64_t t = (r << 32) | x->d[i];
		x->d[i] = (uint32_t)(t / k);
		r = t % k;
	}
	bn_trim(x);
	return (uint32_t)r;
}

static int digit_of(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

static void bn_from_text(bn *x, const char *s, int base)
{
	bool neg = *s == '-';
	bn_init(x, 1);
	if (neg || *s == '+')
		s++;
	for (; digit_of(*s) < base; s++)
		mag_muladd(x, (uint32_t)base, (uint32_t)digit_of(*s));
	x->neg = neg;
	bn_trim(x);
}

static void bn_from_dec(bn *x, const char *s)
{
	bn_from_text(x, s, 10);
}

static char *bn_to_dec(const bn *x)
{
	bn t;
	vi_buf b = {0};
	t.neg = false;
	t.n = x->n;
	t.d = vi_xcalloc(x->n ? x->n : 1, sizeof *t.d);
	memcpy(t.d, x->d, x->n * sizeof *t.d);
	do
		vi_putc(&b, (char)('0' + mag_divsmall(&t, 10)));
	while (t.n);
	if (x->neg)
		vi_putc(&b, '-');
	for (size_t i = 0, j = b.len - 1; i < j; i++, j--) {
		char c = b.p[i];
		b.p[i] = b.p[j];
		b.p[j] = c;
	}
	free(t.d);
	return b.p;
}

/* The value of x: V_INT when it fits int64, else V_BIGINT. Frees x. */
static value *bn_value(bn *x)
{
	value *v;
	bn_trim(x);
	if (x->n <= 2) {
		unsigned long long m = x->n ? x->d[0] : 0;
		if (x->n == 2)
			m |= (unsigned long long)x->d[1] << 32;
		if (!x->neg && m <= (unsigned long long)LLONG_MAX) {
			free(x->d);
			return v_int((long long)m);
		}
		if (x->neg && m <= (unsigned long long)LLONG_MAX + 1) {
			free(x->d);
			return v_int(m == (unsigned long long)LLONG_MAX + 1
					     ? LLONG_MIN
					     : -(long long)m);
		}
	}
	char *s = bn_to_dec(x);
	free(x->d);
	v = vi_new(V_BIGINT);
	v->s = s;
	v->len = strlen(s);
	return v;
}

value *vi_int_text(const char *digits, int base)
{
	bn x;
	bn_from_text(&x, digits, base);
	return bn_value(&x);
}

value *v_int_dec(const char *dec)
{
	bn x;
	bn_from_dec(&x, dec);
	return bn_value(&x);
}

bool v_is_int(const value *v)
{
	return v && (v->kind == V_INT || v->kind == V_BIGINT ||
		     v->kind == V_BOOL);
}

static void bn_of(bn *x, const value *v)
{
	if (v->kind == V_BIGINT)
		bn_from_dec(x, v->s);
	else
		bn_from_ll(x, v->kind == V_BOOL ? (long long)v->b : v->i);
}

static int mag_cmp(const bn *a, const bn *b)
{
	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	for (size_t i = a->n; i-- > 0;)
		if (a->d[i] != b->d[i])
			return a->d[i] < b->d[i] ? -1 : 1;
	return 0;
}

int v_int_cmp(const value *a, const value *b)
{
	bn x, y;
	int c;
	bn_of(&x, a);
	bn_of(&y, b);
	if (x.neg != y.neg)
		c = x.neg ? -1 : 1;
	else
		c = x.neg ? -mag_cmp(&x, &y) : mag_cmp(&x, &y);
	free(x.d);
	free(y.d);
	return c;
}

/* r = |a| + |b| */
static void mag_add(bn *r, const bn *a, const bn *b)
{
	size_t n = a->n > b->n ? a->n : b->n;
	uint64_t carry = 0;
	bn_init(r, n + 1);
	for (size_t i = 0; i < n; i++) {
		uint64_t t = carry + (i < a->n ? a->d[i] : 0) +
			     (i < b->n ? b->d[i] : 0);
		r->d[i] = (uint32_t)t;
		carry = t >> 32;
	}
	r->d[n] = (uint32_t)carry;
	r->n = n + 1;
	bn_trim(r);
}

/* r = |a| - |b|, |a| >= |b| */
static void mag_sub(bn *r, const bn *a, const bn *b)
{
	int64_t borrow = 0;
	bn_init(r, a->n);
	for (size_t i = 0; i < a->n; i++) {
		int64_t t = (int64_t)a->d[i] - (i < b->n ? b->d[i] : 0) - borrow;
		borrow = t < 0;
		r->d[i] = (uint32_t)(t + (borrow ? (int64_t)1 << 32 : 0));
	}
	r->n = a->n;
	bn_trim(r);
}

static void bn_add(bn *r, const bn *a, const bn *b, bool negate_b)
{
	bool bneg = b->n ? b->neg != negate_b : false;
	if (a->neg == bneg) {
		mag_add(r, a, b);
		r->neg = r->n ? a->neg : false;
	} else if (mag_cmp(a, b) >= 0) {
		mag_sub(r, a, b);
		r->neg = r->n ? a->neg : false;
	} else {
		mag_sub(r, b, a);
		r->neg = r->n ? bneg : false;
	}
}

static void bn_mul(bn *r, const bn *a, const bn *b)
{
	bn_init(r, a->n + b->n);
	for (size_t i = 0; i < a->n; i++) {
		uint64_t carry = 0;
		for (size_t j = 0; j < b->n; j++) {
			uint64_t t = (uint64_t)a->d[i] * b->d[j] +
				     r->d[i + j] + carry;
			r->d[i + j] = (uint32_t)t;
			carry = t >> 32;
		}
		r->d[i + b->n] = (uint32_t)carry;
	}
	r->n = a->n + b->n;
	r->neg = a->neg != b->neg;
	bn_trim(r);
}

static bool bit(const bn *x, size_t k)
{
	return k / 32 < x->n && (x->d[k / 32] >> (k % 32) & 1);
}

/* |a| = q |b| + r, b != 0: long division bit by bit (sizes are small) */
static void mag_divmod(bn *q, bn *r, const bn *a, const bn *b)
{
	size_t bits = a->n * 32;
	bn_init(q, a->n);
	bn_init(r, b->n + 1);
	q->n = a->n;
	for (size_t k = bits; k-- > 0;) {
		/* r = r * 2 + bit k of a */
		mag_muladd(r, 2, bit(a, k));
		if (mag_cmp(r, b) >= 0) {
			bn t;
			mag_sub(&t, r, b);
			free(r->d);
			*r = t;
			q->d[k / 32] |= 1u << (k % 32);
		}
	}
	bn_trim(q);
	bn_trim(r);
}

/* Python's floor division and modulo: the remainder takes b's sign. */
static void bn_floordiv(bn *q, bn *r, const bn *a, const bn *b)
{
	mag_divmod(q, r, a, b);
	q->neg = q->n && a->neg != b->neg;
	r->neg = r->n && a->neg;
	if (r->n && a->neg != b->neg) {
		bn one, t;
		bn_from_ll(&one, 1);
		bn_add(&t, q, &one, true);
		free(q->d);
		*q = t;
		bn_add(&t, r, b, false);
		free(r->d);
		*r = t;
		free(one.d);
	}
}

/* Two's complement in `limbs` limbs (enough for the sign bit). */
static void twos(const bn *x, uint32_t *out, size_t limbs)
{
	uint64_t carry = 1;
	for (size_t i = 0; i < limbs; i++) {
		uint32_t m = i < x->n ? x->d[i] : 0;
		if (!x->neg) {
			out[i] = m;
			continue;
		}
		uint64_t t = (uint64_t)(uint32_t)~m + carry;
		out[i] = (uint32_t)t;
		carry = t >> 32;
	}
}

static void from_twos(bn *r, const uint32_t *in, size_t limbs)
{
	bool neg = in[limbs - 1] >> 31;
	uint64_t carry = 1;
	bn_init(r, limbs);
	for (size_t i = 0; i < limbs; i++) {
		if (!neg) {
			r->d[i] = in[i];
			continue;
		}
		uint64_t t = (uint64_t)(uint32_t)~in[i] + carry;
		r->d[i] = (uint32_t)t;
		carry = t >> 32;
	}
	r->n = limbs;
	r->neg = neg;
	bn_trim(r);
}

static void bn_bitwise(bn *r, const bn *a, const bn *b, char op)
{
	size_t limbs = (a->n > b->n ? a->n : b->n) + 1;
	uint32_t *x = vi_xcalloc(limbs, sizeof *x), *y = vi_xcalloc(limbs, sizeof *y);
	twos(a, x, limbs);
	twos(b, y, limbs);
	for (size_t i = 0; i < limbs; i++)
		x[i] = op == '&' ? x[i] & y[i] : op == '|' ? x[i] | y[i]
							 : x[i] ^ y[i];
	from_twos(r, x, limbs);
	free(x);
	free(y);
}

static void bn_shl(bn *r, const bn *a, size_t k)
{
	size_t w = k / 32, s = k % 32;
	bn_init(r, a->n + w + 1);
	for (size_t i = 0; i < a->n; i++) {
		uint64_t t = (uint64_t)a->d[i] << s;
		r->d[i + w] |= (uint32_t)t;
		r->d[i + w + 1] |= (uint32_t)(t >> 32);
	}
	r->n = a->n + w + 1;
	r->neg = a->neg;
	bn_trim(r);
}

/* floor(a / 2**k): an arithmetic shift, as Python's >> on negatives */
static void bn_shr(bn *r, const bn *a, size_t k)
{
	size_t w = k / 32, s = k % 32;
	bool lost = false;
	bn_init(r, a->n);
	for (size_t i = 0; i < a->n; i++) {
		/* a bit shifted out makes a negative result one lower */
		if (i < w)
			lost = lost || a->d[i] != 0;
		else if (i == w && s)
			lost = lost || (a->d[i] & ((1u << s) - 1)) != 0;
		if (i < w)
			continue;
		uint64_t t = a->d[i] >> s;
		if (s && i + 1 < a->n)
			t |= (uint64_t)a->d[i + 1] << (32 - s);
		r->d[i - w] = (uint32_t)t;
	}
	r->n = a->n > w ? a->n - w : 0;
	r->neg = a->neg;
	bn_trim(r);
	if (a->neg && lost) {
		bn one, t;
		bn_from_ll(&one, 1);
		bn_add(&t, r, &one, true);
		free(r->d);
		*r = t;
		free(one.d);
	}
}

static value *fail(char *err, size_t cap, const char *cls, const char *msg)
{
	snprintf(err, cap, "%s: %s", cls, msg);
	return NULL;
}

/* a ** b for b >= 0, by squaring, the size checked as it grows */
static bool bn_pow(bn *r, const bn *a, unsigned long long e)
{
	bn base, t;
	bn_from_ll(r, 1);
	base.neg = a->neg;
	base.n = a->n;
	base.d = vi_xcalloc(a->n ? a->n : 1, sizeof *base.d);
	memcpy(base.d, a->d, a->n * sizeof *base.d);
	while (e) {
		if (e & 1) {
			bn_mul(&t, r, &base);
			free(r->d);
			*r = t;
			if (r->n > BN_MAX_LIMBS)
				break;
		}
		e >>= 1;
		if (!e)
			break;
		bn_mul(&t, &base, &base);
		free(base.d);
		base = t;
		if (base.n > BN_MAX_LIMBS) {
			free(r->d);
			r->n = BN_MAX_LIMBS + 1;
			r->d = NULL;
			break;
		}
	}
	free(base.d);
	return r->n <= BN_MAX_LIMBS;
}

value *v_int_op(const char *op, const value *a, const value *b, char *err,
		size_t cap)
{
	bn x, y, r, q;
	value *v = NULL;

	bn_of(&x, a);
	if (b)
		bn_of(&y, b);
	else
		bn_init(&y, 1);
	bn_init(&r, 1);
	free(r.d);
	r.d = NULL;
	if (strcmp(op, "neg") == 0 || strcmp(op, "~") == 0) {
		bn one;
		r = x;
		x.d = NULL;
		r.neg = r.n ? !r.neg : false;
		if (op[0] == '~') { /* ~x == -x - 1 */
			bn t;
			bn_from_ll(&one, 1);
			bn_add(&t, &r, &one, true);
			free(r.d);
			r = t;
			free(one.d);
		}
	} else if (strcmp(op, "+") == 0 || strcmp(op, "-") == 0) {
		bn_add(&r, &x, &y, op[0] == '-');
	} else if (strcmp(op, "*") == 0) {
		if (x.n + y.n > BN_MAX_LIMBS + 1)
			goto big;
		bn_mul(&r, &x, &y);
	} else if (strcmp(op, "//") == 0 || strcmp(op, "%") == 0) {
		if (!y.n) {
			fail(err, cap, "ZeroDivisionError",
			     op[0] == '%' ? "integer modulo by zero"
					  : "integer division or modulo by zero");
			goto out;
		}
		bn_floordiv(&q, &r, &x, &y);
		if (op[0] == '/') {
			free(r.d);
			r = q;
		} else {
			free(q.d);
		}
	} else if (strcmp(op, "&") == 0 || strcmp(op, "|") == 0 ||
		   strcmp(op, "^") == 0) {
		bn_bitwise(&r, &x, &y, op[0]);
	} else if (strcmp(op, "<<") == 0 || strcmp(op, ">>") == 0 ||
		   strcmp(op, "**") == 0) {
		unsigned long long k = 0;
		if (y.neg) {
			fail(err, cap, "ValueError", "negative shift count");
			goto out;
		}
		if (y.n > 2)
			k = ULLONG_MAX;
		else if (y.n)
			k = y.d[0] | (y.n > 1 ? (unsigned long long)y.d[1] << 32 : 0);
		if (op[0] == '>') {
			if (k >= (unsigned long long)x.n * 32 + 1)
				bn_from_ll(&r, x.neg ? -1 : 0);
			else
				bn_shr(&r, &x, (size_t)k);
		} else if (op[0] == '<') {
			if (x.n && k > (unsigned long long)BN_MAX_LIMBS * 32)
				goto big;
			if (!x.n)
				bn_from_ll(&r, 0);
			else
				bn_shl(&r, &x, (size_t)k);
		} else if (!bn_pow(&r, &x, k)) {
			goto big;
		}
	} else {
		fail(err, cap, "TypeError", "unsupported integer operator");
		goto out;
	}
	if (r.n > BN_MAX_LIMBS)
		goto big;
	v = bn_value(&r);
	r.d = NULL;
	goto out;
big:
	fail(err, cap, "OverflowError",
	     "integer beyond the harness's 16384 bits");
out:
	free(r.d);
	free(x.d);
	free(y.d);
	return v;
}

double v_int_to_double(const value *v)
{
	if (v->kind == V_BIGINT)
		return strtod(v->s, NULL);
	return v->kind == V_BOOL ? (double)v->b : (double)v->i;
}

/* Exact comparison of any int with an integral double, as Python does. */
bool v_int_eq_float(const value *v, double f)
{
	char buf[400];
	if (isnan(f) || isinf(f) || f != floor(f))
		return false;
	snprintf(buf, sizeof buf, "%.0f", f);
	value *w = v_int_dec(buf);
	bool eq = v_int_cmp(v, w) == 0;
	v_free(w);
	return eq;
}
