/*
 * t_fault.c — system calls that fail where they normally cannot. A
 * seccomp filter (installed in a child, with no privilege needed) makes
 * the kernel answer one chosen call with an error: fcntl(F_SETFL) on a
 * new socket, getsockopt(SO_ERROR) after a connect, poll() in a timeout
 * wait. The library must then report that error as OSError with its
 * errno (sockref.h: every failure is an sr_err) and leak nothing, instead
 * of going on as if the call had worked.
 */
#include "helpers.h"
#include "child.h"

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#if defined(__x86_64__)
#define NATIVE_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define NATIVE_ARCH AUDIT_ARCH_AARCH64
#endif

#define ANY_ARG (-1)

/* From now on, in this process, system call nr (when its argument argi
 * equals val, unless argi is ANY_ARG) fails with errno e. */
static void fail_syscall(long nr, int argi, unsigned int val, int e)
{
#ifdef NATIVE_ARCH
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NATIVE_ARCH, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned int)nr, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		/* the low 32 bits of the argument (little-endian) */
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 argi < 0 ? offsetof(struct seccomp_data, nr)
				  : offsetof(struct seccomp_data, args[0]) +
					    8 * (unsigned int)argi),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
			 argi < 0 ? (unsigned int)nr : val, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K,
			 SECCOMP_RET_ERRNO | ((unsigned int)e & SECCOMP_RET_DATA)),
	};
	struct sock_fprog prog = { sizeof f / sizeof f[0], f };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0)
		CSKIP("needs seccomp filters: %s", strerror(errno));
#else
	(void)nr, (void)argi, (void)val, (void)e;
	CSKIP("no seccomp architecture constant for this machine");
#endif
}

static void mode_failure_child(void *ctx)
{
	double timeout = 5.0;
	sr_sock *p[2] = { NULL, NULL };
	int fds;
	(void)ctx;

	/* a default timeout makes every new socket non-blocking */
	C_OK(sr_setdefaulttimeout(&timeout, ERR));
	fds = count_fds();
	fail_syscall(SYS_fcntl, 1, F_SETFL, EACCES);
	C_FAILS(SR_ERR_OSERROR, EACCES,
		sr_socket(AF_INET, SOCK_STREAM, 0, ERR) ? 0 : -1);
	C_FAILS(SR_ERR_OSERROR, EACCES,
		sr_socketpair(AF_UNIX, SOCK_STREAM, 0, p, ERR));
	CCHECK(count_fds() == fds);
}

ATF_TC_WITHOUT_HEAD(socket_mode_failure);
ATF_TC_BODY(socket_mode_failure, tc)
{
	/* socket.rst:634, 1139: a new socket takes the default timeout,
	 * which needs O_NONBLOCK on its descriptor; when that cannot be set
	 * the call fails with the errno, and the new descriptors are closed */
	run_in_child(0, mode_failure_child, NULL);
}

static void so_error_child(void *ctx)
{
	double timeout = 5.0;
	sr_sock *l, *c;
	sr_addr where;
	(void)ctx;

	C_OK((l = sr_socket(AF_INET, SOCK_STREAM, 0, ERR)) ? 0 : -1);
	C_OK(sr_addr_inet(&where, "127.0.0.1", 0, ERR));
	C_OK(sr_bind(l, &where, ERR));
	C_OK(sr_listen(l, 1, ERR));
	C_OK(sr_getsockname(l, &where, ERR));
	C_OK((c = sr_socket(AF_INET, SOCK_STREAM, 0, ERR)) ? 0 : -1);
	C_OK(sr_settimeout(c, &timeout, ERR));
	fail_syscall(SYS_getsockopt, 2, SO_ERROR, EIO);
	C_FAILS(SR_ERR_OSERROR, EIO, sr_connect(c, &where, ERR));
	sr_release(c);
	sr_release(l);
}

ATF_TC_WITHOUT_HEAD(connect_outcome_unreadable);
ATF_TC_BODY(connect_outcome_unreadable, tc)
{
	/* socket.rst:735, 1155: a connect in timeout mode learns its outcome
	 * from SO_ERROR; when that cannot be read, connect fails with the
	 * errno rather than reporting a connection it has not seen */
	run_in_child(0, so_error_child, NULL);
}

static void poll_failure_child(void *ctx)
{
	double timeout = 2.0;
	sr_sock *p[2];
	sr_bytes b = {0};
	(void)ctx;

	C_OK(sr_socketpair(AF_UNIX, SOCK_STREAM, 0, p, ERR));
	C_OK(sr_settimeout(p[1], &timeout, ERR));
#ifdef SYS_poll
	fail_syscall(SYS_poll, ANY_ARG, 0, ENOMEM);
#else
	fail_syscall(SYS_ppoll, ANY_ARG, 0, ENOMEM);
#endif
	C_FAILS(SR_ERR_OSERROR, ENOMEM, sr_recv(p[1], 16, 0, &b, ERR));
	sr_release(p[0]);
	sr_release(p[1]);
}

ATF_TC_WITHOUT_HEAD(timeout_wait_failure);
ATF_TC_BODY(timeout_wait_failure, tc)
{
	/* socket.rst:1150-1155: a timeout-mode wait that fails for a reason
	 * other than a signal is that failure (OSError with its errno), at
	 * once, not a timeout reported when the time is up */
	run_in_child(0, poll_failure_child, NULL);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, socket_mode_failure);
	ATF_TP_ADD_TC(tp, connect_outcome_unreadable);
	ATF_TP_ADD_TC(tp, timeout_wait_failure);
	return atf_no_error();
}
