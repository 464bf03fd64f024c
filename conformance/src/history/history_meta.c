/*
 * history_meta.c — what a run is recorded with besides its records:
 * where the database is, the sockspec commit, the case files' hashes.
 * Needs no SQLite.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "history_internal.h"
#include "lang/lang.h"

char *history_path(const char *opt, bool *named)
{
	*named = true;
	if (opt)
		return *opt ? xstrdup(opt) : NULL;
	const char *env = getenv("SOCKSPEC_HISTORY");
	if (env)
		return *env && strcmp(env, "off") != 0 ? xstrdup(env) : NULL;
	*named = false;
	return proj_path("build/history.sqlite");
}

char *history_run_path(const char *opt, const char *who)
{
	bool named;
	char *db = history_path(opt, &named);
	if (!db)
		return NULL;
	/* a case tree, adapter or expectations of the harness's own tests
	 * (or make mutate's mutants) are not the project's: their cells
	 * would mix with the real ones under the same names. Only --history
	 * FILE records them, not $SOCKSPEC_HISTORY, which make check sets
	 * for every test */
	static const char *const own[] = { "SOCKSPEC_CASES_DIR",
		"SOCKSPEC_ADAPTER_CMD", "SOCKSPEC_REF_ADAPTER",
		"SOCKSPEC_EXPECTATIONS" };
	for (size_t k = 0; !opt && k < sizeof own / sizeof *own; k++)
		if (getenv(own[k])) {
			free(db);
			return NULL;
		}
	if (!history_available()) {
		if (named)
			fprintf(stderr, "sockspec %s: history %s: this build "
				"has no SQLite; not recorded\n", who, db);
		free(db);
		return NULL;
	}
	if (db[0] != '/') {
		/* the matrix's runs start in the project root */
		char *cwd = getcwd(NULL, 0);
		if (cwd) {
			char *abs = xasprintf("%s/%s", cwd, db);
			free(db);
			db = abs;
			free(cwd);
		}
	}
	return db;
}

const char *history_commit(void)
{
	/* git describe at run time: it works in a fresh clone and names
	 * what is checked out now, dirty or not, where a value baked in at
	 * build time would go stale until the next rebuild */
	static char commit[128];
	static bool done;
	if (done)
		return commit;
	done = true;
	char *cmd = xasprintf("git -C '%s' describe --always --dirty "
			      "2>/dev/null", proj_root());
	FILE *p = popen(cmd, "r");
	free(cmd);
	if (!p)
		return commit;
	if (!fgets(commit, sizeof commit, p))
		commit[0] = '\0';
	commit[strcspn(commit, "\n")] = '\0';
	/* the git of a checkout it refuses (another owner) prints nothing */
	if (pclose(p) != 0)
		commit[0] = '\0';
	return commit;
}

int history_file_hash(const char *path, char hex[65])
{
	FILE *f = fopen(path, "rb");
	hex[0] = '\0';
	if (!f)
		return -1;
	sha256 s;
	sha256_init(&s);
	char buf[8192];
	size_t r;
	while ((r = fread(buf, 1, sizeof buf, f)) > 0)
		sha256_add(&s, buf, r);
	int bad = ferror(f);
	fclose(f);
	if (bad)
		return -1;
	sha256_hex(&s, hex);
	return 0;
}

void history_case_hash(const char *name, char hex[65])
{
	char *dir = cases_dir();
	char *path = xasprintf("%s/%s.case", dir, name);
	if (history_file_hash(path, hex) < 0)
		hex[0] = '\0';
	free(path);
	free(dir);
}

void hist_cell_clear(hist_cell *c)
{
	free(c->kase);
	free(c->impl);
	free(c->peer);
	free(c->kernel);
	free(c->platform);
	c->kase = c->impl = c->peer = c->kernel = c->platform = NULL;
}

void history_cells_free(hist_cell *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		hist_cell_clear(&c[i]);
	free(c);
}
