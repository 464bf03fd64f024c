/*
 * create_connection.c — create_connection(address[, timeout[,
 * source_address]]) (socket.rst:293-316): resolve (host, port) for both
 * IPv4 and IPv6 and connect to each result in turn until one succeeds.
 */
#include "internal.h"

#include <netdb.h>
#include <stdio.h>
#include <string.h>

/* Socket-level failures (OSError and its subclasses gaierror, herror,
 * timeout) move on to the next address; anything else, such as a
 * ValueError from the timeout, is the caller's mistake and ends the call,
 * as CPython's `except error` lets it through. */
static bool try_next(const sr_err *e)
{
	return e->kind == SR_ERR_OSERROR || e->kind == SR_ERR_GAIERROR ||
	       e->kind == SR_ERR_HERROR || e->kind == SR_ERR_TIMEOUT;
}

/* The source (host, port) as an address of the candidate's family. */
static int source_addr(const sr_hostport *src, int family, sr_addr *a,
		       sr_err *err)
{
	const char *host = src->host ? src->host : "";
	if (family == AF_INET6)
		return sr_addr_inet6(a, host, src->port, 0, 0, err);
	return sr_addr_inet(a, host, src->port, err);
}

/* One candidate: a fresh socket with the requested timeout, bound to the
 * source address if any, connected to sa. */
static sr_sock *try_one(const struct addrinfo *ai, const double *timeout,
			const sr_hostport *src, sr_err *err)
{
	sr_sock *s;
	sr_addr a;

	s = sr_socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol, err);
	if (s == NULL)
		return NULL;
	/* Before connect, so the connect itself honours it (socket.rst:303);
	 * the sentinel keeps the default timeout sr_socket applied. */
	if (timeout != SR_DEFAULT_TIMEOUT && sr_settimeout(s, timeout, err) < 0)
		goto fail;
	/* '' and 0 are left to the OS by bind itself: INADDR_ANY/in6addr_any
	 * and an ephemeral port (socket.rst:308-309). */
	if (src && (source_addr(src, ai->ai_family, &a, err) < 0 ||
		    sr_bind(s, &a, err) < 0))
		goto fail;
	if (sr_addr_decode(ai->ai_addr, ai->ai_addrlen, &a, err) < 0 ||
	    sr_connect(s, &a, err) < 0)
		goto fail;
	return s;
fail:
	sr_release(s);
	return NULL;
}

sr_sock *sr_create_connection(sr_hostport address, const double *timeout,
			      const sr_hostport *source_address, sr_err *err)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC,
				  .ai_socktype = SOCK_STREAM };
	struct addrinfo *res, *ai;
	sr_err last = { .kind = SR_ERR_NONE };
	sr_sock *s = NULL;
	char port[32];
	int r;

	/* CPython formats an integer port as a decimal service string. */
	snprintf(port, sizeof port, "%lld", address.port);
	r = getaddrinfo(address.host, port, &hints, &res);
	if (r != 0) {
		sr__gaierror(err, r);
		return NULL;
	}
	for (ai = res; ai; ai = ai->ai_next) {
		sr_err e = {0};
		s = try_one(ai, timeout, source_address, &e);
		if (s)
			break;
		last = e;
		if (!try_next(&e))
			break;
	}
	freeaddrinfo(res);
	if (s)
		return s;
	/* Every address failed: the last failure is the one raised. */
	if (last.kind != SR_ERR_NONE) {
		if (err)
			*err = last;
		return NULL;
	}
	sr__error(err, SR_ERR_OSERROR, 0, "getaddrinfo returns an empty list");
	return NULL;
}
