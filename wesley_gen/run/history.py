"""The history table inside the target database: every run of every migration, kept.

One row per run and direction, created on first use.  It is the audit trail (what
ran, when, from which checksum to which, by which run id and git commit, with what
outcome and, for rollbacks, why) and the source of truth for what is applied: a
migration is applied when its latest successful run went up.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from typing import Any

from wesley_gen.database_url import DatabaseUrl
from wesley_gen.errors import DatabaseError, Location, first_line
from wesley_gen.identifiers import HISTORY_TABLE

APPLIED, FAILED, ROLLED_BACK = "applied", "failed", "rolled back"
EXPANDED = "expanded"  # expand.sql ran; a run interrupted after it is resumed by the next up
# The backfill ran too (a run stopped there by --through backfill, or interrupted): the next
# up goes on at the swap check.
BACKFILLED = "backfilled"
# The error of a run stopped by Ctrl-C or SIGTERM, the step it was in following: a run left
# expanded or backfilled (resumed by the next up), or failed after a SQLite database was put
# back from its copy (the next up starts the migration again).
INTERRUPTED = "interrupted during "
# Where a migration whose latest run stopped part way is, as ``migrate status`` says it.
IN_PROGRESS = {EXPANDED: "expanded, backfill pending", BACKFILLED: "backfilled, swap pending"}

# Constant statements: the table is wesley-gen's own (HISTORY_TABLE, a plain lowercase
# name that needs no quotes; tests/test_migrate_run.py checks each statement names it)
# and every value is a parameter.  The column lists follow the fields of Run, in order.
_CREATE = {
    "sqlite": """CREATE TABLE IF NOT EXISTS wesley_gen_history (
        id INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL, migration TEXT NOT NULL,
        sequence INTEGER NOT NULL, direction TEXT NOT NULL, from_checksum TEXT, to_checksum TEXT,
        snapshot TEXT, started_at TEXT NOT NULL, finished_at TEXT, outcome TEXT NOT NULL, error TEXT,
        target TEXT, git_sha TEXT, reason TEXT, retries TEXT)""",
    "postgres": """CREATE TABLE IF NOT EXISTS wesley_gen_history (
        id BIGSERIAL PRIMARY KEY, run_id TEXT NOT NULL, migration TEXT NOT NULL,
        sequence INTEGER NOT NULL, direction TEXT NOT NULL, from_checksum TEXT, to_checksum TEXT,
        snapshot TEXT, started_at TEXT NOT NULL, finished_at TEXT, outcome TEXT NOT NULL, error TEXT,
        target TEXT, git_sha TEXT, reason TEXT, retries TEXT)""",
}
# A table made before ``retries`` existed gets it on its next write; a read takes the
# columns there are (SELECT *), so an older table reads as runs without retries.
_ADD_RETRIES = {
    "sqlite": "ALTER TABLE wesley_gen_history ADD COLUMN retries TEXT",
    "postgres": "ALTER TABLE wesley_gen_history ADD COLUMN IF NOT EXISTS retries TEXT",
}
_HAS_RETRIES = {
    "sqlite": "SELECT count(*) FROM pragma_table_info('wesley_gen_history') WHERE name = 'retries'",
    "postgres": "SELECT count(*) FROM pg_attribute WHERE attrelid = to_regclass('wesley_gen_history')"
    " AND attname = 'retries' AND NOT attisdropped",
}
_SELECT = "SELECT * FROM wesley_gen_history ORDER BY id"
_INSERT = {
    "sqlite": """INSERT INTO wesley_gen_history (run_id, migration, sequence, direction,
        from_checksum, to_checksum, snapshot, started_at, finished_at, outcome, error, target, git_sha,
        reason, retries) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
    "postgres": """INSERT INTO wesley_gen_history (run_id, migration, sequence, direction,
        from_checksum, to_checksum, snapshot, started_at, finished_at, outcome, error, target, git_sha,
        reason, retries) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)""",
}
# Whether the table exists, its name a parameter: a read never creates it.
_EXISTS = {
    "sqlite": "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?",
    "postgres": "SELECT to_regclass(%s) IS NOT NULL",
}


@dataclass(frozen=True, slots=True)
class Run:
    """One row of the history table."""

    run_id: str
    migration: str
    sequence: int
    direction: str  # up | down
    from_checksum: str | None
    to_checksum: str | None
    snapshot: (
        str | None
    )  # the schema after the run (canonical JSON); for "expanded" and "backfilled", the row counts
    started_at: str
    finished_at: str | None
    outcome: str  # applied | failed | rolled back | expanded | backfilled (stopped after that step)
    error: str | None = None
    target: str | None = None
    git_sha: str | None = None
    reason: str | None = None
    retries: str | None = None  # PostgreSQL: one line per group tried again after a lock timeout

    @property
    def succeeded(self) -> bool:
        return self.outcome in (APPLIED, ROLLED_BACK)


class History:
    """Reads and appends the history table of one database."""

    def __init__(self, url: DatabaseUrl) -> None:
        self.url = url
        self.dialect = self.url.dialect

    @contextmanager
    def _connection(self, *, create: bool = False) -> Iterator[Any]:
        """A connection; only writes may create a SQLite file, a read never does."""
        if self.dialect == "sqlite":
            try:
                conn = sqlite3.connect(self.url.sqlite_uri("rwc" if create else "ro"), uri=True)
            except sqlite3.Error as error:
                raise DatabaseError(
                    f"database could not be opened: {error}", location=Location(self.url.text)
                ) from None
            try:
                with conn:
                    yield conn
            except sqlite3.Error as error:
                raise DatabaseError(f"history table: {error}", location=Location(self.url.text)) from None
            finally:
                conn.close()
            return
        import psycopg

        try:
            pg = psycopg.connect(self.url.text, connect_timeout=5)
        except psycopg.Error as error:
            raise DatabaseError(
                f"database could not be reached: {first_line(error)}", location=Location(self.url.redacted)
            ) from None
        try:
            with pg:
                yield pg
        except psycopg.Error as error:
            raise DatabaseError(f"history table: {error}", location=Location(self.url.redacted)) from None

    def ensure(self) -> None:
        with self._connection(create=True) as conn:
            conn.execute(_CREATE[self.dialect])
            if not conn.execute(_HAS_RETRIES[self.dialect]).fetchone()[0]:
                conn.execute(_ADD_RETRIES[self.dialect])

    def runs(self, *, limit: int | None = None) -> list[Run]:
        """Every run, oldest first (the newest ``limit`` when given)."""
        with self._connection() as conn:
            exists = conn.execute(_EXISTS[self.dialect], (HISTORY_TABLE,)).fetchone()
            if not exists or not exists[0]:
                return []
            cursor = conn.execute(_SELECT)
            names = [column[0] for column in cursor.description]
            rows = cursor.fetchall()
        known = {f.name for f in fields(Run)}
        runs = [Run(**{k: v for k, v in zip(names, row, strict=True) if k in known}) for row in rows]
        return runs[-limit:] if limit else runs

    def record(self, run: Run) -> None:
        self.ensure()
        values = [getattr(run, f.name) for f in fields(Run)]
        with self._connection(create=True) as conn:
            conn.execute(_INSERT[self.dialect], values)


def applied(runs: Sequence[Run]) -> dict[str, Run]:
    """Migrations whose latest successful run went up, with that run."""
    state: dict[str, Run] = {}
    for run in runs:
        if not run.succeeded:
            continue
        if run.direction == "up":
            state[run.migration] = run
        else:
            state.pop(run.migration, None)
    return state
