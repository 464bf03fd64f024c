/*
 * diff.c — `sockspec diff [--ignore-kernel] OLD NEW`: what changed, cell
 * by cell, between two runs (results files or directories of them).
 *
 * passed and xfail are the good outcomes (the case holds, or fails as an
 * explained expectation says); failed, broken and xpass the bad ones (a
 * run with any of them fails); skipped is neither. A cell that goes from
 * good to bad, or from anything to broken, is a regression, and any
 * regression makes the exit status 1. Bad to good is a fix; anything to
 * skipped is newly skipped, skipped to anything else unskipped; a cell
 * only in NEW is new, only in OLD removed; every other change of outcome
 * (passed <-> xfail, failed <-> xpass, broken -> failed) is "changed".
 * Reasons, details and durations are not compared: only outcomes are,
 * and, for a case with soft checks, which steps failed: a failed or
 * xfail cell whose failed steps (its `failures`) differ is "changed",
 * so an expected failure that now deviates at other steps shows.
 *
 * --versions compares two releases of one implementation (cpython3.9@
 * bullseye and cpython3.13@trixie, or the host's cpython): each side
 * holds one implementation, both of one family, and the cell leaves the
 * implementation and the kernel out. An xfail cell whose expectation
 * changed (another reason: another deviation) is "changed" too.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cells.h"
#include "report.h"

enum category { REGRESSION, FIX, NEWLY_SKIPPED, UNSKIPPED, NEW_CELL,
		REMOVED, CHANGED, NCATEGORIES };

static const char *const tag[NCATEGORIES] = {
	"regression", "fix", "newly-skipped", "unskipped", "new", "removed",
	"changed"
};
static const char *const plural[NCATEGORIES] = {
	"regressions", "fixes", "newly skipped", "unskipped", "new",
	"removed", "changed"
};

static bool good(int o)
{
	return o == O_PASSED || o == O_XFAIL;
}

static bool bad(int o)
{
	return o == O_FAILED || o == O_BROKEN || o == O_XPASS;
}

/* The category of a cell whose outcome went from o to n (o != n). A name
 * that went away (passed -> unsupported) is a regression, one that came
 * and conforms (unsupported -> passed) a fix; from an expected failure
 * to unsupported and back only changed. */
static enum category classify(int o, int n)
{
	if (n == O_BROKEN || (good(o) && bad(n)) ||
	    (o == O_PASSED && n == O_UNSUPPORTED))
		return REGRESSION;
	if (n == O_SKIPPED)
		return NEWLY_SKIPPED;
	if (o == O_SKIPPED)
		return UNSKIPPED;
	if ((bad(o) && good(n)) || (o == O_UNSUPPORTED && n == O_PASSED))
		return FIX;
	return CHANGED;
}

/* The failed steps of a cell, as their lines: "12, 15", or "" when the
 * record lists none (one failed step, or none). */
static void failed_lines(const cell *c, char *buf, size_t cap)
{
	size_t len = 0;
	buf[0] = '\0';
	for (size_t k = 0; k < record_nfailures(c->v); k++) {
		const char *step = "";
		if (!record_failure(c->v, k, &step) || !step[0])
			continue;
		const char *colon = strrchr(step, ':');
		int n = snprintf(buf + len, cap - len, "%s%s", len ? ", " : "",
				 colon ? colon + 1 : step);
		if (n < 0 || (size_t)n >= cap - len)
			break;
		len += (size_t)n;
	}
}

/* Same outcome, failed or xfail, but other failed steps? */
static bool steps_differ(const cell *o, const cell *n)
{
	char a[512], b[512];
	if (o->outcome != n->outcome ||
	    (n->outcome != O_FAILED && n->outcome != O_XFAIL))
		return false;
	failed_lines(o, a, sizeof a);
	failed_lines(n, b, sizeof b);
	return strcmp(a, b) != 0;
}

/* One change: old or new may be NULL (new, removed cell). */
typedef struct change {
	const cell *old, *new;
} change;

/* Refuse a set that holds one cell twice: which one would count? */
static int no_duplicates(const cellset *s, bool ignore_kernel)
{
	int status = 0;
	for (size_t i = 1; i < s->n; i++) {
		const cell *a = &s->c[i - 1], *b = &s->c[i];
		char col[256];
		if (cell_keycmp(a, b, ignore_kernel) != 0)
			continue;
		cell_column(b, ignore_kernel, col, sizeof col);
		fprintf(stderr, "%s: %s [%s] again (first at %s)%s\n", b->where,
			b->case_name, col, a->where,
			ignore_kernel && strcmp(a->kernel, b->kernel) ?
			"; --ignore-kernel folds kernels together, so compare "
			"one kernel's results at a time" : "");
		status = 2;
	}
	return status;
}

static void print_change(const change *ch, enum category k,
			 bool ignore_kernel)
{
	const cell *c = ch->new ? ch->new : ch->old;
	char col[256];
	cell_column(c, ignore_kernel, col, sizeof col);
	printf("%-13s %s  [%s]  %s -> %s", tag[k], c->case_name, col,
	       ch->old ? outcome_name((outcome)ch->old->outcome) : "-",
	       ch->new ? outcome_name((outcome)ch->new->outcome) : "-");
	if (ch->old && ch->new && steps_differ(ch->old, ch->new)) {
		char a[512], b[512];
		failed_lines(ch->old, a, sizeof a);
		failed_lines(ch->new, b, sizeof b);
		printf(" (failed steps %s -> %s)", a[0] ? a : "one",
		       b[0] ? b : "one");
	}
	if (ch->new && ch->new->reason[0])
		printf(": %s", ch->new->reason);
	putchar('\n');
}

/* --versions: every cell of s is of one implementation; its name in
 * *impl, and the cells' implementation and kernel made one. 0, or 2 with
 * the reason on stderr. */
static int fold_versions(cellset *s, const char *path, const char **impl,
			 const char **version)
{
	*impl = s->n ? s->c[0].impl : "";
	*version = s->n ? record_str(s->c[0].v, "impl_version") : "";
	for (size_t i = 0; i < s->n; i++) {
		cell *c = &s->c[i];
		if (strcmp(c->impl, *impl) != 0) {
			fprintf(stderr, "%s: %s and %s: --versions compares one "
				"implementation a side\n", path, *impl, c->impl);
			return 2;
		}
		const char *v = record_str(c->v, "impl_version");
		if (!(*version)[0] && v[0])
			*version = v;
		c->impl = "";
		c->kernel = "";
	}
	return 0;
}

/* cpython of cpython3.13@trixie, ref of ref-musl */
static size_t family_len(const char *impl)
{
	return strcspn(impl, "0123456789@-:");
}

static void usage(void)
{
	fprintf(stderr, "usage: sockspec diff [--ignore-kernel | --versions] OLD NEW\n"
		"  OLD, NEW: results files (JSON lines) or directories of "
		"them\n");
}

int cmd_diff(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "ignore-kernel", no_argument, NULL, OPT_LONG },
		{ "versions", no_argument, NULL, OPT_LONG + 1 },
		{ NULL, 0, NULL, 0 }
	};
	bool ignore_kernel = false, versions = false;
	char buf[3];
	int c;
	opt_start();
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != OPT_LONG && c != OPT_LONG + 1) {
			fprintf(stderr, "sockspec diff: unknown option %s\n",
				opt_refused(argv, buf));
			usage();
			return 2;
		}
		ignore_kernel = true;
		versions |= c == OPT_LONG + 1;
	}
	/* OLD and NEW, wherever they stood among the options */
	if (argc - optind != 2) {
		usage();
		return 2;
	}
	const char *files[2] = { argv[optind], argv[optind + 1] };

	cellset old = {0}, new = {0};
	int status = cells_load(&old, files[0]);
	status |= cells_load(&new, files[1]);
	const char *oimpl = "", *nimpl = "", *over = "", *nver = "";
	if (!status && versions) {
		status |= fold_versions(&old, files[0], &oimpl, &over);
		status |= fold_versions(&new, files[1], &nimpl, &nver);
		if (!status && (family_len(oimpl) != family_len(nimpl) ||
				strncmp(oimpl, nimpl, family_len(oimpl)) != 0)) {
			fprintf(stderr, "sockspec diff: --versions compares "
				"releases of one implementation, not %s and %s\n",
				oimpl, nimpl);
			status = 2;
		}
	}
	cells_sort(&old, ignore_kernel);
	cells_sort(&new, ignore_kernel);
	status |= no_duplicates(&old, ignore_kernel) |
		  no_duplicates(&new, ignore_kernel);
	if (status) {
		cells_free(&old);
		cells_free(&new);
		return 2;
	}

	if (versions)
		printf("versions: %s %s -> %s %s\n", oimpl, over, nimpl, nver);
	/* Walk both sorted sets together; collect changes per category so
	 * they print grouped, in the order of the categories. */
	change *by[NCATEGORIES];
	size_t count[NCATEGORIES] = {0}, unchanged = 0;
	for (int k = 0; k < NCATEGORIES; k++)
		by[k] = xmalloc((old.n + new.n) * sizeof *by[k]);
	size_t i = 0, j = 0;
	while (i < old.n || j < new.n) {
		int r = i == old.n ? 1 : j == new.n ? -1 :
			cell_keycmp(&old.c[i], &new.c[j], ignore_kernel);
		change ch = { r <= 0 ? &old.c[i] : NULL,
			      r >= 0 ? &new.c[j] : NULL };
		enum category k;
		if (r < 0)
			k = REMOVED;
		else if (r > 0)
			k = NEW_CELL;
		else if (steps_differ(ch.old, ch.new))
			k = CHANGED;
		else if (versions && ch.old->outcome == O_XFAIL &&
			 ch.new->outcome == O_XFAIL &&
			 strcmp(ch.old->reason, ch.new->reason) != 0)
			k = CHANGED;
		else if (ch.old->outcome == ch.new->outcome)
			k = NCATEGORIES;
		else
			k = classify(ch.old->outcome, ch.new->outcome);
		if (k == NCATEGORIES)
			unchanged++;
		else
			by[k][count[k]++] = ch;
		i += r <= 0;
		j += r >= 0;
	}

	size_t changes = 0;
	for (int k = 0; k < NCATEGORIES; k++) {
		for (size_t c = 0; c < count[k]; c++)
			print_change(&by[k][c], (enum category)k, ignore_kernel);
		changes += count[k];
		free(by[k]);
	}
	if (changes == 0)
		printf("no change (%zu cells)\n", unchanged);
	for (int k = 0; k < NCATEGORIES; k++)
		printf("%s: %zu, ", plural[k], count[k]);
	printf("unchanged: %zu\n", unchanged);
	fflush(stdout);
	cells_free(&old);
	cells_free(&new);
	return count[REGRESSION] ? 1 : 0;
}
