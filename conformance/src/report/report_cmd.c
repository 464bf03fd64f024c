/*
 * report_cmd.c — `sockspec report [--html FILE] [--text FILE|-]
 * RESULTS...`: build the report, write the page and the text.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_model.h"

static void report_usage(void)
{
	fprintf(stderr, "usage: sockspec report [--html FILE] [--text FILE|-] "
		"RESULTS...\n");
}

/* Write the page (html) or the text to path ("-" = stdout); 0, or -1
 * reported. */
static int write_to(const char *path, const report *rp, int html)
{
	FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
	int rc = 0;
	if (!f) {
		fprintf(stderr, "sockspec report: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (html)
		rc = report_html(rp, f);
	else
		report_text(rp, f);
	if (ferror(f) || rc < 0)
		rc = -1;
	if (f == stdout ? fflush(f) != 0 : fclose(f) != 0)
		rc = -1;
	if (rc < 0)
		fprintf(stderr, "sockspec report: %s: write failed\n", path);
	return rc;
}

int cmd_report(int argc, char **argv)
{
	const char *html = NULL, *text = "-";
	report rp;
	int status = 0;
	memset(&rp, 0, sizeof rp);
	rp.files = xmalloc((size_t)argc * sizeof *rp.files);
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--html") == 0 && i + 1 < argc)
			html = argv[++i];
		else if (strncmp(argv[i], "--html=", 7) == 0)
			html = argv[i] + 7;
		else if (strcmp(argv[i], "--text") == 0 && i + 1 < argc)
			text = argv[++i];
		else if (strncmp(argv[i], "--text=", 7) == 0)
			text = argv[i] + 7;
		else if (argv[i][0] == '-' && argv[i][1]) {
			report_usage();
			free(rp.files);
			return 2;
		} else
			rp.files[rp.nfiles++] = argv[i];
	}
	if (rp.nfiles == 0) {
		report_usage();
		free(rp.files);
		return 2;
	}
	status = report_build(&rp);
	if (status == 0 && html && write_to(html, &rp, 1) < 0)
		status = 2;
	if (status == 0 && write_to(text, &rp, 0) < 0)
		status = 2;
	report_free(&rp);
	free(rp.files);
	return status;
}
