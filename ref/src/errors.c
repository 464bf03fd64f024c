/* errors.c — the single error path: every failure in libsockref ends here
 * as one of the documented kinds with its code and message. */
#include "internal.h"

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *sr_errkind_name(sr_errkind kind)
{
	switch (kind) {
	case SR_ERR_NONE: return "None";
	case SR_ERR_OSERROR: return "OSError";
	case SR_ERR_HERROR: return "herror";
	case SR_ERR_GAIERROR: return "gaierror";
	case SR_ERR_TIMEOUT: return "timeout";
	case SR_ERR_VALUEERROR: return "ValueError";
	case SR_ERR_OVERFLOWERROR: return "OverflowError";
	case SR_ERR_TYPEERROR: return "TypeError";
	case SR_ERR_MEMORYERROR: return "MemoryError";
	}
	return "?";
}

int sr__error(sr_err *err, sr_errkind kind, int code, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		err->kind = kind;
		err->code = code;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
	}
	return -1;
}

int sr__oserror(sr_err *err, int errnum)
{
	return sr__error(err, SR_ERR_OSERROR, errnum, "%s", strerror(errnum));
}

int sr__timeout(sr_err *err)
{
	return sr__error(err, SR_ERR_TIMEOUT, 0, "timed out");
}

int sr__nomem(sr_err *err)
{
	return sr__error(err, SR_ERR_MEMORYERROR, ENOMEM, "out of memory");
}

int sr__gaierror(sr_err *err, int code)
{
	/* CPython turns EAI_SYSTEM into the OSError it stands for. */
	if (code == EAI_SYSTEM)
		return sr__oserror(err, errno);
	return sr__error(err, SR_ERR_GAIERROR, code, "%s", gai_strerror(code));
}

void sr_free(void *p)
{
	free(p);
}
