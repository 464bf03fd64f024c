/*
 * ktap.h — ktap/, finished results written as KTAP version 1, the
 * kernel's test output format (Documentation/dev-tools/ktap.rst), for
 * kernel CI systems (KernelCI, LAVA, NIPA) that read kselftest output.
 * It reads results files and never runs anything (conformance/README.md
 * "KTAP output").
 */
#ifndef SOCKSPEC_KTAP_H
#define SOCKSPEC_KTAP_H

#include <stdio.h>

/* Exit statuses, kselftest's convention (tools/testing/selftests/
 * kselftest.h): 0 when every case passed, skipped or failed as expected;
 * 1 when one failed, broke or passed unexpectedly (kselftest's
 * ksft_finished() counts an XPASS as no pass either). 2: bad input,
 * nothing written. */
enum { KTAP_OK = 0, KTAP_FAIL = 1, KTAP_BAD = 2 };

/* Read the results files (JSON lines; a directory stands for every
 * *.jsonl below it) and write one KTAP document to
 * out: a subtest per area holding a result line per case, or, when the
 * files hold more than one column (implementation, kernel, platform,
 * peer), a subtest per column holding those. A malformed line is
 * "FILE:LINE: reason" on stderr and nothing is written. */
int ktap_write(int nfiles, char **files, FILE *out);
/* sockspec ktap RESULTS... */
int cmd_ktap(int argc, char **argv);

#endif
