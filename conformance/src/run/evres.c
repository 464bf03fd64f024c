/*
 * evres.c — a step's reply as the harness holds it (evres): clearing it,
 * and the regex part of `raises CLASS(CODE, ~'regex')` (`timed out`,
 * socket.rst:182-183). The other message part, the C function whose
 * text for CODE the message is (strerror, hstrerror, gai_strerror;
 * socket.rst:157-160, 168-170), is the implementation's: check.c asks
 * its adapter.
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
	/* k->msg_fn (hstrerror...) is the implementation's to say:
	 * check.c asks its adapter */
	return 1;
}
