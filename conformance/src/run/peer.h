/*
 * peer.h — independent peer programs (can-utils' candump, cansend,
 * canplayer...) that a case runs beside the implementation under test, in
 * the network namespace of one of its hosts, and the case-facing builtins
 * that drive them (peer_builtins.c).
 */
#ifndef SOCKSPEC_PEER_H
#define SOCKSPEC_PEER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "run_internal.h"

/* ---- peer.c: the processes ---- */
typedef struct peerproc {
	char *name;      /* the program, for messages */
	pid_t pid;       /* -1 once reaped */
	int out, err;    /* memfds holding its stdout and stderr */
	int status;      /* wait status, once reaped */
	bool stopping;   /* peer_stop sent it SIGINT */
} peerproc;

/* Fork and exec argv[0] (a bare name looked up on PATH) with stdin
 * /dev/null and stdout, stderr into memfds, in the network namespace of
 * process netns_pid (0: this one). It dies with its parent. 0, or -1 with
 * err. */
int peer_spawn(peerproc *p, char *const argv[], pid_t netns_pid, char *err,
	       size_t cap);
/* Wait until the peer blocks waiting for input (select, poll, recv...: it
 * has set itself up) or exits. 0 waiting, 1 exited, -1 deadline passed. */
int peer_wait_ready(peerproc *p, double deadline);
/* Wait for the exit until deadline (monotonic). 0 exited, -1 deadline. */
int peer_wait_exit(peerproc *p, double deadline);
/* Everything the peer wrote on fd (its out or err memfd); malloc'd. */
char *peer_read_all(int fd, size_t *len);
/* "exited with status 1; stderr: ..." of a reaped peer */
void peer_describe_exit(const peerproc *p, char *buf, size_t cap);
/* SIGKILL if still running, reap, close, free. */
void peer_discard(peerproc *p);

/* ---- peer_builtins.c: what a case calls ---- */
/* True for the names peer_builtin() evaluates: peer_start, peer_stop,
 * peer_wait, peer_run, fixture, fixture_path, candump_frames,
 * netns_links. */
bool peer_builtin_name(const char *name);
/* Evaluate builtin name with evaluated args for a step of host. 0 with r
 * filled (a value or a local raise), -1 when the case broke (x->why). */
int peer_builtin(runctx *x, int host, const char *name, const value *args,
		 evres *r);
/* End every peer the case started (SIGKILL, reap): at the end of the case,
 * passed or broken. */
void peers_end(runctx *x);

#endif
