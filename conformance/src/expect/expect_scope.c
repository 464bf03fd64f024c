/*
 * expect_scope.c — whether an expectation is in force for a column
 * (implementation, kernel release, platform), and kernel releases
 * compared as numbers: 6.1.0-56 < 6.1.0-61 < 6.12.117+deb12 < 6.18.
 */
#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include "expect.h"

#define KVER_MAX 8

/* The leading numeric fields of a release: "6.12.117+deb12-amd64" is
 * 6 12 117 (a separator counts only when a digit follows it, so the
 * Debian suffixes end the version). Returns how many. */
static size_t kver_fields(const char *s, unsigned long long *f)
{
	size_t n = 0;
	const char *p = s;
	while (isdigit((unsigned char)*p) && n < KVER_MAX) {
		unsigned long long v = 0;
		for (; isdigit((unsigned char)*p); p++)
			if (v < 1000000000000ULL)
				v = v * 10 + (unsigned)(*p - '0');
		f[n++] = v;
		if (*p && strchr(".-+~", *p) && isdigit((unsigned char)p[1]))
			p++;
		else
			break;
	}
	return n;
}

int kver_cmp(const char *release, const char *bound)
{
	unsigned long long r[KVER_MAX], b[KVER_MAX];
	size_t nr = kver_fields(release, r), nb = kver_fields(bound, b);
	if (nr == 0 || nb == 0)
		return -2;
	/* at the bound's precision: kernel<6.12 asks about the 6.12
	 * series, not 6.12.0 exactly */
	for (size_t k = 0; k < nb; k++) {
		unsigned long long x = k < nr ? r[k] : 0;
		if (x != b[k])
			return x < b[k] ? -1 : 1;
	}
	return 0;
}

bool kernel_holds(const kbound *b, const char *release)
{
	int c = kver_cmp(release, b->version);
	if (c == -2)
		return false;
	if (strcmp(b->op, "<") == 0)
		return c < 0;
	if (strcmp(b->op, "<=") == 0)
		return c <= 0;
	if (strcmp(b->op, ">") == 0)
		return c > 0;
	if (strcmp(b->op, ">=") == 0)
		return c >= 0;
	return c == 0;
}

bool expect_version_holds(const xentry *e, const char *version)
{
	for (size_t k = 0; k < e->nversion; k++)
		if (!version || !kernel_holds(&e->version[k], version))
			return false;
	return true;
}

bool impl_in_family(const char *impl, const char *family)
{
	size_t l = strlen(family);
	if (strncmp(impl, family, l) != 0)
		return false;
	if (impl[l] == '\0' || impl[l] == '-' || impl[l] == ':')
		return true;
	/* a Debian userland root's: cpython3.13@trixie, cpython@trixie */
	const char *p = impl + l;
	while (isdigit((unsigned char)*p) || *p == '.')
		p++;
	return *p == '@';
}

static bool any_match(char *const *pats, size_t n, const char *s)
{
	for (size_t k = 0; k < n; k++)
		if (fnmatch(pats[k], s, 0) == 0)
			return true;
	return false;
}

bool expect_in_scope(const xentry *e, const char *impl, const char *peer,
		     const char *kernel, const char *platform)
{
	/* as-peer: the entry is about the implementation on the other host */
	const char *who = e->as_peer ? peer : impl;
	if (!who || !who[0])
		return false;
	if (e->family && !impl_in_family(who, e->family))
		return false;
	if (e->nimpls && !any_match(e->impls, e->nimpls, who))
		return false;
	if (e->nplatforms && !any_match(e->platforms, e->nplatforms, platform))
		return false;
	for (size_t k = 0; k < e->nkernel; k++)
		if (!kernel_holds(&e->kernel[k], kernel))
			return false;
	return true;
}

static void join(char *buf, size_t cap, const char *prefix,
		 char *const *v, size_t n)
{
	size_t len = strlen(buf);
	for (size_t k = 0; k < n && len < cap; k++) {
		snprintf(buf + len, cap - len, "%s%s", k ? "," : prefix, v[k]);
		len += strlen(buf + len);
	}
}

void expect_impl_text(const xentry *e, char *buf, size_t cap)
{
	buf[0] = '\0';
	if (e->nimpls)
		join(buf, cap, "", e->impls, e->nimpls);
	else if (e->family)
		snprintf(buf, cap, "%s", e->family);
	else
		snprintf(buf, cap, "every implementation");
}

void expect_where_text(const xentry *e, char *buf, size_t cap)
{
	buf[0] = '\0';
	size_t len = 0;
	for (size_t k = 0; k < e->nkernel && len < cap; k++) {
		snprintf(buf + len, cap - len, "%skernel%s%s", len ? " " : "",
			 e->kernel[k].op, e->kernel[k].version);
		len += strlen(buf + len);
	}
	if (e->nplatforms && len < cap) {
		if (len)
			snprintf(buf + len, cap - len, " ");
		join(buf, cap, "platform=", e->platforms, e->nplatforms);
		len = strlen(buf);
	}
	for (size_t k = 0; k < e->nversion && len < cap; k++) {
		snprintf(buf + len, cap - len, "%sversion%s%s", len ? " " : "",
			 e->version[k].op, e->version[k].version);
		len += strlen(buf + len);
	}
	if (e->as_peer && len < cap)
		snprintf(buf + len, cap - len, "%sas-peer", len ? " " : "");
}
