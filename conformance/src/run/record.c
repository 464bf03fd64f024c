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
	char *db = history_run_path(o->history, "run");
	if (!db || n == 0) {
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
