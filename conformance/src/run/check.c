/*
 * check.c — what a step's result is held to: its check (equal, raises
 * with class, code and message, contains, within seconds...), the names
 * it binds, and for a traced step the system calls it made.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run_internal.h"
#include "trace.h"

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
	char why[sizeof x->why];
	snprintf(why, sizeof why, "%d: %s: expected %s, got %s",
		 st->line, st->text, expected, got);
	step_fail(x, si, why);
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
	if (v->kind == V_INT || v->kind == V_BIGINT)
		*d = v_int_to_double(v);
	else if (v->kind == V_FLOAT)
		*d = v->f;
	else if (v->kind == V_BOOL)
		*d = v->b;
	else
		return -1;
	return 0;
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
		step_lose_targets(x, si);
		return 0;
	}
	for (size_t i = 0; i < st->ntargets; i++)
		if (strcmp(st->targets[i], "_") != 0)
			var_set(x, st->targets[i], v_copy(v->items[i]));
	return 0;
}

/* The adapter's `raise unsupported` (conformance/README.md, the wire
 * protocol): the name the step uses does not exist in the
 * implementation. The case stops at the step; a check that asks for the
 * absence (`raises AttributeError`, a class of the chain) takes it as
 * any raise. */
static bool is_unsupported(const evres *r)
{
	return r->raised && strcmp(r->exc, "unsupported") == 0;
}

static int step_unsupported(runctx *x, int si, const evres *r)
{
	const step *st = &x->c->steps[si];
	if (!x->unsupported && (!x->res || !x->res->nfailures))
		snprintf(x->why, sizeof x->why, "%d: %s: unsupported: %s",
			 st->line, st->text, r->msg);
	x->unsupported = true;
	step_lose_targets(x, si);
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
	if (is_unsupported(&rhs)) {
		step_unsupported(x, si, &rhs);
		evres_clear(&rhs);
		return 0;
	}
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
	if (value_has_buffer(r->v) || value_has_buffer(rhs.v)) {
		/* a bytearray or memoryview is the implementation's object:
		 * it compares it (bytearray(b'Mary') == b'Mary' by content) */
		static const char *const names[] = {
			[C_EQ] = "==", [C_NE] = "!=", [C_LT] = "<", [C_LE] = "<=",
			[C_GT] = ">", [C_GE] = ">=", [C_IN] = "in",
			[C_NOTIN] = "not in",
		};
		value *ops[2] = {r->v, rhs.v};
		evres o = {0};
		if (eval_remote_op(x, st->host, names[k->kind], ops, 2, &o) < 0) {
			evres_clear(&rhs);
			return -1;
		}
		ok = !o.raised && o.v && o.v->kind == V_BOOL && o.v->b;
		op = k->kind == C_EQ ? "" : names[k->kind];
		evres_clear(&o);
		if (*op) {
			char *e = eval_show(x, st->host, rhs.v),
			     *g = eval_show(x, st->host, r->v);
			char *exp = xasprintf("%s %s", op, e);
			if (!ok)
				fail(x, si, exp, g);
			free(exp);
			free(e);
			free(g);
			evres_clear(&rhs);
			return 0;
		}
	} else switch (k->kind) {
	case C_EQ: ok = v_equal(r->v, rhs.v); op = ""; break;
	case C_NE: ok = !v_equal(r->v, rhs.v); op = "!= "; break;
	case C_IN: ok = value_contains(rhs.v, r->v); op = "in "; break;
	case C_NOTIN: ok = !value_contains(rhs.v, r->v); op = "not in "; break;
	case C_LT: case C_LE: case C_GT: case C_GE:
		op = k->kind == C_LT ? "< " : k->kind == C_LE ? "<= " :
		     k->kind == C_GT ? "> " : ">= ";
		if (v_is_int(r->v) && v_is_int(rhs.v)) {
			int c = v_int_cmp(r->v, rhs.v);
			ok = k->kind == C_LT ? c < 0 : k->kind == C_LE ? c <= 0 :
			     k->kind == C_GT ? c > 0 : c >= 0;
		} else if (num(r->v, &a) == 0 && num(rhs.v, &b) == 0)
			ok = k->kind == C_LT ? a < b : k->kind == C_LE ? a <= b :
			     k->kind == C_GT ? a > b : a >= b;
		break;
	default:
		break;
	}
	if (!ok) {
		char *e = eval_show(x, st->host, rhs.v),
		     *g = eval_show(x, st->host, r->v);
		char *exp = xasprintf("%s%s", op, e);
		fail(x, si, exp, g);
		free(exp);
		free(e);
		free(g);
	}
	evres_clear(&rhs);
	return 0;
}

int finish_step(runctx *x, int si, evres *r, double elapsed)
{
	const step *st = &x->c->steps[si];
	const check *k = &st->chk;
	x->step_failed = false;
	if (is_unsupported(r) && !(k->kind == C_RAISES && raised_class(k, r)))
		return step_unsupported(x, si, r);
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
		if (ok && k->msg_fn) {
			/* the text is the implementation's own C library's
			 * for the code that came (socket.rst:159-160, 169-170):
			 * its adapter says what strerror/hstrerror/gai_strerror
			 * gives, not the harness's libc */
			value *t = v_seq(V_TUPLE, 1);
			evres m = {0};
			ok = false;
			if (r->has_code) {
				t->items[0] = v_int(r->code);
				if (eval_module_call(x, st->host, k->msg_fn, t,
						     &m) < 0) {
					v_free(t);
					return -1;
				}
				ok = !m.raised && m.v && m.v->kind == V_STR &&
				     strcmp(m.v->s, r->msg) == 0;
			}
			evres_clear(&m);
			v_free(t);
		}
		/* `e = ... raises C`: e is the error's args, (code, message)
		 * or (message,), so a later step can hold the message to the
		 * code: e[1] == hstrerror(e[0]) */
		if (ok && st->ntargets) {
			value *args = v_seq(V_TUPLE, r->has_code ? 2 : 1);
			size_t i = 0;
			if (r->has_code)
				args->items[i++] = v_int(r->code);
			args->items[i] = v_str(r->msg, strlen(r->msg));
			bind(x, si, args);
			v_free(args);
			if (x->failed)
				return 0;
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
			step_lose_targets(x, si);
			return 0;
		}
	} else if (r->raised) {
		char *g = raise_text(r);
		fail(x, si, k->kind == C_NONE ? "no exception" : "a value", g);
		free(g);
		step_lose_targets(x, si);
		return 0;
	} else {
		if (check_value(x, si, r) < 0)
			return -1;
		if (x->failed)
			return 0;
		/* a soft step that failed its check still binds what the
		 * implementation returned: later steps see its answer */
		bind(x, si, r->v);
		if (x->failed || x->step_failed)
			return 0;
	}
	/* Under an emulated CPU (vm/run's guests set SOCKSPEC_SLOWDOWN) a
	 * step's own work takes several times longer: the upper bound, which
	 * only says "did not hang", stretches by that factor; the lower
	 * bound, which proves a wait really happened, never moves. */
	double hi = k->hi * run_slowdown();
	if (k->has_within && (elapsed < k->lo || elapsed > hi)) {
		char exp[96], got[64];
		snprintf(exp, sizeof exp, "within %g..%g s", k->lo, hi);
		snprintf(got, sizeof got, "%.3f s", elapsed);
		fail(x, si, exp, got);
	}
	return 0;
}

/* The `issues` clauses of a traced step against the calls it made. */
void check_calls(runctx *x, int si, const char *calls)
{
	const step *st = &x->c->steps[si];
	/* one failure a step: its first */
	for (size_t k = 0; k < st->nsys && !x->step_failed; k++) {
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
