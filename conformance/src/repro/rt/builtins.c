/* ---- the case language's builtins (len, bytes, tmp, pack...) and the
 * ---- adapter's operating-system helpers (os_pipe, os_read...) */
#include <dirent.h>
#include <stddef.h>
#include <sys/resource.h>
/* the descriptor fcntl.fcntl and fcntl.ioctl take: an int, or a
 * socket's (a closed one's -1 refused as Python's fcntl refuses it) */
static UNUSED V fd_of(V o, int *fd)
{
	if (o->k == K_SOCK)
		*fd = sr_fileno(o->sk);
	else
		TRY(to_int(o, fd));
	if (*fd < 0)
		return raise_("ValueError", false, 0, "file descriptor cannot "
			      "be a negative integer (%d)", *fd);
	return NULL;
}
/*@ f_len */
static V f_len(A *a)
{
	bool ok;
	TRY(want(a, "len", 1, 1, NOKW));
	long long n = length(arg(a, 0, NULL), &ok);
	return ok ? INT(n) : raise_("TypeError", false, 0, "object of type "
				    "'%s' has no len()",
				    type_name(arg(a, 0, NULL)));
}
/*@ f_bytes */
static V f_bytes(A *a)
{
	const char *p;
	size_t n;
	TRY(want(a, "bytes", 1, 1, NOKW));
	V v = arg(a, 0, NULL);
	if (is_int(v))
		return BYTES(calloc(1, (size_t)v->i + 1), (size_t)v->i);
	if (v->k == K_LIST || v->k == K_TUPLE) {
		V b = BYTES("", 0);
		for (size_t i = 0; i < v->n; i++) {
			char c = (char)v->it[i]->i;
			b = concat(b, BYTES(&c, 1));
		}
		return b;
	}
	TRY(to_data(v, &p, &n));
	return BYTES(p, n);
}
/*@ f_bytearray */
static V f_bytearray(A *a)
{
	const char *p;
	size_t n;
	TRY(want(a, "bytearray", 0, 1, NOKW));
	V v = arg(a, 0, NULL);
	if (!v)
		return bytes_kind(K_BARRAY, "", 0);
	if (is_int(v)) {
		V b = bytes_kind(K_BARRAY, "", 0);
		free(b->s);
		b->s = calloc(1, (size_t)v->i + 1);
		b->n = (size_t)v->i;
		return b;
	}
	TRY(to_data(v, &p, &n));
	return bytes_kind(K_BARRAY, p, n);
}
/*@ f_memoryview */
static V f_memoryview(A *a)
{
	TRY(want(a, "memoryview", 1, 1, NOKW));
	V v = arg(a, 0, NULL);
	if (v->k == K_MVIEW)
		return v;
	if (v->k != K_BARRAY && v->k != K_BYTES)
		return raise_("TypeError", false, 0, "memoryview: a bytes-like "
			      "object is required, not '%s'", type_name(v));
	V m = mk(K_MVIEW);
	m->it = calloc(1, sizeof *m->it);
	m->it[0] = v;
	m->n = v->n;
	return m;
}
/*@ f_tmp */
/* a path in the case's private /tmp */
static V f_tmp(A *a)
{
	const char *s;
	char p[4096];
	TRY(want(a, "tmp", 1, 1, NOKW));
	TRY(to_cstr(arg(a, 0, NULL), &s));
	snprintf(p, sizeof p, "/tmp/%s", s);
	return CSTR(p);
}
/*@ f_float */
static V f_float(A *a)
{
	const char *s;
	TRY(want(a, "float", 1, 1, NOKW));
	V v = arg(a, 0, NULL);
	if (is_int(v))
		return FLOAT((double)v->i);
	if (v->k == K_FLOAT)
		return v;
	TRY(to_cstr(v, &s));
	return FLOAT(strtod(s, NULL));
}
/*@ f_type */
static V f_type(A *a)
{
	TRY(want(a, "type", 1, 1, NOKW));
	return CLASS(type_name(arg(a, 0, NULL)));
}
/*@ f_repr */
static V f_repr(A *a)
{
	TRY(want(a, "repr", 1, 1, NOKW));
	return CSTR(repr(arg(a, 0, NULL)));
}
/*@ f_pack_ints */
/* native C ints, for SCM_RIGHTS data */
static V f_pack_ints(A *a)
{
	if (a->err)
		return a->err;
	V l = a->npos == 1 && (a->pos[0]->k == K_LIST ||
			       a->pos[0]->k == K_TUPLE) ? a->pos[0] : NULL;
	size_t n = l ? l->n : a->npos;
	int *fds = calloc(n + 1, sizeof *fds);
	for (size_t i = 0; i < n; i++)
		TRY(to_int(l ? l->it[i] : a->pos[i], &fds[i]));
	return BYTES(fds, n * sizeof *fds);
}
/*@ f_unpack_ints */
static V f_unpack_ints(A *a)
{
	const char *p;
	size_t n;
	TRY(want(a, "unpack_ints", 1, 1, NOKW));
	TRY(to_data(arg(a, 0, NULL), &p, &n));
	V l = seq_of(K_LIST, n / sizeof(int));
	for (size_t i = 0; i < l->n; i++) {
		int x;
		memcpy(&x, p + i * sizeof x, sizeof x);
		l->it[i] = INT(x);
	}
	return l;
}
/*@ f_pack f_unpack */
/* Python's struct formats: '@' (the default) native sizes and alignment,
 * '=' '<' '>' '!' standard sizes, no alignment. A type's native alignment
 * is its offset after a char in a struct, as Python's struct module has
 * it (an i386 long long: 4, where _Alignof says 8). */
struct st_al_h { char c; short x; };
struct st_al_i { char c; int x; };
struct st_al_l { char c; long x; };
struct st_al_q { char c; long long x; };
struct st_al_n { char c; size_t x; };
struct st_al_f { char c; float x; };
struct st_al_d { char c; double x; };
struct st_al_p { char c; void *x; };

static size_t st_size(char c, bool native, size_t *align)
{
	struct { char c; size_t n, a, s; } t[] = {
		{'x', 1, 1, 1}, {'c', 1, 1, 1}, {'b', 1, 1, 1}, {'B', 1, 1, 1},
		{'?', 1, 1, 1},
		{'h', sizeof(short), offsetof(struct st_al_h, x), 2},
		{'H', sizeof(short), offsetof(struct st_al_h, x), 2},
		{'i', sizeof(int), offsetof(struct st_al_i, x), 4},
		{'I', sizeof(int), offsetof(struct st_al_i, x), 4},
		{'l', sizeof(long), offsetof(struct st_al_l, x), 4},
		{'L', sizeof(long), offsetof(struct st_al_l, x), 4},
		{'q', sizeof(long long), offsetof(struct st_al_q, x), 8},
		{'Q', sizeof(long long), offsetof(struct st_al_q, x), 8},
		{'n', sizeof(size_t), offsetof(struct st_al_n, x), 0},
		{'N', sizeof(size_t), offsetof(struct st_al_n, x), 0},
		{'f', sizeof(float), offsetof(struct st_al_f, x), 4},
		{'d', sizeof(double), offsetof(struct st_al_d, x), 8},
		{'s', 1, 1, 1}, {'P', sizeof(void *), offsetof(struct st_al_p, x), 0},
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (t[i].c == c) {
			*align = native ? t[i].a : 1;
			return native ? t[i].n : t[i].s;
		}
	return 0;
}

/* walks fmt: for each item calls fn(code, count, size, offset, ctx);
 * returns the total size, or -1 for a format this program lacks */
typedef int (*st_fn)(char c, size_t cnt, size_t size, size_t off, bool big,
		     void *ctx);
static long st_walk(const char *fmt, st_fn fn, void *ctx)
{
	bool native = true, big = false;
	size_t off = 0, align;
	if (*fmt && strchr("@=<>!", *fmt)) {
		native = *fmt == '@';
		big = *fmt == '>' || *fmt == '!';
		fmt++;
	}
	while (*fmt) {
		size_t cnt = 1;
		if (*fmt == ' ') {
			fmt++;
			continue;
		}
		if (*fmt >= '0' && *fmt <= '9')
			cnt = strtoul(fmt, (char **)&fmt, 10);
		char c = *fmt++;
		size_t size = st_size(c, native, &align);
		if (!size || (!native && (c == 'n' || c == 'N' || c == 'P')))
			return -1;
		if (native && align > 1)
			off = (off + align - 1) / align * align;
		if (c == 's') {
			if (fn && fn(c, cnt, cnt, off, big, ctx) < 0)
				return -2;
			off += cnt;
			continue;
		}
		for (size_t i = 0; i < cnt; i++) {
			if (c != 'x' && fn && fn(c, 1, size, off, big, ctx) < 0)
				return -2;
			off += size;
		}
	}
	return (long)off;
}

typedef struct { A *a; size_t next; char *out; V err; } pack_ctx;
static int pack_one(char c, size_t cnt, size_t size, size_t off, bool big,
		    void *p)
{
	pack_ctx *x = p;
	V v = arg(x->a, x->next++, NULL);
	if (!v) {
		x->err = raise_("error", false, 0, "pack expected more items");
		return -1;
	}
	if (c == 's') {
		const char *d;
		size_t n;
		if ((x->err = to_data(v, &d, &n)))
			return -1;
		memcpy(x->out + off, d, n < cnt ? n : cnt);
		return 0;
	}
	if (c == 'f' || c == 'd') {
		double d = v->k == K_FLOAT ? v->f : (double)v->i;
		if (c == 'f') {
			float f = (float)d;
			memcpy(x->out + off, &f, sizeof f);
		} else {
			memcpy(x->out + off, &d, sizeof d);
		}
		return 0;
	}
	long long n;
	if ((x->err = to_ll(v, &n)))
		return -1;
	unsigned long long u = (unsigned long long)n;
	for (size_t i = 0; i < size; i++) {
		/* little-endian machines: native and '=' are little-endian */
		size_t at = big ? size - 1 - i : i;
		x->out[off + at] = (char)(u >> (8 * i));
	}
	return 0;
}
static UNUSED V f_pack(A *a)
{
	const char *fmt;
	if (a->err)
		return a->err;
	TRY(to_cstr(arg(a, 0, NULL), &fmt));
	long size = st_walk(fmt, NULL, NULL);
	if (size < 0)
		limit("the struct format '%s'", fmt);
	pack_ctx x = { a, 1, calloc(1, (size_t)size + 1), NULL };
	if (st_walk(fmt, pack_one, &x) < 0)
		return x.err;
	if (x.next != a->npos)
		return raise_("error", false, 0, "pack expected %zu items for "
			      "packing (got %zu)", x.next - 1, a->npos - 1);
	return BYTES(x.out, (size_t)size);
}

typedef struct { const unsigned char *in; V out; } unpack_ctx;
static int unpack_one(char c, size_t cnt, size_t size, size_t off, bool big,
		      void *p)
{
	unpack_ctx *x = p;
	V v;
	if (c == 's') {
		v = BYTES(x->in + off, cnt);
	} else if (c == 'f' || c == 'd') {
		if (c == 'f') {
			float f;
			memcpy(&f, x->in + off, sizeof f);
			v = FLOAT(f);
		} else {
			double d;
			memcpy(&d, x->in + off, sizeof d);
			v = FLOAT(d);
		}
	} else {
		unsigned long long u = 0;
		for (size_t i = 0; i < size; i++) {
			size_t at = big ? size - 1 - i : i;
			u |= (unsigned long long)x->in[off + at] << (8 * i);
		}
		bool sign = strchr("bhilqn", c) != NULL;
		long long s = (long long)u;
		if (sign && size < 8 && (u >> (8 * size - 1)) & 1)
			s = (long long)(u | (~0ULL << (8 * size)));
		if (c == '?')
			v = BOOL(u != 0);
		else if (c == 'c')
			v = BYTES(x->in + off, 1);
		else if (!sign && size == 8 && u > (unsigned long long)LLONG_MAX)
			limit("an unsigned 64-bit value beyond 2**63");
		else
			v = INT(s);
	}
	x->out = concat(x->out, TUP(1, v));
	return 0;
}
static UNUSED V f_unpack(A *a)
{
	const char *fmt, *p;
	size_t n;
	TRY(want(a, "unpack", 2, 2, NOKW));
	TRY(to_cstr(arg(a, 0, NULL), &fmt));
	TRY(to_data(arg(a, 1, NULL), &p, &n));
	long size = st_walk(fmt, NULL, NULL);
	if (size < 0)
		limit("the struct format '%s'", fmt);
	if ((size_t)size != n)
		return raise_("error", false, 0, "unpack requires a buffer of "
			      "%ld bytes", size);
	unpack_ctx x = { (const unsigned char *)p, seq_of(K_TUPLE, 0) };
	st_walk(fmt, unpack_one, &x);
	return x.out;
}
/*@ f_strerror */
static V f_strerror(A *a)
{
	int c;
	TRY(want(a, "strerror", 1, 1, NOKW));
	TRY(to_int(arg(a, 0, NULL), &c));
	return CSTR(strerror(c));
}
/*@ f_hstrerror */
static V f_hstrerror(A *a)
{
	int c;
	TRY(want(a, "hstrerror", 1, 1, NOKW));
	TRY(to_int(arg(a, 0, NULL), &c));
	return CSTR(hstrerror(c));
}
/*@ f_gai_strerror */
static V f_gai_strerror(A *a)
{
	int c;
	TRY(want(a, "gai_strerror", 1, 1, NOKW));
	TRY(to_int(arg(a, 0, NULL), &c));
	return CSTR(gai_strerror(c));
}
/*@ f_os_pipe */
/* os.pipe(): non-inheritable, as Python's (PEP 446) */
static V f_os_pipe(A *a)
{
	int fds[2];
	TRY(want(a, "os_pipe", 0, 0, NOKW));
	if (pipe2(fds, O_CLOEXEC) < 0)
		return from_errno();
	return TUP(2, INT(fds[0]), INT(fds[1]));
}
/*@ f_os_read */
static V f_os_read(A *a)
{
	int fd;
	long long n;
	TRY(want(a, "os_read", 2, 2, NOKW));
	TRY(to_int(arg(a, 0, NULL), &fd));
	TRY(to_ll(arg(a, 1, NULL), &n));
	if (n < 0)
		return raise_("ValueError", false, 0, "negative count");
	char *buf = malloc((size_t)n + 1);
	ssize_t r = read(fd, buf, (size_t)n);
	return r < 0 ? from_errno() : BYTES(buf, (size_t)r);
}
/*@ f_os_write */
static V f_os_write(A *a)
{
	int fd;
	const char *p;
	size_t n;
	TRY(want(a, "os_write", 2, 2, NOKW));
	TRY(to_int(arg(a, 0, NULL), &fd));
	TRY(to_data(arg(a, 1, NULL), &p, &n));
	ssize_t r = write(fd, p, n);
	return r < 0 ? from_errno() : INT(r);
}
/*@ f_os_close */
static V f_os_close(A *a)
{
	int fd;
	TRY(want(a, "os_close", 1, 1, NOKW));
	TRY(to_int(arg(a, 0, NULL), &fd));
	return close(fd) < 0 ? from_errno() : NONE();
}
/*@ f_os_get_blocking */
static V f_os_get_blocking(A *a)
{
	int fd;
	TRY(want(a, "os_get_blocking", 1, 1, NOKW));
	TRY(to_int(arg(a, 0, NULL), &fd));
	int fl = fcntl(fd, F_GETFL);
	return fl < 0 ? from_errno() : BOOL(!(fl & O_NONBLOCK));
}
/*@ f_os_get_inheritable */
static V f_os_get_inheritable(A *a)
{
	int fd;
	TRY(want(a, "os_get_inheritable", 1, 1, NOKW));
	TRY(to_int(arg(a, 0, NULL), &fd));
	int fl = fcntl(fd, F_GETFD);
	return fl < 0 ? from_errno() : BOOL(!(fl & FD_CLOEXEC));
}
/*@ f_os_fstat_ino */
static V f_os_fstat_ino(A *a)
{
	int fd;
	struct stat st;
	TRY(want(a, "os_fstat_ino", 1, 1, NOKW));
	TRY(to_int(arg(a, 0, NULL), &fd));
	if (fstat(fd, &st) < 0)
		return from_errno();
	return TUP(2, INT((long long)st.st_dev), INT((long long)st.st_ino));
}
/*@ f_os_open_devnull */
static V f_os_open_devnull(A *a)
{
	TRY(want(a, "os_open_devnull", 0, 0, NOKW));
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	return fd < 0 ? from_errno() : INT(fd);
}
/*@ f_os_setrlimit_nofile */
/* the soft limit only; the previous soft limit back */
static V f_os_setrlimit_nofile(A *a)
{
	long long n;
	struct rlimit rl;
	TRY(want(a, "os_setrlimit_nofile", 1, 1, NOKW));
	TRY(to_ll(arg(a, 0, NULL), &n));
	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return from_errno();
	long long old = (long long)rl.rlim_cur;
	rl.rlim_cur = (rlim_t)n;
	return setrlimit(RLIMIT_NOFILE, &rl) < 0 ? from_errno() : INT(old);
}
/*@ f_os_fcntl */
static V f_os_fcntl(A *a)
{
	int fd, cmd;
	long long x = 0;
	TRY(want(a, "os_fcntl", 2, 3, NOKW));
	V o = arg(a, 0, NULL);
	TRY(fd_of(o, &fd));
	TRY(to_int(arg(a, 1, NULL), &cmd));
	if (arg(a, 2, NULL))
		TRY(to_ll(arg(a, 2, NULL), &x));
	int r = fcntl(fd, cmd, (long)x);
	return r < 0 ? from_errno() : INT(r);
}
/*@ f_fd_count */
/* the descriptors this process holds */
static V f_fd_count(A *a)
{
	DIR *d;
	struct dirent *de;
	long long k = 0;
	TRY(want(a, "fd_count", 0, 0, NOKW));
	if (!(d = opendir("/proc/self/fd")))
		return from_errno();
	while ((de = readdir(d)))
		k += de->d_name[0] != '.';
	closedir(d);
	return INT(k - 1);
}
/*@ f_drop */
/* drop(x): the object goes as garbage collection would take it */
static V drop(V *var)
{
	if (*var && (*var)->k == K_SOCK)
		sr_release((*var)->sk);
	*var = NULL;
	return NONE();
}
/*@ f_os_ioctl */
/* fcntl.ioctl with a bytes argument: the buffer after the call */
static V f_os_ioctl(A *a)
{
	int fd;
	long long req;
	const char *p;
	size_t n;
	unsigned char buf[1024];
	TRY(want(a, "os_ioctl", 3, 3, NOKW));
	V o = arg(a, 0, NULL), d = arg(a, 2, NULL);
	TRY(fd_of(o, &fd));
	TRY(to_ll(arg(a, 1, NULL), &req));
	if (d->k != K_BYTES || d->n > sizeof buf)
		return raise_("TypeError", false, 0, "ioctl argument must be "
			      "bytes of at most 1024");
	TRY(to_data(d, &p, &n));
	memcpy(buf, p, n);
	if (ioctl(fd, (unsigned long)req, buf) < 0)
		return from_errno();
	return BYTES(buf, n);
}
/*@ f_netns_links */
/* the interfaces of this network namespace as the kernel lists them,
 * [(index, name), ...] in index order (the harness reads them by
 * rtnetlink; ip(8) here) */
static V f_netns_links(A *a)
{
	char line[512];
	TRY(want(a, "netns_links", 0, 0, NOKW));
	FILE *p = popen("ip -o link show", "r");
	if (!p)
		return from_errno();
	V l = seq_of(K_LIST, 0);
	while (fgets(line, sizeof line, p)) {
		char *name = strchr(line, ':');
		if (!name)
			continue;
		name += strspn(name + 1, " ") + 1;
		name[strcspn(name, ":@")] = 0;
		V t = TUP(2, INT(atoll(line)), CSTR(name));
		l = concat(l, TUP(1, t));
		l->k = K_LIST;
	}
	pclose(p);
	return l;
}
/*@ f_issubclass */
/* issubclass(CLASS, 'NAME'): is NAME among the classes of CLASS */
static V f_issubclass(A *a)
{
	const char *name;
	TRY(want(a, "issubclass", 2, 2, NOKW));
	V c = arg(a, 0, NULL);
	TRY(to_cstr(arg(a, 1, NULL), &name));
	if (c->k != K_CLASS)
		return raise_("TypeError", false, 0, "issubclass() arg 1 must "
			      "be a class");
	V probe = raise_(c->s, false, 0, "%s", "");
	const char *chain[8];
	size_t n = class_chain(probe, chain, 8);
	for (size_t i = 0; i < n; i++)
		if (strcmp(chain[i], name) == 0)
			return BOOL(true);
	return BOOL(false);
}
