/*
 * report_summary.c — a line per column, what `make run` leaves on the
 * terminal: "cpython 3.11.2 @ 6.1.0-56 x86_64-glibc: 255 passed,
 * 6 xfail, 26 skipped". Outcomes no result has are left out, so a line
 * stays short and a failure stands out.
 */
#include <stdio.h>

#include "report_model.h"

void report_summary(const report *rp, FILE *out)
{
	for (size_t c = 0; c < rp->ncols; c++) {
		const rcol *col = &rp->cols[c];
		const char *sep = ": ";
		fprintf(out, "%s%s%s @ %s %s%s%s", col->impl,
			col->impl_version[0] ? " " : "", col->impl_version,
			col->kernel[0] ? col->kernel : "kernel ?",
			col->platform[0] ? col->platform : "platform ?",
			col->peer[0] ? " peer " : "", col->peer);
		for (int o = 0; o < O_NOUTCOMES; o++) {
			if (!col->count[o])
				continue;
			fprintf(out, "%s%zu %s", sep, col->count[o],
				outcome_name((outcome)o));
			sep = ", ";
		}
		fputc('\n', out);
	}
}
