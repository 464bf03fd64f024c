/*
 * value_format.c — v_format: Python repr() of a value, including str
 * escaping by str.isprintable() rules and the shortest round-trip float.
 */
#include "value_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- format */

/*
 * Code points Python's str.isprintable() rejects, beyond C0/DEL/C1 and the
 * no-break space: the other separators (Zs, Zl, Zp), format characters (Cf),
 * surrogates, private use and non-characters. Unassigned code points (Cn)
 * depend on the Unicode version and are printed raw.
 */
static const struct {
	unsigned long lo, hi;
} nonprint[] = {
	{0xAD, 0xAD},       {0x600, 0x605},     {0x61C, 0x61C},
	{0x6DD, 0x6DD},     {0x70F, 0x70F},     {0x890, 0x891},
	{0x8E2, 0x8E2},     {0x1680, 0x1680},   {0x180E, 0x180E},
	{0x2000, 0x200F},   {0x2028, 0x202F},   {0x205F, 0x2064},
	{0x2066, 0x206F},   {0x3000, 0x3000},   {0xD800, 0xF8FF},
	{0xFDD0, 0xFDEF},   {0xFEFF, 0xFEFF},   {0xFFF9, 0xFFFB},
	{0xFFFE, 0xFFFF},   {0x110BD, 0x110BD}, {0x110CD, 0x110CD},
	{0x13430, 0x1343F}, {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A},
	{0xE0001, 0xE0001}, {0xE0020, 0xE007F}, {0xF0000, 0x10FFFF},
};

static bool printable(unsigned long cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp <= 0xA0))
		return false;
	if ((cp & 0xFFFE) == 0xFFFE)
		return false; /* U+xxFFFE/U+xxFFFF non-characters */
	for (size_t k = 0; k < sizeof nonprint / sizeof nonprint[0]; k++)
		if (cp >= nonprint[k].lo && cp <= nonprint[k].hi)
			return false;
	return true;
}

static char pick_quote(const char *s, size_t len)
{
	bool sq = memchr(s, '\'', len) != NULL;
	bool dq = memchr(s, '"', len) != NULL;
	return sq && !dq ? '"' : '\'';
}

static void fmt_str(vi_buf *b, const char *s, size_t len)
{
	if (!s)
		len = 0;
	char q = pick_quote(s ? s : "", len);
	vi_putc(b, q);
	const unsigned char *u = (const unsigned char *)s;
	size_t k = 0;
	while (k < len) {
		unsigned c = u[k];
		if (c == (unsigned char)q || c == '\\') {
			vi_putc(b, '\\');
			vi_putc(b, (char)c);
			k++;
		} else if (c == '\n') {
			vi_puts(b, "\\n"), k++;
		} else if (c == '\r') {
			vi_puts(b, "\\r"), k++;
		} else if (c == '\t') {
			vi_puts(b, "\\t"), k++;
		} else if (c < 0x20 || c == 0x7F) {
			vi_printf(b, "\\x%02x", c), k++;
		} else if (c < 0x80) {
			vi_putc(b, (char)c), k++;
		} else {
			unsigned long cp;
			size_t n = vi_utf8_decode(u + k, len - k, &cp);
			if (n == 0) {
				/* not UTF-8: show the byte as surrogateescape
				 * would have decoded it */
				vi_printf(b, "\\udc%02x", c);
				k++;
				continue;
			}
			if (printable(cp))
				vi_put(b, u + k, n);
			else if (cp < 0x100)
				vi_printf(b, "\\x%02lx", cp);
			else if (cp < 0x10000)
				vi_printf(b, "\\u%04lx", cp);
			else
				vi_printf(b, "\\U%08lx", cp);
			k += n;
		}
	}
	vi_putc(b, q);
}

static void fmt_bytes(vi_buf *b, const char *s, size_t len)
{
	if (!s)
		len = 0;
	char q = pick_quote(s ? s : "", len);
	vi_putc(b, 'b');
	vi_putc(b, q);
	for (size_t k = 0; k < len; k++) {
		unsigned c = (unsigned char)s[k];
		if (c == (unsigned char)q || c == '\\') {
			vi_putc(b, '\\');
			vi_putc(b, (char)c);
		} else if (c == '\n')
			vi_puts(b, "\\n");
		else if (c == '\r')
			vi_puts(b, "\\r");
		else if (c == '\t')
			vi_puts(b, "\\t");
		else if (c < 0x20 || c >= 0x7F)
			vi_printf(b, "\\x%02x", c);
		else
			vi_putc(b, (char)c);
	}
	vi_putc(b, q);
}

/* repr(float): the shortest digits that round-trip, in Python's layout. */
static void fmt_float(vi_buf *b, double f)
{
	if (isnan(f)) {
		vi_puts(b, "nan");
		return;
	}
	if (isinf(f)) {
		vi_puts(b, f < 0 ? "-inf" : "inf");
		return;
	}
	char e[40];
	for (int prec = 0; prec <= 16; prec++) {
		snprintf(e, sizeof e, "%.*e", prec, f);
		if (strtod(e, NULL) == f)
			break;
	}
	/* e = [-]d[.ddd]e[+-]XX */
	bool neg = e[0] == '-';
	const char *m = e + (neg ? 1 : 0);
	char digits[24];
	size_t nd = 0;
	const char *x = m;
	for (; *x && *x != 'e'; x++)
		if (*x != '.' && nd < sizeof digits - 1)
			digits[nd++] = *x;
	digits[nd] = '\0';
	int exp = *x == 'e' ? atoi(x + 1) : 0;
	while (nd > 1 && digits[nd - 1] == '0')
		digits[--nd] = '\0';
	if (neg)
		vi_putc(b, '-');
	if (exp < -4 || exp >= 16) {
		vi_putc(b, digits[0]);
		if (nd > 1) {
			vi_putc(b, '.');
			vi_puts(b, digits + 1);
		}
		vi_printf(b, "e%c%02d", exp < 0 ? '-' : '+',
			  exp < 0 ? -exp : exp);
	} else if (exp < 0) {
		vi_puts(b, "0.");
		for (int k = -1; k > exp; k--)
			vi_putc(b, '0');
		vi_puts(b, digits);
	} else {
		size_t ip = (size_t)exp + 1;
		for (size_t k = 0; k < ip; k++)
			vi_putc(b, k < nd ? digits[k] : '0');
		vi_putc(b, '.');
		if (nd > ip)
			vi_puts(b, digits + ip);
		else
			vi_putc(b, '0');
	}
}

static void fmt(vi_buf *b, const value *v)
{
	if (!v) {
		vi_puts(b, "None");
		return;
	}
	switch (v->kind) {
	case V_NONE:
		vi_puts(b, "None");
		break;
	case V_BOOL:
		vi_puts(b, v->b ? "True" : "False");
		break;
	case V_INT:
		vi_printf(b, "%lld", v->i);
		break;
	case V_BIGINT: /* decimal, as Python writes it */
		vi_puts(b, v->s);
		break;
	case V_FLOAT:
		fmt_float(b, v->f);
		break;
	case V_STR:
		fmt_str(b, v->s, v->len);
		break;
	case V_BYTES:
		fmt_bytes(b, v->s, v->len);
		break;
	case V_TUPLE:
	case V_LIST: {
		bool t = v->kind == V_TUPLE;
		vi_putc(b, t ? '(' : '[');
		for (size_t k = 0; k < v->len; k++) {
			if (k)
				vi_puts(b, ", ");
			fmt(b, v->items ? v->items[k] : NULL);
		}
		if (t && v->len == 1)
			vi_putc(b, ',');
		vi_putc(b, t ? ')' : ']');
		break;
	}
	case V_DICT:
		vi_putc(b, '{');
		for (size_t k = 0; k < v->len; k++) {
			if (k)
				vi_puts(b, k % 2 ? ": " : ", ");
			fmt(b, v->items ? v->items[k] : NULL);
		}
		vi_putc(b, '}');
		break;
	case V_HANDLE:
		vi_printf(b, "<%s %lld>", v->s ? v->s : "handle", v->i);
		break;
	case V_CLASS:
		vi_puts(b, "<class ");
		fmt_str(b, v->s, strlen(v->s));
		vi_puts(b, " (");
		for (size_t k = 0; k < v->len; k++) {
			if (k)
				vi_puts(b, ", ");
			fmt(b, v->items[k]);
		}
		vi_puts(b, v->len == 1 ? ",)>" : ")>");
		break;
	default:
		vi_puts(b, "<?>");
		break;
	}
}

char *v_format(const value *v)
{
	vi_buf b = {0};
	vi_put(&b, "", 0);
	fmt(&b, v);
	return b.p;
}
