/* ---- Python's operators on values: ==, <, in, + - * ..., [i], [a:b] */
static bool is_int(V v) { return v->k == K_INT || v->k == K_BOOL; }
static bool is_num(V v) { return is_int(v) || v->k == K_FLOAT; }
static bool is_blob(V v)
{
	return v->k == K_BYTES || v->k == K_BARRAY || v->k == K_MVIEW;
}
/* the bytes of bytes, a bytearray or a memoryview */
static const char *blob(V v, size_t *n)
{
	if (v->k == K_MVIEW) {
		*n = v->n;
		return v->it[0]->s + v->i;
	}
	*n = v->n;
	return v->s;
}

static UNUSED const char *type_name(V v)
{
	static const char *const n[] = { "NoneType", "bool", "int", "int",
		"float", "str", "bytes", "tuple", "list", "dict", "socket", "file",
		"bytearray", "memoryview", "type", "exception" };
	return n[v->k];
}

static bool eq(V a, V b)
{
	if (is_num(a) && is_num(b)) {
		if (is_int(a) && is_int(b))
			return a->i == b->i;
		return (a->k == K_FLOAT ? a->f : (double)a->i) ==
		       (b->k == K_FLOAT ? b->f : (double)b->i);
	}
	if (is_blob(a) && is_blob(b)) {
		size_t na, nb;
		const char *pa = blob(a, &na), *pb = blob(b, &nb);
		return na == nb && memcmp(pa, pb, na) == 0;
	}
	if (a->k != b->k)
		return false;
	switch (a->k) {
	case K_NONE: return true;
	case K_BIG:
	case K_STR: return a->n == b->n && memcmp(a->s, b->s, a->n) == 0;
	case K_TUPLE:
	case K_LIST:
		if (a->n != b->n)
			return false;
		for (size_t i = 0; i < a->n; i++)
			if (!eq(a->it[i], b->it[i]))
				return false;
		return true;
	case K_CLASS: return strcmp(a->s, b->s) == 0;
	case K_DICT:
		if (a->n != b->n)
			return false;
		for (size_t i = 0; i < a->n; i += 2) {
			bool found = false;
			for (size_t j = 0; j < b->n && !found; j += 2)
				found = eq(a->it[i], b->it[j]) &&
					eq(a->it[i + 1], b->it[j + 1]);
			if (!found)
				return false;
		}
		return true;
	default: return a == b;
	}
}

/* <0, 0, >0; false in *ok where Python raises TypeError */
static int cmp(V a, V b, bool *ok)
{
	*ok = true;
	if (is_num(a) && is_num(b)) {
		double x = a->k == K_FLOAT ? a->f : (double)a->i,
		       y = b->k == K_FLOAT ? b->f : (double)b->i;
		if (is_int(a) && is_int(b))
			return (a->i > b->i) - (a->i < b->i);
		return (x > y) - (x < y);
	}
	if ((a->k == K_STR && b->k == K_STR) || (is_blob(a) && is_blob(b))) {
		size_t na, nb;
		const char *pa = a->k == K_STR ? a->s : blob(a, &na),
			   *pb = b->k == K_STR ? b->s : blob(b, &nb);
		if (a->k == K_STR) {
			na = a->n;
			nb = b->n;
		}
		int c = memcmp(pa, pb, na < nb ? na : nb);
		return c ? c : (na > nb) - (na < nb);
	}
	if (a->k == b->k && (a->k == K_TUPLE || a->k == K_LIST)) {
		for (size_t i = 0; i < a->n && i < b->n; i++) {
			if (eq(a->it[i], b->it[i]))
				continue;
			return cmp(a->it[i], b->it[i], ok);
		}
		return (a->n > b->n) - (a->n < b->n);
	}
	if (a->k == K_BIG || b->k == K_BIG)
		limit("comparing ints beyond 64 bits");
	*ok = false;
	return 0;
}

/* x in container: an item, or a substring of str or bytes */
static V contains(V x, V c)
{
	if (c->k == K_TUPLE || c->k == K_LIST) {
		for (size_t i = 0; i < c->n; i++)
			if (eq(x, c->it[i]))
				return BOOL(true);
		return BOOL(false);
	}
	if (c->k == K_DICT) {
		for (size_t i = 0; i < c->n; i += 2)
			if (eq(x, c->it[i]))
				return BOOL(true);
		return BOOL(false);
	}
	if (c->k == K_STR && x->k == K_STR)
		return BOOL(memmem(c->s, c->n, x->s, x->n) != NULL);
	if (is_blob(c) && is_int(x)) {
		size_t n;
		const char *p = blob(c, &n);
		return BOOL(x->i >= 0 && x->i < 256 && memchr(p, (int)x->i, n));
	}
	if (is_blob(c) && is_blob(x)) {
		size_t n, m;
		const char *p = blob(c, &n), *q = blob(x, &m);
		return BOOL(memmem(p, n, q, m) != NULL);
	}
	return raise_("TypeError", false, 0, "argument of type '%s' is not "
		      "iterable", type_name(c));
}

static V concat(V a, V b)
{
	if (a->k == K_STR || a->k == K_BYTES) {
		V v = bytes_kind(a->k, a->s, a->n + b->n);
		memcpy(v->s + a->n, b->s, b->n);
		return v;
	}
	V v = seq_of(a->k, a->n + b->n);
	memcpy(v->it, a->it, a->n * sizeof *v->it);
	memcpy(v->it + a->n, b->it, b->n * sizeof *v->it);
	return v;
}

static V repeat(V a, long long n)
{
	size_t k = n > 0 ? (size_t)n : 0;
	if (a->k == K_STR || a->k == K_BYTES) {
		V v = bytes_kind(a->k, "", 0);
		free(v->s);
		if (!(v->s = malloc(a->n * k + 1)))
			abort();
		for (size_t i = 0; i < k; i++)
			memcpy(v->s + i * a->n, a->s, a->n);
		v->n = a->n * k;
		v->s[v->n] = 0;
		return v;
	}
	V v = seq_of(a->k, a->n * k);
	for (size_t i = 0; i < k; i++)
		memcpy(v->it + i * a->n, a->it, a->n * sizeof *v->it);
	return v;
}

static V int_op(const char *op, long long a, long long b)
{
	long long r = 0;
	bool over = false;
	if (!strcmp(op, "+"))
		over = __builtin_add_overflow(a, b, &r);
	else if (!strcmp(op, "-"))
		over = __builtin_sub_overflow(a, b, &r);
	else if (!strcmp(op, "*"))
		over = __builtin_mul_overflow(a, b, &r);
	else if (!strcmp(op, "//") || !strcmp(op, "%")) {
		if (b == 0)
			return raise_("ZeroDivisionError", false, 0, "integer "
				      "division or modulo by zero");
		long long q = a / b, m = a % b;
		if (m && ((m < 0) != (b < 0))) {
			q--;
			m += b;
		}
		r = op[0] == '%' ? m : q;
	} else if (!strcmp(op, "**")) {
		if (b < 0)
			return FLOAT(pow((double)a, (double)b));
		r = 1;
		for (long long i = 0; i < b && !over; i++)
			over = __builtin_mul_overflow(r, a, &r);
	} else if (!strcmp(op, "<<")) {
		if (b < 0)
			return raise_("ValueError", false, 0, "negative shift count");
		over = b > 62 ? a != 0 : (a > (LLONG_MAX >> b) || a < (LLONG_MIN >> b));
		if (!over)
			r = (long long)((unsigned long long)a << b);
	} else if (!strcmp(op, ">>")) {
		if (b < 0)
			return raise_("ValueError", false, 0, "negative shift count");
		r = b > 63 ? (a < 0 ? -1 : 0) : a >> b;
	} else if (!strcmp(op, "&"))
		r = a & b;
	else if (!strcmp(op, "|"))
		r = a | b;
	else if (!strcmp(op, "^"))
		r = a ^ b;
	else if (!strcmp(op, "/")) {
		if (b == 0)
			return raise_("ZeroDivisionError", false, 0, "division by zero");
		return FLOAT((double)a / (double)b);
	}
	if (over)
		limit("%lld %s %lld is an int beyond 64 bits", a, op, b);
	return INT(r);
}

/* a op b, Python's operators and, inside brackets, its comparisons */
static UNUSED V op2(const char *op, V a, V b)
{
	bool ok;
	if (is_err(a))
		return a;
	if (is_err(b))
		return b;
	if (!strcmp(op, "=="))
		return BOOL(eq(a, b));
	if (!strcmp(op, "!="))
		return BOOL(!eq(a, b));
	if (!strcmp(op, "in") || !strcmp(op, "not in")) {
		V r = contains(a, b);
		if (!is_err(r) && op[0] == 'n')
			r->i = !r->i;
		return r;
	}
	if (!strcmp(op, "is") || !strcmp(op, "is not")) {
		bool same = a == b || (a->k == K_NONE && b->k == K_NONE) ||
			    (a->k == K_CLASS && eq(a, b)) ||
			    (a->k == K_BOOL && b->k == K_BOOL && a->i == b->i);
		return BOOL(op[2] ? !same : same);
	}
	if (strchr("<>", op[0]) && strcmp(op, "<<") && strcmp(op, ">>")) {
		int c = cmp(a, b, &ok);
		if (!ok)
			return raise_("TypeError", false, 0, "'%s' not supported "
				      "between '%s' and '%s'", op,
				      type_name(a), type_name(b));
		return BOOL(op[0] == '<' ? (op[1] ? c <= 0 : c < 0)
					 : (op[1] ? c >= 0 : c > 0));
	}
	if (a->k == K_BIG || b->k == K_BIG)
		limit("arithmetic on ints beyond 64 bits (%s)", op);
	if (is_int(a) && is_int(b))
		return int_op(op, a->i, b->i);
	if (is_num(a) && is_num(b)) {
		double x = a->k == K_FLOAT ? a->f : (double)a->i,
		       y = b->k == K_FLOAT ? b->f : (double)b->i;
		switch (op[0]) {
		case '+': return FLOAT(x + y);
		case '-': return FLOAT(x - y);
		case '*': return FLOAT(op[1] ? pow(x, y) : x * y);
		case '/':
			if (y == 0)
				return raise_("ZeroDivisionError", false, 0,
					      "float division by zero");
			return FLOAT(op[1] ? floor(x / y) : x / y);
		}
	}
	if (!strcmp(op, "+") && a->k == b->k &&
	    (a->k == K_STR || a->k == K_BYTES || a->k == K_TUPLE ||
	     a->k == K_LIST))
		return concat(a, b);
	if (!strcmp(op, "*") && is_int(b) && a->k != K_INT)
		return repeat(a, b->i);
	if (!strcmp(op, "*") && is_int(a) && b->k != K_INT)
		return repeat(b, a->i);
	return raise_("TypeError", false, 0, "unsupported operand type(s) "
		      "for %s: '%s' and '%s'", op, type_name(a), type_name(b));
}

static UNUSED V op1(const char *op, V a)
{
	if (is_err(a))
		return a;
	if (a->k == K_FLOAT)
		return FLOAT(op[0] == '-' ? -a->f : a->f);
	if (!is_int(a))
		return raise_("TypeError", false, 0, "bad operand type for "
			      "unary %s: '%s'", op, type_name(a));
	if (op[0] == '-') {
		if (a->i == LLONG_MIN)
			limit("-(%lld) is an int beyond 64 bits", a->i);
		return INT(-a->i);
	}
	return INT(op[0] == '~' ? ~a->i : a->i);
}

static UNUSED long long length(V v, bool *ok)
{
	*ok = true;
	if (v->k == K_STR) {
		long long n = 0;
		for (size_t i = 0; i < v->n; i++)
			n += ((unsigned char)v->s[i] & 0xc0) != 0x80;
		return n;
	}
	if (v->k == K_BYTES || v->k == K_BARRAY || v->k == K_MVIEW ||
	    v->k == K_TUPLE || v->k == K_LIST)
		return (long long)v->n;
	*ok = false;
	return 0;
}

/* one item of a sequence: bytes give ints, str one character */
static V item_of(V v, size_t i)
{
	if (v->k == K_TUPLE || v->k == K_LIST)
		return v->it[i];
	if (v->k == K_STR)
		return STR(v->s + i, 1);
	size_t n;
	return INT((unsigned char)blob(v, &n)[i]);
}

static UNUSED V op_index(V v, V ix)
{
	if (is_err(v))
		return v;
	if (is_err(ix))
		return ix;
	if (v->k == K_DICT) {
		for (size_t i = 0; i < v->n; i += 2)
			if (eq(ix, v->it[i]))
				return v->it[i + 1];
		return raise_("KeyError", false, 0, "%s", repr(ix));
	}
	if (!is_int(ix))
		return raise_("TypeError", false, 0, "indices must be integers");
	if (v->k == K_STR)
		for (size_t i = 0; i < v->n; i++)
			if ((unsigned char)v->s[i] >= 0x80)
				limit("indexing a str that is not ASCII");
	if (v->k == K_INT || v->k == K_NONE || v->k == K_SOCK || v->k == K_ERR ||
	    v->k == K_FLOAT || v->k == K_BOOL || v->k == K_BIG)
		return raise_("TypeError", false, 0, "'%s' object is not "
			      "subscriptable", type_name(v));
	long long i = ix->i, n = (long long)v->n;
	if (i < 0)
		i += n;
	if (i < 0 || i >= n)
		return raise_("IndexError", false, 0, "index out of range");
	return item_of(v, (size_t)i);
}

static UNUSED V op_slice(V v, V lo, V hi, V st)
{
	if (is_err(v))
		return v;
	long long n = (long long)v->n, step = st ? st->i : 1, a, b;
	if (v->k == K_STR)
		for (size_t i = 0; i < v->n; i++)
			if ((unsigned char)v->s[i] >= 0x80)
				limit("slicing a str that is not ASCII");
	if (step == 0)
		return raise_("ValueError", false, 0, "slice step cannot be zero");
	a = lo ? lo->i : step > 0 ? 0 : n - 1;
	b = hi ? hi->i : step > 0 ? n : -n - 1;
	if (lo && a < 0)
		a += n;
	if (hi && b < 0)
		b += n;
	if (step > 0) {
		a = a < 0 ? 0 : a > n ? n : a;
		b = b < 0 ? 0 : b > n ? n : b;
	} else {
		a = a < -1 ? -1 : a > n - 1 ? n - 1 : a;
		b = b < -1 ? -1 : b > n - 1 ? n - 1 : b;
	}
	if (v->k == K_MVIEW || v->k == K_BARRAY) {
		if (step != 1)
			limit("a slice of a buffer with a step");
		V m = mk(K_MVIEW);
		V base = v->k == K_MVIEW ? v->it[0] : v;
		m->it = calloc(1, sizeof *m->it);
		if (!m->it)
			abort();
		m->it[0] = base;
		m->i = (v->k == K_MVIEW ? v->i : 0) + a;
		m->n = b > a ? (size_t)(b - a) : 0;
		if (v->k == K_BARRAY) {
			/* bytearray[a:b] is a new bytearray */
			return bytes_kind(K_BARRAY, v->s + a, m->n);
		}
		return m;
	}
	enum vk k = v->k;
	V r = (k == K_STR || k == K_BYTES) ? bytes_kind(k, "", 0)
					   : seq_of(k, 0);
	for (long long i = a; step > 0 ? i < b : i > b; i += step) {
		V x = item_of(v, (size_t)i);
		if (k == K_STR || k == K_BYTES) {
			char c = k == K_STR ? x->s[0] : (char)x->i;
			r = concat(r, bytes_kind(k, &c, 1));
		} else {
			r = concat(r, TUP(1, x));
			r->k = k;
		}
	}
	return r;
}
