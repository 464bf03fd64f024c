/*
 * services.c — getprotobyname, getservbyname and getservbyport: the
 * /etc/protocols and /etc/services databases (socket.rst:425-445).
 *
 * The reentrant glibc calls are used so that concurrent callers do not
 * share a static result; "not found" carries no errno in CPython, so it is
 * OSError with code 0 and CPython's message. musl has no
 * getprotobyname_r: there the plain call runs under a lock.
 */
#include "internal.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* The protocol number of name, or -1 when the database has no such name. */
static int proto_number(const char *name)
{
#ifdef __GLIBC__
	struct protoent pe, *p = NULL;
	char buf[1024];

	if (getprotobyname_r(name, &pe, buf, sizeof buf, &p) != 0 || p == NULL)
		return -1;
	return p->p_proto;
#else
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	struct protoent *p;
	int n;

	pthread_mutex_lock(&lock);
	p = getprotobyname(name);
	n = p != NULL ? p->p_proto : -1;
	pthread_mutex_unlock(&lock);
	return n;
#endif
}

int sr_getprotobyname(const char *name, int *out, sr_err *err)
{
	int n;

	if (name == NULL)
		return sr__error(err, SR_ERR_TYPEERROR, 0,
				 "getprotobyname() argument 1 must be str, "
				 "not None");
	n = proto_number(name);
	if (n < 0)
		return sr__error(err, SR_ERR_OSERROR, 0, "protocol not found");
	*out = n;
	return 0;
}

/* protocolname NULL matches any protocol (socket.rst:437). */
int sr_getservbyname(const char *servicename, const char *protocolname,
		     int *port, sr_err *err)
{
	struct servent se, *s = NULL;
	char buf[1024];

	if (servicename == NULL)
		return sr__error(err, SR_ERR_TYPEERROR, 0,
				 "getservbyname() argument 1 must be str, "
				 "not None");
	if (getservbyname_r(servicename, protocolname, &se, buf, sizeof buf,
			    &s) != 0 || s == NULL)
		return sr__error(err, SR_ERR_OSERROR, 0,
				 "service/proto not found");
	*port = ntohs((uint16_t)s->s_port);
	return 0;
}

int sr_getservbyport(long long port, const char *protocolname, char **out,
		     sr_err *err)
{
	struct servent se, *s = NULL;
	char buf[1024];

	if (port < 0 || port > 0xffff)
		return sr__error(err, SR_ERR_OVERFLOWERROR, 0,
				 "getservbyport: port must be 0-65535.");
	if (getservbyport_r(htons((uint16_t)port), protocolname, &se, buf,
			    sizeof buf, &s) != 0 || s == NULL)
		return sr__error(err, SR_ERR_OSERROR, 0, "port/proto not found");
	*out = strdup(s->s_name);
	if (*out == NULL)
		return sr__nomem(err);
	return 0;
}
