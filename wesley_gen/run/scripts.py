"""Running a generated SQL file against a database, statement by statement.

The files are written for people too (``psql -f swap.sql``, ``sqlite3 db < swap.sql``):
one statement a line, ``BEGIN``/``COMMIT`` around what must be atomic, PostgreSQL's
``CONCURRENTLY`` builds after the transaction.  This runner executes them the way
those tools do: in autocommit mode, each statement as written, so the file's own
transaction control decides what is atomic.  A failure inside a transaction rolls it
back and is reported with the statement and the database's message.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote

from wesley_gen.errors import DatabaseError, Location, ProblemFound, first_line, redact

_SQLITE_PREFIX = "sqlite:///"


@dataclass(frozen=True, slots=True)
class ScriptFailure:
    statement: str
    message: str


@dataclass(frozen=True, slots=True)
class ScriptRun:
    """What running a script did: statements run and rows they wrote (DDL counts none)."""

    statements: int
    rows: int


class StatementFailed(ProblemFound):
    """A statement of a migration script failed; its transaction was rolled back (exit 1)."""

    def __init__(self, script: str, failure: ScriptFailure) -> None:
        super().__init__(f"{failure.message} (in: {failure.statement})", location=Location(script))
        self.failure = failure


def statements(script: str) -> Iterator[str]:
    """The statements of a generated script: one a line, comments left out."""
    for line in script.splitlines():
        text = line.strip()
        if text and not text.startswith("--"):
            yield text.removesuffix(";")


def run_script(url: str, script: str, *, name: str = "script") -> ScriptRun:
    """Run every statement of ``script``."""
    if url.startswith(_SQLITE_PREFIX):
        return _run_sqlite(url, script, name)
    return _run_postgres(url, script, name)


def _run_sqlite(url: str, script: str, name: str) -> ScriptRun:
    path = url[len(_SQLITE_PREFIX) :].partition("?")[0]
    try:
        conn = sqlite3.connect(f"file:{quote(path)}?mode=rw", uri=True, isolation_level=None)
    except sqlite3.Error as error:
        raise DatabaseError(f"database could not be opened: {error}", location=Location(url)) from None
    count = rows = 0
    try:
        for statement in statements(script):
            try:
                rows += max(conn.execute(statement).rowcount, 0)
            except sqlite3.Error as error:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise StatementFailed(name, ScriptFailure(statement, str(error))) from None
            count += 1
    finally:
        conn.close()
    return ScriptRun(count, rows)


def _run_postgres(url: str, script: str, name: str) -> ScriptRun:
    import psycopg

    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=5)
    except psycopg.Error as error:
        raise DatabaseError(
            f"database could not be reached: {first_line(error)}", location=Location(redact(url))
        ) from None
    count = rows = 0
    try:
        for statement in statements(script):
            try:
                rows += max(conn.execute(statement.encode("utf-8")).rowcount, 0)
            except psycopg.Error as error:
                if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                    conn.execute(b"ROLLBACK")
                message = first_line(error)
                raise StatementFailed(name, ScriptFailure(statement, message)) from None
            count += 1
    finally:
        conn.close()
    return ScriptRun(count, rows)
