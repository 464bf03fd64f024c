/*
 * fuzz_case.c — the case-file parser (lang/case*.c, and through it the
 * value parser on every literal) on arbitrary text.
 *
 * A case file is input from users: whatever the bytes, case_parse must
 * return a case or NULL with one message "FILE:LINE:COL: reason" whose
 * line and column point into the text (1-based; the column a byte of the
 * line or one past its end), and free everything either way
 * (LeakSanitizer, which libFuzzer runs after inputs that leave memory
 * behind).
 *
 * The bytes are the file's text under a fake path below cases/. A NUL
 * ends the text as it would for case_parse; case_load refuses such files
 * before parsing ("NUL byte"), so inputs with one are not kept.
 */
#include "lang/case.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PATH "cases/fuzz/input.case"

static void bad(const char *what, const char *text, const char *err)
{
	fprintf(stderr, "fuzz_case: %s\n  error: %s\n  text: %.200s\n", what,
		err, text);
	abort();
}

/* Length of line `want` (1-based) of text, or -1 when text has fewer. */
static long line_length(const char *text, unsigned long want)
{
	unsigned long line = 1;
	const char *s = text;
	while (line < want) {
		const char *nl = strchr(s, '\n');
		if (!nl)
			return -1;
		s = nl + 1;
		line++;
	}
	const char *nl = strchr(s, '\n');
	return nl ? nl - s : (long)strlen(s);
}

static unsigned long count_lines(const char *text)
{
	unsigned long n = 0;
	for (const char *s = text; *s; s++)
		if (*s == '\n' || s[1] == '\0')
			n++;
	return n;
}

/* "PATH:LINE:COL: reason" with LINE and COL inside the text. */
static void check_error(const char *text, const char *err)
{
	size_t pl = strlen(PATH);
	if (strncmp(err, PATH ":", pl + 1) != 0)
		bad("error does not start with the file name", text, err);
	const char *p = err + pl + 1;
	char *end;
	if (*p < '1' || *p > '9')
		bad("error has no line number", text, err);
	unsigned long line = strtoul(p, &end, 10);
	if (*end != ':' || end[1] < '1' || end[1] > '9')
		bad("error has no column after its line", text, err);
	unsigned long col = strtoul(end + 1, &end, 10);
	if (strncmp(end, ": ", 2) != 0 || end[2] == '\0')
		bad("error has no reason after its column", text, err);
	unsigned long lines = count_lines(text);
	/* "no steps" points just past the header or the last line */
	if (line > lines + 1)
		bad("error line past the end of the text", text, err);
	long len = line <= lines ? line_length(text, line) : 0;
	if (len < 0 || col > (unsigned long)len + 1)
		bad("error column past the end of its line", text, err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (memchr(data, '\0', size))
		return -1;
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	char err[1024];
	scase *c = case_parse(PATH, text, err, sizeof err);
	if (!c) {
		check_error(text, err);
	} else {
		if (err[0] != '\0')
			bad("a parsed case left an error", text, err);
		if (c->nsteps == 0 || c->nhosts == 0)
			bad("a parsed case has no steps or no host", text, "");
		for (size_t i = 0; i < c->nsteps; i++)
			if (c->steps[i].host < 0 ||
			    (size_t)c->steps[i].host >= c->nhosts)
				bad("a step's host is out of range", text, "");
		/* what the runner and the listing read of a parsed case */
		char needs[256];
		case_needs_text(c->needs, needs, sizeof needs);
		case_free(c);
	}
	free(text);
	return 0;
}
