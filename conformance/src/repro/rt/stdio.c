/* ---- the program around the module (socket.rst:1264-1266): print()
 * ---- into a capture stdout() reads (this program's own output is the
 * ---- report), sys.exit() as exit(3) in a child, as the ref adapter does */
#include <sys/wait.h>
/*@ f_print f_stdout */
static sbuf_ printed;

static UNUSED V f_print(A *a)
{
	const char *sep = " ", *end = "\n";
	if (a->err)
		return a->err;
	for (size_t k = 0; k < a->nkw; k++)
		if (strcmp(a->kwname[k], "sep") && strcmp(a->kwname[k], "end"))
			return raise_("TypeError", false, 0, "'%s' is an "
				      "invalid keyword argument for print()",
				      a->kwname[k]);
	V s = arg(a, 99, "sep"), e = arg(a, 99, "end");
	if (s && s->k != K_NONE)
		TRY(to_cstr(s, &sep));
	if (e && e->k != K_NONE)
		TRY(to_cstr(e, &end));
	put(&printed, "%s", "");
	for (size_t i = 0; i < a->npos; i++) {
		V v = a->pos[i];
		put(&printed, "%s", i ? sep : "");
		/* str as it is, other values as str() writes them */
		if (v->k == K_STR)
			put(&printed, "%.*s", (int)v->n, v->s);
		else
			put(&printed, "%s", repr(v));
	}
	put(&printed, "%s", end);
	return NONE();
}

/* what was printed since the last stdout(), emptied */
static UNUSED V f_stdout(A *a)
{
	TRY(want(a, "stdout", 0, 0, NOKW));
	V v = STR(printed.s ? printed.s : "", printed.n);
	printed.n = 0;
	return v;
}
/*@ f_sys_exit f_exit_status */
static bool exited;
static int exit_st;

/* sys.exit(ARG): exit(ARG) in a child (C has no SystemExit to catch);
 * SystemExit(ARG), the status waitpid(2) saw kept for exit_status() */
static UNUSED V f_sys_exit(A *a)
{
	int code = 0, st;
	TRY(want(a, "exit", 0, 1, NOKW));
	V c = arg(a, 0, NULL);
	bool has = c && c->k != K_NONE;
	if (has)
		TRY(to_int(c, &code));
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		return from_errno();
	if (pid == 0)
		exit(code);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return from_errno();
	if (!WIFEXITED(st))
		return raise_("OSError", false, 0, "exit(%d): the child ended "
			      "by signal %d", code, WTERMSIG(st));
	exited = true;
	exit_st = WEXITSTATUS(st);
	return has ? raise_("SystemExit", true, code, "%d", code)
		   : raise_("SystemExit", false, 0, "%s", "");
}

static UNUSED V f_exit_status(A *a)
{
	TRY(want(a, "exit_status", 0, 0, NOKW));
	return exited ? INT(exit_st) : NONE();
}
