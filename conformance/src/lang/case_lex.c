/*
 * case_lex.c — the shared scanning layer of the case-file parser: memory
 * helpers, "FILE:LINE:COL: reason" error reporting, and the character,
 * word and number scanners used by the header, step and expression parsers.
 */
#include "case_parse.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- memory */

void *cp_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		abort();
	return q;
}

void *cp_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		abort();
	return p;
}

char *cp_xstrndup(const char *s, size_t n)
{
	char *d = cp_xrealloc(NULL, n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *cp_xstrdup(const char *s)
{
	return cp_xstrndup(s, strlen(s));
}

/* Grow *arr (element size sz) so that index n is writable. */
void cp_grow(void *arr, size_t n, size_t sz)
{
	void **a = arr;
	if (n == 0 || (n & (n - 1)) == 0) {
		size_t cap = n ? n * 2 : 1;
		*a = cp_xrealloc(*a, cap * sz);
	}
}

/* ---------------------------------------------------------------- parser */

void cp_perr(parser *p, size_t off, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (p->failed)
		return;
	p->failed = true;
	if (!p->errbuf || p->errcap == 0)
		return;
	n = snprintf(p->errbuf, p->errcap, "%s:%d:%zu: ", p->path, p->line,
		     off + 1);
	if (n < 0 || (size_t)n >= p->errcap)
		return;
	va_start(ap, fmt);
	vsnprintf(p->errbuf + n, p->errcap - (size_t)n, fmt, ap);
	va_end(ap);
}

bool cp_is_id_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool cp_is_id_char(char c)
{
	return cp_is_id_start(c) || (c >= '0' && c <= '9');
}

bool cp_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

bool cp_is_ws(char c)
{
	return c == ' ' || c == '\t';
}

void cp_skip_ws(parser *p)
{
	while (cp_is_ws(p->s[p->pos]))
		p->pos++;
}

size_t cp_id_len(const char *s)
{
	size_t n = 0;
	if (!cp_is_id_start(s[0]))
		return 0;
	while (cp_is_id_char(s[n]))
		n++;
	return n;
}

/* The keyword w at the current position, as a whole word. */
bool cp_word_at(parser *p, const char *w)
{
	size_t n = strlen(w);
	return strncmp(p->s + p->pos, w, n) == 0 &&
	       !cp_is_id_char(p->s[p->pos + n]);
}

void cp_unexpected(parser *p)
{
	const char *s = p->s + p->pos;
	size_t n = cp_id_len(s);
	unsigned char c = (unsigned char)*s;

	if (n)
		cp_perr(p, p->pos, "unexpected '%.*s'", QLEN(n), s);
	else if (c == '\0')
		cp_perr(p, p->pos, "unexpected end of line");
	else if (c >= 0x20 && c < 0x7f)
		cp_perr(p, p->pos, "unexpected '%c'", c);
	else
		cp_perr(p, p->pos, "unexpected byte 0x%02x", c);
}

/*
 * A plain decimal number: 12, 0.5, .5, 1e3 ("1..2" stops before "..").
 * Advances p->pos and returns true, or leaves it and returns false.
 */
bool cp_scan_number(parser *p, double *out)
{
	const char *s = p->s;
	size_t q = p->pos, digits = 0;
	char buf[64], *end;
	double d;

	while (cp_is_digit(s[q]))
		q++, digits++;
	if (s[q] == '.' && s[q + 1] != '.') {
		q++;
		while (cp_is_digit(s[q]))
			q++, digits++;
	}
	if (!digits)
		return false;
	if (s[q] == 'e' || s[q] == 'E') {
		size_t r = q + 1;
		if (s[r] == '+' || s[r] == '-')
			r++;
		if (cp_is_digit(s[r])) {
			while (cp_is_digit(s[r]))
				r++;
			q = r;
		}
	}
	if (q - p->pos >= sizeof buf)
		return false;
	memcpy(buf, s + p->pos, q - p->pos);
	buf[q - p->pos] = '\0';
	errno = 0;
	d = strtod(buf, &end);
	if (*end || !isfinite(d))
		return false;
	*out = d;
	p->pos = q;
	return true;
}

int cp_host_index(const scase *c, const char *name, size_t n)
{
	size_t i;
	for (i = 0; i < c->nhosts; i++)
		if (strlen(c->hosts[i]) == n &&
		    memcmp(c->hosts[i], name, n) == 0)
			return (int)i;
	return -1;
}
