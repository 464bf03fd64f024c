/*
 * soft.c — failed steps. Each is recorded in the case's result, the
 * first being the case's reason. A hard step stops the case where it
 * fails; a soft one (its `soft` prefix, or the case's `soft: yes`) lets
 * it go on, so one case reports every deviation it meets.
 *
 * Going on must not turn one deviation into a crash or a false second
 * one: a failed step that produced no value (it raised where a value was
 * expected, or its unpacking failed) leaves its names without a value,
 * and a later step that uses one cannot run. It is recorded as a failed
 * step "not run", naming the name and the step that failed, and its own
 * names lose their values in turn. Without this an unbound lower-case
 * name would be read as the module's attribute, and a rebound one would
 * keep an older step's value.
 */
#include <stdio.h>
#include <string.h>

#include "run_internal.h"

static bool step_soft(const runctx *x, int si)
{
	return x->c->soft || x->c->steps[si].soft;
}

void step_fail(runctx *x, int si, const char *why)
{
	caseresult *res = x->res;
	if (!res || res->nfailures == 0)
		snprintf(x->why, sizeof x->why, "%s", why);
	if (res) {
		int k = res->nfailures++;
		if (k < CASE_MAX_FAILURES) {
			res->failures[k].line = x->c->steps[si].line;
			snprintf(res->failures[k].reason,
				 sizeof res->failures[k].reason, "%s", why);
		}
	}
	x->step_failed = true;
	if (!step_soft(x, si))
		x->failed = true;
}

void step_lose_targets(runctx *x, int si)
{
	const step *st = &x->c->steps[si];
	for (size_t i = 0; i < st->ntargets; i++)
		if (strcmp(st->targets[i], "_") != 0)
			var_unset(x, st->targets[i], st->line);
}

int step_unrunnable(runctx *x, const char *name)
{
	int by = var_unset_by(x, name);
	int si = x->cur_step;
	if (!by)
		return 0;
	if (si < 0 || (size_t)si >= x->c->nsteps) {
		/* not inside a step: cannot happen, but never a crash */
		snprintf(x->why, sizeof x->why, "%s has no value (the step at "
			 "line %d failed)", name, by);
		x->broken = true;
		return -1;
	}
	const step *st = &x->c->steps[si];
	char why[1024];
	snprintf(why, sizeof why, "%d: %.600s: not run: %s has no value (the "
		 "step at line %d failed)", st->line, st->text, name, by);
	/* one record per step, however many of its names lack a value */
	if (!x->step_failed)
		step_fail(x, si, why);
	step_lose_targets(x, si);
	x->unrun = true;
	return -1;
}
