/* addr_inet6.c — AF_INET6 addresses: (host, port, flowinfo, scope_id) <->
 * struct sockaddr_in6 (socket.rst:66-71, 117-126). */
#include "addr.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <string.h>

/* As CPython's setipaddr() for AF_INET6: '' is the passive wildcard '::'
 * (observed, doc-notes.md), '<broadcast>' is IPv4-only (socket.rst:117),
 * a numeric address without a %scope skips the resolver, anything else
 * takes the resolver's first AF_INET6 answer (socket.rst:121). */
static int resolve6(const char *host, struct in6_addr *ip, sr_err *err)
{
	struct addrinfo hints, *res;
	int rc;

	if (host[0] == '\0') {
		*ip = in6addr_any;
		return 0;
	}
	if (strcmp(host, "<broadcast>") == 0 ||
	    strcmp(host, "255.255.255.255") == 0)
		return sr__error(err, SR_ERR_OSERROR, 0,
				 "address family mismatched");
	if (strchr(host, '%') == NULL && inet_pton(AF_INET6, host, ip) == 1)
		return 0;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_INET6;
	rc = getaddrinfo(host, NULL, &hints, &res);
	if (rc != 0)
		return sr__gaierror(err, rc);
	/* A "%scope" the resolver turned into sin6_scope_id is dropped: the
	 * tuple's scope_id is what CPython stores. */
	memcpy(ip, &((struct sockaddr_in6 *)res->ai_addr)->sin6_addr,
	       sizeof *ip);
	freeaddrinfo(res);
	return 0;
}

int sr__inet6_encode(const sr_addr *a, struct sockaddr_storage *ss,
		     size_t *len, sr_err *err)
{
	struct sockaddr_in6 sin6;
	int n = a->u.in6.n;
	long long flowinfo = n >= 3 ? a->u.in6.flowinfo : 0;
	long long scope_id = n >= 4 ? a->u.in6.scope_id : 0;

	/* n is the length of the Python tuple; flowinfo and scope_id may be
	 * left out for backward compatibility (socket.rst:68). */
	if (n < 2 || n > 4)
		return sr__error(err, SR_ERR_TYPEERROR, 0,
				 "AF_INET6 address must be a tuple "
				 "(host, port[, flowinfo[, scopeid]])");
	if (strnlen(a->u.in6.host, SR_HOST_CAP) == SR_HOST_CAP)
		return sr__error(err, SR_ERR_VALUEERROR, 0,
				 "host name too long");
	memset(&sin6, 0, sizeof sin6);
	if (resolve6(a->u.in6.host, &sin6.sin6_addr, err) < 0)
		return -1;
	/* sin6_flowinfo carries a 20-bit flow label; scope_id is a 32-bit
	 * interface index (CPython would wrap it; we refuse instead). */
	if (sr__addr_range(a->u.in6.port, 65535, "port", err) < 0 ||
	    sr__addr_range(flowinfo, 0xfffff, "flowinfo", err) < 0 ||
	    sr__addr_range(scope_id, UINT32_MAX, "scope_id", err) < 0)
		return -1;
	sin6.sin6_family = AF_INET6;
	sin6.sin6_port = htons((uint16_t)a->u.in6.port);
	sin6.sin6_flowinfo = htonl((uint32_t)flowinfo);
	sin6.sin6_scope_id = (uint32_t)scope_id;
	memcpy(ss, &sin6, sizeof sin6);
	*len = sizeof sin6;
	return 0;
}

int sr__inet6_decode(const unsigned char *p, size_t len, sr_addr *out,
		     sr_err *err)
{
	struct sockaddr_in6 sin6;

	if (len < sizeof sin6)
		return sr__error(err, SR_ERR_OSERROR, 0,
				 "AF_INET6 address too short (%zu bytes)", len);
	memcpy(&sin6, p, sizeof sin6);
	out->family = AF_INET6;
	/* Numeric, without "%scope": the scope travels in scope_id, as in
	 * CPython since 3.7 (make_ipv6_addr uses inet_ntop). */
	inet_ntop(AF_INET6, &sin6.sin6_addr, out->u.in6.host,
		  INET6_ADDRSTRLEN);
	out->u.in6.port = ntohs(sin6.sin6_port);
	out->u.in6.flowinfo = ntohl(sin6.sin6_flowinfo);
	out->u.in6.scope_id = sin6.sin6_scope_id;
	out->u.in6.n = 4;
	return 0;
}
