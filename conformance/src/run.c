/*
 * run.c — one case, inside its isolated worker: start the hosts'
 * adapters, run the steps in order (asynchronous ones collected before
 * their host's next request or at `sync`), check each result, bind
 * targets, and stop at the first failing check.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "peer.h"
#include "trace.h"

#define STR_(x) #x
#define STR(x) STR_(x)

static char *raise_text(const evres *r)
{
	value *m = v_str(r->msg, strlen(r->msg));
	char *ms = v_format(m);
	v_free(m);
	char *s;
	if (r->has_code)
		s = xasprintf("%s(%lld, %s)", r->exc, r->code, ms);
	else
		s = xasprintf("%s(None, %s)", r->exc, ms);
	free(ms);
	return s;
}

static char *got_text(const evres *r)
{
	return r->raised ? raise_text(r) : v_format(r->v);
}

static int fail(runctx *x, int si, const char *expected, const char *got)
{
	const step *st = &x->c->steps[si];
	snprintf(x->why, sizeof x->why, "%d: %s: expected %s, got %s",
		 st->line, st->text, expected, got);
	x->failed = true;
	return 0;
}

static bool oserror_kind(const char *c)
{
	static const char *const k[] = { "OSError", "herror", "gaierror",
		"timeout", "TimeoutError", "BlockingIOError", "ConnectionError",
		"ConnectionRefusedError", "ConnectionResetError",
		"ConnectionAbortedError", "BrokenPipeError", "FileNotFoundError",
		"FileExistsError", "PermissionError", "InterruptedError",
		"IsADirectoryError", "NotADirectoryError", "ProcessLookupError",
		"ChildProcessError", NULL };
	for (int i = 0; k[i]; i++)
		if (strcmp(k[i], c) == 0)
			return true;
	return false;
}

/* Is NAME one of the space-separated words of LIST? */
static bool word_in(const char *name, const char *list)
{
	size_t n = strlen(name);
	for (const char *w = list; *w;) {
		size_t l = strcspn(w, " ");
		if (l == n && strncmp(w, name, n) == 0)
			return true;
		w += l;
		w += strspn(w, " ");
	}
	return false;
}

/* raises CLASS: the documented kind, or any class of the chain the
 * adapter sent (TimeoutError, ConnectionRefusedError...). raises exactly
 * CLASS: the most derived class itself (the kind when no chain came). */
static bool raised_class(const check *k, const evres *r);

static bool class_matches(const char *want, const char *got)
{
	if (strcmp(want, got) == 0)
		return true;
	if (strcmp(want, "OSError") == 0)
		return oserror_kind(got);
	if (strcmp(want, "timeout") == 0)
		return strcmp(got, "TimeoutError") == 0;
	return false;
}

static bool raised_class(const check *k, const evres *r)
{
	if (!r->raised)
		return false;
	if (k->exact) {
		size_t l = strcspn(r->chain, " ");
		return r->chain[0] ? strlen(k->exc) == l &&
					     strncmp(r->chain, k->exc, l) == 0
				   : strcmp(k->exc, r->exc) == 0;
	}
	return class_matches(k->exc, r->exc) || word_in(k->exc, r->chain);
}

static int num(const value *v, double *d)
{
	if (v->kind == V_INT)
		*d = (double)v->i;
	else if (v->kind == V_FLOAT)
		*d = v->f;
	else if (v->kind == V_BOOL)
		*d = v->b;
	else
		return -1;
	return 0;
}

static bool contains(const value *hay, const value *v)
{
	switch (hay->kind) {
	case V_TUPLE: case V_LIST:
		for (size_t i = 0; i < hay->len; i++)
			if (v_equal(hay->items[i], v))
				return true;
		return false;
	case V_DICT:
		for (size_t i = 0; i < hay->len; i += 2)
			if (v_equal(hay->items[i], v))
				return true;
		return false;
	case V_STR: case V_BYTES:
		if (v->kind != hay->kind)
			return false;
		if (v->len == 0)
			return true;
		for (size_t i = 0; i + v->len <= hay->len; i++)
			if (memcmp(hay->s + i, v->s, v->len) == 0)
				return true;
		return false;
	default:
		return false;
	}
}

static int bind(runctx *x, int si, const value *v)
{
	const step *st = &x->c->steps[si];
	if (st->ntargets == 0)
		return 0;
	if (!st->unpack) {
		if (strcmp(st->targets[0], "_") != 0)
			var_set(x, st->targets[0], v_copy(v));
		return 0;
	}
	if ((v->kind != V_TUPLE && v->kind != V_LIST) ||
	    v->len != st->ntargets) {
		char exp[64], *g = v_format(v);
		snprintf(exp, sizeof exp, "%zu values to unpack", st->ntargets);
		fail(x, si, exp, g);
		free(g);
		return 0;
	}
	for (size_t i = 0; i < st->ntargets; i++)
		if (strcmp(st->targets[i], "_") != 0)
			var_set(x, st->targets[i], v_copy(v->items[i]));
	return 0;
}

static int check_value(runctx *x, int si, const evres *r)
{
	const step *st = &x->c->steps[si];
	const check *k = &st->chk;
	if (k->kind == C_NONE)
		return 0;
	if (k->kind == C_IS) {
		const char *t = v_typename(r->v);
		const char *want = strcmp(k->type, "None") == 0 ? "NoneType" : k->type;
		bool same = strcmp(t, want) == 0;
		/* a class value: `socket.error is OSError` is identity, the
		 * class's own name (its qualified name's last part) */
		if (r->v && r->v->kind == V_CLASS && strcmp(want, "type") != 0) {
			const char *dot = strrchr(r->v->s, '.');
			same = strcmp(dot ? dot + 1 : r->v->s, want) == 0;
		}
		if (!same) {
			char exp[128], got[128];
			snprintf(exp, sizeof exp, "is %s", k->type);
			char *g = v_format(r->v);
			snprintf(got, sizeof got, "%.90s (%s)", g, t);
			free(g);
			fail(x, si, exp, got);
		}
		return 0;
	}
	evres rhs = {0};
	if (eval_expr(x, k->rhs, st->host, &rhs) < 0)
		return -1;
	if (rhs.raised) {
		char *g = raise_text(&rhs);
		snprintf(x->why, sizeof x->why, "%d: %s: the expected value raised %s",
			 st->line, st->text, g);
		free(g);
		x->broken = true;
		return -1;
	}
	bool ok = false;
	const char *op = "";
	double a, b;
	switch (k->kind) {
	case C_EQ: ok = v_equal(r->v, rhs.v); op = ""; break;
	case C_NE: ok = !v_equal(r->v, rhs.v); op = "!= "; break;
	case C_IN: ok = contains(rhs.v, r->v); op = "in "; break;
	case C_LT: case C_LE: case C_GT: case C_GE:
		op = k->kind == C_LT ? "< " : k->kind == C_LE ? "<= " :
		     k->kind == C_GT ? "> " : ">= ";
		if (num(r->v, &a) == 0 && num(rhs.v, &b) == 0)
			ok = k->kind == C_LT ? a < b : k->kind == C_LE ? a <= b :
			     k->kind == C_GT ? a > b : a >= b;
		break;
	default:
		break;
	}
	if (!ok) {
		char *e = v_format(rhs.v), *g = v_format(r->v);
		char *exp = xasprintf("%s%s", op, e);
		fail(x, si, exp, g);
		free(exp);
		free(e);
		free(g);
	}
	evres_clear(&rhs);
	return 0;
}

/* SOCKSPEC_SLOWDOWN: a factor >= 1, or 1 */
static double slowdown(void)
{
	const char *e = getenv("SOCKSPEC_SLOWDOWN");
	double f = e ? strtod(e, NULL) : 1.0;
	return f >= 1.0 ? f : 1.0;
}

int finish_step(runctx *x, int si, evres *r, double elapsed)
{
	const step *st = &x->c->steps[si];
	const check *k = &st->chk;
	if (k->kind == C_RAISES) {
		char exp[160];
		long long want = k->code;
		if (k->has_code && k->code_name) {
			int rc = -1;
			if (strcmp(k->exc, "herror") == 0)
				rc = herrno_by_name(k->code_name, &want);
			if (rc < 0)
				rc = const_by_name(k->code_name, &want);
			if (rc < 0) {
				snprintf(x->why, sizeof x->why,
					 "%d: %s: unknown code %s", st->line,
					 st->text, k->code_name);
				x->broken = true;
				return -1;
			}
		}
		const char *ex = k->exact ? "exactly " : "";
		if (k->code_none)
			snprintf(exp, sizeof exp, "raises %s%s(None)", ex, k->exc);
		else if (k->has_code && k->code_name)
			snprintf(exp, sizeof exp, "raises %s%s(%s)", ex, k->exc,
				 k->code_name);
		else if (k->has_code)
			snprintf(exp, sizeof exp, "raises %s%s(%lld)", ex, k->exc,
				 k->code);
		else
			snprintf(exp, sizeof exp, "raises %s%s", ex, k->exc);
		if (k->msg_re || k->msg_fn) {
			size_t l = strlen(exp);
			if (l && exp[l - 1] == ')')
				l--;
			else
				l += (size_t)snprintf(exp + l, sizeof exp - l,
						      "(");
			if (k->msg_re)
				snprintf(exp + l, sizeof exp - l, "%s~%.60s)",
					 exp[l - 1] == '(' ? "" : ", ",
					 k->msg_re);
			else
				snprintf(exp + l, sizeof exp - l, "%s%s)",
					 exp[l - 1] == '(' ? "" : ", ",
					 k->msg_fn);
		}
		bool ok = raised_class(k, r) &&
			  (k->code_none ? !r->has_code :
			   !k->has_code || (r->has_code && r->code == want));
		if (ok) {
			int m = message_matches(k, r, x->why, sizeof x->why);
			if (m < 0) {
				x->broken = true;
				return -1;
			}
			ok = m == 1;
		}
		if (!ok) {
			char *g = got_text(r);
			/* the class matters to exactly: say which it was */
			if (k->exact && r->raised && r->chain[0]) {
				char *g2 = xasprintf("%s [class %.*s]", g,
						     (int)strcspn(r->chain, " "),
						     r->chain);
				free(g);
				g = g2;
			}
			fail(x, si, exp, g);
			free(g);
			return 0;
		}
	} else if (r->raised) {
		char *g = raise_text(r);
		fail(x, si, k->kind == C_NONE ? "no exception" : "a value", g);
		free(g);
		return 0;
	} else {
		if (check_value(x, si, r) < 0)
			return -1;
		if (x->failed)
			return 0;
		bind(x, si, r->v);
		if (x->failed)
			return 0;
	}
	/* Under an emulated CPU (vm/run's guests set SOCKSPEC_SLOWDOWN) a
	 * step's own work takes several times longer: the upper bound, which
	 * only says "did not hang", stretches by that factor; the lower
	 * bound, which proves a wait really happened, never moves. */
	double hi = k->hi * slowdown();
	if (k->has_within && (elapsed < k->lo || elapsed > hi)) {
		char exp[96], got[64];
		snprintf(exp, sizeof exp, "within %g..%g s", k->lo, hi);
		snprintf(got, sizeof got, "%.3f s", elapsed);
		fail(x, si, exp, got);
	}
	return 0;
}

/* The `issues` clauses of a traced step against the calls it made. */
static void check_calls(runctx *x, int si, const char *calls)
{
	const step *st = &x->c->steps[si];
	for (size_t k = 0; k < st->nsys && !x->failed; k++) {
		const syscheck *sc = &st->sys[k];
		char *names = xstrdup(sc->names), *save = NULL;
		bool any = false;
		for (char *n = strtok_r(names, "|", &save); n;
		     n = strtok_r(NULL, "|", &save))
			any = any || trace_has(calls, n);
		free(names);
		if (any == sc->no) {
			char *exp = xasprintf("issues %s%s", sc->no ? "no " : "",
					      sc->names);
			char *got = xasprintf("system calls:%.400s", calls);
			fail(x, si, exp, got);
			free(exp);
			free(got);
		}
	}
}

/* Has the case a traced step? */
static bool case_traced(const scase *c)
{
	for (size_t i = 0; i < c->nsteps; i++)
		if (c->steps[i].traced)
			return true;
	return false;
}

static int start_hosts(runctx *x, const char *impl, caseresult *res)
{
	const scase *c = x->c;
	int go[2];
	if (pipe2(go, O_CLOEXEC) < 0)
		return -1;
	pid_t *pids = xmalloc(c->nhosts * sizeof *pids);
	pids[0] = getpid();
	adapter_drop_sys_admin = c->isolate_nocap;
	adapter_locale = c->locale;
	/* a traced step needs the adapter itself as the harness's
	 * descendant, and a locale the process's own environment: neither
	 * is a fork of the run's server */
	adapter_fresh = c->isolate_fresh || c->locale || case_traced(c);
	int rc = 0;
	for (size_t h = 0; h < c->nhosts && rc == 0; h++) {
		const char *hi = case_host_impl(c, h, impl);
		/* hosts after the first get their own network namespace,
		 * unless `isolate: sharednet` puts them all in the first's */
		bool own_net = h > 0 && !c->isolate_sharednet;
		char why[512] = "", err[512] = "";
		char **argv = adapter_argv(hi, why, sizeof why);
		if (!argv) {
			res->outcome = O_SKIPPED;
			snprintf(res->reason, sizeof res->reason, "%s", why);
			rc = -1;
			break;
		}
		int ready[2] = { -1, -1 };
		if (own_net && pipe2(ready, O_CLOEXEC) < 0)
			rc = -1;
		if (rc == 0 && adapter_spawn(&x->ad[h], argv, hi, ready[1],
					     go[0], err, sizeof err) < 0) {
			res->outcome = O_BROKEN;
			snprintf(res->reason, sizeof res->reason, "%s", err);
			rc = -1;
		}
		x->nad = h + 1;
		if (h > 0 && !own_net)
			pids[h] = pids[0];
		if (own_net) {
			char b;
			close(ready[1]);
			if (rc == 0 && read(ready[0], &b, 1) != 1) {
				res->outcome = O_BROKEN;
				snprintf(res->reason, sizeof res->reason,
					 "host %s: could not make its namespace",
					 c->hosts[h]);
				rc = -1;
			}
			close(ready[0]);
			pids[h] = x->ad[h].pid;
		}
	}
	if (rc == 0) {
		char err[512] = "";
		if (isolate_links(c, pids, err, sizeof err) < 0) {
			res->outcome = O_BROKEN;
			snprintf(res->reason, sizeof res->reason, "links: %s", err);
			rc = -1;
		}
	}
	for (size_t h = 1; rc == 0 && h < c->nhosts; h++)
		if (write(go[1], "g", 1) != 1)
			rc = -1;
	close(go[0]);
	close(go[1]);
	free(pids);
	return rc;
}

void run_case(const centry *e, const char *impl, caseresult *res)
{
	const scase *c = e->c;
	runctx x;
	memset(&x, 0, sizeof x);
	x.c = c;
	x.cur_step = -1;
	/* first the adapters' start; the case's timeout counts after it */
	x.deadline = now_mono() + ADAPTER_START_SECONDS;
	x.ad = calloc(c->nhosts, sizeof *x.ad);
	if (!x.ad)
		abort();
	for (size_t h = 0; h < c->nhosts; h++)
		x.ad[h].pid = x.ad[h].to = x.ad[h].from = x.ad[h].errfd = -1;
	res->outcome = O_PASSED;
	if (start_hosts(&x, impl, res) < 0)
		goto out;
	/* hello from each */
	for (size_t h = 0; h < x.nad; h++) {
		int rc = adapters_wait(x.ad, x.nad, (int)h, x.deadline);
		char *line = rc == 0 ? adapter_take_line(&x.ad[h]) : NULL;
		char im[64], ver[128];
		if (!line || sscanf(line, "hello %63s %127s", im, ver) != 2) {
			char ob[1024] = "";
			if (rc == -2)
				adapter_obituary(&x.ad[h], ob, sizeof ob);
			res->outcome = O_BROKEN;
			snprintf(res->reason, sizeof res->reason,
				 "adapter for host %s: %s%s%.300s", c->hosts[h],
				 rc == -1 ? "no hello within "
					    STR(ADAPTER_START_SECONDS) " s" :
				 rc == -2 ? "died before hello: " :
				 "bad hello: ", ob, line ? line : "");
			free(line);
			goto out;
		}
		snprintf(x.ad[h].version, sizeof x.ad[h].version, "%s", ver);
		if (h == 0)
			snprintf(res->impl_version, sizeof res->impl_version,
				 "%s", ver);
		free(line);
	}
	x.deadline = now_mono() + c->timeout;
	for (size_t i = 0; i < c->nsteps && !x.failed && !x.broken; i++) {
		const step *st = &c->steps[i];
		x.cur_step = (int)i;
		if (st->kind == S_SLEEP) {
			double end = now_mono() + st->seconds;
			if (end > x.deadline) {
				adapters_wait(x.ad, x.nad, -1, x.deadline);
				snprintf(x.why, sizeof x.why,
					 "%d: %s: timeout: the case's %gs ran out",
					 st->line, st->text, c->timeout);
				x.broken = true;
				break;
			}
			adapters_wait(x.ad, x.nad, -1, end);
		} else if (st->kind == S_SYNC) {
			collect_pending(&x, st->host);
		} else if (st->async) {
			eval_async(&x, st->e, st->host);
		} else {
			evres r = {0};
			tracer tr = { -1, -1, -1 };
			char terr[256];
			if (st->traced &&
			    trace_start(&tr, x.ad[st->host].pid, terr,
					sizeof terr) < 0) {
				snprintf(x.why, sizeof x.why, "%d: %s: traced: %s",
					 st->line, st->text, terr);
				x.broken = true;
				break;
			}
			double t0 = now_mono();
			int rc = eval_expr(&x, st->e, st->host, &r);
			double took = now_mono() - t0;
			char *calls = st->traced ? trace_stop(&tr) : NULL;
			if (rc == 0)
				finish_step(&x, (int)i, &r, took);
			if (calls && !x.failed && !x.broken)
				check_calls(&x, (int)i, calls);
			free(calls);
			evres_clear(&r);
		}
	}
	for (size_t h = 0; h < x.nad && !x.failed && !x.broken; h++)
		collect_pending(&x, (int)h);
	if (x.broken) {
		res->outcome = O_BROKEN;
		snprintf(res->reason, sizeof res->reason, "%.1000s", x.why);
	} else if (x.failed) {
		res->outcome = O_FAILED;
		snprintf(res->reason, sizeof res->reason, "%.1000s", x.why);
		snprintf(res->detail, sizeof res->detail, "%s", x.why);
	}
out:
	peers_end(&x);
	for (size_t h = 0; h < c->nhosts; h++)
		adapter_kill(&x.ad[h]);
	for (size_t i = 0; i < x.nvars; i++) {
		free(x.vars[i].name);
		v_free(x.vars[i].v);
	}
	free(x.vars);
	free(x.ad);
}
