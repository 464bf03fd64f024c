/* ---- the reproducer's runtime (sockspec's conformance/src/repro/rt/,
 * ---- copied in by `sockspec repro`): values as the case language has
 * ---- them, the checks, the isolation, and one small function per
 * ---- libsockref call the case makes. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <regex.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <sockref.h>

#define UNUSED __attribute__((unused))

/* A value of the case language (Python's), as the harness sees it. */
typedef struct val *V;
enum vk { K_NONE, K_BOOL, K_INT, K_BIG, K_FLOAT, K_STR, K_BYTES, K_TUPLE,
	  K_LIST, K_DICT, K_SOCK, K_FILE, K_BARRAY, K_MVIEW, K_CLASS, K_ERR };
struct val {
	enum vk k;
	long long i;      /* BOOL, INT; ERR: the code; MVIEW: the offset;
			   * FILE: 1 for a text stream */
	double f;         /* FLOAT */
	char *s;          /* STR (UTF-8), BYTES, BARRAY: the bytes; BIG: its
			   * decimal text; ERR: the message; CLASS: its name */
	size_t n;         /* length of s; TUPLE, LIST: items; DICT: 2 x its
			   * pairs; MVIEW: length */
	V *it;            /* TUPLE, LIST: the items; DICT: key, value, key...;
			   * MVIEW: it[0], the
			   * bytearray it views */
	sr_sock *sk;      /* SOCK */
	FILE *fp;         /* FILE (NULL once closed) */
	const char *cls;  /* ERR: the error's kind (OSError, gaierror,
			   * timeout, ValueError...) */
	bool has_code;    /* ERR: a code (Python's errno not None) */
	struct textio *tx; /* FILE: its text layer (NULL: binary) */
};

/* Nothing is freed: every value lives to the end, as the adapter's
 * handle table keeps every object a step made. */
static V mk(enum vk k)
{
	V v = calloc(1, sizeof *v);
	if (!v)
		abort();
	v->k = k;
	return v;
}

static UNUSED V NONE(void) { return mk(K_NONE); }
static UNUSED V BOOL(bool b) { V v = mk(K_BOOL); v->i = b; return v; }
static UNUSED V INT(long long i) { V v = mk(K_INT); v->i = i; return v; }
static UNUSED V FLOAT(double f) { V v = mk(K_FLOAT); v->f = f; return v; }

static V bytes_kind(enum vk k, const void *p, size_t n)
{
	V v = mk(k);
	v->s = malloc(n + 1);
	if (!v->s)
		abort();
	if (n)
		memcpy(v->s, p, n);
	v->s[n] = 0;
	v->n = n;
	return v;
}
static UNUSED V STR(const char *s, size_t n) { return bytes_kind(K_STR, s, n); }
static UNUSED V CSTR(const char *s) { return bytes_kind(K_STR, s, strlen(s)); }
static UNUSED V BYTES(const void *p, size_t n) { return bytes_kind(K_BYTES, p, n); }
/* an int beyond 64 bits, as its decimal text */
static UNUSED V BIG(const char *dec) { V v = CSTR(dec); v->k = K_BIG; return v; }

static V seq(enum vk k, size_t n, va_list ap)
{
	V v = mk(k);
	v->it = calloc(n + 1, sizeof *v->it);
	if (!v->it)
		abort();
	v->n = n;
	for (size_t i = 0; i < n; i++)
		v->it[i] = va_arg(ap, V);
	return v;
}
static UNUSED V TUP(size_t n, ...)
{
	va_list ap;
	va_start(ap, n);
	V v = seq(K_TUPLE, n, ap);
	va_end(ap);
	return v;
}
static UNUSED V LIST(size_t n, ...)
{
	va_list ap;
	va_start(ap, n);
	V v = seq(K_LIST, n, ap);
	va_end(ap);
	return v;
}
/* {k: v, ...}: n is twice the pairs */
static UNUSED V DICT(size_t n, ...)
{
	va_list ap;
	va_start(ap, n);
	V v = seq(K_DICT, n, ap);
	va_end(ap);
	return v;
}
static V seq_of(enum vk k, size_t n)
{
	V v = mk(k);
	v->it = calloc(n + 1, sizeof *v->it);
	if (!v->it)
		abort();
	v->n = n;
	return v;
}

/* An exception: its kind and code as libsockref reports them. */
static V raise_(const char *cls, bool has_code, long long code,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static V raise_(const char *cls, bool has_code, long long code,
		const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	V v = CSTR(msg);
	v->k = K_ERR;
	v->cls = cls;
	v->has_code = has_code;
	v->i = code;
	return v;
}
static UNUSED bool is_err(V v) { return v && v->k == K_ERR; }

/* libsockref's error: OSError with errno 0 is Python's errno None, a
 * timeout has no code */
static UNUSED V from_sr(const sr_err *e)
{
	bool has = (e->kind == SR_ERR_OSERROR && e->code != 0) ||
		   e->kind == SR_ERR_HERROR || e->kind == SR_ERR_GAIERROR;
	return raise_(sr_errkind_name(e->kind), has, e->code, "%s", e->msg);
}
/* an operating-system call's failure (the os_* helpers) */
static UNUSED V from_errno(void)
{
	int e = errno;
	return raise_("OSError", true, e, "%s", strerror(e));
}

/* What this program cannot do that the case asks for: it stops, exit 2,
 * rather than report a deviation that is its own. */
static void limit(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void limit(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("repro: cannot go on: ", stdout);
	vprintf(fmt, ap);
	fputs("\n", stdout);
	va_end(ap);
	fflush(stdout);
	_exit(2);
}

/* The exception class an error is (PEP 3151's table for OSError's errno,
 * as Python 3.3 builds it): most derived first, up to Exception. */
static size_t class_chain(V e, const char **out, size_t cap)
{
	static const struct { int err; const char *c[2]; } by_errno[] = {
		{EAGAIN, {"BlockingIOError"}}, {EALREADY, {"BlockingIOError"}},
		{EINPROGRESS, {"BlockingIOError"}},
		{ECHILD, {"ChildProcessError"}},
		{EPIPE, {"BrokenPipeError", "ConnectionError"}},
		{ESHUTDOWN, {"BrokenPipeError", "ConnectionError"}},
		{ECONNABORTED, {"ConnectionAbortedError", "ConnectionError"}},
		{ECONNREFUSED, {"ConnectionRefusedError", "ConnectionError"}},
		{ECONNRESET, {"ConnectionResetError", "ConnectionError"}},
		{EEXIST, {"FileExistsError"}}, {ENOENT, {"FileNotFoundError"}},
		{EINTR, {"InterruptedError"}}, {EISDIR, {"IsADirectoryError"}},
		{ENOTDIR, {"NotADirectoryError"}}, {EACCES, {"PermissionError"}},
		{EPERM, {"PermissionError"}}, {ESRCH, {"ProcessLookupError"}},
		{ETIMEDOUT, {"TimeoutError"}},
	};
	size_t n = 0;
#define ADD(x) do { if (n < cap) out[n++] = (x); } while (0)
	if (strcmp(e->cls, "OSError") == 0) {
		for (size_t i = 0; e->has_code &&
		     i < sizeof by_errno / sizeof by_errno[0]; i++)
			if (by_errno[i].err == e->i) {
				ADD(by_errno[i].c[0]);
				if (by_errno[i].c[1])
					ADD(by_errno[i].c[1]);
			}
		ADD("OSError");
	} else if (strcmp(e->cls, "timeout") == 0 ||
		   strcmp(e->cls, "herror") == 0 ||
		   strcmp(e->cls, "gaierror") == 0) {
		ADD(e->cls);
		ADD("OSError");
	} else if (strcmp(e->cls, "OverflowError") == 0) {
		ADD(e->cls);
		ADD("ArithmeticError");
	} else if (strcmp(e->cls, "ZeroDivisionError") == 0) {
		ADD(e->cls);
		ADD("ArithmeticError");
	} else if (strcmp(e->cls, "UnicodeEncodeError") == 0) {
		ADD(e->cls);
		ADD("UnicodeError");
		ADD("ValueError");
	} else {
		ADD(e->cls);
	}
	ADD("Exception");
#undef ADD
	return n;
}

/* socket.error, socket.timeout...: a class value, by its own name */
static UNUSED V CLASS(const char *name)
{
	V v = CSTR(name);
	v->k = K_CLASS;
	return v;
}
