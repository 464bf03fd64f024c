/*
 * case_step.c — the step-line parser of case files: `[@host] [soft]
 * [traced] [targets =] expr [check] [&]`, `sync @host`, `sleep SECONDS`, and the checks
 * (comparisons, `in`, `is TYPE`, `raises [exactly] EXC [CODE | None]`, `within LO..HI`).
 */
#include "case_parse.h"
#include "value.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ steps */

static int parse_host_ref(parser *p)
{
	size_t at = p->pos, n = cp_id_len(p->s + at);
	int h;

	if (!n) {
		cp_perr(p, at, "expected a host name after '@'");
		return -1;
	}
	h = cp_host_index(p->c, p->s + at, n);
	if (h < 0) {
		cp_perr(p, at, "unknown host '%.*s'", QLEN(n), p->s + at);
		return -1;
	}
	p->pos = at + n;
	return h;
}

/* `a =`, `a, b =`, `a, =` at p->pos: 1 parsed, 0 none there, -1 error. */
static int parse_targets(parser *p, step *st)
{
	const char *s = p->s;
	size_t q = p->pos, n = 0, k;
	bool trailing = false;

	for (;;) {
		while (cp_is_ws(s[q]))
			q++;
		k = cp_id_len(s + q);
		if (!k)
			return 0;
		q += k;
		n++;
		trailing = false;
		while (cp_is_ws(s[q]))
			q++;
		if (s[q] == ',') {
			q++;
			trailing = true;
			while (cp_is_ws(s[q]))
				q++;
			if (s[q] == '=')
				break;
			continue;
		}
		break;
	}
	if (s[q] != '=' || s[q + 1] == '=')
		return 0;
	st->targets = cp_xcalloc(n, sizeof *st->targets);
	st->unpack = n > 1 || trailing;
	for (k = 0; k < n; k++) {
		size_t at, len;

		cp_skip_ws(p);
		at = p->pos;
		len = cp_id_len(s + at);
		if ((len == 4 && memcmp(s + at, "None", 4) == 0) ||
		    (len == 4 && memcmp(s + at, "True", 4) == 0) ||
		    (len == 5 && memcmp(s + at, "False", 5) == 0)) {
			cp_perr(p, at, "cannot assign to '%.*s'", (int)len,
				s + at);
			return -1;
		}
		st->targets[st->ntargets++] = cp_xstrndup(s + at, len);
		p->pos = at + len;
		cp_skip_ws(p);
		if (s[p->pos] == ',')
			p->pos++;
	}
	p->pos = q + 1;
	return 1;
}

static const char *const type_names[] = {
	"int", "float", "str", "bytes", "bool", "tuple", "list", "None",
	"dict", "socket", "file",
};

static bool parse_within(parser *p, check *chk)
{
	size_t lo_at;

	p->pos += strlen("within");
	cp_skip_ws(p);
	lo_at = p->pos;
	if (!cp_scan_number(p, &chk->lo)) {
		cp_perr(p, p->pos, "expected a number");
		return false;
	}
	cp_skip_ws(p);
	if (p->s[p->pos] != '.' || p->s[p->pos + 1] != '.') {
		cp_perr(p, p->pos, "expected '..'");
		return false;
	}
	p->pos += 2;
	cp_skip_ws(p);
	if (!cp_scan_number(p, &chk->hi)) {
		cp_perr(p, p->pos, "expected a number");
		return false;
	}
	if (chk->lo > chk->hi) {
		cp_perr(p, lo_at, "within needs LO <= HI");
		return false;
	}
	chk->has_within = true;
	return true;
}

/* The message part of `raises C(CODE, MSG)`: ~'regex' or the name of the
 * C function whose text the message must be. */
static bool parse_message(parser *p, check *chk)
{
	const char *s = p->s;
	size_t at = p->pos, n;
	static const char *const fns[] = { "strerror", "hstrerror",
					   "gai_strerror" };

	if (s[at] == '~') {
		char err[128];
		size_t pos = 0;
		value *v;

		p->pos++;
		v = v_parse(s + p->pos, &pos, err, sizeof err);
		if (!v || v->kind != V_STR || strlen(v->s) != v->len) {
			cp_perr(p, p->pos, "expected a str literal after '~'");
			v_free(v);
			return false;
		}
		chk->msg_re = cp_xstrndup(v->s, v->len);
		v_free(v);
		p->pos += pos;
		return true;
	}
	n = cp_id_len(s + at);
	for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++)
		if (n && strlen(fns[i]) == n && memcmp(fns[i], s + at, n) == 0) {
			chk->msg_fn = cp_xstrndup(s + at, n);
			p->pos = at + n;
			return true;
		}
	cp_perr(p, at, "expected ~'regex', strerror, hstrerror or "
		"gai_strerror");
	return false;
}

static bool parse_code(parser *p, check *chk);

static bool parse_raises(parser *p, check *chk)
{
	const char *s = p->s;
	size_t at, n, save;

	p->pos += strlen("raises");
	cp_skip_ws(p);
	if (cp_word_at(p, "exactly")) {
		chk->exact = true;
		p->pos += strlen("exactly");
		cp_skip_ws(p);
	}
	at = p->pos;
	n = cp_id_len(s + at);
	if (!n) {
		cp_perr(p, at, "expected an exception class after 'raises'");
		return false;
	}
	chk->exc = cp_xstrndup(s + at, n);
	p->pos = at + n;
	save = p->pos;
	cp_skip_ws(p);
	if (s[p->pos] != '(') {
		p->pos = save;
		return true;
	}
	p->pos++;
	cp_skip_ws(p);
	at = p->pos;
	if (s[at] == '~') {
		/* raises C(~'regex'): the message only */
		if (!parse_message(p, chk))
			return false;
	} else if (!parse_code(p, chk)) {
		return false;
	}
	cp_skip_ws(p);
	if (s[p->pos] != ')') {
		cp_perr(p, p->pos, "expected ')'");
		return false;
	}
	p->pos++;
	return true;
}

/* The CODE of `raises C(CODE[, MSG])`: an int, an UPPERCASE name or None,
 * then an optional message part. */
static bool parse_code(parser *p, check *chk)
{
	const char *s = p->s;
	size_t at = p->pos, n;

	if (s[at] == '-' || cp_is_digit(s[at])) {
		size_t q = at + (s[at] == '-');
		char buf[32], *end;
		long long v;

		if (!cp_is_digit(s[q])) {
			cp_perr(p, at, "expected an UPPERCASE name or an int");
			return false;
		}
		while (cp_is_digit(s[q]))
			q++;
		if (cp_is_id_char(s[q]) || q - at >= sizeof buf) {
			cp_perr(p, at, "bad error code");
			return false;
		}
		memcpy(buf, s + at, q - at);
		buf[q - at] = '\0';
		errno = 0;
		v = strtoll(buf, &end, 10);
		if (errno || *end) {
			cp_perr(p, at, "bad error code");
			return false;
		}
		chk->code = v;
		p->pos = q;
	} else if (cp_word_at(p, "None")) {
		/* raised by the module itself, not by a failing call: Python's
		 * OSError then has errno None */
		chk->code_none = true;
		p->pos = at + strlen("None");
	} else {
		size_t k;

		n = cp_id_len(s + at);
		for (k = 0; k < n; k++)
			if (s[at + k] >= 'a' && s[at + k] <= 'z')
				n = 0;
		if (!n || cp_is_digit(s[at]) || s[at] == '_') {
			cp_perr(p, at, "expected an UPPERCASE name or an int");
			return false;
		}
		chk->code_name = cp_xstrndup(s + at, n);
		p->pos = at + n;
	}
	chk->has_code = true;
	cp_skip_ws(p);
	if (s[p->pos] == ',') {
		p->pos++;
		cp_skip_ws(p);
		return parse_message(p, chk);
	}
	return true;
}

static bool parse_check(parser *p, check *chk)
{
	const char *s = p->s;
	static const struct { const char *op; ckind k; } ops[] = {
		{"==", C_EQ}, {"!=", C_NE}, {"<=", C_LE}, {">=", C_GE},
		{"<", C_LT}, {">", C_GT},
	};
	size_t i;

	cp_skip_ws(p);
	for (i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		size_t n = strlen(ops[i].op);
		if (strncmp(s + p->pos, ops[i].op, n) == 0) {
			chk->kind = ops[i].k;
			p->pos += n;
			chk->rhs = cp_parse_expr(p, 0);
			if (!chk->rhs)
				return false;
			break;
		}
	}
	if (chk->kind == C_NONE && cp_word_at(p, "not")) {
		size_t q = p->pos + 3;
		while (cp_is_ws(s[q]))
			q++;
		if (strncmp(s + q, "in", 2) != 0 || cp_is_id_char(s[q + 2])) {
			cp_perr(p, q, "expected 'in' after 'not'");
			return false;
		}
		chk->kind = C_NOTIN;
		p->pos = q + 2;
		chk->rhs = cp_parse_expr(p, 0);
		if (!chk->rhs)
			return false;
	} else if (chk->kind == C_NONE && cp_word_at(p, "in")) {
		chk->kind = C_IN;
		p->pos += 2;
		chk->rhs = cp_parse_expr(p, 0);
		if (!chk->rhs)
			return false;
	} else if (chk->kind == C_NONE && cp_word_at(p, "is")) {
		size_t at, n;
		bool known = false;

		p->pos += 2;
		cp_skip_ws(p);
		at = p->pos;
		n = cp_id_len(s + at);
		if (!n) {
			cp_perr(p, at, "expected a type name after 'is'");
			return false;
		}
		for (i = 0; i < sizeof type_names / sizeof type_names[0]; i++)
			if (strlen(type_names[i]) == n &&
			    memcmp(type_names[i], s + at, n) == 0)
				known = true;
		/* a class (socket.error is OSError): a capitalised name or
		 * one of the module's own lower-case exception names */
		if (!known && (s[at] >= 'A' && s[at] <= 'Z'))
			known = true;
		static const char *const lower_classes[] = {
			"timeout", "herror", "gaierror", "error", "type",
		};
		for (i = 0; i < sizeof lower_classes / sizeof lower_classes[0];
		     i++)
			if (strlen(lower_classes[i]) == n &&
			    memcmp(lower_classes[i], s + at, n) == 0)
				known = true;
		if (!known) {
			cp_perr(p, at, "unknown type '%.*s'", QLEN(n), s + at);
			return false;
		}
		chk->kind = C_IS;
		chk->type = cp_xstrndup(s + at, n);
		p->pos = at + n;
	} else if (chk->kind == C_NONE && cp_word_at(p, "raises")) {
		chk->kind = C_RAISES;
		if (!parse_raises(p, chk))
			return false;
	}
	cp_skip_ws(p);
	if (cp_word_at(p, "within"))
		return parse_within(p, chk);
	return true;
}

bool cp_expect_end(parser *p)
{
	cp_skip_ws(p);
	if (p->s[p->pos]) {
		cp_unexpected(p);
		return false;
	}
	return true;
}

/* issues NAME[|NAME...][, [no] NAME...]: what the traced step's system
 * calls must include (or, after `no`, must not) */
static bool parse_issues(parser *p, step *st)
{
	const char *s = p->s;

	if (!st->traced) {
		cp_perr(p, p->pos, "'issues' needs a traced step "
			"(traced EXPR ... issues ...)");
		return false;
	}
	p->pos += strlen("issues");
	for (;;) {
		size_t at, n;
		bool no = false;

		cp_skip_ws(p);
		if (cp_word_at(p, "no")) {
			no = true;
			p->pos += 2;
			cp_skip_ws(p);
		}
		at = p->pos;
		for (;;) {
			n = cp_id_len(s + p->pos);
			if (!n) {
				cp_perr(p, p->pos, "expected a system call name");
				return false;
			}
			p->pos += n;
			if (s[p->pos] != '|')
				break;
			p->pos++;
		}
		st->sys = cp_xrealloc(st->sys, (st->nsys + 1) * sizeof *st->sys);
		st->sys[st->nsys].names = cp_xstrndup(s + at, p->pos - at);
		st->sys[st->nsys].no = no;
		st->nsys++;
		cp_skip_ws(p);
		if (s[p->pos] != ',')
			return true;
		p->pos++;
	}
}

bool cp_parse_step(parser *p, step *st)
{
	const char *s = p->s;
	size_t at_off = 0;
	bool has_at = false;
	int r;

	st->kind = S_CALL;
	cp_skip_ws(p);
	if (s[p->pos] == '@') {
		int h;
		has_at = true;
		at_off = p->pos;
		p->pos++;
		h = parse_host_ref(p);
		if (h < 0)
			return false;
		st->host = h;
		cp_skip_ws(p);
	}
	if (cp_word_at(p, "sync") || cp_word_at(p, "sleep")) {
		bool sync = cp_word_at(p, "sync");
		size_t q = p->pos + (sync ? 4 : 5);
		char nx;

		while (cp_is_ws(s[q]))
			q++;
		nx = s[q];
		if (sync ? (nx == '@' || nx == '\0')
			 : (cp_is_digit(nx) || nx == '.' || nx == '-' || nx == '\0')) {
			if (has_at) {
				cp_perr(p, at_off,
					"'%s' takes no '@HOST' prefix",
					sync ? "sync" : "sleep");
				return false;
			}
			p->pos = q;
			if (sync) {
				int h;
				st->kind = S_SYNC;
				if (nx != '@') {
					cp_perr(p, q, "expected '@HOST' after 'sync'");
					return false;
				}
				p->pos++;
				h = parse_host_ref(p);
				if (h < 0)
					return false;
				st->host = h;
			} else {
				st->kind = S_SLEEP;
				if (!cp_scan_number(p, &st->seconds)) {
					cp_perr(p, q, "expected seconds after 'sleep'");
					return false;
				}
			}
			return cp_expect_end(p);
		}
	}
	/* `soft`: a failed check of this step does not stop the case. A
	 * prefix only when a step follows it: `soft = ...` binds a name */
	if (cp_word_at(p, "soft") && cp_is_ws(s[p->pos + 4])) {
		size_t q = p->pos + 4;
		while (cp_is_ws(s[q]))
			q++;
		if (s[q] && !strchr("=,.([", s[q])) {
			st->soft = true;
			p->pos = q;
		}
	}
	if (cp_word_at(p, "traced")) {
		st->traced = true;
		p->c->needs |= NEED_STRACE;
		p->pos += strlen("traced");
		cp_skip_ws(p);
	}
	r = parse_targets(p, st);
	if (r < 0)
		return false;
	st->e = cp_parse_expr(p, 0);
	if (!st->e)
		return false;
	if (!parse_check(p, &st->chk))
		return false;
	if (!cp_check_stdio(p, st->e) || !cp_check_stdio(p, st->chk.rhs))
		return false;
	cp_skip_ws(p);
	if (cp_word_at(p, "issues") && !parse_issues(p, st))
		return false;
	cp_skip_ws(p);
	if (s[p->pos] == '&') {
		if (st->traced) {
			cp_perr(p, p->pos, "a traced step cannot run in the "
				"background ('&')");
			return false;
		}
		st->async = true;
		p->pos++;
	}
	return cp_expect_end(p);
}
