/*
 * value.h — values in the documentation's literal notation (Python
 * literals: None, True, 42, 1.5, 'str', b'bytes', (tuples,), [lists],
 * {'dicts': 1}) plus adapter handles <socket N> / <file N> and classes
 * <class 'builtins.OSError' ('OSError', 'Exception')>. One notation
 * in case files, on the adapter wire and in reports.
 */
#ifndef SOCKSPEC_VALUE_H
#define SOCKSPEC_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum vkind {
	V_NONE,
	V_BOOL,
	V_INT,     /* an int that fits int64 */
	V_BIGINT,  /* an int beyond int64 (never one inside it): its
		    * canonical decimal text in s/len (value_bigint.c) */
	V_FLOAT,
	V_STR,     /* UTF-8 bytes in s/len (lone surrogates as in Python's
		    * surrogateescape are kept as their WTF-8 bytes) */
	V_BYTES,
	V_TUPLE,
	V_LIST,
	V_DICT,    /* items[2k] = key, items[2k+1] = value */
	V_HANDLE,  /* <socket N>: s = kind ("socket"), i = N */
	V_CLASS,   /* <class 'builtins.OSError' ('OSError', 'Exception')>:
		    * s = qualified name, items/len = the names of its
		    * classes, most derived first (V_STR each) */
} vkind;

typedef struct value value;
struct value {
	vkind kind;
	bool b;
	long long i;
	double f;
	char *s;       /* V_STR, V_BYTES (not NUL-terminated data; a NUL is
			* appended for convenience), V_HANDLE kind */
	size_t len;    /* V_STR/V_BYTES length; V_TUPLE/LIST item count;
			* V_DICT: number of items (2 x pairs) */
	value **items;
};

/* Constructors (never NULL: abort on out-of-memory). */
value *v_none(void);
value *v_bool(bool b);
value *v_int(long long i);
value *v_float(double f);
value *v_str(const char *s, size_t len);
value *v_bytes(const void *p, size_t len);
value *v_seq(vkind kind, size_t n); /* V_TUPLE/V_LIST/V_DICT, n slots NULL */
value *v_handle(const char *kind, long long n);
/* A class: its qualified name and the names of its classes, most derived
 * first (the MRO up to Exception); mro may be NULL for none. */
value *v_class(const char *qualname, const char *const *mro, size_t n);
value *v_copy(const value *v);
void v_free(value *v);

/*
 * Parse one literal from text[*pos...]: skips leading spaces, advances
 * *pos past the literal. Returns NULL with *error (static or allocated
 * message; free with free() when *error_alloc is set — simpler: the
 * message is written to errbuf) on failure, *pos pointing at the fault.
 */
value *v_parse(const char *text, size_t *pos, char *errbuf, size_t errcap);
/* Parse a whole string that must hold exactly one literal. */
value *v_parse_all(const char *text, char *errbuf, size_t errcap);

/* Format as Python's repr() would: a malloc'd NUL-terminated string. */
char *v_format(const value *v);

/* ---- value_bigint.c: ints of any size ---- */
/* The int of decimal text [-]DIGITS: V_INT when it fits, else V_BIGINT. */
value *v_int_dec(const char *dec);
/* V_INT, V_BIGINT or V_BOOL (Python's bool is an int). */
bool v_is_int(const value *v);
/* -1, 0, 1 as a < b, a == b, a > b (both v_is_int). */
int v_int_cmp(const value *a, const value *b);
/* An integer operator on ints of any size: "+", "-", "*", "//", "%",
 * "**" (b >= 0), "<<", ">>", "&", "|", "^", and unary "neg" and "~" (b
 * NULL). NULL with "CLASS: message" in err (ZeroDivisionError,
 * ValueError for a negative shift, OverflowError beyond 16384 bits). */
value *v_int_op(const char *op, const value *a, const value *b, char *err,
		size_t cap);
double v_int_to_double(const value *v);
bool v_int_eq_float(const value *v, double f);

/* Python equality: 1 == 1.0 == True, (1,2) != [1,2], str != bytes. */
bool v_equal(const value *a, const value *b);
/* Python type name: 'NoneType', 'bool', 'int', 'float', 'str', 'bytes',
 * 'tuple', 'list', 'dict', 'type' (a class), or the handle kind ('socket',
 * 'file'). */
const char *v_typename(const value *v);

#endif
