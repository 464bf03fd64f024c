/* rds-tcp-accept-loss: a reproducer for RDS over TCP losing the first
 * datagram between two network namespaces, outside the sockspec harness
 * (conformance/KERNEL-FINDINGS.md says what it shows and why).
 *
 * Each round makes two fresh namespaces A (10.0.9.1) and B (10.0.9.2)
 * joined by a veth pair, binds an AF_RDS socket in each, sends one
 * datagram A -> B and waits for it in B for up to -w seconds. A datagram
 * that is not there after -t seconds (the case's 10 s) is reported with
 * both namespaces' evidence at that moment: RDS's global counters (as a
 * difference from the round's start), the RDS connections, RDS/TCP
 * sockets and queued messages each namespace sees, the namespace's
 * non-zero TcpExt counters and `ss -tino`. Then it keeps waiting, so a
 * late datagram is told from a lost one. Every round also says how many
 * accepted sockets B closed with unread data (TcpExt TCPAbortOnClose:
 * data A saw acknowledged, and RDS/TCP takes a TCP ACK for delivery)
 * and without (TCPAbortOnData). The parent keeps the time and enters
 * each namespace to collect the evidence, so a sendto blocked in RDS's
 * path handshake does not stop a round.
 *
 * Run as root where AF_RDS and rds_tcp exist (a vm/ guest):
 *   vm/run --kernel 6.1.0-56 -- build/kernel-repro/rds-tcp-accept-loss -n 50 -H 1
 * Options: -n ROUNDS (10), -t CASE_SECONDS (10), -w WAIT_SECONDS (40),
 * -H HOGS busy-looping processes beside it (0), -q only the summary and
 * failures. Exit status: 0 every datagram arrived within -t, 1 some did
 * not, 2 set-up failed. Needs iproute2's `ip` and `ss` on PATH.
 * `-D PID` prints only that evidence for process PID's namespace, the
 * global counters as they are (rds-case-watch.sh uses it on the
 * harness's own case). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <linux/rds.h>
#include <net/if.h>
#include <arpa/inet.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef AF_RDS
#define AF_RDS 21
#endif
#ifndef SOL_RDS
#define SOL_RDS 276
#endif

#define ADDR_A "10.0.9.1"
#define ADDR_B "10.0.9.2"
#define PORT_A 18401
#define PORT_B 18402
#define NCOUNTERS 128

/* What the two namespaces' processes and the parent share: stages move
 * forward only, so each side just waits for the number it needs. A: 1 in
 * its namespace, 3 link up, 4 sendto started, 5 sendto returned; B: 1 in
 * its namespace, 4 bound, 5 received; the parent: 2 veth made (a_stage),
 * 9 round over (b_stage). */
struct shared {
	atomic_int a_stage, b_stage;
	double send_start;      /* CLOCK_MONOTONIC when A called sendto */
	double send_end;        /* ... when it returned */
	double recv_at;         /* ... when B's recv returned the datagram */
	char fail[320];
};

static struct shared *sh;
static bool quiet;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void nap_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static void wait_stage(atomic_int *s, int want)
{
	while (atomic_load(s) < want)
		nap_ms(2);
}

static void failf(const char *what)
{
	snprintf(sh->fail, sizeof sh->fail, "%s: %s", what, strerror(errno));
	_exit(2);
}

/* One RDS_INFO_* table into a malloc'd buffer; returns the item count. */
static int rds_info(int fd, int which, void **buf, int *itemsz)
{
	socklen_t len = 0;
	*buf = NULL;
	for (int tries = 0; tries < 5; tries++) {
		int r = getsockopt(fd, SOL_RDS, which, *buf, &len);
		if (r >= 0) {
			*itemsz = r;
			return r ? (int)(len / (socklen_t)r) : 0;
		}
		if (errno != ENOSPC)
			return -1;
		free(*buf);
		*buf = malloc(len ? len : 1);
		if (!*buf)
			return -1;
	}
	return -1;
}

static void counters(int fd, struct rds_info_counter *out, int *n)
{
	void *buf;
	int sz;
	int k = rds_info(fd, RDS_INFO_COUNTERS, &buf, &sz);
	*n = 0;
	for (int i = 0; i < k && i < NCOUNTERS; i++)
		memcpy(&out[(*n)++], (char *)buf + (size_t)i * (size_t)sz,
		       sizeof *out);
	free(buf);
}

static const char *ip4(uint32_t a, char *b)
{
	return inet_ntop(AF_INET, &a, b, INET_ADDRSTRLEN);
}

static void dump_messages(int fd, int which, const char *title)
{
	void *buf;
	int sz;
	int k = rds_info(fd, which, &buf, &sz);
	printf("    %s: %d\n", title, k);
	for (int i = 0; i < k; i++) {
		struct rds_info_message *m =
			(void *)((char *)buf + (size_t)i * (size_t)sz);
		char l[INET_ADDRSTRLEN], f[INET_ADDRSTRLEN];
		printf("      seq %llu len %u %s:%u -> %s:%u flags %#x\n",
		       (unsigned long long)m->seq, m->len, ip4(m->laddr, l),
		       ntohs(m->lport), ip4(m->faddr, f), ntohs(m->fport),
		       m->flags);
	}
	free(buf);
}

/* Everything the namespace of the calling process shows; BASE are the
 * global counters at the round's start (NULL: print no counters; nbase
 * -1: print them as they are). */
static void dump_evidence(const char *who, const struct rds_info_counter *base,
			  int nbase)
{
	static const struct rds_info_counter zero[1];
	if (nbase < 0) {
		base = zero;
		nbase = 0;
	}
	int fd = socket(AF_RDS, SOCK_SEQPACKET, 0);
	if (fd < 0) {
		printf("  %s: socket(AF_RDS): %s\n", who, strerror(errno));
		return;
	}
	printf("  --- namespace %s ---\n", who);
	if (base) {
		struct rds_info_counter c[NCOUNTERS];
		int n;
		counters(fd, c, &n);
		printf(base == zero ? "    RDS counters (global, non-zero):" :
		       "    RDS counters changed this round (global):");
		for (int i = 0; i < n; i++) {
			uint64_t was = 0;
			for (int j = 0; j < nbase; j++)
				if (!strncmp((char *)base[j].name,
					     (char *)c[i].name,
					     sizeof c[i].name))
					was = base[j].value;
			if (c[i].value != was)
				printf(" %.32s=+%llu", (char *)c[i].name,
				       (unsigned long long)(c[i].value - was));
		}
		printf("\n");
	}
	void *buf;
	int sz;
	int k = rds_info(fd, RDS_INFO_CONNECTIONS, &buf, &sz);
	printf("    RDS connections: %d\n", k);
	for (int i = 0; i < k; i++) {
		struct rds_info_connection *c =
			(void *)((char *)buf + (size_t)i * (size_t)sz);
		char l[INET_ADDRSTRLEN], f[INET_ADDRSTRLEN];
		printf("      %s -> %s %.16s next_tx %llu next_rx %llu flags %#x\n",
		       ip4(c->laddr, l), ip4(c->faddr, f), c->transport,
		       (unsigned long long)c->next_tx_seq,
		       (unsigned long long)c->next_rx_seq, c->flags);
	}
	free(buf);
	k = rds_info(fd, RDS_INFO_TCP_SOCKETS, &buf, &sz);
	printf("    RDS/TCP sockets: %d\n", k);
	for (int i = 0; i < k; i++) {
		struct rds_info_tcp_socket *t =
			(void *)((char *)buf + (size_t)i * (size_t)sz);
		char l[INET_ADDRSTRLEN], f[INET_ADDRSTRLEN];
		printf("      %s:%u -> %s:%u hdr_rem %llu data_rem %llu "
		       "sent_nxt %u expected_una %u seen_una %u\n",
		       ip4(t->local_addr, l), ntohs(t->local_port),
		       ip4(t->peer_addr, f), ntohs(t->peer_port),
		       (unsigned long long)t->hdr_rem,
		       (unsigned long long)t->data_rem, t->last_sent_nxt,
		       t->last_expected_una, t->last_seen_una);
	}
	free(buf);
	dump_messages(fd, RDS_INFO_SEND_MESSAGES, "RDS send queue");
	dump_messages(fd, RDS_INFO_RETRANS_MESSAGES, "RDS retransmit queue");
	dump_messages(fd, RDS_INFO_RECV_MESSAGES, "RDS receive queues");
	close(fd);
	fflush(stdout);
	/* the namespace's own TCP MIB: a fresh namespace, so this round only */
	printf("    TcpExt (non-zero):");
	fflush(stdout);
	if (system("awk '/^TcpExt:/ { if (!h) { split($0, n); h = 1 } else "
		   "for (i = 2; i <= NF; i++) if ($i != 0) printf \" %s=%s\", "
		   "n[i], $i }' /proc/net/netstat; echo") != 0)
		printf(" (unreadable)\n");
	printf("    ss -tino:\n");
	fflush(stdout);
	if (system("ss -tino | sed 's/^/      /'") != 0)
		printf("      (ss failed)\n");
	fflush(stdout);
}

static void run_cmd(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static void run_cmd(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	if (system(cmd) != 0) {
		errno = EIO;
		failf(cmd);
	}
}

/* Address and link up in this namespace, then wait for the kernel's link
 * watch to mark it running (a qdisc not yet started drops packets). */
static void link_up(const char *dev, const char *cidr)
{
	run_cmd("ip addr add %s dev %s && ip link set %s up", cidr, dev, dev);
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", dev);
	for (int i = 0; i < 2000; i++) {
		if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0 &&
		    (ifr.ifr_flags & IFF_RUNNING))
			break;
		nap_ms(5);
	}
	close(fd);
}

static int rds_bound(const char *addr, int port)
{
	int fd = socket(AF_RDS, SOCK_SEQPACKET, 0);
	if (fd < 0)
		failf("socket(AF_RDS)");
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons((uint16_t)port) };
	inet_pton(AF_INET, addr, &sin.sin_addr);
	if (bind(fd, (struct sockaddr *)&sin, sizeof sin) < 0)
		failf("bind");
	return fd;
}

static void side_a(void)
{
	if (unshare(CLONE_NEWNET) < 0)
		failf("unshare(CLONE_NEWNET)");
	atomic_store(&sh->a_stage, 1);
	wait_stage(&sh->a_stage, 2); /* the parent made the veth pair */
	link_up("va", ADDR_A "/24");
	atomic_store(&sh->a_stage, 3);
	wait_stage(&sh->b_stage, 4); /* B bound and waiting */
	int fd = rds_bound(ADDR_A, PORT_A);
	struct sockaddr_in to = { .sin_family = AF_INET,
				  .sin_port = htons(PORT_B) };
	inet_pton(AF_INET, ADDR_B, &to.sin_addr);
	sh->send_start = now();
	atomic_store(&sh->a_stage, 4);
	if (sendto(fd, "over tcp", 8, 0, (struct sockaddr *)&to, sizeof to) != 8)
		failf("sendto");
	sh->send_end = now();
	atomic_store(&sh->a_stage, 5);
	/* the socket and the namespace stay until the round is over */
	wait_stage(&sh->b_stage, 9);
	_exit(0);
}

static void side_b(void)
{
	if (unshare(CLONE_NEWNET) < 0)
		failf("unshare(CLONE_NEWNET)");
	atomic_store(&sh->b_stage, 1);
	wait_stage(&sh->a_stage, 2);
	link_up("vb", ADDR_B "/24");
	wait_stage(&sh->a_stage, 3);
	int fd = rds_bound(ADDR_B, PORT_B);
	atomic_store(&sh->b_stage, 4);
	char buf[100];
	if (recv(fd, buf, sizeof buf, 0) != 8)
		failf("recv");
	sh->recv_at = now();
	atomic_store(&sh->b_stage, 5);
	wait_stage(&sh->b_stage, 9);
	_exit(0);
}

static pid_t fork_into(void (*fn)(void))
{
	pid_t p = fork();
	if (p == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		fn();
	}
	return p;
}

/* The evidence of PID's network namespace, from a child that enters it
 * (a sender blocked in sendto cannot speak for itself). */
static void dump_in(pid_t pid, const char *who,
		    const struct rds_info_counter *base, int nbase)
{
	fflush(stdout);
	pid_t p = fork();
	if (p == 0) {
		char path[64];
		snprintf(path, sizeof path, "/proc/%d/ns/net", (int)pid);
		int ns = open(path, O_RDONLY | O_CLOEXEC);
		if (ns < 0 || setns(ns, CLONE_NEWNET) < 0) {
			printf("  %s: setns: %s\n", who, strerror(errno));
			_exit(1);
		}
		dump_evidence(who, base, nbase);
		_exit(0);
	}
	if (p > 0)
		waitpid(p, NULL, 0);
}

static double g_case_s = 10, g_wait_s = 40;

/* A TcpExt counter of PID's network namespace (/proc/PID/net is that
 * namespace's), -1 unreadable. */
static long tcpext(pid_t pid, const char *name)
{
	char path[64], names[4096], vals[4096];
	snprintf(path, sizeof path, "/proc/%d/net/netstat", (int)pid);
	FILE *f = fopen(path, "r");
	long v = -1;
	if (!f)
		return -1;
	while (fgets(names, sizeof names, f) && fgets(vals, sizeof vals, f)) {
		if (strncmp(names, "TcpExt:", 7))
			continue;
		char *sn, *sv;
		char *n = strtok_r(names, " \n", &sn);
		char *x = strtok_r(vals, " \n", &sv);
		while (n && x) {
			if (!strcmp(n, name))
				v = atol(x);
			n = strtok_r(NULL, " \n", &sn);
			x = strtok_r(NULL, " \n", &sv);
		}
	}
	fclose(f);
	return v;
}

/* Per round: did B close accepted RDS/TCP sockets, and with unread
 * data (TCPAbortOnClose: data the sender saw acknowledged)? */
static long g_abort_close, g_abort_data;
static int g_rounds_abort_close;

/* Wait until *S reaches WANT, CLOCK_MONOTONIC passes DEADLINE or a
 * side gave up (failf). */
static bool reached(atomic_int *s, int want, double deadline)
{
	while (atomic_load(s) < want) {
		if (now() >= deadline || sh->fail[0])
			return false;
		nap_ms(2);
	}
	return true;
}

/* One round; returns seconds from sendto to arrival, -1 never, -2
 * set-up failed. */
static double round_once(void)
{
	memset(sh, 0, sizeof *sh);
	pid_t a = fork_into(side_a);
	pid_t b = fork_into(side_b);
	if (a < 0 || b < 0)
		return -2;
	double result = -2;
	double limit = now() + 60; /* set-up, generously under TCG */
	if (!reached(&sh->a_stage, 1, limit) || !reached(&sh->b_stage, 1, limit))
		goto over;
	/* different ifindexes at the two ends, as the harness does: equal
	 * ones make the second end's link event non-urgent (rtnl.c) */
	char cmd[256];
	snprintf(cmd, sizeof cmd,
		 "ip link add va index 100 netns %d type veth "
		 "peer name vb index 101 netns %d", (int)a, (int)b);
	if (system(cmd) != 0) {
		snprintf(sh->fail, sizeof sh->fail, "%.200s failed", cmd);
		goto over;
	}
	atomic_store(&sh->a_stage, 2);
	if (!reached(&sh->b_stage, 4, limit))
		goto over;
	/* RDS's counters are global: their value before the datagram */
	struct rds_info_counter base[NCOUNTERS];
	int nbase = 0;
	int fd = socket(AF_RDS, SOCK_SEQPACKET, 0);
	if (fd >= 0) {
		counters(fd, base, &nbase);
		close(fd);
	}
	if (!reached(&sh->a_stage, 4, limit))
		goto over;
	double t0 = sh->send_start;
	if (reached(&sh->b_stage, 5, t0 + g_case_s)) {
		result = sh->recv_at - t0;
		goto over;
	}
	printf("  not received %.0f s after sendto (sendto %s): evidence now\n",
	       g_case_s, atomic_load(&sh->a_stage) >= 5 ? "returned" :
	       "still blocked");
	dump_in(b, "B (receiver, 10.0.9.2)", base, nbase);
	dump_in(a, "A (sender, 10.0.9.1)", NULL, 0);
	result = reached(&sh->b_stage, 5, t0 + g_wait_s) ? sh->recv_at - t0
							  : -1;
	if (result < 0) {
		printf("  still not received %.0f s after sendto: evidence now\n",
		       g_wait_s);
		dump_in(b, "B (receiver, 10.0.9.2)", base, nbase);
		dump_in(a, "A (sender, 10.0.9.1)", NULL, 0);
	}
over:
	if (result != -2) {
		long c = tcpext(b, "TCPAbortOnClose");
		long d = tcpext(b, "TCPAbortOnData");
		if (!quiet || c > 0)
			printf("  B closed accepted sockets: %ld with unread data "
			       "(TCPAbortOnClose), %ld without (TCPAbortOnData)\n",
			       c, d);
		g_abort_close += c > 0 ? c : 0;
		g_abort_data += d > 0 ? d : 0;
		g_rounds_abort_close += c > 0;
	}
	if (result == -2)
		printf("  set-up failed: %s\n", sh->fail[0] ? sh->fail :
		       "a side did not get ready within 60 s");
	atomic_store(&sh->b_stage, 9);
	atomic_store(&sh->a_stage, 9);
	/* a side blocked in sendto or recv does not see the end: kill it */
	kill(a, SIGKILL);
	kill(b, SIGKILL);
	waitpid(a, NULL, 0);
	waitpid(b, NULL, 0);
	return result;
}

static void hog(void)
{
	for (volatile unsigned long x = 0;; x++)
		;
}

int main(int argc, char **argv)
{
	int rounds = 10, hogs = 0, opt;
	while ((opt = getopt(argc, argv, "n:t:w:H:qD:")) != -1) {
		switch (opt) {
		case 'D': /* only the evidence of process PID's namespace */
			setvbuf(stdout, NULL, _IOLBF, 0);
			dump_in((pid_t)atoi(optarg), optarg, NULL, -1);
			return 0;
		case 'n': rounds = atoi(optarg); break;
		case 't': g_case_s = atof(optarg); break;
		case 'w': g_wait_s = atof(optarg); break;
		case 'H': hogs = atoi(optarg); break;
		case 'q': quiet = true; break;
		default:
			fprintf(stderr, "usage: %s [-n ROUNDS] [-t CASE_S] "
				"[-w WAIT_S] [-H HOGS] [-q] | -D PID\n", argv[0]);
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return 2;
	pid_t hp[64];
	for (int i = 0; i < hogs && i < 64; i++)
		if ((hp[i] = fork()) == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			hog();
		}
	int late = 0, lost = 0, broken = 0;
	double worst = 0;
	for (int r = 1; r <= rounds; r++) {
		if (!quiet)
			printf("round %d\n", r);
		double t = round_once();
		if (t == -2)
			broken++;
		else if (t < 0)
			lost++;
		else if (t > g_case_s)
			late++;
		if (t > worst)
			worst = t;
		if (t >= 0 && (!quiet || t > g_case_s))
			printf("  round %d: received %.3f s after sendto "
			       "(sendto took %.3f s)\n", r, t,
			       sh->send_end ? sh->send_end - sh->send_start
					    : -1.0);
		else if (t == -1)
			printf("  round %d: never received within %.0f s\n", r,
			       g_wait_s);
	}
	for (int i = 0; i < hogs && i < 64; i++) {
		kill(hp[i], SIGKILL);
		waitpid(hp[i], NULL, 0);
	}
	printf("rds-tcp-accept-loss: %d rounds, %d lost (not within %.0f s), "
	       "%d late (after %.0f s), %d set-up failures, slowest arrival "
	       "%.3f s, %d hogs; B closed accepted sockets holding unread "
	       "data in %d rounds (%ld sockets), %ld without\n", rounds,
	       lost, g_wait_s, late, g_case_s, broken, worst, hogs,
	       g_rounds_abort_close, g_abort_close, g_abort_data);
	return broken ? 2 : (lost || late) ? 1 : 0;
}
