/*
 * adapter.h — the libsockref adapter (conformance/README.md, "The adapter
 * wire protocol"): shared declarations of its parts.
 *   main.c      request loop, replies
 *   module.c    module functions and operating-system helpers
 *   methods.c   socket-object and file-object methods
 *   registry.c  the handle registry (registry.h)
 *   textio.c    makefile()'s text layer, stream errors (textio.h)
 *   buffers.c   bytearray and memoryview, the harness's op/repr/len/
 *               bytes/type requests, the C library's message functions
 *   stdio.c     print, stdout, sys_exit, exit_status: the C program's
 *               stdout and exit status, the wire's own descriptor once
 *               printed
 *   convert.c   values <-> C arguments and results, errors
 *   classes.c   the exception classes of the error kinds
 * Calls go one way, down this list: main.c calls module.c and methods.c
 * (and registry.c to look handles up, stdio.c for the wire), they call
 * registry.c, textio.c, buffers.c (which calls registry.c) and stdio.c,
 * and any of them may call convert.c and classes.c, which call none of
 * the others; no file calls back up.
 */
#ifndef SOCKSPEC_ADAPTER_H
#define SOCKSPEC_ADAPTER_H

#include <stdbool.h>
#include <stdio.h>

#include "sockref.h"
#include "lang/value.h"

/* An error reply: raise CLS CODE MSG */
typedef struct aerr {
	char cls[32];
	bool has_code;
	long long code;
	char msg[SR_ERRMSG_MAX + 128];
} aerr;

/* One call: positional ARGS (a tuple) and KWARGS (a dict). */
typedef struct acall {
	const char *name;
	const value *args;
	const value *kw;
	aerr *e;
} acall;

/* ---- convert.c ---- */
void set_err(aerr *e, const char *cls, bool has_code, long long code,
	     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void err_sr(aerr *e, const sr_err *se);
value *fail_sr(aerr *e, const sr_err *se); /* err_sr, returns NULL */
/* Check the counts: min..max positional, kwnames (NULL-terminated list,
 * or NULL for none) by name. 0 or -1 with a TypeError. */
int check_args(acall *c, size_t min, size_t max, const char *const *kwnames);
/* Argument i (positional) or keyword `kw` (may be NULL); NULL if absent. */
const value *arg(const acall *c, size_t i, const char *kw);
int to_ll(acall *c, const value *v, long long *out);
int to_int(acall *c, const value *v, int *out);
int to_cstr(acall *c, const value *v, const char **out); /* str only */
/* str, or None as NULL: for the calls where libsockref refuses NULL with
 * its own TypeError (sockref.h, "Conventions") */
int to_cstr_none(acall *c, const value *v, const char **out);
/* str or bytes (data, len) */
int to_strbytes(acall *c, const value *v, const char **p, size_t *len);
int to_bytes(acall *c, const value *v, const char **p, size_t *len);
int to_timeout(acall *c, const value *v, double *buf, const double **out);
int to_addr(acall *c, const value *v, int family, sr_addr *a);
int addr_or_none(acall *c, const value *v, int family, sr_addr *a,
		 const sr_addr **out);
value *from_addr(const sr_addr *a);
value *pair(value *a, value *b);
value *v_cstr(const char *s);

/* ---- module.c / methods.c ---- */
value *module_call(acall *c);
value *socket_call(sr_sock *s, acall *c);
value *file_call(long long n, acall *c);
value *socket_getattr(sr_sock *s, const char *name, aerr *e);
/* socket.NAME: the constant table, has_ipv6 as a bool; else `raise unsupported` (AttributeError) */
value *module_getattr(const char *name, aerr *e);

/* ---- buffers.c ---- */
/* bytearray, memoryview, bytes, len, type, op, repr, strerror,
 * gai_strerror, hstrerror; *found false for any other name */
value *buffer_call(acall *c, bool *found);
/* v a writable buffer handle: 1 with its storage; 0 when v is none;
 * -1 with a TypeError for a read-only one */
int writable_buffer(acall *c, const value *v, void **p, size_t *len);
/* bytes or any buffer handle, as data to send */
int data_arg(acall *c, const value *v, const char **p, size_t *len);

/* ---- stdio.c ---- */
/* print, stdout, sys_exit, exit_status; *found false for any other
 * name */
value *stdio_call(acall *c, bool *found);
/* where replies go: stdout until the first print moved the wire */
FILE *wire_out(void);

/* classes.c: the 3.3 exception classes of the error kinds */
size_t class_chain(const char *kind, bool has_code, long long code,
		   const char **names, size_t cap, const char **module);
value *class_value(const char *name); /* error herror gaierror timeout */

/* convert.c: the file system encoding is ASCII (the C locale), not UTF-8 */
extern bool fs_ascii;

#endif
