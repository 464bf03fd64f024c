#!/usr/bin/env python3
"""report-dom-check.py DOM CASES_DIR RESULTS... — check the DOM that a
browser built from `sockspec report --html`, every area open (#open=*),
against the results files.

The DOM must hold exactly one result cell (<td class="cell ...">) per
results record, with the record's case, column (impl, kernel, platform,
peer) and outcome, its symbol shown and its outcome word in its title;
per-column totals (passed/total) equal to the records' counts; each
case's socket.rst lines as the case file's `doc:` header gives them;
columns of one implementation in kernel version order; and nothing that
loads from elsewhere (an inline script is no load). Prints every
mismatch; exit 1 when there is one.
"""
import collections
import json
import os
import re
import sys
from html.parser import HTMLParser

EXTERNAL_TAGS = {"link", "img", "iframe", "object", "embed"}


class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.cols = {}          # data-col -> (impl, kernel, platform, peer)
        self.col_order = []
        self.cells = []         # (attrs, visible text)
        self.totals = {}        # data-col -> (passed, total)
        self.docs = {}          # case -> data-doc of its th.case
        self.external = []
        self.styles = []
        # the element whose text is being collected: [kind, key, parts]
        self._text = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if tag in EXTERNAL_TAGS or "src" in a or (tag != "a" and "href" in a):
            self.external.append(tag)
        if tag == "style":
            self._text = ["style", None, []]
        if tag == "th" and "col" in cls:
            key = a["data-col"]
            self.cols[key] = (a["data-impl"], a["data-kernel"],
                              a["data-platform"], a["data-peer"])
            self.col_order.append(key)
        if tag == "th" and "case" in cls:
            self.docs[a["data-case"]] = a.get("data-doc", "")
        if tag == "td" and "cell" in cls:
            self._text = ["cell", (a, cls), []]
        elif tag == "td" and "total" in cls and "data-total" in a:
            self.totals[a["data-col"]] = (a["data-passed"], a["data-total"])

    def handle_endtag(self, tag):
        t = self._text
        if t is None:
            return
        text = "".join(t[2])
        if tag == "style" and t[0] == "style":
            self.styles.append(text)
        elif tag == "td" and t[0] == "cell":
            self.cells.append((t[1][0], t[1][1], text))
        else:
            return
        self._text = None

    def handle_data(self, data):
        if self._text is not None:
            self._text[2].append(data)


def doc_lines(cases_dir, case):
    path = os.path.join(cases_dir, case + ".case")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("doc:"):
                return re.findall(r"socket\.rst:(\d+)", line)
            if not line.strip():
                break
    return []


def version_key(kernel):
    return [int(n) for n in re.findall(r"\d+", kernel)]


def main():
    dom_path, cases_dir, results = sys.argv[1], sys.argv[2], sys.argv[3:]
    errors = []
    records = []
    for path in results:
        with open(path, encoding="utf-8") as f:
            records += [json.loads(l) for l in f if l.strip()]
    dom = Dom()
    with open(dom_path, encoding="utf-8") as f:
        dom.feed(f.read())

    if len(dom.cells) != len(records):
        errors.append("%d result cells in the DOM, %d records in the results"
                      % (len(dom.cells), len(records)))
    want = collections.Counter(
        (r["case"], r["impl"], r.get("kernel", ""), r.get("platform", ""),
         r.get("peer", ""), r["outcome"]) for r in records)
    got = collections.Counter()
    for attrs, cls, text in dom.cells:
        col = dom.cols.get(attrs.get("data-col"))
        if col is None:
            errors.append("cell %r names no column" % (attrs,))
            continue
        o = attrs.get("data-outcome")
        got[(attrs.get("data-case"),) + col + (o,)] += 1
        if "o-" + o not in cls:
            errors.append("cell %s/%s: class %s lacks o-%s"
                          % (attrs.get("data-case"), col, cls, o))
        if not text.strip():
            errors.append("cell %s/%s: no symbol shown"
                          % (attrs.get("data-case"), col))
        if not attrs.get("title", "").startswith(o):
            errors.append("cell %s/%s: the word %r is not its title"
                          % (attrs.get("data-case"), col, o))
    for k in sorted((want - got).keys()):
        errors.append("record without its cell: %r" % (k,))
    for k in sorted((got - want).keys()):
        errors.append("cell without its record: %r" % (k,))

    for key, col in dom.cols.items():
        mine = [r for r in records
                if (r["impl"], r.get("kernel", ""), r.get("platform", ""),
                    r.get("peer", "")) == col]
        passed = sum(r["outcome"] == "passed" for r in mine)
        if dom.totals.get(key) != (str(passed), str(len(mine))):
            errors.append("column %r: %r passed/total shown, %d/%d records"
                          % (col, dom.totals.get(key), passed, len(mine)))

    for case in sorted({r["case"] for r in records}):
        shown = re.findall(r"socket\.rst:(\d+)", dom.docs.get(case, ""))
        if case not in dom.docs:
            errors.append("no row for case %s" % case)
        elif shown != doc_lines(cases_dir, case):
            errors.append("case %s: socket.rst lines %s shown, case file has %s"
                          % (case, shown, doc_lines(cases_dir, case)))

    order = [dom.cols[k] for k in dom.col_order]
    for a, b in zip(order, order[1:]):
        if a[0] == b[0] and version_key(a[1]) > version_key(b[1]):
            errors.append("column %r before %r: kernels out of version order"
                          % (a, b))

    if dom.external:
        errors.append("elements that load from elsewhere: %s" % dom.external)
    if any("url(" in s or "@import" in s for s in dom.styles):
        errors.append("the style sheet loads from elsewhere")

    for e in errors:
        print(e)
    print("%d cells, %d records, %d columns, %d problems"
          % (len(dom.cells), len(records), len(dom.cols), len(errors)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
