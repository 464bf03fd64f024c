/*
 * peer_builtins.c — the builtins through which a case drives an
 * independent peer and reads fixtures, evaluated by the harness itself
 * like pack() and unpack():
 *
 *   p = peer_start('candump', '-L', 'vcan0')   returns once p waits for
 *                                              input (it is set up)
 *   out = peer_stop(p)                         once p waits again (has
 *                                              taken what it was sent),
 *                                              SIGINT, wait; its stdout
 *   out = peer_wait(p)                         wait for p to end by itself
 *                                              (candump -n COUNT); stdout
 *   peer_run('cansend', 'vcan0', '123#DEADBEEF')   to completion; stdout
 *   fixture('can/std-frames.log')              bytes of fixtures/REL
 *   fixture_path('can/std-frames.log')         its path, for a peer's argv
 *   candump_frames(out)                        frames of a candump log
 *   netns_links()                              the interfaces of the step's
 *                                              host's namespace, [(index,
 *                                              name), ...] by rtnetlink
 *
 * A peer runs in the network namespace of the step's host. A program that
 * is not on PATH, or a peer still running when the case's timeout comes,
 * breaks the case; a peer that exits non-zero (or peer_stop's peer with
 * anything but 0 or death by its SIGINT) raises PeerError in its step.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "candump.h"
#include "peer.h"

static const char *const names[] = { "peer_start", "peer_stop",
	"peer_wait", "peer_run", "fixture", "fixture_path", "candump_frames",
	"netns_links", NULL };

bool peer_builtin_name(const char *name)
{
	for (int i = 0; names[i]; i++)
		if (strcmp(names[i], name) == 0)
			return true;
	return false;
}

static int broke(runctx *x, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int broke(runctx *x, const char *fmt, ...)
{
	const step *st = x->cur_step >= 0 && (size_t)x->cur_step < x->c->nsteps ?
			 &x->c->steps[x->cur_step] : NULL;
	size_t off = 0;
	if (st)
		off = (size_t)snprintf(x->why, sizeof x->why, "%d: %s: ",
				       st->line, st->text);
	va_list ap;
	va_start(ap, fmt);
	if (off < sizeof x->why)
		vsnprintf(x->why + off, sizeof x->why - off, fmt, ap);
	va_end(ap);
	x->broken = true;
	return -1;
}

/* The argument vector: every argument a str without NUL. NULL and a
 * TypeError in r otherwise. */
static char **argv_of(const value *args, const char *fn, evres *r)
{
	if (args->len == 0) {
		evres_raise(r, "TypeError", "%s() needs a program name", fn);
		return NULL;
	}
	char **argv = xmalloc((args->len + 1) * sizeof *argv);
	for (size_t i = 0; i < args->len; i++) {
		const value *a = args->items[i];
		if (a->kind != V_STR || memchr(a->s, '\0', a->len)) {
			evres_raise(r, "TypeError", "%s() argument %zu: a str "
				 "without NUL, not %s", fn, i + 1,
				 v_typename(a));
			free(argv);
			return NULL;
		}
		argv[i] = a->s;
	}
	argv[args->len] = NULL;
	return argv;
}

/* Start a peer for fn; its index in x->peers, or -1 with r raised (1) or
 * the case broken (-1) in *rc. */
static long start(runctx *x, int host, const char *fn, const value *args,
		  evres *r, int *rc)
{
	*rc = 0;
	char **argv = argv_of(args, fn, r);
	if (!argv)
		return -1;
	const char *prog = argv[0];
	if (!*prog || strchr(prog, '/')) {
		free(argv);
		*rc = broke(x, "%s(): a peer is a program named bare and found "
			    "on PATH, not '%s'", fn, prog);
		return -1;
	}
	if (!have_prog(prog)) {
		free(argv);
		*rc = broke(x, "%s(): no program %s on PATH", fn, prog);
		return -1;
	}
	x->peers = xrealloc(x->peers, (x->npeers + 1) * sizeof *x->peers);
	peerproc *p = &x->peers[x->npeers++];
	char err[256];
	pid_t ns = host > 0 ? x->ad[host].pid : 0;
	int s = peer_spawn(p, argv, ns, err, sizeof err);
	free(argv);
	if (s < 0) {
		*rc = broke(x, "%s(): %s: %s", fn, prog, err);
		return -1;
	}
	return (long)x->npeers - 1;
}

static bool exited_ok(const peerproc *p)
{
	if (WIFEXITED(p->status))
		return WEXITSTATUS(p->status) == 0;
	return p->stopping && WIFSIGNALED(p->status) &&
	       WTERMSIG(p->status) == SIGINT;
}

static void raise_exit(const peerproc *p, const char *when, evres *r)
{
	char why[sizeof r->msg - 64];
	peer_describe_exit(p, why, sizeof why);
	evres_raise(r, "PeerError", "%s %s%s", p->name, why, when);
}

static int b_peer_start(runctx *x, int host, const value *args, evres *r)
{
	int rc;
	long i = start(x, host, "peer_start", args, r, &rc);
	if (i < 0)
		return rc;
	peerproc *p = &x->peers[i];
	int w = peer_wait_ready(p, x->deadline);
	if (w < 0)
		return broke(x, "timeout: peer %s was not waiting for input "
			     "within the case's %gs", p->name, x->c->timeout);
	if (w == 1 && !exited_ok(p)) {
		raise_exit(p, " before it was ready", r);
		return 0;
	}
	r->v = v_handle("peer", i + 1);
	return 0;
}

/* An ended peer's result: what it wrote, or PeerError when it failed. */
static int peer_output(peerproc *p, evres *r)
{
	if (!exited_ok(p)) {
		raise_exit(p, "", r);
		return 0;
	}
	size_t len;
	char *out = peer_read_all(p->out, &len);
	r->v = v_bytes(out, len);
	free(out);
	return 0;
}

/* peer_stop(p) (stop true) and peer_wait(p) */
static int b_peer_end(runctx *x, const value *args, bool stop, evres *r)
{
	const char *fn = stop ? "peer_stop" : "peer_wait";
	const value *h = args->len == 1 ? args->items[0] : NULL;
	if (!h || h->kind != V_HANDLE || strcmp(h->s, "peer") != 0 ||
	    h->i < 1 || (size_t)h->i > x->npeers) {
		evres_raise(r, "TypeError", "%s() takes one <peer N> that "
			 "peer_start() returned", fn);
		return 0;
	}
	peerproc *p = &x->peers[h->i - 1];
	if (stop && p->pid > 0 && !p->stopping) {
		/* what the case sent the peer is on its way: a receiver that
		 * is back waiting for input has taken it (a busy one is
		 * stopped anyway after a while) */
		double settle = now_mono() + 2;
		peer_wait_ready(p, settle < x->deadline ? settle : x->deadline);
		if (p->pid > 0)
			kill(p->pid, SIGINT);
		p->stopping = true;
	}
	if (peer_wait_exit(p, x->deadline) < 0)
		return broke(x, "timeout: peer %s still running %sat the "
			     "case's %gs", p->name,
			     p->stopping ? "after SIGINT " : "", x->c->timeout);
	return peer_output(p, r);
}

static int b_peer_run(runctx *x, int host, const value *args, evres *r)
{
	int rc;
	long i = start(x, host, "peer_run", args, r, &rc);
	if (i < 0)
		return rc;
	peerproc *p = &x->peers[i];
	if (peer_wait_exit(p, x->deadline) < 0)
		return broke(x, "timeout: peer %s still running at the case's "
			     "%gs", p->name, x->c->timeout);
	return peer_output(p, r);
}

/* ROOT/fixtures/REL for a relative path that stays below fixtures/ and
 * names a regular file; NULL with the case broken otherwise. */
static char *fixture_file(runctx *x, const char *fn, const value *args)
{
	const value *a = args->len == 1 ? args->items[0] : NULL;
	if (!a || a->kind != V_STR || !a->len || a->s[0] == '/' ||
	    memchr(a->s, '\0', a->len) || strcmp(a->s, "..") == 0 ||
	    strncmp(a->s, "../", 3) == 0 || strstr(a->s, "/../") ||
	    (a->len >= 3 && strcmp(a->s + a->len - 3, "/..") == 0)) {
		broke(x, "%s() takes one path relative to fixtures/, "
		      "e.g. 'can/std-frames.log'", fn);
		return NULL;
	}
	char *rel = xasprintf("fixtures/%s", a->s);
	char *path = proj_path(rel);
	struct stat st;
	const char *why = stat(path, &st) < 0 ? strerror(errno) :
			  !S_ISREG(st.st_mode) ? "not a regular file" : NULL;
	if (why) {
		broke(x, "%s(): %s: %s", fn, rel, why);
		free(path);
		path = NULL;
	}
	free(rel);
	return path;
}

static int b_fixture(runctx *x, const value *args, evres *r, bool path_only)
{
	char *path = fixture_file(x, path_only ? "fixture_path" : "fixture",
				  args);
	if (!path)
		return -1;
	if (path_only) {
		r->v = v_str(path, strlen(path));
		free(path);
		return 0;
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int rc = broke(x, "fixture(): %s: %s", path, strerror(errno));
		free(path);
		return rc;
	}
	size_t len;
	char *data = peer_read_all(fd, &len);
	close(fd);
	free(path);
	r->v = v_bytes(data, len);
	free(data);
	return 0;
}

static int b_candump_frames(const value *args, evres *r)
{
	const value *a = args->len == 1 ? args->items[0] : NULL;
	if (!a || (a->kind != V_BYTES && a->kind != V_STR)) {
		evres_raise(r, "TypeError", "candump_frames() takes the bytes of a "
			 "candump log");
		return 0;
	}
	char err[256];
	r->v = candump_frames(a->s, a->len, err, sizeof err);
	if (!r->v)
		evres_raise(r, "ValueError", "candump log %s", err);
	return 0;
}

/* netns_links(): read by the harness in the host's own namespace, so a
 * case compares what the implementation lists with the kernel's list */
static int b_netns_links(runctx *x, int host, const value *args, evres *r)
{
	if (args->len != 0) {
		evres_raise(r, "TypeError", "netns_links() takes no arguments");
		return 0;
	}
	int nl = rtnl_open(host > 0 ? x->ad[host].pid : 0);
	if (nl < 0)
		return broke(x, "netns_links(): rtnetlink in host %s's "
			     "namespace: %s", x->c->hosts[host], strerror(errno));
	r->v = rtnl_links(nl);
	int e = errno;
	close(nl);
	if (!r->v)
		return broke(x, "netns_links(): RTM_GETLINK: %s", strerror(e));
	return 0;
}

int peer_builtin(runctx *x, int host, const char *name, const value *args,
		 evres *r)
{
	memset(r, 0, sizeof *r);
	if (strcmp(name, "peer_start") == 0)
		return b_peer_start(x, host, args, r);
	if (strcmp(name, "peer_stop") == 0)
		return b_peer_end(x, args, true, r);
	if (strcmp(name, "peer_wait") == 0)
		return b_peer_end(x, args, false, r);
	if (strcmp(name, "peer_run") == 0)
		return b_peer_run(x, host, args, r);
	if (strcmp(name, "fixture") == 0)
		return b_fixture(x, args, r, false);
	if (strcmp(name, "fixture_path") == 0)
		return b_fixture(x, args, r, true);
	if (strcmp(name, "candump_frames") == 0)
		return b_candump_frames(args, r);
	if (strcmp(name, "netns_links") == 0)
		return b_netns_links(x, host, args, r);
	return broke(x, "%s: not a peer builtin", name);
}

void peers_end(runctx *x)
{
	for (size_t i = 0; i < x->npeers; i++)
		peer_discard(&x->peers[i]);
	free(x->peers);
	x->peers = NULL;
	x->npeers = 0;
}
