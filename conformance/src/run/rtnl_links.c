/*
 * rtnl_links.c — the interfaces of a network namespace as its kernel
 * lists them (RTM_GETLINK dump): what the iface cases compare
 * if_nameindex() with, instead of assuming a new namespace holds only
 * `lo`. A kernel with CONFIG_IPV6_SIT=y (ipip, ip_gre, ip6_tunnel built
 * in likewise) gives every namespace a fallback tunnel (sit0, tunl0,
 * gre0, ip6tnl0...) beside it.
 */
#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "run_internal.h"

typedef struct link1 { int index; char name[IFNAMSIZ]; } link1;

static int by_index(const void *a, const void *b)
{
	int x = ((const link1 *)a)->index, y = ((const link1 *)b)->index;
	return (x > y) - (x < y);
}

bool rtnl_link_attr(const struct nlmsghdr *h, unsigned short type,
		    char *out, size_t cap)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(h);
	if (cap == 0 || h->nlmsg_len < NLMSG_LENGTH(sizeof *ifi))
		return false;
	size_t left = h->nlmsg_len - NLMSG_LENGTH(sizeof *ifi);
	const struct rtattr *a = (const struct rtattr *)
		((const char *)ifi + NLMSG_ALIGN(sizeof *ifi));
	/* RTA_OK/RTA_NEXT by hand: the macros mix signed and unsigned */
	while (left >= sizeof *a && a->rta_len >= sizeof *a &&
	       a->rta_len <= left) {
		if (a->rta_type == type) {
			size_t n = a->rta_len - RTA_LENGTH(0);
			if (n >= cap)
				n = cap - 1;
			memcpy(out, RTA_DATA(a), n);
			out[n] = '\0';
			out[strnlen(out, n)] = '\0';
			return true;
		}
		size_t step = RTA_ALIGN(a->rta_len);
		if (step > left)
			break;
		left -= step;
		a = (const struct rtattr *)((const char *)a + step);
	}
	return false;
}

/* One RTM_NEWLINK message into l: true when it names an interface. */
static bool take_link(const struct nlmsghdr *h, link1 *l)
{
	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(struct ifinfomsg)))
		return false;
	l->index = ((const struct ifinfomsg *)NLMSG_DATA(h))->ifi_index;
	l->name[0] = '\0';
	return rtnl_link_attr(h, IFLA_IFNAME, l->name, sizeof l->name) &&
	       l->name[0] != '\0';
}

value *rtnl_links(int nl)
{
	struct {
		struct nlmsghdr h;
		struct ifinfomsg i;
	} req;
	memset(&req, 0, sizeof req);
	req.h.nlmsg_len = sizeof req;
	req.h.nlmsg_type = RTM_GETLINK;
	req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.h.nlmsg_seq = 2;
	req.i.ifi_family = AF_UNSPEC;
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	if (sendto(nl, &req, sizeof req, 0, (struct sockaddr *)&kernel,
		   sizeof kernel) < 0)
		return NULL;
	link1 *v = NULL;
	size_t n = 0;
	static char buf[32768];
	for (bool done = false; !done;) {
		ssize_t got = recv(nl, buf, sizeof buf, 0);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			free(v);
			if (got == 0)
				errno = EPROTO;
			return NULL;
		}
		for (size_t off = 0; off + sizeof(struct nlmsghdr) <= (size_t)got;) {
			const struct nlmsghdr *h =
				(const struct nlmsghdr *)(buf + off);
			if (h->nlmsg_len < sizeof *h ||
			    off + h->nlmsg_len > (size_t)got)
				break;
			off += NLMSG_ALIGN(h->nlmsg_len);
			if (h->nlmsg_type == NLMSG_DONE) {
				done = true;
				break;
			}
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);
				free(v);
				errno = e->error ? -e->error : EPROTO;
				return NULL;
			}
			if (h->nlmsg_type != RTM_NEWLINK)
				continue;
			v = xrealloc(v, (n + 1) * sizeof *v);
			if (take_link(h, &v[n]))
				n++;
		}
	}
	qsort(v, n, sizeof *v, by_index);
	value *list = v_seq(V_LIST, n);
	for (size_t i = 0; i < n; i++) {
		value *t = v_seq(V_TUPLE, 2);
		t->items[0] = v_int(v[i].index);
		t->items[1] = v_str(v[i].name, strlen(v[i].name));
		list->items[i] = t;
	}
	free(v);
	return list;
}
