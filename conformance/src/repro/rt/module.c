/* ---- the socket module's functions, each one libsockref call */
static const char *const NOKW[] UNUSED = { NULL };
static UNUSED V owned_str(char *s)
{
	V v = CSTR(s);
	sr_free(s);
	return v;
}
static UNUSED V hostent(sr_hostent *h)
{
	V al = seq_of(K_LIST, h->naliases), ad = seq_of(K_LIST, h->naddrs);
	for (size_t i = 0; i < h->naliases; i++)
		al->it[i] = CSTR(h->aliases[i]);
	for (size_t i = 0; i < h->naddrs; i++)
		ad->it[i] = CSTR(h->addrs[i]);
	V t = TUP(3, CSTR(h->name), al, ad);
	sr_hostent_free(h);
	return t;
}
/* socket.NAME: a constant of libsockref's table (has_ipv6 a bool), an
 * exception class, or the socket type */
static UNUSED V modattr(const char *name)
{
	long long v;
	if (sr_constant_value(name, &v) == 0)
		return strcmp(name, "has_ipv6") == 0 ? BOOL(v != 0) : INT(v);
	if (strcmp(name, "error") == 0)
		return CLASS("OSError");
	if (!strcmp(name, "timeout") || !strcmp(name, "herror") ||
	    !strcmp(name, "gaierror"))
		return CLASS(name);
	if (!strcmp(name, "socket") || !strcmp(name, "SocketType"))
		return CLASS("socket");
	return raise_("AttributeError", false, 0, "module 'socket' has no "
		      "attribute '%s'", name);
}
/*@ f_socket f_SocketType */
static V f_socket(A *a)
{
	static const char *const kw[] = { "family", "type", "proto", "fileno", NULL };
	int fam, type, proto;
	sr_err e;
	TRY(want(a, "socket", 0, 4, kw));
	TRY(opt_int(a, 0, "family", -1, &fam));
	TRY(opt_int(a, 1, "type", -1, &type));
	TRY(opt_int(a, 2, "proto", -1, &proto));
	V fn = arg(a, 3, "fileno");
	if (fn && fn->k != K_NONE)
		limit("socket(fileno=...)");
	sr_sock *s = sr_socket(fam, type, proto, &e);
	return s ? SOCK(s) : from_sr(&e);
}
static UNUSED V f_SocketType(A *a) { return f_socket(a); }
/*@ f_socketpair */
static V f_socketpair(A *a)
{
	static const char *const kw[] = { "family", "type", "proto", NULL };
	int fam, type, proto;
	sr_sock *p[2];
	sr_err e;
	TRY(want(a, "socketpair", 0, 3, kw));
	TRY(opt_int(a, 0, "family", -1, &fam));
	TRY(opt_int(a, 1, "type", -1, &type));
	TRY(opt_int(a, 2, "proto", -1, &proto));
	if (sr_socketpair(fam, type, proto, p, &e) < 0)
		return from_sr(&e);
	return TUP(2, SOCK(p[0]), SOCK(p[1]));
}
/*@ f_fromfd */
static V f_fromfd(A *a)
{
	int fd, fam, type, proto;
	sr_err e;
	TRY(want(a, "fromfd", 3, 4, NOKW));
	TRY(to_int(arg(a, 0, NULL), &fd));
	TRY(to_int(arg(a, 1, NULL), &fam));
	TRY(to_int(arg(a, 2, NULL), &type));
	TRY(opt_int(a, 3, NULL, 0, &proto));
	sr_sock *s = sr_fromfd(fd, fam, type, proto, &e);
	return s ? SOCK(s) : from_sr(&e);
}
/*@ f_create_connection */
static V hostport(V v, sr_hostport *hp)
{
	if (!v || v->k != K_TUPLE || v->n != 2)
		return raise_("TypeError", false, 0,
			      "address must be a pair (host, port)");
	hp->host = NULL;
	if (v->it[0]->k != K_NONE)
		TRY(to_cstr(v->it[0], &hp->host));
	if (v->it[1]->k == K_STR)
		limit("a service name as create_connection's port");
	return to_ll(v->it[1], &hp->port);
}
static V f_create_connection(A *a)
{
	static const char *const kw[] = { "address", "timeout",
					  "source_address", NULL };
	sr_hostport hp, sp;
	double tb;
	const double *to = SR_DEFAULT_TIMEOUT;
	sr_err e;
	TRY(want(a, "create_connection", 1, 3, kw));
	TRY(hostport(arg(a, 0, "address"), &hp));
	V t = arg(a, 1, "timeout"), src = arg(a, 2, "source_address");
	if (t)
		TRY(to_timeout(t, &tb, &to));
	bool has_src = src && src->k != K_NONE;
	if (has_src)
		TRY(hostport(src, &sp));
	sr_sock *s = sr_create_connection(hp, to, has_src ? &sp : NULL, &e);
	return s ? SOCK(s) : from_sr(&e);
}
/*@ f_getaddrinfo */
static V f_getaddrinfo(A *a)
{
	static const char *const kw[] = { "host", "port", "family", "type",
					  "proto", "flags", NULL };
	int fam, type, proto, flags;
	const char *host = NULL, *port = NULL;
	char pbuf[32];
	sr_addrinfo *ai;
	size_t n;
	sr_err e;
	TRY(want(a, "getaddrinfo", 2, 6, kw));
	TRY(opt_int(a, 2, "family", 0, &fam));
	TRY(opt_int(a, 3, "type", 0, &type));
	TRY(opt_int(a, 4, "proto", 0, &proto));
	TRY(opt_int(a, 5, "flags", 0, &flags));
	V h = arg(a, 0, "host"), p = arg(a, 1, "port");
	if (h->k == K_STR || h->k == K_BYTES)
		host = h->s;
	else if (h->k != K_NONE)
		return raise_("TypeError", false, 0,
			      "getaddrinfo() argument 1 must be string or None");
	if (is_int(p)) {
		snprintf(pbuf, sizeof pbuf, "%lld", p->i);
		port = pbuf;
	} else if (p->k == K_STR || p->k == K_BYTES) {
		port = p->s;
	} else if (p->k != K_NONE) {
		return raise_("OSError", false, 0, "Int or String expected");
	}
	if (sr_getaddrinfo(host, port, fam, type, proto, flags, &ai, &n, &e) < 0)
		return from_sr(&e);
	V l = seq_of(K_LIST, n);
	for (size_t i = 0; i < n; i++)
		l->it[i] = TUP(5, INT(ai[i].family), INT(ai[i].type),
			       INT(ai[i].proto),
			       CSTR(ai[i].canonname ? ai[i].canonname : ""),
			       from_addr(&ai[i].sockaddr));
	sr_addrinfo_free(ai, n);
	return l;
}
/*@ f_getfqdn */
static V f_getfqdn(A *a)
{
	static const char *const kw[] = { "name", NULL };
	const char *s = "";
	char *out;
	sr_err e;
	TRY(want(a, "getfqdn", 0, 1, kw));
	if (arg(a, 0, "name"))
		TRY(to_cstr(arg(a, 0, "name"), &s));
	return sr_getfqdn(s, &out, &e) < 0 ? from_sr(&e) : owned_str(out);
}
/*@ f_gethostbyname */
static V f_gethostbyname(A *a)
{
	const char *s;
	char out[16];
	sr_err e;
	TRY(want(a, "gethostbyname", 1, 1, NOKW));
	TRY(to_cstr_none(arg(a, 0, NULL), &s));
	return sr_gethostbyname(s, out, &e) < 0 ? from_sr(&e) : CSTR(out);
}
/*@ f_gethostbyname_ex f_gethostbyaddr */
/* (hostname, aliaslist, ipaddrlist) of a name or an address */
static V host_triple(A *a, const char *fn,
		     int (*f)(const char *, sr_hostent *, sr_err *))
{
	const char *s;
	sr_hostent h;
	sr_err e;
	TRY(want(a, fn, 1, 1, NOKW));
	TRY(to_cstr_none(arg(a, 0, NULL), &s));
	return f(s, &h, &e) < 0 ? from_sr(&e) : hostent(&h);
}
static UNUSED V f_gethostbyname_ex(A *a)
{
	return host_triple(a, "gethostbyname_ex", sr_gethostbyname_ex);
}
static UNUSED V f_gethostbyaddr(A *a)
{
	return host_triple(a, "gethostbyaddr", sr_gethostbyaddr);
}
/*@ f_gethostname */
static V f_gethostname(A *a)
{
	char *out;
	sr_err e;
	TRY(want(a, "gethostname", 0, 0, NOKW));
	return sr_gethostname(&out, &e) < 0 ? from_sr(&e) : owned_str(out);
}
/*@ f_sethostname */
static V f_sethostname(A *a)
{
	const char *s = NULL;
	size_t n = 0;
	sr_err e;
	TRY(want(a, "sethostname", 1, 1, NOKW));
	V v = arg(a, 0, NULL);
	if (v->k == K_STR || v->k == K_BYTES) {
		s = v->s;
		n = v->n;
	} else if (v->k != K_NONE) {
		return raise_("TypeError", false, 0, "sethostname() argument "
			      "must be str or bytes, not %s", type_name(v));
	}
	return sr_sethostname(s, n, &e) < 0 ? from_sr(&e) : NONE();
}
/*@ f_getnameinfo */
static V f_getnameinfo(A *a)
{
	sr_addr ad;
	char *host, *port;
	int flags, fam = AF_INET6;
	sr_err e;
	TRY(want(a, "getnameinfo", 2, 2, NOKW));
	TRY(to_int(arg(a, 1, NULL), &flags));
	V t = arg(a, 0, NULL);
	/* the shape is libsockref's to judge: no tuple is no address, a
	 * (str[, int...]) tuple an AF_INET pair or AF_INET6 of n items */
	memset(&ad, 0, sizeof ad);
	if (t->k == K_TUPLE && t->n >= 1 && t->it[0]->k == K_STR &&
	    (t->n < 2 || is_int(t->it[1]))) {
		if (t->n == 2 && !strchr(t->it[0]->s, ':'))
			fam = AF_INET;
		TRY(to_addr(t, fam, &ad));
	}
	if (sr_getnameinfo(t->k == K_TUPLE ? &ad : NULL, flags, &host, &port,
			   &e) < 0)
		return from_sr(&e);
	return TUP(2, owned_str(host), owned_str(port));
}
/*@ f_getprotobyname */
static V f_getprotobyname(A *a)
{
	const char *s;
	int out;
	sr_err e;
	TRY(want(a, "getprotobyname", 1, 1, NOKW));
	TRY(to_cstr_none(arg(a, 0, NULL), &s));
	return sr_getprotobyname(s, &out, &e) < 0 ? from_sr(&e) : INT(out);
}
/*@ f_getservbyname */
static V f_getservbyname(A *a)
{
	const char *s, *proto = NULL;
	int out;
	sr_err e;
	TRY(want(a, "getservbyname", 1, 2, NOKW));
	TRY(to_cstr_none(arg(a, 0, NULL), &s));
	if (arg(a, 1, NULL))
		TRY(to_cstr(arg(a, 1, NULL), &proto));
	return sr_getservbyname(s, proto, &out, &e) < 0 ? from_sr(&e) : INT(out);
}
/*@ f_getservbyport */
static V f_getservbyport(A *a)
{
	const char *proto = NULL;
	long long port;
	char *out;
	sr_err e;
	TRY(want(a, "getservbyport", 1, 2, NOKW));
	TRY(to_ll(arg(a, 0, NULL), &port));
	if (arg(a, 1, NULL))
		TRY(to_cstr(arg(a, 1, NULL), &proto));
	return sr_getservbyport(port, proto, &out, &e) < 0 ? from_sr(&e)
							   : owned_str(out);
}
/*@ f_ntohl f_htonl f_ntohs f_htons */
/* the byte-order functions: one int in, 32 or 16 bits out */
static V order32(A *a, const char *fn, int (*f)(long long, uint32_t *, sr_err *))
{
	long long x;
	uint32_t o;
	sr_err e;
	TRY(want(a, fn, 1, 1, NOKW));
	TRY(to_ll(arg(a, 0, NULL), &x));
	return f(x, &o, &e) < 0 ? from_sr(&e) : INT(o);
}
static V order16(A *a, const char *fn, int (*f)(long long, uint16_t *, sr_err *))
{
	long long x;
	uint16_t o;
	sr_err e;
	TRY(want(a, fn, 1, 1, NOKW));
	TRY(to_ll(arg(a, 0, NULL), &x));
	return f(x, &o, &e) < 0 ? from_sr(&e) : INT(o);
}
static UNUSED V f_ntohl(A *a) { return order32(a, "ntohl", sr_ntohl); }
static UNUSED V f_htonl(A *a) { return order32(a, "htonl", sr_htonl); }
static UNUSED V f_ntohs(A *a) { return order16(a, "ntohs", sr_ntohs); }
static UNUSED V f_htons(A *a) { return order16(a, "htons", sr_htons); }
/*@ f_inet_aton */
static V f_inet_aton(A *a)
{
	const char *s;
	unsigned char out[4];
	sr_err e;
	TRY(want(a, "inet_aton", 1, 1, NOKW));
	TRY(to_cstr_none(arg(a, 0, NULL), &s));
	return sr_inet_aton(s, out, &e) < 0 ? from_sr(&e) : BYTES(out, 4);
}
/*@ f_inet_ntoa */
static V f_inet_ntoa(A *a)
{
	const char *p;
	size_t n;
	char out[64];
	sr_err e;
	TRY(want(a, "inet_ntoa", 1, 1, NOKW));
	TRY(to_data(arg(a, 0, NULL), &p, &n));
	return sr_inet_ntoa(p, n, out, &e) < 0 ? from_sr(&e) : CSTR(out);
}
/*@ f_inet_pton */
static V f_inet_pton(A *a)
{
	const char *s;
	int fam;
	unsigned char out[16];
	size_t n;
	sr_err e;
	TRY(want(a, "inet_pton", 2, 2, NOKW));
	TRY(to_int(arg(a, 0, NULL), &fam));
	TRY(to_cstr_none(arg(a, 1, NULL), &s));
	return sr_inet_pton(fam, s, out, &n, &e) < 0 ? from_sr(&e) : BYTES(out, n);
}
/*@ f_inet_ntop */
static V f_inet_ntop(A *a)
{
	const char *p;
	size_t n;
	int fam;
	char out[64];
	sr_err e;
	TRY(want(a, "inet_ntop", 2, 2, NOKW));
	TRY(to_int(arg(a, 0, NULL), &fam));
	TRY(to_data(arg(a, 1, NULL), &p, &n));
	return sr_inet_ntop(fam, p, n, out, &e) < 0 ? from_sr(&e) : CSTR(out);
}
/*@ f_CMSG_LEN */
static V f_CMSG_LEN(A *a)
{
	long long x;
	size_t n;
	sr_err e;
	TRY(want(a, "CMSG_LEN", 1, 1, NOKW));
	TRY(to_ll(arg(a, 0, NULL), &x));
	return sr_CMSG_LEN(x, &n, &e) < 0 ? from_sr(&e) : INT((long long)n);
}
/*@ f_CMSG_SPACE */
static V f_CMSG_SPACE(A *a)
{
	long long x;
	size_t n;
	sr_err e;
	TRY(want(a, "CMSG_SPACE", 1, 1, NOKW));
	TRY(to_ll(arg(a, 0, NULL), &x));
	return sr_CMSG_SPACE(x, &n, &e) < 0 ? from_sr(&e) : INT((long long)n);
}
/*@ f_getdefaulttimeout */
static V f_getdefaulttimeout(A *a)
{
	double d;
	TRY(want(a, "getdefaulttimeout", 0, 0, NOKW));
	return sr_getdefaulttimeout(&d) ? FLOAT(d) : NONE();
}
/*@ f_setdefaulttimeout */
static V f_setdefaulttimeout(A *a)
{
	double tb;
	const double *to;
	sr_err e;
	TRY(want(a, "setdefaulttimeout", 1, 1, NOKW));
	TRY(to_timeout(arg(a, 0, NULL), &tb, &to));
	return sr_setdefaulttimeout(to, &e) < 0 ? from_sr(&e) : NONE();
}
/*@ f_if_nameindex */
static V f_if_nameindex(A *a)
{
	sr_ifname *l;
	size_t n;
	sr_err e;
	TRY(want(a, "if_nameindex", 0, 0, NOKW));
	if (sr_if_nameindex(&l, &n, &e) < 0)
		return from_sr(&e);
	V v = seq_of(K_LIST, n);
	for (size_t i = 0; i < n; i++)
		v->it[i] = TUP(2, INT(l[i].index), CSTR(l[i].name));
	sr_if_nameindex_free(l, n);
	return v;
}
/*@ f_if_nametoindex */
static V f_if_nametoindex(A *a)
{
	const char *s = NULL;
	unsigned int idx;
	sr_err e;
	TRY(want(a, "if_nametoindex", 1, 1, NOKW));
	if (arg(a, 0, NULL)->k != K_NONE)
		TRY(to_cstr(arg(a, 0, NULL), &s));
	return sr_if_nametoindex(s, &idx, &e) < 0 ? from_sr(&e) : INT(idx);
}
/*@ f_if_indextoname */
static V f_if_indextoname(A *a)
{
	long long x;
	char out[SR_IFNAME_CAP];
	sr_err e;
	TRY(want(a, "if_indextoname", 1, 1, NOKW));
	TRY(to_ll(arg(a, 0, NULL), &x));
	return sr_if_indextoname(x, out, &e) < 0 ? from_sr(&e) : CSTR(out);
}
