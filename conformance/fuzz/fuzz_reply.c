/*
 * fuzz_reply.c — the harness's side of the adapter wire: reply lines cut
 * from what an adapter wrote (adapter_take_line) and read as `ok VALUE`
 * or `raise CLASS CODE MESSAGE [CHAIN MODULE]` (parse_reply, run/eval.c).
 *
 * An adapter is an implementation under test, so its output is untrusted.
 * The input is the bytes it wrote: every complete line is taken as the
 * harness takes it and parsed. Each must give a reply (a value, or a
 * raise with a class) or break the case with the reason the runner
 * reports ("LINE: STEP: adapter for host H spoke out of protocol..."),
 * never crash or leak.
 */
#include "run/run_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void bad(const char *what, const char *line, const char *detail)
{
	fprintf(stderr, "fuzz_reply: %s\n  detail: %s\n  line: %.200s\n", what,
		detail, line);
	abort();
}

static void one_line(const scase *c, const char *line)
{
	/* static: clearing a 4 KB context on the stack for every line was
	 * a tenth of the target's time; parse_reply sets only broken and why */
	static runctx x;
	static evres r;
	x.c = c;
	x.cur_step = 0;
	x.broken = false;
	x.why[0] = '\0';
	int rc = parse_reply(&x, 0, line, &r);
	if (rc == 0) {
		if (x.broken)
			bad("a parsed reply broke the case", line, x.why);
		if (r.raised && (r.exc[0] == '\0' || r.v))
			bad("a raise without a class, or with a value", line, "");
		if (!r.raised && !r.v)
			bad("an ok reply without a value", line, "");
	} else {
		static const char want[] =
			"1: s.f(): adapter for host h spoke out of protocol";
		if (rc != -1 || !x.broken)
			bad("a refused reply did not break the case", line, "");
		if (strncmp(x.why, want, sizeof want - 1) != 0)
			bad("a refused reply has another reason", line, x.why);
		if (r.v)
			bad("a refused reply left a value", line, "");
	}
	evres_clear(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the one step of a one-host case whose reply this is */
	static char *hosts[] = {"h"};
	static step st = {.kind = S_CALL, .line = 1, .text = "s.f()"};
	static scase c = {.name = "fuzz/reply", .hosts = hosts, .nhosts = 1,
			  .steps = &st, .nsteps = 1};
	adapter a;
	memset(&a, 0, sizeof a);
	a.pid = -1;
	a.to = a.from = a.errfd = -1;
	/* as adapter_fill leaves it: the bytes read, one spare byte */
	a.cap = size + 1;
	a.buf = malloc(a.cap);
	if (!a.buf)
		return 0;
	memcpy(a.buf, data, size);
	a.len = size;
	char *line;
	while ((line = adapter_take_line(&a)) != NULL) {
		one_line(&c, line);
		free(line);
	}
	free(a.buf);
	return 0;
}
