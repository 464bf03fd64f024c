#!/usr/bin/env python3
"""report-page-check.py [--shot PNG] [--dom FILE] [--max-ms N] [--flakes N]
                         PAGE RESULTS...

Open the page `sockspec report --html PAGE RESULTS...` wrote in headless
Chromium at 1366x768 (cdp.py) and check it as a reader uses it, against
the results files (or directories of *.jsonl):

  - it draws itself without a script error ("ok: drawn (N ms)", N its
    own count from the start of its navigation: body data-rendered-ms),
    within --max-ms when given (make bench; tests give no bound);
  - first screen: a row per area and a column per run, and the whole
    overview table (every area, every column, the totals) inside the
    1366x768 window; every area x column cell shows passed/total as the
    results have them;
  - a click on the "failed" outcome filter puts outcome=failed in the URL
    and leaves exactly the areas with a failed result, their cells now
    counting only the cases with one; a click on such an area opens its
    cases, each result cell with the outcome of its record;
  - a click on an implementation's filter leaves that implementation's
    columns only; kernel=LINE in the URL leaves that line's columns,
    differs=1 the cases whose runs disagree (skips left out);
  - the diff view of the first two columns counts what the records say;
  - with --flakes N, the flakes view lists N cells, most flips first;
  - with every area open (#open=*) the DOM is written to --dom FILE for
    report-dom-check.py.

Prints "ok: ..." per check, every problem, and exits 1 when there is one.
"""
import collections
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser  # noqa: E402

W, H = 1366, 768
problems = []


def check(cond, what):
    if cond:
        print("ok: " + what)
    else:
        problems.append(what)
        print("FAIL: " + what)


def load(paths):
    recs = []
    for p in paths:
        files = [p]
        if os.path.isdir(p):
            files = sorted(os.path.join(d, f) for d, _, fs in os.walk(p)
                           for f in fs if f.endswith(".jsonl"))
        for f in files:
            with open(f, encoding="utf-8") as fh:
                recs += [json.loads(line) for line in fh if line.strip()]
    return recs


def col_key(r):
    return (r["impl"], r.get("kernel", ""), r.get("platform", ""),
            r.get("peer", ""))


def area(case):
    return case.split("/", 1)[0] if "/" in case else "(no area)"


def page_cols(b):
    """data-col -> column key, as the page's heads say."""
    return {c[0]: tuple(c[1:]) for c in b.eval(
        "Array.from(document.querySelectorAll('th.col')).map(function(t){"
        "return [t.dataset.col,t.dataset.impl,t.dataset.kernel,"
        "t.dataset.platform,t.dataset.peer]})")}


def sums(b):
    """(area, column key) -> [passed, total] of the shown overview."""
    cols = page_cols(b)
    got = {}
    for a, c, p, t in b.eval(
            "Array.from(document.querySelectorAll('td.sum[data-total]'))"
            ".map(function(t){return [t.dataset.area,t.dataset.col,"
            "+t.dataset.passed,+t.dataset.total]})"):
        got[(a, cols[c])] = [p, t]
    return got


def expected_sums(recs, cases=None):
    want = collections.defaultdict(lambda: [0, 0])
    for r in recs:
        if cases is not None and r["case"] not in cases:
            continue
        k = (area(r["case"]), col_key(r))
        want[k][1] += 1
        want[k][0] += r["outcome"] == "passed"
    return dict(want)


def diff_counts(recs, a, b):
    good, bad = ("passed", "xfail"), ("failed", "broken", "xpass")
    old = {r["case"]: r["outcome"] for r in recs if col_key(r) == a}
    new = {r["case"]: r["outcome"] for r in recs if col_key(r) == b}
    n = collections.Counter()
    for case in set(old) | set(new):
        o, w = old.get(case), new.get(case)
        if o == w:
            n["unchanged"] += 1
        elif o is None:
            n["added"] += 1
        elif w is None:
            n["removed"] += 1
        elif w == "broken" or (o in good and w in bad) or (
                o == "passed" and w == "unsupported"):
            n["regressed"] += 1
        elif w == "skipped":
            n["newly skipped"] += 1
        elif o == "skipped":
            n["unskipped"] += 1
        elif (o in bad and w in good) or (o == "unsupported" and w == "passed"):
            n["fixed"] += 1
        else:
            n["changed"] += 1
    return n


def main():
    args = sys.argv[1:]
    opts = {"--shot": None, "--dom": None, "--max-ms": None,
            "--flakes": None}
    while args and args[0] in opts:
        opts[args[0]] = args[1]
        args = args[2:]
    page, recs = os.path.abspath(args[0]), load(args[1:])
    url = "file://" + page
    areas = sorted({area(r["case"]) for r in recs})
    keys = sorted({col_key(r) for r in recs})
    with tempfile.TemporaryDirectory() as prof, Browser(prof) as b:
        # the first screen
        b.open(url, W, H)
        # drawn at all, always; within a bound only when one is given
        # (make bench: scripts/bench-report.sh), never in a test, where
        # the machine's load is not the page's
        ms = b.eval("+document.body.dataset.renderedMs")
        check(ms is not None and ms >= 0, "drawn (%s ms)" % ms)
        if opts["--max-ms"] is not None:
            check(ms < int(opts["--max-ms"]),
                  "drawn in %s ms (bound %s ms)" % (ms, opts["--max-ms"]))
        if opts["--shot"]:
            b.screenshot(opts["--shot"])
        shown = b.eval("Array.from(document.querySelectorAll('tr.area'))"
                       ".map(function(t){return t.dataset.area})")
        check(sorted(shown) == areas,
              "a row per area: %d shown, %d in the results"
              % (len(shown), len(areas)))
        cols = page_cols(b)
        check(sorted(cols.values()) == keys,
              "a column per run: %d shown, %d in the results"
              % (len(cols), len(keys)))
        box = b.eval("(function(){var r=document.getElementById('matrix')"
                     ".getBoundingClientRect();return [r.left,r.top,r.right,"
                     "r.bottom,document.documentElement.clientWidth]})()")
        check(box[0] >= 0 and box[1] >= 0 and box[2] <= box[4] and box[3] <= H,
              "the overview fits %dx%d: table at %s" % (W, H, box[:4]))
        check(sums(b) == expected_sums(recs),
              "every area x column cell is passed/total of its results")

        # a click on a filter
        failed_cases = {r["case"] for r in recs if r["outcome"] == "failed"}
        b.click("button[data-filter=outcome][data-value=failed]")
        check("outcome=failed" in b.eval("location.hash"),
              "the outcome filter is kept in the URL: %s"
              % b.eval("location.hash"))
        shown = b.eval("Array.from(document.querySelectorAll('tr.area'))"
                       ".map(function(t){return t.dataset.area})")
        want_areas = sorted({area(c) for c in failed_cases})
        check(sorted(shown) == want_areas,
              "outcome=failed leaves the %d areas with a failed result "
              "(shown: %d)" % (len(want_areas), len(shown)))
        check(sums(b) == expected_sums(recs, failed_cases),
              "outcome=failed: each cell counts the cases with a failed "
              "result only")
        if want_areas:
            first = want_areas[0]
            b.click("tr.area[data-area=%s] th" % json.dumps(first))
            rows = b.eval("Array.from(document.querySelectorAll('tr.case'))"
                          ".map(function(t){return t.dataset.case})")
            want = sorted(c for c in failed_cases if area(c) == first)
            check(sorted(rows) == want,
                  "a click opens %s: %d case rows, %d with a failed result"
                  % (first, len(rows), len(want)))
            cols = page_cols(b)
            outcome = {(r["case"], col_key(r)): r["outcome"] for r in recs}
            cells = b.eval(
                "Array.from(document.querySelectorAll('tr.case td.cell'))"
                ".map(function(t){return [t.dataset.case,t.dataset.col,"
                "t.dataset.outcome,t.offsetWidth>0]})")
            check(cells and all(outcome.get((c, cols[k])) == o and vis
                                for c, k, o, vis in cells),
                  "its %d result cells show their records' outcomes"
                  % len(cells))
            b.click("tr.case td.cell")
            check(b.eval("!document.getElementById('detail').hidden"),
                  "a click on a result opens its detail")

        # a click on an implementation
        b.open(url, W, H)
        impl = keys[0][0]
        chip = "button[data-filter=impl][data-value=%s]" % json.dumps(impl)
        # a long list of implementations is folded: open it first
        if b.eval("!!document.querySelector('details.fold[data-fold=impl]')"):
            b.click("details.fold[data-fold=impl] summary")
        b.click(chip)
        cols = page_cols(b)
        check(cols and all(k[0] == impl for k in cols.values()) and
              len(cols) == len([k for k in keys if k[0] == impl]),
              "impl=%s leaves its %d columns" % (impl, len(cols)))

        # filters given in the URL: a kernel line, "differs"
        line = sorted({k[1] for k in keys})[0].split(".")
        line = ".".join(line[:2])
        b.open(url.split("#")[0] + "#kernel=" + line, W, H)
        want = [k for k in keys if k[1] == line or (
            k[1].startswith(line) and not k[1][len(line):][:1].isdigit())]
        check(sorted(page_cols(b).values()) == want,
              "kernel=%s (a line) leaves its %d columns" % (line, len(want)))
        b.open(url.split("#")[0] + "#differs=1", W, H)
        seen = collections.defaultdict(set)
        for r in recs:
            if r["outcome"] != "skipped":
                seen[r["case"]].add(r["outcome"])
        differing = {c for c, o in seen.items() if len(o) > 1}
        check(sums(b) == expected_sums(recs, differing),
              "differs=1 leaves the %d cases whose runs disagree"
              % len(differing))

        # the diff of the first two columns
        if len(keys) > 1:
            b.open(url.split("#")[0] + "#view=diff&a=0&b=1", W, H)
            cols = page_cols(b) or {}
            labels = b.eval("Array.from(document.querySelectorAll("
                            "'p.counts span')).map(function(s){"
                            "return s.textContent})")
            got = {s.rsplit(": ", 1)[0]: int(s.rsplit(": ", 1)[1])
                   for s in labels}
            # the page's columns 0 and 1, as the matrix orders them
            b.open(url.split("#")[0] + "#", W, H)
            order = [k for _, k in sorted(page_cols(b).items(),
                                          key=lambda kv: int(kv[0]))]
            want = diff_counts(recs, order[0], order[1])
            check(all(got.get(k, 0) == want.get(k, 0) for k in
                      ("regressed", "fixed", "added", "removed",
                       "newly skipped", "unskipped", "changed")),
                  "the diff view of two runs counts %s" % got)

        if opts["--flakes"] is not None:
            b.open(url.split("#")[0] + "#view=flakes", W, H)
            flips = b.eval("Array.from(document.querySelectorAll('tr.flake'))"
                           ".map(function(t){return +t.dataset.flips})")
            check(len(flips) == int(opts["--flakes"]) and
                  flips == sorted(flips, reverse=True),
                  "the flakes view lists %s cells of the history, most "
                  "flips first: %s" % (opts["--flakes"], flips))

        if opts["--dom"]:
            b.open(url.split("#")[0] + "#open=*", W, H)
            with open(opts["--dom"], "w", encoding="utf-8") as f:
                f.write(b.eval("document.documentElement.outerHTML"))
        check(not b.errors, "no script error: %s" % b.errors)
    for p in problems:
        print("problem: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
