/*
 * hostbyname.c — gethostbyname and gethostbyname_ex, the IPv4-only name
 * lookups (socket.rst:371-389).
 */
#include "resolve.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>

/* Like CPython, resolve with getaddrinfo(AF_INET): an IPv4 literal comes
 * back unchanged, an IPv6-only name or literal is gaierror
 * (socket.rst:374-378). */
int sr_gethostbyname(const char *name, char out[16], sr_err *err)
{
	struct sockaddr_storage ss;

	if (name == NULL)
		return sr__error(err, SR_ERR_TYPEERROR, 0,
				 "gethostbyname() argument 1 must be str, "
				 "not None");
	if (sr__resolve_host(name, AF_INET, &ss, err) < 0)
		return -1;
	inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, out, 16);
	return 0;
}

static int byname(void *ctx, struct hostent *storage, char *buf,
		  size_t buflen, struct hostent **result, int *herr)
{
	return gethostbyname_r(ctx, storage, buf, buflen, result, herr);
}

/*
 * The document lists this among the herror functions (socket.rst:155). In
 * CPython the name is first resolved with getaddrinfo(AF_INET), so an
 * unknown name is gaierror (doc-notes.md, "155-156"); only when that
 * succeeds and gethostbyname_r then fails does herror appear.
 */
int sr_gethostbyname_ex(const char *name, sr_hostent *out, sr_err *err)
{
	struct sockaddr_storage ss;
	struct hostent storage, *h;
	char *buf;
	int herr, rc;

	if (name == NULL)
		return sr__error(err, SR_ERR_TYPEERROR, 0,
				 "gethostbyname_ex() argument 1 must be str, "
				 "not None");
	if (sr__resolve_host(name, AF_INET, &ss, err) < 0)
		return -1;
	if (sr__hostent_r(byname, (void *)name, &storage, &buf, &h, &herr,
			  err) < 0) {
		free(buf);
		return -1;
	}
	rc = sr__hostent_from(h, herr, AF_INET, out, err);
	free(buf);
	return rc;
}
