/*
 * matrix_inside.c — `sockspec matrix --inside`: the runs of one guest.
 * Booting a kernel under TCG costs seconds, so the matrix boots each
 * kernel once and this mode runs every implementation there in turn
 * (then the interop pairs the host cannot run, e.g. CAN), each as its own
 * `sockspec run` with its results, env file and log in the guest's
 * output share, named like the host's runs.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "matrix_internal.h"

/* One `sockspec run`: 0 when it ran (whatever its cells say), -1 when it
 * could not (no results). */
static int one_run(const char *self, const char *out, const char *kernel,
		   const char *impl, const char *peer, const char *glob)
{
	char *name = matrix_run_name(impl, peer, kernel, impl_platform(impl));
	char *results = xasprintf("%s/%s.jsonl", out, name);
	char *log = xasprintf("%s/%s.log", out, name);
	char *argv[14];
	int n = 0;
	argv[n++] = (char *)self;
	argv[n++] = "run";
	argv[n++] = "--impl";
	argv[n++] = (char *)impl;
	if (peer) {
		argv[n++] = "--peer";
		argv[n++] = (char *)peer;
	}
	if (glob) {
		argv[n++] = "--cases";
		argv[n++] = (char *)glob;
	}
	/* the default jobs (two cases per CPU), as make check's guest run:
	 * with fork-server adapters an interpreter no longer starts per
	 * case, and the cases mostly wait (in a 6.1 guest eventlet's suite
	 * took 120 s at one case per CPU, 75 s at two, same outcomes) */
	argv[n++] = "--results";
	argv[n++] = results;
	argv[n] = NULL;
	double t0 = now_mono();
	pid_t pid;
	int st = matrix_spawn(argv, NULL, log, &pid);
	if (st == 0 || pid > 0)
		st = matrix_wait(pid);
	double wall = now_mono() - t0;
	int rc = access(results, R_OK) == 0 ? 0 : -1;
	if (rc == 0)
		env_write(out, name, "vm", wall, st, argv);
	/* one line each, for vm/run's output (the guest has no terminal) */
	printf("%-40s %7.1f s  status %d%s\n", name, wall, st,
	       rc ? "  (no results)" : "");
	fflush(stdout);
	free(name);
	free(results);
	free(log);
	return rc;
}

int matrix_inside(const char *self, const char *out, char **impls,
		  size_t nimpls, const char *pairs_glob)
{
	struct utsname u;
	uname(&u);
	int bad = 0;
	for (size_t i = 0; i < nimpls; i++)
		if (one_run(self, out, u.release, impls[i], NULL, NULL) < 0)
			bad = 1;
	for (size_t a = 0; pairs_glob && a < nimpls; a++)
		for (size_t b = 0; b < nimpls; b++)
			if (a != b && one_run(self, out, u.release, impls[a],
					      impls[b], pairs_glob) < 0)
				bad = 1;
	return bad;
}
