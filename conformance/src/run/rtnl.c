/*
 * rtnl.c — the links of a case's topology (veth pairs between its hosts'
 * network namespaces, addresses, default routes, vcan0/vcan1) made with
 * rtnetlink
 * directly. They were made with ip(8), but under TCG an exec of ip costs
 * about 0.1 s of the guest's CPU (20 of them: 2.0 s, against 0.9 s for
 * /bin/true), and a two-host case took nine: a link, two moves, two
 * renames, two "up" and two addresses. Here a veth pair is one message
 * that creates each end in its host's namespace under its final name;
 * "up" is an ioctl per end and an address one more message.
 *
 * A host's namespace is reached through a netlink socket opened there
 * (setns and back): a socket stays in the namespace it was made in.
 */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

#include "run_internal.h"

/* One request under construction: nlmsghdr, then the body and attributes. */
typedef struct nlreq {
	char buf[1024];
	size_t len;
} nlreq;

static void *req_put(nlreq *r, const void *data, size_t len)
{
	size_t at = NLMSG_ALIGN(r->len);
	if (at + len > sizeof r->buf)
		abort();    /* our own messages are a few hundred bytes */
	memset(r->buf + r->len, 0, at - r->len);
	if (data)
		memcpy(r->buf + at, data, len);
	else
		memset(r->buf + at, 0, len);
	r->len = at + len;
	return r->buf + at;
}

/* An attribute; nest_begin/nest_end around attributes it contains. */
static size_t attr_put(nlreq *r, unsigned short type, const void *data,
		       size_t len)
{
	size_t at = NLMSG_ALIGN(r->len);
	if (at + RTA_LENGTH(len) > sizeof r->buf)
		abort();
	memset(r->buf + r->len, 0, at - r->len);
	struct rtattr *a = (struct rtattr *)(r->buf + at);
	a->rta_len = (unsigned short)RTA_LENGTH(len);
	a->rta_type = type;
	if (len)
		memcpy(RTA_DATA(a), data, len);
	r->len = at + RTA_LENGTH(len);
	return at;
}

static size_t nest_begin(nlreq *r, unsigned short type)
{
	return attr_put(r, type, NULL, 0);
}

static void nest_end(nlreq *r, size_t at)
{
	struct rtattr *a = (struct rtattr *)(r->buf + at);
	a->rta_len = (unsigned short)(r->len - at);
}

static void req_begin(nlreq *r, unsigned short type, unsigned short flags)
{
	memset(r, 0, sizeof *r);
	struct nlmsghdr h = { .nlmsg_type = type,
			      .nlmsg_flags = (unsigned short)(NLM_F_REQUEST |
							      NLM_F_ACK | flags),
			      .nlmsg_seq = 1 };
	req_put(r, &h, sizeof h);
}

/* Send, then read the kernel's acknowledgement: 0, or -1 with errno. */
static int req_send(int nl, nlreq *r)
{
	((struct nlmsghdr *)r->buf)->nlmsg_len = (unsigned)r->len;
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	if (sendto(nl, r->buf, r->len, 0, (struct sockaddr *)&kernel,
		   sizeof kernel) < 0)
		return -1;
	char reply[4096];
	for (;;) {
		ssize_t n = recv(nl, reply, sizeof reply, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		/* NLMSG_OK/NLMSG_NEXT by hand: the macros compare an int
		 * length with the header's unsigned one (clang -Wsign-compare) */
		for (size_t off = 0; off + sizeof(struct nlmsghdr) <= (size_t)n;) {
			struct nlmsghdr *h = (struct nlmsghdr *)(reply + off);
			if (h->nlmsg_len < sizeof *h || off + h->nlmsg_len > (size_t)n)
				break;
			off += NLMSG_ALIGN(h->nlmsg_len);
			if (h->nlmsg_type != NLMSG_ERROR)
				continue;
			const struct nlmsgerr *e = NLMSG_DATA(h);
			if (e->error == 0)
				return 0;
			errno = -e->error;
			return -1;
		}
	}
}

int rtnl_open(pid_t pid)
{
	int own = -1, there = -1, nl = -1, saved = 0;
	if (pid > 0) {
		char p[64];
		snprintf(p, sizeof p, "/proc/%d/ns/net", (int)pid);
		own = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
		there = open(p, O_RDONLY | O_CLOEXEC);
		if (own < 0 || there < 0 || setns(there, CLONE_NEWNET) < 0) {
			saved = errno;
			goto out;
		}
	}
	nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	saved = errno;
	/* back home; a process left in a host's namespace would make the
	 * rest of the topology there, so failing to return is fatal */
	if (pid > 0 && setns(own, CLONE_NEWNET) < 0)
		abort();
out:
	if (own >= 0)
		close(own);
	if (there >= 0)
		close(there);
	errno = saved;
	return nl;
}

/* The ifinfomsg of a new link in pid's namespace (0: the socket's own),
 * with interface index ifindex (0: the kernel's choice). Not up yet:
 * IFF_UP in the creating message fails with ENOTCONN for a veth whose
 * ends go to other namespaces (6.18); rtnl_up does it after. */
static void link_head(nlreq *r, const char *name, pid_t pid, int ifindex)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC,
				 .ifi_index = ifindex };
	req_put(r, &ifi, sizeof ifi);
	attr_put(r, IFLA_IFNAME, name, strlen(name) + 1);
	if (pid > 0) {
		unsigned int p = (unsigned int)pid;
		attr_put(r, IFLA_NET_NS_PID, &p, sizeof p);
	}
}

int rtnl_veth(int nl, const char *name, pid_t pid, int ifindex,
	      const char *peer, pid_t peer_pid, int peer_ifindex)
{
	nlreq r;
	req_begin(&r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
	link_head(&r, name, pid, ifindex);
	size_t info = nest_begin(&r, IFLA_LINKINFO);
	attr_put(&r, IFLA_INFO_KIND, "veth", 5);
	size_t data = nest_begin(&r, IFLA_INFO_DATA);
	size_t p = nest_begin(&r, VETH_INFO_PEER);
	link_head(&r, peer, peer_pid, peer_ifindex);
	nest_end(&r, p);
	nest_end(&r, data);
	nest_end(&r, info);
	return req_send(nl, &r);
}

int rtnl_link(int nl, const char *name, const char *kind)
{
	nlreq r;
	req_begin(&r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
	link_head(&r, name, 0, 0);
	size_t info = nest_begin(&r, IFLA_LINKINFO);
	attr_put(&r, IFLA_INFO_KIND, kind, strlen(kind) + 1);
	nest_end(&r, info);
	return req_send(nl, &r);
}

int rtnl_up(int nl, const char *ifname)
{
	/* the device ioctls of any socket act on its own namespace */
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", ifname);
	if (ioctl(nl, SIOCGIFFLAGS, &ifr) < 0)
		return -1;
	ifr.ifr_flags |= IFF_UP;
	return ioctl(nl, SIOCSIFFLAGS, &ifr);
}

/* The name of the queueing discipline attached to ifname (IFLA_QDISC of
 * an RTM_GETLINK reply) into kind: 0, or -1 with errno. */
static int link_qdisc(int nl, const char *ifname, char *kind, size_t cap)
{
	nlreq r;
	memset(&r, 0, sizeof r);
	struct nlmsghdr h = { .nlmsg_type = RTM_GETLINK,
			      .nlmsg_flags = NLM_F_REQUEST, .nlmsg_seq = 3 };
	req_put(&r, &h, sizeof h);
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	req_put(&r, &ifi, sizeof ifi);
	attr_put(&r, IFLA_IFNAME, ifname, strlen(ifname) + 1);
	((struct nlmsghdr *)r.buf)->nlmsg_len = (unsigned)r.len;
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	if (sendto(nl, r.buf, r.len, 0, (struct sockaddr *)&kernel,
		   sizeof kernel) < 0)
		return -1;
	char reply[8192];
	ssize_t n;
	do
		n = recv(nl, reply, sizeof reply, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	const struct nlmsghdr *m = (const struct nlmsghdr *)reply;
	if ((size_t)n < sizeof *m || m->nlmsg_len > (size_t)n) {
		errno = EPROTO;
		return -1;
	}
	if (m->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = NLMSG_DATA(m);
		errno = e->error ? -e->error : EPROTO;
		return -1;
	}
	if (m->nlmsg_type != RTM_NEWLINK ||
	    m->nlmsg_len < NLMSG_LENGTH(sizeof ifi)) {
		errno = EPROTO;
		return -1;
	}
	kind[0] = '\0';
	rtnl_link_attr(m, IFLA_QDISC, kind, cap);
	return 0;
}

int rtnl_wait_running(int nl, const char *ifname, double seconds)
{
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", ifname);
	/* IFF_RUNNING is the operational state the link watch sets just
	 * before it attaches the device's queue (dev_activate); until then
	 * the device holds the "noop" discipline, which drops every packet
	 * sent while sendto() reports success. A lone broadcast datagram
	 * sent in that gap is lost (inet/broadcast-host-string, 2 of 24
	 * runs with three runs at once), so both are waited for. */
	for (double waited = 0;; waited += 0.005) {
		if (ioctl(nl, SIOCGIFFLAGS, &ifr) < 0)
			return -1;
		if (ifr.ifr_flags & IFF_RUNNING) {
			char kind[32];
			if (link_qdisc(nl, ifname, kind, sizeof kind) < 0)
				return -1;
			if (strcmp(kind, "noop") != 0)
				return 0;
		}
		if (waited >= seconds) {
			errno = ETIMEDOUT;
			return -1;
		}
		struct timespec ts = { 0, 5000000 };
		nanosleep(&ts, NULL);
	}
}

int rtnl_addr(int nl, const char *ifname, const char *cidr)
{
	char host[INET6_ADDRSTRLEN + 8];
	snprintf(host, sizeof host, "%s", cidr);
	char *slash = strchr(host, '/');
	int v6 = strchr(host, ':') != NULL;
	long plen = v6 ? 128 : 32;
	if (slash) {
		*slash = '\0';
		char *end;
		plen = strtol(slash + 1, &end, 10);
		if (*end || plen < 0 || plen > (v6 ? 128 : 32)) {
			errno = EINVAL;
			return -1;
		}
	}
	unsigned char a[16];
	if (inet_pton(v6 ? AF_INET6 : AF_INET, host, a) != 1) {
		errno = EINVAL;
		return -1;
	}
	/* the interface index in the socket's namespace: the device ioctls
	 * of any socket act on its own namespace */
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", ifname);
	if (ioctl(nl, SIOCGIFINDEX, &ifr) < 0)
		return -1;
	nlreq r;
	req_begin(&r, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL);
	/* IPv6 without duplicate address detection: the address is usable
	 * at once, as `ip addr add ... nodad` */
	struct ifaddrmsg ifa = { .ifa_family = v6 ? AF_INET6 : AF_INET,
				 .ifa_prefixlen = (unsigned char)plen,
				 .ifa_flags = v6 ? IFA_F_NODAD : 0,
				 .ifa_index = (unsigned)ifr.ifr_ifindex };
	req_put(&r, &ifa, sizeof ifa);
	size_t alen = v6 ? 16 : 4;
	attr_put(&r, IFA_LOCAL, a, alen);
	attr_put(&r, IFA_ADDRESS, a, alen);
	return req_send(nl, &r);
}

int rtnl_default_route(int nl, const char *via)
{
	unsigned char gw[16];
	int v6 = strchr(via, ':') != NULL;
	if (inet_pton(v6 ? AF_INET6 : AF_INET, via, gw) != 1) {
		errno = EINVAL;
		return -1;
	}
	nlreq r;
	req_begin(&r, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL);
	/* `ip route add default via GW`: the main table, a unicast route
	 * of prefix length 0; the kernel finds the device from the
	 * gateway's subnet (the case parser checked it has one) */
	struct rtmsg rtm = { .rtm_family = v6 ? AF_INET6 : AF_INET,
			     .rtm_dst_len = 0,
			     .rtm_table = RT_TABLE_MAIN,
			     .rtm_protocol = RTPROT_BOOT,
			     .rtm_scope = RT_SCOPE_UNIVERSE,
			     .rtm_type = RTN_UNICAST };
	req_put(&r, &rtm, sizeof rtm);
	attr_put(&r, RTA_GATEWAY, gw, v6 ? 16 : 4);
	return req_send(nl, &r);
}
