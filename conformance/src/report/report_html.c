/*
 * report_html.c — the report as one static HTML page: inline CSS, no
 * script, nothing fetched. Rows are cases grouped by area with their
 * socket.rst lines; columns (implementation, kernel, platform, peer);
 * a cell shows its outcome as colour *and* symbol and word, its reason
 * on hover (title) and its detail on click (<details>).
 *
 * Machine-readable markers, which tests rely on: every result is one
 * <td class="cell o-OUTCOME" data-case=CASE data-col=N
 * data-outcome=OUTCOME>; column N is described by <th class="col"
 * data-col=N data-impl data-kernel data-platform data-peer>. A cell with
 * no result is <td class="none">, never class "cell". Column N's totals
 * are <td class="total" data-col=N data-outcome=OUTCOME|all>.
 */
#include "report_model.h"

#include <string.h>

/* Hover text is cut here: a tooltip is not the place for a stderr tail. */
#define TITLE_MAX 600

static const char style[] =
	"body{font:14px/1.4 system-ui,sans-serif;margin:1em 2em;color:#222}\n"
	"h1{font-size:1.4em;margin:0 0 .3em}\n"
	".meta,.legend{margin:.3em 0}\n"
	".legend span{padding:1px 6px;border-radius:3px;margin-right:.4em}\n"
	"table.matrix{border-collapse:collapse;margin-top:.8em}\n"
	".matrix th,.matrix td{border:1px solid #ccc;padding:2px 6px;"
	"vertical-align:top;text-align:left}\n"
	".matrix thead th{position:sticky;top:0;background:#f4f4f4;z-index:1}\n"
	"th.col{font-weight:normal;white-space:nowrap}\n"
	"th.col .impl{font-weight:bold}\n"
	"tr.area-head th{background:#e4e9f2;font-size:1.05em}\n"
	"th.case{font-weight:normal;font-family:monospace;white-space:nowrap}\n"
	"td.ids{font-family:monospace;font-size:.85em;color:#555;max-width:22em}\n"
	"td.doc{white-space:nowrap;font-size:.9em}\n"
	"td.cell{white-space:nowrap}\n"
	"td.cell summary{cursor:pointer;list-style:none}\n"
	"td.cell summary::-webkit-details-marker{display:none}\n"
	"td.cell dl{margin:.3em 0;white-space:normal;max-width:40em;"
	"font-weight:normal}\n"
	"td.cell dt{font-weight:bold}\n"
	"td.cell dd{margin:0 0 .3em 1em}\n"
	"td.cell pre{margin:0;white-space:pre-wrap;word-break:break-word;"
	"font-size:.9em}\n"
	"td.none{color:#999;text-align:center}\n"
	"tfoot th,tfoot td{background:#f8f8f8}\n"
	"tfoot td{text-align:right}\n"
	".o-passed{background:#dff3df;color:#14501a}\n"
	".o-failed{background:#f8d0d0;color:#7a0c0c;font-weight:bold}\n"
	".o-skipped{background:#ececec;color:#555}\n"
	".o-xfail{background:#fbeec2;color:#6a4d00}\n"
	".o-xpass{background:#dcd3f5;color:#3b1f80;font-weight:bold}\n"
	".o-broken{background:#7a0c0c;color:#fff;font-weight:bold}\n"
	/* the checkbox filter needs no script */
	"body:has(#only-bad:checked) tr.w-passed{display:none}\n";

/* Escape s for HTML text (attr 0) or a double-quoted attribute (attr 1),
 * writing at most max bytes of s (0: all) and an ellipsis when cut.
 * Control characters, which HTML cannot carry, show as U+FFFD. */
static void esc(FILE *f, const char *s, int attr, size_t max)
{
	size_t n = strlen(s), cut = n;
	if (max && n > max) {
		cut = max;
		/* do not split a UTF-8 sequence */
		while (cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80)
			cut--;
	}
	for (size_t i = 0; i < cut; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		case '\n': fputs(attr ? "&#10;" : "\n", f); break;
		case '\t': fputc(c, f); break;
		default:
			if (c < 0x20 || c == 0x7f)
				fputs("\xef\xbf\xbd", f);
			else
				fputc(c, f);
		}
	}
	if (cut < n)
		fputs("\xe2\x80\xa6", f);
}

static void head(const report *rp, FILE *f)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	      "<meta charset=\"utf-8\">\n"
	      "<title>sockspec report</title>\n<style>\n", f);
	fputs(style, f);
	fputs("</style>\n</head>\n<body>\n<h1>sockspec report</h1>\n", f);
	fprintf(f, "<p class=\"meta\">%zu cases \u00d7 %zu columns, "
		"%zu results, from", rp->nrows, rp->ncols, rp->cs.n);
	for (size_t k = 0; k < rp->nfiles; k++) {
		fputs(k ? ", <code>" : " <code>", f);
		esc(f, rp->files[k], 0, 0);
		fputs("</code>", f);
	}
	fputs(".</p>\n<p class=\"legend\">", f);
	for (int o = 0; o < O_NOUTCOMES; o++)
		fprintf(f, "<span class=\"o-%s\">%s %s</span>",
			outcome_name((outcome)o), outcome_symbol(o),
			outcome_name((outcome)o));
	fputs("<span class=\"none\">\u00b7 not run</span> "
	      "Hover a cell for its reason, click it for the detail.</p>\n"
	      "<p><label><input type=\"checkbox\" id=\"only-bad\"> only "
	      "cases with an outcome other than passed</label></p>\n", f);
}

static void column_head(const rcol *c, size_t k, FILE *f)
{
	fprintf(f, "<th class=\"col\" scope=\"col\" data-col=\"%zu\" "
		"data-impl=\"", k);
	esc(f, c->impl, 1, 0);
	fputs("\" data-kernel=\"", f);
	esc(f, c->kernel, 1, 0);
	fputs("\" data-platform=\"", f);
	esc(f, c->platform, 1, 0);
	fputs("\" data-peer=\"", f);
	esc(f, c->peer, 1, 0);
	fputs("\"><span class=\"impl\">", f);
	esc(f, c->impl, 0, 0);
	fputs("</span> ", f);
	esc(f, c->impl_version, 0, 0);
	fputs("<br>", f);
	esc(f, c->kernel[0] ? c->kernel : "kernel ?", 0, 0);
	fputs("<br>", f);
	esc(f, c->platform[0] ? c->platform : "platform ?", 0, 0);
	if (c->peer[0]) {
		fputs("<br>peer ", f);
		esc(f, c->peer, 0, 0);
	}
	fputs("</th>", f);
}

/* The hover text: outcome, reason, then detail when it says more. */
static void title(const cell *r, FILE *f)
{
	const char *detail = cell_detail(r);
	double duration = cell_duration(r);
	char head[96];
	snprintf(head, sizeof head, "%s", outcome_name((outcome)r->outcome));
	if (duration >= 0)
		snprintf(head + strlen(head), sizeof head - strlen(head),
			 " in %.3f s", duration);
	esc(f, head, 1, 0);
	if (r->reason[0]) {
		fputs(r->outcome == O_XFAIL || r->outcome == O_XPASS
			      ? "&#10;expectation: " : "&#10;reason: ", f);
		esc(f, r->reason, 1, TITLE_MAX);
	}
	if (detail[0] && strcmp(detail, r->reason)) {
		fputs("&#10;detail: ", f);
		esc(f, detail, 1, TITLE_MAX);
	}
	if (record_nfailures(r->v) > 1)
		fprintf(f, "&#10;%zu failed steps", record_nfailures(r->v));
}

static void dl_item(FILE *f, const char *term, const char *text)
{
	fprintf(f, "<dt>%s</dt><dd><pre>", term);
	esc(f, text, 0, 0);
	fputs("</pre></dd>", f);
}

/* A case with soft checks: every failed step, "FILE:LINE: reason" a
 * line, the first being the reason's. */
static void failures_item(const cell *r, FILE *f)
{
	size_t n = record_nfailures(r->v);
	if (n == 0)
		return;
	fprintf(f, "<dt>failed steps (%zu)</dt><dd><pre>", n);
	for (size_t k = 0; k < n; k++) {
		const char *step = "";
		const char *why = record_failure(r->v, k, &step);
		if (step[0]) {
			esc(f, step, 0, 0);
			fputs(": ", f);
		}
		esc(f, why ? why : "?", 0, 0);
		fputc('\n', f);
	}
	fputs("</pre></dd>", f);
}

static void result_cell(const cell *r, size_t k, FILE *f)
{
	const char *o = outcome_name((outcome)r->outcome);
	const char *detail = cell_detail(r);
	double duration = cell_duration(r);
	char buf[64];
	fprintf(f, "<td class=\"cell o-%s\" data-case=\"", o);
	esc(f, r->case_name, 1, 0);
	fprintf(f, "\" data-col=\"%zu\" data-outcome=\"%s\" title=\"", k, o);
	title(r, f);
	fprintf(f, "\"><details><summary>%s %s</summary><dl>",
		outcome_symbol(r->outcome), o);
	/* for xfail and xpass the reason is the expectation's */
	if (r->reason[0])
		dl_item(f, r->outcome == O_XFAIL || r->outcome == O_XPASS
			   ? "expectation" : "reason", r->reason);
	if (detail[0] && strcmp(detail, r->reason))
		dl_item(f, "detail", detail);
	failures_item(r, f);
	if (duration >= 0) {
		snprintf(buf, sizeof buf, "%.3f s", duration);
		dl_item(f, "duration", buf);
	}
	fputs("<dt>from</dt><dd>", f);
	esc(f, r->where, 0, 0);
	fputs("</dd></dl></details></td>", f);
}

static void row(const report *rp, const rrow *w, FILE *f)
{
	fprintf(f, "<tr class=\"w-%s\"><th class=\"case\" scope=\"row\">",
		outcome_name((outcome)w->worst));
	esc(f, w->name, 0, 0);
	fputs("</th><td class=\"ids\">", f);
	for (size_t k = 0; k < w->nids; k++) {
		if (k)
			fputc(' ', f);
		esc(f, w->ids[k], 0, 0);
	}
	fputs("</td><td class=\"doc\">", f);
	for (size_t k = 0; k < w->ndoc; k++)
		fprintf(f, "%ssocket.rst:%d", k ? "<br>" : "", w->doc[k]);
	fputs("</td>", f);
	for (size_t c = 0; c < rp->ncols; c++) {
		if (w->at[c])
			result_cell(w->at[c], c, f);
		else
			fputs("<td class=\"none\" title=\"not run\">\u00b7</td>", f);
	}
	fputs("</tr>\n", f);
}

static void area_head(const report *rp, size_t from, FILE *f)
{
	size_t n = 0;
	while (from + n < rp->nrows &&
	       strcmp(rp->rows[from + n].area, rp->rows[from].area) == 0)
		n++;
	fprintf(f, "<tbody class=\"area\">\n<tr class=\"area-head\">"
		"<th scope=\"rowgroup\" colspan=\"%zu\">", 3 + rp->ncols);
	esc(f, rp->rows[from].area[0] ? rp->rows[from].area : "(no area)", 0, 0);
	fprintf(f, " (%zu case%s)</th></tr>\n", n, n == 1 ? "" : "s");
}

static void totals(const report *rp, FILE *f)
{
	fputs("<tfoot>\n", f);
	for (int o = 0; o < O_NOUTCOMES; o++) {
		const char *name = outcome_name((outcome)o);
		fprintf(f, "<tr class=\"total\"><th colspan=\"3\" scope=\"row\" "
			"class=\"o-%s\">%s %s</th>", name, outcome_symbol(o), name);
		for (size_t c = 0; c < rp->ncols; c++)
			fprintf(f, "<td class=\"total%s%s\" data-col=\"%zu\" "
				"data-outcome=\"%s\">%zu</td>",
				rp->cols[c].count[o] ? " o-" : "",
				rp->cols[c].count[o] ? name : "", c, name,
				rp->cols[c].count[o]);
		fputs("</tr>\n", f);
	}
	fputs("<tr class=\"total\"><th colspan=\"3\" scope=\"row\">results</th>", f);
	for (size_t c = 0; c < rp->ncols; c++)
		fprintf(f, "<td class=\"total\" data-col=\"%zu\" "
			"data-outcome=\"all\">%zu</td>", c, rp->cols[c].total);
	fputs("</tr>\n</tfoot>\n", f);
}

int report_html(const report *rp, FILE *f)
{
	head(rp, f);
	fputs("<table class=\"matrix\">\n<thead><tr><th scope=\"col\">case</th>"
	      "<th scope=\"col\">behaviours</th><th scope=\"col\">socket.rst"
	      "</th>", f);
	for (size_t c = 0; c < rp->ncols; c++)
		column_head(&rp->cols[c], c, f);
	fputs("</tr></thead>\n", f);
	for (size_t i = 0; i < rp->nrows; i++) {
		if (i == 0 || strcmp(rp->rows[i].area, rp->rows[i - 1].area)) {
			if (i)
				fputs("</tbody>\n", f);
			area_head(rp, i, f);
		}
		row(rp, &rp->rows[i], f);
	}
	if (rp->nrows)
		fputs("</tbody>\n", f);
	totals(rp, f);
	fputs("</table>\n</body>\n</html>\n", f);
	return ferror(f) ? -1 : 0;
}
