"""The mutation run's record, build/mutate/state.tsv: one line per
finished mutant, appended as each finishes, so an interrupted run
resumes where it stopped. A line is keyed by the mutant's key (its id
and a hash of the mutated text): results for an older text are ignored.
`suite` is the hash of the cases and sources the verdict was reached with
(cover.tree_hash): a survivor is tested again when the suite has changed
since (a new case may kill it); a kill stands.
"""
import os
import threading

FIELDS = ('key', 'id', 'status', 'killer', 'seconds', 'detail', 'suite')


class State:
    def __init__(self, path):
        self.path = path
        self.lock = threading.Lock()
        self.rows = {}
        if os.path.exists(path):
            with open(path) as f:
                for line in f:
                    parts = line.rstrip('\n').split('\t')
                    if len(parts) == len(FIELDS) - 1:
                        parts.append('')     # written before 'suite'
                    if len(parts) == len(FIELDS):
                        self.rows[parts[0]] = dict(zip(FIELDS, parts))

    def get(self, key):
        return self.rows.get(key)

    def put(self, **row):
        row = {k: str(row.get(k, '')).replace('\t', ' ').replace('\n', ' ')
               for k in FIELDS}
        with self.lock:
            self.rows[row['key']] = row
            with open(self.path, 'a') as f:
                f.write('\t'.join(row[k] for k in FIELDS) + '\n')


def stale(row, suite):
    """Must this mutant run again? When it never ran, or when the suite
    (cases and unit tests) changed since a verdict that a change can
    alter: a survival, an error, or a kill by a unit test (the suite's
    own figure needs to know whether a new case kills it now)."""
    if not row:
        return True
    if row['suite'] == suite:
        return False
    return row['status'] in ('survived', 'error') or (
        row['status'] == 'killed' and
        row['killer'].startswith(('unit:', 'unit-asan:')))
