/*
 * repro_walk.c — the walk over a case's steps that every reproducer
 * writer shares: hosts are not separate processes in a reproducer, so
 * every host's steps run in one program, in order; a step marked `&`
 * starts in the background and its reply is collected before its host's
 * next step (or at `sync @HOST`, or at the end); `sleep` waits.
 */
#include <stdlib.h>
#include <string.h>

#include "repro_internal.h"

static void collect(const scase *c, int *pending, size_t h,
		    const walk_ops *ops, void *ctx)
{
	if (pending[h] < 0)
		return;
	ops->collect(ctx, &c->steps[pending[h]]);
	pending[h] = -1;
}

void repro_walk(const scase *c, const walk_ops *ops, void *ctx)
{
	int *pending = xmalloc((c->nhosts ? c->nhosts : 1) * sizeof *pending);
	for (size_t h = 0; h < c->nhosts; h++)
		pending[h] = -1;
	for (size_t i = 0; i < c->nsteps; i++) {
		const step *st = &c->steps[i];
		if (st->kind == S_SLEEP) {
			ops->sleep(ctx, st->seconds);
			continue;
		}
		collect(c, pending, (size_t)st->host, ops, ctx);
		if (st->kind == S_SYNC)
			continue;
		ops->step(ctx, st);
		if (st->async)
			pending[st->host] = (int)i;
	}
	for (size_t h = 0; h < c->nhosts; h++)
		collect(c, pending, h, ops, ctx);
	free(pending);
}

char *repro_read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	sbuf b = {0};
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sb_add(&b, "%.*s", (int)n, buf);
	fclose(f);
	return b.s ? b.s : xstrdup("");
}

void repro_notes(const scase *c, const char *pfx, bool own_netns, sbuf *b)
{
	char needs[128];
	case_needs_text(c->needs, needs, sizeof needs);
	sb_add(b, "%sneeds: %s\n", pfx, needs);
	if (c->nhosts > 1 && own_netns && !c->isolate_sharednet) {
		sb_add(b, "%sHosts:", pfx);
		for (size_t h = 0; h < c->nhosts; h++)
			sb_add(b, " %s", c->hosts[h]);
		sb_add(b, ". Each is a network namespace of its own (ip netns), "
		       "with the case's\n%sveth links, addresses and routes as "
		       "sockspec makes them; each step runs\n%sin its host's "
		       "(setns), all in this one process.\n", pfx, pfx);
	} else if (c->nhosts > 1) {
		sb_add(b, "%sHosts:", pfx);
		for (size_t h = 0; h < c->nhosts; h++)
			sb_add(b, " %s", c->hosts[h]);
		sb_add(b, ". sockspec runs each in a network namespace of its "
		       "own%s; here they\n%sshare one process and one "
		       "namespace", c->nlinks ? ", joined by veth links" : "", pfx);
		if (c->naddrs) {
			sb_add(b, ", and their addresses are put on one veth "
			       "pair:");
			for (size_t i = 0; i < c->naddrs; i++)
				sb_add(b, " %s=%s", c->hosts[c->addrs[i].host],
				       c->addrs[i].cidr);
		}
		sb_add(b, ".\n");
	}
	if (c->needs & (NEED_VM_CAN | NEED_VM_TIPC | NEED_VM_RDS))
		sb_add(b, "%sThe kernel needs the family's module (sockspec "
		       "runs these in a QEMU guest:\n%svm/README.md)%s.\n",
		       pfx, pfx, c->needs & NEED_VM_CAN ? "; vcan0 and vcan1 must exist "
		       "and be up" : "");
	if (c->isolate_nocap)
		sb_add(b, "%ssockspec runs it without CAP_SYS_ADMIN "
		       "(isolate: nocap).\n", pfx);
}

int repro_fixtures(const scase *c, repro_fixture_fn put, sbuf *b,
		   char *why, size_t cap)
{
	const char *fx[3] = { c->fixture_hosts, c->fixture_services,
			      c->fixture_protocols };
	static const char *const etc[3] = { "hosts", "services",
					    "protocols" };
	for (int i = 0; i < 3; i++) {
		if (!fx[i])
			continue;
		char *rel = xasprintf("fixtures/%s", fx[i]);
		char *path = proj_path(rel);
		char *text = repro_read_file(path);
		free(rel);
		if (!text) {
			snprintf(why, cap, "fixture %s: cannot read", path);
			free(path);
			return -1;
		}
		free(path);
		put(b, etc[i], text);
		free(text);
	}
	return 0;
}
