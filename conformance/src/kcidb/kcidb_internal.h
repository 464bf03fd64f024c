/*
 * kcidb_internal.h — the parts of kcidb/ for its own files: results
 * records read back (kcidb_load.c), the names KCIDB allows
 * (kcidb_names.c), the document (kcidb_doc.c).
 */
#ifndef SOCKSPEC_KCIDB_INTERNAL_H
#define SOCKSPEC_KCIDB_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "base/base.h"
#include "expect/expect.h"
#include "lang/lang.h"

/* One results record with the members a KCIDB object is made of, each
 * checked when it was read; strings belong to v. */
typedef struct krec {
	struct json_object *v;
	char *where;          /* FILE:LINE, for messages */
	const char *case_name, *impl, *kernel, *arch, *platform, *peer;
	const char *outcome;
} krec;

typedef struct krecs {
	krec *v;
	size_t n, cap;
} krecs;

/* ---- kcidb_load.c ---- */
/* Append the records of a results file, or of every *.jsonl below a
 * directory. 0, or 2 after printing FILE:LINE: reason for every bad
 * line (the caller then writes nothing). */
int krecs_load(krecs *s, const char *path);
void krecs_free(krecs *s);

/* ---- kcidb_names.c ---- */
/* Does origin match KCIDB's [a-z0-9_]+ ? */
bool kcidb_origin_ok(const char *origin);
/* Can s[0..n) be a KCIDB string: UTF-8 (a JSON text is; a byte that is
 * not would make the document unreadable) with no NUL (the schema's
 * ^[^\0]*$)? */
bool kcidb_text_ok(const char *s, size_t n);
/* Has the case name no empty '/'-part ("a//b", "/a", "a/")? A test path
 * has no empty dot-part. */
bool kcidb_case_parts_ok(const char *case_name);
/* The test path of a case, "sockspec.AREA.NAME": each '/'-separated part
 * of the case name a dot-separated part, every byte outside
 * [a-zA-Z0-9-] written as '_' and two lower-case hex digits ('_' itself
 * is "_5f"), so distinct names stay distinct. malloc'd. */
char *kcidb_test_path(const char *case_name);
/* An architecture as KCIDB spells it ([a-z0-9_]*): upper case folded,
 * anything else '_'. malloc'd. */
char *kcidb_arch(const char *arch);
/* Debian's package version from `uname -v` text ("... Debian 6.1.192-2
 * (2026-11-16)"): into buf, true; false (buf "") when it has none. */
bool kcidb_debian_version(const char *uname_v, char *buf, size_t cap);
/* The build configuration's name: "debian-FLAVOUR" (FLAVOUR the last
 * '-' part of the release, "amd64") for a Debian kernel, else
 * "unknown". */
void kcidb_config_name(const char *release, bool debian, char *buf,
		       size_t cap);

/* ---- kcidb_doc.c ---- */
/* The whole document for the records: NULL after printing why (two
 * records for one test) to stderr. xs: the expectations (may be empty);
 * cases: the case tree, for socket.rst lines. */
struct json_object *kcidb_document(const krecs *s, const char *origin,
				   const xset *xs, const centry *cases,
				   size_t ncases);

#endif
