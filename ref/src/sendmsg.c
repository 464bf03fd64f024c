/*
 * sendmsg.c — sendmsg (socket.rst:1017-1049): gather buffers, build the
 * control block from (level, type, data) items, send to the connected peer
 * or to an address.
 */
#include "internal.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

/* Most calls have a few buffers and little ancillary data: keep those on
 * the stack so the common path allocates nothing. */
#define IOV_LOCAL 8
#define CTL_LOCAL 256

static ssize_t do_sendmsg(int fd, void *ctx)
{
	const struct msghdr *m = ctx;
	/* the flags travel in msg_flags, which sendmsg ignores on input;
	 * MSG_NOSIGNAL was added there by sr__send_flags */
	return sendmsg(fd, m, m->msg_flags);
}

/* Total control length, as CPython sizes it: the sum of CMSG_SPACE of
 * each item, within SOCKLEN_T_LIMIT (INT_MAX). Both failures are OSError
 * without an errno in CPython. */
static int control_len(const sr_cmsg *anc, size_t nanc, size_t *out,
		       sr_err *err)
{
	size_t total = 0, space, i;
	for (i = 0; i < nanc; i++) {
		if (anc[i].len > INT_MAX ||
		    sr_CMSG_SPACE((long long)anc[i].len, &space, NULL) < 0)
			return sr__error(err, SR_ERR_OSERROR, 0,
					 "ancillary data item too large");
		total += space;
		if (total > INT_MAX)
			return sr__error(err, SR_ERR_OSERROR, 0,
					 "too much ancillary data");
	}
	*out = total;
	return 0;
}

/* Lay the items out in the kernel's format in a zeroed buffer of the
 * size control_len computed. */
static void fill_control(unsigned char *ctl, size_t len, const sr_cmsg *anc,
			 size_t nanc)
{
	size_t off = 0, i;
	memset(ctl, 0, len);
	for (i = 0; i < nanc; i++) {
		struct cmsghdr *h = (struct cmsghdr *)(ctl + off);
		h->cmsg_len = CMSG_LEN(anc[i].len);
		h->cmsg_level = anc[i].level;
		h->cmsg_type = anc[i].type;
		if (anc[i].len)
			memcpy(CMSG_DATA(h), anc[i].data, anc[i].len);
		off += CMSG_SPACE(anc[i].len);
	}
}

ssize_t sr_sendmsg(sr_sock *s, const sr_buf *buffers, size_t nbuffers,
		   const sr_cmsg *ancdata, size_t nanc, int flags,
		   const sr_addr *address, sr_err *err)
{
	struct sockaddr_storage ss;
	struct iovec iov_local[IOV_LOCAL], *iov = iov_local;
	union {
		struct cmsghdr align;
		unsigned char b[CTL_LOCAL];
	} ctl_local;
	unsigned char *ctl = ctl_local.b;
	struct msghdr m = { .msg_flags = sr__send_flags(s, flags) };
	size_t ctllen = 0, i, salen;
	ssize_t n = -1;

	if (s == NULL)   /* no object: no family for the address */
		return sr__check_open(s, err);
	if (address) {
		if (sr_addr_encode(address, s->family, &ss, sizeof ss, &salen,
				   err) < 0)
			return -1;
		m.msg_name = &ss;
		m.msg_namelen = (socklen_t)salen;
	}
	/* More than IOV_MAX buffers is left to the kernel, which says
	 * EMSGSIZE (socket.rst:1023); only what msg_iovlen's int-sized
	 * predecessor cannot hold is refused here, as CPython does. */
	if (nbuffers > INT_MAX)
		return sr__error(err, SR_ERR_OSERROR, 0,
				 "sendmsg() argument 1 is too long");
	if (control_len(ancdata, nanc, &ctllen, err) < 0)
		return -1;

	if (nbuffers > IOV_LOCAL &&
	    (iov = malloc(nbuffers * sizeof *iov)) == NULL)
		return sr__nomem(err);
	if (ctllen > CTL_LOCAL && (ctl = malloc(ctllen)) == NULL) {
		sr__nomem(err);
		goto out;
	}
	for (i = 0; i < nbuffers; i++)
		iov[i] = (struct iovec){ buffers[i].data, buffers[i].len };
	m.msg_iov = nbuffers ? iov : NULL;
	m.msg_iovlen = nbuffers;
	if (nanc) {
		fill_control(ctl, ctllen, ancdata, nanc);
		m.msg_control = ctl;
		m.msg_controllen = ctllen;
	}
	n = sr__sock_call(s, POLLOUT, -1, do_sendmsg, &m, err);
out:
	if (ctl != ctl_local.b)
		free(ctl);
	if (iov != iov_local)
		free(iov);
	return n;
}
