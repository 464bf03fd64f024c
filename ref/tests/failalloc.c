/*
 * failalloc.c — the link-time wrappers of failalloc.h. Each __wrap_F is
 * what a call of F in the test program's objects and libsockref.a reaches
 * under -Wl,--wrap=F; __real_F is the C library's (or the sanitizer's) F.
 */
#include "failalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
FILE *__real_fopencookie(void *cookie, const char *mode,
			 cookie_io_functions_t io);

void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);
FILE *__wrap_fopencookie(void *cookie, const char *mode,
			 cookie_io_functions_t io);

static unsigned long fail_at; /* 0: none */
static unsigned long calls;
static bool fired;

void fa_arm(unsigned long n)
{
	fail_at = n;
	calls = 0;
	fired = false;
}

bool fa_disarm(void)
{
	fail_at = 0;
	return fired;
}

unsigned long fa_calls(void)
{
	return calls;
}

/* Count one allocation; true when it is the one to fail. */
static bool fail_now(void)
{
	calls++;
	if (fail_at == 0 || calls != fail_at)
		return false;
	fired = true;
	errno = ENOMEM;
	return true;
}

/* The live blocks: a test holds a few dozen at most, so a small table
 * searched from the end (blocks are mostly freed soon after) will do. */
#define LIVE_CAP 4096
static void *live[LIVE_CAP];
static size_t nlive;

size_t fa_live(void)
{
	return nlive;
}

static void *remember(void *p)
{
	if (p == NULL)
		return NULL;
	if (nlive == LIVE_CAP) {
		fprintf(stderr, "failalloc: more than %d live blocks\n",
			LIVE_CAP);
		abort();
	}
	live[nlive++] = p;
	return p;
}

/* Blocks allocated elsewhere (inside libc, before main) are not ours to
 * count, and freeing them is not an error. */
static void forget(void *p)
{
	size_t i = nlive;
	if (p == NULL)
		return;
	while (i-- > 0) {
		if (live[i] == p) {
			live[i] = live[--nlive];
			return;
		}
	}
}

void *__wrap_malloc(size_t n)
{
	return fail_now() ? NULL : remember(__real_malloc(n));
}

void *__wrap_calloc(size_t n, size_t size)
{
	return fail_now() ? NULL : remember(__real_calloc(n, size));
}

/* A failed realloc leaves the old block as it was, as realloc does. */
void *__wrap_realloc(void *p, size_t n)
{
	void *r;
	if (fail_now())
		return NULL;
	r = __real_realloc(p, n);
	if (r != NULL || n == 0)
		forget(p); /* moved, or freed by realloc(p, 0) */
	return remember(r);
}

void __wrap_free(void *p)
{
	forget(p);
	__real_free(p);
}

char *__wrap_strdup(const char *s)
{
	return fail_now() ? NULL : remember(__real_strdup(s));
}

char *__wrap_strndup(const char *s, size_t n)
{
	return fail_now() ? NULL : remember(__real_strndup(s, n));
}

/* The stream is the C library's own allocation, given back by fclose; only
 * its failure is ours to bring about. */
FILE *__wrap_fopencookie(void *cookie, const char *mode,
			 cookie_io_functions_t io)
{
	return fail_now() ? NULL : __real_fopencookie(cookie, mode, io);
}
