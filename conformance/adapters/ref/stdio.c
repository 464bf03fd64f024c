/*
 * stdio.c — the C program around libsockref, as socket.rst's echo
 * examples need it (1264-1266, 1293-1295: print('could not open socket');
 * sys.exit(1)), for the module calls print, stdout, sys_exit and
 * exit_status (conformance/README.md, the wire protocol).
 *
 * print is what a C program does: it writes to its standard output with
 * stdio (fputs, one '\n'). This adapter's stdout is the wire, so the first
 * print, stdout or sys_exit moves the wire to a duplicate descriptor and
 * puts a memfd under descriptor 1: the text goes through the C library's
 * own stdout stream, and stdout() takes what reached the descriptor.
 * Until then nothing changes (no extra descriptor for the cases that never
 * print).
 *
 * sys_exit is exit(3): C has no SystemExit to catch, so a child of the
 * adapter calls exit(ARG), and the adapter replies `raise SystemExit ARG`
 * (the code the program passed, as Python's SystemExit keeps it) and
 * keeps the status waitpid(2) saw for exit_status (an exit(256) is status
 * 0, as the kernel has it). What was printed is flushed before the fork,
 * so the child's exit() writes nothing twice.
 */
#include "adapter.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static FILE *wire;
static bool exited;	/* a sys_exit ran: exit_status is its status */
static int exit_st;

FILE *wire_out(void)
{
	return wire ? wire : stdout;
}

static value *os_failed(acall *c, const char *what)
{
	set_err(c->e, "OSError", true, errno, "%s: %s", what, strerror(errno));
	return NULL;
}

/* The wire to its own descriptor, a memfd under descriptor 1. */
static int capture(acall *c)
{
	int w, m;

	if (wire)
		return 0;
	fflush(stdout);
	w = fcntl(1, F_DUPFD_CLOEXEC, 3);
	if (w < 0)
		return os_failed(c, "dup"), -1;
	m = memfd_create("sockspec-stdout", MFD_CLOEXEC);
	if (m < 0 || !(wire = fdopen(w, "w"))) {
		os_failed(c, m < 0 ? "memfd_create" : "fdopen");
		if (m >= 0)
			close(m);
		close(w);
		return -1;
	}
	if (dup2(m, 1) < 0) {
		os_failed(c, "dup2");
		fclose(wire);
		wire = NULL;
		close(m);
		return -1;
	}
	close(m);
	return 0;
}

/* print(*args, sep=' ', end='\n'): str items as they are, other plain
 * values as Python's str() writes them (their repr: ints, None, bytes,
 * tuples); an object of the adapter has no C text. */
static value *do_print(acall *c)
{
	const value *sep = arg(c, SIZE_MAX, "sep"), *end = arg(c, SIZE_MAX, "end");
	const char *sp = " ", *en = "\n";

	/* sep and end are keyword-only: check_args is for the module's
	 * positional-or-keyword parameters */
	for (size_t i = 0; i < c->kw->len; i += 2) {
		const char *k = c->kw->items[i]->s;
		if (strcmp(k, "sep") != 0 && strcmp(k, "end") != 0) {
			set_err(c->e, "TypeError", false, 0, "'%s' is an invalid "
				"keyword argument for print()", k);
			return NULL;
		}
	}
	if ((sep && sep->kind != V_NONE && to_cstr(c, sep, &sp) < 0) ||
	    (end && end->kind != V_NONE && to_cstr(c, end, &en) < 0))
		return NULL;
	for (size_t i = 0; i < c->args->len; i++) {
		const value *v = c->args->items[i];
		if (v->kind == V_HANDLE) {
			set_err(c->e, "NotImplementedError", false, 0,
				"print() of <%s %lld>: no C text in the ref "
				"adapter", v->s, v->i);
			return NULL;
		}
	}
	if (capture(c) < 0)
		return NULL;
	for (size_t i = 0; i < c->args->len; i++) {
		const value *v = c->args->items[i];
		if (i)
			fputs(sp, stdout);
		if (v->kind == V_STR) {
			fwrite(v->s, 1, v->len, stdout);
		} else {
			char *s = v_format(v);
			fputs(s, stdout);
			free(s);
		}
	}
	fputs(en, stdout);
	return v_none();
}

/* stdout(): what was printed since the last stdout(), as a str; the
 * capture is emptied (each program of a case has its own output) */
static value *printed(acall *c)
{
	struct stat st;
	char *buf;
	ssize_t n;
	value *v;

	if (check_args(c, 0, 0, NULL) < 0 || capture(c) < 0)
		return NULL;
	if (fflush(stdout) != 0 || fstat(1, &st) < 0)
		return os_failed(c, "stdout");
	buf = malloc((size_t)st.st_size + 1);
	if (!buf)
		abort();
	n = pread(1, buf, (size_t)st.st_size, 0);
	if (n < 0) {
		free(buf);
		return os_failed(c, "pread");
	}
	v = v_str(buf, (size_t)n);
	free(buf);
	if (ftruncate(1, 0) < 0 || fseek(stdout, 0, SEEK_SET) < 0) {
		v_free(v);
		return os_failed(c, "ftruncate");
	}
	return v;
}

/* sys.exit(ARG): exit(ARG) in a child; SystemExit(ARG), its status kept */
static value *do_exit(acall *c)
{
	int code = 0, st;
	pid_t pid;
	const value *a = arg(c, 0, NULL);
	bool has_code = a && a->kind != V_NONE;

	if (check_args(c, 0, 1, NULL) < 0 ||
	    (has_code && to_int(c, a, &code) < 0) ||
	    capture(c) < 0)
		return NULL;
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return os_failed(c, "fork");
	if (pid == 0) {
		/* exit() gives a read stream's unread input back to its
		 * descriptor (a lseek on stdin, which the adapter shares with
		 * this child): the requests are the adapter's, not the child's */
		close(0);
		exit(code);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return os_failed(c, "waitpid");
	if (!WIFEXITED(st)) {
		set_err(c->e, "OSError", false, 0, "exit(%d): the child ended "
			"by signal %d", code, WTERMSIG(st));
		return NULL;
	}
	exited = true;
	exit_st = WEXITSTATUS(st);
	if (has_code)
		set_err(c->e, "SystemExit", true, code, "%d", code);
	else
		set_err(c->e, "SystemExit", false, 0, "%s", "");
	return NULL;
}

value *stdio_call(acall *c, bool *found)
{
	*found = true;
	if (strcmp(c->name, "print") == 0)
		return do_print(c);
	if (strcmp(c->name, "stdout") == 0)
		return printed(c);
	if (strcmp(c->name, "sys_exit") == 0)
		return do_exit(c);
	if (strcmp(c->name, "exit_status") == 0)
		return check_args(c, 0, 0, NULL) < 0 ? NULL
		       : exited ? v_int(exit_st) : v_none();
	*found = false;
	return NULL;
}
