/*
 * cells_history.c — a run of the history as results lines: the path
 * "history:ID" (ID from `sockspec history --runs`) names run ID of the
 * history history_path() names ($SOCKSPEC_HISTORY, else
 * build/history.sqlite), so `sockspec diff history:12 history:15` and
 * the page's --compare history:12 compare two history points; cells.c
 * reads the lines as "history:ID:N".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cells.h"
#include "history/history.h"

int cells_history_lines(const char *spec, char ***lines, size_t *n)
{
	const char *num = spec + strlen(CELLS_HISTORY);
	char *end, err[1024];
	long long id = strtoll(num, &end, 10);
	bool named = false;
	*lines = NULL;
	*n = 0;
	if (!*num || *end || id <= 0) {
		fprintf(stderr, "%s: not a run of the history (history:ID, the "
			"IDs of sockspec history --runs)\n", spec);
		return 2;
	}
	char *db = history_path(NULL, &named);
	if (!db) {
		fprintf(stderr, "%s: no history (SOCKSPEC_HISTORY is off)\n", spec);
		return 2;
	}
	if (history_run_lines(db, id, lines, n, err, sizeof err) < 0) {
		fprintf(stderr, "%s: %s\n", spec, err);
		free(db);
		return 2;
	}
	if (*n == 0) {
		fprintf(stderr, "%s: no such run in %s (sockspec history "
			"--runs lists them)\n", spec, db);
		free(*lines);
		*lines = NULL;
		free(db);
		return 2;
	}
	free(db);
	return 0;
}
