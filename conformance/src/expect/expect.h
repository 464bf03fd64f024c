/*
 * expect.h — expect/, expectations: known, explained deviations of an
 * implementation from socket.rst, each limited to a scope (which
 * implementations, kernels and platforms it holds for); applying them to
 * a run's outcomes, listing them, finding stale ones against results, and
 * FINDINGS.md. Grammar in conformance/README.md "Expectations".
 */
#ifndef SOCKSPEC_EXPECT_H
#define SOCKSPEC_EXPECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/base.h"
#include "lang/lang.h"

/* One kernel bound, e.g. `kernel>=6.12`: op is <, <=, >, >=, =. */
typedef struct kbound {
	char op[3];
	char *version;
} kbound;

typedef struct xentry {
	char *file;         /* as shown in messages: relative to the root */
	int line;
	char *name;         /* case, area/name */
	int outcome;        /* O_FAILED, O_BROKEN, O_SKIPPED, O_UNSUPPORTED,
			     * O_FLAKY */
	/* NULL: every implementation (all.tsv, or a file named by
	 * $SOCKSPEC_EXPECTATIONS); else the family the file is named after */
	char *family;
	char **impls;       /* impl= patterns (fnmatch), none: the family */
	size_t nimpls;
	char **platforms;   /* platform= patterns, none: every platform */
	size_t nplatforms;
	kbound *kernel;     /* every bound must hold; none: every kernel */
	size_t nkernel;
	/* `version>=3.10`: bounds on the implementation's version (its
	 * hello's VERSION, a record's impl_version); every one must hold,
	 * none: every version. Decided per case, from the case's hello. */
	kbound *version;
	size_t nversion;
	/* `as-peer`: the family (and impl=) is matched against the run's
	 * partner (--peer), whatever the run's implementation: a deviation
	 * of the family that shows where it plays a pair's other host */
	bool as_peer;
	/* `cause=SLUG`: the entry is one case of a cause the file defines
	 * on a `#cause SLUG<TAB>TITLE<TAB>UPSTREAM` line (FINDINGS groups
	 * by it); NULL: a cause of its own. No part of the scope. */
	char *cause;
	char *reason;
} xentry;

typedef struct xset {
	xentry *v;
	size_t n;
} xset;

/* Parse one line of the file `file` whose family is `family` (NULL for
 * every implementation). The line is modified. Returns 1 with *out
 * filled, 0 for a blank or comment line, -1 with "FILE:LINE: reason" in
 * err. */
int expect_parse_line(const char *family, const char *file, int lineno,
		      char *line, xentry *out, char *err, size_t cap);
void xentry_free(xentry *e);

/* Where expectations live: $SOCKSPEC_EXPECTATIONS (a file or a
 * directory), else ROOT/conformance/expectations. malloc'd. */
char *expect_path(void);
/* Load a directory of NAME.tsv (family NAME; all.tsv: every
 * implementation) or one file (every implementation). A directory that
 * does not exist holds nothing. Every malformed line is printed to errf
 * as FILE:LINE: reason (the first also into err); returns 0 or -1. */
int expect_load(const char *path, xset *set, FILE *errf, char *err,
		size_t cap);
void xset_free(xset *set);

/* Does impl belong to family: impl is the family, or the family
 * followed by '-' or ':' (ref-musl and ref-i386 are ref's), or by a
 * version and '@' (cpython3.13@trixie is cpython's). */
bool impl_in_family(const char *impl, const char *family);
/* Compare kernel releases numerically at the precision of `bound`:
 * the leading numeric fields (separated by . - + ~) of each, the
 * release padded with zeros. <0, 0, >0; -2 when either has no leading
 * number. */
int kver_cmp(const char *release, const char *bound);
/* Does release satisfy `op bound`? An unknown release satisfies none. */
bool kernel_holds(const kbound *b, const char *release);
/* Does version (a hello's VERSION, a record's impl_version) satisfy
 * the entry's version bounds? Always with none; never for an unknown
 * ("" or NULL) version when it has some. */
bool expect_version_holds(const xentry *e, const char *version);
/* Is the entry in force for this (implementation, kernel, platform)?
 * Version bounds are not looked at: expect_version_holds. */
bool expect_in_scope(const xentry *e, const char *impl, const char *peer,
		     const char *kernel, const char *platform);
/* The implementations an entry covers, for people: "ref-musl",
 * "ref (and ref-*)", "every implementation". */
void expect_impl_text(const xentry *e, char *buf, size_t cap);
/* Kernel and platform scope as written ("kernel<6.12 platform=i386-glibc"),
 * or "" when unlimited. */
void expect_where_text(const xentry *e, char *buf, size_t cap);

/* ---- expect_results.c: results files read back for --stale and
 * findings (only what scope matching needs) ---- */
typedef struct rrecord {
	char *name, *impl, *peer, *kernel, *platform, *outcome, *version;
	/* a case with soft checks: its failed steps, "REASON; REASON...",
	 * or "" (one failed step, or none) */
	char *failures;
} rrecord;
typedef struct rset {
	rrecord *v;
	size_t n;
} rset;
/* Append the records of a results file (JSON lines). Returns 0, or -1
 * after printing FILE:LINE: reason (or FILE: why) to stderr. */
int rset_load(const char *path, rset *s);
void rset_free(rset *s);

/* ---- expect_cmd.c ---- */
/* Is the entry stale against these results: its case is gone
 * (case_exists false), no record of its case falls in its scope, or
 * every one that does passed (or xpassed)? 1 with the reason in why,
 * else 0. */
int expect_stale(const xentry *e, const rset *rs, bool case_exists,
		 char *why, size_t cap);
/* sockspec expectations [--list] | --stale RESULTS... */
int cmd_expectations(int argc, char **argv);

/* ---- findings.c ---- */
/* The findings page (Markdown) from the expectations at `path` and the
 * cases under `cases`; results (may be none) add what each run saw.
 * Returns 0, or 2 after printing the reason to stderr. */
int findings_write(FILE *out, const char *path, const char *cases,
		   char **results, int nresults);
/* sockspec findings [--results RESULTS...] */
int cmd_findings(int argc, char **argv);

/* ---- expect_apply.c ---- */
/* Read conformance/expectations/ (or $SOCKSPEC_EXPECTATIONS) and keep
 * the entries in force for impl on this kernel and impl's platform.
 * 0, or -1 with FILE:LINE: reason in err (every fault also on stderr):
 * the run must not start. */
int expectations_load(const char *impl, const char *peer, char *err,
		      size_t cap);
/* Before running: an expected skip (reason) or NULL. */
const char *expectation_skip(const char *name);
/* Is the case expected to break (hang or crash) here (in some version,
 * for an entry with version bounds)? Such a case usually waits out a
 * timeout, so a run starts it early. */
bool expectation_broken(const char *name);
/* The entry in force for the case's outcome, its version bounds held to
 * r->impl_version (the case's hello). */
void expectation_apply(const char *name, caseresult *r);
/* After the retries: a case with a `flaky` entry in force that failed,
 * broke or was flaky says so in its reason (the entry's FILE:LINE and
 * reason). Its outcome stays: a flake is told apart by --retry, and a
 * case that fails on every attempt is still a failure. */
void expectation_note(const char *name, caseresult *r);

#endif
