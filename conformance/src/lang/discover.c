/*
 * discover.c — find case files under the cases directory, name them
 * (area/name), filter with a glob on the name, and parse them.
 */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lang.h"

char *cases_dir(void)
{
	const char *env = getenv("SOCKSPEC_CASES_DIR");
	if (env && *env)
		return xstrdup(env);
	return proj_path("conformance/cases");
}

int discover_cases(const char *glob, centry **out, size_t *n)
{
	char *dir = cases_dir();
	int rc = discover(dir, glob, out, n);
	if (rc < 0)
		fprintf(stderr, "sockspec: %s: %s\n", dir, strerror(errno));
	free(dir);
	return rc;
}

char *atf_ident(const char *name)
{
	char *s = xstrdup(name);
	for (char *p = s; *p; p++)
		if (*p == '/' || *p == '-' || *p == '.')
			*p = '_';
	return s;
}

typedef struct flist { char **v; size_t n, cap; } flist;

static void walk(const char *dir, const char *rel, flist *out)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char *full = xasprintf("%s/%s", dir, de->d_name);
		char *r = *rel ? xasprintf("%s/%s", rel, de->d_name)
			       : xstrdup(de->d_name);
		struct stat st;
		if (stat(full, &st) == 0 && S_ISDIR(st.st_mode)) {
			walk(full, r, out);
		} else {
			size_t l = strlen(r);
			if (l > 5 && strcmp(r + l - 5, ".case") == 0) {
				if (out->n == out->cap) {
					out->cap = out->cap ? 2 * out->cap : 64;
					out->v = xrealloc(out->v,
						out->cap * sizeof *out->v);
				}
				out->v[out->n++] = xstrdup(r);
			}
		}
		free(full);
		free(r);
	}
	closedir(d);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* GLOB[,GLOB...]: does any of the patterns match? (case names hold no
 * comma) */
static bool glob_any(const char *globs, const char *name)
{
	char *copy = xstrdup(globs), *save = NULL;
	bool m = false;
	for (char *g = strtok_r(copy, ",", &save); g && !m;
	     g = strtok_r(NULL, ",", &save))
		m = fnmatch(g, name, 0) == 0;
	free(copy);
	return m;
}

int discover(const char *dir, const char *glob, centry **out, size_t *n)
{
	struct stat st;
	if (stat(dir, &st) != 0)
		return -1;
	flist fl = {0};
	walk(dir, "", &fl);
	qsort(fl.v, fl.n, sizeof *fl.v, cmp_str);
	centry *es = xmalloc((fl.n ? fl.n : 1) * sizeof *es);
	size_t k = 0;
	for (size_t i = 0; i < fl.n; i++) {
		char *name = fl.v[i];
		name[strlen(name) - 5] = '\0';
		if (glob && !glob_any(glob, name)) {
			free(name);
			continue;
		}
		centry *e = &es[k++];
		memset(e, 0, sizeof *e);
		e->name = name;
		e->path = xasprintf("%s/%s.case", dir, name);
		char err[1024] = "";
		e->c = case_load(e->path, err, sizeof err);
		if (!e->c)
			e->error = xstrdup(err[0] ? err : "malformed case");
	}
	free(fl.v);
	*out = es;
	*n = k;
	return 0;
}

void centry_clear(centry *e)
{
	free(e->path);
	free(e->name);
	free(e->error);
	if (e->c)
		case_free(e->c);
	memset(e, 0, sizeof *e);
}

void centries_free(centry *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		centry_clear(&v[i]);
	free(v);
}
