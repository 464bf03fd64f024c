/*
 * classes.c — the exception classes libsockref's error kinds stand for, in
 * the hierarchy socket.rst (3.3) documents: socket.error is OSError
 * (socket.rst:144), herror, gaierror and timeout are subclasses of it
 * (socket.rst:152, 165, 178), and an OSError with an errno is the PEP 3151
 * subclass that errno selects (new in 3.3 as well). Replies name the chain,
 * most derived first, and module attributes return the classes.
 */
#include "adapter.h"

#include <errno.h>
#include <string.h>

struct errno_class {
	int err;
	const char *chain[4];
};

/* PEP 3151's errno table, as Python 3.3 builds it */
static const struct errno_class by_errno[] = {
	{EAGAIN, {"BlockingIOError"}},
	{EALREADY, {"BlockingIOError"}},
	{EINPROGRESS, {"BlockingIOError"}},
	{ECHILD, {"ChildProcessError"}},
	{EPIPE, {"BrokenPipeError", "ConnectionError"}},
	{ESHUTDOWN, {"BrokenPipeError", "ConnectionError"}},
	{ECONNABORTED, {"ConnectionAbortedError", "ConnectionError"}},
	{ECONNREFUSED, {"ConnectionRefusedError", "ConnectionError"}},
	{ECONNRESET, {"ConnectionResetError", "ConnectionError"}},
	{EEXIST, {"FileExistsError"}},
	{ENOENT, {"FileNotFoundError"}},
	{EINTR, {"InterruptedError"}},
	{EISDIR, {"IsADirectoryError"}},
	{ENOTDIR, {"NotADirectoryError"}},
	{EACCES, {"PermissionError"}},
	{EPERM, {"PermissionError"}},
	{ESRCH, {"ProcessLookupError"}},
	{ETIMEDOUT, {"TimeoutError"}},
};

/* Fill names[] (most derived first, up to Exception); returns the count
 * and sets *module. */
size_t class_chain(const char *kind, bool has_code, long long code,
		   const char **names, size_t cap, const char **module)
{
	size_t n = 0;

	*module = "builtins";
#define ADD(x) do { if (n < cap) names[n++] = (x); } while (0)
	if (strcmp(kind, "OSError") == 0) {
		for (size_t i = 0; has_code && i < sizeof by_errno /
						     sizeof by_errno[0]; i++)
			if (by_errno[i].err == code) {
				for (size_t k = 0; k < 4 && by_errno[i].chain[k];
				     k++)
					ADD(by_errno[i].chain[k]);
				break;
			}
		ADD("OSError");
	} else if (strcmp(kind, "timeout") == 0 ||
		   strcmp(kind, "herror") == 0 ||
		   strcmp(kind, "gaierror") == 0) {
		*module = "socket";
		ADD(kind);
		ADD("OSError");
	} else if (strcmp(kind, "OverflowError") == 0) {
		ADD(kind);
		ADD("ArithmeticError");
	} else if (strcmp(kind, "UnicodeEncodeError") == 0) {
		ADD(kind);
		ADD("UnicodeError");
		ADD("ValueError");
	} else if (strcmp(kind, "unsupported") == 0) {
		/* a name the module or object lacks: what Python raises for
		 * it, under the wire's own kind (the wire protocol) */
		ADD("AttributeError");
	} else if (strcmp(kind, "ProtocolError") == 0) {
		*module = "sockspec";
		ADD(kind);
	} else if (strcmp(kind, "SystemExit") == 0) {
		/* sys.exit(): BaseException's, not an Exception */
		ADD(kind);
		return n;
	} else {
		ADD(kind);
	}
	ADD("Exception");
#undef ADD
	return n;
}

value *class_value(const char *name)
{
	const char *names[8], *module;
	size_t n;
	char q[64];

	/* socket.error is OSError itself (socket.rst:144) */
	if (strcmp(name, "error") == 0)
		name = "OSError";
	else if (strcmp(name, "timeout") != 0 && strcmp(name, "herror") != 0 &&
		 strcmp(name, "gaierror") != 0)
		return NULL;
	n = class_chain(name, false, 0, names, 8, &module);
	snprintf(q, sizeof q, "%s.%s", module, name);
	return v_class(q, names, n);
}
