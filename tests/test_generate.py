"""``wesley-gen generate``: the golden migration folders, the plan's shape, the refusals.

Every case in ``golden/`` with a ``generate`` dialect has ``expected/<dialect>/`` holding
every file of its migration folder; they must be reproduced byte for byte
(``make golden`` rewrites them after a reviewed change).  Running the generated files
against real databases is ``test_migrate_e2e.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from syrupy.assertion import SnapshotAssertion

from tests import command
from tests.golden import GoldenCase, golden_cases, golden_file
from wesley_gen.documents.plan import STEPS
from wesley_gen.errors import ProblemFound
from wesley_gen.hints import Hints
from wesley_gen.load import load_schema, load_text
from wesley_gen.model import Schema
from wesley_gen.plan import Migration, Options, plan_migration
from wesley_gen.render.migration import FILES, render_migration

ROOT = Path(__file__).resolve().parent.parent
PLAN_SCHEMA = json.loads((ROOT / "docs" / "schema" / "plan.schema.json").read_text(encoding="utf-8"))
CASES = golden_cases()
GENERATED = [(case, dialect) for case in CASES for dialect in case.generate]


def migration_of(case: GoldenCase, dialect: str) -> Migration:
    old = load_schema(str(case.old), dialect=case.dialect).schema
    new = load_schema(str(case.new), dialect=case.dialect).schema
    options = Options(allow_destructive=case.allow_destructive, allow_empty=case.allow_empty)
    return plan_migration(
        old, new, case.hints, dialect=dialect, migration_id=f"0001_{case.name}", options=options
    )


def test_the_issue_cases_generate() -> None:
    names = {case.name for case, _ in GENERATED}
    assert {
        "add_required_email",
        "type_widening",
        "string_to_int_with_cast",
        "only_removals",
        "rename_by_hint",
        "new_tables_fk_cycle",
        "identical",
        "unique_and_index_added",
    } <= names


@pytest.mark.parametrize(("case", "dialect"), GENERATED, ids=lambda v: getattr(v, "name", v))
def test_generated_folder_matches_its_golden(
    case: GoldenCase, dialect: str, snapshot: SnapshotAssertion
) -> None:
    files = render_migration(migration_of(case, dialect))
    assert sorted(files) == sorted(FILES)
    for name, content in files.items():
        expected = snapshot(extension_class=golden_file(case.path / "expected" / dialect / name))
        assert content.decode("utf-8") == expected, name


@pytest.mark.parametrize(("case", "dialect"), GENERATED, ids=lambda v: getattr(v, "name", v))
def test_plan_has_four_steps_and_valid_artifacts(case: GoldenCase, dialect: str) -> None:
    files = render_migration(migration_of(case, dialect))
    plan = json.loads(files["plan.json"])
    jsonschema.validate(plan, PLAN_SCHEMA)
    assert [step["step"] for step in plan["steps"]] == list(STEPS)
    for step in plan["steps"]:
        for artifact in step["artifacts"]:
            assert artifact["path"] in files
    diff = command.wesley(
        "diff", str(case.old), str(case.new), "--format", "json", "--dialect", case.dialect, *_flags(case)
    )
    if dialect == case.dialect:
        assert plan["changes"] == json.loads(diff.stdout)["changes"]


def _flags(case: GoldenCase) -> list[str]:
    """The command-line flags of a case's hints."""
    hints = case.hints
    flags = [f"--rename={old}={new}" for old, new in hints.table_renames]
    flags += [f"--rename={r.table}.{r.old}={r.table}.{r.new}" for r in hints.column_renames]
    return flags + [f"--cast={table}.{column}={expression}" for table, column, expression in hints.casts]


def test_a_drop_marks_the_swap_irreversible_and_names_what_is_lost() -> None:
    case = next(c for c in CASES if c.name == "only_removals")
    plan = json.loads(render_migration(migration_of(case, "postgres"))["plan.json"])
    swap = plan["steps"][2]
    assert swap["rollback"]["reversible"] is False
    assert "authors.email" in swap["rollback"]["hint"]
    assert "data cannot" in swap["rollback"]["hint"]
    assert plan["summary"]["reversible"] is False


def test_an_empty_migration_has_four_empty_steps() -> None:
    case = next(c for c in CASES if c.name == "identical")
    plan = json.loads(render_migration(migration_of(case, "postgres"))["plan.json"])
    assert [step["step"] for step in plan["steps"]] == list(STEPS)
    assert plan["changes"] == []
    assert plan["steps"][1]["actions"] == [] and plan["steps"][2]["actions"] == []


def run_generate(*args: str) -> subprocess.CompletedProcess[str]:
    return command.wesley("generate", *args)


def test_incompatible_type_without_cast_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    case = next(c for c in CASES if c.name == "string_to_int")
    out = tmp_path / "0002_stock"
    result = run_generate(str(case.old), str(case.new), "-o", str(out))
    assert result.returncode == 1, result.stderr
    assert "products.stock" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_destructive_change_without_the_flag_is_refused_naming_every_drop(tmp_path: Path) -> None:
    case = next(c for c in CASES if c.name == "only_removals")
    out = tmp_path / "0002_removals"
    result = run_generate(str(case.old), str(case.new), "-o", str(out))
    assert result.returncode == 1, result.stderr
    for dropped in ("authors.email", "authors.nickname", "audit_logs", "books"):
        assert dropped in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_no_change_is_refused_without_allow_empty(tmp_path: Path) -> None:
    schema = ROOT / "schemas" / "v1.graphql"
    result = run_generate(str(schema), str(schema), "-o", str(tmp_path / "0002_nothing"))
    assert result.returncode == 1 and "--allow-empty" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_existing_folder_is_kept_unless_overwrite(tmp_path: Path) -> None:
    case = next(c for c in CASES if c.name == "add_required_email")
    out = tmp_path / "0002_email"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    result = run_generate(str(case.old), str(case.new), "-o", str(out))
    assert result.returncode == 2 and "already exists" in result.stderr
    assert (out / "keep.txt").read_text() == "mine"
    result = run_generate(str(case.old), str(case.new), "-o", str(out), "--overwrite")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES)


def test_output_is_byte_identical_across_runs_folders_and_hash_seeds(tmp_path: Path) -> None:
    old, new = ROOT / "schemas" / "v1.graphql", ROOT / "schemas" / "v2.graphql"
    folders = []
    for seed in ("1", "2"):
        workdir = tmp_path / f"run{seed}"
        workdir.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = workdir / "0002_v2"
        result = subprocess.run(
            [sys.executable, "-m", "wesley_gen", "generate", str(old), str(new), "-o", "0002_v2",
             "--allow-destructive", "--backfill", "users.email=lower(name) || '@example.com'"],
            capture_output=True, text=True, check=False, timeout=120, env=env, cwd=workdir,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        folders.append(out)
    first, second = ({p.name: p.read_bytes() for p in f.iterdir()} for f in folders)
    assert first == second


def test_a_required_enum_column_gets_the_first_value_and_a_warning() -> None:
    old = load_text("type T @wes_table { id: ID! @wes_pk }", "old.graphql", suffix=".graphql").schema
    new = load_text(
        "enum Level { LOW HIGH }\ntype T @wes_table { id: ID! @wes_pk\n level: Level! }",
        "new.graphql",
        suffix=".graphql",
    ).schema
    migration = plan_migration(old, new, Hints(), dialect="postgres", migration_id="0002_level")
    (task,) = migration.backfills
    assert task.value.sql() == "'LOW'" and task.invented
    assert any("ts.level" in w for w in migration.warnings)


def test_a_backfill_for_a_column_the_migration_does_not_add_is_said_to_be_unused() -> None:
    old = load_text(
        "type T @wes_table { id: ID! @wes_pk\n age: Int }", "old.graphql", suffix=".graphql"
    ).schema
    new = load_text(
        "type T @wes_table { id: ID! @wes_pk\n age: Int! }", "new.graphql", suffix=".graphql"
    ).schema
    hints = Hints.from_flags(backfills=["ts.age=0"])
    migration = plan_migration(old, new, hints, dialect="postgres", migration_id="0002_age")
    assert not migration.backfills
    assert any(w.startswith("--backfill ts.age is not used") for w in migration.warnings)


def test_a_required_column_without_any_value_is_refused() -> None:
    old = load_text("CREATE TABLE t (id int PRIMARY KEY);", "old.sql", suffix=".sql").schema
    new = load_text(
        "CREATE TABLE t (id int PRIMARY KEY, addr inet NOT NULL);", "new.sql", suffix=".sql"
    ).schema
    with pytest.raises(ProblemFound, match=r"t\.addr .*no zero value"):
        plan_migration(old, new, Hints(), dialect="postgres", migration_id="0002_addr")


def test_a_required_column_under_a_name_a_rename_frees_is_refused_with_its_reason() -> None:
    """The backfill fills a new required column before the swap renames the old one away: expand
    failed with the name still taken (corpus postgres/columns/add_required_under_renamed_name)."""
    old = load_text(
        "CREATE TABLE t (id int PRIMARY KEY, code int NOT NULL);", "old.sql", suffix=".sql"
    ).schema
    new = load_text(
        "CREATE TABLE t (id int PRIMARY KEY, legacy_code int NOT NULL, code text NOT NULL);",
        "new.sql",
        suffix=".sql",
    ).schema
    hints = Hints.from_flags(renames=["t.code=t.legacy_code"])
    with pytest.raises(
        ProblemFound, match=r"^t\.code: a required column added under the name the rename of t\.code"
    ):
        plan_migration(old, new, hints, dialect="postgres", migration_id="0002_code")


def _sqlite_file(ddl: str) -> Schema:
    return load_text(ddl, "new.sql", suffix=".sql", dialect="sqlite").schema


def test_a_default_sqlite_cannot_evaluate_is_refused_with_its_column() -> None:
    new = _sqlite_file("CREATE TABLE t (id INTEGER PRIMARY KEY, h TEXT DEFAULT (md5('x')));")
    with pytest.raises(
        ProblemFound, match=r"SQLite cannot evaluate the default of t\.h .*no such function: MD5"
    ):
        plan_migration(Schema(), new, Hints(), dialect="sqlite", migration_id="0001_h")


def test_each_column_of_a_default_sqlite_cannot_evaluate_is_named_once_it_is_asked() -> None:
    """A default is evaluated once however many columns share it; each of them is still named."""
    new = _sqlite_file(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, h TEXT DEFAULT (md5('x')), "
        "n INTEGER DEFAULT (1 + 1), g TEXT DEFAULT (md5('x')));"
    )
    with pytest.raises(ProblemFound, match=r"default of t\.h \(.*MD5.*\), t\.g \(.*MD5.*\)$"):
        plan_migration(Schema(), new, Hints(), dialect="sqlite", migration_id="0001_h")


def test_a_uuid_default_is_written_as_an_expression_sqlite_evaluates(tmp_path: Path) -> None:
    """gen_random_uuid() has no SQLite function: an insert relying on the default gets a
    version-4 uuid, and the database reads back as the schema it was built from."""
    import re
    import sqlite3

    new = load_text(
        "CREATE TABLE t (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), n int);", "new.sql", suffix=".sql"
    ).schema
    migration = plan_migration(Schema(), new, Hints(), dialect="sqlite", migration_id="0001_t")
    database = tmp_path / "t.db"
    connection = sqlite3.connect(database)
    for statement in render_sql_statements(migration):
        connection.execute(statement)
    connection.execute("INSERT INTO t (n) VALUES (1)")
    connection.commit()
    (value,) = connection.execute("SELECT id FROM t").fetchone()
    connection.close()
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", value)
    assert load_schema(f"sqlite:///{database}").schema.table("t") == new.table("t")


def render_sql_statements(migration: Migration) -> list[str]:
    from wesley_gen.render.sql import render_sql

    return [s.sql for s in render_sql(migration).statements if s.step in ("expand", "swap") and s.sql.strip()]


def test_sqlite_only_types_and_options_are_refused_on_postgres() -> None:
    new = _sqlite_file("CREATE TABLE kv (k TEXT PRIMARY KEY, v ANY, w) STRICT;")
    with pytest.raises(
        ProblemFound, match=r"only SQLite has these: kv \(STRICT\), kv\.v \(ANY\), kv\.w \(no declared type\)"
    ):
        plan_migration(Schema(), new, Hints(), dialect="postgres", migration_id="0001_kv")


def test_a_sqlite_file_planned_for_postgres_is_what_postgres_keeps() -> None:
    """Key columns NOT NULL, no SQLite spelling of a type: the plan compares with the database."""
    new = _sqlite_file("CREATE TABLE t (id INT PRIMARY KEY, at DATETIME);")
    migration = plan_migration(Schema(), new, Hints(), dialect="postgres", migration_id="0001_t")
    table = migration.new.table("t")
    assert table is not None
    assert [(c.name, c.nullable, c.declared) for c in table.columns] == [
        ("id", False, None),
        ("at", True, None),
    ]
