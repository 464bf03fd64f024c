/*
 * data.c — the page's data: the model of html.h as one JSON object,
 * which the script reads and draws (script_state.c decodes it).
 *
 *   outcomes  the outcome names, by code
 *   cols      per column: impl, version, kernel, platform, peer, past,
 *             source, odd (its platform is not the one its
 *             implementation runs on here, as for an arm64 guest)
 *   rows      per case: case, ids, doc (socket.rst lines), o (a letter
 *             per column: 'a' + outcome code, '.' not run) and c (per
 *             result, in column order: [source, line, duration or -1,
 *             reason, detail, [[step, why]...]], the last three only
 *             when they say something)
 *   srcs      the results files that sources index
 *   flakes    per flaky cell of the history: case, col, last, flips,
 *             runs, flaky, streak, since, since_run
 *   history   the history read, "" when none
 */
#include <stdlib.h>
#include <string.h>

#include "html_internal.h"

/* The results files the cells came from, each once. */
typedef struct srcs {
	char **name;
	size_t n, last;
} srcs;

/* The index of FILE in "FILE:LINE", and the line. */
static size_t src_of(srcs *s, const char *where, long *line)
{
	const char *colon = strrchr(where, ':');
	size_t len = colon ? (size_t)(colon - where) : strlen(where);
	*line = colon ? strtol(colon + 1, NULL, 10) : 0;
	/* the cells of one file tend to come together */
	if (s->n && strncmp(s->name[s->last], where, len) == 0 &&
	    s->name[s->last][len] == '\0')
		return s->last;
	for (size_t k = 0; k < s->n; k++)
		if (strncmp(s->name[k], where, len) == 0 && s->name[k][len] == '\0')
			return s->last = k;
	s->name = xrealloc(s->name, (s->n + 1) * sizeof *s->name);
	s->name[s->n] = xasprintf("%.*s", (int)len, where);
	return s->last = s->n++;
}

static void key(FILE *f, const char *k, const char *v)
{
	fprintf(f, "\"%s\":", k);
	json_str(f, v ? v : "");
}

static void columns(const hp_page *p, FILE *f)
{
	fputs(",\"cols\":[", f);
	for (size_t c = 0; c < p->ncols; c++) {
		const hp_col *col = &p->cols[c];
		fputs(c ? ",{" : "{", f);
		key(f, "impl", col->impl);
		fputc(',', f);
		key(f, "version", col->version);
		fputc(',', f);
		key(f, "kernel", col->kernel);
		fputc(',', f);
		key(f, "platform", col->platform);
		fputc(',', f);
		key(f, "peer", col->peer);
		fputc(',', f);
		key(f, "source", col->source);
		fprintf(f, ",\"past\":%s,\"odd\":%s}", col->past ? "true" : "false",
			col->platform[0] &&
			strcmp(col->platform, impl_platform(col->impl)) ? "true"
									: "false");
	}
	fputc(']', f);
}

static void result(const hp_cell *r, srcs *s, FILE *f)
{
	long line;
	size_t src = src_of(s, r->where, &line);
	double d;
	const char *reason = record_str(r->v, "reason");
	const char *detail = record_str(r->v, "detail");
	size_t nsteps = record_nfailures(r->v);
	fprintf(f, "[%zu,%ld,", src, line);
	if (record_num(r->v, "duration", &d))
		fprintf(f, "%.3f", d);
	else
		fputs("-1", f);
	if (reason[0] || detail[0] || nsteps) {
		fputc(',', f);
		json_str(f, reason);
		fputc(',', f);
		json_str(f, detail);
	}
	if (nsteps) {
		fputs(",[", f);
		for (size_t k = 0; k < nsteps; k++) {
			const char *step = "";
			const char *why = record_failure(r->v, k, &step);
			fputs(k ? ",[" : "[", f);
			json_str(f, step);
			fputc(',', f);
			json_str(f, why ? why : "?");
			fputc(']', f);
		}
		fputc(']', f);
	}
	fputc(']', f);
}

static void row(const hp_page *p, const hp_row *w, srcs *s, FILE *f)
{
	bool first = true;
	fputc('{', f);
	key(f, "case", w->name);
	fputs(",\"ids\":[", f);
	for (size_t k = 0; k < w->nids; k++) {
		if (k)
			fputc(',', f);
		json_str(f, w->ids[k]);
	}
	fputs("],\"doc\":[", f);
	for (size_t k = 0; k < w->ndoc; k++)
		fprintf(f, "%s%d", k ? "," : "", w->doc[k]);
	fputs("],\"o\":\"", f);
	for (size_t c = 0; c < p->ncols; c++)
		fputc(w->at[c] && w->at[c]->outcome >= 0 && w->at[c]->outcome < 26
			      ? 'a' + w->at[c]->outcome : '.', f);
	fputs("\",\"c\":[", f);
	for (size_t c = 0; c < p->ncols; c++) {
		if (!w->at[c] || w->at[c]->outcome < 0 || w->at[c]->outcome >= 26)
			continue;
		if (!first)
			fputc(',', f);
		first = false;
		result(w->at[c], s, f);
	}
	fputs("]}", f);
}

static void flakes(const hp_page *p, FILE *f)
{
	fputs(",\"flakes\":[", f);
	for (size_t k = 0; k < p->nflakes; k++) {
		const hp_flake *x = &p->flakes[k];
		fputs(k ? ",{" : "{", f);
		key(f, "case", x->case_name);
		fputc(',', f);
		key(f, "col", x->column);
		fprintf(f, ",\"last\":%d,\"flips\":%zu,\"runs\":%zu,"
			"\"flaky\":%zu,\"streak\":%zu,\"since\":%.0f,"
			"\"since_run\":%lld}", x->last, x->flips, x->runs,
			x->flaky, x->streak, x->since, x->since_run);
	}
	fputc(']', f);
}

void html_data(const hp_page *p, FILE *f)
{
	srcs s = { NULL, 0, 0 };
	fputs("{\"outcomes\":[", f);
	for (int o = 0; o < O_NOUTCOMES; o++) {
		if (o)
			fputc(',', f);
		json_str(f, outcome_name((outcome)o));
	}
	fputs("],", f);
	key(f, "history", p->history);
	columns(p, f);
	fputs(",\"rows\":[", f);
	for (size_t i = 0; i < p->nrows; i++) {
		if (i)
			fputs(",\n", f);
		row(p, &p->rows[i], &s, f);
	}
	fputs("],\"srcs\":[", f);
	for (size_t k = 0; k < s.n; k++) {
		if (k)
			fputc(',', f);
		json_str(f, s.name[k]);
		free(s.name[k]);
	}
	free(s.name);
	fputc(']', f);
	flakes(p, f);
	fputs("}", f);
}
