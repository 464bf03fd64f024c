/*
 * cells.c — results files (or directories of them) read back as cells
 * (cells.h). A line is refused with its file and line when it is not a
 * JSON object, lacks case, impl or outcome, names an unknown outcome, or
 * holds a non-string where a key of the cell must be a string: a diff or
 * a merge built on a half-understood record would mislead.
 */
#include "cells.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Keys that must be strings when present (absent ones read as ""). */
static const char *const str_keys[] = { "kernel", "platform", "peer",
					"reason" };

/* Why rec cannot be a cell, or NULL. */
static const char *invalid(struct json_object *rec, const char *where,
			   void *ctx, char *why, size_t cap)
{
	(void)where;
	(void)ctx;
	struct json_object *v;
	if (!json_object_is_type(rec, json_type_object))
		return "not a JSON object";
	if (!json_object_is_type(record_get(rec, "case"), json_type_string) ||
	    !record_str(rec, "case")[0])
		return "\"case\" missing or not a non-empty string";
	if (!json_object_is_type(record_get(rec, "impl"), json_type_string) ||
	    !record_str(rec, "impl")[0])
		return "\"impl\" missing or not a non-empty string";
	if (!json_object_is_type(record_get(rec, "outcome"), json_type_string))
		return "\"outcome\" missing or not a string";
	if (outcome_by_name(record_str(rec, "outcome")) < 0) {
		snprintf(why, cap, "unknown outcome \"%.60s\"",
			 record_str(rec, "outcome"));
		return why;
	}
	for (size_t k = 0; k < sizeof str_keys / sizeof str_keys[0]; k++)
		if ((v = record_get(rec, str_keys[k])) &&
		    !json_object_is_type(v, json_type_string)) {
			snprintf(why, cap, "\"%s\" is not a string", str_keys[k]);
			return why;
		}
	return NULL;
}

static void add(void *ctx, struct json_object *rec, const char *line,
		const char *path, int lineno)
{
	cellset *s = ctx;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 256;
		s->c = xrealloc(s->c, s->cap * sizeof *s->c);
	}
	cell *c = &s->c[s->n];
	memset(c, 0, sizeof *c);
	c->v = rec;
	c->text = xstrdup(line);
	c->where = xasprintf("%s:%d", path, lineno);
	c->seq = s->n++;
	c->outcome = outcome_by_name(record_str(rec, "outcome"));
	c->case_name = record_str(rec, "case");
	c->impl = record_str(rec, "impl");
	c->kernel = record_str(rec, "kernel");
	c->platform = record_str(rec, "platform");
	c->peer = record_str(rec, "peer");
	c->reason = record_str(rec, "reason");
}

/* One results line, as if read at PATH:LINENO: 0, or 2 after printing
 * "PATH:LINENO: reason". */
static int add_line(cellset *s, const char *line, const char *path, int lineno)
{
	char why[256];
	struct json_object *rec = record_parse(line, why, sizeof why);
	const char *bad = rec ? invalid(rec, path, s, why, sizeof why) : why;
	if (bad) {
		fprintf(stderr, "%s:%d: %s\n", path, lineno, bad);
		if (rec)
			json_object_put(rec);
		return 2;
	}
	add(s, rec, line, path, lineno);
	return 0;
}

int cells_load(cellset *s, const char *path)
{
	char **lines;
	size_t n;
	int status;
	if (strncmp(path, CELLS_HISTORY, strlen(CELLS_HISTORY)) != 0)
		return results_load(path, invalid, add, s);
	status = cells_history_lines(path, &lines, &n);
	for (size_t k = 0; k < n; k++) {
		if (add_line(s, lines[k], path, (int)k + 1) != 0)
			status = 2;
		free(lines[k]);
	}
	free(lines);
	return status;
}

void cells_free(cellset *s)
{
	for (size_t i = 0; i < s->n; i++) {
		json_object_put(s->c[i].v);
		free(s->c[i].text);
		free(s->c[i].where);
	}
	free(s->c);
	memset(s, 0, sizeof *s);
}

/* discover() sorts the case files' paths, "AREA/NAME.case", so a run
 * lists "errors/herror-ex" before "errors/herror" ('-' < '.'). Compare
 * names as if the suffix were still on to get the same order. */
static unsigned char with_suffix(const char *s, size_t len, size_t i)
{
	static const char sfx[] = ".case";
	if (i < len)
		return (unsigned char)s[i];
	return i - len < sizeof sfx - 1 ? (unsigned char)sfx[i - len] : 0;
}

static int case_order(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	for (size_t i = 0;; i++) {
		unsigned char x = with_suffix(a, la, i), y = with_suffix(b, lb, i);
		if (x != y)
			return x < y ? -1 : 1;
		if (x == 0)
			return 0;
	}
}

int cell_colcmp(const cell *a, const cell *b, bool ignore_kernel)
{
	int r;
	if ((r = strcmp(a->impl, b->impl)))
		return r;
	if (!ignore_kernel && (r = strcmp(a->kernel, b->kernel)))
		return r;
	if ((r = strcmp(a->platform, b->platform)))
		return r;
	return strcmp(a->peer, b->peer);
}

int cell_keycmp(const cell *a, const cell *b, bool ignore_kernel)
{
	int r = cell_colcmp(a, b, ignore_kernel);
	return r ? r : case_order(a->case_name, b->case_name);
}

static bool sort_ignore_kernel; /* qsort takes no context */

static int by_key_then_seq(const void *pa, const void *pb)
{
	const cell *a = pa, *b = pb;
	int r = cell_keycmp(a, b, sort_ignore_kernel);
	if (r)
		return r;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void cells_sort(cellset *s, bool ignore_kernel)
{
	sort_ignore_kernel = ignore_kernel;
	if (s->n > 1)
		qsort(s->c, s->n, sizeof *s->c, by_key_then_seq);
}

void kernel_line(const char *release, char *buf, size_t cap)
{
	/* the first two numbers: 6.1 of 6.1.0-56-amd64, 5.10 of 5.10.0-46 */
	size_t n = strspn(release, "0123456789");
	if (n && release[n] == '.') {
		size_t m = strspn(release + n + 1, "0123456789");
		if (m) {
			snprintf(buf, cap, "%.*s", (int)(n + 1 + m), release);
			return;
		}
	}
	snprintf(buf, cap, "?");
}

void cell_column(const cell *c, bool ignore_kernel, char *buf, size_t cap)
{
	char line[32] = "";
	if (!ignore_kernel && c->kernel[0]) {
		char l[24];
		kernel_line(c->kernel, l, sizeof l);
		snprintf(line, sizeof line, " (line %s)", l);
	}
	snprintf(buf, cap, "%s%s%s%s %s%s%s", c->impl,
		 ignore_kernel || !c->kernel[0] ? "" : "@",
		 ignore_kernel ? "" : c->kernel, line,
		 c->platform[0] ? c->platform : "-",
		 c->peer[0] ? " peer=" : "", c->peer);
}
