/* ---- isolation: the program starts itself again in private namespaces,
 * ---- as sockspec runs a case */
#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

static int run_cmd(const char *cmd)
{
	int rc = system(cmd);
	if (rc != 0)
		limit("`%s` failed (%d)", cmd, rc);
	return rc;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0)
		limit("cannot write %s", path);
}

/* The hosts of a case of several: each a network namespace of its own
 * (`ip netns`, in this program's private mount namespace), joined as
 * sockspec joins them: each host names its veths veth0, veth1... in link
 * order, its addresses on its veth0, its default route through the
 * gateway. A step switches into its host's namespace first (setns: the
 * sockets it makes are that host's). */
static int host_ns[16];
static size_t nhost_ns;

static UNUSED void host(int h)
{
	if (nhost_ns && setns(host_ns[h], CLONE_NEWNET) < 0)
		limit("cannot enter host %d's network namespace", h);
}

static void topology(const char *const *hosts, const int *links,
		     const char *const *addrs, const char *const *routes)
{
	char cmd[512];
	int count[16] = { 0 };
	size_t nh = 0;
	while (hosts[nh] && nh < 16)
		nh++;
	for (size_t h = 0; h < nh; h++) {
		snprintf(cmd, sizeof cmd, "ip netns add repro_%s && ip -n "
			 "repro_%s link set lo up", hosts[h], hosts[h]);
		run_cmd(cmd);
	}
	for (int i = 0; links[i] >= 0; i += 2) {
		int a = links[i], b = links[i + 1];
		/* indexes of sockspec's choosing, one per end */
		snprintf(cmd, sizeof cmd, "ip link add veth%d netns repro_%s "
			 "index %d type veth peer name veth%d netns repro_%s "
			 "index %d && ip -n repro_%s link set veth%d up && ip "
			 "-n repro_%s link set veth%d up", count[a], hosts[a],
			 100 + i, count[b], hosts[b], 101 + i, hosts[a],
			 count[a], hosts[b], count[b]);
		run_cmd(cmd);
		count[a]++;
		count[b]++;
	}
	for (size_t i = 0; addrs[i]; i += 2) {
		snprintf(cmd, sizeof cmd, "ip -n repro_%s addr add %s dev "
			 "veth0%s", addrs[i], addrs[i + 1],
			 strchr(addrs[i + 1], ':') ? " nodad" : "");
		run_cmd(cmd);
	}
	for (size_t i = 0; routes[i]; i += 2) {
		snprintf(cmd, sizeof cmd, "ip -n repro_%s route add default "
			 "via %s", routes[i], routes[i + 1]);
		run_cmd(cmd);
	}
	/* every veth running, its queue attached, before the first step,
	 * as sockspec waits (until then `qdisc noop` drops what is sent) */
	for (size_t h = 0; h < nh; h++)
		for (int k = 0; k < count[h]; k++) {
			snprintf(cmd, sizeof cmd, "for i in $(seq 50); do s=$(ip "
				 "-n repro_%s link show veth%d); case $s in "
				 "*'qdisc noop'*) ;; *LOWER_UP*) exit 0 ;; esac; "
				 "sleep 0.1; done; exit 1", hosts[h], k);
			run_cmd(cmd);
		}
	for (size_t h = 0; h < nh; h++) {
		snprintf(cmd, sizeof cmd, "/run/netns/repro_%s", hosts[h]);
		if ((host_ns[h] = open(cmd, O_RDONLY | O_CLOEXEC)) < 0)
			limit("cannot open %s", cmd);
	}
	nhost_ns = nh;
	host(0);
}

/* A network namespace with only loopback up (a case of several hosts:
 * one each, topology() above), a mount namespace whose /tmp is a fresh
 * tmpfs and whose /etc/hosts, services, protocols are the case's
 * FIXTURES (name, text, ... NULL). REPRO_NO_ISOLATE=1: none of it. */
static UNUSED void isolate(char **argv, const char *locale,
			   const char *const *fixtures,
			   const char *const *hosts, const int *links,
			   const char *const *addrs,
			   const char *const *routes)
{
	const char *no = getenv("REPRO_NO_ISOLATE");
	fs_ascii = strcmp(locale, "C") == 0;
	if (no && strcmp(no, "1") == 0)
		return;
	if (!getenv("_REPRO_INSIDE")) {
		char self[4096];
		ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
		if (n < 0)
			limit("cannot read /proc/self/exe");
		self[n] = 0;
		setenv("_REPRO_INSIDE", "1", 1);
		setenv("LC_ALL", locale, 1);
		const char *av[64] = { "unshare", "-n", "-m", "-u" };
		int k = 4;
		if (geteuid() != 0)
			av[k++] = "-r";
		av[k++] = self;
		for (int i = 1; argv[i] && k < 62; i++)
			av[k++] = argv[i];
		av[k] = NULL;
		execvp("unshare", (char **)av);
		limit("cannot run unshare(1) (%s); run as root or set "
		      "REPRO_NO_ISOLATE=1", strerror(errno));
	}
	/* loopback starts down in a new network namespace */
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "lo");
	if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		limit("cannot read lo's flags");
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
		limit("cannot bring lo up");
	close(fd);
	/* a /run of its own: what it makes there (the fixtures, the hosts'
	 * namespaces) leaves nothing behind on the machine's */
	if (mount("repro", "/run", "tmpfs", 0, NULL) < 0)
		limit("cannot mount a tmpfs on /run");
	if (fixtures[0]) {
		mkdir("/run/repro", 0755);
		write_file("/run/repro/nsswitch.conf", "hosts: files\nnetworks: "
			   "files\nprotocols: files\nservices: files\n");
		write_file("/run/repro/resolv.conf",
			   "options timeout:1 attempts:1\n");
		const char *own[] = { "nsswitch.conf", "resolv.conf" };
		for (size_t i = 0; i < 2; i++) {
			char src[64], dst[64];
			snprintf(src, sizeof src, "/run/repro/%s", own[i]);
			snprintf(dst, sizeof dst, "/etc/%s", own[i]);
			if (mount(src, dst, NULL, MS_BIND, NULL) < 0)
				limit("cannot bind %s over %s", src, dst);
		}
		for (size_t i = 0; fixtures[i]; i += 2) {
			char src[64], dst[64];
			snprintf(src, sizeof src, "/run/repro/%s", fixtures[i]);
			snprintf(dst, sizeof dst, "/etc/%s", fixtures[i]);
			write_file(src, fixtures[i + 1]);
			if (mount(src, dst, NULL, MS_BIND, NULL) < 0)
				limit("cannot bind %s over %s", src, dst);
		}
	}
	if (mount("repro", "/tmp", "tmpfs", 0, NULL) < 0)
		limit("cannot mount a tmpfs on /tmp");
	if (hosts[0] && hosts[1])
		topology(hosts, links, addrs, routes);
}

/* isolate: nocap: CAP_SYS_ADMIN (21) out of every set */
static UNUSED void drop_sys_admin(void)
{
	struct { uint32_t version; int pid; } hdr = { 0x20080522, 0 };
	struct { uint32_t eff, perm, inh; } data[2];
	if (prctl(PR_CAPBSET_DROP, 21, 0, 0, 0) != 0 ||
	    syscall(SYS_capget, &hdr, data) != 0)
		limit("cannot drop CAP_SYS_ADMIN");
	data[0].eff &= ~(1u << 21);
	data[0].perm &= ~(1u << 21);
	data[0].inh &= ~(1u << 21);
	if (syscall(SYS_capset, &hdr, data) != 0)
		limit("cannot drop CAP_SYS_ADMIN (capset)");
}
