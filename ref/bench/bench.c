/*
 * bench.c — what libsockref costs over raw system calls, as ratios measured
 * in one run (make bench):
 *
 *   pingpong  AF_UNIX stream, 1 byte each way, PINGS round trips
 *   bulk      BULK bytes one way through sendall / recv_into
 *
 * each done by raw syscalls, libsockref in blocking mode, libsockref in
 * timeout mode, and CPython's socket module (bench.py), RUNS times with the
 * variants interleaved so drift hits them all alike. Prints the median
 * times and one line per comparison: `ratio NAME VALUE`, the median time of
 * the variant divided by the median raw time.
 */
#include "sockref.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <math.h>
#include <unistd.h>

static long pings = 100000;
static long long bulk = 1LL << 30;
static int runs = 11;
#define CHUNK (1 << 20)

enum variant { RAW, BLOCKING, TIMEOUT, CPYTHON, NVARIANT };
static const char *variant_name[] = { "raw", "sockref_blocking",
				      "sockref_timeout", "cpython" };

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void fail(const char *what, const sr_err *e)
{
	if (e)
		fprintf(stderr, "bench: %s: %s\n", what, e->msg);
	else
		fprintf(stderr, "bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* ---- one side of each workload, per variant ------------------------- */

struct side {
	enum variant v;
	int fd;       /* RAW */
	sr_sock *s;   /* BLOCKING, TIMEOUT */
	bool sender;  /* bulk: sends, or receives */
};

static void pong_raw(int fd, bool first)
{
	char c = 'x';
	for (long i = 0; i < pings; i++) {
		if (first && send(fd, &c, 1, MSG_NOSIGNAL) != 1)
			fail("send", NULL);
		if (recv(fd, &c, 1, 0) != 1)
			fail("recv", NULL);
		if (!first && send(fd, &c, 1, MSG_NOSIGNAL) != 1)
			fail("send", NULL);
	}
}

static void pong_sockref(sr_sock *s, bool first)
{
	sr_bytes b;
	sr_err e;
	for (long i = 0; i < pings; i++) {
		if (first && sr_send(s, "x", 1, 0, &e) != 1)
			fail("send", &e);
		if (sr_recv(s, 1, 0, &b, &e) < 0 || b.len != 1)
			fail("recv", &e);
		sr_bytes_free(&b);
		if (!first && sr_send(s, "x", 1, 0, &e) != 1)
			fail("send", &e);
	}
}

static void bulk_raw(int fd, bool sender, unsigned char *buf)
{
	long long done = 0;
	while (done < bulk) {
		ssize_t n;
		if (sender) {
			size_t off = 0;
			while (off < CHUNK) {
				n = send(fd, buf + off, CHUNK - off,
					 MSG_NOSIGNAL);
				if (n < 0)
					fail("send", NULL);
				off += (size_t)n;
			}
			done += CHUNK;
		} else {
			n = recv(fd, buf, CHUNK, 0);
			if (n <= 0)
				fail("recv", NULL);
			done += n;
		}
	}
}

static void bulk_sockref(sr_sock *s, bool sender, unsigned char *buf)
{
	long long done = 0;
	sr_err e;
	while (done < bulk) {
		if (sender) {
			if (sr_sendall(s, buf, CHUNK, 0, &e) < 0)
				fail("sendall", &e);
			done += CHUNK;
		} else {
			ssize_t n = sr_recv_into(s, buf, CHUNK, 0, 0, &e);
			if (n <= 0)
				fail("recv_into", &e);
			done += n;
		}
	}
}

struct job {
	bool pingpong;
	struct side side;
	bool first;
};

static void *run_side(void *arg)
{
	struct job *j = arg;
	unsigned char *buf = NULL;
	if (!j->pingpong) {
		buf = malloc(CHUNK);
		if (buf == NULL)
			fail("malloc", NULL);
		memset(buf, 0x5a, CHUNK);
	}
	if (j->side.v == RAW) {
		if (j->pingpong)
			pong_raw(j->side.fd, j->first);
		else
			bulk_raw(j->side.fd, j->side.sender, buf);
	} else {
		if (j->pingpong)
			pong_sockref(j->side.s, j->first);
		else
			bulk_sockref(j->side.s, j->side.sender, buf);
	}
	free(buf);
	return NULL;
}

/* One timed run of a C variant: two threads, one per end of a pair. */
static double run_c(enum variant v, bool pingpong)
{
	struct job a = { .pingpong = pingpong, .first = true },
		   b = { .pingpong = pingpong, .first = false };
	pthread_t ta, tb;
	double t0, t1;
	sr_sock *pair[2] = { NULL, NULL };
	int fds[2];
	sr_err e;

	if (v == RAW) {
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) < 0)
			fail("socketpair", NULL);
		a.side.fd = fds[0];
		b.side.fd = fds[1];
	} else {
		double t = 30.0;
		if (sr_socketpair(AF_UNIX, SOCK_STREAM, 0, pair, &e) < 0)
			fail("socketpair", &e);
		if (v == TIMEOUT && (sr_settimeout(pair[0], &t, &e) < 0 ||
				     sr_settimeout(pair[1], &t, &e) < 0))
			fail("settimeout", &e);
		a.side.s = pair[0];
		b.side.s = pair[1];
	}
	a.side.v = b.side.v = v;
	a.side.sender = true;
	b.side.sender = false;

	t0 = now();
	pthread_create(&ta, NULL, run_side, &a);
	pthread_create(&tb, NULL, run_side, &b);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	t1 = now();

	if (v == RAW) {
		close(fds[0]);
		close(fds[1]);
	} else {
		sr_release(pair[0]);
		sr_release(pair[1]);
	}
	return t1 - t0;
}

/* One timed run of CPython: the script measures inside the interpreter and
 * prints the seconds, so interpreter start-up is not counted. */
static double run_python(const char *script, bool pingpong)
{
	char cmd[512];
	double secs = -1;
	FILE *p;
	snprintf(cmd, sizeof cmd, "python3 %s %s %lld", script,
		 pingpong ? "pingpong" : "bulk",
		 pingpong ? (long long)pings : bulk);
	p = popen(cmd, "r");
	if (p == NULL || fscanf(p, "%lf", &secs) != 1)
		secs = -1;
	if (p && pclose(p) != 0)
		secs = -1;
	return secs;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void workload(const char *name, bool pingpong, const char *script)
{
	double t[NVARIANT][64], med[NVARIANT];
	bool python = script != NULL;

	for (int r = 0; r < runs; r++)
		for (int k = 0; k < NVARIANT; k++) {
			/* rotate the order each run: no variant always goes
			 * first, right after thread start-up or a Python run */
			int v = (k + r) % NVARIANT;
			if (v == CPYTHON) {
				if (python)
					t[v][r] = run_python(script, pingpong);
				if (python && t[v][r] < 0) {
					fprintf(stderr, "bench: python3 %s "
						"failed; CPython left out\n",
						script);
					python = false;
				}
				continue;
			}
			t[v][r] = run_c((enum variant)v, pingpong);
			if (isatty(2))
				fprintf(stderr, "\r%s: run %d/%d", name,
					r + 1, runs);
		}
	if (isatty(2))
		fprintf(stderr, "\n");
	for (int v = 0; v < NVARIANT; v++) {
		if (v == CPYTHON && !python)
			continue;
		med[v] = median(t[v], runs);
		printf("time %s_%s %.4f s (median of %d)\n", name,
		       variant_name[v], med[v], runs);
	}
	for (int v = BLOCKING; v < NVARIANT; v++)
		if (v != CPYTHON || python)
			printf("ratio %s_%s %.3f\n", name, variant_name[v],
			       med[v] / med[RAW]);
}

/* Both ends on one CPU, for this process and the Python it starts. */
static void pin_to_one_cpu(void)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	if (sched_getaffinity(0, sizeof set, &set) == 0) {
		int cpu = 0;
		while (cpu < CPU_SETSIZE && !CPU_ISSET(cpu, &set))
			cpu++;
		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		sched_setaffinity(0, sizeof set, &set);
	}
}

int main(int argc, char **argv)
{
	const char *script = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--python") && i + 1 < argc)
			script = argv[++i];
		else if (!strcmp(argv[i], "--pings") && i + 1 < argc)
			pings = atol(argv[++i]);
		else if (!strcmp(argv[i], "--bulk-mib") && i + 1 < argc)
			bulk = atoll(argv[++i]) << 20;
		else if (!strcmp(argv[i], "--runs") && i + 1 < argc)
			runs = atoi(argv[++i]);
		else {
			fprintf(stderr, "usage: bench [--python bench.py] "
				"[--pings N] [--bulk-mib N] [--runs N]\n");
			return 2;
		}
	}
	if (runs < 1 || runs > 64 || pings < 1 || bulk < CHUNK) {
		fprintf(stderr, "bench: runs must be 1..64, pings >= 1, "
			"bulk >= 1 MiB\n");
		return 2;
	}
	pin_to_one_cpu();
	printf("# pingpong: %ld round trips of 1 byte; bulk: %lld MiB; "
	       "AF_UNIX stream; %d interleaved runs\n", pings, bulk >> 20,
	       runs);
	workload("pingpong", true, script);
	workload("bulk", false, script);
	return 0;
}
