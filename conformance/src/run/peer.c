/*
 * peer.c — peer processes: a program found on PATH, run without a shell
 * beside the adapters, its output kept in memfds (a pipe nobody drains
 * while the case runs could fill and stall it), in the network namespace
 * of one of the case's hosts. A peer dies with the case process; the case
 * process is the first process of its own pid namespace, so whatever a
 * peer leaves goes with it too.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "peer.h"

int peer_spawn(peerproc *p, char *const argv[], pid_t netns_pid, char *err,
	       size_t cap)
{
	memset(p, 0, sizeof *p);
	p->pid = -1;
	p->name = xstrdup(argv[0]);
	p->out = memfd_create("peer-stdout", MFD_CLOEXEC);
	p->err = memfd_create("peer-stderr", MFD_CLOEXEC);
	if (p->out < 0 || p->err < 0) {
		snprintf(err, cap, "memfd_create: %s", strerror(errno));
		return -1;
	}
	int nsfd = -1;
	if (netns_pid > 0) {
		char path[64];
		snprintf(path, sizeof path, "/proc/%d/ns/net", (int)netns_pid);
		nsfd = open(path, O_RDONLY | O_CLOEXEC);
		if (nsfd < 0) {
			snprintf(err, cap, "open %s: %s", path, strerror(errno));
			return -1;
		}
	}
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(err, cap, "fork: %s", strerror(errno));
		if (nsfd >= 0)
			close(nsfd);
		return -1;
	}
	if (pid == 0) {
		die_with_parent(parent);
		if (dup2(p->err, 2) < 0 || dup2(p->out, 1) < 0)
			_exit(126);
		if (nsfd >= 0 && setns(nsfd, CLONE_NEWNET) < 0) {
			dprintf(2, "setns: %s\n", strerror(errno));
			_exit(126);
		}
		int dn = open("/dev/null", O_RDONLY);
		if (dn < 0 || dup2(dn, 0) < 0)
			_exit(126);
		/* what the harness ignores or blocks is not the peer's
		 * business: peer_stop's SIGINT must reach a default or a
		 * handler of its own */
		static const int sigs[] = { SIGINT, SIGTERM, SIGPIPE, SIGCHLD,
					    SIGHUP };
		for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
			signal(sigs[i], SIG_DFL);
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		execvp(argv[0], argv);
		dprintf(2, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (nsfd >= 0)
		close(nsfd);
	p->pid = pid;
	return 0;
}

/* Reap without blocking: true once the peer has exited. */
static bool reaped(peerproc *p)
{
	if (p->pid < 0)
		return true;
	int st;
	pid_t r = waitpid(p->pid, &st, WNOHANG);
	if (r == p->pid || (r < 0 && errno == ECHILD)) {
		p->status = r == p->pid ? st : 0;
		p->pid = -1;
		return true;
	}
	return false;
}

static void pause_ms(long ms)
{
	struct timespec ts = { 0, ms * 1000000L };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* System calls in which a process waits for something from outside: a
 * peer blocked in one has finished setting itself up. */
static bool waiting_syscall(long nr)
{
	static const long waits[] = {
#ifdef SYS_select
		SYS_select,
#endif
#ifdef SYS__newselect
		SYS__newselect,
#endif
#ifdef SYS_poll
		SYS_poll,
#endif
#ifdef SYS_epoll_wait
		SYS_epoll_wait,
#endif
#ifdef SYS_pause
		SYS_pause,
#endif
#ifdef SYS_nanosleep
		SYS_nanosleep,
#endif
#ifdef SYS_socketcall
		SYS_socketcall,
#endif
#ifdef SYS_recvfrom
		SYS_recvfrom,
#endif
#ifdef SYS_recvmsg
		SYS_recvmsg,
#endif
#ifdef SYS_accept
		SYS_accept,
#endif
#ifdef SYS_epoll_pwait2
		SYS_epoll_pwait2,
#endif
		SYS_pselect6, SYS_ppoll, SYS_epoll_pwait, SYS_read, SYS_readv,
		SYS_recvmmsg, SYS_accept4, SYS_rt_sigsuspend,
		SYS_rt_sigtimedwait, SYS_clock_nanosleep, SYS_wait4,
		SYS_waitid,
	};
	for (size_t i = 0; i < sizeof waits / sizeof *waits; i++)
		if (waits[i] == nr)
			return true;
	return false;
}

/* 'S' (interruptible sleep) etc. from /proc/PID/stat, or 0 */
static char proc_state(pid_t pid)
{
	char path[64], buf[512];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	/* the command name may hold anything: the state follows its last ')' */
	char *rp = strrchr(buf, ')');
	return rp && rp[1] == ' ' ? rp[2] : 0;
}

/* The system call the peer is blocked in, from /proc/PID/syscall: its
 * number; -1 running or not in a call; -2 the file cannot be read. */
static long proc_syscall(pid_t pid)
{
	char path[64], buf[64];
	snprintf(path, sizeof path, "/proc/%d/syscall", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -2;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return -2;
	buf[n] = '\0';
	char *end;
	long nr = strtol(buf, &end, 10);
	return end == buf ? -1 : nr;
}

int peer_wait_ready(peerproc *p, double deadline)
{
	for (long ms = 1;; ms = ms < 16 ? 2 * ms : ms) {
		if (reaped(p))
			return 1;
		if (proc_state(p->pid) == 'S') {
			long nr = proc_syscall(p->pid);
			/* without the syscall file (a kernel without
			 * tracehook), a sleeping peer is taken as ready */
			if (nr == -2 || (nr >= 0 && waiting_syscall(nr)))
				return 0;
		}
		if (now_mono() >= deadline)
			return -1;
		pause_ms(ms);
	}
}

int peer_wait_exit(peerproc *p, double deadline)
{
	for (long ms = 1;; ms = ms < 16 ? 2 * ms : ms) {
		if (reaped(p))
			return 0;
		if (now_mono() >= deadline)
			return -1;
		pause_ms(ms);
	}
}

char *peer_read_all(int fd, size_t *len)
{
	struct stat st;
	*len = 0;
	if (fd < 0 || fstat(fd, &st) < 0 || st.st_size <= 0)
		return xstrdup("");
	char *buf = xmalloc((size_t)st.st_size + 1);
	size_t got = 0;
	while (got < (size_t)st.st_size) {
		ssize_t n = pread(fd, buf + got, (size_t)st.st_size - got,
				  (off_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	buf[got] = '\0';
	*len = got;
	return buf;
}

void peer_describe_exit(const peerproc *p, char *buf, size_t cap)
{
	int st = p->status;
	size_t off;
	if (WIFEXITED(st))
		off = (size_t)snprintf(buf, cap, "exited with status %d",
				       WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		off = (size_t)snprintf(buf, cap, "was killed by signal %d (%s)",
				       WTERMSIG(st), strsignal(WTERMSIG(st)));
	else
		off = (size_t)snprintf(buf, cap, "ended with wait status %d", st);
	size_t len;
	char *e = peer_read_all(p->err, &len);
	/* the tail says why; one line in the report */
	while (len > 0 && (e[len - 1] == '\n' || e[len - 1] == ' '))
		e[--len] = '\0';
	const char *t = len > 300 ? e + len - 300 : e;
	for (char *c = e; *c; c++)
		if (*c == '\n' || *c == '\r')
			*c = ' ';
	if (off < cap && *t)
		snprintf(buf + off, cap - off, "; stderr: %s", t);
	free(e);
}

void peer_discard(peerproc *p)
{
	if (p->pid > 0) {
		kill(p->pid, SIGKILL);
		while (waitpid(p->pid, NULL, 0) < 0 && errno == EINTR)
			;
		p->pid = -1;
	}
	if (p->out >= 0)
		close(p->out);
	if (p->err >= 0)
		close(p->err);
	p->out = p->err = -1;
	free(p->name);
	p->name = NULL;
}
