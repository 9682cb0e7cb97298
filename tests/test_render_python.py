"""The Python artifacts: ``catalog.py`` and ``backfill.py``, run against real databases.

Every generated script is written to a folder with its catalog and run as a
subprocess (``python backfill.py --db URL``) against a SQLite file or a fresh
PostgreSQL database holding rows: it must fill every row, change nothing when run
again, write nothing with ``--dry-run``, and report a bad database in one line.
The generated pair must pass ``mypy --strict`` for both dialects.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import black
import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.database import fetch
from tests.golden import GOLDEN, mypy_env
from wesley_gen.errors import InputError
from wesley_gen.hints import Hints
from wesley_gen.load import load_text
from wesley_gen.model import Column, PrimaryKey, Schema, Table, normalize_type, parse_type
from wesley_gen.plan import Migration, Options, plan_migration
from wesley_gen.render import python as render_python
from wesley_gen.render.python import (
    GeneratedCodeError,
    class_names,
    python_type,
    render_backfill,
    render_catalog,
)
from wesley_gen.runtime.backfill import (
    BATCH_LONGEST_PAUSE,
    WAL_BACKLOG_BYTES,
    Pace,
    PostgresDatabase,
    Reclaim,
    in_batch,
)

ROWS = 2500
BATCH = "1000"
DIALECTS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


# --- helpers ----------------------------------------------------------------------------


@functools.cache
def sdl(text: str) -> Schema:
    return load_text(text, "x.graphql", suffix=".graphql").schema


NO_HINTS = Hints()


def plan(old: Schema, new: Schema, dialect: str, hints: Hints = NO_HINTS) -> Migration:
    return plan_migration(
        old, new, hints, dialect=dialect, migration_id="0001_x", options=Options(allow_destructive=True)
    )


def table(name: str, columns: Sequence[tuple[str, str, bool]], key: Sequence[str] = ()) -> Table:
    """A table from (name, type, nullable) triples and its primary-key columns."""
    return Table(
        name,
        tuple(Column(c, parse_type(t), nullable) for c, t, nullable in columns),
        PrimaryKey(f"{name}_pkey", tuple(key)) if key else None,
    )


def q(name: str) -> str:
    """A quoted identifier, for the tests' own setup SQL."""
    return '"' + name.replace('"', '""') + '"'


def write(migration: Migration, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "catalog.py").write_text(render_catalog(migration), encoding="utf-8")
    (folder / "backfill.py").write_text(render_backfill(migration), encoding="utf-8")
    return folder


def run(folder: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the script from another directory, as a user would."""
    return subprocess.run(
        [sys.executable, str(folder / "backfill.py"), "--db", url, *args],
        capture_output=True,
        text=True,
        cwd=folder.parent,
        timeout=120,
    )


@dataclass
class Db:
    """A real database for one test: a SQLite file or a fresh PostgreSQL database."""

    dialect: str
    url: str

    @property
    def p(self) -> str:
        return "%s" if self.dialect == "postgres" else "?"

    def execute(self, sql: str, rows: Sequence[Sequence[Any]] = ()) -> None:
        if self.dialect == "postgres":
            with psycopg.connect(self.url, autocommit=True) as conn:
                if rows:
                    conn.cursor().executemany(sql, rows)
                else:
                    conn.execute(sql.encode())
            return
        conn = sqlite3.connect(self.url.removeprefix("sqlite:///"))
        try:
            if rows:
                conn.executemany(sql, rows)
            else:
                conn.executescript(sql)
            conn.commit()
        finally:
            conn.close()

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        return fetch(self.url, sql)

    def checksum(self, name: str) -> str:
        rows = sorted(repr(row) for row in self.query(f"SELECT * FROM {q(name)}"))
        return hashlib.sha256("\n".join(rows).encode()).hexdigest()


@pytest.fixture(params=DIALECTS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Db:
    if request.param == "postgres":
        return Db("postgres", request.getfixturevalue("pg_url"))
    path = tmp_path / "app.sqlite"
    sqlite3.connect(path).close()
    return Db("sqlite", f"sqlite:///{path}")


def backfill_checked(
    db: Db, migration: Migration, folder: Path, name: str, need: int, *, dry_run: bool = False
) -> str:
    """Run and rerun the backfill of ``migration`` (after a dry run); return the first run's stderr.

    The dry run must count ``need`` rows and write nothing; the rerun (with batches
    sized by time, the default) must change nothing and fill no row.
    """
    write(migration, folder)
    if dry_run:
        before = db.checksum(name)
        dry = run(folder, db.url, "--dry-run")
        assert dry.returncode == 0, dry.stderr
        assert f"{need} rows need work in {len(migration.backfills)} tasks" in dry.stdout
        assert db.checksum(name) == before
    first = run(folder, db.url, "--batch-size", BATCH, "--batch-ms", "0")  # batches of exactly 1000
    assert first.returncode == 0, first.stderr
    filled = db.checksum(name)
    again = run(folder, db.url)
    assert again.returncode == 0, again.stderr
    assert db.checksum(name) == filled
    assert "backfill done, 0 rows filled" in again.stderr
    return first.stderr


USERS_V1 = """
type User @wes_table {
  id: Int! @wes_pk
  name: String!
  age: Int
}
"""
USERS_V2 = """
type User @wes_table {
  id: Int! @wes_pk
  name: String!
  age: Int
  email: String!
}
"""


def create_users(db: Db, *extra: str) -> None:
    columns = ", ".join(["id INTEGER PRIMARY KEY", "name TEXT NOT NULL", "age INTEGER", "email TEXT", *extra])
    db.execute(f"CREATE TABLE users ({columns})")
    rows = [(i, f"User {i}", None if i % 10 == 0 else i) for i in range(1, ROWS + 1)]
    db.execute(f"INSERT INTO users (id, name, age) VALUES ({db.p}, {db.p}, {db.p})", rows)


# --- backfills against real databases ---------------------------------------------------


def test_new_required_column_gets_the_zero_value(db: Db, tmp_path: Path) -> None:
    migration = plan(sdl(USERS_V1), sdl(USERS_V2), db.dialect)
    (task,) = migration.backfills
    assert (task.column, task.value.sql(), task.invented) == ("email", "''", True)
    create_users(db)
    stderr = backfill_checked(db, migration, tmp_path / "m", "users", ROWS, dry_run=True)
    assert db.query("SELECT count(*) FROM users WHERE email = ''") == [(ROWS,)]
    assert f"users.email: done, {ROWS} rows filled in 3 batches" in stderr


def test_backfill_expression(db: Db, tmp_path: Path) -> None:
    hints = Hints.from_flags(backfills=["users.email=lower(name) || '@example.org'"])
    migration = plan(sdl(USERS_V1), sdl(USERS_V2), db.dialect, hints)
    create_users(db)
    backfill_checked(db, migration, tmp_path / "m", "users", ROWS)
    wrong = db.query(
        "SELECT count(*) FROM users WHERE email IS NULL OR email <> lower(name) || '@example.org'"
    )
    assert wrong == [(0,)]
    assert db.query("SELECT email FROM users WHERE id = 7") == [("user 7@example.org",)]


def test_the_backfill_counts_first_and_shows_the_total_percentage_rate_and_time_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 16 point 6: backfill.py, on its own as under ``migrate``, counts the rows it has to
    fill before filling any and says each line of progress of that total (not a terminal here:
    a line at most every PROGRESS_EVERY_SECONDS, every batch with it set below zero)."""
    import importlib.util

    from wesley_gen.runtime import backfill as runtime

    db = Db("sqlite", f"sqlite:///{tmp_path / 'app.sqlite'}")
    create_users(db)
    folder = write(plan(sdl(USERS_V1), sdl(USERS_V2), "sqlite"), tmp_path / "m")
    spec = importlib.util.spec_from_file_location("backfill_under_test", folder / "backfill.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    monkeypatch.setattr(runtime, "PROGRESS_EVERY_SECONDS", -1.0)
    assert script.BACKFILL.main(["--db", db.url, "--batch-size", BATCH, "--batch-ms", "0"]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert lines[:2] == [
        f"migration {script.BACKFILL.migration}: {ROWS} rows to fill by 1 tasks",
        f"users.email: fill users.email with '', the zero value of text (c1): {ROWS} rows to fill",
    ]
    shown = [line.split(", ")[0] for line in lines if "/2,500 rows (" in line]
    assert shown == ["users.email: 1,000/2,500 rows (40%)", "users.email: 2,000/2,500 rows (80%)",
                     "users.email: 2,500/2,500 rows (100%)"]  # fmt: skip
    assert all(re.search(r" rows/s, \d+ s left$", line) for line in lines if "/2,500 rows (" in line)
    assert lines[-2].startswith(f"users.email: done, {ROWS} rows filled in 3 batches")


@pytest.mark.postgres
def test_type_widening_fills_the_shadow_column(pg_url: str, tmp_path: Path) -> None:
    new = sdl(USERS_V1.replace("age: Int", "age: BigInt"))
    migration = plan(sdl(USERS_V1), new, "postgres")
    (task,) = migration.backfills
    assert (task.column, task.source) == ("age__wesley_new", "age")
    db = Db("postgres", pg_url)
    create_users(db, "age__wesley_new BIGINT")  # what expand.sql adds
    backfill_checked(db, migration, tmp_path / "m", "users", ROWS - ROWS // 10, dry_run=True)
    assert db.query("SELECT count(*) FROM users WHERE age__wesley_new IS DISTINCT FROM age") == [(0,)]
    assert db.query("SELECT count(*) FROM users WHERE age__wesley_new IS NULL") == [(ROWS // 10,)]
    # what swap.sql does: the shadow column takes the place of the old one
    db.execute("ALTER TABLE users DROP COLUMN age; ALTER TABLE users RENAME COLUMN age__wesley_new TO age")
    swapped = db.checksum("users")
    again = run(tmp_path / "m", db.url)
    assert again.returncode == 0, again.stderr
    assert "users.age: 'age__wesley_new' no longer there: the swap has already run" in again.stderr
    assert db.checksum("users") == swapped


def test_after_the_swap_there_is_nothing_to_do(db: Db, tmp_path: Path) -> None:
    """The value reads users.name, which the swap renames: a later run has nothing to do."""
    hints = Hints.from_flags(backfills=["users.email=lower(Name)"])  # unquoted: PostgreSQL folds it
    migration = plan(sdl(USERS_V1), sdl(USERS_V2), db.dialect, hints)
    create_users(db)
    folder = write(migration, tmp_path / "m")
    assert run(folder, db.url).returncode == 0
    db.execute("ALTER TABLE users RENAME COLUMN name TO display_name")  # what swap.sql does
    swapped = db.checksum("users")
    for args in ((), ("--dry-run",)):
        again = run(folder, db.url, *args)
        assert again.returncode == 0, again.stderr
        assert "users.email: 'name' no longer there: the swap has already run, nothing to do" in again.stderr
    assert db.checksum("users") == swapped


def test_composite_primary_key(db: Db, tmp_path: Path) -> None:
    columns = [("org_id", "integer", False), ("user_id", "integer", False), ("note", "text", True)]
    old = Schema((table("memberships", columns, ("org_id", "user_id")),))
    new = Schema((table("memberships", [*columns, ("role", "text", False)], ("org_id", "user_id")),))
    hints = Hints.from_flags(backfills=["memberships.role='member'"])
    migration = plan(old, new, db.dialect, hints)
    assert [k.name for k in migration.backfills[0].key] == ["org_id", "user_id"]
    db.execute(
        "CREATE TABLE memberships (org_id INTEGER NOT NULL, user_id INTEGER NOT NULL, note TEXT, role TEXT,"
        " PRIMARY KEY (org_id, user_id))"
    )
    rows = [(i % 7, i // 7, None) for i in range(ROWS)]  # keys arrive out of order
    db.execute(f"INSERT INTO memberships VALUES ({db.p}, {db.p}, {db.p}, NULL)", rows)
    stderr = backfill_checked(db, migration, tmp_path / "m", "memberships", ROWS)
    assert db.query("SELECT count(*) FROM memberships WHERE role = 'member'") == [(ROWS,)]
    assert f"memberships.role: done, {ROWS} rows filled in 3 batches" in stderr
    catalog = (tmp_path / "m" / "catalog.py").read_text(encoding="utf-8")
    assert "MembershipsKey = TypedDict(" in catalog


def test_table_without_primary_key(db: Db, tmp_path: Path) -> None:
    columns = [("name", "text", False)]
    old = Schema((table("events", columns),))
    new = Schema((table("events", [*columns, ("level", "text", False)]),))
    migration = plan(old, new, db.dialect, Hints.from_flags(backfills=["events.level=upper(name)"]))
    assert migration.backfills[0].key == ()
    db.execute("CREATE TABLE events (name TEXT NOT NULL, level TEXT)")
    db.execute(f"INSERT INTO events VALUES ({db.p}, NULL)", [(f"e{i}",) for i in range(ROWS)])
    db.execute("DELETE FROM events WHERE name LIKE 'e1%'")  # holes in the rowid / ctid sequence
    left = ROWS - 1111
    script = write(migration, tmp_path / "m") / "backfill.py"
    assert ("ctid" if db.dialect == "postgres" else "rowid") in script.read_text(encoding="utf-8")
    backfill_checked(db, migration, tmp_path / "m", "events", left, dry_run=True)
    assert db.query("SELECT count(*) FROM events WHERE level = upper(name)") == [(left,)]


@pytest.mark.postgres
def test_rows_whose_value_is_null_do_not_hold_the_walk_up(pg_url: str, tmp_path: Path) -> None:
    """Updating a row gives it a new ctid; a row the value leaves NULL still needs work."""
    columns = [("name", "text", False)]
    old = Schema((table("events", columns),))
    new = Schema((table("events", [*columns, ("level", "text", False)]),))
    hints = Hints.from_flags(backfills=["events.level=nullif(upper(name), 'E5')"])
    migration = plan(old, new, "postgres", hints)
    db = Db("postgres", pg_url)
    db.execute("CREATE TABLE events (name TEXT NOT NULL, level TEXT)")
    db.execute("INSERT INTO events VALUES (%s, NULL)", [(f"e{i}",) for i in range(ROWS)])
    db.execute("UPDATE events SET level = upper(name) WHERE name LIKE 'e2%'")  # an earlier, interrupted run
    result = run(write(migration, tmp_path / "m"), db.url, "--batch-size", "100", "--batch-ms", "0")
    assert result.returncode == 0, result.stderr
    assert db.query("SELECT name FROM events WHERE level IS NULL") == [("e5",)]
    assert db.query("SELECT count(*) FROM events WHERE level = upper(name)") == [(ROWS - 1,)]


ROWS_TO_VACUUM = 40_000  # a table of full pages, large enough for its free space to show


def _widened_users(pg_url: str, tmp_path: Path, rows: int) -> tuple[Db, Path]:
    """A PostgreSQL users table of ``rows`` full pages, as expand.sql leaves it for a widening
    of ``age``, and the migration folder whose backfill fills its shadow column."""
    migration = plan(sdl(USERS_V1), sdl(USERS_V1.replace("age: Int", "age: BigInt")), "postgres")
    db = Db("postgres", pg_url)
    db.execute(
        "CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL, age integer, email text,"
        " age__wesley_new bigint);"
        f"INSERT INTO users (id, name, age) SELECT i, 'User ' || i, i FROM generate_series(1, {rows}) AS i"
    )
    db.execute("VACUUM (FREEZE) users")
    return db, write(migration, tmp_path / "m")


@pytest.mark.postgres
def test_a_backfill_asked_to_vacuums_between_its_batches_so_the_table_does_not_double(
    pg_url: str, tmp_path: Path
) -> None:
    """Each row's new version goes where an earlier batch's old versions were: unvacuumed, a
    table of full pages ended the backfill nearly twice its size."""
    db, folder = _widened_users(pg_url, tmp_path, ROWS_TO_VACUUM)
    (before,) = db.query("SELECT pg_relation_size('users')")
    result = run(folder, db.url, "--vacuum-rounds", "4", "--batch-size", BATCH, "--batch-ms", "0")
    assert result.returncode == 0, result.stderr
    vacuums = [line for line in result.stderr.splitlines() if "between batches" in line]
    assert len(vacuums) == 3, result.stderr  # not after the last batch: swap.sql's
    assert all(line.startswith('users.age: vacuumed "users" between batches in ') for line in vacuums)
    assert db.query("SELECT count(*) FROM users WHERE age__wesley_new IS DISTINCT FROM age") == [(0,)]
    (after,) = db.query("SELECT pg_relation_size('users')")
    assert after[0] < before[0] * 1.5, (before, after)


@pytest.mark.postgres
def test_a_vacuum_between_batches_never_waits_for_the_table(pg_url: str, tmp_path: Path) -> None:
    """Another vacuum (an autovacuum, say) holding the table: the round is skipped and said,
    the batches go on."""
    db, folder = _widened_users(pg_url, tmp_path, ROWS_TO_VACUUM)
    with psycopg.connect(pg_url) as other:
        other.execute("LOCK TABLE users IN SHARE UPDATE EXCLUSIVE MODE")  # what a vacuum holds
        result = run(folder, db.url, "--vacuum-rounds", "4", "--batch-size", BATCH, "--batch-ms", "0")
    assert result.returncode == 0, result.stderr
    skipped = [line for line in result.stderr.splitlines() if "between batches" in line]
    assert len(skipped) == 3, result.stderr
    assert all("vacuum between batches skipped: skipping vacuum of " in line for line in skipped)
    assert db.query("SELECT count(*) FROM users WHERE age__wesley_new IS DISTINCT FROM age") == [(0,)]


@pytest.mark.postgres
def test_a_backfill_does_not_vacuum_unless_asked(pg_url: str, tmp_path: Path) -> None:
    db, folder = _widened_users(pg_url, tmp_path, ROWS_TO_VACUUM)
    result = run(folder, db.url)
    assert result.returncode == 0, result.stderr
    assert "between batches" not in result.stderr


class VacuumStub:
    """What :class:`Reclaim` asks of a database: its vacuums counted, each failing with ``error``."""

    def __init__(self, error: str | None = None) -> None:
        self.tries = 0
        self.error = error

    def errors(self) -> tuple[type[Exception], ...]:
        return (RuntimeError,)

    def reclaim(self, task: object) -> None:
        self.tries += 1
        if self.error:
            raise RuntimeError(self.error)


def reclaim_of(db: VacuumStub, count: int, rounds: int) -> Reclaim:
    return Reclaim(db, type("TaskStub", (), {"label": "users.age"})(), count, rounds)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("count", "rounds", "batches", "vacuums"),
    [
        (4000, 4, [1000] * 4, 3),  # not once every row counted is filled: swap.sql's vacuum follows
        (4000, 4, [1000, 2500, 500], 2),  # a batch that spans two rounds vacuums once
        (4000, 1, [1000] * 4, 0),  # the default: never
        (3, 4, [1, 1, 1], 0),  # fewer rows than rounds
    ],
)
def test_when_a_backfill_vacuums_between_batches(
    count: int, rounds: int, batches: list[int], vacuums: int
) -> None:
    db = VacuumStub()
    reclaim = reclaim_of(db, count, rounds)
    for rows in batches:
        reclaim.filled(rows)
    assert db.tries == vacuums


def test_a_vacuum_between_batches_that_fails_is_said_and_not_tried_again(
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = VacuumStub("canceling statement due to statement timeout")
    reclaim = reclaim_of(db, 8000, 4)
    for _ in range(8):
        reclaim.filled(1000)
    assert db.tries == 1
    assert capsys.readouterr().err == (
        "users.age: the vacuum between batches failed (canceling statement due to statement timeout);"
        " going on without\n"
    )


def test_batches_grow_while_transactions_are_short() -> None:
    pace = Pace(1000, 25)
    pace.took(0.001)  # far below 25 ms: double, no more
    assert pace.size == 2000
    pace.took(0.100)  # four times too long: a quarter
    assert pace.size == 500
    fixed = Pace(1000, 0)
    fixed.took(0.001)
    fixed.took(10.0)
    assert fixed.size == 1000


class Recorded:
    """A psycopg connection that keeps the text of every statement it executes."""

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn, self.sent = conn, list[str]()

    def execute(self, sql: str, params: Any = None) -> Any:
        self.sent.append(sql)
        return self.conn.execute(sql.encode() if not params else sql, params or None)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.conn, name)


@pytest.mark.postgres
@pytest.mark.parametrize(("backlog", "waits"), [(-1, True), (WAL_BACKLOG_BYTES, False)])
def test_a_postgres_batch_waits_for_the_disk_when_much_wal_is_not_on_it(
    pg_url: str, backlog: int, waits: bool
) -> None:
    """A batch commits asynchronously (its row locks go at once); when it leaves more than
    WAL_BACKLOG_BYTES of WAL not on disk, a one-row synchronous commit waits for the flush before
    the next batch: the backfill never runs far ahead of the disk, so an application commit
    never has a pile of the backfill's WAL to flush before its own.  A small batch goes on (the
    WAL writer flushes a large one's as it goes, so a backlog of -1 bytes stands for one here)."""
    db = PostgresDatabase(pg_url)
    db.wal_backlog = backlog
    recorded = Recorded(db._conn)
    db._conn = recorded  # type: ignore[assignment]
    try:
        db.run("CREATE TABLE filled (id integer)", ())

        def batch() -> str:
            db.run("INSERT INTO filled SELECT generate_series(1, 10)", ())
            return str(db.one("SELECT pg_current_wal_insert_lsn()::text", ())[0])  # type: ignore[index]

        end, _ = in_batch(db, "filled", batch)
        flush = [
            "SET LOCAL synchronous_commit = on",
            "SELECT pg_logical_emit_message(true, 'wesley-gen', '')",
        ]
        assert (recorded.sent[-2:] == flush) is waits
        if waits:
            assert db.one("SELECT pg_current_wal_flush_lsn() >= %s::pg_lsn", (end,)) == (True,)
    finally:
        db.close()


@pytest.mark.postgres
@pytest.mark.parametrize("slow", [True, False])
def test_a_flush_the_disk_was_slow_to_take_pauses_the_backfill_as_long(
    pg_url: str, slow: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A flush of the backlog slower than WAL_FLUSH_SLOW_SECONDS found the disk behind, with the
    application's commits queued behind the backfill's writes: the backfill pauses as long as
    the flush took, so that the disk catches up.  (Slow is forced here: any flush counts.)"""
    paused: list[float] = []
    monkeypatch.setattr("wesley_gen.runtime.backfill.time.sleep", paused.append)
    db = PostgresDatabase(pg_url)
    db.wal_backlog, db.flush_slow = -1, -1.0 if slow else float("inf")
    try:
        db.run("CREATE TABLE filled (id integer)", ())
        in_batch(db, "filled", lambda: db.run("INSERT INTO filled VALUES (1)", ()))
        assert len(paused) == slow and all(0 <= seconds <= BATCH_LONGEST_PAUSE for seconds in paused)
    finally:
        db.close()


@pytest.mark.postgres
def test_a_postgres_batch_holds_no_transaction_open_after_its_fill(pg_url: str) -> None:
    """A batch's fill commits with its statement: its row locks never wait for this client's
    COMMIT (on a busy machine the application's writes to those rows waited up to 0.4 s on
    a batch left idle in its transaction).  Checked from another session, as the application
    would see it, while the batch's work has not returned yet."""
    db = PostgresDatabase(pg_url)
    try:
        db.run("CREATE TABLE filled (id integer PRIMARY KEY, n integer)", ())
        db.run("INSERT INTO filled SELECT i, NULL FROM generate_series(1, 10) AS i", ())

        def batch() -> tuple[object, ...]:
            db.run("UPDATE filled SET n = id WHERE id <= 5", ())
            with psycopg.connect(pg_url, autocommit=True) as other:
                other.execute("SET lock_timeout = '1s'")
                other.execute("UPDATE filled SET n = 0 WHERE id = 1")  # waits (and fails) if held
                state = other.execute(
                    "SELECT state FROM pg_stat_activity WHERE application_name = 'wesley-gen backfill'"
                ).fetchone()
            assert state is not None
            return tuple(state)

        (state,), _ = in_batch(db, "filled", batch)
        assert state == "idle"
    finally:
        db.close()


HOSTILE_TABLE = 'we"ird tbl ü select'
HOSTILE_NAME = 'Na"me %s ?'


def test_hostile_names(db: Db, tmp_path: Path) -> None:
    columns = [("select", "integer", False), (HOSTILE_NAME, "text", False)]
    old = Schema((table(HOSTILE_TABLE, columns, ("select",)),))
    new = Schema((table(HOSTILE_TABLE, [*columns, ("e mail", "text", False)], ("select",)),))
    value = f"'100%? ' || lower({q(HOSTILE_NAME)})"
    migration = plan(old, new, db.dialect, Hints(backfills=((HOSTILE_TABLE, "e mail", value),)))
    db.execute(
        f"CREATE TABLE {q(HOSTILE_TABLE)} ({q('select')} INTEGER PRIMARY KEY, {q(HOSTILE_NAME)} TEXT, {q('e mail')} TEXT)"
    )
    db.execute(
        f"INSERT INTO {q(HOSTILE_TABLE)} VALUES ({db.p}, {db.p}, NULL)", [(i, f"N{i}") for i in range(ROWS)]
    )
    stderr = backfill_checked(db, migration, tmp_path / "m", HOSTILE_TABLE, ROWS)
    assert db.query(f"SELECT {q('e mail')} FROM {q(HOSTILE_TABLE)} WHERE {q('select')} = 42") == [
        ("100%? n42",)
    ]
    assert db.query(f"SELECT count(*) FROM {q(HOSTILE_TABLE)} WHERE {q('e mail')} IS NULL") == [(0,)]
    assert f"{HOSTILE_TABLE}.e mail: done, {ROWS} rows filled" in stderr


def test_no_backfill_at_all(db: Db, tmp_path: Path) -> None:
    old = Schema((table("t", [("a", "text", True)]),))
    new = Schema((table("t", [("a", "text", True), ("b", "text", True)]),))
    migration = plan(old, new, db.dialect)
    assert migration.backfills == ()
    result = run(write(migration, tmp_path / "m"), db.url)
    assert result.returncode == 0, result.stderr
    assert "nothing to backfill" in result.stderr


# --- failures -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def users_script(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The folder of the users.email backfill for a dialect, written once for the module."""
    root = tmp_path_factory.mktemp("users")

    @functools.cache
    def folder(dialect: str) -> Path:
        return write(plan(sdl(USERS_V1), sdl(USERS_V2), dialect), root / dialect)

    return folder


def test_missing_sqlite_file_is_one_line_and_exit_1(
    tmp_path: Path, users_script: Callable[[str], Path]
) -> None:
    result = run(users_script("sqlite"), f"sqlite:///{tmp_path / 'nowhere.db'}")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("backfill.py: error: no SQLite database file at ")
    assert not (tmp_path / "nowhere.db").exists()


@pytest.mark.postgres
def test_unreachable_postgres_is_one_line_without_the_password(users_script: Callable[[str], Path]) -> None:
    result = run(users_script("postgres"), "postgresql://wesley:s3cret-pw@127.0.0.1:1/nope")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("backfill.py: error: database could not be reached")
    assert "s3cret-pw" not in result.stderr
    assert "Traceback" not in result.stderr


def test_database_error_mid_run_is_one_line(db: Db, users_script: Callable[[str], Path]) -> None:
    create_users(db, "CHECK (email <> '')")  # the zero value '' breaks it
    result = run(users_script(db.dialect), db.url)
    assert result.returncode == 1
    *_, last = result.stderr.splitlines()
    assert last.startswith("backfill.py: error: users.email: ")
    assert "check" in last.lower()
    assert "Traceback" not in result.stderr
    assert db.query("SELECT count(*) FROM users WHERE email IS NULL") == [(ROWS,)]  # the batch rolled back


def test_before_expand_is_an_error(tmp_path: Path, users_script: Callable[[str], Path]) -> None:
    path = tmp_path / "app.sqlite"
    sqlite3.connect(path).close()
    db = Db("sqlite", f"sqlite:///{path}")
    db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, age INTEGER)")  # no email yet
    for args in ((), ("--dry-run",)):
        result = run(users_script("sqlite"), db.url, *args)
        assert result.returncode == 1
        assert result.stderr == "backfill.py: error: users.email: no column 'email': run expand.sql first\n"


@pytest.mark.parametrize(
    "args",
    [
        ["--batch-size", "0", "--db", "sqlite:///x.db"],
        ["--batch-size", "many", "--db", "sqlite:///x.db"],
        ["--batch-ms", "-1", "--db", "sqlite:///x.db"],
        ["--db", "postgresql://localhost/x"],  # the script was generated for SQLite
        [],
    ],
)
def test_bad_usage_exits_2(args: list[str], users_script: Callable[[str], Path]) -> None:
    script = users_script("sqlite") / "backfill.py"
    result = subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "usage: backfill.py" in result.stderr


# --- the generated code -------------------------------------------------------------------


@functools.cache
def rich_migration(dialect: str) -> Migration:
    """A migration with every kind of task the dialect has: key, composite key, no key, shadow."""
    columns = [("a", "integer", False), ("b", "text", False), ("select", "uuid", True)]
    tables = (
        table("composite", columns, ("a", "b")),
        table("plain", columns),
        table(HOSTILE_TABLE, columns, ("select",)),
    )
    added = Column("added", normalize_type("text"), False)
    old = Schema((*sdl(USERS_V1).tables, *tables))
    new = Schema(
        (
            *sdl(USERS_V2.replace("age: Int", "age: BigInt")).tables,
            *(Table(t.name, (*t.columns, added), t.primary_key) for t in tables),
        )
    )
    return plan(old, new, dialect)


def test_generated_code_passes_mypy_strict(tmp_path: Path) -> None:
    """Both dialects' scripts with their catalogs, one mypy per folder, side by side."""
    folders = [write(rich_migration(dialect), tmp_path / dialect) for dialect in ("sqlite", "postgres")]

    def mypy(folder: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "mypy", "--strict", "--cache-dir", os.devnull, str(folder)],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=120,
            env=mypy_env(),
        )

    with ThreadPoolExecutor(len(folders)) as pool:
        results = list(pool.map(mypy, folders))
    for result in results:
        assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_rendering_is_deterministic(dialect: str) -> None:
    migration = rich_migration(dialect)
    assert render_catalog(migration) == render_catalog(migration)
    assert render_backfill(migration) == render_backfill(migration)


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_generated_modules_say_they_are_generated(dialect: str) -> None:
    migration = rich_migration(dialect)
    for text in (render_catalog(migration), render_backfill(migration)):
        head = text.splitlines()[0]
        assert head.startswith('"""') and "0001_x" in head
        assert "generated by wesley-gen" in text.lower() and "do not edit" in text


def statements(script: str) -> list[str]:
    """The SQL text constants of a generated script."""
    module = ast.parse(script)
    return [n.value for n in ast.walk(module) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def test_sql_is_built_per_dialect() -> None:
    sqlite, postgres = (statements(render_backfill(rich_migration(d))) for d in ("sqlite", "postgres"))
    assert (
        'SELECT "id" FROM "users" WHERE "id" > ? AND "email" IS NULL ORDER BY "id" LIMIT 1 OFFSET ?' in sqlite
    )
    assert (
        'SELECT "id" FROM "users" WHERE "id" > %s AND "email" IS NULL ORDER BY "id" LIMIT 1 OFFSET %s'
        in postgres
    )
    hostile = statements(render_backfill(rich_migration("postgres")))
    assert 'UPDATE "we""ird tbl ü select" SET "added" = \'\' WHERE "added" IS NULL' in hostile
    assert 'UPDATE "composite" SET "added" = \'\' WHERE ("a", "b") > (%s, %s) AND "added" IS NULL' in hostile
    assert (
        'SELECT ctid FROM "plain" WHERE ctid > CAST(%s AS tid) AND ctid < CAST(%s AS tid) AND "added" IS NULL'
        " ORDER BY ctid LIMIT 1 OFFSET %s"
    ) in hostile
    assert 'UPDATE "plain" SET "added" = \'\' WHERE ctid > CAST(%s AS tid) AND "added" IS NULL' in hostile
    assert 'SELECT COUNT(*) FROM "plain" WHERE "added" IS NULL' in hostile


def test_percent_in_a_value_is_escaped_for_psycopg_only() -> None:
    hints = Hints.from_flags(backfills=["users.email='50% ' || name"])
    postgres = statements(render_backfill(plan(sdl(USERS_V1), sdl(USERS_V2), "postgres", hints)))
    sqlite = statements(render_backfill(plan(sdl(USERS_V1), sdl(USERS_V2), "sqlite", hints)))
    assert 'UPDATE "users" SET "email" = \'50%% \' || name WHERE "email" IS NULL' in postgres
    assert 'UPDATE "users" SET "email" = \'50% \' || name WHERE "email" IS NULL' in sqlite


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("lower(?)", "must not contain query parameters"),
        ("lower(name); DROP TABLE users", "is not one sqlite SQL expression"),
        ("DROP TABLE users", "is not one sqlite SQL expression"),
        ("lower(name) name", "is not one sqlite SQL expression"),
    ],
)
def test_a_value_that_is_not_one_expression_is_refused(value: str, reason: str) -> None:
    hints = Hints.from_flags(backfills=[f"users.email={value}"])
    with pytest.raises(InputError, match=reason):  # when it is parsed, once, by the plan
        plan(sdl(USERS_V1), sdl(USERS_V2), "sqlite", hints)


def test_a_scalar_subquery_is_a_value() -> None:
    hints = Hints.from_flags(backfills=["users.email=(SELECT max(name) FROM users AS u)"])
    script = statements(render_backfill(plan(sdl(USERS_V1), sdl(USERS_V2), "sqlite", hints)))
    assert 'UPDATE "users" SET "email" = (SELECT MAX(name) FROM users AS u) WHERE "email" IS NULL' in script


def test_invalid_python_rendered_is_an_internal_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """backfill.py is compiled before it is written: a rendering bug (here, the runtime's API
    version written as broken code) fails generate, never a user's deploy."""
    monkeypatch.setattr(render_python, "RUNTIME_API", "def broken(:")
    migration = plan(sdl(USERS_V1), sdl(USERS_V2), "sqlite")
    with pytest.raises(GeneratedCodeError, match=r"backfill\.py was rendered as invalid Python"):
        render_backfill(migration)


# --- the catalog ---------------------------------------------------------------------------


def load_module(text: str, name: str = "catalog") -> dict[str, Any]:
    namespace: dict[str, Any] = {"__name__": name}
    exec(compile(text, f"{name}.py", "exec"), namespace)
    return namespace


def test_catalog_row_key_and_column_types() -> None:
    migration = rich_migration("postgres")
    catalog = load_module(render_catalog(migration))
    assert catalog["UsersRow"].__required_keys__ == {"id", "name", "age", "email"}
    assert catalog["UsersKey"].__annotations__ == {"id": int}
    assert catalog["UsersRow"].__annotations__["age"] == int | None
    info = catalog["COLUMNS"]["users"]
    assert list(info) == ["id", "name", "age", "email"]
    assert info["age"] == ("bigint", "int | None", True)
    assert (info["email"].sql_type, info["email"].python_type, info["email"].nullable) == (
        "text",
        "str",
        False,
    )


def test_catalog_of_hostile_names_is_valid_python() -> None:
    migration = rich_migration("sqlite")
    catalog = load_module(render_catalog(migration))
    assert set(catalog["COLUMNS"]) == {"composite", "plain", "users", HOSTILE_TABLE}
    assert "PlainKey" not in catalog  # no primary key, no key type
    hostile = class_names(migration.new)[HOSTILE_TABLE]
    assert catalog[f"{hostile}Row"].__annotations__["select"] == str | None
    assert catalog[f"{hostile}Key"].__annotations__ == {"select": str | None}


def test_the_catalog_types_only_the_tables_the_migration_changes_or_renames() -> None:
    """A table the migration leaves alone is not in catalog.py (a 1000-table schema made it
    megabytes); a renamed table is there under its new name, with the class names the whole
    schema gives it."""
    kept = table("kept", [("id", "bigint", False)], ["id"])
    old = Schema(
        (
            kept,
            table("grown", [("id", "bigint", False)], ["id"]),
            table("old_name", [("id", "bigint", False)]),
        )
    )
    new = Schema(
        (
            kept,
            table("grown", [("id", "bigint", False), ("note", "text", True)], ["id"]),
            table("new_name", [("id", "bigint", False)]),
        )
    )
    migration = plan(old, new, "postgres", Hints.from_flags(renames=["old_name=new_name"]))
    catalog = load_module(render_catalog(migration))
    assert set(catalog["COLUMNS"]) == {"grown", "new_name"}
    names = class_names(migration.new)
    assert f"{names['kept']}Row" not in catalog
    assert f"{names['grown']}Key" in catalog
    assert f"{names['new_name']}Row" in catalog


def test_a_catalog_of_no_table_is_black_stable() -> None:
    kept = Schema((table("kept", [("id", "bigint", False)], ["id"]),))
    migration = plan_migration(
        kept, kept, NO_HINTS, dialect="sqlite", migration_id="0001_x", options=Options(allow_empty=True)
    )
    text = render_catalog(migration)
    assert load_module(text)["COLUMNS"] == {}
    assert black_formatted(text) == text


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["order_items"], ["OrderItems"]),
        (["app.users"], ["AppUsers"]),
        (["select"], ["Select_"]),
        (["class"], ["Class_"]),
        (['we"ird tbl'], ["WeIrdTbl"]),
        (["2024 sales"], ["T2024Sales"]),
        (["!!!"], ["Table"]),
        (["café_ünï"], ["CaféÜnï"]),
        (["ﬁle"], ["File"]),  # NFKC: Python reads the ligature as "fi"
        (["order items", "order_items", "orderItems"], ["OrderItems", "OrderItems_3", "OrderItems_2"]),
    ],
)
def test_class_names(names: list[str], expected: list[str]) -> None:
    schema = Schema(tuple(table(n, [("a", "text", True)]) for n in names))
    found = class_names(schema)
    assert [found[n] for n in names] == expected
    assert all(name.isidentifier() for name in found.values())


@pytest.mark.parametrize(
    ("sql_type", "postgres", "sqlite"),
    [
        ("smallint", "int", "int"),
        ("bigint", "int", "int"),
        ("numeric(10,2)", "decimal.Decimal", "int | float"),
        ("double precision", "float", "float"),
        ("text", "str", "str"),
        ("varchar(20)", "str", "str"),
        ("uuid", "uuid.UUID", "str"),
        ("boolean", "bool", "int"),
        ("date", "datetime.date", "str"),
        ("timestamptz", "datetime.datetime", "str"),
        ("timetz", "datetime.time", "str"),
        ("interval", "datetime.timedelta", "str"),
        ("jsonb", "object", "str"),
        ("bytea", "bytes", "bytes"),
        ("varbit", "str", "str"),
        ("cidr", "ipaddress.IPv4Network | ipaddress.IPv6Network", "str"),
        ("integer[]", "list[int]", "str"),
        ("text[][]", "list[list[str]]", "str"),
        ("mood", "str", "str"),  # an enum
    ],
)
def test_python_types(sql_type: str, postgres: str, sqlite: str) -> None:
    column_type = parse_type(sql_type)
    assert python_type(column_type, "postgres", frozenset({"mood"})) == postgres
    assert python_type(column_type, "sqlite", frozenset({"mood"})) == sqlite


# --- laid out as black lays it out: black is a dependency of the tests, not of generate -------


def black_formatted(text: str) -> str:
    return black.format_str(text, mode=black.Mode(line_length=render_python.LINE_LENGTH))


GOLDEN_PYTHON = sorted((*GOLDEN.glob("*/expected/*/backfill.py"), *GOLDEN.glob("*/expected/*/catalog.py")))


def test_there_are_golden_python_files() -> None:
    assert len(GOLDEN_PYTHON) >= 40


@pytest.mark.parametrize("path", GOLDEN_PYTHON, ids=lambda p: str(p.relative_to(GOLDEN)))
def test_black_leaves_every_golden_python_file_unchanged(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert black_formatted(text) == text


@given(st.text())
def test_string_literals_are_quoted_as_black_quotes_them(value: str) -> None:
    literal = render_python._literal(value)
    assert black.strings.normalize_string_quotes(literal) == literal
    assert black.strings.normalize_string_quotes(repr(value)) == literal
    assert ast.literal_eval(literal) == value


# Names that make lines long, wide (East Asian characters count two columns for black),
# or full of quotes and escapes.
NAMES = st.one_of(
    st.text(st.sampled_from("ab_"), min_size=1, max_size=120),
    st.text(st.sampled_from("a\"'\\ %?ü界́\t"), min_size=1, max_size=70),
    st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), min_size=1, max_size=40),
)
TYPES = ["integer", "text", "inet", "cidr", "numeric(10,2)", "uuid", "timestamptz"]
ARRAYS = ["integer[]", "text[][]", "inet[]"]  # PostgreSQL only


@st.composite
def migrations(draw: st.DrawFn) -> Migration:
    """A table, maybe keyed by one or two of its columns, gains a required column: one backfill."""
    dialect = draw(st.sampled_from(["sqlite", "postgres"]))
    types = st.sampled_from(TYPES + ARRAYS if dialect == "postgres" else TYPES)
    name, *column_names = draw(st.lists(NAMES, min_size=3, max_size=4, unique_by=str.lower))
    name = name.replace(".", "_")  # not another schema's table
    columns = [Column(c, parse_type(draw(types)), draw(st.booleans())) for c in column_names]
    key = tuple(c.name for c in columns[: draw(st.integers(0, len(columns) - 1))])
    columns = [Column(c.name, c.type, c.nullable and c.name not in key) for c in columns]
    old = Table(name, tuple(columns[:-1]), PrimaryKey("pk", key) if key else None)
    added = Column(columns[-1].name, parse_type("text"), False)
    new = Table(name, (*columns[:-1], added), old.primary_key)
    return plan(Schema((old,)), Schema((new,)), dialect)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(migrations())
def test_black_leaves_generated_python_unchanged(migration: Migration) -> None:
    for text in (render_backfill(migration), render_catalog(migration)):
        assert black_formatted(text) == text


# --- the runtime the scripts import -----------------------------------------------------------


def test_a_script_for_another_runtime_api_stops_in_one_line(tmp_path: Path) -> None:
    folder = write(plan(sdl(USERS_V1), sdl(USERS_V2), "sqlite"), tmp_path / "m")
    script = folder / "backfill.py"
    script.write_text(script.read_text(encoding="utf-8").replace("runtime.require(1)", "runtime.require(99)"))
    result = run(folder, f"sqlite:///{tmp_path / 'app.db'}")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "written for wesley-gen's backfill runtime API 99" in result.stderr
    assert "wesley-gen check --fix" in result.stderr


def test_a_script_without_the_package_stops_in_one_line(tmp_path: Path) -> None:
    folder = write(plan(sdl(USERS_V1), sdl(USERS_V2), "sqlite"), tmp_path / "m")
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(  # -S: no site-packages, so no wesley_gen
        [sys.executable, "-S", str(folder / "backfill.py"), "--db", "sqlite:///x.db"],
        capture_output=True, text=True, cwd=tmp_path, env=environment, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr == (
        "backfill.py: error: this script needs wesley-gen's backfill runtime, API 1, "
        "which this Python does not have: pip install wesley-gen\n"
    )
