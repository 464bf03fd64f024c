/*
 * kconfig.c — the running kernel's configuration read once: the text of
 * a .config (from /proc/config.gz through gzip, or /boot/config-RELEASE)
 * kept whole, or the names of the module tree's built-in and loadable
 * modules. An option is there when its line says =y or =m; in a module
 * tree, when the module that option builds is listed (only options this
 * file knows the module of can be answered that way).
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/base.h"
#include "kconfig.h"

extern char **environ;

static bool loaded;
static char *source;     /* where it came from, NULL: nothing */
static char *config;     /* a .config's text, or NULL */
static char *modules;    /* "\nname\nname\n..." of a module tree, or NULL */

/* Everything fd holds, NUL-terminated; NULL when empty. */
static char *slurp_fd(int fd)
{
	size_t len = 0, cap = 65536;
	char *buf = xmalloc(cap);
	for (;;) {
		if (len + 1 >= cap)
			buf = xrealloc(buf, cap *= 2);
		ssize_t n = read(fd, buf + len, cap - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	if (len == 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

static char *slurp(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	char *s = slurp_fd(fd);
	close(fd);
	return s;
}

/* gzip -dc path (gzip on PATH: busybox has it too); NULL on failure */
static char *gunzip(const char *path)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) < 0)
		return NULL;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	char *argv[] = { "gzip", "-dc", (char *)path, NULL };
	pid_t pid;
	int rc = posix_spawnp(&pid, "gzip", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(p[1]);
	char *s = rc == 0 ? slurp_fd(p[0]) : NULL;
	close(p[0]);
	int st = 0;
	while (rc == 0 && waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (rc != 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		free(s);
		return NULL;
	}
	return s;
}

static bool gzipped(const char *path)
{
	unsigned char m[2] = { 0, 0 };
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	bool z = read(fd, m, 2) == 2 && m[0] == 0x1f && m[1] == 0x8b;
	close(fd);
	return z;
}

/* A .config's text as "\nLINE\n...LINE\n", so that every line, the
 * first and the last too, is found as "\nCONFIG_X=y\n". */
static char *read_config(const char *path)
{
	char *text = gzipped(path) ? gunzip(path) : slurp(path);
	if (!text)
		return NULL;
	char *wrapped = xasprintf("\n%s\n", text);
	free(text);
	return wrapped;
}

/* Append the module names of one list file (modules.builtin,
 * modules.dep: "kernel/net/can/can-raw.ko[.xz]..." at each line's
 * start) to *out as "\nname", '-' written '_' as modprobe does. */
static void add_module_names(const char *text, char **out, size_t *len)
{
	for (const char *l = text; l && *l; ) {
		const char *end = strpbrk(l, ":\n");
		size_t n = end ? (size_t)(end - l) : strlen(l);
		const char *slash = memrchr(l, '/', n);
		const char *b = slash ? slash + 1 : l;
		const char *ko = memmem(b, (size_t)(l + n - b), ".ko", 3);
		if (ko && ko > b) {
			size_t bl = (size_t)(ko - b);
			*out = xrealloc(*out, *len + bl + 3);
			(*out)[(*len)++] = '\n';
			for (size_t i = 0; i < bl; i++)
				(*out)[(*len)++] = b[i] == '-' ? '_' : b[i];
			(*out)[*len] = '\0';
		}
		l = strchr(l, '\n');
		if (l)
			l++;
	}
}

static char *read_module_tree(const char *dir)
{
	char *names = NULL;
	size_t len = 0;
	static const char *const lists[] = { "modules.builtin", "modules.dep" };
	bool any = false;
	for (size_t i = 0; i < 2; i++) {
		char *path = xasprintf("%s/%s", dir, lists[i]);
		char *text = slurp(path);
		free(path);
		if (!text)
			continue;
		any = true;
		add_module_names(text, &names, &len);
		free(text);
	}
	if (!any)
		return NULL;
	if (!names)
		names = xstrdup("");
	/* a closing newline, so every name is "\nname\n" */
	names = xrealloc(names, len + 2);
	names[len] = '\n';
	names[len + 1] = '\0';
	return names;
}

const char *kconfig_source(void)
{
	if (loaded)
		return source;
	loaded = true;
	const char *env = getenv("SOCKSPEC_KCONFIG");
	if (env && *env) {
		struct stat st;
		bool dir = stat(env, &st) == 0 && S_ISDIR(st.st_mode);
		if (strcmp(env, "none") != 0 &&
		    (dir ? (modules = read_module_tree(env)) != NULL :
			   (config = read_config(env)) != NULL))
			source = xstrdup(env);
		return source;
	}
	struct utsname u;
	if (uname(&u) < 0)
		return NULL;
	char *boot = xasprintf("/boot/config-%s", u.release);
	char *tree = xasprintf("/lib/modules/%s", u.release);
	if ((config = read_config("/proc/config.gz")))
		source = xstrdup("/proc/config.gz");
	else if ((config = read_config(boot)))
		source = xstrdup(boot);
	else if ((modules = read_module_tree(tree)))
		source = xstrdup(tree);
	free(boot);
	free(tree);
	return source;
}

/* the module an option builds, for a module tree (the options the
 * harness asks about) */
static const char *module_of(const char *opt)
{
	static const char *const map[][2] = {
		{ "CAN", "can" }, { "CAN_RAW", "can_raw" },
		{ "CAN_BCM", "can_bcm" }, { "CAN_ISOTP", "can_isotp" },
		{ "CAN_J1939", "can_j1939" }, { "CAN_VCAN", "vcan" },
		{ "TIPC", "tipc" }, { "RDS", "rds" }, { "RDS_TCP", "rds_tcp" },
		{ "VETH", "veth" }, { "DUMMY", "dummy" },
	};
	for (size_t i = 0; i < sizeof map / sizeof *map; i++)
		if (strcmp(map[i][0], opt) == 0)
			return map[i][1];
	return NULL;
}

/* 1 the kernel has opt, 0 it lacks it, -1 cannot tell */
static int has(const char *opt)
{
	char *y = xasprintf("\nCONFIG_%s=y\n", opt);
	char *m = xasprintf("\nCONFIG_%s=m\n", opt);
	int r = -1;
	if (config) {
		r = strstr(config, y) || strstr(config, m);
	} else if (modules && module_of(opt)) {
		char *name = xasprintf("\n%s\n", module_of(opt));
		r = strstr(modules, name) != NULL;
		free(name);
	}
	free(y);
	free(m);
	return r;
}

int kconfig_missing(const char *const *opts, char *buf, size_t cap)
{
	buf[0] = '\0';
	if (!kconfig_source())
		return -1;
	int missing = 0;
	size_t len = 0;
	for (size_t i = 0; opts[i]; i++) {
		int h = has(opts[i]);
		if (h < 0) {
			buf[0] = '\0';
			return -1;
		}
		if (h == 0 && len < cap) {
			len += (size_t)snprintf(buf + len, cap - len, "%sCONFIG_%s",
						missing ? ", " : "", opts[i]);
			missing++;
		} else if (h == 0) {
			missing++;
		}
	}
	return missing;
}
