/*
 * run.c — one case, inside its isolated worker: start the hosts'
 * adapters, run the steps in order (asynchronous ones collected before
 * their host's next request or at `sync`), check each result, bind
 * targets, and stop at the first failing check, or, for soft steps, go
 * on and record every failed one (soft.c).
 */
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run_internal.h"
#include "peer.h"
#include "trace.h"

#define STR_(x) #x
#define STR(x) STR_(x)

/* Has the case a traced step? */
static bool case_traced(const scase *c)
{
	for (size_t i = 0; i < c->nsteps; i++)
		if (c->steps[i].traced)
			return true;
	return false;
}

static int start_hosts(runctx *x, const char *impl, caseresult *res)
{
	const scase *c = x->c;
	int go[2];
	if (pipe2(go, O_CLOEXEC) < 0)
		return -1;
	pid_t *pids = xmalloc(c->nhosts * sizeof *pids);
	pids[0] = getpid();
	adapter_drop_sys_admin = c->isolate_nocap;
	adapter_locale = c->locale;
	/* a traced step needs the adapter itself as the harness's
	 * descendant, and a locale the process's own environment: neither
	 * is a fork of the run's server */
	adapter_fresh = c->isolate_fresh || c->locale || case_traced(c);
	int rc = 0;
	for (size_t h = 0; h < c->nhosts && rc == 0; h++) {
		const char *hi = case_host_impl(c, h, impl);
		/* hosts after the first get their own network namespace,
		 * unless `isolate: sharednet` puts them all in the first's */
		bool own_net = h > 0 && !c->isolate_sharednet;
		char why[512] = "", err[512] = "";
		char **argv = adapter_argv(hi, why, sizeof why);
		if (!argv) {
			res->outcome = O_SKIPPED;
			snprintf(res->reason, sizeof res->reason, "%s", why);
			rc = -1;
			break;
		}
		int ready[2] = { -1, -1 };
		if (own_net && pipe2(ready, O_CLOEXEC) < 0)
			rc = -1;
		if (rc == 0 && adapter_spawn(&x->ad[h], argv, hi, ready[1],
					     go[0], err, sizeof err) < 0) {
			res->outcome = O_BROKEN;
			snprintf(res->reason, sizeof res->reason, "%s", err);
			rc = -1;
		}
		x->nad = h + 1;
		if (rc == 0)
			adapter_wire_log(&x->ad[h], c->name, c->hosts[h]);
		if (h > 0 && !own_net)
			pids[h] = pids[0];
		if (own_net) {
			char b;
			close(ready[1]);
			if (rc == 0 && read(ready[0], &b, 1) != 1) {
				res->outcome = O_BROKEN;
				snprintf(res->reason, sizeof res->reason,
					 "host %s: could not make its namespace",
					 c->hosts[h]);
				rc = -1;
			}
			close(ready[0]);
			pids[h] = x->ad[h].pid;
		}
	}
	if (rc == 0) {
		char err[512] = "";
		if (isolate_links(c, pids, err, sizeof err) < 0) {
			res->outcome = O_BROKEN;
			snprintf(res->reason, sizeof res->reason, "links: %s", err);
			rc = -1;
		}
	}
	for (size_t h = 1; rc == 0 && h < c->nhosts; h++)
		if (write(go[1], "g", 1) != 1)
			rc = -1;
	close(go[0]);
	close(go[1]);
	free(pids);
	return rc;
}

void run_case(const centry *e, const char *impl, caseresult *res)
{
	const scase *c = e->c;
	runctx x;
	memset(&x, 0, sizeof x);
	x.finish = finish_step;
	x.c = c;
	x.res = res;
	x.cur_step = -1;
	/* first the adapters' start; the case's timeout counts after it */
	x.deadline = now_mono() + ADAPTER_START_SECONDS;
	x.ad = calloc(c->nhosts, sizeof *x.ad);
	if (!x.ad)
		abort();
	for (size_t h = 0; h < c->nhosts; h++)
		x.ad[h].pid = x.ad[h].to = x.ad[h].from = x.ad[h].errfd = -1;
	res->outcome = O_PASSED;
	if (start_hosts(&x, impl, res) < 0)
		goto out;
	/* hello from each */
	for (size_t h = 0; h < x.nad; h++) {
		int rc = adapters_wait(x.ad, x.nad, (int)h, x.deadline);
		char *line = rc == 0 ? adapter_take_line(&x.ad[h]) : NULL;
		char im[64], ver[128];
		if (!line || sscanf(line, "hello %63s %127s", im, ver) != 2) {
			char ob[1024] = "";
			if (rc == -2)
				adapter_obituary(&x.ad[h], ob, sizeof ob);
			res->outcome = O_BROKEN;
			snprintf(res->reason, sizeof res->reason,
				 "adapter for host %s: %s%s%.300s", c->hosts[h],
				 rc == -1 ? "no hello within "
					    STR(ADAPTER_START_SECONDS) " s" :
				 rc == -2 ? "died before hello: " :
				 "bad hello: ", ob, line ? line : "");
			free(line);
			goto out;
		}
		snprintf(x.ad[h].version, sizeof x.ad[h].version, "%s", ver);
		char plat[32];
		if (h == 0) {
			snprintf(res->impl_version, sizeof res->impl_version,
				 "%s", ver);
			if (sscanf(line, "hello %*s %*s %31s", plat) == 1 &&
			    platform_word(plat))
				snprintf(res->impl_platform,
					 sizeof res->impl_platform, "%s", plat);
		}
		free(line);
	}
	x.deadline = now_mono() + c->timeout;
	/* the constants the case names that the implementation lacks */
	if (consts_check(&x, impl, eval_module_attr) < 0)
		x.broken = true;
	for (size_t i = 0; i < c->nsteps && !x.failed && !x.broken &&
			   !x.unsupported; i++) {
		const step *st = &c->steps[i];
		x.cur_step = (int)i;
		if (st->kind == S_SLEEP) {
			double end = now_mono() + st->seconds;
			if (end > x.deadline) {
				adapters_wait(x.ad, x.nad, -1, x.deadline);
				snprintf(x.why, sizeof x.why,
					 "%d: %s: timeout: the case's %gs ran out",
					 st->line, st->text, c->timeout);
				x.broken = true;
				break;
			}
			adapters_wait(x.ad, x.nad, -1, end);
		} else if (st->kind == S_SYNC) {
			collect_pending(&x, st->host);
		} else if (st->async) {
			x.step_failed = false;
			eval_async(&x, st->e, st->host);
		} else {
			evres r = {0};
			tracer tr = { -1, -1, -1 };
			char terr[256];
			if (st->traced &&
			    trace_start(&tr, x.ad[st->host].pid, terr,
					sizeof terr) < 0) {
				snprintf(x.why, sizeof x.why, "%d: %s: traced: %s",
					 st->line, st->text, terr);
				x.broken = true;
				break;
			}
			double t0 = now_mono();
			x.step_deadline = step_bound_deadline(st, t0);
			x.step_failed = false;
			int rc = eval_expr(&x, st->e, st->host, &r);
			x.step_deadline = 0;
			double took = now_mono() - t0;
			char *calls = st->traced ? trace_stop(&tr) : NULL;
			if (rc == 0)
				finish_step(&x, (int)i, &r, took);
			if (calls && !x.failed && !x.broken && !x.unrun &&
			    !x.unsupported)
				check_calls(&x, (int)i, calls);
			free(calls);
			evres_clear(&r);
		}
		/* a step that used a name without a value is recorded as
		 * not run (soft.c); a soft one lets the case go on */
		x.unrun = false;
	}
	/* after an unsupported step too: a step left running that crashed
	 * or hangs breaks the case, whatever came before */
	for (size_t h = 0; h < x.nad && !x.failed && !x.broken; h++)
		collect_pending(&x, (int)h);
	if (x.broken) {
		res->outcome = O_BROKEN;
		snprintf(res->reason, sizeof res->reason, "%.1000s", x.why);
	} else if (x.failed || res->nfailures) {
		res->outcome = O_FAILED;
		snprintf(res->reason, sizeof res->reason, "%.1000s", x.why);
		snprintf(res->detail, sizeof res->detail, "%s", x.why);
	} else if (x.unsupported) {
		res->outcome = O_UNSUPPORTED;
		snprintf(res->reason, sizeof res->reason, "%.1000s", x.why);
		snprintf(res->detail, sizeof res->detail, "%s", x.why);
	}
out:
	consts_free(&x);
	peers_end(&x);
	/* an adapter killed by a signal (not by us: adapter_kill's kills
	 * are not seen here) crashed: run --retry keeps the case as it is */
	for (size_t h = 0; h < c->nhosts; h++)
		res->crashed |= x.ad[h].killed_by != 0;
	for (size_t h = 0; h < c->nhosts; h++)
		adapter_kill(&x.ad[h]);
	for (size_t i = 0; i < x.nvars; i++) {
		free(x.vars[i].name);
		v_free(x.vars[i].v);
	}
	free(x.vars);
	free(x.ad);
}
