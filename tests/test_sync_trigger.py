"""Columns the backfill fills stay filled while the application writes (issue 14, point 2).

On PostgreSQL expand.sql creates a trigger per shadow column and per backfilled new
column before the backfill starts, and the swap only drops it: rows inserted or updated
between the backfill and the swap (rows the backfill had copied already included) end
up with the right value, with no catch-up scan and no LOCK TABLE in the swap.  On SQLite
the rebuild converts every row from its source column.  rollback.sql drops the trigger
and its function at every step.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.database import execute, fetch
from tests.pgtools import Server, fresh_database
from tests.test_migrate_run import wesley
from wesley_gen.database_url import DatabaseUrl
from wesley_gen.load import load_schema
from wesley_gen.model import checksum
from wesley_gen.run.scripts import run_statements
from wesley_gen.statements import of_steps, read_manifest

OLD = "CREATE TABLE items (id integer PRIMARY KEY, qty integer NOT NULL, name text NOT NULL);\n"
NEW = (
    "CREATE TABLE items (id integer PRIMARY KEY, qty bigint NOT NULL, name text NOT NULL,"
    " label text NOT NULL);\n"
)
ROWS = 50
# Everything the check reads, in one order: the values each row must end with.
READ = "SELECT id, qty, name, label FROM items ORDER BY id"


# The value of the new column: plain, and one with a subquery that reads the row by the
# table's name (the trigger evaluates it against the row written, as a table of that name).
LABELS = ("items.label=upper(name)", "items.label=(SELECT upper(items.name))")


def _generate(folder: Path, dialect: str, label: str = LABELS[0]) -> Path:
    (folder / "old.sql").write_text(OLD, encoding="utf-8")
    (folder / "new.sql").write_text(NEW, encoding="utf-8")
    result = wesley(
        "generate", "old.sql", "new.sql", "-o", "m", "--dialect", dialect, "--backfill", label, cwd=folder
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return folder / "m"


@pytest.fixture(params=LABELS)
def migration(
    request: pytest.FixtureRequest, tmp_path: Path, pg_server: Server
) -> Iterator[tuple[Path, str]]:
    """The generated PostgreSQL migration (each value of the new column), and a database
    holding the old schema and ROWS rows."""
    folder = _generate(tmp_path, "postgres", request.param)
    with fresh_database(pg_server) as url:
        execute(url, OLD, f"INSERT INTO items SELECT i, i, 'n' || i FROM generate_series(1, {ROWS}) i")
        yield folder, url


def run_steps(folder: Path, url: str, *steps: str) -> None:
    run_statements(DatabaseUrl.parse(url), of_steps(read_manifest(folder), *steps), name=steps[0])


def run_backfill(folder: Path, url: str) -> None:
    command = [sys.executable, str(folder / "backfill.py"), "--db", url, "--batch-size", "7"]
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr


def _application_writes(url: str, first: int = ROWS + 1) -> None:
    """What the application (which knows only the old schema) writes: updates of copied rows,
    new rows from ``first`` on, an update of a new row."""
    execute(
        url,
        "UPDATE items SET qty = qty * 1000 WHERE id <= 10",  # rows the backfill copied
        "UPDATE items SET name = 'renamed' || id WHERE id BETWEEN 5 AND 15",
        f"INSERT INTO items (id, qty, name) SELECT i, i, 'n' || i FROM generate_series({first}, {first + 19}) i",
        f"UPDATE items SET qty = 2147483647 WHERE id = {first}",
    )


def test_writes_between_backfill_and_swap_are_kept(migration: tuple[Path, str]) -> None:
    folder, url = migration
    swap = (folder / "swap.sql").read_text(encoding="utf-8")
    assert "LOCK TABLE" not in swap and 'UPDATE "' not in swap, swap
    run_steps(folder, url, "expand")
    run_backfill(folder, url)
    _application_writes(url)
    expected = [(i, q, n, n.upper()) for i, q, n in fetch(url, "SELECT id, qty, name FROM items ORDER BY id")]
    run_steps(folder, url, "swap")
    assert fetch(url, READ) == expected
    assert fetch(url, "SELECT count(*) FROM pg_trigger WHERE tgname LIKE '%wesley_sync'") == [(0,)]
    assert fetch(url, "SELECT count(*) FROM pg_proc WHERE proname LIKE '%wesley_sync'") == [(0,)]


def test_writes_during_the_backfill_are_kept(migration: tuple[Path, str]) -> None:
    """Rows written after expand and before the backfill reached them: filled by the trigger."""
    folder, url = migration
    run_steps(folder, url, "expand")
    _application_writes(url)
    run_backfill(folder, url)
    _application_writes(url, first=ROWS + 100)
    expected = [(i, q, n, n.upper()) for i, q, n in fetch(url, "SELECT id, qty, name FROM items ORDER BY id")]
    run_steps(folder, url, "swap")
    assert fetch(url, READ) == expected


def _swap_until_attach(folder: Path, url: str) -> None:
    """The swap stopped before its attach stage (as a run whose attach timed out): its
    transaction and VALIDATE committed, the new column's trigger still in place."""
    swap = of_steps(read_manifest(folder), "swap")
    attach = next(s.group for s in swap if s.sql.endswith("SET NOT NULL"))
    run_statements(DatabaseUrl.parse(url), [s for s in swap if s.group < attach], name="swap")
    triggers = fetch(url, "SELECT tgname FROM pg_trigger WHERE tgname LIKE '%wesley_sync'")
    assert triggers == [("items_label__wesley_sync",)]


@pytest.mark.parametrize("reached", ["expand", "backfill", "writes", "swap before attach", "swap"])
def test_rollback_at_every_step_with_the_trigger_in_place(migration: tuple[Path, str], reached: str) -> None:
    folder, url = migration
    before = checksum(load_schema(DatabaseUrl.parse(url)).schema)
    rows = fetch(url, "SELECT id, qty, name FROM items ORDER BY id")
    run_steps(folder, url, "expand")
    if reached != "expand":
        run_backfill(folder, url)
    if reached.startswith(("writes", "swap")):
        execute(url, "UPDATE items SET name = name || '!' WHERE id = 3")
        rows = fetch(url, "SELECT id, qty, name FROM items ORDER BY id")
    if reached == "swap before attach":
        _swap_until_attach(folder, url)
    if reached == "swap":
        run_steps(folder, url, "swap")
    run_steps(folder, url, "undo-swap", "undo-expand")
    assert checksum(load_schema(DatabaseUrl.parse(url)).schema) == before
    assert fetch(url, "SELECT id, qty, name FROM items ORDER BY id") == rows
    assert fetch(url, "SELECT count(*) FROM pg_proc WHERE proname LIKE '%wesley_sync'") == [(0,)]
    execute(
        url, "INSERT INTO items (id, qty, name) VALUES (999, 1, 'after')"
    )  # no trigger left to fail on the old schema


def test_plan_and_statements_name_the_trigger(tmp_path: Path) -> None:
    folder = _generate(tmp_path, "postgres")
    plan = json.loads((folder / "plan.json").read_text(encoding="utf-8"))
    actions = [a for step in plan["steps"] for a in step["actions"]]
    assert any("trigger items_qty__wesley_sync" in a and "qty__wesley_new" in a for a in actions), actions
    assert any("trigger items_label__wesley_sync" in a and "dropped" in a for a in actions), actions
    removes = {s.removes.kind for s in read_manifest(folder) if s.removes is not None}
    assert {"trigger", "function"} <= removes


def test_sqlite_rebuild_converts_rows_updated_after_the_backfill(tmp_path: Path) -> None:
    folder = _generate(tmp_path, "sqlite")
    database = tmp_path / "app.db"
    url = f"sqlite:///{database}"
    execute(url, OLD, *(f"INSERT INTO items VALUES ({i}, {i}, 'n{i}')" for i in range(1, 6)))
    run_steps(folder, url, "expand")
    run_backfill(folder, url)
    execute(
        url,
        "UPDATE items SET qty = 500 WHERE id = 1",
        "UPDATE items SET name = 'renamed' WHERE id = 2",  # label, backfilled from it, must follow
        "INSERT INTO items (id, qty, name) VALUES (6, 6, 'n6')",
    )
    run_steps(folder, url, "swap")
    assert fetch(url, "SELECT id, qty, label FROM items WHERE id IN (1, 2, 6) ORDER BY id") == [
        (1, 500, "N1"),
        (2, 2, "RENAMED"),
        (6, 6, "N6"),
    ]


def test_a_trigger_reading_a_column_the_swap_drops_goes_with_it(tmp_path: Path) -> None:
    """Its function could no longer compute the value once the column is gone: the trigger is
    dropped in the swap's transaction, with the column, rather than at NOT NULL."""
    (tmp_path / "old.sql").write_text(OLD, encoding="utf-8")
    (tmp_path / "new.sql").write_text(
        "CREATE TABLE items (id integer PRIMARY KEY, qty integer NOT NULL, label text NOT NULL);\n",
        encoding="utf-8",
    )
    result = wesley(
        "generate", "old.sql", "new.sql", "-o", "m", "--dialect", "postgres", "--allow-destructive",
        "--backfill", "items.label=upper(name)", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    swap = of_steps(read_manifest(tmp_path / "m"), "swap")
    group = {s.group for s in swap if s.sql.startswith('ALTER TABLE "items" DROP COLUMN "name"')}
    dropped = {s.group for s in swap if s.sql.startswith("DROP TRIGGER")}
    assert dropped == group and len(group) == 1
