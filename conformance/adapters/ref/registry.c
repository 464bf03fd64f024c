/*
 * registry.c — the handle registry: the table behind <socket N> and
 * <file N> (conformance/README.md, "The adapter wire protocol"), one
 * counter for every kind, numbers from 1.
 *
 * It is a file of its own so that main.c (which looks handles up) and
 * methods.c and module.c (which make and drop them) all stand on it
 * without calling each other back: it calls none of them, only the value
 * library, convert.c's set_err and libsockref.
 */
#include "registry.h"

#include <stdlib.h>
#include <string.h>

enum hkind { H_SOCKET = 1, H_FILE };

struct entry {
	enum hkind kind; /* 0 = dropped or never used */
	sr_sock *s;
	FILE *f;
	bool text;
};

static struct entry *reg;
static size_t nreg = 1; /* slot 0 unused: handle numbers start at 1 */
static size_t capreg;

static long long reg_add(struct entry en)
{
	if (nreg >= capreg) {
		capreg = capreg ? capreg * 2 : 64;
		reg = realloc(reg, capreg * sizeof *reg);
		if (!reg)
			abort();
	}
	reg[nreg] = en;
	return (long long)nreg++;
}

/* live: a number handed out and not dropped since */
static bool live(long long n, enum hkind kind)
{
	return n >= 1 && (size_t)n < nreg && reg[n].kind == kind;
}

value *reg_socket(sr_sock *s)
{
	for (size_t i = 1; i < nreg; i++)
		if (reg[i].kind == H_SOCKET && reg[i].s == s) {
			/* the same object again (__enter__) */
			return v_handle("socket", (long long)i);
		}
	return v_handle("socket",
			reg_add((struct entry){H_SOCKET, s, NULL, false}));
}

value *reg_file(FILE *f, bool text)
{
	return v_handle("file", reg_add((struct entry){H_FILE, NULL, f, text}));
}

sr_sock *get_socket(long long n)
{
	return live(n, H_SOCKET) ? reg[n].s : NULL;
}

/* A closed stream keeps its number: its methods still answer (close()
 * again, ValueError for the rest), so this says nothing of f. */
bool is_file(long long n)
{
	return live(n, H_FILE);
}

FILE *get_file(long long n, bool *text)
{
	if (!live(n, H_FILE))
		return NULL;
	if (text)
		*text = reg[n].text;
	return reg[n].f;
}

void forget_file(long long n)
{
	if (live(n, H_FILE))
		reg[n].f = NULL; /* closed; the number stays valid */
}

int drop_handle(const value *h, aerr *e)
{
	long long n;

	if (!h || h->kind != V_HANDLE) {
		set_err(e, "TypeError", false, 0, "drop() takes one handle");
		return -1;
	}
	n = h->i;
	if (n < 1 || (size_t)n >= nreg || !reg[n].kind ||
	    strcmp(h->s, reg[n].kind == H_SOCKET ? "socket" : "file") != 0) {
		set_err(e, "ProtocolError", false, 0, "unknown handle <%s %lld>",
			h->s, n);
		return -1;
	}
	if (reg[n].kind == H_SOCKET)
		sr_release(reg[n].s);
	else if (reg[n].f)
		fclose(reg[n].f); /* garbage collection closes the stream */
	reg[n].kind = 0;
	return 0;
}
