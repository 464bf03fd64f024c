/*
 * value_scan.c — the scanner under the value parser: the cursor, blanks,
 * character classes and the positioned error. value_parse.c (containers)
 * and value_parse_scalar.c (numbers, strings) both stand on it.
 */
#include "value_internal.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

value *vi_fail(vi_parser *p, size_t at, const char *fmt, ...)
{
	if (!p->failed) {
		p->failed = true;
		p->pos = at;
		if (p->err && p->errcap) {
			va_list ap;
			va_start(ap, fmt);
			vsnprintf(p->err, p->errcap, fmt, ap);
			va_end(ap);
		}
	}
	return NULL;
}

unsigned char vi_cur(const vi_parser *p)
{
	return (unsigned char)p->t[p->pos];
}

unsigned char vi_peek(const vi_parser *p, size_t k)
{
	/* Never read past the NUL: stop at the first one. */
	for (size_t j = 0; j < k; j++)
		if (p->t[p->pos + j] == '\0')
			return 0;
	return (unsigned char)p->t[p->pos + k];
}

void vi_skip_ws(vi_parser *p)
{
	for (;;) {
		unsigned char c = vi_cur(p);
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == '\f' || c == '\v')
			p->pos++;
		else
			break;
	}
}

bool vi_is_digit(unsigned c)
{
	return c >= '0' && c <= '9';
}

bool vi_is_alpha(unsigned c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool vi_is_ident(unsigned c)
{
	return vi_is_alpha(c) || vi_is_digit(c) || c >= 0x80;
}

