/*
 * failalloc.h — make libsockref's Nth allocation fail, for the unit tests
 * of its out-of-memory paths (t_alloc.c).
 *
 * failalloc.c defines __wrap_malloc, __wrap_calloc, ... and the test
 * program that uses it is linked with -Wl,--wrap=malloc,... (the
 * "link:" line of t_alloc.c): the linker then sends every call that the library's
 * objects and the test's own code make to these functions through the
 * wrappers, while the C library's calls among its own functions stay
 * direct. The library's code is unchanged, and the wrappers sit in front
 * of whatever allocator is linked, glibc's or AddressSanitizer's.
 *
 * Besides failing one call, the wrappers keep the set of blocks they
 * handed out and that are not yet freed, so a test can tell that a failed
 * call gave back everything it took, in the plain build too.
 *
 * Single-threaded: the tests that use it make their calls from one thread.
 */
#ifndef SOCKREF_TEST_FAILALLOC_H
#define SOCKREF_TEST_FAILALLOC_H

#include <stdbool.h>
#include <stddef.h>

/* From now on, the nth allocation (n >= 1, counting every wrapped call:
 * malloc, calloc, realloc, strdup, strndup, fopencookie) fails as libc's
 * does when memory is exhausted: NULL with errno ENOMEM. 0 disarms. */
void fa_arm(unsigned long n);

/* Stop failing; true when the armed allocation was reached and failed. */
bool fa_disarm(void);

/* Allocations made since the last fa_arm (the failed one included). */
unsigned long fa_calls(void);

/* Blocks the wrappers allocated that have not been freed. */
size_t fa_live(void);

#endif
