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
/* the bound names expression e reads, as a Python tuple's items */
void py_needs(pyctx *x, sbuf *b, const expr *e);

/* ---- repro_py.c ---- */
/* The whole program for a Python implementation: 0, or -1 with why */
int repro_python(const scase *c, const char *impl, sbuf *out, char *why,
		 size_t cap);

#endif
