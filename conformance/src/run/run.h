/*
 * run.h — run/, running cases: a case's isolation, its hosts' adapters
 * (fresh or forked from a server), peers, evaluating and checking steps,
 * traces, the runner over a tree and the results file it writes. What
 * the other folders may call; the rest is run_internal.h.
 */
#ifndef SOCKSPEC_RUN_H
#define SOCKSPEC_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "base/base.h"
#include "lang/lang.h"

/* ---- runner.c ---- */
typedef struct runopts {
	const char *impl;
	const char *peer;    /* interop partner (--peer), or NULL */
	const char *glob;
	const char *results;
	int jobs;
	bool quiet;
	int shard_k, shard_n;  /* --shard K/N; shard_n 0: every case */
	const char *order;   /* --order FILE: these cases first, or NULL */
	const char *case_list; /* --case-list FILE: only these, in order */
	bool fail_fast;      /* --fail-fast: stop at the first failed,
				broken or xpass case */
	int retry;           /* --retry N: rerun what failed or broke, up
				to N times (0: never); passing then is flaky */
	const char *history; /* --history FILE, "" for --no-history, or
				NULL: $SOCKSPEC_HISTORY or the default */
} runopts;
/* Run one case in a forked, isolated case process; again up to retries
 * times while it fails or breaks (run --retry). */
void run_isolated(const centry *e, const char *impl, int retries,
		  caseresult *res);
int cmd_run(const runopts *o);

/* ---- results.c ---- */
/* One results record, the line a results file holds for case e (no
 * newline). malloc'd. */
char *results_line(const centry *e, const caseresult *r, const char *impl,
		   const char *peer);
/* peer: the implementation on the other side of interop cases, or NULL */
int results_write(const char *file, const centry *es, const caseresult *rs,
		  size_t n, const char *impl, const char *peer);
int summary_print(const centry *es, const caseresult *rs, size_t n);

/* ---- probe.c ---- */
/* Why no case of impl can run here (unknown or unbuilt, or its adapter
 * fails exec: a 32-bit adapter on a kernel without IA32 emulation), in
 * why; NULL when it can. Tried once per process. */
const char *impl_unavailable(const char *impl, char *why, size_t cap);
/* Whose expectations a run of impl uses: impl itself, except for
 * python:PATH and exec:PATH, where the adapter's hello names the family
 * ("cpython", "pypy", a third party's own name). */
const char *impl_expectations_name(const char *impl);
/* For an implementation named by a path (exec:, python:, or any under
 * $SOCKSPEC_ADAPTER_CMD): why its adapter cannot start here (no such
 * program, below /tmp, exec fails, no hello: exit status and stderr
 * tail), naming the path, in why; NULL when it starts and says hello.
 * Named implementations (gevent...) are NULL: their absence is a skip. */
const char *impl_start_error(const char *impl, char *why, size_t cap);
/* The platform (ARCH-LIBC) the adapter's hello names as its third word,
 * or NULL: an implementation on another libc than the harness's says so */
const char *impl_hello_platform(const char *impl);
/* The VERSION of impl's hello (its adapter started once), or NULL. */
const char *impl_hello_version(const char *impl);
/* The name results give impl: itself, except FAMILY[VERSION]@SUITE,
 * which its adapter's hello completes with the interpreter's version
 * (cpython@trixie -> cpython3.13@trixie). 0, or -1 with the reason in
 * why (no root, a version the root does not have). */
int impl_resolve(const char *impl, char *out, size_t cap, char *why,
		 size_t wcap);

#endif
