/*
 * inet_pton.c — inet_pton and inet_ntop, the family-aware pair
 * (socket.rst:550-579).
 */
#include "internal.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

int sr_inet_pton(int family, const char *ip_string, unsigned char *out,
		 size_t *outlen, sr_err *err)
{
	unsigned char buf[16];
	int r;

	if (ip_string == NULL)
		return sr__error(err, SR_ERR_TYPEERROR, 0,
				 "inet_pton() argument 2 must be str, not None");
	/* The C call decides: another family is -1/EAFNOSUPPORT, an invalid
	 * string 0 (glibc rejects the inet_aton shorthands, socket.rst:558). */
	r = inet_pton(family, ip_string, buf);
	if (r < 0)
		return sr__oserror(err, errno);
	if (r == 0)
		return sr__error(err, SR_ERR_OSERROR, 0,
				 "illegal IP address string passed to inet_pton");
	*outlen = family == AF_INET ? 4 : 16;
	memcpy(out, buf, *outlen);
	return 0;
}

int sr_inet_ntop(int family, const void *packed, size_t len, char *out,
		 sr_err *err)
{
	size_t want;

	/* The document (socket.rst:575-577): a wrong length for the family is
	 * ValueError; any failure of the C call is OSError. A family with no
	 * known length goes to the call, which says EAFNOSUPPORT. CPython
	 * raises ValueError there instead (an expectation in
	 * conformance/expectations/cpython.tsv). */
	if (family == AF_INET)
		want = 4;
	else if (family == AF_INET6)
		want = 16;
	else
		want = len;
	if (len != want)
		return sr__error(err, SR_ERR_VALUEERROR, 0,
				 "invalid length of packed IP address string");
	/* a family without a length means the call has nothing to read */
	if (inet_ntop(family, want ? packed : "", out, INET6_ADDRSTRLEN) == NULL)
		return sr__oserror(err, errno);
	return 0;
}
