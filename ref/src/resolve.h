/*
 * resolve.h — what the host-lookup files share: turning a host argument
 * into one address the way CPython's setipaddr() does, and building the
 * (hostname, aliaslist, ipaddrlist) triple from a struct hostent.
 */
#ifndef SOCKREF_RESOLVE_H
#define SOCKREF_RESOLVE_H

#include "internal.h"

#include <netdb.h>
#include <sys/socket.h>

/*
 * Resolve `name` to a single address of family `af` (AF_INET, AF_INET6 or
 * AF_UNSPEC): "" is the wildcard, "<broadcast>" INADDR_BROADCAST, a numeric
 * literal is taken as is, anything else goes through getaddrinfo and the
 * first result wins (gaierror on failure).
 */
int sr__resolve_host(const char *name, int af, struct sockaddr_storage *out,
		     sr_err *err);

/*
 * Fill *out from a hostent of family `af`: NULL means the lookup failed
 * with h_errno `herr` (herror); another address family is
 * OSError(EAFNOSUPPORT).
 */
int sr__hostent_from(const struct hostent *h, int herr, int af,
		     sr_hostent *out, sr_err *err);

/* Run a gethostby*_r call with a buffer that grows while it says ERANGE.
 * Returns 0 with *result set (NULL: not found, *herr holds h_errno) or -1
 * with *err filled when memory runs out. *buf is allocated in both cases
 * (or NULL) and the caller frees it after using *result. */
typedef int (*sr__hostent_call)(void *ctx, struct hostent *storage,
				char *buf, size_t buflen,
				struct hostent **result, int *herr);
int sr__hostent_r(sr__hostent_call call, void *ctx, struct hostent *storage,
		  char **buf, struct hostent **result, int *herr, sr_err *err);

#endif
