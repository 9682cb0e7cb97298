"""Hold a generated backfill.py in the middle of a batch, or a migrate run in its post-check,
for a test that stops it there.

On ``PYTHONPATH`` with ``HOLD_BACKFILL_AFTER=N`` in the environment (a migration's
runner starts backfill.py with the environment it got), every ``backfill.py`` process
prints ``held after N commits`` on stderr once the UPDATE of the batch after the N-th
commit has run, and waits there, inside that batch's open transaction: the test sees the
line relayed by ``wesley-gen migrate``, the rows of exactly N batches are committed, and
whatever stops the process now must roll the batch in flight back (or leave SQLite's
journal to do it) for that to stay so.  With ``HOLD_POST_CHECK=1``, ``wesley-gen migrate``
itself prints ``held after its swap, in the post-check`` once the swap has committed and
waits there, before the post-check's first query.  A signal that raises in the waiting process
(KeyboardInterrupt) ends the wait there, as it would end a slow UPDATE.  The wait is
bounded (10 minutes) only so that a process whose test died does not wait forever.  Any
other process is left alone.
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

    class Held(sqlite3.Connection):
        """A connection whose ``execute`` (the runtime runs every statement through it) waits
        after the UPDATE of batch ``after + 1``."""

        def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
            nonlocal commits
            cursor = super().execute(sql, *args)  # type: ignore[arg-type]
            word = sql.split(None, 1)[0].upper() if sql.strip() else ""
            if word == "COMMIT":
                commits += 1
            elif word == "UPDATE" and commits == after:
                print(f"{HELD} {after} commits", file=sys.stderr, flush=True)
                threading.Event().wait(600)
            return cursor

    def held(*args: object, **kwargs: object) -> sqlite3.Connection:
        return connect(*args, **kwargs, factory=Held)  # type: ignore[arg-type, misc]

    sqlite3.connect = held  # type: ignore[assignment]


def _hold_post_check() -> None:
    """Make ``wesley-gen migrate``'s post-check wait before its first check, its swap committed."""
    import threading

    from wesley_gen.run import contract

    evaluate = contract.evaluate

    def held(document: object, stage: str, *args: object, **kwargs: object) -> object:
        if stage == "post":
            print(f"{HELD} its swap, in the post-check", file=sys.stderr, flush=True)
            threading.Event().wait(600)
        return evaluate(document, stage, *args, **kwargs)  # type: ignore[arg-type]

    contract.evaluate = held  # type: ignore[assignment]


if os.environ.get("HOLD_BACKFILL_AFTER") and sys.argv[0].endswith("backfill.py"):
    _hold_backfill(int(os.environ["HOLD_BACKFILL_AFTER"]))
if os.environ.get("HOLD_POST_CHECK"):
    _hold_post_check()
