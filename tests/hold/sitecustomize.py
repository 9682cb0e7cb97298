"""Hold a generated backfill.py after a number of batches, for a test that kills it there.

On ``PYTHONPATH`` with ``HOLD_BACKFILL_AFTER=N`` in the environment (a migration's
runner starts backfill.py with the environment it got), every ``backfill.py`` process
prints ``held after N commits`` on stderr when it is about to begin its transaction
after the N-th commit, and waits there, holding no lock: the test sees the line relayed
by ``wesley-gen migrate``, and the rows of exactly N batches are filled, no more.  The
wait is bounded (10 minutes) only so that a process whose test died does not wait
forever.  Any other process is left alone.
"""

from __future__ import annotations

import os
import sys

HELD = "held after"


def _hold_backfill(after: int) -> None:
    import sqlite3
    import threading

    connect = sqlite3.connect
    commits = 0

    def traced(*args: object, **kwargs: object) -> sqlite3.Connection:
        conn = connect(*args, **kwargs)  # type: ignore[arg-type]

        def statement(sql: str) -> None:  # called as a statement starts
            nonlocal commits
            if sql.strip().upper() == "COMMIT":
                commits += 1
            elif commits == after and sql.strip().upper().startswith("BEGIN"):
                print(f"{HELD} {after} commits", file=sys.stderr, flush=True)
                threading.Event().wait(600)

        conn.set_trace_callback(statement)
        return conn

    sqlite3.connect = traced  # type: ignore[assignment]


if os.environ.get("HOLD_BACKFILL_AFTER") and sys.argv[0].endswith("backfill.py"):
    _hold_backfill(int(os.environ["HOLD_BACKFILL_AFTER"]))
