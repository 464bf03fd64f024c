/*
 * atf_internal.h — between the files of atf/ only: the guest's run
 * (atf_vm.c), a Kyua session's shared records (atf_session.c) and one
 * record read back (atf_records.c).
 */
#ifndef SOCKSPEC_ATF_INTERNAL_H
#define SOCKSPEC_ATF_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "atf.h"
#include "base/base.h"
#include "expect/expect.h"
#include "lang/lang.h"
#include "run/run.h"

/* atf_vm.c: the record of case e from the whole suite run once (per Kyua
 * session) inside a guest booting kernel, for impl and every one of the
 * space-separated impls, which share that guest. */
void atf_vm_result(const centry *e, const char *impl, const char *impls,
		   const char *kernel, caseresult *r);
/* `sockspec atf --vm KERNEL --vm-impls IMPLS --prerun`: the guest run of
 * the session, ahead of its test cases (scripts/check.sh starts it before
 * Kyua so that it overlaps the host's tests); they then wait for it. */
int atf_vm_prerun(const char *impls, const char *kernel);
/* atf_session.c: $SOCKSPEC_ATF_SESSION, else "PID STARTTIME" of the
 * Kyua process running us (else of our parent): what the programs of one
 * `kyua test` share. */
void atf_session_key(char *buf, size_t cap);
/* Leave case e's record of impl for the rest of the session. */
void atf_record(const centry *e, const char *impl, const caseresult *r);
/* `sockspec atf --collected IMPL FILE`: the session's records of every
 * case of impl into FILE (0); 3 when the session has not recorded them
 * all (the reason on stderr), 2 on an error. */
int atf_collected(const char *impl, const char *out);
/* A session named by $SOCKSPEC_ATF_SESSION (make check): host programs
 * report case by case one `sockspec run` of the whole suite per
 * implementation, run by their first case (atf_batch_result). */
bool atf_batch_mode(void);
void atf_batch_result(const centry *e, const char *impl, caseresult *r);
/* The record of case name in results file resp into r (its reason
 * tagged with the record's kernel when tag_kernel); -1 with a reason in
 * err when there is none. */
int atf_find_record(const char *resp, const char *name, bool tag_kernel,
		    caseresult *r, char *err, size_t cap);

#endif
