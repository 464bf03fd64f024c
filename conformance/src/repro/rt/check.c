/* ---- the steps: each is checked as sockspec checks it, a deviation
 * ---- printed as expected against observed */
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <sys/time.h>
#include <time.h>

static struct {
	int line;
	const char *text;
	bool soft, within;
	double lo, hi, t0, took;
} cur;
static int failed[512];
static size_t nfailed;
static double case_end;   /* the case's timeout, as a monotonic time */

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void finish(void) __attribute__((noreturn));
static void finish(void)
{
	if (nfailed) {
		printf("%zu step(s) deviate: line(s)", nfailed);
		for (size_t i = 0; i < nfailed; i++)
			printf("%s %d", i ? "," : "", failed[i]);
		printf("\n");
		fflush(stdout);
		_exit(1);
	}
	printf("every step held: no deviation\n");
	fflush(stdout);
	_exit(0);
}

static void deviates(const char *expected, const char *observed)
{
	printf("DEVIATES  line %d: %s\n  expected: %s\n  observed: %s\n",
	       cur.line, cur.text, expected, observed);
	fflush(stdout);
	if (nfailed < sizeof failed / sizeof failed[0])
		failed[nfailed++] = cur.line;
	if (!cur.soft)
		finish();
}

/* A step outlived its bound (within's HI + 1 s, as sockspec waits) or
 * the case its timeout: the call hangs. */
static void hung(int sig)
{
	char m[600];
	(void)sig;
	int n = snprintf(m, sizeof m, "DEVIATES  line %d: %s\n  expected: a "
			 "reply in time\n  observed: no reply: the call "
			 "hangs\n", cur.line, cur.text);
	if (write(1, m, (size_t)n) < 0)
		_exit(1);
	_exit(1);
}

static UNUSED void case_timeout(double seconds)
{
	case_end = now() + seconds;
	signal(SIGALRM, hung);
}

/* The step at LINE begins: soft, and its `within LO..HI` when hi >= 0 */
static UNUSED void at(int line, const char *text, bool soft, double lo,
		      double hi)
{
	cur.line = line;
	cur.text = text;
	cur.soft = soft;
	cur.within = hi >= 0;
	cur.lo = lo;
	cur.hi = hi;
	double bound = case_end - now();
	if (cur.within && hi + 1 < bound)
		bound = hi + 1;
	if (bound < 0.01)
		bound = 0.01;
	struct itimerval it = { { 0, 0 }, { (time_t)bound,
		(suseconds_t)((bound - (double)(time_t)bound) * 1e6) } };
	setitimer(ITIMER_REAL, &it, NULL);
	cur.t0 = now();
	cur.took = -1;
}

/* the value of the step's expression, timed */
static UNUSED V got(V r)
{
	if (cur.took < 0)
		cur.took = now() - cur.t0;
	struct itimerval off = { { 0, 0 }, { 0, 0 } };
	setitimer(ITIMER_REAL, &off, NULL);
	return r;
}

/* a step that uses a name an earlier failed step left without a value */
static UNUSED bool have(int line, const char *text, bool soft,
			const char *name, V v)
{
	if (v)
		return true;
	char o[200];
	cur.line = line;
	cur.text = text;
	cur.soft = soft;
	snprintf(o, sizeof o, "not run: %s has no value (an earlier step "
		 "failed)", name);
	deviates("a run", o);
	return false;
}

static void within_ok(void)
{
	if (!cur.within || (cur.took >= cur.lo && cur.took <= cur.hi))
		return;
	char e[64], o[64];
	snprintf(e, sizeof e, "within %g..%g s", cur.lo, cur.hi);
	snprintf(o, sizeof o, "%.3f s", cur.took);
	deviates(e, o);
}

/* must not raise: the value, or NULL */
static UNUSED V ok_value(V r)
{
	got(r);
	if (is_err(r)) {
		deviates("a value", repr(r));
		return NULL;
	}
	within_ok();
	return r;
}

/* == != < <= > >= in, not in: rhs is evaluated after the step (NULL
 * when the step raised) */
static UNUSED V ok_cmp(V r, const char *op, V rhs)
{
	char e[2048];
	got(r);
	if (is_err(r)) {
		deviates("a value", repr(r));
		return NULL;
	}
	if (is_err(rhs)) {
		snprintf(e, sizeof e, "the right side: %s", repr(rhs));
		deviates(e, "it raised");
		return r;
	}
	V t = op2(op, r, rhs);
	if (is_err(t) || !t->i) {
		snprintf(e, sizeof e, "%s %s", op, repr(rhs));
		deviates(e, repr(r));
		return r;
	}
	within_ok();
	return r;
}

/* is TYPE */
static UNUSED V ok_is(V r, const char *type)
{
	static const char *const tn[] = { "None", "bool", "int", "int",
		"float", "str", "bytes", "tuple", "list", "dict", "socket", "file",
		"bytearray", "memoryview", "type", "" };
	char e[64];
	got(r);
	if (is_err(r)) {
		deviates("a value", repr(r));
		return NULL;
	}
	bool ok = r->k == K_CLASS && strcmp(type, "type") != 0
			  ? strcmp(r->s, type) == 0
			  : strcmp(tn[r->k], type) == 0;
	if (!ok) {
		snprintf(e, sizeof e, "is %s", type);
		deviates(e, repr(r));
		return r;
	}
	within_ok();
	return r;
}

static bool oserror_kind(const char *c)
{
	static const char *const k[] = { "OSError", "herror", "gaierror",
		"timeout", NULL };
	for (int i = 0; k[i]; i++)
		if (strcmp(k[i], c) == 0)
			return true;
	return false;
}

/* raises [exactly] CLASS[(CODE[, ~'regex' | fn])]: the error's args,
 * (code, message) or (message,), for the step's name */
static UNUSED V ok_raises(V r, const char *cls, bool exact, int code_kind,
			  long long code, const char *msg_re,
			  const char *msg_fn)
{
	/* code_kind: 0 any code, 1 code, 2 None */
	char e[512];
	const char *chain[8];
	got(r);
	snprintf(e, sizeof e, "raises %s%s", exact ? "exactly " : "", cls);
	if (code_kind == 1)
		snprintf(e + strlen(e), sizeof e - strlen(e), "(%lld)", code);
	else if (code_kind == 2)
		snprintf(e + strlen(e), sizeof e - strlen(e), "(None)");
	if (msg_re)
		snprintf(e + strlen(e), sizeof e - strlen(e), " ~'%s'", msg_re);
	if (msg_fn)
		snprintf(e + strlen(e), sizeof e - strlen(e), " %s", msg_fn);
	if (!is_err(r)) {
		deviates(e, repr(r));
		return NULL;
	}
	size_t n = class_chain(r, chain, 8);
	bool ok = false;
	if (exact)
		ok = strcmp(chain[0], cls) == 0 ||
		     (strcmp(cls, "timeout") == 0 && strcmp(r->cls, "timeout") == 0);
	else {
		ok = strcmp(cls, r->cls) == 0 ||
		     (strcmp(cls, "OSError") == 0 && oserror_kind(r->cls)) ||
		     (strcmp(cls, "timeout") == 0 &&
		      strcmp(chain[0], "TimeoutError") == 0);
		for (size_t i = 0; i < n && !ok; i++)
			ok = strcmp(chain[i], cls) == 0;
	}
	if (ok && code_kind == 1)
		ok = r->has_code && r->i == code;
	if (ok && code_kind == 2)
		ok = !r->has_code;
	if (ok && msg_re) {
		regex_t re;
		if (regcomp(&re, msg_re, REG_EXTENDED | REG_NOSUB) != 0)
			limit("the regex '%s'", msg_re);
		ok = regexec(&re, r->s, 0, NULL, 0) == 0;
		regfree(&re);
	}
	if (ok && msg_fn) {
		int c = (int)r->i;
		const char *want = !strcmp(msg_fn, "strerror") ? strerror(c)
				   : !strcmp(msg_fn, "hstrerror") ? hstrerror(c)
				   : gai_strerror(c);
		ok = strcmp(r->s, want) == 0;
	}
	if (!ok) {
		deviates(e, repr(r));
		return NULL;
	}
	within_ok();
	return r->has_code ? TUP(2, INT(r->i), CSTR(r->s)) : TUP(1, CSTR(r->s));
}

/* a, b = ...: the value must be that many items */
static UNUSED V unpack_n(V r, size_t n)
{
	char e[64];
	if (!r)
		return NULL;
	if ((r->k != K_TUPLE && r->k != K_LIST) || r->n != n) {
		snprintf(e, sizeof e, "%zu values to unpack", n);
		deviates(e, repr(r));
		return NULL;
	}
	return r;
}

/* a step run in the background (`&`): a thread, collected before its
 * host's next step (the value, timed from its start) */
typedef struct bg { pthread_t t; V (*fn)(void); V r; double took; } bg;

static void *bg_run(void *p)
{
	bg *b = p;
	double t0 = now();
	b->r = b->fn();
	b->took = now() - t0;
	return NULL;
}

static UNUSED bg *background(V (*fn)(void))
{
	bg *b = calloc(1, sizeof *b);
	if (!b)
		abort();
	b->fn = fn;
	if (pthread_create(&b->t, NULL, bg_run, b) != 0)
		limit("no thread for a background step");
	return b;
}

static UNUSED V collect(bg *b)
{
	pthread_join(b->t, NULL);
	cur.took = b->took;
	return b->r;
}
