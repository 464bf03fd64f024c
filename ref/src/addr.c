/* addr.c — the address codec's front: constructors, the dispatch of
 * encode/decode to one file per family (socket.rst:43-126), the helpers
 * those files share, and sr_addr_format, which renders a value the way the
 * document writes addresses (Python literals). */
#include "addr.h"

#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef int (*encode_fn)(const sr_addr *, struct sockaddr_storage *,
			 size_t *, sr_err *);
typedef int (*decode_fn)(const unsigned char *, size_t, sr_addr *,
			 sr_err *);

static const struct codec {
	int family;
	const char *name;
	const char *shape; /* for the TypeError, after CPython's messages */
	encode_fn encode;
	decode_fn decode;
} codecs[] = {
	{AF_UNIX, "AF_UNIX", "a str or bytes path", sr__unix_encode,
	 sr__unix_decode},
	{AF_INET, "AF_INET", "a pair (host, port)", sr__inet_encode,
	 sr__inet_decode},
	{AF_INET6, "AF_INET6", "a tuple (host, port[, flowinfo[, scopeid]])",
	 sr__inet6_encode, sr__inet6_decode},
	{AF_NETLINK, "AF_NETLINK", "a pair (pid, groups)", sr__netlink_encode,
	 sr__netlink_decode},
	{AF_PACKET, "AF_PACKET",
	 "a tuple (ifname, proto[, pkttype[, hatype[, addr]]])",
	 sr__packet_encode, sr__packet_decode},
	{AF_CAN, "AF_CAN", "a tuple (interface, )", sr__can_encode,
	 sr__can_decode},
	{AF_TIPC, "AF_TIPC", "a tuple (addr_type, v1, v2, v3[, scope])",
	 sr__tipc_encode, sr__tipc_decode},
	{AF_RDS, "AF_RDS", "a pair (host, port)", sr__rds_encode,
	 sr__rds_decode},
};

static const struct codec *codec_for(int family)
{
	for (size_t i = 0; i < sizeof codecs / sizeof codecs[0]; i++)
		if (codecs[i].family == family)
			return &codecs[i];
	return NULL;
}

static const char *family_name(int family)
{
	const struct codec *c = codec_for(family);
	if (family == AF_UNSPEC)
		return "None";
	return c ? c->name : "unknown";
}

/* ---- shared helpers --------------------------------------------------- */

int sr__addr_range(long long v, unsigned long long max, const char *what,
		   sr_err *err)
{
	if (v < 0 || (unsigned long long)v > max)
		return sr__error(err, SR_ERR_OVERFLOWERROR, 0,
				 "%s must be 0-%llu.", what, max);
	return 0;
}

int sr__ifindex(const char *name, size_t cap, const char *fam,
		unsigned int *index, sr_err *err)
{
	/* Refuse rather than truncate to IFNAMSIZ-1 and find another
	 * interface (CPython's message for AF_CAN; AF_PACKET follows it). */
	if (strnlen(name, cap) >= IFNAMSIZ)
		return sr__error(err, SR_ERR_OSERROR, 0,
				 "%s interface name too long", fam);
	/* glibc and musl set errno whenever they return 0: ENODEV for an
	 * unknown name, else the socket or ioctl call's own errno */
	*index = if_nametoindex(name);
	if (*index == 0)
		return sr__oserror(err, errno);
	return 0;
}

void sr__ifname(int index, char *out)
{
	char buf[IF_NAMESIZE];

	out[0] = '\0';
	if (index > 0 && if_indextoname((unsigned int)index, buf) != NULL)
		snprintf(out, SR_IFNAME_CAP, "%s", buf);
}

/* ---- constructors ------------------------------------------------------ */

int sr_addr_unix(sr_addr *a, const void *path, size_t len, sr_err *err)
{
	if (a == NULL)
		return sr__error(err, SR_ERR_VALUEERROR, 0, "no sr_addr given");
	if (path == NULL && len > 0)
		return sr__error(err, SR_ERR_TYPEERROR, 0,
				 "a bytes-like object is required, not None");
	/* Longer than the value holds is longer than sun_path too. */
	if (len > SR_UNIX_PATH_CAP)
		return sr__error(err, SR_ERR_OSERROR, 0,
				 "AF_UNIX path too long");
	memset(a, 0, sizeof *a);
	a->family = AF_UNIX;
	if (len > 0)
		memcpy(a->u.un.path, path, len);
	a->u.un.len = len;
	return 0;
}

static int put_host(char *dst, const char *host, sr_err *err)
{
	if (host == NULL)
		return sr__error(err, SR_ERR_TYPEERROR, 0,
				 "str, bytes or bytearray expected, not None");
	/* Longer than any name a resolver returns (NI_MAXHOST) is a name no
	 * lookup finds: the gaierror an unknown name gets (socket.rst:128-131,
	 * 164-167; CPython passes it to getaddrinfo, which says EAI_NONAME),
	 * not an argument error of another kind. */
	if (strlen(host) >= SR_HOST_CAP)
		return sr__gaierror(err, EAI_NONAME);
	strcpy(dst, host);
	return 0;
}

int sr_addr_inet(sr_addr *a, const char *host, long long port, sr_err *err)
{
	sr_addr v;

	if (a == NULL)
		return sr__error(err, SR_ERR_VALUEERROR, 0, "no sr_addr given");
	memset(&v, 0, sizeof v);
	v.family = AF_INET;
	if (put_host(v.u.in.host, host, err) < 0)
		return -1;
	v.u.in.port = port;
	*a = v;
	return 0;
}

int sr_addr_inet6(sr_addr *a, const char *host, long long port,
		  long long flowinfo, long long scope_id, sr_err *err)
{
	sr_addr v;

	if (a == NULL)
		return sr__error(err, SR_ERR_VALUEERROR, 0, "no sr_addr given");
	memset(&v, 0, sizeof v);
	v.family = AF_INET6;
	if (put_host(v.u.in6.host, host, err) < 0)
		return -1;
	v.u.in6.port = port;
	v.u.in6.flowinfo = flowinfo;
	v.u.in6.scope_id = scope_id;
	v.u.in6.n = 4;
	*a = v;
	return 0;
}

bool sr_addr_is_abstract(const sr_addr *a)
{
	return a != NULL && a->family == AF_UNIX && a->u.un.len > 0 &&
	       a->u.un.len <= SR_UNIX_PATH_CAP && a->u.un.path[0] == '\0';
}

/* ---- the codec ---------------------------------------------------------- */

int sr_addr_encode(const sr_addr *a, int sock_family, void *sockaddr_out,
		   size_t out_cap, size_t *out_len, sr_err *err)
{
	const struct codec *c = codec_for(sock_family);
	struct sockaddr_storage ss;
	size_t len = 0;

	/* CPython's getsockaddrarg() default case: OSError without errno. */
	if (c == NULL)
		return sr__error(err, SR_ERR_OSERROR, 0,
				 "getsockaddrarg: bad family");
	if (a == NULL)
		return sr__error(err, SR_ERR_TYPEERROR, 0,
				 "%s address must be %s, not None", c->name,
				 c->shape);
	/* The socket's family picks the shape (socket.rst:43); an RDS socket
	 * takes the IPv4 shape as well as its own label. */
	if (a->family != sock_family &&
	    !(sock_family == AF_RDS && a->family == AF_INET))
		return sr__error(err, SR_ERR_TYPEERROR, 0,
				 "%s address must be %s, not an %s address "
				 "(family %d)", c->name, c->shape,
				 family_name(a->family), a->family);
	memset(&ss, 0, sizeof ss);
	if (c->encode(a, &ss, &len, err) < 0)
		return -1;
	if (sockaddr_out == NULL || out_len == NULL || len > out_cap)
		return sr__error(err, SR_ERR_VALUEERROR, 0,
				 "sockaddr buffer too small (%zu bytes, %zu "
				 "needed)", sockaddr_out ? out_cap : 0, len);
	memcpy(sockaddr_out, &ss, len);
	*out_len = len;
	return 0;
}

int sr_addr_decode(const void *sockaddr, size_t len, sr_addr *out,
		   sr_err *err)
{
	const struct codec *c;
	sa_family_t family;
	sr_addr v;

	if (out == NULL)
		return sr__error(err, SR_ERR_VALUEERROR, 0, "no sr_addr given");
	memset(&v, 0, sizeof v);
	/* No address at all, e.g. recvfrom() on a connected AF_UNIX socket:
	 * None (CPython's makesockaddr). */
	if (len == 0) {
		v.family = AF_UNSPEC;
		*out = v;
		return 0;
	}
	if (sockaddr == NULL || len < sizeof family)
		return sr__error(err, SR_ERR_OSERROR, 0,
				 "address too short (%zu bytes)",
				 sockaddr ? len : 0);
	memcpy(&family, sockaddr, sizeof family);
	c = codec_for(family);
	/* CPython returns (family, bytes) for a family it does not know; this
	 * API has no such shape, so it is an error naming the family. */
	if (c == NULL)
		return sr__error(err, SR_ERR_OSERROR, 0,
				 "unsupported address family %d", family);
	if (c->decode(sockaddr, len, &v, err) < 0)
		return -1;
	*out = v;
	return 0;
}

/* ---- rendering in the document's notation -------------------------------- */

/* An snprintf-style sink: counts everything, stores what fits. */
struct sink {
	char *buf;
	size_t cap;
	size_t len;
};

static void put(struct sink *s, char ch)
{
	if (s->len + 1 < s->cap)
		s->buf[s->len] = ch;
	s->len++;
}

static void putf(struct sink *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void putf(struct sink *s, const char *fmt, ...)
{
	char tmp[64];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	for (int i = 0; i < n && i < (int)sizeof tmp - 1; i++)
		put(s, tmp[i]);
}

/* Python picks ' unless the text has a ' and no " (unicode_repr). */
static char pick_quote(const unsigned char *p, size_t n)
{
	bool sq = memchr(p, '\'', n) != NULL, dq = memchr(p, '"', n) != NULL;
	return sq && !dq ? '"' : '\'';
}

/* The escapes str and bytes reprs share for ASCII. Returns false for a
 * byte/code point that is not ASCII-printable and has no short form. */
static bool put_ascii(struct sink *s, unsigned int ch, char quote)
{
	if (ch == (unsigned char)quote || ch == '\\') {
		put(s, '\\');
		put(s, (char)ch);
	} else if (ch == '\t') {
		putf(s, "\\t");
	} else if (ch == '\n') {
		putf(s, "\\n");
	} else if (ch == '\r') {
		putf(s, "\\r");
	} else if (ch >= 0x20 && ch < 0x7f) {
		put(s, (char)ch);
	} else {
		return false;
	}
	return true;
}

/* b'...' as Python's bytes repr writes it. */
static void put_bytes(struct sink *s, const unsigned char *p, size_t n)
{
	char q = pick_quote(p, n);

	put(s, 'b');
	put(s, q);
	for (size_t i = 0; i < n; i++)
		if (!put_ascii(s, p[i], q))
			putf(s, "\\x%02x", p[i]);
	put(s, q);
}

/* One UTF-8 sequence at p (n bytes left) as a code point, strictly as
 * Python decodes (no overlongs, no surrogates, nothing past U+10FFFF).
 * Returns its length, or 0 when the byte at p does not start one. */
static size_t utf8_next(const unsigned char *p, size_t n, unsigned int *cp)
{
	unsigned int c = p[0], min;
	size_t len;

	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xc2 && c <= 0xdf) {
		len = 2, c &= 0x1f, min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3, c &= 0x0f, min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4, c &= 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Python's str.isprintable() for non-ASCII code points, exact for Latin-1
 * and surrogates and covering the separators and format characters a path
 * or host may plausibly hold; other code points count as printable (the
 * full answer needs the Unicode database). */
static bool printable(unsigned int cp)
{
	if (cp <= 0xa0 || cp == 0xad)
		return false;
	if (cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200f) ||
	    (cp >= 0x2028 && cp <= 0x202f) || (cp >= 0x205f && cp <= 0x2064) ||
	    cp == 0x3000 || (cp >= 0xd800 && cp <= 0xf8ff) || cp == 0xfeff ||
	    (cp >= 0xfff9 && cp <= 0xfffb) || cp == 0xfffe || cp == 0xffff)
		return false;
	return true;
}

/* '...' as Python's str repr writes text decoded from UTF-8 with
 * surrogateescape (the filesystem encoding, socket.rst:47-49): a byte that
 * does not decode becomes the lone surrogate U+DC80+byte, shown \udcXX. */
static void put_str(struct sink *s, const unsigned char *p, size_t n)
{
	char q = pick_quote(p, n);

	put(s, q);
	for (size_t i = 0; i < n;) {
		unsigned int cp;
		size_t k = utf8_next(p + i, n - i, &cp);

		if (k == 0) {
			putf(s, "\\udc%02x", p[i]);
			i++;
			continue;
		}
		if (cp < 0x80 ? !put_ascii(s, cp, q) : !printable(cp)) {
			if (cp <= 0xff)
				putf(s, "\\x%02x", cp);
			else if (cp <= 0xffff)
				putf(s, "\\u%04x", cp);
			else
				putf(s, "\\U%08x", cp);
		} else if (cp >= 0x80) {
			for (size_t j = 0; j < k; j++)
				put(s, (char)p[i + j]);
		}
		i += k;
	}
	put(s, q);
}

static void put_cstr(struct sink *s, const char *str, size_t cap)
{
	put_str(s, (const unsigned char *)str, strnlen(str, cap));
}

int sr_addr_format(const sr_addr *a, char *buf, size_t cap)
{
	struct sink s = {buf, cap, 0};
	int n;

	if (a == NULL) {
		putf(&s, "None");
		goto out;
	}
	switch (a->family) {
	case AF_UNSPEC:
		putf(&s, "None");
		break;
	case AF_UNIX: {
		size_t len = a->u.un.len < SR_UNIX_PATH_CAP ? a->u.un.len
							    : SR_UNIX_PATH_CAP;
		/* An abstract name is bytes, a filesystem path str
		 * (socket.rst:47-51). */
		if (len > 0 && a->u.un.path[0] == '\0')
			put_bytes(&s, a->u.un.path, len);
		else
			put_str(&s, a->u.un.path, len);
		break;
	}
	case AF_INET:
	case AF_RDS:
		put(&s, '(');
		put_cstr(&s, a->u.in.host, SR_HOST_CAP);
		putf(&s, ", %lld)", a->u.in.port);
		break;
	case AF_INET6: {
		int items = a->u.in6.n >= 2 && a->u.in6.n <= 4 ? a->u.in6.n : 4;
		put(&s, '(');
		put_cstr(&s, a->u.in6.host, SR_HOST_CAP);
		putf(&s, ", %lld", a->u.in6.port);
		if (items >= 3)
			putf(&s, ", %lld", a->u.in6.flowinfo);
		if (items >= 4)
			putf(&s, ", %lld", a->u.in6.scope_id);
		put(&s, ')');
		break;
	}
	case AF_NETLINK:
		putf(&s, "(%lld, %lld)", a->u.nl.pid, a->u.nl.groups);
		break;
	case AF_PACKET: {
		int items = a->u.ll.n >= 2 && a->u.ll.n <= 5 ? a->u.ll.n : 5;
		size_t hl = a->u.ll.addrlen < SR_HWADDR_CAP ? a->u.ll.addrlen
							    : SR_HWADDR_CAP;
		put(&s, '(');
		put_cstr(&s, a->u.ll.ifname, SR_IFNAME_CAP);
		putf(&s, ", %lld", a->u.ll.proto);
		if (items >= 3)
			putf(&s, ", %lld", a->u.ll.pkttype);
		if (items >= 4)
			putf(&s, ", %lld", a->u.ll.hatype);
		if (items >= 5) {
			putf(&s, ", ");
			put_bytes(&s, a->u.ll.addr, hl);
		}
		put(&s, ')');
		break;
	}
	case AF_CAN:
		put(&s, '(');
		put_cstr(&s, a->u.can.ifname, SR_IFNAME_CAP);
		putf(&s, ",)");
		break;
	case AF_TIPC:
		putf(&s, "(%lld, %lld, %lld, %lld", a->u.tipc.addr_type,
		     a->u.tipc.v1, a->u.tipc.v2, a->u.tipc.v3);
		if (a->u.tipc.has_scope)
			putf(&s, ", %lld", a->u.tipc.scope);
		put(&s, ')');
		break;
	default:
		putf(&s, "<address family %d>", a->family);
		break;
	}
out:
	if (cap > 0)
		buf[s.len < cap ? s.len : cap - 1] = '\0';
	n = s.len > (size_t)INT_MAX ? INT_MAX : (int)s.len;
	return n;
}
