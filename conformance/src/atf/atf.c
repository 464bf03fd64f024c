/*
 * atf.c — `sockspec atf`: the ATF test-program protocol, as Kyua runs
 * test programs: -l lists one test case per case file,
 * -r RESULTFILE IDENT runs one in the same isolation as `run` and leaves
 * its record for the session (atf_session.c); --collected IMPL FILE
 * writes a session's records of IMPL out as a results file.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atf_internal.h"

static int list(const centry *es, size_t n, const char *impl, const char *vm)
{
	printf("Content-Type: application/X-atf-tp; version=\"1\"\n");
	for (size_t i = 0; i < n; i++) {
		char *id = atf_ident(es[i].name);
		printf("\nident: %s\n", id);
		free(id);
		const scase *c = es[i].c;
		if (!c) {
			/* a session's run may start from it (timeout below) */
			printf("descr: malformed case\ntimeout: %d\n",
			       vm ? 2100 : atf_batch_mode() ? 1800 : 30);
			continue;
		}
		printf("descr:");
		for (size_t k = 0; k < c->nids; k++)
			printf(" %s", c->ids[k]);
		/* in a guest or a session's run, whichever case comes
		 * first waits for the whole suite */
		printf("\ntimeout: %d\n", vm ? 2100 : atf_batch_mode() ? 1800
			: (int)(c->timeout + 10.999));
		printf("require.user: root\n");
		if (vm) {
			printf("require.progs: qemu-system-x86_64\n");
			continue;
		}
		if (strcmp(impl, "cpython") == 0 ||
		    strcmp(impl, "gevent") == 0 ||
		    strcmp(impl, "eventlet") == 0)
			printf("require.progs: /usr/bin/python3\n");
		else if (strcmp(impl, "pypy") == 0)
			printf("require.progs: /usr/bin/pypy3\n");
		else if (strncmp(impl, "python:", 7) == 0)
			printf("require.progs: %s\n", impl + 7);
		char needs[256] = "";
		case_needs_text(c->needs, needs, sizeof needs);
		if (needs[0])
			printf("X-needs: %s\n", needs);
	}
	fflush(stdout);
	return 0;
}

static int result(const char *file, const caseresult *r)
{
	FILE *f = fopen(file, "w");
	if (!f) {
		fprintf(stderr, "sockspec: %s: %s\n", file, strerror(errno));
		return 1;
	}
	char reason[1024];
	snprintf(reason, sizeof reason, "%s", r->reason[0] ? r->reason : "no reason");
	for (char *p = reason; *p; p++)
		if (*p == '\n')
			*p = ' ';
	int rc = 0;
	switch (r->outcome) {
	case O_PASSED: fprintf(f, "passed\n"); break;
	/* ATF's passed carries no reason: that it was flaky, and why,
	 * goes to stderr, which Kyua keeps (kyua report --verbose) */
	case O_FLAKY:
		fprintf(f, "passed\n");
		fprintf(stderr, "flaky: %s\n", reason);
		break;
	case O_SKIPPED: fprintf(f, "skipped: %s\n", reason); break;
	case O_XFAIL: fprintf(f, "expected_failure: %s\n", reason); break;
	case O_XPASS: fprintf(f, "failed: unexpected pass (%s)\n", reason); rc = 1; break;
	case O_FAILED: fprintf(f, "failed: %s\n", reason); rc = 1; break;
	/* the implementation lacks a name the case uses: Kyua's skip,
	 * which says why, rather than a failure it did not have */
	case O_UNSUPPORTED: fprintf(f, "skipped: unsupported: %s\n", reason); break;
	default: fprintf(f, "broken: %s\n", reason); rc = 1; break;
	}
	fclose(f);
	/* the detail goes to stderr, which kyua keeps */
	if (r->detail[0])
		fprintf(stderr, "%s\n", r->detail);
	/* soft checks: the other failed steps */
	for (int k = 1; k < r->nfailures && k < CASE_MAX_FAILURES; k++)
		fprintf(stderr, "also %s\n", r->failures[k].reason);
	return rc;
}

/* A case's record from the session's whole-suite run (in a guest, or on
 * the host under make check): found by its ident, so without parsing
 * every case file again, which cost more than the rest of a case's turn
 * under Kyua. */
static int from_run(const char *ident, const char *rfile, const char *impl,
		    const char *vm, const char *vm_impls)
{
	if (strchr(ident, ':'))
		return 0; /* IDENT:cleanup: nothing to clean */
	signal(SIGPIPE, SIG_IGN);
	centry e;
	memset(&e, 0, sizeof e);
	e.name = (char *)ident;
	caseresult r;
	if (vm)
		atf_vm_result(&e, impl, vm_impls, vm, &r);
	else
		atf_batch_result(&e, impl, &r);
	return result(rfile, &r);
}

static int unknown(const char *arg)
{
	fprintf(stderr, "sockspec atf: unknown argument %s\n", arg);
	return 1;
}

enum { OPT_IMPL = OPT_LONG, OPT_VM, OPT_VM_IMPLS, OPT_COLLECTED, OPT_PRERUN };

int cmd_atf(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "impl", required_argument, NULL, OPT_IMPL },
		{ "vm", required_argument, NULL, OPT_VM },
		{ "vm-impls", required_argument, NULL, OPT_VM_IMPLS },
		{ "collected", required_argument, NULL, OPT_COLLECTED },
		{ "prerun", no_argument, NULL, OPT_PRERUN },
		{ NULL, 0, NULL, 0 }
	};
	const char *impl = NULL, *vimpl = NULL, *rfile = NULL, *ident = NULL;
	const char *vm = NULL; /* a kernel: the case's record from a guest run */
	const char *vm_impls = ""; /* the others that guest runs */
	bool lflag = false, prerun = false;
	char buf[3];
	int c;
	opt_start();
	/* the ATF words Kyua sends (-l; -rFILE, -vK=V... IDENT; -s DIR is
	 * ATF's too) after the wrappers' long options; the leading ':' tells
	 * a value missing at the end from an option we do not have */
	while ((c = getopt_long(argc, argv, ":lr:s:v:", opts, NULL)) != -1) {
		switch (c) {
		case OPT_IMPL: impl = optarg; break;
		case OPT_VM: vm = optarg; break;
		case OPT_VM_IMPLS: vm_impls = optarg; break;
		case OPT_PRERUN: prerun = true; break;
		case OPT_COLLECTED:
			/* IMPL FILE: the option's value and the next word;
			 * whatever follows is not looked at */
			if (optind == argc)
				return unknown("--collected");
			return atf_collected(optarg, argv[optind]);
		case 'l': lflag = true; break;
		case 'r': rfile = optarg; break;
		case 'v':
			/* kyua -v test_suites.sockspec.impl=X; no other
			 * variable means anything here */
			if (strncmp(optarg, "impl=", 5) == 0)
				vimpl = optarg + 5;
			break;
		case 's': break; /* the cases are found without a srcdir */
		case ':':
			/* a value missing at the end: -r's is asked for
			 * below, -v's and -s's were never looked at */
			if (optopt == 'r')
				rfile = NULL;
			else if (optopt != 'v' && optopt != 's')
				return unknown(opt_refused(argv, buf));
			break;
		default:
			return unknown(opt_refused(argv, buf));
		}
	}
	/* IDENT, wherever it stood among the options; one only */
	if (argc - optind > 1)
		return unknown(argv[optind + 1]);
	if (optind < argc)
		ident = argv[optind];
	/* --impl (the per-implementation wrappers) wins, then the Kyua
	 * configuration variable impl, then libsockref */
	if (!impl)
		impl = vimpl ? vimpl : "ref";
	if (!impl_known(impl)) {
		fprintf(stderr, "sockspec atf: unknown implementation %s\n", impl);
		return 1;
	}
	{
		/* words of a shell command in the guest: names we know only */
		char *list = xstrdup(vm_impls), *save = NULL;
		for (char *t = strtok_r(list, " ", &save); t;
		     t = strtok_r(NULL, " ", &save)) {
			if (!impl_known(t) || strpbrk(t, "'\"\\$`")) {
				fprintf(stderr, "sockspec atf: --vm-impls: "
					"unknown implementation %s\n", t);
				free(list);
				return 1;
			}
		}
		free(list);
	}
	if (prerun) {
		if (!vm) {
			fprintf(stderr, "sockspec atf: --prerun needs --vm KERNEL\n");
			return 1;
		}
		return atf_vm_prerun(vm_impls, vm);
	}
	if (!lflag && ident && rfile && (vm || atf_batch_mode()))
		return from_run(ident, rfile, impl, vm, vm_impls);
	centry *es;
	size_t n;
	if (discover_cases(NULL, &es, &n) < 0)
		return 1;
	int rc;
	if (lflag) {
		rc = list(es, n, impl, vm);
	} else if (!ident || !rfile) {
		fprintf(stderr, "sockspec atf: -r RESULTFILE IDENT needed\n");
		rc = 1;
	} else {
		char *id = xstrdup(ident);
		char *colon = strchr(id, ':');
		bool cleanup = colon && strcmp(colon, ":cleanup") == 0;
		if (colon)
			*colon = '\0';
		size_t k;
		for (k = 0; k < n; k++) {
			char *x = atf_ident(es[k].name);
			bool m = strcmp(x, id) == 0;
			free(x);
			if (m)
				break;
		}
		if (cleanup) {
			rc = 0;
		} else if (k == n) {
			caseresult r;
			memset(&r, 0, sizeof r);
			r.outcome = O_BROKEN;
			snprintf(r.reason, sizeof r.reason, "no case %s", id);
			rc = result(rfile, &r);
		} else {
			signal(SIGPIPE, SIG_IGN);
			caseresult r;
			char xerr[1024];
			if (vm) {
				/* the guest's run applied the expectations */
				atf_vm_result(&es[k], impl, vm_impls, vm, &r);
			} else if (atf_batch_mode()) {
				/* and so did the session's run */
				atf_batch_result(&es[k], impl, &r);
			} else if (expectations_load(impl_expectations_name(impl),
						     NULL, xerr, sizeof xerr) < 0) {
				memset(&r, 0, sizeof r);
				r.outcome = O_BROKEN;
				snprintf(r.reason, sizeof r.reason,
					 "malformed expectations: %.900s", xerr);
			} else {
				run_isolated(&es[k], impl, 1, &r);
			}
			/* for t_baseline.sh, later in the same session */
			if (!vm && !atf_batch_mode())
				atf_record(&es[k], impl, &r);
			rc = result(rfile, &r);
		}
		free(id);
	}
	centries_free(es, n);
	return rc;
}
