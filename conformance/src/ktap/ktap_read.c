/*
 * ktap_read.c — the records a KTAP document is made of, read from results
 * files: each one's column, area, case name, outcome and the lines that
 * say why. Every file is read in full before anything is written, so a
 * malformed line leaves no partial document.
 */
#include <stdlib.h>
#include <string.h>

#include "ktap_internal.h"

/* What each outcome a results file may name is in KTAP; an outcome
 * written by a newer harness than this one is refused by name. */
static const struct { const char *name; ktap_kind kind; } kinds[] = {
	{ "passed", K_PASS },
	{ "failed", K_FAIL },
	{ "skipped", K_SKIP },
	{ "xfail", K_XFAIL },
	{ "xpass", K_XPASS },
	{ "broken", K_ERROR },
	/* the implementation has no such feature: a skip with its reason */
	{ "unsupported", K_SKIP },
	/* passed on a retry after failing: a pass, its first failure a
	 * diagnostic line */
	{ "flaky", K_PASS },
};

static int kind_of(const char *outcome)
{
	for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
		if (strcmp(kinds[k].name, outcome) == 0)
			return (int)kinds[k].kind;
	return -1;
}

/* One line of text for a KTAP line: line breaks become blanks (a reason
 * is one line of a result or a diagnostic), blanks at the ends go. */
static char *one_line(const char *s)
{
	char *t = xstrdup(s);
	for (char *p = t; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	size_t n = strlen(t);
	while (n && t[n - 1] == ' ')
		t[--n] = '\0';
	size_t lead = strspn(t, " ");
	memmove(t, t + lead, n - lead + 1);
	return t;
}

/* A name of a KTAP result line: no '#', which would start a directive,
 * and no blank; everything else as it is. */
static char *name_of(const char *s)
{
	char *t = one_line(s);
	for (char *p = t; *p; p++)
		if (*p == '#' || *p == ' ')
			*p = '_';
	return t;
}

static void add_diag(ktap_rec *r, const char *text)
{
	char *line = one_line(text);
	if (!*line) {
		free(line);
		return;
	}
	r->diag = xrealloc(r->diag, (r->ndiag + 1) * sizeof *r->diag);
	r->diag[r->ndiag++] = line;
}

/* The diagnostic lines of a record: why it failed or broke (its reason,
 * the detail when it says more, each further failed step of a case with
 * soft checks); a flaky case's first failure. */
static void diagnostics(ktap_rec *r, struct json_object *rec)
{
	if (r->kind != K_FAIL && r->kind != K_ERROR &&
	    strcmp(record_str(rec, "outcome"), "flaky") != 0)
		return;
	const char *reason = record_str(rec, "reason");
	const char *detail = record_str(rec, "detail");
	add_diag(r, reason);
	if (*detail && strcmp(detail, reason) != 0) {
		/* a detail of several lines stays several diagnostic lines */
		char *d = xstrdup(detail);
		char *save = NULL;
		for (char *l = strtok_r(d, "\n", &save); l;
		     l = strtok_r(NULL, "\n", &save))
			add_diag(r, l);
		free(d);
	}
	for (size_t k = 1; k < record_nfailures(rec); k++) {
		const char *step;
		const char *why = record_failure(rec, k, &step);
		if (!why)
			continue;
		char *also = xasprintf("also %s%s%s", step, *step ? ": " : "",
				       why);
		add_diag(r, also);
		free(also);
	}
}

/* Why a record cannot be a KTAP result, or NULL. */
static const char *check(struct json_object *rec, const char *where,
			 void *ctx, char *why, size_t cap)
{
	(void)where;
	(void)ctx;
	if (!json_object_is_type(rec, json_type_object))
		return "a record is a JSON object";
	if (!*record_str(rec, "case") || !*record_str(rec, "impl"))
		return "a record names its case and impl";
	const char *outcome = record_str(rec, "outcome");
	if (kind_of(outcome) < 0) {
		snprintf(why, cap, "unknown outcome '%s'", outcome);
		return why;
	}
	return record_failures_invalid(rec);
}

/* A checked record into the set (s), which the record is not kept in. */
static void take(void *ctx, struct json_object *rec, const char *line,
		 const char *path, int lineno)
{
	ktap_set *s = ctx;
	(void)line;
	const char *cname = record_str(rec, "case");
	const char *outcome = record_str(rec, "outcome");
	s->r = xrealloc(s->r, (s->n + 1) * sizeof *s->r);
	ktap_rec *r = &s->r[s->n++];
	memset(r, 0, sizeof *r);
	r->impl = xstrdup(record_str(rec, "impl"));
	r->kernel = xstrdup(record_str(rec, "kernel"));
	r->platform = xstrdup(record_str(rec, "platform"));
	r->peer = xstrdup(record_str(rec, "peer"));
	/* AREA/NAME: the area is the case file's directory */
	const char *slash = strchr(cname, '/');
	char *area = slash ? xasprintf("%.*s", (int)(slash - cname), cname)
			   : xstrdup("sockspec");
	r->area = name_of(area);
	free(area);
	r->name = name_of(slash ? slash + 1 : cname);
	r->kind = (ktap_kind)kind_of(outcome);
	r->flaky = strcmp(outcome, "flaky") == 0;
	r->reason = one_line(record_str(rec, "reason"));
	r->where = xasprintf("%s:%d", path, lineno);
	diagnostics(r, rec);
	json_object_put(rec);
}

int ktap_read(ktap_set *s, const char *path)
{
	return results_load(path, check, take, s) == 0 ? 0 : -1;
}

void ktap_free(ktap_set *s)
{
	for (size_t i = 0; i < s->n; i++) {
		ktap_rec *r = &s->r[i];
		free(r->impl);
		free(r->kernel);
		free(r->platform);
		free(r->peer);
		free(r->area);
		free(r->name);
		free(r->reason);
		free(r->where);
		free(r->column);
		for (size_t k = 0; k < r->ndiag; k++)
			free(r->diag[k]);
		free(r->diag);
	}
	free(s->r);
	s->r = NULL;
	s->n = 0;
}
