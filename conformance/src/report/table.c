/* table.c — behaviour × implementation table from results files. A cell
 * is the worst outcome of the behaviour's cases; `failed(3)`: that case
 * had soft checks and three of its steps failed. */
#include "report.h"
#include "lang/lang.h"

#include <stdlib.h>
#include <string.h>

#define MAX_IMPLS 16

/* Worse outcomes rank higher: a cell shows the worst of its cases. */
static const char *const rank[] = { "passed", "xfail", "skipped",
				    "unsupported", "flaky", "xpass", "failed",
				    "broken" };
#define NRANK (sizeof rank / sizeof rank[0])

static int outcome_rank(const char *o)
{
	for (size_t k = 0; k < NRANK; k++)
		if (strcmp(o, rank[k]) == 0)
			return (int)k;
	return (int)NRANK - 1;
}

struct row {
	char *id;
	int cell[MAX_IMPLS]; /* rank + 1; 0 = no case for this impl */
	size_t steps[MAX_IMPLS]; /* failed steps of its worst case, if listed */
};

struct table {
	char *impl[MAX_IMPLS];
	size_t nimpl;
	struct row *rows;
	size_t nrows, cap;
	size_t count[MAX_IMPLS][NRANK]; /* cases per impl and outcome */
};

static int impl_index(struct table *t, const char *impl)
{
	for (size_t k = 0; k < t->nimpl; k++)
		if (strcmp(t->impl[k], impl) == 0)
			return (int)k;
	if (t->nimpl == MAX_IMPLS)
		return -1;
	t->impl[t->nimpl] = strdup(impl);
	return (int)t->nimpl++;
}

static struct row *row_for(struct table *t, const char *id)
{
	for (size_t k = 0; k < t->nrows; k++)
		if (strcmp(t->rows[k].id, id) == 0)
			return &t->rows[k];
	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->rows = realloc(t->rows, t->cap * sizeof *t->rows);
		if (t->rows == NULL)
			abort();
	}
	memset(&t->rows[t->nrows], 0, sizeof t->rows[0]);
	t->rows[t->nrows].id = strdup(id);
	return &t->rows[t->nrows++];
}

static int add_record(struct table *t, struct json_object *rec)
{
	struct json_object *ids = record_get(rec, "ids");
	/* a column per implementation and kernel, when the record names one */
	char key[160];
	const char *kern = record_str(rec, "kernel");
	snprintf(key, sizeof key, kern[0] ? "%s@%s" : "%s",
		 record_str(rec, "impl"), kern);
	int impl = impl_index(t, key);
	int r = outcome_rank(record_str(rec, "outcome"));
	if (impl < 0)
		return 0;
	t->count[impl][r]++;
	if (!json_object_is_type(ids, json_type_array))
		return 0;
	for (size_t k = 0; k < json_object_array_length(ids); k++) {
		struct json_object *id = json_object_array_get_idx(ids, k);
		struct row *row;
		if (!json_object_is_type(id, json_type_string))
			continue;
		row = row_for(t, json_object_get_string(id));
		size_t steps = record_nfailures(rec);
		if (row->cell[impl] < r + 1) {
			row->cell[impl] = r + 1;
			row->steps[impl] = steps;
		} else if (row->cell[impl] == r + 1 && steps > row->steps[impl]) {
			row->steps[impl] = steps;
		}
	}
	return 0;
}

static int load(struct table *t, const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, err[160];
	size_t cap = 0;
	int lineno = 0, status = 0;
	if (f == NULL) {
		fprintf(stderr, "%s: cannot read results\n", path);
		return 2;
	}
	while (getline(&line, &cap, f) > 0) {
		struct json_object *rec;
		lineno++;
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '\0')
			continue;
		rec = record_parse(line, err, sizeof err);
		if (rec == NULL) {
			fprintf(stderr, "%s:%d: %s\n", path, lineno, err);
			status = 2;
			continue;
		}
		add_record(t, rec);
		json_object_put(rec);
	}
	free(line);
	fclose(f);
	return status;
}

static int by_id(const void *a, const void *b)
{
	return strcmp(((const struct row *)a)->id, ((const struct row *)b)->id);
}

int table_print(int nfiles, char **files, FILE *out)
{
	struct table t = {0};
	int status = 0;
	size_t width = 10;

	for (int k = 0; k < nfiles; k++)
		if (load(&t, files[k]) != 0)
			status = 2;
	qsort(t.rows, t.nrows, sizeof *t.rows, by_id);
	for (size_t k = 0; k < t.nrows; k++)
		if (strlen(t.rows[k].id) > width)
			width = strlen(t.rows[k].id);

	int colw = 8;
	for (size_t i = 0; i < t.nimpl; i++)
		if ((int)strlen(t.impl[i]) > colw)
			colw = (int)strlen(t.impl[i]);
	fprintf(out, "%-*s", (int)width, "behaviour");
	for (size_t i = 0; i < t.nimpl; i++)
		fprintf(out, "  %-*s", colw, t.impl[i]);
	fprintf(out, "\n");
	for (size_t k = 0; k < t.nrows; k++) {
		fprintf(out, "%-*s", (int)width, t.rows[k].id);
		for (size_t i = 0; i < t.nimpl; i++) {
			int c = t.rows[k].cell[i];
			char text[32];
			snprintf(text, sizeof text, t.rows[k].steps[i] > 1 ?
				 "%s(%zu)" : "%s", c ? rank[c - 1] : "-",
				 t.rows[k].steps[i]);
			fprintf(out, "  %-*s", colw, text);
		}
		fprintf(out, "\n");
	}
	fprintf(out, "\n%zu behaviours\n", t.nrows);
	for (size_t i = 0; i < t.nimpl; i++) {
		fprintf(out, "%s:", t.impl[i]);
		for (size_t r = 0; r < NRANK; r++) {
			/* flaky (run --retry) only where there is one: the
			 * line stays as it was for runs without retries */
			if (strcmp(rank[r], "flaky") == 0 && !t.count[i][r])
				continue;
			fprintf(out, " %zu %s%s", t.count[i][r], rank[r],
				r + 1 < NRANK ? "," : "");
		}
		fprintf(out, " (cases)\n");
	}
	/* what the implementation has of the document, and how much of
	 * that holds (runs print the same line) */
	for (size_t i = 0; i < t.nimpl; i++) {
		size_t all = 0, skipped = 0, unsup = 0, conform = 0;
		for (size_t r = 0; r < NRANK; r++) {
			all += t.count[i][r];
			if (strcmp(rank[r], "skipped") == 0)
				skipped = t.count[i][r];
			else if (strcmp(rank[r], "unsupported") == 0)
				unsup = t.count[i][r];
			else if (strcmp(rank[r], "passed") == 0 ||
				 strcmp(rank[r], "xpass") == 0)
				conform += t.count[i][r];
		}
		fprintf(out, "%s: supported %zu of %zu; of those, conforming "
			"%zu\n", t.impl[i], all - skipped - unsup, all - skipped,
			conform);
	}
	for (size_t k = 0; k < t.nrows; k++)
		free(t.rows[k].id);
	free(t.rows);
	for (size_t i = 0; i < t.nimpl; i++)
		free(t.impl[i]);
	return status;
}
