/*
 * repro_py.c — a case as one Python program for a Python
 * implementation: a header saying what the case is and how to run the
 * program, the import of the module under test as the adapter imports
 * it (gevent monkey-patched, eventlet's green socket), the runtime
 * (prelude.py beside this file, copied in), the constants, then one
 * step() call per step. Hosts are not separate processes here: every
 * host's steps run in this one process, each in its host's network
 * namespace (entered with setns before the step), and a step marked
 * `&` runs in a thread until its host's next step.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repro_internal.h"

/* the module under test, as pyadapter.py's module_under_test imports it */
static const char *import_of(const char *impl)
{
	if (strcmp(impl, "gevent") == 0)
		return "from gevent import monkey\nmonkey.patch_all()\n"
		       "import socket\n";
	if (strcmp(impl, "eventlet") == 0)
		return "import eventlet  # noqa: F401\n"
		       "from eventlet.green import socket\n";
	return "import socket\n";
}

const char *repro_runner(const char *impl)
{
	if (strcmp(impl, "cpython") == 0 || strcmp(impl, "gevent") == 0 ||
	    strcmp(impl, "eventlet") == 0)
		return "/usr/bin/python3";
	if (strcmp(impl, "pypy") == 0)
		return "/usr/bin/pypy3";
	if (strncmp(impl, "python:", 7) == 0)
		return impl + 7;
	return NULL;
}

/* the comment lines of the header */
static void header(const scase *c, const char *impl, sbuf *b)
{
	sb_add(b, "#!%s\n", repro_runner(impl));
	sb_add(b, "# sockspec case %s, for %s: the case's steps as a plain "
	       "program, without\n# the harness. Made by `sockspec repro %s "
	       "--impl %s`.\n", c->name, impl, c->name, impl);
	sb_add(b, "# Behaviours:");
	for (size_t i = 0; i < c->nids; i++)
		sb_add(b, " %s", c->ids[i]);
	sb_add(b, "\n# socket.rst (Python 3.3) lines:");
	for (size_t i = 0; i < c->ndoc; i++)
		sb_add(b, " %d", c->doc_lines[i]);
	sb_add(b, "\n#\n# Run:  %s THIS_FILE\n", repro_runner(impl));
	sb_add(b, "# It exits 0 when every step holds, 1 printing expected "
	       "against observed\n# where the implementation deviates. Like "
	       "sockspec, it runs in private\n# namespaces: it starts itself "
	       "again under `unshare -nmu` (with -r when not\n# root): only "
	       "loopback, a private /tmp");
	if (c->fixture_hosts || c->fixture_services || c->fixture_protocols)
		sb_add(b, ", the case's /etc/hosts, services, protocols "
		       "(copied in below)");
	sb_add(b, ". REPRO_NO_ISOLATE=1 runs it where it is.\n");
	repro_notes(c, "# ", false, b);
	if (c->locale)
		sb_add(b, "# Locale: it starts itself again with LC_ALL=%s%s (with "
		       "REPRO_NO_ISOLATE=1, set them yourself).\n", c->locale,
		       strcmp(c->locale, "C") == 0 ?
		       " PYTHONCOERCECLOCALE=0 PYTHONUTF8=0" : "");
}

/* FIXTURES = {'hosts': '...', ...}: the case's resolver files */
static void fixture_entry(sbuf *b, const char *etc, const char *text)
{
	sb_add(b, "\n    '%s': ", etc);
	sb_pystr(b, text, strlen(text));
	sb_add(b, ",");
}

static int fixtures(const scase *c, sbuf *b, char *why, size_t cap)
{
	sb_add(b, "FIXTURES = {");
	if (repro_fixtures(c, fixture_entry, b, why, cap) < 0)
		return -1;
	sb_add(b, "}\n");
	return 0;
}

/* the keyword arguments of step() for a step's check */
static void check_args(pyctx *x, const step *st, sbuf *b)
{
	const check *k = &st->chk;
	static const char *const ops[] = { [C_EQ] = "==", [C_NE] = "!=",
		[C_LT] = "<", [C_LE] = "<=", [C_GT] = ">", [C_GE] = ">=",
		[C_IN] = "in", [C_NOTIN] = "not in" };
	if (k->kind >= C_EQ && k->kind <= C_NOTIN) {
		sb_add(b, ", check='%s', rhs=lambda: ", ops[k->kind]);
		py_expr(x, b, k->rhs);
	} else if (k->kind == C_IS) {
		sb_add(b, ", check='is', rhs='%s'", k->type);
	} else if (k->kind == C_RAISES) {
		sb_add(b, ", raises='%s'", k->exc);
		if (k->exact)
			sb_add(b, ", exact=True");
		if (k->code_none)
			sb_add(b, ", code=None");
		else if (k->has_code && k->code_name) {
			sb_add(b, ", code=");
			/* h_errno names are herror's codes */
			long long v;
			if (strcmp(k->exc, "herror") == 0 &&
			    herrno_by_name(k->code_name, &v) == 0)
				sb_add(b, "%lld", v);
			else
				py_const(x, b, k->code_name);
		} else if (k->has_code)
			sb_add(b, ", code=%lld", k->code);
		if (k->msg_re) {
			sb_add(b, ", msg_re=");
			sb_pystr(b, k->msg_re, strlen(k->msg_re));
		}
		if (k->msg_fn)
			sb_add(b, ", msg_fn='%s'", k->msg_fn);
	}
	if (k->has_within)
		sb_add(b, ", within=(%g, %g)", k->lo, k->hi);
	if (st->soft || x->c->soft)
		sb_add(b, ", soft=True");
	if (st->unpack)
		sb_add(b, ", unpack=%zu", st->ntargets);
}

/* `TARGETS = step(...)` of a step whose value is fn (Python text) */
static void emit_step(pyctx *x, const step *st, const char *fn,
		      const char *needs, sbuf *b)
{
	char nb[96];
	bool soft = st->soft || x->c->soft;
	const char *ind = soft ? "    " : "";
	if (soft)
		sb_add(b, "try:\n");
	sb_add(b, "%s", ind);
	for (size_t i = 0; i < st->ntargets; i++)
		sb_add(b, "%s%s", i ? ", " : "",
		       py_name(st->targets[i], nb, sizeof nb));
	if (st->ntargets)
		sb_add(b, "%s = ", st->unpack && st->ntargets == 1 ? "," : "");
	sb_add(b, "step(%d, ", st->line);
	sb_pystr(b, st->text, strlen(st->text));
	sb_add(b, ", %s", fn);
	/* the check's right side is Python text of names bound before */
	check_args(x, st, b);
	if (needs && *needs)
		sb_add(b, ", needs=(%s)", needs);
	sb_add(b, ")\n");
	if (soft)
		sb_add(b, "except _NoValue:\n    pass\n");
	for (size_t i = 0; i < st->ntargets; i++)
		py_bind(x, st->targets[i]);
}

/* hosts in network namespaces of their own (not isolate: sharednet) */
static bool own_hosts(const scase *c)
{
	return c->nhosts > 1 && !c->isolate_sharednet;
}

/* the walk's steps as Python (repro_walk.c) */
typedef struct pywalk {
	pyctx *x;
	sbuf *body;
	int host;       /* the host whose namespace the steps are in */
} pywalk;

/* into the step's host's network namespace when it is another's */
static void py_host(pywalk *w, const step *st)
{
	if (!own_hosts(w->x->c) || st->host == w->host)
		return;
	sb_add(w->body, "_host(%d)  # @%s\n", st->host,
	       w->x->c->hosts[st->host]);
	w->host = st->host;
}

static void py_collect(void *ctx, const step *st)
{
	pywalk *w = ctx;
	char fn[160];
	py_host(w, st);
	snprintf(fn, sizeof fn, "sync('%s')", w->x->c->hosts[st->host]);
	sb_add(w->body, "# the reply of line %d, started in the background\n",
	       st->line);
	emit_step(w->x, st, fn, NULL, w->body);
}

static void py_sleep(void *ctx, double seconds)
{
	pywalk *w = ctx;
	sb_add(w->body, "time.sleep(%g)\n", seconds);
}

static void py_step(void *ctx, const step *st)
{
	pywalk *w = ctx;
	pyctx *x = w->x;
	sbuf *body = w->body;
	sbuf fn = {0}, needs = {0};
	py_host(w, st);
	sb_add(&fn, "lambda: ");
	py_expr(x, &fn, st->e);
	py_needs(x, &needs, st->e);
	if (st->chk.rhs)
		py_needs(x, &needs, st->chk.rhs);
	if (st->traced)
		sb_add(body, "# traced: sockspec also checks the "
		       "system calls of this step (strace -f)\n");
	if (st->async)
		sb_add(body, "# line %d: %s  (in the background)\n"
		       "background('%s', %s)\n", st->line, st->text,
		       x->c->hosts[st->host], fn.s);
	else
		emit_step(x, st, fn.s, needs.s, body);
	free(fn.s);
	free(needs.s);
}

int repro_python(const scase *c, const char *impl, sbuf *out, char *why,
		 size_t cap)
{
	pyctx x = { .c = c };
	sbuf body = {0};
	static const walk_ops ops = { py_step, py_collect, py_sleep };
	pywalk w = { &x, &body, 0 };
	repro_walk(c, &ops, &w);
	int rc = 0;
	if (x.why[0]) {
		snprintf(why, cap, "%s: no standalone program: the case uses "
			 "%s", c->name, x.why);
		rc = -1;
		goto out;
	}
	char *ppath = proj_path("conformance/src/repro/prelude.py");
	char *prelude = repro_read_file(ppath);
	if (!prelude) {
		snprintf(why, cap, "%s: cannot read", ppath);
		free(ppath);
		rc = -1;
		goto out;
	}
	free(ppath);
	header(c, impl, out);
	sb_add(out, "\n%s", prelude);
	free(prelude);
	if (fixtures(c, out, why, cap) < 0) {
		rc = -1;
		goto out;
	}
	/* several hosts: a network namespace each (prelude.py's
	 * _topology), as sockspec makes them; hosts sharing one
	 * (isolate: sharednet) have their addresses on one veth pair, the
	 * first host's on veth0 */
	sb_add(out, "ADDRESSES = [");
	for (size_t i = 0; !own_hosts(c) && i < c->naddrs; i++)
		sb_add(out, "('veth%d', '%s'), ", c->addrs[i].host ? 1 : 0,
		       c->addrs[i].cidr);
	sb_add(out, "]\nHOSTS = [");
	for (size_t h = 0; own_hosts(c) && h < c->nhosts; h++)
		sb_add(out, "'%s', ", c->hosts[h]);
	sb_add(out, "]\nLINKS = [");
	for (size_t i = 0; own_hosts(c) && i < c->nlinks; i++)
		sb_add(out, "(%d, %d), ", c->links[i].a, c->links[i].b);
	sb_add(out, "]\nHOST_ADDRS = [");
	for (size_t i = 0; own_hosts(c) && i < c->naddrs; i++)
		sb_add(out, "(%d, '%s'), ", c->addrs[i].host, c->addrs[i].cidr);
	sb_add(out, "]\nROUTES = [");
	for (size_t i = 0; own_hosts(c) && i < c->nroutes; i++)
		sb_add(out, "(%d, '%s'), ", c->routes[i].host, c->routes[i].via);
	sb_add(out, "]\n_isolate(FIXTURES, ADDRESSES%s%s%s, HOSTS, LINKS, "
	       "HOST_ADDRS, ROUTES)\n%s\n",
	       c->locale ? ", locale='" : ", None", c->locale ? c->locale : "",
	       c->locale ? "'" : "",
	       c->isolate_nocap ? "_drop_sys_admin()\n" : "");
	sb_add(out, "# the module under test, as sockspec's adapter "
	       "imports it\n%s", import_of(impl));
	if (x.nconsts) {
		sb_add(out, "\n# constants as sockspec sends them "
		       "(libsockref's values, Linux's)\n");
		for (size_t i = 0; i < x.nconsts; i++) {
			long long v;
			if (const_by_name(x.consts[i], &v) < 0) {
				snprintf(why, cap, "%s: unknown constant %s",
					 c->name, x.consts[i]);
				rc = -1;
				goto out;
			}
			sb_add(out, "%s = %lld\n", x.consts[i], v);
		}
	}
	sb_add(out, "\n# the case's steps (line numbers of %s.case)\n"
	       "case_timeout(%g)\n%s_finish()\n", c->name, c->timeout,
	       body.s ? body.s : "");
out:
	free(body.s);
	for (size_t i = 0; i < x.nconsts; i++)
		free(x.consts[i]);
	for (size_t i = 0; i < x.nbound; i++)
		free(x.bound[i]);
	free(x.consts);
	free(x.bound);
	return rc;
}
