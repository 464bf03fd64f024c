/*
 * html_internal.h — inside html/: the parts of the page (page.c puts
 * them together): its data as JSON (data.c, written with json_out.c),
 * its style sheet (style.c) and its script, one file per concern
 * (script_*.c), each a C string written as it stands.
 */
#ifndef SOCKSPEC_HTML_INTERNAL_H
#define SOCKSPEC_HTML_INTERNAL_H

#include <stdio.h>

#include "html.h"

/* json_out.c: s as a JSON string that can stand inside an HTML <script>
 * element: '<', '>', '&', control characters and U+2028/9 escaped, so
 * no "</script>" or "<!--" can appear. */
void json_str(FILE *f, const char *s);

/* data.c: the page's data, one JSON object (html.h's model). */
void html_data(const hp_page *p, FILE *f);

extern const char html_style[];
/* the script's parts, in the order they run */
extern const char html_script_state[];
extern const char html_script_matrix[];
extern const char html_script_filters[];
extern const char html_script_detail[];
extern const char html_script_diff[];
extern const char html_script_flakes[];
extern const char html_script_main[];

#endif
