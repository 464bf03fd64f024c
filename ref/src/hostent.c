/*
 * hostent.c — the (hostname, aliaslist, ipaddrlist) triple shared by
 * gethostbyname_ex and gethostbyaddr (socket.rst:380-413), and the herror
 * those h_errno-based calls raise (socket.rst:150-160).
 */
#include "resolve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* glibc's "see errno" h_errno; musl's <netdb.h> has no such value. */
#ifndef NETDB_INTERNAL
#define NETDB_INTERNAL (-1)
#endif

void sr_hostent_free(sr_hostent *h)
{
	size_t i;

	if (h == NULL)
		return;
	free(h->name);
	for (i = 0; i < h->naliases; i++)
		free(h->aliases[i]);
	free(h->aliases);
	for (i = 0; i < h->naddrs; i++)
		free(h->addrs[i]);
	free(h->addrs);
	memset(h, 0, sizeof *h);
}

static size_t count(char *const *list)
{
	size_t n = 0;

	while (list != NULL && list[n] != NULL)
		n++;
	return n;
}

int sr__hostent_from(const struct hostent *h, int herr, int af,
		     sr_hostent *out, sr_err *err)
{
	sr_hostent r = {0};
	size_t i, na, nd;

	if (h == NULL)
		return sr__error(err, SR_ERR_HERROR, herr, "%s", hstrerror(herr));
	if (h->h_addrtype != af)
		return sr__oserror(err, EAFNOSUPPORT);

	na = count(h->h_aliases);
	nd = count(h->h_addr_list);
	r.name = strdup(h->h_name ? h->h_name : "");
	r.aliases = calloc(na + 1, sizeof *r.aliases);
	r.addrs = calloc(nd + 1, sizeof *r.addrs);
	if (r.name == NULL || r.aliases == NULL || r.addrs == NULL)
		goto nomem;
	for (; r.naliases < na; r.naliases++) {
		r.aliases[r.naliases] = strdup(h->h_aliases[r.naliases]);
		if (r.aliases[r.naliases] == NULL)
			goto nomem;
	}
	for (i = 0; i < nd; i++) {
		char buf[INET6_ADDRSTRLEN];

		if (inet_ntop(af, h->h_addr_list[i], buf, sizeof buf) == NULL)
			continue;
		r.addrs[r.naddrs] = strdup(buf);
		if (r.addrs[r.naddrs] == NULL)
			goto nomem;
		r.naddrs++;
	}
	*out = r;
	return 0;
nomem:
	sr_hostent_free(&r);
	return sr__nomem(err);
}

int sr__hostent_r(sr__hostent_call call, void *ctx, struct hostent *storage,
		  char **buf, struct hostent **result, int *herr, sr_err *err)
{
	size_t len = 8192;
	int rc;

	*buf = NULL;
	for (;;) {
		char *nb = realloc(*buf, len);

		if (nb == NULL)
			return sr__nomem(err);
		*buf = nb;
		*result = NULL;
		*herr = 0;
		rc = call(ctx, storage, *buf, len, result, herr);
		if (rc != ERANGE || len >= (1u << 24))
			break;
		len *= 2;
	}
	/* A failure other than "not found" that left h_errno unset still
	 * is an h_errno-style failure for the caller. */
	if (*result == NULL && *herr == 0)
		*herr = NETDB_INTERNAL;
	return 0;
}
