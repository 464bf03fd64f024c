# mpadapter.py -- the sockspec adapter for MicroPython (the unix port,
# Debian's micropython package).
#
# Speaks the adapter wire protocol of conformance/README.md on stdin and
# stdout, like pyadapter.py, in the dialect MicroPython runs: no ast, no
# operator module, no re needed, no __mro__ (classes are walked by
# __bases__), and an os module without pipe/read/write (the operating
# system helpers go to the C library through MicroPython's ffi).
#
# Nothing is translated for MicroPython: every request reaches its socket
# module as the case wrote it (a (host, port) tuple where its bind wants
# the raw sockaddr getaddrinfo returns is its TypeError to report), and
# every answer goes back as MicroPython gives it (a sockaddr bytearray is
# a <bytearray N> handle, an OSError carries the errno it carries). Only
# a name the module or an object lacks is answered `raise unsupported`,
# so the harness counts the case apart (conformance/README.md,
# "Outcomes").
import sys
import gc
import io
import os
import socket

IMPL_VERSION = '.'.join([str(n) for n in sys.implementation.version[:3]])


def _impl_name():
    """In a Debian userland root (SOCKSPEC_IMPL is FAMILY[VERSION]@SUITE,
    conformance/README.md "Implementations") the hello names the version
    and the release, micropython1.25@trixie, as pyadapter.py's does;
    elsewhere the family alone."""
    impl = os.getenv('SOCKSPEC_IMPL') or ''
    if '@' not in impl or impl.startswith('exec:') or \
            impl.startswith('python:'):
        return 'micropython'
    return 'micropython%d.%d@%s' % (sys.implementation.version[0],
                                    sys.implementation.version[1],
                                    impl.split('@')[-1])


IMPL_NAME = _impl_name()

KINDS = ('socket', 'file', 'basesocket', 'bytearray', 'memoryview')


class ProtocolError(Exception):
    pass


class Unsupported(AttributeError):
    """A name the request uses that the implementation does not have."""


class Handle(object):
    def __init__(self, kind, n):
        self.kind = kind
        self.n = n


# --------------------------------------------------------------------------
# Reading the harness's literals (the value notation of the wire): tuples,
# lists, dicts, sets, str and bytes with Python's escapes, ints of any
# size, floats (nan, inf, -inf), True, False, None, and handles.

_NAMES = {'True': True, 'False': False, 'None': None,
          'nan': float('nan'), 'inf': float('inf')}
_CLOSE = {'(': ')', '[': ']', '{': '}'}
_ESC = {'n': '\n', 'r': '\r', 't': '\t', '\\': '\\', "'": "'", '"': '"',
        'a': '\x07', 'b': '\x08', 'f': '\x0c', 'v': '\x0b', '0': '\x00'}


def _skip(t, i):
    while i < len(t) and t[i] == ' ':
        i += 1
    return i


def _string(t, i, raw_bytes):
    """The literal whose quote is t[i]: (str or bytes, index past it)."""
    q = t[i]
    i += 1
    out = []
    while True:
        if i >= len(t):
            raise ProtocolError('unterminated string literal')
        c = t[i]
        if c == q:
            break
        if c != '\\':
            j = i
            while j < len(t) and t[j] != q and t[j] != '\\':
                j += 1
            out.append(t[i:j])
            i = j
            continue
        e = t[i + 1:i + 2]
        if e in _ESC:
            out.append(_ESC[e])
            i += 2
        elif e in ('x', 'u', 'U'):
            n = {'x': 2, 'u': 4, 'U': 8}[e]
            if raw_bytes and e != 'x':
                raise ProtocolError('\\%s in a bytes literal' % e)
            out.append(chr(int(t[i + 2:i + 2 + n], 16)))
            i += 2 + n
        else:
            raise ProtocolError('unknown escape \\%s' % e)
    text = ''.join(out)
    if raw_bytes:
        return bytes([ord(ch) for ch in text]), i + 1
    return text, i + 1


def _number(t, i):
    j = i
    if t[j] == '-':
        j += 1
    if t.startswith('inf', j):
        return float('-inf') if t[i] == '-' else float('inf'), j + 3
    k = j
    while k < len(t) and t[k] in '0123456789.eE+-':
        if t[k] in '+-' and t[k - 1] not in 'eE':
            break
        k += 1
    word = t[i:k]
    if k == j:
        raise ProtocolError('bad number at column %d' % i)
    for c in '.eE':
        if c in word:
            return float(word), k
    return int(word), k


def _handle(t, i):
    end = t.find('>', i)
    if end < 0:
        raise ProtocolError('stray < at column %d' % i)
    parts = t[i + 1:end].split(' ')
    if len(parts) != 2 or parts[0] not in KINDS or not parts[1].isdigit():
        raise ProtocolError('bad handle %s' % t[i:end + 1])
    return Handle(parts[0], int(parts[1])), end + 1


def parse_value(t, i):
    """(value, index after it) of the literal at t[i]."""
    i = _skip(t, i)
    if i >= len(t):
        raise ProtocolError('a value expected at the end')
    c = t[i]
    if c in _CLOSE:
        close = _CLOSE[c]
        items, keys, comma = [], [], False
        i = _skip(t, i + 1)
        while t[i:i + 1] != close:
            v, i = parse_value(t, i)
            i = _skip(t, i)
            if c == '{' and t[i:i + 1] == ':':
                keys.append(v)
                v, i = parse_value(t, i + 1)
                i = _skip(t, i)
            items.append(v)
            comma = t[i:i + 1] == ','
            if comma:
                i = _skip(t, i + 1)
            elif t[i:i + 1] != close:
                raise ProtocolError('expected , or %s at column %d'
                                    % (close, i))
        i += 1
        if c == '(':
            if len(items) == 1 and not comma:
                return items[0], i
            return tuple(items), i
        if c == '[':
            return items, i
        if keys or not items:
            return dict(zip(keys, items)), i
        return set(items), i
    if c in '\'"':
        return _string(t, i, False)
    if c == 'b' and t[i + 1:i + 2] in ('\'', '"'):
        return _string(t, i + 1, True)
    if c == '<':
        return _handle(t, i)
    if c == '-' or c.isdigit():
        return _number(t, i)
    j = i
    while j < len(t) and (t[j].isalpha() or t[j] == '_'):
        j += 1
    if t[i:j] in _NAMES:
        return _NAMES[t[i:j]], j
    raise ProtocolError('unknown name %r at column %d' % (t[i:j] or c, i))


def parse_args(text):
    """'(ARGS) {KWARGS}' -> (tuple, dict), handles as Handle objects."""
    args, i = parse_value(text, 0)
    i = _skip(text, i)
    kwargs = {}
    if i < len(text):
        kwargs, i = parse_value(text, i)
    if _skip(text, i) != len(text) or not isinstance(args, tuple) or \
            not isinstance(kwargs, dict):
        raise ProtocolError('expected ARGS KWARGS')
    return args, kwargs


# --------------------------------------------------------------------------
# Handles: one counter for every kind, numbers start at 1.

_objects = {}
_kinds = {}
_next = [1]


def register(obj, kind):
    for n in _objects:
        if _objects[n] is obj:
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
        return tuple([resolve(x) for x in v])
    if isinstance(v, list):
        return [resolve(x) for x in v]
    if isinstance(v, dict):
        return dict([(resolve(k), resolve(v[k])) for k in v])
    return v


# --------------------------------------------------------------------------
# Answers

def class_chain(cls):
    """cls and its first bases, most derived first, up to Exception."""
    names = []
    while cls is not object and cls is not BaseException:
        names.append(cls.__name__)
        bases = getattr(cls, '__bases__', ())
        if not bases:
            break
        cls = bases[0]
    return tuple(names)


def fmt_chain(names):
    return '(' + ', '.join([repr(n) for n in names]) + \
        (',)' if len(names) == 1 else ')')


def fmt_class(cls):
    module = 'socket' if cls is socket.socket else 'builtins'
    return '<class %r %s>' % ('%s.%s' % (module, cls.__name__),
                              fmt_chain(class_chain(cls)))


def fmt(v):
    if v is None or isinstance(v, bool):
        return repr(v)
    if isinstance(v, type):
        return fmt_class(v)
    if isinstance(v, socket.socket):
        return register(v, 'socket')
    if isinstance(v, int):
        return '%d' % v
    if isinstance(v, bytearray):
        return register(v, 'bytearray')
    if isinstance(v, memoryview):
        return register(v, 'memoryview')
    if isinstance(v, tuple):
        if len(v) == 1:
            return '(' + fmt(v[0]) + ',)'
        return '(' + ', '.join([fmt(x) for x in v]) + ')'
    if isinstance(v, list):
        return '[' + ', '.join([fmt(x) for x in v]) + ']'
    if isinstance(v, dict):
        return '{' + ', '.join([fmt(k) + ': ' + fmt(v[k]) for k in v]) + '}'
    if hasattr(v, 'readinto') or hasattr(v, 'readline'):
        # a stream (makefile's), not a socket
        return register(v, 'file')
    return repr(v)


def fmt_exc(e):
    if isinstance(e, Unsupported):
        return 'raise unsupported None %r %s %r' % (
            str(e), fmt_chain(('AttributeError', 'Exception')), 'builtins')
    code = None
    args = getattr(e, 'args', ())
    if isinstance(e, OSError):
        cls = 'OSError'
        code = args[0] if args else None
        msg = args[1] if len(args) > 1 else str(e)
    elif isinstance(e, ValueError):
        cls, msg = 'ValueError', str(e)
    elif isinstance(e, OverflowError):
        cls, msg = 'OverflowError', str(e)
    elif isinstance(e, TypeError):
        cls, msg = 'TypeError', str(e)
    elif isinstance(e, SystemExit):     # sys.exit(ARG): ARG (no .code)
        cls, msg = 'SystemExit', str(e)
        code = int(args[0]) if args and isinstance(args[0], int) else None
    else:
        cls, msg = type(e).__name__, str(e)
    if not isinstance(code, int) or isinstance(code, bool):
        code = None
    return 'raise %s %s %r %s %r' % (cls, fmt(code), str(msg),
                                     fmt_chain(class_chain(type(e))),
                                     'builtins')


def attr(obj, name, what):
    """getattr(obj, name), or Unsupported when obj lacks the name."""
    try:
        return getattr(obj, name)
    except AttributeError:
        pass
    raise Unsupported('%s has no attribute %r' % (what, name))


# --------------------------------------------------------------------------
# Operating-system helpers (module calls): MicroPython's os has none of
# pipe, read, write, close, fstat, fcntl; the C library has them all.

_C = {}


def libc(ret, name, args):
    key = name
    if key not in _C:
        import ffi
        if 'lib' not in _C:
            _C['lib'] = ffi.open('libc.so.6')
        _C[key] = _C['lib'].func(ret, name, args)
    return _C[key]


def _check(rc):
    if rc < 0:
        raise OSError(os.errno())
    return rc


def _fd(x):
    return x if isinstance(x, int) else x.fileno()


_O_RDWR = 2
_O_NONBLOCK = 0o4000
_O_CLOEXEC = 0o2000000
_F_GETFD = 1
_F_GETFL = 3
_FD_CLOEXEC = 1
_RLIMIT_NOFILE = 7


def os_pipe():
    import struct
    b = bytearray(8)
    _check(libc('i', 'pipe2', 'pi')(b, _O_CLOEXEC))
    return struct.unpack('ii', b)


def os_read(fd, n):
    b = bytearray(n)
    got = _check(libc('l', 'read', 'ipl')(fd, b, n))
    return bytes(b[:got])


def os_write(fd, data):
    data = bytes(data)
    return _check(libc('l', 'write', 'ipl')(fd, data, len(data)))


def os_close(fd):
    _check(libc('i', 'close', 'i')(fd))


def os_fcntl(obj, cmd, arg=0):
    return _check(libc('i', 'fcntl', 'iil')(_fd(obj), cmd, arg))


def os_ioctl(obj, request, arg):
    b = bytearray(arg)
    _check(libc('i', 'ioctl', 'ilp')(_fd(obj), request, b))
    return bytes(b)


def os_get_blocking(fd):
    return not os_fcntl(fd, _F_GETFL) & _O_NONBLOCK


def os_get_inheritable(fd):
    return not os_fcntl(fd, _F_GETFD) & _FD_CLOEXEC


def os_setrlimit_nofile(soft):
    import struct
    b = bytearray(16)
    _check(libc('i', 'getrlimit', 'ip')(_RLIMIT_NOFILE, b))
    old, hard = struct.unpack('QQ', b)
    _check(libc('i', 'setrlimit', 'ip')(_RLIMIT_NOFILE,
                                        struct.pack('QQ', soft, hard)))
    return old


def os_fstat_ino(fd):
    import struct
    b = bytearray(256)
    _check(libc('i', 'fstat', 'ip')(fd, b))
    # struct stat on x86_64 and aarch64: st_dev, then st_ino
    return struct.unpack('QQ', b[:16])


def os_open_devnull():
    return _check(libc('i', 'open', 'si')('/dev/null', _O_RDWR))


def fd_count():
    # listdir's own descriptor is in the listing
    return len(os.listdir('/proc/self/fd')) - 1


def _ops():
    return {
        '|': lambda a, b: a | b, '^': lambda a, b: a ^ b,
        '&': lambda a, b: a & b, '<<': lambda a, b: a << b,
        '>>': lambda a, b: a >> b, '+': lambda a, b: a + b,
        '-': lambda a, b: a - b, '*': lambda a, b: a * b,
        '/': lambda a, b: a / b, '//': lambda a, b: a // b,
        '%': lambda a, b: a % b, '**': lambda a, b: a ** b,
        '==': lambda a, b: a == b, '!=': lambda a, b: a != b,
        '<': lambda a, b: a < b, '<=': lambda a, b: a <= b,
        '>': lambda a, b: a > b, '>=': lambda a, b: a >= b,
        'in': lambda a, b: a in b, 'not in': lambda a, b: a not in b,
        'is': lambda a, b: a is b, 'is not': lambda a, b: a is not b,
        'neg': lambda a: -a, 'pos': lambda a: +a, '~': lambda a: ~a,
        '[]': lambda a, b: a[b],
        '[:]': lambda o, a, b, c: o[a:b] if c is None else o[a:b:c],
    }


OPS = _ops()


def op(name, *operands):
    if name not in OPS:
        raise ProtocolError('unknown operator %r' % (name,))
    return OPS[name](*operands)


def _c_text(fn, code):
    return libc('s', fn, 'i')(code)


# --------------------------------------------------------------------------
# The program around the module (socket.rst:1264-1266, 1293-1295: the echo
# examples print and sys.exit(1)). MicroPython's print writes to a stdout
# object of its own that a program cannot replace, so a case's print is
# the builtin print with file= the capture; stdout() takes what was
# printed since the last stdout().

_CAPTURE = [io.StringIO()]


def _print(*args, **kwargs):
    kwargs['file'] = _CAPTURE[0]
    print(*args, **kwargs)


def _stdout():
    text = _CAPTURE[0].getvalue()
    _CAPTURE[0] = io.StringIO()
    return text


class CaseExit(Exception):
    """A case's sys.exit(...): MicroPython's own SystemExit, carried to
    the reply past main()'s loop, which a SystemExit of its own ends
    (args[0]; MicroPython's Exception has no __init__ to call)."""


_EXIT_STATUS = [None]


def _status_of(code):
    """The status MicroPython's process ends with when sys.exit(code) goes
    uncaught: a child micropython does it (system(3): no subprocess
    module). None for a code that is no literal."""
    if not (code is None or isinstance(code, (int, str))):
        return None
    src = ('import sys; sys.exit(%r)' % (code,)).replace("'", "'\\''")
    st = libc('i', 'system', 's')(
        "%s -c '%s' </dev/null >/dev/null 2>&1" % (sys.executable, src))
    if st < 0 or st & 0x7f:
        return None
    return (st >> 8) & 0xff


def sys_exit(*args):
    try:
        sys.exit(*args)
    except SystemExit as e:
        _EXIT_STATUS[0] = _status_of(e.args[0] if e.args else None)
        raise CaseExit(e)


HELPERS = {
    'print': _print, 'stdout': _stdout,
    'sys_exit': sys_exit, 'exit_status': lambda: _EXIT_STATUS[0],
    'os_pipe': os_pipe, 'os_fcntl': os_fcntl, 'os_ioctl': os_ioctl,
    'op': op, 'repr': repr, 'len': len, 'type': type,
    'bytes': bytes, 'bytearray': bytearray, 'memoryview': memoryview,
    'strerror': lambda code: _c_text('strerror', code),
    'gai_strerror': lambda code: _c_text('gai_strerror', code),
    'hstrerror': lambda code: _c_text('hstrerror', code),
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
# Requests

def _call(fn, args, kwargs):
    if kwargs:
        return fn(*args, **kwargs)
    return fn(*args)


def call_method(obj, name, args, kwargs):
    """recv_into and recvfrom_into take a buffer size on the wire where
    the method exists (the older form, conformance/README.md)."""
    what = "'%s' object" % type(obj).__name__
    if name in ('recv_into', 'recvfrom_into') and hasattr(obj, name) and \
            args and isinstance(args[0], int) and \
            not isinstance(args[0], bool):
        buf = bytearray(args[0])
        r = _call(getattr(obj, name), (buf,) + tuple(args[1:]), kwargs)
        return (r, bytes(buf))
    return _call(attr(obj, name, what), args, kwargs)


def _word(text, i):
    j = text.find(' ', i)
    return (text[i:], len(text)) if j < 0 else (text[i:j], j + 1)


def _target(text, i):
    """'-' or a handle at text[i]: (None or Handle, index after)."""
    if text[i:i + 2] == '- ' or text[i:] == '-':
        return None, i + 2
    if text[i:i + 1] == '<':
        h, j = _handle(text, i)
        return h, j + 1
    raise ProtocolError('expected a target')


def _name_ok(name):
    if not name or not (name[0].isalpha() or name[0] == '_'):
        return False
    for c in name:
        if not (c.isalpha() or c.isdigit() or c == '_'):
            return False
    return True


def handle_line(line):
    line = line.rstrip('\r\n')
    if line.startswith('call '):
        target, i = _target(line, 5)
        name, i = _word(line, i)
        if not _name_ok(name):
            raise ProtocolError('expected call TARGET NAME ARGS KWARGS')
        args, kwargs = parse_args(line[i:] or '() {}')
        if target is None:
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
            return fmt(_call(fn, args, kwargs))
        obj = lookup(target)
        return fmt(call_method(obj, name, resolve(args), resolve(kwargs)))
    if line.startswith('getattr '):
        target, i = _target(line, 8)
        name = line[i:]
        if not _name_ok(name):
            raise ProtocolError('expected getattr TARGET NAME')
        if target is None:
            if name.startswith('_'):
                raise AttributeError(
                    "module 'socket' has no attribute %r" % name)
            return fmt(attr(socket, name, "module 'socket'"))
        obj = lookup(target)
        return fmt(attr(obj, name, "'%s' object" % type(obj).__name__))
    raise ProtocolError('unknown request %r' % line.split(' ')[0])


class LineReader(object):
    """Request lines from descriptor 0, one read(2) for what has come:
    MicroPython's sys.stdin reads a byte a system call, and a traced
    step's strace would see a read per byte of the request around the
    calls it is about."""

    def __init__(self):
        self.buf = b''
        self.chunk = bytearray(65536)
        self.read = libc('l', 'read', 'ipl')

    def readline(self):
        while b'\n' not in self.buf:
            n = self.read(0, self.chunk, len(self.chunk))
            if n < 0 and os.errno() == 4:       # EINTR
                continue
            if n <= 0:
                line, self.buf = self.buf, b''
                return line.decode()
            self.buf += bytes(self.chunk[:n])
        i = self.buf.index(b'\n') + 1
        line, self.buf = self.buf[:i], self.buf[i:]
        return line.decode()


def main():
    out = sys.stdout
    out.write('hello %s %s\n' % (IMPL_NAME, IMPL_VERSION))
    stdin = LineReader()
    while True:
        line = stdin.readline()
        if not line:
            return 0
        try:
            reply = 'ok ' + handle_line(line)
        except ProtocolError as e:
            reply = 'raise ProtocolError None %r' % str(e)
        except CaseExit as e:
            reply = fmt_exc(e.args[0])
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as e:    # everything else goes on the wire
            reply = fmt_exc(e)
        out.write(reply + '\n')


main()
