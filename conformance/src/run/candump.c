/*
 * candump.c — the candump log format, one frame a line:
 *
 *   (1436509052.249713) vcan0 123#DEADBEEF      classic, 11-bit id
 *   (1436509052.449847) vcan0 12345678#11       classic, 29-bit id
 *   (1436509052.650004) vcan0 123#R             remote request (dlc 0)
 *   (1436509052.850226) vcan0 00000123#R3       remote request, dlc 3
 *   (1436509053.050394) vcan0 123##5AABB        CAN FD, flags 5
 *
 * The id width says the frame format (3 hex digits standard, 8 extended),
 * as cansend and canplayer read it. Data bytes may be separated by '.'
 * (cansend's notation); candump itself never writes dots.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "candump.h"

#define CAN_EFF_FLAG 0x80000000u
#define CAN_RTR_FLAG 0x40000000u
#define CAN_ERR_FLAG 0x20000000u
#define CAN_SFF_MASK 0x000007FFu
#define CAN_EFF_MASK 0x1FFFFFFFu
#define CAN_MAX_DLEN 8
#define CANFD_MAX_DLEN 64

typedef struct line {
	const char *s;    /* the line, not NUL-terminated */
	size_t len, pos;
	size_t no;        /* 1-based line number */
	char *err;
	size_t cap;
} line;

static bool fail(line *l, const char *why)
{
	snprintf(l->err, l->cap, "line %zu, column %zu: %s", l->no, l->pos + 1,
		 why);
	return false;
}

static int peek(const line *l)
{
	return l->pos < l->len ? (unsigned char)l->s[l->pos] : -1;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* (SECONDS.FRACTION) — checked for shape, then dropped */
static bool timestamp(line *l)
{
	if (peek(l) != '(')
		return fail(l, "expected '(' opening the timestamp");
	l->pos++;
	size_t d = 0;
	while (isdigit(peek(l)))
		l->pos++, d++;
	if (d == 0 || peek(l) != '.')
		return fail(l, "expected the timestamp's seconds and '.'");
	l->pos++;
	d = 0;
	while (isdigit(peek(l)))
		l->pos++, d++;
	if (d == 0 || peek(l) != ')')
		return fail(l, "expected the timestamp's fraction and ')'");
	l->pos++;
	return true;
}

static bool spaces(line *l, const char *what)
{
	if (peek(l) != ' ' && peek(l) != '\t')
		return fail(l, what);
	while (peek(l) == ' ' || peek(l) == '\t')
		l->pos++;
	return true;
}

static bool iface(line *l, size_t *at, size_t *n)
{
	*at = l->pos;
	while (peek(l) > ' ' && peek(l) != 0x7F)
		l->pos++;
	*n = l->pos - *at;
	/* IFNAMSIZ is 16 with the NUL */
	if (*n == 0)
		return fail(l, "expected an interface name");
	if (*n > 15) {
		l->pos = *at;
		return fail(l, "interface name longer than 15 characters");
	}
	return true;
}

static bool can_id(line *l, unsigned long *id)
{
	size_t at = l->pos, n = 0;
	unsigned long v = 0;
	while (hexval(peek(l)) >= 0) {
		v = v << 4 | (unsigned long)hexval(peek(l));
		l->pos++;
		if (++n > 8)
			break;
	}
	if (peek(l) != '#') {
		if (n == 0 || hexval(peek(l)) >= 0 || n > 8)
			l->pos = at;
		return fail(l, "expected a CAN id of 3 (standard) or 8 "
			       "(extended) hex digits, then '#'");
	}
	if (n != 3 && n != 8) {
		l->pos = at;
		return fail(l, "a CAN id has 3 (standard) or 8 (extended) hex "
			       "digits");
	}
	if (n == 3 && v > CAN_SFF_MASK) {
		l->pos = at;
		return fail(l, "standard CAN id above 7FF");
	}
	if (n == 8 && (v & CAN_ERR_FLAG) == 0) {
		if (v > CAN_EFF_MASK) {
			l->pos = at;
			return fail(l, "extended CAN id above 1FFFFFFF");
		}
		v |= CAN_EFF_FLAG;
	} else if (n == 8 && (v & ~(CAN_ERR_FLAG | CAN_EFF_MASK))) {
		l->pos = at;
		return fail(l, "error frame id with the EFF or RTR bit set");
	}
	l->pos++;   /* '#' */
	*id = v;
	return true;
}

/* hex byte pairs, optionally '.'-separated, up to max */
static bool data(line *l, unsigned char *buf, size_t max, size_t *n)
{
	*n = 0;
	for (;;) {
		if (peek(l) == '.' && *n > 0) {
			l->pos++;
			continue;
		}
		int hi = hexval(peek(l));
		if (hi < 0)
			break;
		l->pos++;
		int lo = hexval(peek(l));
		if (lo < 0) {
			l->pos--;
			return fail(l, "odd number of hex digits in the data");
		}
		if (*n == max) {
			l->pos--;
			return fail(l, max == CAN_MAX_DLEN ?
				    "more than 8 data bytes in a classic CAN frame" :
				    "more than 64 data bytes in a CAN FD frame");
		}
		buf[(*n)++] = (unsigned char)(hi << 4 | lo);
		l->pos++;
	}
	return true;
}

static value *tuple_of(value **items, size_t n)
{
	value *t = v_seq(V_TUPLE, n);
	for (size_t i = 0; i < n; i++)
		t->items[i] = items[i];
	return t;
}

/* One frame line → tuple, or NULL with l->err. */
static value *frame(line *l)
{
	size_t ifat, ifn, n = 0;
	unsigned long id;
	unsigned char buf[CANFD_MAX_DLEN];
	if (!timestamp(l) || !spaces(l, "expected a space after the timestamp") ||
	    !iface(l, &ifat, &ifn) ||
	    !spaces(l, "expected a space after the interface name") ||
	    !can_id(l, &id))
		return NULL;
	bool fd = false, rtr = false;
	int flags = 0, dlc = 0;
	if (peek(l) == '#') {
		fd = true;
		l->pos++;
		flags = hexval(peek(l));
		if (flags < 0) {
			fail(l, "expected a CAN FD flags hex digit after '##'");
			return NULL;
		}
		l->pos++;
		if (!data(l, buf, CANFD_MAX_DLEN, &n))
			return NULL;
		dlc = (int)n;
	} else if (peek(l) == 'R') {
		rtr = true;
		l->pos++;
		if (isdigit(peek(l))) {
			dlc = peek(l) - '0';
			if (dlc > CAN_MAX_DLEN) {
				fail(l, "remote frame dlc above 8");
				return NULL;
			}
			l->pos++;
		}
	} else {
		if (!data(l, buf, CAN_MAX_DLEN, &n))
			return NULL;
		dlc = (int)n;
	}
	while (peek(l) == ' ' || peek(l) == '\t' || peek(l) == '\r')
		l->pos++;
	if (peek(l) >= 0) {
		fail(l, "unexpected text after the frame");
		return NULL;
	}
	if (rtr)
		id |= CAN_RTR_FLAG;
	value *it[5] = {
		v_str(l->s + ifat, ifn),
		v_int((long long)id),
		v_int(dlc),
		v_bytes(buf, n),
		v_int(flags),
	};
	if (fd)
		return tuple_of(it, 5);
	v_free(it[4]);
	return tuple_of(it, 4);
}

value *candump_frames(const char *text, size_t len, char *err, size_t cap)
{
	value *list = v_seq(V_LIST, 0);
	size_t start = 0, no = 0;
	while (start < len) {
		const char *nl = memchr(text + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - text) : len;
		line l = { text + start, end - start, 0, ++no, err, cap };
		start = end + 1;
		while (l.pos < l.len && (l.s[l.pos] == ' ' || l.s[l.pos] == '\t' ||
					  l.s[l.pos] == '\r'))
			l.pos++;
		if (l.pos == l.len || l.s[l.pos] == '#')
			continue;
		if (memchr(l.s, '\0', l.len)) {
			l.pos = (size_t)((const char *)memchr(l.s, '\0', l.len) - l.s);
			fail(&l, "NUL byte in the log");
			v_free(list);
			return NULL;
		}
		if (l.pos > 0) {
			fail(&l, "a frame line has its '(' in column 1 "
			     "(canplayer skips any other line)");
			v_free(list);
			return NULL;
		}
		value *f = frame(&l);
		if (!f) {
			v_free(list);
			return NULL;
		}
		value **grown = realloc(list->items,
					(list->len + 1) * sizeof *grown);
		if (!grown)
			abort();
		list->items = grown;
		list->items[list->len++] = f;
	}
	return list;
}
