/*
 * value_internal.h — private interface between the parts of the value
 * library (value.c, value_scan.c, value_parse.c, value_parse_scalar.c,
 * value_format.c).
 * Not for use outside it; the public interface is value.h.
 */
#ifndef SOCKSPEC_VALUE_INTERNAL_H
#define SOCKSPEC_VALUE_INTERNAL_H

#include "value.h"

#include <stdbool.h>
#include <stddef.h>

/* value.c: memory (abort on exhaustion) */
void *vi_xmalloc(size_t n);
void *vi_xcalloc(size_t n, size_t sz);
void *vi_xrealloc(void *p, size_t n);
value *vi_new(vkind kind);

/* value.c: a growable NUL-terminated byte buffer */
typedef struct vi_buf {
	char *p;
	size_t len, cap;
} vi_buf;

void vi_put(vi_buf *b, const void *p, size_t n);
void vi_putc(vi_buf *b, char c);
void vi_puts(vi_buf *b, const char *s);
void vi_printf(vi_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Append code point cp as (generalised) UTF-8; surrogates become WTF-8. */
void vi_put_utf8(vi_buf *b, unsigned long cp);
/* Decode one UTF-8 (or WTF-8) sequence from p[0..n): its length, or 0. */
size_t vi_utf8_decode(const unsigned char *p, size_t n, unsigned long *cp);

/* value_scan.c: parser state and primitives */
typedef struct vi_parser {
	const char *t;
	size_t pos;
	char *err;
	size_t errcap;
	bool failed;
} vi_parser;

value *vi_fail(vi_parser *p, size_t at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
unsigned char vi_cur(const vi_parser *p);
unsigned char vi_peek(const vi_parser *p, size_t k);
void vi_skip_ws(vi_parser *p);
bool vi_is_digit(unsigned c);
bool vi_is_alpha(unsigned c);
bool vi_is_ident(unsigned c);

/* value_bigint.c: [-]DIGITS in base 2, 8, 10 or 16, no underscores */
value *vi_int_text(const char *digits, int base);
/* Longest integer literal accepted (digits): beyond it parsing would be
 * quadratic in a hostile line's length. */
#define VI_MAX_INT_DIGITS 5000

/* value_parse_scalar.c */
value *vi_parse_number(vi_parser *p);
value *vi_parse_string(vi_parser *p, bool bytes, bool raw);

#endif
