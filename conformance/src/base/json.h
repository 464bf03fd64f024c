/*
 * json.h — reading the results files (one JSON object a line) back into
 * values: object → V_DICT, array → V_LIST, string → V_STR, integer →
 * V_INT, other numbers → V_FLOAT, true/false → V_BOOL, null → V_NONE.
 */
#ifndef SOCKSPEC_JSON_H
#define SOCKSPEC_JSON_H

#include "lang/value.h"

/* Parse one JSON text; NULL with a reason in errbuf on malformed input. */
value *json_parse(const char *text, char *errbuf, size_t errcap);
/* The member `key` of a V_DICT, or NULL. */
const value *json_get(const value *obj, const char *key);
/* The member as a C string ("" when absent or not a string). */
const char *json_str(const value *obj, const char *key);

#endif
