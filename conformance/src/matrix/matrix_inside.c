/*
 * matrix_inside.c — `sockspec matrix --inside`: the runs of one guest.
 * Booting a kernel under TCG costs seconds, so the matrix boots each
 * kernel once and this mode runs every implementation there (then the
 * interop pairs the host cannot run, e.g. CAN), each as its own
 * `sockspec run` with its results, env file and log in the guest's
 * output share, named like the host's runs.
 *
 * Runs go one per CPU at once, longest first. One run alone left the
 * guest's CPUs a quarter idle (a 6.12 guest's seven runs: 417 s user +
 * 26 s system in 307 s wall on two CPUs), because its cases mostly wait;
 * and an interop pair is one case whose two interpreters start one after
 * the other. The order of the results does not depend on it: each run
 * has its own files.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "matrix_internal.h"

typedef struct irun {
	char *impl;
	const char *peer, *glob;    /* pairs only */
	char *name, *results;
	size_t order;               /* as planned: ties keep it */
	pid_t pid;
	double start;
	char *argv[14];
} irun;

static void irun_plan(irun *r, const char *self, const char *out,
		      const char *kernel, char *impl, const char *peer,
		      const char *glob, const char *retry)
{
	memset(r, 0, sizeof *r);
	r->impl = impl;
	r->peer = peer;
	r->glob = glob;
	r->pid = -1;
	r->name = matrix_run_name(impl, peer, kernel, impl_platform(impl));
	int n = 0;
	r->argv[n++] = (char *)self;
	r->argv[n++] = "run";
	r->argv[n++] = "--impl";
	r->argv[n++] = impl;
	if (peer) {
		r->argv[n++] = "--peer";
		r->argv[n++] = (char *)peer;
	}
	if (glob) {
		r->argv[n++] = "--cases";
		r->argv[n++] = (char *)glob;
	}
	/* the default jobs (two cases per CPU), as make check's guest run:
	 * with fork-server adapters an interpreter no longer starts per
	 * case, and the cases mostly wait (in a 6.1 guest eventlet's suite
	 * took 120 s at one case per CPU, 75 s at two, same outcomes) */
	if (retry) {
		r->argv[n++] = "--retry";
		r->argv[n++] = (char *)retry;
	}
	r->argv[n++] = "--results";
	r->results = xasprintf("%s/%s.jsonl", out, r->name);
	r->argv[n++] = r->results;
	r->argv[n] = NULL;
}

static void irun_start(irun *r, const char *out)
{
	char *log = xasprintf("%s/%s.log", out, r->name);
	r->start = now_mono();
	if (matrix_spawn(r->argv, NULL, log, &r->pid) < 0)
		r->pid = -1;
	free(log);
}

/* 0 when the run left results (whatever its cells say), -1 when not. */
static int irun_end(irun *r, const char *out, int st)
{
	double wall = now_mono() - r->start;
	int rc = access(r->results, R_OK) == 0 ? 0 : -1;
	if (rc == 0)
		env_write(out, r->name, "vm", wall, st, r->argv);
	/* one line each, for vm/run's output (the guest has no terminal) */
	printf("%-40s %7.1f s  status %d%s\n", r->name, wall, st,
	       rc ? "  (no results)" : "");
	fflush(stdout);
	return rc;
}

/* The whole suites take longest where they are slowest: the third-party
 * flavours, then the interpreters, then libsockref's builds. */
static int weight(const irun *r)
{
	if (r->peer)
		return 0;
	static const char *const slow[] = { "eventlet", "gevent", "pypy",
					    "cpython" };
	for (int i = 0; i < 4; i++)
		if (strcmp(r->impl, slow[i]) == 0)
			return 10 - i;
	return 1;
}

static int by_weight(const void *a, const void *b)
{
	const irun *x = a, *y = b;
	int wx = weight(x), wy = weight(y);
	if (wx != wy)
		return wy - wx;
	return x->order < y->order ? -1 : x->order > y->order;
}

int matrix_inside(const char *self, const char *out, char **impls,
		  size_t nimpls, char **roots, size_t nroots,
		  const char *pairs_glob, const char *retry)
{
	struct utsname u;
	uname(&u);
	size_t cap = nimpls + nroots + (pairs_glob ? nimpls * nimpls : 0);
	size_t n = 0;
	irun *rs = xmalloc((cap ? cap : 1) * sizeof *rs);
	for (size_t i = 0; i < nimpls; i++, n++) {
		irun_plan(&rs[n], self, out, u.release, impls[i], NULL, NULL,
			  retry);
		rs[n].order = n;
	}
	for (size_t i = 0; i < nroots; i++, n++) {
		irun_plan(&rs[n], self, out, u.release, roots[i], NULL,
			  MATRIX_ROOT_GUEST_CASES, retry);
		rs[n].order = n;
	}
	for (size_t a = 0; pairs_glob && a < nimpls; a++)
		for (size_t b = 0; b < nimpls; b++)
			if (a != b) {
				irun_plan(&rs[n], self, out, u.release,
					  impls[a], impls[b], pairs_glob, retry);
				rs[n].order = n;
				n++;
			}
	/* ties (the pairs, libsockref's builds) keep their planned order */
	qsort(rs, n, sizeof *rs, by_weight);
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t slots = cpus > 1 ? (size_t)cpus : 1, next = 0, running = 0;
	int bad = 0;
	while (next < n || running > 0) {
		while (running < slots && next < n) {
			irun_start(&rs[next], out);
			if (rs[next].pid < 0) {
				bad |= irun_end(&rs[next], out, -1) < 0;
			} else {
				running++;
			}
			next++;
		}
		if (running == 0)
			continue;
		int st;
		pid_t p = matrix_wait_any(&st);
		if (p < 0)
			break;
		for (size_t i = 0; i < next; i++) {
			if (rs[i].pid != p)
				continue;
			rs[i].pid = -1;
			running--;
			bad |= irun_end(&rs[i], out, st) < 0;
		}
	}
	for (size_t i = 0; i < n; i++) {
		free(rs[i].name);
		free(rs[i].results);
	}
	free(rs);
	return bad;
}
