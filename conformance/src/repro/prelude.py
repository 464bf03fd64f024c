# ---- the reproducer's runtime (sockspec's conformance/src/repro/prelude.py,
# ---- copied in by `sockspec repro`): checks, helpers, isolation
import errno
import gc
import io
import os
import re
import struct
import sys
import threading
import time

_FAILED = []        # the steps that did not hold
_CASE_END = [None]  # monotonic deadline of the whole case (its timeout)
_WAITING = [None]   # (line, text, bound) of the step being waited for


def _hung(signum, frame):
    """A step outlived its bound (its `within` HI + 1 s, as sockspec
    waits) or the case outlived its timeout: the call hangs."""
    line, text, bound = _WAITING[0] or (0, '', 0)
    print('DEVIATES  line %d: %s\n  expected: a reply within %g s\n'
          '  observed: no reply: the call hangs' % (line, text, bound))
    sys.stdout.flush()
    os._exit(1)


def _arm(line, text, within):
    """The alarm for one step: its bound, else what is left of the case's
    timeout. Called in the main thread only."""
    import signal
    if threading.current_thread() is not threading.main_thread():
        return
    left = _CASE_END[0] - time.monotonic() if _CASE_END[0] else None
    bound = within[1] + 1 if within else left
    if bound is None:
        return
    if left is not None:
        bound = min(bound, max(left, 0.01))
    _WAITING[0] = (line, text, bound)
    signal.signal(signal.SIGALRM, _hung)
    signal.setitimer(signal.ITIMER_REAL, bound)


def case_timeout(seconds):
    _CASE_END[0] = time.monotonic() + seconds


class _NoValue(Exception):
    """A name an earlier failed step left without a value."""


_KEPT = []          # every object a step made: the adapter's handles


def _keep(v):
    """The objects of a value, as the adapter registers each one (the
    items of a tuple or list, not the container, so drop(a) of
    `a, b = socketpair()` lets a go)."""
    if isinstance(v, (tuple, list)):
        for x in v:
            _keep(x)
    elif not isinstance(v, (int, float, str, bytes, type(None))):
        _KEPT.append(v)
    return v


def netns_links():
    """The interfaces of this network namespace as the kernel lists them:
    [(index, name), ...] in index order (the harness reads them by
    rtnetlink; ip(8) here)."""
    import subprocess
    out = subprocess.run(['ip', '-o', 'link', 'show'], stdout=subprocess.PIPE,
                         universal_newlines=True).stdout
    links = []
    for line in out.splitlines():
        idx, name = line.split(':')[:2]
        links.append((int(idx), name.strip().split('@')[0]))
    return sorted(links)


def _isolate(fixtures, addresses, locale=None, hosts=(), links=(),
             host_addrs=(), routes=()):
    """Re-run this program in private namespaces (unshare(1)): a network
    namespace with only loopback, a mount namespace whose /tmp is a fresh
    tmpfs and whose /etc/hosts, /etc/services, /etc/protocols are the
    case's fixtures, as sockspec runs the case; a case of several hosts
    gets a network namespace per host (_topology). Set REPRO_NO_ISOLATE=1
    to run in the current namespaces instead."""
    if os.environ.get('REPRO_NO_ISOLATE') == '1':
        return
    if os.environ.get('_REPRO_INSIDE') != '1':
        os.environ['_REPRO_INSIDE'] = '1'
        # the case's locale, as the adapter starts in it (C: no PEP 538
        # coercion, no UTF-8 mode)
        os.environ['LC_ALL'] = locale or 'C.UTF-8'
        if locale == 'C':
            os.environ['PYTHONCOERCECLOCALE'] = '0'
            os.environ['PYTHONUTF8'] = '0'
        flags = ['-n', '-m', '-u'] + ([] if os.geteuid() == 0 else ['-r'])
        argv = ['unshare'] + flags + [sys.executable] + sys.argv
        try:
            os.execvp('unshare', argv)
        except OSError as e:
            sys.exit('repro: cannot run unshare(1) (%s); run as root or '
                     'set REPRO_NO_ISOLATE=1' % e)
    import subprocess
    # loopback starts down in a new network namespace
    subprocess.call(['ip', 'link', 'set', 'lo', 'up'])
    if addresses:
        subprocess.check_call(['ip', 'link', 'add', 'veth0', 'type', 'veth',
                               'peer', 'name', 'veth1'])
        for dev in ('veth0', 'veth1'):
            subprocess.check_call(['ip', 'link', 'set', dev, 'up'])
        for dev, cidr in addresses:
            subprocess.check_call(['ip', 'addr', 'add', cidr, 'dev', dev,
                                   'nodad'] if ':' in cidr else
                                  ['ip', 'addr', 'add', cidr, 'dev', dev])
    # a /run of its own: what is made there (the fixtures, the hosts'
    # namespaces) leaves nothing behind on the machine's
    if fixtures or hosts:
        subprocess.check_call(['mount', '-t', 'tmpfs', 'repro', '/run'])
    # resolver fixtures: files only, written to a private directory
    if fixtures:
        os.makedirs('/run/repro', exist_ok=True)
        files = dict(fixtures)
        files['nsswitch.conf'] = ('hosts: files\nnetworks: files\n'
                                  'protocols: files\nservices: files\n')
        files['resolv.conf'] = 'options timeout:1 attempts:1\n'
        for name, text in files.items():
            with open('/run/repro/' + name, 'w') as f:
                f.write(text)
            subprocess.check_call(['mount', '--bind', '/run/repro/' + name,
                                   '/etc/' + name])
    subprocess.check_call(['mount', '-t', 'tmpfs', 'repro', '/tmp'])
    if hosts:
        _topology(hosts, links, host_addrs, routes)


_HOST_NS = []


def _setns(fd):
    if hasattr(os, 'setns'):
        os.setns(fd, os.CLONE_NEWNET)
        return
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.setns(fd, 0x40000000) != 0:     # CLONE_NEWNET
        raise OSError(ctypes.get_errno(), 'setns')


def _host(h):
    """Make the steps that follow host h's: its network namespace for
    this thread, where the sockets they open belong (a thread started
    after, for a background step, starts there too)."""
    if _HOST_NS:
        _setns(_HOST_NS[h])


def _topology(hosts, links, addrs, routes):
    """Each host a network namespace of its own (`ip netns`, under the
    private /run), joined as sockspec joins them: each host names its
    veths veth0, veth1... in link order, its addresses on its veth0, its
    default route through the gateway; every veth running, its queue
    attached (`qdisc noop` drops what is sent before), before the first
    step."""
    import subprocess
    count = [0] * len(hosts)
    for h in hosts:
        subprocess.check_call(['ip', 'netns', 'add', 'repro_' + h])
        subprocess.check_call(['ip', '-n', 'repro_' + h, 'link', 'set',
                               'lo', 'up'])
    for i, (a, b) in enumerate(links):
        subprocess.check_call(
            ['ip', 'link', 'add', 'veth%d' % count[a], 'netns',
             'repro_' + hosts[a], 'index', str(100 + 2 * i), 'type', 'veth',
             'peer', 'name', 'veth%d' % count[b], 'netns',
             'repro_' + hosts[b], 'index', str(101 + 2 * i)])
        for h in (a, b):
            subprocess.check_call(['ip', '-n', 'repro_' + hosts[h], 'link',
                                   'set', 'veth%d' % count[h], 'up'])
        count[a] += 1
        count[b] += 1
    for h, cidr in addrs:
        subprocess.check_call(['ip', '-n', 'repro_' + hosts[h], 'addr',
                               'add', cidr, 'dev', 'veth0'] +
                              (['nodad'] if ':' in cidr else []))
    for h, via in routes:
        subprocess.check_call(['ip', '-n', 'repro_' + hosts[h], 'route',
                               'add', 'default', 'via', via])
    for h, n in enumerate(count):
        for k in range(n):
            for _ in range(100):
                out = subprocess.run(
                    ['ip', '-n', 'repro_' + hosts[h], 'link', 'show',
                     'veth%d' % k], stdout=subprocess.PIPE,
                    universal_newlines=True).stdout
                if 'LOWER_UP' in out and 'qdisc noop' not in out:
                    break
                time.sleep(0.05)
    for h in hosts:
        _HOST_NS.append(os.open('/run/netns/repro_' + h, os.O_RDONLY))
    _host(0)


def tmp(name):
    """A path in the case's private /tmp."""
    return '/tmp/' + name


def pack(fmt, *args):
    return struct.pack(fmt, *args)


def unpack(fmt, data):
    return struct.unpack(fmt, data)


def pack_ints(*ints):
    if len(ints) == 1 and isinstance(ints[0], (list, tuple)):
        ints = ints[0]
    return struct.pack('%di' % len(ints), *ints)


def unpack_ints(data):
    n = len(data) // struct.calcsize('i')
    return list(struct.unpack('%di' % n, data[:n * struct.calcsize('i')]))


def _issubclass_named(cls, name):
    return any(c.__name__ == name for c in cls.__mro__)


# the adapter's operating-system helpers (module calls in a case)
def os_read(fd, n):
    return os.read(fd, n)


def os_write(fd, data):
    return os.write(fd, data)


def os_close(fd):
    os.close(fd)


def os_pipe():
    return os.pipe()


def os_get_blocking(fd):
    return os.get_blocking(fd)


def os_get_inheritable(fd):
    return os.get_inheritable(fd)


def os_setrlimit_nofile(soft):
    import resource
    old, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    return old


def os_fstat_ino(fd):
    st = os.fstat(fd)
    return (st.st_dev, st.st_ino)


def os_open_devnull():
    return os.open(os.devnull, os.O_RDWR)


def os_fcntl(obj, cmd, arg=0):
    import fcntl
    return fcntl.fcntl(obj, cmd, arg)


def os_ioctl(obj, request, arg):
    import fcntl
    return fcntl.ioctl(obj, request, arg)


def fd_count():
    return len(os.listdir('/proc/self/fd')) - 1


def strerror(code):
    return os.strerror(code)


def _c_message(fn, code):
    import ctypes
    f = getattr(ctypes.CDLL(None), fn)
    f.argtypes = [ctypes.c_int]
    f.restype = ctypes.c_char_p
    return f(code).decode('utf-8', 'surrogateescape')


def gai_strerror(code):
    return _c_message('gai_strerror', code)


def hstrerror(code):
    return _c_message('hstrerror', code)


# A case's print() writes here and stdout() takes what was printed since
# the last stdout(), as the adapters do; the report stays on stdout.
_CAPTURE = io.StringIO()


def _print(*args, **kwargs):
    print(*args, file=_CAPTURE, **kwargs)


def stdout():
    text = _CAPTURE.getvalue()
    _CAPTURE.seek(0)
    _CAPTURE.truncate()
    return text


_EXIT = []     # the code of the last sys.exit(...) a step raised


def exit_status():
    """The status the interpreter ends with when the last sys.exit(...)
    goes uncaught, as the adapter measures it: a child interpreter."""
    import subprocess
    if not _EXIT:
        return None
    code = _EXIT[-1]
    if not (code is None or isinstance(code, (int, str))):
        return None
    return subprocess.call(
        [sys.executable, '-c', 'import sys; sys.exit(%r)' % (code,)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)


def _drop(name):
    """drop(x): forget the object as garbage collection would."""
    obj = globals().pop(name, None)
    # and out of the handles kept (the adapter's drop retires the handle)
    _KEPT[:] = [o for o in _KEPT if o is not obj]
    obj = None
    gc.collect()


def _sized(obj, name, *args, **kwargs):
    """recv_into(SIZE...), recvfrom_into(SIZE...), recvmsg_into([SIZE...]):
    the harness's older form, a buffer of SIZE zero bytes made here;
    the result is (the method's result, the buffer's bytes)."""
    fn = getattr(obj, name)
    if name == 'recvmsg_into':
        if args and isinstance(args[0], (list, tuple)) and all(
                isinstance(x, int) and not isinstance(x, bool)
                for x in args[0]):
            bufs = [bytearray(x) for x in args[0]]
            r = fn(bufs, *args[1:], **kwargs)
            return (r, [bytes(b) for b in bufs])
        return fn(*args, **kwargs)
    if args and isinstance(args[0], int) and not isinstance(args[0], bool):
        buf = bytearray(args[0])
        return (fn(buf, *args[1:], **kwargs), bytes(buf))
    if isinstance(kwargs.get('buffer'), int):
        buf = bytearray(kwargs['buffer'])
        return (fn(**dict(kwargs, buffer=buf)), bytes(buf))
    return fn(*args, **kwargs)


def _plain(v):
    """What the harness sees of a value: enum members as ints."""
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, int):
        return int(v)
    if isinstance(v, tuple):
        return tuple(_plain(x) for x in v)
    if isinstance(v, list):
        return [_plain(x) for x in v]
    return v


def _kind(e):
    """The documented kind of an exception and its code, as sockspec's
    adapter reports them."""
    if isinstance(e, OSError):
        if isinstance(e, (socket.timeout, TimeoutError)) and e.errno is None:
            return 'timeout', None
        if isinstance(e, socket.gaierror):
            return 'gaierror', e.args[0] if e.args else None
        if isinstance(e, socket.herror):
            return 'herror', e.args[0] if e.args else None
        return 'OSError', e.errno
    if isinstance(e, SystemExit):      # sys.exit(ARG): ARG
        return 'SystemExit', int(e.code) if isinstance(e.code, int) else None
    for k in ('ValueError', 'OverflowError', 'TypeError'):
        if k in [c.__name__ for c in type(e).__mro__]:
            return k, None
    return type(e).__name__, None


def _show_exc(e):
    kind, code = _kind(e)
    msg = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
    return '%s(%r, %r) [class %s]' % (kind, code, msg, type(e).__name__)


def _raised_matches(e, want, exact, code, msg_re, msg_fn):
    kind, got_code = _kind(e)
    names = [c.__name__ for c in type(e).__mro__]
    if exact:
        ok = names[0] == want or (want == 'timeout' and kind == 'timeout'
                                  and names[0] in ('timeout', 'TimeoutError'))
    else:
        ok = kind == want or want in names or (
            want == 'timeout' and 'TimeoutError' in names) or (
            want == 'OSError' and isinstance(e, OSError))
    if ok and code is not _ANY:
        ok = got_code == code if code is not None else got_code is None
    msg = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
    if ok and msg_re is not None:
        ok = re.search(msg_re, str(msg)) is not None
    if ok and msg_fn is not None:
        ok = str(msg) == globals()[msg_fn](got_code)
    return ok


_ANY = object()


def _fail(line, text, expected, got, soft):
    print('DEVIATES  line %d: %s\n  expected: %s\n  observed: %s'
          % (line, text, expected, got))
    sys.stdout.flush()
    _FAILED.append(line)
    if not soft:
        _finish()


def _finish():
    if _FAILED:
        print('%d step(s) deviate: line(s) %s' % (
            len(_FAILED), ', '.join(map(str, _FAILED))))
        sys.stdout.flush()
        os._exit(1)
    print('every step held: no deviation')
    sys.stdout.flush()
    os._exit(0)


_IS = {'int': lambda v: isinstance(v, int) and not isinstance(v, bool),
       'float': lambda v: isinstance(v, float),
       'str': lambda v: isinstance(v, str),
       'bytes': lambda v: isinstance(v, bytes),
       'bool': lambda v: isinstance(v, bool),
       'tuple': lambda v: isinstance(v, tuple),
       'list': lambda v: isinstance(v, list),
       'None': lambda v: v is None,
       'socket': lambda v: isinstance(v, socket.socket),
       'type': lambda v: isinstance(v, type),
       'file': lambda v: hasattr(v, 'readline') and hasattr(v, 'flush')}


def step(line, text, fn, check=None, rhs=None, soft=False, raises=None,
         exact=False, code=_ANY, msg_re=None, msg_fn=None, within=None,
         needs=(), unpack=None):
    """Run one step of the case: fn() must hold check against rhs() (a
    function: the right side is evaluated after the step, as sockspec
    does; for `is`, a type name), or raise `raises`; within (lo, hi)
    bounds its wall time; unpack N: the value must be N items. Returns
    the value for the step's names, or raises _NoValue."""
    for n in needs:
        if n not in globals():
            _fail(line, text, 'a run', 'not run: %s has no value (an '
                  'earlier step failed)' % n, soft)
            raise _NoValue()
    t0 = time.monotonic()
    _arm(line, text, within)
    try:
        v = _keep(fn())
    except (Exception, SystemExit) as e:    # a case's sys.exit(1) too
        if isinstance(e, SystemExit):
            _EXIT.append(e.code)
        took = getattr(fn, 'took', None) or time.monotonic() - t0
        if raises is None:
            _fail(line, text, 'a value', _show_exc(e), soft)
            raise _NoValue()
        if not _raised_matches(e, raises, exact, code, msg_re, msg_fn):
            _fail(line, text, 'raises %s%s%s' % (
                'exactly ' if exact else '', raises,
                '' if code is _ANY else '(%r)' % (code,)),
                _show_exc(e), soft)
            raise _NoValue()
        _within(line, text, took, within, soft)
        return e.args
    took = getattr(fn, 'took', None) or time.monotonic() - t0
    if raises is not None:
        _fail(line, text, 'raises %s' % raises, repr(v), soft)
        raise _NoValue()
    if check is not None:
        ok = True
        if check == 'is':
            ok = _IS[rhs](v) if rhs in _IS else (
                isinstance(v, type) and v.__name__ == rhs)
            if isinstance(v, type) and rhs != 'type':
                ok = v.__name__ == rhs   # a class value: its own name
        else:
            rhs = rhs()
            a, b = _plain(v), _plain(rhs)
            ok = {'==': lambda: a == b, '!=': lambda: a != b,
                  '<': lambda: a < b, '<=': lambda: a <= b,
                  '>': lambda: a > b, '>=': lambda: a >= b,
                  'in': lambda: a in b, 'not in': lambda: a not in b}[check]()
        if not ok:
            _fail(line, text, '%s %r' % (check, rhs), repr(v), soft)
            return v
    _within(line, text, took, within, soft)
    if unpack is not None and (not isinstance(v, (tuple, list))
                               or len(v) != unpack):
        _fail(line, text, '%d values to unpack' % unpack, repr(v), soft)
        raise _NoValue()
    return v


def _within(line, text, took, within, soft):
    if within is not None and not within[0] <= took <= within[1]:
        _fail(line, text, 'within %g..%g s' % within, '%.3f s' % took, soft)


class _Background(object):
    """A step with `&`: it runs in a thread while other hosts' steps go
    on, and is collected before its host's next step."""

    def __init__(self, fn):
        self.result = None
        self.t = threading.Thread(target=self._run, args=(fn,))
        self.t.daemon = True
        self.t.start()

    def _run(self, fn):
        t0 = time.monotonic()
        try:
            self.result = ('ok', fn())
        except BaseException as e:
            self.result = ('raise', e)
        self.took = time.monotonic() - t0

    def collect(self):
        kind, v = self.result
        if kind == 'raise':
            raise v
        return v


_PENDING = {}


def background(host, fn):
    _PENDING[host] = _Background(fn)


def sync(host):
    """The value of host's pending step (as a function for step(), which
    times it from its start, as sockspec times it from the request)."""
    b = _PENDING.pop(host)
    b.t.join()
    return _Collected(b)


class _Collected(object):
    def __init__(self, b):
        self.b = b
        self.took = b.took

    def __call__(self):
        return self.b.collect()


def _drop_sys_admin():
    """isolate: nocap: CAP_SYS_ADMIN out of every set, as sockspec
    starts the adapter."""
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(24, 21, 0, 0, 0) != 0:      # PR_CAPBSET_DROP, SYS_ADMIN
        raise OSError(ctypes.get_errno(), 'prctl(PR_CAPBSET_DROP)')
    hdr = (ctypes.c_uint32 * 2)(0x20080522, 0)
    data = (ctypes.c_uint32 * 6)()
    libc.capget(hdr, data)
    for i in range(3):
        data[i] &= ~(1 << 21)
    if libc.capset(hdr, data) != 0:
        raise OSError(ctypes.get_errno(), 'capset')
# ---- end of the runtime; the case follows
