/*
 * kconfig.h — kconfig/, which options the running kernel was built with,
 * as far as this machine lets anyone read it: /proc/config.gz (a kernel
 * with CONFIG_IKCONFIG_PROC), /boot/config-RELEASE (Debian and most
 * distributions install it), or the module tree /lib/modules/RELEASE
 * (modules.builtin for what is built in, the .ko files for modules).
 * The harness skips a case whose family the kernel lacks, and says which
 * option (run/isolate.c); where nothing can be read it says nothing.
 */
#ifndef SOCKSPEC_KCONFIG_H
#define SOCKSPEC_KCONFIG_H

#include <stddef.h>

/* Read the configuration once (later calls use what was read; call it
 * before forking workers so they share it). Where it came from
 * ("/proc/config.gz", "/boot/config-6.1.0-56-amd64",
 * "/lib/modules/6.1.0-56-amd64"), or NULL when nothing could be read.
 * $SOCKSPEC_KCONFIG names what to read instead of all of these (a
 * .config, gzip'd or not; a directory: a module tree), or "none" for
 * nothing: a test's stand-in for a foreign kernel. */
const char *kconfig_source(void);

/* Which of opts (names without CONFIG_, NULL-terminated) the kernel
 * lacks: their "CONFIG_X, CONFIG_Y" into buf and the count, 0 when it
 * has them all (=y or =m), -1 when the configuration cannot be read or
 * the module tree cannot tell (buf ""). */
int kconfig_missing(const char *const *opts, char *buf, size_t cap);

#endif
