"""Types of extensions made in another schema (``CREATE EXTENSION citext WITH SCHEMA ext``):
written qualified (``ext.citext``), they load, plan and render as the extension's type.

The corpus (tests/corpus/postgres/extensions/type_in_other_schema*) proves the migration
converges on a real server by pg_dump; these tests pin the model and the generated files.
"""

from __future__ import annotations

from wesley_gen.hints import Hints
from wesley_gen.load import load_text
from wesley_gen.model import ColumnType, Schema, extension_type
from wesley_gen.plan import Options, plan_migration
from wesley_gen.render.migration import render_migration
from wesley_gen.seed.kinds import _Text, column_kind
from wesley_gen.validate import validate

HEAD = (
    "CREATE SCHEMA ext;\nCREATE EXTENSION citext WITH SCHEMA ext;\nCREATE EXTENSION vector WITH SCHEMA ext;\n"
)


def schema(text: str) -> Schema:
    return load_text(HEAD + text, "s.sql", suffix=".sql").schema


def test_a_qualified_extension_type_loads_with_its_schema_and_its_parameters() -> None:
    table = schema("CREATE TABLE t (id integer PRIMARY KEY, e ext.citext[], v ext.vector(3));").table("t")
    assert table is not None
    assert [c.type for c in table.columns[1:]] == [
        ColumnType("ext.citext", (), 1),
        ColumnType("ext.vector", (3,)),
    ]
    assert (extension_type("ext.citext"), extension_type("citext"), extension_type("ext.thing")) == (
        "citext",
        None,
        None,
    )


def test_a_new_required_column_of_a_qualified_extension_type_is_filled_as_the_type_is() -> None:
    old = schema("CREATE TABLE t (id integer PRIMARY KEY);")
    new = schema("CREATE TABLE t (id integer PRIMARY KEY, email ext.citext NOT NULL);")
    migration = plan_migration(
        old, new, Hints(), dialect="postgres", migration_id="0001_t", options=Options()
    )
    files = {name: data.decode("utf-8") for name, data in render_migration(migration).items()}
    assert 'ADD COLUMN "email" ext.citext' in files["expand.sql"].replace('"ext"."citext"', "ext.citext")
    assert '"email": ColumnInfo("ext.citext", "str", False)' in files["catalog.py"]  # psycopg: text
    assert "''" in files["backfill.py"]  # citext's zero value, the empty string


def test_a_column_of_a_qualified_extension_type_is_seeded_and_validated_as_the_type() -> None:
    """``ext.citext`` is citext: seeded as case-folded text, and a text column's rules hold
    for its default and its foreign key (``ColumnType.base_name``)."""
    loaded = schema(
        "CREATE TABLE u (name text PRIMARY KEY);\n"
        "CREATE TABLE t (id integer PRIMARY KEY, email ext.citext DEFAULT CURRENT_TIMESTAMP"
        " REFERENCES u (name));"
    )
    kind = column_kind(ColumnType("ext.citext"), loaded, "t", "email")
    assert isinstance(kind, _Text) and kind.folded and kind.email
    assert ColumnType("ext.citext", (), 1).base_name == "citext"
    assert ColumnType("ext.thing").base_name == "ext.thing"
    validate(loaded, "s.sql", dialect="postgres")  # a text default and a text key: no error
