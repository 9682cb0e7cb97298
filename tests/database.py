"""One way for the tests to reach a database by URL: run statements, read rows.

``sqlite:///PATH`` opens the file with sqlite3; any other URL is PostgreSQL through
psycopg (imported only then).  Statements are text the test wrote; each helper opens
and closes its own connection, so nothing stays open between a test's steps.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from sqlglot import exp

SQLITE = "sqlite:///"


def execute(url: str, *statements: str, autocommit: bool = False) -> None:
    """Run ``statements`` in order: in one transaction, or each on its own (``autocommit``,
    PostgreSQL only; SQLite always commits at the end)."""
    if url.startswith(SQLITE):
        conn = sqlite3.connect(url.removeprefix(SQLITE))
        with conn:
            for statement in statements:
                conn.execute(statement)
        conn.close()
        return
    import psycopg

    with psycopg.connect(url, autocommit=autocommit) as pg:
        for statement in statements:
            pg.execute(statement.encode())


def fetch(url: str, sql: str) -> list[tuple[Any, ...]]:
    """Every row ``sql`` returns, in the order the database gives them."""
    if url.startswith(SQLITE):
        conn = sqlite3.connect(url.removeprefix(SQLITE))
        try:
            return conn.execute(sql).fetchall()
        finally:
            conn.close()
    import psycopg

    with psycopg.connect(url) as pg:
        return pg.execute(sql.encode()).fetchall()


def text_rows(url: str, table: str, columns: Sequence[str]) -> list[tuple[str | None, ...]]:
    """The values of ``columns`` of every row of ``table``, each cast to text by the database."""
    select = exp.select(
        *(exp.cast(exp.column(exp.to_identifier(c, quoted=True)), "TEXT") for c in columns)
    ).from_(exp.Table(this=exp.to_identifier(table, quoted=True)))
    return fetch(url, select.sql("sqlite" if url.startswith(SQLITE) else "postgres"))
