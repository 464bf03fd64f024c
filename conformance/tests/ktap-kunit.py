#!/usr/bin/env python3
"""ktap-kunit.py KUNIT_DIR FILE — read a KTAP document with the kernel's
own parser (tools/testing/kunit/kunit_parser.py, fetched by vm/fetch-kunit)
and print what it understood, for t_ktap.sh to compare with sockspec's
results: the counts ("passed N", "failed N", "crashed N", "skipped N",
"errors N" — errors are the parser's complaints about the format), the
status of the whole ("status NAME"), and one line per leaf test, "leaf
PATH STATUS", PATH the subtest names from the top joined by '/'. The
parser's own report goes to stderr."""
import sys

sys.path.insert(0, sys.argv[1])
import kunit_parser  # noqa: E402
import kunit_printer  # noqa: E402

kunit_printer.stdout._output = sys.stderr
kunit_printer.stdout._use_color = False
with open(sys.argv[2], errors='replace') as f:
    top = kunit_parser.parse_run_tests(f)


def leaves(test, path):
    if not test.subtests:
        print('leaf', '/'.join(path), test.status.name)
    for sub in test.subtests:
        leaves(sub, path + [sub.name])


c = top.counts
for name in ('passed', 'failed', 'crashed', 'skipped', 'errors'):
    print(name, getattr(c, name))
print('status', top.status.name)
for sub in top.subtests:
    leaves(sub, [sub.name])
