"""Mutants of the AF_CAN, AF_TIPC and AF_RDS codecs, which only a guest
kernel exercises: built on the host, then run in ONE QEMU guest booting
the default kernel (vm/default-kernels, first line), which loops over
them (vm_guest.py) and hands back a line per mutant through vm/run's
--out share."""
import os
import shutil
import subprocess
import sys

import state as _state


def default_kernel(top):
    with open(os.path.join(top, 'vm/default-kernels')) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#'):
                return line
    raise RuntimeError('vm/default-kernels names no kernel')


def run_in_guest(top, out, builder, guest_mutants, st, suite=''):
    todo = []
    for m in guest_mutants:
        row = st.get(m.key)
        # as on the host: a verdict stands, except a survival reached
        # with other cases than these
        if not _state.stale(row, suite):
            continue
        work = os.path.join(out, 'vm-work', m.id.replace(':', '_'))
        status, detail = builder.build(m, work)
        if status != 'built':
            st.put(key=m.key, id=m.id, status=status, detail=detail,
                   seconds='0')
            continue
        todo.append((m, detail))
    if not todo:
        return
    listing = os.path.join(out, 'vm-list.tsv')
    with open(listing, 'w') as f:
        for m, exe in todo:
            f.write('%s\t%s\t%s\n' % (m.key, m.id, exe))
    share = os.path.join(out, 'vm-out')
    if os.path.isdir(share):
        shutil.rmtree(share)
    kernel = default_kernel(top)
    if sys.stderr.isatty() and not os.environ.get('CI'):
        print('guest %s: %d codec mutants' % (kernel, len(todo)),
              file=sys.stderr)
    timeout = 300 + 120 * len(todo)
    r = subprocess.run([os.path.join(top, 'vm/run'), '--kernel', kernel,
                        '--timeout', str(timeout), '--out', share, '--',
                        'python3', 'scripts/mutate/vm_guest.py', listing],
                       cwd=top, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT)
    got = os.path.join(share, 'mutants.tsv')
    done = set()
    if os.path.exists(got):
        with open(got) as f:
            for line in f:
                key, mid, status, killer, secs, detail = \
                    line.rstrip('\n').split('\t')
                st.put(key=key, id=mid, status=status, killer=killer,
                       seconds=secs, detail=detail + ' [guest ' + kernel + ']',
                       suite=suite)
                done.add(key)
    if len(done) < len(todo):
        tail = r.stdout.decode(errors='replace')[-400:]
        print('mutate: guest answered %d of %d codec mutants (vm/run exit '
              '%d): %s' % (len(done), len(todo), r.returncode, tail),
              file=sys.stderr)
