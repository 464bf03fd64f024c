/* addr_can.c — AF_CAN addresses: (interface,) <-> struct sockaddr_can
 * (socket.rst:97-100). */
#include "addr.h"

#include <linux/can.h>
#include <stddef.h>
#include <string.h>

/* What a CAN_RAW/CAN_BCM address needs: the kernel's raw_bind() accepts
 * anything from the end of can_ifindex on. */
#define CAN_ADDR_MIN (offsetof(struct sockaddr_can, can_ifindex) + sizeof(int))

int sr__can_encode(const sr_addr *a, struct sockaddr_storage *ss,
		   size_t *len, sr_err *err)
{
	struct sockaddr_can can;
	unsigned int index = 0;

	/* '' is every CAN interface (socket.rst:99), ifindex 0. */
	if (a->u.can.ifname[0] != '\0' &&
	    sr__ifindex(a->u.can.ifname, sizeof a->u.can.ifname, "AF_CAN",
			&index, err) < 0)
		return -1;
	memset(&can, 0, sizeof can);
	can.can_family = AF_CAN;
	can.can_ifindex = (int)index;
	memcpy(ss, &can, sizeof can);
	*len = sizeof can;
	return 0;
}

int sr__can_decode(const unsigned char *p, size_t len, sr_addr *out,
		   sr_err *err)
{
	struct sockaddr_can can;

	if (len < CAN_ADDR_MIN)
		return sr__error(err, SR_ERR_OSERROR, 0,
				 "AF_CAN address too short (%zu bytes)", len);
	memset(&can, 0, sizeof can);
	memcpy(&can, p, CAN_ADDR_MIN);
	out->family = AF_CAN;
	/* ('vcan0',): the 1-tuple CPython returns since bpo-37405
	 * (doc-notes.md, line 97). */
	sr__ifname(can.can_ifindex, out->u.can.ifname);
	return 0;
}

/* The constructor refuses only a name the value cannot hold, with the
 * error the encoder gives for one too long for the kernel (IFNAMSIZ), so
 * the kind does not depend on how long it is. */
int sr_addr_can(sr_addr *a, const char *ifname, sr_err *err)
{
	sr_addr v;

	if (a == NULL)
		return sr__error(err, SR_ERR_VALUEERROR, 0, "no sr_addr given");
	if (ifname == NULL)
		return sr__error(err, SR_ERR_TYPEERROR, 0,
				 "AF_CAN interface name must be str, not None");
	if (strlen(ifname) >= SR_IFNAME_CAP)
		return sr__error(err, SR_ERR_OSERROR, 0,
				 "AF_CAN interface name too long");
	memset(&v, 0, sizeof v);
	v.family = AF_CAN;
	strcpy(v.u.can.ifname, ifname);
	*a = v;
	return 0;
}
