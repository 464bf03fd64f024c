/*
 * expect_cmd.c — `sockspec expectations`: --list prints every entry as
 * parsed (FILE:LINE, case, outcome, implementations, kernel/platform
 * scope, reason); --stale RESULTS... reports the entries that no longer
 * earn their place: their case is gone, no record of the given results
 * falls in their scope, or every record in scope passed.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect.h"

/* a column of the results, as people read it */
static void column_text(const rrecord *r, char *buf, size_t cap)
{
	snprintf(buf, cap, "%s@%s %s", r->impl, r->kernel[0] ? r->kernel : "?",
		 r->platform[0] ? r->platform : "?");
}

static bool same_column(const rrecord *a, const rrecord *b)
{
	return strcmp(a->impl, b->impl) == 0 &&
	       strcmp(a->kernel, b->kernel) == 0 &&
	       strcmp(a->platform, b->platform) == 0;
}

/* Distinct columns among the records in e's scope (any case). */
static size_t columns_in_scope(const xentry *e, const rset *rs)
{
	size_t n = 0;
	for (size_t i = 0; i < rs->n; i++) {
		const rrecord *r = &rs->v[i];
		if (!expect_in_scope(e, r->impl, r->peer, r->kernel, r->platform) ||
		    !expect_version_holds(e, r->version))
			continue;
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = same_column(&rs->v[k], r) &&
			       expect_in_scope(e, rs->v[k].impl, rs->v[k].peer,
					       rs->v[k].kernel,
					       rs->v[k].platform) &&
			       expect_version_holds(e, rs->v[k].version);
		n += !seen;
	}
	return n;
}

int expect_stale(const xentry *e, const rset *rs, bool case_exists,
		 char *why, size_t cap)
{
	if (!case_exists) {
		snprintf(why, cap, "no case %s.case under conformance/cases "
			 "(renamed or deleted?)", e->name);
		return 1;
	}
	size_t in = 0, passing = 0;
	char cols[512] = "";
	for (size_t i = 0; i < rs->n; i++) {
		const rrecord *r = &rs->v[i];
		if (strcmp(r->name, e->name) != 0 ||
		    !expect_in_scope(e, r->impl, r->peer, r->kernel, r->platform) ||
		    !expect_version_holds(e, r->version))
			continue;
		in++;
		if (strcmp(r->outcome, "passed") == 0 ||
		    strcmp(r->outcome, "xpass") == 0) {
			passing++;
			char c[256];
			column_text(r, c, sizeof c);
			size_t l = strlen(cols);
			if (passing <= 3)
				snprintf(cols + l, sizeof cols - l, "%s%s",
					 l ? ", " : "", c);
		}
	}
	if (in == 0) {
		size_t ncol = columns_in_scope(e, rs);
		if (ncol == 0)
			snprintf(why, cap, "matches nothing: no column of the "
				 "given results is in its scope");
		else
			snprintf(why, cap, "matches nothing: no record of this "
				 "case in the %zu column%s in its scope", ncol,
				 ncol == 1 ? "" : "s");
		return 1;
	}
	/* a flaky entry's case passes most of the time: passes do not
	 * make it stale */
	if (passing == in && e->outcome != O_FLAKY) {
		snprintf(why, cap, "now passes: %zu of %zu record%s in scope "
			 "passed (%s%s)", passing, in, in == 1 ? "" : "s", cols,
			 passing > 3 ? ", ..." : "");
		return 1;
	}
	return 0;
}

static void print_entry(const xentry *e)
{
	char impl[512], where[512];
	expect_impl_text(e, impl, sizeof impl);
	expect_where_text(e, where, sizeof where);
	printf("%s:%d\t%s\t%s\t%s\t%s\t%s\n", e->file, e->line, e->name,
	       outcome_name((outcome)e->outcome), impl, where[0] ? where : "-",
	       e->reason);
}

static bool case_in(const centry *es, size_t n, const char *name)
{
	for (size_t k = 0; k < n; k++)
		if (strcmp(es[k].name, name) == 0)
			return true;
	return false;
}

static int stale(const xset *set, char **files, int nfiles)
{
	rset rs = {0};
	int rc = 0;
	for (int k = 0; k < nfiles; k++)
		if (rset_load(files[k], &rs) < 0)
			rc = 2;
	centry *es = NULL;
	size_t n = 0;
	if (discover_cases(NULL, &es, &n) < 0)
		rc = 2;
	size_t nstale = 0;
	for (size_t i = 0; rc == 0 && i < set->n; i++) {
		const xentry *e = &set->v[i];
		char why[1024], impl[512], where[512];
		if (!expect_stale(e, &rs, case_in(es, n, e->name), why,
				  sizeof why))
			continue;
		nstale++;
		expect_impl_text(e, impl, sizeof impl);
		expect_where_text(e, where, sizeof where);
		printf("%s:%d: %s (%s%s%s): stale: %s\n", e->file, e->line,
		       e->name, impl, where[0] ? " " : "", where, why);
	}
	if (rc == 0) {
		printf("%zu expectations, %zu stale, %zu results records\n",
		       set->n, nstale, rs.n);
		rc = nstale ? 1 : 0;
	}
	centries_free(es, n);
	rset_free(&rs);
	return rc;
}

enum { OPT_LIST = OPT_LONG, OPT_STALE };

int cmd_expectations(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "list", no_argument, NULL, OPT_LIST },
		{ "stale", no_argument, NULL, OPT_STALE },
		{ NULL, 0, NULL, 0 }
	};
	bool list = false, st = false, bad = false;
	int c;
	opt_start();
	/* '+': the options come first, every word after them is a results
	 * file, whatever it looks like */
	while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		if (c == OPT_LIST)
			list = true;
		else if (c == OPT_STALE)
			st = true;
		else
			bad = true;
	}
	if (!st)
		list = true; /* the default */
	if (bad || (list && st) || (list && optind < argc) ||
	    (st && optind == argc)) {
		fprintf(stderr, "usage: sockspec expectations [--list]\n"
				"       sockspec expectations --stale RESULTS...\n");
		return 2;
	}
	char *path = expect_path(), err[1024];
	xset set = {0};
	int rc = expect_load(path, &set, stderr, err, sizeof err) < 0 ? 2 : 0;
	free(path);
	if (rc == 0 && list)
		for (size_t i = 0; i < set.n; i++)
			print_entry(&set.v[i]);
	else if (rc == 0)
		rc = stale(&set, argv + optind, argc - optind);
	xset_free(&set);
	return rc;
}
