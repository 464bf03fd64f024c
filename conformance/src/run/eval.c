/*
 * eval.c — evaluating step expressions: literals, names bound by earlier
 * steps, UPPERCASE constants, indexing, the harness builtins (len, bytes,
 * tmp, float, issubclass, pack, unpack, pack_ints, unpack_ints, tuple and list displays;
 * the peer and fixture builtins of peer_builtins.c), and calls or
 * attribute reads the adapter of the step's host performs.
 *
 * Where an expression is evaluated: the harness evaluates what is made
 * of plain values (operators in ops.c, builtins here); anything that
 * touches a handle — an operator, index or slice with a handle operand,
 * len() or bytes() of one — goes to the implementation that holds it, as
 * do type(), bytearray(), memoryview(), strerror(), gai_strerror(),
 * hstrerror(), print(), stdout(), os.NAME() and sys.exit() (module calls
 * os_NAME, sys_exit: modcall.c).
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run_internal.h"
#include "peer.h"

static int broke(runctx *x, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(x->why, sizeof x->why, fmt, ap);
	va_end(ap);
	x->broken = true;
	return -1;
}

static const char *step_text(runctx *x)
{
	if (x->cur_step < 0 || (size_t)x->cur_step >= x->c->nsteps)
		return "";
	return x->c->steps[x->cur_step].text;
}

static int step_line(runctx *x)
{
	if (x->cur_step < 0 || (size_t)x->cur_step >= x->c->nsteps)
		return 0;
	return x->c->steps[x->cur_step].line;
}

int parse_reply(runctx *x, int h, const char *line, evres *r)
{
	char err[256];
	evres_clear(r);
	if (strncmp(line, "ok ", 3) == 0) {
		r->v = v_parse_all(line + 3, err, sizeof err);
		if (r->v)
			return 0;
	} else if (strncmp(line, "raise ", 6) == 0) {
		const char *p = line + 6;
		size_t l = strcspn(p, " ");
		if (l > 0 && l < sizeof r->exc && p[l] == ' ') {
			memcpy(r->exc, p, l);
			r->exc[l] = '\0';
			r->raised = true;
			size_t pos = 0;
			const char *q = p + l + 1;
			value *code = v_parse(q, &pos, err, sizeof err);
			value *msg = code ? v_parse(q, &pos, err, sizeof err) : NULL;
			bool ok = code && msg &&
				  (code->kind == V_INT || code->kind == V_NONE);
			/* optional: the class chain (a tuple of names, most
			 * derived first) and the module of the first */
			size_t save = pos;
			while (q[pos] == ' ')
				pos++;
			if (ok && q[pos]) {
				value *ch = v_parse(q, &pos, err, sizeof err);
				value *mod = ch ? v_parse(q, &pos, err, sizeof err)
						: NULL;
				ok = ch && mod && ch->kind == V_TUPLE &&
				     mod->kind == V_STR;
				for (size_t k = 0; ok && k < ch->len; k++) {
					const value *n = ch->items[k];
					size_t at = strlen(r->chain);
					ok = n->kind == V_STR &&
					     at + n->len + 2 < sizeof r->chain;
					if (ok)
						snprintf(r->chain + at,
							 sizeof r->chain - at,
							 "%s%s", at ? " " : "",
							 n->s);
				}
				if (ok)
					snprintf(r->module, sizeof r->module,
						 "%s", mod->s);
				v_free(ch);
				v_free(mod);
			} else {
				pos = save;
			}
			if (ok) {
				r->has_code = code->kind == V_INT;
				r->code = code->i;
				if (msg->kind == V_STR)
					snprintf(r->msg, sizeof r->msg, "%s", msg->s);
				else {
					char *m = v_format(msg);
					snprintf(r->msg, sizeof r->msg, "%s", m);
					free(m);
				}
			}
			if (code)
				v_free(code);
			if (msg)
				v_free(msg);
			if (ok)
				return 0;
		}
	}
	return broke(x, "%d: %s: adapter for host %s spoke out of protocol: %.300s",
		     step_line(x), step_text(x), x->c->hosts[h], line);
}

/* Wait for host h's reply line; -1 = broken */
static int read_reply(runctx *x, int h, evres *r, double *arrived)
{
	adapter *a = &x->ad[h];
	bool by_step = x->step_deadline > 0 && x->step_deadline < x->deadline;
	int rc = adapters_wait(x->ad, x->nad, h,
			       by_step ? x->step_deadline : x->deadline);
	if (rc == -1 && by_step) {
		const check *k = &x->c->steps[x->cur_step].chk;
		return broke(x, "%d: %s: timeout: no reply from host %s within "
			     "the step's bound (within %g..%g s, stretched to "
			     "%g s, plus %g s)", step_line(x), step_text(x),
			     x->c->hosts[h], k->lo, k->hi,
			     step_bound_deadline(&x->c->steps[x->cur_step], 0) -
				     STEP_BOUND_GRACE, STEP_BOUND_GRACE);
	}
	if (rc == -1)
		return broke(x, "%d: %s: timeout: no reply from host %s within the case's %gs",
			     step_line(x), step_text(x), x->c->hosts[h],
			     x->c->timeout);
	if (rc == -2) {
		char ob[1024];
		adapter_obituary(a, ob, sizeof ob);
		return broke(x, "%d: %s: adapter for host %s died: %s",
			     step_line(x), step_text(x), x->c->hosts[h], ob);
	}
	if (arrived)
		*arrived = a->line_at ? a->line_at : now_mono();
	char *line = adapter_take_line(a);
	rc = parse_reply(x, h, line, r);
	free(line);
	return rc;
}

int collect_pending(runctx *x, int h)
{
	adapter *a = &x->ad[h];
	if (!a->pending)
		return 0;
	int saved = x->cur_step;
	x->cur_step = a->pending_step;
	a->pending = false;
	evres r = {0};
	double at = 0;
	double saved_deadline = x->step_deadline;
	x->step_deadline = step_bound_deadline(&x->c->steps[x->cur_step],
					       a->sent_at);
	int rc = read_reply(x, h, &r, &at);
	x->step_deadline = saved_deadline;
	if (rc == 0)
		rc = x->finish(x, x->cur_step, &r, at - a->sent_at);
	evres_clear(&r);
	/* its check used a name without a value: recorded as not run; a
	 * soft step lets the step that collects it go on */
	if (rc < 0 && x->unrun && !x->failed && !x->broken) {
		x->unrun = false;
		rc = 0;
	}
	/* the step being evaluated has not failed: the pending one did */
	x->step_failed = false;
	if (rc == 0 && !x->failed && !x->unsupported)
		x->cur_step = saved;
	return x->failed || x->unsupported ? -1 : rc;
}

static int send_request(runctx *x, int h, const char *line)
{
	if (x->ad[h].pending && collect_pending(x, h) < 0)
		return -1;
	if (adapter_send(&x->ad[h], line) < 0) {
		char ob[1024];
		adapter_obituary(&x->ad[h], ob, sizeof ob);
		return broke(x, "%d: %s: adapter for host %s died: %s",
			     step_line(x), step_text(x), x->c->hosts[h], ob);
	}
	return 0;
}

static char *target_text(const value *obj)
{
	return obj ? v_format(obj) : xstrdup("-");
}

/* Build the request line of a call or attribute read. */
typedef struct request { char *line; } request;

static int eval_list(runctx *x, expr **es, size_t n, int host, value *seq,
		     evres *r)
{
	for (size_t i = 0; i < n; i++) {
		evres a = {0};
		if (eval_expr(x, es[i], host, &a) < 0)
			return -1;
		if (a.raised) {
			evres_clear(r);
			*r = a;
			return 1;
		}
		seq->items[i] = a.v;
	}
	return 0;
}

static size_t utf8_len(const value *v)
{
	size_t n = 0;
	for (size_t i = 0; i < v->len; i++)
		if (((unsigned char)v->s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

static void do_index(const value *o, const value *ix, evres *r)
{
	if (o->kind == V_DICT) {
		for (size_t i = 0; i + 1 < o->len; i += 2)
			if (v_equal(o->items[i], ix)) {
				r->v = v_copy(o->items[i + 1]);
				return;
			}
		evres_raise(r, "KeyError", "key not found");
		return;
	}
	if (ix->kind == V_BIGINT) {
		evres_raise(r, "IndexError",
			    "cannot fit 'int' into an index-sized integer");
		return;
	}
	if (ix->kind != V_INT && ix->kind != V_BOOL) {
		evres_raise(r, "TypeError", "indices must be integers");
		return;
	}
	long long i = ix->kind == V_BOOL ? ix->b : ix->i;
	long long n = (long long)o->len;
	if (o->kind != V_TUPLE && o->kind != V_LIST && o->kind != V_STR &&
	    o->kind != V_BYTES) {
		evres_raise(r, "TypeError", "'%s' object is not subscriptable",
			    v_typename(o));
		return;
	}
	if (i < 0)
		i += n;
	if (i < 0 || i >= n) {
		evres_raise(r, "IndexError", "index out of range");
		return;
	}
	if (o->kind == V_BYTES)
		r->v = v_int((unsigned char)o->s[i]);
	else if (o->kind == V_STR)
		r->v = v_str(o->s + i, 1);
	else
		r->v = v_copy(o->items[i]);
}

static void builtin(const char *name, value *args, evres *r)
{
	size_t n = args->len;
	value **a = args->items;
	char err[256] = "";
	if (strcmp(name, "type") == 0 && n == 1 && a[0]->kind == V_HANDLE) {
		r->v = v_str(a[0]->s, strlen(a[0]->s));
		return;
	}
	if (strcmp(name, "len") == 0) {
		if (n != 1)
			goto nargs;
		switch (a[0]->kind) {
		case V_STR: r->v = v_int((long long)utf8_len(a[0])); return;
		case V_BYTES: case V_TUPLE: case V_LIST:
			r->v = v_int((long long)a[0]->len); return;
		case V_DICT: r->v = v_int((long long)a[0]->len / 2); return;
		default:
			evres_raise(r, "TypeError", "object of type '%s' has no len()",
				    v_typename(a[0]));
			return;
		}
	}
	/* bytes(b'...'), bytes(N) zeros, bytes([ints]) of plain values */
	if (strcmp(name, "bytes") == 0) {
		if (n == 0) {
			r->v = v_bytes("", 0);
			return;
		}
		if (n != 1)
			goto nargs;
		if (a[0]->kind == V_BYTES) {
			r->v = v_copy(a[0]);
			return;
		}
		if (a[0]->kind == V_INT) {
			if (a[0]->i < 0 || a[0]->i > (1 << 24)) {
				evres_raise(r, "ValueError", "negative count");
				return;
			}
			char *z = calloc(1, (size_t)a[0]->i + 1);
			if (!z)
				abort();
			r->v = v_bytes(z, (size_t)a[0]->i);
			free(z);
			return;
		}
		if (a[0]->kind == V_LIST || a[0]->kind == V_TUPLE) {
			char *z = xmalloc(a[0]->len + 1);
			for (size_t i = 0; i < a[0]->len; i++) {
				const value *it = a[0]->items[i];
				if (it->kind != V_INT || it->i < 0 || it->i > 255) {
					free(z);
					evres_raise(r, "ValueError",
						    "bytes must be in range(0, 256)");
					return;
				}
				z[i] = (char)it->i;
			}
			r->v = v_bytes(z, a[0]->len);
			free(z);
			return;
		}
		goto nargs;
	}
	/* float('nan'), float('inf'), float('-inf'), float('1.5'): the values
	 * Python has no literal for (settimeout(nan) is a documented range
	 * question), sent on the wire as Python's repr, nan / inf. */
	if (strcmp(name, "float") == 0) {
		char *end;
		double f;
		if (n != 1 || a[0]->kind != V_STR)
			goto nargs;
		if (strcmp(a[0]->s, "nan") == 0)
			f = NAN;
		else if (strcmp(a[0]->s, "inf") == 0)
			f = INFINITY;
		else if (strcmp(a[0]->s, "-inf") == 0)
			f = -INFINITY;
		else {
			f = strtod(a[0]->s, &end);
			if (end == a[0]->s || *end || isnan(f) || isinf(f)) {
				evres_raise(r, "ValueError",
					    "could not convert string to float: "
					    "'%.60s'", a[0]->s);
				return;
			}
		}
		r->v = v_float(f);
		return;
	}
	/* issubclass(socket.herror, 'OSError'): is the named class among the
	 * classes of a class value (the names the adapter sent) */
	if (strcmp(name, "issubclass") == 0) {
		bool in = false;
		if (n != 2 || a[0]->kind != V_CLASS || a[1]->kind != V_STR)
			goto nargs;
		for (size_t k = 0; k < a[0]->len; k++)
			if (strcmp(a[0]->items[k]->s, a[1]->s) == 0)
				in = true;
		r->v = v_bool(in);
		return;
	}
	if (strcmp(name, "tmp") == 0) {
		if (n != 1 || a[0]->kind != V_STR)
			goto nargs;
		char *p = xasprintf("/tmp/%s", a[0]->s);
		r->v = v_str(p, strlen(p));
		free(p);
		return;
	}
	if (strcmp(name, "pack") == 0 || strcmp(name, "unpack") == 0) {
		if (n < 1 || a[0]->kind != V_STR)
			goto nargs;
		if (name[0] == 'p')
			r->v = st_pack(a[0]->s, a + 1, n - 1, err, sizeof err);
		else if (n == 2)
			r->v = st_unpack(a[0]->s, a[1], err, sizeof err);
		else
			goto nargs;
		if (!r->v)
			evres_raise(r, "error", "%s", err);
		return;
	}
	if (strcmp(name, "pack_ints") == 0) {
		value **it = a;
		if (n == 1 && (a[0]->kind == V_LIST || a[0]->kind == V_TUPLE)) {
			it = a[0]->items;
			n = a[0]->len;
		}
		int *buf = xmalloc((n ? n : 1) * sizeof *buf);
		for (size_t i = 0; i < n; i++) {
			if (it[i]->kind != V_INT) {
				free(buf);
				evres_raise(r, "TypeError", "an integer is required");
				return;
			}
			buf[i] = (int)it[i]->i;
		}
		r->v = v_bytes(buf, n * sizeof *buf);
		free(buf);
		return;
	}
	if (strcmp(name, "unpack_ints") == 0) {
		if (n != 1 || a[0]->kind != V_BYTES)
			goto nargs;
		if (a[0]->len % sizeof(int)) {
			evres_raise(r, "ValueError",
				    "bytes length not a multiple of item size");
			return;
		}
		size_t k = a[0]->len / sizeof(int);
		r->v = v_seq(V_LIST, k);
		for (size_t i = 0; i < k; i++) {
			int iv;
			memcpy(&iv, a[0]->s + i * sizeof(int), sizeof iv);
			r->v->items[i] = v_int(iv);
		}
		return;
	}
nargs:
	evres_raise(r, "TypeError", "%s(): bad arguments", name);
}

static bool is_builtin(const char *name)
{
	static const char *const b[] = { "len", "bytes", "tmp", "float",
		"issubclass", "pack",
		"unpack", "pack_ints", "unpack_ints", NULL };
	for (int i = 0; b[i]; i++)
		if (strcmp(b[i], name) == 0)
			return true;
	return peer_builtin_name(name);
}

/* type(p) of a peer the harness runs (peer_builtins.c) is the harness's
 * to answer, 'peer': no implementation holds that object. */
static bool type_of_peer(runctx *x, const expr *e)
{
	const value *v;
	if (strcmp(e->name, "type") != 0 || e->obj || e->nargs != 1 ||
	    e->args[0]->kind != E_NAME)
		return false;
	v = var_get(x, e->args[0]->name);
	return v && v->kind == V_HANDLE && strcmp(v->s, "peer") == 0;
}

/* Evaluate the pieces of a remote call or attribute read and produce the
 * request line; 1 when evaluation raised (r filled), 2 when e is not
 * remote, 0 with *line, -1 broken. */
static int remote_request(runctx *x, const expr *e, int host, char **line,
			  evres *r)
{
	value *obj = NULL;
	if (e->kind != E_CALL && e->kind != E_ATTR)
		return 2;
	if (e->kind == E_CALL && !e->obj &&
	    (is_builtin(e->name) || e->name[0] == '(' || type_of_peer(x, e)))
		return 2;
	/* `socket.NAME` and `socket.f(...)` name the module under test,
	 * unless a step bound a variable called socket */
	bool module = e->obj && e->obj->kind == E_NAME &&
		      strcmp(e->obj->name, "socket") == 0 &&
		      var_get(x, "socket") == NULL;
	/* os.pipe(), sys.exit(1)...: the adapter's os_NAME, sys_NAME */
	const char *prefix = modcall_prefix(x, e);
	module = module || prefix;
	if (e->obj && !module) {
		evres o = {0};
		/* a handle means an object of the adapter that returned it */
		int owner = e->obj->kind == E_NAME ? var_host(x, e->obj->name) : -1;
		value *ov = e->obj->kind == E_NAME ? var_get(x, e->obj->name) : NULL;
		if (ov && ov->kind == V_HANDLE && owner >= 0 && owner != host)
			return broke(x, "%d:%d: %s: %s is an object of host %s, "
				     "used on host %s", e->line, e->col,
				     step_text(x), e->obj->name,
				     x->c->hosts[owner], x->c->hosts[host]);
		if (eval_expr(x, e->obj, host, &o) < 0)
			return -1;
		if (o.raised) {
			*r = o;
			return 1;
		}
		if (o.v->kind != V_HANDLE) {
			char *f = v_format(o.v);
			v_free(o.v);
			int rc = broke(x, "%d:%d: %s: .%s on %s, not an adapter object",
				       e->line, e->col, step_text(x), e->name, f);
			free(f);
			return rc;
		}
		obj = o.v;
	}
	char *tgt = target_text(obj);
	if (obj)
		v_free(obj);
	if (e->kind == E_ATTR) {
		*line = xasprintf("getattr %s %s", tgt, e->name);
		free(tgt);
		return 0;
	}
	value *args = v_seq(V_TUPLE, e->nargs);
	value *kw = v_seq(V_DICT, 2 * e->nkw);
	int rc = eval_list(x, e->args, e->nargs, host, args, r);
	for (size_t i = 0; rc == 0 && i < e->nkw; i++) {
		evres a = {0};
		if (eval_expr(x, e->kwargs[i], host, &a) < 0) {
			rc = -1;
			break;
		}
		if (a.raised) {
			*r = a;
			rc = 1;
			break;
		}
		kw->items[2 * i] = v_str(e->kwnames[i], strlen(e->kwnames[i]));
		kw->items[2 * i + 1] = a.v;
	}
	if (rc == 0) {
		char *as = v_format(args), *ks = v_format(kw);
		*line = xasprintf("call %s %s%s %s %s", tgt, prefix ? prefix : "",
				  e->name, as, ks);
		free(as);
		free(ks);
	}
	/* fill NULL slots left by an early stop before freeing */
	for (size_t i = 0; i < args->len; i++)
		if (!args->items[i])
			args->items[i] = v_none();
	for (size_t i = 0; i < kw->len; i++)
		if (!kw->items[i])
			kw->items[i] = v_none();
	v_free(args);
	v_free(kw);
	free(tgt);
	return rc;
}

int eval_module_call(runctx *x, int host, const char *name,
		     const value *args, evres *r)
{
	char *as = v_format(args);
	char *line = xasprintf("call - %s %s {}", name, as);
	free(as);
	memset(r, 0, sizeof *r);
	int rc = send_request(x, host, line);
	free(line);
	return rc < 0 ? -1 : read_reply(x, host, r, NULL);
}

int eval_module_attr(runctx *x, int host, const char *name, evres *r)
{
	char *line = xasprintf("getattr - %s", name);
	memset(r, 0, sizeof *r);
	int rc = send_request(x, host, line);
	free(line);
	return rc < 0 ? -1 : read_reply(x, host, r, NULL);
}

int eval_remote_op(runctx *x, int host, const char *name, value **operands,
		   size_t n, evres *r)
{
	value *t = v_seq(V_TUPLE, n + 1);
	t->items[0] = v_str(name, strlen(name));
	for (size_t i = 0; i < n; i++)
		t->items[i + 1] = v_copy(operands[i] ? operands[i] : NULL);
	for (size_t i = 0; i < n; i++)
		if (!t->items[i + 1])
			t->items[i + 1] = v_none();
	char *as = v_format(t);
	char *line = xasprintf("call - op %s {}", as);
	free(as);
	v_free(t);
	memset(r, 0, sizeof *r);
	int rc = send_request(x, host, line);
	free(line);
	return rc < 0 ? -1 : read_reply(x, host, r, NULL);
}

char *eval_show(runctx *x, int host, const value *v)
{
	if (!value_has_buffer(v))
		return v_format(v);
	value *t = v_seq(V_TUPLE, 1);
	t->items[0] = v_copy(v);
	char *as = v_format(t);
	char *line = xasprintf("call - repr %s {}", as);
	free(as);
	v_free(t);
	evres r = {0};
	char *out = NULL;
	if (send_request(x, host, line) == 0 && read_reply(x, host, &r, NULL) == 0 &&
	    !r.raised && r.v && r.v->kind == V_STR)
		out = xstrdup(r.v->s);
	free(line);
	evres_clear(&r);
	return out ? out : v_format(v);
}

/* Operands of an operator, left to right; 1 when one raised (r has it) */
static int eval_operands(runctx *x, expr *const *es, size_t n, int host,
			 value **out, evres *r)
{
	for (size_t i = 0; i < n; i++) {
		evres a = {0};
		out[i] = NULL;
		if (!es[i])
			continue;
		if (eval_expr(x, es[i], host, &a) < 0)
			return -1;
		if (a.raised) {
			*r = a;
			return 1;
		}
		out[i] = a.v;
	}
	return 0;
}

static int eval_operator(runctx *x, const expr *e, int host, evres *r)
{
	value *v[4] = {NULL, NULL, NULL, NULL};
	expr *es[4] = {e->obj, NULL, NULL, NULL};
	size_t n = 1;
	const char *name = e->name;
	int rc;

	memset(r, 0, sizeof *r);
	if (e->kind == E_BINOP) {
		es[1] = e->index;
		n = 2;
	} else if (e->kind == E_SLICE) {
		for (size_t i = 0; i < 3; i++)
			es[i + 1] = e->args[i];
		n = 4;
		name = "[:]";
	} else if (strcmp(name, "-") == 0) {
		name = "neg";
	} else if (strcmp(name, "+") == 0) {
		name = "pos";
	}
	rc = eval_operands(x, es, n, host, v, r);
	if (rc == 0) {
		bool remote = false;
		for (size_t i = 0; i < n; i++)
			remote = remote || value_has_handle(v[i]);
		if (remote)
			rc = eval_remote_op(x, host, name, v, n, r);
		else if (e->kind == E_BINOP)
			ops_binary(e->name, v[0], v[1], r);
		else if (e->kind == E_UNOP)
			ops_unary(e->name, v[0], r);
		else
			ops_slice(v[0], v[1], v[2], v[3], r);
	} else if (rc > 0) {
		rc = 0;
	}
	for (size_t i = 0; i < n; i++)
		v_free(v[i]);
	return rc;
}

int eval_expr(runctx *x, const expr *e, int host, evres *r)
{
	memset(r, 0, sizeof *r);
	switch (e->kind) {
	case E_LITERAL:
		r->v = v_copy(e->lit);
		return 0;
	case E_NAME: {
		value *v = var_get(x, e->name);
		/* left without a value by a failed soft step (soft.c) */
		if (!v && step_unrunnable(x, e->name) < 0)
			return -1;
		if (v) {
			r->v = v_copy(v);
			return 0;
		}
		long long c;
		if (case_const_name(e->name)) {
			/* a constant the implementation has no name for
			 * (consts.c): as the module's missing attribute */
			if (consts_lacked(x, host, e->name)) {
				evres_raise(r, "unsupported", "module 'socket' "
					    "has no attribute '%s'", e->name);
				snprintf(r->chain, sizeof r->chain,
					 "AttributeError Exception");
				snprintf(r->module, sizeof r->module,
					 "builtins");
				return 0;
			}
			if (const_by_name(e->name, &c) == 0) {
				r->v = v_int(c);
				return 0;
			}
			return broke(x, "%d:%d: %s: unknown constant %s", e->line,
				     e->col, step_text(x), e->name);
		}
		/* an unbound lower-case name: the module's attribute */
		return eval_module_attr(x, host, e->name, r);
	}
	case E_INDEX: {
		evres o = {0}, i = {0};
		if (eval_expr(x, e->obj, host, &o) < 0)
			return -1;
		if (o.raised) {
			*r = o;
			return 0;
		}
		if (eval_expr(x, e->index, host, &i) < 0) {
			evres_clear(&o);
			return -1;
		}
		if (i.raised) {
			evres_clear(&o);
			*r = i;
			return 0;
		}
		int rc = 0;
		if (value_has_handle(o.v)) {
			value *ops[2] = {o.v, i.v};
			rc = eval_remote_op(x, host, "[]", ops, 2, r);
		} else {
			do_index(o.v, i.v, r);
		}
		evres_clear(&o);
		evres_clear(&i);
		return rc;
	}
	case E_BINOP:
	case E_UNOP:
	case E_SLICE:
		return eval_operator(x, e, host, r);
	case E_CALL:
	case E_ATTR:
		break;
	}
	char *line = NULL;
	int rc = remote_request(x, e, host, &line, r);
	if (rc < 0)
		return -1;
	if (rc == 1)
		return 0;
	if (rc == 0) {
		rc = send_request(x, host, line);
		free(line);
		return rc < 0 ? -1 : read_reply(x, host, r, NULL);
	}
	/* local: displays and builtins */
	value *args = v_seq(strcmp(e->name, "(list)") == 0 ? V_LIST : V_TUPLE,
			    e->nargs);
	rc = eval_list(x, e->args, e->nargs, host, args, r);
	for (size_t i = 0; i < args->len; i++)
		if (!args->items[i])
			args->items[i] = v_none();
	if (rc != 0) {
		v_free(args);
		return rc < 0 ? -1 : 0;
	}
	if (e->name[0] == '(') {
		r->v = args;
		return 0;
	}
	if (peer_builtin_name(e->name)) {
		rc = peer_builtin(x, host, e->name, args, r);
		v_free(args);
		return rc;
	}
	/* len(h), bytes(h) of an object of the implementation: its own */
	if ((strcmp(e->name, "len") == 0 || strcmp(e->name, "bytes") == 0) &&
	    value_has_handle(args)) {
		char *as = v_format(args);
		char *req = xasprintf("call - %s %s {}", e->name, as);
		free(as);
		v_free(args);
		rc = send_request(x, host, req);
		free(req);
		return rc < 0 ? -1 : read_reply(x, host, r, NULL);
	}
	builtin(e->name, args, r);
	v_free(args);
	return 0;
}

int eval_async(runctx *x, const expr *e, int host)
{
	evres r = {0};
	char *line = NULL;
	double t0 = now_mono();
	int rc = remote_request(x, e, host, &line, &r);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		rc = send_request(x, host, line);
		free(line);
		if (rc < 0)
			return -1;
		x->ad[host].pending = true;
		x->ad[host].pending_step = x->cur_step;
		x->ad[host].sent_at = now_mono();
		return 0;
	}
	if (rc == 2 && eval_expr(x, e, host, &r) < 0)
		return -1;
	rc = x->finish(x, x->cur_step, &r, now_mono() - t0);
	evres_clear(&r);
	return rc;
}
