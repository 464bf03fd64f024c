/*
 * report_text.c — the report as text: the columns' totals, then every
 * cell that did not pass, one line each (and a line for each further
 * failed step of a case with soft checks).
 */
#include <stdio.h>
#include <string.h>

#include "report_model.h"

/* s on one line: newlines and tabs become spaces. */
static void put_flat(FILE *out, const char *s)
{
	for (; *s; s++)
		fputc(*s == '\n' || *s == '\r' || *s == '\t' ? ' ' : *s, out);
}

void report_text(const report *rp, FILE *out)
{
	char label[512];
	size_t w = 6, notpassed = 0;
	fprintf(out, "sockspec report: %zu cases, %zu columns, %zu results\n\n",
		rp->nrows, rp->ncols, rp->cs.n);
	for (size_t c = 0; c < rp->ncols; c++) {
		rcol_label(&rp->cols[c], label, sizeof label);
		if (strlen(label) > w)
			w = strlen(label);
	}
	/* the flaky column (run --retry) only where there is a flaky cell */
	bool flaky = false;
	for (size_t c = 0; c < rp->ncols; c++)
		flaky |= rp->cols[c].count[O_FLAKY] > 0;
	fprintf(out, "%-*s", (int)w, "column");
	for (int o = 0; o < O_NOUTCOMES; o++)
		if (o != O_FLAKY || flaky)
			fprintf(out, " %7s", outcome_name((outcome)o));
	fprintf(out, " %7s\n", "total");
	/* (a name longer than 7, unsupported, widens its own column) */
	for (size_t c = 0; c < rp->ncols; c++) {
		rcol_label(&rp->cols[c], label, sizeof label);
		fprintf(out, "%-*s", (int)w, label);
		for (int o = 0; o < O_NOUTCOMES; o++)
			if (o != O_FLAKY || flaky)
				fprintf(out, " %*zu",
					(int)(strlen(outcome_name((outcome)o)) > 7 ?
					      strlen(outcome_name((outcome)o)) : 7),
					rp->cols[c].count[o]);
		fprintf(out, " %7zu\n", rp->cols[c].total);
		notpassed += rp->cols[c].total - rp->cols[c].count[O_PASSED];
	}
	fprintf(out, "\nnot passed: %zu\n", notpassed);
	/* per column: what the implementation has of the document, and how
	 * much of that holds (as `sockspec run` ends) */
	for (size_t c = 0; c < rp->ncols; c++) {
		const rcol *k = &rp->cols[c];
		size_t ran = k->total - k->count[O_SKIPPED];
		rcol_label(k, label, sizeof label);
		fprintf(out, "%s: supported %zu of %zu; of those, conforming "
			"%zu\n", label, ran - k->count[O_UNSUPPORTED], ran,
			k->count[O_PASSED] + k->count[O_XPASS]);
	}
	for (size_t i = 0; i < rp->nrows; i++)
		for (size_t c = 0; c < rp->ncols; c++) {
			const cell *r = rp->rows[i].at[c];
			const char *detail;
			if (!r || r->outcome == O_PASSED)
				continue;
			rcol_label(&rp->cols[c], label, sizeof label);
			fprintf(out, "%-7s %s (%s): ",
				outcome_name((outcome)r->outcome), r->case_name,
				label);
			put_flat(out, r->reason);
			detail = cell_detail(r);
			if (detail[0] && strcmp(detail, r->reason)) {
				fputs(" [", out);
				put_flat(out, detail);
				fputc(']', out);
			}
			fputc('\n', out);
			/* soft checks: every other failed step, under it */
			for (size_t k = 1; k < record_nfailures(r->v); k++) {
				const char *step = "";
				const char *why = record_failure(r->v, k, &step);
				fprintf(out, "        also %s%s", step,
					step[0] ? ": " : "");
				put_flat(out, why ? why : "?");
				fputc('\n', out);
			}
		}
	report_text_causes(rp, out);
}
