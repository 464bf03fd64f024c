"""Building one mutant's ref adapter.

The unmutated objects come from the project's own build (build/obj for
libsockref, build/conf/lang/value*.o for the adapter's value library); the
adapter's own sources are compiled once into build/mutate/base. A
mutant costs one compile of its file and one link.

Every object here is compiled from standard input without debug
information, so two texts that compile to the same machine code give
byte-identical objects: a mutant whose object equals the unmutated one
is *equivalent by compilation* (the compiler proved it changes nothing:
`fd < 1` for `fd <= 0`), and one whose object equals an earlier
mutant's is a duplicate of that mutant.
"""
import glob
import hashlib
import os
import subprocess

CC = os.environ.get('CC', 'cc')
FLAGS = ['-std=c11', '-D_GNU_SOURCE', '-Wall', '-Wextra', '-Werror', '-O2',
         '-g0', '-fPIC']


class Builder:
    def __init__(self, top, out):
        self.top, self.out = top, out
        self.base = os.path.join(out, 'base')
        os.makedirs(self.base, exist_ok=True)
        self.inc = ['-I' + os.path.join(top, 'ref/include'),
                    '-I' + os.path.join(top, 'ref/src'),
                    '-I' + os.path.join(top, 'conformance/src')]
        self.original = {}

    def compile_text(self, text, obj, name):
        """Compile C text as ref/src/NAME would be; '' or the errors."""
        # -iquote: the text's own "internal.h" resolves as from ref/src
        r = subprocess.run([CC] + FLAGS + self.inc + [
            '-iquote', os.path.join(self.top, 'ref/src'),
            '-x', 'c', '-c', '-', '-o', obj], input=text.encode(),
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        return '' if r.returncode == 0 else r.stdout.decode(errors='replace')

    def prepare(self):
        """Adapter objects once; the hash of each unmutated file's object."""
        self.adapter_objs = []
        for src in sorted(glob.glob(os.path.join(
                self.top, 'conformance/adapters/ref/*.c'))):
            obj = os.path.join(self.base, 'adapter-' +
                               os.path.basename(src)[:-2] + '.o')
            subprocess.run([CC] + FLAGS + self.inc + ['-c', src, '-o', obj],
                           check=True)
            self.adapter_objs.append(obj)
        self.value_objs = sorted(glob.glob(os.path.join(
            self.top, 'build/conf/lang/value*.o')))
        self.lib_objs = {}
        for src in sorted(glob.glob(os.path.join(self.top, 'ref/src/*.c'))):
            name = os.path.basename(src)
            obj = os.path.join(self.base, name[:-2] + '.o')
            with open(src) as f:
                err = self.compile_text(f.read(), obj, name)
            if err:
                raise RuntimeError('unmutated %s does not build:\n%s' %
                                   (name, err))
            self.lib_objs[name] = obj
            self.original[name] = digest(obj)
        if not self.value_objs:
            raise RuntimeError('build/conf/lang/value*.o missing: run make first')

    def build(self, mutant, work):
        """Build mutant's adapter under work. Returns (status, detail):
        ('built', path), ('equivalent', ''), ('build-failed', errors)."""
        os.makedirs(work, exist_ok=True)
        obj = os.path.join(work, mutant.file[:-2] + '.o')
        err = self.compile_text(mutant.mutated, obj, mutant.file)
        if err:
            return 'build-failed', err.strip().splitlines()[0][:200]
        h = digest(obj)
        mutant.objhash = h
        if h == self.original[mutant.file]:
            return 'equivalent', 'compiles to the unmutated object code'
        exe = os.path.join(work, 'ref-adapter')
        objs = [o for n, o in sorted(self.lib_objs.items())
                if n != mutant.file] + [obj]
        r = subprocess.run([CC] + self.adapter_objs + self.value_objs + objs +
                           ['-lm', '-o', exe], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
        if r.returncode != 0:
            return 'build-failed', r.stdout.decode(errors='replace')[:200]
        return 'built', exe


def digest(path):
    with open(path, 'rb') as f:
        return hashlib.sha1(f.read()).hexdigest()
