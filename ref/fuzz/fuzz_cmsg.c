/*
 * fuzz_cmsg.c — parsing received control data (the part of recvmsg after
 * the system call returned). Any bytes may arrive as far as the parser is
 * concerned: every item must lie inside the buffer and nothing may leak.
 * Descriptors named by SCM_RIGHTS items are not closed here: they are
 * arbitrary numbers, not descriptors this process received.
 */
#include "sockref.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	/* control buffers are aligned for struct cmsghdr */
	size_t cap = size ? size : 1;
	struct cmsghdr *buf = aligned_alloc(_Alignof(struct cmsghdr),
					    (cap + 15) & ~(size_t)15);
	sr_cmsg *items = NULL;
	size_t n = 0, total = 0;

	if (buf == NULL)
		return 0;
	memcpy(buf, data, size);
	if (sr_cmsg_parse(buf, size, &items, &n, NULL) == 0) {
		for (size_t i = 0; i < n; i++) {
			total += items[i].len + sizeof(struct cmsghdr);
			if (items[i].len && items[i].data == NULL)
				abort();
		}
		if (total > size + n * sizeof(struct cmsghdr))
			abort();
		sr_cmsg_free(items, n);
	}
	free(buf);
	return 0;
}
