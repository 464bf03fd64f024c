/*
 * history_none.c — the history in a build without SQLite (no
 * libsqlite3-dev, or the static aarch64 harness, whose guest has no
 * SQLite and sees the checkout read-only anyway): every call says so,
 * and `sockspec run` records nothing.
 */
#ifndef SOCKSPEC_SQLITE
#include <stdio.h>

#include "history_internal.h"

#define NONE "built without SQLite history (libsqlite3-dev)"

bool history_available(void)
{
	return false;
}

int history_record(const char *db, const hist_source *src,
		   const hist_rec *recs, size_t n, size_t *added,
		   size_t *known, char *err, size_t cap)
{
	(void)db;
	(void)src;
	(void)recs;
	(void)n;
	if (added)
		*added = 0;
	if (known)
		*known = 0;
	snprintf(err, cap, NONE);
	return -1;
}

int history_cells(const char *db, const hist_query *q, hist_cell **out,
		  size_t *n, char *err, size_t cap)
{
	(void)db;
	(void)q;
	*out = NULL;
	*n = 0;
	snprintf(err, cap, NONE);
	return -1;
}

int history_runs(const char *db, hist_run **out, size_t *n, char *err,
		 size_t cap)
{
	(void)db;
	*out = NULL;
	*n = 0;
	snprintf(err, cap, NONE);
	return -1;
}

int history_run_lines(const char *db, long long id, char ***lines, size_t *n,
		      char *err, size_t cap)
{
	(void)db;
	(void)id;
	*lines = NULL;
	*n = 0;
	snprintf(err, cap, NONE);
	return -1;
}

int history_check(const char *db, char *err, size_t cap)
{
	(void)db;
	snprintf(err, cap, NONE);
	return -1;
}
#endif
