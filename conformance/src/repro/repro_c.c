/*
 * repro_c.c — a case as one C11 program against libsockref's public API
 * (sockref.h), for ref, ref-musl and ref-i386 (the same C, built against
 * that libsockref): a header saying how to build and run it, the runtime
 * (the files of rt/ beside this file: its core, and of its one-call functions only
 * those the case calls), the case's names as variables, then per step
 * the call and its check, in the order of repro_walk.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repro_internal.h"

/* the runtime's files, in the order they build on each other */
static const char *const rt_files[] = { "value.c", "repr.c", "ops.c",
	"args.c", "check.c", "isolate.c", "module.c", "socket.c", "textio.c", "file.c",
	"builtins.c", "stdio.c", NULL };

bool repro_c_impl(const char *impl)
{
	return strcmp(impl, "ref") == 0 || strcmp(impl, "ref-musl") == 0 ||
	       strcmp(impl, "ref-i386") == 0;
}

static char *load_rt(void)
{
	sbuf b = {0};
	for (int i = 0; rt_files[i]; i++) {
		char *rel = xasprintf("conformance/src/repro/rt/%s", rt_files[i]);
		char *path = proj_path(rel);
		char *t = repro_read_file(path);
		free(rel);
		if (!t) {
			fprintf(stderr, "sockspec repro: %s: cannot read\n", path);
			free(path);
			free(b.s);
			return NULL;
		}
		free(path);
		/* each file starts with core: no section runs on into it */
		sb_add(&b, "/*@core*/\n%s", t);
		free(t);
	}
	return b.s;
}

static bool used(const cctx *x, const char *names)
{
	/* names: the rest of a section marker line, "f_a f_b" and its end */
	for (size_t i = 0; i < x->nused; i++) {
		size_t l = strlen(x->used[i]);
		for (const char *p = names; (p = strstr(p, x->used[i])); p += l)
			if ((p == names || p[-1] == ' ') &&
			    (p[l] == ' ' || p[l] == '*'))
				return true;
	}
	return false;
}

/* the runtime: its core (before the first section) and the sections the
 * program calls (a section runs from its "/" "*@ NAMES *" "/" line to the
 * next) */
static void emit_rt(const cctx *x, sbuf *out)
{
	const char *p = x->rt;
	bool keep = true;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p + 1) : strlen(p);
		if (strncmp(p, "/*@core*/", 9) == 0)
			keep = true;
		else if (strncmp(p, "/*@ ", 4) == 0) {
			char *names = xasprintf("%.*s", (int)(len - 4), p + 4);
			keep = used(x, names);
			free(names);
		}
		else if (keep)
			sb_add(out, "%.*s", (int)len, p);
		p += len;
	}
}

static void header(const scase *c, const char *impl, sbuf *b)
{
	char *root = proj_path("");
	size_t rl = strlen(root);
	if (rl && root[rl - 1] == '/')
		root[rl - 1] = 0;
	const char *cc = "cc", *inc = "", *lib = "build/libsockref.a";
	if (strcmp(impl, "ref-musl") == 0) {
		cc = "musl-gcc -static";
		inc = " -isystem ROOT/build/musl/include";
		lib = "build/musl/libsockref.a";
	} else if (strcmp(impl, "ref-i386") == 0) {
		cc = "cc -m32";
		inc = " -isystem ROOT/build/i386/include";
		lib = "build/i386/libsockref.a";
	}
	sb_add(b, "/*\n * sockspec case %s, for %s:\n * the case's steps as a "
	       "plain C program against libsockref's public API\n * "
	       "(sockref.h), without the harness. Made by\n * `sockspec "
	       "repro %s --impl %s`.\n * Behaviours:", c->name, impl,
	       c->name, impl);
	for (size_t i = 0; i < c->nids; i++)
		sb_add(b, " %s", c->ids[i]);
	sb_add(b, "\n * socket.rst (Python 3.3) lines:");
	for (size_t i = 0; i < c->ndoc; i++)
		sb_add(b, " %d", c->doc_lines[i]);
	sb_add(b, "\n *\n * Build (ROOT: the sockspec checkout, %s;\n * "
	       "`make` builds %s):\n *   %s -std=c11 -Wall -Wextra -Werror "
	       "-IROOT/ref/include \\\n *    %s repro.c ROOT/%s -lm "
	       "-pthread -o repro\n", root, lib, cc, inc, lib);
	if (strcmp(impl, "ref") == 0)
		sb_add(b, " * or, with libsockref installed (`make install`):\n"
		       " *   cc -std=c11 repro.c $(pkg-config --cflags --libs "
		       "sockref) -lm -pthread -o repro\n");
	sb_add(b, " * Run:  ./repro\n * It exits 0 when every step holds, 1 "
	       "printing expected against observed\n * where libsockref "
	       "deviates, 2 where this program cannot go on (it says\n * "
	       "why). Like sockspec, it runs in private namespaces: it "
	       "starts itself\n * again under `unshare -nmu` (with -r when "
	       "not root; so `unshare -rnmu ./repro`\n * by hand): only "
	       "loopback, a private /tmp");
	if (c->fixture_hosts || c->fixture_services || c->fixture_protocols)
		sb_add(b, ", the case's /etc/hosts, services,\n * protocols "
		       "(copied in below)");
	sb_add(b, ". REPRO_NO_ISOLATE=1 runs it where it is.\n");
	repro_notes(c, " * ", true, b);
	if (c->locale)
		sb_add(b, " * Locale: it starts itself again with LC_ALL=%s.\n",
		       c->locale);
	sb_add(b, " */\n");
	free(root);
}

/* FIXTURES: the case's resolver files, name and text; HOSTS, LINKS,
 * ADDRS, ROUTES: its topology (each host a network namespace) */
static void fixture_entry(sbuf *b, const char *etc, const char *text)
{
	sb_add(b, "\t\"%s\", ", etc);
	c_str(b, text, strlen(text));
	sb_add(b, ",\n");
}

static int fixtures(const scase *c, sbuf *b, char *why, size_t cap)
{
	sb_add(b, "\nstatic const char *const FIXTURES[] = {\n");
	if (repro_fixtures(c, fixture_entry, b, why, cap) < 0)
		return -1;
	sb_add(b, "\tNULL\n};\n");
	/* the hosts, each a network namespace, unless they share one */
	bool own = c->nhosts > 1 && !c->isolate_sharednet;
	sb_add(b, "static const char *const HOSTS[] = {");
	for (size_t h = 0; own && h < c->nhosts; h++)
		sb_add(b, " \"%s\",", c->hosts[h]);
	sb_add(b, " NULL };\nstatic const int LINKS[] = {");
	for (size_t i = 0; own && i < c->nlinks; i++)
		sb_add(b, " %d, %d,", c->links[i].a, c->links[i].b);
	sb_add(b, " -1 };\nstatic const char *const ADDRS[] = {");
	for (size_t i = 0; own && i < c->naddrs; i++)
		sb_add(b, " \"%s\", \"%s\",", c->hosts[c->addrs[i].host],
		       c->addrs[i].cidr);
	sb_add(b, " NULL };\nstatic const char *const ROUTES[] = {");
	for (size_t i = 0; own && i < c->nroutes; i++)
		sb_add(b, " \"%s\", \"%s\",", c->hosts[c->routes[i].host],
		       c->routes[i].via);
	sb_add(b, " NULL };\n");
	return 0;
}

/* the step's condition to run: every bound name it reads has a value */
static void needs_walk(cctx *x, const step *st, const expr *e, sbuf *b)
{
	if (!e)
		return;
	if (e->kind == E_NAME && py_bound(&x->px, e->name)) {
		char *q = xasprintf("\"%s\", v_%s)", e->name, e->name);
		if (!b->s || !strstr(b->s, q))
			sb_add(b, "%shave(%d, T%d, %s, %s", b->len ? " &&\n\t    "
			       : "", st->line, st->line,
			       st->soft || x->px.c->soft ? "true" : "false", q);
		free(q);
		return;
	}
	needs_walk(x, st, e->obj, b);
	needs_walk(x, st, e->index, b);
	for (size_t i = 0; i < e->nargs; i++)
		needs_walk(x, st, e->args[i], b);
	for (size_t i = 0; i < e->nkw; i++)
		needs_walk(x, st, e->kwargs[i], b);
}

/* a step's text inside a C comment: no comment opens or closes in it */
static char *comment_safe(const char *t)
{
	sbuf b = {0};
	for (; *t; t++) {
		sb_add(&b, "%c", *t);
		if ((t[0] == '*' && t[1] == '/') || (t[0] == '/' && t[1] == '*'))
			sb_add(&b, " ");
	}
	return b.s ? b.s : xstrdup("");
}

/* the step's check of r, its value given as C text */
static void emit_check(cctx *x, const step *st, const char *val, sbuf *b)
{
	const check *k = &st->chk;
	static const char *const ops[] = { [C_EQ] = "==", [C_NE] = "!=",
		[C_LT] = "<", [C_LE] = "<=", [C_GT] = ">", [C_GE] = ">=",
		[C_IN] = "in", [C_NOTIN] = "not in" };
	if (k->kind >= C_EQ && k->kind <= C_NOTIN) {
		sb_add(b, "\t\tr = got(%s);\n\t\tr = ok_cmp(r, \"%s\", is_err(r) "
		       "? NULL : ", val, ops[k->kind]);
		c_expr(x, b, k->rhs);
		sb_add(b, ");\n");
	} else if (k->kind == C_IS) {
		sb_add(b, "\t\tr = ok_is(%s, \"%s\");\n", val, k->type);
	} else if (k->kind == C_RAISES) {
		long long code = k->code;
		int kind = k->code_none ? 2 : k->has_code ? 1 : 0;
		if (k->has_code && k->code_name &&
		    !(strcmp(k->exc, "herror") == 0 &&
		      herrno_by_name(k->code_name, &code) == 0) &&
		    const_by_name(k->code_name, &code) < 0)
			c_cannot(x, st->line, "the unknown code %s",
				 k->code_name);
		sb_add(b, "\t\tr = ok_raises(%s, \"%s\", %s, %d, %lldLL", val,
		       k->exc, k->exact ? "true" : "false", kind, code);
		sb_add(b, ", ");
		if (k->msg_re)
			c_str(b, k->msg_re, strlen(k->msg_re));
		else
			sb_add(b, "NULL");
		sb_add(b, ", %s%s%s);", k->msg_fn ? "\"" : "",
		       k->msg_fn ? k->msg_fn : "NULL", k->msg_fn ? "\"" : "");
		if (k->has_code && k->code_name)
			sb_add(b, " /* %s */", k->code_name);
		sb_add(b, "\n");
	} else {
		sb_add(b, "\t\tr = ok_value(%s);\n", val);
	}
	if (st->unpack)
		sb_add(b, "\t\tr = unpack_n(r, %zu);\n", st->ntargets);
}

/* one step: its text, the condition it runs on, the call and its check,
 * then its names bound */
static void emit_step(cctx *x, const step *st, const char *val,
		      const char *cond, sbuf *b)
{
	bool soft = st->soft || x->px.c->soft;
	char *text = comment_safe(st->text);
	sb_add(b, "\t/* line %d: %s */\n\tr = NULL;\n", st->line, text);
	free(text);
	if (cond && *cond)
		sb_add(b, "\tif (%s) {\n", cond);
	else
		sb_add(b, "\t{\n");
	sb_add(b, "\t\tat(%d, T%d, %s, %g, %g);\n", st->line, st->line,
	       soft ? "true" : "false", st->chk.has_within ? st->chk.lo : 0,
	       st->chk.has_within ? st->chk.hi : -1);
	emit_check(x, st, val, b);
	sb_add(b, "\t}\n");
	for (size_t i = 0; i < st->ntargets; i++) {
		if (strcmp(st->targets[i], "_") == 0)
			continue;
		if (st->unpack)
			sb_add(b, "\tv_%s = r ? r->it[%zu] : NULL;\n",
			       st->targets[i], i);
		else
			sb_add(b, "\tv_%s = r;\n", st->targets[i]);
	}
	for (size_t i = 0; i < st->ntargets; i++)
		py_bind(&x->px, st->targets[i]);
}

typedef struct cwalk {
	cctx *x;
	sbuf *body;
	sbuf *texts;   /* T<line>: each step's text */
	int host;      /* the host whose namespace the program is in */
} cwalk;

/* into the step's host's network namespace, when the case has several */
static void to_host(cwalk *w, const step *st)
{
	const scase *c = w->x->px.c;
	if (c->nhosts < 2 || c->isolate_sharednet || st->host == w->host)
		return;
	sb_add(w->body, "\thost(%d); /* @%s */\n", st->host,
	       c->hosts[st->host]);
	w->host = st->host;
}

static void step_text(cwalk *w, const step *st)
{
	sb_add(w->texts, "static const char T%d[] = ", st->line);
	c_str(w->texts, st->text, strlen(st->text));
	sb_add(w->texts, ";\n");
}

static void c_step(void *ctx, const step *st)
{
	cwalk *w = ctx;
	cctx *x = w->x;
	sbuf val = {0}, cond = {0};
	step_text(w, st);
	needs_walk(x, st, st->e, &cond);
	if (st->chk.rhs)
		needs_walk(x, st, st->chk.rhs, &cond);
	if (st->async)
		x->bg_line = st->line;
	c_expr(x, &val, st->e);
	x->bg_line = 0;
	to_host(w, st);
	if (st->traced)
		sb_add(w->body, "\t/* traced: sockspec also checks the system "
		       "calls of this step (strace -f) */\n");
	if (st->async) {
		char *text = comment_safe(st->text);
		for (size_t i = 0; i < x->nbg_names; i++)
			sb_add(&x->defs, "static V bg%d_%s;\n", st->line,
			       x->bg_names[i]);
		sb_add(&x->defs, "/* line %d, in the background */\nstatic V "
		       "bg_%d(void)\n{\n\treturn %s;\n}\n", st->line, st->line,
		       val.s);
		sb_add(w->body, "\t/* line %d: %s  (in the background, with "
		       "the values its names have now) */\n", st->line, text);
		for (size_t i = 0; i < x->nbg_names; i++) {
			sb_add(w->body, "\tbg%d_%s = v_%s;\n", st->line,
			       x->bg_names[i], x->bg_names[i]);
			free(x->bg_names[i]);
		}
		x->nbg_names = 0;
		sb_add(w->body, "\tpending[%d] = %s%s%sbackground(bg_%d);\n",
		       st->host, cond.len ? "!(" : "", cond.len ? cond.s : "",
		       cond.len ? ") ? NULL : " : "", st->line);
		free(text);
	} else {
		emit_step(x, st, val.s, cond.s, w->body);
	}
	free(val.s);
	free(cond.s);
}

static void c_collect(void *ctx, const step *st)
{
	cwalk *w = ctx;
	char val[64], cond[64];
	snprintf(val, sizeof val, "collect(pending[%d])", st->host);
	snprintf(cond, sizeof cond, "pending[%d]", st->host);
	to_host(w, st);
	sb_add(w->body, "\t/* the reply of line %d, started in the background "
	       "*/\n", st->line);
	emit_step(w->x, st, val, cond, w->body);
	sb_add(w->body, "\tpending[%d] = NULL;\n", st->host);
}

static void c_sleep(void *ctx, double seconds)
{
	cwalk *w = ctx;
	sb_add(w->body, "\tusleep(%.0f);\n", seconds * 1e6);
}

int repro_c(const scase *c, const char *impl, sbuf *out, char *why,
	    size_t cap)
{
	cctx x = { .px = { .c = c } };
	sbuf body = {0}, texts = {0};
	int rc = -1;
	if (!(x.rt = load_rt())) {
		snprintf(why, cap, "the C runtime (conformance/src/repro/rt) "
			 "cannot be read");
		return -1;
	}
	static const walk_ops ops = { c_step, c_collect, c_sleep };
	cwalk w = { &x, &body, &texts, 0 };
	repro_walk(c, &ops, &w);
	if (x.px.why[0]) {
		snprintf(why, cap, "%s", x.px.why);
		goto out;
	}
	header(c, impl, out);
	emit_rt(&x, out);
	sb_add(out, "/* ---- end of the runtime; the case follows */\n");
	if (fixtures(c, out, why, cap) < 0)
		goto out;
	sb_add(out, "\n/* the case's names */\n");
	for (size_t i = 0; i < x.px.nbound; i++)
		sb_add(out, "static V v_%s;\n", x.px.bound[i]);
	sb_add(out, "/* the pending background step of each host */\n"
	       "static UNUSED bg *pending[%zu];\n\n/* the steps' text */\n%s\n",
	       c->nhosts ? c->nhosts : 1, texts.s ? texts.s : "");
	if (x.defs.s)
		sb_add(out, "%s\n", x.defs.s);
	sb_add(out, "int main(int argc, char **argv)\n{\n\tV r;\n\t(void)argc;\n"
	       "\tisolate(argv, \"%s\", FIXTURES, HOSTS, LINKS, ADDRS,\n\t\tROUTES);\n%s"
	       "\tcase_timeout(%g);\n\n", c->locale ? c->locale : "C.UTF-8",
	       c->isolate_nocap ? "\tdrop_sys_admin();\n" : "", c->timeout);
	sb_add(out, "%s\t(void)r;\n\tfinish();\n}\n", body.s ? body.s : "");
	rc = 0;
out:
	free(body.s);
	free(texts.s);
	free(x.defs.s);
	free(x.bg_names);
	free((char *)x.rt);
	for (size_t i = 0; i < x.nused; i++)
		free(x.used[i]);
	free(x.used);
	for (size_t i = 0; i < x.px.nbound; i++)
		free(x.px.bound[i]);
	free(x.px.bound);
	free(x.px.consts);
	return rc;
}
