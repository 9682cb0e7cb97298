"""SQLite's ``INTEGER PRIMARY KEY AUTOINCREMENT``: read from files and databases, compared,
added and dropped by a table rebuild, and its promise (a rowid is never used again) kept
across every rebuild by carrying the table's counter in ``sqlite_sequence``."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.database import fetch
from wesley_gen.diff import diff_schemas
from wesley_gen.errors import InputError
from wesley_gen.hints import Hints
from wesley_gen.load import load_schema, load_text
from wesley_gen.load.snapshot import load_snapshot
from wesley_gen.model import Schema, canonical_json, stored_by
from wesley_gen.plan import plan_migration
from wesley_gen.render.sql import render_sql

COUNTED = "CREATE TABLE log (id INTEGER PRIMARY KEY AUTOINCREMENT, msg TEXT);"
PLAIN = "CREATE TABLE log (id INTEGER PRIMARY KEY, msg TEXT);"
WIDER = "CREATE TABLE log (id INTEGER PRIMARY KEY AUTOINCREMENT, msg TEXT NOT NULL DEFAULT '');"


def schema_of(ddl: str) -> Schema:
    return load_text(ddl, "s.sql", suffix=".sql", dialect="sqlite").schema


def scripts(old: str, new: str) -> tuple[str, str]:
    """swap.sql and rollback.sql of the migration from ``old`` to ``new`` on SQLite."""
    migration = plan_migration(
        schema_of(old), schema_of(new), Hints(), dialect="sqlite", migration_id="0002_case"
    )
    rendered = render_sql(migration)
    return rendered.swap, rendered.rollback


def test_the_key_column_is_counted_and_survives_the_snapshot() -> None:
    schema = schema_of(COUNTED)
    (table,) = schema.tables
    assert [c.autoincrement for c in table.columns] == [True, False]
    assert load_snapshot(canonical_json(schema), "schema.json").schema == schema
    assert '"autoincrement"' not in canonical_json(schema_of(PLAIN))  # older snapshots stay as they were


@pytest.mark.parametrize(
    "ddl",
    [
        "CREATE TABLE t (id INT PRIMARY KEY AUTOINCREMENT);",
        "CREATE TABLE t (id INTEGER AUTOINCREMENT, PRIMARY KEY (id));",
        "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT) WITHOUT ROWID;",
    ],
)
def test_autoincrement_off_a_rowid_key_is_refused_as_sqlite_refuses_it(ddl: str) -> None:
    with pytest.raises(InputError, match=r"AUTOINCREMENT on t\.id: SQLite allows it only on the INTEGER"):
        schema_of(ddl)


def test_adding_or_dropping_it_rebuilds_the_table() -> None:
    change = diff_schemas(schema_of(PLAIN), schema_of(COUNTED), dialect="sqlite").changes
    assert [(c.op, c.old, c.new) for c in change] == [  # type: ignore[union-attr]
        ("redefine_table", ("id no autoincrement",), ("id autoincrement",))
    ]
    swap, _ = scripts(PLAIN, COUNTED)
    assert '"id" INTEGER CONSTRAINT "log_pkey" PRIMARY KEY AUTOINCREMENT, "msg" TEXT)' in swap
    # PostgreSQL has no AUTOINCREMENT: a SQLite file planned for it compares without it.
    assert diff_schemas(schema_of(PLAIN), schema_of(COUNTED), dialect="postgres").changes == ()
    assert not any(
        c.autoincrement for t in stored_by(schema_of(COUNTED), "postgres").tables for c in t.columns
    )


def test_a_database_reads_as_the_file_that_built_it(sqlite_url: Callable[[str], str]) -> None:
    assert load_schema(sqlite_url(COUNTED + "INSERT INTO log (msg) VALUES ('a');")).schema == schema_of(
        COUNTED
    )


def test_a_rebuild_and_its_rollback_keep_the_counter(tmp_path: Path) -> None:
    """Rows 1..3 written, 3 deleted: the next row is 4 after the rebuild and after the rollback,
    never 3 again (a plain copy would restart the counter at the largest rowid left)."""
    path = tmp_path / "db.sqlite"
    url = f"sqlite:///{path}"
    swap, rollback = scripts(COUNTED, WIDER)
    with sqlite3.connect(path) as conn:
        conn.executescript(
            COUNTED + "INSERT INTO log (msg) VALUES ('a'), ('b'), ('c'); DELETE FROM log WHERE id = 3;"
        )
        conn.executescript(swap)
        conn.execute("INSERT INTO log (msg) VALUES ('d')")
        conn.commit()
        conn.executescript(rollback)
        conn.execute("INSERT INTO log (msg) VALUES ('e')")
        conn.commit()
    assert fetch(url, "SELECT id, msg FROM log ORDER BY id") == [(1, "a"), (2, "b"), (4, "d"), (5, "e")]
    assert fetch(url, "SELECT name, seq FROM sqlite_sequence") == [("log", 5)]
    assert load_schema(url).schema == schema_of(COUNTED)
