/*
 * atf.h — atf/, the ATF test-program protocol Kyua speaks: the suite's
 * cases as test cases of build/sockspec, on the host case by case or
 * from one whole run per session, and inside a guest.
 */
#ifndef SOCKSPEC_ATF_H
#define SOCKSPEC_ATF_H

int cmd_atf(int argc, char **argv);

#endif
