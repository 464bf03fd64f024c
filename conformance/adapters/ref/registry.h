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

#endif
