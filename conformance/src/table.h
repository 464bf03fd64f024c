/*
 * table.h — the behaviour × implementation table `make run` prints:
 * rows are catalogue ids, columns the implementations found in the
 * results files, a cell the worst outcome of the cases citing that id.
 */
#ifndef SOCKSPEC_TABLE_H
#define SOCKSPEC_TABLE_H

#include <stdio.h>

/* Read results files (JSON lines) and print the table with totals.
 * Returns 0, or 2 when a file cannot be read or holds a malformed line
 * (reported as FILE:LINE: reason). */
int table_print(int nfiles, char **files, FILE *out);

#endif
