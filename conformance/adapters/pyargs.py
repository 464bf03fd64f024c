"""pyargs.py -- how pyadapter.py reads a request's arguments: '(ARGS)
{KWARGS}', Python literals in which `<socket N>`, `<file N>` and
`<basesocket N>`, `<bytearray N>` and `<memoryview N>` name the
adapter's handles (conformance/README.md, the
wire protocol). parse_args() gives (tuple, dict) with Handle objects for
the handles; pyadapter.py resolves them. Kept beside the adapter, which
imports it from its own directory."""
import ast
import re


class Handle(object):
    __slots__ = ('kind', 'n')

    def __init__(self, kind, n):
        self.kind = kind
        self.n = n


class ProtocolError(Exception):
    pass


KINDS = 'socket|file|basesocket|bytearray|memoryview'
_HANDLE_RE = re.compile(r'<(%s) (\d+)>' % KINDS)


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


# The common arguments -- ASCII text of tuples, lists, dicts, sets, plain
# strings and bytes, decimal numbers, True/False/None/nan/inf and handles
# -- are read by one regular expression and the small descent below:
# under PyPy's interpreter (a fork runs its case before the JIT has
# compiled anything) the ast parse, the placeholder walk and literal_eval
# cost 0.37 ms a request, this a fifth of it. Anything else, and every
# error, takes the ast path, so its values and messages are that path's.
_TOKEN_RE = re.compile(r"""\s*(?:
    (?P<punct>[()\[\]{},:])
  | <(?P<hkind>socket|file|basesocket|bytearray|memoryview)\ (?P<hn>\d+)>
  | (?P<b>b?)(?:'(?P<sq>[^'\\\n]*)'|"(?P<dq>[^"\\\n]*)")
  | (?P<float>-?\d+\.\d+(?:[eE][+-]?\d+)?)(?![\w.])
  | (?P<int>-?(?:0|[1-9]\d*))(?![\w.])
  | (?P<name>True|False|None|nan|inf)(?!\w)
)""", re.X)
_NAMES = {'True': True, 'False': False, 'None': None,
          'nan': float('nan'), 'inf': float('inf')}
_CLOSE = {'(': ')', '[': ']', '{': '}'}


class _NotFast(Exception):
    pass


def _fast_tokens(text):
    # one Handle per token text, as substitute()'s placeholder names give
    toks, i, n, handles = [], 0, len(text), {}
    while True:
        while i < n and text[i] == ' ':
            i += 1
        if i >= n:
            return toks
        m = _TOKEN_RE.match(text, i)
        if not m:
            raise _NotFast
        i = m.end()
        g = m.lastgroup
        if g == 'punct':
            toks.append(m.group('punct'))
        elif g == 'hn':
            key = (m.group('hkind'), m.group('hn'))
            if key not in handles:
                handles[key] = Handle(key[0], int(key[1]))
            toks.append((handles[key],))
        elif g in ('sq', 'dq'):
            v = m.group(g)
            toks.append((v.encode('ascii') if m.group('b') else v,))
        elif g == 'float':
            toks.append((float(m.group(g)),))
        elif g == 'int':
            toks.append((int(m.group(g)),))
        else:
            toks.append((_NAMES[m.group(g)],))


def _fast_value(toks, i):
    """(value, next index) of the value at toks[i]."""
    t = toks[i]
    if isinstance(t, tuple):
        return t[0], i + 1
    if t not in _CLOSE:
        raise _NotFast
    close, items, keys, i = _CLOSE[t], [], [], i + 1
    comma = False
    while toks[i] != close:
        v, i = _fast_value(toks, i)
        if t == '{' and toks[i] == ':':
            if items and not keys:
                raise _NotFast       # a set that turns into a dict
            keys.append(v)
            v, i = _fast_value(toks, i + 1)
        elif keys:
            raise _NotFast
        items.append(v)
        comma = toks[i] == ','
        if comma:
            i += 1
        elif toks[i] != close:
            raise _NotFast
    i += 1
    if t == '(':
        if len(items) == 1 and not comma:
            return items[0], i    # parentheses around one value
        return tuple(items), i
    if t == '[':
        return items, i
    if keys or not items:
        return dict(zip(keys, items)), i
    return set(items), i


def _fast_args(text):
    """parse_args' result for the common arguments, or None."""
    if not text.isascii():
        return None
    try:
        toks = _fast_tokens(text)
        if not toks or toks[0] != '(':
            return None
        args, i = _fast_value(toks, 0)
        kwargs = {}
        if i < len(toks):
            if toks[i] != '{':
                return None
            kwargs, i = _fast_value(toks, i)
        if i != len(toks) or not isinstance(args, tuple) or \
                not isinstance(kwargs, dict):
            return None
    except (_NotFast, IndexError, TypeError, ValueError):
        return None
    return args, kwargs


def parse_args(text):
    """'(ARGS) {KWARGS}' -> (tuple, dict), handles as Handle objects."""
    got = _fast_args(text)
    if got is not None:
        return got
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
