/*
 * history_cells.c — reading the history: per cell (case, impl, peer,
 * kernel, platform) over every run that recorded it, its last outcome,
 * its streak, its flips and the run where its streak began; the runs;
 * one run's records; the database's own check.
 */
#ifdef SOCKSPEC_SQLITE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history_internal.h"

static const char *col_text(sqlite3_stmt *st, int k)
{
	const unsigned char *t = sqlite3_column_text(st, k);
	return t ? (const char *)t : "";
}

static void point_set(hist_point *p, sqlite3_stmt *st)
{
	/* columns 5..: run id, time, outcome, sockspec, case_hash,
	 * impl_version */
	p->run = sqlite3_column_int64(st, 5);
	p->time = sqlite3_column_double(st, 6);
	snprintf(p->outcome, sizeof p->outcome, "%s", col_text(st, 7));
	snprintf(p->sockspec, sizeof p->sockspec, "%s", col_text(st, 8));
	snprintf(p->case_hash, sizeof p->case_hash, "%s", col_text(st, 9));
	snprintf(p->impl_version, sizeof p->impl_version, "%s",
		 col_text(st, 10));
}

static bool same_cell(const hist_cell *c, sqlite3_stmt *st)
{
	return strcmp(c->kase, col_text(st, 0)) == 0 &&
	       strcmp(c->impl, col_text(st, 1)) == 0 &&
	       strcmp(c->peer, col_text(st, 2)) == 0 &&
	       strcmp(c->kernel, col_text(st, 3)) == 0 &&
	       strcmp(c->platform, col_text(st, 4)) == 0;
}

/* Most flips first, then most flaky runs, then by case. */
static int by_flips(const void *a, const void *b)
{
	const hist_cell *x = a, *y = b;
	if (x->flips != y->flips)
		return y->flips - x->flips;
	if (x->flaky != y->flaky)
		return y->flaky - x->flaky;
	return strcmp(x->kase, y->kase);
}

int history_cells(const char *path, const hist_query *q, hist_cell **out,
		  size_t *n, char *err, size_t cap)
{
	*out = NULL;
	*n = 0;
	err[0] = '\0';
	sqlite3 *db = hdb_open(path, false, err, cap);
	if (!db)
		return -1;
	sqlite3_stmt *st;
	/* a cell's runs oldest first: time, then the order they were
	 * recorded in */
	if (sqlite3_prepare_v2(db,
		"SELECT r.kase, u.impl, u.peer, u.kernel, u.platform, u.id,"
		" u.time, r.outcome, u.sockspec, r.case_hash, u.impl_version,"
		" r.reason FROM results r JOIN runs u ON r.run = u.id"
		" WHERE (?1 IS NULL OR r.kase GLOB ?1)"
		" AND (?2 IS NULL OR u.impl GLOB ?2)"
		" AND (?3 IS NULL OR u.kernel GLOB ?3)"
		" ORDER BY r.kase, u.impl, u.peer, u.kernel, u.platform,"
		" u.time, u.id", -1, &st, NULL)) {
		hdb_fail(db, path, err, cap);
		hdb_close(db);
		return -1;
	}
	const char *args[3] = { q->glob, q->impl, q->kernel };
	for (int k = 0; k < 3; k++)
		if (args[k])
			sqlite3_bind_text(st, k + 1, args[k], -1, SQLITE_STATIC);
	hist_cell *cs = NULL;
	size_t nc = 0;
	hist_point prev = {0};
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		hist_cell *c = nc ? &cs[nc - 1] : NULL;
		if (!c || !same_cell(c, st)) {
			cs = xrealloc(cs, (nc + 1) * sizeof *cs);
			c = &cs[nc++];
			memset(c, 0, sizeof *c);
			c->kase = xstrdup(col_text(st, 0));
			c->impl = xstrdup(col_text(st, 1));
			c->peer = xstrdup(col_text(st, 2));
			c->kernel = xstrdup(col_text(st, 3));
			c->platform = xstrdup(col_text(st, 4));
		}
		hist_point p;
		point_set(&p, st);
		if (c->runs == 0 || strcmp(p.outcome, c->last) != 0) {
			/* a new streak starts here */
			if (c->runs > 0) {
				c->flips++;
				c->before = prev;
			}
			c->since = p;
			c->streak = 0;
			snprintf(c->last, sizeof c->last, "%s", p.outcome);
		}
		c->streak++;
		c->runs++;
		c->flaky += strcmp(p.outcome, "flaky") == 0;
		snprintf(c->last_reason, sizeof c->last_reason, "%s",
			 col_text(st, 11));
		prev = p;
	}
	if (rc != SQLITE_DONE) {
		hdb_fail(db, path, err, cap);
		sqlite3_finalize(st);
		hdb_close(db);
		history_cells_free(cs, nc);
		return -1;
	}
	sqlite3_finalize(st);
	hdb_close(db);
	if (q->flaky) {
		size_t keep = 0;
		for (size_t i = 0; i < nc; i++) {
			if (cs[i].flips || cs[i].flaky)
				cs[keep++] = cs[i];
			else
				hist_cell_clear(&cs[i]);
		}
		nc = keep;
		qsort(cs, nc, sizeof *cs, by_flips);
	}
	*out = cs;
	*n = nc;
	return 0;
}

int history_runs(const char *path, hist_run **out, size_t *n, char *err,
		 size_t cap)
{
	*out = NULL;
	*n = 0;
	err[0] = '\0';
	sqlite3 *db = hdb_open(path, false, err, cap);
	if (!db)
		return -1;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db,
		"SELECT id, time, impl, impl_version, peer, kernel, platform,"
		" sockspec, origin, nresults FROM runs ORDER BY time, id",
		-1, &st, NULL)) {
		hdb_fail(db, path, err, cap);
		hdb_close(db);
		return -1;
	}
	hist_run *rs = NULL;
	size_t nr = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		rs = xrealloc(rs, (nr + 1) * sizeof *rs);
		hist_run *r = &rs[nr++];
		memset(r, 0, sizeof *r);
		r->id = sqlite3_column_int64(st, 0);
		r->time = sqlite3_column_double(st, 1);
		snprintf(r->impl, sizeof r->impl, "%s", col_text(st, 2));
		snprintf(r->impl_version, sizeof r->impl_version, "%s",
			 col_text(st, 3));
		snprintf(r->peer, sizeof r->peer, "%s", col_text(st, 4));
		snprintf(r->kernel, sizeof r->kernel, "%s", col_text(st, 5));
		snprintf(r->platform, sizeof r->platform, "%s", col_text(st, 6));
		snprintf(r->sockspec, sizeof r->sockspec, "%s", col_text(st, 7));
		snprintf(r->origin, sizeof r->origin, "%s", col_text(st, 8));
		r->nresults = sqlite3_column_int(st, 9);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		hdb_fail(db, path, err, cap);
		hdb_close(db);
		free(rs);
		return -1;
	}
	hdb_close(db);
	*out = rs;
	*n = nr;
	return 0;
}

int history_run_lines(const char *path, long long id, char ***lines,
		      size_t *n, char *err, size_t cap)
{
	*lines = NULL;
	*n = 0;
	err[0] = '\0';
	sqlite3 *db = hdb_open(path, false, err, cap);
	if (!db)
		return -1;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db,
		"SELECT r.kase, u.impl, u.impl_version, u.kernel, u.arch,"
		" u.libc, u.platform, u.peer, r.outcome, r.reason, r.duration,"
		" r.attempts FROM results r JOIN runs u ON r.run = u.id"
		" WHERE u.id = ? ORDER BY r.kase", -1, &st, NULL)) {
		hdb_fail(db, path, err, cap);
		hdb_close(db);
		return -1;
	}
	sqlite3_bind_int64(st, 1, id);
	static const char *const keys[] = { "case", "impl", "impl_version",
		"kernel", "arch", "libc", "platform", "peer", "outcome",
		"reason" };
	char **ls = NULL;
	size_t nl = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct json_object *o = json_object_new_object();
		if (!o)
			abort();
		for (int k = 0; k < 10; k++)
			json_object_object_add(o, keys[k],
				json_object_new_string(col_text(st, k)));
		json_object_object_add(o, "duration",
			json_object_new_double(sqlite3_column_double(st, 10)));
		json_object_object_add(o, "detail", json_object_new_string(""));
		if (sqlite3_column_type(st, 11) != SQLITE_NULL) {
			char jerr[128];
			struct json_object *a = record_parse(col_text(st, 11),
							     jerr, sizeof jerr);
			if (a)
				json_object_object_add(o, "attempts", a);
		}
		ls = xrealloc(ls, (nl + 1) * sizeof *ls);
		ls[nl++] = xstrdup(json_object_to_json_string_ext(o,
			JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(o);
	}
	sqlite3_finalize(st);
	hdb_close(db);
	if (rc != SQLITE_DONE) {
		snprintf(err, cap, "%s: reading run %lld failed", path, id);
		for (size_t i = 0; i < nl; i++)
			free(ls[i]);
		free(ls);
		return -1;
	}
	*lines = ls;
	*n = nl;
	return 0;
}

int history_check(const char *path, char *err, size_t cap)
{
	err[0] = '\0';
	sqlite3 *db = hdb_open(path, false, err, cap);
	if (!db)
		return -1;
	sqlite3_stmt *st;
	int rc = -1;
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL)) {
		hdb_fail(db, path, err, cap);
		goto out;
	}
	if (sqlite3_step(st) != SQLITE_ROW ||
	    strcmp(col_text(st, 0), "ok") != 0) {
		snprintf(err, cap, "%s: integrity_check: %s", path,
			 col_text(st, 0));
		sqlite3_finalize(st);
		goto out;
	}
	sqlite3_finalize(st);
	/* a run is whole: as many results as it was recorded with */
	if (sqlite3_prepare_v2(db,
		"SELECT u.id, u.nresults, (SELECT count(*) FROM results r"
		" WHERE r.run = u.id) FROM runs u", -1, &st, NULL)) {
		hdb_fail(db, path, err, cap);
		goto out;
	}
	rc = 0;
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW)
		if (sqlite3_column_int(st, 1) != sqlite3_column_int(st, 2)) {
			snprintf(err, cap, "%s: run %lld holds %d results of %d",
				 path, (long long)sqlite3_column_int64(st, 0),
				 sqlite3_column_int(st, 2),
				 sqlite3_column_int(st, 1));
			rc = -1;
		}
	sqlite3_finalize(st);
out:
	hdb_close(db);
	return rc;
}
#endif
