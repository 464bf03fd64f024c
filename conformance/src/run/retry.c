/*
 * retry.c — `sockspec run --retry N`: a case that failed or broke is run
 * again, up to N times, after the whole run (each time in new namespaces,
 * with new adapter processes rather than forks of a fork server). One
 * that then passes is `flaky`: a state of its own, so that a flake is
 * told from a regression without hiding either (conformance/README.md
 * "Retries and flaky cases"). A crash is never retried away: a case
 * whose adapter was killed by a signal, or any case once the kernel has
 * oopsed, keeps its outcome. The rounds themselves are runner.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run_internal.h"

/* The kernel's taint flag 'D' (TAINT_DIE): set by an oops or a BUG. */
#define TAINT_DIE (1UL << 7)

unsigned long kernel_taint(void)
{
	/* $SOCKSPEC_TAINTED stands in for it in the harness's tests: an
	 * oops cannot be made to order */
	const char *path = getenv("SOCKSPEC_TAINTED");
	FILE *f = fopen(path && *path ? path : "/proc/sys/kernel/tainted", "r");
	unsigned long t = 0;
	if (f) {
		if (fscanf(f, "%lu", &t) != 1)
			t = 0;
		fclose(f);
	}
	return t;
}

static bool retryable(const caseresult *r)
{
	return (r->outcome == O_FAILED || r->outcome == O_BROKEN) &&
	       !r->crashed && r->nattempts < CASE_MAX_ATTEMPTS;
}

static void keep_attempt(caseresult *r, const caseresult *a)
{
	if (r->nattempts >= CASE_MAX_ATTEMPTS)
		return;
	attempt *t = &r->attempts[r->nattempts++];
	t->outcome = a->outcome;
	t->duration = a->duration;
	snprintf(t->reason, sizeof t->reason, "%.511s", a->reason);
}

/* The attempt that passed becomes the case's result, as flaky, with
 * what the first attempt said in its reason. */
static void make_flaky(caseresult *r)
{
	const attempt *first = &r->attempts[0];
	char why[sizeof r->reason];
	snprintf(why, sizeof why, "passed on attempt %d of %d; "
		 "attempt 1 %s: %.700s", r->nattempts, r->nattempts,
		 outcome_name((outcome)first->outcome), first->reason);
	snprintf(r->reason, sizeof r->reason, "%s", why);
	r->outcome = O_FLAKY;
}

void retry_note_crashes(caseresult *rs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		caseresult *r = &rs[i];
		if (!r->crashed ||
		    (r->outcome != O_FAILED && r->outcome != O_BROKEN))
			continue;
		char why[sizeof r->reason];
		snprintf(why, sizeof why, "%.900s [a crash: not retried]",
			 r->reason);
		snprintf(r->reason, sizeof r->reason, "%s", why);
	}
}

size_t retry_pick(const caseresult *rs, size_t n, size_t *idx)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (retryable(&rs[i]))
			idx[m++] = i;
	return m;
}

bool retry_kernel_oopsed(unsigned long taint_before, caseresult *rs,
			 const size_t *idx, size_t m)
{
	if (!((kernel_taint() | taint_before) & TAINT_DIE))
		return false;
	/* the kernel oopsed (now or before the run): what failed stays
	 * failed, and says why it was kept */
	for (size_t k = 0; k < m; k++) {
		caseresult *r = &rs[idx[k]];
		char why[sizeof r->reason];
		snprintf(why, sizeof why, "%.900s [not retried: the kernel "
			 "has oopsed (taint D)]", r->reason);
		snprintf(r->reason, sizeof r->reason, "%s", why);
	}
	return true;
}

void retry_take(caseresult *r, const caseresult *again)
{
	if (r->nattempts == 0)
		keep_attempt(r, r);
	/* the new attempt is the result, with every attempt before it */
	int na = r->nattempts;
	attempt kept[CASE_MAX_ATTEMPTS];
	memcpy(kept, r->attempts, sizeof kept);
	*r = *again;
	memcpy(r->attempts, kept, sizeof kept);
	r->nattempts = na;
	keep_attempt(r, again);
	if (r->outcome == O_PASSED)
		make_flaky(r);
}
