/*
 * findings_internal.h — between findings.c and findings_causes.c: a
 * page row, and the causes an expectations file defines.
 */
#ifndef SOCKSPEC_FINDINGS_INTERNAL_H
#define SOCKSPEC_FINDINGS_INTERNAL_H

#include <stdbool.h>
#include <stdio.h>

#include "expect.h"

typedef struct row {
	const xentry *e;
	char impl[512];
	char where[512];
} row;

/* `#cause SLUG<TAB>TITLE<TAB>UPSTREAM[<TAB>CASE]` of NAME.tsv; CASE: the
 * case whose reproducer shows the cause best (default: its first) */
typedef struct cause {
	char *slug, *title, *upstream, *repro;
	char *file;
	int line;
} cause;
typedef struct causeset {
	cause *v;
	size_t n;
} causeset;

/* The causes dir/impl.tsv defines (none when there is no such file):
 * 0, or -1 after printing FILE:LINE: reason for a malformed one. */
int causes_load(const char *dir, const char *impl, causeset *cs);
void causes_free(causeset *cs);
const cause *cause_find(const causeset *cs, const char *slug);
/* false for the implementations we wrote (libsockref's) */
bool impl_upstream(const char *impl);
/* " Reproducer: `...`." for an entry of an implementation we did not
 * write (nothing for ours, or an as-peer entry) */
void repro_link(FILE *out, const xentry *e);
/* The "Causes" table and "To report upstream" list of impl's rows */
void causes_write(FILE *out, const char *impl, const causeset *cs,
		  const row *rows, size_t n);

#endif
