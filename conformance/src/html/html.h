/*
 * html.h — html/, the report as one static HTML page that reads at a
 * glance (conformance/README.md "Reports"): the areas of the case tree
 * as rows, runs as columns, `passed/total` per cell, an interop column,
 * filters kept in the URL, a diff of two runs and the flakes of the
 * history. The page is one file with its style sheet, its script and its
 * data inline; it fetches nothing.
 *
 * html/ only writes: what it is given is a page model (below), which
 * report/ builds from results files (report/report_page.c). It stands on
 * base/ alone (outcome names, results records).
 */
#ifndef SOCKSPEC_HTML_H
#define SOCKSPEC_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/base.h"

/* A column: one run of an implementation (impl, kernel, platform, peer).
 * A past column (from --compare) is not drawn in the matrix; the diff
 * view compares it with the others. */
typedef struct hp_col {
	const char *impl, *version, *kernel, *platform, *peer;
	const char *source;      /* a past column's results, "" otherwise */
	bool past;
} hp_col;

/* A result: its outcome and its record (reason, detail, duration and
 * failed steps are read from it), where it came from (FILE:LINE). */
typedef struct hp_cell {
	int outcome;
	struct json_object *v;
	const char *where;
} hp_cell;

/* A case: area/name, its behaviour ids, its socket.rst lines and its
 * result per column (NULL: not run there). */
typedef struct hp_row {
	const char *name;
	const char *const *ids;
	size_t nids;
	const int *doc;
	size_t ndoc;
	const hp_cell *const *at; /* [ncols] */
} hp_row;

/* A cell of the history that changed state (sockspec history --flaky):
 * how often it flipped in how many runs and how many were flaky, its
 * last outcome (-1: one this build does not know), the length of its
 * current streak of that outcome and when that streak began (seconds
 * since the epoch, in history run since_run). */
typedef struct hp_flake {
	const char *case_name, *column;
	int last;
	size_t flips, runs, flaky, streak;
	double since;
	long long since_run;
} hp_flake;

/* A cause of a column (report/causes.c): its cells that did not pass
 * with one normalised first failing step's reason */
typedef struct hp_cause {
	size_t col;                /* index into cols */
	const char *key;
	const char *const *cases;
	size_t n;
} hp_cause;

typedef struct hp_page {
	const char *const *files;  /* the results read, as given */
	size_t nfiles;
	const hp_col *cols;
	size_t ncols;
	const hp_row *rows;
	size_t nrows;
	const hp_flake *flakes;
	size_t nflakes;
	const char *history;       /* the history read, or "" when none */
	const hp_cause *causes;    /* by column, most cases first */
	size_t ncauses;
} hp_page;

/* Write the page; 0, or -1 when f reports an error. */
int html_page(const hp_page *p, FILE *f);

#endif
