/* json.c — a small strict JSON reader for results files (json.h). */
#include "json.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct jp {
	const char *s;
	size_t i;
	char *err;
	size_t errcap;
	int depth;
};

static value *fail(struct jp *p, const char *why)
{
	snprintf(p->err, p->errcap, "column %zu: %s", p->i + 1, why);
	return NULL;
}

static void ws(struct jp *p)
{
	while (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' ||
	       p->s[p->i] == '\r')
		p->i++;
}

static int hex4(const char *s, unsigned *out)
{
	unsigned v = 0;
	for (int k = 0; k < 4; k++) {
		int c = s[k], d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -1;
		v = v * 16 + (unsigned)d;
	}
	*out = v;
	return 0;
}

/* Append code point cp as UTF-8 (lone surrogates kept, as WTF-8). */
static size_t put_utf8(char *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | cp >> 12);
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | cp >> 18);
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

static value *string(struct jp *p)
{
	size_t start = ++p->i, n = 0;
	char *buf;
	value *v;
	/* every escape shrinks or keeps the length: size by the raw text */
	while (p->s[p->i] && p->s[p->i] != '"') {
		if (p->s[p->i] == '\\' && p->s[p->i + 1])
			p->i++;
		p->i++;
	}
	if (p->s[p->i] != '"')
		return fail(p, "unterminated string");
	buf = malloc(p->i - start + 1);
	if (buf == NULL)
		abort();
	for (size_t k = start; k < p->i; k++) {
		unsigned cp, lo;
		if (p->s[k] != '\\') {
			if ((unsigned char)p->s[k] < 0x20) {
				free(buf);
				p->i = k;
				return fail(p, "control character in string");
			}
			buf[n++] = p->s[k];
			continue;
		}
		switch (p->s[++k]) {
		case '"': buf[n++] = '"'; break;
		case '\\': buf[n++] = '\\'; break;
		case '/': buf[n++] = '/'; break;
		case 'b': buf[n++] = '\b'; break;
		case 'f': buf[n++] = '\f'; break;
		case 'n': buf[n++] = '\n'; break;
		case 'r': buf[n++] = '\r'; break;
		case 't': buf[n++] = '\t'; break;
		case 'u':
			if (k + 4 >= p->i || hex4(p->s + k + 1, &cp) < 0) {
				free(buf);
				p->i = k;
				return fail(p, "bad \\u escape");
			}
			k += 4;
			if (cp >= 0xd800 && cp < 0xdc00 && p->s[k + 1] == '\\' &&
			    p->s[k + 2] == 'u' && hex4(p->s + k + 3, &lo) == 0 &&
			    lo >= 0xdc00 && lo < 0xe000) {
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				k += 6;
			}
			n += put_utf8(buf + n, cp);
			break;
		default:
			free(buf);
			p->i = k;
			return fail(p, "bad escape");
		}
	}
	p->i++;
	v = v_str(buf, n);
	free(buf);
	return v;
}

static value *parse(struct jp *p);

static value *seq(struct jp *p, char close, vkind kind)
{
	size_t cap = 8, n = 0;
	value **items = malloc(cap * sizeof *items);
	value *v;
	if (items == NULL)
		abort();
	p->i++;
	ws(p);
	if (p->s[p->i] == close) {
		p->i++;
		goto done;
	}
	for (;;) {
		value *item;
		if (n + 2 > cap) {
			cap *= 2;
			items = realloc(items, cap * sizeof *items);
			if (items == NULL)
				abort();
		}
		ws(p);
		if (kind == V_DICT) {
			if (p->s[p->i] != '"') {
				fail(p, "expected a string key");
				goto bad;
			}
			if ((item = string(p)) == NULL)
				goto bad;
			items[n++] = item;
			ws(p);
			if (p->s[p->i] != ':') {
				fail(p, "expected ':'");
				goto bad;
			}
			p->i++;
		}
		if ((item = parse(p)) == NULL)
			goto bad;
		items[n++] = item;
		ws(p);
		if (p->s[p->i] == ',') {
			p->i++;
			continue;
		}
		if (p->s[p->i] == close) {
			p->i++;
			break;
		}
		fail(p, close == ']' ? "expected ',' or ']'" : "expected ',' or '}'");
		goto bad;
	}
done:
	v = v_seq(kind, n);
	memcpy(v->items, items, n * sizeof *items);
	free(items);
	return v;
bad:
	while (n > 0)
		v_free(items[--n]);
	free(items);
	return NULL;
}

static value *number(struct jp *p)
{
	const char *start = p->s + p->i;
	char *end;
	bool integral = true;
	size_t k = p->i;
	if (p->s[k] == '-')
		k++;
	if (!isdigit((unsigned char)p->s[k]))
		return fail(p, "unexpected character");
	while (isdigit((unsigned char)p->s[k]) || p->s[k] == '.' ||
	       p->s[k] == 'e' || p->s[k] == 'E' || p->s[k] == '+' ||
	       p->s[k] == '-') {
		if (!isdigit((unsigned char)p->s[k]) && k != p->i)
			integral = false;
		k++;
	}
	if (integral) {
		long long v = strtoll(start, &end, 10);
		p->i = (size_t)(end - p->s);
		return v_int(v);
	}
	double d = strtod(start, &end);
	p->i = (size_t)(end - p->s);
	return v_float(d);
}

static value *parse(struct jp *p)
{
	value *v;
	ws(p);
	if (++p->depth > 64)
		return fail(p, "nested too deeply");
	switch (p->s[p->i]) {
	case '{': v = seq(p, '}', V_DICT); break;
	case '[': v = seq(p, ']', V_LIST); break;
	case '"': v = string(p); break;
	case 't':
		if (strncmp(p->s + p->i, "true", 4))
			return fail(p, "unexpected word");
		p->i += 4;
		v = v_bool(true);
		break;
	case 'f':
		if (strncmp(p->s + p->i, "false", 5))
			return fail(p, "unexpected word");
		p->i += 5;
		v = v_bool(false);
		break;
	case 'n':
		if (strncmp(p->s + p->i, "null", 4))
			return fail(p, "unexpected word");
		p->i += 4;
		v = v_none();
		break;
	default: v = number(p); break;
	}
	p->depth--;
	return v;
}

value *json_parse(const char *text, char *errbuf, size_t errcap)
{
	struct jp p = { text, 0, errbuf, errcap, 0 };
	value *v = parse(&p);
	if (v == NULL)
		return NULL;
	ws(&p);
	if (p.s[p.i] != '\0') {
		v_free(v);
		return fail(&p, "trailing characters");
	}
	return v;
}

const value *json_get(const value *obj, const char *key)
{
	if (obj == NULL || obj->kind != V_DICT)
		return NULL;
	for (size_t k = 0; k + 1 < obj->len; k += 2)
		if (obj->items[k]->kind == V_STR &&
		    strcmp(obj->items[k]->s, key) == 0)
			return obj->items[k + 1];
	return NULL;
}

const char *json_str(const value *obj, const char *key)
{
	const value *v = json_get(obj, key);
	return v && v->kind == V_STR ? v->s : "";
}
