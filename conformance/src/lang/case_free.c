/*
 * case_free.c — giving back what the parser built: a case, its steps and
 * their expressions. Below the parser's files, which free what they drop.
 */
#include "case_parse.h"

#include <stdlib.h>

/* ---------------------------------------------------------------- freeing */

void cp_expr_free(expr *e)
{
	size_t i;

	if (!e)
		return;
	if (e->lit)
		v_free(e->lit);
	free(e->name);
	cp_expr_free(e->obj);
	cp_expr_free(e->index);
	for (i = 0; i < e->nargs; i++)
		cp_expr_free(e->args[i]);
	free(e->args);
	for (i = 0; i < e->nkw; i++) {
		free(e->kwnames[i]);
		cp_expr_free(e->kwargs[i]);
	}
	free(e->kwnames);
	free(e->kwargs);
	free(e);
}

static void step_free(step *s)
{
	size_t i;

	free(s->text);
	for (i = 0; i < s->ntargets; i++)
		free(s->targets[i]);
	free(s->targets);
	cp_expr_free(s->e);
	cp_expr_free(s->chk.rhs);
	free(s->chk.type);
	for (size_t k = 0; k < s->nsys; k++)
		free(s->sys[k].names);
	free(s->sys);
	free(s->chk.exc);
	free(s->chk.msg_re);
	free(s->chk.msg_fn);
	free(s->chk.code_name);
}

void case_free(scase *c)
{
	size_t i;

	if (!c)
		return;
	free(c->path);
	free(c->name);
	for (i = 0; i < c->nids; i++)
		free(c->ids[i]);
	free(c->ids);
	free(c->doc_lines);
	for (i = 0; i < c->nhosts; i++) {
		free(c->hosts[i]);
		if (c->host_impl)
			free(c->host_impl[i]);
	}
	free(c->hosts);
	free(c->host_impl);
	free(c->links);
	for (i = 0; i < c->naddrs; i++)
		free(c->addrs[i].cidr);
	free(c->addrs);
	for (i = 0; i < c->nroutes; i++)
		free(c->routes[i].via);
	free(c->routes);
	free(c->fixture_hosts);
	free(c->fixture_services);
	free(c->fixture_protocols);
	for (i = 0; i < c->nsteps; i++)
		step_free(&c->steps[i]);
	free(c->steps);
	free(c->locale);
	free(c);
}


