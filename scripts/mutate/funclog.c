/*
 * funclog.c — linked only into the mutation runner's coverage build of
 * the ref adapter (cover.py), whose libsockref objects are compiled with
 * -finstrument-functions: the first time the adapter enters a function,
 * its address is appended to the file $SOCKSPEC_FUNCLOG. cover.py runs
 * each case alone with its own log, and so learns which cases reach
 * which functions; a mutant is then run against those cases only.
 * Addresses are written at once (not at exit) because the harness may
 * kill an adapter at the end of a case.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define SLOTS 8192

static void *seen[SLOTS];
static int logfd = -1;

__attribute__((no_instrument_function))
void __cyg_profile_func_enter(void *fn, void *site);
__attribute__((no_instrument_function))
void __cyg_profile_func_exit(void *fn, void *site);

/* Opened before main: a case may take every descriptor away (RLIMIT_NOFILE
 * 0 for the EMFILE paths) before the first libsockref function runs, and
 * a log opened then would lose that case's functions. */
__attribute__((constructor, no_instrument_function))
static void open_log(void)
{
	const char *path = getenv("SOCKSPEC_FUNCLOG");
	logfd = path ? open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
			    0644) : -1;
}

void __cyg_profile_func_enter(void *fn, void *site)
{
	(void)site;
	size_t h = ((uintptr_t)fn >> 4) % SLOTS;
	for (size_t probe = 0; probe < SLOTS; probe++, h = (h + 1) % SLOTS) {
		void *cur = __atomic_load_n(&seen[h], __ATOMIC_ACQUIRE);
		if (cur == fn)
			return;
		if (cur)
			continue;
		void *expect = NULL;
		if (!__atomic_compare_exchange_n(&seen[h], &expect, fn, false,
						 __ATOMIC_ACQ_REL,
						 __ATOMIC_ACQUIRE)) {
			if (expect == fn)
				return;
			continue;
		}
		break;
	}
	if (logfd >= 0) {
		char line[32];
		int n = snprintf(line, sizeof line, "%p\n", fn);
		if (write(logfd, line, (size_t)n) < 0)
			logfd = -1;
	}
}

void __cyg_profile_func_exit(void *fn, void *site)
{
	(void)fn;
	(void)site;
}
