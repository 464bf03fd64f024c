#!/usr/bin/env python3
"""kcidb_check.py DOC ORIGIN RESULTS... — hold a `sockspec kcidb` document
to the constraints of KCIDB's I/O schema v5.3, written out here as plain
checks (no copy of the schema), and to the records it was made from.
Prints "kcidb: N tests, ... ok" or every fault, one a line, and exits 1.

Checked against the schema: the text is UTF-8 JSON with finite numbers
(no NaN, Infinity or 1e400); version 5.3; no null anywhere and no NUL in
any string; only the schema's properties on each object and on its
nested objects (culprit, environment, number, resources; anything else
belongs in misc), the required ones present; each property's kind of
value: strings, booleans, numbers (a JSON true is none), integers >= 0
for versions, the status enum, ids ORIGIN:local with ORIGIN [a-z0-9_]+,
paths of dot-parts [a-zA-Z0-9_-], architecture [a-z0-9_]*, log_excerpt
at most 16384 characters, RFC 3339 date-times, URIs with a scheme
(https:// for a git repository), e-mail addresses with an @, commit and
patchset hashes.

Checked against sockspec's own rules: the object's origin the given one,
ids unique per object type; links (build -> checkout, test -> build,
incident -> issue and test, with the issue's version); one checkout per
kernel, one build per kernel x arch with an architecture, config_name and
the Debian version in misc when `uname -v` names one; one test per
record, its path sockspec.AREA.CASE mapped by this file's own rule;
status from the outcome (xfail is FAIL or ERROR, never XFAIL); duration,
implementation and version in misc; every xfail linked to an issue with
culprit.code true and a comment, present; every xpass's incidents
absent."""
import datetime
import json
import math
import re
import sys

# Every property KCIDB v5.3 defines on each object, with the kind of value
# it takes (the kinds are checked by value_fault() below); anything else
# belongs in misc. Required ones are in REQUIRED.
TEXT, ID, TIME, URI = "text", "id", "time", "uri"
PROPS = {
    "checkout": {"_timestamp": TIME, "id": ID, "origin": "origin", "tree_name": TEXT,
                 "git_repository_url": "https", "git_commit_hash": "sha1",
                 "git_commit_name": TEXT, "git_commit_tags": "texts",
                 "git_commit_message": TEXT, "git_repository_branch": TEXT,
                 "git_repository_branch_tip": "bool", "patchset_files": "resources",
                 "patchset_hash": "sha256?", "message_id": "email", "comment": TEXT,
                 "start_time": TIME, "origin_builds_finish_time": TIME,
                 "origin_tests_finish_time": TIME, "log_url": URI,
                 "log_excerpt": "excerpt", "valid": "bool", "misc": "object"},
    "build": {"_timestamp": TIME, "checkout_id": ID, "id": ID, "origin": "origin",
              "comment": TEXT, "start_time": TIME, "duration": "number",
              "architecture": "arch", "command": TEXT, "compiler": TEXT,
              "input_files": "resources", "output_files": "resources",
              "config_name": TEXT, "config_url": URI, "log_url": URI,
              "log_excerpt": "excerpt", "status": "status", "misc": "object"},
    "test": {"_timestamp": TIME, "build_id": ID, "id": ID, "origin": "origin",
             "environment": "environment", "path": "path", "comment": TEXT,
             "log_url": URI, "log_excerpt": "excerpt", "status": "status",
             "number": "measure", "start_time": TIME, "duration": "number",
             "input_files": "resources", "output_files": "resources", "misc": "object"},
    "issue": {"_timestamp": TIME, "id": ID, "version": "count", "origin": "origin",
              "categories": "paths", "report_url": URI, "report_subject": TEXT,
              "culprit": "culprit", "comment": TEXT, "misc": "object"},
    "incident": {"_timestamp": TIME, "id": ID, "origin": "origin", "issue_id": ID,
                 "issue_version": "count", "build_id": ID, "test_id": ID,
                 "present": "bool", "comment": TEXT, "misc": "object"},
}
REQUIRED = {"checkout": {"id", "origin"}, "build": {"checkout_id", "id", "origin"},
            "test": {"build_id", "id", "origin"}, "issue": {"id", "version", "origin"},
            "incident": {"id", "origin", "issue_id", "issue_version"}}
LISTS = {"checkouts": "checkout", "builds": "build", "tests": "test",
         "issues": "issue", "incidents": "incident"}
STATUS = {"FAIL", "ERROR", "MISS", "PASS", "DONE", "SKIP"}
PART = re.compile(r"^[a-zA-Z0-9_-]+$")
# RFC 3339 date-time (the schema's format "date-time"), checked for range
# by datetime below
TIME_RE = re.compile(r"(\d{4})-(\d\d)-(\d\d)[Tt](\d\d):(\d\d):(\d\d)(\.\d+)?"
                     r"([Zz]|[+-](\d\d):(\d\d))")
# an absolute URI (format "uri"): a scheme, a colon, no blank or control
URI_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20\x7f<>\"{}|\\^`]*")
faults = []


def fault(msg):
    faults.append(msg)


def is_num(v):
    # JSON true/false are no numbers, whatever Python's bool says
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def time_ok(v):
    m = TIME_RE.fullmatch(v)
    if not m:
        return False
    y, mo, d, h, mi, sec = (int(g) for g in m.groups()[:6])
    try:
        datetime.datetime(y, mo, d, h, mi, min(sec, 59))
    except ValueError:
        return False
    return sec <= 60 and (m.group(9) is None or
                          (int(m.group(9)) < 24 and int(m.group(10)) < 60))


def value_fault(kind, v):
    """Why v is not a value of that kind, or None."""
    if kind == "object":
        return None if isinstance(v, dict) else "not an object"
    if kind == "bool":
        return None if isinstance(v, bool) else "not true or false"
    if kind == "number":
        return None if is_num(v) else "not a number"
    if kind == "count":
        return None if isinstance(v, int) and not isinstance(v, bool) and v >= 0 \
            else "not an integer >= 0"
    if kind in ("texts", "paths", "resources"):
        if not isinstance(v, list):
            return "not a list"
        item = {"texts": TEXT, "paths": "path", "resources": "resource"}[kind]
        return next((f"[{i}] {w}" for i, x in enumerate(v)
                     if (w := value_fault(item, x))), None)
    if kind in ("resource", "culprit", "environment", "measure"):
        if not isinstance(v, dict):
            return "not an object"
        inner = {"resource": {"name": "filename", "url": URI},
                 "culprit": {"code": "bool", "tool": "bool", "harness": "bool"},
                 "environment": {"compatible": "compatibles", "comment": TEXT,
                                 "misc": "object"},
                 "measure": {"value": "number", "unit": TEXT, "prefix": "prefix"}}[kind]
        need = {"resource": {"name", "url"}, "measure": {"value"}}.get(kind, set())
        for k in set(v) - set(inner):
            return f"{k!r} is no property of it"
        for k in need - set(v):
            return f"no {k!r}"
        return next((f".{k} {w}" for k, x in v.items()
                     if (w := value_fault(inner[k], x))), None)
    if kind == "compatibles":
        if not isinstance(v, list):
            return "not a list"
        return next((f"[{i}] not a compatible string" for i, x in enumerate(v)
                     if not isinstance(x, str) or
                     not re.fullmatch(r"[^ \0]+(,[^ \0]+)*", x)), None)
    if not isinstance(v, str):
        return "not a string"
    # every string kind below: no NUL (no_nulls() says so already)
    checks = {
        TEXT: lambda: True, ID: lambda: re.fullmatch(r"[a-z0-9_]+:[^\0]*", v),
        "origin": lambda: re.fullmatch(r"[a-z0-9_]+", v),
        TIME: lambda: time_ok(v), URI: lambda: URI_RE.fullmatch(v),
        "https": lambda: v.startswith("https://") and URI_RE.fullmatch(v),
        "email": lambda: "@" in v,
        "sha1": lambda: re.fullmatch(r"[0-9a-f]{40}", v),
        "sha256?": lambda: re.fullmatch(r"([0-9a-f]{64})?", v),
        "excerpt": lambda: len(v) <= 16384,
        "status": lambda: v in STATUS,
        "path": lambda: v == "" or all(PART.match(p) for p in v.split(".")),
        "arch": lambda: re.fullmatch(r"[a-z0-9_]*", v),
        "filename": lambda: v and "/" not in v,
        "prefix": lambda: v in ("metric", "binary"),
    }
    return None if checks[kind]() else f"{v[:80]!r} is not of the form of a {kind}"


def load(doc_file):
    """The document, read as KCIDB would: UTF-8 JSON, numbers finite."""
    raw = open(doc_file, "rb").read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        fault(f"not UTF-8 text at byte {e.start}: {raw[max(0, e.start - 40):e.start + 10]!r}")
        text = raw.decode("utf-8", "replace")

    def no_constant(name):
        fault(f"{name} is not a JSON number")
        return 0

    def real(s):
        if not math.isfinite(float(s)):
            fault(f"number {s[:40]} is out of a double's range")
        return float(s)
    return json.loads(text, parse_constant=no_constant, parse_float=real)


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


def finish():
    for f in faults:
        print(f)
    sys.exit(1)


def main():
    doc_file, origin, results = sys.argv[1], sys.argv[2], sys.argv[3:]
    doc = load(doc_file)
    if not isinstance(doc, dict):
        fault("the document is not a JSON object")
        finish()
    recs = [json.loads(l) for f in results for l in open(f) if l.strip()]
    no_nulls(doc, "$")
    if doc.get("version") != {"major": 5, "minor": 3}:
        fault(f"version {doc.get('version')!r}, not 5.3")
    for k in doc:
        if k != "version" and k not in LISTS:
            fault(f"top-level property {k!r}")
        elif k in LISTS and (not isinstance(doc[k], list) or
                             not all(isinstance(o, dict) for o in doc[k])):
            fault(f"{k} is not a list of objects")
            doc[k] = []
    if not re.fullmatch(r"[a-z0-9_]+", origin):
        fault(f"origin {origin!r}")
    ids = {}
    for lst, kind in LISTS.items():
        ids[kind] = {}
        for i, o in enumerate(doc.get(lst, [])):
            where = f"{lst}[{i}]"
            for k in sorted(set(o) - set(PROPS[kind])):
                fault(f"{where}: {k!r} is no property of a {kind} (misc is)")
            for k in sorted(set(o) & set(PROPS[kind])):
                why = value_fault(PROPS[kind][k], o[k])
                if why:
                    fault(f"{where}.{k}: {why}")
            for k in REQUIRED[kind] - set(o):
                fault(f"{where}: no {k!r}")
            if o.get("origin") != origin:
                fault(f"{where}: origin {o.get('origin')!r}")
            for k, v in o.items():
                if PROPS[kind].get(k) == ID:
                    if not isinstance(v, str) or not v.startswith(origin + ":") \
                            or not re.fullmatch(r"[a-z0-9_]+:.*", v, re.S):
                        fault(f"{where}.{k}: {v!r} is not {origin}:LOCAL")
            if not isinstance(o.get("id"), str):
                continue
            if o.get("id") in ids[kind]:
                fault(f"{where}: id {o.get('id')} twice")
            ids[kind][o.get("id")] = o
    # the checks below read the objects as the schema types them
    if faults:
        finish()
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
        bs = [b for b in builds.values() if b.get("misc", {}).get("kernel_release") == r["kernel"]]
        if not bs or any(b.get("misc", {}).get("debian_version") != m.group(1) for b in bs):
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
        if t.get("misc", {}).get("implementation_version") != r.get("impl_version", ""):
            fault(f"test {t['id']}: implementation_version")
        incs = inc_of.get(t["id"], [])
        if r["outcome"] == "xfail" and (not incs or not all(i["present"] is True for i in incs)):
            fault(f"test {t['id']}: an xfail without a present incident")
        if r["outcome"] == "xpass" and any(i["present"] is not False for i in incs):
            fault(f"test {t['id']}: an xpass with a present incident")
        if r["outcome"] not in ("xfail", "xpass") and incs:
            fault(f"test {t['id']}: incidents on a {r['outcome']}")
    if faults:
        finish()
    print(f"kcidb: {len(tests)} tests, {len(builds)} builds, {len(checkouts)} checkouts, "
          f"{len(issues)} issues, {len(incidents)} incidents ok")


main()
