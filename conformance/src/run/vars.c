/*
 * vars.c — the names a case's steps bind (`-> name`), each remembered
 * with the host whose step bound it: its handles live in that host's
 * adapter.
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

void var_set(runctx *x, const char *name, value *v)
{
	for (size_t i = 0; i < x->nvars; i++)
		if (strcmp(x->vars[i].name, name) == 0) {
			v_free(x->vars[i].v);
			x->vars[i].v = v;
			x->vars[i].host = cur_host(x);
			return;
		}
	x->vars = xrealloc(x->vars, (x->nvars + 1) * sizeof *x->vars);
	x->vars[x->nvars].name = xstrdup(name);
	x->vars[x->nvars].host = cur_host(x);
	x->vars[x->nvars++].v = v;
}
