/*
 * expect_results.c — results files read back for `expectations --stale`
 * and `findings`: of each record only what says which column it belongs
 * to (implementation, kernel, platform), its outcome and, for a case
 * with soft checks, its failed steps.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect.h"

/* Records written before `platform` existed: ARCH-LIBC from arch and the
 * first word of libc ("glibc 2.36"), as impl_platform() names it. */
static char *platform_of(struct json_object *rec)
{
	const char *p = record_str(rec, "platform");
	if (p[0])
		return xstrdup(p);
	const char *arch = record_str(rec, "arch"), *libc = record_str(rec, "libc");
	if (!arch[0] || !libc[0])
		return xstrdup("");
	return xasprintf("%s-%.*s", arch, (int)strcspn(libc, " "), libc);
}

/* The failed steps a record lists, "REASON; REASON...", malloc'd. */
static char *failures_text(struct json_object *rec)
{
	char *t = xstrdup("");
	for (size_t k = 0; k < record_nfailures(rec); k++) {
		const char *why = record_failure(rec, k, NULL);
		char *n = xasprintf("%s%s%s", t, k ? "; " : "", why ? why : "?");
		free(t);
		t = n;
	}
	return t;
}

int rset_load(const char *path, rset *s)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	char *line = NULL, err[160];
	size_t cap = 0;
	int lineno = 0, rc = 0;
	while (getline(&line, &cap, f) > 0) {
		lineno++;
		line[strcspn(line, "\n")] = '\0';
		if (!line[0])
			continue;
		struct json_object *rec = record_parse(line, err, sizeof err);
		if (!rec || !record_str(rec, "case")[0]) {
			fprintf(stderr, "%s:%d: %s\n", path, lineno,
				rec ? "not a results record (no case)" : err);
			json_object_put(rec);
			rc = -1;
			continue;
		}
		s->v = xrealloc(s->v, (s->n + 1) * sizeof *s->v);
		rrecord *r = &s->v[s->n++];
		r->name = xstrdup(record_str(rec, "case"));
		r->impl = xstrdup(record_str(rec, "impl"));
		r->peer = xstrdup(record_str(rec, "peer"));
		r->kernel = xstrdup(record_str(rec, "kernel"));
		r->platform = platform_of(rec);
		r->outcome = xstrdup(record_str(rec, "outcome"));
		r->version = xstrdup(record_str(rec, "impl_version"));
		r->failures = failures_text(rec);
		json_object_put(rec);
	}
	free(line);
	fclose(f);
	return rc;
}

void rset_free(rset *s)
{
	for (size_t k = 0; k < s->n; k++) {
		free(s->v[k].name);
		free(s->v[k].impl);
		free(s->v[k].peer);
		free(s->v[k].kernel);
		free(s->v[k].platform);
		free(s->v[k].outcome);
		free(s->v[k].version);
		free(s->v[k].failures);
	}
	free(s->v);
	s->v = NULL;
	s->n = 0;
}
