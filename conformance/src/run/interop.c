/*
 * interop.c — interoperability runs: which implementation each host of a
 * case runs. A case gives a host its own with `impl: HOST NAME`; the name
 * `peer` stands for the run's partner (`sockspec run --impl A --peer B`),
 * so one case file serves every ordered pair of implementations: A on the
 * hosts without an impl line, B on the peer hosts.
 *
 * Without --peer a peer host runs the run's own implementation: the case
 * is then A talking to A, and every ordinary run (make check included)
 * keeps the interop cases exercised, not only the matrix.
 */
#include <stdlib.h>
#include <string.h>

#include "run_internal.h"

static const char *run_peer;

void interop_set_peer(const char *peer)
{
	run_peer = peer && *peer ? peer : NULL;
}

const char *case_host_impl(const scase *c, size_t h, const char *impl)
{
	const char *hi = c->host_impl && h < c->nhosts ? c->host_impl[h] : NULL;
	if (!hi)
		return impl;
	if (strcmp(hi, "peer") == 0)
		return run_peer ? run_peer : impl;
	return hi;
}

bool case_has_peer_host(const scase *c)
{
	for (size_t h = 0; c->host_impl && h < c->nhosts; h++)
		if (c->host_impl[h] && strcmp(c->host_impl[h], "peer") == 0)
			return true;
	return false;
}

void interop_select(centry *es, size_t *n)
{
	size_t keep = 0;
	for (size_t i = 0; i < *n; i++) {
		if (es[i].c && case_has_peer_host(es[i].c)) {
			es[keep++] = es[i];
			continue;
		}
		/* not ours (centries_free frees the array itself) */
		centry_clear(&es[i]);
	}
	*n = keep;
}
