/*
 * outcome.c — the names of a case's outcomes, as results files, summaries
 * and reports spell them.
 */
#include <string.h>

#include "base.h"

const char *outcome_name(outcome o)
{
	static const char *const n[] = { "passed", "failed", "skipped",
		"xfail", "xpass", "broken", "flaky", "unsupported" };
	return o < O_NOUTCOMES ? n[o] : "broken";
}

int outcome_by_name(const char *s)
{
	for (int o = 0; o < O_NOUTCOMES; o++)
		if (strcmp(outcome_name((outcome)o), s) == 0)
			return o;
	return -1;
}
