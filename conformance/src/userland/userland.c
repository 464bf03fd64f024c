/*
 * userland.c — Debian userland roots: finding a suite's root (vm/root)
 * and entering it. A root is shared by every case and every run, so
 * nothing is ever mounted in it outside a private mount namespace: the
 * binds below go in a case's own namespace (or one made for the
 * purpose) and vanish with it.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/base.h"
#include "userland.h"

#define MAXROOTS 8
static struct { char suite[64]; char *dir; } roots[MAXROOTS];
static size_t nroots;

/* Run vm/root SUITE and read the directory it prints; its stderr (the
 * build's progress on a terminal, or its one-line refusal) stays the
 * user's, and its refusal is repeated in why. */
static char *ask_vm_root(const char *suite, char *why, size_t cap)
{
	char *script = proj_path("vm/root");
	int out[2];
	if (pipe2(out, O_CLOEXEC) < 0) {
		snprintf(why, cap, "pipe: %s", strerror(errno));
		free(script);
		return NULL;
	}
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(why, cap, "fork: %s", strerror(errno));
		close(out[0]);
		close(out[1]);
		free(script);
		return NULL;
	}
	if (pid == 0) {
		dup2(out[1], 1);
		execl(script, script, suite, (char *)NULL);
		dprintf(2, "exec %s: %s\n", script, strerror(errno));
		_exit(127);
	}
	close(out[1]);
	char buf[4096];
	size_t len = 0;
	ssize_t n;
	while (len + 1 < sizeof buf &&
	       ((n = read(out[0], buf + len, sizeof buf - 1 - len)) > 0 ||
		(n < 0 && errno == EINTR)))
		if (n > 0)
			len += (size_t)n;
	close(out[0]);
	buf[len] = '\0';
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	buf[strcspn(buf, "\n")] = '\0';
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0 || buf[0] != '/') {
		snprintf(why, cap, "needs the Debian %s root: %s %s failed "
			 "(its message above)", suite, script, suite);
		free(script);
		return NULL;
	}
	free(script);
	return xstrdup(buf);
}

const char *userland_root(const char *suite, char *why, size_t cap)
{
	for (size_t i = 0; i < nroots; i++)
		if (strcmp(roots[i].suite, suite) == 0)
			return roots[i].dir;
	char *dir = ask_vm_root(suite, why, cap);
	if (!dir || nroots == MAXROOTS || strlen(suite) >= sizeof roots[0].suite)
		return dir;     /* not kept: asked again next time */
	snprintf(roots[nroots].suite, sizeof roots[0].suite, "%s", suite);
	roots[nroots].dir = dir;
	return roots[nroots++].dir;
}

const char *userland_libc(const char *root)
{
	static char last_root[4096], libc[64];
	if (strcmp(last_root, root) == 0)
		return libc[0] ? libc : NULL;
	snprintf(last_root, sizeof last_root, "%s", root);
	libc[0] = '\0';
	char *path = xasprintf("%s/var/lib/dpkg/status", root);
	FILE *f = fopen(path, "r");
	free(path);
	if (!f)
		return NULL;
	char line[512];
	bool in = false;
	while (fgets(line, sizeof line, f)) {
		if (line[0] == '\n')
			in = false;
		else if (strcmp(line, "Package: libc6\n") == 0)
			in = true;
		else if (in && strncmp(line, "Version: ", 9) == 0) {
			/* 2.41-12: the upstream part, as gnu_get_libc_version */
			line[9 + strcspn(line + 9, "-+~\n")] = '\0';
			snprintf(libc, sizeof libc, "glibc %.48s", line + 9);
			break;
		}
	}
	fclose(f);
	return libc[0] ? libc : NULL;
}

static int bind_into(const char *src, const char *root, const char *dst,
		     unsigned long flags, char *err, size_t cap)
{
	char *to = xasprintf("%s%s", root, dst);
	struct stat st;
	int rc = 0;
	/* a link in the root would lead the mount out of it (vm/root makes
	 * these plain files); a missing source or target is left alone */
	if (lstat(to, &st) == 0 && !S_ISLNK(st.st_mode) &&
	    stat(src, &st) == 0 &&
	    mount(src, to, NULL, MS_BIND | flags, NULL) < 0) {
		snprintf(err, cap, "bind %s over %s: %s", src, to,
			 strerror(errno));
		rc = -1;
	}
	free(to);
	return rc;
}

/* Has this mount namespace the root's binds already? (Every host of a
 * case enters the root from the case's one namespace.) */
static bool entered(const char *root, const char *adapters)
{
	char *at = xasprintf("%s%s", root, USERLAND_ADAPTERS);
	struct stat a, b;
	bool r = stat(at, &a) == 0 && stat(adapters, &b) == 0 &&
		 a.st_dev == b.st_dev && a.st_ino == b.st_ino;
	free(at);
	return r;
}

int userland_enter(const char *root, bool own_ns, char *err, size_t cap)
{
	if (own_ns && (unshare(CLONE_NEWNS) < 0 ||
		       mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)) {
		snprintf(err, cap, "private mount namespace: %s",
			 strerror(errno));
		return -1;
	}
	char *adapters = proj_path("conformance/adapters");
	int rc = 0;
	if (!entered(root, adapters)) {
		static const char *const trees[] = { "/proc", "/dev", "/tmp" };
		static const char *const files[] = { "/etc/hosts",
			"/etc/services", "/etc/protocols", "/etc/nsswitch.conf",
			"/etc/resolv.conf" };
		for (size_t i = 0; rc == 0 && i < sizeof trees / sizeof *trees; i++)
			rc = bind_into(trees[i], root, trees[i], MS_REC, err, cap);
		for (size_t i = 0; rc == 0 && i < sizeof files / sizeof *files; i++)
			rc = bind_into(files[i], root, files[i], 0, err, cap);
		if (rc == 0)
			rc = bind_into(adapters, root, USERLAND_ADAPTERS, 0, err,
				       cap);
	}
	free(adapters);
	if (rc == 0 && (chroot(root) < 0 || chdir("/") < 0)) {
		snprintf(err, cap, "chroot %s: %s", root, strerror(errno));
		rc = -1;
	}
	return rc;
}
