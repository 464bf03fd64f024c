/*
 * report_model.h — inside report/: results files as a case ×
 * (implementation, kernel, platform, peer) matrix, written as a text
 * summary, a short summary per column and one self-contained HTML page.
 * report.c builds the matrix, report_text.c and report_summary.c write
 * it, report_page.c hands it to html/, report_cmd.c is the command.
 */
#ifndef SOCKSPEC_REPORT_MODEL_H
#define SOCKSPEC_REPORT_MODEL_H

#include <stdio.h>

#include "lang/lang.h"
#include "cells.h"

/* A column: one (impl, kernel, platform, peer) found in the results. */
typedef struct rcol {
	const char *impl, *kernel, *platform, *peer; /* from a cell */
	const char *impl_version; /* of its first cell that has one */
	size_t count[O_NOUTCOMES];
	size_t total;
} rcol;

/* A row: one case, with the cells of every column (NULL: not run). */
typedef struct rrow {
	const char *name;         /* area/name */
	char *area;               /* the part before '/' */
	const char **ids;         /* union over its cells, first seen first */
	size_t nids;
	const int *doc;           /* socket.rst lines from the case file */
	size_t ndoc;
	const cell **at;          /* [ncols]: its cell per column, or NULL */
	int worst;                /* the row's worst outcome (for filtering) */
} rrow;

typedef struct report {
	char **files;             /* the results files, as given */
	size_t nfiles;
	cellset cs;
	rcol *cols;
	size_t ncols;
	rrow *rows;               /* grouped by area, then socket.rst order */
	size_t nrows;
	centry *cases;            /* the case tree, for doc lines */
	size_t ncases;
} report;

/* The members only the report reads: detail ("" when absent) and
 * duration in seconds (-1 when absent). */
const char *cell_detail(const cell *c);
double cell_duration(const cell *c);

/* A short symbol per outcome, so a cell reads without its colour. */
const char *outcome_symbol(int o);

/* "ref 0.1.0 · 6.1.0-56 · x86_64-glibc[ · peer cpython]" into buf. */
void rcol_label(const rcol *c, char *buf, size_t cap);

/* Read rp->files into cells, check them, find the columns and rows; 0,
 * or 2 with the faults on stderr. */
int report_build(report *rp);
void report_free(report *rp);

void report_text(const report *r, FILE *out);
/* A line per column: "impl version @ kernel platform[ peer P]: N passed,
 * N xfail, ..." (outcomes with no result left out). */
void report_summary(const report *r, FILE *out);
/* What the page takes from the history (report_history.c): its flaky
 * cells as the page's flakes, most flips first. */
typedef struct page_history {
	char *db;                 /* the history read, or NULL: none */
	struct hist_cell *cells;
	size_t n;
	struct hp_flake *flakes;  /* [n] */
	char **labels;            /* [n]: each flake's column */
} page_history;
/* The history of --history FILE (opt, or NULL), else the default one
 * when it exists: 0 (ph->db NULL when none), or 2 after printing why. */
int page_history_read(const char *opt, page_history *ph);
void page_history_free(page_history *ph);

/* ---- causes.c ---- */
/* One cause of a column: the normalised first failing step's reason
 * and the cases (names borrowed from the cells) that met it. */
typedef struct ccause {
	char *key;
	const char **cases;
	size_t n;
} ccause;
/* The cause key of a cell that did not pass, into out */
void cause_key(const cell *c, char *out, size_t cap);
/* Column col's causes, most cases first; free with causes_free_list */
size_t causes_of_column(const report *rp, size_t col, ccause **out);
void causes_free_list(ccause *v, size_t n);
/* The "causes:" section of the text report */
void report_text_causes(const report *r, FILE *out);

/* The HTML page (html/) of r, with the columns of past (NULL: none) as
 * past runs for its diff view and the flakes of ph (NULL: none); 0, or
 * -1 when it cannot be written. */
int report_page(const report *r, const report *past, const page_history *ph,
		FILE *out);

/* sockspec report [--html FILE] [--compare OLD]... [--history FILE]
 * [--summary FILE|-] [--text FILE|-] RESULTS... */
int cmd_report(int argc, char **argv);

#endif
