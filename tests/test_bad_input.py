"""Hostile and broken input files: exit 2 with ``file:line: reason``, never a crash (exit 70).

Deep nesting, NUL bytes, invalid UTF-8, names SQLite cannot tell apart, names over
PostgreSQL's 63 bytes, and misnamed migration folders.  Each case runs the real
command in-process, so it sees what a user sees.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from wesley_gen.cli import cli
from wesley_gen.errors import InputError
from wesley_gen.expressions import MAX_NESTING
from wesley_gen.load import load_schema
from wesley_gen.model import canonical_json, to_dict
from wesley_gen.run.migrate import discover

DIALECTS = ("postgres", "sqlite")


def wesley(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stderr


def refused(path: Path, dialect: str, line: int, message: str) -> None:
    """``diff`` of the file with itself exits 2 with one located error line naming ``message``."""
    code, stderr = wesley("diff", str(path), str(path), "--dialect", dialect)
    assert "internal error" not in stderr
    assert code == 2, stderr
    errors = [text for text in stderr.splitlines() if text.startswith("wesley-gen: error: ")]
    assert len(errors) == 1, stderr
    assert errors[0].startswith(f"wesley-gen: error: {path}:{line}: "), stderr
    assert message in errors[0], stderr


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


# --- nesting --------------------------------------------------------------------------

# Ways to nest an expression ``n`` levels deep around the column ``a``.
NESTINGS = {
    "parentheses": lambda n: "(" * n + "a + 1" + ")" * n + " > 0",
    "calls": lambda n: "abs(" * n + "a" + ")" * n + " > 0",
    "operators": lambda n: "(1 + " * n + "a" + ")" * n + " > 0",
    "not": lambda n: "NOT (" * n + "a > 0" + ")" * n,
    "case": lambda n: "CASE WHEN a > 0 THEN " * n + "1" + " ELSE 0 END" * n + " > 0",
}


def table_with_check(expression: str) -> str:
    return f"CREATE TABLE t (\n  id integer PRIMARY KEY,\n  a integer CHECK ({expression})\n);\n"


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("form", ["calls", "operators", "not", "case"])
def test_5000_levels_of_nesting_in_a_check_are_refused_at_their_line(
    tmp_path: Path, dialect: str, form: str
) -> None:
    path = write(tmp_path, "deep.sql", table_with_check(NESTINGS[form](5000)))
    refused(path, dialect, 3, "nested too deeply")


@pytest.mark.parametrize("dialect", DIALECTS)
def test_5000_parentheses_in_a_default_are_refused_or_read(tmp_path: Path, dialect: str) -> None:
    """SQLite's parser recurses per parenthesis; PostgreSQL's drops them, and so may read the default."""
    nested = "(" * 5000 + "1" + ")" * 5000
    path = write(
        tmp_path,
        "deep.sql",
        f"CREATE TABLE t (\n  id integer PRIMARY KEY,\n  a integer DEFAULT {nested}\n);\n",
    )
    code, stderr = wesley("diff", str(path), str(path), "--dialect", dialect)
    if dialect == "sqlite":
        refused(path, dialect, 3, "nested too deeply")
    else:
        assert code == 0, stderr


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("form", sorted(NESTINGS))
def test_nesting_up_to_the_limit_is_generated(tmp_path: Path, dialect: str, form: str) -> None:
    """Every stage after the loader (diff, plan, render) follows an expression as deep as the loader allows."""
    old = write(tmp_path, "old.sql", "CREATE TABLE t (\n  id integer PRIMARY KEY,\n  a integer\n);\n")
    levels = MAX_NESTING - 5  # the comparison and the column's name are levels too
    levels //= 2 if form == "case" else 1  # CASE and its WHEN are two
    new = write(tmp_path, "new.sql", table_with_check(NESTINGS[form](levels)))
    code, stderr = wesley(
        "generate", str(old), str(new), "-o", str(tmp_path / "0002_deep"), "--dialect", dialect
    )
    assert code == 0, stderr


@pytest.mark.parametrize("dialect", DIALECTS)
def test_one_level_past_the_limit_is_refused(tmp_path: Path, dialect: str) -> None:
    path = write(tmp_path, "deep.sql", table_with_check(NESTINGS["calls"](MAX_NESTING + 1)))
    refused(path, dialect, 3, f"at most {MAX_NESTING} levels")


def test_a_long_chain_of_or_is_not_nesting(tmp_path: Path) -> None:
    """``a = 0 OR a = 1 OR …`` is one level however long: real check constraints are written so."""
    chain = " OR ".join(f"a = {value}" for value in range(500))
    for dialect in DIALECTS:
        path = write(tmp_path, f"{dialect}.sql", table_with_check(chain))
        assert load_schema(str(path), dialect=dialect).schema.tables[0].checks


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        (
            "list types",
            "type T @wes_table {\n  id: ID! @wes_pk\n  a: " + "[" * 5000 + "Int" + "]" * 5000 + "\n}\n",
            3,
        ),
        (
            "directive arguments",
            "type T @wes_table {\n  id: ID! @wes_pk\n  a: Int @wes_index(columns: "
            + "[" * 5000
            + '"a"'
            + "]" * 5000
            + ")\n}\n",
            3,
        ),
    ],
)
@pytest.mark.parametrize("dialect", DIALECTS)
def test_5000_levels_of_nesting_in_sdl_are_refused_at_their_line(
    tmp_path: Path, name: str, text: str, line: int, dialect: str
) -> None:
    refused(write(tmp_path, "deep.graphql", text), dialect, line, "nested too deeply")


def test_5000_levels_of_nesting_in_a_snapshot_are_refused_at_their_line(tmp_path: Path) -> None:
    path = write(tmp_path, "deep.json", '{\n  "format": "wesley-gen/schema@1",\n  "tables": ' + "[" * 5000)
    refused(path, "postgres", 3, "nested too deeply")


def test_a_snapshot_expression_nested_too_deeply_is_refused_before_generate_follows_it(
    tmp_path: Path,
) -> None:
    schema = load_schema("schemas/v1.graphql").schema
    old = write(tmp_path, "old.json", canonical_json(schema))
    data = to_dict(schema)
    data["tables"][0]["checks"].append(
        {"name": "deep", "expression": "abs(" * 3000 + "1" + ")" * 3000 + " > 0"}
    )
    text = json.dumps(data, indent=2)
    new = write(tmp_path, "new.json", text)
    line = text[: text.index("abs(abs(")].count("\n") + 1
    for dialect in DIALECTS:
        code, stderr = wesley(
            "generate", str(old), str(new), "-o", str(tmp_path / dialect / "0002_x"), "--dialect", dialect
        )
        assert code == 2 and f"error: {new}:{line}: table 'organizations': nested too deeply" in stderr, (
            stderr
        )


# --- bytes that are not text -----------------------------------------------------------

SOURCES = {
    "sql": ("CREATE TABLE t (\n  id integer PRIMARY KEY,\n  a text DEFAULT 'X'\n);\n", ".sql"),
    "graphql": (
        'type T @wes_table {\n  id: ID! @wes_pk\n  a: String @wes_default(value: "X")\n}\n',
        ".graphql",
    ),
    "json": ('{\n  "enums": [],\n  "format": "wesley-gen/schema@1",\n  "tables": ["X"]\n}\n', ".json"),
}


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("kind", sorted(SOURCES))
def test_a_nul_byte_is_refused_at_its_line(tmp_path: Path, kind: str, dialect: str) -> None:
    text, suffix = SOURCES[kind]
    line = text[: text.index("X")].count("\n") + 1
    path = write(tmp_path, f"nul{suffix}", text.replace("X", "\x00"))
    refused(path, dialect, line, "NUL byte")


@pytest.mark.parametrize("kind", sorted(SOURCES))
def test_invalid_utf8_is_refused_at_the_line_of_its_first_bad_byte(tmp_path: Path, kind: str) -> None:
    text, suffix = SOURCES[kind]
    line = text[: text.index("X")].count("\n") + 1
    path = write(tmp_path, f"latin1{suffix}", text.replace("X", "caf\xe9").encode("latin-1"))
    refused(path, "postgres", line, "not UTF-8 text: byte 0xe9")


# --- names SQLite does not tell apart -------------------------------------------------


@pytest.mark.parametrize(
    ("ddl", "line", "message"),
    [
        (
            'CREATE TABLE t (\n  id integer PRIMARY KEY,\n  "Foo" integer,\n  "foo" integer\n);\n',
            4,
            "columns 'Foo' and 'foo' of 't' differ only in case",
        ),
        (
            'CREATE TABLE "Users" (id integer PRIMARY KEY);\nCREATE TABLE users (id integer PRIMARY KEY);\n',
            2,
            "table 'users' and table 'Users'",
        ),
        (
            'CREATE TABLE t (id integer PRIMARY KEY, a integer);\nCREATE INDEX "T" ON t (a);\n',
            2,
            "index 'T' on 't' and table 't'",
        ),
        (
            "CREATE TABLE t (id integer PRIMARY KEY, a integer);\n"
            'CREATE INDEX "Idx" ON t (a);\nCREATE INDEX idx ON t (id);\n',
            3,
            "'idx' on 't' and index 'Idx' on 't'",
        ),
    ],
)
def test_names_differing_only_in_case_are_refused_for_sqlite_and_kept_apart_by_postgres(
    tmp_path: Path, ddl: str, line: int, message: str
) -> None:
    path = write(tmp_path, "case.sql", ddl)
    refused(path, "sqlite", line, message)
    if 'CREATE INDEX "T"' not in ddl:  # PostgreSQL quotes keep these names apart
        code, stderr = wesley("diff", str(path), str(path), "--dialect", "postgres")
        assert code == 0, stderr
    # What wesley-gen refuses is what SQLite itself would refuse when the file is applied.
    with pytest.raises(sqlite3.OperationalError):
        sqlite3.connect(":memory:").executescript(ddl)


def test_sdl_tables_differing_only_in_case_are_refused_for_sqlite(tmp_path: Path) -> None:
    sdl = (
        'type A @wes_table(name: "Items") {\n  id: ID! @wes_pk\n}\n\n'
        'type B @wes_table(name: "items") {\n  id: ID! @wes_pk\n}\n'
    )
    path = write(tmp_path, "case.graphql", sdl)
    refused(path, "sqlite", 5, "table 'items' and table 'Items'")
    assert wesley("diff", str(path), str(path), "--dialect", "postgres")[0] == 0


def test_a_table_and_an_index_of_one_name_are_refused_for_postgres(tmp_path: Path) -> None:
    ddl = "CREATE TABLE t (id integer PRIMARY KEY, a integer);\nCREATE TABLE a (id integer);\nCREATE INDEX a ON t (a);\n"
    refused(
        write(tmp_path, "clash.sql", ddl), "postgres", 3, "index 'a' on 't' and table 'a' have the same name"
    )


# --- names over 63 bytes --------------------------------------------------------------

LONG = "n" * 64
LONGER = "é" * 50  # 100 bytes


def test_postgres_ddl_warns_of_a_long_name_and_reads_it_cut_as_postgres_does(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "long.sql",
        f'CREATE TABLE t (\n  id integer PRIMARY KEY,\n  {LONG} integer,\n  "{LONGER}" text\n);\n',
    )
    loaded = load_schema(str(path), dialect="postgres")
    assert loaded.schema.tables[0].column_names() == ("id", LONG[:63], LONGER[:31])
    assert loaded.warnings == (
        f"{path}:3: the name {LONG!r} is 64 bytes; PostgreSQL keeps the first 63, so it is read as {LONG[:63]!r}",
        f"{path}:4: the name {LONGER!r} is 100 bytes; PostgreSQL keeps the first 63, so it is read as {LONGER[:31]!r}",
    )
    code, stderr = wesley("diff", str(path), str(path), "--dialect", "postgres")
    assert code == 0 and f"wesley-gen: warning: {path}:3: the name" in stderr, stderr


def test_sqlite_keeps_long_names_whole(tmp_path: Path) -> None:
    ddl = f'CREATE TABLE {LONG} (\n  id integer PRIMARY KEY,\n  "{LONGER}" text UNIQUE\n);\nCREATE INDEX "{LONGER}_i" ON {LONG} ("{LONGER}");\n'
    loaded = load_schema(str(write(tmp_path, "long.sql", ddl)), dialect="sqlite")
    (table,) = loaded.schema.tables
    assert (table.name, table.column_names(), table.indexes[0].name) == (LONG, ("id", LONGER), f"{LONGER}_i")
    assert loaded.warnings == ()
    database = tmp_path / "long.db"
    with sqlite3.connect(database) as connection:
        connection.executescript(ddl)
    assert load_schema(f"sqlite:///{database}").schema == loaded.schema


@pytest.mark.parametrize(
    ("sdl", "line", "message"),
    [
        (
            f'type T @wes_table(name: "{LONG}") {{\n  id: ID! @wes_pk\n}}\n',
            1,
            f"table name {LONG!r} is 64 bytes",
        ),
        (
            f"type T @wes_table {{\n  id: ID! @wes_pk\n  {LONG}: Int\n}}\n",
            3,
            f"column of 'ts' name {LONG!r} is 64 bytes",
        ),
    ],
)
def test_sdl_names_over_63_bytes_are_refused_for_postgres_only(
    tmp_path: Path, sdl: str, line: int, message: str
) -> None:
    path = write(tmp_path, "long.graphql", sdl)
    refused(path, "postgres", line, message)
    assert wesley("diff", str(path), str(path), "--dialect", "sqlite")[0] == 0


def test_a_default_name_is_cut_at_63_bytes_never_inside_a_character(tmp_path: Path) -> None:
    table = "é" * 31  # 62 bytes: its primary key's default name is cut, and must stay valid UTF-8
    path = write(tmp_path, "t.graphql", f'type T @wes_table(name: "{table}") {{\n  id: ID! @wes_pk\n}}\n')
    key = load_schema(str(path)).schema.tables[0].primary_key
    assert key is not None and len(key.name.encode("utf-8")) <= 63 and key.name.endswith("_pkey")


# --- migration folders ----------------------------------------------------------------


def test_a_misnamed_migration_folder_is_an_error_not_skipped(tmp_path: Path) -> None:
    migrations = tmp_path / "migrations"
    code, stderr = wesley(
        "generate", "schemas/empty.graphql", "schemas/v1.graphql", "-o", str(migrations / "0001_v1")
    )
    assert code == 0, stderr
    (migrations / "0002").mkdir()
    with pytest.raises(InputError, match="not NNNN_slug") as caught:
        discover(migrations)
    assert caught.value.location is not None and caught.value.location.source == str(migrations / "0002")
    url = f"sqlite:///{tmp_path / 'app.db'}"
    code, stderr = wesley("migrate", "status", "--db", url, "--migrations", str(migrations))
    assert code == 2 and f"wesley-gen: error: {migrations / '0002'}: " in stderr, stderr


def test_files_and_hidden_folders_in_the_migrations_folder_are_ignored(tmp_path: Path) -> None:
    migrations = tmp_path / "migrations"
    code, stderr = wesley(
        "generate", "schemas/empty.graphql", "schemas/v1.graphql", "-o", str(migrations / "0001_v1")
    )
    assert code == 0, stderr
    for hidden in (".git", "__pycache__"):
        (migrations / hidden).mkdir()
    (migrations / "README.md").write_text("notes\n", encoding="utf-8")
    assert [folder.id for folder in discover(migrations)] == ["0001_v1"]
