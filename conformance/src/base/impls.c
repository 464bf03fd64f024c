/*
 * impls.c — the implementation names `--impl` accepts, and what a name
 * means for the results: the platform its adapter runs on. The adapter
 * command itself is chosen in adapter.c; this file only names where
 * results come from, so every record carries (implementation, kernel,
 * platform).
 */
#include <ctype.h>
#include <stdio.h>
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

/* The implementations that can run from a Debian userland root (vm/root;
 * conformance/src/userland/): the interpreter of the root, or a
 * third-party module on it. */
static const char *const root_families[] = { "cpython", "pypy", "gevent",
	"eventlet", "micropython" };

bool impl_root_name(const char *impl, char *family, size_t fcap,
		    char *version, size_t vcap, char *suite, size_t scap)
{
	const char *at = strchr(impl, '@');
	if (!at || !at[1] || strchr(at + 1, '@'))
		return false;
	for (const char *p = at + 1; *p; p++)
		if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) &&
		    *p != '-')
			return false;
	/* FAMILY then an optional VERSION of digits and dots */
	size_t fl = 0;
	while (impl + fl < at && !isdigit((unsigned char)impl[fl]))
		fl++;
	for (const char *p = impl + fl; p < at; p++)
		if (!isdigit((unsigned char)*p) && *p != '.')
			return false;
	bool known = false;
	for (size_t i = 0; i < sizeof root_families / sizeof *root_families; i++)
		if (strlen(root_families[i]) == fl &&
		    strncmp(impl, root_families[i], fl) == 0)
			known = true;
	if (!known || fl >= fcap || (size_t)(at - impl) - fl >= vcap ||
	    strlen(at + 1) >= scap)
		return false;
	snprintf(family, fcap, "%.*s", (int)fl, impl);
	snprintf(version, vcap, "%.*s", (int)(at - impl - (ptrdiff_t)fl),
		 impl + fl);
	snprintf(suite, scap, "%s", at + 1);
	return true;
}

bool impl_known(const char *impl)
{
	char f[32], v[32], s[64];
	if (impl_root_name(impl, f, sizeof f, v, sizeof v, s, sizeof s))
		return true;
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
