#!/usr/bin/env python3
"""kcidb_check.py DOC ORIGIN RESULTS... — hold a `sockspec kcidb` document
to the constraints of KCIDB's I/O schema v5.3 that sockspec's output
touches, written out here as plain checks (no copy of the schema), and to
the records it was made from. Prints "kcidb: N tests, ... ok" or every
fault, one a line, and exits 1.

Checked: version 5.3; no null anywhere; only the schema's properties on
each object (anything else belongs in misc); ids ORIGIN:local with ORIGIN
[a-z0-9_]+, the object's origin the same, unique per object type; links
(build -> checkout, test -> build, incident -> issue and test, with the
issue's version); one checkout per kernel, one build per kernel x arch
with architecture [a-z0-9_]*, config_name and the Debian version in misc
when `uname -v` names one; one test per record, its path
sockspec.AREA.CASE mapped by this file's own rule, dot-parts of
[a-zA-Z0-9_-]; status from the outcome (xfail is FAIL or ERROR, never
XFAIL); duration, implementation and version in misc; every xfail linked
to an issue with culprit.code true and a comment, present; every xpass's
incidents absent."""
import json
import re
import sys

PROPS = {
    "checkout": {"_timestamp", "id", "origin", "tree_name", "git_repository_url",
                 "git_commit_hash", "git_commit_name", "git_commit_tags",
                 "git_commit_message", "git_repository_branch",
                 "git_repository_branch_tip", "patchset_files", "patchset_hash",
                 "message_id", "comment", "start_time", "origin_builds_finish_time",
                 "origin_tests_finish_time", "log_url", "log_excerpt", "valid", "misc"},
    "build": {"_timestamp", "checkout_id", "id", "origin", "comment", "start_time",
              "duration", "architecture", "command", "compiler", "input_files",
              "output_files", "config_name", "config_url", "log_url", "log_excerpt",
              "status", "misc"},
    "test": {"_timestamp", "build_id", "id", "origin", "environment", "path", "comment",
             "log_url", "log_excerpt", "status", "number", "start_time", "duration",
             "input_files", "output_files", "misc"},
    "issue": {"_timestamp", "id", "version", "origin", "categories", "report_url",
              "report_subject", "culprit", "comment", "misc"},
    "incident": {"_timestamp", "id", "origin", "issue_id", "issue_version", "build_id",
                 "test_id", "present", "comment", "misc"},
}
REQUIRED = {"checkout": {"id", "origin"}, "build": {"checkout_id", "id", "origin"},
            "test": {"build_id", "id", "origin"}, "issue": {"id", "version", "origin"},
            "incident": {"id", "origin", "issue_id", "issue_version"}}
LISTS = {"checkouts": "checkout", "builds": "build", "tests": "test",
         "issues": "issue", "incidents": "incident"}
STATUS = {"FAIL", "ERROR", "MISS", "PASS", "DONE", "SKIP"}
PART = re.compile(r"^[a-zA-Z0-9_-]+$")
faults = []


def fault(msg):
    faults.append(msg)


def no_nulls(v, where):
    if v is None:
        fault(f"{where}: null")
    elif isinstance(v, dict):
        for k, x in v.items():
            no_nulls(x, f"{where}.{k}")
    elif isinstance(v, list):
        for i, x in enumerate(v):
            no_nulls(x, f"{where}[{i}]")
    elif isinstance(v, str) and "\0" in v:
        fault(f"{where}: NUL in a string")


def test_path(case):
    out = []
    for part in case.split("/"):
        s = ""
        for b in part.encode():
            c = chr(b)
            s += c if (c.isascii() and (c.isalnum() or c == "-")) else "_%02x" % b
        out.append(s)
    return "sockspec." + ".".join(out)


def main():
    doc_file, origin, results = sys.argv[1], sys.argv[2], sys.argv[3:]
    doc = json.load(open(doc_file))
    recs = [json.loads(l) for f in results for l in open(f) if l.strip()]
    no_nulls(doc, "$")
    if doc.get("version") != {"major": 5, "minor": 3}:
        fault(f"version {doc.get('version')!r}, not 5.3")
    for k in doc:
        if k != "version" and k not in LISTS:
            fault(f"top-level property {k!r}")
    if not re.fullmatch(r"[a-z0-9_]+", origin):
        fault(f"origin {origin!r}")
    ids = {}
    for lst, kind in LISTS.items():
        ids[kind] = {}
        for i, o in enumerate(doc.get(lst, [])):
            where = f"{lst}[{i}]"
            for k in set(o) - PROPS[kind]:
                fault(f"{where}: {k!r} is no property of a {kind} (misc is)")
            for k in REQUIRED[kind] - set(o):
                fault(f"{where}: no {k!r}")
            if o.get("origin") != origin:
                fault(f"{where}: origin {o.get('origin')!r}")
            for k, v in o.items():
                if k == "id" or k.endswith("_id"):
                    if not isinstance(v, str) or not v.startswith(origin + ":") \
                            or not re.fullmatch(r"[a-z0-9_]+:.*", v, re.S):
                        fault(f"{where}.{k}: {v!r} is not {origin}:LOCAL")
            if "misc" in o and not isinstance(o["misc"], dict):
                fault(f"{where}.misc is not an object")
            if o.get("id") in ids[kind]:
                fault(f"{where}: id {o.get('id')} twice")
            ids[kind][o.get("id")] = o
    checkouts, builds, tests = ids["checkout"], ids["build"], ids["test"]
    issues, incidents = ids["issue"], ids["incident"]
    # kernels
    kernels = {r["kernel"] for r in recs}
    kernel_arch = {(r["kernel"], r["arch"]) for r in recs}
    if len(checkouts) != len(kernels):
        fault(f"{len(checkouts)} checkouts for {len(kernels)} kernels")
    if len(builds) != len(kernel_arch):
        fault(f"{len(builds)} builds for {len(kernel_arch)} kernel x arch")
    for b in builds.values():
        if b.get("checkout_id") not in checkouts:
            fault(f"build {b['id']}: no checkout {b.get('checkout_id')}")
        if not re.fullmatch(r"[a-z0-9_]*", b.get("architecture", "")):
            fault(f"build {b['id']}: architecture {b.get('architecture')!r}")
        for k in ("architecture", "config_name"):
            if not b.get(k):
                fault(f"build {b['id']}: no {k}")
        if b.get("status", "PASS") not in STATUS:
            fault(f"build {b['id']}: status {b.get('status')!r}")
    for r in recs:
        m = re.search(r"Debian ([0-9][^ ()]*)", r.get("kernel_version", ""))
        if not m:
            continue
        bs = [b for b in builds.values() if b["misc"].get("kernel_release") == r["kernel"]]
        if not bs or any(b["misc"].get("debian_version") != m.group(1) for b in bs):
            fault(f"kernel {r['kernel']}: Debian version {m.group(1)} not in its build's misc")
        if any(not b.get("config_name", "").startswith("debian") for b in bs):
            fault(f"kernel {r['kernel']}: config_name not debian-*")
    # tests: one a record
    if len(tests) != len(recs):
        fault(f"{len(tests)} tests for {len(recs)} records")
    by_cell = {}
    for t in tests.values():
        mi = t.get("misc", {})
        by_cell[(mi.get("case"), mi.get("implementation"), mi.get("peer", ""),
                 mi.get("platform", ""), t.get("build_id"))] = t
        if t.get("build_id") not in builds:
            fault(f"test {t['id']}: no build {t.get('build_id')}")
        if t.get("status") not in STATUS:
            fault(f"test {t['id']}: status {t.get('status')!r}")
        parts = t.get("path", "").split(".")
        if not all(PART.match(p) for p in parts) or parts[0] != "sockspec":
            fault(f"test {t['id']}: path {t.get('path')!r}")
        for k in ("implementation", "implementation_version"):
            if not isinstance(mi.get(k), str):
                fault(f"test {t['id']}: misc.{k} missing")
        for s in mi.get("socket_rst", []):
            if not re.fullmatch(r"socket\.rst:[0-9]+", s):
                fault(f"test {t['id']}: socket_rst {s!r}")
        if len(t.get("log_excerpt", "")) > 16384:
            fault(f"test {t['id']}: log_excerpt over 16384 characters")
    inc_of = {}
    for inc in incidents.values():
        iss = issues.get(inc.get("issue_id"))
        if not iss:
            fault(f"incident {inc['id']}: no issue {inc.get('issue_id')}")
        elif inc.get("issue_version") != iss.get("version"):
            fault(f"incident {inc['id']}: issue_version {inc.get('issue_version')}")
        if inc.get("test_id") not in tests:
            fault(f"incident {inc['id']}: no test {inc.get('test_id')}")
        inc_of.setdefault(inc.get("test_id"), []).append(inc)
    for iss in issues.values():
        if iss.get("culprit", {}).get("code") is not True or not iss.get("comment"):
            fault(f"issue {iss['id']}: culprit.code not true, or no comment")
        if not isinstance(iss.get("version"), int) or iss["version"] < 0:
            fault(f"issue {iss['id']}: version {iss.get('version')!r}")
    status_of = {"passed": {"PASS"}, "failed": {"FAIL"}, "broken": {"ERROR"},
                 "skipped": {"SKIP"}, "xfail": {"FAIL", "ERROR"}, "xpass": {"PASS"},
                 "unsupported": {"SKIP"}, "flaky": {"PASS"}}
    for r in recs:
        cands = [t for (c, i, p, pl, _b), t in by_cell.items()
                 if c == r["case"] and i == r["impl"] and p == r.get("peer", "")
                 and pl == r.get("platform", "")
                 and builds.get(t["build_id"], {}).get("misc", {}).get("kernel_release") == r["kernel"]]
        if len(cands) != 1:
            fault(f"record {r['case']} {r['impl']}@{r['kernel']}: {len(cands)} tests")
            continue
        t = cands[0]
        if t["path"] != test_path(r["case"]):
            fault(f"test {t['id']}: path {t['path']}, not {test_path(r['case'])}")
        if t["status"] not in status_of.get(r["outcome"], {"ERROR"}):
            fault(f"test {t['id']}: status {t['status']} for {r['outcome']}")
        if "duration" in r and t.get("duration") != r["duration"]:
            fault(f"test {t['id']}: duration {t.get('duration')} for {r['duration']}")
        if t["misc"].get("implementation_version") != r.get("impl_version", ""):
            fault(f"test {t['id']}: implementation_version")
        incs = inc_of.get(t["id"], [])
        if r["outcome"] == "xfail" and (not incs or not all(i["present"] is True for i in incs)):
            fault(f"test {t['id']}: an xfail without a present incident")
        if r["outcome"] == "xpass" and any(i["present"] is not False for i in incs):
            fault(f"test {t['id']}: an xpass with a present incident")
        if r["outcome"] not in ("xfail", "xpass") and incs:
            fault(f"test {t['id']}: incidents on a {r['outcome']}")
    if faults:
        for f in faults:
            print(f)
        sys.exit(1)
    print(f"kcidb: {len(tests)} tests, {len(builds)} builds, {len(checkouts)} checkouts, "
          f"{len(issues)} issues, {len(incidents)} incidents ok")


main()
