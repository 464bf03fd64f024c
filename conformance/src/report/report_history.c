/*
 * report_history.c — what the page takes from the history (history/):
 * the cells that flipped or were flaky, most flips first, for the flakes
 * view. The history the report reads is --history FILE, else the one
 * history_path() names ($SOCKSPEC_HISTORY, build/history.sqlite), which
 * may not exist yet: then the page simply has none.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "history/history.h"
#include "html/html.h"
#include "report_model.h"

int page_history_read(const char *opt, page_history *ph)
{
	bool named = false;
	char err[1024];
	hist_query q = { .flaky = true };
	memset(ph, 0, sizeof *ph);
	ph->db = history_path(opt, &named);
	/* none asked for, none in this build, or the default not made yet */
	if (!ph->db || (!named && (!history_available() ||
				   access(ph->db, R_OK) != 0))) {
		free(ph->db);
		ph->db = NULL;
		return 0;
	}
	if (history_cells(ph->db, &q, &ph->cells, &ph->n, err, sizeof err) < 0) {
		fprintf(stderr, "sockspec report: %s\n", err);
		free(ph->db);
		ph->db = NULL;
		return 2;
	}
	ph->flakes = xmalloc((ph->n ? ph->n : 1) * sizeof *ph->flakes);
	ph->labels = xmalloc((ph->n ? ph->n : 1) * sizeof *ph->labels);
	for (size_t i = 0; i < ph->n; i++) {
		const hist_cell *c = &ph->cells[i];
		hp_flake *f = &ph->flakes[i];
		ph->labels[i] = xasprintf("%s @ %s %s%s%s", c->impl, c->kernel,
					  c->platform, c->peer[0] ? " peer " : "",
					  c->peer);
		f->case_name = c->kase;
		f->column = ph->labels[i];
		f->last = outcome_by_name(c->last);
		f->flips = (size_t)c->flips;
		f->runs = (size_t)c->runs;
		f->flaky = (size_t)c->flaky;
		f->streak = (size_t)c->streak;
		f->since = c->since.time;
		f->since_run = c->since.run;
	}
	return 0;
}

void page_history_free(page_history *ph)
{
	for (size_t i = 0; i < ph->n; i++)
		free(ph->labels[i]);
	free(ph->labels);
	free(ph->flakes);
	if (ph->cells)
		history_cells_free(ph->cells, ph->n);
	free(ph->db);
	memset(ph, 0, sizeof *ph);
}
