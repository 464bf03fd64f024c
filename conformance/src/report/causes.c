/*
 * causes.c — a column's cells that did not pass, grouped by cause: the
 * first failing step's reason, normalised so that one cause met in many
 * cases is one line ("bind(): expected a value, got TypeError(None,
 * 'AF_INET address must be tuple, not str')": 140 cases). The key keeps
 * the function the step calls, the kind of what was expected (a value,
 * raises CLASS, its time bound) and what came instead (an exception's
 * class, code and message with numbers as N; "another value" for a
 * value), and drops the case's own names and literals. An xfail's
 * reason is its expectation's: the key is read from its detail, the
 * step that failed.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_model.h"

/* the function a step calls first (`s.recv(3)` → recv), else its last
 * name (`socket.AF_CAN is int` → AF_CAN) */
static void step_func(const char *step, char *out, size_t cap)
{
	const char *p = step;
	if (*p == '@')
		p += strcspn(p, " ") + strspn(p + strcspn(p, " "), " ");
	const char *eq = strstr(p, " = ");
	const char *par = strchr(p, '(');
	if (eq && (!par || eq < par))
		p = eq + 3;
	/* a call: '(' right after a name, not a tuple literal's */
	par = p;
	while ((par = strchr(par, '(')) && par > p &&
	       !(isalnum((unsigned char)par[-1]) || par[-1] == '_'))
		par++;
	if (par == p)
		par = NULL;
	const char *end = par ? par : p + strcspn(p, " ");
	const char *b = end;
	while (b > p && (isalnum((unsigned char)b[-1]) || b[-1] == '_'))
		b--;
	snprintf(out, cap, "%.*s%s", (int)(end - b), b, par ? "()" : "");
}

/* text with every run of digits as N (inside an exception's message) */
static void digits_n(const char *s, size_t len, char *out, size_t cap)
{
	size_t o = 0;
	for (size_t i = 0; i < len && o + 2 < cap; i++) {
		if (isdigit((unsigned char)s[i])) {
			out[o++] = 'N';
			while (i + 1 < len && isdigit((unsigned char)s[i + 1]))
				i++;
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
}

void cause_key(const cell *c, char *out, size_t cap)
{
	const char *r = c->outcome == O_XFAIL || c->outcome == O_XPASS ?
			cell_detail(c) : c->reason;
	/* an xpass has no failed step: the expectation it beat */
	if (!*r)
		r = *c->reason ? c->reason : outcome_name((outcome)c->outcome);
	char fn[96] = "", got[256] = "";
	/* "LINE: STEP: expected E, got G" */
	const char *colon = isdigit((unsigned char)*r) ? strstr(r, ": ") : NULL;
	const char *exp = colon ? strstr(colon, ": expected ") : NULL;
	const char *g = exp ? strstr(exp, ", got ") : NULL;
	if (!exp) {
		/* a broken case or a hang: the reason itself, numbers as N */
		const char *t = colon && strstr(colon + 2, ": ") ?
				strstr(colon + 2, ": ") + 2 : r;
		char step[160] = "";
		if (colon && t != r) {
			snprintf(step, sizeof step, "%.*s",
				 (int)(t - 2 - (colon + 2)), colon + 2);
			step_func(step, fn, sizeof fn);
		}
		if (strstr(t, "no reply"))
			snprintf(got, sizeof got, "no reply within its bound "
				 "(hangs)");
		else
			digits_n(t, strcspn(t, "(") < 120 ? strcspn(t, "(") : 120,
				 got, sizeof got);
		snprintf(out, cap, "%s%s%s", fn, fn[0] ? ": " : "", got);
		return;
	}
	char step[160];
	snprintf(step, sizeof step, "%.*s", (int)(exp - (colon + 2)), colon + 2);
	step_func(step, fn, sizeof fn);
	const char *e = exp + 11;
	size_t elen = g ? (size_t)(g - e) : strlen(e);
	char ekind[96];
	if (strncmp(e, "raises ", 7) == 0) {
		size_t k = 7 + strcspn(e + 7, "( ,");
		if (strncmp(e + 7, "exactly ", 8) == 0)
			k = 15 + strcspn(e + 15, "( ,");
		snprintf(ekind, sizeof ekind, "%.*s", (int)k, e);
	} else if (strncmp(e, "within ", 7) == 0) {
		snprintf(ekind, sizeof ekind, "its time bound");
	} else if (strncmp(e, "issues ", 7) == 0) {
		snprintf(ekind, sizeof ekind, "%.*s", (int)(elen < 60 ? elen : 60), e);
	} else {
		snprintf(ekind, sizeof ekind, "a value");
	}
	if (!g) {
		snprintf(out, cap, "%s: expected %s", fn, ekind);
		return;
	}
	g += 6;
	/* an exception: CLASS(CODE, 'message') */
	size_t cl = 0;
	while (isalnum((unsigned char)g[cl]) || g[cl] == '_')
		cl++;
	if (cl && isupper((unsigned char)g[0]) == 0 && strncmp(g, "timeout", 7) &&
	    strncmp(g, "gaierror", 8) && strncmp(g, "herror", 6))
		cl = 0;
	if (cl && g[cl] == '(') {
		size_t gl = strcspn(g, "[");
		while (gl > cl && g[gl - 1] == ' ')
			gl--;
		digits_n(g + cl, gl < 200 ? gl - cl : 200 - cl, got, sizeof got);
		snprintf(out, cap, "%s: expected %s, got %.*s%s", fn, ekind,
			 (int)cl, g, got);
		/* keep the code as it came: errno numbers mean something */
		const char *code = g + cl + 1;
		size_t cn = strcspn(code, ",)");
		char *at = strstr(out, ", got ");
		if (at) {
			char tail[256];
			snprintf(tail, sizeof tail, "%.*s(%.*s%s", (int)cl, g,
				 (int)cn, code, strchr(got, ',') ?
				 strchr(got, ',') : ")");
			snprintf(at + 6, cap - (size_t)(at + 6 - out), "%s", tail);
		}
		return;
	}
	if (strncmp(g, "timeout: no reply", 17) == 0 ||
	    strstr(g, "no reply from host"))
		snprintf(out, cap, "%s: expected %s, got no reply (hangs)", fn,
			 ekind);
	else if (strncmp(g, "system calls", 12) == 0)
		snprintf(out, cap, "%s: expected %s, got other system calls", fn,
			 ekind);
	else
		snprintf(out, cap, "%s: expected %s, got %s", fn, ekind,
			 strncmp(ekind, "raises", 6) == 0 ? "a value" :
			 strcmp(ekind, "its time bound") == 0 ? "another time" :
			 "another value");
}

static int by_key(const void *a, const void *b)
{
	const ccause *x = a, *y = b;
	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->key, y->key);
}

size_t causes_of_column(const report *rp, size_t col, ccause **out)
{
	ccause *v = NULL;
	size_t n = 0;
	for (size_t i = 0; i < rp->nrows; i++) {
		const cell *c = rp->rows[i].at[col];
		if (!c || c->outcome == O_PASSED || c->outcome == O_SKIPPED)
			continue;
		char key[512];
		cause_key(c, key, sizeof key);
		size_t k = 0;
		while (k < n && strcmp(v[k].key, key) != 0)
			k++;
		if (k == n) {
			v = xrealloc(v, (n + 1) * sizeof *v);
			v[n].key = xstrdup(key);
			v[n].cases = NULL;
			v[n].n = 0;
			n++;
		}
		v[k].cases = xrealloc(v[k].cases, (v[k].n + 1) * sizeof *v[k].cases);
		v[k].cases[v[k].n++] = c->case_name;
	}
	qsort(v, n, sizeof *v, by_key);
	*out = v;
	return n;
}

void causes_free_list(ccause *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].key);
		free(v[i].cases);
	}
	free(v);
}

void report_text_causes(const report *rp, FILE *out)
{
	char label[512];
	fprintf(out, "\ncauses: each column's cells that did not pass (skips "
		"aside), grouped by the first failing step's reason\n");
	for (size_t col = 0; col < rp->ncols; col++) {
		ccause *v;
		size_t n = causes_of_column(rp, col, &v);
		if (!n)
			continue;
		size_t cells = 0;
		for (size_t k = 0; k < n; k++)
			cells += v[k].n;
		rcol_label(&rp->cols[col], label, sizeof label);
		fprintf(out, "\n%s: %zu cell%s, %zu cause%s\n", label, cells,
			cells == 1 ? "" : "s", n, n == 1 ? "" : "s");
		for (size_t k = 0; k < n; k++) {
			fprintf(out, "  %zu case%s: %s\n     ", v[k].n,
				v[k].n == 1 ? "" : "s", v[k].key);
			for (size_t j = 0; j < v[k].n; j++)
				fprintf(out, " %s", v[k].cases[j]);
			fputc('\n', out);
		}
		causes_free_list(v, n);
	}
}
