/* ---- socket objects' methods and attributes, each one libsockref call */
/* a size where a buffer goes (recv_into(8)): the harness's older form,
 * a fresh buffer whose bytes come back beside the result */
static UNUSED V writable(V v, void **p, size_t *n, bool *own)
{
	*own = v && (v->k == K_BARRAY || v->k == K_MVIEW);
	if (*own) {
		*p = (void *)blob(v, n);
		return NULL;
	}
	long long k;
	TRY(to_ll(v, &k));
	if (k < 0)
		return raise_("ValueError", false, 0, "negative buffersize");
	*n = (size_t)k;
	if (!(*p = calloc(1, *n + 1)))
		abort();
	return NULL;
}
static UNUSED V ancdata(const sr_cmsg *c, size_t n)
{
	V l = seq_of(K_LIST, n);
	for (size_t i = 0; i < n; i++)
		l->it[i] = TUP(3, INT(c[i].level), INT(c[i].type),
			       BYTES(c[i].data, c[i].len));
	return l;
}
static UNUSED V msg_tuple(sr_msg *m, V first)
{
	V t = TUP(4, first, ancdata(m->ancdata, m->nanc), INT(m->msg_flags),
		  from_addr(&m->address));
	sr_msg_free(m);
	return t;
}
/* an address, or None for the calls that take it (libsockref judges) */
static UNUSED V addr_or_none(V v, int fam, sr_addr *a, const sr_addr **out)
{
	if (v && v->k == K_NONE) {
		*out = NULL;
		return NULL;
	}
	*out = a;
	return to_addr(v, fam, a);
}
/*@ m_bind m_connect m_connect_ex */
/* the calls of one address (or None, which libsockref judges) */
static V addr_call(V self, A *a, const char *m,
		   int (*f)(sr_sock *, const sr_addr *, sr_err *), bool ex)
{
	sr_sock *s;
	sr_addr ad;
	const sr_addr *pa;
	sr_err e;
	TRY(self_sock(self, m, &s));
	TRY(want(a, m, 1, 1, NOKW));
	TRY(addr_or_none(arg(a, 0, NULL), sr_family(s), &ad, &pa));
	int rc = f(s, pa, &e);
	return rc < 0 ? from_sr(&e) : ex ? INT(rc) : NONE();
}
static UNUSED V m_bind(V self, A *a)
{
	return addr_call(self, a, "bind", sr_bind, false);
}
static UNUSED V m_connect(V self, A *a)
{
	return addr_call(self, a, "connect", sr_connect, false);
}
static UNUSED V m_connect_ex(V self, A *a)
{
	return addr_call(self, a, "connect_ex", sr_connect_ex, true);
}
/*@ m_listen */
static V m_listen(V self, A *a)
{
	sr_sock *s;
	long long n = 128;
	sr_err e;
	TRY(self_sock(self, "listen", &s));
	TRY(want(a, "listen", 0, 1, NOKW));
	if (arg(a, 0, NULL))
		TRY(to_ll(arg(a, 0, NULL), &n));
	return sr_listen(s, n, &e) < 0 ? from_sr(&e) : NONE();
}
/*@ m_accept */
static V m_accept(V self, A *a)
{
	sr_sock *s, *c;
	sr_addr ad;
	sr_err e;
	TRY(self_sock(self, "accept", &s));
	TRY(want(a, "accept", 0, 0, NOKW));
	if (!(c = sr_accept(s, &ad, &e)))
		return from_sr(&e);
	return TUP(2, SOCK(c), from_addr(&ad));
}
/*@ m_getsockname */
static V m_getsockname(V self, A *a)
{
	sr_sock *s;
	sr_addr ad;
	sr_err e;
	TRY(self_sock(self, "getsockname", &s));
	TRY(want(a, "getsockname", 0, 0, NOKW));
	return sr_getsockname(s, &ad, &e) < 0 ? from_sr(&e) : from_addr(&ad);
}
/*@ m_getpeername */
static V m_getpeername(V self, A *a)
{
	sr_sock *s;
	sr_addr ad;
	sr_err e;
	TRY(self_sock(self, "getpeername", &s));
	TRY(want(a, "getpeername", 0, 0, NOKW));
	return sr_getpeername(s, &ad, &e) < 0 ? from_sr(&e) : from_addr(&ad);
}
/*@ m_send */
static V m_send(V self, A *a)
{
	sr_sock *s;
	const char *p;
	size_t n;
	int flags;
	sr_err e;
	TRY(self_sock(self, "send", &s));
	TRY(want(a, "send", 1, 2, NOKW));
	TRY(to_data(arg(a, 0, NULL), &p, &n));
	TRY(opt_int(a, 1, NULL, 0, &flags));
	ssize_t r = sr_send(s, p, n, flags, &e);
	return r < 0 ? from_sr(&e) : INT(r);
}
/*@ m_sendall */
static V m_sendall(V self, A *a)
{
	sr_sock *s;
	const char *p;
	size_t n;
	int flags;
	sr_err e;
	TRY(self_sock(self, "sendall", &s));
	TRY(want(a, "sendall", 1, 2, NOKW));
	TRY(to_data(arg(a, 0, NULL), &p, &n));
	TRY(opt_int(a, 1, NULL, 0, &flags));
	return sr_sendall(s, p, n, flags, &e) < 0 ? from_sr(&e) : NONE();
}
/*@ m_sendto */
static V m_sendto(V self, A *a)
{
	sr_sock *s;
	const char *p;
	size_t n;
	int flags = 0;
	sr_addr ad;
	const sr_addr *pa;
	sr_err e;
	TRY(self_sock(self, "sendto", &s));
	TRY(want(a, "sendto", 2, 3, NOKW));
	TRY(to_data(arg(a, 0, NULL), &p, &n));
	if (a->npos == 3)
		TRY(to_int(arg(a, 1, NULL), &flags));
	TRY(addr_or_none(arg(a, a->npos - 1, NULL), sr_family(s), &ad, &pa));
	ssize_t r = sr_sendto(s, p, n, flags, pa, &e);
	return r < 0 ? from_sr(&e) : INT(r);
}
/*@ m_recv */
static V m_recv(V self, A *a)
{
	sr_sock *s;
	long long n;
	int flags;
	sr_bytes b;
	sr_err e;
	TRY(self_sock(self, "recv", &s));
	TRY(want(a, "recv", 1, 2, NOKW));
	TRY(to_ll(arg(a, 0, NULL), &n));
	TRY(opt_int(a, 1, "flags", 0, &flags));
	if (sr_recv(s, n, flags, &b, &e) < 0)
		return from_sr(&e);
	V v = BYTES(b.data, b.len);
	sr_bytes_free(&b);
	return v;
}
/*@ m_recvfrom */
static V m_recvfrom(V self, A *a)
{
	sr_sock *s;
	long long n;
	int flags;
	sr_bytes b;
	sr_addr ad;
	sr_err e;
	TRY(self_sock(self, "recvfrom", &s));
	TRY(want(a, "recvfrom", 1, 2, NOKW));
	TRY(to_ll(arg(a, 0, NULL), &n));
	TRY(opt_int(a, 1, "flags", 0, &flags));
	if (sr_recvfrom(s, n, flags, &b, &ad, &e) < 0)
		return from_sr(&e);
	V v = BYTES(b.data, b.len);
	sr_bytes_free(&b);
	return TUP(2, v, from_addr(&ad));
}
/*@ m_recv_into m_recvfrom_into */
/* recv_into(buffer[, nbytes[, flags]]) and recvfrom_into: into the
 * case's buffer, or a size (the older form) with the bytes given back */
static V into(V self, A *a, const char *m, bool from)
{
	static const char *const kw[] = { "buffer", "nbytes", "flags", NULL };
	sr_sock *s;
	long long nb = 0;
	int flags;
	void *p;
	size_t n;
	bool own;
	sr_addr ad;
	sr_err e;
	TRY(self_sock(self, m, &s));
	TRY(want(a, m, 1, 3, kw));
	if (arg(a, 1, "nbytes"))
		TRY(to_ll(arg(a, 1, "nbytes"), &nb));
	TRY(opt_int(a, 2, "flags", 0, &flags));
	TRY(writable(arg(a, 0, "buffer"), &p, &n, &own));
	ssize_t r = from ? sr_recvfrom_into(s, p, n, nb, flags, &ad, &e)
			 : sr_recv_into(s, p, n, nb, flags, &e);
	if (r < 0)
		return from_sr(&e);
	V v = from ? TUP(2, INT(r), from_addr(&ad)) : INT(r);
	return own ? v : TUP(2, v, BYTES(p, n));
}
static UNUSED V m_recv_into(V self, A *a)
{
	return into(self, a, "recv_into", false);
}
static UNUSED V m_recvfrom_into(V self, A *a)
{
	return into(self, a, "recvfrom_into", true);
}
/*@ m_recvmsg */
static V m_recvmsg(V self, A *a)
{
	sr_sock *s;
	long long n, anc = 0;
	int flags;
	sr_msg m;
	sr_err e;
	TRY(self_sock(self, "recvmsg", &s));
	TRY(want(a, "recvmsg", 1, 3, NOKW));
	TRY(to_ll(arg(a, 0, NULL), &n));
	if (arg(a, 1, NULL))
		TRY(to_ll(arg(a, 1, NULL), &anc));
	TRY(opt_int(a, 2, NULL, 0, &flags));
	if (sr_recvmsg(s, n, anc, flags, &m, &e) < 0)
		return from_sr(&e);
	return msg_tuple(&m, BYTES(m.data.data, m.data.len));
}
/*@ m_recvmsg_into */
static V m_recvmsg_into(V self, A *a)
{
	sr_sock *s;
	long long anc = 0;
	int flags;
	sr_msg m;
	sr_err e;
	TRY(self_sock(self, "recvmsg_into", &s));
	TRY(want(a, "recvmsg_into", 1, 3, NOKW));
	V l = arg(a, 0, NULL);
	if (arg(a, 1, NULL))
		TRY(to_ll(arg(a, 1, NULL), &anc));
	TRY(opt_int(a, 2, NULL, 0, &flags));
	if (l->k != K_LIST && l->k != K_TUPLE)
		return raise_("TypeError", false, 0, "recvmsg_into() argument "
			      "1 must be an iterable");
	sr_buf *bufs = calloc(l->n + 1, sizeof *bufs);
	bool own = l->n && (l->it[0]->k == K_BARRAY || l->it[0]->k == K_MVIEW);
	for (size_t i = 0; i < l->n; i++) {
		bool o;
		TRY(writable(l->it[i], &bufs[i].data, &bufs[i].len, &o));
		if (o != own)
			return raise_("TypeError", false, 0, "recvmsg_into() "
				      "argument 1 must be an iterable of buffers");
	}
	if (sr_recvmsg_into(s, bufs, l->n, anc, flags, &m, &e) < 0)
		return from_sr(&e);
	V v = msg_tuple(&m, INT((long long)m.nbytes));
	if (own)
		return v;
	V out = seq_of(K_LIST, l->n);
	for (size_t i = 0; i < l->n; i++)
		out->it[i] = BYTES(bufs[i].data, bufs[i].len);
	return TUP(2, v, out);
}
/*@ m_sendmsg */
static V m_sendmsg(V self, A *a)
{
	sr_sock *s;
	int flags;
	sr_addr ad;
	const sr_addr *pa = NULL;
	sr_err e;
	TRY(self_sock(self, "sendmsg", &s));
	TRY(want(a, "sendmsg", 1, 4, NOKW));
	V bv = arg(a, 0, NULL), av = arg(a, 1, NULL), dv = arg(a, 3, NULL);
	if (bv->k != K_LIST && bv->k != K_TUPLE)
		return raise_("TypeError", false, 0,
			      "sendmsg() argument 1 must be an iterable");
	sr_buf *bufs = calloc(bv->n + 1, sizeof *bufs);
	for (size_t i = 0; i < bv->n; i++) {
		const char *p;
		TRY(to_data(bv->it[i], &p, &bufs[i].len));
		bufs[i].data = (void *)p;
	}
	if (av && av->k != K_LIST && av->k != K_TUPLE)
		return raise_("TypeError", false, 0,
			      "sendmsg() argument 2 must be an iterable");
	size_t na = av ? av->n : 0;
	sr_cmsg *anc = calloc(na + 1, sizeof *anc);
	for (size_t i = 0; i < na; i++) {
		V t = av->it[i];
		const char *p;
		if (t->k != K_TUPLE || t->n != 3)
			return raise_("TypeError", false, 0, "[sendmsg() "
				      "ancillary data items]() argument must "
				      "be sequence of length 3");
		TRY(to_int(t->it[0], &anc[i].level));
		TRY(to_int(t->it[1], &anc[i].type));
		TRY(to_data(t->it[2], &p, &anc[i].len));
		anc[i].data = (unsigned char *)p;
	}
	TRY(opt_int(a, 2, NULL, 0, &flags));
	if (dv && dv->k != K_NONE) {
		TRY(to_addr(dv, sr_family(s), &ad));
		pa = &ad;
	}
	ssize_t r = sr_sendmsg(s, bufs, bv->n, anc, na, flags, pa, &e);
	return r < 0 ? from_sr(&e) : INT(r);
}
/*@ m_close */
static V m_close(V self, A *a)
{
	sr_sock *s;
	sr_err e;
	TRY(want(a, "close", 0, 0, NOKW));
	if (self->k == K_FILE) {
		/* a makefile() stream */
		if (self->fp && fclose(self->fp) == EOF) {
			self->fp = NULL;
			return from_errno();
		}
		self->fp = NULL;
		return NONE();
	}
	TRY(self_sock(self, "close", &s));
	return sr_close(s, &e) < 0 ? from_sr(&e) : NONE();
}
/*@ m___enter__ */
static V m___enter__(V self, A *a)
{
	sr_sock *s;
	TRY(self_sock(self, "__enter__", &s));
	TRY(want(a, "__enter__", 0, 0, NOKW));
	return self;
}
/*@ m___exit__ */
static V m___exit__(V self, A *a)
{
	sr_sock *s;
	sr_err e;
	(void)a;
	TRY(self_sock(self, "__exit__", &s));
	return sr_close(s, &e) < 0 ? from_sr(&e) : NONE();
}
/*@ m_fileno */
static V m_fileno(V self, A *a)
{
	sr_sock *s;
	TRY(self_sock(self, "fileno", &s));
	TRY(want(a, "fileno", 0, 0, NOKW));
	return INT(sr_fileno(s));
}
/*@ m_detach */
static V m_detach(V self, A *a)
{
	sr_sock *s;
	sr_err e;
	TRY(self_sock(self, "detach", &s));
	TRY(want(a, "detach", 0, 0, NOKW));
	int fd = sr_detach(s, &e);
	return fd < 0 && sr_fileno(s) >= 0 ? from_sr(&e) : INT(fd);
}
/*@ m_dup */
static V m_dup(V self, A *a)
{
	sr_sock *s, *n;
	sr_err e;
	double d;
	TRY(self_sock(self, "dup", &s));
	TRY(want(a, "dup", 0, 0, NOKW));
	n = sr_fromfd(sr_fileno(s), sr_family(s), sr_type(s), sr_proto(s), &e);
	if (!n)
		return from_sr(&e);
	sr_settimeout(n, sr_gettimeout(s, &d) ? &d : NULL, &e);
	return SOCK(n);
}
/*@ m_getsockopt */
static V m_getsockopt(V self, A *a)
{
	sr_sock *s;
	int level, opt, out;
	long long len;
	sr_bytes b;
	sr_err e;
	TRY(self_sock(self, "getsockopt", &s));
	TRY(want(a, "getsockopt", 2, 3, NOKW));
	TRY(to_int(arg(a, 0, NULL), &level));
	TRY(to_int(arg(a, 1, NULL), &opt));
	if (!arg(a, 2, NULL))
		return sr_getsockopt_int(s, level, opt, &out, &e) < 0
			       ? from_sr(&e) : INT(out);
	TRY(to_ll(arg(a, 2, NULL), &len));
	if (sr_getsockopt_bytes(s, level, opt, len, &b, &e) < 0)
		return from_sr(&e);
	V v = BYTES(b.data, b.len);
	sr_bytes_free(&b);
	return v;
}
/*@ m_setsockopt */
static V m_setsockopt(V self, A *a)
{
	sr_sock *s;
	int level, opt, rc;
	long long x;
	sr_err e;
	TRY(self_sock(self, "setsockopt", &s));
	TRY(want(a, "setsockopt", 3, 3, NOKW));
	TRY(to_int(arg(a, 0, NULL), &level));
	TRY(to_int(arg(a, 1, NULL), &opt));
	V v = arg(a, 2, NULL);
	if (v->k == K_BYTES) {
		rc = sr_setsockopt_bytes(s, level, opt, v->s, v->n, &e);
	} else {
		TRY(to_ll(v, &x));
		rc = sr_setsockopt_int(s, level, opt, x, &e);
	}
	return rc < 0 ? from_sr(&e) : NONE();
}
/*@ m_gettimeout */
static V m_gettimeout(V self, A *a)
{
	sr_sock *s;
	double d;
	TRY(self_sock(self, "gettimeout", &s));
	TRY(want(a, "gettimeout", 0, 0, NOKW));
	return sr_gettimeout(s, &d) ? FLOAT(d) : NONE();
}
/*@ m_settimeout */
static V m_settimeout(V self, A *a)
{
	sr_sock *s;
	double tb;
	const double *to;
	sr_err e;
	TRY(self_sock(self, "settimeout", &s));
	TRY(want(a, "settimeout", 1, 1, NOKW));
	TRY(to_timeout(arg(a, 0, NULL), &tb, &to));
	return sr_settimeout(s, to, &e) < 0 ? from_sr(&e) : NONE();
}
/*@ m_setblocking */
static V m_setblocking(V self, A *a)
{
	sr_sock *s;
	long long x;
	sr_err e;
	TRY(self_sock(self, "setblocking", &s));
	TRY(want(a, "setblocking", 1, 1, NOKW));
	TRY(to_ll(arg(a, 0, NULL), &x));
	return sr_setblocking(s, x != 0, &e) < 0 ? from_sr(&e) : NONE();
}
/*@ m_shutdown */
static V m_shutdown(V self, A *a)
{
	sr_sock *s;
	int how;
	sr_err e;
	TRY(self_sock(self, "shutdown", &s));
	TRY(want(a, "shutdown", 1, 1, NOKW));
	TRY(to_int(arg(a, 0, NULL), &how));
	return sr_shutdown(s, how, &e) < 0 ? from_sr(&e) : NONE();
}
/*@ attr */
/* s.family, s.type, s.proto, s.timeout */
static V attr(V obj, const char *name)
{
	sr_sock *s;
	double d;
	TRY(self_sock(obj, name, &s));
	if (!strcmp(name, "family"))
		return INT(sr_family(s));
	if (!strcmp(name, "type"))
		return INT(sr_type(s));
	if (!strcmp(name, "proto"))
		return INT(sr_proto(s));
	if (!strcmp(name, "timeout"))
		return sr_gettimeout(s, &d) ? FLOAT(d) : NONE();
	return raise_("AttributeError", false, 0, "'socket' object has no "
		      "attribute '%s'", name);
}
