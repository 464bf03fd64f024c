/*
 * lang.h — lang/, the case and value language: case files parsed
 * (case.h), the Python literal values of steps and of the wire
 * (value.h), errno and constant names, struct packing, and finding,
 * ordering and sharding the cases of a tree. It runs nothing.
 */
#ifndef SOCKSPEC_LANG_H
#define SOCKSPEC_LANG_H

#include <stdbool.h>
#include <stddef.h>

#include "base/base.h"
/* case.h names a type `link`, which clashes with unistd.h's link(2) */
#include "case.h"
#include "value.h"

/* ---- discover.c ---- */
typedef struct centry {
	char *path;     /* file path */
	char *name;     /* area/name */
	scase *c;       /* NULL when malformed */
	char *error;    /* FILE:LINE:COL: reason when malformed */
} centry;

/* Cases under dir (recursively, *.case, sorted by name) whose name
 * matches glob (fnmatch; NULL = all). Returns 0, or -1 with errno. */
int discover(const char *dir, const char *glob, centry **out, size_t *n);
/* Free one entry's parts (not the entry), e.g. one a selection drops. */
void centry_clear(centry *e);
void centries_free(centry *v, size_t n);
/* The cases directory: $SOCKSPEC_CASES_DIR or ROOT/conformance/cases. */
char *cases_dir(void);
/* discover() over cases_dir(): 0, or -1 with "sockspec: DIR: reason" on
 * stderr. */
int discover_cases(const char *glob, centry **out, size_t *n);
/* ATF ident: '/' and '-' become '_' */
char *atf_ident(const char *name);

/* ---- errnames.c ---- */
/* errno, h_errno and EAI_* / libsockref constant names → numbers */
int errno_by_name(const char *name, long long *v);
const char *errno_name(long long v);
int herrno_by_name(const char *name, long long *v);
/* Any UPPERCASE name: libsockref constant, errno, h_errno. */
int const_by_name(const char *name, long long *v);

/* ---- pack.c ---- */
/* Python struct.pack / struct.unpack subset; on error a message in err
 * (reported as struct.error → raise "error"). */
value *st_pack(const char *fmt, value **args, size_t n, char *err,
	       size_t cap);
value *st_unpack(const char *fmt, const value *data, char *err, size_t cap);
/* Native sizes and alignment for the implementation's platform
 * (impl_platform), set once before the cases run. */
void pack_set_platform(const char *platform);

/* ---- order.c ---- */
/* Move the cases FILE names (one area/name a line) to the front, in
 * FILE's order. 0, or -1 with a reason in err. */
int order_apply(centry *es, size_t n, const char *file, char *err, size_t cap);
/* Keep only the cases FILE names, in FILE's order; a name that is not a
 * case is an error. 0, or -1 with FILE:LINE: reason in err. */
int case_list_select(centry *es, size_t *n, const char *file, char *err,
		     size_t cap);
/* The seconds a case says it will wait whatever the implementation: its
 * `sleep` steps and the lower bounds of its `within LO..HI` checks. A
 * run starts the cases that wait longest first (longest-processing-time
 * scheduling), so a 3 s case does not start last and hold up the end. */
double case_declared_wait(const scase *c);

/* ---- shard.c ---- */
/* "K/N" with 1 <= K <= N: 0, or -1 with a reason in err. */
int shard_parse(const char *s, int *k, int *n, char *err, size_t cap);
/* Keep shard k of nshards: the cases at positions k-1, k-1+nshards...
 * of the discovered list (es compacts; the others are freed). */
void shard_select(centry *es, size_t *n, int k, int nshards);

#endif
