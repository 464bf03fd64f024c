/*
 * probe.c — an implementation's adapter started once, outside any case:
 * can this machine run it at all, and what does its hello call it?
 *
 * The first answer turns a whole column into skips with one reason (a
 * 32-bit adapter on a kernel without IA32 emulation fails exec with
 * ENOEXEC; reporting that 300 times as broken cases says nothing). The
 * second picks the expectations for implementations named by a path
 * (python:PATH, exec:PATH), whose hello says which family they are.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run_internal.h"

extern char **environ;

/* Results per implementation, for the life of this process (the runner
 * decides skips before forking case processes, so one probe serves a
 * whole run). */
typedef struct probed {
	char impl[256];
	bool spawned;       /* exec tried */
	int exec_errno;     /* 0: the adapter started */
	bool helloed;       /* the hello was read */
	char name[64];      /* first word after hello, or "" */
} probed;

static probed cache[8];
static size_t ncache;

static probed *lookup(const char *impl)
{
	for (size_t i = 0; i < ncache; i++)
		if (strcmp(cache[i].impl, impl) == 0)
			return &cache[i];
	probed *p = &cache[ncache < 8 ? ncache++ : 7];
	memset(p, 0, sizeof *p);
	snprintf(p->impl, sizeof p->impl, "%s", impl);
	return p;
}

/* Read the first line from fd into buf until deadline; true if whole. */
static bool read_line(int fd, char *buf, size_t cap, double deadline)
{
	size_t len = 0;
	while (len + 1 < cap) {
		double left = deadline - now_mono();
		struct pollfd pf = { .fd = fd, .events = POLLIN };
		if (left <= 0 || poll(&pf, 1, (int)(left * 1000) + 1) <= 0)
			break;
		ssize_t n = read(fd, buf + len, cap - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
		buf[len] = '\0';
		char *nl = strchr(buf, '\n');
		if (nl) {
			*nl = '\0';
			return true;
		}
	}
	buf[len] = '\0';
	return false;
}

/* Spawn argv with stdin at EOF (the adapter says hello, reads EOF and
 * ends) and stderr discarded; with want_hello, read its first line. */
static void probe(probed *p, char **argv, bool want_hello)
{
	int in[2], out[2];
	if (pipe2(in, O_CLOEXEC) < 0)
		return;
	if (pipe2(out, O_CLOEXEC) < 0) {
		close(in[0]);
		close(in[1]);
		return;
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	pid_t pid;
	/* glibc's posix_spawnp reports the exec's own errno, and unlike
	 * execvp never retries an ENOEXEC file with /bin/sh */
	int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(in[0]);
	close(in[1]);
	close(out[1]);
	p->spawned = true;
	p->exec_errno = rc;
	if (rc == 0) {
		char line[256];
		if (want_hello) {
			p->helloed = true;
			if (read_line(out[0], line, sizeof line, now_mono() + 30) &&
			    sscanf(line, "hello %63s", p->name) != 1)
				p->name[0] = '\0';
		}
		kill(pid, SIGKILL);
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	close(out[0]);
}

const char *impl_unavailable(const char *impl, char *why, size_t cap)
{
	char **argv = adapter_argv(impl, why, cap);
	if (!argv)
		return why;
	probed *p = lookup(impl);
	if (!p->spawned)
		probe(p, argv, false);
	if (p->exec_errno == 0)
		return NULL;
	if (p->exec_errno == ENOEXEC && strncmp(impl_platform(impl), "i386-", 5) == 0)
		snprintf(why, cap, "needs i386 compat: host kernel refuses "
			 "32-bit binaries (ENOEXEC)");
	else
		snprintf(why, cap, "cannot start %s: %s (%s)", argv[0],
			 strerror(p->exec_errno), errno_name(p->exec_errno));
	return why;
}

/* A name that can stand for a family of expectations files. */
static bool plain_word(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789-_.", *s))
			return false;
	return true;
}

const char *impl_expectations_name(const char *impl)
{
	if (strncmp(impl, "python:", 7) != 0 && strncmp(impl, "exec:", 5) != 0)
		return impl;
	char why[512];
	char **argv = adapter_argv(impl, why, sizeof why);
	if (!argv)
		return impl;
	probed *p = lookup(impl);
	if (!p->helloed)
		probe(p, argv, true);
	return plain_word(p->name) ? p->name : impl;
}
