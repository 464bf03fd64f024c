/*
 * ktap_internal.h — the parts of ktap/ that only its own files share:
 * a record as KTAP sees it, and the set read from results files.
 */
#ifndef SOCKSPEC_KTAP_INTERNAL_H
#define SOCKSPEC_KTAP_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "base/base.h"
#include "ktap.h"

/* How a case's outcome stands in KTAP and in the closing "# Totals:"
 * line (kselftest's counters: pass, fail, xfail, xpass, skip, error). */
typedef enum ktap_kind {
	K_PASS, K_FAIL, K_XFAIL, K_XPASS, K_SKIP, K_ERROR, K_NKINDS
} ktap_kind;

typedef struct ktap_rec {
	char *impl, *kernel, *platform, *peer;
	char *column;       /* its column's name, set when writing */
	char *area, *name;  /* stable KTAP names: no '#', no blank */
	ktap_kind kind;
	bool flaky;
	char *reason;       /* one line */
	char **diag;        /* diagnostic lines before a result line */
	size_t ndiag;
	char *where;        /* FILE:LINE it was read from */
	size_t col;         /* its column, in the order first read */
} ktap_rec;

typedef struct ktap_set {
	ktap_rec *r;
	size_t n;
} ktap_set;

/* ktap_read.c: add the records of a results file, or of every *.jsonl
 * below a directory (base/results_files.c); -1 when a line is malformed
 * (each one "FILE:LINE: reason" on stderr) or a file cannot be read. */
int ktap_read(ktap_set *s, const char *path);
void ktap_free(ktap_set *s);

#endif
