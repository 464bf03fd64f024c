/*
 * registry.h — the ref adapter's handle registry (registry.c): what the
 * numbers of <socket N> and <file N> on the wire stand for. main.c looks
 * handles up, methods.c and module.c register and drop them.
 */
#ifndef SOCKSPEC_REGISTRY_H
#define SOCKSPEC_REGISTRY_H

#include "adapter.h"

value *reg_socket(sr_sock *s);           /* the handle value */
value *reg_file(FILE *f, bool text);
sr_sock *get_socket(long long n);        /* NULL if not a live socket */
bool is_file(long long n);               /* a file handle, open or closed */
FILE *get_file(long long n, bool *text); /* NULL if closed or not a file */
void forget_file(long long n);           /* the stream was closed */
int drop_handle(const value *h, aerr *e);
/* Caller-owned buffers: a bytearray (a copy of p[0..len), zeros when p
 * is NULL), a memoryview of len bytes at off of the storage of entry
 * base, and memoryview(bytes): a read-only view of its own copy. */
value *reg_bytearray(const void *p, size_t len);
value *reg_memoryview(long long base, size_t off, size_t len, bool readonly);
value *reg_memoryview_bytes(const void *p, size_t len);
/* The bytes a live buffer handle stands for (len, and optionally
 * whether it is read-only and where it lies: base bytearray, offset),
 * or NULL when h is none. */
unsigned char *get_buffer(const value *h, size_t *len, bool *readonly,
			  long long *base, size_t *off);
bool is_buffer(const value *h);

#endif
