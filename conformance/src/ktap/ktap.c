/*
 * ktap.c — results as KTAP version 1 (Documentation/dev-tools/ktap.rst),
 * laid out as KUnit and kselftest lay theirs out, so the kernel's own
 * parser (tools/testing/kunit/kunit_parser.py) reads it:
 *
 *   KTAP version 1
 *   1..AREAS
 *       KTAP version 1
 *       # Subtest: AREA
 *       1..CASES
 *       ok 1 CASE
 *       ok 2 CASE # SKIP reason
 *       ok 3 CASE # XFAIL reason
 *       # reason
 *       not ok 4 CASE
 *   not ok 1 AREA
 *   ...
 *   # Totals: pass:N fail:N xfail:N xpass:N skip:N error:N
 *
 * Names are the case file's directory (AREA) and name, never numbered.
 * With more than one column (implementation, kernel, platform, peer) in
 * the files, each column is a subtest of its own holding its areas.
 */
#include <stdlib.h>
#include <string.h>

#include "ktap_internal.h"

#define INDENT 4

/* Columns in the order the files first name them. */
typedef struct columns {
	char **key;
	size_t n;
} columns;

static char *column_key(const ktap_rec *r)
{
	return xasprintf("%s\t%s\t%s\t%s", r->impl, r->kernel, r->platform,
			 r->peer);
}

static size_t column_index(columns *c, const ktap_rec *r)
{
	char *k = column_key(r);
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->key[i], k) == 0) {
			free(k);
			return i;
		}
	c->key = xrealloc(c->key, (c->n + 1) * sizeof *c->key);
	c->key[c->n] = k;
	return c->n++;
}

/* A column's name: the implementation (with its interop partner), and
 * the kernel and platform only where the files hold more than one. */
static void name_columns(ktap_set *s)
{
	bool kernels = false, platforms = false;
	for (size_t i = 1; i < s->n; i++) {
		kernels |= strcmp(s->r[i].kernel, s->r[0].kernel) != 0;
		platforms |= strcmp(s->r[i].platform, s->r[0].platform) != 0;
	}
	for (size_t i = 0; i < s->n; i++) {
		ktap_rec *r = &s->r[i];
		char *n = xasprintf("%s%s%s%s%s%s%s", r->impl,
				    *r->peer ? "+" : "", r->peer,
				    kernels ? "@" : "", kernels ? r->kernel : "",
				    platforms ? "/" : "",
				    platforms ? r->platform : "");
		for (char *p = n; *p; p++)
			if (*p == '#' || *p == ' ')
				*p = '_';
		r->column = n;
	}
}

static int by_place(const void *a, const void *b)
{
	const ktap_rec *x = a, *y = b;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	int c = strcmp(x->area, y->area);
	return c ? c : strcmp(x->name, y->name);
}

/* Records of one column, then of one area, are neighbours, in name
 * order; the columns in the order the files first name them. */
static size_t order(ktap_set *s)
{
	columns c = {0};
	for (size_t i = 0; i < s->n; i++)
		s->r[i].col = column_index(&c, &s->r[i]);
	qsort(s->r, s->n, sizeof *s->r, by_place);
	size_t n = c.n;
	for (size_t i = 0; i < c.n; i++)
		free(c.key[i]);
	free(c.key);
	return n;
}

/* The same case twice in a column is two answers to one question. */
static int duplicates(const ktap_set *s)
{
	int bad = 0;
	for (size_t i = 1; i < s->n; i++) {
		const ktap_rec *a = &s->r[i - 1], *b = &s->r[i];
		if (a->col == b->col &&
		    strcmp(a->area, b->area) == 0 &&
		    strcmp(a->name, b->name) == 0) {
			fprintf(stderr, "%s: %s/%s [%s] is recorded again "
				"(first at %s)\n", b->where, b->area, b->name,
				b->column, a->where);
			bad = 1;
		}
	}
	return bad ? -1 : 0;
}

static void pad(FILE *out, int depth)
{
	fprintf(out, "%*s", depth * INDENT, "");
}

static const char *directive(ktap_kind k)
{
	switch (k) {
	case K_SKIP: return "SKIP";
	case K_XFAIL: return "XFAIL";
	case K_XPASS: return "XPASS";
	default: return NULL;
	}
}

static void write_case(FILE *out, int depth, size_t num, const ktap_rec *r,
		       size_t *totals)
{
	totals[r->kind]++;
	for (size_t k = 0; k < r->ndiag; k++) {
		pad(out, depth);
		fprintf(out, "# %s%s\n", r->flaky && k == 0 ? "flaky: " : "",
			r->diag[k]);
	}
	bool bad = r->kind == K_FAIL || r->kind == K_ERROR;
	const char *d = directive(r->kind);
	pad(out, depth);
	fprintf(out, "%s %zu %s", bad ? "not ok" : "ok", num, r->name);
	if (d)
		fprintf(out, " # %s%s%s", d, *r->reason ? " " : "", r->reason);
	fputc('\n', out);
}

/* The result line of a subtest of [lo, hi): not ok when a case in it
 * failed or broke; a skip when every case skipped. */
static void write_parent(FILE *out, int depth, size_t num, const char *name,
			 const ktap_rec *r, size_t lo, size_t hi)
{
	size_t bad = 0, skipped = 0;
	for (size_t i = lo; i < hi; i++) {
		bad += r[i].kind == K_FAIL || r[i].kind == K_ERROR;
		skipped += r[i].kind == K_SKIP;
	}
	pad(out, depth);
	if (bad)
		fprintf(out, "not ok %zu %s\n", num, name);
	else if (skipped == hi - lo)
		fprintf(out, "ok %zu %s # SKIP every case skipped\n", num, name);
	else
		fprintf(out, "ok %zu %s\n", num, name);
}

static void header(FILE *out, int depth, const char *name, size_t plan)
{
	pad(out, depth);
	fprintf(out, "KTAP version 1\n");
	if (name) {
		pad(out, depth);
		fprintf(out, "# Subtest: %s\n", name);
	}
	pad(out, depth);
	fprintf(out, "1..%zu\n", plan);
}

/* The areas of [lo, hi) (one column), each a subtest at depth + 1. */
static void write_areas(FILE *out, int depth, const ktap_rec *r, size_t lo,
			size_t hi, size_t *totals)
{
	size_t num = 0;
	for (size_t a = lo; a < hi;) {
		size_t b = a;
		while (b < hi && strcmp(r[b].area, r[a].area) == 0)
			b++;
		header(out, depth + 1, r[a].area, b - a);
		for (size_t i = a; i < b; i++)
			write_case(out, depth + 1, i - a + 1, &r[i], totals);
		write_parent(out, depth, ++num, r[a].area, r, a, b);
		a = b;
	}
}

static size_t count_areas(const ktap_rec *r, size_t lo, size_t hi)
{
	size_t n = 0;
	for (size_t i = lo; i < hi; i++)
		n += i == lo || strcmp(r[i].area, r[i - 1].area) != 0;
	return n;
}

int ktap_write(int nfiles, char **files, FILE *out)
{
	ktap_set s = {0};
	size_t ncol = 0;
	int bad = 0;
	for (int k = 0; k < nfiles; k++)
		if (ktap_read(&s, files[k]) < 0)
			bad = 1;
	if (!bad) {
		name_columns(&s);
		ncol = order(&s);
		bad = duplicates(&s) < 0;
	}
	if (bad) {
		ktap_free(&s);
		return KTAP_BAD;
	}
	size_t totals[K_NKINDS] = {0};
	if (ncol <= 1) {
		header(out, 0, NULL, count_areas(s.r, 0, s.n));
		write_areas(out, 0, s.r, 0, s.n, totals);
	} else {
		header(out, 0, NULL, ncol);
		size_t num = 0;
		for (size_t c = 0; c < s.n;) {
			size_t d = c;
			while (d < s.n && s.r[d].col == s.r[c].col)
				d++;
			header(out, 1, s.r[c].column, count_areas(s.r, c, d));
			write_areas(out, 1, s.r, c, d, totals);
			write_parent(out, 0, ++num, s.r[c].column, s.r, c, d);
			c = d;
		}
	}
	fprintf(out, "# Totals: pass:%zu fail:%zu xfail:%zu xpass:%zu "
		"skip:%zu error:%zu\n", totals[K_PASS], totals[K_FAIL],
		totals[K_XFAIL], totals[K_XPASS], totals[K_SKIP],
		totals[K_ERROR]);
	fflush(out);
	ktap_free(&s);
	if (ferror(out))
		return KTAP_BAD;
	return totals[K_FAIL] || totals[K_ERROR] || totals[K_XPASS] ? KTAP_FAIL
								   : KTAP_OK;
}

int cmd_ktap(int argc, char **argv)
{
	if (argc < 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: sockspec ktap RESULTS...   (files, or "
			"directories of *.jsonl)\n"
			"  KTAP version 1 on stdout; exit 0 when every case "
			"passed, skipped or failed as expected,\n"
			"  1 when one failed, broke or passed unexpectedly, "
			"2 on bad input\n");
		return KTAP_BAD;
	}
	return ktap_write(argc - 1, argv + 1, stdout);
}
