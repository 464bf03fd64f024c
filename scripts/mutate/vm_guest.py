"""Inside the guest (vm.py): the unmutated adapter first, then each
codec mutant, against the vm:* areas one at a time, stopping at the
first kill. Lines go to /tmp/out/mutants.tsv as they finish."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import suite  # noqa: E402

AREAS = ('can/*', 'tipc/*', 'rds/*')
TOP = os.getcwd()
OUT = '/tmp/out'


def against(adapter, tag):
    total = 0.0
    for area in AREAS:
        status, killer, detail, secs = suite.run(
            TOP, adapter, None, os.path.join(OUT, tag + '.jsonl'), 2, 600,
            cases=area)
        total += secs
        if status != 'survived':
            return status, killer, detail, total
    return 'survived', '', '', total


def main():
    base = against(os.path.join(TOP, 'build/ref-adapter'), 'unmutated')
    if base[0] != 'survived':
        print('vm_guest: the unmutated adapter fails here: %s %s' %
              (base[1], base[2]), file=sys.stderr)
        return 1
    with open(sys.argv[1]) as f:
        rows = [line.rstrip('\n').split('\t') for line in f if line.strip()]
    for key, mid, exe in rows:
        status, killer, detail, secs = against(exe, 'mutant')
        # a kill must repeat: the guest's timing cases (RDS over TCP)
        # can fail once under load with any adapter
        if status == 'killed':
            again, _, _, _ = suite.run(TOP, exe, None,
                                       os.path.join(OUT, 'again.jsonl'), 1,
                                       300, cases=killer)
            if again != 'killed':
                status, detail = 'survived', (
                    'a failure of %s did not repeat' % killer)
                killer = ''
        with open(os.path.join(OUT, 'mutants.tsv'), 'a') as out:
            out.write('\t'.join([key, mid, status, killer, '%.1f' % secs,
                                 detail.replace('\t', ' ')
                                 .replace('\n', ' ')]) + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
