/* addr_tipc.c — AF_TIPC addresses: (addr_type, v1, v2, v3[, scope]) <->
 * struct sockaddr_tipc (socket.rst:75-95). */
#include "addr.h"

#include <linux/tipc.h>
#include <string.h>

int sr__tipc_encode(const sr_addr *a, struct sockaddr_storage *ss,
		    size_t *len, sr_err *err)
{
	struct sockaddr_tipc t;
	/* The default scope is not documented; CPython uses
	 * TIPC_CLUSTER_SCOPE (doc-notes.md, 85-86; row tipc.scope-optional). */
	long long scope = a->u.tipc.has_scope ? a->u.tipc.scope
					      : TIPC_CLUSTER_SCOPE;
	long long type = a->u.tipc.addr_type;

	/* All items are C unsigned ints in CPython ("IIII|I"), which wraps
	 * larger values; we refuse them. scope is a single byte in the
	 * structure, so it must fit there. */
	if (sr__addr_range(type, UINT32_MAX, "addr_type", err) < 0 ||
	    sr__addr_range(a->u.tipc.v1, UINT32_MAX, "v1", err) < 0 ||
	    sr__addr_range(a->u.tipc.v2, UINT32_MAX, "v2", err) < 0 ||
	    sr__addr_range(a->u.tipc.v3, UINT32_MAX, "v3", err) < 0 ||
	    sr__addr_range(scope, 0xff, "scope", err) < 0)
		return -1;
	memset(&t, 0, sizeof t);
	t.family = AF_TIPC;
	t.scope = (signed char)(unsigned char)scope;
	t.addrtype = (unsigned char)type;
	switch (type) {
	case TIPC_ADDR_NAMESEQ: /* socket.rst:88 */
		t.addr.nameseq.type = (uint32_t)a->u.tipc.v1;
		t.addr.nameseq.lower = (uint32_t)a->u.tipc.v2;
		t.addr.nameseq.upper = (uint32_t)a->u.tipc.v3;
		break;
	case TIPC_ADDR_NAME: /* socket.rst:85; v3 "should be 0", ignored */
		t.addr.name.name.type = (uint32_t)a->u.tipc.v1;
		t.addr.name.name.instance = (uint32_t)a->u.tipc.v2;
		t.addr.name.domain = 0;
		break;
	case TIPC_ADDR_ID: /* socket.rst:91; v3 "should be 0", ignored */
		t.addr.id.node = (uint32_t)a->u.tipc.v1;
		t.addr.id.ref = (uint32_t)a->u.tipc.v2;
		break;
	default:
		/* CPython: TypeError("Invalid address type") */
		return sr__error(err, SR_ERR_TYPEERROR, 0,
				 "Invalid address type");
	}
	memcpy(ss, &t, sizeof t);
	*len = sizeof t;
	return 0;
}

int sr__tipc_decode(const unsigned char *p, size_t len, sr_addr *out,
		    sr_err *err)
{
	struct sockaddr_tipc t;

	if (len < sizeof t)
		return sr__error(err, SR_ERR_OSERROR, 0,
				 "AF_TIPC address too short (%zu bytes)", len);
	memcpy(&t, p, sizeof t);
	out->family = AF_TIPC;
	out->u.tipc.addr_type = t.addrtype;
	switch (t.addrtype) {
	case TIPC_ADDR_NAMESEQ:
		out->u.tipc.v1 = t.addr.nameseq.type;
		out->u.tipc.v2 = t.addr.nameseq.lower;
		out->u.tipc.v3 = t.addr.nameseq.upper;
		break;
	case TIPC_ADDR_NAME:
		/* CPython echoes the instance as v3 (row tipc.addr-name). */
		out->u.tipc.v1 = t.addr.name.name.type;
		out->u.tipc.v2 = t.addr.name.name.instance;
		out->u.tipc.v3 = t.addr.name.name.instance;
		break;
	case TIPC_ADDR_ID:
		out->u.tipc.v1 = t.addr.id.node;
		out->u.tipc.v2 = t.addr.id.ref;
		out->u.tipc.v3 = 0;
		break;
	default:
		/* CPython: ValueError("Invalid address type") */
		return sr__error(err, SR_ERR_VALUEERROR, 0,
				 "Invalid address type");
	}
	/* Read back as the byte encode stored, so a value round-trips. */
	out->u.tipc.scope = (unsigned char)t.scope;
	out->u.tipc.has_scope = true; /* socket.rst:78, always a 5-tuple */
	return 0;
}
