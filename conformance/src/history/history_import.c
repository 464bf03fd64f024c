/*
 * history_import.c — results files into the history: `sockspec history
 * --import FILE...`, and a matrix's guest runs (their `sockspec run`s
 * cannot reach the host's database: the guest sees the checkout
 * read-only). One file is one transaction.
 */
#include <errno.h>
#include <ftw.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "history_internal.h"

/* The sockspec commit a matrix.env beside path names (sockspec=...),
 * or "". */
static void matrix_commit(const char *path, char *buf, size_t cap)
{
	char *copy = xstrdup(path);
	char *env = xasprintf("%s/matrix.env", dirname(copy));
	FILE *f = fopen(env, "r");
	buf[0] = '\0';
	char *line = NULL;
	size_t lc = 0;
	while (f && getline(&line, &lc, f) > 0)
		if (strncmp(line, "sockspec=", 9) == 0) {
			snprintf(buf, cap, "%s", line + 9);
			buf[strcspn(buf, "\n")] = '\0';
		}
	free(line);
	if (f)
		fclose(f);
	free(env);
	free(copy);
}

static int import_file(const char *db, const char *path, bool current,
		       size_t *added, size_t *known, char *err, size_t cap)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, cap, "%s: %s", path, strerror(errno));
		return -1;
	}
	struct stat sb;
	double mtime = fstat(fileno(f), &sb) == 0 ? (double)sb.st_mtim.tv_sec +
			sb.st_mtim.tv_nsec / 1e9 : 0;
	hist_rec *rs = NULL;
	char (*hashes)[65] = NULL;
	size_t n = 0;
	char *line = NULL;
	size_t lc = 0;
	ssize_t len;
	while ((len = getline(&line, &lc, f)) > 0) {
		line[strcspn(line, "\n")] = '\0';
		rs = xrealloc(rs, (n + 1) * sizeof *rs);
		hashes = xrealloc(hashes, (n + 1) * sizeof *hashes);
		rs[n].line = xstrdup(line);
		rs[n].case_hash = NULL;
		n++;
	}
	free(line);
	fclose(f);
	char commit[128];
	if (current)
		snprintf(commit, sizeof commit, "%s", history_commit());
	else
		matrix_commit(path, commit, sizeof commit);
	char *origin = xasprintf("import %s", path);
	hist_source src = { commit, mtime, origin };
	int rc = 0;
	char rerr[512];
	/* the case files as they are now: only for results of this tree */
	for (size_t i = 0; current && i < n; i++) {
		char jerr[256];
		struct json_object *r = record_parse(rs[i].line, jerr, sizeof jerr);
		hashes[i][0] = '\0';
		if (r && record_str(r, "case")[0])
			history_case_hash(record_str(r, "case"), hashes[i]);
		json_object_put(r);
		rs[i].case_hash = hashes[i];
	}
	size_t a = 0, k = 0;
	if (history_record(db, &src, rs, n, &a, &k, rerr, sizeof rerr) < 0) {
		/* "line N: ..." is about the file; anything else the db's */
		snprintf(err, cap, strncmp(rerr, "line ", 5) == 0 ? "%s:%s" :
			 "%s: %s", path, strncmp(rerr, "line ", 5) == 0 ?
			 rerr + 5 : rerr);
		rc = -1;
	}
	*added += a;
	*known += k;
	for (size_t i = 0; i < n; i++)
		free((char *)rs[i].line);
	free(rs);
	free(hashes);
	free(origin);
	return rc;
}

/* the *.jsonl under a directory, in name order */
static char **found;
static size_t nfound;

static int collect(const char *p, const struct stat *sb, int type,
		   struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	size_t l = strlen(p);
	if (type == FTW_F && l > 6 && strcmp(p + l - 6, ".jsonl") == 0) {
		found = xrealloc(found, (nfound + 1) * sizeof *found);
		found[nfound++] = xstrdup(p);
	}
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int history_import(const char *db, const char *const *files, size_t n,
		   bool current, size_t *added, size_t *known, char *err,
		   size_t cap)
{
	*added = *known = 0;
	for (size_t i = 0; i < n; i++) {
		struct stat sb;
		if (stat(files[i], &sb) == 0 && S_ISDIR(sb.st_mode)) {
			found = NULL;
			nfound = 0;
			if (nftw(files[i], collect, 16, FTW_PHYS) < 0) {
				snprintf(err, cap, "%s: %s", files[i],
					 strerror(errno));
				return -1;
			}
			qsort(found, nfound, sizeof *found, by_name);
			int rc = 0;
			for (size_t k = 0; k < nfound; k++) {
				if (rc == 0)
					rc = import_file(db, found[k], current,
							 added, known, err, cap);
				free(found[k]);
			}
			free(found);
			if (rc < 0)
				return -1;
		} else if (import_file(db, files[i], current, added, known,
				       err, cap) < 0) {
			return -1;
		}
	}
	return 0;
}
