/*
 * case_header.c — the header of a case file: the `key: value` lines (id,
 * doc, needs, hosts, link, addr, route, fixture, impl, timeout, isolate,
 * locale, soft), checked
 * and applied to the case once the header is complete; and the text of a
 * needs bit set.
 */
#include "case_parse.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ----------------------------------------------------------------- header */

enum { K_ID, K_DOC, K_NEEDS, K_HOSTS, K_LINK, K_ADDR, K_FIXTURE, K_IMPL,
       K_TIMEOUT, K_ISOLATE, K_LOCALE, K_SOFT, K_ROUTE, K_COUNT };

static const char *const key_names[K_COUNT] = {
	"id", "doc", "needs", "hosts", "link", "addr", "fixture", "impl",
	"timeout", "isolate", "locale", "soft", "route",
};

static const char *const need_names[] = {
	"host", "netns", "root", "resolver", "vm:can", "vm:tipc", "vm:rds",
	"timing",
};

/* Next space-separated word of the current line: false at the end. */
static bool next_word(parser *p, size_t *at, size_t *n)
{
	cp_skip_ws(p);
	if (!p->s[p->pos])
		return false;
	*at = p->pos;
	while (p->s[p->pos] && !cp_is_ws(p->s[p->pos]))
		p->pos++;
	*n = p->pos - *at;
	return true;
}

static bool word_is(const char *w, size_t n, const char *lit)
{
	return strlen(lit) == n && memcmp(w, lit, n) == 0;
}

static bool valid_cidr(const char *w, size_t n)
{
	char buf[INET6_ADDRSTRLEN + 8], addr[16];
	const char *slash = memchr(w, '/', n);
	size_t alen, plen, i;
	long prefix = 0;
	int family;

	if (!slash || n >= sizeof buf)
		return false;
	alen = (size_t)(slash - w);
	plen = n - alen - 1;
	if (plen == 0 || plen > 3)
		return false;
	for (i = 0; i < plen; i++) {
		if (!cp_is_digit(slash[1 + i]))
			return false;
		prefix = prefix * 10 + (slash[1 + i] - '0');
	}
	memcpy(buf, w, alen);
	buf[alen] = '\0';
	family = memchr(buf, ':', alen) ? AF_INET6 : AF_INET;
	if (inet_pton(family, buf, addr) != 1)
		return false;
	return prefix <= (family == AF_INET ? 32 : 128);
}

static bool header_hosts(parser *p)
{
	scase *c = p->c;
	size_t at, n;

	while (next_word(p, &at, &n)) {
		if (cp_id_len(p->s + at) != n) {
			cp_perr(p, at, "host name must be an identifier");
			return false;
		}
		if (cp_host_index(c, p->s + at, n) >= 0) {
			cp_perr(p, at, "duplicate host '%.*s'", QLEN(n),
				p->s + at);
			return false;
		}
		cp_grow(&c->hosts, c->nhosts, sizeof *c->hosts);
		c->hosts[c->nhosts++] = cp_xstrndup(p->s + at, n);
	}
	return true;
}

static int header_host(parser *p, const char *what)
{
	size_t at, n;
	int h;

	if (!next_word(p, &at, &n)) {
		cp_perr(p, p->pos, "%s", what);
		return -1;
	}
	h = cp_host_index(p->c, p->s + at, n);
	if (h < 0) {
		cp_perr(p, at, "unknown host '%.*s'", QLEN(n), p->s + at);
		return -1;
	}
	return h;
}

/* An address (no prefix) into a (16 bytes): its family, or 0. */
static int parse_ip(const char *w, size_t n, unsigned char *a)
{
	char buf[INET6_ADDRSTRLEN + 1];
	int family;

	if (n == 0 || n >= sizeof buf)
		return 0;
	memcpy(buf, w, n);
	buf[n] = '\0';
	family = memchr(buf, ':', n) ? AF_INET6 : AF_INET;
	return inet_pton(family, buf, a) == 1 ? family : 0;
}

/* Is the address a (of family) on the subnet of cidr, and not cidr's
 * own address? A valid_cidr() string. */
static bool on_subnet(int family, const unsigned char *a, const char *cidr)
{
	const char *slash = strchr(cidr, '/');
	unsigned char net[16];
	size_t alen = family == AF_INET ? 4 : 16;
	long prefix = strtol(slash + 1, NULL, 10);

	if (parse_ip(cidr, (size_t)(slash - cidr), net) != family ||
	    memcmp(net, a, alen) == 0)
		return false;
	for (long bit = 0; bit < prefix; bit++) {
		unsigned char m = (unsigned char)(0x80u >> (bit % 8));
		if ((net[bit / 8] & m) != (a[bit / 8] & m))
			return false;
	}
	return true;
}

/* route: HOST default via IP. Read after every addr line (cp_header's
 * last pass), so the gateway is checked against HOST's subnets here and
 * not as a kernel error when the case runs. */
static bool header_route(parser *p)
{
	scase *c = p->c;
	size_t at = 0, n = 0, i;
	unsigned char gw[16];
	int h = header_host(p, "route needs HOST default via IP"), family;
	bool reachable = false;

	if (h < 0)
		return false;
	if (c->isolate_sharednet) {
		cp_perr(p, 0, "isolate: sharednet puts every host in one "
			"network namespace: no 'route' lines");
		return false;
	}
	if (!next_word(p, &at, &n) || !word_is(p->s + at, n, "default")) {
		cp_perr(p, n ? at : p->pos, "route takes 'default via IP' "
			"(only default routes)");
		return false;
	}
	n = 0;
	if (!next_word(p, &at, &n) || !word_is(p->s + at, n, "via")) {
		cp_perr(p, n ? at : p->pos, "expected 'via IP' after 'default'");
		return false;
	}
	n = 0;
	if (!next_word(p, &at, &n) || !(family = parse_ip(p->s + at, n, gw))) {
		cp_perr(p, n ? at : p->pos, "expected the gateway's address "
			"after 'via'");
		return false;
	}
	for (i = 0; i < c->naddrs; i++)
		if (c->addrs[i].host == h &&
		    on_subnet(family, gw, c->addrs[i].cidr))
			reachable = true;
	if (!reachable) {
		cp_perr(p, at, "gateway %.*s is not another address on the "
			"subnet of an 'addr' of host '%s'", QLEN(n), p->s + at,
			c->hosts[h]);
		return false;
	}
	for (i = 0; i < c->nroutes; i++) {
		unsigned char other[16];
		if (c->routes[i].host == h &&
		    parse_ip(c->routes[i].via, strlen(c->routes[i].via),
			     other) == family) {
			cp_perr(p, at, "host '%s' has a default %s route already",
				c->hosts[h], family == AF_INET ? "IPv4" : "IPv6");
			return false;
		}
	}
	cp_grow(&c->routes, c->nroutes, sizeof *c->routes);
	c->routes[c->nroutes].host = h;
	c->routes[c->nroutes++].via = cp_xstrndup(p->s + at, n);
	return cp_expect_end(p);
}

static bool header_key(parser *p, int k)
{
	scase *c = p->c;
	size_t at, n, i;

	switch (k) {
	case K_ID:
		while (next_word(p, &at, &n)) {
			cp_grow(&c->ids, c->nids, sizeof *c->ids);
			c->ids[c->nids++] = cp_xstrndup(p->s + at, n);
		}
		return true;
	case K_DOC:
		while (next_word(p, &at, &n)) {
			const char *w = p->s + at;
			size_t pre = strlen("socket.rst:");
			long v = 0;

			if (n <= pre || memcmp(w, "socket.rst:", pre) != 0 ||
			    n - pre > 9) {
				cp_perr(p, at, "expected socket.rst:LINE");
				return false;
			}
			for (i = pre; i < n; i++) {
				if (!cp_is_digit(w[i])) {
					cp_perr(p, at,
						"expected socket.rst:LINE");
					return false;
				}
				v = v * 10 + (w[i] - '0');
			}
			if (v <= 0) {
				cp_perr(p, at, "expected socket.rst:LINE");
				return false;
			}
			cp_grow(&c->doc_lines, c->ndoc, sizeof *c->doc_lines);
			c->doc_lines[c->ndoc++] = (int)v;
		}
		return true;
	case K_NEEDS:
		while (next_word(p, &at, &n)) {
			bool known = false;
			for (i = 0; i < sizeof need_names / sizeof need_names[0]; i++)
				if (word_is(p->s + at, n, need_names[i])) {
					c->needs |= 1u << i;
					known = true;
				}
			if (!known) {
				cp_perr(p, at, "unknown need '%.*s'", QLEN(n), p->s + at);
				return false;
			}
		}
		return true;
	case K_LINK: {
		int a, b;
		size_t bat;

		a = header_host(p, "link needs two hosts");
		if (a < 0)
			return false;
		cp_skip_ws(p);
		bat = p->pos;
		b = header_host(p, "link needs two hosts");
		if (b < 0)
			return false;
		if (a == b) {
			cp_perr(p, bat, "link joins '%s' to itself",
				c->hosts[a]);
			return false;
		}
		cp_grow(&c->links, c->nlinks, sizeof *c->links);
		c->links[c->nlinks].a = a;
		c->links[c->nlinks++].b = b;
		return cp_expect_end(p);
	}
	case K_ADDR: {
		int h = header_host(p, "addr needs HOST IP/PREFIX");
		size_t count = 0;

		if (h < 0)
			return false;
		while (count < 2 && next_word(p, &at, &n)) {
			if (!valid_cidr(p->s + at, n)) {
				cp_perr(p, at,
					"bad address '%.*s' (want IP/PREFIX)",
					QLEN(n), p->s + at);
				return false;
			}
			cp_grow(&c->addrs, c->naddrs, sizeof *c->addrs);
			c->addrs[c->naddrs].host = h;
			c->addrs[c->naddrs++].cidr = cp_xstrndup(p->s + at, n);
			count++;
		}
		if (!count) {
			cp_perr(p, p->pos, "addr needs HOST IP/PREFIX");
			return false;
		}
		return cp_expect_end(p);
	}
	case K_FIXTURE:
		while (next_word(p, &at, &n)) {
			const char *w = p->s + at, *eq = memchr(w, '=', n);
			size_t kl;
			char **slot;

			if (!eq) {
				cp_perr(p, at, "expected hosts=PATH, services=PATH or protocols=PATH");
				return false;
			}
			kl = (size_t)(eq - w);
			if (word_is(w, kl, "hosts"))
				slot = &c->fixture_hosts;
			else if (word_is(w, kl, "services"))
				slot = &c->fixture_services;
			else if (word_is(w, kl, "protocols"))
				slot = &c->fixture_protocols;
			else {
				cp_perr(p, at, "unknown fixture '%.*s'", QLEN(kl), w);
				return false;
			}
			if (*slot) {
				cp_perr(p, at, "duplicate fixture '%.*s'", QLEN(kl), w);
				return false;
			}
			if (kl + 1 == n) {
				cp_perr(p, at + n, "expected a path after '='");
				return false;
			}
			*slot = cp_xstrndup(eq + 1, n - kl - 1);
		}
		return true;
	case K_IMPL: {
		int h = header_host(p, "impl needs HOST IMPL");
		size_t hat = p->pos;

		if (h < 0)
			return false;
		if (!next_word(p, &at, &n)) {
			cp_perr(p, p->pos, "impl needs HOST IMPL");
			return false;
		}
		if (c->host_impl[h]) {
			cp_perr(p, hat, "duplicate impl for host '%s'",
				c->hosts[h]);
			return false;
		}
		c->host_impl[h] = cp_xstrndup(p->s + at, n);
		return cp_expect_end(p);
	}
	case K_ISOLATE: {
		size_t at, n;
		while (next_word(p, &at, &n)) {
			if (word_is(p->s + at, n, "uts")) {
				c->isolate_uts = true;
			} else if (word_is(p->s + at, n, "nocap")) {
				c->isolate_nocap = true;
			} else if (word_is(p->s + at, n, "sharednet")) {
				c->isolate_sharednet = true;
			} else if (word_is(p->s + at, n, "fresh")) {
				c->isolate_fresh = true;
			} else {
				cp_perr(p, at, "isolate takes 'uts', 'nocap', "
					"'sharednet' or 'fresh'");
				return false;
			}
		}
		return true;
	}
	case K_LOCALE: {
		/* the locale the adapters start in, and with it the file
		 * system encoding of AF_UNIX paths (socket.rst:47-50, 57-59):
		 * C (ASCII) or C.UTF-8, the two every Linux has */
		size_t at = 0, n = 0;
		size_t from = p->pos;
		if (!next_word(p, &at, &n) ||
		    !(word_is(p->s + at, n, "C") ||
		      word_is(p->s + at, n, "C.UTF-8"))) {
			cp_perr(p, n ? at : from, "locale takes 'C' or 'C.UTF-8'");
			return false;
		}
		c->locale = cp_xstrndup(p->s + at, n);
		return cp_expect_end(p);
	}
	case K_SOFT: {
		/* every check of the case soft: it goes on past a failed
		 * step and reports them all (README "Soft checks") */
		size_t at = 0, n = 0;
		size_t from = p->pos;
		if (!next_word(p, &at, &n) ||
		    !(word_is(p->s + at, n, "yes") || word_is(p->s + at, n, "no"))) {
			cp_perr(p, n ? at : from, "soft takes 'yes' or 'no'");
			return false;
		}
		c->soft = word_is(p->s + at, n, "yes");
		return cp_expect_end(p);
	}
	case K_ROUTE:
		return header_route(p);
	case K_TIMEOUT: {
		size_t v = p->pos;
		if (!cp_scan_number(p, &c->timeout) || c->timeout <= 0 ||
		    (cp_skip_ws(p), p->s[p->pos])) {
			cp_perr(p, v, "timeout must be a positive number");
			return false;
		}
		return true;
	}
	}
	return true;
}

/* Process collected header lines: hosts first, then the rest in order,
 * routes last. */
bool cp_header(parser *p, hline *hl, size_t nh)
{
	scase *c = p->c;
	bool seen[K_COUNT] = {false};
	size_t i, pass;

	/* hosts first, routes last (they are checked against the addr
	 * lines), the rest in order */
	for (pass = 0; pass < 3; pass++) {
		for (i = 0; i < nh; i++) {
			int k;
			p->line = hl[i].line;
			p->s = hl[i].text;
			for (k = 0; k < K_COUNT; k++)
				if (word_is(p->s + hl[i].key, hl[i].keylen,
					    key_names[k]))
					break;
			if (k == K_COUNT) {
				if (pass == 1) {
					cp_perr(p, hl[i].key,
						"unknown key '%.*s'",
						QLEN(hl[i].keylen),
						p->s + hl[i].key);
					return false;
				}
				continue;
			}
			if (pass != (k == K_HOSTS ? 0 : k == K_ROUTE ? 2 : 1))
				continue;
			if (seen[k] && k != K_LINK && k != K_ADDR && k != K_IMPL &&
			    k != K_ROUTE) {
				cp_perr(p, hl[i].key, "duplicate key '%s'",
				     key_names[k]);
				return false;
			}
			seen[k] = true;
			p->pos = hl[i].val;
			if (k == K_HOSTS) {
				if (!header_hosts(p))
					return false;
			} else if (!header_key(p, k)) {
				return false;
			}
		}
		if (pass == 0) {
			if (!c->nhosts) {
				c->hosts = cp_xcalloc(1, sizeof *c->hosts);
				c->hosts[0] = cp_xstrdup("h");
				c->nhosts = 1;
			}
			c->host_impl =
				cp_xcalloc(c->nhosts, sizeof *c->host_impl);
		}
	}
	p->line = 1;
	p->s = "";
	if (!seen[K_ID]) {
		cp_perr(p, 0, "missing key 'id'");
		return false;
	}
	if (!seen[K_DOC]) {
		cp_perr(p, 0, "missing key 'doc'");
		return false;
	}
	if (!seen[K_NEEDS]) {
		cp_perr(p, 0, "missing key 'needs'");
		return false;
	}
	/* one network namespace has no veth between its hosts */
	if (c->isolate_sharednet && (c->nlinks || c->naddrs)) {
		cp_perr(p, 0, "isolate: sharednet puts every host in one "
			"network namespace: no 'link' or 'addr' lines");
		return false;
	}
	return true;
}

void case_needs_text(unsigned needs, char *buf, size_t cap)
{
	size_t i, len = 0;

	if (!buf || !cap)
		return;
	buf[0] = '\0';
	for (i = 0; i < sizeof need_names / sizeof need_names[0]; i++) {
		int n;
		if (!(needs & (1u << i)))
			continue;
		n = snprintf(buf + len, cap - len, "%s%s", len ? " " : "",
			     need_names[i]);
		if (n < 0 || (size_t)n >= cap - len) {
			buf[len] = '\0';
			return;
		}
		len += (size_t)n;
	}
}
