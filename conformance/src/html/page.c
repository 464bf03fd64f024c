/*
 * page.c — the page: the skeleton the script draws into (#bar, #view,
 * #detail), the results files read (folded away under the views), the
 * data block, the style sheet and the script. Nothing is fetched: the
 * file opens the same from a disk, a mail or a CI artefact.
 */
#include "html_internal.h"

/* HTML text (not an attribute) */
static void text(FILE *f, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		default: fputc(*s, f);
		}
}

static size_t current_results(const hp_page *p)
{
	size_t n = 0;
	for (size_t i = 0; i < p->nrows; i++)
		for (size_t c = 0; c < p->ncols; c++)
			n += p->rows[i].at[c] && !p->cols[c].past;
	return n;
}

static size_t current_columns(const hp_page *p)
{
	size_t n = 0;
	for (size_t c = 0; c < p->ncols; c++)
		n += !p->cols[c].past;
	return n;
}

/* Each column's cells that did not pass, grouped by cause, as static
 * HTML (no script needed): <li class="cause" data-col data-cases> */
static void causes(const hp_page *p, FILE *f)
{
	if (!p->ncauses)
		return;
	fprintf(f, "<details id=\"causes\"><summary>causes: each run's "
		"results that did not pass (skips aside), grouped by the first "
		"failing step's reason</summary>\n");
	for (size_t k = 0; k < p->ncauses; k++) {
		const hp_cause *c = &p->causes[k];
		const hp_col *col = &p->cols[c->col];
		if (k == 0 || p->causes[k - 1].col != c->col) {
			fprintf(f, "%s<h3 data-col=\"%zu\">", k ? "</ul>\n" : "",
				c->col);
			text(f, col->impl);
			fputs(" ", f);
			text(f, col->version);
			fputs(" @ ", f);
			text(f, col->kernel);
			fputs(" ", f);
			text(f, col->platform);
			if (col->peer[0]) {
				fputs(" peer ", f);
				text(f, col->peer);
			}
			fputs("</h3>\n<ul class=\"causes\">\n", f);
		}
		fprintf(f, "<li class=\"cause\" data-col=\"%zu\" "
			"data-cases=\"%zu\"><b>%zu</b> <code>", c->col, c->n,
			c->n);
		text(f, c->key);
		fputs("</code>:", f);
		for (size_t j = 0; j < c->n; j++) {
			fputc(' ', f);
			text(f, c->cases[j]);
		}
		fputs("</li>\n", f);
	}
	fputs("</ul></details>\n", f);
}

int html_page(const hp_page *p, FILE *f)
{
	static const char *const scripts[] = {
		html_script_state, html_script_matrix, html_script_filters,
		html_script_detail, html_script_diff, html_script_flakes,
		html_script_main,
	};
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	      "<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width\">\n"
	      "<title>sockspec report</title>\n<style>\n", f);
	fputs(html_style, f);
	fprintf(f, "</style>\n</head>\n<body>\n<header><h1>sockspec report</h1>"
		"<span class=\"meta\">%zu runs, %zu results; a cell is passed/"
		"total, coloured by its worst outcome; click an area to open "
		"it, a result for its detail</span></header>\n"
		"<div id=\"bar\"></div>\n<main id=\"view\"></main>\n"
		"<noscript><p>This page draws itself with its inline script "
		"(it fetches nothing); `sockspec report RESULTS...` writes "
		"the same as text.</p></noscript>\n"
		"<aside id=\"detail\" hidden></aside>\n",
		current_columns(p), current_results(p));
	fprintf(f, "<details id=\"sources\"><summary>%zu results file%s "
		"read</summary><ul>\n", p->nfiles, p->nfiles == 1 ? "" : "s");
	for (size_t k = 0; k < p->nfiles; k++) {
		fputs("<li>", f);
		text(f, p->files[k]);
		fputs("</li>\n", f);
	}
	fputs("</ul></details>\n", f);
	causes(p, f);
	fputs("<script type=\"application/json\" id=\"data\">", f);
	html_data(p, f);
	fputs("</script>\n<script>\n", f);
	for (size_t k = 0; k < sizeof scripts / sizeof scripts[0]; k++)
		fputs(scripts[k], f);
	fputs("</script>\n</body>\n</html>\n", f);
	return ferror(f) ? -1 : 0;
}
