/*
 * case.h — a parsed case file (conformance/README.md gives the grammar).
 * Parsing never stops at the first fault silently: it returns NULL with a
 * message "FILE:LINE:COL: reason".
 */
#ifndef SOCKSPEC_CASE_H
#define SOCKSPEC_CASE_H

#include "value.h"

/* needs, as a bit set */
enum {
	NEED_HOST = 1 << 0,
	NEED_NETNS = 1 << 1,
	NEED_ROOT = 1 << 2,
	NEED_RESOLVER = 1 << 3,
	NEED_VM_CAN = 1 << 4,
	NEED_VM_TIPC = 1 << 5,
	NEED_VM_RDS = 1 << 6,
	/* its `within` bounds tell apart times closer than the slowdown
	 * factor of an emulated guest stretches them */
	NEED_TIMING = 1 << 7,
	/* not a word of `needs:`: a traced step sets it, strace must be on
	 * PATH (the arm64 guest's root has none) */
	NEED_STRACE = 1 << 8,
};

typedef enum ekind {
	E_LITERAL,  /* lit */
	E_NAME,     /* name: a bound variable or an UPPERCASE constant */
	E_CALL,     /* [obj.]name(args, kw=...): obj NULL = module function
		     * or a harness builtin (len, type, tmp, pack, unpack,
		     * pack_ints, unpack_ints) */
	E_ATTR,     /* obj.name without a call */
	E_INDEX,    /* obj[index] */
	E_BINOP,    /* obj NAME index: name is the operator as written
		     * ("|", "&", "^", "<<", ">>", "+", "-", "*", "/", "//",
		     * "%", "**", and inside brackets the comparisons "==",
		     * "!=", "<", "<=", ">", ">=", "in", "not in", "is",
		     * "is not") */
	E_UNOP,     /* NAME obj: name "-", "+" or "~" (a minus before a
		     * number literal is folded into the literal) */
	E_SLICE,    /* obj[args[0]:args[1]:args[2]], nargs 3, each NULL when
		     * left out (x[:1], x[1:3], x[::2]) */
} ekind;

typedef struct expr expr;
struct expr {
	ekind kind;
	int line, col;
	value *lit;        /* E_LITERAL */
	char *name;        /* E_NAME, E_CALL, E_ATTR */
	expr *obj;         /* E_CALL (method target, may be NULL), E_ATTR, E_INDEX */
	expr *index;       /* E_INDEX */
	expr **args;       /* E_CALL positional; also tuple/list displays
			    * that contain names: see E_LITERAL note below */
	size_t nargs;
	char **kwnames;    /* E_CALL keyword names */
	expr **kwargs;
	size_t nkw;
	/* A tuple or list display whose items are not all literals, e.g.
	 * (host, port) or (addr[0], 0), is an E_CALL with name "(tuple)" or
	 * "(list)" and its items as args. */
};

typedef enum ckind {
	C_NONE,    /* must not raise */
	C_EQ, C_NE, C_LT, C_LE, C_GT, C_GE,
	C_IN,      /* value is in rhs (an item of a sequence, a key of a
		    * dict, a substring of str or bytes) */
	C_NOTIN,   /* `not in`: not in rhs */
	C_IS,      /* type name in `type` */
	C_RAISES,  /* exc class in `exc`; code in `code` (has_code) */
} ckind;

typedef struct check {
	ckind kind;
	expr *rhs;          /* C_EQ..C_NOTIN: an expression */
	char *type;         /* C_IS */
	char *exc;          /* C_RAISES */
	bool exact;         /* `raises exactly CLASS`: no subclass matches */
	bool has_code;
	bool code_none;     /* `raises OSError(None)`: the error has no code */
	char *msg_re;       /* `raises C(CODE, ~'regex')`: POSIX ERE searched
			     * in the message */
	char *msg_fn;       /* `raises C(CODE, hstrerror)`: the message is what
			     * the C function says for CODE (strerror,
			     * hstrerror, gai_strerror) */
	char *code_name;    /* e.g. "EADDRINUSE" (resolved by the runner), or */
	long long code;     /* a number when code_name is NULL */
	bool has_within;
	double lo, hi;      /* within LO..HI seconds */
} check;

typedef enum skind {
	S_CALL,   /* [@host] [targets =] expr [check] [&] */
	S_SYNC,   /* sync @host */
	S_SLEEP,  /* sleep seconds */
} skind;

/* `issues recvfrom|recvmsg` / `issues no poll|ppoll`: one of the names
 * among the system calls the traced step made, or none of them */
typedef struct syscheck {
	char *names;        /* alternatives separated by '|' */
	bool no;
} syscheck;

typedef struct step {
	skind kind;
	int line;
	char *text;         /* the line as written, for reports */
	int host;           /* index into case.hosts */
	char **targets;     /* names to bind; "_" discards */
	size_t ntargets;
	bool unpack;        /* "a, b = ..." (even with one name: "a, = ...") */
	expr *e;
	check chk;
	bool async;         /* trailing & */
	bool traced;        /* `traced`: the step's system calls are recorded */
	bool soft;          /* `soft`: a failed check does not stop the case */
	syscheck *sys;      /* its `issues` clauses */
	size_t nsys;
	double seconds;     /* S_SLEEP */
} step;

typedef struct hostlink { int a, b; } hostlink;
typedef struct hostaddr { int host; char *cidr; } hostaddr;
/* `route: HOST default via IP`: HOST's default route for IP's family,
 * through the gateway IP on the subnet of one of HOST's addresses */
typedef struct hostroute { int host; char *via; } hostroute;

typedef struct scase {
	char *path;         /* as given */
	char *name;         /* area/name, the path below cases/ without .case */
	char **ids;
	size_t nids;
	int *doc_lines;
	size_t ndoc;
	unsigned needs;
	char **hosts;       /* at least one ("h") */
	size_t nhosts;
	char **host_impl;   /* per host: NULL = the run's implementation */
	hostlink *links;
	size_t nlinks;
	hostaddr *addrs;
	size_t naddrs;
	hostroute *routes;
	size_t nroutes;
	char *fixture_hosts, *fixture_services, *fixture_protocols; /* or NULL */
	double timeout;     /* seconds, default 20 */
	bool isolate_uts;   /* "isolate: uts": a private UTS namespace */
	bool isolate_nocap; /* "isolate: nocap": adapters without CAP_SYS_ADMIN */
	char *locale;       /* "locale: C": the adapters' LC_ALL (NULL: C.UTF-8) */
	bool isolate_sharednet; /* "isolate: sharednet": every host in the
				 * first host's network namespace */
	bool isolate_fresh; /* "isolate: fresh": a new adapter process, not
			     * a fork of the run's server (forkserver.c) */
	bool soft;          /* "soft: yes": every check soft (step.soft) */
	step *steps;
	size_t nsteps;
} scase;

/* Parse the file at path. name is derived from the path below a
 * "cases/" component when there is one. Returns NULL and writes
 * "FILE:LINE:COL: reason" into errbuf on any fault. */
scase *case_load(const char *path, char *errbuf, size_t errcap);
/* The same on text in memory (path used for messages and name). */
scase *case_parse(const char *path, const char *text, char *errbuf,
		  size_t errcap);
void case_free(scase *c);
/* Text of needs bits, e.g. "netns root". */
void case_needs_text(unsigned needs, char *buf, size_t cap);
/* true when a name of a step is a module constant (AF_INET, SO_REUSEADDR):
 * an uppercase letter, then uppercase letters, digits and '_'. The
 * runner reads such names as numbers; a reproducer as socket.NAME. */
bool case_const_name(const char *s);

#endif
