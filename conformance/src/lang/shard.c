/*
 * shard.c — `sockspec run --shard K/N`: run the K-th of N parts of the
 * case list, so N machines (CI jobs) share one run and `sockspec merge`
 * joins their results.
 *
 * The split is by position: after discovery (sorted by name, filtered by
 * --cases) case i goes to shard i mod N + 1. It depends only on the case
 * list, so every job of one CI run, checking out one tree, computes the
 * same split; shard sizes differ by one at most; and because the cases
 * of an area sit together and cost alike (an area of timeouts, an area of
 * resolver lookups), dealing them out in turn spreads each area over all
 * shards. A hash of the name would keep a case in its shard when others
 * are added, which nothing here needs, and balances worse on small lists.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "lang.h"

static int parse_count(const char *s, char **end, long *v)
{
	errno = 0;
	if (*s < '0' || *s > '9')
		return -1;
	*v = strtol(s, end, 10);
	return errno || *v > INT_MAX ? -1 : 0;
}

int shard_parse(const char *s, int *k, int *n, char *err, size_t cap)
{
	char *end;
	long a, b;
	if (parse_count(s, &end, &a) < 0 || *end != '/' ||
	    parse_count(end + 1, &end, &b) < 0 || *end != '\0') {
		snprintf(err, cap, "--shard %s: expected K/N, two numbers "
			 "(e.g. 2/3: the second of three shards)", s);
		return -1;
	}
	if (b < 1 || a < 1 || a > b) {
		snprintf(err, cap, "--shard %s: K/N needs 1 <= K <= N", s);
		return -1;
	}
	*k = (int)a;
	*n = (int)b;
	return 0;
}

void shard_select(centry *es, size_t *n, int k, int nshards)
{
	size_t kept = 0;
	for (size_t i = 0; i < *n; i++) {
		if (i % (size_t)nshards == (size_t)(k - 1)) {
			es[kept++] = es[i];
			continue;
		}
		/* not ours (centries_free frees the array itself) */
		centry_clear(&es[i]);
	}
	*n = kept;
}
