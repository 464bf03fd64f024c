/*
 * history_internal.h — between the files of history/ only: SHA-256
 * (sha256.c) and, in a build with SQLite, opening a database at the
 * schema's version (history_db.c).
 */
#ifndef SOCKSPEC_HISTORY_INTERNAL_H
#define SOCKSPEC_HISTORY_INTERNAL_H

#include <stdint.h>

#include "history.h"

/* ---- sha256.c ---- */
typedef struct sha256 {
	uint32_t h[8];
	uint64_t len;
	unsigned char buf[64];
	size_t used;
} sha256;
void sha256_init(sha256 *s);
void sha256_add(sha256 *s, const void *data, size_t n);
/* the digest as 64 hex digits; s is spent */
void sha256_hex(sha256 *s, char hex[65]);

/* ---- history_meta.c ---- */
/* free a cell's strings */
void hist_cell_clear(hist_cell *c);

#ifdef SOCKSPEC_SQLITE
#include <sqlite3.h>

/* ---- history_db.c ---- */
/* The schema's version (PRAGMA user_version) this build writes. */
#define HISTORY_SCHEMA 2
/* Open path read-write in WAL mode, migrated to HISTORY_SCHEMA (create:
 * made when missing; else a missing file is "path: no history yet").
 * NULL with "path: reason" in err. */
sqlite3 *hdb_open(const char *path, bool create, char *err, size_t cap);
void hdb_close(sqlite3 *db);
/* "path: what SQLite says" into err; -1 */
int hdb_fail(sqlite3 *db, const char *path, char *err, size_t cap);
#endif

#endif
