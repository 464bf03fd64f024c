/*
 * sockref.h — libsockref, the reference implementation of the BSD socket
 * interface as the Python `socket` module documents it (socket.rst, Python
 * 3.3) on Linux.
 *
 * One C function per documented module function and socket-object method.
 * Values have the documented shapes: addresses are typed per family
 * (sr_addr), received data comes back in freshly allocated buffers
 * (sr_bytes), and every failure is reported as one of the documented error
 * kinds (sr_err: OSError with errno, herror, gaierror, timeout, ValueError,
 * OverflowError, TypeError, MemoryError) with its code and a message.
 *
 * Conventions
 *   - Every call that can fail takes `sr_err *err` last (it may be NULL) and
 *     returns -1 (or NULL) on failure, after filling *err. On success *err is
 *     left untouched.
 *   - Integers that Python range-checks are taken as `long long`, so an
 *     out-of-range value is representable and is rejected with the
 *     documented error instead of being truncated.
 *   - Python's `None` for a timeout is a NULL `const double *`; a returned
 *     timeout is `bool` (false = None) plus a double out-parameter.
 *   - A NULL string is Python's None: TypeError where the document takes
 *     only a string (gethostbyname, inet_pton, an address's host, ...), the
 *     documented default where it takes None (getaddrinfo's host and port,
 *     getfqdn's name, getservbyname's protocolname, ...).
 *   - Memory handed to the caller is released with the matching *_free
 *     function or, for plain strings, sr_free().
 *
 * Out of scope: behaviour the catalogue marks `windows` (ioctl, share,
 * fromshare, SIO_* and RCVALL_* constants) does not exist on Linux and has
 * no function here. PF_SYSTEM and AF_BLUETOOTH are not implemented either:
 * the first is macOS-only and the second is not described by the document.
 */
#ifndef SOCKREF_H
#define SOCKREF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SOCKREF_VERSION "0.1.0"

/* ------------------------------------------------------------------ */
/* Errors (socket.rst:128-187)                                         */
/* ------------------------------------------------------------------ */

typedef enum sr_errkind {
	SR_ERR_NONE = 0,
	SR_ERR_OSERROR,       /* OSError; code = errno (0 when Python gives None) */
	SR_ERR_HERROR,        /* socket.herror; code = h_errno */
	SR_ERR_GAIERROR,      /* socket.gaierror; code = EAI_* */
	SR_ERR_TIMEOUT,       /* socket.timeout; code = 0, msg "timed out" */
	SR_ERR_VALUEERROR,
	SR_ERR_OVERFLOWERROR,
	SR_ERR_TYPEERROR,
	SR_ERR_MEMORYERROR,
} sr_errkind;

#define SR_ERRMSG_MAX 256

typedef struct sr_err {
	sr_errkind kind;
	int code;
	char msg[SR_ERRMSG_MAX];
} sr_err;

/* "OSError", "herror", "gaierror", "timeout", "ValueError", ... */
const char *sr_errkind_name(sr_errkind kind);

/* ------------------------------------------------------------------ */
/* Addresses (socket.rst:43-126)                                       */
/* ------------------------------------------------------------------ */

/* Capacities are deliberately larger than the kernel's limits so that an
 * over-long value can be represented and rejected with the documented error
 * rather than truncated. */
#define SR_UNIX_PATH_CAP 1024 /* sun_path holds 108 */
#define SR_HOST_CAP      1025 /* NI_MAXHOST */
#define SR_IFNAME_CAP    64   /* IFNAMSIZ is 16 */
#define SR_HWADDR_CAP    32   /* sll_addr holds 8 */

/*
 * A typed address value. `family` selects the member:
 *   AF_UNSPEC   no address (Python None, e.g. recvfrom on a connected
 *               AF_UNIX socket)
 *   AF_UNIX     un:   path bytes; an abstract name is a path whose first byte
 *               is NUL (returned as bytes); otherwise a filesystem path
 *               (returned as str)
 *   AF_INET     in:   (host, port); host '' = INADDR_ANY, '<broadcast>' =
 *               INADDR_BROADCAST, a name is resolved to its first address
 *   AF_INET6    in6:  (host, port, flowinfo, scope_id); `n` is how many
 *               items were given (2, 3 or 4; returned addresses have 4)
 *   AF_NETLINK  nl:   (pid, groups)
 *   AF_PACKET   ll:   (ifname, proto[, pkttype[, hatype[, addr]]]); `n` is
 *               how many items were given (2-5; returned addresses have 5)
 *   AF_CAN      can:  (interface,); '' = every interface
 *   AF_TIPC     tipc: (addr_type, v1, v2, v3[, scope]); returned addresses
 *               always carry scope
 *   AF_RDS      in:   (host, port), as for AF_INET
 */
typedef struct sr_addr {
	int family;
	union {
		struct {
			unsigned char path[SR_UNIX_PATH_CAP];
			size_t len;
		} un;
		struct {
			char host[SR_HOST_CAP];
			long long port;
		} in;
		struct {
			char host[SR_HOST_CAP];
			long long port;
			long long flowinfo;
			long long scope_id;
			int n;
		} in6;
		struct {
			long long pid;
			long long groups;
		} nl;
		struct {
			char ifname[SR_IFNAME_CAP];
			long long proto;
			long long pkttype;
			long long hatype;
			unsigned char addr[SR_HWADDR_CAP];
			size_t addrlen;
			int n;
		} ll;
		struct {
			char ifname[SR_IFNAME_CAP];
		} can;
		struct {
			long long addr_type;
			long long v1, v2, v3;
			long long scope;
			bool has_scope;
		} tipc;
	} u;
} sr_addr;

/* Constructors for the shapes with strings; each checks only what fits in
 * the value (capacity) and that a string is given at all (NULL, Python's
 * None, is TypeError); the codec checks the rest when the address is used.
 * A host of SR_HOST_CAP bytes or more is a name no resolver holds:
 * gaierror(EAI_NONAME), as an unknown name gets when the address is used.
 * An interface name too long is OSError (the codec's kind for one longer
 * than the kernel takes), a hardware address too long ValueError. The
 * forms with optional items get the full count (in6.n = 4, ll.n = 5); a
 * caller whose tuple had fewer (or more) items sets `n` to that count
 * afterwards, and the codec judges it. */
int sr_addr_unix(sr_addr *a, const void *path, size_t len, sr_err *err);
int sr_addr_inet(sr_addr *a, const char *host, long long port, sr_err *err);
int sr_addr_inet6(sr_addr *a, const char *host, long long port,
		  long long flowinfo, long long scope_id, sr_err *err);
int sr_addr_packet(sr_addr *a, const char *ifname, long long proto,
		   long long pkttype, long long hatype, const void *hwaddr,
		   size_t hwlen, sr_err *err);
int sr_addr_can(sr_addr *a, const char *ifname, sr_err *err);
bool sr_addr_is_abstract(const sr_addr *a);

/*
 * The codec: typed value -> struct sockaddr for a socket of `sock_family`.
 * An address of another family than the socket's is a TypeError
 * (socket.rst:43). Ranges give OverflowError, unknown interfaces and
 * over-long paths OSError, unresolvable host names gaierror.
 */
int sr_addr_encode(const sr_addr *a, int sock_family, void *sockaddr_out,
		   size_t out_cap, size_t *out_len, sr_err *err);
/* struct sockaddr -> typed value. A zero length gives AF_UNSPEC (None). */
int sr_addr_decode(const void *sockaddr, size_t len, sr_addr *out,
		   sr_err *err);
/* Render in the documentation's literal notation, e.g. ('127.0.0.1', 80)
 * or b'\x00name'. Returns the length it needed (as snprintf). */
int sr_addr_format(const sr_addr *a, char *buf, size_t cap);

/* ------------------------------------------------------------------ */
/* Owned results                                                       */
/* ------------------------------------------------------------------ */

typedef struct sr_bytes {
	unsigned char *data;
	size_t len;
} sr_bytes;
void sr_bytes_free(sr_bytes *b);

/* One ancillary item: (cmsg_level, cmsg_type, cmsg_data). */
typedef struct sr_cmsg {
	int level;
	int type;
	unsigned char *data;
	size_t len;
} sr_cmsg;

/* A writable or readable buffer for the scatter/gather calls. */
typedef struct sr_buf {
	void *data;
	size_t len;
} sr_buf;

/* The 4-tuple of recvmsg (data, ancdata, msg_flags, address) and
 * recvmsg_into (nbytes, ancdata, msg_flags, address). */
typedef struct sr_msg {
	sr_bytes data;  /* recvmsg only */
	size_t nbytes;  /* bytes of ordinary data received */
	sr_cmsg *ancdata;
	size_t nanc;
	int msg_flags;
	sr_addr address; /* AF_UNSPEC when there is none */
} sr_msg;
void sr_msg_free(sr_msg *m);

/*
 * Parse received control data into items (the part of recvmsg after the
 * system call). Items whose header is truncated end the walk; item data is
 * clipped to what is inside the buffer. Used by recvmsg and fuzzed.
 */
int sr_cmsg_parse(const void *control, size_t controllen, sr_cmsg **items,
		  size_t *nitems, sr_err *err);
void sr_cmsg_free(sr_cmsg *items, size_t nitems);
/* Close every descriptor carried by SCM_RIGHTS items (socket.rst:899). */
void sr_cmsg_close_fds(const sr_cmsg *items, size_t nitems);

void sr_free(void *p);

/* ------------------------------------------------------------------ */
/* Module functions (socket.rst:293-679)                               */
/* ------------------------------------------------------------------ */

typedef struct sr_sock sr_sock;

/* (host, port) as create_connection takes it; host NULL or "" = OS default */
typedef struct sr_hostport {
	const char *host;
	long long port;
} sr_hostport;

/* Pass as `timeout` to use the global default timeout (Python's
 * _GLOBAL_DEFAULT_TIMEOUT sentinel); NULL means None (blocking). */
extern const double sr_default_timeout_sentinel;
#define SR_DEFAULT_TIMEOUT (&sr_default_timeout_sentinel)

sr_sock *sr_create_connection(sr_hostport address, const double *timeout,
			      const sr_hostport *source_address, sr_err *err);

typedef struct sr_addrinfo {
	int family;
	int type;
	int proto;
	char *canonname; /* "" unless AI_CANONNAME */
	sr_addr sockaddr;
} sr_addrinfo;

/* host and port may be NULL (None); port is a service name or a number as
 * a string. */
int sr_getaddrinfo(const char *host, const char *port, int family, int type,
		   int proto, int flags, sr_addrinfo **out, size_t *n,
		   sr_err *err);
void sr_addrinfo_free(sr_addrinfo *ai, size_t n);

/* (hostname, aliaslist, ipaddrlist) */
typedef struct sr_hostent {
	char *name;
	char **aliases;
	size_t naliases;
	char **addrs;
	size_t naddrs;
} sr_hostent;
void sr_hostent_free(sr_hostent *h);

/* name NULL or "" = the local host; *out is allocated. */
int sr_getfqdn(const char *name, char **out, sr_err *err);
int sr_gethostbyname(const char *name, char out[16], sr_err *err);
int sr_gethostbyname_ex(const char *name, sr_hostent *out, sr_err *err);
int sr_gethostname(char **out, sr_err *err);
int sr_gethostbyaddr(const char *ip_address, sr_hostent *out, sr_err *err);
/* sockaddr is AF_INET or AF_INET6 with a numeric host, an AF_INET6 value
 * of 2 to 4 items (n; else TypeError); *host and *port are allocated
 * strings (the port is always a str). */
int sr_getnameinfo(const sr_addr *sockaddr, int flags, char **host,
		   char **port, sr_err *err);
int sr_getprotobyname(const char *name, int *out, sr_err *err);
/* protocolname NULL = any protocol */
int sr_getservbyname(const char *servicename, const char *protocolname,
		     int *port, sr_err *err);
int sr_getservbyport(long long port, const char *protocolname, char **out,
		     sr_err *err);
int sr_sethostname(const char *name, size_t len, sr_err *err);

/* family/type/proto of -1 take the documented defaults: AF_INET (socketpair:
 * AF_UNIX), SOCK_STREAM, 0. New sockets get the default timeout. */
sr_sock *sr_socket(int family, int type, int proto, sr_err *err);
int sr_socketpair(int family, int type, int proto, sr_sock *pair[2],
		  sr_err *err);
/* Duplicates fd; like the document says, does not check it is a socket. */
sr_sock *sr_fromfd(int fd, int family, int type, int proto, sr_err *err);

int sr_ntohl(long long x, uint32_t *out, sr_err *err);
int sr_ntohs(long long x, uint16_t *out, sr_err *err);
int sr_htonl(long long x, uint32_t *out, sr_err *err);
int sr_htons(long long x, uint16_t *out, sr_err *err);

int sr_inet_aton(const char *ip_string, unsigned char out[4], sr_err *err);
/* out holds at least 16 bytes */
int sr_inet_ntoa(const void *packed, size_t len, char *out, sr_err *err);
/* out holds at least 16 bytes; *outlen is 4 or 16 */
int sr_inet_pton(int family, const char *ip_string, unsigned char *out,
		 size_t *outlen, sr_err *err);
/* out holds at least 46 bytes (INET6_ADDRSTRLEN) */
int sr_inet_ntop(int family, const void *packed, size_t len, char *out,
		 sr_err *err);

int sr_CMSG_LEN(long long length, size_t *out, sr_err *err);
int sr_CMSG_SPACE(long long length, size_t *out, sr_err *err);

/* false = None */
bool sr_getdefaulttimeout(double *out);
/* NULL = None; negative -> ValueError */
int sr_setdefaulttimeout(const double *timeout, sr_err *err);

typedef struct sr_ifname {
	unsigned int index;
	char *name;
} sr_ifname;
int sr_if_nameindex(sr_ifname **out, size_t *n, sr_err *err);
void sr_if_nameindex_free(sr_ifname *list, size_t n);
int sr_if_nametoindex(const char *name, unsigned int *out, sr_err *err);
/* out holds at least SR_IFNAME_CAP bytes */
int sr_if_indextoname(long long index, char *out, sr_err *err);

/* ------------------------------------------------------------------ */
/* Socket objects (socket.rst:695-1133)                                */
/* ------------------------------------------------------------------ */

/* Returns the connection; *addr (may be NULL) receives the peer address. */
sr_sock *sr_accept(sr_sock *s, sr_addr *addr, sr_err *err);
int sr_bind(sr_sock *s, const sr_addr *addr, sr_err *err);
/* Marks the object closed; the descriptor is closed once no makefile()
 * stream still uses it. Every later operation fails with OSError(EBADF). */
int sr_close(sr_sock *s, sr_err *err);
int sr_connect(sr_sock *s, const sr_addr *addr, sr_err *err);
/* Returns 0 or the errno of the connect call; -1 (with *err) for failures
 * outside it, such as an unresolvable host. */
int sr_connect_ex(sr_sock *s, const sr_addr *addr, sr_err *err);
/* Returns the descriptor and leaves the object closed without closing it. */
int sr_detach(sr_sock *s, sr_err *err);
/* -1 once closed or detached */
int sr_fileno(const sr_sock *s);
int sr_getpeername(sr_sock *s, sr_addr *out, sr_err *err);
int sr_getsockname(sr_sock *s, sr_addr *out, sr_err *err);
int sr_getsockopt_int(sr_sock *s, int level, int optname, int *value,
		      sr_err *err);
/* buflen must be 1..1024 as in CPython; *out is allocated */
int sr_getsockopt_bytes(sr_sock *s, int level, int optname, long long buflen,
			sr_bytes *out, sr_err *err);
bool sr_gettimeout(const sr_sock *s, double *out);
int sr_listen(sr_sock *s, long long backlog, sr_err *err);
/* A stdio stream over the socket ("r", "w", "rw", "rb", ...). Closing the
 * stream does not close the socket while other references exist. */
FILE *sr_makefile(sr_sock *s, const char *mode, sr_err *err);
/* stdio reports a failed read or write of such a stream with errno alone
 * (ETIMEDOUT for socket.timeout, EIO for an OSError without errno); this
 * gives the documented error of the calling thread's last such failure. */
void sr_makefile_error(sr_err *err);
int sr_recv(sr_sock *s, long long bufsize, int flags, sr_bytes *out,
	    sr_err *err);
int sr_recvfrom(sr_sock *s, long long bufsize, int flags, sr_bytes *out,
		sr_addr *from, sr_err *err);
int sr_recvmsg(sr_sock *s, long long bufsize, long long ancbufsize, int flags,
	       sr_msg *out, sr_err *err);
int sr_recvmsg_into(sr_sock *s, const sr_buf *buffers, size_t nbuffers,
		    long long ancbufsize, int flags, sr_msg *out, sr_err *err);
/* nbytes 0 = the whole buffer; nbytes > buflen -> ValueError */
ssize_t sr_recvfrom_into(sr_sock *s, void *buf, size_t buflen,
			 long long nbytes, int flags, sr_addr *from,
			 sr_err *err);
ssize_t sr_recv_into(sr_sock *s, void *buf, size_t buflen, long long nbytes,
		     int flags, sr_err *err);
ssize_t sr_send(sr_sock *s, const void *data, size_t len, int flags,
		sr_err *err);
int sr_sendall(sr_sock *s, const void *data, size_t len, int flags,
	       sr_err *err);
ssize_t sr_sendto(sr_sock *s, const void *data, size_t len, int flags,
		  const sr_addr *address, sr_err *err);
/* address NULL = None (the connected peer) */
ssize_t sr_sendmsg(sr_sock *s, const sr_buf *buffers, size_t nbuffers,
		   const sr_cmsg *ancdata, size_t nanc, int flags,
		   const sr_addr *address, sr_err *err);
int sr_setblocking(sr_sock *s, bool flag, sr_err *err);
/* NULL = None; 0 = non-blocking; negative or NaN -> ValueError */
int sr_settimeout(sr_sock *s, const double *timeout, sr_err *err);
int sr_setsockopt_int(sr_sock *s, int level, int optname, long long value,
		      sr_err *err);
int sr_setsockopt_bytes(sr_sock *s, int level, int optname, const void *value,
			size_t len, sr_err *err);
int sr_shutdown(sr_sock *s, int how, sr_err *err);

/* Read-only attributes */
int sr_family(const sr_sock *s);
int sr_type(const sr_sock *s);
int sr_proto(const sr_sock *s);

/* Drops the caller's reference to the object. The last reference closes a
 * socket that is still open, as garbage collection does (socket.rst:725). */
void sr_release(sr_sock *s);

/* ------------------------------------------------------------------ */
/* Constants (socket.rst:189-291)                                      */
/* ------------------------------------------------------------------ */

typedef struct sr_constant {
	const char *name;
	long long value;
} sr_constant;

/* The table of documented constants present in the kernel and libc
 * headers this library was built with (has_ipv6 included, as 1). */
const sr_constant *sr_constants(size_t *n);
/* 0 and *value set when known; -1 otherwise */
int sr_constant_value(const char *name, long long *value);

#ifdef __cplusplus
}
#endif

#endif /* SOCKREF_H */
