/*
 * byteorder.c — ntohl, ntohs, htonl, htons (socket.rst:488-513).
 *
 * The document speaks of "positive integers"; zero is fine and anything
 * that does not fit the width is OverflowError. 16-bit values that were too
 * wide were silently truncated up to Python 3.9 and have raised since 3.10
 * (doc-notes.md, "488-513"); the messages are modern CPython's.
 */
#include "internal.h"

#include <arpa/inet.h>

static int check16(const char *fn, long long x, sr_err *err)
{
	if (x < 0)
		return sr__error(err, SR_ERR_OVERFLOWERROR, 0,
				 "%s: can't convert negative Python int to C "
				 "16-bit unsigned integer", fn);
	if (x > 0xffff)
		return sr__error(err, SR_ERR_OVERFLOWERROR, 0,
				 "%s: Python int too large to convert to C "
				 "16-bit unsigned integer", fn);
	return 0;
}

static int check32(long long x, sr_err *err)
{
	if (x < 0)
		return sr__error(err, SR_ERR_OVERFLOWERROR, 0,
				 "can't convert negative value to unsigned int");
	if (x > 0xffffffffLL)
		return sr__error(err, SR_ERR_OVERFLOWERROR, 0,
				 "int larger than 32 bits");
	return 0;
}

int sr_ntohs(long long x, uint16_t *out, sr_err *err)
{
	if (check16("ntohs", x, err) < 0)
		return -1;
	*out = ntohs((uint16_t)x);
	return 0;
}

int sr_htons(long long x, uint16_t *out, sr_err *err)
{
	if (check16("htons", x, err) < 0)
		return -1;
	*out = htons((uint16_t)x);
	return 0;
}

int sr_ntohl(long long x, uint32_t *out, sr_err *err)
{
	if (check32(x, err) < 0)
		return -1;
	*out = ntohl((uint32_t)x);
	return 0;
}

int sr_htonl(long long x, uint32_t *out, sr_err *err)
{
	if (check32(x, err) < 0)
		return -1;
	*out = htonl((uint32_t)x);
	return 0;
}
