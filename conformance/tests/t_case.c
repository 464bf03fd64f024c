/*
 * t_case.c — the case-file parser: every construct of the grammar in
 * conformance/README.md, and the exact "FILE:LINE:COL: reason" of
 * malformed cases.
 */
#include <atf-c.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* case.h names a type `link`, which clashes with unistd.h's link(2)
 * (atf-c.h includes unistd.h): the same rename as lang/lang.h. */
#include "lang/case.h"

#define HDR "id: t.x\ndoc: socket.rst:1\nneeds: host\n\n"
#define HDR2 "id: t.x\ndoc: socket.rst:1\nneeds: netns\nhosts: a b\n\n"

static char err[512];

static scase *ok(const char *text)
{
	scase *c = case_parse("cases/t/x.case", text, err, sizeof err);
	if (!c)
		atf_tc_fail("unexpected parse error: %s", err);
	return c;
}

/* The case must fail with exactly msg. */
static void bad(const char *text, const char *msg)
{
	scase *c = case_parse("cases/t/x.case", text, err, sizeof err);
	if (c) {
		case_free(c);
		atf_tc_fail("parsed, wanted \"%s\" for:\n%s", msg, text);
	}
	ATF_CHECK_STREQ_MSG(msg, err, "for:\n%s", text);
}

/* The case must fail with a message starting with prefix. */
static void bad_prefix(const char *text, const char *prefix)
{
	scase *c = case_parse("cases/t/x.case", text, err, sizeof err);
	if (c) {
		case_free(c);
		atf_tc_fail("parsed, wanted \"%s...\"", prefix);
	}
	ATF_CHECK_MSG(strncmp(err, prefix, strlen(prefix)) == 0,
		      "got \"%s\", wanted \"%s...\"", err, prefix);
}

/* One step after HDR. */
static scase *one(const char *stepline)
{
	char buf[1024];
	scase *c;

	snprintf(buf, sizeof buf, "%s%s\n", HDR, stepline);
	c = ok(buf);
	ATF_REQUIRE_EQ(1, c->nsteps);
	return c;
}

static void check_lit_int(const expr *e, long long i)
{
	ATF_REQUIRE(e != NULL);
	ATF_REQUIRE_EQ(E_LITERAL, e->kind);
	ATF_REQUIRE_EQ(V_INT, e->lit->kind);
	ATF_CHECK_EQ(i, e->lit->i);
}

static void check_lit_str(const expr *e, vkind k, const char *s)
{
	ATF_REQUIRE(e != NULL);
	ATF_REQUIRE_EQ(E_LITERAL, e->kind);
	ATF_REQUIRE_EQ(k, e->lit->kind);
	ATF_CHECK_EQ(strlen(s), e->lit->len);
	ATF_CHECK(memcmp(s, e->lit->s, e->lit->len) == 0);
}

static void check_name(const expr *e, const char *name)
{
	ATF_REQUIRE(e != NULL);
	ATF_REQUIRE_EQ(E_NAME, e->kind);
	ATF_CHECK_STREQ(name, e->name);
}

/* ----------------------------------------------------------------- header */

ATF_TC_WITHOUT_HEAD(header_all_keys);
ATF_TC_BODY(header_all_keys, tc)
{
	scase *c = ok("# socket.rst:710 — a comment before the header\n"
		      "id: object.accept-pair object.accept-requires-listen\n"
		      "doc: socket.rst:710 socket.rst:12\n"
		      "needs: netns root vm:can   # trailing comment\n"
		      "hosts: a b c\n"
		      "link: a b\n"
		      "link: b c\n"
		      "addr: a 10.0.0.1/24 fd00::1/64\n"
		      "addr: b 10.0.0.2/24\n"
		      "fixture: hosts=hosts.basic services=svc protocols=proto\n"
		      "impl: b cpython\n"
		      "impl: c ref\n"
		      "timeout: 2.5\n"
		      "\n"
		      "x = 1\n");
	ATF_REQUIRE_EQ(2, c->nids);
	ATF_CHECK_STREQ("object.accept-pair", c->ids[0]);
	ATF_CHECK_STREQ("object.accept-requires-listen", c->ids[1]);
	ATF_REQUIRE_EQ(2, c->ndoc);
	ATF_CHECK_EQ(710, c->doc_lines[0]);
	ATF_CHECK_EQ(12, c->doc_lines[1]);
	ATF_CHECK_EQ(NEED_NETNS | NEED_ROOT | NEED_VM_CAN, c->needs);
	ATF_REQUIRE_EQ(3, c->nhosts);
	ATF_CHECK_STREQ("a", c->hosts[0]);
	ATF_CHECK_STREQ("c", c->hosts[2]);
	ATF_CHECK(c->host_impl[0] == NULL);
	ATF_CHECK_STREQ("cpython", c->host_impl[1]);
	ATF_CHECK_STREQ("ref", c->host_impl[2]);
	ATF_REQUIRE_EQ(2, c->nlinks);
	ATF_CHECK_EQ(0, c->links[0].a);
	ATF_CHECK_EQ(1, c->links[0].b);
	ATF_CHECK_EQ(1, c->links[1].a);
	ATF_CHECK_EQ(2, c->links[1].b);
	ATF_REQUIRE_EQ(3, c->naddrs);
	ATF_CHECK_EQ(0, c->addrs[0].host);
	ATF_CHECK_STREQ("10.0.0.1/24", c->addrs[0].cidr);
	ATF_CHECK_STREQ("fd00::1/64", c->addrs[1].cidr);
	ATF_CHECK_EQ(1, c->addrs[2].host);
	ATF_CHECK_STREQ("hosts.basic", c->fixture_hosts);
	ATF_CHECK_STREQ("svc", c->fixture_services);
	ATF_CHECK_STREQ("proto", c->fixture_protocols);
	ATF_CHECK(c->timeout == 2.5);
	ATF_CHECK_STREQ("cases/t/x.case", c->path);
	ATF_CHECK_STREQ("t/x", c->name);
	case_free(c);
}

ATF_TC_WITHOUT_HEAD(header_defaults);
ATF_TC_BODY(header_defaults, tc)
{
	/* hosts may follow the keys that use it */
	scase *c = ok("\n\nid: a\ndoc: socket.rst:3\nneeds: host\n\nx = 1\n");
	ATF_REQUIRE_EQ(1, c->nhosts);
	ATF_CHECK_STREQ("h", c->hosts[0]);
	ATF_CHECK(c->host_impl[0] == NULL);
	ATF_CHECK(c->timeout == 20);
	ATF_CHECK(c->fixture_hosts == NULL);
	ATF_CHECK_EQ(0, c->nlinks);
	ATF_CHECK_EQ(0, c->naddrs);
	case_free(c);

	c = ok("link: a b\nid: a\ndoc: socket.rst:3\nneeds: host\n"
	       "hosts: a b\ntimeout: 7\n\nx = 1\n");
	ATF_CHECK_EQ(1, c->links[0].b);
	ATF_CHECK(c->timeout == 7);
	case_free(c);
}

ATF_TC_WITHOUT_HEAD(names);
ATF_TC_BODY(names, tc)
{
	static const struct { const char *path, *name; } t[] = {
		{"conformance/cases/object/accept-pair.case", "object/accept-pair"},
		{"cases/object/accept-pair.case", "object/accept-pair"},
		{"/x/cases/a/cases/b/c.case", "b/c"},
		{"/x/mycases/y.case", "y"},
		{"dir/file.txt", "file"},
		{"plain", "plain"},
		{"cases/a/b", "a/b"},
	};
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		scase *c = case_parse(t[i].path, HDR "x = 1\n", err, sizeof err);
		ATF_REQUIRE_MSG(c != NULL, "%s", err);
		ATF_CHECK_STREQ_MSG(t[i].name, c->name, "%s", t[i].path);
		case_free(c);
	}
}

ATF_TC_WITHOUT_HEAD(needs_text);
ATF_TC_BODY(needs_text, tc)
{
	char buf[128], small[8];

	case_needs_text(0, buf, sizeof buf);
	ATF_CHECK_STREQ("", buf);
	case_needs_text(NEED_NETNS | NEED_ROOT, buf, sizeof buf);
	ATF_CHECK_STREQ("netns root", buf);
	case_needs_text(0x7f, buf, sizeof buf);
	ATF_CHECK_STREQ("host netns root resolver vm:can vm:tipc vm:rds", buf);
	case_needs_text(0x7f, small, sizeof small);
	ATF_CHECK_STREQ("host", small);
}

/* ------------------------------------------------------------------ steps */

ATF_TC_WITHOUT_HEAD(readme_example);
ATF_TC_BODY(readme_example, tc)
{
	scase *c = ok(
		"# socket.rst:710 — accept() returns (conn, address)\n"
		"id: object.accept-pair object.accept-requires-listen\n"
		"doc: socket.rst:710\n"
		"needs: netns\n"
		"timeout: 10\n"
		"\n"
		"srv = socket(AF_INET, SOCK_STREAM)\n"
		"srv.bind(('127.0.0.1', 0))\n"
		"srv.accept() raises OSError(EINVAL)\n"
		"srv.listen(1)\n"
		"addr = srv.getsockname()\n"
		"cli = socket(AF_INET, SOCK_STREAM)\n"
		"cli.connect(addr)\n"
		"conn, peer = srv.accept()\n"
		"peer == cli.getsockname()\n"
		"conn.send(b'hi') == 2\n"
		"cli.recv(10) == b'hi'\n");
	step *s;
	expr *e;

	ATF_REQUIRE_EQ(11, c->nsteps);
	s = &c->steps[0];
	ATF_CHECK_EQ(S_CALL, s->kind);
	ATF_CHECK_EQ(7, s->line);
	ATF_CHECK_STREQ("srv = socket(AF_INET, SOCK_STREAM)", s->text);
	ATF_REQUIRE_EQ(1, s->ntargets);
	ATF_CHECK_STREQ("srv", s->targets[0]);
	ATF_CHECK(!s->unpack);
	e = s->e;
	ATF_REQUIRE_EQ(E_CALL, e->kind);
	ATF_CHECK(e->obj == NULL);
	ATF_CHECK_STREQ("socket", e->name);
	ATF_REQUIRE_EQ(2, e->nargs);
	check_name(e->args[0], "AF_INET");
	check_name(e->args[1], "SOCK_STREAM");
	ATF_CHECK_EQ(C_NONE, s->chk.kind);

	e = c->steps[1].e;
	ATF_REQUIRE_EQ(E_CALL, e->kind);
	check_name(e->obj, "srv");
	ATF_CHECK_STREQ("bind", e->name);
	ATF_REQUIRE_EQ(1, e->nargs);
	ATF_REQUIRE_EQ(E_LITERAL, e->args[0]->kind);
	ATF_REQUIRE_EQ(V_TUPLE, e->args[0]->lit->kind);
	ATF_REQUIRE_EQ(2, e->args[0]->lit->len);
	ATF_CHECK_STREQ("127.0.0.1", e->args[0]->lit->items[0]->s);
	ATF_CHECK_EQ(0, e->args[0]->lit->items[1]->i);

	s = &c->steps[2];
	ATF_CHECK_EQ(C_RAISES, s->chk.kind);
	ATF_CHECK_STREQ("OSError", s->chk.exc);
	ATF_CHECK(s->chk.has_code);
	ATF_CHECK_STREQ("EINVAL", s->chk.code_name);

	s = &c->steps[7];
	ATF_REQUIRE_EQ(2, s->ntargets);
	ATF_CHECK_STREQ("conn", s->targets[0]);
	ATF_CHECK_STREQ("peer", s->targets[1]);
	ATF_CHECK(s->unpack);

	s = &c->steps[8];
	ATF_CHECK_EQ(0, s->ntargets);
	check_name(s->e, "peer");
	ATF_CHECK_EQ(C_EQ, s->chk.kind);
	ATF_REQUIRE_EQ(E_CALL, s->chk.rhs->kind);
	check_name(s->chk.rhs->obj, "cli");

	s = &c->steps[10];
	check_lit_str(s->chk.rhs, V_BYTES, "hi");
	ATF_CHECK_EQ(17, s->line);
	case_free(c);
}

ATF_TC_WITHOUT_HEAD(targets);
ATF_TC_BODY(targets, tc)
{
	scase *c = one("a, = f()");
	ATF_REQUIRE_EQ(1, c->steps[0].ntargets);
	ATF_CHECK(c->steps[0].unpack);
	case_free(c);

	c = one("  _ , b,c= f() # comment");
	ATF_REQUIRE_EQ(3, c->steps[0].ntargets);
	ATF_CHECK_STREQ("_", c->steps[0].targets[0]);
	ATF_CHECK_STREQ("b", c->steps[0].targets[1]);
	ATF_CHECK_STREQ("c", c->steps[0].targets[2]);
	ATF_CHECK_STREQ("_ , b,c= f()", c->steps[0].text);
	case_free(c);

	c = one("_ = s.close()");
	ATF_CHECK_STREQ("_", c->steps[0].targets[0]);
	ATF_CHECK(!c->steps[0].unpack);
	case_free(c);

	/* x == 1 is a check, not a binding */
	c = one("x == 1");
	ATF_CHECK_EQ(0, c->steps[0].ntargets);
	check_name(c->steps[0].e, "x");
	ATF_CHECK_EQ(C_EQ, c->steps[0].chk.kind);
	case_free(c);
}

ATF_TC_WITHOUT_HEAD(literals);
ATF_TC_BODY(literals, tc)
{
	scase *c;
	expr *e;

	c = one("42");
	check_lit_int(c->steps[0].e, 42);
	case_free(c);
	c = one("0x1F");
	check_lit_int(c->steps[0].e, 31);
	case_free(c);
	c = one("-5");
	check_lit_int(c->steps[0].e, -5);
	case_free(c);
	c = one("-1.5");
	ATF_CHECK_EQ(V_FLOAT, c->steps[0].e->lit->kind);
	ATF_CHECK(c->steps[0].e->lit->f == -1.5);
	case_free(c);
	c = one("'a#b' # a comment with 'quote");
	check_lit_str(c->steps[0].e, V_STR, "a#b");
	case_free(c);
	c = one("\"it's\"");
	check_lit_str(c->steps[0].e, V_STR, "it's");
	case_free(c);
	c = one("'a\\'#'");
	check_lit_str(c->steps[0].e, V_STR, "a'#");
	case_free(c);
	c = one("b'\\x00#'");
	ATF_REQUIRE_EQ(V_BYTES, c->steps[0].e->lit->kind);
	ATF_REQUIRE_EQ(2, c->steps[0].e->lit->len);
	ATF_CHECK(memcmp("\0#", c->steps[0].e->lit->s, 2) == 0);
	case_free(c);
	c = one("None");
	ATF_CHECK_EQ(V_NONE, c->steps[0].e->lit->kind);
	case_free(c);
	c = one("True");
	ATF_CHECK_EQ(V_BOOL, c->steps[0].e->lit->kind);
	ATF_CHECK(c->steps[0].e->lit->b);
	case_free(c);
	c = one("False");
	ATF_CHECK(!c->steps[0].e->lit->b);
	case_free(c);
	c = one("{'type': 1}");
	ATF_CHECK_EQ(V_DICT, c->steps[0].e->lit->kind);
	case_free(c);

	/* displays of literals only are one literal */
	c = one("(1, -2, ('x', [None]))");
	e = c->steps[0].e;
	ATF_REQUIRE_EQ(E_LITERAL, e->kind);
	ATF_REQUIRE_EQ(V_TUPLE, e->lit->kind);
	ATF_REQUIRE_EQ(3, e->lit->len);
	ATF_CHECK_EQ(-2, e->lit->items[1]->i);
	ATF_CHECK_EQ(V_LIST, e->lit->items[2]->items[1]->kind);
	case_free(c);
	c = one("()");
	ATF_CHECK_EQ(V_TUPLE, c->steps[0].e->lit->kind);
	ATF_CHECK_EQ(0, c->steps[0].e->lit->len);
	case_free(c);
	c = one("[]");
	ATF_CHECK_EQ(V_LIST, c->steps[0].e->lit->kind);
	case_free(c);
	c = one("(1,)");
	ATF_CHECK_EQ(V_TUPLE, c->steps[0].e->lit->kind);
	ATF_CHECK_EQ(1, c->steps[0].e->lit->len);
	case_free(c);
	c = one("(7)");
	check_lit_int(c->steps[0].e, 7);
	ATF_CHECK_EQ(2, c->steps[0].e->col);
	case_free(c);
}

ATF_TC_WITHOUT_HEAD(displays_with_names);
ATF_TC_BODY(displays_with_names, tc)
{
	scase *c = one("(host, port)");
	expr *e = c->steps[0].e;

	ATF_REQUIRE_EQ(E_CALL, e->kind);
	ATF_CHECK_STREQ("(tuple)", e->name);
	ATF_CHECK(e->obj == NULL);
	ATF_REQUIRE_EQ(2, e->nargs);
	check_name(e->args[0], "host");
	case_free(c);

	c = one("[addr[0], 0, (x,)]");
	e = c->steps[0].e;
	ATF_REQUIRE_EQ(E_CALL, e->kind);
	ATF_CHECK_STREQ("(list)", e->name);
	ATF_REQUIRE_EQ(3, e->nargs);
	ATF_CHECK_EQ(E_INDEX, e->args[0]->kind);
	check_lit_int(e->args[1], 0);
	ATF_CHECK_EQ(E_CALL, e->args[2]->kind);
	ATF_CHECK_STREQ("(tuple)", e->args[2]->name);
	ATF_CHECK_EQ(1, e->args[2]->nargs);
	case_free(c);
}

ATF_TC_WITHOUT_HEAD(calls);
ATF_TC_BODY(calls, tc)
{
	scase *c = one("getaddrinfo('localhost', 80, type=SOCK_STREAM, "
		       "flags=f(g(1), h=[x]),)");
	expr *e = c->steps[0].e, *k;

	ATF_REQUIRE_EQ(E_CALL, e->kind);
	ATF_CHECK(e->obj == NULL);
	ATF_CHECK_STREQ("getaddrinfo", e->name);
	ATF_REQUIRE_EQ(2, e->nargs);
	check_lit_str(e->args[0], V_STR, "localhost");
	check_lit_int(e->args[1], 80);
	ATF_REQUIRE_EQ(2, e->nkw);
	ATF_CHECK_STREQ("type", e->kwnames[0]);
	check_name(e->kwargs[0], "SOCK_STREAM");
	ATF_CHECK_STREQ("flags", e->kwnames[1]);
	k = e->kwargs[1];
	ATF_REQUIRE_EQ(E_CALL, k->kind);
	ATF_CHECK_STREQ("f", k->name);
	ATF_REQUIRE_EQ(1, k->nargs);
	ATF_CHECK_EQ(E_CALL, k->args[0]->kind);
	ATF_CHECK_STREQ("g", k->args[0]->name);
	check_lit_int(k->args[0]->args[0], 1);
	ATF_REQUIRE_EQ(1, k->nkw);
	ATF_CHECK_STREQ("(list)", k->kwargs[0]->name);
	case_free(c);

	c = one("f()");
	ATF_CHECK_EQ(E_CALL, c->steps[0].e->kind);
	ATF_CHECK_EQ(0, c->steps[0].e->nargs);
	ATF_CHECK_EQ(0, c->steps[0].e->nkw);
	case_free(c);

	c = one("f(x = 1)");
	ATF_CHECK_STREQ("x", c->steps[0].e->kwnames[0]);
	case_free(c);

	c = one("pack('=IB3x8s', 1, 2, b'abc')");
	ATF_CHECK_EQ(4, c->steps[0].e->nargs);
	case_free(c);
}

ATF_TC_WITHOUT_HEAD(methods_attrs_index);
ATF_TC_BODY(methods_attrs_index, tc)
{
	scase *c = one("x[0].close()");
	expr *e = c->steps[0].e;

	ATF_REQUIRE_EQ(E_CALL, e->kind);
	ATF_CHECK_STREQ("close", e->name);
	ATF_CHECK_EQ(1, e->col);
	ATF_REQUIRE_EQ(E_INDEX, e->obj->kind);
	check_name(e->obj->obj, "x");
	check_lit_int(e->obj->index, 0);
	case_free(c);

	c = one("srv.accept()[0].family");
	e = c->steps[0].e;
	ATF_REQUIRE_EQ(E_ATTR, e->kind);
	ATF_CHECK_STREQ("family", e->name);
	ATF_REQUIRE_EQ(E_INDEX, e->obj->kind);
	ATF_REQUIRE_EQ(E_CALL, e->obj->obj->kind);
	ATF_CHECK_STREQ("accept", e->obj->obj->name);
	check_name(e->obj->obj->obj, "srv");
	case_free(c);

	c = one("s.family == AF_INET");
	e = c->steps[0].e;
	ATF_REQUIRE_EQ(E_ATTR, e->kind);
	check_name(e->obj, "s");
	check_name(c->steps[0].chk.rhs, "AF_INET");
	case_free(c);

	c = one("addr[1] >= 1024");
	e = c->steps[0].e;
	ATF_REQUIRE_EQ(E_INDEX, e->kind);
	check_name(e->obj, "addr");
	check_lit_int(e->index, 1);
	ATF_CHECK_EQ(C_GE, c->steps[0].chk.kind);
	case_free(c);

	c = one("len(s.recv(10)) == 3");
	e = c->steps[0].e;
	ATF_CHECK_STREQ("len", e->name);
	ATF_CHECK_STREQ("recv", e->args[0]->name);
	ATF_CHECK_EQ(5, e->args[0]->col);
	case_free(c);

	c = one("a[i][-1]");
	e = c->steps[0].e;
	ATF_REQUIRE_EQ(E_INDEX, e->kind);
	check_lit_int(e->index, -1);
	ATF_REQUIRE_EQ(E_INDEX, e->obj->kind);
	check_name(e->obj->index, "i");
	case_free(c);
}

ATF_TC_WITHOUT_HEAD(checks);
ATF_TC_BODY(checks, tc)
{
	static const struct { const char *op; ckind k; } ops[] = {
		{"==", C_EQ}, {"!=", C_NE}, {"<", C_LT}, {"<=", C_LE},
		{">", C_GT}, {">=", C_GE},
	};
	static const char *const types[] = {
		"int", "float", "str", "bytes", "bool", "tuple", "list",
		"None", "dict", "socket", "file",
	};
	char buf[64];
	size_t i;
	scase *c;
	check *k;

	for (i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		snprintf(buf, sizeof buf, "x %s 3", ops[i].op);
		c = one(buf);
		ATF_CHECK_EQ(ops[i].k, c->steps[0].chk.kind);
		check_lit_int(c->steps[0].chk.rhs, 3);
		case_free(c);
		snprintf(buf, sizeof buf, "x%s-3", ops[i].op);
		c = one(buf);
		ATF_CHECK_EQ(ops[i].k, c->steps[0].chk.kind);
		check_lit_int(c->steps[0].chk.rhs, -3);
		case_free(c);
	}
	for (i = 0; i < sizeof types / sizeof types[0]; i++) {
		snprintf(buf, sizeof buf, "x is %s", types[i]);
		c = one(buf);
		ATF_CHECK_EQ(C_IS, c->steps[0].chk.kind);
		ATF_CHECK_STREQ(types[i], c->steps[0].chk.type);
		case_free(c);
	}

	c = one("s.type in (SOCK_STREAM, 1)");
	k = &c->steps[0].chk;
	ATF_CHECK_EQ(C_IN, k->kind);
	ATF_CHECK_STREQ("(tuple)", k->rhs->name);
	case_free(c);
	c = one("x in (1, 2)");
	ATF_CHECK_EQ(V_TUPLE, c->steps[0].chk.rhs->lit->kind);
	case_free(c);
	c = one("index in [1]");
	check_name(c->steps[0].e, "index");
	ATF_CHECK_EQ(C_IN, c->steps[0].chk.kind);
	case_free(c);

	c = one("f() raises ValueError");
	k = &c->steps[0].chk;
	ATF_CHECK_EQ(C_RAISES, k->kind);
	ATF_CHECK_STREQ("ValueError", k->exc);
	ATF_CHECK(!k->has_code);
	ATF_CHECK(!k->has_within);
	case_free(c);

	c = one("getaddrinfo('nowhere.invalid', 80) raises gaierror(-2)");
	k = &c->steps[0].chk;
	ATF_CHECK_STREQ("gaierror", k->exc);
	ATF_CHECK(k->has_code);
	ATF_CHECK(k->code_name == NULL);
	ATF_CHECK_EQ(-2, k->code);
	case_free(c);

	c = one("f() raises exactly OSError(EINVAL)");
	k = &c->steps[0].chk;
	ATF_CHECK(k->exact);
	ATF_CHECK_STREQ("OSError", k->exc);
	ATF_CHECK_STREQ("EINVAL", k->code_name);
	case_free(c);
	c = one("f() raises OSError");
	ATF_CHECK(!c->steps[0].chk.exact);
	ATF_CHECK(!c->steps[0].chk.code_none);
	case_free(c);
	c = one("f() raises herror(HOST_NOT_FOUND, hstrerror)");
	ATF_CHECK_STREQ("hstrerror", c->steps[0].chk.msg_fn);
	ATF_CHECK_STREQ("HOST_NOT_FOUND", c->steps[0].chk.code_name);
	case_free(c);
	c = one("f() raises timeout(~'^timed out$') within 0..2");
	ATF_CHECK_STREQ("^timed out$", c->steps[0].chk.msg_re);
	ATF_CHECK(!c->steps[0].chk.has_code);
	ATF_CHECK(c->steps[0].chk.has_within);
	case_free(c);
	c = one("traced s.recv(1) == b'x' issues recvfrom|recv, no poll");
	ATF_CHECK(c->steps[0].traced);
	ATF_REQUIRE_EQ(2, c->steps[0].nsys);
	ATF_CHECK_STREQ("recvfrom|recv", c->steps[0].sys[0].names);
	ATF_CHECK(!c->steps[0].sys[0].no);
	ATF_CHECK_STREQ("poll", c->steps[0].sys[1].names);
	ATF_CHECK(c->steps[0].sys[1].no);
	ATF_CHECK_EQ(C_EQ, c->steps[0].chk.kind);
	case_free(c);
	c = one("socket.error is OSError");
	ATF_CHECK_EQ(C_IS, c->steps[0].chk.kind);
	ATF_CHECK_STREQ("OSError", c->steps[0].chk.type);
	case_free(c);
	c = one("f() raises OSError(None)");
	ATF_CHECK(c->steps[0].chk.has_code);
	ATF_CHECK(c->steps[0].chk.code_none);
	case_free(c);

	c = one("f() raises OSError( 98 )");
	ATF_CHECK_EQ(98, c->steps[0].chk.code);
	case_free(c);

	c = one("f() raises gaierror(EAI_NONAME)");
	ATF_CHECK_STREQ("EAI_NONAME", c->steps[0].chk.code_name);
	case_free(c);

	c = one("c.recv(1) raises timeout within 0.15..2");
	k = &c->steps[0].chk;
	ATF_CHECK_EQ(C_RAISES, k->kind);
	ATF_CHECK_STREQ("timeout", k->exc);
	ATF_CHECK(k->has_within);
	ATF_CHECK(k->lo == 0.15);
	ATF_CHECK(k->hi == 2);
	case_free(c);

	c = one("c.recv(1) within 1..2.5");
	k = &c->steps[0].chk;
	ATF_CHECK_EQ(C_NONE, k->kind);
	ATF_CHECK(k->has_within);
	ATF_CHECK(k->lo == 1);
	ATF_CHECK(k->hi == 2.5);
	case_free(c);

	c = one("c.recv(1) == b'' within 0 .. 1e1");
	k = &c->steps[0].chk;
	ATF_CHECK_EQ(C_EQ, k->kind);
	ATF_CHECK(k->has_within);
	ATF_CHECK(k->hi == 10);
	case_free(c);
}

ATF_TC_WITHOUT_HEAD(hosts_async_sync_sleep);
ATF_TC_BODY(hosts_async_sync_sleep, tc)
{
	scase *c = ok(HDR2
		      "@b srv = socket()\n"
		      "   # an indented comment\n"
		      "\n"
		      "@a conn, peer = srv.accept() &\n"
		      "x = 1 &\n"
		      "@b c.recv(1) raises timeout within 0..1 &  # comment\n"
		      "sync @a\n"
		      "sleep 0.5\n"
		      "sleep 2\n"
		      "sync = 1\n"
		      "sleep(1)\n");
	step *s = c->steps;

	ATF_REQUIRE_EQ(9, c->nsteps);
	ATF_CHECK_EQ(1, s[0].host);
	ATF_CHECK(!s[0].async);
	ATF_CHECK_EQ(0, s[1].host);
	ATF_CHECK(s[1].async);
	ATF_CHECK_EQ(2, s[1].ntargets);
	ATF_CHECK_EQ(9, s[1].line);
	ATF_CHECK_EQ(0, s[2].host);
	ATF_CHECK(s[2].async);
	ATF_CHECK_EQ(1, s[3].host);
	ATF_CHECK(s[3].async);
	ATF_CHECK(s[3].chk.has_within);
	ATF_CHECK_STREQ("@b c.recv(1) raises timeout within 0..1 &", s[3].text);
	ATF_CHECK_EQ(S_SYNC, s[4].kind);
	ATF_CHECK_EQ(0, s[4].host);
	ATF_CHECK_EQ(S_SLEEP, s[5].kind);
	ATF_CHECK(s[5].seconds == 0.5);
	ATF_CHECK_EQ(S_SLEEP, s[6].kind);
	ATF_CHECK(s[6].seconds == 2);
	ATF_CHECK_EQ(S_CALL, s[7].kind);
	ATF_CHECK_STREQ("sync", s[7].targets[0]);
	ATF_CHECK_EQ(S_CALL, s[8].kind);
	ATF_CHECK_STREQ("sleep", s[8].e->name);
	case_free(c);
}

/* --------------------------------------------------------------- failures */

ATF_TC_WITHOUT_HEAD(header_errors);
ATF_TC_BODY(header_errors, tc)
{
	bad("doc: socket.rst:1\nneeds: host\n\nx\n",
	    "cases/t/x.case:1:1: missing key 'id'");
	bad("id: a\ndoc: socket.rst:1\nneeds: host\nlocale: latin1\n\nx\n",
	    "cases/t/x.case:4:9: locale takes 'C' or 'C.UTF-8'");
	{
		scase *lc = ok("id: a\ndoc: socket.rst:1\nneeds: host\n"
			       "locale: C\n\nx\n");
		ATF_CHECK_STREQ("C", lc->locale);
		case_free(lc);
	}
	bad("id: a\nneeds: host\n\nx\n",
	    "cases/t/x.case:1:1: missing key 'doc'");
	bad("id: a\ndoc: socket.rst:1\n\nx\n",
	    "cases/t/x.case:1:1: missing key 'needs'");
	bad("", "cases/t/x.case:1:1: missing key 'id'");
	bad("id: a\ndoc: socket.rst:1\nneeds: host\ncolour: red\n\nx\n",
	    "cases/t/x.case:4:1: unknown key 'colour'");
	bad("id: a\nid: b\ndoc: socket.rst:1\nneeds: host\n\nx\n",
	    "cases/t/x.case:2:1: duplicate key 'id'");
	bad("id a\n", "cases/t/x.case:1:4: expected ':'");
	bad("id: a\n  = 3\n", "cases/t/x.case:2:3: expected 'key: value'");
	bad("id:   \n", "cases/t/x.case:1:4: empty value");
	bad("id: a # only a comment follows\nneeds:# x\n",
	    "cases/t/x.case:2:7: empty value");
	bad("id: a\ndoc: socket.rst:1 rst:2\nneeds: host\n\nx\n",
	    "cases/t/x.case:2:19: expected socket.rst:LINE");
	bad("id: a\ndoc: socket.rst:0\nneeds: host\n\nx\n",
	    "cases/t/x.case:2:6: expected socket.rst:LINE");
	bad("id: a\ndoc: socket.rst:12x\nneeds: host\n\nx\n",
	    "cases/t/x.case:2:6: expected socket.rst:LINE");
	bad("id: a\ndoc: socket.rst:1\nneeds: netns vm:foo\n\nx\n",
	    "cases/t/x.case:3:14: unknown need 'vm:foo'");
	/* a key after the blank line is a (bad) step */
	bad(HDR2 "x\n" "hosts: c\n", "cases/t/x.case:7:6: unexpected ':'");
	bad("id: a\ndoc: socket.rst:1\nneeds: host\nhosts: a 1b\n\nx\n",
	    "cases/t/x.case:4:10: host name must be an identifier");
	bad("id: a\ndoc: socket.rst:1\nneeds: host\nhosts: a b a\n\nx\n",
	    "cases/t/x.case:4:12: duplicate host 'a'");
	bad("id: a\ndoc: socket.rst:1\nneeds: host\nhosts: a b\nlink: a c\n\nx\n",
	    "cases/t/x.case:5:9: unknown host 'c'");
	bad("id: a\ndoc: socket.rst:1\nneeds: host\nhosts: a b\nlink: a\n\nx\n",
	    "cases/t/x.case:5:8: link needs two hosts");
	bad("id: a\ndoc: socket.rst:1\nneeds: host\nhosts: a b\nlink: a a\n\nx\n",
	    "cases/t/x.case:5:9: link joins 'a' to itself");
	bad("id: a\ndoc: socket.rst:1\nneeds: host\nhosts: a b\nlink: a b a\n\nx\n",
	    "cases/t/x.case:5:11: unexpected 'a'");
	bad("id: a\ndoc: socket.rst:1\nneeds: host\nlink: h b\n\nx\n",
	    "cases/t/x.case:4:9: unknown host 'b'");
	bad("id: a\ndoc: socket.rst:1\nneeds: host\naddr: h 10.0.0.300/24\n\nx\n",
	    "cases/t/x.case:4:9: bad address '10.0.0.300/24' (want IP/PREFIX)");
	bad("id: a\ndoc: socket.rst:1\nneeds: host\naddr: h 10.0.0.1/33\n\nx\n",
	    "cases/t/x.case:4:9: bad address '10.0.0.1/33' (want IP/PREFIX)");
	bad("id: a\ndoc: socket.rst:1\nneeds: host\naddr: h 10.0.0.1\n\nx\n",
	    "cases/t/x.case:4:9: bad address '10.0.0.1' (want IP/PREFIX)");
	bad("id: a\ndoc: socket.rst:1\nneeds: host\naddr: h\n\nx\n",
	    "cases/t/x.case:4:8: addr needs HOST IP/PREFIX");
	bad("id: a\ndoc: socket.rst:1\nneeds: host\naddr: z 1.2.3.4/8\n\nx\n",
	    "cases/t/x.case:4:7: unknown host 'z'");
	bad("id: a\ndoc: socket.rst:1\nneeds: host\n"
	    "addr: h 1.2.3.4/8 ::1/128 5.6.7.8/8\n\nx\n",
	    "cases/t/x.case:4:27: unexpected '5'");
	bad("id: a\ndoc: socket.rst:1\nneeds: host\nfixture: passwd=x\n\nx\n",
	    "cases/t/x.case:4:10: unknown fixture 'passwd'");
	bad("id: a\ndoc: socket.rst:1\nneeds: host\nfixture: hosts\n\nx\n",
	    "cases/t/x.case:4:10: expected hosts=PATH, services=PATH or protocols=PATH");
	bad("id: a\ndoc: socket.rst:1\nneeds: host\nfixture: hosts=a hosts=b\n\nx\n",
	    "cases/t/x.case:4:18: duplicate fixture 'hosts'");
	bad("id: a\ndoc: socket.rst:1\nneeds: host\nfixture: services=\n\nx\n",
	    "cases/t/x.case:4:19: expected a path after '='");
	bad("id: a\ndoc: socket.rst:1\nneeds: host\nimpl: x ref\n\nx\n",
	    "cases/t/x.case:4:7: unknown host 'x'");
	bad("id: a\ndoc: socket.rst:1\nneeds: host\nimpl: h\n\nx\n",
	    "cases/t/x.case:4:8: impl needs HOST IMPL");
	bad("id: a\ndoc: socket.rst:1\nneeds: host\nimpl: h ref\nimpl: h pypy\n\nx\n",
	    "cases/t/x.case:5:8: duplicate impl for host 'h'");
	bad("id: a\ndoc: socket.rst:1\nneeds: host\ntimeout: 0\n\nx\n",
	    "cases/t/x.case:4:10: timeout must be a positive number");
	bad("id: a\ndoc: socket.rst:1\nneeds: host\ntimeout: -1\n\nx\n",
	    "cases/t/x.case:4:10: timeout must be a positive number");
	bad("id: a\ndoc: socket.rst:1\nneeds: host\ntimeout: 5s\n\nx\n",
	    "cases/t/x.case:4:10: timeout must be a positive number");
	bad("id: a\ndoc: socket.rst:1\nneeds: host\ntimeout: 1e999\n\nx\n",
	    "cases/t/x.case:4:10: timeout must be a positive number");
	bad(HDR, "cases/t/x.case:5:1: no steps");
	bad(HDR "# only comments\n\n   \n", "cases/t/x.case:5:1: no steps");
	bad("id: a\ndoc: socket.rst:1\nneeds: host\n",
	    "cases/t/x.case:4:1: no steps");
}

ATF_TC_WITHOUT_HEAD(step_errors);
ATF_TC_BODY(step_errors, tc)
{
	/* HDR is 4 lines: the first step is line 5 */
	bad(HDR "x = f(1, 2\n", "cases/t/x.case:5:11: expected ')'");
	bad(HDR "srv.bind(('', 0)\n", "cases/t/x.case:5:17: expected ')'");
	bad(HDR "f(1 2)\n", "cases/t/x.case:5:5: expected ')'");
	bad(HDR "[1, 2\n", "cases/t/x.case:5:6: expected ']'");
	bad(HDR "(a, b c)\n", "cases/t/x.case:5:7: expected ')'");
	bad(HDR "x[0\n", "cases/t/x.case:5:4: expected ']'");
	bad(HDR "x = \n", "cases/t/x.case:5:4: expected an expression");
	bad(HDR "x == \n", "cases/t/x.case:5:5: expected an expression");
	bad(HDR "f(,)\n", "cases/t/x.case:5:3: expected an expression");
	bad(HDR "x.\n", "cases/t/x.case:5:3: expected a name after '.'");
	bad(HDR "x.1\n", "cases/t/x.case:5:3: expected a name after '.'");
	bad(HDR "f(x=1, 2)\n",
	    "cases/t/x.case:5:8: positional argument follows keyword argument");
	bad(HDR "f(x=1, x=2)\n",
	    "cases/t/x.case:5:8: duplicate keyword argument 'x'");
	bad(HDR "x[0](1)\n",
	    "cases/t/x.case:5:5: only a name or a method can be called");
	bad(HDR "f()()\n",
	    "cases/t/x.case:5:4: only a name or a method can be called");
	bad(HDR "None = 1\n", "cases/t/x.case:5:1: cannot assign to 'None'");
	bad(HDR "a, True = 1\n", "cases/t/x.case:5:4: cannot assign to 'True'");
	bad(HDR "x = 1 = 2\n", "cases/t/x.case:5:7: unexpected '='");
	bad(HDR "f() foo\n", "cases/t/x.case:5:5: unexpected 'foo'");
	/* & followed by more is bitwise and; only a trailing & is async */
	bad(HDR "f() & & x\n", "cases/t/x.case:5:7: expected an expression");
	bad(HDR "f() & &\n", "cases/t/x.case:5:7: expected an expression");
	bad(HDR "f() \x01\n", "cases/t/x.case:5:5: unexpected byte 0x01");
	bad(HDR "x is integer\n", "cases/t/x.case:5:6: unknown type 'integer'");
	bad(HDR "f() issues poll\n",
	    "cases/t/x.case:5:5: 'issues' needs a traced step (traced EXPR ... issues ...)");
	bad(HDR "traced f() &\n",
	    "cases/t/x.case:5:12: a traced step cannot run in the background ('&')");
	bad(HDR "traced f() issues , poll\n",
	    "cases/t/x.case:5:19: expected a system call name");
	bad(HDR "f() raises herror(1, strerr)\n",
	    "cases/t/x.case:5:22: expected ~'regex', strerror, hstrerror or gai_strerror");
	bad(HDR "f() raises timeout(~3)\n",
	    "cases/t/x.case:5:21: expected a str literal after '~'");
	bad(HDR "x is\n", "cases/t/x.case:5:5: expected a type name after 'is'");
	bad(HDR "f() raises\n",
	    "cases/t/x.case:5:11: expected an exception class after 'raises'");
	bad(HDR "f() raises OSError(\n",
	    "cases/t/x.case:5:20: expected an UPPERCASE name or an int");
	bad(HDR "f() raises OSError(eaddrinuse)\n",
	    "cases/t/x.case:5:20: expected an UPPERCASE name or an int");
	bad(HDR "f() raises OSError(Errno)\n",
	    "cases/t/x.case:5:20: expected an UPPERCASE name or an int");
	bad(HDR "f() raises OSError(-)\n",
	    "cases/t/x.case:5:20: expected an UPPERCASE name or an int");
	bad(HDR "f() raises OSError(12a)\n",
	    "cases/t/x.case:5:20: bad error code");
	bad(HDR "f() raises OSError(99999999999999999999)\n",
	    "cases/t/x.case:5:20: bad error code");
	bad(HDR "f() raises OSError(EINVAL\n",
	    "cases/t/x.case:5:26: expected ')'");
	bad(HDR "f() raises OSError(EINVAL) == 1\n",
	    "cases/t/x.case:5:28: unexpected '='");
	bad(HDR "f() within\n", "cases/t/x.case:5:11: expected a number");
	bad(HDR "f() within 1\n", "cases/t/x.case:5:13: expected '..'");
	bad(HDR "f() within 1..\n", "cases/t/x.case:5:15: expected a number");
	bad(HDR "f() within -1..2\n", "cases/t/x.case:5:12: expected a number");
	bad(HDR "f() within 3..2\n", "cases/t/x.case:5:12: within needs LO <= HI");
	bad(HDR "f() within 1..2 within 1..2\n",
	    "cases/t/x.case:5:17: unexpected 'within'");
	bad(HDR "@z f()\n", "cases/t/x.case:5:2: unknown host 'z'");
	bad(HDR "@ f()\n", "cases/t/x.case:5:2: expected a host name after '@'");
	bad(HDR "sync\n", "cases/t/x.case:5:5: expected '@HOST' after 'sync'");
	bad(HDR "sync @q\n", "cases/t/x.case:5:7: unknown host 'q'");
	bad(HDR "sync @h x\n", "cases/t/x.case:5:9: unexpected 'x'");
	bad(HDR "@h sync @h\n", "cases/t/x.case:5:1: 'sync' takes no '@HOST' prefix");
	bad(HDR "sleep\n", "cases/t/x.case:5:6: expected seconds after 'sleep'");
	bad(HDR "sleep -1\n", "cases/t/x.case:5:7: expected seconds after 'sleep'");
	bad(HDR "sleep 1 2\n", "cases/t/x.case:5:9: unexpected '2'");
	bad(HDR "x = (((((((((((((((((((((((((((((((((((((((((((((((((("
		"((((((((((((((((((((((((((((((((((((((((((((((((((((((1\n",
	    "cases/t/x.case:5:106: expression nested too deeply");
	bad(HDR "x = 1\n\ny = f(\n", "cases/t/x.case:7:7: expected an expression");
	bad(HDR2 "@c x = 1\n", "cases/t/x.case:6:2: unknown host 'c'");
	/* literal errors come from v_parse: check the position only */
	bad_prefix(HDR "x = 'abc\n", "cases/t/x.case:5:");
	bad_prefix(HDR "x = f(b'\\xZZ')\n", "cases/t/x.case:5:");
	bad_prefix(HDR "x = {'a': y}\n", "cases/t/x.case:5:");
	bad_prefix(HDR "x = 0x\n", "cases/t/x.case:5:");
}

/* e is the binary operator op over (l, r) */
static void check_binop(const expr *e, const char *op)
{
	ATF_REQUIRE(e != NULL);
	ATF_REQUIRE_EQ_MSG(E_BINOP, e->kind, "wanted %s", op);
	ATF_CHECK_STREQ(op, e->name);
}

ATF_TC_WITHOUT_HEAD(operators);
ATF_TC_BODY(operators, tc)
{
	scase *c;
	expr *e;

	/* the flags of socket.rst's getnameinfo and recvmsg texts */
	c = one("getnameinfo(addr, NI_NUMERICHOST | NI_NUMERICSERV)");
	e = c->steps[0].e->args[1];
	check_binop(e, "|");
	check_name(e->obj, "NI_NUMERICHOST");
	check_name(e->index, "NI_NUMERICSERV");
	case_free(c);
	c = one("flags & MSG_CTRUNC == 0");
	check_binop(c->steps[0].e, "&");
	ATF_CHECK_EQ(C_EQ, c->steps[0].chk.kind);
	check_lit_int(c->steps[0].chk.rhs, 0);
	case_free(c);

	/* precedence, lowest first: | ^ & << >> + - * / // % unary ** */
	c = one("a | b ^ c & d << e + f * g ** h");
	e = c->steps[0].e;
	check_binop(e, "|");
	check_binop(e->index, "^");
	check_binop(e->index->index, "&");
	check_binop(e->index->index->index, "<<");
	check_binop(e->index->index->index->index, "+");
	check_binop(e->index->index->index->index->index, "*");
	check_binop(e->index->index->index->index->index->index, "**");
	case_free(c);
	/* left-associative: a - b - c is (a - b) - c */
	c = one("a - b - c");
	check_binop(c->steps[0].e, "-");
	check_binop(c->steps[0].e->obj, "-");
	check_name(c->steps[0].e->index, "c");
	case_free(c);
	/* ** is right-associative and binds tighter than a unary minus on
	 * its left: -2 ** 2 is -(2 ** 2), 2 ** -1 has -1 as a literal */
	c = one("2 ** 3 ** 2");
	check_binop(c->steps[0].e, "**");
	check_binop(c->steps[0].e->index, "**");
	case_free(c);
	c = one("-2 ** 2");
	ATF_REQUIRE_EQ(E_UNOP, c->steps[0].e->kind);
	ATF_CHECK_STREQ("-", c->steps[0].e->name);
	check_binop(c->steps[0].e->obj, "**");
	case_free(c);
	c = one("2 ** -1");
	check_lit_int(c->steps[0].e->index, -1);
	case_free(c);
	c = one("x // 2 % 3 / 4");
	check_binop(c->steps[0].e, "/");
	check_binop(c->steps[0].e->obj, "%");
	check_binop(c->steps[0].e->obj->obj, "//");
	case_free(c);
	c = one("~x >> 1");
	check_binop(c->steps[0].e, ">>");
	ATF_REQUIRE_EQ(E_UNOP, c->steps[0].e->obj->kind);
	ATF_CHECK_STREQ("~", c->steps[0].e->obj->name);
	case_free(c);
	c = one("-x");
	ATF_REQUIRE_EQ(E_UNOP, c->steps[0].e->kind);
	case_free(c);
	c = one("(a + b) * c");
	check_binop(c->steps[0].e, "*");
	check_binop(c->steps[0].e->obj, "+");
	case_free(c);
	/* integers of any size, as literals and folded negatives */
	c = one("CMSG_SPACE(2**63) raises OverflowError");
	check_binop(c->steps[0].e->args[0], "**");
	case_free(c);
	c = one("x = 18446744073709551616");
	ATF_CHECK_EQ(V_BIGINT, c->steps[0].e->lit->kind);
	case_free(c);
	c = one("x = -9223372036854775808");
	check_lit_int(c->steps[0].e, -9223372036854775807LL - 1);
	case_free(c);
	c = one("b'\\x00' * 8");
	check_binop(c->steps[0].e, "*");
	case_free(c);
	/* a trailing & is the background marker, not an operator */
	c = one("s.recv(1) &");
	ATF_CHECK(c->steps[0].async);
	ATF_CHECK_EQ(E_CALL, c->steps[0].e->kind);
	case_free(c);
	c = one("a & b &");
	ATF_CHECK(c->steps[0].async);
	check_binop(c->steps[0].e, "&");
	case_free(c);
	/* displays of folded literals stay literals */
	c = one("(1, -2, -0x10)");
	ATF_REQUIRE_EQ(E_LITERAL, c->steps[0].e->kind);
	ATF_CHECK_EQ(-16, c->steps[0].e->lit->items[2]->i);
	case_free(c);
}

ATF_TC_WITHOUT_HEAD(slices);
ATF_TC_BODY(slices, tc)
{
	scase *c;
	expr *e;

	c = one("n[:1] == b'x'");
	e = c->steps[0].e;
	ATF_REQUIRE_EQ(E_SLICE, e->kind);
	check_name(e->obj, "n");
	ATF_REQUIRE_EQ(3, e->nargs);
	ATF_CHECK(e->args[0] == NULL);
	check_lit_int(e->args[1], 1);
	ATF_CHECK(e->args[2] == NULL);
	case_free(c);
	c = one("x[1:3]");
	e = c->steps[0].e;
	check_lit_int(e->args[0], 1);
	check_lit_int(e->args[1], 3);
	case_free(c);
	c = one("x[::-1]");
	e = c->steps[0].e;
	ATF_REQUIRE_EQ(E_SLICE, e->kind);
	ATF_CHECK(e->args[0] == NULL && e->args[1] == NULL);
	check_lit_int(e->args[2], -1);
	case_free(c);
	c = one("x[-1]");
	ATF_REQUIRE_EQ(E_INDEX, c->steps[0].e->kind);
	check_lit_int(c->steps[0].e->index, -1);
	case_free(c);
	c = one("x[ : ]");
	ATF_REQUIRE_EQ(E_SLICE, c->steps[0].e->kind);
	case_free(c);
	/* socket.rst's memoryview(b2)[2:9]: a slice of a call */
	c = one("memoryview(b2)[2:9]");
	e = c->steps[0].e;
	ATF_REQUIRE_EQ(E_SLICE, e->kind);
	ATF_CHECK_EQ(E_CALL, e->obj->kind);
	ATF_CHECK_STREQ("memoryview", e->obj->name);
	case_free(c);
	c = one("x[a + 1:len(x) - 1]");
	check_binop(c->steps[0].e->args[0], "+");
	check_binop(c->steps[0].e->args[1], "-");
	case_free(c);
}

ATF_TC_WITHOUT_HEAD(comparisons);
ATF_TC_BODY(comparisons, tc)
{
	static const char *const ops[] = {"==", "!=", "<", "<=", ">", ">=",
		"in", "not in", "is", "is not"};
	char buf[128];
	scase *c;

	/* inside brackets a comparison is a value */
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		snprintf(buf, sizeof buf, "f(a %s b)", ops[i]);
		c = one(buf);
		check_binop(c->steps[0].e->args[0], ops[i]);
		case_free(c);
	}
	c = one("(x & 1 == 1) == True");
	check_binop(c->steps[0].e, "==");
	check_binop(c->steps[0].e->obj, "&");
	ATF_CHECK_EQ(C_EQ, c->steps[0].chk.kind);
	case_free(c);
	c = one("x not in (1, 2)");
	ATF_CHECK_EQ(C_NOTIN, c->steps[0].chk.kind);
	ATF_CHECK_EQ(V_TUPLE, c->steps[0].chk.rhs->lit->kind);
	case_free(c);
	c = one("x in (A | B, C)");
	ATF_CHECK_EQ(C_IN, c->steps[0].chk.kind);
	ATF_CHECK_STREQ("(tuple)", c->steps[0].chk.rhs->name);
	case_free(c);
	c = one("x == 1 << 20");
	check_binop(c->steps[0].chk.rhs, "<<");
	case_free(c);
	/* the error of a raise can be bound: e is its args */
	c = one("e = gethostbyaddr('192.0.2.1') raises herror");
	ATF_CHECK_EQ(1, c->steps[0].ntargets);
	ATF_CHECK_EQ(C_RAISES, c->steps[0].chk.kind);
	case_free(c);
	c = one("e[1] == hstrerror(e[0])");
	ATF_CHECK_STREQ("hstrerror", c->steps[0].chk.rhs->name);
	case_free(c);
}

ATF_TC_WITHOUT_HEAD(operator_errors);
ATF_TC_BODY(operator_errors, tc)
{
	bad(HDR "x = 1 +\n", "cases/t/x.case:5:8: expected an expression");
	bad(HDR "x = a | | b\n", "cases/t/x.case:5:9: expected an expression");
	bad(HDR "x = 2 **\n", "cases/t/x.case:5:9: expected an expression");
	bad(HDR "x[1:2:3:4]\n", "cases/t/x.case:5:8: expected ']'");
	bad(HDR "x[]\n", "cases/t/x.case:5:3: expected an expression");
	bad(HDR "x[1:\n", "cases/t/x.case:5:5: expected an expression");
	bad(HDR "x[1:2\n", "cases/t/x.case:5:6: expected ']'");
	bad(HDR "f(0 < x < 9)\n",
	    "cases/t/x.case:5:9: chained comparisons are not supported");
	bad(HDR "x not (1,)\n", "cases/t/x.case:5:7: expected 'in' after 'not'");
	bad(HDR "x == 1 == 2\n", "cases/t/x.case:5:8: unexpected '='");
	bad(HDR "x = ~\n", "cases/t/x.case:5:6: expected an expression");
	bad(HDR "y = 1\nx = 3 % * 2\n", "cases/t/x.case:6:9: expected an expression");
}

ATF_TC_WITHOUT_HEAD(errbuf_edges);
ATF_TC_BODY(errbuf_edges, tc)
{
	char tiny[12];
	scase *c;

	ATF_CHECK(case_parse("p", "", NULL, 0) == NULL);
	ATF_CHECK(case_parse("p", "", tiny, 0) == NULL);
	ATF_CHECK(case_parse("p", "", tiny, sizeof tiny) == NULL);
	ATF_CHECK_STREQ("p:1:1: miss", tiny);
	c = case_parse(NULL, HDR "x\n", err, sizeof err);
	ATF_REQUIRE(c != NULL);
	case_free(c);
	case_free(NULL);
}

ATF_TC_WITHOUT_HEAD(load);
ATF_TC_BODY(load, tc)
{
	static const char text[] = HDR "x = 1\r\ny = 2\r\n";
	char dir[] = "/tmp/t_case.XXXXXX", path[128];
	FILE *f;
	scase *c;

	ATF_REQUIRE(mkdtemp(dir) != NULL);
	snprintf(path, sizeof path, "%s/cases", dir);
	ATF_REQUIRE(mkdir(path, 0755) == 0);
	snprintf(path, sizeof path, "%s/cases/good.case", dir);
	f = fopen(path, "wb");
	ATF_REQUIRE(f != NULL);
	fputs(text, f);
	fclose(f);
	c = case_load(path, err, sizeof err);
	unlink(path);
	ATF_REQUIRE_MSG(c != NULL, "%s", err);
	ATF_CHECK_STREQ("good", c->name);
	ATF_REQUIRE_EQ(2, c->nsteps);
	ATF_CHECK_STREQ("x = 1", c->steps[0].text);
	case_free(c);
	snprintf(path, sizeof path, "%s/cases", dir);
	rmdir(path);

	snprintf(path, sizeof path, "%s/nul.case", dir);
	f = fopen(path, "wb");
	ATF_REQUIRE(f != NULL);
	fwrite("id: a\nx\0y\n", 1, 10, f);
	fclose(f);
	c = case_load(path, err, sizeof err);
	unlink(path);
	ATF_CHECK(c == NULL);
	ATF_CHECK(strstr(err, "/nul.case:2:2: NUL byte") != NULL);

	snprintf(path, sizeof path, "%s/missing.case", dir);
	ATF_CHECK(case_load(path, err, sizeof err) == NULL);
	ATF_CHECK(strstr(err, "/missing.case:1:1: cannot open: "
			      "No such file or directory") != NULL);
	rmdir(dir);
}

/* Mutations of a rich case must never crash nor leak (run under ASan or
 * valgrind to see the latter). */
ATF_TC_WITHOUT_HEAD(robust);
ATF_TC_BODY(robust, tc)
{
	static const char base[] =
		"id: a b\ndoc: socket.rst:1\nneeds: netns\nhosts: a b\n"
		"link: a b\naddr: a 10.0.0.1/24\nfixture: hosts=h\n"
		"impl: b ref\ntimeout: 3\n\n"
		"@b x, y = f((1, z), [a[0].b], k=-2.5, s='#\\'x') == (1,) &\n"
		"g() raises gaierror(-2) within 0..1 # c\n"
		"sync @b\nsleep 0.1\nq in [1, 2]\nq is None\n";
	static const char junk[] = "()[]{},.=<>!@&#'\"\\-_ \n\taZ09.:";
	char buf[sizeof base + 8];
	unsigned seed = 12345;
	size_t n = sizeof base - 1, i, parsed = 0;
	int round;

	for (round = 0; round < 20000; round++) {
		scase *c;
		int k, edits;

		memcpy(buf, base, n + 1);
		seed = seed * 1103515245u + 12345u;
		edits = 1 + (int)((seed >> 16) % 4);
		for (k = 0; k < edits; k++) {
			seed = seed * 1103515245u + 12345u;
			i = (seed >> 8) % n;
			seed = seed * 1103515245u + 12345u;
			if ((seed >> 16) % 5 == 0)
				buf[i] = (char)(1 + (seed >> 20) % 255);
			else
				buf[i] = junk[(seed >> 20) % (sizeof junk - 1)];
		}
		seed = seed * 1103515245u + 12345u;
		if ((seed >> 16) % 7 == 0)
			buf[(seed >> 4) % n] = '\0'; /* truncation */
		c = case_parse("cases/r.case", buf, err, sizeof err);
		if (c) {
			parsed++;
			case_free(c);
		} else {
			ATF_CHECK_MSG(strncmp(err, "cases/r.case:", 13) == 0,
				      "%s", err);
		}
	}
	ATF_CHECK(parsed > 0);
}

/* socket.rst's examples print and exit (1264-1266): print(), stdout()
 * and sys.exit() are calls the implementation answers, of fixed forms */
ATF_TC_WITHOUT_HEAD(print_stdout_exit);
ATF_TC_BODY(print_stdout_exit, tc)
{
	scase *c = one("print('could not open socket', 1, sep='-', end='')");
	const expr *e = c->steps[0].e;
	ATF_REQUIRE_EQ(E_CALL, e->kind);
	ATF_CHECK(e->obj == NULL);
	ATF_CHECK_STREQ("print", e->name);
	ATF_CHECK_EQ(2, e->nargs);
	ATF_REQUIRE_EQ(2, e->nkw);
	ATF_CHECK_STREQ("end", e->kwnames[1]);
	case_free(c);
	c = one("stdout() == 'could not open socket\\n'");
	ATF_CHECK_STREQ("stdout", c->steps[0].e->name);
	ATF_CHECK_EQ(0, c->steps[0].e->nargs);
	check_lit_str(c->steps[0].chk.rhs, V_STR, "could not open socket\n");
	case_free(c);
	c = one("e = sys.exit(1) raises exactly SystemExit(1)");
	e = c->steps[0].e;
	ATF_REQUIRE_EQ(E_CALL, e->kind);
	ATF_CHECK_STREQ("exit", e->name);
	check_name(e->obj, "sys");
	check_lit_int(e->args[0], 1);
	ATF_CHECK_STREQ("SystemExit", c->steps[0].chk.exc);
	ATF_CHECK(c->steps[0].chk.exact);
	ATF_CHECK_EQ(1, c->steps[0].chk.code);
	case_free(c);
	/* a step that bound sys makes sys.NAME its value's */
	case_free(ok(HDR "sys = f()\nsys.argv\nsys.exit(1, 2)\n"));
	bad(HDR "sys.exit(1, 2)\n",
	    "cases/t/x.case:5:1: sys.exit() takes at most 1 argument (2 given)");
	bad(HDR "sys.exit(code=1)\n",
	    "cases/t/x.case:5:1: sys.exit() takes no keyword arguments");
	bad(HDR "x = [0, sys.argv][0]\n",
	    "cases/t/x.case:5:9: sys.argv: of sys, a case has sys.exit(...) only");
	bad(HDR "x == f(stdout(1))\n",
	    "cases/t/x.case:5:8: stdout() takes no arguments");
	c = one("exit_status() == 1");
	ATF_CHECK_STREQ("exit_status", c->steps[0].e->name);
	check_lit_int(c->steps[0].chk.rhs, 1);
	case_free(c);
	bad(HDR "exit_status(x=1)\n",
	    "cases/t/x.case:5:1: exit_status() takes no arguments");
	bad(HDR "print(1, file=x)\n",
	    "cases/t/x.case:5:1: print() keyword 'file': a case has sep= and end=");
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, header_all_keys);
	ATF_TP_ADD_TC(tp, header_defaults);
	ATF_TP_ADD_TC(tp, names);
	ATF_TP_ADD_TC(tp, needs_text);
	ATF_TP_ADD_TC(tp, readme_example);
	ATF_TP_ADD_TC(tp, targets);
	ATF_TP_ADD_TC(tp, literals);
	ATF_TP_ADD_TC(tp, displays_with_names);
	ATF_TP_ADD_TC(tp, calls);
	ATF_TP_ADD_TC(tp, methods_attrs_index);
	ATF_TP_ADD_TC(tp, checks);
	ATF_TP_ADD_TC(tp, hosts_async_sync_sleep);
	ATF_TP_ADD_TC(tp, header_errors);
	ATF_TP_ADD_TC(tp, step_errors);
	ATF_TP_ADD_TC(tp, operators);
	ATF_TP_ADD_TC(tp, slices);
	ATF_TP_ADD_TC(tp, comparisons);
	ATF_TP_ADD_TC(tp, operator_errors);
	ATF_TP_ADD_TC(tp, errbuf_edges);
	ATF_TP_ADD_TC(tp, load);
	ATF_TP_ADD_TC(tp, robust);
	ATF_TP_ADD_TC(tp, print_stdout_exit);
	return atf_no_error();
}
