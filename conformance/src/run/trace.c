/*
 * trace.c — the system calls one step makes (`traced`, socket.rst:19-25:
 * the methods are the system calls, transliterated). strace attaches to
 * every thread of the step's adapter just before the request goes out and
 * detaches when the reply is in, so only that step is traced and the
 * adapter runs at full speed otherwise. Its log goes to a memfd.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run_internal.h"
#include "trace.h"

/* Every thread of pid has a tracer. */
static bool all_traced(pid_t pid)
{
	char path[64];
	DIR *d;
	struct dirent *e;
	bool all = true, any = false;

	snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
	d = opendir(path);
	if (!d)
		return false;
	while (all && (e = readdir(d))) {
		char st[320], line[128];
		FILE *f;
		bool seen = false;
		if (e->d_name[0] == '.')
			continue;
		snprintf(st, sizeof st, "/proc/%d/task/%s/status", (int)pid,
			 e->d_name);
		f = fopen(st, "r");
		if (!f)
			continue; /* the thread has gone */
		while (fgets(line, sizeof line, f))
			if (strncmp(line, "TracerPid:", 10) == 0) {
				seen = atoi(line + 10) != 0;
				break;
			}
		fclose(f);
		all = seen;
		any = true;
	}
	closedir(d);
	return all && any;
}

/* The parent of pid, from /proc/PID/stat; -1 when gone. */
static pid_t parent_of(pid_t pid)
{
	char path[64], buf[512];
	FILE *f;
	size_t n;
	char *rp;
	int pp;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	rp = strrchr(buf, ')'); /* the command may hold spaces */
	if (!rp || sscanf(rp + 1, " %*c %d", &pp) != 1)
		return -1;
	return pp;
}

/* target and its descendants (an adapter may be a wrapper that runs the
 * implementation as its child): up to cap pids, returns the count. */
static size_t family(pid_t target, pid_t *out, size_t cap)
{
	size_t n = 0;
	bool grew = true;

	out[n++] = target;
	while (grew && n < cap) {
		DIR *d = opendir("/proc");
		struct dirent *e;
		grew = false;
		if (!d)
			break;
		while ((e = readdir(d)) && n < cap) {
			pid_t p = (pid_t)atoi(e->d_name), pp;
			bool known = false;
			if (p <= 0)
				continue;
			for (size_t k = 0; k < n; k++)
				known = known || out[k] == p;
			if (known || (pp = parent_of(p)) < 0)
				continue;
			for (size_t k = 0; k < n && !known; k++)
				if (out[k] == pp) {
					out[n++] = p;
					grew = known = true;
				}
		}
		closedir(d);
	}
	return n;
}

/* How many threads pid has now. */
static size_t threads_of(pid_t pid)
{
	char path[64];
	DIR *d;
	struct dirent *e;
	size_t n = 0;

	snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
	d = opendir(path);
	if (!d)
		return 0;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

/* Read strace's stderr until it has said "Process N attached" for want
 * threads. It says so only after PTRACE_INTERRUPT has been issued: from
 * then on the tracee cannot make another system call before strace has it
 * stopped and syscall-traced. TracerPid alone is set at PTRACE_SEIZE, a
 * moment earlier, and under emulation a request sent in that moment was
 * read and half served (the poll seen as restart_syscall) untraced. */
static int wait_attached(tracer *t, size_t want, int ms)
{
	char buf[4096];
	size_t have = 0, got = 0;

	while (got < want) {
		struct pollfd p = { .fd = t->err, .events = POLLIN };
		int r = poll(&p, 1, ms);
		ssize_t n;
		if (r <= 0)
			return -1;
		n = read(t->err, buf + have, sizeof buf - 1 - have);
		if (n <= 0)
			return -1;
		have += (size_t)n;
		buf[have] = '\0';
		char *nl;
		while ((nl = strchr(buf, '\n'))) {
			*nl = '\0';
			if (strstr(buf, " attached"))
				got++;
			have -= (size_t)(nl + 1 - buf);
			memmove(buf, nl + 1, have + 1);
		}
		if (have == sizeof buf - 1)
			have = 0; /* a line too long to be ours */
	}
	return 0;
}

int trace_start(tracer *t, pid_t target, char *err, size_t cap)
{
	pid_t pids[16];
	size_t np = family(target, pids, 16), threads = 0;
	pid_t parent = getpid();
	int ep[2];

	for (size_t k = 0; k < np; k++)
		threads += threads_of(pids[k]);
	t->pid = -1;
	t->err = -1;
	t->fd = memfd_create("sockspec-trace", MFD_CLOEXEC);
	if (t->fd < 0) {
		snprintf(err, cap, "memfd_create: %s", strerror(errno));
		return -1;
	}
	if (pipe2(ep, O_CLOEXEC) < 0) {
		snprintf(err, cap, "pipe: %s", strerror(errno));
		close(t->fd);
		t->fd = -1;
		return -1;
	}
	t->pid = fork();
	if (t->pid < 0) {
		snprintf(err, cap, "fork: %s", strerror(errno));
		close(ep[0]);
		close(ep[1]);
		close(t->fd);
		t->fd = -1;
		return -1;
	}
	if (t->pid == 0) {
		char *argv[8 + 2 * 16];
		char spid[16][24];
		size_t a = 0;
		/* strace dies with the case, never outlives it */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(127);
		if (t->fd == 3 ? fcntl(3, F_SETFD, 0) < 0 : dup2(t->fd, 3) < 0)
			_exit(127);
		if (dup2(ep[1], 2) < 0)
			_exit(127);
		int null = open("/dev/null", O_RDWR);
		if (null >= 0) {
			dup2(null, 0);
			dup2(null, 1);
		}
		/* -f: threads and children; not -q, whose silence would hide
		 * the "attached" lines wait_attached waits for */
		argv[a++] = "strace";
		argv[a++] = "-f";
		argv[a++] = "-o";
		argv[a++] = "/proc/self/fd/3";
		for (size_t k = 0; k < np; k++) {
			snprintf(spid[k], sizeof spid[k], "%d", (int)pids[k]);
			argv[a++] = "-p";
			argv[a++] = spid[k];
		}
		argv[a] = NULL;
		execvp("strace", argv);
		_exit(127);
	}
	close(ep[1]);
	t->err = ep[0];
	/* 10 s: strace starts slowly under emulation */
	if (wait_attached(t, threads, 10000) == 0) {
		bool all = true;
		for (size_t k = 0; k < np && all; k++)
			all = all_traced(pids[k]);
		if (all)
			return 0;
	}
	int st;
	if (waitpid(t->pid, &st, WNOHANG) == t->pid) {
		t->pid = -1;
		trace_abort(t);
		snprintf(err, cap, "strace could not attach to %d "
			 "(is strace installed?)", (int)target);
		return -1;
	}
	trace_abort(t);
	snprintf(err, cap, "strace did not attach to %d within 10 s",
		 (int)target);
	return -1;
}

/* Signal strace (SIGINT: detach and flush; SIGKILL: just go), reap it
 * and close its stderr. */
static void end_strace(tracer *t, int sig)
{
	if (t->pid > 0) {
		kill(t->pid, sig);
		waitpid(t->pid, NULL, 0);
	}
	t->pid = -1;
	if (t->err >= 0)
		close(t->err);
	t->err = -1;
}

void trace_abort(tracer *t)
{
	end_strace(t, SIGKILL);
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
}

/* The name a strace line is about: "1234 recvfrom(3, ..." or
 * "1234 <... poll resumed>..."; NULL for signals and exits. */
static const char *line_call(char *line)
{
	char *p = line;
	while (*p >= '0' && *p <= '9')
		p++;
	while (*p == ' ')
		p++;
	if (strncmp(p, "<... ", 5) == 0) {
		p += 5;
		p[strcspn(p, " ")] = '\0';
		return p;
	}
	size_t n = strcspn(p, "(");
	if (!p[n] || n == 0)
		return NULL;
	p[n] = '\0';
	return p;
}

char *trace_stop(tracer *t)
{
	char *calls = xstrdup(" ");
	FILE *f;
	char *line = NULL;
	size_t cap = 0;

	/* SIGINT: strace detaches from everything and flushes */
	end_strace(t, SIGINT);
	lseek(t->fd, 0, SEEK_SET);
	f = fdopen(t->fd, "r");
	if (!f) {
		close(t->fd);
		t->fd = -1;
		return calls;
	}
	t->fd = -1;
	while (getline(&line, &cap, f) >= 0) {
		const char *c = line_call(line);
		if (c && !trace_has(calls, c)) {
			char *more = xasprintf("%s%s ", calls, c);
			free(calls);
			calls = more;
		}
	}
	free(line);
	fclose(f);
	return calls;
}

bool trace_has(const char *calls, const char *name)
{
	char *w = xasprintf(" %s ", name);
	bool in = strstr(calls, w) != NULL;
	free(w);
	return in;
}
