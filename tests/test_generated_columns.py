"""Generated columns changed in place on PostgreSQL 17+: ``SET EXPRESSION AS`` recomputes every
row, ``DROP EXPRESSION`` leaves a plain column with the values it had.  A plain column cannot
become generated again, so dropping an expression is irreversible; PostgreSQL 18's VIRTUAL
generated columns are refused by name.  (SQLite rebuilds the table for any of it: the corpus
cases of tests/corpus/sqlite/generated.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.database import fetch
from tests.pgtools import run_ddl, skip_before
from tests.test_rehearse import wesley
from tests.test_table_options import schema_of, sql_of
from wesley_gen.errors import InputError
from wesley_gen.hints import Hints
from wesley_gen.load import load_schema
from wesley_gen.locks import NONE, REWRITE, LockCost, lock_cost
from wesley_gen.plan import Migration, plan_migration
from wesley_gen.render.diff_json import diff_change
from wesley_gen.render.sql import render_sql

OLD = "CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer GENERATED ALWAYS AS (a * 2) STORED);"
CHANGED = OLD.replace("a * 2", "a * 3")
PLAIN = "CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer);"


def plan(old: str, new: str, hints: Hints | None = None) -> Migration:
    """Planned for PostgreSQL without --allow-destructive."""
    return plan_migration(
        schema_of(old), schema_of(new), hints or Hints(), dialect="postgres", migration_id="0002_case"
    )


def test_a_changed_expression_is_set_and_set_back() -> None:
    _, swap, rollback = sql_of(OLD, CHANGED)
    assert swap == 'ALTER TABLE "t" ALTER COLUMN "b" SET EXPRESSION AS (a * 3);'
    assert 'ALTER TABLE "t" ALTER COLUMN "b" SET EXPRESSION AS (a * 2);' in rollback


def test_a_dropped_expression_cannot_be_rolled_back() -> None:
    migration = plan(OLD, PLAIN)
    (planned,) = migration.changes
    assert not migration.reversible
    assert planned.verdict.change_class == "additive"  # planned without --allow-destructive
    assert diff_change("c1", planned.change, planned.verdict).detail == {"from": "a * 2", "to": None}
    scripts = render_sql(migration)
    assert 'ALTER TABLE "t" ALTER COLUMN "b" DROP EXPRESSION;' in scripts.swap
    assert "c1 drop_expression t.b: irreversible: the column keeps its values" in scripts.rollback
    assert "EXPRESSION" not in scripts.rollback


def test_the_rollback_reads_columns_under_the_names_they_still_have() -> None:
    """Renames are undone after the expression is set back: it names the renamed columns."""
    renamed = CHANGED.replace("a integer", "amount integer").replace("a * 3", "amount * 3")
    migration = plan(OLD, renamed, Hints.from_flags(["t.a=t.amount"]))
    rollback = render_sql(migration).rollback
    undo = rollback.index('SET EXPRESSION AS ("amount" * 2)')
    assert undo < rollback.index('RENAME COLUMN "amount" TO "a"')


def test_virtual_generated_columns_are_refused_by_name() -> None:
    with pytest.raises(InputError, match=r"virtual generated column t\.b: not supported yet"):
        schema_of("CREATE TABLE t (a integer, b integer GENERATED ALWAYS AS (a * 2) VIRTUAL);")


@pytest.mark.postgres
def test_the_statements_recompute_keep_and_restore_values(pg_url: str) -> None:
    skip_before(pg_url, 17, "SET EXPRESSION")  # what the swap runs: a server before 17 has none
    run_ddl(pg_url, OLD + "INSERT INTO t (id, a) VALUES (1, 5);")
    _, swap, rollback = sql_of(OLD, CHANGED)
    run_ddl(pg_url, swap)
    assert fetch(pg_url, "SELECT b FROM t") == [(15,)]
    assert load_schema(pg_url).schema == schema_of(CHANGED)
    run_ddl(pg_url, rollback)
    assert fetch(pg_url, "SELECT b FROM t") == [(10,)]
    _, swap, _ = sql_of(OLD, PLAIN)
    run_ddl(pg_url, swap + "UPDATE t SET a = 7;")
    assert fetch(pg_url, "SELECT a, b FROM t") == [(7, 10)]  # plain: b kept its value
    assert load_schema(pg_url).schema == schema_of(PLAIN)


@pytest.mark.postgres
def test_a_database_with_a_virtual_generated_column_is_refused(pg_url: str) -> None:
    skip_before(pg_url, 18, "a VIRTUAL generated column")
    run_ddl(pg_url, "CREATE TABLE t (a integer, b integer GENERATED ALWAYS AS (a * 2) VIRTUAL);")
    with pytest.raises(InputError, match=r"virtual generated column t\.b: not supported yet"):
        load_schema(pg_url)


def test_setting_an_expression_is_a_rewrite_and_dropping_one_is_not() -> None:
    """explain warns of the rewrite: it blocks reads and writes while every row is computed."""
    _, swap, _ = sql_of(OLD, CHANGED)
    assert lock_cost(swap, "postgres") == LockCost(
        "ACCESS EXCLUSIVE", REWRITE, "t", "computes the generated column again for every row"
    )
    _, swap, _ = sql_of(OLD, PLAIN)
    assert lock_cost(swap, "postgres") == LockCost("ACCESS EXCLUSIVE", NONE, "t")


@pytest.mark.postgres
def test_a_rehearsal_rolls_a_dropped_expression_back_but_for_the_generation(tmp_path: Path) -> None:
    """The rollback leaves the column plain: the rehearsal compares everything else and says so."""
    project = tmp_path / "app"
    (project / "schemas").mkdir(parents=True)
    (project / "pyproject.toml").write_text(
        '[project]\nname = "app"\n\n[tool.wesley-gen]\ndialect = "postgres"\n'
    )
    versions = (
        "",
        OLD.replace("b integer GENERATED ALWAYS AS (a * 2)", "b text GENERATED ALWAYS AS ('n' || a)"),
    )
    versions += (versions[1].replace(" GENERATED ALWAYS AS ('n' || a) STORED", ""),)
    for n, text in enumerate(versions):
        (project / "schemas" / f"v{n}.sql").write_text(text)
    for n, name in ((1, "0001_t"), (2, "0002_plain")):
        made = wesley(
            "generate", f"schemas/v{n - 1}.sql", f"schemas/v{n}.sql", "-o", f"migrations/{name}", "--allow-empty",
            cwd=project,
        )  # fmt: skip
        assert made.returncode == 0, made.stderr
    result = wesley("rehearse", "--rows", "50", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "rehearsal: not verified: 0002_plain: the values of t.b (c1 drop_expression:" in result.stdout
