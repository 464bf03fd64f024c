/*
 * record.c — a finished run into the history database (history/): its
 * records as the results file has them, each with its case file's hash,
 * the sockspec commit and the time. A history that cannot be written is
 * a warning: the run and its results file stand without it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "run_internal.h"
#include "history/history.h"

void run_record_history(const runopts *o, const centry *es,
			const caseresult *rs, size_t n)
{
	bool named;
	char *db = history_path(o->history, &named);
	if (!db || n == 0) {
		free(db);
		return;
	}
	/* a case tree or adapter of the harness's own tests is not the
	 * project's: its cells would mix with the real ones under the same
	 * names, so only a database named on purpose records it */
	if (!named && (getenv("SOCKSPEC_CASES_DIR") ||
		       getenv("SOCKSPEC_ADAPTER_CMD"))) {
		free(db);
		return;
	}
	if (!history_available()) {
		if (named)
			fprintf(stderr, "sockspec run: history %s: this build "
				"has no SQLite; not recorded\n", db);
		free(db);
		return;
	}
	hist_rec *recs = xmalloc(n * sizeof *recs);
	char (*hashes)[65] = xmalloc(n * sizeof *hashes);
	for (size_t i = 0; i < n; i++) {
		recs[i].line = results_line(&es[i], &rs[i], o->impl, o->peer);
		if (history_file_hash(es[i].path, hashes[i]) < 0)
			hashes[i][0] = '\0';
		recs[i].case_hash = hashes[i];
	}
	hist_source src = { history_commit(), (double)time(NULL), "run" };
	char err[1024];
	if (history_record(db, &src, recs, n, NULL, NULL, err, sizeof err) < 0)
		fprintf(stderr, "sockspec run: history: %s; this run is not "
			"in it\n", err);
	for (size_t i = 0; i < n; i++)
		free((char *)recs[i].line);
	free(recs);
	free(hashes);
	free(db);
}
