/*
 * convert.c — values of the literal notation <-> C arguments and results
 * of libsockref, and errors as replies. It refuses only what a C argument
 * cannot carry (a value of another Python type, an int beyond a C int, an
 * embedded NUL in a C string, the count of a tuple whose sr_addr has no
 * count, an int beyond long long: OverflowError); every other check is
 * libsockref's, so the suite sees its answer
 * (conformance/README.md, "The adapter wire protocol").
 */
#include "adapter.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

void set_err(aerr *e, const char *cls, bool has_code, long long code,
	     const char *fmt, ...)
{
	va_list ap;

	snprintf(e->cls, sizeof e->cls, "%s", cls);
	e->has_code = has_code;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
}

void err_sr(aerr *e, const sr_err *se)
{
	/* OSError code 0 is Python's errno None; timeout has none. */
	bool has = se->kind != SR_ERR_TIMEOUT &&
		   !(se->kind == SR_ERR_OSERROR && se->code == 0) &&
		   (se->kind == SR_ERR_OSERROR || se->kind == SR_ERR_HERROR ||
		    se->kind == SR_ERR_GAIERROR);
	set_err(e, sr_errkind_name(se->kind), has, se->code, "%s", se->msg);
}

value *fail_sr(aerr *e, const sr_err *se)
{
	err_sr(e, se);
	return NULL;
}

static bool in_list(const char *s, const char *const *names)
{
	for (; names && *names; names++)
		if (strcmp(s, *names) == 0)
			return true;
	return false;
}

int check_args(acall *c, size_t min, size_t max, const char *const *kwnames)
{
	size_t given = c->args->len;

	for (size_t i = 0; i < c->kw->len; i += 2) {
		const char *k = c->kw->items[i]->s;
		size_t j;
		if (!in_list(k, kwnames)) {
			set_err(c->e, "TypeError", false, 0,
				"%s() got an unexpected keyword argument '%s'",
				c->name, k);
			return -1;
		}
		for (j = 0; kwnames[j] && strcmp(kwnames[j], k) != 0; j++)
			;
		if (j < c->args->len) {
			set_err(c->e, "TypeError", false, 0,
				"argument for %s() given by name ('%s') and "
				"position (%zu)", c->name, k, j + 1);
			return -1;
		}
		given++;
	}
	if (c->args->len > max) {
		set_err(c->e, "TypeError", false, 0,
			"%s() takes at most %zu arguments (%zu given)", c->name,
			max, c->args->len);
		return -1;
	}
	if (given < min) {
		set_err(c->e, "TypeError", false, 0,
			"%s() takes at least %zu arguments (%zu given)",
			c->name, min, given);
		return -1;
	}
	return 0;
}

const value *arg(const acall *c, size_t i, const char *kw)
{
	if (i < c->args->len)
		return c->args->items[i];
	if (kw)
		for (size_t k = 0; k < c->kw->len; k += 2)
			if (strcmp(c->kw->items[k]->s, kw) == 0)
				return c->kw->items[k + 1];
	return NULL;
}

int to_ll(acall *c, const value *v, long long *out)
{
	if (v && v->kind == V_INT) {
		*out = v->i;
		return 0;
	}
	if (v && v->kind == V_BOOL) {
		*out = v->b;
		return 0;
	}
	/* an int beyond long long: what CPython's converters raise for a C
	 * argument that cannot hold it (`CMSG_SPACE(2**63)`, socket.rst:610) */
	if (v && v->kind == V_BIGINT) {
		set_err(c->e, "OverflowError", false, 0,
			"Python int too large to convert to C long");
		return -1;
	}
	set_err(c->e, "TypeError", false, 0,
		"'%s' object cannot be interpreted as an integer",
		v ? v_typename(v) : "NoneType");
	return -1;
}

int to_int(acall *c, const value *v, int *out)
{
	long long x;

	if (to_ll(c, v, &x) < 0)
		return -1;
	if (x > 2147483647LL || x < -2147483648LL) {
		set_err(c->e, "OverflowError", false, 0,
			"signed integer is greater than maximum");
		return -1;
	}
	*out = (int)x;
	return 0;
}

int to_cstr(acall *c, const value *v, const char **out)
{
	if (v && v->kind == V_STR) {
		if (strlen(v->s) != v->len) {
			set_err(c->e, "ValueError", false, 0,
				"embedded null character");
			return -1;
		}
		*out = v->s;
		return 0;
	}
	set_err(c->e, "TypeError", false, 0,
		"%s() argument must be str, not %s", c->name,
		v ? v_typename(v) : "NoneType");
	return -1;
}

int to_cstr_none(acall *c, const value *v, const char **out)
{
	if (v && v->kind == V_NONE) {
		*out = NULL;
		return 0;
	}
	return to_cstr(c, v, out);
}

int to_strbytes(acall *c, const value *v, const char **p, size_t *len)
{
	if (v && (v->kind == V_STR || v->kind == V_BYTES)) {
		*p = v->s;
		*len = v->len;
		return 0;
	}
	set_err(c->e, "TypeError", false, 0,
		"str, bytes or bytearray expected, not %s",
		v ? v_typename(v) : "NoneType");
	return -1;
}

int to_bytes(acall *c, const value *v, const char **p, size_t *len)
{
	if (v && v->kind == V_BYTES) {
		*p = v->s;
		*len = v->len;
		return 0;
	}
	set_err(c->e, "TypeError", false, 0,
		"a bytes-like object is required, not '%s'",
		v ? v_typename(v) : "NoneType");
	return -1;
}

int to_timeout(acall *c, const value *v, double *buf, const double **out)
{
	if (!v || v->kind == V_NONE) {
		*out = NULL;
		return 0;
	}
	if (v->kind == V_FLOAT)
		*buf = v->f;
	else if (v->kind == V_INT)
		*buf = (double)v->i;
	else if (v->kind == V_BOOL)
		*buf = v->b;
	else {
		set_err(c->e, "TypeError", false, 0,
			"Timeout value must be int, float or None");
		return -1;
	}
	*out = buf;
	return 0;
}

/* ---- addresses ---- */

static const char *fam_name(int family)
{
	switch (family) {
	case AF_INET: return "AF_INET";
	case AF_INET6: return "AF_INET6";
	case AF_NETLINK: return "AF_NETLINK";
	case AF_PACKET: return "AF_PACKET";
	case AF_CAN: return "AF_CAN";
	case AF_TIPC: return "AF_TIPC";
	case AF_RDS: return "AF_RDS";
	}
	return "?";
}

/* An address of a tuple family must be a tuple: a Python type, which an
 * sr_addr cannot be told about. */
static int tuple_type(acall *c, const value *v, int family)
{
	if (!v || v->kind != V_TUPLE) {
		set_err(c->e, "TypeError", false, 0,
			"%s(): %s address must be tuple, not %s", c->name,
			fam_name(family),
			v ? v_typename(v) : "NoneType");
		return -1;
	}
	return 0;
}

/* The count, for the families whose sr_addr has no field for it
 * (AF_INET, AF_RDS, AF_NETLINK, AF_CAN; AF_TIPC's has_scope tells only 4
 * from 5): a tuple of another length cannot be handed to libsockref, so
 * it is refused here, as CPython's tuple parsing does. AF_INET6 and
 * AF_PACKET carry the count (n) and libsockref judges it. */
static int fixed_count(acall *c, const value *v, int family, size_t min,
		       size_t max, const char *shape)
{
	if (v->len < min || v->len > max) {
		set_err(c->e, "TypeError", false, 0, "%s address must be %s",
			fam_name(family), shape);
		return -1;
	}
	return 0;
}

/* Item i of a tuple, or NULL past its end. */
static const value *item(const value *v, size_t i)
{
	return i < v->len ? v->items[i] : NULL;
}

/* An optional integer item: 0 when the tuple is too short to have it
 * (libsockref judges the count, and takes its defaults, from n). */
static int opt_item(acall *c, const value *v, size_t i, long long *out)
{
	*out = 0;
	return i < v->len ? to_ll(c, v->items[i], out) : 0;
}

/* A host or interface name as a C string for libsockref's constructors:
 * None is NULL (libsockref's TypeError), an item the tuple lacks is ""
 * (the count is libsockref's to refuse), str or bytes are handed over
 * whatever their length (libsockref refuses one too long). What a C string
 * cannot carry is checked here: the type, and an embedded NUL. */
static int host_arg(acall *c, const value *v, const char **out)
{
	const char *p;
	size_t n;

	if (!v) {
		*out = "";
		return 0;
	}
	if (v->kind == V_NONE) {
		*out = NULL;
		return 0;
	}
	if (to_strbytes(c, v, &p, &n) < 0)
		return -1;
	if (strlen(p) != n) {
		set_err(c->e, "ValueError", false, 0, "embedded null character");
		return -1;
	}
	*out = p;
	return 0;
}

/* The tuple's length as sr_addr's count (no tuple on the wire comes near
 * INT_MAX items; the clamp only keeps the conversion defined). */
static int count_of(const value *v)
{
	return v->len < INT_MAX ? (int)v->len : INT_MAX;
}

/* AF_UNIX paths cross the wire as str decoded with the filesystem encoding
 * and surrogateescape (socket.rst:47-48): undecodable bytes are lone
 * surrogates U+DC80..U+DCFF, which value.c keeps as their WTF-8 bytes.
 * The encoding is the locale's, as Python takes it: UTF-8, or ASCII in
 * the C locale (main.c sets fs_ascii; a case asks with `locale: C`). */
bool fs_ascii;

static size_t utf8_seq_len(const unsigned char *p, size_t left)
{
	size_t n;
	unsigned cp;
	if (p[0] < 0x80)
		return 1;
	if (fs_ascii)
		return 0;
	if (p[0] >= 0xc2 && p[0] < 0xe0)
		n = 2, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] < 0xf0)
		n = 3, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] < 0xf5)
		n = 4, cp = p[0] & 0x07;
	else
		return 0;
	if (n > left)
		return 0;
	for (size_t k = 1; k < n; k++) {
		if ((p[k] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[k] & 0x3f);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp < 0xe000))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return n;
}

static value *fs_decode(const unsigned char *p, size_t len)
{
	char *out = malloc(len * 3 + 1);
	size_t o = 0;
	value *v;
	if (out == NULL)
		abort();
	for (size_t i = 0; i < len;) {
		size_t n = utf8_seq_len(p + i, len - i);
		if (n == 0) {
			unsigned cp = 0xdc00u + p[i++];
			out[o++] = (char)0xed;
			out[o++] = (char)(0x80 | ((cp >> 6) & 0x3f));
			out[o++] = (char)(0x80 | (cp & 0x3f));
			continue;
		}
		memcpy(out + o, p + i, n);
		o += n;
		i += n;
	}
	v = v_str(out, o);
	free(out);
	return v;
}

/* The inverse: U+DC80..U+DCFF back to the single bytes they stand for.
 * Under ASCII any other non-ASCII character cannot be encoded: returns
 * (size_t)-1, Python's UnicodeEncodeError. */
static size_t fs_encode(const char *s, size_t len, unsigned char *out)
{
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		const unsigned char *p = (const unsigned char *)s + i;
		if (i + 2 < len && p[0] == 0xed && (p[1] == 0xb2 || p[1] == 0xb3) &&
		    (p[2] & 0xc0) == 0x80) {
			unsigned cp = 0xd000u | (unsigned)(p[1] & 0x3f) << 6 |
				      (p[2] & 0x3f);
			if (cp >= 0xdc80) {
				out[o++] = (unsigned char)(cp - 0xdc00);
				i += 2;
				continue;
			}
		}
		if (fs_ascii && p[0] >= 0x80)
			return (size_t)-1;
		out[o++] = p[0];
	}
	return o;
}

/* None is no address at all: libsockref's to refuse (a NULL address is
 * its TypeError), as CPython's address parsing refuses it. */
int addr_or_none(acall *c, const value *v, int family, sr_addr *a,
		 const sr_addr **out)
{
	if (v && v->kind == V_NONE) {
		*out = NULL;
		return 0;
	}
	*out = a;
	return to_addr(c, v, family, a);
}

int to_addr(acall *c, const value *v, int family, sr_addr *a)
{
	const char *host;
	long long x1, x2, x3;
	sr_err se;

	memset(a, 0, sizeof *a);
	a->family = family;
	switch (family) {
	case AF_UNIX:
		if (!v || (v->kind != V_STR && v->kind != V_BYTES)) {
			set_err(c->e, "TypeError", false, 0,
				"a bytes-like object is required, not '%s'",
				v ? v_typename(v) : "NoneType");
			return -1;
		}
		if (v->kind == V_STR) {
			unsigned char *b = malloc(v->len + 1);
			size_t n;
			int rc;
			if (b == NULL)
				abort();
			n = fs_encode(v->s, v->len, b);
			if (n == (size_t)-1) {
				free(b);
				set_err(c->e, "UnicodeEncodeError", false, 0,
					"'ascii' codec can't encode a character "
					"of the path");
				return -1;
			}
			rc = sr_addr_unix(a, b, n, &se);
			free(b);
			if (rc < 0) {
				err_sr(c->e, &se);
				return -1;
			}
			return 0;
		}
		if (sr_addr_unix(a, v->s, v->len, &se) < 0) {
			err_sr(c->e, &se);
			return -1;
		}
		return 0;
	case AF_INET:
	case AF_RDS:
		/* an AF_RDS socket takes the AF_INET value (sockref.h) */
		if (tuple_type(c, v, family) < 0 ||
		    fixed_count(c, v, family, 2, 2, "a pair (host, port)") < 0 ||
		    host_arg(c, item(v, 0), &host) < 0 ||
		    to_ll(c, item(v, 1), &x1) < 0)
			return -1;
		if (sr_addr_inet(a, host, x1, &se) < 0) {
			err_sr(c->e, &se);
			return -1;
		}
		return 0;
	case AF_INET6: {
		long long port;
		if (tuple_type(c, v, family) < 0 ||
		    host_arg(c, item(v, 0), &host) < 0 ||
		    opt_item(c, v, 1, &port) < 0 || opt_item(c, v, 2, &x1) < 0 ||
		    opt_item(c, v, 3, &x2) < 0)
			return -1;
		if (sr_addr_inet6(a, host, port, x1, x2, &se) < 0) {
			err_sr(c->e, &se);
			return -1;
		}
		a->u.in6.n = count_of(v); /* 2 to 4 items, libsockref says */
		return 0;
	}
	case AF_NETLINK:
		if (tuple_type(c, v, family) < 0 ||
		    fixed_count(c, v, family, 2, 2, "a pair (pid, groups)") < 0 ||
		    to_ll(c, v->items[0], &a->u.nl.pid) < 0 ||
		    to_ll(c, v->items[1], &a->u.nl.groups) < 0)
			return -1;
		return 0;
	case AF_PACKET: {
		const char *hw = NULL;
		size_t hl = 0;
		if (tuple_type(c, v, family) < 0 ||
		    host_arg(c, item(v, 0), &host) < 0 ||
		    opt_item(c, v, 1, &x1) < 0 || opt_item(c, v, 2, &x2) < 0 ||
		    opt_item(c, v, 3, &x3) < 0 ||
		    (v->len > 4 && to_bytes(c, v->items[4], &hw, &hl) < 0))
			return -1;
		if (sr_addr_packet(a, host, x1, x2, x3, hw, hl, &se) < 0) {
			err_sr(c->e, &se);
			return -1;
		}
		a->u.ll.n = count_of(v); /* 2 to 5 items, libsockref says */
		return 0;
	}
	case AF_CAN:
		if (tuple_type(c, v, family) < 0 ||
		    fixed_count(c, v, family, 1, 1, "a tuple (interface, )") < 0 ||
		    host_arg(c, item(v, 0), &host) < 0)
			return -1;
		if (sr_addr_can(a, host, &se) < 0) {
			err_sr(c->e, &se);
			return -1;
		}
		return 0;
	case AF_TIPC:
		if (tuple_type(c, v, family) < 0 ||
		    fixed_count(c, v, family, 4, 5,
				"a tuple (addr_type, v1, v2, v3[, scope])") < 0 ||
		    to_ll(c, v->items[0], &a->u.tipc.addr_type) < 0 ||
		    to_ll(c, v->items[1], &a->u.tipc.v1) < 0 ||
		    to_ll(c, v->items[2], &a->u.tipc.v2) < 0 ||
		    to_ll(c, v->items[3], &a->u.tipc.v3) < 0 ||
		    (v->len > 4 && to_ll(c, v->items[4], &a->u.tipc.scope) < 0))
			return -1;
		a->u.tipc.has_scope = v->len > 4;
		return 0;
	}
	/* unknown family: the codec says "getsockaddrarg: bad family" */
	return 0;
}

value *v_cstr(const char *s)
{
	return v_str(s, strlen(s));
}

value *pair(value *a, value *b)
{
	value *t = v_seq(V_TUPLE, 2);
	t->items[0] = a;
	t->items[1] = b;
	return t;
}

static value *tuple_n(size_t n, value **items)
{
	value *t = v_seq(V_TUPLE, n);
	for (size_t i = 0; i < n; i++)
		t->items[i] = items[i];
	return t;
}

value *from_addr(const sr_addr *a)
{
	switch (a->family) {
	case AF_UNIX: {
		size_t len = a->u.un.len;
		if (len > SR_UNIX_PATH_CAP)
			len = SR_UNIX_PATH_CAP;
		if (len > 0 && a->u.un.path[0] == '\0')
			return v_bytes(a->u.un.path, len);
		return fs_decode(a->u.un.path, len);
	}
	case AF_INET:
	case AF_RDS:
		return pair(v_cstr(a->u.in.host), v_int(a->u.in.port));
	case AF_INET6: {
		value *it[4] = {v_cstr(a->u.in6.host), v_int(a->u.in6.port),
				v_int(a->u.in6.flowinfo),
				v_int(a->u.in6.scope_id)};
		return tuple_n(4, it);
	}
	case AF_NETLINK:
		return pair(v_int(a->u.nl.pid), v_int(a->u.nl.groups));
	case AF_PACKET: {
		size_t hl = a->u.ll.addrlen < SR_HWADDR_CAP ? a->u.ll.addrlen
							   : SR_HWADDR_CAP;
		value *it[5] = {v_cstr(a->u.ll.ifname), v_int(a->u.ll.proto),
				v_int(a->u.ll.pkttype), v_int(a->u.ll.hatype),
				v_bytes(a->u.ll.addr, hl)};
		return tuple_n(5, it);
	}
	case AF_CAN: {
		value *it[1] = {v_cstr(a->u.can.ifname)};
		return tuple_n(1, it);
	}
	case AF_TIPC: {
		value *it[5] = {v_int(a->u.tipc.addr_type), v_int(a->u.tipc.v1),
				v_int(a->u.tipc.v2), v_int(a->u.tipc.v3),
				v_int(a->u.tipc.scope)};
		return tuple_n(a->u.tipc.has_scope ? 5 : 4, it);
	}
	case AF_UNSPEC:
		return v_none();
	}
	{
		char buf[64];
		snprintf(buf, sizeof buf, "<address family %d>", a->family);
		return v_cstr(buf);
	}
}
