/*
 * coverage.c — `sockspec coverage [--missing [AREA]]`: how much of the
 * catalogue (conformance/catalogue.tsv, the behaviours socket.rst
 * documents) the case files cite. A row counts when some case's `id:`
 * header names it; rows whose `where` is `windows` are behaviour Linux
 * cannot have and are not counted. An id a case cites that the catalogue
 * does not have is an error (FILE:LINE), since coverage would otherwise
 * count a typo as nothing and say nothing.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "lang/lang.h"

typedef struct row {
	char *id, *area, *where;
	bool cited;
} row;

static int load_catalogue(const char *path, row **out, size_t *n)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "sockspec coverage: %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	char line[2048];
	size_t cap = 0, lineno = 0;
	*out = NULL;
	*n = 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0] || line[0] == '#' || strncmp(line, "id\t", 3) == 0)
			continue;
		char *id = strtok(line, "\t"), *area = strtok(NULL, "\t");
		char *doc = strtok(NULL, "\t"), *where = strtok(NULL, "\t");
		if (!id || !area || !doc || !where ||
		    strncmp(doc, "socket.rst:", 11) != 0) {
			fprintf(stderr, "%s:%zu: expected id, area, "
				"socket.rst:LINE, where\n", path, lineno);
			fclose(f);
			return -1;
		}
		if (*n == cap) {
			cap = cap ? 2 * cap : 512;
			*out = realloc(*out, cap * sizeof **out);
			if (!*out)
				abort();
		}
		(*out)[(*n)++] = (row){ xstrdup(id), xstrdup(area),
					xstrdup(where), false };
	}
	fclose(f);
	return 0;
}

static row *find_row(row *v, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].id, id) == 0)
			return &v[i];
	return NULL;
}

static void coverage_usage(void)
{
	fprintf(stderr, "usage: sockspec coverage [--missing [AREA]]\n");
}

int cmd_coverage(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "missing", optional_argument, NULL, OPT_LONG },
		{ NULL, 0, NULL, 0 }
	};
	bool missing = false;
	const char *only = NULL;
	int c;
	opt_start();
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != OPT_LONG) {
			coverage_usage();
			return 2;
		}
		missing = true;
		/* getopt_long takes an optional value only as --missing=AREA;
		 * the next word is AREA too unless it is an option */
		if (optarg)
			only = optarg;
		else if (optind < argc && argv[optind][0] != '-')
			only = argv[optind++];
	}
	if (optind < argc) {
		coverage_usage();
		return 2;
	}
	const char *env = getenv("SOCKSPEC_CATALOGUE");
	char *path = env && *env ? xstrdup(env)
				 : proj_path("conformance/catalogue.tsv");
	row *v;
	size_t n;
	int rc = load_catalogue(path, &v, &n);
	free(path);
	if (rc < 0)
		return 2;
	centry *es;
	size_t ne;
	if (discover_cases(NULL, &es, &ne) < 0)
		return 2;
	for (size_t i = 0; i < ne; i++) {
		if (!es[i].c) {
			fprintf(stderr, "%s\n", es[i].error);
			rc = 2;
			continue;
		}
		for (size_t k = 0; k < es[i].c->nids; k++) {
			row *r = find_row(v, n, es[i].c->ids[k]);
			if (r) {
				r->cited = true;
				continue;
			}
			fprintf(stderr, "%s: id %s is not in the catalogue\n",
				es[i].path, es[i].c->ids[k]);
			rc = 2;
		}
	}
	centries_free(es, ne);
	size_t all = 0, cov = 0;
	for (size_t i = 0; i < n; i++) {
		bool counted = strcmp(v[i].where, "windows") != 0;
		all += counted;
		cov += counted && v[i].cited;
		if (missing && counted && !v[i].cited &&
		    (!only || strcmp(v[i].area, only) == 0))
			printf("%s\t%s\n", v[i].id, v[i].where);
	}
	if (!missing) {
		/* per area, in catalogue order */
		for (size_t i = 0; i < n; i++) {
			bool first = true;
			for (size_t k = 0; k < i; k++)
				first &= strcmp(v[k].area, v[i].area) != 0;
			if (!first)
				continue;
			size_t a = 0, c = 0;
			for (size_t k = i; k < n; k++) {
				if (strcmp(v[k].area, v[i].area) != 0 ||
				    strcmp(v[k].where, "windows") == 0)
					continue;
				a++;
				c += v[k].cited;
			}
			if (a)
				printf("%-10s %3zu/%zu\n", v[i].area, c, a);
		}
		printf("covered %zu/%zu\n", cov, all);
	}
	for (size_t i = 0; i < n; i++) {
		free(v[i].id);
		free(v[i].area);
		free(v[i].where);
	}
	free(v);
	return rc;
}
