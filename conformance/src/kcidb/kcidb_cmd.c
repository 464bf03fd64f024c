/*
 * kcidb_cmd.c — sockspec kcidb --origin NAME [-o FILE] RESULTS...: every
 * input is read and checked, and the expectations loaded, before a byte
 * is written; the document goes to stdout, or to FILE through a
 * temporary file renamed over it, so a failed run leaves no partial
 * document anywhere.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kcidb.h"
#include "kcidb_internal.h"

static int usage(void)
{
	fprintf(stderr, "usage: sockspec kcidb --origin NAME [-o FILE] "
		"RESULTS...\n"
		"  NAME: the submitting CI system, [a-z0-9_]+\n"
		"  RESULTS: results files, or directories of *.jsonl\n");
	return 2;
}

/* Write text to path through path.tmp.PID and rename: 0, or -1 with
 * nothing left behind. */
static int write_file(const char *path, const char *text)
{
	char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	FILE *f = fopen(tmp, "w");
	int rc = 0;
	if (!f) {
		fprintf(stderr, "sockspec kcidb: %s: %s\n", tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	if (fputs(text, f) < 0 || fputc('\n', f) < 0)
		rc = -1;
	if (fclose(f) != 0)
		rc = -1;
	if (rc == 0 && rename(tmp, path) != 0)
		rc = -1;
	if (rc < 0) {
		fprintf(stderr, "sockspec kcidb: %s: %s\n", path, strerror(errno));
		unlink(tmp);
	}
	free(tmp);
	return rc;
}

int cmd_kcidb(int argc, char **argv)
{
	enum { OPT_ORIGIN = OPT_LONG };
	static const struct option opts[] = {
		{ "origin", required_argument, NULL, OPT_ORIGIN },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	const char *origin = NULL, *out = NULL;
	int c;
	opt_start();
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (c == OPT_ORIGIN)
			origin = optarg;
		else if (c == 'o')
			out = optarg;
		else
			return usage();
	}
	if (!origin || optind >= argc)
		return usage();
	if (!kcidb_origin_ok(origin)) {
		fprintf(stderr, "sockspec kcidb: origin \"%s\": KCIDB takes "
			"[a-z0-9_]+ (lower-case letters, digits, '_')\n", origin);
		return 2;
	}
	krecs s = {0};
	int status = 0;
	for (int i = optind; i < argc; i++)
		if (krecs_load(&s, argv[i]) != 0)
			status = 2;
	xset xs = {0};
	char err[1024] = "";
	char *xpath = expect_path();
	if (status == 0 && expect_load(xpath, &xs, stderr, err, sizeof err) < 0)
		status = 2;
	free(xpath);
	centry *cases = NULL;
	size_t ncases = 0;
	/* the socket.rst lines of each case; without a case tree a test
	 * simply has none */
	char *cdir = cases_dir();
	if (status == 0 && discover(cdir, NULL, &cases, &ncases) < 0) {
		cases = NULL;
		ncases = 0;
	}
	free(cdir);
	struct json_object *doc = NULL;
	if (status == 0 && !(doc = kcidb_document(&s, origin, &xs, cases,
						   ncases)))
		status = 2;
	if (doc) {
		const char *text = json_object_to_json_string_ext(doc,
			JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
			JSON_C_TO_STRING_NOSLASHESCAPE);
		if (!text)
			status = 2;
		else if (out)
			status = write_file(out, text) < 0 ? 2 : 0;
		else if (printf("%s\n", text) < 0 || fflush(stdout) != 0)
			status = 2;
		json_object_put(doc);
	}
	centries_free(cases, ncases);
	xset_free(&xs);
	krecs_free(&s);
	return status;
}
