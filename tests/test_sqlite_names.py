"""SQLite's names: kept as written, matched without regard to the case of ASCII letters.

SQLite stores ``CREATE TABLE Notes (ID …)`` as ``Notes`` and ``ID`` (sqlite_schema,
PRAGMA table_xinfo) and finds the table as ``notes``.  The model keeps every name as
declared (a reference in another case is spelled as the object it means), and a name
changed only in case between two schemas is the same table or column, renamed, never
dropped and made anew.  The migrated database's names are those of one built from the
new schema (tests/corpus/sqlite/names holds the cases the dump oracle judges).
"""

from __future__ import annotations

import sqlite3

import pytest

from wesley_gen.changes import AddTable, DropTable, RenameColumn, RenameTable
from wesley_gen.diff import diff_schemas
from wesley_gen.hints import Hints
from wesley_gen.load import load_text
from wesley_gen.model import Schema
from wesley_gen.plan import Options, plan_migration
from wesley_gen.render.sql import render_sql


def sqlite_schema(ddl: str) -> Schema:
    return load_text(ddl, "s.sql", suffix=".sql", dialect="sqlite").schema


def names(conn: sqlite3.Connection) -> list[tuple[str, str, list[str]]]:
    """(kind, name, column names) of every table and index, as SQLite stores them."""
    rows = conn.execute("SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
    return [
        (kind, name, [c[1] for c in conn.execute(f'PRAGMA {kind}_info("{name}")')])
        for kind, name in rows.fetchall()
    ]


def migrated(old: str, new: str) -> tuple[sqlite3.Connection, sqlite3.Connection, str]:
    """A database built from ``old`` and migrated to ``new`` (expand and swap), one built from
    ``new``, and the swap's SQL."""
    migration = plan_migration(
        sqlite_schema(old),
        sqlite_schema(new),
        Hints(),
        dialect="sqlite",
        migration_id="0002_case",
        options=Options(allow_destructive=True),
    )
    scripts = render_sql(migration)
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.executescript(old)
    conn.executescript(scripts.expand)
    conn.executescript(scripts.swap)
    target = sqlite3.connect(":memory:")
    target.executescript(new)
    return conn, target, scripts.swap


OLD = """
CREATE TABLE Notes (ID integer PRIMARY KEY, Flds text, usn integer);
CREATE INDEX ix_Notes_usn ON Notes (usn);
CREATE TABLE cards (id integer PRIMARY KEY, nid integer REFERENCES notes (id));
"""
NEW = """
CREATE TABLE notes (id integer PRIMARY KEY, Flds text, usn integer);
CREATE INDEX ix_notes_usn ON notes (usn);
CREATE TABLE cards (id integer PRIMARY KEY, nid integer REFERENCES notes (id));
"""


def test_a_name_changed_only_in_case_is_a_rename_on_sqlite() -> None:
    result = diff_schemas(sqlite_schema(OLD), sqlite_schema(NEW), dialect="sqlite")
    renames = [c for c in result.changes if isinstance(c, RenameTable | RenameColumn)]
    assert renames == [RenameTable("Notes", "notes"), RenameColumn("notes", "ID", "id")]
    assert "without regard to case" in renames[0].hint
    assert not [c for c in result.changes if isinstance(c, AddTable | DropTable)]


def test_a_rename_claimed_otherwise_wins_over_the_case() -> None:
    old = sqlite_schema("CREATE TABLE Notes (id integer PRIMARY KEY);")
    new = sqlite_schema("CREATE TABLE archive (id integer PRIMARY KEY); CREATE TABLE notes (id integer);")
    changes = diff_schemas(old, new, Hints.from_flags(["Notes=archive"]), dialect="sqlite").changes
    assert RenameTable("Notes", "archive") in changes
    assert [c.table for c in changes if isinstance(c, AddTable)] == ["notes"]


def test_names_differing_in_case_are_two_tables_on_postgres() -> None:
    old = sqlite_schema("CREATE TABLE Notes (id integer PRIMARY KEY);")
    new = sqlite_schema("CREATE TABLE notes (id integer PRIMARY KEY);")
    changes = diff_schemas(old, new, dialect="postgres").changes
    assert {type(c) for c in changes} >= {AddTable, DropTable}
    assert not [c for c in changes if isinstance(c, RenameTable)]


def test_the_migrated_database_names_everything_as_the_new_schema() -> None:
    conn, target, swap = migrated(OLD, NEW)
    assert names(conn) == names(target)
    # SQLite refuses to rename a table to its own name in other case: it passes through another
    assert 'ALTER TABLE "Notes" RENAME TO "notes__wesley_rebuild";' in swap
    # and an index named anew only in case is dropped before it is made again
    assert swap.index('DROP INDEX "ix_Notes_usn"') < swap.index('CREATE INDEX "ix_notes_usn"')


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "CREATE TABLE Decks (ID integer PRIMARY KEY, Name text);",
            "CREATE TABLE Decks (ID integer PRIMARY KEY, Name text NOT NULL);",
        ),
        (
            "CREATE TABLE Decks (ID integer PRIMARY KEY); CREATE TABLE c (d integer REFERENCES decks (id));",
            "CREATE TABLE Decks (ID integer PRIMARY KEY); CREATE TABLE c (d integer REFERENCES Decks (ID), e int NOT NULL DEFAULT 0);",
        ),
    ],
    ids=["rebuilt", "reference-respelled"],
)
def test_a_rebuilt_table_keeps_its_names_and_its_references_as_written(old: str, new: str) -> None:
    conn, target, _ = migrated(old, new)
    assert names(conn) == names(target)
    tables = [name for kind, name, _ in names(target) if kind == "table"]
    for table in tables:
        assert (
            conn.execute(f'PRAGMA foreign_key_list("{table}")').fetchall()
            == target.execute(f'PRAGMA foreign_key_list("{table}")').fetchall()
        )
