/*
 * hostbyaddr.c — gethostbyaddr and getfqdn, the reverse lookups
 * (socket.rst:361-413).
 */
#include "resolve.h"

#include <ctype.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

struct byaddr {
	const void *addr;
	socklen_t len;
	int af;
};

static int byaddr(void *ctx, struct hostent *storage, char *buf,
		  size_t buflen, struct hostent **result, int *herr)
{
	struct byaddr *q = ctx;

	return gethostbyaddr_r(q->addr, q->len, q->af, storage, buf, buflen,
			       result, herr);
}

/*
 * The argument may be an IPv4 or IPv6 literal or a name (socket.rst:408,
 * 413): CPython resolves it with getaddrinfo(AF_UNSPEC) first (gaierror),
 * then asks gethostbyaddr_r for the first address; a failure there is
 * herror(h_errno, hstrerror(h_errno)) (socket.rst:155-157). The addresses
 * come back in the family of that first address.
 */
int sr_gethostbyaddr(const char *ip_address, sr_hostent *out, sr_err *err)
{
	struct sockaddr_storage ss;
	struct hostent storage, *h;
	struct byaddr q;
	char *buf;
	int herr, rc;

	if (ip_address == NULL)
		return sr__error(err, SR_ERR_TYPEERROR, 0,
				 "gethostbyaddr() argument 1 must be str, "
				 "not None");
	if (sr__resolve_host(ip_address, AF_UNSPEC, &ss, err) < 0)
		return -1;
	q.af = ss.ss_family;
	if (q.af == AF_INET) {
		q.addr = &((struct sockaddr_in *)&ss)->sin_addr;
		q.len = sizeof(struct in_addr);
	} else if (q.af == AF_INET6) {
		q.addr = &((struct sockaddr_in6 *)&ss)->sin6_addr;
		q.len = sizeof(struct in6_addr);
	} else {
		return sr__error(err, SR_ERR_OSERROR, 0,
				 "unsupported address family");
	}
	if (sr__hostent_r(byaddr, &q, &storage, &buf, &h, &herr, err) < 0) {
		free(buf);
		return -1;
	}
	rc = sr__hostent_from(h, herr, q.af, out, err);
	free(buf);
	return rc;
}

/*
 * CPython's Lib/socket.py algorithm (socket.rst:361-368):
 *   strip the name; empty (or the wildcards "0.0.0.0" and "::", as modern
 *   CPython adds) means gethostname(); then gethostbyaddr(name) and return
 *   the first name containing a '.' among the primary name followed by the
 *   aliases; if there is none, the primary name; if the lookup fails, the
 *   name unchanged.
 * The document says the fallback is gethostname(); CPython never does that
 * (doc-notes.md, "366-368"), and this follows CPython.
 */
int sr_getfqdn(const char *name, char **out, sr_err *err)
{
	sr_hostent h;
	sr_err lookup;
	const char *pick;
	char *s, *host = NULL;
	size_t len, i;

	if (name == NULL)
		name = "";
	while (isspace((unsigned char)*name))
		name++;
	len = strlen(name);
	while (len > 0 && isspace((unsigned char)name[len - 1]))
		len--;
	if (len == 0 || (len == 7 && memcmp(name, "0.0.0.0", 7) == 0) ||
	    (len == 2 && memcmp(name, "::", 2) == 0)) {
		if (sr_gethostname(&host, err) < 0)
			return -1;
		name = host;
		len = strlen(host);
	}
	s = strndup(name, len);
	free(host);
	if (s == NULL)
		return sr__nomem(err);

	/* Python's `except error` swallows every OSError kind (herror and
	 * gaierror included); only MemoryError escapes. */
	if (sr_gethostbyaddr(s, &h, &lookup) < 0) {
		if (lookup.kind == SR_ERR_MEMORYERROR) {
			free(s);
			return sr__nomem(err);
		}
		*out = s;
		return 0;
	}
	pick = h.name;
	if (strchr(h.name, '.') == NULL) {
		for (i = 0; i < h.naliases; i++) {
			if (strchr(h.aliases[i], '.') != NULL) {
				pick = h.aliases[i];
				break;
			}
		}
	}
	free(s);
	*out = strdup(pick);
	sr_hostent_free(&h);
	if (*out == NULL)
		return sr__nomem(err);
	return 0;
}
