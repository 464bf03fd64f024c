"""The mutation operators. Each takes (text, masked) of one C file and
yields (start, end, replacement, operator) edits of the real text; the
masked copy (csource.mask) keeps them out of comments, literals and
preprocessor lines.

  cmp-negate   == <-> !=
  cmp-relax    < -> <=, <= -> <, > -> >=, >= -> >   (a bound moves by one)
  bound        a literal, sizeof or UPPER_CASE bound compared against: +1, -1
  cmsg-size    CMSG_LEN <-> CMSG_SPACE
  drop-check   if (COND) that leads to an error return: never taken
  errkind      the error kind passed to sr__error swapped for another
  errno        the errno / EAI_* code of an error swapped for another
  skip-close   a close(fd); statement dropped (the descriptor leaks)
  mode         timeout vs non-blocking vs blocking confused: s->timeout
               read as -1 (blocking) or 0 (non-blocking), a timeout
               reported as EAGAIN, O_NONBLOCK forced on or off
"""
import re

from csource import matching_paren

REL = re.compile(r'(?<![<>=!\-&|])(<=|>=|==|!=|<|>)(?![<>=])')
LIT = r'(?:0[xX][0-9a-fA-F]+|\d+)[uUlL]*'
SIZEOF = r'sizeof\s*\((?:[^()]|\([^()]*\))*\)|sizeof\s+[A-Za-z_][\w.>\-]*'
MACRO = r'[A-Z][A-Z0-9_]{2,}(?:\s*\((?:[^()]|\([^()]*\))*\))?'
BOUND_AFTER = re.compile(r'(?<![<>=!\-])(?:<=|>=|<|>|==|!=)\s*(' + LIT + '|' +
                         SIZEOF + '|' + MACRO + r')(?![\w(])')
BOUND_BEFORE = re.compile(r'(?<![\w.>])(' + LIT + r')\s*(?:<=|>=|<|>)(?![<>=])')

KIND_SWAP = {
    'SR_ERR_OSERROR': 'SR_ERR_VALUEERROR',
    'SR_ERR_HERROR': 'SR_ERR_GAIERROR',
    'SR_ERR_GAIERROR': 'SR_ERR_HERROR',
    'SR_ERR_TIMEOUT': 'SR_ERR_OSERROR',
    'SR_ERR_VALUEERROR': 'SR_ERR_TYPEERROR',
    'SR_ERR_OVERFLOWERROR': 'SR_ERR_VALUEERROR',
    'SR_ERR_TYPEERROR': 'SR_ERR_VALUEERROR',
}
ERROR_CALL = re.compile(r'\bsr__(error|oserror|gaierror)\s*\(')
ERRNO = re.compile(r'\b(E[A-Z0-9]{2,}|EAI_[A-Z]+)\b')


def _cmp(text, masked):
    for m in REL.finditer(masked):
        op = m.group(1)
        if op == '>' and m.start() > 0 and masked[m.start() - 1] == '-':
            continue
        swap = {'==': ('!=', 'cmp-negate'), '!=': ('==', 'cmp-negate'),
                '<': ('<=', 'cmp-relax'), '<=': ('<', 'cmp-relax'),
                '>': ('>=', 'cmp-relax'), '>=': ('>', 'cmp-relax')}[op]
        yield m.start(1), m.end(1), swap[0], swap[1]


def _bound_edits(start, end, expr):
    if re.fullmatch(LIT, expr):
        digits = re.match(r'0[xX][0-9a-fA-F]+|\d+', expr).group(0)
        suffix = expr[len(digits):]
        v = int(digits, 0)
        yield start, end, str(v + 1) + suffix
        if v > 0:
            yield start, end, str(v - 1) + suffix
    else:
        yield start, end, '(%s + 1)' % expr
        yield start, end, '(%s - 1)' % expr


def _bound(text, masked):
    for m in BOUND_AFTER.finditer(masked):
        expr = text[m.start(1):m.end(1)]
        if expr in ('NULL', 'SOCK_STREAM', 'SOCK_DGRAM', 'SOCK_RAW',
                    'SOCK_SEQPACKET') or expr.startswith(('SR_ERR', 'AF_',
                                                          'SR_WAIT', 'POLL')):
            continue
        if re.fullmatch(r'E[A-Z0-9]+|EAI_[A-Z]+', expr):
            continue
        for s, e, r in _bound_edits(m.start(1), m.end(1), expr):
            yield s, e, r, 'bound'
    for m in BOUND_BEFORE.finditer(masked):
        expr = text[m.start(1):m.end(1)]
        for s, e, r in _bound_edits(m.start(1), m.end(1), expr):
            yield s, e, r, 'bound'


def _cmsg(text, masked):
    for m in re.finditer(r'\bCMSG_(LEN|SPACE)\s*\(', masked):
        other = 'SPACE' if m.group(1) == 'LEN' else 'LEN'
        yield m.start(1), m.end(1), other, 'cmsg-size'


def _leads_to_error(masked, after):
    """Does the statement after an if's condition return an error?"""
    body = masked[after:after + 300]
    body = body.lstrip()
    if body.startswith('{'):
        depth, end = 0, 0
        for i, ch in enumerate(body):
            depth += ch == '{'
            depth -= ch == '}'
            if depth == 0:
                end = i
                break
        body = body[:end + 1]
    else:
        body = body[:body.find(';') + 1]
    return re.search(r'\breturn\b[^;]*(sr__\w+\(|-1|NULL)|\bgoto\b', body)


def _drop_check(text, masked):
    for m in re.finditer(r'\bif\s*\(', masked):
        open_at = m.end() - 1
        close_at = matching_paren(masked, open_at)
        if close_at < 0 or not _leads_to_error(masked, close_at + 1):
            continue
        cond = text[open_at + 1:close_at]
        yield open_at, close_at + 1, '(0 && (%s))' % cond, 'drop-check'


def _errors(text, masked):
    for m in ERROR_CALL.finditer(masked):
        close_at = matching_paren(masked, m.end() - 1)
        args = masked[m.end():close_at]
        for k in re.finditer(r'\bSR_ERR_[A-Z]+\b', args):
            name = k.group(0)
            if name in KIND_SWAP:
                s = m.end() + k.start()
                yield s, s + len(name), KIND_SWAP[name], 'errkind'
        for k in ERRNO.finditer(args):
            name = k.group(1)
            if name.startswith('EAI_'):
                other = 'EAI_FAIL' if name != 'EAI_FAIL' else 'EAI_NONAME'
            else:
                other = 'EINVAL' if name != 'EINVAL' else 'EBADF'
            s = m.end() + k.start(1)
            yield s, s + len(name), other, 'errno'


def _skip_close(text, masked):
    for m in re.finditer(r'(?<![\w.>])close\s*\(', masked):
        close_at = matching_paren(masked, m.end() - 1)
        rest = masked[close_at + 1:close_at + 20].lstrip()
        before = masked[:m.start()].rstrip()
        if not rest.startswith(';') or not before or before[-1] not in ';{})':
            continue
        arg = text[m.end():close_at]
        yield m.start(), close_at + 1, '(void)(%s)' % arg, 'skip-close'


def _mode(text, masked):
    for m in re.finditer(r'\bs->timeout\b(?!\s*=[^=])', masked):
        yield m.start(), m.end(), '(-1.0)', 'mode'
        yield m.start(), m.end(), '(0.0)', 'mode'
    for m in re.finditer(r'\bsr__timeout\s*\(\s*err\s*\)', masked):
        yield m.start(), m.end(), 'sr__oserror(err, EAGAIN)', 'mode'
    for m in re.finditer(r'\bset_nonblock\s*\(', masked):
        close_at = matching_paren(masked, m.end() - 1)
        args = text[m.end():close_at]
        fd = args.split(',')[0]
        for forced in ('0', '1'):
            yield m.end(), close_at, '%s, %s' % (fd, forced), 'mode'
    for m in re.finditer(r'\(type\s*&\s*SOCK_NONBLOCK\)', masked):
        yield m.start(), m.end(), '(0)', 'mode'


OPERATORS = (_cmp, _bound, _cmsg, _drop_check, _errors, _skip_close, _mode)


def edits(text, masked):
    seen = set()
    for op in OPERATORS:
        for s, e, repl, name in op(text, masked):
            if text[s:e] == repl or (s, e, repl) in seen:
                continue
            seen.add((s, e, repl))
            yield s, e, repl, name
