/*
 * fuzz_addr.c — the address codecs both ways.
 *
 * sockaddr -> typed value: arbitrary bytes with an arbitrary length must be
 * decoded or refused, never read past their end; whatever decodes must
 * format, encode back for its own family, and decode to the same value.
 *
 * typed value -> sockaddr: an sr_addr filled from the input (any family,
 * lengths, ranges, unterminated strings cut to capacity) must encode or be
 * refused with an error kind. Run it inside a private network namespace
 * (scripts/fuzz.sh does) so a host name that reaches the resolver cannot
 * leave the machine.
 */
#include "sockref.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static const int families[] = { AF_UNSPEC, AF_UNIX, AF_INET, AF_INET6,
				 AF_NETLINK, AF_PACKET, AF_CAN, AF_TIPC,
				 AF_RDS };
#define NFAM (sizeof families / sizeof families[0])

static void decode_round_trip(const unsigned char *data, size_t size)
{
	unsigned char sa[256], back[256];
	size_t blen;
	sr_addr a, b;
	char text[4096];
	sr_err e;

	if (size > sizeof sa)
		size = sizeof sa;
	memcpy(sa, data, size);
	if (sr_addr_decode(sa, size, &a, &e) != 0) {
		if (e.kind == SR_ERR_NONE || e.msg[0] == '\0')
			abort();
		return;
	}
	sr_addr_format(&a, text, sizeof text);
	if (a.family == AF_UNSPEC)
		return;
	if (sr_addr_encode(&a, a.family, back, sizeof back, &blen, &e) != 0)
		return; /* e.g. an interface index that names nothing here */
	if (sr_addr_decode(back, blen, &b, &e) != 0)
		abort();
	char text2[4096];
	sr_addr_format(&b, text2, sizeof text2);
	if (strcmp(text, text2) != 0)
		abort();
}

static void encode_any(const unsigned char *data, size_t size)
{
	sr_addr a;
	unsigned char out[256];
	size_t olen;
	sr_err e;
	int sock_family;

	if (size < 2)
		return;
	memset(&a, 0, sizeof a);
	a.family = families[data[0] % NFAM];
	sock_family = (data[1] & 0x80) ? families[data[1] % NFAM] : a.family;
	data += 2;
	size -= 2;
	memcpy(&a.u, data, size < sizeof a.u ? size : sizeof a.u);
	/* Keep strings terminated within their capacity as the API requires;
	 * the bytes before the end are left arbitrary. */
	a.u.in.host[SR_HOST_CAP - 1] = '\0';
	if (a.family == AF_INET6)
		a.u.in6.host[SR_HOST_CAP - 1] = '\0';
	if (a.family == AF_PACKET)
		a.u.ll.ifname[SR_IFNAME_CAP - 1] = '\0';
	if (a.family == AF_CAN)
		a.u.can.ifname[SR_IFNAME_CAP - 1] = '\0';
	if (a.family == AF_TIPC) /* a bool holds 0 or 1, whatever the input */
		a.u.tipc.has_scope = size && (data[0] & 1);
	if (sr_addr_encode(&a, sock_family, out, sizeof out, &olen, &e) == 0) {
		if (olen > sizeof out)
			abort();
	} else if (e.kind == SR_ERR_NONE || e.msg[0] == '\0') {
		abort();
	}
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	if (size == 0)
		return 0;
	if (data[0] & 1)
		decode_round_trip(data + 1, size - 1);
	else
		encode_any(data + 1, size - 1);
	return 0;
}
