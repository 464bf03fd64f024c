/*
 * userland.h — userland/, Debian userland roots as platforms: where the
 * root of a suite is (vm/root builds it once into the cache), and how a
 * process enters it, so that an implementation's adapter runs with the
 * root's interpreter and C library on the running kernel, in the case's
 * namespaces, seeing the case's /tmp and resolver files
 * (conformance/README.md "Implementations").
 */
#ifndef SOCKSPEC_USERLAND_H
#define SOCKSPEC_USERLAND_H

#include <stdbool.h>
#include <stddef.h>

/* Where the project's adapters (conformance/adapters) appear inside a
 * root: the harness binds them there, so an adapter's path in a root is
 * USERLAND_ADAPTERS "/pyadapter.py". */
#define USERLAND_ADAPTERS "/sockspec"

/* The directory of SUITE's root (vm/root SUITE: built on first use,
 * which needs the network; afterwards only read). Cached per process.
 * NULL with the one-line reason in why. */
const char *userland_root(const char *suite, char *why, size_t cap);

/* Enter root: bind the current /proc, /dev, /tmp, the resolver files
 * (/etc/hosts, services, protocols, nsswitch.conf, resolv.conf) and the
 * project's adapters over the root's own, then chroot into it. With
 * own_ns, first a private mount namespace (a process outside any case:
 * the probe, the fork server); else the binds go in the caller's
 * namespace, a case's private one (done once per namespace). 0, or -1
 * with the reason in err. */
int userland_enter(const char *root, bool own_ns, char *err, size_t cap);

/* The root's C library as results name one, "glibc 2.41" (its libc6
 * package's upstream version, from the root's dpkg status), or NULL.
 * Cached per root. */
const char *userland_libc(const char *root);

#endif
