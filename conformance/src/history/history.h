/*
 * history.h — history/, the results of every run kept over time in a
 * SQLite database (conformance/README.md "History"): recording a run's
 * records, importing results files, and per cell (case, impl, peer,
 * kernel, platform) its last outcome, streak, flips and the run where it
 * last changed. `sockspec history` is this folder's command; report/
 * reads the cells for the HTML flakes view.
 *
 * Built without SQLite (no libsqlite3-dev, or the static aarch64
 * harness) every call fails with "built without SQLite history" and
 * history_available() says false.
 */
#ifndef SOCKSPEC_HISTORY_H
#define SOCKSPEC_HISTORY_H

#include <stdbool.h>
#include <stddef.h>

#include "base/base.h"

/* false when this build has no SQLite (history_none.c) */
bool history_available(void);

/* The database a command uses: opt (--history FILE; "" for
 * --no-history), else $SOCKSPEC_HISTORY ("off" or "": none), else
 * ROOT/build/history.sqlite. malloc'd, or NULL for none. *named: the
 * path came from opt or the environment, not the default. */
char *history_path(const char *opt, bool *named);
/* The database a run records in: history_path's, made absolute; but a
 * run under $SOCKSPEC_CASES_DIR, $SOCKSPEC_ADAPTER_CMD,
 * $SOCKSPEC_REF_ADAPTER or $SOCKSPEC_EXPECTATIONS (the harness's own
 * tests, make mutate's mutants) records only with opt (--history FILE),
 * not in $SOCKSPEC_HISTORY's or the default; NULL for none. Also NULL, with a warning on stderr naming who, when a named
 * one cannot be written by this build (no SQLite). malloc'd. */
char *history_run_path(const char *opt, const char *who);

/* What a run is, beside its records. */
typedef struct hist_source {
	const char *sockspec; /* the sockspec commit (git describe), or "" */
	double time;          /* when the run ended, seconds since the epoch */
	const char *origin;   /* "run", "import FILE", "matrix" ... */
} hist_source;

/* One results record: its JSON line exactly (no newline) and, when
 * known, the SHA-256 of its case file (hex), else "" or NULL. */
typedef struct hist_rec {
	const char *line;
	const char *case_hash;
} hist_rec;

/* Record recs[0..n) as runs: one run per column (impl, peer, kernel,
 * platform) in order of first appearance, each in one transaction. A run
 * already recorded (the same lines: a file imported twice, a results
 * file of a run that recorded itself) is passed over. *added and
 * *known (either may be NULL) count the runs. 0, or -1 with "reason" in
 * err: a malformed line ("line N: ...") records nothing. */
int history_record(const char *db, const hist_source *src,
		   const hist_rec *recs, size_t n, size_t *added,
		   size_t *known, char *err, size_t cap);

/* The sockspec commit of the checkout at ROOT (git describe --always
 * --dirty), or "" where there is none. Static storage. */
const char *history_commit(void);
/* SHA-256 of a file's bytes as 64 hex digits into hex[65]; -1 when it
 * cannot be read. */
int history_file_hash(const char *path, char hex[65]);
/* The case file of case NAME (area/name) under the case tree, hashed:
 * "" when it is not there. */
void history_case_hash(const char *name, char hex[65]);

/* Import results files (or directories of *.jsonl) as runs. current:
 * they were made from this checkout as it is (make run's guest part,
 * matrix's guests): record its commit and its case files' hashes;
 * otherwise the commit is the one a matrix.env beside the file names,
 * and the hashes are unknown. Prints nothing; counts into *added and
 * *known. 0, or -1 with "FILE:LINE: reason" in err. */
int history_import(const char *db, const char *const *files, size_t n,
		   bool current, size_t *added, size_t *known, char *err,
		   size_t cap);

/* ---- reading ---- */

/* One run of a cell, as the cell's history points to it. */
typedef struct hist_point {
	long long run;        /* runs.id; 0: none */
	double time;
	char outcome[16];
	char sockspec[64];
	char case_hash[65];
	char impl_version[64];
} hist_point;

/* A cell over every run that recorded it, oldest first. */
typedef struct hist_cell {
	char *kase, *impl, *peer, *kernel, *platform;
	char last[16];        /* its last outcome */
	char last_reason[256];
	int runs;             /* runs that recorded it */
	int streak;           /* the last runs in a row with that outcome */
	int flips;            /* outcome changes between consecutive runs */
	int flaky;            /* runs where it was flaky */
	/* the run where the current streak began and the one before it
	 * (before.run 0 when it never changed) */
	hist_point since, before;
} hist_cell;

typedef struct hist_query {
	const char *glob;     /* case name or fnmatch pattern, or NULL */
	const char *impl;     /* or NULL */
	const char *kernel;   /* or NULL */
	bool flaky;           /* only cells that flipped or were flaky,
				 most flips first */
} hist_query;

/* The cells q selects, by case then column (q->flaky: by flips, flaky
 * runs, then case). 0, or -1 with a reason in err (no such database:
 * "FILE: no history yet"). */
int history_cells(const char *db, const hist_query *q, hist_cell **out,
		  size_t *n, char *err, size_t cap);
void history_cells_free(hist_cell *c, size_t n);

/* One recorded run. */
typedef struct hist_run {
	long long id;
	double time;
	char impl[64], impl_version[64], peer[64], kernel[64], platform[64];
	char sockspec[64], origin[256];
	int nresults;
} hist_run;

/* Every run, oldest first. 0, or -1 with a reason in err. */
int history_runs(const char *db, hist_run **out, size_t *n, char *err,
		 size_t cap);

/* The records of run id as results lines (malloc'd, each a JSON object
 * a results file would hold, with `attempts` where the case was
 * retried), in case order, for a diff of two history points. 0, or -1. */
int history_run_lines(const char *db, long long id, char ***lines, size_t *n,
		      char *err, size_t cap);

/* ---- history_check (tests, `sockspec history --check`) ---- */
/* PRAGMA integrity_check, and every run holds as many results as it
 * says: 0, or -1 with the first fault in err. */
int history_check(const char *db, char *err, size_t cap);

/* `sockspec history ...` */
int cmd_history(int argc, char **argv);

#endif
