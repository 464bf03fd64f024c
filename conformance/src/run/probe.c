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
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run_internal.h"
#include "userland/userland.h"

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
	char version[128];  /* second word, or "" */
	char platform[64];  /* third word after hello (ARCH-LIBC), or "" */
	char death[600];    /* no hello: how it ended and its stderr tail */
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

/* How a process that gave no hello ended, and the tail of what it
 * wrote on errfd (a pipe), into out. */
static void obituary(pid_t pid, int errfd, char *out, size_t cap)
{
	char tail[401] = "", buf[4096];
	size_t len = 0;
	double deadline = now_mono() + 5;
	for (;;) {
		double left = deadline - now_mono();
		struct pollfd pf = { .fd = errfd, .events = POLLIN };
		if (left <= 0 || poll(&pf, 1, (int)(left * 1000) + 1) <= 0)
			break;
		ssize_t n = read(errfd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		/* keep the last 400 bytes */
		for (ssize_t i = 0; i < n; i++) {
			if (len == sizeof tail - 1) {
				memmove(tail, tail + 1, len - 1);
				len--;
			}
			tail[len++] = buf[i] == '\n' || buf[i] == '\t' ? ' ' : buf[i];
		}
		tail[len] = '\0';
	}
	int st = 0;
	pid_t r = 0;
	/* stderr's end comes a moment before the exit status */
	for (int i = 0; i < 100 && r == 0; i++) {
		r = waitpid(pid, &st, WNOHANG);
		if (r == 0)
			usleep(10000);
	}
	if (r == 0) {
		kill(pid, SIGKILL);
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		snprintf(out, cap, "still running, killed%s%s",
			 len ? "; stderr ends: " : "", tail);
		return;
	}
	char how[96];
	if (r == pid && WIFEXITED(st))
		snprintf(how, sizeof how, "exited with status %d",
			 WEXITSTATUS(st));
	else if (r == pid && WIFSIGNALED(st))
		snprintf(how, sizeof how, "killed by signal %d (%s)",
			 WTERMSIG(st), strsignal(WTERMSIG(st)));
	else
		snprintf(how, sizeof how, "ended");
	snprintf(out, cap, "%s%s%s", how, len ? "; stderr ends: " : "", tail);
}

/* posix_spawn for an adapter of a userland root: a fork that enters the
 * root (in a mount namespace of its own) and execs argv there; the
 * exec's errno comes back through a close-on-exec pipe, as
 * posix_spawn's does. */
static int spawn_in_root(pid_t *pid, const char *impl, const char *root,
			 char **argv, int in, int out, int errfd)
{
	int ep[2];
	if (pipe2(ep, O_CLOEXEC) < 0)
		return errno;
	*pid = fork();
	if (*pid < 0) {
		int e = errno;
		close(ep[0]);
		close(ep[1]);
		return e;
	}
	if (*pid == 0) {
		char err[512];
		int e = ENOENT;
		int dn = errfd >= 0 ? errfd : open("/dev/null", O_WRONLY);
		if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dn < 0 ||
		    dup2(dn, 2) < 0)
			_exit(126);
		/* the hello of a root's adapter names the root's release */
		setenv("SOCKSPEC_IMPL", impl, 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		if (userland_enter(root, true, err, sizeof err) == 0) {
			execv(argv[0], argv);
			e = errno;
		}
		if (write(ep[1], &e, sizeof e) != (ssize_t)sizeof e)
			_exit(126);
		_exit(127);
	}
	close(ep[1]);
	int e = 0;
	ssize_t r;
	while ((r = read(ep[0], &e, sizeof e)) < 0 && errno == EINTR)
		;
	close(ep[0]);
	if (r == (ssize_t)sizeof e) {
		while (waitpid(*pid, NULL, 0) < 0 && errno == EINTR)
			;
		return e;
	}
	return 0;
}

/* Spawn argv with stdin at EOF (the adapter says hello, reads EOF and
 * ends) and stderr discarded; with want_hello, read its first line
 * (stderr kept to say why when there is none). */
static void probe(probed *p, char **argv, bool want_hello)
{
	int in[2], out[2], err[2] = { -1, -1 };
	if (pipe2(in, O_CLOEXEC) < 0)
		return;
	if (pipe2(out, O_CLOEXEC) < 0) {
		close(in[0]);
		close(in[1]);
		return;
	}
	if (want_hello && pipe2(err, O_CLOEXEC) < 0)
		err[0] = err[1] = -1;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	if (err[1] >= 0)
		posix_spawn_file_actions_adddup2(&fa, err[1], 2);
	else
		posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	pid_t pid;
	/* glibc's posix_spawnp reports the exec's own errno, and unlike
	 * execvp never retries an ENOEXEC file with /bin/sh */
	const char *root = adapter_root(p->impl);
	int rc = root ? spawn_in_root(&pid, p->impl, root, argv, in[0], out[1],
				      err[1])
		      : posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(in[0]);
	close(in[1]);
	close(out[1]);
	if (err[1] >= 0)
		close(err[1]);
	p->spawned = true;
	p->exec_errno = rc;
	if (rc == 0) {
		char line[256];
		bool got = false;
		if (want_hello) {
			p->helloed = true;
			got = read_line(out[0], line, sizeof line, now_mono() + 30) &&
			      sscanf(line, "hello %63s %127s %63s", p->name,
				     p->version, p->platform) >= 1;
			if (!got) {
				p->name[0] = p->version[0] = p->platform[0] = '\0';
				if (err[0] >= 0)
					obituary(pid, err[0], p->death,
						 sizeof p->death);
				else
					snprintf(p->death, sizeof p->death,
						 "no hello");
			}
		}
		if (!want_hello || got || err[0] < 0) {
			kill(pid, SIGKILL);
			while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
				;
		}
	}
	close(out[0]);
	if (err[0] >= 0)
		close(err[0]);
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

static probed *hello_of(const char *impl)
{
	char why[512];
	char **argv = adapter_argv(impl, why, sizeof why);
	if (!argv)
		return NULL;
	probed *p = lookup(impl);
	if (!p->helloed)
		probe(p, argv, true);
	return p;
}

const char *impl_hello_version(const char *impl)
{
	probed *p = hello_of(impl);
	return p && p->version[0] ? p->version : NULL;
}

int impl_resolve(const char *impl, char *out, size_t cap, char *why,
		 size_t wcap)
{
	char fam[32], ver[32], suite[64];
	if (!impl_root_name(impl, fam, sizeof fam, ver, sizeof ver, suite,
			    sizeof suite)) {
		snprintf(out, cap, "%s", impl);
		return 0;
	}
	/* no root, or an adapter that says nothing: the name as typed,
	 * and the run skips or breaks its cases saying why */
	snprintf(out, cap, "%s", impl);
	probed *p = adapter_argv(impl, why, wcap) ? hello_of(impl) : NULL;
	char f2[32], v2[32], s2[64];
	if (!p || !p->name[0])
		return 0;
	/* the hello names the interpreter's version: cpython3.13@trixie */
	if (!impl_root_name(p->name, f2, sizeof f2, v2, sizeof v2, s2,
			    sizeof s2) || strcmp(f2, fam) != 0 ||
	    strcmp(s2, suite) != 0 || !v2[0]) {
		snprintf(why, wcap, "%s: its adapter's hello names it %s", impl,
			 p->name);
		return -1;
	}
	if (ver[0] && strcmp(ver, v2) != 0) {
		snprintf(why, wcap, "%s: Debian %s's root has %s", impl, suite,
			 p->name);
		return -1;
	}
	snprintf(out, cap, "%s", p->name);
	return 0;
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

bool platform_word(const char *s)
{
	const char *dash = strchr(s, '-');
	if (!dash || dash == s || !dash[1] || strchr(dash + 1, '-'))
		return false;
	for (; *s; s++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789_-", *s))
			return false;
	return true;
}

const char *impl_hello_platform(const char *impl)
{
	char why[512];
	char **argv = adapter_argv(impl, why, sizeof why);
	if (!argv)
		return NULL;
	probed *p = lookup(impl);
	if (!p->helloed) {
		if (p->spawned && p->exec_errno)
			return NULL;
		probe(p, argv, true);
	}
	return platform_word(p->platform) ? p->platform : NULL;
}

/* A path of the implementation's command, as the user named it */
static bool named_by_path(const char *impl)
{
	const char *cmd = getenv("SOCKSPEC_ADAPTER_CMD");
	return (cmd && *cmd) || strncmp(impl, "exec:", 5) == 0 ||
	       strncmp(impl, "python:", 7) == 0;
}

const char *impl_start_error(const char *impl, char *why, size_t cap)
{
	if (!named_by_path(impl))
		return NULL;
	/* each case has a private /tmp: what lies below the harness's
	 * /tmp is not there when a case starts the adapter */
	const char *path = strchr(impl, ':') ? strchr(impl, ':') + 1 : "";
	char *prog = xasprintf("%.*s", (int)strcspn(path, " "), path);
	bool hidden = strncmp(prog, "/tmp/", 5) == 0 && !isolate_keeps(prog);
	free(prog);
	if (hidden) {
		snprintf(why, cap, "%s: %.*s is below /tmp, which every case "
			 "replaces with a private tmpfs: put the adapter "
			 "elsewhere", impl, (int)strcspn(path, " "), path);
		return why;
	}
	char sub[512];
	char **argv = adapter_argv(impl, sub, sizeof sub);
	if (!argv) {
		snprintf(why, cap, "%s: %s", impl, sub);
		return why;
	}
	probed *p = lookup(impl);
	if (!p->helloed)
		probe(p, argv, true);
	if (p->exec_errno) {
		snprintf(why, cap, "%s: cannot start %s: %s (%s)", impl,
			 argv[0], strerror(p->exec_errno),
			 errno_name(p->exec_errno));
		return why;
	}
	if (!p->name[0]) {
		snprintf(why, cap, "%s: %s started but said no `hello NAME "
			 "VERSION` line within 30 s: %s", impl, argv[0],
			 p->death);
		return why;
	}
	return NULL;
}
