/* addr_unix.c — AF_UNIX addresses: path bytes <-> struct sockaddr_un
 * (socket.rst:47-55). */
#include "addr.h"

#include <stddef.h>
#include <string.h>
#include <sys/un.h>

#define SUN_PATH_MAX sizeof(((struct sockaddr_un *)0)->sun_path)

int sr__unix_encode(const sr_addr *a, struct sockaddr_storage *ss,
		    size_t *len, sr_err *err)
{
	struct sockaddr_un *sun = (struct sockaddr_un *)ss;
	size_t n = a->u.un.len;
	bool abstract = n == 0 || a->u.un.path[0] == '\0';

	/* An abstract name (or the empty path, which autobinds one) is counted
	 * by length and may fill sun_path; a filesystem path needs room for
	 * its terminating NUL. Either way an over-long value is refused, never
	 * cut to fit: CPython gives OSError("AF_UNIX path too long") without
	 * an errno. */
	if (n > SUN_PATH_MAX || (!abstract && n >= SUN_PATH_MAX))
		return sr__error(err, SR_ERR_OSERROR, 0,
				 "AF_UNIX path too long");
	memset(sun, 0, sizeof *sun);
	sun->sun_family = AF_UNIX;
	memcpy(sun->sun_path, a->u.un.path, n);
	/* The NUL is part of a filesystem path's length, as in CPython; an
	 * abstract name's length is exactly its bytes, since every byte of it
	 * is significant to the kernel. */
	*len = offsetof(struct sockaddr_un, sun_path) + n + (abstract ? 0 : 1);
	return 0;
}

int sr__unix_decode(const unsigned char *p, size_t len, sr_addr *out,
		    sr_err *err)
{
	size_t off = offsetof(struct sockaddr_un, sun_path);
	size_t n = len > off ? len - off : 0;
	const unsigned char *path = p + off;

	/* Linux reports an abstract name with its leading NUL and exact
	 * length; any other path ends at its first NUL (the kernel may count
	 * the terminator, or not, for a path that filled sun_path). A socket
	 * with no name has no path bytes at all and reads as ''. */
	if (n > 0 && path[0] != '\0') {
		const unsigned char *nul = memchr(path, '\0', n);
		if (nul)
			n = (size_t)(nul - path);
	}
	if (n > SR_UNIX_PATH_CAP)
		return sr__error(err, SR_ERR_OSERROR, 0,
				 "AF_UNIX address of %zu bytes is too long", n);
	out->family = AF_UNIX;
	memcpy(out->u.un.path, path, n);
	out->u.un.len = n;
	return 0;
}
