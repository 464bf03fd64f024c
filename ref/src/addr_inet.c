/* addr_inet.c — AF_INET addresses: (host, port) <-> struct sockaddr_in
 * (socket.rst:61-64, 115-126). */
#include "addr.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <string.h>

/* The host as an IPv4 address, in the order CPython's setipaddr() tries:
 * the two special strings, a numeric address (no resolver involved, so the
 * result is deterministic, socket.rst:125), then the resolver, whose FIRST
 * answer is used (socket.rst:121). */
static int resolve4(const char *host, struct in_addr *ip, sr_err *err)
{
	struct addrinfo hints, *res;
	int rc;

	if (host[0] == '\0') { /* socket.rst:115 */
		ip->s_addr = htonl(INADDR_ANY);
		return 0;
	}
	/* socket.rst:116; CPython special-cases the all-ones quad with it */
	if (strcmp(host, "<broadcast>") == 0 ||
	    strcmp(host, "255.255.255.255") == 0) {
		ip->s_addr = htonl(INADDR_BROADCAST);
		return 0;
	}
	if (inet_pton(AF_INET, host, ip) == 1)
		return 0;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_INET;
	rc = getaddrinfo(host, NULL, &hints, &res);
	if (rc != 0)
		return sr__gaierror(err, rc);
	memcpy(ip, &((struct sockaddr_in *)res->ai_addr)->sin_addr, sizeof *ip);
	freeaddrinfo(res);
	return 0;
}

int sr__inet_encode(const sr_addr *a, struct sockaddr_storage *ss,
		    size_t *len, sr_err *err)
{
	struct sockaddr_in sin;

	/* The value may come from anywhere: never read past the host field. */
	if (strnlen(a->u.in.host, SR_HOST_CAP) == SR_HOST_CAP)
		return sr__error(err, SR_ERR_VALUEERROR, 0,
				 "host name too long");
	memset(&sin, 0, sizeof sin);
	/* CPython resolves the host before it looks at the port. */
	if (resolve4(a->u.in.host, &sin.sin_addr, err) < 0)
		return -1;
	if (sr__addr_range(a->u.in.port, 65535, "port", err) < 0)
		return -1;
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)a->u.in.port);
	memcpy(ss, &sin, sizeof sin);
	*len = sizeof sin;
	return 0;
}

int sr__inet_decode(const unsigned char *p, size_t len, sr_addr *out,
		    sr_err *err)
{
	struct sockaddr_in sin;

	/* sin_zero is padding and need not be there. */
	if (len < offsetof(struct sockaddr_in, sin_zero))
		return sr__error(err, SR_ERR_OSERROR, 0,
				 "AF_INET address too short (%zu bytes)", len);
	memset(&sin, 0, sizeof sin);
	memcpy(&sin, p, offsetof(struct sockaddr_in, sin_zero));
	out->family = AF_INET;
	/* inet_ntop cannot fail for AF_INET into INET_ADDRSTRLEN bytes. */
	inet_ntop(AF_INET, &sin.sin_addr, out->u.in.host, INET_ADDRSTRLEN);
	out->u.in.port = ntohs(sin.sin_port);
	return 0;
}
