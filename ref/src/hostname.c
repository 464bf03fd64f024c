/*
 * hostname.c — gethostname and sethostname (socket.rst:392-404, 640-645).
 */
#include "internal.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int sr_gethostname(char **out, sr_err *err)
{
	char buf[HOST_NAME_MAX + 1];

	if (gethostname(buf, sizeof buf) < 0)
		return sr__oserror(err, errno);
	buf[sizeof buf - 1] = '\0';
	*out = strdup(buf);
	if (*out == NULL)
		return sr__nomem(err);
	return 0;
}

/* The name goes to the kernel as given (str or bytes in Python); length
 * limits and privilege are the kernel's to check: EINVAL, EPERM. */
int sr_sethostname(const char *name, size_t len, sr_err *err)
{
	if (name == NULL)
		return sr__error(err, SR_ERR_TYPEERROR, 0,
				 "sethostname() argument 1 must be str or "
				 "bytes, not None");
	if (sethostname(name, len) < 0)
		return sr__oserror(err, errno);
	return 0;
}
