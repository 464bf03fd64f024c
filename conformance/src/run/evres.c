/*
 * evres.c — a step's reply as the harness holds it (evres): clearing it,
 * and the message part of `raises CLASS(CODE, MSG)`: a regex the message
 * must contain, or the C function (strerror, hstrerror, gai_strerror)
 * whose text for CODE socket.rst says the message is (socket.rst:157-160,
 * 168-170; `timed out`, 182-183, is a regex).
 */
#include <netdb.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run_internal.h"

void evres_clear(evres *r)
{
	if (r->v)
		v_free(r->v);
	memset(r, 0, sizeof *r);
}

void evres_raise(evres *r, const char *cls, const char *fmt, ...)
{
	evres_clear(r);
	r->raised = true;
	snprintf(r->exc, sizeof r->exc, "%s", cls);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->msg, sizeof r->msg, fmt, ap);
	va_end(ap);
}

/* The message part of raises: ~'regex' found in the message, or the text
 * the C function gives for the code. 1 matches, 0 not, -1 bad regex. */
int message_matches(const check *k, const evres *r, char *why,
			   size_t cap)
{
	if (k->msg_re) {
		regex_t re;
		int rc = regcomp(&re, k->msg_re, REG_EXTENDED | REG_NOSUB);
		if (rc != 0) {
			char e[128];
			regerror(rc, &re, e, sizeof e);
			snprintf(why, cap, "bad regex '%s': %s", k->msg_re, e);
			return -1;
		}
		rc = regexec(&re, r->msg, 0, NULL, 0);
		regfree(&re);
		return rc == 0;
	}
	if (k->msg_fn) {
		const char *want = "";
		if (!r->has_code)
			return 0;
		if (strcmp(k->msg_fn, "strerror") == 0)
			want = strerror((int)r->code);
		else if (strcmp(k->msg_fn, "hstrerror") == 0)
			want = hstrerror((int)r->code);
		else
			want = gai_strerror((int)r->code);
		return strcmp(r->msg, want) == 0;
	}
	return 1;
}
