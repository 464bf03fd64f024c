/*
 * order.c — `sockspec run --order FILE`: run the cases FILE names first,
 * in its order, then the rest in their usual (name) order.
 *
 * What it is for: with --fail-fast a run ends at its first failing case,
 * so a caller that knows which cases tend to fail (the mutation runner
 * puts the cases that killed earlier mutants first) gets its answer after
 * a few cases instead of after the whole suite. Which cases run is not
 * changed, only when: every case still runs when nothing fails.
 *
 * `--case-list FILE` runs exactly the cases FILE names, in its order (the
 * mutation runner's cases that reach a mutated function).
 *
 * case_declared_wait() is what a run without those options orders by.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"

/* Position of name in es[from..n), or n. */
static size_t find(const centry *es, size_t from, size_t n, const char *name)
{
	for (size_t i = from; i < n; i++)
		if (strcmp(es[i].name, name) == 0)
			return i;
	return n;
}

int order_apply(centry *es, size_t n, const char *file, char *err, size_t cap)
{
	FILE *f = fopen(file, "r");
	if (!f) {
		snprintf(err, cap, "--order %s: %s", file, strerror(errno));
		return -1;
	}
	char line[1024];
	size_t front = 0;
	while (front < n && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		/* blank lines and comments are allowed; names not in this run
		 * (filtered out by --cases, or removed since) are ignored */
		if (!line[0] || line[0] == '#')
			continue;
		size_t at = find(es, front, n, line);
		if (at == n)
			continue;
		/* move es[at] to position front, keeping the others' order */
		centry e = es[at];
		memmove(&es[front + 1], &es[front],
			(at - front) * sizeof *es);
		es[front++] = e;
	}
	fclose(f);
	return 0;
}

int case_list_select(centry *es, size_t *n, const char *file, char *err,
		     size_t cap)
{
	FILE *f = fopen(file, "r");
	if (!f) {
		snprintf(err, cap, "--case-list %s: %s", file, strerror(errno));
		return -1;
	}
	char line[1024];
	size_t keep = 0, lineno = 0;
	int rc = 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		size_t at = find(es, keep, *n, line);
		if (at == *n) {
			/* a list names cases exactly: a stale name is the
			 * caller's mistake, not something to skip quietly */
			snprintf(err, cap, "%s:%zu: no case %s here (or named "
				 "twice)", file, lineno, line);
			rc = -1;
			break;
		}
		centry e = es[at];
		memmove(&es[keep + 1], &es[keep], (at - keep) * sizeof *es);
		es[keep++] = e;
	}
	fclose(f);
	if (rc == 0) {
		/* not listed: free their parts (centries_free frees the
		 * array itself later) */
		for (size_t i = keep; i < *n; i++)
			centry_clear(&es[i]);
		*n = keep;
	}
	return rc;
}

double case_declared_wait(const scase *c)
{
	double s = 0;
	for (size_t i = 0; c && i < c->nsteps; i++) {
		const step *st = &c->steps[i];
		if (st->kind == S_SLEEP)
			s += st->seconds;
		else if (st->kind == S_CALL && st->chk.has_within)
			s += st->chk.lo;
	}
	return s;
}
