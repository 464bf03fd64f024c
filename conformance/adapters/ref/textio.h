/*
 * textio.h — makefile()'s text layer for the ref adapter (textio.c), and
 * the error of a failed stream operation, which both layers report.
 */
#ifndef SOCKSPEC_TEXTIO_H
#define SOCKSPEC_TEXTIO_H

#include "adapter.h"

enum { ENC_UTF8, ENC_LATIN1, ENC_ASCII };
enum { NL_UNIVERSAL, NL_NONE_TRANSLATE, NL_LF, NL_CR, NL_CRLF };
struct textopt {
	int enc;
	bool replace;
	int newline;
};

/* encoding, errors and newline of makefile()'s arguments 2..4 */
int textopt_parse(acall *c, struct textopt *t);
void textopt_set(long long n, const struct textopt *t);
const struct textopt *textopt_get(long long n);
/* read(n) / readline() and write(str) of a text stream */
value *text_read(acall *c, FILE *f, const struct textopt *t, long long max,
		 bool line);
value *text_write(acall *c, FILE *f, const struct textopt *t,
		  const value *v);
/* the documented error of a failed stream operation, text or binary */
value *stream_err(acall *c, FILE *f);

#endif
