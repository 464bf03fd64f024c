/*
 * repro_cmd.c — `sockspec repro CASE --impl IMPL [-o FILE]`: finds the
 * case by name (area/name under the cases directory, or a .case path),
 * writes its standalone program to stdout or FILE (made executable).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "repro_internal.h"

static int usage(void)
{
	fprintf(stderr, "usage: sockspec repro CASE --impl IMPL [-o FILE]\n"
		"  CASE: area/name (conformance/cases/area/name.case) or a "
		".case file\n"
		"  IMPL: cpython pypy gevent eventlet python:PATH (Python), "
		"ref ref-musl ref-i386 (C)\n");
	return 2;
}

static scase *load(const char *name, char *err, size_t cap)
{
	size_t l = strlen(name);
	if (l > 5 && strcmp(name + l - 5, ".case") == 0)
		return case_load(name, err, cap);
	char *dir = cases_dir();
	char *path = xasprintf("%s/%s.case", dir, name);
	free(dir);
	struct stat st;
	scase *c = NULL;
	if (stat(path, &st) != 0)
		snprintf(err, cap, "%s: no such case (%s)", name, path);
	else
		c = case_load(path, err, cap);
	free(path);
	return c;
}

/* the program of case c for impl: 0, or -1 with why */
static int write_program(const scase *c, const char *impl, sbuf *out,
			 char *why, size_t cap)
{
	return repro_c_impl(impl) ? repro_c(c, impl, out, why, cap)
				  : repro_python(c, impl, out, why, cap);
}

int repro_writes(const char *name, const char *impl, char *why, size_t cap)
{
	scase *c = load(name, why, cap);
	if (!c)
		return -1;
	sbuf out = {0};
	int rc = write_program(c, impl, &out, why, cap);
	free(out.s);
	case_free(c);
	return rc;
}

int cmd_repro(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "impl", required_argument, NULL, 'i' },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	const char *impl = NULL, *outfile = NULL;
	int ch;
	opt_start();
	while ((ch = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (ch == 'i')
			impl = optarg;
		else if (ch == 'o')
			outfile = optarg;
		else
			return usage();
	}
	if (!impl || optind != argc - 1)
		return usage();
	if (!repro_runner(impl) && !repro_c_impl(impl)) {
		fprintf(stderr, "sockspec repro: %s: no reproducer writer for "
			"this implementation (cpython, pypy, gevent, eventlet, "
			"python:PATH, ref, ref-musl, ref-i386)\n", impl);
		return 2;
	}
	char err[1024] = "";
	scase *c = load(argv[optind], err, sizeof err);
	if (!c) {
		fprintf(stderr, "sockspec repro: %s\n", err);
		return 2;
	}
	sbuf out = {0};
	int rc = write_program(c, impl, &out, err, sizeof err);
	case_free(c);
	if (rc < 0) {
		fprintf(stderr, "sockspec repro: %s\n", err);
		free(out.s);
		return 2;
	}
	FILE *f = outfile ? fopen(outfile, "w") : stdout;
	if (!f) {
		fprintf(stderr, "sockspec repro: %s: cannot write\n", outfile);
		free(out.s);
		return 2;
	}
	bool bad = fwrite(out.s, 1, out.len, f) != out.len;
	if (outfile) {
		bad |= fclose(f) != 0;
		if (!repro_c_impl(impl))
			chmod(outfile, 0755);
	} else {
		bad |= fflush(f) != 0;
	}
	free(out.s);
	if (bad) {
		fprintf(stderr, "sockspec repro: write failed\n");
		return 2;
	}
	return 0;
}
