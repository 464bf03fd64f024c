#!/usr/bin/env python3
"""report-synth.py CASES_DIR BASELINE NCOLS OUTDIR — results of a large
matrix without running it, for the page's tests: NCOLS columns
(implementation x kernel), one results file each under OUTDIR, a record
for every case of CASES_DIR in every column. A case's outcome is the
baseline's where the baseline has it, else passed; then, from a fixed
seed, one result in twelve is turned into another outcome, so that rows
differ. The same arguments give the same files.
"""
import json
import os
import random
import sys

# an implementation named NAME@PLATFORM is NAME run on PLATFORM
IMPLS = [("ref", "0.1.0"), ("ref-musl", "0.1.0"), ("ref-i386", "0.1.0"),
         ("cpython", "3.11.2"), ("pypy", "3.9.16"), ("gevent", "22.10.2"),
         ("eventlet", "0.33.1"), ("cpython3.9", "3.9.2"),
         ("cpython3.13", "3.13.5"), ("pypy3.7", "7.3.3"),
         ("gevent3.13", "24.2.1"), ("eventlet3.13", "0.36.1"),
         ("micropython", "1.19.1"), ("ref@aarch64-glibc", "0.1.0"),
         ("cpython@aarch64-glibc", "3.11.2"), ("pypy@aarch64-glibc", "3.9.16")]
PLATFORM = {"ref-musl": "x86_64-musl", "ref-i386": "i386-glibc"}
KERNELS = ["5.10.0-46-amd64", "6.1.0-56-amd64", "6.12.117+deb12-amd64",
           "6.18.44-host"]
OTHER = ["failed", "xfail", "skipped", "broken", "xpass", "flaky", "unsupported"]


def cases(root):
    found = []
    for dirpath, _, files in os.walk(root):
        for f in files:
            if f.endswith(".case"):
                rel = os.path.relpath(os.path.join(dirpath, f), root)
                found.append(rel[:-len(".case")])
    return sorted(found)


def main():
    root, baseline, ncols, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    base = {}
    with open(baseline, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            base[r["case"]] = r
    rng = random.Random(24)
    os.makedirs(out, exist_ok=True)
    names = cases(root)
    for k in range(ncols):
        impl, version = IMPLS[(k // len(KERNELS)) % len(IMPLS)]
        impl, _, platform = impl.partition("@")
        platform = platform or PLATFORM.get(impl, "x86_64-glibc")
        kernel = KERNELS[k % len(KERNELS)]
        if k >= len(IMPLS) * len(KERNELS):
            impl += "-%d" % (k // (len(IMPLS) * len(KERNELS)))
        with open(os.path.join(out, "%02d-%s@%s-%s.jsonl" % (k, impl, kernel, platform)),
                  "w", encoding="utf-8") as f:
            for name in names:
                b = base.get(name, {})
                outcome = b.get("outcome", "passed")
                reason = b.get("reason", "")
                if rng.random() < 1 / 12:
                    outcome = rng.choice(OTHER)
                    reason = "synthetic %s <b>&amp; \"quoted\"</b>" % outcome
                rec = {"case": name, "ids": b.get("ids", []), "impl": impl,
                       "impl_version": version, "kernel": kernel,
                       "arch": "x86_64", "libc": "glibc 2.36",
                       "platform": platform, "peer": "",
                       "outcome": outcome, "reason": reason,
                       "duration": round(rng.random(), 3), "detail": ""}
                f.write(json.dumps(rec) + "\n")


if __name__ == "__main__":
    main()
