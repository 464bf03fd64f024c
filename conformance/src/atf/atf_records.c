/*
 * atf_records.c — one case's record read back from a results file, as
 * an ATF result: the host programs of a Kyua session (atf_session.c) and
 * the guest's (atf_vm.c) report their cases from a whole suite's run.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atf_internal.h"

/* The failed steps a record lists (soft checks), back into r. */
static void take_failures(struct json_object *rec, caseresult *r)
{
	size_t n = record_nfailures(rec);
	r->nfailures = 0;
	for (size_t k = 0; k < n && k < CASE_MAX_FAILURES; k++) {
		const char *step = "";
		const char *why = record_failure(rec, k, &step);
		const char *colon = strrchr(step, ':');
		stepfail *f = &r->failures[r->nfailures++];
		f->line = colon ? atoi(colon + 1) : 0;
		snprintf(f->reason, sizeof f->reason, "%s", why ? why : "?");
	}
}

int atf_find_record(const char *resp, const char *name, bool tag_kernel,
		    caseresult *r, char *err, size_t cap)
{
	FILE *f = fopen(resp, "r");
	if (!f) {
		snprintf(err, cap, "%s: %s", resp, strerror(errno));
		return -1;
	}
	/* by identifier: a case's name and its Kyua ident both match */
	char *want = atf_ident(name);
	char *line = NULL;
	size_t lcap = 0;
	int found = -1, lineno = 0;
	snprintf(err, cap, "%s has no record of %s", resp, name);
	while (found < 0 && getline(&line, &lcap, f) > 0) {
		lineno++;
		char jerr[256];
		struct json_object *rec = record_parse(line, jerr, sizeof jerr);
		if (!rec) {
			snprintf(err, cap, "%s:%d: %s", resp, lineno, jerr);
			break;
		}
		char *rid = atf_ident(record_str(rec, "case"));
		bool match = strcmp(rid, want) == 0;
		free(rid);
		if (match) {
			int o = outcome_by_name(record_str(rec, "outcome"));
			if (o < 0) {
				snprintf(err, cap, "%s:%d: unknown outcome",
					 resp, lineno);
			} else {
				r->outcome = o;
				if (tag_kernel)
					snprintf(r->reason, sizeof r->reason,
						 "[%s] %s", record_str(rec, "kernel"),
						 record_str(rec, "reason"));
				else
					snprintf(r->reason, sizeof r->reason,
						 "%s", record_str(rec, "reason"));
				snprintf(r->detail, sizeof r->detail, "%s",
					 record_str(rec, "detail"));
				take_failures(rec, r);
				found = 0;
			}
		}
		json_object_put(rec);
	}
	free(want);
	free(line);
	fclose(f);
	return found;
}

