/*
 * forkserver.c — one interpreter per implementation per run. Starting
 * CPython or PyPy costs 0.1 s to several seconds (under TCG), far more
 * than most cases; so `sockspec run` starts pyadapter.py once per Python
 * implementation as a fork server, and a host's adapter becomes a fork
 * of it instead of a new interpreter.
 *
 * The runner makes a datagram socketpair per server; the case processes
 * inherit the runner's end. Where the harness used to exec the adapter
 * (adapter_spawn's child, already in the host's namespaces), that child
 * becomes a stand-in: it sends the server its namespaces (net, uts, mnt,
 * pid), its working and root directories, its stdin/stdout/stderr and one
 * end of a control socketpair. The server forks into the case's pid namespace;
 * the fork joins the other namespaces and runs the ordinary adapter loop
 * on those descriptors. The stand-in waits on the control socket for the
 * fork's wait status and dies the same way, so the harness sees an
 * adapter process that lives and dies like the exec'd one did; when the
 * stand-in dies (killed by the harness or with its pid namespace) the
 * server kills the fork. Every fork lives in the case's pid namespace:
 * whatever ends the case ends the fork too.
 *
 * SOCKSPEC_FORKSERVER=0 keeps a fresh process per adapter; `isolate:
 * fresh` asks for one per case.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run_internal.h"
#include "userland/userland.h"

#define MAXSERVERS 8

static struct fserver {
	char impl[64];
	pid_t pid;
	int fd;         /* the runner's end: requests go here */
	int errfd;      /* memfd: the server's stderr, then its keeper's
			 * line on how it ended (case processes inherit it,
			 * so a stand-in can say why the server went away) */
} servers[MAXSERVERS];
static size_t nservers;

bool forkserver_enabled(void)
{
	const char *e = getenv("SOCKSPEC_FORKSERVER");
	return !(e && strcmp(e, "0") == 0);
}

/* Only pyadapter.py speaks the fork-server protocol; the C adapters
 * start in about a millisecond (make bench: case-overhead), so a server
 * would not pay for itself there. */
static bool serves(char **argv)
{
	if (!argv || !argv[0] || !argv[1] || getenv("SOCKSPEC_ADAPTER_CMD"))
		return false;
	char *py = proj_path("conformance/adapters/pyadapter.py");
	bool r = strcmp(argv[1], py) == 0 ||
		 strcmp(argv[1], USERLAND_ADAPTERS "/pyadapter.py") == 0;
	free(py);
	return r;
}

int forkserver_fd(const char *impl)
{
	for (size_t i = 0; i < nservers; i++)
		if (strcmp(servers[i].impl, impl) == 0)
			return servers[i].fd;
	return -1;
}

/* In the runner's child: the server runs as our child with its stderr
 * in errfd, and we keep it: when it ends, how (exit status or signal)
 * is appended to errfd for the stand-ins to report. We die with the
 * runner and the server dies with us. */
static _Noreturn void keep_server(char **argv, int errfd)
{
	pid_t keeper = getpid();
	pid_t srv = errfd >= 0 ? fork() : 0;
	if (srv == 0) {
		if (errfd >= 0) {
			die_with_parent(keeper);
			dup2(errfd, 2);
		}
		execvp(argv[0], argv);
		dprintf(2, "sockspec: exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (srv < 0)
		_exit(126);
	/* only the server holds the request socket: its death is EOF */
	close(3);
	int st;
	while (waitpid(srv, &st, 0) < 0 && errno == EINTR)
		;
	if (WIFSIGNALED(st))
		dprintf(errfd, "\n[sockspec: the server (pid %d) was killed by "
			"signal %d, %s]\n", (int)srv, WTERMSIG(st),
			strsignal(WTERMSIG(st)));
	else
		dprintf(errfd, "\n[sockspec: the server (pid %d) exited with "
			"status %d]\n", (int)srv, WEXITSTATUS(st));
	_exit(0);
}

void forkserver_start(const char *impl)
{
	if (!forkserver_enabled() || forkserver_fd(impl) >= 0 ||
	    nservers == MAXSERVERS || strlen(impl) >= sizeof servers[0].impl)
		return;
	char why[512];
	char **av = adapter_argv(impl, why, sizeof why);
	if (!serves(av))
		return;
	char *argv[12];
	int n = 0;
	while (av[n] && n < 8) {
		argv[n] = av[n];
		n++;
	}
	argv[n++] = "--forkserver";
	argv[n++] = "3";
	argv[n] = NULL;
	int sp[2];
	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sp) < 0)
		return;
	int errfd = memfd_create("sockspec-forkserver-stderr", MFD_CLOEXEC);
	pid_t runner = getpid();
	pid_t pid = fork();
	if (pid < 0) {
		close(sp[0]);
		close(sp[1]);
		if (errfd >= 0)
			close(errfd);
		return;
	}
	if (pid == 0) {
		die_with_parent(runner);
		signal(SIGPIPE, SIG_DFL);
		int dn = open("/dev/null", O_RDWR);
		if (dn < 0 || dup2(dn, 0) < 0 || dup2(dn, 1) < 0 ||
		    dup2(sp[1], 3) < 0)
			_exit(126);
		if (sp[1] == 3)
			fcntl(3, F_SETFD, 0);
		setenv("SOCKSPEC_IMPL", impl, 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		/* a root's interpreter serves from inside the root, in a
		 * mount namespace of its own; each fork then moves into its
		 * case's namespace and the root the case entered */
		const char *root = adapter_root(impl);
		char uerr[512];
		if (root && userland_enter(root, true, uerr, sizeof uerr) < 0)
			_exit(126);
		keep_server(argv, errfd);
	}
	close(sp[1]);
	snprintf(servers[nservers].impl, sizeof servers[0].impl, "%s", impl);
	servers[nservers].pid = pid;
	servers[nservers].fd = sp[0];
	servers[nservers].errfd = errfd;
	nservers++;
}

void forkserver_stop_all(void)
{
	for (size_t i = 0; i < nservers; i++) {
		close(servers[i].fd);
		if (servers[i].errfd >= 0)
			close(servers[i].errfd);
		kill(servers[i].pid, SIGKILL);
		while (waitpid(servers[i].pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	nservers = 0;
}

/* The server of request socket sfd, in a case process (a fork of the
 * runner, so with the runner's table), or NULL. */
static const struct fserver *server_of(int sfd)
{
	for (size_t i = 0; i < nservers; i++)
		if (servers[i].fd == sfd)
			return &servers[i];
	return NULL;
}

/* The server is gone before the fork's status came: say how it ended
 * and what it wrote last (its keeper appends the status a moment after
 * the server's end closes the control socket). */
static void server_obituary(int errfd, const char *impl)
{
	char tail[601] = "";
	ssize_t r = 0;
	for (int i = 0; errfd >= 0 && i < 100; i++) {
		off_t end = lseek(errfd, 0, SEEK_END);
		off_t from = end > 600 ? end - 600 : 0;
		r = pread(errfd, tail, sizeof tail - 1, from);
		tail[r > 0 ? r : 0] = '\0';
		if (strstr(tail, "[sockspec: the server"))
			break;
		usleep(10000);
	}
	for (char *p = tail; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	dprintf(2, "sockspec: the fork server of %s went away%s%s\n", impl,
		tail[0] ? "; its stderr ends: " : " (no word from it)", tail);
}

/* The stand-in's end: relay the fork's wait status as our own death. */
static _Noreturn void stand_in(int ctl, int errfd, const char *impl)
{
	int st;
	ssize_t r;
	while ((r = read(ctl, &st, sizeof st)) < 0 && errno == EINTR)
		;
	if (r != (ssize_t)sizeof st) {
		server_obituary(errfd, impl);
		_exit(125);
	}
	if (WIFEXITED(st))
		_exit(WEXITSTATUS(st));
	if (WIFSIGNALED(st)) {
		int sig = WTERMSIG(st);
		signal(sig, SIG_DFL);
		sigset_t s;
		sigemptyset(&s);
		sigaddset(&s, sig);
		sigprocmask(SIG_UNBLOCK, &s, NULL);
		raise(sig);
	}
	_exit(125);
}

void forkserver_handoff(int sfd, bool nocap)
{
	static const char *const ns[] = { "net", "uts", "mnt", "pid" };
	enum { NFDS = 10 };
	int fds[NFDS], ctl[2] = { -1, -1 };
	int k;
	for (k = 0; k < 4; k++) {
		char p[32];
		snprintf(p, sizeof p, "/proc/self/ns/%s", ns[k]);
		if ((fds[k] = open(p, O_RDONLY | O_CLOEXEC)) < 0)
			goto fail;
	}
	/* the root too: setns into a mount namespace moves the root to the
	 * namespace's own, which is not ours under a chroot (vm/init runs
	 * the guest's command in one) */
	if ((fds[k++] = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    (fds[k++] = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
		goto fail;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ctl) < 0)
		goto fail;
	fds[6] = 0;
	fds[7] = 1;
	fds[8] = 2;
	fds[9] = ctl[1];
	char req[32];
	int len = snprintf(req, sizeof req, "spawn nocap=%d", nocap ? 1 : 0);
	union {
		char buf[CMSG_SPACE(sizeof fds)];
		struct cmsghdr align;
	} u;
	memset(&u, 0, sizeof u);
	struct iovec iov = { req, (size_t)len };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = u.buf, .msg_controllen = sizeof u.buf };
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof fds);
	memcpy(CMSG_DATA(c), fds, sizeof fds);
	ssize_t r;
	while ((r = sendmsg(sfd, &m, MSG_NOSIGNAL)) < 0 && errno == EINTR)
		;
	if (r != len)
		goto fail;
	/* Only the fork may hold the pipes now: the harness must see EOF
	 * when it dies and the fork must see EOF when the harness closes its
	 * end. Everything else inherited from the case process goes too. */
	const struct fserver *sv = server_of(sfd);
	char impl[64];
	snprintf(impl, sizeof impl, "%s", sv ? sv->impl : "?");
	int dn = open("/dev/null", O_RDWR);
	if (dn < 0 || dup2(dn, 0) < 0 || dup2(dn, 1) < 0 || dup2(ctl[0], 3) < 0)
		_exit(126);
	int ef = sv && sv->errfd >= 0 && dup2(sv->errfd, 4) == 4 ? 4 : -1;
	closefrom(ef == 4 ? 5 : 4);
	stand_in(3, ef, impl);
fail:
	/* the server is not there (it failed to start): exec as before */
	for (int i = 0; i < k && i < 6; i++)
		close(fds[i]);
	if (ctl[0] >= 0) {
		close(ctl[0]);
		close(ctl[1]);
	}
}
