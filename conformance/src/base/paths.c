/*
 * paths.c — where the project is (relative to /proc/self/exe), clocks and
 * small allocation helpers.
 */
#include <errno.h>
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

/* --opt VALUE or --opt=VALUE: the value, advancing *i past it, or NULL */
const char *optval(int argc, char **argv, int *i, const char *opt)
{
	size_t l = strlen(opt);
	if (strncmp(argv[*i], opt, l) != 0)
		return NULL;
	if (argv[*i][l] == '=')
		return argv[*i] + l + 1;
	if (argv[*i][l] == '\0' && *i + 1 < argc)
		return argv[++*i];
	return NULL;
}
