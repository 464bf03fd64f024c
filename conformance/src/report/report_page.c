/*
 * report_page.c — the report handed to html/ as its page model (html.h):
 * the columns and cases of the results, then those of the past results
 * given with --compare as past columns (the page's diff view compares
 * them), a case only in the past getting a row of its own; and the
 * history's flakes (report_history.c).
 */
#include <stdlib.h>
#include <string.h>

#include "html/html.h"
#include "report_model.h"

typedef struct page_build {
	hp_col *cols;
	hp_row *rows;
	hp_cell *cells;     /* every result, current and past */
	const hp_cell **at; /* nrows x ncols */
	size_t ncols, nrows, ncells;
} page_build;

static void add_cols(page_build *b, const report *rp, bool past)
{
	for (size_t c = 0; c < rp->ncols; c++) {
		const rcol *rc = &rp->cols[c];
		hp_col *h = &b->cols[b->ncols++];
		h->impl = rc->impl;
		h->version = rc->impl_version;
		h->kernel = rc->kernel;
		h->platform = rc->platform;
		h->peer = rc->peer;
		h->past = past;
		h->source = past ? (rp->nfiles == 1 ? rp->files[0]
				    : "--compare") : "";
	}
}

static size_t row_of(page_build *b, const rrow *w, size_t ncols)
{
	for (size_t i = 0; i < b->nrows; i++)
		if (strcmp(b->rows[i].name, w->name) == 0)
			return i;
	hp_row *h = &b->rows[b->nrows];
	h->name = w->name;
	h->ids = w->ids;
	h->nids = w->nids;
	h->doc = w->doc;
	h->ndoc = w->ndoc;
	h->at = b->at + b->nrows * ncols;
	return b->nrows++;
}

/* The rows of rp, its columns starting at column first of the page. */
static void add_rows(page_build *b, const report *rp, size_t first,
		     size_t ncols)
{
	for (size_t i = 0; i < rp->nrows; i++) {
		const rrow *w = &rp->rows[i];
		hp_row *h = &b->rows[row_of(b, w, ncols)];
		for (size_t c = 0; c < rp->ncols; c++) {
			if (!w->at[c])
				continue;
			hp_cell *x = &b->cells[b->ncells++];
			x->outcome = w->at[c]->outcome;
			x->v = w->at[c]->v;
			x->where = w->at[c]->where;
			((const hp_cell **)h->at)[first + c] = x;
		}
	}
}

int report_page(const report *rp, const report *past, const page_history *ph,
		FILE *f)
{
	size_t ncols = rp->ncols + (past ? past->ncols : 0);
	size_t nrows = rp->nrows + (past ? past->nrows : 0);
	size_t ncells = rp->cs.n + (past ? past->cs.n : 0);
	page_build b = { 0 };
	hp_page p = { 0 };
	int rc;
	b.cols = xmalloc((ncols ? ncols : 1) * sizeof *b.cols);
	b.rows = xmalloc((nrows ? nrows : 1) * sizeof *b.rows);
	b.cells = xmalloc((ncells ? ncells : 1) * sizeof *b.cells);
	b.at = calloc(nrows && ncols ? nrows * ncols : 1, sizeof *b.at);
	if (!b.at)
		abort();
	add_cols(&b, rp, false);
	add_rows(&b, rp, 0, ncols);
	if (past) {
		add_cols(&b, past, true);
		add_rows(&b, past, rp->ncols, ncols);
	}
	p.files = (const char *const *)rp->files;
	p.nfiles = rp->nfiles;
	p.cols = b.cols;
	p.ncols = b.ncols;
	p.rows = b.rows;
	p.nrows = b.nrows;
	p.history = ph && ph->db ? ph->db : "";
	p.flakes = ph ? ph->flakes : NULL;
	p.nflakes = ph ? ph->n : 0;
	/* the causes of the current columns (report/causes.c) */
	hp_cause *hc = NULL;
	size_t nhc = 0;
	ccause **per = xmalloc((rp->ncols ? rp->ncols : 1) * sizeof *per);
	size_t *nper = xmalloc((rp->ncols ? rp->ncols : 1) * sizeof *nper);
	for (size_t c = 0; c < rp->ncols; c++) {
		nper[c] = causes_of_column(rp, c, &per[c]);
		hc = xrealloc(hc, (nhc + nper[c] + 1) * sizeof *hc);
		for (size_t k = 0; k < nper[c]; k++)
			hc[nhc++] = (hp_cause){ c, per[c][k].key,
				(const char *const *)per[c][k].cases,
				per[c][k].n };
	}
	p.causes = hc;
	p.ncauses = nhc;
	rc = html_page(&p, f);
	for (size_t c = 0; c < rp->ncols; c++)
		causes_free_list(per[c], nper[c]);
	free(per);
	free(nper);
	free(hc);
	free(b.cols);
	free(b.rows);
	free(b.cells);
	free(b.at);
	return rc;
}
