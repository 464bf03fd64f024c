/*
 * addr.h — the per-family halves of the address codec (addr.c dispatches).
 *
 * encode: the typed value (whose family the dispatcher has already matched
 *         to the socket's) -> a sockaddr built in *ss; *len is the length to
 *         hand to the kernel.
 * decode: `len` raw bytes of a sockaddr whose family field selected this
 *         codec -> the typed value. Each decoder checks `len` against what
 *         it reads and copies into an aligned local first, because the
 *         bytes may come from anywhere (a fuzzer, a packed buffer).
 */
#ifndef SOCKREF_ADDR_H
#define SOCKREF_ADDR_H

#include "internal.h"

#include <sys/socket.h>

#define SR_ADDR_CODEC(fam)                                                   \
	int sr__##fam##_encode(const sr_addr *a,                             \
			       struct sockaddr_storage *ss, size_t *len,     \
			       sr_err *err);                                 \
	int sr__##fam##_decode(const unsigned char *p, size_t len,           \
			       sr_addr *out, sr_err *err)

SR_ADDR_CODEC(unix);
SR_ADDR_CODEC(inet);
SR_ADDR_CODEC(inet6);
SR_ADDR_CODEC(netlink);
SR_ADDR_CODEC(packet);
SR_ADDR_CODEC(can);
SR_ADDR_CODEC(tipc);
SR_ADDR_CODEC(rds);

#undef SR_ADDR_CODEC

/* "%s must be 0-%llu." as OverflowError unless 0 <= v <= max. */
int sr__addr_range(long long v, unsigned long long max, const char *what,
		   sr_err *err);

/* The index of interface `name` (at most `cap` bytes, NUL-terminated
 * within them) for families that bind to an interface. Too long for
 * IFNAMSIZ is OSError(0) "<fam> interface name too long"; an unknown name
 * is OSError with if_nametoindex's errno. */
int sr__ifindex(const char *name, size_t cap, const char *fam,
		unsigned int *index, sr_err *err);
/* The name of interface `index` into out[SR_IFNAME_CAP]; "" when the index
 * is 0 or unknown, as CPython returns (makesockaddr, SIOCGIFNAME). */
void sr__ifname(int index, char *out);

#endif
