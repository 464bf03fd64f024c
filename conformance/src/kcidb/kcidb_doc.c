/*
 * kcidb_doc.c — the KCIDB v5.3 document made of results records:
 *
 *   checkouts  one per kernel release      ORIGIN:checkout:RELEASE
 *   builds     one per release x arch      ORIGIN:build:RELEASE:ARCH
 *   tests      one per record (cell)       ORIGIN:test:RELEASE:ARCH:PLATFORM:IMPL:PEER:CASE
 *   issues     one per expectation entry   ORIGIN:expectation:FILE:CASE[:SCOPE]
 *   incidents  one per (test, issue)       ORIGIN:incident:<test's local id>
 *
 * KCIDB has no expected failure: an xfail is submitted with the status
 * it really had (FAIL, or ERROR for an expected `broken`), and the
 * expectation entry that explains it is an issue (culprit: the code
 * under test) with an incident on the test, present. An xpass is PASS
 * with the incident absent (present: false). Nothing is null; what the
 * schema has no property for goes in `misc`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kcidb_internal.h"

/* the version every issue is submitted at: an entry's text is its own
 * history (git), not KCIDB's */
#define ISSUE_VERSION 1
/* KCIDB's bound on log_excerpt, in characters */
#define EXCERPT_MAX 16384

static struct json_object *obj(void)
{
	struct json_object *o = json_object_new_object();
	if (!o)
		abort();
	return o;
}

static void put_str(struct json_object *o, const char *key, const char *s)
{
	json_object_object_add(o, key, json_object_new_string(s));
}

static void put_id(struct json_object *o, const char *key, const char *origin,
		   const char *local)
{
	char *id = xasprintf("%s:%s", origin, local);
	put_str(o, key, id);
	free(id);
}

/* a copy of s cut to at most EXCERPT_MAX characters (UTF-8 kept whole) */
static char *excerpt(const char *s)
{
	size_t chars = 0, i = 0;
	for (; s[i] && chars < EXCERPT_MAX; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			chars++;
	/* i stops at the lead byte of character EXCERPT_MAX + 1 */
	while (s[i] && ((unsigned char)s[i] & 0xC0) == 0x80)
		i++;
	char *out = strndup(s, i);
	if (!out)
		abort();
	return out;
}

/* ---- the kernels: checkouts and builds ---- */

typedef struct kbuild {
	const char *release, *arch;
	char *local;                 /* build:RELEASE:ARCH */
} kbuild;

typedef struct doc {
	const char *origin;
	struct json_object *checkouts, *builds, *tests, *issues, *incidents;
	kbuild *b;
	size_t nb;
	char **issue_ids;            /* issues already in the document */
	size_t nissues;
} doc;

static bool have_checkout(const doc *d, const char *release)
{
	for (size_t i = 0; i < d->nb; i++)
		if (strcmp(d->b[i].release, release) == 0)
			return true;
	return false;
}

static void add_checkout(doc *d, const krec *r)
{
	struct json_object *c = obj(), *misc = obj();
	char *local = xasprintf("checkout:%s", r->kernel);
	char *comment = xasprintf("Linux %s", r->kernel);
	put_id(c, "id", d->origin, local);
	put_str(c, "origin", d->origin);
	put_str(c, "comment", comment);
	json_object_object_add(c, "valid", json_object_new_boolean(1));
	put_str(misc, "kernel_release", r->kernel);
	json_object_object_add(c, "misc", misc);
	json_object_array_add(d->checkouts, c);
	free(local);
	free(comment);
}

/* The build of r's kernel, made on first sight. */
static const kbuild *build_of(doc *d, const krec *r)
{
	char *arch = kcidb_arch(r->arch);
	for (size_t i = 0; i < d->nb; i++)
		if (strcmp(d->b[i].release, r->kernel) == 0 &&
		    strcmp(d->b[i].arch, r->arch) == 0) {
			free(arch);
			return &d->b[i];
		}
	if (!have_checkout(d, r->kernel))
		add_checkout(d, r);
	d->b = xrealloc(d->b, (d->nb + 1) * sizeof *d->b);
	kbuild *b = &d->b[d->nb++];
	b->release = r->kernel;
	b->arch = r->arch;
	b->local = xasprintf("build:%s:%s", r->kernel, r->arch);

	struct json_object *o = obj(), *misc = obj();
	char *checkout = xasprintf("checkout:%s", r->kernel);
	char *comment = xasprintf("Linux %s %s", r->kernel, r->arch);
	const char *uv = record_str(r->v, "kernel_version");
	char deb[128], config[128];
	bool debian = kcidb_debian_version(uv, deb, sizeof deb);
	kcidb_config_name(r->kernel, debian, config, sizeof config);
	put_id(o, "id", d->origin, b->local);
	put_id(o, "checkout_id", d->origin, checkout);
	put_str(o, "origin", d->origin);
	put_str(o, "comment", comment);
	put_str(o, "architecture", arch);
	put_str(o, "config_name", config);
	/* the kernel booted and ran the suite */
	put_str(o, "status", "PASS");
	put_str(misc, "kernel_release", r->kernel);
	put_str(misc, "uname_machine", r->arch);
	if (uv[0])
		put_str(misc, "kernel_version", uv);
	if (debian)
		put_str(misc, "debian_version", deb);
	json_object_object_add(o, "misc", misc);
	json_object_array_add(d->builds, o);
	free(checkout);
	free(comment);
	free(arch);
	return b;
}

/* ---- issues: the expectation entries ---- */

/* "FILE:CASE[:SCOPE]" of an entry: stable while the entry means the same
 * (its line number moves with every edit above it) */
static char *entry_local(const xentry *e)
{
	const char *base = strrchr(e->file, '/');
	char scope[1024] = "";
	size_t l = 0;
	for (size_t k = 0; k < e->nimpls && l < sizeof scope; k++)
		l += (size_t)snprintf(scope + l, sizeof scope - l, "%simpl=%s",
				      l ? " " : "", e->impls[k]);
	for (size_t k = 0; k < e->nplatforms && l < sizeof scope; k++)
		l += (size_t)snprintf(scope + l, sizeof scope - l,
				      "%splatform=%s", l ? " " : "",
				      e->platforms[k]);
	for (size_t k = 0; k < e->nkernel && l < sizeof scope; k++)
		l += (size_t)snprintf(scope + l, sizeof scope - l,
				      "%skernel%s%s", l ? " " : "",
				      e->kernel[k].op, e->kernel[k].version);
	for (size_t k = 0; k < e->nversion && l < sizeof scope; k++)
		l += (size_t)snprintf(scope + l, sizeof scope - l,
				      "%sversion%s%s", l ? " " : "",
				      e->version[k].op, e->version[k].version);
	if (e->as_peer && l < sizeof scope)
		snprintf(scope + l, sizeof scope - l, "%sas-peer",
			 l ? " " : "");
	return xasprintf("expectation:%s:%s%s%s", base ? base + 1 : e->file,
			 e->name, scope[0] ? ":" : "", scope);
}

/* Add the issue once; its local id is kept by the document. */
static const char *issue_once(doc *d, char *local, struct json_object *o)
{
	for (size_t i = 0; i < d->nissues; i++)
		if (strcmp(d->issue_ids[i], local) == 0) {
			free(local);
			json_object_put(o);
			return d->issue_ids[i];
		}
	d->issue_ids = xrealloc(d->issue_ids,
				(d->nissues + 1) * sizeof *d->issue_ids);
	d->issue_ids[d->nissues++] = local;
	put_id(o, "id", d->origin, local);
	json_object_object_add(o, "version",
			       json_object_new_int(ISSUE_VERSION));
	put_str(o, "origin", d->origin);
	struct json_object *culprit = obj();
	/* the implementation under test deviates from socket.rst */
	json_object_object_add(culprit, "code", json_object_new_boolean(1));
	json_object_object_add(culprit, "tool", json_object_new_boolean(0));
	json_object_object_add(culprit, "harness", json_object_new_boolean(0));
	json_object_object_add(o, "culprit", culprit);
	json_object_array_add(d->issues, o);
	return local;
}

static const char *entry_issue(doc *d, const xentry *e)
{
	struct json_object *o = obj(), *misc = obj();
	char where[1200], impl[512];
	put_str(o, "comment", e->reason);
	snprintf(where, sizeof where, "%s:%d", e->file, e->line);
	put_str(misc, "expectation", where);
	put_str(misc, "case", e->name);
	put_str(misc, "expected_outcome", outcome_name((outcome)e->outcome));
	expect_impl_text(e, impl, sizeof impl);
	put_str(misc, "implementations", impl);
	expect_where_text(e, where, sizeof where);
	if (where[0])
		put_str(misc, "scope", where);
	json_object_object_add(o, "misc", misc);
	return issue_once(d, entry_local(e), o);
}

/* An xfail no entry here explains (its expectations file was another):
 * the record's reason is the expectation's, so it is the issue's */
static const char *record_issue(doc *d, const krec *r)
{
	struct json_object *o = obj(), *misc = obj();
	put_str(o, "comment", record_str(r->v, "reason"));
	put_str(misc, "case", r->case_name);
	put_str(misc, "note", "the record is an expected failure, but no "
		"entry of these expectations is in force for it; the "
		"reason is the record's");
	json_object_object_add(o, "misc", misc);
	return issue_once(d, xasprintf("xfail:%s:%s", r->impl, r->case_name),
			  o);
}

static void add_incident(doc *d, const char *test_local,
			 const char *issue_local, bool present)
{
	struct json_object *o = obj();
	char *local = xasprintf("incident:%s:%s", test_local, issue_local);
	put_id(o, "id", d->origin, local);
	put_str(o, "origin", d->origin);
	put_id(o, "issue_id", d->origin, issue_local);
	json_object_object_add(o, "issue_version",
			       json_object_new_int(ISSUE_VERSION));
	put_id(o, "test_id", d->origin, test_local);
	json_object_object_add(o, "present", json_object_new_boolean(present));
	put_str(o, "comment", present ?
		"an expected failure: the deviation the issue explains" :
		"the expected failure did not happen (xpass)");
	json_object_array_add(d->incidents, o);
	free(local);
}

/* ---- tests ---- */

static const char *status_of(const char *outcome, int expected)
{
	if (strcmp(outcome, "passed") == 0 || strcmp(outcome, "xpass") == 0 ||
	    strcmp(outcome, "flaky") == 0)
		return "PASS";
	if (strcmp(outcome, "failed") == 0)
		return "FAIL";
	if (strcmp(outcome, "skipped") == 0 ||
	    strcmp(outcome, "unsupported") == 0)
		return "SKIP";
	if (strcmp(outcome, "xfail") == 0)
		return expected == O_BROKEN ? "ERROR" : "FAIL";
	/* broken, and an outcome this code does not know: the test did not
	 * complete, the code's status is unknown */
	return "ERROR";
}

static const scase *case_of(const centry *cases, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (cases[i].c && strcmp(cases[i].name, name) == 0)
			return cases[i].c;
	return NULL;
}

static struct json_object *test_misc(const krec *r, const scase *c)
{
	struct json_object *misc = obj(), *v;
	put_str(misc, "implementation", r->impl);
	put_str(misc, "implementation_version", record_str(r->v, "impl_version"));
	if (r->platform[0])
		put_str(misc, "platform", r->platform);
	if (record_str(r->v, "libc")[0])
		put_str(misc, "libc", record_str(r->v, "libc"));
	if (r->peer[0])
		put_str(misc, "peer", r->peer);
	put_str(misc, "case", r->case_name);
	put_str(misc, "outcome", r->outcome);
	if ((v = record_get(r->v, "ids")))
		json_object_object_add(misc, "behaviours", json_object_get(v));
	if (c && c->ndoc) {
		struct json_object *a = json_object_new_array();
		for (size_t k = 0; k < c->ndoc; k++) {
			char s[32];
			snprintf(s, sizeof s, "socket.rst:%d", c->doc_lines[k]);
			json_object_array_add(a, json_object_new_string(s));
		}
		json_object_object_add(misc, "socket_rst", a);
	}
	if ((v = record_get(r->v, "failures")))
		json_object_object_add(misc, "failures", json_object_get(v));
	return misc;
}

static char *test_local(const krec *r)
{
	return xasprintf("test:%s:%s:%s:%s:%s:%s", r->kernel, r->arch,
			 r->platform, r->impl, r->peer, r->case_name);
}

static void add_test(doc *d, const krec *r, const xset *xs,
		     const centry *cases, size_t ncases, const char *local)
{
	const kbuild *b = build_of(d, r);
	bool xf = strcmp(r->outcome, "xfail") == 0;
	bool xp = strcmp(r->outcome, "xpass") == 0;
	const xentry *first = NULL;
	struct json_object *o = obj();
	put_id(o, "id", d->origin, local);
	put_id(o, "build_id", d->origin, b->local);
	put_str(o, "origin", d->origin);
	char *path = kcidb_test_path(r->case_name);
	put_str(o, "path", path);
	free(path);
	/* the entries behind an expected outcome: an issue each */
	size_t nentries = 0;
	for (size_t k = 0; (xf || xp) && k < xs->n; k++) {
		const xentry *e = &xs->v[k];
		/* the entries that expect a failure (not a skip, not a
		 * flake) */
		if ((e->outcome != O_FAILED && e->outcome != O_BROKEN) ||
		    strcmp(e->name, r->case_name) ||
		    !expect_in_scope(e, r->impl, r->peer, r->kernel,
				     r->platform) ||
		    !expect_version_holds(e, record_str(r->v, "impl_version")))
			continue;
		if (!first)
			first = e;
		add_incident(d, local, entry_issue(d, e), xf);
		nentries++;
	}
	if (xf && nentries == 0)
		add_incident(d, local, record_issue(d, r), true);
	put_str(o, "status", status_of(r->outcome, first ? first->outcome : -1));
	double dur;
	if (record_num(r->v, "duration", &dur))
		json_object_object_add(o, "duration",
				       json_object_get(record_get(r->v, "duration")));
	if (record_str(r->v, "reason")[0])
		put_str(o, "comment", record_str(r->v, "reason"));
	if (record_str(r->v, "detail")[0]) {
		char *x = excerpt(record_str(r->v, "detail"));
		put_str(o, "log_excerpt", x);
		free(x);
	}
	struct json_object *misc = test_misc(r, case_of(cases, ncases,
							 r->case_name));
	if (first)
		put_str(misc, "expected_outcome",
			outcome_name((outcome)first->outcome));
	json_object_object_add(o, "misc", misc);
	json_object_array_add(d->tests, o);
}

/* ---- the document ---- */

typedef struct tid { char *local; const krec *r; } tid;

static int by_local(const void *a, const void *b)
{
	return strcmp(((const tid *)a)->local, ((const tid *)b)->local);
}

struct json_object *kcidb_document(const krecs *s, const char *origin,
				   const xset *xs, const centry *cases,
				   size_t ncases)
{
	/* one test per cell: two records for one are refused first, so
	 * nothing is written for an input that is not one set of runs */
	tid *ids = xmalloc((s->n ? s->n : 1) * sizeof *ids);
	int bad = 0;
	for (size_t i = 0; i < s->n; i++) {
		ids[i].local = test_local(&s->v[i]);
		ids[i].r = &s->v[i];
	}
	qsort(ids, s->n, sizeof *ids, by_local);
	for (size_t i = 1; i < s->n; i++)
		if (strcmp(ids[i].local, ids[i - 1].local) == 0) {
			fprintf(stderr, "%s: a second result for %s (%s@%s %s); "
				"the first is %s\n", ids[i].r->where,
				ids[i].r->case_name, ids[i].r->impl,
				ids[i].r->kernel, ids[i].r->platform,
				ids[i - 1].r->where);
			bad = 1;
		}
	for (size_t i = 0; i < s->n; i++)
		free(ids[i].local);
	free(ids);
	if (bad)
		return NULL;

	doc d = { .origin = origin };
	struct json_object *top = obj(), *ver = obj();
	json_object_object_add(ver, "major", json_object_new_int(5));
	json_object_object_add(ver, "minor", json_object_new_int(3));
	json_object_object_add(top, "version", ver);
	d.checkouts = json_object_new_array();
	d.builds = json_object_new_array();
	d.tests = json_object_new_array();
	d.issues = json_object_new_array();
	d.incidents = json_object_new_array();
	for (size_t i = 0; i < s->n; i++) {
		char *local = test_local(&s->v[i]);
		add_test(&d, &s->v[i], xs, cases, ncases, local);
		free(local);
	}
	json_object_object_add(top, "checkouts", d.checkouts);
	json_object_object_add(top, "builds", d.builds);
	json_object_object_add(top, "tests", d.tests);
	json_object_object_add(top, "issues", d.issues);
	json_object_object_add(top, "incidents", d.incidents);
	for (size_t i = 0; i < d.nb; i++)
		free(d.b[i].local);
	free(d.b);
	for (size_t i = 0; i < d.nissues; i++)
		free(d.issue_ids[i]);
	free(d.issue_ids);
	return top;
}
