/*
 * results.c — the results file (one JSON object a line) and the human
 * summary. Expectations are in expect*.c.
 */
#include <errno.h>
#include <gnu/libc-version.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "run_internal.h"

static void jstr(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p == '\t')
			fputs("\\t", f);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

int results_write(const char *file, const centry *es, const caseresult *rs,
		  size_t n, const char *impl, const char *peer)
{
	FILE *f = strcmp(file, "-") == 0 ? stdout : fopen(file, "w");
	if (!f)
		return -1;
	struct utsname u;
	uname(&u);
	char libc[64];
	snprintf(libc, sizeof libc, "glibc %s", gnu_get_libc_version());
	for (size_t i = 0; i < n; i++) {
		fputs("{\"case\": ", f);
		jstr(f, es[i].name);
		fputs(", \"ids\": [", f);
		for (size_t k = 0; es[i].c && k < es[i].c->nids; k++) {
			if (k)
				fputs(", ", f);
			jstr(f, es[i].c->ids[k]);
		}
		fputs("], \"impl\": ", f);
		jstr(f, impl);
		fputs(", \"impl_version\": ", f);
		jstr(f, rs[i].impl_version);
		fputs(", \"kernel\": ", f);
		jstr(f, u.release);
		fputs(", \"arch\": ", f);
		jstr(f, u.machine);
		fputs(", \"libc\": ", f);
		jstr(f, libc);
		fputs(", \"platform\": ", f);
		jstr(f, impl_platform(impl));
		fputs(", \"peer\": ", f);
		jstr(f, peer ? peer : "");
		fputs(", \"outcome\": ", f);
		jstr(f, outcome_name((outcome)rs[i].outcome));
		fputs(", \"reason\": ", f);
		jstr(f, rs[i].reason);
		fprintf(f, ", \"duration\": %.3f, \"detail\": ", rs[i].duration);
		jstr(f, rs[i].detail);
		fputs("}\n", f);
	}
	int rc = ferror(f) ? -1 : 0;
	if (f != stdout && fclose(f) != 0)
		rc = -1;
	else if (f == stdout)
		fflush(f);
	return rc;
}

int summary_print(const centry *es, const caseresult *rs, size_t n)
{
	size_t count[O_NOUTCOMES] = {0};
	for (size_t i = 0; i < n; i++) {
		int o = rs[i].outcome < O_NOUTCOMES ? rs[i].outcome : O_BROKEN;
		count[o]++;
		if (o == O_PASSED)
			continue;
		printf("%-7s %s: %s", outcome_name((outcome)o), es[i].name,
		       rs[i].reason);
		if (rs[i].detail[0] && strcmp(rs[i].detail, rs[i].reason) != 0)
			printf(" [%s]", rs[i].detail);
		putchar('\n');
	}
	printf("%zu passed, %zu failed, %zu skipped, %zu xfail, %zu xpass, %zu broken\n",
	       count[O_PASSED], count[O_FAILED], count[O_SKIPPED],
	       count[O_XFAIL], count[O_XPASS], count[O_BROKEN]);
	fflush(stdout);
	return count[O_FAILED] || count[O_BROKEN] || count[O_XPASS] ? 1 : 0;
}
