/* ---- a call's arguments, and their C types as libsockref takes them */
typedef struct args {
	V *pos;
	size_t npos;
	const char **kwname;
	V *kw;
	size_t nkw;
	V err;  /* an argument that raised: the call raises it */
} A;

/* ARGS(npos, nkw, positional..., name, value, ...) */
static UNUSED A *ARGS(size_t npos, size_t nkw, ...)
{
	A *a = calloc(1, sizeof *a);
	va_list ap;
	if (!a || !(a->pos = calloc(npos + 1, sizeof *a->pos)) ||
	    !(a->kwname = calloc(nkw + 1, sizeof *a->kwname)) ||
	    !(a->kw = calloc(nkw + 1, sizeof *a->kw)))
		abort();
	va_start(ap, nkw);
	for (size_t i = 0; i < npos; i++)
		a->pos[i] = va_arg(ap, V);
	for (size_t i = 0; i < nkw; i++) {
		a->kwname[i] = va_arg(ap, const char *);
		a->kw[i] = va_arg(ap, V);
	}
	va_end(ap);
	a->npos = npos;
	a->nkw = nkw;
	for (size_t i = 0; i < npos && !a->err; i++)
		if (is_err(a->pos[i]))
			a->err = a->pos[i];
	for (size_t i = 0; i < nkw && !a->err; i++)
		if (is_err(a->kw[i]))
			a->err = a->kw[i];
	return a;
}

/* argument i, or the keyword kw (may be NULL); NULL when not given */
static UNUSED V arg(A *a, size_t i, const char *kw)
{
	if (i < a->npos)
		return a->pos[i];
	for (size_t k = 0; kw && k < a->nkw; k++)
		if (strcmp(a->kwname[k], kw) == 0)
			return a->kw[k];
	return NULL;
}

/* the count and the keyword names a call takes (kws NULL-terminated) */
static UNUSED V want(A *a, const char *fn, size_t min, size_t max,
		     const char *const *kws)
{
	size_t given = a->npos;
	if (a->err)
		return a->err;
	for (size_t k = 0; k < a->nkw; k++) {
		bool known = false;
		for (size_t j = 0; kws && kws[j]; j++)
			known |= strcmp(kws[j], a->kwname[k]) == 0;
		if (!known)
			return raise_("TypeError", false, 0, "%s() got an "
				      "unexpected keyword argument '%s'", fn,
				      a->kwname[k]);
		given++;
	}
	if (given < min || a->npos > max)
		return raise_("TypeError", false, 0, "%s() takes %zu to %zu "
			      "arguments (%zu given)", fn, min, max, given);
	return NULL;
}

/* An early return of the error a conversion or check gave. */
#define TRY(x) do { V e_ = (x); if (e_) return e_; } while (0)

static UNUSED V to_ll(V v, long long *out)
{
	if (v && is_int(v)) {
		*out = v->i;
		return NULL;
	}
	if (v && v->k == K_BIG)
		return raise_("OverflowError", false, 0,
			      "Python int too large to convert to C long");
	return raise_("TypeError", false, 0, "'%s' object cannot be "
		      "interpreted as an integer", v ? type_name(v) : "NoneType");
}

static UNUSED V to_int(V v, int *out)
{
	long long x;
	TRY(to_ll(v, &x));
	if (x < INT_MIN || x > INT_MAX)
		return raise_("OverflowError", false, 0, "signed integer is "
			      "greater than maximum");
	*out = (int)x;
	return NULL;
}

/* an optional int argument with its default */
static UNUSED V opt_int(A *a, size_t i, const char *kw, int dflt, int *out)
{
	V v = arg(a, i, kw);
	*out = dflt;
	return v ? to_int(v, out) : NULL;
}

static UNUSED V to_cstr(V v, const char **out)
{
	if (v && v->k == K_STR) {
		*out = v->s;
		return NULL;
	}
	return raise_("TypeError", false, 0, "str expected, not %s",
		      v ? type_name(v) : "NoneType");
}

/* str, or None as NULL (libsockref's TypeError, sockref.h) */
static UNUSED V to_cstr_none(V v, const char **out)
{
	if (v && v->k == K_NONE) {
		*out = NULL;
		return NULL;
	}
	return to_cstr(v, out);
}

/* bytes or any buffer: data to send */
static UNUSED V to_data(V v, const char **p, size_t *n)
{
	if (v && is_blob(v)) {
		*p = blob(v, n);
		return NULL;
	}
	return raise_("TypeError", false, 0, "a bytes-like object is "
		      "required, not '%s'", v ? type_name(v) : "NoneType");
}

/* a timeout: None (NULL), or seconds */
static UNUSED V to_timeout(V v, double *buf, const double **out)
{
	if (!v || v->k == K_NONE) {
		*out = NULL;
		return NULL;
	}
	if (v->k == K_FLOAT)
		*buf = v->f;
	else if (is_int(v))
		*buf = (double)v->i;
	else
		return raise_("TypeError", false, 0,
			      "Timeout value must be int, float or None");
	*out = buf;
	return NULL;
}

/* An address value for a socket of family fam: the tuple (or path) the
 * case gives, as libsockref's typed sr_addr (sockref.h, "Addresses"). */
static V addr_item(V t, size_t i, long long *out, long long dflt)
{
	*out = dflt;
	return i < t->n ? to_ll(t->it[i], out) : NULL;
}

static V addr_host(V v, const char **out)
{
	if (v->k == K_STR) {
		*out = v->s;
		return NULL;
	}
	return raise_("TypeError", false, 0, "str, bytes or bytearray "
		      "expected, not %s", type_name(v));
}

static V addr_tuple(V v, int fam, size_t min, size_t max)
{
	if (v->k != K_TUPLE)
		return raise_("TypeError", false, 0, "%s(): AF_%d address "
			      "must be tuple, not %s", "getsockaddrarg", fam,
			      type_name(v));
	if (v->n < min || v->n > max)
		return raise_("TypeError", false, 0, "AF_%d address must be a "
			      "tuple of %zu to %zu items", fam, min, max);
	return NULL;
}

/* AF_UNIX paths as Python's file system encoding has them: UTF-8 (ASCII
 * under the C locale) with surrogateescape, lone surrogates U+DC80..DCFF
 * standing for the bytes 0x80..0xff (in a str, as their WTF-8 bytes) */
static bool fs_ascii;

/* the length of the valid UTF-8 character at p, 0 for none (a byte
 * surrogateescape stands for) */
static size_t utf8_len(const unsigned char *p, size_t left)
{
	static const unsigned least[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	if (*p < 0x80)
		return 1;
	size_t n = fs_ascii || *p > 0xf4 ? 0 : *p >= 0xf0 ? 4 : *p >= 0xe0
		   ? 3 : *p >= 0xc0 ? 2 : 0;
	if (n == 0 || n > left)
		return 0;
	unsigned cp = *p & (0x7fu >> n);
	for (size_t k = 1; k < n; k++) {
		if ((p[k] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[k] & 0x3fu);
	}
	bool ok = cp >= least[n] && cp <= 0x10ffff &&
		  (cp < 0xd800 || cp > 0xdfff);
	return ok ? n : 0;
}

/* the escaped byte a lone surrogate U+DC80..DCFF in WTF-8 stands for,
 * or -1 */
static int escaped_byte(const unsigned char *p, size_t left)
{
	if (left < 3 || p[0] != 0xed || (p[1] & 0xfe) != 0xb2 ||
	    (p[2] & 0xc0) != 0x80)
		return -1;
	return (int)(0x80u | (p[1] & 0x01u) << 6 | (p[2] & 0x3fu));
}

static V fs_decode(const unsigned char *p, size_t len)
{
	sbuf_ b = {0};
	put(&b, "%s", "");
	for (size_t i = 0; i < len;) {
		size_t n = utf8_len(p + i, len - i);
		if (n)
			put(&b, "%.*s", (int)n, (const char *)p + i);
		else    /* U+DC00 + the byte, in WTF-8 */
			put(&b, "\xed%c%c", 0xb2 | (p[i] >> 6),
			    0x80 | (p[i] & 0x3f));
		i += n ? n : 1;
	}
	return STR(b.s, b.n);
}

/* the bytes of a str path; -1: a character the encoding has not
 * (UnicodeEncodeError) */
static long fs_encode(const char *s, size_t len, unsigned char *out)
{
	const unsigned char *p = (const unsigned char *)s;
	long o = 0;
	for (size_t i = 0; i < len; i++) {
		int byte = escaped_byte(p + i, len - i);
		if (byte >= 0) {
			out[o++] = (unsigned char)byte;
			i += 2;
		} else if (fs_ascii && p[i] >= 0x80) {
			return -1;
		} else {
			out[o++] = p[i];
		}
	}
	return o;
}

static UNUSED V to_addr(V v, int fam, sr_addr *a)
{
	const char *host;
	long long x1, x2, x3, x4;
	sr_err e;
	int rc = 0;

	memset(a, 0, sizeof *a);
	a->family = fam;
	if (!v)
		return raise_("TypeError", false, 0, "an address is required");
	switch (fam) {
	case AF_UNIX:
		if (v->k == K_STR) {
			unsigned char *b = malloc(v->n + 1);
			long n = b ? fs_encode(v->s, v->n, b) : -1;
			if (n < 0)
				return raise_("UnicodeEncodeError", false, 0,
					      "'ascii' codec can't encode a "
					      "character of the path");
			rc = sr_addr_unix(a, b, (size_t)n, &e);
		} else if (v->k == K_BYTES)
			rc = sr_addr_unix(a, v->s, v->n, &e);
		else
			return raise_("TypeError", false, 0, "a bytes-like "
				      "object is required, not '%s'",
				      type_name(v));
		break;
	case AF_INET:
	case AF_RDS:
		TRY(addr_tuple(v, fam, 2, 2));
		TRY(addr_host(v->it[0], &host));
		TRY(to_ll(v->it[1], &x1));
		rc = sr_addr_inet(a, host, x1, &e);
		break;
	case AF_INET6:
		TRY(addr_tuple(v, fam, 2, 4));
		TRY(addr_host(v->it[0], &host));
		TRY(addr_item(v, 1, &x1, 0));
		TRY(addr_item(v, 2, &x2, 0));
		TRY(addr_item(v, 3, &x3, 0));
		rc = sr_addr_inet6(a, host, x1, x2, x3, &e);
		a->u.in6.n = (int)v->n;
		break;
	case AF_NETLINK:
		TRY(addr_tuple(v, fam, 2, 2));
		TRY(to_ll(v->it[0], &a->u.nl.pid));
		TRY(to_ll(v->it[1], &a->u.nl.groups));
		break;
	case AF_PACKET: {
		const char *hw = NULL;
		size_t hl = 0;
		TRY(addr_tuple(v, fam, 2, 5));
		TRY(addr_host(v->it[0], &host));
		TRY(addr_item(v, 1, &x1, 0));
		TRY(addr_item(v, 2, &x2, 0));
		TRY(addr_item(v, 3, &x3, 0));
		if (v->n > 4)
			TRY(to_data(v->it[4], &hw, &hl));
		rc = sr_addr_packet(a, host, x1, x2, x3, hw, hl, &e);
		a->u.ll.n = (int)v->n;
		break;
	}
	case AF_CAN:
		TRY(addr_tuple(v, fam, 1, 1));
		TRY(addr_host(v->it[0], &host));
		rc = sr_addr_can(a, host, &e);
		break;
	case AF_TIPC:
		TRY(addr_tuple(v, fam, 4, 5));
		TRY(to_ll(v->it[0], &a->u.tipc.addr_type));
		TRY(to_ll(v->it[1], &a->u.tipc.v1));
		TRY(to_ll(v->it[2], &a->u.tipc.v2));
		TRY(to_ll(v->it[3], &a->u.tipc.v3));
		TRY(addr_item(v, 4, &x4, 0));
		a->u.tipc.scope = x4;
		a->u.tipc.has_scope = v->n > 4;
		break;
	}
	return rc < 0 ? from_sr(&e) : NULL;
}

/* libsockref's address as the case sees it: a tuple, a str path, or
 * bytes for an abstract name */
static UNUSED V from_addr(const sr_addr *a)
{
	switch (a->family) {
	case AF_UNIX:
		if (a->u.un.len && a->u.un.path[0] == 0)
			return BYTES(a->u.un.path, a->u.un.len);
		return fs_decode(a->u.un.path, a->u.un.len < SR_UNIX_PATH_CAP
					       ? a->u.un.len : SR_UNIX_PATH_CAP);
	case AF_INET:
	case AF_RDS:
		return TUP(2, CSTR(a->u.in.host), INT(a->u.in.port));
	case AF_INET6:
		return TUP(4, CSTR(a->u.in6.host), INT(a->u.in6.port),
			   INT(a->u.in6.flowinfo), INT(a->u.in6.scope_id));
	case AF_NETLINK:
		return TUP(2, INT(a->u.nl.pid), INT(a->u.nl.groups));
	case AF_PACKET:
		return TUP(5, CSTR(a->u.ll.ifname), INT(a->u.ll.proto),
			   INT(a->u.ll.pkttype), INT(a->u.ll.hatype),
			   BYTES(a->u.ll.addr, a->u.ll.addrlen < SR_HWADDR_CAP
					       ? a->u.ll.addrlen : SR_HWADDR_CAP));
	case AF_CAN:
		return TUP(1, CSTR(a->u.can.ifname));
	case AF_TIPC: {
		V t = TUP(5, INT(a->u.tipc.addr_type), INT(a->u.tipc.v1),
			  INT(a->u.tipc.v2), INT(a->u.tipc.v3),
			  INT(a->u.tipc.scope));
		t->n = a->u.tipc.has_scope ? 5 : 4;
		return t;
	}
	case AF_UNSPEC:
		return NONE();
	}
	limit("an address of family %d", a->family);
}

/* the socket a method is called on */
static UNUSED V self_sock(V self, const char *m, sr_sock **out)
{
	if (is_err(self))
		return self;
	if (self->k != K_SOCK)
		return raise_("AttributeError", false, 0, "'%s' object has no "
			      "attribute '%s'", type_name(self), m);
	*out = self->sk;
	return NULL;
}

/* obj.NAME(...) where libsockref has no such call: AttributeError, as
 * the adapter answers it */
static UNUSED V no_attr(V obj, const char *name)
{
	if (is_err(obj))
		return obj;
	return raise_("AttributeError", false, 0, "'%s' object has no "
		      "attribute '%s'", type_name(obj), name);
}

static UNUSED V SOCK(sr_sock *s)
{
	V v = mk(K_SOCK);
	v->sk = s;
	return v;
}
