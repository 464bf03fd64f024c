/*
 * adapter_cmd.c — which command runs an implementation's adapter: the
 * ref builds per platform, pyadapter.py under the right interpreter and
 * flavour, python:PATH, exec:PATH, FAMILY@SUITE (the interpreter of a
 * Debian userland root), or $SOCKSPEC_ADAPTER_CMD. Both ways of starting
 * one (adapter.c, forkserver.c) ask here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run_internal.h"
#include "userland/userland.h"

/* libsockref's adapter, one build per platform (Makefile), under the
 * project's build/ */
static const struct { const char *impl, *path; } ref_builds[] = {
	{ "ref", "build/ref-adapter" },
	{ "ref-musl", "build/ref-adapter-musl" },
	{ "ref-i386", "build/ref-adapter-i386" },
};

/* FAMILY[VERSION]@SUITE: pyadapter.py under the root's own interpreter,
 * by its paths inside the root (adapter_root says which to enter);
 * micropython: mpadapter.py, the adapter in MicroPython's own dialect. */
static char **root_argv(const char *impl, char **argv, char *why, size_t cap)
{
	char fam[32], ver[32], suite[64];
	if (!impl_root_name(impl, fam, sizeof fam, ver, sizeof ver, suite,
			    sizeof suite)) {
		snprintf(why, cap, "unknown implementation %s", impl);
		return NULL;
	}
	const char *root = userland_root(suite, why, cap);
	if (!root)
		return NULL;
	bool flavoured = strcmp(fam, "gevent") == 0 ||
			 strcmp(fam, "eventlet") == 0;
	bool micro = strcmp(fam, "micropython") == 0;
	const char *py = strcmp(fam, "pypy") == 0 ? "/usr/bin/pypy3"
			 : micro ? "/usr/bin/micropython" : "/usr/bin/python3";
	char *in = xasprintf("%s%s", root, py);
	bool ok = access(in, X_OK) == 0;
	free(in);
	if (ok && flavoured) {
		in = xasprintf("%s/usr/lib/python3/dist-packages/%s", root, fam);
		ok = access(in, R_OK) == 0;
		free(in);
	}
	if (!ok) {
		snprintf(why, cap, "needs %s in the Debian %s root %s: not "
			 "installed (vm/roots)", flavoured ? fam : py, suite,
			 root);
		return NULL;
	}
	argv[0] = (char *)py;
	argv[1] = micro ? USERLAND_ADAPTERS "/mpadapter.py"
			: USERLAND_ADAPTERS "/pyadapter.py";
	static char flavour[32];
	snprintf(flavour, sizeof flavour, "%s", fam);
	argv[2] = flavoured ? "--flavour" : NULL;
	argv[3] = flavoured ? flavour : NULL;
	argv[4] = NULL;
	return argv;
}

const char *adapter_root(const char *impl)
{
	char fam[32], ver[32], suite[64], why[512];
	if (getenv("SOCKSPEC_ADAPTER_CMD") ||
	    !impl_root_name(impl, fam, sizeof fam, ver, sizeof ver, suite,
			    sizeof suite))
		return NULL;
	return userland_root(suite, why, sizeof why);
}

char **adapter_argv(const char *impl, char *why, size_t cap)
{
	static char *argv[ADAPTER_MAX_ARGS + 1];
	static char *owned[3];
	for (int i = 0; i < 3; i++) {
		free(owned[i]);
		owned[i] = NULL;
	}
	const char *cmd = getenv("SOCKSPEC_ADAPTER_CMD");
	if (cmd && *cmd) {
		argv[0] = "/bin/sh";
		argv[1] = "-c";
		argv[2] = (char *)cmd;
		argv[3] = NULL;
		return argv;
	}
	for (size_t i = 0; i < sizeof ref_builds / sizeof *ref_builds; i++) {
		if (strcmp(impl, ref_builds[i].impl) != 0)
			continue;
		/* SOCKSPEC_REF_ADAPTER: another build of libsockref's adapter
		 * standing in for `ref` (the mutation runner's mutants), with
		 * ref's expectations and platform */
		const char *alt = getenv("SOCKSPEC_REF_ADAPTER");
		if (i == 0 && alt && *alt)
			owned[0] = strdup(alt);
		else
			owned[0] = proj_path(ref_builds[i].path);
		if (access(owned[0], X_OK) != 0) {
			snprintf(why, cap, "needs %s: not built", owned[0]);
			return NULL;
		}
		argv[0] = owned[0];
		argv[1] = NULL;
		return argv;
	}
	char fam[32], ver[32], suite[64];
	if (impl_root_name(impl, fam, sizeof fam, ver, sizeof ver, suite,
			   sizeof suite))
		return root_argv(impl, argv, why, cap);
	/* exec:PATH [ARG...] — a third party's adapter speaking the wire
	 * protocol (conformance/README.md "Adding an implementation"); its
	 * words split at spaces, no quoting: `exec:/usr/bin/micropython
	 * /opt/adapter.py` */
	if (strncmp(impl, "exec:", 5) == 0) {
		owned[2] = strdup(impl + 5);
		int n = 0;
		char *save = NULL;
		for (char *w = owned[2] ? strtok_r(owned[2], " ", &save) : NULL;
		     w && n < ADAPTER_MAX_ARGS; w = strtok_r(NULL, " ", &save))
			argv[n++] = w;
		argv[n] = NULL;
		if (n == 0 || !have_prog(argv[0])) {
			snprintf(why, cap, "needs %s: no such program",
				 n ? argv[0] : "a program after exec:");
			return NULL;
		}
		return argv;
	}
	/* Debian's interpreters, the ones scripts/deps.sh installs (a shim
	 * earlier in PATH, e.g. pyenv's, costs a quarter second a start);
	 * SOCKSPEC_CPYTHON / SOCKSPEC_PYPY name another, and python:PATH
	 * runs the same adapter script with any interpreter. */
	const char *py = NULL;
	/* third-party socket modules on Debian's CPython (pyadapter.py
	 * --flavour): gevent.socket after monkey-patching, eventlet's green
	 * socket; their Debian packages are python3-gevent, python3-eventlet */
	const char *flavour = NULL;
	if (strcmp(impl, "gevent") == 0 || strcmp(impl, "eventlet") == 0) {
		flavour = impl;
		py = getenv("SOCKSPEC_CPYTHON");
		if (!py) {
			char dir[128];
			py = "/usr/bin/python3";
			snprintf(dir, sizeof dir,
				 "/usr/lib/python3/dist-packages/%s", impl);
			if (access(dir, R_OK) != 0) {
				snprintf(why, cap, "needs python3-%s: not "
					 "installed", impl);
				return NULL;
			}
		}
	} else if (strcmp(impl, "cpython") == 0)
		py = getenv("SOCKSPEC_CPYTHON") ? getenv("SOCKSPEC_CPYTHON")
						: "/usr/bin/python3";
	else if (strcmp(impl, "pypy") == 0)
		py = getenv("SOCKSPEC_PYPY") ? getenv("SOCKSPEC_PYPY")
					     : "/usr/bin/pypy3";
	else if (strncmp(impl, "python:", 7) == 0)
		py = impl + 7;
	if (!py || !*py) {
		snprintf(why, cap, "unknown implementation %s", impl);
		return NULL;
	}
	if (!have_prog(py)) {
		snprintf(why, cap, "needs %s: not installed", py);
		return NULL;
	}
	/* SOCKSPEC_PYADAPTER: pyadapter.py as the interpreter sees it, for
	 * one that runs in a root of its own (a chroot wrapper as the
	 * interpreter); pyargs.py and pyhelpers.py must lie beside it */
	const char *ad = getenv("SOCKSPEC_PYADAPTER");
	owned[1] = ad && *ad ? strdup(ad)
			     : proj_path("conformance/adapters/pyadapter.py");
	argv[0] = (char *)py;
	argv[1] = owned[1];
	argv[2] = flavour ? "--flavour" : NULL;
	argv[3] = (char *)flavour;
	argv[4] = NULL;
	return argv;
}

