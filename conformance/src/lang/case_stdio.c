/*
 * case_stdio.c — what a step may write of the program around the module:
 * print(...), stdout(), sys.exit(...) and exit_status() (conformance/
 * README.md, Steps). socket.rst's examples print and exit; the
 * implementation under test evaluates these (module calls print, stdout,
 * sys_exit, exit_status), and here only
 * their form is checked, so that a misspelt one is a FILE:LINE:COL error
 * of the case rather than an adapter's AttributeError at run time.
 */
#include <string.h>

#include "case_parse.h"

/* Did an earlier step bind NAME (then `sys` is the case's own value)? */
static bool bound_before(const parser *p, const char *name)
{
	/* the step being parsed is the last one; its targets bind after it */
	for (size_t i = 0; i + 1 < p->c->nsteps; i++) {
		const step *st = &p->c->steps[i];
		for (size_t k = 0; k < st->ntargets; k++)
			if (strcmp(st->targets[k], name) == 0)
				return true;
	}
	return false;
}

static bool is_sys(const parser *p, const expr *obj)
{
	return obj && obj->kind == E_NAME && strcmp(obj->name, "sys") == 0 &&
	       !bound_before(p, "sys");
}

static bool check_one(parser *p, const expr *e)
{
	size_t at = (size_t)e->col - 1;

	if ((e->kind == E_CALL || e->kind == E_ATTR) && is_sys(p, e->obj)) {
		if (e->kind == E_ATTR || strcmp(e->name, "exit") != 0) {
			cp_perr(p, at, "sys.%s: of sys, a case has sys.exit(...) "
				"only", e->name);
			return false;
		}
		if (e->nkw) {
			cp_perr(p, at, "sys.exit() takes no keyword arguments");
			return false;
		}
		if (e->nargs > 1) {
			cp_perr(p, at, "sys.exit() takes at most 1 argument "
				"(%zu given)", e->nargs);
			return false;
		}
		return true;
	}
	if (e->kind != E_CALL || e->obj)
		return true;
	if ((strcmp(e->name, "stdout") == 0 ||
	     strcmp(e->name, "exit_status") == 0) && (e->nargs || e->nkw)) {
		cp_perr(p, at, "%s() takes no arguments", e->name);
		return false;
	}
	if (strcmp(e->name, "print") == 0)
		for (size_t k = 0; k < e->nkw; k++)
			if (strcmp(e->kwnames[k], "sep") != 0 &&
			    strcmp(e->kwnames[k], "end") != 0) {
				/* file= would print elsewhere than stdout(),
				 * flush= is MicroPython's to refuse */
				cp_perr(p, at, "print() keyword '%s': a case "
					"has sep= and end=", e->kwnames[k]);
				return false;
			}
	return true;
}

bool cp_check_stdio(parser *p, const expr *e)
{
	if (!e)
		return true;
	if (!check_one(p, e) || !cp_check_stdio(p, e->obj) ||
	    !cp_check_stdio(p, e->index))
		return false;
	/* a slice keeps its three bounds in args, some of them NULL */
	for (size_t i = 0; i < e->nargs; i++)
		if (!cp_check_stdio(p, e->args[i]))
			return false;
	for (size_t i = 0; i < e->nkw; i++)
		if (!cp_check_stdio(p, e->kwargs[i]))
			return false;
	return true;
}
