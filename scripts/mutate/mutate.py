#!/usr/bin/env python3
"""make mutate: mutation testing of libsockref by the conformance suite.

Every mutant of ref/src (mutants.py, operators.py) is built into its own
ref adapter (build.py) and the host conformance suite runs against it,
stopping at the first failing case (suite.py). Results are appended to
build/mutate/state.tsv as they come (state.py), so a second run resumes;
the report (report.py) is build/mutate/report.{tsv,html} and the
committed summary conformance/MUTATION.md. Mutants of the AF_CAN, AF_TIPC
and AF_RDS codecs run in one QEMU guest instead (--vm; vm_guest.py).

Usage: scripts/mutate/mutate.py [--limit N] [--workers N] [--no-vm]
                                [--report-only] [--list]
"""
import argparse
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import build  # noqa: E402
import cover  # noqa: E402
import mutants  # noqa: E402
import report  # noqa: E402
import state  # noqa: E402
import suite  # noqa: E402
import unit  # noqa: E402
import vm  # noqa: E402

TOP = os.path.dirname(os.path.dirname(HERE))
UNIT_NONE = 'unit tests: none killed'


class Progress:
    def __init__(self, total, done):
        self.total, self.done = total, done
        self.counts = {}
        self.tty = sys.stderr.isatty() and not os.environ.get('CI')
        self.lock = threading.Lock()

    def add(self, status):
        with self.lock:
            self.done += 1
            self.counts[status] = self.counts.get(status, 0) + 1
            if self.tty:
                c = self.counts
                sys.stderr.write(
                    '\rmutants %d/%d  killed %d  survived %d  timeout %d  '
                    'equivalent %d  build-failed %d ' % (
                        self.done, self.total, c.get('killed', 0),
                        c.get('survived', 0), c.get('timeout', 0),
                        c.get('equivalent', 0) + c.get('duplicate', 0),
                        c.get('build-failed', 0)))
                sys.stderr.flush()

    def end(self):
        if self.tty:
            sys.stderr.write('\n')


class Runner:
    def __init__(self, args, st):
        self.args, self.st = args, st
        self.out = args.out
        self.builder = build.Builder(TOP, self.out)
        self.kills = {}          # case -> mutants it killed (ordering)
        self.verified = {}       # case -> passes unmutated?
        self.by_hash = {}        # object hash -> first mutant id
        self.lock = threading.Lock()

    def order_file(self, slot):
        path = os.path.join(self.out, 'order.%d' % slot)
        with self.lock:
            ranked = sorted(self.kills, key=lambda c: -self.kills[c])
        with open(path, 'w') as f:
            f.write(''.join(c + '\n' for c in ranked))
        return path

    def verify(self, case, slot):
        with self.lock:
            if case in self.verified:
                return self.verified[case]
        ok = suite.passes(TOP, case, os.path.join(
            self.out, 'verify.%d.jsonl' % slot))
        with self.lock:
            self.verified[case] = ok
        return ok

    def one(self, m, slot):
        work = os.path.join(self.out, 'work', str(slot))
        status, detail = self.builder.build(m, work)
        killer, secs = '', 0.0
        if status == 'built':
            with self.lock:
                first = self.by_hash.setdefault(m.objhash, m.id)
            if first != m.id:
                status, detail = 'duplicate', 'same object code as ' + first
            else:
                status, killer, detail, secs = self.test(m, detail, slot)
                if status == 'survived':
                    status, killer, detail = self.unit_test(m, slot, detail)
        self.st.put(key=m.key, id=m.id, status=status, killer=killer,
                    seconds='%.1f' % secs, detail=detail, suite=self.suite)
        if status == 'killed' and not unit.is_unit(killer):
            with self.lock:
                self.kills[killer] = self.kills.get(killer, 0) + 1
        return status

    def unit_test(self, m, slot, suite_detail):
        """The suite let m through: do libsockref's unit tests kill it?"""
        status, killer, detail = self.units.run(
            m, os.path.join(self.out, 'work', str(slot), 'unit'))
        if status == 'killed':
            return status, killer, detail
        return 'survived', '', '; '.join(
            x for x in (suite_detail, detail, UNIT_NONE) if x)

    def case_list(self, m, slot):
        """The cases that reach m's function, most killing first: a
        file for --case-list; None for every case; '' for no case."""
        cases = cover.cases_for(self.cover, m.function)
        if cases is None:
            return None
        if not cases:
            return ''
        with self.lock:
            cases.sort(key=lambda c: -self.kills.get(c, 0))
        path = os.path.join(self.out, 'work', str(slot), 'cases')
        with open(path, 'w') as f:
            f.write(''.join(c + '\n' for c in cases))
        return path

    def test(self, m, adapter, slot):
        results = os.path.join(self.out, 'work', str(slot), 'results.jsonl')
        listed = self.case_list(m, slot)
        if listed == '':
            return 'survived', '', 'no case reaches %s' % m.function, 0.0
        for attempt in range(3):
            status, killer, detail, secs = suite.run(
                TOP, adapter, None if listed else self.order_file(slot),
                results, self.args.suite_jobs, self.args.wall,
                case_list=listed)
            # a kill counts only when the killing case passes unmutated
            # and fails again with the mutant; otherwise it was the
            # machine (a timing bound under load)
            if status != 'killed':
                return status, killer, detail, secs
            if not self.verify(killer, slot):
                detail += ' (killer flaky unmutated)'
                continue
            if suite.fails_again(TOP, adapter, killer, os.path.join(
                    self.out, 'work', str(slot), 'again.jsonl')):
                return status, killer, detail, secs
            detail = 'a failure of %s did not repeat' % killer
        return 'survived', '', detail, secs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--out', default=os.path.join(TOP, 'build/mutate'))
    ap.add_argument('--limit', type=int,
                    default=int(os.environ.get('MUTATE_LIMIT', '600')))
    ap.add_argument('--workers', type=int, default=2)
    ap.add_argument('--suite-jobs', type=int, default=2)
    ap.add_argument('--wall', type=int, default=240)
    ap.add_argument('--no-vm', action='store_true',
                    default=os.environ.get('MUTATE_VM') == '0')
    ap.add_argument('--report-only', action='store_true')
    ap.add_argument('--list', action='store_true')
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    every = mutants.generate(os.path.join(TOP, 'ref/src'))
    chosen = mutants.select(every, args.limit)
    if args.list:
        for m in chosen:
            print(m.id, m.where)
        return 0
    st = state.State(os.path.join(args.out, 'state.tsv'))
    if not args.report_only:
        r = Runner(args, st)
        r.builder.prepare()
        r.cover = cover.compute(TOP, args.out, r.builder,
                                sys.stderr.isatty() and
                                not os.environ.get('CI'))
        r.units = unit.Units(TOP, args.out, r.builder)
        r.units.prepare(sys.stderr.isatty() and not os.environ.get('CI'))
        # a survivor meets the suite and the unit tests again when either
        # has changed since
        r.suite = cover.tree_hash(TOP) + unit.tests_hash(TOP)[:8]
        host = [m for m in chosen if m.where == 'host']

        def pending(m):
            return state.stale(st.get(m.key), r.suite)
        todo = [m for m in host if pending(m)]
        # resumed: earlier kills order the cases again
        for m in host:
            row = st.get(m.key)
            if row and row['status'] == 'killed' and \
                    not unit.is_unit(row['killer']):
                r.kills[row['killer']] = r.kills.get(row['killer'], 0) + 1
        prog = Progress(len(host), len(host) - len(todo))
        slots = list(range(args.workers))
        slot_lock = threading.Lock()

        def task(m):
            with slot_lock:
                slot = slots.pop()
            try:
                prog.add(r.one(m, slot))
            finally:
                with slot_lock:
                    slots.append(slot)

        t0 = time.monotonic()
        with ThreadPoolExecutor(args.workers) as ex:
            list(ex.map(task, todo))
        prog.end()
        if not os.environ.get('CI'):
            print('host mutants: %d run in %.0f s' % (
                len(todo), time.monotonic() - t0), file=sys.stderr)
        guest = [m for m in chosen if m.where == 'vm']
        if not args.no_vm:
            vm.run_in_guest(TOP, args.out, r.builder, guest, st, r.suite)
        # the guest's survivors meet the unit tests here, on the host
        for m in guest:
            row = st.get(m.key)
            if row and row['status'] == 'survived' and \
                    UNIT_NONE not in row['detail']:
                r.builder.build(m, os.path.join(args.out, 'vm-work',
                                                m.id.replace(':', '_')))
                status, killer, detail = r.unit_test(m, 0, row['detail'])
                st.put(key=m.key, id=m.id, status=status, killer=killer,
                       seconds=row['seconds'], detail=detail, suite=r.suite)
    return report.write(TOP, args.out, chosen, st)


if __name__ == '__main__':
    sys.exit(main())
