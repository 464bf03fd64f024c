/*
 * harness.h — the pieces of build/sockspec shared between its files:
 * discovery, evaluation, adapters, isolation, the step loop, outcomes.
 */
#ifndef SOCKSPEC_HARNESS_H
#define SOCKSPEC_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* case.h names a type `link`, which clashes with unistd.h's link(2) */
#include "case.h"
#include "value.h"

/* ---- paths.c ---- */
/* The project root: the parent of the directory holding the binary
 * (build/sockspec → ..), or $SOCKSPEC_ROOT. */
const char *proj_root(void);
/* malloc'd ROOT/rel */
char *proj_path(const char *rel);
double now_mono(void);
/* xmalloc & co. abort on out-of-memory */
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Command-line option `--opt VALUE` or `--opt=VALUE` at argv[*i]: the
 * value (advancing *i past a separate one), or NULL when it is not opt. */
const char *optval(int argc, char **argv, int *i, const char *opt);
/* true when an executable NAME is on $PATH */
bool have_prog(const char *name);

/* ---- discover.c ---- */
typedef struct centry {
	char *path;     /* file path */
	char *name;     /* area/name */
	scase *c;       /* NULL when malformed */
	char *error;    /* FILE:LINE:COL: reason when malformed */
} centry;

/* Cases under dir (recursively, *.case, sorted by name) whose name
 * matches glob (fnmatch; NULL = all). Returns 0, or -1 with errno. */
int discover(const char *dir, const char *glob, centry **out, size_t *n);
void centries_free(centry *v, size_t n);
/* The cases directory: $SOCKSPEC_CASES_DIR or ROOT/conformance/cases. */
char *cases_dir(void);
/* ATF ident: '/' and '-' become '_' */
char *atf_ident(const char *name);

/* ---- errnames.c ---- */
/* errno, h_errno and EAI_* / libsockref constant names → numbers */
int errno_by_name(const char *name, long long *v);
const char *errno_name(long long v);
int herrno_by_name(const char *name, long long *v);
/* Any UPPERCASE name: libsockref constant, errno, h_errno. */
int const_by_name(const char *name, long long *v);

/* ---- pack.c ---- */
/* Python struct.pack / struct.unpack subset; on error a message in err
 * (reported as struct.error → raise "error"). */
value *st_pack(const char *fmt, value **args, size_t n, char *err,
	       size_t cap);
value *st_unpack(const char *fmt, const value *data, char *err, size_t cap);
/* Native sizes and alignment for the implementation's platform
 * (impl_platform), set once before the cases run. */
void pack_set_platform(const char *platform);

/* ---- adapter.c ---- */
typedef struct adapter {
	pid_t pid;
	int to, from;       /* write requests to, read replies from */
	int errfd;          /* memfd holding its stderr */
	char *buf;          /* bytes read, not yet a full line consumed */
	size_t len, cap;
	bool eof;
	char impl[32];
	char version[128];
	/* the asynchronous step in flight, if any */
	bool pending;
	int pending_step;   /* index into case steps */
	double sent_at;
	double line_at;     /* when the first complete line arrived, or 0 */
} adapter;

/* How long a case waits for its adapters' hello lines, apart from its
 * own timeout: starting an interpreter is not the behaviour's time, and
 * under TCG (vm/) one PyPy start takes 10 s or more. */
#define ADAPTER_START_SECONDS 60

/* The command for an implementation: argv (static storage) or NULL with
 * a skip reason. $SOCKSPEC_ADAPTER_CMD overrides: run by /bin/sh -c. */
char **adapter_argv(const char *impl, char *why, size_t cap);
/* Fork and exec argv with pipes in the current namespaces. When
 * readyfd >= 0 the child first unshares its network namespace, brings
 * lo up, writes one byte to readyfd and waits for one byte on gofd.
 * Returns 0 or -1 with err. */
/* Set by the runner for `isolate: nocap` cases: adapters are exec'd
 * without CAP_SYS_ADMIN in their bounding set. */
extern bool adapter_drop_sys_admin;
extern const char *adapter_locale; /* the case's locale: header, or NULL */
/* Set by the runner for `isolate: fresh` cases: a new process even where
 * the implementation has a fork server. */
extern bool adapter_fresh;
int adapter_spawn(adapter *a, char **argv, const char *impl, int readyfd,
		  int gofd, char *err, size_t cap);
/* Read whatever is available (non-blocking) into a->buf. */
void adapter_fill(adapter *a);
/* A complete line, if buffered: malloc'd, without the newline. */
char *adapter_take_line(adapter *a);
bool adapter_has_line(const adapter *a);
int adapter_send(adapter *a, const char *line);
/* Wait until adapter `want` has a line or deadline (monotonic), filling
 * every adapter meanwhile (timestamps). 0 ok, -1 timeout, -2 EOF. */
int adapters_wait(adapter *as, size_t n, int want, double deadline);
/* Describe the death of an adapter: status and stderr tail. */
void adapter_obituary(adapter *a, char *buf, size_t cap);
void adapter_kill(adapter *a);

/* ---- forkserver.c ---- */
/* false when SOCKSPEC_FORKSERVER=0: every adapter a fresh process */
bool forkserver_enabled(void);
/* In the runner: start impl's fork server unless it runs already, impl
 * has none (only pyadapter.py serves) or forkserver_enabled() is false. */
void forkserver_start(const char *impl);
/* The request socket of impl's server, or -1. */
int forkserver_fd(const char *impl);
/* End every server (after the last case). */
void forkserver_stop_all(void);
/* In adapter_spawn's child, where it would exec: hand our namespaces and
 * stdio to the server and stand in for its fork until it dies. Returns
 * only when the server cannot be reached, to exec after all. */
void forkserver_handoff(int sfd, bool nocap);

/* ---- isolate.c ---- */
/* In the case process: private net + mount namespaces, tmpfs /tmp,
 * resolver fixtures, lo up. 0 or -1 with err. */
int isolate_case(const scase *c, char *err, size_t cap);
/* Bring an interface up in the current network namespace. */
int iface_up(const char *name);
/* Run `ip ARGS...` in the network namespace of pid (0 = here). */
int run_ip(pid_t pid, char *err, size_t cap, ...);
/* Links and addresses between hosts, pids[i] being host i's process
 * (pids[0] = this process). */
int isolate_links(const scase *c, const pid_t *pids, char *err, size_t cap);
/* Reason to skip a case on this machine, or NULL. */
const char *needs_unmet(unsigned needs, char *buf, size_t cap);
/* prctl(PR_SET_PDEATHSIG, SIGKILL) checking the parent did not die
 * already. */
void die_with_parent(pid_t parent);

/* ---- outcomes ---- */
typedef enum outcome {
	O_PASSED, O_FAILED, O_SKIPPED, O_XFAIL, O_XPASS, O_BROKEN, O_NOUTCOMES
} outcome;
const char *outcome_name(outcome o);

typedef struct caseresult {
	int outcome;
	char reason[1024];
	char detail[4096];
	char impl_version[128];
	double duration;
} caseresult;

/* ---- eval.c / run.c ---- */
typedef struct evres {
	bool raised;
	value *v;            /* ok */
	char exc[64];        /* raised: the documented kind (OSError, timeout..) */
	bool has_code;
	long long code;
	char msg[512];
	/* raised: the exception's classes, most derived first, separated by
	 * spaces ("TimeoutError OSError Exception"), and the module of the
	 * first; empty when the adapter sends none */
	char chain[256];
	char module[64];
} evres;
void evres_clear(evres *r);
/* message.c: does the raised message match k's message part? 1 yes, 0 no,
 * -1 with why (a bad regex) */
int message_matches(const check *k, const evres *r, char *why, size_t cap);

/* host: the host whose step bound the name (its handles live there) */
typedef struct binding { char *name; value *v; int host; } binding;

typedef struct runctx {
	const scase *c;
	adapter *ad;         /* one per host */
	size_t nad;
	binding *vars;
	size_t nvars;
	double deadline;     /* monotonic: the case's timeout */
	int cur_step;
	bool broken;
	bool failed;
	char why[4096];      /* reason for broken / detail for failed */
	struct peerproc *peers; /* programs the case started (peer.h) */
	size_t npeers;
} runctx;

/* Evaluate e for the step at index si (synchronously: remote calls wait).
 * 0 with *r filled, -1 when the case broke (ctx->broken, ctx->why). */
int eval_expr(runctx *x, const expr *e, int host, evres *r);
/* Send the top-level call of an async step without waiting. */
int eval_async(runctx *x, const expr *e, int host);
/* Collect the pending reply of host h (checks its step). */
int collect_pending(runctx *x, int h);
int parse_reply(runctx *x, int h, const char *line, evres *r);
value *var_get(runctx *x, const char *name);
void var_set(runctx *x, const char *name, value *v);

/* The case process body: fills res. */
void run_case(const centry *e, const char *impl, caseresult *res);
/* Finish a step's result: check and bind. 0 ok (may set failed), -1
 * broken. */
int finish_step(runctx *x, int si, evres *r, double elapsed);

/* ---- runner.c ---- */
typedef struct runopts {
	const char *impl;
	const char *peer;    /* interop partner (--peer), or NULL */
	const char *glob;
	const char *results;
	int jobs;
	bool quiet;
	int shard_k, shard_n;  /* --shard K/N; shard_n 0: every case */
	const char *order;   /* --order FILE: these cases first, or NULL */
	const char *case_list; /* --case-list FILE: only these, in order */
	bool fail_fast;      /* --fail-fast: stop at the first failed,
				broken or xpass case */
} runopts;
/* Run one case in a forked, isolated case process. */
void run_isolated(const centry *e, const char *impl, caseresult *res);
int cmd_run(const runopts *o);

/* ---- coverage.c ---- */
int cmd_coverage(int argc, char **argv);

/* ---- order.c ---- */
/* Move the cases FILE names (one area/name a line) to the front, in
 * FILE's order. 0, or -1 with a reason in err. */
int order_apply(centry *es, size_t n, const char *file, char *err, size_t cap);
/* Keep only the cases FILE names, in FILE's order; a name that is not a
 * case is an error. 0, or -1 with FILE:LINE: reason in err. */
int case_list_select(centry *es, size_t *n, const char *file, char *err,
		     size_t cap);

/* ---- shard.c ---- */
/* "K/N" with 1 <= K <= N: 0, or -1 with a reason in err. */
int shard_parse(const char *s, int *k, int *n, char *err, size_t cap);
/* Keep shard k of nshards: the cases at positions k-1, k-1+nshards...
 * of the discovered list (es compacts; the others are freed). */
void shard_select(centry *es, size_t *n, int k, int nshards);

/* ---- expect_apply.c ---- */
/* Read conformance/expectations/ (or $SOCKSPEC_EXPECTATIONS) and keep
 * the entries in force for impl on this kernel and impl's platform.
 * 0, or -1 with FILE:LINE: reason in err (every fault also on stderr):
 * the run must not start. */
int expectations_load(const char *impl, char *err, size_t cap);
/* Before running: an expected skip (reason) or NULL. */
const char *expectation_skip(const char *name);
void expectation_apply(const char *name, caseresult *r);

/* ---- results.c ---- */
/* peer: the implementation on the other side of interop cases, or NULL */
int results_write(const char *file, const centry *es, const caseresult *rs,
		  size_t n, const char *impl, const char *peer);
int summary_print(const centry *es, const caseresult *rs, size_t n);

/* ---- impls.c ---- */
/* "ARCH-LIBC" of the harness binary itself, e.g. "x86_64-glibc". */
const char *harness_platform(void);
/* The platform an implementation's adapter runs on: "x86_64-glibc",
 * "x86_64-musl", "i386-glibc", "aarch64-glibc"... Every results record
 * carries it beside impl and kernel. */
const char *impl_platform(const char *impl);
/* ref, ref-musl, ref-i386, cpython, pypy, python:PATH, exec:PATH */
bool impl_known(const char *impl);

/* ---- probe.c ---- */
/* Why no case of impl can run here (unknown or unbuilt, or its adapter
 * fails exec: a 32-bit adapter on a kernel without IA32 emulation), in
 * why; NULL when it can. Tried once per process. */
const char *impl_unavailable(const char *impl, char *why, size_t cap);
/* Whose expectations a run of impl uses: impl itself, except for
 * python:PATH and exec:PATH, where the adapter's hello names the family
 * ("cpython", "pypy", a third party's own name). */
const char *impl_expectations_name(const char *impl);

/* ---- interop.c ---- */
/* The run's partner (--peer), or NULL: what `impl: HOST peer` hosts run. */
void interop_set_peer(const char *peer);
/* The implementation host h of c runs: its `impl:` line (`peer`: the
 * run's partner, or impl itself without one), else the run's impl. */
const char *case_host_impl(const scase *c, size_t h, const char *impl);
/* true when a host of c has `impl: HOST peer` */
bool case_has_peer_host(const scase *c);
/* Keep only the cases with a peer host (es compacts; the others are
 * freed): a --peer run records the pairs, nothing else. */
void interop_select(centry *es, size_t *n);

/* ---- atf.c ---- */
int cmd_atf(int argc, char **argv);
/* atf_vm.c: the record of case e from the whole suite run once (per Kyua
 * session) inside a guest booting kernel, for impl and every one of the
 * space-separated impls, which share that guest. */
void atf_vm_result(const centry *e, const char *impl, const char *impls,
		   const char *kernel, caseresult *r);
/* `sockspec atf --vm KERNEL --vm-impls IMPLS --prerun`: the guest run of
 * the session, ahead of its test cases (scripts/check.sh starts it before
 * Kyua so that it overlaps the host's tests); they then wait for it. */
int atf_vm_prerun(const char *impls, const char *kernel);
/* atf_session.c: $SOCKSPEC_ATF_SESSION, else "PID STARTTIME" of the
 * Kyua process running us (else of our parent): what the programs of one
 * `kyua test` share. */
void atf_session_key(char *buf, size_t cap);
/* Leave case e's record of impl for the rest of the session. */
void atf_record(const centry *e, const char *impl, const caseresult *r);
/* `sockspec atf --collected IMPL FILE`: the session's records of every
 * case of impl into FILE (0); 3 when the session has not recorded them
 * all (the reason on stderr), 2 on an error. */
int atf_collected(const char *impl, const char *out);
/* A session named by $SOCKSPEC_ATF_SESSION (make check): host programs
 * report case by case one `sockspec run` of the whole suite per
 * implementation, run by their first case (atf_batch_result). */
bool atf_batch_mode(void);
void atf_batch_result(const centry *e, const char *impl, caseresult *r);
/* The record of case name in results file resp into r (its reason
 * tagged with the record's kernel when tag_kernel); -1 with a reason in
 * err when there is none. */
int atf_find_record(const char *resp, const char *name, bool tag_kernel,
		    caseresult *r, char *err, size_t cap);

#endif
