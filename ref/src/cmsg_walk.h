/*
 * cmsg_walk.h — one walk over received control data, shared by the parser
 * (cmsg.c) and recvmsg's error path (recvmsg.c), which must find the
 * descriptors to close without allocating.
 *
 * The layout is the kernel's (CMSG_FIRSTHDR/CMSG_NXTHDR), but the walk
 * trusts nothing in the bytes: the fuzzer feeds arbitrary buffers, at any
 * alignment, so headers are copied out rather than dereferenced in place.
 */
#ifndef SOCKREF_CMSG_WALK_H
#define SOCKREF_CMSG_WALK_H

#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>

typedef struct sr__cmsg_walk {
	const unsigned char *buf;
	size_t len;
	size_t off;   /* next header; len once the walk has ended */
} sr__cmsg_walk;

/*
 * Step to the next item. An item whose header does not fit, or whose
 * cmsg_len is smaller than a header, ends the walk. Data running past the
 * buffer is clipped, and that item is the last: the bytes after it are not
 * a header (Linux clips cmsg_len itself and sets MSG_CTRUNC; other systems
 * leave it, which is why CPython warns there, socket.rst:903-908).
 */
static inline bool sr__cmsg_next(sr__cmsg_walk *w, int *level, int *type,
				 const unsigned char **data, size_t *datalen)
{
	const size_t hdr = CMSG_LEN(0), align = sizeof(size_t);
	struct cmsghdr h;
	size_t left, pad;

	if (w->off > w->len || w->len - w->off < hdr)
		return false;
	memcpy(&h, w->buf + w->off, sizeof h);
	left = w->len - w->off;
	if (h.cmsg_len < hdr) {
		w->off = w->len;
		return false;
	}
	*level = h.cmsg_level;
	*type = h.cmsg_type;
	*data = w->buf + w->off + hdr;
	if (h.cmsg_len > left) {
		*datalen = left - hdr;
		w->off = w->len;
		return true;
	}
	*datalen = h.cmsg_len - hdr;
	/* CMSG_ALIGN without overflow: cmsg_len <= left here */
	pad = (align - h.cmsg_len % align) % align;
	if (left - h.cmsg_len < pad)
		w->off = w->len;
	else
		w->off += h.cmsg_len + pad;
	return true;
}

#endif
