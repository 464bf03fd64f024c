/*
 * run_internal.h — between the files of run/ only: adapters, the fork
 * server, isolation, a step's reply, the case context, evaluation and
 * checks, interop hosts.
 */
#ifndef SOCKSPEC_RUN_INTERNAL_H
#define SOCKSPEC_RUN_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "run.h"
#include "expect/expect.h"

/* ---- adapter.c, adapter_cmd.c ---- */
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
	int killed_by;      /* the signal it died of (adapter_obituary), or 0 */
	/* $SOCKSPEC_WIRE_LOG: the file every line to and from the adapter
	 * is copied to, its descriptor + 1 (0: none, so a zeroed adapter
	 * logs nothing) */
	int wire_fd1;
} adapter;

/* How long a case waits for its adapters' hello lines, apart from its
 * own timeout: starting an interpreter is not the behaviour's time, and
 * under TCG (vm/) one PyPy start takes 10 s or more. */
#define ADAPTER_START_SECONDS 60

/* exec:PATH ARG...: at most this many words */
#define ADAPTER_MAX_ARGS 15
/* The command for an implementation: argv (static storage) or NULL with
 * a skip reason. $SOCKSPEC_ADAPTER_CMD overrides: run by /bin/sh -c. */
char **adapter_argv(const char *impl, char *why, size_t cap);
/* The Debian userland root an implementation runs in (FAMILY@SUITE), or
 * NULL: its adapter's process enters it (userland_enter) before exec or
 * the hand-off to its fork server. */
const char *adapter_root(const char *impl);
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
/* With $SOCKSPEC_WIRE_LOG=DIR: copy a's lines to DIR/CASE.HOST.wire
 * (CASE's '/' as '_'), "> request" and "< reply" a line each */
void adapter_wire_log(adapter *a, const char *case_name, const char *host);
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

/* ---- probe.c ---- */
/* ARCH-LIBC as a hello's third word: lower-case letters, digits and _,
 * one '-' between two non-empty parts (x86_64-musl) */
bool platform_word(const char *s);

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
/* true when path lies in a directory a case's private /tmp does not hide:
 * the project root, the tree holding the binary or the cases directory,
 * which isolate_case binds back at their paths when they are below /tmp */
bool isolate_keeps(const char *path);
/* Bring an interface up in the current network namespace. */
int iface_up(const char *name);
/* rtnl.c: a rtnetlink socket in pid's network namespace (0: ours), or
 * -1 with errno. */
int rtnl_open(pid_t pid);
/* A veth pair, each end made in its namespace (pid 0: the socket's own)
 * under its name and interface index (0: the kernel's). 0, or -1 with
 * errno. */
int rtnl_veth(int nl, const char *name, pid_t pid, int ifindex,
	      const char *peer, pid_t peer_pid, int peer_ifindex);
/* rtnl_links.c: the namespace's interfaces, a list of (index, name)
 * tuples in index order; NULL with errno. */
value *rtnl_links(int nl);
struct nlmsghdr;
/* The string attribute type (IFLA_IFNAME, IFLA_QDISC...) of one
 * RTM_NEWLINK message into out: false when it has none. */
bool rtnl_link_attr(const struct nlmsghdr *h, unsigned short type,
		    char *out, size_t cap);
/* A link of a kind without parameters (vcan, dummy). */
int rtnl_link(int nl, const char *name, const char *kind);
/* Bring ifname up in the socket's namespace. */
int rtnl_up(int nl, const char *ifname);
/* Wait up to seconds for ifname (up) to be running: operationally up,
 * its queue started. 0, or -1 with errno (ETIMEDOUT). */
int rtnl_wait_running(int nl, const char *ifname, double seconds);
/* Address CIDR on ifname, in the socket's namespace; IPv6 ones without
 * duplicate address detection (`ip addr add ... nodad`). */
int rtnl_addr(int nl, const char *ifname, const char *cidr);
/* A default route through the gateway address via (IPv4 or IPv6) in
 * the socket's namespace. 0, or -1 with errno. */
int rtnl_default_route(int nl, const char *via);
/* Links, addresses and default routes between hosts, pids[i] being host
 * i's process
 * (pids[0] = this process). */
int isolate_links(const scase *c, const pid_t *pids, char *err, size_t cap);
/* Reason to skip a case on this machine, or NULL. */
const char *needs_unmet(unsigned needs, char *buf, size_t cap);
/* A case with `link:` lines on a kernel whose configuration lacks
 * CONFIG_VETH: the reason (in buf), else NULL (also when the
 * configuration cannot be read: the links are tried). */
const char *links_unmet(const scase *c, char *buf, size_t cap);
/* prctl(PR_SET_PDEATHSIG, SIGKILL) checking the parent did not die
 * already. */
void die_with_parent(pid_t parent);

/* ---- eval.c, vars.c, evres.c, check.c, run.c ---- */
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
/* Make r a raise of class cls (as the adapter would report one) with a
 * formatted message: errors the harness finds itself, e.g. a bad pack()
 * or a peer program that failed. */
void evres_raise(evres *r, const char *cls, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* message.c: does the raised message match k's message part? 1 yes, 0 no,
 * -1 with why (a bad regex) */
int message_matches(const check *k, const evres *r, char *why, size_t cap);

/* ---- ops.c: operators on plain values (no handle inside) ---- */
/* Does v hold an adapter handle (itself or an item)? */
bool value_has_handle(const value *v);
/* Does v hold a caller-owned buffer of the implementation (a
 * <bytearray N> or <memoryview N> handle, itself or an item)? */
bool value_has_buffer(const value *v);
/* Python's `v in hay` for a tuple, list, dict, str or bytes hay. */
bool value_contains(const value *hay, const value *v);
/* a OP b, OP as case.h's E_BINOP names it; r filled (a value or a
 * raise: TypeError, ZeroDivisionError...). */
void ops_binary(const char *op, const value *a, const value *b, evres *r);
/* OP a, OP "-", "+" or "~". */
void ops_unary(const char *op, const value *a, evres *r);
/* o[lo:hi:st], each bound NULL or None when left out. */
void ops_slice(const value *o, const value *lo, const value *hi,
	       const value *st, evres *r);

/* host: the host whose step bound the name (its handles live there);
 * unset_by: the line of the failed step that left the name without a
 * value (v NULL), else 0 (soft.c) */
typedef struct binding { char *name; value *v; int host; int unset_by; } binding;

typedef struct runctx {
	const scase *c;
	adapter *ad;         /* one per host */
	size_t nad;
	binding *vars;
	size_t nvars;
	double deadline;     /* monotonic: the case's timeout */
	/* monotonic: while a step with `within LO..HI` waits for its reply,
	 * the moment its (stretched) bound plus STEP_BOUND_GRACE has passed;
	 * 0 otherwise (bounds.c step_bound_deadline) */
	double step_deadline;
	int cur_step;
	bool broken;
	bool failed;
	/* a step met a name the implementation does not have (the adapter's
	 * `raise unsupported`, which its check did not ask for): the case
	 * stops there and is `unsupported` unless it broke or a step failed */
	bool unsupported;
	/* per host: the constants of libsockref's table (sr_constants
	 * order) the host's implementation lacks, or NULL (consts.c) */
	unsigned char **lacks;
	char why[4096];      /* reason for broken / detail for failed (the
				first failed step) */
	caseresult *res;     /* the case's result: its failed steps (soft.c) */
	bool step_failed;    /* the step being finished has failed */
	bool unrun;          /* evaluation stopped at a name without a value:
				its step is recorded as not run (soft.c) */
	struct peerproc *peers; /* programs the case started (peer.h) */
	size_t npeers;
	/* What becomes of a step's reply once it is in: run.c sets it to
	 * finish_step (check.c). Evaluation hands replies on through it and
	 * so stays below the checks, which evaluate their right-hand sides. */
	int (*finish)(struct runctx *x, int si, evres *r, double elapsed);
} runctx;

/* Evaluate e for the step at index si (synchronously: remote calls wait).
 * 0 with *r filled, -1 when the case broke (ctx->broken, ctx->why). */
int eval_expr(runctx *x, const expr *e, int host, evres *r);
/* Ask host's adapter to apply operator NAME to the operands, whose
 * objects it holds: `call - op (NAME, OPERAND...) {}` (README, the wire
 * protocol). 0 with *r filled, -1 broken. */
int eval_remote_op(runctx *x, int host, const char *name, value **operands,
		   size_t n, evres *r);
/* Read the module attribute NAME in host's adapter: `getattr - NAME`.
 * 0 with *r filled, -1 broken. */
int eval_module_attr(runctx *x, int host, const char *name, evres *r);
/* The module call NAME(*args) on host's adapter (args a tuple): 0 with
 * *r filled, -1 broken. */
int eval_module_call(runctx *x, int host, const char *name,
		     const value *args, evres *r);
/* v as a report shows it: its repr, the implementation's when v holds
 * a buffer (`call - repr (v,) {}`: bytearray(b'Mary')), so a failed
 * check says what the buffer held. malloc'd. */
char *eval_show(runctx *x, int host, const value *v);
/* modcall.c: "os_" for os.NAME(...), "sys_" for sys.NAME(...), the
 * prefix of the module call the adapter is sent; NULL for any other
 * expression or when a step bound that name. */
const char *modcall_prefix(runctx *x, const expr *e);
/* Send the top-level call of an async step without waiting. */
int eval_async(runctx *x, const expr *e, int host);
/* Collect the pending reply of host h (checks its step). */
int collect_pending(runctx *x, int h);
int parse_reply(runctx *x, int h, const char *line, evres *r);
value *var_get(runctx *x, const char *name);
void var_set(runctx *x, const char *name, value *v);
/* The host whose step bound name, or -1. */
int var_host(runctx *x, const char *name);

/* soft.c: record a failed step (why: "LINE: STEP: ..."): the first is
 * the case's reason; unless the step is soft (its `soft` prefix or the
 * case's `soft: yes`) the case stops (x->failed). */
void step_fail(runctx *x, int si, const char *why);
/* The failed step si produced no value: its names lose theirs, so a
 * later step using one is not run (rather than reading an older value
 * or, as an unbound name would, the module's attribute). */
void step_lose_targets(runctx *x, int si);
/* A name without a value reached while evaluating the current step:
 * records the step as failed ("not run") and sets x->unrun; returns -1
 * like a broken evaluation, so every caller stops. Evaluation's callers
 * (run.c, collect_pending) clear unrun and go on when the step is soft.
 * 0 when name has a value or was never bound. */
int step_unrunnable(runctx *x, const char *name);
/* vars.c: forget name's value; a later use is "not run" (line: the
 * failed step that would have bound it). */
void var_unset(runctx *x, const char *name, int line);
/* The line that left name without a value, or 0. */
int var_unset_by(runctx *x, const char *name);

/* The case process body: fills res. */
void run_case(const centry *e, const char *impl, caseresult *res);
/* Finish a step's result: check and bind. 0 ok (may set failed), -1
 * broken. */
int finish_step(runctx *x, int si, evres *r, double elapsed);
/* bounds.c: SOCKSPEC_SLOWDOWN, a factor >= 1 (vm/run sets it under TCG),
 * or 1. */
double run_slowdown(void);
/* Every case's timeout times run_slowdown() (bounds.c). */
void case_timeouts_stretch(centry *es, size_t n);
/* A reply later than a step's upper bound fails the step whatever it
 * says, so waiting for it longer than the bound proves nothing more: a
 * step that started at t0 with `within LO..HI` stops waiting at t0 + HI
 * (times the slowdown) + STEP_BOUND_GRACE, and its call counts as hung
 * (broken), as one that outlives the case's timeout does. 0 for a step
 * without a bound. */
#define STEP_BOUND_GRACE 1.0
double step_bound_deadline(const step *st, double t0);
/* The `issues` clauses of traced step si against the calls it made. */
void check_calls(runctx *x, int si, const char *calls);

/* ---- record.c ---- */
/* The run's records into the history (o->history, $SOCKSPEC_HISTORY or
 * build/history.sqlite; not the default one for a case tree or adapter
 * of the harness's tests); a warning on stderr when it cannot. */
void run_record_history(const runopts *o, const centry *es,
			const caseresult *rs, size_t n);

/* ---- retry.c ---- */
/* run --retry N (runner.c runs the rounds): a case that failed or broke,
 * and did not crash, is run again in new namespaces with new adapters;
 * one that passes is flaky. Every attempt is kept in its attempts. */
/* /proc/sys/kernel/tainted, or the file $SOCKSPEC_TAINTED names (0
 * where unreadable). */
unsigned long kernel_taint(void);
/* Say in the reason of each crashed case of rs[0..n) that it is kept. */
void retry_note_crashes(caseresult *rs, size_t n);
/* The indexes of the cases of rs[0..n) to run again, into idx; how many. */
size_t retry_pick(const caseresult *rs, size_t n, size_t *idx);
/* true when the kernel has oopsed (taint D now, or in taint_before,
 * the taint when the run started): then nothing is retried, and the
 * reasons of rs[idx[0..m)] say so. */
bool retry_kernel_oopsed(unsigned long taint_before, caseresult *rs,
			 const size_t *idx, size_t m);
/* again, the next attempt of r's case, becomes its result (flaky when
 * it passed), every attempt kept. */
void retry_take(caseresult *r, const caseresult *again);

/* ---- consts.c ---- */
/* Before forking the case processes: a table of the answers the
 * implementations give, shared by every case of the run. */
void consts_share(const char *const *impls, size_t n);
/* Ask each host's adapter about the module constants the case names
 * (x->lacks), through ask (eval_module_attr: run.c hands it in, so
 * that evaluation, which asks consts_lacked, stays the caller). 0, or -1
 * when the case broke. */
typedef int (*consts_ask)(runctx *x, int host, const char *name, evres *r);
int consts_check(runctx *x, const char *impl, consts_ask ask);
/* Does host's implementation lack the constant NAME? */
bool consts_lacked(const runctx *x, int host, const char *name);
void consts_free(runctx *x);

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

#endif
