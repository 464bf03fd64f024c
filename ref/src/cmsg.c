/*
 * cmsg.c — ancillary data: CMSG_LEN and CMSG_SPACE (socket.rst:588-618),
 * parsing received control data into (level, type, data) items and
 * releasing what the receive calls hand out.
 */
#include "internal.h"
#include "cmsg_walk.h"

#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

/*
 * CPython accepts a length only while the result fits SOCKLEN_T_LIMIT
 * (INT_MAX: socklen_t was int in BSD). CMSG_SPACE's bound subtracts
 * CMSG_SPACE(1) to allow for padding both before and after the data, so it
 * rejects one length (INT_MAX - CMSG_SPACE(1) + 1) whose result would still
 * fit; we keep CPython's bound so the same values raise.
 */
#define SOCKLEN_T_LIMIT INT_MAX

int sr_CMSG_LEN(long long length, size_t *out, sr_err *err)
{
	if (length < 0 || (unsigned long long)length >
	    (unsigned long long)(SOCKLEN_T_LIMIT - CMSG_LEN(0)))
		return sr__error(err, SR_ERR_OVERFLOWERROR, 0,
				 "CMSG_LEN() argument out of range");
	*out = CMSG_LEN((size_t)length);
	return 0;
}

int sr_CMSG_SPACE(long long length, size_t *out, sr_err *err)
{
	if (length < 0 || (unsigned long long)length >
	    (unsigned long long)(SOCKLEN_T_LIMIT - CMSG_SPACE(1)))
		return sr__error(err, SR_ERR_OVERFLOWERROR, 0,
				 "CMSG_SPACE() argument out of range");
	*out = CMSG_SPACE((size_t)length);
	return 0;
}

/* Item data is copied at this alignment so SCM_RIGHTS and SCM_CREDENTIALS
 * payloads can be read in place, as they could in the kernel's buffer. */
#define DATA_ALIGN sizeof(size_t)

static size_t align_up(size_t n)
{
	return (n + DATA_ALIGN - 1) & ~(DATA_ALIGN - 1);
}

/*
 * One allocation holds the item array followed by every item's data, so
 * parsing after recvmsg has a single point of failure and sr_cmsg_free a
 * single free.
 */
int sr_cmsg_parse(const void *control, size_t controllen, sr_cmsg **items,
		  size_t *nitems, sr_err *err)
{
	sr__cmsg_walk w = { control, control ? controllen : 0, 0 };
	const unsigned char *data;
	size_t n = 0, total = 0, len, i;
	int level, type;
	unsigned char *block, *p;
	sr_cmsg *it;

	/* every item takes at least a header of the buffer, so neither sum
	 * can overflow for a buffer that exists */
	while (sr__cmsg_next(&w, &level, &type, &data, &len)) {
		n++;
		total += align_up(len);
	}
	*items = NULL;
	*nitems = 0;
	if (n == 0)
		return 0;

	block = malloc(align_up(n * sizeof *it) + total);
	if (block == NULL)
		return sr__nomem(err);
	it = (sr_cmsg *)block;
	p = block + align_up(n * sizeof *it);
	w.off = 0;
	for (i = 0; sr__cmsg_next(&w, &level, &type, &data, &len); i++) {
		it[i] = (sr_cmsg){ .level = level, .type = type, .data = p,
				   .len = len };
		if (len)
			memcpy(p, data, len);
		p += align_up(len);
	}
	*items = it;
	*nitems = n;
	return 0;
}

void sr_cmsg_free(sr_cmsg *items, size_t nitems)
{
	(void)nitems; /* the data lives in the same block as the array */
	free(items);
}

void sr_cmsg_close_fds(const sr_cmsg *items, size_t nitems)
{
	size_t i, j;
	for (i = 0; i < nitems; i++) {
		if (items[i].level != SOL_SOCKET || items[i].type != SCM_RIGHTS)
			continue;
		/* whole ints only: a clipped item may end in part of one */
		for (j = 0; j + sizeof(int) <= items[i].len; j += sizeof(int)) {
			int fd;
			memcpy(&fd, items[i].data + j, sizeof fd);
			if (fd >= 0)
				close(fd);
		}
	}
}

void sr_bytes_free(sr_bytes *b)
{
	if (b == NULL)
		return;
	free(b->data);
	b->data = NULL;
	b->len = 0;
}

void sr_msg_free(sr_msg *m)
{
	if (m == NULL)
		return;
	sr_bytes_free(&m->data);
	sr_cmsg_free(m->ancdata, m->nanc);
	m->ancdata = NULL;
	m->nanc = 0;
}
