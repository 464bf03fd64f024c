/*
 * expect_apply.c — expectations during a run: the entries in force for
 * this column (the run's implementation and partner, this machine's
 * kernel release, the implementation's platform) turn a known failure into xfail, a
 * known skip into a skip before the case starts, and a pass of a known
 * failure into xpass. An expected `unsupported` stays `unsupported` with
 * the entry's reason (runs count it apart); a pass of it is an xpass,
 * and a failure a failure (the name exists now and behaves otherwise).
 * A `flaky` entry changes no outcome: it names the cause of a case that
 * fails now and then (expectation_note).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "expect.h"

static xset all;           /* every entry read */
static const xentry **live; /* those in force for this run */
static size_t nlive;

int expectations_load(const char *impl, const char *peer, char *err,
		      size_t cap)
{
	char *path = expect_path();
	xset_free(&all);
	free(live);
	live = NULL;
	nlive = 0;
	int rc = expect_load(path, &all, stderr, err, cap);
	free(path);
	if (rc < 0)
		return -1;
	struct utsname u;
	uname(&u);
	const char *platform = impl_platform(impl);
	live = xmalloc((all.n ? all.n : 1) * sizeof *live);
	for (size_t i = 0; i < all.n; i++) {
		const xentry *e = &all.v[i];
		if (!expect_in_scope(e, impl, peer, u.release, platform))
			continue;
		/* two entries in force for one case: which reason holds? An
		 * entry about the run's own implementation, over one about its
		 * partner (both, when a family is paired with itself) */
		bool dup = false;
		for (size_t k = 0; k < nlive && !dup; k++) {
			if (strcmp(live[k]->name, e->name) != 0)
				continue;
			/* entries bounded by version are told apart per
			 * case, from its hello (version<3.10, version>=3.10) */
			if (live[k]->nversion && e->nversion &&
			    live[k]->as_peer == e->as_peer)
				continue;
			if (live[k]->as_peer != e->as_peer) {
				if (live[k]->as_peer)
					live[k] = e;
				dup = true;
				continue;
			}
			/* a flaky entry (all.tsv: a kernel's race) gives way
			 * to one that says how the case fails outright here
			 * (pypy.tsv: no AF_RDS at all) */
			if ((live[k]->outcome == O_FLAKY) !=
			    (e->outcome == O_FLAKY)) {
				if (live[k]->outcome == O_FLAKY)
					live[k] = e;
				dup = true;
				continue;
			}
			snprintf(err, cap,
				 "%s:%d: %s is also expected at %s:%d for %s "
				 "on kernel %s, %s; narrow one of the scopes",
				 e->file, e->line, e->name, live[k]->file,
				 live[k]->line, impl, u.release, platform);
			fprintf(stderr, "%s\n", err);
			return -1;
		}
		if (!dup)
			live[nlive++] = e;
	}
	return 0;
}

/* The entry in force for the case; version NULL: before the case's
 * hello, when only entries without version bounds can be told */
static const xentry *find(const char *name, const char *version)
{
	for (size_t i = 0; i < nlive; i++)
		if (strcmp(live[i]->name, name) == 0 &&
		    expect_version_holds(live[i], version))
			return live[i];
	return NULL;
}

const char *expectation_skip(const char *name)
{
	const xentry *x = find(name, NULL);
	return x && x->outcome == O_SKIPPED ? x->reason : NULL;
}

bool expectation_broken(const char *name)
{
	for (size_t i = 0; i < nlive; i++)
		if (strcmp(live[i]->name, name) == 0 &&
		    live[i]->outcome == O_BROKEN)
			return true;
	return false;
}

void expectation_apply(const char *name, caseresult *r)
{
	const xentry *x = find(name, r->impl_version[0] ? r->impl_version
						       : NULL);
	/* a flaky entry's failure stays one, to be retried (--retry), and
	 * its pass is no xpass */
	if (!x || x->outcome == O_SKIPPED || x->outcome == O_FLAKY)
		return;
	if (r->outcome == O_UNSUPPORTED && x->outcome == O_UNSUPPORTED) {
		/* explained, and still counted apart: the reason becomes the
		 * entry's, the step and the adapter's words stay in detail */
		if (!r->detail[0])
			snprintf(r->detail, sizeof r->detail, "%s", r->reason);
		snprintf(r->reason, sizeof r->reason, "%s", x->reason);
	} else if (r->outcome == x->outcome) {
		/* the failure's own words stay in detail */
		if (!r->detail[0])
			snprintf(r->detail, sizeof r->detail, "%s", r->reason);
		r->outcome = O_XFAIL;
		snprintf(r->reason, sizeof r->reason, "%s", x->reason);
	} else if (r->outcome == O_PASSED) {
		r->outcome = O_XPASS;
		snprintf(r->reason, sizeof r->reason, "expected %s: %s",
			 outcome_name((outcome)x->outcome), x->reason);
	}
}

void expectation_note(const char *name, caseresult *r)
{
	const xentry *x = find(name, r->impl_version[0] ? r->impl_version
						       : NULL);
	if (!x || x->outcome != O_FLAKY ||
	    (r->outcome != O_FAILED && r->outcome != O_BROKEN &&
	     r->outcome != O_FLAKY))
		return;
	char why[sizeof r->reason];
	snprintf(why, sizeof why, "%.500s [known flaky here, %.100s:%d: %.380s]",
		 r->reason, x->file, x->line, x->reason);
	snprintf(r->reason, sizeof r->reason, "%s", why);
}
