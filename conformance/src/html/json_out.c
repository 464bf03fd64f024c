/*
 * json_out.c — strings for the page's data block. The block is the text
 * of a <script type="application/json"> element, which ends at the first
 * "</script" and changes mode at "<!--": escaping '<' and '>' as \u003c
 * and \u003e rules both out whatever the results hold.
 */
#include "html_internal.h"

void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\t': fputs("\\t", f); break;
		case '<': case '>': case '&':
			fprintf(f, "\\u%04x", *p);
			break;
		default:
			/* U+2028 and U+2029 end a line in older JavaScript */
			if (p[0] == 0xe2 && p[1] == 0x80 &&
			    (p[2] == 0xa8 || p[2] == 0xa9)) {
				fprintf(f, "\\u20%s", p[2] == 0xa8 ? "28" : "29");
				p += 2;
			} else if (*p < 0x20 || *p == 0x7f)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}
