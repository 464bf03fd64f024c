/*
 * report.c — the case × column matrix of `sockspec report` (report.h),
 * built from results files; report_text.c, report_summary.c and report_page.c (to html/) write it,
 * report_cmd.c is the command. Results are read as cells (cells.c); every cell is
 * shown exactly once: two records for the same case and column are
 * refused, so the page can be checked against the results cell by cell.
 */
#include "report_model.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

static const char *const symbols[O_NOUTCOMES] = {
	[O_PASSED] = "\u2713",   /* check mark */
	[O_FAILED] = "\u2717",   /* ballot x */
	[O_SKIPPED] = "\u2013",  /* en dash */
	[O_XFAIL] = "\u2298",    /* circled slash: failed as expected */
	[O_XPASS] = "!",
	[O_BROKEN] = "\u203c",   /* double exclamation */
	[O_FLAKY] = "~",         /* passed on a retry */
	[O_UNSUPPORTED] = "\u2205", /* empty set: the name is not there */
};

const char *outcome_symbol(int o)
{
	return o >= 0 && o < O_NOUTCOMES && symbols[o] ? symbols[o] : "?";
}

const char *cell_detail(const cell *c)
{
	return record_str(c->v, "detail");
}

double cell_duration(const cell *c)
{
	double d;
	return record_num(c->v, "duration", &d) ? d : -1;
}

/* Worse outcomes rank higher; a row's worst decides its filter class. */
static int badness(int o)
{
	static const int rank[O_NOUTCOMES] = {
		[O_PASSED] = 0, [O_XFAIL] = 1, [O_SKIPPED] = 2,
		[O_FLAKY] = 3, [O_XPASS] = 4, [O_FAILED] = 5, [O_BROKEN] = 6,
		[O_UNSUPPORTED] = 2,
	};
	/* an outcome this build does not rank: as bad as broken */
	return o >= 0 && o < O_NOUTCOMES && (o == O_PASSED || rank[o])
	       ? rank[o] : rank[O_BROKEN];
}

void rcol_label(const rcol *c, char *buf, size_t cap)
{
	char line[24], kern[160];
	kernel_line(c->kernel, line, sizeof line);
	snprintf(kern, sizeof kern, "%s (line %s)", c->kernel, line);
	snprintf(buf, cap, "%s%s%s, %s, %s%s%s", c->impl,
		 c->impl_version[0] ? " " : "", c->impl_version,
		 c->kernel[0] ? kern : "kernel ?",
		 c->platform[0] ? c->platform : "platform ?",
		 c->peer[0] ? ", peer " : "", c->peer);
}

/* ---- columns ---- */

static bool same_col(const rcol *c, const cell *r)
{
	return strcmp(c->impl, r->impl) == 0 &&
	       strcmp(c->kernel, r->kernel) == 0 &&
	       strcmp(c->platform, r->platform) == 0 &&
	       strcmp(c->peer, r->peer) == 0;
}

static size_t col_of(const report *rp, const cell *r)
{
	for (size_t k = 0; k < rp->ncols; k++)
		if (same_col(&rp->cols[k], r))
			return k;
	return rp->ncols;
}

/* The reference implementation first, then the Pythons, then others. */
static int impl_rank(const char *impl)
{
	if (strncmp(impl, "ref", 3) == 0)
		return 0;
	if (strcmp(impl, "cpython") == 0)
		return 1;
	if (strcmp(impl, "pypy") == 0)
		return 2;
	return 3;
}

static int by_column(const void *pa, const void *pb)
{
	const rcol *a = pa, *b = pb;
	int d = impl_rank(a->impl) - impl_rank(b->impl);
	if (d == 0)
		d = strcmp(a->impl, b->impl);
	if (d == 0) /* 6.1.0-56 before 6.12.117: version order */
		d = strverscmp(a->kernel, b->kernel);
	if (d == 0)
		d = strcmp(a->platform, b->platform);
	if (d == 0)
		d = strcmp(a->peer, b->peer);
	return d;
}

static void find_columns(report *rp)
{
	rp->cols = xmalloc((rp->cs.n ? rp->cs.n : 1) * sizeof *rp->cols);
	for (size_t i = 0; i < rp->cs.n; i++) {
		const cell *r = &rp->cs.c[i];
		size_t k = col_of(rp, r);
		/* a case skipped before its adapter said hello has no version:
		 * the column takes the first one a cell has */
		if (k < rp->ncols) {
			if (!rp->cols[k].impl_version[0])
				rp->cols[k].impl_version =
					record_str(r->v, "impl_version");
			continue;
		}
		rcol *c = &rp->cols[rp->ncols++];
		memset(c, 0, sizeof *c);
		c->impl = r->impl;
		c->kernel = r->kernel;
		c->platform = r->platform;
		c->peer = r->peer;
		c->impl_version = record_str(r->v, "impl_version");
	}
	qsort(rp->cols, rp->ncols, sizeof *rp->cols, by_column);
}

/* ---- rows ---- */

static int by_case(const void *pa, const void *pb)
{
	const cell *a = *(const cell *const *)pa;
	const cell *b = *(const cell *const *)pb;
	int d = strcmp(a->case_name, b->case_name);
	/* stable: load order */
	return d ? d : a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void add_id(rrow *w, const char *id)
{
	for (size_t k = 0; k < w->nids; k++)
		if (strcmp(w->ids[k], id) == 0)
			return;
	w->ids = xrealloc(w->ids, (w->nids + 1) * sizeof *w->ids);
	w->ids[w->nids++] = id;
}

static void doc_lines(report *rp, rrow *w)
{
	for (size_t k = 0; k < rp->ncases; k++)
		if (rp->cases[k].c && strcmp(rp->cases[k].name, w->name) == 0) {
			w->doc = rp->cases[k].c->doc_lines;
			w->ndoc = rp->cases[k].c->ndoc;
			return;
		}
}

/* Why the members only the report reads (cells.c checks the others)
 * are unusable, or NULL. */
static const char *invalid_extra(const cell *r)
{
	struct json_object *v;
	double d;
	const char *bad = record_ids_invalid(r->v);
	if (bad)
		return bad;
	if ((v = record_get(r->v, "detail")) &&
	    !json_object_is_type(v, json_type_string))
		return "\"detail\" is not a string";
	if ((v = record_get(r->v, "impl_version")) &&
	    !json_object_is_type(v, json_type_string))
		return "\"impl_version\" is not a string";
	if (record_get(r->v, "duration") && !record_num(r->v, "duration", &d))
		return "\"duration\" is not a number";
	return record_failures_invalid(r->v);
}

/* Place cell r in row w; a second one for the same column is an error
 * naming both lines. */
static int place(report *rp, rrow *w, const cell *r)
{
	size_t c = col_of(rp, r);
	struct json_object *ids = record_get(r->v, "ids");
	char label[512];
	if (w->at[c]) {
		rcol_label(&rp->cols[c], label, sizeof label);
		fprintf(stderr, "%s: a second result for %s in column "
			"(%s); the first is %s\n", r->where, r->case_name,
			label, w->at[c]->where);
		return -1;
	}
	w->at[c] = r;
	rp->cols[c].count[r->outcome]++;
	rp->cols[c].total++;
	for (size_t k = 0; ids && k < json_object_array_length(ids); k++)
		add_id(w, json_object_get_string(
			       json_object_array_get_idx(ids, k)));
	if (badness(r->outcome) > badness(w->worst))
		w->worst = r->outcome;
	return 0;
}

static int by_area_then_doc(const void *pa, const void *pb)
{
	const rrow *a = pa, *b = pb;
	int d = strcmp(a->area, b->area);
	if (d)
		return d;
	int la = a->ndoc ? a->doc[0] : INT_MAX, lb = b->ndoc ? b->doc[0] : INT_MAX;
	if (la != lb)
		return la < lb ? -1 : 1;
	return strcmp(a->name, b->name);
}

static int build_rows(report *rp)
{
	size_t n = rp->cs.n;
	const cell **byc = xmalloc((n ? n : 1) * sizeof *byc);
	int status = 0;
	for (size_t i = 0; i < n; i++)
		byc[i] = &rp->cs.c[i];
	qsort(byc, n, sizeof *byc, by_case);
	rp->rows = xmalloc((n ? n : 1) * sizeof *rp->rows);
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || strcmp(byc[i]->case_name, byc[i - 1]->case_name)) {
			rrow *w = &rp->rows[rp->nrows++];
			const char *slash = strchr(byc[i]->case_name, '/');
			memset(w, 0, sizeof *w);
			w->name = byc[i]->case_name;
			w->area = slash ? strndup(w->name, (size_t)(slash - w->name))
					: xstrdup("");
			if (!w->area)
				abort();
			w->at = calloc(rp->ncols ? rp->ncols : 1, sizeof *w->at);
			if (!w->at)
				abort();
			w->worst = O_PASSED;
			doc_lines(rp, w);
		}
		if (place(rp, &rp->rows[rp->nrows - 1], byc[i]) < 0)
			status = -1;
	}
	free(byc);
	qsort(rp->rows, rp->nrows, sizeof *rp->rows, by_area_then_doc);
	return status;
}

/* A row's own memory; its cells belong to the cellset. */
static void row_free(rrow *w)
{
	free(w->area);
	free(w->ids);
	free(w->at);
}

void report_free(report *rp)
{
	for (size_t i = 0; i < rp->nrows; i++)
		row_free(&rp->rows[i]);
	free(rp->rows);
	free(rp->cols);
	cells_free(&rp->cs);
	if (rp->cases)
		centries_free(rp->cases, rp->ncases);
}

int report_build(report *rp)
{
	int status = 0;
	for (size_t k = 0; k < rp->nfiles; k++)
		if (cells_load(&rp->cs, rp->files[k]) != 0)
			status = 2;
	for (size_t i = 0; i < rp->cs.n; i++) {
		const char *why = invalid_extra(&rp->cs.c[i]);
		if (why) {
			fprintf(stderr, "%s: %s\n", rp->cs.c[i].where, why);
			status = 2;
		}
	}
	if (status == 0) {
		/* the case tree gives each row its socket.rst lines; a case
		 * no longer in the tree simply has none */
		char *dir = cases_dir();
		if (discover(dir, NULL, &rp->cases, &rp->ncases) < 0)
			rp->cases = NULL, rp->ncases = 0;
		free(dir);
		find_columns(rp);
		if (build_rows(rp) < 0)
			status = 2;
	}
	return status;
}

