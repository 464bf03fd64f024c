/*
 * consts.c — the module constants a case names (AF_PACKET, SO_RCVBUF...)
 * that its implementation does not have.
 *
 * The harness turns an UPPERCASE name into libsockref's number itself, so
 * an implementation is never asked for it; yet a program written for an
 * implementation without socket.AF_PACKET cannot name the family. So
 * before the first step each host's adapter is asked `getattr - NAME` for
 * the constants the case names (none for libsockref's own adapters, whose
 * table the numbers come from), and the first step that uses one the
 * adapter answers `raise unsupported` for is unsupported, as a missing
 * function is (conformance/README.md "Outcomes and results"). Any other
 * answer (a value, an AttributeError from an adapter that does not speak
 * `unsupported`) keeps the harness's number.
 *
 * Asking before the steps keeps the question out of traced steps and out
 * of the order the case's own requests arrive in. The answers are kept in
 * memory the runner shares with its case processes (consts_share), one
 * table per implementation, so each name is asked about once per run, not
 * once per case.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "run_internal.h"
#include "sockref.h"

enum { UNKNOWN = 0, HAS = 1, LACKS = 2 };
#define SHARED_IMPLS 4

typedef struct shared {
	char impl[SHARED_IMPLS][256];
	/* state per implementation and constant (sr_constants order) */
	unsigned char state[];
} shared;

static shared *tab;
static size_t nconst;

void consts_share(const char *const *impls, size_t n)
{
	const sr_constant *cs = sr_constants(&nconst);
	(void)cs;
	size_t size = sizeof(shared) + SHARED_IMPLS * nconst;
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return;     /* every case asks for itself */
	tab = p;
	for (size_t i = 0; i < n && i < SHARED_IMPLS; i++)
		snprintf(tab->impl[i], sizeof tab->impl[i], "%s", impls[i]);
}

static unsigned char *row_of(const char *impl)
{
	for (size_t i = 0; tab && i < SHARED_IMPLS; i++)
		if (strcmp(tab->impl[i], impl) == 0)
			return tab->state + i * nconst;
	return NULL;
}

static int const_index(const char *name)
{
	size_t n;
	const sr_constant *cs = sr_constants(&n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(cs[i].name, name) == 0)
			return (int)i;
	return -1;
}

static bool bound_by_case(const scase *c, const char *name)
{
	for (size_t i = 0; i < c->nsteps; i++)
		for (size_t k = 0; k < c->steps[i].ntargets; k++)
			if (strcmp(c->steps[i].targets[k], name) == 0)
				return true;
	return false;
}

/* Mark in want[] the constants of libsockref's table e names. */
static void names_of(const scase *c, const expr *e, unsigned char *want)
{
	if (!e)
		return;
	if (e->kind == E_NAME && e->name && !bound_by_case(c, e->name)) {
		int k = const_index(e->name);
		if (k >= 0)
			want[k] = 1;
	}
	names_of(c, e->obj, want);
	names_of(c, e->index, want);
	for (size_t i = 0; i < e->nargs; i++)
		names_of(c, e->args[i], want);
	for (size_t i = 0; i < e->nkw; i++)
		names_of(c, e->kwargs[i], want);
}

int consts_check(runctx *x, const char *impl, consts_ask ask)
{
	const scase *c = x->c;
	size_t n;
	sr_constants(&n);
	unsigned char *want = calloc(n ? n : 1, 1);
	if (!want)
		abort();
	for (size_t i = 0; i < c->nsteps; i++) {
		names_of(c, c->steps[i].e, want);
		names_of(c, c->steps[i].chk.rhs, want);
	}
	int rc = 0;
	x->lacks = calloc(x->nad, sizeof *x->lacks);
	if (!x->lacks)
		abort();
	for (size_t h = 0; h < x->nad && rc == 0; h++) {
		const char *hi = case_host_impl(c, h, impl);
		/* libsockref's adapters: the numbers are their own table */
		if (strcmp(hi, "ref") == 0 || strncmp(hi, "ref-", 4) == 0)
			continue;
		unsigned char *row = tab && n == nconst ? row_of(hi) : NULL;
		/* the hosts before h that run hi asked already */
		for (size_t g = 0; g < h; g++)
			if (strcmp(case_host_impl(c, g, impl), hi) == 0 &&
			    x->lacks[g]) {
				x->lacks[h] = x->lacks[g];
				break;
			}
		if (x->lacks[h])
			continue;
		x->lacks[h] = calloc(n ? n : 1, 1);
		if (!x->lacks[h])
			abort();
		const sr_constant *cs = sr_constants(&n);
		for (size_t k = 0; k < n && rc == 0; k++) {
			if (!want[k])
				continue;
			unsigned char st = row ? row[k] : UNKNOWN;
			if (st == UNKNOWN) {
				evres r = {0};
				if (ask(x, (int)h, cs[k].name, &r) < 0) {
					rc = -1;
					break;
				}
				st = r.raised && strcmp(r.exc, "unsupported") == 0
				     ? LACKS : HAS;
				evres_clear(&r);
				if (row)
					row[k] = st;
			}
			x->lacks[h][k] = st == LACKS;
		}
	}
	free(want);
	return rc;
}

bool consts_lacked(const runctx *x, int host, const char *name)
{
	if (!x->lacks || host < 0 || (size_t)host >= x->nad || !x->lacks[host])
		return false;
	int k = const_index(name);
	return k >= 0 && x->lacks[host][k];
}

void consts_free(runctx *x)
{
	for (size_t h = 0; x->lacks && h < x->nad; h++) {
		bool shared_row = false;
		for (size_t g = h + 1; g < x->nad; g++)
			if (x->lacks[g] == x->lacks[h])
				shared_row = true;
		if (!shared_row)
			free(x->lacks[h]);
	}
	free(x->lacks);
	x->lacks = NULL;
}
