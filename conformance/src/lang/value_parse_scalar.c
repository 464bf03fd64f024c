/*
 * value_parse_scalar.c — the number and string/bytes literal parsers behind
 * v_parse: Python's integer bases, underscores, floats, prefixes (b, r, br)
 * and escapes, with every read bounded by the terminating NUL.
 */
#include "value_internal.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int hexval(unsigned c)
{
	if (c >= '0' && c <= '9')
		return (int)(c - '0');
	if (c >= 'a' && c <= 'f')
		return (int)(c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (int)(c - 'A' + 10);
	return -1;
}

static int digit_in_base(unsigned c, int base)
{
	int d = hexval(c);
	return d >= 0 && d < base ? d : -1;
}

/*
 * Numbers: [sign] (0x|0o|0b)digits | decimal int | float. Underscores only
 * between digits, as in Python.
 */
value *vi_parse_number(vi_parser *p)
{
	size_t start = p->pos;
	bool neg = false;
	if (vi_cur(p) == '+' || vi_cur(p) == '-') {
		neg = vi_cur(p) == '-';
		p->pos++;
		vi_skip_ws(p);
		if (!vi_is_digit(vi_cur(p)) &&
		    !(vi_cur(p) == '.' && vi_is_digit(vi_peek(p, 1))))
			return vi_fail(p, p->pos,
				       "expected a number after sign");
	}
	size_t nstart = p->pos;
	int base = 10;
	if (vi_cur(p) == '0') {
		unsigned c = vi_peek(p, 1);
		if (c == 'x' || c == 'X')
			base = 16;
		else if (c == 'o' || c == 'O')
			base = 8;
		else if (c == 'b' || c == 'B')
			base = 2;
	}
	if (base != 10) {
		p->pos += 2;
		unsigned long long mag = 0;
		bool any = false, over = false;
		vi_buf dg = {0};
		if (neg)
			vi_putc(&dg, '-');
		for (;;) {
			unsigned c = vi_cur(p);
			if (c == '_') {
				/* Python: 0x_1F is fine, 0x1__F and 0x1F_ are not */
				if (digit_in_base(vi_peek(p, 1), base) < 0) {
					free(dg.p);
					return vi_fail(p, p->pos,
						       "invalid number");
				}
				p->pos++;
				continue;
			}
			int d = digit_in_base(c, base);
			if (d < 0)
				break;
			any = true;
			vi_putc(&dg, (char)c);
			if (mag > (ULLONG_MAX - (unsigned)d) / (unsigned)base)
				over = true;
			else
				mag = mag * (unsigned)base + (unsigned)d;
			p->pos++;
		}
		if (!any || vi_is_ident(vi_cur(p)) || vi_is_digit(vi_cur(p))) {
			free(dg.p);
			return vi_fail(p, p->pos, "invalid number");
		}
		if (over || mag > (neg ? 9223372036854775808ULL
				       : 9223372036854775807ULL)) {
			/* beyond int64: an int of any size, as Python's */
			value *big = NULL;
			if (dg.len <= VI_MAX_INT_DIGITS * 4)
				big = vi_int_text(dg.p, base);
			free(dg.p);
			return big ? big : vi_fail(p, start, "integer out of range");
		}
		free(dg.p);
		long long v = neg ? (long long)(0 - mag) : (long long)mag;
		if (neg && mag == 9223372036854775808ULL)
			v = LLONG_MIN;
		return v_int(v);
	}

	/* Decimal: gather digits (without underscores) into a buffer. */
	vi_buf d = {0};
	bool isfloat = false, anydig = false;
	if (neg)
		vi_putc(&d, '-');
	size_t intdigits = 0;
	bool leadzero_nonzero = false, seen_nonzero = false;
#define DIGITS(countvar)                                                       \
	do {                                                                   \
		while (vi_is_digit(vi_cur(p))) {                               \
			vi_putc(&d, (char)vi_cur(p));                          \
			countvar;                                              \
			p->pos++;                                              \
			if (vi_cur(p) == '_') {                                \
				if (!vi_is_digit(vi_peek(p, 1))) {             \
					free(d.p);                             \
					return vi_fail(p, p->pos,              \
						       "invalid number");      \
				}                                              \
				p->pos++;                                      \
			}                                                      \
		}                                                              \
	} while (0)
	DIGITS((anydig = true, intdigits++,
		seen_nonzero = seen_nonzero || vi_cur(p) != '0'));
	if (intdigits > 1 && d.p[neg ? 1 : 0] == '0' && seen_nonzero)
		leadzero_nonzero = true;
	if (vi_cur(p) == '.') {
		isfloat = true;
		vi_putc(&d, '.');
		p->pos++;
		if (vi_is_digit(vi_cur(p)))
			DIGITS(anydig = true);
	}
	if (!anydig) {
		free(d.p);
		return vi_fail(p, nstart, "invalid number");
	}
	if (vi_cur(p) == 'e' || vi_cur(p) == 'E') {
		size_t epos = p->pos;
		isfloat = true;
		vi_putc(&d, 'e');
		p->pos++;
		if (vi_cur(p) == '+' || vi_cur(p) == '-') {
			vi_putc(&d, (char)vi_cur(p));
			p->pos++;
		}
		if (!vi_is_digit(vi_cur(p))) {
			free(d.p);
			return vi_fail(p, epos, "invalid number");
		}
		DIGITS((void)0);
	}
#undef DIGITS
	if (vi_is_ident(vi_cur(p)) || vi_cur(p) == '.') {
		free(d.p);
		return vi_fail(p, p->pos, "invalid number");
	}
	if (!isfloat && leadzero_nonzero) {
		free(d.p);
		return vi_fail(p, nstart,
			    "leading zeros in decimal integer literals are not "
			    "permitted");
	}
	value *v;
	if (isfloat) {
		v = v_float(strtod(d.p, NULL));
	} else {
		/* Digits only (and a leading '-'): compare magnitudes. */
		const char *s = d.p + (neg ? 1 : 0);
		while (*s == '0' && s[1])
			s++;
		size_t n = strlen(s);
		const char *lim = neg ? "9223372036854775808"
				      : "9223372036854775807";
		if (n > 19 || (n == 19 && strcmp(s, lim) > 0)) {
			/* beyond int64: an int of any size, as Python's */
			if (n > VI_MAX_INT_DIGITS) {
				free(d.p);
				return vi_fail(p, start, "integer out of range");
			}
			v = vi_int_text(d.p, 10);
			free(d.p);
			return v;
		}
		unsigned long long mag = 0;
		for (; *s; s++)
			mag = mag * 10 + (unsigned)(*s - '0');
		v = v_int(neg ? (mag == 9223372036854775808ULL
					 ? LLONG_MIN
					 : -(long long)mag)
			      : (long long)mag);
	}
	free(d.p);
	return v;
}

/* The string / bytes literal starting at the prefix (if any). */
value *vi_parse_string(vi_parser *p, bool bytes, bool raw)
{
	unsigned char q = vi_cur(p);
	size_t open = p->pos;
	p->pos++;
	if (vi_cur(p) == q && vi_peek(p, 1) == q)
		return vi_fail(p, open,
			       "triple-quoted strings are not supported");
	vi_buf b = {0};
	vi_put(&b, "", 0);
	for (;;) {
		unsigned char c = vi_cur(p);
		size_t at = p->pos;
		if (c == '\0' || c == '\n' || c == '\r') {
			free(b.p);
			return vi_fail(p, open, "unterminated string");
		}
		if (c == q) {
			p->pos++;
			break;
		}
		if (c >= 0x80) {
			unsigned long cp;
			size_t n = vi_utf8_decode(
				(const unsigned char *)p->t + at,
				strnlen(p->t + at, 4), &cp);
			if (n == 0) {
				free(b.p);
				return vi_fail(p, at, "invalid UTF-8");
			}
			if (bytes) {
				free(b.p);
				return vi_fail(p, at,
					    "bytes can only contain ASCII "
					    "literal characters");
			}
			vi_put(&b, p->t + at, n);
			p->pos += n;
			continue;
		}
		if (c != '\\') {
			vi_putc(&b, (char)c);
			p->pos++;
			continue;
		}
		/* backslash */
		unsigned char e = vi_peek(p, 1);
		if (raw) {
			/* a raw literal keeps the backslash and whatever
			 * follows, but the following quote does not end the
			 * literal */
			if (e == '\0' || e == '\n' || e == '\r') {
				free(b.p);
				return vi_fail(p, open, "unterminated string");
			}
			vi_putc(&b, '\\');
			p->pos++;
			if (e < 0x80) {
				vi_putc(&b, (char)e);
				p->pos++;
			}
			continue;
		}
		p->pos += 2;
		switch (e) {
		case '\0':
			free(b.p);
			return vi_fail(p, open, "unterminated string");
		case '\n':
			break; /* line continuation */
		case '\r':
			if (vi_cur(p) == '\n')
				p->pos++;
			break;
		case '\\': vi_putc(&b, '\\'); break;
		case '\'': vi_putc(&b, '\''); break;
		case '"': vi_putc(&b, '"'); break;
		case 'a': vi_putc(&b, '\a'); break;
		case 'b': vi_putc(&b, '\b'); break;
		case 'f': vi_putc(&b, '\f'); break;
		case 'n': vi_putc(&b, '\n'); break;
		case 'r': vi_putc(&b, '\r'); break;
		case 't': vi_putc(&b, '\t'); break;
		case 'v': vi_putc(&b, '\v'); break;
		case '0': case '1': case '2': case '3':
		case '4': case '5': case '6': case '7': {
			unsigned long v = e - '0';
			for (int k = 0;
			     k < 2 && vi_cur(p) >= '0' && vi_cur(p) <= '7';
			     k++, p->pos++)
				v = v * 8 + (vi_cur(p) - '0');
			if (bytes)
				vi_putc(&b, (char)(v & 0xFF));
			else
				vi_put_utf8(&b, v);
			break;
		}
		case 'x':
		case 'u':
		case 'U': {
			if (bytes && e != 'x') {
				vi_putc(&b, '\\');
				vi_putc(&b, (char)e);
				break;
			}
			int nd = e == 'x' ? 2 : e == 'u' ? 4 : 8;
			unsigned long v = 0;
			for (int k = 0; k < nd; k++) {
				int h = hexval(vi_cur(p));
				if (h < 0) {
					free(b.p);
					return vi_fail(p, at,
						    "truncated \\%cXX%s escape",
						    e, nd == 2 ? "" :
						    nd == 4 ? "XX" : "XXXXXX");
				}
				v = v * 16 + (unsigned)h;
				p->pos++;
			}
			if (bytes)
				vi_putc(&b, (char)v);
			else if (v > 0x10FFFF) {
				free(b.p);
				return vi_fail(p, at,
					       "illegal Unicode character");
			} else
				vi_put_utf8(&b, v);
			break;
		}
		case 'N':
			if (!bytes) {
				free(b.p);
				return vi_fail(p, at,
					       "\\N{...} escapes are not "
					       "supported");
			}
			/* fall through */
		default:
			/* unknown escape: Python keeps the backslash */
			vi_putc(&b, '\\');
			p->pos--;
			break;
		}
	}
	value *v = bytes ? v_bytes(b.p, b.len) : v_str(b.p, b.len);
	free(b.p);
	return v;
}
