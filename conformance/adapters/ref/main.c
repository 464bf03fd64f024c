/*
 * main.c — the libsockref adapter's request loop: reads request lines from
 * stdin, answers one line each on stdout (conformance/README.md, "The
 * adapter wire protocol"), or on a duplicate of it once a case printed
 * (stdio.c). Handles are looked up in registry.c; the
 * calls themselves are module.c's and methods.c's, none of which calls
 * back here.
 */
#include "adapter.h"
#include "registry.h"

#include <langinfo.h>
#include <locale.h>

#include <stdlib.h>
#include <string.h>

/* ---- replies ---- */

static void reply_value(const value *v)
{
	char *s = v_format(v);
	fprintf(wire_out(), "ok %s\n", s);
	free(s);
	fflush(wire_out());
}

static void reply_err(const aerr *e)
{
	value *m = v_str(e->msg, strlen(e->msg));
	char *s = v_format(m);

	const char *names[8], *module;
	size_t n = class_chain(e->cls, e->has_code, e->code, names, 8, &module);
	value *ch = v_seq(V_TUPLE, n);

	for (size_t k = 0; k < n; k++)
		ch->items[k] = v_str(names[k], strlen(names[k]));
	char *c = v_format(ch);
	if (e->has_code)
		fprintf(wire_out(), "raise %s %lld %s %s '%s'\n", e->cls,
			e->code, s, c, module);
	else
		fprintf(wire_out(), "raise %s None %s %s '%s'\n", e->cls, s,
			c, module);
	free(c);
	v_free(ch);
	free(s);
	v_free(m);
	fflush(wire_out());
}

/* ---- requests ---- */

/* "<socket N>" or "<file N>" at *p; advances past it. */
static bool parse_target(const char **p, char kind[16], long long *n)
{
	const char *s = *p;
	size_t k;
	char *end;

	if (*s != '<')
		return false;
	s++;
	k = strspn(s, "abcdefghijklmnopqrstuvwxyz");
	if (k == 0 || k >= 16 || s[k] != ' ')
		return false;
	memcpy(kind, s, k);
	kind[k] = '\0';
	s += k + 1;
	if (*s < '0' || *s > '9')
		return false;
	*n = strtoll(s, &end, 10);
	if (*end != '>')
		return false;
	*p = end + 1;
	return true;
}

static size_t parse_name(const char *s, char *out, size_t cap)
{
	size_t k = 0;

	while ((s[k] == '_' || (s[k] >= 'a' && s[k] <= 'z') ||
		(s[k] >= 'A' && s[k] <= 'Z') ||
		(k > 0 && s[k] >= '0' && s[k] <= '9')) && k + 1 < cap) {
		out[k] = s[k];
		k++;
	}
	out[k] = '\0';
	return k;
}

static value *dispatch(const char *line, aerr *e)
{
	const char *p = line;
	char kind[16] = "", name[64], errbuf[200];
	long long n = 0;
	bool module = false;
	value *args = NULL, *kw = NULL, *res = NULL;
	size_t pos, k;

	if (strncmp(p, "getattr ", 8) == 0) {
		sr_sock *s;
		p += 8;
		if (p[0] == '-' && p[1] == ' ' &&
		    (k = parse_name(p + 2, name, sizeof name)) && !p[2 + k])
			return module_getattr(name, e);
		if (!parse_target(&p, kind, &n) || *p++ != ' ' ||
		    !(k = parse_name(p, name, sizeof name)) || p[k]) {
			set_err(e, "ProtocolError", false, 0,
				"expected getattr TARGET NAME");
			return NULL;
		}
		s = strcmp(kind, "socket") == 0 ? get_socket(n) : NULL;
		if (!s) {
			set_err(e, "ProtocolError", false, 0,
				"unknown handle <%s %lld>", kind, n);
			return NULL;
		}
		return socket_getattr(s, name, e);
	}
	if (strncmp(p, "call ", 5) != 0) {
		set_err(e, "ProtocolError", false, 0, "unknown request");
		return NULL;
	}
	p += 5;
	if (*p == '-') {
		module = true;
		p++;
	} else if (!parse_target(&p, kind, &n)) {
		set_err(e, "ProtocolError", false, 0, "bad call target");
		return NULL;
	}
	if (*p++ != ' ' || !(k = parse_name(p, name, sizeof name))) {
		set_err(e, "ProtocolError", false, 0, "expected call NAME");
		return NULL;
	}
	p += k;
	pos = 0;
	if (p[strspn(p, " ")] == '\0') {
		args = v_seq(V_TUPLE, 0);
	} else if (!(args = v_parse(p, &pos, errbuf, sizeof errbuf))) {
		set_err(e, "ProtocolError", false, 0, "ARGS: %s", errbuf);
		return NULL;
	}
	if (p[pos + strspn(p + pos, " ")] == '\0') {
		kw = v_seq(V_DICT, 0);
	} else if (!(kw = v_parse_all(p + pos, errbuf, sizeof errbuf))) {
		set_err(e, "ProtocolError", false, 0, "KWARGS: %s", errbuf);
		goto out;
	}
	if (args->kind != V_TUPLE || kw->kind != V_DICT) {
		set_err(e, "ProtocolError", false, 0,
			"ARGS must be a tuple, KWARGS a dict");
		goto out;
	}
	for (size_t i = 0; i < kw->len; i += 2)
		if (kw->items[i]->kind != V_STR) {
			set_err(e, "TypeError", false, 0,
				"keywords must be strings");
			goto out;
		}
	{
		acall c = {name, args, kw, e};
		if (module) {
			res = module_call(&c);
		} else if (strcmp(kind, "socket") == 0 && get_socket(n)) {
			res = socket_call(get_socket(n), &c);
		} else if (strcmp(kind, "file") == 0 && is_file(n)) {
			res = file_call(n, &c);
		} else if (is_buffer(&(value){.kind = V_HANDLE, .s = kind,
					     .i = n})) {
			set_err(e, "AttributeError", false, 0,
				"'%s' object has no attribute '%s' in the ref "
				"adapter", kind, name);
		} else {
			set_err(e, "ProtocolError", false, 0,
				"unknown handle <%s %lld>", kind, n);
		}
	}
out:
	v_free(args);
	v_free(kw);
	return res;
}

int main(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	/* The file system encoding of AF_UNIX paths follows the locale, as
	 * Python takes it: a UTF-8 locale is UTF-8, and so is the C locale
	 * unless UTF-8 mode is off (PYTHONUTF8=0, which `locale: C` sets):
	 * Python 3.7+ switches the C locale to UTF-8 (PEP 538, 540). Where
	 * no UTF-8 locale exists at all (the arm64 guest's root has none,
	 * so C.UTF-8 falls back to C), paths stay UTF-8 as Python's do. */
	setlocale(LC_CTYPE, "");
	const char *utf8_mode = getenv("PYTHONUTF8");
	fs_ascii = strcmp(nl_langinfo(CODESET), "UTF-8") != 0 &&
		   utf8_mode && strcmp(utf8_mode, "0") == 0;
	printf("hello ref %s\n", SOCKREF_VERSION);
	fflush(stdout);
	while ((len = getline(&line, &cap, stdin)) >= 0) {
		aerr e;
		value *v;

		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		memset(&e, 0, sizeof e);
		v = dispatch(line, &e);
		if (v) {
			reply_value(v);
			v_free(v);
		} else {
			if (!e.cls[0])
				set_err(&e, "ProtocolError", false, 0,
					"internal: no reply");
			reply_err(&e);
		}
	}
	free(line);
	return 0;
}
