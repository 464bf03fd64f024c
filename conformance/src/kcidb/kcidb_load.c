/*
 * kcidb_load.c — results files read back for a KCIDB document. A line is
 * refused, with its file and line, when it is not a JSON object, lacks a
 * member a KCIDB object is made of (case, impl, outcome, kernel, arch),
 * names an unknown outcome, or holds the wrong type where KCIDB takes a
 * string, a number or a list, a duration that is not a finite number, a
 * string that is not UTF-8 or holds a NUL (KCIDB's strings cannot), or a
 * case name with an empty '/'-part (a test path cannot): a document
 * built on a half-understood record would tell KernelCI something no run
 * said, or not be a valid KCIDB document at all.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kcidb_internal.h"

/* members that must be non-empty strings */
static const char *const required[] = { "case", "impl", "outcome",
					"kernel", "arch" };
/* members that must be strings when present */
static const char *const strings[] = { "platform", "peer", "reason",
				       "detail", "impl_version", "libc",
				       "kernel_version" };

/* The first member name (key or string value, at any depth) of v that
 * cannot be a KCIDB string, or NULL: each may end up in the document. */
static const char *bad_text(struct json_object *v, const char *member)
{
	const char *bad = NULL;
	if (json_object_is_type(v, json_type_string))
		return kcidb_text_ok(json_object_get_string(v),
				     (size_t)json_object_get_string_len(v)) ?
			NULL : member;
	if (json_object_is_type(v, json_type_array)) {
		size_t n = json_object_array_length(v);
		for (size_t i = 0; i < n && !bad; i++)
			bad = bad_text(json_object_array_get_idx(v, i), member);
	} else if (json_object_is_type(v, json_type_object)) {
		json_object_object_foreach(v, key, val) {
			if (!kcidb_text_ok(key, strlen(key)))
				return member ? member : "a member name";
			if ((bad = bad_text(val, member ? member : key)))
				return bad;
		}
	}
	return bad;
}

static const char *invalid(struct json_object *rec, const char *where,
			   void *ctx, char *why, size_t cap)
{
	(void)where;
	(void)ctx;
	struct json_object *v;
	const char *bad;
	double d;
	if (!json_object_is_type(rec, json_type_object))
		return "not a JSON object";
	for (size_t k = 0; k < sizeof required / sizeof *required; k++)
		if (!json_object_is_type(record_get(rec, required[k]),
					 json_type_string) ||
		    !record_str(rec, required[k])[0]) {
			snprintf(why, cap, "\"%s\" missing or not a non-empty "
				 "string", required[k]);
			return why;
		}
	if (!kcidb_case_parts_ok(record_str(rec, "case"))) {
		snprintf(why, cap, "case \"%.200s\" has an empty '/'-part, "
			 "which a KCIDB test path cannot hold",
			 record_str(rec, "case"));
		return why;
	}
	if (outcome_by_name(record_str(rec, "outcome")) < 0) {
		snprintf(why, cap, "unknown outcome \"%.60s\"",
			 record_str(rec, "outcome"));
		return why;
	}
	for (size_t k = 0; k < sizeof strings / sizeof *strings; k++)
		if ((v = record_get(rec, strings[k])) &&
		    !json_object_is_type(v, json_type_string)) {
			snprintf(why, cap, "\"%s\" is not a string", strings[k]);
			return why;
		}
	if (record_get(rec, "duration") && !record_num(rec, "duration", &d))
		return "\"duration\" is not a number";
	if (record_get(rec, "duration") && !(d >= 0))
		return "\"duration\" is negative";
	if (record_get(rec, "duration") && !isfinite(d))
		return "\"duration\" is not a finite number";
	if ((bad = bad_text(rec, NULL))) {
		snprintf(why, cap, "\"%.60s\" is not UTF-8 text without NUL "
			 "(as KCIDB's strings are)", bad);
		return why;
	}
	if (record_ids_invalid(rec))
		return record_ids_invalid(rec);
	return record_failures_invalid(rec);
}

static void add(void *ctx, struct json_object *rec, const char *line,
		const char *path, int lineno)
{
	krecs *s = ctx;
	(void)line;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 256;
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	krec *r = &s->v[s->n++];
	r->v = rec;
	r->where = xasprintf("%s:%d", path, lineno);
	r->case_name = record_str(rec, "case");
	r->impl = record_str(rec, "impl");
	r->kernel = record_str(rec, "kernel");
	r->arch = record_str(rec, "arch");
	r->platform = record_str(rec, "platform");
	r->peer = record_str(rec, "peer");
	r->outcome = record_str(rec, "outcome");
}

int krecs_load(krecs *s, const char *path)
{
	return results_load(path, invalid, add, s);
}

void krecs_free(krecs *s)
{
	for (size_t i = 0; i < s->n; i++) {
		json_object_put(s->v[i].v);
		free(s->v[i].where);
	}
	free(s->v);
	memset(s, 0, sizeof *s);
}
