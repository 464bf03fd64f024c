/*
 * results_files.c — the results files a command line names: a file
 * itself, or every *.jsonl below a directory (a matrix's build/matrix/,
 * a CI run's downloaded artifacts), recursively and in name order so the
 * same tree always reads the same way; and each file's lines read as
 * records, a bad one reported as FILE:LINE: reason.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base.h"

typedef struct names { char **v; size_t n, cap; } names;

static void walk(const char *dir, names *out)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	if (!d)
		return;
	while ((de = readdir(d))) {
		struct stat st;
		size_t l = strlen(de->d_name);
		if (de->d_name[0] == '.')
			continue;
		char *full = xasprintf("%s/%s", dir, de->d_name);
		if (stat(full, &st) == 0 && S_ISDIR(st.st_mode)) {
			walk(full, out);
			free(full);
		} else if (l > 6 && strcmp(de->d_name + l - 6, ".jsonl") == 0) {
			if (out->n == out->cap) {
				out->cap = out->cap ? 2 * out->cap : 16;
				out->v = xrealloc(out->v, out->cap * sizeof *out->v);
			}
			out->v[out->n++] = full;
		} else {
			free(full);
		}
	}
	closedir(d);
}

static int by_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int results_files(const char *path, char ***out, size_t *n)
{
	struct stat st;
	names ps = {0};
	*out = NULL;
	*n = 0;
	if (stat(path, &st) != 0) {
		fprintf(stderr, "%s: cannot read results: %s\n", path,
			strerror(errno));
		return 2;
	}
	if (!S_ISDIR(st.st_mode)) {
		*out = xmalloc(sizeof **out);
		(*out)[0] = xstrdup(path);
		*n = 1;
		return 0;
	}
	walk(path, &ps);
	if (ps.n > 1)
		qsort(ps.v, ps.n, sizeof *ps.v, by_str);
	*out = ps.v;
	*n = ps.n;
	if (ps.n == 0) {
		fprintf(stderr, "%s: no results files (*.jsonl) under it\n",
			path);
		return 2;
	}
	return 0;
}

int results_read(const char *path, record_check_fn check,
		 record_take_fn take, void *ctx)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, err[256], why[256];
	size_t cap = 0;
	int lineno = 0, status = 0;
	if (!f) {
		fprintf(stderr, "%s: cannot read results: %s\n", path,
			strerror(errno));
		return 2;
	}
	while (getline(&line, &cap, f) > 0) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0])
			continue;
		char *where = xasprintf("%s:%d", path, lineno);
		struct json_object *rec = record_parse(line, err, sizeof err);
		const char *bad = rec ? check(rec, where, ctx, why, sizeof why) :
				  err;
		free(where);
		if (bad) {
			fprintf(stderr, "%s:%d: %s\n", path, lineno, bad);
			status = 2;
			json_object_put(rec);
			continue;
		}
		take(ctx, rec, line, path, lineno);
	}
	if (ferror(f)) {
		fprintf(stderr, "%s: read error: %s\n", path, strerror(errno));
		status = 2;
	}
	free(line);
	fclose(f);
	return status;
}

int results_load(const char *path, record_check_fn check,
		 record_take_fn take, void *ctx)
{
	char **files;
	size_t n;
	int status = results_files(path, &files, &n);
	for (size_t i = 0; i < n; i++)
		if (results_read(files[i], check, take, ctx) != 0)
			status = 2;
	results_files_free(files, n);
	return status;
}

void results_files_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}
