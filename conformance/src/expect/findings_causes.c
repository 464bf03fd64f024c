/*
 * findings_causes.c — FINDINGS.md's causes: an implementation's
 * deviations grouped by the cause their entries name (`cause=SLUG`),
 * each cause defined once in the implementation's expectations file by
 * a line
 *
 *     #cause SLUG<TAB>TITLE<TAB>UPSTREAM[<TAB>CASE]
 *
 * UPSTREAM being the upstream issue with its state and fixing release,
 * or `none` (`none (a related issue)`) when no upstream issue covers
 * the cause, `none: by design ...` for a documented choice. The first
 * make the
 * "to report upstream" list, each with a reproducer (`sockspec repro`
 * of CASE, or of the cause's first case)
 * for the implementations we did not write.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect.h"
#include "findings_internal.h"
#include "repro/repro.h"

void causes_free(causeset *cs)
{
	for (size_t i = 0; i < cs->n; i++) {
		free(cs->v[i].slug);
		free(cs->v[i].title);
		free(cs->v[i].upstream);
		free(cs->v[i].repro);
		free(cs->v[i].file);
	}
	free(cs->v);
	memset(cs, 0, sizeof *cs);
}

int causes_load(const char *dir, const char *impl, causeset *cs)
{
	char *path = xasprintf("%s/%s.tsv", dir, impl);
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	int lineno = 0, rc = 0;
	if (!f) {
		free(path);
		return 0;
	}
	while (getline(&line, &cap, f) >= 0) {
		lineno++;
		if (strncmp(line, "#cause ", 7) != 0)
			continue;
		line[strcspn(line, "\n")] = '\0';
		char *slug = line + 7, *title = strchr(slug, '\t');
		char *up = title ? strchr(title + 1, '\t') : NULL;
		if (!title || !up || up == title + 1 || !up[1]) {
			fprintf(stderr, "%s:%d: a cause is `#cause SLUG<TAB>"
				"TITLE<TAB>UPSTREAM` (UPSTREAM `none` when no "
				"upstream issue covers it)\n", path, lineno);
			rc = -1;
			continue;
		}
		*title++ = '\0';
		*up++ = '\0';
		char *rcase = strchr(up, '\t');
		if (rcase)
			*rcase++ = '\0';
		cs->v = xrealloc(cs->v, (cs->n + 1) * sizeof *cs->v);
		cause *c = &cs->v[cs->n++];
		c->slug = xstrdup(slug);
		c->title = xstrdup(title);
		c->upstream = xstrdup(up);
		c->repro = rcase && *rcase ? xstrdup(rcase) : NULL;
		c->file = xstrdup(path);
		c->line = lineno;
	}
	free(line);
	fclose(f);
	free(path);
	return rc;
}

const cause *cause_find(const causeset *cs, const char *slug)
{
	for (size_t i = 0; slug && i < cs->n; i++)
		if (strcmp(cs->v[i].slug, slug) == 0)
			return &cs->v[i];
	return NULL;
}

/* Implementations we wrote have no upstream to report to and no
 * reproducer writer: libsockref's family */
bool impl_upstream(const char *impl)
{
	return strncmp(impl, "ref", 3) != 0;
}

/* the implementation a reproducer is for: the family, or the entry's
 * one impl= that names a single implementation */
static const char *repro_impl(const xentry *e)
{
	if (e->nimpls == 1 && !strpbrk(e->impls[0], "*?["))
		return e->impls[0];
	return e->family;
}

void repro_link(FILE *out, const xentry *e)
{
	const char *impl = repro_impl(e);
	char why[512];
	if (!impl || e->as_peer)
		return;
	if (impl_upstream(impl)) {
		fprintf(out, " Reproducer: `build/sockspec repro %s --impl %s`.",
			e->name, impl);
		return;
	}
	/* libsockref's family: a C program against that build of it, its
	 * header saying how to build it (conformance/README.md) */
	if (repro_writes(e->name, impl, why, sizeof why) == 0)
		fprintf(out, " Reproducer (C): `build/sockspec repro %s --impl "
			"%s -o repro.c`, built as its header says.", e->name,
			impl);
}

static void md_text(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '|' || *s == '*' || *s == '\\' || *s == '`')
			fputc('\\', out);
		fputc(*s, out);
	}
}

/* no upstream issue covers it: UPSTREAM `none`, or `none (...)` with a
 * related issue about something else; `none: by design ...` is a
 * documented choice, nothing to report */
static bool to_report(const cause *c)
{
	return strncmp(c->upstream, "none", 4) == 0 &&
	       (c->upstream[4] == '\0' || c->upstream[4] == ' ');
}

void causes_write(FILE *out, const char *impl, const causeset *cs,
		  const row *rows, size_t n)
{
	size_t tagged = 0;
	for (size_t i = 0; i < n; i++)
		tagged += rows[i].e->cause != NULL;
	if (!cs->n && !tagged)
		return;
	fprintf(out, "\n### Causes\n\n%zu deviations, %zu causes: the "
		"deviations that share a cause (`cause=` in the entry), then "
		"one each for the rest.\n\n| cause | cases | upstream |\n"
		"|---|---|---|\n", n, cs->n + (n - tagged));
	for (size_t k = 0; k < cs->n; k++) {
		const cause *c = &cs->v[k];
		size_t cnt = 0;
		for (size_t i = 0; i < n; i++)
			cnt += rows[i].e->cause &&
			       strcmp(rows[i].e->cause, c->slug) == 0;
		fprintf(out, "| **");
		md_text(out, c->title);
		fprintf(out, "** (`%s`) | %zu:", c->slug, cnt);
		for (size_t i = 0; i < n; i++)
			if (rows[i].e->cause &&
			    strcmp(rows[i].e->cause, c->slug) == 0)
				fprintf(out, " `%s`", rows[i].e->name);
		fputs(" | ", out);
		md_text(out, c->upstream);
		fputs(" |\n", out);
	}
	if (tagged < n)
		fprintf(out, "| (each its own cause: see its reason below) | "
			"%zu | in the reason |\n", n - tagged);
	if (!impl_upstream(impl))
		return;
	size_t none = 0;
	for (size_t k = 0; k < cs->n; k++)
		none += to_report(&cs->v[k]);
	fprintf(out, "\n#### To report upstream\n\n");
	if (!none) {
		fprintf(out, "Every cause above has an upstream issue.\n");
		return;
	}
	fprintf(out, "Causes no upstream issue covers, each with a "
		"standalone program that shows it (`sockspec repro` writes "
		"it; run it with %s's interpreter alone):\n\n", impl);
	for (size_t k = 0; k < cs->n; k++) {
		const cause *c = &cs->v[k];
		if (!to_report(c))
			continue;
		const row *first = NULL;
		for (size_t i = 0; i < n && !first; i++)
			if (rows[i].e->cause &&
			    strcmp(rows[i].e->cause, c->slug) == 0)
				first = &rows[i];
		fprintf(out, "- ");
		md_text(out, c->title);
		if (c->repro || first)
			fprintf(out, ": `build/sockspec repro %s --impl %s > "
				"repro.py`", c->repro ? c->repro : first->e->name,
				impl);
		fputc('\n', out);
	}
}
