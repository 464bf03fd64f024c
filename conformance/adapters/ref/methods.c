/*
 * methods.c — socket-object methods and attributes, and the methods of
 * makefile() streams. Methods that fill writable buffers take buffer sizes
 * on the wire and return (result, contents) (conformance/README.md).
 */
#include "adapter.h"
#include "registry.h"
#include "textio.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char *const NOKW[] = {NULL};

#define IS(n) (strcmp(c->name, n) == 0)

static int opt_ll(acall *c, size_t i, const char *kw, long long dflt,
		  long long *out)
{
	const value *v = arg(c, i, kw);
	*out = dflt;
	return v ? to_ll(c, v, out) : 0;
}

static int opt_flags(acall *c, size_t i, int *out)
{
	const value *v = arg(c, i, "flags");
	*out = 0;
	return v ? to_int(c, v, out) : 0;
}

static value *ancdata(const sr_cmsg *a, size_t n)
{
	value *l = v_seq(V_LIST, n);
	for (size_t i = 0; i < n; i++) {
		value *t = v_seq(V_TUPLE, 3);
		t->items[0] = v_int(a[i].level);
		t->items[1] = v_int(a[i].type);
		t->items[2] = v_bytes(a[i].data, a[i].len);
		l->items[i] = t;
	}
	return l;
}

static value *msg_tuple(sr_msg *m, value *first)
{
	value *t = v_seq(V_TUPLE, 4);
	t->items[0] = first;
	t->items[1] = ancdata(m->ancdata, m->nanc);
	t->items[2] = v_int(m->msg_flags);
	t->items[3] = from_addr(&m->address);
	sr_msg_free(m);
	return t;
}

/* a buffer size on the wire */
static int bufsize(acall *c, const value *v, void **buf, size_t *len)
{
	long long n;

	if (to_ll(c, v, &n) < 0)
		return -1;
	if (n < 0) {
		set_err(c->e, "ValueError", false, 0, "negative count");
		return -1;
	}
	*len = (size_t)n;
	*buf = calloc(1, *len ? *len : 1);
	if (!*buf)
		abort();
	return 0;
}

static value *sendmsg(sr_sock *s, acall *c)
{
	const value *bv = arg(c, 0, 0), *av = arg(c, 1, 0), *dv = arg(c, 3, 0);
	sr_buf *bufs = NULL;
	sr_cmsg *anc = NULL;
	size_t nb = 0, na = 0;
	int flags = 0;
	sr_addr ad;
	sr_err se;
	ssize_t r;
	value *res = NULL;

	if (check_args(c, 1, 4, NOKW) < 0)
		return NULL;
	if (bv->kind != V_LIST && bv->kind != V_TUPLE) {
		set_err(c->e, "TypeError", false, 0,
			"sendmsg() argument 1 must be an iterable");
		return NULL;
	}
	nb = bv->len;
	bufs = calloc(nb + 1, sizeof *bufs);
	for (size_t i = 0; i < nb; i++) {
		const char *p;
		if (data_arg(c, bv->items[i], &p, &bufs[i].len) < 0)
			goto out;
		bufs[i].data = (void *)p;
	}
	if (av && av->kind != V_LIST && av->kind != V_TUPLE) {
		set_err(c->e, "TypeError", false, 0,
			"sendmsg() argument 2 must be an iterable");
		goto out;
	}
	na = av ? av->len : 0;
	anc = calloc(na + 1, sizeof *anc);
	for (size_t i = 0; i < na; i++) {
		const value *t = av->items[i];
		const char *p;
		if (t->kind != V_TUPLE || t->len != 3) {
			set_err(c->e, "TypeError", false, 0,
				"[sendmsg() ancillary data items]() argument "
				"must be sequence of length 3");
			goto out;
		}
		if (to_int(c, t->items[0], &anc[i].level) < 0 ||
		    to_int(c, t->items[1], &anc[i].type) < 0 ||
		    /* any buffer-compatible object (socket.rst:1028-1029) */
		    data_arg(c, t->items[2], &p, &anc[i].len) < 0)
			goto out;
		anc[i].data = (unsigned char *)p;
	}
	if (opt_flags(c, 2, &flags) < 0)
		goto out;
	if (dv && dv->kind != V_NONE && to_addr(c, dv, sr_family(s), &ad) < 0)
		goto out;
	r = sr_sendmsg(s, bufs, nb, anc, na, flags,
		       dv && dv->kind != V_NONE ? &ad : NULL, &se);
	res = r < 0 ? fail_sr(c->e, &se) : v_int(r);
out:
	free(bufs);
	free(anc);
	return res;
}

static value *recv_family(sr_sock *s, acall *c)
{
	long long n, anc;
	int flags;
	sr_bytes b;
	sr_addr ad;
	sr_msg m;
	sr_err se;
	void *buf;
	size_t len;
	ssize_t r;
	value *v;

	if (IS("recv") || IS("recvfrom")) {
		if (check_args(c, 1, 2, NOKW) < 0 || to_ll(c, arg(c, 0, 0), &n) < 0 ||
		    opt_flags(c, 1, &flags) < 0)
			return NULL;
		if (IS("recv") ? sr_recv(s, n, flags, &b, &se)
			       : sr_recvfrom(s, n, flags, &b, &ad, &se))
			return fail_sr(c->e, &se);
		v = v_bytes(b.data, b.len);
		sr_bytes_free(&b);
		return IS("recv") ? v : pair(v, from_addr(&ad));
	}
	if (IS("recvmsg")) {
		if (check_args(c, 1, 3, NOKW) < 0 || to_ll(c, arg(c, 0, 0), &n) < 0 ||
		    opt_ll(c, 1, NULL, 0, &anc) < 0 || opt_flags(c, 2, &flags) < 0)
			return NULL;
		if (sr_recvmsg(s, n, anc, flags, &m, &se) < 0)
			return fail_sr(c->e, &se);
		v = v_bytes(m.data.data, m.data.len);
		return msg_tuple(&m, v);
	}
	if (IS("recv_into") || IS("recvfrom_into")) {
		static const char *const kw[] = {"buffer", "nbytes", "flags", NULL};
		int own;
		if (check_args(c, 1, 3, kw) < 0 ||
		    opt_ll(c, 1, "nbytes", 0, &n) < 0 || opt_flags(c, 2, &flags) < 0)
			return NULL;
		/* the case's own buffer (a bytearray or memoryview handle),
		 * or a size on the wire: a fresh buffer whose contents go
		 * back with the result */
		own = writable_buffer(c, arg(c, 0, "buffer"), &buf, &len);
		if (own < 0 || (!own && bufsize(c, arg(c, 0, "buffer"), &buf,
						&len) < 0))
			return NULL;
		r = IS("recv_into")
			    ? sr_recv_into(s, buf, len, n, flags, &se)
			    : sr_recvfrom_into(s, buf, len, n, flags, &ad, &se);
		if (r < 0) {
			if (!own)
				free(buf);
			return fail_sr(c->e, &se);
		}
		v = v_int(r);
		if (IS("recvfrom_into"))
			v = pair(v, from_addr(&ad));
		if (own)
			return v;
		v = pair(v, v_bytes(buf, len));
		free(buf);
		return v;
	}
	if (IS("recvmsg_into")) {
		const value *l = arg(c, 0, 0);
		sr_buf *bufs;
		value *out;
		if (check_args(c, 1, 3, NOKW) < 0 || opt_ll(c, 1, NULL, 0, &anc) < 0 ||
		    opt_flags(c, 2, &flags) < 0)
			return NULL;
		if (l->kind != V_LIST && l->kind != V_TUPLE) {
			set_err(c->e, "TypeError", false, 0,
				"recvmsg_into() argument 1 must be an iterable");
			return NULL;
		}
		bufs = calloc(l->len + 1, sizeof *bufs);
		if (!bufs)
			abort();
		/* the case's own buffers (handles), written in place, or
		 * sizes: fresh buffers whose contents go back */
		bool own = l->len && is_buffer(l->items[0]);
		for (size_t i = 0; i < l->len; i++) {
			int w = writable_buffer(c, l->items[i], &bufs[i].data,
						&bufs[i].len);
			if (w < 0 || (own && !w)) {
				if (!w)
					set_err(c->e, "TypeError", false, 0,
						"recvmsg_into() argument 1 must be an "
						"iterable of buffers");
				goto fail_into;
			}
			if (!own && w) {
				bufs[i].data = NULL;
				set_err(c->e, "TypeError", false, 0,
					"recvmsg_into() argument 1 must be an "
					"iterable of buffers");
				goto fail_into;
			}
			if (!own && bufsize(c, l->items[i], &bufs[i].data,
					    &bufs[i].len) < 0)
				goto fail_into;
		}
		if (sr_recvmsg_into(s, bufs, l->len, anc, flags, &m, &se) < 0) {
			err_sr(c->e, &se);
			goto fail_into;
		}
		v = msg_tuple(&m, v_int((long long)m.nbytes));
		if (own) {
			free(bufs);
			return v;
		}
		out = v_seq(V_LIST, l->len);
		for (size_t i = 0; i < l->len; i++) {
			out->items[i] = v_bytes(bufs[i].data, bufs[i].len);
			free(bufs[i].data);
		}
		free(bufs);
		return pair(v, out);
fail_into:
		for (size_t i = 0; !own && i < l->len; i++)
			free(bufs[i].data);
		free(bufs);
		return NULL;
	}
	return sendmsg(s, c);
}

static value *addr_result(int rc, sr_addr *ad, sr_err *se, acall *c)
{
	return rc < 0 ? fail_sr(c->e, se) : from_addr(ad);
}

value *socket_call(sr_sock *s, acall *c)
{
	sr_err se;
	sr_addr ad;
	const char *p;
	size_t len;
	long long x;
	int i1, i2;
	ssize_t r;

	if (IS("recv") || IS("recvfrom") || IS("recvmsg") || IS("recv_into") ||
	    IS("recvfrom_into") || IS("recvmsg_into") || IS("sendmsg"))
		return recv_family(s, c);
	if (IS("__enter__"))
		return check_args(c, 0, 0, NOKW) < 0 ? NULL : reg_socket(s);
	if (IS("close") || IS("__exit__")) {
		if (IS("close") && check_args(c, 0, 0, NOKW) < 0)
			return NULL;
		return sr_close(s, &se) < 0 ? fail_sr(c->e, &se) : v_none();
	}
	if (IS("accept")) {
		sr_sock *n;
		if (check_args(c, 0, 0, NOKW) < 0)
			return NULL;
		if (!(n = sr_accept(s, &ad, &se)))
			return fail_sr(c->e, &se);
		return pair(reg_socket(n), from_addr(&ad));
	}
	if (IS("bind") || IS("connect") || IS("connect_ex")) {
		const sr_addr *pa;
		int rc;
		if (check_args(c, 1, 1, NOKW) < 0 ||
		    addr_or_none(c, arg(c, 0, 0), sr_family(s), &ad, &pa) < 0)
			return NULL;
		rc = IS("bind") ? sr_bind(s, pa, &se)
		     : IS("connect") ? sr_connect(s, pa, &se)
				     : sr_connect_ex(s, pa, &se);
		if (rc < 0)
			return fail_sr(c->e, &se);
		return IS("connect_ex") ? v_int(rc) : v_none();
	}
	if (IS("detach") || IS("fileno")) {
		if (check_args(c, 0, 0, NOKW) < 0)
			return NULL;
		if (IS("fileno"))
			return v_int(sr_fileno(s));
		i1 = sr_detach(s, &se);
		return i1 < 0 && sr_fileno(s) >= 0 ? fail_sr(c->e, &se) : v_int(i1);
	}
	if (IS("dup")) {
		sr_sock *n;
		double d;
		if (check_args(c, 0, 0, NOKW) < 0)
			return NULL;
		n = sr_fromfd(sr_fileno(s), sr_family(s), sr_type(s), sr_proto(s),
			      &se);
		if (!n)
			return fail_sr(c->e, &se);
		sr_settimeout(n, sr_gettimeout(s, &d) ? &d : NULL, &se);
		return reg_socket(n);
	}
	if (IS("getpeername") || IS("getsockname")) {
		if (check_args(c, 0, 0, NOKW) < 0)
			return NULL;
		return addr_result(IS("getpeername") ? sr_getpeername(s, &ad, &se)
						     : sr_getsockname(s, &ad, &se),
				   &ad, &se, c);
	}
	if (IS("getsockopt")) {
		sr_bytes b;
		value *v;
		if (check_args(c, 2, 3, NOKW) < 0 || to_int(c, arg(c, 0, 0), &i1) < 0 ||
		    to_int(c, arg(c, 1, 0), &i2) < 0)
			return NULL;
		if (!arg(c, 2, 0)) {
			int out;
			return sr_getsockopt_int(s, i1, i2, &out, &se) < 0
				       ? fail_sr(c->e, &se) : v_int(out);
		}
		if (to_ll(c, arg(c, 2, 0), &x) < 0)
			return NULL;
		if (sr_getsockopt_bytes(s, i1, i2, x, &b, &se) < 0)
			return fail_sr(c->e, &se);
		v = v_bytes(b.data, b.len);
		sr_bytes_free(&b);
		return v;
	}
	if (IS("gettimeout")) {
		double d;
		if (check_args(c, 0, 0, NOKW) < 0)
			return NULL;
		return sr_gettimeout(s, &d) ? v_float(d) : v_none();
	}
	if (IS("listen")) {
		if (check_args(c, 0, 1, NOKW) < 0 || opt_ll(c, 0, NULL, 128, &x) < 0)
			return NULL;
		return sr_listen(s, x, &se) < 0 ? fail_sr(c->e, &se) : v_none();
	}
	if (IS("makefile")) {
		static const char *const kw[] = {"mode", "buffering", "encoding",
						 "errors", "newline", NULL};
		const value *m = arg(c, 0, "mode");
		const value *buf = arg(c, 1, "buffering");
		const char *mode = "r";
		struct textopt t;
		FILE *f;
		value *h;
		if (check_args(c, 0, 2, kw) < 0 || (m && to_cstr(c, m, &mode) < 0))
			return NULL;
		if (textopt_parse(c, &t) < 0)
			return NULL;
		if (buf && buf->kind == V_INT && buf->i == 0 && !strchr(mode, 'b')) {
			set_err(c->e, "ValueError", false, 0,
				"unbuffered streams must be binary");
			return NULL;
		}
		if (!(f = sr_makefile(s, mode, &se)))
			return fail_sr(c->e, &se);
		/* buffering=0: no read-ahead past what the caller asked for */
		if (buf && buf->kind == V_INT && buf->i == 0)
			setvbuf(f, NULL, _IONBF, 0);
		h = reg_file(f, strchr(mode, 'b') == NULL);
		textopt_set(h->i, &t);
		return h;
	}
	if (IS("send") || IS("sendall")) {
		if (check_args(c, 1, 2, NOKW) < 0 ||
		    data_arg(c, arg(c, 0, 0), &p, &len) < 0 || opt_flags(c, 1, &i1) < 0)
			return NULL;
		if (IS("sendall"))
			return sr_sendall(s, p, len, i1, &se) < 0
				       ? fail_sr(c->e, &se) : v_none();
		r = sr_send(s, p, len, i1, &se);
		return r < 0 ? fail_sr(c->e, &se) : v_int(r);
	}
	if (IS("sendto")) {
		const sr_addr *pa;
		i1 = 0;
		if (check_args(c, 2, 3, NOKW) < 0 ||
		    data_arg(c, arg(c, 0, 0), &p, &len) < 0 ||
		    (c->args->len == 3 && to_int(c, arg(c, 1, 0), &i1) < 0) ||
		    addr_or_none(c, arg(c, c->args->len - 1, 0), sr_family(s),
				 &ad, &pa) < 0)
			return NULL;
		r = sr_sendto(s, p, len, i1, pa, &se);
		return r < 0 ? fail_sr(c->e, &se) : v_int(r);
	}
	if (IS("setblocking")) {
		if (check_args(c, 1, 1, NOKW) < 0 || to_ll(c, arg(c, 0, 0), &x) < 0)
			return NULL;
		return sr_setblocking(s, x != 0, &se) < 0 ? fail_sr(c->e, &se)
							  : v_none();
	}
	if (IS("settimeout")) {
		double tb;
		const double *to;
		if (check_args(c, 1, 1, NOKW) < 0 ||
		    to_timeout(c, arg(c, 0, 0), &tb, &to) < 0)
			return NULL;
		return sr_settimeout(s, to, &se) < 0 ? fail_sr(c->e, &se)
						     : v_none();
	}
	if (IS("setsockopt")) {
		const value *v = arg(c, 2, 0);
		int rc;
		if (check_args(c, 3, 3, NOKW) < 0 || to_int(c, arg(c, 0, 0), &i1) < 0 ||
		    to_int(c, arg(c, 1, 0), &i2) < 0)
			return NULL;
		if (v->kind == V_BYTES)
			rc = sr_setsockopt_bytes(s, i1, i2, v->s, v->len, &se);
		else if (to_ll(c, v, &x) < 0)
			return NULL;
		else
			rc = sr_setsockopt_int(s, i1, i2, x, &se);
		return rc < 0 ? fail_sr(c->e, &se) : v_none();
	}
	if (IS("shutdown")) {
		if (check_args(c, 1, 1, NOKW) < 0 || to_int(c, arg(c, 0, 0), &i1) < 0)
			return NULL;
		return sr_shutdown(s, i1, &se) < 0 ? fail_sr(c->e, &se) : v_none();
	}
	set_err(c->e, "unsupported", false, 0,
		"'socket' object has no attribute '%s'", c->name);
	return NULL;
}

value *socket_getattr(sr_sock *s, const char *name, aerr *e)
{
	double d;

	if (strcmp(name, "family") == 0)
		return v_int(sr_family(s));
	if (strcmp(name, "type") == 0)
		return v_int(sr_type(s));
	if (strcmp(name, "proto") == 0)
		return v_int(sr_proto(s));
	if (strcmp(name, "timeout") == 0)
		return sr_gettimeout(s, &d) ? v_float(d) : v_none();
	set_err(e, "unsupported", false, 0,
		"'socket' object has no attribute '%s'", name);
	return NULL;
}

/* ---- makefile streams ---- */

static value *data(const char *p, size_t n, bool text)
{
	return text ? v_str(p, n) : v_bytes(p, n);
}

value *file_call(long long n, acall *c)
{
	bool text;
	FILE *f = get_file(n, &text);
	long long x;
	const char *p;
	size_t len;

	if (IS("close")) {
		if (check_args(c, 0, 0, NOKW) < 0)
			return NULL;
		if (f) {
			/* the stream's close is the socket's last close when
			 * the socket was closed first; its failure is the
			 * caller's OSError, as from CPython's file.close() */
			int rc = fclose(f);
			int e = errno;
			forget_file(n);
			if (rc == EOF) {
				set_err(c->e, "OSError", true, e, "%s",
					strerror(e));
				return NULL;
			}
		}
		return v_none();
	}
	if (!f) {
		set_err(c->e, "ValueError", false, 0, "%s %s closed file",
			c->name, IS("write") ? "to" : "of");
		return NULL;
	}
	if (text && (IS("read") || IS("readline"))) {
		if (check_args(c, 0, 1, NOKW) < 0 || opt_ll(c, 0, NULL, -1, &x) < 0)
			return NULL;
		return text_read(c, f, textopt_get(n), x, IS("readline"));
	}
	if (text && IS("write")) {
		const value *v = arg(c, 0, 0);
		if (check_args(c, 1, 1, NOKW) < 0 || to_cstr(c, v, &p) < 0)
			return NULL;
		return text_write(c, f, textopt_get(n), v);
	}
	if (IS("read") || IS("readline")) {
		char *buf = NULL;
		size_t got = 0, cap = 0;
		value *v;
		if (check_args(c, 0, 1, NOKW) < 0 || opt_ll(c, 0, NULL, -1, &x) < 0)
			return NULL;
		errno = 0;
		while (x < 0 || got < (size_t)x) {
			int ch;
			if (got + 1 >= cap) {
				cap = cap ? cap * 2 : 256;
				if (!(buf = realloc(buf, cap)))
					abort();
			}
			if ((ch = getc(f)) == EOF)
				break;
			buf[got++] = (char)ch;
			if (IS("readline") && ch == '\n')
				break;
		}
		if (ferror(f) && got == 0) {
			free(buf);
			return stream_err(c, f);
		}
		clearerr(f);
		v = data(buf ? buf : "", got, text);
		free(buf);
		return v;
	}
	if (IS("write")) {
		const value *v = arg(c, 0, 0);
		if (check_args(c, 1, 1, NOKW) < 0)
			return NULL;
		if (text ? to_cstr(c, v, &p) < 0 : to_bytes(c, v, &p, &len) < 0)
			return NULL;
		len = v->len;
		if (fwrite(p, 1, len, f) != len)
			return stream_err(c, f);
		return v_int((long long)len);
	}
	if (IS("flush")) {
		if (check_args(c, 0, 0, NOKW) < 0)
			return NULL;
		return fflush(f) != 0 ? stream_err(c, f) : v_none();
	}
	set_err(c->e, "unsupported", false, 0,
		"'file' object has no attribute '%s'", c->name);
	return NULL;
}
