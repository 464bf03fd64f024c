/*
 * adapter.c — adapter processes: start one with pipes (optionally in a
 * network namespace of its own), send request lines, read reply lines
 * with deadlines, notice EOF and describe how it died.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <sched.h>
#include <unistd.h>

#include "run_internal.h"
#include "userland/userland.h"

bool adapter_drop_sys_admin;
const char *adapter_locale;
bool adapter_fresh;

int adapter_spawn(adapter *a, char **argv, const char *impl, int readyfd,
		  int gofd, char *err, size_t cap)
{
	int in[2], out[2];
	memset(a, 0, sizeof *a);
	a->pid = -1;
	a->to = a->from = a->errfd = -1;
	snprintf(a->impl, sizeof a->impl, "%s", impl);
	a->errfd = memfd_create("adapter-stderr", MFD_CLOEXEC);
	if (pipe2(in, O_CLOEXEC) < 0 || pipe2(out, O_CLOEXEC) < 0) {
		snprintf(err, cap, "pipe: %s", strerror(errno));
		return -1;
	}
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(err, cap, "fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		die_with_parent(parent);
		signal(SIGPIPE, SIG_DFL);
		if (readyfd >= 0) {
			char b = 1;
			if (unshare(CLONE_NEWNET) < 0 || iface_up("lo") < 0)
				_exit(126);
			if (write(readyfd, &b, 1) != 1)
				_exit(126);
			if (read(gofd, &b, 1) != 1)
				_exit(126);
		}
		dup2(in[0], 0);
		dup2(out[1], 1);
		if (a->errfd >= 0)
			dup2(a->errfd, 2);
		setenv("SOCKSPEC_IMPL", impl, 1);
		/* the same locale whoever starts us (Kyua clears it): the
		 * filesystem encoding of AF_UNIX paths is UTF-8 (socket.rst:57)
		 * unless the case asks for another (locale: C, ASCII); then
		 * Python must neither coerce the C locale to C.UTF-8 (PEP 538)
		 * nor switch to UTF-8 mode (PEP 540) */
		setenv("LC_ALL", adapter_locale ? adapter_locale : "C.UTF-8", 1);
		if (adapter_locale && strcmp(adapter_locale, "C.UTF-8") != 0) {
			setenv("PYTHONCOERCECLOCALE", "0", 1);
			setenv("PYTHONUTF8", "0", 1);
		}
		/* an implementation of a Debian userland root: into the
		 * root, with the case's /tmp and resolver files bound in */
		const char *root = adapter_root(impl);
		char uerr[512];
		if (root && userland_enter(root, false, uerr, sizeof uerr) < 0) {
			dprintf(2, "%s\n", uerr);
			_exit(126);
		}
		/* a fork of the run's interpreter instead of a new one */
		int sfd = adapter_fresh ? -1 : forkserver_fd(impl);
		if (sfd >= 0)
			forkserver_handoff(sfd, adapter_drop_sys_admin);
		/* root keeps only what the bounding set allows across exec */
		if (adapter_drop_sys_admin &&
		    prctl(PR_CAPBSET_DROP, CAP_SYS_ADMIN, 0, 0, 0) < 0)
			_exit(126);
		execvp(argv[0], argv);
		dprintf(2, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	a->pid = pid;
	a->to = in[1];
	a->from = out[0];
	fcntl(a->from, F_SETFL, fcntl(a->from, F_GETFL) | O_NONBLOCK);
	return 0;
}

void adapter_fill(adapter *a)
{
	if (a->from < 0 || a->eof)
		return;
	for (;;) {
		if (a->cap - a->len < 4096) {
			a->cap = a->cap ? 2 * a->cap : 8192;
			a->buf = xrealloc(a->buf, a->cap);
		}
		ssize_t n = read(a->from, a->buf + a->len, a->cap - a->len - 1);
		if (n > 0) {
			bool had = adapter_has_line(a);
			a->len += (size_t)n;
			if (!had && adapter_has_line(a) && a->line_at == 0)
				a->line_at = now_mono();
			continue;
		}
		if (n == 0)
			a->eof = true;
		else if (errno == EINTR)
			continue;
		return;
	}
}

bool adapter_has_line(const adapter *a)
{
	return a->len && memchr(a->buf, '\n', a->len) != NULL;
}

void adapter_wire_log(adapter *a, const char *case_name, const char *host)
{
	const char *dir = getenv("SOCKSPEC_WIRE_LOG");
	if (!dir || !*dir)
		return;
	char *name = xasprintf("%s/%s.%s.wire", dir, case_name, host);
	for (char *p = name + strlen(dir) + 1; *p; p++)
		if (*p == '/')
			*p = '_';
	int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC,
		      0644);
	free(name);
	a->wire_fd1 = fd >= 0 ? fd + 1 : 0;
}

static void wire(const adapter *a, char dir, const char *s, size_t l)
{
	if (a->wire_fd1 > 0)
		dprintf(a->wire_fd1 - 1, "%c %.*s\n", dir, (int)l, s);
}

char *adapter_take_line(adapter *a)
{
	char *nl = a->len ? memchr(a->buf, '\n', a->len) : NULL;
	if (!nl)
		return NULL;
	size_t l = (size_t)(nl - a->buf);
	char *s = xmalloc(l + 1);
	memcpy(s, a->buf, l);
	s[l] = '\0';
	wire(a, '<', s, l);
	memmove(a->buf, nl + 1, a->len - l - 1);
	a->len -= l + 1;
	a->line_at = adapter_has_line(a) ? now_mono() : 0;
	return s;
}

int adapter_send(adapter *a, const char *line)
{
	size_t l = strlen(line);
	wire(a, '>', line, l);
	char *s = xmalloc(l + 2);
	memcpy(s, line, l);
	s[l] = '\n';
	size_t off = 0;
	while (off < l + 1) {
		ssize_t n = write(a->to, s + off, l + 1 - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			free(s);
			return -1;
		}
		off += (size_t)n;
	}
	free(s);
	return 0;
}

int adapters_wait(adapter *as, size_t n, int want, double deadline)
{
	struct pollfd *pf = xmalloc(n * sizeof *pf);
	int rc;
	for (;;) {
		for (size_t i = 0; i < n; i++)
			adapter_fill(&as[i]);
		if (want >= 0 && adapter_has_line(&as[want])) {
			rc = 0;
			break;
		}
		if (want >= 0 && as[want].eof) {
			rc = -2;
			break;
		}
		double left = deadline - now_mono();
		if (left <= 0) {
			rc = -1;
			break;
		}
		nfds_t k = 0;
		for (size_t i = 0; i < n; i++) {
			if (as[i].from < 0 || as[i].eof)
				continue;
			pf[k].fd = as[i].from;
			pf[k].events = POLLIN;
			pf[k].revents = 0;
			k++;
		}
		int ms = (int)(left * 1000) + 1;
		if (poll(pf, k, ms) < 0 && errno != EINTR) {
			rc = -1;
			break;
		}
	}
	free(pf);
	return rc;
}

void adapter_obituary(adapter *a, char *buf, size_t cap)
{
	int st = 0;
	char how[128] = "still running";
	if (a->pid > 0) {
		/* give a dying process a moment to be reaped */
		for (int i = 0; i < 50; i++) {
			pid_t r = waitpid(a->pid, &st, WNOHANG);
			if (r == a->pid) {
				if (WIFEXITED(st))
					snprintf(how, sizeof how, "exited with status %d",
						 WEXITSTATUS(st));
				else if (WIFSIGNALED(st)) {
					snprintf(how, sizeof how, "killed by signal %d",
						 WTERMSIG(st));
					/* a crash: run --retry never retries it */
					a->killed_by = WTERMSIG(st);
				}
				a->pid = -1;
				break;
			}
			usleep(10000);
		}
	}
	char tail[512] = "";
	if (a->errfd >= 0) {
		off_t end = lseek(a->errfd, 0, SEEK_END);
		off_t from = end > 400 ? end - 400 : 0;
		ssize_t r = pread(a->errfd, tail, sizeof tail - 1, from);
		if (r > 0) {
			tail[r] = '\0';
			for (char *p = tail; *p; p++)
				if (*p == '\n' || *p == '\t')
					*p = ' ';
		}
	}
	snprintf(buf, cap, "%s%s%s", how, tail[0] ? "; stderr: " : "", tail);
}

void adapter_kill(adapter *a)
{
	if (a->to >= 0)
		close(a->to);
	if (a->from >= 0)
		close(a->from);
	if (a->errfd >= 0)
		close(a->errfd);
	a->to = a->from = a->errfd = -1;
	if (a->wire_fd1 > 0)
		close(a->wire_fd1 - 1);
	a->wire_fd1 = 0;
	if (a->pid > 0) {
		kill(a->pid, SIGKILL);
		waitpid(a->pid, NULL, 0);
		a->pid = -1;
	}
	free(a->buf);
	a->buf = NULL;
	a->len = a->cap = 0;
}
