/*
 * helpers.h — what every libsockref unit test shares: checks that a call
 * succeeded or failed with a documented error kind, a skip for families the
 * running kernel lacks, and a count of open descriptors to prove nothing
 * leaked. Each helper fails the test with the call and the error's message.
 */
#ifndef SOCKREF_TEST_HELPERS_H
#define SOCKREF_TEST_HELPERS_H

#include <atf-c.h>
#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sockref.h"

/* libatf-c leaks its test-case list when asked to print it (-l); that is
 * not ours to fix, so the sanitizer builds tell LeakSanitizer to ignore
 * leaks allocated inside libatf-c and keep checking everything else. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer) /* clang before 18 has no macro */
#define SR_TEST_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(SR_TEST_ASAN)
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libatf-c.so\n";
}
/* Kyua breaks a test program whose case list writes to stderr, and the
 * summary of used suppressions would. */
const char *__lsan_default_options(void);
const char *__lsan_default_options(void)
{
	return "print_suppressions=0";
}
#endif

/* The call (returning -1/NULL on failure) must succeed. */
#define SR_OK(call)                                                          \
	do {                                                                 \
		sr_err e_ = {0};                                             \
		(void)e_;                                                    \
		if ((call) == -1)                                            \
			atf_tc_fail("%s: %s(%d): %s", #call,                 \
				    sr_errkind_name(e_.kind), e_.code,       \
				    e_.msg);                                 \
	} while (0)

/* The call must fail with this kind and (unless code is -1) this code. */
#define SR_FAILS(kind_, code_, call)                                         \
	do {                                                                 \
		sr_err e_ = {0};                                             \
		long long r_ = (long long)(call);                            \
		if (r_ != -1)                                                \
			atf_tc_fail("%s: succeeded (%lld), expected %s",     \
				    #call, r_, sr_errkind_name(kind_));      \
		if (e_.kind != (kind_) ||                                    \
		    ((code_) != -1 && e_.code != (code_)))                   \
			atf_tc_fail("%s: got %s(%d) '%s', expected %s(%d)",  \
				    #call, sr_errkind_name(e_.kind),         \
				    e_.code, e_.msg,                         \
				    sr_errkind_name(kind_), (code_));        \
		if (e_.msg[0] == '\0')                                       \
			atf_tc_fail("%s: %s has no message", #call,          \
				    sr_errkind_name(e_.kind));               \
	} while (0)

/* The calls inside SR_OK/SR_FAILS pass `&e_` as their error argument. */
#define ERR (&e_)

/* Pointer-returning calls: NULL is failure. */
static inline long long sr_t_ptr(const void *p)
{
	return p ? 0 : -1;
}
#define P(call) sr_t_ptr(call)

/* Skip unless the running kernel can create sockets of this family. */
static inline void require_family(int family, const char *need,
				  const char *name)
{
	int fd = socket(family, SOCK_DGRAM, 0);
	if (fd < 0)
		fd = socket(family, SOCK_SEQPACKET, 0);
	if (fd < 0)
		fd = socket(family, SOCK_RAW, 0);
	if (fd < 0 && errno == EAFNOSUPPORT)
		atf_tc_skip("needs %s: running kernel has no %s", need, name);
	if (fd >= 0)
		close(fd);
}

/* Number of open descriptors of this process. */
static inline int count_fds(void)
{
	int n = 0;
	DIR *d = opendir("/proc/self/fd");
	struct dirent *ent;
	if (d == NULL)
		atf_tc_fail("opendir /proc/self/fd: %s", strerror(errno));
	while ((ent = readdir(d)) != NULL)
		if (ent->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1; /* the directory's own descriptor */
}

#endif
