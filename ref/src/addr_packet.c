/* addr_packet.c — AF_PACKET addresses: (ifname, proto[, pkttype[, hatype
 * [, addr]]]) <-> struct sockaddr_ll. The document only says the family
 * has its own representation (socket.rst:110); the shape is CPython's. */
#include "addr.h"

#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <stddef.h>
#include <string.h>

#define HWADDR_MAX sizeof(((struct sockaddr_ll *)0)->sll_addr)

int sr__packet_encode(const sr_addr *a, struct sockaddr_storage *ss,
		      size_t *len, sr_err *err)
{
	struct sockaddr_ll ll;
	int n = a->u.ll.n;
	/* Items left out take CPython's defaults: PACKET_HOST, hatype 0, no
	 * hardware address. */
	long long pkttype = n >= 3 ? a->u.ll.pkttype : PACKET_HOST;
	long long hatype = n >= 4 ? a->u.ll.hatype : 0;
	size_t halen = n >= 5 ? a->u.ll.addrlen : 0;
	unsigned int index;

	if (n < 2 || n > 5)
		return sr__error(err, SR_ERR_TYPEERROR, 0,
				 "AF_PACKET address must be a tuple of two "
				 "to five elements");
	/* CPython's order: the interface first, then the hardware address,
	 * then the ranges. */
	if (sr__ifindex(a->u.ll.ifname, sizeof a->u.ll.ifname, "AF_PACKET",
			&index, err) < 0)
		return -1;
	if (halen > HWADDR_MAX)
		return sr__error(err, SR_ERR_VALUEERROR, 0,
				 "Hardware address must be 8 bytes or less");
	/* pkttype and hatype must fit their fields (unsigned char, unsigned
	 * short); CPython would store them truncated. */
	if (sr__addr_range(a->u.ll.proto, 0xffff, "proto", err) < 0 ||
	    sr__addr_range(pkttype, 0xff, "pkttype", err) < 0 ||
	    sr__addr_range(hatype, 0xffff, "hatype", err) < 0)
		return -1;
	memset(&ll, 0, sizeof ll);
	ll.sll_family = AF_PACKET;
	ll.sll_protocol = htons((uint16_t)a->u.ll.proto);
	ll.sll_ifindex = (int)index;
	ll.sll_pkttype = (unsigned char)pkttype;
	ll.sll_hatype = (unsigned short)hatype;
	ll.sll_halen = (unsigned char)halen;
	memcpy(ll.sll_addr, a->u.ll.addr, halen);
	memcpy(ss, &ll, sizeof ll);
	*len = sizeof ll;
	return 0;
}

int sr__packet_decode(const unsigned char *p, size_t len, sr_addr *out,
		      sr_err *err)
{
	struct sockaddr_ll ll;
	size_t off = offsetof(struct sockaddr_ll, sll_addr);
	size_t halen;

	if (len < off)
		return sr__error(err, SR_ERR_OSERROR, 0,
				 "AF_PACKET address too short (%zu bytes)",
				 len);
	memcpy(&ll, p, off);
	/* The kernel reports exactly sll_halen address bytes after the fixed
	 * part, and for some link types more than sll_addr's 8 (up to
	 * MAX_ADDR_LEN), so they are read from the input, not the struct.
	 * A length that claims more than was given is refused, not clipped. */
	halen = ll.sll_halen;
	if (halen > len - off)
		return sr__error(err, SR_ERR_OSERROR, 0,
				 "AF_PACKET address claims %zu hardware "
				 "address bytes, %zu given", halen, len - off);
	if (halen > SR_HWADDR_CAP)
		return sr__error(err, SR_ERR_OSERROR, 0,
				 "AF_PACKET hardware address too long "
				 "(%zu bytes)", halen);
	out->family = AF_PACKET;
	sr__ifname(ll.sll_ifindex, out->u.ll.ifname);
	out->u.ll.proto = ntohs(ll.sll_protocol);
	out->u.ll.pkttype = ll.sll_pkttype;
	out->u.ll.hatype = ll.sll_hatype;
	memcpy(out->u.ll.addr, p + off, halen);
	out->u.ll.addrlen = halen;
	out->u.ll.n = 5;
	return 0;
}

/* The constructor: the full five-item form (n = 5; a caller with fewer
 * items sets n, and the encoder takes the defaults). It refuses only what
 * the value cannot hold, with the error the encoder gives for a value too
 * long for the kernel, so the kind does not depend on how long it is. */
int sr_addr_packet(sr_addr *a, const char *ifname, long long proto,
		   long long pkttype, long long hatype, const void *hwaddr,
		   size_t hwlen, sr_err *err)
{
	sr_addr v;

	if (a == NULL)
		return sr__error(err, SR_ERR_VALUEERROR, 0, "no sr_addr given");
	if (ifname == NULL)
		return sr__error(err, SR_ERR_TYPEERROR, 0,
				 "AF_PACKET interface name must be str, not "
				 "None");
	if (strlen(ifname) >= SR_IFNAME_CAP)
		return sr__error(err, SR_ERR_OSERROR, 0,
				 "AF_PACKET interface name too long");
	if (hwaddr == NULL && hwlen > 0)
		return sr__error(err, SR_ERR_TYPEERROR, 0,
				 "a bytes-like object is required, not None");
	if (hwlen > SR_HWADDR_CAP)
		return sr__error(err, SR_ERR_VALUEERROR, 0,
				 "Hardware address must be 8 bytes or less");
	memset(&v, 0, sizeof v);
	v.family = AF_PACKET;
	strcpy(v.u.ll.ifname, ifname);
	v.u.ll.proto = proto;
	v.u.ll.pkttype = pkttype;
	v.u.ll.hatype = hatype;
	if (hwlen > 0)
		memcpy(v.u.ll.addr, hwaddr, hwlen);
	v.u.ll.addrlen = hwlen;
	v.u.ll.n = 5;
	*a = v;
	return 0;
}
