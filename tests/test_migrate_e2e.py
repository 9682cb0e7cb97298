"""Every golden migration, run for real on SQLite and PostgreSQL with rows in the tables.

For each case and dialect: the old schema is created (by the migration wesley-gen
generates from an empty schema), seeded with rows, and the generated folder runs
step by step as its plan says: pre-check, expand.sql, backfill.py (a subprocess, as
a user runs it), the swap check, swap.sql, post-check.  Then the live schema must
diff to no changes against the new one, every row must still be there with its
values, a second backfill must change nothing, and, where the migration is
reversible, rollback.sql must bring back the old schema.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests import command
from tests.golden import GOLDEN, GoldenCase, golden_cases, mypy_env
from tests.pgtools import Server, fresh_database
from tests.rows import seed, table_rows
from wesley_gen.api.migrate import build_schema
from wesley_gen.changes import AlterColumnType, RenameColumn, RenameTable
from wesley_gen.database_url import DatabaseUrl
from wesley_gen.diff import diff_schemas
from wesley_gen.hints import Hints
from wesley_gen.load import load_schema
from wesley_gen.model import Schema
from wesley_gen.plan import Migration, Options, plan_migration
from wesley_gen.render.migration import render_migration
from wesley_gen.run.scripts import run_statements
from wesley_gen.statements import of_steps, read_manifest
from wesley_gen.write import write_folder

CASES = [(case, dialect) for case in golden_cases() for dialect in case.generate]
ROWS = 25
Database = Callable[[str], str]


@pytest.fixture
def database(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Database]:
    """A fresh, empty database of the dialect asked for; returns its URL."""
    cleanups: list[Iterator[str]] = []

    def make(dialect: str) -> str:
        if dialect == "sqlite":
            path = tmp_path / "app.db"
            path.touch()
            return f"sqlite:///{path}"
        server: Server = request.getfixturevalue("pg_server")
        context = fresh_database(server)
        cleanups.append(context)  # type: ignore[arg-type]
        return context.__enter__()

    yield make
    for context in cleanups:
        context.__exit__(None, None, None)  # type: ignore[attr-defined]


def load(case: GoldenCase) -> tuple[Schema, Schema]:
    return (
        load_schema(str(case.old), dialect=case.dialect).schema,
        load_schema(str(case.new), dialect=case.dialect).schema,
    )


def wesley(*args: str) -> subprocess.CompletedProcess[str]:
    return command.wesley(*args)


def backfill(folder: Path, url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(folder / "backfill.py"), "--db", url, "--batch-size", "7"],
        capture_output=True, text=True, check=False, timeout=120, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def run(url: str, folder: Path, *steps: str) -> None:
    """Run the statements of ``steps`` as the runtime does."""
    run_statements(DatabaseUrl.parse(url), of_steps(read_manifest(folder), *steps), name=" and ".join(steps))


def verify(folder: Path, url: str, stage: str, counts: Path) -> subprocess.CompletedProcess[str]:
    return wesley("verify", str(folder), "--db", url, "--stage", stage, "--counts", str(counts))


def generate(case: GoldenCase, dialect: str, old: Schema, new: Schema, folder: Path) -> Migration:
    migration = plan_migration(
        old, new, case.hints, dialect=dialect, migration_id=folder.name,
        options=Options(allow_destructive=case.allow_destructive, allow_empty=case.allow_empty),
    )  # fmt: skip
    write_folder(folder, render_migration(migration))
    return migration


def kept_columns(migration: Migration) -> dict[tuple[str, str], tuple[str, str]]:
    """(old table, old column) → (new table, new column) for columns whose values must survive."""
    table_names = {
        c.change.table: c.change.new_name for c in migration.changes if isinstance(c.change, RenameTable)
    }
    column_names = {
        (c.change.table, c.change.column): c.change.new_name
        for c in migration.changes
        if isinstance(c.change, RenameColumn)
    }
    retyped = {
        (c.change.table, c.change.column) for c in migration.changes if isinstance(c.change, AlterColumnType)
    }
    kept = {}
    for table in migration.old.tables:
        new_table_name = table_names.get(table.name, table.name)
        new_table = migration.new.table(new_table_name)
        if new_table is None:
            continue
        for column in table.columns:
            new_column = column_names.get((new_table_name, column.name), column.name)
            if new_table.column(new_column) is not None and (new_table_name, new_column) not in retyped:
                kept[table.name, column.name] = (new_table_name, new_column)
    return kept


def rows_digest(url: str, schema: Schema) -> str:
    digest = hashlib.sha256()
    for table in schema.tables:
        for row in table_rows(url, table.name, [c.name for c in table.columns]):
            digest.update(repr(row).encode())
    return digest.hexdigest()


def assert_no_changes(url: str, expected: Schema, dialect: str) -> None:
    live = load_schema(url).schema
    result = diff_schemas(live, expected, dialect=dialect)
    assert result.changes == (), [f"{c.op} {c.table}.{c.column} {c.name}" for c in result.changes]


@pytest.mark.parametrize(("case", "dialect"), CASES, ids=lambda v: getattr(v, "name", v))
def test_migration_runs_step_by_step(
    case: GoldenCase, dialect: str, database: Database, tmp_path: Path
) -> None:
    old, new = load(case)
    url = database(dialect)
    build_schema(url, old, dialect)
    seed(url, old, dialect, rows=ROWS, values=case.values)
    folder = tmp_path / f"0001_{case.name}"
    migration = generate(case, dialect, old, new, folder)
    kept = kept_columns(migration)
    before = {key: table_rows(url, key[0], [key[1]]) for key in kept}
    counts = tmp_path / "counts.json"

    result = verify(folder, url, "pre", counts)
    assert result.returncode == 0, result.stdout + result.stderr
    run(url, folder, "expand")
    result = backfill(folder, url)
    assert result.returncode == 0, result.stderr
    result = verify(folder, url, "swap", counts)
    assert result.returncode == 0, result.stdout + result.stderr
    run(url, folder, "swap")
    result = verify(folder, url, "post", counts)
    assert result.returncode == 0, result.stdout + result.stderr

    assert_no_changes(url, new, dialect)
    for (old_table, old_column), (new_table, new_column) in kept.items():
        assert table_rows(url, new_table, [new_column]) == before[old_table, old_column], (
            new_table,
            new_column,
        )
    for task in migration.backfills:
        filled = table_rows(url, task.target_table, [task.target_column])
        assert len(filled) == ROWS

    digest = rows_digest(url, new)
    result = backfill(folder, url)
    assert result.returncode == 0, result.stderr
    assert rows_digest(url, new) == digest, "a second backfill changed rows"

    if migration.reversible:
        run(url, folder, "undo-swap", "undo-expand")
        assert_no_changes(url, old, dialect)


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_skipping_the_backfill_fails_the_post_check_naming_the_column(
    dialect: str, database: Database, tmp_path: Path
) -> None:
    """Seed 004, T-2-2-2 AC2: the contract catches a required field left empty."""
    case = next(c for c, _ in CASES if c.name == "add_required_email")
    old, new = load(case)
    url = database(dialect)
    build_schema(url, old, dialect)
    seed(url, old, dialect, rows=5)
    folder = tmp_path / "0001_email"
    generate(case, dialect, old, new, folder)
    counts = tmp_path / "counts.json"
    assert verify(folder, url, "pre", counts).returncode == 0
    run(url, folder, "expand")
    for stage in ("swap", "post"):
        result = verify(folder, url, stage, counts)
        assert result.returncode == 1, stage
        assert "users.email" in result.stdout + result.stderr, stage


def test_golden_python_passes_mypy_strict(tmp_path: Path) -> None:
    """backfill.py and catalog.py of every golden folder, as committed, pass mypy --strict."""
    folders = sorted(p.parent for p in GOLDEN.glob("*/expected/*/backfill.py"))
    assert len(folders) == len(CASES)
    for folder in folders:
        result = subprocess.run(
            [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--cache-dir", str(tmp_path / ".mypy"),
             "catalog.py", "backfill.py"],
            capture_output=True, text=True, check=False, timeout=300, cwd=folder, env=mypy_env(),
        )  # fmt: skip
        assert result.returncode == 0, f"{folder}: {result.stdout}{result.stderr}"


def test_a_narrowing_backfill_fails_rather_than_cut_values_short(database: Database, tmp_path: Path) -> None:
    """Even with the pre-check skipped, a too-long value stops the copy into the narrower
    shadow column; the column keeps its value, and the undo of expand leaves no trace."""
    case = next(c for c, d in CASES if c.name == "sqlite_affinity" and d == "postgres")
    old, new = load(case)
    url = database("postgres")
    build_schema(url, old, "postgres")
    seed(url, old, "postgres", rows=3, values={"events.label": ["a label far longer than ten"]})
    folder = tmp_path / "0001_narrow"
    generate(case, "postgres", old, new, folder)
    run(url, folder, "expand")
    filled = backfill(folder, url)
    assert filled.returncode != 0 and "too long" in filled.stderr
    assert table_rows(url, "events", ["label"])[0] == ("a label far longer than ten",)
    run(url, folder, "undo-expand")
    assert_no_changes(url, old, "postgres")


@pytest.mark.parametrize("case", [c for c, d in CASES if d == "postgres"], ids=lambda c: c.name)
def test_the_expand_undo_part_alone_restores_a_migration_stopped_before_its_swap(
    case: GoldenCase, database: Database, tmp_path: Path
) -> None:
    """What the runtime does when a backfill or a swap fails on PostgreSQL."""
    old, new = load(case)
    url = database("postgres")
    build_schema(url, old, "postgres")
    seed(url, old, "postgres", rows=5, values=case.values)
    digest = rows_digest(url, old)
    folder = tmp_path / f"0001_{case.name}"
    generate(case, "postgres", old, new, folder)
    run(url, folder, "expand")
    assert backfill(folder, url).returncode == 0
    run(url, folder, "undo-expand")
    assert_no_changes(url, old, "postgres")
    assert rows_digest(url, old) == digest


# A collated column widened in place (name), one converted through a shadow column (code),
# and one with no collation (n); ALTER COLUMN … TYPE without COLLATE resets a collation.
COLLATED = (
    'CREATE TABLE t (id integer PRIMARY KEY, name varchar(20) COLLATE "C", code text COLLATE "POSIX", n integer)',
    'CREATE TABLE t (id integer PRIMARY KEY, name text COLLATE "C", code varchar(10) COLLATE "POSIX", n bigint)',
)


@pytest.mark.parametrize(
    "undo", [("undo-swap", "undo-expand"), ("undo-expand",)], ids=["whole", "expand-only"]
)
def test_a_rollback_keeps_the_collation_of_a_column_whose_type_changed(
    undo: tuple[str, ...], database: Database, tmp_path: Path
) -> None:
    """rollback.sql (whole, after the swap, or its undo-expand part alone, before it) brings
    each column back with its collation, as pg_dump of the old DDL built directly shows."""
    from tests.corpus.oracle import dump_statements
    from tests.database import execute
    from tests.pgtools import pg_dump_schema

    expected = database("postgres")
    execute(expected, COLLATED[0])
    url = database("postgres")
    execute(url, COLLATED[0], "INSERT INTO t VALUES (1, 'b', 'x', 1), (2, 'A', 'y', 2)")
    schemas = []
    for name, ddl in zip(("old", "new"), COLLATED, strict=True):
        (tmp_path / f"{name}.sql").write_text(ddl + ";\n", encoding="utf-8")
        schemas.append(load_schema(str(tmp_path / f"{name}.sql"), dialect="postgres").schema)
    folder = tmp_path / "0001_collated"
    migration = plan_migration(*schemas, Hints(), dialect="postgres", migration_id=folder.name)
    write_folder(folder, render_migration(migration))
    run(url, folder, "expand")
    assert backfill(folder, url).returncode == 0
    if "undo-swap" in undo:
        run(url, folder, "swap")
    run(url, folder, *undo)
    assert dump_statements(pg_dump_schema(url)) == dump_statements(pg_dump_schema(expected))
