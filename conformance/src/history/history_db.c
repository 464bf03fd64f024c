/*
 * history_db.c — the history database: opening it for one command, the
 * settings that let several writers share it, and the schema, versioned
 * by PRAGMA user_version and migrated step by step when an older one is
 * opened (conformance/README.md "History").
 *
 * Writers: a matrix runs several `sockspec run`s at once, each recording
 * its run when it ends. WAL lets readers go on beside the one writer; a
 * writer takes the lock at BEGIN IMMEDIATE and the others wait for it
 * (busy timeout) instead of failing, and a run is one transaction, so a
 * writer killed half way leaves the database as it was before it.
 */
#ifdef SOCKSPEC_SQLITE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "history_internal.h"

/* How long a writer waits for another's transaction: a run's is one
 * insert per case, milliseconds, but a matrix may end many at once. */
#define BUSY_MS 120000

/* Step k takes the schema from version k to k + 1. */
static const char *const migrations[HISTORY_SCHEMA] = {
	/* 1: runs and their results */
	"CREATE TABLE runs ("
	" id INTEGER PRIMARY KEY,"
	" time REAL NOT NULL,"            /* seconds since the epoch */
	" impl TEXT NOT NULL, impl_version TEXT NOT NULL,"
	" peer TEXT NOT NULL, kernel TEXT NOT NULL, platform TEXT NOT NULL,"
	" arch TEXT NOT NULL, libc TEXT NOT NULL,"
	" sockspec TEXT NOT NULL,"        /* git describe, or '' */
	" origin TEXT NOT NULL,"          /* run, matrix, import FILE */
	" nresults INTEGER NOT NULL);"    /* what a complete run holds */
	"CREATE TABLE results ("
	" run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
	" kase TEXT NOT NULL,"
	" case_hash TEXT NOT NULL,"       /* SHA-256 of the case file, or '' */
	" outcome TEXT NOT NULL, reason TEXT NOT NULL, duration REAL NOT NULL,"
	" PRIMARY KEY (run, kase)) WITHOUT ROWID;"
	"CREATE INDEX results_by_case ON results (kase, run);",
	/* 2: run --retry's attempts; a digest of a run's lines, so that a
	 * results file imported twice (or a run that recorded itself and
	 * its file imported) is one run */
	"ALTER TABLE results ADD COLUMN attempts TEXT;"
	"ALTER TABLE runs ADD COLUMN digest TEXT;"
	"CREATE UNIQUE INDEX runs_by_digest ON runs (digest)"
	" WHERE digest IS NOT NULL;",
};

int hdb_fail(sqlite3 *db, const char *path, char *err, size_t cap)
{
	snprintf(err, cap, "%s: %s", path, db ? sqlite3_errmsg(db) :
		 "out of memory");
	return -1;
}

static int version(sqlite3 *db, int *v)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL))
		return -1;
	int rc = sqlite3_step(st) == SQLITE_ROW ? 0 : -1;
	*v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc;
}

/* Bring the schema to HISTORY_SCHEMA in one transaction: two commands
 * opening a fresh database at once migrate it once. */
static int migrate(sqlite3 *db, const char *path, char *err, size_t cap)
{
	int v;
	if (version(db, &v) < 0)
		return hdb_fail(db, path, err, cap);
	if (v == HISTORY_SCHEMA)
		return 0;
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL))
		return hdb_fail(db, path, err, cap);
	/* again under the lock: another may have done it meanwhile */
	if (version(db, &v) < 0)
		goto fail;
	if (v > HISTORY_SCHEMA || v < 0) {
		snprintf(err, cap, "%s: schema version %d, newer than this "
			 "sockspec's %d", path, v, HISTORY_SCHEMA);
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	for (; v < HISTORY_SCHEMA; v++)
		if (sqlite3_exec(db, migrations[v], NULL, NULL, NULL))
			goto fail;
	char set[64];
	snprintf(set, sizeof set, "PRAGMA user_version = %d", HISTORY_SCHEMA);
	if (sqlite3_exec(db, set, NULL, NULL, NULL) ||
	    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL))
		goto fail;
	return 0;
fail:
	hdb_fail(db, path, err, cap);
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

sqlite3 *hdb_open(const char *path, bool create, char *err, size_t cap)
{
	struct stat sb;
	if (!create && stat(path, &sb) < 0) {
		snprintf(err, cap, errno == ENOENT ? "%s: no history yet" :
			 "%s: %s", path, strerror(errno));
		return NULL;
	}
	sqlite3 *db = NULL;
	int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
	if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
		hdb_fail(db, path, err, cap);
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, BUSY_MS);
	/* WAL is a property of the file, kept once set; NORMAL
	 * synchronisation is safe in WAL against a killed process (only a
	 * power cut may lose the last transactions, never corrupt it) */
	if (sqlite3_exec(db, "PRAGMA journal_mode = WAL;"
			 "PRAGMA synchronous = NORMAL;"
			 "PRAGMA foreign_keys = ON", NULL, NULL, NULL)) {
		hdb_fail(db, path, err, cap);
		sqlite3_close(db);
		return NULL;
	}
	if (migrate(db, path, err, cap) < 0) {
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

void hdb_close(sqlite3 *db)
{
	sqlite3_close(db);
}

bool history_available(void)
{
	return true;
}
#endif
