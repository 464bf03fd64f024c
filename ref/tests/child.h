/*
 * child.h — run part of a test in a forked child, inside fresh Linux
 * namespaces, so that it can change what it must (host name, /etc/hosts,
 * network devices) without touching the machine. The child reports a
 * failure or a skip through a pipe; the parent turns it into the test's
 * result. Resolver fixtures bind files over /etc/hosts, /etc/resolv.conf
 * and /etc/nsswitch.conf ("files" only), so no lookup can leave the host.
 */
#ifndef SOCKREF_TEST_CHILD_H
#define SOCKREF_TEST_CHILD_H

#include <atf-c.h>
#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sockref.h"

#define CHILD_SKIP 77

static int child_fd = -1;

static void child_exit(int status, const char *file, int line,
		       const char *fmt, ...)
	__attribute__((format(printf, 4, 5), noreturn));
static void child_exit(int status, const char *file, int line,
		       const char *fmt, ...)
{
	char buf[1024];
	int n = 0;
	va_list ap;

	if (file != NULL)
		n = snprintf(buf, sizeof buf, "%s:%d: ", file, line);
	va_start(ap, fmt);
	vsnprintf(buf + n, sizeof buf - n, fmt, ap);
	va_end(ap);
	if (write(child_fd, buf, strlen(buf)) < 0)
		(void)0;
	_exit(status);
}

#define CFAIL(...) child_exit(1, __FILE__, __LINE__, __VA_ARGS__)
#define CSKIP(...) child_exit(CHILD_SKIP, NULL, 0, __VA_ARGS__)
#define CCHECK(cond)                                                         \
	do {                                                                 \
		if (!(cond))                                                 \
			CFAIL("check failed: %s", #cond);                    \
	} while (0)
#define CSTREQ(a, b)                                                         \
	do {                                                                 \
		const char *a_ = (a), *b_ = (b);                             \
		if (strcmp(a_, b_) != 0)                                     \
			CFAIL("%s: '%s' != '%s'", #a, a_, b_);               \
	} while (0)

/* As SR_OK / SR_FAILS in helpers.h, for code running in the child. */
#define C_OK(call)                                                           \
	do {                                                                 \
		sr_err e_ = {0};                                             \
		(void)e_;                                                    \
		if ((call) == -1)                                            \
			CFAIL("%s: %s(%d): %s", #call,                       \
			      sr_errkind_name(e_.kind), e_.code, e_.msg);    \
	} while (0)
#define C_FAILS(kind_, code_, call)                                          \
	do {                                                                 \
		sr_err e_ = {0};                                             \
		long long r_ = (long long)(call);                            \
		if (r_ != -1)                                                \
			CFAIL("%s: succeeded, expected %s", #call,           \
			      sr_errkind_name(kind_));                       \
		if (e_.kind != (kind_) ||                                    \
		    ((code_) != -1 && e_.code != (code_)))                   \
			CFAIL("%s: got %s(%d) '%s', expected %s(%d)", #call, \
			      sr_errkind_name(e_.kind), e_.code, e_.msg,     \
			      sr_errkind_name(kind_), (code_));              \
	} while (0)

/* Run fn(ctx) in a child after unshare(nsflags) (0 = none). A failing
 * unshare (no privilege, no namespace support) skips the test. */
static inline void run_in_child(int nsflags, void (*fn)(void *), void *ctx)
{
	char msg[1024];
	size_t len = 0;
	ssize_t r;
	int p[2], status;
	pid_t pid;

	if (pipe(p) < 0)
		atf_tc_fail("pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		atf_tc_fail("fork: %s", strerror(errno));
	if (pid == 0) {
		close(p[0]);
		child_fd = p[1];
		if (nsflags != 0 && unshare(nsflags) < 0)
			CSKIP("needs namespaces: unshare(%#x): %s", nsflags,
			      strerror(errno));
		fn(ctx);
		_exit(0);
	}
	close(p[1]);
	while (len < sizeof msg - 1 &&
	       (r = read(p[0], msg + len, sizeof msg - 1 - len)) > 0)
		len += (size_t)r;
	msg[len] = '\0';
	close(p[0]);
	if (waitpid(pid, &status, 0) < 0)
		atf_tc_fail("waitpid: %s", strerror(errno));
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return;
	if (WIFEXITED(status) && WEXITSTATUS(status) == CHILD_SKIP)
		atf_tc_skip("%s", msg);
	if (WIFSIGNALED(status))
		atf_tc_fail("child killed by signal %d %s", WTERMSIG(status),
			    msg);
	atf_tc_fail("%s", msg[0] ? msg : "child failed");
}

/* In a child that has its own mount namespace: show `content` at `path`. */
static inline void child_bind_file(const char *path, const char *content)
{
	char tmp[] = "/tmp/sockref-fixture-XXXXXX";
	int fd = mkstemp(tmp);
	size_t len = strlen(content);

	if (fd < 0)
		CFAIL("mkstemp: %s", strerror(errno));
	if (write(fd, content, len) != (ssize_t)len)
		CFAIL("write %s: %s", tmp, strerror(errno));
	close(fd);
	if (access(path, F_OK) < 0) {
		unlink(tmp);
		CSKIP("needs %s to bind a fixture over", path);
	}
	if (mount(tmp, path, NULL, MS_BIND, NULL) < 0) {
		int e = errno;
		unlink(tmp);
		CSKIP("needs bind mounts: %s: %s", path, strerror(e));
	}
	unlink(tmp); /* the mount keeps the file */
}

/* In a child after unshare(CLONE_NEWNS): a resolver that knows only
 * `hosts` (an /etc/hosts text) and never asks DNS. */
/* In a child with its own network namespace: loopback up. */
static inline void child_lo_up(void)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	CCHECK(fd >= 0);
	memset(&ifr, 0, sizeof ifr);
	strcpy(ifr.ifr_name, "lo");
	ifr.ifr_flags = IFF_UP | IFF_LOOPBACK | IFF_RUNNING;
	CCHECK(ioctl(fd, SIOCSIFFLAGS, &ifr) == 0);
	close(fd);
}

static inline void child_resolver(const char *hosts)
{
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		CSKIP("needs a private mount namespace: %s", strerror(errno));
	child_bind_file("/etc/hosts", hosts);
	child_bind_file("/etc/nsswitch.conf",
			"hosts: files\nservices: files\nprotocols: files\n");
	if (access("/etc/resolv.conf", F_OK) == 0)
		child_bind_file("/etc/resolv.conf", "");
}

#endif
