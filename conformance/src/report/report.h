/*
 * report.h — report/, what is made of finished results files and never
 * runs anything: the table, the report (text and HTML), the diff of two
 * runs and their merge, and which catalogue ids the cases cover.
 */
#ifndef SOCKSPEC_REPORT_H
#define SOCKSPEC_REPORT_H

#include <stdio.h>

/* table.c: read results files (JSON lines) and print the table with
 * totals; 0, or 2 when a file cannot be read. */
int table_print(int nfiles, char **files, FILE *out);
/* report_cmd.c: sockspec report [--html FILE] [--text FILE|-] RESULTS... */
int cmd_report(int argc, char **argv);
/* diff.c: sockspec diff [--ignore-kernel | --versions] OLD NEW: 0 no regression, 1
 * some, 2 bad input. */
int cmd_diff(int argc, char **argv);
/* merge.c: sockspec merge [--mixed] -o OUT IN...: 0, or 2 (bad input,
 * conflicting duplicates, mixed columns). */
int cmd_merge(int argc, char **argv);
/* versions.c: sockspec versions RESULTS...: conformance/VERSIONS.md, the
 * behaviours that changed between the releases of each implementation
 * the results hold; 0, or 2 on bad input. */
int versions_write(FILE *out, int nfiles, char **files);
int cmd_versions(int argc, char **argv);
/* coverage.c: sockspec coverage [--missing [AREA]] */
int cmd_coverage(int argc, char **argv);

#endif
