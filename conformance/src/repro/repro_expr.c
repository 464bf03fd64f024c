/*
 * repro_expr.c — a case's expressions and literals as Python text. The
 * case language is Python's expression syntax with three kinds of name:
 * a name an earlier step bound (a Python variable here), an UPPERCASE
 * constant (libsockref's value, as the harness sends it: defined at the
 * top of the program), and any other name, the module's attribute
 * (socket.NAME). Module calls go to the module under test, or to the
 * runtime's helper of the adapter's name (os_pipe, fd_count...).
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repro_internal.h"

void sb_add(sbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (b->len + (size_t)n + 1 > b->cap) {
		b->cap = (b->len + (size_t)n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void sb_pystr(sbuf *b, const char *s, size_t len)
{
	value *v = v_str(s, len);
	char *f = v_format(v);
	sb_add(b, "%s", f);
	free(f);
	v_free(v);
}

bool py_bound(const pyctx *x, const char *name)
{
	for (size_t i = 0; i < x->nbound; i++)
		if (strcmp(x->bound[i], name) == 0)
			return true;
	return false;
}

void py_bind(pyctx *x, const char *name)
{
	if (strcmp(name, "_") == 0 || py_bound(x, name))
		return;
	x->bound = xrealloc(x->bound, (x->nbound + 1) * sizeof *x->bound);
	x->bound[x->nbound++] = xstrdup(name);
}

/* names of the runtime and the program that a case's own would hide */
static const char *const reserved[] = { "socket", "os", "sys", "re",
	"gc", "time", "errno", "struct", "threading", "step", "sync",
	"background", "tmp", "pack", "unpack", "pack_ints", "unpack_ints",
	"strerror", "gai_strerror", "hstrerror", "fd_count", "len", "bytes",
	"type", "float", "repr", "bytearray", "memoryview", "lambda", "def",
	"class", "from", "import", "global", "pass", "with", "as", "if",
	"else", "for", "while", "try", "except", "finally", "raise", "return",
	"yield", "del", "assert", "and", "or", "not", "is", "in", "None",
	"True", "False", "print", "id", "list", "tuple", "dict", "str", "int",
	"stdout", "exit_status", NULL };

const char *py_name(const char *name, char *buf, size_t cap)
{
	for (int i = 0; reserved[i]; i++)
		if (strcmp(reserved[i], name) == 0) {
			snprintf(buf, cap, "%s_", name);
			return buf;
		}
	return name;
}

void py_const(pyctx *x, sbuf *b, const char *name)
{
	bool have = false;
	for (size_t i = 0; i < x->nconsts && !have; i++)
		have = strcmp(x->consts[i], name) == 0;
	if (!have) {
		x->consts = xrealloc(x->consts,
				     (x->nconsts + 1) * sizeof *x->consts);
		x->consts[x->nconsts++] = xstrdup(name);
	}
	sb_add(b, "%s", name);
}

void py_value(sbuf *b, const value *v)
{
	switch (v->kind) {
	case V_FLOAT:
		if (isnan(v->f))
			sb_add(b, "float('nan')");
		else if (isinf(v->f))
			sb_add(b, "%sfloat('inf')", v->f < 0 ? "-" : "");
		else {
			char *f = v_format(v);
			sb_add(b, "%s", f);
			free(f);
		}
		return;
	case V_TUPLE:
	case V_LIST:
	case V_DICT: {
		bool t = v->kind == V_TUPLE, d = v->kind == V_DICT;
		sb_add(b, "%s", t ? "(" : d ? "{" : "[");
		for (size_t i = 0; i < v->len; i++) {
			if (i)
				sb_add(b, d && i % 2 ? ": " : ", ");
			py_value(b, v->items[i]);
		}
		sb_add(b, "%s", t ? (v->len == 1 ? ",)" : ")") : d ? "}" : "]");
		return;
	}
	default: {
		char *f = v_format(v);
		sb_add(b, "%s", f);
		free(f);
		return;
	}
	}
}

/* the adapter's helpers, answered as module calls: the runtime has a
 * function of each name */
static bool helper_name(const char *n)
{
	static const char *const h[] = { "os_pipe", "os_fcntl", "os_ioctl",
		"os_read", "os_write", "os_close", "os_get_blocking",
		"os_fstat_ino", "os_open_devnull", "fd_count",
		"os_get_inheritable", "os_setrlimit_nofile", "strerror",
		"gai_strerror", "hstrerror", "repr", "len", "type", "bytes",
		"bytearray", "memoryview", "float", "tmp", "pack", "unpack",
		"pack_ints", "unpack_ints", "netns_links", "stdout", "exit_status",
		NULL };
	for (int i = 0; h[i]; i++)
		if (strcmp(h[i], n) == 0)
			return true;
	return false;
}

bool repro_peer_builtin(const char *n)
{
	static const char *const p[] = { "peer_start", "peer_stop",
		"peer_wait", "peer_run", "fixture_path", "candump_frames",
		NULL };
	for (int i = 0; p[i]; i++)
		if (strcmp(p[i], n) == 0)
			return true;
	return false;
}

static void args(pyctx *x, sbuf *b, const expr *e)
{
	for (size_t i = 0; i < e->nargs; i++) {
		if (i)
			sb_add(b, ", ");
		py_expr(x, b, e->args[i]);
	}
	for (size_t i = 0; i < e->nkw; i++) {
		if (i || e->nargs)
			sb_add(b, ", ");
		sb_add(b, "%s=", e->kwnames[i]);
		py_expr(x, b, e->kwargs[i]);
	}
}

/* fixture('REL'): the file's bytes, copied in */
static void fixture_bytes(pyctx *x, sbuf *b, const expr *e)
{
	if (e->nargs != 1 || e->args[0]->kind != E_LITERAL ||
	    e->args[0]->lit->kind != V_STR) {
		snprintf(x->why, sizeof x->why, "fixture() of a computed name");
		return;
	}
	char *rel = xasprintf("fixtures/%s", e->args[0]->lit->s);
	char *path = proj_path(rel);
	free(rel);
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(x->why, sizeof x->why, "fixture %s: cannot read", path);
		free(path);
		return;
	}
	sbuf raw = {0};
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
		if (raw.len + n + 1 > raw.cap) {
			raw.cap = (raw.len + n + 1) * 2;
			raw.s = xrealloc(raw.s, raw.cap);
		}
		memcpy(raw.s + raw.len, buf, n);
		raw.len += n;
	}
	fclose(f);
	free(path);
	value *v = v_bytes(raw.s ? raw.s : "", raw.len);
	py_value(b, v);
	v_free(v);
	free(raw.s);
}

static void call(pyctx *x, sbuf *b, const expr *e)
{
	char nb[96];
	if (!e->obj) {
		if (strcmp(e->name, "(tuple)") == 0 ||
		    strcmp(e->name, "(list)") == 0) {
			bool t = e->name[1] == 't';
			sb_add(b, "%s", t ? "(" : "[");
			args(x, b, e);
			sb_add(b, "%s", t ? (e->nargs == 1 ? ",)" : ")") : "]");
			return;
		}
		if (strcmp(e->name, "fixture") == 0) {
			fixture_bytes(x, b, e);
			return;
		}
		if (repro_peer_builtin(e->name)) {
			snprintf(x->why, sizeof x->why, "%s(): an independent "
				 "peer program the harness runs beside the "
				 "adapter", e->name);
			sb_add(b, "None");
			return;
		}
		if (strcmp(e->name, "issubclass") == 0) {
			sb_add(b, "_issubclass_named(");
			args(x, b, e);
			sb_add(b, ")");
			return;
		}
		if (strcmp(e->name, "drop") == 0 && e->nargs == 1 &&
		    e->args[0]->kind == E_NAME) {
			sb_add(b, "_drop('%s')", py_name(e->args[0]->name, nb,
							 sizeof nb));
			return;
		}
		/* print(): into the capture stdout() reads, not the
		 * reproducer's own report */
		sb_add(b, "%s%s(", helper_name(e->name) ? "" :
		       strcmp(e->name, "print") == 0 ? "_" : "socket.",
		       e->name);
		args(x, b, e);
		sb_add(b, ")");
		return;
	}
	if (e->obj->kind == E_NAME && !py_bound(x, e->obj->name) &&
	    (strcmp(e->obj->name, "socket") == 0 ||
	     strcmp(e->obj->name, "os") == 0 ||
	     strcmp(e->obj->name, "sys") == 0)) {
		/* socket.f(): the module; os.f(): the adapter's os_f helper;
		 * sys.exit(): the interpreter's */
		const char *m = e->obj->name;
		sb_add(b, "%s%s(", strcmp(m, "os") == 0 ? "os_" :
		       strcmp(m, "sys") == 0 ? "sys." : "socket.", e->name);
		args(x, b, e);
		sb_add(b, ")");
		return;
	}
	if (strcmp(e->name, "recv_into") == 0 ||
	    strcmp(e->name, "recvfrom_into") == 0 ||
	    strcmp(e->name, "recvmsg_into") == 0) {
		/* a size where a buffer goes: the harness's older form */
		sb_add(b, "_sized(");
		py_expr(x, b, e->obj);
		sb_add(b, ", '%s'%s", e->name, e->nargs || e->nkw ? ", " : "");
		args(x, b, e);
		sb_add(b, ")");
		return;
	}
	/* an object made inside the expression stays alive, as the
	 * adapter's handle table keeps it (a temporary closed at once
	 * would close its descriptor under the call) */
	bool keep = e->obj->kind == E_CALL && e->obj->name[0] != '(';
	sb_add(b, "%s", keep ? "_keep(" : "");
	py_expr(x, b, e->obj);
	sb_add(b, "%s.%s(", keep ? ")" : "", e->name);
	args(x, b, e);
	sb_add(b, ")");
}

void py_expr(pyctx *x, sbuf *b, const expr *e)
{
	char nb[96];
	switch (e->kind) {
	case E_LITERAL:
		py_value(b, e->lit);
		return;
	case E_NAME:
		if (py_bound(x, e->name))
			sb_add(b, "%s", py_name(e->name, nb, sizeof nb));
		else if (case_const_name(e->name))
			py_const(x, b, e->name);
		else
			sb_add(b, "socket.%s", e->name);
		return;
	case E_CALL:
		call(x, b, e);
		return;
	case E_ATTR:
		if (e->obj->kind == E_NAME && !py_bound(x, e->obj->name) &&
		    strcmp(e->obj->name, "socket") == 0)
			sb_add(b, "socket.%s", e->name);
		else {
			py_expr(x, b, e->obj);
			sb_add(b, ".%s", e->name);
		}
		return;
	case E_INDEX:
		py_expr(x, b, e->obj);
		sb_add(b, "[");
		py_expr(x, b, e->index);
		sb_add(b, "]");
		return;
	case E_BINOP:
		sb_add(b, "(");
		py_expr(x, b, e->obj);
		sb_add(b, " %s ", e->name);
		py_expr(x, b, e->index);
		sb_add(b, ")");
		return;
	case E_UNOP:
		sb_add(b, "(%s", e->name);
		py_expr(x, b, e->obj);
		sb_add(b, ")");
		return;
	case E_SLICE:
		py_expr(x, b, e->obj);
		sb_add(b, "[");
		for (int i = 0; i < 3; i++) {
			if (i)
				sb_add(b, ":");
			if (e->args[i])
				py_expr(x, b, e->args[i]);
		}
		sb_add(b, "]");
		return;
	}
}

static void needs_walk(pyctx *x, sbuf *b, const expr *e)
{
	char nb[96];
	if (!e)
		return;
	if (e->kind == E_NAME && py_bound(x, e->name)) {
		const char *n = py_name(e->name, nb, sizeof nb);
		char *q = xasprintf("'%s', ", n);
		if (!b->s || !strstr(b->s, q))
			sb_add(b, "%s", q);
		free(q);
		return;
	}
	needs_walk(x, b, e->obj);
	needs_walk(x, b, e->index);
	for (size_t i = 0; i < e->nargs; i++)
		needs_walk(x, b, e->args[i]);
	for (size_t i = 0; i < e->nkw; i++)
		needs_walk(x, b, e->kwargs[i]);
}

void py_needs(pyctx *x, sbuf *b, const expr *e)
{
	needs_walk(x, b, e);
}
