/*
 * base.h — base/, what every part of the harness stands on and nothing
 * else: project paths, memory, the clock, implementation names and
 * platforms, a case's outcome, and a results record read with json-c
 * (record.h). It includes no other folder.
 */
#ifndef SOCKSPEC_BASE_H
#define SOCKSPEC_BASE_H

#include <stdbool.h>
#include <stddef.h>

/* results records read with json-c: a part of this face of its own, as
 * it brings json-c's header */
#include "record.h"

/* ---- paths.c ---- */
/* The project root: the parent of the directory holding the binary
 * (build/sockspec → ..), or $SOCKSPEC_ROOT. */
const char *proj_root(void);
/* malloc'd ROOT/rel */
char *proj_path(const char *rel);
double now_mono(void);
/* xmalloc & co. abort on out-of-memory */
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Subcommands parse their options with getopt_long(3): main hands each
 * argv + 1 (argv[0] its name), and each calls opt_start() first: optind 0,
 * glibc's way to start a scan over, permutation state and all, at
 * argv[1]; opterr 0, to say what was wrong in its own words or print its
 * usage.
 * The vals of long options without a short one are OPT_LONG and up.
 * After a '?' or ':', the argument refused, as typed: the word of a long
 * option ("--bogus", "--mixed=1"), "-x" (in buf, 3 bytes) for a short
 * one. */
enum { OPT_LONG = 256 };
void opt_start(void);
const char *opt_refused(char **argv, char *buf);
/* true when an executable NAME is on $PATH */
bool have_prog(const char *name);

/* ---- results_files.c ---- */
/* The results files PATH names: PATH itself, or every *.jsonl below a
 * directory (recursively, in name order). 0 with *out (n paths, each
 * malloc'd); 2 after printing "PATH: cannot read results: why" or
 * "PATH: no results files (*.jsonl) under it" (*out may still hold
 * none). Free with results_files_free. */
int results_files(const char *path, char ***out, size_t *n);
void results_files_free(char **v, size_t n);
/* Read a results file line by line: each non-empty line parsed
 * (record_parse) and held to check, given the line's "PATH:LINE" and
 * ctx, which returns why it is unusable (into why, or a constant) or
 * NULL; a good record goes to take, which owns it from then on. A bad
 * line is "PATH:LINE: reason" on stderr and the rest are still read.
 * 0, or 2 when the file cannot be read ("PATH: cannot read results:
 * why") or any line was bad. */
typedef const char *(*record_check_fn)(struct json_object *rec,
				       const char *where, void *ctx,
				       char *why, size_t cap);
typedef void (*record_take_fn)(void *ctx, struct json_object *rec,
			       const char *line, const char *path, int lineno);
int results_read(const char *path, record_check_fn check,
		 record_take_fn take, void *ctx);
/* results_read over every file results_files finds: 0, or 2. */
int results_load(const char *path, record_check_fn check,
		 record_take_fn take, void *ctx);

/* ---- impls.c ---- */
/* "ARCH-LIBC" of the harness binary itself, e.g. "x86_64-glibc". */
const char *harness_platform(void);
/* The platform an implementation's adapter runs on: "x86_64-glibc",
 * "x86_64-musl", "i386-glibc", "aarch64-glibc"... Every results record
 * carries it beside impl and kernel. */
const char *impl_platform(const char *impl);
/* ref, ref-musl, ref-i386, cpython, pypy, gevent, eventlet, python:PATH,
 * exec:PATH, and FAMILY[VERSION]@SUITE */
bool impl_known(const char *impl);
/* An implementation run from a Debian userland root: FAMILY[VERSION]@SUITE
 * as typed (cpython@trixie) or as results name it (cpython3.13@trixie),
 * FAMILY one of cpython, pypy, gevent, eventlet, micropython. Splits it
 * (version "" when not given); false for any other name. */
bool impl_root_name(const char *impl, char *family, size_t fcap,
		    char *version, size_t vcap, char *suite, size_t scap);

/* ---- outcome.c ---- */
/* O_FLAKY: failed or broke, then passed on a retry (run --retry).
 * O_UNSUPPORTED: the case stopped at a name socket.rst documents that
 * the implementation does not have (a module function, method, constant
 * or address family; the adapter's `raise unsupported` reply), with no
 * failed step before it and no crash or hang. Neither good nor bad: runs
 * count it apart ("supported N of T; of those, conforming M"). */
typedef enum outcome {
	O_PASSED, O_FAILED, O_SKIPPED, O_XFAIL, O_XPASS, O_BROKEN, O_FLAKY,
	O_UNSUPPORTED, O_NOUTCOMES
} outcome;
const char *outcome_name(outcome o);
/* The outcome a results file names, or -1. */
int outcome_by_name(const char *s);

/* One failed step of a case: its line in the case file and what went
 * wrong ("LINE: STEP: expected ..., got ..." or "LINE: STEP: not run:
 * ..."). A case with soft checks goes on past a failed step and records
 * every one (conformance/README.md "Soft checks"). */
typedef struct stepfail {
	int line;
	char reason[512];
} stepfail;
/* Failed steps kept per case; nfailures counts them all. */
#define CASE_MAX_FAILURES 16

/* One attempt of a case that was retried (run --retry N): what it ended
 * with. Results keep every attempt as `attempts`. */
typedef struct attempt {
	int outcome;
	double duration;
	char reason[512];
} attempt;
/* --retry N: N at most CASE_MAX_ATTEMPTS - 1 */
#define CASE_MAX_ATTEMPTS 10

typedef struct caseresult {
	int outcome;
	char reason[1024];
	char detail[4096];
	char impl_version[128];
	/* the third word of the first host's hello, ARCH-LIBC, when the
	 * adapter names its platform (an interpreter on another libc than
	 * the harness's); "" for the harness's own (impl_platform) */
	char impl_platform[32];
	double duration;
	/* every failed step, the first being the one `reason` names;
	 * written to results only when more than one step failed */
	int nfailures;
	stepfail failures[CASE_MAX_FAILURES];
	/* a crash: an adapter killed by a signal (or the case process
	 * itself); never retried away */
	bool crashed;
	/* every attempt when the case was retried (nattempts > 1), the
	 * last being the one outcome and reason are */
	int nattempts;
	attempt attempts[CASE_MAX_ATTEMPTS];
} caseresult;

#endif
