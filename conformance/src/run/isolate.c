/*
 * isolate.c — the private world of one case: network and mount
 * namespaces (entered by the case's pid-1 worker), a tmpfs on /tmp, a
 * fresh /proc, resolver files that keep every lookup local, lo up, and
 * veth links to the other hosts' namespaces, with their addresses and
 * default routes. Everything is anonymous:
 * when the worker dies the kernel takes it all away.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kconfig/kconfig.h"
#include "run_internal.h"

void die_with_parent(pid_t parent)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* a pid namespace's first process sees its parent as 0 */
	pid_t pp = getppid();
	if (pp != parent && pp != 0)
		_exit(125);
}

int iface_up(const char *name)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", name);
	int rc = ioctl(fd, SIOCGIFFLAGS, &ifr);
	if (rc == 0) {
		ifr.ifr_flags |= IFF_UP;
		rc = ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	close(fd);
	return rc;
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	size_t l = strlen(text);
	ssize_t n = write(fd, text, l);
	close(fd);
	return n == (ssize_t)l ? 0 : -1;
}

/* bind src over dst; a missing dst (or dangling symlink) is skipped */
static int bind_over(const char *src, const char *dst, char *err, size_t cap)
{
	struct stat st;
	if (stat(dst, &st) != 0)
		return 0;
	if (mount(src, dst, NULL, MS_BIND, NULL) < 0) {
		snprintf(err, cap, "bind %s over %s: %s", src, dst,
			 strerror(errno));
		return -1;
	}
	return 0;
}

static const char nsswitch[] =
	"# sockspec: every lookup stays in files\n"
	"passwd: files\ngroup: files\nshadow: files\n"
	"hosts: files\nnetworks: files\nprotocols: files\n"
	"services: files\nethers: files\nrpc: files\nnetgroup: files\n";

/* The project may itself live below /tmp (CI clones anywhere). A case's
 * private tmpfs on /tmp would hide it, and with it the adapters and
 * fixtures: bind each directory the run reads from back at its own path,
 * from a descriptor opened before /tmp was covered. Those are the project
 * root, the tree the binary itself was built in (when SOCKSPEC_ROOT
 * points elsewhere, e.g. a test's scratch root, adapters may still live
 * in the real tree) and the cases directory. */
#define NHELD 3
static int held_fd[NHELD] = { -1, -1, -1 };
static char *held_path[NHELD];

/* the tree holding this binary: the parent of the directory it is in */
static char *exe_tree(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	for (int i = 0; i < 2; i++) {
		char *sl = strrchr(exe, '/');
		if (!sl || sl == exe)
			return NULL;
		*sl = '\0';
	}
	return xstrdup(exe);
}

/* true when path is dir itself or below it */
static bool below(const char *path, const char *dir)
{
	size_t l = strlen(dir);
	return strncmp(path, dir, l) == 0 && (path[l] == '\0' || path[l] == '/');
}

bool isolate_keeps(const char *path)
{
	char *dirs[NHELD] = { xstrdup(proj_root()), exe_tree(), cases_dir() };
	bool kept = false;
	for (int i = 0; i < NHELD; i++) {
		if (dirs[i] && below(path, dirs[i]))
			kept = true;
		free(dirs[i]);
	}
	return kept;
}

static int hold_root(char *err, size_t cap)
{
	char *want[NHELD] = { xstrdup(proj_root()), exe_tree(), cases_dir() };
	for (int i = 0; i < NHELD; i++) {
		char *w = want[i];
		bool dup = !w || strncmp(w, "/tmp/", 5) != 0;
		for (int k = 0; k < NHELD && !dup; k++)
			if (k != i && want[k] && below(w, want[k]) &&
			    (strcmp(w, want[k]) != 0 || k < i))
				dup = true;
		if (dup) {
			free(w);
			want[i] = NULL;
			continue;
		}
		held_fd[i] = open(w, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (held_fd[i] < 0) {
			snprintf(err, cap, "open %s: %s", w, strerror(errno));
			for (int k = i; k < NHELD; k++)
				free(want[k]);
			return -1;
		}
		held_path[i] = w;
	}
	return 0;
}

static int restore_root(char *err, size_t cap)
{
	char *path, *p, src[64];
	for (int i = 0; i < NHELD; i++) {
		if (held_fd[i] < 0)
			continue;
		path = held_path[i];
		for (p = path + 1; *p; p++) {
			if (*p != '/')
				continue;
			*p = '\0';
			mkdir(path, 0755);
			*p = '/';
		}
		mkdir(path, 0755);
		snprintf(src, sizeof src, "/proc/self/fd/%d", held_fd[i]);
		if (mount(src, path, NULL, MS_BIND | MS_REC, NULL) < 0) {
			snprintf(err, cap, "bind %s back at its path: %s", path,
				 strerror(errno));
			return -1;
		}
	}
	return 0;
}

/* once the final /tmp is in place and the directories are back */
static void release_root(void)
{
	for (int i = 0; i < NHELD; i++) {
		if (held_fd[i] >= 0)
			close(held_fd[i]);
		held_fd[i] = -1;
		free(held_path[i]);
		held_path[i] = NULL;
	}
}

int isolate_case(const scase *c, char *err, size_t cap)
{
	/* Every case gets its own UTS namespace too, `isolate: uts` or not:
	 * a sethostname in a case can never rename the machine. */
	(void)c->isolate_uts;
	if (unshare(CLONE_NEWNET | CLONE_NEWNS | CLONE_NEWUTS) < 0) {
		snprintf(err, cap, "unshare: %s", strerror(errno));
		return -1;
	}
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
		snprintf(err, cap, "make / private: %s", strerror(errno));
		return -1;
	}
	if (getpid() == 1 &&
	    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  NULL) < 0) {
		snprintf(err, cap, "mount /proc: %s", strerror(errno));
		return -1;
	}
	if (hold_root(err, cap) < 0)
		return -1;
	/* staging tmpfs for the generated files, detached once bound */
	if (mount("sockspec", "/tmp", "tmpfs", 0, "mode=1777,size=16m") < 0) {
		snprintf(err, cap, "mount tmpfs /tmp: %s", strerror(errno));
		return -1;
	}
	if (restore_root(err, cap) < 0)
		return -1;
	/* No nameserver: a lookup that gets past the files goes to the
	 * default, 127.0.0.1, where nothing answers. glibc hears the ICMP
	 * refusal on its connected socket and gives up at once; musl's
	 * socket is not connected, so it waits out its timeout (5 s by
	 * default, 10 s for a case with two such lookups). One second
	 * says the same. */
	static const char resolv[] = "options timeout:1 attempts:1\n";
	if (write_file("/tmp/nsswitch.conf", nsswitch) < 0 ||
	    write_file("/tmp/resolv.conf", resolv) < 0) {
		snprintf(err, cap, "write resolver files: %s", strerror(errno));
		return -1;
	}
	if (bind_over("/tmp/nsswitch.conf", "/etc/nsswitch.conf", err, cap) < 0 ||
	    bind_over("/tmp/resolv.conf", "/etc/resolv.conf", err, cap) < 0)
		return -1;
	const char *fx[3] = { c->fixture_hosts, c->fixture_services,
			      c->fixture_protocols };
	const char *etc[3] = { "/etc/hosts", "/etc/services", "/etc/protocols" };
	for (int i = 0; i < 3; i++) {
		if (!fx[i])
			continue;
		char *rel = xasprintf("fixtures/%s", fx[i]);
		char *src = proj_path(rel);
		free(rel);
		struct stat st;
		if (stat(src, &st) != 0) {
			snprintf(err, cap, "fixture %s: %s", src, strerror(errno));
			free(src);
			return -1;
		}
		int rc = mount(src, etc[i], NULL, MS_BIND, NULL);
		if (rc < 0)
			snprintf(err, cap, "bind %s over %s: %s", src, etc[i],
				 strerror(errno));
		free(src);
		if (rc < 0)
			return -1;
	}
	umount2("/tmp", MNT_DETACH);
	if (mount("sockspec", "/tmp", "tmpfs", 0, "mode=1777,size=64m") < 0) {
		snprintf(err, cap, "mount tmpfs /tmp: %s", strerror(errno));
		return -1;
	}
	if (restore_root(err, cap) < 0)
		return -1;
	release_root();
	if (iface_up("lo") < 0) {
		snprintf(err, cap, "lo up: %s", strerror(errno));
		return -1;
	}
	/* vm:can cases find vcan0 and vcan1 up in their own namespace (the
	 * guest has the vcan module; on a host without it the case is
	 * skipped before it gets here) */
	if (c->needs & NEED_VM_CAN) {
		static const char *const vcan[] = { "vcan0", "vcan1" };
		int nl = rtnl_open(0);
		for (int i = 0; i < 2; i++)
			if (nl < 0 || rtnl_link(nl, vcan[i], "vcan") < 0 ||
			    rtnl_up(nl, vcan[i]) < 0) {
				snprintf(err, cap, "%s: %s", vcan[i],
					 strerror(errno));
				if (nl >= 0)
					close(nl);
				return -1;
			}
		close(nl);
	}
	return 0;
}

/* Each host names its veths veth0, veth1, ... in link order; addresses go
 * on the host's first veth. */
int isolate_links(const scase *c, const pid_t *pids, char *err, size_t cap)
{
	size_t nh = c->nhosts;
	int *count = calloc(nh ? nh : 1, sizeof *count);
	if (!count)
		abort();
	int rc = 0;
	/* one rtnetlink socket in each host's namespace (rtnl.c) */
	int *nl = malloc((nh ? nh : 1) * sizeof *nl);
	if (!nl)
		abort();
	for (size_t h = 0; h < nh; h++)
		nl[h] = -1;
	for (size_t h = 0; h < nh && rc == 0; h++) {
		nl[h] = rtnl_open(h == 0 ? 0 : pids[h]);
		if (nl[h] < 0) {
			snprintf(err, cap, "rtnetlink in host %s's namespace: %s",
				 c->hosts[h], strerror(errno));
			rc = -1;
		}
	}
	for (size_t i = 0; i < c->nlinks && rc == 0; i++) {
		int ends[2] = { c->links[i].a, c->links[i].b };
		char fin[2][IFNAMSIZ];
		for (int k = 0; k < 2; k++)
			snprintf(fin[k], IFNAMSIZ, "veth%u",
				 (unsigned)(count[ends[k]]++ % 1000));
		/* Interface indexes of our choosing, a different one at each
		 * end: in fresh namespaces the kernel gives both ends the same
		 * one, and a veth whose index equals its peer's is not an
		 * urgent link event, so the kernel starts one end's queue up
		 * to a second after the other and drops what goes out before
		 * (in a guest's log, `veth0: link becomes ready` twice a
		 * second apart for every two-host case). */
		int idx = 100 + 2 * (int)i;
		rc = rtnl_veth(nl[0], fin[0], ends[0] ? pids[ends[0]] : 0, idx,
			       fin[1], ends[1] ? pids[ends[1]] : 0, idx + 1);
		for (int k = 0; k < 2 && rc == 0; k++)
			rc = rtnl_up(nl[ends[k]], fin[k]);
		if (rc < 0)
			snprintf(err, cap, "veth %s (host %s) - %s (host %s): %s",
				 fin[0], c->hosts[ends[0]], fin[1],
				 c->hosts[ends[1]], strerror(errno));
	}
	for (size_t i = 0; i < c->naddrs && rc == 0; i++) {
		int h = c->addrs[i].host;
		rc = rtnl_addr(nl[h], "veth0", c->addrs[i].cidr);
		if (rc < 0)
			snprintf(err, cap, "address %s on host %s's veth0: %s",
				 c->addrs[i].cidr, c->hosts[h], strerror(errno));
	}
	/* Default routes (`route: HOST default via IP`), once the
	 * gateway's subnet is on the host's veth0: only ever in the case's
	 * own namespaces, through the sockets opened there */
	for (size_t i = 0; i < c->nroutes && rc == 0; i++) {
		int h = c->routes[i].host;
		rc = rtnl_default_route(nl[h], c->routes[i].via);
		if (rc < 0)
			snprintf(err, cap, "default route via %s on host %s: %s",
				 c->routes[i].via, c->hosts[h], strerror(errno));
	}
	/* The case's first packet must not meet a queue not yet started:
	 * every end running (the kernel's link watch has run) before the
	 * case does. Its own work queue does it, later under load. */
	for (size_t h = 0; h < nh && rc == 0; h++)
		for (int k = 0; k < count[h] && rc == 0; k++) {
			char name[IFNAMSIZ];
			snprintf(name, sizeof name, "veth%d", k);
			rc = rtnl_wait_running(nl[h], name, 5 * run_slowdown());
			if (rc < 0)
				snprintf(err, cap, "host %s's %s not running: %s",
					 c->hosts[h], name, strerror(errno));
		}
	for (size_t h = 0; h < nh; h++)
		if (nl[h] >= 0)
			close(nl[h]);
	free(nl);
	free(count);
	return rc;
}

const char *links_unmet(const scase *c, char *buf, size_t cap)
{
	static const char *const veth[] = { "VETH", NULL };
	char lacks[64];
	if (c->nlinks == 0 || kconfig_missing(veth, lacks, sizeof lacks) <= 0)
		return NULL;
	snprintf(buf, cap, "needs veth links between its hosts: kernel lacks "
		 "%s (%s)", lacks, kconfig_source());
	return buf;
}

const char *needs_unmet(unsigned needs, char *buf, size_t cap)
{
	if ((needs & NEED_ROOT) && geteuid() != 0)
		return "needs root";
	if ((needs & NEED_STRACE) && !have_prog("strace"))
		return "needs strace: a traced step, and no strace on PATH";
	/* under TCG (vm/run) every upper bound is multiplied by the
	 * slowdown, which would hide a difference such a case is about */
	const char *slow = getenv("SOCKSPEC_SLOWDOWN");
	if ((needs & NEED_TIMING) && slow && strtod(slow, NULL) > 1.0) {
		snprintf(buf, cap, "needs timing: SOCKSPEC_SLOWDOWN=%s stretches "
			 "its bounds past the difference it checks", slow);
		return buf;
	}
	/* the options each family's cases need (vm/kernel.config): read
	 * from the kernel's configuration where there is one (kconfig/),
	 * else the family is tried with a socket */
	static const char *const can_opts[] = { "CAN", "CAN_RAW", "CAN_VCAN", NULL };
	static const char *const tipc_opts[] = { "TIPC", NULL };
	static const char *const rds_opts[] = { "RDS", "RDS_TCP", NULL };
	static const struct {
		unsigned bit; int fam, type; const char *n, *k;
		const char *const *opts;
	} vm[] = {
		{ NEED_VM_CAN, 29 /* AF_CAN */, SOCK_RAW, "vm:can", "AF_CAN", can_opts },
		{ NEED_VM_TIPC, 30 /* AF_TIPC */, SOCK_RDM, "vm:tipc", "AF_TIPC", tipc_opts },
		{ NEED_VM_RDS, 21 /* AF_RDS */, SOCK_SEQPACKET, "vm:rds", "AF_RDS", rds_opts },
	};
	for (size_t i = 0; i < sizeof vm / sizeof *vm; i++) {
		if (!(needs & vm[i].bit))
			continue;
		char lacks[256];
		int missing = kconfig_missing(vm[i].opts, lacks, sizeof lacks);
		if (missing > 0) {
			snprintf(buf, cap, "needs %s: kernel lacks %s (%s)",
				 vm[i].n, lacks, kconfig_source());
			return buf;
		}
		/* CAN_RAW = 1; TIPC and RDS take protocol 0 */
		int fd = socket(vm[i].fam, vm[i].type | SOCK_CLOEXEC,
				vm[i].fam == 29 ? 1 : 0);
		if (fd >= 0) {
			close(fd);
			continue;
		}
		if (errno != EAFNOSUPPORT && errno != EPROTONOSUPPORT &&
		    errno != ESOCKTNOSUPPORT)
			continue;
		if (missing == 0)
			/* configured, yet the family is not there: a module
			 * not loaded (no modprobe, no module tree) */
			snprintf(buf, cap, "needs %s: the kernel is configured "
				 "with it (%s) but has no %s: %s (module not "
				 "loaded?)", vm[i].n, kconfig_source(), vm[i].k,
				 errno_name(errno));
		else
			snprintf(buf, cap, "needs %s: host kernel has no %s",
				 vm[i].n, vm[i].k);
		return buf;
	}
	return NULL;
}
