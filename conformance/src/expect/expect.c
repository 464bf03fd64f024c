/*
 * expect.c — reading expectation files: one entry a line,
 *
 *     CASE <TAB> OUTCOME [SCOPE...] <TAB> REASON
 *
 * where SCOPE words limit the entry to implementations, kernels and
 * platforms (impl=A,B  platform=P,Q  kernel>=6.12  kernel<6.12 ...).
 * Every fault is an error naming FILE:LINE: a silently ignored line
 * would be an expectation nobody enforces.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "expect.h"

static int bad(char *err, size_t cap, const char *file, int line,
	       const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static int bad(char *err, size_t cap, const char *file, int line,
	       const char *fmt, ...)
{
	int n = snprintf(err, cap, "%s:%d: ", file, line);
	va_list ap;
	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < cap)
		vsnprintf(err + n, cap - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

void xentry_free(xentry *e)
{
	free(e->file);
	free(e->name);
	free(e->family);
	for (size_t k = 0; k < e->nimpls; k++)
		free(e->impls[k]);
	free(e->impls);
	for (size_t k = 0; k < e->nplatforms; k++)
		free(e->platforms[k]);
	free(e->platforms);
	for (size_t k = 0; k < e->nkernel; k++)
		free(e->kernel[k].version);
	free(e->kernel);
	for (size_t k = 0; k < e->nversion; k++)
		free(e->version[k].version);
	free(e->version);
	free(e->reason);
	free(e->cause);
	memset(e, 0, sizeof *e);
}

static bool case_name_ok(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("/._-", *s))
			return false;
	return true;
}

/* "a,b,c" into a list of words; an empty word is an error */
static bool split_list(const char *s, char ***out, size_t *n)
{
	char *copy = xstrdup(s), *save = NULL;
	bool ok = *s && s[strlen(s) - 1] != ',' && !strstr(s, ",,") &&
		  *s != ',';
	for (char *w = strtok_r(copy, ",", &save); w && ok;
	     w = strtok_r(NULL, ",", &save)) {
		*out = xrealloc(*out, (*n + 1) * sizeof **out);
		(*out)[(*n)++] = xstrdup(w);
	}
	free(copy);
	return ok;
}

/* A pattern may narrow a family file's entry, never leave the family:
 * impl=cpython in ref.tsv is a mistake. Globs are judged by their
 * literal start. */
static bool pattern_in_family(const char *pat, const char *family)
{
	size_t l = strlen(family);
	if (strncmp(pat, family, l) != 0) {
		/* "r*" could still mean ref-musl; only a wholly literal
		 * prefix that differs is provably outside */
		size_t lit = strcspn(pat, "*?[");
		return lit < l && strncmp(pat, family, lit) == 0 &&
		       pat[lit] != '\0';
	}
	return pat[l] == '\0' || strchr("-:*?[@0123456789", pat[l]);
}

/* kernel<OP><VERSION> (and version<OP><VERSION>, word being the part
 * before OP): the version must start with a number; after the numeric
 * fields only a +suffix or -suffix may follow (6.12.117+deb12) */
static bool parse_bound(const char *w, const char *word, kbound *b)
{
	const char *p = w + strlen(word);
	static const char *const ops[] = { ">=", "<=", "=", "<", ">" };
	size_t k;
	for (k = 0; k < sizeof ops / sizeof ops[0]; k++)
		if (strncmp(p, ops[k], strlen(ops[k])) == 0)
			break;
	if (k == sizeof ops / sizeof ops[0])
		return false;
	p += strlen(ops[k]);
	if (!isdigit((unsigned char)*p) || kver_cmp(p, p) == -2)
		return false;
	/* the numeric part, then nothing or a +/- suffix */
	const char *q = p;
	while (isdigit((unsigned char)*q) ||
	       (strchr(".-+~", *q) && *q && isdigit((unsigned char)q[1])))
		q++;
	if (*q && *q != '+' && *q != '-')
		return false;
	snprintf(b->op, sizeof b->op, "%s", ops[k]);
	b->version = xstrdup(p);
	return true;
}

static int parse_scope_word(const char *family, const char *w, xentry *e,
			    const char *file, int line, char *err, size_t cap)
{
	if (strncmp(w, "impl=", 5) == 0) {
		if (e->nimpls)
			return bad(err, cap, file, line, "impl= given twice");
		if (!split_list(w + 5, &e->impls, &e->nimpls))
			return bad(err, cap, file, line,
				   "'%s': impl= takes a comma-separated list of "
				   "implementations", w);
		for (size_t k = 0; family && k < e->nimpls; k++)
			if (!pattern_in_family(e->impls[k], family))
				return bad(err, cap, file, line,
					   "impl=%s is not of the %s family this "
					   "file is for (put it in %s.tsv or "
					   "all.tsv)", e->impls[k], family,
					   e->impls[k]);
		return 0;
	}
	if (strncmp(w, "platform=", 9) == 0) {
		if (e->nplatforms)
			return bad(err, cap, file, line, "platform= given twice");
		if (!split_list(w + 9, &e->platforms, &e->nplatforms))
			return bad(err, cap, file, line,
				   "'%s': platform= takes a comma-separated list "
				   "such as i386-glibc,x86_64-musl", w);
		return 0;
	}
	if (strncmp(w, "version", 7) == 0) {
		kbound b;
		if (!parse_bound(w, "version", &b))
			return bad(err, cap, file, line,
				   "'%s': a version bound is version<OP>VERSION, "
				   "OP one of < <= = >= >, VERSION numeric "
				   "(3.10, 24.11.1)", w);
		e->version = xrealloc(e->version, (e->nversion + 1) * sizeof b);
		e->version[e->nversion++] = b;
		return 0;
	}
	if (strncmp(w, "kernel", 6) == 0) {
		kbound b;
		if (!parse_bound(w, "kernel", &b))
			return bad(err, cap, file, line,
				   "'%s': a kernel bound is kernel<OP>VERSION, "
				   "OP one of < <= = >= >, VERSION numeric "
				   "(6.12, 6.1.0-56, 6.12.117+deb12)", w);
		e->kernel = xrealloc(e->kernel, (e->nkernel + 1) * sizeof b);
		e->kernel[e->nkernel++] = b;
		return 0;
	}
	if (strncmp(w, "cause=", 6) == 0) {
		if (e->cause)
			return bad(err, cap, file, line, "cause= given twice");
		const char *c = w + 6;
		if (!*c || strspn(c, "abcdefghijklmnopqrstuvwxyz0123456789-") !=
			   strlen(c))
			return bad(err, cap, file, line, "'%s': cause= takes a "
				   "slug of a-z, 0-9 and '-'", w);
		e->cause = xstrdup(c);
		return 0;
	}
	if (strcmp(w, "as-peer") == 0) {
		if (!family)
			return bad(err, cap, file, line, "as-peer needs the "
				   "family of a NAME.tsv file, not all.tsv");
		if (e->as_peer)
			return bad(err, cap, file, line, "as-peer given twice");
		e->as_peer = true;
		return 0;
	}
	return bad(err, cap, file, line,
		   "unknown scope word '%s' (impl=, platform=, "
		   "kernel<OP>VERSION, version<OP>VERSION, as-peer, cause=)", w);
}

/* The reason must say where the document disagrees: socket.rst:LINE */
static bool cites_socket_rst(const char *r)
{
	for (const char *p = r; (p = strstr(p, "socket.rst:")); p++)
		if (isdigit((unsigned char)p[strlen("socket.rst:")]))
			return true;
	return false;
}

static int parse_fields(const char *family, const char *file, int lineno,
			char **col, xentry *e, char *err, size_t cap)
{
	if (!case_name_ok(col[0]))
		return bad(err, cap, file, lineno,
			   "'%s' is no case name (area/name)", col[0]);
	e->name = xstrdup(col[0]);
	char *save = NULL;
	char *w = strtok_r(col[1], " ", &save);
	if (!w)
		return bad(err, cap, file, lineno,
			   "no outcome (failed, broken, skipped, "
			   "unsupported or flaky)");
	if (strcmp(w, "failed") == 0)
		e->outcome = O_FAILED;
	else if (strcmp(w, "broken") == 0)
		e->outcome = O_BROKEN;
	else if (strcmp(w, "skipped") == 0)
		e->outcome = O_SKIPPED;
	else if (strcmp(w, "unsupported") == 0)
		e->outcome = O_UNSUPPORTED;
	else if (strcmp(w, "flaky") == 0)
		e->outcome = O_FLAKY;
	else
		return bad(err, cap, file, lineno, "outcome '%s' is none of "
			   "failed, broken, skipped, unsupported, flaky", w);
	while ((w = strtok_r(NULL, " ", &save)))
		if (parse_scope_word(family, w, e, file, lineno, err, cap) < 0)
			return -1;
	/* a version is known from the case's own hello: a skip is decided
	 * before there is one, and a partner's version is not recorded */
	if (e->nversion && e->outcome == O_SKIPPED)
		return bad(err, cap, file, lineno, "a version bound cannot "
			   "scope a skip (the version comes from the case's "
			   "hello)");
	if (e->nversion && e->as_peer)
		return bad(err, cap, file, lineno, "a version bound is about "
			   "the run's own implementation, not with as-peer");
	char *r = col[2];
	while (*r == ' ')
		r++;
	size_t l = strlen(r);
	while (l && r[l - 1] == ' ')
		r[--l] = '\0';
	if (!*r)
		return bad(err, cap, file, lineno, "%s: the reason is empty",
			   e->name);
	if (!cites_socket_rst(r))
		return bad(err, cap, file, lineno,
			   "%s: the reason cites no socket.rst:LINE", e->name);
	e->reason = xstrdup(r);
	return 0;
}

int expect_parse_line(const char *family, const char *file, int lineno,
		      char *line, xentry *out, char *err, size_t cap)
{
	memset(out, 0, sizeof *out);
	line[strcspn(line, "\r\n")] = '\0';
	const char *p = line + strspn(line, " \t");
	if (!*p || *p == '#')
		return 0;
	char *col[3];
	size_t ncol = 0;
	for (char *s = line;; ncol++) {
		char *t = strchr(s, '\t');
		if (ncol < 3)
			col[ncol] = s;
		if (!t) {
			ncol++;
			break;
		}
		*t = '\0';
		s = t + 1;
	}
	if (ncol != 3)
		return bad(err, cap, file, lineno,
			   "%zu tab-separated column%s; an entry is CASE, "
			   "OUTCOME [SCOPE...], REASON", ncol, ncol == 1 ? "" : "s");
	if (parse_fields(family, file, lineno, col, out, err, cap) < 0) {
		xentry_free(out);
		return -1;
	}
	out->file = xstrdup(file);
	out->line = lineno;
	out->family = family ? xstrdup(family) : NULL;
	return 1;
}

char *expect_path(void)
{
	const char *env = getenv("SOCKSPEC_EXPECTATIONS");
	if (env && *env)
		return xstrdup(env);
	return proj_path("conformance/expectations");
}

/* File names in messages and on the findings page are relative to the
 * project root, so the page is the same in every clone. */
static const char *shown(const char *path)
{
	size_t l = strlen(proj_root());
	if (strncmp(path, proj_root(), l) == 0 && path[l] == '/')
		return path + l + 1;
	return path;
}

static void scope_key(const xentry *e, char *buf, size_t cap)
{
	char impl[512], where[512];
	expect_impl_text(e, impl, sizeof impl);
	expect_where_text(e, where, sizeof where);
	snprintf(buf, cap, "%s|%s|%s", e->family ? e->family : "", impl,
		 where);
}

static int load_file(const char *path, const char *family, xset *set,
		     FILE *errf, char *err, size_t cap)
{
	FILE *f = fopen(path, "r");
	char msg[1024];
	if (!f) {
		snprintf(msg, sizeof msg, "%s: %s", shown(path), strerror(errno));
		fprintf(errf, "%s\n", msg);
		if (!err[0])
			snprintf(err, cap, "%s", msg);
		return -1;
	}
	char *line = NULL;
	size_t lcap = 0;
	int lineno = 0, rc = 0;
	while (getline(&line, &lcap, f) > 0) {
		xentry e;
		int r = expect_parse_line(family, shown(path), ++lineno, line, &e,
					  msg, sizeof msg);
		if (r == 0)
			continue;
		if (r > 0) {
			/* the same case twice with the same scope: which
			 * reason holds? */
			char k1[1100], k2[1100];
			scope_key(&e, k1, sizeof k1);
			for (size_t i = 0; i < set->n && r > 0; i++) {
				if (strcmp(set->v[i].name, e.name) != 0)
					continue;
				scope_key(&set->v[i], k2, sizeof k2);
				if (strcmp(k1, k2) == 0) {
					snprintf(msg, sizeof msg,
						 "%s:%d: %s is already expected "
						 "with the same scope at %s:%d",
						 e.file, e.line, e.name,
						 set->v[i].file, set->v[i].line);
					r = -1;
				}
			}
			if (r > 0) {
				set->v = xrealloc(set->v,
						  (set->n + 1) * sizeof *set->v);
				set->v[set->n++] = e;
				continue;
			}
			xentry_free(&e);
		}
		fprintf(errf, "%s\n", msg);
		if (!err[0])
			snprintf(err, cap, "%s", msg);
		rc = -1;
	}
	free(line);
	fclose(f);
	return rc;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int expect_load(const char *path, xset *set, FILE *errf, char *err,
		size_t cap)
{
	struct stat st;
	err[0] = '\0';
	if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode))
		return load_file(path, NULL, set, errf, err, cap);
	DIR *d = opendir(path);
	if (!d)
		return load_file(path, NULL, set, errf, err, cap);
	char **names = NULL;
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		if (l > 4 && strcmp(de->d_name + l - 4, ".tsv") == 0) {
			names = xrealloc(names, (n + 1) * sizeof *names);
			names[n++] = xstrdup(de->d_name);
		}
	}
	closedir(d);
	qsort(names, n, sizeof *names, by_name);
	int rc = 0;
	for (size_t k = 0; k < n; k++) {
		char *file = xasprintf("%s/%s", path, names[k]);
		names[k][strlen(names[k]) - 4] = '\0';
		const char *family = strcmp(names[k], "all") == 0 ? NULL
								  : names[k];
		if (load_file(file, family, set, errf, err, cap) < 0)
			rc = -1;
		free(file);
		free(names[k]);
	}
	free(names);
	return rc;
}

void xset_free(xset *set)
{
	for (size_t k = 0; k < set->n; k++)
		xentry_free(&set->v[k]);
	free(set->v);
	set->v = NULL;
	set->n = 0;
}
