/*
 * repro.h — repro/, a case turned into a standalone program for one
 * implementation (`sockspec repro CASE --impl IMPL`): plain Python for
 * the Python implementations, with the harness's checks as a small
 * runtime copied in, so a maintainer can run it with the
 * implementation's interpreter alone and paste it into a bug report.
 * It reads case files (lang/) and runs nothing.
 */
#ifndef SOCKSPEC_REPRO_H
#define SOCKSPEC_REPRO_H

#include <stdio.h>

/* `sockspec repro CASE --impl IMPL [-o FILE]`: 0, 2 on bad input (the
 * case malformed or unknown, an implementation without a generator, a
 * case that needs what no standalone program has: an independent peer) */
int cmd_repro(int argc, char **argv);

/* The command that runs a reproducer of impl (its interpreter), or NULL
 * when impl has no generator; for FINDINGS' links. */
const char *repro_runner(const char *impl);

/* 0 when `sockspec repro NAME --impl IMPL` writes a program, -1 with
 * why (for FINDINGS: a reproducer command only where there is one) */
int repro_writes(const char *name, const char *impl, char *why, size_t cap);

#endif
