/*
 * atf_session.c — what the Kyua programs of one `kyua test` share. Every
 * host case run through `sockspec atf` leaves its results record under
 * build/kyua-results/IMPL/, so that later programs of the same session
 * (t_baseline.sh) read the suite's results instead of running it again:
 * `sockspec atf --collected IMPL FILE` writes them out when the session
 * recorded every case.
 *
 * Under `make check` (scripts/check.sh names the session) a host program
 * runs as the guest programs do: its first case runs the whole suite once
 * with `sockspec run` (cases side by side, as a run does) and every case
 * reports its own record from that run (atf_batch_result).
 *
 * A session is $SOCKSPEC_ATF_SESSION when set (scripts/check.sh names
 * one, so that the guest run it starts before Kyua belongs to it), else
 * the Kyua process that runs the test programs, identified by its pid and
 * start time (so a recycled pid is not the same session): the nearest
 * ancestor named kyua, since atf-sh puts a shell between Kyua and a test
 * body; outside Kyua, our parent.
 */
#include <dirent.h>
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

/* The parent pid (field 4), start time (field 22) and command name of
 * process pid from /proc/PID/stat; -1 when it is gone. */
static int proc_stat(pid_t pid, pid_t *ppid, unsigned long long *start,
		     char *comm, size_t cap)
{
	char path[64], line[4096];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	char *ok = fgets(line, sizeof line, f);
	fclose(f);
	if (!ok)
		return -1;
	/* the command name may hold spaces and ')': it ends at the last ')' */
	char *l = strchr(line, '('), *r = strrchr(line, ')');
	if (!l || !r || r < l)
		return -1;
	snprintf(comm, cap, "%.*s", (int)(r - l - 1), l + 1);
	char *p = r + 1;
	*ppid = 0;
	*start = 0;
	for (int field = 3; *p && field <= 22; field++) {
		p = strchr(p + 1, ' ');
		if (!p)
			return -1;
		if (field + 1 == 4)
			*ppid = (pid_t)strtol(p + 1, NULL, 10);
		if (field + 1 == 22)
			*start = strtoull(p + 1, NULL, 10);
	}
	return 0;
}

void atf_session_key(char *buf, size_t cap)
{
	const char *env = getenv("SOCKSPEC_ATF_SESSION");
	if (env && *env) {
		snprintf(buf, cap, "%s", env);
		return;
	}
	pid_t parent = getppid(), pid = parent;
	char comm[64];
	for (int depth = 0; pid > 1 && depth < 16; depth++) {
		pid_t pp;
		unsigned long long start;
		if (proc_stat(pid, &pp, &start, comm, sizeof comm) < 0)
			break;
		if (strcmp(comm, "kyua") == 0) {
			snprintf(buf, cap, "%d %llu", (int)pid, start);
			return;
		}
		pid = pp;
	}
	pid_t pp;
	unsigned long long start = 0;
	proc_stat(parent, &pp, &start, comm, sizeof comm);
	snprintf(buf, cap, "%d %llu", (int)parent, start);
}

static bool own_cases(void);

static char *impl_dir(const char *impl)
{
	/* python:PATH and exec:PATH hold slashes */
	char *safe = atf_ident(impl);
	char *rel = xasprintf("build/kyua-results/%s", safe);
	char *dir = proj_path(rel);
	free(rel);
	free(safe);
	return dir;
}

static char *file_text(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	size_t cap = 4096, len = 0, k;
	char *s = xmalloc(cap);
	while ((k = fread(s + len, 1, cap - len - 1, f)) > 0) {
		len += k;
		if (cap - len < 2)
			s = xrealloc(s, cap *= 2);
	}
	s[len] = '\0';
	fclose(f);
	return s;
}

/* Lock impl's directory, made if need be; the descriptor, or -1. */
static int lock_dir(const char *dir)
{
	char *parent = proj_path("build/kyua-results");
	mkdir(parent, 0755);
	free(parent);
	mkdir(dir, 0755);
	char *lockp = xasprintf("%s/lock", dir);
	int lk = open(lockp, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	free(lockp);
	if (lk >= 0 && flock(lk, LOCK_EX) < 0) {
		close(lk);
		lk = -1;
	}
	return lk;
}

void atf_record(const centry *e, const char *impl, const caseresult *r)
{
	if (!own_cases())
		return;
	char key[128];
	atf_session_key(key, sizeof key);
	char *dir = impl_dir(impl);
	int lk = lock_dir(dir);
	if (lk < 0) {
		/* only the reuse is lost; the case's own result stands */
		fprintf(stderr, "sockspec: cannot record into %s: %s\n", dir,
			strerror(errno));
		free(dir);
		return;
	}
	char *sessp = xasprintf("%s/session", dir);
	char *seen = file_text(sessp);
	if (!seen || strcmp(seen, key) != 0) {
		/* a new session: an earlier one's records must not count */
		DIR *d = opendir(dir);
		struct dirent *de;
		while (d && (de = readdir(d))) {
			size_t l = strlen(de->d_name);
			if (l > 6 && strcmp(de->d_name + l - 6, ".jsonl") == 0) {
				char *p = xasprintf("%s/%s", dir, de->d_name);
				unlink(p);
				free(p);
			}
		}
		if (d)
			closedir(d);
		FILE *f = fopen(sessp, "w");
		if (f) {
			fputs(key, f);
			fclose(f);
		}
	}
	free(seen);
	char *id = atf_ident(e->name);
	char *path = xasprintf("%s/%s.jsonl", dir, id);
	char *tmp = xasprintf("%s.tmp", path);
	if (results_write(tmp, e, r, 1, impl, NULL) < 0 || rename(tmp, path) < 0) {
		fprintf(stderr, "sockspec: %s: %s\n", path, strerror(errno));
		unlink(tmp);
	}
	free(id);
	free(path);
	free(tmp);
	free(sessp);
	close(lk);
	free(dir);
}

int atf_collected(const char *impl, const char *out)
{
	char key[128];
	atf_session_key(key, sizeof key);
	char *dir = impl_dir(impl);
	char *sessp = xasprintf("%s/session", dir);
	char *seen = file_text(sessp);
	free(sessp);
	int rc = 0;
	centry *es = NULL;
	size_t n = 0;
	char *cdir = cases_dir();
	FILE *f = NULL;
	{
		/* a batch run of this session is the whole suite already */
		char *bp = xasprintf("%s/batch", dir);
		char *bs = file_text(bp);
		char *rp = xasprintf("%s/results.jsonl", dir);
		char *text = bs && strcmp(bs, key) == 0 ? file_text(rp) : NULL;
		free(bp);
		free(bs);
		free(rp);
		if (text) {
			f = fopen(out, "w");
			if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
				fprintf(stderr, "sockspec: %s: %s\n", out,
					strerror(errno));
				rc = 2;
			}
			free(text);
			goto out;
		}
	}
	if (!seen || strcmp(seen, key) != 0) {
		fprintf(stderr, "sockspec atf --collected: this Kyua session "
			"ran no %s case (%s)\n", impl, dir);
		rc = 3;
		goto out;
	}
	if (discover(cdir, NULL, &es, &n) < 0) {
		fprintf(stderr, "sockspec: %s: %s\n", cdir, strerror(errno));
		rc = 2;
		goto out;
	}
	/* every case or nothing: a case left out would pass a diff as
	 * "removed" */
	size_t have = 0;
	char **texts = xmalloc((n ? n : 1) * sizeof *texts);
	for (size_t i = 0; i < n; i++) {
		char *id = atf_ident(es[i].name);
		char *p = xasprintf("%s/%s.jsonl", dir, id);
		texts[i] = file_text(p);
		have += texts[i] != NULL;
		free(p);
		free(id);
	}
	if (have < n) {
		fprintf(stderr, "sockspec atf --collected: this Kyua session "
			"recorded %zu of the %zu %s cases\n", have, n, impl);
		rc = 3;
	} else if (!(f = fopen(out, "w"))) {
		fprintf(stderr, "sockspec: %s: %s\n", out, strerror(errno));
		rc = 2;
	} else {
		for (size_t i = 0; i < n; i++)
			fputs(texts[i], f);
		if (fclose(f) != 0) {
			fprintf(stderr, "sockspec: %s: %s\n", out, strerror(errno));
			rc = 2;
		}
	}
	for (size_t i = 0; i < n; i++)
		free(texts[i]);
	free(texts);
out:
	if (es)
		centries_free(es, n);
	free(cdir);
	free(seen);
	free(dir);
	return rc;
}

/* The project's own cases: a harness test's sample cases
 * ($SOCKSPEC_CASES_DIR) are neither a session's suite nor its records. */
static bool own_cases(void)
{
	const char *c = getenv("SOCKSPEC_CASES_DIR");
	return !c || !*c;
}

bool atf_batch_mode(void)
{
	const char *env = getenv("SOCKSPEC_ATF_SESSION");
	return env && *env && own_cases();
}

void atf_batch_result(const centry *e, const char *impl, caseresult *r)
{
	memset(r, 0, sizeof *r);
	char key[128], err[512];
	atf_session_key(key, sizeof key);
	char *dir = impl_dir(impl);
	char *bp = xasprintf("%s/batch", dir);
	char *resp = xasprintf("%s/results.jsonl", dir);
	char *logp = xasprintf("%s/run.log", dir);
	int lk = lock_dir(dir);
	if (lk < 0) {
		r->outcome = O_BROKEN;
		snprintf(r->reason, sizeof r->reason, "%s: %s", dir, strerror(errno));
		goto out;
	}
	char *seen = file_text(bp);
	bool ran = seen && strcmp(seen, key) == 0;
	free(seen);
	if (!ran) {
		unlink(resp);
		char *self = proj_path("build/sockspec");
		pid_t me = getpid();
		pid_t pid = fork();
		if (pid == 0) {
			/* the run goes when we do (Kyua's timeout, a kill) */
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			if (getppid() != me)
				_exit(125);
			int fd = open(logp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
			if (fd >= 0) {
				dup2(fd, 1);
				dup2(fd, 2);
			}
			/* --retry 1: a flake is flaky, passed for Kyua */
			execl(self, self, "run", "--impl", impl, "--retry", "1",
			      "--results", resp, (char *)NULL);
			_exit(127);
		}
		int st = 0;
		if (pid > 0)
			waitpid(pid, &st, 0);
		free(self);
		/* ran for this session: the other cases read its results, or
		 * its failure, without running it again */
		FILE *f = fopen(bp, "w");
		if (f) {
			fputs(key, f);
			fclose(f);
		}
	}
	if (atf_find_record(resp, e->name, false, r, err, sizeof err) < 0) {
		memset(r, 0, sizeof *r);
		r->outcome = O_BROKEN;
		char *log = file_text(logp);
		size_t l = log ? strlen(log) : 0;
		snprintf(r->reason, sizeof r->reason, "the session's run of %s: "
			 "%.500s; log: %.400s", impl, err,
			 log ? log + (l > 400 ? l - 400 : 0) : "none");
		for (char *p = r->reason; *p; p++)
			if (*p == '\n')
				*p = ' ';
		free(log);
	}
	close(lk);
out:
	free(bp);
	free(resp);
	free(logp);
	free(dir);
}
