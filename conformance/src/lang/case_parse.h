/*
 * case_parse.h — private interface between the parts of the case-file
 * parser (case.c, case_lex.c, case_header.c, case_step.c, case_expr.c,
 * case_stdio.c).
 * Not for use outside the parser; the public interface is case.h.
 */
#ifndef SOCKSPEC_CASE_PARSE_H
#define SOCKSPEC_CASE_PARSE_H

#include "case.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct parser {
	const char *path;
	char *errbuf;
	size_t errcap;
	bool failed;
	int line;         /* 1-based line of s */
	const char *s;    /* the current line, NUL-terminated, comment cut */
	size_t pos;
	scase *c;
} parser;

/* One header line, kept until the header is complete. */
typedef struct hline {
	int line;
	char *text;      /* comment cut */
	size_t key, keylen, val;
} hline;

/* Messages quote at most this many bytes of the input. */
#define QUOTE 64
#define QLEN(n) ((int)((n) > QUOTE ? QUOTE : (n)))

/* case_lex.c: memory (abort on exhaustion) */
void *cp_xrealloc(void *p, size_t n);
void *cp_xcalloc(size_t n, size_t size);
char *cp_xstrndup(const char *s, size_t n);
char *cp_xstrdup(const char *s);
/* Grow *arr (element size sz) so that index n is writable. */
void cp_grow(void *arr, size_t n, size_t sz);

/* case_lex.c: errors and scanning */
void cp_perr(parser *p, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
bool cp_is_id_start(char c);
bool cp_is_id_char(char c);
bool cp_is_digit(char c);
bool cp_is_ws(char c);
void cp_skip_ws(parser *p);
size_t cp_id_len(const char *s);
/* The keyword w at the current position, as a whole word. */
bool cp_word_at(parser *p, const char *w);
void cp_unexpected(parser *p);
/* A plain decimal number at p->pos: advances and returns true, or not. */
bool cp_scan_number(parser *p, double *out);
int cp_host_index(const scase *c, const char *name, size_t n);

/* case_free.c */
void cp_expr_free(expr *e);

/* case_expr.c */
expr *cp_parse_expr(parser *p, int depth);

/* case_step.c */
bool cp_expect_end(parser *p);
bool cp_parse_step(parser *p, step *st);

/* case_stdio.c: print(...), stdout(), sys.exit(...) and exit_status()
 * in e are of the forms a case may write */
bool cp_check_stdio(parser *p, const expr *e);

/* case_header.c: check and apply the header lines hl[0..nh) */
bool cp_header(parser *p, hline *hl, size_t nh);

#endif
