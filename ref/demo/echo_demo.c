/*
 * echo_demo.c — the documentation's IPv4 echo server and client
 * (socket.rst:1203-1232) written with libsockref, over loopback.
 *
 * As root the demo first enters a private network namespace, so it can use
 * the example's own HOST = '' and PORT = 50007 without touching the host's
 * network; otherwise it binds 127.0.0.1 with a port the kernel picks. The
 * client connects to 127.0.0.1 instead of 'daring.cwi.nl'.
 */
#include "sockref.h"

#include <net/if.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static sr_sock *listener;

static void die(const char *what, const sr_err *e)
{
	fprintf(stderr, "demo: %s: %s: %s\n", what, sr_errkind_name(e->kind),
		e->msg);
	exit(1);
}

/* A fresh network namespace has its loopback down. */
static int enter_private_netns(void)
{
	struct ifreq ifr = {0};
	int fd;
	if (unshare(CLONE_NEWNET) < 0)
		return -1;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	strcpy(ifr.ifr_name, "lo");
	ifr.ifr_flags = IFF_UP | IFF_LOOPBACK | IFF_RUNNING;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0) {
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static void *echo_server(void *arg)
{
	sr_err e;
	sr_addr peer;
	char text[128];
	sr_sock *conn = sr_accept(listener, &peer, &e);
	(void)arg;
	if (conn == NULL)
		die("accept", &e);
	sr_addr_format(&peer, text, sizeof text);
	printf("Connected by %s\n", text);
	for (;;) {
		sr_bytes data;
		if (sr_recv(conn, 1024, 0, &data, &e) < 0)
			die("recv", &e);
		if (data.len == 0) {
			sr_bytes_free(&data);
			break;
		}
		if (sr_sendall(conn, data.data, data.len, 0, &e) < 0)
			die("sendall", &e);
		sr_bytes_free(&data);
	}
	sr_close(conn, NULL);
	sr_release(conn);
	return NULL;
}

int main(void)
{
	const char *host = "";
	long long port = 50007;
	sr_addr addr, bound;
	sr_bytes data;
	sr_err e;
	pthread_t server;
	sr_sock *s;

	if (enter_private_netns() < 0) {
		host = "127.0.0.1";
		port = 0;
	}
	/* the server */
	listener = sr_socket(AF_INET, SOCK_STREAM, 0, &e);
	if (listener == NULL)
		die("socket", &e);
	if (sr_addr_inet(&addr, host, port, &e) < 0 ||
	    sr_bind(listener, &addr, &e) < 0 || sr_listen(listener, 1, &e) < 0 ||
	    sr_getsockname(listener, &bound, &e) < 0)
		die("server setup", &e);
	if (pthread_create(&server, NULL, echo_server, NULL) != 0)
		return 1;

	/* the client */
	s = sr_socket(AF_INET, SOCK_STREAM, 0, &e);
	if (s == NULL)
		die("socket", &e);
	if (sr_addr_inet(&addr, "127.0.0.1", bound.u.in.port, &e) < 0 ||
	    sr_connect(s, &addr, &e) < 0)
		die("connect", &e);
	if (sr_sendall(s, "Hello, world", 12, 0, &e) < 0)
		die("sendall", &e);
	if (sr_recv(s, 1024, 0, &data, &e) < 0)
		die("recv", &e);
	sr_close(s, NULL);
	sr_release(s);
	printf("Received b'%.*s'\n", (int)data.len, (const char *)data.data);
	sr_bytes_free(&data);

	pthread_join(server, NULL);
	sr_close(listener, NULL);
	sr_release(listener);
	return 0;
}
