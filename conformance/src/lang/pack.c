/*
 * pack.c — the subset of Python's struct module the cases use:
 * prefixes @ = < > !, codes x c b B ? h H i I l L q Q s with repeat
 * counts (enough for the CAN frame '=IB3x8s'). Native mode ('@', the
 * default) lays out for the platform of the implementation under test,
 * not the harness's: the bytes go to its C calls. As in Python, a zero
 * count of a code other than 's' only pads to that code's alignment
 * ('@Lii0L': struct cmsghdr rounded up as CMSG_ALIGN does).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"

typedef struct item { char code; size_t count; } item;

typedef struct layout {
	bool native;     /* '@': native sizes and alignment */
	bool little;
	item it[64];
	size_t n;
} layout;

/* Native long size and the largest alignment a native item gets (on
 * i386 an 8-byte integer aligns to 4 inside a struct). */
static size_t native_long = sizeof(long);
static size_t native_align = _Alignof(long long);

void pack_set_platform(const char *platform)
{
	if (strncmp(platform, "i386-", 5) == 0) {
		native_long = 4;
		native_align = 4;
	} else {
		native_long = sizeof(long);
		native_align = _Alignof(long long);
	}
}

static int host_little(void)
{
	unsigned x = 1;
	return *(unsigned char *)&x == 1;
}

static size_t csize(const layout *L, char c)
{
	switch (c) {
	case 'x': case 'c': case 'b': case 'B': case '?': case 's':
		return 1;
	case 'h': case 'H': return 2;
	case 'i': case 'I': return 4;
	case 'l': case 'L': return L->native ? native_long : 4;
	case 'q': case 'Q': return 8;
	}
	return 0;
}

static int parse_fmt(const char *fmt, layout *L, char *err, size_t cap)
{
	memset(L, 0, sizeof *L);
	L->native = true;
	L->little = host_little();
	const char *p = fmt;
	if (*p == '@' || *p == '=' || *p == '<' || *p == '>' || *p == '!') {
		L->native = *p == '@';
		if (*p == '<')
			L->little = true;
		else if (*p == '>' || *p == '!')
			L->little = false;
		p++;
	}
	while (*p) {
		if (isspace((unsigned char)*p)) {
			p++;
			continue;
		}
		size_t count = 1;
		if (isdigit((unsigned char)*p)) {
			count = strtoul(p, (char **)&p, 10);
		}
		if (!*p || !strchr("xcbB?hHiIlLqQs", *p)) {
			snprintf(err, cap, "bad char in struct format");
			return -1;
		}
		if (L->n == sizeof L->it / sizeof *L->it) {
			snprintf(err, cap, "struct format too long");
			return -1;
		}
		L->it[L->n].code = *p++;
		L->it[L->n++].count = count;
	}
	return 0;
}

static size_t align_to(const layout *L, size_t off, char c)
{
	size_t a = csize(L, c);
	if (a > native_align)
		a = native_align;
	if (!L->native || a <= 1)
		return off;
	return (off + a - 1) / a * a;
}

static void put_uint(unsigned char *p, unsigned long long v, size_t n,
		     bool little)
{
	for (size_t i = 0; i < n; i++) {
		size_t k = little ? i : n - 1 - i;
		p[k] = (unsigned char)(v >> (8 * i));
	}
}

static unsigned long long get_uint(const unsigned char *p, size_t n,
				   bool little)
{
	unsigned long long v = 0;
	for (size_t i = 0; i < n; i++) {
		size_t k = little ? i : n - 1 - i;
		v |= (unsigned long long)p[k] << (8 * i);
	}
	return v;
}

static bool is_signed(char c)
{
	return c == 'b' || c == 'h' || c == 'i' || c == 'l' || c == 'q';
}

value *st_pack(const char *fmt, value **args, size_t n, char *err, size_t cap)
{
	layout L;
	if (parse_fmt(fmt, &L, err, cap) < 0)
		return NULL;
	/* size first */
	size_t size = 0;
	for (size_t i = 0; i < L.n; i++) {
		char c = L.it[i].code;
		if (c == 's') {
			size += L.it[i].count;
			continue;
		}
		if (L.it[i].count == 0)
			size = align_to(&L, size, c);
		for (size_t k = 0; k < L.it[i].count; k++)
			size = align_to(&L, size, c) + csize(&L, c);
	}
	unsigned char *buf = calloc(1, size + 1);
	if (!buf)
		abort();
	size_t off = 0, ai = 0;
	for (size_t i = 0; i < L.n; i++) {
		char c = L.it[i].code;
		if (c == 's') {
			if (ai >= n) goto few;
			const value *v = args[ai++];
			if (v->kind != V_BYTES) {
				snprintf(err, cap, "argument for 's' must be a bytes object");
				goto fail;
			}
			size_t cnt = L.it[i].count;
			memcpy(buf + off, v->s, v->len < cnt ? v->len : cnt);
			off += cnt;
			continue;
		}
		if (L.it[i].count == 0)
			off = align_to(&L, off, c);
		for (size_t k = 0; k < L.it[i].count; k++) {
			off = align_to(&L, off, c);
			size_t sz = csize(&L, c);
			if (c == 'x') {
				off += sz;
				continue;
			}
			if (ai >= n) goto few;
			const value *v = args[ai++];
			if (c == 'c') {
				if (v->kind != V_BYTES || v->len != 1) {
					snprintf(err, cap, "char format requires a bytes object of length 1");
					goto fail;
				}
				buf[off] = (unsigned char)v->s[0];
			} else if (c == '?') {
				bool t = v->kind == V_BOOL ? v->b :
					 v->kind == V_INT ? v->i != 0 :
					 v->kind != V_NONE;
				buf[off] = t;
			} else {
				if (v->kind != V_INT && v->kind != V_BOOL) {
					snprintf(err, cap, "required argument is not an integer");
					goto fail;
				}
				long long x = v->kind == V_BOOL ? v->b : v->i;
				bool ok;
				if (is_signed(c)) {
					long long lim = sz >= 8 ? 0 : 1LL << (8 * sz - 1);
					ok = sz >= 8 || (x >= -lim && x < lim);
				} else {
					ok = x >= 0 && (sz >= 8 ||
						x < (1LL << (8 * sz)));
				}
				if (!ok) {
					snprintf(err, cap, "'%c' format requires a value in range", c);
					goto fail;
				}
				put_uint(buf + off, (unsigned long long)x, sz,
					 L.little);
			}
			off += sz;
		}
	}
	if (ai != n) {
		snprintf(err, cap, "pack expected %zu items for packing (got %zu)",
			 ai, n);
		goto fail;
	}
	value *r = v_bytes(buf, size);
	free(buf);
	return r;
few:
	snprintf(err, cap, "not enough arguments for pack");
fail:
	free(buf);
	return NULL;
}

value *st_unpack(const char *fmt, const value *data, char *err, size_t cap)
{
	layout L;
	if (parse_fmt(fmt, &L, err, cap) < 0)
		return NULL;
	if (data->kind != V_BYTES) {
		snprintf(err, cap, "a bytes-like object is required");
		return NULL;
	}
	size_t size = 0, nitems = 0;
	for (size_t i = 0; i < L.n; i++) {
		char c = L.it[i].code;
		if (c == 's') {
			size += L.it[i].count;
			nitems++;
			continue;
		}
		if (L.it[i].count == 0)
			size = align_to(&L, size, c);
		for (size_t k = 0; k < L.it[i].count; k++) {
			size = align_to(&L, size, c) + csize(&L, c);
			if (c != 'x')
				nitems++;
		}
	}
	if (size != data->len) {
		snprintf(err, cap, "unpack requires a buffer of %zu bytes", size);
		return NULL;
	}
	const unsigned char *p = (const unsigned char *)data->s;
	value *t = v_seq(V_TUPLE, nitems);
	size_t off = 0, ti = 0;
	for (size_t i = 0; i < L.n; i++) {
		char c = L.it[i].code;
		if (c == 's') {
			t->items[ti++] = v_bytes(p + off, L.it[i].count);
			off += L.it[i].count;
			continue;
		}
		if (L.it[i].count == 0)
			off = align_to(&L, off, c);
		for (size_t k = 0; k < L.it[i].count; k++) {
			off = align_to(&L, off, c);
			size_t sz = csize(&L, c);
			if (c == 'c') {
				t->items[ti++] = v_bytes(p + off, 1);
			} else if (c == '?') {
				t->items[ti++] = v_bool(p[off] != 0);
			} else if (c != 'x') {
				unsigned long long u = get_uint(p + off, sz, L.little);
				long long x = (long long)u;
				if (is_signed(c) && sz < 8 && (u >> (8 * sz - 1)))
					x = (long long)(u | (~0ULL << (8 * sz)));
				t->items[ti++] = v_int(x);
			}
			off += sz;
		}
	}
	return t;
}
