"""C source text as the mutation operators see it.

Operators search a *masked* copy of the file, in which comments, string
and character literals and preprocessor lines are blanked out (same
length, newlines kept), so a `<` inside a comment or an `#include <...>`
is never mutated, while offsets still index the real text.
"""


def mask(text):
    out = list(text)
    i, n = 0, len(text)
    line_start = True
    while i < n:
        c = text[i]
        if line_start and c in ' \t':
            i += 1
            continue
        if line_start and c == '#':
            # a preprocessor line, with its backslash continuations
            while i < n and not (text[i] == '\n' and text[i - 1] != '\\'):
                out[i] = ' '
                i += 1
            continue
        line_start = False
        if c == '\n':
            line_start = True
            i += 1
        elif text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
            for k in range(i, j):
                if text[k] != '\n':
                    out[k] = ' '
            i = j
        elif text.startswith('//', i):
            while i < n and text[i] != '\n':
                out[i] = ' '
                i += 1
        elif c in '"\'':
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == '\\' else 1
            for k in range(i + 1, min(j, n)):
                out[k] = ' '
            i = j + 1
        else:
            i += 1
    return ''.join(out)


def line_of(text, offset):
    return text.count('\n', 0, offset) + 1


def line_text(text, offset):
    s = text.rfind('\n', 0, offset) + 1
    e = text.find('\n', offset)
    return text[s:e if e >= 0 else len(text)]


def function_at(masked, offset):
    """Name of the function whose body holds offset ('' at file level):
    the identifier before the '(' of the last top-level '{' opener."""
    depth, opener = 0, -1
    for i in range(offset):
        ch = masked[i]
        if ch == '{':
            if depth == 0:
                opener = i
            depth += 1
        elif ch == '}':
            depth -= 1
    if depth <= 0 or opener < 0:
        return ''
    head = masked[max(0, opener - 400):opener]
    p = head.rfind('(')
    if p < 0:
        return ''
    j = p
    while j > 0 and head[j - 1] == ' ':
        j -= 1
    k = j
    while k > 0 and (head[k - 1].isalnum() or head[k - 1] == '_'):
        k -= 1
    return head[k:j]


def matching_paren(masked, open_at):
    depth = 0
    for i in range(open_at, len(masked)):
        if masked[i] == '(':
            depth += 1
        elif masked[i] == ')':
            depth -= 1
            if depth == 0:
                return i
    return -1
