/*
 * registry.c — the handle registry: the table behind <socket N>,
 * <file N>, <bytearray N> and <memoryview N> (conformance/README.md,
 * "The adapter wire protocol"), one counter for every kind, numbers
 * from 1.
 *
 * It is a file of its own so that main.c (which looks handles up) and
 * methods.c and module.c (which make and drop them) all stand on it
 * without calling each other back: it calls none of them, only the value
 * library, convert.c's set_err and libsockref.
 */
#include "registry.h"

#include <stdlib.h>
#include <string.h>

enum hkind { H_SOCKET = 1, H_FILE, H_BYTEARRAY, H_MEMORYVIEW };

struct entry {
	enum hkind kind; /* 0 = dropped or never used */
	sr_sock *s;
	FILE *f;
	bool text;
	/* a bytearray owns data[0..len); a memoryview is len bytes at off
	 * of the storage of entry `base` (a bytearray, or for
	 * memoryview(bytes) the view itself, holding a read-only copy).
	 * Storage is never freed: a view may outlive its bytearray's handle,
	 * as it keeps the object alive in Python. */
	unsigned char *data;
	size_t len, off;
	long long base;
	bool readonly; /* a memoryview of bytes */
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
			reg_add((struct entry){.kind = H_SOCKET, .s = s}));
}

value *reg_file(FILE *f, bool text)
{
	return v_handle("file", reg_add((struct entry){.kind = H_FILE, .f = f,
						       .text = text}));
}

static unsigned char *copy_of(const void *p, size_t len)
{
	unsigned char *d = calloc(1, len ? len : 1);
	if (!d)
		abort();
	if (p && len)
		memcpy(d, p, len);
	return d;
}

value *reg_bytearray(const void *p, size_t len)
{
	return v_handle("bytearray",
			reg_add((struct entry){.kind = H_BYTEARRAY, .len = len,
					       .data = copy_of(p, len)}));
}

value *reg_memoryview_bytes(const void *p, size_t len)
{
	long long n = reg_add((struct entry){.kind = H_MEMORYVIEW, .len = len,
					     .data = copy_of(p, len),
					     .readonly = true});
	reg[n].base = n; /* its own storage */
	return v_handle("memoryview", n);
}

value *reg_memoryview(long long base, size_t off, size_t len, bool readonly)
{
	return v_handle("memoryview",
			reg_add((struct entry){.kind = H_MEMORYVIEW, .base = base,
					       .off = off, .len = len,
					       .readonly = readonly}));
}

unsigned char *get_buffer(const value *h, size_t *len, bool *readonly,
			  long long *base, size_t *off)
{
	long long n;
	if (!h || h->kind != V_HANDLE)
		return NULL;
	n = h->i;
	if (strcmp(h->s, "bytearray") == 0 && live(n, H_BYTEARRAY)) {
		*len = reg[n].len;
		if (readonly)
			*readonly = false;
		if (base)
			*base = n, *off = 0;
		return reg[n].data;
	}
	if (strcmp(h->s, "memoryview") == 0 && live(n, H_MEMORYVIEW)) {
		const struct entry *b = &reg[reg[n].base];
		*len = reg[n].len;
		if (readonly)
			*readonly = reg[n].readonly;
		if (base)
			*base = reg[n].base, *off = reg[n].off;
		return b->data + reg[n].off;
	}
	return NULL;
}

bool is_buffer(const value *h)
{
	size_t len;
	return get_buffer(h, &len, NULL, NULL, NULL) != NULL;
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
	static const char *const names[] = {"", "socket", "file", "bytearray",
					    "memoryview"};
	n = h->i;
	if (n < 1 || (size_t)n >= nreg || !reg[n].kind ||
	    strcmp(h->s, names[reg[n].kind]) != 0) {
		set_err(e, "ProtocolError", false, 0, "unknown handle <%s %lld>",
			h->s, n);
		return -1;
	}
	if (reg[n].kind == H_SOCKET)
		sr_release(reg[n].s);
	else if (reg[n].kind == H_FILE && reg[n].f)
		fclose(reg[n].f); /* garbage collection closes the stream */
	reg[n].kind = 0;
	return 0;
}
