"""The mutation report: build/mutate/report.tsv (every mutant),
build/mutate/report.html (one self-contained page) and the committed
summary conformance/MUTATION.md (the equivalence rule, both scores, score
per file, every kill with its killer, every survivor with its diff, the
argued equivalents with their reasons). Ends with two lines:

  suite: K killed, S survived, E equivalent, score P%
  mutation: K killed, S survived, E equivalent, score P%

`suite` is the conformance suite alone, over the mutants a documented
function can reach with some argument value: it leaves out those listed
in conformance/mutation-c-only.tsv (reachable only from C: a NULL
pointer, a C-only helper, any bytes handed to a decoder, a failing
allocation, a caller's signal handler). `mutation` is the suite and
libsockref's unit tests together, over the whole public C API.

Counting: killed includes timeouts (a hang noticed); the score is
killed / (killed + survived). Equivalent mutants (compiled to the
unmutated object code, or argued in conformance/mutation-equivalent.tsv)
are not counted; duplicates (the same object code as another mutant) and
mutants that do not compile are listed but not counted."""
import html
import os
import sys

import unit

EQUIV_FILE = 'conformance/mutation-equivalent.tsv'
C_ONLY_FILE = 'conformance/mutation-c-only.tsv'
KINDS = ('equivalent:', 'unreachable:')
RULE = (
    '*Equivalent* means the object code is the same, or no caller of the '
    'public API (`ref/include/sockref.h`) can tell the mutant from the '
    'original by any return value, error kind, errno, output or resource '
    '(descriptor, memory). *Unreachable* is allowed only for code that no '
    'public function can reach with any argument, kernel answer or signal. '
    'Everything else is a survivor until a case or a unit test kills it. '
    'An argued line in `%s` says which of the two it claims, and why.' %
    EQUIV_FILE)
# MUTATE_MIN_SCORE=P makes a score below P an exit status of 1 (for CI);
# by default the score is reported, not judged, so the summary stays the
# last line make prints.
MIN_SCORE = float(os.environ.get('MUTATE_MIN_SCORE', '0'))


def load_equivalents(top, name=EQUIV_FILE, kinds=KINDS):
    """id -> reason, from the committed arguments; every reason must
    start with one of kinds."""
    path = os.path.join(top, name)
    out = {}
    if not os.path.exists(path):
        return out
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if not line or line.startswith('#'):
                continue
            parts = line.split('\t')
            if len(parts) != 2 or not parts[1].strip():
                sys.exit('%s:%d: expected MUTANT-ID<TAB>REASON' % (path, n))
            if kinds and not parts[1].startswith(kinds):
                sys.exit('%s:%d: a reason starts with %s' % (
                    path, n, ' or '.join(kinds)))
            out[parts[0]] = parts[1]
    return out


def load_c_only(top):
    """Mutant ids and FUNCTION:FILE:NAME entries (every mutant of that
    function) only C can reach -> reason."""
    return load_equivalents(top, C_ONLY_FILE, ())


def c_only_reason(m, c_only):
    return c_only.get(m.id) or c_only.get(
        'FUNCTION:%s:%s' % (m.file, m.function or ''))


def classify(chosen, st, equiv):
    rows = []
    for m in chosen:
        r = st.get(m.key) or {'status': 'not-run', 'killer': '',
                              'seconds': '', 'detail': ''}
        status = r['status']
        reason = r['detail']
        if status == 'survived' and m.id in equiv:
            status, reason = 'equivalent', equiv[m.id]
        elif status == 'equivalent':
            reason = 'compiles to the unmutated object code'
        rows.append((m, status, r['killer'], r['seconds'], reason))
    return rows


def tally(rows):
    c = {}
    for _, s, _, _, _ in rows:
        c[s] = c.get(s, 0) + 1
    killed = c.get('killed', 0) + c.get('timeout', 0)
    surv = c.get('survived', 0)
    score = 100.0 * killed / (killed + surv) if killed + surv else 0.0
    return c, killed, surv, score


def suite_rows(rows, c_only):
    """The rows as the conformance suite alone sees them: a unit test's
    kill is a suite survivor, and the mutants only C reaches are left
    out, unless the suite killed one (then the C-only line is wrong, and
    the kill counts)."""
    out = []
    for m, s, k, secs, why in rows:
        by_unit = s == 'killed' and unit.is_unit(k)
        if c_only_reason(m, c_only) and (by_unit or s == 'survived'):
            continue
        if by_unit:
            s, k = 'survived', ''
        out.append((m, s, k, secs, why))
    return out


def wrong_c_only(rows, c_only):
    return [m.id for m, s, k, _, _ in rows
            if s in ('killed', 'timeout') and not unit.is_unit(k) and
            c_only_reason(m, c_only)]


def line(name, rows):
    c, killed, surv, score = tally(rows)
    return '%s: %d killed, %d survived, %d equivalent, score %.1f%%' % (
        name, killed, surv, c.get('equivalent', 0), score)


def write(top, out, chosen, st):
    equiv = load_equivalents(top)
    c_only = load_c_only(top)
    rows = classify(chosen, st, equiv)
    srows = suite_rows(rows, c_only)
    write_tsv(os.path.join(out, 'report.tsv'), rows, c_only)
    write_html(os.path.join(out, 'report.html'), rows)
    write_md(os.path.join(top, 'conformance/MUTATION.md'), rows, srows,
             c_only)
    c, killed, surv, score = tally(rows)
    if c.get('not-run'):
        print('mutate: %d mutants not run yet' % c['not-run'],
              file=sys.stderr)
    for mid in wrong_c_only(rows, c_only):
        print('mutate: %s is listed in %s, yet a conformance case killed it'
              % (mid, C_ONLY_FILE), file=sys.stderr)
    stale = set(equiv) - {m.id for m in chosen}
    if stale:
        print('mutate: %d lines of %s name no mutant of this selection: %s'
              % (len(stale), EQUIV_FILE, ' '.join(sorted(stale)[:8])),
              file=sys.stderr)
    sys.stderr.flush()
    print(line('suite', srows))
    print(line('mutation', rows))
    return 0 if score >= MIN_SCORE else 1


def write_tsv(path, rows, c_only):
    with open(path, 'w') as f:
        f.write('id\tfile\tline\tfunction\toperator\twhere\tstatus\tkiller'
                '\tseconds\tfrom\tto\tdetail\tc_only\n')
        for m, s, k, secs, why in rows:
            f.write('\t'.join(str(x).replace('\t', ' ').replace('\n', ' ')
                              for x in (m.id, m.file, m.line, m.function,
                                        m.op, m.where, s, k, secs,
                                        m.original, m.repl, why,
                                        c_only_reason(m, c_only) or ''))
                    + '\n')


def per_file(rows):
    files = {}
    for row in rows:
        files.setdefault(row[0].file, []).append(row)
    for name in sorted(files):
        yield name, tally(files[name])


def score_cell(k, s, score):
    return '%.0f%%' % score if k + s else '-'


def write_md(path, rows, srows, c_only):
    c, killed, surv, score = tally(rows)
    argued = [r for r in rows if r[1] == 'equivalent' and
              r[4] != 'compiles to the unmutated object code']
    by_unit = sum(1 for r in rows if r[1] == 'killed' and unit.is_unit(r[2]))
    left_out = len([r for r in rows if r[1] in ('killed', 'survived')]) - \
        len([r for r in srows if r[1] in ('killed', 'survived')])
    L = ['# Mutation score of libsockref', '',
         'Generated by `make mutate` (scripts/mutate/); do not edit by hand: '
         'equivalence arguments live in `%s`, the mutants only C can reach '
         'in `%s`.' % (EQUIV_FILE, C_ONLY_FILE), '',
         '## The rule', '', RULE, '',
         'Each mutant is one small edit of `ref/src/` (operators: comparison '
         'negated or relaxed, a bound off by one, an argument check dropped, '
         'another error kind or errno, a `close` skipped, timeout and '
         'non-blocking modes confused, CMSG_LEN/CMSG_SPACE swapped). It is '
         'built into its own ref adapter and run through the host '
         'conformance suite with `--fail-fast` (mutants of the '
         'AF_CAN/AF_TIPC/AF_RDS codecs in one QEMU guest); if the suite lets '
         'it through, libsockref\'s own unit tests (`ref/tests`, atf-c) run '
         'against it, linked plain and with ASan/UBSan/LSan, so a leak or an '
         'out-of-bounds access kills too. A mutant is *killed* when a case '
         'or unit test fails, breaks (crash, hang, sanitizer report) or '
         'unexpectedly passes, and that case or test passes against the '
         'unmutated library.', '',
         '- `suite`: the conformance suite alone, over the mutants a '
         'documented function can reach with some argument value; %d '
         'non-equivalent mutants only C reaches (`%s`) are left out.' % (
             left_out, C_ONLY_FILE),
         '- `mutation`: the suite and the unit tests together (%d of the '
         'kills are the unit tests\'), over the whole public C API.' %
         by_unit, '',
         '**%s**' % line('suite', srows), '',
         '**%s**' % line('mutation', rows), '',
         '| status | mutants |', '|---|---|']
    for st in ('killed', 'timeout', 'survived', 'equivalent', 'duplicate',
               'build-failed', 'not-run'):
        if c.get(st):
            L.append('| %s | %d |' % (st, c[st]))
    L += ['', 'Non-equivalent mutants: %d. Argued equivalent or unreachable '
          '(not byte-identical): %d of %d mutants (%.1f%%).' % (
              killed + surv, len(argued), len(rows),
              100.0 * len(argued) / len(rows) if rows else 0.0), '',
          '`timeout` counts as killed. `equivalent`: compiled to the '
          'unmutated object code (compiled without debug information, '
          'byte-identical), or argued below. `duplicate`: the same object '
          'code as another mutant, counted once. `build-failed`: rejected '
          'by the compiler (`-Wall -Wextra -Werror`).', '',
          '## Score per file', '',
          '| file | killed | survived | equivalent | suite score | score |',
          '|---|---|---|---|---|---|']
    sfiles = dict(per_file(srows))
    for name, (fc, fk, fs, fscore) in per_file(rows):
        sc, sk, ss, sscore = sfiles.get(name, ({}, 0, 0, 0.0))
        L.append('| %s | %d | %d | %d | %s | %s |' % (
            name, fk, fs, fc.get('equivalent', 0),
            score_cell(sk, ss, sscore), score_cell(fk, fs, fscore)))
    ops = {}
    for row in rows:
        ops.setdefault(row[0].op, []).append(row)
    L += ['', '## Score per operator', '',
          '| operator | killed | survived | score |', '|---|---|---|---|']
    for op in sorted(ops):
        oc, ok, osv, oscore = tally(ops[op])
        L.append('| %s | %d | %d | %s |' % (op, ok, osv,
                                             score_cell(ok, osv, oscore)))
    killers = {}
    for m, st, k, _, _ in rows:
        if st == 'killed':
            killers[k] = killers.get(k, 0) + 1
    L += ['', '## Cases and unit tests that killed most', '']
    for k, n in sorted(killers.items(), key=lambda x: (-x[1], x[0]))[:10]:
        L.append('- `%s`: %d' % (k, n))
    L += ['', '## Survivors', '']
    survivors = [r for r in rows if r[1] == 'survived']
    if not survivors:
        L.append('None.')
    for m, st, k, secs, why in survivors:
        L += ['### `%s` (%s)' % (m.id, m.function or 'file level'), '',
              '```diff', m.diff.rstrip('\n'), '```', '']
    suite_only = [r for r in srows if r[1] == 'survived' and
                  r[0].id not in {x[0].id for x in survivors}]
    L += ['', '## Killed by a unit test only', '',
          'The suite let these through although a documented function '
          'reaches them; a unit test killed each.', '']
    if not suite_only:
        L.append('None.')
    for m, st, k, secs, why in rows:
        if m.id in {x[0].id for x in suite_only}:
            L.append('- `%s` (%s): `%s`' % (m.id, m.function, k))
    L += ['', '## Argued equivalent or unreachable', '']
    if not argued:
        L.append('None.')
    for m, st, k, secs, why in argued:
        L += ['### `%s`' % m.id, '', why, '', '```diff',
              m.diff.rstrip('\n'), '```', '']
    L += ['', '## Every kill', '', '| mutant | killed by |', '|---|---|']
    for m, st, k, secs, why in rows:
        if st in ('killed', 'timeout'):
            L.append('| `%s` | `%s` |' % (m.id, k or st))
    with open(path, 'w') as f:
        f.write('\n'.join(L) + '\n')


def write_html(path, rows):
    c, killed, surv, score = tally(rows)
    colour = {'killed': '#cfc', 'timeout': '#cfc', 'survived': '#fcc',
              'equivalent': '#eee', 'duplicate': '#eee',
              'build-failed': '#ffd', 'not-run': '#fff'}
    out = ['<!doctype html><meta charset="utf-8"><title>libsockref '
           'mutation report</title><style>body{font:14px sans-serif}'
           'table{border-collapse:collapse}td,th{border:1px solid #999;'
           'padding:2px 6px;vertical-align:top}pre{margin:0;font-size:12px}'
           '</style>',
           '<h1>libsockref mutation report</h1>',
           '<p>mutation: %d killed, %d survived, %d equivalent, score %.1f%%'
           '</p>' % (killed, surv, c.get('equivalent', 0), score),
           '<table><tr><th>mutant<th>function<th>status<th>killer / reason'
           '<th>diff</tr>']
    for m, s, k, secs, why in rows:
        out.append('<tr style="background:%s"><td>%s<td>%s<td>%s<td>%s'
                   '<td><details><summary>%s</summary><pre>%s</pre>'
                   '</details></tr>' % (
                       colour.get(s, '#fff'), html.escape(m.id),
                       html.escape(m.function), s,
                       html.escape(k or why), html.escape(
                           '%s -> %s' % (m.original, m.repl)),
                       html.escape(m.diff)))
    out.append('</table>')
    with open(path, 'w') as f:
        f.write('\n'.join(out) + '\n')
