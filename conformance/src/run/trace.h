/*
 * trace.h — recording the system calls of one traced step (trace.c).
 */
#ifndef SOCKSPEC_TRACE_H
#define SOCKSPEC_TRACE_H

#include <stdbool.h>
#include <sys/types.h>

/* pid: strace; fd: its log (a memfd); err: its stderr (a pipe) */
typedef struct tracer { pid_t pid; int fd; int err; } tracer;

/* Attach strace to every thread of target; 0, or -1 with err. */
int trace_start(tracer *t, pid_t target, char *err, size_t cap);
/* Detach and return the calls made, each once: " recvfrom poll write "
 * (malloc'd, space-separated with spaces at both ends). */
char *trace_stop(tracer *t);
void trace_abort(tracer *t);
/* Is name among the calls trace_stop returned? */
bool trace_has(const char *calls, const char *name);

#endif
