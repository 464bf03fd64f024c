/*
 * main.c — the sockspec command line: list, check, run, atf, repro...
 * (conformance/README.md).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atf/atf.h"
#include "base/base.h"
#include "expect/expect.h"
#include "ktap/ktap.h"
#include "kcidb/kcidb.h"
#include "history/history.h"
#include "lang/lang.h"
#include "matrix/matrix.h"
#include "report/report.h"
#include "repro/repro.h"
#include "run/run.h"

static void usage_to(FILE *out)
{
	fprintf(out,
		"usage: sockspec list [--cases GLOB]\n"
		"       sockspec check FILE...\n"
		"       sockspec run --impl IMPL [--cases GLOB] "
		"[--results FILE] [--jobs N] [--shard K/N]\n"
		"           [--order FILE] [--case-list FILE] [--fail-fast]   (FILE's cases first / only;\n"
		"           stop at the first failure)\n"
		"           [--peer IMPL]   (the interop cases, IMPL on their peer hosts)\n"
		"           [--ktap]   (KTAP version 1 on stdout, the summary on stderr;\n"
		"           exit 0 all passed/skipped/xfail, 1 a failure, as kselftest)\n"
		"           [--retry N]   (rerun what failed or broke up to N times; a pass then is flaky)\n"
		"           [--history FILE | --no-history]   (default $SOCKSPEC_HISTORY, build/history.sqlite)\n"
		"       sockspec atf --impl IMPL -l | [-vK=V...] -r FILE IDENT\n"
		"       sockspec atf --collected IMPL FILE\n"
		"       sockspec atf --vm KERNEL --vm-impls \"I1 I2...\" --prerun\n"
		"       sockspec table RESULTS...\n"
		"       sockspec ktap RESULTS...   (KTAP version 1, kselftest exit status)\n"
		"       sockspec expectations [--list] | --stale RESULTS...\n"
		"       sockspec findings [--results RESULTS...]\n"
		"       sockspec coverage [--missing [AREA]]   (catalogue ids the cases cite)\n"
		"       sockspec diff [--ignore-kernel | --versions] OLD NEW\n"
		"       sockspec versions RESULTS...   (conformance/VERSIONS.md: make versions)\n"
		"       sockspec merge [--mixed] -o OUT RESULTS...\n"
		"       sockspec report [--html FILE] [--compare OLD]... [--history FILE]\n"
		"                       [--summary FILE|-] [--text FILE|-] RESULTS...\n"
		"       sockspec kcidb --origin NAME [-o FILE] RESULTS...   (KCIDB v5.3 JSON)\n"
		"       sockspec history [CASE|GLOB] [--impl I] [--kernel K] [--flaky] | --import FILE... | --runs\n"
		"       sockspec matrix [--out DIR] [--kernels \"V...\"] [--impls \"I...\"] [--jobs N]\n"
		"       sockspec repro CASE --impl IMPL [-o FILE]   (a standalone program of the case's\n"
		"           steps: Python for the Python implementations, C against libsockref for\n"
		"           ref, ref-musl, ref-i386)\n"
		"       sockspec help | --help\n"
		"IMPL: ref ref-musl ref-i386 cpython pypy gevent eventlet python:PATH\n"
		"      FAMILY@SUITE   (cpython, pypy, gevent, eventlet of a Debian root, vm/root:\n"
		"      cpython@trixie, recorded as cpython3.13@trixie)\n"
		"      exec:PATH [ARG...]   (an adapter of your own; conformance/README.md\n"
		"      \"Write an adapter\")\n"
		"env: SOCKSPEC_CASES_DIR, SOCKSPEC_EXPECTATIONS, SOCKSPEC_ADAPTER_CMD (a shell\n"
		"     command run instead of every adapter), SOCKSPEC_PYADAPTER (pyadapter.py's\n"
		"     path as a python:PATH interpreter sees it), SOCKSPEC_FORKSERVER=0,\n"
		"     SOCKSPEC_ROOT_CACHE (vm/root's cache, ~/.cache/sockspec/roots),\n"
		"     SOCKSPEC_WIRE_LOG=DIR (every adapter's requests and replies in\n"
		"     DIR/CASE.HOST.wire; DIR not below /tmp),\n"
		"     SOCKSPEC_KCONFIG (a .config, gzip'd or not, or a module tree read\n"
		"     instead of the kernel's own for the options a family needs; none)\n");
}

static void usage(void)
{
	usage_to(stderr);
}

static int cmd_list(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "cases", required_argument, NULL, OPT_LONG },
		{ NULL, 0, NULL, 0 }
	};
	const char *glob = NULL;
	int c;
	opt_start();
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != OPT_LONG) {
			usage();
			return 2;
		}
		glob = optarg;
	}
	if (optind < argc) {
		usage();
		return 2;
	}
	centry *es;
	size_t n;
	if (discover_cases(glob, &es, &n) < 0)
		return 2;
	for (size_t i = 0; i < n; i++) {
		printf("%s", es[i].name);
		if (!es[i].c) {
			printf("\t(malformed)\n");
			fprintf(stderr, "%s\n", es[i].error);
			continue;
		}
		for (size_t k = 0; k < es[i].c->nids; k++)
			printf("%s%s", k ? " " : "\t", es[i].c->ids[k]);
		putchar('\n');
	}
	centries_free(es, n);
	return 0;
}

static int cmd_check(int argc, char **argv)
{
	int bad = 0;
	if (argc < 2) {
		usage();
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		char err[1024] = "";
		scase *c = case_load(argv[i], err, sizeof err);
		if (!c) {
			printf("%s\n", err[0] ? err : argv[i]);
			bad++;
		} else {
			case_free(c);
		}
	}
	return bad ? 2 : 0;
}

enum {
	OPT_IMPL = OPT_LONG, OPT_CASES, OPT_RESULTS, OPT_JOBS, OPT_PEER,
	OPT_ORDER, OPT_CASE_LIST, OPT_FAIL_FAST, OPT_SHARD, OPT_KTAP,
	OPT_RETRY, OPT_HISTORY, OPT_NO_HISTORY
};

/* run --ktap: the run as usual, with its summary and anything else on
 * stdout sent to stderr, then the results as KTAP on stdout, so stdout
 * is one KTAP document a CI system reads whole. Without --results the
 * records go to a file unlinked as soon as it is made, so nothing is
 * left behind however the run ends. */
static int run_ktap(runopts *o)
{
	char path[64];
	int fd = -1;
	if (!o->results) {
		const char *tmp = getenv("TMPDIR");
		char *tmpl = xasprintf("%s/sockspec-ktap.XXXXXX",
				       tmp && *tmp ? tmp : "/tmp");
		fd = mkostemp(tmpl, O_CLOEXEC);
		if (fd < 0) {
			fprintf(stderr, "sockspec run: %s: %s\n", tmpl,
				strerror(errno));
			free(tmpl);
			return 2;
		}
		unlink(tmpl);
		free(tmpl);
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
		o->results = path;
	}
	fflush(stdout);
	int saved = fcntl(1, F_DUPFD_CLOEXEC, 3);
	if (saved < 0 || dup2(2, 1) < 0) {
		fprintf(stderr, "sockspec run: stdout: %s\n", strerror(errno));
		return 2;
	}
	int rc = cmd_run(o);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	if (rc != 2) {
		char *files[] = { (char *)o->results };
		rc = ktap_write(1, files, stdout);
	}
	if (fd >= 0)
		close(fd);
	return rc;
}

static int cmd_run_args(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "impl", required_argument, NULL, OPT_IMPL },
		{ "cases", required_argument, NULL, OPT_CASES },
		{ "results", required_argument, NULL, OPT_RESULTS },
		{ "jobs", required_argument, NULL, OPT_JOBS },
		{ "peer", required_argument, NULL, OPT_PEER },
		{ "order", required_argument, NULL, OPT_ORDER },
		{ "case-list", required_argument, NULL, OPT_CASE_LIST },
		{ "fail-fast", no_argument, NULL, OPT_FAIL_FAST },
		{ "shard", required_argument, NULL, OPT_SHARD },
		{ "ktap", no_argument, NULL, OPT_KTAP },
		{ "retry", required_argument, NULL, OPT_RETRY },
		{ "history", required_argument, NULL, OPT_HISTORY },
		{ "no-history", no_argument, NULL, OPT_NO_HISTORY },
		{ NULL, 0, NULL, 0 }
	};
	bool ktap = false;
	runopts o;
	memset(&o, 0, sizeof o);
	char err[160];
	int c;
	opt_start();
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case OPT_IMPL: o.impl = optarg; break;
		case OPT_CASES: o.glob = optarg; break;
		case OPT_RESULTS: o.results = optarg; break;
		case OPT_JOBS: o.jobs = atoi(optarg); break;
		case OPT_PEER: o.peer = optarg; break;
		case OPT_ORDER: o.order = optarg; break;
		case OPT_CASE_LIST: o.case_list = optarg; break;
		case OPT_FAIL_FAST: o.fail_fast = true; break;
		case OPT_KTAP: ktap = true; break;
		case OPT_HISTORY: o.history = optarg; break;
		case OPT_NO_HISTORY: o.history = ""; break;
		case OPT_RETRY: {
			char *end;
			long r = strtol(optarg, &end, 10);
			if (end == optarg || *end || r < 0 ||
			    r >= CASE_MAX_ATTEMPTS) {
				fprintf(stderr, "sockspec run: --retry %s: a "
					"number from 0 to %d\n", optarg,
					CASE_MAX_ATTEMPTS - 1);
				return 2;
			}
			o.retry = (int)r;
			break;
		}
		case OPT_SHARD:
			if (shard_parse(optarg, &o.shard_k, &o.shard_n, err,
					sizeof err) < 0) {
				fprintf(stderr, "sockspec run: %s\n", err);
				return 2;
			}
			break;
		default:
			usage();
			return 2;
		}
	}
	/* run takes no operands */
	if (optind < argc) {
		usage();
		return 2;
	}
	if (!o.impl) {
		usage();
		return 2;
	}
	if (o.retry && o.fail_fast) {
		fprintf(stderr, "sockspec run: --retry and --fail-fast do not "
			"go together (a retry comes after the whole run)\n");
		return 2;
	}
	/* known by name; one may still be missing on this machine (impls.c,
	 * probe.c): its cases are then skipped with the reason */
	const char *bad = !impl_known(o.impl) ? o.impl :
			  o.peer && !impl_known(o.peer) ? o.peer : NULL;
	if (bad) {
		fprintf(stderr, "sockspec run: %s: unknown implementation "
			"(ref, ref-musl, ref-i386, cpython, pypy, gevent, "
			"eventlet, python:PATH, exec:PATH, FAMILY@SUITE)\n", bad);
		return 2;
	}
	/* one named by a path must start: a typo is an error, not a run
	 * of skips that exits 0 */
	char why[1024];
	const char *no = impl_start_error(o.impl, why, sizeof why);
	if (!no && o.peer)
		no = impl_start_error(o.peer, why, sizeof why);
	if (no) {
		fprintf(stderr, "sockspec run: %s\n", no);
		return 2;
	}
	/* cpython@trixie is recorded as its hello names it,
	 * cpython3.13@trixie */
	static char impl[128], peer[128];
	if (impl_resolve(o.impl, impl, sizeof impl, why, sizeof why) < 0 ||
	    (o.peer && impl_resolve(o.peer, peer, sizeof peer, why,
				    sizeof why) < 0)) {
		fprintf(stderr, "sockspec run: %s\n", why);
		return 2;
	}
	o.impl = impl;
	if (o.peer)
		o.peer = peer;
	return ktap ? run_ktap(&o) : cmd_run(&o);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage();
		return 2;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 ||
	    strcmp(cmd, "-h") == 0) {
		usage_to(stdout);
		return 0;
	}
	if (strcmp(cmd, "list") == 0)
		return cmd_list(argc - 1, argv + 1);
	if (strcmp(cmd, "coverage") == 0)
		return cmd_coverage(argc - 1, argv + 1);
	if (strcmp(cmd, "check") == 0)
		return cmd_check(argc - 1, argv + 1);
	if (strcmp(cmd, "run") == 0)
		return cmd_run_args(argc - 1, argv + 1);
	if (strcmp(cmd, "atf") == 0)
		return cmd_atf(argc - 1, argv + 1);
	if (strcmp(cmd, "diff") == 0)
		return cmd_diff(argc - 1, argv + 1);
	if (strcmp(cmd, "versions") == 0)
		return cmd_versions(argc - 1, argv + 1);
	if (strcmp(cmd, "merge") == 0)
		return cmd_merge(argc - 1, argv + 1);
	if (strcmp(cmd, "expectations") == 0)
		return cmd_expectations(argc - 1, argv + 1);
	if (strcmp(cmd, "findings") == 0)
		return cmd_findings(argc - 1, argv + 1);
	if (strcmp(cmd, "table") == 0 && argc > 2)
		return table_print(argc - 2, argv + 2, stdout);
	if (strcmp(cmd, "ktap") == 0)
		return cmd_ktap(argc - 1, argv + 1);
	if (strcmp(cmd, "report") == 0)
		return cmd_report(argc - 1, argv + 1);
	if (strcmp(cmd, "kcidb") == 0)
		return cmd_kcidb(argc - 1, argv + 1);
	if (strcmp(cmd, "history") == 0)
		return cmd_history(argc - 1, argv + 1);
	if (strcmp(cmd, "matrix") == 0)
		return cmd_matrix(argc - 1, argv + 1);
	if (strcmp(cmd, "repro") == 0)
		return cmd_repro(argc - 1, argv + 1);
	usage();
	return 2;
}
