/*
 * matrix_internal.h — between the files of matrix/ only. `sockspec matrix`: every implementation x kernel x platform
 * this machine can run, each run's results file with its environment,
 * then the report (conformance/README.md "The matrix"). Shared between
 * matrix.c (plan and schedule), matrix_inside.c (the runs inside one
 * guest) and matrix_summary.c (env files, wall times, slowest cells).
 */
#ifndef SOCKSPEC_MATRIX_INTERNAL_H
#define SOCKSPEC_MATRIX_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "matrix.h"
#include "base/base.h"
#include "run/run.h"

/* The five implementations of a full matrix. */
#define MATRIX_IMPLS "ref ref-musl ref-i386 cpython pypy gevent eventlet"
/* Implementations of the Debian userland roots (vm/root): every case on
 * the host, and in the first guest the cases the host cannot run (a
 * whole suite each in a TCG guest would double the matrix's time). */
#define MATRIX_ROOT_IMPLS "cpython@bullseye cpython@trixie pypy@bullseye " \
	"pypy@trixie gevent@trixie eventlet@trixie micropython@trixie"
#define MATRIX_ROOT_GUEST_CASES "can/*,tipc/*,rds/*"
/* The implementations of the guests after the first (the other Debian
 * kernels): those whose socket code is their own or whose system calls
 * differ (i386's compat calls). ref-musl is libsockref's code on another
 * C library, a difference no kernel changes; gevent and eventlet wrap
 * CPython's _socket, whose calls the cpython column makes on that
 * kernel. Each of those three still runs on the host kernel and in the
 * first guest; with them a 6.12 and a 5.10 guest cost 309 and 364 s of
 * a 1178 s matrix (2 cores, TCG), and `--kernel-impls all` (make matrix
 * MATRIX_FULL=1) puts them back. */
#define MATRIX_KERNEL_IMPLS "ref ref-i386 cpython pypy"
/* Interop pairs inside a guest: the cases the host cannot run. */
#define MATRIX_GUEST_PAIRS "interop/can-*"

/* ---- matrix_spawn.c ---- */
/* Split s at blanks into a NULL-terminated malloc'd vector (the words
 * malloc'd too); *n gets the count. */
char **words_split(const char *s, size_t *n);
void words_free(char **w);

/* The base name of a run's files: IMPL[+PEER]@KERNEL@PLATFORM, with '/'
 * and ':' of python:PATH made '_'. malloc'd. */
char *matrix_run_name(const char *impl, const char *peer,
		      const char *kernel, const char *platform);

/* Run argv (argv[0] a path) with cwd dir and stdout+stderr appended to
 * log (NULL: inherited); wait. The exit status (0-255), or -1 with errno
 * when it could not start or died by a signal. */
int matrix_spawn(char *const argv[], const char *dir, const char *log,
		 pid_t *pid);
/* Wait for pid: its exit status, or 128+signal. */
int matrix_wait(pid_t pid);
/* Wait for any child: its pid, *status its exit status or 128+signal;
 * -1 when there is none left (or waiting failed). */
pid_t matrix_wait_any(int *status);

/* ---- matrix_summary.c ---- */
/* NAME.env beside NAME.jsonl: the environment of the run from its first
 * record (kernel, arch, libc, platform, impl_version), and where it ran,
 * its wall time, exit status and command. 0 or -1 with errno. */
int env_write(const char *dir, const char *name, const char *where,
	      double wall, int status, char *const argv[]);
/* One key of an env file (malloc'd), or NULL. */
char *env_get(const char *path, const char *key);

/* After every run: the wall time of each (from the env files, slowest
 * first), the slowest cells, the cells that failed or broke. Returns the
 * number of failed, broken or xpass cells. */
size_t matrix_summary(const char *dir, FILE *out);

/* ---- matrix_inside.c ---- */
/* `sockspec matrix --inside`: in a guest, each implementation's run,
 * each root implementation's over MATRIX_ROOT_GUEST_CASES, and the
 * ordered pairs of impls over pairs_glob (NULL: none), results, env
 * files and logs written to out; retry: each run's --retry (NULL:
 * none). 0, or 1 when some run could not be made. */
int matrix_inside(const char *self, const char *out, char **impls,
		  size_t nimpls, char **roots, size_t nroots,
		  const char *pairs_glob, const char *retry);


#endif
