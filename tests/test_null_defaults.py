"""A column's ``DEFAULT NULL`` where PostgreSQL stores one: the model holds it exactly there.

PostgreSQL drops a default that cooks to a bare NULL constant (AddRelationNewConstraints) and
keeps one that a domain, a length coercion or a cast to another type wraps: pg_dump then writes
``DEFAULT NULL::character varying``, so a migration must write it too. Which columns keep one
was read from pg_attrdef on the server (the live test below holds the file to it).

SQLite stores every ``DEFAULT NULL`` written (``PRAGMA table_xinfo``'s ``dflt_value``), so
the model keeps each one there, from a file and from a database alike; like PostgreSQL's, it
gives no value (``valued_default``)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from tests.command import wesley
from tests.corpus import oracle
from tests.pgtools import run_ddl, sqlite_database
from tests.test_load_sql import table_of
from tests.test_table_options import sql_of
from wesley_gen.diff import diff_schemas
from wesley_gen.hints import Hints
from wesley_gen.load import load_schema
from wesley_gen.load.sql import load_sql
from wesley_gen.model import valued_default
from wesley_gen.plan import plan_migration
from wesley_gen.render.sql import render_sql

DOMAINS = "CREATE DOMAIN code AS text; CREATE DOMAIN short AS varchar(5) DEFAULT NULL;"
# column definition -> whether PostgreSQL stores the NULL default
COLUMNS = {
    "text DEFAULT NULL": False,
    "integer DEFAULT NULL": False,
    "varchar DEFAULT NULL": False,
    "numeric DEFAULT NULL::numeric": False,
    "timestamp DEFAULT NULL": False,
    "interval(3) DEFAULT NULL": False,
    "interval DEFAULT NULL::interval(2)": False,
    "text[] DEFAULT NULL": False,
    "code[] DEFAULT NULL": False,
    "text DEFAULT NULL::text": False,
    "text DEFAULT NULL::unknown": False,
    "varchar(10) DEFAULT NULL": True,
    "numeric(10,2) DEFAULT NULL": True,
    "char DEFAULT NULL": True,
    "char(3) DEFAULT NULL": True,
    "bit(3) DEFAULT NULL": True,
    "varbit(4) DEFAULT NULL": True,
    "timestamp(3) DEFAULT NULL": True,
    "time(2) DEFAULT NULL": True,
    "varchar(4)[] DEFAULT NULL": True,
    "code DEFAULT NULL": True,
    "short DEFAULT NULL": True,
    "code DEFAULT NULL::code": True,
    "varchar(4) DEFAULT NULL::varchar": True,
    "varchar(5) DEFAULT NULL::varchar(5)": True,
    "text DEFAULT NULL::varchar": True,
    "integer DEFAULT NULL::bigint": True,
    "interval(3) DEFAULT NULL::interval": True,
}
TABLE = "CREATE TABLE t (" + ", ".join(f"c{n} {c}" for n, c in enumerate(COLUMNS)) + ");"


@pytest.mark.parametrize(("column", "stored"), COLUMNS.items())
def test_a_null_default_is_kept_where_postgresql_stores_one(column: str, stored: bool) -> None:
    (default,) = [c.default for c in table_of(f"{DOMAINS} CREATE TABLE t (c {column})").columns]
    assert default == ("NULL" if stored else None)


def test_set_default_null_and_a_domain_s_default_null_are_kept_alike() -> None:
    schema = load_sql(
        f"{DOMAINS} CREATE TABLE t (a varchar(3), b text);"
        "ALTER TABLE t ALTER COLUMN a SET DEFAULT NULL; ALTER TABLE t ALTER COLUMN b SET DEFAULT NULL;",
        "s.sql",
    ).schema
    assert [c.default for c in schema.table("t").columns] == ["NULL", None]  # type: ignore[union-attr]
    assert [d.default for d in schema.domains] == [None, "NULL"]


def test_the_catalog_holds_the_null_defaults_the_file_says(pg_url: str) -> None:
    run_ddl(pg_url, DOMAINS + TABLE)
    live, written = load_schema(pg_url).schema, load_sql(DOMAINS + TABLE, "s.sql").schema
    defaults = [[c.default for c in s.table("t").columns] for s in (live, written)]  # type: ignore[union-attr]
    assert defaults[0] == defaults[1] == ["NULL" if stored else None for stored in COLUMNS.values()]
    assert [d.default for d in live.domains] == [d.default for d in written.domains]


def test_a_required_column_added_with_one_is_given_it_in_expand() -> None:
    """Added nullable and backfilled (NULL is no value for its rows), its stored default set
    in expand, NOT NULL in the swap."""
    expand, swap, _ = sql_of(
        "CREATE TABLE t (id integer PRIMARY KEY);",
        "CREATE TABLE t (id integer PRIMARY KEY, code varchar(3) NOT NULL DEFAULT NULL);",
    )
    assert 'ALTER TABLE "t" ALTER COLUMN "code" SET DEFAULT NULL;' in expand
    assert 'ALTER TABLE "t" ALTER COLUMN "code" SET NOT NULL;' in swap


# --- SQLite: every DEFAULT NULL written is stored (dflt_value), and kept -----------------------

SQLITE_TABLE = (
    "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT DEFAULT NULL, b INTEGER DEFAULT (null), "
    'c "quoted type" DEFAULT NULL, d TEXT NOT NULL DEFAULT NULL, e TEXT);'
)
SQLITE_DEFAULTS = ["NULL", "NULL", "NULL", "NULL", None]  # a, b (read by sqlglot), c, d, e


def test_sqlite_keeps_every_default_null_the_file_writes() -> None:
    columns = table_of(SQLITE_TABLE, dialect="sqlite").columns[1:]
    assert [c.default for c in columns] == SQLITE_DEFAULTS
    assert [valued_default(c) for c in columns] == [None] * 5  # none gives a value


def test_a_sqlite_database_holds_the_null_defaults_its_file_says(sqlite_url: Callable[[str], str]) -> None:
    live = load_schema(sqlite_url(SQLITE_TABLE)).schema
    written = load_sql(SQLITE_TABLE, "s.sql", dialect="sqlite").schema
    assert [c.default for c in live.table("t").columns[1:]] == SQLITE_DEFAULTS  # type: ignore[union-attr]
    assert live.table("t") == written.table("t")
    assert diff_schemas(live, written, dialect="sqlite").changes == ()


def test_a_sqlite_rebuild_writes_default_null_and_copies_the_column_as_it_is() -> None:
    """A change of default rebuilds the table on SQLite; a column added with DEFAULT NULL is
    copied as it is, not filled with it (``COALESCE(y, NULL)``), and written with it."""
    old, new = (load_sql(text, "s.sql", dialect="sqlite").schema for text in SQLITE_MIGRATIONS["added"][:2])
    scripts = render_sql(plan_migration(old, new, Hints(), dialect="sqlite", migration_id="0001_null"))
    assert 'ADD COLUMN "y" TEXT DEFAULT NULL;' in scripts.expand
    assert '"x" TEXT DEFAULT NULL, "y" TEXT DEFAULT NULL' in scripts.swap
    assert 'SELECT "id", "x", "y" FROM "t";' in scripts.swap


# (old, new, rows of old): the default made, dropped, or given to a column added NOT NULL
# (which it gives no value: the rows get the text zero value, as without a default).
SQLITE_MIGRATIONS = {
    "added": (
        "CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT);",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT DEFAULT NULL, y TEXT DEFAULT NULL);",
        [(1, "a"), (2, None)],
    ),
    "dropped": (
        "CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT DEFAULT NULL, y TEXT DEFAULT (NULL));",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT, y TEXT);",
        [(1, "a", None), (2, None, "b")],
    ),
    "required_column_added": (
        "CREATE TABLE t (id INTEGER PRIMARY KEY);",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, code TEXT NOT NULL DEFAULT NULL);",
        [(1,), (2,)],
    ),
}


@pytest.mark.parametrize("case", SQLITE_MIGRATIONS)
def test_a_sqlite_migration_makes_and_drops_default_null(case: str, tmp_path: Path) -> None:
    """Migrated with its rows, the database is the one its new file makes, by the corpus oracle
    (sqlite_schema and PRAGMA table_xinfo's dflt_value), and rolls back to the old one."""
    old, new, rows = SQLITE_MIGRATIONS[case]
    (tmp_path / "old.sql").write_text(old, encoding="utf-8")
    (tmp_path / "new.sql").write_text(new, encoding="utf-8")
    migrated, expected = tmp_path / "a.db", tmp_path / "b.db"
    sqlite_database(expected, new)
    url = sqlite_database(migrated, old)
    with closing(sqlite3.connect(migrated)) as conn, conn:
        marks = ", ".join("?" * len(rows[0]))
        conn.executemany(f"INSERT INTO t VALUES ({marks})", rows)
    before = oracle.sqlite_fingerprint(migrated)
    migrations = tmp_path / "migrations"
    generated = wesley(
        "generate", str(tmp_path / "old.sql"), str(tmp_path / "new.sql"), "-o", str(migrations / "0001_null"),
        "--dialect", "sqlite",
    )  # fmt: skip
    assert generated.returncode == 0, generated.stderr
    steps = ("--db", url, "--migrations", str(migrations), "--target", "test", "--lock-timeout", "0")
    applied = wesley("migrate", "up", *steps, "--force")
    assert applied.returncode == 0, applied.stderr
    assert oracle.sqlite_fingerprint(migrated) == oracle.sqlite_fingerprint(expected)
    with closing(sqlite3.connect(migrated)) as conn:
        kept = conn.execute("SELECT * FROM t ORDER BY id").fetchall()
    assert [row[: len(rows[0])] for row in kept] == rows
    rolled_back = wesley("migrate", "down", *steps)
    assert rolled_back.returncode == 0, rolled_back.stderr
    assert oracle.sqlite_fingerprint(migrated) == before
