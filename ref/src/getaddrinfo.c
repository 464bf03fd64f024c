/*
 * getaddrinfo.c — getaddrinfo (socket.rst:318-358).
 */
#include "internal.h"

#include <netdb.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

void sr_addrinfo_free(sr_addrinfo *ai, size_t n)
{
	size_t i;

	if (ai == NULL)
		return;
	for (i = 0; i < n; i++)
		free(ai[i].canonname);
	free(ai);
}

/*
 * host and port go to the C call unchanged, NULL standing for None
 * (socket.rst:323-325); glibc rejects NULL for both with EAI_NONAME. Each
 * result's sockaddr is decoded like any other returned address, so it has
 * the documented shape for its family (socket.rst:344-347).
 */
/*
 * port is "a string service name ... a numeric port number or None"
 * (socket.rst:324-325). A port number is 16 bits. A string of digits beyond
 * 65535 names no port: glibc's getaddrinfo keeps the number's low 16 bits
 * (65536 becomes port 0, an address of another service), musl's refuses it
 * with EAI_SERVICE. libsockref refuses it on every C library, as musl does,
 * and the empty string likewise (no name, no number; glibc reads it as port
 * 0). Other strings are service names, the C library's to look up.
 */
static bool port_out_of_range(const char *port)
{
	size_t i, len;
	unsigned long v = 0;

	if (port == NULL)
		return false;
	len = strlen(port);
	if (len == 0)
		return true;
	for (i = 0; i < len; i++) {
		if (port[i] < '0' || port[i] > '9')
			return false;
		v = v * 10 + (unsigned long)(port[i] - '0');
		if (v > 65535)
			return true;
	}
	return false;
}

int sr_getaddrinfo(const char *host, const char *port, int family, int type,
		   int proto, int flags, sr_addrinfo **out, size_t *n,
		   sr_err *err)
{
	struct addrinfo hints = {0}, *res, *p;
	sr_addrinfo *v;
	size_t i, count = 0;
	int rc;

	if (port_out_of_range(port))
		return sr__gaierror(err, EAI_SERVICE);
	hints.ai_family = family;
	hints.ai_socktype = type;
	hints.ai_protocol = proto;
	hints.ai_flags = flags;
	rc = getaddrinfo(host, port, &hints, &res);
	if (rc != 0)
		return sr__gaierror(err, rc);

	for (p = res; p != NULL; p = p->ai_next)
		count++;
	v = calloc(count ? count : 1, sizeof *v);
	if (v == NULL) {
		freeaddrinfo(res);
		return sr__nomem(err);
	}
	for (p = res, i = 0; p != NULL; p = p->ai_next, i++) {
		v[i].family = p->ai_family;
		v[i].type = p->ai_socktype;
		v[i].proto = p->ai_protocol;
		/* Without AI_CANONNAME canonname is "" (socket.rst:341-344):
		 * glibc leaves ai_canonname NULL then, but musl fills it on
		 * every entry whatever the flags. With the flag, the C
		 * library's choice stands (glibc: first entry only). */
		v[i].canonname = strdup((flags & AI_CANONNAME) && p->ai_canonname ?
					p->ai_canonname : "");
		if (v[i].canonname == NULL) {
			sr_addrinfo_free(v, i);
			freeaddrinfo(res);
			return sr__nomem(err);
		}
		if (sr_addr_decode(p->ai_addr, p->ai_addrlen, &v[i].sockaddr,
				   err) < 0) {
			sr_addrinfo_free(v, i + 1);
			freeaddrinfo(res);
			return -1;
		}
	}
	freeaddrinfo(res);
	*out = v;
	*n = count;
	return 0;
}
