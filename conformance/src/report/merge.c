/*
 * merge.c — `sockspec merge [--mixed] -o OUT IN...`: join the results of
 * shards (`sockspec run --shard K/N`) into one results file, records
 * written back as they were read, in the order a full run writes them
 * (case by case as discovery lists them), so merged shards equal one
 * full run record for record, durations aside.
 *
 * Refused, with the files and lines involved, because the result would
 * not be one run: the same cell twice with different outcomes (two runs
 * disagree: which is right?) and, unless --mixed, more than one column
 * (shards of one run share impl, kernel, platform and peer; --mixed is
 * for gathering several runs into one file, each column in a block). The
 * same cell twice with one outcome is kept once, the first read.
 * impl_version is not checked: within one run it already varies, an
 * interop case recording the version of its other host's adapter.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cells.h"
#include "report.h"

static void usage(void)
{
	fprintf(stderr, "usage: sockspec merge [--mixed] -o OUT IN...\n"
		"  IN: results files (JSON lines) or directories of them; "
		"OUT - is stdout\n");
}

/* Check the sorted set; mark dropped duplicates. 0, or 2 when refused. */
static int check_inputs(const cellset *s, bool mixed, bool *drop)
{
	int status = 0;
	char ca[256], cb[256];
	for (size_t i = 1; i < s->n; i++) {
		const cell *a = &s->c[i - 1], *b = &s->c[i];
		cell_column(b, false, cb, sizeof cb);
		if (cell_colcmp(a, b, false) != 0) {
			cell_column(a, false, ca, sizeof ca);
			if (!mixed) {
				fprintf(stderr, "sockspec merge: %s holds %s, "
					"%s holds %s: shards of one run share "
					"a column (--mixed gathers several "
					"columns into one file)\n", a->where,
					ca, b->where, cb);
				return 2;
			}
			continue;
		}
		if (cell_keycmp(a, b, false) != 0)
			continue;
		if (a->outcome != b->outcome) {
			fprintf(stderr, "%s: %s [%s] is %s here but %s at %s\n",
				b->where, b->case_name, cb,
				outcome_name((outcome)b->outcome),
				outcome_name((outcome)a->outcome), a->where);
			status = 2;
		}
		drop[i] = true;
	}
	return status;
}

int cmd_merge(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "mixed", no_argument, NULL, OPT_LONG },
		{ NULL, 0, NULL, 0 }
	};
	const char *out = NULL;
	bool mixed = false;
	cellset s = {0};
	char buf[3];
	int status = 0, ninputs, c;
	opt_start();
	/* the leading ':' tells -o without its OUT (usage alone) from an
	 * option we do not have */
	while ((c = getopt_long(argc, argv, ":o:", opts, NULL)) != -1) {
		switch (c) {
		case OPT_LONG: mixed = true; break;
		case 'o': out = optarg; break;
		case '?':
			fprintf(stderr, "sockspec merge: unknown option %s\n",
				opt_refused(argv, buf));
			usage();
			return 2;
		default:
			usage();
			return 2;
		}
	}
	/* the inputs, wherever they stood among the options, in their order */
	if (!out || optind == argc) {
		usage();
		return 2;
	}
	ninputs = argc - optind;
	for (int i = optind; i < argc; i++)
		status |= cells_load(&s, argv[i]);
	cells_sort(&s, false);
	bool *drop = xmalloc((s.n ? s.n : 1) * sizeof *drop);
	memset(drop, 0, (s.n ? s.n : 1) * sizeof *drop);
	if (status == 0)
		status = check_inputs(&s, mixed, drop);
	if (status) {
		free(drop);
		cells_free(&s);
		return 2;
	}

	FILE *f = strcmp(out, "-") == 0 ? stdout : fopen(out, "w");
	if (!f) {
		fprintf(stderr, "sockspec merge: %s: %s\n", out, strerror(errno));
		free(drop);
		cells_free(&s);
		return 2;
	}
	size_t written = 0;
	for (size_t i = 0; i < s.n; i++) {
		if (drop[i])
			continue;
		fprintf(f, "%s\n", s.c[i].text);
		written++;
	}
	int werr = ferror(f);
	werr |= f == stdout ? fflush(f) : fclose(f);
	if (werr) {
		fprintf(stderr, "sockspec merge: %s: write failed\n", out);
		status = 2;
	}
	if (status == 0 && written == s.n)
		fprintf(stderr, "merged %zu records from %d inputs into %s\n",
			written, ninputs, out);
	else if (status == 0)
		fprintf(stderr, "merged %zu records from %d inputs into %s; "
			"%zu cell%s read twice with one outcome, kept once\n",
			written, ninputs, out, s.n - written,
			s.n - written == 1 ? "" : "s");
	free(drop);
	cells_free(&s);
	return status;
}
