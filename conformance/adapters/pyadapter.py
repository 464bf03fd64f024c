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
import ast
import enum
import errno
import gc
import io
import os
import platform
import re
import sys


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
import _socket  # noqa: E402  (after the flavour: gevent patches first)

# --------------------------------------------------------------------------
# Handles: one counter for every kind, numbers start at 1.

_objects = {}      # n -> object
_kinds = {}        # n -> 'socket' | 'file'
_next = [1]


class Handle(object):
    __slots__ = ('kind', 'n')

    def __init__(self, kind, n):
        self.kind = kind
        self.n = n


class ProtocolError(Exception):
    pass


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


# --------------------------------------------------------------------------
# Request parsing

_HANDLE_RE = re.compile(r'<(socket|file|basesocket) (\d+)>')


def _skip_string(text, i):
    """text[i] is a quote; return the index just past the literal."""
    q = text[i]
    if text.startswith(q * 3, i):
        end, i = q * 3, i + 3
    else:
        end, i = q, i + 1
    while i < len(text):
        if text[i] == '\\':
            i += 2
            continue
        if text.startswith(end, i):
            return i + len(end)
        if len(end) == 1 and text[i] == '\n':
            break
        i += 1
    raise ProtocolError('unterminated string literal')


def substitute(text):
    """Replace handle tokens outside string literals by placeholder names
    _H<n>_<kind>; returns (new text, {name: Handle})."""
    out, names, i = [], {}, 0
    while i < len(text):
        c = text[i]
        if c in '\'"':
            j = _skip_string(text, i)
            out.append(text[i:j])
            i = j
            continue
        if c == '<':
            m = _HANDLE_RE.match(text, i)
            if not m:
                raise ProtocolError('stray < at column %d' % i)
            name = '_H%s_%s' % (m.group(2), m.group(1))
            names[name] = Handle(m.group(1), int(m.group(2)))
            out.append(name)
            i = m.end()
            continue
        out.append(c)
        i += 1
    return ''.join(out), names


class _Placeholders(ast.NodeTransformer):
    def __init__(self, names):
        self.names = names

    # the repr of the floats that have no literal (the harness sends
    # float('nan') as nan)
    FLOATS = {'nan': float('nan'), 'inf': float('inf')}

    def visit_Name(self, node):
        if node.id in self.FLOATS and node.id not in self.names:
            return ast.copy_location(
                ast.Constant(value=self.FLOATS[node.id]), node)
        if node.id not in self.names:
            raise ProtocolError('unknown name %s' % node.id)
        return ast.copy_location(ast.Constant(value=self.names[node.id]),
                                 node)


def parse_args(text):
    """'(ARGS) {KWARGS}' -> (tuple, dict), handles as Handle objects."""
    text, names = substitute(text.strip())
    raise_if = ProtocolError('expected ARGS KWARGS')
    # find the split: end of the first bracket group
    depth, i = 0, 0
    while i < len(text):
        c = text[i]
        if c in '\'"':
            i = _skip_string(text, i)
            continue
        if c in '([{':
            depth += 1
        elif c in ')]}':
            depth -= 1
            if depth == 0:
                i += 1
                break
        i += 1
    args_text, kw_text = text[:i], text[i:].strip() or '{}'
    try:
        a = ast.parse(args_text, mode='eval')
        k = ast.parse(kw_text, mode='eval')
        a = _Placeholders(names).visit(a)
        k = _Placeholders(names).visit(k)
        args = ast.literal_eval(a)
        kwargs = ast.literal_eval(k)
    except (SyntaxError, ValueError) as e:
        raise ProtocolError('bad arguments: %s' % e)
    if not isinstance(args, tuple) or not isinstance(kwargs, dict):
        raise raise_if
    return args, kwargs


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
    if isinstance(v, (bytearray, memoryview)):
        return repr(bytes(v))
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


# --------------------------------------------------------------------------
# Operating-system helpers (module calls)

def os_read(fd, n):
    return os.read(fd, n)


def os_write(fd, data):
    return os.write(fd, data)


def os_close(fd):
    os.close(fd)


def os_get_blocking(fd):
    return os.get_blocking(fd)


def os_get_inheritable(fd):
    return os.get_inheritable(fd)


def os_setrlimit_nofile(soft):
    """Set the soft RLIMIT_NOFILE; return the previous soft limit."""
    import resource
    old, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    return old


def os_fstat_ino(fd):
    st = os.fstat(fd)
    return (st.st_dev, st.st_ino)


def os_open_devnull():
    return os.open(os.devnull, os.O_RDWR)


def fd_count():
    # listdir's own descriptor is in the listing
    return len(os.listdir('/proc/self/fd')) - 1


HELPERS = {
    'os_read': os_read, 'os_write': os_write, 'os_close': os_close,
    'os_get_blocking': os_get_blocking, 'os_fstat_ino': os_fstat_ino,
    'os_open_devnull': os_open_devnull, 'fd_count': fd_count,
    'os_get_inheritable': os_get_inheritable,
    'os_setrlimit_nofile': os_setrlimit_nofile,
}


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
                return getattr(obj, name)(*args, **kwargs)
            r = getattr(obj, name)(*args, **kwargs)
            return (r, bytes(buf))
        if name == 'recvmsg_into':
            args = list(args)
            if args and isinstance(args[0], (list, tuple)) and all(
                    isinstance(x, int) and not isinstance(x, bool)
                    for x in args[0]):
                bufs = [bytearray(x) for x in args[0]]
                args[0] = bufs
                r = obj.recvmsg_into(*args, **kwargs)
                return (r, [bytes(b) for b in bufs])
    return getattr(obj, name)(*args, **kwargs)


def handle_line(line):
    line = line.rstrip('\r\n')
    if line.startswith('call '):
        rest = line[5:]
        m = re.match(r'(-|<(socket|file|basesocket) (\d+)>) ([A-Za-z_][A-Za-z_0-9]*)'
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
            elif name.startswith('_') or not hasattr(socket, name):
                raise AttributeError(
                    "module 'socket' has no attribute %r" % name)
            else:
                fn = getattr(socket, name)
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
            return fmt(getattr(socket, m.group(1)))
        m = re.match(r'<(socket|file|basesocket) (\d+)> ([A-Za-z_][A-Za-z_0-9]*)$',
                     line[8:])
        if not m:
            raise ProtocolError('expected getattr TARGET NAME')
        obj = lookup(Handle(m.group(1), int(m.group(2))))
        return fmt(getattr(obj, m.group(3)))
    raise ProtocolError('unknown request %r' % line.split(' ', 1)[0])


def main():
    for f in (sys.stdin, sys.stdout):
        try:
            f.reconfigure(encoding='utf-8', errors='surrogateescape')
        except (AttributeError, ValueError):
            pass
    out = sys.stdout
    out.write('hello %s %s\n' % (IMPL_NAME, IMPL_VERSION))
    out.flush()
    stdin = sys.stdin
    while True:
        line = stdin.readline()
        if not line:
            return 0
        try:
            reply = 'ok ' + handle_line(line)
        except ProtocolError as e:
            reply = 'raise ProtocolError None %r' % str(e)
        except BaseException as e:     # everything else goes on the wire
            if isinstance(e, (KeyboardInterrupt, SystemExit)):
                raise
            try:
                reply = fmt_exc(e)
            finally:
                e = None
        out.write(reply + '\n')
        out.flush()


if __name__ == '__main__':
    sys.exit(main())
