/*
 * repro_c_expr.c — a case's expressions as C calls on the runtime's
 * values (rt/): literals become constructors (INT(5), BYTES("\001", 1),
 * TUP(2, ...)), a name a step bound its variable v_NAME, an UPPERCASE
 * constant the number the harness sends, a module call f_NAME(ARGS(...))
 * and a method m_NAME(OBJ, ARGS(...)): the runtime's function that makes
 * that one libsockref call. Operators on constants are worked out here
 * (ints of any size, as the harness does), the rest at run time.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repro_internal.h"

void c_cannot(cctx *x, int line, const char *fmt, ...)
{
	char what[200];
	va_list ap;
	if (x->px.why[0])
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	snprintf(x->px.why, sizeof x->px.why, "%s:%d: no C reproducer: %s",
		 x->px.c->path, line, what);
}

bool c_use(cctx *x, const char *section, const expr *at, const char *what)
{
	for (size_t i = 0; i < x->nused; i++)
		if (strcmp(x->used[i], section) == 0)
			return true;
	/* a section's marker line: slash, star, @, its names, star, slash */
	bool have = false;
	size_t l = strlen(section);
	for (const char *p = strstr(x->rt, "/*@ "); p && !have;
	     p = strstr(p + 1, "/*@ ")) {
		const char *end = strchr(p, '\n');
		for (const char *q = p + 3; !have && (q = strstr(q, section)) &&
		     (!end || q < end); q += l)
			have = q[-1] == ' ' && q[l] == ' ';
	}
	if (!have) {
		if (what)
			c_cannot(x, at ? at->line : 0, "%s (the C runtime "
				 "has no libsockref counterpart for it)", what);
		return false;
	}
	x->used = xrealloc(x->used, (x->nused + 1) * sizeof *x->used);
	x->used[x->nused++] = xstrdup(section);
	return true;
}

void c_str(sbuf *b, const char *s, size_t len)
{
	sb_add(b, "\"");
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\' &&
		    ch != '?')
			sb_add(b, "%c", ch);
		else
			sb_add(b, "\\%03o", ch);
	}
	sb_add(b, "\"");
}

void c_value(cctx *x, sbuf *b, const value *v)
{
	switch (v->kind) {
	case V_NONE: sb_add(b, "NONE()"); return;
	case V_BOOL: sb_add(b, "BOOL(%s)", v->b ? "true" : "false"); return;
	case V_INT:
		if (v->i == -9223372036854775807LL - 1)
			sb_add(b, "INT(-9223372036854775807LL - 1)");
		else
			sb_add(b, "INT(%lldLL)", v->i);
		return;
	case V_BIGINT: sb_add(b, "BIG(\"%.*s\")", (int)v->len, v->s); return;
	case V_FLOAT:
		if (isnan(v->f))
			sb_add(b, "FLOAT(NAN)");
		else if (isinf(v->f))
			sb_add(b, "FLOAT(%sINFINITY)", v->f < 0 ? "-" : "");
		else
			sb_add(b, "FLOAT(%.17g)", v->f);
		return;
	case V_STR:
	case V_BYTES:
		sb_add(b, "%s(", v->kind == V_STR ? "STR" : "BYTES");
		c_str(b, v->s, v->len);
		sb_add(b, ", %zu)", v->len);
		return;
	case V_TUPLE:
	case V_LIST:
	case V_DICT:
		sb_add(b, "%s(%zu", v->kind == V_TUPLE ? "TUP" :
		       v->kind == V_LIST ? "LIST" : "DICT", v->len);
		for (size_t i = 0; i < v->len; i++) {
			sb_add(b, ", ");
			c_value(x, b, v->items[i]);
		}
		sb_add(b, ")");
		return;
	default:
		c_cannot(x, 0, "a %s literal", v_typename(v));
		sb_add(b, "NONE()");
		return;
	}
}

/* the value of an expression made of literals and constants alone
 * (NULL when it has anything else), worked out as the harness does */
static value *fold(cctx *x, const expr *e)
{
	long long n;
	char err[160];
	if (e->kind == E_LITERAL && v_is_int(e->lit))
		return v_copy(e->lit);
	if (e->kind == E_NAME && !py_bound(&x->px, e->name) &&
	    case_const_name(e->name) && const_by_name(e->name, &n) == 0)
		return v_int(n);
	if (e->kind == E_UNOP && strcmp(e->name, "+") != 0) {
		value *a = fold(x, e->obj);
		value *r = a ? v_int_op(strcmp(e->name, "-") == 0 ? "neg" : "~",
					a, NULL, err, sizeof err) : NULL;
		v_free(a);
		return r;
	}
	if (e->kind == E_BINOP) {
		value *a = fold(x, e->obj), *b = a ? fold(x, e->index) : NULL;
		value *r = b ? v_int_op(e->name, a, b, err, sizeof err) : NULL;
		v_free(a);
		v_free(b);
		return r;
	}
	return NULL;
}

static void args(cctx *x, sbuf *b, const expr *e, size_t skip)
{
	sb_add(b, "ARGS(%zu, %zu", e->nargs - skip, e->nkw);
	for (size_t i = skip; i < e->nargs; i++) {
		sb_add(b, ", ");
		c_expr(x, b, e->args[i]);
	}
	for (size_t i = 0; i < e->nkw; i++) {
		sb_add(b, ", \"%s\", ", e->kwnames[i]);
		c_expr(x, b, e->kwargs[i]);
	}
	sb_add(b, ")");
}

/* a module call, a builtin or an adapter helper: f_NAME(ARGS(...)) */
static void module_call(cctx *x, sbuf *b, const expr *e, const char *name)
{
	char sec[96], what[128];
	snprintf(sec, sizeof sec, "f_%s", name);
	snprintf(what, sizeof what, "the call %s()", name);
	if (strcmp(name, "fromshare") == 0) {
		/* Windows only (socket.rst:688): the module has no such
		 * attribute on Linux, as the ref adapter answers */
		sb_add(b, "raise_(\"AttributeError\", false, 0, \"module "
		       "'socket' has no attribute '%s'\")", name);
		return;
	}
	if (!c_use(x, sec, e, what)) {
		sb_add(b, "NONE()");
		return;
	}
	sb_add(b, "f_%s(", name);
	args(x, b, e, 0);
	sb_add(b, ")");
}

static void fixture_literal(cctx *x, sbuf *b, const expr *e)
{
	if (e->nargs != 1 || e->args[0]->kind != E_LITERAL ||
	    e->args[0]->lit->kind != V_STR) {
		c_cannot(x, e->line, "fixture() of a computed name");
		return;
	}
	char *rel = xasprintf("fixtures/%s", e->args[0]->lit->s);
	char *path = proj_path(rel);
	char *text = repro_read_file(path);
	if (!text)
		c_cannot(x, e->line, "fixture %s: cannot read", path);
	else {
		/* a fixture is text: its length is where the NUL is */
		sb_add(b, "BYTES(");
		c_str(b, text, strlen(text));
		sb_add(b, ", %zu)", strlen(text));
	}
	free(text);
	free(path);
	free(rel);
}

static void call(cctx *x, sbuf *b, const expr *e)
{
	char sec[96], what[128];
	if (!e->obj) {
		bool t = strcmp(e->name, "(tuple)") == 0;
		if (t || strcmp(e->name, "(list)") == 0) {
			sb_add(b, "%s(%zu", t ? "TUP" : "LIST", e->nargs);
			for (size_t i = 0; i < e->nargs; i++) {
				sb_add(b, ", ");
				c_expr(x, b, e->args[i]);
			}
			sb_add(b, ")");
			return;
		}
		if (strcmp(e->name, "fixture") == 0) {
			fixture_literal(x, b, e);
			return;
		}
		if (repro_peer_builtin(e->name)) {
			c_cannot(x, e->line, "%s(), which the harness itself "
				 "answers (an independent peer program, its "
				 "fixtures, or its own view of the namespace)",
				 e->name);
			return;
		}
		if (strcmp(e->name, "drop") == 0) {
			if (e->nargs != 1 || e->args[0]->kind != E_NAME ||
			    !py_bound(&x->px, e->args[0]->name)) {
				c_cannot(x, e->line, "drop() of anything but "
					 "a name");
				return;
			}
			c_use(x, "f_drop", e, "drop()");
			sb_add(b, "drop(&v_%s)", e->args[0]->name);
			return;
		}
		module_call(x, b, e, e->name);
		return;
	}
	if (e->obj->kind == E_NAME && !py_bound(&x->px, e->obj->name) &&
	    (strcmp(e->obj->name, "socket") == 0 ||
	     strcmp(e->obj->name, "os") == 0 ||
	     strcmp(e->obj->name, "sys") == 0)) {
		/* socket.f(): the module; os.f(), sys.exit(): the adapter's
		 * os_f and sys_exit */
		char name[96];
		snprintf(name, sizeof name, "%s%s", e->obj->name[0] == 'o' ?
			 "os_" : e->obj->name[1] == 'y' ? "sys_" : "", e->name);
		module_call(x, b, e, name);
		return;
	}
	if (e->obj->kind == E_NAME && !py_bound(&x->px, e->obj->name)) {
		c_cannot(x, e->line, "the call %s.%s() (%s is no name a step "
			 "bound)", e->obj->name, e->name, e->obj->name);
		return;
	}
	snprintf(sec, sizeof sec, "m_%s", e->name);
	snprintf(what, sizeof what, "the method %s()", e->name);
	if (!c_use(x, sec, NULL, NULL)) {
		/* a method libsockref has no call for: what the ref adapter
		 * answers, AttributeError (`s.ioctl(...)`, Windows only) */
		sb_add(b, "no_attr(");
		c_expr(x, b, e->obj);
		sb_add(b, ", \"%s\") /* libsockref has no %s() */", e->name,
		       e->name);
		return;
	}
	sb_add(b, "m_%s(", e->name);
	c_expr(x, b, e->obj);
	sb_add(b, ", ");
	args(x, b, e, 0);
	sb_add(b, ")");
}

/* a name a background step reads: its copy */
static void bg_name(cctx *x, sbuf *b, const char *name)
{
	bool have = false;
	for (size_t i = 0; i < x->nbg_names && !have; i++)
		have = strcmp(x->bg_names[i], name) == 0;
	if (!have) {
		x->bg_names = xrealloc(x->bg_names, (x->nbg_names + 1) *
				       sizeof *x->bg_names);
		x->bg_names[x->nbg_names++] = xstrdup(name);
	}
	sb_add(b, "bg%d_%s", x->bg_line, name);
}

void c_expr(cctx *x, sbuf *b, const expr *e)
{
	long long n;
	value *f = fold(x, e);
	if (f) {
		c_value(x, b, f);
		if (e->kind == E_NAME)
			sb_add(b, " /* %s */", e->name);
		v_free(f);
		return;
	}
	switch (e->kind) {
	case E_LITERAL:
		c_value(x, b, e->lit);
		return;
	case E_NAME:
		if (py_bound(&x->px, e->name) && x->bg_line)
			bg_name(x, b, e->name);
		else if (py_bound(&x->px, e->name))
			sb_add(b, "v_%s", e->name);
		else if (case_const_name(e->name) &&
			 const_by_name(e->name, &n) < 0)
			c_cannot(x, e->line, "the unknown constant %s", e->name);
		else
			sb_add(b, "modattr(\"%s\")", e->name);
		return;
	case E_CALL:
		call(x, b, e);
		return;
	case E_ATTR:
		if (e->obj->kind == E_NAME && !py_bound(&x->px, e->obj->name) &&
		    strcmp(e->obj->name, "socket") == 0) {
			/* the implementation's own attribute: this
			 * libsockref's constant table (its build's headers) */
			sb_add(b, "modattr(\"%s\")", e->name);
			return;
		}
		c_use(x, "attr", e, "an attribute");
		sb_add(b, "attr(");
		c_expr(x, b, e->obj);
		sb_add(b, ", \"%s\")", e->name);
		return;
	case E_INDEX:
		sb_add(b, "op_index(");
		c_expr(x, b, e->obj);
		sb_add(b, ", ");
		c_expr(x, b, e->index);
		sb_add(b, ")");
		return;
	case E_BINOP:
		sb_add(b, "op2(\"%s\", ", e->name);
		c_expr(x, b, e->obj);
		sb_add(b, ", ");
		c_expr(x, b, e->index);
		sb_add(b, ")");
		return;
	case E_UNOP:
		sb_add(b, "op1(\"%s\", ", e->name);
		c_expr(x, b, e->obj);
		sb_add(b, ")");
		return;
	case E_SLICE:
		sb_add(b, "op_slice(");
		c_expr(x, b, e->obj);
		for (int i = 0; i < 3; i++) {
			sb_add(b, ", ");
			if (e->args[i])
				c_expr(x, b, e->args[i]);
			else
				sb_add(b, "NULL");
		}
		sb_add(b, ")");
		return;
	}
}
