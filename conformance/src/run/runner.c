/*
 * runner.c — `sockspec run`: one case process per case (up to --jobs at
 * once), each the parent of a pid-1 worker in fresh pid, network and
 * mount namespaces; results come back over a pipe; a case process that
 * outlives its timeout is killed, and with it everything it made.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kconfig/kconfig.h"
#include "run_internal.h"

static void worker(const centry *e, const char *impl, int fd)
{
	caseresult res;
	memset(&res, 0, sizeof res);
	signal(SIGPIPE, SIG_IGN);
	char err[1024] = "", why[512];
	const char *skip;
	/* what the machine cannot give is a skip, decided before isolation
	 * (which would set up for it, e.g. vcan0) */
	if ((skip = needs_unmet(e->c->needs, why, sizeof why)) ||
	    (skip = links_unmet(e->c, why, sizeof why))) {
		res.outcome = O_SKIPPED;
		snprintf(res.reason, sizeof res.reason, "%s", skip);
	} else if (isolate_case(e->c, err, sizeof err) < 0) {
		res.outcome = O_BROKEN;
		snprintf(res.reason, sizeof res.reason, "isolation: %s", err);
	} else {
		run_case(e, impl, &res);
	}
	const char *p = (const char *)&res;
	size_t off = 0;
	while (off < sizeof res) {
		ssize_t n = write(fd, p + off, sizeof res - off);
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	_exit(0);
}

/* Linux keeps the addresses RDS sockets are bound to in one table for
 * all network namespaces (net/rds/bind.c), so two RDS cases at once, in
 * one run or in two (matrix --inside runs suites side by side), see each
 * other's sockets: a datagram for 10.0.9.2:18402 went to the other
 * case's socket and rds/tcp-between-hosts timed out. A case that needs
 * vm:rds holds this lock, an abstract AF_UNIX name bound in the runner's
 * namespace: no file to remove, and it goes when the case process dies.
 * Returns the descriptor that holds it (kept until the case ends). */
static int rds_lock(void)
{
	static const char name[] = "\0sockspec-rds-bind-table";
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	memcpy(a.sun_path, name, sizeof name - 1);
	socklen_t len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) +
				    sizeof name - 1);
	for (;;) {
		int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0)
			return -1;
		if (bind(fd, (struct sockaddr *)&a, len) == 0)
			return fd;
		int e = errno;
		close(fd);
		if (e != EADDRINUSE)
			return -1;
		/* the runner's deadline for the case still counts */
		struct timespec ts = { 0, 20 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
}

/* Fork the case process; it returns the read end of the result pipe. */
static pid_t spawn_case(const centry *e, const char *impl, int *rfd)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	pid_t runner = getpid();
	pid_t pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		die_with_parent(runner);
		close(p[0]);
		if (unshare(CLONE_NEWPID) < 0) {
			caseresult res;
			memset(&res, 0, sizeof res);
			res.outcome = O_BROKEN;
			snprintf(res.reason, sizeof res.reason,
				 "isolation: unshare(CLONE_NEWPID): %s",
				 strerror(errno));
			if (write(p[1], &res, sizeof res) < 0)
				_exit(1);
			_exit(0);
		}
		if (e->c->needs & NEED_VM_RDS)
			rds_lock();
		pid_t me = getpid();
		pid_t w = fork();
		if (w == 0) {
			die_with_parent(me);
			worker(e, impl, p[1]);
		}
		close(p[1]);
		int st;
		while (w > 0 && waitpid(w, &st, 0) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	close(p[1]);
	*rfd = p[0];
	return pid;
}

/* Decide before forking: malformed, expected skip, needs root, no
 * adapter. Returns true when res is final. */
static bool precheck(const centry *e, const char *impl, caseresult *res)
{
	char why[512];
	memset(res, 0, sizeof *res);
	if (!e->c) {
		res->outcome = O_BROKEN;
		snprintf(res->reason, sizeof res->reason, "%s", e->error);
		return true;
	}
	const char *s = expectation_skip(e->name);
	if (s) {
		res->outcome = O_SKIPPED;
		snprintf(res->reason, sizeof res->reason, "%s", s);
		return true;
	}
	if ((e->c->needs & NEED_ROOT) && geteuid() != 0) {
		res->outcome = O_SKIPPED;
		snprintf(res->reason, sizeof res->reason, "needs root");
		return true;
	}
	for (size_t h = 0; h < e->c->nhosts; h++) {
		const char *hi = case_host_impl(e->c, h, impl);
		if (impl_unavailable(hi, why, sizeof why)) {
			res->outcome = O_SKIPPED;
			snprintf(res->reason, sizeof res->reason, "%s", why);
			return true;
		}
	}
	return false;
}

typedef struct job {
	pid_t pid;
	int fd;
	size_t idx;
	double start, deadline;
	caseresult res;
	size_t got;
	bool waiter;    /* case_wait() >= WAITER_SECONDS */
} job;

static void job_end(job *j, const centry *e, caseresult *out, bool timed_out)
{
	int st = 0;
	if (timed_out)
		kill(j->pid, SIGKILL);
	while (waitpid(j->pid, &st, 0) < 0 && errno == EINTR)
		;
	close(j->fd);
	if (timed_out) {
		memset(out, 0, sizeof *out);
		out->outcome = O_BROKEN;
		snprintf(out->reason, sizeof out->reason,
			 "timeout: the case process outlived %gs and was killed",
			 e->c->timeout + 10 + ADAPTER_START_SECONDS);
	} else if (j->got == sizeof j->res) {
		*out = j->res;
		out->reason[sizeof out->reason - 1] = '\0';
		out->detail[sizeof out->detail - 1] = '\0';
		out->impl_version[sizeof out->impl_version - 1] = '\0';
	} else {
		memset(out, 0, sizeof *out);
		out->outcome = O_BROKEN;
		snprintf(out->reason, sizeof out->reason,
			 "the case process died without a result (status %d)", st);
		/* killed by a signal we did not send: a crash */
		out->crashed = WIFSIGNALED(st);
	}
	out->duration = now_mono() - j->start;
	expectation_apply(e->name, out);
}

static bool stops_run(outcome o)
{
	return o == O_FAILED || o == O_BROKEN || o == O_XPASS;
}

/* --fail-fast: what was still running is killed (its pid namespace goes
 * with it) and nothing more starts; every case left is a skip that names
 * the case the run stopped at, so the results file stays complete. */
static void stop_rest(size_t n, job *js, int running,
		      caseresult *rs, const bool *started, const char *at)
{
	for (int k = 0; k < running; k++) {
		kill(js[k].pid, SIGKILL);
		while (waitpid(js[k].pid, NULL, 0) < 0 && errno == EINTR)
			;
		close(js[k].fd);
	}
	for (size_t i = 0; i < n; i++) {
		bool pending = !started[i];
		for (int k = 0; k < running; k++)
			pending |= js[k].idx == i;
		if (!pending)
			continue;
		memset(&rs[i], 0, sizeof rs[i]);
		rs[i].outcome = O_SKIPPED;
		snprintf(rs[i].reason, sizeof rs[i].reason,
			 "not run: --fail-fast stopped at %s", at);
	}
}

/* What a case says it will spend waiting rather than computing: the
 * seconds of its sleep steps and the lower bounds of its within checks
 * (case_declared_wait), or its whole timeout when it is expected to be
 * broken here (a hang waits the timeout out). */
static double case_wait(const centry *e)
{
	return !e->c ? 0
	       : expectation_broken(e->name) ? e->c->timeout
	       : case_declared_wait(e->c);
}

/* Start order for a whole run: longest expected wait first (LPT), so
 * the few cases that sleep, wait out TCP retries or hang until their
 * timeout where expected (a known `broken`) overlap the many short ones
 * instead of ending the run alone. Equal waits keep name order. Results
 * are kept in name order whatever the start order. */
static double *sort_key;

static int by_wait(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	if (sort_key[i] != sort_key[j])
		return sort_key[i] > sort_key[j] ? -1 : 1;
	return i < j ? -1 : i > j;
}

static size_t *start_order(const centry *es, size_t n)
{
	size_t *ord = xmalloc((n ? n : 1) * sizeof *ord);
	sort_key = xmalloc((n ? n : 1) * sizeof *sort_key);
	for (size_t i = 0; i < n; i++) {
		ord[i] = i;
		sort_key[i] = case_wait(&es[i]);
	}
	qsort(ord, n, sizeof *ord, by_wait);
	free(sort_key);
	sort_key = NULL;
	return ord;
}

/* On real hardware, a case that says it will wait at least this long
 * (case_wait) runs beside the --jobs others instead of taking one of
 * their places: it holds a CPU for its set-up only. With the waiters
 * first (LPT) and counted as jobs, a PyPy run on two cores spent its
 * first two seconds 50-80% idle, six of its eight places asleep. At most
 * --jobs of them at once. Not under emulation (SOCKSPEC_SLOWDOWN > 1),
 * where a case's set-up is most of its cost and more at once only adds
 * load: there RDS over TCP already loses its first datagram now and then
 * under load (conformance/README.md, rds/tcp-between-hosts). */
#define WAITER_SECONDS 1.0

/* Which of es[0..n) are waiters, worked out once for the run. */
static bool *waiters(const centry *es, size_t n)
{
	bool *w = xmalloc((n ? n : 1) * sizeof *w);
	bool real = run_slowdown() <= 1.0;
	for (size_t i = 0; i < n; i++)
		w[i] = real && case_wait(&es[i]) >= WAITER_SECONDS;
	return w;
}

/* Run es[0..n) with up to jobs at once into rs, starting them in the
 * order ord gives (NULL: es's own), "cases I/N" on stderr when progress;
 * fail_fast: stop at the first failed, broken or xpass case; fresh: every
 * adapter a new process, none forked from a fork server. */
static void run_many(const centry *es, size_t n, const char *impl, int jobs,
		     caseresult *rs, bool progress, bool fail_fast,
		     const size_t *ord, bool fresh)
{
	bool *is_waiter = waiters(es, n);
	bool *started = xmalloc((n ? n : 1) * sizeof *started);
	memset(started, 0, (n ? n : 1) * sizeof *started);
	const char *stopped_at = NULL;
	/* pack()'s native layout is the implementation's, not ours */
	pack_set_platform(impl_platform(impl));
	job *js = xmalloc(2 * (size_t)jobs * sizeof *js);
	struct pollfd *pf = xmalloc(2 * (size_t)jobs * sizeof *pf);
	size_t next = 0, done = 0;
	int running = 0, waiting = 0;
	while (done < n && !stopped_at) {
		while (next < n && !stopped_at) {
			size_t i = ord ? ord[next] : next;
			bool waiter = is_waiter[i];
			if (waiter ? waiting >= jobs : running - waiting >= jobs)
				break;
			next++;
			started[i] = true;
			if (precheck(&es[i], impl, &rs[i])) {
				expectation_apply(es[i].name, &rs[i]);
				done++;
				if (fail_fast && stops_run(rs[i].outcome))
					stopped_at = es[i].name;
				continue;
			}
			/* an interpreter per implementation for the whole run
			 * (forkserver.c); one case alone gains nothing */
			for (size_t h = 0; n > 1 && !fresh && h < es[i].c->nhosts; h++)
				forkserver_start(case_host_impl(es[i].c, h, impl));
			job *j = &js[running];
			memset(j, 0, sizeof *j);
			j->idx = i;
			j->waiter = waiter;
			j->start = now_mono();
			j->deadline = j->start + es[i].c->timeout + 10 +
				      ADAPTER_START_SECONDS;
			j->pid = spawn_case(&es[i], impl, &j->fd);
			if (j->pid < 0) {
				rs[i].outcome = O_BROKEN;
				snprintf(rs[i].reason, sizeof rs[i].reason,
					 "fork: %s", strerror(errno));
				done++;
				continue;
			}
			running++;
			waiting += waiter;
		}
		if (progress)
			fprintf(stderr, "\rcases %zu/%zu", done, n);
		if (running == 0 || stopped_at)
			continue;
		double first = js[0].deadline;
		for (int k = 0; k < running; k++) {
			pf[k].fd = js[k].fd;
			pf[k].events = POLLIN;
			pf[k].revents = 0;
			if (js[k].deadline < first)
				first = js[k].deadline;
		}
		double left = first - now_mono();
		int ms = left > 0 ? (int)(left * 1000) + 1 : 0;
		if (poll(pf, (nfds_t)running, ms) < 0 && errno != EINTR)
			break;
		for (int k = 0; k < running; k++) {
			job *j = &js[k];
			bool end = false, timed_out = false;
			if (pf[k].revents) {
				ssize_t r = read(j->fd, (char *)&j->res + j->got,
						 sizeof j->res - j->got);
				if (r > 0)
					j->got += (size_t)r;
				else if (r == 0 || errno != EINTR)
					end = true;
				if (j->got == sizeof j->res)
					end = true;
			}
			if (!end && now_mono() >= j->deadline)
				end = timed_out = true;
			if (!end)
				continue;
			job_end(j, &es[j->idx], &rs[j->idx], timed_out);
			done++;
			if (fail_fast && stops_run(rs[j->idx].outcome))
				stopped_at = es[j->idx].name;
			waiting -= j->waiter;
			js[k] = js[--running];
			pf[k] = pf[running];
			k--;
		}
	}
	if (stopped_at)
		stop_rest(n, js, running, rs, started, stopped_at);
	forkserver_stop_all();
	free(started);
	free(is_waiter);
	if (progress)
		fprintf(stderr, "\rcases %zu/%zu\n", done, n);
	free(js);
	free(pf);
}

/* run --retry: up to retries rounds over what failed or broke (retry.c),
 * each with new adapters rather than a fork server's. */
static void retry_rounds(const centry *es, size_t n, const char *impl,
			 int jobs, caseresult *rs, int retries,
			 unsigned long taint, bool progress)
{
	size_t *idx = xmalloc((n ? n : 1) * sizeof *idx);
	centry *sub = xmalloc((n ? n : 1) * sizeof *sub);
	caseresult *got = xmalloc((n ? n : 1) * sizeof *got);
	if (retries > 0)
		retry_note_crashes(rs, n);
	for (int round = 1; round <= retries; round++) {
		size_t m = retry_pick(rs, n, idx);
		if (m == 0 || retry_kernel_oopsed(taint, rs, idx, m))
			break;
		if (progress)
			fprintf(stderr, "retry %d: %zu case%s\n", round, m,
				m == 1 ? "" : "s");
		/* shallow copies: the entries stay es's */
		for (size_t k = 0; k < m; k++)
			sub[k] = es[idx[k]];
		memset(got, 0, m * sizeof *got);
		run_many(sub, m, impl, jobs, got, progress, false, NULL, true);
		for (size_t k = 0; k < m; k++)
			retry_take(&rs[idx[k]], &got[k]);
	}
	free(idx);
	free(sub);
	free(got);
}

/* After the retries: what a `flaky` expectation says of a case that
 * did not pass outright (expect/expect_apply.c). */
static void note_flaky(const centry *es, size_t n, caseresult *rs)
{
	for (size_t i = 0; i < n; i++)
		expectation_note(es[i].name, &rs[i]);
}

void run_isolated(const centry *e, const char *impl, int retries,
		  caseresult *res)
{
	unsigned long taint = kernel_taint();
	run_many(e, 1, impl, 1, res, false, false, NULL, false);
	retry_rounds(e, 1, impl, 1, res, retries, taint, false);
	note_flaky(e, 1, res);
}

int cmd_run(const runopts *o)
{
	centry *es;
	size_t n;
	if (discover_cases(o->glob, &es, &n) < 0)
		return 2;
	case_timeouts_stretch(es, n);
	/* --peer: the interop cases, with the partner on their peer hosts */
	interop_set_peer(o->peer);
	if (o->peer)
		interop_select(es, &n);
	if (o->shard_n > 0)
		shard_select(es, &n, o->shard_k, o->shard_n);
	char oerr[1200];
	if ((o->case_list && case_list_select(es, &n, o->case_list, oerr,
					      sizeof oerr) < 0) ||
	    (o->order && order_apply(es, n, o->order, oerr, sizeof oerr) < 0)) {
		fprintf(stderr, "sockspec run: %s\n", oerr);
		centries_free(es, n);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	char xerr[1024];
	if (expectations_load(impl_expectations_name(o->impl),
			      o->peer ? impl_expectations_name(o->peer) : NULL,
			      xerr, sizeof xerr) < 0) {
		/* the faults are on stderr already */
		fprintf(stderr, "sockspec: malformed expectations; not running\n");
		centries_free(es, n);
		return 2;
	}
	/* the kernel's configuration, read once here so every case process
	 * shares it (a family's cases skip naming the option it lacks) */
	kconfig_source();
	/* the constants the implementations lack, asked once a run */
	const char *sides[2] = { o->impl, o->peer };
	consts_share(sides, o->peer ? 2 : 1);
	caseresult *rs = calloc(n ? n : 1, sizeof *rs);
	if (!rs)
		abort();
	/* Cases mostly wait (timeouts, TCP retries): four per CPU, measured
	 * on two cores (medians of 3, same outcomes for all six
	 * implementations): libsockref 8.2 -> 5.6 s, CPython 14.0 -> 10.7 s,
	 * PyPy 17.7 -> 15.3 s against two per CPU. Under emulation
	 * (SOCKSPEC_SLOWDOWN > 1, vm/run) a case computes more than it waits
	 * and matrix --inside already runs suites side by side: two per CPU
	 * there. */
	int per_cpu = run_slowdown() > 1.0 ? 2 : 4;
	int jobs = o->jobs > 0 ? o->jobs
			       : per_cpu * (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (jobs < 1)
		jobs = 1;
	/* --order and --case-list say the order themselves */
	size_t *ord = o->order || o->case_list ? NULL : start_order(es, n);
	/* the kernel's taint before the cases: an oops during the run
	 * stops every retry (retry.c) */
	unsigned long taint = kernel_taint();
	bool progress = isatty(2) && !o->quiet;
	run_many(es, n, o->impl, jobs, rs, progress, o->fail_fast, ord, false);
	if (o->retry > 0)
		retry_rounds(es, n, o->impl, jobs, rs, o->retry, taint,
			     progress);
	note_flaky(es, n, rs);
	free(ord);
	int rc = 0;
	if (o->results && results_write(o->results, es, rs, n, o->impl, o->peer) < 0) {
		fprintf(stderr, "sockspec: %s: %s\n", o->results, strerror(errno));
		rc = 2;
	}
	run_record_history(o, es, rs, n);
	int s = summary_print(es, rs, n);
	if (rc == 0)
		rc = s;
	free(rs);
	centries_free(es, n);
	return rc;
}
