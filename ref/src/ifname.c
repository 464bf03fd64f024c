/*
 * ifname.c — if_nameindex, if_nametoindex and if_indextoname
 * (socket.rst:648-679).
 */
#include "internal.h"

#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

void sr_if_nameindex_free(sr_ifname *list, size_t n)
{
	size_t i;

	if (list == NULL)
		return;
	for (i = 0; i < n; i++)
		free(list[i].name);
	free(list);
}

/* A list of (index, name) in the order the C library gives them; a
 * failing call (it opens a netlink socket) is OSError(errno). */
int sr_if_nameindex(sr_ifname **out, size_t *n, sr_err *err)
{
	struct if_nameindex *ni;
	sr_ifname *v;
	size_t i, count = 0;

	ni = if_nameindex();
	if (ni == NULL)
		return sr__oserror(err, errno);
	while (ni[count].if_index != 0)
		count++;
	v = calloc(count ? count : 1, sizeof *v);
	if (v == NULL) {
		if_freenameindex(ni);
		return sr__nomem(err);
	}
	for (i = 0; i < count; i++) {
		v[i].index = ni[i].if_index;
		v[i].name = strdup(ni[i].if_name);
		if (v[i].name == NULL) {
			sr_if_nameindex_free(v, i);
			if_freenameindex(ni);
			return sr__nomem(err);
		}
	}
	if_freenameindex(ni);
	*out = v;
	*n = count;
	return 0;
}

/* CPython (3.3 to this day) reports an unknown name without an errno, as
 * OSError("no interface with this name"), although if_nametoindex sets
 * ENODEV; the CPython form is kept (socket.rst:665). */
int sr_if_nametoindex(const char *name, unsigned int *out, sr_err *err)
{
	unsigned int index;

	if (name == NULL)
		return sr__error(err, SR_ERR_TYPEERROR, 0,
				 "if_nametoindex() argument must be str, "
				 "not None");
	index = if_nametoindex(name);
	if (index == 0)
		return sr__error(err, SR_ERR_OSERROR, 0,
				 "no interface with this name");
	*out = index;
	return 0;
}

/* The index is a C unsigned int: negative is OverflowError as in
 * CPython; so is a value above UINT_MAX, which CPython 3.11 silently
 * wrapped instead. An unknown index is OSError(ENXIO) (socket.rst:676). */
int sr_if_indextoname(long long index, char *out, sr_err *err)
{
	char buf[IF_NAMESIZE];

	if (index < 0)
		return sr__error(err, SR_ERR_OVERFLOWERROR, 0,
				 "can't convert negative value to unsigned int");
	if (index > UINT_MAX)
		return sr__error(err, SR_ERR_OVERFLOWERROR, 0,
				 "Python int too large to convert to C "
				 "unsigned int");
	if (if_indextoname((unsigned int)index, buf) == NULL)
		return sr__oserror(err, errno);
	memcpy(out, buf, strlen(buf) + 1);
	return 0;
}
