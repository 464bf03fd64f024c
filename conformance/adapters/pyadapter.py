#!/usr/bin/env python3
"""pyadapter.py -- the sockspec adapter for CPython, PyPy and the
third-party socket modules that run on them.

Speaks the adapter wire protocol of conformance/README.md on stdin/stdout:
one request line in, one reply line out. Runs unchanged on Python 3.9+ and
PyPy3. The socket module is left as it is (no default timeout is set).

`pyadapter.py --flavour NAME` puts another implementation of the socket
module under test (module_under_test below): `gevent` (the standard
`socket` after gevent.monkey.patch_all(), i.e. gevent.socket) or
`eventlet` (eventlet.green.socket). Its hello then names that
implementation and its version, so results and expectations are its own.
"""
import enum
import errno
import gc
import io
import os
import platform
import re
import select
import signal
import sys

# The fork server (end of file) needs the process primitives as the
# interpreter has them, before a flavour (gevent) patches them.
_ORIG = dict(fork=os.fork, waitpid=os.waitpid, poll=select.poll,
             signal=signal.signal)


def module_under_test(argv):
    """(socket module, hello name, version) for --flavour, before the
    adapter imports anything that would bind the standard module."""
    flavour = argv[2] if len(argv) > 2 and argv[1] == '--flavour' else ''
    if flavour == 'gevent':
        # gevent's documented way to make the standard module its own
        from gevent import monkey
        monkey.patch_all()
        import gevent
        import socket as mod
        return mod, 'gevent', gevent.__version__
    if flavour == 'eventlet':
        import eventlet
        from eventlet.green import socket as mod
        return mod, 'eventlet', eventlet.__version__
    if flavour:
        sys.exit('pyadapter: unknown --flavour %s' % flavour)
    import platform as _p
    import socket as mod
    return mod, _p.python_implementation().lower(), _p.python_version()


socket, IMPL_NAME, IMPL_VERSION = module_under_test(sys.argv)


def _root_name(family, version):
    """In a Debian userland root (SOCKSPEC_IMPL is FAMILY[VERSION]@SUITE,
    conformance/README.md "Implementations"), the hello names the
    interpreter or module version and the release: cpython3.13@trixie,
    gevent24.11@trixie. Elsewhere the family alone, as before."""
    impl = os.environ.get('SOCKSPEC_IMPL', '')
    if '@' not in impl or impl.startswith(('exec:', 'python:')):
        return family
    major_minor = '.'.join(re.findall(r'\d+', version)[:2])
    return '%s%s@%s' % (family, major_minor, impl.rsplit('@', 1)[1])


IMPL_FAMILY = IMPL_NAME
IMPL_NAME = _root_name(IMPL_FAMILY, IMPL_VERSION)
import _socket  # noqa: E402  (after the flavour: gevent patches first)
# request arguments: tuples and dicts of literals and handles
from pyargs import KINDS, Handle, ProtocolError, parse_args  # noqa: E402
import pyhelpers  # noqa: E402  (os_*, messages, print, stdout, sys_exit)
import operator  # noqa: E402

# --------------------------------------------------------------------------
# Handles: one counter for every kind, numbers start at 1.

_objects = {}      # n -> object
_kinds = {}        # n -> 'socket' | 'file'
_next = [1]


def register(obj, kind):
    for n, o in _objects.items():
        if o is obj:
            return '<%s %d>' % (_kinds[n], n)
    n = _next[0]
    _next[0] += 1
    _objects[n] = obj
    _kinds[n] = kind
    return '<%s %d>' % (kind, n)


def lookup(h):
    if h.n not in _objects or _kinds[h.n] != h.kind:
        raise ProtocolError('unknown handle <%s %d>' % (h.kind, h.n))
    return _objects[h.n]


def resolve(v):
    if isinstance(v, Handle):
        return lookup(v)
    if isinstance(v, tuple):
        return tuple(resolve(x) for x in v)
    if isinstance(v, list):
        return [resolve(x) for x in v]
    if isinstance(v, dict):
        return dict((resolve(k), resolve(x)) for k, x in v.items())
    return v


# --------------------------------------------------------------------------
# Results

class Unsupported(AttributeError):
    """A name the request uses that the implementation does not have (a
    module function or constant, a method or attribute of an object):
    sent as `raise unsupported ...` with AttributeError's chain, so the
    harness tells it from an AttributeError raised inside a call
    (conformance/README.md, the wire protocol)."""


def absent(what, name):
    return Unsupported('%s has no attribute %r' % (what, name))


def attr(obj, name, what):
    """getattr(obj, name), or Unsupported when obj lacks the name."""
    try:
        return getattr(obj, name)
    except AttributeError:
        pass
    raise absent(what, name)

def class_chain(cls):
    """The names of cls and its bases, most derived first, up to Exception
    (BaseException and object say nothing about a socket error)."""
    return tuple(c.__name__ for c in cls.__mro__
                 if c not in (BaseException, object))


def fmt_class(cls):
    names = class_chain(cls)
    return '<class %r (%s)>' % (
        '%s.%s' % (cls.__module__, cls.__qualname__),
        ', '.join(repr(n) for n in names) + (',' if len(names) == 1 else ''))


def fmt(v):
    if isinstance(v, type):
        return fmt_class(v)
    if isinstance(v, socket.socket):
        return register(v, 'socket')
    if isinstance(v, _socket.socket):
        # the C base class (SocketType in CPython): not a socket.socket
        return register(v, 'basesocket')
    if isinstance(v, io.IOBase):
        return register(v, 'file')
    if isinstance(v, bool) or v is None:
        return repr(v)
    if isinstance(v, int):
        return repr(int(v))          # IntEnum / IntFlag -> plain int
    if isinstance(v, bytearray):
        # the case's own buffer: it stays in the implementation
        return register(v, 'bytearray')
    if isinstance(v, memoryview):
        return register(v, 'memoryview')
    if isinstance(v, tuple):
        if len(v) == 1:
            return '(' + fmt(v[0]) + ',)'
        return '(' + ', '.join(fmt(x) for x in v) + ')'
    if isinstance(v, list):
        return '[' + ', '.join(fmt(x) for x in v) + ']'
    if isinstance(v, dict):
        return '{' + ', '.join(fmt(k) + ': ' + fmt(x)
                               for k, x in v.items()) + '}'
    if isinstance(v, float):
        return repr(float(v))
    if isinstance(v, str):
        return repr(str(v))
    return repr(v)


def fmt_exc(e):
    code = None
    if isinstance(e, Unsupported):
        return 'raise unsupported None %r %s %r' % (
            str(e), "('AttributeError', 'Exception')", 'builtins')
    if isinstance(e, OSError):
        if (isinstance(e, (socket.timeout, TimeoutError))
                and e.errno is None):
            cls = 'timeout'
            msg = e.strerror if e.strerror else str(e)
        else:
            if isinstance(e, socket.gaierror):
                cls = 'gaierror'
            elif isinstance(e, socket.herror):
                cls = 'herror'
            else:
                cls = 'OSError'
            if cls != 'OSError' and e.args:
                code = e.args[0]
            else:
                code = e.errno
            msg = e.strerror if e.strerror else str(e)
    elif isinstance(e, ValueError):
        cls, msg = 'ValueError', str(e)
    elif isinstance(e, OverflowError):
        cls, msg = 'OverflowError', str(e)
    elif isinstance(e, TypeError):
        cls, msg = 'TypeError', str(e)
    elif isinstance(e, SystemExit):     # a case's sys.exit(ARG): ARG
        cls, msg = 'SystemExit', str(e)
        code = int(e.code) if isinstance(e.code, int) else None
    else:
        cls, msg = type(e).__name__, str(e)
    if not isinstance(code, int):
        code = None
    # the documented kind first, then the classes themselves: the chain,
    # most derived first, and the module of the first
    chain = class_chain(type(e))
    return 'raise %s %s %s (%s) %r' % (
        cls, fmt(code), repr(str(msg)),
        ', '.join(repr(n) for n in chain) + (',' if len(chain) == 1 else ''),
        type(e).__module__)


# The harness's operators on the implementation's objects
# (`call - op (NAME, OPERAND...) {}`, conformance/README.md).
OPS = {
    '|': operator.or_, '^': operator.xor, '&': operator.and_,
    '<<': operator.lshift, '>>': operator.rshift, '+': operator.add,
    '-': operator.sub, '*': operator.mul, '/': operator.truediv,
    '//': operator.floordiv, '%': operator.mod, '**': operator.pow,
    '==': operator.eq, '!=': operator.ne, '<': operator.lt,
    '<=': operator.le, '>': operator.gt, '>=': operator.ge,
    'in': lambda a, b: a in b, 'not in': lambda a, b: a not in b,
    'is': operator.is_, 'is not': operator.is_not,
    'neg': operator.neg, 'pos': operator.pos, '~': operator.invert,
    '[]': operator.getitem, '[:]': lambda o, a, b, c: o[a:b:c],
}


def op(name, *operands):
    if name not in OPS:
        raise ProtocolError('unknown operator %r' % (name,))
    return OPS[name](*operands)


HELPERS = dict(
    pyhelpers.HELPERS, op=op, repr=repr, len=len, type=type, bytes=bytes,
    bytearray=bytearray, memoryview=memoryview)


def drop(args, kwargs):
    if kwargs or len(args) != 1 or not isinstance(args[0], Handle):
        raise TypeError('drop() takes one handle')
    h = args[0]
    lookup(h)
    del _objects[h.n]
    del _kinds[h.n]
    gc.collect()
    return None


# --------------------------------------------------------------------------
# Calls

def call_method(obj, name, args, kwargs):
    """Methods that take writable buffers get buffer sizes on the wire."""
    if isinstance(obj, socket.socket):
        if name in ('recv_into', 'recvfrom_into'):
            args = list(args)
            if args and isinstance(args[0], int) and \
                    not isinstance(args[0], bool):
                buf = bytearray(args[0])
                args[0] = buf
            elif 'buffer' in kwargs and isinstance(kwargs['buffer'], int):
                buf = bytearray(kwargs['buffer'])
                kwargs = dict(kwargs, buffer=buf)
            else:
                return attr(obj, name, "'socket' object")(*args, **kwargs)
            r = attr(obj, name, "'socket' object")(*args, **kwargs)
            return (r, bytes(buf))
        if name == 'recvmsg_into' and hasattr(obj, name):
            args = list(args)
            if args and isinstance(args[0], (list, tuple)) and all(
                    isinstance(x, int) and not isinstance(x, bool)
                    for x in args[0]):
                bufs = [bytearray(x) for x in args[0]]
                args[0] = bufs
                r = obj.recvmsg_into(*args, **kwargs)
                return (r, [bytes(b) for b in bufs])
    return attr(obj, name, repr(type(obj).__name__) + ' object')(
        *args, **kwargs)


def handle_line(line):
    line = line.rstrip('\r\n')
    if line.startswith('call '):
        rest = line[5:]
        m = re.match(r'(-|<(' + KINDS + r') (\d+)>) ([A-Za-z_][A-Za-z_0-9]*)'
                     r'(?: (.*))?$', rest, re.S)
        if not m:
            raise ProtocolError('expected call TARGET NAME ARGS KWARGS')
        name = m.group(4)
        args, kwargs = parse_args(m.group(5) or '() {}')
        if m.group(1) == '-':
            if name == 'drop':
                return fmt(drop(args, kwargs))
            args, kwargs = resolve(args), resolve(kwargs)
            if name in HELPERS:
                fn = HELPERS[name]
            elif name.startswith('_'):
                raise AttributeError(
                    "module 'socket' has no attribute %r" % name)
            else:
                fn = attr(socket, name, "module 'socket'")
            return fmt(fn(*args, **kwargs))
        obj = lookup(Handle(m.group(2), int(m.group(3))))
        args, kwargs = resolve(args), resolve(kwargs)
        return fmt(call_method(obj, name, args, kwargs))
    if line.startswith('getattr '):
        m = re.match(r'- ([A-Za-z_][A-Za-z_0-9]*)$', line[8:])
        if m:
            # a module attribute: socket.AF_INET, socket.has_ipv6
            if m.group(1).startswith('_'):
                raise AttributeError(
                    "module 'socket' has no attribute %r" % m.group(1))
            return fmt(attr(socket, m.group(1), "module 'socket'"))
        m = re.match(r'<(' + KINDS + r') (\d+)> ([A-Za-z_][A-Za-z_0-9]*)$',
                     line[8:])
        if not m:
            raise ProtocolError('expected getattr TARGET NAME')
        obj = lookup(Handle(m.group(1), int(m.group(2))))
        return fmt(attr(obj, m.group(3),
                        repr(type(obj).__name__) + ' object'))
    raise ProtocolError('unknown request %r' % line.split(' ', 1)[0])


def impl_platform():
    """ARCH-LIBC of this interpreter, the hello's third word: the
    harness records it as the results' platform (an interpreter in a
    root of another libc than the harness's)."""
    import struct
    arch = platform.machine() or 'unknown'
    if arch in ('i686', 'i586', 'i486') or (
            arch == 'x86_64' and struct.calcsize('P') == 4):
        arch = 'i386'
    try:
        libc = os.confstr('CS_GNU_LIBC_VERSION') or ''
    except (ValueError, OSError, AttributeError):
        # PyPy 3.7 (Debian 11) knows no CS_GNU_LIBC_VERSION; the
        # interpreter's own symbol versions still name glibc
        libc = platform.libc_ver()[0]
    if libc.startswith('glibc'):
        return arch + '-glibc'
    import glob
    if glob.glob('/lib/ld-musl-*.so.1'):
        return arch + '-musl'
    return arch + '-unknown'


def main():
    for f in (sys.stdin, sys.stdout):
        try:
            f.reconfigure(encoding='utf-8', errors='surrogateescape')
        except (AttributeError, ValueError):
            pass
    out = sys.stdout
    out.write('hello %s %s %s\n' % (IMPL_NAME, IMPL_VERSION, impl_platform()))
    out.flush()
    pyhelpers.start_capture()       # print() from here on: stdout()'s
    stdin = sys.stdin
    while True:
        line = stdin.readline()
        if not line:
            return 0
        try:
            reply = 'ok ' + handle_line(line)
        except ProtocolError as e:
            reply = 'raise ProtocolError None %r' % str(e)
        except pyhelpers.CaseExit as e:
            reply = fmt_exc(e.exc)
        except BaseException as e:     # everything else goes on the wire
            if isinstance(e, (KeyboardInterrupt, SystemExit)):
                raise
            try:
                reply = fmt_exc(e)
            finally:
                e = None
        out.write(reply + '\n')
        out.flush()




# --------------------------------------------------------------------------
# Fork server (conformance/src/run/forkserver.c): `pyadapter.py [--flavour F]
# --forkserver FD` imports everything once, then for each request on the
# datagram socket FD forks an adapter into the namespaces it is handed.
# A request is 'spawn nocap=0|1' with ten descriptors: the net, uts, mnt
# and pid namespaces of the host, its working and root directories, the
# adapter's stdin, stdout and stderr, and a control socket. The server writes the
# fork's wait status (a native int) on the control socket when it ends,
# and kills the fork when the control socket closes.

_CLONE_NEWNS = 0x00020000
_CLONE_NEWUTS = 0x04000000
_CLONE_NEWPID = 0x20000000
_CLONE_NEWNET = 0x40000000
_CAP_SYS_ADMIN = 21
_PR_CAPBSET_DROP = 24


class _Libc(object):
    """setns, prctl, capget/capset and close_range for the forks: Debian's
    CPython 3.11 and PyPy 3.9 have no os.setns. Through cffi's backend
    where the interpreter has it (PyPy ships it), else ctypes. Everything
    a fork calls is looked up and allocated here, in the server: PyPy's
    ctypes took 6.7 ms for three setns and 4.6 ms for the capability drop
    in each fork, cffi with the functions resolved beforehand 0.9 ms. The
    backend is used without cffi.FFI.cdef, whose C parser cost the
    server's start 105 ms."""

    def __init__(self):
        try:
            self._cffi()
        except Exception:       # no cffi, or a backend unlike PyPy 3.9's
            self._ctypes()
        try:
            self._close_range = self._fn('close_range', 'uint', 'uint', 'int')
        except AttributeError:
            self._close_range = None
        self._setns = self._fn('setns', 'int', 'int')
        self._prctl = self._fn('prctl', 'int', 'ulong', 'ulong', 'ulong',
                               'ulong')
        self._capget = self._fn('capget', 'ptr', 'ptr')
        self._capset = self._fn('capset', 'ptr', 'ptr')

    def _cffi(self):
        import _cffi_backend as b
        ty = {'int': b.new_primitive_type('int'),
              'uint': b.new_primitive_type('unsigned int'),
              'ulong': b.new_primitive_type('unsigned long'),
              'ptr': b.new_pointer_type(b.new_void_type())}
        lib = b.load_library(None)
        self._fn = lambda name, *args: lib.load_function(
            b.new_function_type(tuple(ty[a] for a in args), ty['int'],
                                False), name)
        u32p = b.new_pointer_type(b.new_primitive_type('uint32_t'))
        self._hdr = b.newp(b.new_array_type(u32p, 2), None)
        self._data = b.newp(b.new_array_type(u32p, 6), None)
        self._errno = b.get_errno

    def _ctypes(self):
        import ctypes
        lib = ctypes.CDLL(None, use_errno=True)
        ty = {'int': ctypes.c_int, 'uint': ctypes.c_uint,
              'ulong': ctypes.c_ulong, 'ptr': ctypes.c_void_p}

        def fn(name, *args):
            f = getattr(lib, name)
            f.argtypes = [ty[a] for a in args]
            f.restype = ctypes.c_int
            return f
        self._fn = fn
        self._hdr = (ctypes.c_uint32 * 2)()
        self._data = (ctypes.c_uint32 * 6)()
        self._errno = ctypes.get_errno

    def _check(self, rc, what):
        if rc != 0:
            e = self._errno()
            raise OSError(e, '%s: %s' % (what, os.strerror(e)))

    def setns(self, fd, kind):
        self._check(self._setns(fd, kind), 'setns')

    def close_from(self, low):
        """Close every descriptor >= low: close_range(2) where libc has it
        (PyPy's os.closerange closes 65536 numbers one by one, 80 ms)."""
        if self._close_range is not None and \
                self._close_range(low, 0xffffffff, 0) == 0:
            return
        for name in os.listdir('/proc/self/fd'):
            if int(name) >= low:
                try:
                    os.close(int(name))
                except OSError:
                    pass

    def drop_sys_admin(self):
        """What exec without CAP_SYS_ADMIN in the bounding set gives the
        fresh adapter: out of the bounding, effective, permitted and
        inheritable sets."""
        self._check(self._prctl(_PR_CAPBSET_DROP, _CAP_SYS_ADMIN, 0, 0, 0),
                    'prctl(PR_CAPBSET_DROP)')
        hdr, data = self._hdr, self._data
        hdr[0], hdr[1] = 0x20080522, 0     # _LINUX_CAPABILITY_VERSION_3
        self._check(self._capget(hdr, data), 'capget')   # 2 x {eff, perm, inh}
        for i in range(3):
            data[i] &= ~(1 << _CAP_SYS_ADMIN)
        self._check(self._capset(hdr, data), 'capset')


def _flavour_reset():
    """Undo what importing the module under test did in the server's
    world rather than the case's."""
    if IMPL_FAMILY == 'eventlet':
        # greendns read the server's /etc/hosts at import; a case may
        # bind a fixture over it
        from eventlet.support import greendns
        hosts = getattr(getattr(greendns, 'resolver', None), '_hosts', None)
        if hosts is not None:
            hosts._load()
    elif IMPL_FAMILY == 'gevent':
        import gevent
        gevent.reinit()


def _fs_child(libc, fds, nocap):
    net, uts, mnt, _pid, cwd, root, fin, fout, ferr, _ctl = fds
    rc = 1
    try:
        signal.set_wakeup_fd(-1)
        _ORIG['signal'](signal.SIGCHLD, signal.SIG_DFL)
        _ORIG['signal'](signal.SIGINT, signal.default_int_handler)
        libc.setns(net, _CLONE_NEWNET)
        libc.setns(uts, _CLONE_NEWUTS)
        # setns into a mount namespace moves root and cwd to the
        # namespace's; back to the host's (a chroot, in vm/'s guests)
        libc.setns(mnt, _CLONE_NEWNS)
        os.fchdir(root)
        os.chroot('.')
        os.fchdir(cwd)
        os.dup2(fin, 0)
        os.dup2(fout, 1)
        os.dup2(ferr, 2)
        # only what a fresh adapter would have: stdin, stdout, stderr
        libc.close_from(3)
        # text streams on the new descriptors, made as the interpreter
        # makes them at start for pipes (the server's were /dev/null)
        sys.stdin = open(0, 'r', encoding='utf-8', errors='surrogateescape',
                         newline='\n', closefd=False)
        sys.stdout = open(1, 'w', encoding='utf-8', errors='surrogateescape',
                          newline='\n', closefd=False)
        sys.stderr = open(2, 'w', encoding='utf-8', errors='backslashreplace',
                          newline='\n', closefd=False, buffering=1)
        if nocap:
            libc.drop_sys_admin()
        # No socket.setdefaulttimeout(None) here: the server runs no case
        # code, so the fork has the module exactly as importing it left
        # it, and a reset would hide an import that sets a default
        # (timeout/default-none-at-import runs `isolate: fresh` anyway).
        _flavour_reset()
        rc = main()
    except SystemExit as e:
        rc = e.code if isinstance(e.code, int) else 1
    except BaseException:
        import traceback
        traceback.print_exc()
    finally:
        for f in (sys.stdout, sys.stderr):
            try:
                f.flush()
            except BaseException:
                pass
        os._exit(rc or 0)


# Requests the server answers itself before its first fork, so that
# every fork starts with the regular expressions compiled, the lazy
# imports done and (PyPy) the request path traced by the JIT, instead of
# each doing it again. Only module calls that touch no socket: nothing
# the forks inherit from them is the case's business (the handle table is
# emptied afterwards).
_WARM = [
    "call - htons (1,) {}",
    "call - inet_aton ('127.0.0.1',) {}",
    "call - inet_ntoa (b'\\x7f\\x00\\x00\\x01',) {}",
    "call - inet_pton (10, '::1') {}",
    "call - inet_aton ('x',) {}",
    "call - getdefaulttimeout () {}",
    "call - ntohl (-1,) {}",
    "call - htons (1, 2) {'x': [1, (2.5, None, True)], 'y': b''}",
    "getattr - AF_INET",
    "getattr - nonexistent",
    "call - nonexistent () {}",
    "call <socket 9> close () {}",
    "bogus",
]


def _fs_warm(rounds):
    for _ in range(rounds):
        for line in _WARM:
            try:
                reply = 'ok ' + handle_line(line)
            except ProtocolError as e:
                reply = 'raise ProtocolError None %r' % str(e)
            except BaseException as e:
                reply = fmt_exc(e)
            (reply + '\n').encode('utf-8', 'surrogateescape')
    _objects.clear()
    _kinds.clear()
    _next[0] = 1


def _fs_spawn(libc, raw, srv, own_pid, space, intsize):
    """One request: the fork's pid and control fd, or None."""
    import struct
    msg, anc, _flags, _addr = srv.recvmsg(64, space)
    fds = []
    for level, kind, data in anc:
        if level == raw.SOL_SOCKET and kind == raw.SCM_RIGHTS:
            n = len(data) // intsize
            fds.extend(struct.unpack('%di' % n, data[:n * intsize]))
    if len(fds) != 10 or not msg.startswith(b'spawn '):
        for f in fds:
            os.close(f)
        return None
    nocap = b'nocap=1' in msg
    # the fork's pid is in the case's pid namespace, so it sees the
    # case's /proc and dies with the case
    try:
        libc.setns(fds[3], _CLONE_NEWPID)
        pid = _ORIG['fork']()
    except OSError as e:
        sys.stderr.write('pyadapter fork server: %s\n' % e)
        pid = -1
    if pid == 0:
        srv.detach()
        _fs_child(libc, fds, nocap)
    libc.setns(own_pid, _CLONE_NEWPID)
    for f in fds[:9]:
        os.close(f)
    if pid < 0:
        os.close(fds[9])     # the stand-in reports it
        return None
    return pid, fds[9]


def forkserver(fd):
    import _socket as raw
    import struct
    libc = _Libc()
    srv = raw.socket(fileno=fd)
    # once: more rounds (enough for PyPy's JIT to trace) measured no
    # faster on the host, and cost the server's start
    _fs_warm(1)
    gc.collect()
    if hasattr(gc, 'freeze'):
        # CPython: the collector leaves the server's objects alone in
        # the forks, so their pages stay shared
        gc.freeze()
    own_pid = os.open('/proc/self/ns/pid', os.O_RDONLY | os.O_CLOEXEC)
    wr, ww = os.pipe()
    os.set_blocking(wr, False)
    os.set_blocking(ww, False)
    signal.set_wakeup_fd(ww)
    _ORIG['signal'](signal.SIGCHLD, lambda sig, frame: None)
    # Ctrl-C of the run reaches the whole process group: the server
    # goes with the runner (PR_SET_PDEATHSIG), without a traceback
    _ORIG['signal'](signal.SIGINT, signal.SIG_IGN)
    poller = _ORIG['poll']()
    poller.register(srv.fileno(), select.POLLIN)
    poller.register(wr, select.POLLIN)
    ctl_of = {}     # fork pid -> control fd
    pid_of = {}     # control fd -> fork pid
    intsize = struct.calcsize('i')
    space = raw.CMSG_SPACE(10 * intsize)
    while True:
        try:
            events = dict(poller.poll())
        except InterruptedError:
            continue
        # In this order, so that a descriptor number in `events` still
        # means what it meant when poll returned: first the stand-ins
        # that are gone (the harness killed them or the case ended),
        # whose forks are killed here and reaped on their SIGCHLD...
        for ctl in list(events):
            pid = pid_of.get(ctl)
            if pid is None:
                continue
            poller.unregister(ctl)
            del pid_of[ctl]
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        # ...then the forks that ended: their wait status to the
        # stand-in, which dies the same way...
        if wr in events:
            try:
                while os.read(wr, 512):
                    pass
            except (BlockingIOError, InterruptedError):
                pass
            while ctl_of:
                try:
                    pid, st = _ORIG['waitpid'](-1, os.WNOHANG)
                except ChildProcessError:
                    break
                if pid == 0:
                    break
                ctl = ctl_of.pop(pid, None)
                if ctl is None:
                    continue
                if pid_of.pop(ctl, None) is not None:
                    poller.unregister(ctl)
                try:
                    os.write(ctl, struct.pack('i', st))
                except OSError:
                    pass
                os.close(ctl)
        # ...and last the new requests (which may reuse those numbers)
        if srv.fileno() in events:
            try:
                got = _fs_spawn(libc, raw, srv, own_pid, space, intsize)
            except OSError as e:
                sys.stderr.write('pyadapter fork server: %s\n' % e)
                got = None
            if got:
                pid, ctl = got
                ctl_of[pid] = ctl
                pid_of[ctl] = pid
                poller.register(ctl, select.POLLIN)


if __name__ == '__main__':
    if len(sys.argv) > 2 and sys.argv[-2] == '--forkserver':
        sys.exit(forkserver(int(sys.argv[-1])))
    sys.exit(main())
