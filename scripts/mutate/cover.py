"""Which cases reach which functions of libsockref.

A coverage build of the ref adapter (libsockref compiled with
-finstrument-functions, funclog.c logging each function entered) runs
every host case alone, each with its own log; `nm` turns addresses into
function names. The map is kept in build/mutate/cover.tsv under a hash
of the sources and cases, so it is made again only when they change.

A mutant can only change what happens when its function runs, so the
cases that never enter that function cannot kill it: the runner gives a
mutant only the cases that reach its function (all of them when the
function is not known), and a mutant no case reaches survives at once.
"""
import glob
import hashlib
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import build


def tree_hash(top):
    h = hashlib.sha1()
    for pattern in ('ref/src/*.c', 'ref/src/*.h', 'conformance/cases/*/*.case',
                    'conformance/adapters/ref/*.c',
                    'scripts/mutate/funclog.c'):
        for p in sorted(glob.glob(os.path.join(top, pattern))):
            with open(p, 'rb') as f:
                h.update(p.encode() + f.read())
    return h.hexdigest()[:16]


def case_names(top, sockspec):
    r = subprocess.run([sockspec, 'list'], cwd=top, stdout=subprocess.PIPE,
                       check=True)
    names = []
    for line in r.stdout.decode().splitlines():
        name = line.split()[0] if line.strip() else ''
        if '/' in name:
            names.append(name)
    return names


def build_instrumented(top, out, b):
    d = os.path.join(out, 'cover')
    os.makedirs(d, exist_ok=True)
    objs = []
    for src in sorted(glob.glob(os.path.join(top, 'ref/src/*.c'))):
        obj = os.path.join(d, os.path.basename(src)[:-2] + '.o')
        subprocess.run([build.CC] + build.FLAGS + b.inc +
                       ['-finstrument-functions', '-c', src, '-o', obj],
                       check=True)
        objs.append(obj)
    log_obj = os.path.join(d, 'funclog.o')
    subprocess.run([build.CC] + build.FLAGS + [
        '-c', os.path.join(os.path.dirname(__file__), 'funclog.c'),
        '-o', log_obj], check=True)
    exe = os.path.join(d, 'ref-adapter')
    subprocess.run([build.CC, '-no-pie'] + b.adapter_objs + b.value_objs +
                   objs + [log_obj, '-lm', '-o', exe], check=True)
    return exe


def symbols(exe):
    out = {}
    r = subprocess.run(['nm', exe], stdout=subprocess.PIPE, check=True)
    for line in r.stdout.decode().splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in 'tT':
            # foo.part.0, foo.constprop.0, foo.isra.0: foo's code
            out[int(parts[0], 16)] = parts[2].split('.')[0]
    return out


def compute(top, out, b, progress):
    path = os.path.join(out, 'cover.tsv')
    want = tree_hash(top)
    if os.path.exists(path):
        with open(path) as f:
            lines = f.read().splitlines()
        if lines and lines[0] == '# ' + want:
            return parse(lines[1:])
    exe = build_instrumented(top, out, b)
    syms = symbols(exe)
    sockspec = os.path.join(top, 'build/sockspec')
    names = case_names(top, sockspec)
    logs = os.path.join(out, 'cover', 'logs')
    os.makedirs(logs, exist_ok=True)
    done = [0]

    def one(name):
        log = os.path.join(logs, name.replace('/', '__') + '.log')
        if os.path.exists(log):
            os.unlink(log)
        env = dict(os.environ, SOCKSPEC_REF_ADAPTER=exe,
                   SOCKSPEC_FUNCLOG=log)
        subprocess.run([sockspec, 'run', '--impl', 'ref', '--jobs', '1',
                        '--cases', name], cwd=top, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        funcs = set()
        if os.path.exists(log):
            with open(log) as f:
                for line in f:
                    a = int(line.strip(), 16)
                    if a in syms:
                        funcs.add(syms[a])
        done[0] += 1
        if progress:
            sys.stderr.write('\rcoverage: cases %d/%d ' % (done[0],
                                                            len(names)))
        return name, funcs

    with ThreadPoolExecutor(4) as ex:
        rows = list(ex.map(one, names))
    if progress:
        sys.stderr.write('\n')
    with open(path, 'w') as f:
        f.write('# ' + want + '\n')
        f.write('*\t%s\n' % ' '.join(sorted(set(syms.values()))))
        for name, funcs in rows:
            f.write('%s\t%s\n' % (name, ' '.join(sorted(funcs))))
    with open(path) as f:
        return parse(f.read().splitlines()[1:])


def parse(lines):
    cover = {}
    for line in lines:
        name, _, funcs = line.partition('\t')
        cover[name] = set(funcs.split())
    return cover


def cases_for(cover, function):
    """The cases that enter function; None when no case's log knows the
    name (file-level code, or a name the source heuristic got wrong)."""
    if not function or not re.match(r'^\w+$', function) or \
            function not in cover.get('*', ()):
        return None
    return sorted(c for c, fs in cover.items() if c != '*' and function in fs)
