/*
 * history_record.c — recording results records as runs: one run per
 * column (impl, peer, kernel, platform) of the records given, all of
 * them in one transaction, so that a writer killed half way leaves no
 * part of a run behind and the runs before it whole.
 */
#ifdef SOCKSPEC_SQLITE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history_internal.h"

/* One column of the records: its runs' key and the records in it. */
typedef struct column {
	const char *impl, *peer, *kernel, *platform;
	size_t *at;     /* indexes into the records */
	size_t n;
} column;

static bool same_column(const column *c, struct json_object *r)
{
	return strcmp(c->impl, record_str(r, "impl")) == 0 &&
	       strcmp(c->peer, record_str(r, "peer")) == 0 &&
	       strcmp(c->kernel, record_str(r, "kernel")) == 0 &&
	       strcmp(c->platform, record_str(r, "platform")) == 0;
}

/* Parse every line before anything is written: a malformed one
 * records nothing. */
static int parse_all(const hist_rec *recs, size_t n, struct json_object **js,
		     char *err, size_t cap)
{
	for (size_t i = 0; i < n; i++) {
		char jerr[256];
		js[i] = record_parse(recs[i].line, jerr, sizeof jerr);
		const char *why = NULL;
		if (!js[i])
			why = jerr;
		else if (!json_object_is_type(js[i], json_type_object))
			why = "not a JSON object";
		else if (!record_str(js[i], "case")[0])
			why = "no case";
		else if (!record_str(js[i], "impl")[0])
			why = "no impl";
		else if (outcome_by_name(record_str(js[i], "outcome")) < 0)
			why = "unknown outcome";
		if (why) {
			snprintf(err, cap, "line %zu: %s", i + 1, why);
			for (size_t k = 0; k <= i; k++)
				json_object_put(js[k]);
			return -1;
		}
	}
	return 0;
}

static size_t split_columns(struct json_object **js, size_t n, column **out)
{
	column *cs = NULL;
	size_t nc = 0;
	for (size_t i = 0; i < n; i++) {
		size_t c;
		for (c = 0; c < nc && !same_column(&cs[c], js[i]); c++)
			;
		if (c == nc) {
			cs = xrealloc(cs, (nc + 1) * sizeof *cs);
			cs[nc] = (column){ record_str(js[i], "impl"),
					   record_str(js[i], "peer"),
					   record_str(js[i], "kernel"),
					   record_str(js[i], "platform"),
					   NULL, 0 };
			nc++;
		}
		cs[c].at = xrealloc(cs[c].at, (cs[c].n + 1) * sizeof *cs[c].at);
		cs[c].at[cs[c].n++] = i;
	}
	*out = cs;
	return nc;
}

static void bind_text(sqlite3_stmt *st, int k, const char *s)
{
	sqlite3_bind_text(st, k, s ? s : "", -1, SQLITE_TRANSIENT);
}

/* The digest of a column's run: its lines, newline-terminated. */
static void digest(const hist_rec *recs, const column *c, char hex[65])
{
	sha256 s;
	sha256_init(&s);
	for (size_t k = 0; k < c->n; k++) {
		const char *l = recs[c->at[k]].line;
		sha256_add(&s, l, strcspn(l, "\n"));
		sha256_add(&s, "\n", 1);
	}
	sha256_hex(&s, hex);
}

static bool known_run(sqlite3 *db, const char *hex)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT 1 FROM runs WHERE digest = ?",
			       -1, &st, NULL))
		return false;
	bind_text(st, 1, hex);
	bool yes = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return yes;
}

/* Insert one column's run and its results: 0, 1 when it was there
 * already, -1 on an error (err set). */
static int insert_run(sqlite3 *db, const char *path, const hist_source *src,
		      const hist_rec *recs, struct json_object **js,
		      const column *c, char *err, size_t cap)
{
	char hex[65];
	digest(recs, c, hex);
	if (known_run(db, hex))
		return 1;
	struct json_object *first = js[c->at[0]];
	const char *ver = "";
	for (size_t k = 0; k < c->n && !ver[0]; k++)
		ver = record_str(js[c->at[k]], "impl_version");
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db,
		"INSERT INTO runs (time, impl, impl_version, peer, kernel,"
		" platform, arch, libc, sockspec, origin, nresults, digest)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &st, NULL))
		return hdb_fail(db, path, err, cap);
	sqlite3_bind_double(st, 1, src->time);
	bind_text(st, 2, c->impl);
	bind_text(st, 3, ver);
	bind_text(st, 4, c->peer);
	bind_text(st, 5, c->kernel);
	bind_text(st, 6, c->platform);
	bind_text(st, 7, record_str(first, "arch"));
	bind_text(st, 8, record_str(first, "libc"));
	bind_text(st, 9, src->sockspec);
	bind_text(st, 10, src->origin);
	sqlite3_bind_int64(st, 11, (sqlite3_int64)c->n);
	bind_text(st, 12, hex);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return hdb_fail(db, path, err, cap);
	sqlite3_int64 run = sqlite3_last_insert_rowid(db);
	if (sqlite3_prepare_v2(db,
		"INSERT INTO results (run, kase, case_hash, outcome, reason,"
		" duration, attempts) VALUES (?, ?, ?, ?, ?, ?, ?)", -1, &st,
		NULL))
		return hdb_fail(db, path, err, cap);
	for (size_t k = 0; k < c->n; k++) {
		struct json_object *r = js[c->at[k]];
		struct json_object *att = record_get(r, "attempts");
		double d = 0;
		record_num(r, "duration", &d);
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, run);
		bind_text(st, 2, record_str(r, "case"));
		bind_text(st, 3, recs[c->at[k]].case_hash);
		bind_text(st, 4, record_str(r, "outcome"));
		bind_text(st, 5, record_str(r, "reason"));
		sqlite3_bind_double(st, 6, d);
		if (att && json_object_is_type(att, json_type_array))
			bind_text(st, 7, json_object_to_json_string_ext(att,
				  JSON_C_TO_STRING_PLAIN |
				  JSON_C_TO_STRING_NOSLASHESCAPE));
		else
			sqlite3_bind_null(st, 7);
		rc = sqlite3_step(st);
		if (rc == SQLITE_CONSTRAINT) {
			snprintf(err, cap, "line %zu: case %s twice in one run",
				 c->at[k] + 1, record_str(r, "case"));
			sqlite3_finalize(st);
			return -1;
		}
		if (rc != SQLITE_DONE) {
			hdb_fail(db, path, err, cap);
			sqlite3_finalize(st);
			return -1;
		}
	}
	sqlite3_finalize(st);
	return 0;
}

int history_record(const char *path, const hist_source *src,
		   const hist_rec *recs, size_t n, size_t *added,
		   size_t *known, char *err, size_t cap)
{
	size_t a = 0, k = 0;
	err[0] = '\0';
	if (added)
		*added = 0;
	if (known)
		*known = 0;
	if (n == 0)
		return 0;
	struct json_object **js = xmalloc(n * sizeof *js);
	if (parse_all(recs, n, js, err, cap) < 0) {
		free(js);
		return -1;
	}
	column *cs;
	size_t nc = split_columns(js, n, &cs);
	int rc = -1;
	sqlite3 *db = hdb_open(path, true, err, cap);
	if (!db)
		goto out;
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL)) {
		hdb_fail(db, path, err, cap);
		goto out;
	}
	rc = 0;
	for (size_t c = 0; c < nc && rc == 0; c++) {
		int r = insert_run(db, path, src, recs, js, &cs[c], err, cap);
		if (r < 0)
			rc = -1;
		else if (r == 1)
			k++;
		else
			a++;
	}
	if (rc == 0 && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL))
		rc = hdb_fail(db, path, err, cap);
	if (rc < 0) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		a = k = 0;
	}
out:
	hdb_close(db);
	for (size_t c = 0; c < nc; c++)
		free(cs[c].at);
	free(cs);
	for (size_t i = 0; i < n; i++)
		json_object_put(js[i]);
	free(js);
	if (added)
		*added = a;
	if (known)
		*known = k;
	return rc;
}
#endif
