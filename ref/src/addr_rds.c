/* addr_rds.c — AF_RDS addresses. The document gives no format
 * (doc-notes.md, 261-271); CPython and the kernel use struct sockaddr_in,
 * so an RDS socket takes the AF_INET (host, port) shape. */
#include "addr.h"

int sr__rds_encode(const sr_addr *a, struct sockaddr_storage *ss,
		   size_t *len, sr_err *err)
{
	/* sin_family stays AF_INET: rds_bind() checks for it. */
	return sr__inet_encode(a, ss, len, err);
}

/* The kernel reports RDS peers as AF_INET, so this only runs for a
 * sockaddr that says AF_RDS in its family field (a caller relabelling
 * one); it reads the same sockaddr_in layout. */
int sr__rds_decode(const unsigned char *p, size_t len, sr_addr *out,
		   sr_err *err)
{
	if (sr__inet_decode(p, len, out, err) < 0)
		return -1;
	out->family = AF_RDS;
	return 0;
}
