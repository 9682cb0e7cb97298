"""Running a migration's statements (``statements.json``) against a database.

The statements come as data, never as SQL text to split: each group of consecutive
statements runs in one transaction, and a statement that cannot run inside one
(``transaction: false``) runs alone in autocommit, as ``psql``/``sqlite3`` would run
the ``.sql`` files rendered from the same list.  A failure rolls its transaction back
and is reported with the statement and the database's message, and with the statements
that took effect before it, so that a restore undoes only those.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from wesley_gen.database_url import DatabaseUrl
from wesley_gen.errors import DatabaseError, Location, ProblemFound, first_line
from wesley_gen.statements import DbObject, Statement, transactions


@dataclass(frozen=True, slots=True)
class ScriptFailure:
    statement: str
    message: str


@dataclass(frozen=True, slots=True)
class ScriptRun:
    """What running statements did: statements run and rows they wrote (DDL counts none)."""

    statements: int
    rows: int


class StatementFailed(ProblemFound):
    """A statement of a migration failed; its transaction was rolled back (exit 1).

    ``applied`` holds the statements that took effect: those of the groups that
    committed, and the failed statement itself when it ran outside a transaction and may
    have left something behind (a ``CONCURRENTLY`` build leaves an invalid index) unless
    it failed because its object existed already (then it made nothing)."""

    def __init__(self, script: str, failure: ScriptFailure, applied: Sequence[Statement] = ()) -> None:
        super().__init__(f"{failure.message} (in: {failure.statement})", location=Location(script))
        self.failure = failure
        self.applied = tuple(applied)


def run_statements(
    url: DatabaseUrl, statements: Sequence[Statement], *, name: str = "statements"
) -> ScriptRun:
    """Run ``statements``, each group in one transaction (see the module docstring)."""
    if url.is_sqlite:
        return _run(_SqliteConnection(url), statements, name)
    return _run(_PostgresConnection(url), statements, name)


def _run(conn: _Connection, statements: Sequence[Statement], name: str) -> ScriptRun:
    applied: list[Statement] = []
    rows = 0
    try:
        for group in transactions(statements):
            inside = group[0].transaction
            running = "BEGIN"  # what failed, if something does: COMMIT can fail too (deferred checks)
            try:
                if inside:
                    conn.execute(running)
                for statement in group:
                    running = statement.sql
                    rows += conn.execute(running)
                running = "COMMIT"
                if inside:
                    conn.execute(running)
            except conn.errors as error:
                conn.rollback()
                if not inside and not conn.exists(error):
                    applied += group
                failure = ScriptFailure(running, conn.message(error))
                raise StatementFailed(name, failure, applied) from None
            applied += group
    finally:
        conn.close()
    return ScriptRun(len(applied), rows)


class _Connection(Protocol):
    @property
    def errors(self) -> type[Exception]:
        """What the driver raises for a statement that fails."""

    def execute(self, sql: str) -> int:
        """Run one statement in autocommit mode (or in the transaction begun); rows written."""

    def rollback(self) -> None:
        """End an open transaction, if any, undoing it."""

    def message(self, error: Exception) -> str: ...

    def exists(self, error: Exception) -> bool:
        """Whether ``error`` says the object a statement creates exists already."""

    def close(self) -> None: ...


class _SqliteConnection:
    def __init__(self, url: DatabaseUrl) -> None:
        try:
            self.conn = sqlite3.connect(url.sqlite_uri("rw"), uri=True, isolation_level=None)
        except sqlite3.Error as error:
            raise DatabaseError(
                f"database could not be opened: {error}", location=Location(url.text)
            ) from None

    @property
    def errors(self) -> type[Exception]:
        return sqlite3.Error

    def execute(self, sql: str) -> int:
        return max(self.conn.execute(sql).rowcount, 0)

    def rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def message(self, error: Exception) -> str:
        return str(error)

    def exists(self, error: Exception) -> bool:
        return "already exists" in str(error)

    def close(self) -> None:
        self.conn.close()


# duplicate_table (relations: tables, indexes), duplicate_column, duplicate_object
_DUPLICATE = frozenset({"42P07", "42701", "42710"})


class _PostgresConnection:
    def __init__(self, url: DatabaseUrl) -> None:
        import psycopg

        try:
            self.conn = psycopg.connect(url.text, autocommit=True, connect_timeout=5)
        except psycopg.Error as error:
            raise DatabaseError(
                f"database could not be reached: {first_line(error)}", location=Location(url.redacted)
            ) from None

    @property
    def errors(self) -> type[Exception]:
        import psycopg

        return psycopg.Error

    def execute(self, sql: str) -> int:
        return max(self.conn.execute(sql.encode("utf-8")).rowcount, 0)

    def rollback(self) -> None:
        import psycopg

        if self.conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            self.conn.execute(b"ROLLBACK")

    def message(self, error: Exception) -> str:
        return first_line(error)

    def exists(self, error: Exception) -> bool:
        return getattr(error, "sqlstate", None) in _DUPLICATE

    def close(self) -> None:
        self.conn.close()


# --- ownership: what exists before a run ------------------------------------------------------

# Each query casts names to PostgreSQL's ``name`` type, which cuts them to the server's
# identifier limit exactly as DDL does: a name the server would truncate onto an existing
# object is found to exist.
# The schema is the one given, or the search path's first (``n.nspname = COALESCE(...)``).
_EXISTS = {
    "table": "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = COALESCE(%(schema)s::name, current_schema()) AND c.relname = %(name)s::name",
    "column": "SELECT 1 FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
    " JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = COALESCE(%(schema)s::name, current_schema())"
    " AND c.relname = %(table)s::name AND a.attname = %(name)s::name"
    " AND a.attnum > 0 AND NOT a.attisdropped",
    "type": "SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
    " WHERE n.nspname = COALESCE(%(schema)s::name, current_schema()) AND t.typname = %(name)s::name",
    "constraint": "SELECT 1 FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid"
    " JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = COALESCE(%(schema)s::name, current_schema())"
    " AND c.relname = %(table)s::name AND k.conname = %(name)s::name",
}
_EXISTS["schema"] = "SELECT 1 FROM pg_namespace WHERE nspname = %(name)s::name"
# Tables, indexes and sequences share one namespace of relations.  An invalid index is one a
# failed CONCURRENTLY build left behind: the statement before the build drops it, so it is not
# counted as the database's own.
_EXISTS["sequence"] = _EXISTS["table"]
_EXISTS["index"] = (
    "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = COALESCE(%(schema)s::name, current_schema()) AND c.relname = %(name)s::name"
    " AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indexrelid = c.oid AND NOT i.indisvalid)"
)


def existing(url: DatabaseUrl, objects: Sequence[DbObject]) -> tuple[DbObject, ...]:
    """Those of ``objects`` that exist in the PostgreSQL database at ``url`` now.

    Only PostgreSQL migrations remove objects one by one (``removes`` in statements.json);
    a failed SQLite run puts the file back as it was instead, so none is looked up there.
    """
    if not objects or url.is_sqlite:
        return ()
    conn = _PostgresConnection(url)
    try:
        return tuple(o for o in objects if conn.conn.execute(_EXISTS[o.kind].encode(), _where(o)).fetchone())
    except conn.errors as error:
        raise DatabaseError(
            f"cannot read the catalog: {conn.message(error)}", location=Location(url.redacted)
        ) from None
    finally:
        conn.close()


def _where(found: DbObject) -> dict[str, str | None]:
    """The schema, table and bare name the queries of ``_EXISTS`` take."""
    qualified = found.table or found.name
    schema, dot, _ = qualified.rpartition(".")
    table = found.table.rpartition(".")[2] if found.table else None
    name = found.name if found.table else found.name.rpartition(".")[2]
    return {"schema": schema if dot else None, "table": table, "name": name}
