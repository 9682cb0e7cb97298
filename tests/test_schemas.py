"""PostgreSQL schemas (namespaces) besides ``public``: read, kept, compared, migrated, filtered.

The live side (introspection of every schema) is in ``test_introspect.py``; what a
migration does to a real server is the corpus group ``tests/corpus/postgres/schemas``.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests import command
from tests.pgtools import Server, run_ddl
from tests.strategies import apply_changes, same_structure
from wesley_gen.changes import AddSchema, DropSchema
from wesley_gen.diff import diff_schemas
from wesley_gen.errors import InputError, ProblemFound, UsageError
from wesley_gen.hints import Hints
from wesley_gen.identifiers import in_schema, qualified, schema_of, split_qualified
from wesley_gen.load import Loaded, keep_schemas, load_pair, load_text
from wesley_gen.load.snapshot import load_snapshot
from wesley_gen.model import Schema, canonical_json, checksum, only_schemas, to_dict
from wesley_gen.plan import Options, plan_migration
from wesley_gen.render.sql import render_sql

SHOP = """
CREATE SCHEMA app;
CREATE SCHEMA "Empty";
CREATE TYPE app.level AS ENUM ('low', 'high');
CREATE TABLE app.users (id int PRIMARY KEY, level app.level);
CREATE TABLE users (id int PRIMARY KEY, app_user int REFERENCES app.users);
"""


def load(text: str, dialect: str = "postgres") -> Loaded:
    return load_text(text, "s.sql", suffix=".sql", dialect=dialect)


def wesley(*args: str) -> subprocess.CompletedProcess[str]:
    return command.wesley(*args)


# --- names ------------------------------------------------------------------------------


def test_a_model_name_is_split_and_quoted_per_part() -> None:
    assert split_qualified("app.users") == ("app", "users")
    assert split_qualified("users") == (None, "users")
    assert schema_of("users") == "public" and schema_of("Mixed.t") == "Mixed"
    assert in_schema("public", "t") == "t" and in_schema("app", "t") == "app.t"
    assert qualified('we"ird.Table') == '"we""ird"."Table"'


# --- the model and its snapshot ----------------------------------------------------------


def test_the_ddl_loader_keeps_each_objects_schema_and_empty_schemas() -> None:
    schema = load(SHOP).schema
    assert schema.schemas == ("Empty", "app")
    assert [t.name for t in schema.tables] == ["app.users", "users"]
    assert [e.name for e in schema.enums] == ["app.level"]
    (fk,) = schema.tables[1].foreign_keys
    assert fk.ref_table == "app.users"


def test_a_table_in_a_schema_never_created_implies_the_schema() -> None:
    assert load("CREATE TABLE app.t (id int)").schema.schemas == ("app",)


def test_create_schema_public_and_if_not_exists_add_nothing_new() -> None:
    text = "CREATE SCHEMA IF NOT EXISTS public; CREATE SCHEMA IF NOT EXISTS a; CREATE SCHEMA IF NOT EXISTS a;"
    assert load(text).schema.schemas == ("a",)


@pytest.mark.parametrize(
    ("ddl", "message"),
    [
        ("CREATE SCHEMA a;\nCREATE SCHEMA a;", "s.sql:2: duplicate schema 'a'"),
        ("CREATE SCHEMA a CREATE TABLE t (id int);", "s.sql:1: CREATE SCHEMA a with statements inside it"),
    ],
)
def test_schema_statements_that_are_not_read_are_located_errors(ddl: str, message: str) -> None:
    with pytest.raises(InputError) as raised:
        load(ddl)
    assert str(raised.value).startswith(message)


@pytest.mark.parametrize(
    ("ddl", "name"),
    [
        ('CREATE TABLE t (id int);\nCREATE TABLE "a.b" (id int);', "a.b"),
        ('CREATE TABLE users (id int);\nCREATE VIEW "V.Users" AS SELECT id FROM users;', "V.Users"),
        ('CREATE SCHEMA "x.y";', "x.y"),
        ("CREATE TYPE \"e.f\" AS ENUM ('a');", "e.f"),
        ('CREATE FUNCTION "f.g"() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;', "f.g"),
        ('CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN n int;\nCREATE INDEX ON "a.b" (id);', "a.b"),
    ],
)
def test_a_name_with_a_dot_that_would_read_as_a_schema_is_refused_at_its_line(ddl: str, name: str) -> None:
    """Model names are schema.name: "a.b" in public would be migrated as table b of schema a
    (it was, silently), and "V.Users"'s grants went to "V"."Users"."""
    with pytest.raises(InputError) as raised:
        load(ddl)
    line = ddl.count("\n") + 1
    assert str(raised.value).startswith(f"s.sql:{line}: the name {name!r} has a dot in it")
    assert raised.value.hint == "rename it without the dot"


def test_a_dot_in_a_column_index_or_constraint_name_is_kept() -> None:
    """Those names are never qualified by a schema: a dot in them is only a character."""
    ddl = 'CREATE TABLE t ("a.b" int CONSTRAINT "c.k" CHECK ("a.b" > 0)); CREATE INDEX "i.x" ON t ("a.b");'
    table = load(ddl).schema.tables[0]
    assert [c.name for c in table.columns] == ["a.b"] and [i.name for i in table.indexes] == ["i.x"]
    assert [c.name for c in table.checks] == ["c.k"]


@pytest.mark.postgres
def test_a_database_object_named_with_a_dot_is_refused(pg_url: str) -> None:
    run_ddl(pg_url, 'CREATE TABLE t (id int); CREATE VIEW "V.Users" AS SELECT id FROM t;')
    result = wesley("diff", pg_url, pg_url)
    assert result.returncode == 2
    assert "the relation 'V.Users' has a dot in it" in result.stderr and "Traceback" not in result.stderr


def test_create_schema_authorization_is_named_after_the_role() -> None:
    assert load("CREATE SCHEMA AUTHORIZATION reports").schema.schemas == ("reports",)


def test_a_public_only_schema_keeps_the_form_and_checksum_it_always_had() -> None:
    plain = load("CREATE TABLE t (id int PRIMARY KEY)").schema
    assert plain.schemas == () and "schemas" not in to_dict(plain)
    assert checksum(plain) == checksum(
        load("CREATE SCHEMA public; CREATE TABLE public.t (id int PRIMARY KEY)").schema
    )


def test_the_snapshot_round_trips_schemas() -> None:
    schema = load(SHOP).schema
    assert load_snapshot(canonical_json(schema), "schema.json").schema == schema
    assert checksum(schema) != checksum(Schema(schema.tables, schema.enums))  # "Empty" is part of it


def test_only_schemas_keeps_those_schemas_objects() -> None:
    schema = load(SHOP).schema
    assert [t.name for t in only_schemas(schema, ["app"]).tables] == ["app.users"]
    kept = only_schemas(schema, ["public", "Empty"])
    assert ([t.name for t in kept.tables], kept.enums, kept.schemas) == (["users"], (), ("Empty",))


# --- SQLite has no schemas ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("ddl", "message"),
    [
        ("CREATE TABLE t (id int);\nCREATE TABLE app.u (id int);", "s.sql:2: app.u names the database 'app'"),
        ("CREATE TABLE t (id int REFERENCES temp.x (id));", "s.sql:1: temp.x names the database 'temp'"),
        ("CREATE TABLE t (id int);\nCREATE INDEX main.i ON t (id);", "s.sql:2: a schema-qualified index"),
    ],
)
def test_sqlite_refuses_another_database_at_its_line(ddl: str, message: str) -> None:
    with pytest.raises(InputError) as raised:
        load(ddl, "sqlite")
    assert str(raised.value).startswith(message)


def test_sqlite_takes_main_for_its_own_tables() -> None:
    schema = load("CREATE TABLE main.t (id int PRIMARY KEY);", "sqlite").schema
    assert [t.name for t in schema.tables] == ["t"] and schema.schemas == ()


def test_a_snapshot_with_a_qualified_table_is_refused_for_sqlite(tmp_path: Path) -> None:
    snapshot = tmp_path / "s.json"
    snapshot.write_text(
        canonical_json(load("CREATE TABLE app.t (id int PRIMARY KEY)").schema), encoding="utf-8"
    )
    result = wesley(
        "generate", str(snapshot), str(snapshot), "-o", str(tmp_path / "m"), "--dialect", "sqlite"
    )
    assert result.returncode == 1, result.stderr
    assert "SQLite has no schemas: app" in result.stderr
    assert "Traceback" not in result.stderr


# --- changes and their SQL ---------------------------------------------------------------


def test_a_new_schema_is_created_first_and_an_emptied_one_dropped_last() -> None:
    old = load("CREATE SCHEMA old_ns; CREATE TABLE old_ns.t (id int PRIMARY KEY);").schema
    new = load("CREATE SCHEMA new_ns; CREATE TABLE new_ns.t (id int PRIMARY KEY);").schema
    changes = diff_schemas(old, new).changes
    assert [(c.op, c.name or c.table) for c in changes] == [
        ("drop_table", "old_ns.t"),
        ("add_schema", "new_ns"),
        ("add_table", "new_ns.t"),
        ("drop_schema", "old_ns"),
    ]
    assert AddSchema("a").reverse() == DropSchema("a")


MOVES = [
    (SHOP, "CREATE TABLE t (id int PRIMARY KEY);"),
    ("CREATE TABLE t (id int PRIMARY KEY);", SHOP),
    (
        "CREATE SCHEMA a; CREATE TABLE a.t (id int PRIMARY KEY);",
        "CREATE SCHEMA b; CREATE TABLE b.t (id int PRIMARY KEY);",
    ),
]


@pytest.mark.parametrize(("old", "new"), MOVES)
def test_the_changes_run_in_an_order_the_database_takes_both_ways(old: str, new: str) -> None:
    """Replayed on the model as a database runs them: a schema exists before what is made in it
    and is empty when dropped; the reverses, run backwards, come back."""
    before, after = load(old).schema, load(new).schema
    changes = diff_schemas(before, after).changes
    assert same_structure(apply_changes(before, changes), after)
    assert same_structure(apply_changes(after, [c.reverse() for c in reversed(changes)]), before)


def test_dropping_a_schema_is_destructive_and_gated() -> None:
    old, new = load('CREATE SCHEMA "Gone";').schema, Schema()
    with pytest.raises(ProblemFound, match=r"destructive change.*: drop_schema Gone"):
        plan_migration(old, new, Hints(), dialect="postgres", migration_id="m")
    migration = plan_migration(
        old, new, Hints(), dialect="postgres", migration_id="m", options=Options(allow_destructive=True)
    )
    files = render_sql(migration)
    assert 'DROP SCHEMA "Gone";' in files.swap
    assert 'CREATE SCHEMA "Gone";' in files.rollback


def test_a_new_schema_is_undone_after_what_was_made_in_it() -> None:
    new = load('CREATE SCHEMA "A b"; CREATE TABLE "A b".t (id int PRIMARY KEY);').schema
    files = render_sql(plan_migration(Schema(), new, Hints(), dialect="postgres", migration_id="m"))
    expand = files.expand
    assert expand.index('CREATE SCHEMA "A b";') < expand.index('CREATE TABLE "A b"."t"')
    rollback = files.rollback
    assert rollback.index('DROP TABLE IF EXISTS "A b"."t";') < rollback.index('DROP SCHEMA IF EXISTS "A b";')


def test_a_rename_into_another_schema_is_refused() -> None:
    old = load("CREATE TABLE t (id int)").schema
    new = load("-- wesley:renamed-from t\nCREATE TABLE app.t (id int)").schema
    with pytest.raises(UsageError, match="moving it into another schema is not supported"):
        diff_schemas(old, new)


def test_a_rename_is_suggested_only_inside_one_schema_and_as_it_can_be_written() -> None:
    old = load("CREATE SCHEMA a; CREATE TABLE a.t (id int); CREATE TABLE b.u (id int);").schema
    new = load("CREATE SCHEMA a; CREATE TABLE a.v (id int); CREATE TABLE c.u (id int);").schema
    (suggestion,) = diff_schemas(old, new).suggestions
    assert (suggestion.from_, suggestion.to) == ("a.t", "a.v")
    assert suggestion.reason.endswith("mark the new table with the comment '-- wesley:renamed-from a.t'")


def test_a_hint_names_a_column_of_a_qualified_table() -> None:
    hints = Hints.from_flags(renames=["app.t.a=app.t.b"], casts=["app.t.n=n::int"])
    assert [(r.table, r.old, r.new) for r in hints.column_renames] == [("app.t", "a", "b")]
    assert hints.cast_for("app.t", "n") == "n::int"


# --- --schema ----------------------------------------------------------------------------


def test_keep_schemas_keeps_only_the_schemas_asked_for(tmp_path: Path) -> None:
    old, new = tmp_path / "old.sql", tmp_path / "new.sql"
    old.write_text(SHOP, encoding="utf-8")
    new.write_text(
        SHOP.replace("level app.level", "level app.level, extra text") + "CREATE TABLE z (id int);",
        encoding="utf-8",
    )
    pair = load_pair(str(old), str(new))
    first, second = keep_schemas(pair, ["app"], dialect="postgres")
    assert [t.name for t in second.schema.tables] == ["app.users"]
    assert [c.op for c in diff_schemas(first.schema, second.schema).changes] == ["add_column"]
    with pytest.raises(UsageError, match="--schema App: neither schema version has a schema 'App'"):
        keep_schemas(pair, ["App"], dialect="postgres")
    with pytest.raises(UsageError, match="SQLite has no schemas"):
        keep_schemas(pair, ["app"], dialect="sqlite")


def test_the_schema_flag_of_diff_and_generate(tmp_path: Path) -> None:
    old, new = tmp_path / "old.sql", tmp_path / "new.sql"
    old.write_text("CREATE TABLE t (id int);", encoding="utf-8")
    new.write_text(
        "CREATE TABLE t (id int, n int); CREATE SCHEMA app; CREATE TABLE app.u (id int);", encoding="utf-8"
    )
    result = wesley("diff", str(old), str(new), "--schema", "app", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert [c["op"] for c in json.loads(result.stdout)["changes"]] == ["add_schema", "add_table"]
    result = wesley("generate", str(old), str(new), "-o", str(tmp_path / "m"), "--schema", "public")
    assert result.returncode == 0, result.stderr
    assert "app" not in (tmp_path / "m" / "expand.sql").read_text(encoding="utf-8")
    assert "--schema NAME" in wesley("diff", "--help").stdout


@pytest.mark.postgres
def test_a_file_read_through_a_scratch_database_keeps_its_schemas(tmp_path: Path, pg_server: Server) -> None:
    """--dev-db reads the file back from the catalog: every schema of it, and --schema after."""
    old, new = tmp_path / "old.sql", tmp_path / "new.sql"
    old.write_text("CREATE SCHEMA app; CREATE TABLE app.t (id int PRIMARY KEY);", encoding="utf-8")
    new.write_text(
        "CREATE SCHEMA app; CREATE TABLE app.t (id int PRIMARY KEY, n int CHECK (n BETWEEN 1 AND 9));"
        "CREATE SCHEMA other; CREATE TABLE other.u (id int);",
        encoding="utf-8",
    )
    result = wesley(
        "diff", str(old), str(new), "--dev-db", pg_server.url, "--schema", "app", "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    changes = [(c["op"], c["table"]) for c in json.loads(result.stdout)["changes"]]
    assert changes == [("add_column", "app.t"), ("add_check", "app.t")]
