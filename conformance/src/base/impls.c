/*
 * impls.c — the implementation names `--impl` accepts, and what a name
 * means for the results: the platform its adapter runs on. The adapter
 * command itself is chosen in adapter.c; this file only names where
 * results come from, so every record carries (implementation, kernel,
 * platform).
 */
#include <string.h>

#include "base.h"

/* The harness's own architecture and C library, fixed at build time:
 * the ref adapter is built by the same toolchain as the harness. */
#if defined(__x86_64__)
#define HARNESS_ARCH "x86_64"
#elif defined(__aarch64__)
#define HARNESS_ARCH "aarch64"
#elif defined(__i386__)
#define HARNESS_ARCH "i386"
#else
#define HARNESS_ARCH "unknown"
#endif
#if defined(__GLIBC__)
#define HARNESS_LIBC "glibc"
#else
#define HARNESS_LIBC "musl"
#endif

bool impl_known(const char *impl)
{
	static const char *const fixed[] = { "ref", "ref-musl", "ref-i386",
		"cpython", "pypy", "gevent", "eventlet" };
	for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
		if (strcmp(impl, fixed[i]) == 0)
			return true;
	/* an interpreter or a third party's adapter, by path */
	return (strncmp(impl, "python:", 7) == 0 && impl[7]) ||
	       (strncmp(impl, "exec:", 5) == 0 && impl[5]);
}

const char *harness_platform(void)
{
	return HARNESS_ARCH "-" HARNESS_LIBC;
}

const char *impl_platform(const char *impl)
{
	if (strcmp(impl, "ref-musl") == 0)
		return HARNESS_ARCH "-musl";
	if (strcmp(impl, "ref-i386") == 0)
		return "i386-glibc";
	/* ref, cpython, pypy, gevent, eventlet, python:PATH: the harness's
	 * own platform
	 * (Debian's interpreters are linked like the harness); exec:PATH
	 * is taken to be built for the machine it runs on */
	return harness_platform();
}
