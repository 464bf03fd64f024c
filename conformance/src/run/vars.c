/*
 * vars.c — the names a case's steps bind (`-> name`), each remembered
 * with the host whose step bound it: its handles live in that host's
 * adapter; or without a value, when the step that should have bound it
 * failed (soft checks, soft.c).
 */
#include <stdlib.h>
#include <string.h>

#include "run_internal.h"

static int cur_host(runctx *x)
{
	if (x->cur_step < 0 || (size_t)x->cur_step >= x->c->nsteps)
		return -1;
	return x->c->steps[x->cur_step].host;
}

/* The host that bound name, or -1. */
int var_host(runctx *x, const char *name)
{
	for (size_t i = 0; i < x->nvars; i++)
		if (strcmp(x->vars[i].name, name) == 0)
			return x->vars[i].host;
	return -1;
}

value *var_get(runctx *x, const char *name)
{
	for (size_t i = 0; i < x->nvars; i++)
		if (strcmp(x->vars[i].name, name) == 0)
			return x->vars[i].v;
	return NULL;
}

/* Bind name to v (NULL: no value, left by the failed step at line). */
static void put(runctx *x, const char *name, value *v, int line)
{
	for (size_t i = 0; i < x->nvars; i++)
		if (strcmp(x->vars[i].name, name) == 0) {
			if (x->vars[i].v)
				v_free(x->vars[i].v);
			x->vars[i].v = v;
			x->vars[i].host = cur_host(x);
			x->vars[i].unset_by = line;
			return;
		}
	x->vars = xrealloc(x->vars, (x->nvars + 1) * sizeof *x->vars);
	x->vars[x->nvars].name = xstrdup(name);
	x->vars[x->nvars].host = cur_host(x);
	x->vars[x->nvars].unset_by = line;
	x->vars[x->nvars++].v = v;
}

void var_set(runctx *x, const char *name, value *v)
{
	put(x, name, v, 0);
}

void var_unset(runctx *x, const char *name, int line)
{
	put(x, name, NULL, line);
}

int var_unset_by(runctx *x, const char *name)
{
	for (size_t i = 0; i < x->nvars; i++)
		if (strcmp(x->vars[i].name, name) == 0)
			return x->vars[i].unset_by;
	return 0;
}
