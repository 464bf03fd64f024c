"""pyhelpers.py -- pyadapter.py's module calls besides the socket module's
(conformance/README.md, the wire protocol): the operating-system helpers
os_NAME on the descriptors of the interpreter's process, the C library's
messages, and the program around the module that socket.rst's examples
are: print, stdout, sys_exit and exit_status.

Imported after the flavour (gevent patches first), like pyargs.py.
"""
import io
import os
import sys

# --------------------------------------------------------------------------
# Operating-system helpers

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


def os_pipe():
    return os.pipe()


def os_fcntl(obj, cmd, arg=0):
    """fcntl.fcntl with the object the case names, a socket object
    itself (socket.rst:813-814) or an int descriptor."""
    import fcntl
    return fcntl.fcntl(obj, cmd, arg)


def os_ioctl(obj, request, arg):
    import fcntl
    return fcntl.ioctl(obj, request, arg)


_libc = []


def _c_message(fn, code):
    """gai_strerror / hstrerror of the C library the interpreter runs
    on (Python offers neither; its gaierror and herror messages are
    theirs)."""
    import ctypes
    if not _libc:
        _libc.append(ctypes.CDLL(None))
    f = getattr(_libc[0], fn)
    f.argtypes = [ctypes.c_int]
    f.restype = ctypes.c_char_p
    return f(code).decode('utf-8', 'surrogateescape')



# --------------------------------------------------------------------------
# The program around the module (socket.rst:1264-1266, 1293-1295: the echo
# examples print('could not open socket') and sys.exit(1)).

# What the implementation prints: start_capture() makes it sys.stdout, so
# the interpreter's own print (and anything else writing to sys.stdout)
# writes here and never onto the wire, which keeps the stream it had.
CAPTURE = io.StringIO()


def start_capture():
    sys.stdout = CAPTURE


def stdout():
    """What was printed since the last stdout() (each program of a case
    its own output), taken out of the capture."""
    text = CAPTURE.getvalue()
    CAPTURE.seek(0)
    CAPTURE.truncate()
    return text


class CaseExit(Exception):
    """A case's sys.exit(...): the interpreter's own SystemExit, carried
    to the reply past the adapter's loop, which a SystemExit of its own
    still ends."""

    def __init__(self, exc):
        Exception.__init__(self, exc)
        self.exc = exc


_EXIT_STATUS = [None]


def _status_of(code):
    """The status the interpreter's process ends with when sys.exit(code)
    goes uncaught, which the adapter cannot let its own SystemExit do: a
    child interpreter does it. None for a code that is no literal."""
    import subprocess
    if not sys.executable or not (code is None or
                                  isinstance(code, (int, str))):
        return None
    return subprocess.call(
        [sys.executable, '-c', 'import sys; sys.exit(%r)' % (code,)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)


def sys_exit(*args):
    try:
        sys.exit(*args)
    except SystemExit as e:
        _EXIT_STATUS[0] = _status_of(e.code)
        raise CaseExit(e)


def exit_status():
    """The status of the last sys.exit(...) (None before one)."""
    return _EXIT_STATUS[0]


HELPERS = {
    'os_pipe': os_pipe, 'os_fcntl': os_fcntl, 'os_ioctl': os_ioctl,
    'strerror': os.strerror,
    'gai_strerror': lambda code: _c_message('gai_strerror', code),
    'hstrerror': lambda code: _c_message('hstrerror', code),
    'os_read': os_read, 'os_write': os_write, 'os_close': os_close,
    'os_get_blocking': os_get_blocking, 'os_fstat_ino': os_fstat_ino,
    'os_open_devnull': os_open_devnull, 'fd_count': fd_count,
    'os_get_inheritable': os_get_inheritable,
    'os_setrlimit_nofile': os_setrlimit_nofile,
    'print': print, 'stdout': stdout, 'sys_exit': sys_exit,
    'exit_status': exit_status,
}
