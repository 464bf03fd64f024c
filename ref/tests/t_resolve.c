/*
 * t_resolve.c — name resolution: getaddrinfo, getnameinfo, gethostby*,
 * getfqdn and the services/protocols databases (socket.rst:318-445), and
 * the herror/gaierror they raise (socket.rst:150-171).
 *
 * Anything that could reach a name server runs in a child with a
 * files-only resolver fixture (child.h); the rest uses numeric hosts or
 * AI_NUMERICHOST, which never look anything up.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "child.h"
#include "helpers.h"

#define HOSTS_BASE "127.0.0.1 localhost\n::1 localhost6 ip6-localhost\n"

/* ---- helpers ----------------------------------------------------------- */

static const char *ai_host(const sr_addrinfo *ai)
{
	return ai->sockaddr.family == AF_INET6 ? ai->sockaddr.u.in6.host
					       : ai->sockaddr.u.in.host;
}

static long long ai_port(const sr_addrinfo *ai)
{
	return ai->sockaddr.family == AF_INET6 ? ai->sockaddr.u.in6.port
					       : ai->sockaddr.u.in.port;
}

static void require_services(void)
{
	if (getservbyname("http", "tcp") == NULL)
		atf_tc_skip("needs /etc/services with http");
}

/* Run fn in a child that sees only `hosts` as its resolver. */
struct fixture {
	const char *hosts;
	void (*fn)(void);
};

static void fixture_child(void *ctx)
{
	struct fixture *f = ctx;

	child_resolver(f->hosts);
	f->fn();
}

static void with_hosts(const char *hosts, void (*fn)(void))
{
	struct fixture f = {hosts, fn};

	run_in_child(CLONE_NEWNS, fixture_child, &f);
}

static void check_hostent(const sr_hostent *h, const char *name,
			  const char *alias, const char *addr)
{
	CSTREQ(h->name, name);
	if (alias == NULL) {
		CCHECK(h->naliases == 0);
	} else {
		CCHECK(h->naliases == 1);
		CSTREQ(h->aliases[0], alias);
	}
	CCHECK(h->naddrs == 1);
	CSTREQ(h->addrs[0], addr);
}

/* ---- getaddrinfo -------------------------------------------------------- */

/* resolve.getaddrinfo-five-tuples, resolve.getaddrinfo-int-fields */
ATF_TC_WITHOUT_HEAD(getaddrinfo_five_tuples);
ATF_TC_BODY(getaddrinfo_five_tuples, tc)
{
	sr_addrinfo *ai;
	size_t n, i;
	int types = 0;

	SR_OK(sr_getaddrinfo("127.0.0.1", "80", 0, 0, 0, 0, &ai, &n, ERR));
	ATF_REQUIRE_EQ(n, 3); /* glibc: one per STREAM, DGRAM, RAW */
	for (i = 0; i < n; i++) {
		ATF_CHECK_EQ(ai[i].family, AF_INET);
		types |= 1 << ai[i].type;
		ATF_CHECK_STREQ(ai[i].canonname, "");
		ATF_CHECK_EQ(ai[i].sockaddr.family, AF_INET);
		ATF_CHECK_STREQ(ai_host(&ai[i]), "127.0.0.1");
		ATF_CHECK_EQ(ai_port(&ai[i]), 80);
		if (ai[i].type == SOCK_STREAM)
			ATF_CHECK_EQ(ai[i].proto, IPPROTO_TCP);
		if (ai[i].type == SOCK_DGRAM)
			ATF_CHECK_EQ(ai[i].proto, IPPROTO_UDP);
	}
	ATF_CHECK_EQ(types, 1 << SOCK_STREAM | 1 << SOCK_DGRAM | 1 << SOCK_RAW);
	sr_addrinfo_free(ai, n);
}

/* resolve.getaddrinfo-sockaddr-connectable */
ATF_TC_WITHOUT_HEAD(getaddrinfo_sockaddr_connectable);
ATF_TC_BODY(getaddrinfo_sockaddr_connectable, tc)
{
	struct sockaddr_in sin = {0};
	socklen_t len = sizeof sin;
	unsigned char ss[128];
	size_t sslen, n;
	sr_addrinfo *ai;
	char port[16];
	int l, c, before = count_fds();

	l = socket(AF_INET, SOCK_STREAM, 0);
	ATF_REQUIRE(l >= 0);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ATF_REQUIRE(bind(l, (struct sockaddr *)&sin, sizeof sin) == 0);
	ATF_REQUIRE(listen(l, 1) == 0);
	ATF_REQUIRE(getsockname(l, (struct sockaddr *)&sin, &len) == 0);
	snprintf(port, sizeof port, "%u", ntohs(sin.sin_port));

	SR_OK(sr_getaddrinfo("127.0.0.1", port, AF_INET, SOCK_STREAM, 0, 0,
			     &ai, &n, ERR));
	ATF_REQUIRE_EQ(n, 1);
	c = socket(ai[0].family, ai[0].type, ai[0].proto);
	ATF_REQUIRE(c >= 0);
	SR_OK(sr_addr_encode(&ai[0].sockaddr, ai[0].family, ss, sizeof ss,
			     &sslen, ERR));
	ATF_CHECK_MSG(connect(c, (struct sockaddr *)ss, (socklen_t)sslen) == 0,
		      "connect: %s", strerror(errno));
	sr_addrinfo_free(ai, n);
	close(c);
	close(l);
	ATF_CHECK_EQ(count_fds(), before);
}

/* resolve.getaddrinfo-filters, resolve.getaddrinfo-keywords */
ATF_TC_WITHOUT_HEAD(getaddrinfo_filters);
ATF_TC_BODY(getaddrinfo_filters, tc)
{
	sr_addrinfo *ai;
	size_t n;

	SR_OK(sr_getaddrinfo("127.0.0.1", "80", AF_INET, SOCK_STREAM, 0, 0,
			     &ai, &n, ERR));
	ATF_CHECK_EQ(n, 1);
	ATF_CHECK_EQ(ai[0].type, SOCK_STREAM);
	sr_addrinfo_free(ai, n);
	SR_OK(sr_getaddrinfo("127.0.0.1", "80", 0, 0, IPPROTO_UDP, 0, &ai, &n,
			     ERR));
	ATF_CHECK_EQ(n, 1);
	ATF_CHECK_EQ(ai[0].type, SOCK_DGRAM);
	sr_addrinfo_free(ai, n);
	SR_FAILS(SR_ERR_GAIERROR, EAI_ADDRFAMILY,
		 sr_getaddrinfo("127.0.0.1", "80", AF_INET6, 0, 0, 0, &ai, &n,
				ERR));
}

/* resolve.getaddrinfo-none-host, resolve.getaddrinfo-flags */
ATF_TC_WITHOUT_HEAD(getaddrinfo_none_host);
ATF_TC_BODY(getaddrinfo_none_host, tc)
{
	sr_addrinfo *ai;
	size_t n;

	SR_OK(sr_getaddrinfo(NULL, "80", AF_INET, SOCK_STREAM, 0, 0, &ai, &n,
			     ERR));
	ATF_CHECK_STREQ(ai_host(&ai[0]), "127.0.0.1");
	sr_addrinfo_free(ai, n);
	SR_OK(sr_getaddrinfo(NULL, "80", AF_INET, SOCK_STREAM, 0, AI_PASSIVE,
			     &ai, &n, ERR));
	ATF_CHECK_STREQ(ai_host(&ai[0]), "0.0.0.0");
	sr_addrinfo_free(ai, n);
	SR_OK(sr_getaddrinfo(NULL, "80", AF_INET6, SOCK_STREAM, 0, AI_PASSIVE,
			     &ai, &n, ERR));
	ATF_CHECK_STREQ(ai_host(&ai[0]), "::");
	sr_addrinfo_free(ai, n);
}

/* resolve.getaddrinfo-none-none */
ATF_TC_WITHOUT_HEAD(getaddrinfo_none_none);
ATF_TC_BODY(getaddrinfo_none_none, tc)
{
	sr_addrinfo *ai;
	size_t n;

	SR_FAILS(SR_ERR_GAIERROR, EAI_NONAME,
		 sr_getaddrinfo(NULL, NULL, 0, 0, 0, 0, &ai, &n, ERR));
}

/* resolve.getaddrinfo-ai-numerichost, errors.gaierror-eai-code,
 * errors.gaierror-args */
ATF_TC_WITHOUT_HEAD(getaddrinfo_ai_numerichost);
ATF_TC_BODY(getaddrinfo_ai_numerichost, tc)
{
	sr_addrinfo *ai;
	size_t n;
	sr_err e;

	SR_FAILS(SR_ERR_GAIERROR, EAI_NONAME,
		 sr_getaddrinfo("localhost", "80", 0, 0, 0, AI_NUMERICHOST,
				&ai, &n, ERR));
	ATF_REQUIRE(sr_getaddrinfo("x.y", "80", 0, 0, 0, AI_NUMERICHOST, &ai,
				   &n, &e) == -1);
	ATF_CHECK_STREQ(e.msg, gai_strerror(e.code));
	/* An unknown service under AI_NUMERICSERV. */
	ATF_REQUIRE(sr_getaddrinfo("127.0.0.1", "nosuchsvc", 0, 0, 0,
				   AI_NUMERICSERV, &ai, &n, &e) == -1);
	ATF_CHECK_EQ(e.kind, SR_ERR_GAIERROR);
	ATF_CHECK(e.code == EAI_NONAME || e.code == EAI_SERVICE);
}

/* resolve.getaddrinfo-sockaddr-shape */
ATF_TC_WITHOUT_HEAD(getaddrinfo_sockaddr_shape);
ATF_TC_BODY(getaddrinfo_sockaddr_shape, tc)
{
	sr_addrinfo *ai;
	size_t n;

	SR_OK(sr_getaddrinfo("::1", "80", 0, SOCK_STREAM, 0, 0, &ai, &n, ERR));
	ATF_REQUIRE_EQ(n, 1);
	ATF_CHECK_EQ(ai[0].family, AF_INET6);
	ATF_CHECK_EQ(ai[0].sockaddr.family, AF_INET6);
	ATF_CHECK_STREQ(ai[0].sockaddr.u.in6.host, "::1");
	ATF_CHECK_EQ(ai[0].sockaddr.u.in6.port, 80);
	ATF_CHECK_EQ(ai[0].sockaddr.u.in6.flowinfo, 0);
	ATF_CHECK_EQ(ai[0].sockaddr.u.in6.scope_id, 0);
	sr_addrinfo_free(ai, n);
	SR_OK(sr_getaddrinfo("127.0.0.1", "80", 0, SOCK_STREAM, 0, 0, &ai, &n,
			     ERR));
	ATF_CHECK_EQ(ai[0].sockaddr.family, AF_INET);
	sr_addrinfo_free(ai, n);
}

/* resolve.getaddrinfo-port-forms */
ATF_TC_WITHOUT_HEAD(getaddrinfo_port_forms);
ATF_TC_BODY(getaddrinfo_port_forms, tc)
{
	static const char *ports[] = {"http", "80"};
	sr_addrinfo *ai;
	size_t n, i;

	require_services();
	for (i = 0; i < 2; i++) {
		SR_OK(sr_getaddrinfo("127.0.0.1", ports[i], AF_INET,
				     SOCK_STREAM, 0, 0, &ai, &n, ERR));
		ATF_CHECK_STREQ(ai_host(&ai[0]), "127.0.0.1");
		ATF_CHECK_EQ(ai_port(&ai[0]), 80);
		sr_addrinfo_free(ai, n);
	}
	SR_OK(sr_getaddrinfo("127.0.0.1", NULL, AF_INET, SOCK_STREAM, 0, 0,
			     &ai, &n, ERR));
	ATF_CHECK_EQ(ai_port(&ai[0]), 0);
	sr_addrinfo_free(ai, n);
}

ATF_TC_WITHOUT_HEAD(getaddrinfo_port_range);
ATF_TC_BODY(getaddrinfo_port_range, tc)
{
	/* resolve.getaddrinfo-port-forms: a numeric port is 0..65535 on
	 * either end (socket.rst:324); 65536, a longer number and the empty
	 * string are no port number: gaierror(EAI_SERVICE), on glibc too,
	 * whose getaddrinfo would give port 0. */
	static const char *bad[] = {"65536", "65537", "99999999999999999999",
				    ""};
	sr_addrinfo *ai;
	size_t n, i;

	SR_OK(sr_getaddrinfo("127.0.0.1", "65535", AF_INET, SOCK_STREAM, 0, 0,
			     &ai, &n, ERR));
	ATF_CHECK_EQ(ai_port(&ai[0]), 65535);
	sr_addrinfo_free(ai, n);
	SR_OK(sr_getaddrinfo("::1", "0", AF_INET6, SOCK_STREAM, 0, 0, &ai, &n,
			     ERR));
	ATF_CHECK_EQ(ai_port(&ai[0]), 0);
	sr_addrinfo_free(ai, n);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		SR_FAILS(SR_ERR_GAIERROR, EAI_SERVICE,
			 sr_getaddrinfo("127.0.0.1", bad[i], AF_INET,
					SOCK_STREAM, 0, 0, &ai, &n, ERR));
}

/* resolve.getaddrinfo-host-forms */
static void host_forms(void)
{
	static const char *hosts[] = {"localhost", "::1", "127.0.0.1", NULL};
	sr_addrinfo *ai;
	size_t n, i;

	for (i = 0; i < 4; i++) {
		C_OK(sr_getaddrinfo(hosts[i], "80", 0, SOCK_STREAM, 0, 0, &ai,
				    &n, ERR));
		CCHECK(n >= 1);
		sr_addrinfo_free(ai, n);
	}
}
ATF_TC_WITHOUT_HEAD(getaddrinfo_host_forms);
ATF_TC_BODY(getaddrinfo_host_forms, tc)
{
	with_hosts(HOSTS_BASE, host_forms);
}

/* resolve.getaddrinfo-canonname */
static void canonname(void)
{
	sr_addrinfo *ai;
	size_t n, i;

	C_OK(sr_getaddrinfo("alias.test", "80", 0, 0, 0, AI_CANONNAME, &ai,
			    &n, ERR));
	CSTREQ(ai[0].canonname, "canon.test");
	sr_addrinfo_free(ai, n);
	C_OK(sr_getaddrinfo("alias.test", "80", 0, 0, 0, 0, &ai, &n, ERR));
	for (i = 0; i < n; i++)
		CSTREQ(ai[i].canonname, "");
	sr_addrinfo_free(ai, n);
}
ATF_TC_WITHOUT_HEAD(getaddrinfo_canonname);
ATF_TC_BODY(getaddrinfo_canonname, tc)
{
	with_hosts(HOSTS_BASE "127.0.0.1 canon.test alias.test\n", canonname);
}

/* resolve.getaddrinfo-example-tcp-only */
static void tcp_only(void)
{
	sr_addrinfo *ai;
	size_t n, i;
	int seen = 0;

	C_OK(sr_getaddrinfo("www.example.test", "80", 0, 0, IPPROTO_TCP, 0,
			    &ai, &n, ERR));
	CCHECK(n == 2);
	for (i = 0; i < n; i++) {
		CCHECK(ai[i].type == SOCK_STREAM);
		CCHECK(ai[i].proto == IPPROTO_TCP);
		CSTREQ(ai[i].canonname, "");
		if (ai[i].family == AF_INET) {
			CSTREQ(ai[i].sockaddr.u.in.host, "127.0.0.9");
			CCHECK(ai[i].sockaddr.u.in.port == 80);
			seen |= 1;
		} else {
			CCHECK(ai[i].family == AF_INET6);
			CSTREQ(ai[i].sockaddr.u.in6.host, "2001:db8::9");
			CCHECK(ai[i].sockaddr.u.in6.port == 80);
			CCHECK(ai[i].sockaddr.u.in6.flowinfo == 0);
			CCHECK(ai[i].sockaddr.u.in6.scope_id == 0);
			seen |= 2;
		}
	}
	CCHECK(seen == 3);
	sr_addrinfo_free(ai, n);
}
ATF_TC_WITHOUT_HEAD(getaddrinfo_example_tcp_only);
ATF_TC_BODY(getaddrinfo_example_tcp_only, tc)
{
	with_hosts(HOSTS_BASE "127.0.0.9 www.example.test\n"
			      "2001:db8::9 www.example.test\n",
		   tcp_only);
}

/* errors.gaierror-sources */
static void gai_sources(void)
{
	sr_addrinfo *ai;
	sr_addr a;
	size_t n;
	char *h, *p;

	C_FAILS(SR_ERR_GAIERROR, EAI_NONAME,
		sr_getaddrinfo("nonexistent.invalid", "80", 0, 0, 0, 0, &ai,
			       &n, ERR));
	a.family = AF_INET;
	strcpy(a.u.in.host, "nonexistent.invalid");
	a.u.in.port = 80;
	C_FAILS(SR_ERR_GAIERROR, EAI_NONAME, sr_getnameinfo(&a, 0, &h, &p, ERR));
}
ATF_TC_WITHOUT_HEAD(gaierror_sources);
ATF_TC_BODY(gaierror_sources, tc)
{
	with_hosts(HOSTS_BASE, gai_sources);
}

/* ---- gethostbyname, gethostbyname_ex ------------------------------------ */

/* resolve.gethostbyname-literal-passthrough */
ATF_TC_WITHOUT_HEAD(gethostbyname_literal);
ATF_TC_BODY(gethostbyname_literal, tc)
{
	char s[16];

	SR_OK(sr_gethostbyname("1.2.3.4", s, ERR));
	ATF_CHECK_STREQ(s, "1.2.3.4");
	SR_OK(sr_gethostbyname("<broadcast>", s, ERR));
	ATF_CHECK_STREQ(s, "255.255.255.255");
}

/* resolve.gethostbyname-ipv4-string */
static void byname(void)
{
	char s[16];

	C_OK(sr_gethostbyname("h5.test", s, ERR));
	CSTREQ(s, "127.0.0.5");
	/* An unknown name is gaierror. */
	C_FAILS(SR_ERR_GAIERROR, EAI_NONAME,
		sr_gethostbyname("nonexistent.invalid", s, ERR));
}
ATF_TC_WITHOUT_HEAD(gethostbyname_ipv4_string);
ATF_TC_BODY(gethostbyname_ipv4_string, tc)
{
	with_hosts(HOSTS_BASE "127.0.0.5 h5.test\n", byname);
}

/* resolve.gethostbyname-no-ipv6 */
static void byname_no_ipv6(void)
{
	sr_addrinfo *ai;
	size_t n;
	char s[16];

	C_FAILS(SR_ERR_GAIERROR, EAI_ADDRFAMILY, sr_gethostbyname("::1", s, ERR));
	C_FAILS(SR_ERR_GAIERROR, -1, sr_gethostbyname("v6only.test", s, ERR));
	C_OK(sr_getaddrinfo("v6only.test", NULL, 0, SOCK_STREAM, 0, 0, &ai,
			    &n, ERR));
	CCHECK(ai[0].family == AF_INET6);
	CSTREQ(ai[0].sockaddr.u.in6.host, "2001:db8::6");
	sr_addrinfo_free(ai, n);
}
ATF_TC_WITHOUT_HEAD(gethostbyname_no_ipv6);
ATF_TC_BODY(gethostbyname_no_ipv6, tc)
{
	with_hosts(HOSTS_BASE "2001:db8::6 v6only.test\n", byname_no_ipv6);
}

/* resolve.gethostbyname-ex-triple */
static void byname_ex(void)
{
	sr_hostent h;

	C_OK(sr_gethostbyname_ex("al1.test", &h, ERR));
	check_hostent(&h, "prim.test", "al1.test", "127.0.0.6");
	sr_hostent_free(&h);
	C_OK(sr_gethostbyname_ex("1.2.3.4", &h, ERR));
	check_hostent(&h, "1.2.3.4", NULL, "1.2.3.4");
	sr_hostent_free(&h);
}
ATF_TC_WITHOUT_HEAD(gethostbyname_ex_triple);
ATF_TC_BODY(gethostbyname_ex_triple, tc)
{
	with_hosts(HOSTS_BASE "127.0.0.6 prim.test al1.test\n", byname_ex);
}

/* resolve.gethostbyname-ex-no-ipv6 */
static void byname_ex_v4(void)
{
	unsigned char b[4];
	sr_hostent h;
	size_t i;

	C_OK(sr_gethostbyname_ex("dual.test", &h, ERR));
	CCHECK(h.naddrs >= 1);
	for (i = 0; i < h.naddrs; i++) {
		CCHECK(strchr(h.addrs[i], ':') == NULL);
		C_OK(sr_inet_aton(h.addrs[i], b, ERR));
	}
	sr_hostent_free(&h);
}
ATF_TC_WITHOUT_HEAD(gethostbyname_ex_no_ipv6);
ATF_TC_BODY(gethostbyname_ex_no_ipv6, tc)
{
	with_hosts(HOSTS_BASE "127.0.0.10 dual.test\n2001:db8::10 dual.test\n",
		   byname_ex_v4);
}

/* errors.herror-from-gethostbyname-ex: the document says herror, CPython
 * (and so this library) raises gaierror for an unknown name. */
static void byname_ex_unknown(void)
{
	sr_hostent h;

	C_FAILS(SR_ERR_GAIERROR, EAI_NONAME,
		sr_gethostbyname_ex("nonexistent.invalid", &h, ERR));
}
ATF_TC_WITHOUT_HEAD(gethostbyname_ex_unknown);
ATF_TC_BODY(gethostbyname_ex_unknown, tc)
{
	with_hosts(HOSTS_BASE, byname_ex_unknown);
}

/* ---- gethostbyaddr, getfqdn ---------------------------------------------- */

/* resolve.gethostbyaddr-triple */
static void byaddr(void)
{
	sr_hostent h;

	C_OK(sr_gethostbyaddr("127.0.0.7", &h, ERR));
	check_hostent(&h, "p7.test", "a7.test", "127.0.0.7");
	sr_hostent_free(&h);
	/* A name is resolved first, then looked up by its address. */
	C_OK(sr_gethostbyaddr("a7.test", &h, ERR));
	check_hostent(&h, "p7.test", "a7.test", "127.0.0.7");
	sr_hostent_free(&h);
}
ATF_TC_WITHOUT_HEAD(gethostbyaddr_triple);
ATF_TC_BODY(gethostbyaddr_triple, tc)
{
	with_hosts(HOSTS_BASE "127.0.0.7 p7.test a7.test\n", byaddr);
}

/* resolve.gethostbyaddr-ipv4-and-ipv6 */
static void byaddr_families(void)
{
	sr_hostent h;

	C_OK(sr_gethostbyaddr("::1", &h, ERR));
	CCHECK(h.naddrs == 1);
	CSTREQ(h.addrs[0], "::1");
	CSTREQ(h.name, "localhost6");
	sr_hostent_free(&h);
	C_OK(sr_gethostbyaddr("127.0.0.1", &h, ERR));
	CCHECK(h.naddrs == 1);
	CSTREQ(h.addrs[0], "127.0.0.1");
	sr_hostent_free(&h);
}
ATF_TC_WITHOUT_HEAD(gethostbyaddr_ipv4_and_ipv6);
ATF_TC_BODY(gethostbyaddr_ipv4_and_ipv6, tc)
{
	with_hosts(HOSTS_BASE, byaddr_families);
}

/* errors.herror-from-gethostbyaddr, errors.herror-args, and an unknown
 * name given to gethostbyaddr being gaierror */
static void byaddr_herror(void)
{
	sr_hostent h;
	sr_err e;

	C_FAILS(SR_ERR_HERROR, HOST_NOT_FOUND,
		sr_gethostbyaddr("192.0.2.1", &h, ERR));
	CCHECK(sr_gethostbyaddr("192.0.2.1", &h, &e) == -1);
	CSTREQ(e.msg, "Unknown host");
	CSTREQ(e.msg, hstrerror(e.code));
	C_FAILS(SR_ERR_GAIERROR, EAI_NONAME,
		sr_gethostbyaddr("nonexistent.invalid", &h, ERR));
}
ATF_TC_WITHOUT_HEAD(gethostbyaddr_herror);
ATF_TC_BODY(gethostbyaddr_herror, tc)
{
	with_hosts(HOSTS_BASE, byaddr_herror);
}

/* resolve.getfqdn-first-dotted-name */
static void fqdn_dotted(void)
{
	char *s;

	C_OK(sr_getfqdn("10.9.9.9", &s, ERR));
	CSTREQ(s, "alias.example.org");
	free(s);
	/* Surrounding blanks are stripped first, as str.strip() does. */
	C_OK(sr_getfqdn("  10.9.9.9\n", &s, ERR));
	CSTREQ(s, "alias.example.org");
	free(s);
}
ATF_TC_WITHOUT_HEAD(getfqdn_first_dotted_name);
ATF_TC_BODY(getfqdn_first_dotted_name, tc)
{
	with_hosts(HOSTS_BASE
		   "10.9.9.9 short alias.example.org other.example.org\n",
		   fqdn_dotted);
}

/* resolve.getfqdn-fallback: CPython's fallback (the primary name, or the
 * argument unchanged), not the document's gethostname() */
static void fqdn_fallback(void)
{
	char *s;

	C_OK(sr_sethostname("box", 3, ERR));
	C_OK(sr_getfqdn("10.9.9.8", &s, ERR));
	CSTREQ(s, "plainname");
	free(s);
	C_OK(sr_getfqdn("no.such.invalid", &s, ERR));
	CSTREQ(s, "no.such.invalid");
	free(s);
}
static void fqdn_fallback_child(void *ctx)
{
	(void)ctx;
	child_resolver(HOSTS_BASE "10.9.9.8 plainname\n");
	fqdn_fallback();
}
ATF_TC_WITHOUT_HEAD(getfqdn_fallback);
ATF_TC_BODY(getfqdn_fallback, tc)
{
	run_in_child(CLONE_NEWNS | CLONE_NEWUTS, fqdn_fallback_child, NULL);
}

/* resolve.getfqdn-local-default */
static void fqdn_local_child(void *ctx)
{
	char *s;

	(void)ctx;
	child_resolver(HOSTS_BASE "127.0.1.1 box.example.org box\n");
	C_OK(sr_sethostname("box", 3, ERR));
	C_OK(sr_getfqdn(NULL, &s, ERR));
	CSTREQ(s, "box.example.org");
	free(s);
	C_OK(sr_getfqdn("", &s, ERR));
	CSTREQ(s, "box.example.org");
	free(s);
	C_OK(sr_getfqdn("0.0.0.0", &s, ERR));
	CSTREQ(s, "box.example.org");
	free(s);
}
ATF_TC_WITHOUT_HEAD(getfqdn_local_default);
ATF_TC_BODY(getfqdn_local_default, tc)
{
	run_in_child(CLONE_NEWNS | CLONE_NEWUTS, fqdn_local_child, NULL);
}

/* ---- getnameinfo -------------------------------------------------------- */

static sr_addr inet_addr_of(const char *host, long long port)
{
	sr_addr a;

	memset(&a, 0, sizeof a);
	a.family = AF_INET;
	snprintf(a.u.in.host, sizeof a.u.in.host, "%s", host);
	a.u.in.port = port;
	return a;
}

static sr_addr inet6_addr_of(const char *host, long long port,
			     long long flowinfo, long long scope_id, int n)
{
	sr_addr a;

	memset(&a, 0, sizeof a);
	a.family = AF_INET6;
	snprintf(a.u.in6.host, sizeof a.u.in6.host, "%s", host);
	a.u.in6.port = port;
	a.u.in6.flowinfo = flowinfo;
	a.u.in6.scope_id = scope_id;
	a.u.in6.n = n;
	return a;
}

/* resolve.getnameinfo-two-tuple */
ATF_TC_WITHOUT_HEAD(getnameinfo_two_tuple);
ATF_TC_BODY(getnameinfo_two_tuple, tc)
{
	sr_addr a = inet_addr_of("127.0.0.1", 80);
	sr_addr b = inet6_addr_of("::1", 80, 0, 0, 4);
	char *h, *p;

	SR_OK(sr_getnameinfo(&a, NI_NUMERICHOST | NI_NUMERICSERV, &h, &p, ERR));
	ATF_CHECK_STREQ(h, "127.0.0.1");
	ATF_CHECK_STREQ(p, "80");
	sr_free(h);
	sr_free(p);
	SR_OK(sr_getnameinfo(&b, NI_NUMERICHOST | NI_NUMERICSERV, &h, &p, ERR));
	ATF_CHECK_STREQ(h, "::1");
	ATF_CHECK_STREQ(p, "80");
	sr_free(h);
	sr_free(p);
}

/* resolve.getnameinfo-flags-required (the C call always takes flags) and
 * the numeric-host requirement of doc-notes.md "417-422" */
ATF_TC_WITHOUT_HEAD(getnameinfo_numeric_host);
ATF_TC_BODY(getnameinfo_numeric_host, tc)
{
	sr_addr a = inet_addr_of("localhost", 80);
	char *h, *p;

	SR_FAILS(SR_ERR_GAIERROR, EAI_NONAME,
		 sr_getnameinfo(&a, NI_NUMERICHOST, &h, &p, ERR));
}

/* resolve.getnameinfo-two-tuple: the sockaddr argument's error paths */
ATF_TC_WITHOUT_HEAD(getnameinfo_bad_sockaddr);
ATF_TC_BODY(getnameinfo_bad_sockaddr, tc)
{
	sr_addr v4in6 = inet6_addr_of("127.0.0.1", 80, 0, 0, 4);
	sr_addr flow = inet6_addr_of("::1", 80, 1 << 20, 0, 4);
	sr_addr bigport = inet_addr_of("127.0.0.1", 1LL << 31);
	sr_addr un;
	char *h, *p;
	sr_err e;

	memset(&un, 0, sizeof un);
	un.family = AF_UNIX;
	SR_FAILS(SR_ERR_OSERROR, 0,
		 sr_getnameinfo(&v4in6, NI_NUMERICHOST, &h, &p, ERR));
	SR_FAILS(SR_ERR_OVERFLOWERROR, 0,
		 sr_getnameinfo(&flow, NI_NUMERICHOST, &h, &p, ERR));
	sr_getnameinfo(&flow, 0, &h, &p, &e);
	ATF_CHECK_STREQ(e.msg, "getnameinfo(): flowinfo must be 0-1048575.");
	SR_FAILS(SR_ERR_OVERFLOWERROR, 0,
		 sr_getnameinfo(&bigport, NI_NUMERICHOST, &h, &p, ERR));
	SR_FAILS(SR_ERR_TYPEERROR, 0, sr_getnameinfo(&un, 0, &h, &p, ERR));
	/* An IPv6 host in a 2-tuple is fine. */
	v4in6 = inet6_addr_of("::1", 80, 0, 0, 2);
	SR_OK(sr_getnameinfo(&v4in6, NI_NUMERICHOST | NI_NUMERICSERV, &h, &p,
			     ERR));
	sr_free(h);
	sr_free(p);
}

/* resolve.getnameinfo-host-name-or-numeric,
 * resolve.getnameinfo-port-name-or-number */
static void nameinfo_names(void)
{
	sr_addr a = inet_addr_of("127.0.0.1", 80);
	sr_addr u = inet_addr_of("192.0.2.1", 80);
	char *h, *p;

	C_OK(sr_getnameinfo(&a, 0, &h, &p, ERR));
	CSTREQ(h, "localhost");
	CSTREQ(p, "http");
	free(h);
	free(p);
	C_OK(sr_getnameinfo(&a, NI_NUMERICHOST, &h, &p, ERR));
	CSTREQ(h, "127.0.0.1");
	CSTREQ(p, "http");
	free(h);
	free(p);
	C_OK(sr_getnameinfo(&a, NI_NUMERICSERV, &h, &p, ERR));
	CSTREQ(p, "80");
	free(h);
	free(p);
	C_FAILS(SR_ERR_GAIERROR, EAI_NONAME,
		sr_getnameinfo(&u, NI_NAMEREQD, &h, &p, ERR));
}
ATF_TC_WITHOUT_HEAD(getnameinfo_host_name_or_numeric);
ATF_TC_BODY(getnameinfo_host_name_or_numeric, tc)
{
	require_services();
	with_hosts(HOSTS_BASE, nameinfo_names);
}

/* ---- protocols and services ---------------------------------------------- */

/* resolve.getprotobyname, resolve.getprotobyname-for-raw */
ATF_TC_WITHOUT_HEAD(getprotobyname);
ATF_TC_BODY(getprotobyname, tc)
{
	int p;
	sr_err e;

	if (getprotobyname("tcp") == NULL)
		atf_tc_skip("needs /etc/protocols");
	SR_OK(sr_getprotobyname("icmp", &p, ERR));
	ATF_CHECK_EQ(p, 1);
	SR_OK(sr_getprotobyname("tcp", &p, ERR));
	ATF_CHECK_EQ(p, 6);
	SR_OK(sr_getprotobyname("udp", &p, ERR));
	ATF_CHECK_EQ(p, 17);
	SR_FAILS(SR_ERR_OSERROR, 0, sr_getprotobyname("nosuchproto", &p, ERR));
	sr_getprotobyname("nosuchproto", &p, &e);
	ATF_CHECK_STREQ(e.msg, "protocol not found");
}

/* resolve.getservbyname */
ATF_TC_WITHOUT_HEAD(getservbyname);
ATF_TC_BODY(getservbyname, tc)
{
	int port;
	sr_err e;

	require_services();
	SR_OK(sr_getservbyname("http", NULL, &port, ERR));
	ATF_CHECK_EQ(port, 80);
	SR_OK(sr_getservbyname("domain", "udp", &port, ERR));
	ATF_CHECK_EQ(port, 53);
	SR_FAILS(SR_ERR_OSERROR, 0,
		 sr_getservbyname("nosuchservice", NULL, &port, ERR));
	sr_getservbyname("nosuchservice", NULL, &port, &e);
	ATF_CHECK_STREQ(e.msg, "service/proto not found");
}

/* resolve.getservbyport */
ATF_TC_WITHOUT_HEAD(getservbyport);
ATF_TC_BODY(getservbyport, tc)
{
	char *s;
	sr_err e;

	require_services();
	SR_OK(sr_getservbyport(80, NULL, &s, ERR));
	ATF_CHECK_STREQ(s, "http");
	sr_free(s);
	SR_OK(sr_getservbyport(53, "udp", &s, ERR));
	ATF_CHECK_STREQ(s, "domain");
	sr_free(s);
	SR_FAILS(SR_ERR_OVERFLOWERROR, 0, sr_getservbyport(-1, NULL, &s, ERR));
	SR_FAILS(SR_ERR_OVERFLOWERROR, 0,
		 sr_getservbyport(65536, NULL, &s, ERR));
	sr_getservbyport(65536, NULL, &s, &e);
	ATF_CHECK_STREQ(e.msg, "getservbyport: port must be 0-65535.");
}

/* resolve.getservbyname-proto-filter, resolve.getservbyport-proto-filter */
static void services_child(void *ctx)
{
	char *s;
	int port;
	sr_err e;

	(void)ctx;
	child_resolver(HOSTS_BASE);
	child_bind_file("/etc/services", "tcponly\t7777/tcp\n");
	C_OK(sr_getservbyname("tcponly", NULL, &port, ERR));
	CCHECK(port == 7777);
	C_OK(sr_getservbyname("tcponly", "tcp", &port, ERR));
	CCHECK(port == 7777);
	C_FAILS(SR_ERR_OSERROR, 0,
		sr_getservbyname("tcponly", "udp", &port, ERR));
	C_OK(sr_getservbyport(7777, NULL, &s, ERR));
	CSTREQ(s, "tcponly");
	free(s);
	C_FAILS(SR_ERR_OSERROR, 0, sr_getservbyport(7777, "udp", &s, ERR));
	CCHECK(sr_getservbyport(7777, "udp", &s, &e) == -1);
	CSTREQ(e.msg, "port/proto not found");
}
ATF_TC_WITHOUT_HEAD(services_proto_filter);
ATF_TC_BODY(services_proto_filter, tc)
{
	run_in_child(CLONE_NEWNS, services_child, NULL);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, getaddrinfo_five_tuples);
	ATF_TP_ADD_TC(tp, getaddrinfo_sockaddr_connectable);
	ATF_TP_ADD_TC(tp, getaddrinfo_filters);
	ATF_TP_ADD_TC(tp, getaddrinfo_none_host);
	ATF_TP_ADD_TC(tp, getaddrinfo_none_none);
	ATF_TP_ADD_TC(tp, getaddrinfo_ai_numerichost);
	ATF_TP_ADD_TC(tp, getaddrinfo_sockaddr_shape);
	ATF_TP_ADD_TC(tp, getaddrinfo_port_forms);
	ATF_TP_ADD_TC(tp, getaddrinfo_port_range);
	ATF_TP_ADD_TC(tp, getaddrinfo_host_forms);
	ATF_TP_ADD_TC(tp, getaddrinfo_canonname);
	ATF_TP_ADD_TC(tp, getaddrinfo_example_tcp_only);
	ATF_TP_ADD_TC(tp, gaierror_sources);
	ATF_TP_ADD_TC(tp, gethostbyname_literal);
	ATF_TP_ADD_TC(tp, gethostbyname_ipv4_string);
	ATF_TP_ADD_TC(tp, gethostbyname_no_ipv6);
	ATF_TP_ADD_TC(tp, gethostbyname_ex_triple);
	ATF_TP_ADD_TC(tp, gethostbyname_ex_no_ipv6);
	ATF_TP_ADD_TC(tp, gethostbyname_ex_unknown);
	ATF_TP_ADD_TC(tp, gethostbyaddr_triple);
	ATF_TP_ADD_TC(tp, gethostbyaddr_ipv4_and_ipv6);
	ATF_TP_ADD_TC(tp, gethostbyaddr_herror);
	ATF_TP_ADD_TC(tp, getfqdn_first_dotted_name);
	ATF_TP_ADD_TC(tp, getfqdn_fallback);
	ATF_TP_ADD_TC(tp, getfqdn_local_default);
	ATF_TP_ADD_TC(tp, getnameinfo_two_tuple);
	ATF_TP_ADD_TC(tp, getnameinfo_numeric_host);
	ATF_TP_ADD_TC(tp, getnameinfo_bad_sockaddr);
	ATF_TP_ADD_TC(tp, getnameinfo_host_name_or_numeric);
	ATF_TP_ADD_TC(tp, getprotobyname);
	ATF_TP_ADD_TC(tp, getservbyname);
	ATF_TP_ADD_TC(tp, getservbyport);
	ATF_TP_ADD_TC(tp, services_proto_filter);
	return atf_no_error();
}
