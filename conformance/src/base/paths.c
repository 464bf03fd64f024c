/*
 * paths.c — where the project is (relative to /proc/self/exe), clocks,
 * small allocation helpers and the word of a refused command-line option.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base.h"

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		abort();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		abort();
	return p;
}

char *xstrdup(const char *s)
{
	char *d = strdup(s ? s : "");
	if (!d)
		abort();
	return d;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	va_end(ap);
	return s;
}

const char *proj_root(void)
{
	static char root[PATH_MAX];
	if (root[0])
		return root;
	const char *env = getenv("SOCKSPEC_ROOT");
	if (env && *env) {
		snprintf(root, sizeof root, "%s", env);
		return root;
	}
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0) {
		snprintf(root, sizeof root, ".");
		return root;
	}
	exe[n] = '\0';
	/* build/sockspec → project root = the parent of build/ */
	for (int i = 0; i < 2; i++) {
		char *sl = strrchr(exe, '/');
		if (!sl)
			break;
		if (sl == exe)
			sl[1] = '\0';
		else
			*sl = '\0';
	}
	snprintf(root, sizeof root, "%s", exe);
	return root;
}

char *proj_path(const char *rel)
{
	return xasprintf("%s/%s", proj_root(), rel);
}

double now_mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

bool have_prog(const char *name)
{
	const char *path = getenv("PATH");
	if (strchr(name, '/'))
		return access(name, X_OK) == 0;
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	char *copy = xstrdup(path), *save = NULL;
	bool found = false;
	for (char *d = strtok_r(copy, ":", &save); d && !found;
	     d = strtok_r(NULL, ":", &save)) {
		char *p = xasprintf("%s/%s", *d ? d : ".", name);
		found = access(p, X_OK) == 0;
		free(p);
	}
	free(copy);
	return found;
}

void opt_start(void)
{
	optind = 0;
	opterr = 0;
}

/* Long options' vals start at OPT_LONG, so optopt is a char only for a
 * short option; glibc sets it to 0 for a long name it does not know (or
 * finds ambiguous) and to the val for a known one it refused (its value
 * missing, or one given to an option that takes none), having stepped
 * optind past that word in both cases. */
const char *opt_refused(char **argv, char *buf)
{
	if (optopt > 0 && optopt < OPT_LONG) {
		buf[0] = '-';
		buf[1] = (char)optopt;
		buf[2] = '\0';
		return buf;
	}
	return argv[optind - 1];
}
