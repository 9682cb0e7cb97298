"""Progress of long steps: a total, a percentage, a rate and the time left; redrawn in place on
a terminal, a line every few seconds elsewhere, and nothing for a step shorter than that."""

from __future__ import annotations

import io
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import wesley_gen.progress as progress
from wesley_gen.database_url import DatabaseUrl
from wesley_gen.progress import Progress
from wesley_gen.run import scripts
from wesley_gen.statements import Statement

ROOT = Path(__file__).resolve().parent.parent


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_log_gets_a_line_every_few_seconds_with_total_percentage_rate_and_time_left() -> None:
    clock, said = _Clock(), []
    with Progress(
        "swap 0002_v2", 12, "statements", said.append, terminal=io.StringIO(), clock=clock
    ) as shown:
        clock.now += 1
        shown.advance(1)
        assert said == []  # a short step says nothing
        clock.now += progress.LOG_EVERY
        shown.advance(2)
    assert said == ["swap 0002_v2: 3/12 statements (25%), 0.5 statements/s, 18 s left"]


def test_a_step_with_nothing_to_do_says_nothing() -> None:
    clock, said = _Clock(), []
    with Progress("backfill 0002_v2", 0, "rows", said.append, terminal=io.StringIO(), clock=clock) as shown:
        clock.now += progress.LOG_EVERY
        shown.advance(0)  # a backfill batch that found every row filled already
    assert said == []


def test_a_terminal_line_is_redrawn_in_place_and_cleared_at_the_end() -> None:
    clock, terminal, said = _Clock(), _Terminal(), []
    with Progress("seeding", 200_000, "rows", said.append, terminal=terminal, clock=clock) as shown:
        clock.now += 4
        shown.advance(1_000)
        drawn = "\r\x1b[2Kseeding: 1,000/200,000 rows (0%), 250 rows/s, 13 min 16 s left"
        assert terminal.getvalue() == drawn
        shown.above("  a line of the step's own")  # the progress line is cleared first
        assert terminal.getvalue() == drawn + "\r\x1b[2K"
        clock.now += 1
        shown.advance(1_000)
    assert said == ["  a line of the step's own"]
    assert terminal.getvalue().endswith(
        "rows (1%), 400 rows/s, 8 min 15 s left\r\x1b[2K"
    )  # drawn again, then cleared


def test_without_a_total_the_line_says_what_is_done_and_how_fast() -> None:
    clock, said = _Clock(), []
    with Progress(
        "backfill 0002_v2", None, "rows", said.append, terminal=io.StringIO(), clock=clock
    ) as shown:
        clock.now += 10
        shown.advance(5_000)
    assert said == ["backfill 0002_v2: 5,000 rows, 500 rows/s"]


def test_steps_say_each_as_it_begins_with_the_time_elapsed_and_the_last_whatever_came_before() -> None:
    clock, said = _Clock(), list[str]()
    steps = progress.Steps("rehearsal", 5, said.append, clock=clock)
    steps.begin("seed")
    clock.now += 75
    steps.begin("migrate up 0001_email")
    clock.now += 1
    steps.last("tear the test database down")  # the steps between were not run: a failure
    assert said == [
        "rehearsal: step 1 of 5: seed (0 s elapsed)",
        "rehearsal: step 2 of 5: migrate up 0001_email (1 min 15 s elapsed)",
        "rehearsal: step 5 of 5: tear the test database down (1 min 16 s elapsed)",
    ]


@pytest.fixture
def every_advance_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "LOG_EVERY", -1.0)


@pytest.mark.usefixtures("every_advance_shown")
def test_migrate_shows_the_progress_of_its_checks_statements_backfill_swap_and_rollback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wesley_gen.api.migrate import migrate_down, migrate_up

    v1 = "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
    (tmp_path / "v1.sql").write_text(v1)
    (tmp_path / "v2.sql").write_text(v1.replace(");", ", email TEXT NOT NULL);"))
    subprocess.run(
        [sys.executable, "-m", "wesley_gen", "generate", "v1.sql", "v2.sql", "-o", "migrations/0001_email",
         "--dialect", "sqlite", "--backfill", "users.email=lower(name) || '@example.com'"],
        cwd=tmp_path, check=True, capture_output=True, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    conn = sqlite3.connect(tmp_path / "app.db")
    conn.executescript(v1 + " INSERT INTO users (name) VALUES ('Ada'), ('Brian'), ('Chidi');")
    conn.close()
    said: list[str] = []
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setattr(scripts, "COPY_PART", 1)  # the rebuild of users copies its 3 rows in 3 parts
    migrate_up(url, str(tmp_path / "migrations"), target="test", lock_timeout=5, say=said.append)
    shown = "\n".join(said)
    assert re.search(r"^expand 0001_email: 1/\d+ statements \(", shown, re.M), shown
    assert re.search(r"^backfill 0001_email: 3/3 rows \(100%\)", shown, re.M), shown
    assert re.search(r"^swap 0001_email: \d+/\d+ statements \(", shown, re.M), shown
    assert re.search(r"^swap 0001_email, copying users: 1/3 rows \(33%\)", shown, re.M), shown
    assert re.search(r"^swap 0001_email, copying users: 3/3 rows \(100%\)", shown, re.M), shown
    said.clear()
    migrate_down(url, str(tmp_path / "migrations"), target="test", lock_timeout=5, say=said.append)
    assert "rolling back 0001_email, copying users: 3/3 rows (100%)" in "\n".join(said), said
    assert re.search(r"^post-check 0001_email: \d+/\d+ checks \(100%\)", shown, re.M), shown


@pytest.mark.usefixtures("every_advance_shown")
def test_seeding_shows_tables_generated_and_rows_written(tmp_path: Path) -> None:
    from wesley_gen.database_url import DatabaseUrl
    from wesley_gen.run.testdb import seed

    database = tmp_path / "test.db"
    conn = sqlite3.connect(database)
    conn.executescript(
        "CREATE TABLE a (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
        " CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a (id));"
    )
    conn.close()
    said: list[str] = []
    seed(DatabaseUrl.parse(f"sqlite:///{database}"), rows=50, seed=1, say=said.append)
    assert "generating rows: 100/100 rows (100%)" in "\n".join(said), said
    assert any(line.startswith("seeding: 100/100 rows (100%)") for line in said), said


def test_generating_rows_advances_within_a_table() -> None:
    """One large table is most of a seeding's time: its progress moves as its rows are drawn,
    not once at its end (issue 16 point 6: the seeding printed nothing for 18 s)."""
    from wesley_gen.load import load_text
    from wesley_gen.seed import seed_data
    from wesley_gen.seed.generate import rows_to_generate

    ddl = "CREATE TABLE a (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
    schema = load_text(ddl, "a.sql", suffix=".sql", dialect="sqlite").schema
    advanced: list[int] = []
    seed_data(schema, rows=2_500, seed=1, advance=advanced.append)
    assert advanced == [1_000, 1_000, 500] and sum(advanced) == rows_to_generate(schema, 2_500)


def _rebuild(database: Path, rows: str, *, without_rowid: bool = False) -> list[Statement]:
    """A table ``t`` holding ``rows`` (an INSERT's VALUES), and the swap statements that rebuild it."""
    shape = " WITHOUT ROWID" if without_rowid else ""
    conn = sqlite3.connect(database)
    conn.executescript(
        f"CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY, name TEXT){shape};"
        f" INSERT INTO t (id, name) VALUES {rows}; DELETE FROM t WHERE id = 3;"
    )
    conn.close()
    sqls = [
        f'CREATE TABLE "t__wesley_rebuild" ("id" INTEGER NOT NULL PRIMARY KEY, "name" TEXT NOT NULL){shape}',
        'INSERT INTO "t__wesley_rebuild" ("id", "name") SELECT "id", "name" FROM "t"',
        'DROP TABLE "t"',
        'ALTER TABLE "t__wesley_rebuild" RENAME TO "t"',
    ]
    return [Statement(sql, "swap", (), 1) for sql in sqls]


@pytest.fixture
def copied_in_parts_of_two(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scripts, "COPY_PART", 2)


def _copying(said: list[str]) -> scripts.Copying:
    return lambda table, total: Progress(f"swap, copying {table}", total, "rows", said.append)


@pytest.mark.usefixtures("every_advance_shown", "copied_in_parts_of_two")
def test_a_rebuild_copies_a_large_table_in_rowid_ranges_and_shows_the_rows_copied(tmp_path: Path) -> None:
    database, said = tmp_path / "app.db", list[str]()
    rows = ", ".join(f"({i}, 'n{i}')" for i in range(1, 8))  # 3 is deleted: 6 rows
    statements = _rebuild(database, rows)
    ran = scripts.run_statements(
        DatabaseUrl.parse(f"sqlite:///{database}"), statements, copying=_copying(said)
    )
    assert ran.rows == 6
    assert [line.split(" rows")[0] for line in said] == [
        f"swap, copying t: {n}/6" for n in (2, 5, 6)
    ]  # 6 rows: 3 parts of the rowids 1..7, 3 rowids each (the last 1), one line each
    conn = sqlite3.connect(database)
    assert conn.execute("SELECT id, name FROM t ORDER BY rowid").fetchall() == [
        (i, f"n{i}") for i in (1, 2, 4, 5, 6, 7)
    ]
    conn.close()


@pytest.mark.usefixtures("copied_in_parts_of_two")
def test_a_rebuild_copied_in_parts_is_still_one_transaction(tmp_path: Path) -> None:
    """A row that fails in a later part rolls back the parts before it, and the whole swap."""
    database = tmp_path / "app.db"
    statements = _rebuild(database, "(1, 'a'), (2, 'b'), (4, 'c'), (5, NULL)")
    with pytest.raises(scripts.StatementFailed, match="NOT NULL constraint failed") as failed:
        scripts.run_statements(DatabaseUrl.parse(f"sqlite:///{database}"), statements, copying=_copying([]))
    assert failed.value.failure.statement == statements[1].sql  # the copy as written, not a part of it
    conn = sqlite3.connect(database)
    assert conn.execute("SELECT name FROM sqlite_schema").fetchall() == [("t",)]
    assert conn.execute("SELECT count(*) FROM t").fetchone() == (4,)
    conn.close()


@pytest.mark.usefixtures("every_advance_shown", "copied_in_parts_of_two")
def test_a_table_without_rowid_is_copied_in_one_statement(tmp_path: Path) -> None:
    database, said = tmp_path / "app.db", list[str]()
    statements = _rebuild(database, "(1, 'a'), (2, 'b'), (4, 'c'), (5, 'd')", without_rowid=True)
    ran = scripts.run_statements(
        DatabaseUrl.parse(f"sqlite:///{database}"), statements, copying=_copying(said)
    )
    assert (ran.rows, said) == (4, [])


@pytest.mark.usefixtures("every_advance_shown", "copied_in_parts_of_two")
def test_an_interrupt_between_the_parts_of_a_copy_leaves_the_table_as_it_was(tmp_path: Path) -> None:
    database = tmp_path / "app.db"
    statements = _rebuild(database, "(1, 'a'), (2, 'b'), (4, 'c'), (5, 'd')")

    def interrupted(line: str) -> None:
        raise KeyboardInterrupt  # Ctrl-C as the first part's rows are shown

    with pytest.raises(KeyboardInterrupt):
        scripts.run_statements(
            DatabaseUrl.parse(f"sqlite:///{database}"),
            statements,
            copying=lambda table, total: Progress(table, total, "rows", interrupted),
        )
    conn = sqlite3.connect(database)
    assert conn.execute("SELECT name FROM sqlite_schema").fetchall() == [("t",)]
    assert conn.execute("SELECT id FROM t ORDER BY id").fetchall() == [(1,), (2,), (4,), (5,)]
    conn.close()


@pytest.mark.usefixtures("every_advance_shown", "copied_in_parts_of_two")
def test_only_a_rebuilds_copy_is_run_in_parts(tmp_path: Path) -> None:
    """An aggregate copied in parts would give a row a part: a statement into any table but the
    rebuild's (named as the plan names it) runs as written."""
    from wesley_gen.plan import REBUILD_SUFFIX

    assert scripts.REBUILT == REBUILD_SUFFIX
    database, said = tmp_path / "app.db", list[str]()
    conn = sqlite3.connect(database)
    conn.executescript(
        "CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1), (2), (4), (5), (6);"
        " CREATE TABLE n (c INTEGER);"
    )
    conn.close()
    statements = [
        Statement('INSERT INTO "n" ("c") SELECT count(*) FROM "t"', "swap", (), 1),
        Statement('CREATE TABLE "t__wesley_rebuild" ("id" INTEGER)', "swap", (), 1),
        Statement('INSERT INTO "t__wesley_rebuild" ("id") SELECT MAX("id") FROM "t"', "swap", (), 1),
    ]  # the last as a hand edit could write it: the rebuild's copy, but an aggregate
    scripts.run_statements(DatabaseUrl.parse(f"sqlite:///{database}"), statements, copying=_copying(said))
    conn = sqlite3.connect(database)
    assert conn.execute("SELECT c FROM n").fetchall() == [(5,)]
    assert (conn.execute("SELECT id FROM t__wesley_rebuild").fetchall(), said) == ([(6,)], [])
    conn.close()
