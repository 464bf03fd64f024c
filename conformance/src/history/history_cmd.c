/*
 * history_cmd.c — `sockspec history`: per cell its last outcome, streak,
 * flips and the run where its streak began, with what changed between
 * that run and the one before (the case file, the sockspec commit, the
 * implementation's version); --flaky the cells that flip, most first;
 * --import results files; --runs the runs; --check the database.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "history_internal.h"

static void usage(void)
{
	fprintf(stderr,
		"usage: sockspec history [CASE|GLOB] [--impl I] [--kernel K] "
		"[--flaky] [--history FILE]\n"
		"       sockspec history --import [--current] FILE|DIR... "
		"[--history FILE]\n"
		"       sockspec history --runs | --check [--history FILE]\n"
		"FILE: --history, else $SOCKSPEC_HISTORY, else "
		"build/history.sqlite\n");
}

static void when(double t, char *buf, size_t cap)
{
	time_t s = (time_t)t;
	struct tm tm;
	gmtime_r(&s, &tm);
	strftime(buf, cap, "%Y-%m-%d %H:%MZ", &tm);
}

static void column_of(const hist_cell *c, char *buf, size_t cap)
{
	snprintf(buf, cap, "%s%s%s@%s %s", c->impl, c->peer[0] ? "+" : "",
		 c->peer, c->kernel, c->platform);
}

/* What differs between the run before the streak and its first: the
 * case file, the sockspec commit, the implementation's version. */
static void changes(const hist_cell *c, char *buf, size_t cap)
{
	const hist_point *a = &c->before, *b = &c->since;
	size_t len = 0;
	buf[0] = '\0';
#define ADD(...) do { \
		int k_ = snprintf(buf + len, cap - len, __VA_ARGS__); \
		if (k_ > 0 && (size_t)k_ < cap - len) \
			len += (size_t)k_; \
	} while (0)
	if (strcmp(a->case_hash, b->case_hash) != 0)
		ADD("%scase file %.8s -> %.8s", len ? ", " : "",
		    a->case_hash[0] ? a->case_hash : "?",
		    b->case_hash[0] ? b->case_hash : "?");
	if (strcmp(a->sockspec, b->sockspec) != 0)
		ADD("%ssockspec %s -> %s", len ? ", " : "",
		    a->sockspec[0] ? a->sockspec : "?",
		    b->sockspec[0] ? b->sockspec : "?");
	if (strcmp(a->impl_version, b->impl_version) != 0)
		ADD("%s%s %s -> %s", len ? ", " : "", c->impl,
		    a->impl_version[0] ? a->impl_version : "?",
		    b->impl_version[0] ? b->impl_version : "?");
	if (!len)
		ADD("no recorded change");
#undef ADD
}

static int show(const char *db, const hist_query *q)
{
	hist_cell *cs;
	size_t n;
	char err[1024];
	if (history_cells(db, q, &cs, &n, err, sizeof err) < 0) {
		fprintf(stderr, "sockspec history: %s\n", err);
		return 1;
	}
	int wc = 4, wk = 6;
	char col[512];
	for (size_t i = 0; i < n; i++) {
		column_of(&cs[i], col, sizeof col);
		if ((int)strlen(cs[i].kase) > wc)
			wc = (int)strlen(cs[i].kase);
		if ((int)strlen(col) > wk)
			wk = (int)strlen(col);
	}
	printf("%-*s  %-*s  %-7s %6s %5s %5s %4s  %s\n", wc, "case", wk,
	       "column", "last", "streak", "flips", "flaky", "runs",
	       "since");
	for (size_t i = 0; i < n; i++) {
		const hist_cell *c = &cs[i];
		char t[32], chg[512], tb[32];
		column_of(c, col, sizeof col);
		when(c->since.time, t, sizeof t);
		printf("%-*s  %-*s  %-7s %6d %5d %5d %4d  run %lld %s",
		       wc, c->kase, wk, col, c->last, c->streak, c->flips,
		       c->flaky, c->runs, c->since.run, t);
		if (c->before.run) {
			changes(c, chg, sizeof chg);
			when(c->before.time, tb, sizeof tb);
			printf(" (was %s in run %lld %s; %s)\n",
			       c->before.outcome, c->before.run, tb, chg);
		} else {
			printf(" (its first run)\n");
		}
	}
	printf("%zu cell%s\n", n, n == 1 ? "" : "s");
	history_cells_free(cs, n);
	return 0;
}

static int runs(const char *db)
{
	hist_run *rs;
	size_t n;
	char err[1024];
	if (history_runs(db, &rs, &n, err, sizeof err) < 0) {
		fprintf(stderr, "sockspec history: %s\n", err);
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		char t[32];
		when(rs[i].time, t, sizeof t);
		printf("run %lld  %s  %s%s%s %s@%s %s  %d results  sockspec %s  "
		       "%s\n", rs[i].id, t, rs[i].impl, rs[i].peer[0] ? "+" : "",
		       rs[i].peer, rs[i].impl_version, rs[i].kernel,
		       rs[i].platform, rs[i].nresults,
		       rs[i].sockspec[0] ? rs[i].sockspec : "?", rs[i].origin);
	}
	printf("%zu run%s\n", n, n == 1 ? "" : "s");
	free(rs);
	return 0;
}

enum { OPT_IMPL = OPT_LONG, OPT_KERNEL, OPT_FLAKY, OPT_HISTORY, OPT_IMPORT,
       OPT_CURRENT, OPT_RUNS, OPT_CHECK };

int cmd_history(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "impl", required_argument, NULL, OPT_IMPL },
		{ "kernel", required_argument, NULL, OPT_KERNEL },
		{ "flaky", no_argument, NULL, OPT_FLAKY },
		{ "history", required_argument, NULL, OPT_HISTORY },
		{ "import", no_argument, NULL, OPT_IMPORT },
		{ "current", no_argument, NULL, OPT_CURRENT },
		{ "runs", no_argument, NULL, OPT_RUNS },
		{ "check", no_argument, NULL, OPT_CHECK },
		{ NULL, 0, NULL, 0 }
	};
	hist_query q = {0};
	const char *opt_db = NULL;
	bool import = false, current = false, list_runs = false, check = false;
	int c;
	opt_start();
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case OPT_IMPL: q.impl = optarg; break;
		case OPT_KERNEL: q.kernel = optarg; break;
		case OPT_FLAKY: q.flaky = true; break;
		case OPT_HISTORY: opt_db = optarg; break;
		case OPT_IMPORT: import = true; break;
		case OPT_CURRENT: current = true; break;
		case OPT_RUNS: list_runs = true; break;
		case OPT_CHECK: check = true; break;
		default:
			usage();
			return 2;
		}
	}
	int modes = import + list_runs + check;
	if (modes > 1 || (current && !import) ||
	    (modes && (q.impl || q.kernel || q.flaky)) ||
	    (import && optind == argc) || (!import && argc - optind > 1)) {
		usage();
		return 2;
	}
	bool named;
	char *db = history_path(opt_db, &named);
	if (!db) {
		fprintf(stderr, "sockspec history: no database (--no-history "
			"or SOCKSPEC_HISTORY=off)\n");
		return 2;
	}
	char err[1024];
	int rc;
	if (import) {
		size_t added, known;
		rc = history_import(db, (const char *const *)argv + optind,
				    (size_t)(argc - optind), current, &added,
				    &known, err, sizeof err);
		if (rc < 0)
			fprintf(stderr, "sockspec history: %s\n", err);
		else
			printf("imported %zu run%s (%zu already there) into "
			       "%s\n", added, added == 1 ? "" : "s", known, db);
		rc = rc < 0 ? 2 : 0;
	} else if (list_runs) {
		rc = runs(db);
	} else if (check) {
		rc = history_check(db, err, sizeof err) < 0;
		if (rc)
			fprintf(stderr, "sockspec history: %s\n", err);
		else
			printf("%s: ok\n", db);
	} else {
		q.glob = optind < argc ? argv[optind] : NULL;
		rc = show(db, &q);
	}
	free(db);
	return rc;
}
