/*
 * matrix.c — `sockspec matrix`: plan every implementation x kernel x
 * platform combination this machine can run, run them (a few at once),
 * keep each run's results and env file under one directory, then print
 * the wall times, the slowest cells and the report.
 *
 * The plan: on the host kernel, one run per implementation and one per
 * ordered pair of distinct implementations over the interop cases
 * (`--impl A --peer B`); per Debian kernel, ONE guest (a boot costs
 * seconds under TCG) running `sockspec matrix --inside`, i.e. every
 * implementation in turn, plus, in the first guest only, the pairs over
 * the cases the host cannot run (CAN); one arm64 guest running libsockref.
 * A combination that fails is reported and the others still run.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "matrix_internal.h"
#include "history/history.h"

typedef enum mkind { M_HOST, M_GUEST, M_ARM64 } mkind;

typedef struct combo {
	mkind kind;
	char *label;     /* progress and failure lines */
	char *name;      /* M_HOST: the run's base name; guests: their
			  * directory under the output */
	char **argv;
	pid_t pid;
	double start, wall;
	int status;
	bool started;
	bool ok;         /* its results came back */
} combo;

typedef struct mopts {
	const char *out, *kernels, *impls, *arm64, *arm64_bin, *guest_pairs;
	const char *roots;  /* root-based implementations, "" for none */
	const char *kernel_impls;  /* the guests' after the first */
	int jobs, vm_timeout;
	bool inside;
	const char *retry;    /* --retry N for every run, or NULL */
	const char *history;  /* --history FILE, "" --no-history, or NULL */
} mopts;

static bool progress;

/* ---- the plan ---- */

/* An argv of copies of the strings given, up to NULL. */
static char **vec_push(char **v, ...) __attribute__((sentinel));

static char **vec_push(char **v, ...)
{
	size_t have = 0;
	while (v && v[have])
		have++;
	va_list ap;
	va_start(ap, v);
	for (const char *a; (a = va_arg(ap, const char *));) {
		v = xrealloc(v, (have + 2) * sizeof *v);
		v[have++] = xstrdup(a);
	}
	va_end(ap);
	if (!v)
		v = xmalloc(sizeof *v);
	v[have] = NULL;
	return v;
}

#define vec(...) vec_push(NULL, __VA_ARGS__, (char *)NULL)

static combo *add(combo **cs, size_t *n, mkind k, char *label, char *name,
		  char **argv)
{
	*cs = xrealloc(*cs, (*n + 1) * sizeof **cs);
	combo *c = &(*cs)[(*n)++];
	memset(c, 0, sizeof *c);
	c->kind = k;
	c->label = label;
	c->name = name;
	c->argv = argv;
	c->pid = -1;
	return c;
}

/* The Debian kernels of a default matrix: vm/default-kernels (one a
 * line, # comments) or, without it, two 6.1 point releases and a 6.12. */
static char *default_kernels(void)
{
	char *path = proj_path("vm/default-kernels");
	FILE *f = fopen(path, "r");
	free(path);
	if (!f)
		return xstrdup("6.1.0-56 6.1.0-47 6.12.117+deb12");
	char *line = NULL, *all = xstrdup("");
	size_t cap = 0;
	while (getline(&line, &cap, f) > 0) {
		line[strcspn(line, "#\n")] = '\0';
		size_t n;
		char **w = words_split(line, &n);
		for (size_t i = 0; i < n; i++) {
			char *t = xasprintf("%s%s%s", all, *all ? " " : "", w[i]);
			free(all);
			all = t;
		}
		words_free(w);
	}
	free(line);
	fclose(f);
	return all;
}

/* A host run's --retry and history options, as the matrix was given
 * them (each run records itself in the history). */
static void run_options(combo *c, const mopts *o)
{
	if (o->retry)
		c->argv = vec_push(c->argv, "--retry", o->retry, (char *)NULL);
	if (o->history && *o->history)
		c->argv = vec_push(c->argv, "--history", o->history,
				   (char *)NULL);
	else if (o->history)
		c->argv = vec_push(c->argv, "--no-history", (char *)NULL);
}

/* A guest's results into the history: its runs cannot reach the host's
 * database (the guest sees the checkout read-only), so they are
 * imported here as made from this checkout. */
static void record_guest(const mopts *o, const char *const *files, size_t n)
{
	char *db = n ? history_run_path(o->history, "matrix") : NULL;
	if (!db)
		return;
	size_t added, known;
	char err[1024];
	if (history_import(db, files, n, true, &added, &known, err,
			   sizeof err) < 0)
		fprintf(stderr, "sockspec matrix: history: %s; the guest's "
			"runs are not in it\n", err);
	free(db);
}

static void plan(const mopts *o, const char *self, combo **cs, size_t *n)
{
	struct utsname u;
	uname(&u);
	size_t ni, nk;
	char **impls = words_split(o->impls, &ni);
	char **ks = words_split(o->kernels, &nk);
	char *root = xstrdup(proj_root());
	char *timeout = xasprintf("%d", o->vm_timeout);
	/* guests first: they are the long ones */
	for (size_t k = 0; k < nk; k++) {
		/* a kernel of your own is a path: one directory name for it */
		char *dir = xasprintf("vm-%s", ks[k]);
		for (char *p = dir; *p; p++)
			if (*p == '/')
				*p = '_';
		char *gout = xasprintf("%s/%s", o->out, dir);
		char *run = proj_path("vm/run");
		char **argv = vec(run, "--kernel", ks[k], "--timeout",
				  timeout, "--out", gout, "--", self, "matrix",
				  "--inside", "--out", "/tmp/out", "--impls",
				  k == 0 ? o->impls : o->kernel_impls);
		bool pairs = k == 0 && *o->guest_pairs;
		if (pairs)
			argv = vec_push(argv, "--pairs", o->guest_pairs,
					(char *)NULL);
		/* the roots' implementations in the first guest only, over
		 * what the host cannot run */
		if (k == 0 && *o->roots)
			argv = vec_push(argv, "--root-impls", o->roots,
					(char *)NULL);
		if (o->retry)
			argv = vec_push(argv, "--retry", o->retry, (char *)NULL);
		add(cs, n, M_GUEST,
		    xasprintf("%s guest: %s%s%s%s%s", ks[k],
			      k == 0 ? o->impls : o->kernel_impls,
			      k == 0 && *o->roots ? " " : "",
			      k == 0 ? o->roots : "",
			      pairs ? "; pairs over " : "",
			      pairs ? o->guest_pairs : ""), dir, argv);
		free(gout);
		free(run);
	}
	if (strcmp(o->arm64, "none") != 0) {
		char *dir = xasprintf("arm64-%s", o->arm64);
		char *gout = xasprintf("%s/%s", o->out, dir);
		char *run = proj_path("vm/arm64/run");
		combo *c = add(cs, n, M_ARM64,
			       xasprintf("%s arm64 guest: ref", o->arm64), dir,
			       vec(run, "--kernel", o->arm64, "--timeout",
				   timeout, "--out", gout, "--bin",
				   o->arm64_bin, "--", "build/sockspec", "run",
				   "--impl", "ref", "--results",
				   "/tmp/out/ref.jsonl"));
		if (o->retry)
			c->argv = vec_push(c->argv, "--retry", o->retry,
					   (char *)NULL);
		free(gout);
		free(run);
	}
	/* the roots' implementations on the host: every case, no pairs
	 * (their interop cases run against themselves). Asking for each
	 * root here builds it now (vm/root), before a guest, which has no
	 * network, looks for it. */
	size_t nr;
	char **roots = words_split(o->roots, &nr);
	for (size_t i = 0; i < nr; i++) {
		char why[512];
		if (impl_unavailable(roots[i], why, sizeof why) && progress)
			fprintf(stderr, "matrix: %s: %s\n", roots[i], why);
		char *name = matrix_run_name(roots[i], NULL, u.release,
					     impl_platform(roots[i]));
		char *res = xasprintf("%s/%s.jsonl", o->out, name);
		/* retried and recorded as every other host run is */
		combo *c = add(cs, n, M_HOST,
			       xasprintf("%s on the host", roots[i]), name,
			       vec(self, "run", "--impl", roots[i], "--results",
				   res));
		run_options(c, o);
		free(res);
	}
	words_free(roots);
	/* the host's runs, then its pairs among the implementations that
	 * can start here (a pair with one that cannot is all skips) */
	for (size_t i = 0; i < ni; i++) {
		char *name = matrix_run_name(impls[i], NULL, u.release,
					     impl_platform(impls[i]));
		char *res = xasprintf("%s/%s.jsonl", o->out, name);
		combo *c = add(cs, n, M_HOST,
			       xasprintf("%s on the host", impls[i]), name,
			       vec(self, "run", "--impl", impls[i], "--results",
				   res));
		run_options(c, o);
		free(res);
	}
	for (size_t a = 0; a < ni; a++) {
		char why[512];
		if (impl_unavailable(impls[a], why, sizeof why)) {
			if (progress)
				fprintf(stderr, "matrix: no host pairs with %s: %s\n",
					impls[a], why);
			continue;
		}
		for (size_t b = 0; b < ni; b++) {
			if (a == b || impl_unavailable(impls[b], why, sizeof why))
				continue;
			char *name = matrix_run_name(impls[a], impls[b], u.release,
						     impl_platform(impls[a]));
			char *res = xasprintf("%s/%s.jsonl", o->out, name);
			combo *c = add(cs, n, M_HOST,
				       xasprintf("%s with %s on the host",
						 impls[a], impls[b]),
				       name, vec(self, "run", "--impl", impls[a],
						 "--peer", impls[b], "--cases",
						 "interop/*", "--results", res));
			run_options(c, o);
			free(res);
		}
	}
	free(root);
	free(timeout);
	words_free(impls);
	words_free(ks);
}

/* ---- running ---- */

static void start(combo *c, const mopts *o, size_t i, size_t n)
{
	char *log = xasprintf("%s/%s.log", o->out, c->name);
	if (progress)
		fprintf(stderr, "[%2zu/%zu] %s%s\n", i + 1, n,
			c->kind == M_HOST ? "" : "booting ", c->label);
	c->start = now_mono();
	if (matrix_spawn(c->argv, proj_root(), log, &c->pid) < 0) {
		c->status = -1;
		c->pid = -1;
	}
	free(log);
}

/* Move the files a guest left in its directory up beside the host's. */
static size_t collect_guest(const mopts *o, const combo *c)
{
	char *gdir = xasprintf("%s/%s", o->out, c->name);
	static const char *const sfx[] = { ".jsonl", ".env", ".log" };
	size_t moved = 0;
	char **results = NULL;
	struct dirent **ents;
	int k = scandir(gdir, &ents, NULL, alphasort);
	for (int i = 0; i < k; i++) {
		const char *f = ents[i]->d_name;
		size_t l = strlen(f);
		for (size_t s = 0; s < 3; s++) {
			size_t sl = strlen(sfx[s]);
			if (l <= sl || strcmp(f + l - sl, sfx[s]) != 0)
				continue;
			char *from = xasprintf("%s/%s", gdir, f);
			char *to = xasprintf("%s/%s", o->out, f);
			if (rename(from, to) == 0 && s == 0) {
				results = xrealloc(results, (moved + 1) *
						   sizeof *results);
				results[moved++] = xstrdup(to);
			}
			free(from);
			free(to);
		}
		free(ents[i]);
	}
	if (k > 0)
		free(ents);
	free(gdir);
	record_guest(o, (const char *const *)results, moved);
	for (size_t i = 0; i < moved; i++)
		free(results[i]);
	free(results);
	return moved;
}

/* The arm64 guest runs plain `sockspec run`: name its results after
 * their first record, like every other run. */
static bool collect_arm64(const mopts *o, combo *c)
{
	char *from = xasprintf("%s/%s/ref.jsonl", o->out, c->name);
	FILE *f = fopen(from, "r");
	char *line = NULL;
	size_t cap = 0;
	bool ok = false;
	if (f && getline(&line, &cap, f) > 0) {
		char err[256];
		struct json_object *r = record_parse(line, err, sizeof err);
		if (r) {
			char *name = matrix_run_name("ref", NULL,
						     record_str(r, "kernel"),
						     record_str(r, "platform"));
			char *to = xasprintf("%s/%s.jsonl", o->out, name);
			if (rename(from, to) == 0) {
				env_write(o->out, name, "vm-arm64", c->wall,
					  c->status, c->argv);
				const char *files[] = { to };
				record_guest(o, files, 1);
				ok = true;
			}
			free(to);
			free(name);
			json_object_put(r);
		}
	}
	free(line);
	if (f)
		fclose(f);
	free(from);
	return ok;
}

/* The last line of a log (the run's totals), for the progress line. */
static void last_line(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "r");
	buf[0] = '\0';
	char *line = NULL;
	size_t lc = 0;
	while (f && getline(&line, &lc, f) > 0)
		if (line[0] != '\n')
			snprintf(buf, cap, "%s", line);
	buf[strcspn(buf, "\n")] = '\0';
	free(line);
	if (f)
		fclose(f);
}

static void finish(combo *c, const mopts *o, size_t done, size_t n)
{
	c->wall = now_mono() - c->start;
	if (c->kind == M_HOST) {
		char *res = xasprintf("%s/%s.jsonl", o->out, c->name);
		/* sockspec run: 0 all good, 1 some cell failed; both ran */
		c->ok = (c->status == 0 || c->status == 1) &&
			access(res, R_OK) == 0;
		free(res);
		if (c->ok)
			env_write(o->out, c->name, "host", c->wall, c->status,
				  c->argv);
	} else if (c->kind == M_GUEST) {
		/* matrix --inside: 0 when every run left results */
		size_t got = collect_guest(o, c);
		c->ok = c->status == 0 && got > 0;
	} else {
		c->ok = (c->status == 0 || c->status == 1) && collect_arm64(o, c);
	}
	if (!progress)
		return;
	char *log = xasprintf("%s/%s.log", o->out, c->name);
	char tail[256];
	last_line(log, tail, sizeof tail);
	free(log);
	fprintf(stderr, "[%2zu/%zu] %s %s in %.1f s%s%s\n", done, n,
		c->ok ? "done" : "FAILED", c->label, c->wall,
		c->kind == M_HOST && c->ok ? ": " : "",
		c->kind == M_HOST && c->ok ? tail : "");
}

/* The next combination to start, or NULL. A guest keeps two CPUs busy
 * (-smp 2 under TCG), so no more guests run at once than the machine has
 * pairs of CPUs: two guests on two cores each take twice as long (1633 s
 * and 1852 s beside each other, 772 s alone). On fewer than four CPUs a
 * guest has them all to itself: it runs one suite per CPU at once
 * (matrix_inside.c) and keeps them 91% busy, so host runs beside it gain
 * nothing and push its cases past their timeouts (two gevent/eventlet
 * cells broke at 30 s in a 6.1 guest that shared the machine with the
 * host's runs). There the host's runs go first, then the guests. */
static combo *pick(combo *cs, size_t n, int guests, int hosts, int jobs)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	bool alone = cpus < 4;
	int max_guests = alone ? 1 : (int)(cpus / 2);
	bool host_left = false;
	for (size_t i = 0; i < n; i++)
		if (!cs[i].started && cs[i].kind == M_HOST)
			host_left = true;
	if (host_left && jobs > 1 && max_guests > jobs - 1)
		max_guests = jobs - 1;
	for (size_t i = 0; i < n; i++) {
		if (cs[i].started)
			continue;
		if (cs[i].kind == M_HOST && alone && guests > 0)
			continue;
		if (cs[i].kind != M_HOST &&
		    (guests >= max_guests || (alone && (host_left || hosts > 0))))
			continue;
		return &cs[i];
	}
	return NULL;
}

static void run_all(combo *cs, size_t n, const mopts *o)
{
	size_t started = 0, done = 0;
	int running = 0, guests = 0;
	combo *c;
	while (done < n) {
		while (running < o->jobs &&
		       (c = pick(cs, n, guests, running - guests,
				  o->jobs)) != NULL) {
			c->started = true;
			start(c, o, started++, n);
			if (c->pid < 0) {
				finish(c, o, ++done, n);
				continue;
			}
			running++;
			guests += c->kind != M_HOST;
		}
		int st;
		pid_t p = matrix_wait_any(&st);
		if (p < 0)
			break;
		for (size_t i = 0; i < n; i++) {
			if (cs[i].pid != p)
				continue;
			cs[i].status = st;
			cs[i].pid = -1;
			running--;
			guests -= cs[i].kind != M_HOST;
			finish(&cs[i], o, ++done, n);
		}
	}
}

/* Results, env files and logs of an earlier matrix would mix into this
 * one's report: the output directory holds one matrix at a time. */
static void clear_out(const char *dir)
{
	struct dirent **ents;
	int k = scandir(dir, &ents, NULL, alphasort);
	for (int i = 0; i < k; i++) {
		const char *f = ents[i]->d_name;
		size_t l = strlen(f);
		bool ours = (l > 6 && strcmp(f + l - 6, ".jsonl") == 0) ||
			    (l > 4 && strcmp(f + l - 4, ".env") == 0) ||
			    (l > 4 && strcmp(f + l - 4, ".log") == 0);
		if (ours) {
			char *p = xasprintf("%s/%s", dir, f);
			unlink(p);
			free(p);
		}
		free(ents[i]);
	}
	if (k > 0)
		free(ents);
}

/* sockspec report --html DIR/report.html --text - (every DIR/NAME.jsonl) */
static int run_report(const char *self, const char *dir)
{
	struct dirent **ents;
	int k = scandir(dir, &ents, NULL, alphasort);
	char *html = xasprintf("%s/report.html", dir);
	char **argv = vec(self, "report", "--html", html, "--text", "-");
	for (int i = 0; i < k; i++) {
		const char *f = ents[i]->d_name;
		size_t l = strlen(f);
		if (l > 6 && strcmp(f + l - 6, ".jsonl") == 0) {
			char *p = xasprintf("%s/%s", dir, f);
			argv = vec_push(argv, p, (char *)NULL);
			free(p);
		}
		free(ents[i]);
	}
	if (k > 0)
		free(ents);
	fflush(stdout);
	pid_t pid;
	int st = matrix_spawn(argv, NULL, NULL, &pid) < 0 ? -1 : matrix_wait(pid);
	if (st != 0)
		fprintf(stderr, "sockspec matrix: sockspec report exited %d\n", st);
	free(html);
	words_free(argv);
	return st;
}

/* The first line a command prints, or "" (versions for matrix.env). */
static void first_line(const char *cmd, char *buf, size_t cap)
{
	buf[0] = '\0';
	FILE *p = popen(cmd, "r");
	if (!p)
		return;
	if (!fgets(buf, (int)cap, p))
		buf[0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	pclose(p);
}

/* matrix.env: what holds for the whole matrix. */
static void matrix_env(const mopts *o, double wall, size_t nfailed,
		       size_t nbad)
{
	char *path = xasprintf("%s/matrix.env", o->out);
	FILE *f = fopen(path, "w");
	free(path);
	if (!f)
		return;
	struct utsname u;
	uname(&u);
	char commit[128], q86[256], qarm[256];
	char *git = xasprintf("git -C '%s' describe --always --dirty 2>/dev/null",
			      proj_root());
	first_line(git, commit, sizeof commit);
	free(git);
	first_line("qemu-system-x86_64 --version 2>/dev/null", q86, sizeof q86);
	first_line("qemu-system-aarch64 --version 2>/dev/null", qarm, sizeof qarm);
	fprintf(f, "sockspec=%s\nhost_kernel=%s\nhost_arch=%s\ncpus=%ld\n"
		"impls=%s\nkernel_impls=%s\nroot_impls=%s\nkernels=%s\n"
		"arm64=%s\njobs=%d\n"
		"qemu_x86_64=%s\n"
		"qemu_aarch64=%s\nwall=%.1f\nfailed_combinations=%zu\n"
		"bad_cells=%zu\n", commit, u.release, u.machine,
		sysconf(_SC_NPROCESSORS_ONLN), o->impls, o->kernel_impls,
		o->roots, o->kernels,
		o->arm64,
		o->jobs, q86, qarm, wall, nfailed, nbad);
	fclose(f);
}

static void matrix_usage(void)
{
	fprintf(stderr,
		"usage: sockspec matrix [--out DIR] [--kernels \"V1 V2...\"] "
		"[--impls \"I1 I2...\"]\n"
		"                       [--jobs N] [--arm64 VERSION|none] "
		"[--arm64-bin DIR]\n"
		"                       [--guest-pairs GLOB] [--vm-timeout S] "
		"[--root-impls \"I...\"|none]\n"
		"                       [--retry N] [--history FILE | --no-history]\n"
		"                       [--kernel-impls \"I...\"|all]\n"
		"       sockspec matrix --inside --out DIR --impls \"...\" "
		"[--root-impls \"...\"] [--pairs GLOB]   (in a guest)\n");
}

enum {
	OPT_INSIDE = OPT_LONG, OPT_OUT, OPT_KERNELS, OPT_IMPLS, OPT_JOBS,
	OPT_ARM64_BIN, OPT_ARM64, OPT_GUEST_PAIRS, OPT_PAIRS, OPT_VM_TIMEOUT,
	OPT_ROOT_IMPLS, OPT_RETRY, OPT_HISTORY, OPT_NO_HISTORY,
	OPT_KERNEL_IMPLS
};

int cmd_matrix(int argc, char **argv)
{
	/* --arm64 is also the start of --arm64-bin: getopt_long takes an
	 * exact name before a longer one it abbreviates */
	static const struct option opts[] = {
		{ "inside", no_argument, NULL, OPT_INSIDE },
		{ "out", required_argument, NULL, OPT_OUT },
		{ "kernels", required_argument, NULL, OPT_KERNELS },
		{ "impls", required_argument, NULL, OPT_IMPLS },
		{ "jobs", required_argument, NULL, OPT_JOBS },
		{ "arm64-bin", required_argument, NULL, OPT_ARM64_BIN },
		{ "arm64", required_argument, NULL, OPT_ARM64 },
		{ "guest-pairs", required_argument, NULL, OPT_GUEST_PAIRS },
		{ "pairs", required_argument, NULL, OPT_PAIRS },
		{ "vm-timeout", required_argument, NULL, OPT_VM_TIMEOUT },
		{ "root-impls", required_argument, NULL, OPT_ROOT_IMPLS },
		{ "retry", required_argument, NULL, OPT_RETRY },
		{ "history", required_argument, NULL, OPT_HISTORY },
		{ "no-history", no_argument, NULL, OPT_NO_HISTORY },
		{ "kernel-impls", required_argument, NULL, OPT_KERNEL_IMPLS },
		{ NULL, 0, NULL, 0 }
	};
	mopts o = { .impls = MATRIX_IMPLS, .arm64_bin = "build/aarch64",
		    .roots = MATRIX_ROOT_IMPLS,
		    .guest_pairs = MATRIX_GUEST_PAIRS, .jobs = 2,
		    .vm_timeout = 5400 };
	const char *pairs = NULL;
	char *kernels = NULL, *arm64 = NULL;
	bool roots_given = false, impls_given = false;
	const char *kernel_impls = NULL;
	int c;
	opt_start();
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case OPT_INSIDE: o.inside = true; break;
		case OPT_OUT: o.out = optarg; break;
		case OPT_KERNELS: o.kernels = optarg; break;
		case OPT_IMPLS: o.impls = optarg; impls_given = true; break;
		case OPT_JOBS: o.jobs = atoi(optarg); break;
		case OPT_ARM64_BIN: o.arm64_bin = optarg; break;
		case OPT_ARM64: o.arm64 = optarg; break;
		case OPT_GUEST_PAIRS: o.guest_pairs = optarg; break;
		case OPT_PAIRS: pairs = optarg; break;
		case OPT_VM_TIMEOUT: o.vm_timeout = atoi(optarg); break;
		case OPT_ROOT_IMPLS:
			o.roots = strcmp(optarg, "none") == 0 ? "" : optarg;
			roots_given = true;
			break;
		case OPT_RETRY: o.retry = optarg; break;
		case OPT_HISTORY: o.history = optarg; break;
		case OPT_NO_HISTORY: o.history = ""; break;
		case OPT_KERNEL_IMPLS: kernel_impls = optarg; break;
		default:
			matrix_usage();
			return 2;
		}
	}
	/* no operands */
	if (optind < argc) {
		matrix_usage();
		return 2;
	}
	/* --impls names the matrix's implementations: the roots' too come
	 * only when --root-impls names them */
	if (impls_given && !roots_given)
		o.roots = "";
	/* the other kernels' implementations: as asked; all of --impls
	 * when --impls alone names them; else the default few */
	if (kernel_impls && strcmp(kernel_impls, "all") != 0)
		o.kernel_impls = kernel_impls;
	else if (kernel_impls || impls_given)
		o.kernel_impls = o.impls;
	else
		o.kernel_impls = MATRIX_KERNEL_IMPLS;
	/* the runs start in the project root: a relative --history is
	 * this directory's */
	char *history_abs = NULL;
	if (o.history && *o.history && o.history[0] != '/') {
		char *cwd = getcwd(NULL, 0);
		if (cwd) {
			o.history = history_abs = xasprintf("%s/%s", cwd,
							    o.history);
			free(cwd);
		}
	}
	const char *env = getenv("SOCKSPEC_HISTORY");
	if (env && *env && env[0] != '/' && strcmp(env, "off") != 0) {
		char *cwd = getcwd(NULL, 0);
		if (cwd) {
			char *abs = xasprintf("%s/%s", cwd, env);
			setenv("SOCKSPEC_HISTORY", abs, 1);
			free(abs);
			free(cwd);
		}
	}
	/* --retry is each run's own: 0 to 9, one digit */
	if (o.retry && (!o.retry[0] || o.retry[1] || o.retry[0] < '0' ||
			o.retry[0] > '9')) {
		fprintf(stderr, "sockspec matrix: --retry %s: a number from 0 "
			"to 9\n", o.retry);
		return 2;
	}
	if (o.jobs < 1 || o.vm_timeout < 1) {
		fprintf(stderr, "sockspec matrix: --jobs and --vm-timeout take "
			"a positive number\n");
		return 2;
	}
	char self[PATH_MAX];
	ssize_t sl = readlink("/proc/self/exe", self, sizeof self - 1);
	if (sl <= 0) {
		fprintf(stderr, "sockspec matrix: /proc/self/exe: %s\n",
			strerror(errno));
		return 2;
	}
	self[sl] = '\0';
	size_t ni;
	char **impls = words_split(o.impls, &ni);
	if (o.inside) {
		if (!o.out || ni == 0) {
			matrix_usage();
			words_free(impls);
			return 2;
		}
		/* a guest's --root-impls only when the matrix passed them */
		size_t nr = 0;
		char **roots = words_split(roots_given ? o.roots : "", &nr);
		int rc = matrix_inside(self, o.out, impls, ni, roots, nr, pairs,
				       o.retry);
		words_free(roots);
		words_free(impls);
		return rc;
	}
	words_free(impls);
	if (!o.kernels)
		o.kernels = kernels = default_kernels();
	if (!o.arm64) {
		/* the first Debian kernel, built for arm64 */
		size_t nk;
		char **ks = words_split(o.kernels, &nk);
		o.arm64 = nk ? (arm64 = xstrdup(ks[0])) : "none";
		words_free(ks);
	}
	char *outdir = o.out ? xstrdup(o.out) : proj_path("build/matrix");
	if (mkdir(outdir, 0755) < 0 && errno != EEXIST) {
		fprintf(stderr, "sockspec matrix: %s: %s\n", outdir,
			strerror(errno));
		return 2;
	}
	char real[PATH_MAX];
	o.out = realpath(outdir, real) ? real : outdir;
	clear_out(o.out);
	progress = isatty(2);
	signal(SIGPIPE, SIG_IGN);

	combo *cs = NULL;
	size_t n = 0;
	plan(&o, self, &cs, &n);
	if (progress)
		fprintf(stderr, "matrix: %zu combinations, %d at a time; "
			"results in %s\n", n, o.jobs, o.out);
	double t0 = now_mono();
	run_all(cs, n, &o);
	double wall = now_mono() - t0;

	size_t nbad = matrix_summary(o.out, stdout);
	size_t nfailed = 0;
	for (size_t i = 0; i < n; i++) {
		if (cs[i].kind != M_HOST) {
			char *bt = xasprintf("%s/%s/boot-time", o.out, cs[i].name);
			char boot[64] = "";
			FILE *f = fopen(bt, "r");
			if (f && fgets(boot, sizeof boot, f))
				boot[strcspn(boot, "\n")] = '\0';
			if (f)
				fclose(f);
			free(bt);
			printf("%s: %.1f s in all%s%s%s\n", cs[i].label,
			       cs[i].wall, boot[0] ? " (boot " : "", boot,
			       boot[0] ? " s)" : "");
		}
		if (cs[i].ok)
			continue;
		if (!nfailed++)
			printf("combinations that failed (no results):\n");
		printf("  %s: exit status %d; log %s/%s.log\n", cs[i].label,
		       cs[i].status, o.out, cs[i].name);
	}
	fflush(stdout);
	int rrc = run_report(self, o.out);
	matrix_env(&o, wall, nfailed, nbad);
	printf("matrix: %zu combinations in %.1f s (%d at a time); %zu failed, "
	       "%zu cells failed or broke; report %s/report.html\n", n, wall,
	       o.jobs, nfailed, nbad, o.out);
	for (size_t i = 0; i < n; i++) {
		free(cs[i].label);
		free(cs[i].name);
		words_free(cs[i].argv);
	}
	free(cs);
	free(kernels);
	free(arm64);
	free(history_abs);
	free(outdir);
	return nfailed || nbad || rrc ? 1 : 0;
}
