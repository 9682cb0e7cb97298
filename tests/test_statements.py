"""Statements as data (``statements.json``) and what a restore may drop.

The runtime executes the statement list of a migration folder, group by group; the
``.sql`` files are the same statements for people.  A restore undoes only what its own
run did: it never drops an object that existed before the run or that another session
made meanwhile.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.database import execute, fetch
from tests.golden import GOLDEN
from tests.test_migrate_run import CHAIN, SCHEMAS, live, seed_users, wesley
from wesley_gen.database_url import DatabaseUrl
from wesley_gen.errors import InputError
from wesley_gen.load import load_schema
from wesley_gen.model import checksum
from wesley_gen.run.scripts import StatementFailed, existing, run_statements
from wesley_gen.statements import (
    FILE_OF_STEP,
    MANIFEST,
    DbObject,
    Statement,
    parse_manifest,
    read_manifest,
    transactions,
)

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "docs" / "schema" / "statements.schema.json").read_text(encoding="utf-8"))
FOLDERS = sorted(p.parent for p in GOLDEN.glob(f"*/expected/*/{MANIFEST}"))


def test_the_published_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: f"{p.parent.parent.name}-{p.name}")
def test_every_golden_statement_list_validates_and_is_what_the_sql_files_hold(folder: Path) -> None:
    """Each file is its statements in order, ``BEGIN``/``COMMIT`` exactly around each group
    that runs in a transaction; comments aside, nothing else."""
    document = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(SCHEMA).validate(document)
    statements = read_manifest(folder)
    assert [s.group for s in statements] == sorted(s.group for s in statements)
    for file in sorted(set(FILE_OF_STEP.values())):
        text = (folder / file).read_text(encoding="utf-8")
        lines = [line for line in text.splitlines() if not line.startswith("--")]
        expected: list[str] = []
        for group in transactions(s for s in statements if FILE_OF_STEP[s.step] == file):
            body = [f"{s.sql};" for s in group]
            expected += ["BEGIN;", *body, "COMMIT;"] if group[0].transaction else body
        assert lines == expected, file
    undo_expand = [s for s in statements if s.step == "undo-expand"]
    assert all(s.changes for s in undo_expand)
    if document["dialect"] == "sqlite":
        assert undo_expand == [], "a failed SQLite run restores its copy of the file"


def test_a_group_runs_in_one_transaction_and_a_failure_names_the_statement(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    path.touch()
    url = f"sqlite:///{path}"
    statements = [
        Statement("CREATE TABLE t (n INTEGER)", "expand", ("c1",), 1),
        Statement("INSERT INTO t VALUES (1)", "expand", ("c1",), 1),
        Statement("INSERT INTO t VALUES (2)", "expand", ("c2",), 2),
        Statement("INSERT INTO missing VALUES (3)", "expand", ("c2",), 2),
    ]
    with pytest.raises(StatementFailed) as failed:
        run_statements(DatabaseUrl.parse(url), statements, name="expand.sql")
    assert failed.value.applied == tuple(statements[:2])
    assert "no such table: missing" in str(failed.value) and "INSERT INTO missing" in str(failed.value)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT n FROM t").fetchall() == [(1,)]  # the second group rolled back
    conn.close()
    assert (
        existing(DatabaseUrl.parse(url), [DbObject("table", "t")]) == ()
    )  # SQLite restores its file, drops nothing


def test_a_statement_outside_a_transaction_runs_alone(pg_url: str) -> None:
    """PostgreSQL refuses CREATE INDEX CONCURRENTLY inside a transaction block."""
    statements = [
        Statement('CREATE TABLE "t" ("n" INT)', "expand", ("c1",), 1),
        Statement('CREATE INDEX CONCURRENTLY "t_n" ON "t" ("n")', "expand", ("c2",), 2, transaction=False),
    ]
    assert run_statements(DatabaseUrl.parse(pg_url), statements).statements == 2
    assert [i.name for i in load_schema(pg_url).schema.tables[0].indexes] == ["t_n"]


@pytest.mark.parametrize(
    ("statements", "reason"),
    [
        (
            [{"sql": "A", "step": "swap", "changes": [], "group": 1, "transaction": False}] * 2,
            "group 1 runs outside a transaction but has several statements",
        ),
        (
            [
                {"sql": "A", "step": "swap", "changes": [], "group": 1, "transaction": True},
                {"sql": "B", "step": "swap", "changes": [], "group": 2, "transaction": True},
                {"sql": "C", "step": "swap", "changes": [], "group": 1, "transaction": True},
            ],
            "the statements of a group must be consecutive",
        ),
        (
            [{"sql": "A", "step": "later", "changes": [], "group": 1, "transaction": True}],
            "$.statements[0].step: 'later' is not one of ['expand', 'swap', 'undo-swap', 'undo-expand']",
        ),
    ],
)
def test_a_statement_list_that_cannot_run_as_written_is_refused(
    statements: list[dict[str, Any]], reason: str
) -> None:
    """What the schema says and what it cannot (how groups run) are both one located line."""
    document = {"format": "wesley-gen/statements@1", "migration": "0001_x", "dialect": "sqlite"}
    with pytest.raises(InputError) as caught:
        parse_manifest({**document, "statements": statements}, MANIFEST)
    assert str(caught.value) == f"{MANIFEST}: not a wesley-gen statement list: {reason}"


def test_the_steps_are_the_published_schema_s() -> None:
    """FILE_OF_STEP names every step statements.schema.json allows, and only those."""
    assert list(FILE_OF_STEP) == SCHEMA["$defs"]["statement"]["properties"]["step"]["enum"]


def test_a_folder_without_its_statement_list_is_refused_before_anything_runs(tmp_path: Path) -> None:
    (tmp_path / "old.graphql").write_text(SCHEMAS["empty"], encoding="utf-8")
    (tmp_path / "new.graphql").write_text(SCHEMAS["s1"], encoding="utf-8")
    folder = tmp_path / "migrations" / "0001_init"
    generated = wesley(
        "generate", "old.graphql", "new.graphql", "-o", str(folder), "--dialect", "sqlite", cwd=tmp_path
    )
    assert generated.returncode == 0, generated.stderr
    (folder / MANIFEST).unlink()
    (tmp_path / "app.db").touch()
    url = f"sqlite:///{tmp_path / 'app.db'}"
    result = wesley(
        "migrate", "up", "--db", url, "--migrations", "migrations", "--target", "test", cwd=tmp_path
    )
    assert result.returncode == 2, result.stderr
    assert f"0001_init/{MANIFEST}: the migration folder has no {MANIFEST}" in result.stderr
    assert load_schema(url).schema.tables == ()
    with pytest.raises(InputError):
        read_manifest(folder)


# --- a statement that spans lines -----------------------------------------------------------------

NOTES_V1 = "type Note @wes_table { id: ID! @wes_pk\n title: String! }\n"
NOTES_V2 = (
    "type Note @wes_table { id: ID! @wes_pk\n title: String!\n"
    + "body: String! @wes_default(value: \"'line1\\nline2'\") }\n"
)


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_a_default_that_spans_lines_goes_up_converges_and_comes_back_down(
    dialect: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    for name, text in (("empty", SCHEMAS["empty"]), ("v1", NOTES_V1), ("v2", NOTES_V2)):
        (tmp_path / f"{name}.graphql").write_text(text, encoding="utf-8")
    for folder, old, new in (("0001_init", "empty", "v1"), ("0002_body", "v1", "v2")):
        result = wesley(
            "generate", f"{old}.graphql", f"{new}.graphql", "-o", f"migrations/{folder}", "--dialect", dialect,
            cwd=tmp_path,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
    assert "'line1\nline2'" in (tmp_path / "migrations" / "0002_body" / "expand.sql").read_text(
        encoding="utf-8"
    )
    spec = json.loads(wesley("spec", "migrations/0002_body", cwd=tmp_path).stdout)
    assert any("DEFAULT 'line1\nline2' NOT NULL;" in step.get("sql", "") for step in spec["plan"]["up"])
    if dialect == "sqlite":
        (tmp_path / "app.db").touch()
        url = f"sqlite:///{tmp_path / 'app.db'}"
    else:
        url = request.getfixturevalue("pg_url")
    common = ["--db", url, "--migrations", "migrations", "--target", "test"]
    assert wesley("migrate", "up", *common, "--to", "0001_init", cwd=tmp_path).returncode == 0
    execute(url, "INSERT INTO notes (id, title) VALUES ('00000000-0000-0000-0000-000000000001', 'first')")

    up = wesley("migrate", "up", *common, cwd=tmp_path)
    assert up.returncode == 0, up.stderr
    assert live(url) == snapshot(tmp_path / "migrations" / "0002_body")
    status = wesley("migrate", "status", "--db", url, "--migrations", "migrations", cwd=tmp_path)
    assert status.returncode == 0, status.stdout + status.stderr
    assert fetch(url, "SELECT body FROM notes") == [("line1\nline2",)]

    down = wesley("migrate", "down", *common, "--reason", "back", cwd=tmp_path)
    assert down.returncode == 0, down.stderr
    assert live(url) == snapshot(tmp_path / "migrations" / "0001_init")


def snapshot(folder: Path) -> str:
    """The checksum of the schema a migration folder ends with."""
    return checksum(load_schema(str(folder / "schema.json")).schema)


# --- ownership: a restore drops only what its run created -------------------------------------


@pytest.fixture
def chain(tmp_path: Path, pg_url: str) -> tuple[Path, str, list[str]]:
    """test_migrate_run's chain on PostgreSQL, at 0001_init with rows."""
    for name, text in SCHEMAS.items():
        (tmp_path / f"{name}.graphql").write_text(text, encoding="utf-8")
    for folder, old, new, extra in CHAIN[:3]:
        result = wesley(
            "generate", f"{old}.graphql", f"{new}.graphql", "-o", f"migrations/{folder}", "--dialect", "postgres",
            *extra, cwd=tmp_path,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
    common = ["--db", pg_url, "--migrations", "migrations", "--target", "test"]
    assert wesley("migrate", "up", *common, "--to", "0001_init", cwd=tmp_path).returncode == 0
    seed_users(pg_url)
    return tmp_path, pg_url, common


def removed(folder: Path, kind: str) -> tuple[str, str]:
    """(table, name) of the object of ``kind`` that the folder's undo of expand drops."""
    found = [s.removes for s in read_manifest(folder) if s.removes is not None and s.removes.kind == kind]
    assert len(found) == 1 and found[0] is not None and found[0].table is not None
    return found[0].table, found[0].name


@pytest.mark.parametrize("migration", ["0002_email", "0003_karma"])
def test_a_run_refuses_to_start_when_an_object_it_would_create_exists(
    chain: tuple[Path, str, list[str]], migration: str
) -> None:
    """A column the migration adds (0002) or its shadow column (0003), made by hand first:
    the run stops before expand, and the column and its values stay."""
    root, url, common = chain
    if migration == "0003_karma":
        assert wesley("migrate", "up", *common, "--to", "0002_email", cwd=root).returncode == 0
    table, column = removed(root / "migrations" / migration, "column")
    execute(url, f'ALTER TABLE "{table}" ADD COLUMN "{column}" TEXT')
    execute(url, f'UPDATE "{table}" SET "{column}" = \'kept\'')
    before = live(url)
    result = wesley("migrate", "up", *common, "--allow-contract-drift", "--to", migration, cwd=root)
    assert result.returncode == 1, result.stderr
    if migration == "0002_email":  # a shadow column is also a pre-check assertion of contract.json
        assert f"column {table}.{column} already in the database" in result.stderr
        assert "nothing was changed" in result.stderr and "restored" not in result.stderr
    assert f"{table}.{column}" in result.stdout + result.stderr
    assert live(url) == before
    assert {r[0] for r in fetch(url, f'SELECT "{column}" FROM "{table}"')} == {"kept"}


def test_a_restore_leaves_an_object_that_another_session_made_meanwhile(
    chain: tuple[Path, str, list[str]],
) -> None:
    """The column is made after the check, before expand's transaction (as a concurrent
    session could): expand fails on it, and the restore does not drop it."""
    root, url, common = chain
    folder = root / "migrations" / "0002_email"
    document = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    other = {"sql": 'ALTER TABLE "users" ADD COLUMN "email" TEXT', "step": "expand", "changes": [],
             "group": 1, "transaction": False}  # fmt: skip
    for statement in document["statements"]:
        statement["group"] += 1  # groups are numbered from 1 in the order they run
    document["statements"].insert(0, other)
    (folder / MANIFEST).write_text(json.dumps(document), encoding="utf-8")
    result = wesley("migrate", "up", *common, "--to", "0002_email", cwd=root)
    assert result.returncode == 1, result.stderr
    assert "already exists" in result.stderr
    assert "left in place: column users.email, which this run did not create" in result.stderr
    assert [c.name for c in load_schema(url).schema.tables[0].columns if c.name == "email"] == ["email"]


def test_a_63_byte_column_changed_with_a_cast_is_never_dropped(tmp_path: Path, pg_url: str) -> None:
    """Its shadow column's name, cut to 63 bytes, was the column's own: expand failed and
    the clean-up dropped the user's column.  Whatever the shadow is named, the column and
    its values survive, converted or as they were."""
    name = "c" * 63
    (tmp_path / "empty.graphql").write_text(SCHEMAS["empty"], encoding="utf-8")
    (tmp_path / "old.sql").write_text(f"CREATE TABLE items (id integer PRIMARY KEY, {name} text);\n")
    (tmp_path / "new.sql").write_text(f"CREATE TABLE items (id integer PRIMARY KEY, {name} integer);\n")
    for folder, old, new, extra in (
        ("0001_init", "empty.graphql", "old.sql", ()),
        ("0002_cast", "old.sql", "new.sql", ("--cast", f"items.{name}=CAST({name} AS integer)")),
    ):
        result = wesley(
            "generate", old, new, "-o", f"migrations/{folder}", "--dialect", "postgres", *extra, cwd=tmp_path
        )
        assert result.returncode == 0, result.stderr
    common = ["--db", pg_url, "--migrations", "migrations", "--target", "test"]
    assert wesley("migrate", "up", *common, "--to", "0001_init", cwd=tmp_path).returncode == 0
    execute(pg_url, f"INSERT INTO items (id, {name}) VALUES (1, '41'), (2, '42')")
    before = live(pg_url)
    result = wesley("migrate", "up", *common, cwd=tmp_path)
    values = fetch(pg_url, f"SELECT {name} FROM items ORDER BY id")
    if result.returncode == 0:
        assert values == [(41,), (42,)]
    else:
        assert live(pg_url) == before, result.stderr
        assert values == [("41",), ("42",)]


def test_an_index_build_that_fails_outside_a_transaction_leaves_no_invalid_index(
    tmp_path: Path, pg_url: str
) -> None:
    """A CONCURRENTLY build that fails part-way leaves an invalid index of its own: the run
    made it, so its restore drops it."""
    (tmp_path / "empty.graphql").write_text(SCHEMAS["empty"], encoding="utf-8")
    table = "CREATE TABLE t (id integer PRIMARY KEY, n integer NOT NULL);\n"
    (tmp_path / "old.sql").write_text(table)
    (tmp_path / "new.sql").write_text(table + "CREATE INDEX t_root ON t (sqrt(n));\n")
    for folder, old, new in (("0001_init", "empty.graphql", "old.sql"), ("0002_index", "old.sql", "new.sql")):
        result = wesley(
            "generate", old, new, "-o", f"migrations/{folder}", "--dialect", "postgres", cwd=tmp_path
        )
        assert result.returncode == 0, result.stderr
    assert "CONCURRENTLY" in (tmp_path / "migrations" / "0002_index" / "expand.sql").read_text(
        encoding="utf-8"
    )
    common = ["--db", pg_url, "--migrations", "migrations", "--target", "test"]
    assert wesley("migrate", "up", *common, "--to", "0001_init", cwd=tmp_path).returncode == 0
    execute(pg_url, "INSERT INTO t (id, n) VALUES (1, 1), (2, -1)")
    before = live(pg_url)
    result = wesley("migrate", "up", *common, cwd=tmp_path)
    assert result.returncode == 1 and "square root of a negative number" in result.stderr, result.stderr
    assert live(pg_url) == before
    assert fetch(pg_url, "SELECT count(*) FROM pg_index WHERE NOT indisvalid") == [(0,)]


def test_a_statement_outside_a_transaction_took_effect_unless_its_object_existed(pg_url: str) -> None:
    """What a restore may undo after a failed statement that ran in autocommit."""
    setup = [
        Statement('CREATE TABLE "t" ("n" INT)', "expand", (), 1),
        Statement('INSERT INTO "t" VALUES (-1)', "expand", (), 1),
        Statement('CREATE INDEX "taken" ON "t" ("n")', "expand", (), 1),
    ]
    run_statements(DatabaseUrl.parse(pg_url), setup)
    for sql, took_effect in (
        ('CREATE INDEX CONCURRENTLY "taken" ON "t" ("n")', False),  # someone else's: nothing made
        ('CREATE INDEX CONCURRENTLY "t_root" ON "t" (sqrt("n"))', True),  # an invalid index is left
    ):
        statement = Statement(sql, "expand", ("c1",), 2, transaction=False)
        with pytest.raises(StatementFailed) as failed:
            run_statements(DatabaseUrl.parse(pg_url), [statement])
        assert failed.value.applied == ((statement,) if took_effect else ()), sql


def test_a_transaction_that_fails_at_its_commit_is_reported_not_raised(tmp_path: Path) -> None:
    """A deferred foreign key is checked at COMMIT: that is the statement named."""
    path = tmp_path / "app.db"
    path.touch()
    statements = [
        Statement("PRAGMA foreign_keys = ON", "swap", (), 1, transaction=False),
        Statement("CREATE TABLE p (id INTEGER PRIMARY KEY)", "swap", ("c1",), 2),
        Statement(
            "CREATE TABLE c (p INTEGER REFERENCES p (id) DEFERRABLE INITIALLY DEFERRED)", "swap", ("c1",), 2
        ),
        Statement("INSERT INTO c VALUES (1)", "swap", ("c1",), 2),
    ]
    with pytest.raises(StatementFailed, match=r"FOREIGN KEY constraint failed \(in: COMMIT\)") as failed:
        run_statements(DatabaseUrl.parse(f"sqlite:///{path}"), statements, name="swap.sql")
    assert failed.value.applied == (statements[0],)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT name FROM sqlite_master").fetchall() == []
    conn.close()


def test_existing_finds_objects_by_the_names_the_server_would_give_them(pg_url: str) -> None:
    """Names are compared as PostgreSQL cuts them (63 bytes): a longer name whose cut is an
    existing object's name finds that object."""
    long = "c" * 63
    setup = [
        Statement('CREATE SCHEMA "app"', "expand", (), 1),
        Statement(
            f'CREATE TABLE "app"."t" ("id" INT CONSTRAINT "t_pkey" PRIMARY KEY, "{long}" TEXT)',
            "expand",
            (),
            1,
        ),
        Statement('CREATE INDEX "t_idx" ON "app"."t" ("id")', "expand", (), 1),
        Statement('CREATE TYPE "app"."mood" AS ENUM (\'ok\')', "expand", (), 1),
    ]
    run_statements(DatabaseUrl.parse(pg_url), setup)
    present = [
        DbObject("table", "app.t"),
        DbObject("column", long + "__wesley_new", "app.t"),  # cut to 63 bytes: the column itself
        DbObject("index", "t_idx", "app.t"),
        DbObject("type", "app.mood"),
        DbObject("constraint", "t_pkey", "app.t"),
    ]
    absent = [
        DbObject("table", "t"),  # not in the current schema (public)
        DbObject("column", "other", "app.t"),
        DbObject("index", "t_idx2", "app.t"),
        DbObject("type", "mood"),
        DbObject("constraint", "t_other", "app.t"),
    ]
    assert existing(DatabaseUrl.parse(pg_url), [*present, *absent]) == tuple(present)
