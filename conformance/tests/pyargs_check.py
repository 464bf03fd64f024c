"""pyargs_check.py -- pyadapter.py reads the common request arguments
(adapters/pyargs.py) with a regular expression and a small descent
(_fast_args) and the rest with ast; the fast path must give what the ast path gives. Generates
argument texts (seeded, so a failure repeats) from atoms that the fast
path takes and atoms it must leave to ast, and compares the values, their
types and the handles. Exit 1 on a difference, or when the fast path
does not take the arguments the cases send most.
Usage: INTERPRETER pyargs_check.py PYADAPTER_DIR [SEED]"""
import math
import random
import sys

sys.path.insert(0, sys.argv[1])
seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
import pyargs as pa  # noqa: E402


def ast_path(text):
    fast, pa._fast_args = pa._fast_args, lambda t: None
    try:
        return pa.parse_args(text)
    except Exception as e:
        return ('raised', type(e).__name__, str(e))
    finally:
        pa._fast_args = fast


def norm(v):
    """A value as nested tuples that compare by type, handle and nan."""
    if isinstance(v, pa.Handle):
        return ('handle', v.kind, v.n)
    if isinstance(v, float):
        return ('nan',) if math.isnan(v) else ('float', repr(v))
    if isinstance(v, (tuple, list)):
        return (type(v).__name__,) + tuple(norm(x) for x in v)
    if isinstance(v, dict):
        return ('dict',) + tuple((norm(k), norm(x)) for k, x in v.items())
    if isinstance(v, (set, frozenset)):
        return ('set',) + tuple(sorted(repr(norm(x)) for x in v))
    return (type(v).__name__, repr(v))


# atoms the fast path reads...
PLAIN = ["1", "-1", "0", "2.5", "-0.0", "1.5e3", "'a'", '"b"', "b'x'", "''",
         "b''", "True", "False", "None", "nan", "inf", "<socket 1>",
         "<file 2>", "<basesocket 3>", "<socket 01>", "'<socket 1>'", "()",
         "[]", "{}", "(1)", "[1,]"]
# ...and the ones it must leave to ast (or refuse as ast does)
ODD = ["00", "01", "1e5", "B'x'", "'a\\n'", "b'\\x00'", "-inf", "<sock 1>",
       "x", "'\u00e9'", "1_0", "0x10", "'''t'''", "- 1", "1j", "'a' 'b'",
       "(,)", "{1, 2: 3}", "{1: 2, 3}", "{[1]: 2}", "{[1]}"]


def handles(v, found):
    """The distinct Handle objects in v (the same token twice is one)."""
    if isinstance(v, pa.Handle):
        found.add(id(v))
    elif isinstance(v, (tuple, list, set, frozenset)):
        for x in v:
            handles(x, found)
    elif isinstance(v, dict):
        for k, x in v.items():
            handles(k, found)
            handles(x, found)
    return found


def gen(rnd, depth=0):
    if depth > 3 or rnd.random() < 0.5:
        return rnd.choice(ODD if rnd.random() < 0.05 else PLAIN)
    kind = rnd.choice(['(', '[', '{', '{:'])
    n = rnd.randint(0, 3)
    if kind == '{:':
        items = ['%s: %s' % (gen(rnd, depth + 1), gen(rnd, depth + 1))
                 for _ in range(n)]
        o, c = '{', '}'
    else:
        items = [gen(rnd, depth + 1) for _ in range(n)]
        o, c = kind, {'(': ')', '[': ']', '{': '}'}[kind]
    sep = rnd.choice([', ', ',', ' , '])
    tail = rnd.choice(['', ',']) if items else ''
    return o + sep.join(items) + tail + c


# what the cases send most (a run's requests, counted)
COMMON = ["() {}", "(2, 1) {}", "(('127.0.0.1', 0),) {}", "(1, 2, 1) {}",
          "(<socket 1>,) {}", "(b'ping',) {}", "(2.5,) {}", "(None,) {}",
          "() {'timeout': 2}", "(10, 1) {}", "(('::1', 0, 0, 0),) {}"]

rnd = random.Random(seed)
texts = COMMON + [gen(rnd, 1) + rnd.choice(['', ' {}', ' ' + gen(rnd, 1),
                                            " {'timeout': 2}", ' {1: 2}',
                                            '\t{}', '  '])
                  for _ in range(20000)]
fast_taken = bad = 0
for text in texts:
    got = pa._fast_args(text)
    if got is None:
        continue
    fast_taken += 1
    want = ast_path(text)
    if want[0] == 'raised' or norm(want) != norm(got) or \
            len(handles(want, set())) != len(handles(got, set())):
        bad += 1
        if bad <= 10:
            print('differs: %r: ast %r, fast %r' % (text, want, got))
missed = [t for t in COMMON if pa._fast_args(t) is None]
for t in missed:
    print('fast path does not take %r' % t)
print('%s: %d texts, %d by the fast path, %d differ' % (
    sys.implementation.name, len(texts), fast_taken, bad))
sys.exit(1 if bad or missed else 0)
