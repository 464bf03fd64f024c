/*
 * record.h — a results record (one JSON object a line of a results file)
 * read with json-c: what every folder that reads results shares, so each
 * says "a member as a string" the same way. The writer is run/results.c.
 */
#ifndef SOCKSPEC_RECORD_H
#define SOCKSPEC_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

/* Parse one line strictly (RFC 8259, nothing after the value): the
 * parsed value (any JSON type; the caller checks it is an object), or
 * NULL with "column N: reason" in err. Free with json_object_put(). */
struct json_object *record_parse(const char *line, char *err, size_t cap);
/* The member key of rec, or NULL when rec is no object or lacks it. */
struct json_object *record_get(struct json_object *rec, const char *key);
/* The member as a C string; "" when absent or not a string. Valid as
 * long as rec is. */
const char *record_str(struct json_object *rec, const char *key);
/* A number member (integer or real) into *d: true, else false. */
bool record_num(struct json_object *rec, const char *key, double *d);

/* The failed steps of a case with soft checks (`failures`, written only
 * when more than one step failed): how many entries, 0 when absent; the
 * reason of entry k, and its "FILE:LINE" in *step ("" when it is the
 * count of those not kept). NULL past the end or for a malformed entry. */
size_t record_nfailures(struct json_object *rec);
const char *record_failure(struct json_object *rec, size_t k, const char **step);
/* Why the ids member (catalogue ids) is not a list of strings, or NULL
 * (absent is fine). */
const char *record_ids_invalid(struct json_object *rec);
/* Why the failures member is malformed, or NULL (absent is fine). */
const char *record_failures_invalid(struct json_object *rec);

#endif
