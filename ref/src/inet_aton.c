/*
 * inet_aton.c — inet_aton and inet_ntoa, the IPv4-only pair
 * (socket.rst:516-548).
 */
#include "internal.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

/* The accepted set is the C library's (socket.rst:527): glibc takes the
 * inet(3) shorthands ("127.1", "10.1.2", "1"), hex and octal parts, and
 * stops at the first whitespace, so CPython does exactly what it does. */
int sr_inet_aton(const char *ip_string, unsigned char out[4], sr_err *err)
{
	struct in_addr a;

	if (ip_string == NULL)
		return sr__error(err, SR_ERR_TYPEERROR, 0,
				 "inet_aton() argument 1 must be str, not None");
	if (inet_aton(ip_string, &a) == 0)
		return sr__error(err, SR_ERR_OSERROR, 0,
				 "illegal IP address string passed to inet_aton");
	memcpy(out, &a, 4);
	return 0;
}

/* Any length but 4 is OSError here, where inet_ntop says ValueError for
 * the same mistake (doc-notes.md, "544-545 vs 575-577"). */
int sr_inet_ntoa(const void *packed, size_t len, char *out, sr_err *err)
{
	const unsigned char *p = packed;

	if (len != 4)
		return sr__error(err, SR_ERR_OSERROR, 0,
				 "packed IP wrong length for inet_ntoa");
	/* inet_ntoa(3) uses a static buffer; format it here instead. */
	snprintf(out, 16, "%u.%u.%u.%u", p[0], p[1], p[2], p[3]);
	return 0;
}
