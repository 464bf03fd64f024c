"""Running the host conformance suite against one mutant's adapter.

`sockspec run --impl ref --fail-fast --order FILE` with
SOCKSPEC_REF_ADAPTER pointing at the mutant: ref's expectations apply,
the cases that killed earlier mutants run first, and the run ends at the
first failed, broken or xpass case, which is the mutant's killer.
"""
import json
import os
import signal
import subprocess
import time

STOPS = ('failed', 'broken', 'xpass')


def run(top, adapter, order_file, results, jobs, wall, cases=None,
        sockspec=None, env_extra=None, case_list=None):
    """Returns (status, killer, detail, seconds); status is 'killed',
    'survived', 'timeout' (the whole run outlived wall seconds) or
    'error' (the harness itself failed)."""
    cmd = [sockspec or os.path.join(top, 'build/sockspec'), 'run',
           '--impl', 'ref', '--fail-fast', '--jobs', str(jobs),
           '--results', results]
    if order_file:
        cmd += ['--order', order_file]
    if cases:
        cmd += ['--cases', cases]
    if case_list:
        cmd += ['--case-list', case_list]
    env = dict(os.environ, SOCKSPEC_REF_ADAPTER=adapter)
    env.update(env_extra or {})
    if os.path.exists(results):
        os.unlink(results)
    t0 = time.monotonic()
    try:
        p = subprocess.Popen(cmd, cwd=top, env=env,
                             stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, start_new_session=True)
    except OSError as e:
        # the harness being rebuilt under us: an error, tried again on
        # the next run, not a verdict
        return 'error', '', 'cannot run %s: %s' % (cmd[0], e), 0.0
    try:
        _, err = p.communicate(timeout=wall)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        return 'timeout', '', 'suite outlived %ds' % wall, wall
    secs = time.monotonic() - t0
    if p.returncode not in (0, 1) or not os.path.exists(results):
        return 'error', '', err.decode(errors='replace')[-300:], secs
    killer, detail = first_stop(results)
    if killer:
        return 'killed', killer, detail, secs
    # a survivor must have met the suite: a run where nothing passed
    # (the adapter not found, every case skipped) proves nothing
    if not ran_any(results):
        return 'error', '', 'no case ran: ' + skip_reason(results), secs
    return 'survived', '', '', secs


def first_stop(results):
    with open(results) as f:
        for line in f:
            r = json.loads(line)
            if r.get('outcome') in STOPS:
                why = r.get('detail') or r.get('reason') or ''
                return r['case'], '%s: %s' % (r['outcome'], why[:300])
    return '', ''


def ran_any(results):
    with open(results) as f:
        return any(json.loads(line).get('outcome') in ('passed', 'xfail')
                   for line in f)


def skip_reason(results):
    with open(results) as f:
        for line in f:
            r = json.loads(line)
            if r.get('outcome') == 'skipped':
                return r.get('reason', '')
    return ''


def fails_again(top, adapter, case, results):
    """Does CASE fail again, alone, with the mutant's adapter? A kill by a
    timing-bound case under load may not: then it was the machine."""
    status, _, _, _ = run(top, adapter, None, results, 1, 300, cases=case)
    return status == 'killed'


def passes(top, case, results, jobs=1):
    """Does CASE pass (or xfail as expected) with the unmutated adapter?"""
    adapter = os.path.join(top, 'build/ref-adapter')
    status, _, _, _ = run(top, adapter, None, results, jobs, 120,
                          cases=case)
    return status == 'survived'
