/*
 * fuzz_inet.c — inet_aton and inet_pton on arbitrary strings. Besides "no
 * crash, no leak", the results must agree with the C library the document
 * defers to (socket.rst:527, 558), and inet_ntop must invert inet_pton.
 */
#include "sockref.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char *s = malloc(size + 1);
	unsigned char mine[16], libc[16];
	size_t len;
	char text[64];
	int ok;

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	/* Both sides read s as a C string: an embedded NUL ends it for both. */
	ok = sr_inet_aton(s, mine, NULL) == 0;
	{
		struct in_addr in;
		if (ok != (inet_aton(s, &in) != 0))
			abort();
		if (ok && memcmp(mine, &in, 4) != 0)
			abort();
	}

	for (int i = 0; i < 2; i++) {
		int af = i ? AF_INET6 : AF_INET;
		ok = sr_inet_pton(af, s, mine, &len, NULL) == 0;
		if (ok != (inet_pton(af, s, libc) == 1))
			abort();
		if (!ok)
			continue;
		if (len != (af == AF_INET ? 4u : 16u) || memcmp(mine, libc, len))
			abort();
		if (sr_inet_ntop(af, mine, len, text, NULL) != 0)
			abort();
		if (sr_inet_pton(af, text, libc, &len, NULL) != 0 ||
		    memcmp(mine, libc, len) != 0)
			abort();
	}
	free(s);
	return 0;
}
