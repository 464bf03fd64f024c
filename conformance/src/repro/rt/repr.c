/* ---- repr(): values written as Python writes them, for expected and
 * ---- observed */
typedef struct sbuf_ { char *s; size_t n, cap; } sbuf_;
static void put(sbuf_ *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(sbuf_ *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (b->n + (size_t)n + 1 > b->cap) {
		b->cap = (b->n + (size_t)n + 1) * 2;
		if (!(b->s = realloc(b->s, b->cap)))
			abort();
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->n, b->cap - b->n, fmt, ap);
	va_end(ap);
	b->n += (size_t)n;
}

/* str and bytes: Python's quotes and escapes (printable non-ASCII text
 * of a str as it is) */
static void put_quoted(sbuf_ *b, const char *s, size_t n, bool bytes)
{
	bool sq = memchr(s, '\'', n) != NULL, dq = memchr(s, '"', n) != NULL;
	char q = sq && !dq ? '"' : '\'';
	put(b, "%s%c", bytes ? "b" : "", q);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!bytes && c == 0xed && i + 2 < n &&
		    ((unsigned char)s[i + 1] & 0xf0) == 0xb0) {
			/* a lone surrogate (WTF-8): Python writes \udcXX */
			unsigned cp = 0xd000u |
				      ((unsigned)s[i + 1] & 0x3f) << 6 |
				      ((unsigned)s[i + 2] & 0x3f);
			put(b, "\\u%04x", cp);
			i += 2;
		} else if (c == '\\' || c == (unsigned char)q)
			put(b, "\\%c", c);
		else if (c == '\n')
			put(b, "\\n");
		else if (c == '\r')
			put(b, "\\r");
		else if (c == '\t')
			put(b, "\\t");
		else if (c < 0x20 || c == 0x7f || (bytes && c >= 0x80))
			put(b, "\\x%02x", c);
		else
			put(b, "%c", c);
	}
	put(b, "%c", q);
}

/* a float as Python's repr: the shortest text that reads back */
static void put_float(sbuf_ *b, double f)
{
	char t[64];
	if (isnan(f)) {
		put(b, "nan");
		return;
	}
	if (isinf(f)) {
		put(b, "%sinf", f < 0 ? "-" : "");
		return;
	}
	for (int p = 1; p <= 17; p++) {
		snprintf(t, sizeof t, "%.*g", p, f);
		if (strtod(t, NULL) == f)
			break;
	}
	put(b, "%s%s", t, strpbrk(t, ".e") ? "" : ".0");
}

static void put_err(sbuf_ *b, V e);

static void put_repr(sbuf_ *b, V v)
{
	if (!v) {
		put(b, "<no value>");
		return;
	}
	switch (v->k) {
	case K_NONE: put(b, "None"); return;
	case K_BOOL: put(b, "%s", v->i ? "True" : "False"); return;
	case K_INT: put(b, "%lld", v->i); return;
	case K_BIG: put(b, "%s", v->s); return;
	case K_FLOAT: put_float(b, v->f); return;
	case K_STR: put_quoted(b, v->s, v->n, false); return;
	case K_BYTES: put_quoted(b, v->s, v->n, true); return;
	case K_BARRAY:
		put(b, "bytearray(");
		put_quoted(b, v->s, v->n, true);
		put(b, ")");
		return;
	case K_MVIEW: put(b, "<memory of %zu bytes>", v->n); return;
	case K_DICT:
		put(b, "{");
		for (size_t i = 0; i < v->n; i += 2) {
			put(b, "%s", i ? ", " : "");
			put_repr(b, v->it[i]);
			put(b, ": ");
			put_repr(b, v->it[i + 1]);
		}
		put(b, "}");
		return;
	case K_TUPLE:
	case K_LIST:
		put(b, "%s", v->k == K_TUPLE ? "(" : "[");
		for (size_t i = 0; i < v->n; i++) {
			put(b, "%s", i ? ", " : "");
			put_repr(b, v->it[i]);
		}
		put(b, "%s", v->k == K_LIST ? "]" : v->n == 1 ? ",)" : ")");
		return;
	case K_SOCK:
		put(b, "<socket fd=%d, family=%d, type=%d, proto=%d>",
		    sr_fileno(v->sk), sr_family(v->sk), sr_type(v->sk),
		    sr_proto(v->sk));
		return;
	case K_FILE: put(b, "<file%s>", v->fp ? "" : " (closed)"); return;
	case K_CLASS: put(b, "<class '%s'>", v->s); return;
	case K_ERR: put_err(b, v); return;
	}
}

/* an exception: kind(code, message) [class C] */
static void put_err(sbuf_ *b, V e)
{
	const char *chain[8];
	class_chain(e, chain, 8);
	put(b, "%s(", e->cls);
	if (e->has_code)
		put(b, "%lld", e->i);
	else
		put(b, "None");
	put(b, ", ");
	put_quoted(b, e->s, e->n, false);
	put(b, ") [class %s]", chain[0]);
}

static UNUSED char *repr(V v)
{
	sbuf_ b = {0};
	put_repr(&b, v);
	return b.s;
}
