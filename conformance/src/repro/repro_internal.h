/*
 * repro_internal.h — between the files of repro/ only: a growing text
 * buffer, and what the Python writer needs from the case.
 */
#ifndef SOCKSPEC_REPRO_INTERNAL_H
#define SOCKSPEC_REPRO_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "repro.h"
#include "lang/lang.h"

typedef struct sbuf {
	char *s;
	size_t len, cap;
} sbuf;
void sb_add(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* s as a Python str literal (repr), escapes and all */
void sb_pystr(sbuf *b, const char *s, size_t len);

/* What the Python text of a case needs besides the steps: the UPPERCASE
 * constants it names (defined at the top with libsockref's values, as
 * the harness sends them), the names steps have bound so far, and why
 * a case cannot be written (a peer program, a fixture path). */
typedef struct pyctx {
	const scase *c;
	char **consts;
	size_t nconsts;
	char **bound;
	size_t nbound;
	char why[256];      /* non-empty: no standalone program */
} pyctx;

/* ---- repro_expr.c ---- */
bool py_bound(const pyctx *x, const char *name);
void py_bind(pyctx *x, const char *name);
/* a case's name as a Python name (one the runtime uses gets a '_') */
const char *py_name(const char *name, char *buf, size_t cap);
void py_value(sbuf *b, const value *v);
void py_expr(pyctx *x, sbuf *b, const expr *e);
/* a constant as used: remembered for the definitions block */
void py_const(pyctx *x, sbuf *b, const char *name);
/* a builtin of the harness's own, its peers and their fixtures
 * (peer_start...): no standalone program has it */
bool repro_peer_builtin(const char *name);
/* the bound names expression e reads, as a Python tuple's items */
void py_needs(pyctx *x, sbuf *b, const expr *e);

/* ---- repro_walk.c ---- */
/* What a writer does with each step of the walk: a step (with `&`, its
 * start in the background), the collection of a background step's reply,
 * a `sleep`. */
typedef struct walk_ops {
	void (*step)(void *ctx, const step *st);
	void (*collect)(void *ctx, const step *st);
	void (*sleep)(void *ctx, double seconds);
} walk_ops;
void repro_walk(const scase *c, const walk_ops *ops, void *ctx);
/* a whole file, NUL-terminated, or NULL */
char *repro_read_file(const char *path);
/* the case's resolver fixtures, each given to put with its /etc name
 * (hosts, services, protocols) and its text: 0, or -1 with why when a
 * file cannot be read */
typedef void (*repro_fixture_fn)(sbuf *b, const char *etc, const char *text);
int repro_fixtures(const scase *c, repro_fixture_fn put, sbuf *b,
		   char *why, size_t cap);
/* the header's notes on what the case needs (hosts, kernel modules,
 * capabilities), each comment line starting with pfx; own_netns: the
 * program gives each host a network namespace of its own */
void repro_notes(const scase *c, const char *pfx, bool own_netns, sbuf *b);

/* ---- repro_py.c ---- */
/* The whole program for a Python implementation: 0, or -1 with why */
int repro_python(const scase *c, const char *impl, sbuf *out, char *why,
		 size_t cap);

/* ---- repro_c*.c: a case as C against libsockref ---- */
/* What the C text of a case needs besides the steps: the names bound so
 * far and why a case cannot be written (pyctx, shared with the Python
 * writer; why is "FILE:LINE: the construct"), the runtime's sections the
 * program calls (rt/), and the functions of its background steps. */
typedef struct cctx {
	pyctx px;
	const char *rt;      /* the runtime's text (the files of rt/, in order) */
	char **used;         /* the sections called: f_NAME, m_NAME, attr */
	size_t nused;
	sbuf defs;           /* bg_LINE() of each `&` step */
	/* writing a background step's expression: the names it reads are
	 * copies taken when it starts (bgLINE_NAME), as the harness sends
	 * their values then */
	int bg_line;
	char **bg_names;
	size_t nbg_names;
} cctx;

/* repro_c_expr.c */
void c_expr(cctx *x, sbuf *b, const expr *e);
void c_value(cctx *x, sbuf *b, const value *v);
/* a C string literal of s's bytes */
void c_str(sbuf *b, const char *s, size_t len);
/* a runtime section the program calls; false when there is none (and
 * why, saying what, unless what is NULL) */
bool c_use(cctx *x, const char *section, const expr *at, const char *what);
void c_cannot(cctx *x, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* repro_c.c: the whole program for ref, ref-musl, ref-i386: 0, or -1
 * with why ("FILE:LINE: no C reproducer: the construct") */
int repro_c(const scase *c, const char *impl, sbuf *out, char *why,
	    size_t cap);
bool repro_c_impl(const char *impl);

#endif
