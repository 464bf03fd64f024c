/*
 * report_cmd.c — `sockspec report [--html FILE] [--text FILE|-]
 * RESULTS...`: build the report, write the page and the text.
 */
#include <errno.h>
#include <getopt.h>
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

enum { OPT_HTML = OPT_LONG, OPT_TEXT };

int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "html", required_argument, NULL, OPT_HTML },
		{ "text", required_argument, NULL, OPT_TEXT },
		{ NULL, 0, NULL, 0 }
	};
	const char *html = NULL, *text = "-";
	report rp;
	int status = 0, c;
	memset(&rp, 0, sizeof rp);
	opt_start();
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case OPT_HTML: html = optarg; break;
		case OPT_TEXT: text = optarg; break;
		default:
			report_usage();
			return 2;
		}
	}
	/* the results files, wherever they stood among the options:
	 * getopt_long moved them behind, in their order ("-" names a file
	 * here, not stdin) */
	rp.files = argv + optind;
	rp.nfiles = (size_t)(argc - optind);
	if (rp.nfiles == 0) {
		report_usage();
		return 2;
	}
	status = report_build(&rp);
	if (status == 0 && html && write_to(html, &rp, 1) < 0)
		status = 2;
	if (status == 0 && write_to(text, &rp, 0) < 0)
		status = 2;
	report_free(&rp);
	return status;
}
