/*
 * t_expect.c — expectations: the line grammar and its errors, scope
 * matching (implementation family, impl=, kernel ranges, platform),
 * kernel release order, what a run does with them, staleness against
 * results, and that conformance/FINDINGS.md is what the expectations
 * generate today.
 */
#include <atf-c.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "expect/expect.h"

/* Parse one line as if from FILE:7 of the given family; the entry
 * must be freed by the caller. */
static int parse(const char *family, const char *text, xentry *e, char *err,
		 size_t cap)
{
	char *line = strdup(text);
	err[0] = '\0';
	int r = expect_parse_line(family, "x.tsv", 7, line, e, err, cap);
	free(line);
	return r;
}

static xentry entry(const char *family, const char *text)
{
	xentry e;
	char err[512];
	int r = parse(family, text, &e, err, sizeof err);
	if (r != 1)
		atf_tc_fail("'%s' did not parse: %s", text, err);
	return e;
}

/* The project root: two levels above this program's source directory. */
static void use_tree(const atf_tc_t *tc)
{
	const char *src = atf_tc_get_config_var_wd(tc, "srcdir", ".");
	char path[PATH_MAX], root[PATH_MAX];
	snprintf(path, sizeof path, "%s/../..", src);
	ATF_REQUIRE(realpath(path, root) != NULL);
	setenv("SOCKSPEC_ROOT", root, 1);
	unsetenv("SOCKSPEC_EXPECTATIONS");
	unsetenv("SOCKSPEC_CASES_DIR");
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	ATF_REQUIRE(f != NULL);
	fputs(text, f);
	ATF_REQUIRE(fclose(f) == 0);
}

/* The documented order: 6.1.0-56 < 6.1.0-61 < 6.12.117+deb12 < 6.18,
 * compared as numbers (6.12 > 6.9), at the precision of the bound. */
ATF_TC_WITHOUT_HEAD(kernel_order);
ATF_TC_BODY(kernel_order, tc)
{
	ATF_CHECK(kver_cmp("6.1.0-56", "6.1.0-61") < 0);
	ATF_CHECK(kver_cmp("6.1.0-61", "6.12.117+deb12") < 0);
	ATF_CHECK(kver_cmp("6.12.117+deb12", "6.18") < 0);
	ATF_CHECK(kver_cmp("6.12.117+deb12-amd64", "6.9") > 0);
	/* the Debian flavour and ABI suffixes are not part of the version */
	ATF_CHECK_EQ(kver_cmp("6.12.117+deb12-amd64", "6.12.117"), 0);
	ATF_CHECK_EQ(kver_cmp("6.1.0-56-amd64", "6.1.0-56"), 0);
	ATF_CHECK_EQ(kver_cmp("6.18.44-fc-v782", "6.18"), 0);
	/* a bound names a series: 6.1.0-56 is in 6.1 */
	ATF_CHECK_EQ(kver_cmp("6.1.0-56", "6.1"), 0);
	/* a shorter release reads as zeros */
	ATF_CHECK(kver_cmp("6.12", "6.12.1") < 0);
	ATF_CHECK_EQ(kver_cmp("", "6.1"), -2);
	ATF_CHECK_EQ(kver_cmp("linux", "6.1"), -2);
}

ATF_TC_WITHOUT_HEAD(kernel_bounds);
ATF_TC_BODY(kernel_bounds, tc)
{
	static const struct { const char *op, *v, *rel; bool holds; } t[] = {
		{ "<", "6.12", "6.1.0-56", true },
		{ "<", "6.12", "6.12.117+deb12", false },
		{ "<=", "6.1", "6.1.0-61", true },
		{ "<=", "6.1", "6.12.117", false },
		{ ">=", "6.12", "6.12.117+deb12", true },
		{ ">=", "6.12", "6.18.44-fc-v782", true },
		{ ">=", "6.12", "6.1.0-56", false },
		{ ">", "6.1", "6.1.0-61", false },
		{ ">", "6.1", "6.12.117", true },
		{ "=", "6.1.0-56", "6.1.0-56-amd64", true },
		{ "=", "6.1.0-56", "6.1.0-61-amd64", false },
		{ "=", "6.1", "6.1.0-61", true },
		{ ">=", "6.1", "", false }, /* an unknown kernel is in no range */
	};
	for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
		kbound b;
		snprintf(b.op, sizeof b.op, "%s", t[k].op);
		b.version = (char *)t[k].v;
		ATF_CHECK_MSG(kernel_holds(&b, t[k].rel) == t[k].holds,
			      "%s kernel%s%s: expected %s", t[k].rel, t[k].op,
			      t[k].v, t[k].holds ? "true" : "false");
	}
}

/* A line of today's three columns parses as before, in force for its
 * file's family only. */
ATF_TC_WITHOUT_HEAD(parse_plain);
ATF_TC_BODY(parse_plain, tc)
{
	xentry e = entry("ref", "errors/herror\tfailed\tcites socket.rst:155 \r\n");
	ATF_CHECK_STREQ(e.name, "errors/herror");
	ATF_CHECK_EQ(e.outcome, O_FAILED);
	ATF_CHECK_STREQ(e.reason, "cites socket.rst:155");
	ATF_CHECK_STREQ(e.file, "x.tsv");
	ATF_CHECK_EQ(e.line, 7);
	ATF_CHECK_EQ(e.nimpls + e.nplatforms + e.nkernel, 0);
	char err[64];
	xentry c;
	ATF_CHECK_EQ(parse("ref", "# a comment\n", &c, err, sizeof err), 0);
	ATF_CHECK_EQ(parse("ref", "   \n", &c, err, sizeof err), 0);
	ATF_CHECK_EQ(parse("ref", "\n", &c, err, sizeof err), 0);
	xentry_free(&e);
	e = entry(NULL, "a/b\tskipped\tsee socket.rst:1");
	ATF_CHECK_EQ(e.outcome, O_SKIPPED);
	ATF_CHECK(e.family == NULL);
	xentry_free(&e);
}

ATF_TC_WITHOUT_HEAD(parse_scope);
ATF_TC_BODY(parse_scope, tc)
{
	xentry e = entry("ref", "a/b\tbroken impl=ref-musl,ref-i386 kernel>=6.1 "
			 "kernel<6.12 platform=i386-glibc\tsocket.rst:9 says");
	ATF_CHECK_EQ(e.outcome, O_BROKEN);
	ATF_REQUIRE_EQ(e.nimpls, 2);
	ATF_CHECK_STREQ(e.impls[1], "ref-i386");
	ATF_REQUIRE_EQ(e.nkernel, 2);
	ATF_CHECK_STREQ(e.kernel[0].op, ">=");
	ATF_CHECK_STREQ(e.kernel[1].version, "6.12");
	ATF_REQUIRE_EQ(e.nplatforms, 1);
	char buf[256];
	expect_impl_text(&e, buf, sizeof buf);
	ATF_CHECK_STREQ(buf, "ref-musl,ref-i386");
	expect_where_text(&e, buf, sizeof buf);
	ATF_CHECK_STREQ(buf, "kernel>=6.1 kernel<6.12 platform=i386-glibc");
	xentry_free(&e);
	e = entry("ref", "a/b\tfailed kernel=6.12.117+deb12\tsocket.rst:9");
	ATF_CHECK_STREQ(e.kernel[0].version, "6.12.117+deb12");
	xentry_free(&e);
}

/* Every fault names FILE:LINE and says what is wrong. */
ATF_TC_WITHOUT_HEAD(parse_malformed);
ATF_TC_BODY(parse_malformed, tc)
{
	static const struct { const char *line, *why; } t[] = {
		{ "a/b\tfailed", "2 tab-separated columns" },
		{ "a/b failed socket.rst:1", "1 tab-separated column;" },
		{ "a/b\tfailed\tsocket.rst:1\textra", "4 tab-separated columns" },
		{ "a/b\tpassed\tsocket.rst:1", "outcome 'passed' is none of" },
		{ "a/b\t\tsocket.rst:1", "no outcome" },
		{ "a/b\tfailed\t   ", "the reason is empty" },
		{ "a/b\tfailed\tno citation here", "cites no socket.rst:LINE" },
		{ "a/b\tfailed\tsocket.rst:x", "cites no socket.rst:LINE" },
		{ "a b\tfailed\tsocket.rst:1", "no case name" },
		{ "\tfailed\tsocket.rst:1", "no case name" },
		{ "a/b\tfailed arch=x86\tsocket.rst:1", "unknown scope word 'arch=x86'" },
		{ "a/b\tfailed kernel>=abc\tsocket.rst:1", "a kernel bound is" },
		{ "a/b\tfailed kernel~6.1\tsocket.rst:1", "a kernel bound is" },
		{ "a/b\tfailed kernel<6.x\tsocket.rst:1", "a kernel bound is" },
		{ "a/b\tfailed impl=cpython\tsocket.rst:1",
		  "impl=cpython is not of the ref family" },
		{ "a/b\tfailed impl=refx\tsocket.rst:1", "not of the ref family" },
		{ "a/b\tfailed impl=ref impl=ref-musl\tsocket.rst:1",
		  "impl= given twice" },
		{ "a/b\tfailed impl=\tsocket.rst:1", "comma-separated list" },
		{ "a/b\tfailed platform=a,,b\tsocket.rst:1", "comma-separated list" },
		{ "a/b\tfailed platform=a,\tsocket.rst:1", "comma-separated list" },
		{ "a/b\tfailed as-peer as-peer\tsocket.rst:1", "as-peer given twice" },
	};
	for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
		xentry e;
		char err[512];
		int r = parse("ref", t[k].line, &e, err, sizeof err);
		ATF_CHECK_EQ_MSG(r, -1, "accepted '%s'", t[k].line);
		if (r == 1)
			xentry_free(&e);
		ATF_CHECK_MSG(strncmp(err, "x.tsv:7: ", 9) == 0,
			      "'%s': no FILE:LINE in '%s'", t[k].line, err);
		ATF_CHECK_MSG(strstr(err, t[k].why) != NULL,
			      "'%s': expected '%s' in '%s'", t[k].line, t[k].why,
			      err);
	}
	/* as-peer speaks for a family, so all.tsv cannot have it */
	{
		xentry e;
		char err[512];
		ATF_CHECK_EQ(parse(NULL, "a/b\tfailed as-peer\tsocket.rst:1", &e,
				   err, sizeof err), -1);
		ATF_CHECK_MSG(strstr(err, "as-peer needs the family") != NULL,
			      "%s", err);
	}
	/* a glob may narrow within the family */
	xentry e = entry("ref", "a/b\tfailed impl=ref-*\tsocket.rst:1");
	xentry_free(&e);
	/* in all.tsv impl= names any implementation */
	e = entry(NULL, "a/b\tfailed impl=cpython,python:*\tsocket.rst:1");
	xentry_free(&e);
}

/* ref.tsv holds for ref and its variants, all.tsv for everyone;
 * impl=, platform= and kernel bounds narrow. */
ATF_TC_WITHOUT_HEAD(scope_match);
ATF_TC_BODY(scope_match, tc)
{
	xentry fam = entry("ref", "a/b\tfailed\tsocket.rst:1");
	ATF_CHECK(expect_in_scope(&fam, "ref", NULL, "6.18", "x86_64-glibc"));
	ATF_CHECK(expect_in_scope(&fam, "ref-musl", NULL, "6.1.0-56", "x86_64-musl"));
	ATF_CHECK(expect_in_scope(&fam, "ref-i386", NULL, "6.12.117", "i386-glibc"));
	ATF_CHECK(!expect_in_scope(&fam, "cpython", NULL, "6.18", "x86_64-glibc"));
	ATF_CHECK(!expect_in_scope(&fam, "refx", NULL, "6.18", "x86_64-glibc"));
	xentry_free(&fam);

	xentry py = entry("python", "a/b\tfailed\tsocket.rst:1");
	ATF_CHECK(expect_in_scope(&py, "python:/usr/bin/python3.13", NULL, "6.18",
				  "x86_64-glibc"));
	ATF_CHECK(!expect_in_scope(&py, "pypy", NULL, "6.18", "x86_64-glibc"));
	xentry_free(&py);

	xentry any = entry(NULL, "a/b\tfailed\tsocket.rst:1");
	ATF_CHECK(expect_in_scope(&any, "pypy", NULL, "6.18", "x86_64-glibc"));
	ATF_CHECK(expect_in_scope(&any, "python:/x", NULL, "", ""));
	xentry_free(&any);

	xentry musl = entry("ref", "a/b\tfailed impl=ref-musl\tsocket.rst:1");
	ATF_CHECK(expect_in_scope(&musl, "ref-musl", NULL, "6.18", "x86_64-musl"));
	ATF_CHECK(!expect_in_scope(&musl, "ref", NULL, "6.18", "x86_64-glibc"));
	xentry_free(&musl);

	xentry old = entry(NULL, "a/b\tfailed impl=cpython,pypy kernel<6.12\t"
			   "socket.rst:1");
	ATF_CHECK(expect_in_scope(&old, "pypy", NULL, "6.1.0-56", "x86_64-glibc"));
	ATF_CHECK(!expect_in_scope(&old, "pypy", NULL, "6.12.117+deb12", "x86_64-glibc"));
	ATF_CHECK(!expect_in_scope(&old, "ref", NULL, "6.1.0-56", "x86_64-glibc"));
	xentry_free(&old);

	xentry range = entry("ref", "a/b\tfailed kernel>=6.1.0-56 kernel<=6.1.0-61\t"
			     "socket.rst:1");
	ATF_CHECK(!expect_in_scope(&range, "ref", NULL, "6.1.0-47", "x86_64-glibc"));
	ATF_CHECK(expect_in_scope(&range, "ref", NULL, "6.1.0-56-amd64", "x86_64-glibc"));
	ATF_CHECK(expect_in_scope(&range, "ref", NULL, "6.1.0-61", "x86_64-glibc"));
	ATF_CHECK(!expect_in_scope(&range, "ref", NULL, "6.1.0-62", "x86_64-glibc"));
	ATF_CHECK(!expect_in_scope(&range, "ref", NULL, "6.12.117", "x86_64-glibc"));
	xentry_free(&range);

	xentry plat = entry("ref", "a/b\tfailed platform=i386-glibc,*-musl\t"
			    "socket.rst:1");
	ATF_CHECK(expect_in_scope(&plat, "ref-i386", NULL, "6.18", "i386-glibc"));
	ATF_CHECK(expect_in_scope(&plat, "ref-musl", NULL, "6.18", "x86_64-musl"));
	ATF_CHECK(!expect_in_scope(&plat, "ref", NULL, "6.18", "x86_64-glibc"));
	ATF_CHECK(!expect_in_scope(&plat, "ref", NULL, "6.18", "aarch64-glibc"));
	xentry_free(&plat);

	/* as-peer: the family plays the pair's other host */
	xentry peer = entry("pypy", "interop/x\tfailed as-peer\tsocket.rst:1");
	ATF_CHECK(peer.as_peer);
	ATF_CHECK(expect_in_scope(&peer, "cpython", "pypy", "6.1", "x86_64-glibc"));
	ATF_CHECK(expect_in_scope(&peer, "ref-musl", "pypy", "6.1", "x86_64-musl"));
	ATF_CHECK(!expect_in_scope(&peer, "pypy", NULL, "6.1", "x86_64-glibc"));
	ATF_CHECK(!expect_in_scope(&peer, "pypy", "cpython", "6.1", "x86_64-glibc"));
	ATF_CHECK(!expect_in_scope(&peer, "cpython", NULL, "6.1", "x86_64-glibc"));
	char where[64];
	expect_where_text(&peer, where, sizeof where);
	ATF_CHECK_STREQ(where, "as-peer");
	xentry_free(&peer);
}

/* A directory: NAME.tsv is NAME's family, all.tsv everyone's; every
 * malformed line of every file is reported, the first kept in err. */
ATF_TC_WITHOUT_HEAD(load_dir);
ATF_TC_BODY(load_dir, tc)
{
	ATF_REQUIRE(mkdir("x", 0755) == 0);
	write_file("x/ref.tsv", "# ref\na/b\tfailed\tsocket.rst:1\n");
	write_file("x/all.tsv", "c/d\tfailed impl=ref-musl\tsocket.rst:2\n");
	write_file("x/notes.txt", "not an expectation file\n");
	xset s = {0};
	char err[512];
	FILE *null = fopen("/dev/null", "w");
	ATF_REQUIRE_EQ(expect_load("x", &s, null, err, sizeof err), 0);
	ATF_REQUIRE_EQ(s.n, 2);
	/* sorted by file name: all.tsv first */
	ATF_CHECK_STREQ(s.v[0].file, "x/all.tsv");
	ATF_CHECK(s.v[0].family == NULL);
	ATF_CHECK_STREQ(s.v[1].family, "ref");
	ATF_CHECK_EQ(s.v[1].line, 2);
	xset_free(&s);

	write_file("x/pypy.tsv", "a/b\tfailed\tsocket.rst:1\n"
		   "a/b\tfailed\tnothing cited\n"
		   "a/b\tfailed\tsocket.rst:3 again, same scope\n"
		   "a/b\tfailed kernel<6.12\tsocket.rst:3 another scope\n");
	ATF_CHECK_EQ(expect_load("x", &s, null, err, sizeof err), -1);
	ATF_CHECK_MSG(strstr(err, "x/pypy.tsv:2: a/b: the reason cites no") == err,
		      "%s", err);
	xset_free(&s);
	/* all the faults go to the error stream, the duplicate too */
	FILE *mem = tmpfile();
	ATF_CHECK_EQ(expect_load("x", &s, mem, err, sizeof err), -1);
	ATF_CHECK_EQ(s.n, 4);
	rewind(mem);
	char line[512];
	ATF_REQUIRE(fgets(line, sizeof line, mem));
	ATF_REQUIRE(fgets(line, sizeof line, mem));
	ATF_CHECK_MSG(strstr(line, "x/pypy.tsv:3: a/b is already expected with "
			     "the same scope at x/pypy.tsv:1") == line, "%s", line);
	fclose(mem);
	xset_free(&s);
	ATF_CHECK_EQ(expect_load("nonexistent", &s, null, err, sizeof err), -1);
	ATF_CHECK_MSG(strstr(err, "nonexistent: ") == err, "%s", err);
	fclose(null);
}

/* During a run: the entries in force turn results into xfail/xpass;
 * one out of scope changes nothing; two in force for one case refuse
 * the run. */
ATF_TC_WITHOUT_HEAD(run_apply);
ATF_TC_BODY(run_apply, tc)
{
	struct utsname u;
	uname(&u);
	char text[1024];
	ATF_REQUIRE(mkdir("x", 0755) == 0);
	snprintf(text, sizeof text,
		 "t/fail\tfailed kernel=%s\tknown, socket.rst:1\n"
		 "t/future\tfailed kernel<1\tonly on old kernels, socket.rst:2\n"
		 "t/skip\tskipped\tcannot run, socket.rst:3\n"
		 "t/other\tfailed impl=ref-musl\tmusl only, socket.rst:4\n",
		 u.release);
	write_file("x/ref.tsv", text);
	setenv("SOCKSPEC_EXPECTATIONS", "x", 1);
	char err[1024];
	ATF_REQUIRE_EQ_MSG(expectations_load("ref", NULL, err, sizeof err), 0, "%s", err);
	caseresult r;
	memset(&r, 0, sizeof r);
	r.outcome = O_FAILED;
	snprintf(r.reason, sizeof r.reason, "expected 1, got 2");
	expectation_apply("t/fail", &r);
	ATF_CHECK_EQ(r.outcome, O_XFAIL);
	ATF_CHECK_STREQ(r.reason, "known, socket.rst:1");
	ATF_CHECK_STREQ(r.detail, "expected 1, got 2");
	r.outcome = O_PASSED;
	expectation_apply("t/fail", &r);
	ATF_CHECK_EQ(r.outcome, O_XPASS);
	r.outcome = O_FAILED;
	expectation_apply("t/future", &r);
	ATF_CHECK_EQ(r.outcome, O_FAILED);
	r.outcome = O_FAILED;
	expectation_apply("t/other", &r);
	ATF_CHECK_EQ(r.outcome, O_FAILED);
	ATF_CHECK_STREQ(expectation_skip("t/skip"), "cannot run, socket.rst:3");
	ATF_CHECK(expectation_skip("t/fail") == NULL);

	/* ref-musl sees ref.tsv's entries too, and its own */
	ATF_REQUIRE_EQ(expectations_load("ref-musl", NULL, err, sizeof err), 0);
	r.outcome = O_FAILED;
	expectation_apply("t/other", &r);
	ATF_CHECK_EQ(r.outcome, O_XFAIL);
	ATF_REQUIRE_EQ(expectations_load("cpython", NULL, err, sizeof err), 0);
	r.outcome = O_FAILED;
	expectation_apply("t/fail", &r);
	ATF_CHECK_EQ(r.outcome, O_FAILED);

	/* an as-peer entry of pypy.tsv holds in a run whose partner is pypy */
	write_file("x/pypy.tsv", "t/pair\tfailed as-peer\tno codec, socket.rst:6\n");
	ATF_REQUIRE_EQ_MSG(expectations_load("cpython", "pypy", err, sizeof err),
			   0, "%s", err);
	r.outcome = O_FAILED;
	expectation_apply("t/pair", &r);
	ATF_CHECK_EQ(r.outcome, O_XFAIL);
	ATF_REQUIRE_EQ(expectations_load("cpython", NULL, err, sizeof err), 0);
	r.outcome = O_FAILED;
	expectation_apply("t/pair", &r);
	ATF_CHECK_EQ(r.outcome, O_FAILED);
	ATF_REQUIRE_EQ(expectations_load("pypy", "cpython", err, sizeof err), 0);
	r.outcome = O_FAILED;
	expectation_apply("t/pair", &r);
	ATF_CHECK_EQ(r.outcome, O_FAILED);
	unlink("x/pypy.tsv");

	write_file("x/all.tsv", "t/fail\tfailed\teveryone, socket.rst:5\n");
	ATF_CHECK_EQ(expectations_load("ref", NULL, err, sizeof err), -1);
	ATF_CHECK_MSG(strstr(err, "t/fail is also expected at x/all.tsv:1") != NULL,
		      "%s", err);
	ATF_CHECK_EQ(expectations_load("pypy", NULL, err, sizeof err), 0);
	write_file("x/all.tsv", "t/fail\tmaybe\teveryone, socket.rst:5\n");
	ATF_CHECK_EQ(expectations_load("pypy", NULL, err, sizeof err), -1);
	ATF_CHECK_MSG(strncmp(err, "x/all.tsv:1: outcome 'maybe'", 28) == 0,
		      "%s", err);
	unsetenv("SOCKSPEC_EXPECTATIONS");
}

static void add(rset *s, const char *name, const char *impl,
		const char *kernel, const char *platform, const char *outcome)
{
	s->v = realloc(s->v, (s->n + 1) * sizeof *s->v);
	rrecord *r = &s->v[s->n++];
	r->name = strdup(name);
	r->impl = strdup(impl);
	r->peer = strdup("");
	r->kernel = strdup(kernel);
	r->platform = strdup(platform);
	r->outcome = strdup(outcome);
}

static int stale(const char *family, const char *line, const rset *rs,
		 bool exists, char *why, size_t cap)
{
	xentry e = entry(family, line);
	why[0] = '\0';
	int r = expect_stale(&e, rs, exists, why, cap);
	xentry_free(&e);
	return r;
}

ATF_TC_WITHOUT_HEAD(staleness);
ATF_TC_BODY(staleness, tc)
{
	rset rs = {0};
	add(&rs, "a/fails", "pypy", "6.18.44", "x86_64-glibc", "xfail");
	add(&rs, "a/fixed", "pypy", "6.18.44", "x86_64-glibc", "xpass");
	add(&rs, "a/fixed", "pypy", "6.1.0-56", "x86_64-glibc", "passed");
	add(&rs, "a/half", "pypy", "6.18.44", "x86_64-glibc", "xpass");
	add(&rs, "a/half", "pypy", "6.1.0-56", "x86_64-glibc", "xfail");
	add(&rs, "a/skip", "pypy", "6.18.44", "x86_64-glibc", "skipped");
	char why[1024];

	ATF_CHECK_EQ(stale("pypy", "a/fails\tfailed\tsocket.rst:1", &rs, true,
			   why, sizeof why), 0);
	ATF_CHECK_EQ(stale("pypy", "a/skip\tskipped\tsocket.rst:1", &rs, true,
			   why, sizeof why), 0);
	/* fails on one kernel, passes on the other: still a deviation */
	ATF_CHECK_EQ(stale("pypy", "a/half\tfailed\tsocket.rst:1", &rs, true,
			   why, sizeof why), 0);
	/* ... but scoped to the kernel where it passes, it is stale */
	ATF_CHECK_EQ(stale("pypy", "a/half\tfailed kernel>=6.12\tsocket.rst:1",
			   &rs, true, why, sizeof why), 1);
	ATF_CHECK_MSG(strstr(why, "now passes: 1 of 1 record in scope passed "
			     "(pypy@6.18.44 x86_64-glibc)") == why, "%s", why);
	ATF_CHECK_EQ(stale("pypy", "a/fixed\tfailed\tsocket.rst:1", &rs, true,
			   why, sizeof why), 1);
	ATF_CHECK_MSG(strstr(why, "now passes: 2 of 2 records") == why, "%s", why);
	/* the case is gone from the tree */
	ATF_CHECK_EQ(stale("pypy", "a/fails\tfailed\tsocket.rst:1", &rs, false,
			   why, sizeof why), 1);
	ATF_CHECK_MSG(strstr(why, "no case a/fails.case") == why, "%s", why);
	/* no record of the case (renamed?) although pypy ran */
	ATF_CHECK_EQ(stale("pypy", "a/renamed\tfailed\tsocket.rst:1", &rs, true,
			   why, sizeof why), 1);
	ATF_CHECK_MSG(strstr(why, "no record of this case in the 2 columns") !=
		      NULL, "%s", why);
	/* nothing in scope at all: no ref-musl results */
	ATF_CHECK_EQ(stale("ref", "a/fails\tfailed impl=ref-musl\tsocket.rst:1",
			   &rs, true, why, sizeof why), 1);
	ATF_CHECK_MSG(strstr(why, "no column of the given results") != NULL,
		      "%s", why);
	ATF_CHECK_EQ(stale("pypy", "a/fails\tfailed platform=i386-glibc\t"
			   "socket.rst:1", &rs, true, why, sizeof why), 1);
	rset_free(&rs);
}

/* The results reader: records, and the platform of records written
 * before the field existed. */
ATF_TC_WITHOUT_HEAD(results_read);
ATF_TC_BODY(results_read, tc)
{
	write_file("r.jsonl",
		   "{\"case\": \"a/b\", \"impl\": \"ref\", \"kernel\": \"6.1.0-56\", "
		   "\"platform\": \"i386-glibc\", \"outcome\": \"xfail\"}\n\n"
		   "{\"case\": \"a/c\", \"impl\": \"ref\", \"kernel\": \"6.18\", "
		   "\"arch\": \"x86_64\", \"libc\": \"glibc 2.36\", "
		   "\"outcome\": \"passed\"}\n");
	rset rs = {0};
	ATF_REQUIRE_EQ(rset_load("r.jsonl", &rs), 0);
	ATF_REQUIRE_EQ(rs.n, 2);
	ATF_CHECK_STREQ(rs.v[0].platform, "i386-glibc");
	ATF_CHECK_STREQ(rs.v[1].platform, "x86_64-glibc");
	ATF_CHECK_STREQ(rs.v[1].outcome, "passed");
	write_file("bad.jsonl", "{\"case\": \"a/b\"}\n{\"case\": \n");
	ATF_CHECK_EQ(rset_load("bad.jsonl", &rs), -1);
	ATF_CHECK_EQ(rs.n, 3);
	rset_free(&rs);
}

/* The project's own expectations load, every case they name exists,
 * and there are the deviations FINDINGS.md promises. */
ATF_TC_WITHOUT_HEAD(tree_expectations);
ATF_TC_BODY(tree_expectations, tc)
{
	use_tree(tc);
	char *path = expect_path(), *cases = cases_dir(), err[1024];
	xset s = {0};
	ATF_REQUIRE_EQ_MSG(expect_load(path, &s, stderr, err, sizeof err), 0,
			   "%s", err);
	ATF_CHECK_MSG(s.n >= 20, "only %zu expectations", s.n);
	for (size_t k = 0; k < s.n; k++) {
		char *c = xasprintf("%s/%s.case", cases, s.v[k].name);
		ATF_CHECK_MSG(access(c, F_OK) == 0, "%s:%d: no case %s",
			      s.v[k].file, s.v[k].line, s.v[k].name);
		free(c);
	}
	xset_free(&s);
	free(path);
	free(cases);
}

/* conformance/FINDINGS.md is generated: regenerate it and compare, so
 * the page cannot drift from the expectations the runs enforce. */
ATF_TC_WITHOUT_HEAD(findings_up_to_date);
ATF_TC_BODY(findings_up_to_date, tc)
{
	use_tree(tc);
	char *path = expect_path(), *cases = cases_dir();
	char *now = NULL, *committed = NULL;
	size_t nnow = 0, ncom = 0;
	FILE *out = open_memstream(&now, &nnow);
	ATF_REQUIRE_EQ(findings_write(out, path, cases, NULL, 0), 0);
	fclose(out);
	char *page = proj_path("conformance/FINDINGS.md");
	FILE *f = fopen(page, "r");
	ATF_REQUIRE_MSG(f != NULL, "%s is missing: run make findings", page);
	FILE *mem = open_memstream(&committed, &ncom);
	int ch;
	while ((ch = fgetc(f)) != EOF)
		fputc(ch, mem);
	fclose(mem);
	fclose(f);
	if (nnow != ncom || memcmp(now, committed, nnow) != 0) {
		/* name the first line that differs */
		size_t line = 1;
		for (size_t k = 0; k < nnow && k < ncom && now[k] == committed[k]; k++)
			line += now[k] == '\n';
		atf_tc_fail("%s is out of date from line %zu on: run make findings",
			    page, line);
	}
	free(page);
	free(now);
	free(committed);
	free(path);
	free(cases);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, kernel_order);
	ATF_TP_ADD_TC(tp, kernel_bounds);
	ATF_TP_ADD_TC(tp, parse_plain);
	ATF_TP_ADD_TC(tp, parse_scope);
	ATF_TP_ADD_TC(tp, parse_malformed);
	ATF_TP_ADD_TC(tp, scope_match);
	ATF_TP_ADD_TC(tp, load_dir);
	ATF_TP_ADD_TC(tp, run_apply);
	ATF_TP_ADD_TC(tp, staleness);
	ATF_TP_ADD_TC(tp, results_read);
	ATF_TP_ADD_TC(tp, tree_expectations);
	ATF_TP_ADD_TC(tp, findings_up_to_date);
	return atf_no_error();
}
