/*
 * case.c — the case-file parser (conformance/README.md gives the grammar).
 *
 * A case is a header of `key: value` lines ending at the first blank line
 * (comment lines and blank lines before the first key are skipped), then
 * one step a line. Every fault is reported once, as "FILE:LINE:COL: reason"
 * with 1-based line and byte column, and the partial case is freed.
 */
#include "case_parse.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ lines */

/* Cut a `#` comment outside string literals, then trailing blanks. */
static void cut_comment(char *s)
{
	char q = 0;
	size_t i, n;

	for (i = 0; s[i]; i++) {
		if (q) {
			if (s[i] == '\\' && s[i + 1])
				i++;
			else if (s[i] == q)
				q = 0;
		} else if (s[i] == '\'' || s[i] == '"') {
			q = s[i];
		} else if (s[i] == '#') {
			s[i] = '\0';
			break;
		}
	}
	n = strlen(s);
	while (n && (cp_is_ws(s[n - 1]) || s[n - 1] == '\r'))
		s[--n] = '\0';
}

static bool blank(const char *s)
{
	while (cp_is_ws(*s) || *s == '\r')
		s++;
	return *s == '\0';
}

static char *case_name(const char *path)
{
	const char *below = NULL, *s, *base, *dot;
	size_t n;

	for (s = path; (s = strstr(s, "cases/")) != NULL; s++)
		if (s == path || s[-1] == '/')
			below = s + strlen("cases/");
	if (below && *below) {
		n = strlen(below);
		if (n > 5 && strcmp(below + n - 5, ".case") == 0)
			n -= 5;
		return cp_xstrndup(below, n);
	}
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	if (dot && dot != base)
		return cp_xstrndup(base, (size_t)(dot - base));
	return cp_xstrdup(*base ? base : path);
}

scase *case_parse(const char *path, const char *text, char *errbuf,
		  size_t errcap)
{
	parser p;
	scase *c;
	hline *hl = NULL;
	size_t nh = 0, i;
	const char *t = text ? text : "";
	char *line = NULL;
	int lineno = 0, end_line = 0;
	bool in_header = true, ok = true;

	if (!path)
		path = "(case)";
	if (errbuf && errcap)
		errbuf[0] = '\0';
	memset(&p, 0, sizeof p);
	p.path = path;
	p.errbuf = errbuf;
	p.errcap = errcap;
	p.s = "";
	c = cp_xcalloc(1, sizeof *c);
	c->path = cp_xstrdup(path);
	c->name = case_name(path);
	c->timeout = 20;
	p.c = c;

	while (ok && *t) {
		const char *nl = strchr(t, '\n');
		size_t len = nl ? (size_t)(nl - t) : strlen(t);

		lineno++;
		line = cp_xstrndup(t, len);
		t += len + (nl ? 1 : 0);
		if (in_header) {
			if (blank(line)) {
				free(line);
				line = NULL;
				if (nh)
					in_header = false;
				end_line = lineno;
				continue;
			}
			cut_comment(line);
			if (blank(line)) {
				free(line);
				line = NULL;
				continue;
			}
			p.line = lineno;
			p.s = line;
			p.pos = 0;
			cp_skip_ws(&p);
			cp_grow(&hl, nh, sizeof *hl);
			hl[nh].line = lineno;
			hl[nh].text = line;
			hl[nh].key = p.pos;
			hl[nh].keylen = cp_id_len(line + p.pos);
			if (!hl[nh].keylen) {
				nh++;
				line = NULL;
				cp_perr(&p, p.pos, "expected 'key: value'");
				ok = false;
				break;
			}
			p.pos += hl[nh].keylen;
			nh++;
			line = NULL;
			cp_skip_ws(&p);
			if (p.s[p.pos] != ':') {
				cp_perr(&p, p.pos, "expected ':'");
				ok = false;
				break;
			}
			p.pos++;
			cp_skip_ws(&p);
			if (!p.s[p.pos]) {
				cp_perr(&p, p.pos, "empty value");
				ok = false;
				break;
			}
			hl[nh - 1].val = p.pos;
			continue;
		}
		cut_comment(line);
		if (blank(line)) {
			free(line);
			line = NULL;
			continue;
		}
		/* the first step line: the header is complete */
		if (!c->host_impl) {
			if (!cp_header(&p, hl, nh)) {
				ok = false;
				break;
			}
		}
		{
			step *st;
			char *b = line;
			size_t n = strlen(b), off;

			off = 0;
			while (cp_is_ws(b[off]))
				off++;
			cp_grow(&c->steps, c->nsteps, sizeof *c->steps);
			st = &c->steps[c->nsteps++];
			memset(st, 0, sizeof *st);
			st->line = lineno;
			st->text = cp_xstrndup(b + off, n - off);
			p.line = lineno;
			p.s = line;
			p.pos = 0;
			if (!cp_parse_step(&p, st))
				ok = false;
		}
		free(line);
		line = NULL;
	}
	free(line);
	if (ok && !c->host_impl)
		ok = cp_header(&p, hl, nh);
	if (ok && c->nsteps == 0) {
		p.line = end_line ? end_line + 1 : lineno + 1;
		p.s = "";
		cp_perr(&p, 0, "no steps");
		ok = false;
	}
	for (i = 0; i < nh; i++)
		free(hl[i].text);
	free(hl);
	if (!ok) {
		case_free(c);
		return NULL;
	}
	return c;
}

scase *case_load(const char *path, char *errbuf, size_t errcap)
{
	FILE *f;
	char *buf = NULL;
	size_t len = 0, cap = 0, i;
	int line = 1;
	size_t col = 1;
	scase *c;

	if (errbuf && errcap)
		errbuf[0] = '\0';
	f = fopen(path, "rb");
	if (!f) {
		if (errbuf && errcap)
			snprintf(errbuf, errcap, "%s:1:1: cannot open: %s", path,
				 strerror(errno));
		return NULL;
	}
	for (;;) {
		size_t got;
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 8192;
			buf = cp_xrealloc(buf, cap);
		}
		got = fread(buf + len, 1, cap - len - 1, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		if (errbuf && errcap)
			snprintf(errbuf, errcap, "%s:1:1: cannot read: %s", path,
				 strerror(errno));
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[len] = '\0';
	for (i = 0; i < len; i++) {
		if (buf[i] == '\0') {
			if (errbuf && errcap)
				snprintf(errbuf, errcap, "%s:%d:%zu: NUL byte",
					 path, line, col);
			free(buf);
			return NULL;
		}
		if (buf[i] == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	c = case_parse(path, buf, errbuf, errcap);
	free(buf);
	return c;
}

bool case_const_name(const char *s)
{
	if (!isupper((unsigned char)*s))
		return false;
	for (; *s; s++)
		if (!isupper((unsigned char)*s) && !isdigit((unsigned char)*s) &&
		    *s != '_')
			return false;
	return true;
}
