/*
 * getnameinfo.c — getnameinfo (socket.rst:415-422).
 */
#include "internal.h"

#include <arpa/inet.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The document does not say so, but the host must be numeric: CPython
 * resolves the (host, port) with AI_NUMERICHOST, so ('localhost', 80) is
 * gaierror (doc-notes.md, "417-422"). The family that host parses as
 * decides the sockaddr: an IPv4 host with flowinfo/scope_id given is
 * OSError, an IPv6 host in a 2-tuple is fine. The port is always returned
 * as a str (doc-notes.md, "421-422").
 */
int sr_getnameinfo(const sr_addr *sa, int flags, char **host, char **port,
		   sr_err *err)
{
	struct addrinfo hints = {0}, *res;
	const char *h;
	long long portnum;
	unsigned int flowinfo = 0, scope_id = 0;
	int ntuple, rc;
	char pbuf[32], hbuf[NI_MAXHOST], sbuf[NI_MAXSERV];

	if (sa == NULL)
		return sr__error(err, SR_ERR_TYPEERROR, 0,
				 "getnameinfo() argument 1 must be a tuple");
	if (sa->family == AF_INET) {
		h = sa->u.in.host;
		portnum = sa->u.in.port;
		ntuple = 2;
	} else if (sa->family == AF_INET6) {
		/* (host, port[, flowinfo[, scope_id]]): CPython's "si|II"
		 * refuses another count before it looks at anything. */
		if (sa->u.in6.n < 2 || sa->u.in6.n > 4)
			return sr__error(err, SR_ERR_TYPEERROR, 0,
					 "getnameinfo(): illegal sockaddr "
					 "argument");
		h = sa->u.in6.host;
		portnum = sa->u.in6.port;
		ntuple = sa->u.in6.n;
		/* CPython parses both with "I", which wraps rather than
		 * range-checks; only flowinfo is then limited to 20 bits. */
		flowinfo = (unsigned int)sa->u.in6.flowinfo;
		scope_id = (unsigned int)sa->u.in6.scope_id;
	} else {
		/* Anything that is not a (str, int, ...) tuple. */
		return sr__error(err, SR_ERR_TYPEERROR, 0,
				 "getnameinfo(): illegal sockaddr argument");
	}
	/* The port is a C int in CPython's parse. */
	if (portnum > INT_MAX)
		return sr__error(err, SR_ERR_OVERFLOWERROR, 0,
				 "signed integer is greater than maximum");
	if (portnum < INT_MIN)
		return sr__error(err, SR_ERR_OVERFLOWERROR, 0,
				 "signed integer is less than minimum");
	if (flowinfo > 0xfffff)
		return sr__error(err, SR_ERR_OVERFLOWERROR, 0,
				 "getnameinfo(): flowinfo must be 0-1048575.");

	snprintf(pbuf, sizeof pbuf, "%d", (int)portnum);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_DGRAM; /* one result per address */
	hints.ai_flags = AI_NUMERICHOST;
	rc = getaddrinfo(h, pbuf, &hints, &res);
	if (rc != 0)
		return sr__gaierror(err, rc);
	if (res->ai_next != NULL) {
		freeaddrinfo(res);
		return sr__error(err, SR_ERR_OSERROR, 0,
				 "sockaddr resolved to multiple addresses");
	}
	if (res->ai_family == AF_INET) {
		if (ntuple != 2) {
			freeaddrinfo(res);
			return sr__error(err, SR_ERR_OSERROR, 0,
					 "IPv4 sockaddr must be 2 tuple");
		}
	} else if (res->ai_family == AF_INET6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)res->ai_addr;
		sin6->sin6_flowinfo = htonl(flowinfo);
		sin6->sin6_scope_id = scope_id;
	}
	rc = getnameinfo(res->ai_addr, res->ai_addrlen, hbuf, sizeof hbuf,
			 sbuf, sizeof sbuf, flags);
	freeaddrinfo(res);
	if (rc != 0)
		return sr__gaierror(err, rc);
	*host = strdup(hbuf);
	*port = strdup(sbuf);
	if (*host == NULL || *port == NULL) {
		free(*host);
		free(*port);
		*host = *port = NULL;
		return sr__nomem(err);
	}
	return 0;
}
