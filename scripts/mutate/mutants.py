"""Mutants of libsockref's sources: every edit the operators find,
named stably, with its unified diff, and a deterministic selection.

A mutant id is FILE:LINE:OPERATOR:N (N counts the same operator's edits
on that line), so ids survive edits elsewhere in the file; its key adds
a hash of the mutated file, so a result recorded for one text is never
reused for another (resumption).
"""
import difflib
import hashlib
import os

import csource
import operators

# constants.c is a table of names to numbers: a wrong entry is caught by
# the unit tests' comparison with the kernel headers, and mutating each
# of its hundreds of numbers would swamp the score with one concern.
SKIP_FILES = {'constants.c'}
# Only the guests' AF_CAN, AF_TIPC and AF_RDS reach these codecs.
VM_FILES = {'addr_can.c', 'addr_tipc.c', 'addr_rds.c'}


class Mutant:
    def __init__(self, path, text, start, end, repl, op, n):
        self.path = path
        self.file = os.path.basename(path)
        self.start, self.end, self.repl, self.op = start, end, repl, op
        self.line = csource.line_of(text, start)
        self.id = '%s:%d:%s:%d' % (self.file, self.line, op, n)
        self.mutated = text[:start] + repl + text[end:]
        self.key = self.id + '@' + hashlib.sha1(
            self.mutated.encode()).hexdigest()[:12]
        self.where = 'vm' if self.file in VM_FILES else 'host'
        self.function = csource.function_at(csource.mask(text), start)
        self.diff = ''.join(difflib.unified_diff(
            text.splitlines(True), self.mutated.splitlines(True),
            'a/ref/src/' + self.file, 'b/ref/src/' + self.file, n=1))
        self.original = text[start:end]


def generate(src_dir):
    out = []
    for name in sorted(os.listdir(src_dir)):
        if not name.endswith('.c') or name in SKIP_FILES:
            continue
        path = os.path.join(src_dir, name)
        with open(path) as f:
            text = f.read()
        masked = csource.mask(text)
        per_line = {}
        for s, e, repl, op in sorted(operators.edits(text, masked)):
            line = csource.line_of(text, s)
            n = per_line.get((line, op), 0)
            per_line[(line, op)] = n + 1
            out.append(Mutant(path, text, s, e, repl, op, n))
    return out


def select(mutants, limit):
    """At most limit mutants, dealt round-robin over (file, operator)
    groups in id order, so every file and operator is represented and
    the same tree always gives the same selection. limit 0: all."""
    if not limit or len(mutants) <= limit:
        return list(mutants)
    groups = {}
    for m in mutants:
        groups.setdefault((m.file, m.op), []).append(m)
    # spread within a group too: take every k-th edit, not the first few
    order = []
    for key in sorted(groups):
        g = groups[key]
        step = 1
        while len(g) > 8 * step:
            step += 1
        g[:] = g[::step] + [m for i, m in enumerate(g) if i % step]
    chosen, i = [], 0
    while len(chosen) < limit:
        progressed = False
        for key in sorted(groups):
            if i < len(groups[key]) and len(chosen) < limit:
                chosen.append(groups[key][i])
                progressed = True
        if not progressed:
            break
        i += 1
    order = {m.id: k for k, m in enumerate(mutants)}
    return sorted(chosen, key=lambda m: order[m.id])


if __name__ == '__main__':
    # mutants.py DIR: the mutants of DIR/*.c, one a line (id, from, to),
    # for the generator's own tests
    import sys
    for m in generate(sys.argv[1]):
        print('%s\t%s\t%s' % (m.id, m.original, m.repl))
