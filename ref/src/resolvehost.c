/*
 * resolvehost.c — one host argument to one address, as CPython's
 * setipaddr() does it for gethostbyname, gethostbyname_ex and
 * gethostbyaddr (socket.rst:371-413).
 */
#include "resolve.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

static void set_in(struct sockaddr_storage *out, const struct in_addr *a)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)out;

	memset(out, 0, sizeof *out);
	sin->sin_family = AF_INET;
	sin->sin_addr = *a;
}

int sr__resolve_host(const char *name, int af, struct sockaddr_storage *out,
		     sr_err *err)
{
	struct addrinfo hints = {0}, *res;
	struct in_addr a4;
	struct in6_addr a6;
	int rc;

	if (name[0] == '\0') {
		/* The wildcard: a passive lookup of no host. With AF_UNSPEC
		 * glibc answers both 0.0.0.0 and ::, which CPython refuses
		 * to choose between. */
		hints.ai_family = af;
		hints.ai_socktype = SOCK_DGRAM;
		hints.ai_flags = AI_PASSIVE;
		rc = getaddrinfo(NULL, "0", &hints, &res);
		if (rc != 0)
			return sr__gaierror(err, rc);
		if (res->ai_next != NULL) {
			freeaddrinfo(res);
			return sr__error(err, SR_ERR_OSERROR, 0,
					 "wildcard resolved to multiple address");
		}
		memset(out, 0, sizeof *out);
		memcpy(out, res->ai_addr, res->ai_addrlen);
		freeaddrinfo(res);
		return 0;
	}
	if (strcmp(name, "<broadcast>") == 0 ||
	    strcmp(name, "255.255.255.255") == 0) {
		if (af != AF_INET && af != AF_UNSPEC)
			return sr__error(err, SR_ERR_OSERROR, 0,
					 "address family mismatched");
		a4.s_addr = htonl(INADDR_BROADCAST);
		set_in(out, &a4);
		return 0;
	}
	/* Numeric literals need no resolver (CPython 3.7+ short cut; the
	 * result is the same as getaddrinfo's). */
	if ((af == AF_INET || af == AF_UNSPEC) &&
	    inet_pton(AF_INET, name, &a4) == 1) {
		set_in(out, &a4);
		return 0;
	}
	if ((af == AF_INET6 || af == AF_UNSPEC) &&
	    inet_pton(AF_INET6, name, &a6) == 1) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)out;
		memset(out, 0, sizeof *out);
		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = a6;
		return 0;
	}
	hints.ai_family = af;
	rc = getaddrinfo(name, NULL, &hints, &res);
	if (rc != 0)
		return sr__gaierror(err, rc);
	memset(out, 0, sizeof *out);
	memcpy(out, res->ai_addr, res->ai_addrlen);
	freeaddrinfo(res);
	return 0;
}
