/* ---- makefile()'s text layer (socket.rst:828-829): encoding (UTF-8,
 * ---- latin-1, ascii), errors (strict, replace), newline (None, '',
 * ---- '\n', '\r', '\r\n') over libsockref's byte stream, as Python's
 * ---- TextIOWrapper reads and writes them */
#include <strings.h>
/*@ m_makefile m_read m_readline m_write */
/* the stream's failure as the documented error (sockref.h) */
static UNUSED V stream_err(void)
{
	sr_err e;
	sr_makefile_error(&e);
	return from_sr(&e);
}

enum { ENC_UTF8, ENC_LATIN1, ENC_ASCII };
enum { NL_UNIVERSAL, NL_UNTRANSLATED, NL_LF, NL_CR, NL_CRLF };
struct textio { int enc, nl; bool replace; };

static UNUSED V text_options(A *a, struct textio *t)
{
	V enc = arg(a, 2, "encoding"), err = arg(a, 3, "errors"),
	  nl = arg(a, 4, "newline");
	*t = (struct textio){ ENC_UTF8, NL_UNIVERSAL, false };
	if (enc && enc->k == K_STR) {
		if (!strcasecmp(enc->s, "latin-1") || !strcasecmp(enc->s, "latin1")
		    || !strcasecmp(enc->s, "iso-8859-1"))
			t->enc = ENC_LATIN1;
		else if (!strcasecmp(enc->s, "ascii"))
			t->enc = ENC_ASCII;
		else if (strcasecmp(enc->s, "utf-8") && strcasecmp(enc->s, "utf8"))
			return raise_("LookupError", false, 0, "unknown "
				      "encoding: %s", enc->s);
	}
	if (err && err->k == K_STR)
		t->replace = strcmp(err->s, "replace") == 0;
	if (nl && nl->k == K_STR) {
		static const char *const forms[] = { "", "\n", "\r", "\r\n" };
		int k = 0;
		while (k < 4 && strcmp(nl->s, forms[k]) != 0)
			k++;
		if (k == 4)
			return raise_("ValueError", false, 0,
				      "illegal newline value");
		t->nl = NL_UNTRANSLATED + k;
	}
	return NULL;
}

/* the bytes read as text in the stream's encoding, as UTF-8 */
static UNUSED V text_decode(const struct textio *t, const char *p, size_t n)
{
	sbuf_ b = {0};
	put(&b, "%s", "");
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c < 0x80 || t->enc == ENC_UTF8)
			put(&b, "%c", c);
		else if (t->enc == ENC_LATIN1)
			put(&b, "%c%c", 0xc0 | (c >> 6), 0x80 | (c & 0x3f));
		else if (t->replace)
			put(&b, "\xef\xbf\xbd");   /* U+FFFD */
		else
			return raise_("UnicodeDecodeError", false, 0, "'ascii' "
				      "codec can't decode byte 0x%02x", c);
	}
	return STR(b.s, b.n);
}

/* a str (UTF-8) to the stream's encoding, newlines as newline= says */
static UNUSED V text_encode(const struct textio *t, V v, sbuf_ *out)
{
	const unsigned char *p = (const unsigned char *)v->s;
	put(out, "%s", "");
	for (size_t i = 0; i < v->n; i++) {
		unsigned cp = p[i];
		size_t n = cp < 0x80 ? 1 : cp >= 0xf0 ? 4 : cp >= 0xe0 ? 3 : 2;
		if (n > 1 && t->enc != ENC_UTF8) {
			cp &= 0x7fu >> n;
			for (size_t k = 1; k < n && i + k < v->n; k++)
				cp = cp << 6 | (p[i + k] & 0x3fu);
			unsigned top = t->enc == ENC_LATIN1 ? 0xff : 0x7f;
			if (cp > top && !t->replace)
				return raise_("UnicodeEncodeError", false, 0,
					      "codec can't encode character "
					      "'\\u%04x'", cp);
			put(out, "%c", cp > top ? '?' : (char)cp);
			i += n - 1;
		} else if (cp == '\n' && t->nl >= NL_CR) {
			put(out, "%s", t->nl == NL_CR ? "\r" : "\r\n");
		} else {
			put(out, "%c", (char)cp);
		}
	}
	return NULL;
}

/* read(n) or readline(n) of text: n characters at the most; a line ends
 * where newline= says, translated to '\n' under universal newlines */
static UNUSED V text_read(V self, long long n, bool line)
{
	const struct textio *t = self->tx;
	sbuf_ raw = {0};
	long long chars = 0;
	put(&raw, "%s", "");
	while (n < 0 || chars < n) {
		int ch = getc(self->fp);
		if (ch == EOF)
			break;
		bool end = false;
		if (ch == '\r' && (t->nl == NL_UNIVERSAL ||
				   t->nl == NL_UNTRANSLATED)) {
			int nx = getc(self->fp);
			bool crlf = nx == '\n';
			if (!crlf && nx != EOF)
				ungetc(nx, self->fp);
			put(&raw, "%s", t->nl == NL_UNIVERSAL ? "\n"
					: crlf ? "\r\n" : "\r");
			end = true;
		} else {
			put(&raw, "%c", ch);
			end = ch == '\n' ? t->nl != NL_CR && t->nl != NL_CRLF
			      : ch == '\r' && t->nl == NL_CR;
			if (t->nl == NL_CRLF && ch == '\n')
				end = raw.n > 1 && raw.s[raw.n - 2] == '\r';
		}
		/* a character is its first byte in UTF-8 */
		chars += t->enc != ENC_UTF8 || (ch & 0xc0) != 0x80;
		if (line && end)
			break;
	}
	if (ferror(self->fp) && raw.n == 0)
		return stream_err();
	clearerr(self->fp);
	return text_decode(t, raw.s, raw.n);
}
