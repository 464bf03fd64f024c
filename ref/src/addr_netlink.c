/* addr_netlink.c — AF_NETLINK addresses: (pid, groups) <-> struct
 * sockaddr_nl (socket.rst:73). */
#include "addr.h"

#include <linux/netlink.h>
#include <string.h>

int sr__netlink_encode(const sr_addr *a, struct sockaddr_storage *ss,
		       size_t *len, sr_err *err)
{
	struct sockaddr_nl nl;

	/* Both are __u32 in the kernel structure; CPython would wrap a larger
	 * value ("II"), we refuse it rather than bind somewhere else. */
	if (sr__addr_range(a->u.nl.pid, UINT32_MAX, "pid", err) < 0 ||
	    sr__addr_range(a->u.nl.groups, UINT32_MAX, "groups", err) < 0)
		return -1;
	memset(&nl, 0, sizeof nl);
	nl.nl_family = AF_NETLINK;
	nl.nl_pid = (uint32_t)a->u.nl.pid;
	nl.nl_groups = (uint32_t)a->u.nl.groups;
	memcpy(ss, &nl, sizeof nl);
	*len = sizeof nl;
	return 0;
}

int sr__netlink_decode(const unsigned char *p, size_t len, sr_addr *out,
		       sr_err *err)
{
	struct sockaddr_nl nl;

	if (len < sizeof nl)
		return sr__error(err, SR_ERR_OSERROR, 0,
				 "AF_NETLINK address too short (%zu bytes)",
				 len);
	memcpy(&nl, p, sizeof nl);
	out->family = AF_NETLINK;
	out->u.nl.pid = nl.nl_pid;
	out->u.nl.groups = nl.nl_groups;
	return 0;
}
