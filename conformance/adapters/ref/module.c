/*
 * module.c — module-level calls: the socket module's functions through
 * libsockref, and the adapter's operating-system helpers.
 */
#include "adapter.h"
#include "registry.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const NOKW[] = {NULL};

static value *oserr(acall *c)
{
	sr_err se = {SR_ERR_OSERROR, errno, ""};
	snprintf(se.msg, sizeof se.msg, "%s", strerror(errno));
	return fail_sr(c->e, &se);
}

/* an optional int argument with a default */
static int opt_int(acall *c, size_t i, const char *kw, int dflt, int *out)
{
	const value *v = arg(c, i, kw);
	*out = dflt;
	return v ? to_int(c, v, out) : 0;
}

/* The descriptor fcntl.fcntl and fcntl.ioctl take (socket.rst:813-814):
 * an int, or an object with a fileno(), here a socket, whose descriptor
 * is what the C calls get; a closed socket's -1 is refused as Python's
 * fcntl module refuses it. */
static int fd_of(acall *c, const value *v, int *fd)
{
	long long n;

	if (v && v->kind == V_HANDLE && strcmp(v->s, "socket") == 0) {
		sr_sock *s = get_socket(v->i);
		if (!s) {
			set_err(c->e, "ProtocolError", false, 0, "no such socket");
			return -1;
		}
		*fd = sr_fileno(s);
	} else {
		if (to_ll(c, v, &n) < 0)
			return -1;
		*fd = n < INT_MIN || n > INT_MAX ? -1 : (int)n;
	}
	if (*fd < 0) {
		set_err(c->e, "ValueError", false, 0,
			"file descriptor cannot be a negative integer (%d)", *fd);
		return -1;
	}
	return 0;
}

/* os_fcntl(fd_or_socket, cmd[, int arg]) -> int, and
 * os_ioctl(fd_or_socket, request, bytes arg) -> the buffer after the
 * call: fcntl.fcntl and fcntl.ioctl with an int and a bytes argument. */
static value *fcntl_ioctl(acall *c)
{
	int fd, r;
	long long cmd, a = 0;
	bool is_ioctl = strcmp(c->name, "os_ioctl") == 0;

	if (check_args(c, is_ioctl ? 3 : 2, 3, NOKW) < 0 ||
	    fd_of(c, arg(c, 0, 0), &fd) < 0 || to_ll(c, arg(c, 1, 0), &cmd) < 0)
		return NULL;
	if (is_ioctl) {
		const value *v = arg(c, 2, 0);
		unsigned char buf[1024];
		if (v->kind != V_BYTES || v->len > sizeof buf) {
			set_err(c->e, "TypeError", false, 0,
				"ioctl argument must be bytes of at most 1024");
			return NULL;
		}
		memcpy(buf, v->s, v->len);
		if (ioctl(fd, (unsigned long)cmd, buf) < 0)
			return oserr(c);
		return v_bytes(buf, v->len);
	}
	if (arg(c, 2, 0) && to_ll(c, arg(c, 2, 0), &a) < 0)
		return NULL;
	r = fcntl(fd, (int)cmd, (long)a);
	return r < 0 ? oserr(c) : v_int(r);
}

static value *helper(acall *c, bool *found)
{
	long long fd, n;
	const char *p;
	size_t len;

	*found = true;
	if (strcmp(c->name, "os_read") == 0) {
		char *buf;
		ssize_t r;
		if (check_args(c, 2, 2, NOKW) < 0 || to_ll(c, arg(c, 0, 0), &fd) < 0 ||
		    to_ll(c, arg(c, 1, 0), &n) < 0)
			return NULL;
		if (n < 0) {
			set_err(c->e, "ValueError", false, 0, "negative count");
			return NULL;
		}
		buf = malloc(n ? (size_t)n : 1);
		if (!buf)
			abort();
		r = read((int)fd, buf, (size_t)n);
		if (r < 0) {
			free(buf);
			return oserr(c);
		}
		value *v = v_bytes(buf, (size_t)r);
		free(buf);
		return v;
	}
	if (strcmp(c->name, "os_write") == 0) {
		ssize_t r;
		if (check_args(c, 2, 2, NOKW) < 0 || to_ll(c, arg(c, 0, 0), &fd) < 0 ||
		    data_arg(c, arg(c, 1, 0), &p, &len) < 0)
			return NULL;
		r = write((int)fd, p, len);
		return r < 0 ? oserr(c) : v_int(r);
	}
	if (strcmp(c->name, "os_pipe") == 0) {
		/* os.pipe(): non-inheritable, as Python's (PEP 446) */
		int fds[2];
		if (check_args(c, 0, 0, NOKW) < 0)
			return NULL;
		if (pipe2(fds, O_CLOEXEC) < 0)
			return oserr(c);
		return pair(v_int(fds[0]), v_int(fds[1]));
	}
	if (strcmp(c->name, "os_close") == 0) {
		if (check_args(c, 1, 1, NOKW) < 0 || to_ll(c, arg(c, 0, 0), &fd) < 0)
			return NULL;
		return close((int)fd) < 0 ? oserr(c) : v_none();
	}
	if (strcmp(c->name, "os_get_blocking") == 0) {
		int fl;
		if (check_args(c, 1, 1, NOKW) < 0 || to_ll(c, arg(c, 0, 0), &fd) < 0)
			return NULL;
		fl = fcntl((int)fd, F_GETFL);
		return fl < 0 ? oserr(c) : v_bool(!(fl & O_NONBLOCK));
	}
	if (strcmp(c->name, "os_fcntl") == 0 || strcmp(c->name, "os_ioctl") == 0)
		return fcntl_ioctl(c);
	if (strcmp(c->name, "os_get_inheritable") == 0) {
		int fl;
		if (check_args(c, 1, 1, NOKW) < 0 || to_ll(c, arg(c, 0, 0), &fd) < 0)
			return NULL;
		fl = fcntl((int)fd, F_GETFD);
		return fl < 0 ? oserr(c) : v_bool(!(fl & FD_CLOEXEC));
	}
	if (strcmp(c->name, "os_setrlimit_nofile") == 0) {
		/* the soft limit only; returns the previous soft limit */
		struct rlimit rl;
		if (check_args(c, 1, 1, NOKW) < 0 || to_ll(c, arg(c, 0, 0), &n) < 0)
			return NULL;
		if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
			return oserr(c);
		long long old = (long long)rl.rlim_cur;
		rl.rlim_cur = (rlim_t)n;
		if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
			return oserr(c);
		return v_int(old);
	}
	if (strcmp(c->name, "os_fstat_ino") == 0) {
		struct stat st;
		if (check_args(c, 1, 1, NOKW) < 0 || to_ll(c, arg(c, 0, 0), &fd) < 0)
			return NULL;
		if (fstat((int)fd, &st) < 0)
			return oserr(c);
		return pair(v_int((long long)st.st_dev),
			    v_int((long long)st.st_ino));
	}
	if (strcmp(c->name, "os_open_devnull") == 0) {
		int r;
		if (check_args(c, 0, 0, NOKW) < 0)
			return NULL;
		r = open("/dev/null", O_RDWR | O_CLOEXEC);
		return r < 0 ? oserr(c) : v_int(r);
	}
	if (strcmp(c->name, "fd_count") == 0) {
		DIR *d;
		struct dirent *de;
		long long k = 0;
		if (check_args(c, 0, 0, NOKW) < 0)
			return NULL;
		if (!(d = opendir("/proc/self/fd")))
			return oserr(c);
		while ((de = readdir(d)))
			if (de->d_name[0] != '.')
				k++;
		closedir(d);
		return v_int(k - 1); /* the directory's own descriptor */
	}
	if (strcmp(c->name, "drop") == 0) {
		if (check_args(c, 1, 1, NOKW) < 0 ||
		    drop_handle(arg(c, 0, 0), c->e) < 0)
			return NULL;
		return v_none();
	}
	*found = false;
	return NULL;
}

static value *sock_fn(acall *c)
{
	static const char *const kw[] = {"family", "type", "proto", "fileno",
					 NULL};
	sr_err se;
	int fam, type, proto;
	const value *fn = arg(c, 3, "fileno");
	sr_sock *s;

	if (check_args(c, 0, 4, kw) < 0 || opt_int(c, 0, "family", -1, &fam) < 0 ||
	    opt_int(c, 1, "type", -1, &type) < 0 ||
	    opt_int(c, 2, "proto", -1, &proto) < 0)
		return NULL;
	if (fn && fn->kind != V_NONE) {
		set_err(c->e, "TypeError", false, 0,
			"socket(fileno=...) is not offered by the ref adapter");
		return NULL;
	}
	if (!(s = sr_socket(fam, type, proto, &se)))
		return fail_sr(c->e, &se);
	return reg_socket(s);
}

static value *addrinfo(acall *c)
{
	static const char *const kw[] = {"host", "port", "family", "type",
					 "proto", "flags", NULL};
	const value *h = arg(c, 0, "host"), *p = arg(c, 1, "port");
	const char *host = NULL, *port = NULL;
	char pbuf[32];
	int fam, type, proto, flags;
	sr_addrinfo *ai;
	size_t n;
	sr_err se;
	value *list;

	if (check_args(c, 2, 6, kw) < 0 || opt_int(c, 2, "family", 0, &fam) < 0 ||
	    opt_int(c, 3, "type", 0, &type) < 0 ||
	    opt_int(c, 4, "proto", 0, &proto) < 0 ||
	    opt_int(c, 5, "flags", 0, &flags) < 0)
		return NULL;
	if (h->kind == V_STR || h->kind == V_BYTES)
		host = h->s;
	else if (h->kind != V_NONE) {
		set_err(c->e, "TypeError", false, 0,
			"getaddrinfo() argument 1 must be string or None");
		return NULL;
	}
	if (p->kind == V_INT) {
		snprintf(pbuf, sizeof pbuf, "%lld", p->i);
		port = pbuf;
	} else if (p->kind == V_STR || p->kind == V_BYTES) {
		port = p->s;
	} else if (p->kind != V_NONE) {
		set_err(c->e, "OSError", false, 0, "Int or String expected");
		return NULL;
	}
	if (sr_getaddrinfo(host, port, fam, type, proto, flags, &ai, &n, &se) < 0)
		return fail_sr(c->e, &se);
	list = v_seq(V_LIST, n);
	for (size_t i = 0; i < n; i++) {
		value *t = v_seq(V_TUPLE, 5);
		t->items[0] = v_int(ai[i].family);
		t->items[1] = v_int(ai[i].type);
		t->items[2] = v_int(ai[i].proto);
		t->items[3] = v_cstr(ai[i].canonname ? ai[i].canonname : "");
		t->items[4] = from_addr(&ai[i].sockaddr);
		list->items[i] = t;
	}
	sr_addrinfo_free(ai, n);
	return list;
}

static int hostport(acall *c, const value *v, sr_hostport *hp)
{
	if (!v || v->kind != V_TUPLE || v->len != 2) {
		set_err(c->e, "TypeError", false, 0,
			"address must be a pair (host, port)");
		return -1;
	}
	if (v->items[0]->kind == V_NONE)
		hp->host = NULL;
	else if (to_cstr(c, v->items[0], &hp->host) < 0)
		return -1;
	if (v->items[1]->kind == V_STR) {
		set_err(c->e, "TypeError", false, 0,
			"service names are not offered by the ref adapter");
		return -1;
	}
	return to_ll(c, v->items[1], &hp->port);
}

static value *create_conn(acall *c)
{
	static const char *const kw[] = {"address", "timeout",
					 "source_address", NULL};
	const value *t = arg(c, 1, "timeout"), *src = arg(c, 2, "source_address");
	sr_hostport hp, sp;
	double tb;
	const double *to = SR_DEFAULT_TIMEOUT;
	sr_sock *s;
	sr_err se;

	if (check_args(c, 1, 3, kw) < 0 || hostport(c, arg(c, 0, "address"), &hp) < 0)
		return NULL;
	if (t && to_timeout(c, t, &tb, &to) < 0)
		return NULL;
	if (src && src->kind != V_NONE && hostport(c, src, &sp) < 0)
		return NULL;
	s = sr_create_connection(hp, to, src && src->kind != V_NONE ? &sp : NULL,
				 &se);
	return s ? reg_socket(s) : fail_sr(c->e, &se);
}

static value *hostent(sr_hostent *h)
{
	value *t = v_seq(V_TUPLE, 3), *al = v_seq(V_LIST, h->naliases),
	      *ad = v_seq(V_LIST, h->naddrs);
	for (size_t i = 0; i < h->naliases; i++)
		al->items[i] = v_cstr(h->aliases[i]);
	for (size_t i = 0; i < h->naddrs; i++)
		ad->items[i] = v_cstr(h->addrs[i]);
	t->items[0] = v_cstr(h->name);
	t->items[1] = al;
	t->items[2] = ad;
	sr_hostent_free(h);
	return t;
}

static value *owned_str(char *s)
{
	value *v = v_cstr(s);
	sr_free(s);
	return v;
}

/* functions of one int-ish argument returning an unsigned */
static value *conv(acall *c, int (*f32)(long long, uint32_t *, sr_err *),
		   int (*f16)(long long, uint16_t *, sr_err *))
{
	long long x;
	uint32_t o32;
	uint16_t o16;
	sr_err se;

	if (check_args(c, 1, 1, NOKW) < 0 || to_ll(c, arg(c, 0, 0), &x) < 0)
		return NULL;
	if (f32)
		return f32(x, &o32, &se) < 0 ? fail_sr(c->e, &se) : v_int(o32);
	return f16(x, &o16, &se) < 0 ? fail_sr(c->e, &se) : v_int(o16);
}

#define IS(n) (strcmp(c->name, n) == 0)

value *module_call(acall *c)
{
	sr_err se;
	const char *s, *s2;
	size_t len;
	long long x;
	int i1;
	bool found;
	value *v = helper(c, &found);

	if (found)
		return v;
	v = buffer_call(c, &found);
	if (found)
		return v;
	v = stdio_call(c, &found);
	if (found)
		return v;
	/* SocketType names the socket object type (socket.rst:695) */
	if (IS("socket") || IS("SocketType"))
		return sock_fn(c);
	if (IS("socketpair")) {
		static const char *const kw[] = {"family", "type", "proto", NULL};
		int fam, type, proto;
		sr_sock *p[2];
		if (check_args(c, 0, 3, kw) < 0 ||
		    opt_int(c, 0, "family", -1, &fam) < 0 ||
		    opt_int(c, 1, "type", -1, &type) < 0 ||
		    opt_int(c, 2, "proto", -1, &proto) < 0)
			return NULL;
		if (sr_socketpair(fam, type, proto, p, &se) < 0)
			return fail_sr(c->e, &se);
		v = reg_socket(p[0]);
		return pair(v, reg_socket(p[1]));
	}
	if (IS("fromfd")) {
		int fd, fam, type, proto;
		sr_sock *so;
		if (check_args(c, 3, 4, NOKW) < 0 || to_int(c, arg(c, 0, 0), &fd) < 0 ||
		    to_int(c, arg(c, 1, 0), &fam) < 0 ||
		    to_int(c, arg(c, 2, 0), &type) < 0 ||
		    opt_int(c, 3, NULL, 0, &proto) < 0)
			return NULL;
		so = sr_fromfd(fd, fam, type, proto, &se);
		return so ? reg_socket(so) : fail_sr(c->e, &se);
	}
	if (IS("create_connection"))
		return create_conn(c);
	if (IS("getaddrinfo"))
		return addrinfo(c);
	if (IS("getfqdn")) {
		static const char *const kw[] = {"name", NULL};
		const value *n = arg(c, 0, "name");
		char *out;
		s = "";
		if (check_args(c, 0, 1, kw) < 0 || (n && to_cstr(c, n, &s) < 0))
			return NULL;
		return sr_getfqdn(s, &out, &se) < 0 ? fail_sr(c->e, &se)
						    : owned_str(out);
	}
	if (IS("gethostbyname") || IS("gethostbyname_ex") ||
	    IS("gethostbyaddr")) {
		char out[16];
		sr_hostent h;
		if (check_args(c, 1, 1, NOKW) < 0 ||
		    to_cstr_none(c, arg(c, 0, 0), &s) < 0)
			return NULL;
		if (IS("gethostbyname"))
			return sr_gethostbyname(s, out, &se) < 0
				       ? fail_sr(c->e, &se) : v_cstr(out);
		if ((IS("gethostbyname_ex") ? sr_gethostbyname_ex(s, &h, &se)
					    : sr_gethostbyaddr(s, &h, &se)) < 0)
			return fail_sr(c->e, &se);
		return hostent(&h);
	}
	if (IS("gethostname")) {
		char *out;
		if (check_args(c, 0, 0, NOKW) < 0)
			return NULL;
		return sr_gethostname(&out, &se) < 0 ? fail_sr(c->e, &se)
						     : owned_str(out);
	}
	if (IS("getnameinfo")) {
		const value *a = arg(c, 0, 0);
		sr_addr ad;
		char *host, *port;
		int fam = AF_INET6;
		if (check_args(c, 2, 2, NOKW) < 0 || to_int(c, arg(c, 1, 0), &i1) < 0)
			return NULL;
		/* The shape is libsockref's to judge, as it is CPython's:
		 * no tuple is no address (NULL), a tuple that does not start
		 * (str, int, ...) is an address of no family, and the count
		 * of a (str[, int, ...]) tuple goes in n (AF_INET6). */
		memset(&ad, 0, sizeof ad);
		if (a && a->kind == V_TUPLE && a->len >= 1 &&
		    a->items[0]->kind == V_STR &&
		    (a->len < 2 || a->items[1]->kind == V_INT)) {
			if (a->len == 2 && !strchr(a->items[0]->s, ':'))
				fam = AF_INET;
			if (to_addr(c, a, fam, &ad) < 0)
				return NULL;
		}
		if (sr_getnameinfo(a && a->kind == V_TUPLE ? &ad : NULL, i1,
				   &host, &port, &se) < 0)
			return fail_sr(c->e, &se);
		return pair(owned_str(host), owned_str(port));
	}
	if (IS("getprotobyname")) {
		if (check_args(c, 1, 1, NOKW) < 0 ||
		    to_cstr_none(c, arg(c, 0, 0), &s) < 0)
			return NULL;
		return sr_getprotobyname(s, &i1, &se) < 0 ? fail_sr(c->e, &se)
							  : v_int(i1);
	}
	if (IS("getservbyname") || IS("getservbyport")) {
		const value *p = arg(c, 1, 0);
		char *out;
		s2 = NULL;
		if (check_args(c, 1, 2, NOKW) < 0 || (p && to_cstr(c, p, &s2) < 0))
			return NULL;
		if (IS("getservbyname")) {
			if (to_cstr_none(c, arg(c, 0, 0), &s) < 0)
				return NULL;
			return sr_getservbyname(s, s2, &i1, &se) < 0
				       ? fail_sr(c->e, &se) : v_int(i1);
		}
		if (to_ll(c, arg(c, 0, 0), &x) < 0)
			return NULL;
		return sr_getservbyport(x, s2, &out, &se) < 0
			       ? fail_sr(c->e, &se) : owned_str(out);
	}
	if (IS("sethostname")) {
		const value *nm = arg(c, 0, 0);
		s = NULL; /* None: libsockref's TypeError */
		len = 0;
		if (check_args(c, 1, 1, NOKW) < 0 ||
		    (nm->kind != V_NONE && to_strbytes(c, nm, &s, &len) < 0))
			return NULL;
		return sr_sethostname(s, len, &se) < 0 ? fail_sr(c->e, &se)
						       : v_none();
	}
	if (IS("ntohl"))
		return conv(c, sr_ntohl, NULL);
	if (IS("htonl"))
		return conv(c, sr_htonl, NULL);
	if (IS("ntohs"))
		return conv(c, NULL, sr_ntohs);
	if (IS("htons"))
		return conv(c, NULL, sr_htons);
	if (IS("inet_aton")) {
		unsigned char out[4];
		if (check_args(c, 1, 1, NOKW) < 0 ||
		    to_cstr_none(c, arg(c, 0, 0), &s) < 0)
			return NULL;
		return sr_inet_aton(s, out, &se) < 0 ? fail_sr(c->e, &se)
						     : v_bytes(out, 4);
	}
	if (IS("inet_ntoa")) {
		char out[64];
		if (check_args(c, 1, 1, NOKW) < 0 ||
		    to_bytes(c, arg(c, 0, 0), &s, &len) < 0)
			return NULL;
		return sr_inet_ntoa(s, len, out, &se) < 0 ? fail_sr(c->e, &se)
							  : v_cstr(out);
	}
	if (IS("inet_pton")) {
		unsigned char out[16];
		if (check_args(c, 2, 2, NOKW) < 0 || to_int(c, arg(c, 0, 0), &i1) < 0 ||
		    to_cstr_none(c, arg(c, 1, 0), &s) < 0)
			return NULL;
		return sr_inet_pton(i1, s, out, &len, &se) < 0
			       ? fail_sr(c->e, &se) : v_bytes(out, len);
	}
	if (IS("inet_ntop")) {
		char out[64];
		if (check_args(c, 2, 2, NOKW) < 0 || to_int(c, arg(c, 0, 0), &i1) < 0 ||
		    to_bytes(c, arg(c, 1, 0), &s, &len) < 0)
			return NULL;
		return sr_inet_ntop(i1, s, len, out, &se) < 0
			       ? fail_sr(c->e, &se) : v_cstr(out);
	}
	if (IS("CMSG_LEN") || IS("CMSG_SPACE")) {
		if (check_args(c, 1, 1, NOKW) < 0 || to_ll(c, arg(c, 0, 0), &x) < 0)
			return NULL;
		if ((IS("CMSG_LEN") ? sr_CMSG_LEN(x, &len, &se)
				    : sr_CMSG_SPACE(x, &len, &se)) < 0)
			return fail_sr(c->e, &se);
		return v_int((long long)len);
	}
	if (IS("getdefaulttimeout")) {
		double d;
		if (check_args(c, 0, 0, NOKW) < 0)
			return NULL;
		return sr_getdefaulttimeout(&d) ? v_float(d) : v_none();
	}
	if (IS("setdefaulttimeout")) {
		double tb;
		const double *to;
		if (check_args(c, 1, 1, NOKW) < 0 ||
		    to_timeout(c, arg(c, 0, 0), &tb, &to) < 0)
			return NULL;
		return sr_setdefaulttimeout(to, &se) < 0 ? fail_sr(c->e, &se)
							 : v_none();
	}
	if (IS("if_nameindex")) {
		sr_ifname *l;
		size_t n;
		if (check_args(c, 0, 0, NOKW) < 0)
			return NULL;
		if (sr_if_nameindex(&l, &n, &se) < 0)
			return fail_sr(c->e, &se);
		v = v_seq(V_LIST, n);
		for (size_t i = 0; i < n; i++)
			v->items[i] = pair(v_int(l[i].index), v_cstr(l[i].name));
		sr_if_nameindex_free(l, n);
		return v;
	}
	if (IS("if_nametoindex")) {
		unsigned int idx;
		const value *nm = arg(c, 0, 0);
		s = NULL; /* None: libsockref's TypeError */
		if (check_args(c, 1, 1, NOKW) < 0 ||
		    (nm && nm->kind != V_NONE && to_cstr(c, nm, &s) < 0))
			return NULL;
		return sr_if_nametoindex(s, &idx, &se) < 0 ? fail_sr(c->e, &se)
							   : v_int(idx);
	}
	if (IS("if_indextoname")) {
		char out[SR_IFNAME_CAP];
		if (check_args(c, 1, 1, NOKW) < 0 || to_ll(c, arg(c, 0, 0), &x) < 0)
			return NULL;
		return sr_if_indextoname(x, out, &se) < 0 ? fail_sr(c->e, &se)
							  : v_cstr(out);
	}
	set_err(c->e, "unsupported", false, 0,
		"module 'socket' has no attribute '%s'", c->name);
	return NULL;
}

value *module_getattr(const char *name, aerr *e)
{
	long long v;
	/* has_ipv6 is a bool in the document (socket.rst:287) */
	if (strcmp(name, "has_ipv6") == 0 && sr_constant_value(name, &v) == 0)
		return v_bool(v != 0);
	if (sr_constant_value(name, &v) == 0)
		return v_int(v);
	value *cls = class_value(name);
	if (cls)
		return cls;
	/* socket.socket and SocketType read as a value: the socket object
	 * type, the class type(socket(...)) answers (socket.rst:693-696) */
	if (strcmp(name, "socket") == 0 || strcmp(name, "SocketType") == 0) {
		const char *mro[] = {"socket"};
		return v_class("socket.socket", mro, 1);
	}
	set_err(e, "unsupported", false, 0,
		"module 'socket' has no attribute '%s'", name);
	return NULL;
}
