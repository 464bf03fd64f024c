/*
 * matrix_summary.c — what a matrix leaves beside its results: one env
 * file per run (NAME.env: where and how it ran, how long), and the
 * closing summary read back from the directory (wall time per run,
 * slowest first; the slowest cells; the cells that failed or broke).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "matrix_internal.h"

/* The first record of a results file, or NULL. */
static struct json_object *first_record(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *line = NULL;
	size_t cap = 0;
	struct json_object *v = NULL;
	char err[256];
	if (getline(&line, &cap, f) > 0)
		v = record_parse(line, err, sizeof err);
	free(line);
	fclose(f);
	return v;
}

int env_write(const char *dir, const char *name, const char *where,
	      double wall, int status, char *const argv[])
{
	char *rpath = xasprintf("%s/%s.jsonl", dir, name);
	char *epath = xasprintf("%s/%s.env", dir, name);
	struct json_object *r = first_record(rpath);
	FILE *f = fopen(epath, "w");
	free(rpath);
	free(epath);
	if (!f) {
		json_object_put(r);
		return -1;
	}
	static const char *const keys[] = { "impl", "peer", "kernel", "arch",
		"libc", "platform", "impl_version", NULL };
	fprintf(f, "run=%s\nwhere=%s\n", name, where);
	for (int i = 0; keys[i]; i++)
		fprintf(f, "%s=%s\n", keys[i], r ? record_str(r, keys[i]) : "");
	time_t t = time(NULL);
	char when[32];
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
	fprintf(f, "finished=%s\nwall=%.1f\nstatus=%d\ncommand=", when, wall,
		status);
	for (int i = 0; argv && argv[i]; i++)
		fprintf(f, "%s%s", i ? " " : "", argv[i]);
	fputc('\n', f);
	json_object_put(r);
	return fclose(f);
}

char *env_get(const char *path, const char *key)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *line = NULL, *val = NULL;
	size_t cap = 0, kl = strlen(key);
	while (!val && getline(&line, &cap, f) > 0) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, key, kl) == 0 && line[kl] == '=')
			val = xstrdup(line + kl + 1);
	}
	free(line);
	fclose(f);
	return val;
}

/* Files of dir ending in suffix, sorted, as malloc'd "dir/name". */
static char **dir_files(const char *dir, const char *suffix, size_t *n)
{
	struct dirent **ents;
	int k = scandir(dir, &ents, NULL, alphasort);
	char **v = xmalloc(((size_t)(k > 0 ? k : 0) + 1) * sizeof *v);
	size_t m = 0, sl = strlen(suffix);
	for (int i = 0; i < k; i++) {
		size_t l = strlen(ents[i]->d_name);
		if (l > sl && strcmp(ents[i]->d_name + l - sl, suffix) == 0)
			v[m++] = xasprintf("%s/%s", dir, ents[i]->d_name);
		free(ents[i]);
	}
	if (k > 0)
		free(ents);
	v[m] = NULL;
	*n = m;
	return v;
}

typedef struct timed { double t; char *what; } timed;

static int by_time_desc(const void *a, const void *b)
{
	double x = ((const timed *)a)->t, y = ((const timed *)b)->t;
	return x < y ? 1 : x > y ? -1 : 0;
}

static void timed_free(timed *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].what);
	free(v);
}

/* Wall time of every run, slowest first. */
static void print_walls(const char *dir, FILE *out)
{
	size_t n;
	char **envs = dir_files(dir, ".env", &n);
	timed *v = xmalloc((n + 1) * sizeof *v);
	double sum = 0;
	for (size_t i = 0; i < n; i++) {
		char *w = env_get(envs[i], "wall");
		char *run = env_get(envs[i], "run");
		char *where = env_get(envs[i], "where");
		char *st = env_get(envs[i], "status");
		v[i].t = w ? atof(w) : 0;
		sum += v[i].t;
		v[i].what = xasprintf("%-52s %-8s status %s", run ? run : envs[i],
				      where ? where : "?", st ? st : "?");
		free(w);
		free(run);
		free(where);
		free(st);
		free(envs[i]);
	}
	free(envs);
	qsort(v, n, sizeof *v, by_time_desc);
	fprintf(out, "wall time per run (%zu runs, %.0f s in all), slowest first:\n",
		n, sum);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "  %8.1f s  %s\n", v[i].t, v[i].what);
	timed_free(v, n);
}

/* The column of a record, "impl[+peer]@kernel@platform". */
static char *column_of(struct json_object *r)
{
	const char *peer = record_str(r, "peer");
	return xasprintf("%s%s%s@%s@%s", record_str(r, "impl"), *peer ? "+" : "",
			 peer, record_str(r, "kernel"), record_str(r, "platform"));
}

size_t matrix_summary(const char *dir, FILE *out)
{
	size_t nf;
	char **files = dir_files(dir, ".jsonl", &nf);
	timed *cells = NULL;
	size_t ncells = 0, cap = 0, nbad = 0, nrec = 0;
	char *badlist = xstrdup("");
	for (size_t i = 0; i < nf; i++) {
		FILE *f = fopen(files[i], "r");
		char *line = NULL;
		size_t lc = 0;
		while (f && getline(&line, &lc, f) > 0) {
			char err[256];
			struct json_object *r = record_parse(line, err, sizeof err);
			if (!r)
				continue;
			nrec++;
			double t = 0;
			record_num(r, "duration", &t);
			const char *o = record_str(r, "outcome");
			char *col = column_of(r);
			if (strcmp(o, "failed") == 0 || strcmp(o, "broken") == 0 ||
			    strcmp(o, "xpass") == 0) {
				if (nbad < 30) {
					char *b = xasprintf("%s  %-7s %s  %s: %.200s\n",
							    badlist, o,
							    record_str(r, "case"), col,
							    record_str(r, "reason"));
					free(badlist);
					badlist = b;
				}
				nbad++;
			}
			if (ncells == cap) {
				cap = cap ? 2 * cap : 1024;
				cells = xrealloc(cells, cap * sizeof *cells);
			}
			cells[ncells].t = t;
			cells[ncells++].what = xasprintf("%-40s %s",
							 record_str(r, "case"), col);
			free(col);
			json_object_put(r);
		}
		free(line);
		if (f)
			fclose(f);
		free(files[i]);
	}
	free(files);
	print_walls(dir, out);
	qsort(cells, ncells, sizeof *cells, by_time_desc);
	fprintf(out, "slowest cells (of %zu):\n", nrec);
	for (size_t i = 0; i < ncells && i < 10; i++)
		fprintf(out, "  %8.2f s  %s\n", cells[i].t, cells[i].what);
	timed_free(cells, ncells);
	if (nbad) {
		fprintf(out, "%zu cells failed, broke or passed unexpectedly%s:\n%s",
			nbad, nbad > 30 ? " (the first 30)" : "", badlist);
	}
	free(badlist);
	return nbad;
}
