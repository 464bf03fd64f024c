/*
 * atf_vm.c — `sockspec atf --vm KERNEL`: the suite inside a QEMU guest
 * folded into Kyua's report. Booting a guest per test case would cost the
 * whole budget, so the first test case of a Kyua session runs the whole
 * suite once in one guest (vm/run) for every implementation of the
 * session's guest programs (--vm-impls: conformance_vm_ref and
 * conformance_vm_cpython share one boot), and every test case, that one
 * included, reports its own record from the guest's results files.
 *
 * A session is one `kyua test` (atf_session_key), so results never leak
 * from one into the next; a lock serialises test cases should Kyua run
 * them in parallel.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "atf_internal.h"
#include "history/history.h"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	size_t cap = 4096, len = 0;
	char *s = xmalloc(cap);
	size_t k;
	while ((k = fread(s + len, 1, cap - len - 1, f)) > 0) {
		len += k;
		if (cap - len < 2)
			s = xrealloc(s, cap *= 2);
	}
	s[len] = '\0';
	fclose(f);
	return s;
}

/* The last lines of the guest run's log, for a broken reason. */
static void log_tail(const char *log, char *buf, size_t cap)
{
	char *s = slurp(log);
	if (!s) {
		snprintf(buf, cap, "no log");
		return;
	}
	size_t len = strlen(s);
	const char *from = len > 600 ? s + len - 600 : s;
	snprintf(buf, cap, "%s", from);
	for (char *p = buf; *p; p++)
		if (*p == '\n')
			*p = ' ';
	free(s);
}

/* impls with impl added when missing: the implementations one guest runs */
static char *guest_impls(const char *impls, const char *impl)
{
	size_t l = strlen(impl);
	for (const char *p = impls; (p = strstr(p, impl)); p += l)
		if ((p == impls || p[-1] == ' ') && (p[l] == ' ' || !p[l]))
			return xstrdup(impls);
	return impls[0] ? xasprintf("%s %s", impls, impl) : xstrdup(impl);
}

/* The guest's results into the history (make check's own,
 * $SOCKSPEC_HISTORY): the guest cannot write it, the checkout being
 * read-only there. Once, by the program that booted it. */
static void record_guest(const char *dir, const char *impls)
{
	char *db = history_run_path(NULL, "atf");
	if (!db)
		return;
	char *list = xstrdup(impls), *save = NULL;
	char **files = NULL;
	size_t n = 0;
	for (char *t = strtok_r(list, " ", &save); t;
	     t = strtok_r(NULL, " ", &save)) {
		char *p = xasprintf("%s/results-%s.jsonl", dir, t);
		if (access(p, R_OK) == 0) {
			files = xrealloc(files, (n + 1) * sizeof *files);
			files[n++] = p;
		} else {
			free(p);
		}
	}
	size_t added, known;
	char err[1024];
	if (n && history_import(db, (const char *const *)files, n, true,
				&added, &known, err, sizeof err) < 0)
		fprintf(stderr, "sockspec atf: history: %s\n", err);
	for (size_t i = 0; i < n; i++)
		free(files[i]);
	free(files);
	free(list);
	free(db);
}

/* Run the whole suite for every implementation of impls inside one guest
 * unless this session did. */
static int ensure_run(const char *dir, const char *kernel, const char *impls,
		      const char *impl, char *err, size_t cap)
{
	char key[128];
	atf_session_key(key, sizeof key);
	char *all = guest_impls(impls, impl);
	/* the session and what its guest ran: another list boots again */
	char *stamp = xasprintf("%s\n%s", key, all);
	char *lockp = xasprintf("%s/lock", dir);
	char *sessp = xasprintf("%s/session", dir);
	char *resp = xasprintf("%s/results-%s.jsonl", dir, impl);
	char *logp = xasprintf("%s/run.log", dir);
	int rc = 0;
	int lk = open(lockp, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (lk < 0 || flock(lk, LOCK_EX) < 0) {
		snprintf(err, cap, "%s: %s", lockp, strerror(errno));
		rc = -1;
		goto out;
	}
	char *seen = slurp(sessp);
	bool ran = seen && strcmp(seen, stamp) == 0;
	free(seen);
	int st = 0;
	char *vmrun = NULL, *sockspec = NULL, *script = NULL;
	if (ran)
		goto check;
	unlink(sessp);
	vmrun = proj_path("vm/run");
	sockspec = proj_path("build/sockspec");
	/* each implementation's summary line in the log; `sockspec run`
	 * exits 1 when a case failed, which must not stop the next one */
	/* --retry 1: a case that fails once and then passes is flaky,
	 * which Kyua counts as passed (atf.c) */
	script = xasprintf("for i in %s; do echo \"== $i\"; '%s' run --impl \"$i\" "
			   "--retry 1 --results /tmp/out/results-$i.jsonl | tail -n 3; "
			   "done", all, sockspec);
	{
		/* results of an earlier guest must not stand in for this one's */
		char *list = xstrdup(all), *save = NULL;
		for (char *t = strtok_r(list, " ", &save); t;
		     t = strtok_r(NULL, " ", &save)) {
			char *p = xasprintf("%s/results-%s.jsonl", dir, t);
			unlink(p);
			free(p);
		}
		free(list);
	}
	pid_t self = getpid();
	pid_t pid = fork();
	if (pid == 0) {
		/* the guest goes when we do, even killed with SIGKILL:
		 * vm/run chains its own death to QEMU's */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != self)
			_exit(125);
		int fd = open(logp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		if (chdir(proj_root()) < 0)
			_exit(126);
		execl(vmrun, vmrun, "--kernel", kernel, "--timeout", "1800",
		      "--out", dir, "--", "sh", "-c", script, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0) {
		snprintf(err, cap, "cannot run vm/run: %s", strerror(errno));
		rc = -1;
		goto done;
	}
	/* the guest ran for this session: its other programs read its
	 * results, or the same reason, without booting again */
	FILE *f = fopen(sessp, "w");
	if (f) {
		fputs(stamp, f);
		fclose(f);
	}
	record_guest(dir, all);
check:
	if (access(resp, R_OK) != 0) {
		/* only a missing results file means the guest run itself
		 * went wrong */
		char tail[700], how[64] = "";
		log_tail(logp, tail, sizeof tail);
		if (!ran)
			snprintf(how, sizeof how, " (vm/run status %d)",
				 WIFEXITED(st) ? WEXITSTATUS(st)
					       : 128 + WTERMSIG(st));
		snprintf(err, cap, "guest run on %s gave no %s results%s: %s",
			 kernel, impl, how, tail);
		rc = -1;
	}
done:
	free(vmrun);
	free(sockspec);
	free(script);
out:
	if (lk >= 0)
		close(lk);
	free(all);
	free(stamp);
	free(lockp);
	free(sessp);
	free(resp);
	free(logp);
	return rc;
}

/* build/vm-kyua/KERNEL, made if missing: one guest session's files.
 * malloc'd. */
static char *guest_dir(const char *kernel)
{
	char *rel = xasprintf("build/vm-kyua/%s", kernel);
	char *dir = proj_path(rel);
	free(rel);
	char *parent = proj_path("build/vm-kyua");
	mkdir(parent, 0755);
	mkdir(dir, 0755);
	free(parent);
	return dir;
}

void atf_vm_result(const centry *e, const char *impl, const char *impls,
		   const char *kernel, caseresult *r)
{
	memset(r, 0, sizeof *r);
	if (!have_prog("qemu-system-x86_64")) {
		r->outcome = O_SKIPPED;
		snprintf(r->reason, sizeof r->reason,
			 "needs qemu-system-x86_64 to boot kernel %s", kernel);
		return;
	}
	char *dir = guest_dir(kernel);
	char *resp = xasprintf("%s/results-%s.jsonl", dir, impl);
	char err[sizeof r->reason];
	if (ensure_run(dir, kernel, impls, impl, err, sizeof err) < 0 ||
	    atf_find_record(resp, e->name, true, r, err, sizeof err) < 0) {
		r->outcome = O_BROKEN;
		snprintf(r->reason, sizeof r->reason, "%s", err);
	}
	free(resp);
	free(dir);
}

int atf_vm_prerun(const char *impls, const char *kernel)
{
	if (!have_prog("qemu-system-x86_64"))
		return 0; /* the guest programs' cases skip, saying why */
	char *dir = guest_dir(kernel);
	/* the first of impls stands for all: ensure_run runs them all */
	char *first = xstrdup(impls);
	first[strcspn(first, " ")] = '\0';
	char err[1024];
	int rc = 0;
	if (!first[0] || ensure_run(dir, kernel, impls, first, err, sizeof err) < 0) {
		fprintf(stderr, "sockspec atf --prerun: %s\n",
			first[0] ? err : "--vm-impls names no implementation");
		rc = 1;
	}
	free(first);
	free(dir);
	return rc;
}
