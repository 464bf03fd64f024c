/*
 * kcidb.h — kcidb/, finished results written as one KCIDB I/O document
 * (schema v5.3, the format KernelCI's common database takes from every
 * lab): a checkout and a build per kernel, a test per case x
 * implementation, and for each expected failure the expectation entry
 * behind it as an issue with an incident on the test. It runs nothing;
 * the expectations (expect/) and the case tree (lang/) are read for what
 * the records do not carry: which entry made an xfail, and the
 * socket.rst lines of a case.
 */
#ifndef SOCKSPEC_KCIDB_H
#define SOCKSPEC_KCIDB_H

/* kcidb_cmd.c: sockspec kcidb --origin NAME [-o FILE] RESULTS...
 * 0; 2 on bad input (FILE:LINE: reason, nothing written). */
int cmd_kcidb(int argc, char **argv);

#endif
