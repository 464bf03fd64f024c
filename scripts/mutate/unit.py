"""libsockref's own unit tests (ref/tests, atf-c) against one mutant.

A mutant the conformance suite let through is then tried by the unit
tests, which call the public C API directly: NULL pointers, any bytes to
a decoder, C-only helpers, a failing allocation. Each test program is
linked against the mutated library twice, plain and with ASan/UBSan/LSan
(as `make asan-tests` builds them), so a leak or an out-of-bounds access
kills too. Only the test cases that enter the mutant's function run (a
-finstrument-functions build maps test case -> functions, cached in
build/mutate/unit-cover.tsv like cover.py's map), each alone in a fresh
directory as Kyua runs it; a kill counts only when that test case passes
against the unmutated library, and it is named `unit:PROGRAM:CASE`
(`unit-asan:...` for the sanitizer build).

Link flags a test program needs beyond the library and atf-c are read
from a `/* link: FLAGS */` line of its source, as the Makefile reads them
(e.g. t_alloc's failalloc.c and its -Wl,--wrap=malloc ...; a FILE.c word
is a source of ref/tests compiled and linked in with the program).
"""
import glob
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import threading

import build
import cover

PLAIN = ['-std=c11', '-D_GNU_SOURCE', '-Wall', '-Wextra', '-Werror', '-O1',
         '-g0']
SAN = ['-std=c11', '-D_GNU_SOURCE', '-Wall', '-Wextra', '-Werror', '-O1',
       '-g', '-fsanitize=address,undefined', '-fno-sanitize-recover=all',
       '-fno-omit-frame-pointer']
LIBS = ['-latf-c', '-lpthread', '-lm']
CASE_SECONDS = 60
FLAVOURS = (('unit', PLAIN), ('unit-asan', SAN))


def is_unit(killer):
    """Was this kill made by a unit test (not a conformance case)?"""
    return killer.startswith(('unit:', 'unit-asan:'))


def tests_hash(top):
    h = hashlib.sha1()
    for pattern in ('ref/src/*.c', 'ref/src/*.h', 'ref/include/*.h',
                    'ref/tests/*.c', 'ref/tests/*.h',
                    'scripts/mutate/funclog.c'):
        for p in sorted(glob.glob(os.path.join(top, pattern))):
            with open(p, 'rb') as f:
                h.update(p.encode() + f.read())
    return h.hexdigest()[:16]


def link_flags(src):
    with open(src) as f:
        # the Makefile's TEST_LINK reads the same line
        m = re.search(r'^/\* link: (.*) \*/$', f.read(), re.M)
    return m.group(1).split() if m else []


class Units:
    """The unit tests, compiled once; linked and run per mutant."""

    def __init__(self, top, out, builder):
        self.top, self.out, self.b = top, out, builder
        self.base = os.path.join(out, 'unit-base')
        os.makedirs(self.base, exist_ok=True)
        self.inc = ['-I' + os.path.join(top, 'ref/include'),
                    '-I' + os.path.join(top, 'ref/src')]
        self.lock = threading.Lock()
        self.verified = {}

    def cc(self, flags, src, obj, text=None):
        cmd = [build.CC] + flags + self.inc + [
            '-iquote', os.path.join(self.top, 'ref/src')]
        if text is None:
            cmd += ['-c', src, '-o', obj]
        else:
            cmd += ['-x', 'c', '-c', '-', '-o', obj]
        r = subprocess.run(cmd, input=text.encode() if text else None,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if r.returncode:
            raise RuntimeError('%s: %s' % (src, r.stdout.decode()[-400:]))

    def prepare(self, progress=False):
        srcs = sorted(glob.glob(os.path.join(self.top, 'ref/tests/t_*.c')))
        self.programs = {os.path.basename(s)[:-2]: s for s in srcs}
        self.test_objs = {}
        self.lib_objs = {}
        self.extra = {}
        for flavour, flags in FLAVOURS:
            d = os.path.join(self.base, flavour)
            os.makedirs(d, exist_ok=True)
            for name, src in self.programs.items():
                obj = os.path.join(d, name + '.o')
                self.cc(flags, src, obj)
                self.test_objs[flavour, name] = obj
                words = []
                for w in link_flags(src):
                    if w.endswith('.c'):
                        o = os.path.join(d, 'with-' + w[:-2] + '.o')
                        self.cc(flags, os.path.join(self.top, 'ref/tests',
                                                    w), o)
                        w = o
                    words.append(w)
                self.extra[flavour, name] = words
            for src in sorted(glob.glob(os.path.join(self.top,
                                                     'ref/src/*.c'))):
                n = os.path.basename(src)
                obj = os.path.join(d, 'lib-' + n[:-2] + '.o')
                self.cc(flags, src, obj)
                self.lib_objs[flavour, n] = obj
        self.cover = self.coverage(progress)

    # --- which test cases enter which function -------------------------

    def coverage(self, progress):
        path = os.path.join(self.out, 'unit-cover.tsv')
        want = tests_hash(self.top)
        if os.path.exists(path):
            with open(path) as f:
                lines = f.read().splitlines()
            if lines and lines[0] == '# ' + want:
                return cover.parse(lines[1:])
        d = os.path.join(self.out, 'unit-cover')
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        lib = []
        for src in sorted(glob.glob(os.path.join(self.top, 'ref/src/*.c'))):
            obj = os.path.join(d, os.path.basename(src)[:-2] + '.o')
            self.cc(PLAIN + ['-finstrument-functions'], src, obj)
            lib.append(obj)
        log_obj = os.path.join(d, 'funclog.o')
        self.cc(PLAIN, os.path.join(os.path.dirname(__file__), 'funclog.c'),
                log_obj)
        rows = []
        names = sorted(self.programs)
        for i, name in enumerate(names):
            exe = os.path.join(d, name)
            self.link([self.test_objs['unit', name]] + lib + [log_obj],
                      exe, name, ['-no-pie'])
            syms = cover.symbols(exe)
            for case in self.cases(exe):
                log = os.path.join(d, 'log')
                if os.path.exists(log):
                    os.unlink(log)
                run_case(exe, case, {'SOCKSPEC_FUNCLOG': log})
                funcs = set()
                if os.path.exists(log):
                    with open(log) as f:
                        for line in f:
                            a = int(line.strip(), 16)
                            if a in syms:
                                funcs.add(syms[a])
                rows.append(('%s:%s' % (name, case), funcs))
            if progress:
                import sys
                sys.stderr.write('\runit coverage: programs %d/%d ' % (
                    i + 1, len(names)))
        with open(path, 'w') as f:
            f.write('# ' + want + '\n')
            every = set()
            for _, fs in rows:
                every |= fs
            f.write('*\t%s\n' % ' '.join(sorted(every)))
            for name, funcs in rows:
                f.write('%s\t%s\n' % (name, ' '.join(sorted(funcs))))
        with open(path) as f:
            return cover.parse(f.read().splitlines()[1:])

    def cases(self, exe):
        r = subprocess.run([exe, '-l'], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL)
        return [line.split(':', 1)[1].strip()
                for line in r.stdout.decode().splitlines()
                if line.startswith('ident:')]

    def link(self, objs, exe, name, extra=(), flavour='unit'):
        san = ['-fsanitize=address,undefined'] if flavour == 'unit-asan' \
            else []
        r = subprocess.run([build.CC] + list(extra) + san + objs +
                           self.extra[flavour, name] + LIBS +
                           ['-o', exe], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
        if r.returncode:
            raise RuntimeError('link %s: %s' % (name,
                                                r.stdout.decode()[-400:]))

    # --- one mutant -----------------------------------------------------

    def tests_for(self, function):
        """(program, case) pairs entering function; all when unknown."""
        known = cover.cases_for(self.cover, function)
        names = known if known is not None else sorted(
            c for c in self.cover if c != '*')
        return [tuple(n.split(':', 1)) for n in names]

    def passes_unmutated(self, flavour, prog, case, work):
        key = (flavour, prog, case)
        with self.lock:
            if key in self.verified:
                return self.verified[key]
        exe = os.path.join(work, 'base-%s-%s' % (flavour, prog))
        if not os.path.exists(exe):
            self.link([self.test_objs[flavour, prog]] +
                      [o for (f, _), o in sorted(self.lib_objs.items())
                       if f == flavour], exe, prog, flavour=flavour)
        ok = run_case(exe, case)[0] in ('passed', 'skipped')
        with self.lock:
            self.verified[key] = ok
        return ok

    def run(self, m, work):
        """('killed', 'unit:PROG:CASE', detail) or ('survived', '', '')."""
        tests = self.tests_for(m.function)
        if not tests:
            return 'survived', '', 'no unit test enters %s' % m.function
        os.makedirs(work, exist_ok=True)
        for flavour, flags in FLAVOURS:
            obj = os.path.join(work, '%s-%s.o' % (flavour, m.file[:-2]))
            try:
                self.cc(flags, m.file, obj, text=m.mutated)
            except RuntimeError as e:
                return 'survived', '', 'unit build failed: %s' % e
            lib = [o for (f, n), o in sorted(self.lib_objs.items())
                   if f == flavour and n != m.file] + [obj]
            linked = {}
            for prog, case in tests:
                if prog not in self.programs:
                    continue
                if prog not in linked:
                    exe = os.path.join(work, '%s-%s' % (flavour, prog))
                    self.link([self.test_objs[flavour, prog]] + lib, exe,
                              prog, flavour=flavour)
                    linked[prog] = exe
                outcome, why = run_case(linked[prog], case)
                if outcome in ('passed', 'skipped', 'expected_failure'):
                    continue
                if self.passes_unmutated(flavour, prog, case, work):
                    return ('killed', '%s:%s:%s' % (flavour, prog, case),
                            '%s: %s' % (outcome, why[:300]))
        return 'survived', '', ''


def run_case(exe, case, env_extra=None):
    """Run one atf-c test case as Kyua would: alone, in a fresh work
    directory that is also HOME and TMPDIR. (outcome, reason); a crash
    or a hang is 'broken'."""
    d = tempfile.mkdtemp(prefix='unit-')
    res = os.path.join(d, 'result')
    env = dict(os.environ, HOME=d, TMPDIR=d)
    env.pop('SOCKSPEC_FUNCLOG', None)
    env.update(env_extra or {})
    try:
        p = subprocess.Popen([os.path.abspath(exe), '-r', res, case], cwd=d, env=env,
                             stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, start_new_session=True)
        try:
            _, err = p.communicate(timeout=CASE_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, 9)
            p.communicate()
            return 'broken', 'timed out after %d s' % CASE_SECONDS
        text = ''
        if os.path.exists(res):
            with open(res) as f:
                text = f.read().strip()
        if p.returncode < 0 or not text:
            return 'broken', 'exit %d: %s' % (
                p.returncode, err.decode(errors='replace')[-200:])
        outcome, _, why = text.partition(':')
        if outcome == 'passed' and p.returncode != 0:
            # a sanitizer report after the body (LSan at exit)
            return 'broken', err.decode(errors='replace')[-200:]
        return outcome, why.strip()
    finally:
        shutil.rmtree(d, ignore_errors=True)
