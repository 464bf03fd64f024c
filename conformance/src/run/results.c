/*
 * results.c — the results file (one JSON object a line) and the human
 * summary. Expectations are in expect*.c.
 */
#include <errno.h>
#include <gnu/libc-version.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include <json-c/json.h>
#include <json-c/printbuf.h>

#include "run_internal.h"
#include "userland/userland.h"

/* json-c writes every string and number of a record; the layout around
 * them is ours, the one results files have always had: `{"k": v, ...}`
 * and `["a", "b"]` on one line. json-c's own layouts pad braces (spaced)
 * or drop the blanks (plain), and a merge, a diff and the committed
 * baselines compare these lines byte for byte. */
#define LEAF_FLAGS (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

static int layout(struct json_object *o, struct printbuf *pb, int level,
		  int flags)
{
	(void)level;
	(void)flags;
	if (json_object_is_type(o, json_type_array)) {
		printbuf_strappend(pb, "[");
		for (size_t k = 0; k < json_object_array_length(o); k++) {
			if (k)
				printbuf_strappend(pb, ", ");
			struct json_object *it = json_object_array_get_idx(o, k);
			const char *t = json_object_to_json_string_ext(it,
								       LEAF_FLAGS);
			printbuf_memappend(pb, t, (int)strlen(t));
		}
		return printbuf_strappend(pb, "]");
	}
	bool first = true;
	printbuf_strappend(pb, "{");
	json_object_object_foreach(o, key, val) {
		const char *t = json_object_to_json_string_ext(val, LEAF_FLAGS);
		if (!first)
			printbuf_strappend(pb, ", ");
		first = false;
		/* keys are ours, plain ASCII */
		sprintbuf(pb, "\"%s\": ", key);
		printbuf_memappend(pb, t, (int)strlen(t));
	}
	return printbuf_strappend(pb, "}");
}

/* A string member; json-c copies s. */
static void put_str(struct json_object *o, const char *key, const char *s)
{
	json_object_object_add(o, key, json_object_new_string(s));
}

/* "FILE:LINE" of a case's step, FILE relative to the project root when
 * the case is below it. malloc'd. */
static char *step_where(const char *path, int line)
{
	const char *root = proj_root();
	size_t l = strlen(root);
	if (path && strncmp(path, root, l) == 0 && path[l] == '/')
		path += l + 1;
	return xasprintf("%s:%d", path ? path : "?", line);
}

/* `failures`: every failed step of a case where more than one failed
 * (soft checks), in order, each {"step": "FILE:LINE", "reason": ...};
 * those past CASE_MAX_FAILURES are counted in a last entry. */
static struct json_object *failures_json(const centry *e, const caseresult *r)
{
	struct json_object *a = json_object_new_array();
	int kept = r->nfailures < CASE_MAX_FAILURES ? r->nfailures
						    : CASE_MAX_FAILURES;
	if (!a)
		abort();
	for (int k = 0; k <= kept; k++) {
		char *where, *why;
		if (k == kept) {
			if (r->nfailures == kept)
				break;
			where = xstrdup("");
			why = xasprintf("%d more failed steps", r->nfailures - kept);
		} else {
			where = step_where(e->path, r->failures[k].line);
			why = xstrdup(r->failures[k].reason);
		}
		struct json_object *f = json_object_new_object();
		if (!f)
			abort();
		json_object_object_add(f, "step", json_object_new_string(where));
		json_object_object_add(f, "reason", json_object_new_string(why));
		json_object_set_serializer(f, layout, NULL, NULL);
		json_object_array_add(a, f);
		free(where);
		free(why);
	}
	json_object_set_serializer(a, layout, NULL, NULL);
	return a;
}

/* `attempts`: every attempt of a retried case (run --retry), in order,
 * each {"outcome": ..., "reason": ..., "duration": ...}. */
static struct json_object *attempts_json(const caseresult *r)
{
	struct json_object *a = json_object_new_array();
	if (!a)
		abort();
	for (int k = 0; k < r->nattempts && k < CASE_MAX_ATTEMPTS; k++) {
		const attempt *t = &r->attempts[k];
		struct json_object *o = json_object_new_object();
		char dur[32];
		if (!o)
			abort();
		put_str(o, "outcome", outcome_name((outcome)t->outcome));
		put_str(o, "reason", t->reason);
		snprintf(dur, sizeof dur, "%.3f", t->duration);
		json_object_object_add(o, "duration",
			json_object_new_double_s(t->duration, dur));
		json_object_set_serializer(o, layout, NULL, NULL);
		json_object_array_add(a, o);
	}
	json_object_set_serializer(a, layout, NULL, NULL);
	return a;
}

char *results_line(const centry *e, const caseresult *r, const char *impl,
		   const char *peer)
{
	static struct utsname u;
	static char libc[64];
	if (!libc[0]) {
		uname(&u);
		snprintf(libc, sizeof libc, "glibc %s", gnu_get_libc_version());
	}
	struct json_object *o = json_object_new_object();
	struct json_object *ids = json_object_new_array();
	char dur[32];
	if (!o || !ids)
		abort();
	for (size_t k = 0; e->c && k < e->c->nids; k++)
		json_object_array_add(ids, json_object_new_string(e->c->ids[k]));
	json_object_set_serializer(ids, layout, NULL, NULL);
	put_str(o, "case", e->name);
	json_object_object_add(o, "ids", ids);
	put_str(o, "impl", impl);
	put_str(o, "impl_version", r->impl_version);
	put_str(o, "kernel", u.release);
	/* `uname -v`: Debian's kernels name their package version
	 * there ("... Debian 6.1.192-2 (2026-11-16)"), for KCIDB */
	put_str(o, "kernel_version", u.version);
	put_str(o, "arch", u.machine);
	/* the adapter's own platform where its hello named one */
	const char *plat = r->impl_platform[0] ? r->impl_platform
					       : impl_platform(impl);
	const char *dash = strchr(plat, '-');
	bool other_libc = r->impl_platform[0] && dash &&
			  strncmp(dash + 1, libc, strcspn(libc, " ")) != 0;
	/* a Debian root's implementation runs on the root's C library */
	const char *root = adapter_root(impl);
	const char *rlibc = root ? userland_libc(root) : NULL;
	put_str(o, "libc", rlibc ? rlibc : other_libc ? dash + 1 : libc);
	put_str(o, "platform", plat);
	put_str(o, "peer", peer ? peer : "");
	put_str(o, "outcome", outcome_name((outcome)r->outcome));
	put_str(o, "reason", r->reason);
	/* milliseconds, as the text json-c keeps for the number */
	snprintf(dur, sizeof dur, "%.3f", r->duration);
	json_object_object_add(o, "duration",
		json_object_new_double_s(r->duration, dur));
	put_str(o, "detail", r->detail);
	if (r->nfailures > 1)
		json_object_object_add(o, "failures", failures_json(e, r));
	if (r->nattempts > 1)
		json_object_object_add(o, "attempts", attempts_json(r));
	json_object_set_serializer(o, layout, NULL, NULL);
	const char *line = json_object_to_json_string_ext(o, LEAF_FLAGS);
	if (!line)
		abort();
	char *copy = xstrdup(line);
	json_object_put(o);
	return copy;
}

int results_write(const char *file, const centry *es, const caseresult *rs,
		  size_t n, const char *impl, const char *peer)
{
	FILE *f = strcmp(file, "-") == 0 ? stdout : fopen(file, "w");
	if (!f)
		return -1;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		char *line = results_line(&es[i], &rs[i], impl, peer);
		if (fprintf(f, "%s\n", line) < 0)
			rc = -1;
		free(line);
	}
	if (ferror(f))
		rc = -1;
	if (f != stdout && fclose(f) != 0)
		rc = -1;
	else if (f == stdout)
		fflush(f);
	return rc;
}

int summary_print(const centry *es, const caseresult *rs, size_t n)
{
	size_t count[O_NOUTCOMES] = {0};
	for (size_t i = 0; i < n; i++) {
		int o = rs[i].outcome < O_NOUTCOMES ? rs[i].outcome : O_BROKEN;
		count[o]++;
		if (o == O_PASSED)
			continue;
		printf("%-7s %s: %s", outcome_name((outcome)o), es[i].name,
		       rs[i].reason);
		if (rs[i].detail[0] && strcmp(rs[i].detail, rs[i].reason) != 0)
			printf(" [%s]", rs[i].detail);
		putchar('\n');
		/* soft checks: the other failed steps, one a line */
		for (int k = 1; rs[i].nfailures > 1 && k < rs[i].nfailures &&
				k < CASE_MAX_FAILURES; k++)
			printf("        also %s\n", rs[i].failures[k].reason);
		if (rs[i].nfailures > CASE_MAX_FAILURES)
			printf("        and %d more failed steps\n",
			       rs[i].nfailures - CASE_MAX_FAILURES);
	}
	printf("%zu passed, %zu failed, %zu skipped, %zu xfail, %zu xpass, "
	       "%zu broken, %zu unsupported",
	       count[O_PASSED], count[O_FAILED], count[O_SKIPPED],
	       count[O_XFAIL], count[O_XPASS], count[O_BROKEN],
	       count[O_UNSUPPORTED]);
	/* only where a retry made one: the line stays as it was otherwise */
	if (count[O_FLAKY])
		printf(", %zu flaky", count[O_FLAKY]);
	putchar('\n');
	/* of the cases that ran, those whose names the implementation has,
	 * and of those the ones that held to every check (an xpass did; a
	 * flaky case failed once) */
	size_t ran = n - count[O_SKIPPED];
	printf("supported %zu of %zu; of those, conforming %zu\n",
	       ran - count[O_UNSUPPORTED], ran,
	       count[O_PASSED] + count[O_XPASS]);
	fflush(stdout);
	return count[O_FAILED] || count[O_BROKEN] || count[O_XPASS] ? 1 : 0;
}
