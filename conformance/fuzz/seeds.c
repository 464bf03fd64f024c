/*
 * seeds.c — seed corpora for the harness's fuzz targets, made from the
 * case tree at fuzz time (`make fuzz`), so they follow the cases and the
 * grammar instead of being a copy kept in the repository.
 *
 *     seeds CASES_DIR OUT_DIR
 *
 * OUT_DIR/fuzz_case/   every .case file as it is
 * OUT_DIR/fuzz_value/  every literal of every step and check, as its repr
 * OUT_DIR/fuzz_reply/  the reply lines a passing run would read: `ok V`
 *                      for each literal a step is checked against or
 *                      passes, `raise CLASS CODE 'MSG' (CHAIN) 'MODULE'`
 *                      for each `raises` check (with and without the
 *                      chain), one file a line and one transcript a case
 *
 * Files are named by a hash of their contents, so a literal that many
 * cases share is one seed. Prints "seeds: N case, N value, N reply".
 */
#include "lang/lang.h"

#include <errno.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *out;
static size_t ncase, nvalue, nreply, nbad;

/* Write data to OUT/dir/HASH unless it is there; 1 if new. */
static int put(const char *dir, const char *data, size_t len)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t k = 0; k < len; k++)
		h = (h ^ (unsigned char)data[k]) * 1099511628211ULL;
	char path[4096];
	snprintf(path, sizeof path, "%s/%s/%016llx", out, dir,
		 (unsigned long long)h);
	FILE *f = fopen(path, "wx");
	if (!f) {
		if (errno == EEXIST)
			return 0;
		fprintf(stderr, "seeds: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	if (fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "seeds: %s: write failed\n", path);
		exit(1);
	}
	return 1;
}

/* A growing transcript of one case's replies. */
typedef struct text {
	char *p;
	size_t len;
} text;

static void add_reply(text *t, const char *line)
{
	size_t l = strlen(line);
	char *s = malloc(l + 2);
	if (!s)
		abort();
	memcpy(s, line, l);
	s[l] = '\n';
	nreply += put("fuzz_reply", s, l + 1);
	free(s);
	char *p = realloc(t->p, t->len + l + 2);
	if (!p)
		abort();
	t->p = p;
	memcpy(t->p + t->len, line, l);
	t->p[t->len + l] = '\n';
	t->len += l + 1;
	t->p[t->len] = '\0';
}

static void add_value(text *t, const value *v)
{
	char *f = v_format(v);
	nvalue += put("fuzz_value", f, strlen(f));
	size_t l = strlen(f);
	char *line = malloc(l + 4);
	if (!line)
		abort();
	memcpy(line, "ok ", 3);
	memcpy(line + 3, f, l + 1);
	add_reply(t, line);
	free(line);
	free(f);
}

static void walk_expr(text *t, const expr *e)
{
	if (!e)
		return;
	if (e->kind == E_LITERAL && e->lit)
		add_value(t, e->lit);
	walk_expr(t, e->obj);
	walk_expr(t, e->index);
	for (size_t k = 0; k < e->nargs; k++)
		walk_expr(t, e->args[k]);
	for (size_t k = 0; k < e->nkw; k++)
		walk_expr(t, e->kwargs[k]);
}

/* The reply an adapter gives for a step that raises as k says. */
static void add_raise(text *t, const check *k)
{
	char code[32] = "None";
	long long n;
	if (k->has_code && !k->code_none) {
		if (!k->code_name)
			snprintf(code, sizeof code, "%lld", k->code);
		else if (const_by_name(k->code_name, &n) == 0)
			snprintf(code, sizeof code, "%lld", n);
	}
	value *msg = v_str(k->msg_re ? k->msg_re : "message",
			   strlen(k->msg_re ? k->msg_re : "message"));
	char *m = v_format(msg);
	v_free(msg);
	const char *mro[] = {k->exc, "OSError", "Exception"};
	value *chain = v_seq(V_TUPLE, 3);
	for (size_t i = 0; i < 3; i++)
		chain->items[i] = v_str(mro[i], strlen(mro[i]));
	char *ch = v_format(chain);
	v_free(chain);
	size_t cap = strlen(k->exc) + strlen(code) + strlen(m) + strlen(ch) + 64;
	char *line = malloc(cap);
	if (!line)
		abort();
	snprintf(line, cap, "raise %s %s %s", k->exc, code, m);
	add_reply(t, line);
	snprintf(line, cap, "raise %s %s %s %s 'builtins'", k->exc, code, m, ch);
	add_reply(t, line);
	free(line);
	free(m);
	free(ch);
}

static int one(const char *path, const struct stat *sb, int type,
	       struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	size_t l = strlen(path);
	if (type != FTW_F || l < 5 || strcmp(path + l - 5, ".case") != 0)
		return 0;
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "seeds: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	char *data = NULL;
	size_t len = 0, cap = 0, got;
	do {
		if (cap - len < 4096) {
			cap = cap ? 2 * cap : 8192;
			data = realloc(data, cap);
			if (!data)
				abort();
		}
		got = fread(data + len, 1, cap - len, f);
		len += got;
	} while (got > 0);
	fclose(f);
	ncase += put("fuzz_case", data, len);
	free(data);

	char err[1024];
	scase *c = case_load(path, err, sizeof err);
	if (!c) {
		/* a malformed case is a seed for the case target only */
		nbad++;
		return 0;
	}
	text t = {NULL, 0};
	for (size_t i = 0; i < c->nsteps; i++) {
		const step *st = &c->steps[i];
		walk_expr(&t, st->e);
		walk_expr(&t, st->chk.rhs);
		if (st->chk.kind == C_RAISES && st->chk.exc)
			add_raise(&t, &st->chk);
	}
	if (t.len)
		nreply += put("fuzz_reply", t.p, t.len);
	free(t.p);
	case_free(c);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: seeds CASES_DIR OUT_DIR\n");
		return 2;
	}
	out = argv[2];
	const char *dirs[] = {"fuzz_case", "fuzz_value", "fuzz_reply"};
	mkdir(out, 0777);
	for (size_t k = 0; k < 3; k++) {
		char p[4096];
		snprintf(p, sizeof p, "%s/%s", out, dirs[k]);
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			fprintf(stderr, "seeds: %s: %s\n", p, strerror(errno));
			return 1;
		}
	}
	if (nftw(argv[1], one, 16, FTW_PHYS) != 0) {
		fprintf(stderr, "seeds: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	printf("seeds: %zu case, %zu value, %zu reply (%zu cases malformed)\n",
	       ncase, nvalue, nreply, nbad);
	return 0;
}
