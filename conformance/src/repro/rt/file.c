/* ---- makefile() streams: libsockref's stdio stream over the socket,
 * ---- read and written as Python's file objects are (binary, or text
 * ---- through textio.c) */
/*@ m_makefile */
static V m_makefile(V self, A *a)
{
	static const char *const kw[] = { "mode", "buffering", "encoding",
					  "errors", "newline", NULL };
	sr_sock *s;
	const char *mode = "r";
	sr_err e;
	TRY(self_sock(self, "makefile", &s));
	TRY(want(a, "makefile", 0, 2, kw));
	if (arg(a, 0, "mode"))
		TRY(to_cstr(arg(a, 0, "mode"), &mode));
	struct textio t;
	TRY(text_options(a, &t));
	V buf = arg(a, 1, "buffering");
	bool unbuffered = buf && is_int(buf) && buf->i == 0;
	if (unbuffered && !strchr(mode, 'b'))
		return raise_("ValueError", false, 0,
			      "unbuffered streams must be binary");
	FILE *f = sr_makefile(s, mode, &e);
	if (!f)
		return from_sr(&e);
	/* buffering=0: no read-ahead past what the caller asked for */
	if (unbuffered)
		setvbuf(f, NULL, _IONBF, 0);
	V v = mk(K_FILE);
	v->fp = f;
	v->i = strchr(mode, 'b') == NULL;
	if (v->i && !(v->tx = malloc(sizeof *v->tx)))
		abort();
	if (v->tx)
		*v->tx = t;
	return v;
}
/*@ m_read m_readline */
static V file_self(V self, const char *m)
{
	if (is_err(self))
		return self;
	if (self->k != K_FILE)
		return raise_("AttributeError", false, 0, "'%s' object has no "
			      "attribute '%s'", type_name(self), m);
	if (!self->fp)
		return raise_("ValueError", false, 0, "%s of closed file", m);
	return NULL;
}

/* read(n) and readline(n): bytes, or text (textio.c) */
static V file_read(V self, A *a, const char *m, bool line)
{
	long long n = -1;
	TRY(file_self(self, m));
	TRY(want(a, m, 0, 1, NOKW));
	if (arg(a, 0, NULL) && arg(a, 0, NULL)->k != K_NONE)
		TRY(to_ll(arg(a, 0, NULL), &n));
	if (self->tx)
		return text_read(self, n, line);
	sbuf_ b = {0};
	put(&b, "%s", "");
	while (n < 0 || (long long)b.n < n) {
		int ch = getc(self->fp);
		if (ch == EOF)
			break;
		put(&b, "%c", ch);
		if (line && ch == '\n')
			break;
	}
	if (ferror(self->fp) && b.n == 0)
		return stream_err();
	clearerr(self->fp);
	return BYTES(b.s, b.n);
}
static UNUSED V m_read(V self, A *a) { return file_read(self, a, "read", false); }
static UNUSED V m_readline(V self, A *a) { return file_read(self, a, "readline", true); }
/*@ m_write */
static V m_write(V self, A *a)
{
	const char *p;
	size_t n;
	if (is_err(self))
		return self;
	if (self->k != K_FILE)
		return raise_("AttributeError", false, 0, "'%s' object has no "
			      "attribute 'write'", type_name(self));
	if (!self->fp)
		return raise_("ValueError", false, 0, "write to closed file");
	TRY(want(a, "write", 1, 1, NOKW));
	V v = arg(a, 0, NULL);
	if (self->tx) {
		sbuf_ enc = {0};
		TRY(to_cstr(v, &p));
		TRY(text_encode(self->tx, v, &enc));
		p = enc.s;
		n = enc.n;
	} else {
		TRY(to_data(v, &p, &n));
	}
	if (fwrite(p, 1, n, self->fp) != n) {
		sr_err e;
		sr_makefile_error(&e);
		return from_sr(&e);
	}
	return INT(self->i ? length(v, &(bool){true}) : (long long)n);
}
/*@ m_flush */
static V m_flush(V self, A *a)
{
	if (is_err(self))
		return self;
	if (self->k != K_FILE)
		return raise_("AttributeError", false, 0, "'%s' object has no "
			      "attribute 'flush'", type_name(self));
	if (!self->fp)
		return raise_("ValueError", false, 0, "flush of closed file");
	TRY(want(a, "flush", 0, 0, NOKW));
	if (fflush(self->fp) != 0) {
		sr_err e;
		sr_makefile_error(&e);
		return from_sr(&e);
	}
	return NONE();
}
