"""Extract the ELF vmlinux from a bzImage: find a compressed payload by its
magic bytes (xz, zstd, gzip), decompress it, and keep the first result that
is an ELF file. Usage: extract-vmlinux.py BZIMAGE OUT"""
import gzip
import lzma
import subprocess
import sys

MAGICS = [(b'\xfd7zXZ\x00', 'xz'), (b'\x28\xb5\x2f\xfd', 'zstd'),
          (b'\x1f\x8b\x08', 'gzip')]


def attempt(data, kind):
    if kind == 'xz':
        return lzma.LZMADecompressor().decompress(data)
    if kind == 'gzip':
        return gzip.GzipFile(fileobj=__import__('io').BytesIO(data)).read()
    # zstd: the command-line tool, if present
    p = subprocess.run(['zstd', '-dc'], input=data, capture_output=True)
    return p.stdout


def main():
    src, out = sys.argv[1], sys.argv[2]
    data = open(src, 'rb').read()
    for magic, kind in MAGICS:
        at = data.find(magic)
        while at >= 0:
            try:
                payload = attempt(data[at:], kind)
            except Exception:
                payload = b''
            if payload[:4] == b'\x7fELF':
                open(out, 'wb').write(payload)
                return 0
            at = data.find(magic, at + 1)
    sys.stderr.write('extract-vmlinux: no ELF payload in %s\n' % src)
    return 1


if __name__ == '__main__':
    sys.exit(main())
