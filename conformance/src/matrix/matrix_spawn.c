/*
 * matrix_spawn.c — the pieces every matrix run is made of, on the host
 * or inside a guest (matrix_inside.c): a word list, the name of a run's
 * files, starting a run with its log and waiting for it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "matrix_internal.h"

/* ---- small helpers shared with matrix_inside.c ---- */

char **words_split(const char *s, size_t *n)
{
	char **w = xmalloc((strlen(s ? s : "") / 2 + 2) * sizeof *w);
	size_t k = 0;
	for (const char *p = s ? s : ""; *p;) {
		p += strspn(p, " \t\n");
		size_t l = strcspn(p, " \t\n");
		if (l)
			w[k++] = strndup(p, l);
		p += l;
	}
	w[k] = NULL;
	*n = k;
	return w;
}

void words_free(char **w)
{
	for (size_t i = 0; w && w[i]; i++)
		free(w[i]);
	free(w);
}

char *matrix_run_name(const char *impl, const char *peer,
		      const char *kernel, const char *platform)
{
	char *s = xasprintf("%s%s%s@%s@%s", impl, peer ? "+" : "",
			    peer ? peer : "", kernel, platform);
	for (char *p = s; *p; p++)
		if (*p == '/' || *p == ':' || *p == ' ')
			*p = '_';
	return s;
}

int matrix_spawn(char *const argv[], const char *dir, const char *log,
		 pid_t *pid)
{
	pid_t parent = getpid();
	*pid = fork();
	if (*pid < 0)
		return -1;
	if (*pid == 0) {
		/* A matrix killed by itself (SIGTERM to its pid, not Ctrl-C to
		 * the whole group) must not leave a guest running: the run
		 * gets SIGTERM, so vm/run still cleans up after its qemu. */
		if (prctl(PR_SET_PDEATHSIG, SIGTERM) < 0 || getppid() != parent)
			_exit(126);
		if (dir && chdir(dir) < 0)
			_exit(126);
		if (log) {
			int fd = open(log, O_WRONLY | O_CREAT | O_APPEND |
				      O_CLOEXEC, 0644);
			if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
				_exit(126);
			int nul = open("/dev/null", O_RDONLY);
			if (nul >= 0)
				dup2(nul, 0);
		}
		execv(argv[0], argv);
		dprintf(2, "sockspec matrix: exec %s: %s\n", argv[0],
			strerror(errno));
		_exit(127);
	}
	return 0;
}

int matrix_wait(pid_t pid)
{
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

pid_t matrix_wait_any(int *status)
{
	int st;
	pid_t p;
	while ((p = waitpid(-1, &st, 0)) < 0)
		if (errno != EINTR)
			return -1;
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	return p;
}
