/*
 * report_cmd.c — `sockspec report [--html FILE] [--compare OLD]...
 * [--history FILE] [--summary FILE|-] [--text FILE|-] RESULTS...`: build
 * the report, write the page, the summary and the text. Nothing is
 * written unless every input reads cleanly.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_model.h"

static void report_usage(void)
{
	fprintf(stderr, "usage: sockspec report [--html FILE] [--compare OLD]... "
		"[--history FILE]\n                       [--summary FILE|-] "
		"[--text FILE|-] RESULTS...\n");
}

enum what { W_TEXT, W_SUMMARY, W_HTML };

/* Write the text, the summary or the page to path ("-" = stdout); 0, or
 * -1 reported. */
static int write_to(const char *path, const report *rp, const report *past,
		    const page_history *ph, enum what what)
{
	FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
	int rc = 0;
	if (!f) {
		fprintf(stderr, "sockspec report: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (what == W_HTML)
		rc = report_page(rp, past, ph, f);
	else if (what == W_SUMMARY)
		report_summary(rp, f);
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

enum { OPT_HTML = OPT_LONG, OPT_TEXT, OPT_SUMMARY, OPT_COMPARE, OPT_HISTORY };

int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "html", required_argument, NULL, OPT_HTML },
		{ "text", required_argument, NULL, OPT_TEXT },
		{ "summary", required_argument, NULL, OPT_SUMMARY },
		{ "compare", required_argument, NULL, OPT_COMPARE },
		{ "history", required_argument, NULL, OPT_HISTORY },
		{ NULL, 0, NULL, 0 }
	};
	const char *html = NULL, *text = "-", *summary = NULL, *history = NULL;
	report rp, past;
	page_history ph = { 0 };
	int status = 0, c;
	memset(&rp, 0, sizeof rp);
	memset(&past, 0, sizeof past);
	/* at most argc files to compare with */
	past.files = xmalloc((size_t)argc * sizeof *past.files);
	opt_start();
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case OPT_HTML: html = optarg; break;
		case OPT_TEXT: text = optarg; break;
		case OPT_SUMMARY: summary = optarg; break;
		case OPT_COMPARE: past.files[past.nfiles++] = optarg; break;
		case OPT_HISTORY: history = optarg; break;
		default:
			report_usage();
			free(past.files);
			return 2;
		}
	}
	/* the results files, wherever they stood among the options:
	 * getopt_long moved them behind, in their order ("-" names a file
	 * here, not stdin) */
	rp.files = argv + optind;
	rp.nfiles = (size_t)(argc - optind);
	if (rp.nfiles == 0 || (past.nfiles && !html)) {
		if (past.nfiles && !html)
			fprintf(stderr, "sockspec report: --compare is for the "
				"page's diff view: give --html FILE too\n");
		report_usage();
		free(past.files);
		return 2;
	}
	/* history:ID among --compare reads the history the page does */
	if (history && history[0])
		setenv("SOCKSPEC_HISTORY", history, 1);
	status = report_build(&rp);
	if (past.nfiles && report_build(&past) != 0)
		status = 2;
	/* the flakes view's history: read only for a page */
	if (status == 0 && html && page_history_read(history, &ph) != 0)
		status = 2;
	if (status == 0 && html &&
	    write_to(html, &rp, past.nfiles ? &past : NULL, &ph, W_HTML) < 0)
		status = 2;
	if (status == 0 && summary &&
	    write_to(summary, &rp, NULL, NULL, W_SUMMARY) < 0)
		status = 2;
	if (status == 0 && write_to(text, &rp, NULL, NULL, W_TEXT) < 0)
		status = 2;
	page_history_free(&ph);
	report_free(&rp);
	report_free(&past);
	free(past.files);
	return status;
}
