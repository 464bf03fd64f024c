/*
 * bounds.c — how far a step's time bounds stretch under emulation, for
 * the check of a reply (check.c) and for how long a reply is awaited at
 * all (eval.c, run.c). Its own file because check.c evaluates right-hand
 * sides through eval.c: a function of check.c's called from eval.c made
 * the two call each other.
 */
#include <stdlib.h>

#include "run_internal.h"

double run_slowdown(void)
{
	const char *e = getenv("SOCKSPEC_SLOWDOWN");
	double f = e ? strtod(e, NULL) : 1.0;
	return f >= 1.0 ? f : 1.0;
}

void case_timeouts_stretch(centry *es, size_t n)
{
	/* A case's timeout says when it hangs, not how fast a call must
	 * be: where everything runs SOCKSPEC_SLOWDOWN times slower (a TCG
	 * guest), so does it. object/sendall-error-unknown-progress took
	 * 0.9 s on the host and 22.7 s in a 6.1 guest (CPython, make
	 * matrix), and beside a CPU hog it broke on both attempts there:
	 * "no reply from host a within the case's 30s". */
	double f = run_slowdown();
	for (size_t i = 0; i < n; i++)
		if (es[i].c)
			es[i].c->timeout *= f;
}

double step_bound_deadline(const step *st, double t0)
{
	if (st->kind != S_CALL || !st->chk.has_within)
		return 0;
	return t0 + st->chk.hi * run_slowdown() + STEP_BOUND_GRACE;
}
