/*
 * textio.c — the text layer of makefile() streams (socket.rst:828-829):
 * encoding, errors and newline over libsockref's byte streams, which is
 * all sr_makefile gives a C caller.
 *
 * It also owns stream_err, the error of every failed stream operation,
 * text here or binary in methods.c: methods.c already calls into this
 * file, so with stream_err here both use it and this file calls nothing
 * of methods.c back.
 */
#include "adapter.h"
#include "textio.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_TEXTOPT 4096
static struct textopt textopts[MAX_TEXTOPT];

int textopt_parse(acall *c, struct textopt *t)
{
	const value *enc = arg(c, 2, "encoding"), *errs = arg(c, 3, "errors"),
		    *nl = arg(c, 4, "newline");
	*t = (struct textopt){ ENC_UTF8, false, NL_UNIVERSAL };
	if (enc && enc->kind == V_STR) {
		if (!strcasecmp(enc->s, "latin-1") || !strcasecmp(enc->s, "latin1") ||
		    !strcasecmp(enc->s, "iso-8859-1"))
			t->enc = ENC_LATIN1;
		else if (!strcasecmp(enc->s, "ascii"))
			t->enc = ENC_ASCII;
		else if (strcasecmp(enc->s, "utf-8") && strcasecmp(enc->s, "utf8")) {
			set_err(c->e, "LookupError", false, 0,
				"unknown encoding: %s", enc->s);
			return -1;
		}
	}
	if (errs && errs->kind == V_STR)
		t->replace = strcmp(errs->s, "replace") == 0;
	if (nl && nl->kind == V_STR) {
		if (nl->len == 0)
			t->newline = NL_NONE_TRANSLATE;
		else if (!strcmp(nl->s, "\n"))
			t->newline = NL_LF;
		else if (!strcmp(nl->s, "\r"))
			t->newline = NL_CR;
		else if (!strcmp(nl->s, "\r\n"))
			t->newline = NL_CRLF;
		else {
			set_err(c->e, "ValueError", false, 0, "illegal newline value");
			return -1;
		}
	}
	return 0;
}

void textopt_set(long long n, const struct textopt *t)
{
	if (n >= 0 && n < MAX_TEXTOPT)
		textopts[n] = *t;
}

const struct textopt *textopt_get(long long n)
{
	static const struct textopt dflt = { ENC_UTF8, false, NL_UNIVERSAL };
	return n >= 0 && n < MAX_TEXTOPT ? &textopts[n] : &dflt;
}

value *stream_err(acall *c, FILE *f)
{
	sr_err se;

	/* stdio kept only errno; libsockref kept the whole error of the
	 * failure. clearerr: the stream's next call must not read as failed
	 * because this one did. */
	sr_makefile_error(&se);
	clearerr(f);
	return fail_sr(c->e, &se);
}

/* Append the UTF-8 form of one decoded byte; -1 for a strict error. */
static int decode_byte(const struct textopt *t, int ch, char *out, size_t *o)
{
	unsigned cp = (unsigned)ch;
	if (t->enc == ENC_UTF8 || cp < 0x80) {
		out[(*o)++] = (char)cp;
		return 0;
	}
	if (t->enc == ENC_ASCII) {
		if (!t->replace)
			return -1;
		cp = 0xfffd;
	}
	if (cp < 0x800) {
		out[(*o)++] = (char)(0xc0 | cp >> 6);
		out[(*o)++] = (char)(0x80 | (cp & 0x3f));
	} else {
		out[(*o)++] = (char)(0xe0 | cp >> 12);
		out[(*o)++] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[(*o)++] = (char)(0x80 | (cp & 0x3f));
	}
	return 0;
}

/* read(n)/readline() in text mode: n counts decoded characters, close
 * enough to Python for the single-byte encodings. */
value *text_read(acall *c, FILE *f, const struct textopt *t,
			long long max, bool line)
{
	size_t cap = 256, o = 0;
	long long chars = 0;
	char *out = malloc(cap);
	value *v;
	if (!out)
		abort();
	while (max < 0 || chars < max) {
		int ch = getc(f);
		if (o + 8 >= cap && !(out = realloc(out, cap *= 2)))
			abort();
		if (ch == EOF)
			break;
		if (ch == '\r' && (t->newline == NL_UNIVERSAL ||
				   t->newline == NL_NONE_TRANSLATE)) {
			int next = getc(f);
			bool crlf = next == '\n';
			if (!crlf && next != EOF)
				ungetc(next, f);
			if (t->newline == NL_UNIVERSAL) {
				out[o++] = '\n';
			} else {
				out[o++] = '\r';
				if (crlf)
					out[o++] = '\n';
			}
			chars++;
			if (line)
				break;
			continue;
		}
		if (decode_byte(t, ch, out, &o) < 0) {
			free(out);
			set_err(c->e, "UnicodeDecodeError", false, 0,
				"'ascii' codec can't decode byte 0x%02x", ch);
			return NULL;
		}
		chars++;
		if (line && ((ch == '\n' && t->newline != NL_CR &&
			      t->newline != NL_CRLF) ||
			     (ch == '\r' && t->newline == NL_CR) ||
			     (ch == '\n' && t->newline == NL_CRLF && o >= 2 &&
			      out[o - 2] == '\r')))
			break;
	}
	if (ferror(f) && o == 0) {
		free(out);
		return stream_err(c, f);
	}
	clearerr(f);
	v = v_str(out, o);
	free(out);
	return v;
}

/* write(str) in text mode: translate '\n', encode; returns characters. */
value *text_write(acall *c, FILE *f, const struct textopt *t,
			 const value *v)
{
	long long chars = 0;
	for (size_t i = 0; i < v->len;) {
		const unsigned char *p = (const unsigned char *)v->s + i;
		unsigned cp = p[0];
		size_t n = 1;
		if (cp >= 0xc0 && cp < 0xe0 && i + 1 < v->len)
			cp = (cp & 0x1f) << 6 | (p[1] & 0x3f), n = 2;
		else if (cp >= 0xe0 && cp < 0xf0 && i + 2 < v->len)
			cp = (cp & 0x0f) << 12 | (p[1] & 0x3f) << 6 | (p[2] & 0x3f),
			n = 3;
		else if (cp >= 0xf0 && i + 3 < v->len)
			cp = 0x10000, n = 4; /* beyond every encoding here but utf-8 */
		i += n;
		chars++;
		if (cp == '\n' && t->newline == NL_CRLF) {
			if (fputs("\r\n", f) == EOF)
				return stream_err(c, f);
			continue;
		}
		if (cp == '\n' && t->newline == NL_CR) {
			if (putc('\r', f) == EOF)
				return stream_err(c, f);
			continue;
		}
		if (t->enc == ENC_UTF8) {
			if (fwrite(p, 1, n, f) != n)
				return stream_err(c, f);
			continue;
		}
		if (cp > (t->enc == ENC_LATIN1 ? 0xffu : 0x7fu)) {
			if (!t->replace) {
				set_err(c->e, "UnicodeEncodeError", false, 0,
					"codec can't encode character");
				return NULL;
			}
			cp = '?';
		}
		if (putc((int)cp, f) == EOF)
			return stream_err(c, f);
	}
	return v_int(chars);
}

